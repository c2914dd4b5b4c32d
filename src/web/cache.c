/* cache.c: the page cache (cache.h) — PD_WEB_CACHE_SHARDS hash tables,
 * each with its own mutex, byte share and LRU list; reference-counted
 * entries; a global generation counter for freshness.
 *
 * Locking: a shard's mutex guards its table, its LRU list and its byte
 * count. Reference counts are atomic, so
 * the last release (often from libmicrohttpd's response cleanup, on any
 * thread, after the entry left the table) frees without a lock. While an
 * entry is in a table the table holds one reference.
 */
#include "web/cache.h"
#include "base/hash.h"
#include "base/limits.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct pd_web_cache_entry {
	pd_web_cached data;
	char *key;
	size_t klen;
	uint64_t khash;
	uint64_t gen;
	int64_t born_ms;
	size_t bytes;             /* what it counts against the budget */
	atomic_uint refs;
	pd_web_cache_entry *prev, *next; /* LRU: prev is more recently used */
	pd_web_cache_entry *chain;       /* the next entry in its bucket */
};

typedef struct shard {
	pthread_mutex_t lock;
	pd_web_cache_entry **buckets;
	size_t nbuckets;          /* a power of two */
	size_t count;
	pd_web_cache_entry *newest, *oldest;
	size_t bytes, budget;
	uint64_t hits, misses, stale, evictions;
} shard;

struct pd_web_cache {
	shard shards[PD_WEB_CACHE_SHARDS];
	size_t max_entry;
	atomic_uint_fast64_t generation;
};

#define FIRST_BUCKETS 64

pd_web_cache *pd_web_cache_new(size_t budget)
{
	if (budget == 0)
		return NULL;
	pd_web_cache *c = pd_xcalloc(1, sizeof *c);
	for (size_t i = 0; i < PD_WEB_CACHE_SHARDS; i++) {
		shard *s = &c->shards[i];
		pthread_mutex_init(&s->lock, NULL);
		s->nbuckets = FIRST_BUCKETS;
		s->buckets = pd_xcalloc(s->nbuckets, sizeof *s->buckets);
		s->budget = budget / PD_WEB_CACHE_SHARDS;
	}
	c->max_entry = budget / PD_WEB_CACHE_SHARDS / PD_WEB_CACHE_ENTRY_SHARE;
	atomic_init(&c->generation, 1);
	return c;
}

static void entry_free(pd_web_cache_entry *e)
{
	free(e->data.body);
	free(e->data.gz);
	free(e->key);
	free(e);
}

void pd_web_cache_ref(pd_web_cache_entry *e)
{
	atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
}

void pd_web_cache_unref(pd_web_cache_entry *e)
{
	/* acq_rel: every use of the entry by other holders happens before the
	 * free by the last one */
	if (e && atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1)
		entry_free(e);
}

void pd_web_cache_free(pd_web_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < PD_WEB_CACHE_SHARDS; i++) {
		shard *s = &c->shards[i];
		for (pd_web_cache_entry *e = s->newest, *next; e; e = next) {
			next = e->next;
			pd_web_cache_unref(e);
		}
		free(s->buckets);
		pthread_mutex_destroy(&s->lock);
	}
	free(c);
}

uint64_t pd_web_cache_generation(pd_web_cache *c)
{
	return atomic_load(&c->generation);
}

void pd_web_cache_invalidate(pd_web_cache *c)
{
	atomic_fetch_add(&c->generation, 1);
}

static size_t entry_bytes(size_t klen, size_t len, size_t gz_len)
{
	return sizeof(pd_web_cache_entry) + klen + len + gz_len;
}

bool pd_web_cache_fits(const pd_web_cache *c, size_t len)
{
	return entry_bytes(PD_WEB_CACHE_MAX_KEY_BYTES, len, len) <= c->max_entry;
}

const pd_web_cached *pd_web_cache_data(const pd_web_cache_entry *e)
{
	return &e->data;
}

/* ---- one shard (its lock held) ----------------------------------------- */

static shard *shard_of(pd_web_cache *c, uint64_t h)
{
	return &c->shards[h % PD_WEB_CACHE_SHARDS];
}

static pd_web_cache_entry **bucket_of(shard *s, uint64_t h)
{
	/* the low bits chose the shard; the next ones choose the bucket */
	return &s->buckets[(h / PD_WEB_CACHE_SHARDS) & (s->nbuckets - 1)];
}

static pd_web_cache_entry *find(shard *s, const char *key, size_t klen, uint64_t h)
{
	for (pd_web_cache_entry *e = *bucket_of(s, h); e; e = e->chain)
		if (e->khash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

static void lru_remove(shard *s, pd_web_cache_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		s->newest = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		s->oldest = e->prev;
	e->prev = e->next = NULL;
}

static void lru_push(shard *s, pd_web_cache_entry *e)
{
	e->prev = NULL;
	e->next = s->newest;
	if (s->newest)
		s->newest->prev = e;
	else
		s->oldest = e;
	s->newest = e;
}

/* Takes e out of the table and the LRU list. The table's reference passes
 * to the caller, who releases it after unlocking (freeing a big body
 * inside the lock would make the other threads of this shard wait). */
static void unlink_entry(shard *s, pd_web_cache_entry *e)
{
	pd_web_cache_entry **p = bucket_of(s, e->khash);
	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	e->chain = NULL;
	lru_remove(s, e);
	s->count--;
	s->bytes -= e->bytes;
}

/* Doubles the bucket array when the table is fuller than one entry per
 * bucket on average, so chains stay short. */
static void grow(shard *s)
{
	if (s->count <= s->nbuckets)
		return;
	pd_web_cache_entry **old = s->buckets;
	size_t n = s->nbuckets;
	s->nbuckets = n * 2;
	s->buckets = pd_xcalloc(s->nbuckets, sizeof *s->buckets);
	for (size_t i = 0; i < n; i++) {
		for (pd_web_cache_entry *e = old[i], *next; e; e = next) {
			next = e->chain;
			pd_web_cache_entry **b = bucket_of(s, e->khash);
			e->chain = *b;
			*b = e;
		}
	}
	free(old);
}

/* ---- lookups and puts --------------------------------------------------- */

static uint64_t key_hash(const char *key, size_t klen)
{
	return pd_hash64(PD_HASH64_INIT, key, klen);
}

pd_web_cache_entry *pd_web_cache_get(pd_web_cache *c, const char *key, size_t klen,
				     uint64_t gen, int64_t now_ms, int64_t max_age_ms)
{
	uint64_t h = key_hash(key, klen);
	shard *s = shard_of(c, h);
	pd_web_cache_entry *stale = NULL;
	pthread_mutex_lock(&s->lock);
	pd_web_cache_entry *e = find(s, key, klen, h);
	if (e && (e->gen != gen || (max_age_ms > 0 && now_ms - e->born_ms > max_age_ms))) {
		unlink_entry(s, e);
		s->stale++;
		stale = e;
		e = NULL;
	}
	if (e) {
		lru_remove(s, e);
		lru_push(s, e);
		pd_web_cache_ref(e);
		s->hits++;
	} else {
		s->misses++;
	}
	pthread_mutex_unlock(&s->lock);
	pd_web_cache_unref(stale);
	return e;
}

static pd_web_cache_entry *entry_new(const char *key, size_t klen, pd_web_cached *r,
				     uint64_t gen, int64_t born_ms)
{
	pd_web_cache_entry *e = pd_xcalloc(1, sizeof *e);
	e->data = *r;
	memset(r, 0, sizeof *r);
	e->key = pd_xmalloc(klen ? klen : 1);
	memcpy(e->key, key, klen);
	e->klen = klen;
	e->khash = key_hash(key, klen);
	e->gen = gen;
	e->born_ms = born_ms;
	e->bytes = entry_bytes(klen, e->data.len, e->data.gz_len);
	atomic_init(&e->refs, 1);   /* the caller's */
	return e;
}

/* Keeps e under its key, evicting the least recently used entries of its
 * shard for room. With `instead` set, only when `instead` is still the
 * entry kept under that key: a newer put (or a drop) meanwhile wins. */
static void keep(pd_web_cache *c, pd_web_cache_entry *e, const pd_web_cache_entry *instead)
{
	shard *s = shard_of(c, e->khash);
	pd_web_cache_entry *gone = NULL; /* released after unlocking, via chain */
	pthread_mutex_lock(&s->lock);
	pd_web_cache_entry *old = find(s, e->key, e->klen, e->khash);
	if (instead && old != instead) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	if (old) {
		unlink_entry(s, old);
		old->chain = gone;
		gone = old;
	}
	while (s->oldest && s->bytes + e->bytes > s->budget) {
		pd_web_cache_entry *victim = s->oldest;
		unlink_entry(s, victim);
		victim->chain = gone;
		gone = victim;
		s->evictions++;
	}
	pd_web_cache_ref(e);        /* the table's */
	pd_web_cache_entry **b = bucket_of(s, e->khash);
	e->chain = *b;
	*b = e;
	lru_push(s, e);
	s->count++;
	s->bytes += e->bytes;
	grow(s);
	pthread_mutex_unlock(&s->lock);
	while (gone) {
		pd_web_cache_entry *next = gone->chain;
		pd_web_cache_unref(gone);
		gone = next;
	}
}

pd_web_cache_entry *pd_web_cache_put(pd_web_cache *c, const char *key, size_t klen,
				     pd_web_cached *r, uint64_t gen, int64_t now_ms)
{
	pd_web_cache_entry *e = entry_new(key, klen, r, gen, now_ms);
	if (e->bytes <= c->max_entry)
		keep(c, e, NULL);
	return e;
}

pd_web_cache_entry *pd_web_cache_add_gzip(pd_web_cache *c, pd_web_cache_entry *e, char *gz,
					  size_t gz_len)
{
	if (e->data.gz) {   /* it has one already: keep it */
		free(gz);
		pd_web_cache_ref(e);
		return e;
	}
	pd_web_cached d = e->data;
	d.body = pd_xmalloc(d.len + 1);
	memcpy(d.body, e->data.body, d.len);
	d.body[d.len] = '\0';
	d.gz = gz;
	d.gz_len = gz_len;
	pd_web_cache_entry *n = entry_new(e->key, e->klen, &d, e->gen, e->born_ms);
	if (n->bytes <= c->max_entry)
		keep(c, n, e);
	return n;
}

void pd_web_cache_get_stats(pd_web_cache *c, pd_web_cache_stats *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < PD_WEB_CACHE_SHARDS; i++) {
		shard *s = &c->shards[i];
		pthread_mutex_lock(&s->lock);
		out->hits += s->hits;
		out->misses += s->misses;
		out->stale += s->stale;
		out->evictions += s->evictions;
		out->entries += s->count;
		out->bytes += s->bytes;
		pthread_mutex_unlock(&s->lock);
	}
}
