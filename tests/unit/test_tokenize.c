/* test_tokenize.c: the search tokenizer (search/tokenize.h).
 *
 * Each case renders the token stream as "text@start-end" items (a leading
 * '+' marks a colocated token) and compares it with the expected stream, so
 * both the folded forms and the byte offsets are checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "search/tokenize.h"

static char *render(const char *s, size_t n, pd_tok_mode mode)
{
	pd_buf out;
	pd_buf_init(&out, 0);
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, s, n, mode);
	while (pd_tokenizer_next(&t, &tok)) {
		assert_true(tok.start < tok.end);
		assert_true(tok.end <= n);
		assert_int_equal(strlen(tok.text), tok.len);
		pd_buf_printf(&out, "%s%s%s@%zu-%zu", out.len ? " " : "",
			      tok.colocated ? "+" : "", tok.text, tok.start, tok.end);
	}
	pd_tokenizer_release(&t);
	return pd_buf_detach(&out);
}

static void check(const char *s, pd_tok_mode mode, const char *want)
{
	char *got = render(s, strlen(s), mode);
	assert_string_equal(got, want);
	free(got);
}

static void test_latin_folding(void **state)
{
	check("Café", PD_TOK_DOCUMENT, "cafe@0-5");
	check("ＡＢＣ", PD_TOK_DOCUMENT, "abc@0-9");
	check("Straße naïve ÉLYSÉE", PD_TOK_DOCUMENT,
	      "strasse@0-7 naive@8-14 elysee@15-23");
	/* decomposed é (e + U+0301) folds like the composed one */
	check("Cafe\xcc\x81!", PD_TOK_DOCUMENT, "cafe@0-6");
	check("ﬁnance Ⅻ", PD_TOK_DOCUMENT, "finance@0-8 xii@9-12");
	check("COVID-19, 2020.", PD_TOK_DOCUMENT, "covid@0-5 19@6-8 2020@10-14");
}

static void test_apostrophes(void **state)
{
	check("don't", PD_TOK_DOCUMENT, "dont@0-5");
	check("Don\xe2\x80\x99t", PD_TOK_DOCUMENT, "dont@0-7");
	/* quotes around words are not apostrophes inside them */
	check("'quoted' rock'", PD_TOK_DOCUMENT, "quoted@1-7 rock@9-13");
	check("a''b", PD_TOK_DOCUMENT, "a@0-1 b@3-4");
}

/* ASCII runs are taken whole and lower-cased as they are copied; the
 * letters around them go through utf8proc: the word folds as one. */
static void test_ascii_runs_inside_words(void **state)
{
	check("ABCé ÉCOLE x9Z", PD_TOK_DOCUMENT, "abce@0-5 ecole@6-12 x9z@13-16");
	check("McDONALD\xe2\x80\x99S l'été Aé'B", PD_TOK_DOCUMENT,
	      "mcdonalds@0-12 lete@13-20 aeb@21-26");
	check("@[`{Zz", PD_TOK_DOCUMENT, "zz@4-6"); /* the bytes beside A-Z, a-z */
	check("Ab/9:0", PD_TOK_DOCUMENT, "ab@0-2 9@3-4 0@5-6");
}

/* A run meets the PD_MAX_TOKEN_BYTES bound part way: the bytes that fit
 * are kept, a letter too wide for what is left is skipped, and a later
 * ASCII letter still fills the last byte. */
static void test_ascii_run_at_the_bound(void **state)
{
	char s[PD_MAX_TOKEN_BYTES + 16];
	memset(s, 'Q', PD_MAX_TOKEN_BYTES - 1);
	strcpy(s + PD_MAX_TOKEN_BYTES - 1, "\xc3\xa9XY z");  /* é then XY */
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, s, strlen(s), PD_TOK_DOCUMENT);
	assert_true(pd_tokenizer_next(&t, &tok));
	assert_int_equal(tok.len, PD_MAX_TOKEN_BYTES);
	assert_int_equal(tok.text[0], 'q');
	assert_int_equal(tok.text[PD_MAX_TOKEN_BYTES - 2], 'q');
	assert_int_equal(tok.text[PD_MAX_TOKEN_BYTES - 1], 'x');
	assert_int_equal(tok.end, PD_MAX_TOKEN_BYTES - 1 + 4);
	assert_true(pd_tokenizer_next(&t, &tok));
	assert_string_equal(tok.text, "z");
	pd_tokenizer_release(&t);
}

static void test_cjk_document(void **state)
{
	/* 3 bytes per character */
	check("第四使馆区", PD_TOK_DOCUMENT,
	      "第四@0-6 四使@3-9 使馆@6-12 馆区@9-15 +区@12-15");
	check("馆", PD_TOK_DOCUMENT, "馆@0-3");
	check("使馆，北京", PD_TOK_DOCUMENT,
	      "使馆@0-6 +馆@3-6 北京@9-15 +京@12-15");
	/* each character folded once and reused as the next bigram's first:
	 * traditional and simplified side by side, a character repeated */
	check("會會记記者會", PD_TOK_DOCUMENT,
	      "会会@0-6 会记@3-9 记记@6-12 记者@9-15 者会@12-18 +会@15-18");
}

static void test_cjk_query(void **state)
{
	check("使馆", PD_TOK_QUERY, "使馆@0-6");
	check("第四使馆区", PD_TOK_QUERY, "第四@0-6 四使@3-9 使馆@6-12 馆区@9-15");
	check("馆", PD_TOK_QUERY, "馆@0-3");
	check("a馆b", PD_TOK_QUERY, "a@0-1 馆@1-4 b@4-5");
}

static void test_mixed(void **state)
{
	check("Le café 第四使馆区 embassy", PD_TOK_DOCUMENT,
	      "le@0-2 cafe@3-8 第四@9-15 四使@12-18 使馆@15-21 馆区@18-24 "
	      "+区@21-24 embassy@25-32");
	/* kana and Hangul are CJK runs too; a Latin letter ends a run */
	check("とうきょうTokyo서울", PD_TOK_QUERY,
	      "とう@0-6 うき@3-9 きょ@6-12 ょう@9-15 tokyo@15-20 서울@20-26");
}

static void test_invalid_utf8(void **state)
{
	/* stray continuation, truncated sequence, overlong, NUL: separators */
	const char s[] = "ab\x80" "cd\xe4\xbd" "ef\xc0\xaf" "gh\0ij\xff";
	char *got = render(s, sizeof s - 1, PD_TOK_DOCUMENT);
	assert_string_equal(got, "ab@0-2 cd@3-5 ef@7-9 gh@11-13 ij@14-16");
	free(got);
	/* a CJK character cut short at the end of the input */
	got = render("使\xe9\xa6", 5, PD_TOK_DOCUMENT);
	assert_string_equal(got, "使@0-3");
	free(got);
}

static void test_empty(void **state)
{
	check("", PD_TOK_DOCUMENT, "");
	check("  ,.!?\n\n", PD_TOK_QUERY, "");
	check("\xcc\x81\xcc\x81", PD_TOK_DOCUMENT, ""); /* marks alone fold to nothing */
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, NULL, 5, PD_TOK_DOCUMENT);
	assert_false(pd_tokenizer_next(&t, &tok));
	pd_tokenizer_release(&t);
}

static void test_huge_token(void **state)
{
	size_t n = 1u << 20;
	char *s = malloc(n + 4);
	memset(s, 'A', n);
	memcpy(s + n, " b", 3);
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, s, n + 2, PD_TOK_DOCUMENT);
	assert_true(pd_tokenizer_next(&t, &tok));
	assert_int_equal(tok.len, PD_MAX_TOKEN_BYTES);
	assert_int_equal(tok.start, 0);
	assert_int_equal(tok.end, n);
	assert_int_equal(tok.text[0], 'a');
	assert_true(pd_tokenizer_next(&t, &tok));
	assert_string_equal(tok.text, "b");
	assert_false(pd_tokenizer_next(&t, &tok));
	pd_tokenizer_release(&t);

	/* a huge word of 2-byte letters is cut on a character boundary */
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(s + i, "\xc3\xa9", 2); /* é */
	pd_tokenizer_init(&t, s, n, PD_TOK_DOCUMENT);
	assert_true(pd_tokenizer_next(&t, &tok));
	assert_int_equal(tok.len, PD_MAX_TOKEN_BYTES / 2); /* 'e' per é */
	assert_int_equal(tok.end, n);
	pd_tokenizer_release(&t);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latin_folding),
		cmocka_unit_test(test_apostrophes),
		cmocka_unit_test(test_ascii_runs_inside_words),
		cmocka_unit_test(test_ascii_run_at_the_bound),
		cmocka_unit_test(test_cjk_document),
		cmocka_unit_test(test_cjk_query),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_huge_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
