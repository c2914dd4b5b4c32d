/* test_escape.c: every escaping context of escape.h against an XSS corpus.
 *
 * Each escaped payload is put where that context puts it and read back by
 * a real parser: HTML text and a quoted attribute by libxml2's HTML parser,
 * XML text and attribute by its XML parser (no recovery), a JSON string by
 * jansson. The parser must see exactly one element/attribute/string — the
 * payload never changes the structure — holding the payload's text, less
 * what the context promises to drop. URL encoding must decode back to the
 * same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "escape/escape.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct payload {
	const char *s;
	size_t n;     /* explicit: some hold NUL bytes */
} payload;

#define P(lit) { lit, sizeof(lit) - 1 }

static const payload corpus[] = {
	P("<script>alert(1)</script>"),
	P("<ScRiPt src=//evil.example/x.js></sCrIpT>"),
	P("\" onmouseover=\"alert(1)"),
	P("' onmouseover='alert(1)"),
	P("\"><img src=x onerror=alert(1)>"),
	P("javascript:alert(document.cookie)"),
	P("jav&#x09;ascript:alert(1)"),
	P("<a href=\"javascript:alert(1)\">x</a>"),
	P("<svg/onload=alert(1)>"),
	P("<!--<script>x</script>-->"),
	P("</script><script>alert(1)</script>"),
	P("</SCRIPT >"),
	P("]]><x/><![CDATA["),
	P("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;"),
	P("&amp; &lt; &#60; &#x3C; &unknown;"),
	P("a\0b<\0script>"),
	P("\x01\x02\x08\x0B\x0C\x1B[31m\x1F\x7F"),
	P("tab\there\r\nnew line"),
	P("\xE2\x80\xAE" "evil\xE2\x80\xAC \xE2\x81\xA6" "iso\xE2\x81\xA9"),   /* U+202E U+202C U+2066 U+2069 */
	P("line\xE2\x80\xA8" "sep\xE2\x80\xA9" "para"),                         /* U+2028 U+2029 */
	P("bad \xFF\xFE \xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xE6\x97"),   /* invalid, overlong, surrogate, > U+10FFFF, truncated */
	P("\xEF\xBF\xBE\xEF\xBF\xBF"),                                        /* U+FFFE U+FFFF */
	P("中文「引號」，全角＜script＞"),
	P("\\\"\\u0022\\/"),
	P("{{constructor.constructor('alert(1)')()}}"),
	P(""),
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

static bool is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

typedef bool (*drop_fn)(uint32_t cp);
typedef int (*esc_fn)(pd_buf *, const char *, size_t);

static bool drop_html(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	       (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF || is_bidi(cp);
}

static bool drop_xml(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	       cp == 0xFFFE || cp == 0xFFFF || is_bidi(cp);
}

static bool drop_none(uint32_t cp)
{
	return false;
}

/* What a reader of the context must get back: the payload with invalid
 * UTF-8 as U+FFFD and the context's dropped characters removed. With
 * collapse, every run of white space is one space and the ends are trimmed
 * (parsers normalise line ends and attribute white space). */
static char *expect(const payload *p, drop_fn drop, bool collapse)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_add(&b, "", 0);
	bool space = false;
	for (size_t i = 0; i < p->n;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(p->s + i, p->n - i, &cp);
		const char *c = p->s + i;
		i += l;
		if (drop(cp))
			continue;
		if (collapse && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')) {
			space = b.len > 0;
			continue;
		}
		if (space)
			pd_buf_putc(&b, ' ');
		space = false;
		if (cp == PD_UTF8_REPLACEMENT && l == 1)
			pd_buf_puts(&b, "\xEF\xBF\xBD");
		else
			pd_buf_add(&b, c, l);
	}
	return pd_buf_detach(&b);
}

static char *collapse(const char *s)
{
	payload p = { s, strlen(s) };
	return expect(&p, drop_none, true);
}

/* The element's attributes a1 and a2 and its text all read as want (white
 * space collapsed). */
static void check_element(xmlNodePtr el, const char *a1, const char *a2, const char *want)
{
	const char *attrs[] = { a1, a2 };
	for (int a = 0; a < 2; a++) {
		xmlChar *v = xmlGetProp(el, (const xmlChar *)attrs[a]);
		assert_non_null(v);
		char *got = collapse((const char *)v);
		assert_string_equal(got, want);
		free(got);
		xmlFree(v);
	}
	xmlChar *t = xmlNodeGetContent(el);
	char *got = collapse((const char *)t);
	assert_string_equal(got, want);
	free(got);
	xmlFree(t);
}

/* ---- HTML ----------------------------------------------------------------- */

static void test_html(void **state)
{
	for (size_t i = 0; i < NCORPUS; i++) {
		const payload *p = &corpus[i];
		pd_buf esc, page;
		pd_buf_init(&esc, 0);
		pd_buf_init(&page, 0);
		assert_int_equal(pd_esc_html(&esc, p->s, p->n), 0);
		const char *e = pd_buf_cstr(&esc);
		assert_int_equal(strlen(e), esc.len);   /* no NUL inside */
		assert_true(pd_utf8_valid(e, esc.len));
		assert_null(strpbrk(e, "<>\"'"));
		assert_null(strstr(e, "\xE2\x80\xAE"));
		/* a text node and both kinds of quoted attribute */
		pd_buf_printf(&page, "<html><body><p title=\"%s\" lang='%s'>%s</p></body></html>", e, e, e);
		htmlDocPtr doc = htmlReadMemory(page.data, (int)page.len, "t.html", "UTF-8",
						HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		assert_non_null(doc);
		xmlNodePtr body = xmlDocGetRootElement(doc)->children;
		assert_string_equal((const char *)body->name, "body");
		xmlNodePtr para = body->children;
		assert_non_null(para);
		assert_null(para->next);
		assert_string_equal((const char *)para->name, "p");
		/* exactly the two attributes, and one text child */
		assert_non_null(para->properties);
		assert_non_null(para->properties->next);
		assert_null(para->properties->next->next);
		assert_true(!para->children || (para->children->type == XML_TEXT_NODE && !para->children->next));
		char *want = expect(p, drop_html, true);
		check_element(para, "title", "lang", want);
		free(want);
		xmlFreeDoc(doc);
		pd_buf_release(&esc);
		pd_buf_release(&page);
	}
	/* the _str form: NULL writes nothing */
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_esc_html_str(&b, NULL), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(pd_esc_html_str(&b, "a&b"), 0);
	assert_string_equal(b.data, "a&amp;b");
	pd_buf_release(&b);
}

/* ---- XML ------------------------------------------------------------------ */

static void test_xml(void **state)
{
	for (size_t i = 0; i < NCORPUS; i++) {
		const payload *p = &corpus[i];
		pd_buf esc, doc_text;
		pd_buf_init(&esc, 0);
		pd_buf_init(&doc_text, 0);
		assert_int_equal(pd_esc_xml(&esc, p->s, p->n), 0);
		const char *e = pd_buf_cstr(&esc);
		assert_int_equal(strlen(e), esc.len);
		assert_null(strpbrk(e, "<>\"'"));
		assert_null(strstr(e, "]]>"));
		pd_buf_printf(&doc_text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			      "<r a=\"%s\" b='%s'>%s</r>", e, e, e);
		/* strict: an unescaped character or a forbidden one fails */
		xmlDocPtr doc = xmlReadMemory(doc_text.data, (int)doc_text.len, "t.xml", "UTF-8",
					      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			fail_msg("payload %zu: not well-formed: %s", i, doc_text.data);
		xmlNodePtr r = xmlDocGetRootElement(doc);
		assert_null(r->children ? r->children->next : NULL);
		assert_null(r->properties->next->next);
		char *want = expect(p, drop_xml, true);
		check_element(r, "a", "b", want);
		free(want);
		xmlFreeDoc(doc);
		pd_buf_release(&esc);
		pd_buf_release(&doc_text);
	}
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_esc_xml_str(&b, "]]>'\""), 0);
	assert_string_equal(b.data, "]]&gt;&apos;&quot;");
	pd_buf_release(&b);
}

/* ---- JSON ----------------------------------------------------------------- */

static void test_json(void **state)
{
	for (size_t i = 0; i < NCORPUS; i++) {
		const payload *p = &corpus[i];
		pd_buf b;
		pd_buf_init(&b, 0);
		assert_int_equal(pd_buf_putc(&b, '"'), 0);
		assert_int_equal(pd_esc_json(&b, p->s, p->n), 0);
		assert_int_equal(pd_buf_putc(&b, '"'), 0);
		assert_true(pd_utf8_valid(b.data, b.len));
		/* inert inside <script>: no < > &, no raw U+2028/9, no controls */
		assert_null(strpbrk(b.data, "<>&"));
		assert_null(strstr(b.data, "\xE2\x80\xA8"));
		assert_null(strstr(b.data, "\xE2\x80\xA9"));
		for (size_t k = 0; k < b.len; k++)
			assert_true((unsigned char)b.data[k] >= 0x20);
		json_error_t err;
		json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
		if (!v)
			fail_msg("payload %zu: jansson: %s in %s", i, err.text, b.data);
		assert_true(json_is_string(v));
		char *want = expect(p, drop_none, false);
		size_t wn = 0;
		/* expect() stops at NUL as a C string; count the real length */
		for (size_t k = 0; k < p->n;) {
			uint32_t cp;
			size_t l = pd_utf8_decode(p->s + k, p->n - k, &cp);
			wn += cp == PD_UTF8_REPLACEMENT && l == 1 ? 3 : l;
			k += l;
		}
		assert_int_equal(json_string_length(v), wn);
		assert_memory_equal(json_string_value(v), want, wn);
		free(want);
		json_decref(v);
		pd_buf_release(&b);
	}
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_json_str(&b, NULL), 0);
	assert_string_equal(b.data, "null");
	pd_buf_reset(&b);
	assert_int_equal(pd_json_str(&b, "</script><!--"), 0);
	assert_string_equal(b.data, "\"\\u003c/script\\u003e\\u003c!--\"");
	pd_buf_release(&b);
}

/* ---- plain text between special characters ------------------------------ */

/* Printable ASCII is copied in runs (escape.c): the exact output where
 * runs meet special characters, controls, DEL, non-ASCII and bad bytes,
 * in each context. */
static void test_runs(void **state)
{
	static const char in[] = "ab&cd<ef>\"gh'ij\\kl\x7Fmn\topq\x01rs\xC3\xA9tu\xFFvw";
	static const struct { esc_fn fn; const char *want; } cases[] = {
		{ pd_esc_html, "ab&amp;cd&lt;ef&gt;&quot;gh&#39;ij\\klmn\topqrs\xC3\xA9tu\xEF\xBF\xBDvw" },
		{ pd_esc_xml, "ab&amp;cd&lt;ef&gt;&quot;gh&apos;ij\\kl\x7Fmn\topqrs\xC3\xA9tu\xEF\xBF\xBDvw" },
		{ pd_esc_json, "ab\\u0026cd\\u003cef\\u003e\\\"gh'ij\\\\kl\\u007fmn\\topq\\u0001rs"
			       "\xC3\xA9tu\xEF\xBF\xBDvw" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pd_buf b;
		pd_buf_init(&b, 0);
		assert_int_equal(cases[i].fn(&b, in, sizeof in - 1), 0);
		assert_string_equal(pd_buf_cstr(&b), cases[i].want);
		/* a length inside a run stops there */
		pd_buf_reset(&b);
		assert_int_equal(cases[i].fn(&b, in, 1), 0);
		assert_string_equal(pd_buf_cstr(&b), "a");
		pd_buf_release(&b);
	}
}

/* ---- URL ------------------------------------------------------------------ */

static void test_url_roundtrip(void **state)
{
	for (size_t i = 0; i < NCORPUS; i++) {
		const payload *p = &corpus[i];
		pd_buf enc, dec;
		pd_buf_init(&enc, 0);
		pd_buf_init(&dec, 0);
		assert_int_equal(pd_esc_url(&enc, p->s, p->n), 0);
		for (size_t k = 0; k < enc.len; k++) {
			char c = enc.data[k];
			if (c == '%') {
				assert_true(k + 2 < enc.len);
				assert_non_null(strchr("0123456789ABCDEF", enc.data[k + 1]));
				assert_non_null(strchr("0123456789ABCDEF", enc.data[k + 2]));
				k += 2;
			} else {
				assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", c));
			}
		}
		/* the exact bytes come back, NULs and invalid UTF-8 included */
		assert_int_equal(pd_url_decode(&dec, enc.data ? enc.data : "", enc.len, 1), 0);
		assert_int_equal(dec.len, p->n);
		if (p->n)
			assert_memory_equal(dec.data, p->s, p->n);
		pd_buf_release(&enc);
		pd_buf_release(&dec);
	}
}

static void test_url_decode(void **state)
{
	static const struct { const char *in; int plus; const char *out; size_t n; } ok[] = {
		{ "%41%42c", 0, "ABc", 3 },
		{ "%e4%b8%ad%E6%96%87", 0, "中文", 6 },
		{ "a+b", 1, "a b", 3 },
		{ "a+b", 0, "a+b", 3 },
		{ "%2B", 1, "+", 1 },
		{ "%00x", 0, "\0x", 2 },
		{ "%25zz", 0, "%zz", 3 },
		{ "", 0, "", 0 },
	};
	static const char *const bad[] = {
		"%zz", "%4", "%", "abc%", "abc%4", "%%", "%g0", "%0g", "%-1", "% 1", "%4\0",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		pd_buf b;
		pd_buf_init(&b, 0);
		assert_int_equal(pd_url_decode(&b, ok[i].in, strlen(ok[i].in), ok[i].plus), 0);
		assert_int_equal(b.len, ok[i].n);
		if (ok[i].n)
			assert_memory_equal(b.data, ok[i].out, ok[i].n);
		pd_buf_release(&b);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pd_buf b;
		pd_buf_init(&b, 0);
		if (pd_url_decode(&b, bad[i], strlen(bad[i]), 1) != -1)
			fail_msg("'%s' decoded", bad[i]);
		pd_buf_release(&b);
	}
	/* a truncated escape right at the end of a longer buffer: the length
	 * is honoured, not the NUL after it */
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_url_decode(&b, "x%41", 3, 0), -1);
	pd_buf_release(&b);
}

/* ---- ceilings ------------------------------------------------------------- */

static int url_decode0(pd_buf *b, const char *s, size_t n)
{
	return pd_url_decode(b, s, n, 0);
}

static void test_ceiling(void **state)
{
	esc_fn fns[] = { pd_esc_html, pd_esc_url, pd_esc_json, pd_esc_xml, url_decode0 };
	/* 1 MB of "<", then of plain text (which is copied in runs) */
	static const char fills[] = { '<', 'a' };
	size_t n = 1 << 20;
	char *big = malloc(n);
	for (size_t k = 0; k < sizeof fills; k++) {
		memset(big, fills[k], n);
		for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
			pd_buf b;
			pd_buf_init(&b, 4096);
			/* url_decode of "<" is "<": 1 MB still passes a 4 KB ceiling */
			assert_int_equal(fns[f](&b, big, n), -1);
			assert_true(b.len <= 4096);
			pd_buf_release(&b);
			pd_buf_init(&b, 0);
			assert_int_equal(fns[f](&b, big, n), 0);
			assert_true(b.len >= n);
			pd_buf_release(&b);
		}
	}
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_url_roundtrip),
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_ceiling),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
