/* cjk_fold.h: the one place where CJK characters are folded for search.
 *
 * The tokenizer passes every CJK character of documents and queries through
 * pd_cjk_fold before making bigrams, so two spellings that fold to the same
 * character find each other. Today it is the identity; a later change maps
 * Traditional and Simplified Chinese to one form here. It must stay a
 * per-character mapping (one code point in, one out) so that token offsets
 * into the original text stay right.
 */
#ifndef PD_SEARCH_CJK_FOLD_H
#define PD_SEARCH_CJK_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint32_t pd_cjk_fold(uint32_t cp);
/* pd_cjk_fold(cp) != cp, without the table's search for the characters of
 * the BMP (language detection asks it of every CJK character it reads:
 * the search was a sixth of the parser's time on Chinese documents). */
bool pd_cjk_folds(uint32_t cp);

/* The fold table itself, for fingerprinting (tokenize.h): *npairs pairs of
 * (from, to) code points, sorted by `from`. */
const uint32_t *pd_cjk_fold_pairs(size_t *npairs);

#endif
