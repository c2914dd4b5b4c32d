/* test_store.c: the storage interface (store/store.h) on whichever backend
 * $PD_TEST_STORE names — unset or "sqlite": a SQLite file in a fresh temp
 * folder per test; a postgres:// URI: a fresh schema per test in that
 * database (the URI's search_path points at it), dropped afterwards.
 * ctest runs it once per backend (unit/test_store, and pg/store through
 * tests/pg/run_pg_tests.sh, which starts a throwaway cluster).
 *
 * Put and get, idempotence and revisions, search (English, phrases, OR,
 * exclusion, ranking, Chinese bigrams and single characters), filters,
 * facets, listing, stats, links, delete, atomic writes, read-only handles
 * and hostile records must behave the same on every backend. What only
 * one backend has is tested in test_store_sqlite.c / tests/pg/.
 */
#include "store_fixtures.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "base/limits.h"

/* ---- fixtures ---------------------------------------------------------- */

typedef struct fx {
	char dir[64];          /* sqlite: the temp folder */
	char path[96];         /* sqlite: the database file */
	char schema[48];       /* postgres: this test's schema */
	pd_buf uri;            /* what pd_store_open gets */
	pd_store *s;
} fx;

/* The base postgres:// URI, or NULL for SQLite. */
static const char *pg_base(void)
{
	const char *v = getenv("PD_TEST_STORE");
	return v && (strncmp(v, "postgres://", 11) == 0 || strncmp(v, "postgresql://", 13) == 0)
		? v : NULL;
}

/* Runs SQL on a second, raw connection (test-only tampering); the text
 * for this backend. Returns the first column of the first row as a
 * number (0 without rows). */
static long raw_sql(fx *f, const char *sqlite_sql, const char *pg_sql)
{
	long v = 0;
	if (!pg_base()) {
		sqlite3 *db;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		const char *sql = sqlite_sql, *tail;
		while (sql && *sql) {
			if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK)
				fail_msg("%s: %s", sql, sqlite3_errmsg(db));
			if (!st)
				break;
			int step = sqlite3_step(st);
			if (step == SQLITE_ROW)
				v = sqlite3_column_int(st, 0);
			else if (step != SQLITE_DONE)
				fail_msg("%s: %s", sql, sqlite3_errmsg(db));
			sqlite3_finalize(st);
			sql = tail;
		}
		sqlite3_close(db);
		return v;
	}
	PGconn *c = PQconnectdb(pd_buf_cstr(&f->uri));
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect: %s", PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	PGresult *r = PQexec(c, pg_sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		fail_msg("%s: %s", pg_sql, PQerrorMessage(c));
	if (st == PGRES_TUPLES_OK && PQntuples(r))
		v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	PQfinish(c);
	return v;
}

static void make_uri(fx *f, const char *schema)
{
	const char *base = pg_base();
	pd_buf_reset(&f->uri);
	if (!base) {
		pd_buf_puts(&f->uri, f->path);
		return;
	}
	pd_buf_printf(&f->uri, "%s%coptions=-csearch_path%%3D%s", base,
		      strchr(base, '?') ? '&' : '?', schema);
}

static int setup(void **state)
{
	static int serial;
	fx *f = calloc(1, sizeof *f);
	pd_buf_init(&f->uri, 0);
	if (pg_base()) {
		snprintf(f->schema, sizeof f->schema, "t%ld_%d", (long)getpid(), serial++);
		make_uri(f, f->schema);
		char sql[96];
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->schema);
		raw_sql(f, NULL, sql);
	} else {
		snprintf(f->dir, sizeof f->dir, "/tmp/pd-store-XXXXXX");
		assert_non_null(mkdtemp(f->dir));
		snprintf(f->path, sizeof f->path, "%s/podium.db", f->dir);
		make_uri(f, NULL);
	}
	pd_err err = {0};
	if (pd_store_open(pd_buf_cstr(&f->uri), 0, &f->s, &err) != 0)
		fail_msg("open %s: %s", pd_buf_cstr(&f->uri), err.msg);
	*state = f;
	return 0;
}

static int setup_loaded(void **state)
{
	setup(state);
	fx *f = *state;
	put_all(f->s);
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	pd_store_close(f->s);
	if (pg_base()) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
		raw_sql(f, NULL, sql);
	} else {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
		assert_int_equal(system(cmd), 0);
	}
	pd_buf_release(&f->uri);
	free(f);
	return 0;
}

/* ---- tests ------------------------------------------------------------- */

/* The record stored under r->id reads back as r, whole. */
static void assert_stored_as(pd_store *s, const pd_record *r)
{
	pd_record *back = NULL;
	pd_err err = {0};
	assert_int_equal(pd_store_get(s, r->id, &back, &err), 0);
	char *a = to_json(r), *b = to_json(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pd_record_free(back);
}

static void test_put_get_roundtrip(void **state)
{
	fx *f = *state;
	pd_record *r = rec_en1();
	pd_record_add_image(r, "photo.jpg", "The PM");
	pd_record_add_translation(r, "zh", NULL);
	put_ok(f->s, r, PD_PUT_ADDED);
	assert_stored_as(f->s, r);
	pd_record *back = NULL;
	pd_err err = {0};

	assert_int_equal(pd_store_get(f->s, "nope", &back, &err), PD_ENOTFOUND);
	assert_null(back);
	assert_int_equal(pd_store_get(f->s, "", &back, &err), PD_EUSAGE);

	/* an id over the limit is refused before any SQL */
	char longid[PD_MAX_ID_BYTES + 2];
	memset(longid, 'x', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	pd_record_set(&r->id, longid);
	assert_int_equal(pd_store_put(f->s, r, NULL, NULL, NULL, &err), PD_EUSAGE);
	pd_record_free(r);
}

static void test_idempotent_put_and_revisions(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = rec_en1();
	put_ok(f->s, r, PD_PUT_ADDED);
	char *v1 = to_json(r);
	/* the same content again, even read from elsewhere, writes nothing */
	pd_record_set(&r->origin, "/elsewhere/en-1.xml");
	put_ok(f->s, r, PD_PUT_UNCHANGED);
	pd_revision *revs;
	size_t n;
	assert_int_equal(pd_store_revisions(f->s, "en-1", &revs, &n, &err), 0);
	assert_int_equal(n, 0);
	pd_revisions_free(revs, n);

	/* a change keeps the old version as revision 1 */
	pd_record_set(&r->origin, NULL);
	free(r->turns[4].text);
	r->turns[4].text = strdup("Trade is very strong.");
	put_ok(f->s, r, PD_PUT_UPDATED);
	char *v2 = to_json(r);
	pd_record_set(&r->title, "Press conference, corrected");
	pd_err e2 = {0};
	pd_put_result res;
	assert_int_equal(pd_store_put(f->s, r, "editor", "fix title", &res, &e2), 0);
	assert_int_equal(res, PD_PUT_UPDATED);

	assert_int_equal(pd_store_revisions(f->s, "en-1", &revs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(revs[0].number, 2); /* newest first */
	assert_string_equal(revs[0].json, v2);
	assert_string_equal(revs[0].who, "editor");
	assert_string_equal(revs[0].why, "fix title");
	assert_int_equal(revs[1].number, 1);
	assert_string_equal(revs[1].json, v1);
	assert_string_equal(revs[1].why, "re-ingest");
	assert_int_equal(strlen(revs[1].created), 20); /* 2026-11-28T01:02:03Z */
	pd_revisions_free(revs, n);

	pd_record *back;
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), 0);
	assert_string_equal(back->title, "Press conference, corrected");
	assert_string_equal(back->turns[4].text, "Trade is very strong.");
	pd_record_free(back);
	/* the index follows: old words gone, new ones found */
	expect_hits(f->s, "corrected", NULL, "en-1#0");
	expect_hits(f->s, "district", NULL, "en-1#2 en-1#3");
	expect_hits(f->s, "very", NULL, "en-1#5");

	assert_int_equal(pd_store_revisions(f->s, "nope", &revs, &n, &err), PD_ENOTFOUND);
	free(v1);
	free(v2);
	pd_record_free(r);
}

/* A put given what pd_store_put_prepare made of the record ahead (ingest
 * makes it on its reader's thread) stores what a plain put stores: the
 * same hash (a plain put of the same record after it is unchanged, and
 * the other way round), the same record read back, a change seen. */
static void test_put_prepared(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_put_result res;
	pd_record *r = rec_en1();
	pd_put_prep prep;
	pd_store_put_prepare(f->s, r, &prep);
	assert_true(prep.ready);
	assert_int_equal(pd_store_put_prepared(f->s, r, &prep, "ingest", NULL, &res, &err), 0);
	assert_int_equal(res, PD_PUT_ADDED);
	pd_put_prep_release(&prep);
	put_ok(f->s, r, PD_PUT_UNCHANGED);
	assert_stored_as(f->s, r);
	pd_record *back = NULL;

	/* changed after a plain put: the prepared put sees it; then the same
	 * content again through a prep is unchanged */
	pd_record_set(&r->title, "Press conference, prepared");
	pd_store_put_prepare(f->s, r, &prep);
	assert_int_equal(pd_store_put_prepared(f->s, r, &prep, "ingest", NULL, &res, &err), 0);
	assert_int_equal(res, PD_PUT_UPDATED);
	assert_int_equal(pd_store_put_prepared(f->s, r, &prep, "ingest", NULL, &res, &err), 0);
	assert_int_equal(res, PD_PUT_UNCHANGED);
	pd_put_prep_release(&prep);
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), 0);
	assert_string_equal(back->title, "Press conference, prepared");
	pd_record_free(back);
	/* no prep, or one not made: a plain put */
	pd_record_set(&r->title, "Press conference, plain");
	memset(&prep, 0, sizeof prep);
	assert_int_equal(pd_store_put_prepared(f->s, r, &prep, NULL, NULL, &res, &err), 0);
	assert_int_equal(res, PD_PUT_UPDATED);
	assert_int_equal(pd_store_put_prepared(f->s, r, NULL, NULL, NULL, &res, &err), 0);
	assert_int_equal(res, PD_PUT_UNCHANGED);
	pd_record_free(r);
}

/* pd_store_correct: the one way to correct (CLI and admin interface);
 * revision_list gives the notes without the old texts, revision_get one
 * old text, and `replaced` says when each version stopped being current. */
static void test_correct(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_correction c;
	pd_record *r = rec_en1();
	put_ok(f->s, r, PD_PUT_ADDED);
	char *v1 = to_json(r);
	pd_record_set(&r->title, "Press conference on the embassy district (corrected)");

	/* refusals write nothing */
	assert_int_equal(pd_store_correct(f->s, "nope", r, "ed", "typo", &c, &err), PD_EUSAGE);
	pd_record_set(&r->id, "nope");
	assert_int_equal(pd_store_correct(f->s, "nope", r, "ed", "typo", &c, &err), PD_ENOTFOUND);
	pd_record_set(&r->id, "en-1");
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "", "typo", &c, &err), PD_EUSAGE);
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "ed", NULL, &c, &err), PD_EUSAGE);
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "ed", "bad \xff byte", &c, &err),
			 PD_EUSAGE);
	char long_note[PD_MAX_NOTE_BYTES + 2];
	memset(long_note, 'w', sizeof long_note - 1);
	long_note[sizeof long_note - 1] = '\0';
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "ed", long_note, &c, &err), PD_EUSAGE);
	long_note[PD_MAX_NOTE_BYTES] = '\0'; /* exactly the limit is fine */
	pd_revision *revs;
	size_t n;
	assert_int_equal(pd_store_revision_list(f->s, "en-1", 0, &revs, &n, &err), 0);
	assert_int_equal(n, 0);
	pd_revisions_free(revs, n);

	/* a correction: revision 1 holds the published text */
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "Ed Itor", long_note, &c, &err), 0);
	assert_int_equal(c.result, PD_PUT_UPDATED);
	assert_int_equal(c.revision, 1);
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "Ed Itor", "again", &c, &err), 0);
	assert_int_equal(c.result, PD_PUT_UNCHANGED);
	assert_int_equal(c.revision, 0);
	char *v2 = to_json(r);
	pd_record_set(&r->title, "Second correction");
	assert_int_equal(pd_store_correct(f->s, "en-1", r, "Other", "title", &c, &err), 0);
	assert_int_equal(c.revision, 2);

	/* the notes, newest first, without the texts */
	assert_int_equal(pd_store_revision_list(f->s, "en-1", 1, &revs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(revs[0].number, 2);
	assert_string_equal(revs[0].who, "Other");
	assert_string_equal(revs[0].why, "title");
	assert_null(revs[0].json);
	assert_non_null(revs[0].replaced);
	assert_int_equal(strlen(revs[0].replaced), 20);
	pd_revisions_free(revs, n);
	assert_int_equal(pd_store_revision_list(f->s, "en-1", 0, &revs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(revs[1].number, 1);
	assert_string_equal(revs[1].why, long_note);
	/* version 1 stopped being current when version 2 was stored */
	assert_string_equal(revs[1].replaced, revs[0].created);
	assert_null(revs[1].json);
	pd_revisions_free(revs, n);

	/* one old text */
	pd_revision one;
	assert_int_equal(pd_store_revision_get(f->s, "en-1", 1, &one, &err), 0);
	assert_int_equal(one.number, 1);
	assert_string_equal(one.json, v1);
	assert_string_equal(one.who, "Ed Itor");
	pd_revision_release(&one);
	assert_int_equal(pd_store_revision_get(f->s, "en-1", 2, &one, &err), 0);
	assert_string_equal(one.json, v2);
	pd_revision_release(&one);
	assert_int_equal(pd_store_revision_get(f->s, "en-1", 3, &one, &err), PD_ENOTFOUND);
	assert_null(one.json);
	assert_int_equal(pd_store_revision_get(f->s, "en-1", 0, &one, &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_revision_get(f->s, "nope", 1, &one, &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_revision_list(f->s, "nope", 1, &revs, &n, &err), PD_ENOTFOUND);

	pd_record *back;
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), 0);
	assert_string_equal(back->title, "Second correction");
	pd_record_free(back);
	free(v1);
	free(v2);
	pd_record_free(r);
}

static void test_search_english(void **state)
{
	fx *f = *state;
	expect_hits(f->s, "embassy", NULL, "en-1#0 en-1#2 en-1#3 en-2#2");
	expect_hits(f->s, "EMBASSY", NULL, "en-1#0 en-1#2 en-1#3 en-2#2");
	expect_hits(f->s, "\"embassy district\"", NULL, "en-1#0 en-1#2 en-1#3");
	expect_hits(f->s, "\"district embassy\"", NULL, "");
	expect_hits(f->s, "tariffs OR radio", NULL, "en-1#4 en-2#0 en-2#2");
	expect_hits(f->s, "embassy -district", NULL, "en-2#2");
	expect_hits(f->s, "trade -(tariffs OR tell)", NULL, "en-1#5");
	expect_hits(f->s, "(tariffs OR strong) trade", NULL, "en-1#4 en-1#5 en-2#2");
	/* narration is searchable */
	expect_hits(f->s, "arrived", NULL, "en-1#1");
	/* FTS5 syntax stays literal */
	expect_hits(f->s, "NEAR(embassy, 5)", NULL, "");
	expect_hits(f->s, "text:embassy", NULL, "");
	expect_hits(f->s, "embass*", NULL, "");

	/* ranking: a title match outranks the same word deep in a turn */
	pd_search_result r;
	search(f->s, "interview", NULL, &r);
	assert_int_equal(r.nhits, 2);
	assert_string_equal(r.hits[0].record_id, "en-2");
	assert_int_equal(r.hits[0].turn, 0);
	assert_string_equal(r.hits[0].turn_kind, "title");
	assert_string_equal(r.hits[1].turn_kind, "narration");
	assert_null(r.hits[1].speaker);
	pd_search_result_release(&r);

	/* hit fields and snippet highlighting */
	search(f->s, "staff", NULL, &r);
	assert_int_equal(r.nhits, 1);
	pd_hit *h = &r.hits[0];
	assert_string_equal(h->record_id, "en-1");
	assert_string_equal(h->title, "Press conference on the embassy district");
	assert_string_equal(h->date, "2023-05-04");
	assert_string_equal(h->release_type, "Press Conference");
	assert_string_equal(h->language, "en");
	assert_int_equal(h->turn, 3);
	assert_string_equal(h->speaker, "PM");
	assert_string_equal(h->speaker_name, "Anthony Albanese");
	assert_string_equal(h->turn_kind, "answer");
	assert_string_equal(h->snippet, "The embassy district will open next year. Embassy "
			    "\x02staff\x03 are ready.");
	pd_search_result_release(&r);

	/* paging */
	pd_search_req req = { .query = "embassy", .limit = 2, .offset = 3 };
	pd_err err = {0};
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), 0);
	assert_int_equal(r.total, 4);
	assert_int_equal(r.nhits, 1);
	pd_search_result_release(&r);
	req.limit = PD_MAX_SEARCH_LIMIT + 1;
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);

	/* the parser's rejections come through */
	req.limit = 0;
	req.query = "\"unclosed";
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);
	assert_non_null(strstr(err.msg, "unbalanced quote"));
	assert_int_equal(r.nhits, 0);
	req.query = "-only";
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);
}

static void test_search_chinese(void **state)
{
	fx *f = *state;
	expect_hits(f->s, "使馆", NULL, "zh-1#2");
	expect_hits(f->s, "馆", NULL, "zh-1#2");
	expect_hits(f->s, "第四使馆区", NULL, "zh-1#2");
	expect_hits(f->s, "馆区使", NULL, "");
	expect_hits(f->s, "交往中心", NULL, "zh-1#1");
	expect_hits(f->s, "进展", NULL, "zh-1#1 zh-1#2");
	expect_hits(f->s, "记者会", NULL, "zh-1#0");
	/* the last character of a run, and a lone query character mid-text */
	expect_hits(f->s, "利", NULL, "zh-1#2");
	expect_hits(f->s, "北", NULL, "zh-1#2");
	/* Traditional characters find the Simplified text (cjk_fold) */
	expect_hits(f->s, "使館", NULL, "zh-1#2");
	expect_hits(f->s, "使馆 OR radio", NULL, "en-2#0 zh-1#2");

	pd_search_result r;
	search(f->s, "使馆", NULL, &r);
	assert_string_equal(r.hits[0].snippet, "北京第四\x02使馆\x03区的建设进展顺利。");
	assert_string_equal(r.hits[0].speaker, "毛宁");
	pd_search_result_release(&r);
	search(f->s, "馆", NULL, &r);
	assert_string_equal(r.hits[0].snippet, "北京第四使\x02馆\x03区的建设进展顺利。");
	pd_search_result_release(&r);
}

static void test_filters(void **state)
{
	fx *f = *state;
	pd_filter fl = { .speaker = "anthony albanese" };
	expect_hits(f->s, "embassy OR trade", &fl, "en-1#3 en-1#5");
	fl = (pd_filter){ .speaker = "pm" };
	expect_hits(f->s, "embassy OR trade", &fl, "en-1#3 en-1#5 en-2#2");
	fl = (pd_filter){ .from = "2022" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-1#0 en-1#2 en-1#3 zh-1#2");
	fl = (pd_filter){ .from = "2021-02-01", .to = "2022-11" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-2#2 zh-1#2");
	fl = (pd_filter){ .to = "2021" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-2#2");
	fl = (pd_filter){ .type = "interview" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-2#2");
	fl = (pd_filter){ .topic = "diplomacy" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-1#0 en-1#2 en-1#3");
	fl = (pd_filter){ .lang = "zh" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "zh-1#2");
	fl = (pd_filter){ .lang = "zh-Hant" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "");
	fl = (pd_filter){ .lang = "z" }; /* a prefix of a tag is not the tag */
	expect_hits(f->s, "embassy OR 使馆", &fl, "");
	fl = (pd_filter){ .turn_kind = "question" };
	expect_hits(f->s, "embassy OR 使馆 OR trade", &fl, "en-1#2 en-1#4 en-2#1");
	fl = (pd_filter){ .turn_kind = "title", .lang = "en" };
	expect_hits(f->s, "embassy OR 使馆", &fl, "en-1#0");

	/* bad filter values are usage errors, not SQL */
	pd_search_result r;
	pd_err err = {0};
	pd_search_req req = { .query = "embassy", .filter.from = "2020-1" };
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);
	assert_non_null(strstr(err.msg, "from date '2020-1'"));
	req.filter = (pd_filter){ .lang = "en%" };
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);
	req.filter = (pd_filter){ .turn_kind = "speech'); DROP TABLE records; --" };
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_EUSAGE);
	req.filter = (pd_filter){ .speaker = "x' OR 1=1 --" };
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), 0);
	assert_int_equal(r.total, 0);
	pd_search_result_release(&r);
}

static const pd_facet *find_facet(const pd_facet *v, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].value, value) == 0)
			return &v[i];
	return NULL;
}

static void test_facets(void **state)
{
	fx *f = *state;
	pd_search_req req = { .query = "embassy OR 使馆 OR trade", .want_facets = true };
	pd_search_result r;
	pd_err err = {0};
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), 0);
	/* hits: en-1#0,2,3,4,5 en-2#1,2 zh-1#2 */
	assert_int_equal(r.total, 8);
	assert_int_equal(r.nspeakers, 5);
	assert_string_equal(r.speakers[0].value, "Anthony Albanese"); /* #3 #5 */
	assert_int_equal(r.speakers[0].count, 2);
	assert_int_equal(find_facet(r.speakers, r.nspeakers, "JOURNALIST")->count, 2);
	assert_int_equal(find_facet(r.speakers, r.nspeakers, "Scott Morrison")->count, 1);
	assert_int_equal(find_facet(r.speakers, r.nspeakers, "毛宁")->count, 1);
	assert_int_equal(r.ntypes, 2);
	assert_string_equal(r.types[0].value, "Press Conference");
	assert_int_equal(r.types[0].count, 6);
	assert_int_equal(r.nyears, 3);
	assert_string_equal(r.years[0].value, "2023");
	assert_int_equal(r.years[0].count, 5);
	assert_int_equal(find_facet(r.topics, r.ntopics, "Trade")->count, 2);
	assert_int_equal(find_facet(r.langs, r.nlangs, "zh-Hans")->count, 1);
	pd_search_result_release(&r);

	/* no facets unless asked */
	req.want_facets = false;
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), 0);
	assert_int_equal(r.nspeakers + r.ntypes + r.nyears + r.ntopics + r.nlangs, 0);
	pd_search_result_release(&r);

	/* record-level facets */
	pd_facet *v;
	size_t n;
	assert_int_equal(pd_store_facet(f->s, "type", 0, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].value, "Press Conference");
	assert_int_equal(v[0].count, 2);
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "speaker", 0, &v, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_int_equal(find_facet(v, n, "Anthony Albanese")->count, 1);
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "year", 2, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "lang", 0, &v, &n, &err), 0);
	assert_string_equal(v[0].value, "en");
	assert_int_equal(v[0].count, 2);
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "topic", 0, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "colour", 0, &v, &n, &err), PD_EUSAGE);
}

/* A search with facets reads its total and page from the hits it collected
 * (temp.pd_hits), one without from the index: both must give the same
 * hits in the same order, page by page, with and without filters, and one
 * search's hits must not leak into the next. */
static void test_facet_path_agrees(void **state)
{
	fx *f = *state;
	static const char *const queries[] = { "embassy OR trade OR 使馆", "trade",
					       "embassy -district", "记者会 OR radio" };
	pd_filter filters[] = { { 0 }, { .speaker = "pm" }, { .lang = "en" },
				{ .from = "2022", .turn_kind = "answer" } };
	for (size_t qi = 0; qi < sizeof queries / sizeof *queries; qi++) {
		for (size_t fi = 0; fi < sizeof filters / sizeof *filters; fi++) {
			for (size_t off = 0; off < 4; off++) {
				pd_search_req req = { .query = queries[qi], .filter = filters[fi],
						      .limit = 2, .offset = off };
				pd_search_result a, b;
				pd_err err = {0};
				assert_int_equal(pd_store_search(f->s, &req, &a, &err), 0);
				req.want_facets = true;
				assert_int_equal(pd_store_search(f->s, &req, &b, &err), 0);
				assert_int_equal(a.total, b.total);
				assert_int_equal(a.nhits, b.nhits);
				for (size_t i = 0; i < a.nhits; i++) {
					assert_string_equal(a.hits[i].record_id, b.hits[i].record_id);
					assert_int_equal(a.hits[i].turn, b.hits[i].turn);
					assert_string_equal(a.hits[i].snippet, b.hits[i].snippet);
					assert_true(a.hits[i].score == b.hits[i].score);
				}
				pd_search_result_release(&a);
				pd_search_result_release(&b);
			}
		}
	}
	/* a search inside the caller's transaction sees its own writes */
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	pd_record *r = rec_en2();
	pd_record_set(&r->id, "en-3");
	put_ok(f->s, r, PD_PUT_ADDED);
	pd_record_free(r);
	pd_search_req req = { .query = "radio", .want_facets = true };
	pd_search_result res;
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.total, 2);
	pd_search_result_release(&res);
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.total, 1);
	pd_search_result_release(&res);
}

static void test_list_and_stats(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_summary *v;
	size_t n, total;
	pd_list_req req = { .limit = 2 };
	assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), 0);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "en-1");
	assert_string_equal(v[1].id, "zh-1");
	assert_int_equal(v[0].nturns, 5);
	assert_string_equal(v[0].source, "PM");
	pd_summaries_free(v, n);
	req.offset = 2;
	assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, "en-2");
	pd_summaries_free(v, n);
	req = (pd_list_req){ .oldest_first = true };
	assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].id, "en-2");
	pd_summaries_free(v, n);
	req = (pd_list_req){ .filter = { .lang = "en", .speaker = "scott morrison" } };
	assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), 0);
	assert_int_equal(total, 1);
	assert_string_equal(v[0].id, "en-2");
	pd_summaries_free(v, n);
	req = (pd_list_req){ .filter = { .topic = "外交", .from = "2022-11-10", .to = "2022-11-10" } };
	assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), 0);
	assert_int_equal(total, 1);
	assert_string_equal(v[0].id, "zh-1");
	pd_summaries_free(v, n);

	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.records, 3);
	assert_int_equal(st.turns, 9);
	assert_int_equal(st.participants, 5); /* PM JOURNALIST 毛宁 记者 HOST */
	assert_int_equal(st.revisions, 0);
	assert_int_equal(st.languages, 2);
	assert_string_equal(st.first_date, "2021-02-01");
	assert_string_equal(st.last_date, "2023-05-04");
	pd_stats_release(&st);
}

static void test_link_unlink(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	assert_int_equal(pd_store_link(f->s, "en-1", "zh-1", &err), 0);
	assert_int_equal(pd_store_link(f->s, "zh-1", "en-1", &err), 0); /* idempotent */
	pd_record *r;
	assert_int_equal(pd_store_get(f->s, "en-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 1);
	assert_string_equal(r->translations[0].lang, "zh-Hans");
	assert_string_equal(r->translations[0].id, "zh-1");
	pd_record_free(r);
	assert_int_equal(pd_store_get(f->s, "zh-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 1);
	assert_string_equal(r->translations[0].lang, "en");
	assert_string_equal(r->translations[0].id, "en-1");
	/* a link survives a re-put of the record */
	pd_record_set(&r->source, "MFA");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	assert_int_equal(pd_store_get(f->s, "zh-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 1);
	pd_record_free(r);

	assert_int_equal(pd_store_unlink(f->s, "zh-1", "en-1", &err), 0);
	assert_int_equal(pd_store_get(f->s, "en-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 0);
	pd_record_free(r);
	assert_int_equal(pd_store_unlink(f->s, "zh-1", "en-1", &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_link(f->s, "en-1", "missing", &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_link(f->s, "en-1", "en-1", &err), PD_EUSAGE);
	assert_int_equal(pd_store_get(f->s, "en-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 0); /* the failed link left nothing */
	pd_record_free(r);
}

static void test_delete(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = rec_en2();
	pd_record_set(&r->source, "changed");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	assert_int_equal(pd_store_link(f->s, "en-2", "en-1", &err), 0);
	assert_int_equal(pd_store_delete(f->s, "en-2", &err), 0);
	assert_int_equal(pd_store_get(f->s, "en-2", &r, &err), PD_ENOTFOUND);
	expect_hits(f->s, "radio OR tariffs", NULL, "en-1#4");
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.records, 2);
	assert_int_equal(st.turns, 7);
	assert_int_equal(st.revisions, 0);
	pd_stats_release(&st);
	assert_int_equal(pd_store_get(f->s, "en-1", &r, &err), 0);
	assert_int_equal(r->ntranslations, 0); /* the link went with it */
	pd_record_free(r);
	assert_int_equal(pd_store_delete(f->s, "en-2", &err), PD_ENOTFOUND);
	/* and it can come back */
	r = rec_en2();
	put_ok(f->s, r, PD_PUT_ADDED);
	pd_record_free(r);
	expect_hits(f->s, "radio", NULL, "en-2#0");
}

/* Found in review: deleting a record must not erase the translations other
 * records announce themselves (a later unchanged put would never write them
 * back); the turn-level speaker filter knows a participant's other labels;
 * a turn in another language than its record is found by that language. */
static void test_delete_keeps_announced_and_turn_filters(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = rec_en2();
	pd_record_add_translation(r, "zh", "zh-1");
	pd_record_set(&r->source, "ABC"); /* translations alone are not content */
	put_ok(f->s, r, PD_PUT_UPDATED);
	assert_int_equal(pd_store_delete(f->s, "zh-1", &err), 0);
	put_ok(f->s, r, PD_PUT_UNCHANGED);
	pd_record_free(r);
	assert_int_equal(pd_store_get(f->s, "en-2", &r, &err), 0);
	assert_int_equal(r->ntranslations, 1);
	assert_string_equal(r->translations[0].lang, "zh");
	assert_string_equal(r->translations[0].id, "zh-1");
	pd_record_free(r);

	r = rec_en1();
	pd_participant *pm = pd_record_find_participant(r, "PM");
	pd_record_set(&pm->name, NULL);
	pd_participant_add_alias(pm, "PRIME MINISTER");
	const char *t6 = "Wool exports are up.";
	pd_record_add_turn(r, "PRIME MINISTER", PD_TURN_STATEMENT, t6, strlen(t6));
	const char *t7 = "羊毛出口增加了。";
	pd_turn *t = pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, t7, strlen(t7));
	pd_record_set(&t->lang, "zh-Hans");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	pd_filter fl = { .speaker = "pm" };
	expect_hits(f->s, "wool OR trade", &fl, "en-1#5 en-1#6 en-2#2");
	fl = (pd_filter){ .speaker = "prime minister" };
	expect_hits(f->s, "wool OR trade", &fl, "en-1#5 en-1#6");
	fl = (pd_filter){ .lang = "zh" };
	expect_hits(f->s, "羊毛 OR 使馆", &fl, "en-1#7"); /* zh-1 was deleted */
	fl = (pd_filter){ .lang = "en" };
	expect_hits(f->s, "羊毛 OR 使馆", &fl, "");
	pd_search_req req = { .query = "羊毛 OR wool", .want_facets = true };
	pd_search_result res;
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.nlangs, 2);
	assert_int_equal(find_facet(res.langs, res.nlangs, "zh-Hans")->count, 1);
	assert_int_equal(find_facet(res.langs, res.nlangs, "en")->count, 1);
	pd_search_result_release(&res);
}

/* A put that fails half-way leaves nothing behind: a trigger added on a
 * second connection makes the image insert (written after the record,
 * participants and turns) fail. */
static void test_atomic_put(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	raw_sql(f, "CREATE TRIGGER fail_images BEFORE INSERT ON images"
		" BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
		"CREATE FUNCTION fail_images() RETURNS trigger LANGUAGE plpgsql AS"
		" $$BEGIN RAISE EXCEPTION 'injected failure'; END$$;"
		" CREATE TRIGGER fail_images BEFORE INSERT ON images"
		" FOR EACH ROW EXECUTE FUNCTION fail_images()");
	pd_record *r = rec_en1();
	pd_record_add_image(r, "a.jpg", NULL);
	assert_int_equal(pd_store_put(f->s, r, NULL, NULL, NULL, &err), PD_ESTORE);
	assert_non_null(strstr(err.msg, "injected failure"));
	pd_record *back;
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), PD_ENOTFOUND);
	expect_hits(f->s, "embassy", NULL, "");
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.records + st.turns + st.participants, 0);
	pd_stats_release(&st);

	/* inside a caller's transaction: the failed put alone is undone */
	pd_record *ok = rec_zh1();
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	put_ok(f->s, ok, PD_PUT_ADDED);
	assert_int_equal(pd_store_put(f->s, r, NULL, NULL, NULL, &err), PD_ESTORE);
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_get(f->s, "zh-1", &back, &err), 0);
	pd_record_free(back);

	/* a failed update keeps the old version whole, and no revision */
	pd_record *zh = rec_zh1();
	pd_record_add_image(zh, "b.jpg", NULL);
	assert_int_equal(pd_store_put(f->s, zh, NULL, NULL, NULL, &err), PD_ESTORE);
	assert_int_equal(pd_store_get(f->s, "zh-1", &back, &err), 0);
	char *a = to_json(ok), *b = to_json(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pd_record_free(back);
	expect_hits(f->s, "使馆", NULL, "zh-1#2");
	pd_revision *revs;
	size_t n;
	assert_int_equal(pd_store_revisions(f->s, "zh-1", &revs, &n, &err), 0);
	assert_int_equal(n, 0);
	pd_revisions_free(revs, n);

	/* rollback of a caller's transaction undoes its puts */
	raw_sql(f, "DROP TRIGGER fail_images", "DROP TRIGGER fail_images ON images");
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	assert_int_equal(pd_store_begin(f->s, &err), PD_EUSAGE);
	put_ok(f->s, r, PD_PUT_ADDED);
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), PD_ENOTFOUND);
	assert_int_equal(pd_store_commit(f->s, &err), PD_EUSAGE);
	pd_record_free(zh);
	pd_record_free(ok);
	pd_record_free(r);
}

static void test_readonly(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store *ro;
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), PD_STORE_READONLY, &ro, &err), 0);
	pd_record *r = rec_en2();
	pd_record_set(&r->title, "changed");
	assert_int_equal(pd_store_put(ro, r, NULL, NULL, NULL, &err), PD_EUSAGE);
	assert_non_null(strstr(err.msg, "read-only"));
	assert_int_equal(pd_store_delete(ro, "en-1", &err), PD_EUSAGE);
	assert_int_equal(pd_store_link(ro, "en-1", "zh-1", &err), PD_EUSAGE);
	assert_int_equal(pd_store_begin(ro, &err), PD_EUSAGE);
	expect_hits(ro, "radio", NULL, "en-2#0");
	/* facets collect hits in a temp table: allowed on a read-only handle */
	pd_search_req req = { .query = "trade", .want_facets = true };
	pd_search_result res;
	assert_int_equal(pd_store_search(ro, &req, &res, &err), 0);
	assert_int_equal(res.total, 4);
	assert_int_equal(res.ntypes, 2);
	pd_search_result_release(&res);
	pd_store_close(ro);
	pd_record_free(r);

	/* read-only never creates a database: a missing file, or a schema
	 * without Podium's tables */
	if (pg_base()) {
		make_uri(f, "pd_nothing_here");
		assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), PD_STORE_READONLY, &ro, &err),
				 PD_ESTORE);
		assert_non_null(strstr(err.msg, "not a Podium database"));
		assert_int_equal(raw_sql(f, NULL, "SELECT count(*) FROM pg_namespace"
					 " WHERE nspname = 'pd_nothing_here'"), 0);
		make_uri(f, f->schema);
	} else {
		char missing[128];
		snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
		assert_int_equal(pd_store_open(missing, PD_STORE_READONLY, &ro, &err), PD_EIO);
		assert_int_equal(access(missing, F_OK), -1);
	}
	assert_null(ro);
}

/* A database written by a newer podium is refused, not damaged; opening
 * again does not apply a migration twice. */
static void test_schema_versions(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	int latest = st.schema_version;
	assert_true(latest >= 1);
	assert_int_equal(st.records, 0);
	assert_null(st.first_date);
	assert_true(st.db_bytes > 0);
	pd_stats_release(&st);
	pd_store_close(f->s);
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), PD_STORE_BULK, &f->s, &err), 0);
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.schema_version, latest);
	pd_stats_release(&st);
	pd_store_close(f->s);

	raw_sql(f, "PRAGMA user_version = 99", "UPDATE podium_schema SET version = 99");
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), 0, &f->s, &err), PD_ESTORE);
	assert_null(f->s);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), PD_STORE_READONLY, &f->s, &err),
			 PD_ESTORE);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", latest);
	char pgsql[64];
	snprintf(pgsql, sizeof pgsql, "UPDATE podium_schema SET version = %d", latest);
	raw_sql(f, sql, pgsql);
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), 0, &f->s, &err), 0);
	assert_string_equal(pd_store_backend(f->s), pg_base() ? "postgres" : "sqlite");
}

static void test_hostile_records(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "bad-1");
	pd_record_set(&r->title, "bad \xff\xfe title \x02 fake mark");
	const char text[] = "invalid \xc3 utf8 \xe4\xbd and a huge word ";
	pd_buf big;
	pd_buf_init(&big, 0);
	pd_buf_puts(&big, text);
	for (int i = 0; i < 100000; i++)
		pd_buf_putc(&big, 'z');
	pd_buf_puts(&big, " 使馆 end");
	pd_record_add_turn(r, "X", PD_TURN_STATEMENT, big.data, big.len);
	pd_buf_release(&big);
	pd_put_result res;
	assert_int_equal(pd_store_put(f->s, r, NULL, NULL, &res, &err), 0);
	pd_search_result sr;
	search(f->s, "huge 使馆", NULL, &sr);
	assert_int_equal(sr.nhits, 1);
	assert_non_null(strstr(sr.hits[0].snippet, "\x02"));
	pd_search_result_release(&sr);
	search(f->s, "fake", NULL, &sr);
	assert_int_equal(sr.nhits, 1);
	/* the \x02 in the title is dropped: only real marks remain */
	assert_string_equal(sr.hits[0].snippet, "bad \xef\xbf\xbd\xef\xbf\xbd title \x02" "fake\x03 mark");
	pd_search_result_release(&sr);
	pd_record_free(r);
}


/* Date filters at month and year bounds, on list and search alike: from
 * and to are inclusive prefixes (to 2020-05 takes all of May), records
 * without a date never match. */
static void expect_listed(pd_store *s, const char *from, const char *to, const char *want)
{
	pd_list_req req = { .filter = { .from = from, .to = to }, .oldest_first = true };
	pd_summary *v;
	size_t n, total;
	pd_err err = {0};
	if (pd_store_list(s, &req, &v, &n, &total, &err) != 0)
		fail_msg("list %s..%s: %s", from ? from : "", to ? to : "", err.msg);
	pd_buf got;
	pd_buf_init(&got, 0);
	for (size_t i = 0; i < n; i++)
		pd_buf_printf(&got, "%s%s", i ? " " : "", v[i].id);
	if (strcmp(pd_buf_cstr(&got), want) != 0)
		fail_msg("list %s..%s: [%s], want [%s]", from ? from : "", to ? to : "",
			 pd_buf_cstr(&got), want);
	assert_int_equal(total, n);
	pd_buf_release(&got);
	pd_summaries_free(v, n);
	pd_filter f = { .from = from, .to = to };
	pd_search_result r;
	search(s, "bound", &f, &r);
	assert_int_equal(r.total, n); /* one title hit per record */
	pd_search_result_release(&r);
}

static void test_date_bounds(void **state)
{
	fx *f = *state;
	static const char *const dates[] = { "2020-04-30", "2020-05-01", "2020-05-31",
					     "2020-06-01", NULL };
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		pd_record *r = pd_record_new();
		char id[16];
		snprintf(id, sizeof id, "d%zu", i);
		pd_record_set(&r->id, id);
		pd_record_set(&r->title, "Date bound test");
		pd_record_set(&r->date, dates[i]);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	expect_listed(f->s, "2020-05", NULL, "d1 d2 d3");
	expect_listed(f->s, NULL, "2020-05", "d0 d1 d2");
	expect_listed(f->s, "2020-05", "2020-05", "d1 d2");
	expect_listed(f->s, "2020-05-31", "2020-05-31", "d2");
	expect_listed(f->s, "2020-05-01", "2020-05-31", "d1 d2");
	expect_listed(f->s, "2020", "2020", "d0 d1 d2 d3");
	expect_listed(f->s, NULL, "2019", "");
	expect_listed(f->s, "2021", NULL, "");
}

/* pd_store_copy: an archive with revisions and a link, copied into an
 * empty store of the same backend (tests/integration/pg_migrate.sh copies
 * across backends): the same records, revisions and links; a store that
 * is not empty is refused. */
static void test_copy(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = rec_en1();
	pd_record_set(&r->title, "second version");
	pd_put_result res;
	assert_int_equal(pd_store_put(f->s, r, "editor", "typo", &res, &err), 0);
	pd_record_set(&r->title, "third version");
	assert_int_equal(pd_store_put(f->s, r, "bot", NULL, &res, &err), 0);
	pd_record_free(r);
	assert_int_equal(pd_store_link(f->s, "en-2", "zh-1", &err), 0);

	fx g = { .uri = { 0 } };
	pd_buf_init(&g.uri, 0);
	if (pg_base()) {
		snprintf(g.schema, sizeof g.schema, "%.40s_copy", f->schema);
		make_uri(&g, g.schema);
		char sql[96];
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s", g.schema);
		raw_sql(&g, NULL, sql);
	} else {
		snprintf(g.path, sizeof g.path, "%s/copy.db", f->dir);
		make_uri(&g, NULL);
	}
	assert_int_equal(pd_store_open(pd_buf_cstr(&g.uri), 0, &g.s, &err), 0);
	pd_copy_report rep;
	if (pd_store_copy(f->s, g.s, NULL, NULL, &rep, &err) != 0)
		fail_msg("copy: %s", err.msg);
	assert_int_equal(rep.records, 3);
	assert_int_equal(rep.revisions, 2);
	assert_int_equal(rep.links, 1);
	pd_revision *a, *b;
	size_t na, nb;
	assert_int_equal(pd_store_revisions(f->s, "en-1", &a, &na, &err), 0);
	assert_int_equal(pd_store_revisions(g.s, "en-1", &b, &nb, &err), 0);
	assert_int_equal(na, 2);
	assert_int_equal(nb, 2);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].number, b[i].number);
		assert_string_equal(a[i].json, b[i].json);
		assert_string_equal(a[i].who, b[i].who);
		assert_string_equal(a[i].why, b[i].why);
	}
	assert_string_equal(b[0].who, "bot");
	assert_string_equal(b[1].why, "typo");
	pd_revisions_free(a, na);
	pd_revisions_free(b, nb);
	const char *ids[] = { "en-1", "en-2", "zh-1" };
	for (size_t i = 0; i < 3; i++) {
		pd_record *x, *y;
		assert_int_equal(pd_store_get(f->s, ids[i], &x, &err), 0);
		assert_int_equal(pd_store_get(g.s, ids[i], &y, &err), 0);
		char *jx = to_json(x), *jy = to_json(y);
		assert_string_equal(jx, jy);
		free(jx);
		free(jy);
		pd_record_free(x);
		pd_record_free(y);
	}
	expect_hits(g.s, "version", NULL, "en-1#0");
	/* the link is a link there too: it goes when its record goes */
	assert_int_equal(pd_store_delete(g.s, "zh-1", &err), 0);
	assert_int_equal(pd_store_get(g.s, "en-2", &r, &err), 0);
	assert_int_equal(r->ntranslations, 0);
	pd_record_free(r);
	/* not into a store that holds records */
	assert_int_equal(pd_store_copy(f->s, g.s, NULL, NULL, &rep, &err), PD_EUSAGE);
	pd_store_close(g.s);
	if (pg_base()) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", g.schema);
		raw_sql(&g, NULL, sql);
	}
	pd_buf_release(&g.uri);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define L(fn) cmocka_unit_test_setup_teardown(fn, setup_loaded, teardown)
	const struct CMUnitTest tests[] = {
		T(test_schema_versions),
		T(test_put_get_roundtrip),
		T(test_idempotent_put_and_revisions),
		T(test_put_prepared),
		T(test_correct),
		L(test_search_english),
		L(test_search_chinese),
		L(test_filters),
		L(test_facets),
		L(test_facet_path_agrees),
		L(test_list_and_stats),
		T(test_date_bounds),
		L(test_link_unlink),
		L(test_delete),
		L(test_delete_keeps_announced_and_turn_filters),
		T(test_atomic_put),
		L(test_readonly),
		T(test_hostile_records),
		L(test_copy),
	};
	fprintf(stderr, "test_store: %s backend\n", pg_base() ? "postgres" : "sqlite");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
