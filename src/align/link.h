/* link.h: finding and linking a record's translation at ingest.
 *
 * Before a record is stored, the stored records of the same date in the
 * other language (English <-> Chinese) are aligned with it; those that are a
 * translation on strong evidence (align.h: pd_align_is_translation) become
 * its partners. The speakers that correspond (Audrey Tang <-> 唐鳳) get each
 * other's names as aliases on both sides, so a speaker filter or page
 * covers both languages; the partner is stored again when that changed it.
 * After the record itself is stored, the caller links it with each partner.
 *
 * Enriching before storing keeps ingest idempotent: the same input parsed
 * again finds the same partners, gets the same aliases and hashes the same.
 */
#ifndef PD_ALIGN_LINK_H
#define PD_ALIGN_LINK_H

#include <stddef.h>

#include "base/err.h"
#include "record/record.h"
#include "store/store.h"

typedef struct pd_link_partners {
	char **ids;
	size_t n, cap;
} pd_link_partners;

/* Finds r's translations in s, adds the cross-language names to r (in
 * memory) and to each partner (stored again when changed). Returns 0 or a
 * negative PD_E* store error; out lists the partners' ids. */
int pd_link_prepare(pd_store *s, pd_record *r, pd_link_partners *out, pd_err *err);
/* Links r->id with every partner (after r is stored). */
int pd_link_commit(pd_store *s, const pd_record *r, const pd_link_partners *p, pd_err *err);
void pd_link_partners_release(pd_link_partners *p);

/* Adds the names of the speakers that correspond in a and b to each
 * other's participants as aliases. True when either record changed. */
bool pd_link_names(pd_record *a, pd_record *b);

#endif
