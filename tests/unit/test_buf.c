/* test_buf.c: base/buf.c's promises that the parser leans on for speed:
 * pd_buf_reserve makes the room it is asked for at once (the appends that
 * fill it then never move the data), keeps what the buffer holds and its
 * NUL, and refuses past the ceiling without a change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"

static void test_reserve_then_fill_does_not_move(void **state)
{
	(void)state;
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_buf_reserve(&b, 1000), 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(pd_buf_cstr(&b), "");
	const char *room = b.data;
	/* 1000 bytes in pieces of every size the doublings would cross */
	for (size_t added = 0, piece = 1; added < 1000; added += piece, piece = piece % 37 + 1) {
		if (added + piece > 1000)
			piece = 1000 - added;
		char bytes[37];
		memset(bytes, 'a' + (int)(added % 26), piece);
		assert_int_equal(pd_buf_add(&b, bytes, piece), 0);
		assert_ptr_equal(b.data, room);
	}
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	pd_buf_release(&b);
}

static void test_reserve_keeps_contents(void **state)
{
	(void)state;
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "abc");
	assert_int_equal(pd_buf_reserve(&b, 5000), 0);
	assert_string_equal(pd_buf_cstr(&b), "abc");
	assert_true(b.cap >= 3 + 5000 + 1);
	const char *room = b.data;
	/* a smaller reserve later changes nothing */
	assert_int_equal(pd_buf_reserve(&b, 10), 0);
	assert_ptr_equal(b.data, room);
	assert_string_equal(pd_buf_cstr(&b), "abc");
	pd_buf_release(&b);
}

static void test_reserve_past_ceiling(void **state)
{
	(void)state;
	pd_buf b;
	pd_buf_init(&b, 16);
	pd_buf_puts(&b, "0123456789");
	size_t cap = b.cap;
	assert_int_equal(pd_buf_reserve(&b, 7), -1);
	assert_int_equal(b.cap, cap);
	assert_string_equal(pd_buf_cstr(&b), "0123456789");
	assert_int_equal(pd_buf_reserve(&b, 6), 0);
	assert_int_equal(pd_buf_reserve(&b, SIZE_MAX), -1);
	pd_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserve_then_fill_does_not_move),
		cmocka_unit_test(test_reserve_keeps_contents),
		cmocka_unit_test(test_reserve_past_ceiling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
