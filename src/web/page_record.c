/* page_record.c: /records/{id} — one record as a page, and its downloads
 * /records/{id}.json (record format, record_json.h), .md, .txt and
 * .akn.xml (render.h); its earlier versions: /records/{id}/revisions (the
 * list) and /records/{id}/revisions/{n} (one, drawn like the record and
 * marked as superseded, noindex).
 *
 * A corrected record's page says so ("Corrected on ... by ... Reason:
 * ...") from the newest revision's notes alone (pd_store_revision_list
 * with limit 1): drawing a record never reads its old texts. */
#include "web/web_int.h"
#include "base/mem.h"
#include "base/str.h"
#include "escape/escape.h"
#include "record/record_json.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct download {
	const char *suffix;
	const char *type;
	int (*render)(const pd_record *r, pd_buf *out);
} downloads[] = {
	{ ".json", PD_CT_JSON, pd_record_to_json },
	{ ".md", PD_CT_MARKDOWN, pd_render_markdown },
	{ ".txt", PD_CT_TEXT, pd_render_text },
	{ ".akn.xml", PD_CT_XML, pd_render_akn },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static bool is_web_url(const char *u)
{
	return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

/* The name a person is shown by: the participant's name, else the label. */
static const char *display_name(const pd_record *r, const char *label, const char **role)
{
	const pd_participant *p = label ? pd_record_find_participant(r, label) : NULL;
	*role = p ? p->role : NULL;
	return p && p->name && *p->name ? p->name : label;
}

static void add_paragraphs(pd_tv *t, const char *text)
{
	pd_slice rest = pd_slice_of(text ? text : "");
	pd_tv_list(t, "paras");
	while (rest.n) {
		const char *brk = NULL;
		for (size_t i = 0; i + 1 < rest.n; i++)
			if (rest.p[i] == '\n' && rest.p[i + 1] == '\n') {
				brk = rest.p + i;
				break;
			}
		size_t len = brk ? (size_t)(brk - rest.p) : rest.n;
		pd_slice para = pd_slice_trim((pd_slice){ rest.p, len });
		if (para.n)
			pd_tv_strn(pd_tv_item(t, "paras"), "text", para.p, para.n);
		rest.p += brk ? len + 2 : len;
		rest.n -= brk ? len + 2 : len;
	}
}

/* Whether s is a language tag to put in a lang attribute (BCP 47's
 * letters, digits and hyphens: "ja", "zh-Hant"). */
static bool language_tag(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 35)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') && !(s[i] >= '0' && s[i] <= '9') &&
		    s[i] != '-')
			return false;
	return true;
}

/* "Speaker, “Title”, Source, 27 September 2020. URL" in the page language. */
static void citation(pd_buf *b, const pd_record *r, const char *who, const char *date,
		     const char *url, pd_web_lang l)
{
	const char *title = r->title && *r->title ? r->title : pd_web_word(l, "untitled");
	bool zh = l != PD_WEB_EN;
	if (who)
		pd_buf_printf(b, "%s%s", who, zh ? "：" : ", ");
	pd_buf_printf(b, zh ? "《%s》" : "“%s”", title);
	if (r->source)
		pd_buf_printf(b, "%s%s", zh ? "，" : ", ", r->source);
	if (*date)
		pd_buf_printf(b, "%s%s", zh ? "，" : ", ", date);
	pd_buf_printf(b, "%s%s", zh ? "。" : ". ", url);
}

static void add_turns(pd_tv *v, const pd_record *r, const char *date, const char *url,
		      pd_web_lang l)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_tv_list(v, "turns");
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		pd_tv *it = pd_tv_item(v, "turns");
		const char *kind = pd_turn_kind_name(t->kind);
		const char *role;
		const char *who = display_name(r, t->speaker, &role);
		pd_tv_printf(it, "n", "%d", t->n);
		pd_tv_printf(it, "kind_class", "turn-%s", kind);
		pd_tv_str(it, "kind_label", pd_web_word(l, kind));
		pd_tv_str(it, "speaker", who);
		pd_tv_str(it, "role", role);
		if (t->answers > 0)
			pd_tv_printf(it, "answers", "%d", t->answers);
		if (language_tag(t->lang))   /* a turn in another language */
			pd_tv_str(it, "turn_lang", t->lang);
		add_paragraphs(it, t->text);
		pd_buf_reset(&b);
		pd_buf_printf(&b, "%s#t%d", url, t->n);
		char *turl = pd_buf_detach(&b);
		citation(&b, r, who, date, turl, l);
		free(turl);
		pd_tv_str(it, "cite", b.data);
	}
	pd_buf_release(&b);
}

static void add_meta(pd_tv *v, const pd_record *r, pd_web_lang l)
{
	pd_tv_str(v, "source", r->source);
	if (is_web_url(r->url))
		pd_tv_str(v, "source_url", r->url);
	if (r->release_type && *r->release_type) {
		pd_tv_str(v, "type", r->release_type);
		pd_web_href(v, "type_href", "/types/", r->release_type, "");
	}
	pd_tv_bool(v, "has_topics", r->ntopics > 0);
	pd_tv_list(v, "topics");
	for (size_t i = 0; i < r->ntopics; i++) {
		pd_tv *it = pd_tv_item(v, "topics");
		pd_tv_str(it, "name", r->topics[i]);
		pd_web_href(it, "href", "/topics/", r->topics[i], "");
	}
	pd_tv_bool(v, "has_participants", r->nparticipants > 0);
	pd_tv_list(v, "participants");
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		pd_tv *it = pd_tv_item(v, "participants");
		const char *name = p->name && *p->name ? p->name : p->label;
		pd_tv_str(it, "name", name);
		pd_tv_str(it, "role", p->role);
		pd_tv_str(it, "kind", pd_web_word(l, pd_participant_kind_name(p->kind)));
		pd_web_href(it, "href", "/speakers/", name ? name : "", "");
	}
	pd_tv_bool(v, "has_images", r->nimages > 0);
	for (size_t i = 0; i < r->nimages; i++) {
		pd_tv *it = pd_tv_item(v, "images");
		pd_tv_str(it, "src", r->images[i].src);
		pd_tv_str(it, "alt", r->images[i].alt);
	}
	size_t ntr = 0;
	for (size_t i = 0; i < r->ntranslations; i++) {
		const pd_translation *tr = &r->translations[i];
		if (!tr->id || !*tr->id)
			continue;
		pd_tv *it = pd_tv_item(v, "translations");
		pd_web_href(it, "href", "/records/", tr->id, "");
		pd_tv_str(it, "hreflang", tr->lang);
		pd_tv_str(it, "label", pd_web_lang_of(tr->lang) == PD_WEB_EN ? "English" : "中文");
		pd_tv *alt = pd_tv_item(v, "alternates");
		pd_tv_str(alt, "hreflang", tr->lang);
		pd_web_href(alt, "href", "/records/", tr->id, "");
		ntr++;
	}
	pd_tv_bool(v, "has_translations", ntr > 0);
	pd_web_href(v, "parallel_href", "/records/", r->id, "/parallel");
}

/* "4 December 2026, 19:14 UTC" / "2026年12月4日 19:14 UTC" from a store
 * time (YYYY-MM-DDTHH:MM:SSZ); anything else as it is. */
static void when(pd_tv *v, const char *name, const char *iso, pd_web_lang l)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	if (iso && strlen(iso) == 20 && iso[10] == 'T') {
		char day[11];
		memcpy(day, iso, 10);
		day[10] = '\0';
		pd_web_date(&b, day, l);
		pd_buf_printf(&b, "%s%.5s UTC", l == PD_WEB_EN ? ", " : " ", iso + 11);
	} else {
		pd_buf_puts(&b, iso ? iso : "");
	}
	pd_tv_str(v, name, pd_buf_cstr(&b));
	pd_buf_release(&b);
}

/* The notes of one revision, for the templates: number, who, why, when
 * it was stored and replaced (formatted and ISO), href of its page. */
static void revision_notes(pd_tv *it, const char *id, const pd_revision *rev, pd_web_lang l)
{
	char seg[16];
	pd_tv_printf(it, "number", "%d", rev->number);
	pd_tv_str(it, "who", rev->who);
	pd_tv_str(it, "why", rev->why);
	when(it, "created", rev->created, l);
	pd_tv_str(it, "created_iso", rev->created);
	when(it, "replaced", rev->replaced, l);
	pd_tv_str(it, "replaced_iso", rev->replaced);
	snprintf(seg, sizeof seg, "/revisions/%d", rev->number);
	pd_web_href(it, "href", "/records/", id, seg);
}

/* "Corrected on ..." when the record has earlier versions. A store error
 * only loses the notice, not the page. */
static void correction_notice(pd_web_rq *rq, pd_tv *v, const pd_record *r, pd_web_lang l)
{
	pd_revision *rev = NULL;
	size_t n = 0;
	if (pd_store_revision_list(rq->ctx->store, r->id, 1, &rev, &n, NULL) == 0 && n == 1) {
		pd_tv *c = pd_tv_obj(v, "correction");
		revision_notes(c, r->id, &rev[0], l);
		pd_web_href(c, "list_href", "/records/", r->id, "/revisions");
	}
	pd_revisions_free(rev, n);
}

/* Draws record r; earlier: r is that revision of the record, not the
 * current version. */
static void page(pd_web_rq *rq, pd_web_response *rs, const pd_record *r,
		 const pd_revision *earlier)
{
	pd_web_lang l = pd_web_lang_of(r->language);
	pd_tv *v = pd_tv_new();
	pd_buf b;
	pd_buf_init(&b, 0);
	const char *title = r->title && *r->title ? r->title : pd_web_word(l, "untitled");
	pd_tv_str(v, "record_title", title);
	/* the transcript in its own language ("ja"), the page's words in the
	 * nearest the interface has */
	pd_tv_str(v, "record_lang", language_tag(r->language) ? r->language : pd_web_lang_tag(l));
	pd_web_date(&b, r->date, l);
	char *date = pd_buf_detach(&b);
	pd_tv_str(v, "date", *date ? date : pd_web_word(l, "unknown_date"));
	if (pd_web_date_valid(r->date))
		pd_tv_str(v, "date_iso", r->date);
	pd_buf_puts(&b, rq->base);
	pd_buf_puts(&b, "/records/");
	pd_esc_url(&b, r->id, strlen(r->id));
	if (earlier) {
		/* cite the old text where it stays; keep it out of search engines */
		pd_buf_printf(&b, "/revisions/%d", earlier->number);
		pd_tv_bool(v, "noindex", true);
		pd_tv *e = pd_tv_obj(v, "earlier");
		revision_notes(e, r->id, earlier, l);
		pd_web_href(e, "current_href", "/records/", r->id, "");
		pd_web_href(e, "list_href", "/records/", r->id, "/revisions");
		/* the downloads are the current version's: the old one is JSON only */
		char seg[32];
		snprintf(seg, sizeof seg, "/revisions/%d", earlier->number);
		pd_web_href(e, "json_href", "/api/v1/records/", r->id, seg);
	} else {
		correction_notice(rq, v, r, l);
	}
	char *url = pd_buf_detach(&b);
	if (!earlier)
		pd_tv_str(v, "canonical", url);
	add_meta(v, r, l);
	add_turns(v, r, date, url, l);
	citation(&b, r, NULL, date, url, l);
	pd_tv_str(v, "citation", b.data);
	static const char *names[] = { "json_href", "md_href", "txt_href", "akn_href" };
	for (size_t i = 0; i < 4; i++)
		pd_web_href(v, names[i], "/records/", r->id, downloads[i].suffix);
	pd_web_page(rq, rs, l, title, "record.html", v);
	free(date);
	free(url);
	pd_buf_release(&b);
	pd_tv_free(v);
}

void pd_page_record(pd_web_rq *rq, pd_web_response *rs)
{
	char *id = pd_xstrdup(rq->cap[0]);
	const struct download *dl = NULL;
	pd_record *r = NULL;
	pd_err err = { 0 };
	for (size_t i = 0; i < sizeof downloads / sizeof downloads[0]; i++)
		if (ends_with(id, downloads[i].suffix)) {
			dl = &downloads[i];
			id[strlen(id) - strlen(dl->suffix)] = '\0';
			break;
		}
	if (strlen(id) > PD_MAX_ID_BYTES) {
		pd_web_error(rq, rs, 404, "there is no record with this id");
		goto out;
	}
	int rc = pd_store_get(rq->ctx->store, id, &r, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), rc == PD_ENOTFOUND
			     ? "there is no record with this id" : err.msg);
		goto out;
	}
	if (!dl) {
		page(rq, rs, r, NULL);
		goto out;
	}
	if (dl->render(r, &rs->body) < 0) {
		pd_web_error(rq, rs, 500, "the record is too large to export");
		goto out;
	}
	pd_web_reply(rs, 200, dl->type);
out:
	pd_record_free(r);
	free(id);
}

/* /records/{id}/revisions: every earlier version's notes, newest first
 * (at most PD_WEB_MAX_REVISIONS). */
void pd_page_revisions(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0];
	pd_record *r = NULL;
	pd_revision *rev = NULL;
	size_t n = 0;
	pd_err err = { 0 };
	int rc = strlen(id) > PD_MAX_ID_BYTES ? PD_ENOTFOUND
		 : pd_store_get(rq->ctx->store, id, &r, &err);
	if (rc == 0)
		rc = pd_store_revision_list(rq->ctx->store, id, PD_WEB_MAX_REVISIONS, &rev, &n, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), rc == PD_ENOTFOUND
			     ? "there is no record with this id" : err.msg);
		goto out;
	}
	pd_web_lang l = pd_web_lang_of(r->language);
	pd_tv *v = pd_tv_new();
	const char *title = r->title && *r->title ? r->title : pd_web_word(l, "untitled");
	pd_tv_str(v, "record_title", title);
	pd_web_href(v, "record_href", "/records/", id, "");
	pd_tv_bool(v, "has_revisions", n > 0);
	pd_tv_list(v, "revisions");
	for (size_t i = 0; i < n; i++)
		revision_notes(pd_tv_item(v, "revisions"), id, &rev[i], l);
	pd_tv_bool(v, "noindex", true);
	pd_web_page(rq, rs, l, pd_web_word(l, "revisions"), "revisions.html", v);
	pd_tv_free(v);
out:
	pd_revisions_free(rev, n);
	pd_record_free(r);
}

/* /records/{id}/revisions/{n}: the text as it was before correction n. */
void pd_page_revision(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0];
	int number = pd_web_revision_number(rq->cap[1]);
	pd_revision rev = { 0 };
	pd_record *r = NULL;
	pd_err err = { 0 };
	int rc = strlen(id) > PD_MAX_ID_BYTES || !number ? PD_ENOTFOUND
		 : pd_store_revision_get(rq->ctx->store, id, number, &rev, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), rc == PD_ENOTFOUND
			     ? "there is no such record or earlier version" : err.msg);
		goto out;
	}
	r = pd_record_from_json(id, rev.json ? rev.json : "", rev.json ? strlen(rev.json) : 0,
				&err);
	if (!r || !r->id || strcmp(r->id, id) != 0) {
		pd_web_error(rq, rs, 500, "this earlier version cannot be read");
		goto out;
	}
	page(rq, rs, r, &rev);
out:
	pd_record_free(r);
	pd_revision_release(&rev);
}
