/* feed.c: what feed readers and crawlers read — Atom 1.0 feeds (RFC 4287)
 * of the latest records, of a topic, of a speaker and of a search;
 * /sitemap.xml (sitemaps.org 0.9; an index of /sitemaps/N.xml past 50,000
 * records) and /robots.txt. */
#include "web/web_int.h"
#include "escape/escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An Atom date for an ISO record date; the feed's time when there is none
 * or it is partial (Atom wants a full date-time). */
static void atom_date(pd_tv *it, const char *iso, const char *fallback)
{
	if (iso && strlen(iso) == 10 && pd_web_date_valid(iso))
		pd_tv_printf(it, "updated", "%sT00:00:00Z", iso);
	else
		pd_tv_str(it, "updated", fallback);
}

/* The feed's own time: when the data last changed (the clock only for a
 * database that is not a file). A clock reading changed the feed every
 * second, so a search feed's cached copy and a fresh one differed, and
 * its ETag with them, with nothing new in it. */
static void feed_time(const pd_web_rq *rq, char out[32])
{
	time_t t = pd_web_data_time(rq->ctx);
	if (t == 0)
		t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Fills the feed's head: title, self (this URL), alternate (the page). */
static pd_tv *feed_head(pd_web_rq *rq, const char *title, const char *alternate, char now[32])
{
	pd_tv *v = pd_tv_new();
	feed_time(rq, now);
	pd_tv_str(v, "title", title);
	pd_tv_printf(v, "self", "%s%s%s%s", rq->base, rq->req->path,
		     rq->req->query ? "?" : "", rq->req->query ? rq->req->query : "");
	pd_tv_printf(v, "alternate", "%s%s", rq->base, alternate);
	pd_tv_str(v, "updated", now);
	return v;
}

static void feed_send(pd_web_rq *rq, pd_web_response *rs, pd_tv *v)
{
	if (pd_web_render("feed.atom", v, pd_esc_xml, &rs->body) < 0)
		pd_web_error(rq, rs, 500, "the feed could not be built");
	else
		pd_web_reply(rs, 200, PD_CT_ATOM);
}

/* A feed of the records passing f, newest first. */
static void records_feed(pd_web_rq *rq, pd_web_response *rs, const pd_filter *f,
			 const char *title, const char *alternate)
{
	pd_list_req req = { .limit = PD_WEB_FEED_ENTRIES };
	pd_summary *s = NULL;
	size_t n = 0, total = 0;
	pd_err err = { 0 };
	char now[32];
	if (f)
		req.filter = *f;
	int rc = pd_store_list(rq->ctx->store, &req, &s, &n, &total, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		return;
	}
	pd_tv *v = feed_head(rq, title, alternate, now);
	if (n && s[0].date && strlen(s[0].date) == 10)
		atom_date(v, s[0].date, now);
	pd_tv_list(v, "entries");
	for (size_t i = 0; i < n; i++) {
		pd_tv *it = pd_tv_item(v, "entries");
		pd_web_summary(it, &s[i], PD_WEB_EN);
		pd_buf b;
		pd_buf_init(&b, 0);
		pd_buf_printf(&b, "%s/records/", rq->base);
		pd_esc_url(&b, s[i].id, strlen(s[i].id));
		pd_tv_str(it, "href", b.data);
		pd_buf_release(&b);
		atom_date(it, s[i].date, now);
		pd_tv_printf(it, "summary", "%s%s%s", s[i].source ? s[i].source : "",
			     s[i].source && s[i].release_type ? " · " : "",
			     s[i].release_type ? s[i].release_type : "");
	}
	feed_send(rq, rs, v);
	pd_tv_free(v);
	pd_summaries_free(s, n);
}

void pd_feed_all(pd_web_rq *rq, pd_web_response *rs)
{
	records_feed(rq, rs, NULL, "Podium: latest records", "/");
}

static void value_feed(pd_web_rq *rq, pd_web_response *rs, bool topic)
{
	pd_filter f = { 0 };
	pd_buf title, alt;
	pd_buf_init(&title, 0);
	pd_buf_init(&alt, 0);
	if (topic)
		f.topic = rq->cap[0];
	else
		f.speaker = rq->cap[0];
	pd_buf_printf(&title, "Podium: %s %s", topic ? "topic" : "speaker", rq->cap[0]);
	pd_buf_puts(&alt, topic ? "/topics/" : "/speakers/");
	pd_esc_url(&alt, rq->cap[0], strlen(rq->cap[0]));
	records_feed(rq, rs, &f, title.data, alt.data);
	pd_buf_release(&title);
	pd_buf_release(&alt);
}

void pd_feed_topic(pd_web_rq *rq, pd_web_response *rs)
{
	value_feed(rq, rs, true);
}

void pd_feed_speaker(pd_web_rq *rq, pd_web_response *rs)
{
	value_feed(rq, rs, false);
}

/* /search.atom?q=...: the best matching turns, one entry each. */
void pd_feed_search(pd_web_rq *rq, pd_web_response *rs)
{
	pd_search_req req = { .limit = PD_WEB_FEED_ENTRIES };
	pd_search_result res;
	pd_err err = { 0 };
	pd_buf b;
	char now[32];
	memset(&res, 0, sizeof res);
	pd_buf_init(&b, 0);
	req.query = pd_web_get_nonempty(rq, "q");
	if (pd_web_filter(rq, &req.filter, &b) < 0 || !req.query ||
	    strlen(req.query) > PD_MAX_QUERY_BYTES) {
		pd_web_error(rq, rs, 400, b.len ? b.data : "a search feed needs a query: ?q=...");
		goto out;
	}
	int rc = pd_store_search(rq->ctx->store, &req, &res, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		goto out;
	}
	pd_buf_printf(&b, "Podium: search %s", req.query);
	pd_tv *v = feed_head(rq, b.data, "/search", now);
	pd_buf_reset(&b);
	pd_buf_puts(&b, "/search?");
	pd_buf_puts(&b, rq->req->query);
	pd_tv_printf(v, "alternate", "%s%s", rq->base, b.data);
	pd_tv_list(v, "entries");
	for (size_t i = 0; i < res.nhits; i++) {
		const pd_hit *h = &res.hits[i];
		pd_tv *it = pd_tv_item(v, "entries");
		pd_buf_reset(&b);
		pd_buf_printf(&b, "%s/records/", rq->base);
		pd_esc_url(&b, h->record_id, strlen(h->record_id));
		pd_buf_printf(&b, "#t%d", h->turn);
		pd_tv_str(it, "href", b.data);
		pd_buf_reset(&b);
		pd_buf_printf(&b, "%s%s%s", h->title ? h->title : "Untitled",
			      h->speaker ? " — " : "", h->speaker ? h->speaker : "");
		pd_tv_str(it, "title", b.data);
		pd_buf_reset(&b);
		pd_web_snippet_plain(&b, h->snippet);
		pd_tv_str(it, "summary", b.data);
		atom_date(it, h->date, now);
	}
	feed_send(rq, rs, v);
	pd_tv_free(v);
out:
	pd_search_result_release(&res);
	pd_buf_release(&b);
}

/* URLs per sitemap file: the protocol's limit, PD_WEB_SITEMAP_URLS
 * (PODIUM_SITEMAP_URLS lowers it, so tests reach the index with a few
 * records). */
static size_t sitemap_urls(void)
{
	const char *v = getenv("PODIUM_SITEMAP_URLS");
	long n = v ? strtol(v, NULL, 10) : 0;
	return n >= 1 && n <= PD_WEB_SITEMAP_URLS ? (size_t)n : PD_WEB_SITEMAP_URLS;
}

/* A <urlset> of the records req lists (and the home page first, when
 * `home`); false after an error answer. */
static bool urlset(pd_web_rq *rq, pd_web_response *rs, const pd_list_req *req, bool home)
{
	pd_summary *s = NULL;
	size_t n = 0, total = 0;
	pd_err err = { 0 };
	int rc = pd_store_list(rq->ctx->store, req, &s, &n, &total, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		return false;
	}
	pd_buf *b = &rs->body;
	pd_buf url;
	pd_buf_init(&url, 0);
	pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (home)
		pd_buf_printf(b, "<url><loc>%s/</loc></url>\n", rq->base);
	for (size_t i = 0; i < n; i++) {
		pd_buf_reset(&url);
		pd_buf_printf(&url, "%s/records/", rq->base);
		pd_esc_url(&url, s[i].id, strlen(s[i].id));
		pd_buf_puts(b, "<url><loc>");
		pd_esc_xml(b, url.data, url.len);
		pd_buf_puts(b, "</loc>");
		if (s[i].date && strlen(s[i].date) == 10 && pd_web_date_valid(s[i].date))
			pd_buf_printf(b, "<lastmod>%s</lastmod>", s[i].date);
		pd_buf_puts(b, "</url>\n");
	}
	pd_buf_puts(b, "</urlset>\n");
	pd_buf_release(&url);
	pd_summaries_free(s, n);
	pd_web_reply(rs, 200, PD_CT_XML);
	return true;
}

/* The files of the sitemap index: 0 when the home page and every record
 * fit in /sitemap.xml itself, -1 after an error answer. */
static long sitemap_parts(pd_web_rq *rq, pd_web_response *rs, size_t per)
{
	pd_list_req req = { .limit = 1 };
	pd_summary *s = NULL;
	size_t n = 0, total = 0;
	pd_err err = { 0 };
	int rc = pd_store_list(rq->ctx->store, &req, &s, &n, &total, &err);
	pd_summaries_free(s, n);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		return -1;
	}
	return total + 1 <= per ? 0 : (long)((total + per - 1) / per);
}

/* /sitemap.xml: the home page and every record's page, in one file while
 * they fit (the protocol allows 50,000 URLs a file); past that an index of
 * /sitemaps/N.xml, the records oldest first, `per` a file, so a record
 * stays in its file while newer ones are added (the home page, linked from
 * every page, is then in none). */
void pd_feed_sitemap(pd_web_rq *rq, pd_web_response *rs)
{
	size_t per = sitemap_urls();
	long parts = sitemap_parts(rq, rs, per);
	if (parts == 0)
		urlset(rq, rs, &(pd_list_req){ .limit = per, .oldest_first = true }, true);
	if (parts <= 0)
		return;
	pd_buf *b = &rs->body;
	pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (long i = 1; i <= parts; i++)
		pd_buf_printf(b, "<sitemap><loc>%s/sitemaps/%ld.xml</loc></sitemap>\n", rq->base, i);
	pd_buf_puts(b, "</sitemapindex>\n");
	pd_web_reply(rs, 200, PD_CT_XML);
}

/* /sitemaps/N.xml: the index's file N. */
void pd_feed_sitemap_part(pd_web_rq *rq, pd_web_response *rs)
{
	const char *v = rq->cap[0];
	size_t per = sitemap_urls(), len = strlen(v);
	long i = 0;
	bool digits = len >= 1 && len <= 9 && v[0] != '0';
	for (size_t k = 0; k < len && digits; k++)
		digits = v[k] >= '0' && v[k] <= '9';
	if (digits)
		i = strtol(v, NULL, 10);
	long parts = i ? sitemap_parts(rq, rs, per) : 0;
	if (parts < 0)
		return;
	if (i < 1 || i > parts) {
		pd_web_error(rq, rs, 404, "no such sitemap file: the list is /sitemap.xml");
		return;
	}
	urlset(rq, rs, &(pd_list_req){ .limit = per, .offset = (size_t)(i - 1) * per,
				       .oldest_first = true }, false);
}

void pd_feed_robots(pd_web_rq *rq, pd_web_response *rs)
{
	/* searches and the API multiply without end: crawl records instead */
	pd_buf_printf(&rs->body, "User-agent: *\nDisallow: /search\nDisallow: /api/\n"
		      "Allow: /\n\nSitemap: %s/sitemap.xml\n", rq->base);
	pd_web_reply(rs, 200, PD_CT_TEXT);
}
