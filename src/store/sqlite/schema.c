/* schema.c: the SQLite schema and its migrations.
 *
 * PRAGMA user_version holds the number of migration steps applied. Steps
 * are applied in order, each in its own IMMEDIATE transaction (so two
 * processes opening a new database do not both apply one), and never
 * edited once released: a change to the schema is a new step at the end.
 *
 * turns_fts is an external-content FTS5 table over turns (content='turns'):
 * the text is stored once, in turns, where snippets read it. New turns are
 * indexed by the store at commit (step 4, sq_fts_flush); triggers remove
 * deleted and updated ones. A record's title is
 * indexed as its turn 0 (kind "title", column title), so title words are
 * found and bm25 can weight the title column apart from turn text.
 *
 * records.json is the record's JSON without its turns (from step 2 on):
 * the store puts the turns back from `turns` when it reads a record.
 */
#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "search/tokenize.h"

#include "store/sqlite/sqlite_int.h"

/* Step 7's triggers: add or take n from (kind, value) when `when` holds
 * and the value is not NULL. */
#define COUNTS_ADD(kind, value, n, when)                                                   \
	"  INSERT INTO counts(kind, value, n) SELECT " kind ", " value ", " n                   \
	" WHERE " value " IS NOT NULL AND " when                                               \
	"  ON CONFLICT(kind, value) DO UPDATE SET n = n + excluded.n;"
#define COUNTS_SUB(kind, value, n, when)                                                   \
	"  UPDATE counts SET n = n - " n " WHERE kind = " kind " AND value = " value            \
	" AND " when ";"
#define COUNTS_PRUNE "  DELETE FROM counts WHERE n <= 0 AND kind <> 'total';"
/* A record's own counts, of row r (new or old). */
#define COUNTS_RECORD(op, r)                                                               \
	op("'total'", "'records'", "1", "1")                                                   \
	op("'total'", "'turns'", r ".nturns", "1")                                             \
	op("'type'", r ".release_type", "1", "1")                                              \
	op("'year'", "substr(" r ".date, 1, 4)", "1", "1")                                     \
	op("'lang'", r ".language", "1", "1")
#define COUNTS_RECORD_ADD(r) COUNTS_RECORD(COUNTS_ADD, r)
#define COUNTS_RECORD_SUB(r) COUNTS_RECORD(COUNTS_SUB, r)
/* A participant's name as the speaker facet counts it. */
#define COUNTS_WHO(p) "coalesce(" p ".name, " p ".label)"
/* No other participant row of p's record has p's name. */
#define COUNTS_ALONE(p)                                                                    \
	"NOT EXISTS (SELECT 1 FROM participants o WHERE o.rid = " p ".rid"                     \
	" AND o.rowid <> " p ".rowid AND " COUNTS_WHO("o") " = " COUNTS_WHO(p) ")"
#define COUNTS_MOVED                                                                       \
	"(old.rid <> new.rid OR " COUNTS_WHO("old") " <> " COUNTS_WHO("new") ")"

/* Schema step 9: speaker_lists no longer holds (sqlite_speakers.c). */
#define SPEAKER_LISTS_STALE "DELETE FROM meta WHERE key = 'speaker_lists'"

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE records("
	"  rid INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  title TEXT, date TEXT, language TEXT, release_type TEXT, source TEXT,"
	"  category TEXT, url TEXT, origin TEXT, format TEXT,"
	"  nturns INTEGER NOT NULL DEFAULT 0,"
	"  hash TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL);"
	"CREATE INDEX records_date ON records(date);"
	"CREATE TABLE participants("
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  label TEXT NOT NULL, name TEXT, role TEXT, kind TEXT NOT NULL,"
	"  aliases TEXT);"
	"CREATE INDEX participants_rid ON participants(rid);"
	"CREATE TABLE turns("
	"  tid INTEGER PRIMARY KEY,"
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  n INTEGER NOT NULL,"
	"  speaker TEXT, speaker_name TEXT,"
	"  kind TEXT NOT NULL,"
	"  title TEXT, text TEXT,"
	"  answers INTEGER NOT NULL DEFAULT 0,"
	"  lang TEXT,"
	"  UNIQUE(rid, n));"
	"CREATE TABLE topics("
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  topic TEXT NOT NULL,"
	"  UNIQUE(rid, topic));"
	"CREATE INDEX topics_topic ON topics(topic COLLATE NOCASE);"
	"CREATE TABLE images("
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  n INTEGER NOT NULL, src TEXT NOT NULL, alt TEXT);"
	"CREATE INDEX images_rid ON images(rid);"
	/* origin: 'record' rows come from the record's own translations and are
	 * rewritten by put; 'link' rows from pd_store_link, kept by put. */
	"CREATE TABLE translations("
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  lang TEXT, other_id TEXT,"
	"  origin TEXT NOT NULL CHECK(origin IN ('record', 'link')));"
	"CREATE INDEX translations_rid ON translations(rid);"
	"CREATE INDEX translations_other ON translations(other_id);"
	"CREATE TABLE revisions("
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  created TEXT NOT NULL, who TEXT, why TEXT,"
	"  json TEXT NOT NULL,"
	"  UNIQUE(rid, number));"
	"CREATE VIRTUAL TABLE turns_fts USING fts5(title, text,"
	"  content='turns', content_rowid='tid', tokenize='cjk');"
	"CREATE TRIGGER turns_ai AFTER INSERT ON turns BEGIN"
	"  INSERT INTO turns_fts(rowid, title, text) VALUES (new.tid, new.title, new.text);"
	"END;"
	"CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN"
	"  INSERT INTO turns_fts(turns_fts, rowid, title, text)"
	"    VALUES ('delete', old.tid, old.title, old.text);"
	"END;"
	"CREATE TRIGGER turns_au AFTER UPDATE ON turns BEGIN"
	"  INSERT INTO turns_fts(turns_fts, rowid, title, text)"
	"    VALUES ('delete', old.tid, old.title, old.text);"
	"  INSERT INTO turns_fts(rowid, title, text) VALUES (new.tid, new.title, new.text);"
	"END;",
	/* 2: the turns' text was stored twice, in turns and inside records.json
	 * (a third of the file on the PM archive); the JSON keeps the rest.
	 * Space freed here is reused by later writes (VACUUM gives it back). */
	"UPDATE records SET json = json_set(json, '$.turns', json('[]'), '$.qa', json('[]'));",
	/* 3: facts about the database as a whole; 'tokenizer' holds the
	 * fingerprint of the tokenizer that built turns_fts (see
	 * sq_check_tokenizer) */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
	/* 4: new turns are indexed by the store in one statement per commit
	 * (sq_fts_flush), not by a trigger per row: a put runs in a SAVEPOINT,
	 * and FTS5 flushes its pending terms to a new segment at every
	 * savepoint, so the trigger made one segment (and merges) per record.
	 * The delete and update triggers stay: the store indexes pending turns
	 * before it deletes any. */
	"DROP TRIGGER IF EXISTS turns_ai;",
	/* 5: per-term top lists (pd_store_optimize, sqlite_topk.c). For each
	 * term in at least SQ_TOPK_MIN_DOCS turns: its ndocs, and its best
	 * turns by the term's bm25 in Podium's order (score, date DESC, tid).
	 * bm25 depends on every row (row count, mean length, the term's
	 * document count), so the lists hold only while the index is as it
	 * was: meta 'index_gen' counts writes to turns_fts (sq_fts_flush and
	 * the triggers below), meta 'topk_gen' is the index_gen the lists were
	 * built at; when they differ a search ranks exhaustively. */
	"CREATE TABLE IF NOT EXISTS topk_terms("
	"  term TEXT PRIMARY KEY, ndocs INTEGER NOT NULL, nlist INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS topk_lists("
	"  term TEXT NOT NULL, pos INTEGER NOT NULL, tid INTEGER NOT NULL, score REAL NOT NULL,"
	"  PRIMARY KEY(term, pos)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('index_gen', '1');"
	"DROP TRIGGER IF EXISTS turns_ad;"
	"DROP TRIGGER IF EXISTS turns_au;"
	"CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN"
	"  INSERT INTO turns_fts(turns_fts, rowid, title, text)"
	"    VALUES ('delete', old.tid, old.title, old.text);"
	"  " SQ_BUMP_INDEX_GEN ";"
	"END;"
	"CREATE TRIGGER turns_au AFTER UPDATE ON turns BEGIN"
	"  INSERT INTO turns_fts(turns_fts, rowid, title, text)"
	"    VALUES ('delete', old.tid, old.title, old.text);"
	"  INSERT INTO turns_fts(rowid, title, text) VALUES (new.tid, new.title, new.text);"
	"  " SQ_BUMP_INDEX_GEN ";"
	"END;",
	/* 6: a speaker filter is evaluated as one set of turns per search
	 * (sqlite_tidset.c), read from these indexes: the turns a label or a
	 * name says, with their record for the record-level filters. A join
	 * per match that tested the speaker cost ~40 ms of a search for a
	 * common word on the PM archive. */
	"CREATE INDEX IF NOT EXISTS turns_speaker ON turns(speaker COLLATE NOCASE, rid);"
	"CREATE INDEX IF NOT EXISTS turns_speaker_name ON turns(speaker_name COLLATE NOCASE, rid)"
	"  WHERE speaker_name IS NOT NULL;"
	/* the participants whose other labels a speaker filter also takes */
	"CREATE INDEX IF NOT EXISTS participants_aliased ON participants(rid)"
	"  WHERE aliases IS NOT NULL;",
	/* 7: the archive's own counts — records per type, year, language and
	 * topic, records per speaker, records and turns — kept by triggers as
	 * rows change, for the home page, /api/v1/speakers and list totals
	 * (sq_facet, sq_stats, sq_list). Counted with GROUP BY over the tables
	 * they took 0.6 s (speakers) and 1.6 s (the home page) at 10x, paid
	 * again by the first reader after every commit. The triggers add about
	 * 1 % to an ingest's instructions.
	 * 'speaker' counts records: a participant row adds one only when no
	 * other row of its record has the same name (name, else label). Rows
	 * whose count falls to 0 are deleted. */
	"CREATE TABLE IF NOT EXISTS counts("
	"  kind TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,"
	"  PRIMARY KEY(kind, value)) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS counts_records_ai AFTER INSERT ON records BEGIN"
	COUNTS_RECORD_ADD("new")
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_records_ad AFTER DELETE ON records BEGIN"
	COUNTS_RECORD_SUB("old")
	COUNTS_PRUNE
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_records_au AFTER UPDATE OF release_type, date, language, nturns"
	"  ON records BEGIN"
	COUNTS_RECORD_SUB("old")
	COUNTS_RECORD_ADD("new")
	COUNTS_PRUNE
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_topics_ai AFTER INSERT ON topics BEGIN"
	COUNTS_ADD("'topic'", "new.topic", "1", "1")
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_topics_ad AFTER DELETE ON topics BEGIN"
	COUNTS_SUB("'topic'", "old.topic", "1", "1")
	COUNTS_PRUNE
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_topics_au AFTER UPDATE OF topic ON topics BEGIN"
	COUNTS_SUB("'topic'", "old.topic", "1", "1")
	COUNTS_ADD("'topic'", "new.topic", "1", "1")
	COUNTS_PRUNE
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_participants_ai AFTER INSERT ON participants BEGIN"
	COUNTS_ADD("'speaker'", COUNTS_WHO("new"), "1", COUNTS_ALONE("new"))
	"END;"
	"CREATE TRIGGER IF NOT EXISTS counts_participants_ad AFTER DELETE ON participants BEGIN"
	COUNTS_SUB("'speaker'", COUNTS_WHO("old"), "1", COUNTS_ALONE("old"))
	COUNTS_PRUNE
	"END;"
	/* the row itself has moved: its old name is gone from its old record
	 * when no other row there has it, its new one is new when no other
	 * row of the new record has it (nothing, when neither changed) */
	"CREATE TRIGGER IF NOT EXISTS counts_participants_au AFTER UPDATE OF rid, label, name"
	"  ON participants"
	"  BEGIN"
	COUNTS_SUB("'speaker'", COUNTS_WHO("old"), "1", COUNTS_MOVED " AND " COUNTS_ALONE("old"))
	COUNTS_ADD("'speaker'", COUNTS_WHO("new"), "1", COUNTS_MOVED " AND " COUNTS_ALONE("new"))
	COUNTS_PRUNE
	"END;"
	"DELETE FROM counts;"
	"INSERT INTO counts SELECT 'speaker', v, count(DISTINCT rid) FROM"
	"  (SELECT " COUNTS_WHO("participants") " AS v, rid FROM participants) GROUP BY v;"
	"INSERT INTO counts SELECT 'topic', topic, count(*) FROM topics GROUP BY topic;"
	"INSERT INTO counts SELECT 'type', release_type, count(*) FROM records"
	"  WHERE release_type IS NOT NULL GROUP BY release_type;"
	"INSERT INTO counts SELECT 'year', substr(date, 1, 4) AS v, count(*) FROM records"
	"  WHERE v IS NOT NULL GROUP BY v;"
	"INSERT INTO counts SELECT 'lang', language, count(*) FROM records"
	"  WHERE language IS NOT NULL GROUP BY language;"
	"INSERT INTO counts SELECT 'total', 'records', count(*) FROM records;"
	"INSERT INTO counts SELECT 'total', 'turns', coalesce(sum(nturns), 0) FROM records;"
	COUNTS_PRUNE,
	/* 8: a top list is stored in chunks of SQ_TOPK_CHUNK entries, one blob
	 * each (sqlite_topk_pack.c), not a row per entry: the rows repeated
	 * their term and a key each, 19.8 of the 437 MB at 1x (4.5 MB packed).
	 * The lists are built again by the next pd_store_optimize (podium
	 * optimize, or the end of an ingest); until then they are stale (no
	 * topk_gen) and searches rank exhaustively, as on a database that was
	 * never optimized. */
	"DROP TABLE IF EXISTS topk_lists;"
	"DELETE FROM topk_terms;"
	"DELETE FROM meta WHERE key IN ('topk_gen', 'topk_by', 'topk_scan_passes');"
	"CREATE TABLE topk_lists("
	"  term TEXT NOT NULL, chunk INTEGER NOT NULL, list BLOB NOT NULL,"
	"  PRIMARY KEY(term, chunk)) WITHOUT ROWID;",
	/* 9: a speaker's records as one packed row per speaker key (a label,
	 * name or alias, NOCASE), in the list's order (sqlite_speakers.c),
	 * written by pd_store_optimize: a speaker page read them with a pass
	 * over participants and two sorts (0.2-0.35 s at 10x). They hold while
	 * meta 'speaker_lists' exists; these triggers delete it on every write
	 * that could change a list (a put rewrites its participants; a record
	 * going takes its participants). Deleting a missing row writes
	 * nothing, so the triggers cost a lookup each. */
	"CREATE TABLE IF NOT EXISTS speaker_lists("
	"  key TEXT PRIMARY KEY COLLATE NOCASE, n INTEGER NOT NULL, undated INTEGER NOT NULL,"
	"  rids BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS speaker_lists_records_ad AFTER DELETE ON records BEGIN"
	"  " SPEAKER_LISTS_STALE ";"
	"END;"
	"CREATE TRIGGER IF NOT EXISTS speaker_lists_records_au"
	"  AFTER UPDATE OF rid, id, date ON records BEGIN"
	"  " SPEAKER_LISTS_STALE ";"
	"END;"
	"CREATE TRIGGER IF NOT EXISTS speaker_lists_participants_ai AFTER INSERT ON participants BEGIN"
	"  " SPEAKER_LISTS_STALE ";"
	"END;"
	"CREATE TRIGGER IF NOT EXISTS speaker_lists_participants_ad AFTER DELETE ON participants BEGIN"
	"  " SPEAKER_LISTS_STALE ";"
	"END;"
	"CREATE TRIGGER IF NOT EXISTS speaker_lists_participants_au"
	"  AFTER UPDATE OF rid, label, name, aliases ON participants BEGIN"
	"  " SPEAKER_LISTS_STALE ";"
	"END;",
};

const int sq_schema_latest = (int)(sizeof migrations / sizeof *migrations);

int sq_schema_version(sq_store *s, int *version, pd_err *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sq_fail(s, err, "reading the schema version");
	}
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int sq_migrate(sq_store *s, pd_err *err)
{
	int rc, v = 0;
	for (int step = 0; step < sq_schema_latest; step++) {
		if ((rc = sq_exec(s, "BEGIN IMMEDIATE", err)) != 0)
			return rc;
		/* read inside the transaction: another process may have migrated */
		if ((rc = sq_schema_version(s, &v, err)) != 0)
			goto fail;
		if (v > sq_schema_latest) {
			rc = pd_err_set(err, PD_ESTORE,
					"%s: schema version %d is newer than this podium knows (%d)",
					s->path, v, sq_schema_latest);
			goto fail;
		}
		if (v > step) {
			sq_exec(s, "COMMIT", NULL);
			continue;
		}
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", step + 1);
		if ((rc = sq_exec(s, migrations[step], err)) != 0 ||
		    (rc = sq_exec(s, pragma, err)) != 0 ||
		    (rc = sq_exec(s, "COMMIT", err)) != 0)
			goto fail;
	}
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The fingerprint recorded in meta, into out ("" when none); 0 or an error. */
static int stored_fingerprint(sq_store *s, char out[17], pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT value FROM meta WHERE key = 'tokenizer'", err);
	if (!st)
		return PD_ESTORE;
	int rc = 0, step = sqlite3_step(st);
	out[0] = '\0';
	if (step == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, 17, "%s", v ? v : "");
	} else if (step != SQLITE_DONE) {
		rc = sq_fail(s, err, "reading the tokenizer fingerprint");
	}
	sq_done(st);
	return rc;
}

int sq_check_tokenizer(sq_store *s, pd_err *err)
{
	char want[17], have[17];
	pd_hash64_hex(pd_tokenizer_fingerprint(), want);
	int rc = stored_fingerprint(s, have, err);
	if (rc || strcmp(have, want) == 0)
		return rc;
	/* decided again inside the write lock: another process may be at it */
	if ((rc = sq_exec(s, "BEGIN IMMEDIATE", err)) != 0)
		return rc;
	if ((rc = stored_fingerprint(s, have, err)) != 0)
		goto out;
	/* No fingerprint: the index predates step 3 and was built by the
	 * tokenizer of that time, taken to be this one. A different one: the
	 * index is cut another way than this build cuts, so re-index every
	 * turn from its stored text. */
	if (have[0] && strcmp(have, want) != 0 &&
	    ((rc = sq_exec(s, "INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')", err)) != 0 ||
	     (rc = sq_exec(s, SQ_BUMP_INDEX_GEN, err)) != 0))
		goto out;
	sqlite3_stmt *st = sq_prep(s, "INSERT OR REPLACE INTO meta(key, value)"
				   " VALUES ('tokenizer', ?1)", err);
	if (!st) {
		rc = PD_ESTORE;
		goto out;
	}
	sq_bind(st, 1, want);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "recording the tokenizer");
	sq_done(st);
out:
	if (rc == 0)
		return sq_exec(s, "COMMIT", err);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
