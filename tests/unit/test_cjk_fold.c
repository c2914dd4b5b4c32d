/* test_cjk_fold.c: Traditional -> Simplified folding for search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "search/cjk_fold.h"

static void test_traditional_folds_to_simplified(void **state)
{
	(void)state;
	assert_int_equal(pd_cjk_fold(0x8A18), 0x8BB0); /* 記 -> 记 */
	assert_int_equal(pd_cjk_fold(0x6703), 0x4F1A); /* 會 -> 会 */
	assert_int_equal(pd_cjk_fold(0x81FA), 0x53F0); /* 臺 -> 台 */
	assert_int_equal(pd_cjk_fold(0x9928), 0x9986); /* 館 -> 馆 */
	assert_int_equal(pd_cjk_fold(0x570B), 0x56FD); /* 國 -> 国 */
}

static void test_other_characters_unchanged(void **state)
{
	(void)state;
	assert_int_equal(pd_cjk_fold(0x4F7F), 0x4F7F); /* 使 */
	assert_int_equal(pd_cjk_fold(0x8BB0), 0x8BB0); /* 记 already simplified */
	assert_int_equal(pd_cjk_fold('A'), 'A');
	assert_int_equal(pd_cjk_fold(0x3042), 0x3042); /* あ */
	assert_int_equal(pd_cjk_fold(0x10FFFF), 0x10FFFF);
}

static void test_fold_is_idempotent(void **state)
{
	(void)state;
	/* folding twice never changes the result: the index and the query
	 * meet in one form */
	for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++)
		assert_int_equal(pd_cjk_fold(pd_cjk_fold(cp)), pd_cjk_fold(cp));
}

/* Every pair of the table answers through the BMP key bitmap in front of
 * the binary search, above the BMP too; nothing else changes. */
static void test_every_pair_and_nothing_else(void **state)
{
	(void)state;
	size_t n;
	const uint32_t *pairs = pd_cjk_fold_pairs(&n);
	assert_true(n > 1000);
	size_t k = 0, keys = 0;
	for (uint32_t cp = 0; cp < 0x30000; cp++) {
		if (k < n && pairs[2 * k] == cp) {
			assert_int_equal(pd_cjk_fold(cp), pairs[2 * k + 1]);
			keys += cp >= 0x10000;
			k++;
		} else {
			assert_int_equal(pd_cjk_fold(cp), cp);
		}
	}
	assert_int_equal(k, n); /* the walk met every pair, in order */
	/* pd_cjk_folds answers as the fold, its map's bits with it */
	for (uint32_t cp = 0; cp < 0x30000; cp++)
		if (pd_cjk_folds(cp) != (pd_cjk_fold(cp) != cp))
			fail_msg("U+%04X: folds %d, fold U+%04X", (unsigned)cp, pd_cjk_folds(cp),
				 (unsigned)pd_cjk_fold(cp));
	assert_true(keys > 0);   /* and some keys outside the BMP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_traditional_folds_to_simplified),
		cmocka_unit_test(test_other_characters_unchanged),
		cmocka_unit_test(test_fold_is_idempotent),
		cmocka_unit_test(test_every_pair_and_nothing_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
