/* reader_speechxml.c: transcript XML whose markup already says who speaks.
 *
 * Three public formats, all read into the same lines the other readers
 * produce — a speaker's label as a markup label line, then the paragraphs
 * of the speech — so that one turn detector decides kinds and participants:
 *
 *   Akoma Ntoso debates (parliaments; Podium's own `--format akn` export):
 *     <akomaNtoso><debate><meta>…<FRBRdate date="2023-05-10"/>…
 *       <TLCPerson eId="smith" showAs="Ms Jane Smith"/>…</meta>
 *     <debateBody><debateSection><heading>…</heading>
 *       <speech by="#smith"><from>Ms J SMITH</from><p>…</p></speech>
 *       (also <question>, <answer>; <narrative> and <scene> are narration)
 *   TheyWorkForYou / publicwhip (UK, Scottish, Welsh parliaments):
 *     <publicwhip><major-heading>…</major-heading>
 *       <speech speakername="Rishi Sunak" speakeroffice="The Prime Minister"
 *               id="uk.org.publicwhip/debate/2023-05-10a.1.2"><p>…</p></speech>
 *   TEI (ParlaMint and other corpora of spoken text):
 *     <TEI><teiHeader>…<title>…</title>…<date when="2023-05-10"/>…
 *       <person xml:id="JanezJansa"><persName><forename>Janez</forename>
 *       <surname>Janša</surname></persName></person>…</teiHeader>
 *     <text><body><div><head>…</head><note>…</note>
 *       <u who="#JanezJansa"><seg>…</seg></u>
 *   Any other XML holding records of speeches, each a speaker and the
 *   speech (read by shape, not by name: the element that repeats most often
 *   with a speaker child and a speech child), as parliaments' archives
 *   publish them:
 *     Japan's Diet:  <speechRecord><speaker>岸田文雄</speaker>
 *       <speakerPosition>内閣総理大臣</speakerPosition>
 *       <speech>○岸田内閣総理大臣　…</speech></speechRecord>
 *     Australia's Hansard:  <talk.start><talker><name role="metadata">
 *       Albanese, Anthony, MP</name></talker><para>…</para></talk.start>
 *
 * The XML is parsed as the PM reader does: no DTD, no entity substitution,
 * no network; a document declaring entities is refused.
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/xml_safe.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/strmap.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum dialect { D_AKN, D_PUBLICWHIP, D_TEI, D_RECORDS } dialect;

/* Who is who: the id a speech points at -> the person's name (and office). */
typedef struct person {
	char *id;
	char *name;
	char *role;
} person;

typedef struct reader {
	dialect dialect;
	pd_record *r;
	pd_doc doc;
	person *people;
	size_t npeople, cap;
	char *first_heading;
	char date[11];          /* the sitting's date */
	char date_other[11];    /* TEI: a date elsewhere (publication), if none */
	const xmlChar *record;  /* D_RECORDS: the name of a speech record */
	/* label as written -> the person it names, for names and roles */
	person *spoken;
	size_t nspoken, spoken_cap;
} reader;

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = pd_str_collapse_space((const char *)v, strlen((const char *)v));
	xmlFree(v);
	if (!*s || strlen(s) > PD_MAX_FIELD_BYTES) {
		free(s);
		return NULL;
	}
	return s;
}


static const person *find_person(const reader *rd, const char *ref)
{
	if (!ref)
		return NULL;
	if (*ref == '#')
		ref++;
	for (size_t i = 0; i < rd->npeople; i++)
		if (strcmp(rd->people[i].id, ref) == 0)
			return &rd->people[i];
	return NULL;
}

static void add_person(reader *rd, char *id, char *name, char *role)
{
	if (!id || !name || rd->npeople >= PD_MAX_TURNS) {
		free(id);
		free(name);
		free(role);
		return;
	}
	rd->people = pd_xgrow(rd->people, sizeof *rd->people, rd->npeople + 1, &rd->cap);
	rd->people[rd->npeople++] = (person){ id, name, role };
}

/* Remembers that `label` spoke for person p (first time only). */
static void note_spoken(reader *rd, const char *label, const person *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < rd->nspoken; i++)
		if (strcmp(rd->spoken[i].id, label) == 0)
			return;
	if (rd->nspoken >= PD_MAX_TURNS)
		return;
	rd->spoken = pd_xgrow(rd->spoken, sizeof *rd->spoken, rd->nspoken + 1, &rd->spoken_cap);
	rd->spoken[rd->nspoken++] = (person){ pd_xstrdup(label), pd_xstrdup(p->name),
					      p->role ? pd_xstrdup(p->role) : NULL };
}

/* --- the people a document names --------------------------------------- */

/* AKN: <TLCPerson eId="smith" showAs="Ms Jane Smith"/> */
/* TEI: <person xml:id="X"><persName><forename/>…<surname/></persName> */
static char *tei_person_name(const xmlNode *p)
{
	for (const xmlNode *c = p->children; c; c = c->next) {
		if (!is(c, "persName"))
			continue;
		pd_buf b;
		pd_buf_init(&b, 0);
		for (const xmlNode *w = c->children; w; w = w->next) {
			if (w->type != XML_ELEMENT_NODE)
				continue;
			char *s = pd_xml_text(w);
			if (s) {
				if (b.len)
					pd_buf_putc(&b, ' ');
				pd_buf_puts(&b, s);
				free(s);
			}
		}
		if (!b.len) {
			pd_buf_release(&b);
			return pd_xml_text(c);
		}
		return pd_buf_detach(&b);
	}
	return NULL;
}

/* TEI headers date the publication before the sitting: a date under
 * <setting> or <sourceDesc> is the sitting's. */
static void tei_date(reader *rd, const xmlNode *n, bool sitting)
{
	char *d = attr(n, "when");
	char iso[11];
	char *slot = sitting ? rd->date : rd->date_other;
	if (!slot[0] && d && pd_parse_date(d, strlen(d), iso))
		memcpy(slot, iso, sizeof iso);
	free(d);
}

static void collect_people(reader *rd, const xmlNode *n, int depth, bool sitting)
{
	if (depth > PD_MAX_MARKUP_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (rd->dialect == D_AKN && is(n, "TLCPerson")) {
			add_person(rd, attr(n, "eId"), attr(n, "showAs"), NULL);
		} else if (rd->dialect == D_TEI && is(n, "person")) {
			xmlChar *id = xmlGetNsProp(n, (const xmlChar *)"id", XML_XML_NAMESPACE);
			char *ids = id ? pd_xstrdup((const char *)id) : NULL;
			if (id)
				xmlFree(id);
			add_person(rd, ids, tei_person_name(n), NULL);
			continue;
		} else if (rd->dialect == D_TEI && is(n, "date")) {
			tei_date(rd, n, sitting);
		} else if (rd->dialect == D_AKN && (is(n, "FRBRdate") || is(n, "docDate"))) {
			char *d = attr(n, "date");
			char iso[11];
			/* 0001-01-01 is the AKN export's "no date" */
			if (!rd->date[0] && d && strcmp(d, "0001-01-01") != 0 &&
			    pd_parse_date(d, strlen(d), iso))
				memcpy(rd->date, iso, sizeof iso);
			free(d);
		} else if (rd->dialect == D_TEI && is(n, "title") && !rd->r->title) {
			rd->r->title = pd_xml_text(n);
		} else if (rd->dialect == D_AKN && is(n, "docTitle") && !rd->r->title) {
			rd->r->title = pd_xml_text(n);
		}
		collect_people(rd, n->children, depth + 1,
			       sitting || is(n, "setting") || is(n, "sourceDesc"));
	}
}

/* --- the body: speeches, narration, headings ---------------------------- */

static void add_lines_of(reader *rd, const char *s, unsigned flags)
{
	if (s && *s)
		pd_doc_add_line(&rd->doc, s, strlen(s), flags | PD_LINE_PARA);
}

static void heading(reader *rd, const xmlNode *n)
{
	char *s = pd_xml_text(n);
	if (!s)
		return;
	if (!rd->first_heading)
		rd->first_heading = pd_xstrdup(s);
	add_lines_of(rd, s, PD_LINE_HEADING);
	free(s);
}

static void narration(reader *rd, const xmlNode *n)
{
	char *s = pd_xml_text(n);
	add_lines_of(rd, s, PD_LINE_NARRATION);
	free(s);
}

/* The label of a speech: AKN <from> or the person `by` names; publicwhip
 * speakername; TEI the person `who` names (else the id itself). */
static char *speech_label(reader *rd, const xmlNode *n, const person **who)
{
	*who = NULL;
	char *label = NULL;
	if (rd->dialect == D_AKN) {
		for (const xmlNode *c = n->children; c && !label; c = c->next)
			if (is(c, "from"))
				label = pd_xml_text(c);
		char *by = attr(n, "by");
		*who = find_person(rd, by);
		free(by);
	} else if (rd->dialect == D_PUBLICWHIP) {
		label = attr(n, "speakername");
	} else {
		char *ref = attr(n, "who");
		*who = find_person(rd, ref);
		if (!*who && ref)
			label = pd_xstrdup(ref[0] == '#' ? ref + 1 : ref);
		free(ref);
	}
	if (!label && *who)
		label = pd_xstrdup((*who)->name);
	if (label && strlen(label) > PD_MAX_LABEL_CHARS) {
		free(label);
		label = NULL;
	}
	return label;
}

static void speech(reader *rd, const xmlNode *n)
{
	const person *who;
	char *label = speech_label(rd, n, &who);
	if (label) {
		add_lines_of(rd, label, PD_LINE_LABEL | PD_LINE_HEADING);
		if (rd->dialect == D_PUBLICWHIP) {
			person p = { NULL, label, attr(n, "speakeroffice") };
			note_spoken(rd, label, &p);
			free(p.role);
		} else {
			note_spoken(rd, label, who);
		}
	}
	bool any_block = false;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "from") || is(c, "num"))
			continue;
		if (is(c, "note") || is(c, "kinesic") || is(c, "vocal") || is(c, "incident"))
			continue;   /* TEI: [laughter], [applause] inside an utterance */
		char *s = pd_xml_text(c);
		add_lines_of(rd, s, 0);
		free(s);
		any_block = true;
	}
	if (!any_block) {   /* TEI <u> may hold its text directly */
		char *s = pd_xml_text(n);
		add_lines_of(rd, s, 0);
		free(s);
	}
	free(label);
}

/* --- records of speeches (D_RECORDS) ----------------------------------- */

static bool named_ci(const xmlNode *n, const char *const *names, size_t k)
{
	if (n->type != XML_ELEMENT_NODE)
		return false;
	for (size_t i = 0; i < k; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

static const char *const speaker_elements[] = {
	"speaker", "talker", "speakername", "speaker_name", "speaker-name", "spokesperson",
};
static const char *const speech_elements[] = {
	"speech", "para", "p", "text", "seg", "content", "utterance", "remarks", "statement",
};
static const char *const office_elements[] = {
	"speakerposition", "speakeroffice", "position", "office",
};

#define N_OF(a) (sizeof a / sizeof *a)

static bool is_speaker_el(const xmlNode *n)
{
	return named_ci(n, speaker_elements, N_OF(speaker_elements));
}

static bool is_speech_el(const xmlNode *n)
{
	return named_ci(n, speech_elements, N_OF(speech_elements));
}

/* A record of a speech: a speaker child and a speech child. */
static bool speech_record(const xmlNode *n)
{
	bool who = false, said = false;
	for (const xmlNode *c = n->children; c; c = c->next) {
		who |= is_speaker_el(c);
		said |= is_speech_el(c);
	}
	return who && said;
}

typedef struct shape_count {
	const xmlChar *name;
	size_t n;
} shape_count;

static void count_records(const xmlNode *n, int depth, shape_count *v, size_t *nv, size_t cap)
{
	if (depth > PD_MAX_MARKUP_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (speech_record(n)) {
			size_t i = 0;
			while (i < *nv && xmlStrcmp(v[i].name, n->name) != 0)
				i++;
			if (i == *nv && *nv < cap)
				v[(*nv)++] = (shape_count){ n->name, 0 };
			if (i < *nv)
				v[i].n++;
			continue;   /* a record's own children are its parts */
		}
		count_records(n->children, depth + 1, v, nv, cap);
	}
}

/* The element name that most often holds a speaker and a speech, at
 * least twice; NULL when the document holds no such records. */
static const xmlChar *record_name(const xmlNode *root)
{
	shape_count v[16];
	size_t nv = 0;
	count_records(root, 0, v, &nv, 16);
	const xmlChar *best = NULL;
	size_t most = 1;
	for (size_t i = 0; i < nv; i++)
		if (v[i].n > most) {
			best = v[i].name;
			most = v[i].n;
		}
	return best;
}

/* Who a speaker element names: its text, or of its <name> children the
 * one shown ("display"), else the first ("Albanese, Anthony, MP"). */
static char *record_speaker(const xmlNode *el)
{
	const xmlNode *pick = NULL;
	for (const xmlNode *c = el->children; c; c = c->next) {
		if (!is(c, "name"))
			continue;
		char *role = attr(c, "role");
		bool display = role && strcmp(role, "display") == 0;
		free(role);
		if (!pick || display)
			pick = c;
		if (display)
			break;
	}
	char *s = pd_xml_text(pick ? pick : el);
	if (s && (!*s || strlen(s) > PD_MAX_LABEL_CHARS)) {
		free(s);
		s = NULL;
	}
	return s;
}

/* The Diet's speech repeats its speaker: "○岸田内閣総理大臣　物価高…"
 * (the text as read has its ideographic space made a plain one). */
static const char *after_repeated_label(const char *s)
{
	static const char mark[] = "\xE2\x97\x8B";   /* ○ */
	static const char wide_space[] = "\xE3\x80\x80";
	if (strncmp(s, mark, 3) != 0)
		return s;
	const char *sp = strchr(s, ' ');
	size_t step = 1;
	const char *wide = strstr(s, wide_space);
	if (wide && (!sp || wide < sp)) {
		sp = wide;
		step = 3;
	}
	return sp && sp - s <= 3 * 30 ? sp + step : s;
}

static void speech_record_lines(reader *rd, const xmlNode *n)
{
	char *label = NULL, *office = NULL;
	bool front = false;   /* the Diet's record 0: the minutes' front matter */
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!label && is_speaker_el(c))
			label = record_speaker(c);
		else if (!office && named_ci(c, office_elements, N_OF(office_elements)))
			office = pd_xml_text(c);
		else if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "speechOrder") == 0) {
			char *o = pd_xml_text(c);
			front = o && strcmp(o, "0") == 0;
			free(o);
		}
	}
	if (label && !front) {
		add_lines_of(rd, label, PD_LINE_LABEL | PD_LINE_HEADING);
		person p = { NULL, label, office && *office ? office : NULL };
		note_spoken(rd, label, &p);
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!is_speech_el(c))
			continue;
		char *s = pd_xml_text(c);
		if (s)
			add_lines_of(rd, after_repeated_label(s), front ? PD_LINE_NARRATION : 0);
		free(s);
	}
	free(label);
	free(office);
}

/* Title and date of a records document: the first <title> (or <heading>,
 * <nameOfMeeting>) and the first <date> outside the records. */
static void records_header(reader *rd, const xmlNode *n, int depth)
{
	static const char *const titles[] = { "title", "heading", "nameOfMeeting", "docTitle" };
	if (depth > PD_MAX_MARKUP_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, rd->record) == 0)
			continue;
		if (!rd->first_heading && named_ci(n, titles, N_OF(titles)))
			rd->first_heading = pd_xml_text(n);
		if (!rd->date[0] && strcasecmp((const char *)n->name, "date") == 0) {
			char *d = pd_xml_text(n);
			char iso[11];
			if (d && pd_parse_date(d, strlen(d), iso))
				memcpy(rd->date, iso, sizeof iso);
			free(d);
		}
		records_header(rd, n->children, depth + 1);
	}
}

static void walk(reader *rd, const xmlNode *n, int depth)
{
	if (depth > PD_MAX_MARKUP_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		switch (rd->dialect) {
		case D_AKN:
			if (is(n, "meta"))
				continue;
			if (is(n, "speech") || is(n, "question") || is(n, "answer")) {
				speech(rd, n);
				continue;
			}
			if (is(n, "narrative") || is(n, "scene") || is(n, "summary")) {
				narration(rd, n);
				continue;
			}
			if (is(n, "heading") || is(n, "docTitle")) {
				heading(rd, n);
				continue;
			}
			break;
		case D_PUBLICWHIP:
			if (is(n, "speech")) {
				speech(rd, n);
				if (!rd->date[0]) {
					/* ids carry the sitting's date: ".../debate/2023-05-10a.1.2" */
					char *id = attr(n, "id");
					char *slash = id ? strrchr(id, '/') : NULL;
					char iso[11];
					if (slash && strlen(slash + 1) >= 10 && pd_parse_date(slash + 1, 10, iso))
						memcpy(rd->date, iso, sizeof iso);
					free(id);
				}
				continue;
			}
			if (is(n, "major-heading") || is(n, "minor-heading")) {
				heading(rd, n);
				continue;
			}
			break;
		case D_RECORDS:
			if (xmlStrcmp(n->name, rd->record) == 0) {
				speech_record_lines(rd, n);
				continue;
			}
			break;
		case D_TEI:
			if (is(n, "teiHeader"))
				continue;
			if (is(n, "u")) {
				speech(rd, n);
				continue;
			}
			if (is(n, "note") || is(n, "stage") || is(n, "kinesic") || is(n, "incident")) {
				narration(rd, n);
				continue;
			}
			if (is(n, "head")) {
				heading(rd, n);
				continue;
			}
			break;
		}
		walk(rd, n->children, depth + 1);
	}
}

/* Names and offices the markup gave, onto the detector's participants. */
static void name_participants(reader *rd)
{
	for (size_t i = 0; i < rd->nspoken; i++) {
		pd_participant *p = pd_record_find_participant(rd->r, rd->spoken[i].id);
		if (!p)
			continue;
		if (rd->spoken[i].name && strcmp(rd->spoken[i].name, p->label) != 0)
			pd_record_set(&p->name, rd->spoken[i].name);
		else if (!p->name && rd->dialect == D_PUBLICWHIP)
			pd_record_set(&p->name, rd->spoken[i].name);
		if (rd->spoken[i].role && !p->role)
			pd_record_set(&p->role, rd->spoken[i].role);
	}
}

static void free_people(person *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ps[i].id);
		free(ps[i].name);
		free(ps[i].role);
	}
	free(ps);
}

static const char *const dialect_names[] = { "akn", "publicwhip", "tei", "speech-records" };

pd_record *pd_read_speech_xml(const char *name, const char *data, size_t n, pd_err *err)
{
	xmlDoc *x = pd_xml_read(name, data, n, err);
	if (!x)
		return NULL;
	xmlNode *root = xmlDocGetRootElement(x);
	reader rd;
	memset(&rd, 0, sizeof rd);
	pd_doc_init(&rd.doc);
	if (root && is(root, "akomaNtoso"))
		rd.dialect = D_AKN;
	else if (root && is(root, "publicwhip"))
		rd.dialect = D_PUBLICWHIP;
	else if (root && (is(root, "TEI") || is(root, "teiCorpus")))
		rd.dialect = D_TEI;
	else if (root && (rd.record = record_name(root)) != NULL)
		rd.dialect = D_RECORDS;
	else {
		pd_err_set(err, PD_EINPUT, "%s: XML whose root <%s> is not a transcript format Podium "
			   "reads (PM transcripts, Akoma Ntoso, publicwhip, TEI, or records of "
			   "speeches: a repeated element with a <speaker> and a <speech>)", name,
			   root ? (const char *)root->name : "?");
		xmlFreeDoc(x);
		pd_doc_release(&rd.doc);
		return NULL;
	}
	rd.r = pd_record_new();
	pd_record_set(&rd.r->format, dialect_names[rd.dialect]);
	if (rd.dialect == D_RECORDS)
		records_header(&rd, root, 0);
	else
		collect_people(&rd, root->children, 0, false);
	if (!rd.date[0])
		memcpy(rd.date, rd.date_other, sizeof rd.date);
	walk(&rd, root->children, 0);
	if (!rd.r->title && rd.first_heading)
		rd.r->title = pd_xstrdup(rd.first_heading);
	if (rd.date[0])
		pd_record_set(&rd.r->date, rd.date);
	pd_turns_detect(rd.r, &rd.doc, NULL);
	name_participants(&rd);
	pd_record *r = rd.r;
	if (!r->nturns && !r->title) {
		pd_record_free(r);
		r = NULL;
		pd_err_set(err, PD_EINPUT, "%s: no text found", name);
	} else {
		pd_finish_record(r, name);
	}
	pd_doc_release(&rd.doc);
	free_people(rd.people, rd.npeople);
	free_people(rd.spoken, rd.nspoken);
	free(rd.first_heading);
	xmlFreeDoc(x);
	return r;
}
