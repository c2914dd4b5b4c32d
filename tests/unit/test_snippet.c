/* test_snippet.c: search snippets (search/snippet.h): highlights through the
 * tokenizer (words, phrases, CJK bigrams, single characters), the best
 * window, cuts on character and word boundaries, paragraph joining, and
 * hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "time_bound.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/utf8.h"
#include "search/snippet.h"

static void check(const char *text, const char *term, size_t chars, const char *want)
{
	char *terms[1] = { (char *)term };
	char *got = pd_snippet_make(text, strlen(text), terms, term ? 1 : 0, chars);
	if (strcmp(got, want) != 0)
		fail_msg("snippet of [%s] for [%s]:\n got [%s]\nwant [%s]", text,
			 term ? term : "", got, want);
	free(got);
}

static size_t count_marks(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\x02';
	return n;
}

/* Characters a reader sees: the \x02 \x03 marks do not count. */
static size_t visible_chars(const char *s)
{
	return pd_utf8_count(s, strlen(s)) - 2 * count_marks(s);
}

static void test_short_text(void **state)
{
	check("The embassy district will open.", "embassy", 0,
	      "The \x02" "embassy\x03 district will open.");
	check("Café au lait", "cafe", 0, "\x02" "Café\x03 au lait");
	check("EMBASSY, embassy; Embassy!", "embassy", 0,
	      "\x02" "EMBASSY\x03, \x02" "embassy\x03; \x02" "Embassy\x03!");
	check("no match here", "embassy", 0, "no match here");
	check("", "embassy", 0, "");
	/* paragraphs and runs of space become one space */
	check("First para.\n\nSecond  para.\r\n\tThird.", "second", 0,
	      "First para. \x02Second\x03 para. Third.");
	/* a phrase, also across a paragraph break */
	check("the embassy district and the embassy", "embassy district", 0,
	      "the \x02" "embassy district\x03 and the embassy");
	check("embassy\n\ndistrict", "embassy district", 0, "\x02" "embassy district\x03");
	/* a word inside another word is not a match */
	check("embassies and embassy", "embassy", 0, "embassies and \x02" "embassy\x03");
}

static void test_cjk(void **state)
{
	check("北京第四使馆区的建设进展顺利。", "使馆", 0,
	      "北京第四\x02使馆\x03区的建设进展顺利。");
	check("北京第四使馆区的建设进展顺利。", "使馆区", 0,
	      "北京第四\x02使馆区\x03的建设进展顺利。");
	check("北京第四使馆区的建设进展顺利。", "馆", 0,
	      "北京第四使\x02馆\x03区的建设进展顺利。");
	/* the last character of a run, and a lone character */
	check("进展顺利。", "利", 0, "进展顺\x02利\x03。");
	check("馆", "馆", 0, "\x02馆\x03");
	/* Traditional query, Simplified text (cjk_fold) */
	check("第四使馆区", "使館", 0, "第四\x02使馆\x03区");
	/* mixed */
	check("The 使馆 embassy", "使馆 embassy", 0, "The \x02使馆 embassy\x03");
}

static void test_window(void **state)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	for (int i = 0; i < 60; i++)
		pd_buf_printf(&b, "filler%02d ", i);
	pd_buf_puts(&b, "the embassy district ");
	for (int i = 60; i < 120; i++)
		pd_buf_printf(&b, "filler%02d ", i);
	char *terms[] = { "embassy" };
	char *got = pd_snippet_make(b.data, b.len, terms, 1, 80);
	/* cut at both ends, on word boundaries, around the match */
	assert_memory_equal(got, "\xe2\x80\xa6", 3);
	assert_string_equal(got + strlen(got) - 3, "\xe2\x80\xa6");
	assert_non_null(strstr(got, "\x02" "embassy\x03"));
	assert_memory_equal(got + 3, "filler", 6);
	size_t chars = visible_chars(got);
	assert_true(chars <= 80 + 2 + 2);
	assert_true(chars >= 60);
	free(got);

	/* the window goes where most matches are */
	pd_buf_reset(&b);
	pd_buf_puts(&b, "visa once. ");
	for (int i = 0; i < 80; i++)
		pd_buf_printf(&b, "filler%02d ", i);
	pd_buf_puts(&b, "visa visa visa ");
	for (int i = 0; i < 80; i++)
		pd_buf_printf(&b, "filler%02d ", i);
	char *visa[] = { "visa" };
	got = pd_snippet_make(b.data, b.len, visa, 1, 100);
	assert_int_equal(count_marks(got), 3);
	free(got);

	/* no match: the start of the text */
	got = pd_snippet_make(b.data, b.len, visa + 0, 0, 30);
	assert_int_equal(count_marks(got), 0);
	assert_memory_equal(got, "visa once.", 10);
	assert_string_equal(got + strlen(got) - 3, "\xe2\x80\xa6");
	free(got);
	pd_buf_release(&b);
}

static void test_cjk_cut(void **state)
{
	/* long CJK text: cuts fall between characters, output stays valid */
	pd_buf b;
	pd_buf_init(&b, 0);
	for (int i = 0; i < 200; i++)
		pd_buf_puts(&b, "外交部发言人");
	pd_buf_puts(&b, "第四使馆区");
	for (int i = 0; i < 200; i++)
		pd_buf_puts(&b, "国际交往中心");
	char *terms[] = { "使馆" };
	for (size_t w = 5; w < 40; w += 7) {
		char *got = pd_snippet_make(b.data, b.len, terms, 1, w);
		assert_true(pd_utf8_valid(got, strlen(got)));
		assert_non_null(strstr(got, "\x02使馆\x03"));
		assert_true(visible_chars(got) <= w + 4);
		free(got);
	}
	pd_buf_release(&b);
}

static void test_hostile(void **state)
{
	/* invalid UTF-8 is repaired; controls and fake marks dropped */
	const char bad[] = "a \xff\xfe b \x02" "fake\x03 \x01visa\x7f end";
	char *terms[] = { "visa" };
	char *got = pd_snippet_make(bad, sizeof bad - 1, terms, 1, 0);
	assert_string_equal(got, "a \xef\xbf\xbd\xef\xbf\xbd b fake \x02visa\x03 end");
	free(got);
	/* embedded NUL */
	const char nul[] = "one\0two visa";
	got = pd_snippet_make(nul, sizeof nul - 1, terms, 1, 0);
	assert_string_equal(got, "onetwo \x02visa\x03");
	free(got);
	got = pd_snippet_make(NULL, 10, terms, 1, 0);
	assert_string_equal(got, "");
	free(got);
	/* terms that are no words at all */
	char *empty[] = { "", "!!!", "\"" };
	got = pd_snippet_make("visa", 4, empty, 3, 0);
	assert_string_equal(got, "visa");
	free(got);

	/* a 4 MB turn of one repeated word: bounded time */
	size_t n = 4u << 20;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 5 == 4) ? ' ' : "visa"[i % 5];
	clock_t t0 = clock();
	got = pd_snippet_make(big, n, terms, 1, 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 10.0 * pd_test_time_scale());
	assert_true(count_marks(got) > 10);
	assert_true(visible_chars(got) <= PD_SNIPPET_CHARS + 2);
	free(got);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_text),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_cjk_cut),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
