/* server.c: libmicrohttpd glue for pd_web_start/stop — nothing but moving
 * requests into pd_web_handle and responses back out (see web.h).
 *
 * MHD runs an internal thread pool with epoll. Each pool thread opens its
 * own read-only store handle on its first request (store.h: one handle per
 * thread); all handles are closed after MHD_stop_daemon. The raw request
 * URI is taken from MHD's URI log callback, before MHD unescapes anything,
 * so the router sees malformed escapes and can answer 400.
 *
 * Bodies are read only for POSTs to /api/v1/admin/ when the admin
 * interface is on, and only after the token has passed: the check runs on
 * the headers-only first call, so an unauthenticated client never makes
 * the server buffer anything; the body is kept up to
 * PD_WEB_ADMIN_MAX_BODY (413 past it).
 *
 * A keeper thread holds one more handle and warms it (pd_store_warm) at
 * start and every PD_WEB_WARM_SECONDS: the search arrays are loaded once
 * for the process before any reader asks (~2 s at 10x), and again soon
 * after an ingest's optimize changed the index.
 *
 * With --cache-mb the threads share one page cache and one search cache
 * (cache.h; an eighth of the budget for searches); a response
 * from it is sent straight from the cached bytes, and the reference it
 * holds is released by libmicrohttpd's free callback once the response
 * object is destroyed (after the last byte is sent), so an entry evicted
 * meanwhile is never freed under it.
 */
#include "web/web_int.h"
#include "web/cache.h"
#include "base/mem.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct worker {
	pd_store *store;
	pd_web_ctx *ctx;
} worker;

struct pd_web {
	struct MHD_Daemon *daemon;
	char *db;             /* store URI as given (NULL: default) */
	char *db_path;        /* the file, for Last-Modified */
	pd_web_admin *admin;  /* NULL: no admin interface */
	bool quiet;
	unsigned port;
	pd_web_cache *cache;  /* shared by the workers; NULL: none */
	pd_web_cache *search_cache; /* searches and lists; NULL: none */
	pthread_key_t key;    /* this thread's worker */
	pthread_mutex_t lock; /* guards workers */
	worker **workers;
	size_t nworkers, workers_cap;
	/* the keeper thread (keep_warm) */
	pthread_t keeper;
	bool keeper_started, stopping;
	pthread_mutex_t keep_lock;
	pthread_cond_t keep_wake; /* stopping */
};

/* Per connection: the request URI as it came. */
typedef struct conn {
	char *uri;
	bool too_long;
	bool seen;            /* the first (headers-only) call has passed */
	/* an admin POST: */
	pd_buf body;
	bool too_big;         /* the body passed PD_WEB_ADMIN_MAX_BODY */
	bool answered;
	int status;           /* pd_web_admin_check on the headers */
	unsigned retry_after;
} conn;

/* A query of more than PD_WEB_MAX_RAW_ARGS pieces would exhaust the
 * connection's memory pool in libmicrohttpd's argument parser, which runs
 * right after this callback and then leaves the client waiting for the
 * connection timeout (limits.h). Answer 400 on the socket now and shut it
 * down: the parser's failure then closes the connection at once. Nothing
 * else was written on this connection yet for this request (the previous
 * response on a kept-alive connection was sent in full before the next
 * request line was read). */
static void refuse_arg_flood(struct MHD_Connection *con, const char *uri)
{
	static const char msg[] = "HTTP/1.1 400 Bad Request\r\n"
				  "Content-Type: text/plain; charset=utf-8\r\n"
				  "Content-Length: 26\r\nConnection: close\r\n\r\n"
				  "too many query parameters\n";
	const char *q = strchr(uri, '?');
	size_t pieces = 1;

	if (!q)
		return;
	for (; *q && pieces <= PD_WEB_MAX_RAW_ARGS; q++)
		pieces += *q == '&';
	if (pieces <= PD_WEB_MAX_RAW_ARGS)
		return;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci) {
		ssize_t sent = send(ci->connect_fd, msg, sizeof msg - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)sent;   /* a client that does not read gets only the close */
		shutdown(ci->connect_fd, SHUT_RDWR);
	}
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	conn *c = pd_xcalloc(1, sizeof *c);
	refuse_arg_flood(con, uri);
	size_t n = strlen(uri);
	c->too_long = n > PD_WEB_MAX_URL_BYTES;
	c->uri = pd_xstrndup(uri, c->too_long ? 0 : n);
	pd_buf_init(&c->body, PD_WEB_ADMIN_MAX_BODY);
	return c;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	conn *c = *con_cls;
	if (c) {
		pd_buf_release(&c->body);
		free(c->uri);
		free(c);
		*con_cls = NULL;
	}
}

/* This thread's worker, opening its store handle on first use. */
static worker *thread_worker(pd_web *w)
{
	worker *k = pthread_getspecific(w->key);
	if (k)
		return k;
	pd_store *s = NULL;
	pd_err err;
	if (pd_store_open(w->db, PD_STORE_READONLY | PD_STORE_SERVE, &s, &err) < 0) {
		fprintf(stderr, "podium serve: %s\n", err.msg);
		return NULL;
	}
	k = pd_xcalloc(1, sizeof *k);
	k->store = s;
	k->ctx = pd_web_ctx_new(s, w->db_path);
	pd_web_ctx_set_admin(k->ctx, w->admin);
	pd_web_ctx_set_cache(k->ctx, w->cache, PD_WEB_CACHE_RECHECK_MS);
	pd_web_ctx_set_search_cache(k->ctx, w->search_cache);
	pthread_mutex_lock(&w->lock);
	w->workers = pd_xgrow(w->workers, sizeof *w->workers, w->nworkers + 1, &w->workers_cap);
	w->workers[w->nworkers++] = k;
	pthread_mutex_unlock(&w->lock);
	pthread_setspecific(w->key, k);
	return k;
}

static const char *header(struct MHD_Connection *con, const char *name)
{
	return MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
}

static void release_cached(void *entry)
{
	pd_web_cache_unref(entry);
}

/* The response's bytes as an MHD response: a cached body is shared (the
 * MHD response takes a reference of its own), any other is handed over. */
static struct MHD_Response *mhd_body(pd_web_response *rs)
{
	struct MHD_Response *r;
	size_t len;
	if (rs->cached) {
		const char *bytes = pd_web_response_bytes(rs, &len);
		pd_web_cache_ref(rs->cached);
		r = MHD_create_response_from_buffer_with_free_callback_cls(
			len, (void *)bytes, release_cached, rs->cached);
		if (!r)
			pd_web_cache_unref(rs->cached);
		return r;
	}
	len = rs->body.len;
	char *body = pd_buf_detach(&rs->body);
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(body);
	return r;
}

static enum MHD_Result send_response(struct MHD_Connection *con, pd_web_response *rs)
{
	struct MHD_Response *r = mhd_body(rs);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding, Accept-Language");
	if (rs->gzip)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (rs->etag[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, rs->etag);
	if (rs->last_modified) {
		char date[64];
		struct tm tm;
		gmtime_r(&rs->last_modified, &tm);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
		/* pages change only when the database does: revalidate each time */
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	}
	if (rs->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->search_ms >= 0) {
		char timing[48];
		snprintf(timing, sizeof timing, "search;dur=%.3f", rs->search_ms);
		MHD_add_response_header(r, "Server-Timing", timing);
	}
	if (rs->no_store)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (rs->status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"podium-admin\"");
	if (rs->retry_after) {
		char secs[16];
		snprintf(secs, sizeof secs, "%u", rs->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	for (const pd_web_header *h = pd_web_security_headers; h->name; h++)
		MHD_add_response_header(r, h->name, h->value);
	enum MHD_Result ok = MHD_queue_response(con, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A fixed plain-text answer (errors found before routing). */
static enum MHD_Result plain(struct MHD_Connection *con, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								 MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	enum MHD_Result ok = MHD_queue_response(con, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A GET or HEAD announcing a body (Content-Length other than 0, or any
 * Transfer-Encoding): the site reads no bodies, so this is a flood or a
 * smuggling attempt, refused with 413 instead of answered as if it were
 * an ordinary request. */
static bool announces_body(struct MHD_Connection *con)
{
	const char *cl = header(con, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return (cl && strcmp(cl, "0") != 0) || header(con, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* The client's address as text, for the admin rate limits. */
static void client_address(struct MHD_Connection *con, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	snprintf(out, n, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)n);
}

static enum MHD_Result answer(pd_web *w, struct MHD_Connection *con, conn *c,
			      pd_web_request *req, const char *path);

/* A POST to an admin route. First call (headers): check the token; a
 * failure, or a Content-Length over the limit, is answered at once, the
 * body unread (MHD then closes the connection). Then the body is
 * gathered, and answered on the last call. */
static enum MHD_Result admin_post(pd_web *w, struct MHD_Connection *con, conn *c,
				  pd_web_request *req, const char *upload_data,
				  size_t *upload_data_size)
{
	if (!c->seen) {
		char addr[64];
		client_address(con, addr, sizeof addr);
		c->seen = true;
		c->status = pd_web_admin_check(w->admin, req->authorization, addr, &c->retry_after);
		const char *cl = header(con, MHD_HTTP_HEADER_CONTENT_LENGTH);
		uintmax_t len = cl ? strtoumax(cl, NULL, 10) : 0;
		if (c->status == 200 && len <= PD_WEB_ADMIN_MAX_BODY)
			return MHD_YES;
		c->answered = true;
		if (c->status == 200)
			return plain(con, 413, "the request body is larger than 8 MB\n");
	} else if (*upload_data_size) {
		if (!c->too_big && pd_buf_add(&c->body, upload_data, *upload_data_size) < 0) {
			c->too_big = true;
			pd_buf_release(&c->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	} else if (c->answered) {
		return MHD_YES;
	} else {
		c->answered = true;
		if (c->too_big)
			return plain(con, 413, "the request body is larger than 8 MB\n");
	}
	req->body = c->body.data ? c->body.data : "";
	req->body_len = c->body.len;
	req->admin_status = c->status;
	req->admin_retry_after = c->retry_after;
	return answer(w, con, c, req, c->uri);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	pd_web *w = cls;
	conn *c = *con_cls;
	pd_web_request req = {
		.method = method,
		.host = header(con, MHD_HTTP_HEADER_HOST),
		.if_none_match = header(con, MHD_HTTP_HEADER_IF_NONE_MATCH),
		.if_modified_since = header(con, MHD_HTTP_HEADER_IF_MODIFIED_SINCE),
		.accept_encoding = header(con, MHD_HTTP_HEADER_ACCEPT_ENCODING),
		.accept_language = header(con, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
		.authorization = header(con, MHD_HTTP_HEADER_AUTHORIZATION),
	};
	if (w->admin && c && !c->too_long && strcmp(method, "POST") == 0 &&
	    strncmp(c->uri, "/api/v1/admin/", 14) == 0)
		return admin_post(w, con, c, &req, upload_data, upload_data_size);
	/* A request without a body is answered on the second call: a response
	 * queued on the first makes MHD close the connection (no keep-alive).
	 * Requests that carry or announce a body are answered at once, and
	 * closed: the site reads no bodies. */
	bool bodyless = (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
			!header(con, MHD_HTTP_HEADER_CONTENT_LENGTH) &&
			!header(con, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c && bodyless && !c->seen) {
		c->seen = true;
		return MHD_YES;
	}
	if (c && c->seen && !bodyless)
		return MHD_YES;   /* already answered */
	if (c && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
	    announces_body(con)) {
		c->seen = true;
		return plain(con, 413, "request bodies are not accepted\n");
	}
	if (!c)
		return plain(con, 503, "database unavailable\n");
	c->seen = true;
	char addr[64];
	if (w->admin) {   /* for the rate limits of admin GETs */
		client_address(con, addr, sizeof addr);
		req.client = addr;
	}
	return answer(w, con, c, &req, c->too_long ? "" : c->uri);
}

/* Routes req (path and query from uri) and sends the response. */
static enum MHD_Result answer(pd_web *w, struct MHD_Connection *con, conn *c,
			      pd_web_request *req, const char *uri)
{
	pd_web_response rs;
	const char *method = req->method;
	worker *k = thread_worker(w);
	if (!k)
		return plain(con, 503, "database unavailable\n");
	char *path = pd_xstrdup(uri);
	char *q = strchr(path, '?');
	if (q)
		*q++ = '\0';
	char *frag = strchr(q ? q : path, '#');   /* never sent by browsers */
	if (frag)
		*frag = '\0';
	req->path = path;
	req->query = q;
	if (c->too_long) {
		/* a path of PD_WEB_MAX_URL_BYTES + 1 bytes makes the router say 414 */
		free(path);
		path = pd_xmalloc(PD_WEB_MAX_URL_BYTES + 2);
		memset(path, 'x', PD_WEB_MAX_URL_BYTES + 1);
		path[0] = '/';
		path[PD_WEB_MAX_URL_BYTES + 1] = '\0';
		req->path = path;
		req->query = NULL;
	}
	pd_web_handle(k->ctx, req, &rs);
	if (!w->quiet) {
		size_t sent;
		pd_web_response_bytes(&rs, &sent);
		fprintf(stderr, "%s %.200s %d %zu\n", method, c->too_long ? "(too long)" : c->uri,
			rs.status, sent);
	}
	enum MHD_Result ok = send_response(con, &rs);
	pd_web_response_release(&rs);
	free(path);
	return ok;
}

/* The database file behind a store URI, for Last-Modified (NULL when it is
 * not a file). */
static char *db_file(const char *uri)
{
	if (!uri)
		uri = getenv("PODIUM_DB");
	if (!uri || !*uri)
		uri = "podium.db";
	if (strncmp(uri, "sqlite:", 7) == 0)
		uri += 7;
	if (strstr(uri, "://"))
		return NULL;
	return pd_xstrdup(uri);
}

/* Sleeps PD_WEB_WARM_SECONDS or until the server stops; false then. */
static bool keeper_wait(pd_web *w)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PD_WEB_WARM_SECONDS;
	pthread_mutex_lock(&w->keep_lock);
	while (!w->stopping &&
	       pthread_cond_timedwait(&w->keep_wake, &w->keep_lock, &until) != ETIMEDOUT)
		;
	bool go_on = !w->stopping;
	pthread_mutex_unlock(&w->keep_lock);
	return go_on;
}

/* The keeper: its handle's references keep the search arrays loaded for
 * the index as it is (sqlite_shared.c). It warms again only when the data
 * changed, and then hands the freed scratch of the loads back to the
 * kernel (glibc keeps freed memory in each thread's heap: ~4 MB of
 * RssAnon at 10x). A failure is reported once. */
static void *keep_warm(void *arg)
{
	pd_web *w = arg;
	pd_store *s = NULL;
	pd_err err;
	bool told = false, first = true;
	uint64_t seen = 0, now = 0;
	if (pd_store_open(w->db, PD_STORE_READONLY | PD_STORE_SERVE, &s, &err) < 0) {
		fprintf(stderr, "podium serve: %s\n", err.msg);
		return NULL;
	}
	do {
		bool known = pd_store_data_version(s, &now, NULL) == 0;
		if (!first && known && now == seen)
			continue;
		if (pd_store_warm(s, &err) < 0 && !told) {
			fprintf(stderr, "podium serve: loading the search arrays: %s\n", err.msg);
			told = true;
		}
#ifdef __GLIBC__
		malloc_trim(0);
#endif
		first = false;
		seen = now;
	} while (keeper_wait(w));
	pd_store_close(s);
	return NULL;
}

static void keeper_stop(pd_web *w)
{
	if (!w->keeper_started)
		return;
	pthread_mutex_lock(&w->keep_lock);
	w->stopping = true;
	pthread_cond_signal(&w->keep_wake);
	pthread_mutex_unlock(&w->keep_lock);
	pthread_join(w->keeper, NULL);
	w->keeper_started = false;
}

int pd_web_start(const pd_web_config *cfg, pd_web **out, pd_err *err)
{
	struct sockaddr_in addr;
	pd_store *probe = NULL;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";
	if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1)
		return pd_err_set(err, PD_EUSAGE, "cannot bind to '%s': not an IPv4 address", bind);
	if (cfg->port > 65535)
		return pd_err_set(err, PD_EUSAGE, "port %u is out of range", cfg->port);
	int rc = pd_store_open(cfg->db, PD_STORE_READONLY, &probe, err);
	if (rc < 0)
		return rc;
	pd_store_close(probe);

	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}
	if (threads > PD_WEB_MAX_THREADS)
		threads = PD_WEB_MAX_THREADS;
	pd_web *w = pd_xcalloc(1, sizeof *w);
	w->db = pd_xstrdup(cfg->db);
	w->db_path = db_file(cfg->db);
	w->quiet = cfg->quiet;
	if (cfg->admin_token_file &&
	    (rc = pd_web_admin_new(cfg->admin_token_file, cfg->db, &w->admin, err)) < 0) {
		free(w->db);
		free(w->db_path);
		free(w);
		return rc;
	}
	size_t budget = (size_t)cfg->cache_mb * 1024 * 1024;
	size_t for_searches = budget / PD_WEB_SEARCH_CACHE_SHARE;
	w->cache = pd_web_cache_new(budget - for_searches);
	w->search_cache = pd_web_cache_new(for_searches);
	pthread_key_create(&w->key, NULL);
	pthread_mutex_init(&w->lock, NULL);
	pthread_mutex_init(&w->keep_lock, NULL);
	pthread_cond_init(&w->keep_wake, NULL);
	w->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, w,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)PD_WEB_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PD_WEB_CONN_TIMEOUT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)PD_WEB_CONN_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, w,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
		MHD_OPTION_END);
	if (!w->daemon) {
		pd_web_stop(w);
		return pd_err_set(err, PD_EIO, "cannot listen on %s:%u (in use, or not allowed)",
				  bind, cfg->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = info ? info->port : cfg->port;
	/* without it searches still work: the first ones load the arrays */
	w->keeper_started = pthread_create(&w->keeper, NULL, keep_warm, w) == 0;
	*out = w;
	return 0;
}

unsigned pd_web_port(const pd_web *w)
{
	return w->port;
}

void pd_web_stop(pd_web *w)
{
	if (!w)
		return;
	if (w->daemon)
		MHD_stop_daemon(w->daemon);
	keeper_stop(w);
	for (size_t i = 0; i < w->nworkers; i++) {
		pd_web_ctx_free(w->workers[i]->ctx);
		pd_store_close(w->workers[i]->store);
		free(w->workers[i]);
	}
	free(w->workers);
	pd_web_admin_free(w->admin);
	pd_web_cache_free(w->cache);   /* after the daemon: no response holds an entry */
	pd_web_cache_free(w->search_cache);
	pthread_key_delete(w->key);
	pthread_mutex_destroy(&w->lock);
	pthread_mutex_destroy(&w->keep_lock);
	pthread_cond_destroy(&w->keep_wake);
	free(w->db);
	free(w->db_path);
	free(w);
}
