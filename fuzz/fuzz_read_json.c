/* fuzz_read_json.c: Podium's JSON record format (record_json.c, jansson).
 * A record read from any bytes must write back as JSON that reads to the
 * same record, and render. */
#include "fuzz.h"

#include "record/record_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pd_fuzz_reader(pd_record_from_json, "record.json", data, size);
}
