/* sqlite_facets.c: a search's facets, and the number of its hits when
 * there are too many to count.
 *
 * The facet values of a hit (speaker, release type, year, language,
 * topics) live in its turn's row and its record's row. Reading them costs
 * a lookup of each row: about 3 us a hit on the 10x archive, whose turns
 * table (the text is stored in it) is larger than the mapped part of the
 * file. So the hits are read only when there are few (at most
 * s->sample_min): counted exactly; above that a sample of about
 * s->sample_size of them is read and its counts scaled.
 *
 * The sample walks a bounded part of the matches: SQ_STRATA runs of
 * consecutive tids spread evenly over the index, together holding about
 * s->sample_walk times the sample, and keeps one match in k of them by a hash of
 * the tid. FTS5 seeks to a rowid range in its doclists, so the sample
 * costs what it reads, never a walk over every match (keeping one match
 * in k of all of them cost 35 ms for the 526k matches of "government" at
 * 10x, before any was read). Tids follow the order records were stored
 * in, so the runs spread over the whole archive; each run spans many
 * records and keeps a few turns of each, so the sample is nearly as good
 * as one of single turns drawn at random (runs of consecutive turns
 * without the hash, read whole, came from a few records each: record-level
 * facets such as year were off by 9 % instead of 3-4 %).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "store/sqlite/sqlite_int.h"

/* Values kept per facet in a search result (the web page shows a short
 * list; the CLI's `facet` command gives whole lists). */
#define SQ_SEARCH_FACETS 20
/* Runs of tids a sample reads (one FTS5 seek each, ~20 us at 10x). It
 * walks s->sample_walk matches per match it keeps (PODIUM_SAMPLE_WALK): a
 * match walked costs ~70 ns, one kept and read 2-3 us. */
#define SQ_STRATA 128
/* One match in ?k by the tid's hash: bits 16-31 of tid times 2654435761
 * (Fibonacci hashing: the low bits of the product follow the tid's own,
 * and turn parity goes with speakers, questions and answers). */
#define SQ_SAMPLE_COND "(((turns_fts.rowid * 2654435761) >> 16) & 65535) %% ?%d = 0"
#define SQ_SAMPLE_HASH_MAX 65536

/* Reads (value, count) rows into a facet array. */
int sq_read_facets(sq_store *s, sqlite3_stmt *st, pd_facet **out, size_t *n, pd_err *err)
{
	pd_facet *v = NULL;
	size_t count = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = pd_xgrow(v, sizeof *v, count + 1, &cap);
		v[count].value = sq_col(st, 0);
		v[count++].count = (size_t)sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	if (step != SQLITE_DONE) {
		pd_facets_free(v, count);
		return sq_fail(s, err, "counting facets");
	}
	*out = v;
	*n = count;
	return 0;
}

int sq_facets_from_hits(sq_store *s, pd_search_result *out, pd_err *err)
{
	static const char *const sql[] = {
		"SELECT speaker AS v, count(*) FROM temp.pd_hits WHERE v IS NOT NULL",
		"SELECT type AS v, count(*) FROM temp.pd_hits WHERE v IS NOT NULL",
		"SELECT substr(date, 1, 4) AS v, count(*) FROM temp.pd_hits WHERE v IS NOT NULL",
		("SELECT tf.topic AS v, count(*) FROM temp.pd_hits h"
		 " JOIN topics tf ON tf.rid = h.rid WHERE 1"),
		"SELECT lang AS v, count(*) FROM temp.pd_hits WHERE v IS NOT NULL",
	};
	pd_facet **dst[] = { &out->speakers, &out->types, &out->years, &out->topics,
			     &out->langs };
	size_t *ndst[] = { &out->nspeakers, &out->ntypes, &out->nyears, &out->ntopics,
			   &out->nlangs };
	pd_buf q;
	pd_buf_init(&q, 0);
	int rc = 0;
	for (size_t i = 0; i < sizeof sql / sizeof *sql && rc == 0; i++) {
		pd_buf_reset(&q);
		pd_buf_printf(&q, "%s GROUP BY v ORDER BY 2 DESC, v LIMIT %d", sql[i],
			      SQ_SEARCH_FACETS);
		sqlite3_stmt *st = sq_prep(s, pd_buf_cstr(&q), err);
		rc = st ? sq_read_facets(s, st, dst[i], ndst[i], err) : PD_ESTORE;
	}
	pd_buf_release(&q);
	return rc;
}

/* The tids a sample spreads over (min and max of turns.tid). */
static int tid_span(sq_store *s, sqlite3_int64 *lo, sqlite3_int64 *hi, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT (SELECT min(tid) FROM turns),"
				   " (SELECT max(tid) FROM turns)", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*lo = sqlite3_column_int64(st, 0);
		*hi = sqlite3_column_int64(st, 1);
	} else {
		rc = sq_fail(s, err, "sampling");
	}
	sq_done(st);
	return rc;
}

/* ---- facets counted in C, from the rows of a walked sample ------------- */

/* The facets in the order of pd_search_result's arrays (and of
 * sq_facets_from_hits's queries). */
enum { F_SPEAKER, F_TYPE, F_YEAR, F_TOPIC, F_LANG, F_COUNT };

/* Each facet's values and counts, a value found again by its map. */
typedef struct facet_acc {
	pd_strmap map[F_COUNT];
	pd_facet *v[F_COUNT];
	size_t n[F_COUNT], cap[F_COUNT];
	sqlite3_stmt *row, *topics;
	sqlite3_int64 rid;       /* the record whose topics are in `topic` */
	char **topic;
	size_t ntopic, topic_cap;
} facet_acc;

static void acc_forget_topics(facet_acc *a)
{
	for (size_t i = 0; i < a->ntopic; i++)
		free(a->topic[i]);
	a->ntopic = 0;
	a->rid = -1;
}

/* Empties the counts (a new pass of the sample), keeping the statements. */
static void acc_clear(facet_acc *a)
{
	for (int f = 0; f < F_COUNT; f++) {
		pd_strmap_release(&a->map[f]);
		pd_strmap_init(&a->map[f]);
		pd_facets_free(a->v[f], a->n[f]);
		a->v[f] = NULL;
		a->n[f] = a->cap[f] = 0;
	}
}

static void acc_init(facet_acc *a)
{
	memset(a, 0, sizeof *a);
	for (int f = 0; f < F_COUNT; f++)
		pd_strmap_init(&a->map[f]);
	a->rid = -1;
}

static void acc_release(facet_acc *a)
{
	acc_clear(a);
	acc_forget_topics(a);
	free(a->topic);
	sq_done(a->row);
	sq_done(a->topics);
}

/* One more hit with value (len bytes) in facet f. */
static void acc_add(facet_acc *a, int f, const char *value, size_t len)
{
	size_t i = pd_strmap_put(&a->map[f], value, len, a->n[f]);
	if (i == a->n[f]) {
		a->v[f] = pd_xgrow(a->v[f], sizeof *a->v[f], a->n[f] + 1, &a->cap[f]);
		a->v[f][a->n[f]++] = (pd_facet){ pd_xstrndup(value, len), 0 };
	}
	a->v[f][i].count++;
}

/* Column c of st into facet f when it is not NULL; f == F_YEAR keeps its
 * first four characters (substr(date, 1, 4)). */
static void acc_column(facet_acc *a, int f, sqlite3_stmt *st, int c)
{
	const char *v = (const char *)sqlite3_column_text(st, c);
	if (!v)
		return;
	size_t len = (size_t)sqlite3_column_bytes(st, c);
	acc_add(a, f, v, f == F_YEAR ? pd_utf8_prefix(v, len, 4) : len);
}

/* The topics of record rid into a->topic (kept while the next hits are of
 * the same record: a sample's tids come in order, a record's together). */
static int acc_topics_of(sq_store *s, facet_acc *a, sqlite3_int64 rid, pd_err *err)
{
	if (rid == a->rid)
		return 0;
	acc_forget_topics(a);
	if (!a->topics && !(a->topics = sq_prep(s, "SELECT topic FROM topics WHERE rid = ?1", err)))
		return PD_ESTORE;
	sqlite3_bind_int64(a->topics, 1, rid);
	int step;
	while ((step = sqlite3_step(a->topics)) == SQLITE_ROW) {
		a->topic = pd_xgrow(a->topic, sizeof *a->topic, a->ntopic + 1, &a->topic_cap);
		a->topic[a->ntopic++] = pd_xstrndup((const char *)sqlite3_column_text(a->topics, 0),
						    (size_t)sqlite3_column_bytes(a->topics, 0));
	}
	sqlite3_reset(a->topics);
	if (step != SQLITE_DONE)
		return sq_fail(s, err, "sampling");
	a->rid = rid;
	return 0;
}

/* Turn tid's facet values counted: 1 when it was read, 0 when it is gone. */
static int acc_turn(sq_store *s, facet_acc *a, sqlite3_int64 tid, pd_err *err)
{
	if (!a->row && !(a->row = sq_prep(s, "SELECT t.rid, r.date,"
					  " coalesce(t.speaker_name, t.speaker), r.release_type,"
					  " coalesce(t.lang, r.language) FROM turns t"
					  " JOIN records r ON r.rid = t.rid WHERE t.tid = ?1", err)))
		return PD_ESTORE;
	sqlite3_bind_int64(a->row, 1, tid);
	int step = sqlite3_step(a->row), rc = 0;
	if (step == SQLITE_ROW) {
		sqlite3_int64 rid = sqlite3_column_int64(a->row, 0);
		acc_column(a, F_YEAR, a->row, 1);
		acc_column(a, F_SPEAKER, a->row, 2);
		acc_column(a, F_TYPE, a->row, 3);
		acc_column(a, F_LANG, a->row, 4);
		if ((rc = acc_topics_of(s, a, rid, err)) == 0)
			for (size_t i = 0; i < a->ntopic; i++)
				acc_add(a, F_TOPIC, a->topic[i], strlen(a->topic[i]));
	} else if (step != SQLITE_DONE) {
		rc = sq_fail(s, err, "sampling");
	}
	sqlite3_reset(a->row);
	return rc ? rc : step == SQLITE_ROW;
}

/* The order of `GROUP BY v ORDER BY 2 DESC, v`: count down, then the
 * value's bytes (SQLite's BINARY: memcmp, the shorter first on a tie). */
static int cmp_facet(const void *x, const void *y)
{
	const pd_facet *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* The counts into out's arrays, SQ_SEARCH_FACETS each at most; a keeps
 * nothing after. */
static void acc_finish(facet_acc *a, pd_search_result *out)
{
	pd_facet **dst[] = { &out->speakers, &out->types, &out->years, &out->topics,
			     &out->langs };
	size_t *ndst[] = { &out->nspeakers, &out->ntypes, &out->nyears, &out->ntopics,
			   &out->nlangs };
	for (int f = 0; f < F_COUNT; f++) {
		if (a->n[f] > 1) /* qsort's base may not be NULL, even for none */
			qsort(a->v[f], a->n[f], sizeof *a->v[f], cmp_facet);
		size_t keep = a->n[f] < SQ_SEARCH_FACETS ? a->n[f] : SQ_SEARCH_FACETS;
		for (size_t i = keep; i < a->n[f]; i++)
			free(a->v[f][i].value);
		*dst[f] = a->v[f];
		*ndst[f] = keep;
		a->v[f] = NULL;
		a->n[f] = a->cap[f] = 0;
	}
}

/* The statements that read the source's rows in one tid range (?lo, ?hi
 * after the filters' parameters): `pass` collects (with facets) or counts
 * those that pass, `all` counts the matches before the filters (when the
 * source has filters as SQL: the sample's share of the matches). A source
 * given as terms is walked in C instead while the doclists can be read
 * (`walk`): the kept tids, then their rows one by one (`put`). */
typedef struct reader {
	sqlite3_stmt *pass, *all;
	int klo;                 /* parameter number of ?lo; ?hi is klo + 1, ?k klo + 2 */
	bool collect;
	const sq_hitsrc *src;
	bool walk;               /* the doclists are walked: every pass so far
				    was, and its facets are in acc */
	facet_acc acc;
} reader;

static void reader_done(reader *r)
{
	sq_done(r->pass);
	sq_done(r->all);
	acc_release(&r->acc);
}

/* A hit's facet values as temp.pd_hits holds them (score 0: a sample). */
#define SQ_HIT_VALUES " SELECT t.tid, t.rid, 0, r.date, coalesce(t.speaker_name, t.speaker)," \
		      " r.release_type, coalesce(t.lang, r.language)"
/* SQ_SAMPLE_COND's hash in C; SQLite's integer product turns to a REAL
 * past 2^63, so tids above this (3.4 billion) are left to SQL. */
#define SQ_SAMPLE_TID_MAX (INT64_MAX / 2654435761)

static sqlite3_int64 sample_hash(sqlite3_int64 tid)
{
	return ((tid * 2654435761) >> 16) & 65535;
}

/* The tids a walk keeps: one in k by their hash. */
typedef struct kept_tids {
	sqlite3_int64 k;
	sqlite3_int64 *v;
	size_t n, cap;
} kept_tids;

static int keep_by_hash(sqlite3_int64 tid, void *ctx)
{
	kept_tids *t = ctx;
	if (sample_hash(tid) % t->k == 0) {
		t->v = pd_xgrow(t->v, sizeof *t->v, t->n + 1, &t->cap);
		t->v[t->n++] = tid;
	}
	return 0;
}

/* The kept tids' facet values counted in r->acc (emptied first: a pass
 * of the sample); *pass the rows read. */
static int count_tids(sq_store *s, reader *r, const kept_tids *t, size_t *pass, pd_err *err)
{
	acc_clear(&r->acc);
	*pass = 0;
	for (size_t i = 0; i < t->n; i++) {
		int rc = acc_turn(s, &r->acc, t->v[i], err);
		if (rc < 0)
			return rc;
		*pass += (size_t)rc;
	}
	return 0;
}

/* The source's matches in the ranges whose hash keeps them (one in k),
 * walked in the doclists: FTS5 seeks each range and tests the hash in SQL
 * row by row, most of a faceted search's time (~70 ns a match; a sample
 * walks ~32k), and the facets counted in C (no temp table and GROUP BYs).
 * 1 when done (*pass: the rows, their facets in r->acc when r->collect),
 * 0 when the doclists cannot be read (r->walk is cleared: the caller
 * reads through FTS5), or an error. */
static int walk_ranges(sq_store *s, reader *r, const sqlite3_int64 (*ranges)[2], size_t n,
		       sqlite3_int64 k, size_t *pass, pd_err *err)
{
	kept_tids t = { .k = k };
	const sq_hitsrc *src = r->src;
	int rc = ranges[n - 1][1] <= SQ_SAMPLE_TID_MAX
		 ? sq_doclist_each_in(s, src->terms, src->nterms, src->phrase, ranges, n,
				      keep_by_hash, &t, err)
		 : 0;
	if (rc == PD_EINPUT) { /* an index the reader does not parse: FTS5 reports it */
		pd_err_clear(err);
		rc = 0;
	}
	if (rc == 1) {
		*pass = t.n;
		int prc = r->collect ? count_tids(s, r, &t, pass, err) : 0;
		rc = prc ? prc : 1;
	}
	r->walk = rc == 1;
	s->sample_walks += rc == 1;
	free(t.v);
	return rc;
}

static int reader_open(sq_store *s, const sq_hitsrc *src, bool collect, bool ranged,
		       reader *r, pd_err *err)
{
	static const sq_where none = { .nbinds = 0 };
	const sq_where *w = src->set || !src->w ? &none : src->w;
	memset(r, 0, sizeof *r);
	acc_init(&r->acc);
	r->klo = w->nbinds + 2;
	r->collect = collect;
	r->src = src;
	r->walk = ranged && src->terms && src->nterms > 0 && !src->set && w->nbinds == 0;
	int kset = r->klo + 3;
	pd_buf range, sql;
	pd_buf_init(&range, 0);
	pd_buf_init(&sql, 0);
	if (ranged)
		pd_buf_printf(&range, " AND turns_fts.rowid BETWEEN ?%d AND ?%d AND " SQ_SAMPLE_COND,
			      r->klo, r->klo + 1, r->klo + 2);
	if (collect)
		pd_buf_printf(&sql, "INSERT INTO temp.pd_hits(tid, rid, score, date, speaker, type,"
			      " lang)" SQ_HIT_VALUES);
	else
		pd_buf_printf(&sql, "SELECT count(*)");
	/* the set needs no join to test, so a count without facets stays on
	 * the index */
	if (!collect && (src->set || w->nbinds == 0))
		pd_buf_printf(&sql, " FROM turns_fts WHERE turns_fts MATCH ?1");
	else
		pd_buf_printf(&sql, SQ_HIT_FROM " WHERE turns_fts MATCH ?1");
	pd_buf_printf(&sql, "%s", pd_buf_cstr(&range));
	if (src->set)
		pd_buf_printf(&sql, " AND pd_tidset(?%d, turns_fts.rowid)", kset);
	else
		pd_buf_printf(&sql, "%s", pd_buf_cstr(&w->sql));
	int rc = 0;
	r->pass = sq_prep(s, pd_buf_cstr(&sql), err);
	if (r->pass) {
		sq_bind_where(r->pass, w, src->match);
		if (src->set)
			sqlite3_bind_pointer(r->pass, kset, src->set, SQ_TIDSET_PTR, NULL);
	} else {
		rc = PD_ESTORE;
	}
	if (rc == 0 && ranged && !src->set && w->nbinds > 0) {
		pd_buf_reset(&sql);
		pd_buf_printf(&sql, "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?1%s",
			      pd_buf_cstr(&range));
		/* same parameter numbers: the range after the filters' */
		if ((r->all = sq_prep(s, pd_buf_cstr(&sql), err)) != NULL)
			sq_bind(r->all, 1, src->match);
		else
			rc = PD_ESTORE;
	}
	pd_buf_release(&range);
	pd_buf_release(&sql);
	if (rc)
		reader_done(r);
	return rc;
}

/* Steps st once: the rows it collected or counted. */
static int step_rows(sq_store *s, sqlite3_stmt *st, bool collect, size_t *n, pd_err *err)
{
	int step = sqlite3_step(st);
	if (collect && step == SQLITE_DONE)
		*n = (size_t)sqlite3_changes(s->db);
	else if (!collect && step == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	else
		return sq_fail(s, err, "sampling");
	sqlite3_reset(st);
	return 0;
}

/* Reads the rows of tids lo .. hi whose hash keeps them (one in k):
 * *pass of the source, *all matches before the filters (= *pass without a
 * separate count). */
static int read_range(sq_store *s, reader *r, sqlite3_int64 lo, sqlite3_int64 hi,
		      sqlite3_int64 k, size_t *pass, size_t *all, pd_err *err)
{
	const sqlite3_int64 range[1][2] = { { lo, hi } };
	int wrc = r->walk ? walk_ranges(s, r, range, 1, k, pass, err) : 0;
	if (wrc) { /* walked (no filters: every match passes) or an error */
		*all = *pass;
		return wrc < 0 ? wrc : 0;
	}
	sqlite3_stmt *st[2] = { r->pass, r->all };
	for (int i = 0; i < 2; i++) {
		if (!st[i])
			continue;
		sqlite3_bind_int64(st[i], r->klo, lo);
		sqlite3_bind_int64(st[i], r->klo + 1, hi);
		sqlite3_bind_int64(st[i], r->klo + 2, k);
	}
	int rc = step_rows(s, r->pass, r->collect, pass, err);
	*all = *pass;
	if (rc == 0 && r->all)
		rc = step_rows(s, r->all, false, all, err);
	return rc;
}

/* One pass over the strata of `width` tids, keeping one match in k: what
 * they hold. */
static int read_strata(sq_store *s, reader *r, sqlite3_int64 lo, sqlite3_int64 span,
		       sqlite3_int64 width, sqlite3_int64 k, size_t *pass, size_t *all,
		       pd_err *err)
{
	*pass = *all = 0;
	int rc = r->collect ? sq_exec(s, "DELETE FROM temp.pd_hits", err) : 0;
	sqlite3_int64 ranges[SQ_STRATA][2];
	for (int i = 0; i < SQ_STRATA; i++) {
		/* the run centred in its share of the span */
		ranges[i][0] = lo + span * i / SQ_STRATA + (span / SQ_STRATA - width) / 2;
		ranges[i][1] = ranges[i][0] + width - 1;
	}
	int wrc = rc == 0 && r->walk ? walk_ranges(s, r, (const sqlite3_int64 (*)[2])ranges,
						   SQ_STRATA, k, pass, err) : 0;
	if (wrc) { /* walked, every stratum at once (no filters) */
		*all = *pass;
		return wrc < 0 ? wrc : 0;
	}
	for (int i = 0; i < SQ_STRATA && rc == 0; i++) {
		size_t p = 0, a = 0;
		rc = read_range(s, r, ranges[i][0], ranges[i][1], k, &p, &a, err);
		*pass += p;
		*all += a;
	}
	return rc;
}

static size_t scaled(size_t count, size_t num, size_t den)
{
	return den ? (size_t)((double)count * (double)num / (double)den + 0.5) : 0;
}

static void scale_facets(pd_facet *v, size_t n, size_t num, size_t den)
{
	for (size_t i = 0; i < n; i++)
		v[i].count = scaled(v[i].count, num, den);
}

static void scale_all(pd_search_result *out, size_t num, size_t den)
{
	scale_facets(out->speakers, out->nspeakers, num, den);
	scale_facets(out->types, out->ntypes, num, den);
	scale_facets(out->years, out->nyears, num, den);
	scale_facets(out->topics, out->ntopics, num, den);
	scale_facets(out->langs, out->nlangs, num, den);
}

/* Samples the source: strata that together hold about sample_walk times
 * sample_size of its n rows if they were spread evenly, keeping one in
 * k = sample_walk (all of the span, keeping one in n / sample_size, when n is
 * not that large); widened while they hold far fewer (matches bunched in
 * part of the archive). *pass, *all: what the sample holds; *whole: every
 * row was read (an exact count). */
static int sample_strata(sq_store *s, reader *r, size_t n, size_t *pass, size_t *all,
			 bool *whole, pd_err *err)
{
	sqlite3_int64 lo = 0, hi = 0;
	int rc = tid_span(s, &lo, &hi, err);
	sqlite3_int64 span = hi - lo + 1;
	double walk = (double)s->sample_size * (double)s->sample_walk;
	sqlite3_int64 width = (sqlite3_int64)(walk * (double)span / (double)(n ? n : 1) /
					      SQ_STRATA) + 1;
	*whole = false;
	while (rc == 0) {
		if (width >= span / SQ_STRATA) { /* the strata would touch: the span */
			size_t k = (n + s->sample_size - 1) / s->sample_size;
			k = k < 1 ? 1 : k > SQ_SAMPLE_HASH_MAX ? SQ_SAMPLE_HASH_MAX : k;
			*whole = k == 1;
			/* instead of the strata's rows, if a pass read them */
			rc = r->collect ? sq_exec(s, "DELETE FROM temp.pd_hits", err) : 0;
			return rc ? rc : read_range(s, r, lo, hi, (sqlite3_int64)k, pass, all, err);
		}
		rc = read_strata(s, r, lo, span, width, (sqlite3_int64)s->sample_walk, pass, all,
				 err);
		if (rc || *all >= s->sample_size / 4)
			break;
		width *= 4;
	}
	return rc;
}

int sq_hits_count(sq_store *s, const sq_hitsrc *src, bool facets, pd_search_result *out,
		  size_t *count, bool *estimated, pd_err *err)
{
	bool sampled = src->n > s->sample_min && !src->exact;
	reader r;
	int rc = reader_open(s, src, facets, sampled, &r, err);
	if (rc)
		return rc;
	if (facets && !sampled)
		rc = sq_exec(s, "DELETE FROM temp.pd_hits", err);
	size_t pass = 0, all = 0;
	bool whole = !sampled;
	if (rc == 0 && !sampled)
		rc = step_rows(s, r.pass, facets, &pass, err);
	else if (rc == 0)
		rc = sample_strata(s, &r, src->n, &pass, &all, &whole, err);
	if (rc == 0 && facets && r.walk)
		acc_finish(&r.acc, out);
	else if (rc == 0 && facets)
		rc = sq_facets_from_hits(s, out, err);
	reader_done(&r);
	if (facets)
		sq_exec(s, "DELETE FROM temp.pd_hits", NULL); /* give the memory back */
	if (rc)
		return rc;
	*estimated = !whole;
	*count = pass;
	if (!whole) { /* scale by the sample's share of the source's rows (all
		       * is pass unless the filters are SQL: read_range) */
		*count = scaled(pass, src->n, all);
		if (facets)
			scale_all(out, src->n, all);
	}
	return 0;
}
