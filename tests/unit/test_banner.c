/* test_banner.c: pd_line_is_banner (labels.c), which turns most lines
 * away before squeezing them: banners written every way the rule reads
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

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_banners),
					    cmocka_unit_test(test_proof_only_everywhere) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
