// SPDX-License-Identifier: MIT
/*
 * driver.c - replays fuzz inputs without libFuzzer: calls
 * LLVMFuzzerTestOneInput() once on every regular file under the files and
 * directories named on the command line (recursively, in sorted order),
 * then prints how many it ran. Linked with one tests/fuzz/fuzz_*.c into
 * build[/san]/tests/fuzz/<target>-replay; tests/run.sh runs it on the
 * target's corpus and on samples/. A crash or sanitizer report fails it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long nfiles;

static int run_file(const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "driver: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				fprintf(stderr, "driver: '%s': out of memory\n", path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "driver: cannot read '%s'\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* An exact-size copy, so ASan catches reads past the input. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact) {
			free(buf);
			return -1;
		}
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	nfiles++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
	struct dirent *de;
	struct stat sb;
	char **names = NULL, *sub;
	size_t n = 0, cap = 0, i;
	int err = 0;
	DIR *d;

	if (stat(path, &sb)) {
		fprintf(stderr, "driver: '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return S_ISREG(sb.st_mode) ? run_file(path) : 0;
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "driver: cannot open directory '%s': %s\n",
			path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				err = -1;
				break;
			}
			names = nn;
		}
		if (asprintf(&sub, "%s/%s", path, de->d_name) < 0) {
			err = -1;
			break;
		}
		names[n++] = sub;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		if (!err && run_path(names[i]))
			err = -1;
		free(names[i]);
	}
	free(names);
	return err;
}

int main(int argc, char **argv)
{
	int i, err = 0;

	for (i = 1; i < argc; i++)
		if (run_path(argv[i]))
			err = 1;
	printf("%lu inputs replayed\n", nfiles);
	return err;
}
