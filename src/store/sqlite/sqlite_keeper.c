/* sqlite_keeper.c: what searches learn, kept once per process.
 *
 * A search counts a phrase's matches, walks a term's turns or ranks the
 * matches in a filter's set; the next page, or the same search again,
 * reads what it learned instead (sqlite_search.c, sqlite_kept.c). Each
 * connection used to keep its own, so a server's next page landing on
 * another worker thread paid the whole first asking again (17 ms instead
 * of 0.6 for a phrase at 10x, with two workers half the time). Here every
 * connection to a file keeps into, and reads from, one bounded table per
 * process.
 *
 * An entry is named by (file, index_gen, kind, key): the file as its
 * device and inode (sqlite_shared.c's sq_fileid; a connection to a file
 * that has none, such as a temporary one, gets a number of its own and
 * shares with no one), index_gen the state of the index it describes
 * (every write to a turn advances it), the kind of answer and its key
 * (the MATCH text, a term, a filter). What it holds is exact at that
 * state, whichever connection computed it, and never changes once kept:
 * a connection keeps a new entry in place of an old one. Entries of an
 * older index_gen of the file are dropped when one of a newer is kept
 * (never current again); past SQ_KEEP_BYTES or SQ_KEEP_ENTRIES the least
 * recently used go.
 *
 * Entries live only while a connection has their file open: an inode is
 * not reused while the file is open, but a database deleted and created
 * again may well get its old inode, and must not find the old answers.
 *
 * Ownership: sq_keep_find and sq_keep_put hand the connection a reference
 * it holds until sq_keep_release_held (the end of each search, and close),
 * so an entry replaced or evicted meanwhile stays readable for the search
 * that read it; the last reference destroys it (outside the lock).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

typedef struct sq_keep_entry {
	uint64_t dev, ino;        /* the file (ino: a serial when dev is ~0) */
	sqlite3_int64 gen;
	int kind;
	uint64_t hash;            /* of kind and key */
	char *key;
	void *obj;
	size_t bytes;
	void (*destroy)(void *);
	size_t refs;              /* the table's (while in it) and each holder's */
	bool in_table;
	uint64_t used;
} sq_keep_entry;

/* A file some connection has open, and how many do. */
typedef struct sq_keep_file {
	uint64_t dev, ino;
	size_t open;
	struct sq_keep_file *next;
} sq_keep_file;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sq_keep_entry *table[SQ_KEEP_ENTRIES];
static size_t nentries, table_bytes;
static uint64_t clock_now, next_serial;
static sq_keep_file *files;

/* The connection's file as the table names it. */
static void file_of(sq_store *s, uint64_t *dev, uint64_t *ino)
{
	if (s->file.known) {
		*dev = s->file.dev;
		*ino = s->file.ino;
		return;
	}
	if (!s->keep_serial) /* under the lock: callers hold it */
		s->keep_serial = ++next_serial;
	*dev = UINT64_MAX;
	*ino = s->keep_serial;
}

static uint64_t key_hash(int kind, const char *key)
{
	uint64_t h = pd_hash64(PD_HASH64_INIT, &kind, sizeof kind);
	return pd_hash64(h, key, strlen(key));
}

/* A known file's entries are dropped by its last connection's close, so
 * only a connection counted among them keeps any. */
static bool may_keep(const sq_store *s)
{
	return s->gen_current && s->search_keep && (s->keep_opened || !s->file.known);
}

/* Gives one reference back; the entry when that was its last (for the
 * caller to destroy outside the lock), else NULL. */
static sq_keep_entry *unref(sq_keep_entry *e)
{
	return --e->refs == 0 ? e : NULL;
}

static void destroy(sq_keep_entry *e)
{
	if (!e)
		return;
	if (e->destroy)
		e->destroy(e->obj);
	free(e->key);
	free(e);
}

/* Takes table[i] out of the table (the caller holds the lock): the entry
 * to destroy when nothing else held it. */
static sq_keep_entry *take_out(size_t i)
{
	sq_keep_entry *e = table[i];
	table[i] = table[--nentries];
	table[nentries] = NULL;
	table_bytes -= e->bytes;
	e->in_table = false;
	return unref(e);
}

/* Holds e for the connection until sq_keep_release_held. */
static void hold(sq_store *s, sq_keep_entry *e)
{
	s->held = pd_xgrow(s->held, sizeof *s->held, s->nheld + 1, &s->capheld);
	s->held[s->nheld++] = e;
	e->refs++;
}

const void *sq_keep_find(sq_store *s, int kind, const char *key)
{
	if (!may_keep(s))
		return NULL;
	uint64_t h = key_hash(kind, key), dev, ino;
	const void *found = NULL;
	pthread_mutex_lock(&lock);
	file_of(s, &dev, &ino);
	for (size_t i = 0; i < nentries && !found; i++) {
		sq_keep_entry *e = table[i];
		if (e->hash == h && e->kind == kind && e->gen == s->gen && e->ino == ino &&
		    e->dev == dev && strcmp(e->key, key) == 0) {
			e->used = ++clock_now;
			hold(s, e);
			found = e->obj;
		}
	}
	pthread_mutex_unlock(&lock);
	return found;
}

/* Room for one more entry of `bytes` (the caller holds the lock): drops
 * the file's entries of other index_gens, then the least recently used;
 * the entries to destroy go into gone (*ngone). */
static void make_room(uint64_t dev, uint64_t ino, sqlite3_int64 gen, size_t bytes,
		      sq_keep_entry **gone, size_t *ngone)
{
	for (size_t i = 0; i < nentries;) {
		sq_keep_entry *e = table[i];
		if (e->dev == dev && e->ino == ino && e->gen != gen)
			gone[(*ngone)++] = take_out(i); /* table[i] is another now */
		else
			i++;
	}
	while (nentries > 0 && (nentries >= SQ_KEEP_ENTRIES || table_bytes + bytes > SQ_KEEP_BYTES)) {
		size_t at = 0;
		for (size_t i = 1; i < nentries; i++)
			if (table[i]->used < table[at]->used)
				at = i;
		gone[(*ngone)++] = take_out(at);
	}
}

const void *sq_keep_put(sq_store *s, int kind, const char *key, void *obj, size_t bytes,
			void (*destroy_obj)(void *))
{
	sq_keep_entry *e = pd_xcalloc(1, sizeof *e);
	*e = (sq_keep_entry){ .gen = s->gen, .kind = kind, .hash = key_hash(kind, key),
			      .key = pd_xstrdup(key), .obj = obj, .bytes = bytes + sizeof *e + strlen(key),
			      .destroy = destroy_obj };
	bool keep = may_keep(s) && e->bytes <= SQ_KEEP_BYTES / 4;
	/* at most: the same key's, the other generations' (fewer than the
	 * table holds) and the least recently used */
	sq_keep_entry *gone[SQ_KEEP_ENTRIES + 1];
	size_t ngone = 0;
	pthread_mutex_lock(&lock);
	file_of(s, &e->dev, &e->ino);
	hold(s, e);
	if (keep) {
		for (size_t i = 0; i < nentries; i++) {
			sq_keep_entry *o = table[i];
			if (o->hash == e->hash && o->kind == kind && o->gen == e->gen &&
			    o->ino == e->ino && o->dev == e->dev && strcmp(o->key, key) == 0) {
				gone[ngone++] = take_out(i);
				break;
			}
		}
		make_room(e->dev, e->ino, e->gen, e->bytes, gone, &ngone);
		e->in_table = true;
		e->refs++;
		e->used = ++clock_now;
		table[nentries++] = e;
		table_bytes += e->bytes;
	}
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < ngone; i++)
		destroy(gone[i]);
	return obj;
}

void sq_keep_release_held(sq_store *s)
{
	if (!s->nheld)
		return;
	size_t n = s->nheld;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n; i++)
		s->held[i] = unref(s->held[i]);
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < n; i++)
		destroy(s->held[i]);
	s->nheld = 0;
}

void sq_keep_open(sq_store *s)
{
	if (!s->file.known)
		return;
	pthread_mutex_lock(&lock);
	sq_keep_file *f = files;
	while (f && !(f->dev == s->file.dev && f->ino == s->file.ino))
		f = f->next;
	if (!f) {
		f = pd_xcalloc(1, sizeof *f);
		*f = (sq_keep_file){ .dev = s->file.dev, .ino = s->file.ino, .next = files };
		files = f;
	}
	f->open++;
	s->keep_opened = true;
	pthread_mutex_unlock(&lock);
}

/* Whether the connection was the last to have its file open; the
 * caller holds the lock. */
static bool last_to_close(const sq_store *s)
{
	if (!s->file.known)
		return s->keep_serial != 0;
	if (!s->keep_opened)
		return false;
	for (sq_keep_file **at = &files; *at; at = &(*at)->next) {
		sq_keep_file *f = *at;
		if (f->dev == s->file.dev && f->ino == s->file.ino) {
			if (--f->open > 0)
				return false;
			*at = f->next;
			free(f);
			return true;
		}
	}
	return false;
}

void sq_keep_close(sq_store *s)
{
	sq_keep_release_held(s);
	free(s->held);
	s->held = NULL;
	s->capheld = 0;
	sq_keep_entry **gone = pd_xcalloc(SQ_KEEP_ENTRIES, sizeof *gone);
	size_t ngone = 0;
	uint64_t dev, ino;
	pthread_mutex_lock(&lock);
	if (last_to_close(s)) { /* no other connection can name them */
		file_of(s, &dev, &ino);
		for (size_t i = 0; i < nentries;) {
			if (table[i]->dev == dev && table[i]->ino == ino)
				gone[ngone++] = take_out(i);
			else
				i++;
		}
	}
	s->keep_opened = false;
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < ngone; i++)
		destroy(gone[i]);
	free(gone);
}

size_t sq_keep_count(sq_store *s, int kind)
{
	uint64_t dev, ino;
	size_t n = 0;
	pthread_mutex_lock(&lock);
	file_of(s, &dev, &ino);
	for (size_t i = 0; i < nentries; i++)
		n += table[i]->kind == kind && table[i]->dev == dev && table[i]->ino == ino &&
		     table[i]->gen == s->gen;
	pthread_mutex_unlock(&lock);
	return n;
}

void sq_keep_usage(size_t *entries, size_t *bytes)
{
	pthread_mutex_lock(&lock);
	*entries = nentries;
	*bytes = table_bytes;
	pthread_mutex_unlock(&lock);
}
