/* replay_main.c: runs a fuzz target over saved inputs, without libFuzzer.
 *
 *   fuzz_query tests/regress/fuzz_query fuzz/corpus/fuzz_query one-file
 *
 * Each argument is a file or a folder of files (not recursive). Used by
 * ctest in every non-fuzz build, so the seeds and every crash ever found
 * run under gcc, ASan+UBSan and valgrind. Exits 0 when every input ran
 * (a failing input aborts inside the target).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not fuzz inputs (libFuzzer's -max_len
 * defaults to 4 KB; corpus seeds stay under a megabyte). */
#define REPLAY_MAX_BYTES (16u * 1024 * 1024)

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long n;
	int rc = -1;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    (unsigned long)n > REPLAY_MAX_BYTES || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "%s: unreadable or too large\n", path);
		goto out;
	}
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: read failed\n", path);
		goto out;
	}
	LLVMFuzzerTestOneInput(data, (size_t)n);
	rc = 0;
out:
	free(data);
	fclose(f);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir in name order (reproducible logs). */
static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				abort();
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) != 0)
				rc = -1;
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i, rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) != 0)
				rc = 1;
		} else {
			if (run_file(argv[i]) != 0)
				rc = 1;
			count++;
		}
	}
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return rc;
}
