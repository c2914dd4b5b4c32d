/* link.c: linking a record with its stored translations (link.h). */
#include "align/link.h"
#include "align/align.h"

#include <string.h>

/* Candidates per record: more than a handful of same-day records in the
 * other language would be a different kind of archive; look at the first. */
#define MAX_CANDIDATES 20

int pd_link_translations(pd_store *s, const pd_record *r, size_t *linked, pd_err *err)
{
	*linked = 0;
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
		pd_record *other = NULL;
		rc = pd_store_get(s, cands[i].id, &other, err);
		if (rc == PD_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc == 0 && pd_align_is_translation(r, other)) {
			rc = pd_store_link(s, r->id, other->id, err);
			if (rc == 0)
				(*linked)++;
		}
		pd_record_free(other);
	}
	pd_summaries_free(cands, n);
	return rc;
}
