/* fuzz_tokenize.c: the search tokenizer (tokenize.c) in both modes.
 * Tokens come in order, inside the text, non-empty, valid UTF-8, no longer
 * than their fold allows; a colocated token never comes first. */
#include "fuzz.h"

#include <string.h>

#include "base/limits.h"
#include "base/utf8.h"
#include "search/tokenize.h"

static void walk(const char *s, size_t n, pd_tok_mode mode)
{
	pd_tokenizer t;
	pd_token tok;
	size_t last_start = 0, count = 0;

	pd_tokenizer_init(&t, s, n, mode);
	while (pd_tokenizer_next(&t, &tok)) {
		pd_fuzz_check(tok.len > 0 && strlen(tok.text) == tok.len, "token text has its length");
		pd_fuzz_check(pd_utf8_valid(tok.text, tok.len), "token is UTF-8");
		pd_fuzz_check(tok.start < tok.end && tok.end <= n, "token offsets inside the text");
		pd_fuzz_check(tok.start >= last_start, "tokens in order");
		pd_fuzz_check(!tok.colocated || count > 0, "colocated token is not first");
		pd_fuzz_check(mode == PD_TOK_DOCUMENT || !tok.colocated, "queries have no colocated tokens");
		/* NFKC may grow a character a few times (U+FDFA is 18 code points). */
		pd_fuzz_check(tok.len <= 18 * 4 * PD_MAX_TOKEN_BYTES, "token bounded");
		last_start = tok.start;
		count++;
	}
	pd_tokenizer_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024 * 1024)
		return 0;
	walk((const char *)data, size, PD_TOK_DOCUMENT);
	walk((const char *)data, size, PD_TOK_QUERY);
	return 0;
}
