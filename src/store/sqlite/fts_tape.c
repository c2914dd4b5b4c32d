/* fts_tape.c: texts cut into the index's tokens ahead of FTS5, replayed
 * when FTS5 indexes them (see sqlite_int.h).
 *
 * Why: an ingest's writer thread is its critical path, and FTS5 runs the
 * `cjk` tokenizer there, inside the commit's INSERT ... SELECT. The
 * reader's thread has time to spare, so it cuts each turn's text as it
 * prepares the record (sq_put_prepare); the writer then only hands the
 * tokens to FTS5. A tape is used only for a text equal byte for byte to
 * the one it was cut from, and the tokenizer is a function of the text
 * alone, so FTS5 receives exactly what tokenizing would have given it.
 *
 * An entry: the text's length and the tape's length (4 bytes each, native
 * order: the bytes never leave the process), the text, then per token a
 * varint of (length << 2 | as_in_text << 1 | colocated), the token's bytes
 * unless they are the text's own at the token's place (most words, most
 * CJK bigrams), a varint of its start's distance from the previous
 * token's start (zigzag: colocated and overlapping tokens go back) and one
 * of its length in the text.
 */
#include <stdint.h>
#include <string.h>

#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* Big-endian 7-bit groups, the high bit on all but the last. */
static void put_varint(pd_buf *b, uint64_t v)
{
	unsigned char out[10];
	size_t at = sizeof out;
	out[--at] = (unsigned char)(v & 0x7f); /* the lowest group ends it */
	while (v >>= 7)
		out[--at] = (unsigned char)((v & 0x7f) | 0x80);
	pd_buf_add(b, out + at, sizeof out - at);
}

/* 0 when the varint runs past end. */
static bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int k = 0; k < 10 && *p < end; k++) {
		unsigned char c = *(*p)++;
		x = (x << 7) | (c & 0x7f);
		if (!(c & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

static uint64_t zigzag(int64_t v)
{
	return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

static int64_t unzigzag(uint64_t v)
{
	return v & 1 ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
}

void sq_tape_add(pd_buf *tape, const char *text, size_t n)
{
	if (n == 0 || n > UINT32_MAX)
		return;
	size_t head = tape->len;
	uint32_t lens[2] = { (uint32_t)n, 0 };
	pd_buf_add(tape, lens, sizeof lens);
	pd_buf_add(tape, text, n);
	size_t body = tape->len;
	pd_tokenizer tz;
	pd_token tok;
	size_t prev = 0;
	pd_tokenizer_init(&tz, text, n, PD_TOK_DOCUMENT);
	while (pd_tokenizer_next(&tz, &tok)) {
		bool as_in_text = tok.end - tok.start == tok.len &&
				  memcmp(text + tok.start, tok.text, tok.len) == 0;
		put_varint(tape, ((uint64_t)tok.len << 2) | (as_in_text ? 2 : 0) |
					 (tok.colocated ? 1 : 0));
		if (!as_in_text)
			pd_buf_add(tape, tok.text, tok.len);
		put_varint(tape, zigzag((int64_t)tok.start - (int64_t)prev));
		put_varint(tape, tok.end - tok.start);
		prev = tok.start;
	}
	pd_tokenizer_release(&tz);
	if (tape->len - body > UINT32_MAX) { /* cannot be told: the text is cut as it comes */
		pd_buf_truncate(tape, head);
		return;
	}
	lens[1] = (uint32_t)(tape->len - body);
	memcpy(tape->data + head, lens, sizeof lens);
}

void sq_tape_queue_push(sq_tape_queue *q, const pd_buf *tapes)
{
	if (tapes->len)
		pd_buf_add(&q->data, tapes->data, tapes->len);
}

void sq_tape_queue_release(sq_tape_queue *q)
{
	pd_buf_release(&q->data);
	q->pos = 0;
}

int sq_tape_replay(sq_tape_queue *q, const char *text, size_t n,
		   int (*token)(void *, int, const char *, int, int, int), void *ctx, int *rc)
{
	uint32_t lens[2];
	if (q->data.len - q->pos < sizeof lens)
		return 0;
	const unsigned char *at = (const unsigned char *)q->data.data + q->pos;
	memcpy(lens, at, sizeof lens);
	if (lens[0] != n || memcmp(at + sizeof lens, text, n) != 0)
		return 0;
	const unsigned char *p = at + sizeof lens + n, *end = p + lens[1];
	int64_t start = 0;
	*rc = SQLITE_OK;
	/* the tape was made here from this very text: its bounds hold; they
	 * are checked all the same, a bad tape stops the replay */
	while (p < end && *rc == SQLITE_OK) {
		uint64_t head, delta, len;
		if (!get_varint(&p, end, &head))
			break;
		size_t tlen = (size_t)(head >> 2);
		const char *tok = (const char *)p;
		if (!(head & 2)) {
			if ((size_t)(end - p) < tlen)
				break;
			p += tlen;
		}
		if (!get_varint(&p, end, &delta) || !get_varint(&p, end, &len))
			break;
		start += unzigzag(delta);
		if (start < 0 || (uint64_t)start > n || len > n - (uint64_t)start ||
		    ((head & 2) && tlen != len))
			break;
		if (head & 2)
			tok = text + start;
		*rc = token(ctx, (head & 1) ? FTS5_TOKEN_COLOCATED : 0, tok, (int)tlen, (int)start,
			    (int)(start + (int64_t)len));
	}
	q->pos += sizeof lens + n + lens[1];
	q->replayed++;
	return 1;
}
