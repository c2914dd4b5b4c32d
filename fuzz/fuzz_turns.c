/* fuzz_turns.c: the turn detector (turns.c) on lines as any reader makes
 * them. Input: lines separated by '\n'; each line's first byte gives its
 * flags (PD_LINE_*: paragraph start, heading, bold, quote, label), the
 * rest is its text. A leading line "@NAME" names the host. Text and name
 * are repaired to UTF-8 first, as every reader does before the detector
 * (doc.h: a line's text is UTF-8); raw bytes would let two labels that
 * differ only in invalid bytes print as one JSON string. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/utf8.h"
#include "parse/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *host = NULL;
	pd_record *r;
	pd_doc d;
	size_t i;

	if (size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	pd_doc_init(&d);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		pd_buf fixed;
		pd_buf_init(&fixed, 0);
		if (len > 1)
			pd_fuzz_check(pd_utf8_repair(&fixed, p + 1, len - 1) == 0, "UTF-8 repair");
		if (len > 1 && p[0] == '@' && !host && d.n == 0) {
			host = pd_fuzz_cstr((const uint8_t *)pd_buf_cstr(&fixed), fixed.len);
		} else if (len > 1 && fixed.len > 0) {
			unsigned flags = (unsigned char)p[0] & 0x3f;
			pd_doc_add_line(&d, pd_buf_cstr(&fixed), fixed.len, flags);
		}
		pd_buf_release(&fixed);
		p += len + (nl != NULL);
	}
	for (i = 0; i < d.n; i++)
		if (d.lines[i].flags & PD_LINE_BOLD_START)
			d.lines[i].bold_len = d.lines[i].len / 2;
	r = pd_record_new();
	pd_record_set(&r->id, "fuzz-turns");
	pd_record_set(&r->title, "fuzz");
	pd_turns_detect(r, &d, host);
	for (i = 0; i < r->nturns; i++)
		pd_fuzz_check(r->turns[i].text != NULL, "every turn has text");
	pd_fuzz_check_record(r);
	pd_record_free(r);
	pd_doc_release(&d);
	free(host);
	return 0;
}
