/* store_copy.c: copying a whole archive from one store to another
 * (pd_store_copy, store.h) — SQLite to PostgreSQL and back — through the
 * storage interface only, so any pair of backends works.
 *
 * A record's history is replayed: its oldest revision is put first, each
 * later version with the who and why its revision recorded, the current
 * record last, so revision numbers, JSON, who and why come out equal.
 * Translations are split: a pair of records that name each other becomes
 * a pd_store_link after all records are in (the interface does not tell a
 * link from a pair the transcripts announce both ways, and both read back
 * alike); every other translation stays in the record.
 *
 * Then it checks what it wrote: both stores hold the same ids, each with
 * the same content hash, the same revisions (hash of each revision's
 * JSON, who and why) and the same translations, and their stats count the
 * same records, turns, speakers and revisions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/limits.h"
#include "base/mem.h"
#include "record/record_json.h"
#include "store/store.h"

/* Records per destination transaction: a failure loses at most this much
 * work, and a transaction stays small for a busy PostgreSQL. */
#define COPY_BATCH 200

typedef struct ids {
	char **v;
	size_t n, cap;
} ids;

static void ids_release(ids *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Every record id of s, oldest first (ties by id). */
static int list_ids(pd_store *s, ids *out, pd_err *err)
{
	pd_list_req req = { .limit = PD_MAX_SEARCH_LIMIT, .oldest_first = true };
	for (;;) {
		pd_summary *v;
		size_t n, total;
		int rc = pd_store_list(s, &req, &v, &n, &total, err);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			out->v = pd_xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
			out->v[out->n++] = pd_xstrdup(v[i].id);
		}
		pd_summaries_free(v, n);
		req.offset += n;
		if (n == 0 || req.offset >= total)
			return 0;
	}
}

/* True when record `other` names `id` among its translations. */
static bool names_back(pd_store *s, const char *other, const char *id)
{
	pd_record *o = NULL;
	bool yes = false;
	if (pd_store_get(s, other, &o, NULL) == 0)
		for (size_t i = 0; i < o->ntranslations && !yes; i++)
			yes = o->translations[i].id && strcmp(o->translations[i].id, id) == 0;
	pd_record_free(o);
	return yes;
}

/* Drops from r the translations that become links (pairs naming each
 * other); the ones to link later (id < other, so each pair once) go to
 * `links` as "a\nb". */
static void split_links(pd_store *from, pd_record *r, ids *links)
{
	size_t keep = 0;
	for (size_t i = 0; i < r->ntranslations; i++) {
		pd_translation *t = &r->translations[i];
		if (t->id && strcmp(t->id, r->id) != 0 && names_back(from, t->id, r->id)) {
			if (strcmp(r->id, t->id) < 0) {
				pd_buf b;
				pd_buf_init(&b, 0);
				pd_buf_printf(&b, "%s\n%s", r->id, t->id);
				links->v = pd_xgrow(links->v, sizeof *links->v, links->n + 1, &links->cap);
				links->v[links->n++] = pd_buf_detach(&b);
			}
			free(t->lang);
			free(t->id);
			continue;
		}
		r->translations[keep++] = *t;
	}
	r->ntranslations = keep;
}

/* Puts one record with its history into `to`. */
static int copy_record(pd_store *from, pd_store *to, const char *id, ids *links,
		       pd_copy_report *rep, pd_err *err)
{
	pd_record *cur = NULL;
	pd_revision *revs = NULL;
	size_t nrevs = 0;
	int rc = pd_store_get(from, id, &cur, err);
	if (rc == 0)
		rc = pd_store_revisions(from, id, &revs, &nrevs, err);
	/* revisions come newest first: put the oldest first */
	for (size_t k = nrevs; rc == 0 && k-- > 0;) {
		pd_record *old = pd_record_from_json(id, revs[k].json, strlen(revs[k].json), err);
		if (!old) {
			rc = err ? err->code : PD_EINPUT;
			break;
		}
		/* version k is replaced by the next one, with revision k's who/why */
		const pd_revision *by = k + 1 < nrevs ? &revs[k + 1] : NULL;
		rc = pd_store_put(to, old, by ? by->who : NULL, by ? by->why : NULL, NULL, err);
		pd_record_free(old);
	}
	if (rc == 0) {
		split_links(from, cur, links);
		rc = pd_store_put(to, cur, nrevs ? revs[0].who : NULL, nrevs ? revs[0].why : NULL,
				  NULL, err);
	}
	if (rc == 0) {
		rep->records++;
		rep->revisions += nrevs;
	}
	pd_revisions_free(revs, nrevs);
	pd_record_free(cur);
	return rc;
}

/* A hash of what the check compares for one record. */
static int fingerprint(pd_store *s, const char *id, uint64_t *h, pd_err *err)
{
	pd_record *r = NULL;
	pd_revision *revs = NULL;
	size_t n = 0;
	int rc = pd_store_get(s, id, &r, err);
	if (rc == 0)
		rc = pd_store_revisions(s, id, &revs, &n, err);
	if (rc == 0) {
		uint64_t x = pd_record_content_hash(r);
		for (size_t i = 0; i < n; i++) {
			const char *parts[] = { revs[i].json, revs[i].who, revs[i].why };
			x = pd_hash64(x, &revs[i].number, sizeof revs[i].number);
			for (size_t p = 0; p < 3; p++)
				x = pd_hash64(x, parts[p] ? parts[p] : "", parts[p] ? strlen(parts[p]) + 1 : 0);
		}
		/* translations as a set: order-free sum of their hashes */
		uint64_t set = 0;
		for (size_t i = 0; i < r->ntranslations; i++) {
			const pd_translation *t = &r->translations[i];
			uint64_t th = pd_hash64(PD_HASH64_INIT, t->lang ? t->lang : "",
						t->lang ? strlen(t->lang) : 0);
			set += pd_hash64(th, t->id ? t->id : "\n", t->id ? strlen(t->id) : 1);
		}
		*h = pd_hash64(x, &set, sizeof set);
	}
	pd_revisions_free(revs, n);
	pd_record_free(r);
	return rc;
}

static int verify(pd_store *from, pd_store *to, const ids *src, pd_err *err)
{
	ids dst = { 0 };
	pd_stats a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	int rc = list_ids(to, &dst, err);
	if (rc == 0 && dst.n != src->n)
		rc = pd_err_set(err, PD_ESTORE, "check: %zu records copied, %zu in the source",
				dst.n, src->n);
	for (size_t i = 0; rc == 0 && i < src->n; i++) {
		uint64_t ha, hb;
		if ((rc = fingerprint(from, src->v[i], &ha, err)) == 0 &&
		    (rc = fingerprint(to, src->v[i], &hb, err)) == 0 && ha != hb)
			rc = pd_err_set(err, PD_ESTORE, "check: record '%s' differs after the copy",
					src->v[i]);
	}
	if (rc == 0 && (rc = pd_store_stats(from, &a, err)) == 0 &&
	    (rc = pd_store_stats(to, &b, err)) == 0 &&
	    (a.records != b.records || a.turns != b.turns || a.participants != b.participants ||
	     a.revisions != b.revisions))
		rc = pd_err_set(err, PD_ESTORE, "check: counts differ after the copy (records %zu/%zu,"
				" turns %zu/%zu, speakers %zu/%zu, revisions %zu/%zu)", a.records,
				b.records, a.turns, b.turns, a.participants, b.participants,
				a.revisions, b.revisions);
	pd_stats_release(&a);
	pd_stats_release(&b);
	ids_release(&dst);
	return rc;
}

int pd_store_copy(pd_store *from, pd_store *to, pd_copy_progress progress, void *arg,
		  pd_copy_report *rep, pd_err *err)
{
	memset(rep, 0, sizeof *rep);
	ids src = { 0 }, links = { 0 };
	pd_stats st;
	int rc = pd_store_stats(to, &st, err);
	if (rc)
		return rc;
	size_t present = st.records;
	pd_stats_release(&st);
	if (present)
		return pd_err_set(err, PD_EUSAGE, "the destination holds %zu records already; "
				  "copy into an empty archive", present);
	if ((rc = list_ids(from, &src, err)) != 0)
		goto out;
	for (size_t i = 0; rc == 0 && i < src.n; i += COPY_BATCH) {
		if ((rc = pd_store_begin(to, err)) != 0)
			break;
		for (size_t k = i; rc == 0 && k < src.n && k < i + COPY_BATCH; k++)
			rc = copy_record(from, to, src.v[k], &links, rep, err);
		if (rc) {
			pd_store_rollback(to, NULL);
			break;
		}
		rc = pd_store_commit(to, err);
		if (progress)
			progress(i + COPY_BATCH < src.n ? i + COPY_BATCH : src.n, src.n, arg);
	}
	for (size_t i = 0; rc == 0 && i < links.n; i++) {
		char *b = strchr(links.v[i], '\n');
		*b = '\0';
		if ((rc = pd_store_link(to, links.v[i], b + 1, err)) == 0)
			rep->links++;
	}
	if (rc == 0)
		rc = verify(from, to, &src, err);
out:
	ids_release(&src);
	ids_release(&links);
	return rc;
}
