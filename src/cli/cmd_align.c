/* cmd_align.c: `podium align`, `podium link`, `podium unlink` — records
 * and their translations. */
#include "cli/cli.h"
#include "align/align.h"
#include "align/link.h"
#include "base/buf.h"
#include "escape/escape.h"
#include "parse/parse.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A record named on the command line: a transcript file, or an id in the
 * database. NULL with a message on stderr. */
static pd_record *load(const char *what, const char *db, pd_store **store)
{
	struct stat st;
	if (stat(what, &st) == 0 && S_ISREG(st.st_mode)) {
		size_t n;
		char *data = pd_cli_read_file(what, &n);
		if (!data)
			return NULL;
		pd_err err;
		pd_err_clear(&err);
		pd_record *r = pd_parse_one(what, data, n, &err);
		free(data);
		if (!r)
			fprintf(stderr, "podium: %s\n", err.msg);
		return r;
	}
	pd_err err;
	pd_err_clear(&err);
	if (!*store && pd_store_open(db, PD_STORE_READONLY, store, &err) < 0) {
		fprintf(stderr, "podium: %s\n", err.msg);
		return NULL;
	}
	pd_record *r = NULL;
	if (pd_store_get(*store, what, &r, &err) < 0) {
		fprintf(stderr, "podium: %s\n", err.code == PD_ENOTFOUND ?
			"no such record or file" : err.msg);
		if (err.code == PD_ENOTFOUND)
			fprintf(stderr, "podium: '%s' is neither a file nor a record id\n", what);
		return NULL;
	}
	return r;
}

static void json_turns(pd_buf *b, const pd_record *r)
{
	bool first = true;
	pd_buf_putc(b, '[');
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		if (t->kind == PD_TURN_NARRATION)
			continue;
		pd_buf_puts(b, first ? "{\"n\":" : ",{\"n\":");
		first = false;
		pd_buf_printf(b, "%d,\"speaker\":", t->n);
		pd_json_str(b, t->speaker);
		pd_buf_puts(b, ",\"text\":");
		pd_json_str(b, t->text);
		pd_buf_putc(b, '}');
	}
	pd_buf_putc(b, ']');
}

static bool is_zh(const pd_record *r)
{
	return r->language && strncmp(r->language, "zh", 2) == 0;
}

int pd_cmd_align(int argc, char **argv)
{
	const char *db = NULL, *args[2] = { NULL, NULL };
	bool json = false;
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "podium align: unknown option '%s'\n", argv[i]);
			return PD_EXIT_USAGE;
		} else if (nargs < 2)
			args[nargs++] = argv[i];
		else
			nargs = 3;
	}
	if (nargs != 2) {
		pd_cli_usage("align", false);
		return PD_EXIT_USAGE;
	}
	pd_store *store = NULL;
	pd_record *a = load(args[0], db, &store), *b = a ? load(args[1], db, &store) : NULL;
	int status = PD_EXIT_OK;
	if (!a || !b) {
		status = PD_EXIT_NOTFOUND;
		goto out;
	}
	/* English first, as the scorer and the parallel page expect */
	if (is_zh(a) && !is_zh(b)) {
		pd_record *t = a;
		a = b;
		b = t;
	}
	pd_alignment al;
	pd_align(a, b, &al);
	if (json) {
		pd_buf out;
		pd_buf_init(&out, 0);
		pd_buf_puts(&out, "{\"a\":");
		pd_json_str(&out, a->id);
		pd_buf_puts(&out, ",\"b\":");
		pd_json_str(&out, b->id);
		pd_buf_puts(&out, ",\"en_turns\":");
		json_turns(&out, a);
		pd_buf_puts(&out, ",\"zh_turns\":");
		json_turns(&out, b);
		pd_buf_puts(&out, ",\"pairs\":[");
		for (size_t k = 0; k < al.npairs; k++)
			pd_buf_printf(&out, "%s[%zu,%zu]", k ? "," : "", al.pairs[k][0], al.pairs[k][1]);
		pd_buf_puts(&out, "],\"speakers\":[");
		for (size_t k = 0; k < al.nspeakers; k++) {
			pd_buf_puts(&out, k ? ",[" : "[");
			pd_json_str(&out, al.speaker_a[k]);
			pd_buf_putc(&out, ',');
			pd_json_str(&out, al.speaker_b[k]);
			pd_buf_putc(&out, ']');
		}
		pd_buf_printf(&out, "],\"unpaired\":[%zu,%zu],\"translation\":%s}\n", al.a_unpaired,
			      al.b_unpaired, pd_align_is_translation(a, b) ? "true" : "false");
		fwrite(out.data, 1, out.len, stdout);
		pd_buf_release(&out);
	} else {
		printf("%s (%zu turns) <-> %s (%zu turns): %zu pairs, %zu + %zu unpaired, %s\n", a->id, al.na,
		       b->id, al.nb, al.npairs, al.a_unpaired, al.b_unpaired,
		       pd_align_is_translation(a, b) ? "a translation pair" : "not evidently a translation pair");
		for (size_t k = 0; k < al.nspeakers; k++)
			printf("  speaker %s = %s\n", al.speaker_a[k], al.speaker_b[k]);
		for (size_t k = 0; k < al.npairs; k++) {
			const pd_turn *ta = &a->turns[pd_align_spoken_index(a, al.pairs[k][0])];
			const pd_turn *tb = &b->turns[pd_align_spoken_index(b, al.pairs[k][1])];
			printf("  %4d %-20.20s | %4d %s\n", ta->n, ta->speaker ? ta->speaker : "-", tb->n,
			       tb->speaker ? tb->speaker : "-");
		}
	}
	pd_alignment_release(&al);
out:
	pd_record_free(a);
	pd_record_free(b);
	pd_store_close(store);
	return status;
}

static int link_or_unlink(int argc, char **argv, bool link)
{
	const char *db = NULL, *ids[2] = { NULL, NULL };
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (n < 2 && argv[i][0] != '-')
			ids[n++] = argv[i];
		else
			n = 3;
	}
	const char *cmd = link ? "link" : "unlink";
	if (n != 2 || strcmp(ids[0], ids[1]) == 0) {
		pd_cli_usage(cmd, false);
		return PD_EXIT_USAGE;
	}
	pd_store *store = NULL;
	pd_err err;
	pd_err_clear(&err);
	if (pd_store_open(db, 0, &store, &err) < 0) {
		fprintf(stderr, "podium %s: %s\n", cmd, err.msg);
		return PD_EXIT_FAIL;
	}
	int rc;
	if (link) {
		/* the speakers that correspond get each other's names (link.h) */
		pd_record *a = NULL, *b = NULL;
		rc = pd_store_get(store, ids[0], &a, &err);
		if (rc == 0)
			rc = pd_store_get(store, ids[1], &b, &err);
		if (rc == 0 && pd_link_names(a, b)) {
			pd_put_result res;
			rc = pd_store_put(store, a, "link", "linked by hand", &res, &err);
			if (rc == 0)
				rc = pd_store_put(store, b, "link", "linked by hand", &res, &err);
		}
		if (rc == 0)
			rc = pd_store_link(store, ids[0], ids[1], &err);
		pd_record_free(a);
		pd_record_free(b);
	} else {
		rc = pd_store_unlink(store, ids[0], ids[1], &err);
	}
	pd_store_close(store);
	if (rc < 0) {
		fprintf(stderr, "podium %s: %s\n", cmd, err.msg);
		return rc == PD_ENOTFOUND ? PD_EXIT_NOTFOUND : PD_EXIT_FAIL;
	}
	printf("%s %s %s\n", link ? "linked" : "unlinked", ids[0], ids[1]);
	return PD_EXIT_OK;
}

int pd_cmd_link(int argc, char **argv)
{
	return link_or_unlink(argc, argv, true);
}

int pd_cmd_unlink(int argc, char **argv)
{
	return link_or_unlink(argc, argv, false);
}
