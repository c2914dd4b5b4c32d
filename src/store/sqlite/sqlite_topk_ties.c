/* sqlite_topk_ties.c: the scanned top lists into Podium's order (score,
 * then date DESC, then tid: sq_ranked_cmp), their tied rows' dates read
 * in two passes, not one lookup each.
 *
 * Rows of equal score are ordered by their record's date. Reading that
 * date with a join per tied row (turns -> records, a string copied each)
 * was 2.8 s of the 1x optimize's ~13 s CPU: most lists' ends are runs of
 * short turns tying with each other, and the same turns tie in many
 * lists. Here every tied tid of a pass is gathered once (sorted, unique),
 * each record's date becomes a rank among the distinct dates (one read of
 * the date index), the tids' records come from one read of a covering
 * index of turns, and each run is sorted on (rank DESC, tid). Equal ranks
 * are equal dates, a later date a higher rank, NULL the same as "" (as
 * sq_ranked_cmp reads it): the order is the one the lookups gave.
 *
 * Memory: 16 bytes per distinct tied tid of the pass (bounded by the
 * pass's heaps, which are 16 bytes per kept row), a bit per tid of their
 * span while they are found (tied_tids), and 16 per record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

typedef struct tie_row {
	sqlite3_int64 tid;
	sqlite3_int64 rank;     /* its record's date rank; 0 = none or "" */
} tie_row;

typedef struct rid_rank {
	sqlite3_int64 rid;
	sqlite3_int64 rank;
} rid_rank;

int sq_scored_cmp(const void *pa, const void *pb)
{
	const sq_scored *a = pa, *b = pb;
	return a->score != b->score ? (a->score < b->score ? 1 : -1)
				    : (a->tid > b->tid) - (a->tid < b->tid);
}

static int by_tid(const void *pa, const void *pb)
{
	const tie_row *a = pa, *b = pb;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

/* Later date first, then the smaller tid (sq_ranked_cmp on equal scores). */
static int by_rank_desc(const void *pa, const void *pb)
{
	const tie_row *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? 1 : -1;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

static int by_rid(const void *pa, const void *pb)
{
	const rid_rank *a = pa, *b = pb;
	return (a->rid > b->rid) - (a->rid < b->rid);
}

static tie_row *find_tid(tie_row *v, size_t n, sqlite3_int64 tid)
{
	tie_row key = { tid, 0 };
	return bsearch(&key, v, n, sizeof *v, by_tid);
}

/* The end of the run of equal scores starting at i. */
static size_t run_end(const sq_scored *v, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && v[j].score == v[i].score)
		j++;
	return j;
}

/* Calls f(tid, arg) for every tid in a tied run of an exact term (a tid
 * in several lists' runs once per run). */
static void each_tied(const sq_topk_term *t, size_t n, void (*f)(sqlite3_int64, void *),
		      void *arg)
{
	for (size_t i = 0; i < n; i++) {
		if (!t[i].exact)
			continue;
		for (size_t a = 0, b; a < t[i].nbest; a = b) {
			b = run_end(t[i].best, t[i].nbest, a);
			for (size_t k = a; b - a > 1 && k < b; k++)
				f(t[i].best[k].tid, arg);
		}
	}
}

typedef struct tied_span {
	size_t rows;
	sqlite3_int64 lo, hi;
} tied_span;

static void span_add(sqlite3_int64 tid, void *arg)
{
	tied_span *sp = arg;
	sp->lo = sp->rows == 0 || tid < sp->lo ? tid : sp->lo;
	sp->hi = sp->rows == 0 || tid > sp->hi ? tid : sp->hi;
	sp->rows++;
}

typedef struct tied_bits {
	unsigned char *bits;
	sqlite3_int64 lo;
	size_t distinct;
} tied_bits;

static void bits_add(sqlite3_int64 tid, void *arg)
{
	tied_bits *tb = arg;
	size_t i = (size_t)(tid - tb->lo);
	unsigned char m = (unsigned char)(1u << (i & 7));
	if (!(tb->bits[i >> 3] & m)) {
		tb->bits[i >> 3] |= m;
		tb->distinct++;
	}
}

typedef struct tied_all {
	tie_row *v;
	size_t n, cap;
} tied_all;

static void all_add(sqlite3_int64 tid, void *arg)
{
	tied_all *ta = arg;
	ta->v = pd_xgrow(ta->v, sizeof *ta->v, ta->n + 1, &ta->cap);
	ta->v[ta->n].tid = tid;
	ta->v[ta->n++].rank = 0;
}

/* Every tid in a tied run of an exact term, sorted and unique. The same
 * tids tie in many lists (at 10x the pass's runs hold ~4.6M rows, 73 MB
 * as rows, which took a 10x optimize's peak RSS from 119 to 252 MB), so
 * they are marked in a bitmap over their span, one bit a tid, when that
 * is smaller than the rows would be; else gathered and sorted. */
static tie_row *tied_tids(const sq_topk_term *t, size_t n, size_t *nout)
{
	tied_span sp = { 0, 0, 0 };
	each_tied(t, n, span_add, &sp);
	*nout = 0;
	if (sp.rows == 0)
		return NULL;
	uint64_t span = (uint64_t)sp.hi - (uint64_t)sp.lo + 1; /* 0: every int64 */
	if (span != 0 && span / 8 + 1 <= sp.rows * sizeof(tie_row)) {
		tied_bits tb = { pd_xcalloc((size_t)(span / 8 + 1), 1), sp.lo, 0 };
		each_tied(t, n, bits_add, &tb);
		tie_row *v = pd_xcalloc(tb.distinct, sizeof *v);
		size_t u = 0;
		for (uint64_t i = 0; i < span; i++)
			if (tb.bits[i >> 3] & (1u << (i & 7)))
				v[u++] = (tie_row){ sp.lo + (sqlite3_int64)i, 0 };
		free(tb.bits);
		*nout = u;
		return v;
	}
	tied_all ta = { NULL, 0, 0 };
	each_tied(t, n, all_add, &ta);
	qsort(ta.v, ta.n, sizeof *ta.v, by_tid);
	size_t u = 0;
	for (size_t i = 0; i < ta.n; i++)
		if (u == 0 || ta.v[u - 1].tid != ta.v[i].tid)
			ta.v[u++] = ta.v[i];
	*nout = u;
	return ta.v;
}

/* Every record's date rank, sorted by rid: distinct dates numbered in
 * order from 1, NULL and "" 0. */
static int date_ranks(sq_store *s, rid_rank **out, size_t *nout, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT rid, date FROM records ORDER BY date", err);
	if (!st)
		return PD_ESTORE;
	rid_rank *v = NULL;
	size_t n = 0, cap = 0;
	char *last = NULL;
	sqlite3_int64 rank = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(st, 1);
		date = date ? date : "";
		if (*date && (!last || strcmp(last, date) != 0)) {
			free(last);
			last = pd_xstrdup(date);
			rank++;
		}
		v = pd_xgrow(v, sizeof *v, n + 1, &cap);
		v[n].rid = sqlite3_column_int64(st, 0);
		v[n++].rank = *date ? rank : 0;
	}
	sq_done(st);
	free(last);
	if (step != SQLITE_DONE) {
		free(v);
		return sq_fail(s, err, "reading the records' dates");
	}
	if (n)
		qsort(v, n, sizeof *v, by_rid);
	*out = v;
	*nout = n;
	return 0;
}

/* Each tied tid's date rank: its record from a covering index of turns
 * (tid, rid: one pass, no turn's text read), the record's rank from r. */
static int rank_tids(sq_store *s, tie_row *v, size_t n, const rid_rank *r, size_t nr,
		     pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT tid, rid FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		tie_row *row = find_tid(v, n, sqlite3_column_int64(st, 0));
		if (!row)
			continue;
		rid_rank key = { sqlite3_column_int64(st, 1), 0 };
		const rid_rank *hit = bsearch(&key, r, nr, sizeof *r, by_rid);
		row->rank = hit ? hit->rank : 0;
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the turns' records");
}

/* One term's tied runs into date order. */
static void order_runs(sq_topk_term *t, tie_row *ranks, size_t nranks, tie_row *tmp)
{
	for (size_t a = 0, b; a < t->nbest; a = b) {
		b = run_end(t->best, t->nbest, a);
		if (b - a < 2)
			continue;
		for (size_t k = a; k < b; k++) {
			const tie_row *hit = find_tid(ranks, nranks, t->best[k].tid);
			tmp[k - a].tid = t->best[k].tid;
			tmp[k - a].rank = hit ? hit->rank : 0;
		}
		qsort(tmp, b - a, sizeof *tmp, by_rank_desc);
		for (size_t k = a; k < b; k++)
			t->best[k].tid = tmp[k - a].tid;
	}
}

int sq_topk_order(sq_store *s, sq_topk_term *t, size_t n, pd_err *err)
{
	size_t longest = 1;
	for (size_t i = 0; i < n; i++) {
		if (!t[i].exact)
			continue;
		qsort(t[i].best, t[i].nbest, sizeof *t[i].best, sq_scored_cmp);
		longest = t[i].nbest > longest ? t[i].nbest : longest;
	}
	size_t nties = 0, nr = 0;
	tie_row *ties = tied_tids(t, n, &nties);
	if (nties == 0) {
		free(ties);
		return 0;
	}
	rid_rank *r = NULL;
	int rc = date_ranks(s, &r, &nr, err);
	if (rc == 0)
		rc = rank_tids(s, ties, nties, r, nr, err);
	free(r);
	tie_row *tmp = pd_xcalloc(longest, sizeof *tmp);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (t[i].exact)
			order_runs(&t[i], ties, nties, tmp);
	free(tmp);
	free(ties);
	return rc;
}
