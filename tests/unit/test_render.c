/* test_render.c: the Markdown, plain-text and Akoma Ntoso renderers.
 *
 * Records are built here, in English and Chinese. Markdown output is fed to
 * a real CommonMark renderer (libcmark, the reference implementation): a
 * hostile transcript must leave the rendered HTML with exactly the same
 * tags as a harmless one, and its text must come through literally. Akoma
 * Ntoso output is parsed with libxml2 (no recovery) and checked against the
 * element order and required attributes of the 3.0 schema, written out
 * below: the official XSD is not available offline, so the test asserts
 * the parts of it that this exporter uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "record/record.h"
#include "render/render.h"

#include <cmark.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- records ------------------------------------------------------------ */

static pd_record *english(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "pm-41751");
	pd_record_set(&r->title, "Press conference, Parliament House");
	pd_record_set(&r->date, "2024-05-01");
	pd_record_set(&r->language, "en");
	pd_record_set(&r->source, "Prime Minister of Australia");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_set(&r->url, "https://pmtranscripts.example/release/transcript-41751");
	pd_record_add_topic(r, "Budget");
	pd_record_add_topic(r, "Housing");
	pd_record_add_translation(r, "zh-Hant", "pm-41751-zh");
	pd_participant *p = pd_record_add_participant(r, "PRIME MINISTER", PD_PART_HOST);
	pd_record_set(&p->name, "Anthony Albanese");
	pd_record_set(&p->role, "Prime Minister");
	pd_record_add_participant(r, "JOURNALIST", PD_PART_JOURNALIST);
	const char *narr = "The Prime Minister arrived at 10am.";
	const char *q = "Prime Minister, is it true?";
	const char *a = "It is.\n\nA second paragraph.";
	pd_record_add_turn(r, NULL, PD_TURN_NARRATION, narr, strlen(narr));
	pd_record_add_turn(r, "JOURNALIST", PD_TURN_QUESTION, q, strlen(q));
	pd_turn *t = pd_record_add_turn(r, "PRIME MINISTER", PD_TURN_ANSWER, a, strlen(a));
	t->answers = 2;
	pd_record_link_qa(r);
	return r;
}

static pd_record *chinese(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "mfa-2024-05-01");
	pd_record_set(&r->title, "外交部发言人主持例行记者会");
	pd_record_set(&r->date, "2024-05-01");
	pd_record_set(&r->language, "zh-Hans");
	pd_record_set(&r->source, "外交部");
	pd_record_set(&r->release_type, "记者会");
	pd_participant *p = pd_record_add_participant(r, "毛宁", PD_PART_HOST);
	pd_record_set(&p->role, "发言人");
	pd_record_add_participant(r, "记者", PD_PART_JOURNALIST);
	pd_record_add_participant(r, "法新社记者", PD_PART_JOURNALIST);
	const char *q = "中方对此有何评论？";
	const char *a = "我们注意到有关报道。\n\n第二段。";
	pd_record_add_turn(r, "记者", PD_TURN_QUESTION, q, strlen(q));
	pd_turn *t = pd_record_add_turn(r, "毛宁", PD_TURN_ANSWER, a, strlen(a));
	t->answers = 1;
	pd_record_add_turn(r, "法新社记者", PD_TURN_QUESTION, q, strlen(q));
	pd_record_link_qa(r);
	return r;
}

typedef int (*render_fn)(const pd_record *, pd_buf *);

static char *render(render_fn fn, const pd_record *r)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(fn(r, &b), 0);
	assert_true(pd_utf8_valid(b.data, b.len));
	return pd_buf_detach(&b);
}

/* Fails naming the first of wants (NULL-terminated) missing from s. */
static void assert_contains(const char *s, const char *const *wants)
{
	for (; *wants; wants++)
		if (!strstr(s, *wants))
			fail_msg("missing '%s' in:\n%s", *wants, s);
}

/* ---- hostile text -------------------------------------------------------- */

/* Markdown and HTML that must come out as literal text. None has a blank
 * line: a paragraph break is structure the renderers keep on purpose. */
static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"[x](javascript:alert(1))",
	"[x]( javascript:alert(1) \"t\")",
	"![](http://evil)",
	"![alt](javascript:alert(1))",
	"<http://evil.example>",
	"<javascript:alert(1)>",
	"<a href=\"x\" onmouseover=\"alert(1)\">x</a>",
	"\" onmouseover=\"alert(1)",
	"<img src=x onerror=alert(1)>",
	"<!-- comment --> <?php x ?> <![CDATA[x]]>",
	"<div>\nblock\n</div>",
	"# heading",
	"###### six",
	"> quote",
	"- item",
	"+ item",
	"* item",
	"1. item",
	"12) item",
	"`code` and ``double``",
	"```\nfenced\n```",
	"~~~\nfenced\n~~~",
	"    indented code",
	"\tindented by tab",
	"*em* _em_ **strong** __strong__ ***both***",
	"~~struck~~ ~one~",
	"| a | b |\n|---|---|\n| 1 | 2 |",
	"---",
	"***",
	"___",
	"Title\n===",
	"Title\n---",
	"[ref]: http://evil.example\n[ref]",
	"[^1] footnote\n[^1]: http://evil",
	"&lt;script&gt; &amp; &#60;b&#62; &copy;",
	"line\\\nbreak",
	"two spaces  \nbreak",
	"\\*literal backslash\\*",
	"www.evil.example and http://evil.example",
	"a\xE2\x80\xAE" "drowssap\xE2\x80\xAC" "b", /* U+202E ... U+202C */
	"\x1B[31mred\x1B[0m",
	"主持人：「我們」<b>粗體</b>＃不是标题",
	"- [ ] task",
	"$x$ and \\(y\\)",
};

/* What a reader must see of s: bidi controls and C0 controls gone, white
 * space collapsed, ends trimmed. */
static char *visible(const char *s)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	size_t n = strlen(s);
	bool space = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		const char *p = s + i;
		i += l;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			space = b.len > 0;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			continue;
		if (space)
			pd_buf_putc(&b, ' ');
		space = false;
		pd_buf_add(&b, p, l);
	}
	return pd_buf_detach(&b);
}

/* The sequence of tag names in html ("h1 /h1 ul li ..."), and its text with
 * cmark's four entities decoded and white space collapsed. */
static void split_html(const char *html, char **tags, char **text)
{
	pd_buf tg, tx;
	pd_buf_init(&tg, 0);
	pd_buf_init(&tx, 0);
	for (const char *p = html; *p;) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			assert_non_null(e);
			size_t k = 1;
			while (p + k < e && p[k] != ' ')
				k++;
			pd_buf_add(&tg, p + 1, k - 1);
			pd_buf_putc(&tg, ' ');
			pd_buf_putc(&tx, ' ');
			p = e + 1;
			continue;
		}
		static const struct { const char *ent, *ch; } ents[] = {
			{ "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&amp;", "&" },
		};
		bool done = false;
		for (size_t i = 0; i < 4 && !done; i++) {
			size_t l = strlen(ents[i].ent);
			if (strncmp(p, ents[i].ent, l) == 0) {
				pd_buf_puts(&tx, ents[i].ch);
				p += l;
				done = true;
			}
		}
		if (!done)
			pd_buf_putc(&tx, *p++);
	}
	char *raw = pd_buf_detach(&tx);
	*text = visible(raw);
	free(raw);
	*tags = pd_buf_detach(&tg);
}

static char *cmark_html(const char *md)
{
	/* CMARK_OPT_UNSAFE: even a renderer that lets raw HTML through must
	 * find none, so the escaping does not rely on cmark's safe mode */
	char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
	assert_non_null(html);
	return html;
}

/* Renders r to Markdown and then HTML; returns the tag sequence and text. */
static void md_roundtrip(const pd_record *r, char **tags, char **text)
{
	char *md = render(pd_render_markdown, r);
	char *html = cmark_html(md);
	split_html(html, tags, text);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "href=\"javascript"));
	assert_null(strstr(html, "<div"));
	free(html);
	free(md);
}

/* Puts s in every untrusted field of a record: turn text, speaker label,
 * role, title, topic, source, translation id. */
static pd_record *with_payload(const char *s)
{
	pd_record *r = english();
	pd_record_set(&r->title, s);
	pd_record_set(&r->source, s);
	pd_record_add_topic(r, s);
	pd_record_add_translation(r, "fr", s);
	pd_participant *p = pd_record_add_participant(r, s, PD_PART_OFFICIAL);
	pd_record_set(&p->role, s);
	pd_record_add_turn(r, s, PD_TURN_STATEMENT, s, strlen(s));
	pd_record_add_turn(r, NULL, PD_TURN_NARRATION, s, strlen(s));
	/* a second paragraph starts a line, where block markers count */
	char *two = malloc(strlen(s) + 8);
	strcpy(two, "intro\n\n");
	strcat(two, s);
	pd_record_add_turn(r, s, PD_TURN_ANSWER, two, strlen(two));
	free(two);
	return r;
}

static void test_markdown_hostile_is_literal(void **state)
{
	char *base_tags, *base_text;
	pd_record *benign = with_payload("harmless words");
	md_roundtrip(benign, &base_tags, &base_text);
	assert_contains(base_tags, (const char *const[]){
		"h1 /h1",
		"em",
		NULL });
	pd_record_free(benign);

	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		char *tags, *text;
		pd_record *r = with_payload(hostile[i]);
		md_roundtrip(r, &tags, &text);
		char *want = visible(hostile[i]);
		if (strcmp(tags, base_tags) != 0)
			fail_msg("payload %zu changed the structure:\n%s\nvs\n%s", i, tags, base_tags);
		/* title, source, topic, translation, label, role, three turns */
		size_t copies = 0;
		for (const char *p = text; (p = strstr(p, want)); p += strlen(want))
			copies++;
		if (copies < 9)
			fail_msg("payload %zu '%s' shown %zu times in:\n%s", i, want, copies, text);
		free(want);
		free(tags);
		free(text);
		pd_record_free(r);
	}
	free(base_tags);
	free(base_text);
}

static void test_markdown_structure(void **state)
{
	pd_record *r = english();
	char *md = render(pd_render_markdown, r);
	assert_true(strncmp(md, "# Press conference, Parliament House\n\n", 38) == 0);
	assert_contains(md, (const char *const[]){
		"- **Date:** 2024-05-01\n",
		"- **Source:** Prime Minister of Australia\n",
		"- **Type:** Press Conference\n",
		"- **Topics:** Budget, Housing\n",
		"- **Language:** en\n",
		"<https://pmtranscripts.example/release/transcript-41751>",
		"- **Translations:** [zh-Hant: pm-41751-zh](./pm-41751-zh.md)\n",
		"## Participants\n",
		"- **PRIME MINISTER** — Anthony Albanese, Prime Minister (host)\n",
		"## Transcript\n",
		"\\[1\\] *The Prime Minister arrived at 10am.*\n",
		"\\[2\\] *Q* **JOURNALIST:** Prime Minister, is it true?\n",
		"\\[3\\] *A* **PRIME MINISTER (Prime Minister):** It is.\n\nA second paragraph.\n",
		NULL });

	/* and what a CommonMark reader makes of it */
	char *html = cmark_html(md);
	assert_contains(html, (const char *const[]){
		"<h1>Press conference, Parliament House</h1>",
		"<a href=\"https://pmtranscripts.example/release/transcript-41751\">",
		"<a href=\"./pm-41751-zh.md\">zh-Hant: pm-41751-zh</a>",
		"<p>[1] <em>The Prime Minister arrived at 10am.</em></p>",
		"<p>[2] <em>Q</em> <strong>JOURNALIST:</strong> Prime Minister, is it true?</p>",
		"<strong>PRIME MINISTER (Prime Minister):</strong> It is.</p>\n<p>A second paragraph.</p>",
		NULL });
	free(html);
	free(md);
	pd_record_free(r);
}

static void test_markdown_link_targets(void **state)
{
	/* a translation id or URL is never a live javascript: link */
	pd_record *r = english();
	pd_record_set(&r->url, "javascript:alert(1)");
	pd_record_add_translation(r, "de", "javascript:alert(1)");
	pd_record_add_translation(r, "ja", "../../etc/passwd");
	pd_record_add_translation(r, "ko", NULL);
	char *md = render(pd_render_markdown, r);
	char *html = cmark_html(md);
	assert_null(strstr(html, "href=\"javascript"));
	assert_contains(html, (const char *const[]){
		"href=\"./javascript%3Aalert%281%29.md\"",
		"href=\"./..%2F..%2Fetc%2Fpasswd.md\"",
		NULL });
	assert_non_null(strstr(md, "**URL:** javascript:alert(1)\n"));
	/* an announced translation without id is named, not linked */
	assert_non_null(strstr(html, ", ko</li>"));
	free(html);
	free(md);
	pd_record_free(r);
}

static void test_markdown_chinese(void **state)
{
	pd_record *r = chinese();
	char *md = render(pd_render_markdown, r);
	assert_true(strncmp(md, "# 外交部发言人主持例行记者会\n", strlen("# 外交部发言人主持例行记者会\n")) == 0);
	assert_contains(md, (const char *const[]){
		"- **日期:** 2024-05-01\n",
		"- **来源:** 外交部\n",
		"## 出席者\n",
		"## 实录\n",
		"\\[1\\] *问* **记者:** 中方对此有何评论？",
		"\\[2\\] *答* **毛宁（发言人）:** 我们注意到有关报道。\n\n第二段。",
		NULL });
	char *html = cmark_html(md);
	assert_non_null(strstr(html, "<strong>毛宁（发言人）:</strong>"));
	free(html);
	free(md);

	/* Traditional labels for zh-Hant */
	pd_record_set(&r->language, "zh-Hant");
	md = render(pd_render_markdown, r);
	assert_contains(md, (const char *const[]){
		"- **來源:** 外交部\n",
		"*問*",
		NULL });
	free(md);
	pd_record_free(r);
}

static void test_markdown_invalid_utf8(void **state)
{
	pd_record *r = english();
	const char *bad = "caf\xC3 \xFF\xFE ok \xE6\x97";
	pd_record_set(&r->title, bad);
	pd_record_add_turn(r, "JOURNALIST", PD_TURN_QUESTION, bad, strlen(bad));
	char *md = render(pd_render_markdown, r);   /* render() checks UTF-8 */
	assert_non_null(strstr(md, "# caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD ok "));
	free(md);
	pd_record_free(r);
}

/* ---- plain text ---------------------------------------------------------- */

static void test_text_structure(void **state)
{
	pd_record *r = english();
	char *s = render(pd_render_text, r);
	assert_true(strncmp(s, "Press conference, Parliament House\nDate: 2024-05-01\n"
			       "Source: Prime Minister of Australia\n", 88) == 0);
	assert_contains(s, (const char *const[]){
		"[1] (Narration) The Prime Minister arrived at 10am.\n\n",
		"[2] Q. JOURNALIST: Prime Minister, is it true?\n\n",
		"[3] A. PRIME MINISTER (Prime Minister): It is.\n\n    A second paragraph.\n\n",
		NULL });
	free(s);
	pd_record_free(r);

	r = chinese();
	s = render(pd_render_text, r);
	assert_contains(s, (const char *const[]){
		"日期: 2024-05-01\n来源: 外交部\n",
		"[2] 答. 毛宁（发言人）: 我们注意到有关报道。\n\n    第二段。",
		NULL });
	free(s);
	pd_record_free(r);
}

static void test_text_terminal_safe(void **state)
{
	/* ESC/CSI sequences, C1 CSI (U+009B), BEL, DEL and bidi overrides
	 * must not reach a terminal; invalid UTF-8 becomes U+FFFD */
	const char *evil = "\x1B]0;pwned\x07\x1B[2J\xC2\x9B" "31m\x7F" "a\xE2\x80\xAE" "b\r\nnext line\xFF";
	pd_record *r = english();
	pd_record_set(&r->title, evil);
	pd_record_add_turn(r, evil, PD_TURN_STATEMENT, evil, strlen(evil));
	char *s = render(pd_render_text, r);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true(*p >= 0x20 || *p == '\n');
	assert_null(strstr(s, "\xC2\x9B"));
	assert_null(strstr(s, "\x7F"));
	assert_null(strstr(s, "\xE2\x80\xAE"));
	/* the title stays one line; inside a turn the line break is indented */
	assert_contains(s, (const char *const[]){
		"]0;pwned[2J31mab next line\xEF\xBF\xBD\n",
		"]0;pwned[2J31mab\n    next line\xEF\xBF\xBD\n\n",
		NULL });
	free(s);
	pd_record_free(r);
}

/* ---- Akoma Ntoso ----------------------------------------------------------- */

static xmlDocPtr parse_xml(const char *xml)
{
	/* no XML_PARSE_RECOVER: any well-formedness error fails */
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "akn.xml", "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("not well-formed XML:\n%s", xml);
	return doc;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* Element children's names joined by spaces. */
static char *children(xmlNodePtr n)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			if (b.len)
				pd_buf_putc(&b, ' ');
			pd_buf_puts(&b, (const char *)c->name);
		}
	return pd_buf_detach(&b);
}

static void assert_children(xmlNodePtr n, const char *want)
{
	assert_non_null(n);
	char *got = children(n);
	if (strcmp(got, want) != 0)
		fail_msg("<%s> children '%s', want '%s'", n->name, got, want);
	free(got);
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		fail_msg("<%s> lacks required attribute %s", n->name, name);
	char *s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static void assert_attrs(xmlNodePtr n, const char *const *names)
{
	for (; *names; names++)
		free(prop(n, *names));
}

static void check_frbr(xmlNodePtr level, const char *want)
{
	static const char *const value[] = { "value", NULL };
	static const char *const date[] = { "date", "name", NULL };
	static const char *const href[] = { "href", NULL };
	static const char *const lang[] = { "language", NULL };
	assert_children(level, want);
	assert_attrs(child(level, "FRBRthis"), value);
	assert_attrs(child(level, "FRBRuri"), value);
	assert_attrs(child(level, "FRBRdate"), date);
	assert_attrs(child(level, "FRBRauthor"), href);
	if (child(level, "FRBRcountry"))
		assert_attrs(child(level, "FRBRcountry"), value);
	if (child(level, "FRBRlanguage"))
		assert_attrs(child(level, "FRBRlanguage"), lang);
}

/* Collects every eId; each must be a unique NCName. */
static void collect_eids(xmlNodePtr n, char ***ids, size_t *nids)
{
	for (xmlNodePtr c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *v = xmlGetProp(c, (const xmlChar *)"eId");
		if (v) {
			if (xmlValidateNCName(v, 0) != 0)
				fail_msg("eId '%s' is not an NCName", v);
			for (size_t i = 0; i < *nids; i++)
				if (strcmp((*ids)[i], (const char *)v) == 0)
					fail_msg("eId '%s' is not unique", v);
			*ids = realloc(*ids, (*nids + 1) * sizeof **ids);
			(*ids)[(*nids)++] = strdup((const char *)v);
			xmlFree(v);
		}
		collect_eids(c->children, ids, nids);
	}
}

static bool has_id(char **ids, size_t n, const char *ref)
{
	if (ref[0] != '#')
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], ref + 1) == 0)
			return true;
	return false;
}

/* The structure the 3.0 schema requires of what we write; returns the
 * debateSection for further checks. */
static xmlNodePtr check_akn(xmlDocPtr doc)
{
	static const char *const src[] = { "source", NULL };
	static const char *const tlc[] = { "eId", "href", "showAs", NULL };
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "akomaNtoso");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
			    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0");
	assert_children(root, "debateRecord");
	xmlNodePtr dr = child(root, "debateRecord");
	free(prop(dr, "name"));
	assert_children(dr, "meta preface debateBody");
	xmlNodePtr meta = child(dr, "meta");
	assert_children(meta, "identification references");
	xmlNodePtr ident = child(meta, "identification");
	char *s = prop(ident, "source");
	assert_string_equal(s, "#podium");
	free(s);
	assert_children(ident, "FRBRWork FRBRExpression FRBRManifestation");
	check_frbr(child(ident, "FRBRWork"), "FRBRthis FRBRuri FRBRdate FRBRauthor FRBRcountry");
	check_frbr(child(ident, "FRBRExpression"), "FRBRthis FRBRuri FRBRdate FRBRauthor FRBRlanguage");
	check_frbr(child(ident, "FRBRManifestation"), "FRBRthis FRBRuri FRBRdate FRBRauthor");
	xmlNodePtr refs = child(meta, "references");
	assert_attrs(refs, src);
	for (xmlNodePtr c = refs->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			assert_true(strncmp((const char *)c->name, "TLC", 3) == 0);
			assert_attrs(c, tlc);
		}
	xmlNodePtr preface = child(dr, "preface");
	assert_non_null(child(child(preface, "p"), "docTitle"));

	char **ids = NULL;
	size_t nids = 0;
	collect_eids(root, &ids, &nids);
	/* every reference points at a TLC element; the source is Podium */
	assert_true(has_id(ids, nids, "#podium"));
	xmlNodePtr body = child(dr, "debateBody");
	xmlNodePtr sect = child(body, "debateSection");
	assert_non_null(sect);
	free(prop(sect, "name"));
	free(prop(sect, "eId"));
	for (xmlNodePtr c = sect->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "heading") == 0 || strcmp(name, "narrative") == 0)
			continue;
		assert_true(strcmp(name, "speech") == 0 || strcmp(name, "question") == 0 ||
			    strcmp(name, "answer") == 0);
		const char *attrs[] = { "by", "as", "to", NULL };
		for (int i = 0; attrs[i]; i++) {
			xmlChar *v = xmlGetProp(c, (const xmlChar *)attrs[i]);
			if (i == 0)
				assert_non_null(v);
			if (v && !has_id(ids, nids, (const char *)v))
				fail_msg("<%s %s='%s'> points nowhere", name, attrs[i], v);
			xmlFree(v);
		}
		/* speechType: from, then one or more blocks */
		char *kids = children(c);
		assert_true(strncmp(kids, "from p", 6) == 0);
		for (char *k = kids + 4; *k; k += 2)
			assert_true(strncmp(k, " p", 2) == 0);
		free(kids);
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	return sect;
}

static char *text_of(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static void test_akn_english(void **state)
{
	pd_record *r = english();
	char *xml = render(pd_render_akn, r);
	xmlDocPtr doc = parse_xml(xml);
	xmlNodePtr sect = check_akn(doc);
	assert_children(sect, "heading narrative question answer");
	xmlNodePtr q = child(sect, "question"), a = child(sect, "answer");
	char *by = prop(q, "by"), *to = prop(a, "to"), *as = prop(a, "as");
	assert_string_equal(by, "#journalist");
	assert_string_equal(to, "#journalist");   /* answers the journalist */
	assert_string_equal(as, "#prime_minister__2");   /* slug taken by the person */
	free(by), free(to), free(as);
	assert_children(a, "from p p");
	char *p2 = text_of(a->children->next->next->next->next->next);
	assert_string_equal(p2, "A second paragraph.");
	free(p2);
	xmlNodePtr fw = child(child(child(child(xmlDocGetRootElement(doc), "debateRecord"),
					    "meta"), "identification"), "FRBRWork");
	char *uri = prop(child(fw, "FRBRuri"), "value");
	assert_string_equal(uri, "/akn/xx/debateRecord/2024-05-01/pm-41751");
	free(uri);
	assert_contains(xml, (const char *const[]){
		"<TLCPerson eId=\"prime_minister\" href=\"/ontology/person/podium/prime_minister\" showAs=\"Anthony Albanese\"/>",
		"<FRBRlanguage language=\"eng\"/>",
		"<docDate date=\"2024-05-01\">",
		NULL });
	xmlFreeDoc(doc);
	free(xml);
	pd_record_free(r);
}

static void test_akn_chinese(void **state)
{
	pd_record *r = chinese();
	char *xml = render(pd_render_akn, r);
	xmlDocPtr doc = parse_xml(xml);
	xmlNodePtr sect = check_akn(doc);
	assert_children(sect, "heading question answer question");
	/* Chinese labels have no ASCII to slug: indexed ids, still distinct */
	assert_contains(xml, (const char *const[]){
		"<TLCPerson eId=\"person__0\" href=\"/ontology/person/podium/person__0\" showAs=\"毛宁\"/>",
		"eId=\"person__1\"",
		"eId=\"person__2\"",
		"<TLCRole eId=\"role__3\"",
		"<FRBRlanguage language=\"zho\"/>",
		"<from>毛宁</from>",
		"<p>我们注意到有关报道。</p>",
		NULL });
	xmlFreeDoc(doc);
	free(xml);
	pd_record_free(r);
}

static void test_akn_hostile(void **state)
{
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		pd_record *r = with_payload(hostile[i]);
		pd_record_set(&r->release_type, hostile[i]);
		pd_record_set(&r->date, hostile[i]);   /* not a date: left out */
		pd_record_set(&r->id, hostile[i]);
		r->turns[r->nturns - 2].lang = strdup("\"><x");
		char *xml = render(pd_render_akn, r);
		xmlDocPtr doc = parse_xml(xml);
		xmlNodePtr sect = check_akn(doc);
		/* the statement's paragraph reads exactly as the transcript */
		xmlNodePtr last = NULL;
		for (xmlNodePtr c = sect->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "speech") == 0)
				last = c;
		assert_non_null(last);
		char *from = text_of(child(last, "from"));
		char *want = visible(hostile[i]);
		char *got = visible(from);
		assert_string_equal(got, want);
		free(got);
		free(from);
		free(want);
		xmlFreeDoc(doc);
		free(xml);
		pd_record_free(r);
	}
	/* ]]> and quotes in attributes */
	pd_record *r = english();
	pd_record_set(&r->source, "a\"b'c<d>&e]]>f");
	char *xml = render(pd_render_akn, r);
	assert_non_null(strstr(xml, "showAs=\"a&quot;b&apos;c&lt;d&gt;&amp;e]]&gt;f\""));
	xmlFreeDoc(parse_xml(xml));
	free(xml);
	pd_record_free(r);
}

static void test_akn_many_speakers(void **state)
{
	/* a label that is a reserved id, one with digits first, one without
	 * ASCII, a 4 KB label, 300 labels with the same slug, a turn without
	 * speaker: ids stay unique NCNames and every reference resolves */
	pd_record *r = english();
	char *big = malloc(4097);
	memset(big, 'Z', 4096);
	big[4096] = '\0';
	const char *odd[] = { "podium", "unknown", "42 Reporter", "-", big, "外国记者" };
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		pd_record_add_participant(r, odd[i], PD_PART_JOURNALIST);
		pd_record_add_turn(r, odd[i], PD_TURN_QUESTION, "q", 1);
	}
	char label[400] = "Sp";
	for (int i = 0; i < 300; i++) {
		pd_record_add_participant(r, label, PD_PART_OTHER);
		pd_record_add_turn(r, label, PD_TURN_STATEMENT, "x", 1);
		strcat(label, "!");
	}
	pd_record_add_turn(r, "Not a participant", PD_TURN_STATEMENT, "y", 1);
	pd_record_add_turn(r, NULL, PD_TURN_STATEMENT, "who?", 4);
	char *xml = render(pd_render_akn, r);
	xmlDocPtr doc = parse_xml(xml);
	check_akn(doc);
	assert_contains(xml, (const char *const[]){
		"eId=\"_42_reporter\"",
		"eId=\"podium__2\"",
		"eId=\"unknown__3\"",
		"eId=\"person__5\"",
		"eId=\"person__7\"",
		"eId=\"sp\"",
		"eId=\"sp__9\"",
		"eId=\"sp__307\"",
		"eId=\"not_a_participant__308\"",
		"by=\"#unknown\"",
		NULL });
	char want[80] = "eId=\"";
	memset(want + 5, 'z', 48);
	strcpy(want + 53, "\"");
	assert_non_null(strstr(xml, want));
	xmlFreeDoc(doc);
	free(xml);
	free(big);
	pd_record_free(r);
}

/* ---- all renderers --------------------------------------------------------- */

static void test_ceiling(void **state)
{
	render_fn fns[] = { pd_render_markdown, pd_render_text, pd_render_akn };
	pd_record *r = english();
	for (size_t i = 0; i < 3; i++) {
		for (size_t max = 0; max < 200; max += 37) {
			pd_buf b;
			pd_buf_init(&b, max ? max : 1);
			assert_int_equal(fns[i](r, &b), -1);
			assert_true(b.len <= (max ? max : 1));
			pd_buf_release(&b);
		}
		/* the exact size fits */
		char *full = render(fns[i], r);
		pd_buf b;
		pd_buf_init(&b, strlen(full));
		assert_int_equal(fns[i](r, &b), 0);
		assert_string_equal(b.data, full);
		pd_buf_release(&b);
		free(full);
	}
	pd_record_free(r);
}

static void test_empty_record(void **state)
{
	/* no field set at all: every renderer still writes a valid document */
	pd_record *r = pd_record_new();
	pd_record_add_turn(r, "X", PD_TURN_ANSWER, "", 0);
	r->turns[0].answers = 9;   /* points past the end */
	char *md = render(pd_render_markdown, r);
	assert_true(strncmp(md, "# Untitled\n", 11) == 0);
	char *tx = render(pd_render_text, r);
	assert_true(strncmp(tx, "Untitled\n", 9) == 0);
	char *xml = render(pd_render_akn, r);
	xmlDocPtr doc = parse_xml(xml);
	check_akn(doc);
	assert_contains(xml, (const char *const[]){
		"<FRBRdate date=\"0001-01-01\" name=\"unknown\"/>",
		"<p/>",
		NULL });
	xmlFreeDoc(doc);
	free(md), free(tx), free(xml);
	pd_record_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_structure),
		cmocka_unit_test(test_markdown_hostile_is_literal),
		cmocka_unit_test(test_markdown_link_targets),
		cmocka_unit_test(test_markdown_chinese),
		cmocka_unit_test(test_markdown_invalid_utf8),
		cmocka_unit_test(test_text_structure),
		cmocka_unit_test(test_text_terminal_safe),
		cmocka_unit_test(test_akn_english),
		cmocka_unit_test(test_akn_chinese),
		cmocka_unit_test(test_akn_hostile),
		cmocka_unit_test(test_akn_many_speakers),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_empty_record),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
