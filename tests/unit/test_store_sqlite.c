/* test_store_sqlite.c: what only the SQLite backend has, in a fresh temp
 * folder per test: its pragmas, schema steps and URIs, the turns' text
 * stored once (schema step 2), the tokenizer fingerprint that rebuilds
 * turns_fts, and the loadable FTS5 extension. The storage interface itself
 * is tested on every backend by test_store.c.
 */
#include "store_fixtures.h"
#include "test_shard.h"
#include "time_bound.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/limits.h"
#include "store/sqlite/sqlite_int.h"
#include "search/query.h"
#include "search/tokenize.h"

/* ---- fixtures ---------------------------------------------------------- */

typedef pd_tmp_store fx;

static int setup_loaded(void **state)
{
	tmp_store_setup(state);
	fx *f = *state;
	put_all(f->s);
	return 0;
}


/* Runs a SQL statement on a second, raw connection (test-only tampering). */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void raw_fts_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(pd_sqlite_register_cjk(db, NULL), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* ---- tests ------------------------------------------------------------- */

static long long counts_off(const char *path);

static void test_open_and_migrate(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.schema_version, 9);
	assert_int_equal(st.records, 0);
	assert_null(st.first_date);
	assert_true(st.db_bytes > 0);
	pd_stats_release(&st);
	assert_string_equal(pd_store_backend(f->s), "sqlite");

	/* the pragmas hold: WAL on disk, reopen does not re-apply migrations */
	pd_store_close(f->s);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *q;
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(pd_store_open(f->path, PD_STORE_BULK, &f->s, &err), 0);
	pd_store_close(f->s);

	/* a database from a newer podium is refused, not damaged */
	raw_sql(f->path, "PRAGMA user_version = 99");
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), PD_ESTORE);
	assert_null(f->s);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	raw_sql(f->path, "PRAGMA user_version = 3");

	/* a file that is not a database */
	char junk[128];
	snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
	FILE *fp = fopen(junk, "w");
	fputs("this is not a database, just some text long enough to look like a header", fp);
	fclose(fp);
	assert_true(pd_store_open(junk, 0, &f->s, &err) < 0);
	assert_null(f->s);

	/* URIs: sqlite: prefix, $PODIUM_DB; postgres:// goes to the PostgreSQL
	 * backend (nothing listens on port 1) */
	char uri[128];
	snprintf(uri, sizeof uri, "sqlite:%s", f->path);
	assert_int_equal(pd_store_open(uri, 0, &f->s, &err), 0);
	pd_store_close(f->s);
	setenv("PODIUM_DB", f->path, 1);
	assert_int_equal(pd_store_open(NULL, PD_STORE_READONLY, &f->s, &err), 0);
	pd_store_close(f->s);
	unsetenv("PODIUM_DB");
	assert_int_equal(pd_store_open("postgres://127.0.0.1:1/podium", 0, &f->s, &err),
			 PD_EUNAVAIL);
	assert_non_null(strstr(err.msg, "cannot connect"));
	assert_null(f->s);
	assert_int_equal(pd_store_open("postgresql://u:secret@127.0.0.1:1/x", 0, &f->s, &err),
			 PD_EUNAVAIL);
	assert_null(strstr(err.msg, "secret")); /* no password in messages */
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
}

/* The turns' text is stored once, in `turns`: records.json has no turns,
 * a get puts them back, a revision keeps the whole old record; a
 * database of schema 1 (full JSON) is migrated to that. */
static void test_turn_text_stored_once(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_record *r = rec_en1();
	pd_turn *t = &r->turns[1];
	pd_record_set(&t->lang, "en-AU");
	char *want = to_json(r);
	put_ok(f->s, r, PD_PUT_ADDED);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *q;
	/* stored deflated (schema step 8): a blob, smaller than its JSON */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json FROM records WHERE id = 'en-1'",
		-1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(q, 0), SQLITE_BLOB);
	pd_buf stored;
	pd_buf_init(&stored, 0);
	size_t packed = (size_t)sqlite3_column_bytes(q, 0);
	assert_int_equal(sq_json_unpack(sqlite3_column_blob(q, 0), packed, &stored), 0);
	assert_true(packed < stored.len);
	assert_non_null(strstr(stored.data, "\"turns\":[]"));
	assert_null(strstr(stored.data, "embassy district will open"));
	pd_buf_release(&stored);
	sqlite3_finalize(q);
	sqlite3_close(db);

	pd_record *back;
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), 0);
	char *got = to_json(back);
	assert_string_equal(got, want);
	free(got);
	pd_record_free(back);

	/* the revision holds the whole old version */
	pd_record_set(&r->title, "Changed title");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_revision *revs;
	size_t n;
	assert_int_equal(pd_store_revisions(f->s, "en-1", &revs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(revs[0].json, want);
	pd_revisions_free(revs, n);

	/* schema 1 kept the turns in the JSON too: step 2 takes them out */
	pd_store_close(f->s);
	f->s = NULL;
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_puts(&sql, "UPDATE records SET json = '");
	for (const char *c = want; *c; c++) {
		if (*c == '\'')
			pd_buf_putc(&sql, '\'');
		pd_buf_putc(&sql, *c);
	}
	pd_buf_puts(&sql, "' WHERE id = 'en-1'; DROP TABLE meta; PRAGMA user_version = 1;");
	raw_sql(f->path, pd_buf_cstr(&sql));
	pd_buf_release(&sql);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_get(f->s, "en-1", &back, &err), 0);
	assert_int_equal(back->nturns, r->nturns); /* not twice */
	got = to_json(back);
	assert_string_equal(got, want);
	free(got);
	pd_record_free(back);
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.schema_version, 9);
	assert_int_equal(st.records, 1);
	pd_stats_release(&st);
	assert_int_equal(counts_off(f->path), 0);
	free(want);
	pd_record_free(r);
}

/* records.json deflated (sqlite_json_pack.c) comes back byte for byte,
 * short, long and incompressible; a blob it could not have made is
 * refused: another format byte, a stream cut short or followed by more
 * bytes, one that would inflate past PD_MAX_DOCUMENT_BYTES. */
static void test_json_pack(void **state)
{
	(void)state;
	size_t big = 300000;
	char *noise = malloc(big + 1);
	unsigned x = 12345;
	for (size_t i = 0; i < big; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(' ' + (x >> 16) % 95);
	}
	noise[big] = '\0';
	const char *const texts[] = {
		"", "{}", "{\"id\":\"pm-1\",\"title\":\"総理 \\\"quoted\\\"\",\"category\":null}",
		noise,
	};
	pd_buf packed, back;
	pd_buf_init(&packed, 0);
	pd_buf_init(&back, 0);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t len = strlen(texts[i]);
		assert_int_equal(sq_json_pack(texts[i], len, &packed), 0);
		assert_int_equal(sq_json_unpack(packed.data, packed.len, &back), 0);
		assert_int_equal(back.len, len);
		assert_memory_equal(pd_buf_cstr(&back), texts[i], len);
	}
	/* a record's keys cost little: the dictionary has them */
	const char *rec = "{\"id\":\"x-1\",\"title\":null,\"category\":null,\"date\":null,"
			  "\"language\":\"en\",\"source\":null,\"release_type\":null,\"url\":null,"
			  "\"origin\":null,\"format\":null,\"topics\":[],\"participants\":[],"
			  "\"turns\":[],\"qa\":[],\"images\":[],\"translations\":[]}";
	assert_int_equal(sq_json_pack(rec, strlen(rec), &packed), 0);
	assert_true(packed.len * 4 < strlen(rec));
	assert_int_equal(sq_json_unpack(packed.data, packed.len, &back), 0);
	assert_string_equal(back.data, rec);
	/* not ours, or damaged */
	assert_int_equal(sq_json_unpack(packed.data, 0, &back), -1);
	assert_int_equal(sq_json_unpack(packed.data, packed.len - 1, &back), -1);
	assert_int_equal(back.len, 0);
	pd_buf_putc(&packed, 'x');
	assert_int_equal(sq_json_unpack(packed.data, packed.len, &back), -1);
	packed.data[0] = 2;
	assert_int_equal(sq_json_unpack(packed.data, packed.len - 1, &back), -1);
	/* a bomb: PD_MAX_DOCUMENT_BYTES + 1 zeros in a raw deflate stream */
	size_t nbomb = PD_MAX_DOCUMENT_BYTES + 1;
	char *zeros = calloc(nbomb, 1);
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&z, nbomb);
	unsigned char *bomb = malloc(cap + 1);
	bomb[0] = 1;
	z.next_in = (Bytef *)zeros;
	z.avail_in = (uInt)nbomb;
	z.next_out = bomb + 1;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(sq_json_unpack(bomb, 1 + z.total_out, &back), -1);
	deflateEnd(&z);
	free(bomb);
	free(zeros);
	pd_buf_release(&packed);
	pd_buf_release(&back);
	free(noise);
}

/* The index remembers which tokenizer built it; a writable open under a
 * tokenizer with another fingerprint rebuilds it from the stored text. */
static void test_tokenizer_fingerprint(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	char want[17];
	pd_hash64_hex(pd_tokenizer_fingerprint(), want);
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'tokenizer'",
					    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), want);
	sqlite3_finalize(q);
	sqlite3_close(db);

	/* an index made by another tokenizer (here: emptied) under another
	 * fingerprint: read-only handles leave it, a writable open rebuilds */
	pd_store_close(f->s);
	f->s = NULL;
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts) VALUES ('delete-all');"
		    " UPDATE meta SET value = '0123456789abcdef' WHERE key = 'tokenizer'");
	pd_store *ro;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro, &err), 0);
	expect_hits(ro, "radio", NULL, "");
	pd_store_close(ro);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	expect_hits(f->s, "radio", NULL, "en-2#0");
	expect_hits(f->s, "使館", NULL, "zh-1#2");
	/* and the rebuilt index takes updates and deletes */
	pd_record *r = rec_en2();
	pd_record_set(&r->title, "Interview with ABC television");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	expect_hits(f->s, "radio OR television", NULL, "en-2#0");
	assert_int_equal(pd_store_delete(f->s, "en-2", &err), 0);
	expect_hits(f->s, "radio OR television", NULL, "");
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
}

/* Turns written inside a transaction are indexed at its commit (schema step
 * 4), yet a search inside it sees them, a record replaced twice in one
 * batch leaves no stale terms, and a rollback leaves none behind. */
static void index_in_batches(fx *f)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	put_all(f->s);
	expect_hits(f->s, "embassy", NULL, "en-1#0 en-1#2 en-1#3 en-2#2");
	/* replaced in the same batch, twice: its first turns were only pending */
	pd_record *r = rec_en2();
	pd_record_set(&r->title, "Interview with ABC television");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_set(&r->title, "Interview with ABC wireless");
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	expect_hits(f->s, "radio OR television", NULL, "");
	expect_hits(f->s, "wireless", NULL, "en-2#0");
	expect_hits(f->s, "使馆", NULL, "zh-1#2");

	/* rolled back: neither the rows nor their terms stay */
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	r = rec_en1();
	pd_record_set(&r->id, "en-3");
	pd_record_set(&r->title, "Doorstop on zeppelins");
	put_ok(f->s, r, PD_PUT_ADDED);
	expect_hits(f->s, "zeppelins", NULL, "en-3#0");
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	expect_hits(f->s, "zeppelins", NULL, "");
	/* outside a transaction a put is indexed at once */
	put_ok(f->s, r, PD_PUT_ADDED);
	pd_record_free(r);
	expect_hits(f->s, "zeppelins", NULL, "en-3#0");
	assert_int_equal(pd_store_delete(f->s, "en-1", &err), 0);
	expect_hits(f->s, "embassy", NULL, "en-2#2 en-3#2 en-3#3");
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
}

static void test_index_in_batches(void **state)
{
	index_in_batches(*state);
}

/* The same on a bulk handle (ingest's), whose writes inside the batch go
 * without their savepoint (sqlite_store.c, atomic_begin). */
static void test_index_in_batches_bulk(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store_close(f->s);
	assert_int_equal(pd_store_open(f->path, PD_STORE_BULK, &f->s, &err), 0);
	index_in_batches(f);
}

static long long raw_int(const char *path, const char *sql);

/* A record whose turns 0 and 1 share a number: its put stores the record's
 * row, then fails on turns' UNIQUE(rid, n). */
static pd_record *half_done_record(const char *id)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, id);
	pd_record_set(&r->date, "2003-04-05");
	pd_record_set(&r->language, "en");
	static const char a[] = "first words", b[] = "second words";
	pd_record_add_turn(r, "PM", PD_TURN_ANSWER, a, sizeof a - 1);
	pd_record_add_turn(r, "PM", PD_TURN_ANSWER, b, sizeof b - 1);
	r->turns[1].n = r->turns[0].n;
	return r;
}

/* Never half a record: a put that fails after writing some of its rows.
 * On a plain handle its savepoint undoes it alone and the batch commits
 * the rest; on a bulk handle (no savepoint) it fails the batch: commit
 * refuses, the caller rolls back, and the handle works again after. */
static void test_put_half_done(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	for (int bulk = 0; bulk < 2; bulk++) {
		pd_store *s;
		assert_int_equal(pd_store_open(f->path, bulk ? PD_STORE_BULK : 0, &s, &err), 0);
		assert_int_equal(pd_store_begin(s, &err), 0);
		pd_record *good = rec_en1(), *bad = half_done_record("half");
		pd_record_set(&good->id, bulk ? "good-bulk" : "good");
		put_ok(s, good, PD_PUT_ADDED);
		pd_put_result res;
		assert_int_equal(pd_store_put(s, bad, NULL, NULL, &res, &err), PD_ESTORE);
		if (bulk) {
			assert_int_equal(pd_store_commit(s, &err), PD_ESTORE);
			assert_int_equal(pd_store_rollback(s, &err), 0);
		} else {
			assert_int_equal(pd_store_commit(s, &err), 0);
		}
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM records WHERE id = 'half'"), 0);
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM turns WHERE rid NOT IN"
					 " (SELECT rid FROM records)"), 0);
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM records WHERE id = 'good'"), 1);
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM records"
					 " WHERE id = 'good-bulk'"), 0);
		/* a batch after the rolled back one commits */
		assert_int_equal(pd_store_begin(s, &err), 0);
		put_ok(s, good, bulk ? PD_PUT_ADDED : PD_PUT_UNCHANGED);
		assert_int_equal(pd_store_commit(s, &err), 0);
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM records WHERE id = 'good-bulk'"),
				 bulk);
		pd_record_free(good);
		pd_record_free(bad);
		pd_store_close(s);
	}
}

typedef struct searched {
	char *hits;            /* "record#turn " per hit */
	size_t total;
	bool estimated;
	size_t nhits;
} searched;

static searched search_as(pd_store *s, const char *q, const char *from, size_t limit,
			  size_t offset, bool facets)
{
	pd_search_req req = { .query = q, .limit = limit, .offset = offset,
			      .want_facets = facets, .filter = { .from = from } };
	pd_search_result r;
	pd_err err = {0};
	memset(&r, 0, sizeof r);
	if (pd_store_search(s, &req, &r, &err) != 0)
		fail_msg("search '%s': %s", q, err.msg);
	pd_buf out;
	pd_buf_init(&out, 0);
	for (size_t i = 0; i < r.nhits; i++)
		pd_buf_printf(&out, "%s#%d ", r.hits[i].record_id, r.hits[i].turn);
	searched got = { pd_buf_detach(&out), r.total, r.estimated, r.nhits };
	pd_search_result_release(&r);
	return got;
}

/* "record#turn " of every hit, in order. */
static char *hit_list(pd_store *s, const char *q, size_t limit, size_t offset, bool facets)
{
	return search_as(s, q, NULL, limit, offset, facets).hits;
}

/* Without filters a page is ranked on the index alone (top of bm25 plus
 * the rows that tie with the page's last score); with facets every match
 * is ranked with its record's date. Both give the same pages, ties broken
 * by date then stored order — also when more rows tie than the index-only
 * ranking reads past the page (it then ranks with the joins). */
static void test_index_ranking_agrees(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	static const char *const words[] = { "wheat", "wool", "drought", "rain", "tariff" };
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < 240; i++) {
		char id[16], date[16], text[256];
		snprintf(id, sizeof id, "r-%d", i);
		snprintf(date, sizeof date, "20%02d-%02d-01", i % 23, 1 + i % 12);
		/* every 3rd record has the same text: long runs of equal scores */
		if (i % 3 == 0)
			snprintf(text, sizeof text, "wheat and wool for the drought");
		else
			snprintf(text, sizeof text, "%s %s %s wheat %d", words[i % 5],
				 words[(i / 5) % 5], words[(i / 7) % 5], i);
		pd_record *r = pd_record_new();
		pd_record_set(&r->id, id);
		pd_record_set(&r->date, date);
		pd_record_set(&r->language, "en");
		pd_record_add_turn(r, NULL, PD_TURN_STATEMENT, text, strlen(text));
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	static const char *const qs[] = { "wheat", "wool", "drought rain", "\"wheat and\"",
					  "tariff OR rain", "wheat -wool", "nothing" };
	static const size_t pages[][2] = { { 20, 0 }, { 20, 20 }, { 5, 75 }, { 50, 0 },
					   { 20, 230 } };
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
			char *fast = hit_list(f->s, qs[i], pages[k][0], pages[k][1], false);
			char *all = hit_list(f->s, qs[i], pages[k][0], pages[k][1], true);
			if (strcmp(fast, all) != 0)
				fail_msg("'%s' limit %zu offset %zu:\n index: %s\n all: %s", qs[i],
					 pages[k][0], pages[k][1], fast, all);
			free(fast);
			free(all);
		}
	}
}

/* ---- top lists (schema step 5, pd_store_optimize) ---------------------- */

/* The exhaustive ranking, on a raw connection: every match scored by bm25,
 * ties by date then stored order. "record#turn " per hit; *total gets the
 * number of matches (after the date filter `from`, when given). */
static char *exhaustive(const char *path, const char *match, const char *from, size_t limit,
			size_t offset, size_t *total)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(pd_sqlite_register_cjk(db, NULL), SQLITE_OK);
	static const char *const sql[] = {
		"SELECT r.id, t.n FROM turns_fts JOIN turns t ON t.tid = turns_fts.rowid"
		" JOIN records r ON r.rid = t.rid WHERE turns_fts MATCH ?1"
		" AND (?2 IS NULL OR r.date >= ?2)"
		" ORDER BY bm25(turns_fts, 3.0, 1.0), r.date DESC, t.tid",
	};
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql[0], -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (from)
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	pd_buf out;
	pd_buf_init(&out, 0);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n >= offset && n < offset + limit)
			pd_buf_printf(&out, "%s#%d ", sqlite3_column_text(st, 0),
				      sqlite3_column_int(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	*total = n;
	return pd_buf_detach(&out);
}

/* Every query and page below against the exhaustive ranking: hits
 * identical; the total exact unless flagged estimated, which only a
 * filter or facets over more than PODIUM_SAMPLE_MIN matches may be (a
 * filter alone is counted in its set of turns; test_facets_sampled checks
 * the estimates). */
static void check_against_exhaustive(fx *f, size_t sample_min)
{
	static const struct {
		const char *q, *match;
	} qs[] = {
		{ "the", "\"the\"" }, { "Minister", "\"minister\"" }, { "\"trade\"", "\"trade\"" },
		{ "wheat", "\"wheat\"" }, { "政府", "\"政府\"" }, { "rare", "\"rare\"" },
		{ "trade wheat", "\"trade\" \"wheat\"" }, { "the minister", "\"the\" \"minister\"" },
		{ "Minister trade", "\"minister\" \"trade\"" },
	};
	static const size_t pages[][2] = { { 20, 0 }, { 5, 14 }, { 10, 5 }, { 16, 0 },
					   { 20, 100 }, { 3, 0 } };
	static const char *const froms[] = { NULL, "2015", "2022-06" };
	/* under memcheck (50x slower) the first page and one deep page take
	 * every path the other shapes take */
	size_t npages = pd_test_time_scale() > 1.0 ? 2 : sizeof pages / sizeof *pages;
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		for (size_t k = 0; k < npages; k++)
			for (size_t d = 0; d < sizeof froms / sizeof *froms; d++)
				for (int facets = 0; facets < 2; facets++) {
					size_t lim = pages[k][0], off = pages[k][1], total, all;
					char *want = exhaustive(f->path, qs[i].match, froms[d], lim,
								off, &total);
					free(exhaustive(f->path, qs[i].match, NULL, 0, 0, &all));
					searched got = search_as(f->s, qs[i].q, froms[d], lim, off,
								 facets);
					if (strcmp(got.hits, want) != 0)
						fail_msg("'%s' from %s limit %zu offset %zu facets %d:\n"
							 " got:  %s\n want: %s", qs[i].q,
							 froms[d] ? froms[d] : "-", lim, off, facets,
							 got.hits, want);
					bool may_estimate = all > sample_min && (froms[d] || facets);
					if (got.estimated && !may_estimate)
						fail_msg("'%s': estimated without need", qs[i].q);
					if (!got.estimated && got.total != total)
						fail_msg("'%s' from %s: total %zu, want %zu", qs[i].q,
							 froms[d] ? froms[d] : "-", got.total, total);
					free(want);
					free(got.hits);
				}
}

/* One integer from SQL on a raw connection. */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* A text of 2 .. 1 + nmax words drawn from words[0..9] by a generator
 * seeded with x; its length. */
static size_t random_text(char *text, size_t cap, unsigned x, unsigned nmax,
			  const char *const words[10])
{
	size_t len = 0;
	for (unsigned w = 0; w < 2 + x % nmax; w++) {
		x = x * 1103515245u + 12345u;
		len += (size_t)snprintf(text + len, cap - len, "%s ", words[(x >> 16) % 10]);
	}
	return len;
}

/* A record whose turns are drawn from a skewed vocabulary (a few words in
 * most turns, some rare), of varied lengths, with runs of equal texts and
 * equal dates: many ties of score and date. */
static pd_record *skewed_record(int i)
{
	static const char *const words[] = { "the", "the", "the", "minister", "minister",
					     "trade", "wheat", "and", "of", "政府工作" };
	char id[16], date[16], text[512];
	snprintf(id, sizeof id, "k-%d", i);
	snprintf(date, sizeof date, "20%02d-%02d-01", 10 + i % 15, 1 + (i / 15) % 12);
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, id);
	pd_record_set(&r->date, date);
	pd_record_set(&r->language, "en");
	if (i % 4 == 0)
		pd_record_set(&r->title, i % 8 ? "The Minister on trade" : "Wheat");
	for (int t = 0; t < 1 + i % 3; t++) {
		size_t len = 0;
		unsigned x = (unsigned)(i * 7 + t * 13);
		if ((i + t) % 5 == 0) { /* equal texts: equal scores */
			len = (size_t)snprintf(text, sizeof text, "the minister and the trade");
		} else {
			len = random_text(text, sizeof text, x, 17, words);
			if (i % 97 == 0)
				len += (size_t)snprintf(text + len, sizeof text - len, "rare");
		}
		pd_record_add_turn(r, t % 2 ? "JOURNALIST" : "PM",
				   t % 2 ? PD_TURN_QUESTION : PD_TURN_ANSWER, text, len);
	}
	return r;
}

static void put_skewed(pd_store *s, int from, int to)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(s, &err), 0);
	for (int i = from; i < to; i++) {
		pd_record *r = skewed_record(i);
		put_ok(s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(s, &err), 0);
}

/* Reopens f's store with lists of 16 turns for terms in 30 turns, and
 * filters or facets over more than sample_min matches sampled. */
static void reopen_small_lists(fx *f, const char *sample_min)
{
	pd_err err = {0};
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_MIN_DOCS", "30", 1);
	setenv("PODIUM_TOPK_SIZE", "16", 1);
	setenv("PODIUM_SAMPLE_MIN", sample_min, 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
}

/* Back to the default list and sample sizes. */
static void unset_list_env(void)
{
	unsetenv("PODIUM_TOPK_MIN_DOCS");
	unsetenv("PODIUM_TOPK_SIZE");
	unsetenv("PODIUM_SAMPLE_MIN");
	unsetenv("PODIUM_SAMPLE_SIZE");
}

/* Entries of term's top list (schema step 8: chunks of SQ_TOPK_CHUNK
 * packed entries), on a raw connection: chunk `chunk` unpacked into c;
 * how many. */
static size_t raw_chunk(sqlite3 *db, const char *term, size_t chunk, sq_scored *c)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT list FROM topk_lists WHERE term = ?1"
					    " AND chunk = ?2", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)chunk);
	size_t n = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		assert_int_equal(sq_topk_unpack(sqlite3_column_blob(st, 0),
						(size_t)sqlite3_column_bytes(st, 0), c,
						SQ_TOPK_CHUNK, &n), 0);
	sqlite3_finalize(st);
	return n;
}

/* Entry pos of term's top list. */
static sq_scored list_entry(const char *path, const char *term, size_t pos)
{
	sqlite3 *db;
	sq_scored c[SQ_TOPK_CHUNK];
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	size_t n = raw_chunk(db, term, pos / SQ_TOPK_CHUNK, c);
	sqlite3_close(db);
	assert_true(pos % SQ_TOPK_CHUNK < n);
	return c[pos % SQ_TOPK_CHUNK];
}

/* Makes entry pos of term's top list say turn tid (its chunk unpacked,
 * changed and packed again): a list made wrong on purpose. */
static void set_list_tid(const char *path, const char *term, size_t pos, sqlite3_int64 tid)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	sq_scored c[SQ_TOPK_CHUNK];
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	size_t n = raw_chunk(db, term, pos / SQ_TOPK_CHUNK, c);
	assert_true(pos % SQ_TOPK_CHUNK < n);
	c[pos % SQ_TOPK_CHUNK].tid = tid;
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(sq_topk_pack(&b, c, n), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE topk_lists SET list = ?3 WHERE term = ?1"
					    " AND chunk = ?2", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(pos / SQ_TOPK_CHUNK));
	sqlite3_bind_blob(st, 3, b.data, (int)b.len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_finalize(st);
	pd_buf_release(&b);
	sqlite3_close(db);
}

/* Top lists give exactly the exhaustive ranking (pages inside and past the
 * lists, filters, facets); a put or delete without optimize makes them
 * stale and the search exhaustive again; optimize makes them current. The
 * thresholds are lowered so a small archive has lists of 16 turns. */
static void test_topk_lists(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	setenv("PODIUM_SAMPLE_SIZE", "50", 1);
	reopen_small_lists(f, "120");
	put_skewed(f->s, 0, 400);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_true(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE nlist = 16") >= 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE term = 'rare'"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE term = '政府'"), 1);
	/* made from the merged index's doclists (they agreed with FTS5), not
	 * term by term; the same tables as the text scan and as ranking each
	 * term through FTS5 */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'doclist'"), 1);
	raw_sql(f->path, "CREATE TABLE scanned AS SELECT * FROM topk_lists;"
		"CREATE TABLE scanned_terms AS SELECT * FROM topk_terms");
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_DOCLIST", "0", 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'scan'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT (SELECT count(*) FROM (SELECT * FROM scanned"
				 " EXCEPT SELECT * FROM topk_lists)) + (SELECT count(*) FROM"
				 " (SELECT * FROM topk_lists EXCEPT SELECT * FROM scanned))"), 0);
	unsetenv("PODIUM_TOPK_DOCLIST");
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_SCAN", "0", 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'fts5'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT (SELECT count(*) FROM (SELECT * FROM scanned"
				 " EXCEPT SELECT * FROM topk_lists)) + (SELECT count(*) FROM"
				 " (SELECT * FROM topk_lists EXCEPT SELECT * FROM scanned)) +"
				 " (SELECT count(*) FROM (SELECT * FROM scanned_terms EXCEPT"
				 " SELECT * FROM topk_terms))"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM scanned"),
			 raw_int(f->path, "SELECT count(*) FROM topk_lists"));
	unsetenv("PODIUM_TOPK_SCAN");
	check_against_exhaustive(f, 120);

	/* the list is what answers: a list made wrong changes the first hit,
	 * and a later page */
	searched before = search_as(f->s, "wheat", NULL, 1, 0, false);
	searched before2 = search_as(f->s, "wheat", NULL, 5, 5, false);
	sqlite3_int64 last = raw_int(f->path, "SELECT max(tid) FROM turns");
	set_list_tid(f->path, "wheat", 0, last);
	set_list_tid(f->path, "wheat", 7, last);
	searched tampered = search_as(f->s, "wheat", NULL, 1, 0, false);
	searched tampered2 = search_as(f->s, "wheat", NULL, 5, 5, false);
	assert_string_not_equal(before.hits, tampered.hits);
	assert_string_not_equal(before2.hits, tampered2.hits);
	free(tampered.hits);
	free(tampered2.hits);
	free(before2.hits);

	/* a put makes every list stale: exhaustive again, so right again */
	put_skewed(f->s, 400, 401);
	searched after = search_as(f->s, "wheat", NULL, 1, 0, false);
	size_t total;
	char *want = exhaustive(f->path, "\"wheat\"", NULL, 1, 0, &total);
	assert_string_equal(after.hits, want);
	free(want);
	free(after.hits);
	free(before.hits);
	check_against_exhaustive(f, 120);

	/* optimize: current again; then a delete of a listed turn's record */
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT (SELECT value FROM meta WHERE key = 'topk_gen')"
				 " = (SELECT value FROM meta WHERE key = 'index_gen')"), 1);
	check_against_exhaustive(f, 120);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT rid FROM turns WHERE tid = %lld",
		 (long long)list_entry(f->path, "the", 0).tid);
	sqlite3_int64 top = raw_int(f->path, sql);
	char id[32];
	snprintf(id, sizeof id, "k-%lld", (long long)top - 1);
	assert_int_equal(pd_store_delete(f->s, id, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT (SELECT value FROM meta WHERE key = 'topk_gen')"
				 " = (SELECT value FROM meta WHERE key = 'index_gen')"), 0);
	check_against_exhaustive(f, 120);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	check_against_exhaustive(f, 120);

	/* inside a transaction optimize is refused */
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), PD_EUSAGE);
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	unset_list_env();
}

/* Optimize's working memory stays bounded as the archive grows: the scan
 * takes the frequent terms in passes whose heaps (size + 64 slack entries
 * of 16 bytes a term) fit PODIUM_TOPK_SCAN_BYTES. With room for two terms'
 * heaps a pass, it makes one pass per two terms, and the same tables as
 * one pass over all of them. */
static void test_topk_scan_passes(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	setenv("PODIUM_TOPK_DOCLIST", "0", 1); /* the text scan's passes (test_topk_doclist) */
	reopen_small_lists(f, "120");
	put_skewed(f->s, 0, 400);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	sqlite3_int64 nterms = raw_int(f->path, "SELECT count(*) FROM topk_terms");
	assert_true(nterms >= 5);
	assert_int_equal(raw_int(f->path, "SELECT value FROM meta WHERE key = 'topk_scan_passes'"),
			 1);
	raw_sql(f->path, "CREATE TABLE scanned AS SELECT * FROM topk_lists;"
		"CREATE TABLE scanned_terms AS SELECT * FROM topk_terms");
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_SCAN_BYTES", "2560", 1); /* 2 x (16 + 64) x 16 */
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	unsetenv("PODIUM_TOPK_SCAN_BYTES");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'scan'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT value FROM meta WHERE key = 'topk_scan_passes'"),
			 (nterms + 1) / 2);
	assert_int_equal(raw_int(f->path, "SELECT (SELECT count(*) FROM (SELECT * FROM scanned"
				 " EXCEPT SELECT * FROM topk_lists)) + (SELECT count(*) FROM"
				 " (SELECT * FROM topk_lists EXCEPT SELECT * FROM scanned)) +"
				 " (SELECT count(*) FROM (SELECT * FROM scanned_terms EXCEPT"
				 " SELECT * FROM topk_terms)) + (SELECT count(*) FROM (SELECT *"
				 " FROM topk_terms EXCEPT SELECT * FROM scanned_terms))"), 0);
	check_against_exhaustive(f, 120);
	unsetenv("PODIUM_TOPK_DOCLIST");
	unset_list_env();
}

/* The scan in two parts (the thread's and the writer's, sqlite_topk_early.c)
 * merged gives what one scan of every row gives: the same exact terms and,
 * for each, the same rows with the same scores. Rows are dealt to the parts
 * in alternating runs of 7 tids, and the heaps are as the lists' scan
 * keeps them (16 + 64 slack), shorter than most terms' rows, so the cut
 * falls inside each part: a merge that kept a part's weaker rows, or lost
 * the other's, differs. */
static int by_score_tid(const void *pa, const void *pb)
{
	const sq_scored *a = pa, *b = pb;
	return a->score != b->score ? (a->score < b->score ? 1 : -1)
				    : (a->tid > b->tid) - (a->tid < b->tid);
}

static void test_topk_scan_merge(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "120");
	put_skewed(f->s, 0, 400);
	sq_store *s = (sq_store *)f->s;
	sq_topk_term *whole = NULL, *a = NULL, *b = NULL;
	size_t n = 0, na = 0, nb = 0, keep = 16 + 64, want = 16;
	assert_int_equal(sq_topk_terms(s, &whole, &n, &err), 0);
	assert_int_equal(sq_topk_terms(s, &a, &na, &err), 0);
	assert_int_equal(sq_topk_terms(s, &b, &nb, &err), 0);
	assert_true(n >= 5);
	assert_int_equal(na, n);
	bool ok_whole = false, ok = false, ignored;
	assert_int_equal(sq_topk_scan(s, whole, n, keep, want, &ok_whole, &err), 0);
	assert_true(ok_whole);
	sq_scan_part *pa = NULL, *pb = NULL;
	assert_int_equal(sq_topk_scan_begin(s, a, n, keep, &pa, &err), 0);
	assert_int_equal(sq_topk_scan_begin(s, b, n, keep, &pb, &err), 0);
	sqlite3_int64 last = raw_int(f->path, "SELECT max(tid) FROM turns");
	for (sqlite3_int64 lo = 1; lo <= last; lo += 7)
		assert_int_equal(sq_topk_scan_range(s, (lo / 7) % 2 ? pb : pa, lo, lo + 6, &err), 0);
	sq_topk_scan_merge(pa, pb);
	sq_topk_scan_end(pb, want, &ignored);
	sq_topk_scan_end(pa, want, &ok);
	assert_true(ok);
	size_t exact = 0, cut = 0;
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(a[i].term, whole[i].term);
		assert_int_equal(a[i].exact, whole[i].exact);
		assert_int_equal(a[i].seen, whole[i].seen);
		if (!whole[i].exact)
			continue;
		exact++;
		cut += whole[i].ndocs > keep;
		assert_int_equal(a[i].nbest, whole[i].nbest);
		qsort(a[i].best, a[i].nbest, sizeof *a[i].best, by_score_tid);
		qsort(whole[i].best, whole[i].nbest, sizeof *whole[i].best, by_score_tid);
		for (size_t j = 0; j < a[i].nbest; j++) {
			assert_int_equal(a[i].best[j].tid, whole[i].best[j].tid);
			assert_memory_equal(&a[i].best[j].score, &whole[i].best[j].score,
					    sizeof(double));
		}
	}
	if (exact < 3 || cut < 3)
		fail_msg("%zu exact terms, %zu of them cut: too few to test the merge", exact, cut);
	sq_topk_terms_free(whole, n);
	sq_topk_terms_free(a, n);
	sq_topk_terms_free(b, n);
	unset_list_env();
}

/* The top lists (rows and terms) of db are those of the database at
 * other: as many rows, none on one side only. */
static void assert_same_lists(const char *db, const char *other)
{
	char sql[512];
	snprintf(sql, sizeof sql, "ATTACH '%s' AS a; CREATE TABLE other_lists AS SELECT * FROM"
		 " a.topk_lists; CREATE TABLE other_terms AS SELECT * FROM a.topk_terms", other);
	raw_sql(db, sql);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM other_lists"),
			 raw_int(db, "SELECT count(*) FROM topk_lists"));
	assert_int_equal(raw_int(db, "SELECT (SELECT count(*) FROM (SELECT * FROM other_lists"
				 " EXCEPT SELECT * FROM topk_lists)) + (SELECT count(*) FROM"
				 " (SELECT * FROM other_terms EXCEPT SELECT * FROM topk_terms)) +"
				 " (SELECT count(*) FROM (SELECT * FROM topk_terms EXCEPT SELECT *"
				 " FROM other_terms))"), 0);
}

/* The lists' first scan pass runs on a second connection in a thread
 * beside FTS5's merge (sqlite_topk_early.c). Two copies of one database
 * (two batches: segments for the merge to merge), one optimized with the
 * thread off, one with it on, in one pass and in several: the same tables
 * row for row, and meta says which way they were made (the test fails if
 * the thread stops being used, or is used when turned off). */
static void copy_db(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void optimize_at(const char *path, const char *thread, const char *scan_bytes)
{
	pd_err err = {0};
	pd_store *s = NULL;
	setenv("PODIUM_OPTIMIZE_THREAD", thread, 1);
	if (scan_bytes)
		setenv("PODIUM_TOPK_SCAN_BYTES", scan_bytes, 1);
	assert_int_equal(pd_store_open(path, 0, &s, &err), 0);
	assert_int_equal(pd_store_optimize(s, &err), 0);
	pd_store_close(s);
	unsetenv("PODIUM_OPTIMIZE_THREAD");
	unsetenv("PODIUM_TOPK_SCAN_BYTES");
}

static void test_topk_early(void **state)
{
	fx *f = *state;
	setenv("PODIUM_TOPK_DOCLIST", "0", 1); /* the thread's scan pass; doclists: test_topk_doclist */
	reopen_small_lists(f, "120");
	put_skewed(f->s, 0, 200);
	put_skewed(f->s, 200, 400);
	pd_store_close(f->s);
	f->s = NULL;
	char copy[2][128];
	for (int k = 0; k < 2; k++) {
		snprintf(copy[k], sizeof copy[k], "%s.%d", f->path, k);
		copy_db(f->path, copy[k]);
	}
	optimize_at(f->path, "0", NULL);
	assert_int_equal(raw_int(f->path, "SELECT value FROM meta WHERE key = 'topk_early'"), 0);
	optimize_at(copy[0], "1", NULL);
	optimize_at(copy[1], "1", "2560"); /* 2 x (16 + 64) x 16: two terms a pass */
	sqlite3_int64 nterms = raw_int(f->path, "SELECT count(*) FROM topk_terms");
	assert_true(nterms >= 5);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(raw_int(copy[k], "SELECT value FROM meta WHERE key = 'topk_early'"),
				 1);
		/* the writer scans beside the thread when both sets of heaps fit
		 * the budget: with the default, not with two terms' worth */
		assert_int_equal(raw_int(copy[k], "SELECT value FROM meta WHERE key = 'topk_split'"),
				 k ? 0 : 1);
		assert_int_equal(raw_int(copy[k], "SELECT count(*) FROM meta WHERE key = 'topk_by'"
					 " AND value = 'scan'"), 1);
		assert_int_equal(raw_int(copy[k], "SELECT value FROM meta WHERE key ="
					 " 'topk_scan_passes'"), k ? (nterms + 1) / 2 : 1);
		assert_same_lists(copy[k], f->path);
		unlink(copy[k]);
	}
	pd_err err = {0};
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	check_against_exhaustive(f, 120);
	unsetenv("PODIUM_TOPK_DOCLIST");
	unset_list_env();
}

/* The lists from the merged index's doclists (sq_topk_scan_doclists) are
 * the text scan's, row for row and score for score (the packed blobs
 * compared): on a store of two batches (segments to merge) with a record
 * deleted between them, with the thread allowed and not, in one pass and
 * in passes of two terms; meta says which way they were made (fails if
 * optimize stops reading the doclists, or reads them when
 * PODIUM_TOPK_DOCLIST or PODIUM_DOCLIST is 0). The frequent terms come
 * from the merged pages (sq_doclist_terms) with the doclists, from
 * fts5vocab with the text scan: the same topk_terms rows (meta
 * topk_terms_by says which way; the thread is left unused with the
 * doclists, it had nothing but the terms to do). */
static void optimize_with(const char *path, const char *doclist, const char *fts_doclist,
			  const char *thread, const char *scan_bytes)
{
	if (doclist)
		setenv("PODIUM_TOPK_DOCLIST", doclist, 1);
	if (fts_doclist)
		setenv("PODIUM_DOCLIST", fts_doclist, 1);
	optimize_at(path, thread, scan_bytes);
	unsetenv("PODIUM_TOPK_DOCLIST");
	unsetenv("PODIUM_DOCLIST");
}

/* n records of one turn each, the same text: "barley" in n turns, every
 * one scoring the same (ties past any heap's cut). */
static void put_tied(pd_store *s, int n)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(s, &err), 0);
	for (int i = 0; i < n; i++) {
		char id[24], date[24];
		snprintf(id, sizeof id, "tied-%d", i);
		snprintf(date, sizeof date, "2001-%02d-%02d", 1 + i % 12, 1 + i % 28);
		pd_record *r = pd_record_new();
		pd_record_set(&r->id, id);
		pd_record_set(&r->date, date);
		pd_record_set(&r->language, "en");
		static const char text[] = "barley grows in the north";
		pd_record_add_turn(r, "PM", PD_TURN_ANSWER, text, sizeof text - 1);
		put_ok(s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(s, &err), 0);
}

static void test_topk_doclist(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "120");
	put_skewed(f->s, 0, 200);
	assert_int_equal(pd_store_delete(f->s, "k-17", &err), 0);
	put_tied(f->s, 150);
	put_skewed(f->s, 200, 400);
	pd_store_close(f->s);
	f->s = NULL;
	enum { NCOPY = 4 };
	char copy[NCOPY][128];
	for (int k = 0; k < NCOPY; k++) {
		snprintf(copy[k], sizeof copy[k], "%s.%d", f->path, k);
		copy_db(f->path, copy[k]);
	}
	optimize_with(f->path, "0", NULL, "1", NULL);      /* the text scan */
	optimize_with(copy[0], NULL, NULL, "1", NULL);     /* doclists, the thread's terms */
	optimize_with(copy[1], NULL, NULL, "0", NULL);     /* doclists, no thread */
	optimize_with(copy[2], NULL, NULL, "1", "2560");   /* doclists, two terms a pass */
	optimize_with(copy[3], NULL, "0", "1", NULL);      /* no doclist reading: the scan */
	sqlite3_int64 nterms = raw_int(f->path, "SELECT count(*) FROM topk_terms");
	assert_true(nterms >= 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'scan'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_terms_by'"
				 " AND value = 'fts5vocab'"), 1);
	static const char *const by[NCOPY] = { "doclist", "doclist", "doclist", "scan" };
	for (int k = 0; k < NCOPY; k++) {
		char sql[512];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
			 " AND value = '%s'", by[k]);
		assert_int_equal(raw_int(copy[k], sql), 1);
		assert_int_equal(raw_int(copy[k], "SELECT value FROM meta WHERE key ="
					 " 'topk_scan_passes'"), k == 2 ? (nterms + 1) / 2 : 1);
		assert_int_equal(raw_int(copy[k], "SELECT value FROM meta WHERE key = 'topk_early'"),
				 k == 3);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM meta WHERE key = 'topk_terms_by'"
			 " AND value = '%s'", k < 3 ? "pages" : "fts5vocab");
		assert_int_equal(raw_int(copy[k], sql), 1);
		/* terms whose rows tie at the heap's cut: walked again (widen),
		 * not ranked through FTS5 as the text scan's pass does, and the
		 * same lists */
		sqlite3_int64 widened = raw_int(copy[k], "SELECT value FROM meta WHERE key ="
						" 'topk_widened'");
		if (k < 3)
			assert_true(widened >= 1);
		else
			assert_int_equal(widened, 0);
		assert_same_lists(copy[k], f->path);
		unlink(copy[k]);
	}
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_by'"
				 " AND value = 'doclist'"), 1);
	check_against_exhaustive(f, 120);
	unset_list_env();
}

/* The tie order (sq_topk_order) by both ways of finding the tied tids:
 * a bitmap over their span when it is smaller than the rows (dense tids:
 * 1 .. 200 tied), else the rows sorted (two tids far apart). Either way
 * each run of equal scores comes out by record date DESC, then tid, as
 * SQL orders the same turns; the untied rows by score. */
static void tie_term(sq_topk_term *t, const sqlite3_int64 *tid, const double *score, size_t n)
{
	memset(t, 0, sizeof *t);
	t->exact = true;
	t->nbest = n;
	t->best = calloc(n, sizeof *t->best);
	assert_non_null(t->best);
	for (size_t i = 0; i < n; i++) /* given in reverse, as a heap leaves them */
		t->best[n - 1 - i] = (sq_scored){ tid[i], score[i] };
}

static void expect_order(const fx *f, const sq_topk_term *t, const char *where)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT group_concat(tid) FROM (SELECT tid FROM turns"
		 " JOIN records USING (rid) WHERE %s ORDER BY date DESC, tid)", where);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	pd_buf got;
	pd_buf_init(&got, 0);
	for (size_t i = 1; i < t->nbest; i++) /* best[0]: the one untied row, first */
		pd_buf_printf(&got, "%s%lld", i > 1 ? "," : "", (long long)t->best[i].tid);
	assert_string_equal(pd_buf_cstr(&got), (const char *)sqlite3_column_text(st, 0));
	pd_buf_release(&got);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_topk_tie_order(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_skewed(f->s, 0, 300);
	sqlite3_int64 last = raw_int(f->path, "SELECT max(tid) FROM turns");
	assert_true(last > 500);
	sqlite3_int64 tid[201];
	double score[201];
	for (int i = 0; i < 200; i++) {
		tid[i] = 200 - i; /* tids 200 .. 1, tied */
		score[i] = 1.5;
	}
	tid[200] = 250; /* the best, alone */
	score[200] = 9.0;
	sq_topk_term dense;
	tie_term(&dense, tid, score, 201);
	assert_int_equal(sq_topk_order((sq_store *)f->s, &dense, 1, &err), 0);
	assert_int_equal(dense.best[0].tid, 250);
	expect_order(f, &dense, "tid BETWEEN 1 AND 200");
	const sqlite3_int64 far[3] = { last, 1, 250 };
	const double fscore[3] = { 1.5, 1.5, 9.0 };
	sq_topk_term sparse;
	tie_term(&sparse, far, fscore, 3);
	assert_int_equal(sq_topk_order((sq_store *)f->s, &sparse, 1, &err), 0);
	assert_int_equal(sparse.best[0].tid, 250);
	char where[64];
	snprintf(where, sizeof where, "tid IN (1, %lld)", (long long)last);
	expect_order(f, &sparse, where);
	free(dense.best);
	free(sparse.best);
}

/* A packed top list gives back its entries bit for bit (tids of every
 * varint length, ties, -0.0 apart from 0.0, a subnormal, NaN's bits), and
 * a blob sq_topk_pack could not have made is refused. */
static void test_topk_pack(void **state)
{
	(void)state;
	double nan_bits;
	const uint64_t nan_u = 0x7ff8000000000abcull;
	memcpy(&nan_bits, &nan_u, sizeof nan_bits);
	const sq_scored v[] = {
		{ 1, 9.5 }, { 127, 9.5 }, { 128, 9.25 }, { 16383, 9.25 }, { 16384, 9.25 },
		{ 2097151, 0.0 }, { 2097152, -0.0 }, { 1ll << 40, 4.9e-324 },
		{ INT64_MAX / 2, 1e300 }, { 7, nan_bits }, { 8, nan_bits }, { 0, 3.0 },
	};
	const size_t n = sizeof v / sizeof *v;
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(sq_topk_pack(&b, v, n), 0);
	sq_scored back[SQ_TOPK_CHUNK];
	size_t m = 0;
	assert_int_equal(sq_topk_unpack(b.data, b.len, back, SQ_TOPK_CHUNK, &m), 0);
	assert_int_equal(m, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(back[i].tid, v[i].tid);
		assert_memory_equal(&back[i].score, &v[i].score, sizeof v[i].score);
	}
	/* ties cost only their tid: 4 of these entries repeat a score */
	assert_true(b.len < n * 9);
	/* fewer entries than it holds is refused, not cut short */
	assert_int_equal(sq_topk_unpack(b.data, b.len, back, n - 1, &m), -1);
	/* cut inside a varint or a score: refused */
	assert_int_equal(sq_topk_unpack(b.data, 1, back, SQ_TOPK_CHUNK, &m), -1);
	assert_int_equal(sq_topk_unpack(b.data, 5, back, SQ_TOPK_CHUNK, &m), -1);
	/* a first entry that says "same score as the one before" */
	const unsigned char same_first[] = { 0x03 };
	assert_int_equal(sq_topk_unpack(same_first, 1, back, SQ_TOPK_CHUNK, &m), -1);
	/* a varint past 64 bits */
	const unsigned char long_varint[] = { 0xff, 0xff, 0xff, 0xff, 0xff,
					      0xff, 0xff, 0xff, 0xff, 0x7f };
	assert_int_equal(sq_topk_unpack(long_varint, sizeof long_varint, back, SQ_TOPK_CHUNK,
					&m), -1);
	/* tids the format cannot hold */
	const sq_scored neg[] = { { -1, 1.0 } }, big[] = { { INT64_MAX / 2 + 1, 1.0 } };
	assert_int_equal(sq_topk_pack(&b, neg, 1), -1);
	assert_int_equal(sq_topk_pack(&b, big, 1), -1);
	pd_buf_release(&b);
}

/* Lists longer than a chunk (150 entries: chunks of 64, 64 and 22) read
 * back as FTS5 ranks the term, tids and scores bit for bit; pages inside
 * and across chunks are the exhaustive pages; an entry made wrong in the
 * second chunk changes a page there; a damaged chunk is an error, not a
 * wrong page. */
static void test_topk_chunks(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_MIN_DOCS", "30", 1);
	setenv("PODIUM_TOPK_SIZE", "150", 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	put_skewed(f->s, 0, 400);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_true(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE nlist = 150") >= 3);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM topk_lists WHERE term = 'the'"), 3);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(pd_sqlite_register_cjk(db, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT turns_fts.rowid, -bm25(turns_fts, 3.0, 1.0)"
					    " FROM turns_fts JOIN turns t ON t.tid = turns_fts.rowid"
					    " JOIN records r ON r.rid = t.rid WHERE turns_fts MATCH"
					    " '\"the\"' ORDER BY bm25(turns_fts, 3.0, 1.0),"
					    " r.date DESC, t.tid LIMIT 150", -1, &st, NULL),
			 SQLITE_OK);
	sq_scored c[SQ_TOPK_CHUNK];
	size_t pos = 0, nc = 0;
	for (; sqlite3_step(st) == SQLITE_ROW; pos++) {
		if (pos % SQ_TOPK_CHUNK == 0)
			nc = raw_chunk(db, "the", pos / SQ_TOPK_CHUNK, c);
		assert_true(pos % SQ_TOPK_CHUNK < nc);
		double want = sqlite3_column_double(st, 1);
		assert_int_equal(c[pos % SQ_TOPK_CHUNK].tid, sqlite3_column_int64(st, 0));
		assert_memory_equal(&c[pos % SQ_TOPK_CHUNK].score, &want, sizeof want);
	}
	assert_int_equal(pos, 150);
	assert_int_equal(nc, 150 - 2 * SQ_TOPK_CHUNK);
	sqlite3_finalize(st);
	sqlite3_close(db);
	check_against_exhaustive(f, 100000);
	static const size_t pages[][2] = { { 10, 60 }, { 5, 64 }, { 20, 120 }, { 3, 147 } };
	for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
		size_t total;
		char *want = exhaustive(f->path, "\"the\"", NULL, pages[k][0], pages[k][1], &total);
		searched got = search_as(f->s, "the", NULL, pages[k][0], pages[k][1], false);
		assert_string_equal(got.hits, want);
		free(want);
		free(got.hits);
	}

	searched before = search_as(f->s, "the", NULL, 5, 68, false);
	set_list_tid(f->path, "the", 70, raw_int(f->path, "SELECT max(tid) FROM turns"));
	searched tampered = search_as(f->s, "the", NULL, 5, 68, false);
	assert_string_not_equal(before.hits, tampered.hits);
	free(before.hits);
	free(tampered.hits);

	raw_sql(f->path, "UPDATE topk_lists SET list = x'03' WHERE term = 'the' AND chunk = 1");
	pd_search_req req = { .query = "the", .limit = 5, .offset = 68 };
	pd_search_result r;
	memset(&r, 0, sizeof r);
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), PD_ESTORE);
	assert_non_null(strstr(err.msg, "damaged"));
	pd_search_result_release(&r);
	unset_list_env();
}

/* A database of schema 7 (a row per list entry; its lists current, here
 * made wrong) migrates to step 8: the old rows are dropped, the lists are
 * stale until the next optimize, so the search ranks exhaustively (right
 * pages); optimize then builds packed lists that answer. */
static void test_topk_migrate_step8(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "100000");
	put_skewed(f->s, 0, 200);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	pd_store_close(f->s);
	f->s = NULL;
	raw_sql(f->path, "DROP TABLE topk_lists;"
		"CREATE TABLE topk_lists(term TEXT NOT NULL, pos INTEGER NOT NULL,"
		"  tid INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY(term, pos)) WITHOUT ROWID;"
		"WITH RECURSIVE p(pos) AS (SELECT 0 UNION ALL SELECT pos + 1 FROM p WHERE pos < 15)"
		" INSERT INTO topk_lists SELECT t.term, p.pos, (SELECT max(tid) FROM turns), 99.0"
		"  FROM topk_terms t, p WHERE p.pos < t.nlist;"
		"PRAGMA user_version = 7;");
	assert_true(raw_int(f->path, "SELECT (SELECT value FROM meta WHERE key = 'topk_gen')"
			    " = (SELECT value FROM meta WHERE key = 'index_gen')"));
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.schema_version, 9);
	pd_stats_release(&st);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM topk_terms"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'topk_gen'"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pragma_table_info('topk_lists')"
				 " WHERE name = 'list'"), 1);
	check_against_exhaustive(f, 100000);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_true(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE nlist = 16") >= 5);
	check_against_exhaustive(f, 100000);
	searched before = search_as(f->s, "the", NULL, 1, 0, false);
	set_list_tid(f->path, "the", 0, raw_int(f->path, "SELECT max(tid) FROM turns"));
	searched tampered = search_as(f->s, "the", NULL, 1, 0, false);
	assert_string_not_equal(before.hits, tampered.hits);
	free(before.hits);
	free(tampered.hits);
	unset_list_env();
}

/* A new file keeps a page map (auto_vacuum = INCREMENTAL), so optimize
 * gives the pages its merge and deletes freed back to the file system: no
 * free page is left in the file after it. */
static void test_optimize_frees_pages(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	assert_int_equal(raw_int(f->path, "PRAGMA auto_vacuum"), 2);
	put_skewed(f->s, 0, 300);
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < 300; i += 2) {
		char id[16];
		snprintf(id, sizeof id, "k-%d", i);
		assert_int_equal(pd_store_delete(f->s, id, &err), 0);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	assert_true(raw_int(f->path, "PRAGMA freelist_count") > 0);
	long long pages = raw_int(f->path, "PRAGMA page_count");
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA freelist_count"), 0);
	assert_true(raw_int(f->path, "PRAGMA page_count") < pages);
	check_against_exhaustive(f, 100000);
}

/* Puts rec_en1 as `batches` records named prefix-0, prefix-1 ..., one
 * transaction each, on a bulk handle of f's file (left open in f->s). */
static void put_bulk_batches(fx *f, const char *prefix, int batches)
{
	pd_err err = {0};
	pd_store_close(f->s);
	assert_int_equal(pd_store_open(f->path, PD_STORE_BULK, &f->s, &err), 0);
	for (int b = 0; b < batches; b++) {
		assert_int_equal(pd_store_begin(f->s, &err), 0);
		pd_record *r = rec_en1();
		char id[16];
		snprintf(id, sizeof id, "%s-%d", prefix, b);
		pd_record_set(&r->id, id);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
		assert_int_equal(pd_store_commit(f->s, &err), 0);
	}
}

#define FTS_SEGMENTS "SELECT count(DISTINCT segid) FROM turns_fts_idx"
#define FTS_BULK_ROWS "SELECT count(*) FROM turns_fts_config" \
	" WHERE k IN ('automerge', 'crisismerge', 'hashsize')"

/* A bulk load leaves FTS5's merges to the optimize at its end
 * (sqlite_fts_bulk.c): each batch's segment stays as written, where FTS5's
 * own settings (PODIUM_BULK_FTS=0) merge a level's segments, these small
 * ones when there are 16 ('crisismerge'). The settings are
 * put back, no row of them left in turns_fts_config, by the optimize, by
 * closing the handle when no optimize ran, and, after a load killed with
 * them set, by the next optimize; the index stays whole. */
static void test_fts_bulk_merges(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	setenv("PODIUM_BULK_FTS", "0", 1);
	put_bulk_batches(f, "own", 17);
	unsetenv("PODIUM_BULK_FTS");
	assert_true(raw_int(f->path, FTS_SEGMENTS) < 17);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);

	put_bulk_batches(f, "bulk", 17);
	assert_int_equal(raw_int(f->path, "SELECT v FROM turns_fts_config WHERE k = 'automerge'"),
			 0);
	assert_int_equal(raw_int(f->path, FTS_SEGMENTS), 1 + 17);
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, FTS_BULK_ROWS), 0);
	assert_int_equal(raw_int(f->path, FTS_SEGMENTS), 1);

	/* closed without an optimize */
	put_bulk_batches(f, "late", 2);
	assert_int_equal(raw_int(f->path, FTS_BULK_ROWS), 3);
	pd_store_close(f->s);
	assert_int_equal(raw_int(f->path, FTS_BULK_ROWS), 0);

	/* killed with them set: the next optimize, on any handle */
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('automerge', 0)");
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, FTS_BULK_ROWS), 0);
	raw_fts_sql(f->path, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('integrity-check', 1)");
}

/* An AND of two listed terms is answered from their lists when the page's
 * last hit beats the sum of the lists' last scores (12 short turns with
 * both words head both lists; turns with one word fill the lists' ends;
 * long turns with both words are in neither list), else ranked in full:
 * both the exhaustive pages. A list made wrong changes the answer, so the
 * lists are what answered. */
static void test_two_term_lists(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store_close(f->s);
	setenv("PODIUM_TOPK_MIN_DOCS", "10", 1);
	setenv("PODIUM_TOPK_SIZE", "16", 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < 58; i++) {
		char id[16], date[16], text[400];
		snprintf(id, sizeof id, "a-%d", i);
		snprintf(date, sizeof date, "2001-01-%02d", 1 + i % 5);
		if (i < 12)
			snprintf(text, sizeof text, "alpha beta");
		else if (i < 20)
			snprintf(text, sizeof text, "alpha gamma gamma gamma %d", i);
		else if (i < 28)
			snprintf(text, sizeof text, "beta delta delta delta %d", i);
		else
			snprintf(text, sizeof text, "alpha beta %s",
				 "one two three four five six seven eight nine ten eleven twelve"
				 " thirteen fourteen fifteen sixteen seventeen eighteen nineteen");
		pd_record *r = pd_record_new();
		pd_record_set(&r->id, id);
		pd_record_set(&r->date, date);
		pd_record_set(&r->language, "en");
		pd_record_add_turn(r, "PM", PD_TURN_ANSWER, text, strlen(text));
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM topk_terms WHERE term IN"
				 " ('alpha', 'beta') AND nlist = 16"), 2);
	static const size_t pages[][2] = { { 5, 0 }, { 4, 7 }, { 12, 0 }, { 20, 0 }, { 5, 10 } };
	for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
		size_t total;
		char *want = exhaustive(f->path, "\"alpha\" \"beta\"", NULL, pages[k][0],
					pages[k][1], &total);
		searched got = search_as(f->s, "alpha beta", NULL, pages[k][0], pages[k][1], false);
		if (strcmp(got.hits, want) != 0)
			fail_msg("limit %zu offset %zu:\n got:  %s\n want: %s", pages[k][0],
				 pages[k][1], got.hits, want);
		assert_int_equal(got.total, total);
		free(want);
		free(got.hits);
	}
	/* the best turn taken out of both lists: no longer a candidate */
	searched before = search_as(f->s, "alpha beta", NULL, 5, 0, false);
	sqlite3_int64 last = raw_int(f->path, "SELECT max(tid) FROM turns");
	set_list_tid(f->path, "alpha", 0, last);
	set_list_tid(f->path, "beta", 0, last);
	searched tampered = search_as(f->s, "alpha beta", NULL, 5, 0, false);
	assert_string_not_equal(before.hits, tampered.hits);
	free(before.hits);
	free(tampered.hits);
	unset_list_env();
}

/* ---- filters as one set of turns (sqlite_tidset.c) ---------------------- */

/* A record built to catch a filter set that differs from the SQL filters:
 * many speakers, labels that differ only in case, names, aliases (one that
 * names another label "prime minister" in lower case, one "PM" alias of a
 * HOST that is not the PM), titles without a speaker, records without a
 * date or type, topics, and equal texts (ties of score and date). */
static pd_record *speakers_record(int i)
{
	static const char *const labels[] = { "PM", "JOURNALIST", "PRIME MINISTER", "Pm",
					       "HOST", "TREASURER", "journalist" };
	static const char *const words[] = { "the", "the", "minister", "trade", "wheat",
					     "and", "of", "tax", "政府工作", "wool" };
	static const char *const types[] = { "Interview", "INTERVIEW", "Press Conference", NULL };
	char id[16], date[16], text[512];
	snprintf(id, sizeof id, "s-%d", i);
	snprintf(date, sizeof date, "19%02d-%02d-01", 70 + i % 30, 1 + (i / 30) % 12);
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, id);
	if (i % 11)
		pd_record_set(&r->date, date);
	pd_record_set(&r->language, "en");
	pd_record_set(&r->release_type, types[i % 4]);
	if (i % 3 == 0)
		pd_record_add_topic(r, i % 2 ? "Trade" : "tax");
	if (i % 2 == 0)
		pd_record_set(&r->title, i % 4 ? "The Minister on trade" : "Wheat and the tax");
	for (int p = 0; p < 3; p++) {
		const char *label = labels[(i + p * 2) % 7];
		pd_participant *pp = pd_record_add_participant(r, label, PD_PART_OFFICIAL);
		if ((i + p) % 5 == 0)
			pd_record_set(&pp->name, "Anthony Albanese");
		if (strcmp(label, "PRIME MINISTER") == 0 && i % 3 == 1)
			pd_participant_add_alias(pp, "PM.");
		if (strcmp(label, "HOST") == 0 && i % 4 == 1)
			pd_participant_add_alias(pp, i % 8 == 1 ? "prime minister" : "PM");
	}
	for (int t = 0; t < 2 + i % 4; t++) {
		const pd_participant *pp = &r->participants[(size_t)(i + t) % r->nparticipants];
		/* a turn under a participant's alias, and one by nobody listed */
		const char *speaker = pp->naliases && t % 2 ? pp->aliases[0]
				      : t == 3 && i % 7 == 0 ? "PRIME MINISTER" : pp->label;
		size_t len = (i + t) % 6 == 0
			     ? (size_t)snprintf(text, sizeof text, "the minister and the trade")
			     : random_text(text, sizeof text, (unsigned)(i * 5 + t * 17), 13, words);
		pd_record_add_turn(r, speaker, t % 2 ? PD_TURN_QUESTION : PD_TURN_ANSWER, text, len);
	}
	return r;
}

/* The scores of a query's first 60 hits (pd_bm25, row lengths from memory
 * while the lists are current) are FTS5's bm25, to the bit. */
static void check_fts5_scores(fx *f, const char *q)
{
	pd_search_req req = { .query = q, .limit = 60 };
	pd_search_result r;
	pd_err err = {0};
	memset(&r, 0, sizeof r);
	assert_int_equal(pd_store_search(f->s, &req, &r, &err), 0);
	pd_buf match;
	pd_buf_init(&match, 0);
	pd_query *pq = pd_query_parse(q, &err);
	assert_non_null(pq);
	pd_query_to_fts5(pq, &match);
	pd_query_free(pq);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(pd_sqlite_register_cjk(db, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT -bm25(turns_fts, 3.0, 1.0) FROM turns_fts"
					    " JOIN turns t ON t.tid = turns_fts.rowid JOIN records r"
					    " ON r.rid = t.rid WHERE turns_fts MATCH ?1 AND r.id = ?2"
					    " AND t.n = ?3", -1, &st, NULL), SQLITE_OK);
	for (size_t h = 0; h < r.nhits; h++) {
		sqlite3_bind_text(st, 1, pd_buf_cstr(&match), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r.hits[h].record_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, r.hits[h].turn);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (sqlite3_column_double(st, 0) != r.hits[h].score)
			fail_msg("'%s' %s#%d: score %.17g, FTS5 %.17g", q, r.hits[h].record_id,
				 r.hits[h].turn, r.hits[h].score, sqlite3_column_double(st, 0));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	pd_buf_release(&match);
	pd_search_result_release(&r);
}

/* Undoes reopen_small_lists's settings for the tests that follow. */
static void unset_small_lists(void)
{
	unset_list_env();
}

/* Puts speakers_record(0 .. n - 1) in one transaction. */
static void put_speakers(fx *f, int n)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < n; i++) {
		pd_record *r = speakers_record(i);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
}

/* The exhaustive reference: filters in SQL, lengths from FTS5 (asked with
 * facets, every hit is collected and ranked). */
static pd_store *open_reference(fx *f)
{
	pd_err err = {0};
	pd_store *ref;
	setenv("PODIUM_FILTER_SET", "0", 1);
	setenv("PODIUM_BM25_LENS", "0", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ref, &err), 0);
	unsetenv("PODIUM_FILTER_SET");
	unsetenv("PODIUM_BM25_LENS");
	return ref;
}

/* req on s (got) and, with facets, on the reference (want). */
static void search_both(pd_store *s, pd_store *ref, pd_search_req req, pd_search_result *got,
			pd_search_result *want)
{
	pd_err err = {0};
	memset(got, 0, sizeof *got);
	memset(want, 0, sizeof *want);
	assert_int_equal(pd_store_search(s, &req, got, &err), 0);
	req.want_facets = true;
	assert_int_equal(pd_store_search(ref, &req, want, &err), 0);
}

/* got has want's hits, in order, with the same scores. */
static void assert_same_hits(const char *q, size_t k, size_t g, const pd_search_result *got,
			     const pd_search_result *want)
{
	if (got->nhits != want->nhits)
		fail_msg("'%s' filter %zu page %zu: %zu hits, want %zu", q, k, g, got->nhits,
			 want->nhits);
	for (size_t h = 0; h < got->nhits; h++)
		if (strcmp(got->hits[h].record_id, want->hits[h].record_id) != 0 ||
		    got->hits[h].turn != want->hits[h].turn ||
		    got->hits[h].score != want->hits[h].score)
			fail_msg("'%s' filter %zu page %zu hit %zu: %s#%d, want %s#%d", q, k, g, h,
				 got->hits[h].record_id, got->hits[h].turn,
				 want->hits[h].record_id, want->hits[h].turn);
}

/* Filtered pages from the filters' set agree with the exhaustive ranking
 * (the SQL filters on every match, every hit collected: a store opened
 * with PODIUM_FILTER_SET=0 and no sampling, asked with facets), hits and
 * totals, with and without the top lists; the set answered (exact totals
 * where the SQL path would estimate them). Scores from row lengths in
 * memory (PODIUM_BM25_LENS, on here, off in the reference) are FTS5's.
 * The sets come from the indexes, and from the turns' arrays once they
 * pay (sqlite_turncols.c; PODIUM_FILTER_COLS=0 keeps to the indexes). */
static void test_filter_set_agrees(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "40");
	put_speakers(f, 360);
	setenv("PODIUM_SAMPLE_MIN", "1000000", 1);
	pd_store *ref = open_reference(f);
	static const char *const qs[] = { "the", "minister", "trade", "wheat", "trade wheat",
					  "\"the minister\"", "tax OR wool", "政府", "nothing" };
	static const pd_filter filters[] = {
		{ .speaker = "pm" }, { .speaker = "PRIME MINISTER" }, { .speaker = "Pm." },
		{ .speaker = "anthony albanese" }, { .speaker = "journalist" },
		{ .speaker = "host" }, { .speaker = "nobody" }, { .from = "1985" },
		{ .from = "1975-03", .to = "1980" }, { .type = "interview" },
		{ .topic = "TRADE" }, { .speaker = "pm", .from = "1990" },
		{ .speaker = "prime minister", .type = "Interview", .topic = "tax" },
		{ .speaker = "pm", .lang = "en" }, { .turn_kind = "answer", .to = "1990" },
	};
	static const size_t pages[][2] = { { 20, 0 }, { 5, 14 }, { 10, 5 }, { 20, 100 }, { 3, 0 } };
	/* under memcheck (50x slower) the first page and one deep page take
	 * every path the other shapes take */
	size_t npages = pd_test_time_scale() > 1.0 ? 2 : sizeof pages / sizeof *pages;
	size_t exact_big = 0;
	pd_store *nocols = NULL;
	/* without lists; with them (the sets from the turns' arrays once they
	 * pay); with them and the sets always read from the indexes */
	for (int mode = 0; mode < 3; mode++) {
		pd_store *s = f->s;
		if (mode == 1)
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
		if (mode == 2) {
			setenv("PODIUM_FILTER_COLS", "0", 1);
			assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &nocols, &err), 0);
			unsetenv("PODIUM_FILTER_COLS");
			s = nocols;
		}
		for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
			for (size_t k = 0; k < sizeof filters / sizeof *filters; k++)
				for (size_t g = 0; g < npages; g++) {
					pd_search_req req = { .query = qs[i], .limit = pages[g][0],
							      .offset = pages[g][1],
							      .filter = filters[k] };
					pd_search_result got, want;
					search_both(s, ref, req, &got, &want);
					assert_false(want.estimated);
					assert_same_hits(qs[i], k, g, &got, &want);
					if (!got.estimated && got.total != want.total)
						fail_msg("'%s' filter %zu: total %zu, want %zu", qs[i],
							 k, got.total, want.total);
					exact_big += !got.estimated && want.total > 40;
					pd_search_result_release(&got);
					pd_search_result_release(&want);
				}
	}
	/* the set answered many searches the SQL path would have sampled */
	assert_true(exact_big > 100);
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		check_fts5_scores(f, qs[i]);
	pd_store_close(ref);
	pd_store_close(nocols);
	unset_small_lists();
}

/* One filter's set (sq_tidset_build) on handle s, in its own read
 * transaction, the index generation read first as a search reads it. */
static void build_set(pd_store *ps, const pd_filter *flt, sq_tidset *set)
{
	sq_store *s = (sq_store *)ps;
	pd_err err = {0};
	assert_int_equal(sq_exec(s, "BEGIN", &err), 0);
	assert_int_equal(sq_lens_sync(s, 0, &err), 0);
	assert_int_equal(sq_tidset_build(s, flt, (size_t)-1 / 2, set, &err), 1);
	assert_int_equal(sq_exec(s, "COMMIT", &err), 0);
}

/* The turns the SQL filters take (the definition the sets must meet). */
static void sql_set(pd_store *ps, const pd_filter *flt, sq_tidset *set)
{
	sq_store *s = (sq_store *)ps;
	pd_err err = {0};
	sq_where w = { .nbinds = 0 };
	pd_buf_init(&w.sql, 0);
	assert_int_equal(sq_add_filters(&w, flt, true, &err), 0);
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "SELECT t.tid FROM turns t JOIN records r ON r.rid = t.rid WHERE 1%s",
		      pd_buf_cstr(&w.sql));
	sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(&sql), &err);
	assert_non_null(st);
	sq_bind_where(st, &w, NULL);
	set->nbits = 1 << 16;
	set->bits = calloc((size_t)set->nbits / 64, sizeof *set->bits);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 tid = sqlite3_column_int64(st, 0);
		assert_true(tid < set->nbits);
		set->bits[tid >> 6] |= (uint64_t)1 << (tid & 63);
	}
	sq_done(st);
	pd_buf_release(&sql);
	pd_buf_release(&w.sql);
}

static size_t set_count(const sq_tidset *a, sqlite3_int64 upto)
{
	size_t n = 0;
	for (sqlite3_int64 t = 0; t < upto; t++)
		n += sq_tidset_has(a, t);
	return n;
}

/* A filter's set from the in-memory lists (sqlite_turncols.c: by record,
 * label, name, and the aliased participants) is the one read from the
 * indexes and the one the SQL filters define, turn for turn: speakers in
 * any case, names, aliases both ways, a non-text alias (a JSON number and
 * null in `aliases`), no match, every dated record, date bounds that are
 * inclusive, type and topic, and combinations; and a record re-written
 * after others (its turns at new tids) is still read as one record. Sets
 * kept for the next page (sq_turncols.sets) are the same when reused and
 * dropped with the lists when the index generation moves. */
static void test_filter_set_from_lists(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 120);
	/* record s-7 written again with another text: new tids after s-119's */
	pd_record *r = speakers_record(7);
	pd_record_add_turn(r, "PM.", PD_TURN_ANSWER, "wool", 4);
	put_ok(f->s, r, PD_PUT_UPDATED);
	pd_record_free(r);
	/* an alias list with a number and a null, naming a label "7" */
	raw_sql(f->path, "UPDATE participants SET aliases = '[null, 7, \"PM.\"]'"
		" WHERE rowid = (SELECT min(rowid) FROM participants WHERE label = 'HOST')");
	raw_fts_sql(f->path, "UPDATE turns SET speaker = '7' WHERE tid IN (SELECT t.tid FROM"
		    " turns t JOIN participants p ON p.rid = t.rid WHERE p.aliases LIKE '[null%'"
		    " ORDER BY t.tid LIMIT 2)");
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	setenv("PODIUM_FILTER_COLS", "0", 1);
	pd_store *idx;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &idx, &err), 0);
	unsetenv("PODIUM_FILTER_COLS");
	pd_store *lists;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &lists, &err), 0);
	((sq_store *)lists)->cols.debt = (size_t)-1 / 4; /* load them at once */
	static const pd_filter filters[] = {
		{ .speaker = "pm" }, { .speaker = "PRIME MINISTER" }, { .speaker = "pm." },
		{ .speaker = "anthony albanese" }, { .speaker = "JOURNALIST" },
		{ .speaker = "host" }, { .speaker = "7" }, { .speaker = "nobody" },
		{ .from = "1900" }, { .to = "2100" }, { .from = "1975-01-01", .to = "1975-01-01" },
		{ .from = "1975", .to = "1975" }, { .from = "1975-03", .to = "1980" },
		{ .from = "2050" }, { .type = "interview" }, { .topic = "TRADE" },
		{ .speaker = "pm", .from = "1990" }, { .speaker = "nobody", .from = "1900" },
		{ .speaker = "prime minister", .type = "Interview", .topic = "tax" },
		{ .speaker = "journalist", .to = "1979-12" }, { .from = "2001" },
	};
	size_t nonempty = 0;
	/* built; again (copies of kept sets, 20 filters through 8 slots); then
	 * after a write and optimize (s-3 moved to 2001 with a PM turn): the
	 * lists and kept sets of the old generation are not used */
	for (int round = 0; round < 3; round++) {
		if (round == 2) {
			r = speakers_record(3);
			pd_record_set(&r->date, "2001-05-05");
			pd_record_add_turn(r, "PRIME MINISTER", PD_TURN_ANSWER, "wool", 4);
			put_ok(f->s, r, PD_PUT_UPDATED);
			pd_record_free(r);
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
			((sq_store *)lists)->cols.debt = (size_t)-1 / 4;
		}
		for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
			sq_tidset a, b, want;
			build_set(idx, &filters[k], &a);
			build_set(lists, &filters[k], &b);
			assert_non_null(((sq_store *)lists)->cols.d);
			assert_null(((sq_store *)idx)->cols.d);
			sql_set(lists, &filters[k], &want);
			for (sqlite3_int64 t = 0; t < want.nbits; t++)
				if (sq_tidset_has(&a, t) != sq_tidset_has(&want, t) ||
				    sq_tidset_has(&b, t) != sq_tidset_has(&want, t))
					fail_msg("round %d filter %zu, tid %lld: indexes %d, lists %d,"
						 " SQL %d", round, k, (long long)t,
						 sq_tidset_has(&a, t), sq_tidset_has(&b, t),
						 sq_tidset_has(&want, t));
			nonempty += round == 0 && set_count(&want, want.nbits) > 0;
			sq_tidset_release(&a);
			sq_tidset_release(&b);
			sq_tidset_release(&want);
		}
	}
	/* the edge cases are what they say: no match, every dated turn, one day */
	sq_tidset none, dated, day, all;
	sql_set(lists, &filters[7], &none);
	sql_set(lists, &filters[8], &dated);
	sql_set(lists, &filters[10], &day);
	sql_set(lists, &(pd_filter){ .speaker = NULL }, &all);
	assert_int_equal(set_count(&none, none.nbits), 0);
	assert_true(set_count(&dated, dated.nbits) > set_count(&all, all.nbits) * 3 / 4);
	assert_true(set_count(&day, day.nbits) > 0);
	sq_tidset_release(&none);
	sq_tidset_release(&dated);
	sq_tidset_release(&day);
	sq_tidset_release(&all);
	assert_true(nonempty >= 15);
	pd_store_close(idx);
	pd_store_close(lists);
}

static pd_store *open_ro(const char *path)
{
	pd_err err = {0};
	pd_store *s;
	if (pd_store_open(path, PD_STORE_READONLY, &s, &err) != 0)
		fail_msg("open %s: %s", path, err.msg);
	return s;
}

/* The arrays searches load (row lengths, the turns' lists) are loaded once
 * per file and index generation in a process (sqlite_shared.c): a second
 * handle on the file uses the first one's at once, with the same sets; a
 * copy of the file at the same generation (another inode) never does; after
 * a write and optimize, neither handle uses the old generation's. Leaks and
 * use after free are ASan's to catch (the last handle frees them). */
static void test_loaded_arrays_shared(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 60);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	char copy[128];
	snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
	char sql[192];
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", copy);
	raw_sql(f->path, sql);
	pd_store *a = open_ro(f->path), *b = open_ro(f->path), *c = open_ro(copy);
	sq_store *sa = (sq_store *)a, *sb = (sq_store *)b, *sc = (sq_store *)c;
	const pd_filter pm = { .speaker = "PRIME MINISTER" };
	for (int round = 0; round < 2; round++) {
		if (round == 1) { /* a new generation */
			pd_record *r = speakers_record(3);
			pd_record_add_turn(r, "PRIME MINISTER", PD_TURN_ANSWER, "wool", 4);
			put_ok(f->s, r, PD_PUT_UPDATED);
			pd_record_free(r);
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
			/* b, asked before anyone loaded this generation, holds none */
			sq_tidset none;
			build_set(b, &pm, &none);
			sq_tidset_release(&none);
			assert_null(sb->cols.d);
			assert_null(sb->lens.d);
		}
		sa->cols.debt = sa->lens.debt = (size_t)1 << 40; /* a loads at once */
		sq_tidset sa_set, sb_set, sc_set;
		build_set(a, &pm, &sa_set);
		build_set(b, &pm, &sb_set);
		build_set(c, &pm, &sc_set);
		assert_non_null(sa->cols.d);
		assert_non_null(sa->lens.d);
		assert_int_equal(sa->cols.d->gen, sa->gen);
		assert_ptr_equal(sb->cols.d, sa->cols.d);
		assert_ptr_equal(sb->lens.d, sa->lens.d);
		assert_null(sc->cols.d); /* same generation, another file */
		assert_null(sc->lens.d);
		assert_true(sb_set.nbits == sa_set.nbits);
		for (sqlite3_int64 tid = 0; tid < sa_set.nbits; tid++)
			assert_int_equal(sq_tidset_has(&sb_set, tid), sq_tidset_has(&sa_set, tid));
		/* the copy's own set, from its indexes, is the same set */
		for (sqlite3_int64 tid = 0; round == 0 && tid < sa_set.nbits; tid++)
			assert_int_equal(tid < sc_set.nbits && sq_tidset_has(&sc_set, tid),
					 sq_tidset_has(&sa_set, tid));
		assert_true(set_count(&sa_set, sa_set.nbits) > 0);
		sq_tidset_release(&sa_set);
		sq_tidset_release(&sb_set);
		sq_tidset_release(&sc_set);
	}
	/* a server's handle loads at the first set it needs (on the copy,
	 * which nobody has loaded), a one-off handle does not (c above) */
	pd_store *e;
	assert_int_equal(pd_store_open(copy, PD_STORE_READONLY | PD_STORE_SERVE, &e, &err), 0);
	sq_tidset eset;
	build_set(e, &pm, &eset);
	sq_tidset_release(&eset);
	assert_non_null(((sq_store *)e)->cols.d);
	pd_store_close(e);
	pd_store_close(a); /* b's reference keeps them */
	assert_true(sb->cols.d->n > 0 && sb->lens.d->n > 0);
	pd_store_close(b);
	pd_store_close(c);
}

static size_t total_of(pd_store *s, const char *q)
{
	pd_search_req req = { .query = q, .limit = 20 };
	pd_search_result r;
	pd_err err = {0};
	memset(&r, 0, sizeof r);
	assert_int_equal(pd_store_search(s, &req, &r, &err), 0);
	assert_false(r.estimated);
	size_t n = r.total;
	pd_search_result_release(&r);
	return n;
}

/* pd_store_warm loads the row lengths and the turns' lists ahead of any
 * search, only while the top lists are current, keeps them while the index
 * is unchanged, and the handle's next search uses them (no debt needed). */
static void test_warm(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 30);
	pd_store *w = open_ro(f->path);
	sq_store *sw = (sq_store *)w;
	assert_int_equal(pd_store_warm(w, &err), 0); /* no top lists yet */
	assert_null(sw->cols.d);
	assert_null(sw->lens.d);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(pd_store_warm(w, &err), 0);
	assert_non_null(sw->cols.d);
	assert_non_null(sw->lens.d);
	assert_false(sw->lens.active);
	const sq_turncols *cols = sw->cols.d;
	const sq_lens_data *lens = sw->lens.d;
	assert_int_equal(pd_store_warm(w, &err), 0); /* unchanged: kept */
	assert_ptr_equal(sw->cols.d, cols);
	assert_ptr_equal(sw->lens.d, lens);
	assert_int_equal(total_of(w, "minister"), total_of(f->s, "minister"));
	assert_ptr_equal(sw->lens.d, lens);
	pd_store_close(w);
}

/* Rows of `counts` (schema step 7) that differ from what GROUP BY over the
 * tables gives now, both ways; turns counted from the turns table. */
static long long counts_off(const char *path)
{
	return raw_int(path,
		"WITH want(kind, value, n) AS ("
		" SELECT 'speaker', v, count(DISTINCT rid) FROM"
		"  (SELECT coalesce(name, label) AS v, rid FROM participants) GROUP BY v"
		" UNION ALL SELECT 'topic', topic, count(*) FROM topics GROUP BY topic"
		" UNION ALL SELECT 'type', release_type, count(*) FROM records"
		"  WHERE release_type IS NOT NULL GROUP BY release_type"
		" UNION ALL SELECT 'year', substr(date, 1, 4), count(*) FROM records"
		"  WHERE date IS NOT NULL GROUP BY 2"
		" UNION ALL SELECT 'lang', language, count(*) FROM records"
		"  WHERE language IS NOT NULL GROUP BY language"
		" UNION ALL SELECT 'total', 'records', count(*) FROM records"
		" UNION ALL SELECT 'total', 'turns', (SELECT count(*) FROM turns WHERE n > 0))"
		" SELECT (SELECT count(*) FROM (SELECT kind, value, n FROM counts EXCEPT"
		"  SELECT * FROM want)) + (SELECT count(*) FROM (SELECT * FROM want EXCEPT"
		"  SELECT kind, value, n FROM counts))");
}

/* The archive's counts (schema step 7's triggers) follow every kind of
 * write: puts, puts that change a record's type, date, language, topics,
 * participants and turns, a delete (participants and topics cascade), and
 * updates of single rows; the facets and stats read from them are what
 * GROUP BY over the tables gives. */
static void test_counts_follow_writes(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 40);
	assert_true(raw_int(f->path, "SELECT count(*) FROM counts") > 10);
	assert_int_equal(counts_off(f->path), 0);
	for (int i = 5; i < 15; i++) { /* changed: some values move, some vanish */
		pd_record *r = speakers_record(i);
		pd_record_set(&r->release_type, i % 2 ? "Speech" : NULL);
		pd_record_set(&r->date, i % 3 ? "2024-02-02" : NULL);
		pd_record_set(&r->language, i % 4 ? "en" : "zh");
		pd_record_add_topic(r, "Wool");
		/* two rows of one record with one name: the record counts once */
		pd_participant *p = pd_record_add_participant(r, "MINISTER", PD_PART_OFFICIAL);
		pd_record_set(&p->name, "Anthony Albanese");
		p = pd_record_add_participant(r, "ALBANESE", PD_PART_OFFICIAL);
		pd_record_set(&p->name, "Anthony Albanese");
		pd_record_add_turn(r, "MINISTER", PD_TURN_ANSWER, "wool", 4);
		put_ok(f->s, r, PD_PUT_UPDATED);
		pd_record_free(r);
	}
	assert_int_equal(counts_off(f->path), 0);
	assert_int_equal(pd_store_delete(f->s, "s-7", &err), 0);
	assert_int_equal(pd_store_delete(f->s, "s-20", &err), 0);
	assert_int_equal(counts_off(f->path), 0);
	raw_sql(f->path,
		"UPDATE participants SET name = 'Anthony Albanese' WHERE rowid IN"
		" (SELECT rowid FROM participants WHERE label = 'HOST' LIMIT 3);"
		"UPDATE participants SET name = NULL WHERE rowid ="
		" (SELECT min(rowid) FROM participants WHERE label = 'ALBANESE');"
		"UPDATE participants SET rid = (SELECT rid FROM records WHERE id = 's-9')"
		" WHERE rowid = (SELECT min(rowid) FROM participants WHERE label = 'TREASURER');"
		"UPDATE participants SET label = 'HOST' WHERE rowid ="
		" (SELECT max(rowid) FROM participants WHERE label = 'JOURNALIST');"
		"UPDATE topics SET topic = 'Wool' WHERE rowid = (SELECT min(rowid) FROM topics"
		" WHERE topic <> 'Wool');"
		"UPDATE records SET release_type = NULL, date = '2001-02-03', language = 'fr'"
		" WHERE id = 's-8';");
	assert_int_equal(counts_off(f->path), 0);
	/* the facets are the GROUP BY's, in its order */
	pd_facet *v;
	size_t n;
	assert_int_equal(pd_store_facet(f->s, "speaker", 0, &v, &n, &err), 0);
	assert_int_equal((long long)n, raw_int(f->path, "SELECT count(DISTINCT coalesce(name,"
					       " label)) FROM participants"));
	assert_string_equal(v[0].value, "Anthony Albanese");
	assert_int_equal((long long)v[0].count,
			 raw_int(f->path, "SELECT count(DISTINCT rid) FROM participants WHERE"
				 " coalesce(name, label) = 'Anthony Albanese'"));
	for (size_t i = 1; i < n; i++)
		assert_true(v[i].count < v[i - 1].count ||
			    (v[i].count == v[i - 1].count && strcmp(v[i].value, v[i - 1].value) > 0));
	pd_facets_free(v, n);
	assert_int_equal(pd_store_facet(f->s, "year", 2, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].value, "2024");
	pd_facets_free(v, n);
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal((long long)st.records, 38);
	assert_int_equal((long long)st.turns,
			 raw_int(f->path, "SELECT count(*) FROM turns WHERE n > 0"));
	assert_int_equal((long long)st.participants,
			 raw_int(f->path, "SELECT count(DISTINCT label) FROM participants"));
	assert_int_equal(st.languages, 3);
	pd_stats_release(&st);
}

/* The ids sql gives (one text column), space-separated; a malloc'ed
 * string. */
static char *raw_ids(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW)
		pd_buf_printf(&b, "%s%s", b.len ? " " : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return pd_buf_detach(&b);
}

/* n records whose dates tie in runs (five dates: one also a put_speakers
 * date, the first and the last of all dates, so that a page can run from
 * inside the last run into the undated records) or are missing: a list's
 * order breaks the ties by id, and pages begin and end inside the runs. */
static void put_tied_dates(fx *f, int n)
{
	static const char *const dates[] = { "1985-03-01", "1972-01-01", "1969-06-01", NULL,
					     "1991-07-01", "2001-01-01" };
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < n; i++) {
		pd_record *r = speakers_record(200 + i);
		pd_record_set(&r->date, dates[i % 6]);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
}

/* pd_store_list's ids for req (all pages of 7), space-separated, and its
 * total. */
static char *listed_ids(pd_store *s, pd_list_req req, size_t *total)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_err err = {0};
	req.limit = 7;
	for (req.offset = 0;; req.offset += 7) {
		pd_summary *v;
		size_t n;
		assert_int_equal(pd_store_list(s, &req, &v, &n, total, &err), 0);
		for (size_t i = 0; i < n; i++)
			pd_buf_printf(&b, "%s%s", b.len ? " " : "", v[i].id);
		pd_summaries_free(v, n);
		if (n < 7)
			break;
	}
	return pd_buf_detach(&b);
}

/* Lists are in the documented order — newest first with records without a
 * date last, ties by id; oldest first the same way round — and their
 * totals and members are the definition's (a test per record in SQL) for
 * a type alone (counted from the archive's counts, NOCASE), a topic, a
 * speaker (label, name or alias) and these with a date range. */
static void test_list_order_and_filters(void **state)
{
	fx *f = *state;
	put_speakers(f, 60);
	put_tied_dates(f, 40);
	/* a second handle that finds every page past the first from its
	 * first row's date (sqlite_list.c's seek), as pages deep in a big
	 * archive are */
	pd_err err = {0};
	pd_store *seek;
	setenv("PODIUM_LIST_SEEK_MIN", "1", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &seek, &err), 0);
	unsetenv("PODIUM_LIST_SEEK_MIN");
	assert_int_equal(((sq_store *)seek)->list_seek_min, 1);
	static const struct {
		pd_filter f;
		const char *where; /* the same filter in SQL over records r */
	} cases[] = {
		{ { 0 }, "1" },
		{ { .type = "interview" }, "r.release_type = 'interview' COLLATE NOCASE" },
		{ { .type = "nothing" }, "0" },
		{ { .topic = "TRADE" }, "EXISTS (SELECT 1 FROM topics tp WHERE tp.rid = r.rid AND"
					" tp.topic = 'TRADE' COLLATE NOCASE)" },
		{ { .speaker = "pm." }, "EXISTS (SELECT 1 FROM participants p WHERE p.rid = r.rid"
					" AND (p.label = 'pm.' COLLATE NOCASE OR p.name = 'pm.'"
					" COLLATE NOCASE OR EXISTS (SELECT 1 FROM json_each(p.aliases)"
					" WHERE value = 'pm.' COLLATE NOCASE)))" },
		{ { .speaker = "anthony albanese", .from = "1980", .type = "Interview" },
		  "EXISTS (SELECT 1 FROM participants p WHERE p.rid = r.rid AND p.name ="
		  " 'anthony albanese' COLLATE NOCASE) AND r.date >= '1980' AND"
		  " r.release_type = 'Interview' COLLATE NOCASE" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
		for (int oldest = 0; oldest < 2; oldest++) {
			char sql[768];
			snprintf(sql, sizeof sql, "SELECT r.id FROM records r WHERE %s ORDER BY"
				 " r.date IS NULL, r.date %s, r.id", cases[k].where,
				 oldest ? "ASC" : "DESC");
			char *want = raw_ids(f->path, sql);
			size_t nwant = *want ? 1 : 0;
			for (const char *c = want; *c; c++)
				nwant += *c == ' ';
			assert_true(k == 2 || nwant > 0);
			for (int h = 0; h < 2; h++) {
				size_t total;
				pd_list_req req = { .filter = cases[k].f, .oldest_first = oldest };
				char *got = listed_ids(h ? seek : f->s, req, &total);
				if (strcmp(got, want) != 0)
					fail_msg("case %zu oldest %d seek %d: [%s], want [%s]", k,
						 oldest, h, got, want);
				assert_int_equal(total, nwant);
				free(got);
			}
			free(want);
		}
	pd_store_close(seek);
}


/* ---- speaker pages from speaker_lists (schema step 9) -------------------- */

/* Records the SQL fixtures lack: a participant named twice under one key
 * (label and NOCASE-equal name, an alias equal to its own label), keys
 * that differ only in non-ASCII case (NOCASE folds ASCII only) or in a
 * trailing space, and an undated record tied with other undated ones. */
static void put_odd_speakers(fx *f, int from, int n)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = from; i < from + n; i++) {
		pd_record *r = speakers_record(300 + i);
		pd_record_set(&r->date, i % 3 ? "1985-03-01" : NULL);
		pd_participant *p = pd_record_add_participant(r, i % 2 ? "pm" : "Émile",
							       PD_PART_OFFICIAL);
		pd_record_set(&p->name, i % 2 ? "PM" : "émile");
		pd_participant_add_alias(p, i % 2 ? "Pm" : "ÉMILE ");
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
}

/* Every text a speaker filter can be given here: each label, name and
 * alias, upper- and lower-cased (ASCII), and a speaker nobody is; a
 * NULL-ended malloc'ed array of malloc'ed strings. */
static char **speaker_keys(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT DISTINCT v FROM (SELECT label AS v FROM"
					    " participants UNION SELECT name FROM participants"
					    " UNION SELECT j.value FROM participants p,"
					    " json_each(p.aliases) j) WHERE v IS NOT NULL",
					    -1, &st, NULL), SQLITE_OK);
	char **keys = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		keys = pd_xgrow(keys, sizeof *keys, n + 4, &cap);
		keys[n++] = pd_xstrdup(v);
		keys[n] = pd_xstrdup(v);
		keys[n + 1] = pd_xstrdup(v);
		for (char *c = keys[n]; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		for (char *c = keys[n + 1]; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
		n += 2;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	keys = pd_xgrow(keys, sizeof *keys, n + 2, &cap);
	keys[n++] = pd_xstrdup("Nobody Here");
	keys[n] = NULL;
	return keys;
}

static void free_keys(char **keys)
{
	for (char **k = keys; *k; k++)
		free(*k);
	free(keys);
}

/* Every speaker's list both ways, page by page, on s and on the SQL-only
 * handle ref: the same records, order and totals; s answers from
 * speaker_lists exactly when `fast`. Returns the number of keys. */
static size_t check_speaker_lists(fx *f, pd_store *ref, bool fast)
{
	char **keys = speaker_keys(f->path);
	sq_store *q = (sq_store *)f->s;
	size_t nkeys = 0, nonempty = 0;
	for (char **k = keys; *k; k++, nkeys++)
		for (int oldest = 0; oldest < 2; oldest++) {
			pd_list_req req = { .filter.speaker = *k, .oldest_first = oldest };
			size_t total, want_total, reads = q->speaker_list_reads;
			char *got = listed_ids(f->s, req, &total);
			char *want = listed_ids(ref, req, &want_total);
			if (strcmp(got, want) != 0 || total != want_total)
				fail_msg("speaker '%s' oldest %d fast %d: %zu [%s], want %zu [%s]",
					 *k, oldest, fast, total, got, want_total, want);
			assert_int_equal(q->speaker_list_reads > reads, fast);
			nonempty += total > 0;
			free(got);
			free(want);
		}
	assert_int_equal(((sq_store *)ref)->speaker_list_reads, 0);
	assert_true(nonempty > nkeys); /* most keys list records, both ways */
	free_keys(keys);
	return nkeys;
}

/* A speaker alone is listed from speaker_lists after an optimize, with
 * the SQL list's records, order and totals (labels, names, aliases, case
 * variants, undated records, ties on dates, several speakers a record);
 * any write to the participants or to a record's date makes the lists
 * stale and the SQL answer until the next optimize; a speaker with other
 * filters is always listed in SQL. */
static void test_speaker_lists_match_sql(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 60);
	put_tied_dates(f, 40);
	put_odd_speakers(f, 0, 6);
	setenv("PODIUM_SPEAKER_LISTS", "0", 1);
	pd_store *ref;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ref, &err), 0);
	unsetenv("PODIUM_SPEAKER_LISTS");
	bool cur;
	assert_int_equal(sq_speakers_current((sq_store *)f->s, &cur, &err), 0);
	assert_false(cur); /* never optimized */
	check_speaker_lists(f, ref, false);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(sq_speakers_current((sq_store *)f->s, &cur, &err), 0);
	assert_true(cur);
	size_t nkeys = check_speaker_lists(f, ref, true);
	/* one row per key, NOCASE: "Émile" and "émile" two, "pm" and "PM" one */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM speaker_lists"),
			 raw_int(f->path, "SELECT count(*) FROM (SELECT DISTINCT v COLLATE NOCASE"
				 " FROM (SELECT label AS v FROM participants UNION ALL SELECT name"
				 " FROM participants WHERE name IS NOT NULL UNION ALL SELECT j.value"
				 " FROM participants p, json_each(p.aliases) j))"));
	assert_true(nkeys > 3 * 10);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM speaker_lists WHERE key IN"
				 " ('Émile', 'émile', 'ÉMILE ')"), 3);
	/* with another filter: SQL */
	size_t total, reads = ((sq_store *)f->s)->speaker_list_reads;
	pd_list_req typed = { .filter = { .speaker = "PM", .type = "Interview" } };
	free(listed_ids(f->s, typed, &total));
	assert_int_equal(((sq_store *)f->s)->speaker_list_reads, reads);
	/* an ingest: stale until the next optimize */
	put_odd_speakers(f, 6, 3);
	assert_int_equal(sq_speakers_current((sq_store *)f->s, &cur, &err), 0);
	assert_false(cur);
	check_speaker_lists(f, ref, false);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	check_speaker_lists(f, ref, true);
	/* a record's date changed, a record deleted, a participant renamed */
	static const char *const writes[] = {
		"UPDATE records SET date = '1999-09-09' WHERE id = 's-5'",
		"DELETE FROM records WHERE id = 's-7'",
		"UPDATE participants SET name = 'Someone' WHERE rowid = 3",
	};
	for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
		raw_sql(f->path, writes[i]);
		assert_int_equal(sq_speakers_current((sq_store *)f->s, &cur, &err), 0);
		assert_false(cur); /* (the SQL list answering a stale one: above) */
		assert_int_equal(pd_store_optimize(f->s, &err), 0);
		check_speaker_lists(f, ref, true);
	}
	pd_store_close(ref);
	/* a damaged list, or one naming a record that is not there, is an
	 * error, not a wrong page */
	static const char *const damage[][2] = {
		{ "UPDATE speaker_lists SET rids = x'ff' WHERE key = 'pm'", "damaged" },
		/* a count no blob of its bytes can hold: refused before it
		 * sizes an allocation */
		{ "UPDATE speaker_lists SET rids = x'05', n = 4611686018427387904 WHERE key = 'pm'",
		  "damaged" },
		/* one entry: rid 0 + 1 (zigzag 2), a date of its own (1) */
		{ "UPDATE speaker_lists SET rids = x'05', n = 1, undated = 0 WHERE key = 'pm'",
		  "missing" },
	};
	raw_sql(f->path, "DELETE FROM records WHERE rid = 1;"
		"INSERT OR REPLACE INTO meta VALUES ('speaker_lists', 1)");
	for (size_t i = 0; i < sizeof damage / sizeof *damage; i++) {
		raw_sql(f->path, damage[i][0]);
		pd_list_req req = { .filter.speaker = "PM" };
		pd_summary *v;
		size_t n;
		assert_int_equal(pd_store_list(f->s, &req, &v, &n, &total, &err), PD_ESTORE);
		assert_non_null(strstr(err.msg, damage[i][1]));
	}
}

/* Turns holding "the minister" (in this data, the phrase's matches). */
static size_t minister_turns(const char *path)
{
	return (size_t)raw_int(path, "SELECT count(*) FROM turns WHERE coalesce(title, '')"
			       " || ' ' || coalesce(text, '') LIKE '%the minister%'");
}

/* A phrase's match count is kept per index generation (and its one
 * phrase's idf takes it): asked again on the same handle, the total and the
 * scores are the same as counted; after a write (lists stale) and after a
 * write and optimize, the new count, never the kept one. */
static void test_kept_counts(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	const char *q = "\"the minister\"";
	put_speakers(f, 60);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	pd_store *ro;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro, &err), 0);
	size_t want = minister_turns(f->path);
	assert_true(want > 5);
	size_t counted = ((sq_store *)ro)->doclist_counts;
	assert_int_equal(total_of(ro, q), want);
	assert_int_equal(((sq_store *)ro)->doclist_counts, counted + 1);
	assert_int_equal(sq_keep_count((sq_store *)ro, SQ_KEEP_COUNT), 1);
	assert_int_equal(total_of(ro, q), want);
	assert_int_equal(((sq_store *)ro)->doclist_counts, counted + 1);
	/* another connection to the file reads the count ro kept */
	pd_store *ro2;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro2, &err), 0);
	assert_int_equal(total_of(ro2, q), want);
	assert_int_equal(((sq_store *)ro2)->doclist_counts, 0);
	pd_store_close(ro2);
	check_fts5_scores(f, q);
	check_fts5_scores(f, q); /* the second time from the kept count */
	/* one more record with the phrase: stale lists, then optimized */
	for (int k = 0; k < 2; k++) {
		pd_record *r = speakers_record(1000 + k);
		pd_record_add_turn(r, "HOST", PD_TURN_ANSWER, "and the minister said", 21);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
		if (k == 1)
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
		size_t now = minister_turns(f->path);
		assert_true(now > want);
		assert_int_equal(total_of(ro, q), now);
		assert_int_equal(total_of(ro, q), now);
		check_fts5_scores(f, q);
		want = now;
	}
	pd_store_close(ro);
}

static bool facets_equal(const pd_facet *a, size_t na, const pd_facet *b, size_t nb);

/* got's facets are want's, every count read (no sample). */
static void assert_same_facets(const char *q, size_t k, const pd_search_result *got,
			       const pd_search_result *want)
{
	assert_false(got->facets_estimated || want->facets_estimated);
	if (!facets_equal(got->speakers, got->nspeakers, want->speakers, want->nspeakers) ||
	    !facets_equal(got->years, got->nyears, want->years, want->nyears) ||
	    !facets_equal(got->types, got->ntypes, want->types, want->ntypes) ||
	    !facets_equal(got->topics, got->ntopics, want->topics, want->ntopics) ||
	    !facets_equal(got->langs, got->nlangs, want->langs, want->nlangs))
		fail_msg("'%s' filter %zu: facets differ", q, k);
}

/* A read-only handle on f's file. */
static pd_store *open_readonly(fx *f)
{
	pd_err err = {0};
	pd_store *ro;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro, &err), 0);
	return ro;
}

/* 360 speakers' records, optimized with lists of every turn, for the kept
 * answers' tests: the reference handle. */
static pd_store *kept_setup(fx *f)
{
	pd_err err = {0};
	reopen_small_lists(f, "1000000");
	put_speakers(f, 360);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	return open_reference(f);
}

/* Asks every (query, filter, page) of the lists below on s and on the
 * reference, hits, scores and totals alike; with `facets`, s is asked
 * for them too (the web's search page and the API always are). */
static void kept_round(pd_store *s, pd_store *ref, const char *const *qs, size_t nq,
		       const pd_filter *filters, size_t nf, bool facets)
{
	static const size_t pages[][2] = { { 20, 0 }, { 20, 0 }, { 5, 14 }, { 10, 30 },
					   { 3, 0 }, { 20, 100 }, { 20, 0 }, { 1, 119 } };
	for (size_t i = 0; i < nq; i++)
		for (size_t k = 0; k < nf; k++)
			for (size_t g = 0; g < sizeof pages / sizeof *pages; g++) {
				pd_search_req req = { .query = qs[i], .limit = pages[g][0],
						      .offset = pages[g][1], .filter = filters[k],
						      .want_facets = facets };
				pd_search_result got, want;
				search_both(s, ref, req, &got, &want);
				assert_same_hits(qs[i], k, g, &got, &want);
				assert_false(got.estimated);
				if (facets)
					assert_same_facets(qs[i], k, &got, &want);
				if (got.total != want.total)
					fail_msg("'%s' filter %zu page %zu: total %zu, want %zu",
						 qs[i], k, g, got.total, want.total);
				pd_search_result_release(&got);
				pd_search_result_release(&want);
			}
}

/* Filtered answers kept per connection (sqlite_kept.c): the same search
 * again and its next pages, read from the kept answer, are the exhaustive
 * ones (a store that filters in SQL and collects every hit), totals
 * included; the kept answers were read; filters that differ only in a
 * field no set takes (language, turn kind) or in case are not taken for
 * each other; after a write (lists stale: nothing kept) and after a write
 * and optimize (a new index_gen), the answers follow the new turns, which
 * rank first: a kept answer read across the write would miss them. */
static void test_kept_answers(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store *ref = kept_setup(f);
	pd_store *ro = open_readonly(f);
	static const char *const qs[] = { "the", "trade", "\"the minister\"", "tax OR wool" };
	static const pd_filter filters[] = {
		{ .speaker = "pm" }, { .speaker = "PM" }, { .speaker = "pm", .lang = "zh" },
		{ .speaker = "journalist" }, { .speaker = "journalist", .turn_kind = "answer" },
		{ .from = "1985" }, { .speaker = "pm", .from = "1990" },
	};
	size_t nq = sizeof qs / sizeof *qs, nf = sizeof filters / sizeof *filters;
	kept_round(ro, ref, qs, nq, filters, nf, false);
	size_t kept = ((sq_store *)ro)->kept_pages;
	assert_true(kept > nq * nf);
	/* with facets: the pages after each key's first read the kept answer
	 * (28 keys, 8 kept: each first page ranks again) */
	kept_round(ro, ref, qs, nq, filters, nf, true);
	assert_true(((sq_store *)ro)->kept_pages > kept + nq * nf);
	/* fewer keys than the connection keeps: each is kept when the
	 * writes below come */
	static const pd_filter pm[] = { { .speaker = "pm" }, { .speaker = "pm", .from = "1990" } };
	kept_round(ro, ref, qs + 1, 1, pm, 2, true);
	/* turns by PM that rank first for "trade": stale lists (no answer
	 * kept, none read), then optimized (a new generation) */
	for (int k = 0; k < 2; k++) {
		pd_record *r = speakers_record(2000 + k);
		static const char best[] = "trade trade trade trade trade the";
		pd_record_add_turn(r, "PM", PD_TURN_ANSWER, best, strlen(best));
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
		if (k == 1)
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
		size_t before = ((sq_store *)ro)->kept_pages;
		kept_round(ro, ref, qs + 1, 1, pm, 2, k == 1);
		if (k == 0)
			assert_int_equal(((sq_store *)ro)->kept_pages, before);
		else
			assert_true(((sq_store *)ro)->kept_pages > before);
		pd_search_req req = { .query = "trade", .limit = 1, .filter = { .speaker = "pm" } };
		pd_search_result got;
		memset(&got, 0, sizeof got);
		assert_int_equal(pd_store_search(ro, &req, &got, &err), 0);
		assert_int_equal(got.nhits, 1);
		char id[16];
		snprintf(id, sizeof id, "s-%d", 2000 + k);
		assert_string_equal(got.hits[0].record_id, id);
		pd_search_result_release(&got);
	}
	pd_store_close(ro);
	pd_store_close(ref);
	unset_small_lists();
}

/* Kept answers are the process's (sqlite_keeper.c): a second connection
 * to the file reads the answers the first kept, first pages included, and
 * they are still the exhaustive ones; the first connection's close leaves
 * them to the second. */
static void test_kept_shared(void **state)
{
	pd_store *ref = kept_setup(*state);
	pd_store *one = open_readonly(*state), *two = open_readonly(*state);
	static const char *const qs[] = { "the", "\"the minister\"" };
	static const pd_filter filters[] = { { .speaker = "pm" }, { .speaker = "journalist" },
					      { .from = "1985" } };
	size_t nq = sizeof qs / sizeof *qs, nf = sizeof filters / sizeof *filters;
	kept_round(one, ref, qs, nq, filters, nf, false);
	assert_true(sq_keep_count((sq_store *)one, SQ_KEEP_ANSWER) > 0);
	/* the same round on the second connection: its first pages too from
	 * the answers the first kept (the first ranked those) */
	size_t first = ((sq_store *)one)->kept_pages;
	assert_int_equal(((sq_store *)two)->kept_pages, 0);
	kept_round(two, ref, qs, nq, filters, nf, false);
	size_t read = ((sq_store *)two)->kept_pages;
	assert_true(read > first);
	pd_store_close(one);
	kept_round(two, ref, qs, nq, filters, nf, true);
	assert_true(((sq_store *)two)->kept_pages > read);
	pd_store_close(two);
	pd_store_close(ref);
	unset_small_lists();
}

/* Searches on connections of their own in threads, keeping into and
 * reading from the process's table at once, each page checked against
 * the exhaustive one asked beforehand (ThreadSanitizer builds run it for
 * races: docs/reliability.md). */
#define KEPT_THREADS 3
#define KEPT_ASKS 24
typedef struct kept_job {
	const char *path;
	const pd_search_req *reqs;
	const pd_search_result *want;
	size_t n;
	int seed;
	size_t wrong;
} kept_job;

static bool same_page(const pd_search_result *a, const pd_search_result *b)
{
	if (a->total != b->total || a->nhits != b->nhits)
		return false;
	for (size_t i = 0; i < a->nhits; i++)
		if (strcmp(a->hits[i].record_id, b->hits[i].record_id) != 0 ||
		    a->hits[i].turn != b->hits[i].turn || a->hits[i].score != b->hits[i].score)
			return false;
	return true;
}

static void *kept_worker(void *arg)
{
	kept_job *j = arg;
	pd_err err = {0};
	pd_store *s;
	if (pd_store_open(j->path, PD_STORE_READONLY | PD_STORE_SERVE, &s, &err) != 0) {
		j->wrong = SIZE_MAX;
		return NULL;
	}
	for (size_t k = 0; k < KEPT_ASKS * j->n; k++) {
		size_t i = (k * 7 + (size_t)j->seed * 5) % j->n;
		pd_search_result got;
		memset(&got, 0, sizeof got);
		if (pd_store_search(s, &j->reqs[i], &got, &err) != 0 || !same_page(&got, &j->want[i]))
			j->wrong++;
		pd_search_result_release(&got);
	}
	pd_store_close(s);
	return NULL;
}

static void test_kept_threads(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	pd_store *ref = kept_setup(f);
	static const pd_search_req reqs[] = {
		{ .query = "the", .limit = 5, .filter = { .speaker = "pm" } },
		{ .query = "the", .limit = 5, .offset = 5, .filter = { .speaker = "pm" } },
		{ .query = "\"the minister\"", .limit = 10 },
		{ .query = "\"the minister\"", .limit = 10, .offset = 10 },
		{ .query = "trade", .limit = 3, .offset = 2, .filter = { .from = "1985" } },
		{ .query = "tax OR wool", .limit = 20 },
	};
	size_t n = sizeof reqs / sizeof *reqs;
	pd_search_result want[sizeof reqs / sizeof *reqs];
	for (size_t i = 0; i < n; i++) {
		memset(&want[i], 0, sizeof want[i]);
		assert_int_equal(pd_store_search(ref, &reqs[i], &want[i], &err), 0);
	}
	pthread_t t[KEPT_THREADS];
	kept_job jobs[KEPT_THREADS];
	for (int i = 0; i < KEPT_THREADS; i++) {
		jobs[i] = (kept_job){ .path = f->path, .reqs = reqs, .want = want, .n = n, .seed = i };
		assert_int_equal(pthread_create(&t[i], NULL, kept_worker, &jobs[i]), 0);
	}
	for (int i = 0; i < KEPT_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].wrong, 0);
	}
	for (size_t i = 0; i < n; i++)
		pd_search_result_release(&want[i]);
	pd_store_close(ref);
	unset_small_lists();
}

/* A file's kept answers go with its last connection: a database deleted
 * and made again at the same path (which may get the same inode) at the
 * same index_gen, with other turns, counts its own matches. */
static void test_kept_gone_with_file(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	const char *q = "\"the minister\"";
	size_t totals[2];
	for (int round = 0; round < 2; round++) {
		put_speakers(f, round ? 30 : 60);
		assert_int_equal(pd_store_optimize(f->s, &err), 0);
		pd_store *ro;
		assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro, &err), 0);
		totals[round] = total_of(ro, q);
		assert_int_equal(totals[round], minister_turns(f->path));
		assert_int_equal(sq_keep_count((sq_store *)ro, SQ_KEEP_COUNT), 1);
		pd_store_close(ro);
		if (round == 0) { /* the same path, a new file */
			pd_store_close(f->s);
			char path[128];
			static const char *const ext[] = { "", "-wal", "-shm" };
			for (size_t i = 0; i < 3; i++) {
				snprintf(path, sizeof path, "%s%s", f->path, ext[i]);
				unlink(path);
			}
			assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
		}
	}
	assert_true(totals[0] != totals[1]);
}

/* However many answers are kept, the table stays within SQ_KEEP_ENTRIES
 * and SQ_KEEP_BYTES, the most recent kept. */
static void test_kept_bounded(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 20);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	pd_store *ro;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ro, &err), 0);
	char q[64];
	for (int i = 0; i < SQ_KEEP_ENTRIES + 100; i++) {
		snprintf(q, sizeof q, "\"the zz%d\"", i);
		assert_int_equal(total_of(ro, q), 0);
		size_t entries, bytes;
		sq_keep_usage(&entries, &bytes);
		assert_true(entries <= SQ_KEEP_ENTRIES);
		assert_true(bytes <= SQ_KEEP_BYTES);
	}
	assert_int_equal(sq_keep_count((sq_store *)ro, SQ_KEEP_COUNT), SQ_KEEP_ENTRIES);
	size_t counted = ((sq_store *)ro)->doclist_counts;
	assert_int_equal(total_of(ro, q), 0); /* the last is kept */
	assert_int_equal(((sq_store *)ro)->doclist_counts, counted);
	assert_int_equal(total_of(ro, "\"the zz0\""), 0); /* the first is not */
	assert_int_equal(((sq_store *)ro)->doclist_counts, counted + 1);
	pd_store_close(ro);
	size_t entries, bytes;
	sq_keep_usage(&entries, &bytes);
	assert_int_equal(entries, 0); /* the file's last connection closed */
}

/* A phrase's page from one of its terms' top lists (page_from_phrase_list)
 * is the exhaustive ranking's, hits and scores, on pages inside the lists
 * and past them, for phrases of common words (lists of 16 of turns that
 * hold "the" and "minister" hundreds of times), a CJK phrase and a phrase
 * that matches nothing; the lists answered some of those pages, and the
 * scores are FTS5's; the pages the lists did not answer were walked in C
 * (walk_top). Also with kept counts and sets off
 * (PODIUM_SEARCH_KEEP=0), where every search counts its phrase again. */
static void test_phrase_from_lists(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	setenv("PODIUM_PHRASE_LIST_RATIO", "1", 1); /* lists of 16, phrases in 100s */
	reopen_small_lists(f, "1000000");
	put_speakers(f, 360);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	pd_store *ref = open_reference(f);
	setenv("PODIUM_SEARCH_KEEP", "0", 1);
	pd_store *nokeep;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &nokeep, &err), 0);
	unsetenv("PODIUM_SEARCH_KEEP");
	static const char *const qs[] = { "\"the minister\"", "\"minister and the\"",
					  "\"the trade\"", "\"and the minister and\"",
					  "\"the the\"", "\"政府工作\"", "\"wool the\"",
					  "\"nothing at all\"" };
	static const size_t pages[][2] = { { 5, 0 }, { 3, 4 }, { 10, 0 }, { 5, 12 }, { 20, 0 } };
	for (int pass = 0; pass < 2; pass++) /* the first loads the row lengths */
		for (int h = 0; h < 2; h++) {
			pd_store *s = h ? nokeep : f->s;
			for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
				for (size_t g = 0; g < sizeof pages / sizeof *pages; g++) {
					pd_search_req req = { .query = qs[i], .limit = pages[g][0],
							      .offset = pages[g][1] };
					pd_search_result got, want;
					search_both(s, ref, req, &got, &want);
					assert_int_equal(got.total, want.total);
					assert_same_hits(qs[i], 0, g, &got, &want);
					pd_search_result_release(&got);
					pd_search_result_release(&want);
				}
		}
	assert_true(((sq_store *)f->s)->phrase_list_pages >= 5);
	assert_true(((sq_store *)nokeep)->phrase_list_pages >= 5);
	/* the other pages were ranked by a walk in C (pd_bm25_walk) */
	assert_true(((sq_store *)f->s)->rank_walks >= 5);
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		check_fts5_scores(f, qs[i]);
	pd_store_close(ref);
	pd_store_close(nokeep);
	unset_small_lists();
	unsetenv("PODIUM_PHRASE_LIST_RATIO");
}

/* ---- phrases checked in their own text (sqlite_phrase.c) --------------- */

/* Turns of words drawn so that phrases of common words stand in some and
 * their words, not adjacent, in more: "the" repeated ("the the the":
 * overlapping instances), CJK runs next to words ("政府工作 in": a run's
 * last character at its last bigram's position), runs of equal texts and
 * dates (ties); every 5th record a title. */
static pd_record *phrase_record(int i)
{
	static const char *const words[] = { "the", "the", "in", "world", "law", "and",
					     "order", "thank", "you", "政府工作" };
	char id[16], date[16], text[512];
	snprintf(id, sizeof id, "ph-%d", i);
	snprintf(date, sizeof date, "20%02d-%02d-01", i % 9, 1 + i % 4);
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, id);
	pd_record_set(&r->date, date);
	pd_record_set(&r->language, "en");
	if (i % 5 == 0)
		pd_record_set(&r->title, i % 10 ? "In the world the the law" : "政府工作 in the world");
	for (int t = 0; t < 1 + i % 3; t++) {
		size_t len = (i + t) % 7 == 0
			     ? (size_t)snprintf(text, sizeof text, "in the world and the the the world")
			     : random_text(text, sizeof text, (unsigned)(i * 11 + t * 29), 13, words);
		pd_record_add_turn(r, "PM", PD_TURN_ANSWER, text, len);
	}
	return r;
}

/* 300 phrase_records, then titles given a text too (rows with both
 * columns, weighted 3 and 1: "law and order" meets across them, which no
 * phrase does), and the lists built. */
static void put_phrase_records(fx *f)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = 0; i < 300; i++) {
		pd_record *r = phrase_record(i);
		put_ok(f->s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	raw_fts_sql(f->path, "UPDATE turns SET text = CASE tid % 3 WHEN 0 THEN 'world in the law'"
		    " WHEN 1 THEN 'the world the the the' ELSE 'and order 政府工作' END"
		    " WHERE title IS NOT NULL AND tid % 4 <> 0");
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
}

static const char *const phrase_queries[] = {
	"\"in the world\"", "\"the the\"", "\"the the the\"", "\"law and order\"",
	"\"thank you\"", "\"the world\"", "\"world in the\"", "\"政府工作\"",
	"\"工作 in\"", "\"政府工作 in the\"", "\"order law\"", "\"you thank you\"",
	"\"world the the the\"", "\"and the the world\"",
};

/* sq_phrase_check_score agrees with FTS5 on every turn, for every phrase
 * above: it finds the phrase exactly in the turns a MATCH by rowid
 * returns, and scores it as FTS5's bm25 does, to the bit. Counting an
 * instance of a repeated word once, not counting overlapping ones, a CJK
 * run's last character at a position of its own, or a phrase across two
 * columns, fails it. */
static void test_phrase_checks(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "1000000");
	put_phrase_records(f);
	sq_store *s = (sq_store *)f->s;
	assert_int_equal(sq_lens_sync(s, (size_t)1 << 40, &err), 0);
	assert_true(s->lens.active);
	sqlite3 *db;
	sqlite3_stmt *one, *all;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(pd_sqlite_register_cjk(db, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT -bm25(turns_fts, 3.0, 1.0) FROM turns_fts"
					    " WHERE turns_fts MATCH ?1 AND rowid = ?2", -1, &one,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT tid FROM turns", -1, &all, NULL),
			 SQLITE_OK);
	size_t found_any = 0, across = 0;
	for (size_t q = 0; q < sizeof phrase_queries / sizeof *phrase_queries; q++) {
		const char *match = phrase_queries[q];
		char *terms_buf = strdup(match + 1), *terms[SQ_PHRASE_MAX];
		size_t n = 0;
		terms_buf[strlen(terms_buf) - 1] = '\0';
		pd_tokenizer tz;
		pd_token tok;
		pd_buf folded;
		pd_buf_init(&folded, 0);
		size_t off[SQ_PHRASE_MAX];
		pd_tokenizer_init(&tz, terms_buf, strlen(terms_buf), PD_TOK_QUERY);
		while (pd_tokenizer_next(&tz, &tok)) {
			off[n++] = folded.len;
			pd_buf_add(&folded, tok.text, tok.len);
			pd_buf_putc(&folded, '\0');
		}
		pd_tokenizer_release(&tz);
		for (size_t i = 0; i < n; i++)
			terms[i] = folded.data + off[i];
		char count_sql[256];
		snprintf(count_sql, sizeof count_sql,
			 "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH '%s'", match);
		sqlite3_stmt *cnt;
		assert_int_equal(sqlite3_prepare_v2(db, count_sql, -1, &cnt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(cnt), SQLITE_ROW);
		sqlite3_int64 nmatch = sqlite3_column_int64(cnt, 0);
		sqlite3_finalize(cnt);
		sq_phrase_check c;
		assert_int_equal(sq_phrase_check_init(&c, s, (const char *const *)terms, n, nmatch,
						      &err), 0);
		sqlite3_int64 hits = 0;
		while (sqlite3_step(all) == SQLITE_ROW) {
			sqlite3_int64 tid = sqlite3_column_int64(all, 0);
			double score = 0;
			bool found = false;
			assert_int_equal(sq_phrase_check_score(&c, tid, &score, &found, &err), 0);
			assert_false(c.disagrees);
			sqlite3_bind_text(one, 1, match, -1, SQLITE_STATIC);
			sqlite3_bind_int64(one, 2, tid);
			bool want = sqlite3_step(one) == SQLITE_ROW;
			if (found != want)
				fail_msg("%s in turn %lld: found %d, FTS5 %d", match, (long long)tid, found,
					 want);
			if (want && score != sqlite3_column_double(one, 0))
				fail_msg("%s in turn %lld: %.17g, FTS5 %.17g", match, (long long)tid, score,
					 sqlite3_column_double(one, 0));
			sqlite3_reset(one);
			hits += found;
		}
		sqlite3_reset(all);
		assert_int_equal(hits, nmatch);
		found_any += hits > 0;
		sq_phrase_check_release(&c);
		pd_buf_release(&folded);
		free(terms_buf);
	}
	/* the fixture is what the test says: most phrases stand somewhere, and
	 * "law and order" across a title and its text */
	assert_true(found_any >= 12);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM turns WHERE title LIKE '%law'"
					    " AND text LIKE 'and order%'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	across = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(across > 0);
	sqlite3_finalize(one);
	sqlite3_finalize(all);
	sqlite3_close(db);
	s->lens.active = false;
	unset_small_lists();
}

/* A phrase's pages from its terms (step 2b: candidates checked in their
 * text from a term's list, then from a walk of the rarest term's turns)
 * are the exhaustive ranking's, hits, scores and totals, on pages inside
 * and past the lists, with every turn of the walked term a candidate
 * (PODIUM_PHRASE_CHECK_RATIO=1) and with a quarter of them (pages the
 * walk cannot settle fall back), asked twice (the second time from the
 * kept walk), and again after a write and a new optimize (a walk kept at
 * the old index_gen is not used). The walk answered pages the list did
 * not; scores are FTS5's bm25. Bounds taken with the term's idf instead
 * of the phrase's, or walks kept across a write, fail it. */
static void test_phrase_walks(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "1000000");
	put_phrase_records(f);
	pd_store *walk[2];
	static const char *const ratios[2] = { "1", "4" };
	for (int round = 0; round < 2; round++) {
		pd_store *ref = open_reference(f);
		for (int h = 0; h < 2; h++) {
			if (round == 0) {
				setenv("PODIUM_PHRASE_CHECK_RATIO", ratios[h], 1);
				assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &walk[h],
							       &err), 0);
			}
		}
		unsetenv("PODIUM_PHRASE_CHECK_RATIO");
		static const size_t pages[][2] = { { 5, 0 }, { 3, 4 }, { 10, 0 }, { 5, 12 },
						   { 20, 0 }, { 7, 30 } };
		for (int pass = 0; pass < 3; pass++) /* the first loads the row lengths */
			for (int h = 0; h < 2; h++)
				for (size_t i = 0; i < sizeof phrase_queries / sizeof *phrase_queries;
				     i++)
					for (size_t g = 0; g < sizeof pages / sizeof *pages; g++) {
						pd_search_req req = { .query = phrase_queries[i],
								      .limit = pages[g][0],
								      .offset = pages[g][1] };
						pd_search_result got, want;
						search_both(walk[h], ref, req, &got, &want);
						assert_int_equal(got.total, want.total);
						assert_same_hits(phrase_queries[i], (size_t)h, g, &got,
								 &want);
						pd_search_result_release(&got);
						pd_search_result_release(&want);
					}
		const sq_store *all = (const sq_store *)walk[0];
		assert_true(all->phrase_deep_pages >= 20);
		assert_true(all->phrase_checks > 0);
		/* the walks are kept, at this index_gen */
		assert_true(sq_keep_count((sq_store *)walk[0], SQ_KEEP_WALK) > 0);
		pd_store_close(ref);
		if (round == 0) { /* a write, the lists current again: new scores */
			put_skewed(f->s, 0, 40);
			assert_int_equal(pd_store_optimize(f->s, &err), 0);
		}
	}
	for (size_t i = 0; i < sizeof phrase_queries / sizeof *phrase_queries; i++)
		check_fts5_scores(f, phrase_queries[i]);
	pd_store_close(walk[0]);
	pd_store_close(walk[1]);
	unset_small_lists();
}

/* The hits of got and want name the same turns in the same order (an
 * estimated phrase count gives its idf, which scales every score alike). */
static void assert_same_turns(const char *q, const pd_search_result *got,
			      const pd_search_result *want)
{
	if (got->nhits != want->nhits)
		fail_msg("'%s': %zu hits, want %zu", q, got->nhits, want->nhits);
	for (size_t h = 0; h < got->nhits; h++)
		if (strcmp(got->hits[h].record_id, want->hits[h].record_id) != 0 ||
		    got->hits[h].turn != want->hits[h].turn)
			fail_msg("'%s' hit %zu: %s#%d, want %s#%d", q, h, got->hits[h].record_id,
				 got->hits[h].turn, want->hits[h].record_id, want->hits[h].turn);
}

static void search_ok(pd_store *s, pd_search_req req, pd_search_result *out)
{
	pd_err err = {0};
	memset(out, 0, sizeof *out);
	if (pd_store_search(s, &req, out, &err) != 0)
		fail_msg("'%s': %s", req.query, err.msg);
}

/* Totals estimated from strata of the doclists (PODIUM_COUNT_EXACT_ROWS
 * made 1, 8 strata holding about a third to two fifths of the rows): a phrase's
 * and an AND's total is flagged and near the full count, its pages the
 * same turns in the same order; a page that ends the hits gives the exact
 * total again; exact_total counts in full (unflagged) and that count is
 * kept for the next asking; a phrase with too few matches in the sample
 * is counted in full. An estimate that scales by the wrong rows, or a
 * flag lost on the way out, fails it. */
static void test_estimated_counts(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "1000000");
	put_phrase_records(f);
	setenv("PODIUM_SEARCH_KEEP", "0", 1); /* its exact counts not kept for est */
	pd_store *ref = open_reference(f), *est;
	unsetenv("PODIUM_SEARCH_KEEP");
	setenv("PODIUM_COUNT_EXACT_ROWS", "1", 1);
	setenv("PODIUM_COUNT_SAMPLE_ROWS", "400", 1);
	setenv("PODIUM_COUNT_STRATA", "8", 1); /* strata of 8 tids or so */
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &est, &err), 0);
	unsetenv("PODIUM_COUNT_EXACT_ROWS");
	unsetenv("PODIUM_COUNT_SAMPLE_ROWS");
	unsetenv("PODIUM_COUNT_STRATA");
	static const char *const queries[] = { "\"the the\"", "\"the world\"", "the world",
					       "world the", "\"in the world\"", "\"the the the\"" };
	size_t estimated = 0;
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		pd_search_req req = { .query = queries[i], .limit = 10 };
		pd_search_result got, want, again;
		search_ok(ref, req, &want);
		assert_false(want.estimated);
		search_ok(est, req, &got);
		assert_same_turns(queries[i], &got, &want);
		if (got.estimated) {
			estimated++;
			size_t d = got.total > want.total ? got.total - want.total
							  : want.total - got.total;
			if (d * 8 > want.total)
				fail_msg("'%s': about %zu, counted %zu", queries[i], got.total,
					 want.total);
		} else {
			assert_int_equal(got.total, want.total);
		}
		/* the last page: the hits end there, so the total is known */
		pd_search_req last = req;
		last.offset = want.total > 5 ? want.total - 5 : 0;
		pd_search_result_release(&got);
		pd_search_result_release(&want);
		search_ok(ref, last, &want);
		search_ok(est, last, &got);
		assert_same_turns(queries[i], &got, &want);
		assert_false(got.estimated);
		assert_int_equal(got.total, want.total);
		pd_search_result_release(&got);
		pd_search_result_release(&want);
		/* counted in full when asked, and kept so for the next asking */
		req.exact_total = true;
		search_ok(est, req, &got);
		search_ok(ref, req, &want);
		assert_false(got.estimated);
		assert_int_equal(got.total, want.total);
		req.exact_total = false;
		search_ok(est, req, &again);
		assert_false(again.estimated);
		assert_int_equal(again.total, want.total);
		pd_search_result_release(&got);
		pd_search_result_release(&want);
		pd_search_result_release(&again);
	}
	printf("estimated %zu of %zu totals\n", estimated, sizeof queries / sizeof *queries);
	assert_true(estimated >= 3);
	assert_true(((sq_store *)est)->estimated_counts >= 3);
	pd_store_close(est);
	pd_store_close(ref);
	unset_small_lists();
}

/* Turns "alpha"^a "beta"^b "gamma"^p for every a, b < 6, p < 9 (a turn
 * in alpha's list may hold little of beta and the reverse; a turn in both
 * lists, in one, in neither), and as many turns of neither word: in an AND
 * of alpha and beta a candidate's bound is often far above its score, so
 * the order of the lookups is not the order of the scores. */
static void put_pairs(pd_store *s)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(s, &err), 0);
	for (int i = 0; i < 6 * 6 * 9 * 2; i++) {
		int a = i % 6, b = i / 6 % 6, pad = i / 36 % 9;
		char id[16], date[16], text[256];
		size_t len = 0;
		snprintf(id, sizeof id, "p-%d", i);
		snprintf(date, sizeof date, "2003-%02d-01", 1 + i % 7);
		for (int k = 0; k < a + b + pad; k++)
			len += (size_t)snprintf(text + len, sizeof text - len, "%s ",
						i >= 6 * 6 * 9 ? "delta" : k < a ? "alpha"
						: k < a + b ? "beta" : "gamma");
		if (len == 0)
			len = (size_t)snprintf(text, sizeof text, "delta");
		pd_record *r = pd_record_new();
		pd_record_set(&r->id, id);
		pd_record_set(&r->date, date);
		pd_record_set(&r->language, "en");
		pd_record_add_turn(r, "PM", PD_TURN_ANSWER, text, len);
		put_ok(s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(s, &err), 0);
}

/* An AND of two listed terms from its candidates looked up by rowid,
 * most promising first (pair_by_lookups), gives the exhaustive ranking's
 * pages, hits and scores, inside the lists of 64 and past them, with the
 * lookups forced (PODIUM_PAIR_LOOKUP_RATIO=1) and with one walk instead
 * (a ratio past every match count), for the pairs of put_pairs and of the
 * skewed vocabulary (runs of equal texts: many equal scores); the lookups
 * answered pages and settled some before looking every candidate up; the
 * scores are FTS5's (the idf from the lists' counts). Stopping the
 * lookups as soon as the page's hits beat the bound, without asking what
 * the candidates left may score, fails it. */
static void test_pair_lookups(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	reopen_small_lists(f, "1000000");
	pd_store_close(f->s); /* lists of 64: put_pairs' AND beats their bound */
	setenv("PODIUM_TOPK_SIZE", "64", 1);
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
	put_pairs(f->s);
	put_skewed(f->s, 0, 400);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	pd_store *ref = open_reference(f);
	pd_store *look, *walk;
	setenv("PODIUM_PAIR_LOOKUP_RATIO", "1", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &look, &err), 0);
	setenv("PODIUM_PAIR_LOOKUP_RATIO", "1000000000", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &walk, &err), 0);
	unsetenv("PODIUM_PAIR_LOOKUP_RATIO");
	static const char *const qs[] = { "alpha beta", "beta alpha", "alpha gamma",
					  "beta gamma", "the minister", "minister trade",
					  "trade wheat", "and of", "wheat the", "政府 工作",
					  "minister rare" };
	for (int pass = 0; pass < 2; pass++) /* the first loads the row lengths */
		for (int h = 0; h < 2; h++)
			for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
				for (size_t g = 0; g < 24; g++) {
					pd_search_req req = { .query = qs[i],
							      .limit = g < 12 ? 1 + g % 3 : 5 + g,
							      .offset = g < 12 ? g : 3 * (g - 12) };
					pd_search_result got, want;
					search_both(h ? walk : look, ref, req, &got, &want);
					assert_int_equal(got.total, want.total);
					assert_same_hits(qs[i], (size_t)h, g, &got, &want);
					pd_search_result_release(&got);
					pd_search_result_release(&want);
				}
	const sq_store *l = (const sq_store *)look;
	assert_true(l->pair_list_pages >= 20);
	assert_true(l->pair_lookups < l->pair_cands);
	assert_int_equal(((const sq_store *)walk)->pair_list_pages, 0);
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		check_fts5_scores(f, qs[i]);
	pd_store_close(ref);
	pd_store_close(look);
	pd_store_close(walk);
	unset_small_lists();
}

/* Sum over want's values holding at least a tenth of `total` of the
 * difference to got's count of the same value; *sum: their counts. */
static size_t facet_error(const pd_facet *want, size_t nwant, const pd_facet *got, size_t ngot,
			  size_t total, size_t *sum)
{
	size_t err = 0;
	for (size_t i = 0; i < nwant; i++) {
		if (want[i].count * 10 < total)
			continue;
		size_t g = 0;
		for (size_t k = 0; k < ngot; k++)
			if (strcmp(got[k].value, want[i].value) == 0)
				g = got[k].count;
		err += g > want[i].count ? g - want[i].count : want[i].count - g;
		*sum += want[i].count;
	}
	return err;
}

static bool facets_equal(const pd_facet *a, size_t na, const pd_facet *b, size_t nb)
{
	for (size_t i = 0; na == nb && i < na; i++)
		if (strcmp(a[i].value, b[i].value) != 0 || a[i].count != b[i].count)
			return false;
	return na == nb;
}

/* Facets over many matches come from a sample (sqlite_facets.c): the
 * page is the exhaustive one, counts read in full are exact, estimated
 * counts are near the exact ones (the frequent values' counts within a
 * quarter overall), and the sampled searches are many. The reference
 * store reads every hit (PODIUM_SAMPLE_MIN past the archive). */
static void test_facets_sampled(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 1500);
	pd_store *ref;
	setenv("PODIUM_SAMPLE_MIN", "1000000", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &ref, &err), 0);
	setenv("PODIUM_SAMPLE_SIZE", "600", 1);
	reopen_small_lists(f, "300");
	unsetenv("PODIUM_SAMPLE_SIZE");
	static const char *const qs[] = { "the", "minister", "trade", "tax OR wool",
					  "the minister", "wheat", "政府" };
	static const pd_filter filters[] = {
		{ 0 }, { .from = "1980" }, { .speaker = "journalist" }, { .type = "interview" },
		{ .speaker = "pm", .lang = "en" }, { .topic = "tax" },
	};
	size_t estimated = 0, err_sum = 0, want_sum = 0;
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
			pd_search_req req = { .query = qs[i], .limit = 10, .want_facets = true,
					      .filter = filters[k] };
			pd_search_result got, want;
			memset(&got, 0, sizeof got);
			memset(&want, 0, sizeof want);
			assert_int_equal(pd_store_search(f->s, &req, &got, &err), 0);
			assert_int_equal(pd_store_search(ref, &req, &want, &err), 0);
			assert_false(want.estimated || want.facets_estimated);
			assert_int_equal(got.nhits, want.nhits);
			for (size_t h = 0; h < got.nhits; h++) {
				assert_string_equal(got.hits[h].record_id, want.hits[h].record_id);
				assert_int_equal(got.hits[h].turn, want.hits[h].turn);
			}
			if (!got.estimated) {
				assert_int_equal(got.total, want.total);
			} else {
				size_t d = got.total > want.total ? got.total - want.total
								  : want.total - got.total;
				if (d * 3 > want.total)
					fail_msg("'%s' filter %zu: about %zu, exactly %zu", qs[i], k,
						 got.total, want.total);
			}
			if (!got.facets_estimated) {
				if (!facets_equal(got.speakers, got.nspeakers, want.speakers,
						  want.nspeakers) ||
				    !facets_equal(got.years, got.nyears, want.years, want.nyears) ||
				    !facets_equal(got.types, got.ntypes, want.types, want.ntypes) ||
				    !facets_equal(got.topics, got.ntopics, want.topics, want.ntopics))
					fail_msg("'%s' filter %zu: counted facets differ", qs[i], k);
			} else {
				estimated++;
				err_sum += facet_error(want.speakers, want.nspeakers, got.speakers,
						       got.nspeakers, want.total, &want_sum);
				err_sum += facet_error(want.types, want.ntypes, got.types,
						       got.ntypes, want.total, &want_sum);
				err_sum += facet_error(want.topics, want.ntopics, got.topics,
						       got.ntopics, want.total, &want_sum);
			}
			pd_search_result_release(&got);
			pd_search_result_release(&want);
		}
	assert_true(estimated >= 10);
	if (err_sum * 4 > want_sum)
		fail_msg("sampled facets off by %zu in %zu", err_sum, want_sum);
	pd_store_close(ref);
	unset_list_env();
}

/* A sample walked in the doclists with its facets counted in C
 * (sqlite_facets.c) gives what FTS5's walk of the same strata and SQL's
 * GROUP BYs give: the same tids kept, the same counts and order (count
 * down, then the value's bytes), for a term, an AND and a phrase, in the
 * strata and over the whole span. */
static void test_facets_walked_as_sql(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_speakers(f, 1500);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	setenv("PODIUM_SAMPLE_MIN", "100", 1);
	setenv("PODIUM_SAMPLE_SIZE", "40", 1);
	pd_store *walk, *sql;
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &walk, &err), 0);
	setenv("PODIUM_DOCLIST", "0", 1);
	assert_int_equal(pd_store_open(f->path, PD_STORE_READONLY, &sql, &err), 0);
	unsetenv("PODIUM_DOCLIST");
	unset_list_env();
	static const char *const qs[] = { "the", "minister", "wheat", "the minister",
					  "trade tax", "\"the minister\"", "\"and the trade\"" };
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		pd_search_req req = { .query = qs[i], .limit = 10, .want_facets = true };
		pd_search_result got, want;
		memset(&got, 0, sizeof got);
		memset(&want, 0, sizeof want);
		assert_int_equal(pd_store_search(walk, &req, &got, &err), 0);
		assert_int_equal(pd_store_search(sql, &req, &want, &err), 0);
		if (!got.facets_estimated || !want.facets_estimated)
			fail_msg("'%s': facets not sampled", qs[i]);
		assert_int_equal(got.nhits, want.nhits);
		if (!facets_equal(got.speakers, got.nspeakers, want.speakers, want.nspeakers) ||
		    !facets_equal(got.years, got.nyears, want.years, want.nyears) ||
		    !facets_equal(got.types, got.ntypes, want.types, want.ntypes) ||
		    !facets_equal(got.topics, got.ntopics, want.topics, want.ntopics) ||
		    !facets_equal(got.langs, got.nlangs, want.langs, want.nlangs))
			fail_msg("'%s': walked facets differ from SQL's", qs[i]);
		assert_true(got.ntopics > 0 && got.nyears > 1 && got.nspeakers > 1);
		pd_search_result_release(&got);
		pd_search_result_release(&want);
	}
	/* every query above was walked in C by one store, none by the other */
	assert_true(((sq_store *)walk)->sample_walks >= sizeof qs / sizeof *qs);
	assert_int_equal(((sq_store *)sql)->sample_walks, 0);
	pd_store_close(walk);
	pd_store_close(sql);
}

/* The loadable extension lets a plain sqlite3 connection read the index. */
static void test_extension(void **state)
{
	fx *f = *state;
	/* the module sits in the build folder, one up from this test binary */
	char exe[4096], so[4200];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	assert_true(len > 0);
	exe[len] = '\0';
	*strrchr(exe, '/') = '\0';
	snprintf(so, sizeof so, "%s/../podium_fts5.so", exe);
	if (access(so, F_OK) != 0)
		fail_msg("%s not built", so);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	/* without it, the table cannot be read */
	assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM turns_fts WHERE "
						"turns_fts MATCH '使馆'", -1, &st, NULL), SQLITE_OK);
	sqlite3_enable_load_extension(db, 1);
	char *msg = NULL;
	if (sqlite3_load_extension(db, so, NULL, &msg) != SQLITE_OK)
		fail_msg("load: %s", msg);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM turns_fts WHERE "
					    "turns_fts MATCH '使馆'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	/* records.json is stored deflated; podium_json() gives the JSON back,
	 * the same text the store unpacks (a stored record's id and title),
	 * passes text through, and refuses a blob the store did not pack */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT typeof(json), podium_json(json) ->> '$.id',"
					    " id, podium_json('{\"a\":1}'), podium_json(NULL)"
					    " FROM records LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "blob");
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2));
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "{\"a\":1}");
	assert_int_equal(sqlite3_column_type(st, 4), SQLITE_NULL);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT podium_json(x'0102')", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int main(int argc, char **argv)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tmp_store_setup, tmp_store_teardown)
#define L(fn) cmocka_unit_test_setup_teardown(fn, setup_loaded, tmp_store_teardown)
	struct CMUnitTest tests[] = {
		T(test_open_and_migrate),
		T(test_turn_text_stored_once),
		T(test_json_pack),
		L(test_tokenizer_fingerprint),
		T(test_index_in_batches),
		T(test_index_in_batches_bulk),
		T(test_put_half_done),
		T(test_index_ranking_agrees),
		T(test_topk_lists),
		T(test_topk_scan_passes),
		T(test_topk_doclist),
		T(test_topk_tie_order),
		T(test_topk_early),
		T(test_topk_scan_merge),
		T(test_topk_pack),
		T(test_topk_chunks),
		T(test_topk_migrate_step8),
		T(test_optimize_frees_pages),
		T(test_fts_bulk_merges),
		T(test_filter_set_agrees),
		T(test_facets_sampled),
		T(test_facets_walked_as_sql),
		T(test_filter_set_from_lists),
		T(test_loaded_arrays_shared),
		T(test_counts_follow_writes),
		T(test_warm),
		T(test_list_order_and_filters),
		T(test_speaker_lists_match_sql),
		T(test_kept_counts),
		T(test_kept_answers),
		T(test_kept_shared),
		T(test_kept_threads),
		T(test_kept_gone_with_file),
		T(test_kept_bounded),
		T(test_phrase_from_lists),
		T(test_phrase_checks),
		T(test_phrase_walks),
		T(test_estimated_counts),
		T(test_pair_lookups),
		T(test_two_term_lists),
		L(test_extension),
	};
	/* scripts/valgrind.sh runs this file in shards: the slowest of the
	 * memcheck tier (13 minutes in one piece) */
	size_t n = pd_test_shard(argc, argv, tests, sizeof tests / sizeof tests[0]);
	if (n == SIZE_MAX)
		return 2;
	return _cmocka_run_group_tests("test_store_sqlite", tests, n, NULL, NULL);
}
