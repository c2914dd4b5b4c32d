/* podium_fts5.c: the `cjk` tokenizer as a SQLite loadable extension, so the
 * sqlite3 shell and scripts can read a Podium database, and podium_json()
 * for records.json, which is stored deflated (schema step 8 on):
 *
 *   sqlite3 podium.db
 *   sqlite> .load ./build/podium_fts5
 *   sqlite> SELECT rowid FROM turns_fts WHERE turns_fts MATCH '使馆';
 *   sqlite> SELECT podium_json(json) FROM records WHERE id = 'pm-1234';
 *
 * SQLite derives the entry point from the file name: sqlite3_podiumfts_init.
 * Built by the podium_fts5 target in the top-level CMakeLists.txt; not part
 * of podium_core (this folder is not globbed).
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "../fts_cjk.c"
#include "../fts_tape.c"
#include "../sqlite_json_pack.c"

/* podium_json(json): a records.json value as JSON text, whether stored
 * deflated (a BLOB) or as text (rows written before step 8); NULL stays
 * NULL, and a BLOB the store did not pack is an error, not bytes. */
static void podium_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	pd_buf out;
	pd_buf_init(&out, 0);
	if (sq_json_unpack(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]),
			   &out) < 0 || out.len > INT_MAX)
		sqlite3_result_error(ctx, "podium_json: not a record's JSON as Podium stores it",
				     -1);
	else
		sqlite3_result_text(ctx, out.len ? out.data : "", (int)out.len, SQLITE_TRANSIENT);
	pd_buf_release(&out);
}

int sqlite3_podiumfts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

__attribute__((visibility("default")))
int sqlite3_podiumfts_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	SQLITE_EXTENSION_INIT2(api);
	int rc = pd_sqlite_register_cjk(db, NULL);
	if (rc != SQLITE_OK) {
		if (errmsg)
			*errmsg = sqlite3_mprintf("podium_fts5: FTS5 is not available");
		return rc;
	}
	return sqlite3_create_function(db, "podium_json", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				       podium_json, NULL, NULL);
}
