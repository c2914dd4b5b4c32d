/* cmd_migrate.c: `podium migrate --from URI --to URI` — copies an archive
 * between backends (SQLite file, postgres:// URI) with its revisions and
 * links, then verifies the copy (pd_store_copy in store/store_copy.c). */
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static void on_progress(size_t done, size_t total, void *arg)
{
	pd_progress_update(done);
}

int pd_cmd_migrate(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	bool quiet = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc) {
			from = argv[++i];
		} else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc) {
			to = argv[++i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
		} else {
			fprintf(stderr, "podium migrate: unknown argument '%s'\n", argv[i]);
			pd_cli_usage("migrate", false);
			return PD_EXIT_USAGE;
		}
	}
	if (!from || !to || !*from || !*to) {
		pd_cli_usage("migrate", false);
		return PD_EXIT_USAGE;
	}
	pd_store *src = NULL, *dst = NULL;
	pd_err err;
	pd_err_clear(&err);
	int status = PD_EXIT_FAIL;
	if (pd_store_open(from, PD_STORE_READONLY, &src, &err) < 0 ||
	    pd_store_open(to, PD_STORE_BULK, &dst, &err) < 0)
		goto out;
	pd_copy_report rep;
	pd_stats st;
	if (pd_store_stats(src, &st, &err) < 0)
		goto out;
	pd_progress_configure(&(pd_progress_opts){ .mode = quiet ? PD_PROGRESS_OFF
								  : PD_PROGRESS_AUTO });
	pd_progress_start(st.records, "migrate");
	pd_stats_release(&st);
	int rc = pd_store_copy(src, dst, on_progress, NULL, &rep, &err);
	pd_progress_finish();
	if (rc < 0) {
		status = rc == PD_EUSAGE ? PD_EXIT_USAGE : PD_EXIT_FAIL;
		goto out;
	}
	printf("copied %zu records, %zu revisions, %zu links from %s to %s; "
	       "checked: same records, hashes, revisions and counts\n", rep.records,
	       rep.revisions, rep.links, pd_store_backend(src), pd_store_backend(dst));
	if (pd_cli_optimize(dst, "migrate") < 0) {
		pd_err_set(&err, PD_ESTORE, "the copy is complete; run 'podium optimize'");
		goto out;
	}
	status = PD_EXIT_OK;
out:
	if (status != PD_EXIT_OK)
		fprintf(stderr, "podium migrate: %s\n", err.msg);
	pd_store_close(src);
	pd_store_close(dst);
	return status;
}
