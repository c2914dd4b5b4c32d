/* fts_cjk.c: the `cjk` FTS5 tokenizer — search/tokenize.h behind SQLite's
 * fts5_tokenizer (v1) interface.
 *
 * Queries (FTS5_TOKENIZE_QUERY) are cut in query mode, documents and
 * auxiliary functions in document mode; colocated tokens (a CJK run's last
 * character) carry FTS5_TOKEN_COLOCATED; a document text that ingest's
 * reader thread cut ahead is replayed from its tape (fts_tape.c). The same
 * file is compiled into the loadable extension (ext/podium_fts5.c), where
 * <sqlite3ext.h> turns the sqlite3_* calls below into calls through the
 * host's routine table.
 */
#include <sqlite3.h>

#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* A tokenizer's only state is the connection's tape queue (NULL: none);
 * FTS5 needs a non-NULL handle, so one without a queue gets cjk_handle. */
static char cjk_handle;

static int cjk_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)(ctx ? ctx : &cjk_handle);
	return SQLITE_OK;
}

static void cjk_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int cjk_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
			int ntext, int (*token)(void *, int, const char *, int, int, int))
{
	size_t n = ntext > 0 ? (size_t)ntext : 0;
	int rc = SQLITE_OK;
	/* a document text cut ahead on ingest's reader thread */
	if ((void *)t != &cjk_handle && (flags & FTS5_TOKENIZE_DOCUMENT) &&
	    sq_tape_replay((sq_tape_queue *)t, text, n, token, ctx, &rc))
		return rc;
	pd_tokenizer tz;
	pd_token tok;
	pd_tokenizer_init(&tz, text, n,
			  (flags & FTS5_TOKENIZE_QUERY) ? PD_TOK_QUERY : PD_TOK_DOCUMENT);
	while (rc == SQLITE_OK && pd_tokenizer_next(&tz, &tok))
		rc = token(ctx, tok.colocated ? FTS5_TOKEN_COLOCATED : 0, tok.text,
			   (int)tok.len, (int)tok.start, (int)tok.end);
	pd_tokenizer_release(&tz);
	return rc;
}

/* fts5_api is reached through "SELECT fts5(?1)" with a bound pointer of
 * type "fts5_api_ptr" (SQLite documents no other way). */
fts5_api *sq_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api && api->iVersion >= 2 ? api : NULL;
}

int pd_sqlite_register_cjk(sqlite3 *db, sq_tape_queue *tapes)
{
	fts5_api *api = sq_fts5_api(db);
	if (!api)
		return SQLITE_ERROR;
	fts5_tokenizer tok = { cjk_create, cjk_delete, cjk_tokenize };
	return api->xCreateTokenizer(api, "cjk", tapes, &tok, NULL);
}
