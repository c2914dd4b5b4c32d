/* sqlite_speakers.c: a speaker's list of records kept in one row (schema
 * step 9), for the speaker pages (pd_store_list with a speaker alone).
 *
 * The SQL list finds a speaker's records with a pass over participants
 * (labels, names, then the aliased rows' aliases) and sorts them all by
 * date for the total and again for the page: 0.2-0.35 s at 10x for a
 * speaker with many records. An index on the labels and names would cost
 * ~15 MB at 10x. Instead pd_store_optimize writes speaker_lists: a row per
 * speaker key (a label, name or alias; NOCASE, as the filter compares) with
 * its records' rids in the list's newest-first order ("date DESC, id"),
 * packed. A page then reads that row and its own records.
 *
 * An entry is a varint (sq_varint_put: 7 bits a byte, least
 * significant first) of zigzag(rid - previous rid) * 2 + first, where
 * first says the entry's date differs from the previous entry's (the
 * list's first entry says it too). The undated records are the list's last
 * `undated` entries. Oldest first ("date IS NULL, date ASC, id") is then
 * the dated runs of equal dates in reverse order, each run as it is (ties
 * by id either way), then the undated ones.
 *
 * The rows hold while meta 'speaker_lists' exists: the triggers of step 9
 * delete it on any write to participants, on a deleted record and on a
 * changed record id or date (a put rewrites its participants). Until the
 * next optimize the SQL list answers, as before.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

/* ---- building (pd_store_optimize) --------------------------------------- */

/* One key's list being packed. */
typedef struct key_list {
	pd_buf key, rids;
	size_t n, undated;
	sqlite3_int64 last_rid;
	pd_buf last_date;
	bool last_dated;
} key_list;

static void key_start(key_list *k, const char *key, size_t len)
{
	pd_buf_reset(&k->key);
	pd_buf_add(&k->key, key, len);
	pd_buf_reset(&k->rids);
	k->n = k->undated = 0;
	k->last_rid = 0;
}

static bool same_key(const key_list *k, const char *key, size_t len)
{
	return k->key.len == len && sqlite3_strnicmp(pd_buf_cstr(&k->key), key, (int)len) == 0;
}

/* Adds a record to the key's list (rows come in the list's order; a record
 * named twice under the key comes twice in a row). */
static void key_add(key_list *k, sqlite3_int64 rid, const char *date, size_t dlen)
{
	if (k->n && rid == k->last_rid)
		return;
	bool first = k->n == 0 || (date != NULL) != k->last_dated ||
		     (date && (dlen != k->last_date.len || memcmp(date, k->last_date.data, dlen)));
	uint64_t d = (uint64_t)rid - (uint64_t)k->last_rid;
	uint64_t zig = (int64_t)d < 0 ? ~(d << 1) : d << 1;
	sq_varint_put(&k->rids, zig << 1 | (first ? 1u : 0u));
	k->n++;
	k->undated += date == NULL;
	k->last_rid = rid;
	k->last_dated = date != NULL;
	pd_buf_reset(&k->last_date);
	if (date)
		pd_buf_add(&k->last_date, date, dlen);
}

static int key_write(sq_store *s, const key_list *k, pd_err *err)
{
	if (!k->n)
		return 0;
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO speaker_lists(key, n, undated, rids)"
				   " VALUES (?1, ?2, ?3, ?4)", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_text(st, 1, k->key.data, (int)k->key.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)k->n);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)k->undated);
	sqlite3_bind_blob(st, 4, k->rids.data, (int)k->rids.len, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "writing a speaker's list");
}

/* Every (key, record) the speaker filter (sq_add_filters) matches, by key
 * (NOCASE-equal keys together), then in the list's order. Only text can
 * equal the filter's text parameter. */
static const char BUILD_SQL[] =
	"SELECT k.v, r.rid, r.date FROM"
	" (SELECT label AS v, rid FROM participants"
	"  UNION ALL SELECT name, rid FROM participants WHERE name IS NOT NULL"
	"  UNION ALL SELECT j.value, p.rid FROM participants p INDEXED BY participants_aliased,"
	"   json_each(p.aliases) j WHERE p.aliases IS NOT NULL) k"
	" JOIN records r ON r.rid = k.rid WHERE typeof(k.v) = 'text'"
	" ORDER BY k.v COLLATE NOCASE, r.date DESC, r.id";

static int build_rows(sq_store *s, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, BUILD_SQL, err);
	if (!st)
		return PD_ESTORE;
	key_list k;
	memset(&k, 0, sizeof k);
	pd_buf_init(&k.key, 0);
	pd_buf_init(&k.rids, 0);
	pd_buf_init(&k.last_date, 0);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		if (!same_key(&k, key, len)) {
			rc = key_write(s, &k, err);
			key_start(&k, key, len);
		}
		const char *date = (const char *)sqlite3_column_text(st, 2);
		key_add(&k, sqlite3_column_int64(st, 1), date,
			date ? (size_t)sqlite3_column_bytes(st, 2) : 0);
	}
	if (rc == 0)
		rc = step == SQLITE_DONE ? key_write(s, &k, err)
					 : sq_fail(s, err, "listing speakers' records");
	sq_done(st);
	pd_buf_release(&k.key);
	pd_buf_release(&k.rids);
	pd_buf_release(&k.last_date);
	return rc;
}

int sq_speakers_build(sq_store *s, pd_err *err)
{
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	if ((rc = sq_exec(s, "DELETE FROM speaker_lists", err)) == 0 &&
	    (rc = build_rows(s, err)) == 0)
		rc = sq_exec(s, "INSERT OR REPLACE INTO meta(key, value)"
			     " SELECT 'speaker_lists', count(*) FROM speaker_lists", err);
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return sq_exec(s, "COMMIT", err);
}

/* ---- reading (pd_store_list) -------------------------------------------- */

static bool set(const char *v)
{
	return v && *v;
}

/* Whether the lists may answer f: a speaker alone. */
static bool answers(const sq_store *s, const pd_filter *f)
{
	return s->speaker_lists && set(f->speaker) && !set(f->from) && !set(f->to) &&
	       !set(f->type) && !set(f->topic) && !set(f->lang) && !set(f->turn_kind);
}

int sq_speakers_current(sq_store *s, bool *yes, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT 1 FROM meta WHERE key = 'speaker_lists'", err);
	if (!st)
		return PD_ESTORE;
	int step = sqlite3_step(st);
	sq_done(st);
	*yes = step == SQLITE_ROW;
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading meta");
}

/* The unpacked list: rids[i] and whether entry i begins a run of its date. */
typedef struct unpacked {
	sqlite3_int64 *rids;
	bool *first;
	size_t n, undated;
} unpacked;

static int unpack(sq_store *s, const unsigned char *p, size_t len, unpacked *u, pd_err *err)
{
	/* an entry takes a byte or more: a count past the blob's bytes is
	 * damage, refused before it sizes an allocation */
	if (u->n > len) {
		u->n = 0;
		return pd_err_set(err, PD_ESTORE, "%s: a speaker's list is damaged", s->path);
	}
	u->rids = pd_xmalloc((u->n ? u->n : 1) * sizeof *u->rids);
	u->first = pd_xmalloc((u->n ? u->n : 1) * sizeof *u->first);
	size_t at = 0, i = 0;
	uint64_t rid = 0, v;
	for (; i < u->n && sq_varint_get(p, len, &at, &v); i++) {
		uint64_t zig = v >> 1;
		rid += zig & 1 ? ~(zig >> 1) : zig >> 1;
		u->rids[i] = (sqlite3_int64)rid;
		u->first[i] = v & 1;
	}
	if (i != u->n || at != len || u->undated > u->n)
		return pd_err_set(err, PD_ESTORE, "%s: a speaker's list is damaged", s->path);
	return 0;
}

/* Appends the entry at position pos of the list's order to the window
 * [offset, offset + limit) in out. */
static void take(const unpacked *u, size_t i, size_t *pos, size_t offset, size_t limit,
		 sqlite3_int64 *out, size_t *nout)
{
	if (*pos >= offset && *pos < offset + limit)
		out[(*nout)++] = u->rids[i];
	(*pos)++;
}

/* The page's rids, oldest first: the dated runs from the last, then the
 * undated entries. */
static void oldest_page(const unpacked *u, size_t offset, size_t limit, sqlite3_int64 *out,
			size_t *nout)
{
	size_t dated = u->n - u->undated, pos = 0, end = dated;
	while (end > 0 && pos < offset + limit) {
		size_t start = end - 1;
		while (start > 0 && !u->first[start])
			start--;
		for (size_t i = start; i < end; i++)
			take(u, i, &pos, offset, limit, out, nout);
		end = start;
	}
	for (size_t i = dated; i < u->n && pos < offset + limit; i++)
		take(u, i, &pos, offset, limit, out, nout);
}

/* Reads the key's row into u (u->n 0 when there is none). */
static int read_row(sq_store *s, const char *key, unpacked *u, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT n, undated, rids FROM speaker_lists"
				   " WHERE key = ?1", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, key);
	int rc = 0, step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		u->n = (size_t)sqlite3_column_int64(st, 0);
		u->undated = (size_t)sqlite3_column_int64(st, 1);
		const void *p = sqlite3_column_blob(st, 2);
		rc = unpack(s, p, (size_t)sqlite3_column_bytes(st, 2), u, err);
	} else if (step != SQLITE_DONE) {
		rc = sq_fail(s, err, "reading a speaker's list");
	}
	sq_done(st);
	return rc;
}

int sq_speakers_page(sq_store *s, const pd_list_req *req, size_t limit, sqlite3_int64 **rids,
		     size_t *nrids, size_t *total, bool *answered, pd_err *err)
{
	*answered = false;
	if (!answers(s, &req->filter))
		return 0;
	int rc = sq_speakers_current(s, answered, err);
	if (rc || !*answered)
		return rc;
	unpacked u = { .n = 0 };
	rc = read_row(s, req->filter.speaker, &u, err);
	*total = u.n;
	*nrids = 0;
	*rids = NULL;
	if (rc == 0 && req->offset < u.n) {
		size_t want = limit < u.n - req->offset ? limit : u.n - req->offset;
		*rids = pd_xmalloc(want * sizeof **rids);
		if (req->oldest_first)
			oldest_page(&u, req->offset, want, *rids, nrids);
		else
			for (size_t i = req->offset; i < req->offset + want; i++)
				(*rids)[(*nrids)++] = u.rids[i];
	}
	free(u.rids);
	free(u.first);
	if (rc) {
		free(*rids);
		*rids = NULL;
		*answered = false;
		return rc;
	}
	s->speaker_list_reads++;
	return 0;
}
