/* cache.h: the page cache of `podium serve` — finished 200 responses kept
 * in memory, so a spike of readers on the same pages costs one build each.
 *
 * What it promises:
 *   - Keys are opaque bytes (the router builds them: address, host,
 *     interface language; at most PD_WEB_CACHE_MAX_KEY_BYTES).
 *   - An entry holds one response body, the content hash the ETag is
 *     built from and, once a client took it, its gzip form
 *     (pd_web_cache_add_gzip), so a hit answers conditional requests
 *     and, after the first, either variant without work.
 *   - The bytes used by kept entries (bodies, keys, bookkeeping) never pass
 *     the budget given to pd_web_cache_new: the cache is split into
 *     PD_WEB_CACHE_SHARDS parts, each with its own lock, its own share of
 *     the budget and its own least-recently-used order; a put evicts the
 *     least recently used entries of its part until it fits. An entry over
 *     1/PD_WEB_CACHE_ENTRY_SHARE of a part is not kept.
 *   - Freshness is the caller's tag: every entry remembers the generation
 *     it was built at; pd_web_cache_get drops an entry of another
 *     generation (or, when max_age_ms > 0, one older than that) and misses.
 *     pd_web_cache_invalidate starts a new generation (the router does so
 *     when a store's pd_store_data_version changes).
 *   - Entries are reference counted: pd_web_cache_get and pd_web_cache_put
 *     hand out a reference, and an entry evicted or dropped while a
 *     response still sends its bytes stays valid until that reference is
 *     released with pd_web_cache_unref.
 *
 * Threads: every function may be called from any thread at the same time,
 * except pd_web_cache_free, which must come after all other calls
 * (references still held then stay valid until released).
 */
#ifndef PD_WEB_CACHE_H
#define PD_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pd_web_cache pd_web_cache;
typedef struct pd_web_cache_entry pd_web_cache_entry;

/* A response as the cache keeps it. */
typedef struct pd_web_cached {
	const char *content_type; /* a static string */
	char *body;               /* malloc'd; owned by the entry after put */
	size_t len;
	char *gz;                 /* the gzip form, malloc'd, or NULL */
	size_t gz_len;
	char hash[17];            /* hex content hash (the ETag's base) */
} pd_web_cached;

typedef struct pd_web_cache_stats {
	uint64_t hits;
	uint64_t misses;          /* including stale entries dropped */
	uint64_t stale;           /* entries dropped as of an old generation or age */
	uint64_t evictions;       /* entries evicted for room */
	size_t entries;
	size_t bytes;             /* counted against the budget */
} pd_web_cache_stats;

/* A cache of at most budget bytes; NULL when budget is 0 (no cache). */
pd_web_cache *pd_web_cache_new(size_t budget);
void pd_web_cache_free(pd_web_cache *c);

/* The current generation, and a new one: every entry of an older one is
 * stale from then on. */
uint64_t pd_web_cache_generation(pd_web_cache *c);
void pd_web_cache_invalidate(pd_web_cache *c);

/* Whether a body of len bytes (plus its gzip form, at most as long) could
 * be kept: callers skip building an entry that would not be. */
bool pd_web_cache_fits(const pd_web_cache *c, size_t len);

/* The entry for key, with a reference the caller releases; NULL when there
 * is none or it is stale (not of generation gen, or, when max_age_ms > 0,
 * built more than max_age_ms before now_ms), which is then dropped. */
pd_web_cache_entry *pd_web_cache_get(pd_web_cache *c, const char *key, size_t klen,
				     uint64_t gen, int64_t now_ms, int64_t max_age_ms);

/* Makes an entry of *r (taking its body and gz; *r is emptied) built at
 * generation gen and time now_ms, keeps it under key (replacing an entry
 * with the same key) when it fits, and returns it with a reference for
 * the caller either way. */
pd_web_cache_entry *pd_web_cache_put(pd_web_cache *c, const char *key, size_t klen,
				     pd_web_cached *r, uint64_t gen, int64_t now_ms);

/* An entry like e with the gzip form gz[0..gz_len) added (taken; malloc'd),
 * with a reference for the caller, who keeps the one it holds on e. The
 * new entry takes e's place in the cache when e is still the one kept
 * under its key (built at the same generation and time, so it goes stale
 * when e would have); otherwise it is only the caller's. Entries never
 * change once made: this is how a gzip form made later, when a client
 * first takes it, joins an entry kept without one. An e that has a gzip
 * form already is returned as it is (gz is freed). */
pd_web_cache_entry *pd_web_cache_add_gzip(pd_web_cache *c, pd_web_cache_entry *e, char *gz,
					  size_t gz_len);

/* The response an entry holds; valid while the caller's reference is. */
const pd_web_cached *pd_web_cache_data(const pd_web_cache_entry *e);

/* Another reference (for a transport that sends the bytes later), and
 * releasing one; the last release frees the entry. */
void pd_web_cache_ref(pd_web_cache_entry *e);
void pd_web_cache_unref(pd_web_cache_entry *e);

void pd_web_cache_get_stats(pd_web_cache *c, pd_web_cache_stats *out);

#endif
