/* fuzz_query.c: the search-query parser (query.c) and its FTS5 form.
 * A query either parses or is refused with PD_EUSAGE and a message; a
 * parsed query always renders to a MATCH expression whose quotes balance
 * (every user string inside "..." with '"' doubled). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "search/query.h"

/* Counts '"' outside FTS5 strings: even when every string is closed. */
static bool quotes_balance(const char *s, size_t n)
{
	size_t q = 0, i;
	for (i = 0; i < n; i++)
		if (s[i] == '"')
			q++;
	return q % 2 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	pd_query *q;
	pd_err err;
	pd_buf b;

	if (size > 64 * 1024)
		return 0;
	text = pd_fuzz_cstr(data, size);
	pd_err_clear(&err);
	q = pd_query_parse(text, &err);
	if (!q) {
		pd_fuzz_check(err.code == PD_EUSAGE && err.msg[0], "a refused query says why");
		goto out;
	}
	pd_fuzz_check(q->root != NULL, "a parsed query has a root");
	pd_buf_init(&b, 0);
	if (pd_query_to_fts5(q, &b) == 0)
		pd_fuzz_check(quotes_balance(pd_buf_cstr(&b), b.len), "FTS5 quotes balance");
	pd_buf_release(&b);
	pd_query_free(q);
out:
	free(text);
	return 0;
}
