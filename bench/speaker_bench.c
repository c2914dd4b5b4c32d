/* speaker_bench.c: a speaker page's list (pd_store_list with a speaker
 * alone) timed on a fresh read-only connection, CPU time, as the first
 * reader after a commit pays it (docs/performance.md, "Speaker pages from
 * packed lists"). Not product code; built like pd_bench (docs/performance.md,
 * bench/run.sh) against libpodium_core.a:
 *
 *   speaker_bench DB SPEAKER ROUNDS [PAGE [PER_PAGE [newest]]]
 *   speaker_bench --build DB     migrates DB (opened writable) and writes its
 *                                speaker_lists alone, as optimize's last step
 *                                does (a whole optimize takes ~8 min at 10x)
 *   speaker_bench --compare DB [STEP]
 *                                every (STEP-th) key of speaker_lists listed
 *                                whole, both ways, from the lists and in SQL:
 *                                the ids and totals must agree
 *
 * Prints per round "T  speaker  round  cpu-ms  total  ids-hash" and
 * "IDS" once with the page's ids (to compare two builds or paths; set
 * PODIUM_SPEAKER_LISTS=0 for the SQL path). Defaults: page 1, 20 a page,
 * oldest first (the web's speaker page).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

#ifndef SPEAKER_BENCH_NO_BUILD /* (defined to build it against an older core) */
/* Times the migration (the open) and the lists' build. */
static int build(const char *path)
{
	pd_err err = {0};
	pd_store *s;
	double t0 = cpu_ms();
	if (pd_store_open(path, 0, &s, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double t1 = cpu_ms();
	int rc = sq_speakers_build((sq_store *)s, &err);
	double t2 = cpu_ms();
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	printf("I\topen-migrate-cpu-ms\t%.1f\nI\tbuild-cpu-ms\t%.1f\n", t1 - t0, t2 - t1);
	pd_store_close(s);
	return rc ? 1 : 0;
}

/* The whole list for req on s, ids space-separated, into out; its total. */
static int list_all(pd_store *s, pd_list_req req, pd_buf *out, size_t *total)
{
	pd_err err = {0};
	pd_summary *v;
	size_t n;
	req.limit = 100000; /* the store's most; no key here has more */
	if (pd_store_list(s, &req, &v, &n, total, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	pd_buf_reset(out);
	for (size_t i = 0; i < n; i++)
		pd_buf_printf(out, "%s%s", i ? " " : "", v[i].id);
	pd_summaries_free(v, n);
	return 0;
}

/* Compares every key's lists on two handles, the lists' and SQL's. */
static int compare(const char *path, size_t step)
{
	pd_err err = {0};
	pd_store *fast, *sql;
	if (pd_store_open(path, PD_STORE_READONLY, &fast, &err) != 0)
		goto fail;
	setenv("PODIUM_SPEAKER_LISTS", "0", 1);
	if (pd_store_open(path, PD_STORE_READONLY, &sql, &err) != 0)
		goto fail;
	unsetenv("PODIUM_SPEAKER_LISTS");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(((sq_store *)fast)->db, "SELECT key FROM (SELECT key, n, row_number()"
			   " OVER (ORDER BY key) AS i FROM speaker_lists) WHERE i % ?1 = 0"
			   " OR n > 10000", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)step);
	size_t keys = 0, bad = 0;
	pd_buf a, b;
	pd_buf_init(&a, 0);
	pd_buf_init(&b, 0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *key = pd_xstrdup((const char *)sqlite3_column_text(st, 0));
		for (int oldest = 0; oldest < 2; oldest++) {
			pd_list_req req = { .filter.speaker = key, .oldest_first = oldest };
			size_t ta, tb;
			if (list_all(fast, req, &a, &ta) || list_all(sql, req, &b, &tb))
				return 1;
			if (ta != tb || a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
				printf("DIFF\t%s\t%d\t%zu\t%zu\n", key, oldest, ta, tb);
				bad++;
			}
		}
		free(key);
		keys++;
	}
	sqlite3_finalize(st);
	printf("I\tkeys-compared\t%zu\nI\tkeys-differing\t%zu\nI\tlists-read\t%zu\n", keys,
	       bad, ((sq_store *)fast)->speaker_list_reads);
	pd_buf_release(&a);
	pd_buf_release(&b);
	pd_store_close(fast);
	pd_store_close(sql);
	return bad ? 1 : 0;
fail:
	fprintf(stderr, "%s\n", err.msg);
	return 1;
}
#endif

int main(int argc, char **argv)
{
#ifndef SPEAKER_BENCH_NO_BUILD
	if (argc == 3 && strcmp(argv[1], "--build") == 0)
		return build(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "--compare") == 0)
		return compare(argv[2], argc > 3 ? (size_t)atol(argv[3]) : 1);
#endif
	if (argc < 4) {
		fprintf(stderr, "usage: speaker_bench DB SPEAKER ROUNDS"
			" [PAGE [PER_PAGE [newest]]]\n");
		return 2;
	}
	int rounds = atoi(argv[3]);
	size_t page = argc > 4 ? (size_t)atol(argv[4]) : 1;
	size_t per = argc > 5 ? (size_t)atol(argv[5]) : 20;
	pd_list_req req = { .filter.speaker = argv[2], .limit = per,
			    .offset = (page ? page - 1 : 0) * per,
			    .oldest_first = !(argc > 6 && strcmp(argv[6], "newest") == 0) };
	for (int r = 0; r < rounds; r++) {
		pd_err err = {0};
		pd_store *s;
		if (pd_store_open(argv[1], PD_STORE_READONLY, &s, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		pd_summary *v;
		size_t n, total;
		double t0 = cpu_ms();
		if (pd_store_list(s, &req, &v, &n, &total, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		double ms = cpu_ms() - t0;
		pd_buf ids;
		pd_buf_init(&ids, 0);
		for (size_t i = 0; i < n; i++)
			pd_buf_printf(&ids, "%s%s", i ? " " : "", v[i].id);
		unsigned long h = 5381;
		for (size_t i = 0; i < ids.len; i++)
			h = h * 33 + (unsigned char)ids.data[i];
		printf("T\t%s\t%d\t%.2f\t%zu\t%lx\n", argv[2], r, ms, total, h);
		if (r == 0)
			printf("IDS\t%s\n", pd_buf_cstr(&ids));
		pd_buf_release(&ids);
		pd_summaries_free(v, n);
		pd_store_close(s);
	}
	return 0;
}
