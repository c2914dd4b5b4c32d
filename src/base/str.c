/* str.c: slice helpers (see str.h). */
#include "base/str.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

pd_slice pd_slice_of(const char *s)
{
	pd_slice r = { s, s ? strlen(s) : 0 };
	return r;
}

static size_t space_at(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[0];
	if (c < 0x80) /* the common case, without decoding */
		return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
	uint32_t cp;
	size_t l = pd_utf8_decode(p, n, &cp);
	return pd_cp_is_space(cp) ? l : 0;
}

/* Length of a white-space character ending at p + n, or 0. */
static size_t space_before(const char *p, size_t n)
{
	size_t back = 1;
	while (back < 4 && back < n && (((unsigned char)p[n - back]) & 0xC0) == 0x80)
		back++;
	if (back > n)
		return 0;
	size_t l = space_at(p + n - back, back);
	return l == back ? l : 0;
}

pd_slice pd_slice_trim(pd_slice s)
{
	/* '!' to DEL at both ends, most text: nothing to trim, nothing to
	 * decode (the readers trim every text run, the turns every line) */
	if (s.n && (unsigned char)(s.p[0] - 0x21) < 0x5F && (unsigned char)(s.p[s.n - 1] - 0x21) < 0x5F)
		return s;
	size_t l;
	while (s.n && (l = space_at(s.p, s.n)) > 0) {
		s.p += l;
		s.n -= l;
	}
	while (s.n && (l = space_before(s.p, s.n)) > 0)
		s.n -= l;
	return s;
}

bool pd_slice_eq(pd_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && memcmp(s.p, lit, n) == 0;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

bool pd_slice_eq_nocase(pd_slice s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i]))
			return false;
	return true;
}

bool pd_slice_starts(pd_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

bool pd_slice_starts_nocase(pd_slice s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.n < n)
		return false;
	pd_slice head = { s.p, n };
	return pd_slice_eq_nocase(head, lit);
}

bool pd_slice_next_line(pd_slice *cur, pd_slice *line)
{
	if (!cur->n)
		return false;
	const char *nl = memchr(cur->p, '\n', cur->n);
	size_t take = nl ? (size_t)(nl - cur->p) : cur->n;
	line->p = cur->p;
	line->n = take;
	if (take && line->p[take - 1] == '\r')
		line->n--;
	size_t adv = nl ? take + 1 : take;
	cur->p += adv;
	cur->n -= adv;
	return true;
}

char *pd_slice_dup(pd_slice s)
{
	return pd_xstrndup(s.p, s.n);
}

int pd_strcasecmp_ascii(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = lower((unsigned char)*a), y = lower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

bool pd_str_contains_ci(const char *hay, const char *needle)
{
	/* the first byte is compared here, not by a strncasecmp call at
	 * every position of the haystack */
	size_t k = strlen(needle);
	if (!k)
		return hay && *hay;
	int first = lower((unsigned char)*needle);
	for (; hay && *hay; hay++)
		if (lower((unsigned char)*hay) == first && strncasecmp(hay, needle, k) == 0)
			return true;
	return false;
}

char *pd_str_collapse_space(const char *s, size_t n)
{
	size_t len;
	return pd_str_collapse_space_n(s, n, &len);
}

#if defined(__SSE2__)
/* Copies the sixteen bytes at s + at to out + at and sets *other to
 * copy_run's stops among them but the spaces: the bytes below ' ' and
 * from 0x80 (one signed compare, they are negative as signed); and *sp
 * to their spaces. With markup (a constant: inline, each caller has its
 * own), pd_copy_markup_run's: '<', '&' and DEL stop too (with the bytes
 * below ' ' and from 0x80 in one signed compare of the bytes plus one).
 * Returns the bytes, for the colons the caller looks for. */
static inline __m128i block_masks(const char *s, size_t at, char *out, bool markup, uint32_t *other,
				  uint32_t *sp)
{
	const __m128i space = _mm_set1_epi8(' ');
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
	_mm_storeu_si128((__m128i *)(void *)(out + at), v);
	__m128i bad = _mm_cmplt_epi8(v, space);
	if (markup)
		bad = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(1)), _mm_set1_epi8('!')),
				   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
						_mm_cmpeq_epi8(v, _mm_set1_epi8('&'))));
	*other = (uint32_t)_mm_movemask_epi8(bad);
	*sp = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
	return v;
}

/* The stops of a block whose masks are other and sp (top: the bit of its
 * last byte, at s[last]): those of other, and the spaces not followed by
 * a byte copy_run takes ('!'..DEL; pd_markup_text_byte with markup). For
 * the block's last byte that is s[last + 1], looked at only when it is a
 * space and the block's one stop (a block in six: the stop cost a return
 * to the caller's loop and a call of copy_run). */
static inline uint32_t block_stops(const char *s, size_t last, size_t n, bool markup, uint32_t other,
				   uint32_t sp, uint32_t top)
{
	uint32_t stop = other | (sp & (((sp | other) >> 1) | top));
	if (stop == top && (sp & top) && last + 1 < n) {
		unsigned char next = (unsigned char)s[last + 1];
		if (markup ? pd_markup_text_byte(next) : (unsigned char)(next - 0x21) < 0x5F)
			return 0;
	}
	return stop;
}

/* Copies the sixteen bytes at s + at to out + at, sets *v to them and
 * returns copy_run's stops among them (pd_copy_markup_run's with
 * markup). */
static inline uint32_t copy_block(const char *s, size_t at, size_t n, char *out, bool markup,
				  __m128i *v)
{
	uint32_t other, sp;
	*v = block_masks(s, at, out, markup, &other, &sp);
	return block_stops(s, at + 15, n, markup, other, sp, 0x8000u);
}

/* The same for the thirty-two bytes at s + at, their masks joined into
 * one (*lo and *hi set to their halves): a paragraph's run is half a
 * dozen such steps, and a test, a branch and the loop's steps per sixteen
 * bytes cost 0.9 M of the 11.5 M instructions of pd_copy_markup_run in
 * pd_parse on the first 500 dev files (the collapse is the largest item
 * of the parser's time profile). */
static inline uint32_t copy_block32(const char *s, size_t at, size_t n, char *out, bool markup,
				    __m128i *lo, __m128i *hi)
{
	uint32_t other_lo, sp_lo, other_hi, sp_hi;
	*lo = block_masks(s, at, out, markup, &other_lo, &sp_lo);
	*hi = block_masks(s, at + 16, out, markup, &other_hi, &sp_hi);
	return block_stops(s, at + 31, n, markup, other_lo | other_hi << 16, sp_lo | sp_hi << 16,
			   0x80000000u);
}

/* The bits of the ':' and ';' (0x3A, 0x3B: the one with its low bit set
 * is ';') among the sixteen bytes v. */
static inline uint32_t colon_bits(__m128i v)
{
	return (uint32_t)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8(';')));
}

/* The least of least and the bytes of v each xor ':' (0 for a ':', 1 for
 * a ';', above for any other byte): two instructions a block copy_blocks
 * takes whole, its colons told by one test a run (a compare and an OR a
 * block, as in a first try, were three). */
static inline __m128i least_colon_xor(__m128i least, __m128i v)
{
	return _mm_min_epu8(least, _mm_xor_si128(v, _mm_set1_epi8(':')));
}

/* Whether a byte of least_colon_xor's least is a ':' or ';' (at most 1). */
static inline bool least_is_colon(__m128i least)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(least, _mm_set1_epi8(1)),
						_mm_setzero_si128())) != 0;
}

/* copy_run's thirty-two- and sixteen-byte steps for n >= 16
 * (pd_copy_markup_run's with markup): the run's length; PD_COLLAPSE_COLON
 * added to *marks when the run holds a ':' or ';'. Of the block with the run's stop only the
 * bytes before the stop count: markup's ';' after a '&' ("&lt;" in most
 * PM transcripts' escaped HTML) or ':' after a '<' is not the line's.
 * Always inline: gcc made a call of it once it took two blocks a step,
 * and the call cost more than the step saved (191.3 M -> 192.2 M
 * instructions in pd_parse on the first 500 dev files, 190.3 M
 * inline). */
__attribute__((always_inline)) static inline size_t copy_blocks(const char *s, size_t n, char *out,
								 bool markup, unsigned char *marks)
{
	__m128i least = _mm_set1_epi8(-1), lo, hi;
	size_t i = 0, len = n;
	uint32_t stop, colons = 0;
	for (; i + 32 <= n; i += 32) {
		stop = copy_block32(s, i, n, out, markup, &lo, &hi);
		if (stop) {
			colons = colon_bits(lo) | colon_bits(hi) << 16;
			goto ended;
		}
		least = least_colon_xor(least_colon_xor(least, lo), hi);
	}
	if (i + 16 <= n) {
		stop = copy_block(s, i, n, out, markup, &lo);
		if (stop) {
			colons = colon_bits(lo);
			goto ended;
		}
		least = least_colon_xor(least, lo);
		i += 16;
	}
	if (i == n)
		goto whole;
	/* the last block ends at n, over bytes already copied (the same
	 * bytes again, none of them a stop): the loops below stopped at
	 * every space of a run's last bytes, a call of this function per
	 * word */
	i = n - 16;
	stop = copy_block(s, i, n, out, markup, &lo);
	colons = colon_bits(lo);
	if (!stop)
		goto whole;
ended:
	len = i + (size_t)__builtin_ctz(stop);
	colons &= (stop & -stop) - 1;
whole:
	if (colons || least_is_colon(least))
		*marks |= PD_COLLAPSE_COLON;
	return len;
}
#endif

/* Whether (s, n) holds a ':' or ';': the runs the blocks do not copy. */
static inline bool has_colon_byte(const char *s, size_t n)
{
	bool colon = false;
	for (size_t i = 0; i < n; i++)
		colon |= (s[i] | 1) == ';';
	return colon;
}

/* Copies the run at s (n bytes, the first one of them '!'..DEL) to out
 * and returns its length: bytes '!'..DEL, and single spaces each followed
 * by one of those (a space the collapse would keep as it stands: words
 * with one space between them, most of a line, are copied in one run).
 * Eight bytes at a time where it can (copy_run takes thirty-two and
 * sixteen): they are stored whole before the test, so out must have room
 * for n bytes (the caller's out is never ahead of s). The byte-at-a-time tail stops at any space, as the
 * caller's loop then handles it the same way. */
static size_t copy_run_plain(const char *s, size_t n, char *out)
{
	size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t high = 0x8080808080808080u, low7 = 0x7F7F7F7F7F7F7F7Fu;
	const uint64_t spaces = 0x2020202020202020u;
	while (i + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		memcpy(out + i, &w, 8);
		/* the high bit of each byte below ' ' (no high bit of its
		 * own, and no carry into the next: 0x7F + 0x60 < 0x100) or
		 * above DEL */
		uint64_t other = (~((w & low7) + 0x6060606060606060u) | w) & high;
		/* the high bit of each ' ' (a zero byte of w ^ spaces, found
		 * without carries) */
		uint64_t x = w ^ spaces;
		uint64_t sp = ~(((x & low7) + low7) | x) & high;
		/* a space stops the run unless the byte after it, in this
		 * word, is '!'..DEL: another space, white space, a
		 * non-ASCII byte (perhaps a Unicode space) or the end go
		 * to the caller's loop */
		uint64_t next_bad = ((sp | other) >> 8) | (high & ~(high >> 8));
		uint64_t stop = other | (sp & next_bad);
		if (stop)
			return i + (size_t)__builtin_ctzll(stop) / 8;
		i += 8;
	}
#endif
	while (i < n && (unsigned char)(s[i] - 0x21) < 0x5F) {
		out[i] = s[i];
		i++;
	}
	return i;
}

/* copy_run_plain, thirty-two and sixteen bytes at a time where SSE2 is
 * and the run may be long; PD_COLLAPSE_COLON added to *marks when the run
 * holds a ':' or ';'. */
static size_t copy_run(const char *s, size_t n, char *out, unsigned char *marks)
{
#if defined(__SSE2__)
	if (n >= 16)
		return copy_blocks(s, n, out, false, marks);
#endif
	size_t r = copy_run_plain(s, n, out);
	if (has_colon_byte(out, r))
		*marks |= PD_COLLAPSE_COLON;
	return r;
}

char *pd_str_collapse_space_n(const char *s, size_t n, size_t *out_len)
{
	/* the result is never longer than the input: one allocation */
	char *out = pd_xmalloc(n + 1);
	*out_len = pd_str_collapse_space_to(s, n, out);
	return out;
}

size_t pd_str_collapse_space_to(const char *s, size_t n, char *out)
{
	size_t ascii_len;
	return pd_str_collapse_space_ascii(s, n, out, &ascii_len);
}

/* The collapse's space pending before a byte it writes at out + o, written:
 * the new o. */
static inline size_t put_pending(char *out, size_t o, bool *pending)
{
	if (*pending)
		out[o++] = ' ';
	*pending = false;
	return o;
}

void pd_collapse_more(pd_collapse *c, const char *s, size_t n, char *out)
{
	/* ASCII, the common case, without decoding, and a run of printable
	 * ASCII (a word) in one tight loop: this function takes every line
	 * and the whole of each PM transcript's content, and showed at the
	 * top of the parser's profile */
	const unsigned char *u = (const unsigned char *)s;
	size_t o = c->len, first_high = c->first_high;
	bool pending = c->pending;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)(u[i] - 0x21) < 0x5F) { /* '!'..DEL */
			o = put_pending(out, o, &pending);
			size_t r = copy_run(s + i, n - i, out + o, &c->marks);
			i += r;
			o += r;
			continue;
		}
		unsigned char ch = u[i];
		if (ch < 0x80) {
			if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
				pending = o > 0;
				i++;
				continue;
			}
			o = put_pending(out, o, &pending);
			if (!ch)
				c->marks |= PD_COLLAPSE_NUL;
			out[o++] = (char)ch;
			i++;
			continue;
		}
		/* one decode tells a Unicode space from a character to copy
		 * (curly quotes and dashes, CJK): space_at and a second
		 * decode each did it once */
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		if (pd_cp_is_space(cp)) {
			pending = o > 0;
			i += l;
			continue;
		}
		o = put_pending(out, o, &pending);
		/* only here does a byte above ASCII reach out (a Unicode
		 * space above became an ASCII one) */
		if (first_high == SIZE_MAX)
			first_high = o;
		for (size_t k = 0; k < l; k++)
			out[o++] = s[i + k];
		i += l;
	}
	c->len = o;
	c->first_high = first_high;
	c->pending = pending;
}

size_t pd_copy_markup_run(const char *s, size_t n, char *out, unsigned char *marks)
{
#if defined(__SSE2__)
	if (n >= 16)
		return copy_blocks(s, n, out, true, marks);
#endif
	size_t i = 0;
	for (; i < n && pd_markup_text_byte((unsigned char)s[i]); i++)
		out[i] = s[i];
	if (has_colon_byte(out, i))
		*marks |= PD_COLLAPSE_COLON;
	return i;
}

size_t pd_str_collapse_space_ascii(const char *s, size_t n, char *out, size_t *ascii_len)
{
	pd_collapse c;
	pd_collapse_init(&c);
	pd_collapse_more(&c, s, n, out);
	out[c.len] = '\0';
	*ascii_len = pd_collapse_ascii_len(&c);
	return c.len;
}

/* pd_ascii_letters (lower_only false) and pd_ascii_lower. */
static size_t ascii_count(const char *s, size_t n, bool lower_only)
{
	size_t c = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		c += lower_only ? pd_ascii8_lower(w) : pd_ascii8_letters(w);
	}
	for (; i < n; i++) {
		char l = lower_only ? s[i] : (char)(s[i] | 32);
		c += l >= 'a' && l <= 'z';
	}
	return c;
}

size_t pd_ascii_letters(const char *s, size_t n)
{
	return ascii_count(s, n, false);
}

size_t pd_ascii_lower(const char *s, size_t n)
{
	return ascii_count(s, n, true);
}

#if defined(__SSE2__)
static size_t letters_lower16(const char *s, size_t n, size_t *lower);
#endif

size_t pd_ascii_letters_lower(const char *s, size_t n, size_t *lower)
{
#if defined(__SSE2__)
	if (n >= 16)
		return letters_lower16(s, n, lower);
#endif
	size_t c = 0, lo = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		c += pd_ascii8_letters(w);
		lo += pd_ascii8_lower(w);
	}
	for (; i < n; i++) {
		char l = (char)(s[i] | 32);
		c += l >= 'a' && l <= 'z';
		lo += s[i] >= 'a' && s[i] <= 'z';
	}
	*lower = lo;
	return c;
}

/* Bits set in a 16-bit mask, without a popcount instruction. */
static unsigned bits16(unsigned m)
{
	m = m - ((m >> 1) & 0x5555u);
	m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
	m = (m + (m >> 4)) & 0x0F0Fu;
	return (m + (m >> 8)) & 0x1Fu;
}

/* Bits set in a 64-bit word, without a popcount instruction. */
static size_t bits64(uint64_t m)
{
	m -= (m >> 1) & 0x5555555555555555u;
	m = (m & 0x3333333333333333u) + ((m >> 2) & 0x3333333333333333u);
	m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
	return (size_t)((m * 0x0101010101010101u) >> 56);
}

#if defined(__SSE2__)
/* Bit j set where s[j] (of sixty-four) is c, or c2. */
static uint64_t eq64(const char *s, char c, char c2)
{
	const __m128i a = _mm_set1_epi8(c), b = _mm_set1_epi8(c2);
	uint64_t m = 0;
	for (unsigned k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(
			     _mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)))
		     << (16 * k);
	}
	return m;
}

#endif

#if defined(__SSE2__)
/* 0xFF in the ASCII letters of the sixteen bytes v (lower: in the small
 * ones only): lower-cased (or not) and moved so that 'a' to 'z' are the
 * 26 lowest signed bytes, one compare. */
static __m128i letter_marks(__m128i v, bool lower)
{
	__m128i t = lower ? v : _mm_or_si128(v, _mm_set1_epi8(32));
	t = _mm_add_epi8(t, _mm_set1_epi8((char)(0x80 - 'a')));
	return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(0x80 + 26)));
}

/* Loaded at `keep_from + k`: a keep mask for sixteen bytes read again from
 * n - 16, whose last k are new. */
static const signed char keep_from[32] = { 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
					   0,  0,  0,  0,  0,  -1, -1, -1, -1, -1, -1,
					   -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };

/* The last n - i bytes (0 < n - i < 16, n >= 16) of s: read again from
 * n - 16, with keep_from's mask for their new bytes in *keep. */
static __m128i last16(const char *s, size_t n, size_t i, __m128i *keep)
{
	*keep = _mm_loadu_si128((const __m128i *)(const void *)(keep_from + (n - i)));
	return _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
}

/* pd_ascii_prefix_counts' byte counters, one a lane: the letters, word
 * starts and '?' of the blocks so far (at most four a lane a block),
 * and the last sixteen bytes' blanks. */
typedef struct ascii_lanes {
	__m128i letters, starts, qmarks, blank;
} ascii_lanes;

/* Adds the sixteen ASCII bytes v to the lanes, those where keep is set
 * (all of them but at a text's end, read again from n - 16). */
static void ascii_lanes_add(ascii_lanes *c, __m128i v, __m128i keep)
{
	c->letters = _mm_sub_epi8(c->letters, _mm_and_si128(keep, letter_marks(v, false)));
	__m128i blank = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	/* a word starts at a byte not blank whose previous byte is */
	__m128i before = _mm_or_si128(_mm_slli_si128(blank, 1), _mm_srli_si128(c->blank, 15));
	c->starts = _mm_sub_epi8(c->starts, _mm_and_si128(keep, _mm_andnot_si128(blank, before)));
	c->qmarks = _mm_sub_epi8(c->qmarks, _mm_and_si128(keep, _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
	c->blank = blank;
}

/* The sum of the sixteen byte counters. */
static size_t lanes_sum(__m128i lanes)
{
	__m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
	return (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
}

/* Moves the lanes' counts into the totals and empties them. */
static void ascii_lanes_flush(ascii_lanes *c, size_t *words, size_t *qmarks, size_t *letters)
{
	*words += lanes_sum(c->starts);
	*qmarks += lanes_sum(c->qmarks);
	*letters += lanes_sum(c->letters);
	c->starts = c->qmarks = c->letters = _mm_setzero_si128();
}

/* The last n - i bytes of (s, n), fewer than sixty-four after whole
 * blocks (n >= 16), added to the lanes when all of them are ASCII: whole
 * sixteen-byte steps, then the last sixteen bytes read again with only
 * their new bytes counted (the first of those has its previous byte in
 * the same sixteen). Whether they were. */
static bool ascii_lanes_add_tail(ascii_lanes *c, const char *s, size_t n, size_t i)
{
	__m128i any = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
	for (size_t j = i; j + 16 <= n; j += 16)
		any = _mm_or_si128(any, _mm_loadu_si128((const __m128i *)(const void *)(s + j)));
	if (_mm_movemask_epi8(any))
		return false;
	const __m128i all = _mm_set1_epi8(-1);
	size_t j = i;
	for (; j + 16 <= n; j += 16)
		ascii_lanes_add(c, _mm_loadu_si128((const __m128i *)(const void *)(s + j)), all);
	if (j < n) {
		__m128i keep, v = last16(s, n, j, &keep);
		ascii_lanes_add(c, v, keep);
	}
	return true;
}
#endif

#if defined(__SSE2__)
/* pd_ascii_letters_lower of sixteen bytes or more: both counts in byte
 * lanes, sixteen bytes a step and the last ones read again from n - 16
 * (the eight-byte steps and the byte loop after them were 3.6 M
 * instructions on the first 500 dev files). */
static size_t letters_lower16(const char *s, size_t n, size_t *lower)
{
	const __m128i zero = _mm_setzero_si128();
	__m128i letters = zero, small = zero;
	size_t c = 0, lo = 0, i = 0;
	for (unsigned steps = 0; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		letters = _mm_sub_epi8(letters, letter_marks(v, false));
		small = _mm_sub_epi8(small, letter_marks(v, true));
		if (++steps == 255) {   /* a lane holds 255 (254 steps and the tail's) */
			c += lanes_sum(letters);
			lo += lanes_sum(small);
			letters = small = zero;
			steps = 0;
		}
	}
	if (i < n) {
		__m128i keep, v = last16(s, n, i, &keep);
		letters = _mm_sub_epi8(letters, _mm_and_si128(keep, letter_marks(v, false)));
		small = _mm_sub_epi8(small, _mm_and_si128(keep, letter_marks(v, true)));
	}
	*lower = lo + lanes_sum(small);
	return c + lanes_sum(letters);
}
#endif

size_t pd_ascii_prefix_counts(const char *s, size_t n, size_t *words, size_t *qmarks,
			      bool *after_blank, size_t *letters)
{
	size_t i = 0, w = 0, q = 0, l = 0;
	bool after = true;   /* the text's start counts as after a blank */
#if defined(__SSE2__)
	/* the three counts in byte lanes, summed every 63 blocks (a lane
	 * holds 255) and at the end: a block's masks moved out and their
	 * bits counted, each count apart, were twice the instructions */
	const __m128i zero = _mm_setzero_si128(), all = _mm_set1_epi8(-1);
	ascii_lanes c = { zero, zero, zero, all };
	bool ascii = true;
	for (unsigned blocks = 0; i + 64 <= n; i += 64) {
		__m128i v[4], any = zero;
		for (unsigned k = 0; k < 4; k++) {
			v[k] = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16 * k));
			any = _mm_or_si128(any, v[k]);
		}
		if (_mm_movemask_epi8(any)) {
			ascii = false;   /* a byte above ASCII */
			break;
		}
		for (unsigned k = 0; k < 4; k++)
			ascii_lanes_add(&c, v[k], all);
		if (++blocks == 63) {   /* 62 blocks and a tail's four steps fit */
			ascii_lanes_flush(&c, &w, &q, &l);
			blocks = 0;
		}
	}
	/* an ASCII text's tail too: the callers' passes over it (the
	 * words', the characters', the '?', the language's) were more than
	 * this whole function */
	if (ascii && i < n && n >= 16 && ascii_lanes_add_tail(&c, s, n, i))
		i = n;
	ascii_lanes_flush(&c, &w, &q, &l);
	after = (_mm_movemask_epi8(c.blank) >> 15) != 0;
#endif
	*words = w;
	*qmarks = q;
	*after_blank = after;
	*letters = l;
	return i;
}

size_t pd_count_words(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	unsigned after_space = 1;   /* the text's start counts as after a space */
#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' '), nl = _mm_set1_epi8('\n');
	/* sixty-four bytes' blanks in one word, their word starts counted
	 * at once */
	for (; i + 64 <= n; i += 64) {
		uint64_t blank = eq64(s + i, ' ', '\n');
		w += bits64(~blank & ((blank << 1) | after_space));
		after_space = (unsigned)(blank >> 63);
	}
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned blank = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, nl)));
		/* a word starts at a byte not blank whose previous byte is */
		w += bits16(~blank & ((blank << 1) | after_space) & 0xFFFFu);
		after_space = blank >> 15;
	}
#else
	(void)bits16;
#endif
	for (; i < n; i++) {
		unsigned blank = s[i] == ' ' || s[i] == '\n';
		w += (blank ^ 1u) & after_space;
		after_space = blank;
	}
	return w;
}

#if defined(__SSE2__)
/* Byte j all ones where s[j] (of sixteen) is one of the three bytes. */
static __m128i byte3_hits16(const char *s, __m128i va, __m128i vb, __m128i vc)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
			    _mm_cmpeq_epi8(v, vc));
}

/* The same as bit j of a mask. */
static unsigned byte3_mask16(const char *s, __m128i va, __m128i vb, __m128i vc)
{
	return (unsigned)_mm_movemask_epi8(byte3_hits16(s, va, vb, vc));
}
#endif

/* pd_find_byte3 from i on, eight bytes at a time and then byte by byte:
 * a string shorter than sixteen where SSE2 is, else all of it. Apart,
 * so that the sixteen-byte steps do without its registers (their saving
 * and restoring was a tenth of the calls' instructions). */
static size_t find_byte3_from(const char *s, size_t n, size_t i, char a, char b, char c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u,
		       low7 = 0x7F7F7F7F7F7F7F7Fu;
	const uint64_t wa = ones * (unsigned char)a, wb = ones * (unsigned char)b,
		       wc = ones * (unsigned char)c;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* the high bit of each zero byte of w ^ x, found without
		 * carries from one byte into the next */
		uint64_t xa = w ^ wa, xb = w ^ wb, xc = w ^ wc;
		uint64_t hit = ~(((xa & low7) + low7) | xa) | ~(((xb & low7) + low7) | xb) |
			       ~(((xc & low7) + low7) | xc);
		hit &= high;
		if (hit)
			return i + (size_t)__builtin_ctzll(hit) / 8;
	}
#endif
	for (; i < n; i++)
		if (s[i] == a || s[i] == b || s[i] == c)
			return i;
	return n;
}

size_t pd_find_byte3(const char *s, size_t n, char a, char b, char c)
{
#if defined(__SSE2__)
	if (n < 16)
		return find_byte3_from(s, n, 0, a, b, c);
	/* sixteen bytes at a time where SSE2 is (every x86-64), thirty-two
	 * tested at once (most lines hold none of the three) */
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		if (_mm_movemask_epi8(_mm_or_si128(byte3_hits16(s + i, va, vb, vc),
						   byte3_hits16(s + i + 16, va, vb, vc))))
			break;   /* found below, sixteen bytes at a time */
	for (; i + 16 <= n; i += 16) {
		unsigned mask = byte3_mask16(s + i, va, vb, vc);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
	if (i == n)
		return n;
	/* the tail as the last sixteen bytes, read again from n - 16 (those
	 * before i hold none of the three): the eight-byte and byte steps
	 * over the tail were a third of this function's instructions, most
	 * lines' speech ending in one */
	unsigned mask = byte3_mask16(s + n - 16, va, vb, vc);
	return mask ? n - 16 + (size_t)__builtin_ctz(mask) : n;
#else
	return find_byte3_from(s, n, 0, a, b, c);
#endif
}

void pd_str_copy(char *dst, size_t size, const char *src)
{
	size_t l = strnlen(src, size - 1);
	memmove(dst, src, l);
	dst[l] = '\0';
}
