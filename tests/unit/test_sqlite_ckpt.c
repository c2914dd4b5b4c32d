/* test_sqlite_ckpt.c: a bulk handle's WAL checkpoints on a thread of their
 * own (sqlite_ckpt.c).
 *
 * Batches that leave the WAL over SQLite's 1,000 pages wake the thread,
 * whose checkpoints copy pages (a connection that had not read the file
 * yet once "checkpointed" nothing: -1 frames); the database is whole
 * after it and after a reopen; past the restart bound the writer copies
 * what is left and the WAL file starts again (without it, the thread
 * never catching up before the next batch began, the WAL grew to the size
 * of everything written); PODIUM_CHECKPOINT_THREAD=0 leaves the
 * checkpoints to SQLite; a handle that is not a bulk one gets no thread.
 */
#include "store_fixtures.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite/sqlite_int.h"

typedef pd_tmp_store fx;

static sq_store *sq(pd_store *s)
{
	return (sq_store *)s;
}

static pd_store *open_bulk(fx *f)
{
	pd_store_close(f->s);
	f->s = NULL;
	pd_store *s;
	pd_err err = {0};
	if (pd_store_open(f->path, PD_STORE_BULK, &s, &err) != 0)
		fail_msg("open: %s", err.msg);
	return s;
}

/* Records of ~60 KB of text each, words varied so the index grows too. */
static void put_batch(pd_store *s, int batch, int n)
{
	pd_err err = {0};
	pd_buf text;
	pd_buf_init(&text, 0);
	assert_int_equal(pd_store_begin(s, &err), 0);
	for (int i = 0; i < n; i++) {
		pd_record *r = pd_record_new();
		char id[32];
		snprintf(id, sizeof id, "ck-%d-%d", batch, i);
		pd_record_set(&r->id, id);
		pd_record_set(&r->date, "2024-01-02");
		pd_record_set(&r->language, "en");
		pd_buf_reset(&text);
		for (unsigned w = 0; text.len < 60000; w++)
			pd_buf_printf(&text, "w%u%d ", (w * 7919u + (unsigned)i) % 5000u, batch);
		pd_record_add_turn(r, NULL, PD_TURN_STATEMENT, text.data, text.len);
		put_ok(s, r, PD_PUT_ADDED);
		pd_record_free(r);
	}
	assert_int_equal(pd_store_commit(s, &err), 0);
	pd_buf_release(&text);
}

/* Waits up to 20 s (memcheck is slow) for the thread to have copied. */
static size_t copied_soon(pd_store *s)
{
	for (int i = 0; i < 2000 && sq_ckpt_copied(sq(s), NULL) == 0; i++)
		usleep(10000);
	return sq_ckpt_copied(sq(s), NULL);
}

static long long count_of(pd_store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(s)->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void check_whole(fx *f, long long records)
{
	pd_store *s;
	pd_err err = {0};
	assert_int_equal(pd_store_open(f->path, 0, &s, &err), 0);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(s)->db, "PRAGMA integrity_check", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	assert_int_equal(count_of(s, "SELECT count(*) FROM records"), records);
	/* w10: word 1 of batch 0, in every one of its records */
	assert_int_equal(count_of(s, "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH"
				     " 'w10'"), 40);
	pd_store_close(s);
}

static void test_thread_checkpoints(void **state)
{
	fx *f = *state;
	pd_store *s = open_bulk(f);
	assert_non_null(sq(s)->ckpt);
	for (int b = 0; b < 3; b++)
		put_batch(s, b, 40); /* ~2.4 MB of text a batch: over 1,000 pages */
	assert_true(copied_soon(s) > 0);
	pd_store_close(s);
	check_whole(f, 120);
}

static off_t wal_size(fx *f)
{
	char wal[128];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	struct stat st;
	return stat(wal, &st) == 0 ? st.st_size : 0;
}

/* With the bound at 1,500 pages (6 MB), ten batches of ~2.4 MB of text
 * (each a few MB of pages) keep the WAL file near the bound. */
static void test_wal_bounded(void **state)
{
	fx *f = *state;
	setenv("PODIUM_WAL_RESTART_PAGES", "1500", 1);
	pd_store *s = open_bulk(f);
	unsetenv("PODIUM_WAL_RESTART_PAGES");
	for (int b = 0; b < 10; b++)
		put_batch(s, b, 40);
	size_t restarts = 0;
	sq_ckpt_copied(sq(s), &restarts);
	assert_true(restarts >= 2);
	off_t bound = (off_t)(1500 + 2500) * 4120; /* the bound and a batch, in frames */
	assert_true(wal_size(f) < bound);
	pd_store_close(s);
	check_whole(f, 400);
}

static void test_thread_off(void **state)
{
	fx *f = *state;
	setenv("PODIUM_CHECKPOINT_THREAD", "0", 1);
	pd_store *s = open_bulk(f);
	unsetenv("PODIUM_CHECKPOINT_THREAD");
	assert_null(sq(s)->ckpt);
	put_batch(s, 0, 40);
	assert_int_equal(sq_ckpt_copied(sq(s), NULL), 0);
	pd_store_close(s);
	check_whole(f, 40);
}

static void test_plain_handle_has_none(void **state)
{
	fx *f = *state;
	assert_null(sq(f->s)->ckpt);
	put_batch(f->s, 0, 2);
	assert_int_equal(sq_ckpt_copied(sq(f->s), NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_thread_checkpoints, tmp_store_setup,
						tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_wal_bounded, tmp_store_setup,
						tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_thread_off, tmp_store_setup,
						tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_plain_handle_has_none, tmp_store_setup,
						tmp_store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
