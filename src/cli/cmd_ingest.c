/* cmd_ingest.c: `podium ingest [--db PATH] [--quiet] [--batch N]
 * [--commit-log FILE] PATH...` — walk the inputs, parse every document, store the records in
 * batches.
 *
 * A batch is one transaction of up to BATCH_RECORDS records: fast (one sync
 * per batch) and safe (a crash loses at most the open batch, never half a
 * record). Each bad input is reported once and the batch goes on.
 *
 * --batch N sets the records per batch (default BATCH_RECORDS).
 * --commit-log FILE appends, after each batch's commit has returned, one
 * line per record the batch added or updated: "ID<TAB>TURNS<TAB>HASH", HASH the FNV-1a
 * 64 (hash.h, 16 hex digits) of the turns' texts each followed by '\n'.
 * The file is flushed after every batch, so what it lists was durable
 * before it was written: the crash-safety test (tests/integration/
 * crash_ingest.sh) kills ingest at random and checks each listed record is
 * in the database, whole.
 */
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/ingest_feed.h"
#include "align/link.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "ingest/ingest.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Records per transaction: large enough that syncs do not dominate, small
 * enough that a crash or kill loses little work. --batch N changes it (the
 * crash-safety test commits often, to be killed at every stage). */
#define BATCH_RECORDS 500
#define BATCH_MAX 100000

typedef struct rejected {
	char *name;
	char *reason;
} rejected;

typedef struct ingest_run {
	pd_store *store;
	size_t added, updated, unchanged, docs, in_batch, linked;
	size_t batch;          /* records per transaction */
	rejected *rej;
	size_t nrej, rej_cap;
	int store_failed;      /* a database error: stop, exit 3 */
	pd_err store_err;
	const char *doc_name;  /* the document being parsed */
	FILE *commit_log;      /* --commit-log, or NULL */
	pd_buf pending;        /* its lines for the open batch */
} ingest_run;

static void reject(ingest_run *run, const char *name, const char *reason)
{
	run->rej = pd_xgrow(run->rej, sizeof *run->rej, run->nrej + 1, &run->rej_cap);
	run->rej[run->nrej].name = pd_xstrdup(name);
	run->rej[run->nrej].reason = pd_xstrdup(reason);
	run->nrej++;
}

/* Notes a stored record for the commit log (written once committed). */
static void log_pending(ingest_run *run, const pd_record *rec)
{
	uint64_t h = PD_HASH64_INIT;
	char hex[17];

	if (!run->commit_log)
		return;
	for (size_t i = 0; i < rec->nturns; i++) {
		const char *t = rec->turns[i].text ? rec->turns[i].text : "";
		h = pd_hash64(h, t, strlen(t));
		h = pd_hash64(h, "\n", 1);
	}
	pd_hash64_hex(h, hex);
	pd_buf_printf(&run->pending, "%s\t%zu\t%s\n", rec->id, rec->nturns, hex);
}

/* After a commit returned: the batch's lines go out, flushed to the
 * kernel, so a kill right after cannot lose them. */
static int flush_commit_log(ingest_run *run)
{
	if (!run->commit_log || !run->pending.len)
		return 0;
	if (fwrite(run->pending.data, 1, run->pending.len, run->commit_log) != run->pending.len ||
	    fflush(run->commit_log) != 0) {
		pd_err_set(&run->store_err, PD_EIO, "cannot write the commit log");
		return -1;
	}
	pd_buf_reset(&run->pending);
	return 0;
}

static int commit_batch(ingest_run *run)
{
	if (pd_store_commit(run->store, &run->store_err) < 0 ||
	    flush_commit_log(run) < 0 ||
	    pd_store_begin(run->store, &run->store_err) < 0) {
		run->store_failed = 1;
		return -1;
	}
	run->in_batch = 0;
	return 0;
}

/* prep: what pd_store_put_prepare made of rec on the reader's thread, or
 * NULL. */
static int store_record(pd_record *rec, const pd_put_prep *prep, void *ctx)
{
	ingest_run *run = ctx;
	pd_put_result res;
	pd_err err;
	pd_err_clear(&err);
	/* translations stored earlier in the other language: their speakers'
	 * names are added to rec before it is stored (link.h) */
	pd_link_partners partners;
	int rc = pd_link_prepare(run->store, rec, &partners, &err);
	/* a partner found may have given rec names (aliases): then prep, made
	 * before, no longer describes it */
	if (rc == 0)
		rc = pd_store_put_prepared(run->store, rec, partners.n ? NULL : prep, "ingest",
					   NULL, &res, &err);
	if (rc == 0 && res != PD_PUT_UNCHANGED) {
		rc = pd_link_commit(run->store, rec, &partners, &err);
		if (rc == 0)
			run->linked += partners.n;
	}
	pd_link_partners_release(&partners);
	if (rc == 0 && res != PD_PUT_UNCHANGED)
		log_pending(run, rec);
	pd_record_free(rec);
	if (rc == PD_ESTORE || rc == PD_EIO || rc == PD_EUNAVAIL) {
		run->store_err = err;
		run->store_failed = 1;
		return 1;
	}
	if (rc < 0) {
		reject(run, run->doc_name, err.msg);
		return 0;
	}
	if (res == PD_PUT_ADDED)
		run->added++;
	else if (res == PD_PUT_UPDATED)
		run->updated++;
	else
		run->unchanged++;
	if (++run->in_batch >= run->batch)
		return commit_batch(run) < 0;
	return 0;
}

/* pd_feed_ops: the feed's records, rejections and document ends, in the
 * order one thread would make them (ingest_feed.h). */

/* On the reader's thread: the record's hash and stored JSON, which the
 * writer's thread (the ingest's critical path) then does not make. Reads
 * only run->store's backend (pd_store_put_prepare), set before the feed
 * started and never changed. */
static void *feed_prepare(const pd_record *rec, void *ctx)
{
	const ingest_run *run = ctx;
	pd_put_prep *prep = pd_xmalloc(sizeof *prep);
	pd_store_put_prepare(run->store, rec, prep);
	return prep;
}

static void feed_prep_free(void *prep)
{
	pd_put_prep_release(prep);
	free(prep);
}

static int feed_record(pd_record *rec, void *prep, const char *doc, void *ctx)
{
	ingest_run *run = ctx;
	run->doc_name = doc;
	int stop = store_record(rec, prep, run);
	feed_prep_free(prep);
	return stop;
}

static void feed_reject(const char *name, const char *reason, void *ctx)
{
	reject(ctx, name, reason);
}

static int feed_doc_done(void *ctx)
{
	ingest_run *run = ctx;
	pd_progress_update(++run->docs);
	return run->store_failed;
}

static const pd_feed_ops feed_ops = { feed_prepare, feed_prep_free, feed_record, feed_reject,
				       feed_doc_done };
/* PODIUM_INGEST_PREPARE=0: the writer makes the hash and JSON itself (the
 * same rows: tests/integration/ingest_threads.sh compares them) */
static const pd_feed_ops feed_ops_unprepared = { NULL, NULL, feed_record, feed_reject,
						 feed_doc_done };

static const pd_feed_ops *chosen_feed_ops(void)
{
	const char *v = getenv("PODIUM_INGEST_PREPARE");
	return v && strcmp(v, "0") == 0 ? &feed_ops_unprepared : &feed_ops;
}

int pd_cmd_ingest(int argc, char **argv)
{
	const char *db = NULL, *commit_log = NULL;
	size_t batch = BATCH_RECORDS;
	bool quiet = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--db") == 0 && first + 1 < argc)
			db = argv[++first];
		else if (strcmp(argv[first], "--batch") == 0 && first + 1 < argc) {
			char *end;
			unsigned long v = strtoul(argv[++first], &end, 10);
			if (*end || v < 1 || v > BATCH_MAX) {
				fprintf(stderr, "podium ingest: --batch wants 1 to %d records, not '%s'\n",
					BATCH_MAX, argv[first]);
				return PD_EXIT_USAGE;
			}
			batch = v;
		} else if (strcmp(argv[first], "--commit-log") == 0 && first + 1 < argc)
			commit_log = argv[++first];
		else if (strcmp(argv[first], "--quiet") == 0 || strcmp(argv[first], "-q") == 0)
			quiet = true;
		else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			fprintf(stderr, "podium ingest: unknown option '%s'\n", argv[first]);
			pd_cli_usage("ingest", false);
			return PD_EXIT_USAGE;
		}
	}
	if (first >= argc) {
		pd_cli_usage("ingest", false);
		return PD_EXIT_USAGE;
	}
	const char *const *paths = (const char *const *)argv + first;
	size_t npaths = (size_t)(argc - first);

	ingest_run run;
	memset(&run, 0, sizeof run);
	run.batch = batch;
	pd_err err;
	pd_err_clear(&err);
	pd_buf_init(&run.pending, 0);
	if (commit_log && !(run.commit_log = fopen(commit_log, "a"))) {
		fprintf(stderr, "podium ingest: cannot open '%s' for the commit log\n", commit_log);
		return PD_EXIT_FAIL;
	}
	if (pd_store_open(db, PD_STORE_BULK, &run.store, &err) < 0) {
		if (run.commit_log)
			fclose(run.commit_log);
		fprintf(stderr, "podium ingest: %s\n", err.msg);
		return PD_EXIT_FAIL;
	}
	pd_progress_opts popts = { quiet ? PD_PROGRESS_OFF : PD_PROGRESS_AUTO, 2, 0, 0 };
	pd_progress_configure(&popts);
	size_t total = 0;
	if (!quiet && isatty(2))
		pd_ingest_count(paths, npaths, NULL, &total);
	pd_progress_start(total, "ingest");
	int status = PD_EXIT_OK;
	if (pd_store_begin(run.store, &run.store_err) < 0) {
		run.store_failed = 1;
	} else {
		pd_feed_run(paths, npaths, chosen_feed_ops(), &run);
		if (!run.store_failed && (pd_store_commit(run.store, &run.store_err) < 0 ||
					  flush_commit_log(&run) < 0))
			run.store_failed = 1;
	}
	pd_progress_finish();
	if (run.store_failed) {
		pd_store_rollback(run.store, NULL);
		fprintf(stderr, "podium ingest: stopped: %s\n", run.store_err.msg);
		status = PD_EXIT_FAIL;
	}
	printf("added %zu, updated %zu, unchanged %zu, rejected %zu\n", run.added, run.updated,
	       run.unchanged, run.nrej);
	if (status == PD_EXIT_OK && (run.added || run.updated) &&
	    pd_cli_optimize(run.store, "ingest") < 0)
		status = PD_EXIT_FAIL;
	if (run.linked)
		printf("linked %zu translation pair%s\n", run.linked, run.linked == 1 ? "" : "s");
	for (size_t i = 0; i < run.nrej; i++) {
		printf("rejected: %s\n", run.rej[i].reason);
		free(run.rej[i].name);
		free(run.rej[i].reason);
	}
	free(run.rej);
	pd_buf_release(&run.pending);
	if (run.commit_log)
		fclose(run.commit_log);
	pd_store_close(run.store);
	if (status == PD_EXIT_OK && run.nrej)
		status = PD_EXIT_PARTIAL;
	return status;
}
