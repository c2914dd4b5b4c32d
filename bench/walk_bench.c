/* walk_bench.c: times pd_ingest_count and pd_ingest_walk on the inputs named.
 *
 * Not part of the build (bench/ is not globbed). Build optimised from the
 * sources it needs:
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
 *      bench/walk_bench.c src/ingest/ingest.c src/base/buf.c src/base/err.c \
 *      src/base/mem.c src/base/utf8.c \
 *      $(pkg-config --libs libarchive libutf8proc) -o /tmp/walk_bench
 *   /usr/bin/time -v /tmp/walk_bench /work/shared/corpus/pm-transcripts/dev.tar.zst
 * Prints documents, bytes, errors and seconds for each pass.
 *
 * Measured (2 cores, shared with other builds): dev.tar.zst, 43 MB, 20,535
 * members, 202,487,733 bytes unpacked: count 0.31-0.75 s, full walk
 * 0.32-0.60 s, peak RSS 14.7 MB for the whole run.
 */
#include "ingest/ingest.h"

#include <stdio.h>
#include <time.h>

struct tally {
	size_t docs, errors;
	unsigned long long bytes;
};

static double now_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_doc(const char *name, const char *bytes, size_t len, void *ctx)
{
	struct tally *t = ctx;
	t->docs++;
	t->bytes += len;
	return 0;
}

static void on_error(const char *name, const pd_err *err, void *ctx)
{
	struct tally *t = ctx;
	t->errors++;
	fprintf(stderr, "error: %s\n", err->msg);
}

int main(int argc, char **argv)
{
	const char *const *paths = (const char *const *)argv + 1;
	size_t n = (size_t)argc - 1, count = 0;
	struct tally t = { 0, 0, 0 };

	double t0 = now_secs();
	pd_ingest_count(paths, n, NULL, &count);
	double t1 = now_secs();
	pd_ingest_walk(paths, n, NULL, on_doc, on_error, &t);
	double t2 = now_secs();
	printf("count: %zu documents in %.3f s\n", count, t1 - t0);
	printf("walk:  %zu documents, %llu bytes, %zu errors in %.3f s\n",
	       t.docs, t.bytes, t.errors, t2 - t1);
	return 0;
}
