/* test_shard.h: `TEST --shard I/N` runs only every Nth test of the table,
 * starting at the Ith (0-based), so a slow test binary can run as N jobs
 * side by side (scripts/valgrind.sh does so under memcheck). Without the
 * option every test runs. A malformed option is an error, never a silent
 * "ran nothing". */
#ifndef PD_TEST_SHARD_H
#define PD_TEST_SHARD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps the shard's tests at the front of tests[0..n) and returns how many
 * there are (0 for a shard past the last test: it runs nothing);
 * SIZE_MAX, with a message on stderr, when the arguments are bad. */
static inline size_t pd_test_shard(int argc, char **argv, struct CMUnitTest *tests, size_t n)
{
	if (argc == 1)
		return n;
	unsigned i, k;
	char end;
	if (argc != 3 || strcmp(argv[1], "--shard") != 0 ||
	    sscanf(argv[2], "%u/%u%c", &i, &k, &end) != 2 || k == 0 || i >= k) {
		fprintf(stderr, "usage: %s [--shard I/N], 0 <= I < N\n", argv[0]);
		return SIZE_MAX;
	}
	size_t kept = 0;
	for (size_t t = i; t < n; t += k)
		tests[kept++] = tests[t];
	return kept;
}

#endif
