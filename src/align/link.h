/* link.h: finding and linking a stored record's translation.
 *
 * At ingest, a newly stored record is compared with the stored records of
 * the same date in the other language (English <-> Chinese); those that
 * align as a translation on strong evidence (align.h:
 * pd_align_is_translation) are linked both ways in the store.
 */
#ifndef PD_ALIGN_LINK_H
#define PD_ALIGN_LINK_H

#include <stddef.h>

#include "base/err.h"
#include "record/record.h"
#include "store/store.h"

/* Links r (already stored) with its translations found in s. *linked gets
 * how many links were made. Returns 0 or a negative PD_E* store error. */
int pd_link_translations(pd_store *s, const pd_record *r, size_t *linked, pd_err *err);

#endif
