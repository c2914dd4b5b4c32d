/* strmap.h: a string -> size_t map (open addressing, FNV-1a), for lookups
 * that would otherwise scan a list once per item — the turn detector keys
 * labels and participants by it, so a document with thousands of distinct
 * speakers stays linear.
 *
 *   pd_strmap m; pd_strmap_init(&m);
 *   pd_strmap_put(&m, "PM", 3, 0);          // keeps the first value
 *   size_t v; if (pd_strmap_get(&m, "PM", 2, &v)) ...
 *   pd_strmap_release(&m);
 *
 * The map copies its keys; keys may hold any bytes (length-delimited).
 * The copies share one pool, after the slots in their allocation (a malloc
 * and a free per key were most of a document's maps' allocator calls, the
 * detector keeps three). */
#ifndef PD_BASE_STRMAP_H
#define PD_BASE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pd_strmap_slot {
	size_t key;           /* 1 + the key's offset in the pool; 0: empty */
	size_t len;
	uint64_t hash;
	size_t value;
} pd_strmap_slot;

typedef struct pd_strmap {
	pd_strmap_slot *slots;
	size_t n, cap;        /* cap is 0 or a power of two */
	/* the pool: keys_cap bytes after the cap slots, keys_len of them
	 * used by the keys' bytes, each NUL-terminated */
	size_t keys_len, keys_cap;
} pd_strmap;

void pd_strmap_init(pd_strmap *m);
void pd_strmap_release(pd_strmap *m);
/* True and *value set when key is present. */
bool pd_strmap_get(const pd_strmap *m, const char *key, size_t len, size_t *value);
/* Adds key -> value unless key is present (the first value stays). Returns
 * the value the key now maps to. */
size_t pd_strmap_put(pd_strmap *m, const char *key, size_t len, size_t value);

#endif
