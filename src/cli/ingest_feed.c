/* ingest_feed.c: walk and parse on one thread, store on the caller's
 * (ingest_feed.h).
 *
 * The reading thread puts items in a bounded queue (FEED_QUEUE items and
 * FEED_BYTES of their documents at most in memory, whatever the archive);
 * the caller takes them in order. A stop from the caller (a store error)
 * is seen by the reader at its next item, and what is queued is freed
 * undelivered.
 */
#include "cli/ingest_feed.h"

#include "base/mem.h"
#include "ingest/ingest.h"
#include "parse/parse.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Items in the queue (a record and its document's end are two): enough
 * for the reader to go on through the store's commit of a batch (500
 * records): with 256, 128 records, it stopped during every commit and the
 * store then waited for it (1.7 s of a 1x ingest with the turns' tokens
 * cut on the reader's thread, 0.3 s with 1024). */
#define FEED_QUEUE 1024
/* ...and the bytes of the queued records' documents: a record, its JSON
 * and its tokens take a few times its document, so large documents (the
 * Chinese minutes are ~50 KB each) are held to fewer records. */
#define FEED_BYTES ((size_t)16 << 20)

typedef enum { ITEM_RECORD, ITEM_REJECT, ITEM_DOC } item_kind;

typedef struct item {
	item_kind kind;
	pd_record *rec;         /* ITEM_RECORD */
	void *prep;             /* ITEM_RECORD: ops->prepare's */
	char *name;             /* the document, or the rejected input */
	char *reason;           /* ITEM_REJECT */
	size_t bytes;           /* ITEM_RECORD: its document's length (each of a
				 * document's records counts it whole) */
} item;

typedef struct feed {
	const pd_feed_ops *ops;
	void *ctx;
	bool threaded;
	const char *doc;        /* the document being parsed */
	size_t doc_bytes;       /* its length */
	/* the queue (threaded only) */
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	item q[FEED_QUEUE];
	size_t head, count;
	size_t bytes;           /* the queued items' */
	bool done;              /* the reader has put its last item */
	bool stop;              /* the caller wants no more */
} feed;

static void item_free(const feed *f, item *it)
{
	if (it->rec)
		pd_record_free(it->rec);
	if (it->prep)
		f->ops->prep_free(it->prep);
	free(it->name);
	free(it->reason);
}

/* Hands an item over (owned by the feed from here); nonzero: stop. */
static int put(feed *f, item it)
{
	pthread_mutex_lock(&f->mu);
	while ((f->count == FEED_QUEUE || (f->count && f->bytes + it.bytes > FEED_BYTES)) &&
	       !f->stop)
		pthread_cond_wait(&f->can_put, &f->mu);
	bool stop = f->stop;
	if (!stop) {
		f->q[(f->head + f->count) % FEED_QUEUE] = it;
		f->count++;
		f->bytes += it.bytes;
		pthread_cond_signal(&f->can_take);
	}
	pthread_mutex_unlock(&f->mu);
	if (stop)
		item_free(f, &it);
	return stop;
}

/* Delivers an item to the caller's ops; nonzero: stop. Frees what the
 * ops do not take. */
static int deliver(feed *f, item *it)
{
	int stop = 0;
	switch (it->kind) {
	case ITEM_RECORD:
		stop = f->ops->record(it->rec, it->prep, it->name, f->ctx);
		it->rec = NULL;
		it->prep = NULL;
		break;
	case ITEM_REJECT:
		f->ops->reject(it->name, it->reason, f->ctx);
		break;
	case ITEM_DOC:
		stop = f->ops->doc_done(f->ctx);
		break;
	}
	item_free(f, it);
	return stop;
}

/* An item from the reader: delivered now (one thread) or queued. */
static int emit(feed *f, item it)
{
	return f->threaded ? put(f, it) : deliver(f, &it);
}

static int on_record(pd_record *rec, void *ctx)
{
	feed *f = ctx;
	void *prep = f->ops->prepare ? f->ops->prepare(rec, f->ctx) : NULL;
	return emit(f, (item){ .kind = ITEM_RECORD, .rec = rec, .prep = prep,
			       .name = pd_xstrdup(f->doc), .bytes = f->doc_bytes });
}

static int on_doc(const char *name, const char *bytes, size_t len, void *ctx)
{
	feed *f = ctx;
	pd_err err;
	pd_err_clear(&err);
	f->doc = name;
	f->doc_bytes = len;
	int stop = 0;
	if (pd_parse(name, bytes, len, on_record, f, &err) < 0)
		stop = emit(f, (item){ .kind = ITEM_REJECT, .name = pd_xstrdup(name),
				       .reason = pd_xstrdup(err.msg) });
	/* a stop asked during the parse: the document's remaining records were
	 * not taken, the walk ends here */
	if (!stop && f->threaded) {
		pthread_mutex_lock(&f->mu);
		stop = f->stop;
		pthread_mutex_unlock(&f->mu);
	}
	return stop ? stop : emit(f, (item){ .kind = ITEM_DOC });
}

static void on_walk_error(const char *name, const pd_err *err, void *ctx)
{
	emit(ctx, (item){ .kind = ITEM_REJECT, .name = pd_xstrdup(name),
			  .reason = pd_xstrdup(err->msg) });
}

typedef struct walk_args {
	feed *f;
	const char *const *paths;
	size_t npaths;
} walk_args;

static void *reader(void *arg)
{
	walk_args *a = arg;
	pd_ingest_walk(a->paths, a->npaths, NULL, on_doc, on_walk_error, a->f);
	pthread_mutex_lock(&a->f->mu);
	a->f->done = true;
	pthread_cond_signal(&a->f->can_take);
	pthread_mutex_unlock(&a->f->mu);
	return NULL;
}

/* The caller's side: takes items in order until the reader is done, or
 * the ops stop it (then frees what is left). */
static void take_all(feed *f)
{
	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (f->count == 0 && !f->done)
			pthread_cond_wait(&f->can_take, &f->mu);
		if (f->count == 0) {
			pthread_mutex_unlock(&f->mu);
			return;
		}
		item it = f->q[f->head];
		f->head = (f->head + 1) % FEED_QUEUE;
		f->count--;
		f->bytes -= it.bytes;
		bool stopped = f->stop;
		pthread_cond_signal(&f->can_put);
		pthread_mutex_unlock(&f->mu);
		if (stopped) {
			item_free(f, &it);
			continue;
		}
		if (deliver(f, &it)) {
			pthread_mutex_lock(&f->mu);
			f->stop = true;
			pthread_cond_signal(&f->can_put);
			pthread_mutex_unlock(&f->mu);
		}
	}
}

static bool want_thread(void)
{
	const char *v = getenv("PODIUM_INGEST_THREAD");
	return !v || strcmp(v, "0") != 0;
}

void pd_feed_run(const char *const *paths, size_t npaths, const pd_feed_ops *ops, void *ctx)
{
	feed *f = pd_xcalloc(1, sizeof *f);
	f->ops = ops;
	f->ctx = ctx;
	f->threaded = want_thread();
	walk_args a = { f, paths, npaths };
	pthread_t th;
	if (f->threaded) {
		pthread_mutex_init(&f->mu, NULL);
		pthread_cond_init(&f->can_put, NULL);
		pthread_cond_init(&f->can_take, NULL);
		if (pthread_create(&th, NULL, reader, &a) != 0) {
			f->threaded = false; /* then in this thread */
			pthread_mutex_destroy(&f->mu);
			pthread_cond_destroy(&f->can_put);
			pthread_cond_destroy(&f->can_take);
		}
	}
	if (!f->threaded) {
		pd_ingest_walk(paths, npaths, NULL, on_doc, on_walk_error, f);
		free(f);
		return;
	}
	take_all(f);
	pthread_join(th, NULL);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->can_put);
	pthread_cond_destroy(&f->can_take);
	free(f);
}
