// SPDX-License-Identifier: MIT
/*
 * daemon_raw - a raw client for the tl-record daemon tests: sends stdin,
 * as it is, to a unix socket (any bytes: malformed requests that curl
 * cannot make), then prints what comes back until the server closes.
 *
 *   daemon_raw SOCKET [-n N]
 *
 * -n N: read at most N bytes of the answer, then close the connection
 * without reading the rest (a client that goes away mid-answer).
 * Exit status: 0 done, 1 error (connect, send, receive).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa;
	static char req[1 << 20], buf[65536];
	size_t len = 0, got = 0, limit = (size_t)-1;
	ssize_t n;
	int fd;

	if (argc != 2 && !(argc == 4 && !strcmp(argv[2], "-n"))) {
		fprintf(stderr, "usage: daemon_raw SOCKET [-n N]\n");
		return 2;
	}
	if (argc == 4)
		limit = strtoull(argv[3], NULL, 10);
	while ((n = read(0, req + len, sizeof(req) - len)) > 0)
		len += (size_t)n;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "daemon_raw: connect %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (len && send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		fprintf(stderr, "daemon_raw: send: %s\n", strerror(errno));
		return 1;
	}
	if (limit == (size_t)-1)
		shutdown(fd, SHUT_WR);
	while (got < limit) {
		size_t want = sizeof(buf) < limit - got ? sizeof(buf) : limit - got;

		n = recv(fd, buf, want, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "daemon_raw: recv: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		fwrite(buf, 1, (size_t)n, stdout);
		got += (size_t)n;
	}
	close(fd);
	return 0;
}
