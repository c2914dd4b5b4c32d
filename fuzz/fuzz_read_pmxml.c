/* fuzz_read_pmxml.c: PM Transcripts XML (reader_pmxml.c).
 * Any bytes in; a record or an error out, and a record must pass
 * pd_fuzz_check_record (JSON round-trip, renderings valid).
 *
 * Differential as well: the reader's hand scanner (pmxml_scan.c) must give
 * exactly what the libxml2 path alone gives — the same record JSON, or the
 * same error — for every input, whether the scanner reads it or declines
 * it. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "parse/readers.h"
#include "record/record_json.h"

/* The record's JSON, or the error's message, into out. */
static void outcome(pd_fuzz_reader_fn read, const uint8_t *data, size_t size, pd_buf *out)
{
	pd_err err;
	pd_err_clear(&err);
	pd_record *r = read("transcript-1.xml", (const char *)data, size, &err);
	if (r) {
		pd_fuzz_check(pd_record_to_json(r, out) == 0, "record to JSON");
		pd_record_free(r);
	} else {
		pd_buf_printf(out, "error: %s", err.msg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pd_fuzz_reader(pd_read_pm_xml, "transcript-1.xml", data, size);
	if (size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	pd_buf fast, ref;
	pd_buf_init(&fast, 0);
	pd_buf_init(&ref, 0);
	outcome(pd_read_pm_xml, data, size, &fast);
	outcome(pd_read_pm_xml_libxml, data, size, &ref);
	bool same = fast.len == ref.len && memcmp(pd_buf_cstr(&fast), pd_buf_cstr(&ref), fast.len) == 0;
	if (!same)
		fprintf(stderr, "scanner: %s\nlibxml2: %s\n", pd_buf_cstr(&fast), pd_buf_cstr(&ref));
	pd_fuzz_check(same, "the scanner and libxml2 read the PM XML alike");
	pd_buf_release(&fast);
	pd_buf_release(&ref);
	return 0;
}
