/* sqlite_turncols.c: the turns by record, by label and by speaker name in
 * memory.
 *
 * A filter set read from the indexes costs an index entry per turn in it:
 * 76k for PRIME MINISTER at 1x, ~15 ms a search. A connection that keeps
 * filtering loads, once per index generation, the tids of each record, of
 * each label and of each name (the strings interned) from the same indexes,
 * and a set is then the union of the lists the filter names: PRIME
 * MINISTER's 643k turns at 10x are one list, not a pass over all 3.3M
 * turns (the first version kept each turn's rid, label and name and
 * passed over all of them per search: 40-80 ms at 10x). The lists take
 * what those three arrays took (one tid per turn in each). They are loaded
 * when the connection's searches have read half as many index entries for
 * their sets as there are turns (ski rental: a server's connection soon
 * does, a one-off search does not pay the load), and only while the top
 * lists are current (no write since podium optimize, so no reload per
 * search while an ingest runs). Every change to a turn (a put re-writes its
 * turns, an update fires turns_au) advances index_gen, so the lists hold
 * while index_gen is the one they were loaded at. They are loaded once per
 * process and file at a generation: a server's worker connections share
 * one copy (sqlite_shared.c), and a connection that finds it loaded uses it
 * at once.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

#define SQ_COLS_PAYBACK 2

static void lists_release(sq_tidlists *l)
{
	free(l->off);
	free(l->tid);
	memset(l, 0, sizeof *l);
}

static void turncols_free(void *p)
{
	sq_turncols *c = p;
	for (size_t i = 0; i < c->nstr; i++)
		free(c->str[i]);
	free(c->str);
	free(c->slots);
	lists_release(&c->by_rid);
	lists_release(&c->by_label);
	lists_release(&c->by_name);
	free(c->part_rid);
	free(c->part_off);
	free(c->part_str);
	free(c->date_rid);
	free(c->date_str);
	free(c);
}

/* Drops the connection's reference and the sets it built from it. */
static void cols_drop(sq_cols *c)
{
	sq_shared_drop(c->d);
	c->d = NULL;
	for (size_t i = 0; i < SQ_SET_CACHE; i++) {
		free(c->sets[i].key);
		free(c->sets[i].bits);
		c->sets[i] = (struct sq_setslot){ 0 };
	}
}

void sq_cols_release(sq_cols *c)
{
	cols_drop(c);
	memset(c, 0, sizeof *c);
}

static size_t slot_of(const sq_turncols *c, const char *v, size_t len)
{
	size_t i = (size_t)pd_hash64(PD_HASH64_INIT, v, len) & c->mask;
	while (c->slots[i] && strcmp(c->str[c->slots[i] - 1], v) != 0)
		i = (i + 1) & c->mask;
	return i;
}

/* The id + 1 of string v (interned on first sight); 0 for NULL. */
static uint32_t intern(sq_turncols *c, const char *v)
{
	if (!v)
		return 0;
	if (2 * (c->nstr + 1) > c->mask + 1) { /* grow, rehash */
		size_t cap = c->mask ? 2 * (c->mask + 1) : 1024;
		free(c->slots);
		c->slots = pd_xcalloc(cap, sizeof *c->slots);
		c->mask = cap - 1;
		for (size_t i = 0; i < c->nstr; i++)
			c->slots[slot_of(c, c->str[i], strlen(c->str[i]))] = (uint32_t)i + 1;
	}
	size_t len = strlen(v), i = slot_of(c, v, len);
	if (!c->slots[i]) {
		c->str = pd_xgrow(c->str, sizeof *c->str, c->nstr + 1, &c->capstr);
		c->str[c->nstr++] = pd_xstrdup(v);
		c->slots[i] = (uint32_t)c->nstr;
	}
	return c->slots[i];
}

/* Rows of (tid, rid, text) from sql into rid[] (when given) and col[]. */
static int load_col(sq_store *s, sq_turncols *c, const char *sql, uint32_t *rid, uint32_t *col,
		    pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, sql, err);
	if (!st)
		return PD_ESTORE;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 tid = sqlite3_column_int64(st, 0);
		if (tid < 0 || tid >= c->n)
			continue;
		if (rid)
			rid[tid] = (uint32_t)sqlite3_column_int64(st, 1);
		col[tid] = intern(c, (const char *)sqlite3_column_text(st, 2));
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the turns");
}

/* The tids of each key of key[] (0 .. nkeys - 1; key 0 listed only when
 * `zero`), ascending: a counting sort over tid. */
static void lists_build(sq_tidlists *l, const uint32_t *key, size_t n, size_t nkeys, bool zero)
{
	l->nkeys = nkeys;
	l->off = pd_xcalloc(nkeys + 1, sizeof *l->off);
	for (size_t t = 0; t < n; t++)
		if (key[t] || zero)
			l->off[key[t] + 1]++;
	for (size_t k = 0; k < nkeys; k++)
		l->off[k + 1] += l->off[k];
	l->tid = pd_xmalloc((l->off[nkeys] ? l->off[nkeys] : 1) * sizeof *l->tid);
	uint32_t *fill = pd_xmalloc((nkeys ? nkeys : 1) * sizeof *fill);
	memcpy(fill, l->off, nkeys * sizeof *fill);
	for (size_t t = 0; t < n; t++)
		if (key[t] || zero)
			l->tid[fill[key[t]]++] = (uint32_t)t;
	free(fill);
}

/* The aliased participants' records, labels and aliases (the rows of the
 * participants_aliased index): a speaker's other labels are then a pass
 * over them in memory (the same SQL per search took ~25 ms for PRIME
 * MINISTER at 10x, 8,010 aliased participants). */
static int load_parts(sq_store *s, sq_turncols *c, pd_err *err)
{
	/* a participant's rows come together (the join's outer loop) */
	sqlite3_stmt *st = sq_prep(s, "SELECT p.rowid, p.rid, p.label, j.value"
				   " FROM participants p INDEXED BY participants_aliased,"
				   " json_each(p.aliases) j WHERE p.aliases IS NOT NULL", err);
	if (!st)
		return PD_ESTORE;
	size_t caprid = 0, capoff = 0, capstr = 0, nstr = 0;
	sqlite3_int64 last = -1;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 3) != SQLITE_TEXT)
			continue; /* a JSON number or null: equal to no text in SQL */
		sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
		if (rowid != last || c->npart == 0) { /* a new participant: its label */
			last = rowid;
			c->part_rid = pd_xgrow(c->part_rid, sizeof *c->part_rid, c->npart + 1,
					       &caprid);
			c->part_off = pd_xgrow(c->part_off, sizeof *c->part_off, c->npart + 2,
					       &capoff);
			c->part_rid[c->npart] = (uint32_t)sqlite3_column_int64(st, 1);
			c->part_off[c->npart++] = (uint32_t)nstr;
			c->part_str = pd_xgrow(c->part_str, sizeof *c->part_str, nstr + 1, &capstr);
			c->part_str[nstr++] = intern(c, (const char *)sqlite3_column_text(st, 2));
		}
		c->part_str = pd_xgrow(c->part_str, sizeof *c->part_str, nstr + 1, &capstr);
		c->part_str[nstr++] = intern(c, (const char *)sqlite3_column_text(st, 3));
	}
	sq_done(st);
	if (c->npart)
		c->part_off[c->npart] = (uint32_t)nstr;
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the participants");
}

/* The records' dates, in the order SQL compares them (BINARY: the bytes,
 * then the shorter first; records_date gives them so), then by rid.
 * Records without a date are in no date range. */
static int load_dates(sq_store *s, sq_turncols *c, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT rid, date FROM records WHERE date IS NOT NULL"
				   " ORDER BY date, rid", err);
	if (!st)
		return PD_ESTORE;
	size_t caprid = 0, capstr = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 rid = sqlite3_column_int64(st, 0);
		if (rid <= 0 || rid >= (sqlite3_int64)c->by_rid.nkeys)
			continue; /* not a record the lists hold */
		c->date_rid = pd_xgrow(c->date_rid, sizeof *c->date_rid, c->ndated + 1, &caprid);
		c->date_str = pd_xgrow(c->date_str, sizeof *c->date_str, c->ndated + 1, &capstr);
		c->date_rid[c->ndated] = (uint32_t)rid;
		c->date_str[c->ndated++] = intern(c, (const char *)sqlite3_column_text(st, 1));
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the records");
}

/* The lists at index_gen gen: *out (the caller's to free with
 * turncols_free), left NULL when the ids do not fit in 32 bits. */
static int load(sq_store *s, sqlite3_int64 gen, sq_turncols **out, pd_err *err)
{
	*out = NULL;
	sqlite3_stmt *st = sq_prep(s, "SELECT coalesce(max(tid), 0) + 1,"
				   " (SELECT coalesce(max(rid), 0) FROM records) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading the turns");
	sqlite3_int64 n = sqlite3_column_int64(st, 0);
	sqlite3_int64 maxrid = sqlite3_column_int64(st, 1);
	sq_done(st);
	if (rc)
		return rc;
	if (maxrid >= (sqlite3_int64)UINT32_MAX || n > (sqlite3_int64)UINT32_MAX)
		return 0; /* not loaded: the ids do not fit */
	sq_turncols *c = pd_xcalloc(1, sizeof *c);
	c->n = n;
	c->gen = gen;
	/* each turn's rid and label, then its name (rid 0: no such turn) */
	uint32_t *rid = pd_xcalloc((size_t)c->n, sizeof *rid);
	uint32_t *col = pd_xcalloc((size_t)c->n, sizeof *col);
	/* every turn is in turns_speaker (NULL labels too) */
	rc = load_col(s, c, "SELECT tid, rid, speaker FROM turns INDEXED BY turns_speaker", rid,
		      col, err);
	if (rc == 0) {
		lists_build(&c->by_rid, rid, (size_t)c->n, (size_t)maxrid + 1, false);
		lists_build(&c->by_label, col, (size_t)c->n, c->nstr + 1, false);
		memset(col, 0, (size_t)c->n * sizeof *col);
		rc = load_col(s, c, "SELECT tid, rid, speaker_name FROM turns INDEXED BY"
			      " turns_speaker_name WHERE speaker_name IS NOT NULL", NULL, col, err);
	}
	if (rc == 0)
		lists_build(&c->by_name, col, (size_t)c->n, c->nstr + 1, false);
	free(rid);
	free(col);
	if (rc == 0) /* strings no turn has get ids past the lists' keys */
		rc = load_parts(s, c, err);
	if (rc == 0)
		rc = load_dates(s, c, err);
	if (rc) {
		turncols_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int sq_turncols_sync(sq_store *s, bool *ok, pd_err *err)
{
	sq_cols *c = &s->cols;
	*ok = false;
	if (!s->gen_current || !s->filter_cols)
		return 0;
	if (c->d && c->d->gen == s->gen) {
		*ok = true;
		return 0;
	}
	cols_drop(c); /* of an older generation: never current again */
	if ((c->d = sq_shared_find(&s->file, SQ_SHARED_COLS, s->gen))) {
		*ok = true;
		return 0;
	}
	sqlite3_int64 rows = 0;
	int rc = s->load_at_once ? 0 : sq_max_tid(s, &rows, err);
	if (rc || (!s->load_at_once && (sqlite3_int64)c->debt * SQ_COLS_PAYBACK < rows))
		return rc;
	sq_turncols *loaded;
	if ((rc = load(s, s->gen, &loaded, err)) == 0 && loaded) {
		c->d = sq_shared_keep(&s->file, SQ_SHARED_COLS, s->gen, loaded, turncols_free);
		c->debt = 0;
		*ok = true;
	}
	return rc;
}
