/* sqlite_json_pack.c: records.json stored deflated.
 *
 * records.json (the record without its turns) was 12.4 MB of the 437 MB
 * PM database at 1x, ~590 bytes a record, most of it the same keys in the
 * same order every time. Deflated against a preset dictionary of those
 * keys and the archive's common values it is 4.1 MB (without a dictionary
 * 7.3): a record is too short for deflate to learn its keys from itself.
 *
 * Stored as a BLOB: byte 0 the format (SQ_JSON_DEFLATE1), then a raw
 * deflate stream (RFC 1951) made with `dictionary` below as its preset
 * dictionary. A TEXT value is JSON as written before (schema steps 1-7
 * wrote every record so; such rows stay as they are until rewritten), so
 * the reader tells the two apart by the value's type. The dictionary is
 * part of the format: a new one needs a new format byte, and readers keep
 * the old one for the rows written with it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/limits.h"
#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

#define SQ_JSON_DEFLATE1 1
/* A 2 KiB window (raw deflate): the dictionary and a typical record fit
 * in it, and deflate's state is ~20 KB instead of ~256 KB, set up per
 * record; the output is within 0.1 % of the largest window's. */
#define SQ_JSON_WBITS 11
#define SQ_JSON_MEMLEVEL 4

/* What most records' JSON repeats, least common first (deflate reaches the
 * end of a dictionary with the shortest distances): common values (types,
 * the zh language, a participant's empty fields), the PM transcripts'
 * source, URL prefix and format (most of the archive: 1 MB less at 1x,
 * 7 at 10x, than without them), the participant kinds, and last
 * pd_record_to_json's keys in its order. Other sources get the keys. */
static const char dictionary[] =
	"\"release_type\":\"Meeting\"\"release_type\":\"Interview\""
	"\"release_type\":\"Transcript\"\"release_type\":\"Speech\""
	"\"release_type\":\"Media Release\"\"language\":\"zh-Hant\",\"source\":null"
	"\"format\":\"markdown\""
	"\"source\":\"PM Transcripts: Prime Minister \","
	"\"url\":\"https://pmtranscripts.pmc.gov.au/sites/default/files/original/000\","
	"\"format\":\"pm-xml\","
	"\",\"name\":null,\"role\":null,\"kind\":\"official\",\"aliases\":[]},{\"label\":\""
	"\"kind\":\"other\"\"kind\":\"moderator\"\"kind\":\"journalist\""
	"\"kind\":\"official\"\"kind\":\"host\""
	"{\"id\":\"\",\"title\":\"\",\"category\":null,\"date\":\"\",\"language\":\"en\","
	"\"source\":\"\",\"release_type\":\"\",\"url\":\"https://\",\"origin\":\"\","
	"\"format\":\"\",\"topics\":[],\"participants\":[{\"label\":\"\",\"name\":null,"
	"\"role\":null,\"kind\":\"\",\"aliases\":[]}],\"turns\":[],\"qa\":[],\"images\":[],"
	"\"translations\":[]}";

int sq_json_pack(const char *json, size_t len, pd_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	pd_buf_reset(out);
	if (len > PD_MAX_DOCUMENT_BYTES ||
	    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -SQ_JSON_WBITS, SQ_JSON_MEMLEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong cap = deflateBound(&z, (uLong)len);
	unsigned char *dst = pd_xmalloc((size_t)cap + 1);
	dst[0] = SQ_JSON_DEFLATE1;
	z.next_in = (Bytef *)json;
	z.avail_in = (uInt)len;
	z.next_out = dst + 1;
	z.avail_out = (uInt)cap;
	bool ok = deflateSetDictionary(&z, (const Bytef *)dictionary, sizeof dictionary - 1) ==
			  Z_OK &&
		  deflate(&z, Z_FINISH) == Z_STREAM_END &&
		  pd_buf_add(out, dst, 1 + (size_t)z.total_out) == 0;
	deflateEnd(&z);
	free(dst);
	return ok ? 0 : -1;
}

int sq_json_unpack(const void *blob, size_t len, pd_buf *out)
{
	const unsigned char *p = blob;
	z_stream z;
	memset(&z, 0, sizeof z);
	pd_buf_reset(out);
	if (len < 1 || p[0] != SQ_JSON_DEFLATE1 || len - 1 > (size_t)UINT_MAX ||
	    inflateInit2(&z, -15) != Z_OK)
		return -1;
	int rc = inflateSetDictionary(&z, (const Bytef *)dictionary, sizeof dictionary - 1);
	z.next_in = (Bytef *)(p + 1);
	z.avail_in = (uInt)(len - 1);
	unsigned char chunk[4096];
	while (rc == Z_OK) {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof chunk - z.avail_out;
		if ((rc == Z_OK || rc == Z_STREAM_END) &&
		    (out->len + got > PD_MAX_DOCUMENT_BYTES || pd_buf_add(out, chunk, got) != 0))
			rc = Z_MEM_ERROR;
	}
	/* the stream ends where the blob does */
	bool ok = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (!ok)
		pd_buf_reset(out);
	return ok ? 0 : -1;
}
