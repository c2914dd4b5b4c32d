/* sqlite_fts_bulk.c: FTS5's merge settings during a bulk load (see
 * sqlite_int.h).
 *
 * By default FTS5 merges segments as it writes them ('automerge' 4: four
 * segments of a level become one of the next), so each turn's terms are
 * rewritten once per level, about log4(segments) times. After a bulk load
 * pd_store_optimize merges the whole index into one segment anyway, so
 * those merges only make work the optimize redoes: during the load no
 * automerge, a 'crisismerge' of SQ_BULK_CRISIS segments as the bound on
 * how many a level may hold (searches between batches read every
 * segment; 2000 is FTS5's limit), and a larger pending-terms buffer
 * ('hashsize'), so a batch makes fewer, larger segments. At 1x the load
 * stays under the bound and each term is written twice (its segment, the
 * optimize); FTS5's indexing of the batches took ~40 % less CPU time
 * (docs/performance.md). The optimized index holds the same pages; only
 * its segment's id (part of each page's rowid) differs.
 *
 * FTS5 keeps these settings in turns_fts_config, so they are the
 * database's, not the connection's: set inside a bulk handle's first
 * transaction, put back by pd_store_optimize before its merge or, when it
 * was not run, by closing the handle. A load killed before either leaves
 * them set until the next optimize or bulk load ends: searches read more
 * segments until then, results are the same.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* Segments a level may hold during a bulk load before FTS5 merges them. */
#define SQ_BULK_CRISIS "64"
/* Bytes of pending terms before FTS5 writes a segment (FTS5's own: 1 MiB). */
#define SQ_BULK_HASHSIZE "8388608"

/* FTS5's defaults, written back before the rows are removed (so the
 * connection's own copy of the settings is the default one again). */
static const char *const bulk_settings[][3] = {
	/* name, during a bulk load, FTS5's default */
	{ "automerge", "0", "4" },
	{ "crisismerge", SQ_BULK_CRISIS, "16" },
	{ "hashsize", SQ_BULK_HASHSIZE, "1048576" },
};
#define NSETTINGS (sizeof bulk_settings / sizeof *bulk_settings)

static int set_each(sq_store *s, int which, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "INSERT INTO turns_fts(turns_fts, rank) VALUES (?1, ?2)",
				   err);
	if (!st)
		return PD_ESTORE;
	int rc = 0;
	for (size_t i = 0; i < NSETTINGS && rc == 0; i++) {
		sqlite3_bind_text(st, 1, bulk_settings[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, atoll(bulk_settings[i][which]));
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(s, err, "setting FTS5's merges");
		sq_done(st);
	}
	return rc;
}

bool sq_fts_bulk_wanted(void)
{
	const char *v = getenv("PODIUM_BULK_FTS"); /* 0: FTS5's own merges */
	return !v || strcmp(v, "0") != 0;
}

int sq_fts_bulk_begin(sq_store *s, pd_err *err)
{
	if (s->fts_bulk || !s->fts_bulk_wanted)
		return 0;
	int rc = set_each(s, 1, err);
	s->fts_bulk = rc == 0;
	return rc;
}

/* Whether turns_fts_config holds any of the bulk settings. */
static int settings_stored(sq_store *s, bool *yes, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT count(*) FROM turns_fts_config"
				   " WHERE k IN ('automerge', 'crisismerge', 'hashsize')", err);
	if (!st)
		return PD_ESTORE;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sq_fail(s, err, "reading FTS5's settings");
	*yes = rc == 0 && sqlite3_column_int64(st, 0) > 0;
	sq_done(st);
	return rc;
}

int sq_fts_bulk_end(sq_store *s, pd_err *err)
{
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "FTS5's settings are put back outside a transaction");
	s->fts_bulk = false;
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	bool stored = false;
	if ((rc = settings_stored(s, &stored, err)) == 0 && stored &&
	    (rc = set_each(s, 2, err)) == 0)
		/* the defaults are what FTS5 reads when a row is missing: the
		 * table as a database that never had a bulk load */
		rc = sq_exec(s, "DELETE FROM turns_fts_config"
			     " WHERE k IN ('automerge', 'crisismerge', 'hashsize')", err);
	if (rc == 0)
		return sq_exec(s, "COMMIT", err);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
