/* cmd_stats.c: `podium stats [--db PATH] [--json]` */
#include "cli/cli.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int pd_cmd_stats(int argc, char **argv)
{
	const char *db = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
		else {
			fprintf(stderr, "podium stats: unknown argument '%s'\n", argv[i]);
			pd_cli_usage("stats", false);
			return PD_EXIT_USAGE;
		}
	}
	pd_store *store = NULL;
	pd_err err;
	pd_err_clear(&err);
	if (pd_store_open(db, PD_STORE_READONLY, &store, &err) < 0) {
		fprintf(stderr, "podium stats: %s\n", err.msg);
		return PD_EXIT_FAIL;
	}
	pd_stats st;
	memset(&st, 0, sizeof st);
	int status = PD_EXIT_OK;
	if (pd_store_stats(store, &st, &err) < 0) {
		fprintf(stderr, "podium stats: %s\n", err.msg);
		status = PD_EXIT_FAIL;
	} else if (json) {
		printf("{\"backend\":\"%s\",\"records\":%zu,\"turns\":%zu,\"speakers\":%zu,\"revisions\":%zu,"
		       "\"languages\":%zu,\"first_date\":%s%s%s,\"last_date\":%s%s%s,\"bytes\":%" PRId64
		       ",\"schema_version\":%d}\n",
		       pd_store_backend(store), st.records, st.turns, st.participants, st.revisions, st.languages,
		       st.first_date ? "\"" : "", st.first_date ? st.first_date : "null", st.first_date ? "\"" : "",
		       st.last_date ? "\"" : "", st.last_date ? st.last_date : "null", st.last_date ? "\"" : "",
		       st.db_bytes, st.schema_version);
	} else {
		printf("backend:    %s (schema %d)\n", pd_store_backend(store), st.schema_version);
		printf("records:    %zu\nturns:      %zu\nspeakers:   %zu\nrevisions:  %zu\nlanguages:  %zu\n",
		       st.records, st.turns, st.participants, st.revisions, st.languages);
		printf("dates:      %s to %s\nsize:       %.1f MB\n", st.first_date ? st.first_date : "-",
		       st.last_date ? st.last_date : "-", (double)st.db_bytes / 1e6);
	}
	pd_stats_release(&st);
	pd_store_close(store);
	return status;
}
