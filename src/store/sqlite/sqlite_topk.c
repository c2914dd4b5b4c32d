/* sqlite_topk.c: per-term top lists, so a frequent word's page is read, not
 * ranked.
 *
 * FTS5's `ORDER BY bm25 LIMIT 20` still scores every match (a %_docsize
 * lookup and a position list each): 200k of them for "the" on the PM
 * archive. pd_store_optimize keeps, for every term in at least
 * topk_min_docs turns, its number of turns and its first topk_size turns in
 * Podium's order (score, date DESC, tid), scored by the same bm25 call the
 * exhaustive ranking makes. For a one-term query those ARE the first rows of
 * the exhaustive ranking, so a page inside the list is exact.
 *
 * bm25 depends on every row (row count, mean length, the term's document
 * count): any write to turns_fts makes every list stale. Writes advance
 * meta 'index_gen' (schema step 5); the lists are used only while meta
 * 'topk_gen' equals it, else the search ranks exhaustively.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "base/buf.h"
#include "base/mem.h"
#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* Defaults: a list for terms in >= 1000 turns (below that exhaustive
 * ranking takes ~1 ms); 256 turns a list covers pages up to 12 deep. */
#define SQ_TOPK_MIN_DOCS 1000
#define SQ_TOPK_SIZE 256
/* Filters or facets over more matches than this are counted on a sample of
 * about SQ_SAMPLE_SIZE of them (sqlite_facets.c): a row read for them
 * costs ~3 us at 10x, so 1,024 bound a search's facets to a few ms; the
 * frequent values' counts come within 4-5 % of the exact ones there. */
#define SQ_SAMPLE_MIN 2048
#define SQ_SAMPLE_SIZE 1024
#define SQ_SAMPLE_WALK 32
/* The one-pass scan keeps this many rows past a list's length, for ties
 * at its end; and is checked against FTS5 on this many terms. */
#define SQ_TOPK_SLACK 64
#define SQ_TOPK_CHECKS 8
/* Optimize's working memory, which must not grow with the archive (issue
 * 5: ingest under 200 MB whatever its size). The scan keeps (size + slack)
 * 16-byte entries per frequent term, and the number of frequent terms
 * grows with the archive (2,524 at 1x, 14,305 at 10x: 26 and 146 MB as
 * they were, in 32-byte entries). So the terms are scanned in passes whose
 * heaps fit in this many bytes: 1 pass up to ~19,600 terms (320 entries
 * each), one more pass over every turn's text per ~19,600 past that. */
#define SQ_TOPK_SCAN_BYTES (96u << 20)
/* The page cache while optimizing, in KiB (negative cache_size): the scan
 * reads each page of turns once and FTS5's merge streams its segments, so
 * the bulk cache (64 MiB, sqlite_store.c) bought nothing here but RSS. */
#define SQ_OPTIMIZE_CACHE_KIB 16384
/* A term's doclist walked again past its ties (widen) keeps at most this
 * many bytes of rows, besides its pass's heaps: 1 MiB entries of 16. */
#define SQ_TOPK_WIDEN_BYTES (16u << 20)

static size_t env_size(const char *name, size_t dflt)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return dflt;
	unsigned long long n = strtoull(v, &end, 10);
	return *end || n == 0 ? dflt : (size_t)n;
}

void sq_topk_configure(sq_store *s)
{
	s->topk_min_docs = env_size("PODIUM_TOPK_MIN_DOCS", SQ_TOPK_MIN_DOCS);
	s->topk_size = env_size("PODIUM_TOPK_SIZE", SQ_TOPK_SIZE);
	s->sample_min = env_size("PODIUM_SAMPLE_MIN", SQ_SAMPLE_MIN);
	s->sample_size = env_size("PODIUM_SAMPLE_SIZE", SQ_SAMPLE_SIZE);
	s->sample_walk = env_size("PODIUM_SAMPLE_WALK", SQ_SAMPLE_WALK);
	s->phrase_list_ratio = env_size("PODIUM_PHRASE_LIST_RATIO", SQ_PHRASE_LIST_RATIO);
	s->phrase_check_ratio = env_size("PODIUM_PHRASE_CHECK_RATIO", SQ_PHRASE_CHECK_RATIO);
	s->pair_lookup_ratio = env_size("PODIUM_PAIR_LOOKUP_RATIO", SQ_PAIR_LOOKUP_RATIO);
	s->list_seek_min = env_size("PODIUM_LIST_SEEK_MIN", SQ_LIST_SEEK_MIN);
	s->count_exact_rows = env_size("PODIUM_COUNT_EXACT_ROWS", SQ_COUNT_EXACT_ROWS);
	s->count_sample_rows = env_size("PODIUM_COUNT_SAMPLE_ROWS", SQ_COUNT_SAMPLE_ROWS);
	s->count_strata = env_size("PODIUM_COUNT_STRATA", SQ_COUNT_STRATA);
	const char *scan = getenv("PODIUM_TOPK_SCAN");
	s->topk_scan = !scan || strcmp(scan, "0") != 0;
	s->topk_scan_bytes = env_size("PODIUM_TOPK_SCAN_BYTES", SQ_TOPK_SCAN_BYTES);
	const char *dl = getenv("PODIUM_TOPK_DOCLIST");
	s->topk_doclist = !dl || strcmp(dl, "0") != 0;
	const char *thread = getenv("PODIUM_OPTIMIZE_THREAD");
	s->topk_thread = !thread || strcmp(thread, "0") != 0;
	const char *fset = getenv("PODIUM_FILTER_SET");
	s->filter_set = !fset || strcmp(fset, "0") != 0;
	const char *lens = getenv("PODIUM_BM25_LENS");
	s->bm25_lens = !lens || strcmp(lens, "0") != 0;
	const char *cols = getenv("PODIUM_FILTER_COLS");
	s->filter_cols = !cols || strcmp(cols, "0") != 0;
	const char *keep = getenv("PODIUM_SEARCH_KEEP");
	s->search_keep = !keep || strcmp(keep, "0") != 0;
}

/* A term a one-term query can ask for: the query tokenizer cuts it into
 * itself, a word or a CJK bigram (a lone CJK character is searched as a
 * prefix, not as this term). */
static bool listable(const char *term, size_t len)
{
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, term, len, PD_TOK_QUERY);
	bool ok = pd_tokenizer_next(&t, &tok) && tok.kind != PD_TOKEN_UNIGRAM &&
		  tok.len == len && memcmp(tok.text, term, len) == 0;
	ok = ok && !pd_tokenizer_next(&t, &tok);
	pd_tokenizer_release(&t);
	return ok;
}

/* Term as an FTS5 string, '"' doubled. */
static void quote_term(pd_buf *b, const char *term)
{
	pd_buf_reset(b);
	pd_buf_putc(b, '"');
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			pd_buf_putc(b, '"');
		pd_buf_putc(b, *p);
	}
	pd_buf_putc(b, '"');
}

/* Writes one term's list: v[0 .. n) in order, in chunks of SQ_TOPK_CHUNK
 * entries (sqlite_topk_pack.c). */
static int write_list(sq_store *s, const char *term, size_t ndocs, const sq_scored *v, size_t n,
		      pd_err *err)
{
	int rc = 0;
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO topk_lists(term, chunk, list)"
				   " VALUES (?1, ?2, ?3)", err);
	pd_buf blob;
	pd_buf_init(&blob, 0);
	for (size_t i = 0; st && i < n && rc == 0; i += SQ_TOPK_CHUNK) {
		size_t m = n - i < SQ_TOPK_CHUNK ? n - i : SQ_TOPK_CHUNK;
		if (sq_topk_pack(&blob, v + i, m) != 0) {
			rc = pd_err_set(err, PD_ESTORE, "a turn id too large for a top list");
			break;
		}
		sq_bind(st, 1, term);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)(i / SQ_TOPK_CHUNK));
		sqlite3_bind_blob(st, 3, blob.data, (int)blob.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sq_fail(s, err, "writing a top list");
		sqlite3_reset(st);
	}
	pd_buf_release(&blob);
	if (!st)
		return PD_ESTORE;
	sq_done(st);
	if (rc || !(st = sq_prep(s, "INSERT INTO topk_terms(term, ndocs, nlist)"
				 " VALUES (?1, ?2, ?3)", err)))
		return rc ? rc : PD_ESTORE;
	sq_bind(st, 1, term);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)ndocs);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "writing a top list");
	sq_done(st);
	return rc;
}

/* PODIUM_OPTIMIZE_TIMES=1: each phase's wall and CPU seconds on stderr,
 * to see where an optimize goes (docs/performance.md). */
static void phase(const char *what)
{
	static struct timespec w0, c0;
	struct timespec w, c;
	const char *on = getenv("PODIUM_OPTIMIZE_TIMES");
	if (!on || strcmp(on, "1") != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	struct rusage ru; /* the peak RSS so far: which phase sets it */
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		ru.ru_maxrss = 0;
	if (what)
		fprintf(stderr, "optimize: %-8s %7.2f s wall %7.2f s cpu %7.1f MB peak\n", what,
			(double)(w.tv_sec - w0.tv_sec) + (double)(w.tv_nsec - w0.tv_nsec) / 1e9,
			(double)(c.tv_sec - c0.tv_sec) + (double)(c.tv_nsec - c0.tv_nsec) / 1e9,
			(double)ru.ru_maxrss / 1024.0);
	w0 = w;
	c0 = c;
}

/* A term ranked through FTS5: the reference for the scan, and the way for
 * a term the scan could not prove. */
static int rank_fts5(sq_store *s, const char *term, size_t k, sq_ranked **v, size_t *n,
		     pd_err *err)
{
	pd_buf match;
	pd_buf_init(&match, 0);
	quote_term(&match, term);
	int rc = sq_rank_top(s, pd_buf_cstr(&match), k, v, n, err);
	pd_buf_release(&match);
	return rc;
}

static bool cheap_check(const sq_store *s, const sq_topk_term *t)
{
	return t->exact && t->ndocs <= s->topk_min_docs * 4;
}

/* The scan agrees with FTS5 on a few terms spread over the vocabulary
 * (words, numbers, CJK bigrams; among those in fewest rows, cheap to rank
 * there): the same rows in the same order with the same scores, bit for
 * bit. 1 agrees, 0 not, or an error. */
static int scan_agrees(sq_store *s, sq_topk_term *t, size_t n, pd_err *err)
{
	size_t eligible = 0, seen = 0;
	int rc = 1;
	for (size_t i = 0; i < n; i++)
		eligible += cheap_check(s, &t[i]);
	size_t stride = eligible / SQ_TOPK_CHECKS + 1;
	for (size_t i = 0; i < n && rc == 1; i++) {
		if (!cheap_check(s, &t[i]) || seen++ % stride != 0)
			continue;
		sq_ranked *v = NULL;
		size_t m = 0, k = t[i].nbest < s->topk_size ? t[i].nbest : s->topk_size;
		if ((rc = rank_fts5(s, t[i].term, k, &v, &m, err)) != 0)
			return rc;
		rc = m == k;
		for (size_t j = 0; rc && j < m; j++)
			rc = v[j].tid == t[i].best[j].tid && v[j].score == t[i].best[j].score;
		sq_ranked_free(v, m);
	}
	return rc;
}

void sq_topk_terms_free(sq_topk_term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].term);
		free(t[i].best);
	}
	free(t);
}

/* The frequent terms, from fts5vocab (document counts straight from the
 * index). */
int sq_topk_terms(sq_store *s, sq_topk_term **out, size_t *nout, pd_err *err)
{
	int rc = sq_exec(s, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pd_vocab"
			 " USING fts5vocab(main, turns_fts, row)", err);
	if (rc)
		return rc;
	sqlite3_stmt *st = sq_prep(s, "SELECT term, doc FROM temp.pd_vocab WHERE doc >= ?1", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)s->topk_min_docs);
	sq_topk_term *t = NULL;
	size_t n = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(st, 0);
		if (!term || !listable(term, (size_t)sqlite3_column_bytes(st, 0)))
			continue;
		t = pd_xgrow(t, sizeof *t, n + 1, &cap);
		memset(&t[n], 0, sizeof *t);
		t[n].term = pd_xstrdup(term);
		t[n++].ndocs = (size_t)sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	if (step != SQLITE_DONE) {
		sq_topk_terms_free(t, n);
		return sq_fail(s, err, "listing the index's terms");
	}
	*out = t;
	*nout = n;
	return 0;
}

typedef struct term_list {
	sq_topk_term *t;
	size_t n, cap;
} term_list;

/* sq_doclist_term_fn: a frequent term, kept when a query can ask for it. */
static int add_term(const char *term, size_t len, size_t rows, void *ctx)
{
	term_list *l = ctx;
	if (!listable(term, len))
		return 0;
	l->t = pd_xgrow(l->t, sizeof *l->t, l->n + 1, &l->cap);
	memset(&l->t[l->n], 0, sizeof *l->t);
	l->t[l->n].term = pd_xstrndup(term, len);
	l->t[l->n++].ndocs = rows;
	return 0;
}

/* The frequent terms read from the merged index's pages in C
 * (sq_doclist_terms): the same terms and counts as fts5vocab's (one
 * segment: a term's rows are its doclist's), in the same order, for ~a
 * tenth of its CPU time (1.1 s at 1x through fts5vocab's iterators). 1
 * listed, 0 when not available there (not one segment, the doclists off,
 * or pages that do not parse: then fts5vocab), or an error. */
static int terms_from_pages(sq_store *s, sq_topk_term **out, size_t *nout, pd_err *err)
{
	const sq_fts_seg *seg = NULL;
	if (!s->topk_doclist)
		return 0;
	int rc = sq_doclist_seg(s, &seg, err);
	if (rc || !seg)
		return rc;
	term_list l = { NULL, 0, 0 };
	pd_err mine;
	pd_err_clear(&mine);
	rc = sq_doclist_terms(s, seg, s->topk_min_docs, add_term, &l, &mine);
	if (rc) {
		sq_topk_terms_free(l.t, l.n);
		if (rc == PD_EINPUT)
			return 0;
		if (err)
			*err = mine;
		return rc;
	}
	*out = l.t;
	*nout = l.n;
	return 1;
}

/* A term's list ranked through FTS5. */
static int list_by_fts5(sq_store *s, const sq_topk_term *t, pd_err *err)
{
	sq_ranked *v = NULL;
	size_t m = 0;
	int rc = rank_fts5(s, t->term, s->topk_size, &v, &m, err);
	sq_scored *w = pd_xcalloc(m ? m : 1, sizeof *w);
	for (size_t i = 0; rc == 0 && i < m; i++) {
		w[i].tid = v[i].tid;
		w[i].score = v[i].score;
	}
	if (rc == 0)
		rc = write_list(s, t->term, t->ndocs, w, m, err);
	free(w);
	sq_ranked_free(v, m);
	return rc;
}

/* The lists of t[0 .. n) once their pass was scanned (ok: it checked
 * out): each exact term's from its heap, the others through FTS5; the
 * heaps freed after. 1 written, 0 when the scan did not check out (nothing
 * written), or an error. */
static int lists_from_scan(sq_store *s, sq_topk_term *t, size_t n, bool ok, int rc, pd_err *err)
{
	if (rc == 0 && ok)
		rc = sq_topk_order(s, t, n, err);
	phase("order");
	if (rc == 0 && ok)
		rc = scan_agrees(s, t, n, err);
	phase("check");
	for (size_t i = 0; rc == 1 && i < n; i++) {
		size_t k = t[i].nbest < s->topk_size ? t[i].nbest : s->topk_size;
		int w = t[i].exact ? write_list(s, t[i].term, t[i].ndocs, t[i].best, k, err)
				   : list_by_fts5(s, &t[i], err);
		rc = w ? w : 1;
	}
	phase("write");
	for (size_t i = 0; i < n; i++) {
		free(t[i].best);
		t[i].best = NULL;
		t[i].nbest = 0;
	}
	return rc;
}

/* One pass of the scan over t[0 .. n), and its lists (lists_from_scan). */
static int lists_by_scan(sq_store *s, sq_topk_term *t, size_t n, pd_err *err)
{
	bool ok = false;
	phase("terms");
	int rc = sq_topk_scan(s, t, n, s->topk_size + SQ_TOPK_SLACK, s->topk_size, &ok, err);
	phase("scan");
	return lists_from_scan(s, t, n, ok, rc, err);
}

/* What the doclist pass needs once the index is merged: its one segment
 * and every row's length at FTS5's own row and token counts; *seg NULL
 * (and *l) when not, and the text is scanned instead. */
static int doclist_ready(sq_store *s, const sq_fts_seg **seg, sq_lens_data **l, pd_err *err)
{
	sqlite3_int64 nrow = 0, ntok = 0;
	*seg = NULL;
	*l = NULL;
	if (!s->topk_doclist)
		return 0;
	int rc = sq_doclist_seg(s, seg, err);
	if (rc == 0 && *seg)
		rc = sq_fts_averages(s, &nrow, &ntok, err);
	if (rc == 0 && *seg && nrow > 0)
		rc = sq_lens_load(s, s->gen, l, err);
	if (rc == 0 && *l && ((*l)->nrow == nrow && (*l)->ntoken == ntok))
		return 0;
	sq_lens_data_free(*l);
	*l = NULL;
	*seg = NULL;
	return rc;
}

/* One term's doclist walked again with a heap of `keep` rows (its best
 * replaced); *ok as sq_topk_scan_end's. */
static int doclist_again(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l,
			 sq_topk_term *t, size_t keep, bool *ok, pd_err *err)
{
	sq_scan_part *p = NULL;
	free(t->best);
	t->best = NULL;
	t->nbest = 0;
	*ok = false;
	int rc = sq_topk_scan_begin(s, t, 1, keep, &p, err);
	if (rc == 0 && p)
		rc = sq_topk_scan_doclists(s, seg, l, p, err);
	sq_topk_scan_end(p, s->topk_size, ok);
	*ok = *ok && rc == 0;
	return rc;
}

/* A term whose rows tie at its heap's cut leaves fewer than a list's rows
 * once the tied ones are dropped (18 of 2,524 terms at 1x): ranking it
 * through FTS5 scored every row through %_docsize (~1 s in all at 1x).
 * Its doclist is walked again with a heap 4x larger, up to all its rows
 * or SQ_TOPK_WIDEN_BYTES, until the cut leaves a whole list. Still not
 * exact: FTS5 ranks it (lists_from_scan). */
static int widen(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l, sq_topk_term *t,
		 bool *ok, size_t *widened, pd_err *err)
{
	size_t keep = s->topk_size + SQ_TOPK_SLACK;
	int rc = 0;
	while (rc == 0 && *ok && !t->exact && t->seen == t->ndocs && keep < t->ndocs) {
		keep = t->ndocs / 4 < keep ? t->ndocs : keep * 4;
		if (keep > SQ_TOPK_WIDEN_BYTES / sizeof(sq_scored))
			break;
		rc = doclist_again(s, seg, l, t, keep, ok, err);
		*widened += rc == 0 && *ok && t->exact;
	}
	return rc;
}

/* One pass over t[0 .. n) from the doclists, and its lists
 * (lists_from_scan): what the scan computes, without the text. */
static int lists_by_doclist(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l,
			    sq_topk_term *t, size_t n, size_t *widened, pd_err *err)
{
	bool ok = false;
	sq_scan_part *p = NULL;
	phase("terms");
	int rc = sq_topk_scan_begin(s, t, n, s->topk_size + SQ_TOPK_SLACK, &p, err);
	if (rc == 0 && p)
		rc = sq_topk_scan_doclists(s, seg, l, p, err);
	sq_topk_scan_end(p, s->topk_size, &ok);
	ok = ok && rc == 0;
	phase("doclists");
	for (size_t i = 0; rc == 0 && ok && i < n; i++)
		rc = widen(s, seg, l, &t[i], &ok, widened, err);
	phase("widen");
	return lists_from_scan(s, t, n, ok, rc, err);
}

/* Records a fact about how the lists were made, for the curious and the
 * tests. */
static int note(sq_store *s, const char *key, const char *value, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
				   err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, key);
	sq_bind(st, 2, value);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "writing meta");
	sq_done(st);
	return rc;
}

/* Every frequent term's list: from the one-pass scan when it checks out
 * (in passes of as many terms as s->topk_scan_bytes holds the heaps of),
 * else ranked through FTS5 (for a term the scan could not prove; for all
 * when a pass disagrees with FTS5, what earlier passes wrote included). */
static size_t terms_per_pass(const sq_store *s)
{
	size_t per = s->topk_scan_bytes / ((s->topk_size + SQ_TOPK_SLACK) * sizeof(sq_scored));
	return per ? per : 1;
}

static int build_lists(sq_store *s, sq_topk_early *e, pd_err *err)
{
	bool scan = s->topk_scan;
	sq_topk_term *t = NULL;
	size_t n = 0, passes = 0, done = 0, widened = 0, per = terms_per_pass(s);
	bool by_pages = false;
	const sq_fts_seg *seg = NULL;
	sq_lens_data *l = NULL;
	int rc = sq_exec(s, "DELETE FROM topk_lists; DELETE FROM topk_terms;", err);
	if (rc == 0)
		rc = sq_topk_early_take(s, e, err);
	if (rc == 0 && e->taken) { /* the terms, and maybe a first pass, beside the merge */
		t = e->t;
		n = e->n;
		if (e->nscan) {
			rc = lists_from_scan(s, t, e->nscan, e->ok, e->rc, err);
			scan = rc == 1;
			rc = rc == 1 ? 0 : rc;
			passes++;
			done = e->nscan;
		}
	} else if (rc == 0) {
		rc = terms_from_pages(s, &t, &n, err);
		by_pages = rc == 1;
		if (rc == 0)
			rc = sq_topk_terms(s, &t, &n, err);
		rc = rc == 1 ? 0 : rc;
	}
	if (rc == 0 && scan && done < n)
		rc = doclist_ready(s, &seg, &l, err);
	for (size_t lo = done; rc == 0 && scan && lo < n; lo += per, passes++) {
		size_t m = n - lo < per ? n - lo : per;
		rc = seg ? lists_by_doclist(s, seg, l, t + lo, m, &widened, err)
			 : lists_by_scan(s, t + lo, m, err);
		scan = rc == 1;
		rc = rc == 1 ? 0 : rc;
	}
	sq_lens_data_free(l);
	if (rc == 0 && !scan && passes)
		rc = sq_exec(s, "DELETE FROM topk_lists; DELETE FROM topk_terms;", err);
	for (size_t i = 0; rc == 0 && !scan && i < n; i++)
		rc = list_by_fts5(s, &t[i], err);
	sq_topk_terms_free(t, n);
	char num[32];
	snprintf(num, sizeof num, "%zu", scan ? passes : 0);
	if (rc == 0) /* "doclist" when every pass after the thread's read the doclists */
		rc = note(s, "topk_by", !scan ? "fts5" : seg && !e->nscan ? "doclist" : "scan",
			  err);
	if (rc == 0)
		rc = note(s, "topk_scan_passes", num, err);
	if (rc == 0) /* the first pass scanned beside the merge (sqlite_topk_early.c) */
		rc = note(s, "topk_early", e->taken ? "1" : "0", err);
	if (rc == 0) /* and the writer scanned beside it once merged */
		rc = note(s, "topk_split", e->helped ? "1" : "0", err);
	if (rc == 0) /* the terms from the merged index's pages, or fts5vocab */
		rc = note(s, "topk_terms_by", by_pages ? "pages" : "fts5vocab", err);
	snprintf(num, sizeof num, "%zu", scan ? widened : 0);
	if (rc == 0) /* terms whose doclist was walked again past its ties (widen) */
		rc = note(s, "topk_widened", num, err);
	return rc;
}

/* Newer segments beside the oldest, in all under this share (percent) of
 * its pages, are left unmerged (merge_needed): a search reads their rows
 * besides the oldest's, at most about a tenth more, through the merged
 * cursor (~15 % more CPU time than one segment's on the lists' pass). */
#define SQ_UNMERGED_PCT 10

static sqlite3_int64 seg_pages(const sq_seg_pages *p)
{
	return (sqlite3_int64)p->last - p->first + 1;
}

/* Whether the index is merged into one segment (FTS5's 'optimize'). Not
 * when it is one large segment, the oldest, and a few small newer ones (a
 * later ingest's: a press office adds a few records a day to a 20-year
 * archive): the doclists are read over the segments as they are
 * (sqlite_doclist.c merges them by rowid as FTS5 does) and the lists
 * built from them, the same lists. The merge rewrites the whole index
 * for a few records (~20 s CPU and ~4 GB written at 10x); left beside
 * it, the small segments add to a search about their share of the rows
 * (under SQ_UNMERGED_PCT), and they are merged with everything once they
 * pass it or SQ_SEG_MAX (a bulk load's many segments, or an index small
 * next to its newest records, are merged as before). */
static int merge_needed(sq_store *s, bool *needed, pd_err *err)
{
	const sq_fts_seg *seg = NULL;
	pd_err mine;
	*needed = true;
	if (!s->topk_doclist || !s->doclist)
		return 0;
	pd_err_clear(&mine);
	int rc = sq_doclist_seg(s, &seg, &mine);
	if (rc == PD_EINPUT) /* a structure this file does not read: FTS5's merge */
		return 0;
	if (rc && err)
		*err = mine;
	if (rc || !seg || seg->n < 2 || seg->big != seg->n - 1)
		return rc;
	sqlite3_int64 newer = 0;
	for (size_t k = 0; k + 1 < seg->n; k++)
		newer += seg_pages(&seg->v[k]);
	*needed = newer * 100 >= seg_pages(&seg->v[seg->n - 1]) * SQ_UNMERGED_PCT;
	return 0;
}

/* The merge (when needed) and the lists; the caller sets the cache. */
static int optimize(sq_store *s, pd_err *err)
{
	/* one segment: every later MATCH reads one doclist per term, not one
	 * per segment (it is also what the lists are ranked on); unless the
	 * others are a later ingest's few rows (merge_needed) */
	phase(NULL);
	bool merge = true;
	int rc = merge_needed(s, &merge, err);
	if (rc)
		return rc;
	sq_topk_early early;
	/* with the doclists read once merged the terms are listed from the
	 * merged pages too (terms_from_pages): the thread has nothing left to
	 * do beside the merge; else it scans the text beside it */
	if (s->topk_doclist && s->doclist)
		memset(&early, 0, sizeof early);
	else
		sq_topk_early_start(s, terms_per_pass(s), s->topk_size + SQ_TOPK_SLACK,
				    s->topk_size, &early);
	if (merge)
		rc = sq_exec(s, "INSERT INTO turns_fts(turns_fts) VALUES ('optimize')", err);
	phase("merge");
	if (rc == 0)
		rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc) {
		sq_topk_early_release(&early);
		return rc;
	}
	rc = build_lists(s, &early, err);
	sq_topk_early_release(&early);
	if (rc == 0)
		rc = sq_exec(s, "INSERT OR REPLACE INTO meta(key, value) SELECT 'topk_gen', value"
			     " FROM meta WHERE key = 'index_gen'", err);
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if ((rc = sq_exec(s, "COMMIT", err)) != 0)
		return rc;
	phase("commit");
	/* the pages the merge freed, back to the file system when the file
	 * keeps a page map (new_file_vacuum, sqlite_store.c; else a no-op) */
	rc = sq_exec(s, "PRAGMA incremental_vacuum", err);
	phase("vacuum");
	return rc;
}

/* PRAGMA cache_size, as set (pages, or -KiB). */
static int cache_size(sq_store *s, sqlite3_int64 *out, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "PRAGMA cache_size", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading cache_size");
	*out = sqlite3_column_int64(st, 0);
	sq_done(st);
	return rc;
}

static int set_cache_size(sq_store *s, sqlite3_int64 v, pd_err *err)
{
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %lld", (long long)v);
	return sq_exec(s, pragma, err);
}

int sq_optimize(pd_store *ps, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "optimize runs outside a transaction");
	sqlite3_int64 was = 0;
	int rc = cache_size(s, &was, err);
	/* was: -KiB, or pages (of 4 KiB, the default page size) */
	if (rc == 0 && (was < 0 ? -was : was * 4) > SQ_OPTIMIZE_CACHE_KIB)
		rc = set_cache_size(s, -SQ_OPTIMIZE_CACHE_KIB, err);
#ifdef __GLIBC__
	/* the pages the smaller cache let go, back to the system: the scan's
	 * thread (sqlite_topk_early.c) allocates from an arena of its own and
	 * would not reuse them (peak RSS of a 1x ingest 95 -> 122 MB) */
	malloc_trim(0);
#endif
	if (rc == 0) /* a bulk load is over: FTS5 merges as it writes again */
		rc = sq_fts_bulk_end(s, err);
	if (rc == 0)
		rc = optimize(s, err);
	if (rc == 0) /* speaker pages' lists (sqlite_speakers.c) */
		rc = sq_speakers_build(s, err);
	if (was == 0) /* not read */
		return rc;
	int back = set_cache_size(s, was, rc ? NULL : err);
	return rc ? rc : back;
}

int sq_topk_find(sq_store *s, const char *term, size_t *ndocs, size_t *nlist, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT ndocs, nlist FROM topk_terms WHERE term = ?1"
				   " AND (SELECT value FROM meta WHERE key = 'topk_gen') ="
				   " (SELECT value FROM meta WHERE key = 'index_gen')", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, term);
	int rc = 0, step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*ndocs = (size_t)sqlite3_column_int64(st, 0);
		*nlist = (size_t)sqlite3_column_int64(st, 1);
		rc = 1;
	} else if (step != SQLITE_DONE) {
		rc = sq_fail(s, err, "reading a top list");
	}
	sq_done(st);
	return rc;
}

/* The entries of chunk `chunk` that fall in [from, to), appended to out. */
static void take_chunk(const sq_scored *c, size_t nc, size_t chunk, size_t from, size_t to,
		       sq_ranked *out, size_t *n)
{
	for (size_t j = 0; j < nc; j++) {
		size_t pos = chunk * SQ_TOPK_CHUNK + j;
		if (pos < from || pos >= to)
			continue;
		out[*n].tid = c[j].tid;
		out[*n].score = c[j].score;
		out[*n].date = NULL;
		out[(*n)++].pass = true;
	}
}

int sq_topk_read(sq_store *s, const char *term, size_t from, size_t to, sq_ranked *out,
		 size_t *n, pd_err *err)
{
	*n = 0;
	if (from >= to)
		return 0;
	sqlite3_stmt *st = sq_prep(s, "SELECT chunk, list FROM topk_lists WHERE term = ?1"
				   " AND chunk >= ?2 AND chunk <= ?3 ORDER BY chunk", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, term);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(from / SQ_TOPK_CHUNK));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)((to - 1) / SQ_TOPK_CHUNK));
	sq_scored c[SQ_TOPK_CHUNK];
	size_t want = from / SQ_TOPK_CHUNK, nc = SQ_TOPK_CHUNK;
	int rc = 0, step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 chunk = sqlite3_column_int64(st, 0);
		const void *blob = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		/* the chunks come in order, none missing, every one but a list's
		 * last full */
		if (nc < SQ_TOPK_CHUNK || chunk < 0 || (size_t)chunk != want ||
		    sq_topk_unpack(blob, len, c, SQ_TOPK_CHUNK, &nc) != 0 || nc == 0)
			rc = pd_err_set(err, PD_ESTORE, "a top list of \"%s\" is damaged", term);
		else
			take_chunk(c, nc, want++, from, to, out, n);
	}
	if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sq_fail(s, err, "reading a top list");
	sq_done(st);
	return rc;
}
