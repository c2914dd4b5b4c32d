/* cmd_correct.c: `podium correct [--db PATH] --file NEW.json --who NAME
 * --why TEXT ID` — replace a published record with a corrected version.
 *
 * The correction is a whole record in Podium's JSON format (podium show
 * --format json, edited). It must name the same id; the record must
 * already exist (corrections do not publish). pd_store_correct — the
 * same call the admin interface of podium serve makes — keeps the
 * previous version as a revision with who, when and why, so the old text
 * stays readable. Who and why are required: a correction without them
 * cannot be trusted later.
 */
#include "cli/cli.h"
#include "base/limits.h"
#include "record/record_json.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pd_cmd_correct(int argc, char **argv)
{
	const char *db = NULL, *file = NULL, *who = NULL, *why = NULL, *id = NULL;
	pd_store *store = NULL;
	pd_record *fresh = NULL;
	char *json = NULL;
	size_t n = 0;
	pd_correction res;
	pd_err err;
	int status = PD_EXIT_FAIL, rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "--who") == 0 && i + 1 < argc)
			who = argv[++i];
		else if (strcmp(argv[i], "--why") == 0 && i + 1 < argc)
			why = argv[++i];
		else if (argv[i][0] == '-' || id) {
			fprintf(stderr, "podium correct: unexpected '%s'\n", argv[i]);
			pd_cli_usage("correct", false);
			return PD_EXIT_USAGE;
		} else
			id = argv[i];
	}
	if (!id || !file || !who || !*who || !why || !*why) {
		fprintf(stderr, "podium correct: ID, --file, --who and --why are all required\n");
		pd_cli_usage("correct", false);
		return PD_EXIT_USAGE;
	}
	if (strlen(who) > PD_MAX_NOTE_BYTES || strlen(why) > PD_MAX_NOTE_BYTES) {
		fprintf(stderr, "podium correct: --who and --why take at most %d bytes\n",
			PD_MAX_NOTE_BYTES);
		return PD_EXIT_USAGE;
	}
	pd_err_clear(&err);
	json = pd_cli_read_file(file, &n);
	if (!json)
		goto out;
	fresh = pd_record_from_json(file, json, n, &err);
	if (!fresh) {
		fprintf(stderr, "podium correct: %s\n", err.msg);
		status = PD_EXIT_USAGE;
		goto out;
	}
	if (!fresh->id || strcmp(fresh->id, id) != 0) {
		fprintf(stderr, "podium correct: %s holds record '%s', not '%s'\n", file,
			fresh->id ? fresh->id : "(no id)", id);
		status = PD_EXIT_USAGE;
		goto out;
	}
	if (pd_store_open(db, 0, &store, &err) < 0) {
		fprintf(stderr, "podium correct: %s\n", err.msg);
		goto out;
	}
	rc = pd_store_correct(store, id, fresh, who, why, &res, &err);
	if (rc == PD_ENOTFOUND) {
		fprintf(stderr, "podium correct: no record '%s' (corrections do not publish; "
			"use podium ingest)\n", id);
		status = PD_EXIT_NOTFOUND;
		goto out;
	}
	if (rc < 0) {
		fprintf(stderr, "podium correct: %s\n", err.msg);
		status = rc == PD_EUSAGE ? PD_EXIT_USAGE : PD_EXIT_FAIL;
		goto out;
	}
	if (res.result == PD_PUT_UNCHANGED)
		printf("%s: unchanged (same as the published version)\n", id);
	else
		printf("%s: corrected; the previous version is kept as revision %d\n", id,
		       res.revision);
	status = PD_EXIT_OK;
out:
	pd_record_free(fresh);
	pd_store_close(store);
	free(json);
	return status;
}
