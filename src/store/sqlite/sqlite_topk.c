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

#include "base/buf.h"
#include "base/mem.h"
#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* Defaults: a list for terms in >= 1000 turns (below that exhaustive
 * ranking takes ~1 ms); 256 turns a list covers pages up to 12 deep. */
#define SQ_TOPK_MIN_DOCS 1000
#define SQ_TOPK_SIZE 256
/* Filters or facets over more matches than this are counted on a sample of
 * about SQ_SAMPLE_SIZE of them (sqlite_search.c). */
#define SQ_SAMPLE_MIN 8192
#define SQ_SAMPLE_SIZE 4096

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

/* Writes one term's list. */
static int build_list(sq_store *s, const char *term, size_t ndocs, pd_buf *match,
		      pd_err *err)
{
	sq_ranked *v = NULL;
	size_t n = 0;
	quote_term(match, term);
	int rc = sq_rank_top(s, pd_buf_cstr(match), s->topk_size, &v, &n, err);
	if (rc)
		return rc;
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO topk_lists(term, pos, tid, score)"
				   " VALUES (?1, ?2, ?3, ?4)", err);
	for (size_t i = 0; st && i < n && rc == 0; i++) {
		sq_bind(st, 1, term);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 3, v[i].tid);
		sqlite3_bind_double(st, 4, v[i].score);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sq_fail(s, err, "writing a top list");
		sqlite3_reset(st);
	}
	if (st)
		sq_done(st);
	else
		rc = PD_ESTORE;
	sq_ranked_free(v, n);
	if (rc == 0 && (st = sq_prep(s, "INSERT INTO topk_terms(term, ndocs, nlist)"
				     " VALUES (?1, ?2, ?3)", err)) != NULL) {
		sq_bind(st, 1, term);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)ndocs);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "writing a top list");
		sq_done(st);
	} else if (rc == 0) {
		rc = PD_ESTORE;
	}
	return rc;
}

/* The frequent terms, from fts5vocab (document counts straight from the
 * index), each with its list. */
static int build_lists(sq_store *s, pd_err *err)
{
	int rc = sq_exec(s, "DELETE FROM topk_lists; DELETE FROM topk_terms;"
			 "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pd_vocab"
			 " USING fts5vocab(main, turns_fts, row)", err);
	if (rc)
		return rc;
	/* read the terms first: the lists are written while they are ranked */
	sqlite3_stmt *st = sq_prep(s, "SELECT term, doc FROM temp.pd_vocab WHERE doc >= ?1", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)s->topk_min_docs);
	char **terms = NULL;
	size_t *docs = NULL, n = 0, cap = 0, dcap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		if (!t || !listable(t, len))
			continue;
		terms = pd_xgrow(terms, sizeof *terms, n + 1, &cap);
		docs = pd_xgrow(docs, sizeof *docs, n + 1, &dcap);
		terms[n] = pd_xstrdup(t);
		docs[n++] = (size_t)sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	if (step != SQLITE_DONE)
		rc = sq_fail(s, err, "listing the index's terms");
	pd_buf match;
	pd_buf_init(&match, 0);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = build_list(s, terms[i], docs[i], &match, err);
	pd_buf_release(&match);
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
	free(docs);
	return rc;
}

int sq_optimize(pd_store *ps, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "optimize runs outside a transaction");
	/* one segment: every later MATCH reads one doclist per term, not one
	 * per segment (it is also what the lists are ranked on) */
	int rc = sq_exec(s, "INSERT INTO turns_fts(turns_fts) VALUES ('optimize')", err);
	if (rc)
		return rc;
	if ((rc = sq_exec(s, "BEGIN IMMEDIATE", err)) != 0)
		return rc;
	if ((rc = build_lists(s, err)) == 0)
		rc = sq_exec(s, "INSERT OR REPLACE INTO meta(key, value) SELECT 'topk_gen', value"
			     " FROM meta WHERE key = 'index_gen'", err);
	if (rc == 0)
		return sq_exec(s, "COMMIT", err);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
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

int sq_topk_read(sq_store *s, const char *term, size_t from, size_t to, sq_ranked *out,
		 size_t *n, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT tid, score FROM topk_lists WHERE term = ?1"
				   " AND pos >= ?2 AND pos < ?3 ORDER BY pos", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, term);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)to);
	int step;
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < to - from) {
		out[*n].tid = sqlite3_column_int64(st, 0);
		out[*n].score = sqlite3_column_double(st, 1);
		out[*n].date = NULL;
		out[(*n)++].pass = true;
	}
	sq_done(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading a top list");
}
