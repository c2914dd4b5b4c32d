/* test_strmap.c: the string -> size_t map (base/strmap.c), whose key
 * copies share one pool that grows and moves. Against a plain model (a
 * list of the keys put, searched from the start): keys of every length
 * from 0 to past the pool's first room (256 bytes), bytes above ASCII and
 * NUL bytes inside keys, keys that are prefixes of one another, the same
 * key put again (the first value stays), and every key looked up after
 * every put, so a key whose copy moved with the pool or was overwritten
 * by the next one is seen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

#define NKEYS 600
#define KEY_MAXLEN 300

typedef struct model_key {
	char bytes[KEY_MAXLEN];
	size_t len, value;
} model_key;

static uint32_t next_rand(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

/* The model's value for (key, len): the first put's; false when never put. */
static bool model_get(const model_key *m, size_t n, const char *key, size_t len, size_t *value)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].len == len && memcmp(m[i].bytes, key, len) == 0) {
			*value = m[i].value;
			return true;
		}
	return false;
}

/* Key i: a length that walks 0..KEY_MAXLEN-1, bytes from the whole range
 * (NUL and 0x80.. among them); every seventh key is a start of the one
 * before, every eleventh the one before again. */
static void make_key(model_key *keys, size_t i, uint32_t *x)
{
	model_key *k = &keys[i];
	if (i && i % 11 == 0) {
		*k = keys[i - 1];
		return;
	}
	if (i && i % 7 == 0) {
		*k = keys[i - 1];
		k->len = k->len ? k->len - 1 : 0;
		return;
	}
	k->len = (i * 37) % KEY_MAXLEN;
	for (size_t j = 0; j < k->len; j++)
		k->bytes[j] = (char)(next_rand(x) & (i % 3 ? 0xFF : 0x03));
}

static void test_against_model(void **state)
{
	(void)state;
	static model_key keys[NKEYS];
	model_key *model = calloc(NKEYS, sizeof *model);
	size_t nmodel = 0;
	uint32_t x = 11;
	pd_strmap m;
	pd_strmap_init(&m);
	size_t v;
	assert_false(pd_strmap_get(&m, "", 0, &v));
	for (size_t i = 0; i < NKEYS; i++) {
		make_key(keys, i, &x);
		size_t want;
		bool known = model_get(model, nmodel, keys[i].bytes, keys[i].len, &want);
		size_t got = pd_strmap_put(&m, keys[i].bytes, keys[i].len, 1000 + i);
		if (!known) {
			want = 1000 + i;
			model[nmodel++] = (model_key){ .len = keys[i].len, .value = want };
			memcpy(model[nmodel - 1].bytes, keys[i].bytes, keys[i].len);
		}
		assert_int_equal(got, want);
		assert_int_equal(m.n, nmodel);
		for (size_t j = 0; j < nmodel; j++) {
			assert_true(pd_strmap_get(&m, model[j].bytes, model[j].len, &v));
			assert_int_equal(v, model[j].value);
		}
		/* a key one byte longer than each known one is not there */
		char longer[KEY_MAXLEN + 1];
		memcpy(longer, keys[i].bytes, keys[i].len);
		longer[keys[i].len] = '\x01';
		if (!model_get(model, nmodel, longer, keys[i].len + 1, &want))
			assert_false(pd_strmap_get(&m, longer, keys[i].len + 1, &v));
	}
	pd_strmap_release(&m);
	/* released: empty, and usable again */
	assert_false(pd_strmap_get(&m, "", 0, &v));
	assert_int_equal(pd_strmap_put(&m, "PM", 2, 5), 5);
	assert_int_equal(pd_strmap_put(&m, "PM", 2, 6), 5);
	assert_true(pd_strmap_get(&m, "PM", 2, &v));
	assert_int_equal(v, 5);
	assert_false(pd_strmap_get(&m, "P", 1, &v));
	pd_strmap_release(&m);
	free(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
