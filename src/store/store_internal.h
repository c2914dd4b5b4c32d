/* store_internal.h: what a storage backend implements (after git's
 * refs/refs-internal.h). Private to src/store/.
 *
 * A backend embeds struct pd_store as its first member and fills `ops`.
 * store.c does what is the same for every backend (choosing the backend,
 * refusing writes on a read-only handle, checking arguments, freeing
 * results) and calls through the table for the rest. Each op has the
 * contract of the store.h function with the same name.
 */
#ifndef PD_STORE_INTERNAL_H
#define PD_STORE_INTERNAL_H

#include "store/store.h"

struct pd_store_ops {
	const char *name; /* "sqlite", "postgres" */
	void (*close)(pd_store *s);
	int (*begin)(pd_store *s, pd_err *err);
	int (*commit)(pd_store *s, pd_err *err);
	int (*rollback)(pd_store *s, pd_err *err);
	int (*put)(pd_store *s, const pd_record *r, const char *who, const char *why,
		   pd_put_result *result, pd_err *err);
	/* optional (NULL: only the hash is made ahead): the stored form of r
	 * into out->stored, has_stored when it could be made, and its texts
	 * cut for the index into out->tokens; called from any thread (reads
	 * only what is safe beside s's own thread) */
	void (*put_prepare)(const pd_store *s, const pd_record *r, pd_put_prep *out);
	/* optional: what put_prepare accounted for out is given back (from
	 * any thread), before pd_put_prep_release frees it */
	void (*put_prep_release)(const pd_store *s, pd_put_prep *p);
	/* optional (NULL: put): put with a ready prep of r */
	int (*put_prepared)(pd_store *s, const pd_record *r, const pd_put_prep *prep,
			    const char *who, const char *why, pd_put_result *result, pd_err *err);
	int (*get)(pd_store *s, const char *id, pd_record **out, pd_err *err);
	int (*del)(pd_store *s, const char *id, pd_err *err);
	/* Revisions of id, newest first: number 0 all of them, else only that
	 * one; at most limit (0: no limit); json filled only when with_json. */
	int (*revisions)(pd_store *s, const char *id, int number, size_t limit,
			 bool with_json, pd_revision **out, size_t *n, pd_err *err);
	int (*link)(pd_store *s, const char *id_a, const char *id_b, pd_err *err);
	int (*unlink)(pd_store *s, const char *id_a, const char *id_b, pd_err *err);
	int (*search)(pd_store *s, const pd_search_req *req, pd_search_result *out,
		      pd_err *err);
	int (*list)(pd_store *s, const pd_list_req *req, pd_summary **out, size_t *n,
		    size_t *total, pd_err *err);
	int (*facet)(pd_store *s, const char *what, size_t limit, pd_facet **out,
		     size_t *n, pd_err *err);
	int (*stats)(pd_store *s, pd_stats *out, pd_err *err);
	/* optional: NULL makes pd_store_data_version say PD_EUNSUPPORTED */
	int (*data_version)(pd_store *s, uint64_t *out, pd_err *err);
	int (*optimize)(pd_store *s, pd_err *err); /* NULL: nothing to do */
	int (*warm)(pd_store *s, pd_err *err);     /* NULL: nothing to load */
};

struct pd_store {
	const struct pd_store_ops *ops;
	int flags;
};

/* Backends' constructors (store.c picks one). */
int pd_sqlite_open(const char *path, int flags, pd_store **out, pd_err *err);
/* uri: postgres://... or postgresql://... (libpq's syntax). */
int pd_pg_open(const char *uri, int flags, pd_store **out, pd_err *err);

/* store_filter.c: PD_EUSAGE, with a message naming the value, for a date
 * that is not YYYY, YYYY-MM or YYYY-MM-DD, a language that is not a tag,
 * or (turns: search filters) an unknown turn kind; else 0. A backend
 * calls it before building SQL from the filter. */
int pd_store_filter_check(const pd_filter *f, bool turns, pd_err *err);

#endif
