/* encoding.c: text that is not UTF-8, made UTF-8 (encoding.h), through
 * the C library's iconv. */
#include "parse/encoding.h"
#include "base/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* The commonest characters of Chinese prose, in both scripts: text read
 * in the wrong Chinese encoding is made of rare characters instead. */
static const char common[] =
	"的一是不了人我在有他这這中大来來上国國个個到说說们們为為子和你地出道也时時年得就那要下以"
	"生会會自着著去之过過家学學对對可她里裡后後小么麼心多天而能好都然没沒日于於起还還发發成事只"
	"作当當想看文无無开開手十用主行方又如前所本见見经經头頭面公同三已老从從动動两兩长長记記者问"
	"問请請府政部外交表示进進发言議员員题題关關系係经济濟社合作情况況工各";

static bool utf16_bom(const unsigned char *u, size_t n)
{
	return n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}

bool pd_is_utf16(const char *s, size_t n)
{
	return utf16_bom((const unsigned char *)s, n);
}

/* (s, n) from `from` into out, all or nothing: false on any byte the
 * encoding does not define (or out's ceiling). */
static bool convert(const char *from, const char *s, size_t n, pd_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return false;
	pd_buf_reset(out);
	char *in = (char *)s;
	size_t left = n;
	bool ok = true;
	while (ok && left > 0) {
		char chunk[16384], *dst = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &dst, &room);
		if (r == (size_t)-1 && errno != E2BIG)
			ok = false;   /* EILSEQ, or EINVAL: a sequence cut at the end */
		if (pd_buf_add(out, chunk, sizeof chunk - room) < 0)
			ok = false;
	}
	iconv_close(cd);
	if (!ok)
		pd_buf_reset(out);
	return ok;
}

static int by_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* How many of the text's CJK characters are common ones, and how many
 * CJK characters it has. */
static void score_chinese(const char *s, size_t n, size_t *hits, size_t *cjk)
{
	uint32_t set[sizeof common];
	size_t k = 0;
	for (size_t i = 0; i < sizeof common - 1;) {
		uint32_t cp;
		i += pd_utf8_decode(common + i, sizeof common - 1 - i, &cp);
		set[k++] = cp;
	}
	qsort(set, k, sizeof *set, by_cp);
	*hits = *cjk = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		if (!pd_cp_is_cjk(cp))
			continue;
		(*cjk)++;
		*hits += bsearch(&cp, set, k, sizeof *set, by_cp) != NULL;
	}
}

const char *pd_text_to_utf8(const char *s, size_t n, pd_buf *out)
{
	if (utf16_bom((const unsigned char *)s, n))
		return convert("UTF-16", s, n, out) ? "UTF-16" : NULL;
	static const char *const chinese[] = { "GB18030", "BIG5-HKSCS" };
	const char *best = NULL;
	double best_share = 0.1;   /* at least a tenth common characters */
	for (size_t i = 0; i < sizeof chinese / sizeof *chinese; i++) {
		if (!convert(chinese[i], s, n, out))
			continue;
		size_t hits, cjk;
		score_chinese(out->data, out->len, &hits, &cjk);
		double share = cjk ? (double)hits / (double)cjk : 0;
		if (cjk >= 4 && share >= best_share) {
			best = chinese[i];
			best_share = share;
		}
	}
	if (best)
		return convert(best, s, n, out) ? best : NULL;
	size_t high = 0;
	for (size_t i = 0; i < n; i++)
		high += (unsigned char)s[i] >= 0x80;
	if (high * 10 <= n && convert("WINDOWS-1252", s, n, out))
		return "WINDOWS-1252";
	pd_buf_reset(out);
	return NULL;
}
