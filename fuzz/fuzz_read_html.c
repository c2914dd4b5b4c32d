/* fuzz_read_html.c: HTML pages (reader_html.c, libxml2's HTML parser).
 * Any bytes in; a record or an error out, and a record must pass
 * pd_fuzz_check_record (JSON round-trip, renderings valid). */
#include "fuzz.h"

#include "parse/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pd_fuzz_reader(pd_read_html, "page.html", data, size);
}
