/* test_doclist.c: the FTS index's doclists read in C (sqlite_doclist.c)
 * against FTS5's own reading of them.
 *
 * A store of a few thousand turns (English words drawn unevenly, so a few
 * terms are in most turns with several positions each, CJK runs, record
 * titles, records deleted for gaps in the rowids) optimized into one
 * segment, with FTS5's page size made small so that doclists and single
 * rows' positions run over many leaf pages; then every term's rows and
 * positions compared with the fts5vocab 'instance' table, and phrase and
 * AND counts with FTS5's count of the MATCH. Each again (_two) after a
 * later ingest left in newer segments (new turns, deleted records' delete
 * markers, turns rewritten in place): the doclists merged over every
 * segment give FTS5's answers. Also: no reading with more than
 * SQ_SEG_MAX segments or inside a write transaction, and garbled or cut
 * pages give PD_EINPUT, never a crash (the ASan build checks the reads).
 */
#include "store_fixtures.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "store/sqlite/sqlite_int.h"
#include "search/tokenize.h"

typedef pd_tmp_store fx;


static sq_store *sq(fx *f)
{
	return (sq_store *)f->s;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static uint32_t next_rand(uint32_t *r)
{
	*r = *r * 1103515245u + 12345u;
	return *r >> 8;
}

/* A turn's text: words drawn unevenly (the first few in most turns,
 * repeated), now and then a CJK run. */
static size_t turn_text(char *buf, size_t cap, uint32_t *r, size_t nwords)
{
	static const char *const words[] = {
		"the", "in", "world", "of", "government", "prime", "minister", "and",
		"thank", "you", "very", "much", "law", "order", "trade", "tax",
		"reform", "human", "rights", "climate", "change", "budget", "rare",
	};
	static const char *const cjk[] = { "政府工作", "中华人民", "工作报告", "人民政府" };
	size_t len = 0;
	for (size_t i = 0; i < nwords && len + 32 < cap; i++) {
		uint32_t x = next_rand(r) % 1000;
		/* squared: low indexes far more often */
		size_t w = (size_t)x * x * (sizeof words / sizeof *words) / 1000000;
		const char *word = (x % 97 == 0) ? cjk[x % 4] : words[w];
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? " " : "", word);
	}
	return len;
}

/* Records from .. to - 1 of 1 .. 8 turns, ids prefix-i, in one
 * transaction, each put with the result want. */
static void put_range(fx *f, const char *prefix, int from, int to, uint32_t seed,
		      pd_put_result want)
{
	pd_err err = {0};
	uint32_t r = seed;
	char id[32], title[128], text[1024];
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	for (int i = from; i < to; i++) {
		pd_record *rec = pd_record_new();
		snprintf(id, sizeof id, "%s-%d", prefix, i);
		pd_record_set(&rec->id, id);
		pd_record_set(&rec->date, "2020-01-01");
		pd_record_set(&rec->language, "en");
		if (i % 3 == 0) {
			turn_text(title, sizeof title, &r, 6);
			pd_record_set(&rec->title, title);
		}
		int nturns = 1 + (int)(next_rand(&r) % 8);
		for (int t = 0; t < nturns; t++) {
			/* now and then a long turn: one row's positions over pages */
			size_t n = next_rand(&r) % 50 == 0 ? 150 : 3 + next_rand(&r) % 30;
			size_t len = turn_text(text, sizeof text, &r, n);
			pd_record_add_turn(rec, "PM", PD_TURN_ANSWER, text, len);
		}
		put_ok(f->s, rec, want);
		pd_record_free(rec);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
}

/* nrec new records, ids prefix-i. */
static void put_records(fx *f, const char *prefix, int nrec, uint32_t seed)
{
	put_range(f, prefix, 0, nrec, seed, PD_PUT_ADDED);
}

/* The store for the comparisons: small pages, gaps, one segment. */
static void build(fx *f, int pgsz)
{
	pd_err err = {0};
	if (pgsz) {
		char sql[128];
		snprintf(sql, sizeof sql, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('pgsz', %d)",
			 pgsz);
		exec_ok(sq(f)->db, sql);
	}
	put_records(f, "a", 400, 7);
	put_records(f, "b", 400, 11);
	char id[32];
	for (int i = 0; i < 400; i += 7) { /* gaps in the rowids */
		snprintf(id, sizeof id, "a-%d", i);
		assert_int_equal(pd_store_delete(f->s, id, &err), 0);
	}
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
}

/* A later ingest after build(): in newer segments than the optimized one,
 * new records' turns, deleted records' delete markers, and turns whose
 * text changed in place (UPDATE: a delete and an insert of the same
 * rowid, one entry flagged deleted that still holds positions), each
 * step its own transaction (segment). Not merged: the doclists are read
 * over every segment. */
static void later_ingest(fx *f)
{
	pd_err err = {0};
	put_records(f, "c", 60, 21);
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	char id[32];
	for (int i = 1; i < 400; i += 5) {
		snprintf(id, sizeof id, "b-%d", i);
		assert_int_equal(pd_store_delete(f->s, id, &err), 0);
	}
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	exec_ok(sq(f)->db, "UPDATE turns SET text = 'rare rare budget 人民'"
		    " WHERE tid % 97 = 0");
	exec_ok(sq(f)->db, "UPDATE turns SET text = 'climate change rare human rights'"
		    " WHERE tid % 31 = 1");
}

/* build() then later_ingest(): two segments or more, read in C. */
static void build_two(fx *f, int pgsz)
{
	pd_err err = {0};
	build(f, pgsz);
	later_ingest(f);
	const sq_fts_seg *seg;
	assert_int_equal(sq_doclist_seg(sq(f), &seg, &err), 0);
	assert_non_null(seg);
	assert_true(seg->n >= 2);
}

/* build or build_two. */
typedef void (*build_fn)(fx *f, int pgsz);

/* test_NAME on build's one segment, test_NAME_two on build_two's. */
#define ONE_AND_TWO(name)                                                                         \
	static void test_##name(void **state)                                                     \
	{                                                                                         \
		name(*state, build);                                                              \
	}                                                                                         \
	static void test_##name##_two(void **state)                                               \
	{                                                                                         \
		name(*state, build_two);                                                          \
	}

/* Every term of the index, from fts5vocab. */
static char **all_terms(sqlite3 *db, size_t *n)
{
	exec_ok(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.dl_row"
		    " USING fts5vocab(main, turns_fts, 'row')");
	exec_ok(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.dl_inst"
		    " USING fts5vocab(main, turns_fts, 'instance')");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term FROM temp.dl_row", -1, &st, NULL),
			 SQLITE_OK);
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
		}
		v[(*n)++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

static void free_terms(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The reader's rows and positions of term equal FTS5's instances. *rows:
 * the term's rows. */
static void compare_term(fx *f, const sq_fts_seg *seg, sqlite3_stmt *inst, const char *term,
			 size_t *rows)
{
	pd_err err = {0};
	sq_doclist *d;
	assert_int_equal(sq_doclist_open(sq(f), seg, term, strlen(term), &d, &err), 0);
	sqlite3_bind_text(inst, 1, term, -1, SQLITE_STATIC);
	int step = sqlite3_step(inst), rc;
	*rows = 0;
	while ((rc = sq_doclist_next(d, &err)) == 1) {
		(*rows)++;
		size_t n, i = 0;
		const unsigned char *p = sq_doclist_positions(d, &n);
		int col = 0, off = 0, r;
		while ((r = sq_poslist_next(p, n, &i, &col, &off)) == 1) {
			if (step != SQLITE_ROW)
				fail_msg("%s: a position past FTS5's in row %lld", term,
					 (long long)sq_doclist_rowid(d));
			assert_int_equal(sqlite3_column_int64(inst, 0), sq_doclist_rowid(d));
			assert_int_equal(sqlite3_column_int(inst, 1), col);
			assert_int_equal(sqlite3_column_int(inst, 2), off);
			step = sqlite3_step(inst);
		}
		assert_int_equal(r, 0);
	}
	if (rc != 0)
		fail_msg("%s: %s", term, err.msg);
	assert_int_equal(step, SQLITE_DONE);
	sqlite3_reset(inst);
	sq_doclist_free(d);
}

static sqlite3_stmt *prep_inst(sqlite3 *db)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT doc, col = 'text', offset FROM temp.dl_inst"
					    " WHERE term = ?1 ORDER BY doc, col = 'text', offset",
					    -1, &st, NULL), SQLITE_OK);
	return st;
}

static const sq_fts_seg *seg_ok(fx *f)
{
	pd_err err = {0};
	const sq_fts_seg *seg;
	assert_int_equal(sq_doclist_seg(sq(f), &seg, &err), 0);
	return seg;
}

static void compare_all_terms(fx *f, size_t *maxrows, size_t *nterms)
{
	const sq_fts_seg *seg = seg_ok(f);
	assert_non_null(seg);
	size_t n;
	char **terms = all_terms(sq(f)->db, &n);
	sqlite3_stmt *inst = prep_inst(sq(f)->db);
	*maxrows = 0;
	for (size_t i = 0; i < n; i++) {
		size_t rows;
		compare_term(f, seg, inst, terms[i], &rows);
		if (rows > *maxrows)
			*maxrows = rows;
	}
	/* a term the index lacks, before, between and after its terms */
	const char *absent[] = { "", "0", "governmentx", "zzzz", "中华人民共和国" };
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) {
		size_t rows;
		compare_term(f, seg, inst, absent[i], &rows);
		assert_int_equal(rows, 0);
	}
	sqlite3_finalize(inst);
	free_terms(terms, n);
	*nterms = n;
}

/* sq_doclist_term_fn: the terms into a list, "term\trows\n" each. */
static int collect_term(const char *term, size_t len, size_t rows, void *ctx)
{
	pd_buf_printf(ctx, "%.*s\t%zu\n", (int)len, term, rows);
	return 0;
}

/* The terms in min_rows rows or more, as fts5vocab lists them. */
static void vocab_terms(sqlite3 *db, size_t min_rows, pd_buf *out)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term, doc FROM temp.dl_row WHERE doc >= ?1",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)min_rows);
	while (sqlite3_step(st) == SQLITE_ROW)
		pd_buf_printf(out, "%s\t%lld\n", (const char *)sqlite3_column_text(st, 0),
			      (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
}

/* sq_doclist_terms (every page read once, in order) lists the terms and
 * their rows as fts5vocab does, above a few thresholds; *nlisted: how
 * many terms at the lowest. */
static void compare_term_list(fx *f, size_t *nlisted)
{
	const sq_fts_seg *seg = seg_ok(f);
	assert_non_null(seg);
	static const size_t mins[] = { 1, 2, 50, 1000 };
	for (size_t k = 0; k < sizeof mins / sizeof *mins; k++) {
		pd_buf mine, theirs;
		pd_buf_init(&mine, 0);
		pd_buf_init(&theirs, 0);
		pd_err err = {0};
		assert_int_equal(sq_doclist_terms(sq(f), seg, mins[k], collect_term, &mine, &err), 0);
		vocab_terms(sq(f)->db, mins[k], &theirs);
		assert_string_equal(pd_buf_cstr(&mine), pd_buf_cstr(&theirs));
		if (k == 0) {
			*nlisted = 0;
			for (const char *c = pd_buf_cstr(&mine); *c; c++)
				*nlisted += *c == '\n';
		}
		pd_buf_release(&mine);
		pd_buf_release(&theirs);
	}
}

/* Pages of the one segment. */
static int leaf_pages(fx *f)
{
	const sq_fts_seg *seg = seg_ok(f);
	assert_non_null(seg);
	return seg->v[seg->n - 1].last - seg->v[seg->n - 1].first + 1;
}

static void terms_small_pages(fx *f, build_fn make)
{
	make(f, 64);
	size_t maxrows, nterms;
	compare_all_terms(f, &maxrows, &nterms);
	assert_true(nterms > 20);
	assert_true(maxrows > 1000);   /* "the": a doclist over hundreds of pages */
	assert_true(leaf_pages(f) > 500);
	size_t listed;
	compare_term_list(f, &listed);
	assert_int_equal(listed, nterms);
}

ONE_AND_TWO(terms_small_pages)

static void terms_default_pages(fx *f, build_fn make)
{
	make(f, 0);
	size_t maxrows, nterms;
	compare_all_terms(f, &maxrows, &nterms);
	assert_true(leaf_pages(f) > 10); /* common terms over several 4 kB pages */
	size_t listed;
	compare_term_list(f, &listed);
	assert_int_equal(listed, nterms);
}

ONE_AND_TWO(terms_default_pages)

/* FTS5's count of a MATCH. */
static size_t fts_count(sqlite3 *db, const char *match)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM turns_fts"
					    " WHERE turns_fts MATCH ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	size_t n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The query tokenizer's terms of text, NUL-separated in buf. */
static size_t query_terms(const char *text, pd_buf *buf, const char **terms)
{
	size_t off[SQ_PHRASE_MAX], n = 0;
	pd_tokenizer t;
	pd_token tok;
	pd_buf_reset(buf);
	pd_tokenizer_init(&t, text, strlen(text), PD_TOK_QUERY);
	while (n < SQ_PHRASE_MAX && pd_tokenizer_next(&t, &tok)) {
		off[n++] = buf->len;
		pd_buf_add(buf, tok.text, tok.len);
		pd_buf_putc(buf, '\0');
	}
	pd_tokenizer_release(&t);
	for (size_t i = 0; i < n; i++)
		terms[i] = buf->data + off[i];
	return n;
}

static void counts(fx *f, build_fn make)
{
	make(f, 64);
	static const char *const phrases[] = {
		"the the", "the the the", "in the world", "the world", "prime minister",
		"thank you very much", "of the government", "the in the", "law and order",
		"政府工作", "工作报告", "人民政府", "rare rare", "world world world world",
		"trade tax reform", "the of the of the", "minister prime",
	};
	pd_buf buf;
	pd_buf_init(&buf, 0);
	pd_err err = {0};
	size_t nonzero = 0;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
		const char *terms[SQ_PHRASE_MAX];
		size_t n = query_terms(phrases[i], &buf, terms), count = 0;
		bool done = false;
		assert_int_equal(sq_doclist_count(sq(f), terms, n, true, &count, &done, &err), 0);
		assert_true(done);
		char match[128];
		snprintf(match, sizeof match, "\"%s\"", phrases[i]);
		if (count != fts_count(sq(f)->db, match))
			fail_msg("%s: %zu, FTS5 %zu", match, count, fts_count(sq(f)->db, match));
		nonzero += count > 0;
		if (n == 2) { /* the AND of the two */
			snprintf(match, sizeof match, "\"%s\" AND \"%s\"", terms[0], terms[1]);
			assert_int_equal(sq_doclist_count(sq(f), terms, 2, false, &count, &done,
							  &err), 0);
			assert_int_equal(count, fts_count(sq(f)->db, match));
		}
	}
	assert_true(nonzero > 10);
	/* "rare" and the CJK words met in `the`'s and `in`'s lists: jumped to
	 * (the later ingest's turns make them less rare: test_jumps_two) */
	assert_true(sq(f)->doclist_jumps > 0 || make != build);
	pd_buf_release(&buf);
}

ONE_AND_TWO(counts)

/* One cursor moved by sq_doclist_seek, one by sq_doclist_jump, to the
 * same growing targets: the same row (rowid and positions) every time,
 * and the same end. *jumped: targets where the jumping cursor passed
 * over fewer rows (it went over pages, not rows). */
static void compare_jumps(fx *f, const sq_fts_seg *seg, const char *term, uint32_t step,
			  uint32_t *r, size_t *jumped)
{
	pd_err err = {0};
	sq_doclist *a, *b;
	assert_int_equal(sq_doclist_open(sq(f), seg, term, strlen(term), &a, &err), 0);
	assert_int_equal(sq_doclist_open(sq(f), seg, term, strlen(term), &b, &err), 0);
	sqlite3_int64 target = 0;
	for (;;) {
		target += 1 + (sqlite3_int64)(next_rand(r) % step);
		int ra = sq_doclist_seek(a, target, &err);
		int rb = sq_doclist_jump(b, target, &err);
		if (ra < 0 || rb < 0)
			fail_msg("%s to %lld: %s", term, (long long)target, err.msg);
		assert_int_equal(ra, rb);
		if (ra == 0)
			break;
		assert_int_equal(sq_doclist_rowid(a), sq_doclist_rowid(b));
		size_t na, nb;
		const unsigned char *pa = sq_doclist_positions(a, &na);
		const unsigned char *pb = sq_doclist_positions(b, &nb);
		assert_int_equal(na, nb);
		assert_memory_equal(pa, pb, na);
		*jumped += sq_doclist_rows(b) < sq_doclist_rows(a);
	}
	sq_doclist_free(a);
	sq_doclist_free(b);
}

/* The rows of the MATCH with rowids in [from, to). */
static size_t fts_count_in(sqlite3 *db, const char *match, sqlite3_int64 from, sqlite3_int64 to)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM turns_fts WHERE turns_fts"
					    " MATCH ?1 AND rowid >= ?2 AND rowid < ?3", -1, &st,
					    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	size_t n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* sq_doclist_jump lands where a seek does, over lists of hundreds of
 * small pages (and a page a row's positions fill), by short and long
 * steps; seeking row by row instead (no jump) fails the count of
 * `jumped`; a page landed on by a wrong first rowid fails the rows. */
static void jumps(fx *f, build_fn make)
{
	make(f, 64);
	const sq_fts_seg *seg = seg_ok(f);
	assert_non_null(seg);
	static const char *const terms[] = { "the", "in", "world", "of", "rare", "政府", "absent" };
	static const uint32_t steps[] = { 1, 5, 40, 400, 3000 };
	uint32_t r = 5;
	size_t jumped = 0;
	for (size_t i = 0; i < sizeof terms / sizeof *terms; i++)
		for (size_t k = 0; k < sizeof steps / sizeof *steps; k++)
			compare_jumps(f, seg, terms[i], steps[k], &r, &jumped);
	assert_true(jumped > 50);
}

ONE_AND_TWO(jumps)

/* The turns' rowids run below this. */
static sqlite3_int64 tid_span(fx *f)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(f)->db, "SELECT max(tid) + 1 FROM turns", -1, &st,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_int64 span = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return span;
}

/* sq_doclist_count_sampled counts what FTS5 counts in the same rowid
 * ranges: the matches, and the chosen term's rows; one stratum over
 * everything is sq_doclist_count. Strata counted from the wrong rows
 * (a jump past a stratum's start, the term's rows taken after another
 * cursor moved it) fail it. */
static void count_sampled(fx *f, build_fn make)
{
	make(f, 64);
	static const char *const phrases[] = {
		"in the world", "the world", "prime minister", "thank you very much",
		"the the", "law and order", "政府工作", "the of the",
	};
	pd_buf buf;
	pd_buf_init(&buf, 0);
	pd_err err = {0};
	sqlite3_int64 span = tid_span(f);
	const sq_strata strata[] = { { span, 1, span }, { span, 4, span / 10 },
				     { span, 16, span / 40 }, { span, 7, 3 } };
	size_t nonzero = 0;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
		const char *terms[SQ_PHRASE_MAX];
		size_t n = query_terms(phrases[i], &buf, terms);
		char match[128], term[64];
		snprintf(match, sizeof match, "\"%s\"", phrases[i]);
		for (size_t k = 0; k < sizeof strata / sizeof *strata; k++) {
			const sq_strata *sk = &strata[k];
			size_t r = (i + k) % n, hits, rows;
			bool done;
			assert_int_equal(sq_doclist_count_sampled(sq(f), terms, n, true, sk, r, &hits,
								  &rows, &done, &err), 0);
			assert_true(done);
			snprintf(term, sizeof term, "\"%s\"", terms[r]);
			size_t want_hits = 0, want_rows = 0;
			for (size_t j = 0; j < sk->n; j++) {
				sqlite3_int64 from = sk->span / (sqlite3_int64)sk->n * (sqlite3_int64)j;
				want_hits += fts_count_in(sq(f)->db, match, from, from + sk->width);
				want_rows += fts_count_in(sq(f)->db, term, from, from + sk->width);
			}
			if (hits != want_hits || rows != want_rows)
				fail_msg("%s, strata %zu: %zu hits %zu rows, FTS5 %zu %zu", match, k,
					 hits, rows, want_hits, want_rows);
			if (k == 0)
				assert_int_equal(hits, fts_count(sq(f)->db, match));
			nonzero += hits > 0 && k > 0;
		}
	}
	assert_true(nonzero > 10);
	pd_buf_release(&buf);
}

ONE_AND_TWO(count_sampled)

/* Rowids from sq_doclist_each_in, into a growing array; the walk stopped
 * (with PD_ESTORE) at the row `stop_at` when it is not 0. */
typedef struct rows_seen {
	sqlite3_int64 v[4096];
	size_t n;
	size_t stop_at;
} rows_seen;

static int see_row(sqlite3_int64 rowid, void *ctx)
{
	rows_seen *r = ctx;
	if (r->stop_at && r->n + 1 == r->stop_at)
		return PD_ESTORE;
	assert_true(r->n < sizeof r->v / sizeof *r->v);
	r->v[r->n++] = rowid;
	return 0;
}

/* FTS5's rowids of a MATCH in [from, to] appended to r. */
static void fts_rows_in(sqlite3 *db, const char *match, sqlite3_int64 from, sqlite3_int64 to,
			rows_seen *r)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM turns_fts WHERE turns_fts"
					    " MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(r->n < sizeof r->v / sizeof *r->v);
		r->v[r->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
}

/* sq_doclist_each_in gives, range by range, the rowids FTS5 gives for the
 * same MATCH in the same inclusive ranges: one term, a phrase and an AND,
 * over the whole span, over spread runs reached by jumps, over runs of one
 * rowid; an error from the callback stops the walk and comes back. */
static void each_in(fx *f, build_fn make)
{
	make(f, 64);
	static const char *const phrases[] = { "rare", "政府", "in the world", "prime minister",
					       "the world", "law and order" };
	sqlite3_int64 span = tid_span(f);
	static sqlite3_int64 ranges[64][2];
	pd_buf buf;
	pd_buf_init(&buf, 0);
	pd_err err = {0};
	size_t nonzero = 0;
	static rows_seen got, want;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
		const char *terms[SQ_PHRASE_MAX];
		size_t n = query_terms(phrases[i], &buf, terms);
		for (int phrase = 0; phrase < 2; phrase++) {
			char match[128];
			if (phrase || n == 1)
				snprintf(match, sizeof match, "\"%s\"", phrases[i]);
			else if (n == 2)
				snprintf(match, sizeof match, "\"%s\" AND \"%s\"", terms[0], terms[1]);
			else
				continue;
			for (int shape = 0; shape < 3; shape++) {
				size_t nr = shape == 0 ? 1 : shape == 1 ? 48 : 64;
				for (size_t k = 0; k < nr; k++) {
					sqlite3_int64 at = span * (sqlite3_int64)k / (sqlite3_int64)nr;
					ranges[k][0] = shape == 0 ? 0 : at + 3;
					ranges[k][1] = shape == 0 ? span : shape == 1 ? at + span / 100 : at + 3;
				}
				got.n = want.n = 0;
				got.stop_at = 0;
				for (size_t k = 0; k < nr; k++)
					fts_rows_in(sq(f)->db, match, ranges[k][0], ranges[k][1], &want);
				int rc = sq_doclist_each_in(sq(f), terms, n, phrase, (const sqlite3_int64 (*)[2])ranges,
							    nr, see_row, &got, &err);
				assert_int_equal(rc, 1);
				if (got.n != want.n || memcmp(got.v, want.v, got.n * sizeof *got.v) != 0)
					fail_msg("%s, shape %d: %zu rows, FTS5 %zu", match, shape, got.n,
						 want.n);
				nonzero += got.n > 0 && shape > 0;
				if (got.n > 2) { /* stopped at its second row */
					got.n = 0;
					got.stop_at = 2;
					rc = sq_doclist_each_in(sq(f), terms, n, phrase,
								(const sqlite3_int64 (*)[2])ranges, nr,
								see_row, &got, &err);
					assert_int_equal(rc, PD_ESTORE);
					assert_int_equal(got.n, 1);
				}
			}
		}
	}
	assert_true(nonzero > 8);
	pd_buf_release(&buf);
}

ONE_AND_TWO(each_in)


/* The count of the phrase "the world" read in C (*done) and FTS5's. */
static void count_the_world(fx *f, bool want_done)
{
	pd_err err = {0};
	const char *terms[] = { "the", "world" };
	size_t count = 0;
	bool done = !want_done;
	assert_int_equal(sq_doclist_count(sq(f), terms, 2, true, &count, &done, &err), 0);
	assert_int_equal(done, want_done);
	if (done)
		assert_int_equal(count, fts_count(sq(f)->db, "\"the world\""));
}

/* Segments up to SQ_SEG_MAX are read (before optimize, after a later
 * ingest), more are not and a search still counts right (through FTS5);
 * inside a write transaction not either. */
static void test_fallback(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	put_records(f, "a", 50, 3);
	put_records(f, "b", 50, 5);
	assert_non_null(seg_ok(f));
	count_the_world(f, true);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(seg_ok(f)->n, 1);
	count_the_world(f, true);
	put_records(f, "c", 20, 9); /* a later ingest: a new segment */
	assert_int_equal(seg_ok(f)->n, 2);
	count_the_world(f, true);
	/* inside a write transaction FTS5 holds terms no page has */
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	assert_null(seg_ok(f));
	assert_int_equal(pd_store_rollback(f->s, &err), 0);
	/* more segments than read in C (FTS5's merges off, as in a bulk load) */
	exec_ok(sq(f)->db, "INSERT INTO turns_fts(turns_fts, rank) VALUES ('automerge', 0);"
		    "INSERT INTO turns_fts(turns_fts, rank) VALUES ('crisismerge', 64)");
	for (int i = 0; i < SQ_SEG_MAX; i++) {
		char prefix[16];
		snprintf(prefix, sizeof prefix, "d%d", i);
		put_records(f, prefix, 2, 13 + (uint32_t)i);
	}
	assert_null(seg_ok(f));
	count_the_world(f, false);
	/* the search's total through either path */
	pd_search_req req = { .query = "\"the world\"", .limit = 20 };
	pd_search_result res = { 0 };
	size_t before = sq(f)->doclist_counts;
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.total, fts_count(sq(f)->db, "\"the world\""));
	assert_int_equal(sq(f)->doclist_counts, before);
	pd_search_result_release(&res);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	req.query = "\"the world\"";
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.total, fts_count(sq(f)->db, "\"the world\""));
	pd_search_result_release(&res);
	req.query = "the world";
	assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
	assert_int_equal(res.total, fts_count(sq(f)->db, "the AND world"));
	pd_search_result_release(&res);
	assert_true(sq(f)->doclist_counts >= before + 2);
}

/* FTS5's walk (pd_bm25_walk through SQL) of term into w. */
static void fts_walk(fx *f, const char *term, sq_walk *w)
{
	char match[64];
	snprintf(match, sizeof match, "\"%s\"", term);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(f)->db, "SELECT pd_bm25_walk(turns_fts, ?2, 3.0, 1.0)"
					    " FROM turns_fts WHERE turns_fts MATCH ?1 LIMIT 1", -1,
					    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_pointer(st, 2, w, SQ_WALK_PTR, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
}

static int by_tid(const void *a, const void *b)
{
	const sq_scored *x = a, *y = b;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* The store built, its row lengths in memory (as a search that ranks). */
static sq_store *build_ranked(fx *f, build_fn make)
{
	pd_err err = {0};
	make(f, 64);
	/* a search loads the rows' lengths only while the top lists are
	 * current: after later_ingest they are not (no optimize), which does
	 * not matter to the walks compared here */
	exec_ok(sq(f)->db, "INSERT OR REPLACE INTO meta(key, value) SELECT 'topk_gen', value"
		    " FROM meta WHERE key = 'index_gen'");
	assert_int_equal(sq_lens_sync(sq(f), (size_t)1 << 40, &err), 0);
	assert_true(sq(f)->lens.active);
	return sq(f);
}

/* sq_bm25_walk_doclist keeps the same rows with the same scores, to the
 * bit, as FTS5's walk: every term, with and without a set of turns, with
 * the phrase's own idf and a given one. */
static void walks(fx *f, build_fn make)
{
	pd_err err = {0};
	sq_store *s = build_ranked(f, make);
	sqlite3_int64 top = 0;
	assert_int_equal(sq_max_tid(s, &top, &err), 0);
	sq_tidset set = { .nbits = top + 1 };
	set.bits = calloc((size_t)(top + 64) / 64, sizeof *set.bits);
	for (sqlite3_int64 t = 0; t <= top; t += 1 + t % 3)
		set.bits[t >> 6] |= (uint64_t)1 << (t & 63);
	size_t n, walked = 0;
	char **terms = all_terms(s->db, &n);
	for (size_t i = 0; i < n; i++) {
		char match[64];
		snprintf(match, sizeof match, "\"%s\"", terms[i]);
		for (int v = 0; v < 3; v++) {
			sq_walk a = { .cap = 30, .set = v == 1 ? &set : NULL, .idf = v == 2 ? 1.0 : 0 };
			sq_walk b = a;
			a.top = calloc(30, sizeof *a.top);
			b.top = calloc(30, sizeof *b.top);
			s->phrase_rows = (sqlite3_int64)fts_count(s->db, match);
			fts_walk(f, terms[i], &a);
			bool done = false;
			assert_int_equal(sq_bm25_walk_doclist(s, terms[i], &b, &done, &err), 0);
			assert_true(done);
			walked++;
			assert_int_equal(a.n, b.n);
			assert_int_equal(a.seen, b.seen);
			/* the heaps' order differs only among ties: by tid */
			qsort(a.top, a.n, sizeof *a.top, by_tid);
			qsort(b.top, b.n, sizeof *b.top, by_tid);
			double least = 1e300;
			for (size_t k = 0; k < a.n; k++)
				least = a.top[k].score < least ? a.top[k].score : least;
			for (size_t k = 0, m = 0; k < a.n; k++) {
				if (a.top[k].score == least) /* which of the least tie is kept */
					continue;
				while (m < b.n && b.top[m].tid < a.top[k].tid)
					m++;
				assert_true(m < b.n);
				assert_int_equal(b.top[m].tid, a.top[k].tid);
				assert_memory_equal(&b.top[m].score, &a.top[k].score, sizeof(double));
			}
			free(a.top);
			free(b.top);
		}
	}
	sq_known_rows_forget(s);
	assert_true(walked > 60);
	free(set.bits);
	free_terms(terms, n);
}

ONE_AND_TWO(walks)

/* sq_bm25_and_doclist scores every row of an AND of two terms as
 * pd_bm25 does through FTS5, to the bit (with and without a set). */
static void and_walks(fx *f, build_fn make)
{
	pd_err err = {0};
	sq_store *s = build_ranked(f, make);
	sq_known_rows_forget(s);
	sq_tidset set = { .nbits = 4000 };
	set.bits = calloc(4000 / 64 + 1, sizeof *set.bits);
	for (sqlite3_int64 t = 0; t < 4000; t += 1 + t % 4)
		set.bits[t >> 6] |= (uint64_t)1 << (t & 63);
	static const char *const pairs[][2] = {
		{ "the", "in" }, { "in", "the" }, { "government", "prime" }, { "tax", "reform" },
		{ "rare", "the" }, { "政府", "工作" }, { "minister", "budget" }, { "world", "world" },
	};
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT rowid, -pd_bm25(turns_fts, 3.0, 1.0)"
					    " FROM turns_fts WHERE turns_fts MATCH ?1", -1, &st,
					    NULL), SQLITE_OK);
	size_t scored = 0;
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		for (int v = 0; v < 2; v++) {
			sq_walk w = { .cap = 100000, .set = v ? &set : NULL };
			w.top = calloc(w.cap, sizeof *w.top);
			bool done = false;
			assert_int_equal(sq_bm25_and_doclist(s, pairs[i], &w, &done, &err), 0);
			assert_true(done);
			qsort(w.top, w.n, sizeof *w.top, by_tid);
			char match[64];
			snprintf(match, sizeof match, "\"%s\" AND \"%s\"", pairs[i][0], pairs[i][1]);
			sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
			size_t m = 0;
			while (sqlite3_step(st) == SQLITE_ROW) {
				sqlite3_int64 tid = sqlite3_column_int64(st, 0);
				if (v && !sq_tidset_has(&set, tid))
					continue;
				double score = sqlite3_column_double(st, 1);
				assert_true(m < w.n);
				assert_int_equal(w.top[m].tid, tid);
				assert_memory_equal(&w.top[m].score, &score, sizeof score);
				m++;
				scored++;
			}
			sqlite3_reset(st);
			assert_int_equal(m, w.n);
			assert_int_equal(w.seen, w.n);
			free(w.top);
		}
	}
	sqlite3_finalize(st);
	assert_true(scored > 1000);
	free(set.bits);
}

ONE_AND_TWO(and_walks)

/* Reads every term of a garbled copy: each ends in rows then 0, or
 * PD_EINPUT; *errors counts the PD_EINPUT. */
static void read_everything(fx *f, char **terms, size_t n, size_t *errors, size_t *term_errors)
{
	pd_err err = {0};
	const sq_fts_seg *seg;
	int rc = sq_doclist_seg(sq(f), &seg, &err);
	if (rc == PD_EINPUT || !seg) {
		*errors += rc == PD_EINPUT;
		return;
	}
	assert_int_equal(rc, 0);
	pd_buf listed; /* every page walked for the terms */
	pd_buf_init(&listed, 0);
	rc = sq_doclist_terms(sq(f), seg, 1, collect_term, &listed, &err);
	pd_buf_release(&listed);
	if (rc != 0 && rc != PD_EINPUT)
		fail_msg("terms: %d %s", rc, err.msg);
	*errors += rc == PD_EINPUT;
	*term_errors += rc == PD_EINPUT;
	for (size_t i = 0; i < n; i++) {
		sq_doclist *d = NULL;
		rc = sq_doclist_open(sq(f), seg, terms[i], strlen(terms[i]), &d, &err);
		while (d && (rc = sq_doclist_next(d, &err)) == 1) {
			size_t np, k = 0;
			const unsigned char *p = sq_doclist_positions(d, &np);
			int col = 0, off = 0, r;
			while ((r = sq_poslist_next(p, np, &k, &col, &off)) == 1)
				;
			*errors += r < 0;
		}
		if (rc != 0 && rc != PD_EINPUT)
			fail_msg("%s: %d %s", terms[i], rc, err.msg);
		*errors += rc == PD_EINPUT;
		sq_doclist_free(d);
		const char *two[] = { terms[i], terms[(i * 7 + 1) % n] };
		size_t count, rows;
		bool done;
		rc = sq_doclist_count(sq(f), two, 2, true, &count, &done, &err);
		assert_true(rc == 0 || rc == PD_EINPUT);
		*errors += rc == PD_EINPUT;
		/* jumps over garbled pages: the sampled count's strata */
		const sq_strata st = { 4000, 16, 40 };
		rc = sq_doclist_count_sampled(sq(f), two, 2, true, &st, 1, &count, &rows, &done,
					      &err);
		assert_true(rc == 0 || rc == PD_EINPUT);
		*errors += rc == PD_EINPUT;
	}
}

/* A damaged page's sizes must not become allocations: the reader's
 * buffers grow with the bytes it reads. Natively the test's address space
 * is held to 1 GB above what it uses (a row's positions once took their
 * claimed size, gigabytes, at once; memcheck then ran out of memory).
 * Left as it is under ASan and valgrind, which map large regions of their
 * own; *was gets the limit to put back. */
static void bound_address_space(struct rlimit *was)
{
	assert_int_equal(getrlimit(RLIMIT_AS, was), 0);
#ifndef __SANITIZE_ADDRESS__
	const char *preload = getenv("LD_PRELOAD");
	if (preload && strstr(preload, "vgpreload"))
		return;
	long pages = 0;
	FILE *statm = fopen("/proc/self/statm", "r");
	if (!statm)
		return;
	if (fscanf(statm, "%ld", &pages) != 1)
		pages = 0;
	fclose(statm);
	if (pages <= 0)
		return;
	struct rlimit cap = *was;
	cap.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)1 << 30);
	if (was->rlim_max != RLIM_INFINITY && cap.rlim_cur > was->rlim_max)
		cap.rlim_cur = was->rlim_max;
	assert_int_equal(setrlimit(RLIMIT_AS, &cap), 0);
#endif
}

/* The end of the SQLite varint at p[i], or 0 when it runs past n. */
static size_t varint_end(const unsigned char *p, size_t n, size_t i)
{
	for (int k = 0; k < 9 && i < n; k++)
		if (k == 8 || !(p[i++] & 0x80))
			return k == 8 ? i + 1 : i;
	return 0;
}

/* The first row of a few leaf pages made to claim 4 GB of positions (its
 * size varint replaced by 2^33, positions' bytes times two). */
static void claim_huge_positions(sqlite3 *db)
{
	static const unsigned char huge[] = { 0xA0, 0x80, 0x80, 0x80, 0x00 };
	sqlite3_stmt *pages, *put;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, block FROM turns_fts_data WHERE id > 10",
					    -1, &pages, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE turns_fts_data SET block = ?2 WHERE id = ?1",
					    -1, &put, NULL), SQLITE_OK);
	int damaged = 0;
	exec_ok(db, "BEGIN");
	while (damaged < 4 && sqlite3_step(pages) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(pages, 1);
		size_t n = (size_t)sqlite3_column_bytes(pages, 1);
		if (n < 8)
			continue;
		size_t row = ((size_t)b[0] << 8) | b[1], szleaf = ((size_t)b[2] << 8) | b[3];
		size_t size_at = row >= 4 && row < szleaf ? varint_end(b, szleaf, row) : 0;
		size_t size_end = size_at ? varint_end(b, szleaf, size_at) : 0;
		if (!size_end)
			continue;
		pd_buf page;
		pd_buf_init(&page, 0);
		pd_buf_add(&page, b, size_at);
		pd_buf_add(&page, huge, sizeof huge);
		pd_buf_add(&page, b + size_end, n - size_end);
		sqlite3_bind_int64(put, 1, sqlite3_column_int64(pages, 0));
		sqlite3_bind_blob(put, 2, page.data, (int)page.len, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(put), SQLITE_DONE);
		sqlite3_reset(put);
		pd_buf_release(&page);
		damaged++;
	}
	exec_ok(db, "COMMIT");
	assert_int_equal(damaged, 4);
	sqlite3_finalize(pages);
	sqlite3_finalize(put);
}

static void garbled(fx *f, build_fn make)
{
	make(f, 64);
	size_t n;
	char **terms = all_terms(sq(f)->db, &n);
	pd_store_close(f->s);
	f->s = NULL;
	char copy[128], cmd[320];
	snprintf(copy, sizeof copy, "%s/garbled.db", f->dir);
	size_t errors = 0, term_errors = 0;
	uint32_t r = 99;
	for (int round = 0; round < 9; round++) { /* the last: sizes claimed */
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->path, copy);
		assert_int_equal(system(cmd), 0);
		sqlite3 *db;
		assert_int_equal(sqlite3_open(copy, &db), SQLITE_OK);
		sqlite3_stmt *cut, *flip;
		assert_int_equal(sqlite3_prepare_v2(db, "UPDATE turns_fts_data SET block ="
						    " substr(block, 1, ?2) WHERE id = ?1", -1, &cut,
						    NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "UPDATE turns_fts_data SET block ="
						    " substr(block, 1, ?2) || ?3 ||"
						    " substr(block, ?2 + length(?3) + 1) WHERE id = ?1",
						    -1, &flip, NULL), SQLITE_OK);
		sqlite3_stmt *ids;
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, length(block) FROM turns_fts_data"
						    " WHERE id > 10 OR ?1", -1, &ids, NULL),
				 SQLITE_OK);
		sqlite3_bind_int(ids, 1, round == 7); /* the structure record too, once */
		if (round == 8)
			claim_huge_positions(db);
		exec_ok(db, "BEGIN");
		while (round < 8 && sqlite3_step(ids) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(ids, 0);
			int len = sqlite3_column_int(ids, 1);
			if (next_rand(&r) % 5 != 0 || len < 1)
				continue;
			sqlite3_stmt *st = next_rand(&r) % 2 ? cut : flip;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int(st, 2, (int)(next_rand(&r) % (unsigned)len));
			if (st == flip) { /* the same bytes every run, unlike randomblob() */
				unsigned char bytes[4];
				int nb = 1 + (int)(next_rand(&r) % 4);
				for (int b = 0; b < nb; b++)
					bytes[b] = (unsigned char)next_rand(&r);
				sqlite3_bind_blob(st, 3, bytes, nb, SQLITE_TRANSIENT);
			}
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
			sqlite3_reset(st);
		}
		exec_ok(db, "COMMIT");
		sqlite3_finalize(ids);
		sqlite3_finalize(cut);
		sqlite3_finalize(flip);
		sqlite3_close(db);
		pd_err err = {0};
		if (pd_store_open(copy, PD_STORE_READONLY, &f->s, &err) != 0)
			fail_msg("open: %s", err.msg);
		struct rlimit was;
		bound_address_space(&was);
		read_everything(f, terms, n, &errors, &term_errors);
		assert_int_equal(setrlimit(RLIMIT_AS, &was), 0);
		pd_store_close(f->s);
		f->s = NULL;
	}
	assert_true(errors > 0); /* the damage was seen */
	assert_true(term_errors > 0); /* by the terms' walk too */
	free_terms(terms, n);
}

ONE_AND_TWO(garbled)

/* The top lists and their terms, as text. */
static void dump_lists(sqlite3 *db, pd_buf *out)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term, ndocs, nlist FROM topk_terms"
					    " ORDER BY term", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		pd_buf_printf(out, "%s %lld %lld\n", (const char *)sqlite3_column_text(st, 0),
			      (long long)sqlite3_column_int64(st, 1),
			      (long long)sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term, chunk, hex(list) FROM topk_lists"
					    " ORDER BY term, chunk", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		pd_buf_printf(out, "%s %lld %s\n", (const char *)sqlite3_column_text(st, 0),
			      (long long)sqlite3_column_int64(st, 1),
			      (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

/* Two pages of a few searches: the totals and each hit's turn. */
static void dump_pages(fx *f, pd_buf *out)
{
	static const char *const queries[] = {
		"the", "world", "government", "rare", "\"the world\"", "in the world",
		"prime minister", "政府工作", "the -world", "tax OR reform", "budget",
	};
	pd_err err = {0};
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		for (size_t offset = 0; offset <= 20; offset += 20) {
			pd_search_req req = { .query = queries[i], .limit = 20, .offset = offset };
			pd_search_result res = { 0 };
			assert_int_equal(pd_store_search(f->s, &req, &res, &err), 0);
			pd_buf_printf(out, "%s +%zu: %zu%s\n", queries[i], offset, res.total,
				      res.estimated ? "~" : "");
			for (size_t k = 0; k < res.nhits; k++)
				pd_buf_printf(out, " %s/%d", res.hits[k].record_id, res.hits[k].turn);
			pd_buf_putc(out, '\n');
			pd_search_result_release(&res);
		}
	}
}

/* The lists and the searches' pages. */
static void dump_all(fx *f, pd_buf *out)
{
	pd_buf_reset(out);
	dump_lists(sq(f)->db, out);
	dump_pages(f, out);
}

/* The store reopened with lists of 16 turns for terms in 30 turns or
 * more (so that the small store has lists), or back to the defaults. */
static void reopen_lists(fx *f, bool small)
{
	pd_err err = {0};
	pd_store_close(f->s);
	if (small) {
		setenv("PODIUM_TOPK_MIN_DOCS", "30", 1);
		setenv("PODIUM_TOPK_SIZE", "16", 1);
	} else {
		unsetenv("PODIUM_TOPK_MIN_DOCS");
		unsetenv("PODIUM_TOPK_SIZE");
	}
	assert_int_equal(pd_store_open(f->path, 0, &f->s, &err), 0);
}

static const char *meta(fx *f, const char *key, char *buf, size_t cap)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(sq(f)->db, "SELECT value FROM meta WHERE key = ?1", -1,
					    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* pd_store_optimize after a small later ingest (new records, records
 * replaced: some of their rowids used again, records deleted) leaves the
 * newer segments unmerged and builds the lists from the doclists read
 * over every segment: the same lists and the same pages as once FTS5
 * merged everything. A larger ingest is merged as before. Merging always,
 * or lists built another way (fts5vocab's terms, the text scanned) fail
 * it. */
static void test_optimize_unmerged(void **state)
{
	fx *f = *state;
	pd_err err = {0};
	char v[64];
	reopen_lists(f, true);
	build(f, 64); /* small pages: the newer segments' share is their data's */
	put_records(f, "c", 12, 21);
	put_range(f, "b", 390, 400, 77, PD_PUT_UPDATED); /* the last tids: used again */
	put_range(f, "b", 100, 103, 78, PD_PUT_UPDATED);
	assert_int_equal(pd_store_begin(f->s, &err), 0);
	assert_int_equal(pd_store_delete(f->s, "b-200", &err), 0);
	assert_int_equal(pd_store_delete(f->s, "a-201", &err), 0);
	assert_int_equal(pd_store_commit(f->s, &err), 0);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_true(seg_ok(f)->n >= 2);
	assert_string_equal(meta(f, "topk_by", v, sizeof v), "doclist");
	assert_string_equal(meta(f, "topk_terms_by", v, sizeof v), "pages");
	pd_buf unmerged, merged;
	pd_buf_init(&unmerged, 0);
	pd_buf_init(&merged, 0);
	dump_all(f, &unmerged);
	exec_ok(sq(f)->db, "INSERT INTO turns_fts(turns_fts) VALUES ('optimize');"
		    "UPDATE meta SET value = value + 1 WHERE key = 'index_gen'");
	assert_int_equal(seg_ok(f)->n, 1);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	dump_all(f, &merged);
	assert_true(strstr(pd_buf_cstr(&merged), "the +20") != NULL);
	assert_string_equal(pd_buf_cstr(&unmerged), pd_buf_cstr(&merged));
	put_records(f, "d", 200, 5); /* a quarter more: merged */
	assert_true(seg_ok(f)->n >= 2);
	assert_int_equal(pd_store_optimize(f->s, &err), 0);
	assert_int_equal(seg_ok(f)->n, 1);
	pd_buf_release(&unmerged);
	pd_buf_release(&merged);
	reopen_lists(f, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_terms_small_pages, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_terms_default_pages, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_counts, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_jumps, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_count_sampled, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_each_in, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_walks, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_and_walks, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_fallback, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_optimize_unmerged, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_garbled, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_terms_small_pages_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_terms_default_pages_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_counts_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_jumps_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_count_sampled_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_each_in_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_walks_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_and_walks_two, tmp_store_setup, tmp_store_teardown),
		cmocka_unit_test_setup_teardown(test_garbled_two, tmp_store_setup, tmp_store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
