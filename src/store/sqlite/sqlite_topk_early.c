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
 * Once its merge is done the writer scans too: both claim runs of tids
 * (EARLY_CHUNK) into heaps of their own, merged before the lists are cut
 * (sq_topk_scan_merge: the same rows as one scan), when both sets of heaps
 * fit the scan's budget (1x: yes; 10x: no, the thread scans alone).
 * PODIUM_OPTIMIZE_SPLIT=0 keeps the writer out of it.
 *
 * The thread reads in one read transaction and notes the index_gen it saw;
 * the writer uses its work only when its own transaction sees the same
 * index_gen (another process could have written in between), else drops it
 * and scans on its own connection, as without the thread. Any failure of
 * the thread (no second connection: an in-memory database; an error) ends
 * the same way: the thread is an early start, never a second answer.
 * PODIUM_OPTIMIZE_THREAD=0 turns it off (the tests compare both ways).
 *
 * When the writer reads the lists from the merged index's doclists (the
 * default: sqlite_topk.c, lists_by_doclist) there is no text to scan, and
 * the frequent terms are listed from the merged pages in C too
 * (terms_from_pages: ~0.2 s at 1x, where fts5vocab on this thread took
 * ~1.1 s CPU beside the merge): the thread is not started. With per 0 it
 * would list the terms only.
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

/* Tids are claimed in runs of this many, by the thread and, once its merge
 * is done, the writer: small enough that neither waits long for the other
 * at the end, large enough that a claim costs nothing. */
#define EARLY_CHUNK 4096

static int tid_bounds(sq_store *s, sqlite3_int64 *lo, sqlite3_int64 *hi, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT min(tid), max(tid) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading turns");
	*lo = sqlite3_column_int64(st, 0);
	*hi = sqlite3_column_type(st, 1) == SQLITE_NULL ? *lo - 1 : sqlite3_column_int64(st, 1);
	sq_done(st);
	return rc;
}

/* Scans runs of tids into p until none is left to claim. */
static int claim_and_scan(sq_store *s, sq_topk_early *e, sq_scan_part *p, pd_err *err)
{
	for (;;) {
		pthread_mutex_lock(&e->mu);
		sqlite3_int64 lo = e->next, hi = e->last;
		if (lo <= hi) {
			hi = hi - lo < EARLY_CHUNK ? hi : lo + EARLY_CHUNK - 1;
			e->next = hi + 1;
		}
		pthread_mutex_unlock(&e->mu);
		if (lo > hi)
			return 0;
		int rc = sq_topk_scan_range(s, p, lo, hi, err);
		if (rc)
			return rc;
	}
}

static void *early_run(void *arg)
{
	sq_topk_early *e = arg;
	sq_store *r = e->reader;
	double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
	sqlite3_int64 lo = 0, hi = -1;
	int rc = sq_exec(r, "BEGIN", &e->err);
	if (rc == 0)
		rc = index_gen(r, &e->gen, &e->err);
	if (rc == 0)
		rc = sq_topk_terms(r, &e->t, &e->n, &e->err);
	if (rc == 0 && e->per) {
		e->nscan = e->n < e->per ? e->n : e->per;
		rc = sq_topk_scan_begin(r, e->t, e->nscan, e->keep, &e->part, &e->err);
	}
	if (rc == 0 && e->part)
		rc = tid_bounds(r, &lo, &hi, &e->err);
	/* the writer may join once the terms are known: two sets of heaps,
	 * if they fit the scan's budget (sqlite_topk.c) */
	pthread_mutex_lock(&e->mu);
	e->next = lo;
	e->last = hi;
	e->split = rc == 0 && e->part &&
		   2 * e->nscan * e->keep * sizeof(sq_scored) <= e->budget;
	e->ready = true;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
	if (rc == 0 && e->part)
		rc = claim_and_scan(r, e, e->part, &e->err);
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
	/* per 0: the writer reads the lists from the doclists once merged;
	 * the thread only lists the terms beside the merge */
	pd_err_clear(&e->err);
	if (sq_open_reader(s, path, &e->reader, &e->err) != 0)
		return;
	e->per = per;
	e->keep = keep;
	e->want = want;
	e->budget = s->topk_scan_bytes;
	const char *split = getenv("PODIUM_OPTIMIZE_SPLIT");
	e->budget = split && strcmp(split, "0") == 0 ? 0 : e->budget;
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->cv, NULL);
	if (pthread_create(&e->thread, NULL, early_run, e) != 0) {
		pthread_mutex_destroy(&e->mu);
		pthread_cond_destroy(&e->cv);
		sq_close_reader(e->reader);
		e->reader = NULL;
		return;
	}
	e->started = true;
}

/* The writer scans runs of tids beside the thread, into heaps of its own
 * (a copy of the terms), merged into the thread's after: 0 when it did,
 * else it failed (what it claimed is lost: the thread's work is dropped). */
static int help(sq_store *s, sq_topk_early *e, sq_scan_part **part, sq_topk_term **copy,
		pd_err *err)
{
	*copy = pd_xcalloc(e->nscan ? e->nscan : 1, sizeof **copy);
	for (size_t i = 0; i < e->nscan; i++) {
		(*copy)[i].term = e->t[i].term; /* shared, not owned */
		(*copy)[i].ndocs = e->t[i].ndocs;
	}
	int rc = sq_topk_scan_begin(s, *copy, e->nscan, e->keep, part, err);
	if (rc == 0 && !*part)
		rc = PD_ESTORE; /* the thread saw rows, this connection none */
	return rc ? rc : claim_and_scan(s, e, *part, err);
}

static void copy_free(sq_topk_term *copy, size_t n)
{
	for (size_t i = 0; copy && i < n; i++)
		free(copy[i].best);
	free(copy);
}

int sq_topk_early_take(sq_store *s, sq_topk_early *e, pd_err *err)
{
	if (!e->started)
		return 0;
	char *gen = NULL;
	int rc = index_gen(s, &gen, err);
	pthread_mutex_lock(&e->mu);
	while (!e->ready)
		pthread_cond_wait(&e->cv, &e->mu);
	bool split = e->split;
	pthread_mutex_unlock(&e->mu);
	bool same = rc == 0 && (gen && e->gen ? strcmp(gen, e->gen) == 0 : gen == e->gen);
	free(gen);
	sq_scan_part *mine = NULL;
	sq_topk_term *copy = NULL;
	pd_err help_err;
	pd_err_clear(&help_err);
	bool helped = same && split && help(s, e, &mine, &copy, &help_err) == 0;
	pthread_join(e->thread, NULL);
	pthread_mutex_destroy(&e->mu);
	pthread_cond_destroy(&e->cv);
	e->started = false;
	sq_close_reader(e->reader);
	e->reader = NULL;
	same = same && e->rc == 0 && (!split || helped);
	if (same && helped)
		sq_topk_scan_merge(e->part, mine);
	bool ignored;
	sq_topk_scan_end(mine, e->want, &ignored);
	copy_free(copy, e->nscan);
	sq_topk_scan_end(e->part, e->want, &e->ok);
	e->part = NULL;
	free(e->gen);
	e->gen = NULL;
	if (!same) { /* dropped: the writer scans on its own */
		sq_topk_terms_free(e->t, e->n);
		e->t = NULL;
		e->n = e->nscan = 0;
	}
	e->taken = same;
	e->helped = same && helped;
	return rc;
}

void sq_topk_early_release(sq_topk_early *e)
{
	if (e->started) {
		pthread_join(e->thread, NULL);
		pthread_mutex_destroy(&e->mu);
		pthread_cond_destroy(&e->cv);
		e->started = false;
		bool ignored;
		sq_topk_scan_end(e->part, e->want, &ignored);
		e->part = NULL;
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
