/* cmd_show.c: `podium show [--db PATH] [--format json|md|text|akn] ID` */
#include "cli/cli.h"
#include "base/buf.h"
#include "record/record_json.h"
#include "render/render.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int pd_cmd_show(int argc, char **argv)
{
	const char *db = NULL, *format = "text", *id = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "podium show: unknown option '%s'\n", argv[i]);
			pd_cli_usage("show", false);
			return PD_EXIT_USAGE;
		} else if (!id)
			id = argv[i];
		else {
			fprintf(stderr, "podium show: one record id at a time\n");
			return PD_EXIT_USAGE;
		}
	}
	int (*render)(const pd_record *, pd_buf *) = NULL;
	if (strcmp(format, "json") == 0)
		render = pd_record_to_json;
	else if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
		render = pd_render_markdown;
	else if (strcmp(format, "text") == 0 || strcmp(format, "txt") == 0)
		render = pd_render_text;
	else if (strcmp(format, "akn") == 0 || strcmp(format, "xml") == 0)
		render = pd_render_akn;
	if (!id || !render) {
		if (!render)
			fprintf(stderr, "podium show: unknown format '%s' (json, md, text, akn)\n", format);
		pd_cli_usage("show", false);
		return PD_EXIT_USAGE;
	}
	pd_store *store = NULL;
	pd_err err;
	pd_err_clear(&err);
	if (pd_store_open(db, PD_STORE_READONLY, &store, &err) < 0) {
		fprintf(stderr, "podium show: %s\n", err.msg);
		return PD_EXIT_FAIL;
	}
	pd_record *r = NULL;
	int rc = pd_store_get(store, id, &r, &err);
	int status = PD_EXIT_OK;
	if (rc == PD_ENOTFOUND) {
		fprintf(stderr, "podium show: no record '%s'\n", id);
		status = PD_EXIT_NOTFOUND;
	} else if (rc < 0) {
		fprintf(stderr, "podium show: %s\n", err.msg);
		status = PD_EXIT_FAIL;
	} else {
		pd_buf b;
		pd_buf_init(&b, 0);
		render(r, &b);
		fwrite(b.data, 1, b.len, stdout);
		if (!b.len || b.data[b.len - 1] != '\n')
			fputc('\n', stdout);
		pd_buf_release(&b);
	}
	pd_record_free(r);
	pd_store_close(store);
	return status;
}
