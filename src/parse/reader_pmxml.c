/* reader_pmxml.c: the PM Transcripts archive's XML (Australian Department
 * of the Prime Minister and Cabinet, harvested by wragge/pm-transcripts).
 *
 *   <transcripts><transcript>
 *     <transcript-id>40598</transcript-id>
 *     <title>Press Conference at ...</title>
 *     <prime-minister>Turnbull, Malcolm</prime-minister>
 *     <release-date>17/11/2016</release-date>          (dd/mm/yyyy)
 *     <release-type>Transcript</release-type>
 *     <document>https://...pdf</document>
 *     <subjects>...</subjects>
 *     <content><![CDATA[<p><strong>PRIME MINISTER:</strong></p>...]]></content>
 *   </transcript></transcripts>
 *
 * The XML is parsed without entity substitution, DTD loading or network
 * access; a document declaring entities is refused outright (no real
 * transcript has one, and they are how entity bombs work).
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/html_walk.h"
#include "base/mem.h"
#include "base/str.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *child_text(xmlNode *parent, const char *name)
{
	for (xmlNode *n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
			continue;
		xmlChar *v = xmlNodeGetContent(n);
		if (!v)
			return NULL;
		char *s = pd_str_collapse_space((const char *)v, strlen((const char *)v));
		xmlFree(v);
		if (!*s) {
			free(s);
			return NULL;
		}
		return s;
	}
	return NULL;
}

/* "Hawke, Robert" -> "Robert Hawke"; "Curtin, John" -> "John Curtin". */
static char *person_name(const char *pm)
{
	const char *comma = strchr(pm, ',');
	if (!comma)
		return pd_xstrdup(pm);
	pd_slice last = pd_slice_trim((pd_slice){ pm, (size_t)(comma - pm) });
	pd_slice first = pd_slice_trim(pd_slice_of(comma + 1));
	char *out = pd_xmalloc(first.n + last.n + 2);
	memcpy(out, first.p, first.n);
	out[first.n] = ' ';
	memcpy(out + first.n + 1, last.p, last.n);
	out[first.n + 1 + last.n] = '\0';
	return out;
}

/* First occurrence of lit in (s, n), or NULL. */
static const char *find(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return s + i;
	return NULL;
}

/* Whether the prolog (everything before the root element) holds a DOCTYPE
 * or an entity declaration. The whole prolog is scanned, comments and
 * processing instructions skipped, so a long comment cannot push a DOCTYPE
 * out of sight. Bounds-checked: the input need not be NUL-terminated. */
static bool declares_entities(const char *data, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *lt = memchr(data + i, '<', n - i);
		if (!lt)
			return false;
		i = (size_t)(lt - data);
		size_t left = n - i;
		if (left >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *end = find(lt + 4, left - 4, "-->");
			if (!end)
				return false;
			i = (size_t)(end - data) + 3;
		} else if (left >= 2 && lt[1] == '?') {
			const char *end = find(lt + 2, left - 2, "?>");
			if (!end)
				return false;
			i = (size_t)(end - data) + 2;
		} else if ((left >= 9 && memcmp(lt, "<!DOCTYPE", 9) == 0) ||
			   (left >= 8 && memcmp(lt, "<!ENTITY", 8) == 0)) {
			return true;
		} else {
			return false; /* the root element: the prolog is over */
		}
	}
	return false;
}

pd_record *pd_read_pm_xml(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_record *r = NULL;
	xmlDoc *xdoc = NULL, *hdoc = NULL;
	xmlParserCtxt *ctxt = NULL;
	char *pm = NULL, *host = NULL, *content = NULL;
	pd_doc doc;
	pd_doc_init(&doc);

	if (declares_entities(data, n)) {
		pd_err_set(err, PD_EINPUT, "%s: XML with a DOCTYPE or entity declarations is not accepted", name);
		goto out;
	}
	ctxt = xmlNewParserCtxt();
	xdoc = xmlCtxtReadMemory(ctxt, data, (int)n, name, NULL,
				 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!xdoc) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		pd_slice msg = pd_slice_trim(pd_slice_of(e && e->message ? e->message : "unknown error"));
		pd_err_set(err, PD_EINPUT, "%s: malformed XML at line %d: %.*s", name, e ? e->line : 0,
			   (int)msg.n, msg.p);
		goto out;
	}
	xmlNode *root = xmlDocGetRootElement(xdoc);
	xmlNode *tr = NULL;
	if (root && strcmp((const char *)root->name, "transcripts") == 0) {
		for (xmlNode *c = root->children; c && !tr; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "transcript") == 0)
				tr = c;
	} else if (root && strcmp((const char *)root->name, "transcript") == 0) {
		tr = root;
	}
	if (!tr) {
		pd_err_set(err, PD_EINPUT, "%s: no <transcript> element (an empty PM transcripts file)", name);
		goto out;
	}
	r = pd_record_new();
	pd_record_set(&r->format, "pm-xml");
	char *id = child_text(tr, "transcript-id");
	if (id) {
		char buf[160];
		snprintf(buf, sizeof buf, "pm-%.120s", id);
		pd_record_set(&r->id, buf);
		free(id);
	}
	r->title = child_text(tr, "title");
	char *date = child_text(tr, "release-date");
	char iso[11];
	if (date && pd_parse_date(date, strlen(date), iso))
		pd_record_set(&r->date, iso);
	free(date);
	r->release_type = child_text(tr, "release-type");
	r->url = child_text(tr, "document");
	pm = child_text(tr, "prime-minister");
	if (pm) {
		host = person_name(pm);
		char src[512];
		snprintf(src, sizeof src, "PM Transcripts: Prime Minister %s", host);
		pd_record_set(&r->source, src);
	} else {
		pd_record_set(&r->source, "PM Transcripts");
	}
	char *subjects = child_text(tr, "subjects");
	if (subjects) {
		char *p = subjects;
		for (char *q; (q = strpbrk(p, ";,")) || *p; p = q ? q + 1 : p + strlen(p)) {
			size_t len = q ? (size_t)(q - p) : strlen(p);
			pd_slice s = pd_slice_trim((pd_slice){ p, len });
			if (s.n) {
				char *topic = pd_slice_dup(s);
				pd_record_add_topic(r, topic);
				free(topic);
			}
			if (!q)
				break;
		}
		free(subjects);
	}
	content = child_text(tr, "content");
	if (content) {
		/* child_text collapsed white space: fine for HTML, where it is not
		 * significant; <br /> and <p> carry the structure */
		hdoc = pd_html_read(content, strlen(content), "UTF-8");
		if (hdoc)
			pd_html_walk(hdoc->children, &doc);
	}
	pd_turns_detect(r, &doc, host);
	pd_finish_record(r, name);
out:
	pd_doc_release(&doc);
	if (hdoc)
		xmlFreeDoc(hdoc);
	if (xdoc)
		xmlFreeDoc(xdoc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	free(pm);
	free(host);
	free(content);
	return r;
}
