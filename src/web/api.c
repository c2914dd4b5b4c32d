/* api.c: the JSON API under /api/v1/ (described by openapi.json, served
 * from templates/). Records use the record format of record_json.h; lists
 * are paged (page, per_page <= PD_WEB_MAX_PAGE_SIZE); errors are
 * {"error":{"status":N,"message":"..."}} (router.c). */
#include "web/web_int.h"
#include "web/assets.h"
#include "escape/escape.h"
#include "record/record_json.h"

#include <stdlib.h>
#include <string.h>

/* Appends ,"name":"value" (or null). The names are this file's own
 * literals, written as they are. No printf here or in put_count: a search
 * answer writes ~160 fields and ~80 counts, and a printf call each was a
 * third of what was left of building it. */
static void field(pd_buf *b, const char *name, const char *value)
{
	pd_buf_puts(b, ",\"");
	pd_buf_puts(b, name);
	pd_buf_puts(b, "\":");
	pd_json_str(b, value);
}

/* n in decimal, as %zu writes it. */
static void put_count(pd_buf *b, size_t n)
{
	char digits[24];
	size_t i = sizeof digits;
	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	pd_buf_add(b, digits + i, sizeof digits - i);
}

static void facet_array(pd_buf *b, const pd_facet *f, size_t n)
{
	pd_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		pd_buf_puts(b, i ? ",{\"value\":" : "{\"value\":");
		pd_json_str(b, f[i].value);
		pd_buf_puts(b, ",\"count\":");
		put_count(b, f[i].count);
		pd_buf_putc(b, '}');
	}
	pd_buf_putc(b, ']');
}

/* Reads filters and paging; on a bad value answers 400 and returns -1. */
static int read_args(pd_web_rq *rq, pd_web_response *rs, pd_filter *f, long max_page,
		     size_t *page, size_t *per_page)
{
	pd_buf why;
	pd_buf_init(&why, 0);
	int rc = pd_web_filter(rq, f, &why);
	if (rc == 0)
		rc = pd_web_paging(rq, max_page, page, per_page, &why);
	if (rc < 0)
		pd_web_error(rq, rs, 400, why.data);
	pd_buf_release(&why);
	return rc;
}

void pd_api_records(pd_web_rq *rq, pd_web_response *rs)
{
	pd_list_req req = { 0 };
	pd_summary *s = NULL;
	size_t n = 0, total = 0, page, per_page;
	pd_err err = { 0 };
	if (read_args(rq, rs, &req.filter, PD_WEB_MAX_LIST_PAGE, &page, &per_page) < 0)
		return;
	req.limit = per_page;
	req.offset = (page - 1) * per_page;
	int rc = pd_store_list(rq->ctx->store, &req, &s, &n, &total, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		return;
	}
	pd_buf *b = &rs->body;
	pd_buf_printf(b, "{\"total\":%zu,\"page\":%zu,\"per_page\":%zu,\"records\":[",
		      total, page, per_page);
	for (size_t i = 0; i < n; i++) {
		pd_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		pd_json_str(b, s[i].id);
		field(b, "title", s[i].title);
		field(b, "date", s[i].date);
		field(b, "release_type", s[i].release_type);
		field(b, "language", s[i].language);
		field(b, "source", s[i].source);
		pd_buf_printf(b, ",\"turns\":%zu,\"url\":\"/api/v1/records/", s[i].nturns);
		pd_esc_url(b, s[i].id, strlen(s[i].id));
		pd_buf_puts(b, "\"}");
	}
	pd_buf_puts(b, "]}\n");
	pd_summaries_free(s, n);
	pd_web_reply(rs, 200, PD_CT_JSON);
}

static pd_record *load(pd_web_rq *rq, pd_web_response *rs, const char *id)
{
	pd_record *r = NULL;
	pd_err err = { 0 };
	int rc = strlen(id) > PD_MAX_ID_BYTES ? PD_ENOTFOUND
		 : pd_store_get(rq->ctx->store, id, &r, &err);
	if (rc < 0)
		pd_web_error(rq, rs, pd_web_status_of(rc),
			     rc == PD_ENOTFOUND ? "there is no record with this id" : err.msg);
	return rc < 0 ? NULL : r;
}

void pd_api_record(pd_web_rq *rq, pd_web_response *rs)
{
	pd_record *r = load(rq, rs, rq->cap[0]);
	if (!r)
		return;
	if (pd_record_to_json(r, &rs->body) < 0)
		pd_web_error(rq, rs, 500, "the record is too large");
	else
		pd_web_reply(rs, 200, PD_CT_JSON);
	pd_record_free(r);
}

void pd_api_turn(pd_web_rq *rq, pd_web_response *rs)
{
	const char *ns = rq->cap[1];
	long n = 0;
	for (const char *p = ns; *p && n <= PD_MAX_TURNS; p++)
		n = *p >= '0' && *p <= '9' ? n * 10 + (*p - '0') : PD_MAX_TURNS + 1;
	if (n < 1 || n > PD_MAX_TURNS) {
		pd_web_error(rq, rs, 400, "the turn number must be a whole number from 1");
		return;
	}
	pd_record *r = load(rq, rs, rq->cap[0]);
	if (!r)
		return;
	if ((size_t)n > r->nturns) {
		pd_web_error(rq, rs, 404, "the record has no turn with this number");
	} else {
		pd_turn_to_json(&r->turns[n - 1], &rs->body);
		pd_buf_putc(&rs->body, '\n');
		pd_web_reply(rs, 200, PD_CT_JSON);
	}
	pd_record_free(r);
}

/* One hit; snip is scratch space for its snippet's two forms. */
static void hit_json(pd_buf *b, const pd_hit *h, pd_buf *snip)
{
	pd_buf_puts(b, "{\"record_id\":");
	pd_json_str(b, h->record_id);
	field(b, "title", h->title);
	field(b, "date", h->date);
	field(b, "release_type", h->release_type);
	field(b, "language", h->language);
	pd_buf_printf(b, ",\"turn\":%d", h->turn);
	field(b, "speaker", h->speaker);
	field(b, "speaker_name", h->speaker_name);
	field(b, "turn_kind", h->turn_kind);
	pd_buf_reset(snip);
	pd_web_snippet_plain(snip, h->snippet);
	field(b, "snippet", pd_buf_cstr(snip));
	pd_buf_reset(snip);
	pd_web_snippet_html(snip, h->snippet);
	field(b, "snippet_html", pd_buf_cstr(snip));
	pd_buf_printf(b, ",\"score\":%.6g,\"url\":\"/records/", h->score);
	pd_esc_url(b, h->record_id, strlen(h->record_id));
	pd_buf_printf(b, "#t%d\"}", h->turn);
}

void pd_api_search(pd_web_rq *rq, pd_web_response *rs)
{
	pd_search_req req = { .want_facets = true };
	pd_search_result res;
	size_t page, per_page;
	pd_err err = { 0 };
	memset(&res, 0, sizeof res);
	if (read_args(rq, rs, &req.filter, PD_WEB_MAX_PAGE, &page, &per_page) < 0)
		return;
	req.query = pd_web_get_nonempty(rq, "q");
	if (!req.query) {
		pd_web_error(rq, rs, 400, "the parameter q (the query) is required");
		return;
	}
	if (strlen(req.query) > PD_MAX_QUERY_BYTES) {
		pd_web_error(rq, rs, 400, "the query is too long");
		return;
	}
	req.limit = per_page;
	req.offset = (page - 1) * per_page;
	if (pd_web_flag(rq, "exact_total", &req.exact_total) < 0) {
		pd_web_error(rq, rs, 400, "exact_total is 1 or 0");
		return;
	}
	int rc = pd_web_search(rq, rs, &req, &res, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		return;
	}
	pd_buf *b = &rs->body;
	pd_buf_puts(b, "{\"query\":");
	pd_json_str(b, req.query);
	pd_buf_printf(b, ",\"total\":%zu,\"estimated\":%s,\"page\":%zu,\"per_page\":%zu,"
		      "\"hits\":[", res.total, res.estimated ? "true" : "false", page, per_page);
	pd_buf snip;
	pd_buf_init(&snip, 0);
	for (size_t i = 0; i < res.nhits; i++) {
		if (i)
			pd_buf_putc(b, ',');
		hit_json(b, &res.hits[i], &snip);
	}
	pd_buf_release(&snip);
	pd_buf_puts(b, "],\"facets\":{\"speakers\":");
	facet_array(b, res.speakers, res.nspeakers);
	pd_buf_puts(b, ",\"types\":");
	facet_array(b, res.types, res.ntypes);
	pd_buf_puts(b, ",\"years\":");
	facet_array(b, res.years, res.nyears);
	pd_buf_puts(b, ",\"topics\":");
	facet_array(b, res.topics, res.ntopics);
	pd_buf_puts(b, ",\"languages\":");
	facet_array(b, res.langs, res.nlangs);
	pd_buf_printf(b, "},\"facets_estimated\":%s}\n", res.facets_estimated ? "true" : "false");
	pd_search_result_release(&res);
	pd_web_reply(rs, 200, PD_CT_JSON);
}

/* /api/v1/speakers and /topics: {"speakers":[{"value":..,"count":..}]}. */
static void facet_list(pd_web_rq *rq, pd_web_response *rs, const char *what, const char *key)
{
	pd_facet *f = NULL;
	size_t n = 0, page, per_page;
	pd_err err = { 0 };
	pd_buf why;
	pd_buf_init(&why, 0);
	int rc = pd_web_paging(rq, PD_WEB_MAX_PAGE, &page, &per_page, &why);
	if (rc < 0) {
		pd_web_error(rq, rs, 400, why.data);
		goto out;
	}
	/* facets come most frequent first; a page is a window on them */
	rc = pd_store_facet(rq->ctx->store, what, page * per_page, &f, &n, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		goto out;
	}
	size_t from = (page - 1) * per_page < n ? (page - 1) * per_page : n;
	pd_buf_printf(&rs->body, "{\"page\":%zu,\"per_page\":%zu,\"%s\":", page, per_page, key);
	/* no facets at all: f is NULL, and NULL + 0 is undefined behaviour */
	facet_array(&rs->body, f ? f + from : NULL, n - from);
	pd_buf_puts(&rs->body, "}\n");
	pd_web_reply(rs, 200, PD_CT_JSON);
out:
	pd_facets_free(f, n);
	pd_buf_release(&why);
}

void pd_api_speakers(pd_web_rq *rq, pd_web_response *rs)
{
	facet_list(rq, rs, "speaker", "speakers");
}

void pd_api_topics(pd_web_rq *rq, pd_web_response *rs)
{
	facet_list(rq, rs, "topic", "topics");
}

void pd_api_openapi(pd_web_rq *rq, pd_web_response *rs)
{
	const pd_web_asset *a = pd_web_asset_find("openapi.json");
	if (!a) {
		pd_web_error(rq, rs, 500, "the API description is missing from this build");
		return;
	}
	pd_buf_add(&rs->body, a->data, a->len);
	pd_web_reply(rs, 200, PD_CT_JSON);
}

/* ---- revisions: the earlier versions of a corrected record ------------- */

int pd_web_revision_number(const char *s)
{
	long n = 0;
	for (const char *p = s; *p && n <= 1000000000L; p++)
		n = *p >= '0' && *p <= '9' ? n * 10 + (*p - '0') : 1000000001L;
	return n >= 1 && n <= 1000000000L ? (int)n : 0;
}

void pd_api_revision_fields(pd_buf *b, const char *id, const pd_revision *v)
{
	pd_buf_printf(b, "\"number\":%d", v->number);
	field(b, "created", v->created);
	field(b, "replaced", v->replaced);
	field(b, "who", v->who);
	field(b, "why", v->why);
	pd_buf_puts(b, ",\"href\":\"/api/v1/records/");
	pd_esc_url(b, id, strlen(id));
	pd_buf_printf(b, "/revisions/%d\"", v->number);
}

/* /api/v1/records/{id}/revisions: the notes of every earlier version
 * (newest first, at most PD_WEB_MAX_REVISIONS), without their texts. */
void pd_api_revisions(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0];
	pd_revision *v = NULL;
	size_t n = 0;
	pd_err err = { 0 };
	int rc = strlen(id) > PD_MAX_ID_BYTES ? PD_ENOTFOUND
		 : pd_store_revision_list(rq->ctx->store, id, PD_WEB_MAX_REVISIONS, &v, &n, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc),
			     rc == PD_ENOTFOUND ? "there is no record with this id" : err.msg);
		return;
	}
	pd_buf *b = &rs->body;
	pd_buf_puts(b, "{\"id\":");
	pd_json_str(b, id);
	pd_buf_puts(b, ",\"revisions\":[");
	for (size_t i = 0; i < n; i++) {
		pd_buf_puts(b, i ? ",{" : "{");
		pd_api_revision_fields(b, id, &v[i]);
		pd_buf_putc(b, '}');
	}
	pd_buf_puts(b, "]}\n");
	pd_revisions_free(v, n);
	pd_web_reply(rs, 200, PD_CT_JSON);
}

/* /api/v1/records/{id}/revisions/{n}: one earlier version, whole. */
void pd_api_revision(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0];
	int number = pd_web_revision_number(rq->cap[1]);
	pd_revision v;
	pd_err err = { 0 };
	int rc = strlen(id) > PD_MAX_ID_BYTES || !number ? PD_ENOTFOUND
		 : pd_store_revision_get(rq->ctx->store, id, number, &v, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc),
			     rc == PD_ENOTFOUND ? "there is no such record or revision" : err.msg);
		return;
	}
	pd_buf *b = &rs->body;
	pd_buf_puts(b, "{\"id\":");
	pd_json_str(b, id);
	pd_buf_putc(b, ',');
	pd_api_revision_fields(b, id, &v);
	/* the store wrote this JSON itself (pd_record_to_json) */
	pd_buf_puts(b, ",\"record\":");
	int full = pd_buf_puts(b, v.json ? v.json : "null");
	pd_buf_puts(b, "}\n");
	pd_revision_release(&v);
	if (full < 0)
		pd_web_error(rq, rs, 500, "the revision is too large");
	else
		pd_web_reply(rs, 200, PD_CT_JSON);
}
