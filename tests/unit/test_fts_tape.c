/* test_fts_tape.c: texts cut ahead into the `cjk` tokenizer's tokens and
 * replayed to FTS5 (fts_tape.c).
 *
 * A tape replays exactly what the tokenizer gives for its text (every
 * token's bytes, place and flag, for English, folded CJK runs, long
 * words, odd bytes); it is used only for that very text, in the queue's
 * order; a store whose puts bring their tapes writes the same index as
 * one whose puts bring none, and the tapes' memory is all given back.
 */
#include "store_fixtures.h"

#include <sqlite3.h>

#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

typedef pd_tmp_store fx;

static const char *const texts[] = {
	"The Prime Minister said: \"We'll see\" -- in 2024, not 1999.",
	"UPPER lower MiXeD café naïve ÉCOLE İstanbul straße",
	"外交部发言人例行记者会",
	"外交部發言人例行記者會，問：臺灣？答：是。",
	"mixed 中文 and English 與繁體 text 123abc",
	"a",
	"😀 emoji ☃ and symbols ∑ ≠ \x01\x02 control",
	("wordwordwordwordwordwordwordwordwordwordwordwordwordwordwordwordwordwordword"
	 "wordwordwordwordwordwordwordwordwordwordwordwordwordwordwordwordwordword"),
	"\xff\xfe invalid \xc3 bytes \xe4\xb8 cut",
};
#define NTEXTS (sizeof texts / sizeof *texts)

/* Tokens as text: flag, bytes, start, end, one per line. */
static int collect(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	pd_buf *out = ctx;
	pd_buf_printf(out, "%d %.*s %d %d\n", flags, n, tok, start, end);
	return SQLITE_OK;
}

static void cut_directly(const char *text, pd_buf *out)
{
	pd_tokenizer tz;
	pd_token tok;
	pd_tokenizer_init(&tz, text, strlen(text), PD_TOK_DOCUMENT);
	while (pd_tokenizer_next(&tz, &tok))
		collect(out, tok.colocated ? FTS5_TOKEN_COLOCATED : 0, tok.text, (int)tok.len,
			(int)tok.start, (int)tok.end);
	pd_tokenizer_release(&tz);
}

static void queue_of(sq_tape_queue *q, const char *const *v, size_t n)
{
	pd_buf tape;
	pd_buf_init(&tape, 0);
	for (size_t i = 0; i < n; i++)
		sq_tape_add(&tape, v[i], strlen(v[i]));
	memset(q, 0, sizeof *q);
	sq_tape_queue_push(q, &tape);
	pd_buf_release(&tape);
}

/* Replays the queue's next entry for text into out; its result. */
static int replay(sq_tape_queue *q, const char *text, pd_buf *out)
{
	int rc = -1;
	int r = sq_tape_replay(q, text, strlen(text), collect, out, &rc);
	if (r)
		assert_int_equal(rc, SQLITE_OK);
	return r;
}

static void test_replay_is_the_tokenizer(void **state)
{
	(void)state;
	sq_tape_queue q;
	queue_of(&q, texts, NTEXTS);
	pd_buf want, got;
	pd_buf_init(&want, 0);
	pd_buf_init(&got, 0);
	for (size_t i = 0; i < NTEXTS; i++) {
		pd_buf_reset(&want);
		pd_buf_reset(&got);
		cut_directly(texts[i], &want);
		assert_int_equal(replay(&q, texts[i], &got), 1);
		assert_true(want.len > 0);
		assert_string_equal(pd_buf_cstr(&got), pd_buf_cstr(&want));
	}
	assert_int_equal(q.pos, q.data.len); /* every entry taken */
	assert_int_equal(q.replayed, NTEXTS);
	pd_buf_release(&want);
	pd_buf_release(&got);
	sq_tape_queue_release(&q);
}

/* Only the queue's next text is replayed, and only that text: another
 * one, of the same length or a prefix, is left to the tokenizer and the
 * entry stays for its own text. */
static void test_only_that_text(void **state)
{
	(void)state;
	const char *v[] = { "first text here", "second one", "third" };
	sq_tape_queue q;
	queue_of(&q, v, 3);
	pd_buf got;
	pd_buf_init(&got, 0);
	assert_int_equal(replay(&q, "second one", &got), 0); /* not next */
	assert_int_equal(replay(&q, "first text herE", &got), 0); /* one byte */
	assert_int_equal(replay(&q, "first text", &got), 0);       /* a prefix */
	assert_int_equal(replay(&q, "", &got), 0);
	assert_int_equal(got.len, 0);
	assert_int_equal(q.pos, 0);
	assert_int_equal(replay(&q, "first text here", &got), 1);
	assert_int_equal(replay(&q, "second one", &got), 1);
	assert_int_equal(replay(&q, "third", &got), 1);
	assert_int_equal(replay(&q, "third", &got), 0); /* the queue is empty */
	pd_buf_release(&got);
	sq_tape_queue_release(&q);
	/* an empty text makes no entry */
	pd_buf tape;
	pd_buf_init(&tape, 0);
	sq_tape_add(&tape, "", 0);
	assert_int_equal(tape.len, 0);
	pd_buf_release(&tape);
}

static int stop_after_two(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	(void)flags, (void)tok, (void)n, (void)start, (void)end;
	int *calls = ctx;
	return ++*calls == 2 ? SQLITE_NOMEM : SQLITE_OK;
}

/* FTS5's callback failing stops the replay with its code. */
static void test_callback_error_stops(void **state)
{
	(void)state;
	const char *v[] = { "one two three four", "five" };
	sq_tape_queue q;
	queue_of(&q, v, 2);
	int calls = 0, rc = SQLITE_OK;
	assert_int_equal(sq_tape_replay(&q, v[0], strlen(v[0]), stop_after_two, &calls, &rc), 1);
	assert_int_equal(rc, SQLITE_NOMEM);
	assert_int_equal(calls, 2);
	sq_tape_queue_release(&q);
}

/* A record with every text of the list in its turns (and the title). */
static pd_record *record_of(int k)
{
	pd_record *r = pd_record_new();
	char id[32];
	snprintf(id, sizeof id, "tape-%d", k);
	pd_record_set(&r->id, id);
	pd_record_set(&r->title, texts[k % NTEXTS]);
	pd_record_set(&r->date, "2024-01-02");
	pd_record_set(&r->language, "en");
	pd_record_add_participant(r, "PM", PD_PART_HOST);
	for (size_t i = 0; i < NTEXTS; i++) {
		const char *t = texts[(i + (size_t)k) % NTEXTS];
		pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, t, strlen(t));
	}
	pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, "", 0); /* an empty turn */
	return r;
}

static sq_store *sq(pd_store *s)
{
	return (sq_store *)s;
}

/* Puts records 0..n-1 in batches of 3, with their preps (tapes) or not;
 * the second round replaces a few (their old turns leave the index
 * through the delete trigger, which cuts the old text itself). */
static void load(pd_store *s, int n, bool prepared)
{
	pd_err err = {0};
	assert_int_equal(pd_store_begin(s, &err), 0);
	for (int round = 0; round < 2; round++) {
		for (int k = round ? 1 : 0; k < n; k += round ? 4 : 1) {
			pd_record *r = record_of(k);
			if (round) /* changed: updated, not unchanged */
				pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, "changed", 7);
			pd_put_prep prep;
			pd_store_put_prepare(s, r, &prep);
			pd_put_result res;
			assert_int_equal(pd_store_put_prepared(s, r, prepared ? &prep : NULL,
							       "test", NULL, &res, &err), 0);
			assert_int_equal(res, round ? PD_PUT_UPDATED : PD_PUT_ADDED);
			pd_put_prep_release(&prep);
			pd_record_free(r);
			if (k % 3 == 2) {
				assert_int_equal(pd_store_commit(s, &err), 0);
				assert_int_equal(pd_store_begin(s, &err), 0);
			}
		}
	}
	assert_int_equal(pd_store_commit(s, &err), 0);
	assert_int_equal(atomic_load(&sq(s)->tape_bytes), 0); /* all given back */
}

static void dump_index(pd_store *s, pd_buf *out)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(s)->db,
					    "SELECT id, hex(block) FROM turns_fts_data UNION ALL"
					    " SELECT segid, quote(term) || ' ' || pgno FROM turns_fts_idx"
					    " ORDER BY 1, 2", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		pd_buf_printf(out, "%lld %s\n", (long long)sqlite3_column_int64(st, 0),
			      (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

static void test_store_index_the_same(void **state)
{
	fx *f = *state;
	char other[128];
	snprintf(other, sizeof other, "%s/plain.db", f->dir);
	pd_store *plain;
	pd_err err = {0};
	assert_int_equal(pd_store_open(other, 0, &plain, &err), 0);
	load(plain, 12, false);
	assert_int_equal(sq(plain)->tapes.replayed, 0);
	load(f->s, 12, true);
	/* the title and the non-empty turns of every put record, the updates'
	 * too, less the texts FTS5 never asked for */
	assert_true(sq(f->s)->tapes.replayed >= 12 * NTEXTS);
	pd_buf a, b;
	pd_buf_init(&a, 0);
	pd_buf_init(&b, 0);
	dump_index(plain, &a);
	dump_index(f->s, &b);
	assert_true(a.len > 1000);
	assert_string_equal(pd_buf_cstr(&b), pd_buf_cstr(&a));
	pd_buf_release(&a);
	pd_buf_release(&b);
	pd_store_close(plain);
}

/* The budget: preps past it carry no tape; what was made is given back
 * when the preps are released or their tapes indexed, or the batch rolled
 * back. */
static void test_budget(void **state)
{
	fx *f = *state;
	pd_record *big = pd_record_new();
	pd_record_set(&big->id, "big");
	pd_record_set(&big->date, "2024-01-02");
	pd_record_set(&big->language, "en");
	pd_buf text;
	pd_buf_init(&text, 0);
	while (text.len < ((size_t)1 << 20))
		pd_buf_puts(&text, "plenty of words in a long statement ");
	pd_record_add_turn(big, NULL, PD_TURN_STATEMENT, text.data, text.len);
	pd_buf_release(&text);
	size_t n = SQ_TAPE_BUDGET / ((size_t)1 << 20) + 4;
	pd_put_prep *preps = calloc(n, sizeof *preps);
	size_t with = 0;
	for (size_t i = 0; i < n; i++) {
		pd_store_put_prepare(f->s, big, &preps[i]);
		with += preps[i].tokens.len > 0;
	}
	assert_true(with >= 2 && with < n); /* the budget stopped it */
	assert_true(atomic_load(&sq(f->s)->tape_bytes) >= SQ_TAPE_BUDGET);
	/* one put with its tape, then rolled back */
	pd_err err = {0};
	pd_put_result res;
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	assert_int_equal(pd_store_put_prepared(f->s, big, &preps[0], "test", NULL, &res, &err), 0);
	assert_true(sq(f->s)->tapes.data.len > 0);
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	assert_int_equal(sq(f->s)->tapes.data.len, 0);
	for (size_t i = 0; i < n; i++)
		pd_put_prep_release(&preps[i]);
	assert_int_equal(atomic_load(&sq(f->s)->tape_bytes), 0);
	/* under the budget again: a prep carries its tape */
	pd_put_prep again;
	pd_store_put_prepare(f->s, big, &again);
	assert_true(again.tokens.len > 0);
	pd_put_prep_release(&again);
	assert_int_equal(atomic_load(&sq(f->s)->tape_bytes), 0);
	free(preps);
	pd_record_free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_is_the_tokenizer),
		cmocka_unit_test(test_only_that_text),
		cmocka_unit_test(test_callback_error_stops),
		cmocka_unit_test_setup_teardown(test_store_index_the_same, tmp_store_setup,
						tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_budget, tmp_store_setup, tmp_store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
