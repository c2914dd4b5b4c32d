/* web.h: the read-only website, JSON API and feeds of `podium serve`.
 *
 * Two ways in:
 *   pd_web_start / pd_web_stop   an HTTP server (libmicrohttpd, internal
 *                                thread pool + epoll); each worker thread
 *                                opens its own read-only store handle.
 *   pd_web_handle                the same router called in-process, without
 *                                sockets: tests and tools give it a request
 *                                and read the response.
 *
 * Every route is one row of the table in router.c. Responses carry a
 * Content-Type with charset, an ETag (a hash of the body) and Last-Modified
 * (the database file's time); a matching If-None-Match or If-Modified-Since
 * gives 304 with no body; bodies are gzip-compressed when Accept-Encoding
 * asks for it. Only GET and HEAD are served (others: 405), except on the
 * admin routes, which exist only when an admin interface is attached
 * (pd_web_ctx_set_admin; podium serve --admin-token-file) and take POST.
 * Every string from a transcript or a request is escaped for its output
 * context.
 */
#ifndef PD_WEB_H
#define PD_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* What one thread needs to answer requests: a store handle (borrowed, not
 * closed by pd_web_ctx_free) and the database path, whose modification
 * time becomes Last-Modified (NULL, a database that is not a file such
 * as PostgreSQL: no Last-Modified; the ETag revalidates). */
typedef struct pd_web_ctx pd_web_ctx;

pd_web_ctx *pd_web_ctx_new(pd_store *store, const char *db_path);
void pd_web_ctx_free(pd_web_ctx *c);

/* Lets c answer from and fill a page cache (web/cache.h; borrowed, shared
 * by every thread's context; NULL: none). Routes marked cacheable in
 * router.c then answer 200s from the cache while the store's data version
 * is unchanged, byte for byte as they would uncached. The version (and
 * the database file's time, for Last-Modified) is read on every request
 * when recheck_ms is 0, else at most every recheck_ms on this context: a
 * commit then shows up to recheck_ms late (the server uses
 * PD_WEB_CACHE_RECHECK_MS). */
typedef struct pd_web_cache pd_web_cache;
void pd_web_ctx_set_cache(pd_web_ctx *c, pd_web_cache *cache, unsigned recheck_ms);
/* Lets c keep searches and record lists (/search, /search.atom,
 * /api/v1/search, /api/v1/records) in `cache` (borrowed; NULL: none), a
 * cache apart from the page cache so that a flood of distinct queries
 * evicts only other queries. Freshness as above: the data version is
 * checked at the page cache's recheck interval (0 without a page cache). */
void pd_web_ctx_set_search_cache(pd_web_ctx *c, pd_web_cache *cache);

/* A request as it came: the raw, still percent-encoded path and query.
 * Header fields are NULL when absent. */
typedef struct pd_web_request {
	const char *method;            /* "GET", "HEAD", ... */
	const char *path;              /* "/records/abc" (no query) */
	const char *query;             /* "q=a+b&page=2" without '?'; or NULL */
	const char *host;              /* Host header, for absolute URLs */
	const char *if_none_match;
	const char *if_modified_since;
	const char *accept_encoding;
	const char *accept_language;   /* picks the interface language */
	/* admin routes only: */
	const char *authorization;     /* "Bearer TOKEN" */
	const char *client;            /* client address, for rate limits;
					  NULL: "local" */
	const char *body;              /* POST body, body_len bytes (NULL: none) */
	size_t body_len;
	int admin_status;              /* 0: the router checks the token; else
					  what the transport's own
					  pd_web_admin_check said (200, 401,
					  429), before it read the body */
	unsigned admin_retry_after;    /* with admin_status 429 */
} pd_web_request;

typedef struct pd_web_response {
	int status;                    /* 200, 304, 400, 404, 405, 414, 500 */
	const char *content_type;      /* static string, with charset */
	pd_buf body;                   /* empty for 304; gzip bytes when gzip */
	bool gzip;                     /* Content-Encoding: gzip */
	char etag[32];                 /* quoted entity tag, or "" */
	time_t last_modified;          /* 0: none */
	const char *allow;             /* Allow header for 405, else NULL */
	unsigned retry_after;          /* Retry-After seconds (429), else 0 */
	bool no_store;                 /* Cache-Control: no-store (admin) */
	/* A body shared with the page cache: the bytes to send are
	 * shared[0..shared_len) and `body` stays empty; the response holds
	 * a reference on `cached`, which pd_web_response_release drops. */
	struct pd_web_cache_entry *cached;
	const char *shared;
	size_t shared_len;
	/* Time the store's search took, sent as Server-Timing (what the
	 * benchmark subtracts to see what HTTP adds); search_ms < 0: none. */
	double search_ms;
} pd_web_response;

/* Security headers sent with every response (name, value pairs, ending
 * with a NULL name): Content-Security-Policy, X-Content-Type-Options,
 * Referrer-Policy, ... */
typedef struct pd_web_header {
	const char *name;
	const char *value;
} pd_web_header;
extern const pd_web_header pd_web_security_headers[];

/* Answers one request. Always fills *resp (errors become 4xx/5xx pages:
 * JSON under /api/, HTML elsewhere); the caller releases it. For HEAD the
 * body is the GET body: the transport sends only the headers. */
void pd_web_handle(pd_web_ctx *c, const pd_web_request *req, pd_web_response *resp);
void pd_web_response_release(pd_web_response *resp);
/* The bytes to send (the body, or the shared cached bytes) and their
 * length. */
const char *pd_web_response_bytes(const pd_web_response *resp, size_t *len);

/* --- the admin interface ------------------------------------------ */

/* What corrections over HTTP need: the token and a writable store handle
 * (one, shared by every worker thread under a lock; writes are rare). One
 * per server; thread-safe. See docs/reliability.md, "Corrections". */
typedef struct pd_web_admin pd_web_admin;

/* Reads the token from token_file — a regular file that only its owner
 * may read or write (mode 0600 or 0400), holding one token of
 * PD_WEB_TOKEN_MIN..PD_WEB_TOKEN_MAX visible ASCII characters and at most
 * one trailing newline — and opens db writable. PD_EUSAGE naming the file
 * and what is wrong with it; the store's error when db cannot be opened. */
int pd_web_admin_new(const char *token_file, const char *db, pd_web_admin **out,
		     pd_err *err);
void pd_web_admin_free(pd_web_admin *a);
/* Checks an Authorization header from client (NULL: "local"): 200 when it
 * is "Bearer " and the token (compared in constant time), 401 when not
 * (the failure is counted), 429 when the client or everyone has failed too
 * often in this window (*retry_after: seconds until it ends; the token is
 * then not even compared). */
int pd_web_admin_check(pd_web_admin *a, const char *authorization, const char *client,
		       unsigned *retry_after);
/* Attaches the admin interface to c (borrowed; NULL detaches): the admin
 * routes exist only on a context that has one. */
void pd_web_ctx_set_admin(pd_web_ctx *c, pd_web_admin *a);

/* --- the server ---------------------------------------------------- */

typedef struct pd_web_config {
	const char *db;                /* store URI / path (NULL: default) */
	const char *bind;              /* IPv4 address; NULL: 127.0.0.1 */
	unsigned port;                 /* 0: any free port (see pd_web_port) */
	unsigned threads;              /* 0: number of CPUs */
	unsigned cache_mb;             /* cache budget in MiB; 0: no cache
					  (podium serve's default is 64): an
					  eighth for searches, the rest for
					  pages (PD_WEB_SEARCH_CACHE_SHARE) */
	bool quiet;                    /* no access log on stderr */
	const char *admin_token_file;  /* NULL: no admin interface (default) */
} pd_web_config;

typedef struct pd_web pd_web;

/* Opens the store once to check it, then listens. Returns 0 and *out, or
 * PD_EUSAGE (bad address, a token file pd_web_admin_new refuses), PD_ESTORE (database cannot be opened), PD_EIO
 * (cannot listen) with err set. */
int pd_web_start(const pd_web_config *cfg, pd_web **out, pd_err *err);
/* The port actually bound. */
unsigned pd_web_port(const pd_web *w);
/* Stops listening, waits for the workers, closes their store handles. */
void pd_web_stop(pd_web *w);

#endif
