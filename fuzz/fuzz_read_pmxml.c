/* fuzz_read_pmxml.c: PM Transcripts XML (reader_pmxml.c).
 * Any bytes in; a record or an error out, and a record must pass
 * pd_fuzz_check_record (JSON round-trip, renderings valid). */
#include "fuzz.h"

#include "parse/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pd_fuzz_reader(pd_read_pm_xml, "transcript-1.xml", data, size);
}
