/* cmd_search.c: `podium search [filters] [--json] QUERY...` */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/limits.h"
#include "escape/escape.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Snippets mark matches with \x02 ... \x03 (store.h). On a terminal they
 * become bold; elsewhere [brackets]. */
static void print_snippet(const char *s, bool tty)
{
	for (; *s; s++) {
		if (*s == '\x02')
			fputs(tty ? "\033[1m" : "[", stdout);
		else if (*s == '\x03')
			fputs(tty ? "\033[0m" : "]", stdout);
		else if ((unsigned char)*s < 0x20 && *s != '\n')
			continue; /* no control sequences from a transcript */
		else
			fputc(*s == '\n' ? ' ' : *s, stdout);
	}
}

static void json_hit(const pd_hit *h)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "{\"record_id\":");
	pd_json_str(&b, h->record_id);
	pd_buf_puts(&b, ",\"title\":");
	pd_json_str(&b, h->title);
	pd_buf_puts(&b, ",\"date\":");
	pd_json_str(&b, h->date);
	pd_buf_puts(&b, ",\"release_type\":");
	pd_json_str(&b, h->release_type);
	pd_buf_puts(&b, ",\"language\":");
	pd_json_str(&b, h->language);
	pd_buf_printf(&b, ",\"turn\":%d,\"speaker\":", h->turn);
	pd_json_str(&b, h->speaker);
	pd_buf_puts(&b, ",\"speaker_name\":");
	pd_json_str(&b, h->speaker_name);
	pd_buf_puts(&b, ",\"kind\":");
	pd_json_str(&b, h->turn_kind);
	/* the snippet as plain text, and the matched ranges in it (bytes) */
	pd_buf plain, ranges;
	pd_buf_init(&plain, 0);
	pd_buf_init(&ranges, 0);
	size_t start = 0;
	for (const char *p = h->snippet ? h->snippet : ""; *p; p++) {
		if (*p == '\x02')
			start = plain.len;
		else if (*p == '\x03')
			pd_buf_printf(&ranges, "%s[%zu,%zu]", ranges.len ? "," : "", start, plain.len);
		else
			pd_buf_putc(&plain, *p);
	}
	pd_buf_puts(&b, ",\"snippet\":");
	pd_json_str(&b, pd_buf_cstr(&plain));
	pd_buf_printf(&b, ",\"highlights\":[%s],\"score\":%.6g}", pd_buf_cstr(&ranges), h->score);
	puts(b.data);
	pd_buf_release(&plain);
	pd_buf_release(&ranges);
	pd_buf_release(&b);
}

static bool parse_count(const char *s, size_t max, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || end == s || v > max || s[0] == '-')
		return false;
	*out = (size_t)v;
	return true;
}

int pd_cmd_search(int argc, char **argv)
{
	const char *db = NULL;
	pd_search_req req;
	memset(&req, 0, sizeof req);
	req.limit = 20;
	bool json = false;
	pd_buf query;
	pd_buf_init(&query, PD_MAX_QUERY_BYTES);
	int status = PD_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "--json") == 0) {
			json = true;
			continue;
		}
		if (strcmp(a, "--exact") == 0) {
			req.exact_total = true;
			continue;
		}
		if (strcmp(a, "--db") == 0)
			slot = &db;
		else if (strcmp(a, "--speaker") == 0)
			slot = &req.filter.speaker;
		else if (strcmp(a, "--from") == 0)
			slot = &req.filter.from;
		else if (strcmp(a, "--to") == 0)
			slot = &req.filter.to;
		else if (strcmp(a, "--type") == 0)
			slot = &req.filter.type;
		else if (strcmp(a, "--topic") == 0)
			slot = &req.filter.topic;
		else if (strcmp(a, "--lang") == 0)
			slot = &req.filter.lang;
		else if (strcmp(a, "--kind") == 0)
			slot = &req.filter.turn_kind;
		if (slot) {
			if (i + 1 >= argc) {
				fprintf(stderr, "podium search: %s needs a value\n", a);
				status = PD_EXIT_USAGE;
				goto out;
			}
			*slot = argv[++i];
			continue;
		}
		if (strcmp(a, "--limit") == 0 || strcmp(a, "--offset") == 0) {
			size_t *dst = a[2] == 'l' ? &req.limit : &req.offset;
			if (i + 1 >= argc || !parse_count(argv[i + 1], PD_MAX_SEARCH_LIMIT, dst)) {
				fprintf(stderr, "podium search: %s takes a number from 0 to %d\n", a,
					PD_MAX_SEARCH_LIMIT);
				status = PD_EXIT_USAGE;
				goto out;
			}
			i++;
			continue;
		}
		if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "podium search: unknown option '%s'\n", a);
			pd_cli_usage("search", false);
			status = PD_EXIT_USAGE;
			goto out;
		}
		/* the query: every other word ("-word" excludes a word) */
		if ((query.len && pd_buf_putc(&query, ' ') < 0) || pd_buf_puts(&query, a) < 0) {
			fprintf(stderr, "podium search: the query is longer than %d bytes\n", PD_MAX_QUERY_BYTES);
			status = PD_EXIT_USAGE;
			goto out;
		}
	}
	if (!query.len) {
		pd_cli_usage("search", false);
		status = PD_EXIT_USAGE;
		goto out;
	}
	if (req.limit == 0)
		req.limit = 20;
	req.query = query.data;
	pd_store *store = NULL;
	pd_err err;
	pd_err_clear(&err);
	if (pd_store_open(db, PD_STORE_READONLY, &store, &err) < 0) {
		fprintf(stderr, "podium search: %s\n", err.msg);
		status = PD_EXIT_FAIL;
		goto out;
	}
	pd_search_result res;
	memset(&res, 0, sizeof res);
	int rc = pd_store_search(store, &req, &res, &err);
	if (rc < 0) {
		fprintf(stderr, "podium search: %s\n", err.msg);
		status = rc == PD_EUSAGE ? PD_EXIT_USAGE : PD_EXIT_FAIL;
	} else {
		bool tty = isatty(1);
		for (size_t i = 0; i < res.nhits; i++) {
			const pd_hit *h = &res.hits[i];
			if (json) {
				json_hit(h);
				continue;
			}
			printf("%s  %s  turn %d  %s\n  %s\n  ", h->date ? h->date : "----------", h->record_id,
			       h->turn, h->speaker_name ? h->speaker_name : (h->speaker ? h->speaker : "-"),
			       h->title ? h->title : "");
			print_snippet(h->snippet ? h->snippet : "", tty);
			printf("\n\n");
		}
		if (!json)
			printf("%zu of %s%zu matching turns\n", res.nhits,
			       res.estimated ? "about " : "", res.total);
		if (!res.nhits)
			status = PD_EXIT_PARTIAL;
	}
	pd_search_result_release(&res);
	pd_store_close(store);
out:
	pd_buf_release(&query);
	return status;
}
