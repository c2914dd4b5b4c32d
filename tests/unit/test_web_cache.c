/* test_web_cache.c: the page cache (web/cache.h) alone — hits, misses,
 * LRU eviction inside the byte budget, generations and age, references
 * outliving eviction, many threads at once — and through the router
 * against a real SQLite store: cached answers byte for byte equal to
 * uncached ones (body, gzip variant, ETag, 304), gzip forms made only
 * when a client takes them, a write through the store
 * (this handle or another connection) makes the next request rebuild,
 * non-cacheable routes and oversized responses are not kept, no cache
 * (--cache-mb 0) answers as before; searches kept in a cache of their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/hash.h"
#include "base/limits.h"
#include "store/store.h"
#include "web/cache.h"
#include "web/web.h"

#include "store_fixtures.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* ---- the cache alone ---------------------------------------------------- */

/* A cached response whose body is `len` bytes of `fill`. */
static pd_web_cached item(size_t len, char fill)
{
	pd_web_cached d = { .content_type = "text/plain; charset=utf-8" };
	d.body = malloc(len + 1);
	memset(d.body, fill, len);
	d.body[len] = '\0';
	d.len = len;
	snprintf(d.hash, sizeof d.hash, "%016x", (unsigned)fill);
	return d;
}

static pd_web_cache_entry *put(pd_web_cache *c, const char *key, size_t len, char fill,
			       uint64_t gen)
{
	pd_web_cached d = item(len, fill);
	pd_web_cache_entry *e = pd_web_cache_put(c, key, strlen(key), &d, gen, 0);
	assert_null(d.body);   /* moved into the entry */
	return e;
}

/* Whether key is cached at gen (a hit is released at once). */
static bool has(pd_web_cache *c, const char *key, uint64_t gen)
{
	pd_web_cache_entry *e = pd_web_cache_get(c, key, strlen(key), gen, 0, 0);
	pd_web_cache_unref(e);
	return e != NULL;
}

static void test_hit_and_miss(void **state)
{
	(void)state;
	assert_null(pd_web_cache_new(0));   /* --cache-mb 0: no cache at all */
	pd_web_cache *c = pd_web_cache_new(1 << 20);
	uint64_t gen = pd_web_cache_generation(c);
	assert_null(pd_web_cache_get(c, "a", 1, gen, 0, 0));
	pd_web_cache_unref(put(c, "a", 100, 'a', gen));
	pd_web_cache_entry *e = pd_web_cache_get(c, "a", 1, gen, 0, 0);
	assert_non_null(e);
	const pd_web_cached *d = pd_web_cache_data(e);
	assert_int_equal(d->len, 100);
	assert_int_equal(d->body[99], 'a');
	pd_web_cache_unref(e);
	assert_false(has(c, "b", gen));
	assert_false(has(c, "a\n", gen));   /* keys are compared whole */

	/* the same key again replaces the entry */
	pd_web_cache_unref(put(c, "a", 50, 'z', gen));
	e = pd_web_cache_get(c, "a", 1, gen, 0, 0);
	assert_int_equal(pd_web_cache_data(e)->len, 50);
	pd_web_cache_unref(e);

	pd_web_cache_stats st;
	pd_web_cache_get_stats(c, &st);
	assert_int_equal(st.hits, 2);
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.entries, 1);
	assert_true(st.bytes >= 50 && st.bytes < 1000);
	pd_web_cache_free(c);
}

/* Keys that fall in the same shard as "k0" (white box: the shard is the
 * key's pd_hash64 modulo PD_WEB_CACHE_SHARDS), so that one shard's LRU
 * order can be watched. */
static void same_shard_keys(char keys[][16], size_t n)
{
	uint64_t want = pd_hash64(PD_HASH64_INIT, "k0", 2) % PD_WEB_CACHE_SHARDS;
	size_t found = 0;
	for (unsigned i = 0; found < n; i++) {
		char k[16];
		snprintf(k, sizeof k, "k%u", i);
		if (pd_hash64(PD_HASH64_INIT, k, strlen(k)) % PD_WEB_CACHE_SHARDS == want)
			memcpy(keys[found++], k, sizeof k);
	}
}

static void test_lru_eviction(void **state)
{
	(void)state;
	/* 1 MiB: 64 KiB per shard, entries up to 16 KiB; four 15,000-byte
	 * bodies fill a shard, a fifth evicts the least recently used */
	size_t budget = 1 << 20;
	pd_web_cache *c = pd_web_cache_new(budget);
	uint64_t gen = pd_web_cache_generation(c);
	char k[6][16];
	same_shard_keys(k, 6);
	for (int i = 0; i < 4; i++)
		pd_web_cache_unref(put(c, k[i], 15000, 'a', gen));
	assert_true(has(c, k[0], gen));   /* k0 is now the most recently used */
	pd_web_cache_unref(put(c, k[4], 15000, 'b', gen));
	assert_true(has(c, k[0], gen));
	assert_false(has(c, k[1], gen));  /* the least recently used went */
	assert_true(has(c, k[2], gen) && has(c, k[3], gen) && has(c, k[4], gen));

	/* an entry evicted while someone holds it stays readable */
	pd_web_cache_entry *held = pd_web_cache_get(c, k[2], strlen(k[2]), gen, 0, 0);
	assert_non_null(held);
	pd_web_cache_unref(put(c, k[5], 15000, 'c', gen));
	pd_web_cache_unref(put(c, k[1], 15000, 'd', gen));
	pd_web_cache_stats st;
	pd_web_cache_get_stats(c, &st);
	assert_int_equal(st.evictions, 3);
	assert_true(st.bytes <= budget / PD_WEB_CACHE_SHARDS);
	assert_int_equal(pd_web_cache_data(held)->body[14999], 'a');   /* ASan: not freed */
	pd_web_cache_unref(held);

	/* a body over a shard's share / PD_WEB_CACHE_ENTRY_SHARE is handed back
	 * but not kept, and evicts nothing */
	assert_false(pd_web_cache_fits(c, 20000));
	assert_true(pd_web_cache_fits(c, 5000));
	pd_web_cache_entry *big = put(c, k[2], 20000, 'e', gen);
	assert_int_equal(pd_web_cache_data(big)->len, 20000);
	pd_web_cache_unref(big);
	pd_web_cache_entry *small = pd_web_cache_get(c, k[2], strlen(k[2]), gen, 0, 0);
	assert_non_null(small);   /* the old one is still there, and the others */
	assert_int_equal(pd_web_cache_data(small)->len, 15000);
	pd_web_cache_unref(small);
	assert_true(has(c, k[1], gen) && has(c, k[4], gen) && has(c, k[5], gen));

	/* many entries over all shards: the total stays inside the budget */
	for (int i = 0; i < 2000; i++) {
		char key[32];
		snprintf(key, sizeof key, "many-%d", i);
		pd_web_cache_unref(put(c, key, 3000 + (size_t)i % 5000, 'm', gen));
		pd_web_cache_get_stats(c, &st);
		assert_true(st.bytes <= budget);
	}
	assert_true(st.evictions > 1000);
	pd_web_cache_free(c);
}

static void test_generations_and_age(void **state)
{
	(void)state;
	pd_web_cache *c = pd_web_cache_new(1 << 20);
	uint64_t gen = pd_web_cache_generation(c);
	pd_web_cache_unref(put(c, "page", 10, 'a', gen));
	pd_web_cache_invalidate(c);
	uint64_t next = pd_web_cache_generation(c);
	assert_true(next != gen);
	assert_false(has(c, "page", next));   /* stale: dropped */
	pd_web_cache_stats st;
	pd_web_cache_get_stats(c, &st);
	assert_int_equal(st.stale, 1);
	assert_int_equal(st.entries, 0);

	/* by age (the PostgreSQL fallback): born at 1000 ms, 2000 ms allowed */
	pd_web_cached d = item(10, 'b');
	pd_web_cache_unref(pd_web_cache_put(c, "aged", 4, &d, next, 1000));
	pd_web_cache_entry *e = pd_web_cache_get(c, "aged", 4, next, 2999, 2000);
	assert_non_null(e);
	pd_web_cache_unref(e);
	assert_null(pd_web_cache_get(c, "aged", 4, next, 3001, 2000));
	pd_web_cache_free(c);
}

/* A gzip form added later (pd_web_cache_add_gzip): the entry with it takes
 * the old one's place, keeps its generation and age, and loses to a newer
 * put; the old one stays readable for whoever holds it. */
static void test_add_gzip(void **state)
{
	(void)state;
	pd_web_cache *c = pd_web_cache_new(1 << 20);
	uint64_t gen = pd_web_cache_generation(c);
	pd_web_cached d = item(3000, 'p');
	pd_web_cache_unref(pd_web_cache_put(c, "page", 4, &d, gen, 1000));
	pd_web_cache_stats before;
	pd_web_cache_get_stats(c, &before);
	pd_web_cache_entry *e = pd_web_cache_get(c, "page", 4, gen, 1000, 0);
	assert_null(pd_web_cache_data(e)->gz);
	pd_web_cache_entry *n = pd_web_cache_add_gzip(c, e, strdup("GZ-FORM"), 7);
	assert_true(n != e);
	const pd_web_cached *nd = pd_web_cache_data(n);
	assert_int_equal(nd->len, 3000);
	assert_int_equal(nd->body[2999], 'p');
	assert_int_equal(nd->gz_len, 7);
	assert_memory_equal(nd->gz, "GZ-FORM", 7);
	assert_string_equal(nd->hash, pd_web_cache_data(e)->hash);
	pd_web_cache_stats st;
	pd_web_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.bytes, before.bytes + 7);
	/* the old one, replaced, is still the holder's */
	assert_int_equal(pd_web_cache_data(e)->body[0], 'p');
	pd_web_cache_unref(e);
	/* the kept one has the gzip form, and is as old as the first */
	e = pd_web_cache_get(c, "page", 4, gen, 2999, 2000);
	assert_true(e == n);
	pd_web_cache_unref(e);
	/* one that has a gzip form already is handed back as it is */
	e = pd_web_cache_add_gzip(c, n, strdup("OTHER"), 5);
	assert_true(e == n);
	pd_web_cache_unref(e);
	pd_web_cache_unref(n);
	assert_null(pd_web_cache_get(c, "page", 4, gen, 3001, 2000));

	/* a newer put meanwhile wins: the late gzip form is not kept */
	d = item(3000, 'a');
	e = pd_web_cache_put(c, "race", 4, &d, gen, 0);
	d = item(3000, 'b');
	pd_web_cache_unref(pd_web_cache_put(c, "race", 4, &d, gen, 0));
	n = pd_web_cache_add_gzip(c, e, strdup("LATE"), 4);
	assert_int_equal(pd_web_cache_data(n)->body[0], 'a');
	pd_web_cache_unref(n);
	pd_web_cache_unref(e);
	e = pd_web_cache_get(c, "race", 4, gen, 0, 0);
	assert_int_equal(pd_web_cache_data(e)->body[0], 'b');
	assert_null(pd_web_cache_data(e)->gz);
	pd_web_cache_unref(e);
	pd_web_cache_free(c);
}

/* Threads putting, getting, evicting and invalidating at once over a
 * small budget; each body names its key, so a hit that returned another
 * key's bytes, or bytes freed under it, fails (ASan). */
typedef struct hammer {
	pd_web_cache *c;
	unsigned seed;
	size_t hits;
} hammer;

static void *hammer_run(void *arg)
{
	hammer *h = arg;
	for (int i = 0; i < 20000; i++) {
		h->seed = h->seed * 1103515245u + 12345u;
		unsigned n = (h->seed >> 8) % 200;
		char key[16];
		snprintf(key, sizeof key, "key-%u", n);
		uint64_t gen = pd_web_cache_generation(h->c);
		pd_web_cache_entry *e = pd_web_cache_get(h->c, key, strlen(key), gen, 0, 0);
		if (!e) {
			pd_web_cached d = item(1000 + n * 10, 'x');
			memcpy(d.body, key, strlen(key));
			e = pd_web_cache_put(h->c, key, strlen(key), &d, gen, 0);
		} else {
			h->hits++;
		}
		if (n % 3 == 0 && !pd_web_cache_data(e)->gz) {
			/* a client taking gzip: the entry gets its form */
			pd_web_cache_entry *with = pd_web_cache_add_gzip(h->c, e, strdup(key), strlen(key));
			pd_web_cache_unref(e);
			e = with;
			if (strcmp(pd_web_cache_data(e)->gz, key) != 0)
				fail_msg("gzip form of %s holds other bytes", key);
		}
		const pd_web_cached *d = pd_web_cache_data(e);
		if (d->len != 1000 + n * 10 || memcmp(d->body, key, strlen(key)) != 0 ||
		    d->body[d->len - 1] != 'x')
			fail_msg("entry for %s holds other bytes", key);
		if (n == 7 && i % 1000 == 0)
			pd_web_cache_invalidate(h->c);
		pd_web_cache_unref(e);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	/* 160 KiB: 10 KiB per shard, so the 200 keys (about 1-3 KiB each)
	 * keep evicting one another */
	pd_web_cache *c = pd_web_cache_new(160 * 1024);
	hammer h[4];
	pthread_t t[4];
	for (unsigned i = 0; i < 4; i++) {
		h[i] = (hammer){ .c = c, .seed = i + 1 };
		assert_int_equal(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
	}
	size_t hits = 0;
	for (unsigned i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		hits += h[i].hits;
	}
	pd_web_cache_stats st;
	pd_web_cache_get_stats(c, &st);
	assert_int_equal(st.hits, hits);
	assert_int_equal(st.hits + st.misses, 4 * 20000);
	assert_true(st.hits > 0 && st.evictions > 0);
	assert_true(st.bytes <= 160 * 1024);
	pd_web_cache_free(c);
}

/* ---- through the router, against a store ------------------------------- */

typedef struct fixture {
	char path[64];
	pd_store *store;
	pd_web_cache *cache;
	pd_web_ctx *cached;   /* answers through the cache */
	pd_web_ctx *plain;    /* the same store, no cache: what is expected */
} fixture;

static void store_put(pd_store *s, pd_record *r)
{
	pd_err err;
	if (pd_store_put(s, r, "test", NULL, NULL, &err) != 0)
		fail_msg("put %s: %s", r->id, err.msg);
	pd_record_free(r);
}

/* en-1 with its last answer's text replaced. */
static pd_record *en1_saying(const char *answer)
{
	pd_record *r = rec_en1();
	pd_turn *t = &r->turns[r->nturns - 1];
	free(t->text);
	t->text = strdup(answer);
	return r;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	pd_err err;
	snprintf(f->path, sizeof f->path, "/tmp/test_web_cache_%d.db", (int)getpid());
	unlink(f->path);
	if (pd_store_open(f->path, 0, &f->store, &err) != 0)
		fail_msg("open: %s", err.msg);
	store_put(f->store, en1_saying("Trade is strong."));
	store_put(f->store, rec_zh1());
	f->cache = pd_web_cache_new(4 << 20);
	f->cached = pd_web_ctx_new(f->store, f->path);
	pd_web_ctx_set_cache(f->cached, f->cache, 0);
	f->plain = pd_web_ctx_new(f->store, f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char name[80];
	pd_web_ctx_free(f->cached);
	pd_web_ctx_free(f->plain);
	pd_web_cache_free(f->cache);
	pd_store_close(f->store);
	unlink(f->path);
	snprintf(name, sizeof name, "%s-wal", f->path);
	unlink(name);
	snprintf(name, sizeof name, "%s-shm", f->path);
	unlink(name);
	free(f);
	return 0;
}

static void get(pd_web_ctx *ctx, const char *path, const char *query, const char *ae,
		pd_web_response *rs)
{
	pd_web_request req = { .method = "GET", .path = path, .query = query,
			       .host = "test.local", .accept_encoding = ae };
	pd_web_handle(ctx, &req, rs);
}

/* The response's bytes as a string (freed by the caller). */
static char *text_of(const pd_web_response *rs)
{
	size_t len;
	const char *b = pd_web_response_bytes(rs, &len);
	return strndup(b, len);
}

static pd_web_cache_stats stats(fixture *f)
{
	pd_web_cache_stats st;
	pd_web_cache_get_stats(f->cache, &st);
	return st;
}

/* The cached context answers exactly as the plain one: status, type,
 * encoding, ETag, Last-Modified and bytes. */
static void assert_same(const char *what, const pd_web_response *a, const pd_web_response *b)
{
	size_t la, lb;
	const char *ba = pd_web_response_bytes(a, &la), *bb = pd_web_response_bytes(b, &lb);
	if (a->status != b->status || a->gzip != b->gzip || strcmp(a->etag, b->etag) != 0 ||
	    a->last_modified != b->last_modified || la != lb || memcmp(ba, bb, la) != 0 ||
	    (a->content_type && strcmp(a->content_type, b->content_type) != 0))
		fail_msg("%s: cached %d %s %zu bytes, uncached %d %s %zu bytes", what, a->status,
			 a->etag, la, b->status, b->etag, lb);
}

static void test_router_same_as_uncached(void **state)
{
	fixture *f = *state;
	static const struct { const char *path, *query; bool cacheable; } pages[] = {
		{ "/", NULL, true },
		{ "/", "hl=zh-Hans", true },
		{ "/records/en-1", NULL, true },
		{ "/records/en-1.json", NULL, true },
		{ "/records/en-1.md", NULL, true },
		{ "/records/zh-1", NULL, true },
		{ "/browse/dates/2023", NULL, true },
		{ "/topics/Diplomacy", NULL, true },
		{ "/topics/Diplomacy.atom", NULL, true },
		{ "/speakers/PM", NULL, true },
		{ "/types/Press%20Conference", NULL, true },
		{ "/feed.atom", NULL, true },
		{ "/feed.atom", "", true },
		{ "/sitemap.xml", NULL, true },
		{ "/robots.txt", NULL, true },
		{ "/static/app.css", NULL, true },
		{ "/api/v1/records/en-1", NULL, true },
		{ "/api/v1/records/en-1/turns/2", NULL, true },
		{ "/api/v1/speakers", NULL, true },
		{ "/api/v1/topics", NULL, true },
		{ "/search", "q=embassy", false },
		{ "/api/v1/search", "q=embassy", false },
		{ "/api/v1/records", NULL, false },
		{ "/records/nope", NULL, true },     /* 404: not kept */
	};
	static const char *const encodings[] = { NULL, "gzip, deflate" };
	size_t kept = 0;
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		for (size_t e = 0; e < 2; e++) {
			for (int round = 0; round < 2; round++) {   /* a miss, then a hit */
				pd_web_response a, b;
				char what[160];
				snprintf(what, sizeof what, "%s?%s %s round %d", pages[i].path,
					 pages[i].query ? pages[i].query : "(none)",
					 encodings[e] ? "gzip" : "identity", round);
				get(f->cached, pages[i].path, pages[i].query, encodings[e], &a);
				get(f->plain, pages[i].path, pages[i].query, encodings[e], &b);
				assert_same(what, &a, &b);
				if (round == 1 && a.status == 200 && pages[i].cacheable != (a.cached != NULL))
					fail_msg("%s: served %s the cache", what,
						 a.cached ? "from" : "not from");
				pd_web_response_release(&a);
				pd_web_response_release(&b);
			}
		}
		pd_web_response probe;
		get(f->plain, pages[i].path, pages[i].query, NULL, &probe);
		kept += pages[i].cacheable && probe.status == 200;
		pd_web_response_release(&probe);
	}
	/* one entry per cacheable page, whatever the encoding */
	assert_int_equal(stats(f).entries, kept);
}

static void test_write_rebuilds(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	char *t;
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_non_null(strstr(t = text_of(&rs), "Trade is strong."));
	free(t);
	pd_web_response_release(&rs);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_non_null(rs.cached);
	pd_web_response_release(&rs);

	/* a write through the same handle (its own commit) */
	store_put(f->store, en1_saying("Trade is booming."));
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	t = text_of(&rs);
	assert_non_null(strstr(t, "Trade is booming."));
	assert_null(strstr(t, "Trade is strong."));
	free(t);
	pd_web_response_release(&rs);

	/* a write through another connection (as `podium correct` in another
	 * process): PRAGMA data_version */
	pd_store *other;
	pd_err err;
	assert_int_equal(pd_store_open(f->path, 0, &other, &err), 0);
	get(f->cached, "/api/v1/records/en-1", NULL, NULL, &rs);   /* cached */
	pd_web_response_release(&rs);
	store_put(other, en1_saying("Trade is steady."));
	get(f->cached, "/api/v1/records/en-1", NULL, NULL, &rs);
	assert_non_null(strstr(t = text_of(&rs), "Trade is steady."));
	free(t);
	pd_web_response_release(&rs);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_non_null(strstr(t = text_of(&rs), "Trade is steady."));
	free(t);
	pd_web_response_release(&rs);
	/* a delete as well: the page goes */
	assert_int_equal(pd_store_delete(other, "en-1", &err), 0);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_int_equal(rs.status, 404);
	pd_web_response_release(&rs);
	pd_store_close(other);

	/* no write: the version stays, and so do the entries */
	uint64_t v1, v2;
	assert_int_equal(pd_store_data_version(f->store, &v1, &err), 0);
	get(f->cached, "/records/zh-1", NULL, NULL, &rs);
	pd_web_response_release(&rs);
	assert_int_equal(pd_store_data_version(f->store, &v2, &err), 0);
	assert_true(v1 == v2);
	get(f->cached, "/records/zh-1", NULL, NULL, &rs);
	assert_non_null(rs.cached);
	pd_web_response_release(&rs);
}

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* With a recheck interval (the server's PD_WEB_CACHE_RECHECK_MS, here
 * 300 ms) a commit shows once the interval has passed, not before. */
static void test_recheck_interval(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	char *t;
	pd_web_ctx_set_cache(f->cached, f->cache, 300);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	pd_web_response_release(&rs);
	int64_t t0 = ms_now();
	store_put(f->store, en1_saying("Trade is booming."));
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	t = text_of(&rs);
	if (ms_now() - t0 < 250)   /* not asserted on a machine that stalled */
		assert_non_null(strstr(t, "Trade is strong."));
	free(t);
	pd_web_response_release(&rs);
	usleep(350 * 1000);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_non_null(strstr(t = text_of(&rs), "Trade is booming."));
	free(t);
	pd_web_response_release(&rs);
}

static char *inflate_all(const char *gz, size_t n, size_t *out_len)
{
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (unsigned char *)gz;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = z.total_out;
	inflateEnd(&z);
	return (char *)out;
}

static void test_gzip_variant(void **state)
{
	fixture *f = *state;
	pd_web_response plain, gz, refused;
	get(f->cached, "/records/en-1", NULL, NULL, &plain);
	get(f->cached, "/records/en-1", NULL, "gzip", &gz);
	get(f->cached, "/records/en-1", NULL, "gzip;q=0", &refused);
	assert_non_null(gz.cached);   /* the second request hit the first's entry */
	assert_true(gz.gzip);
	assert_false(plain.gzip);
	assert_false(refused.gzip);
	assert_string_not_equal(plain.etag, gz.etag);
	assert_string_equal(plain.etag, refused.etag);
	size_t lp, lg, n;
	const char *bp = pd_web_response_bytes(&plain, &lp);
	const char *bg = pd_web_response_bytes(&gz, &lg);
	assert_true(lg < lp);
	char *back = inflate_all(bg, lg, &n);
	assert_int_equal(n, lp);
	assert_memory_equal(back, bp, lp);
	free(back);
	assert_int_equal(stats(f).entries, 1);
	pd_web_response_release(&plain);
	pd_web_response_release(&gz);
	pd_web_response_release(&refused);
}

/* A client that takes no gzip never pays for a compression: its entry is
 * kept without a gzip form; the first client that takes gzip has it made
 * and kept, and the next one is answered from it. */
static void test_gzip_on_demand(void **state)
{
	fixture *f = *state;
	pd_web_response plain, gz, again, after;
	get(f->cached, "/records/en-1", NULL, NULL, &plain);
	assert_non_null(plain.cached);
	assert_null(pd_web_cache_data(plain.cached)->gz);
	get(f->cached, "/records/en-1", NULL, "gzip", &gz);
	assert_true(gz.gzip);
	assert_non_null(pd_web_cache_data(gz.cached)->gz);
	size_t lp, lg, n;
	const char *bp = pd_web_response_bytes(&plain, &lp);
	const char *bg = pd_web_response_bytes(&gz, &lg); /* lg set before it is read */
	char *back = inflate_all(bg, lg, &n);
	assert_int_equal(n, lp);
	assert_memory_equal(back, bp, lp);
	free(back);
	get(f->cached, "/records/en-1", NULL, "gzip", &again);
	assert_true(again.cached == gz.cached);   /* the kept form, not a new one */
	assert_string_equal(again.etag, gz.etag);
	get(f->cached, "/records/en-1", NULL, NULL, &after);
	assert_false(after.gzip);
	assert_string_equal(after.etag, plain.etag);
	assert_int_equal(stats(f).entries, 1);
	pd_web_response_release(&plain);
	pd_web_response_release(&gz);
	pd_web_response_release(&again);
	pd_web_response_release(&after);
}

static void test_not_modified(void **state)
{
	fixture *f = *state;
	pd_web_response first, rs;
	get(f->cached, "/feed.atom", NULL, "gzip", &first);
	pd_web_cache_stats before = stats(f);
	/* the entry's ETag, either variant, weak or not: 304 with no bytes */
	char weak[40];
	snprintf(weak, sizeof weak, "W/%s", first.etag);
	const char *tags[] = { first.etag, weak };
	for (size_t i = 0; i < 2; i++) {
		for (int enc = 0; enc < 2; enc++) {
			pd_web_request req = { .method = "GET", .path = "/feed.atom", .host = "test.local",
					       .if_none_match = tags[i],
					       .accept_encoding = enc ? "gzip" : NULL };
			pd_web_handle(f->cached, &req, &rs);
			assert_int_equal(rs.status, 304);
			size_t len;
			pd_web_response_bytes(&rs, &len);
			assert_int_equal(len, 0);
			assert_null(rs.cached);
			pd_web_response plain;
			pd_web_handle(f->plain, &req, &plain);
			assert_same("304", &rs, &plain);
			pd_web_response_release(&plain);
			pd_web_response_release(&rs);
		}
	}
	/* If-Modified-Since as well, and a tag that does not match */
	pd_web_request req = { .method = "HEAD", .path = "/feed.atom", .host = "test.local",
			       .if_modified_since = "Fri, 01 Jan 2100 00:00:00 GMT" };
	pd_web_handle(f->cached, &req, &rs);
	assert_int_equal(rs.status, 304);
	pd_web_response_release(&rs);
	req.if_modified_since = NULL;
	req.if_none_match = "\"0000000000000000\"";
	pd_web_handle(f->cached, &req, &rs);
	assert_int_equal(rs.status, 200);
	char identity[40];   /* the first tag without "-gz": this one asked no gzip */
	snprintf(identity, sizeof identity, "%.17s\"", first.etag);
	assert_string_equal(rs.etag, identity);
	pd_web_response_release(&rs);
	pd_web_cache_stats after = stats(f);
	assert_int_equal(after.hits - before.hits, 6);   /* every one answered from the entry */
	assert_int_equal(after.entries, before.entries);
	pd_web_response_release(&first);
}

static void test_not_kept(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	/* an address whose key passes PD_WEB_CACHE_MAX_KEY_BYTES */
	char q[PD_WEB_CACHE_MAX_KEY_BYTES + 16];
	memset(q, 'a', sizeof q - 1);
	memcpy(q, "x=", 2);
	q[sizeof q - 1] = '\0';
	get(f->cached, "/records/en-1", q, NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(rs.cached);
	pd_web_response_release(&rs);
	assert_int_equal(stats(f).entries, 0);

	/* a cache too small for the page: answered, not kept */
	pd_web_cache *tiny = pd_web_cache_new(16 * 1024);
	pd_web_ctx *ctx = pd_web_ctx_new(f->store, f->path);
	pd_web_ctx_set_cache(ctx, tiny, 0);
	pd_web_response a, b;
	get(ctx, "/records/en-1", NULL, "gzip", &a);
	get(f->plain, "/records/en-1", NULL, "gzip", &b);
	assert_same("too big", &a, &b);
	pd_web_response_release(&a);
	pd_web_response_release(&b);
	pd_web_cache_stats st;
	pd_web_cache_get_stats(tiny, &st);
	assert_int_equal(st.entries, 0);
	/* --cache-mb 0: no cache object; the context answers as before */
	pd_web_ctx_set_cache(ctx, pd_web_cache_new(0), 0);
	get(ctx, "/records/en-1", NULL, NULL, &a);
	get(f->plain, "/records/en-1", NULL, NULL, &b);
	assert_same("no cache", &a, &b);
	assert_null(a.cached);
	pd_web_response_release(&a);
	pd_web_response_release(&b);
	pd_web_ctx_free(ctx);
	pd_web_cache_free(tiny);
}

/* A feed's <updated> is when the data last changed, not the clock: the
 * same feed asked again a second later is the same bytes and ETag (with
 * the clock, a search feed's cached copy and a fresh one differed). */
static void test_feed_time_is_the_data_time(void **state)
{
	fixture *f = *state;
	static const char *const feeds[][2] = { { "/search.atom", "q=trade" },
						{ "/search.atom", "q=nothingmatchesthis" },
						{ "/feed.atom", NULL } };
	for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
		pd_web_response a, b;
		get(f->plain, feeds[i][0], feeds[i][1], NULL, &a);
		struct timespec pause = { 1, 100 * 1000 * 1000 };
		nanosleep(&pause, NULL);
		get(f->plain, feeds[i][0], feeds[i][1], NULL, &b);
		assert_int_equal(a.status, 200);
		assert_same(feeds[i][0], &a, &b);
		pd_web_response_release(&a);
		pd_web_response_release(&b);
	}
}

/* Searches and record lists in a search cache of their own: answered from
 * it byte for byte as uncached, made stale by a write like pages, and a
 * flood of distinct queries evicts only other queries, never a page. */
static void test_searches_kept_apart(void **state)
{
	fixture *f = *state;
	pd_web_cache *searches = pd_web_cache_new(2 << 20);
	pd_web_ctx_set_search_cache(f->cached, searches);
	static const struct { const char *path, *query; } asked[] = {
		{ "/search", "q=embassy" },
		{ "/search", "q=embassy&page=1" },   /* another key, the same answer */
		{ "/search.atom", "q=trade" },
		{ "/api/v1/search", "q=embassy&per_page=5" },
		{ "/api/v1/records", NULL },
		{ "/api/v1/records", "lang=zh" },
	};
	size_t n = sizeof asked / sizeof asked[0];
	for (size_t i = 0; i < n; i++) {
		for (int round = 0; round < 2; round++) {
			pd_web_response a, b;
			char what[120];
			snprintf(what, sizeof what, "%s?%s round %d", asked[i].path,
				 asked[i].query ? asked[i].query : "", round);
			pd_web_cache_stats before, after;
			pd_web_cache_get_stats(searches, &before);
			get(f->cached, asked[i].path, asked[i].query, "gzip", &a);
			pd_web_cache_get_stats(searches, &after);
			get(f->plain, asked[i].path, asked[i].query, "gzip", &b);
			assert_int_equal(a.status, 200);
			assert_same(what, &a, &b);
			/* a miss that fills the entry, then a hit */
			if (after.hits - before.hits != (uint64_t)round || !a.cached)
				fail_msg("%s: %llu hits, %s", what,
					 (unsigned long long)(after.hits - before.hits),
					 a.cached ? "kept" : "not kept");
			pd_web_response_release(&a);
			pd_web_response_release(&b);
		}
	}
	pd_web_cache_stats st;
	pd_web_cache_get_stats(searches, &st);
	assert_int_equal(st.entries, n);
	assert_int_equal(stats(f).entries, 0);   /* none went to the page cache */


	/* a search writes only its temporary tables: the store's data
	 * version stays, and so does every kept page */
	uint64_t v1, v2;
	pd_err err;
	pd_web_response page;
	get(f->cached, "/records/en-1", NULL, NULL, &page);
	pd_web_response_release(&page);
	assert_int_equal(pd_store_data_version(f->store, &v1, &err), 0);
	get(f->plain, "/search", "q=district+plans", NULL, &page);
	pd_web_response_release(&page);
	assert_int_equal(pd_store_data_version(f->store, &v2, &err), 0);
	assert_true(v1 == v2);
	pd_web_cache_stats pages_before = stats(f);
	get(f->cached, "/records/en-1", NULL, NULL, &page);
	assert_int_equal(stats(f).hits, pages_before.hits + 1);
	pd_web_response_release(&page);

	/* a write: the kept answer goes, the new text is found */
	pd_web_response rs;
	char *t;
	get(f->cached, "/api/v1/search", "q=booming", NULL, &rs);
	assert_non_null(strstr(t = text_of(&rs), "\"total\":0"));
	free(t);
	pd_web_response_release(&rs);
	pd_web_cache_get_stats(searches, &st);
	store_put(f->store, en1_saying("Trade is booming."));
	get(f->cached, "/api/v1/search", "q=booming", NULL, &rs);
	pd_web_cache_stats now;
	pd_web_cache_get_stats(searches, &now);
	assert_int_equal(now.hits, st.hits);   /* rebuilt, not read */
	assert_non_null(strstr(t = text_of(&rs), "\"total\":1"));
	free(t);
	pd_web_response_release(&rs);

	/* a page read, then 600 distinct searches: the page stays */
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	pd_web_response_release(&rs);
	for (int i = 0; i < 600; i++) {
		char q[64];
		snprintf(q, sizeof q, "q=embassy+district&crawler=%d", i);
		get(f->cached, "/search", q, NULL, &rs);
		assert_int_equal(rs.status, 200);
		pd_web_response_release(&rs);
	}
	pd_web_cache_get_stats(searches, &st);
	assert_true(st.evictions > 0);
	assert_true(st.bytes <= 2 << 20);
	get(f->cached, "/records/en-1", NULL, NULL, &rs);
	assert_non_null(rs.cached);
	pd_web_response_release(&rs);
	assert_int_equal(stats(f).evictions, 0);

	pd_web_ctx_set_search_cache(f->cached, NULL);
	pd_web_cache_free(searches);
}

/* Worker threads as the server runs them: each with its own store handle
 * and context, one shared cache, the same pages; every answer must equal
 * the uncached one computed beforehand. */
typedef struct reader {
	fixture *f;
	pd_web_cache *cache;
	char *want[4];
	size_t want_len[4];
} reader;

static const char *const reader_pages[4] = {
	"/records/en-1", "/records/zh-1", "/feed.atom", "/api/v1/records/en-1",
};

static void *reader_run(void *arg)
{
	reader *r = arg;
	pd_store *s;
	pd_err err;
	if (pd_store_open(r->f->path, PD_STORE_READONLY, &s, &err) != 0)
		fail_msg("open: %s", err.msg);
	pd_web_ctx *ctx = pd_web_ctx_new(s, r->f->path);
	pd_web_ctx_set_cache(ctx, r->cache, 0);
	for (int i = 0; i < 300; i++) {
		pd_web_response rs;
		size_t p = (size_t)i % 4, len;
		get(ctx, reader_pages[p], NULL, NULL, &rs);
		const char *b = pd_web_response_bytes(&rs, &len);
		if (rs.status != 200 || len != r->want_len[p] || memcmp(b, r->want[p], len) != 0)
			fail_msg("%s: another answer under threads", reader_pages[p]);
		pd_web_response_release(&rs);
	}
	pd_web_ctx_free(ctx);
	pd_store_close(s);
	return NULL;
}

static void test_router_threads(void **state)
{
	fixture *f = *state;
	reader r = { .f = f, .cache = f->cache };
	for (size_t p = 0; p < 4; p++) {
		pd_web_response rs;
		get(f->plain, reader_pages[p], NULL, NULL, &rs);
		assert_int_equal(rs.status, 200);
		r.want_len[p] = rs.body.len;
		r.want[p] = text_of(&rs);
		pd_web_response_release(&rs);
	}
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, reader_run, &r), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	pd_web_cache_stats st = stats(f);
	assert_true(st.hits > 1000);   /* 1,200 requests over 4 pages */
	for (size_t p = 0; p < 4; p++)
		free(r.want[p]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_miss),
		cmocka_unit_test(test_lru_eviction),
		cmocka_unit_test(test_generations_and_age),
		cmocka_unit_test(test_add_gzip),
		cmocka_unit_test(test_threads),
		cmocka_unit_test_setup_teardown(test_router_same_as_uncached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_rebuilds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recheck_interval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip_variant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gzip_on_demand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_modified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_searches_kept_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_time_is_the_data_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_router_threads, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
