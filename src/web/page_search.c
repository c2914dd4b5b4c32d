/* page_search.c: /search — the query box, filters with facet counts,
 * highlighted hits linking to their turn, paging, and a timeline of
 * matching turns drawn as inline SVG with a table as its text alternative. */
#include "web/web_int.h"
#include "base/mem.h"
#include "escape/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parameters a search URL carries, in the order links write them. */
static const char *params[] = { "q",    "speaker", "from", "to",
				"type", "topic",   "lang", "kind", "exact_total" };
#define NPARAMS (sizeof params / sizeof params[0])

/* Appends "name=value&" for each current parameter except skip_a/skip_b
 * (page is never kept: a changed search starts on page 1). */
static void keep_query(pd_buf *b, const pd_web_rq *rq, const char *skip_a, const char *skip_b)
{
	for (size_t i = 0; i < NPARAMS; i++) {
		const char *v = pd_web_get_nonempty(rq, params[i]);
		if (!v || (skip_a && strcmp(params[i], skip_a) == 0) ||
		    (skip_b && strcmp(params[i], skip_b) == 0))
			continue;
		pd_buf_printf(b, "%s=", params[i]);
		pd_esc_url(b, v, strlen(v));
		pd_buf_putc(b, '&');
	}
}

/* A link to this search with one filter set (value NULL: removed). */
static void link_with(pd_tv *it, const pd_web_rq *rq, const char *name, const char *value,
		      const char *also)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "/search?");
	keep_query(&b, rq, name, also);
	if (value) {
		pd_buf_printf(&b, "%s=", name);
		pd_esc_url(&b, value, strlen(value));
		if (also) {
			pd_buf_printf(&b, "&%s=", also);
			pd_esc_url(&b, value, strlen(value));
		}
	} else if (b.len && b.data[b.len - 1] == '&') {
		pd_buf_truncate(&b, b.len - 1);
	}
	pd_tv_str(it, "href", b.data);
	pd_buf_release(&b);
}

/* One facet's values; `about`: counts estimated from a sample. */
static void add_facet(pd_tv *v, const pd_web_rq *rq, const char *title, const char *param,
		      const char *also, const pd_facet *f, size_t n, bool about)
{
	if (!n)
		return;
	pd_tv *sec = pd_tv_item(v, "facets");
	pd_tv_str(sec, "name", title);
	for (size_t i = 0; i < n && i < 20; i++) {
		pd_tv *it = pd_tv_item(sec, "values");
		pd_tv_str(it, "value", f[i].value);
		pd_tv_printf(it, "count", "%s%zu", about ? "about " : "", f[i].count);
		link_with(it, rq, param, f[i].value, also);
	}
	pd_tv_bool(v, "has_facets", true);
}

static void active_filters(pd_tv *v, const pd_web_rq *rq)
{
	for (size_t i = 1; i < NPARAMS; i++) {
		const char *val = pd_web_get_nonempty(rq, params[i]);
		if (!val)
			continue;
		pd_tv *it = pd_tv_item(v, "active");
		pd_tv_printf(it, "label", "%s: %s", params[i], val);
		link_with(it, rq, params[i], NULL, NULL);
	}
	pd_tv_bool(v, "has_active", pd_tv_count(v, "active") > 0);
}

/* ---- timeline ----------------------------------------------------------- */

typedef struct bucket {
	char label[8];         /* "2020" or "2020-09" */
	size_t count;
} bucket;

#define MAX_BUCKETS 240

static int year_of(const char *s)
{
	if (!s || strlen(s) < 4)
		return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	return y;
}

/* Years from the facet, with the years between them at 0. */
static size_t by_year(const pd_search_result *res, bucket *b)
{
	int lo = 10000, hi = -1;
	for (size_t i = 0; i < res->nyears; i++) {
		int y = year_of(res->years[i].value);
		if (y < 0)
			continue;
		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	if (hi < 0)
		return 0;
	if (hi - lo >= MAX_BUCKETS)
		lo = hi - MAX_BUCKETS + 1;
	size_t n = (size_t)(hi - lo + 1);
	for (size_t i = 0; i < n; i++) {
		snprintf(b[i].label, sizeof b[i].label, "%04d", lo + (int)i);
		b[i].count = 0;
	}
	for (size_t i = 0; i < res->nyears; i++) {
		int y = year_of(res->years[i].value);
		if (y >= lo)
			b[y - lo].count += res->years[i].count;
	}
	return n;
}

/* Months of the hits when they all fall within two calendar years and are
 * few enough to read: runs the search again for every hit. */
static size_t by_month(pd_web_rq *rq, const pd_search_req *req, const pd_search_result *res,
		       bucket *b)
{
	int lo = 10000, hi = -1;
	for (size_t i = 0; i < res->nyears; i++) {
		int y = year_of(res->years[i].value);
		lo = y >= 0 && y < lo ? y : lo;
		hi = y > hi ? y : hi;
	}
	if (hi < 0 || hi - lo > 1 || res->total > PD_WEB_TIMELINE_HITS)
		return 0;
	pd_search_req all = *req;
	pd_search_result r2;
	memset(&r2, 0, sizeof r2);
	all.limit = PD_WEB_TIMELINE_HITS;
	all.offset = 0;
	all.want_facets = false;
	if (pd_store_search(rq->ctx->store, &all, &r2, NULL) < 0)
		return 0;
	size_t n = (size_t)(hi - lo + 1) * 12;
	for (size_t i = 0; i < n; i++) {
		snprintf(b[i].label, sizeof b[i].label, "%04d-%02d", lo + (int)(i / 12), (int)(i % 12) + 1);
		b[i].count = 0;
	}
	for (size_t i = 0; i < r2.nhits; i++) {
		const char *d = r2.hits[i].date;
		int y = year_of(d);
		if (y < lo || y > hi || strlen(d) < 7 || d[4] != '-')
			continue;
		int m = (d[5] - '0') * 10 + (d[6] - '0');
		if (m >= 1 && m <= 12)
			b[(y - lo) * 12 + m - 1].count++;
	}
	pd_search_result_release(&r2);
	/* trim empty months at both ends */
	size_t first = 0, last = n;
	while (first < n && b[first].count == 0)
		first++;
	while (last > first && b[last - 1].count == 0)
		last--;
	if (first == last)
		return 0;
	memmove(b, b + first, (last - first) * sizeof *b);
	return last - first;
}

static void draw_timeline(pd_buf *o, const bucket *b, size_t n, bool months)
{
	const int W = 640, H = 140, base = 110;
	size_t max = 1;
	for (size_t i = 0; i < n; i++)
		max = b[i].count > max ? b[i].count : max;
	double bw = (double)(W - 20) / (double)n;
	pd_buf_puts(o, "<figure class=\"timeline\">\n<figcaption id=\"tl-cap\">Matching turns per ");
	pd_buf_puts(o, months ? "month" : "year");
	pd_buf_printf(o, "</figcaption>\n<svg viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-labelledby=\"tl-cap\" focusable=\"false\">\n", W, H);
	pd_buf_printf(o, "<line class=\"axis\" x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
		      base, W - 10, base);
	size_t every = n / 12 + 1;   /* label at most ~12 ticks */
	for (size_t i = 0; i < n; i++) {
		double h = (double)(base - 10) * (double)b[i].count / (double)max;
		double x = 10 + bw * (double)i;
		pd_buf_printf(o, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			      "<title>", x + bw * 0.1, base - h, bw * 0.8, h);
		pd_esc_html_str(o, b[i].label);
		pd_buf_printf(o, ": %zu</title></rect>\n", b[i].count);
		if (i % every == 0) {
			pd_buf_printf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + bw / 2, base + 18);
			pd_esc_html_str(o, b[i].label);
			pd_buf_puts(o, "</text>\n");
		}
	}
	pd_buf_puts(o, "</svg>\n<details><summary>The timeline as a table</summary>\n"
		    "<table><thead><tr><th scope=\"col\">");
	pd_buf_puts(o, months ? "Month" : "Year");
	pd_buf_puts(o, "</th><th scope=\"col\">Matching turns</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		if (!b[i].count)   /* the chart shows the gaps; the table lists counts */
			continue;
		pd_buf_puts(o, "<tr><td>");
		pd_esc_html_str(o, b[i].label);
		pd_buf_printf(o, "</td><td>%zu</td></tr>\n", b[i].count);
	}
	pd_buf_puts(o, "</tbody></table></details>\n</figure>\n");
}

static void timeline(pd_tv *v, pd_web_rq *rq, const pd_search_req *req,
		     const pd_search_result *res)
{
	bucket *b = pd_xcalloc(MAX_BUCKETS, sizeof *b);
	pd_buf o;
	pd_buf_init(&o, 0);
	size_t n = by_month(rq, req, res, b);
	bool months = n > 0;
	if (!n)
		n = by_year(res, b);
	if (n)
		draw_timeline(&o, b, n, months);
	pd_tv_raw(v, "timeline", pd_buf_cstr(&o));
	pd_buf_release(&o);
	free(b);
}

/* ---- the page ----------------------------------------------------------- */

static void hits(pd_tv *v, const pd_search_result *res, pd_web_lang ui)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_tv_list(v, "hits");
	for (size_t i = 0; i < res->nhits; i++) {
		const pd_hit *h = &res->hits[i];
		pd_tv *it = pd_tv_item(v, "hits");
		pd_web_lang hl = pd_web_lang_of(h->language);
		pd_buf_reset(&b);
		pd_buf_puts(&b, "/records/");
		pd_esc_url(&b, h->record_id, strlen(h->record_id));
		if (h->turn > 0)
			pd_buf_printf(&b, "#t%d", h->turn);
		pd_tv_str(it, "href", b.data);
		pd_tv_str(it, "title", h->title && *h->title ? h->title : "Untitled");
		pd_tv_str(it, "item_lang", pd_web_lang_tag(hl));
		pd_buf_reset(&b);
		pd_web_date(&b, h->date, ui);
		pd_tv_str(it, "date", b.len ? b.data : "date unknown");
		pd_tv_str(it, "iso_date", h->date);
		pd_tv_str(it, "speaker", h->speaker_name ? h->speaker_name : h->speaker);
		pd_tv_str(it, "kind", h->turn_kind);
		pd_tv_printf(it, "turn", "%d", h->turn);
		pd_buf_reset(&b);
		pd_web_snippet_html(&b, h->snippet);
		pd_tv_raw(it, "snippet", pd_buf_cstr(&b));
	}
	pd_buf_release(&b);
}

static void form_values(pd_tv *v, const pd_web_rq *rq)
{
	static const char *names[] = { "f_speaker", "f_from", "f_to", "f_type", "f_topic" };
	for (size_t i = 0; i < 5; i++)
		pd_tv_str(v, names[i], pd_web_get(rq, params[i + 1]));
	const char *lang = pd_web_get_nonempty(rq, "lang");
	pd_tv_bool(v, "lang_en", lang && strcmp(lang, "en") == 0);
	pd_tv_bool(v, "lang_zh", lang && strcmp(lang, "zh") == 0);
}

void pd_page_search(pd_web_rq *rq, pd_web_response *rs)
{
	pd_tv *v = pd_tv_new();
	pd_search_result res;
	pd_search_req req;
	pd_buf why, qs;
	pd_err err = { 0 };
	size_t page, per_page;
	int status = 200;
	memset(&res, 0, sizeof res);
	memset(&req, 0, sizeof req);
	pd_buf_init(&why, 0);
	pd_buf_init(&qs, 0);
	const char *q = pd_web_get(rq, "q");
	pd_tv_bool(v, "search_page", true);
	pd_tv_str(v, "q", q ? q : "");
	form_values(v, rq);
	active_filters(v, rq);
	if (pd_web_filter(rq, &req.filter, &why) < 0 || pd_web_paging(rq, PD_WEB_MAX_PAGE, &page, &per_page, &why) < 0) {
		status = 400;
		pd_tv_str(v, "error", why.data);
		goto render;
	}
	if (!q || !*q)
		goto render;
	if (strlen(q) > PD_MAX_QUERY_BYTES) {
		status = 400;
		pd_tv_printf(v, "error", "the query is longer than %d bytes", PD_MAX_QUERY_BYTES);
		goto render;
	}
	req.query = q;
	req.limit = per_page;
	req.offset = (page - 1) * per_page;
	req.want_facets = true;
	if (pd_web_flag(rq, "exact_total", &req.exact_total) < 0) {
		status = 400;
		pd_tv_str(v, "error", "exact_total is 1 or 0");
		goto render;
	}
	int rc = pd_web_search(rq, rs, &req, &res, &err);
	if (rc < 0) {
		status = pd_web_status_of(rc);
		if (status != 400) {
			pd_web_error(rq, rs, status, err.msg);
			goto out;
		}
		pd_tv_str(v, "error", err.msg);
		goto render;
	}
	pd_tv_bool(v, "ran", true);
	pd_tv_bool(v, "none", res.total == 0);
	pd_tv_printf(v, "total_text", "%s%zu matching turn%s", res.estimated ? "about " : "",
		     res.total, res.total == 1 ? "" : "s");
	if (res.estimated) { /* the same search (this page) with every match counted */
		pd_buf_puts(&qs, "/search?");
		keep_query(&qs, rq, "exact_total", NULL);
		pd_buf_printf(&qs, "page=%zu&exact_total=1", page);
		pd_tv_str(v, "exact_href", qs.data);
		pd_buf_reset(&qs);
	}
	hits(v, &res, (pd_web_lang)rq->ui);
	add_facet(v, rq, "Speakers", "speaker", NULL, res.speakers, res.nspeakers,
		  res.facets_estimated);
	add_facet(v, rq, "Types", "type", NULL, res.types, res.ntypes,
		  res.facets_estimated);
	add_facet(v, rq, "Years", "from", "to", res.years, res.nyears,
		  res.facets_estimated);
	add_facet(v, rq, "Topics", "topic", NULL, res.topics, res.ntopics,
		  res.facets_estimated);
	add_facet(v, rq, "Languages", "lang", NULL, res.langs, res.nlangs,
		  res.facets_estimated);
	if (res.total)
		timeline(v, rq, &req, &res);
	keep_query(&qs, rq, NULL, NULL);
	pd_web_pager(v, "/search", pd_buf_cstr(&qs), PD_WEB_MAX_PAGE, page, per_page, res.total);
	pd_buf_reset(&qs);
	pd_buf_puts(&qs, "/search.atom?");
	keep_query(&qs, rq, NULL, NULL);
	pd_buf_truncate(&qs, qs.len - 1);
	pd_tv_str(v, "feed_href", qs.data);
render:
	pd_web_page(rq, rs, (pd_web_lang)rq->ui, q && *q ? q : pd_web_word((pd_web_lang)rq->ui, "search"), "search.html", v);
	if (rs->status == 200)
		rs->status = status;
out:
	pd_search_result_release(&res);
	pd_buf_release(&why);
	pd_buf_release(&qs);
	pd_tv_free(v);
}
