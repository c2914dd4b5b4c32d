/* test_query.c: the search syntax (search/query.h): accepted queries and
 * the FTS5 expressions they become, every rejection with its message, and
 * FTS5 syntax typed by a user staying literal. */
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
#include "search/query.h"

static void ok(const char *query, const char *want)
{
	pd_err err = {0};
	pd_query *q = pd_query_parse(query, &err);
	if (!q)
		fail_msg("'%s' rejected: %s", query, err.msg);
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_query_to_fts5(q, &b), 0);
	if (strcmp(pd_buf_cstr(&b), want) != 0)
		fail_msg("'%s' -> [%s], want [%s]", query, pd_buf_cstr(&b), want);
	pd_buf_release(&b);
	pd_query_free(q);
}

static void bad(const char *query, const char *want_msg)
{
	pd_err err = {0};
	pd_query *q = pd_query_parse(query, &err);
	if (q)
		fail_msg("'%s' accepted", query);
	assert_int_equal(err.code, PD_EUSAGE);
	if (strcmp(err.msg, want_msg) != 0)
		fail_msg("'%s': message [%s], want [%s]", query, err.msg, want_msg);
}

static void test_valid(void **state)
{
	ok("embassy", "\"embassy\"");
	ok("  embassy   visa ", "(\"embassy\" AND \"visa\")");
	ok("\"press conference\"", "\"press conference\"");
	ok("trade OR tariff", "(\"trade\" OR \"tariff\")");
	ok("trade or tariff", "(\"trade\" AND \"or\" AND \"tariff\")");
	ok("visa -student", "(\"visa\" NOT \"student\")");
	ok("visa -\"student visa\" -work",
	   "(\"visa\" NOT (\"student visa\" OR \"work\"))");
	ok("(trade OR tariff) china",
	   "((\"trade\" OR \"tariff\") AND \"china\")");
	ok("a OR b c -d", "(\"a\" OR ((\"b\" AND \"c\") NOT \"d\"))");
	ok("china -(trade OR tariff)",
	   "(\"china\" NOT (\"trade\" OR \"tariff\"))");
	ok("co-operation", "\"co-operation\"");
	/* terms without words are dropped */
	ok("embassy !!! -", "\"embassy\"");
}

static void test_cjk(void **state)
{
	ok("使馆", "\"使馆\"");
	ok("馆", "\"馆\"*");
	ok("外交部 馆", "(\"外交部\" AND \"馆\"*)");
	ok("\"第四 馆\"", "\"第四 馆\"*");
}

static void test_injection(void **state)
{
	ok("NEAR(a b)", "(\"NEAR\" AND (\"a\" AND \"b\"))");
	ok("title:secret", "\"title:secret\"");
	ok("embass*", "\"embass*\"");
	ok("^start", "\"^start\"");
	ok("a AND b NOT c", "(\"a\" AND \"AND\" AND \"b\" AND \"NOT\" AND \"c\")");
	ok("say\"\"hi", "(\"say\" AND \"hi\")");
	ok("\"he said \"\"no\"\"\"", "(\"he said \" AND \"no\")");
	ok("{col1 col2}:x", "(\"{col1\" AND \"col2}:x\")");
	ok("x\"'\"", "\"x\"");
}

static void test_rejections(void **state)
{
	bad("", "empty query: type a word to search for");
	bad("   ", "empty query: type a word to search for");
	bad("!!! ...", "query has no searchable words");
	bad("\"press conference", "unbalanced quote: '\"' at position 1 is never closed");
	bad("visa \"a", "unbalanced quote: '\"' at position 6 is never closed");
	bad("(trade OR tariff", "unbalanced parenthesis: '(' at position 1 is never closed");
	bad("trade) x", "unbalanced parenthesis: ')' at position 6 has no '('");
	bad("-student", "only excluded terms at position 1: add a word to search for");
	bad("-a -\"b c\"", "only excluded terms at position 1: add a word to search for");
	bad("visa OR -student", "only excluded terms at position 9: add a word to search for");
	bad("OR visa", "OR at position 1 needs a term before it");
	bad("visa OR", "OR at position 6 needs a term after it");
	bad("使馆 OR OR x", "OR at position 4 needs a term after it");
	bad("x\xff", "query is not valid UTF-8");
}

static void test_limits(void **state)
{
	char big[PD_MAX_QUERY_BYTES + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	pd_err err = {0};
	assert_null(pd_query_parse(big, &err));
	assert_int_equal(err.code, PD_EUSAGE);
	assert_non_null(strstr(err.msg, "query too long"));

	/* exactly PD_MAX_QUERY_TERMS terms pass, one more fails */
	pd_buf b;
	pd_buf_init(&b, 0);
	for (int i = 0; i < PD_MAX_QUERY_TERMS; i++)
		pd_buf_printf(&b, "w%d ", i);
	pd_query *q = pd_query_parse(pd_buf_cstr(&b), &err);
	assert_non_null(q);
	assert_int_equal(q->npositive, PD_MAX_QUERY_TERMS);
	pd_query_free(q);
	pd_buf_puts(&b, "extra");
	char want[128];
	snprintf(want, sizeof want, "query has more than %d terms (at position %zu)",
		 PD_MAX_QUERY_TERMS, b.len - 4);
	bad(pd_buf_cstr(&b), want);

	/* nesting: PD_MAX_QUERY_DEPTH levels pass, one more fails */
	pd_buf_reset(&b);
	for (int i = 0; i < PD_MAX_QUERY_DEPTH; i++)
		pd_buf_putc(&b, '(');
	pd_buf_puts(&b, "x");
	for (int i = 0; i < PD_MAX_QUERY_DEPTH; i++)
		pd_buf_putc(&b, ')');
	ok(pd_buf_cstr(&b), "\"x\"");
	pd_buf_reset(&b);
	for (int i = 0; i < 500; i++)
		pd_buf_putc(&b, '(');
	snprintf(want, sizeof want, "parentheses nested too deep at position %d",
		 PD_MAX_QUERY_DEPTH + 1);
	bad(pd_buf_cstr(&b), want);
	pd_buf_release(&b);
}

static void test_positive_terms(void **state)
{
	pd_err err = {0};
	pd_query *q = pd_query_parse("visa -student (\"press conference\" OR 馆) -(a OR b)", &err);
	assert_non_null(q);
	assert_int_equal(q->npositive, 3);
	assert_string_equal(q->positive[0], "visa");
	assert_string_equal(q->positive[1], "press conference");
	assert_string_equal(q->positive[2], "馆");
	pd_query_free(q);
	assert_null(pd_query_parse(NULL, &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_positive_terms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
