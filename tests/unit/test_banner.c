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
#include <stdlib.h>
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

/* The page markers, clock times and end markers the turn detector skips
 * (the end markers' other tests below), which turn
 * most short lines away at their first letter: every word the rules
 * know, in every case, after every opening they pass over (so that a
 * test of the first letter that forgot one fails), and speech that comes
 * close. */
static const char *const page_markers[] = {
	"Page 2", "PAGE 2 OF 5", "page 3", "(page 2)", "-- Page 3 --", "cont/2", "(cont)",
	"CONTD", "continued", "Continued over", "CONTINUED OVERLEAF",
	"Continues page 4", "Continued on page 4", "[Continuing]", "- 3 -", "12/14", "7",
	"* 2 *", "...cont", "Pages 2", "paged 3",
};

static const char *const clock_times[] = {
	"10:30", "10:30 AM", "10.30am", "(10.30 am)", "[14:05]", "14:05 EDT", "9:15 pm AEST",
	"END 10:30 PM", "Ends 10:30", "ends 10:30am", "E.N.D. 10:30", ".END 10:30",
	"(END 9:45 AM)", "00:01:20", "10.30 local", "  10:30 hrs",
};

static const char *const end_markers[] = {
	"ENDS", "Ends.", "end", "- END -", "[Ends]", "30", "-30-", "END OF TRANSCRIPT",
	"Ends transcript", "* * *", "###", "---", "~ ~", "*", "Ends/Saturday, June 3, 2023",
};

static void test_page_markers(void **state)
{
	(void)state;
	static const char *const no[] = {
		"Thank you.", "Continuing to battle.", "Page", "2 Page", "Cheers, page 2",
		"Contact 2", "Cont'd", "continued it", "Yes. Page 2", "1234567",
		"Page 2 of the report is long", "&c 2",
	};
	EXPECT_RULE(pd_line_is_page_marker, "page marker", page_markers, no);
}

static void test_clock_times(void **state)
{
	(void)state;
	static const char *const no[] = {
		"10.30", "At 10:30", "Every 10:30", "Ended 10:30", "10:3", "100:30", "10:30 sharp",
		"E 10:30", "EN 10:30", "", "(", "Thank you.", "10:30:5x", "10.30 local time",
	};
	EXPECT_RULE(pd_line_is_clock_time, "clock time", clock_times, no);
}

/* pd_line_may_be_page_marker, pd_line_may_be_clock_time and
 * pd_line_may_be_end_marker, the first bytes' tests a caller asks before
 * the rules: false only where the rule is, on every line above with its
 * first one or two bytes each of the 256 (and the lines of none or one
 * byte). */
static void expect_may_be(line_rule *may, line_rule *rule, const char *name,
			  const char *const *lines, size_t nlines)
{
	char line[64];
	for (size_t k = 0; k < nlines; k++) {
		size_t n = strlen(lines[k]);
		assert_true(n < sizeof line);
		for (unsigned first = 0; first < 256; first++)
			for (unsigned second = 0; second < 257; second++) {
				/* 256: only the first byte changed */
				memcpy(line, lines[k], n);
				line[0] = (char)first;
				if (second < 256 && n > 1)
					line[1] = (char)second;
				const size_t lens[] = { 0, 1, 2, n };
				for (size_t q = 0; q < 4; q++) {
					size_t len = lens[q] < n ? lens[q] : n;
					if (!may(line, len) && rule(line, len)) {
						fprintf(stderr, "%s turned away \"%.*s\" (%zu bytes)\n",
							name, (int)len, line, len);
						fail();
					}
				}
			}
	}
}

static void test_first_bytes(void **state)
{
	(void)state;
	expect_may_be(pd_line_may_be_page_marker, pd_line_is_page_marker, "page marker",
		      page_markers, sizeof page_markers / sizeof *page_markers);
	expect_may_be(pd_line_may_be_clock_time, pd_line_is_clock_time, "clock time",
		      clock_times, sizeof clock_times / sizeof *clock_times);
	expect_may_be(pd_line_may_be_end_marker, pd_line_is_end_marker, "end marker",
		      end_markers, sizeof end_markers / sizeof *end_markers);
}

static void test_end_markers(void **state)
{
	(void)state;
	static const char *const no[] = {
		"Endless", "The end", "31", "3 0 1", "E N D S X", "Thank you.", "* * * * * * *",
		"好。", "Ending", "30 minutes",
	};
	EXPECT_RULE(pd_line_is_end_marker, "end marker", end_markers, no);
	/* a dated "Ends/" line of up to 63 bytes, none longer than
	 * PD_END_MARKER_MAX (the turn detector asks no longer line) */
	char dated[80];
	memset(dated, 'x', sizeof dated);
	memcpy(dated, "Ends/", 5);
	for (size_t n = 6; n <= sizeof dated; n++) {
		bool end = pd_line_is_end_marker(dated, n);
		assert_true(end == (n <= 63));
		assert_false(end && n > PD_END_MARKER_MAX);
	}
}

/* --- the rules against plain versions, on generated lines ------------- */

/* The version that squeezed every line (main at 381a9dc): letters,
 * digits and '&' upper-cased, all else dropped, then compared. */
static size_t plain_squeeze(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&')
			out[o++] = c;
	}
	out[o] = '\0';
	return o;
}

static bool plain_banner(const char *s, size_t n)
{
	if (n > 120)
		return false;
	char q[128];
	plain_squeeze(s, n, q, sizeof q);
	return strncmp(q, "E&OE", 4) == 0 || strncmp(q, "E&0E", 4) == 0 ||
	       strcmp(q, "EOE") == 0 || strstr(q, "PROOFONLY") != NULL ||
	       strcmp(q, "CHECKAGAINSTDELIVERY") == 0 ||
	       strncmp(q, "EMBARGOED", 9) == 0 || strncmp(q, "EMBARGO", 7) == 0 ||
	       strcmp(q, "EOEPROOFONLY") == 0;
}

/* What may follow a word "CONT..." in a page marker: digits alone, or
 * after "PAGE" or "ONPAGE", or "OVER" or "OVERLEAF" alone. */
static bool plain_cont_rest(const char *rest)
{
	if (strcmp(rest, "OVER") == 0 || strcmp(rest, "OVERLEAF") == 0)
		return true;
	if (strncmp(rest, "ONPAGE", 6) == 0)
		rest += 6;
	else if (strncmp(rest, "PAGE", 4) == 0)
		rest += 4;
	while (*rest >= '0' && *rest <= '9')
		rest++;
	return *rest == '\0';
}

/* pd_line_is_page_marker as it read before it turned lines away at
 * their first letters: every byte counted, then the squeezed line
 * compared with each word (any word it opens with, where the rule takes
 * the first: no line opens with two that answer apart). */
static bool plain_page_marker(const char *s, size_t n)
{
	if (n > 24)
		return false;
	size_t digits = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if ((c | 32) >= 'a' && (c | 32) <= 'z')
			letters++;
		else if (!strchr(" -./()[]|_=*", c) && c < 0x80)
			return false;
		else if (c >= 0x80)
			return false;
	}
	if (letters == 0)
		return digits <= 4 || (digits <= 6 && memchr(s, '/', n));
	char q[32];
	plain_squeeze(s, n, q, sizeof q);
	static const char *const conts[] = {
		"CONTINUED", "CONTINUES", "CONTINUING", "CONTD", "CONT",
	};
	bool cont = false;
	for (size_t k = 0; k < sizeof conts / sizeof *conts; k++)
		cont |= strncmp(q, conts[k], strlen(conts[k])) == 0 &&
			plain_cont_rest(q + strlen(conts[k]));
	return cont || (strncmp(q, "PAGE", 4) == 0 && digits);
}

static uint32_t rng_state = 12345;

static uint32_t rnd(uint32_t below)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % below;
}

/* rule and plain agree on (s, n), read from a buffer of exactly n bytes
 * (so that ASan sees a read past its end). */
static void expect_same(line_rule *rule, line_rule *plain, const char *name, const char *s,
			size_t n)
{
	char *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	memcpy(copy, s, n);
	bool got = rule(copy, n), want = plain(copy, n);
	if (got != want) {
		fprintf(stderr, "%s: %d, plain %d: \"", name, got, want);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			fprintf(stderr, c < 0x20 || c >= 0x7f ? "\\x%02x" : "%c", c);
		}
		fprintf(stderr, "\" (%zu bytes)\n", n);
	}
	assert_true(got == want);
	free(copy);
}

/* A random byte that a rule drops (punctuation, NUL, bytes above ASCII)
 * or keeps (digits, letters of the literals in either case, '&'). */
static char dropped_byte(void)
{
	static const char drops[] = { ' ', '.', '-', '/', '(', ')', '*', '_', '\0', ':', ',',
				      (char)0x80, (char)0xc3, (char)0xa9, (char)0xff, '\t' };
	return drops[rnd(sizeof drops)];
}

static char kept_byte(void)
{
	static const char keeps[] = "pPrRoOfFnNlLyYeE&0cChHkKaAgGiIsStTdDvVmMbBzZ123";
	return keeps[rnd(sizeof keeps - 1)];
}

/* The literal w written into out as a line might hold it: each letter
 * in either case, dropped bytes between some, now and then one letter
 * changed; returns the bytes written (at most max). */
static size_t write_like(const char *w, char *out, size_t max)
{
	size_t o = 0;
	for (size_t k = 0; w[k] && o < max; k++) {
		char c = w[k];
		if (c >= 'A' && c <= 'Z' && rnd(2))
			c = (char)(c + 32);
		if (!rnd(40))
			c = kept_byte();
		out[o++] = c;
		while (o < max && !rnd(4))
			out[o++] = dropped_byte();
	}
	return o;
}

/* Banners on generated lines: the literals at every place of lines of
 * every length up to past 120 (the 'p' in every place of the sixteen-
 * byte steps, and the last 'y' in every place of the steps from the
 * end), among kept and dropped bytes, against plain_banner. */
static void test_banner_against_plain(void **state)
{
	(void)state;
	static const char *const words[] = {
		"PROOFONLY", "E&OE", "E&0E", "EOE", "EOEPROOFONLY", "CHECKAGAINSTDELIVERY",
		"EMBARGOED", "EMBARGO", "PROOFONL", "PROOF", "ROOFONLY", "PPROOFONLY",
	};
	char line[140];
	expect_same(pd_line_is_banner, plain_banner, "banner", "", 0);
	for (size_t n = 1; n <= 130; n++)
		for (size_t at = 0; at < n; at++)
			for (int round = 0; round < 6; round++) {
				for (size_t j = 0; j < n; j++)
					line[j] = rnd(3) ? kept_byte() : dropped_byte();
				const char *w = words[rnd(sizeof words / sizeof *words)];
				write_like(w, line + at, n - at);
				expect_same(pd_line_is_banner, plain_banner, "banner", line, n);
				/* the same with dropped bytes only before it */
				for (size_t j = 0; j < at; j++)
					line[j] = dropped_byte();
				expect_same(pd_line_is_banner, plain_banner, "banner", line, n);
			}
}

/* Every byte value in every place of each literal, put in and put in
 * place of a letter, against plain_banner: what squeeze keeps of each
 * byte (its look-up table, a 0 for every byte it drops) read as the
 * plain ranges read it. */
static void test_banner_every_byte(void **state)
{
	(void)state;
	static const char *const words[] = {
		"E&OE", "E&0E", "EOE", "PROOFONLY", "CHECKAGAINSTDELIVERY", "EMBARGOED", "EOEPROOFONLY",
	};
	char line[64];
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t len = strlen(words[w]);
		for (int b = 0; b < 256; b++)
			for (size_t at = 0; at <= len; at++) {
				/* put in before byte at, the literal in lower case too */
				for (int lower = 0; lower < 2; lower++) {
					for (size_t k = 0, o = 0; k <= len; k++) {
						if (k == at)
							line[o++] = (char)b;
						if (k < len)
							line[o++] = (char)(lower ? words[w][k] | 0x20 : words[w][k]);
					}
					expect_same(pd_line_is_banner, plain_banner, "banner", line, len + 1);
				}
				/* in place of byte at */
				if (at < len) {
					memcpy(line, words[w], len);
					line[at] = (char)b;
					expect_same(pd_line_is_banner, plain_banner, "banner", line, len);
				}
			}
	}
}

/* Page markers on generated short lines of the bytes they read. */
static void test_page_marker_against_plain(void **state)
{
	(void)state;
	static const char *const words[] = {
		"PAGE", "CONTINUED", "CONTINUES", "CONTINUING", "CONTD", "CONT",
		"ONPAGE", "OVER", "OVERLEAF", "2", "12",
	};
	static const char bytes[] = "pPaAgGeEcCoOnNtTdDsSiIuUvVrRlLfFxX0123456789 -./()[]|_=*&:\0";
	char line[32];
	for (int round = 0; round < 200000; round++) {
		size_t n = rnd(27), o = 0;
		while (o < n) {
			if (rnd(3)) {
				line[o++] = bytes[rnd(sizeof bytes)];   /* the NUL too */
			} else if (rnd(4)) {
				const char *w = words[rnd(sizeof words / sizeof *words)];
				for (size_t k = 0; w[k] && o < n; k++)
					line[o++] = rnd(2) ? w[k] : (char)(w[k] | 0x20);
			} else {
				line[o++] = (char)(0x80 + rnd(0x80));
			}
		}
		expect_same(pd_line_is_page_marker, plain_page_marker, "page marker", line, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_banners),
					    cmocka_unit_test(test_proof_only_everywhere),
					    cmocka_unit_test(test_page_markers),
					    cmocka_unit_test(test_clock_times),
					    cmocka_unit_test(test_first_bytes),
					    cmocka_unit_test(test_end_markers),
					    cmocka_unit_test(test_banner_against_plain),
					    cmocka_unit_test(test_banner_every_byte),
					    cmocka_unit_test(test_page_marker_against_plain) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
