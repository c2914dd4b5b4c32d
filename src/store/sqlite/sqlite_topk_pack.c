/* sqlite_topk_pack.c: a top list's entries packed into blobs (schema step 8).
 *
 * A row per (term, position) repeated the term and paid a key per entry:
 * 19.8 MB of the 437 MB PM database at 1x. A list is now stored in chunks
 * of SQ_TOPK_CHUNK entries, one row (term, chunk, blob) each: small enough
 * to stay inside a b-tree page (no overflow page per list, ~5 rows a
 * page), and a page of results reads one or two of them.
 *
 * An entry is a varint (7 bits a byte, least significant first, high bit
 * set on all bytes but the last) of tid * 2 + same, then, unless same is 1,
 * the score's 8 bytes (IEEE 754 bits, least significant first): the score
 * comes back bit for bit. same says the score equals the previous entry's
 * in the chunk; ties are common (6 of 10 entries at 1x: short turns with
 * the same count of a word score alike), and a chunk's first entry never
 * says it.
 */
#include <stdint.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* The largest tid an entry holds (tid * 2 + 1 must fit in 64 bits). */
#define SQ_TOPK_MAX_TID (INT64_MAX / 2)

void sq_varint_put(pd_buf *b, uint64_t v)
{
	unsigned char out[10];
	size_t n = 0;
	do {
		out[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			out[n] |= 0x80;
		n++;
	} while (v);
	pd_buf_add(b, out, n);
}

bool sq_varint_get(const unsigned char *p, size_t len, size_t *at, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; *at < len && shift < 64; shift += 7) {
		unsigned char c = p[(*at)++];
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return shift < 63 || (c & 0x7f) <= 1;
	}
	return false;
}

int sq_topk_pack(pd_buf *b, const sq_scored *v, size_t n)
{
	pd_buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		if (v[i].tid < 0 || v[i].tid > SQ_TOPK_MAX_TID)
			return -1;
		/* compared as bits: 0.0 and -0.0 are not the same score here */
		bool same = i > 0 && memcmp(&v[i].score, &v[i - 1].score, sizeof v[i].score) == 0;
		sq_varint_put(b, (uint64_t)v[i].tid << 1 | (same ? 1u : 0u));
		if (same)
			continue;
		uint64_t bits;
		unsigned char out[8];
		memcpy(&bits, &v[i].score, sizeof bits);
		for (int k = 0; k < 8; k++)
			out[k] = (unsigned char)(bits >> (8 * k));
		pd_buf_add(b, out, sizeof out);
	}
	return 0;
}

int sq_topk_unpack(const void *blob, size_t len, sq_scored *out, size_t cap, size_t *n)
{
	const unsigned char *p = blob;
	size_t at = 0;
	*n = 0;
	while (at < len) {
		uint64_t u, bits = 0;
		if (*n == cap || !sq_varint_get(p, len, &at, &u))
			return -1;
		bool same = u & 1;
		if (same && *n == 0)
			return -1;
		out[*n].tid = (sqlite3_int64)(u >> 1);
		if (same) {
			out[*n].score = out[*n - 1].score;
		} else {
			if (len - at < 8)
				return -1;
			for (int k = 0; k < 8; k++)
				bits |= (uint64_t)p[at++] << (8 * k);
			memcpy(&out[*n].score, &bits, sizeof bits);
		}
		(*n)++;
	}
	return 0;
}
