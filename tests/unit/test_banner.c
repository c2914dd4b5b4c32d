/* test_banner.c: the line rules of labels.c that the turn detector skips
 * lines by, and that turn most lines away early: pd_line_is_banner
 * before squeezing them (below), pd_line_is_page_marker,
 * pd_line_is_clock_time and pd_line_is_end_marker at the first letter
 * (their own tests). For the
 * banners: banners written every way the rule reads
 * them (letters, digits and '&' upper-cased, all else dropped), and lines
 * that come close without being banners. The same cases pass against
 * the version that squeezed every line (main at 381a9dc). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "parse/labels.h"

static void expect(bool want, const char *s)
{
	bool got = pd_line_is_banner(s, strlen(s));
	if (got != want)
		fprintf(stderr, "%s: \"%s\"\n", want ? "should be a banner" : "should not", s);
	assert_true(got == want);
}

static void test_banners(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"E&OE", "E & O E", "e&oe - proof only", "E&0E", "(E&OE)", "  -- E&OE --", "EOE",
		"E.O.E.", "PROOF ONLY", "Proof-only copy", "This is a P.R.O.O.F. O.N.L.Y. copy",
		"pp proof only", "PPROOFONLY", "x proof only", "Q: proof, only",
		"E.O.E. PROOF ONLY", "EOE PROOF ONLY",
		"CHECK AGAINST DELIVERY", "Check against delivery.", "EMBARGOED until 8pm",
		"Embargo: 10am", "embargo", "E M B A R G O",
	};
	static const char *const no[] = {
		"", "- - -", "Everyone", "EOE and more", "Check against the delivery",
		"CHECK AGAINST DELIVERY NOW", "Cheques", "Prime Minister", "proof", "Only proof",
		"PROOF ONL", "PROOF ON LINE", "EMBARG", "E&O", "the E&OE",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		expect(true, yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		expect(false, no[i]);
	/* over 120 bytes: never a banner, whatever it holds */
	char longline[200];
	memset(longline, 'x', sizeof longline);
	memcpy(longline, "E&OE PROOF ONLY ", 16);
	assert_false(pd_line_is_banner(longline, 121));
	assert_true(pd_line_is_banner(longline, 120));
	/* a NUL byte is dropped like any other punctuation */
	assert_true(pd_line_is_banner("PROOF\0ONLY", 10));
}

/* "PROOF ONLY" at every offset, so that its 'p' falls in every place of
 * the sixteen-byte steps and of the last, partly seen, block. */
static void test_proof_only_everywhere(void **state)
{
	(void)state;
	char line[128];
	for (size_t k = 0; k + 12 < sizeof line && k + 12 <= 120; k++) {
		memset(line, 'a', k);   /* kept by the squeeze: the p moves */
		strcpy(line + k, " proof only");
		expect(true, line);
		strcpy(line + k, " proof onl");
		expect(false, line);
		strcpy(line + k, "Proof-Only.");
		expect(true, line);
		strcpy(line + k, " poof only");
		expect(false, line);
	}
}

typedef bool line_rule(const char *s, size_t n);

/* rule holds for each of yes[nyes] and for none of no[nno]. */
static void expect_rule(line_rule *rule, const char *name, const char *const *yes, size_t nyes,
			const char *const *no, size_t nno)
{
	for (size_t i = 0; i < nyes + nno; i++) {
		const char *s = i < nyes ? yes[i] : no[i - nyes];
		bool got = rule(s, strlen(s));
		if (got != (i < nyes))
			fprintf(stderr, "%s: should%s be one: \"%s\"\n", name, i < nyes ? "" : " not", s);
		assert_true(got == (i < nyes));
	}
}

#define EXPECT_RULE(rule, name, yes, no) \
	expect_rule(rule, name, yes, sizeof yes / sizeof *yes, no, sizeof no / sizeof *no)

/* The page markers and clock times the turn detector skips, which turn
 * most short lines away at their first letter: every word the rules
 * know, in every case, after every opening they pass over (so that a
 * test of the first letter that forgot one fails), and speech that comes
 * close. */
static void test_page_markers(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"Page 2", "PAGE 2 OF 5", "page 3", "(page 2)", "-- Page 3 --", "cont/2", "(cont)",
		"CONTD", "continued", "Continued over", "CONTINUED OVERLEAF",
		"Continues page 4", "Continued on page 4", "[Continuing]", "- 3 -", "12/14", "7",
		"* 2 *", "...cont", "Pages 2", "paged 3",
	};
	static const char *const no[] = {
		"Thank you.", "Continuing to battle.", "Page", "2 Page", "Cheers, page 2",
		"Contact 2", "Cont'd", "continued it", "Yes. Page 2", "1234567",
		"Page 2 of the report is long", "&c 2",
	};
	EXPECT_RULE(pd_line_is_page_marker, "page marker", yes, no);
}

static void test_clock_times(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"10:30", "10:30 AM", "10.30am", "(10.30 am)", "[14:05]", "14:05 EDT", "9:15 pm AEST",
		"END 10:30 PM", "Ends 10:30", "ends 10:30am", "E.N.D. 10:30", ".END 10:30",
		"(END 9:45 AM)", "00:01:20", "10.30 local", "  10:30 hrs",
	};
	static const char *const no[] = {
		"10.30", "At 10:30", "Every 10:30", "Ended 10:30", "10:3", "100:30", "10:30 sharp",
		"E 10:30", "EN 10:30", "", "(", "Thank you.", "10:30:5x", "10.30 local time",
	};
	EXPECT_RULE(pd_line_is_clock_time, "clock time", yes, no);
}

static void test_end_markers(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"ENDS", "Ends.", "end", "- END -", "[Ends]", "30", "-30-", "END OF TRANSCRIPT",
		"Ends transcript", "* * *", "###", "---", "~ ~", "*", "Ends/Saturday, June 3, 2023",
	};
	static const char *const no[] = {
		"Endless", "The end", "31", "3 0 1", "E N D S X", "Thank you.", "* * * * * * *",
		"好。", "Ending", "30 minutes",
	};
	EXPECT_RULE(pd_line_is_end_marker, "end marker", yes, no);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_banners),
					    cmocka_unit_test(test_proof_only_everywhere),
					    cmocka_unit_test(test_page_markers),
					    cmocka_unit_test(test_clock_times),
					    cmocka_unit_test(test_end_markers) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
