/* podium_fts5.c: the `cjk` tokenizer as a SQLite loadable extension, so the
 * sqlite3 shell and scripts can read a Podium database:
 *
 *   sqlite3 podium.db
 *   sqlite> .load ./build/podium_fts5
 *   sqlite> SELECT rowid FROM turns_fts WHERE turns_fts MATCH '使馆';
 *
 * SQLite derives the entry point from the file name: sqlite3_podiumfts_init.
 * Built by the podium_fts5 target in the top-level CMakeLists.txt; not part
 * of podium_core (this folder is not globbed).
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "../fts_cjk.c"

int sqlite3_podiumfts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

__attribute__((visibility("default")))
int sqlite3_podiumfts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	SQLITE_EXTENSION_INIT2(api);
	int rc = pd_sqlite_register_cjk(db);
	if (rc != SQLITE_OK && errmsg)
		*errmsg = sqlite3_mprintf("podium_fts5: FTS5 is not available");
	return rc;
}
