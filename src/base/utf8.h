/* utf8.h: UTF-8 decoding, validation and repair, and character classes.
 *
 * Transcripts are scraped text: every function here accepts any bytes and
 * never reads past (s, n). Invalid sequences decode as U+FFFD, one byte at a
 * time, so a cursor always advances.
 */
#ifndef PD_BASE_UTF8_H
#define PD_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define PD_UTF8_REPLACEMENT 0xFFFD

/* Decodes the code point at s (n bytes available, n >= 1) into *cp and
 * returns its length in bytes (1..4). Invalid or truncated input gives
 * U+FFFD and length 1. */
size_t pd_utf8_decode_seq(const char *s, size_t n, uint32_t *cp);
/* Inline for ASCII, the common case: the readers decode every character of
 * every line, and a call per byte showed in the parser's profile. */
static inline size_t pd_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	return pd_utf8_decode_seq(s, n, cp);
}
/* Appends the UTF-8 encoding of cp (invalid cp -> U+FFFD). */
int pd_utf8_encode(pd_buf *b, uint32_t cp);
/* True when the whole of (s, n) is well-formed UTF-8 (no overlongs, no
 * surrogates). */
bool pd_utf8_valid(const char *s, size_t n);
/* Appends (s, n) with every invalid sequence replaced by U+FFFD and NUL bytes
 * dropped. Returns 0 or -1 if the buffer ceiling is hit. */
int pd_utf8_repair(pd_buf *b, const char *s, size_t n);
/* Number of code points in (s, n). */
size_t pd_utf8_count(const char *s, size_t n);
/* Byte length of the longest prefix of (s, n) holding at most `chars` code
 * points; never cuts a character in half. */
size_t pd_utf8_prefix(const char *s, size_t n, size_t chars);

/* Han ideographs, kana, Hangul, bopomofo: scripts written without spaces,
 * which the search tokenizer cuts into bigrams. */
bool pd_cp_is_cjk_cp(uint32_t cp);
static inline bool pd_cp_is_cjk(uint32_t cp)
{
	return cp >= 0x1100 && pd_cp_is_cjk_cp(cp);   /* nothing below Hangul jamo */
}
/* CJK and full-width punctuation (，。：？！「」《》、…). */
bool pd_cp_is_cjk_punct(uint32_t cp);
/* Letters and digits in any script (utf8proc categories L*, N*). */
bool pd_cp_is_alnum_cp(uint32_t cp);
static inline bool pd_cp_is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
	return pd_cp_is_alnum_cp(cp);
}
/* White space including U+00A0, U+3000 and zero-width spaces. Inline for
 * ASCII (the label keys test every character of every short line). */
bool pd_cp_is_space_cp(uint32_t cp);
static inline bool pd_cp_is_space(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return pd_cp_is_space_cp(cp);
}

/* Appends the NFKC case-folded form of (s, n) (utf8proc). Invalid UTF-8 is
 * repaired first. Returns 0, or -1 on the buffer ceiling. */
int pd_utf8_fold(pd_buf *b, const char *s, size_t n);

#endif
