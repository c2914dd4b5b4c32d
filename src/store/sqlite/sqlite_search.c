/* sqlite_search.c: the SQLite backend's search, facets and stats (listing: sqlite_list.c).
 *
 * Search runs the user's query (search/query.h) as an FTS5 MATCH over
 * turns_fts, joined with turns and records for the filters, ranked by bm25
 * with the title column weighted above turn text (a word in the title says
 * more about the record than one in a long answer). Every turn kind,
 * narration included, ranks by text alone. Snippets are Podium's own
 * (search/snippet.h), made from the turn text for the hits on the page.
 *
 * Cost: the MATCH itself is cheap; what costs is bm25 and the joins for
 * every matching turn (a common word matches ~200k turns of the PM
 * archive). So the MATCH runs once per search, not once per answer part:
 *   - without facets: a count (from the FTS index alone when no filter
 *     needs the joins) and the ranked page;
 *   - with facets: every hit's rank and facet values go into the
 *     connection's temp table pd_hits in one pass; the total, the page and
 *     the five facets are read from there.
 * A search runs in one read transaction, so total, page and facets
 * describe the same snapshot while an ingest commits next to it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "search/query.h"
#include "search/snippet.h"
#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* bm25 column weights: title, text. Searches rank with pd_bm25, FTS5's
 * bm25 with row lengths from memory (sqlite_bm25.c); SQ_RANK_FTS5 is
 * FTS5's own, for the reference ranking of the top lists. */
#define SQ_RANK "pd_bm25(turns_fts, 3.0, 1.0)"
#define SQ_RANK_FTS5 "bm25(turns_fts, 3.0, 1.0)"
/* Rows past the page the index-only ranking reads, so that ties with the
 * page's last score are all seen (page_from_index). */
#define SQ_TIE_SLACK 64
/* Pages ending deeper than this are ranked with the joins: the index-only
 * ranking joins each of its rows one at a time. */
#define SQ_INDEX_RANK_MAX 1000

static int param(sq_where *w, const char *value)
{
	w->binds[w->nbinds++] = value;
	return w->nbinds + 1;
}

static bool set(const char *v)
{
	return v && *v;
}

/* Appends " AND ..." for every filter; turn-level filters when `turns`
 * (alias t for turns, r for records), else record-level (r only). */
int sq_add_filters(sq_where *w, const pd_filter *f, bool turns, pd_err *err)
{
	int rc = pd_store_filter_check(f, turns, err);
	if (rc)
		return rc;
	pd_buf *b = &w->sql;
	if (set(f->speaker)) {
		int k = param(w, f->speaker);
		if (turns) /* the turn's label or name, or another label of the
			    * same participant (PM for a turn labelled PRIME MINISTER) */
			pd_buf_printf(b, " AND (t.speaker = ?%d COLLATE NOCASE"
				      " OR t.speaker_name = ?%d COLLATE NOCASE"
				      " OR EXISTS (SELECT 1 FROM participants p WHERE p.rid = t.rid"
				      " AND (p.label = t.speaker OR EXISTS (SELECT 1 FROM"
				      " json_each(p.aliases) WHERE value = t.speaker))"
				      " AND (p.label = ?%d COLLATE NOCASE OR EXISTS (SELECT 1 FROM"
				      " json_each(p.aliases) WHERE value = ?%d COLLATE NOCASE))))",
				      k, k, k, k);
		else /* the records as one list: a test per record took 1.5 s for
		      * PRIME MINISTER's 68k records at 10x (the speaker page), the
		      * list ~0.2 s (the aliases from the aliased rows only) */
			pd_buf_printf(b, " AND r.rid IN (SELECT rid FROM participants"
				      " WHERE label = ?%d COLLATE NOCASE OR name = ?%d COLLATE NOCASE"
				      " UNION ALL SELECT rid FROM participants INDEXED BY"
				      " participants_aliased WHERE aliases IS NOT NULL AND EXISTS"
				      " (SELECT 1 FROM json_each(aliases) WHERE value = ?%d"
				      " COLLATE NOCASE))", k, k, k);
	}
	/* Plain comparisons, so records_date is used (ingest lists one day's
	 * records for every record it links: a scan made that quadratic).
	 * ISO dates compare as strings: from "2020-05" takes every date >= it;
	 * to "2020-05" every date up to "2020-05~" ('~' sorts after digits and
	 * '-'), i.e. all of May. */
	if (set(f->from))
		pd_buf_printf(b, " AND r.date >= ?%d", param(w, f->from));
	if (set(f->to))
		pd_buf_printf(b, " AND r.date <= ?%d || '~'", param(w, f->to));
	if (set(f->type))
		pd_buf_printf(b, " AND r.release_type = ?%d COLLATE NOCASE", param(w, f->type));
	if (set(f->topic)) /* one list from topics_topic (a test per record:
			    * 0.1 s to count a topic's records at 10x, not 2 ms) */
		pd_buf_printf(b, " AND r.rid IN (SELECT tp.rid FROM topics tp"
			      " WHERE tp.topic = ?%d COLLATE NOCASE)", param(w, f->topic));
	if (set(f->lang)) {
		int k = param(w, f->lang);
		/* "zh" matches "zh", "zh-Hant" and "zh-Hans"; a turn in another
		 * language than its record's (t.lang) counts as that language */
		const char *lang = turns ? "coalesce(t.lang, r.language)" : "r.language";
		pd_buf_printf(b, " AND (%s = ?%d COLLATE NOCASE OR %s LIKE ?%d || '-%%')",
			      lang, k, lang, k);
	}
	if (turns && set(f->turn_kind))
		pd_buf_printf(b, " AND t.kind = ?%d", param(w, f->turn_kind));
	return 0;
}

void sq_bind_where(sqlite3_stmt *st, const sq_where *w, const char *match)
{
	if (match)
		sq_bind(st, 1, match);
	for (int i = 0; i < w->nbinds; i++)
		sq_bind(st, i + 2, w->binds[i]);
}

/* The statement for sql with the filters (and MATCH, when given) bound;
 * NULL with err set. */
static sqlite3_stmt *prep_bound(sq_store *s, const pd_buf *sql, const sq_where *w,
				const char *match, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(sql), err);
	if (st)
		sq_bind_where(st, w, match);
	return st;
}

int sq_read_count(sq_store *s, sqlite3_stmt *st, size_t *total, pd_err *err)
{
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	else
		rc = sq_fail(s, err, "counting");
	sq_done(st);
	return rc;
}

/* Runs "SELECT count(*) <from_where>" with the filters. */
static int count_rows(sq_store *s, pd_buf *sql, const char *from_where, const sq_where *w,
		      const char *match, size_t *total, pd_err *err)
{
	pd_buf_reset(sql);
	pd_buf_printf(sql, "SELECT count(*) %s%s", from_where, pd_buf_cstr(&w->sql));
	return sq_read_count(s, prep_bound(s, sql, w, match, err), total, err);
}

/* LIMIT and OFFSET are the two parameters after the filters. */
static void bind_page(sqlite3_stmt *st, const sq_where *w, size_t limit, size_t offset)
{
	sqlite3_bind_int64(st, w->nbinds + 2, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, w->nbinds + 3, (sqlite3_int64)offset);
}

int sq_search_prepare(sq_store *s, pd_err *err)
{
	/* Per connection, in the temp schema: also on read-only handles. */
	return sq_exec(s, "CREATE TEMP TABLE IF NOT EXISTS pd_hits("
		       " tid INTEGER PRIMARY KEY, rid INTEGER NOT NULL, score REAL NOT NULL,"
		       " date TEXT, speaker TEXT, type TEXT, lang TEXT)", err);
}

/* One pass over the matches: rank and facet values of every hit into
 * temp.pd_hits; *total gets their number. */
static int collect_hits(sq_store *s, pd_buf *sql, const sq_where *w, const char *match,
			size_t *total, pd_err *err)
{
	int rc = sq_exec(s, "DELETE FROM temp.pd_hits", err);
	if (rc)
		return rc;
	pd_buf_reset(sql);
	pd_buf_printf(sql, "INSERT INTO temp.pd_hits(tid, rid, score, date, speaker, type, lang)"
		      " SELECT t.tid, t.rid, -" SQ_RANK ", r.date,"
		      " coalesce(t.speaker_name, t.speaker), r.release_type,"
		      " coalesce(t.lang, r.language)" SQ_HIT_FROM " WHERE turns_fts MATCH ?1%s",
		      pd_buf_cstr(&w->sql));
	sqlite3_stmt *st = prep_bound(s, sql, w, match, err);
	if (!st)
		return PD_ESTORE;
	if ((rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "searching")) == 0)
		*total = (size_t)sqlite3_changes(s->db);
	sq_done(st);
	return rc;
}

static int read_hits(sq_store *s, sqlite3_stmt *st, const pd_query *q,
		     pd_search_result *out, pd_err *err)
{
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		out->hits = pd_xgrow(out->hits, sizeof *out->hits, out->nhits + 1, &cap);
		pd_hit *h = &out->hits[out->nhits++];
		h->record_id = sq_col(st, 0);
		h->title = sq_col(st, 1);
		h->date = sq_col(st, 2);
		h->release_type = sq_col(st, 3);
		h->language = sq_col(st, 4);
		h->turn = sqlite3_column_int(st, 5);
		h->speaker = sq_col(st, 6);
		h->speaker_name = sq_col(st, 7);
		h->turn_kind = sq_col(st, 8);
		const char *text = (const char *)sqlite3_column_text(st, 9);
		h->snippet = pd_snippet_make(text ? text : "", (size_t)sqlite3_column_bytes(st, 9),
					     q->positive, q->npositive, 0);
		h->score = sqlite3_column_double(st, 10);
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "searching");
}

/* The page of hits, from temp.pd_hits (collected) or straight from the
 * index. */
static int page_hits(sq_store *s, pd_buf *sql, const sq_where *w, const char *match,
		     bool collected, const pd_search_req *req, const pd_query *q,
		     pd_search_result *out, pd_err *err)
{
	static const char cols[] = "SELECT r.id, r.title, r.date, r.release_type, r.language,"
		" t.n, t.speaker, t.speaker_name, t.kind, coalesce(t.text, t.title)";
	pd_buf_reset(sql);
	if (collected)
		pd_buf_printf(sql, "%s, h.score FROM temp.pd_hits h JOIN turns t ON t.tid = h.tid"
			      " JOIN records r ON r.rid = h.rid"
			      " ORDER BY h.score DESC, h.date DESC, h.tid LIMIT ?%d OFFSET ?%d",
			      cols, w->nbinds + 2, w->nbinds + 3);
	else /* rank on keys only, then read the text of the page: a sort that
	      * carries every hit's text spills to disk for large limits
	      * (43k hits of "government": 4 s against 1.4 s) */
		pd_buf_printf(sql, "WITH h AS MATERIALIZED (SELECT t.tid AS tid, t.rid AS rid,"
			      " r.date AS date, -" SQ_RANK " AS score" SQ_HIT_FROM
			      " WHERE turns_fts MATCH ?1%s"
			      " ORDER BY score DESC, r.date DESC, t.tid LIMIT ?%d OFFSET ?%d)"
			      " %s, h.score FROM h JOIN turns t ON t.tid = h.tid"
			      " JOIN records r ON r.rid = h.rid ORDER BY h.score DESC, h.date DESC, h.tid",
			      pd_buf_cstr(&w->sql), w->nbinds + 2, w->nbinds + 3, cols);
	/* the collected form binds no filters; LIMIT/OFFSET keep their numbers */
	sqlite3_stmt *st = collected ? sq_prep(s, pd_buf_cstr(sql), err)
				     : prep_bound(s, sql, w, match, err);
	if (!st)
		return PD_ESTORE;
	bind_page(st, w, req->limit ? req->limit : 20, req->offset);
	return read_hits(s, st, q, out, err);
}

void sq_ranked_free(sq_ranked *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].date);
	free(v);
}

/* Podium's order: score, then newest record, then stored order. */
int sq_ranked_cmp(const void *pa, const void *pb)
{
	const sq_ranked *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	int d = strcmp(b->date ? b->date : "", a->date ? a->date : "");
	if (d)
		return d;
	return a->tid < b->tid ? -1 : a->tid > b->tid;
}

/* Reads each candidate's date and whether it passes the filters (one
 * lookup each: the caller keeps n small). */
static int date_and_filter(sq_store *s, const sq_where *w, sq_ranked *v, size_t n, pd_err *err)
{
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "SELECT r.date, 1%s FROM turns t JOIN records r ON r.rid = t.rid"
		      " WHERE t.tid = ?1", pd_buf_cstr(&w->sql));
	sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(&sql), err);
	pd_buf_release(&sql);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sq_bind_where(st, w, NULL);
		sqlite3_bind_int64(st, 1, v[i].tid);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			free(v[i].date);
			v[i].date = sq_col(st, 0);
			v[i].pass = sqlite3_column_int(st, 1) != 0;
		} else if (step == SQLITE_DONE) {
			v[i].pass = false;
		} else {
			rc = sq_fail(s, err, "searching");
		}
		sqlite3_reset(st);
	}
	sq_done(st);
	return rc;
}

/* Runs pd_bm25_walk over a MATCH of one phrase, into w; when the phrase
 * is one term (term, as the index holds it, else NULL), from its doclist
 * read in C where the index allows (sq_bm25_walk_doclist: FTS5's
 * iteration of `government`'s 526k rows was ~21 ms of a filtered
 * search's 33 at 10x). */
static int walk_run(sq_store *s, const char *match, const char *term, sq_walk *w, pd_err *err)
{
	bool done = false;
	int rc = term ? sq_bm25_walk_doclist(s, term, w, &done, err) : 0;
	if (rc == PD_EINPUT) { /* FTS5 reads it (and reports it if damaged) */
		pd_err_clear(err);
		rc = 0;
	}
	s->doclist_walks += done;
	if (rc || done)
		return rc;
	sqlite3_stmt *st = sq_prep(s, "SELECT pd_bm25_walk(turns_fts, ?2, 3.0, 1.0) FROM turns_fts"
				   " WHERE turns_fts MATCH ?1 LIMIT 1", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, match);
	sqlite3_bind_pointer(st, 2, w, SQ_WALK_PTR, NULL);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		;
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "searching");
}

/* The terms a ranking may read from their doclists in C: the query's one
 * term (n = 1), the two of its AND (n = 2), or none. */
typedef struct walk_terms {
	const char *t[2];
	size_t n;
} walk_terms;

/* The cap best matches of an AND of two terms (in set, when not NULL) by
 * SQ_RANK, from their doclists in C (sq_bm25_and_doclist) when the index
 * allows: *done false else. Rows as walk_top's. */
static int and_top(sq_store *s, const walk_terms *t, sq_tidset *set, size_t cap, sq_ranked *c,
		   size_t *n, bool *done, pd_err *err)
{
	sq_walk w = { .set = set, .cap = cap, .top = pd_xcalloc(cap ? cap : 1, sizeof *w.top) };
	int rc = sq_bm25_and_doclist(s, t->t, &w, done, err);
	if (rc == PD_EINPUT) { /* FTS5 ranks it (and reports it if damaged) */
		pd_err_clear(err);
		rc = 0;
	}
	*done = *done && rc == 0;
	for (size_t i = 0; *done && i < w.n; i++)
		c[i] = (sq_ranked){ .tid = w.top[i].tid, .score = w.top[i].score };
	*n = *done ? w.n : 0;
	if (set && *done)
		set->hits += w.seen;
	s->doclist_walks += *done;
	free(w.top);
	return rc;
}

/* The cap best matches of a MATCH of one phrase (in set, when not NULL)
 * by SQ_RANK, walked in C (pd_bm25_walk) instead of ranked in SQL: the
 * same rows and scores as index_prefix's statement would return, but
 * which of the rows tying the cap-th best score. */
static int walk_top(sq_store *s, const char *match, const char *term, sq_tidset *set,
		    size_t cap, sq_ranked *c, size_t *n, pd_err *err)
{
	sq_walk w = { .set = set, .cap = cap, .top = pd_xcalloc(cap ? cap : 1, sizeof *w.top) };
	int rc = walk_run(s, match, term, &w, err);
	for (size_t i = 0; i < w.n; i++)
		c[i] = (sq_ranked){ .tid = w.top[i].tid, .score = w.top[i].score };
	*n = rc == 0 ? w.n : 0;
	if (set)
		set->hits += w.seen;
	s->rank_walks++;
	free(w.top);
	return rc;
}

/* A prefix of Podium's order over the matches, ranked on the FTS index
 * alone (bm25 ORDER BY ... LIMIT, no join per match; for one phrase
 * ranked by SQ_RANK, walked in C: walk_top), then joined for the candidates' dates and
 * filters. It reads the `cap` best scores; when there are that many, the
 * rows tying with the last of them are dropped, since more may tie
 * outside: what remains is every row scoring above that score, so the
 * sort by (score, date, tid) gives exactly the first rows of the
 * exhaustive ranking. *all: these are all the matches. Joining every
 * match cost 270 ms of a 290 ms search for "the" (200k matches) on the PM
 * archive. */
static int index_prefix(sq_store *s, const char *match, const char *rank, const sq_where *w,
			sq_tidset *set, bool one_phrase, const walk_terms *t, size_t cap,
			sq_ranked **out, size_t *nout, bool *all, pd_err *err)
{
	sq_ranked *c = pd_xcalloc(cap ? cap : 1, sizeof *c);
	size_t n = 0;
	int rc = 0, step;
	bool done = false;
	if (one_phrase) { /* rank is SQ_RANK */
		rc = walk_top(s, match, t && t->n == 1 ? t->t[0] : NULL, set, cap, c, &n, err);
		done = true;
	} else if (t && t->n == 2 && strcmp(rank, SQ_RANK) == 0) {
		rc = and_top(s, t, set, cap, c, &n, &done, err);
	}
	if (rc == 0 && !done) {
		pd_buf sql;
		pd_buf_init(&sql, 0);
		/* with a set (the filters), bm25 only for the rows in it */
		pd_buf_printf(&sql, "SELECT rowid, -%s AS score FROM turns_fts WHERE turns_fts"
			      " MATCH ?1%s ORDER BY score DESC LIMIT ?2", rank,
			      set ? " AND pd_tidset(?3, rowid)" : "");
		sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(&sql), err);
		pd_buf_release(&sql);
		if (!st) {
			free(c);
			return PD_ESTORE;
		}
		sq_bind(st, 1, match);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
		if (set)
			sqlite3_bind_pointer(st, 3, set, SQ_TIDSET_PTR, NULL);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			c[n].tid = sqlite3_column_int64(st, 0);
			c[n++].score = sqlite3_column_double(st, 1);
		}
		sq_done(st);
		if (step != SQLITE_DONE)
			rc = sq_fail(s, err, "searching");
	}
	*all = n < cap;
	if (rc == 0 && !*all) { /* the rows tying the least score read */
		double last = c[0].score;
		for (size_t i = 1; i < n; i++)
			last = c[i].score < last ? c[i].score : last;
		size_t kept = 0;
		for (size_t i = 0; i < n; i++)
			if (c[i].score != last)
				c[kept++] = c[i];
		n = kept;
	}
	if (rc == 0)
		rc = date_and_filter(s, w, c, n, err);
	if (rc) {
		sq_ranked_free(c, n);
		return rc;
	}
	qsort(c, n, sizeof *c, sq_ranked_cmp);
	*out = c;
	*nout = n;
	return 0;
}

int sq_rank_top(sq_store *s, const char *match, size_t k, sq_ranked **out, size_t *n,
		pd_err *err)
{
	sq_where none = { .nbinds = 0 };
	pd_buf_init(&none.sql, 0);
	bool all;
	int rc = index_prefix(s, match, SQ_RANK_FTS5, &none, NULL, false, NULL, k + SQ_TIE_SLACK,
			      out, n, &all, err);
	pd_buf_release(&none.sql);
	if (rc || all || *n >= k) {
		if (rc == 0 && *n > k) {
			for (size_t i = k; i < *n; i++)
				free((*out)[i].date);
			*n = k;
		}
		return rc;
	}
	/* the ties ran past the slack: rank with the joins */
	sq_ranked_free(*out, *n);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = sq_prep(s, "SELECT t.tid, -" SQ_RANK_FTS5 " AS score, r.date" SQ_HIT_FROM
				   " WHERE turns_fts MATCH ?1 ORDER BY score DESC, r.date DESC, t.tid"
				   " LIMIT ?2", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, match);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
	sq_ranked *v = pd_xcalloc(k ? k : 1, sizeof *v);
	size_t m = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && m < k) {
		v[m].tid = sqlite3_column_int64(st, 0);
		v[m].score = sqlite3_column_double(st, 1);
		v[m].pass = true;
		v[m++].date = sq_col(st, 2);
	}
	sq_done(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		sq_ranked_free(v, m);
		return sq_fail(s, err, "ranking");
	}
	*out = v;
	*n = m;
	return 0;
}

/* The hits of the page from a prefix of the order: the rows that pass the
 * filters, from the offset-th on. *filled: the prefix held the whole page;
 * *passed: rows of the prefix that pass. */
static int page_from_prefix(sq_store *s, const sq_ranked *v, size_t n, const pd_search_req *req,
			    const pd_query *q, pd_search_result *out, bool *filled,
			    size_t *passed, pd_err *err)
{
	static const char page_sql[] = "SELECT r.id, r.title, r.date, r.release_type,"
		" r.language, t.n, t.speaker, t.speaker_name, t.kind, coalesce(t.text, t.title), ?2"
		" FROM turns t JOIN records r ON r.rid = t.rid WHERE t.tid = ?1";
	size_t want = req->offset + (req->limit ? req->limit : 20), seen = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!v[i].pass)
			continue;
		if (seen >= req->offset && seen < want) {
			sqlite3_stmt *st = sq_prep(s, page_sql, err);
			if (!st)
				return PD_ESTORE;
			sqlite3_bind_int64(st, 1, v[i].tid);
			sqlite3_bind_double(st, 2, v[i].score);
			rc = read_hits(s, st, q, out, err);
		}
		seen++;
	}
	*filled = seen >= want;
	*passed = seen;
	return rc;
}

/* The one term of a node that is a single word or CJK bigram (also when
 * quoted), folded as the index holds it; false for anything else. */
static bool node_term(const pd_qnode *r, pd_buf *term)
{
	if (!r || (r->kind != PD_Q_TERM && r->kind != PD_Q_PHRASE) || !r->text)
		return false;
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, r->text, strlen(r->text), PD_TOK_QUERY);
	bool one = pd_tokenizer_next(&t, &tok) && tok.kind != PD_TOKEN_UNIGRAM;
	if (one) {
		pd_buf_reset(term);
		pd_buf_add(term, tok.text, tok.len);
	}
	one = one && !pd_tokenizer_next(&t, &tok);
	pd_tokenizer_release(&t);
	return one;
}

static bool single_term(const pd_query *q, pd_buf *term)
{
	return node_term(q->root, term);
}

/* The two terms of a query that is an AND of two of them (in the MATCH
 * expression's order: phrase 0, phrase 1). */
static bool two_terms(const pd_query *q, pd_buf term[2])
{
	const pd_qnode *r = q->root;
	return r && r->kind == PD_Q_AND && r->nkids == 2 && node_term(r->kids[0], &term[0]) &&
	       node_term(r->kids[1], &term[1]);
}

/* The terms of a query that is one phrase of 2 .. SQ_PHRASE_MAX terms,
 * folded as the index holds them, NUL-separated in buf; false for anything
 * else (one term, a lone CJK character, which the MATCH makes a prefix). */
static bool phrase_terms(const pd_query *q, pd_buf *buf, size_t off[SQ_PHRASE_MAX], size_t *n)
{
	const pd_qnode *r = q->root;
	*n = 0;
	if (!r || (r->kind != PD_Q_TERM && r->kind != PD_Q_PHRASE) || !r->text)
		return false;
	pd_tokenizer t;
	pd_token tok;
	bool ok = true;
	pd_tokenizer_init(&t, r->text, strlen(r->text), PD_TOK_QUERY);
	while (ok && pd_tokenizer_next(&t, &tok)) {
		ok = tok.kind != PD_TOKEN_UNIGRAM && *n < SQ_PHRASE_MAX;
		if (ok) {
			off[(*n)++] = buf->len;
			pd_buf_add(buf, tok.text, tok.len);
			pd_buf_putc(buf, '\0');
		}
	}
	pd_tokenizer_release(&t);
	return ok && *n >= 2;
}

/* What the search knows before ranking. */
typedef struct plan {
	const char *match;
	const sq_where *w;
	bool has_list;          /* a current top list for the query's one term */
	const char *term;
	size_t ndocs, nlist;    /* from the list */
	const pd_filter *filter;
	/* an AND of two terms that both have a current list */
	bool two_lists;
	const char *terms[2];
	size_t ndocs2[2], nlist2[2];
	bool one_phrase;        /* the MATCH is one FTS5 phrase (a term or phrase) */
	/* that phrase's terms, when it has 2 .. SQ_PHRASE_MAX and each could
	 * have a top list (no lone CJK character) */
	const char *pterms[SQ_PHRASE_MAX];
	size_t npterms;
	/* an AND of two terms (with lists or not) */
	bool and_two;
	const char *and_terms[2];
} plan;

/* The query's one term (a word or CJK bigram), or the two of its AND. */
static struct walk_terms plan_walk_terms(const plan *p)
{
	struct walk_terms t = { .n = 0 };
	if (p->term && p->term[0])
		t = (struct walk_terms){ .t = { p->term }, .n = 1 };
	else if (p->and_two)
		t = (struct walk_terms){ .t = { p->and_terms[0], p->and_terms[1] }, .n = 2 };
	return t;
}

/* Checks the filters on v in order, in growing chunks, until want rows
 * pass; *n becomes the number checked (all of v when fewer pass). */
static int filter_until(sq_store *s, const sq_where *w, sq_ranked *v, size_t *n, size_t want,
			pd_err *err)
{
	size_t done = 0, passed = 0;
	for (size_t chunk = want + 8; done < *n && passed < want; chunk *= 2) {
		size_t end = done + chunk < *n ? done + chunk : *n;
		int rc = date_and_filter(s, w, v + done, end - done, err);
		if (rc)
			return rc;
		for (; done < end; done++)
			passed += v[done].pass;
	}
	for (size_t i = done; i < *n; i++)
		free(v[i].date);
	*n = done;
	return 0;
}

/* The page from the term's top list: exact when the page ends inside it,
 * or the list holds every match. */
static int page_from_list(sq_store *s, const plan *p, const pd_search_req *req,
			  const pd_query *q, pd_search_result *out, bool *done, size_t *passed,
			  pd_err *err)
{
	size_t want = req->offset + (req->limit ? req->limit : 20);
	bool filters = p->w->nbinds > 0;
	/* without filters only the page's entries are read */
	size_t from = filters ? 0 : req->offset, to = filters ? p->nlist : want;
	if (to > p->nlist)
		to = p->nlist;
	*done = false;
	if (!filters && want > p->nlist && p->nlist < p->ndocs)
		return 0;
	if (from >= to) {
		*done = p->nlist >= p->ndocs;
		*passed = 0;
		return 0;
	}
	sq_ranked *v = pd_xcalloc(to - from, sizeof *v);
	size_t n = 0;
	bool filled;
	int rc = sq_topk_read(s, p->term, from, to, v, &n, err);
	if (rc == 0 && filters) /* filters checked in order, until the page is full */
		rc = filter_until(s, p->w, v, &n, want, err);
	if (rc == 0) {
		pd_search_req sub = *req;
		sub.offset = filters ? req->offset : 0;
		rc = page_from_prefix(s, v, n, &sub, q, out, &filled, passed, err);
		*done = filled || p->nlist >= p->ndocs;
		if (!*done) /* read again from a longer prefix */
			pd_search_result_release(out);
	}
	sq_ranked_free(v, n);
	return rc;
}

/* Unfiltered: the page from a prefix of the index (the page plus
 * SQ_TIE_SLACK rows); *done false when ties ran past those (the caller
 * ranks with the joins). With filters this is not tried: every prefix
 * scores every match, and a selective filter needs a long one, so the
 * joined ranking, which scores only rows that pass, costs less. */
static int page_walk(sq_store *s, const plan *p, const pd_search_req *req, const pd_query *q,
		     pd_search_result *out, bool *done, size_t *passed, pd_err *err)
{
	size_t want = req->offset + (req->limit ? req->limit : 20);
	sq_ranked *v = NULL;
	size_t n = 0;
	bool all, filled;
	*done = false;
	if (p->w->nbinds)
		return 0;
	walk_terms t = plan_walk_terms(p);
	int rc = index_prefix(s, p->match, SQ_RANK, p->w, NULL, p->one_phrase, &t,
			      want + SQ_TIE_SLACK, &v, &n, &all, err);
	if (rc == 0)
		rc = page_from_prefix(s, v, n, req, q, out, &filled, passed, err);
	sq_ranked_free(v, n);
	*done = rc == 0 && (filled || all);
	if (rc == 0 && !*done)
		pd_search_result_release(out);
	return rc;
}

static int count_index_pass(sq_store *s, const char *match, size_t *n, pd_err *err)
{
	sq_where none = { .nbinds = 0 };
	pd_buf sql;
	pd_buf_init(&none.sql, 0);
	pd_buf_init(&sql, 0);
	int rc = count_rows(s, &sql, "FROM turns_fts WHERE turns_fts MATCH ?1", &none, match,
			    n, err);
	pd_buf_release(&sql);
	pd_buf_release(&none.sql);
	return rc;
}

/* A MATCH's matches as kept (sqlite_keeper.c, SQ_KEEP_COUNT). */
typedef struct kept_total {
	size_t n;
	bool estimated;
} kept_total;

/* The matches kept for match at this index_gen, or NULL. */
static const kept_total *kept_count(sq_store *s, const char *match)
{
	return sq_keep_find(s, SQ_KEEP_COUNT, match);
}

/* Keeps n for match at this index_gen, while the top lists are current. */
static void keep_count(sq_store *s, const char *match, size_t n, bool estimated)
{
	kept_total *kept = pd_xmalloc(sizeof *kept);
	*kept = (kept_total){ n, estimated };
	sq_keep_put(s, SQ_KEEP_COUNT, match, kept, sizeof *kept, free);
}

/* The terms a count reads from the doclists: a phrase's (phrase true) or
 * an AND's two; 0 terms for neither. */
static size_t count_terms(const plan *p, const char *const **terms, bool *phrase)
{
	*phrase = p->npterms >= 2;
	*terms = *phrase ? p->pterms : p->and_terms;
	return *phrase ? p->npterms : p->and_two ? 2 : 0;
}

/* The matches of a phrase of plain terms or of an AND of two, counted on
 * the index's doclists in C (sqlite_doclist.c) when it may (sq_doclist_seg):
 * FTS5's own count checks the phrase's positions through its expression
 * machinery row by row (~165 ms for "in the world" at 10x). *done false
 * when not available; an index the reader does not parse is left to
 * FTS5 (which reports it if it is damaged). */
static int count_doclists(sq_store *s, const plan *p, size_t *n, bool *done, pd_err *err)
{
	const char *const *terms;
	bool phrase;
	size_t nt = count_terms(p, &terms, &phrase);
	int rc = nt ? sq_doclist_count(s, terms, nt, phrase, n, done, err) : (*done = false, 0);
	if (rc == PD_EINPUT) {
		pd_err_clear(err);
		*done = false;
		rc = 0;
	}
	s->doclist_counts += *done;
	return rc;
}

/* The turns' rowids run below this (the strata's span). */
static int tid_span(sq_store *s, sqlite3_int64 *span, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT max(tid) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int step = sqlite3_step(st);
	*span = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 0;
	sq_done(st);
	return step == SQLITE_ROW ? 0 : sq_fail(s, err, "searching");
}

/* A count too dear to take in full (SQ_COUNT_EXACT_ROWS), estimated from
 * strata spread over the index: the share of the rarest term's rows there
 * that match, times its rows (from its list). *done false when it is not
 * estimated: a term without a list (in fewer than topk_min_docs turns),
 * few rows in all, or too few matches in the sample to go by. */
static int estimate_count(sq_store *s, const plan *p, size_t *n, bool *done, pd_err *err)
{
	const char *const *terms;
	bool phrase;
	size_t nt = count_terms(p, &terms, &phrase), r = 0, ndocs[SQ_PHRASE_MAX], total = 0;
	*done = false;
	for (size_t i = 0; i < nt; i++) {
		size_t nlist;
		int rc = sq_topk_find(s, terms[i], &ndocs[i], &nlist, err);
		if (rc != 1)
			return rc < 0 ? rc : 0;
		total += ndocs[i];
		r = ndocs[i] < ndocs[r] ? i : r;
	}
	if (nt == 0 || total <= s->count_exact_rows)
		return 0;
	sq_strata st = { .n = s->count_strata };
	int rc = tid_span(s, &st.span, err);
	double share = (double)s->count_sample_rows / (double)total;
	st.width = (sqlite3_int64)((double)st.span * share / (double)st.n);
	if (rc || share >= 0.5 || st.width < 1)
		return rc;
	size_t hits, rows;
	bool sampled;
	rc = sq_doclist_count_sampled(s, terms, nt, phrase, &st, r, &hits, &rows, &sampled, err);
	if (rc == PD_EINPUT) { /* the exact count goes to FTS5 and reports it */
		pd_err_clear(err);
		return 0;
	}
	if (rc || !sampled || hits < SQ_COUNT_SAMPLE_HITS || rows == 0)
		return rc;
	double est = (double)hits * (double)ndocs[r] / (double)rows + 0.5;
	*n = est < (double)hits ? hits : est > (double)ndocs[r] ? ndocs[r] : (size_t)est;
	*done = true;
	s->estimated_counts++;
	return 0;
}

/* Matches in the FTS index alone, no join: exact and cheap next to bm25,
 * or (unless exact) estimated where counting them reads millions of rows
 * (*estimated). A count depends on the index alone, so it is kept per
 * index_gen (a common phrase's count is a pass over every row holding its
 * words). */
static int count_index(sq_store *s, const plan *p, bool exact, size_t *n, bool *estimated,
		       pd_err *err)
{
	const kept_total *kept = kept_count(s, p->match);
	if (kept && !(kept->estimated && exact)) {
		*n = kept->n;
		*estimated = kept->estimated;
		return 0;
	}
	bool done = false;
	int rc = exact ? 0 : estimate_count(s, p, n, &done, err);
	*estimated = done;
	if (rc == 0 && !done)
		rc = count_doclists(s, p, n, &done, err);
	if (rc == 0 && !done)
		rc = count_index_pass(s, p->match, n, err);
	if (rc == 0)
		keep_count(s, p->match, *n, *estimated);
	return rc;
}

/* Total (and, with facets, the facet counts) of more than sample_min
 * matches, estimated from a sample (sqlite_facets.c). At least the hits
 * the page walk saw, at most nall. */
static int estimate(sq_store *s, const plan *p, size_t nall, bool about,
		    const pd_search_req *req, size_t seen, pd_search_result *out, pd_err *err)
{
	bool facets = req->want_facets;
	sq_hitsrc src = { .match = p->match, .w = p->w, .n = nall, .exact = req->exact_total };
	if (p->w->nbinds == 0) /* the sample may walk the terms' doclists */
		src.nterms = count_terms(p, &src.terms, &src.phrase);
	if (p->w->nbinds == 0 && src.nterms == 0 && p->term && p->term[0]) {
		src.terms = &p->term;
		src.nterms = 1;
	}
	size_t count = 0;
	bool sampled = false;
	int rc = sq_hits_count(s, &src, facets, out, &count, &sampled, err);
	/* filtered: the count (exact unless sampled); else nall (exact unless
	 * `about`, itself estimated) */
	out->total = p->w->nbinds ? count : nall;
	out->estimated = p->w->nbinds ? sampled : about;
	out->facets_estimated = sampled && facets;
	if (out->total < seen)
		out->total = seen;
	if (out->total > nall && !about) /* an estimated nall bounds nothing */
		out->total = nall;
	return rc;
}

/* The page, best-first: from the term's list, else from a prefix of the
 * index, else ranked with the joins. *seen: hits known to exist. */
/* A turn of either of two terms' top lists, and the most it can score
 * for their AND. */
typedef struct pair_cand {
	sqlite3_int64 tid;
	double ub;
} pair_cand;

static int by_tid(const void *pa, const void *pb)
{
	const sq_ranked *a = pa, *b = pb;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

static int by_ub_desc(const void *pa, const void *pb)
{
	const pair_cand *a = pa, *b = pb;
	return (a->ub < b->ub) - (a->ub > b->ub);
}

/* The candidates of an AND of two listed terms: every turn in either
 * list, with the most it can score for the AND. The AND's bm25 is the sum
 * of the two one-term scores FTS5 computes (the same idf, mean length and
 * row length per phrase), rounded, and the rounded sum is monotone: a
 * turn in both lists scores exactly the sum of its two list scores, a
 * turn in one list at most its score there plus the other list's last,
 * and a turn in neither at most the sum of the lists' last scores
 * (*bound). *complete: a list holds every turn of its term, so every
 * match is a candidate. *c (free) by ub, best first. */
static int two_list_candidates(sq_store *s, const plan *p, pair_cand **c, size_t *nc,
			       double *bound, bool *complete, pd_err *err)
{
	sq_ranked *v[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 };
	double last[2] = { 0, 0 };
	int rc = 0;
	*c = NULL;
	*nc = 0;
	*bound = 0;
	*complete = false;
	for (int i = 0; i < 2 && rc == 0; i++) {
		v[i] = pd_xcalloc(p->nlist2[i] ? p->nlist2[i] : 1, sizeof *v[i]);
		rc = sq_topk_read(s, p->terms[i], 0, p->nlist2[i], v[i], &n[i], err);
		if (rc == 0 && n[i] < p->nlist2[i])
			rc = pd_err_set(err, PD_ESTORE, "a top list is shorter than it says");
		if (rc == 0) {
			*complete = *complete || n[i] >= p->ndocs2[i];
			last[i] = n[i] ? v[i][n[i] - 1].score : 0;
			*bound += last[i];
		}
	}
	if (rc == 0) {
		pair_cand *out = pd_xcalloc(n[0] + n[1] + 1, sizeof *out);
		size_t m = 0;
		qsort(v[1], n[1], sizeof *v[1], by_tid);
		for (size_t k = 0; k < n[0]; k++) { /* v[1]'s pass: not also in v[0] */
			sq_ranked *both = bsearch(&v[0][k], v[1], n[1], sizeof *v[1], by_tid);
			if (both)
				both->pass = false;
			out[m++] = (pair_cand){ v[0][k].tid,
						v[0][k].score + (both ? both->score : last[1]) };
		}
		for (size_t k = 0; k < n[1]; k++)
			if (v[1][k].pass)
				out[m++] = (pair_cand){ v[1][k].tid, last[0] + v[1][k].score };
		qsort(out, m, sizeof *out, by_ub_desc);
		*c = out;
		*nc = m;
	}
	sq_ranked_free(v[0], n[0]);
	sq_ranked_free(v[1], n[1]);
	return rc;
}

/* Inserts x into top, the k best scores so far (best first, *n of them). */
static void keep_best(double *top, size_t k, size_t *n, double x)
{
	if (*n == k && top[k - 1] >= x)
		return;
	size_t i = *n < k ? (*n)++ : k - 1;
	for (; i > 0 && top[i - 1] < x; i--)
		top[i] = top[i - 1];
	top[i] = x;
}

/* The statement that scores one row of a MATCH (score_row). */
static sqlite3_stmt *prep_score_row(sq_store *s, pd_err *err)
{
	return sq_prep(s, "SELECT -" SQ_RANK " FROM turns_fts WHERE turns_fts MATCH ?1"
		       " AND rowid = ?2", err);
}

/* Turn tid's score for match, one FTS5 lookup by rowid (the match checked
 * in that row only); *found false when the turn does not match. */
static int score_row(sq_store *s, sqlite3_stmt *st, const char *match, sqlite3_int64 tid,
		     double *score, bool *found, pd_err *err)
{
	sq_bind(st, 1, match);
	sqlite3_bind_int64(st, 2, tid);
	int step = sqlite3_step(st), rc = 0;
	*found = step == SQLITE_ROW;
	if (*found)
		*score = sqlite3_column_double(st, 0);
	else if (step != SQLITE_DONE)
		rc = sq_fail(s, err, "searching");
	sqlite3_reset(st);
	return rc;
}

/* A margin for bounds derived through arithmetic FTS5 does not do in that
 * order: far above rounding, far below the gaps between scores. */
#define SQ_BOUND_MARGIN (1 + 1e-9)

/* What ranking an AND of two listed terms from their candidates found:
 * v (best first in Podium's order once sorted) and whether its first
 * `want` rows are the exhaustive ranking's. */
typedef struct pair_ranked {
	sq_ranked *v;
	size_t n;
	bool exact;
} pair_ranked;

/* The candidates looked up one by one by rowid (score_row: both terms
 * checked in that row only), the most promising first, until the want-th
 * best score found is above what any candidate left can score. The page
 * is theirs when that score is also above the bound (no turn in neither
 * list scores more), or every match is a candidate. At most `budget`
 * lookups: *over when they did not settle it, and then *promising when
 * the page found so far beats the bound (a walk over the candidates may
 * then settle it; else it most likely would not). */
static int pair_by_lookups(sq_store *s, const char *match, const pair_cand *c, size_t nc,
			   size_t want, double bound, bool complete, size_t budget,
			   pair_ranked *r, bool *over, bool *promising, pd_err *err)
{
	sqlite3_stmt *st = prep_score_row(s, err);
	if (!st)
		return PD_ESTORE;
	double *top = pd_xcalloc(want, sizeof *top);
	size_t ntop = 0, i = 0;
	int rc = 0;
	r->v = pd_xcalloc(nc + 1, sizeof *r->v);
	r->n = 0;
	*over = false;
	for (; i < nc && rc == 0; i++) {
		if (ntop == want && top[want - 1] > c[i].ub * SQ_BOUND_MARGIN)
			break; /* the rest rank below the page */
		if (!complete && c[i].ub <= bound)
			break; /* the rest cannot beat the bound */
		if (i >= budget) {
			*over = true;
			break;
		}
		bool found;
		double score = 0;
		rc = score_row(s, st, match, c[i].tid, &score, &found, err);
		if (rc == 0 && found) {
			r->v[r->n++] = (sq_ranked){ .tid = c[i].tid, .score = score, .pass = true };
			keep_best(top, want, &ntop, score);
		}
	}
	sq_done(st);
	bool settled = i == nc || (ntop == want && top[want - 1] > c[i].ub * SQ_BOUND_MARGIN);
	r->exact = rc == 0 && settled &&
		   (complete || (ntop == want && top[want - 1] > bound * SQ_BOUND_MARGIN));
	s->pair_lookups += r->exact ? i : 0;
	*promising = complete || (ntop == want && top[want - 1] > bound * SQ_BOUND_MARGIN);
	free(top);
	if (rc == 0 && r->exact) {
		sq_where none = { .nbinds = 0 };
		pd_buf_init(&none.sql, 0);
		rc = date_and_filter(s, &none, r->v, r->n, err);
		pd_buf_release(&none.sql);
		if (rc == 0)
			qsort(r->v, r->n, sizeof *r->v, sq_ranked_cmp);
	}
	return rc;
}

/* The candidates ranked in one walk of the AND's matches (bm25 only for
 * the candidates): when the lookups would cost more. */
static int pair_by_walk(sq_store *s, const plan *p, const pair_cand *c, size_t nc,
			size_t want, double bound, bool complete, pair_ranked *r, pd_err *err)
{
	sqlite3_int64 top = 0;
	for (size_t k = 0; k < nc; k++)
		top = c[k].tid > top ? c[k].tid : top;
	sq_tidset set = { .nbits = top + 1 };
	set.bits = pd_xcalloc((size_t)(top + 64) / 64, sizeof *set.bits);
	for (size_t k = 0; k < nc; k++)
		set.bits[c[k].tid >> 6] |= (uint64_t)1 << (c[k].tid & 63);
	sq_where none = { .nbinds = 0 };
	pd_buf_init(&none.sql, 0);
	bool all = false;
	walk_terms t = plan_walk_terms(p);
	int rc = index_prefix(s, p->match, SQ_RANK, &none, &set, false, &t, want + SQ_TIE_SLACK,
			      &r->v, &r->n, &all, err);
	r->exact = rc == 0 && (complete ? all || r->n >= want
					: r->n >= want && r->v[want - 1].score > bound);
	sq_tidset_release(&set);
	pd_buf_release(&none.sql);
	return rc;
}

/* An unfiltered AND of two listed terms from their lists (a threshold
 * algorithm over two_list_candidates): the candidates are looked up by
 * rowid, most promising first, while that costs less than walking the
 * AND's nall matches (a lookup costs about as much as walking
 * pair_lookup_ratio of them), else ranked in one walk (not when the
 * lookups' page did not beat the bound: the walk would most likely not
 * settle it either, and the caller's ranking of every match is a second
 * walk). *done false when the page's last hit does not beat the bound
 * (the caller ranks every match). */
static int page_from_two_lists(sq_store *s, const plan *p, size_t nall,
			       const pd_search_req *req, const pd_query *q,
			       pd_search_result *out, bool *done, size_t *passed, pd_err *err)
{
	size_t want = req->offset + (req->limit ? req->limit : 20), nc = 0;
	pair_cand *c = NULL;
	pair_ranked r = { 0 };
	double bound;
	bool complete, over = true, promising = true, filled = false;
	*done = false;
	int rc = two_list_candidates(s, p, &c, &nc, &bound, &complete, err);
	/* fewer lookups than the page could not fill it */
	size_t budget = nall / s->pair_lookup_ratio;
	if (rc == 0 && budget >= want)
		rc = pair_by_lookups(s, p->match, c, nc, want, bound, complete, budget, &r, &over,
				     &promising, err);
	if (rc == 0 && over && promising) {
		sq_ranked_free(r.v, r.n);
		r = (pair_ranked){ 0 };
		rc = pair_by_walk(s, p, c, nc, want, bound, complete, &r, err);
	}
	if (rc == 0 && r.exact)
		rc = page_from_prefix(s, r.v, r.n, req, q, out, &filled, passed, err);
	*done = rc == 0 && r.exact;
	if (*done && !over) {
		s->pair_list_pages++;
		s->pair_cands += nc;
	}
	sq_ranked_free(r.v, r.n);
	free(c);
	return rc;
}

/* Phrases from their terms (step 2b). A turn's frequency of a phrase is
 * at most its frequency of each of the phrase's terms (every place the
 * phrase stands holds the term), column by column, and bm25's tf part
 * rises with the frequency for the same row length: in a turn where term
 * w scores idf_w * tf(f_w, D), the phrase scores at most
 * idf_phrase * tf(f_w, D), its bound there. So a phrase's page is found by
 * checking turns in their own text (sq_phrase_check: ~5-15 us a turn at
 * 10x, where an FTS5 lookup by rowid cost 30-110 us and ranking every
 * match checks positions in every turn holding all the words), the
 * highest bound first, until the page's last hit scores above every bound
 * left (with a margin far above rounding). The candidates come from a
 * term's top list (its best turns by its own score), then, when those
 * leave the page open, from one walk in C of the rarest term's turns
 * that keeps those with the highest bounds. */

/* What checking a phrase's candidates found: the turns holding the phrase
 * (v, unordered), the want best scores (top, best first), and the turns
 * checked (seen; the first nsorted sorted by tid, not checked again). */
typedef struct phrase_found {
	sq_phrase_check chk;
	sq_ranked *v;
	size_t n, cap, want, ntop;
	double *top;
	sqlite3_int64 *seen;
	size_t nseen, capseen, nsorted;
} phrase_found;

static int cmp_tid(const void *pa, const void *pb)
{
	sqlite3_int64 a = *(const sqlite3_int64 *)pa, b = *(const sqlite3_int64 *)pb;
	return (a > b) - (a < b);
}

static int by_score_desc(const void *pa, const void *pb)
{
	const sq_scored *a = pa, *b = pb;
	return (a->score < b->score) - (a->score > b->score);
}

/* No turn scoring at most `bound` reaches the page. */
static bool phrase_settled(const phrase_found *r, double bound)
{
	return r->ntop == r->want && r->top[r->want - 1] > bound * SQ_BOUND_MARGIN;
}

/* Turn tid checked in its text, unless it was before. */
static int phrase_check_one(phrase_found *r, sqlite3_int64 tid, pd_err *err)
{
	if (r->nsorted && bsearch(&tid, r->seen, r->nsorted, sizeof *r->seen, cmp_tid))
		return 0;
	double score = 0;
	bool found = false;
	int rc = sq_phrase_check_score(&r->chk, tid, &score, &found, err);
	if (rc == 0 && found) {
		r->v = pd_xgrow(r->v, sizeof *r->v, r->n + 1, &r->cap);
		r->v[r->n++] = (sq_ranked){ .tid = tid, .score = score, .pass = true };
		keep_best(r->top, r->want, &r->ntop, score);
	}
	r->seen = pd_xgrow(r->seen, sizeof *r->seen, r->nseen + 1, &r->capseen);
	r->seen[r->nseen++] = tid;
	return rc;
}

/* The candidates c (their bounds in .score, highest first) checked in
 * order until the next one's bound settles the page, or, once all are
 * checked, `rest` (the most a turn not among them can score; none is a
 * match when `complete`). *settled: the page is the exhaustive one. A
 * text that disagrees with the index stops it, not settled. */
static int phrase_check_until(phrase_found *r, const sq_scored *c, size_t n, double rest,
			      bool complete, bool *settled, pd_err *err)
{
	size_t i = 0;
	int rc = 0;
	for (; i < n && rc == 0 && !r->chk.disagrees; i++) {
		if (phrase_settled(r, c[i].score))
			break;
		rc = phrase_check_one(r, c[i].tid, err);
	}
	*settled = rc == 0 && !r->chk.disagrees &&
		   (i < n ? phrase_settled(r, c[i].score) : complete || phrase_settled(r, rest));
	return rc;
}

/* A phrase's terms' lists: ndocs and nlist (0 without a current list). */
typedef struct phrase_lists {
	size_t ndocs[SQ_PHRASE_MAX], nlist[SQ_PHRASE_MAX];
	bool all;               /* every term has one */
} phrase_lists;

static int phrase_lists_find(sq_store *s, const plan *p, phrase_lists *l, pd_err *err)
{
	l->all = true;
	for (size_t i = 0; i < p->npterms; i++) {
		int rc = sq_topk_find(s, p->pterms[i], &l->ndocs[i], &l->nlist[i], err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			l->ndocs[i] = l->nlist[i] = 0;
		l->all = l->all && rc == 1;
	}
	return 0;
}

/* The bound term i's list gives the phrase in a turn its list score s:
 * idf_p * s / idf_i (rounding differs from idf_p * tf by far less than
 * SQ_BOUND_MARGIN). */
static double list_bound(const phrase_found *r, const phrase_lists *l, size_t i, double score)
{
	return r->chk.idf * score / sq_fts5_idf(r->chk.nrow, (sqlite3_int64)l->ndocs[i]);
}

/* Term i's list may give the page's candidates: it holds the page, and
 * the phrase matches at least phrase_list_ratio times its turns (a phrase
 * with fewer matches is ranked for less than the checks cost). */
static bool list_usable(const sq_store *s, const phrase_lists *l, size_t i, size_t want)
{
	return l->nlist[i] && l->nlist[i] >= want &&
	       (size_t)s->phrase_rows >= s->phrase_list_ratio * l->nlist[i];
}

/* The usable list whose last entry bounds the phrase lowest: 1 with *best,
 * 0 for none, or an error. */
static int phrase_pick_list(sq_store *s, const plan *p, const phrase_found *r,
			    const phrase_lists *l, size_t *best, pd_err *err)
{
	double low = 0;
	int found = 0;
	for (size_t i = 0; i < p->npterms; i++) {
		sq_ranked last = { 0 };
		size_t n = 0;
		if (!list_usable(s, l, i, r->want))
			continue;
		int rc = sq_topk_read(s, p->pterms[i], l->nlist[i] - 1, l->nlist[i], &last, &n, err);
		if (rc)
			return rc;
		free(last.date);
		double b = l->nlist[i] >= l->ndocs[i] ? 0 : list_bound(r, l, i, last.score);
		if (n == 1 && (!found || b < low)) {
			*best = i;
			low = b;
			found = 1;
		}
	}
	return found;
}

/* Checks term i's list, best first: *settled when that settles the page. */
static int phrase_from_list(sq_store *s, const plan *p, phrase_found *r, const phrase_lists *l,
			    size_t i, bool *settled, pd_err *err)
{
	sq_ranked *v = pd_xcalloc(l->nlist[i], sizeof *v);
	sq_scored *c = pd_xcalloc(l->nlist[i], sizeof *c);
	size_t n = 0;
	*settled = false;
	int rc = sq_topk_read(s, p->pterms[i], 0, l->nlist[i], v, &n, err);
	for (size_t k = 0; rc == 0 && k < n; k++)
		c[k] = (sq_scored){ v[k].tid, list_bound(r, l, i, v[k].score) };
	if (rc == 0 && n > 0)
		rc = phrase_check_until(r, c, n, c[n - 1].score, n >= l->ndocs[i], settled, err);
	sq_ranked_free(v, n);
	free(c);
	return rc;
}

/* The turns with the highest tf part (bm25 with an idf of 1) of a term
 * walked for a phrase's page, kept (sqlite_keeper.c, SQ_KEEP_WALK) at
 * the index_gen: the same phrase again, its next page, or another phrase
 * the term bounds does not walk the term's turns again (~24 of ~31 ms of
 * "in the world" at 10x). */
typedef struct walk_kept {
	sq_scored *top;         /* best first */
	size_t n;
	double rest;            /* the tf part of every turn not kept */
	bool all;               /* every turn of the term kept */
} walk_kept;

static void walk_kept_free(void *p)
{
	walk_kept *w = p;
	free(w->top);
	free(w);
}

/* The key of term i's walk of k turns; with `open`, of the phrase that
 * walk left open (what a walk holds depends on k: connections configured
 * apart keep theirs apart). */
static char *walk_key(const plan *p, size_t i, size_t k, bool open)
{
	pd_buf key;
	pd_buf_init(&key, 0);
	pd_buf_printf(&key, "%zu:%zu:%s", k, strlen(p->pterms[i]), p->pterms[i]);
	if (open)
		pd_buf_puts(&key, p->match);
	char *out = pd_xstrdup(pd_buf_cstr(&key));
	pd_buf_release(&key);
	return out;
}

/* The k turns of term i with the highest tf part, best first, from one
 * walk of its turns in C: pd_bm25_walk scoring each with an idf of 1,
 * i.e. the phrase's own arithmetic with the term's frequency for the
 * phrase's, so that idf_phrase times it bounds the phrase with no margin
 * needed for rounding. *out is the kept walk, else tmp, whose top the
 * caller frees. *whole false when the walk did not see every turn of the
 * term (its stored count): nothing is to be concluded from it, and it is
 * not kept. */
static int term_walk(sq_store *s, const plan *p, const phrase_lists *l, size_t i, size_t k,
		     walk_kept *tmp, const walk_kept **out, bool *whole, pd_err *err)
{
	char *key = walk_key(p, i, k, false);
	*out = sq_keep_find(s, SQ_KEEP_WALK, key);
	*whole = true;
	if (*out) {
		free(key);
		return 0;
	}
	pd_buf match;
	pd_buf_init(&match, 0);
	pd_buf_putc(&match, '"');
	for (const char *c = p->pterms[i]; *c; c++) {
		if (*c == '"')
			pd_buf_putc(&match, '"');
		pd_buf_putc(&match, *c);
	}
	pd_buf_putc(&match, '"');
	sq_walk w = { .cap = k, .top = pd_xcalloc(k ? k : 1, sizeof *w.top), .idf = 1.0 };
	int rc = walk_run(s, pd_buf_cstr(&match), p->pterms[i], &w, err);
	pd_buf_release(&match);
	qsort(w.top, w.n, sizeof *w.top, by_score_desc);
	*tmp = (walk_kept){ .top = w.top, .n = w.n,
			    .rest = w.seen > w.n && w.n ? w.top[w.n - 1].score : 0,
			    .all = w.seen == w.n };
	*whole = rc == 0 && w.seen == l->ndocs[i];
	*out = tmp;
	if (*whole) { /* kept (held till the search ends) */
		walk_kept *kept = pd_xmalloc(sizeof *kept);
		*kept = *tmp;
		*tmp = (walk_kept){ 0 };
		*out = sq_keep_put(s, SQ_KEEP_WALK, key, kept,
				   sizeof *kept + kept->n * sizeof *kept->top, walk_kept_free);
	}
	free(key);
	return rc;
}

/* The term a phrase's walk takes, and how many of its turns it keeps:
 * the rarest (the fewest to walk, and the rarer the term the closer its
 * frequency to the phrase's), at most its turns / phrase_check_ratio (the
 * checks then cost at most about a quarter of ranking every match).
 * False when the walk is not worth it: a term without a list is in fewer
 * than topk_min_docs turns, and so is the phrase, whose full ranking costs
 * little; and unless the k turns would hold the page's hits if the
 * phrase's matches were spread evenly over the term's, the checks most
 * likely run out and the page costs a walk and k checks more than its
 * ranking (at 1x "law and order", "free trade agreement", "human
 * rights"). */
static bool walk_usable(const sq_store *s, const plan *p, const phrase_lists *l, size_t want,
			size_t *term, size_t *k)
{
	size_t i = 0;
	if (!l->all)
		return false;
	for (size_t j = 1; j < p->npterms; j++)
		i = l->ndocs[j] < l->ndocs[i] ? j : i;
	*term = i;
	*k = l->ndocs[i] / s->phrase_check_ratio;
	return *k >= want && (double)want * (double)l->ndocs[i] <= (double)*k * (double)s->phrase_rows;
}

/* Past the list: the candidates from a walk of term i (walk_usable),
 * best bound first, skipping those the list's stage checked; *settled
 * when they settle the page. A phrase whose page the kept walk left open
 * is not checked again for as deep a page (with every candidate checked,
 * a deeper page's last hit scores no higher). */
static int phrase_from_walk(sq_store *s, const plan *p, phrase_found *r, const phrase_lists *l,
			    size_t i, size_t k, bool *settled, pd_err *err)
{
	walk_kept tmp = { 0 };
	const walk_kept *w;
	bool whole;
	*settled = false;
	if (r->nseen) /* the list's checks */
		qsort(r->seen, r->nseen, sizeof *r->seen, cmp_tid);
	r->nsorted = r->nseen;
	int rc = term_walk(s, p, l, i, k, &tmp, &w, &whole, err);
	char *key = walk_key(p, i, k, true);
	const size_t *open_want = w != &tmp ? sq_keep_find(s, SQ_KEEP_OPEN, key) : NULL;
	if (rc == 0 && whole && !(open_want && r->want >= *open_want)) {
		double idf = r->chk.idf;
		sq_scored *c = pd_xcalloc(w->n ? w->n : 1, sizeof *c);
		for (size_t j = 0; j < w->n; j++)
			c[j] = (sq_scored){ w->top[j].tid, idf * w->top[j].score };
		rc = phrase_check_until(r, c, w->n, idf * w->rest, w->all, settled, err);
		free(c);
		if (rc == 0 && !*settled && !r->chk.disagrees && w != &tmp) {
			size_t *want = pd_xmalloc(sizeof *want);
			*want = r->want;
			sq_keep_put(s, SQ_KEEP_OPEN, key, want, sizeof *want, free);
		}
	}
	free(key);
	free(tmp.top);
	return rc;
}

/* An unfiltered phrase (or a term FTS5 reads as several) from its terms:
 * candidates checked from a term's list, then from a walk of the rarest
 * term's turns, until the page is settled (above). Needs the phrase's
 * count (s->phrase_rows) and the row lengths in memory at FTS5's counts;
 * *done false otherwise or when the page stays open (the caller ranks
 * every match). */
static int page_from_phrase_list(sq_store *s, const plan *p, const pd_search_req *req,
				 const pd_query *q, pd_search_result *out, bool *done,
				 size_t *passed, pd_err *err)
{
	phrase_found r = { .want = req->offset + (req->limit ? req->limit : 20) };
	phrase_lists l;
	size_t pick = 0;
	bool settled = false, filled;
	*done = false;
	if (s->phrase_rows < 0 || r.want > SQ_INDEX_RANK_MAX)
		return 0;
	int rc = phrase_lists_find(s, p, &l, err);
	bool any_list = false;
	for (size_t i = 0; i < p->npterms; i++)
		any_list = any_list || list_usable(s, &l, i, r.want);
	size_t wterm = 0, k = 0;
	bool walk = walk_usable(s, p, &l, r.want, &wterm, &k);
	if (rc || (!any_list && !walk)) /* before reading anything more */
		return rc;
	if ((rc = sq_phrase_check_init(&r.chk, s, p->pterms, p->npterms, s->phrase_rows, err)))
		return rc < 0 ? rc : 0;
	r.top = pd_xcalloc(r.want, sizeof *r.top);
	if (any_list && (rc = phrase_pick_list(s, p, &r, &l, &pick, err)) == 1)
		rc = phrase_from_list(s, p, &r, &l, pick, &settled, err);
	s->phrase_list_pages += rc == 0 && settled;
	if (rc == 0 && !settled && walk &&
	    (rc = phrase_from_walk(s, p, &r, &l, wterm, k, &settled, err)) == 0)
		s->phrase_deep_pages += settled;
	if (rc == 0 && settled) {
		sq_where none = { .nbinds = 0 };
		pd_buf_init(&none.sql, 0);
		rc = date_and_filter(s, &none, r.v, r.n, err);
		pd_buf_release(&none.sql);
		if (rc == 0 && r.n)
			qsort(r.v, r.n, sizeof *r.v, sq_ranked_cmp);
		if (rc == 0)
			rc = page_from_prefix(s, r.v, r.n, req, q, out, &filled, passed, err);
		*done = rc == 0;
	}
	s->phrase_checks += r.chk.checked;
	sq_phrase_check_release(&r.chk);
	sq_ranked_free(r.v, r.n);
	free(r.top);
	free(r.seen);
	return rc;
}

static int rank_page(sq_store *s, const plan *p, size_t nall, pd_buf *sql,
		     const pd_search_req *req, const pd_query *q, pd_search_result *out,
		     size_t *seen, pd_err *err)
{
	bool done = false;
	int rc = 0;
	*seen = 0;
	if (p->has_list)
		rc = page_from_list(s, p, req, q, out, &done, seen, err);
	if (rc == 0 && !done && p->two_lists && p->w->nbinds == 0 &&
	    req->offset + req->limit <= SQ_INDEX_RANK_MAX)
		rc = page_from_two_lists(s, p, nall, req, q, out, &done, seen, err);
	if (rc == 0 && !done && p->npterms && p->w->nbinds == 0)
		rc = page_from_phrase_list(s, p, req, q, out, &done, seen, err);
	if (rc == 0 && !done && req->offset + req->limit <= SQ_INDEX_RANK_MAX)
		rc = page_walk(s, p, req, q, out, &done, seen, err);
	if (rc == 0 && !done)
		rc = page_hits(s, sql, p->w, p->match, false, req, q, out, err);
	return rc;
}

/* Every hit into temp.pd_hits in one pass: the exact total, the page and
 * (when asked) the facets, for small match sets. */
static int search_collected(sq_store *s, const plan *p, pd_buf *sql, const pd_search_req *req,
			    const pd_query *q, pd_search_result *out, pd_err *err)
{
	int rc = collect_hits(s, sql, p->w, p->match, &out->total, err);
	if (rc == 0)
		rc = page_hits(s, sql, p->w, NULL, true, req, q, out, err);
	if (rc == 0 && req->want_facets)
		rc = sq_facets_from_hits(s, out, err);
	sq_exec(s, "DELETE FROM temp.pd_hits", NULL); /* give the memory back */
	return rc;
}

/* Reading the filters' set may cost this many index entries per match
 * before filtering each match with the joins costs less (an index entry
 * read in order against two row lookups and the filters' SQL). */
#define SQ_SET_COST 8
#define SQ_SET_MIN_BUDGET 4096

/* The matches in the set: exact, and cheap next to bm25 (no join). */
static int count_in_set(sq_store *s, const char *match, sq_tidset *set, size_t *n,
			pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?1"
				   " AND pd_tidset(?2, rowid)", err);
	if (st) {
		sq_bind(st, 1, match);
		sqlite3_bind_pointer(st, 2, set, SQ_TIDSET_PTR, NULL);
	}
	return sq_read_count(s, st, n, err);
}

/* A filtered page from the term's list, the set telling which entries
 * pass (the list is in Podium's order, so its passing entries are the
 * first passing rows of the exhaustive ranking). *done: the page is full
 * or the list holds every match. */
static int set_page_from_list(sq_store *s, const plan *p, sq_tidset *set,
			      const pd_search_req *req, const pd_query *q,
			      pd_search_result *out, bool *done, pd_err *err)
{
	sq_ranked *v = pd_xcalloc(p->nlist ? p->nlist : 1, sizeof *v);
	size_t n = 0, passed;
	bool filled = false;
	int rc = sq_topk_read(s, p->term, 0, p->nlist, v, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		v[i].pass = sq_tidset_has(set, v[i].tid);
	if (rc == 0)
		rc = page_from_prefix(s, v, n, req, q, out, &filled, &passed, err);
	*done = rc == 0 && (filled || p->nlist >= p->ndocs);
	if (rc == 0 && !*done)
		pd_search_result_release(out);
	sq_ranked_free(v, n);
	return rc;
}

/* A filtered page ranked on the index alone, bm25 only for the rows in
 * the set, as page_walk does without filters; the matches in the set are
 * counted on the way (set->hits). *done false when ties ran past the rows
 * read. The ranked prefix read goes to *v, *n (every row scoring above the
 * last score read, in order; *all: every match in the set) for the caller
 * to keep or free. */
static int set_page_walk(sq_store *s, const plan *p, sq_tidset *set, const pd_search_req *req,
			 const pd_query *q, pd_search_result *out, bool *done, sq_ranked **v,
			 size_t *n, bool *all, pd_err *err)
{
	size_t want = req->offset + (req->limit ? req->limit : 20), passed;
	sq_where none = { .nbinds = 0 };
	pd_buf_init(&none.sql, 0);
	bool filled = false;
	*v = NULL;
	*n = 0;
	*all = false;
	set->hits = 0;
	walk_terms t = plan_walk_terms(p);
	int rc = index_prefix(s, p->match, SQ_RANK, &none, set, p->one_phrase, &t,
			      want + SQ_TIE_SLACK,
			      v, n, all, err);
	if (rc == 0)
		rc = page_from_prefix(s, *v, *n, req, q, out, &filled, &passed, err);
	pd_buf_release(&none.sql);
	*done = rc == 0 && (filled || *all);
	if (rc == 0 && !*done)
		pd_search_result_release(out);
	if (rc) {
		sq_ranked_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

/* The page and total from the answer kept for this MATCH and filter
 * (sqlite_kept.c) when its ranked prefix holds the page; *done false
 * else. */
static int kept_page(sq_store *s, const plan *p, const pd_search_req *req, const pd_query *q,
		     pd_search_result *out, bool *done, pd_err *err)
{
	const sq_kept *k = sq_kept_find(s, p->match, p->filter);
	size_t passed;
	bool filled = false;
	*done = false;
	if (!k || !k->v)
		return 0;
	int rc = page_from_prefix(s, k->v, k->n, req, q, out, &filled, &passed, err);
	*done = rc == 0 && (filled || k->all);
	if (rc == 0 && !*done)
		pd_search_result_release(out);
	if (*done) {
		out->total = k->total;
		s->kept_pages++;
	}
	return rc;
}

/* The filtered page and its exact total once the set is made: from the
 * term's list when its entries in the set fill the page (the total from
 * the kept answer, else counted and kept), else ranked on the index with
 * the set (the prefix read and the total kept for the next page or the
 * same search again). */
static int set_page_and_total(sq_store *s, const plan *p, sq_tidset *set,
			      const pd_search_req *req, const pd_query *q, pd_search_result *out,
			      bool *done, pd_err *err)
{
	int rc = 0;
	*done = false;
	if (p->has_list)
		rc = set_page_from_list(s, p, set, req, q, out, done, err);
	if (rc == 0 && *done) {
		const sq_kept *k = sq_kept_find(s, p->match, p->filter);
		if (k) {
			out->total = k->total;
		} else if ((rc = count_in_set(s, p->match, set, &out->total, err)) == 0) {
			sq_kept_put(s, p->match, p->filter, out->total, NULL, 0, false);
		}
		return rc;
	}
	sq_ranked *v;
	size_t n;
	bool all;
	if (rc == 0 && (rc = set_page_walk(s, p, set, req, q, out, done, &v, &n, &all, err)) == 0) {
		out->total = set->hits;
		sq_kept_put(s, p->match, p->filter, set->hits, v, n, all);
	}
	return rc;
}

/* A filtered page from the filters' set (sqlite_tidset.c), or from the
 * answer kept for the same MATCH and filter; the total exact; the facets
 * from the set's matches (sampled when many: sqlite_facets.c), also with
 * a kept page (the web's search page and the API always ask for them).
 * *done false when the set was not made (a filter it does not take, or
 * dearer than the joins) or the ranking needs them (ties past the rows
 * read, a deep page). */
static int search_with_set(sq_store *s, const plan *p, size_t nall, const pd_search_req *req,
			   const pd_query *q, pd_search_result *out, bool *done, pd_err *err)
{
	size_t want = req->offset + (req->limit ? req->limit : 20);
	*done = false;
	if (!s->filter_set || want > SQ_INDEX_RANK_MAX)
		return 0;
	bool kept;
	int rc = kept_page(s, p, req, q, out, &kept, err);
	if (rc || (kept && !req->want_facets)) {
		*done = rc == 0;
		return rc;
	}
	size_t budget = nall * SQ_SET_COST;
	sq_tidset set;
	rc = sq_tidset_build(s, p->filter, budget > SQ_SET_MIN_BUDGET ? budget
			     : SQ_SET_MIN_BUDGET, &set, err);
	if (rc <= 0) { /* no set for the facets: the caller's path answers all */
		if (kept)
			pd_search_result_release(out);
		return rc;
	}
	/* a kept page and total; the facets, as ever, from the set */
	*done = kept;
	rc = kept ? 0 : set_page_and_total(s, p, &set, req, q, out, done, err);
	if (rc == 0 && *done && req->want_facets && out->total > 0) { /* total stays exact */
		sq_hitsrc src = { .match = p->match, .set = &set, .n = out->total,
				  .exact = req->exact_total };
		size_t n;
		rc = sq_hits_count(s, &src, true, out, &n, &out->facets_estimated, err);
	}
	sq_tidset_release(&set);
	return rc;
}

static int run_search(sq_store *s, const plan *p, pd_buf *sql, const pd_search_req *req,
		      const pd_query *q, pd_search_result *out, pd_err *err)
{
	size_t nall = p->ndocs, seen;
	int rc = 0;
	bool filters = p->w->nbinds > 0, about = false;
	/* matches before filters: from the list, else counted on the index
	 * (or kept from an earlier count at this index_gen); `about` when
	 * estimated (a phrase's idf from the estimate scales every score of
	 * its page alike: the order is the same) */
	if (!p->has_list && ((rc = sq_gen_read(s, err)) != 0 ||
			     (rc = count_index(s, p, req->exact_total, &nall, &about, err)) != 0))
		return rc;
	/* pd_bm25's idf from the counts the search has (a common term's
	 * rows counted again per statement cost ~20 ms at 10x) */
	if (p->one_phrase)
		s->phrase_rows = (sqlite3_int64)nall;
	for (int i = 0; i < 2 && p->two_lists; i++)
		s->pair_rows[i] = (sqlite3_int64)p->ndocs2[i];
	/* nothing matches: no page, no facets (a phrase of common words
	 * matching nowhere would otherwise be evaluated again for them) */
	if (nall == 0)
		return 0;
	/* rows it may score (a term's list answers an unfiltered page) */
	if ((rc = sq_lens_sync(s, p->has_list && !filters ? 0 : nall, err)) != 0)
		return rc;
	if (filters) {
		bool done = false;
		if ((rc = search_with_set(s, p, nall, req, q, out, &done, err)) != 0 || done)
			return rc;
	}
	bool big = nall > s->sample_min;
	if (!big && (filters || req->want_facets)) {
		/* a filtered page from the list needs only the count; else one
		 * pass collects total and page (a count and a joined ranking
		 * would be two) */
		bool done = false;
		if (p->has_list && !req->want_facets &&
		    (rc = page_from_list(s, p, req, q, out, &done, &seen, err)) != 0)
			return rc;
		if (done)
			return count_rows(s, sql, SQ_HIT_FROM " WHERE turns_fts MATCH ?1", p->w,
					  p->match, &out->total, err);
		return search_collected(s, p, sql, req, q, out, err);
	}
	if ((rc = rank_page(s, p, nall, sql, req, q, out, &seen, err)) != 0)
		return rc;
	size_t limit = req->limit ? req->limit : 20;
	if (out->nhits > 0 && seen < req->offset + out->nhits) /* the page's hits exist */
		seen = req->offset + out->nhits;
	if (big && (filters || req->want_facets)) {
		rc = estimate(s, p, nall, about, req, seen, out, err);
		/* a page not filled ends the hits: the total is known */
		if (rc == 0 && out->nhits > 0 && out->nhits < limit) {
			out->total = seen;
			out->estimated = false; /* the facets stay estimated */
		}
		return rc;
	}
	out->total = nall; /* no filters: every match counts */
	out->estimated = about;
	if (about && seen > nall) /* at least the hits known */
		out->total = seen;
	if (about && out->nhits < limit && (out->nhits > 0 || req->offset == 0)) {
		out->total = req->offset + out->nhits; /* the hits end here: known */
		out->estimated = false;
	}
	return 0;
}

int sq_search(pd_store *ps, const pd_search_req *req, pd_search_result *out, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	sq_where w = { .nbinds = 0 };
	pd_buf match, sql, term, terms[2], pterms;
	pd_buf_init(&w.sql, 0);
	pd_buf_init(&pterms, 0);
	pd_buf_init(&match, 0);
	pd_buf_init(&sql, 0);
	pd_buf_init(&term, 0);
	pd_buf_init(&terms[0], 0);
	pd_buf_init(&terms[1], 0);
	bool snapshot = false;
	int rc;
	pd_query *q = pd_query_parse(req->query, err);
	if (!q) {
		rc = PD_EUSAGE;
		goto out;
	}
	pd_query_to_fts5(q, &match);
	if ((rc = sq_add_filters(&w, &req->filter, true, err)) != 0)
		goto out;
	if (!s->in_tx) { /* inside the caller's transaction it is the snapshot */
		if ((rc = sq_exec(s, "BEGIN", err)) != 0)
			goto out;
		snapshot = true;
	} else if ((rc = sq_fts_flush(s, err)) != 0) { /* its own puts too */
		goto out;
	}
	plan p = { .match = pd_buf_cstr(&match), .w = &w, .term = pd_buf_cstr(&term),
		   .filter = &req->filter };
	if (single_term(q, &term)) {
		p.term = pd_buf_cstr(&term);
		rc = sq_topk_find(s, p.term, &p.ndocs, &p.nlist, err);
		p.has_list = rc == 1;
		if (rc < 0)
			goto out;
	} else if (two_terms(q, terms)) {
		p.and_two = true;
		p.and_terms[0] = pd_buf_cstr(&terms[0]);
		p.and_terms[1] = pd_buf_cstr(&terms[1]);
		p.two_lists = true;
		for (int i = 0; i < 2 && p.two_lists; i++) {
			p.terms[i] = pd_buf_cstr(&terms[i]);
			rc = sq_topk_find(s, p.terms[i], &p.ndocs2[i], &p.nlist2[i], err);
			if (rc < 0)
				goto out;
			p.two_lists = rc == 1;
		}
	}
	p.one_phrase = q->root && (q->root->kind == PD_Q_TERM || q->root->kind == PD_Q_PHRASE);
	size_t poff[SQ_PHRASE_MAX];
	if (!p.has_list && phrase_terms(q, &pterms, poff, &p.npterms))
		for (size_t i = 0; i < p.npterms; i++)
			p.pterms[i] = pterms.data + poff[i];
	else
		p.npterms = 0;
	sq_known_rows_forget(s);
	rc = run_search(s, &p, &sql, req, q, out, err);
	s->lens.active = false; /* only searches use it (not optimize's reference) */
	sq_known_rows_forget(s);
out:
	sq_keep_release_held(s);
	if (snapshot)
		sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	if (rc)
		pd_search_result_release(out);
	pd_query_free(q);
	pd_buf_release(&w.sql);
	pd_buf_release(&match);
	pd_buf_release(&sql);
	pd_buf_release(&term);
	pd_buf_release(&terms[0]);
	pd_buf_release(&terms[1]);
	pd_buf_release(&pterms);
	return rc;
}

/* The archive's facets are kept by schema step 7's triggers (counts). */
int sq_facet(pd_store *ps, const char *what, size_t limit, pd_facet **out, size_t *n,
	     pd_err *err)
{
	static const char *const kinds[] = { "speaker", "topic", "type", "year", "lang" };
	sq_store *s = (sq_store *)ps;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		if (strcmp(what, kinds[i]) != 0)
			continue;
		sqlite3_stmt *st = sq_prep(s, "SELECT value, n FROM counts WHERE kind = ?1"
					   " ORDER BY n DESC, value LIMIT ?2", err);
		if (!st)
			return PD_ESTORE;
		sq_bind(st, 1, kinds[i]);
		sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
		return sq_read_facets(s, st, out, n, err);
	}
	return pd_err_set(err, PD_EUSAGE, "unknown facet '%s'", what);
}

int sq_stats(pd_store *ps, pd_stats *out, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	sqlite3_stmt *st = sq_prep(s, "SELECT"
		" (SELECT n FROM counts WHERE kind = 'total' AND value = 'records'),"
		" (SELECT n FROM counts WHERE kind = 'total' AND value = 'turns'),"
		" (SELECT count(DISTINCT label) FROM participants),"
		" (SELECT count(*) FROM revisions),"
		" (SELECT count(*) FROM counts WHERE kind = 'lang'),"
		" (SELECT min(date) FROM records), (SELECT max(date) FROM records),"
		" (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())",
		err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->records = (size_t)sqlite3_column_int64(st, 0);
		out->turns = (size_t)sqlite3_column_int64(st, 1);
		out->participants = (size_t)sqlite3_column_int64(st, 2);
		out->revisions = (size_t)sqlite3_column_int64(st, 3);
		out->languages = (size_t)sqlite3_column_int64(st, 4);
		out->first_date = sq_col(st, 5);
		out->last_date = sq_col(st, 6);
		out->db_bytes = sqlite3_column_int64(st, 7);
	} else {
		rc = sq_fail(s, err, "reading statistics");
	}
	sq_done(st);
	if (rc == 0)
		rc = sq_schema_version(s, &out->schema_version, err);
	if (rc)
		pd_stats_release(out);
	return rc;
}
