/* cjk_fold.c: CJK character folding for search (see cjk_fold.h).
 *
 * Traditional characters fold to their Simplified form, so 記者會 and 记者会
 * are the same words to the index and to queries. The table is generated at
 * build time from OpenCC's character dictionary (tools/gen_cjk_fold.c):
 * one code point to one code point, about 4,000 pairs, binary-searched
 * after a bitmap of the BMP's keys turns most characters away.
 */
#include "search/cjk_fold.h"

#include <stddef.h>

#include "cjk_fold_table.h"

uint32_t pd_cjk_fold(uint32_t cp)
{
	size_t lo = 0, hi = PD_CJK_T2S_PAIRS;
	if (cp < pd_cjk_t2s_table[0][0])
		return cp;
	if (cp < 0x10000 && !(pd_cjk_t2s_bmp_keys[cp / 64] >> (cp % 64) & 1))
		return cp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pd_cjk_t2s_table[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < PD_CJK_T2S_PAIRS && pd_cjk_t2s_table[lo][0] == cp) ? pd_cjk_t2s_table[lo][1] : cp;
}

bool pd_cjk_folds(uint32_t cp)
{
	/* the BMP's keys are marked in their map, and no pair maps a
	 * character to itself (test_cjk_fold checks both for every code
	 * point): a key folds, anything else does not */
	if (cp < 0x10000)
		return pd_cjk_t2s_bmp_keys[cp / 64] >> (cp % 64) & 1;
	return pd_cjk_fold(cp) != cp;
}

const uint32_t *pd_cjk_fold_pairs(size_t *npairs)
{
	*npairs = PD_CJK_T2S_PAIRS;
	return &pd_cjk_t2s_table[0][0];
}
