/* encoding.h (parse-internal): text that is not UTF-8, made UTF-8.
 *
 * Transcripts saved by other tools come in other encodings: Windows'
 * "Unicode text" is UTF-16 with a byte-order mark, mainland Chinese pages
 * and files GBK/GB18030, Taiwan's and Hong Kong's Big5, older English
 * pages Windows-1252. Text and Markdown inputs say nothing about their
 * encoding, so it is told from the bytes (HTML and XML declare theirs, and
 * libxml2 reads it).
 */
#ifndef PD_PARSE_ENCODING_H
#define PD_PARSE_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* Whether (s, n) starts with a UTF-16 byte-order mark. */
bool pd_is_utf16(const char *s, size_t n);

/* Converts (s, n), which is not valid UTF-8, to UTF-8 in out, and returns
 * the encoding it was read as ("UTF-16", "GB18030", "BIG5-HKSCS",
 * "WINDOWS-1252"), or NULL when no encoding reads it cleanly (out is then
 * left empty):
 *   - a UTF-16 byte-order mark: UTF-16;
 *   - else the Chinese encodings that convert without an error, the one
 *     whose text holds the most of the commonest Chinese characters (a
 *     wrong guess yields rare ones), when a tenth of its CJK characters or
 *     more are such;
 *   - else Windows-1252, when at most a tenth of the bytes are not ASCII
 *     (English with accents and curly quotes). */
const char *pd_text_to_utf8(const char *s, size_t n, pd_buf *out);

#endif
