/* sqlite_kept.c: filtered answers a connection keeps between searches.
 *
 * A filtered search whose page the term's top list does not fill ranks
 * every match in the filters' set: `government` by PRIME MINISTER at 10x
 * walks the term's 526k rows and scores the 141k in the set, ~29 ms CPU,
 * every time it is asked, though its answer changes only with the index.
 * So a connection keeps, for its last SQ_KEPT_ANSWERS (MATCH, filter)
 * pairs, what that search learned: the exact count of matches in the set
 * and the ranked prefix of them it read (every row scoring above the last
 * score read, in Podium's order, dates included). The next page or the
 * same search again reads its page from that prefix when the prefix holds
 * it, and takes the total as it is. Like the kept match counts
 * (sqlite_search.c), an answer is kept only while the top lists are
 * current and for one index_gen: every change to a turn advances it (a put
 * of a record re-writes its turns, so its date and speakers move it too),
 * and a kept answer of another generation is never read.
 * PODIUM_SEARCH_KEEP=0 keeps nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

/* The MATCH and every filter field, length-prefixed, as one key (a set's
 * key leaves out the language and turn kind, which no set takes; an
 * answer's must not). */
static char *kept_key(const char *match, const pd_filter *f)
{
	const char *v[] = { match, f->lang, f->turn_kind };
	pd_buf key;
	pd_buf_init(&key, 0);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		pd_buf_printf(&key, "%zu:%s", v[i] ? strlen(v[i]) : 0, v[i] ? v[i] : "");
	sq_filter_key(f, &key);
	char *out = pd_xstrdup(pd_buf_cstr(&key));
	pd_buf_release(&key);
	return out;
}

static bool may_keep(const sq_store *s)
{
	return s->gen_current && s->search_keep;
}

static void slot_free(sq_kept *k)
{
	free(k->key);
	sq_ranked_free(k->v, k->n);
	memset(k, 0, sizeof *k);
}

sq_kept *sq_kept_find(sq_store *s, const char *match, const pd_filter *f)
{
	if (!may_keep(s))
		return NULL;
	char *key = kept_key(match, f);
	sq_kept *found = NULL;
	for (size_t i = 0; i < SQ_KEPT_ANSWERS && !found; i++)
		if (s->kept[i].key && s->kept[i].gen == s->gen && strcmp(s->kept[i].key, key) == 0)
			found = &s->kept[i];
	if (found)
		found->used = ++s->kept_clock;
	free(key);
	return found;
}

/* Where key goes: its own slot, else an empty one or one of another
 * generation, else the least recently used. */
static size_t slot_for(const sq_store *s, const char *key)
{
	for (size_t i = 0; i < SQ_KEPT_ANSWERS; i++)
		if (s->kept[i].key && strcmp(s->kept[i].key, key) == 0)
			return i;
	for (size_t i = 0; i < SQ_KEPT_ANSWERS; i++)
		if (!s->kept[i].key || s->kept[i].gen != s->gen)
			return i;
	size_t at = 0;
	for (size_t i = 1; i < SQ_KEPT_ANSWERS; i++)
		if (s->kept[i].used < s->kept[at].used)
			at = i;
	return at;
}

void sq_kept_put(sq_store *s, const char *match, const pd_filter *f, size_t total,
		 sq_ranked *v, size_t n, bool all)
{
	if (!may_keep(s)) {
		sq_ranked_free(v, n);
		return;
	}
	char *key = kept_key(match, f);
	size_t at = slot_for(s, key);
	slot_free(&s->kept[at]);
	s->kept[at] = (sq_kept){ .key = key, .gen = s->gen, .total = total, .v = v, .n = n,
				 .all = all, .used = ++s->kept_clock };
}

void sq_kept_release(sq_store *s)
{
	for (size_t i = 0; i < SQ_KEPT_ANSWERS; i++)
		slot_free(&s->kept[i]);
}
