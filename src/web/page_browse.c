/* page_browse.c: lists of records — /browse/dates/{yyyy}[/{mm}],
 * /topics/{topic}, /types/{type} — and /speakers/{speaker}, everything one
 * person said, oldest first, with the role they had each time. */
#include "web/web_int.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "escape/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Characters of a turn shown on the speaker page before "…". */
#define EXCERPT_CHARS 280
/* Turns listed per record there before "and N more". */
#define TURNS_SHOWN 8

/* Reads the page, lists the records of req on it and fills s, n, total,
 * page and per_page. Answers 400 (bad page), the store's error, or 404 with
 * `none` when nothing matches, and returns -1 then. */
static int fetch(pd_web_rq *rq, pd_web_response *rs, pd_list_req *req, const char *none,
		 pd_summary **s, size_t *n, size_t *total, size_t *page, size_t *per_page)
{
	pd_buf why;
	pd_err err = { 0 };
	int rc = 0;
	pd_buf_init(&why, 0);
	if (pd_web_paging(rq, PD_WEB_MAX_LIST_PAGE, page, per_page, &why) < 0) {
		pd_web_error(rq, rs, 400, why.data);
		rc = -1;
		goto out;
	}
	req->limit = *per_page;
	req->offset = (*page - 1) * *per_page;
	rc = pd_store_list(rq->ctx->store, req, s, n, total, &err);
	if (rc < 0 || *total == 0) {
		pd_web_error(rq, rs, rc < 0 ? pd_web_status_of(rc) : 404, rc < 0 ? err.msg : none);
		rc = -1;
	}
out:
	pd_buf_release(&why);
	return rc;
}

/* A paged list of the records passing f, headed `heading`; path is this
 * page's own path (already URL-safe) for the pager. */
static void list_page(pd_web_rq *rq, pd_web_response *rs, const pd_filter *f,
		      const char *heading, const char *path, pd_tv *v, bool oldest_first)
{
	pd_list_req req = { .filter = *f, .oldest_first = oldest_first };
	pd_summary *s = NULL;
	size_t n = 0, total = 0, page, per_page;
	if (fetch(rq, rs, &req, "no records here", &s, &n, &total, &page, &per_page) < 0)
		goto out;
	pd_tv_str(v, "heading", heading);
	pd_tv_printf(v, "total_text", "%zu record%s", total, total == 1 ? "" : "s");
	pd_web_summaries(v, "records", s, n, (pd_web_lang)rq->ui);
	pd_web_pager(v, path, "", PD_WEB_MAX_LIST_PAGE, page, per_page, total);
	pd_web_page(rq, rs, (pd_web_lang)rq->ui, heading, "list.html", v);
out:
	pd_summaries_free(s, n);
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void pd_page_dates(pd_web_rq *rq, pd_web_response *rs)
{
	static const char *months[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	const char *y = rq->cap[0], *m = rq->ncap > 1 ? rq->cap[1] : NULL;
	char when[8], path[32];
	if (!all_digits(y, 4) || (m && (!all_digits(m, 2) || atoi(m) < 1 || atoi(m) > 12))) {
		pd_web_error(rq, rs, 404, "dates are written /browse/dates/YYYY or /browse/dates/YYYY/MM");
		return;
	}
	snprintf(when, sizeof when, m ? "%s-%s" : "%s", y, m);
	snprintf(path, sizeof path, m ? "/browse/dates/%s/%s" : "/browse/dates/%s", y, m);
	pd_filter f = { .from = when, .to = when };
	pd_tv *v = pd_tv_new();
	pd_buf h;
	pd_buf_init(&h, 0);
	pd_buf_puts(&h, "Records of ");
	pd_web_date(&h, when, (pd_web_lang)rq->ui);
	if (!m) {
		pd_tv *mo = pd_tv_obj(v, "months");
		for (int i = 0; i < 12; i++) {
			pd_tv *it = pd_tv_item(mo, "list");
			pd_tv_printf(it, "href", "/browse/dates/%s/%02d", y, i + 1);
			pd_tv_str(it, "label", months[i]);
		}
	}
	list_page(rq, rs, &f, h.data, path, v, true);
	pd_buf_release(&h);
	pd_tv_free(v);
}

/* /topics/{t} and /types/{t}: the value is also the pager's path. */
static void value_page(pd_web_rq *rq, pd_web_response *rs, const char *prefix,
		       const char *what, bool topic)
{
	const char *val = rq->cap[0];
	pd_filter f = { 0 };
	if (topic)
		f.topic = val;
	else
		f.type = val;
	pd_tv *v = pd_tv_new();
	pd_buf h, path;
	pd_buf_init(&h, 0);
	pd_buf_init(&path, 0);
	pd_buf_printf(&h, "%s: %s", what, val);
	pd_buf_puts(&path, prefix);
	pd_esc_url(&path, val, strlen(val));
	if (topic)
		pd_web_href(v, "feed_href", "/topics/", val, ".atom");
	list_page(rq, rs, &f, h.data, path.data, v, false);
	pd_buf_release(&h);
	pd_buf_release(&path);
	pd_tv_free(v);
}

void pd_page_topic(pd_web_rq *rq, pd_web_response *rs)
{
	value_page(rq, rs, "/topics/", "Topic", true);
}

void pd_page_type(pd_web_rq *rq, pd_web_response *rs)
{
	value_page(rq, rs, "/types/", "Type", false);
}

/* ---- /speakers/{speaker} ------------------------------------------------ */

static bool is_speaker(const pd_participant *p, const char *who)
{
	if ((p->name && strcasecmp(p->name, who) == 0) || strcasecmp(p->label, who) == 0)
		return true;
	for (size_t i = 0; i < p->naliases; i++)
		if (strcasecmp(p->aliases[i], who) == 0)
			return true;
	return false;
}

/* The turns of one record spoken by `who`, and the roles they had there. */
static void said_in(pd_tv *it, const pd_record *r, const char *who, const char *href)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		if (!is_speaker(p, who) || !p->role)
			continue;
		if (b.len)
			pd_buf_puts(&b, "; ");
		pd_buf_puts(&b, p->role);
	}
	pd_tv_str(it, "roles", b.data);
	size_t shown = 0, more = 0;
	pd_tv_list(it, "said");
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		const pd_participant *p = t->speaker ? pd_record_find_participant(r, t->speaker) : NULL;
		if (!(p ? is_speaker(p, who) : t->speaker && strcasecmp(t->speaker, who) == 0))
			continue;
		if (shown == TURNS_SHOWN) {
			more++;
			continue;
		}
		pd_tv *s = pd_tv_item(it, "said");
		pd_tv_printf(s, "href", "%s#t%d", href, t->n);
		pd_tv_printf(s, "n", "%d", t->n);
		pd_tv_str(s, "kind", pd_turn_kind_name(t->kind));
		pd_tv_printf(s, "kind_class", "turn-%s", pd_turn_kind_name(t->kind));
		const char *text = t->text ? t->text : "";
		size_t cut = pd_utf8_prefix(text, strlen(text), EXCERPT_CHARS);
		pd_buf_reset(&b);
		pd_buf_add(&b, text, cut);
		if (cut < strlen(text))
			pd_buf_puts(&b, "…");
		pd_tv_str(s, "excerpt", b.data);
		shown++;
	}
	if (more)
		pd_tv_printf(it, "more", "and %zu more turn%s in this record", more, more == 1 ? "" : "s");
	pd_buf_release(&b);
}

void pd_page_speaker(pd_web_rq *rq, pd_web_response *rs)
{
	const char *who = rq->cap[0];
	pd_list_req req = { .filter.speaker = who, .oldest_first = true };
	pd_summary *s = NULL;
	size_t n = 0, total = 0, page, per_page;
	pd_tv *v = pd_tv_new();
	pd_buf path;
	pd_buf_init(&path, 0);
	if (fetch(rq, rs, &req, "no record names this speaker", &s, &n, &total, &page,
		  &per_page) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		pd_record *r = NULL;
		pd_tv *it = pd_tv_item(v, "records");
		pd_web_summary(it, &s[i], (pd_web_lang)rq->ui);
		pd_tv_printf(it, "i", "%zu", i + 1);
		if (pd_store_get(rq->ctx->store, s[i].id, &r, NULL) < 0)
			continue;
		pd_buf_reset(&path);
		pd_buf_puts(&path, "/records/");
		pd_esc_url(&path, s[i].id, strlen(s[i].id));
		said_in(it, r, who, path.data);
		pd_record_free(r);
	}
	pd_buf_reset(&path);
	pd_buf_printf(&path, "Speaker: %s", who);
	pd_tv_str(v, "heading", path.data);
	pd_tv_str(v, "name", who);
	pd_tv_printf(v, "total_text", "%zu record%s, oldest first", total, total == 1 ? "" : "s");
	pd_web_href(v, "feed_href", "/speakers/", who, ".atom");
	pd_web_href(v, "search_href", "/search?speaker=", who, "");
	pd_buf_reset(&path);
	pd_buf_puts(&path, "/speakers/");
	pd_esc_url(&path, who, strlen(who));
	pd_web_pager(v, path.data, "", PD_WEB_MAX_LIST_PAGE, page, per_page, total);
	pd_web_page(rq, rs, (pd_web_lang)rq->ui, who, "speaker.html", v);
out:
	pd_summaries_free(s, n);
	pd_buf_release(&path);
	pd_tv_free(v);
}
