/* sqlite_topk_early.c: the top lists' first scan pass on a second thread,
 * beside FTS5's merge.
 *
 * pd_store_optimize merges the index into one segment (FTS5's 'optimize',
 * ~2.3 s CPU at 1x after an ingest), then lists the frequent terms (~1 s)
 * and scans every turn's text for their best turns (~6 s): one core busy,
 * the other idle (the bare FTS5 build the ingest is measured against uses
 * one). The listing and the scan read only `turns` and the index's counts
 * (fts5vocab, the averages record), which the merge does not change: the
 * merge rewrites the segments, not what they hold. So they run on their
 * own read-only connection in a thread while the writer merges, and the
 * writer takes their result once its lists' transaction is open.
 *
 * The thread reads in one read transaction and notes the index_gen it saw;
 * the writer uses its work only when its own transaction sees the same
 * index_gen (another process could have written in between), else drops it
 * and scans on its own connection, as without the thread. Any failure of
 * the thread (no second connection: an in-memory database; an error) ends
 * the same way: the thread is an early start, never a second answer.
 * PODIUM_OPTIMIZE_THREAD=0 turns it off (the tests compare both ways).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

/* meta 'index_gen' as text (NULL when absent), on s's connection. */
static int index_gen(sq_store *s, char **out, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT value FROM meta WHERE key = 'index_gen'", err);
	if (!st)
		return PD_ESTORE;
	int step = sqlite3_step(st);
	*out = step == SQLITE_ROW ? sq_col(st, 0) : NULL;
	sq_done(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading meta");
}

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *early_run(void *arg)
{
	sq_topk_early *e = arg;
	sq_store *r = e->reader;
	double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
	int rc = sq_exec(r, "BEGIN", &e->err);
	if (rc == 0)
		rc = index_gen(r, &e->gen, &e->err);
	if (rc == 0)
		rc = sq_topk_terms(r, &e->t, &e->n, &e->err);
	if (rc == 0) {
		e->nscan = e->n < e->per ? e->n : e->per;
		rc = sq_topk_scan(r, e->t, e->nscan, e->keep, e->want, &e->ok, &e->err);
	}
	sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
	e->rc = rc;
	const char *times = getenv("PODIUM_OPTIMIZE_TIMES"); /* as sqlite_topk.c's phases */
	if (times && strcmp(times, "1") == 0)
		fprintf(stderr, "optimize: %-8s %7.2f s wall %7.2f s cpu (terms, first scan pass;"
			" a thread)\n", "beside", seconds(CLOCK_MONOTONIC) - w0,
			seconds(CLOCK_THREAD_CPUTIME_ID) - c0);
	return NULL;
}

void sq_topk_early_start(sq_store *s, size_t per, size_t keep, size_t want, sq_topk_early *e)
{
	memset(e, 0, sizeof *e);
	const char *path = sqlite3_db_filename(s->db, "main");
	if (!s->topk_scan || !s->topk_thread || !path || !*path)
		return;
	pd_err_clear(&e->err);
	if (sq_open_reader(s, path, &e->reader, &e->err) != 0)
		return;
	e->per = per;
	e->keep = keep;
	e->want = want;
	if (pthread_create(&e->thread, NULL, early_run, e) != 0) {
		sq_close_reader(e->reader);
		e->reader = NULL;
		return;
	}
	e->started = true;
}

int sq_topk_early_take(sq_store *s, sq_topk_early *e, pd_err *err)
{
	if (!e->started)
		return 0;
	pthread_join(e->thread, NULL);
	e->started = false;
	sq_close_reader(e->reader);
	e->reader = NULL;
	char *gen = NULL;
	int rc = index_gen(s, &gen, err);
	bool same = e->rc == 0 && rc == 0 &&
		    (gen && e->gen ? strcmp(gen, e->gen) == 0 : gen == e->gen);
	free(gen);
	free(e->gen);
	e->gen = NULL;
	if (!same) { /* dropped: the writer scans on its own */
		sq_topk_terms_free(e->t, e->n);
		e->t = NULL;
		e->n = e->nscan = 0;
	}
	e->taken = same;
	return rc;
}

void sq_topk_early_release(sq_topk_early *e)
{
	if (e->started) {
		pthread_join(e->thread, NULL);
		e->started = false;
	}
	if (e->reader)
		sq_close_reader(e->reader);
	e->reader = NULL;
	free(e->gen);
	e->gen = NULL;
	if (!e->taken)
		sq_topk_terms_free(e->t, e->n);
	e->t = NULL;
	e->n = 0;
}
