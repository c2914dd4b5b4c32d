/* ingest_feed.h: the inputs of `podium ingest` walked and parsed, their
 * records handed to the store in order — on a thread of their own.
 *
 * Reading (decompressing, walking the archive) and parsing are ~10 % of an
 * ingest's CPU time and need nothing from the store; the store's writes
 * need one connection and one order. So one thread reads and parses, the
 * caller's thread stores, and the records, rejections and document ends
 * reach the caller in exactly the order one thread would have made them
 * (the database and the output are the same; tests/integration compares
 * them). PODIUM_INGEST_THREAD=0 runs both in the caller's thread.
 */
#ifndef PD_CLI_INGEST_FEED_H
#define PD_CLI_INGEST_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"

typedef struct pd_feed_ops {
	/* optional: what record() will want made from the record alone,
	 * called on the reading thread as each record is parsed (so it must
	 * not touch what the caller's thread uses; ctx is shared). Its result
	 * goes to record() with the record, or to prep_free when the record
	 * is not delivered. */
	void *(*prepare)(const pd_record *rec, void *ctx);
	void (*prep_free)(void *prep);
	/* a parsed record, now the callee's, and prepare's result for it
	 * (NULL without prepare), also the callee's; doc names its document.
	 * Nonzero stops the feed (what is still queued is freed, not
	 * delivered). */
	int (*record)(pd_record *rec, void *prep, const char *doc, void *ctx);
	/* an input that could not be read or parsed */
	void (*reject)(const char *name, const char *reason, void *ctx);
	/* a document done (its records delivered); nonzero stops the feed */
	int (*doc_done)(void *ctx);
} pd_feed_ops;

/* Walks paths (pd_ingest_walk) and parses each document (pd_parse),
 * calling ops in the caller's thread, in order. */
void pd_feed_run(const char *const *paths, size_t npaths, const pd_feed_ops *ops, void *ctx);

#endif
