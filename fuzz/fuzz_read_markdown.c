/* fuzz_read_markdown.c: Markdown transcripts (reader_markdown.c).
 * Any bytes in, repaired to UTF-8 as pd_parse repairs them; a record or an
 * error out, and a record must pass
 * pd_fuzz_check_record (JSON round-trip, renderings valid). */
#include "fuzz.h"

#include "parse/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pd_fuzz_utf8_reader(pd_read_markdown, "transcript.md", data, size);
}
