/* test_web.c: the web layer in-process — the template engine, dates and
 * snippets, and the router called through pd_web_handle against a real
 * SQLite store holding an English, a Chinese and a hostile record.
 *
 * The hostile record carries <script>, quote-breaking attributes and
 * javascript: URLs in every field a page shows; HTML, JSON and Atom output
 * must carry them as inert text. JSON is parsed with jansson, Atom and the
 * sitemap with libxml2 (no recovery), gzip bodies inflated with zlib.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/mem.h"
#include "escape/escape.h"
#include "record/record.h"
#include "store/store.h"
#include "web/template.h"
#include "web/web.h"
#include "web/web_int.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* ---- template engine ---------------------------------------------------- */

static char *render(const char *tpl, const pd_tv *v, int *rc)
{
	pd_buf out;
	pd_err err;
	pd_buf_init(&out, 0);
	*rc = pd_tpl_render("test", tpl, strlen(tpl), v, pd_esc_html, &out, &err);
	return pd_buf_detach(&out);
}

static void test_tpl_variables(void **state)
{
	pd_tv *v = pd_tv_new();
	int rc;
	pd_tv_str(v, "name", "<b>\"Tom\" & 'Jerry'</b>");
	pd_tv_raw(v, "frag", "<em>ok</em>");
	char *s = render("[{{name}}][{{{frag}}}][{{{name}}}][{{missing}}]{{! note }}", v, &rc);
	assert_int_equal(rc, 0);
	/* {{{x}}} on a plain string still escapes: only raw fragments pass */
	assert_string_equal(s, "[&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;]"
			       "[<em>ok</em>][&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;][]");
	free(s);
	pd_tv_free(v);
}

static void test_tpl_sections(void **state)
{
	pd_tv *v = pd_tv_new();
	int rc;
	pd_tv_str(v, "sep", ",");
	for (int i = 1; i <= 3; i++)
		pd_tv_printf(pd_tv_item(v, "items"), "n", "%d", i);
	pd_tv_list(v, "empty");
	pd_tv_bool(v, "yes", true);
	pd_tv_bool(v, "no", false);
	pd_tv_str(pd_tv_obj(v, "obj"), "inner", "I");
	char *s = render("{{#items}}{{n}}{{sep}}{{/items}}|{{^empty}}none{{/empty}}|"
			 "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}|{{#obj}}{{inner}}{{/obj}}|"
			 "{{#items}}{{#yes}}{{n}}{{/yes}}{{/items}}", v, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "1,2,3,|none|Yn|I|123");
	free(s);
	assert_int_equal(pd_tv_count(v, "items"), 3);
	/* setting a name again replaces it */
	pd_tv_str(v, "sep", ";");
	s = render("{{#items}}{{sep}}{{/items}}", v, &rc);
	assert_string_equal(s, ";;;");
	free(s);
	pd_tv_free(v);
}

static void test_tpl_errors(void **state)
{
	static const char *bad[] = {
		"{{#a}}never closed", "{{/a}}", "{{name", "{{{raw}}", "{{}}", "{{#a}}{{/b}}",
	};
	pd_tv *v = pd_tv_new();
	int rc;
	pd_tv_bool(v, "a", true);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *s = render(bad[i], v, &rc);
		assert_int_equal(rc, PD_EINPUT);
		assert_string_equal(s, "");   /* nothing half-written */
		free(s);
	}
	/* nesting deeper than PD_TPL_MAX_DEPTH objects is refused */
	pd_tv *o = v;
	pd_buf t;
	pd_buf_init(&t, 0);
	for (int i = 0; i < PD_TPL_MAX_DEPTH + 2; i++) {
		o = pd_tv_obj(o, "o");
		pd_buf_puts(&t, "{{#o}}");
	}
	for (int i = 0; i < PD_TPL_MAX_DEPTH + 2; i++)
		pd_buf_puts(&t, "{{/o}}");
	char *s = render(t.data, v, &rc);
	assert_int_equal(rc, PD_EINPUT);
	free(s);
	pd_buf_release(&t);
	/* an output ceiling is reported, not overrun */
	pd_buf out;
	pd_err err;
	pd_buf_init(&out, 8);
	pd_tv_str(v, "long", "0123456789abcdef");
	assert_int_equal(pd_tpl_render("t", "{{long}}", 8, v, pd_esc_html, &out, &err), PD_ETOOBIG);
	pd_buf_release(&out);
	pd_tv_free(v);
}

static void test_dates_and_snippets(void **state)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_web_date(&b, "2020-09-27", PD_WEB_EN);
	assert_string_equal(b.data, "27 September 2020");
	pd_buf_reset(&b);
	pd_web_date(&b, "2020-09-27", PD_WEB_HANS);
	assert_string_equal(b.data, "2020年9月27日");
	pd_buf_reset(&b);
	pd_web_date(&b, "2020-09", PD_WEB_HANT);
	assert_string_equal(b.data, "2020年9月");
	pd_buf_reset(&b);
	pd_web_date(&b, "2020-13-01", PD_WEB_EN);   /* not a date: as given */
	assert_string_equal(b.data, "2020-13-01");
	assert_false(pd_web_date_valid("2020-1-1"));
	assert_false(pd_web_date_valid("abcd"));
	assert_true(pd_web_date_valid("1988"));
	assert_int_equal(pd_web_lang_of("zh-Hant"), PD_WEB_HANT);
	assert_int_equal(pd_web_lang_of("zh-Hans"), PD_WEB_HANS);
	assert_int_equal(pd_web_lang_of("zh"), PD_WEB_HANS);
	assert_int_equal(pd_web_lang_of(NULL), PD_WEB_EN);

	pd_buf_reset(&b);
	pd_web_snippet_html(&b, "a <b> \x02" "ferry\x03 & \x02" "boat");
	assert_string_equal(b.data, "a &lt;b&gt; <mark>ferry</mark> &amp; <mark>boat</mark>");
	pd_buf_reset(&b);
	pd_web_snippet_html(&b, "\x03stray \xff\xfe end");
	assert_string_equal(b.data, "stray \xEF\xBF\xBD\xEF\xBF\xBD end");
	pd_buf_reset(&b);
	pd_web_snippet_plain(&b, "\x02x\x03y");
	assert_string_equal(b.data, "xy");
	pd_buf_release(&b);
}

/* ---- the router against a store ----------------------------------------- */

typedef struct fixture {
	char path[64];
	pd_store *store;
	pd_web_ctx *ctx;
} fixture;

#define HOSTILE "<script>alert(1)</script>\" onmouseover=\"alert(2)"

static void put(pd_store *s, pd_record *r)
{
	pd_put_result res;
	pd_err err;
	if (pd_store_put(s, r, "test", NULL, &res, &err) != 0)
		fail_msg("put %s: %s", r->id, err.msg);
	pd_record_free(r);
}

static pd_record *english(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "pm-1");
	pd_record_set(&r->title, "Harbour press conference");
	pd_record_set(&r->date, "2020-09-27");
	pd_record_set(&r->language, "en");
	pd_record_set(&r->source, "City Hall");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_set(&r->url, "https://example.org/pm-1");
	pd_record_add_topic(r, "Ferries");
	pd_record_add_translation(r, "zh-Hans", "zh-1");
	pd_participant *p = pd_record_add_participant(r, "MAYOR", PD_PART_HOST);
	pd_record_set(&p->name, "Lin Meihua");
	pd_record_set(&p->role, "Mayor");
	pd_record_add_participant(r, "JOURNALIST", PD_PART_JOURNALIST);
	const char *q = "When will the ferry routes open?";
	const char *a = "In October.\n\nThe fare is the same as the metro.";
	pd_record_add_turn(r, "JOURNALIST", PD_TURN_QUESTION, q, strlen(q));
	pd_turn *t = pd_record_add_turn(r, "MAYOR", PD_TURN_ANSWER, a, strlen(a));
	t->answers = 1;
	pd_record_link_qa(r);
	return r;
}

static pd_record *chinese(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "zh-1");
	pd_record_set(&r->title, "海港区新闻发布会");
	pd_record_set(&r->date, "2020-09-27");
	pd_record_set(&r->language, "zh-Hans");
	pd_record_set(&r->source, "市政府新闻办公室");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_add_translation(r, "en", "pm-1");
	pd_record_add_participant(r, "林美华", PD_PART_HOST);
	pd_record_add_participant(r, "记者", PD_PART_JOURNALIST);
	const char *q = "轮渡什么时候开通？";
	const char *a = "十月开通，票价与地铁相同。";
	pd_record_add_turn(r, "记者", PD_TURN_QUESTION, q, strlen(q));
	pd_record_add_turn(r, "林美华", PD_TURN_ANSWER, a, strlen(a));
	return r;
}

static pd_record *hostile(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "evil-1");
	pd_record_set(&r->title, HOSTILE " ferry");
	pd_record_set(&r->date, "2021-01-02");
	pd_record_set(&r->language, "en");
	pd_record_set(&r->source, "javascript:alert(3)");
	pd_record_set(&r->release_type, "Doorstop\"><img src=x onerror=alert(4)>");
	pd_record_set(&r->url, "javascript:alert(5)");
	pd_record_add_topic(r, "<i>topic</i>&amp;");
	pd_record_add_image(r, "javascript:alert(6)", "\" onload=\"alert(7)");
	pd_participant *p = pd_record_add_participant(r, "X\" onmouseover=\"alert(8)", PD_PART_OFFICIAL);
	pd_record_set(&p->role, "</h3><script>alert(9)</script>");
	const char *text = "Ferry </script><script>alert(10)</script> \xff\xfe bad bytes \xe2\x80\xae" "bidi";
	pd_record_add_turn(r, "X\" onmouseover=\"alert(8)", PD_TURN_STATEMENT, text, strlen(text));
	return r;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	pd_err err;
	snprintf(f->path, sizeof f->path, "/tmp/test_web_%d.db", (int)getpid());
	unlink(f->path);
	if (pd_store_open(f->path, 0, &f->store, &err) != 0)
		fail_msg("open: %s", err.msg);
	put(f->store, english());
	put(f->store, chinese());
	put(f->store, hostile());
	f->ctx = pd_web_ctx_new(f->store, f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char wal[80];
	pd_web_ctx_free(f->ctx);
	pd_store_close(f->store);
	unlink(f->path);
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", f->path);
	unlink(wal);
	free(f);
	return 0;
}

/* GET path?query with optional headers; the caller releases rs. */
static void get(fixture *f, const char *method, const char *path, const char *query,
		pd_web_response *rs)
{
	pd_web_request req = { .method = method, .path = path, .query = query, .host = "test.local" };
	pd_web_handle(f->ctx, &req, rs);
}

static const char *body(pd_web_response *rs)
{
	return pd_buf_cstr(&rs->body);
}

/* The body as JSON; fails the test when it does not parse. */
static json_t *json_body(const char *what, const pd_web_response *rs)
{
	json_error_t je;
	json_t *j = json_loadb(rs->body.data, rs->body.len, 0, &je);
	if (!j)
		fail_msg("%s: JSON does not parse: line %d: %s", what, je.line, je.text);
	return j;
}

static void test_routes(void **state)
{
	static const struct {
		const char *path, *query;
		int status;
		const char *type;
	} cases[] = {
		{ "/", NULL, 200, "text/html" },
		{ "/records/pm-1", NULL, 200, "text/html" },
		{ "/records/pm-1.json", NULL, 200, "application/json" },
		{ "/records/pm-1.md", NULL, 200, "text/markdown" },
		{ "/records/pm-1.txt", NULL, 200, "text/plain" },
		{ "/records/pm-1.akn.xml", NULL, 200, "application/xml" },
		{ "/records/nope", NULL, 404, "text/html" },
		{ "/search", NULL, 200, "text/html" },
		{ "/search", "q=ferry", 200, "text/html" },
		{ "/search", "q=ferry&lang=en&page=1", 200, "text/html" },
		{ "/search", "q=%22unclosed", 400, "text/html" },
		{ "/search", "q=ferry&from=yesterday", 400, "text/html" },
		{ "/search", "q=ferry&page=0", 400, "text/html" },
		{ "/search", "q=zzzqqqxxx", 200, "text/html" },
		{ "/search.atom", "q=ferry", 200, "application/atom+xml" },
		{ "/search.atom", NULL, 400, "text/html" },
		{ "/browse/dates/2020", NULL, 200, "text/html" },
		{ "/browse/dates/2020/09", NULL, 200, "text/html" },
		{ "/browse/dates/2020/13", NULL, 404, "text/html" },
		{ "/browse/dates/1900", NULL, 404, "text/html" },
		{ "/topics/Ferries", NULL, 200, "text/html" },
		{ "/topics/Ferries.atom", NULL, 200, "application/atom+xml" },
		{ "/speakers/Lin%20Meihua", NULL, 200, "text/html" },
		{ "/speakers/Lin%20Meihua.atom", NULL, 200, "application/atom+xml" },
		{ "/speakers/Nobody", NULL, 404, "text/html" },
		{ "/types/Press%20Conference", NULL, 200, "text/html" },
		{ "/feed.atom", NULL, 200, "application/atom+xml" },
		{ "/sitemap.xml", NULL, 200, "application/xml" },
		{ "/robots.txt", NULL, 200, "text/plain" },
		{ "/static/app.css", NULL, 200, "text/css" },
		{ "/static/app.js", NULL, 200, "text/javascript" },
		{ "/static/layout.html", NULL, 404, "text/html" },
		{ "/api/v1/records", NULL, 200, "application/json" },
		{ "/api/v1/records", "per_page=101", 400, "application/json" },
		{ "/api/v1/records", "lang=zh&per_page=1", 200, "application/json" },
		/* lists go deeper than searches (PD_WEB_MAX_LIST_PAGE) */
		{ "/api/v1/records", "page=1001", 200, "application/json" },
		{ "/api/v1/records", "page=1000000", 200, "application/json" },
		{ "/api/v1/records", "page=1000001", 400, "application/json" },
		{ "/topics/Ferries", "page=5000", 200, "text/html" },
		{ "/api/v1/search", "q=ferry&page=1001", 400, "application/json" },
		{ "/search", "q=ferry&page=1001", 400, "text/html" },
		{ "/api/v1/speakers", "page=1001", 400, "application/json" },
		{ "/api/v1/records/pm-1", NULL, 200, "application/json" },
		{ "/api/v1/records/nope", NULL, 404, "application/json" },
		{ "/api/v1/records/pm-1/turns/2", NULL, 200, "application/json" },
		{ "/api/v1/records/pm-1/turns/3", NULL, 404, "application/json" },
		{ "/api/v1/records/pm-1/turns/x", NULL, 400, "application/json" },
		{ "/api/v1/search", "q=ferry", 200, "application/json" },
		{ "/api/v1/search", "q=ferry&exact_total=1", 200, "application/json" },
		{ "/api/v1/search", "q=ferry&exact_total=0", 200, "application/json" },
		{ "/api/v1/search", "q=ferry&exact_total=yes", 400, "application/json" },
		{ "/search", "q=ferry&exact_total=1", 200, "text/html" },
		{ "/search", "q=ferry&exact_total=2", 400, "text/html" },
		{ "/api/v1/search", NULL, 400, "application/json" },
		{ "/api/v1/search", "q=(((", 400, "application/json" },
		{ "/api/v1/speakers", NULL, 200, "application/json" },
		{ "/api/v1/topics", NULL, 200, "application/json" },
		{ "/api/v1/openapi.json", NULL, 200, "application/json" },
		{ "/api/v1/nothing", NULL, 404, "application/json" },
		{ "/nothing", NULL, 404, "text/html" },
		{ "/records/", NULL, 404, "text/html" },
		{ "/records/pm-1/", NULL, 404, "text/html" },
		{ "/records/../../etc/passwd", NULL, 404, "text/html" },
		{ "/records/%2e%2e%2fetc%2fpasswd", NULL, 404, "text/html" },
		{ "/records/%zz", NULL, 400, "text/html" },
		{ "/records/%00", NULL, 400, "text/html" },
		{ "/records/%ff%fe", NULL, 400, "text/html" },
		{ "/search", "q=%", 400, "text/html" },
		{ "/search", "q=%C3", 400, "text/html" },
	};
	fixture *f = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pd_web_response rs;
		get(f, "GET", cases[i].path, cases[i].query, &rs);
		if (rs.status != cases[i].status ||
		    strncmp(rs.content_type, cases[i].type, strlen(cases[i].type)) != 0 ||
		    !strstr(rs.content_type, "charset=utf-8"))
			fail_msg("%s?%s: %d %s, wanted %d %s", cases[i].path,
				 cases[i].query ? cases[i].query : "", rs.status, rs.content_type,
				 cases[i].status, cases[i].type);
		/* every JSON body parses, errors included */
		if (strstr(rs.content_type, "json")) {
			json_t *j = json_body(cases[i].path, &rs);
			if (rs.status != 200) {
				json_t *e = json_object_get(j, "error");
				assert_int_equal(json_integer_value(json_object_get(e, "status")), rs.status);
				assert_true(json_is_string(json_object_get(e, "message")));
			}
			json_decref(j);
		}
		pd_web_response_release(&rs);
	}
}

static void test_methods_and_sizes(void **state)
{
	fixture *f = *state;
	static const char *methods[] = { "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE" };
	pd_web_response rs;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		get(f, methods[i], "/", NULL, &rs);
		assert_int_equal(rs.status, 405);
		assert_string_equal(rs.allow, "GET, HEAD");
		pd_web_response_release(&rs);
	}
	get(f, "POST", "/api/v1/records", NULL, &rs);
	assert_int_equal(rs.status, 405);
	assert_non_null(strstr(rs.content_type, "json"));
	pd_web_response_release(&rs);
	get(f, "HEAD", "/records/pm-1", NULL, &rs);
	assert_int_equal(rs.status, 200);
	pd_web_response_release(&rs);

	char *huge = malloc(PD_WEB_MAX_URL_BYTES + 16);
	memset(huge, 'a', PD_WEB_MAX_URL_BYTES + 15);
	huge[0] = '/';
	huge[PD_WEB_MAX_URL_BYTES + 15] = '\0';
	get(f, "GET", huge, NULL, &rs);
	assert_int_equal(rs.status, 414);
	pd_web_response_release(&rs);
	memcpy(huge, "q=", 2);
	get(f, "GET", "/search", huge, &rs);
	assert_int_equal(rs.status, 414);
	pd_web_response_release(&rs);
	/* a query just under the URL limit but over the query limit: 400 */
	huge[2000] = '\0';
	get(f, "GET", "/search", huge, &rs);
	assert_int_equal(rs.status, 400);
	pd_web_response_release(&rs);
	free(huge);

	pd_buf many;
	pd_buf_init(&many, 0);
	for (int i = 0; i < PD_WEB_MAX_ARGS + 1; i++)
		pd_buf_printf(&many, "a%d=1&", i);
	get(f, "GET", "/search", many.data, &rs);
	assert_int_equal(rs.status, 400);
	pd_web_response_release(&rs);
	pd_buf_release(&many);
}

/* Bytes of a hostile string that must never appear raw. */
static void assert_inert(const char *what, const char *s)
{
	static const char *raw[] = {
		"<script>alert", "<img src=x", "onmouseover=\"alert", "<i>topic", "href=\"javascript:",
		"src=\"javascript:", "\xe2\x80\xae", "\" onload=\"",
	};
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
		if (strstr(s, raw[i]))
			fail_msg("%s: raw '%s' in output", what, raw[i]);
}

static void test_hostile_html(void **state)
{
	fixture *f = *state;
	static const char *pages[][2] = {
		{ "/records/evil-1", NULL }, { "/", NULL }, { "/search", "q=ferry" },
		{ "/search", "q=ferry&speaker=%3Cscript%3Ealert(1)%3C%2Fscript%3E" },
		{ "/search", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E" },
		{ "/browse/dates/2021", NULL }, { "/speakers/X%22%20onmouseover%3D%22alert(8)", NULL },
		{ "/nothing%3Cscript%3E", NULL },
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		pd_web_response rs;
		get(f, "GET", pages[i][0], pages[i][1], &rs);
		assert_inert(pages[i][0], body(&rs));
		pd_web_response_release(&rs);
	}
	pd_web_response rs;
	get(f, "GET", "/records/evil-1", NULL, &rs);
	assert_int_equal(rs.status, 200);
	const char *b = body(&rs);
	/* the text is there, as text */
	assert_non_null(strstr(b, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b, "&lt;/script&gt;&lt;script&gt;alert(10)"));
	assert_non_null(strstr(b, "\xEF\xBF\xBD"));   /* bad bytes repaired */
	/* a javascript: source URL is not made a link */
	assert_null(strstr(b, "alert(5)"));
	/* no inline script or style anywhere: the CSP forbids them */
	assert_null(strstr(b, "<script>"));
	assert_null(strstr(b, "style=\""));
	pd_web_response_release(&rs);
}

static void test_hostile_json_atom(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	get(f, "GET", "/api/v1/records/evil-1", NULL, &rs);
	json_t *j = json_body("record", &rs);
	assert_string_equal(json_string_value(json_object_get(j, "title")), HOSTILE " ferry");
	assert_true(rs.search_ms < 0); /* no search, no timing */
	assert_null(strstr(body(&rs), "</script>"));
	json_decref(j);
	pd_web_response_release(&rs);

	get(f, "GET", "/api/v1/search", "q=ferry", &rs);
	j = json_body("search", &rs);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 2);
	/* a few matches: counted, not estimated */
	assert_true(json_is_false(json_object_get(j, "estimated")));
	assert_true(json_is_false(json_object_get(j, "facets_estimated")));
	assert_true(rs.search_ms >= 0); /* timed: the Server-Timing header */
	json_t *hit = json_array_get(json_object_get(j, "hits"), 0);
	assert_true(json_is_string(json_object_get(hit, "snippet")));
	assert_true(json_is_integer(json_object_get(hit, "turn")));
	assert_true(json_is_array(json_object_get(json_object_get(j, "facets"), "speakers")));
	json_decref(j);
	pd_web_response_release(&rs);

	static const char *feeds[][2] = {
		{ "/feed.atom", NULL }, { "/search.atom", "q=ferry" }, { "/sitemap.xml", NULL },
		{ "/records/evil-1.akn.xml", NULL },
	};
	for (size_t i = 0; i < sizeof feeds / sizeof feeds[0]; i++) {
		get(f, "GET", feeds[i][0], feeds[i][1], &rs);
		assert_int_equal(rs.status, 200);
		xmlDocPtr doc = xmlReadMemory(rs.body.data, (int)rs.body.len, "feed.xml", NULL,
					      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			fail_msg("%s is not well-formed XML", feeds[i][0]);
		xmlFreeDoc(doc);
		assert_inert(feeds[i][0], body(&rs));
		pd_web_response_release(&rs);
	}
	get(f, "GET", "/feed.atom", NULL, &rs);
	assert_non_null(strstr(body(&rs), "&lt;script&gt;alert(1)"));
	assert_non_null(strstr(body(&rs), "http://test.local/records/pm-1"));
	pd_web_response_release(&rs);
}

/* The facet array `name` of a search answer holds what the store counted,
 * in its order. */
static void assert_facets(json_t *facets, const char *name, const pd_facet *f, size_t n)
{
	json_t *a = json_object_get(facets, name);
	assert_int_equal(json_array_size(a), n);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i);
		assert_string_equal(json_string_value(json_object_get(o, "value")), f[i].value);
		assert_int_equal(json_integer_value(json_object_get(o, "count")), f[i].count);
	}
}

/* /api/v1/search writes what pd_store_search returned: every hit's fields
 * and both snippet forms (each hit its own, none left over from the one
 * before), every facet value and count. */
static void test_api_search_as_stored(void **state)
{
	fixture *f = *state;
	static const char *const queries[] = { "ferry", "轮渡", "ferry OR fare OR october" };
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		pd_search_req req = { .query = queries[q], .limit = 20, .want_facets = true };
		pd_search_result res;
		pd_err err;
		assert_int_equal(pd_store_search(f->store, &req, &res, &err), 0);
		assert_true(res.nhits > 0);
		pd_buf qs;
		pd_buf_init(&qs, 0);
		pd_buf_puts(&qs, "q=");
		pd_esc_url(&qs, queries[q], strlen(queries[q]));
		pd_web_response rs;
		get(f, "GET", "/api/v1/search", pd_buf_cstr(&qs), &rs);
		json_t *j = json_body(queries[q], &rs);
		assert_int_equal(json_integer_value(json_object_get(j, "total")), res.total);
		json_t *hits = json_object_get(j, "hits");
		assert_int_equal(json_array_size(hits), res.nhits);
		for (size_t i = 0; i < res.nhits; i++) {
			const pd_hit *h = &res.hits[i];
			json_t *o = json_array_get(hits, i);
			pd_buf plain, html;
			pd_buf_init(&plain, 0);
			pd_buf_init(&html, 0);
			pd_web_snippet_plain(&plain, h->snippet);
			pd_web_snippet_html(&html, h->snippet);
			assert_string_equal(json_string_value(json_object_get(o, "record_id")), h->record_id);
			assert_string_equal(json_string_value(json_object_get(o, "title")), h->title);
			assert_int_equal(json_integer_value(json_object_get(o, "turn")), h->turn);
			assert_string_equal(json_string_value(json_object_get(o, "snippet")),
					    pd_buf_cstr(&plain));
			assert_string_equal(json_string_value(json_object_get(o, "snippet_html")),
					    pd_buf_cstr(&html));
			pd_buf_release(&plain);
			pd_buf_release(&html);
		}
		json_t *facets = json_object_get(j, "facets");
		assert_facets(facets, "speakers", res.speakers, res.nspeakers);
		assert_facets(facets, "types", res.types, res.ntypes);
		assert_facets(facets, "years", res.years, res.nyears);
		assert_facets(facets, "topics", res.topics, res.ntopics);
		assert_facets(facets, "languages", res.langs, res.nlangs);
		json_decref(j);
		pd_web_response_release(&rs);
		pd_search_result_release(&res);
		pd_buf_release(&qs);
	}
}

/* The <loc>s of a sitemap body, each on its own line, appended to out;
 * the body must be well-formed XML with root `root`. */
static size_t sitemap_locs(const pd_web_response *rs, const char *root, pd_buf *out)
{
	xmlDocPtr doc = xmlReadMemory(rs->body.data, (int)rs->body.len, "sitemap.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("a sitemap is not well-formed XML");
	xmlNodePtr top = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)top->name, root);
	size_t n = 0;
	for (xmlNodePtr e = top->children; e; e = e->next)
		for (xmlNodePtr l = e->type == XML_ELEMENT_NODE ? e->children : NULL; l; l = l->next)
			if (l->type == XML_ELEMENT_NODE && strcmp((const char *)l->name, "loc") == 0) {
				xmlChar *loc = xmlNodeGetContent(l);
				pd_buf_printf(out, "%s\n", (const char *)loc);
				xmlFree(loc);
				n++;
			}
	xmlFreeDoc(doc);
	return n;
}

/* The files of /sitemap.xml with `per` URLs a file (PODIUM_SITEMAP_URLS):
 * every <loc> of its parts (or of itself) into locs, one per line; the
 * number of parts (0: no index). Files past the last are 404. */
static size_t sitemap_with(fixture *f, const char *per, pd_buf *locs)
{
	pd_web_response rs;
	setenv("PODIUM_SITEMAP_URLS", per, 1);
	get(f, "GET", "/sitemap.xml", NULL, &rs);
	assert_int_equal(rs.status, 200);
	size_t parts = 0;
	if (strstr(body(&rs), "<sitemapindex")) {
		pd_buf index;
		pd_buf_init(&index, 0);
		parts = sitemap_locs(&rs, "sitemapindex", &index);
		for (size_t i = 1; i <= parts; i++) {
			char path[32], want[64];
			snprintf(path, sizeof path, "/sitemaps/%zu.xml", i);
			snprintf(want, sizeof want, "http://test.local%s\n", path);
			assert_non_null(strstr(pd_buf_cstr(&index), want));
			pd_web_response part;
			get(f, "GET", path, NULL, &part);
			assert_int_equal(part.status, 200);
			size_t n = sitemap_locs(&part, "urlset", locs);
			assert_true(n >= 1 && n <= (size_t)atoi(per));
			pd_web_response_release(&part);
		}
		pd_buf_release(&index);
	} else {
		assert_true(sitemap_locs(&rs, "urlset", locs) <= (size_t)atoi(per));
	}
	pd_web_response_release(&rs);
	char past[48];
	snprintf(past, sizeof past, "/sitemaps/%zu.xml", parts + 1);
	get(f, "GET", past, NULL, &rs);
	assert_int_equal(rs.status, 404);
	pd_web_response_release(&rs);
	return parts;
}

/* Every URL of locs is there once; their number. */
static size_t distinct_locs(const pd_buf *locs)
{
	size_t n = 0;
	for (const char *l = pd_buf_cstr(locs); *l; l = strchr(l, '\n') + 1, n++) {
		size_t len = (size_t)(strchr(l, '\n') - l) + 1;
		char *line = pd_xstrndup(l, len);
		const char *again = strstr(l + len, line);
		free(line);
		assert_null(again);
	}
	return n;
}

/* No sitemap file holds more URLs than it may (the protocol's 50,000,
 * lowered here): while the home page and every record fit, /sitemap.xml
 * lists them; past that it is an index of /sitemaps/N.xml that together
 * list every record once (the home page in none), also when the records
 * exactly fill the files. Odd file names are 404. */
static void test_sitemap_index(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	pd_stats st;
	pd_err err = { 0 };
	assert_int_equal(pd_store_stats(f->store, &st, &err), 0);
	size_t records = st.records;
	pd_stats_release(&st);
	assert_true(records >= 3);
	char per[16];
	pd_buf locs;
	pd_buf_init(&locs, 0);
	/* home and records fit: one list */
	snprintf(per, sizeof per, "%zu", records + 1);
	assert_int_equal(sitemap_with(f, per, &locs), 0);
	assert_int_equal(distinct_locs(&locs), records + 1);
	assert_non_null(strstr(pd_buf_cstr(&locs), "http://test.local/\n"));
	/* the records fill one file exactly: with the home page they would not */
	pd_buf_reset(&locs);
	snprintf(per, sizeof per, "%zu", records);
	assert_int_equal(sitemap_with(f, per, &locs), 1);
	assert_int_equal(distinct_locs(&locs), records);
	assert_null(strstr(pd_buf_cstr(&locs), "http://test.local/\n"));
	/* two a file */
	pd_buf_reset(&locs);
	assert_int_equal(sitemap_with(f, "2", &locs), (records + 1) / 2);
	assert_int_equal(distinct_locs(&locs), records);
	assert_non_null(strstr(pd_buf_cstr(&locs), "http://test.local/records/pm-1\n"));
	static const char *const bad[] = { "/sitemaps/0.xml", "/sitemaps/01.xml",
					   "/sitemaps/x.xml", "/sitemaps/99999999999.xml" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		get(f, "GET", bad[i], NULL, &rs);
		assert_int_equal(rs.status, 404);
		pd_web_response_release(&rs);
	}
	unsetenv("PODIUM_SITEMAP_URLS");
	pd_buf_release(&locs);
}

static void test_record_page_languages(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	get(f, "GET", "/records/pm-1", NULL, &rs);
	const char *b = body(&rs);
	assert_non_null(strstr(b, "<html lang=\"en\">"));
	assert_non_null(strstr(b, "27 September 2020"));
	assert_non_null(strstr(b, "href=\"/records/zh-1\" hreflang=\"zh-Hans\""));
	assert_non_null(strstr(b, ">中文</a>"));
	assert_non_null(strstr(b, "id=\"t1\""));
	assert_non_null(strstr(b, "href=\"#t2\""));
	assert_non_null(strstr(b, "turn-question"));
	assert_non_null(strstr(b, "turn-answer"));
	assert_non_null(strstr(b, "Lin Meihua"));
	assert_non_null(strstr(b, "aria-pressed"));
	assert_non_null(strstr(b, "http://test.local/records/pm-1#t2"));   /* cite */
	assert_non_null(strstr(b, "href=\"/records/pm-1.akn.xml\""));
	pd_web_response_release(&rs);
	get(f, "GET", "/records/zh-1", NULL, &rs);
	b = body(&rs);
	assert_non_null(strstr(b, "<html lang=\"zh-Hans\">"));
	assert_non_null(strstr(b, "2020年9月27日"));
	assert_non_null(strstr(b, ">English</a>"));
	assert_non_null(strstr(b, "字号"));
	pd_web_response_release(&rs);
	/* search: highlighted snippet linking to the turn */
	get(f, "GET", "/search", "q=ferry", &rs);
	b = body(&rs);
	assert_non_null(strstr(b, "<mark>"));
	assert_non_null(strstr(b, "href=\"/records/pm-1#t1\""));
	assert_non_null(strstr(b, "<svg"));
	assert_non_null(strstr(b, "<table>"));
	pd_web_response_release(&rs);
	get(f, "GET", "/search", "q=%22unclosed", &rs);
	assert_non_null(strstr(body(&rs), "role=\"alert\""));
	pd_web_response_release(&rs);
}

/* A record page marks its transcript with the record's own language
 * ("ja", though the page's words are English) and a turn in another
 * language with that; a language that is not a tag is never written. */
static void test_record_content_language(void **state)
{
	fixture *f = *state;
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "ja-1");
	pd_record_set(&r->title, "予算委員会");
	pd_record_set(&r->date, "2023-05-10");
	pd_record_set(&r->language, "ja");
	pd_record_add_participant(r, "岸田文雄", PD_PART_HOST);
	const char *a = "物価高対策については、全力で取り組んでまいります。";
	const char *e = "We will do our utmost.";
	pd_record_add_turn(r, "岸田文雄", PD_TURN_STATEMENT, a, strlen(a));
	pd_turn *t = pd_record_add_turn(r, "岸田文雄", PD_TURN_STATEMENT, e, strlen(e));
	pd_record_set(&t->lang, "en");
	put(f->store, r);
	r = pd_record_new();
	pd_record_set(&r->id, "odd-lang");
	pd_record_set(&r->title, "Odd language");
	pd_record_set(&r->language, "en\" onload=\"alert(1)");
	pd_record_add_turn(r, "PM", PD_TURN_STATEMENT, e, strlen(e));
	put(f->store, r);

	pd_web_response rs;
	get(f, "GET", "/records/ja-1", NULL, &rs);
	const char *b = body(&rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(b, "<html lang=\"en\">"));
	assert_non_null(strstr(b, "<article class=\"record\" lang=\"ja\">"));
	assert_non_null(strstr(b, "id=\"t2\" aria-labelledby=\"t2-h\" lang=\"en\">"));
	assert_null(strstr(b, "id=\"t1\" aria-labelledby=\"t1-h\" lang="));
	pd_web_response_release(&rs);
	get(f, "GET", "/records/odd-lang", NULL, &rs);
	b = body(&rs);
	assert_non_null(strstr(b, "<article class=\"record\" lang=\"en\">"));
	assert_null(strstr(b, "onload"));
	pd_web_response_release(&rs);
}

static void test_parallel_page(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	/* from either side, English on the left, turns paired row by row */
	get(f, "GET", "/records/zh-1/parallel", NULL, &rs);
	assert_int_equal(rs.status, 200);
	const char *b = body(&rs);
	assert_non_null(strstr(b, "parallel-table"));
	const char *left = strstr(b, "Harbour press conference");
	const char *right = strstr(b, "海港区新闻发布会");
	assert_non_null(left);
	assert_non_null(right);
	assert_true(left < right);
	assert_non_null(strstr(b, "href=\"/records/pm-1#t2\""));
	assert_non_null(strstr(b, "href=\"/records/zh-1#t2\""));
	assert_null(strstr(b, "class=\"gap\""));
	pd_web_response_release(&rs);
	get(f, "GET", "/records/pm-1", NULL, &rs);
	assert_non_null(strstr(body(&rs), "href=\"/records/pm-1/parallel\""));
	pd_web_response_release(&rs);
	/* no linked translation: a 404 that says why */
	get(f, "GET", "/records/evil-1/parallel", NULL, &rs);
	assert_int_equal(rs.status, 404);
	assert_non_null(strstr(body(&rs), "no linked translation"));
	pd_web_response_release(&rs);
}

static void test_interface_language(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	pd_web_request req = { .method = "GET", .path = "/", .host = "test.local",
			       .accept_language = "zh-TW,zh;q=0.9,en;q=0.8" };
	pd_web_handle(f->ctx, &req, &rs);
	assert_non_null(strstr(body(&rs), "<html lang=\"zh-Hant\">"));
	assert_non_null(strstr(body(&rs), "搜尋"));
	pd_web_response_release(&rs);
	req.accept_language = "zh-CN,zh;q=0.9";
	pd_web_handle(f->ctx, &req, &rs);
	assert_non_null(strstr(body(&rs), "<html lang=\"zh-Hans\">"));
	pd_web_response_release(&rs);
	/* ?hl= wins over the header, and the switch keeps the query */
	req.path = "/search";
	req.query = "q=ferry&hl=en";
	pd_web_handle(f->ctx, &req, &rs);
	assert_non_null(strstr(body(&rs), "<html lang=\"en\">"));
	assert_non_null(strstr(body(&rs), "href=\"/search?q=ferry&amp;hl=zh-Hant\""));
	pd_web_response_release(&rs);
	/* a record page speaks its record's language whatever the header */
	req.path = "/records/pm-1";
	req.query = NULL;
	pd_web_handle(f->ctx, &req, &rs);
	assert_non_null(strstr(body(&rs), "<html lang=\"en\">"));
	pd_web_response_release(&rs);
}

/* The gzip form of body[0..n) at level, as a fresh zlib stream makes it. */
static void gzip_fresh(const char *body, size_t n, int level, pd_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	uLong cap = deflateBound(&z, n);
	unsigned char *buf = malloc(cap);
	z.next_in = (unsigned char *)body;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	pd_buf_add(out, buf, cap - z.avail_out);
	deflateEnd(&z);
	free(buf);
}

/* Pages a cache keeps are compressed at level 6 (once, for many readers),
 * searches and pages never kept at level 1 (for about one reader); one
 * context's deflate stream, reused for all of them in turn, gives the same
 * bytes as a fresh one. */
static void test_gzip_levels(void **state)
{
	fixture *f = *state;
	static const struct { const char *path, *query; int level; } cases[] = {
		{ "/records/pm-1", NULL, 6 },
		{ "/api/v1/search", "q=ferry", 1 },
		{ "/records/pm-1", NULL, 6 },
		{ "/search", "q=ferry", 1 },
		{ "/records/pm-1/parallel", NULL, 1 },
		{ "/feed.atom", NULL, 6 },
		{ "/api/v1/search", "q=ferry+OR+fare", 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pd_web_request req = { .method = "GET", .path = cases[i].path,
				       .query = cases[i].query, .host = "test.local" };
		pd_web_response plain, gz;
		pd_web_handle(f->ctx, &req, &plain);
		req.accept_encoding = "gzip";
		pd_web_handle(f->ctx, &req, &gz);
		assert_int_equal(plain.status, 200);
		assert_true(gz.gzip);
		pd_buf want;
		pd_buf_init(&want, 0);
		gzip_fresh(plain.body.data, plain.body.len, cases[i].level, &want);
		if (gz.body.len != want.len || memcmp(gz.body.data, want.data, want.len) != 0)
			fail_msg("%s: not the level-%d gzip form", cases[i].path, cases[i].level);
		pd_buf_release(&want);
		pd_web_response_release(&plain);
		pd_web_response_release(&gz);
	}
}

static void test_conditional_and_gzip(void **state)
{
	fixture *f = *state;
	pd_web_response rs, again;
	get(f, "GET", "/records/pm-1", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(rs.etag[0] == '"');
	assert_true(rs.last_modified > 0);

	pd_web_request req = { .method = "GET", .path = "/records/pm-1", .host = "test.local",
			       .if_none_match = rs.etag };
	pd_web_handle(f->ctx, &req, &again);
	assert_int_equal(again.status, 304);
	assert_int_equal(again.body.len, 0);
	pd_web_response_release(&again);

	/* other validators: (If-None-Match, If-Modified-Since) -> status */
	static const struct { const char *inm, *ims; int status; } cond[] = {
		{ "\"0000000000000000\"", NULL, 200 },
		{ "W/\"0000000000000000\", *", NULL, 304 },
		{ NULL, "Fri, 01 Jan 2100 00:00:00 GMT", 304 },
		{ NULL, "Mon, 01 Jan 1990 00:00:00 GMT", 200 },
		{ NULL, "garbage", 200 },
		{ NULL, "Fri, 01 Xyz 2100 00:00:00 GMT", 200 },
	};
	for (size_t i = 0; i < sizeof cond / sizeof cond[0]; i++) {
		req.if_none_match = cond[i].inm;
		req.if_modified_since = cond[i].ims;
		pd_web_handle(f->ctx, &req, &again);
		if (again.status != cond[i].status)
			fail_msg("condition %zu: %d, wanted %d", i, again.status, cond[i].status);
		pd_web_response_release(&again);
	}

	/* gzip: inflates to the same body, under its own tag */
	req.if_none_match = req.if_modified_since = NULL;
	req.accept_encoding = "deflate, gzip;q=0.8";
	pd_web_handle(f->ctx, &req, &again);
	assert_true(again.gzip);
	assert_string_not_equal(again.etag, rs.etag);
	unsigned char *plain = malloc(rs.body.len + 1);
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (unsigned char *)again.body.data;
	z.avail_in = (uInt)again.body.len;
	z.next_out = plain;
	z.avail_out = (uInt)rs.body.len + 1;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, rs.body.len);
	assert_memory_equal(plain, rs.body.data, rs.body.len);
	inflateEnd(&z);
	free(plain);
	pd_web_response_release(&again);
	req.accept_encoding = "gzip;q=0";
	pd_web_handle(f->ctx, &req, &again);
	assert_false(again.gzip);
	pd_web_response_release(&again);
	pd_web_response_release(&rs);
	/* errors are not cached */
	get(f, "GET", "/records/nope", NULL, &rs);
	assert_int_equal(rs.etag[0], '\0');
	pd_web_response_release(&rs);
}

static void test_openapi_and_headers(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	get(f, "GET", "/api/v1/openapi.json", NULL, &rs);
	json_t *j = json_body("openapi.json", &rs);
	assert_int_equal(strncmp(json_string_value(json_object_get(j, "openapi")), "3.", 2), 0);
	json_t *paths = json_object_get(j, "paths");
	static const char *want[] = { "/records", "/records/{id}", "/records/{id}/turns/{n}",
				      "/search", "/speakers", "/topics" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!json_object_get(paths, want[i]))
			fail_msg("openapi.json lacks %s", want[i]);
	json_decref(j);
	pd_web_response_release(&rs);

	bool csp = false, nosniff = false, referrer = false;
	for (const pd_web_header *h = pd_web_security_headers; h->name; h++) {
		if (strcmp(h->name, "Content-Security-Policy") == 0)
			csp = strstr(h->value, "script-src 'self'") && !strstr(h->value, "unsafe-inline");
		nosniff |= strcmp(h->name, "X-Content-Type-Options") == 0;
		referrer |= strcmp(h->name, "Referrer-Policy") == 0;
	}
	assert_true(csp && nosniff && referrer);
	/* a Host header is echoed into links only when it is a host name */
	pd_web_request req = { .method = "GET", .path = "/robots.txt", .host = "evil\"><x>" };
	pd_web_handle(f->ctx, &req, &rs);
	assert_null(strstr(body(&rs), "evil"));
	assert_non_null(strstr(body(&rs), "http://localhost/sitemap.xml"));
	pd_web_response_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpl_variables),
		cmocka_unit_test(test_tpl_sections),
		cmocka_unit_test(test_tpl_errors),
		cmocka_unit_test(test_dates_and_snippets),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_methods_and_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_json_atom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_search_as_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sitemap_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_page_languages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_content_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interface_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditional_and_gzip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_openapi_and_headers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
