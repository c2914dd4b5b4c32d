/* sqlite_topk_scan.c: every frequent term's best turns in one pass over the
 * turns' text, for the top lists (sqlite_topk.c).
 *
 * Ranking each term through FTS5 scores every posting with a %_docsize
 * lookup: 98 s for the 2,524 terms of the PM archive (13.5M postings).
 * This pass tokenizes each turn once with the index's own tokenizer and
 * computes FTS5's bm25 (fts5_aux.c, fts5Bm25Function) for every frequent
 * term in it, with the same arithmetic in the same order:
 *
 *   idf   = log((nRow - nHit + 0.5) / (nHit + 0.5)), 1e-6 when <= 0
 *   f     = sum over the term's instances of the column weight (3 title, 1 text)
 *   D     = the row's tokens, colocated ones not counted (as FTS5 sizes columns)
 *   score = idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)),
 *           k1 = 1.2, b = 0.75, avgdl = nToken / nRow
 *
 * nRow and nToken are FTS5's own (its averages record), and the pass checks
 * that it saw as many rows and tokens, and each term in as many rows as the
 * index holds; sqlite_topk.c also re-ranks a few terms through FTS5 and
 * compares. Any difference and the lists are ranked through FTS5 instead.
 * sqlite_topk.c hands it a slice of the frequent terms per pass, so the
 * heaps of one pass stay within a fixed budget.
 *
 * Once the index is merged into one segment the same heaps come from the
 * terms' doclists instead (sq_topk_scan_doclists: ~0.75 s against ~6.5 s
 * of tokenizing at 1x): f from the columns of the row's positions, D from
 * %_docsize, scored by the same bm25() below in rowid order, as the text
 * scan meets the rows.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* Column weights of SQ_RANK (sqlite_search.c): title, text. */
static const double weights[2] = { 3.0, 1.0 };

typedef struct scan_term {
	sq_topk_term *t;
	double f;               /* weighted frequency in the current row */
	bool touched;
	size_t cap;             /* heap capacity */
	size_t len;             /* strlen(t->term) */
} scan_term;

typedef struct scan {
	scan_term *terms;
	size_t nterms;
	size_t *slots;          /* open addressing: index + 1, 0 empty */
	size_t mask;
	size_t *touched;
	size_t ntouched;
	double avgdl;
} scan;

static size_t slot_of(const scan *sc, const char *text, size_t len)
{
	size_t i = (size_t)pd_hash64(PD_HASH64_INIT, text, len) & sc->mask;
	while (sc->slots[i]) {
		const scan_term *st = &sc->terms[sc->slots[i] - 1];
		if (st->len == len && memcmp(st->t->term, text, len) == 0)
			break;
		i = (i + 1) & sc->mask;
	}
	return i;
}

/* Min-heap on score: the root is the weakest of the best kept so far. */
static void heap_push(scan_term *st, sqlite3_int64 tid, double score)
{
	sq_scored *h = st->t->best;
	size_t n = st->t->nbest;
	if (n == st->cap) {
		if (score <= h[0].score)
			return;
		size_t i = 0; /* replace the root, sift down */
		for (;;) {
			size_t l = 2 * i + 1, r = l + 1, m = i;
			double sm = score;
			if (l < n && h[l].score < sm)
				m = l, sm = h[l].score;
			if (r < n && h[r].score < sm)
				m = r;
			if (m == i)
				break;
			h[i] = h[m];
			i = m;
		}
		h[i].tid = tid;
		h[i].score = score;
		return;
	}
	size_t i = st->t->nbest++;
	while (i > 0 && h[(i - 1) / 2].score > score) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i].tid = tid;
	h[i].score = score;
}

/* Tokens of one column: FTS5's size of it, and the terms' frequencies. */
static size_t scan_column(scan *sc, const char *text, size_t len, double w)
{
	pd_tokenizer tz;
	pd_token tok;
	size_t size = 0;
	pd_tokenizer_init(&tz, text, len, PD_TOK_DOCUMENT);
	while (pd_tokenizer_next(&tz, &tok)) {
		if (!tok.colocated || size == 0) /* fts5StorageInsertCallback */
			size++;
		size_t slot = slot_of(sc, tok.text, tok.len);
		if (!sc->slots[slot])
			continue;
		scan_term *st = &sc->terms[sc->slots[slot] - 1];
		if (!st->touched) {
			st->touched = true;
			st->f = 0;
			sc->touched[sc->ntouched++] = sc->slots[slot] - 1;
		}
		st->f += w;
	}
	pd_tokenizer_release(&tz);
	return size;
}

/* A term's bm25 in a row of D tokens where its weighted frequency is f
 * (fts5Bm25Function's arithmetic in its order; the text scan and the
 * doclist pass both score through it, so their scores are the same bits). */
static double bm25(const scan *sc, const scan_term *st, double f, double D)
{
	const double k1 = 1.2, b = 0.75;
	double score = 0.0;
	score += st->t->idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / sc->avgdl)));
	return score;
}

static void score_row(scan *sc, sqlite3_int64 tid, size_t ntok)
{
	double D = (double)ntok;
	for (size_t i = 0; i < sc->ntouched; i++) {
		scan_term *st = &sc->terms[sc->touched[i]];
		heap_push(st, tid, bm25(sc, st, st->f, D));
		st->touched = false;
		st->t->seen++;
	}
	sc->ntouched = 0;
}

/* SQLite's varint (big-endian, 7 bits a byte, the 9th byte whole), as
 * FTS5 writes its averages record. */
static sqlite3_uint64 varint(const unsigned char *p, size_t n, size_t *i)
{
	sqlite3_uint64 v = 0;
	for (int k = 0; k < 9 && *i < n; k++) {
		unsigned char c = p[(*i)++];
		if (k == 8)
			return (v << 8) | c;
		v = (v << 7) | (c & 0x7f);
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* FTS5's row count and total tokens (all columns), from its averages
 * record (%_data id 1): varint nRow, then one varint per column. */
int sq_fts_averages(sq_store *s, sqlite3_int64 *nrow, sqlite3_int64 *ntok, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT block FROM turns_fts_data WHERE id = 1", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	*nrow = *ntok = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0), i = 0;
		*nrow = (sqlite3_int64)varint(p, n, &i);
		for (int col = 0; col < 2 && i < n; col++)
			*ntok += (sqlite3_int64)varint(p, n, &i);
	} else {
		rc = sq_fail(s, err, "reading the index's averages");
	}
	sq_done(st);
	return rc;
}

static void scan_init(scan *sc, sq_topk_term *terms, size_t n, size_t keep)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	sc->nterms = n;
	sc->terms = pd_xcalloc(n ? n : 1, sizeof *sc->terms);
	sc->slots = pd_xcalloc(cap, sizeof *sc->slots);
	sc->touched = pd_xcalloc(n ? n : 1, sizeof *sc->touched);
	sc->mask = cap - 1;
	for (size_t i = 0; i < n; i++) {
		scan_term *st = &sc->terms[i];
		st->t = &terms[i];
		st->cap = keep;
		st->len = strlen(terms[i].term);
		st->t->best = pd_xcalloc(keep, sizeof *st->t->best);
		st->t->nbest = 0;
		sc->slots[slot_of(sc, terms[i].term, st->len)] = i + 1;
	}
}

/* After the pass: a term whose heap is full may have more rows tying with
 * its weakest; those are dropped (what remains is every row scoring above
 * it), and the term is exact when at least `want` rows remain. The weakest
 * is found, not read at the root: after sq_topk_scan_merge the rows are
 * no longer a heap. */
static void scan_finish(scan *sc, size_t want)
{
	for (size_t i = 0; i < sc->nterms; i++) {
		scan_term *st = &sc->terms[i];
		sq_topk_term *t = st->t;
		t->exact = t->seen == t->ndocs;
		if (t->nbest == st->cap && t->ndocs > st->cap) {
			double last = t->best[0].score;
			for (size_t j = 1; j < t->nbest; j++)
				last = t->best[j].score < last ? t->best[j].score : last;
			size_t k = 0;
			for (size_t j = 0; j < t->nbest; j++)
				if (t->best[j].score != last)
					t->best[k++] = t->best[j];
			t->nbest = k;
			t->exact = t->exact && k >= want;
		}
	}
}

/* One worker's scan: its heaps (in its terms' best), the rows and tokens
 * it saw, and FTS5's totals to check them against. */
struct sq_scan_part {
	scan sc;
	sqlite3_int64 nrow, ntok, rows, toks;
};

int sq_topk_scan_begin(sq_store *s, sq_topk_term *terms, size_t n, size_t keep,
		       sq_scan_part **out, pd_err *err)
{
	sqlite3_int64 nrow, ntok;
	*out = NULL;
	int rc = sq_fts_averages(s, &nrow, &ntok, err);
	if (rc || nrow <= 0)
		return rc;
	sq_scan_part *p = pd_xcalloc(1, sizeof *p);
	p->nrow = nrow;
	p->ntok = ntok;
	p->sc.avgdl = (double)ntok / (double)nrow;
	for (size_t i = 0; i < n; i++) {
		double nhit = (double)terms[i].ndocs;
		double idf = log(((double)nrow - nhit + 0.5) / (nhit + 0.5));
		terms[i].idf = idf <= 0.0 ? 1e-6 : idf;
		terms[i].seen = 0;
	}
	scan_init(&p->sc, terms, n, keep);
	*out = p;
	return 0;
}

int sq_topk_scan_range(sq_store *s, sq_scan_part *p, sqlite3_int64 lo, sqlite3_int64 hi,
		       pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT tid, title, text FROM turns"
				   " WHERE tid >= ?1 AND tid <= ?2", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t ntoks = 0;
		for (int col = 0; col < 2; col++) {
			const char *text = (const char *)sqlite3_column_text(st, 1 + col);
			if (text)
				ntoks += scan_column(&p->sc, text,
						     (size_t)sqlite3_column_bytes(st, 1 + col),
						     weights[col]);
		}
		score_row(&p->sc, sqlite3_column_int64(st, 0), ntoks);
		p->rows++;
		p->toks += (sqlite3_int64)ntoks;
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading turns");
}

/* A term's rows from its doclist, in rowid order as the text scan meets
 * them: f is the weights of its positions' columns (small integers, so
 * the same sum in any order), D the row's length as FTS5 stored it (what
 * the scan counts: colocated tokens once). 1 done, 0 when the doclist
 * names a row the lengths lack (the pass is not used), or an error. */
static int doclist_term(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l, scan *sc,
			scan_term *st, pd_err *err)
{
	sq_doclist *d;
	int rc = sq_doclist_open(s, seg, st->t->term, st->len, &d, err);
	if (rc)
		return rc;
	bool lacking = false;
	while ((rc = sq_doclist_next(d, err)) == 1) {
		sqlite3_int64 tid = sq_doclist_rowid(d);
		if (tid < 0 || tid >= l->n) {
			lacking = true;
			rc = 0;
			break;
		}
		size_t n, i = 0;
		const unsigned char *pos = sq_doclist_positions(d, &n);
		int col = 0, off = 0, r;
		double f = 0.0;
		while ((r = sq_poslist_next(pos, n, &i, &col, &off)) == 1)
			f += col < 2 ? weights[col] : 1.0;
		if (r < 0) {
			rc = pd_err_set(err, PD_EINPUT, "turns_fts index: a bad position list");
			break;
		}
		heap_push(st, tid, bm25(sc, st, f, (double)l->len[tid]));
		st->t->seen++;
	}
	sq_doclist_free(d);
	return rc < 0 ? rc : !lacking;
}

int sq_topk_scan_doclists(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l,
			  sq_scan_part *p, pd_err *err)
{
	for (size_t i = 0; i < p->sc.nterms; i++) {
		int rc = doclist_term(s, seg, l, &p->sc, &p->sc.terms[i], err);
		if (rc <= 0) {
			p->rows = -1; /* not as FTS5 counts: the pass is not used */
			return rc;
		}
	}
	p->rows = l->nrow;
	p->toks = l->ntoken;
	return 0;
}

/* Each term keeps the best `cap` of both parts' rows (any of those tying at
 * the cut: scan_finish then drops every row tying with the weakest, so
 * the result is every row scoring above the cap-th best of the whole, as
 * one part scanning all rows gives: a row of the whole's best cap is in its
 * part's best cap). */
void sq_topk_scan_merge(sq_scan_part *a, sq_scan_part *b)
{
	for (size_t i = 0; i < a->sc.nterms; i++) {
		sq_topk_term *ta = a->sc.terms[i].t, *tb = b->sc.terms[i].t;
		size_t cap = a->sc.terms[i].cap, n = ta->nbest + tb->nbest;
		sq_scored *v = pd_xcalloc(n ? n : 1, sizeof *v);
		memcpy(v, ta->best, ta->nbest * sizeof *v);
		memcpy(v + ta->nbest, tb->best, tb->nbest * sizeof *v);
		if (n > cap)
			qsort(v, n, sizeof *v, sq_scored_cmp);
		ta->nbest = n > cap ? cap : n;
		memcpy(ta->best, v, ta->nbest * sizeof *v);
		free(v);
		ta->seen += tb->seen;
	}
	a->rows += b->rows;
	a->toks += b->toks;
}

void sq_topk_scan_end(sq_scan_part *p, size_t want, bool *ok)
{
	*ok = false;
	if (!p)
		return;
	scan_finish(&p->sc, want);
	*ok = p->rows == p->nrow && p->toks == p->ntok;
	free(p->sc.terms);
	free(p->sc.slots);
	free(p->sc.touched);
	free(p);
}

int sq_topk_scan(sq_store *s, sq_topk_term *terms, size_t n, size_t keep, size_t want,
		 bool *ok, pd_err *err)
{
	sq_scan_part *p = NULL;
	*ok = false;
	int rc = sq_topk_scan_begin(s, terms, n, keep, &p, err);
	if (rc == 0 && p)
		rc = sq_topk_scan_range(s, p, INT64_MIN, INT64_MAX, err);
	if (rc == 0)
		sq_topk_scan_end(p, want, ok);
	else
		sq_topk_scan_end(p, want, &(bool){ false });
	return rc;
}
