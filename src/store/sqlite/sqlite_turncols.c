/* sqlite_turncols.c: each turn's record, label and speaker name in memory.
 *
 * A filter set read from the indexes costs an index entry per turn in it:
 * 76k for PRIME MINISTER at 1x, ~15 ms a search. A connection that keeps
 * filtering loads, once per index generation, three arrays over tid (rid,
 * label, name; the strings interned) from the same indexes, and a set is
 * then a pass over the arrays (~1 ms at 1x). It is loaded when the
 * connection's searches have read half as many index entries for their
 * sets as there are turns (ski rental: a server's connection soon does, a
 * one-off search does not pay the load), and only while the top lists
 * are current (no write since podium optimize, so no reload per search
 * while an ingest runs). Every change to a turn (a put re-writes its turns,
 * an update fires turns_au) advances index_gen, so the arrays hold while
 * index_gen is the one they were loaded at.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

#define SQ_COLS_PAYBACK 2

void sq_turncols_release(sq_turncols *c)
{
	for (size_t i = 0; i < c->nstr; i++)
		free(c->str[i]);
	free(c->str);
	free(c->slots);
	free(c->rid);
	free(c->label);
	free(c->name);
	size_t debt = c->debt;
	memset(c, 0, sizeof *c);
	c->debt = debt;
}

static size_t slot_of(const sq_turncols *c, const char *v, size_t len)
{
	size_t i = (size_t)pd_hash64(PD_HASH64_INIT, v, len) & c->mask;
	while (c->slots[i] && strcmp(c->str[c->slots[i] - 1], v) != 0)
		i = (i + 1) & c->mask;
	return i;
}

uint32_t sq_turncols_find(const sq_turncols *c, const char *v)
{
	return c->slots && v ? c->slots[slot_of(c, v, strlen(v))] : 0;
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

/* Rows of (tid, rid, text) from sql into rid[] and col[]. */
static int load_col(sq_store *s, const char *sql, uint32_t *col, pd_err *err)
{
	sq_turncols *c = &s->cols;
	sqlite3_stmt *st = sq_prep(s, sql, err);
	if (!st)
		return PD_ESTORE;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 tid = sqlite3_column_int64(st, 0);
		if (tid < 0 || tid >= c->n)
			continue;
		c->rid[tid] = (uint32_t)sqlite3_column_int64(st, 1);
		col[tid] = intern(c, (const char *)sqlite3_column_text(st, 2));
	}
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading the turns");
}

static int load(sq_store *s, sqlite3_int64 gen, pd_err *err)
{
	sq_turncols *c = &s->cols;
	sq_turncols_release(c);
	sqlite3_stmt *st = sq_prep(s, "SELECT coalesce(max(tid), 0) + 1,"
				   " (SELECT coalesce(max(rid), 0) FROM records) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading the turns");
	c->n = sqlite3_column_int64(st, 0);
	sqlite3_int64 maxrid = sqlite3_column_int64(st, 1);
	sq_done(st);
	if (rc)
		return rc;
	if (maxrid > (sqlite3_int64)UINT32_MAX || c->n > (sqlite3_int64)UINT32_MAX)
		return 0; /* not loaded: the ids do not fit */
	c->rid = pd_xcalloc((size_t)c->n, sizeof *c->rid);
	c->label = pd_xcalloc((size_t)c->n, sizeof *c->label);
	c->name = pd_xcalloc((size_t)c->n, sizeof *c->name);
	/* every turn is in turns_speaker (NULL labels too) */
	rc = load_col(s, "SELECT tid, rid, speaker FROM turns INDEXED BY turns_speaker",
		      c->label, err);
	if (rc == 0)
		rc = load_col(s, "SELECT tid, rid, speaker_name FROM turns INDEXED BY"
			      " turns_speaker_name WHERE speaker_name IS NOT NULL", c->name, err);
	if (rc) {
		sq_turncols_release(c);
		return rc;
	}
	c->gen = gen;
	c->loaded = true;
	c->debt = 0;
	return 0;
}

int sq_turncols_sync(sq_store *s, bool *ok, pd_err *err)
{
	sq_turncols *c = &s->cols;
	*ok = false;
	if (!s->gen_current || !s->filter_cols)
		return 0;
	if (c->loaded && c->gen == s->gen) {
		*ok = true;
		return 0;
	}
	sqlite3_stmt *st = sq_prep(s, "SELECT coalesce(max(tid), 0) FROM turns", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading the turns");
	sqlite3_int64 rows = sqlite3_column_int64(st, 0);
	sq_done(st);
	if (rc || (sqlite3_int64)c->debt * SQ_COLS_PAYBACK < rows)
		return rc;
	if ((rc = load(s, s->gen, err)) == 0)
		*ok = c->loaded;
	return rc;
}
