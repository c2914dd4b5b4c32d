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
 * participants whose label or alias is ?1. */
#define SQ_ALIAS_LABELS \
	"WITH m AS (SELECT p.rid, p.label, p.aliases FROM participants p" \
	" WHERE p.aliases IS NOT NULL AND (p.label = ?1 COLLATE NOCASE OR EXISTS" \
	" (SELECT 1 FROM json_each(p.aliases) WHERE value = ?1 COLLATE NOCASE)))," \
	" l AS (SELECT rid, label AS lbl FROM m" \
	" UNION SELECT m.rid, j.value FROM m, json_each(m.aliases) j)"

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

/* Other labels of the aliased participants X names (as add_speaker's
 * third query), as sorted keys rid << 32 | label id + 1 of s->cols. */
static int alias_keys(sq_store *s, const char *x, uint64_t **keys, size_t *n, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, SQ_ALIAS_LABELS " SELECT rid, lbl FROM l"
				   " WHERE lbl <> ?1 COLLATE NOCASE", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, x);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t id = sq_turncols_find(&s->cols, (const char *)sqlite3_column_text(st, 1));
		if (!id) /* no turn has that label */
			continue;
		*keys = pd_xgrow(*keys, sizeof **keys, *n + 1, &cap);
		(*keys)[(*n)++] = (uint64_t)sqlite3_column_int64(st, 0) << 32 | id;
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the filters");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The same set as the indexes give, from the arrays of s->cols: one pass
 * over the turns. rids: the records that pass, or NULL. */
static int build_from_cols(sq_store *s, const char *x, const sq_tidset *rids, sq_tidset *out,
			   pd_err *err)
{
	const sq_turncols *c = &s->cols;
	uint8_t *match = NULL;
	uint64_t *keys = NULL;
	size_t nkeys = 0;
	int rc = 0;
	if (x) { /* which strings are X, as COLLATE NOCASE compares */
		match = pd_xcalloc(c->nstr + 1, 1);
		for (size_t i = 0; i < c->nstr; i++)
			match[i + 1] = sqlite3_stricmp(c->str[i], x) == 0;
		rc = alias_keys(s, x, &keys, &nkeys, err);
		if (nkeys)
			qsort(keys, nkeys, sizeof *keys, cmp_u64);
	}
	out->nbits = c->n;
	out->bits = pd_xcalloc((size_t)(c->n + 63) / 64, sizeof *out->bits);
	for (sqlite3_int64 t = 0; rc == 0 && t < c->n; t++) {
		uint32_t rid = c->rid[t], label = c->label[t];
		if (!rid || (rids && !sq_tidset_has(rids, rid)))
			continue;
		if (x && !match[label] && !match[c->name[t]]) {
			uint64_t key = (uint64_t)rid << 32 | label;
			if (!label || !nkeys || !bsearch(&key, keys, nkeys, sizeof *keys, cmp_u64))
				continue;
		}
		bit_set(out, t);
	}
	free(match);
	free(keys);
	return rc;
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
		if (records && (rc = empty_for(s, "SELECT coalesce(max(rid), 0) FROM records",
					       &rids, err)) == 0)
			rc = add_query(s, "SELECT rid AS id, rid AS grp FROM records r WHERE 1", &w,
				       NULL, NULL, &rids, &all, err);
		if (rc == 0)
			rc = build_from_cols(s, set(f->speaker) ? f->speaker : NULL,
					     records ? &rids : NULL, out, err);
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
