/* pd_bench.c: the measuring tool behind `make bench` (bench/run.sh).
 *
 * Not product code and not part of the normal build: run.sh compiles it
 * against the build folder's libpodium_core.a. One binary, one subcommand per job:
 *
 *   pd_bench parse INPUT...            walk + pd_parse only; time inside pd_parse
 *   pd_bench export DB OUT.tsv         the turns Podium stored, one per line
 *   pd_bench fts5-build TSV DB         bare FTS5 table (same cjk tokenizer), one transaction
 *   pd_bench search ENGINE DB QUERIES RUN
 *                                      ENGINE: podium, podium-first, podium-next,
 *                                      podium-facets, fts5, reference
 *   pd_bench overlap DB QUERIES        Podium's top 20 against exhaustive BM25
 *   pd_bench pages DB QUERIES          every query's first three pages, to compare
 *                                      two builds' results (P lines, scores to the bit)
 *   pd_bench http PORT QUERIES RUN [gzip]
 *                                      GET /api/v1/search over loopback, keep-alive;
 *                                      also each request's time less the
 *                                      server's search (Server-Timing):
 *                                      what HTTP adds, paired per request;
 *                                      gzip: taking gzip, as browsers do
 *
 * Timed lines go to stdout as tab-separated fields that bench/report.py reads:
 *   T  engine  class  query-number  run  milliseconds  hits
 *   I  key  value                      (a measured figure)
 *
 * QUERIES is bench/queries.tsv: class, query, speaker, from, to.
 * PD_BENCH_CPU=1 times by the thread's CPU; PD_BENCH_SERVE=1 opens the
 * searching store as podium serve opens its workers' (search arrays and
 * row lengths loaded at their first use).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "escape/escape.h"
#include "ingest/ingest.h"
#include "parse/parse.h"
#include "search/query.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

#define MAX_QUERIES 256
#define TOPK 20

static double thread_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "pd_bench: %s: %s\n", what, why ? why : "failed");
	exit(3);
}

/* --- the query list ------------------------------------------------ */

typedef struct bq {
	char *cls, *text, *speaker, *from, *to;
} bq;

static char *field_or_null(char *s)
{
	return s && *s ? pd_xstrdup(s) : NULL;
}

static size_t load_queries(const char *path, bq *out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die(path, strerror(errno));
	char line[2048];
	size_t n = 0;
	while (fgets(line, sizeof line, f) && n < MAX_QUERIES) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *col[5] = { 0 };
		char *p = line;
		for (int i = 0; i < 5 && p; i++) {
			col[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!col[1])
			continue;
		out[n].cls = pd_xstrdup(col[0]);
		out[n].text = pd_xstrdup(col[1]);
		out[n].speaker = field_or_null(col[2]);
		out[n].from = field_or_null(col[3]);
		out[n].to = field_or_null(col[4]);
		n++;
	}
	fclose(f);
	return n;
}

/* --- parse: the parser alone ----------------------------------------- */

typedef struct parse_tally {
	size_t docs, records, turns, rejected;
	unsigned long long bytes;
	double parse_ms, parse_cpu_ms;
} parse_tally;

/* CPU time of this thread: on a machine shared with other work the wall
 * time inside pd_parse moves by ±50 % between runs, the CPU time less. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int count_record(pd_record *rec, void *ctx)
{
	parse_tally *t = ctx;
	t->records++;
	t->turns += rec->nturns;
	pd_record_free(rec);
	return 0;
}

static int parse_doc(const char *name, const char *bytes, size_t len, void *ctx)
{
	parse_tally *t = ctx;
	pd_err err;
	pd_err_clear(&err);
	double t0 = now_ms(), c0 = cpu_ms();
	if (pd_parse(name, bytes, len, count_record, t, &err) < 0)
		t->rejected++;
	t->parse_ms += now_ms() - t0;
	t->parse_cpu_ms += cpu_ms() - c0;
	t->docs++;
	t->bytes += len;
	return 0;
}

static int cmd_parse(int argc, char **argv)
{
	parse_tally t = { 0 };
	double t0 = now_ms();
	pd_ingest_walk((const char *const *)argv, (size_t)argc, NULL, parse_doc, NULL, &t);
	double wall = now_ms() - t0;
	printf("I\tparse_docs\t%zu\nI\tparse_records\t%zu\nI\tparse_turns\t%zu\n"
	       "I\tparse_bytes\t%llu\nI\tparse_ms\t%.1f\nI\twalk_parse_ms\t%.1f\n"
	       "I\tparse_mb_s\t%.1f\nI\tparse_cpu_ms\t%.1f\nI\tparse_cpu_mb_s\t%.1f\n"
	       "I\tparse_rejected\t%zu\n", t.docs, t.records, t.turns,
	       t.bytes, t.parse_ms, wall, t.bytes / 1e6 / (t.parse_ms / 1e3), t.parse_cpu_ms,
	       t.bytes / 1e6 / (t.parse_cpu_ms / 1e3), t.rejected);
	return 0;
}

/* --- export: the turns as Podium stored them ------------------------- */

/* Tab, newline and backslash escaped, so one turn is one line. */
static void put_field(FILE *f, const unsigned char *s)
{
	for (; s && *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else if (*s != '\r')
			fputc(*s, f);
	}
}

static sqlite3 *open_db(const char *path, int flags)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	if (pd_sqlite_register_cjk(db, NULL) != SQLITE_OK)
		die(path, "cannot register the cjk tokenizer");
	sqlite3_exec(db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	return db;
}

static int cmd_export(const char *dbpath, const char *out)
{
	sqlite3 *db = open_db(dbpath, SQLITE_OPEN_READONLY);
	sqlite3_stmt *st;
	FILE *f = fopen(out, "w");
	if (!f)
		die(out, strerror(errno));
	if (sqlite3_prepare_v2(db, "SELECT t.tid, t.title, t.text,"
			       " coalesce(t.speaker_name, t.speaker), r.date"
			       " FROM turns t JOIN records r ON r.rid = t.rid ORDER BY t.tid",
			       -1, &st, NULL) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(db));
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(f, "%lld", (long long)sqlite3_column_int64(st, 0));
		for (int c = 1; c <= 4; c++) {
			fputc('\t', f);
			put_field(f, sqlite3_column_text(st, c));
		}
		fputc('\n', f);
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	fclose(f);
	printf("I\texport_turns\t%zu\n", n);
	return 0;
}

/* Undoes put_field in place; returns the field's start, p moves past it. */
static char *take_field(char **p)
{
	char *start = *p, *w = *p, *r = *p;
	for (; *r && *r != '\t' && *r != '\n'; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*p = *r ? r + 1 : r;
	*w = '\0';
	return start;
}

/* --- fts5-build: the bare FTS5 baseline ------------------------------ */

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int cmd_fts5_build(const char *tsv, const char *dbpath)
{
	unlink(dbpath);
	sqlite3 *db = open_db(dbpath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	sqlite3_stmt *st;
	/* same journal and cache as `podium ingest` (PD_STORE_BULK,
	 * SQ_BULK_CACHE_KIB in sqlite_store.c) */
	sqlite3_exec(db, "PRAGMA cache_size = -65536;"
		     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		     "CREATE TABLE t_meta(x);"
		     "CREATE VIRTUAL TABLE t USING fts5(title, text, speaker UNINDEXED,"
		     " date UNINDEXED, tokenize='cjk');", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, text, speaker, date)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(db));
	FILE *f = fopen(tsv, "r");
	if (!f)
		die(tsv, strerror(errno));
	char *line = NULL;
	size_t cap = 0, rows = 0;
	unsigned long long bytes = 0;
	ssize_t len;
	double t0 = now_ms();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *p = line;
		char *tid = take_field(&p);
		sqlite3_bind_int64(st, 1, atoll(tid));
		for (int c = 2; c <= 5; c++) {
			char *v = take_field(&p);
			if (*v)
				sqlite3_bind_text(st, c, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, c);
			if (c <= 3)
				bytes += strlen(v);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			die(dbpath, sqlite3_errmsg(db));
		sqlite3_reset(st);
		rows++;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	double ms = now_ms() - t0;
	sqlite3_finalize(st);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	fclose(f);
	free(line);
	printf("I\tfts5_rows\t%zu\nI\tfts5_text_bytes\t%llu\nI\tfts5_build_ms\t%.1f\n"
	       "I\tfts5_rows_s\t%.0f\nI\tfts5_mb_s\t%.2f\nI\tfts5_peak_rss_kb\t%ld\n",
	       rows, bytes, ms, rows / (ms / 1e3), bytes / 1e6 / (ms / 1e3), peak_rss_kb());
	return 0;
}

/* --- search ---------------------------------------------------------- */

static void fts5_match(const char *text, pd_buf *match)
{
	pd_err err;
	pd_query *q = pd_query_parse(text, &err);
	if (!q)
		die(text, err.msg);
	pd_buf_reset(match);
	pd_query_to_fts5(q, match);
	pd_query_free(q);
}

/* The bare table: ORDER BY bm25 LIMIT 20 with snippet(), the filters as
 * plain column tests. */
static int fts5_search(sqlite3 *db, const bq *q, pd_buf *sql, pd_buf *match)
{
	fts5_match(q->text, match);
	pd_buf_reset(sql);
	pd_buf_puts(sql, "SELECT rowid, snippet(t, 1, char(2), char(3), '…', 24)"
		    " FROM t WHERE t MATCH ?1");
	if (q->speaker)
		pd_buf_puts(sql, " AND speaker = ?2 COLLATE NOCASE");
	if (q->from)
		pd_buf_puts(sql, " AND substr(date, 1, length(?3)) >= ?3");
	if (q->to)
		pd_buf_puts(sql, " AND substr(date, 1, length(?4)) <= ?4");
	pd_buf_puts(sql, " ORDER BY bm25(t, 3.0, 1.0) LIMIT 20");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, pd_buf_cstr(sql), -1, &st, NULL) != SQLITE_OK)
		die(q->text, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, pd_buf_cstr(match), -1, SQLITE_STATIC);
	if (q->speaker)
		sqlite3_bind_text(st, 2, q->speaker, -1, SQLITE_STATIC);
	if (q->from)
		sqlite3_bind_text(st, 3, q->from, -1, SQLITE_STATIC);
	if (q->to)
		sqlite3_bind_text(st, 4, q->to, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_finalize(st);
	return n;
}

/* Exhaustive BM25 over Podium's own index, in Podium's order (score, then
 * newest record, then stored order): what its top 20 must agree with.
 * Fills ids with "record-id#turn". */
static int reference_search(sqlite3 *db, const bq *q, pd_buf *match, char ids[][160])
{
	fts5_match(q->text, match);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT r.id, t.n FROM turns_fts"
			       " JOIN turns t ON t.tid = turns_fts.rowid"
			       " JOIN records r ON r.rid = t.rid WHERE turns_fts MATCH ?1"
			       /* the date filters as Podium reads them (docs/search.md) */
			       " AND (?2 IS NULL OR r.date >= ?2) AND (?3 IS NULL OR r.date <= ?3 || '~')"
			       " ORDER BY bm25(turns_fts, 3.0, 1.0), r.date DESC, t.tid LIMIT 20",
			       -1, &st, NULL) != SQLITE_OK)
		die(q->text, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, pd_buf_cstr(match), -1, SQLITE_STATIC);
	if (q->from)
		sqlite3_bind_text(st, 2, q->from, -1, SQLITE_STATIC);
	if (q->to)
		sqlite3_bind_text(st, 3, q->to, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < TOPK) {
		snprintf(ids[n], 160, "%s#%d", sqlite3_column_text(st, 0),
			 sqlite3_column_int(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static int podium_search_at(pd_store *s, const bq *q, bool facets, size_t offset,
			    char ids[][160])
{
	pd_search_req req = { .query = q->text, .limit = TOPK, .offset = offset,
			      .want_facets = facets };
	req.filter.speaker = q->speaker;
	req.filter.from = q->from;
	req.filter.to = q->to;
	pd_search_result res;
	pd_err err;
	memset(&res, 0, sizeof res);
	if (pd_store_search(s, &req, &res, &err) < 0)
		die(q->text, err.msg);
	int n = (int)res.nhits;
	for (int i = 0; ids && i < n && i < TOPK; i++)
		snprintf(ids[i], 160, "%s#%d", res.hits[i].record_id, res.hits[i].turn);
	pd_search_result_release(&res);
	return n;
}

static int podium_search(pd_store *s, const bq *q, bool facets, char ids[][160])
{
	return podium_search_at(s, q, facets, 0, ids);
}

static int cmd_search(const char *engine, const char *dbpath, const char *qpath, int run)
{
	static bq qs[MAX_QUERIES];
	size_t nq = load_queries(qpath, qs);
	pd_store *s = NULL;
	sqlite3 *db = NULL;
	pd_err err;
	bool is_podium = strncmp(engine, "podium", 6) == 0;
	bool facets = strcmp(engine, "podium-facets") == 0;
	/* podium-first: every query asked as for the first time on its
	 * connection — no match counts, filter sets or answers kept from the
	 * untimed pass — so the timed pass measures the search's own work, as
	 * Xapian's does (it keeps nothing between queries) */
	if (strcmp(engine, "podium-first") == 0)
		setenv("PODIUM_SEARCH_KEEP", "0", 1);
	/* podium-next: a query's second page asked on another connection
	 * than its first (a server's next page landing on another worker);
	 * the warming pass on a third connection that keeps nothing */
	bool next = strcmp(engine, "podium-next") == 0;
	pd_store *first = NULL, *warm = NULL;
	if (next) {
		setenv("PODIUM_SEARCH_KEEP", "0", 1);
		if (pd_store_open(dbpath, PD_STORE_READONLY, &warm, &err) < 0)
			die(dbpath, err.msg);
		unsetenv("PODIUM_SEARCH_KEEP");
		if (pd_store_open(dbpath, PD_STORE_READONLY, &first, &err) < 0)
			die(dbpath, err.msg);
	}
	if (is_podium) {
		/* PD_BENCH_SERVE=1: opened as podium serve opens its workers'
		 * (the search arrays, row lengths among them, loaded at the
		 * first search that uses them, not once they would pay) */
		const char *serve = getenv("PD_BENCH_SERVE");
		int flags = PD_STORE_READONLY |
			    (serve && strcmp(serve, "1") == 0 ? PD_STORE_SERVE : 0);
		if (pd_store_open(dbpath, flags, &s, &err) < 0)
			die(dbpath, err.msg);
	} else {
		db = open_db(dbpath, SQLITE_OPEN_READONLY);
	}
	pd_buf sql, match;
	pd_buf_init(&sql, 0);
	pd_buf_init(&match, 0);
	static char ids[TOPK][160];
	/* PD_BENCH_CPU=1: the thread's CPU time instead of the wall clock,
	 * which other work on a shared machine moves far more */
	const char *cpu_env = getenv("PD_BENCH_CPU");
	bool cpu = cpu_env && strcmp(cpu_env, "1") == 0;
	/* one untimed pass warms the cache and the statement cache */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nq; i++) {
			if (!is_podium && strcmp(engine, "reference") == 0 && qs[i].speaker)
				continue;
			if (next && pass == 0) {
				podium_search_at(warm, &qs[i], false, TOPK, NULL);
				continue;
			}
			if (next)
				podium_search(first, &qs[i], false, NULL);
			double t0 = cpu ? thread_cpu_ms() : now_ms();
			int hits = next ? podium_search_at(s, &qs[i], false, TOPK, NULL)
				 : is_podium ? podium_search(s, &qs[i], facets, NULL)
				 : strcmp(engine, "fts5") == 0 ? fts5_search(db, &qs[i], &sql, &match)
				 : reference_search(db, &qs[i], &match, ids);
			double ms = (cpu ? thread_cpu_ms() : now_ms()) - t0;
			if (pass)
				printf("T\t%s\t%s\t%zu\t%d\t%.3f\t%d\n", engine, qs[i].cls, i, run,
				       ms, hits);
		}
	}
	pd_buf_release(&sql);
	pd_buf_release(&match);
	if (s)
		pd_store_close(s);
	if (first)
		pd_store_close(first);
	if (warm)
		pd_store_close(warm);
	if (db)
		sqlite3_close(db);
	return 0;
}

/* Overlap@20 of Podium's top 20 with exhaustive BM25, per query (queries
 * with a speaker filter are skipped: the reference has dates only). */
static int cmd_overlap(const char *dbpath, const char *qpath)
{
	static bq qs[MAX_QUERIES];
	static char got[TOPK][160], want[TOPK][160];
	size_t nq = load_queries(qpath, qs), nmeasured = 0, identical = 0;
	pd_store *s;
	pd_err err;
	if (pd_store_open(dbpath, PD_STORE_READONLY, &s, &err) < 0)
		die(dbpath, err.msg);
	sqlite3 *db = open_db(dbpath, SQLITE_OPEN_READONLY);
	pd_buf match;
	pd_buf_init(&match, 0);
	double sum = 0, worst = 1;
	for (size_t i = 0; i < nq; i++) {
		if (qs[i].speaker)
			continue;
		int ng = podium_search(s, &qs[i], false, got);
		int nw = reference_search(db, &qs[i], &match, want);
		int common = 0;
		for (int a = 0; a < nw; a++)
			for (int b = 0; b < ng; b++)
				if (strcmp(want[a], got[b]) == 0) {
					common++;
					break;
				}
		double ov = nw ? (double)common / nw : (ng == 0 ? 1.0 : 0.0);
		bool same = ng == nw;
		for (int a = 0; same && a < nw; a++)
			same = strcmp(want[a], got[a]) == 0;
		identical += same;
		sum += ov;
		if (ov < worst)
			worst = ov;
		nmeasured++;
		printf("O\t%s\t%zu\t%.3f\t%d\n", qs[i].cls, i, ov, same);
	}
	printf("I\toverlap_queries\t%zu\nI\toverlap_mean\t%.4f\nI\toverlap_min\t%.3f\n"
	       "I\toverlap_identical\t%zu\n", nmeasured, nmeasured ? sum / nmeasured : 0, worst,
	       identical);
	pd_buf_release(&match);
	sqlite3_close(db);
	pd_store_close(s);
	return 0;
}

/* Each query's pages 1-3 (20 hits), and with the query's speaker filter
 * alone and its dates alone, twice on one handle (the second time with
 * whatever the first loaded): one line per hit, record#turn and score to
 * the bit, then the total. Two builds agree when these lines do. */
static int cmd_pages(const char *dbpath, const char *qpath)
{
	static bq qs[MAX_QUERIES];
	size_t nq = load_queries(qpath, qs);
	pd_store *s;
	pd_err err;
	if (pd_store_open(dbpath, PD_STORE_READONLY, &s, &err) < 0)
		die(dbpath, err.msg);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nq; i++)
			for (int v = 0; v < 3; v++) {
				if (v > 0 && !qs[i].speaker && !qs[i].from && !qs[i].to)
					continue;
				for (size_t page = 0; page < 3; page++) {
					pd_search_req req = { .query = qs[i].text, .limit = TOPK,
							      .offset = page * TOPK };
					req.filter.speaker = v != 2 ? qs[i].speaker : NULL;
					req.filter.from = v != 1 ? qs[i].from : NULL;
					req.filter.to = v != 1 ? qs[i].to : NULL;
					pd_search_result res;
					memset(&res, 0, sizeof res);
					if (pd_store_search(s, &req, &res, &err) < 0)
						die(qs[i].text, err.msg);
					for (size_t h = 0; h < res.nhits; h++)
						printf("P\t%d\t%zu\t%d\t%zu\t%s#%d\t%a\n", pass, i, v,
						       page * TOPK + h, res.hits[h].record_id,
						       res.hits[h].turn, res.hits[h].score);
					printf("N\t%d\t%zu\t%d\t%zu\t%zu\t%d\n", pass, i, v, page,
					       res.total, res.estimated);
					pd_search_result_release(&res);
				}
			}
	pd_store_close(s);
	return 0;
}

/* --- http: the same searches over loopback --------------------------- */

static int connect_local(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		die("connect", strerror(errno));
	return fd;
}

/* One keep-alive GET; returns the status, reads the whole body. With
 * gzip the request takes it (Accept-Encoding: gzip), as browsers do. */
static int http_get(int fd, const char *target, bool gzip, pd_buf *resp)
{
	pd_buf req;
	pd_buf_init(&req, 0);
	pd_buf_printf(&req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n", target,
		      gzip ? "Accept-Encoding: gzip\r\n" : "");
	if (write(fd, req.data, req.len) != (ssize_t)req.len)
		die("write", strerror(errno));
	pd_buf_release(&req);
	pd_buf_reset(resp);
	char chunk[65536];
	size_t want = (size_t)-1, head = 0;
	while (resp->len < want) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n <= 0)
			die("read", n ? strerror(errno) : "connection closed");
		pd_buf_add(resp, chunk, (size_t)n);
		if (!head) {
			const char *e = strstr(resp->data, "\r\n\r\n");
			if (!e)
				continue;
			head = (size_t)(e - resp->data) + 4;
			const char *cl = strcasestr(resp->data, "\r\nContent-Length:");
			if (!cl || cl > e)
				die(target, "no Content-Length in the answer");
			want = head + strtoull(cl + 17, NULL, 10);
		}
	}
	return atoi(resp->data + 9);
}

static int cmd_http(int port, const char *qpath, int run, bool gzip)
{
	static bq qs[MAX_QUERIES];
	size_t nq = load_queries(qpath, qs);
	int fd = connect_local(port);
	pd_buf target, resp;
	pd_buf_init(&target, 0);
	pd_buf_init(&resp, 0);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nq; i++) {
			/* a tag of its own per run and pass: the server keeps
			 * searches (its search cache), and this times the search,
			 * not the cache */
			pd_buf_reset(&target);
			pd_buf_printf(&target, "/api/v1/search?bench=%d&per_page=20&q=", run * 2 + pass);
			pd_esc_url(&target, qs[i].text, strlen(qs[i].text));
			const char *names[] = { "speaker", "from", "to" };
			const char *vals[] = { qs[i].speaker, qs[i].from, qs[i].to };
			for (int k = 0; k < 3; k++) {
				if (!vals[k])
					continue;
				pd_buf_printf(&target, "&%s=", names[k]);
				pd_esc_url(&target, vals[k], strlen(vals[k]));
			}
			double t0 = now_ms();
			int status = http_get(fd, pd_buf_cstr(&target), gzip, &resp);
			double ms = now_ms() - t0;
			if (status != 200)
				die(pd_buf_cstr(&target), "status is not 200");
			static const char timing[] = "\r\nServer-Timing: search;dur=";
			const char *st = strcasestr(resp.data, timing);
			if (!st)
				die(pd_buf_cstr(&target), "no Server-Timing in the answer");
			double search_ms = strtod(st + sizeof timing - 1, NULL);
			if (pass) {
				printf("T\thttp\t%s\t%zu\t%d\t%.3f\t%zu\n", qs[i].cls, i, run, ms,
				       resp.len);
				printf("T\thttp-added\t%s\t%zu\t%d\t%.3f\t%zu\n", qs[i].cls, i, run,
				       ms - search_ms, resp.len);
			}
		}
	}
	close(fd);
	pd_buf_release(&target);
	pd_buf_release(&resp);
	return 0;
}

/* First answered request after start: polls until the server answers. */
static int cmd_first(int port, const char *target, double started_ms_epoch)
{
	pd_buf resp;
	pd_buf_init(&resp, 0);
	for (;;) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = { .sin_family = AF_INET,
					 .sin_port = htons((uint16_t)port) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
			int status = http_get(fd, target, false, &resp);
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			double now = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
			printf("I\tfirst_request_ms\t%.1f\nI\tfirst_request_status\t%d\n",
			       now - started_ms_epoch, status);
			close(fd);
			break;
		}
		close(fd);
		usleep(1000);
	}
	pd_buf_release(&resp);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "parse") == 0)
		return cmd_parse(argc - 2, argv + 2);
	if (argc == 4 && strcmp(argv[1], "export") == 0)
		return cmd_export(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "fts5-build") == 0)
		return cmd_fts5_build(argv[2], argv[3]);
	if (argc == 6 && strcmp(argv[1], "search") == 0)
		return cmd_search(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc == 4 && strcmp(argv[1], "overlap") == 0)
		return cmd_overlap(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "pages") == 0)
		return cmd_pages(argv[2], argv[3]);
	if ((argc == 5 || (argc == 6 && strcmp(argv[5], "gzip") == 0)) &&
	    strcmp(argv[1], "http") == 0)
		return cmd_http(atoi(argv[2]), argv[3], atoi(argv[4]), argc == 6);
	if (argc == 5 && strcmp(argv[1], "first") == 0)
		return cmd_first(atoi(argv[2]), argv[3], atof(argv[4]));
	fprintf(stderr, "usage: pd_bench parse INPUT... | export DB TSV | fts5-build TSV DB |"
		" search ENGINE DB QUERIES RUN | overlap DB QUERIES | pages DB QUERIES |"
		" http PORT QUERIES RUN [gzip] |"
		" first PORT TARGET START_MS\n");
	return 2;
}
