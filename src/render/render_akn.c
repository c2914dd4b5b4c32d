/* render_akn.c: a record as Akoma Ntoso 3.0 (OASIS LegalDocML,
 * http://docs.oasis-open.org/legaldocml/akn-core/v1.0/), document type
 * <debateRecord>:
 *
 *   <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
 *     <debateRecord name="Press Conference">
 *       <meta>
 *         <identification source="#podium"> FRBRWork, FRBRExpression,
 *           FRBRManifestation </identification>
 *         <references source="#podium"> TLCOrganization, TLCPerson per
 *           speaker, TLCRole per role </references>
 *       </meta>
 *       <preface> <p><docTitle/></p> <p><docDate/></p> </preface>
 *       <debateBody>
 *         <debateSection name="transcript" eId="dbsect_1">
 *           <heading>...</heading>
 *           <narrative>The meeting opened.</narrative>
 *           <question by="#journalist" eId="dbsect_1__question_2">
 *             <from>JOURNALIST</from><p>...</p></question>
 *           <answer by="#pm" as="#prime_minister" to="#journalist">...
 *
 * Element order follows the 3.0 schema (akomantoso30.xsd): debateStructure
 * is meta, preface?, debateBody; FRBRWork holds FRBRthis, FRBRuri, FRBRdate,
 * FRBRauthor, FRBRcountry; FRBRExpression adds FRBRlanguage; speechType is
 * from? then blocks. <narrative> has inline content there, so each
 * paragraph of a narration is its own <narrative> without <p>.
 *
 * The record has no country, so FRBRcountry is "xx" (ISO 3166 "unknown")
 * and an undated record gets FRBRdate 0001-01-01 named "unknown": the schema
 * requires both. eIds are ASCII NCNames derived from labels (see add_id).
 */
#include "render/render.h"
#include "render/render_int.h"
#include "base/limits.h"
#include "base/mem.h"
#include "escape/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
/* room for a slug, a "__<index>" suffix and a leading "_" */
#define EID_CAP (PD_MAX_EID_BYTES + 24)
/* Ids are checked against earlier ones only this far; later ones always
 * carry their index, which keeps a record with thousands of speakers
 * linear. */
#define EID_CHECKED 256

enum { ID_PERSON, ID_ROLE };

typedef struct akn_id {
	int kind;
	const char *key;          /* label or role text; NULL: unknown speaker */
	char eid[EID_CAP];
} akn_id;

typedef struct akn_ids {
	akn_id *v;
	size_t n, cap;
} akn_ids;

/* eIds written by this file that a slug must not take. Slugs never hold
 * "__", so "dbsect_1__speech_3" and "p__4" cannot clash with them. */
static const char *const reserved[] = { "podium", "source", "unknown", "dbsect_1" };

/* Lower-case ASCII letters and digits of s; every other run becomes one
 * '_', none at either end. Non-ASCII labels (Chinese) give "". */
static void slugify(char *dst, const char *s)
{
	size_t n = 0;
	bool gap = false;
	for (; s && *s && n < PD_MAX_EID_BYTES; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (gap && n)
				dst[n++] = '_';
			if (n < PD_MAX_EID_BYTES)
				dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			gap = false;
		} else {
			gap = true;
		}
	}
	dst[n] = '\0';
}

static bool eid_taken(const akn_ids *ids, const char *eid)
{
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcmp(reserved[i], eid) == 0)
			return true;
	for (size_t i = 0; i < ids->n && i < EID_CHECKED; i++)
		if (strcmp(ids->v[i].eid, eid) == 0)
			return true;
	return false;
}

/* Adds an id for key: its slug when free (with a leading '_' if it starts
 * with a digit, as an NCName must not), else slug__<index>, or
 * <fallback>__<index> when the key has no ASCII letters or digits. */
static const char *add_id(akn_ids *ids, int kind, const char *key, const char *fallback)
{
	char slug[PD_MAX_EID_BYTES + 2];
	size_t idx = ids->n;
	ids->v = pd_xgrow(ids->v, sizeof *ids->v, ids->n + 1, &ids->cap);
	akn_id *id = &ids->v[ids->n];
	id->kind = kind;
	id->key = key;
	slugify(slug + 1, key);
	const char *base = slug + 1;
	if (*base >= '0' && *base <= '9') {
		slug[0] = '_';
		base = slug;
	}
	if (!*base)
		snprintf(id->eid, sizeof id->eid, "%s__%zu", fallback, idx);
	else if (idx >= EID_CHECKED || eid_taken(ids, base))
		snprintf(id->eid, sizeof id->eid, "%s__%zu", base, idx);
	else
		snprintf(id->eid, sizeof id->eid, "%s", base);
	ids->n++;
	return id->eid;
}

static const char *find_id(const akn_ids *ids, int kind, const char *key)
{
	for (size_t i = 0; i < ids->n; i++) {
		const akn_id *id = &ids->v[i];
		if (id->kind != kind)
			continue;
		if (key ? id->key && strcmp(id->key, key) == 0 : !id->key)
			return id->eid;
	}
	return NULL;
}

/* The eId of whoever speaks turn t (added by collect_ids). */
static const char *speaker_id(const akn_ids *ids, const pd_record *r, const pd_turn *t)
{
	const pd_participant *p = pd_render_speaker(r, t);
	return find_id(ids, ID_PERSON, p ? p->label : t->speaker);
}

static bool is_narrative(const pd_turn *t)
{
	return t->kind == PD_TURN_NARRATION;
}

/* Every participant, every speaker without one, and every role gets an id
 * before <references> is written. */
static void collect_ids(akn_ids *ids, const pd_record *r)
{
	for (size_t i = 0; i < r->nparticipants; i++)
		add_id(ids, ID_PERSON, r->participants[i].label, "person");
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		if (is_narrative(t) || pd_render_speaker(r, t) ||
		    find_id(ids, ID_PERSON, t->speaker))
			continue;
		if (t->speaker) {
			add_id(ids, ID_PERSON, t->speaker, "person");
		} else {
			ids->v = pd_xgrow(ids->v, sizeof *ids->v, ids->n + 1, &ids->cap);
			ids->v[ids->n] = (akn_id){ ID_PERSON, NULL, "unknown" };
			ids->n++;
		}
	}
	for (size_t i = 0; i < r->nparticipants; i++) {
		const char *role = r->participants[i].role;
		if (role && *role && !find_id(ids, ID_ROLE, role))
			add_id(ids, ID_ROLE, role, "role");
	}
}

static void attr(pd_render_out *o, const char *name, const char *value)
{
	pd_render_printf(o, " %s=\"", name);
	pd_render_esc_str(o, pd_esc_xml, value);
	pd_render_puts(o, "\"");
}

/* YYYY-MM-DD with a plausible month and day: what xsd:date accepts. */
static bool valid_date(const char *d)
{
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return false;
	int m = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* ISO 639-2 code for FRBRlanguage, as Akoma Ntoso examples use. */
static const char *lang3(const char *lang)
{
	pd_slice l = pd_slice_of(lang ? lang : "");
	if (pd_slice_starts_nocase(l, "zh"))
		return "zho";
	if (pd_slice_starts_nocase(l, "en"))
		return "eng";
	return "und";
}

/* One FRBR level: FRBRthis, FRBRuri, FRBRdate, FRBRauthor (+ extra). */
static void frbr_core(pd_render_out *o, const char *uri, const char *this_suffix,
		      const char *date, const char *author)
{
	pd_render_puts(o, "          <FRBRthis");
	pd_render_printf(o, " value=\"%s%s\"/>\n", uri, this_suffix);
	pd_render_printf(o, "          <FRBRuri value=\"%s\"/>\n", uri);
	if (valid_date(date))
		pd_render_printf(o, "          <FRBRdate date=\"%s\" name=\"delivery\"/>\n", date);
	else
		pd_render_puts(o, "          <FRBRdate date=\"0001-01-01\" name=\"unknown\"/>\n");
	pd_render_printf(o, "          <FRBRauthor href=\"#%s\"/>\n", author);
}

static void write_identification(pd_render_out *o, const pd_record *r)
{
	pd_buf work, expr;
	const char *author = r->source && *r->source ? "source" : "podium";
	pd_buf_init(&work, 0);
	pd_buf_init(&expr, 0);
	/* /akn/<country>/debateRecord/<date>/<id>: the id percent-encoded,
	 * so the URI has no characters XML or a path would treat specially */
	pd_buf_puts(&work, "/akn/xx/debateRecord/");
	pd_buf_puts(&work, valid_date(r->date) ? r->date : "undated");
	pd_buf_putc(&work, '/');
	pd_esc_url(&work, r->id ? r->id : "", r->id ? strlen(r->id) : 0);
	pd_buf_printf(&expr, "%s/%s@", pd_buf_cstr(&work), lang3(r->language));

	pd_render_puts(o, "      <identification source=\"#podium\">\n");
	pd_render_puts(o, "        <FRBRWork>\n");
	frbr_core(o, pd_buf_cstr(&work), "/!main", r->date, author);
	pd_render_puts(o, "          <FRBRcountry value=\"xx\"/>\n");
	pd_render_puts(o, "        </FRBRWork>\n");
	pd_render_puts(o, "        <FRBRExpression>\n");
	frbr_core(o, pd_buf_cstr(&expr), "/!main", r->date, author);
	pd_render_printf(o, "          <FRBRlanguage language=\"%s\"/>\n", lang3(r->language));
	pd_render_puts(o, "        </FRBRExpression>\n");
	pd_render_puts(o, "        <FRBRManifestation>\n");
	frbr_core(o, pd_buf_cstr(&expr), "/!main.xml", r->date, "podium");
	pd_render_puts(o, "        </FRBRManifestation>\n");
	pd_render_puts(o, "      </identification>\n");
	pd_buf_release(&work);
	pd_buf_release(&expr);
}

static void write_references(pd_render_out *o, const pd_record *r, const akn_ids *ids)
{
	pd_render_puts(o, "      <references source=\"#podium\">\n");
	pd_render_puts(o, "        <TLCOrganization eId=\"podium\" href=\"/ontology/organization/podium\""
			  " showAs=\"Podium\"/>\n");
	if (r->source && *r->source) {
		pd_render_puts(o, "        <TLCOrganization eId=\"source\""
				  " href=\"/ontology/organization/podium/source\"");
		attr(o, "showAs", r->source);
		pd_render_puts(o, "/>\n");
	}
	for (size_t i = 0; i < ids->n; i++) {
		const akn_id *id = &ids->v[i];
		const pd_participant *p = id->kind == ID_PERSON && id->key ?
			pd_record_find_participant(r, id->key) : NULL;
		const char *show = id->key ? id->key : "?";
		if (p && p->name && *p->name)
			show = p->name;
		pd_render_printf(o, "        <%s eId=\"%s\" href=\"/ontology/%s/podium/%s\"",
				 id->kind == ID_PERSON ? "TLCPerson" : "TLCRole", id->eid,
				 id->kind == ID_PERSON ? "person" : "role", id->eid);
		attr(o, "showAs", show);
		pd_render_puts(o, "/>\n");
	}
	pd_render_puts(o, "      </references>\n");
}

static void write_preface(pd_render_out *o, const pd_record *r)
{
	pd_render_puts(o, "    <preface>\n      <p class=\"title\"><docTitle>");
	pd_render_esc_str(o, pd_esc_xml, r->title);
	pd_render_puts(o, "</docTitle></p>\n");
	if (valid_date(r->date))
		pd_render_printf(o, "      <p class=\"date\"><docDate date=\"%s\">%s</docDate></p>\n",
				 r->date, r->date);
	pd_render_puts(o, "    </preface>\n");
}

static void write_speech(pd_render_out *o, const pd_record *r, const pd_turn *t,
			 const akn_ids *ids)
{
	static const char *const tags[] = { "speech", "question", "answer", "speech" };
	const char *tag = t->kind < 4 ? tags[t->kind] : "speech";
	const pd_participant *p = pd_render_speaker(r, t);
	const char *role = p && p->role && *p->role ? find_id(ids, ID_ROLE, p->role) : NULL;
	pd_slice cur = pd_slice_of(t->text ? t->text : ""), para;
	bool any = false;

	pd_render_printf(o, "        <%s eId=\"dbsect_1__%s_%d\" by=\"#%s\"", tag, tag, t->n,
			 speaker_id(ids, r, t));
	if (role)
		pd_render_printf(o, " as=\"#%s\"", role);
	if (t->kind == PD_TURN_ANSWER && t->answers > 0 && (size_t)t->answers <= r->nturns) {
		const pd_turn *q = &r->turns[t->answers - 1];
		if (q->n == t->answers && !is_narrative(q))
			pd_render_printf(o, " to=\"#%s\"", speaker_id(ids, r, q));
	}
	if (t->kind == PD_TURN_INTERJECTION)
		pd_render_puts(o, " class=\"interjection\"");
	if (t->lang && *t->lang)
		attr(o, "xml:lang", t->lang);
	pd_render_puts(o, ">\n          <from>");
	pd_render_esc_str(o, pd_esc_xml, t->speaker);
	pd_render_puts(o, "</from>\n");
	while (pd_render_next_para(&cur, &para)) {
		pd_render_puts(o, "          <p>");
		pd_render_esc(o, pd_esc_xml, para.p, para.n);
		pd_render_puts(o, "</p>\n");
		any = true;
	}
	if (!any)   /* speechType needs at least one block */
		pd_render_puts(o, "          <p/>\n");
	pd_render_printf(o, "        </%s>\n", tag);
}

static void write_narrative(pd_render_out *o, const pd_turn *t)
{
	pd_slice cur = pd_slice_of(t->text ? t->text : ""), para;
	while (pd_render_next_para(&cur, &para)) {
		pd_render_puts(o, "        <narrative>");
		pd_render_esc(o, pd_esc_xml, para.p, para.n);
		pd_render_puts(o, "</narrative>\n");
	}
}

int pd_render_akn(const pd_record *r, pd_buf *out)
{
	pd_render_out o = { out, 0 };
	akn_ids ids = { NULL, 0, 0 };

	collect_ids(&ids, r);
	pd_render_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<akomaNtoso xmlns=\"" AKN_NS "\">\n  <debateRecord");
	attr(&o, "name", r->release_type && *r->release_type ? r->release_type : "transcript");
	pd_render_puts(&o, ">\n    <meta>\n");
	write_identification(&o, r);
	write_references(&o, r, &ids);
	pd_render_puts(&o, "    </meta>\n");
	write_preface(&o, r);
	pd_render_puts(&o, "    <debateBody>\n"
			   "      <debateSection name=\"transcript\" eId=\"dbsect_1\">\n"
			   "        <heading>");
	pd_render_esc_str(&o, pd_esc_xml, r->title);
	pd_render_puts(&o, "</heading>\n");
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		if (is_narrative(t))
			write_narrative(&o, t);
		else
			write_speech(&o, r, t, &ids);
	}
	pd_render_puts(&o, "      </debateSection>\n    </debateBody>\n"
			   "  </debateRecord>\n</akomaNtoso>\n");
	free(ids.v);
	return o.rc;
}
