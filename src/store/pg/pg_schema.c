/* pg_schema.c: the PostgreSQL schema and its migrations.
 *
 * The same tables as the SQLite backend (store/sqlite/schema.c), so both
 * hold the same things: records (records.json is the record without its
 * turns), participants, turns (the title is turn 0, kind 'title'), topics,
 * images, translations (origin 'record' or 'link'), revisions.
 *
 * The search index is turns.tsv, a tsvector made by Podium's tokenizer in
 * C (pg_text.c: CJK bigrams, folded words) and indexed with GIN; nothing
 * here uses PostgreSQL's parsers or dictionaries. pd_nocase() folds ASCII
 * letters only, as SQLite's COLLATE NOCASE does, so filters agree.
 *
 * podium_schema.version counts the steps applied. Steps run in order, each
 * in a transaction holding an advisory lock, so several servers starting
 * on a new database do not apply one twice; released steps are never
 * edited: a change is a new step at the end. Tables live in the first
 * schema of the connection's search_path (options=-csearch_path=... in
 * the URI puts an archive in its own schema).
 *
 * turns.tsv is written in C, so a build that cuts text differently (its
 * OpenCC fold table, its utf8proc's Unicode version, PD_TOKENIZER_RULES)
 * would search an index its queries do not match. meta.tokenizer names
 * the tokenizer that wrote it; a writable open under another one writes
 * every tsvector again (pg_check_tokenizer), as the SQLite backend
 * rebuilds turns_fts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "escape/escape.h"
#include "search/tokenize.h"
#include "store/pg/pg_int.h"

/* pg_advisory_xact_lock key of the migration lock ("Podium" in ASCII). */
#define PG_MIGRATE_LOCK "88314785769837"

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE podium_schema(version integer NOT NULL);"
	"INSERT INTO podium_schema VALUES (0);"
	"CREATE FUNCTION pd_nocase(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
	"  PARALLEL SAFE AS $$SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
	"  'abcdefghijklmnopqrstuvwxyz')$$;"
	"CREATE TABLE records("
	"  rid bigserial PRIMARY KEY,"
	"  id text NOT NULL UNIQUE,"
	"  title text, date text, language text, release_type text, source text,"
	"  category text, url text, origin text, format text,"
	"  nturns integer NOT NULL DEFAULT 0,"
	"  hash text NOT NULL,"
	"  json text NOT NULL,"
	"  created text NOT NULL,"
	"  updated text NOT NULL);"
	"CREATE INDEX records_date ON records(date COLLATE \"C\");"
	"CREATE TABLE participants("
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  label text NOT NULL, name text, role text, kind text NOT NULL,"
	"  aliases text[]);"
	"CREATE INDEX participants_rid ON participants(rid);"
	"CREATE TABLE turns("
	"  tid bigserial PRIMARY KEY,"
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  n integer NOT NULL,"
	"  speaker text, speaker_name text,"
	"  kind text NOT NULL,"
	"  title text, text text,"
	"  answers integer NOT NULL DEFAULT 0,"
	"  lang text,"
	"  tsv tsvector NOT NULL,"
	"  UNIQUE(rid, n));"
	"CREATE INDEX turns_tsv ON turns USING gin(tsv);"
	"CREATE TABLE topics("
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  topic text NOT NULL,"
	"  UNIQUE(rid, topic));"
	"CREATE INDEX topics_topic ON topics(pd_nocase(topic));"
	"CREATE TABLE images("
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  n integer NOT NULL, src text NOT NULL, alt text);"
	"CREATE INDEX images_rid ON images(rid);"
	"CREATE TABLE translations("
	"  xid bigserial PRIMARY KEY,"
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  lang text, other_id text,"
	"  origin text NOT NULL CHECK(origin IN ('record', 'link')));"
	"CREATE INDEX translations_rid ON translations(rid);"
	"CREATE INDEX translations_other ON translations(other_id);"
	"CREATE TABLE revisions("
	"  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  number integer NOT NULL,"
	"  created text NOT NULL, who text, why text,"
	"  json text NOT NULL,"
	"  UNIQUE(rid, number));",
	/* 2: facts about the database as a whole; 'tokenizer' holds the
	 * fingerprint of the tokenizer that wrote turns.tsv (see
	 * pg_check_tokenizer) */
	"CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);",
};

const int pg_schema_latest = (int)(sizeof migrations / sizeof *migrations);

int pg_schema_version(pg_store *s, int *version, pd_err *err)
{
	*version = 0;
	PGresult *r = pg_query(s, "SELECT to_regclass('podium_schema') IS NOT NULL", NULL, err,
			       "reading the schema version");
	if (!r)
		return err ? err->code : PD_ESTORE;
	bool exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!exists)
		return 0;
	r = pg_query(s, "SELECT max(version) FROM podium_schema", NULL, err,
		     "reading the schema version");
	if (!r)
		return err ? err->code : PD_ESTORE;
	*version = (int)pg_col_int(r, 0, 0);
	PQclear(r);
	return 0;
}

int pg_migrate(pg_store *s, pd_err *err)
{
	int rc, v;
	for (int step = 0; step < pg_schema_latest; step++) {
		if ((rc = pg_atomic_begin(s, err)) != 0)
			return rc;
		/* read under the lock: another server may have migrated */
		if ((rc = pg_exec(s, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", err)) ||
		    (rc = pg_schema_version(s, &v, err)))
			goto fail;
		if (v > pg_schema_latest) {
			rc = pd_err_set(err, PD_ESTORE, "%s: schema version %d is newer than this "
					"podium knows (%d)", s->shown, v, pg_schema_latest);
			goto fail;
		}
		if (v > step) {
			pg_atomic_end(s, 0, NULL);
			continue;
		}
		char sql[64];
		snprintf(sql, sizeof sql, "UPDATE podium_schema SET version = %d", step + 1);
		if ((rc = pg_exec(s, migrations[step], err)) != 0 ||
		    (rc = pg_exec(s, sql, err)) != 0)
			goto fail;
		if ((rc = pg_atomic_end(s, 0, err)) != 0)
			return rc;
	}
	return 0;
fail:
	return pg_atomic_end(s, rc, err);
}

/* Turns re-indexed per statement while rebuilding. */
#define PG_REINDEX_BATCH 2000

/* The fingerprint in meta into have ("" when none); 0 or an error. */
static int stored_fingerprint(pg_store *s, char have[17], pd_err *err)
{
	PGresult *r = pg_query(s, "SELECT value FROM meta WHERE key = 'tokenizer'", NULL, err,
			       "reading the tokenizer fingerprint");
	if (!r)
		return err ? err->code : PD_ESTORE;
	snprintf(have, 17, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return 0;
}

/* Writes the tsvector of every turn again, in batches by tid. */
static int reindex(pg_store *s, pd_err *err)
{
	long long last = 0;
	pd_buf json;
	pd_buf_init(&json, 0);
	int rc = 0;
	for (;;) {
		pg_params p;
		pg_params_init(&p);
		pg_param_int(&p, last);
		pg_param_int(&p, PG_REINDEX_BATCH);
		PGresult *r = pg_query(s, "SELECT tid, coalesce(title, text, ''), title IS NOT NULL"
				       " FROM turns WHERE tid > $1 ORDER BY tid LIMIT $2", &p, err,
				       "reading turns to index");
		pg_params_release(&p);
		if (!r) {
			rc = err ? err->code : PD_ESTORE;
			break;
		}
		int rows = PQntuples(r);
		pd_buf_reset(&json);
		pd_buf_putc(&json, '[');
		for (int i = 0; i < rows; i++) {
			pd_buf lit;
			pd_buf_init(&lit, 0);
			pg_tsvector(&lit, PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1),
				    PQgetvalue(r, i, 2)[0] == 't');
			last = pg_col_int(r, i, 0);
			pd_buf_printf(&json, "%s{\"tid\":%lld,\"tsv\":\"", i ? "," : "", last);
			pd_esc_json(&json, pd_buf_cstr(&lit), lit.len);
			pd_buf_puts(&json, "\"}");
			pd_buf_release(&lit);
		}
		pd_buf_putc(&json, ']');
		PQclear(r);
		if (rows == 0)
			break;
		pg_params_init(&p);
		pg_param(&p, pd_buf_cstr(&json));
		r = pg_query(s, "UPDATE turns t SET tsv = x.tsv::tsvector FROM"
			     " jsonb_to_recordset($1::jsonb) AS x(tid bigint, tsv text)"
			     " WHERE t.tid = x.tid", &p, err, "indexing turns");
		pg_params_release(&p);
		PQclear(r);
		if (!r) {
			rc = err ? err->code : PD_ESTORE;
			break;
		}
	}
	pd_buf_release(&json);
	return rc;
}

int pg_check_tokenizer(pg_store *s, pd_err *err)
{
	char want[17], have[17];
	pd_hash64_hex(pd_tokenizer_fingerprint(), want);
	int rc = stored_fingerprint(s, have, err);
	if (rc || strcmp(have, want) == 0)
		return rc;
	/* decided again under the lock: another process may be at it */
	if ((rc = pg_atomic_begin(s, err)) != 0)
		return rc;
	if ((rc = pg_exec(s, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", err)) != 0 ||
	    (rc = stored_fingerprint(s, have, err)) != 0)
		goto out;
	/* none: a new database, written by this tokenizer from the start */
	if (have[0] && strcmp(have, want) != 0 && (rc = reindex(s, err)) != 0)
		goto out;
	pg_params p;
	pg_params_init(&p);
	pg_param(&p, want);
	PGresult *r = pg_query(s, "INSERT INTO meta(key, value) VALUES ('tokenizer', $1)"
			       " ON CONFLICT (key) DO UPDATE SET value = $1", &p, err,
			       "recording the tokenizer");
	pg_params_release(&p);
	if (!r)
		rc = err ? err->code : PD_ESTORE;
	PQclear(r);
out:
	return pg_atomic_end(s, rc, err);
}
