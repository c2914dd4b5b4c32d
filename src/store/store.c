/* store.c: the backend-neutral part of the storage interface (store.h):
 * picking the backend from the URI, argument checks that are the same for
 * every backend, and freeing results. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/limits.h"
#include "base/utf8.h"
#include "store/store_internal.h"

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

int pd_store_open(const char *uri, int flags, pd_store **out, pd_err *err)
{
	*out = NULL;
	if (!uri || !*uri)
		uri = getenv("PODIUM_DB");
	if (!uri || !*uri)
		uri = "./podium.db";
	if (has_prefix(uri, "postgres://") || has_prefix(uri, "postgresql://"))
		return pd_pg_open(uri, flags, out, err);
	if (has_prefix(uri, "sqlite:"))
		uri += strlen("sqlite:");
	if (!*uri)
		return pd_err_set(err, PD_EUSAGE, "sqlite: needs a file path");
	return pd_sqlite_open(uri, flags, out, err);
}

void pd_store_close(pd_store *s)
{
	if (s)
		s->ops->close(s);
}

const char *pd_store_backend(const pd_store *s)
{
	return s->ops->name;
}

static int writable(pd_store *s, pd_err *err)
{
	if (s->flags & PD_STORE_READONLY)
		return pd_err_set(err, PD_EUSAGE, "the store was opened read-only");
	return 0;
}

static int check_id(const char *id, pd_err *err)
{
	if (!id || !*id)
		return pd_err_set(err, PD_EUSAGE, "a record id is required");
	if (strlen(id) > PD_MAX_ID_BYTES)
		return pd_err_set(err, PD_EUSAGE, "record id longer than %d bytes",
				  PD_MAX_ID_BYTES);
	return 0;
}

int pd_store_begin(pd_store *s, pd_err *err)
{
	int rc = writable(s, err);
	return rc ? rc : s->ops->begin(s, err);
}

int pd_store_commit(pd_store *s, pd_err *err)
{
	return s->ops->commit(s, err);
}

int pd_store_rollback(pd_store *s, pd_err *err)
{
	return s->ops->rollback(s, err);
}

int pd_store_put(pd_store *s, const pd_record *r, const char *who, const char *why,
		 pd_put_result *result, pd_err *err)
{
	return pd_store_put_prepared(s, r, NULL, who, why, result, err);
}

void pd_store_put_prepare(const pd_store *s, const pd_record *r, pd_put_prep *out)
{
	memset(out, 0, sizeof *out);
	pd_buf_init(&out->stored, 0);
	pd_buf_init(&out->tokens, 0);
	pd_hash64_hex(pd_record_content_hash(r), out->hash);
	out->store = s;
	if (s->ops->put_prepare)
		s->ops->put_prepare(s, r, out);
	out->ready = true;
}

void pd_put_prep_release(pd_put_prep *p)
{
	if (!p)
		return;
	if (p->store && p->store->ops->put_prep_release)
		p->store->ops->put_prep_release(p->store, p);
	pd_buf_release(&p->stored);
	pd_buf_release(&p->tokens);
	memset(p, 0, sizeof *p);
}

int pd_store_put_prepared(pd_store *s, const pd_record *r, const pd_put_prep *prep,
			  const char *who, const char *why, pd_put_result *result, pd_err *err)
{
	int rc = writable(s, err);
	if (!rc)
		rc = check_id(r->id, err);
	if (rc)
		return rc;
	pd_put_result dummy;
	if (!result)
		result = &dummy;
	if (!why)
		why = "re-ingest";
	if (prep && prep->ready && s->ops->put_prepared)
		return s->ops->put_prepared(s, r, prep, who, why, result, err);
	return s->ops->put(s, r, who, why, result, err);
}

int pd_store_get(pd_store *s, const char *id, pd_record **out, pd_err *err)
{
	*out = NULL;
	int rc = check_id(id, err);
	return rc ? rc : s->ops->get(s, id, out, err);
}

int pd_store_delete(pd_store *s, const char *id, pd_err *err)
{
	int rc = writable(s, err);
	if (!rc)
		rc = check_id(id, err);
	return rc ? rc : s->ops->del(s, id, err);
}

int pd_store_revisions(pd_store *s, const char *id, pd_revision **out, size_t *n,
		       pd_err *err)
{
	*out = NULL;
	*n = 0;
	int rc = check_id(id, err);
	return rc ? rc : s->ops->revisions(s, id, 0, 0, true, out, n, err);
}

int pd_store_revision_list(pd_store *s, const char *id, size_t limit, pd_revision **out,
			   size_t *n, pd_err *err)
{
	*out = NULL;
	*n = 0;
	int rc = check_id(id, err);
	return rc ? rc : s->ops->revisions(s, id, 0, limit, false, out, n, err);
}

int pd_store_revision_get(pd_store *s, const char *id, int number, pd_revision *out,
			  pd_err *err)
{
	pd_revision *v = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	int rc = check_id(id, err);
	if (!rc && number < 1)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no revision %d", id, number);
	if (!rc)
		rc = s->ops->revisions(s, id, number, 1, true, &v, &n, err);
	if (!rc && n == 0)
		rc = pd_err_set(err, PD_ENOTFOUND, "%s: no revision %d", id, number);
	if (!rc) {
		*out = v[0];
		free(v);
	} else {
		pd_revisions_free(v, n);
	}
	return rc;
}

void pd_revision_release(pd_revision *rev)
{
	free(rev->created);
	free(rev->replaced);
	free(rev->who);
	free(rev->why);
	free(rev->json);
	memset(rev, 0, sizeof *rev);
}

void pd_revisions_free(pd_revision *revs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pd_revision_release(&revs[i]);
	free(revs);
}

/* --- corrections --------------------------------------------------- */

/* who and why are shown on the record page and trusted later: required,
 * short and text. */
static int check_note(const char *what, const char *v, pd_err *err)
{
	if (!v || !*v)
		return pd_err_set(err, PD_EUSAGE, "a correction needs %s", what);
	size_t n = strlen(v);
	if (n > PD_MAX_NOTE_BYTES)
		return pd_err_set(err, PD_EUSAGE, "%s is %zu bytes, over the limit of %d",
				  what, n, PD_MAX_NOTE_BYTES);
	if (!pd_utf8_valid(v, n))
		return pd_err_set(err, PD_EUSAGE, "%s is not valid UTF-8", what);
	return 0;
}

int pd_store_correct(pd_store *s, const char *id, const pd_record *r, const char *who,
		     const char *why, pd_correction *out, pd_err *err)
{
	pd_revision *newest = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	out->result = PD_PUT_UNCHANGED;
	int rc = writable(s, err);
	if (!rc)
		rc = check_id(id, err);
	if (!rc)
		rc = check_note("who", who, err);
	if (!rc)
		rc = check_note("why", why, err);
	if (!rc && (!r->id || strcmp(r->id, id) != 0))
		rc = pd_err_set(err, PD_EUSAGE, "the correction holds record '%s', not '%s'",
				r->id ? r->id : "(no id)", id);
	if (rc || (rc = pd_store_begin(s, err)) != 0)
		return rc;
	/* the cheapest existence check there is: PD_ENOTFOUND for no record */
	rc = pd_store_revision_list(s, id, 1, &newest, &n, err);
	if (!rc)
		rc = pd_store_put(s, r, who, why, &out->result, err);
	pd_revisions_free(newest, n);
	newest = NULL;
	n = 0;
	if (!rc && out->result == PD_PUT_UPDATED &&
	    (rc = pd_store_revision_list(s, id, 1, &newest, &n, err)) == 0 && n == 1)
		out->revision = newest[0].number;
	pd_revisions_free(newest, n);
	if (rc) {
		pd_store_rollback(s, NULL);
		out->result = PD_PUT_UNCHANGED;
		out->revision = 0;
		return rc;
	}
	return pd_store_commit(s, err);
}

static int check_pair(pd_store *s, const char *a, const char *b, pd_err *err)
{
	int rc = writable(s, err);
	if (!rc)
		rc = check_id(a, err);
	if (!rc)
		rc = check_id(b, err);
	if (!rc && strcmp(a, b) == 0)
		rc = pd_err_set(err, PD_EUSAGE, "%s: a record is not its own translation", a);
	return rc;
}

int pd_store_link(pd_store *s, const char *id_a, const char *id_b, pd_err *err)
{
	int rc = check_pair(s, id_a, id_b, err);
	return rc ? rc : s->ops->link(s, id_a, id_b, err);
}

int pd_store_unlink(pd_store *s, const char *id_a, const char *id_b, pd_err *err)
{
	int rc = check_pair(s, id_a, id_b, err);
	return rc ? rc : s->ops->unlink(s, id_a, id_b, err);
}

int pd_store_search(pd_store *s, const pd_search_req *req, pd_search_result *out,
		    pd_err *err)
{
	memset(out, 0, sizeof *out);
	if (req->limit > PD_MAX_SEARCH_LIMIT)
		return pd_err_set(err, PD_EUSAGE, "limit %zu is over the maximum %d",
				  req->limit, PD_MAX_SEARCH_LIMIT);
	return s->ops->search(s, req, out, err);
}

static void facets_free_n(pd_facet *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].value);
	free(v);
}

void pd_search_result_release(pd_search_result *r)
{
	for (size_t i = 0; i < r->nhits; i++) {
		pd_hit *h = &r->hits[i];
		free(h->record_id);
		free(h->title);
		free(h->date);
		free(h->release_type);
		free(h->language);
		free(h->speaker);
		free(h->speaker_name);
		free(h->turn_kind);
		free(h->snippet);
	}
	free(r->hits);
	facets_free_n(r->speakers, r->nspeakers);
	facets_free_n(r->types, r->ntypes);
	facets_free_n(r->years, r->nyears);
	facets_free_n(r->topics, r->ntopics);
	facets_free_n(r->langs, r->nlangs);
	memset(r, 0, sizeof *r);
}

int pd_store_list(pd_store *s, const pd_list_req *req, pd_summary **out, size_t *n,
		  size_t *total, pd_err *err)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	if (req->limit > PD_MAX_SEARCH_LIMIT)
		return pd_err_set(err, PD_EUSAGE, "limit %zu is over the maximum %d",
				  req->limit, PD_MAX_SEARCH_LIMIT);
	return s->ops->list(s, req, out, n, total, err);
}

void pd_summaries_free(pd_summary *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].title);
		free(v[i].date);
		free(v[i].release_type);
		free(v[i].language);
		free(v[i].source);
	}
	free(v);
}

int pd_store_facet(pd_store *s, const char *what, size_t limit, pd_facet **out,
		   size_t *n, pd_err *err)
{
	*out = NULL;
	*n = 0;
	static const char *const known[] = { "speaker", "topic", "type", "year", "lang" };
	for (size_t i = 0; what && i < sizeof known / sizeof *known; i++)
		if (strcmp(what, known[i]) == 0)
			return s->ops->facet(s, what, limit, out, n, err);
	return pd_err_set(err, PD_EUSAGE,
			  "unknown facet '%s' (speaker, topic, type, year or lang)",
			  what ? what : "");
}

void pd_facets_free(pd_facet *v, size_t n)
{
	facets_free_n(v, n);
}

int pd_store_optimize(pd_store *s, pd_err *err)
{
	int rc = writable(s, err);
	if (rc == 0 && s->ops->optimize)
		rc = s->ops->optimize(s, err);
	return rc;
}

int pd_store_warm(pd_store *s, pd_err *err)
{
	return s->ops->warm ? s->ops->warm(s, err) : 0;
}

int pd_store_stats(pd_store *s, pd_stats *out, pd_err *err)
{
	memset(out, 0, sizeof *out);
	return s->ops->stats(s, out, err);
}

void pd_stats_release(pd_stats *st)
{
	free(st->first_date);
	free(st->last_date);
	memset(st, 0, sizeof *st);
}

int pd_store_data_version(pd_store *s, uint64_t *out, pd_err *err)
{
	*out = 0;
	if (!s->ops->data_version)
		return pd_err_set(err, PD_EUNSUPPORTED, "the %s backend cannot report data changes",
				  s->ops->name);
	return s->ops->data_version(s, out, err);
}
