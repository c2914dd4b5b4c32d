/* render.h: a record as a document for people and other programs.
 *
 *   pd_render_markdown  CommonMark, safe to feed to any CommonMark renderer:
 *                       transcript text can never become markup, a link or
 *                       raw HTML.
 *   pd_render_text      a plain transcript for a terminal; control
 *                       characters (escape sequences) are dropped.
 *   pd_render_akn       Akoma Ntoso 3.0 XML, a <debateRecord>
 *                       (http://docs.oasis-open.org/legaldocml/akn-core/v1.0/).
 *
 * The JSON form is not here: it is record_json.h (pd_record_to_json).
 *
 * Every function appends to `out` and returns 0, or -1 when the buffer
 * ceiling (out->max) is hit; `out` then holds a partial document which the
 * caller discards (pd_buf_truncate to its earlier length). The record is only
 * read. Invalid UTF-8 anywhere in the record comes out as U+FFFD, so output
 * is always well-formed UTF-8. Fixed words ("Date", "Source", ...) follow
 * r->language: Simplified Chinese for "zh"/"zh-Hans"/"zh-CN", Traditional
 * for "zh-Hant"/"zh-TW"/"zh-HK", English otherwise.
 */
#ifndef PD_RENDER_H
#define PD_RENDER_H

#include "base/buf.h"
#include "record/record.h"

int pd_render_markdown(const pd_record *r, pd_buf *out);
int pd_render_text(const pd_record *r, pd_buf *out);
int pd_render_akn(const pd_record *r, pd_buf *out);

#endif
