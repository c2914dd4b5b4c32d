/* pg_int.h: shared by the PostgreSQL backend's own files (store/pg/).
 *
 * One pg_store per connection (store.h: a handle is used by one thread at
 * a time; a server opens one per worker thread, which makes its pool).
 *
 * Every query goes through pg_query, which
 *   - reconnects first when the connection was lost and no transaction is
 *     open on it (PQreset; a server that is down gives PD_EUNAVAIL at once);
 *   - runs again once when the connection broke under it outside a
 *     transaction (a restarted server answers the retry);
 *   - maps a lost connection, a server shutting down, a serialization
 *     failure or a deadlock to PD_EUNAVAIL ("try again": the web layer
 *     answers 503) and every other error to PD_ESTORE.
 * Parameters are text; invalid UTF-8 in them is repaired to U+FFFD, since
 * PostgreSQL refuses it (SQLite keeps the bytes; snippets repair them).
 */
#ifndef PD_STORE_PG_INT_H
#define PD_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "base/buf.h"
#include "store/store_internal.h"

/* PostgreSQL's own ceilings on a tsvector (tsvector.h): a position is at
 * most 16383 (larger ones are stored as 16383), a lexeme at most 2047
 * bytes, and lexemes with their positions at most 1 MB together
 * (MAXSTRPOS). The index builder stays under them instead of letting a
 * long turn fail its put. */
#define PG_TSV_MAX_POS 16383
#define PG_TSV_MAX_LEXEME 2046
#define PG_TSV_MAX_BYTES (1000u * 1000)

/* Parameters of one query. */
#define PG_MAX_PARAMS 24

/* Seconds to wait for a connection (unless the URI says connect_timeout):
 * long enough for a loaded server, short enough that a web worker answers
 * 503 quickly while the database is down. */
#define PG_CONNECT_TIMEOUT "5"

typedef struct pg_store {
	pd_store base;
	PGconn *conn;
	char *shown;   /* the URI without its password, for messages */
	bool in_tx;    /* inside pd_store_begin ... commit/rollback */
	int depth;     /* transactions and savepoints open on the server */
	bool wrote;    /* turns written since the last commit */
} pg_store;

/* Query parameters, built up and then passed to pg_query. */
typedef struct pg_params {
	const char *v[PG_MAX_PARAMS];
	int n;
	pd_buf own[PG_MAX_PARAMS]; /* repaired or formatted copies */
} pg_params;

void pg_params_init(pg_params *p);
void pg_params_release(pg_params *p);
/* Adds a text parameter (NULL as SQL NULL), repaired when not UTF-8.
 * Returns its number ($n). */
int pg_param(pg_params *p, const char *v);
int pg_param_int(pg_params *p, long long v);

/* Runs sql. Returns the result (rows or command status) for the caller to
 * PQclear, or NULL with err set. */
PGresult *pg_query(pg_store *s, const char *sql, const pg_params *p, pd_err *err,
		   const char *what);
/* Runs sql without results or parameters. */
int pg_exec(pg_store *s, const char *sql, pd_err *err);
/* A malloc'ed copy of a field, NULL for SQL NULL. */
char *pg_col(const PGresult *r, int row, int col);
long long pg_col_int(const PGresult *r, int row, int col);

/* A write of several statements is all or nothing: its own transaction, or
 * a savepoint inside the caller's (PostgreSQL aborts a transaction at its
 * first error, so even one statement needs it there). */
int pg_atomic_begin(pg_store *s, pd_err *err);
int pg_atomic_end(pg_store *s, int rc, pd_err *err);
/* A read of several statements sees one snapshot: a read-only REPEATABLE
 * READ transaction, or the caller's. *opened tells pg_snapshot_end. */
int pg_snapshot_begin(pg_store *s, bool *opened, pd_err *err);
void pg_snapshot_end(pg_store *s, bool opened);

/* pg_conn.c: the connection entries of the ops table (pg_store.c). */
extern const struct pd_store_ops pg_ops;
void pg_close(pd_store *s);
int pg_begin(pd_store *s, pd_err *err);
int pg_commit(pd_store *s, pd_err *err);
int pg_rollback(pd_store *s, pd_err *err);

/* pg_schema.c */
extern const int pg_schema_latest;
int pg_schema_version(pg_store *s, int *version, pd_err *err);
int pg_migrate(pg_store *s, pd_err *err);
/* Records this build's tokenizer fingerprint in meta; when another one
 * wrote the index, writes every turn's tsvector again first. */
int pg_check_tokenizer(pg_store *s, pd_err *err);

/* pg_text.c: Podium's tokenizer on PostgreSQL's side. */
/* Appends the tsvector literal of text: its document tokens with 1-based
 * positions (a colocated token shares the position before it), weight A
 * for a title (ranked above turn text). */
void pg_tsvector(pd_buf *out, const char *text, size_t n, bool title);
/* Appends the tsquery of a parsed query: a term or phrase is its query
 * tokens joined by <-> (followed-by), a last lone CJK character a prefix
 * (:*), AND &, OR |, exclusion & !, as search/query.h renders for FTS5. */
struct pd_query;
void pg_tsquery(pd_buf *out, const struct pd_query *q);

/* pg_search.c */
int pg_search(pd_store *s, const pd_search_req *req, pd_search_result *out, pd_err *err);
int pg_list(pd_store *s, const pd_list_req *req, pd_summary **out, size_t *n,
	    size_t *total, pd_err *err);
int pg_facet(pd_store *s, const char *what, size_t limit, pd_facet **out, size_t *n,
	     pd_err *err);
int pg_stats(pd_store *s, pd_stats *out, pd_err *err);

#endif
