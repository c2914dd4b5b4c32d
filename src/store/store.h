/* store.h: where records live — the storage interface.
 *
 * One interface, several backends chosen at open time by the URI: a file
 * path (or sqlite:PATH) opens the SQLite backend (store/sqlite/), a
 * postgres:// or postgresql:// URI (libpq's syntax) the PostgreSQL one
 * (store/pg/). Both give the same results. Nothing outside store/ writes
 * SQL.
 *
 * PD_EUNAVAIL means "try again": the database is locked or busy, or (for
 * PostgreSQL) unreachable; a PostgreSQL handle reconnects by itself on its
 * next call once the server is back.
 *
 * Ownership: records, hits and lists returned through out-parameters belong
 * to the caller, who frees them with the matching _free function. Strings
 * passed in are only read during the call.
 *
 * Errors: every action returns 0 or a negative PD_E* code with err filled
 * (err may be NULL). PD_ENOTFOUND for a missing record.
 *
 * Threads: a pd_store handle is used by one thread at a time; a server opens
 * one handle per worker thread.
 */
#ifndef PD_STORE_H
#define PD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "record/record.h"

typedef struct pd_store pd_store;

enum {
	PD_STORE_READONLY = 1 << 0, /* open existing; never write */
	PD_STORE_BULK = 1 << 1,     /* big ingest: larger cache, fewer syncs */
	/* a long-lived reader (a server's handle): what searches keep in
	 * memory is loaded by the first search that can use it, not once
	 * the handle's searches have cost as much as the load (the rule for
	 * one-off commands) */
	PD_STORE_SERVE = 1 << 2,
};

/* Opens (creating and migrating the schema when writable) the store at uri.
 * NULL uri means $PODIUM_DB, else "./podium.db". */
int pd_store_open(const char *uri, int flags, pd_store **out, pd_err *err);
void pd_store_close(pd_store *s);
/* Which backend: "sqlite" or "postgres". */
const char *pd_store_backend(const pd_store *s);

/* Transactions group many puts (ingest commits every N records). A put
 * outside a transaction runs in its own. */
int pd_store_begin(pd_store *s, pd_err *err);
int pd_store_commit(pd_store *s, pd_err *err);
int pd_store_rollback(pd_store *s, pd_err *err);

typedef enum pd_put_result {
	PD_PUT_ADDED,
	PD_PUT_UPDATED,     /* content changed: the old version kept as a revision */
	PD_PUT_UNCHANGED,
} pd_put_result;

/* Stores r under r->id (required). Idempotent: the same content again is
 * PD_PUT_UNCHANGED and writes nothing. `why` is recorded with a revision
 * (NULL: "re-ingest"). */
int pd_store_put(pd_store *s, const pd_record *r, const char *who, const char *why,
		 pd_put_result *result, pd_err *err);
/* What a put derives from the record alone, made before the put and, if
 * the caller likes, on another thread (ingest's reader: the writer's thread
 * is an ingest's critical path): the content hash, and the record's stored
 * form where the backend has one (SQLite: records.json deflated). Making it
 * reads only the handle's backend, never its connection, so it is safe
 * beside the thread using the handle. The record must not change between
 * the prepare and the put (a changed record needs a new prep). */
typedef struct pd_put_prep {
	bool ready;            /* filled by pd_store_put_prepare */
	char hash[17];         /* pd_record_content_hash, hex */
	bool has_stored;       /* stored holds the backend's form */
	pd_buf stored;
	pd_buf tokens;         /* the backend's text cut for its index, or empty */
	const pd_store *store; /* that made it */
} pd_put_prep;
/* Fills out (released with pd_put_prep_release, before s is closed: the
 * release gives back what s's backend counted for it) from r for s's
 * backend. */
void pd_store_put_prepare(const pd_store *s, const pd_record *r, pd_put_prep *out);
void pd_put_prep_release(pd_put_prep *p);
/* pd_store_put with what pd_store_put_prepare made from r (prep NULL or
 * not ready: pd_store_put). Same result, same rows. */
int pd_store_put_prepared(pd_store *s, const pd_record *r, const pd_put_prep *prep,
			  const char *who, const char *why, pd_put_result *result, pd_err *err);
/* Loads a whole record. PD_ENOTFOUND when there is none. */
int pd_store_get(pd_store *s, const char *id, pd_record **out, pd_err *err);
/* Deletes a record and its revisions. */
int pd_store_delete(pd_store *s, const char *id, pd_err *err);

/* Earlier versions of a record. A revision is a version that was
 * replaced: its text, when it was stored, and who replaced it, when and
 * why. PD_ENOTFOUND when there is no record `id` (a record never changed
 * has none: 0 revisions, return 0). */
typedef struct pd_revision {
	int number;            /* 1 = first version stored */
	char *created;         /* when this version was stored (ISO 8601 UTC) */
	char *replaced;        /* when it was replaced: the next revision's
				  created time, or the record's own update
				  time for the newest (ISO 8601 UTC) */
	char *who;             /* who replaced it (NULL: not recorded) */
	char *why;             /* why ("re-ingest" for a changed re-ingest) */
	char *json;            /* the record as it was (record-format JSON);
				  NULL from pd_store_revision_list */
} pd_revision;
/* Every revision with its JSON, newest first. */
int pd_store_revisions(pd_store *s, const char *id, pd_revision **out, size_t *n, pd_err *err);
/* The newest `limit` revisions (0: all) without their JSON, newest first:
 * what a page needs to say "corrected on ..." without reading old texts. */
int pd_store_revision_list(pd_store *s, const char *id, size_t limit, pd_revision **out,
			   size_t *n, pd_err *err);
/* Revision `number` of record id, with its JSON, into *out (released with
 * pd_revision_release). PD_ENOTFOUND when the record or the revision does
 * not exist. */
int pd_store_revision_get(pd_store *s, const char *id, int number, pd_revision *out,
			  pd_err *err);
void pd_revision_release(pd_revision *rev);
void pd_revisions_free(pd_revision *revs, size_t n);

/* --- corrections ---------------------------------------------------- */

typedef struct pd_correction {
	pd_put_result result;  /* PD_PUT_UPDATED, or PD_PUT_UNCHANGED (same content) */
	int revision;          /* the revision now holding the previous text; 0
				  when unchanged */
} pd_correction;

/* Replaces the published record `id` by r, keeping the previous version as
 * a revision with who and why — the one way corrections are made (podium
 * correct, the admin interface of podium serve). In one transaction:
 * PD_ENOTFOUND when there is no record id (corrections do not publish);
 * PD_EUSAGE when r->id is not id, or who or why is empty, longer than
 * PD_MAX_NOTE_BYTES or not UTF-8. The same content again is
 * PD_PUT_UNCHANGED and writes nothing. */
int pd_store_correct(pd_store *s, const char *id, const pd_record *r, const char *who,
		     const char *why, pd_correction *out, pd_err *err);

/* Links two records as translations of each other (both directions), or
 * removes the link. */
int pd_store_link(pd_store *s, const char *id_a, const char *id_b, pd_err *err);
int pd_store_unlink(pd_store *s, const char *id_a, const char *id_b, pd_err *err);

/* --- search and listing ------------------------------------------- */

/* Filters shared by search and listing. NULL / empty fields do not filter.
 * Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD; inclusive). */
typedef struct pd_filter {
	const char *speaker;   /* participant label or name, case-insensitive */
	const char *from;
	const char *to;
	const char *type;      /* release_type, case-insensitive */
	const char *topic;
	const char *lang;      /* "en", "zh" (matches zh-Hant and zh-Hans), ... */
	const char *turn_kind; /* "question", "answer", ... (search only) */
} pd_filter;

typedef struct pd_search_req {
	const char *query;     /* user syntax: terms, "phrases", OR, -exclusion */
	pd_filter filter;
	size_t limit;          /* hits wanted (<= PD_MAX_SEARCH_LIMIT); 0 = 20 */
	size_t offset;
	bool want_facets;      /* count hits per speaker / type / year / topic */
	bool exact_total;      /* count every match even where the total would
				  be estimated (a common phrase at 10x: tens
				  of ms more; filters and facets over many
				  matches counted in full) */
} pd_search_req;

typedef struct pd_hit {
	char *record_id;
	char *title;
	char *date;
	char *release_type;
	char *language;
	int turn;              /* turn n; 0 when the hit is in the title */
	char *speaker;         /* the turn's speaker label (may be NULL) */
	char *speaker_name;    /* the participant's name, when known */
	char *turn_kind;
	char *snippet;         /* plain text around the match, "…" where cut;
				  matches wrapped in \x02 ... \x03 */
	double score;          /* higher is better */
} pd_hit;

typedef struct pd_facet {
	char *value;
	size_t count;
} pd_facet;

typedef struct pd_search_result {
	pd_hit *hits;
	size_t nhits;
	size_t total;          /* matching turns overall (for paging) */
	bool estimated;        /* total estimated from a sample (a filter over a
				  very large match set, a common phrase or
				  AND at 10x); the hits are exact either way */
	bool facets_estimated; /* facet counts estimated from a sample (more
				  matches than are read one by one) */
	/* facets (filled when want_facets): */
	pd_facet *speakers; size_t nspeakers;
	pd_facet *types; size_t ntypes;
	pd_facet *years; size_t nyears;
	pd_facet *topics; size_t ntopics;
	pd_facet *langs; size_t nlangs;
} pd_search_result;

/* Runs a search. A query the parser rejects gives PD_EUSAGE with a message
 * that says what is wrong with it. */
int pd_store_search(pd_store *s, const pd_search_req *req, pd_search_result *out, pd_err *err);
void pd_search_result_release(pd_search_result *r);

/* Prepares the store for fast searches after writes: the SQLite backend
 * merges its full-text index (not when the writes are a few records beside
 * a large merged index: read as they are) and rebuilds the per-term top
 * lists that let a frequent term's page be read without ranking every
 * match (see
 * docs/search.md). Searches are exact without it, only slower once the
 * index changed. Outside a transaction; a writable store. Takes seconds
 * (measured in docs/performance.md). PostgreSQL: nothing to do, returns 0. */
int pd_store_optimize(pd_store *s, pd_err *err);
/* Loads what searches keep in memory for the index as it is now, so the
 * next search does not pay for it (the SQLite backend: row lengths and the
 * turns' lists at 10x take ~2 s; shared by the process's handles on the
 * file while one holds them, and only while the top lists are current).
 * The handle keeps them until the index changes and it is warmed or
 * searched again. A server calls it from a background thread at start and
 * after writes. PostgreSQL: nothing to do, returns 0. */
int pd_store_warm(pd_store *s, pd_err *err);

/* A record as lists show it. */
typedef struct pd_summary {
	char *id;
	char *title;
	char *date;
	char *release_type;
	char *language;
	char *source;
	size_t nturns;
} pd_summary;

typedef struct pd_list_req {
	pd_filter filter;
	size_t limit;          /* 0 = 50 */
	size_t offset;
	bool oldest_first;     /* default: newest first */
} pd_list_req;

int pd_store_list(pd_store *s, const pd_list_req *req, pd_summary **out, size_t *n,
		  size_t *total, pd_err *err);
void pd_summaries_free(pd_summary *v, size_t n);

/* Distinct values with their record counts, most frequent first:
 * "speaker" (participant names or labels), "topic", "type", "year", "lang". */
int pd_store_facet(pd_store *s, const char *what, size_t limit, pd_facet **out,
		   size_t *n, pd_err *err);
void pd_facets_free(pd_facet *v, size_t n);

typedef struct pd_stats {
	size_t records;
	size_t turns;
	size_t participants;   /* distinct speaker labels over all records */
	size_t revisions;
	size_t languages;
	char *first_date;
	char *last_date;
	int64_t db_bytes;
	int schema_version;
} pd_stats;

int pd_store_stats(pd_store *s, pd_stats *out, pd_err *err);
void pd_stats_release(pd_stats *st);

/* A number that changes whenever committed data changes: a commit through
 * this handle or through any other connection (another process's ingest
 * or correct). The page cache (web/cache.h) tags what it builds with it.
 * The value means nothing by itself and is comparable only with values
 * from the same handle. Cheap: reads no table. PD_EUNSUPPORTED when the
 * backend cannot tell (PostgreSQL: the caller falls back to a time limit). */
int pd_store_data_version(pd_store *s, uint64_t *out, pd_err *err);

/* --- copying an archive (podium migrate) ------------------------------ */

typedef struct pd_copy_report {
	size_t records;        /* records copied */
	size_t revisions;      /* their earlier versions, replayed */
	size_t links;          /* translation pairs linked */
} pd_copy_report;

/* Called after each committed batch. */
typedef void (*pd_copy_progress)(size_t done, size_t total, void *arg);

/* Copies every record of `from` into `to` (any two backends; `to` must
 * hold no records, else PD_EUSAGE): each record with its revisions
 * (numbers, JSON, who and why; their times become the time of the copy)
 * and its translations, pairs that name each other as links. Then checks
 * the copy — the same ids, content hashes, revisions and translations,
 * and the same counts — and returns PD_ESTORE naming the first
 * difference. Writes in transactions of a few hundred records; a failure
 * leaves the batches before it in `to`. */
int pd_store_copy(pd_store *from, pd_store *to, pd_copy_progress progress, void *arg,
		  pd_copy_report *rep, pd_err *err);

#endif
