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
 * content's HTML is read by the hand reader of html_scan.c when it can,
 * else by libxml2's HTML parser (the same lines either way).
 *
 * libxml2 parses the XML through xml_safe.h: without entity substitution,
 * DTD loading or network access; a document declaring entities is refused
 * outright (no real transcript has one, and they are how entity bombs work).
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/html_scan.h"
#include "parse/html_walk.h"
#include "parse/pmxml_scan.h"
#include "parse/xml_safe.h"
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
		return pd_xml_text(n);
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

/* The content's lines into doc: the hand reader takes the common content,
 * libxml2 what it declines. The content comes as a field, white space
 * collapsed (it is not significant in HTML; <br /> and <p> carry the
 * structure), or raw (raw_n bytes at raw, content NULL) from the hand XML
 * scanner: the hand reader then takes it as it stands (its lines are
 * collapsed one by one anyway, and a collapse of the whole content first
 * was 4 % of the parser), and what it declines is collapsed and read as
 * before. Returns libxml2's tree, if it was needed, for the caller to free
 * with the document. */
static xmlDoc *read_content(const char *content, const char *raw, size_t raw_n, pd_doc *doc)
{
	char *collapsed = NULL;
	if (raw) {
		if (pd_html_scan_raw(raw, raw_n, doc))
			return NULL;
		/* declined: the reference path, on the content as a field */
		content = collapsed = field_value(raw, raw_n);
	}
	xmlDoc *hdoc = NULL;
	size_t len = content ? strlen(content) : 0;
	if (content && !pd_html_scan(content, len, doc)) {
		hdoc = pd_html_read(content, len, "UTF-8");
		if (hdoc)
			pd_html_walk(hdoc->children, doc);
	}
	free(collapsed);
	return hdoc;
}

/* The record from the fields' values (v[PD_PMXML_*], each NULL or a
 * string the caller keeps; the record copies what it holds), however they
 * were read; the content may come raw instead (read_content). */
static pd_record *build_record(const char *name, const char *const v[PD_PMXML_NFIELDS],
			       const char *raw_content, size_t raw_n)
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
	pd_record_set(&r->title, v[PD_PMXML_TITLE]);
	const char *date = v[PD_PMXML_DATE];
	char iso[11];
	if (date && pd_parse_date(date, strlen(date), iso))
		pd_record_set(&r->date, iso);
	pd_record_set(&r->release_type, v[PD_PMXML_TYPE]);
	pd_record_set(&r->url, v[PD_PMXML_DOCUMENT]);
	const char *pm = v[PD_PMXML_PM];
	if (pm) {
		host = person_name(pm);
		char src[512];
		snprintf(src, sizeof src, "PM Transcripts: Prime Minister %s", host);
		pd_record_set(&r->source, src);
	} else {
		pd_record_set(&r->source, "PM Transcripts");
	}
	const char *subjects = v[PD_PMXML_SUBJECTS];
	if (subjects) {
		const char *p = subjects;
		for (const char *q; (q = strpbrk(p, ";,")) || *p; p = q ? q + 1 : p + strlen(p)) {
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
	hdoc = read_content(v[PD_PMXML_CONTENT], raw_content, raw_n, &doc);
	pd_turns_detect(r, &doc, host);
	pd_finish_record(r, name);
	pd_doc_release(&doc);
	if (hdoc)
		xmlFreeDoc(hdoc);
	free(host);
	return r;
}

pd_record *pd_read_pm_xml_libxml(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_record *r = NULL;
	xmlDoc *xdoc = pd_xml_read(name, data, n, err);
	if (!xdoc)
		return NULL;
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
	r = build_record(name, (const char *const *)v, NULL, 0);
	for (int i = 0; i < PD_PMXML_NFIELDS; i++)
		free(v[i]);
out:
	xmlFreeDoc(xdoc);
	return r;
}

/* The scanned fields' values but the content's, as field_value gives
 * them, into v, all in one block that the caller frees (a malloc for each
 * of seven fields, most of them read and dropped, was a tenth of a
 * document's allocator calls). */
static char *field_values(const pd_pmxml_fields *f, const char *v[PD_PMXML_NFIELDS])
{
	size_t total = 0, len;
	for (int i = 0; i < PD_PMXML_NFIELDS; i++)
		if (f->seen[i] && i != PD_PMXML_CONTENT) {
			pd_pmxml_field(f, i, &len);
			total += len + 1;
		}
	/* a collapse is never longer than its text */
	char *values = pd_xmalloc(total), *at = values;
	for (int i = 0; i < PD_PMXML_NFIELDS; i++) {
		v[i] = NULL;
		if (!f->seen[i] || i == PD_PMXML_CONTENT)
			continue;
		const char *text = pd_pmxml_field(f, i, &len);
		pd_str_collapse_space_to(text, len, at);
		if (*at)   /* NULL when blank */
			v[i] = at;
		at += len + 1;
	}
	return values;
}

pd_record *pd_read_pm_xml(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_pmxml_fields f;
	pd_pmxml_fields_init(&f);
	pd_record *r;
	if (pd_pmxml_scan(data, n, &f)) {
		const char *v[PD_PMXML_NFIELDS];
		char *values = field_values(&f, v);
		size_t len;
		const char *content = pd_pmxml_field(&f, PD_PMXML_CONTENT, &len);
		r = build_record(name, v, f.seen[PD_PMXML_CONTENT] ? content : NULL, len);
		free(values);
	} else {
		r = pd_read_pm_xml_libxml(name, data, n, err);
	}
	pd_pmxml_fields_release(&f);
	return r;
}
