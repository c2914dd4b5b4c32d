/* escape.h: one output function per escaping context (after cgit's html.h).
 *
 * Everything a transcript or a request supplies goes through one of these on
 * its way out. Each appends to a pd_buf and returns 0, or -1 when the buffer
 * ceiling is hit. Invalid UTF-8 is repaired to U+FFFD in every context, so
 * output is always well-formed UTF-8.
 */
#ifndef PD_ESCAPE_H
#define PD_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"

/* HTML text content: & < > escaped; quotes too, so the same text is safe in
 * a quoted attribute. Bidi override and isolate controls (U+202A-202E,
 * U+2066-2069) are dropped so a transcript cannot reorder the page, and so
 * are NUL, the other controls except tab/CR/LF, DEL, U+0080-009F and the
 * noncharacters U+FFFE/FFFF. */
int pd_esc_html(pd_buf *b, const char *s, size_t n);
int pd_esc_html_str(pd_buf *b, const char *s);   /* NULL -> nothing */

/* A URL component (path segment or query value): everything except
 * unreserved ASCII (A-Z a-z 0-9 - . _ ~) is percent-encoded. */
int pd_esc_url(pd_buf *b, const char *s, size_t n);

/* The inside of a JSON string (no surrounding quotes): " \ and controls
 * escaped; < > & and U+2028/2029 written as \u escapes so the JSON can sit
 * inside an HTML <script> (no "</script", no "<!--"). */
int pd_esc_json(pd_buf *b, const char *s, size_t n);
/* A whole JSON string value with quotes; NULL writes null. */
int pd_json_str(pd_buf *b, const char *s);

/* XML text or attribute value: & < > " ' escaped; characters XML 1.0 forbids
 * (controls other than tab/CR/LF, U+FFFE/FFFF) and bidi controls are
 * dropped. In an attribute a parser reads tab/CR/LF as spaces. */
int pd_esc_xml(pd_buf *b, const char *s, size_t n);
int pd_esc_xml_str(pd_buf *b, const char *s);

/* Decodes a percent-encoded URL component ('+' as space when plus_space).
 * Malformed escapes are an error (-1): requests with them get a 400.
 * The result may contain any bytes; callers validate UTF-8. */
int pd_url_decode(pd_buf *b, const char *s, size_t n, int plus_space);

#endif
