/* strmap.c: string -> size_t map (see strmap.h). Linear probing at a load
 * of at most one half. The keys' copies follow the slots in the same
 * allocation: a document's maps hold a few labels each, and a slots' array
 * and a pool for each were two allocations where one serves. */
#include "base/strmap.h"
#include "base/hash.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

/* The first room for keys: most maps need no more. */
#define KEYS_FIRST_CAP 256

void pd_strmap_init(pd_strmap *m)
{
	memset(m, 0, sizeof *m);
}

void pd_strmap_release(pd_strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* The keys' pool: right after the slots. */
static char *keys_of(const pd_strmap *m)
{
	return (char *)(m->slots + m->cap);
}

static const char *key_of(const pd_strmap *m, const pd_strmap_slot *s)
{
	return keys_of(m) + (s->key - 1);
}

static pd_strmap_slot *slot_for(const pd_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		pd_strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && memcmp(key_of(m, s), key, len) == 0))
			return s;
	}
}

bool pd_strmap_get(const pd_strmap *m, const char *key, size_t len, size_t *value)
{
	if (!m->n)
		return false;
	const pd_strmap_slot *s = slot_for(m, key, len, pd_hash64(PD_HASH64_INIT, key, len));
	if (!s->key)
		return false;
	*value = s->value;
	return true;
}

/* Twice the slots (sixteen at first), the pool as it was. */
static void grow(pd_strmap *m)
{
	pd_strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys_cap = old.cap ? old.keys_cap : KEYS_FIRST_CAP;
	m->slots = pd_xmalloc(m->cap * sizeof *m->slots + m->keys_cap);
	memset(m->slots, 0, m->cap * sizeof *m->slots);
	if (old.keys_len)
		memcpy(keys_of(m), keys_of(&old), old.keys_len);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*slot_for(m, key_of(&old, &old.slots[i]), old.slots[i].len, old.slots[i].hash) =
				old.slots[i];
	free(old.slots);
}

/* A copy of (key, len) in the pool, which may move the slots: 1 + its
 * offset. */
static size_t keep_key(pd_strmap *m, const char *key, size_t len)
{
	size_t at = m->keys_len, need = at + len + 1;
	if (need > m->keys_cap) {
		size_t cap = m->keys_cap;
		while (cap < need)
			cap *= 2;
		m->slots = pd_xrealloc(m->slots, m->cap * sizeof *m->slots + cap);
		m->keys_cap = cap;
	}
	char *keys = keys_of(m);
	memcpy(keys + at, key, len);
	keys[at + len] = '\0';
	m->keys_len = need;
	return at + 1;
}

size_t pd_strmap_put(pd_strmap *m, const char *key, size_t len, size_t value)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = pd_hash64(PD_HASH64_INIT, key, len);
	pd_strmap_slot *s = slot_for(m, key, len, h);
	if (s->key)
		return s->value;
	size_t i = (size_t)(s - m->slots), k = keep_key(m, key, len);
	s = &m->slots[i];
	s->key = k;
	s->len = len;
	s->hash = h;
	s->value = value;
	m->n++;
	return value;
}
