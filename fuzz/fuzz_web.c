/* fuzz_web.c: HTTP request handling in process (pd_web_handle): URL
 * decoding, query parameters, routing, every page and API over a small
 * store that holds an ordinary and a hostile record.
 *
 * Input: the first line is "METHOD TARGET" (TARGET = path[?query], raw and
 * percent-encoded as it came); each further line "Name: value" sets one of
 * Host, If-None-Match, If-Modified-Since, Accept-Encoding, Accept-Language.
 *
 * Properties: a known status; a content type; a JSON body (under /api/)
 * parses; no HTML or XML page carries the hostile record's markup raw. */
#include "fuzz.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "base/limits.h"
#include "parse/parse.h"
#include "web/web.h"

static char dir[64], db[96];
static pd_store *store;
static pd_web_ctx *ctx;

/* The hostile record: markup in the title, labels and text. */
static const char hostile_md[] =
	"# Evil <script>alert(1)</script> briefing\n\n"
	"Date: 2021-01-02\n\n"
	"### X\" onmouseover=\"alert(8)<img src=x onerror=alert(4)>:\n\n"
	"Ferry </script><script>alert(10)</script> \xff bad \xe2\x80\xae bidi\n\n"
	"### REPORTER:\n\n"
	"When will <iframe src=javascript:alert(2)> the ferry run?\n";

static const char plain_md[] =
	"# Harbour press conference\n\n"
	"Date: 2020-09-27\n\n"
	"### MAYOR:\n\nThe ferry routes open in October.\n\n"
	"### JOURNALIST:\n\nWhat will the fare be?\n\n"
	"### MAYOR:\n\nThe same as the metro.\n";

static void cleanup(void)
{
	char p[128];
	pd_web_ctx_free(ctx);
	pd_store_close(store);
	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
	rmdir(dir);
}

static void put(const char *name, const char *md)
{
	pd_err err;
	pd_put_result res;
	pd_record *r = pd_parse_one(name, md, strlen(md), &err);
	pd_fuzz_check(r != NULL, "fixture parses");
	pd_fuzz_check(pd_store_put(store, r, "fuzz", NULL, &res, &err) == 0, "fixture stored");
	pd_record_free(r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	pd_err err;

	snprintf(dir, sizeof dir, "/tmp/pd_fuzz_web_XXXXXX");
	pd_fuzz_check(mkdtemp(dir) != NULL, "temp dir");
	snprintf(db, sizeof db, "%s/web.db", dir);
	pd_fuzz_check(pd_store_open(db, 0, &store, &err) == 0, "store opens");
	put("evil.md", hostile_md);
	put("plain.md", plain_md);
	ctx = pd_web_ctx_new(store, db);
	atexit(cleanup);
	return 0;
}

static const char *const raw_markup[] = {
	"<script>alert", "<img src=x", "<iframe", " onmouseover=\"alert", NULL,
};

static void check(const char *path, const pd_web_response *rs)
{
	const char *body = pd_buf_cstr(&rs->body);
	size_t i;

	pd_fuzz_check(rs->status >= 200 && rs->status < 600, "a status");
	pd_fuzz_check(rs->status != 500, "no internal error");
	pd_fuzz_check(rs->status == 304 || rs->content_type != NULL, "a content type");
	if (rs->gzip || rs->status == 304)
		return;
	pd_fuzz_check(strlen(body) == rs->body.len || !strstr(rs->content_type, "html"),
		      "no NUL in an HTML body");
	if (strstr(rs->content_type, "json")) {
		json_error_t je;
		json_t *j = json_loadb(body, rs->body.len, 0, &je);
		if (!j)
			fprintf(stderr, "%s: %s\n", path, je.text);
		pd_fuzz_check(j != NULL, "JSON body parses");
		json_decref(j);
	} else if (strstr(rs->content_type, "html") || strstr(rs->content_type, "xml")) {
		for (i = 0; raw_markup[i]; i++)
			pd_fuzz_check(strstr(body, raw_markup[i]) == NULL, "no raw hostile markup");
	}
}

/* Takes "Name: value" into the request's field of that name. */
static void header(pd_web_request *rq, char *line)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "host", offsetof(pd_web_request, host) },
		{ "if-none-match", offsetof(pd_web_request, if_none_match) },
		{ "if-modified-since", offsetof(pd_web_request, if_modified_since) },
		{ "accept-encoding", offsetof(pd_web_request, accept_encoding) },
		{ "accept-language", offsetof(pd_web_request, accept_language) },
	};
	char *colon = strchr(line, ':');
	size_t i;

	if (!colon)
		return;
	*colon = '\0';
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcasecmp(line, fields[i].name) == 0)
			*(const char **)((char *)rq + fields[i].off) = colon + 1 + (colon[1] == ' ');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pd_web_request rq = { .method = "GET", .path = "/" };
	pd_web_response rs;
	char *text, *line, *next, *sp, *q;

	if (size > PD_WEB_MAX_URL_BYTES * 2)
		return 0;
	text = pd_fuzz_cstr(data, size);
	next = strchr(text, '\n');
	if (next)
		*next++ = '\0';
	line = text;
	sp = strchr(line, ' ');
	if (sp) {
		*sp = '\0';
		rq.method = line;
		line = sp + 1;
	}
	/* The transport hands over an absolute path; so does this target. */
	if (line[0] != '/')
		goto out;
	q = strchr(line, '?');
	if (q) {
		*q = '\0';
		rq.query = q + 1;
	}
	rq.path = line;
	while (next) {
		line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		header(&rq, line);
	}
	pd_web_handle(ctx, &rq, &rs);
	check(rq.path, &rs);
	pd_web_response_release(&rs);
out:
	free(text);
	return 0;
}
