/* test_store_pg.c: what only the PostgreSQL backend has, on the database
 * $PD_TEST_STORE names (tests/integration/pg_store.sh starts one), a fresh
 * schema per test: the tsvector and tsquery it writes with Podium's
 * tokenizer, reconnecting after the server dropped the connection (and
 * refusing to pretend inside a transaction), two writers of one record
 * serialized by the record's lock, and the index written again when
 * another tokenizer wrote it.
 */
#include "../unit/store_fixtures.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "base/hash.h"
#include "search/query.h"
#include "search/tokenize.h"

/* The backend's literal writers (store/pg/pg_int.h). */
void pg_tsvector(pd_buf *out, const char *text, size_t n, bool title);
void pg_tsquery(pd_buf *out, const pd_query *q);

typedef struct fx {
	char schema[48];
	char app[48];          /* application_name: finds our connections */
	pd_buf uri;
	pd_store *s;
} fx;

static PGconn *admin(const fx *f)
{
	PGconn *c = PQconnectdb(pd_buf_cstr(&f->uri));
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect: %s", PQerrorMessage(c));
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	return c;
}

/* Runs sql on a raw connection; the first value of the first row. */
static char *raw(const fx *f, const char *sql)
{
	PGconn *c = admin(f);
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(c));
	char *v = st == PGRES_TUPLES_OK && PQntuples(r) ? strdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	PQfinish(c);
	return v;
}

static int setup(void **state)
{
	static int serial;
	const char *base = getenv("PD_TEST_STORE");
	if (!base || strncmp(base, "postgres", 8) != 0)
		fail_msg("PD_TEST_STORE must be a postgres:// URI (tests/integration/pg_store.sh)");
	fx *f = calloc(1, sizeof *f);
	snprintf(f->schema, sizeof f->schema, "p%ld_%d", (long)getpid(), serial);
	snprintf(f->app, sizeof f->app, "pdtest_%ld_%d", (long)getpid(), serial++);
	pd_buf_init(&f->uri, 0);
	pd_buf_printf(&f->uri, "%s%coptions=-csearch_path%%3D%s&application_name=%s", base,
		      strchr(base, '?') ? '&' : '?', f->schema, f->app);
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "CREATE SCHEMA %s", f->schema);
	free(raw(f, pd_buf_cstr(&sql)));
	pd_buf_release(&sql);
	pd_err err = {0};
	if (pd_store_open(pd_buf_cstr(&f->uri), 0, &f->s, &err) != 0)
		fail_msg("open: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	pd_store_close(f->s);
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "DROP SCHEMA %s CASCADE", f->schema);
	free(raw(f, pd_buf_cstr(&sql)));
	pd_buf_release(&sql);
	pd_buf_release(&f->uri);
	free(f);
	return 0;
}

/* Ends every server connection of the store under test. */
static void kill_connections(const fx *f)
{
	pd_buf sql;
	pd_buf_init(&sql, 0);
	pd_buf_printf(&sql, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
		      " WHERE application_name = '%s' AND pid <> pg_backend_pid()", f->app);
	char *n = raw(f, pd_buf_cstr(&sql));
	assert_true(atoi(n) >= 1);
	free(n);
	pd_buf_release(&sql);
}

static char *tsv(const char *text, bool title)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pg_tsvector(&b, text, strlen(text), title);
	return pd_buf_detach(&b);
}

static char *tsq(const char *text)
{
	pd_query *q = pd_query_parse(text, NULL);
	assert_non_null(q);
	pd_buf b;
	pd_buf_init(&b, 0);
	pg_tsquery(&b, q);
	pd_query_free(q);
	return pd_buf_detach(&b);
}

/* The literals say what the FTS5 index and query say, and PostgreSQL
 * reads them back unchanged. */
static void test_literals(void **state)
{
	fx *f = *state;
	char *v = tsv("第四使馆区 Café", false);
	assert_string_equal(v, "'第四':1 '四使':2 '使馆':3 '馆区':4 '区':4 'cafe':5");
	free(v);
	v = tsv("It’s O'Neil", true); /* an apostrophe inside a word is dropped */
	assert_string_equal(v, "'its':1A 'oneil':2A");
	free(v);
	v = tsq("\"使馆 embassy\" OR 馆");
	assert_string_equal(v, "( ( '使馆' <-> 'embassy' ) | ( '馆':* ) )");
	free(v);
	v = tsq("trade -(tariffs OR tell) \"o'neil\"");
	assert_string_equal(v, "( ( 'trade' ) & ( 'oneil' ) & !( ( 'tariffs' ) | ( 'tell' ) ) )");
	free(v);
	/* what PostgreSQL makes of them (it sorts lexemes by length, then bytes) */
	char *back = raw(f, "SELECT '''第四'':1 ''四使'':2 ''区'':2A'::tsvector::text"
			 " || ' ' || ('''四使'':2 ''区'':2A'::tsvector @@"
			 " '( ''四'':* <-> ''区'':* )'::tsquery)");
	assert_string_equal(back, "'区':2A '四使':2 '第四':1 false");
	free(back);

	/* a long turn: positions stop at PostgreSQL's 16383, and the literal
	 * stays under its 1 MB (the put succeeds, the start is found) */
	pd_buf big;
	pd_buf_init(&big, 0);
	for (int i = 0; i < 200000; i++)
		pd_buf_printf(&big, "w%d ", i);
	pd_record *r = rec_en2();
	pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, big.data, big.len);
	put_ok(f->s, r, PD_PUT_ADDED);
	expect_hits(f->s, "w5", NULL, "en-2#3");
	expect_hits(f->s, "\"w5 w6\"", NULL, "en-2#3");
	pd_record_free(r);
	pd_buf_release(&big);
}

/* The server drops the connection (a restart, an admin): the next call
 * reconnects; inside a transaction the loss is reported, not hidden. */
static void test_reconnect(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_all(f->s);
	kill_connections(f);
	expect_hits(f->s, "radio", NULL, "en-2#0");
	kill_connections(f);
	pd_record *r = NULL;
	assert_int_equal(pd_store_get(f->s, "zh-1", &r, &err), 0);
	pd_record_free(r);

	assert_int_equal(pd_store_begin(f->s, &err), 0);
	r = rec_en1();
	pd_record_set(&r->title, "changed in a transaction");
	put_ok(f->s, r, PD_PUT_UPDATED);
	kill_connections(f);
	assert_int_equal(pd_store_put(f->s, r, NULL, NULL, NULL, &err), PD_EUNAVAIL);
	assert_int_equal(pd_store_search(f->s, &(pd_search_req){ .query = "radio" },
					 &(pd_search_result){ 0 }, &err), PD_EUNAVAIL);
	assert_int_equal(pd_store_commit(f->s, &err), PD_EUNAVAIL);
	/* the transaction is gone, the handle works again */
	expect_hits(f->s, "changed", NULL, "");
	put_ok(f->s, r, PD_PUT_UPDATED);
	expect_hits(f->s, "changed", NULL, "en-1#0");
	pd_record_free(r);

	/* a rollback after the loss is fine too */
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	kill_connections(f);
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	expect_hits(f->s, "changed", NULL, "en-1#0");
}

typedef struct writer {
	const char *uri;
	pd_put_result result;
	int rc;
	volatile int done;
} writer;

static void *write_en1(void *arg)
{
	writer *w = arg;
	pd_store *s;
	pd_err err = {0};
	w->rc = pd_store_open(w->uri, 0, &s, &err);
	if (w->rc == 0) {
		pd_record *r = rec_en1();
		w->rc = pd_store_put(s, r, "b", NULL, &w->result, &err);
		pd_record_free(r);
		pd_store_close(s);
	}
	w->done = 1;
	return NULL;
}

/* Two writers of one new record: the second waits for the first's commit
 * and then finds the record there, instead of inserting it twice. */
static void test_writers_serialize(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	pd_record *r = rec_en1();
	put_ok(f->s, r, PD_PUT_ADDED);
	writer w = { .uri = pd_buf_cstr(&f->uri) };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, write_en1, &w), 0);
	usleep(300 * 1000);
	assert_false(w.done); /* waiting on the record's lock */
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	pthread_join(th, NULL);
	assert_int_equal(w.rc, 0);
	assert_int_equal(w.result, PD_PUT_UNCHANGED);
	pd_stats st;
	assert_int_equal(pd_store_stats(f->s, &st, &err), 0);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.revisions, 0);
	pd_stats_release(&st);
	pd_record_free(r);
}

/* The index remembers which tokenizer wrote it: under another one's
 * fingerprint a read-only handle leaves it as it is, a writable open
 * writes every tsvector again. */
static void test_tokenizer_fingerprint(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_all(f->s);
	char want[17];
	pd_hash64_hex(pd_tokenizer_fingerprint(), want);
	char *have = raw(f, "SELECT value FROM meta WHERE key = 'tokenizer'");
	assert_string_equal(have, want);
	free(have);

	pd_store_close(f->s);
	f->s = NULL;
	free(raw(f, "UPDATE turns SET tsv = ''::tsvector;"
		 " UPDATE meta SET value = '0123456789abcdef' WHERE key = 'tokenizer'"));
	pd_store *ro;
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), PD_STORE_READONLY, &ro, &err), 0);
	expect_hits(ro, "radio", NULL, "");
	pd_store_close(ro);
	assert_int_equal(pd_store_open(pd_buf_cstr(&f->uri), 0, &f->s, &err), 0);
	expect_hits(f->s, "radio", NULL, "en-2#0");
	expect_hits(f->s, "使館", NULL, "zh-1#2");
	/* the title keeps its weight: it still ranks first */
	pd_search_result r;
	search(f->s, "interview", NULL, &r);
	assert_int_equal(r.hits[0].turn, 0);
	pd_search_result_release(&r);
	have = raw(f, "SELECT value FROM meta WHERE key = 'tokenizer'");
	assert_string_equal(have, want);
	free(have);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_literals),
		T(test_reconnect),
		T(test_writers_serialize),
		T(test_tokenizer_fingerprint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
