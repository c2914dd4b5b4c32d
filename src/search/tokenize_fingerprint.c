/* tokenize_fingerprint.c: pd_tokenizer_fingerprint (see tokenize.h).
 *
 * In a file of its own so that the loadable FTS5 extension, which compiles
 * tokenize.c and cjk_fold.c but not base/hash.c, does not need it.
 */
#include <string.h>
#include <utf8proc.h>

#include "base/hash.h"
#include "base/limits.h"
#include "search/cjk_fold.h"
#include "search/tokenize.h"

uint64_t pd_tokenizer_fingerprint(void)
{
	uint64_t h = PD_HASH64_INIT;
	const uint32_t parts[] = { PD_TOKENIZER_RULES, PD_MAX_TOKEN_BYTES };
	h = pd_hash64(h, parts, sizeof parts);
	const char *unicode = utf8proc_unicode_version();
	h = pd_hash64(h, unicode, strlen(unicode) + 1);
	size_t n;
	const uint32_t *pairs = pd_cjk_fold_pairs(&n);
	return pd_hash64(h, pairs, n * 2 * sizeof *pairs);
}
