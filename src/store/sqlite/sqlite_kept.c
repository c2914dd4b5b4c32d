/* sqlite_kept.c: filtered answers kept between searches.
 *
 * A filtered search whose page the term's top list does not fill ranks
 * every match in the filters' set: `government` by PRIME MINISTER at 10x
 * walks the term's 526k rows and scores the 141k in the set, ~29 ms CPU,
 * every time it is asked, though its answer changes only with the index.
 * So the process keeps (sqlite_keeper.c), for recent (MATCH, filter)
 * pairs, what that search learned: the exact count of matches in the set
 * and the ranked prefix of them it read (every row scoring above the last
 * score read, in Podium's order, dates included). The next page or the
 * same search again, on any connection of the process to the file, reads
 * its page from that prefix when the prefix holds it, and takes the total
 * as it is. Like the kept match counts
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

static void kept_free(void *p)
{
	sq_kept *k = p;
	sq_ranked_free(k->v, k->n);
	free(k);
}

const sq_kept *sq_kept_find(sq_store *s, const char *match, const pd_filter *f)
{
	char *key = kept_key(match, f);
	const sq_kept *found = sq_keep_find(s, SQ_KEEP_ANSWER, key);
	free(key);
	return found;
}

void sq_kept_put(sq_store *s, const char *match, const pd_filter *f, size_t total,
		 sq_ranked *v, size_t n, bool all)
{
	sq_kept *k = pd_xmalloc(sizeof *k);
	*k = (sq_kept){ .total = total, .v = v, .n = n, .all = all };
	size_t bytes = sizeof *k + n * sizeof *v;
	for (size_t i = 0; i < n; i++)
		bytes += v[i].date ? strlen(v[i].date) + 1 : 0;
	char *key = kept_key(match, f);
	sq_keep_put(s, SQ_KEEP_ANSWER, key, k, bytes, kept_free);
	free(key);
}
