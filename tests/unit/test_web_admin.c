/* test_web_admin.c: corrections over HTTP, in-process through
 * pd_web_handle — the admin routes absent by default, the token file's
 * checks, 401 / 429 / 413 / 409 / 404 / 400, a correction that leaves a
 * revision, and the public side: the record page's notice (who and why
 * escaped), the list of earlier versions and an earlier version's page
 * and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/limits.h"
#include "escape/escape.h"
#include "record/record.h"
#include "record/record_json.h"
#include "store/store.h"
#include "web/web.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKEN "s3cret-token-0123456789abcdef"
#define HOSTILE "<script>alert(1)</script>\" onmouseover=\"x"

typedef struct fixture {
	char dir[64];
	char db[96];
	char tokfile[96];
	pd_store *store;
	pd_web_admin *admin;
	pd_web_ctx *ctx;      /* with the admin interface */
	pd_web_ctx *plain;    /* without */
} fixture;

static pd_record *record(const char *id, const char *lang, const char *title)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, id);
	pd_record_set(&r->title, title);
	pd_record_set(&r->date, "2020-09-27");
	pd_record_set(&r->language, lang);
	pd_record_add_participant(r, "MAYOR", PD_PART_HOST);
	const char *t = "The ferry opens in October.";
	pd_record_add_turn(r, "MAYOR", PD_TURN_STATEMENT, t, strlen(t));
	return r;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	pd_err err;
	snprintf(f->dir, sizeof f->dir, "/tmp/pd-admin-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/podium.db", f->dir);
	snprintf(f->tokfile, sizeof f->tokfile, "%s/token", f->dir);
	write_file(f->tokfile, TOKEN "\n", 0600);
	if (pd_store_open(f->db, 0, &f->store, &err) != 0)
		fail_msg("open: %s", err.msg);
	const char *ids[][3] = { { "pm-1", "en", "Harbour press conference" },
				 { "zh-2", "zh-Hant", "海港區記者會" },
				 { "zh-3", "zh-Hans", "海港区记者会" } };
	for (size_t i = 0; i < 3; i++) {
		pd_record *r = record(ids[i][0], ids[i][1], ids[i][2]);
		assert_int_equal(pd_store_put(f->store, r, NULL, NULL, NULL, &err), 0);
		pd_record_free(r);
	}
	if (pd_web_admin_new(f->tokfile, f->db, &f->admin, &err) != 0)
		fail_msg("admin: %s", err.msg);
	f->ctx = pd_web_ctx_new(f->store, f->db);
	pd_web_ctx_set_admin(f->ctx, f->admin);
	f->plain = pd_web_ctx_new(f->store, f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];
	pd_web_ctx_free(f->ctx);
	pd_web_ctx_free(f->plain);
	pd_web_admin_free(f->admin);
	pd_store_close(f->store);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* A request from `client` with an Authorization header and a body. */
static void call(pd_web_ctx *c, const char *method, const char *path, const char *auth,
		 const char *client, const char *body, pd_web_response *rs)
{
	pd_web_request req = { .method = method, .path = path, .host = "test.local",
			       .authorization = auth, .client = client, .body = body,
			       .body_len = body ? strlen(body) : 0 };
	pd_web_handle(c, &req, rs);
}

static void get(pd_web_ctx *c, const char *path, pd_web_response *rs)
{
	call(c, "GET", path, NULL, NULL, NULL, rs);
}

static const char *text(pd_web_response *rs)
{
	return pd_buf_cstr(&rs->body);
}

/* {"who":..., "why":..., "record": r} */
static char *correction(const char *who, const char *why, const pd_record *r)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "{\"who\":");
	pd_json_str(&b, who);
	pd_buf_puts(&b, ",\"why\":");
	pd_json_str(&b, why);
	pd_buf_puts(&b, ",\"record\":");
	pd_record_to_json(r, &b);
	pd_buf_putc(&b, '}');
	return pd_buf_detach(&b);
}

static json_t *json_of(pd_web_response *rs)
{
	json_error_t je;
	json_t *j = json_loadb(rs->body.data, rs->body.len, 0, &je);
	if (!j)
		fail_msg("JSON does not parse: %s in %s", je.text, text(rs));
	return j;
}

/* Off by default: the admin URLs answer exactly as unknown ones. */
static void test_off_by_default(void **state)
{
	fixture *f = *state;
	pd_web_response a, b;
	call(f->plain, "GET", "/api/v1/admin/records/pm-1/revisions", "Bearer " TOKEN, NULL,
	     NULL, &a);
	get(f->plain, "/api/v1/no/such/thing", &b);
	assert_int_equal(a.status, 404);
	assert_string_equal(text(&a), text(&b));
	pd_web_response_release(&a);
	pd_web_response_release(&b);
	pd_record *r = record("pm-1", "en", "Changed");
	char *body = correction("ed", "typo", r);
	call(f->plain, "POST", "/api/v1/admin/records/pm-1/corrections", "Bearer " TOKEN, NULL,
	     body, &a);
	call(f->plain, "POST", "/api/v1/no/such/thing", "Bearer " TOKEN, NULL, body, &b);
	assert_int_equal(a.status, 405);
	assert_string_equal(a.allow, "GET, HEAD");
	assert_string_equal(text(&a), text(&b));
	pd_web_response_release(&a);
	pd_web_response_release(&b);
	/* and nothing changed */
	get(f->plain, "/api/v1/records/pm-1/revisions", &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(text(&a), "\"revisions\":[]"));
	pd_web_response_release(&a);
	/* with the admin on, POST elsewhere is still 405 */
	call(f->ctx, "POST", "/api/v1/records/pm-1", "Bearer " TOKEN, NULL, body, &a);
	assert_int_equal(a.status, 405);
	pd_web_response_release(&a);
	call(f->ctx, "POST", "/no/such/thing", "Bearer " TOKEN, NULL, body, &a);
	assert_int_equal(a.status, 405);
	pd_web_response_release(&a);
	free(body);
	pd_record_free(r);
}

static void expect_refused(fixture *f, const char *name, const char *content, mode_t mode,
			   const char *says)
{
	char path[160];
	pd_web_admin *a = NULL;
	pd_err err = { 0 };
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	if (content)
		write_file(path, content, mode);
	assert_int_equal(pd_web_admin_new(path, f->db, &a, &err), PD_EUSAGE);
	assert_null(a);
	if (!strstr(err.msg, says))
		fail_msg("%s: '%s' does not say '%s'", name, err.msg, says);
}

static void test_token_file(void **state)
{
	fixture *f = *state;
	expect_refused(f, "absent", NULL, 0, "No such file");
	expect_refused(f, "open", TOKEN "\n", 0644, "chmod 600");
	expect_refused(f, "groupw", TOKEN "\n", 0620, "chmod 600");
	expect_refused(f, "short", "0123456789abcde\n", 0600, "16 to 256");
	expect_refused(f, "empty", "\n", 0600, "16 to 256");
	expect_refused(f, "space", "0123456789 abcdef\n", 0600, "space");
	expect_refused(f, "twolines", TOKEN "\n" TOKEN "\n", 0600, "space, control");
	char big[PD_WEB_TOKEN_MAX + 3];
	memset(big, 'k', PD_WEB_TOKEN_MAX + 1);
	big[PD_WEB_TOKEN_MAX + 1] = '\0';
	expect_refused(f, "long", big, 0600, "16 to 256");
	/* a directory is not a token file */
	pd_web_admin *a = NULL;
	pd_err err;
	assert_int_equal(pd_web_admin_new(f->dir, f->db, &a, &err), PD_EUSAGE);
	assert_non_null(strstr(err.msg, "regular file"));

	/* the longest token works, without a trailing newline too */
	char path[160];
	snprintf(path, sizeof path, "%s/max", f->dir);
	big[PD_WEB_TOKEN_MAX] = '\0';
	write_file(path, big, 0400);
	assert_int_equal(pd_web_admin_new(path, f->db, &a, &err), 0);
	pd_buf auth;
	pd_buf_init(&auth, 0);
	pd_buf_printf(&auth, "Bearer %s", big);
	unsigned retry;
	assert_int_equal(pd_web_admin_check(a, auth.data, "c1", &retry), 200);
	pd_buf_reset(&auth);
	pd_buf_printf(&auth, "bearer %sk", big);  /* one more byte: not the token */
	assert_int_equal(pd_web_admin_check(a, auth.data, "c1", &retry), 401);
	pd_buf_release(&auth);
	pd_web_admin_free(a);
}

static void test_bad_tokens(void **state)
{
	fixture *f = *state;
	static const char *bad[] = {
		NULL, "", "Bearer", "Bearer ", "Basic " TOKEN, TOKEN,
		"Bearer s3cret-token-0123456789abcde",     /* a prefix */
		"Bearer " TOKEN "f",                        /* longer */
		"Bearer S3cret-token-0123456789abcdef",    /* one byte differs */
	};
	unsigned retry;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char client[16];
		snprintf(client, sizeof client, "10.0.1.%zu", i);
		pd_web_response rs;
		call(f->ctx, "GET", "/api/v1/admin/records/pm-1/revisions", bad[i], client, NULL,
		     &rs);
		if (rs.status != 401)
			fail_msg("'%s': %d", bad[i] ? bad[i] : "(none)", rs.status);
		assert_true(rs.no_store);
		assert_non_null(strstr(text(&rs), "\"status\":401"));
		pd_web_response_release(&rs);
	}
	assert_int_equal(pd_web_admin_check(f->admin, "Bearer " TOKEN, "10.0.2.1", &retry), 200);
	assert_int_equal(pd_web_admin_check(f->admin, "bearer  " TOKEN " ", "10.0.2.1", &retry),
			 200);
	pd_web_response rs;
	call(f->ctx, "GET", "/api/v1/admin/records/pm-1/revisions", "Bearer " TOKEN, "10.0.2.1",
	     NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(rs.no_store);
	assert_string_equal(rs.etag, "");   /* never cached, never 304 */
	pd_web_response_release(&rs);
}

static void test_rate_limits(void **state)
{
	fixture *f = *state;
	unsigned retry = 0;
	const char *wrong = "Bearer wrong-wrong-wrong-wrong";
	for (int i = 0; i < PD_WEB_ADMIN_FAILS_PER_CLIENT; i++)
		assert_int_equal(pd_web_admin_check(f->admin, wrong, "192.0.2.7", &retry), 401);
	/* the client is now refused, even with the right token, which is not
	 * even compared */
	pd_web_response rs;
	call(f->ctx, "POST", "/api/v1/admin/records/pm-1/corrections", "Bearer " TOKEN,
	     "192.0.2.7", "{}", &rs);
	assert_int_equal(rs.status, 429);
	assert_true(rs.retry_after >= 1 && rs.retry_after <= PD_WEB_ADMIN_WINDOW);
	pd_web_response_release(&rs);
	/* another client is not */
	assert_int_equal(pd_web_admin_check(f->admin, "Bearer " TOKEN, "192.0.2.8", &retry), 200);
	/* many addresses, one failure each: the overall cap stops them all,
	 * more addresses than the table holds included */
	int fails = PD_WEB_ADMIN_FAILS_PER_CLIENT, i = 0;
	char client[32];
	for (; fails < PD_WEB_ADMIN_FAILS_GLOBAL; i++, fails++) {
		snprintf(client, sizeof client, "198.51.100.%d", i);
		assert_int_equal(pd_web_admin_check(f->admin, wrong, client, &retry), 401);
	}
	snprintf(client, sizeof client, "203.0.113.%d", i);
	assert_int_equal(pd_web_admin_check(f->admin, wrong, client, &retry), 429);
	assert_true(retry >= 1 && retry <= PD_WEB_ADMIN_WINDOW);
	assert_int_equal(pd_web_admin_check(f->admin, "Bearer " TOKEN, "192.0.2.8", &retry), 429);
}

static void test_correction(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	pd_record *r = record("pm-1", "en", "Harbour press conference (corrected)");
	char *body = correction(HOSTILE, "Title & " HOSTILE, r);
	call(f->ctx, "POST", "/api/v1/admin/records/pm-1/corrections", "Bearer " TOKEN, NULL,
	     body, &rs);
	assert_int_equal(rs.status, 201);
	json_t *j = json_of(&rs);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "corrected");
	json_t *rev = json_object_get(j, "revision");
	assert_int_equal(json_integer_value(json_object_get(rev, "number")), 1);
	assert_string_equal(json_string_value(json_object_get(rev, "who")), HOSTILE);
	json_decref(j);
	pd_web_response_release(&rs);
	/* the same again: unchanged, no revision */
	call(f->ctx, "POST", "/api/v1/admin/records/pm-1/corrections", "Bearer " TOKEN, NULL,
	     body, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(text(&rs), "\"unchanged\""));
	pd_web_response_release(&rs);

	/* the record page: new text, the notice, who and why inert */
	get(f->ctx, "/records/pm-1", &rs);
	assert_int_equal(rs.status, 200);
	const char *page = text(&rs);
	assert_non_null(strstr(page, "Harbour press conference (corrected)"));
	assert_non_null(strstr(page, "Corrected on <time datetime=\"20"));
	assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover="));
	assert_non_null(strstr(page, "Title &amp; &lt;script&gt;"));
	assert_null(strstr(page, "<script>alert"));
	assert_null(strstr(page, "\" onmouseover"));
	assert_non_null(strstr(page, "href=\"/records/pm-1/revisions\""));
	assert_null(strstr(page, "noindex"));
	pd_web_response_release(&rs);
	/* the list of earlier versions */
	get(f->ctx, "/records/pm-1/revisions", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(text(&rs), "href=\"/records/pm-1/revisions/1\""));
	assert_null(strstr(text(&rs), "<script>alert"));
	pd_web_response_release(&rs);
	/* the previous text, readable and marked as earlier, not indexed */
	get(f->ctx, "/records/pm-1/revisions/1", &rs);
	assert_int_equal(rs.status, 200);
	page = text(&rs);
	assert_non_null(strstr(page, "<h1>Harbour press conference</h1>"));
	assert_non_null(strstr(page, "The ferry opens in October."));
	assert_non_null(strstr(page, "This is an earlier version of this record"));
	assert_non_null(strstr(page, "<meta name=\"robots\" content=\"noindex\">"));
	assert_non_null(strstr(page, "href=\"/records/pm-1\""));
	assert_non_null(strstr(page, "href=\"/api/v1/records/pm-1/revisions/1\""));
	assert_null(strstr(page, "href=\"/records/pm-1.json\""));  /* the current one's */
	assert_null(strstr(page, "<script>alert"));
	pd_web_response_release(&rs);
	/* and as JSON */
	get(f->ctx, "/api/v1/records/pm-1/revisions/1", &rs);
	assert_int_equal(rs.status, 200);
	j = json_of(&rs);
	json_t *rec = json_object_get(j, "record");
	assert_string_equal(json_string_value(json_object_get(rec, "title")),
			    "Harbour press conference");
	assert_string_equal(json_string_value(json_object_get(j, "why")), "Title & " HOSTILE);
	assert_non_null(json_string_value(json_object_get(j, "replaced")));
	json_decref(j);
	pd_web_response_release(&rs);
	get(f->ctx, "/api/v1/records/pm-1/revisions", &rs);
	j = json_of(&rs);
	assert_int_equal(json_array_size(json_object_get(j, "revisions")), 1);
	assert_null(json_object_get(json_array_get(json_object_get(j, "revisions"), 0), "record"));
	json_decref(j);
	pd_web_response_release(&rs);
	/* the admin list carries the texts */
	call(f->ctx, "GET", "/api/v1/admin/records/pm-1/revisions", "Bearer " TOKEN, NULL, NULL,
	     &rs);
	assert_int_equal(rs.status, 200);
	j = json_of(&rs);
	rec = json_object_get(json_array_get(json_object_get(j, "revisions"), 0), "record");
	assert_string_equal(json_string_value(json_object_get(rec, "title")),
			    "Harbour press conference");
	json_decref(j);
	pd_web_response_release(&rs);
	/* a record never corrected has no notice */
	get(f->ctx, "/records/zh-3", &rs);
	assert_null(strstr(text(&rs), "更正"));
	pd_web_response_release(&rs);
	free(body);
	pd_record_free(r);
}

static void test_chinese_notice(void **state)
{
	fixture *f = *state;
	static const char *cases[][3] = { { "zh-2", "zh-Hant", "更正於" },
					  { "zh-3", "zh-Hans", "更正于" } };
	for (size_t i = 0; i < 2; i++) {
		pd_web_response rs;
		pd_record *r = record(cases[i][0], cases[i][1], "已更正的標題");
		char *body = correction("編輯", "標題有誤", r);
		char path[80];
		snprintf(path, sizeof path, "/api/v1/admin/records/%s/corrections", cases[i][0]);
		call(f->ctx, "POST", path, "Bearer " TOKEN, NULL, body, &rs);
		assert_int_equal(rs.status, 201);
		pd_web_response_release(&rs);
		snprintf(path, sizeof path, "/records/%s", cases[i][0]);
		get(f->ctx, path, &rs);
		if (!strstr(text(&rs), cases[i][2]))
			fail_msg("%s: no %s", cases[i][0], cases[i][2]);
		assert_non_null(strstr(text(&rs), "原因：標題有誤"));
		assert_non_null(strstr(text(&rs), "更正人：編輯"));
		pd_web_response_release(&rs);
		free(body);
		pd_record_free(r);
	}
}

static void expect_status(fixture *f, const char *method, const char *path, const char *body,
			  size_t len, int status)
{
	pd_web_request req = { .method = method, .path = path, .authorization = "Bearer " TOKEN,
			       .body = body, .body_len = len };
	pd_web_response rs;
	pd_web_handle(f->ctx, &req, &rs);
	if (rs.status != status)
		fail_msg("%s %s: %d, want %d (%s)", method, path, rs.status, status, text(&rs));
	pd_web_response_release(&rs);
}

static void test_refusals(void **state)
{
	fixture *f = *state;
	const char *url = "/api/v1/admin/records/pm-1/corrections";
	pd_record *r = record("pm-1", "en", "Changed");
	pd_record *other = record("zh-2", "en", "Changed");
	pd_record *ghost = record("ghost", "en", "Changed");
	char *ok = correction("ed", "typo", r);
	char *wrong_id = correction("ed", "typo", other);
	char *no_record = correction("ed", "typo", ghost);
	char long_who[PD_MAX_NOTE_BYTES + 2];
	memset(long_who, 'w', sizeof long_who - 1);
	long_who[sizeof long_who - 1] = '\0';
	char *too_long = correction(long_who, "typo", r);
	char *empty_why = correction("ed", "", r);

	expect_status(f, "POST", url, wrong_id, strlen(wrong_id), 409);
	expect_status(f, "POST", "/api/v1/admin/records/ghost/corrections", no_record,
		      strlen(no_record), 404);
	expect_status(f, "POST", url, "{not json", 9, 400);
	expect_status(f, "POST", url, "[]", 2, 400);
	expect_status(f, "POST", url, "{\"who\":\"ed\",\"record\":{}}", 24, 400);
	const char *bad_record = "{\"who\":\"ed\",\"why\":\"x\",\"record\":{\"turns\":3}}";
	expect_status(f, "POST", url, bad_record, strlen(bad_record), 400);
	expect_status(f, "POST", url, too_long, strlen(too_long), 400);
	expect_status(f, "POST", url, empty_why, strlen(empty_why), 400);
	expect_status(f, "GET", url, NULL, 0, 405);
	expect_status(f, "POST", "/api/v1/admin/records/pm-1/revisions", NULL, 0, 405);
	/* a body over the limit is refused before it is parsed */
	char *big = malloc(PD_WEB_ADMIN_MAX_BODY + 1);
	memset(big, ' ', PD_WEB_ADMIN_MAX_BODY + 1);
	expect_status(f, "POST", url, big, PD_WEB_ADMIN_MAX_BODY + 1, 413);
	free(big);
	/* nothing above wrote a revision */
	pd_revision *v;
	size_t n;
	pd_err err;
	assert_int_equal(pd_store_revision_list(f->store, "pm-1", 0, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	pd_revisions_free(v, n);
	/* public read side: unknown records and versions */
	expect_status(f, "GET", "/records/ghost/revisions", NULL, 0, 404);
	expect_status(f, "GET", "/records/pm-1/revisions/1", NULL, 0, 404);
	expect_status(f, "GET", "/records/pm-1/revisions/abc", NULL, 0, 404);
	expect_status(f, "GET", "/records/pm-1/revisions/0", NULL, 0, 404);
	expect_status(f, "GET", "/records/pm-1/revisions/99999999999999", NULL, 0, 404);
	expect_status(f, "GET", "/api/v1/records/ghost/revisions", NULL, 0, 404);
	expect_status(f, "GET", "/api/v1/records/pm-1/revisions/2", NULL, 0, 404);
	expect_status(f, "GET", "/records/pm-1/revisions", NULL, 0, 200);
	/* and the good one still works after all that */
	expect_status(f, "POST", url, ok, strlen(ok), 201);
	free(ok);
	free(wrong_id);
	free(no_record);
	free(too_long);
	free(empty_why);
	pd_record_free(r);
	pd_record_free(other);
	pd_record_free(ghost);
}

static void test_openapi_lists_them(void **state)
{
	fixture *f = *state;
	pd_web_response rs;
	get(f->plain, "/api/v1/openapi.json", &rs);
	json_t *j = json_of(&rs);
	json_t *paths = json_object_get(j, "paths");
	static const char *want[] = { "/records/{id}/revisions", "/records/{id}/revisions/{n}",
				      "/admin/records/{id}/corrections",
				      "/admin/records/{id}/revisions" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!json_object_get(paths, want[i]))
			fail_msg("openapi.json lacks %s", want[i]);
	json_decref(j);
	pd_web_response_release(&rs);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_off_by_default),
		T(test_token_file),
		T(test_bad_tokens),
		T(test_rate_limits),
		T(test_correction),
		T(test_chinese_notice),
		T(test_refusals),
		T(test_openapi_lists_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
