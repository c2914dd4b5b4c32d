/* sqlite_list.c: the SQLite backend's lists of records (pd_store_list):
 * the home page, browse pages by date, topic, type and speaker, feeds and
 * /api/v1/records.
 *
 * Order: newest first is "date DESC, id" and oldest first "date ASC, id",
 * records without a date last either way. records_date gives the dates in
 * order; the id, the tie-break, is read from each record. So a page at
 * offset N read by OFFSET reads the N records before it: 0.3-0.5 s at
 * offset 100,000 of the 10x archive, for an API client walking the
 * archive page by page. Past SQ_LIST_SEEK_MIN the page is found instead
 * from the date of its first row (seek_page): the date index alone gives
 * that date and the number of rows before it, and only the rows from that
 * date on are read. The total and the page are read in one transaction
 * (one snapshot, also while an ingest commits beside it).
 *
 * A list filtered by a speaker alone (the speaker pages and their feeds)
 * is read from optimize's packed list of the speaker's records while it
 * holds (sqlite_speakers.c): its total and the page's rids in order, then
 * those records by rid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

static bool set(const char *v)
{
	return v && *v;
}

/* A list being read: its filters (parameters ?2 .. ?(nbinds + 1)), and the
 * summaries read so far. */
typedef struct list_ctx {
	sq_store *s;
	const sq_where *w;
	bool oldest;
	pd_buf sql;
	pd_summary *v;
	size_t n, cap;
} list_ctx;

/* Parameter numbers after the filters: a date, LIMIT, OFFSET. */
static int date_param(const list_ctx *c)
{
	return c->w->nbinds + 2;
}

/* The records passing f (record-level filters w): from the archive's
 * counts (schema step 7) when f is none or a type alone (one type per
 * record, so the NOCASE-equal values' counts add up), else counted. */
static int count_records(list_ctx *c, const pd_filter *f, size_t *total, pd_err *err)
{
	bool others = set(f->speaker) || set(f->from) || set(f->to) || set(f->topic) ||
		      set(f->lang) || set(f->turn_kind);
	sqlite3_stmt *st;
	if (others) {
		pd_buf_reset(&c->sql);
		pd_buf_printf(&c->sql, "SELECT count(*) FROM records r WHERE 1%s",
			      pd_buf_cstr(&c->w->sql));
		if ((st = sq_prep(c->s, pd_buf_cstr(&c->sql), err)) != NULL)
			sq_bind_where(st, c->w, NULL);
	} else {
		st = sq_prep(c->s, c->w->nbinds
			     ? "SELECT coalesce(sum(n), 0) FROM counts WHERE kind = 'type'"
			       " AND value = ?1 COLLATE NOCASE"
			     : "SELECT n FROM counts WHERE kind = 'total' AND value = 'records'",
			     err);
		if (st && c->w->nbinds)
			sq_bind(st, 1, c->w->binds[0]);
	}
	return sq_read_count(c->s, st, total, err);
}

/* Prepares "<head> FROM records r WHERE 1 <filters><cond> <tail>" with the
 * filters bound and, when given, `date` as the date parameter. */
static sqlite3_stmt *prep_list(list_ctx *c, const char *head, const char *cond,
			       const char *tail, const char *date, pd_err *err)
{
	pd_buf_reset(&c->sql);
	pd_buf_printf(&c->sql, "%s FROM records r WHERE 1%s%s %s", head,
		      pd_buf_cstr(&c->w->sql), cond, tail);
	sqlite3_stmt *st = sq_prep(c->s, pd_buf_cstr(&c->sql), err);
	if (st) {
		sq_bind_where(st, c->w, NULL);
		if (date)
			sq_bind(st, date_param(c), date);
	}
	return st;
}

#define SUMMARY_COLS "r.id, r.title, r.date, r.release_type, r.language, r.source, r.nturns"

/* Appends the summary in st's row (SUMMARY_COLS). */
static void add_summary(list_ctx *c, sqlite3_stmt *st)
{
	c->v = pd_xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	pd_summary *sm = &c->v[c->n++];
	sm->id = sq_col(st, 0);
	sm->title = sq_col(st, 1);
	sm->date = sq_col(st, 2);
	sm->release_type = sq_col(st, 3);
	sm->language = sq_col(st, 4);
	sm->source = sq_col(st, 5);
	sm->nturns = (size_t)sqlite3_column_int64(st, 6);
}

/* Appends up to `limit` summaries of the records passing the filters and
 * `cond` (which may compare r.date with the date parameter), in `order`,
 * skipping `offset`. */
static int read_rows(list_ctx *c, const char *cond, const char *date, const char *order,
		     size_t limit, size_t offset, pd_err *err)
{
	char tail[160];
	snprintf(tail, sizeof tail, "ORDER BY %s LIMIT ?%d OFFSET ?%d", order,
		 date_param(c) + 1, date_param(c) + 2);
	sqlite3_stmt *st = prep_list(c, "SELECT " SUMMARY_COLS, cond, tail, date, err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, date_param(c) + 1, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, date_param(c) + 2, (sqlite3_int64)offset);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		add_summary(c, st);
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(c->s, err, "listing");
}

/* The page's records by rid, in the order given (a speaker's list from
 * sqlite_speakers.c). */
static int read_rids(list_ctx *c, const sqlite3_int64 *rids, size_t n, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(c->s, "SELECT " SUMMARY_COLS " FROM records r"
				   " WHERE r.rid = ?1", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, rids[i]);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW)
			add_summary(c, st);
		else if (step == SQLITE_DONE) /* the list said it was there */
			rc = pd_err_set(err, PD_ESTORE, "%s: a speaker's list names a missing"
					" record", c->s->path);
		else
			rc = sq_fail(c->s, err, "listing a speaker's records");
		sqlite3_reset(st);
	}
	sq_done(st);
	return rc;
}

/* The date of the dated row at `offset` in the list's order, from the date
 * index (a malloc'ed string; NULL with *found false past the dated rows). */
static int date_at(list_ctx *c, size_t offset, char **date, bool *found, pd_err *err)
{
	char tail[96];
	snprintf(tail, sizeof tail, "ORDER BY r.date %s LIMIT 1 OFFSET ?%d",
		 c->oldest ? "ASC" : "DESC", date_param(c) + 2);
	sqlite3_stmt *st = prep_list(c, "SELECT r.date", " AND r.date IS NOT NULL", tail, NULL,
				     err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, date_param(c) + 2, (sqlite3_int64)offset);
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	*date = *found ? sq_col(st, 0) : NULL;
	sq_done(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sq_fail(c->s, err, "listing");
}

/* Rows of the list before those dated `date` (before every undated row
 * when date is NULL), from the date index. */
static int rows_before(list_ctx *c, const char *date, size_t *n, pd_err *err)
{
	char cond[64];
	if (date)
		snprintf(cond, sizeof cond, " AND r.date %s ?%d", c->oldest ? "<" : ">",
			 date_param(c));
	else
		snprintf(cond, sizeof cond, " AND r.date IS NOT NULL");
	return sq_read_count(c->s, prep_list(c, "SELECT count(*)", cond, "", date, err), n,
			     err);
}

/* The page at `offset` found from its first row's date: the rows from that
 * date on in the list's order (the date's own rows sorted by id), then the
 * undated ones if the page reaches them. Equal to the plain statement's
 * page: rows_before counts exactly the rows the order puts before the
 * date's first row, and the offset goes on from there. */
static int seek_page(list_ctx *c, size_t limit, size_t offset, pd_err *err)
{
	char *date = NULL, cond[64], order[32];
	bool found;
	size_t before = 0;
	int rc = date_at(c, offset, &date, &found, err);
	if (rc == 0)
		rc = rows_before(c, date, &before, err);
	if (rc == 0 && found) {
		snprintf(cond, sizeof cond, " AND r.date %s ?%d", c->oldest ? ">=" : "<=",
			 date_param(c));
		snprintf(order, sizeof order, "r.date %s, r.id", c->oldest ? "ASC" : "DESC");
		rc = read_rows(c, cond, date, order, limit, offset - before, err);
		offset = before = 0; /* the undated rows next, from their first */
	}
	if (rc == 0 && c->n < limit)
		rc = read_rows(c, " AND r.date IS NULL", NULL, "r.id", limit - c->n,
			       offset - before, err);
	free(date);
	return rc;
}

/* Records without a date come last. Newest first that is plain "date
 * DESC" (NULL sorts lowest), which records_date gives in order: the latest
 * records are read, not all of them sorted (130 ms at 10x for the home
 * page's 15). */
static int plain_page(list_ctx *c, size_t limit, size_t offset, pd_err *err)
{
	return read_rows(c, "", NULL, c->oldest ? "r.date IS NULL, r.date ASC, r.id"
			 : "r.date DESC, r.id", limit, offset, err);
}

/* Whether a page is sought from its date. Not with a speaker: the seek's
 * three statements would each find the speaker's records again (a pass
 * over participants, ~0.1 s at 10x), where OFFSET over the speaker's
 * records reads only those. */
static bool seeks(const sq_store *s, const pd_list_req *req)
{
	return req->offset >= s->list_seek_min && !set(req->filter.speaker);
}

/* The total and the page: a speaker alone from the speaker's packed list
 * while it holds (sqlite_speakers.c), else in SQL. */
static int read_list(list_ctx *c, const pd_list_req *req, size_t limit, size_t *total,
		     pd_err *err)
{
	sqlite3_int64 *rids = NULL;
	size_t nrids = 0;
	bool listed = false;
	int rc = sq_speakers_page(c->s, req, limit, &rids, &nrids, total, &listed, err);
	if (rc == 0 && listed)
		rc = read_rids(c, rids, nrids, err);
	free(rids);
	if (rc || listed)
		return rc;
	if ((rc = count_records(c, &req->filter, total, err)) != 0 || req->offset >= *total)
		return rc; /* past the end: an empty page, nothing to read */
	return seeks(c->s, req) ? seek_page(c, limit, req->offset, err)
				: plain_page(c, limit, req->offset, err);
}

int sq_list(pd_store *ps, const pd_list_req *req, pd_summary **out, size_t *n,
	    size_t *total, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	sq_where w = { .nbinds = 0 };
	pd_buf_init(&w.sql, 0);
	list_ctx c = { .s = s, .w = &w, .oldest = req->oldest_first };
	pd_buf_init(&c.sql, 0);
	size_t limit = req->limit ? req->limit : 50;
	bool snapshot = false;
	int rc = sq_add_filters(&w, &req->filter, false, err);
	if (rc == 0 && !s->in_tx) {
		rc = sq_exec(s, "BEGIN", err);
		snapshot = rc == 0;
	}
	if (rc == 0)
		rc = read_list(&c, req, limit, total, err);
	if (snapshot)
		sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	if (rc) {
		pd_summaries_free(c.v, c.n);
	} else {
		*out = c.v;
		*n = c.n;
	}
	pd_buf_release(&w.sql);
	pd_buf_release(&c.sql);
	return rc;
}
