/* sqlite_shared.c: what searches load once per database file and index
 * generation, kept once per process.
 *
 * The row lengths (sqlite_bm25.c) and the turns' lists (sqlite_turncols.c)
 * are read-only once loaded and describe the index at one index_gen. A
 * server opens one connection per worker thread on the same file, and each
 * used to load its own copy: ~47 MB a connection at 10x, so serve's memory
 * grew with --threads (53, 112 and 187 MB with 1, 2 and 4 workers). Here each
 * is kept once, keyed by (file, kind, index_gen) and counted: a connection
 * that finds one takes a reference instead of loading (and without paying
 * its own debt first: the load is already paid), and the last reference
 * frees it.
 *
 * The file is its device and inode, not its path: a path can name another
 * file later (a database replaced by rename), while an inode is not reused
 * as long as a connection has the file open, and an entry lives only while
 * a connection holding a reference does (they drop it when they close).
 * index_gen advances with every write to the index, so one (file, gen)
 * names one state of it, for every connection.
 *
 * pd_store_warm (sq_warm) loads both ahead of any search: a server keeps
 * a handle warmed in the background, so no reader pays the load.
 *
 * The list is short (a kind or two per file and generation in use), so it
 * is searched in full under one mutex; loading happens outside it, and two
 * connections loading at once keep the first one's copy.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

typedef struct entry {
	sq_fileid file;
	int kind;
	sqlite3_int64 gen;
	void *obj;
	void (*destroy)(void *);
	size_t refs;
	struct entry *next;
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry *entries;

void sq_fileid_read(const char *path, sq_fileid *id)
{
	struct stat st;
	id->known = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	id->dev = id->known ? (uint64_t)st.st_dev : 0;
	id->ino = id->known ? (uint64_t)st.st_ino : 0;
}

/* The entry for (file, kind, gen); the caller holds the lock. */
static entry *lookup(const sq_fileid *file, int kind, sqlite3_int64 gen)
{
	if (!file->known)
		return NULL;
	for (entry *e = entries; e; e = e->next)
		if (e->file.known && e->file.dev == file->dev && e->file.ino == file->ino &&
		    e->kind == kind && e->gen == gen)
			return e;
	return NULL;
}

const void *sq_shared_find(const sq_fileid *file, int kind, sqlite3_int64 gen)
{
	pthread_mutex_lock(&lock);
	entry *e = lookup(file, kind, gen);
	if (e)
		e->refs++;
	pthread_mutex_unlock(&lock);
	return e ? e->obj : NULL;
}

const void *sq_shared_keep(const sq_fileid *file, int kind, sqlite3_int64 gen, void *obj,
			   void (*destroy)(void *))
{
	pthread_mutex_lock(&lock);
	entry *e = lookup(file, kind, gen);
	if (e) {
		e->refs++;
	} else {
		e = pd_xcalloc(1, sizeof *e);
		*e = (entry){ .file = *file, .kind = kind, .gen = gen, .obj = obj,
			      .destroy = destroy, .refs = 1, .next = entries };
		entries = e;
	}
	void *kept = e->obj;
	pthread_mutex_unlock(&lock);
	if (kept != obj)
		destroy(obj);
	return kept;
}

void sq_shared_drop(const void *obj)
{
	if (!obj)
		return;
	entry *gone = NULL;
	pthread_mutex_lock(&lock);
	for (entry **at = &entries; *at; at = &(*at)->next)
		if ((*at)->obj == obj) {
			if (--(*at)->refs == 0) {
				gone = *at;
				*at = gone->next;
			}
			break;
		}
	pthread_mutex_unlock(&lock);
	if (gone) { /* freed outside the lock: 40+ MB of arrays at 10x */
		gone->destroy(gone->obj);
		free(gone);
	}
}

int sq_warm(pd_store *ps, pd_err *err)
{
	sq_store *s = (sq_store *)ps;
	if (s->in_tx)
		return pd_err_set(err, PD_EUSAGE, "warming inside a transaction");
	bool at_once = s->load_at_once, ok;
	int rc = sq_exec(s, "BEGIN", err);
	if (rc)
		return rc;
	s->load_at_once = true; /* asked for: load now, whatever the debt */
	rc = sq_lens_sync(s, 1, err);
	if (rc == 0)
		rc = sq_turncols_sync(s, &ok, err);
	s->load_at_once = at_once;
	s->lens.active = false; /* only a search uses them */
	sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	/* the pages the loads read are not needed again by this handle */
	sqlite3_db_release_memory(s->db);
	return rc;
}
