/* utf8.c: UTF-8 helpers (see utf8.h). Case folding uses utf8proc. */
#include "base/utf8.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t pd_utf8_decode_seq(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* a well-formed three-byte sequence (CJK, nearly every character of
	 * a Chinese document) without the general loop: its decode was a
	 * third of the parser's instructions on Chinese documents; anything
	 * else goes the general way, which gives the same answers */
	if (c >= 0xE0 && c <= 0xEF && n >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		uint32_t v3 = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if (v3 >= 0x800 && (v3 < 0xD800 || v3 > 0xDFFF)) {
			*cp = v3;
			return 3;
		}
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (u[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = PD_UTF8_REPLACEMENT;
	return 1;
}

int pd_utf8_encode(pd_buf *b, uint32_t cp)
{
	char out[4];
	size_t n;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = PD_UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	return pd_buf_add(b, out, n);
}

bool pd_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		if (cp == PD_UTF8_REPLACEMENT && l == 1)
			return false;
		i += l;
	}
	return true;
}

int pd_utf8_repair(pd_buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c && c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t l = c ? pd_utf8_decode(s + i, n - i, &cp) : 1;
		bool bad = !c || (cp == PD_UTF8_REPLACEMENT && l == 1 &&
				   !(n - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0));
		if (bad) {
			if (pd_buf_add(b, s + run, i - run) < 0)
				return -1;
			if (c && pd_utf8_encode(b, PD_UTF8_REPLACEMENT) < 0)
				return -1;
			i += 1;
			run = i;
		} else {
			i += l;
		}
	}
	return pd_buf_add(b, s + run, n - run);
}

size_t pd_utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint64_t w;
#if defined(__SSE2__)
		if (i + 16 <= n &&
		    !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)))) {
			i += 16; /* sixteen ASCII bytes, sixteen characters */
			count += 16;
			continue;
		}
#endif
		if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080u))) {
			i += 8; /* eight ASCII bytes, eight characters */
			count += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) { /* ASCII: one byte, one character */
			i++;
			count++;
			continue;
		}
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		count++;
	}
	return count;
}

size_t pd_utf8_prefix(const char *s, size_t n, size_t chars)
{
	size_t i = 0;
	while (i < n && chars > 0) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		chars--;
	}
	return i;
}

bool pd_cp_is_cjk_cp(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
	       (cp >= 0x20000 && cp <= 0x3FFFF) || /* extensions B.. */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility */
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
	       (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana ext */
	       (cp >= 0x3100 && cp <= 0x312F) ||   /* bopomofo */
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* hangul syllables */
	       (cp >= 0x1100 && cp <= 0x11FF) ||   /* hangul jamo */
	       cp == 0x3005 || cp == 0x3007;       /* 々 〇 */
}

bool pd_cp_is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F && cp != 0x3005 && cp != 0x3007) ||
	       (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0x2026 || cp == 0x2014 ||
	       cp == 0x00B7;
}

bool pd_cp_is_alnum_cp(uint32_t cp)
{
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	switch (c) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
		return true;
	default:
		return false;
	}
}

bool pd_cp_is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x3000 ||
	       cp == 0x200B || cp == 0xFEFF || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

int pd_utf8_fold(pd_buf *b, const char *s, size_t n)
{
	pd_buf clean;
	pd_buf_init(&clean, 0);
	const char *src = s;
	size_t srclen = n;
	if (!pd_utf8_valid(s, n) || memchr(s, 0, n)) {
		pd_utf8_repair(&clean, s, n);
		src = pd_buf_cstr(&clean);
		srclen = clean.len;
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)src,
		(utf8proc_ssize_t)srclen, &out,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	int rc;
	if (r < 0) /* cannot happen on repaired input; keep the text as is */
		rc = pd_buf_add(b, src, srclen);
	else
		rc = pd_buf_add(b, out, (size_t)r);
	free(out);
	pd_buf_release(&clean);
	return rc;
}
