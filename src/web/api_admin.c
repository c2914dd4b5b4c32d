/* api_admin.c: the admin routes under /api/v1/admin/ — correcting a
 * record over HTTP and reading its revisions whole. They exist only when
 * podium serve runs with --admin-token-file; pd_web_admin_run (admin.c)
 * has checked the token and the body size and holds the writable store's
 * lock when these run.
 *
 *   POST /api/v1/admin/records/{id}/corrections
 *   {"who": "Jane Editor", "why": "speaker misattributed in turn 4",
 *    "record": { ...the whole corrected record (docs/record-format.md)... }}
 *   -> 201 {"id":..., "status":"corrected", "revision":{...}}
 *   -> 200 {"id":..., "status":"unchanged"}     (same content: no revision)
 */
#include "web/web_int.h"
#include "web/cache.h"
#include "escape/escape.h"
#include "record/record_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static bool is_method(const pd_web_rq *rq, const char *m)
{
	return strcmp(rq->req->method, m) == 0;
}

/* who, why and the record from the body; 0, or -1 having answered 400. */
static int read_body(pd_web_rq *rq, pd_web_response *rs, json_t **root, const char **who,
		     const char **why, pd_record **r)
{
	json_error_t jerr;
	pd_err err = { 0 };
	const pd_web_request *req = rq->req;
	*root = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES,
			   &jerr);
	if (!*root || !json_is_object(*root)) {
		pd_buf msg;
		pd_buf_init(&msg, 0);
		pd_buf_printf(&msg, "the body must be a JSON object {\"who\", \"why\", \"record\"}%s%s",
			      *root ? "" : ": ", *root ? "" : jerr.text);
		pd_web_error(rq, rs, 400, pd_buf_cstr(&msg));
		pd_buf_release(&msg);
		return -1;
	}
	json_t *rec = json_object_get(*root, "record");
	*who = json_string_value(json_object_get(*root, "who"));
	*why = json_string_value(json_object_get(*root, "why"));
	if (!*who || !*why || !json_is_object(rec)) {
		pd_web_error(rq, rs, 400, "the body needs \"who\" and \"why\" (strings) and "
			     "\"record\" (the whole corrected record)");
		return -1;
	}
	char *text = json_dumps(rec, JSON_COMPACT);
	*r = text ? pd_record_from_json("record", text, strlen(text), &err) : NULL;
	free(text);
	if (!*r) {
		pd_web_error(rq, rs, 400, err.msg[0] ? err.msg : "the record cannot be read");
		return -1;
	}
	return 0;
}

void pd_admin_correct(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0], *who, *why;
	json_t *root = NULL;
	pd_record *r = NULL;
	pd_revision *v = NULL;
	size_t n = 0;
	pd_correction c;
	pd_err err = { 0 };
	int rc;
	pd_store *store = pd_web_admin_store(rq);
	if (!is_method(rq, "POST")) {
		rs->allow = "POST";
		pd_web_error(rq, rs, 405, "corrections are POSTed");
		goto out;
	}
	if (read_body(rq, rs, &root, &who, &why, &r) < 0)
		goto out;
	if (!r->id || strcmp(r->id, id) != 0) {
		pd_buf msg;
		pd_buf_init(&msg, 0);
		pd_buf_printf(&msg, "the record in the body is not record '%s' (the ids "
			      "must match)", id);
		pd_web_error(rq, rs, 409, pd_buf_cstr(&msg));
		pd_buf_release(&msg);
		goto out;
	}
	rc = pd_store_correct(store, id, r, who, why, &c, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), rc == PD_ENOTFOUND
			     ? "there is no record with this id (corrections do not publish)"
			     : err.msg);
		goto out;
	}
	pd_buf *b = &rs->body;
	pd_buf_puts(b, "{\"id\":");
	pd_json_str(b, id);
	if (c.result == PD_PUT_UNCHANGED) {
		pd_buf_puts(b, ",\"status\":\"unchanged\"}\n");
		pd_web_reply(rs, 200, PD_CT_JSON);
		goto out;
	}
	/* this server's own pages show the correction at once, whatever the
	 * backend (PostgreSQL has no data version: its pages live 2 s) */
	if (rq->ctx->cache)
		pd_web_cache_invalidate(rq->ctx->cache);
	pd_buf_puts(b, ",\"status\":\"corrected\",\"revision\":{");
	if (pd_store_revision_list(store, id, 1, &v, &n, &err) == 0 && n == 1)
		pd_api_revision_fields(b, id, &v[0]);
	else
		pd_buf_printf(b, "\"number\":%d", c.revision);
	pd_buf_puts(b, "},\"record_href\":\"/records/");
	pd_esc_url(b, id, strlen(id));
	pd_buf_puts(b, "\"}\n");
	pd_web_reply(rs, 201, PD_CT_JSON);
out:
	pd_revisions_free(v, n);
	pd_record_free(r);
	json_decref(root);
}

/* GET /api/v1/admin/records/{id}/revisions: every earlier version with
 * its text (the public list gives only the notes). */
void pd_admin_revisions(pd_web_rq *rq, pd_web_response *rs)
{
	const char *id = rq->cap[0];
	pd_revision *v = NULL;
	size_t n = 0;
	pd_err err = { 0 };
	if (!is_method(rq, "GET") && !is_method(rq, "HEAD")) {
		rs->allow = "GET, HEAD";
		pd_web_error(rq, rs, 405, "revisions are read with GET");
		return;
	}
	int rc = pd_store_revisions(pd_web_admin_store(rq), id, &v, &n, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc),
			     rc == PD_ENOTFOUND ? "there is no record with this id" : err.msg);
		return;
	}
	pd_buf *b = &rs->body;
	int full = 0;
	pd_buf_puts(b, "{\"id\":");
	pd_json_str(b, id);
	pd_buf_puts(b, ",\"revisions\":[");
	for (size_t i = 0; i < n && full == 0; i++) {
		pd_buf_puts(b, i ? ",{" : "{");
		pd_api_revision_fields(b, id, &v[i]);
		pd_buf_puts(b, ",\"record\":");
		full = pd_buf_puts(b, v[i].json);
		pd_buf_putc(b, '}');
	}
	if (pd_buf_puts(b, "]}\n") < 0 || full < 0)
		pd_web_error(rq, rs, 500, "the revisions are too large for one answer");
	else
		pd_web_reply(rs, 200, PD_CT_JSON);
	pd_revisions_free(v, n);
}
