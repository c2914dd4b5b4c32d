/* sqlite_tidset.c: a search's filters as one set of turns.
 *
 * The joined ranking tests the filters once per match: a lookup of the
 * turn and of its record, and for a speaker a subquery over the record's
 * participants and their aliases (~40 ms of the 43k matches of
 * "government" by PRIME MINISTER on the PM archive). Here the turns that
 * pass are read once per search from indexes (schema step 6) into a bitmap
 * over tid, and the ranking asks the bitmap (pd_tidset(set, rowid) in
 * its WHERE, so bm25 is computed only for rows that pass).
 *
 * The set is exactly the turns the SQL filters of sqlite_search.c take
 * (docs/search.md, "Filters"):
 *   - record-level filters (from, to, type, topic): the records that pass,
 *     then their turns (the (rid, n) index holds each turn's tid);
 *   - speaker X: turns whose label or name is X (case-insensitive), plus
 *     turns whose label is another label of a participant with label or
 *     alias X. A participant without aliases adds nothing (its one label
 *     is X, whose turns are already in), so only aliased participants are
 *     read.
 * Language and turn kind are not taken (they need each turn's row): with
 * them the caller filters in SQL. Reading the set costs about one index
 * entry per turn in it; the caller gives a budget (a multiple of the
 * matches) past which the joins cost less, and the set is not used.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

static bool set(const char *v)
{
	return v && *v;
}

static void bit_set(sq_tidset *t, sqlite3_int64 id)
{
	if (id >= 0 && id < t->nbits)
		t->bits[id >> 6] |= (uint64_t)1 << (id & 63);
}

bool sq_tidset_has(const sq_tidset *t, sqlite3_int64 id)
{
	return id >= 0 && id < t->nbits && (t->bits[id >> 6] >> (id & 63) & 1);
}

void sq_tidset_release(sq_tidset *t)
{
	free(t->bits);
	memset(t, 0, sizeof *t);
}

/* An empty set for ids up to max(col) of table. */
static int empty_for(sq_store *s, const char *sql, sq_tidset *t, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, sql, err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		t->nbits = sqlite3_column_int64(st, 0) + 1;
		t->bits = pd_xcalloc((size_t)(t->nbits + 63) / 64, sizeof *t->bits);
		t->hits = 0;
	} else {
		rc = sq_fail(s, err, "reading the filters");
	}
	sq_done(st);
	return rc;
}

/* What pd_tidset_add(fill, id, grp) adds to: id into out when grp is in
 * rids (or rids is NULL), at most `budget` rows. */
typedef struct fill {
	sq_tidset *out;
	const sq_tidset *rids;
	size_t budget;
	bool over;              /* stopped: past the budget */
} fill;

#define SQ_FILL_PTR "pd_tidset_fill"

/* Runs sql_head (selecting `id`, `grp`) plus the record filters of w, with
 * the speaker as ?1, adding every row inside SQL: one step, not one per
 * row (the rows are most of the cost: 76k for PRIME MINISTER at 1x).
 * 1: past the budget; 0: done; else an error. */
static int add_query(sq_store *s, const char *sql_head, const sq_where *w,
		     const char *speaker, const sq_tidset *rids, sq_tidset *out,
		     size_t *budget, pd_err *err)
{
	pd_buf sql;
	pd_buf_init(&sql, 0);
	/* in the aggregate, not in a WHERE: SQLite may test WHERE terms in
	 * any order (and push them into the subquery), an aggregate's
	 * argument is computed only for rows that passed them all */
	pd_buf_printf(&sql, "SELECT count(pd_tidset_add(?20, id, grp)) FROM (%s%s)",
		      sql_head, w ? pd_buf_cstr(&w->sql) : "");
	sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(&sql), err);
	pd_buf_release(&sql);
	if (!st)
		return PD_ESTORE;
	if (w)
		sq_bind_where(st, w, NULL);
	if (speaker)
		sq_bind(st, 1, speaker);
	fill f = { .out = out, .rids = rids, .budget = *budget };
	sqlite3_bind_pointer(st, 20, &f, SQ_FILL_PTR, NULL);
	int step = sqlite3_step(st);
	sq_done(st);
	*budget = f.budget;
	if (f.over)
		return 1;
	return step == SQLITE_ROW ? 0 : sq_fail(s, err, "reading the filters");
}

/* l(rid, lbl): every label (label and aliases) of the aliased
 * participants whose label or alias is ?1. An alias that is not JSON text
 * (a number) equals no turn's label in the SQL filters, so not here. */
#define SQ_ALIAS_LABELS \
	"WITH m AS (SELECT p.rid, p.label, p.aliases FROM participants p" \
	" WHERE p.aliases IS NOT NULL AND (p.label = ?1 COLLATE NOCASE OR EXISTS" \
	" (SELECT 1 FROM json_each(p.aliases) WHERE value = ?1 COLLATE NOCASE)))," \
	" l AS (SELECT rid, label AS lbl FROM m" \
	" UNION SELECT m.rid, j.value FROM m, json_each(m.aliases) j WHERE j.type = 'text')"

/* The turns spoken by X (see the top of this file), restricted to the
 * records in rids when it is given. */
static int add_speaker(sq_store *s, const char *x, const sq_tidset *rids, sq_tidset *out,
		       size_t *budget, pd_err *err)
{
	static const char *const sql[] = {
		"SELECT tid AS id, rid AS grp FROM turns WHERE speaker = ?1 COLLATE NOCASE",
		"SELECT tid AS id, rid AS grp FROM turns WHERE speaker_name = ?1 COLLATE NOCASE",
		/* other labels of the aliased participants that X names */
		SQ_ALIAS_LABELS " SELECT t.tid AS id, t.rid AS grp FROM l JOIN turns t"
		" ON t.rid = l.rid WHERE t.speaker = l.lbl AND l.lbl <> ?1 COLLATE NOCASE",
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof sql / sizeof *sql && rc == 0; i++)
		rc = add_query(s, sql[i], NULL, x, rids, out, budget, err);
	return rc;
}

/* Every tid of list `key` into out (none past the keys: a string only
 * participants have). */
static void add_list(sq_tidset *out, const sq_tidlists *l, size_t key)
{
	if (key >= l->nkeys)
		return;
	for (uint32_t i = l->off[key]; i < l->off[key + 1]; i++)
		bit_set(out, l->tid[i]);
}

/* The first index of list `key` (ascending) whose tid is >= tid. */
static uint32_t lower_bound(const sq_tidlists *l, size_t key, uint32_t tid)
{
	uint32_t lo = l->off[key], hi = l->off[key + 1];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (l->tid[mid] < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The turns of record rid whose label is string `label`: the label's tids
 * between the record's first and last tid, each looked up in the record's
 * list (a record's tids are mostly one run, but need not be). */
static void add_alias_turns(sq_tidset *out, const sq_turncols *c, uint32_t rid, uint32_t label)
{
	const sq_tidlists *r = &c->by_rid, *l = &c->by_label;
	if (rid >= r->nkeys || label >= l->nkeys || r->off[rid] == r->off[rid + 1])
		return;
	uint32_t first = r->tid[r->off[rid]], last = r->tid[r->off[rid + 1] - 1];
	for (uint32_t i = lower_bound(l, label, first); i < l->off[label + 1] && l->tid[i] <= last;
	     i++) {
		uint32_t at = lower_bound(r, rid, l->tid[i]);
		if (at < r->off[rid + 1] && r->tid[at] == l->tid[i])
			bit_set(out, l->tid[i]);
	}
}

/* Aliased participant p, when its label or an alias is X (match[]): the
 * turns of its record under its other labels and aliases (SQ_ALIAS_LABELS,
 * in memory). */
static void add_other_labels(sq_tidset *out, const sq_turncols *c, size_t p,
			     const uint8_t *match)
{
	bool named = false;
	for (uint32_t k = c->part_off[p]; k < c->part_off[p + 1] && !named; k++)
		named = match[c->part_str[k]];
	for (uint32_t k = c->part_off[p]; named && k < c->part_off[p + 1]; k++)
		if (!match[c->part_str[k]])
			add_alias_turns(out, c, c->part_rid[p], c->part_str[k]);
}

/* The same set as the indexes give, from the lists of s->cols.d: the lists
 * of the labels and names that are X, the alias keys' turns, then only
 * the turns of the records in rids (NULL: every record). The cost is the
 * turns in those lists, not the archive's. */
static void build_from_cols(const sq_turncols *c, const char *x, const sq_tidset *rids,
			    sq_tidset *out)
{
	out->nbits = c->n;
	out->bits = pd_xcalloc((size_t)(c->n + 63) / 64, sizeof *out->bits);
	sq_tidset recs = { 0 }, *into = out;
	if (rids && x) { /* the records' turns apart, then intersected */
		recs.nbits = c->n;
		recs.bits = pd_xcalloc((size_t)(c->n + 63) / 64, sizeof *recs.bits);
		into = &recs;
	}
	if (rids)
		for (sqlite3_int64 r = 1; r < rids->nbits && (size_t)r < c->by_rid.nkeys; r++)
			if (sq_tidset_has(rids, r))
				add_list(into, &c->by_rid, (size_t)r);
	if (x) { /* which strings are X, as COLLATE NOCASE compares */
		uint8_t *match = pd_xcalloc(c->nstr + 1, 1);
		for (size_t i = 0; i < c->nstr; i++)
			if ((match[i + 1] = sqlite3_stricmp(c->str[i], x) == 0)) {
				add_list(out, &c->by_label, i + 1);
				add_list(out, &c->by_name, i + 1);
			}
		for (size_t p = 0; p < c->npart; p++)
			add_other_labels(out, c, p, match);
		free(match);
	}
	if (rids && x)
		for (size_t w = 0; w < (size_t)(c->n + 63) / 64; w++)
			out->bits[w] &= recs.bits[w];
	sq_tidset_release(&recs);
}

/* The first dated record (c->date_*) whose date is >= v (after, when
 * `above`), as SQL's BINARY collation orders them (strcmp, for text
 * without NUL bytes). */
static size_t date_bound(const sq_turncols *c, const char *v, bool above)
{
	size_t lo = 0, hi = c->ndated;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->str[c->date_str[mid] - 1], v);
		if (d < 0 || (above && d == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The records a date range takes (from, to as sq_add_filters reads them:
 * date >= from, date <= to || '~'), from the dates in memory. */
static void rids_by_date(const sq_turncols *c, const char *from, const char *to,
			 sq_tidset *rids)
{
	rids->nbits = (sqlite3_int64)c->by_rid.nkeys;
	rids->bits = pd_xcalloc((c->by_rid.nkeys + 63) / 64, sizeof *rids->bits);
	size_t lo = set(from) ? date_bound(c, from, false) : 0, hi = c->ndated;
	if (set(to)) {
		char *end = pd_xmalloc(strlen(to) + 2);
		strcpy(end, to);
		strcat(end, "~");
		hi = date_bound(c, end, true);
		free(end);
	}
	for (size_t i = lo; i < hi; i++)
		bit_set(rids, c->date_rid[i]);
}

/* The filter as a cache key: each field length-prefixed, unset as empty
 * (set() reads NULL and "" alike). */
void sq_filter_key(const pd_filter *f, pd_buf *key)
{
	const char *v[] = { f->speaker, f->from, f->to, f->type, f->topic };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		pd_buf_printf(key, "%zu:%s", v[i] ? strlen(v[i]) : 0, v[i] ? v[i] : "");
}

static size_t set_words(const sq_cols *c)
{
	return (size_t)(c->d->n + 63) / 64;
}

/* A copy of the set kept for key, when there is one. */
static bool cached_set(sq_cols *c, const char *key, sq_tidset *out)
{
	for (size_t i = 0; i < SQ_SET_CACHE; i++)
		if (c->sets[i].key && strcmp(c->sets[i].key, key) == 0) {
			c->sets[i].used = ++c->clock;
			out->nbits = c->d->n;
			out->bits = pd_xmalloc(set_words(c) * sizeof *out->bits);
			memcpy(out->bits, c->sets[i].bits, set_words(c) * sizeof *out->bits);
			return true;
		}
	return false;
}

/* Keeps a copy of set for key, in place of the least recently used. */
static void keep_set(sq_cols *c, const char *key, const sq_tidset *set)
{
	size_t at = 0;
	for (size_t i = 1; i < SQ_SET_CACHE; i++)
		if (c->sets[i].used < c->sets[at].used)
			at = i;
	free(c->sets[at].key);
	free(c->sets[at].bits);
	c->sets[at].key = pd_xstrdup(key);
	c->sets[at].bits = pd_xmalloc(set_words(c) * sizeof *set->bits);
	memcpy(c->sets[at].bits, set->bits, set_words(c) * sizeof *set->bits);
	c->sets[at].used = ++c->clock;
}

int sq_tidset_build(sq_store *s, const pd_filter *f, size_t budget, sq_tidset *out,
		    pd_err *err)
{
	memset(out, 0, sizeof *out);
	if (set(f->lang) || set(f->turn_kind))
		return 0;
	pd_filter rec = { .from = f->from, .to = f->to, .type = f->type, .topic = f->topic };
	bool records = set(rec.from) || set(rec.to) || set(rec.type) || set(rec.topic);
	sq_where w = { .nbinds = 0 };
	pd_buf_init(&w.sql, 0);
	sq_tidset rids = { 0 };
	int rc = records ? sq_add_filters(&w, &rec, false, err) : 0;
	bool cols = false;
	size_t all = (size_t)-1, start = budget;
	if (rc == 0)
		rc = sq_turncols_sync(s, &cols, err);
	if (rc == 0 && cols) {
		pd_buf key;
		pd_buf_init(&key, 0);
		sq_filter_key(f, &key);
		if (!s->search_keep || !cached_set(&s->cols, pd_buf_cstr(&key), out)) {
			if (records && !set(f->type) && !set(f->topic))
				rids_by_date(s->cols.d, f->from, f->to, &rids);
			else if (records && (rc = empty_for(s, "SELECT coalesce(max(rid), 0)"
							    " FROM records", &rids, err)) == 0)
				rc = add_query(s, "SELECT rid AS id, rid AS grp FROM records r"
					       " WHERE 1", &w, NULL, NULL, &rids, &all, err);
			if (rc == 0) {
				build_from_cols(s->cols.d, set(f->speaker) ? f->speaker : NULL,
						records ? &rids : NULL, out);
				if (s->search_keep)
					keep_set(&s->cols, pd_buf_cstr(&key), out);
			}
		}
		pd_buf_release(&key);
		goto done;
	}
	if (rc == 0)
		rc = empty_for(s, "SELECT coalesce(max(tid), 0) FROM turns", out, err);
	if (rc == 0 && set(f->speaker)) {
		if (records && (rc = empty_for(s, "SELECT coalesce(max(rid), 0) FROM records",
					       &rids, err)) == 0)
			rc = add_query(s, "SELECT rid AS id, rid AS grp FROM records r WHERE 1", &w,
				       NULL, NULL, &rids, &budget, err);
		if (rc == 0)
			rc = add_speaker(s, f->speaker, records ? &rids : NULL, out, &budget, err);
	} else if (rc == 0 && records) {
		/* the records' turns: their tids from the (rid, n) index */
		rc = add_query(s, "SELECT t.tid AS id, t.rid AS grp FROM records r JOIN turns t"
			       " ON t.rid = r.rid WHERE 1", &w, NULL, NULL, out, &budget, err);
	}
	s->cols.debt += start - budget; /* what the arrays would have saved */
done:
	sq_tidset_release(&rids);
	pd_buf_release(&w.sql);
	if (rc != 0)
		sq_tidset_release(out);
	return rc < 0 || rc > 1 ? rc : !rc;
}

static void tidset_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sq_tidset *t = sqlite3_value_pointer(argv[0], SQ_TIDSET_PTR);
	bool in = t && sq_tidset_has(t, sqlite3_value_int64(argv[1]));
	if (in)
		t->hits++;
	sqlite3_result_int(ctx, in);
}

static void tidset_add_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	fill *f = sqlite3_value_pointer(argv[0], SQ_FILL_PTR);
	if (!f || f->budget == 0) { /* stops the statement */
		if (f)
			f->over = true;
		sqlite3_result_error(ctx, "pd_tidset_add: past the budget", -1);
		return;
	}
	f->budget--;
	if (!f->rids || sq_tidset_has(f->rids, sqlite3_value_int64(argv[2])))
		bit_set(f->out, sqlite3_value_int64(argv[1]));
	sqlite3_result_int(ctx, 1);
}

int sq_tidset_register(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "pd_tidset", 2, SQLITE_UTF8, NULL, tidset_fn, NULL,
					 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "pd_tidset_add", 3, SQLITE_UTF8, NULL,
					     tidset_add_fn, NULL, NULL);
	return rc;
}
