/* fuzz_turns.c: the turn detector (turns.c) on lines as any reader makes
 * them. Input: lines separated by '\n'; each line's first byte gives its
 * flags (PD_LINE_*: paragraph start, heading, bold, quote, label), the
 * rest is its text. A leading line "@NAME" names the host. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
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
		if (len > 1 && p[0] == '@' && !host && d.n == 0) {
			host = pd_fuzz_cstr((const uint8_t *)p + 1, len - 1);
		} else if (len > 1) {
			unsigned flags = (unsigned char)p[0] & 0x3f;
			pd_doc_add_line(&d, p + 1, len - 1, flags);
		}
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
