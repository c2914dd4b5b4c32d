/* fuzz_snippet.c: search snippets (snippet.c). Input: terms separated by
 * '\x01', then '\n', then the text. A snippet is valid UTF-8, has balanced
 * highlight marks (\x02 ... \x03, never nested) and stays near the asked
 * length. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "search/snippet.h"

/* Code points in s. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl;
	char *terms[PD_MAX_QUERY_TERMS];
	size_t nterms = 0, want, i, open = 0;
	char *snip;
	const char *c;

	if (size < 2 || size > 256 * 1024)
		return 0;
	want = data[0] % 64 ? (size_t)(data[0] % 64) * 8 : 0;
	p++;
	size--;
	nl = memchr(p, '\n', size);
	if (nl) {
		const char *t = p;
		while (t < nl && nterms < PD_MAX_QUERY_TERMS) {
			const char *sep = memchr(t, '\x01', (size_t)(nl - t));
			const char *e = sep ? sep : nl;
			terms[nterms++] = pd_xstrndup(t, (size_t)(e - t));
			t = e + 1;
		}
		size -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	snip = pd_snippet_make(p, size, terms, nterms, want);
	pd_fuzz_check(snip != NULL, "a snippet is never NULL");
	pd_fuzz_check(pd_utf8_valid(snip, strlen(snip)), "snippet is UTF-8");
	for (c = snip; *c; c++) {
		if (*c == '\x02') {
			pd_fuzz_check(!open, "highlights do not nest");
			open = 1;
		} else if (*c == '\x03') {
			pd_fuzz_check(open, "a highlight closes what it opened");
			open = 0;
		}
	}
	pd_fuzz_check(!open, "every highlight closes");
	/* The window plus the two ellipses and the marks. */
	pd_fuzz_check(chars(snip) <= (want ? want : PD_SNIPPET_CHARS) * 2 + 2 + 2 * nterms * 8 + 64,
		      "snippet stays near its length");
	free(snip);
	for (i = 0; i < nterms; i++)
		free(terms[i]);
	return 0;
}
