/* reader_html.c: HTML pages — a portal's press-conference page, a
 * ministry's transcript page, an archive's saved copy.
 *
 * The title comes from og:title, <title> or the first <h1>; the date from
 * <meta> (article:published_time, date, pubdate, DC.date), <time datetime>
 * or a "Date:" line; the body from <article>, <main> or a content <div>
 * when the page has one, else <body>. Navigation, scripts, styles and page
 * furniture are skipped (html_walk.c). libxml2 detects the encoding from
 * <meta charset> (GB2312/GBK/Big5 pages are converted to UTF-8).
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/html_walk.h"
#include "base/mem.h"
#include "base/str.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *xpath_string(xmlXPathContext *ctx, const char *expr)
{
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	char *out = NULL;
	if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		if (v) {
			out = pd_str_collapse_space((const char *)v, strlen((const char *)v));
			xmlFree(v);
			if (!*out) {
				free(out);
				out = NULL;
			}
		}
	}
	xmlXPathFreeObject(o);
	return out;
}

static xmlNode *xpath_node(xmlXPathContext *ctx, const char *expr)
{
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlNode *n = NULL;
	if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0)
		n = o->nodesetval->nodeTab[0];
	xmlXPathFreeObject(o);
	return n;
}

/* Titles often carry the site name: "Title - Site" / "Title | Site". */
static void trim_site_suffix(char *title)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ", "_" };
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
		char *p = strstr(title, seps[k]);
		if (p && p - title > 10 && strlen(p) < 60)
			*p = '\0';
	}
}

pd_record *pd_read_html(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_record *r = NULL;
	xmlXPathContext *ctx = NULL;
	pd_doc doc;
	pd_doc_init(&doc);
	xmlDoc *h = pd_html_read(data, n, NULL);
	if (!h || !xmlDocGetRootElement(h)) {
		pd_err_set(err, PD_EINPUT, "%s: not readable as HTML", name);
		goto out;
	}
	ctx = xmlXPathNewContext(h);
	r = pd_record_new();
	pd_record_set(&r->format, "html");
	char *title = xpath_string(ctx, "//meta[@property='og:title']/@content");
	if (!title)
		title = xpath_string(ctx, "//h1");
	if (!title) {
		title = xpath_string(ctx, "//title");
		if (title)
			trim_site_suffix(title);
	}
	r->title = title;
	static const char *const date_paths[] = {
		"//meta[@property='article:published_time']/@content",
		"//meta[@name='date' or @name='Date' or @name='pubdate' or @name='PubDate']/@content",
		"//meta[@name='DC.date' or @name='dc.date' or @name='dcterms.date']/@content",
		"//time/@datetime",
	};
	for (size_t k = 0; k < sizeof date_paths / sizeof *date_paths && !r->date; k++) {
		char *v = xpath_string(ctx, date_paths[k]);
		char iso[11];
		if (v && pd_parse_date(v, strlen(v), iso))
			pd_record_set(&r->date, iso);
		free(v);
	}
	xmlNode *body = xpath_node(ctx, "//article");
	if (!body)
		body = xpath_node(ctx, "//main");
	if (!body)
		body = xpath_node(ctx, "//*[@id='content' or @id='main-content' or @class='content' or "
				       "@class='article' or contains(@id,'Body_Txt') or contains(@class,'article-body')]");
	if (!body)
		body = xpath_node(ctx, "//body");
	if (!body)
		body = xmlDocGetRootElement(h);
	pd_html_walk(body->children, &doc);
	/* the page's own <h1> repeats the title: drop it from the text */
	if (doc.n && r->title && strcmp(doc.lines[0].text, r->title) == 0) {
		memmove(doc.lines, doc.lines + 1, (doc.n - 1) * sizeof *doc.lines);
		doc.n--;
	}
	pd_read_header_fields(r, &doc);
	if (!r->date) {
		/* "<title>Q&A with the Minister, 3 March 2021</title>" over an
		 * <h1> without the date */
		char *head = xpath_string(ctx, "//title");
		char iso[11];
		if (head && pd_parse_title_date(head, strlen(head), iso))
			pd_record_set(&r->date, iso);
		free(head);
	}
	pd_turns_detect(r, &doc, NULL);
	if (!r->nturns && !r->title) {
		pd_record_free(r);
		r = NULL;
		pd_err_set(err, PD_EINPUT, "%s: the HTML page has no text", name);
		goto out;
	}
	pd_finish_record(r, name);
out:
	pd_doc_release(&doc);
	if (ctx)
		xmlXPathFreeContext(ctx);
	if (h)
		xmlFreeDoc(h);
	return r;
}
