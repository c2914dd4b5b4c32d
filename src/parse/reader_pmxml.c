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
 * A file is read by the hand scanner of pmxml_scan.c when it can, else
 * by libxml2's XML parser (the reference: same record, and its errors); the
 * content's HTML then goes to libxml2's HTML parser either way.
 *
 * libxml2 parses the XML without entity substitution, DTD loading or
 * network access; a document declaring entities is refused outright (no
 * real transcript has one, and they are how entity bombs work).
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/html_walk.h"
#include "parse/pmxml_scan.h"
#include "base/mem.h"
#include "base/str.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field as the record takes it: white space collapsed, NULL when blank. */
static char *field_value(const char *v, size_t n)
{
	char *s = pd_str_collapse_space(v, n);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static char *child_text(xmlNode *parent, const char *name)
{
	for (xmlNode *n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
			continue;
		xmlChar *v = xmlNodeGetContent(n);
		if (!v)
			return NULL;
		char *s = field_value((const char *)v, strlen((const char *)v));
		xmlFree(v);
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

/* The record from the fields' values (v[PD_PMXML_*], each NULL or a
 * string this function takes over), however they were read. */
static pd_record *build_record(const char *name, char *v[PD_PMXML_NFIELDS])
{
	xmlDoc *hdoc = NULL;
	char *host = NULL;
	pd_doc doc;
	pd_doc_init(&doc);
	pd_record *r = pd_record_new();
	pd_record_set(&r->format, "pm-xml");
	if (v[PD_PMXML_ID]) {
		char buf[160];
		snprintf(buf, sizeof buf, "pm-%.120s", v[PD_PMXML_ID]);
		pd_record_set(&r->id, buf);
	}
	r->title = v[PD_PMXML_TITLE];
	v[PD_PMXML_TITLE] = NULL;
	char *date = v[PD_PMXML_DATE];
	char iso[11];
	if (date && pd_parse_date(date, strlen(date), iso))
		pd_record_set(&r->date, iso);
	r->release_type = v[PD_PMXML_TYPE];
	v[PD_PMXML_TYPE] = NULL;
	r->url = v[PD_PMXML_DOCUMENT];
	v[PD_PMXML_DOCUMENT] = NULL;
	char *pm = v[PD_PMXML_PM];
	if (pm) {
		host = person_name(pm);
		char src[512];
		snprintf(src, sizeof src, "PM Transcripts: Prime Minister %s", host);
		pd_record_set(&r->source, src);
	} else {
		pd_record_set(&r->source, "PM Transcripts");
	}
	char *subjects = v[PD_PMXML_SUBJECTS];
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
	}
	char *content = v[PD_PMXML_CONTENT];
	if (content) {
		/* white space was collapsed: fine for HTML, where it is not
		 * significant; <br /> and <p> carry the structure */
		hdoc = pd_html_read(content, strlen(content), "UTF-8");
		if (hdoc)
			pd_html_walk(hdoc->children, &doc);
	}
	pd_turns_detect(r, &doc, host);
	pd_finish_record(r, name);
	pd_doc_release(&doc);
	if (hdoc)
		xmlFreeDoc(hdoc);
	free(host);
	for (int i = 0; i < PD_PMXML_NFIELDS; i++) {
		free(v[i]);
		v[i] = NULL;
	}
	return r;
}

pd_record *pd_read_pm_xml_libxml(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_record *r = NULL;
	xmlDoc *xdoc = NULL;
	xmlParserCtxt *ctxt = NULL;

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
	char *v[PD_PMXML_NFIELDS];
	for (int i = 0; i < PD_PMXML_NFIELDS; i++)
		v[i] = child_text(tr, pd_pmxml_field_names[i]);
	r = build_record(name, v);
out:
	if (xdoc)
		xmlFreeDoc(xdoc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return r;
}

pd_record *pd_read_pm_xml(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_pmxml_fields f;
	pd_pmxml_fields_init(&f);
	pd_record *r;
	if (pd_pmxml_scan(data, n, &f)) {
		char *v[PD_PMXML_NFIELDS];
		for (int i = 0; i < PD_PMXML_NFIELDS; i++)
			v[i] = f.seen[i] ? field_value(pd_buf_cstr(&f.text[i]), f.text[i].len) : NULL;
		r = build_record(name, v);
	} else {
		r = pd_read_pm_xml_libxml(name, data, n, err);
	}
	pd_pmxml_fields_release(&f);
	return r;
}
