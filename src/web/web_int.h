/* web_int.h: what the files of src/web/ share (private to the module).
 *
 * The router (router.c) turns a pd_web_request into a pd_web_rq — decoded
 * route captures and query arguments, the absolute URL base — and calls one
 * handler from its table. Handlers fill the response through the helpers
 * here; the router then adds ETag, Last-Modified, 304 and gzip.
 */
#ifndef PD_WEB_INT_H
#define PD_WEB_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/limits.h"
#include "store/store.h"
#include "web/template.h"
#include "web/web.h"

struct pd_web_ctx {
	pd_store *store;
	pd_web_admin *admin;  /* NULL: no admin routes */
	char *db_path;        /* may be NULL */
	time_t started;
	pd_web_cache *cache;  /* borrowed; NULL: no page cache */
	pd_web_cache *search_cache; /* borrowed; NULL: searches not kept */
	unsigned recheck_ms;  /* see pd_web_ctx_set_cache */
	uint64_t version;     /* store's data version when last looked at */
	bool have_version;
	int64_t checked_ms;   /* when (monotonic ms) */
	time_t data_time;     /* Last-Modified of cached answers, read then */
	struct z_stream_s *deflater; /* kept for every gzip form this context
					makes (router.c); NULL until the first */
	int deflater_level;
};

typedef struct pd_web_arg {
	char *name;
	char *value;          /* decoded, valid UTF-8, no NUL */
} pd_web_arg;

#define PD_WEB_MAX_CAPTURES 3

typedef struct pd_web_rq {
	pd_web_ctx *ctx;
	const pd_web_request *req;
	char *cap[PD_WEB_MAX_CAPTURES];  /* decoded `*` parts of the route */
	size_t ncap;
	pd_web_arg args[PD_WEB_MAX_ARGS];
	size_t nargs;
	char base[300];       /* "http://host" for absolute URLs (no slash) */
	bool api;             /* errors as JSON */
	int ui;               /* pd_web_lang of pages that are not a record's:
				 ?hl=, else Accept-Language, else English */
	int gzip_level;       /* the matched route's (router.c) */
} pd_web_rq;

typedef void (*pd_web_handler)(pd_web_rq *rq, pd_web_response *rs);

/* The decoded query argument, or NULL when absent. */
const char *pd_web_get(const pd_web_rq *rq, const char *name);
/* The argument when present and not empty, else NULL. */
const char *pd_web_get_nonempty(const pd_web_rq *rq, const char *name);
/* A yes/no argument: "1" or "0" (absent or empty: *out false); -1 for
 * anything else. */
int pd_web_flag(const pd_web_rq *rq, const char *name, bool *out);

/* Content types. */
#define PD_CT_HTML "text/html; charset=utf-8"
#define PD_CT_JSON "application/json; charset=utf-8"
#define PD_CT_ATOM "application/atom+xml; charset=utf-8"
#define PD_CT_XML "application/xml; charset=utf-8"
#define PD_CT_TEXT "text/plain; charset=utf-8"
#define PD_CT_MARKDOWN "text/markdown; charset=utf-8"
#define PD_CT_CSS "text/css; charset=utf-8"
#define PD_CT_JS "text/javascript; charset=utf-8"

/* Sets status and content type; the body is whatever the handler wrote. */
void pd_web_reply(pd_web_response *rs, int status, const char *content_type);
/* An error page that helps: JSON {"error":{...}} for the API, else HTML
 * with the reason, a search box and links. msg is plain text. */
void pd_web_error(pd_web_rq *rq, pd_web_response *rs, int status, const char *msg);
/* The status for a store error code: 404, 400, 503 or 500. */
/* pd_store_search on the context's store, its time kept in rs->search_ms
 * (the Server-Timing header). */
int pd_web_search(pd_web_rq *rq, pd_web_response *rs, const pd_search_req *req,
		  pd_search_result *res, pd_err *err);
int pd_web_status_of(int code);

/* --- pages (html.c) ------------------------------------------------- */

typedef enum pd_web_lang {
	PD_WEB_EN,
	PD_WEB_HANS,
	PD_WEB_HANT,
} pd_web_lang;

/* The interface language asked for: hl (en, zh-Hans, zh-Hant, zh) when
 * given, else the first Chinese or English tag of Accept-Language. */
pd_web_lang pd_web_ui_lang(const char *hl, const char *accept_language);

/* The interface language for a record language ("zh-Hant" -> Traditional,
 * other "zh*" -> Simplified, anything else English). */
pd_web_lang pd_web_lang_of(const char *language);
/* The value of <html lang>: "en", "zh-Hans", "zh-Hant". */
const char *pd_web_lang_tag(pd_web_lang l);
/* A fixed word of the interface ("question", "text_size", ...); the key
 * itself when unknown. */
const char *pd_web_word(pd_web_lang l, const char *key);
/* Puts every word into v as "w_<key>" for the templates. */
void pd_web_words(pd_tv *v, pd_web_lang l);
/* Appends an ISO date (YYYY, YYYY-MM, YYYY-MM-DD) as people write it:
 * "27 September 2020" / "2020年9月27日". Anything else is appended as is
 * (unescaped: the caller escapes). */
void pd_web_date(pd_buf *b, const char *iso, pd_web_lang l);
/* True for YYYY, YYYY-MM or YYYY-MM-DD with a plausible month and day. */
bool pd_web_date_valid(const char *s);
/* When the data last changed: the newer of the database file and its WAL,
 * else when the server started; 0 for a database that is not a file. */
time_t pd_web_data_time(const pd_web_ctx *c);
/* Appends a store snippet escaped for HTML, its \x02...\x03 markers turned
 * into <mark>...</mark> (unbalanced markers are closed or dropped). */
void pd_web_snippet_html(pd_buf *b, const char *snippet);
/* The snippet without its markers (for JSON and feeds). */
void pd_web_snippet_plain(pd_buf *b, const char *snippet);

/* Renders the named template (assets.h) with v, escaping with esc. */
int pd_web_render(const char *tpl, const pd_tv *v, pd_tpl_esc_fn esc, pd_buf *out);
/* Renders template tpl with v as the body of layout.html and makes it a 200
 * HTML response (500 when a template fails). v gets the words of l and the
 * title; search_q prefills the search box. */
void pd_web_page(pd_web_rq *rq, pd_web_response *rs, pd_web_lang l, const char *title,
		 const char *tpl, pd_tv *v);

/* Reads the common filters (speaker, from, to, type, topic, lang) from the
 * query into f (pointers into rq). Returns 0, or -1 with a reason in why
 * (bad date, over-long value). */
int pd_web_filter(const pd_web_rq *rq, pd_filter *f, pd_buf *why);
/* Reads page (1-based, at most max_page: PD_WEB_MAX_PAGE for searches,
 * PD_WEB_MAX_LIST_PAGE for lists of records) and per_page (default
 * PD_WEB_PAGE_SIZE, at most PD_WEB_MAX_PAGE_SIZE). Returns 0, or -1 with a
 * reason in why. */
int pd_web_paging(const pd_web_rq *rq, long max_page, size_t *page, size_t *per_page,
		  pd_buf *why);

/* Sets name to prefix + the URL-escaped segment + suffix (a link). */
void pd_web_href(pd_tv *v, const char *name, const char *prefix, const char *seg,
		 const char *suffix);
/* Fills one list item from a summary: id, href, title, date (formatted per
 * l), iso_date, type, source, item_lang, turns. */
void pd_web_summary(pd_tv *it, const pd_summary *s, pd_web_lang l);
/* Fills a list of record summaries for templates: items of name `list` in v
 * with id, href, title, date (formatted per l), type, source, turns. */
void pd_web_summaries(pd_tv *v, const char *list, const pd_summary *s, size_t n, pd_web_lang l);
/* Prev/next links for a paged list: sets "pager" in v when there is more
 * than one page (at most max_page, as pd_web_paging). base_query is the
 * query without page, already escaped for a URL ("" or "q=x&"). */
void pd_web_pager(pd_tv *v, const char *path, const char *base_query, long max_page,
		  size_t page, size_t per_page, size_t total);

/* --- handlers ------------------------------------------------------ */

void pd_page_home(pd_web_rq *rq, pd_web_response *rs);
void pd_page_parallel(pd_web_rq *rq, pd_web_response *rs);
void pd_page_record(pd_web_rq *rq, pd_web_response *rs);
void pd_page_search(pd_web_rq *rq, pd_web_response *rs);
void pd_page_dates(pd_web_rq *rq, pd_web_response *rs);
void pd_page_topic(pd_web_rq *rq, pd_web_response *rs);
void pd_page_type(pd_web_rq *rq, pd_web_response *rs);
void pd_page_speaker(pd_web_rq *rq, pd_web_response *rs);
void pd_page_static(pd_web_rq *rq, pd_web_response *rs);

void pd_api_records(pd_web_rq *rq, pd_web_response *rs);
void pd_api_record(pd_web_rq *rq, pd_web_response *rs);
void pd_api_turn(pd_web_rq *rq, pd_web_response *rs);
void pd_api_search(pd_web_rq *rq, pd_web_response *rs);
void pd_api_speakers(pd_web_rq *rq, pd_web_response *rs);
void pd_api_topics(pd_web_rq *rq, pd_web_response *rs);
void pd_api_openapi(pd_web_rq *rq, pd_web_response *rs);

/* Revisions, public (page_record.c, api.c) and admin (api_admin.c). */
void pd_page_revisions(pd_web_rq *rq, pd_web_response *rs);
void pd_page_revision(pd_web_rq *rq, pd_web_response *rs);
void pd_api_revisions(pd_web_rq *rq, pd_web_response *rs);
void pd_api_revision(pd_web_rq *rq, pd_web_response *rs);
void pd_admin_correct(pd_web_rq *rq, pd_web_response *rs);
void pd_admin_revisions(pd_web_rq *rq, pd_web_response *rs);
/* Appends a revision's notes as JSON members (no braces): number,
 * created, replaced, who, why, href (the public API URL of its text). */
void pd_api_revision_fields(pd_buf *b, const char *id, const pd_revision *v);
/* A revision number from a URL segment: 1.. as int, 0 for anything else. */
int pd_web_revision_number(const char *s);

/* admin.c: runs an admin route's handler for an authenticated request —
 * 401/429 (with Retry-After) when the token does not pass, 413 for a body
 * over PD_WEB_ADMIN_MAX_BODY; answers are never cached (no_store, no
 * ETag). */
void pd_web_admin_run(pd_web_rq *rq, pd_web_handler run, pd_web_response *rs);
/* The admin interface's writable store; only inside a handler that
 * pd_web_admin_run called (it holds the store's lock). */
pd_store *pd_web_admin_store(pd_web_rq *rq);

void pd_feed_all(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_topic(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_speaker(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_search(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_sitemap(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_sitemap_part(pd_web_rq *rq, pd_web_response *rs);
void pd_feed_robots(pd_web_rq *rq, pd_web_response *rs);

#endif
