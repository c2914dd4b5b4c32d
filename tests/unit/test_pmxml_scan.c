/* test_pmxml_scan.c: the PM XML reader's hand scanner (pmxml_scan.c).
 *
 * Two kinds of check: what the scanner reads out of a file (fields,
 * entities, CDATA), and that for every input — those it reads and those it
 * declines — pd_read_pm_xml gives the record or the error that the libxml2
 * path alone (pd_read_pm_xml_libxml) gives. Each case also states whether
 * the scanner takes the file, so a fallback case that the scanner starts
 * accepting (or a real-shaped file it starts declining) shows.
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
#include "parse/pmxml_scan.h"
#include "parse/readers.h"
#include "record/record_json.h"

enum { DECLINED, SCANNED };

/* The record's JSON, or "error: <message>". Caller frees. */
static char *outcome(pd_record *(*read)(const char *, const char *, size_t, pd_err *),
		     const char *data, size_t n)
{
	pd_err err;
	pd_err_clear(&err);
	pd_record *r = read("t.xml", data, n, &err);
	pd_buf b;
	pd_buf_init(&b, 0);
	if (r) {
		assert_int_equal(pd_record_to_json(r, &b), 0);
		pd_record_free(r);
	} else {
		pd_buf_printf(&b, "error: %s", err.msg);
	}
	return pd_buf_detach(&b);
}

static bool scans(const char *data, size_t n)
{
	pd_pmxml_fields f;
	pd_pmxml_fields_init(&f);
	bool ok = pd_pmxml_scan(data, n, &f);
	pd_pmxml_fields_release(&f);
	return ok;
}

/* Both paths agree on (data, n); returns the outcome (caller frees). */
static char *agree_n(const char *data, size_t n)
{
	char *fast = outcome(pd_read_pm_xml, data, n);
	char *ref = outcome(pd_read_pm_xml_libxml, data, n);
	if (strcmp(fast, ref) != 0)
		fail_msg("paths differ on [%.*s]:\nscanner: %s\nlibxml2: %s", (int)n, data, fast, ref);
	free(ref);
	return fast;
}

/* Both paths agree on xml, and the scanner takes it or not as expected. */
static char *agree(const char *xml, int expect)
{
	size_t n = strlen(xml);
	if (scans(xml, n) != (expect == SCANNED))
		fail_msg("scanner should have %s: [%s]", expect == SCANNED ? "read" : "declined", xml);
	return agree_n(xml, n);
}

static void check(const char *xml, int expect)
{
	free(agree(xml, expect));
}

/* A transcript with the given fields inside
 * <?xml ...?><transcripts><transcript>...</transcript></transcripts>. */
static char *wrap(const char *inner)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_printf(&b,
		      "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<transcripts>\n  <transcript>\n%s\n"
		      "  </transcript>\n</transcripts>\n",
		      inner);
	return pd_buf_detach(&b);
}

#define FIELDS                                                                                    \
	"<transcript-id>40598</transcript-id><title>Press conference, Canberra</title>"          \
	"<prime-minister>Turnbull, Malcolm</prime-minister><period-of-service>x</period-of-service>" \
	"<release-date>17/11/2016</release-date><release-type>Transcript</release-type>"          \
	"<document>https://example.org/a.pdf</document><subjects>Budget; Trade, Jobs</subjects>"

static void check_wrapped(const char *inner, int expect)
{
	char *xml = wrap(inner);
	check(xml, expect);
	free(xml);
}

/* The scanner's text of one field of xml (which it must read). */
static char *field(const char *xml, int which)
{
	pd_pmxml_fields f;
	pd_pmxml_fields_init(&f);
	assert_true(pd_pmxml_scan(xml, strlen(xml), &f));
	char *out = NULL;
	if (f.seen[which]) {
		size_t n;
		const char *text = pd_pmxml_field(&f, which, &n);
		out = malloc(n + 1);
		memcpy(out, text, n);
		out[n] = '\0';
	}
	pd_pmxml_fields_release(&f);
	return out;
}

static void test_real_shape(void **state)
{
	(void)state;
	char *xml = wrap(FIELDS "<content><![CDATA[<p><strong>PRIME MINISTER:</strong></p>"
				"<p>Good morning.</p>]]></content>");
	char *title = field(xml, PD_PMXML_TITLE);
	assert_string_equal(title, "Press conference, Canberra");
	char *content = field(xml, PD_PMXML_CONTENT);
	assert_string_equal(content, "<p><strong>PRIME MINISTER:</strong></p><p>Good morning.</p>");
	char *json = agree(xml, SCANNED);
	assert_non_null(strstr(json, "\"pm-40598\""));
	assert_non_null(strstr(json, "Malcolm Turnbull"));
	free(json);
	free(title);
	free(content);
	free(xml);
	for (const char *const *p = (const char *const[]){ PD_SOURCE_DIR "/examples/transcript-90001.xml",
							  PD_SOURCE_DIR "/examples/transcript-90002.xml", NULL };
	     *p; p++) {
		FILE *fp = fopen(*p, "rb");
		assert_non_null(fp);
		char buf[1 << 16];
		size_t n = fread(buf, 1, sizeof buf, fp);
		fclose(fp);
		assert_true(scans(buf, n));
		free(agree_n(buf, n));
	}
}

static void test_entities(void **state)
{
	(void)state;
	char *xml = wrap("<title>Q&amp;A &lt;b&gt; &quot;q&quot; &apos;a&apos; &#233;&#xE9;&#x1F600;&#39;"
			 "&#0000065;</title>" FIELDS);
	char *title = field(xml, PD_PMXML_TITLE);
	assert_string_equal(title, "Q&A <b> \"q\" 'a' \xC3\xA9\xC3\xA9\xF0\x9F\x98\x80'A");
	free(title);
	check(xml, SCANNED);
	free(xml);
	/* escaped HTML instead of CDATA in <content> */
	check_wrapped(FIELDS "<content>&lt;p&gt;&lt;strong&gt;PRIME MINISTER:&lt;/strong&gt;&lt;/p&gt;"
			     "&lt;p&gt;Thank you &amp;amp; welcome.&lt;/p&gt;</content>",
		      SCANNED);
	/* what libxml2 refuses, or reads in ways the scanner does not know */
	check_wrapped("<title>&nbsp;</title>", DECLINED);
	check_wrapped("<title>&#0;</title>", DECLINED);
	check_wrapped("<title>&#xD800;</title>", DECLINED);
	check_wrapped("<title>&#xFFFE;</title>", DECLINED);
	check_wrapped("<title>&#x110000;</title>", DECLINED);
	check_wrapped("<title>&#X41;</title>", DECLINED);
	check_wrapped("<title>&#;</title>", DECLINED);
	check_wrapped("<title>a & b</title>", DECLINED);
	check_wrapped("<title>&amp</title>", DECLINED);
	check_wrapped("<title>&#1234567890;</title>", DECLINED);
}

static void test_cdata(void **state)
{
	(void)state;
	/* "]]>" inside the HTML: the archive's way is to split the section */
	char *xml = wrap(FIELDS "<content><![CDATA[<p>a]]]]><![CDATA[>b</p>]]></content>");
	char *content = field(xml, PD_PMXML_CONTENT);
	assert_string_equal(content, "<p>a]]>b</p>");
	free(content);
	check(xml, SCANNED);
	free(xml);
	/* CDATA and text mixed, comments dropped, nested elements' text kept */
	xml = wrap("<title>A <!-- note --><![CDATA[<B>]]> <i>C</i>]D</title>");
	char *title = field(xml, PD_PMXML_TITLE);
	assert_string_equal(title, "A <B> C]D");
	free(title);
	check(xml, SCANNED);
	free(xml);
	check_wrapped("<title>a ]]> b</title>", DECLINED);
	check_wrapped("<title><![CDATA[open</title>", DECLINED);
	check_wrapped(FIELDS, SCANNED); /* no content at all */
	check_wrapped(FIELDS "<content></content>", SCANNED);
	check_wrapped(FIELDS "<content/>", SCANNED);
	check_wrapped(FIELDS "<content><![CDATA[]]></content>", SCANNED);
}

/* The pieces of test_content_pieces in field `which`. */
static void field_in_pieces(int which)
{
	static const struct {
		const char *xml, *text;
	} pieces[] = {
		{ "<![CDATA[<p>One & two</p>]]>", "<p>One & two</p>" },
		{ "<![CDATA[]]>", "" },
		{ "&lt;p&gt;", "<p>" },
		{ "text\n", "text\n" },
		{ "&#233;", "\xC3\xA9" },
		{ "&amp;", "&" },
		{ "]", "]" },
		{ "<!-- note -->", "" },
		{ "<![CDATA[\xE4\xB8\xAD]]]]>", "\xE4\xB8\xAD]]" },
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	for (size_t count = 0; count <= 3; count++) {
		size_t total = 1;
		for (size_t k = 0; k < count; k++)
			total *= np;
		for (size_t pick = 0; pick < total; pick++) {
			pd_buf inner, want;
			pd_buf_init(&inner, 0);
			pd_buf_init(&want, 0);
			const char *name = pd_pmxml_field_names[which];
			/* first: the element the scanner reads of that name */
			pd_buf_printf(&inner, "<%s>", name);
			for (size_t k = 0, rest = pick; k < count; k++, rest /= np) {
				pd_buf_puts(&inner, pieces[rest % np].xml);
				pd_buf_puts(&want, pieces[rest % np].text);
			}
			pd_buf_printf(&inner, "</%s>" FIELDS, name);
			char *xml = wrap(pd_buf_cstr(&inner));
			char *content = field(xml, which);
			assert_string_equal(content, pd_buf_cstr(&want));
			check(xml, SCANNED);
			free(content);
			free(xml);
			pd_buf_release(&inner);
			pd_buf_release(&want);
		}
	}
}

/* Every field in pieces: one CDATA section or run of text (left where it
 * stands in the input), or any run of CDATA sections, text, references,
 * ']' and comments (copied from the second piece on; the first one, in
 * the input or a character a reference stands for, copied with it). Every
 * sequence of up to three pieces must give the pieces' text joined, and
 * the record the libxml2 path gives. */
static void test_content_pieces(void **state)
{
	(void)state;
	for (int which = 0; which < PD_PMXML_NFIELDS; which++)
		field_in_pieces(which);
}

/* The fields' values, collapsed side by side in one block: every field
 * at once, each of every length from 0 to past two SSE2 blocks, of words,
 * runs of white space (blank values among them), é and a reference,
 * must give the record the libxml2 path gives. */
static void test_field_values(void **state)
{
	(void)state;
	static const char *const bits[] = { "a", " ", "Bc", "\t\n ", "\xC3\xA9", "&amp;", "  " };
	for (size_t len = 0; len <= 40; len++) {
		pd_buf inner;
		pd_buf_init(&inner, 0);
		for (int which = 0; which < PD_PMXML_NFIELDS; which++) {
			if (which == PD_PMXML_CONTENT)
				continue;
			pd_buf_printf(&inner, "<%s>", pd_pmxml_field_names[which]);
			/* a different value in each field: the pieces from another start */
			for (size_t k = 0; k < len; k++)
				pd_buf_puts(&inner, bits[(k * (size_t)(which + 1) + len) % 7]);
			pd_buf_printf(&inner, "</%s>", pd_pmxml_field_names[which]);
		}
		pd_buf_puts(&inner, "<content><![CDATA[<p>PM: Hello.</p>]]></content>");
		check_wrapped(pd_buf_cstr(&inner), SCANNED);
		pd_buf_release(&inner);
	}
}

/* Replaces every "\n" of s by "\r\n" (or "\r" when lone_cr). */
static char *line_ends(const char *s, bool lone_cr)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	for (; *s; s++)
		if (*s == '\n')
			pd_buf_puts(&b, lone_cr ? "\r" : "\r\n");
		else
			pd_buf_putc(&b, *s);
	return pd_buf_detach(&b);
}

static void test_line_ends_bom(void **state)
{
	(void)state;
	char *xml = wrap(FIELDS "<content><![CDATA[<p>One\nline<br />\nand\n\nanother</p>\n"
				"<p><strong>JOURNALIST:</strong>\nWhy?</p>]]></content>");
	for (int lone = 0; lone < 2; lone++) {
		char *crlf = line_ends(xml, lone);
		char *a = agree(crlf, SCANNED);
		char *b = agree(xml, SCANNED);
		assert_string_equal(a, b); /* CR LF, CR and LF read alike */
		free(a);
		free(b);
		free(crlf);
	}
	size_t n = strlen(xml);
	char *bom = malloc(n + 4);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, xml, n + 1);
	check(bom, SCANNED);
	free(bom);
	free(xml);
}

static void test_structure(void **state)
{
	(void)state;
	/* missing and repeated fields: the first of a name counts, even blank */
	check_wrapped("<transcript-id>7</transcript-id>", SCANNED);
	check_wrapped("<title> </title><title>Second</title>" FIELDS, SCANNED);
	check_wrapped("<title/>" FIELDS, SCANNED);
	check_wrapped("<title >spaced</title\n>" FIELDS, SCANNED);
	check_wrapped("<extra><title>not a field</title><transcript-id>9</transcript-id></extra>", SCANNED);
	/* the root <transcript> alone */
	check("<transcript><transcript-id>5</transcript-id><title>Root</title></transcript>", SCANNED);
	/* several transcripts: the first is read */
	check("<transcripts><other/><transcript><transcript-id>1</transcript-id></transcript>"
	      "<transcript><transcript-id>2</transcript-id><title>Second</title></transcript></transcripts>",
	      SCANNED);
	/* the transcript must be a child of the root */
	check("<transcripts><x><transcript><title>deep</title></transcript></x></transcripts>", DECLINED);
	check("<?xml version=\"1.0\"?>\n<transcripts>\n</transcripts>\n", DECLINED);
	check("<?xml version=\"1.0\"?><rss><channel/></rss>", DECLINED);
	/* comments around the root; standalone; single quotes */
	check("<?xml version='1.0' encoding='utf-8' standalone='yes'?><!-- a --><transcript>"
	      "<transcript-id>3</transcript-id></transcript><!-- b -->\n",
	      SCANNED);
	/* attributes, namespaces, processing instructions, other encodings */
	check_wrapped("<title lang=\"en\">A</title>", DECLINED);
	check("<transcripts xmlns=\"urn:x\"><transcript><title>A</title></transcript></transcripts>", DECLINED);
	check("<transcripts xmlns:p=\"urn:x\"><transcript><p:title>A</p:title></transcript></transcripts>",
	      DECLINED);
	check_wrapped("<?pi here?><title>A</title>", DECLINED);
	check("<?xml-stylesheet href=\"a\"?><transcript><title>A</title></transcript>", DECLINED);
	check("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><transcript><title>caf\xE9</title></transcript>",
	      DECLINED);
	check("<?xml version=\"1.1\"?><transcript><title>A</title></transcript>", DECLINED);
	check(" <?xml version=\"1.0\"?><transcript><title>A</title></transcript>", DECLINED);
	/* entity declarations: the same refusal as before */
	char *json = agree("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e \"x\">]>"
			   "<transcripts><transcript><title>&e;</title></transcript></transcripts>",
			   DECLINED);
	assert_non_null(strstr(json, "DOCTYPE or entity declarations is not accepted"));
	free(json);
	/* broken markup */
	check_wrapped("<title>A</titel>", DECLINED);
	check_wrapped("<title>A<!-- a -- b --></title>", DECLINED);
	check_wrapped("<title>A<!---></title>", DECLINED);
	check_wrapped("<title>a < b</title>", DECLINED);
	check("<transcript><title>A</title></transcript><transcript/>", DECLINED);
	check("<transcript><title>A</title></transcript>trailing", DECLINED);
	check("", DECLINED);
	/* characters XML forbids, bytes that are not UTF-8 */
	check_wrapped("<title>bell\x07</title>", DECLINED);
	check_wrapped("<title>caf\xE9</title>", DECLINED);
	check_wrapped("<title>\xC0\xAF</title>", DECLINED);
	check_wrapped("<title>\xED\xA0\x80</title>", DECLINED);
	check_wrapped("<title>\xEF\xBF\xBE</title>", DECLINED);
	check_wrapped("<title>ok \xE2\x80\x94 \xF0\x9F\x98\x80</title>", SCANNED);
	/* a NUL byte inside the input */
	char nul[] = "<transcript><title>a\0b</title></transcript>";
	assert_false(scans(nul, sizeof nul - 1));
	free(agree_n(nul, sizeof nul - 1));
}

/* End tags compared with the open element's name where they stand: the
 * name then a byte that ends it, goes on with it, or that the scanner
 * declines on (a namespace colon, a byte above ASCII), names one byte
 * short or long, in other case, at the end of the input: both paths
 * agree, and the scanner reads exactly the well-formed ones. */
static void test_end_tags(void **state)
{
	(void)state;
	static const struct {
		const char *tag;
		int expect;
	} ends[] = {
		{ "</title>", SCANNED },	 { "</title >", SCANNED },   { "</title\n\t>", SCANNED },
		{ "</titlex>", DECLINED },	 { "</title1>", DECLINED },  { "</title->", DECLINED },
		{ "</title.>", DECLINED },	 { "</title_>", DECLINED },  { "</title:x>", DECLINED },
		{ "</title\xc3\xa9>", DECLINED }, { "</titl>", DECLINED },   { "</Title>", DECLINED },
		{ "</title/>", DECLINED },	 { "</ title>", DECLINED },  { "</>", DECLINED },
		{ "</t>", DECLINED },		 { "</title", DECLINED },    { "</titletitle>", DECLINED },
	};
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		pd_buf b;
		pd_buf_init(&b, 0);
		pd_buf_printf(&b, "<transcript><transcript-id>1</transcript-id><title>A%s</transcript>",
			      ends[k].tag);
		check(pd_buf_cstr(&b), ends[k].expect);
		/* the end tag at the input's end, cut at each byte */
		pd_buf_reset(&b);
		pd_buf_printf(&b, "<transcript><title>A</title>%s", ends[k].tag);
		for (size_t n = 0; n <= b.len; n++) {
			assert_false(scans(b.data, n));
			free(agree_n(b.data, n));
		}
		pd_buf_release(&b);
	}
}

/* Every prefix of a file: truncated input is declined and gives libxml2's
 * error; the whole file (and the file without its last newline) is read. */
static void test_truncated(void **state)
{
	(void)state;
	char *xml = wrap("<transcript-id>1</transcript-id><title>T &amp; U</title>"
			 "<content><![CDATA[<p>Hi.</p>]]></content>");
	size_t n = strlen(xml);
	size_t complete = n - strlen("</transcripts>\n");
	for (size_t k = 0; k <= n; k++) {
		bool whole = k >= complete + strlen("</transcripts>");
		assert_int_equal(scans(xml, k), whole);
		char *got = agree_n(xml, k);
		if (!whole && k > 0)
			assert_non_null(strstr(got, "error: t.xml: malformed XML at line"));
		free(got);
	}
	free(xml);
}

/* Each byte of a small file replaced by bytes that matter to the scanner:
 * whatever the result, both paths agree. */
static void test_mutations(void **state)
{
	(void)state;
	char *xml = wrap("<transcript-id>1</transcript-id><title>T &amp; U</title>"
			 "<!-- c --><content><![CDATA[<p>Hi.</p>]]></content>");
	size_t n = strlen(xml);
	static const char subst[] = { '<', '>', '&', ']', '/', '-', '!', ' ', '\0', '\x80', ';', '#' };
	size_t scanned = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof subst; k++) {
			char saved = xml[i];
			xml[i] = subst[k];
			scanned += scans(xml, n);
			free(agree_n(xml, n));
			xml[i] = saved;
		}
	/* some mutations keep the file readable by the scanner (spaces in
	 * text), most do not: both kinds were compared */
	assert_true(scanned > 0 && scanned < n * sizeof subst);
	free(xml);
}

static void test_chars_everywhere(void **state)
{
	(void)state;
	/* the character check goes sixty-four, sixteen, eight bytes at a
	 * time, then one: each byte XML allows or not, at every offset of a
	 * file of several sixty-four-byte blocks (in the text and the CDATA),
	 * must give the libxml2 path's record or error */
	static const char *const chars[] = {
		"\x01", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x0e", "\x1f", "\x7f",
		"\x80", "\xc3\xa9", "\xc3", "\xef\xbf\xbe", "\xff",
	};
	char *xml = wrap(FIELDS "<content><![CDATA[<p>Good morning, everyone. Thank you for coming "
				"along to this press conference today.</p><p>QUESTION: Prime Minister,"
				" can I ask about the budget?</p>]]></content>");
	size_t n = strlen(xml);
	char *buf = malloc(n + 4);
	size_t scanned = 0;
	for (size_t k = 0; k < sizeof chars / sizeof *chars; k++) {
		size_t cl = strlen(chars[k]);
		for (size_t at = 0; at <= n; at++) {
			memcpy(buf, xml, at);
			memcpy(buf + at, chars[k], cl);
			memcpy(buf + at + cl, xml + at, n - at);
			scanned += scans(buf, n + cl);
			free(agree_n(buf, n + cl));
		}
	}
	assert_true(scanned > 0 && scanned < (n + 1) * (sizeof chars / sizeof *chars));
	free(buf);
	free(xml);
}

/* The text of a field is scanned sixteen bytes at a time for its end,
 * a reference and "]]>": a mark of each kind at every offset of texts of
 * every length around the blocks, the file in a buffer of its own size,
 * must give the libxml2 path's record or error. */
static void test_text_runs(void **state)
{
	(void)state;
	static const char *const marks[] = { "&amp;", "]", "]]>", "]]", "&#x4E2D;", "\xe4\xb8\xad", "\t\n" };
	size_t scanned = 0, tried = 0;
	for (size_t len = 0; len <= 70; len += len < 40 ? 1 : 7)
		for (size_t at = 0; at <= len; at++)
			for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
				char text[128];
				memset(text, 'w', len);
				size_t ml = strlen(marks[k]);
				memmove(text + at + ml, text + at, len - at);
				memcpy(text + at, marks[k], ml);
				text[len + ml] = '\0';
				pd_buf b;
				pd_buf_init(&b, 0);
				pd_buf_printf(&b, "<transcript-id>1</transcript-id><title>%s</title>\n   ", text);
				char *xml = wrap(b.data);
				pd_buf_release(&b);
				size_t n = strlen(xml);
				char *exact = malloc(n);   /* no NUL after it: ASan sees a read past */
				memcpy(exact, xml, n);
				scanned += scans(exact, n);
				tried++;
				free(agree_n(exact, n));
				free(exact);
				free(xml);
			}
	assert_true(scanned > 0 && scanned < tried);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_shape),    cmocka_unit_test(test_entities),
		cmocka_unit_test(test_cdata),         cmocka_unit_test(test_content_pieces),
		cmocka_unit_test(test_line_ends_bom), cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_structure),     cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_end_tags),
		cmocka_unit_test(test_mutations),     cmocka_unit_test(test_chars_everywhere),
		cmocka_unit_test(test_text_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
