/* admin.c: who may correct records over HTTP — the token of
 * `podium serve --admin-token-file F`, compared in constant time, failed
 * attempts limited per client and overall, and the gate the router puts
 * in front of every admin route (web.h, web_int.h). The handlers
 * themselves are in api_admin.c.
 *
 * Threat model (docs/reliability.md, "Corrections"): anyone can reach the
 * port; only a holder of the token may change a record. So the token
 * file must be private, a wrong token teaches nothing (no early exit, no
 * length by timing), guessing is slowed to a few tries a minute, and an
 * unauthenticated client cannot make the server read a body.
 */
#include "web/web_int.h"
#include "base/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Rotating addresses cannot push a client's failures out of the table
 * within a window: the overall cap stops counting first. */
_Static_assert(PD_WEB_ADMIN_FAILS_GLOBAL < PD_WEB_ADMIN_CLIENTS,
	       "the address table must outlast the overall cap");

/* Failures of one client address in the current window. */
typedef struct rate {
	char client[64];      /* "" = free slot */
	time_t start;         /* window start (monotonic seconds) */
	unsigned fails;
} rate;

struct pd_web_admin {
	unsigned char token[PD_WEB_TOKEN_MAX]; /* zero-padded */
	size_t token_len;
	pthread_mutex_t rate_lock;   /* guards the fields below */
	rate clients[PD_WEB_ADMIN_CLIENTS];
	time_t global_start;
	unsigned global_fails;
	pthread_mutex_t store_lock;  /* one writer at a time on `store` */
	pd_store *store;
};

/* ---- the token file ------------------------------------------------------ */

/* The token: the file's bytes without one trailing "\n" or "\r\n". */
static int read_token(pd_web_admin *a, const char *path, pd_err *err)
{
	unsigned char buf[PD_WEB_TOKEN_MAX + 3];
	struct stat st;
	ssize_t n;
	int rc = 0;
	/* O_NONBLOCK: a FIFO must not hang the start; it is refused below */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return pd_err_set(err, PD_EUSAGE, "admin token file '%s': %s", path,
				  strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = pd_err_set(err, PD_EUSAGE, "admin token file '%s' is not a regular file",
				path);
	} else if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		rc = pd_err_set(err, PD_EUSAGE,
				"admin token file '%s' is open to group or others (mode %04o); "
				"run chmod 600 on it", path, (unsigned)(st.st_mode & 07777));
	} else if ((n = read(fd, buf, sizeof buf)) < 0) {
		rc = pd_err_set(err, PD_EUSAGE, "admin token file '%s': %s", path,
				strerror(errno));
	} else {
		size_t len = (size_t)n;
		if (len && buf[len - 1] == '\n')
			len--;
		if (len && buf[len - 1] == '\r')
			len--;
		for (size_t i = 0; i < len && !rc; i++)
			if (buf[i] < 0x21 || buf[i] > 0x7e)
				rc = pd_err_set(err, PD_EUSAGE, "admin token file '%s': the token "
						"holds a space, control or non-ASCII byte at %zu",
						path, i);
		if (!rc && (len < PD_WEB_TOKEN_MIN || len > PD_WEB_TOKEN_MAX))
			rc = pd_err_set(err, PD_EUSAGE, "admin token file '%s': the token must "
					"be %d to %d characters (openssl rand -hex 32)", path,
					PD_WEB_TOKEN_MIN, PD_WEB_TOKEN_MAX);
		if (!rc) {
			memcpy(a->token, buf, len);
			a->token_len = len;
		}
	}
	memset(buf, 0, sizeof buf);
	close(fd);
	return rc;
}

int pd_web_admin_new(const char *token_file, const char *db, pd_web_admin **out, pd_err *err)
{
	*out = NULL;
	pd_web_admin *a = pd_xcalloc(1, sizeof *a);
	int rc = token_file ? read_token(a, token_file, err)
			    : pd_err_set(err, PD_EUSAGE, "no admin token file");
	if (!rc)
		rc = pd_store_open(db, 0, &a->store, err);
	if (rc) {
		memset(a->token, 0, sizeof a->token);
		free(a);
		return rc;
	}
	pthread_mutex_init(&a->rate_lock, NULL);
	pthread_mutex_init(&a->store_lock, NULL);
	*out = a;
	return 0;
}

void pd_web_admin_free(pd_web_admin *a)
{
	if (!a)
		return;
	pd_store_close(a->store);
	pthread_mutex_destroy(&a->rate_lock);
	pthread_mutex_destroy(&a->store_lock);
	memset(a->token, 0, sizeof a->token);
	free(a);
}

void pd_web_ctx_set_admin(pd_web_ctx *c, pd_web_admin *a)
{
	c->admin = a;
}

/* ---- checking a token ------------------------------------------------------ */

/* True when given (n bytes) is the token. Every call reads all
 * PD_WEB_TOKEN_MAX bytes of the stored token and branches on nothing but
 * the length of what was given, which the client knows anyway: the time
 * tells neither how much of a guess was right nor how long the token is. */
static bool token_equal(const pd_web_admin *a, const char *given, size_t n)
{
	volatile unsigned char diff = (unsigned char)((n != a->token_len) | (n > PD_WEB_TOKEN_MAX));
	for (size_t i = 0; i < PD_WEB_TOKEN_MAX; i++) {
		unsigned char g = i < n ? (unsigned char)given[i] : 0;
		diff |= (unsigned char)(g ^ a->token[i]);
	}
	return diff == 0;
}

/* The token of "Bearer TOKEN" (scheme case-insensitive), or NULL. */
static const char *bearer(const char *authorization, size_t *n)
{
	if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
		return NULL;
	const char *t = authorization + 7;
	t += strspn(t, " ");
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t'))
		len--;
	*n = len;
	return t;
}

static time_t now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The client's slot, or NULL; with add, a new one: a free slot, else the
 * one whose window started longest ago. */
static rate *client_slot(pd_web_admin *a, const char *client, time_t now, bool add)
{
	rate *victim = NULL;
	for (size_t i = 0; i < PD_WEB_ADMIN_CLIENTS; i++) {
		rate *r = &a->clients[i];
		if (r->client[0] && strcmp(r->client, client) == 0)
			return r;
		if (!victim || (victim->client[0] && (!r->client[0] || r->start < victim->start)))
			victim = r;
	}
	if (!add)
		return NULL;
	snprintf(victim->client, sizeof victim->client, "%s", client);
	victim->start = now;
	victim->fails = 0;
	return victim;
}

static unsigned left(time_t start, time_t now)
{
	time_t end = start + PD_WEB_ADMIN_WINDOW;
	return end > now ? (unsigned)(end - now) : 1;
}

int pd_web_admin_check(pd_web_admin *a, const char *authorization, const char *client,
		       unsigned *retry_after)
{
	int status;
	size_t n = 0;
	const char *token = bearer(authorization, &n);
	time_t now = now_seconds();
	*retry_after = 0;
	if (!client || !*client)
		client = "local";
	pthread_mutex_lock(&a->rate_lock);
	if (now - a->global_start >= PD_WEB_ADMIN_WINDOW) {
		a->global_start = now;
		a->global_fails = 0;
	}
	rate *r = client_slot(a, client, now, false);
	if (r && now - r->start >= PD_WEB_ADMIN_WINDOW) {
		r->start = now;
		r->fails = 0;
	}
	if (a->global_fails >= PD_WEB_ADMIN_FAILS_GLOBAL) {
		status = 429;
		*retry_after = left(a->global_start, now);
	} else if (r && r->fails >= PD_WEB_ADMIN_FAILS_PER_CLIENT) {
		status = 429;
		*retry_after = left(r->start, now);
	} else if (token && token_equal(a, token, n)) {
		status = 200;
	} else {
		status = 401;
		a->global_fails++;
		if (!r)
			r = client_slot(a, client, now, true);
		r->fails++;
	}
	pthread_mutex_unlock(&a->rate_lock);
	return status;
}

/* ---- the gate ------------------------------------------------------------ */

void pd_web_admin_run(pd_web_rq *rq, pd_web_handler run, pd_web_response *rs)
{
	const pd_web_request *req = rq->req;
	pd_web_admin *a = rq->ctx->admin;
	unsigned retry = req->admin_retry_after;
	int status = req->admin_status;
	rs->no_store = true;
	if (!status)
		status = pd_web_admin_check(a, req->authorization, req->client, &retry);
	if (status == 429) {
		rs->retry_after = retry ? retry : 1;
		pd_web_error(rq, rs, 429, "too many failed attempts: wait and try again");
		return;
	}
	if (status != 200) {
		pd_web_error(rq, rs, 401, "this needs the admin token: "
			     "Authorization: Bearer TOKEN");
		return;
	}
	if (req->body_len > PD_WEB_ADMIN_MAX_BODY) {
		pd_web_error(rq, rs, 413, "the request body is larger than 8 MB");
		return;
	}
	pthread_mutex_lock(&a->store_lock);
	run(rq, rs);
	pthread_mutex_unlock(&a->store_lock);
}

pd_store *pd_web_admin_store(pd_web_rq *rq)
{
	return rq->ctx->admin->store;
}
