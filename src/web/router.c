/* router.c: every URL of the site in one table, and what happens around a
 * handler: method and size checks, query decoding, error pages, ETag /
 * Last-Modified / 304, gzip (see web.h), and the page cache (cache.h) for
 * the routes marked ROUTE_CACHEABLE. */
#include "web/web_int.h"
#include "web/assets.h"
#include "web/cache.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "escape/escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

/* A pattern is matched segment by segment; a '*' in a segment captures the
 * (non-empty, percent-decoded) rest of that segment between the literal
 * text around it. The first row that matches wins.
 *
 * ROUTE_CACHEABLE: the 200 response depends only on the stored data and on
 * what the cache key holds (path, query, host, interface language), and
 * the set of addresses people read is small.
 * ROUTE_SEARCHES: the same holds, but every query string is a new key, so
 * a crawler or an attacker could fill a budget with answers read once.
 * These are kept in a cache of their own (pd_web_ctx_set_search_cache):
 * a spike of readers asking what was said at this morning's briefing
 * costs one search, and a flood of distinct searches pushes out only
 * other searches, never the record pages. Searches (/search,
 * /search.atom, /api/v1/search) and the list API (/api/v1/records, free-
 * form filters and deep pages).
 * Neither: the parallel view and revisions (rarely read twice), and admin
 * routes (ROUTE_ADMIN), which change data. */
enum route_flag {
	ROUTE_CACHEABLE = 1 << 0, /* the response may be kept in the page cache */
	ROUTE_ADMIN = 1 << 1,     /* only with --admin-token-file; POST allowed */
	ROUTE_SEARCHES = 1 << 2,  /* the response may be kept in the search cache */
};

static const struct route {
	const char *pattern;
	pd_web_handler run;
	unsigned flags; /* enum route_flag */
} routes[] = {
	{ "/", pd_page_home, ROUTE_CACHEABLE },
	{ "/search", pd_page_search, ROUTE_SEARCHES },
	{ "/search.atom", pd_feed_search, ROUTE_SEARCHES },
	{ "/records/*", pd_page_record, ROUTE_CACHEABLE },   /* also *.json .md .txt .akn.xml */
	{ "/records/*/parallel", pd_page_parallel, 0 },
	{ "/records/*/revisions", pd_page_revisions, 0 },
	{ "/records/*/revisions/*", pd_page_revision, 0 },
	{ "/browse/dates/*", pd_page_dates, ROUTE_CACHEABLE },
	{ "/browse/dates/*/*", pd_page_dates, ROUTE_CACHEABLE },
	{ "/topics/*.atom", pd_feed_topic, ROUTE_CACHEABLE },
	{ "/topics/*", pd_page_topic, ROUTE_CACHEABLE },
	{ "/speakers/*.atom", pd_feed_speaker, ROUTE_CACHEABLE },
	{ "/speakers/*", pd_page_speaker, ROUTE_CACHEABLE },
	{ "/types/*", pd_page_type, ROUTE_CACHEABLE },
	{ "/feed.atom", pd_feed_all, ROUTE_CACHEABLE },
	{ "/sitemap.xml", pd_feed_sitemap, ROUTE_CACHEABLE },
	{ "/sitemaps/*.xml", pd_feed_sitemap_part, ROUTE_CACHEABLE },
	{ "/robots.txt", pd_feed_robots, ROUTE_CACHEABLE },
	{ "/static/*", pd_page_static, ROUTE_CACHEABLE },
	{ "/api/v1/records", pd_api_records, ROUTE_SEARCHES },
	{ "/api/v1/records/*", pd_api_record, ROUTE_CACHEABLE },
	{ "/api/v1/records/*/turns/*", pd_api_turn, ROUTE_CACHEABLE },
	{ "/api/v1/records/*/revisions", pd_api_revisions, 0 },
	{ "/api/v1/records/*/revisions/*", pd_api_revision, 0 },
	{ "/api/v1/search", pd_api_search, ROUTE_SEARCHES },
	{ "/api/v1/speakers", pd_api_speakers, ROUTE_CACHEABLE },
	{ "/api/v1/topics", pd_api_topics, ROUTE_CACHEABLE },
	{ "/api/v1/openapi.json", pd_api_openapi, ROUTE_CACHEABLE },
	/* corrections over HTTP (api_admin.c): absent without an admin
	 * interface, token-checked and never cached with one */
	{ "/api/v1/admin/records/*/corrections", pd_admin_correct, ROUTE_ADMIN },
	{ "/api/v1/admin/records/*/revisions", pd_admin_revisions, ROUTE_ADMIN },
};

#define NROUTES (sizeof routes / sizeof routes[0])

/* Served with every response. The one script is a file (/static/app.js),
 * so no inline script or style is allowed; images only from this site. */
const pd_web_header pd_web_security_headers[] = {
	{ "Content-Security-Policy",
	  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ NULL, NULL },
};

/* ---- context ------------------------------------------------------------ */

pd_web_ctx *pd_web_ctx_new(pd_store *store, const char *db_path)
{
	pd_web_ctx *c = pd_xcalloc(1, sizeof *c);
	c->store = store;
	c->db_path = pd_xstrdup(db_path);
	c->started = time(NULL);
	return c;
}

void pd_web_ctx_set_cache(pd_web_ctx *c, pd_web_cache *cache, unsigned recheck_ms)
{
	c->cache = cache;
	c->recheck_ms = recheck_ms;
	c->have_version = false;
}

void pd_web_ctx_set_search_cache(pd_web_ctx *c, pd_web_cache *cache)
{
	c->search_cache = cache;
	c->have_version = false;
}

static void deflater_free(pd_web_ctx *c);

void pd_web_ctx_free(pd_web_ctx *c)
{
	if (!c)
		return;
	deflater_free(c);
	free(c->db_path);
	free(c);
}

/* When the data last changed: the newer of the database file and its WAL,
 * else when the server started. 0 (no Last-Modified: the ETag alone
 * revalidates) for a database that is not a file: a PostgreSQL archive
 * changes without this server knowing, and several servers share it. */
time_t pd_web_data_time(const pd_web_ctx *c)
{
	time_t t = 0;
	struct stat st;
	if (!c->db_path)
		return 0;
	char wal[PD_MAX_NAME_BYTES];
	if (stat(c->db_path, &st) == 0)
		t = st.st_mtime;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", c->db_path) < sizeof wal &&
	    stat(wal, &st) == 0 && st.st_mtime > t)
		t = st.st_mtime;
	return t ? t : c->started;
}

/* ---- assets ------------------------------------------------------------- */

const pd_web_asset *pd_web_asset_find(const char *name)
{
	for (size_t i = 0; i < pd_web_nassets; i++)
		if (strcmp(pd_web_assets[i].name, name) == 0)
			return &pd_web_assets[i];
	return NULL;
}

/* /static/NAME: the style sheet and the script; templates are not served. */
void pd_page_static(pd_web_rq *rq, pd_web_response *rs)
{
	static const struct { const char *name, *type; } files[] = {
		{ "app.css", PD_CT_CSS }, { "app.js", PD_CT_JS },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		const pd_web_asset *a = pd_web_asset_find(files[i].name);
		if (strcmp(rq->cap[0], files[i].name) != 0 || !a)
			continue;
		pd_buf_add(&rs->body, a->data, a->len);
		pd_web_reply(rs, 200, files[i].type);
		return;
	}
	pd_web_error(rq, rs, 404, "there is no such file");
}

/* ---- request parsing ---------------------------------------------------- */

/* Decodes a URL component; 0, or -1 when the escapes are malformed, the
 * result is not UTF-8 or holds a NUL. */
static int decode(const char *s, size_t n, bool plus_space, char **out)
{
	pd_buf b;
	pd_buf_init(&b, PD_WEB_MAX_URL_BYTES);
	int rc = pd_url_decode(&b, s, n, plus_space);
	if (rc == 0 && (memchr(pd_buf_cstr(&b), '\0', b.len) || !pd_utf8_valid(b.data ? b.data : "", b.len)))
		rc = -1;
	if (rc < 0) {
		pd_buf_release(&b);
		return -1;
	}
	*out = pd_buf_detach(&b);
	return 0;
}

static int parse_query(pd_web_rq *rq, const char *q)
{
	while (q && *q) {
		size_t len = strcspn(q, "&;");
		const char *eq = memchr(q, '=', len);
		size_t klen = eq ? (size_t)(eq - q) : len;
		if (len > 0) {
			if (rq->nargs == PD_WEB_MAX_ARGS)
				return -1;
			pd_web_arg *a = &rq->args[rq->nargs];
			if (decode(q, klen, true, &a->name) < 0)
				return -1;
			if (decode(eq ? eq + 1 : q + len, eq ? len - klen - 1 : 0, true, &a->value) < 0) {
				free(a->name);
				return -1;
			}
			rq->nargs++;
		}
		q += len;
		if (*q)
			q++;
	}
	return 0;
}

const char *pd_web_get(const pd_web_rq *rq, const char *name)
{
	for (size_t i = 0; i < rq->nargs; i++)
		if (strcmp(rq->args[i].name, name) == 0)
			return rq->args[i].value;
	return NULL;
}

const char *pd_web_get_nonempty(const pd_web_rq *rq, const char *name)
{
	const char *v = pd_web_get(rq, name);
	return v && *v ? v : NULL;
}

int pd_web_flag(const pd_web_rq *rq, const char *name, bool *out)
{
	const char *v = pd_web_get_nonempty(rq, name);
	*out = v && strcmp(v, "1") == 0;
	return !v || strcmp(v, "1") == 0 || strcmp(v, "0") == 0 ? 0 : -1;
}

/* A Host header is echoed into links, so only host-name characters pass. */
static void set_base(pd_web_rq *rq, const char *host)
{
	bool ok = host && *host && strlen(host) < sizeof rq->base - 8;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || strchr(".-:[]", *p);
	snprintf(rq->base, sizeof rq->base, "http://%s", ok ? host : "localhost");
}

/* Matches path against pattern; on success the captures are decoded into
 * rq->cap. 1 match, 0 no match, -1 a capture that does not decode. */
static int match(const char *pattern, const char *path, pd_web_rq *rq)
{
	size_t ncap = 0;
	int rc = 1;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/') {
			rc = 0;
			break;
		}
		pattern++;
		path++;
		size_t pl = strcspn(pattern, "/"), sl = strcspn(path, "/");
		const char *star = memchr(pattern, '*', pl);
		if (!star) {
			if (pl != sl || memcmp(pattern, path, pl) != 0) {
				rc = 0;
				break;
			}
		} else {
			size_t pre = (size_t)(star - pattern), post = pl - pre - 1;
			if (sl <= pre + post || memcmp(pattern, path, pre) != 0 ||
			    memcmp(star + 1, path + sl - post, post) != 0 || ncap == PD_WEB_MAX_CAPTURES) {
				rc = 0;
				break;
			}
			if (decode(path + pre, sl - pre - post, false, &rq->cap[ncap]) < 0) {
				rc = -1;
				ncap++;
				break;
			}
			ncap++;
		}
		pattern += pl;
		path += sl;
	}
	if (rc == 1 && (*pattern || *path))
		rc = 0;
	if (rc != 1) {
		for (size_t i = 0; i < ncap; i++) {
			free(rq->cap[i]);
			rq->cap[i] = NULL;
		}
		ncap = 0;
	}
	rq->ncap = ncap;
	return rc;
}

/* ---- responses ---------------------------------------------------------- */

void pd_web_reply(pd_web_response *rs, int status, const char *content_type)
{
	rs->status = status;
	rs->content_type = content_type;
}

int pd_web_search(pd_web_rq *rq, pd_web_response *rs, const pd_search_req *req,
		  pd_search_result *res, pd_err *err)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = pd_store_search(rq->ctx->store, req, res, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rs->search_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return rc;
}

int pd_web_status_of(int code)
{
	switch (code) {
	case PD_ENOTFOUND: return 404;
	case PD_EUSAGE:
	case PD_EINPUT: return 400;
	case PD_EUNAVAIL: return 503;
	}
	return 500;
}

static const char *status_text(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Unauthorized";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Request too large";
	case 414: return "URL too long";
	case 429: return "Too many requests";
	case 503: return "Service unavailable";
	}
	return "Server error";
}

void pd_web_error(pd_web_rq *rq, pd_web_response *rs, int status, const char *msg)
{
	pd_buf_reset(&rs->body);
	if (rq->api) {
		pd_buf_printf(&rs->body, "{\"error\":{\"status\":%d,\"message\":", status);
		pd_json_str(&rs->body, msg);
		pd_buf_puts(&rs->body, "}}\n");
		pd_web_reply(rs, status, PD_CT_JSON);
		return;
	}
	pd_tv *v = pd_tv_new();
	pd_tv_printf(v, "status", "%d", status);
	pd_tv_str(v, "status_text", status_text(status));
	pd_tv_str(v, "message", msg);
	pd_tv_bool(v, "not_found", status == 404);
	pd_web_page(rq, rs, (pd_web_lang)rq->ui, status_text(status), "error.html", v);
	pd_tv_free(v);
	if (rs->status == 200)
		rs->status = status;
	else   /* even the error page failed: say it plainly */
		pd_buf_puts(&rs->body, status_text(status));
}

/* ---- conditional requests and compression ------------------------------ */

/* If-None-Match holds our tag (weakly compared: W/ and the -gz variant
 * name the same content). */
static bool etag_matches(const char *header, const char *etag)
{
	size_t tl = strlen(etag) - 1;    /* without the closing quote */
	for (const char *p = header; p && *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t l = strcspn(p, ",");
		if (l >= tl && strncmp(p, etag, tl) == 0)
			return true;
		p += l;
	}
	return false;
}

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 5.6.7), the
 * form every current client sends; -1 for anything else. */
static time_t http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	char mon[4];
	int n = 0;
	memset(&tm, 0, sizeof tm);
	if (!s || strlen(s) != 29 || strcmp(s + 25, " GMT") != 0 ||
	    sscanf(s + 5, "%2d %3s %4d %2d:%2d:%2d%n", &tm.tm_mday, mon, &tm.tm_year,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 20)
		return (time_t)-1;
	const char *m = strstr(months, mon);
	if (!m || (m - months) % 3 != 0)
		return (time_t)-1;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	return timegm(&tm);
}

static bool accepts_gzip(const char *ae)
{
	for (const char *p = ae; p && *p;) {
		p += strspn(p, " \t,");
		size_t l = strcspn(p, ",");
		if (l >= 4 && strncasecmp(p, "gzip", 4) == 0) {
			const char *q = memchr(p, ';', l);
			/* "gzip;q=0" refuses it */
			return !(q && strncmp(q, ";q=0", 4) == 0 &&
				 (l == (size_t)(q - p) + 4 || strncmp(q, ";q=0.0", 6) == 0));
		}
		p += l;
	}
	return false;
}

/* Bodies this short are sent as they are: gzip would save a few bytes and
 * cost a compression per request. */
#define GZIP_MIN_BYTES 512

/* Whether the client gets the gzip form of a body of len bytes. */
static bool wants_gzip(const pd_web_request *req, size_t len)
{
	return len > GZIP_MIN_BYTES && accepts_gzip(req->accept_encoding);
}

/* How hard to compress. A page-cache entry is compressed once and sent to
 * every later reader: zlib's default, level 6. Everything else (searches
 * and lists, each query string a key of its own and mostly read once, and
 * pages that are never kept) is compressed for about one reader, on that
 * request's time: level 1, a quarter of the CPU for an eighth more bytes
 * (a 15 KB search answer: 0.12 against 0.04 ms, 2,756 against 3,102
 * bytes). The level is the route's, cache or no cache, so a response is
 * the same bytes either way. */
#define GZIP_LEVEL_KEPT 6
#define GZIP_LEVEL_ONCE 1

/* This thread's deflate stream, reset and set to level: made once per
 * context and kept, since setting one up (~256 KB of tables) cost as much
 * as compressing a search answer at level 1. NULL when zlib fails. */
static z_stream *deflater(pd_web_ctx *c, int level)
{
	if (!c->deflater) {
		z_stream *z = pd_xcalloc(1, sizeof *z);
		if (deflateInit2(z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			free(z);
			return NULL;
		}
		c->deflater = z;
		c->deflater_level = level;
		return z;
	}
	if (deflateReset(c->deflater) != Z_OK)
		return NULL;
	if (level != c->deflater_level &&
	    deflateParams(c->deflater, level, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	c->deflater_level = level;
	return c->deflater;
}

static void deflater_free(pd_web_ctx *c)
{
	if (c->deflater) {
		deflateEnd(c->deflater);
		free(c->deflater);
		c->deflater = NULL;
	}
}

/* The gzip form of in[0..n) in out (emptied first), at the route's level;
 * false when compression fails (out is then empty). */
static bool gzip_bytes(const pd_web_rq *rq, const char *in, size_t n, pd_buf *out)
{
	bool ok = false;
	pd_buf_reset(out);
	z_stream *z = deflater(rq->ctx, rq->gzip_level);
	if (!z)
		return false;
	uLong cap = deflateBound(z, n);
	unsigned char *buf = pd_xmalloc(cap);
	z->next_in = (unsigned char *)(in ? in : "");
	z->avail_in = (uInt)n;
	z->next_out = buf;
	z->avail_out = (uInt)cap;
	if (deflate(z, Z_FINISH) == Z_STREAM_END) {
		pd_buf_add(out, buf, cap - z->avail_out);
		ok = true;
	}
	free(buf);
	return ok;
}

/* Replaces the body by its gzip form; keeps it when compression fails. */
static void gzip_body(const pd_web_rq *rq, pd_web_response *rs)
{
	pd_buf gz;
	pd_buf_init(&gz, PD_WEB_MAX_BODY_BYTES);
	if (gzip_bytes(rq, rs->body.data, rs->body.len, &gz)) {
		pd_buf_release(&rs->body);
		rs->body = gz;
		rs->gzip = true;
	} else {
		pd_buf_release(&gz);
	}
}

/* The content hash an ETag is made of: content type and body. */
static void body_hash(const char *content_type, const char *body, size_t len, char hex[17])
{
	uint64_t h = pd_hash64(PD_HASH64_INIT, content_type, strlen(content_type));
	h = pd_hash64(h, body ? body : "", len);
	pd_hash64_hex(h, hex);
}

/* Sets ETag (from the content hash; "-gz" names the compressed variant) and
 * Last-Modified (data_time) of a 200; when the request's If-None-Match (else
 * If-Modified-Since) says the client holds this, makes it a 304 with no
 * body and returns true. The same for fresh and cached responses. */
static void set_etag(pd_web_response *rs, const char *hex, bool gz)
{
	snprintf(rs->etag, sizeof rs->etag, "\"%s%s\"", hex, gz ? "-gz" : "");
}

static bool not_modified(const pd_web_request *req, pd_web_response *rs, time_t last_modified,
			 const char *hex, bool gz)
{
	rs->last_modified = last_modified;
	set_etag(rs, hex, gz);
	time_t ims = http_date(req->if_modified_since);
	if (req->if_none_match ? etag_matches(req->if_none_match, rs->etag)
			       : ims != (time_t)-1 && rs->last_modified && rs->last_modified <= ims) {
		rs->status = 304;
		pd_buf_release(&rs->body);
		pd_buf_init(&rs->body, PD_WEB_MAX_BODY_BYTES);
		return true;
	}
	return false;
}

static void finish(const pd_web_rq *rq, const pd_web_request *req, pd_web_response *rs)
{
	if (rs->status != 200)
		return;
	char hex[17];
	body_hash(rs->content_type, rs->body.data, rs->body.len, hex);
	bool gz = wants_gzip(req, rs->body.len);
	if (!not_modified(req, rs, pd_web_data_time(rq->ctx), hex, gz) && gz)
		gzip_body(rq, rs);
}

/* ---- the page cache ----------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The generation `cache` (the page or the search cache) must hold for this
 * request's data, and how old an entry may be (0: any age). The store's data version is read once per
 * request, or, with a recheck interval, once per interval on this thread
 * (with the data time for Last-Modified: two stat calls and SQLite's read
 * lock cost about a fifth of a cached answer); a version this context has
 * not seen before (a commit by anyone since it last looked, or its first
 * request) starts a new generation in both caches.
 * Each thread's store handle sees commits itself, and a handle's versions
 * mean nothing to another's, so any thread that notices a change makes
 * every thread's entries stale. The generation is read after the version:
 * an entry built from data older than a commit always carries a
 * generation older than the one a later request compares with.
 * PD_EUNSUPPORTED (PostgreSQL): entries live PD_WEB_CACHE_TTL_MS. Other
 * errors (busy): -1, the request goes uncached. */
static int cache_generation(pd_web_ctx *c, pd_web_cache *cache, int64_t now, uint64_t *gen,
			    int64_t *max_age)
{
	uint64_t v;
	*max_age = 0;
	if (c->have_version && now - c->checked_ms < (int64_t)c->recheck_ms) {
		*gen = pd_web_cache_generation(cache);
		return 0;
	}
	int rc = pd_store_data_version(c->store, &v, NULL);
	if (rc == PD_EUNSUPPORTED) {
		*max_age = PD_WEB_CACHE_TTL_MS;
		c->data_time = pd_web_data_time(c);
		*gen = pd_web_cache_generation(cache);
		return 0;
	}
	if (rc < 0)
		return -1;
	if (!c->have_version || v != c->version) {
		c->version = v;
		c->have_version = true;
		if (c->cache)
			pd_web_cache_invalidate(c->cache);
		if (c->search_cache)
			pd_web_cache_invalidate(c->search_cache);
	}
	c->checked_ms = now;
	c->data_time = pd_web_data_time(c);
	*gen = pd_web_cache_generation(cache);
	return 0;
}

/* The cache key: everything a cacheable response depends on besides the
 * data — the interface language (?hl= or Accept-Language), the host (in
 * absolute links: feeds, sitemap, canonical links) and the raw path and
 * query (a query may be absent or empty, which handlers tell apart). GET
 * and HEAD share entries: HEAD answers the GET body's headers. Returns the
 * length, or 0 when the key would pass PD_WEB_CACHE_MAX_KEY_BYTES (the
 * request is then answered uncached). */
static size_t cache_key(const pd_web_rq *rq, char *key, size_t size)
{
	const pd_web_request *req = rq->req;
	int n = snprintf(key, size, "%d\n%s\n%s%s%s", rq->ui, rq->base, req->path ? req->path : "",
			 req->query ? "?" : "", req->query ? req->query : "");
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

/* *e with its gzip form, made now: entries are kept without one until a
 * client takes it (pd_web_cache_add_gzip), so clients that do not never
 * pay for a compression. false (e unchanged) when compression fails. */
static bool add_gzip(const pd_web_rq *rq, pd_web_cache *cache, pd_web_cache_entry **e)
{
	const pd_web_cached *d = pd_web_cache_data(*e);
	pd_buf gz;
	pd_buf_init(&gz, PD_WEB_MAX_BODY_BYTES);
	if (!gzip_bytes(rq, d->body, d->len, &gz)) {
		pd_buf_release(&gz);
		return false;
	}
	size_t len = gz.len;
	pd_web_cache_entry *with = pd_web_cache_add_gzip(cache, *e, pd_buf_detach(&gz), len);
	pd_web_cache_unref(*e);
	*e = with;
	return true;
}

/* Answers from entry e (the caller's reference passes to the response):
 * the gzip form when the client takes it, the same ETag, Last-Modified
 * and 304 as finish() gives an uncached response. */
static void serve_entry(const pd_web_rq *rq, pd_web_cache *cache, const pd_web_request *req,
			pd_web_response *rs, pd_web_cache_entry *e)
{
	const pd_web_cached *d = pd_web_cache_data(e);
	bool gz = wants_gzip(req, d->len);
	pd_buf_reset(&rs->body);
	pd_web_reply(rs, 200, d->content_type);
	if (not_modified(req, rs, rq->ctx->data_time, d->hash, gz)) {
		pd_web_cache_unref(e);
		return;
	}
	if (gz && !d->gz && !add_gzip(rq, cache, &e)) {
		gz = false;
		set_etag(rs, d->hash, false);
	}
	d = pd_web_cache_data(e);
	rs->cached = e;
	rs->gzip = gz;
	rs->shared = gz ? d->gz : d->body;
	rs->shared_len = gz ? d->gz_len : d->len;
}

/* A fresh 200 made into a cache entry: the body moves in, with its
 * content hash and, when this client takes it (gz), its gzip form. */
static pd_web_cache_entry *cache_fill(const pd_web_rq *rq, pd_web_cache *cache, const char *key,
				      size_t klen, pd_web_response *rs, bool gz, uint64_t gen,
				      int64_t now)
{
	pd_web_cached d = { .content_type = rs->content_type };
	body_hash(rs->content_type, rs->body.data, rs->body.len, d.hash);
	if (gz) {
		pd_buf z;
		pd_buf_init(&z, PD_WEB_MAX_BODY_BYTES);
		if (gzip_bytes(rq, rs->body.data, rs->body.len, &z)) {
			d.gz_len = z.len;
			d.gz = pd_buf_detach(&z);
		} else {
			pd_buf_release(&z);
		}
	}
	d.len = rs->body.len;
	d.body = pd_buf_detach(&rs->body);
	return pd_web_cache_put(cache, key, klen, &d, gen, now);
}

/* A cacheable route: from `cache` when it holds a current entry, else
 * built by the handler and kept (200s only, and only those that fit). */
static void run_cached(pd_web_rq *rq, pd_web_cache *cache, pd_web_handler run,
		       pd_web_response *rs)
{
	pd_web_ctx *c = rq->ctx;
	const pd_web_request *req = rq->req;
	char key[PD_WEB_CACHE_MAX_KEY_BYTES];
	size_t klen = cache_key(rq, key, sizeof key);
	uint64_t gen;
	int64_t max_age, now = now_ms();
	if (!klen || cache_generation(c, cache, now, &gen, &max_age) < 0) {
		run(rq, rs);
		finish(rq, req, rs);
		return;
	}
	pd_web_cache_entry *e = pd_web_cache_get(cache, key, klen, gen, now, max_age);
	if (!e) {
		run(rq, rs);
		if (rs->status != 200 || !pd_web_cache_fits(cache, rs->body.len)) {
			finish(rq, req, rs);
			return;
		}
		e = cache_fill(rq, cache, key, klen, rs, wants_gzip(req, rs->body.len), gen, now);
	}
	serve_entry(rq, cache, req, rs, e);
}

/* ---- the entry point ---------------------------------------------------- */

static void read_only(pd_web_rq *rq, pd_web_response *rs)
{
	rs->allow = "GET, HEAD";
	pd_web_error(rq, rs, 405, "this site is read-only: only GET and HEAD are answered");
}

void pd_web_handle(pd_web_ctx *c, const pd_web_request *req, pd_web_response *rs)
{
	pd_web_rq rq;
	memset(&rq, 0, sizeof rq);
	memset(rs, 0, sizeof *rs);
	pd_buf_init(&rs->body, PD_WEB_MAX_BODY_BYTES);
	rs->search_ms = -1;
	rq.ctx = c;
	rq.req = req;
	const char *path = req->path ? req->path : "";
	set_base(&rq, req->host);
	rq.api = strncmp(path, "/api/", 5) == 0;

	bool reading = req->method && (strcmp(req->method, "GET") == 0 ||
				       strcmp(req->method, "HEAD") == 0);
	/* POST reaches only admin routes, which exist only with an admin */
	bool post = req->method && strcmp(req->method, "POST") == 0 && c->admin;
	if (!reading && !post) {
		read_only(&rq, rs);
		goto out;
	}
	if (strlen(path) + (req->query ? strlen(req->query) : 0) > PD_WEB_MAX_URL_BYTES) {
		pd_web_error(&rq, rs, 414, "the address is longer than this site accepts");
		goto out;
	}
	if (parse_query(&rq, req->query) < 0) {
		pd_web_error(&rq, rs, 400, "the query string is malformed: a bad %-escape, "
			     "bytes that are not UTF-8, or too many parameters");
		goto out;
	}
	rq.ui = pd_web_ui_lang(pd_web_get(&rq, "hl"), req->accept_language);
	for (size_t i = 0; i < NROUTES; i++) {
		if ((routes[i].flags & ROUTE_ADMIN) && !c->admin)
			continue;
		int m = match(routes[i].pattern, path, &rq);
		if (m < 0) {
			pd_web_error(&rq, rs, 400, "the address holds a bad %-escape or bytes "
				     "that are not UTF-8");
			goto out;
		}
		if (m == 0)
			continue;
		if (routes[i].flags & ROUTE_ADMIN) {
			pd_web_admin_run(&rq, routes[i].run, rs);
			goto out;
		}
		if (!reading)
			break;
		rq.gzip_level = (routes[i].flags & ROUTE_CACHEABLE) ? GZIP_LEVEL_KEPT
								    : GZIP_LEVEL_ONCE;
		pd_web_cache *cache = (routes[i].flags & ROUTE_CACHEABLE) ? c->cache
				    : (routes[i].flags & ROUTE_SEARCHES) ? c->search_cache : NULL;
		if (cache) {
			run_cached(&rq, cache, routes[i].run, rs);
		} else {
			routes[i].run(&rq, rs);
			finish(&rq, req, rs);
		}
		goto out;
	}
	if (!reading) {
		read_only(&rq, rs);
		goto out;
	}
	pd_web_error(&rq, rs, 404, "there is no page at this address");
out:
	for (size_t i = 0; i < rq.ncap; i++)
		free(rq.cap[i]);
	for (size_t i = 0; i < rq.nargs; i++) {
		free(rq.args[i].name);
		free(rq.args[i].value);
	}
}

void pd_web_response_release(pd_web_response *rs)
{
	pd_buf_release(&rs->body);
	pd_web_cache_unref(rs->cached);
	rs->cached = NULL;
	rs->shared = NULL;
	rs->shared_len = 0;
}

const char *pd_web_response_bytes(const pd_web_response *rs, size_t *len)
{
	if (rs->cached) {
		*len = rs->shared_len;
		return rs->shared ? rs->shared : "";
	}
	*len = rs->body.len;
	return rs->body.data ? rs->body.data : "";
}
