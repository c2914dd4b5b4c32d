/* pg_store.c: the PostgreSQL backend — writing and reading records
 * (connection and transactions are in pg_conn.c, search and listing in
 * pg_search.c, the schema in pg_schema.c).
 *
 * It keeps what the SQLite backend keeps, the same way: records.json is
 * the record without its turns, one `turns` row per turn (plus the title
 * as turn 0) carries the text and its tsvector, a revision keeps the whole
 * replaced record as JSON. A put sends the record's rows in one statement
 * (data-modifying WITH over a JSON document), so a record costs a handful
 * of round trips whatever its number of turns.
 *
 * Several processes may write one archive: a put takes a transaction-level
 * advisory lock on its id before it reads the stored hash, so two ingests
 * of the same record serialize instead of both inserting it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "escape/escape.h"
#include "record/record_json.h"
#include "store/pg/pg_int.h"

/* ---- put ---------------------------------------------------------------- */

/* Appends "key":value (a JSON string or null) and a comma. */
static void field(pd_buf *b, const char *key, const char *value)
{
	pd_buf_printf(b, "\"%s\":", key);
	pd_json_str(b, value);
	pd_buf_putc(b, ',');
}

static void json_turn(pd_buf *b, int n, const char *speaker, const char *speaker_name,
		      const char *kind, const char *title, const char *text, int answers,
		      const char *lang)
{
	pd_buf_printf(b, "{\"n\":%d,\"answers\":%d,", n, answers);
	field(b, "speaker", speaker);
	field(b, "speaker_name", speaker_name);
	field(b, "kind", kind);
	field(b, "title", title);
	field(b, "text", text);
	field(b, "lang", lang);
	pd_buf_puts(b, "\"tsv\":\"");
	/* the tsvector literal holds no control characters; quotes and
	 * backslashes in lexemes are escaped for JSON here */
	pd_buf lit;
	pd_buf_init(&lit, 0);
	const char *src = title ? title : text ? text : "";
	pg_tsvector(&lit, src, strlen(src), title != NULL);
	pd_esc_json(b, lit.data ? lit.data : "", lit.len);
	pd_buf_release(&lit);
	pd_buf_puts(b, "\"}");
}

/* The rows of r other than its records row, as one JSON document. */
static void children_json(const pd_record *r, pd_buf *b)
{
	pd_buf_puts(b, "{\"participants\":[");
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		pd_buf_puts(b, i ? ",{" : "{");
		field(b, "label", p->label ? p->label : "");
		field(b, "name", p->name);
		field(b, "role", p->role);
		field(b, "kind", pd_participant_kind_name(p->kind));
		pd_buf_puts(b, "\"aliases\":");
		if (!p->naliases)
			pd_buf_puts(b, "null");
		for (size_t a = 0; a < p->naliases; a++) {
			pd_buf_putc(b, a ? ',' : '[');
			pd_json_str(b, p->aliases[a]);
		}
		pd_buf_puts(b, p->naliases ? "]}" : "}");
	}
	pd_buf_puts(b, "],\"turns\":[");
	size_t count = 0;
	if (r->title && *r->title) { /* the title, searchable as turn 0 */
		json_turn(b, 0, NULL, NULL, "title", r->title, NULL, 0, NULL);
		count++;
	}
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		const pd_participant *p = t->speaker ? pd_record_find_participant(r, t->speaker)
						     : NULL;
		if (count++)
			pd_buf_putc(b, ',');
		json_turn(b, t->n, t->speaker, p ? p->name : NULL, pd_turn_kind_name(t->kind),
			  NULL, t->text ? t->text : "", t->answers, t->lang);
	}
	pd_buf_puts(b, "],\"topics\":[");
	for (size_t i = 0; i < r->ntopics; i++) {
		if (i)
			pd_buf_putc(b, ',');
		pd_json_str(b, r->topics[i]);
	}
	pd_buf_puts(b, "],\"images\":[");
	for (size_t i = 0; i < r->nimages; i++) {
		pd_buf_printf(b, "%s{\"n\":%zu,", i ? "," : "", i + 1);
		field(b, "src", r->images[i].src ? r->images[i].src : "");
		pd_buf_puts(b, "\"alt\":");
		pd_json_str(b, r->images[i].alt);
		pd_buf_putc(b, '}');
	}
	pd_buf_puts(b, "],\"translations\":[");
	for (size_t i = 0; i < r->ntranslations; i++) {
		pd_buf_printf(b, "%s{\"ord\":%zu,", i ? "," : "", i);
		field(b, "lang", r->translations[i].lang);
		pd_buf_puts(b, "\"id\":");
		pd_json_str(b, r->translations[i].id);
		pd_buf_putc(b, '}');
	}
	pd_buf_puts(b, "]}");
}

/* Inserts every child row of record $1 from the JSON document $2. */
static const char put_children_sql[] =
	"WITH d AS (SELECT $2::jsonb AS j),"
	" p AS (INSERT INTO participants(rid, label, name, role, kind, aliases)"
	"  SELECT $1, x.label, x.name, x.role, x.kind, x.aliases FROM d,"
	"  jsonb_to_recordset(d.j -> 'participants') AS x(label text, name text, role text,"
	"  kind text, aliases text[])),"
	" t AS (INSERT INTO turns(rid, n, speaker, speaker_name, kind, title, text, answers,"
	"  lang, tsv) SELECT $1, x.n, x.speaker, x.speaker_name, x.kind, x.title, x.text,"
	"  x.answers, x.lang, x.tsv::tsvector FROM d, jsonb_to_recordset(d.j -> 'turns')"
	"  AS x(n integer, speaker text, speaker_name text, kind text, title text, text text,"
	"  answers integer, lang text, tsv text)),"
	" tp AS (INSERT INTO topics(rid, topic) SELECT $1, x FROM d,"
	"  jsonb_array_elements_text(d.j -> 'topics') AS x ON CONFLICT DO NOTHING),"
	" im AS (INSERT INTO images(rid, n, src, alt) SELECT $1, x.n, x.src, x.alt FROM d,"
	"  jsonb_to_recordset(d.j -> 'images') AS x(n integer, src text, alt text))"
	" INSERT INTO translations(rid, lang, other_id, origin)"
	"  SELECT $1, x.lang, x.id, 'record' FROM d, jsonb_to_recordset(d.j -> 'translations')"
	"  AS x(ord integer, lang text, id text) ORDER BY x.ord";

/* Deletes the child rows of record $1 that put rewrites (links are kept). */
static const char clear_children_sql[] =
	"WITH p AS (DELETE FROM participants WHERE rid = $1),"
	" t AS (DELETE FROM turns WHERE rid = $1),"
	" tp AS (DELETE FROM topics WHERE rid = $1),"
	" im AS (DELETE FROM images WHERE rid = $1)"
	" DELETE FROM translations WHERE rid = $1 AND origin = 'record'";

/* Runs sql with p, discarding the result. */
static int run(pg_store *s, const char *sql, const pg_params *p, pd_err *err,
	       const char *what)
{
	PGresult *r = pg_query(s, sql, p, err, what);
	PQclear(r);
	return r ? 0 : err ? err->code : PD_ESTORE;
}

/* The record as stored — records.json plus its turns, without links —
 * as JSON text: one statement, one snapshot. Sets *rid (0: no record). */
static const char load_sql[] =
	"SELECT r.rid, r.json, (SELECT coalesce(json_agg(json_build_array(t.n, t.speaker,"
	" t.kind, t.text, t.answers, t.lang) ORDER BY t.n), '[]') FROM turns t"
	" WHERE t.rid = r.rid AND t.n > 0), (SELECT coalesce(json_agg(json_build_array("
	" x.lang, x.other_id) ORDER BY x.xid), '[]') FROM translations x WHERE x.rid = r.rid)"
	" FROM records r WHERE r.id = $1";

/* Adds the turns of a load_sql row (a JSON array of arrays) to r. */
static int add_turns(pg_store *s, pd_record *r, const char *json, pd_err *err)
{
	json_error_t jerr;
	json_t *v = json_loads(json, 0, &jerr);
	if (!json_is_array(v)) {
		json_decref(v);
		return pd_err_set(err, PD_ESTORE, "%s: %s: cannot read the turns: %s", s->shown,
				  r->id, jerr.text);
	}
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t) {
		pd_turn_kind kind = PD_TURN_STATEMENT;
		const char *k = json_string_value(json_array_get(t, 2));
		if (k)
			pd_turn_kind_parse(k, &kind);
		json_t *text = json_array_get(t, 3);
		pd_turn *turn = pd_record_add_turn(r, json_string_value(json_array_get(t, 1)), kind,
						   json_string_value(text) ? json_string_value(text) : "",
						   json_string_length(text));
		turn->n = (int)json_integer_value(json_array_get(t, 0));
		turn->answers = (int)json_integer_value(json_array_get(t, 4));
		pd_record_set(&turn->lang, json_string_value(json_array_get(t, 5)));
	}
	json_decref(v);
	pd_record_link_qa(r);
	return 0;
}

/* The translations table is the truth about links: the record's own ones
 * plus pd_store_link's, minus pd_store_unlink's. */
static int set_translations(pg_store *s, pd_record *r, const char *json, pd_err *err)
{
	for (size_t i = 0; i < r->ntranslations; i++) {
		free(r->translations[i].lang);
		free(r->translations[i].id);
	}
	r->ntranslations = 0;
	json_t *v = json_loads(json, 0, NULL);
	if (!json_is_array(v)) {
		json_decref(v);
		return pd_err_set(err, PD_ESTORE, "%s: %s: cannot read translations", s->shown,
				  r->id);
	}
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t)
		pd_record_add_translation(r, json_string_value(json_array_get(t, 0)),
					  json_string_value(json_array_get(t, 1)));
	json_decref(v);
	return 0;
}

/* Loads record id; with_links puts the translations table in. */
static int load(pg_store *s, const char *id, bool with_links, long long *rid,
		pd_record **out, pd_err *err)
{
	*out = NULL;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, id);
	PGresult *res = pg_query(s, load_sql, &p, err, "reading a record");
	pd_record *r = NULL;
	int rc = 0;
	if (!res) {
		rc = err ? err->code : PD_ESTORE;
	} else if (PQntuples(res) == 0) {
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->shown, id);
	} else {
		*rid = pg_col_int(res, 0, 0);
		r = pd_record_from_json(id, PQgetvalue(res, 0, 1), (size_t)PQgetlength(res, 0, 1),
					err);
		if (!r)
			rc = err ? err->code : PD_EINPUT;
		else if ((rc = add_turns(s, r, PQgetvalue(res, 0, 2), err)) == 0 && with_links)
			rc = set_translations(s, r, PQgetvalue(res, 0, 3), err);
	}
	PQclear(res);
	pg_params_release(&p);
	if (rc)
		pd_record_free(r);
	else
		*out = r;
	return rc;
}

/* Keeps the stored version of record id, whole, as a revision before it
 * is replaced. */
static int keep_revision(pg_store *s, const char *id, const char *who, const char *why,
			 pd_err *err)
{
	pd_record *old = NULL;
	long long rid;
	int rc = load(s, id, false, &rid, &old, err);
	if (rc)
		return rc;
	pd_buf json;
	pd_buf_init(&json, 0);
	pd_record_to_json(old, &json);
	pd_record_free(old);
	pg_params p;
	pg_params_init(&p);
	pg_param_int(&p, rid);
	pg_param(&p, who);
	pg_param(&p, why);
	pg_param(&p, pd_buf_cstr(&json));
	rc = run(s, "INSERT INTO revisions(rid, number, created, who, why, json)"
		 " SELECT rid, (SELECT coalesce(max(number), 0) + 1 FROM revisions"
		 " WHERE rid = $1), updated, $2, $3, $4 FROM records WHERE rid = $1",
		 &p, err, "keeping a revision");
	pg_params_release(&p);
	pd_buf_release(&json);
	return rc;
}

#define PG_NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static int write_record(pg_store *s, long long *rid, const pd_record *r, const char *hash,
			const char *json, pd_err *err)
{
	pg_params p;
	pg_params_init(&p);
	const char *text[] = { r->id, r->title, r->date, r->language, r->release_type,
			       r->source, r->category, r->url, r->origin, r->format };
	for (int i = 0; i < 10; i++)
		pg_param(&p, text[i]);
	pg_param_int(&p, (long long)r->nturns);
	pg_param(&p, hash);
	pg_param(&p, json);
	if (*rid)
		pg_param_int(&p, *rid);
	PGresult *res = pg_query(s, *rid
		? "UPDATE records SET id = $1, title = $2, date = $3, language = $4,"
		  " release_type = $5, source = $6, category = $7, url = $8, origin = $9,"
		  " format = $10, nturns = $11, hash = $12, json = $13,"
		  " updated = " PG_NOW " WHERE rid = $14 RETURNING rid"
		: "INSERT INTO records(id, title, date, language, release_type, source,"
		  " category, url, origin, format, nturns, hash, json, created, updated)"
		  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
		  " " PG_NOW ", " PG_NOW ") RETURNING rid", &p, err, "storing a record");
	pg_params_release(&p);
	if (!res)
		return err ? err->code : PD_ESTORE;
	*rid = pg_col_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_put(pd_store *ps, const pd_record *r, const char *who, const char *why,
		  pd_put_result *result, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	char hash[17];
	pd_hash64_hex(pd_record_content_hash(r), hash);
	pd_buf json, children;
	pd_buf_init(&json, 0);
	pd_buf_init(&children, 0);
	pg_params p;
	pg_params_init(&p);
	PGresult *res = NULL;
	long long rid = 0;
	int rc = pg_atomic_begin(s, err);
	if (rc)
		goto out;
	pg_param(&p, r->id);
	/* the lock first, then the read: READ COMMITTED reads what the
	 * writer before us committed */
	if ((rc = run(s, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &p, err,
		      "locking a record")) != 0)
		goto end;
	if (!(res = pg_query(s, "SELECT rid, hash FROM records WHERE id = $1", &p, err,
			     "looking up a record"))) {
		rc = err ? err->code : PD_ESTORE;
		goto end;
	}
	if (PQntuples(res)) {
		rid = pg_col_int(res, 0, 0);
		if (strcmp(PQgetvalue(res, 0, 1), hash) == 0) {
			*result = PD_PUT_UNCHANGED;
			goto end;
		}
	}
	*result = rid ? PD_PUT_UPDATED : PD_PUT_ADDED;
	pd_record head = *r; /* records.json: everything but the turns */
	head.nturns = 0;
	head.nqa = 0;
	pd_record_to_json(&head, &json);
	pg_params_release(&p);
	pg_params_init(&p);
	if (rid) {
		pg_param_int(&p, rid);
		if ((rc = keep_revision(s, r->id, who, why, err)) != 0 ||
		    (rc = run(s, clear_children_sql, &p, err, "replacing a record")) != 0)
			goto end;
		pg_params_release(&p);
		pg_params_init(&p);
	}
	if ((rc = write_record(s, &rid, r, hash, pd_buf_cstr(&json), err)) != 0)
		goto end;
	children_json(r, &children);
	pg_param_int(&p, rid);
	pg_param(&p, pd_buf_cstr(&children));
	rc = run(s, put_children_sql, &p, err, "storing a record's turns");
	if (rc == 0)
		s->wrote = true;
end:
	rc = pg_atomic_end(s, rc, err);
out:
	PQclear(res);
	pg_params_release(&p);
	pd_buf_release(&json);
	pd_buf_release(&children);
	return rc;
}

/* ---- get / delete / revisions / links ----------------------------------- */

static int pg_get(pd_store *ps, const char *id, pd_record **out, pd_err *err)
{
	long long rid;
	return load((pg_store *)ps, id, true, &rid, out, err);
}

static int pg_delete(pd_store *ps, const char *id, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, id);
	int rc = pg_atomic_begin(s, err);
	if (rc)
		goto out;
	/* links to it go; translations that other records announce themselves
	 * ('record' rows) stay, as their source wrote them. Children and
	 * revisions go by ON DELETE CASCADE. */
	PGresult *res = pg_query(s, "WITH l AS (DELETE FROM translations WHERE other_id = $1"
				 " AND origin = 'link') DELETE FROM records WHERE id = $1"
				 " RETURNING rid", &p, err, "deleting a record");
	if (!res)
		rc = err ? err->code : PD_ESTORE;
	else if (PQntuples(res) == 0)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->shown, id);
	PQclear(res);
	rc = pg_atomic_end(s, rc, err);
out:
	pg_params_release(&p);
	return rc;
}

static int pg_revisions(pd_store *ps, const char *id, int number, size_t limit,
			bool with_json, pd_revision **out, size_t *n, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, id);
	pg_param_int(&p, number);
	pg_param(&p, with_json ? "t" : "f");
	pg_param_int(&p, limit ? (long long)limit : 0);
	/* one row of NULLs (LEFT JOIN): the record is there, without revisions;
	 * replaced: the next version's store time, or the record's own */
	PGresult *res = pg_query(s, "SELECT v.number, v.created, v.who, v.why,"
				 " CASE WHEN $3::boolean THEN v.json END,"
				 " coalesce((SELECT w.created FROM revisions w WHERE w.rid = v.rid"
				 " AND w.number > v.number ORDER BY w.number LIMIT 1), r.updated)"
				 " FROM records r LEFT JOIN revisions v ON v.rid = r.rid"
				 " AND ($2::int = 0 OR v.number = $2::int)"
				 " WHERE r.id = $1 ORDER BY v.number DESC NULLS LAST"
				 " LIMIT nullif($4::bigint, 0)", &p, err, "reading revisions");
	pg_params_release(&p);
	if (!res)
		return err ? err->code : PD_ESTORE;
	int rows = PQntuples(res), rc = 0;
	if (rows == 0) {
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->shown, id);
	} else if (!PQgetisnull(res, 0, 0)) {
		pd_revision *v = pd_xcalloc((size_t)rows, sizeof *v);
		for (int i = 0; i < rows; i++) {
			v[i].number = (int)pg_col_int(res, i, 0);
			v[i].created = pg_col(res, i, 1);
			v[i].who = pg_col(res, i, 2);
			v[i].why = pg_col(res, i, 3);
			v[i].json = pg_col(res, i, 4);
			v[i].replaced = pg_col(res, i, 5);
		}
		*out = v;
		*n = (size_t)rows;
	}
	PQclear(res);
	return rc;
}

static int pg_link(pd_store *ps, const char *a, const char *b, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, a);
	pg_param(&p, b);
	PGresult *res = NULL;
	int rc = pg_atomic_begin(s, err);
	if (rc)
		goto out;
	if (!(res = pg_query(s, "SELECT $1 FROM records WHERE id = $1 UNION ALL"
			     " SELECT $2 FROM records WHERE id = $2", &p, err, "linking records"))) {
		rc = err ? err->code : PD_ESTORE;
		goto end;
	}
	if (PQntuples(res) < 2) {
		const char *missing = PQntuples(res) && strcmp(PQgetvalue(res, 0, 0), a) == 0 ? b : a;
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->shown, missing);
		goto end;
	}
	rc = run(s, "INSERT INTO translations(rid, lang, other_id, origin)"
		 " SELECT x.rid, y.language, y.id, 'link' FROM records x, records y"
		 " WHERE ((x.id = $1 AND y.id = $2) OR (x.id = $2 AND y.id = $1))"
		 " AND NOT EXISTS (SELECT 1 FROM translations t WHERE t.rid = x.rid"
		 " AND t.other_id = y.id) ORDER BY x.id = $2", &p, err, "linking records");
end:
	rc = pg_atomic_end(s, rc, err);
out:
	PQclear(res);
	pg_params_release(&p);
	return rc;
}

static int pg_unlink(pd_store *ps, const char *a, const char *b, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, a);
	pg_param(&p, b);
	int rc = pg_atomic_begin(s, err);
	if (rc)
		goto out;
	PGresult *res = pg_query(s, "DELETE FROM translations t USING records r"
				 " WHERE t.rid = r.rid AND ((r.id = $1 AND t.other_id = $2)"
				 " OR (r.id = $2 AND t.other_id = $1))", &p, err,
				 "unlinking records");
	if (!res)
		rc = err ? err->code : PD_ESTORE;
	else if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: '%s' and '%s' are not linked", s->shown,
				a, b);
	PQclear(res);
	rc = pg_atomic_end(s, rc, err);
out:
	pg_params_release(&p);
	return rc;
}

/* No .data_version: a commit by another server or process reaches this
 * connection only if it asks (LISTEN/NOTIFY would need a listener per
 * handle), so pd_store_data_version says PD_EUNSUPPORTED and the page
 * cache keeps responses for PD_WEB_CACHE_TTL_MS instead. */
const struct pd_store_ops pg_ops = {
	.name = "postgres",
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.put = pg_put,
	.get = pg_get,
	.del = pg_delete,
	.revisions = pg_revisions,
	.link = pg_link,
	.unlink = pg_unlink,
	.search = pg_search,
	.list = pg_list,
	.facet = pg_facet,
	.stats = pg_stats,
};
