/* fuzz_parse.c: the whole of pd_parse — format detection, every reader,
 * JSON Lines, validation. The first byte picks the file name that breaks
 * detection ties, so the same bytes are tried as each format. pd_parse is
 * all-or-nothing: on error nothing reaches the sink. */
#include "fuzz.h"

#include <stdlib.h>

#include "base/limits.h"
#include "parse/parse.h"

static const char *const names[] = {
	"a.txt", "a.html", "transcript-7.xml", "a.md", "a.json", "a.jsonl", "a",
};
#define NNAMES (sizeof names / sizeof names[0])

typedef struct seen {
	int n;
} seen;

static int sink(pd_record *r, void *ctx)
{
	seen *s = ctx;
	pd_fuzz_check(r->id && r->id[0], "a parsed record has an id");
	pd_fuzz_check_record(r);
	pd_record_free(r);
	s->n++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	seen s = { 0 };
	pd_err err;
	int rc;

	if (size < 1 || size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	rc = pd_parse(names[data[0] % NNAMES], (const char *)data + 1, size - 1, sink, &s, &err);
	pd_fuzz_check(rc < 0 ? s.n == 0 : rc == s.n, "pd_parse's count matches the sink's");
	return 0;
}
