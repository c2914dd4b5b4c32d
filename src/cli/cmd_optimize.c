/* cmd_optimize.c: `podium optimize [--db PATH]` — prepares the store for fast
 * searches (pd_store_optimize); also run at the end of ingest and migrate. */
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int pd_cli_optimize(pd_store *store, const char *cmd)
{
	pd_err err;
	pd_err_clear(&err);
	double t0 = now_s();
	if (pd_store_optimize(store, &err) < 0) {
		fprintf(stderr, "podium %s: optimizing the search index: %s\n", cmd, err.msg);
		return -1;
	}
	/* shown: it is a cost of every ingest (docs/performance.md) */
	printf("optimized the search index in %.1f s\n", now_s() - t0);
	return 0;
}

int pd_cmd_optimize(int argc, char **argv)
{
	const char *db = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else {
			fprintf(stderr, "podium optimize: unknown argument '%s'\n", argv[i]);
			pd_cli_usage("optimize", false);
			return PD_EXIT_USAGE;
		}
	}
	pd_store *store = NULL;
	pd_err err;
	pd_err_clear(&err);
	if (pd_store_open(db, PD_STORE_BULK, &store, &err) < 0) {
		fprintf(stderr, "podium optimize: %s\n", err.msg);
		return PD_EXIT_FAIL;
	}
	int status = pd_cli_optimize(store, "optimize") < 0 ? PD_EXIT_FAIL : PD_EXIT_OK;
	pd_store_close(store);
	return status;
}
