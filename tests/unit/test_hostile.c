/* test_hostile.c: regression tests for hostile inputs found by fuzzing or
 * by the reliability work (docs/reliability.md), each with the property it
 * broke. Crash inputs themselves live in tests/regress/<fuzz target>/ and
 * are replayed by the fuzz/<target> ctest tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "parse/parse.h"
#include "parse/readers.h"

/* The PM XML reader itself: pd_parse's format detection would already
 * refuse some of these inputs, the reader must not rely on it. */
static pd_record *parse(const char *name, const char *s, size_t n, pd_err *err)
{
	pd_err_clear(err);
	return pd_read_pm_xml(name, s, n, err);
}

/* A DOCTYPE with entities is refused in PM XML (billion laughs); it used
 * to be looked for only in the first 4 KB, so a long comment hid it. */
static void test_pmxml_doctype_after_long_comment(void **state)
{
	pd_buf b;
	pd_err err;
	pd_record *r;
	int i;

	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!-- ");
	for (i = 0; i < 1000; i++)
		pd_buf_puts(&b, "padding ");
	pd_buf_puts(&b, "-->\n<!DOCTYPE t [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"
		    "<transcripts><transcript><transcript-id>9</transcript-id><title>&b;</title>"
		    "<content>PRIME MINISTER: &b;</content></transcript></transcripts>\n");
	r = parse("transcript-9.xml", b.data, b.len, &err);
	assert_null(r);
	assert_int_equal(err.code, PD_EINPUT);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	pd_buf_release(&b);
}

/* The same check must not read past the input: "<!DOCTYP" at the very end
 * of a buffer that is not NUL-terminated (ASan saw a 9-byte memcmp). */
static void test_pmxml_prolog_scan_stays_in_bounds(void **state)
{
	static const char tail[] = "<transcripts><transcript><transcript-id>1</transcript-id>"
		"<content>PM: hi</content></transcript></transcripts><!DOCTYP";
	char *exact = malloc(sizeof tail - 1);
	pd_err err;
	pd_record *r;

	memcpy(exact, tail, sizeof tail - 1);
	r = parse("transcript-1.xml", exact, sizeof tail - 1, &err);
	pd_record_free(r);
	/* A comment that never closes ends the prolog scan without a read past
	 * the end either. */
	memcpy(exact, "<!--", 4);
	r = parse("transcript-1.xml", exact, 4, &err);
	assert_null(r);
	pd_record_free(r);
	free(exact);
}

/* pd_parse_detect compared "<?xml" and "# " with strncmp on input that is
 * not NUL-terminated: a 4-byte "<?xm" read a fifth byte. */
static void test_detect_short_input(void **state)
{
	static const char *const inputs[] = { "<?xm", "#", "<", "<?xml" };
	size_t i;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		size_t n = strlen(inputs[i]);
		char *exact = malloc(n);
		memcpy(exact, inputs[i], n);
		/* whatever it decides, it decides from these n bytes only */
		pd_format f = pd_parse_detect("x", exact, n);
		assert_true(f == PD_FMT_UNKNOWN || f == PD_FMT_TEXT || f == PD_FMT_MARKDOWN ||
			    f == PD_FMT_SPEECH_XML);
		free(exact);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmxml_doctype_after_long_comment),
		cmocka_unit_test(test_pmxml_prolog_scan_stays_in_bounds),
		cmocka_unit_test(test_detect_short_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
