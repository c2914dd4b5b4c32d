/* sqlite_store.c: the SQLite backend — connection, statement cache,
 * transactions, and writing and reading records (search and listing are in
 * sqlite_search.c, the schema in schema.c).
 *
 * Connection settings: WAL (readers never block the writer), a busy timeout
 * so concurrent CLI and server processes wait instead of failing,
 * foreign_keys on (child rows go with their record), synchronous=NORMAL
 * (with WAL a crash loses at most the last commits, never corrupts; OFF is
 * not acceptable even for bulk loads).
 *
 * A record is stored as records.json — its JSON without the turns — plus
 * one `turns` row per turn: the text exists once, where the index and the
 * snippets read it. Getting a record parses the JSON and adds the turns
 * back. A revision keeps the whole record (turns included) as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "escape/escape.h"
#include "record/record_json.h"
#include "store/sqlite/sqlite_int.h"

/* How long a connection waits for another one's write lock (ms). */
#define SQ_BUSY_TIMEOUT_MS 10000
/* Page cache for PD_STORE_BULK, in KiB (negative cache_size). 256 MiB made
 * the cache the whole of ingest's peak RSS (~300 MB at 1x and 10x alike)
 * for no measurable speed: FTS5 flushes its own pending terms, the indexes
 * a batch touches fit in 64 MiB (docs/performance.md). */
#define SQ_BULK_CACHE_KIB 65536

/* Read-only handles (the server's workers, search, show) map the database
 * file, so SQLite reads its pages in place instead of copying each through
 * a 2 MB page cache per connection. Measured on the 1x archive, 5
 * interleaved runs (docs/performance.md): in-process p50 of the filtered
 * class 24 -> 12 ms, AND 11 -> 8, phrase 19 -> 18, with facets every class
 * 3-12 ms faster. The mapped pages are the kernel's page cache: shared by
 * the server's threads and reclaimable (they show as RssFile, not
 * RssAnon). SQLite caps the size at its SQLITE_MAX_MMAP_SIZE (2 GiB in
 * Debian's build); past it pages are read as before. */
#define SQ_READ_MMAP_BYTES "4294967296"

static sq_store *sq(pd_store *s)
{
	return (sq_store *)s;
}

/* ---- helpers shared with the other files -------------------------------- */

int sq_fail(sq_store *s, pd_err *err, const char *what)
{
	int code = sqlite3_errcode(s->db);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return pd_err_set(err, PD_EUNAVAIL, "%s: %s: database is busy, try again",
				  s->path, what);
	return pd_err_set(err, PD_ESTORE, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *sq_prep(sq_store *s, const char *sql, pd_err *err)
{
	for (size_t i = 0; i < s->ncache; i++) {
		if (strcmp(s->cache[i].sql, sql) == 0) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_fail(s, err, "preparing a statement");
		return NULL;
	}
	size_t slot = s->ncache;
	if (slot == SQ_CACHE_SIZE) {
		slot = s->evict;
		s->evict = (s->evict + 1) % SQ_CACHE_SIZE;
		sqlite3_finalize(s->cache[slot].st);
		free(s->cache[slot].sql);
	} else {
		s->ncache++;
	}
	s->cache[slot].sql = pd_xstrdup(sql);
	s->cache[slot].st = st;
	return st;
}

void sq_done(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

int sq_exec(sq_store *s, const char *sql, pd_err *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sq_fail(s, err, sql);
	return 0;
}

void sq_bind(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *sq_col(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? pd_xstrndup((const char *)v, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* Steps a statement that returns no rows, then resets it. */
static int run(sq_store *s, sqlite3_stmt *st, pd_err *err, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, what);
	sq_done(st);
	return rc;
}

/* The rid of record id: 0 and *rid, PD_ENOTFOUND, or an error. */
static int find_rid(sq_store *s, const char *id, sqlite3_int64 *rid, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT rid FROM records WHERE id = ?1", err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, id);
	int step = sqlite3_step(st), rc = 0;
	if (step == SQLITE_ROW)
		*rid = sqlite3_column_int64(st, 0);
	else if (step == SQLITE_DONE)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->path, id);
	else
		rc = sq_fail(s, err, "looking up a record");
	sq_done(st);
	return rc;
}

/* ---- open / close ------------------------------------------------------- */

static const struct pd_store_ops sqlite_ops;

static void sq_close(pd_store *ps)
{
	sq_store *s = sq(ps);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = false;
	if (s->fts_bulk) /* no optimize put FTS5's settings back: best effort */
		sq_fts_bulk_end(s, NULL);
	for (size_t i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sq_ckpt_stop(s); /* the writer's close then checkpoints what is left */
	sqlite3_close(s->db);
	sq_tape_queue_release(&s->tapes); /* after the tokenizers that read it */
	sq_lens_release(s);
	sq_cols_release(&s->cols);
	sq_keep_close(s);
	free(s->path);
	free(s);
}

/* SQLite calls this before every commit of a write transaction on this
 * connection (also autocommit ones: every write path is counted without
 * each having to remember). A commit that then fails counts too, which
 * only makes a cache rebuild once more. Only transactions that wrote the
 * database file count: a search writes its temporary tables (temp.pd_hits)
 * and commits, which must not tell the page cache that the data changed
 * (it made every cached page stale after any search on a server thread). */
static int count_commit(void *arg)
{
	sq_store *s = arg;
	if (sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE)
		s->own_commits++;
	return 0;   /* 0: let the commit go on */
}

/* pd_store_data_version: PRAGMA data_version changes when another
 * connection commits; own_commits when this one does. */
static int sq_data_version(pd_store *ps, uint64_t *out, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_stmt *st = sq_prep(s, "PRAGMA data_version", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(st, 0) << 32 ^ s->own_commits;
	else
		rc = sq_fail(s, err, "reading the data version");
	sq_done(st);
	return rc;
}

/* A new file (no page yet) keeps the map of its pages that lets
 * pd_store_optimize give free pages back to the file system (PRAGMA
 * incremental_vacuum, sqlite_topk.c): its merge of the index into one
 * segment leaves free pages behind (5.4 MB of a 418 MB file at 1x) that
 * nothing else fills. Set before the first table, as SQLite requires; a
 * file made without it stays without it (VACUUM would convert it). */
static int new_file_vacuum(sq_store *s, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "PRAGMA page_count", err);
	if (!st)
		return PD_ESTORE;
	int step = sqlite3_step(st);
	bool empty = step == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	sq_done(st);
	if (step != SQLITE_ROW)
		return sq_fail(s, err, "reading the page count");
	return empty ? sq_exec(s, "PRAGMA auto_vacuum = INCREMENTAL", err) : 0;
}

static int configure(sq_store *s, int flags, pd_err *err)
{
	int rc;
	sqlite3_busy_timeout(s->db, SQ_BUSY_TIMEOUT_MS);
	sqlite3_commit_hook(s->db, count_commit, s);
	/* a writable handle's puts may queue their turns' tokens (fts_tape.c) */
	if (pd_sqlite_register_cjk(s->db, (flags & PD_STORE_READONLY) ? NULL : &s->tapes) !=
	    SQLITE_OK)
		return pd_err_set(err, PD_ESTORE, "%s: cannot register the cjk tokenizer "
				  "(is SQLite built with FTS5?)", s->path);
	if (sq_tidset_register(s->db) != SQLITE_OK || sq_bm25_register(s) != SQLITE_OK)
		return pd_err_set(err, PD_ESTORE, "%s: cannot register the search functions",
				  s->path);
	if ((rc = sq_exec(s, "PRAGMA foreign_keys = ON", err)) != 0)
		return rc;
	if (flags & PD_STORE_BULK) {
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", SQ_BULK_CACHE_KIB);
		if ((rc = sq_exec(s, pragma, err)) != 0)
			return rc;
	}
	int version;
	if (flags & PD_STORE_READONLY) {
		if ((rc = sq_exec(s, "PRAGMA mmap_size = " SQ_READ_MMAP_BYTES, err)) != 0)
			return rc;
		if ((rc = sq_schema_version(s, &version, err)) != 0)
			return rc;
		if (version != sq_schema_latest)
			return pd_err_set(err, PD_ESTORE, "%s: %s (schema version %d, this podium "
					  "reads %d)", s->path, version ? "schema version differs"
					  : "not a Podium database", version, sq_schema_latest);
		return sq_search_prepare(s, err);
	}
	if ((rc = new_file_vacuum(s, err)) != 0 ||
	    (rc = sq_exec(s, "PRAGMA journal_mode = WAL", err)) != 0 ||
	    (rc = sq_exec(s, "PRAGMA synchronous = NORMAL", err)) != 0 ||
	    (rc = sq_migrate(s, err)) != 0 ||
	    (rc = sq_check_tokenizer(s, err)) != 0)
		return rc;
	if (flags & PD_STORE_BULK)
		sq_ckpt_start(s);
	return sq_search_prepare(s, err);
}

int pd_sqlite_open(const char *path, int flags, pd_store **out, pd_err *err)
{
	sq_store *s = pd_xcalloc(1, sizeof *s);
	s->base.ops = &sqlite_ops;
	s->base.flags = flags;
	s->path = pd_xstrdup(path);
	sq_known_rows_forget(s); /* set inside a search only */
	s->load_at_once = (flags & PD_STORE_SERVE) != 0;
	const char *sp = getenv("PODIUM_BULK_SAVEPOINT"); /* 1: savepoints as elsewhere */
	s->no_savepoint = (flags & PD_STORE_BULK) && !(sp && strcmp(sp, "1") == 0);
	s->fts_bulk_wanted = (flags & PD_STORE_BULK) && sq_fts_bulk_wanted();
	sq_topk_configure(s);
	const char *doclist = getenv("PODIUM_DOCLIST"); /* 0: FTS5 counts everything */
	s->doclist = !doclist || strcmp(doclist, "0") != 0;
	const char *speakers = getenv("PODIUM_SPEAKER_LISTS"); /* 0: SQL lists only */
	s->speaker_lists = !speakers || strcmp(speakers, "0") != 0;
	int oflags = (flags & PD_STORE_READONLY) ? SQLITE_OPEN_READONLY
						  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc;
	sq_fileid before;
	sq_fileid_read(path, &before);
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		rc = pd_err_set(err, PD_EIO, "%s: cannot open database: %s", path,
				s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	/* the file opened is the one stat named (not replaced in between):
	 * only then are loaded arrays shared with its other connections */
	sq_fileid_read(path, &s->file);
	s->file.known = s->file.known && before.known && before.dev == s->file.dev &&
			before.ino == s->file.ino;
	sq_keep_open(s);
	sqlite3_extended_result_codes(s->db, 0);
	if ((rc = configure(s, flags, err)) != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	sq_close(&s->base);
	return rc;
}

/* A reader for a helper thread: read-only, not mapped (what a scan reads
 * through a mapping would count in the process's RSS, and optimize's
 * memory is bounded: sqlite_topk.c), no search arrays, no migration. */
int sq_open_reader(const sq_store *s, const char *path, sq_store **out, pd_err *err)
{
	sq_store *r = pd_xcalloc(1, sizeof *r);
	r->base.ops = &sqlite_ops;
	r->base.flags = PD_STORE_READONLY;
	r->path = pd_xstrdup(s->path);
	sq_topk_configure(r);
	r->topk_min_docs = s->topk_min_docs;
	int rc = 0;
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		rc = pd_err_set(err, PD_EIO, "%s: cannot open database: %s", s->path,
				r->db ? sqlite3_errmsg(r->db) : "out of memory");
	else if (pd_sqlite_register_cjk(r->db, NULL) != SQLITE_OK)
		rc = pd_err_set(err, PD_ESTORE, "%s: cannot register the cjk tokenizer", s->path);
	if (rc) {
		sq_close(&r->base);
		return rc;
	}
	sqlite3_busy_timeout(r->db, SQ_BUSY_TIMEOUT_MS);
	*out = r;
	return 0;
}

void sq_close_reader(sq_store *r)
{
	if (r)
		sq_close(&r->base);
}

/* ---- transactions ------------------------------------------------------- */

static int sq_begin(pd_store *ps, pd_err *err)
{
	sq_store *s = sq(ps);
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "a transaction is already open");
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	s->in_tx = rc == 0;
	s->must_roll_back = false;
	if (rc == 0 && (rc = sq_fts_bulk_begin(s, err)) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->in_tx = false;
	}
	return rc;
}

static int sq_end(pd_store *ps, const char *sql, pd_err *err)
{
	sq_store *s = sq(ps);
	if (!s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "no transaction is open");
	int rc = sq_exec(s, sql, err);
	if (rc == 0 || sqlite3_get_autocommit(s->db))
		s->in_tx = false;
	return rc;
}

/* The tape queue emptied, its bytes out of the budget and its memory
 * freed (what follows a bulk load, the optimize, has the peak of an
 * ingest's memory: fts_tape.c). */
static void tapes_clear(sq_store *s)
{
	atomic_fetch_sub(&s->tape_bytes, s->tapes.data.len);
	sq_tape_queue_release(&s->tapes);
}

int sq_fts_flush(sq_store *s, pd_err *err)
{
	if (!s->fts_pending)
		return 0;
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO turns_fts(rowid, title, text)"
				   " SELECT tid, title, text FROM turns WHERE tid >= ?1", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, s->fts_pending);
	int rc = run(s, st, err, "indexing turns");
	tapes_clear(s); /* their texts are indexed, or not to be */
	if (rc == 0) /* the top lists no longer describe the index */
		rc = sq_exec(s, SQ_BUMP_INDEX_GEN, err);
	if (rc == 0)
		s->fts_pending = 0;
	return rc;
}

static int sq_commit(pd_store *ps, pd_err *err)
{
	sq_store *s = sq(ps);
	if (!s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "no transaction is open");
	if (s->must_roll_back)
		return pd_err_set(err, PD_ESTORE, "%s: a write failed half done in this"
				  " transaction: it can only be rolled back", s->path);
	int rc = sq_fts_flush(s, err);
	return rc ? rc : sq_end(ps, "COMMIT", err);
}

static int sq_rollback(pd_store *ps, pd_err *err)
{
	sq(ps)->fts_pending = 0;
	tapes_clear(sq(ps));
	sq(ps)->must_roll_back = false;
	return sq_end(ps, "ROLLBACK", err);
}

/* A write of several statements is all or nothing: its own transaction, or
 * a savepoint inside the caller's.
 *
 * Not on a bulk handle (ingest, migrate) inside the caller's transaction:
 * there a savepoint copied every page the write changed that the batch had
 * already written into the statement journal, over its 64 KiB in memory
 * and so to a temporary file: 1.1M of the 1.88M pwrite calls of a 1x
 * ingest (docs/performance.md). Each statement stays atomic by itself; a
 * write that fails after some of its statements changed rows cannot be
 * undone alone, so it fails the transaction instead: PD_ESTORE, and commit
 * refuses until the caller rolls back (ingest does on any store error).
 * Never half a record committed either way. */
static int atomic_begin(sq_store *s, pd_err *err)
{
	s->fts_pending_saved = s->fts_pending;
	if (s->in_tx && s->no_savepoint) {
		s->changes_saved = sqlite3_total_changes64(s->db);
		return 0;
	}
	return sq_exec(s, s->in_tx ? "SAVEPOINT pd_write" : "BEGIN IMMEDIATE", err);
}

/* atomic_end without a savepoint: a failure that changed nothing is the
 * write's alone; one that did is the transaction's. */
static int atomic_end_bare(sq_store *s, int rc, pd_err *err)
{
	if (rc == 0 || sqlite3_total_changes64(s->db) == s->changes_saved) {
		if (rc)
			s->fts_pending = s->fts_pending_saved;
		return rc;
	}
	s->must_roll_back = true;
	if (err) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		pd_err_set(err, PD_ESTORE, "a write failed half done, the transaction must be"
			   " rolled back: %s", why);
	}
	return PD_ESTORE;
}

static int atomic_end(sq_store *s, int rc, pd_err *err)
{
	if (s->in_tx && s->no_savepoint)
		return atomic_end_bare(s, rc, err);
	/* a write of its own indexes its turns before it commits; inside the
	 * caller's transaction that waits for pd_store_commit */
	if (rc == 0 && !s->in_tx)
		rc = sq_fts_flush(s, err);
	if (rc == 0)
		return sq_exec(s, s->in_tx ? "RELEASE pd_write" : "COMMIT", err);
	if (s->in_tx) {
		sqlite3_exec(s->db, "ROLLBACK TO pd_write; RELEASE pd_write", NULL, NULL, NULL);
		/* an index flush inside the savepoint was rolled back with it */
		s->fts_pending = s->fts_pending_saved;
	} else {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->fts_pending = 0;
	}
	return rc;
}

/* ---- put ---------------------------------------------------------------- */

static int put_participants(sq_store *s, sqlite3_int64 rid, const pd_record *r, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO participants(rid, label, name, role, kind,"
				   " aliases) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	pd_buf aliases;
	pd_buf_init(&aliases, 0);
	for (size_t i = 0; i < r->nparticipants && rc == 0; i++) {
		const pd_participant *p = &r->participants[i];
		pd_buf_reset(&aliases);
		for (size_t a = 0; a < p->naliases; a++) {
			pd_buf_putc(&aliases, a ? ',' : '[');
			pd_json_str(&aliases, p->aliases[a]);
		}
		if (p->naliases)
			pd_buf_putc(&aliases, ']');
		sqlite3_bind_int64(st, 1, rid);
		sq_bind(st, 2, p->label ? p->label : "");
		sq_bind(st, 3, p->name);
		sq_bind(st, 4, p->role);
		sq_bind(st, 5, pd_participant_kind_name(p->kind));
		sq_bind(st, 6, p->naliases ? pd_buf_cstr(&aliases) : NULL);
		rc = run(s, st, err, "storing participants");
	}
	pd_buf_release(&aliases);
	return rc;
}

static int put_turns(sq_store *s, sqlite3_int64 rid, const pd_record *r, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO turns(rid, n, speaker, speaker_name, kind,"
				   " title, text, answers, lang)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	if (r->title && *r->title) { /* the title, searchable as turn 0 */
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int(st, 2, 0);
		sq_bind(st, 5, "title");
		sq_bind(st, 6, r->title);
		sqlite3_bind_int(st, 8, 0);
		rc = run(s, st, err, "storing the title");
		if (rc == 0 && !s->fts_pending)
			s->fts_pending = sqlite3_last_insert_rowid(s->db);
	}
	for (size_t i = 0; i < r->nturns && rc == 0; i++) {
		const pd_turn *t = &r->turns[i];
		const pd_participant *p = t->speaker ? pd_record_find_participant(r, t->speaker)
						     : NULL;
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int(st, 2, t->n);
		sq_bind(st, 3, t->speaker);
		sq_bind(st, 4, p ? p->name : NULL);
		sq_bind(st, 5, pd_turn_kind_name(t->kind));
		sq_bind(st, 7, t->text ? t->text : "");
		sqlite3_bind_int(st, 8, t->answers);
		sq_bind(st, 9, t->lang);
		rc = run(s, st, err, "storing turns");
		if (rc == 0 && !s->fts_pending)
			s->fts_pending = sqlite3_last_insert_rowid(s->db);
	}
	return rc;
}

static int put_topics_images(sq_store *s, sqlite3_int64 rid, const pd_record *r, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT OR IGNORE INTO topics(rid, topic) VALUES (?1, ?2)",
				   err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	for (size_t i = 0; i < r->ntopics && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, rid);
		sq_bind(st, 2, r->topics[i]);
		rc = run(s, st, err, "storing topics");
	}
	if (rc || !(st = sq_prep(s, "INSERT INTO images(rid, n, src, alt) VALUES (?1, ?2, ?3, ?4)",
				 err)))
		return rc ? rc : PD_ESTORE;
	for (size_t i = 0; i < r->nimages && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sq_bind(st, 3, r->images[i].src ? r->images[i].src : "");
		sq_bind(st, 4, r->images[i].alt);
		rc = run(s, st, err, "storing images");
	}
	if (rc || !(st = sq_prep(s, "INSERT INTO translations(rid, lang, other_id, origin)"
				 " VALUES (?1, ?2, ?3, 'record')", err)))
		return rc ? rc : PD_ESTORE;
	for (size_t i = 0; i < r->ntranslations && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, rid);
		sq_bind(st, 2, r->translations[i].lang);
		sq_bind(st, 3, r->translations[i].id);
		rc = run(s, st, err, "storing translations");
	}
	return rc;
}

/* Deletes the child rows of rid that put rewrites (links are kept). */
static int clear_children(sq_store *s, sqlite3_int64 rid, pd_err *err)
{
	/* the delete trigger takes a turn's terms out of the index: every
	 * turn must be in it first */
	int frc = sq_fts_flush(s, err);
	if (frc)
		return frc;
	static const char *const sql[] = {
		"DELETE FROM participants WHERE rid = ?1",
		"DELETE FROM turns WHERE rid = ?1",
		"DELETE FROM topics WHERE rid = ?1",
		"DELETE FROM images WHERE rid = ?1",
		"DELETE FROM translations WHERE rid = ?1 AND origin = 'record'",
	};
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *st = sq_prep(s, sql[i], err);
		if (!st)
			return PD_ESTORE;
		sqlite3_bind_int64(st, 1, rid);
		int rc = run(s, st, err, "replacing a record");
		if (rc)
			return rc;
	}
	return 0;
}

static int load_record(sq_store *s, sqlite3_int64 rid, const char *id, pd_record **out,
		       pd_err *err);

/* Keeps the stored version of rid, whole, as a revision before it is
 * replaced. */
static int keep_revision(sq_store *s, sqlite3_int64 rid, const char *id, const char *who,
			 const char *why, pd_err *err)
{
	pd_record *old = NULL;
	int rc = load_record(s, rid, id, &old, err);
	if (rc)
		return rc;
	pd_buf json;
	pd_buf_init(&json, 0);
	pd_record_to_json(old, &json);
	pd_record_free(old);
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO revisions(rid, number, created, who, why, json)"
				   " SELECT rid, (SELECT coalesce(max(number), 0) + 1 FROM revisions"
				   " WHERE rid = ?1), updated, ?2, ?3, ?4 FROM records WHERE rid = ?1",
				   err);
	if (st) {
		sqlite3_bind_int64(st, 1, rid);
		sq_bind(st, 2, who);
		sq_bind(st, 3, why);
		sq_bind(st, 4, pd_buf_cstr(&json));
		rc = run(s, st, err, "keeping a revision");
	} else {
		rc = PD_ESTORE;
	}
	pd_buf_release(&json);
	return rc;
}

/* json: records.json as stored (sq_json_pack). */
static int write_record(sq_store *s, sqlite3_int64 *rid, const pd_record *r,
			const char *hash, const pd_buf *json, pd_err *err)
{
	const char *sql = *rid
		? "UPDATE records SET id = ?1, title = ?2, date = ?3, language = ?4,"
		  " release_type = ?5, source = ?6, category = ?7, url = ?8, origin = ?9,"
		  " format = ?10, nturns = ?11, hash = ?12, json = ?13,"
		  " updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE rid = ?14"
		: "INSERT INTO records(id, title, date, language, release_type, source,"
		  " category, url, origin, format, nturns, hash, json, created, updated)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		  " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	sqlite3_stmt *st = sq_prep(s, sql, err);
	if (!st)
		return PD_ESTORE;
	const char *text[] = { r->id, r->title, r->date, r->language, r->release_type,
			       r->source, r->category, r->url, r->origin, r->format };
	for (int i = 0; i < 10; i++)
		sq_bind(st, i + 1, text[i]);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)r->nturns);
	sq_bind(st, 12, hash);
	sqlite3_bind_blob(st, 13, json->data, (int)json->len, SQLITE_STATIC);
	if (*rid)
		sqlite3_bind_int64(st, 14, *rid);
	int rc = run(s, st, err, "storing a record");
	if (rc == 0 && !*rid)
		*rid = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/* records.json as stored: the record but its turns, packed
 * (sq_json_pack); nonzero when it could not be packed. */
static int stored_json(const pd_record *r, pd_buf *packed)
{
	pd_buf json;
	pd_buf_init(&json, 0);
	pd_record head = *r; /* records.json: everything but the turns */
	head.nturns = 0;
	head.nqa = 0;
	pd_record_to_json(&head, &json);
	int rc = sq_json_pack(json.data, json.len, packed);
	pd_buf_release(&json);
	return rc;
}

/* The texts put_turns writes, in its order, cut into the index's tokens
 * (fts_tape.c): the commit's indexing replays them. */
static void turn_tapes(const pd_record *r, pd_buf *tapes)
{
	if (r->title)
		sq_tape_add(tapes, r->title, strlen(r->title));
	for (size_t i = 0; i < r->nturns; i++)
		if (r->turns[i].text)
			sq_tape_add(tapes, r->turns[i].text, strlen(r->turns[i].text));
}

/* pd_put_prep's stored form and, within the budget, the turns' tokens
 * (store_internal.h): any thread; touches only ps's tape_bytes. */
static void sq_put_prepare(const pd_store *ps, const pd_record *r, pd_put_prep *out)
{
	sq_store *s = (sq_store *)ps; /* an atomic count: shared by design */
	out->has_stored = stored_json(r, &out->stored) == 0;
	if (atomic_load(&s->tape_bytes) < SQ_TAPE_BUDGET) {
		turn_tapes(r, &out->tokens);
		atomic_fetch_add(&s->tape_bytes, out->tokens.len);
	}
}

static void sq_put_prep_release(const pd_store *ps, pd_put_prep *p)
{
	atomic_fetch_sub(&((sq_store *)ps)->tape_bytes, p->tokens.len);
}

/* A put; prep, when given, is what sq_put_prepare and the hash made from
 * r ahead of it (ingest makes them on its reader's thread). */
static int sq_put_prepared(pd_store *ps, const pd_record *r, const pd_put_prep *prep,
			   const char *who, const char *why, pd_put_result *result, pd_err *err)
{
	sq_store *s = sq(ps);
	char own_hash[17];
	const char *hash = own_hash;
	if (prep)
		hash = prep->hash;
	else
		pd_hash64_hex(pd_record_content_hash(r), own_hash);
	pd_buf packed;
	pd_buf_init(&packed, 0);
	const pd_buf *stored = prep && prep->has_stored ? &prep->stored : &packed;
	sqlite3_int64 rid = 0;
	int rc = atomic_begin(s, err);
	if (rc)
		goto out;
	sqlite3_stmt *st = sq_prep(s, "SELECT rid, hash FROM records WHERE id = ?1", err);
	if (!st) {
		rc = PD_ESTORE;
		goto end;
	}
	sq_bind(st, 1, r->id);
	bool same = false;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		rid = sqlite3_column_int64(st, 0);
		same = strcmp((const char *)sqlite3_column_text(st, 1), hash) == 0;
	} else if (step != SQLITE_DONE) {
		rc = sq_fail(s, err, "looking up a record");
	}
	sq_done(st);
	if (rc || same) {
		*result = PD_PUT_UNCHANGED;
		goto end;
	}
	*result = rid ? PD_PUT_UPDATED : PD_PUT_ADDED;
	if (stored == &packed && stored_json(r, &packed) != 0) {
		rc = pd_err_set(err, PD_EINPUT, "%s: its JSON could not be packed", r->id);
		goto end;
	}
	if (rid && ((rc = keep_revision(s, rid, r->id, who, why, err)) != 0 ||
		    (rc = clear_children(s, rid, err)) != 0))
		goto end;
	if ((rc = write_record(s, &rid, r, hash, stored, err)) == 0 &&
	    (rc = put_participants(s, rid, r, err)) == 0 &&
	    (rc = put_turns(s, rid, r, err)) == 0)
		rc = put_topics_images(s, rid, r, err);
	if (rc == 0 && prep && prep->tokens.len) { /* for the commit's indexing */
		sq_tape_queue_push(&s->tapes, &prep->tokens);
		atomic_fetch_add(&s->tape_bytes, prep->tokens.len);
	}
end:
	rc = atomic_end(s, rc, err);
out:
	pd_buf_release(&packed);
	return rc;
}

static int sq_put(pd_store *ps, const pd_record *r, const char *who, const char *why,
		  pd_put_result *result, pd_err *err)
{
	return sq_put_prepared(ps, r, NULL, who, why, result, err);
}

/* ---- get / delete / revisions / links ----------------------------------- */

/* The translations table is the truth about links: the record's own ones
 * plus pd_store_link's, minus pd_store_unlink's. */
static int load_translations(sq_store *s, sqlite3_int64 rid, pd_record *r, pd_err *err)
{
	for (size_t i = 0; i < r->ntranslations; i++) {
		free(r->translations[i].lang);
		free(r->translations[i].id);
	}
	r->ntranslations = 0;
	sqlite3_stmt *st = sq_prep(s, "SELECT lang, other_id FROM translations WHERE rid = ?1"
				   " ORDER BY rowid", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, rid);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		pd_record_add_translation(r, (const char *)sqlite3_column_text(st, 0),
					  (const char *)sqlite3_column_text(st, 1));
	sq_done(st);
	return step == SQLITE_DONE ? 0 : sq_fail(s, err, "reading translations");
}

/* Adds the turns of rid, in order, to r (whose JSON has none). */
static int load_turns(sq_store *s, sqlite3_int64 rid, pd_record *r, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT n, speaker, kind, text, answers, lang FROM turns"
				   " WHERE rid = ?1 AND n > 0 ORDER BY n", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, rid);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		pd_turn_kind kind = PD_TURN_STATEMENT;
		const char *k = (const char *)sqlite3_column_text(st, 2);
		if (k)
			pd_turn_kind_parse(k, &kind);
		pd_turn *t = pd_record_add_turn(r, (const char *)sqlite3_column_text(st, 1), kind,
						(const char *)sqlite3_column_text(st, 3),
						(size_t)sqlite3_column_bytes(st, 3));
		t->n = sqlite3_column_int(st, 0);
		t->answers = sqlite3_column_int(st, 4);
		pd_record_set(&t->lang, (const char *)sqlite3_column_text(st, 5));
	}
	sq_done(st);
	if (step != SQLITE_DONE)
		return sq_fail(s, err, "reading turns");
	pd_record_link_qa(r);
	return 0;
}

/* The record of records.json in column 0 of st: a packed BLOB
 * (sq_json_pack), or TEXT as written before schema step 8. */
static pd_record *record_from_stored(sq_store *s, sqlite3_stmt *st, const char *id,
				     pd_err *err)
{
	if (sqlite3_column_type(st, 0) != SQLITE_BLOB)
		return pd_record_from_json(id, (const char *)sqlite3_column_text(st, 0),
					   (size_t)sqlite3_column_bytes(st, 0), err);
	pd_buf json;
	pd_buf_init(&json, 0);
	pd_record *r = NULL;
	if (sq_json_unpack(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
			   &json) != 0)
		pd_err_set(err, PD_ESTORE, "%s: the stored record '%s' is damaged", s->path, id);
	else
		r = pd_record_from_json(id, json.data, json.len, err);
	pd_buf_release(&json);
	return r;
}

/* The record as stored: records.json plus its turns (no links). `id` names
 * it in errors. */
static int load_record(sq_store *s, sqlite3_int64 rid, const char *id, pd_record **out,
		       pd_err *err)
{
	*out = NULL;
	sqlite3_stmt *st = sq_prep(s, "SELECT json FROM records WHERE rid = ?1", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, rid);
	int rc = 0, step = sqlite3_step(st);
	pd_record *r = NULL;
	if (step == SQLITE_ROW) {
		r = record_from_stored(s, st, id, err);
		if (!r)
			rc = err ? err->code : PD_EINPUT;
	} else if (step == SQLITE_DONE) {
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no record with id '%s'", s->path, id);
	} else {
		rc = sq_fail(s, err, "reading a record");
	}
	sq_done(st);
	if (rc == 0)
		rc = load_turns(s, rid, r, err);
	if (rc)
		pd_record_free(r);
	else
		*out = r;
	return rc;
}

static int sq_get(pd_store *ps, const char *id, pd_record **out, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_int64 rid;
	pd_record *r = NULL;
	/* one read transaction: the record, its turns and links agree */
	bool snapshot = !s->in_tx;
	int rc = snapshot ? sq_exec(s, "BEGIN", err) : 0;
	if (rc)
		return rc;
	if ((rc = find_rid(s, id, &rid, err)) == 0 &&
	    (rc = load_record(s, rid, id, &r, err)) == 0)
		rc = load_translations(s, rid, r, err);
	if (snapshot)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc)
		pd_record_free(r);
	else
		*out = r;
	return rc;
}

static int sq_delete(pd_store *ps, const char *id, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_int64 rid;
	int rc = atomic_begin(s, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if ((rc = find_rid(s, id, &rid, err)) != 0 || (rc = sq_fts_flush(s, err)) != 0)
		goto end;
	/* links to it go; translations that other records announce themselves
	 * ('record' rows) stay, as their source wrote them: a put that finds
	 * such a record unchanged would not write them back */
	if (!(st = sq_prep(s, "DELETE FROM translations WHERE other_id = ?1"
			   " AND origin = 'link'", err))) {
		rc = PD_ESTORE;
		goto end;
	}
	sq_bind(st, 1, id);
	if ((rc = run(s, st, err, "deleting links")) != 0)
		goto end;
	/* children and revisions go by ON DELETE CASCADE, the index by trigger */
	if (!(st = sq_prep(s, "DELETE FROM records WHERE rid = ?1", err))) {
		rc = PD_ESTORE;
		goto end;
	}
	sqlite3_bind_int64(st, 1, rid);
	rc = run(s, st, err, "deleting a record");
end:
	return atomic_end(s, rc, err);
}

static int sq_revisions(pd_store *ps, const char *id, int number, size_t limit,
			bool with_json, pd_revision **out, size_t *n, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_int64 rid;
	int rc = find_rid(s, id, &rid, err);
	if (rc)
		return rc;
	/* replaced: the next version's store time, or the record's own */
	sqlite3_stmt *st = sq_prep(s, "SELECT v.number, v.created, v.who, v.why,"
				   " CASE WHEN ?3 THEN v.json END,"
				   " coalesce((SELECT w.created FROM revisions w WHERE w.rid = v.rid"
				   " AND w.number > v.number ORDER BY w.number LIMIT 1),"
				   " (SELECT updated FROM records WHERE rid = v.rid))"
				   " FROM revisions v WHERE v.rid = ?1 AND (?2 = 0 OR v.number = ?2)"
				   " ORDER BY v.number DESC LIMIT ?4", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, rid);
	sqlite3_bind_int(st, 2, number);
	sqlite3_bind_int(st, 3, with_json);
	sqlite3_bind_int64(st, 4, limit ? (sqlite3_int64)limit : -1);
	pd_revision *v = NULL;
	size_t count = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = pd_xgrow(v, sizeof *v, count + 1, &cap);
		pd_revision *rv = &v[count++];
		rv->number = sqlite3_column_int(st, 0);
		rv->created = sq_col(st, 1);
		rv->who = sq_col(st, 2);
		rv->why = sq_col(st, 3);
		rv->json = sq_col(st, 4);
		rv->replaced = sq_col(st, 5);
	}
	sq_done(st);
	if (step != SQLITE_DONE) {
		pd_revisions_free(v, count);
		return sq_fail(s, err, "reading revisions");
	}
	*out = v;
	*n = count;
	return 0;
}

static int link_one(sq_store *s, sqlite3_int64 rid, const char *other, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO translations(rid, lang, other_id, origin)"
				   " SELECT ?1, language, id, 'link' FROM records WHERE id = ?2"
				   " AND NOT EXISTS (SELECT 1 FROM translations WHERE rid = ?1"
				   " AND other_id = ?2)", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, rid);
	sq_bind(st, 2, other);
	return run(s, st, err, "linking records");
}

static int sq_link(pd_store *ps, const char *a, const char *b, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_int64 ra, rb;
	int rc = atomic_begin(s, err);
	if (rc)
		return rc;
	if ((rc = find_rid(s, a, &ra, err)) == 0 && (rc = find_rid(s, b, &rb, err)) == 0 &&
	    (rc = link_one(s, ra, b, err)) == 0)
		rc = link_one(s, rb, a, err);
	return atomic_end(s, rc, err);
}

static int sq_unlink(pd_store *ps, const char *a, const char *b, pd_err *err)
{
	sq_store *s = sq(ps);
	sqlite3_stmt *st = sq_prep(s, "DELETE FROM translations WHERE"
				   " (rid = (SELECT rid FROM records WHERE id = ?1) AND other_id = ?2)"
				   " OR (rid = (SELECT rid FROM records WHERE id = ?2) AND other_id = ?1)",
				   err);
	if (!st)
		return PD_ESTORE;
	sq_bind(st, 1, a);
	sq_bind(st, 2, b);
	int rc = run(s, st, err, "unlinking records");
	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: '%s' and '%s' are not linked", s->path, a, b);
	return rc;
}

static const struct pd_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.put = sq_put,
	.put_prepare = sq_put_prepare,
	.put_prep_release = sq_put_prep_release,
	.put_prepared = sq_put_prepared,
	.get = sq_get,
	.del = sq_delete,
	.revisions = sq_revisions,
	.link = sq_link,
	.unlink = sq_unlink,
	.search = sq_search,
	.list = sq_list,
	.facet = sq_facet,
	.stats = sq_stats,
	.data_version = sq_data_version,
	.optimize = sq_optimize,
	.warm = sq_warm,
};
