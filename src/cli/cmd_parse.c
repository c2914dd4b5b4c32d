/* cmd_parse.c: `podium parse [--json] FILE...` — parse without storing. */
#include "cli/cli.h"
#include "base/buf.h"
#include "parse/parse.h"
#include "record/record_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_json(pd_record *r, void *ctx)
{
	(void)ctx;
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_record_to_json(r, &b);
	fwrite(b.data, 1, b.len, stdout);
	fputc('\n', stdout);
	pd_buf_release(&b);
	pd_record_free(r);
	return 0;
}

static int print_text(pd_record *r, void *ctx)
{
	(void)ctx;
	printf("id: %s\ntitle: %s\ndate: %s\nlanguage: %s\nsource: %s\ntype: %s\nformat: %s\n",
	       r->id, r->title ? r->title : "", r->date ? r->date : "", r->language ? r->language : "",
	       r->source ? r->source : "", r->release_type ? r->release_type : "", r->format ? r->format : "");
	for (size_t i = 0; i < r->ntopics; i++)
		printf("topic: %s\n", r->topics[i]);
	for (size_t i = 0; i < r->nimages; i++)
		printf("image: %s\n", r->images[i].src);
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		printf("participant: %s (%s)%s%s%s%s\n", p->label, pd_participant_kind_name(p->kind),
		       p->name ? " name=" : "", p->name ? p->name : "", p->role ? " role=" : "",
		       p->role ? p->role : "");
	}
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		printf("\n[%d] %s (%s)", t->n, t->speaker ? t->speaker : "-", pd_turn_kind_name(t->kind));
		if (t->answers)
			printf(" answers %d", t->answers);
		printf("\n%s\n", t->text);
	}
	printf("\n");
	pd_record_free(r);
	return 0;
}

int pd_cmd_parse(int argc, char **argv)
{
	bool json = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (strcmp(argv[first], "--json") == 0)
			json = true;
		else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			fprintf(stderr, "podium parse: unknown option '%s'\n", argv[first]);
			pd_cli_usage("parse", false);
			return PD_EXIT_USAGE;
		}
	}
	if (first >= argc) {
		pd_cli_usage("parse", false);
		return PD_EXIT_USAGE;
	}
	int status = PD_EXIT_OK;
	for (int i = first; i < argc; i++) {
		size_t n;
		char *data = pd_cli_read_file(argv[i], &n);
		if (!data) {
			status = PD_EXIT_PARTIAL;
			continue;
		}
		pd_err err;
		pd_err_clear(&err);
		if (pd_parse(argv[i], data, n, json ? print_json : print_text, NULL, &err) < 0) {
			fprintf(stderr, "podium: rejected %s\n", err.msg);
			status = PD_EXIT_PARTIAL;
		}
		free(data);
	}
	return status;
}
