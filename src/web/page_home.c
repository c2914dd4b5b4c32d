/* page_home.c: / — the latest records, topics, speakers, years and types
 * (each a link to its list), and a search box. */
#include "web/web_int.h"

#include <string.h>

/* Entries per facet column on the home page. */
#define HOME_FACETS 30
#define HOME_LATEST 15

static void facet(pd_tv *v, pd_web_rq *rq, const char *what, const char *list,
		  const char *prefix)
{
	pd_facet *f = NULL;
	size_t n = 0;
	pd_tv_list(v, list);
	if (pd_store_facet(rq->ctx->store, what, HOME_FACETS, &f, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		pd_tv *it = pd_tv_item(v, list);
		pd_tv_str(it, "value", f[i].value);
		pd_tv_printf(it, "count", "%zu", f[i].count);
		pd_web_href(it, "href", prefix, f[i].value, "");
	}
	pd_facets_free(f, n);
}

void pd_page_home(pd_web_rq *rq, pd_web_response *rs)
{
	pd_list_req req = { .limit = HOME_LATEST };
	pd_summary *s = NULL;
	size_t n = 0, total = 0;
	pd_stats st;
	pd_err err = { 0 };
	pd_tv *v = pd_tv_new();
	int rc = pd_store_list(rq->ctx->store, &req, &s, &n, &total, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
		goto out;
	}
	pd_web_summaries(v, "latest", s, n, (pd_web_lang)rq->ui);
	facet(v, rq, "topic", "topics", "/topics/");
	facet(v, rq, "speaker", "speakers", "/speakers/");
	facet(v, rq, "year", "years", "/browse/dates/");
	facet(v, rq, "type", "types", "/types/");
	memset(&st, 0, sizeof st);
	if (pd_store_stats(rq->ctx->store, &st, NULL) == 0)
		pd_tv_printf(v, "stats", "%zu records, %zu turns.", st.records, st.turns);
	pd_stats_release(&st);
	pd_tv_str(v, "feed_href", "/feed.atom");
	pd_web_page(rq, rs, (pd_web_lang)rq->ui, pd_web_word((pd_web_lang)rq->ui, "tagline"), "home.html", v);
out:
	pd_summaries_free(s, n);
	pd_tv_free(v);
}
