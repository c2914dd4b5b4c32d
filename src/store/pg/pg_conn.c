/* pg_conn.c: the PostgreSQL backend's connection — opening from a
 * postgres:// URI (libpq's own syntax, https://www.postgresql.org/docs/15/
 * libpq-connect.html#LIBPQ-CONNSTRING), session settings, reconnecting,
 * running queries with text parameters, error mapping and transactions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "store/pg/pg_int.h"

/* ---- parameters --------------------------------------------------------- */

void pg_params_init(pg_params *p)
{
	p->n = 0;
	for (int i = 0; i < PG_MAX_PARAMS; i++)
		pd_buf_init(&p->own[i], 0);
}

void pg_params_release(pg_params *p)
{
	for (int i = 0; i < PG_MAX_PARAMS; i++)
		pd_buf_release(&p->own[i]);
	p->n = 0;
}

int pg_param(pg_params *p, const char *v)
{
	if (p->n == PG_MAX_PARAMS)
		abort(); /* a bug in a query builder, not an input error */
	int i = p->n++;
	p->v[i] = v;
	if (v && !pd_utf8_valid(v, strlen(v))) {
		pd_buf_reset(&p->own[i]);
		pd_utf8_repair(&p->own[i], v, strlen(v));
		p->v[i] = pd_buf_cstr(&p->own[i]);
	}
	return i + 1;
}

int pg_param_int(pg_params *p, long long v)
{
	int k = pg_param(p, NULL);
	pd_buf_reset(&p->own[k - 1]);
	pd_buf_printf(&p->own[k - 1], "%lld", v);
	p->v[k - 1] = pd_buf_cstr(&p->own[k - 1]);
	return k;
}

/* ---- errors ------------------------------------------------------------- */

/* The first line of a libpq message, without its newline. */
static int first_line(const char *msg)
{
	const char *nl = strchr(msg, '\n');
	return nl ? (int)(nl - msg) : (int)strlen(msg);
}

/* SQLSTATEs that mean "the database is there but cannot answer now":
 * connection exceptions (08), shutdown or startup (57P0x), too many
 * connections, serialization failure, deadlock, recovery conflicts. */
static bool transient(const char *state)
{
	if (!state)
		return false;
	static const char *const codes[] = { "57P01", "57P02", "57P03", "53300", "40001",
					     "40P01" };
	if (strncmp(state, "08", 2) == 0)
		return true;
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		if (strcmp(state, codes[i]) == 0)
			return true;
	return false;
}

static int fail(pg_store *s, const PGresult *r, pd_err *err, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r)
						       : PQerrorMessage(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK || transient(state))
		return pd_err_set(err, PD_EUNAVAIL, "%s: %s: database unavailable, try again "
				  "(%.*s)", s->shown, what, first_line(msg), msg);
	return pd_err_set(err, PD_ESTORE, "%s: %s: %.*s", s->shown, what, first_line(msg), msg);
}

/* ---- connection --------------------------------------------------------- */

/* libpq prints notices (e.g. "table exists, skipping") to stderr. */
static void quiet_notices(void *arg, const char *message)
{
}

/* Settings of a new (or reset) session. */
static int session_setup(pg_store *s, pd_err *err)
{
	const char *enc = PQparameterStatus(s->conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0)
		return pd_err_set(err, PD_ESTORE, "%s: the database encoding is %s; Podium needs "
				  "UTF8 (CREATE DATABASE ... ENCODING 'UTF8')", s->shown,
				  enc ? enc : "unknown");
	PQsetNoticeProcessor(s->conn, quiet_notices, NULL);
	/* read-only handles cannot write even by mistake; bulk loads trade
	 * the last commits on a server crash (never consistency) for speed,
	 * as synchronous=NORMAL does for SQLite */
	const char *sql = (s->base.flags & PD_STORE_READONLY)
		? "SET default_transaction_read_only = on"
		: (s->base.flags & PD_STORE_BULK) ? "SET synchronous_commit = off" : NULL;
	if (!sql)
		return 0;
	PGresult *r = PQexec(s->conn, sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : fail(s, r, err, "session settings");
	PQclear(r);
	return rc;
}

/* Makes sure the connection is up: resets a lost one, unless a
 * transaction was open on it (its work is gone; the caller must know). */
static int ready(pg_store *s, pd_err *err)
{
	if (PQstatus(s->conn) == CONNECTION_OK)
		return 0;
	if (s->depth > 0)
		return pd_err_set(err, PD_EUNAVAIL, "%s: the connection was lost inside a "
				  "transaction; roll back and try again", s->shown);
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK)
		return fail(s, NULL, err, "reconnecting");
	return session_setup(s, err);
}

PGresult *pg_query(pg_store *s, const char *sql, const pg_params *p, pd_err *err,
		   const char *what)
{
	for (int attempt = 0;; attempt++) {
		if (ready(s, err) != 0)
			return NULL;
		/* no parameters: the simple protocol, which runs several
		 * statements (migrations) */
		PGresult *r = p ? PQexecParams(s->conn, sql, p->n, NULL, p->v, NULL, NULL, 0)
				: PQexec(s->conn, sql);
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
			return r;
		/* broken under us outside a transaction: nothing was lost, and
		 * a restarted server answers the second attempt */
		if (attempt == 0 && s->depth == 0 && PQstatus(s->conn) != CONNECTION_OK) {
			PQclear(r);
			continue;
		}
		fail(s, r, err, what);
		PQclear(r);
		return NULL;
	}
}

int pg_exec(pg_store *s, const char *sql, pd_err *err)
{
	PGresult *r = pg_query(s, sql, NULL, err, sql);
	PQclear(r);
	return r ? 0 : err ? err->code : PD_ESTORE;
}

char *pg_col(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NULL;
	return pd_xstrndup(PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

long long pg_col_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* The URI with any password left out: "postgres://u:secret@h/db" shows as
 * "postgres://u@h/db"; a password=... parameter drops the query part. */
static char *shown_uri(const char *uri)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	const char *rest = strstr(uri, "://");
	const char *at = rest ? strchr(rest + 3, '@') : NULL;
	const char *slash = rest ? strchr(rest + 3, '/') : NULL;
	const char *colon = rest ? strchr(rest + 3, ':') : NULL;
	if (at && (!slash || at < slash) && colon && colon < at) {
		pd_buf_add(&b, uri, (size_t)(colon - uri));
		pd_buf_puts(&b, at);
	} else {
		pd_buf_puts(&b, uri);
	}
	char *s = pd_buf_detach(&b);
	char *q = strstr(s, "password=");
	if (q && (q = strchr(s, '?')) != NULL)
		*q = '\0';
	return s;
}

/* ---- transactions ------------------------------------------------------- */

int pg_atomic_begin(pg_store *s, pd_err *err)
{
	int rc = pg_exec(s, s->depth ? "SAVEPOINT pd_write" : "BEGIN", err);
	if (rc == 0)
		s->depth++;
	return rc;
}

int pg_atomic_end(pg_store *s, int rc, pd_err *err)
{
	bool nested = s->depth > 1;
	if (rc == 0) {
		rc = pg_exec(s, nested ? "RELEASE pd_write" : "COMMIT", err);
		if (rc == 0 || PQstatus(s->conn) != CONNECTION_OK || !nested)
			s->depth--;
		return rc;
	}
	pg_exec(s, nested ? "ROLLBACK TO pd_write; RELEASE pd_write" : "ROLLBACK", NULL);
	s->depth--;
	return rc;
}

int pg_snapshot_begin(pg_store *s, bool *opened, pd_err *err)
{
	*opened = false;
	if (s->depth) /* the caller's transaction is the snapshot */
		return 0;
	int rc = pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	if (rc == 0) {
		s->depth++;
		*opened = true;
	}
	return rc;
}

void pg_snapshot_end(pg_store *s, bool opened)
{
	if (!opened)
		return;
	pg_exec(s, "COMMIT", NULL);
	s->depth--;
}

int pg_begin(pd_store *ps, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "a transaction is already open");
	int rc = pg_exec(s, "BEGIN", err);
	if (rc == 0) {
		s->in_tx = true;
		s->depth = 1;
	}
	return rc;
}

/* New index entries wait in GIN's pending list until a vacuum merges
 * them, and every search scans that list: after an ingest batch a rare
 * word took 3.3 ms instead of 1.0. The writer merges them after its
 * commit (the same work, done at once). Best effort: it needs to own the
 * index, and autovacuum does it anyway. */
static void merge_pending(pg_store *s)
{
	s->wrote = false;
	PQclear(PQexec(s->conn, "SELECT gin_clean_pending_list('turns_tsv'::regclass)"));
}

static int pg_end(pd_store *ps, bool commit, pd_err *err)
{
	pg_store *s = (pg_store *)ps;
	if (!s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "no transaction is open");
	s->in_tx = false;
	int rc = 0;
	if (commit) {
		PGresult *r = pg_query(s, "COMMIT", NULL, err, "committing");
		/* COMMIT of a transaction that failed answers ROLLBACK */
		if (r && strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rc = pd_err_set(err, PD_ESTORE, "%s: the transaction failed and was "
					"rolled back", s->shown);
		else if (!r)
			rc = err ? err->code : PD_ESTORE;
		PQclear(r);
		if (rc == 0 && s->wrote)
			merge_pending(s);
	} else if (PQstatus(s->conn) == CONNECTION_OK) {
		s->wrote = false;
		rc = pg_exec(s, "ROLLBACK", err);
		if (rc && PQstatus(s->conn) != CONNECTION_OK)
			rc = 0; /* lost just now: it took the transaction with it */
	}
	s->depth = 0;
	return rc;
}

int pg_commit(pd_store *ps, pd_err *err)
{
	return pg_end(ps, true, err);
}

int pg_rollback(pd_store *ps, pd_err *err)
{
	return pg_end(ps, false, err);
}

/* ---- open / close ------------------------------------------------------- */

void pg_close(pd_store *ps)
{
	pg_store *s = (pg_store *)ps;
	if (s->conn) {
		if (s->depth && PQstatus(s->conn) == CONNECTION_OK)
			PQclear(PQexec(s->conn, "ROLLBACK"));
		PQfinish(s->conn);
	}
	free(s->shown);
	free(s);
}

static int configure(pg_store *s, int flags, pd_err *err)
{
	int rc = session_setup(s, err);
	if (rc)
		return rc;
	if (!(flags & PD_STORE_READONLY))
		return (rc = pg_migrate(s, err)) != 0 ? rc : pg_check_tokenizer(s, err);
	int version;
	if ((rc = pg_schema_version(s, &version, err)) != 0)
		return rc;
	if (version != pg_schema_latest)
		return pd_err_set(err, PD_ESTORE, "%s: %s (schema version %d, this podium reads %d)",
				  s->shown, version ? "schema version differs"
				  : "not a Podium database", version, pg_schema_latest);
	return 0;
}

int pd_pg_open(const char *uri, int flags, pd_store **out, pd_err *err)
{
	pg_store *s = pd_xcalloc(1, sizeof *s);
	s->base.ops = &pg_ops;
	s->base.flags = flags;
	s->shown = shown_uri(uri);
	/* defaults first: what the URI says overrides them */
	const char *keys[] = { "connect_timeout", "application_name", "client_encoding",
			       "dbname", NULL };
	const char *vals[] = { PG_CONNECT_TIMEOUT, "podium", "UTF8", uri, NULL };
	int rc;
	s->conn = PQconnectdbParams(keys, vals, 1);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		const char *msg = s->conn ? PQerrorMessage(s->conn) : "out of memory";
		rc = pd_err_set(err, PD_EUNAVAIL, "%s: cannot connect: %.*s", s->shown,
				first_line(msg), msg);
		goto fail;
	}
	if ((rc = configure(s, flags, err)) != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return rc;
}
