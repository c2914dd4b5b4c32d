/* sqlite_bm25.c: FTS5's bm25, with each row's length read from memory.
 *
 * FTS5's bm25() reads every scored row's length from %_docsize (a
 * statement step per row): most of the ~1.3 us a row that bm25 costs, and a
 * search that ranks without a top list scores every match (43k for
 * "government", 49k for "prime minister" on the PM archive). pd_bm25()
 * computes the same score with the same arithmetic in the same order
 * (fts5_aux.c, fts5Bm25Function: per-query idf and average length, then
 * per row the column-weighted phrase frequencies from xInst), and takes
 * the row's length from an array over rowid loaded once from %_docsize
 * while the index does not change (once per process and file: the server's
 * connections share it, sqlite_shared.c).
 *
 * The array is used only inside a search (sq_lens_sync) while the top lists
 * are current (meta topk_gen = index_gen: no write since podium optimize,
 * so no reload per search while an ingest runs), was loaded at that
 * index_gen, and holds FTS5's own row and token counts (its averages
 * record) for the query at hand; else, and for rows past its end, the
 * length comes from xColumnSize as in FTS5. Either way the score is
 * FTS5's to the bit (test_store_sqlite compares them). It is loaded once
 * the connection has scored enough rows without it to pay for the load
 * (~40 ms at 1x), so a one-off CLI search does not pay it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

/* Per query, as fts5Bm25GetData keeps it; freq is per row scratch. */
typedef struct bm25_query {
	int nphrase;
	double avgdl;
	double *idf, *freq;
	const uint32_t *len;    /* the connection's lengths, or NULL */
	sqlite3_int64 nlen;
} bm25_query;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *n)
{
	(void)api;
	(void)fts;
	++*(sqlite3_int64 *)n;
	return SQLITE_OK;
}

static int query_data(const Fts5ExtensionApi *api, Fts5Context *fts, bm25_query **out)
{
	bm25_query *q = api->xGetAuxdata(fts, 0);
	if (q) {
		*out = q;
		return SQLITE_OK;
	}
	sq_store *s = api->xUserData(fts);
	int n = api->xPhraseCount(fts);
	q = pd_xcalloc(1, sizeof *q + 2 * (size_t)n * sizeof(double));
	q->nphrase = n;
	q->idf = (double *)(q + 1);
	q->freq = q->idf + n;
	sqlite3_int64 nrow = 0, ntoken = 0;
	int rc = api->xRowCount(fts, &nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntoken);
	if (rc == SQLITE_OK)
		q->avgdl = (double)ntoken / (double)nrow;
	for (int i = 0; rc == SQLITE_OK && i < n; i++) {
		sqlite3_int64 hits = 0;
		/* one phrase: its rows are the query's, which the search has
		 * counted (another pass over a common phrase's rows saved) */
		if (n == 1 && s->phrase_rows >= 0)
			hits = s->phrase_rows;
		else if (n == 2 && s->pair_rows[i] >= 0) /* two terms' stored counts */
			hits = s->pair_rows[i];
		else
			rc = api->xQueryPhrase(fts, i, &hits, count_row);
		double idf = log((nrow - hits + 0.5) / (hits + 0.5));
		q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	const sq_lens_data *l = s->lens.active ? s->lens.d : NULL;
	if (l && l->nrow == nrow && l->ntoken == ntoken) {
		q->len = l->len;
		q->nlen = l->n;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, q, free);
	else
		free(q);
	*out = rc == SQLITE_OK ? q : NULL;
	return rc;
}

/* The current row's length in tokens: from the connection's array when
 * it holds the row, else from FTS5 (%_docsize). */
static int row_len(const Fts5ExtensionApi *api, Fts5Context *fts, const bm25_query *q,
		   double *D)
{
	sqlite3_int64 row = api->xRowid(fts);
	int ntok = 0, rc = SQLITE_OK;
	if (q->len && row >= 0 && row < q->nlen)
		ntok = (int)q->len[row];
	else
		rc = api->xColumnSize(fts, -1, &ntok);
	*D = (double)ntok;
	return rc;
}

/* bm25 from q->freq and the row's length D, negated (fts5Bm25Function's
 * arithmetic in its order). */
static double freq_score(const bm25_query *q, double D)
{
	const double k1 = 1.2, b = 0.75;
	double score = 0.0;
	for (int i = 0; i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (k1 + 1.0)) /
				      (q->freq[i] + k1 * (1 - b + b * D / q->avgdl)));
	return -1.0 * score;
}

/* FTS5's bm25 of the current row of fts (fts5Bm25Function's arithmetic
 * in its order), q's idf and mean length, the column weights in val. */
static int row_score(const Fts5ExtensionApi *api, Fts5Context *fts, bm25_query *q, int nval,
		     sqlite3_value **val, double *out)
{
	int ninst = 0;
	memset(q->freq, 0, sizeof(double) * (size_t)q->nphrase);
	int rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ip, ic, io;
		if ((rc = api->xInst(fts, i, &ip, &ic, &io)) == SQLITE_OK)
			q->freq[ip] += nval > ic ? sqlite3_value_double(val[ic]) : 1.0;
	}
	double D = 0.0;
	if (rc == SQLITE_OK)
		rc = row_len(api, fts, q, &D);
	*out = rc == SQLITE_OK ? freq_score(q, D) : 0.0;
	return rc;
}

static void pd_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		    int nval, sqlite3_value **val)
{
	bm25_query *q;
	double score = 0;
	int rc = query_data(api, fts, &q);
	if (rc == SQLITE_OK)
		rc = row_score(api, fts, q, nval, val, &score);
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, score);
	else
		sqlite3_result_error_code(ctx, rc);
}

/* Column weights a walk takes (turns_fts has two columns: title, text;
 * a column past these weighs 1, as in FTS5's bm25). */
#define SQ_WALK_COLS 8

/* A walk's row: scored when in the set, kept in the min-heap of the
 * cap best (a row tying the heap's least is not needed: the caller drops
 * every row tying the cap-th best score). */
typedef struct walk_ctx {
	sq_walk *w;
	bm25_query *q;
	int nweight;
	const double *weight;   /* the column weights, read once per walk */
} walk_ctx;

/* row_score for a query of one phrase: the phrase's positions iterated
 * in place (xPhraseFirst) instead of FTS5 building the row's instance
 * array (xInstCount) and a call per instance; the same positions in the
 * same order, so the same sum and score to the bit. Of `government` by
 * PRIME MINISTER at 10x (141k rows scored), scoring was ~13 of ~37 ms. */
static int walk_score(const Fts5ExtensionApi *api, Fts5Context *fts, const walk_ctx *c,
		      double *out)
{
	Fts5PhraseIter it;
	int ic, io;
	double f = 0.0, D = 0.0;
	int rc = api->xPhraseFirst(fts, 0, &it, &ic, &io);
	for (; rc == SQLITE_OK && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io))
		f += c->nweight > ic ? c->weight[ic] : 1.0;
	c->q->freq[0] = f;
	if (rc == SQLITE_OK)
		rc = row_len(api, fts, c->q, &D);
	*out = rc == SQLITE_OK ? freq_score(c->q, D) : 0.0;
	return rc;
}

static void heap_down(sq_scored *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && h[l].score < h[m].score)
			m = l;
		if (l + 1 < n && h[l + 1].score < h[m].score)
			m = l + 1;
		if (m == i)
			return;
		sq_scored t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void heap_push(sq_walk *w, sqlite3_int64 tid, double score)
{
	if (w->n < w->cap) {
		size_t i = w->n++;
		w->top[i] = (sq_scored){ tid, score };
		for (; i > 0 && w->top[(i - 1) / 2].score > w->top[i].score; i = (i - 1) / 2) {
			sq_scored t = w->top[i];
			w->top[i] = w->top[(i - 1) / 2];
			w->top[(i - 1) / 2] = t;
		}
	} else if (w->cap > 0 && score > w->top[0].score) {
		w->top[0] = (sq_scored){ tid, score };
		heap_down(w->top, w->n, 0);
	}
}

static int walk_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	walk_ctx *c = arg;
	sqlite3_int64 tid = api->xRowid(fts);
	if (c->w->set && !sq_tidset_has(c->w->set, tid))
		return SQLITE_OK;
	c->w->seen++;
	double bm25;
	int rc = walk_score(api, fts, c, &bm25);
	if (rc == SQLITE_OK)
		heap_push(c->w, tid, -bm25);
	return rc;
}

/* pd_bm25_walk(turns_fts, walk, weights...): called on one row of a MATCH
 * of one phrase, walks every row of that phrase in C (xQueryPhrase) and
 * keeps in the walk the cap best by pd_bm25's score, negated (see
 * sq_walk). Ranking in SQL paid the virtual machine, pd_tidset() and the
 * sorter per match: 54 of the ~75 ms of `government` by PRIME MINISTER at
 * 10x, whose doclist walk alone is ~20 ms. */
static void pd_bm25_walk(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
			 int nval, sqlite3_value **val)
{
	sq_walk *w = nval > 0 ? sqlite3_value_pointer(val[0], SQ_WALK_PTR) : NULL;
	bm25_query *q;
	if (!w || api->xPhraseCount(fts) != 1) {
		sqlite3_result_error(ctx, "pd_bm25_walk: one phrase and a walk", -1);
		return;
	}
	int rc = query_data(api, fts, &q);
	if (rc == SQLITE_OK && w->idf > 0) /* q is this statement's own */
		q->idf[0] = w->idf;
	double weight[SQ_WALK_COLS];
	int nweight = nval - 1 < SQ_WALK_COLS ? nval - 1 : SQ_WALK_COLS;
	for (int i = 0; i < nweight; i++)
		weight[i] = sqlite3_value_double(val[1 + i]);
	walk_ctx c = { .w = w, .q = q, .nweight = nweight, .weight = weight };
	if (rc == SQLITE_OK)
		rc = api->xQueryPhrase(fts, 0, &c, walk_row);
	if (rc == SQLITE_OK)
		sqlite3_result_int(ctx, 1);
	else
		sqlite3_result_error_code(ctx, rc);
}

/* A row's phrase frequency from its positions in the doclist: the
 * weights of the columns of its positions, added in FTS5's order. */
static int doclist_freq(const sq_doclist *d, const double *weight, int nweight, double *f)
{
	size_t n, i = 0;
	const unsigned char *p = sq_doclist_positions(d, &n);
	int col = 0, off = 0, r;
	*f = 0.0;
	while ((r = sq_poslist_next(p, n, &i, &col, &off)) == 1)
		*f += nweight > col ? weight[col] : 1.0;
	return r;
}

/* What a ranking from the doclists needs: the row lengths in memory at
 * FTS5's own counts (*nrow, *ntok) and the index read in C; *seg
 * NULL when not. */
static int doclist_ready(sq_store *s, const sq_lens_data **l, sqlite3_int64 *nrow,
			 sqlite3_int64 *ntok, const sq_fts_seg **seg, pd_err *err)
{
	*seg = NULL;
	*l = s->lens.active ? s->lens.d : NULL;
	if (!*l)
		return 0;
	int rc = sq_fts_averages(s, nrow, ntok, err);
	if (rc || *nrow <= 0 || (*l)->nrow != *nrow || (*l)->ntoken != *ntok)
		return rc;
	return sq_doclist_seg(s, seg, err);
}

int sq_bm25_walk_doclist(sq_store *s, const char *term, sq_walk *w, bool *done, pd_err *err)
{
	static const double weight[2] = { 3.0, 1.0 }; /* SQ_RANK's, as walk_run binds them */
	const sq_lens_data *l;
	const sq_fts_seg *seg;
	sqlite3_int64 nrow, ntok;
	*done = false;
	if (!term || (w->idf <= 0 && s->phrase_rows < 0))
		return 0;
	int rc = doclist_ready(s, &l, &nrow, &ntok, &seg, err);
	if (rc || !seg)
		return rc;
	/* query_data's idf and mean length, pd_bm25_walk's idf when given */
	double idf = w->idf > 0 ? w->idf : sq_fts5_idf(nrow, s->phrase_rows), freq = 0;
	bm25_query q = { .nphrase = 1, .avgdl = (double)ntok / (double)nrow, .idf = &idf,
			 .freq = &freq, .len = l->len, .nlen = l->n };
	sq_doclist *d;
	if ((rc = sq_doclist_open(s, seg, term, strlen(term), &d, err)) != 0)
		return rc;
	bool lacking = false;
	w->n = w->seen = 0;
	while ((rc = sq_doclist_next(d, err)) == 1) {
		sqlite3_int64 tid = sq_doclist_rowid(d);
		if (w->set && !sq_tidset_has(w->set, tid))
			continue;
		if (tid < 0 || tid >= q.nlen) { /* a row the lengths lack: FTS5's walk */
			lacking = true;
			rc = 0;
			break;
		}
		if (doclist_freq(d, weight, 2, &freq) < 0) {
			rc = pd_err_set(err, PD_EINPUT, "turns_fts index: a bad position list");
			break;
		}
		w->seen++;
		heap_push(w, tid, -freq_score(&q, (double)(int)q.len[tid]));
	}
	*done = rc == 0 && !lacking;
	sq_doclist_free(d);
	if (!*done)
		w->n = w->seen = 0;
	return rc < 0 ? rc : 0;
}

/* The rows holding term (a doclist's length): FTS5's xQueryPhrase count
 * for a phrase of one term. */
static int term_rows(sq_store *s, const char *term, sqlite3_int64 *n, bool *done, pd_err *err)
{
	size_t count = 0;
	int rc = sq_doclist_count(s, &term, 1, false, &count, done, err);
	*n = (sqlite3_int64)count;
	return rc;
}

int sq_bm25_and_doclist(sq_store *s, const char *const terms[2], sq_walk *w, bool *done,
			pd_err *err)
{
	static const double weight[2] = { 3.0, 1.0 }; /* SQ_RANK's */
	const sq_lens_data *l;
	const sq_fts_seg *seg;
	sqlite3_int64 nrow, ntok, hits[2];
	*done = false;
	int rc = doclist_ready(s, &l, &nrow, &ntok, &seg, err);
	if (rc || !seg)
		return rc;
	/* query_data's idf: the stored counts when the search gave them */
	double idf[2], freq[2];
	for (int i = 0; i < 2; i++) {
		bool counted = true;
		hits[i] = s->pair_rows[i];
		if (hits[i] < 0 && ((rc = term_rows(s, terms[i], &hits[i], &counted, err)) != 0 ||
				    !counted))
			return rc;
		idf[i] = sq_fts5_idf(nrow, hits[i]);
	}
	bm25_query q = { .nphrase = 2, .avgdl = (double)ntok / (double)nrow, .idf = idf,
			 .freq = freq, .len = l->len, .nlen = l->n };
	sq_doclist *d[2] = { NULL, NULL };
	for (int i = 0; rc == 0 && i < 2; i++)
		rc = sq_doclist_open(s, seg, terms[i], strlen(terms[i]), &d[i], err);
	bool lacking = false;
	w->n = w->seen = 0;
	if (rc == 0 && (rc = sq_doclist_next(d[0], err)) == 1)
		rc = sq_doclist_next(d[1], err);
	while (rc == 1) { /* rows of both, in rowid order */
		sqlite3_int64 a = sq_doclist_rowid(d[0]), b = sq_doclist_rowid(d[1]);
		if (a != b) {
			rc = sq_doclist_skip(d[a < b ? 0 : 1], a < b ? b : a, err);
			continue;
		}
		if (!w->set || sq_tidset_has(w->set, a)) {
			if (a < 0 || a >= q.nlen) { /* a row the lengths lack: FTS5's walk */
				lacking = true;
				rc = 0;
				break;
			}
			if (doclist_freq(d[0], weight, 2, &freq[0]) < 0 ||
			    doclist_freq(d[1], weight, 2, &freq[1]) < 0) {
				rc = pd_err_set(err, PD_EINPUT, "turns_fts index: a bad position list");
				break;
			}
			w->seen++;
			heap_push(w, a, -freq_score(&q, (double)(int)q.len[a]));
		}
		if ((rc = sq_doclist_next(d[0], err)) == 1)
			rc = sq_doclist_next(d[1], err);
	}
	sq_doclist_free(d[0]);
	sq_doclist_free(d[1]);
	*done = rc == 0 && !lacking;
	if (!*done)
		w->n = w->seen = 0;
	return rc < 0 ? rc : 0;
}

void sq_known_rows_forget(sq_store *s)
{
	s->phrase_rows = -1;
	s->pair_rows[0] = s->pair_rows[1] = -1;
}

int sq_bm25_register(sq_store *s)
{
	fts5_api *api = sq_fts5_api(s->db);
	if (!api)
		return SQLITE_ERROR;
	int rc = api->xCreateFunction(api, "pd_bm25", s, pd_bm25, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "pd_bm25_walk", s, pd_bm25_walk, NULL);
	return rc;
}

/* An SQLite varint (FTS5's sizes in %_docsize): *v, and its bytes. */
static int get_varint32(const unsigned char *p, const unsigned char *end, uint32_t *v)
{
	uint64_t x = 0;
	int i;
	for (i = 0; i < 9 && p + i < end; i++) {
		if (i == 8) {
			x = (x << 8) | p[i];
			i++;
			break;
		}
		x = (x << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			i++;
			break;
		}
	}
	*v = (uint32_t)x;
	return i;
}

static void lens_free(void *p)
{
	sq_lens_data *d = p;
	free(d->len);
	free(d);
}

void sq_lens_data_free(sq_lens_data *d)
{
	if (d)
		lens_free(d);
}

/* Loads every row's length (sum of its columns' sizes) and FTS5's own row
 * and token counts (a docsize that does not add up to them is not used):
 * *out, the caller's to free with lens_free. */
int sq_lens_load(sq_store *s, sqlite3_int64 gen, sq_lens_data **out, pd_err *err)
{
	*out = NULL;
	sqlite3_stmt *st = sq_prep(s, "SELECT coalesce(max(id), 0) + 1, count(*) FROM turns_fts_docsize",
				   err);
	if (!st)
		return PD_ESTORE;
	sqlite3_int64 n = 0, rows = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		rows = sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	if (!(st = sq_prep(s, "SELECT id, sz FROM turns_fts_docsize", err)))
		return PD_ESTORE;
	uint32_t *len = pd_xcalloc((size_t)n, sizeof *len);
	sqlite3_int64 total = 0, seen = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const unsigned char *p = sqlite3_column_blob(st, 1);
		const unsigned char *end = p + sqlite3_column_bytes(st, 1);
		uint32_t sum = 0, v;
		while (p && p < end) {
			p += get_varint32(p, end, &v);
			sum += v;
		}
		if (id >= 0 && id < n)
			len[id] = sum;
		total += sum;
		seen++;
	}
	sq_done(st);
	if (step != SQLITE_DONE) {
		free(len);
		return sq_fail(s, err, "reading row lengths");
	}
	sq_lens_data *d = pd_xmalloc(sizeof *d);
	*d = (sq_lens_data){ .len = len, .n = n, .gen = gen, .nrow = seen == rows ? seen : -1,
			     .ntoken = total };
	*out = d;
	return 0;
}

/* Loading reads every row's length (~0.1 us a row); a %_docsize lookup
 * costs ~0.7 us a scored row. A connection loads once its searches have
 * scored 1/SQ_LENS_PAYBACK of the rows without it (ski rental: a one-off
 * search of a common word does not pay ~40 ms at 1x, a server's
 * connection soon does). */
#define SQ_LENS_PAYBACK 4

int sq_max_tid(sq_store *s, sqlite3_int64 *n, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT coalesce(max(tid), 0) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading the turns");
	*n = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc;
}

int sq_gen_read(sq_store *s, pd_err *err)
{
	s->gen_current = false;
	sqlite3_stmt *st = sq_prep(s, "SELECT CAST(i.value AS INTEGER), t.value = i.value"
				   " FROM meta i LEFT JOIN meta t ON t.key = 'topk_gen'"
				   " WHERE i.key = 'index_gen'", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_int64 gen = 0;
	bool current = false;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		gen = sqlite3_column_int64(st, 0);
		current = sqlite3_column_int(st, 1) == 1;
	}
	sq_done(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(s, err, "reading the index generation");
	s->gen = gen;
	s->gen_current = current;
	return 0;
}

int sq_lens_sync(sq_store *s, size_t scoring, pd_err *err)
{
	sq_lens *l = &s->lens;
	l->active = false;
	int rc = sq_gen_read(s, err);
	if (rc || !s->gen_current || !s->bm25_lens)
		return rc;
	sqlite3_int64 gen = s->gen;
	if (l->d && l->d->gen == gen) {
		l->active = true;
		return 0;
	}
	sq_shared_drop(l->d); /* of an older generation: never current again */
	if ((l->d = sq_shared_find(&s->file, SQ_SHARED_LENS, gen))) {
		l->active = true;
		return 0;
	}
	l->debt += scoring;
	sqlite3_int64 rows = 0;
	rc = sq_max_tid(s, &rows, err);
	bool pays = s->load_at_once ? l->debt > 0 : (sqlite3_int64)l->debt * SQ_LENS_PAYBACK >= rows;
	if (rc || !pays)
		return rc;
	sq_lens_data *d;
	if ((rc = sq_lens_load(s, gen, &d, err)) == 0) {
		l->d = sq_shared_keep(&s->file, SQ_SHARED_LENS, gen, d, lens_free);
		l->active = true;
		l->debt = 0;
	}
	return rc;
}

void sq_lens_release(sq_store *s)
{
	sq_shared_drop(s->lens.d);
	memset(&s->lens, 0, sizeof s->lens);
}
