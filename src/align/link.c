/* link.c: linking a record with its stored translations (link.h). */
#include "align/link.h"
#include "align/align.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

/* Candidates per record: more than a handful of same-day records in the
 * other language would be a different kind of archive; look at the first. */
#define MAX_CANDIDATES 20

static const char *shown_name(const pd_participant *p)
{
	return p->name && *p->name ? p->name : p->label;
}

static bool add_alias(pd_participant *p, const char *alias)
{
	if (!alias || strcmp(p->label, alias) == 0 || (p->name && strcmp(p->name, alias) == 0))
		return false;
	for (size_t i = 0; i < p->naliases; i++)
		if (strcmp(p->aliases[i], alias) == 0)
			return false;
	pd_participant_add_alias(p, alias);
	return true;
}

bool pd_link_names(pd_record *a, pd_record *b)
{
	/* always English first: the same pair gives the same names whichever
	 * of the two is ingested first (ingest stays idempotent) */
	if (a->language && strncmp(a->language, "zh", 2) == 0 &&
	    !(b->language && strncmp(b->language, "zh", 2) == 0)) {
		pd_record *t = a;
		a = b;
		b = t;
	}
	pd_alignment al;
	pd_align(a, b, &al);
	bool changed = false;
	for (size_t k = 0; k < al.nspeakers; k++) {
		pd_participant *pa = pd_record_find_participant(a, al.speaker_a[k]);
		pd_participant *pb = pd_record_find_participant(b, al.speaker_b[k]);
		if (!pa || !pb)
			continue;
		/* role words (Question, 記者) are not names */
		if (pa->kind == PD_PART_JOURNALIST && !pa->name)
			continue;
		const char *na = shown_name(pa), *nb = shown_name(pb);
		changed |= add_alias(pa, nb);
		changed |= add_alias(pb, na);
	}
	pd_alignment_release(&al);
	return changed;
}

int pd_link_prepare(pd_store *s, pd_record *r, pd_link_partners *out, pd_err *err)
{
	memset(out, 0, sizeof *out);
	if (!r->date || !r->language || !r->id)
		return 0;
	bool zh = strncmp(r->language, "zh", 2) == 0;
	pd_list_req req;
	memset(&req, 0, sizeof req);
	req.filter.from = r->date;
	req.filter.to = r->date;
	req.filter.lang = zh ? "en" : "zh";
	req.limit = MAX_CANDIDATES;
	pd_summary *cands = NULL;
	size_t n = 0, total = 0;
	int rc = pd_store_list(s, &req, &cands, &n, &total, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (strcmp(cands[i].id, r->id) == 0)
			continue;
		pd_record *other = NULL;
		rc = pd_store_get(s, cands[i].id, &other, err);
		if (rc == PD_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc == 0 && pd_align_is_translation(r, other)) {
			if (pd_link_names(r, other)) {
				pd_put_result res;
				rc = pd_store_put(s, other, "link", "speakers linked across languages", &res, err);
			}
			out->ids = pd_xgrow(out->ids, sizeof *out->ids, out->n + 1, &out->cap);
			out->ids[out->n++] = pd_xstrdup(other->id);
		}
		pd_record_free(other);
	}
	pd_summaries_free(cands, n);
	return rc;
}

int pd_link_commit(pd_store *s, const pd_record *r, const pd_link_partners *p, pd_err *err)
{
	for (size_t i = 0; i < p->n; i++) {
		int rc = pd_store_link(s, r->id, p->ids[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void pd_link_partners_release(pd_link_partners *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->ids[i]);
	free(p->ids);
	memset(p, 0, sizeof *p);
}
