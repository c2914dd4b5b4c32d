/* pg_search.c: the PostgreSQL backend's search, listing, facets and stats,
 * with the SQLite backend's semantics (store/sqlite/sqlite_search.c):
 *
 *   - the query is parsed by search/query.h and written as a tsquery by
 *     pg_text.c, matched against turns.tsv (GIN index);
 *   - filters mean the same: ASCII-only case folding (pd_nocase, as COLLATE
 *     NOCASE), "zh" matches zh-Hant and zh-Hans, a turn's own language
 *     counts, a speaker is a label, a name or another label of the same
 *     participant;
 *   - ranked by ts_rank_cd (cover density) with title lexemes weighted A,
 *     then newer first, then turn order; text is compared byte-wise
 *     (COLLATE "C", SQLite's BINARY) and a missing date sorts last;
 *   - snippets are Podium's own (search/snippet.h), made here in C.
 * A search reads one snapshot (REPEATABLE READ, read-only), so its total,
 * page and facets agree while another process ingests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "search/query.h"
#include "search/snippet.h"
#include "store/pg/pg_int.h"

/* Values kept per facet in a search result, as the SQLite backend. Facet
 * values are compared COLLATE "C" (in the select list: ORDER BY names an
 * output column only bare). */
#define PG_SEARCH_FACETS 20

/* Cover-density rank; {D, C, B, A} weights: a title word (A) counts ten
 * times a word of turn text (D), as the title says more about a record. */
#define PG_RANK "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', t.tsv, $1::tsquery)"

#define PG_HIT_FROM " FROM turns t JOIN records r ON r.rid = t.rid" \
		    " WHERE t.tsv @@ $1::tsquery"

static bool set(const char *v)
{
	return v && *v;
}

/* Appends " AND ..." for every filter: turn-level when `turns` (alias t
 * for turns, r for records), else record-level (r only). */
static void add_filters(pd_buf *b, pg_params *p, const pd_filter *f, bool turns)
{
	if (set(f->speaker)) {
		int k = pg_param(p, f->speaker);
		if (turns)
			pd_buf_printf(b, " AND (pd_nocase(t.speaker) = pd_nocase($%d)"
				      " OR pd_nocase(t.speaker_name) = pd_nocase($%d)"
				      " OR EXISTS (SELECT 1 FROM participants p WHERE p.rid = t.rid"
				      " AND (p.label = t.speaker OR t.speaker = ANY (p.aliases))"
				      " AND (pd_nocase(p.label) = pd_nocase($%d) OR EXISTS (SELECT 1"
				      " FROM unnest(p.aliases) a WHERE pd_nocase(a) = pd_nocase($%d)))))",
				      k, k, k, k);
		else
			pd_buf_printf(b, " AND EXISTS (SELECT 1 FROM participants p"
				      " WHERE p.rid = r.rid AND (pd_nocase(p.label) = pd_nocase($%d)"
				      " OR pd_nocase(p.name) = pd_nocase($%d) OR EXISTS (SELECT 1"
				      " FROM unnest(p.aliases) a WHERE pd_nocase(a) = pd_nocase($%d))))",
				      k, k, k);
	}
	/* Plain comparisons, so records_date is used (as in the SQLite
	 * backend): to "2020-05" runs up to "2020-05~", all of May. */
	if (set(f->from))
		pd_buf_printf(b, " AND r.date COLLATE \"C\" >= $%d", pg_param(p, f->from));
	if (set(f->to))
		pd_buf_printf(b, " AND r.date COLLATE \"C\" <= $%d || '~'", pg_param(p, f->to));
	if (set(f->type))
		pd_buf_printf(b, " AND pd_nocase(r.release_type) = pd_nocase($%d)",
			      pg_param(p, f->type));
	if (set(f->topic))
		pd_buf_printf(b, " AND EXISTS (SELECT 1 FROM topics tp WHERE tp.rid = r.rid"
			      " AND pd_nocase(tp.topic) = pd_nocase($%d))", pg_param(p, f->topic));
	if (set(f->lang)) {
		int k = pg_param(p, f->lang);
		const char *lang = turns ? "coalesce(t.lang, r.language)" : "r.language";
		/* the tag is letters, digits and '-' (checked): no LIKE wildcards */
		pd_buf_printf(b, " AND (pd_nocase(%s) = pd_nocase($%d)"
			      " OR pd_nocase(%s) LIKE pd_nocase($%d) || '-%%')", lang, k, lang, k);
	}
	if (turns && set(f->turn_kind))
		pd_buf_printf(b, " AND t.kind = $%d", pg_param(p, f->turn_kind));
}

static int status(pd_err *err)
{
	return err && err->code ? err->code : PD_ESTORE;
}

/* Runs a query whose one row and column is a count. */
static int count(pg_store *s, const char *sql, const pg_params *p, size_t *total,
		 pd_err *err)
{
	PGresult *r = pg_query(s, sql, p, err, "counting");
	if (!r)
		return status(err);
	*total = (size_t)pg_col_int(r, 0, 0);
	PQclear(r);
	return 0;
}

static void read_hits(const PGresult *r, const pd_query *q, pd_search_result *out)
{
	int rows = PQntuples(r);
	out->hits = rows ? pd_xcalloc((size_t)rows, sizeof *out->hits) : NULL;
	for (int i = 0; i < rows; i++) {
		pd_hit *h = &out->hits[out->nhits++];
		h->record_id = pg_col(r, i, 0);
		h->title = pg_col(r, i, 1);
		h->date = pg_col(r, i, 2);
		h->release_type = pg_col(r, i, 3);
		h->language = pg_col(r, i, 4);
		h->turn = (int)pg_col_int(r, i, 5);
		h->speaker = pg_col(r, i, 6);
		h->speaker_name = pg_col(r, i, 7);
		h->turn_kind = pg_col(r, i, 8);
		h->snippet = pd_snippet_make(PQgetvalue(r, i, 9), (size_t)PQgetlength(r, i, 9),
					     q->positive, q->npositive, 0);
		h->score = strtod(PQgetvalue(r, i, 10), NULL);
	}
}

/* Facets of the hits, one (facet, value, count) row per value: facet 0
 * speakers, 1 types, 2 years, 3 topics, 4 languages. */
static int search_facets(pg_store *s, const char *where, const pg_params *p,
			 pd_search_result *out, pd_err *err)
{
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "WITH h AS MATERIALIZED (SELECT t.rid, r.date,"
		      " coalesce(t.speaker_name, t.speaker) AS speaker, r.release_type AS type,"
		      " coalesce(t.lang, r.language) AS lang" PG_HIT_FROM "%s)", where);
	static const char *const facet[] = {
		"SELECT 0, speaker COLLATE \"C\" AS v, count(*) AS c FROM h WHERE speaker IS NOT NULL GROUP BY v",
		"SELECT 1, type COLLATE \"C\" AS v, count(*) AS c FROM h WHERE type IS NOT NULL GROUP BY v",
		"SELECT 2, substr(date, 1, 4) COLLATE \"C\" AS v, count(*) AS c FROM h WHERE date IS NOT NULL"
		" GROUP BY v",
		"SELECT 3, tf.topic COLLATE \"C\" AS v, count(*) AS c FROM h JOIN topics tf ON tf.rid = h.rid"
		" GROUP BY v",
		"SELECT 4, lang COLLATE \"C\" AS v, count(*) AS c FROM h WHERE lang IS NOT NULL GROUP BY v",
	};
	for (size_t i = 0; i < sizeof facet / sizeof *facet; i++)
		pd_buf_printf(&sql, "%s(%s ORDER BY c DESC, v LIMIT %d)",
			      i ? " UNION ALL " : " ", facet[i], PG_SEARCH_FACETS);
	PGresult *r = pg_query(s, pd_buf_cstr(&sql), p, err, "counting facets");
	pd_buf_release(&sql);
	if (!r)
		return status(err);
	pd_facet **dst[] = { &out->speakers, &out->types, &out->years, &out->topics,
			     &out->langs };
	size_t *ndst[] = { &out->nspeakers, &out->ntypes, &out->nyears, &out->ntopics,
			   &out->nlangs };
	size_t cap[5] = { 0 };
	for (int i = 0; i < PQntuples(r); i++) {
		int f = (int)pg_col_int(r, i, 0);
		*dst[f] = pd_xgrow(*dst[f], sizeof **dst[f], *ndst[f] + 1, &cap[f]);
		pd_facet *v = &(*dst[f])[(*ndst[f])++];
		v->value = pg_col(r, i, 1);
		v->count = (size_t)pg_col_int(r, i, 2);
	}
	PQclear(r);
	return 0;
}

int pg_search(pd_store *ps, const pd_search_req *req, pd_search_result *out, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pd_buf where, tsq, sql;
	pd_buf_init(&where, 0);
	pd_buf_init(&tsq, 0);
	pd_buf_init(&sql, 0);
	pg_params p;
	pg_params_init(&p);
	bool snapshot = false;
	int rc = 0;
	pd_query *q = pd_query_parse(req->query, err);
	if (!q) {
		rc = PD_EUSAGE;
		goto out;
	}
	if ((rc = pd_store_filter_check(&req->filter, true, err)) != 0)
		goto out;
	pg_tsquery(&tsq, q);
	pg_param(&p, pd_buf_cstr(&tsq));
	add_filters(&where, &p, &req->filter, true);
	if ((rc = pg_snapshot_begin(s, &snapshot, err)) != 0)
		goto out;
	if (req->want_facets)
		rc = search_facets(s, pd_buf_cstr(&where), &p, out, err);
	if (rc == 0) {
		pd_buf_printf(&sql, "SELECT count(*)" PG_HIT_FROM "%s", pd_buf_cstr(&where));
		rc = count(s, pd_buf_cstr(&sql), &p, &out->total, err);
	}
	if (rc)
		goto out;
	/* rank on keys only, then read the text of the page */
	int lim = pg_param_int(&p, (long long)(req->limit ? req->limit : 20));
	int off = pg_param_int(&p, (long long)req->offset);
	pd_buf_reset(&sql);
	pd_buf_printf(&sql, "WITH h AS MATERIALIZED (SELECT t.tid, t.rid, r.date, " PG_RANK
		      " AS score" PG_HIT_FROM "%s ORDER BY score DESC,"
		      " r.date COLLATE \"C\" DESC NULLS LAST, t.tid LIMIT $%d OFFSET $%d)"
		      " SELECT r.id, r.title, r.date, r.release_type, r.language, t.n, t.speaker,"
		      " t.speaker_name, t.kind, coalesce(t.text, t.title), h.score"
		      " FROM h JOIN turns t ON t.tid = h.tid JOIN records r ON r.rid = h.rid"
		      " ORDER BY h.score DESC, h.date COLLATE \"C\" DESC NULLS LAST, h.tid",
		      pd_buf_cstr(&where), lim, off);
	PGresult *r = pg_query(s, pd_buf_cstr(&sql), &p, err, "searching");
	if (!r) {
		rc = status(err);
		goto out;
	}
	read_hits(r, q, out);
	PQclear(r);
out:
	pg_snapshot_end(s, snapshot);
	if (rc)
		pd_search_result_release(out);
	pd_query_free(q);
	pg_params_release(&p);
	pd_buf_release(&where);
	pd_buf_release(&tsq);
	pd_buf_release(&sql);
	return rc;
}

int pg_list(pd_store *ps, const pd_list_req *req, pd_summary **out, size_t *n,
	    size_t *total, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pd_buf where, sql;
	pd_buf_init(&where, 0);
	pd_buf_init(&sql, 0);
	pg_params p;
	pg_params_init(&p);
	bool snapshot = false;
	PGresult *r = NULL;
	int rc = pd_store_filter_check(&req->filter, false, err);
	if (rc)
		goto out;
	add_filters(&where, &p, &req->filter, false);
	if ((rc = pg_snapshot_begin(s, &snapshot, err)) != 0)
		goto out;
	pd_buf_printf(&sql, "SELECT count(*) FROM records r WHERE true%s", pd_buf_cstr(&where));
	if ((rc = count(s, pd_buf_cstr(&sql), &p, total, err)) != 0)
		goto out;
	int lim = pg_param_int(&p, (long long)(req->limit ? req->limit : 50));
	int off = pg_param_int(&p, (long long)req->offset);
	pd_buf_reset(&sql);
	pd_buf_printf(&sql, "SELECT r.id, r.title, r.date, r.release_type, r.language, r.source,"
		      " r.nturns FROM records r WHERE true%s ORDER BY r.date IS NULL,"
		      " r.date COLLATE \"C\" %s, r.id COLLATE \"C\" LIMIT $%d OFFSET $%d",
		      pd_buf_cstr(&where), req->oldest_first ? "ASC" : "DESC", lim, off);
	if (!(r = pg_query(s, pd_buf_cstr(&sql), &p, err, "listing"))) {
		rc = status(err);
		goto out;
	}
	int rows = PQntuples(r);
	pd_summary *v = rows ? pd_xcalloc((size_t)rows, sizeof *v) : NULL;
	for (int i = 0; i < rows; i++) {
		v[i].id = pg_col(r, i, 0);
		v[i].title = pg_col(r, i, 1);
		v[i].date = pg_col(r, i, 2);
		v[i].release_type = pg_col(r, i, 3);
		v[i].language = pg_col(r, i, 4);
		v[i].source = pg_col(r, i, 5);
		v[i].nturns = (size_t)pg_col_int(r, i, 6);
	}
	*out = v;
	*n = (size_t)rows;
out:
	PQclear(r);
	pg_snapshot_end(s, snapshot);
	pg_params_release(&p);
	pd_buf_release(&where);
	pd_buf_release(&sql);
	return rc;
}

int pg_facet(pd_store *ps, const char *what, size_t limit, pd_facet **out, size_t *n,
	     pd_err *err)
{
	static const struct {
		const char *name, *sql;
	} facets[] = {
		{ "speaker", "SELECT coalesce(name, label) COLLATE \"C\" AS v, count(DISTINCT rid) AS c"
			     " FROM participants GROUP BY v" },
		{ "topic", "SELECT topic COLLATE \"C\" AS v, count(*) AS c FROM topics GROUP BY v" },
		{ "type", "SELECT release_type COLLATE \"C\" AS v, count(*) AS c FROM records"
			  " WHERE release_type IS NOT NULL GROUP BY v" },
		{ "year", "SELECT substr(date, 1, 4) COLLATE \"C\" AS v, count(*) AS c FROM records"
			  " WHERE date IS NOT NULL GROUP BY v" },
		{ "lang", "SELECT language COLLATE \"C\" AS v, count(*) AS c FROM records"
			  " WHERE language IS NOT NULL GROUP BY v" },
	};
	pg_store *s = (pg_store *)ps;
	for (size_t i = 0; i < sizeof facets / sizeof *facets; i++) {
		if (strcmp(what, facets[i].name) != 0)
			continue;
		char sql[256];
		snprintf(sql, sizeof sql, "%s ORDER BY c DESC, v LIMIT $1",
			 facets[i].sql);
		pg_params p;
		pg_params_init(&p);
		if (limit)
			pg_param_int(&p, (long long)limit);
		else
			pg_param(&p, NULL); /* LIMIT NULL: all */
		PGresult *r = pg_query(s, sql, &p, err, "counting facets");
		pg_params_release(&p);
		if (!r)
			return status(err);
		int rows = PQntuples(r);
		pd_facet *v = rows ? pd_xcalloc((size_t)rows, sizeof *v) : NULL;
		for (int k = 0; k < rows; k++) {
			v[k].value = pg_col(r, k, 0);
			v[k].count = (size_t)pg_col_int(r, k, 1);
		}
		PQclear(r);
		*out = v;
		*n = (size_t)rows;
		return 0;
	}
	return pd_err_set(err, PD_EUSAGE, "unknown facet '%s'", what);
}

int pg_stats(pd_store *ps, pd_stats *out, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	PGresult *r = pg_query(s, "SELECT (SELECT count(*) FROM records),"
		" (SELECT count(*) FROM turns WHERE n > 0),"
		" (SELECT count(DISTINCT label) FROM participants),"
		" (SELECT count(*) FROM revisions),"
		" (SELECT count(DISTINCT language) FROM records),"
		" (SELECT min(date COLLATE \"C\") FROM records),"
		" (SELECT max(date COLLATE \"C\") FROM records),"
		" pg_database_size(current_database()),"
		" (SELECT max(version) FROM podium_schema)", NULL, err, "reading statistics");
	if (!r)
		return status(err);
	out->records = (size_t)pg_col_int(r, 0, 0);
	out->turns = (size_t)pg_col_int(r, 0, 1);
	out->participants = (size_t)pg_col_int(r, 0, 2);
	out->revisions = (size_t)pg_col_int(r, 0, 3);
	out->languages = (size_t)pg_col_int(r, 0, 4);
	out->first_date = pg_col(r, 0, 5);
	out->last_date = pg_col(r, 0, 6);
	out->db_bytes = pg_col_int(r, 0, 7);
	out->schema_version = (int)pg_col_int(r, 0, 8);
	PQclear(r);
	return 0;
}
