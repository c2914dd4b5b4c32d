/* sqlite_int.h: shared by the SQLite backend's own files (store/sqlite/).
 *
 * One sq_store per connection. Statements are prepared once per connection
 * and kept in a small cache keyed by their SQL text: sq_prep hands one out
 * reset and with its bindings cleared; the caller calls sq_done when it has
 * finished stepping, on every path, so no statement holds a read lock.
 */
#ifndef PD_STORE_SQLITE_INT_H
#define PD_STORE_SQLITE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/store_internal.h"

/* Distinct statements one connection keeps prepared. The backend has about
 * 40 fixed statements plus search variants (one per combination of filters
 * actually used); past this size the oldest entry is finalized. */
#define SQ_CACHE_SIZE 96

typedef struct sq_cached {
	char *sql;
	sqlite3_stmt *st;
} sq_cached;

/* sqlite_bm25.c: every row's length in tokens (FTS5's %_docsize summed
 * over the columns), indexed by rowid, as of index_gen `gen`. Read-only once
 * loaded, and shared by the process's connections to the file
 * (sqlite_shared.c). */
typedef struct sq_lens_data {
	uint32_t *len;
	sqlite3_int64 n;          /* rowids 0 .. n - 1 */
	sqlite3_int64 gen;
	sqlite3_int64 nrow, ntoken; /* rows and tokens read (FTS5's, else -1) */
} sq_lens_data;

/* A connection's use of the row lengths. */
typedef struct sq_lens {
	const sq_lens_data *d;    /* a reference (sqlite_shared.c), or NULL */
	bool active;              /* inside a search that may use d */
	size_t debt;              /* rows scored without it since the last load */
} sq_lens;

/* Filter sets a connection keeps (sq_cols.sets): n / 8 bytes each
 * (400 KB at 10x). */
#define SQ_SET_CACHE 8

/* Lists of tids by key: key k's tids, ascending, are tid[off[k]] ..
 * tid[off[k + 1] - 1], for keys 0 .. nkeys - 1. */
typedef struct sq_tidlists {
	uint32_t *off;            /* nkeys + 1 entries */
	uint32_t *tid;
	size_t nkeys;
} sq_tidlists;

/* sqlite_turncols.c: the turns by record, by label and by speaker name
 * (the strings interned: ids + 1, 0 for NULL, which is listed nowhere), as
 * of index_gen `gen`; a filter's set is then the union of the lists it
 * names, not a pass over every turn. Read-only once loaded, and shared by
 * the process's connections to the file (sqlite_shared.c). */
typedef struct sq_turncols {
	sq_tidlists by_rid;       /* key: rid */
	sq_tidlists by_label;     /* key: the label's string id + 1 */
	sq_tidlists by_name;      /* key: the name's string id + 1 */
	/* The participants with aliases: participant i's record is
	 * part_rid[i], its label and aliases the string ids + 1 part_str[
	 * part_off[i]] .. part_str[part_off[i + 1] - 1]. Aliases that are not
	 * JSON text are left out: in SQL they equal no label and no filter. */
	uint32_t *part_rid, *part_off, *part_str;
	size_t npart;
	/* The records with a date, by date (bytes, as SQLite's BINARY compares
	 * them) then rid: date_str[i] the date's string id + 1. */
	uint32_t *date_rid, *date_str;
	size_t ndated;
	sqlite3_int64 n;          /* tids 0 .. n - 1 */
	char **str;               /* string id + 1 -> str[id] */
	size_t nstr, capstr;
	uint32_t *slots;          /* open addressing: string id + 1, 0 empty */
	size_t mask;
	sqlite3_int64 gen;
} sq_turncols;

/* A connection's use of the lists, and the sets it built from them. */
typedef struct sq_cols {
	const sq_turncols *d;     /* a reference (sqlite_shared.c), or NULL */
	/* The last sets built from d, by filter (sqlite_tidset.c): the next
	 * page of a filtered search, or the same filter again, copies its set
	 * (bitmaps of d->n bits; empty slots have no key). Dropped with d. */
	struct sq_setslot {
		char *key;
		uint64_t *bits;
		uint64_t used;
	} sets[SQ_SET_CACHE];
	uint64_t clock;
	size_t debt;              /* index entries read for sets without d */
} sq_cols;

/* sqlite_shared.c: which file a connection has open (device and inode,
 * `known` when the path named the same file before and after the open). */
typedef struct sq_fileid {
	uint64_t dev, ino;
	bool known;
} sq_fileid;

/* A phrase is taken from a term's list only when it matches this many
 * times the list's turns (sqlite_search.c): a lookup by rowid of a
 * candidate cost about as much as ranking 40-160 matches (256 lookups 5-12
 * ms at 1x and 10x; the CJK phrase 開放政府 at 1x went from 1 to 10 ms when
 * its few matches were not simply ranked). */
#define SQ_PHRASE_LIST_RATIO 32

/* An AND of two listed terms looks its candidates up by rowid while they
 * number at most its matches / this (sqlite_search.c): a lookup costs
 * about as much as walking this many of the AND's matches in one
 * statement (~10-20 us against ~0.1 us a match at 10x), else the
 * candidates are ranked in one walk. */
#define SQ_PAIR_LOOKUP_RATIO 128
/* A list page past this offset is found from the date of its first row
 * (sqlite_list.c): stepping over the rows before it reads each skipped
 * record for its id (the order's tie-break), 0.3-0.5 s at offset 100,000
 * of the 10x archive; the date index alone finds the date in ~3 ms. */
#define SQ_LIST_SEEK_MIN 1000

/* A phrase not settled by a term's list checks at most (its rarest
 * listed term's turns) / this candidates in their own text
 * (sqlite_search.c, sqlite_phrase.c): a check (~5-15 us at 10x) costs
 * about as much as FTS5's position checks in 10-20 of the turns holding
 * every word, which ranking the phrase in full does in nearly all of the
 * rarest term's turns; so a phrase the checks cannot settle pays at most
 * about a quarter more than its full ranking. */
#define SQ_PHRASE_CHECK_RATIO 64

/* A phrase's (or a two-term AND's) match count reads every row of its
 * terms' doclists, ~21 ns a row: "in the world" at 10x reads 3.7M rows
 * (~70 ms, most of a first asking). Past SQ_COUNT_EXACT_ROWS rows in all
 * (from the terms' lists) the count is estimated from strata of the
 * lists reading about SQ_COUNT_SAMPLE_ROWS of them, unless the sample
 * holds fewer than SQ_COUNT_SAMPLE_HITS matches (a rare phrase of common
 * words: counted in full) or the caller wants the exact total. */
#define SQ_COUNT_EXACT_ROWS 1000000
#define SQ_COUNT_SAMPLE_ROWS 200000
#define SQ_COUNT_SAMPLE_HITS 64
#define SQ_COUNT_STRATA 128

/* Terms of a phrase whose top lists may bound it (sqlite_search.c). */
#define SQ_PHRASE_MAX 8

/* What searches learn is kept once per process (sqlite_keeper.c): at
 * most SQ_KEEP_ENTRIES answers and SQ_KEEP_BYTES in all, each at most a
 * quarter of it ("world"'s walk at 10x: 56 KB). */
#define SQ_KEEP_ENTRIES 512
#define SQ_KEEP_BYTES (4 * 1024 * 1024)
enum {
	SQ_KEEP_COUNT,  /* a MATCH's matches (kept_total: the count, estimated or not) */
	SQ_KEEP_WALK,   /* a term's walk for phrases (sq_walk_kept) */
	SQ_KEEP_OPEN,   /* a phrase its term's walk left open: the page depth (size_t) */
	SQ_KEEP_ANSWER, /* a filtered search's answer (sq_kept) */
};

/* A filtered search's answer (sqlite_kept.c): the exact total and the
 * ranked prefix it read, for one (MATCH, filter) at one index_gen. */
typedef struct sq_kept {
	size_t total;           /* matches in the filters' set */
	struct sq_ranked *v;    /* every one scoring above the last read, ranked; or NULL */
	size_t n;
	bool all;               /* v holds every match in the set */
} sq_kept;

/* sqlite_doclist.c: the FTS index's segments, when they may be read in C
 * (one after podium optimize; a few more after a later ingest), checked at
 * index_gen `gen` (FTS5's format version). */
#define SQ_SEG_MAX 16           /* segments read in C: FTS5's own crisis bound
				   (crisismerge 16) on the segments of a level */
typedef struct sq_seg_pages {
	int segid, first, last;   /* a segment, its first and last leaf */
} sq_seg_pages;
typedef struct sq_fts_seg {
	bool checked;
	sqlite3_int64 gen;
	bool version;             /* FTS5's file format is the one read */
	size_t n;                 /* segments (0: not read in C), */
	sq_seg_pages v[SQ_SEG_MAX]; /* newest first (FTS5's order: a row in a
				     newer one supersedes an older one's) */
	size_t big;               /* the one of most pages */
} sq_fts_seg;

/* fts_tape.c: texts cut into the `cjk` tokenizer's tokens ahead of FTS5.
 * sq_tape_add appends an entry for text (nothing for an empty one) to a
 * tape buffer; ingest's reader thread makes one per record (the title,
 * then each turn's text: the order the commit's INSERT ... SELECT indexes
 * them in). A put queues its record's entries (sq_tape_queue_push: none
 * past the queue's bound); the tokenizer, asked to cut a document text,
 * replays the queue's next entry when its text is that text byte for
 * byte (sq_tape_replay: 1, *rc the callback's last result), else cuts it
 * itself (0; the entry stays). The store releases the queue after each
 * index flush and on rollback. */
typedef struct sq_tape_queue {
	pd_buf data;
	size_t pos;               /* the next entry */
	size_t replayed;          /* entries replayed, ever (for tests) */
} sq_tape_queue;
#define SQ_TAPE_BUDGET ((size_t)16 << 20)
void sq_tape_add(pd_buf *tape, const char *text, size_t n);
void sq_tape_queue_push(sq_tape_queue *q, const pd_buf *tapes);
void sq_tape_queue_release(sq_tape_queue *q);
int sq_tape_replay(sq_tape_queue *q, const char *text, size_t n,
		   int (*token)(void *, int, const char *, int, int, int), void *ctx, int *rc);

/* sqlite_ckpt.c: a bulk handle's WAL checkpoints on a thread of its own,
 * with a connection of its own, woken by the writer's commits (SQLite's
 * autocheckpoint ran them on the writer, an ingest's critical path).
 * sq_ckpt_start: nothing when it cannot (the writer checkpoints as
 * before) or when PODIUM_CHECKPOINT_THREAD=0; sq_ckpt_stop, before the
 * handle's connection closes; sq_ckpt_copied: the thread's checkpoints so
 * far that copied pages (0 without a thread), and in *restarts (when not
 * NULL) the writer's own checkpoints (every 16,384 pages) that copied
 * the whole WAL. */
typedef struct sq_ckpt sq_ckpt;

typedef struct sq_store {
	pd_store base;
	sqlite3 *db;
	char *path;
	bool in_tx;               /* inside pd_store_begin ... commit/rollback */
	/* First turns.tid written but not yet in turns_fts (0: none). Turns
	 * are indexed in one statement at commit, not row by row: FTS5 writes
	 * its pending terms to disk at every SAVEPOINT, and each put runs in
	 * one, so indexing inside puts made a segment per record. */
	sqlite3_int64 fts_pending;
	sqlite3_int64 fts_pending_saved; /* at the put's SAVEPOINT */
	/* The pending turns' tokens, cut on ingest's reader thread (fts_tape.c);
	 * tape_bytes: the bytes of tapes alive, the queue's and those of preps
	 * not yet put, held under SQ_TAPE_BUDGET (past it a record is prepared
	 * without, and its texts are cut as they are indexed) */
	sq_tape_queue tapes;
	_Atomic size_t tape_bytes;
	sq_ckpt *ckpt;            /* a bulk handle's checkpointer, or NULL */
	/* A bulk handle's writes inside the caller's transaction go without
	 * their SAVEPOINT (atomic_begin); one that failed after changing rows
	 * leaves the transaction to be rolled back: commit refuses it. */
	bool no_savepoint;
	sqlite3_int64 changes_saved;     /* total changes at such a write's start */
	bool must_roll_back;
	/* A bulk handle sets FTS5's merges for a bulk load in its first
	 * transaction (sqlite_fts_bulk.c); fts_bulk: set and not yet put back. */
	bool fts_bulk_wanted;
	bool fts_bulk;
	/* Search tuning (sqlite_topk.c; set at open, overridable from the
	 * environment so tests reach them with small fixtures). */
	size_t topk_min_docs;     /* terms in at least this many turns get a list */
	size_t topk_size;         /* turns kept per list */
	size_t sample_min;        /* filters / facets over more matches: sampled */
	size_t sample_size;       /* about this many matches in the sample */
	size_t sample_walk;       /* matches a sample walks per match it keeps */
	size_t phrase_list_ratio; /* a phrase from a term's list: matches >= this x list */
	size_t phrase_check_ratio; /* a phrase's candidates checked: <= term's turns / this */
	size_t pair_lookup_ratio; /* an AND's candidates looked up: at most matches / this */
	size_t list_seek_min;     /* list pages past this offset seek their date */
	size_t count_exact_rows;  /* a count reading more rows is estimated */
	size_t count_sample_rows; /* rows such an estimate reads */
	size_t count_strata;      /* in this many strata */
	bool topk_scan;           /* lists from the one-pass scan (else FTS5) */
	bool topk_thread;         /* its first pass beside the merge (sqlite_topk_early.c) */
	bool topk_doclist;        /* the lists from the merged index's doclists */
	size_t topk_scan_bytes;   /* the scan's heaps in one pass, at most */
	bool filter_set;          /* filters as one set of turns (sqlite_tidset.c) */
	bool bm25_lens;           /* pd_bm25 may take lengths from memory */
	bool filter_cols;         /* filter sets from sq_turncols */
	bool search_keep;         /* keeps match counts and filter sets */
	bool load_at_once;        /* PD_STORE_SERVE: arrays at the first search */
	bool doclist;             /* may read the index's doclists in C */
	bool speaker_lists;       /* speaker pages from speaker_lists (sqlite_speakers.c) */
	size_t speaker_list_reads; /* lists answered from it (for tests) */
	sq_fts_seg seg;
	sq_fileid file;           /* the loaded data below is shared by file */
	sq_lens lens;
	sq_cols cols;
	/* The search's index_gen, and whether the top lists are current at it
	 * (sq_lens_sync). */
	sqlite3_int64 gen;
	bool gen_current;
	/* Rows matching the search's MATCH when it is one term or phrase (its
	 * one phrase's document count, which pd_bm25's idf needs), counted
	 * once for the total; -1 when not known. */
	sqlite3_int64 phrase_rows;
	/* Rows holding each of the two terms of the search's MATCH when it is
	 * an AND of two terms with top lists (their stored counts), -1 else:
	 * pd_bm25's idf takes them instead of counting each term's rows again
	 * for every statement (a lookup by rowid is one). */
	sqlite3_int64 pair_rows[2];
	/* The answers kept (sqlite_keeper.c) this search holds, and the
	 * number naming the file when it has no device and inode. */
	struct sq_keep_entry **held;
	size_t nheld, capheld;
	uint64_t keep_serial;
	bool keep_opened;         /* counted among its file's connections */
	size_t kept_pages;        /* pages read from a kept answer (for tests) */
	/* Pages a phrase's term list answered, pages two terms' lists answered
	 * by lookups, and the candidates those had and looked up
	 * (sqlite_search.c; for tests). */
	size_t phrase_list_pages;
	/* Pages of phrases the walk of a term's turns answered (checks past
	 * its list), and the candidates all phrase pages checked in text. */
	size_t phrase_deep_pages, phrase_checks;
	size_t pair_list_pages, pair_cands, pair_lookups;
	size_t rank_walks;        /* rankings walked in C (pd_bm25_walk) */
	size_t doclist_counts;    /* counts read from the doclists in C */
	size_t estimated_counts;  /* counts estimated from strata of them */
	size_t doclist_jumps;     /* cursors moved over pages (sq_doclist_jump) */
	size_t doclist_walks;     /* walks read from the doclists in C */
	size_t sample_walks;      /* facet samples' passes walked so (sqlite_facets.c) */
	sq_cached cache[SQ_CACHE_SIZE];
	size_t ncache, evict;
	/* Write transactions this connection committed (its commit hook):
	 * PRAGMA data_version ignores a connection's own commits. */
	uint64_t own_commits;
} sq_store;

/* Returns the prepared statement for sql, or NULL with err set. */
sqlite3_stmt *sq_prep(sq_store *s, const char *sql, pd_err *err);
void sq_done(sqlite3_stmt *st);
/* Reports the connection's last error as PD_ESTORE ("what: message"), or
 * PD_EUNAVAIL when the database stayed locked past the busy timeout. */
int sq_fail(sq_store *s, pd_err *err, const char *what);
/* Runs SQL without results (no parameters). */
int sq_exec(sq_store *s, const char *sql, pd_err *err);
/* Binds text, NULL as SQL NULL. */
void sq_bind(sqlite3_stmt *st, int i, const char *v);
/* A malloc'ed copy of a text column, NULL for SQL NULL. */
char *sq_col(sqlite3_stmt *st, int i);

/* sqlite_store.c: adds the turns written since the last call to turns_fts
 * (sq_store.fts_pending); 0 or an error. Called before a commit, before
 * turns are deleted and before a search inside a transaction. */
int sq_fts_flush(sq_store *s, pd_err *err);

/* sqlite_fts_bulk.c: FTS5's merge settings for a bulk load. _begin sets
 * them inside the handle's open transaction (once per handle, when
 * fts_bulk_wanted); _end, outside any transaction, puts FTS5's defaults
 * back in one of its own when any bulk setting is stored (also one left
 * by a load that was killed). sq_fts_bulk_wanted: not turned off by
 * PODIUM_BULK_FTS=0. */
bool sq_fts_bulk_wanted(void);
int sq_fts_bulk_begin(sq_store *s, pd_err *err);
int sq_fts_bulk_end(sq_store *s, pd_err *err);

/* Advances meta 'index_gen' (schema step 5): run with every write to
 * turns_fts, so top lists built before it are stale. */
#define SQ_BUMP_INDEX_GEN \
	"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_gen'"

/* schema.c */
extern const int sq_schema_latest;
int sq_schema_version(sq_store *s, int *version, pd_err *err);
int sq_migrate(sq_store *s, pd_err *err);
/* On a writable open: records the tokenizer's fingerprint in a new
 * database, and rebuilds turns_fts when the index was made by a tokenizer
 * with another one (search/tokenize.h). */
int sq_check_tokenizer(sq_store *s, pd_err *err);

void sq_ckpt_start(sq_store *s);
void sq_ckpt_stop(sq_store *s);
size_t sq_ckpt_copied(sq_store *s, size_t *restarts);

/* fts_cjk.c: registers the `cjk` FTS5 tokenizer on a connection; tapes
 * (NULL: none) is the queue its document texts are replayed from. Returns
 * an SQLite result code. */
int pd_sqlite_register_cjk(sqlite3 *db, sq_tape_queue *tapes);
/* The connection's fts5_api (version 2 or later), or NULL. */
fts5_api *sq_fts5_api(sqlite3 *db);

/* sqlite_search.c; sq_search_prepare sets up a new connection (the temp
 * table a search with facets collects its hits in). */
int sq_search_prepare(sq_store *s, pd_err *err);
int sq_search(pd_store *s, const pd_search_req *req, pd_search_result *out, pd_err *err);
/* sqlite_list.c: records in date order, filtered and paged. */
int sq_list(pd_store *s, const pd_list_req *req, pd_summary **out, size_t *n,
	    size_t *total, pd_err *err);
/* sqlite_speakers.c (schema step 9): pd_store_optimize's per-speaker lists
 * of records. sq_speakers_build writes them in a transaction of its own;
 * sq_speakers_current says whether they still hold (no write to
 * participants or to a record's date since); sq_speakers_page, for a list
 * filtered by a speaker alone while they hold, gives the total and the
 * page's rids in the list's order (*rids malloc'ed, the caller's) with
 * *answered true; else *answered false and the SQL list answers. */
int sq_speakers_build(sq_store *s, pd_err *err);
int sq_speakers_current(sq_store *s, bool *yes, pd_err *err);
int sq_speakers_page(sq_store *s, const pd_list_req *req, size_t limit, sqlite3_int64 **rids,
		     size_t *nrids, size_t *total, bool *answered, pd_err *err);
int sq_facet(pd_store *s, const char *what, size_t limit, pd_facet **out, size_t *n,
	     pd_err *err);
int sq_stats(pd_store *s, pd_stats *out, pd_err *err);

/* sqlite_search.c: a search's filters as SQL. add_filters appends
 * " AND ..." for every filter of f, turn-level when `turns` (alias t for
 * turns, r for records), else record-level (r only); bind_where binds them
 * (and MATCH as ?1, when given). */
#define SQ_MAX_BINDS 16
typedef struct sq_where {
	pd_buf sql;
	const char *binds[SQ_MAX_BINDS];
	int nbinds;             /* parameters ?2 .. ?(nbinds + 1); ?1 is MATCH */
} sq_where;
int sq_add_filters(sq_where *w, const pd_filter *f, bool turns, pd_err *err);
/* Steps a bound "SELECT count(*) ..." into *total (st may be NULL: its
 * prepare failed, err is set) and resets it. */
int sq_read_count(sq_store *s, sqlite3_stmt *st, size_t *total, pd_err *err);
void sq_bind_where(sqlite3_stmt *st, const sq_where *w, const char *match);

/* The joins from a match to its turn (t) and record (r). */
#define SQ_HIT_FROM " FROM turns_fts JOIN turns t ON t.tid = turns_fts.rowid" \
		    " JOIN records r ON r.rid = t.rid"

/* sqlite_tidset.c: the turns that pass a search's filters, as one set per
 * search (a bitmap over tid), tested in memory while candidates are walked
 * instead of a join per candidate. */
typedef struct sq_tidset {
	uint64_t *bits;
	sqlite3_int64 nbits;    /* tids 0 .. nbits - 1 */
	size_t hits;            /* rows the SQL function pd_tidset() let through */
} sq_tidset;
/* The pointer type of the set bound to pd_tidset(?, rowid). */
#define SQ_TIDSET_PTR "pd_tidset"
/* 1: *set holds exactly the turns that pass f (sq_tidset_release);
 * 0: no set (f has a filter the set does not take, language or turn kind,
 * or the set would read more than `budget` index entries: the caller
 * filters in SQL); else an error. */
int sq_tidset_build(sq_store *s, const pd_filter *f, size_t budget, sq_tidset *set,
		    pd_err *err);
bool sq_tidset_has(const sq_tidset *set, sqlite3_int64 tid);
/* The filter fields a set takes, length-prefixed, appended to key: what a
 * kept set or answer is kept by. */
void sq_filter_key(const pd_filter *f, pd_buf *key);
void sq_tidset_release(sq_tidset *set);
/* Registers pd_tidset(set, rowid) on a connection: 1 when rowid is in the
 * set bound (sqlite3_bind_pointer, SQ_TIDSET_PTR) as its first argument,
 * counting those in set->hits. An SQLite result code. */
int sq_tidset_register(sqlite3 *db);

/* sqlite_bm25.c: registers the FTS5 functions pd_bm25(turns_fts, w...),
 * bm25() to the bit, with row lengths from s->lens when it may, and
 * pd_bm25_walk (sq_walk); an SQLite
 * result code. sq_lens_sync, in a search that may score `scoring` rows:
 * s->lens active for this search when it is current, loaded once the
 * connection's searches have scored enough rows to pay for it (and the
 * top lists are current). sq_lens_release frees it. */
int sq_bm25_register(sq_store *s);
int sq_lens_sync(sq_store *s, size_t scoring, pd_err *err);
/* Every row's length read from %_docsize into *out (nrow -1 when its rows
 * do not add up; ntoken their sum), for a caller of its own (the top
 * lists' doclist pass); freed with sq_lens_data_free. */
int sq_lens_load(sq_store *s, sqlite3_int64 gen, sq_lens_data **out, pd_err *err);
void sq_lens_data_free(sq_lens_data *d);
/* The largest tid (the index's rows, near enough): what the loads' "ski
 * rental" rules weigh their debt against. */
int sq_max_tid(sq_store *s, sqlite3_int64 *n, pd_err *err);
/* s->gen and s->gen_current for this search (sq_lens_sync reads them too). */
int sq_gen_read(sq_store *s, pd_err *err);
/* Forgets the phrase counts a search gave pd_bm25 (phrase_rows,
 * pair_rows): outside a search, pd_bm25 counts as FTS5 does. */
void sq_known_rows_forget(sq_store *s);
void sq_lens_release(sq_store *s);

/* sqlite_turncols.c: *ok when s->cols.d holds this search's turns (another
 * connection's lists of the file at this index_gen, else loaded here once
 * the connection's sets have read enough index entries without them:
 * s->cols.debt). sq_cols_release drops the reference and the kept sets. */
int sq_turncols_sync(sq_store *s, bool *ok, pd_err *err);
/* pd_store_warm: s->lens and s->cols loaded (or taken from another
 * handle) for the current index, in one read transaction. */
int sq_warm(pd_store *ps, pd_err *err);
void sq_cols_release(sq_cols *c);

/* sqlite_shared.c: data loaded once per file and index generation, kept
 * for every connection of the process that has the file open. sq_shared_find
 * returns a new reference to what is kept for (file, kind, gen), or NULL;
 * sq_shared_keep keeps obj (the caller's reference passes to the list) and
 * returns a reference to what is kept: obj, or the object another
 * connection kept first (obj then destroyed). An unknown file keeps obj for
 * this connection alone. sq_shared_drop gives a reference back; the last
 * one destroys the object. All three are thread-safe. */
enum { SQ_SHARED_LENS, SQ_SHARED_COLS };
void sq_fileid_read(const char *path, sq_fileid *id);
const void *sq_shared_find(const sq_fileid *file, int kind, sqlite3_int64 gen);
const void *sq_shared_keep(const sq_fileid *file, int kind, sqlite3_int64 gen, void *obj,
			   void (*destroy)(void *));
void sq_shared_drop(const void *obj);

/* sqlite_facets.c: the hits of a search, as a source to count or take
 * facets from: the MATCH's rows that pass the filters, given as SQL (w,
 * or NULL for none) or as a set (then w is not read). n: how many rows
 * the source holds if known exactly (a set's, or the matches without
 * filters), else the matches before the filters. */
typedef struct sq_hitsrc {
	const char *match;
	const sq_where *w;
	sq_tidset *set;
	size_t n;
	bool exact;             /* read one by one however many */
	/* the match as terms the doclists walk (one term, an AND of two, a
	 * phrase: sq_doclist_each_in), for a source without filters; a
	 * sample is then read from them in C, else through FTS5 */
	const char *const *terms;
	size_t nterms;
	bool phrase;
} sq_hitsrc;
/* The source's rows (*count) and, when `facets`, out's facets: read one
 * by one when n <= s->sample_min (or src->exact), else estimated from a
 * sample of about s->sample_size rows (*estimated). Uses temp.pd_hits. */
int sq_hits_count(sq_store *s, const sq_hitsrc *src, bool facets, pd_search_result *out,
		  size_t *count, bool *estimated, pd_err *err);
/* The facets of the hits in temp.pd_hits; a (value, count) reader. */
int sq_facets_from_hits(sq_store *s, pd_search_result *out, pd_err *err);
int sq_read_facets(sq_store *s, sqlite3_stmt *st, pd_facet **out, size_t *n, pd_err *err);

/* A turn in Podium's search order (score DESC, date DESC, tid). */
typedef struct sq_ranked {
	sqlite3_int64 tid;
	double score;       /* -bm25(turns_fts, 3.0, 1.0): higher is better */
	char *date;
	bool pass;          /* passes the search's filters */
} sq_ranked;
void sq_ranked_free(sq_ranked *v, size_t n);
/* qsort comparator for Podium's order. */
int sq_ranked_cmp(const void *a, const void *b);

/* sqlite_kept.c: the answer kept for (match, f) at this search's index_gen
 * while the top lists are current, or NULL (held until the search ends);
 * sq_kept_put keeps one (taking v) in place of the same key's. */
const sq_kept *sq_kept_find(sq_store *s, const char *match, const pd_filter *f);
void sq_kept_put(sq_store *s, const char *match, const pd_filter *f, size_t total,
		 sq_ranked *v, size_t n, bool all);

/* sqlite_keeper.c: answers kept once per process, by (the connection's
 * file, its search's index_gen, kind, key), while the top lists are
 * current and PODIUM_SEARCH_KEEP allows. sq_keep_find: the object kept,
 * or NULL. sq_keep_put keeps obj (`bytes` its size; destroy frees it) in
 * place of the same name's; when it may not be kept it lives until the
 * search ends. What both return is held by the connection until
 * sq_keep_release_held (each search's end) and must not be changed.
 * sq_keep_open and sq_keep_close, at a connection's open (its file known)
 * and close: a file's entries go when its last connection closes. sq_keep_count: entries of a
 * kind kept for the connection's file at its index_gen; sq_keep_usage:
 * the table's entries and bytes (both for tests). Thread-safe. */
const void *sq_keep_find(sq_store *s, int kind, const char *key);
const void *sq_keep_put(sq_store *s, int kind, const char *key, void *obj, size_t bytes,
			void (*destroy)(void *));
void sq_keep_release_held(sq_store *s);
void sq_keep_open(sq_store *s);
void sq_keep_close(sq_store *s);
size_t sq_keep_count(sq_store *s, int kind);
void sq_keep_usage(size_t *entries, size_t *bytes);

/* sqlite_search.c: the first min(k, matches) turns of an FTS5 MATCH
 * expression in Podium's order, exactly as the exhaustive ranking gives
 * them; *out (sq_ranked_free) and *n. */
int sq_rank_top(sq_store *s, const char *match, size_t k, sq_ranked **out, size_t *n,
		pd_err *err);

/* A turn and its score as the one-pass scan keeps them: 16 bytes, since
 * the scan keeps a few hundred per frequent term at once. */
typedef struct sq_scored {
	sqlite3_int64 tid;
	double score;
} sq_scored;

/* A ranking of a MATCH of one phrase walked in C (sqlite_bm25.c,
 * pd_bm25_walk(turns_fts, ?, w...) bound with SQ_WALK_PTR, on one row of
 * the MATCH): the rows in set (all when NULL), counted in seen, and the
 * cap best of them by -pd_bm25 (higher is better) in top, a min-heap of
 * n; among rows tying the cap-th best score, which are kept is arbitrary. */
typedef struct sq_walk {
	const sq_tidset *set;
	size_t cap, n, seen;
	sq_scored *top;
	/* When > 0, the idf every row is scored with instead of the phrase's
	 * own: the walk of one term of a phrase then gives each row the most
	 * the phrase can score in it (sqlite_search.c, phrase_walk_bounds). */
	double idf;
} sq_walk;
#define SQ_WALK_PTR "pd_walk"
/* sqlite_bm25.c: pd_bm25_walk's walk of one term's rows (as the index
 * holds the term) into w, from the term's doclist read in C
 * (sqlite_doclist.c) with the same scores to the bit; *done false (w
 * empty) when not available there: no current lengths in memory, no
 * known count for the idf, two or more segments, a row past the lengths.
 * 0 or an error (PD_EINPUT: the index does not parse). */
int sq_bm25_walk_doclist(sq_store *s, const char *term, sq_walk *w, bool *done, pd_err *err);
/* The same for an AND of two terms (MATCH phrases 0 and 1, in that
 * order): the rows holding both, scored as pd_bm25(turns_fts, 3.0, 1.0),
 * the cap best kept in w (rows tying the least kept are for the caller to
 * drop, as with a walk); the idf from s->pair_rows when known, else the
 * terms' rows counted on their doclists. */
int sq_bm25_and_doclist(sq_store *s, const char *const terms[2], sq_walk *w, bool *done,
			pd_err *err);

/* sqlite_topk_scan.c: one pass over every turn computing FTS5's bm25 for
 * each term of terms (term and ndocs set by the caller), keeping each
 * term's best `keep` rows in best (n * keep entries in all; the caller
 * frees; not in order). A term is `exact` when best holds every row
 * scoring above the weakest kept, at least `want` of them, and the term
 * was found in ndocs rows. *ok: the pass saw the index's row and token
 * counts (else nothing it computed is to be used). */
typedef struct sq_topk_term {
	char *term;
	size_t ndocs;
	double idf;
	sq_scored *best;
	size_t nbest;
	size_t seen;            /* rows the scan saw it in */
	bool exact;
} sq_topk_term;
int sq_topk_scan(sq_store *s, sq_topk_term *terms, size_t n, size_t keep, size_t want,
		 bool *ok, pd_err *err);
/* The same scan in parts, for two workers (sqlite_topk_early.c): each
 * begins on its own connection with its own copy of the terms (its heaps
 * in their best), scans ranges of tids, and one part is merged into the
 * other before it ends. begin gives *out NULL for an empty index. */
typedef struct sq_scan_part sq_scan_part;
int sq_topk_scan_begin(sq_store *s, sq_topk_term *terms, size_t n, size_t keep,
		       sq_scan_part **out, pd_err *err);
int sq_topk_scan_range(sq_store *s, sq_scan_part *p, sqlite3_int64 lo, sqlite3_int64 hi,
		       pd_err *err);
void sq_topk_scan_merge(sq_scan_part *into, sq_scan_part *from);
/* The same heaps as sq_topk_scan_range over every row, from the terms'
 * doclists in the index's segments (seg: sq_doclist_seg) and the rows'
 * lengths l (sq_lens_load): the same rows pushed in the same order with
 * the same scores, without tokenizing any text. The rows and tokens the
 * part counts are l's, which sq_topk_scan_end checks against FTS5's. */
int sq_topk_scan_doclists(sq_store *s, const sq_fts_seg *seg, const sq_lens_data *l,
			  sq_scan_part *p, pd_err *err);
/* The exact flags and *ok (rows and tokens as FTS5 counts them); frees p
 * (not the terms' best). */
void sq_topk_scan_end(sq_scan_part *p, size_t want, bool *ok);
/* Each exact term's best[] (t[0 .. n)) into Podium's order: score, then
 * the record's date DESC, then tid (sq_ranked_cmp); sqlite_topk_ties.c. */
int sq_topk_order(sq_store *s, sq_topk_term *t, size_t n, pd_err *err);
/* qsort order of sq_scored: score DESC, then tid. */
int sq_scored_cmp(const void *a, const void *b);
/* The frequent terms (in >= topk_min_docs turns, listable), from
 * fts5vocab; freed with sq_topk_terms_free. */
int sq_topk_terms(sq_store *s, sq_topk_term **out, size_t *nout, pd_err *err);
void sq_topk_terms_free(sq_topk_term *t, size_t n);

/* The frequent terms listed and their first scan pass (nscan of them) run
 * on a second connection in a thread, beside the writer's merge
 * (sqlite_topk_early.c). */
typedef struct sq_topk_early {
	pthread_t thread;
	bool started;           /* the thread runs or ran, not yet joined */
	bool taken;             /* t is the writer's now (sq_topk_early_take) */
	bool ok;                /* the scan checked out (sq_topk_scan's *ok) */
	bool helped;            /* the writer scanned part of the rows too */
	sq_store *reader;
	sq_scan_part *part;     /* the thread's heaps, until taken */
	pthread_mutex_t mu;     /* guards ready, split, next */
	pthread_cond_t cv;
	bool ready;             /* the terms are listed (or the thread failed) */
	bool split;             /* the writer may scan beside the thread */
	sqlite3_int64 next, last; /* tids not yet claimed: [next, last] */
	size_t budget;          /* topk_scan_bytes: both sets of heaps within it */
	size_t per, keep, want; /* terms per pass (0: list them only); sq_topk_scan's keep, want */
	sq_topk_term *t;
	size_t n, nscan;
	char *gen;              /* meta 'index_gen' the thread saw */
	int rc;
	pd_err err;
} sq_topk_early;
/* Starts the thread when it can (a file, the scan on, PODIUM_OPTIMIZE_THREAD
 * not 0); else e->started is false and nothing was done. */
void sq_topk_early_start(sq_store *s, size_t per, size_t keep, size_t want, sq_topk_early *e);
/* Joins it, inside the writer's transaction: e->taken when its work holds
 * for the writer's snapshot (e->t, e->n then the writer's to free). */
int sq_topk_early_take(sq_store *s, sq_topk_early *e, pd_err *err);
void sq_topk_early_release(sq_topk_early *e);
/* A read-only connection to s's file for a thread of s's: the tokenizer
 * registered, s's list settings, no file mapping, no search arrays. */
int sq_open_reader(const sq_store *s, const char *path, sq_store **out, pd_err *err);
void sq_close_reader(sq_store *r);

/* FTS5's own row count and token count over all columns (its averages
 * record, what its bm25 takes the idf's row count and the mean length
 * from; sqlite_topk_scan.c). */
int sq_fts_averages(sq_store *s, sqlite3_int64 *nrow, sqlite3_int64 *ntok, pd_err *err);

/* sqlite_phrase.c: a phrase's bm25 in one turn from the turn's own text,
 * read by rowid and cut by the index's tokenizer, counted as FTS5 counts
 * the phrase (positions per column, overlapping instances, a CJK run's
 * last character at its last bigram's position) and scored with FTS5's
 * arithmetic: the score -pd_bm25 gives the turn, to the bit. For a phrase
 * of n (2 .. SQ_PHRASE_MAX) terms, folded as the index holds them (terms
 * and the row lengths must outlive the check), in nmatch of FTS5's nrow
 * rows, ntok tokens in all.
 *
 * sq_phrase_check_init returns 0 when the check can run (the lengths in
 * memory are current and FTS5's: s->lens active), 1 when not (nothing to
 * release), or an error. sq_phrase_check_score: *found when the turn
 * holds the phrase, with its *score; a turn whose text does not cut into
 * as many tokens as the index holds for it sets c->disagrees (its answer
 * is not to be used: the caller ranks through FTS5). */
typedef struct sq_phrase_check {
	sq_store *s;
	size_t n;
	const char *term[SQ_PHRASE_MAX];
	size_t len[SQ_PHRASE_MAX];
	sqlite3_int64 nrow;       /* FTS5's */
	double idf, avgdl;
	const uint32_t *lens;
	sqlite3_int64 nlens;
	sqlite3_stmt *st;         /* the turn's title and text by tid */
	size_t checked;
	bool disagrees;
} sq_phrase_check;
int sq_phrase_check_init(sq_phrase_check *c, sq_store *s, const char *const *terms, size_t n,
			 sqlite3_int64 nmatch, pd_err *err);
int sq_phrase_check_score(sq_phrase_check *c, sqlite3_int64 tid, double *score, bool *found,
			  pd_err *err);
void sq_phrase_check_release(sq_phrase_check *c);

/* sqlite_doclist.c: a term's doclist read from the FTS index's segments
 * (FTS5's format version 4; one after podium optimize, up to SQ_SEG_MAX
 * merged by rowid as FTS5 reads them), for counts and walks FTS5's own
 * iteration makes dear.
 *
 * sq_doclist_seg: *out the segments when the index may be read so (1 ..
 * SQ_SEG_MAX segments, the format known, not inside a write transaction,
 * s->doclist),
 * else NULL ("not available": the caller keeps FTS5's path); 0 or an
 * error. The pointer is valid until the next call.
 *
 * sq_doclist_open: a cursor over term's (as the index holds it, len bytes)
 * doclist in seg (at its end at once when the index lacks the term); the
 * caller frees it with sq_doclist_free. sq_doclist_next: 1 on the next
 * row, 0 at the end, an error (PD_EINPUT for an index that does not parse:
 * never read past a page) else. The row's rowid and its position list
 * (valid until the next call) from sq_doclist_rowid / _positions;
 * sq_poslist_next walks a position list: 1 with the next (*col, *off),
 * starting from *i = 0, *col = 0, *off = 0; 0 at its end; -1 corrupt.
 *
 * sq_doclist_count: the rows holding all of terms (n of them, at most
 * SQ_PHRASE_MAX), or with `phrase` the rows where they stand as a phrase:
 * FTS5's count of that MATCH; *done false when not available. 0 or an
 * error (PD_EINPUT: the index does not parse). */
typedef struct sq_doclist sq_doclist;
int sq_doclist_seg(sq_store *s, const sq_fts_seg **out, pd_err *err);
int sq_doclist_open(sq_store *s, const sq_fts_seg *seg, const char *term, size_t len,
		    sq_doclist **out, pd_err *err);
int sq_doclist_next(sq_doclist *d, pd_err *err);
/* Moves to the first row at or past target (the current one if it is):
 * 1 there, 0 at the end, an error as sq_doclist_next. */
int sq_doclist_seek(sq_doclist *d, sqlite3_int64 target, pd_err *err);
sqlite3_int64 sq_doclist_rowid(const sq_doclist *d);
const unsigned char *sq_doclist_positions(const sq_doclist *d, size_t *n);
void sq_doclist_free(sq_doclist *d);
int sq_poslist_next(const unsigned char *p, size_t n, size_t *i, int *col, int *off);
int sq_doclist_count(sq_store *s, const char *const *terms, size_t n, bool phrase,
		     size_t *count, bool *done, pd_err *err);
/* Moves to the first row at or past target as sq_doclist_seek does, but
 * over the pages between by their first rowids (a search of the pages,
 * not a read of every row): for a cursor to go far ahead in a long list. */
int sq_doclist_jump(sq_doclist *d, sqlite3_int64 target, pd_err *err);
/* sq_doclist_seek, or sq_doclist_jump when target is many pages ahead
 * (by the rowids a page has spanned so far): a rare term's rows met in a
 * common one's list. */
int sq_doclist_skip(sq_doclist *d, sqlite3_int64 target, pd_err *err);
/* The rows the cursor has read or passed over before the one it is on
 * (all of them at the end); rows jumped over are not counted. */
size_t sq_doclist_rows(const sq_doclist *d);
/* n strata of rowids, [k * (span / n), k * (span / n) + width) for k < n:
 * a sample spread over the whole index (tids grow with ingest order, so a
 * prefix would sample the oldest records only). */
typedef struct sq_strata {
	sqlite3_int64 span;
	size_t n;
	sqlite3_int64 width;      /* <= span / n */
} sq_strata;
/* sq_doclist_count's count within the strata: *hits the rows there
 * holding the terms (as a phrase), *rows term r's rows there; what an
 * estimated count of a common phrase reads (a fraction of every list). */
int sq_doclist_count_sampled(sq_store *s, const char *const *terms, size_t n, bool phrase,
			     const sq_strata *st, size_t r, size_t *hits, size_t *rows,
			     bool *done, pd_err *err);
/* The rows holding all of terms (as a phrase when phrase: as
 * sq_doclist_count reads them) inside each range [from, to] of ranges
 * (nranges of them, ascending and apart), passed in rowid order to each
 * (0, or an error that stops the walk and is returned). 1 when walked, 0
 * when the index is not read so, or an error (PD_EINPUT: it does not
 * parse). What a facet sample reads: runs of rowids spread over the
 * index, each reached by a jump. */
typedef int (*sq_doclist_row_fn)(sqlite3_int64 rowid, void *ctx);
int sq_doclist_each_in(sq_store *s, const char *const *terms, size_t n, bool phrase,
		       const sqlite3_int64 (*ranges)[2], size_t nranges, sq_doclist_row_fn each,
		       void *ctx, pd_err *err);
/* Every term of the main index in seg (without its '0') in at least
 * min_rows rows, in the index's order, with its number of rows (what
 * fts5vocab's `doc` says), to each(): the oldest segment's pages read
 * once, in order (the newer segments' terms read and looked up in it). each's nonzero stops the walk and
 * is returned; PD_EINPUT when the index does not parse. */
typedef int (*sq_doclist_term_fn)(const char *term, size_t len, size_t rows, void *ctx);
int sq_doclist_terms(sq_store *s, const sq_fts_seg *seg, size_t min_rows,
		     sq_doclist_term_fn each, void *ctx, pd_err *err);
/* FTS5's idf of a phrase in n of nrow rows (fts5Bm25GetData, pd_bm25). */
double sq_fts5_idf(sqlite3_int64 nrow, sqlite3_int64 n);

/* sqlite_json_pack.c: records.json as stored (a BLOB; TEXT rows are JSON
 * as written before). json[0 .. len) deflated into out (reset first); 0 or
 * -1. */
int sq_json_pack(const char *json, size_t len, pd_buf *out);
/* A packed blob[0 .. len) back to its JSON in out (reset first); 0, or -1
 * when it is not one sq_json_pack made (out left empty). */
int sq_json_unpack(const void *blob, size_t len, pd_buf *out);

/* sqlite_topk_pack.c: a top list's entries as stored (schema step 8), in
 * chunks of SQ_TOPK_CHUNK entries. */
#define SQ_TOPK_CHUNK 64
/* v[0 .. n) packed into b (reset first); 0, or -1 for a tid < 0 or too
 * large to pack. */
int sq_topk_pack(pd_buf *b, const sq_scored *v, size_t n);
/* The packed lists' varints (also speaker_lists'): 7 bits a byte, least
 * significant first, the high bit set on all but the last. sq_varint_get
 * reads the one at p[*at .. len) into *v, moving *at past it; false when it
 * runs past len or over 64 bits. */
void sq_varint_put(pd_buf *b, uint64_t v);
bool sq_varint_get(const unsigned char *p, size_t len, size_t *at, uint64_t *v);
/* A packed chunk, blob[0 .. len), into out[0 .. *n) (at most cap entries);
 * 0, or -1 when the blob is not one sq_topk_pack could make with at most
 * cap entries. */
int sq_topk_unpack(const void *blob, size_t len, sq_scored *out, size_t cap, size_t *n);

/* sqlite_topk.c: per-term top lists (schema step 5). */
/* Sets the tuning fields from their defaults and the environment. */
void sq_topk_configure(sq_store *s);
/* Rebuilds the lists (after merging turns_fts into one segment); outside a
 * transaction. */
int sq_optimize(pd_store *s, pd_err *err);
/* The list of a term (the folded token), when it is current: 1 with
 * *ndocs (turns that contain it) and *nlist (turns in the list); 0 when
 * there is none or it is stale; or an error. */
int sq_topk_find(sq_store *s, const char *term, size_t *ndocs, size_t *nlist, pd_err *err);
/* Entries [from, to) of a term's list, in order, into out (to - from
 * entries, dates not read). */
int sq_topk_read(sq_store *s, const char *term, size_t from, size_t to, sq_ranked *out,
		 size_t *n, pd_err *err);

#endif
