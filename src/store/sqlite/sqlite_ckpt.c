/* sqlite_ckpt.c: a bulk handle's WAL checkpoints, on a thread of their own
 * (see sqlite_int.h).
 *
 * Why: a connection checkpoints on its own thread when a commit leaves the
 * WAL over 1,000 pages (SQLite's wal_autocheckpoint): it copies the pages
 * back into the database file and syncs both files. An ingest commits a
 * batch at a time, so nearly every commit checkpointed on the writer,
 * which is the ingest's critical path (~0.45 s CPU of a 1x ingest plus
 * the syncs' waits: its commits took 0.5-0.7 s longer in wall time than
 * in CPU time). Here the writer's WAL hook only wakes a thread that runs
 * the same checkpoint (PASSIVE: it copies what is committed, never waits
 * for the writer) on a second connection, beside the writer's work.
 * Crash safety is the WAL's as before: a checkpoint never copies a frame
 * that is not committed.
 *
 * The writer still checkpoints once every CKPT_RESTART_PAGES, so that the
 * WAL file is written again from its start (below).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

/* SQLite's default wal_autocheckpoint: a checkpoint once the WAL holds
 * this many pages. */
#define CKPT_PAGES 1000
/* The WAL starts again from its beginning only when a transaction begins
 * after a checkpoint copied all of it, and the writer begins its next
 * batch as soon as it commits, before the thread is done: so past this
 * many pages (64 MiB) the writer itself checkpoints (it waits for the
 * thread's checkpoint and copies what is left; its next transaction then
 * writes the WAL from its start, unless a reader still reads the WAL):
 * the WAL file stays bounded. PASSIVE, as SQLite's own: never waiting
 * for a server's readers. */
#define CKPT_RESTART_PAGES 16384

struct sq_ckpt {
	sqlite3 *db; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake, idle;
	bool wanted;  /* a commit left the WAL over CKPT_PAGES */
	bool running; /* the thread is checkpointing */
	bool stop;
	int restart_pages; /* CKPT_RESTART_PAGES, or PODIUM_WAL_RESTART_PAGES */
	size_t copied;   /* the thread's checkpoints that copied pages (tests) */
	size_t restarts; /* the writer's checkpoints that copied all (tests) */
};

static void *checkpointer(void *arg)
{
	sq_ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->wanted && !c->stop)
			pthread_cond_wait(&c->wake, &c->mu);
		if (c->stop)
			break;
		c->wanted = false;
		c->running = true;
		pthread_mutex_unlock(&c->mu);
		/* SQLITE_BUSY (a reader's checkpoint under way) is left for the
		 * next commit's wake-up */
		int copied = 0;
		sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, &copied);
		pthread_mutex_lock(&c->mu);
		c->running = false;
		c->copied += copied > 0;
		pthread_cond_broadcast(&c->idle);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* sqlite3_wal_hook: after each commit of the writer, on its thread. A
 * checkpoint takes its lock without waiting (SQLITE_BUSY at once), so the
 * writer's first waits for the thread's checkpoint to end and holds the
 * thread back (the mutex) while it runs. */
static int wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
	sq_ckpt *c = arg;
	if (pages < CKPT_PAGES)
		return SQLITE_OK;
	pthread_mutex_lock(&c->mu);
	if (pages >= c->restart_pages) {
		while (c->running)
			pthread_cond_wait(&c->idle, &c->mu);
		c->wanted = false;
		int log = -1, copied = -1;
		if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log,
					      &copied) == SQLITE_OK && copied == log)
			c->restarts++;
	} else {
		c->wanted = true;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

static void ckpt_free(sq_ckpt *c)
{
	sqlite3_close(c->db);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->wake);
	pthread_cond_destroy(&c->idle);
	free(c);
}

void sq_ckpt_start(sq_store *s)
{
	const char *v = getenv("PODIUM_CHECKPOINT_THREAD"); /* 0: SQLite's own */
	if (s->ckpt || (v && strcmp(v, "0") == 0))
		return;
	sq_ckpt *c = pd_xcalloc(1, sizeof *c);
	const char *restart = getenv("PODIUM_WAL_RESTART_PAGES"); /* tests: a small WAL */
	int pages = restart ? atoi(restart) : 0;
	c->restart_pages = pages > CKPT_PAGES ? pages : CKPT_RESTART_PAGES;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->idle, NULL);
	/* the connection reads the file once: until then it does not know
	 * the WAL, and its checkpoints do nothing */
	if (sqlite3_open_v2(s->path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_wal_autocheckpoint(c->db, 0) != SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    pthread_create(&c->thread, NULL, checkpointer, c) != 0) {
		ckpt_free(c); /* the writer keeps checkpointing itself */
		return;
	}
	s->ckpt = c;
	sqlite3_wal_hook(s->db, wal_committed, c); /* replaces the autocheckpoint */
}

size_t sq_ckpt_copied(sq_store *s, size_t *restarts)
{
	sq_ckpt *c = s->ckpt;
	if (restarts)
		*restarts = 0;
	if (!c)
		return 0;
	pthread_mutex_lock(&c->mu);
	size_t n = c->copied;
	if (restarts)
		*restarts = c->restarts;
	pthread_mutex_unlock(&c->mu);
	return n;
}

void sq_ckpt_stop(sq_store *s)
{
	sq_ckpt *c = s->ckpt;
	if (!c)
		return;
	sqlite3_wal_autocheckpoint(s->db, CKPT_PAGES); /* the writer's own again */
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	ckpt_free(c);
	s->ckpt = NULL;
}
