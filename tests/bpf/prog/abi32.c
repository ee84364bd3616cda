// SPDX-License-Identifier: MIT
/*
 * abi32 - built with gcc -m32: i386 syscalls whose numbers mean something
 * else on x86_64 (read is 3 = close there, open 5 = fstat, getppid 64 =
 * semget). Prints its pid, exits 0.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char buf[100];
	int fd;

	syscall(SYS_getppid);
	if (syscall(SYS_open, "/nonexistent/tlz-i386", O_RDONLY) >= 0)
		return 1;
	fd = (int)syscall(SYS_open, "/dev/zero", O_RDONLY);
	if (fd < 0 || syscall(SYS_read, fd, buf, sizeof(buf)) != sizeof(buf))
		return 1;
	syscall(SYS_close, fd);
	if (syscall(SYS_write, 1, "i386 hello\n", 11) != 11)
		return 1;
	printf("pid=%d\n", (int)getpid());
	return 0;
}
