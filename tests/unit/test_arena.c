/* test_arena.c: the bump allocator (base/arena.c). Reserve and commit are
 * inline, their room kept as a pointer and a count: against a model that
 * counts each block's bytes itself, every reserve must land right after the
 * last commit while the block has room for it (to the last byte) and in a
 * new block otherwise, a reserve not committed must be handed out again,
 * and every piece must keep its bytes to the end (no two overlap), for
 * sizes from 0 past a block's 64 KiB; alloc's pieces are aligned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

#define BLOCK 65536 /* arena.c's ARENA_BLOCK */

typedef struct piece {
	char *p;
	size_t n;
	unsigned char fill;
} piece;

static uint32_t next_rand(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

static void test_reserve_commit(void **state)
{
	(void)state;
	/* sizes around the block's edges: the room left, one more, one less */
	static piece pieces[4000];
	uint32_t x = 7;
	for (int round = 0; round < 20; round++) {
		pd_arena a;
		pd_arena_init(&a);
		size_t np = 0, left = 0; /* the model: bytes left in the block */
		char *expect = NULL;     /* where the next reserve lands, if it fits */
		while (np < sizeof pieces / sizeof *pieces) {
			uint32_t r = next_rand(&x);
			size_t n;
			switch (r % 8) {
			case 0: n = left; break;
			case 1: n = left + 1; break;
			case 2: n = left ? left - 1 : 0; break;
			case 3: n = BLOCK + r % 100; break;
			case 4: n = 0; break;
			default: n = 1 + r % 3000; break;
			}
			char *p = pd_arena_reserve(&a, n);
			bool fits = expect && n <= left;
			if (fits) {
				assert_ptr_equal(p, expect);
			} else {
				assert_ptr_not_equal(p, expect);
				left = n > BLOCK ? n : BLOCK;
			}
			assert_ptr_equal(pd_arena_reserve(&a, n), p); /* not committed: the same place */
			size_t k = n ? next_rand(&x) % (n + 1) : 0;
			unsigned char fill = (unsigned char)(np * 31 + 1);
			memset(p, fill, k);
			pd_arena_commit(&a, k);
			pieces[np++] = (piece){ p, k, fill };
			left -= k;
			expect = p + k;
		}
		for (size_t i = 0; i < np; i++)
			for (size_t k = 0; k < pieces[i].n; k++)
				assert_int_equal((unsigned char)pieces[i].p[k], pieces[i].fill);
		pd_arena_release(&a);
		assert_null(a.head);
	}
}

static void test_alloc_aligned(void **state)
{
	(void)state;
	pd_arena a;
	pd_arena_init(&a);
	char *last = NULL;
	for (size_t n = 1; n < 3000; n += 7) {
		char *p = pd_arena_reserve(&a, 1); /* an odd offset before it */
		pd_arena_commit(&a, 1);
		char *q = pd_arena_alloc(&a, n);
		assert_int_equal((uintptr_t)q % alignof(max_align_t), 0);
		assert_true(q > p || q + n <= p);
		memset(q, 0x5A, n);
		last = q;
	}
	assert_non_null(last);
	pd_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserve_commit),
		cmocka_unit_test(test_alloc_aligned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
