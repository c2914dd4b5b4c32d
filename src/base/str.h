/* str.h: small string helpers on (pointer, length) slices.
 *
 * Parsers walk their input with a pd_slice cursor; nothing here allocates
 * except the functions that say they return a copy.
 */
#ifndef PD_BASE_STR_H
#define PD_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct pd_slice {
	const char *p;
	size_t n;
} pd_slice;

pd_slice pd_slice_of(const char *s);
/* Drops ASCII and Unicode white space (incl. U+00A0, U+3000, zero-width
 * spaces) from both ends. */
pd_slice pd_slice_trim(pd_slice s);
bool pd_slice_eq(pd_slice s, const char *lit);
bool pd_slice_eq_nocase(pd_slice s, const char *lit);   /* ASCII case */
bool pd_slice_starts(pd_slice s, const char *lit);
bool pd_slice_starts_nocase(pd_slice s, const char *lit);
/* Takes the next line (without its \n or \r\n) from *cursor; false at end. */
bool pd_slice_next_line(pd_slice *cursor, pd_slice *line);
/* A malloc'ed NUL-terminated copy. */
char *pd_slice_dup(pd_slice s);

/* ASCII-only case-insensitive comparison of NUL-terminated strings. */
int pd_strcasecmp_ascii(const char *a, const char *b);
/* Whether needle stands in hay, ASCII case ignored (hay may be NULL). */
bool pd_str_contains_ci(const char *hay, const char *needle);
/* Collapses every run of white space to one space and trims; returns a
 * malloc'ed copy. Paragraph breaks are not kept. */
char *pd_str_collapse_space(const char *s, size_t n);
/* The same, and *out_len set to the result's length. */
char *pd_str_collapse_space_n(const char *s, size_t n, size_t *out_len);
/* The same into out (room for n + 1 bytes): returns the length, out
 * NUL-terminated. The line builder writes into its arena (doc.c). */
size_t pd_str_collapse_space_to(const char *s, size_t n, char *out);
/* The same, and *ascii_len set to where the result's first byte above
 * ASCII stands (the result's length when it has none). Found while
 * copying, so the line builder keeps it for free and the turn detector's
 * scans for CJK characters pass over the ASCII lines. */
size_t pd_str_collapse_space_ascii(const char *s, size_t n, char *out, size_t *ascii_len);

/* The same collapse for text that comes in pieces, written as it comes:
 * the pieces fed one after another into one pd_collapse give the bytes
 * pd_str_collapse_space_ascii gives for them joined, provided no piece
 * ends inside a UTF-8 character. The line builder collapses a line's
 * text runs straight into its arena (a copy of every run into a buffer,
 * then the collapse, was two passes). */
typedef struct pd_collapse {
	size_t len;          /* bytes written so far */
	size_t first_high;   /* where the first byte above ASCII went; SIZE_MAX none yet */
	bool pending;        /* white space since the last byte written */
	unsigned char marks; /* PD_COLLAPSE_NUL, PD_COLLAPSE_COLON: what was written */
} pd_collapse;
/* pd_collapse's marks: bits the line builder shifts into its line flags
 * as they are (doc.h: two tests and selects per line, and two stores at
 * its start, were 0.5 M instructions in pd_parse on the first 500 dev
 * files). */
enum {
	PD_COLLAPSE_NUL = 1,   /* a NUL byte (strlen stops before len) */
	PD_COLLAPSE_COLON = 2, /* a ':' or ';' */
};
/* (Inline, as pd_collapse_ascii_len: the line builder begins and ends
 * every line with them.) */
static inline void pd_collapse_init(pd_collapse *c)
{
	c->len = 0;
	c->first_high = SIZE_MAX;
	c->pending = false;
	c->marks = 0;
}
/* Writes the collapse of (s, n) at out + c->len, which needs room for
 * n + 1 more bytes (a space pending from before may come first); no NUL
 * is added. */
void pd_collapse_more(pd_collapse *c, const char *s, size_t n, char *out);
/* pd_collapse_more of the longest start of (s, n) holding only ASCII
 * white space and '!'..'~' but '<' and '&' (no byte above ASCII: first_high
 * stays); returns its length. out needs room for n + 1 more bytes, as
 * for pd_collapse_more (whole blocks are stored before they are tested).
 * The HTML reader's text runs (html_scan.c): its scan for a run's end and
 * the collapse's copy of the run were two passes over the same bytes. */
static inline size_t pd_collapse_until_markup(pd_collapse *c, const char *s, size_t n, char *out);
/* Whether c is a byte pd_collapse_until_markup copies as it stands:
 * '!'..'~' but '<' and '&'. */
static inline bool pd_markup_text_byte(unsigned char c)
{
	return (unsigned char)(c - 0x21) < 0x5E && c != '<' && c != '&';
}
/* pd_collapse_until_markup's copy of the run at s (n bytes, the first
 * one a pd_markup_text_byte) to out: its length, the run's bytes
 * pd_markup_text_byte and single spaces each followed by one (the
 * collapse keeps them as they stand). Sixteen bytes at a time where it
 * can: they are stored whole before the test, so out needs room for n
 * bytes. PD_COLLAPSE_COLON is added to *marks when the run holds a ':'
 * or ';'. */
size_t pd_copy_markup_run(const char *s, size_t n, char *out, unsigned char *marks);
/* Inline, around the copy: the line builder calls it for every text run
 * of the HTML reader (a paragraph, most of them), and its call of its own
 * saved and restored six registers (191.76 M -> 191.28 M instructions in
 * pd_parse on the first 500 dev files). */
static inline size_t pd_collapse_until_markup(pd_collapse *c, const char *s, size_t n, char *out)
{
	size_t o = c->len, i = 0;
	bool pending = c->pending;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		if (pd_markup_text_byte(ch)) {
			if (pending)
				out[o++] = ' ';
			pending = false;
			size_t r = pd_copy_markup_run(s + i, n - i, out + o, &c->marks);
			i += r;
			o += r;
		} else if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
			pending = o > 0;
			i++;
		} else {
			break;
		}
	}
	c->len = o;
	c->pending = pending;
	return i;
}
/* pd_str_collapse_space_ascii's *ascii_len for what was written. */
static inline size_t pd_collapse_ascii_len(const pd_collapse *c)
{
	return c->first_high == SIZE_MAX ? c->len : c->first_high;
}

/* snprintf(dst, size, "%s", src) without the format's interpretation
 * (size > 0): at most size - 1 bytes of src, then a NUL. The turn
 * detector copies a label key per line and per turn. */
void pd_str_copy(char *dst, size_t size, const char *src);

/* The offset of the first byte in (s, n) equal to a, b or c; n when none.
 * Sixteen or eight bytes at a time (the label finders look for the next
 * colon mark and sentence stop of every line). */
size_t pd_find_byte3(const char *s, size_t n, char a, char b, char c);

/* Words in (s, n): bytes other than ' ' and '\n' that open the text or
 * follow a ' ' or a '\n'. Sixteen bytes at a time where SSE2 is: every
 * turn's text is counted (the plain loop was 3 % of the parser). */
size_t pd_count_words(const char *s, size_t n);

/* One pass for what a turn's text is counted for, over its ASCII
 * opening: all of (s, n) when it is ASCII and sixteen bytes or more, else
 * the longest run of whole sixty-four-byte blocks of ASCII at its start,
 * whose length it returns (its characters, as pd_utf8_count counts
 * them); *words gets the run's words (as
 * pd_count_words), *qmarks its '?', *after_blank whether a word at the
 * byte after it would be a new one (the run is empty or ends in ' ' or
 * '\n'), *letters its ASCII letters (as pd_ascii_letters: the language
 * detection's count). 0 where SSE2 is not: the callers count the rest
 * their own way. */
size_t pd_ascii_prefix_counts(const char *s, size_t n, size_t *words, size_t *qmarks,
			      bool *after_blank, size_t *letters);

/* ASCII letters (A-Z, a-z) and lower-case letters (a-z) in (s, n); bytes
 * 0x80 and up are neither. Eight bytes at a time: the parser counts the
 * letters of every line and every turn. */
size_t pd_ascii_letters(const char *s, size_t n);
size_t pd_ascii_lower(const char *s, size_t n);
/* Both in one pass: the letters, and the lower-case ones in *lower. */
size_t pd_ascii_letters_lower(const char *s, size_t n, size_t *lower);

/* The same for eight bytes w as loaded from memory (any byte order): the
 * high bit of each byte that is a letter, counted. No sum carries from
 * one byte into the next, every byte being at most 0x7F + 0x1F. */
/* How many bytes of m have their high bit set (m holds no other bits):
 * the bytes' 0/1 summed into the top byte by one multiplication, where a
 * popcount instruction cannot be assumed. */
static inline unsigned pd_ascii8_count(uint64_t m)
{
	return (unsigned)(((m >> 7) * 0x0101010101010101u) >> 56);
}

static inline unsigned pd_ascii8_letters(uint64_t w)
{
	const uint64_t hi = 0x8080808080808080u, lo7 = 0x7F7F7F7F7F7F7F7Fu;
	uint64_t t = (w & lo7) | 0x2020202020202020u; /* lower-cased */
	uint64_t from_a = (t + 0x1F1F1F1F1F1F1F1Fu) & hi, past_z = (t + 0x0505050505050505u) & hi;
	return pd_ascii8_count(from_a & ~past_z & ~(w & hi));
}

#if defined(__SSE2__)
/* The letters (A-Z, a-z) among the sixteen bytes at p when all sixteen
 * are ASCII, else -1: (b | 32) between 'a' and 'z' by signed compares,
 * the bit count of the 16-bit mask without a popcount instruction. */
static inline int pd_ascii16_letters(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	if (_mm_movemask_epi8(v))
		return -1;
	__m128i t = _mm_or_si128(v, _mm_set1_epi8(32));
	unsigned m = (unsigned)_mm_movemask_epi8(
		_mm_and_si128(_mm_cmpgt_epi8(t, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(t, _mm_set1_epi8('z' + 1))));
	m = m - ((m >> 1) & 0x5555u);
	m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
	m = (m + (m >> 4)) & 0x0F0Fu;
	return (int)((m + (m >> 8)) & 0x1Fu);
}

/* The same for the sixty-four bytes at p (the language count and the
 * turns' counts read every turn): each of the four blocks' letter bytes
 * (-1 each) taken from one byte counter per lane, the sixteen lanes
 * summed once (psadbw), not four masks moved out and their bits
 * counted. */
static inline int pd_ascii64_letters(const char *p)
{
	__m128i v[4], any = _mm_setzero_si128();
	for (unsigned k = 0; k < 4; k++) {
		v[k] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		any = _mm_or_si128(any, v[k]);
	}
	if (_mm_movemask_epi8(any))
		return -1;
	__m128i lanes = _mm_setzero_si128();   /* at most 4 a lane */
	for (unsigned k = 0; k < 4; k++) {
		__m128i t = _mm_or_si128(v[k], _mm_set1_epi8(32));
		lanes = _mm_sub_epi8(lanes, _mm_and_si128(_mm_cmpgt_epi8(t, _mm_set1_epi8('a' - 1)),
							  _mm_cmplt_epi8(t, _mm_set1_epi8('z' + 1))));
	}
	__m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
	return _mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4);
}
#endif

static inline unsigned pd_ascii8_lower(uint64_t w)
{
	const uint64_t hi = 0x8080808080808080u, lo7 = 0x7F7F7F7F7F7F7F7Fu;
	uint64_t t = w & lo7;
	uint64_t from_a = (t + 0x1F1F1F1F1F1F1F1Fu) & hi, past_z = (t + 0x0505050505050505u) & hi;
	return pd_ascii8_count(from_a & ~past_z & ~(w & hi));
}

#endif
