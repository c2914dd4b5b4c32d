/* html_walk.c: HTML element tree -> doc lines (html_walk.h).
 *
 * libxml2's xmlNodeGetContent drops <br> without white space ("报道。中方"),
 * so the tree is walked here and every line break kept.
 */
#include "parse/html_walk.h"
#include "base/limits.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

static const char *const skipped[] = {
	"script", "style", "noscript", "template", "nav", "footer", "aside",
	"form", "button", "select", "textarea", "iframe", "object", "embed",
	"svg", "canvas", "head", "menu", "video", "audio", "map",
};

static const char *const blocks[] = {
	"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody",
	"thead", "section", "article", "main", "header", "center", "pre",
	"address", "figure", "figcaption", "hr", "body", "html", "td", "th",
	"caption", "details", "summary", "font",
};

static bool name_in(const xmlChar *name, const char *const *list, size_t n)
{
	int first = name[0] | 32;   /* the lists are lower case */
	for (size_t i = 0; i < n; i++)
		if (list[i][0] == first && strcasecmp((const char *)name, list[i]) == 0)
			return true;
	return false;
}

/* Page furniture by class or id: menus, breadcrumbs, share bars. */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t k = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, k) == 0)
			return hay;
	return NULL;
}

static bool is_furniture(xmlNode *n)
{
	static const char *const words[] = {
		"nav", "menu", "breadcrumb", "footer", "sidebar", "share", "cookie",
		"banner", "toolbar", "pagination", "related", "comment", "skip",
		"fontsize", "font-size", "print",
	};
	static const char *const attrs[] = { "class", "id", "role" };
	for (size_t a = 0; a < 3; a++) {
		xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
		if (!v)
			continue;
		bool hit = false;
		for (size_t w = 0; w < sizeof words / sizeof *words && !hit; w++) {
			const char *p = find_ci((const char *)v, words[w]);
			/* "navigation", "main-nav" but not "canvas" */
			hit = p && (p == (const char *)v || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z'));
		}
		xmlFree(v);
		if (hit)
			return true;
	}
	return false;
}

/* Whether the element's class names its text a speaker: "speaker",
 * "speaker-name", "transcript__speaker", as pages built from transcripts
 * mark who speaks ("<span class=speaker>Spokesperson Li</span><p>...").
 * Not "speakers" (a list of them) nor "loudspeaker". */
static bool marks_speaker(xmlNode *n)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	if (!v)
		return false;
	bool hit = false;
	for (const char *p = (const char *)v; !hit && (p = find_ci(p, "speaker")); p++) {
		char before = p == (const char *)v ? ' ' : (char)(p[-1] | 32);
		char after = (char)(p[7] | 32);
		hit = !(before >= 'a' && before <= 'z') && !(after >= 'a' && after <= 'z');
	}
	xmlFree(v);
	return hit;
}

static void walk(xmlNode *node, pd_doc *d, int depth, bool bold)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				pd_doc_text(d, (const char *)n->content, strlen((const char *)n->content), bold);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || !n->name)
			continue;
		const xmlChar *name = n->name;
		if (name_in(name, skipped, sizeof skipped / sizeof *skipped) || is_furniture(n))
			continue;
		if (depth >= PD_MAX_MARKUP_DEPTH)
			continue;
		if (strcasecmp((const char *)name, "br") == 0) {
			pd_doc_break(d);
			continue;
		}
		bool heading = (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2];
		bool quote = strcasecmp((const char *)name, "blockquote") == 0;
		bool speaker = marks_speaker(n);   /* a line of its own, a label */
		bool block = heading || quote || speaker ||
			     name_in(name, blocks, sizeof blocks / sizeof *blocks);
		bool b = bold || strcasecmp((const char *)name, "strong") == 0 ||
			 strcasecmp((const char *)name, "b") == 0;
		if (block)
			pd_doc_para(d);
		if (heading)
			pd_doc_set_flags(d, PD_LINE_HEADING);
		if (quote)
			pd_doc_set_flags(d, PD_LINE_QUOTE);
		if (speaker)
			pd_doc_set_flags(d, PD_LINE_LABEL);
		walk(n->children, d, depth + 1, b);
		if (block)
			pd_doc_para(d);
	}
}

void pd_html_walk(xmlNode *node, pd_doc *d)
{
	walk(node, d, 0, false);
	pd_doc_para(d);
}

xmlDoc *pd_html_read(const char *data, size_t n, const char *encoding)
{
	if (n > (size_t)0x7fffffff)
		return NULL;
	return htmlReadMemory(data, (int)n, NULL, encoding,
			      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			      HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
}
