/* test_html_scan.c: the hand reader of the PM content's HTML (html_scan.c).
 *
 * For every input the test states whether the hand reader takes it, and
 * when it does, that its lines are those libxml2's HTML parser and
 * pd_html_walk give (text, flags, bold runs). Declined inputs must leave
 * the document empty. Then every prefix of a real-shaped content, and the
 * content with each byte replaced by bytes that matter to HTML, go through
 * the same comparison. The reader of content as it stands
 * (pd_html_scan_raw) must give, whenever it reads, the lines the reader
 * gives for the content collapsed (and that one must read it too), with
 * white space of every kind put where the collapse makes one space.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "parse/doc.h"
#include "parse/html_scan.h"
#include "parse/html_walk.h"
#include "base/str.h"

enum { DECLINED, READ };

/* The lines libxml2's path gives for (s, n). */
static void reference(const char *s, size_t n, pd_doc *d)
{
	pd_doc_init(d);
	xmlDoc *h = pd_html_read(s, n, "UTF-8");
	if (h)
		pd_html_walk(h->children, d);
	xmlFreeDoc(h);
}

/* The lines pd_html_scan reads from (s, n) collapsed; false when it
 * declines them. */
static bool collapsed_reference(const char *s, size_t n, pd_doc *d)
{
	size_t cn;
	char *c = pd_str_collapse_space_n(s, n, &cn);
	pd_doc_init(d);
	bool read = pd_html_scan(c, cn, d);
	free(c);
	return read;
}

/* Runs the hand reader on (s, n) — pd_html_scan_raw when `raw` —; when it
 * reads, its lines must be the reference's: libxml2's, or for the raw
 * reader pd_html_scan's of the collapsed content (which must read it).
 * Returns READ or DECLINED. */
static int compare_as(bool raw, const char *s, size_t n)
{
	pd_doc hand;
	pd_doc_init(&hand);
	int got = (raw ? pd_html_scan_raw(s, n, &hand) : pd_html_scan(s, n, &hand)) ? READ : DECLINED;
	if (got == READ) {
		pd_doc ref;
		bool ref_read = true;
		if (raw)
			ref_read = collapsed_reference(s, n, &ref);
		else
			reference(s, n, &ref);
		if (!ref_read || !pd_doc_equal(&hand, &ref)) {
			fprintf(stderr, "differs from %s: %.*s\n", raw ? "the collapsed content's" : "libxml2",
				(int)n, s);
			for (size_t i = 0; i < hand.n || i < ref.n; i++)
				fprintf(stderr, "  hand %s | ref %s\n", i < hand.n ? hand.lines[i].text : "-",
					i < ref.n ? ref.lines[i].text : "-");
			fail();
		}
		pd_doc_release(&ref);
	} else {
		assert_int_equal(hand.n, 0);
	}
	pd_doc_release(&hand);
	return got;
}

static int compare(const char *s, size_t n)
{
	return compare_as(false, s, n);
}

static void expect_as(bool raw, int want, const char *s)
{
	int got = compare_as(raw, s, strlen(s));
	if (got != want)
		fprintf(stderr, "%s%s: %s\n", raw ? "raw: " : "", want == READ ? "should read" : "should decline", s);
	assert_int_equal(got, want);
}

static void expect(int want, const char *s)
{
	expect_as(false, want, s);
}

static void expect_raw(int want, const char *s)
{
	expect_as(true, want, s);
}

static const char real_shape[] =
	"<p><strong>PRIME MINISTER:</strong> Thank you. I am writing to all Premiers &amp; "
	"Chief Ministers.<br />Q: Prime Minister, &quot;buy back&quot; \xc2\x96 &gt; 1.5%?</p> "
	"<p><b>PM:</b> Well, the 1<sup>st</sup>, <i>yes</i> &#039;of course&#x2019; &nbsp;50&lt;60.<br/>Next "
	"line<br>and 中文。</p> <p>See <a href=\"http://www.pm.gov.au/m?id=1\">www.pm.gov.au</a>.</p> "
	"<ul><li>one <b>bold</b></li> <li>two<br />lines</li></ul><p style=\"margin-left: 36pt;\">x</p> "
	"<p align=\"center\"><strong>ENDS</strong></p>";

static void test_reads(void **state)
{
	(void)state;
	expect(READ, real_shape);
	expect(READ, "<p>A</p>");
	expect(READ, "<p><strong>A whole bold line</strong></p>");
	expect(READ, "<p><b>Q: </b>a bold start</p>");
	expect(READ, "<p><b>X</b> <i>y</i> <em>z</em> <u>w</u></p>");
	expect(READ, "<p></p> <p> </p><p>x</p>");
	expect(READ, "<p>x</p><br /><p>y</p><br/>");
	expect(READ, "<p>a <br /> b<b> c <br />d </b>e</p>");
	expect(READ, "<p>&#32;&#x41;&#0000065;</p>");
	expect(READ, "<p>&#65;&#x10FFFF;&#xD7FF;</p>");
	/* C1 controls, as old transcripts carry Windows-1252 quotes and
	 * dashes: text to libxml2 too */
	expect(READ, "<p>\xc2\x85</p>");
	expect(READ, "<p>\xc2\x91quoted\xc2\x92 \xc2\x96 a dash\xc2\x80\xc2\x9f</p>");
	expect(READ, "<p><b>\xc2\x96</b> \xc2\x85 <b>x</b><br />\xc2\x9f<i> \xc2\x90</i></p>");
	/* links: their text, not bold, their address unread */
	expect(READ, "<p>See <a href=\"http://www.coag.gov.au\">www.coag.gov.au</a>.</p>");
	expect(READ, "<p><b>PM:</b> visit <a href=\"\">the site</a><br />next <a href=\"/x\"> </a></p>");
	expect(READ, "<p><a href=\"a\">A whole linked line</a></p>");
	expect(READ, "<p>the 13<sup>th</sup> of August, H<sub>2</sub>O <sup> </sup></p>");
	expect(READ, "<p><sup>1</sup> a note<br /><sub>a whole line</sub></p>");
	/* a paragraph's alignment or style, unread */
	expect(READ, "<p align=\"center\"><strong>Ends</strong></p><p style=\"\">x</p>");
	expect(READ, "<p style=\"margin-left: 36pt; font-size: 1em\">x</p><p align=\" \">y<br />z</p>");
	/* lists: an item a block like <p>, white space between items */
	expect(READ, "<p>Measures:</p><ul><li>first</li> <li>second <strong>now</strong></li></ul><p>x</p>");
	expect(READ, "<p>x</p> <ol> <li><b>A whole bold item</b></li> </ol> <ul></ul><ul><li></li></ul>");
	expect(READ, "<p>x</p><ul><li>see <a href=\"h\">h</a><br/>and</li></ul>");
	/* an unclosed <p> at the end, libxml2 closes it there: declined all the same */
	expect(DECLINED, "<p>x");
}

static void test_declines(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"", "text", " <p>x</p>", "x<p>y</p>", "<p>x</p>y", "<p>a<p>b</p>",
		"<p><b>x</p></b>", "<p><b><i>x</i></b></p>", "<P>x</P>", "<p class=\"x\">y</p>",
		"<p >y</p>", "<p>a<!-- c -->b</p>", "<!DOCTYPE html><p>x</p>", "<p>a < b</p>",
		"<p>a <3 b</p>", "<p>&rsquo;</p>", "<p>&amp</p>", "<p>&AMP;</p>", "<p>&#0;</p>",
		"<p>&#128;</p>", "<p>&#xD800;</p>", "<p>&#xFFFE;</p>", "<p>&#;</p>",
		"<p>&#12345678;</p>",
		"<p>&#1234567;</p>", /* past U+10FFFF */
		"<div>x</div>", "<b>x</b>", "</p>", "<p>x</p></p>", "<p/>", "<br></br>",
		"<p>a\tb</p>", "<p>a\001b</p>", "<p>\xff</p>", "<p>\xc2</p>", "<p>\xc2\x96\xc2</p>",
		"\xEF\xBB\xBF<p>x</p>", "<p>\xEF\xBB\xBFx</p>", "<p><span>x</span></p>",
		"<br /><p>x</p>", /* libxml2 hangs the <p> inside the <br> */
		"<p><br /x></p>", "<p>x</b></p>", "<p><b>x</b>",
		/* links but as written on the PM pages */
		"<p><a>y</a></p>", "<p><a href='x'>y</a></p>", "<p><a href=x>y</a></p>",
		"<p><a href=\"a b\">y</a></p>", "<p><a href=\"a&amp;b\">y</a></p>",
		"<p><a href=\"x\" class=\"nav\">y</a></p>", "<p><a class=\"nav\" href=\"x\">y</a></p>",
		"<p><a  href=\"x\">y</a></p>", "<p><a href=\"x\" >y</a></p>", "<p><a href=\"x\"/>y</p>",
		"<p><b><a href=\"x\">y</a></b></p>", "<p><a href=\"x\"><b>y</b></a></p>",
		"<a href=\"x\">y</a><p>z</p>", "<p><a href=\"x\">y</p></a>", "<p><A HREF=\"x\">y</A></p>",
		"<p><a href=\"x\">y</a>", "<p><a href=\"\xe4\xb8\xad\">y</a></p>", "<p><a href=\"x>y</a></p>",
		/* lists but as the PM pages write them */
		"<ul><li>x</li></ul>", "<p>x</p><li>y</li>", "<p>x<ul><li>y</li></ul></p>",
		"<p>x</p><ul>y<li>z</li></ul>", "<p>x</p><ul><br /><li>z</li></ul>",
		"<p>x</p><ul><li>y<li>z</li></ul>", "<p>x</p><ul><li>y</ul>", "<p>x</p><ul><li>y</li>",
		"<p>x</p><ul><li value=\"3\">y</li></ul>", "<p>x</p><ul><ul><li>y</li></ul></ul>",
		"<p>x</p><ul><li><p>y</p></li></ul>", "<p>x</p><ul><li><b><i>y</i></b></li></ul>",
		"<p>x</p><ol><li>y</li></ul>", "<p><li>y</li></p>",
		/* a paragraph inside another element, or closing another */
		"<p>a<p>b</p></p>", "<p><b><p>x</p></b></p>", "<p>x</p><ul><p>y</p></ul>",
		"<p>x</p><ul></p>", "<p>x</p><ul><li></p></li></ul>", "<p><b>x</p>",
		"<p><p><p><p><p>x</p></p></p></p></p>",
		"<p><sup><b>x</b></sup></p>", "<p><b><sup>x</sup></b></p>", "<p><sup>x</p>",
		"<sup>x</sup><p>y</p>", "<p><SUP>x</SUP></p>", "<p><sup>x</sub></p>", "<p><sur>x</sur></p>",
		"<p><sup class=\"x\">y</sup></p>",
		/* paragraphs' attributes but as the PM pages write them */
		"<p align='center'>x</p>", "<p align=center>x</p>", "<p align=\"c\" style=\"s\">x</p>",
		"<p  align=\"c\">x</p>", "<p align=\"c\" >x</p>", "<p align=\"a&amp;b\">x</p>",
		"<p style=\"a>b\">x</p>", "<p style=\"\xc2\xa0\">x</p>", "<p align=\"c\"/>x</p>",
		"<p ALIGN=\"c\">x</p>", "<p align=\"c\">x</p align=\"c\">", "<p id=\"c\">x</p>",
		"<p><b style=\"c\">x</b></p>", "<p align=\"c\"", "<p align=\"c\">x<p align=\"c\">y</p>",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect(DECLINED, cases[i]);
	/* a NUL byte inside */
	assert_int_equal(compare("<p>a\0b</p>", 10), DECLINED);
}

/* Every prefix of the real-shaped content: read ones must match libxml2,
 * and the whole content must be read. */
static void test_prefixes(void **state)
{
	(void)state;
	size_t n = strlen(real_shape), read = 0;
	for (size_t k = 0; k <= n; k++)
		read += compare(real_shape, k) == READ;
	assert_true(read > 0);
	assert_int_equal(compare(real_shape, n), READ);
}

/* Both outcomes happened (outcomes[DECLINED], outcomes[READ]): the
 * comparison ran on inputs the reader took. */
static void assert_both_outcomes(const size_t outcomes[2])
{
	assert_true(outcomes[READ] > 0);
	assert_true(outcomes[DECLINED] > 0);
}

/* Each byte replaced by bytes that matter to HTML: whatever the reader
 * still takes must match libxml2. */
static void test_mutations(void **state)
{
	(void)state;
	static const char subst[] = "<>&/ ;#pbx\"=!\n";
	size_t n = strlen(real_shape), outcomes[2] = { 0, 0 };
	char *m = malloc(n);
	assert_non_null(m);
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j + 1 < sizeof subst; j++) {
			memcpy(m, real_shape, n);
			m[k] = subst[j];
			outcomes[compare(m, n)]++;
		}
	free(m);
	assert_both_outcomes(outcomes);
}

static void test_raw_reads(void **state)
{
	(void)state;
	expect_raw(READ, real_shape);
	expect_raw(READ, "\n  <p>\nA\tB\r\n</p>\n");
	expect_raw(READ, "<p><b> \n Q:\t</b>\n a bold start</p>");
	expect_raw(READ, "<p>\n<a href=\"http://x.au/\">\n www.x.au\t</a>\n.</p>");
	expect_raw(DECLINED, "<p><a\nhref=\"x\">y</a></p>");
	expect_raw(READ, "<p align=\"left\">\nx\n</p>\n<p style=\"a: b;  c\">y</p>");
	expect_raw(DECLINED, "<p style=\"a:\tb\">y</p>");
	expect_raw(READ, "<p>x</p>\n<ul>\n\t<li>first\n item</li>\r\n<li>second</li>\n</ul>\n");
	expect_raw(READ, "<p><strong>PM:\xC2\xA0</strong>\xC2\xA0yes\xE3\x80\x80no</p>");
	expect_raw(READ, "<p>a\xE2\x80\x8B&nbsp; \x0B\x0C b</p>\n\t<p>\n</p>");
	expect_raw(READ, "<p>x</p>\n<br />\n<p>y<br/>\n\nz</p>");
	expect_raw(READ, "<p>\n\xc2\x91x\xc2\x92\n\xc2\x96\t<b>\xc2\x85 </b></p>");
	/* white space first in a run, skipped before the run is scanned */
	expect_raw(READ, "<p>\x0B\x0C\r\n\tb<br />\n\n</p>");
	/* the line break after a <br />, skipped with it, and the input's end */
	expect_raw(DECLINED, "<p>a<br />\n");
	/* the next paragraph opened with the </p> before it, and around it
	 * what the raw reader reads its own way */
	expect_raw(READ, "<p>a</p>\n<p>b</p>\n<p><b>c</b></p>\n<p>\n</p>\n<p></p>\n<ul><li>d</li></ul>");
	expect_raw(READ, "<p>a</p>\n<p>\xE4\xB8\xAD</p>\n\n<p>b</p>\n <p>c</p> \n<p>d<br />\n</p>\n");
	expect_raw(DECLINED, "<p>a</p>\n<p>");
	expect_raw(DECLINED, "<p>a</p>\n<p>b");
	expect_raw(READ, "<p>a<br />\nb<br />\n\n<br />\n \n<br />\n</p>");
	static const char *const declines[] = {
		"", " \n\t", "\xC2\xA0<p>x</p>", "<p>x</p>\xC2\xA0<p>y</p>", "<p>x<br\n/></p>",
		"<p>x<br  /></p>", "<p\n>x</p>", "<p>x</p>\x0B", "<p>a\001b</p>", "text <p>x</p>",
		"<p>\001b</p>", "<p>x<br />\n\x0E y</p>", "<p>x<br />\x08</p>", "<p>\x7F</p>",
	};
	for (size_t i = 0; i < sizeof declines / sizeof *declines; i++)
		expect_raw(DECLINED, declines[i]);
}

/* Each space of the real-shaped content, and each place beside a tag,
 * given white space of another kind or length: what the raw reader takes
 * must be what the reader takes from the collapsed content. */
static void test_raw_spaces(void **state)
{
	(void)state;
	static const char *const ws[] = {
		"\n", "\t", " \r\n ", "  ", "\x0B", "\x0C", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B",
	};
	size_t n = strlen(real_shape), outcomes[2] = { 0, 0 };
	char *m = malloc(n + 8);
	assert_non_null(m);
	for (size_t k = 0; k <= n; k++)
		for (size_t j = 0; j < sizeof ws / sizeof *ws; j++) {
			size_t wl = strlen(ws[j]);
			bool space = k < n && real_shape[k] == ' ';
			/* a space replaced, or white space put before byte k */
			memcpy(m, real_shape, k);
			memcpy(m + k, ws[j], wl);
			size_t rest = space ? k + 1 : k;
			memcpy(m + k + wl, real_shape + rest, n - rest);
			outcomes[compare_as(true, m, k + wl + n - rest)]++;
		}
	free(m);
	assert_both_outcomes(outcomes);
}

/* Lines ended by "<br />", which the raw reader takes right after a text
 * run (and the next run after it): generated paragraphs, list items and
 * bold runs of words, white space, references, characters above ASCII
 * and breaks of each spelling, consecutive and at either end, must give
 * the lines the reader gives for the collapsed content. */
static void test_raw_breaks(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"<br />", "<br />\n", "<br />", "Prime Minister said", "word", " ", "\n", "\t \r\n",
		"&amp;", "\xc2\xa0", "\xe4\xb8\xad\xe6\x96\x87", "<b>PM:</b>", "<b>x<br />y</b>",
		"<br/>", "<br>", "<br  />",
	};
	static const char *const wraps[][2] = {
		{ "<p>", "</p>" }, { "\n<p>", "</p>\n<p>last</p>\n" },
		{ "<ul><li>", "</li></ul>" }, { "<p>", "<br /></p><p><b>x</b><br /></p>" },
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint32_t x = 4242;
	size_t outcomes[2] = { 0, 0 };
	char m[512];
	for (int round = 0; round < 20000; round++) {
		const char *const *w = wraps[round % (sizeof wraps / sizeof *wraps)];
		size_t n = strlen(w[0]);
		memcpy(m, w[0], n);
		x = x * 1103515245u + 12345u;
		int parts = (int)((x >> 16) % 12);
		for (int k = 0; k < parts; k++) {
			x = x * 1103515245u + 12345u;
			const char *p = pieces[(x >> 16) % np];
			size_t l = strlen(p);
			memcpy(m + n, p, l);
			n += l;
		}
		memcpy(m + n, w[1], strlen(w[1]));
		n += strlen(w[1]);
		outcomes[compare_as(true, m, n)]++;
	}
	assert_both_outcomes(outcomes);
	assert_true(outcomes[READ] > outcomes[DECLINED]);
}

/* Every byte value at every offset of a paragraph's text longer than two
 * sixteen-byte blocks and an eight-byte step (the text run's fast scans
 * and their byte tail), in runs of every length around those: printable
 * ASCII is read as libxml2 reads it, control characters, DEL and lone
 * bytes above ASCII declined (white space too, but by the raw reader). */
static void test_byte_values(void **state)
{
	(void)state;
	char m[64];
	for (size_t len = 1; len <= 41; len++)
		for (size_t at = 0; at < len; at++)
			for (unsigned b = 1; b < 256; b++) {
				if (b == '<' || b == '&')
					continue;
				memcpy(m, "<p>", 3);
				memset(m + 3, 'w', len);
				m[3 + at] = (char)b;
				memcpy(m + 3 + len, "</p>", 4);
				size_t n = len + 7;
				int want = b >= ' ' && b < 0x7F ? READ : DECLINED;
				assert_int_equal(compare(m, n), want);
				bool ws = b == ' ' || (b >= '\t' && b <= '\r');
				assert_int_equal(compare_as(true, m, n), ws ? READ : want);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads),
		cmocka_unit_test(test_declines),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_raw_reads),
		cmocka_unit_test(test_raw_spaces),
		cmocka_unit_test(test_raw_breaks),
		cmocka_unit_test(test_byte_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
