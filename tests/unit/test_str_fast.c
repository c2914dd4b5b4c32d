/* test_str_fast.c: the string helpers of base/str.c that work eight bytes
 * at a time, against one-byte-at-a-time references: pd_str_collapse_space_n
 * and pd_str_collapse_space_ascii (with where its first byte above ASCII
 * stands) over generated strings that put spaces, DEL, control bytes, NUL,
 * Unicode spaces, CJK and invalid bytes at every offset; pd_ascii_letters and
 * pd_ascii_lower over every byte value at every offset; pd_count_words
 * across its sixteen- and sixty-four-byte steps; pd_utf8_count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/utf8.h"

/* The rule, plainly: white space (ASCII or Unicode) runs become one
 * space, none at either end; every other character is copied as it is. */
static size_t reference(const char *s, size_t n, char *out)
{
	size_t o = 0;
	bool pending = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		unsigned char c = (unsigned char)s[i];
		bool space = c < 0x80 ? (c == ' ' || (c >= '\t' && c <= '\r')) : pd_cp_is_space(cp);
		if (space) {
			pending = o > 0;
		} else {
			if (pending)
				out[o++] = ' ';
			pending = false;
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	return o;
}

/* pd_str_collapse_space_n of the n bytes at in is the reference's. */
static void check_against_reference(const char *in, size_t n)
{
	char want[256];
	assert_true(n <= sizeof want);
	size_t wl = reference(in, n, want), got_len;
	char *got = pd_str_collapse_space_n(in, n, &got_len);
	assert_int_equal(got_len, wl);
	assert_memory_equal(got, want, wl);
	assert_int_equal(got[got_len], '\0');
	free(got);
	/* and where its first byte above ASCII stands (the line builder
	 * keeps it: the CJK scans start there) */
	char out[257];
	size_t ascii_len, first_high = 0;
	assert_int_equal(pd_str_collapse_space_ascii(in, n, out, &ascii_len), wl);
	assert_memory_equal(out, want, wl);
	while (first_high < wl && (unsigned char)want[first_high] < 0x80)
		first_high++;
	assert_int_equal(ascii_len, first_high);
	/* and fed in pieces: cut in two at every character's start, and a
	 * character at a time (the line builder's runs) */
	for (size_t cut = 0, l; cut <= n; cut += l) {
		uint32_t cp;
		l = cut < n ? pd_utf8_decode(in + cut, n - cut, &cp) : 1;
		pd_collapse two, each;
		pd_collapse_init(&two);
		pd_collapse_more(&two, in, cut, out);
		pd_collapse_more(&two, in + cut, n - cut, out);
		assert_int_equal(two.len, wl);
		assert_memory_equal(out, want, wl);
		assert_int_equal(pd_collapse_ascii_len(&two), first_high);
		if (cut > 0)
			continue;
		pd_collapse_init(&each);
		for (size_t i = 0, k; i < n; i += k) {
			k = pd_utf8_decode(in + i, n - i, &cp);
			pd_collapse_more(&each, in + i, k, out);
		}
		assert_int_equal(each.len, wl);
		assert_memory_equal(out, want, wl);
	}
}

static void test_generated(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "word", "~", "\x7f", " ", "  ", "\t", "\n", "\r\n", "\x01", "",
		"\xc2\xa0", "\xe3\x80\x80", "\xe4\xb8\xad", "\xff", "\xc2", "abcdefghij",
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint32_t x = 12345;
	char in[256];
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		int parts = (int)(x % 24);
		for (int k = 0; k < parts; k++) {
			x = x * 1103515245u + 12345u;
			size_t pick = (x >> 16) % (np + 1); /* np: a NUL byte */
			const char *p = pick < np ? pieces[pick] : "";
			size_t l = pick < np ? strlen(p) : 1;
			if (n + l > sizeof in)
				break;
			memcpy(in + n, p, l);
			n += l;
		}
		x = x * 1103515245u + 12345u;
		check_against_reference(in, n);
	}
}

/* pd_collapse_until_markup of the n bytes at in, after `before` fed to
 * the collapse: it takes the longest start of ASCII white space and
 * '!'..'~' but '<' and '&', and writes what pd_collapse_more writes for
 * it, into room for n + 1 more bytes only (on the heap: ASan sees a store
 * past it). */
static void check_until_markup(const char *before, const char *in, size_t n)
{
	size_t want_k = 0;
	while (want_k < n) {
		unsigned char c = (unsigned char)in[want_k];
		if (!(c == ' ' || (c >= '\t' && c <= '\r') || (c >= '!' && c <= '~' && c != '<' && c != '&')))
			break;
		want_k++;
	}
	char want[512];
	pd_collapse plain, fast;
	pd_collapse_init(&plain);
	pd_collapse_more(&plain, before, strlen(before), want);
	fast = plain;
	pd_collapse_more(&plain, in, want_k, want);
	char *out = malloc(fast.len + n + 1);
	memcpy(out, want, fast.len);
	assert_int_equal(pd_collapse_until_markup(&fast, in, n, out), want_k);
	assert_int_equal(fast.len, plain.len);
	assert_int_equal(fast.pending, plain.pending);
	assert_int_equal(fast.first_high, plain.first_high);
	assert_memory_equal(out, want, plain.len);
	free(out);
}

static void test_collapse_until_markup(void **state)
{
	(void)state;
	static const char *const befores[] = { "", "x ", "x", "  " };
	char in[256];
	/* every byte value at every offset of words one space apart, and
	 * two spaces at every offset, over several blocks and at each end */
	static const char words[] = "The Prime Minister said, quite clearly, that the plan (all of it) is ~done~!";
	for (size_t n = 0; n + 1 < sizeof words; n += n < 40 ? 1 : 7)
		for (size_t b = 0; b < sizeof befores / sizeof *befores; b++)
			check_until_markup(befores[b], words, n);
	for (unsigned v = 0; v < 256; v++)
		for (size_t at = 0; at + 1 < sizeof words; at++) {
			memcpy(in, words, sizeof words - 1);
			in[at] = (char)v;
			if (at + 1 < sizeof words - 1 && v == ' ')
				in[at + 1] = ' ';
			check_until_markup(v % 2 ? "x " : "", in, sizeof words - 1);
			check_until_markup("", in + at, sizeof words - 1 - at);
			if (at > 0) { /* after a space: a block's last byte */
				in[at - 1] = ' ';
				check_until_markup("", in, sizeof words - 1);
			}
		}
	/* generated runs: the stops and white space mixed with words */
	static const char *const pieces[] = { "a", "word", "~", " ", "  ", "\t", "\n", "\r\n", "\v\f",
					      "<", "&", "\x7f", "\x01", "\xc2\xa0", "\xe4\xb8\xad",
					      "abcdefghijklmnop", "!" };
	const size_t np = sizeof pieces / sizeof *pieces;
	uint32_t x = 777;
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		x = x * 1103515245u + 12345u;
		int parts = (int)((x >> 16) % 40);
		for (int k = 0; k < parts; k++) {
			x = x * 1103515245u + 12345u;
			size_t pick = (x >> 16) % (np + 8); /* words mostly, np: NUL */
			const char *p = pick < np ? pieces[pick] : pick == np ? "" : "word";
			size_t l = pick == np ? 1 : strlen(p);
			if (n + l > sizeof in)
				break;
			memcpy(in + n, p, l);
			n += l;
		}
		check_until_markup(befores[round % 4], in, n);
	}
}

/* The copies' thirty-two-byte steps (two sixteen-byte blocks tested as
 * one): lines of several such steps, each separator at every offset (a
 * space ends a step's first or second half, or the step itself, before a
 * word, a stop or the input's end), the input ending at every length
 * (the step, the one sixteen-byte block after it and the last block over
 * copied bytes start everywhere), against the plain references: the
 * collapse, and pd_collapse_until_markup after each kind of line start. */
static void test_copy_steps(void **state)
{
	(void)state;
#define SEP(lit) { lit, sizeof lit - 1 }
	static const struct {
		const char *s;
		size_t n;
	} seps[] = {
		SEP(" "), SEP("  "), SEP(" \t"), SEP("\n"), SEP(" <"), SEP("<"), SEP(" &"), SEP("&"),
		SEP("\x7f"), SEP(" \x7f"), SEP("\0"), SEP(" \0"), SEP("\xc2\xa0"), SEP(" \xe4\xb8\xad"),
		SEP(" \xff"), SEP("~ "), SEP(""),
	};
#undef SEP
	static const char *const befores[] = { "", "x ", "x" };
	const char *base = "The Prime Minister: we have said, quite clearly, that the plan (all "
			   "of it) is done; it was agreed by every state ~ and territory!";
	size_t bl = strlen(base);
	char in[160];
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
		for (size_t at = 0; at <= bl; at++) {
			size_t sl = seps[k].n;
			memcpy(in, base, at);
			memcpy(in + at, seps[k].s, sl);
			memcpy(in + at + sl, base + at, bl - at);
			for (size_t n = 0; n <= bl + sl; n++) {
				check_against_reference(in, n);
				check_until_markup(befores[(at + n) % 3], in, n);
			}
		}
}

static void test_long_words(void **state)
{
	(void)state;
	/* runs of printable ASCII of every length 1..40 at every offset 0..8 */
	char in[64], want[64];
	for (size_t off = 0; off < 9; off++)
		for (size_t len = 1; len <= 40; len++) {
			memset(in, ' ', sizeof in);
			for (size_t k = 0; k < len; k++)
				in[off + k] = (char)('!' + (k * 7) % 95);
			size_t n = off + len + (len % 3);
			size_t wl = reference(in, n, want), got_len;
			char *got = pd_str_collapse_space_n(in, n, &got_len);
			assert_int_equal(got_len, wl);
			assert_int_equal(got_len, len);
			assert_memory_equal(got, want, wl);
			free(got);
		}
}

static void test_spaced_words(void **state)
{
	(void)state;
	/* a run copies single spaces between words whole: put every kind of
	 * separator (a second space, a tab, a line break, U+00A0, U+3000, a
	 * CJK character, DEL, a NUL, an invalid byte) at every offset of a
	 * line of short words, and end the input at every length, so each
	 * lands at every byte of the eight-byte step and at its edge */
	static const char *const seps[] = {
		"  ", " \t", "\t", " \n", "\n ", "\xc2\xa0", " \xc2\xa0", "\xc2\xa0 ",
		"\xe3\x80\x80", " \xe4\xb8\xad", "\x7f", " \x7f ", "\x01", " \xff", "\xc2",
	};
	const char *base = "a bc def g hi jkl m no pqr s tu vwx y z";
	size_t bl = strlen(base);
	char in[128];
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
		for (size_t at = 0; at <= bl; at++) {
			size_t sl = strlen(seps[k]);
			memcpy(in, base, at);
			memcpy(in + at, seps[k], sl);
			memcpy(in + at + sl, base + at, bl - at);
			for (size_t n = 0; n <= bl + sl; n++) {
				check_against_reference(in, n);
			}
		}
	/* a NUL after a space, and words with their single spaces */
	size_t got_len;
	char *got = pd_str_collapse_space_n("abcdefg \0hijklmnop", 19, &got_len);
	assert_int_equal(got_len, 19);
	assert_memory_equal(got, "abcdefg \0hijklmnop", 19);
	free(got);
	got = pd_str_collapse_space_n("abc def  ghi jkl\tmno pq ", 24, &got_len);
	assert_string_equal(got, "abc def ghi jkl mno pq");
	free(got);
}

static void test_spaced_lines(void **state)
{
	(void)state;
	/* lines of several sixteen-byte blocks: each separator at every
	 * offset, so that a space ends a block before a word, before another
	 * separator and before the input's end, and the input ending at every
	 * length, so the last block (over bytes already copied) starts
	 * everywhere; the collapse whole, and in two pieces cut before the
	 * separator */
#define SEP(lit) { lit, sizeof lit - 1 }
	static const struct {
		const char *s;
		size_t n;
	} seps[] = {
		SEP("  "), SEP(" \t"), SEP("\n"), SEP(" \n"), SEP("\xc2\xa0"), SEP(" \xe3\x80\x80"),
		SEP(" \xe4\xb8\xad"), SEP("\x7f "), SEP(" \x01"), SEP(" \xff"), SEP("\0"), SEP(" \0"),
	};
#undef SEP
	const char *base = "ab cde f ghij klmno p qr stuvwxy z abcdefghijklmnopq rs t uv wxyz0 12 345 6789 ab c";
	size_t bl = strlen(base);
	char in[128], want[128], out[129];
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
		for (size_t at = 0; at <= bl; at++) {
			size_t sl = seps[k].n;
			memcpy(in, base, at);
			memcpy(in + at, seps[k].s, sl);
			memcpy(in + at + sl, base + at, bl - at);
			for (size_t n = 0; n <= bl + sl; n++) {
				size_t wl = reference(in, n, want), got_len;
				char *got = pd_str_collapse_space_n(in, n, &got_len);
				assert_int_equal(got_len, wl);
				assert_memory_equal(got, want, wl);
				free(got);
				if (at > n)
					continue;
				pd_collapse two;
				pd_collapse_init(&two);
				pd_collapse_more(&two, in, at, out);
				pd_collapse_more(&two, in + at, n - at, out);
				assert_int_equal(two.len, wl);
				assert_memory_equal(out, want, wl);
			}
		}
}

static void test_find_byte3(void **state)
{
	(void)state;
	/* every byte value as the one looked for, at every offset of the
	 * eight-byte step and in the tail, with near values (one bit off,
	 * the high bit set) all around it */
	static const char marks[][3] = { { ':', ';', '\xEF' }, { 'a', 'a', 'a' }, { '\0', ' ', '\x80' } };
	unsigned char in[40];
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
		for (int v = 0; v < 256; v++)
			for (size_t at = 0; at <= sizeof in; at++) {
				for (size_t k = 0; k < sizeof in; k++) {
					unsigned char f = (unsigned char)marks[m][k % 3];
					in[k] = (unsigned char)(f ^ (1u << (k % 8)));
				}
				if (at < sizeof in)
					in[at] = (unsigned char)v;
				for (size_t off = 0; off < 9; off++) {
					const char *s = (const char *)in + off;
					size_t n = sizeof in - off, want = n;
					for (size_t k = 0; k < n && want == n; k++)
						if (s[k] == marks[m][0] || s[k] == marks[m][1] || s[k] == marks[m][2])
							want = k;
					assert_int_equal(pd_find_byte3(s, n, marks[m][0], marks[m][1], marks[m][2]),
							 want);
				}
			}
	/* every length around the sixteen-byte blocks (the tail read again
	 * from n - 16), each string in a block of its own size so that a
	 * read past its end is caught (ASan), the mark at every offset or
	 * nowhere */
	for (size_t n = 0; n <= 50; n++)
		for (size_t at = 0; at <= n; at++) {
			char *s = malloc(n ? n : 1);
			assert_non_null(s);
			for (size_t k = 0; k < n; k++)
				s[k] = (char)(k % 3 ? ';' ^ 4 : '\0');
			if (at < n)
				s[at] = ';';
			assert_int_equal(pd_find_byte3(s, n, ':', ';', '\xEF'), at);
			free(s);
		}
	assert_int_equal(pd_find_byte3("", 0, ':', ';', ','), 0);
	assert_int_equal(pd_find_byte3("abc:def;", 8, ':', ';', '\xEF'), 3);
	assert_int_equal(pd_find_byte3("abcdefgh\xEF", 9, ':', ';', '\xEF'), 8);
}

typedef int (*add_after_fn)(pd_buf *b, const char *sep, size_t nsep, const void *p, size_t n);

/* pd_buf_add_after and its in-line pd_buf_add_after_inline against two
 * pd_buf_add: separators of none to two bytes before texts of every
 * length across the buffer's doublings (every room left: NUL bytes and
 * bytes above ASCII inside), and under a ceiling nothing appended when
 * the two do not fit, whatever the room. */
static void check_buf_add_after(add_after_fn add_after)
{
	static const char *const seps[] = { "", " ", "\n\n" };
	char text[300];
	for (size_t k = 0; k < sizeof text; k++)
		text[k] = k % 7 == 3 ? '\0' : k % 5 == 1 ? '\xe4' : (char)('a' + k % 26);
	for (size_t sp = 0; sp < 3; sp++)
		for (size_t before = 0; before < 140; before += 13)
			for (size_t n = 0; n <= sizeof text; n += n < 140 ? 1 : 37) {
				pd_buf fast, plain;
				pd_buf_init(&fast, 0);
				pd_buf_init(&plain, 0);
				pd_buf_add(&fast, text, before);
				pd_buf_add(&plain, text, before);
				size_t nsep = strlen(seps[sp]);
				assert_int_equal(add_after(&fast, seps[sp], nsep, text, n), 0);
				pd_buf_add(&plain, seps[sp], nsep);
				pd_buf_add(&plain, text, n);
				assert_int_equal(fast.len, plain.len);
				assert_memory_equal(fast.data, plain.data, plain.len + 1);
				pd_buf_release(&fast);
				pd_buf_release(&plain);
				/* a ceiling at what the two need and a byte below */
				for (size_t under = 0; under < 2 && under <= nsep + n; under++) {
					size_t max = before + nsep + n - under;
					if (!max)
						continue;   /* 0: no ceiling */
					pd_buf capped;
					pd_buf_init(&capped, max);
					pd_buf_add(&capped, text, before);
					assert_int_equal(capped.len, before);
					int rc = add_after(&capped, seps[sp], nsep, text, n);
					assert_int_equal(rc, under ? -1 : 0);
					assert_int_equal(capped.len, under ? before : before + nsep + n);
					pd_buf_release(&capped);
				}
			}
}

static void test_buf_add_after(void **state)
{
	(void)state;
	check_buf_add_after(pd_buf_add_after);
	check_buf_add_after(pd_buf_add_after_inline);
}

static void test_cp_is_space(void **state)
{
	(void)state;
	/* the inline ASCII answer is the full rule's, for every code point
	 * up to U+FFFF and the first planes after it */
	for (uint32_t cp = 0; cp < 0x30000; cp++)
		assert_int_equal(pd_cp_is_space(cp), pd_cp_is_space_cp(cp));
	size_t ascii = 0;
	for (uint32_t cp = 0; cp < 0x80; cp++)
		ascii += pd_cp_is_space(cp);
	assert_int_equal(ascii, 6);   /* \t \n \v \f \r and ' ' */
	assert_true(pd_cp_is_space(0xA0) && pd_cp_is_space(0x3000) && !pd_cp_is_space(0x85));
}

static void test_str_copy(void **state)
{
	(void)state;
	/* snprintf(dst, size, "%s", src) byte for byte, the bytes past the
	 * NUL left alone, for every size against sources of every length
	 * (with a '%' the format would not see: "%s" copies it as it is) */
	const char *src = "PRIME MINISTER %s 100% \xe8\xae\xb0\xe8\x80\x85";
	size_t sl = strlen(src);
	for (size_t len = 0; len <= sl; len++) {
		char part[64];
		memcpy(part, src, len);
		part[len] = '\0';
		for (size_t size = 1; size <= sl + 3; size++) {
			char want[64], got[64];
			memset(want, 'x', sizeof want);
			memset(got, 'x', sizeof got);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation" /* the truncation is the point */
#endif
			snprintf(want, size, "%s", part);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
			pd_str_copy(got, size, part);
			assert_memory_equal(got, want, sizeof want);
		}
	}
}

static void test_ascii16_letters(void **state)
{
	(void)state;
#if defined(__SSE2__)
	/* every byte value at every one of the sixteen places among letters,
	 * the bytes just outside the ranges and digits */
	const char *base = "@[`{AZaz09 Mm~\x7f!";
	for (int v = 0; v < 256; v++)
		for (size_t at = 0; at < 16; at++) {
			char in[16];
			memcpy(in, base, 16);
			in[at] = (char)v;
			int want = v >= 0x80 ? -1 : (int)pd_ascii_letters(in, 16);
			assert_int_equal(pd_ascii16_letters(in), want);
		}
	assert_int_equal(pd_ascii16_letters("abcdefghijklmnop"), 16);
	assert_int_equal(pd_ascii16_letters("ABCDEFGHIJKLMNOP"), 16);
	assert_int_equal(pd_ascii16_letters("0123456789 .,;:!"), 0);
	/* pd_ascii64_letters: every byte value at every one of its places */
	char in64[64];
	for (size_t k = 0; k < 64; k++)
		in64[k] = base[(k * 7) % 16];
	for (int v = 0; v < 256; v++)
		for (size_t at = 0; at < 64; at++) {
			char in[64];
			memcpy(in, in64, 64);
			in[at] = (char)v;
			int want = v >= 0x80 ? -1 : (int)pd_ascii_letters(in, 64);
			assert_int_equal(pd_ascii64_letters(in), want);
		}
#else
	skip();
#endif
}

static void test_ascii_counts(void **state)
{
	(void)state;
	unsigned char in[300];
	for (size_t k = 0; k < sizeof in; k++)
		in[k] = (unsigned char)((k * 37 + 11) % 256);
	const char *s = (const char *)in;
	for (size_t off = 0; off < 9; off++)
		for (size_t n = 0; off + n <= sizeof in; n += 7) {
			size_t letters = 0, lower = 0;
			for (size_t k = off; k < off + n; k++) {
				unsigned char c = in[k];
				letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
				lower += c >= 'a' && c <= 'z';
			}
			assert_int_equal(pd_ascii_letters(s + off, n), letters);
			assert_int_equal(pd_ascii_lower(s + off, n), lower);
			size_t both_lower = SIZE_MAX;
			assert_int_equal(pd_ascii_letters_lower(s + off, n, &both_lower), letters);
			assert_int_equal(both_lower, lower);
		}
	/* every length up to twenty bytes past two blocks of eight, at
	 * every offset, over bytes around the letters' ranges and NUL */
	static const unsigned char edge[] = { '@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0, 0xC1, 0xE1, 0x80, ' ' };
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 36; n++) {
			unsigned char b[64];
			size_t letters = 0, lower = 0;
			for (size_t k = 0; k < n; k++) {
				unsigned char c = edge[(k * 5 + off + n) % sizeof edge];
				b[off + k] = c;
				letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
				lower += c >= 'a' && c <= 'z';
			}
			size_t both_lower = SIZE_MAX;
			assert_int_equal(pd_ascii_letters_lower((const char *)b + off, n, &both_lower), letters);
			assert_int_equal(both_lower, lower);
		}
	/* the bytes just outside the ranges, eight at a time */
	assert_int_equal(pd_ascii_letters("@[`{AZaz", 8), 4);
	assert_int_equal(pd_ascii_lower("@[`{AZaz", 8), 2);
	assert_int_equal(pd_ascii_letters("\xc1\xda\xe1\xfa\x81\x9a\xa1\xba", 8), 0);
}

/* pd_ascii_letters_lower of (s, n) against the counts byte by byte. */
static void check_letters_lower(const char *s, size_t n)
{
	size_t letters = 0, lower = 0;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		lower += c >= 'a' && c <= 'z';
	}
	size_t got_lower = SIZE_MAX, got = pd_ascii_letters_lower(s, n, &got_lower);
	if (got != letters || got_lower != lower)
		fail_msg("%zu bytes: %zu letters, %zu small; want %zu, %zu", n, got, got_lower, letters,
			 lower);
}

/* pd_ascii_letters_lower in sixteen-byte lanes: every byte value at
 * every place of texts of every length to 50 at every offset (the last
 * bytes read again from n - 16), and texts of letters only around 255
 * steps of sixteen (where the lanes, a byte each, are emptied) and past
 * them. */
static void test_letters_lower_lanes(void **state)
{
	(void)state;
	static const char base[] = "Prime Minister: we'll SEE about that, 12 or 13 TIMES over. zZ aA";
	char text[96];
	for (size_t off = 0; off < 16; off++)
		for (size_t n = 0; n <= 50; n++)
			for (size_t p = 0; p < n || (n == 0 && p == 0); p++)
				for (unsigned b = 0; b < 256; b++) {
					memcpy(text + off, base, n);
					if (p < n)
						text[off + p] = (char)b;
					check_letters_lower(text + off, n);
				}
	enum { LONG = 255 * 16 * 3 + 40 };
	static char big[LONG];
	for (int kind = 0; kind < 3; kind++) {
		for (size_t k = 0; k < LONG; k++)
			big[k] = kind == 0 ? 'a' : kind == 1 ? 'Z' : (char)("aB \xE1z"[k % 5]);
		for (size_t n = 255 * 16 - 40; n <= 255 * 16 + 40; n++)
			check_letters_lower(big, n);
		for (size_t n = 2 * 255 * 16 - 20; n <= LONG; n++)
			check_letters_lower(big, n);
	}
}

/* pd_count_words against the rule byte by byte: strings of words, ' ',
 * '\n', tabs (no blank here) and other bytes, cut at every offset and
 * length across the sixteen-byte steps (a block ending or starting in a
 * blank carries into the next). */
/* n bytes drawn from the first `letters` of alphabet by a generator
 * seeded with seed. */
static void fill_from(char *in, size_t n, unsigned seed, const char *alphabet, size_t letters)
{
	unsigned x = seed;
	for (size_t k = 0; k < n; k++) {
		x = x * 1103515245u + 12345u;
		in[k] = alphabet[(x >> 16) % letters];
	}
}

/* pd_ascii_prefix_counts against the counts of the same bytes one by
 * one (words, '?', letters): texts of blanks, '?', letters and a byte
 * above ASCII put at every place (or none), of every length across
 * several 64-byte blocks (an ASCII text's tail counted too, read again
 * from n - 16). */
static void test_ascii_prefix_counts(void **state)
{
	(void)state;
	static const char alphabet[] = { 'a', ' ', '\n', '?', 'Z', ' ', 'x', '\t', 'q' };
	char in[300];
	for (unsigned seed = 1; seed < 12; seed++) {
		fill_from(in, sizeof in, seed, alphabet, seed % 2 ? sizeof alphabet : 3);
		for (size_t high = 0; high <= sizeof in; high += 7) {
			char saved = high < sizeof in ? in[high] : 0;
			if (high < sizeof in)
				in[high] = '\xe4';
			for (size_t n = 0; n <= sizeof in; n++) {
				size_t words = 99, qmarks = 99, letters = 99;
				bool after = false;
				/* in a block of its own size: a read past the
				 * end is caught (ASan) */
				char *exact = malloc(n ? n : 1);
				assert_non_null(exact);
				memcpy(exact, in, n);
				size_t k = pd_ascii_prefix_counts(exact, n, &words, &qmarks, &after, &letters);
				free(exact);
#if defined(__SSE2__)
				/* all of an ASCII text of sixteen bytes or more,
				 * else whole ASCII blocks, as many as there are */
				size_t want_k = high < n ? high / 64 * 64 : n >= 16 ? n : 0;
				assert_int_equal(k, want_k);
#endif
				assert_true(k % 64 == 0 || k == n);
				assert_true(k <= n);
				size_t want_q = 0;
				for (size_t j = 0; j < k; j++) {
					assert_true((unsigned char)in[j] < 0x80);
					want_q += in[j] == '?';
				}
				assert_int_equal(words, pd_count_words(in, k));
				assert_int_equal(qmarks, want_q);
				assert_int_equal(letters, pd_ascii_letters(in, k));
				assert_int_equal(after, k == 0 || in[k - 1] == ' ' || in[k - 1] == '\n');
			}
			if (high < sizeof in)
				in[high] = saved;
		}
	}
}

/* Long ASCII texts whose counts fill byte lanes fastest (a letter, a
 * '?' or a word start at every byte a lane sees): the lanes are summed
 * before they overflow. */
static void test_ascii_prefix_counts_long(void **state)
{
	(void)state;
	static const char *const units[] = { "a", "?", "a ", " a", "?\n", "Zq? " };
	size_t n = 64 * 200 + 17;
	char *in = malloc(n);
	assert_non_null(in);
	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		for (size_t k = 0; k < n; k++)
			in[k] = units[u][k % strlen(units[u])];
		for (size_t cut = 64 * 62; cut <= n; cut += 64 * 31 + 5) {
			size_t words, qmarks, letters, want_q = 0;
			bool after;
			size_t k = pd_ascii_prefix_counts(in, cut, &words, &qmarks, &after, &letters);
#if defined(__SSE2__)
			assert_int_equal(k, cut);
#endif
			for (size_t j = 0; j < k; j++)
				want_q += in[j] == '?';
			assert_int_equal(words, pd_count_words(in, k));
			assert_int_equal(qmarks, want_q);
			assert_int_equal(letters, pd_ascii_letters(in, k));
			assert_int_equal(after, k == 0 || in[k - 1] == ' ' || in[k - 1] == '\n');
		}
	}
	free(in);
}

static void test_count_words(void **state)
{
	(void)state;
	static const char alphabet[] = { 'a', ' ', '\n', '\t', 'Z', ' ', '\xe4', '\0', ' ', 'x' };
	char in[200];
	for (unsigned seed = 1; seed < 60; seed++) {
		/* runs of blanks and of letters, of every length */
		fill_from(in, sizeof in, seed, alphabet, seed % 3 ? sizeof alphabet : 3);
		for (size_t off = 0; off < 17; off++)
			for (size_t n = 0; off + n <= sizeof in; n++) {
				size_t want = 0;
				for (size_t k = off; k < off + n; k++) {
					bool blank = in[k] == ' ' || in[k] == '\n';
					bool before = k == off || in[k - 1] == ' ' || in[k - 1] == '\n';
					want += !blank && before;
				}
				assert_int_equal(pd_count_words(in + off, n), want);
			}
	}
	assert_int_equal(pd_count_words("", 0), 0);
	assert_int_equal(pd_count_words("  a  bc\nd ", 10), 3);
	/* a word across a block's end is one word; a blank at the end of a
	 * block starts a word at the next block's first byte */
	assert_int_equal(pd_count_words("aaaaaaaaaaaaaaaaaaaa", 20), 1);
	assert_int_equal(pd_count_words("aaaaaaaaaaaaaaa bbbb", 20), 2);
	/* and across the sixty-four-byte step */
	char w[130];
	for (size_t at = 0; at < 128; at++) {
		memset(w, 'a', sizeof w);
		w[at] = ' ';
		assert_int_equal(pd_count_words(w, sizeof w), at == 0 ? 1 : 2);
	}
}

/* pd_utf8_count against a decode of every character: ASCII runs of
 * every length (the sixteen- and eight-byte steps) around CJK, Latin-1,
 * four-byte, truncated and stray continuation bytes. */
static void test_utf8_count(void **state)
{
	(void)state;
	static const char *const pieces[] = { "a", "\xe4\xb8\xad", "\xc3\xa9", "\xf0\x9f\x98\x80",
					      "\xe4\xb8", "\x80", " ", "\xff" };
	char in[256];
	for (unsigned seed = 1; seed < 200; seed++) {
		size_t n = 0;
		unsigned x = seed;
		while (n < 200) {
			x = x * 1103515245u + 12345u;
			unsigned r = (x >> 16) % 24;
			const char *p = pieces[r < 16 ? 0 : r - 16];   /* mostly ASCII */
			size_t k = strlen(p);
			memcpy(in + n, p, k);
			n += k;
		}
		for (size_t off = 0; off < 9; off++)
			for (size_t len = 0; off + len <= n; len += 3) {
				size_t want = 0;
				for (size_t i = off; i < off + len; want++) {
					uint32_t cp;
					i += pd_utf8_decode(in + i, off + len - i, &cp);
				}
				assert_int_equal(pd_utf8_count(in + off, len), want);
			}
	}
}

/* The general decode, as pd_utf8_decode_seq was before its three-byte
 * fast path: the reference for every sequence of one lead byte E0..EF
 * and two bytes after it, cut to every length. */
static size_t decode_plain(const unsigned char *u, size_t n, uint32_t *cp)
{
	unsigned char c = u[0];
	size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	uint32_t v = len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
	uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
	bool ok = len && n >= len;
	for (size_t i = 1; ok && i < len; i++) {
		ok = (u[i] & 0xC0) == 0x80;
		v = (v << 6) | (u[i] & 0x3F);
	}
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (!ok || v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = PD_UTF8_REPLACEMENT;
		return 1;
	}
	*cp = v;
	return len;
}

static void test_utf8_decode_three_bytes(void **state)
{
	(void)state;
	for (unsigned a = 0xE0; a <= 0xEF; a++)
		for (unsigned b = 0; b < 256; b++)
			for (unsigned c = 0; c < 256; c++)
				for (size_t n = 1; n <= 3; n++) {
					unsigned char u[3] = { (unsigned char)a, (unsigned char)b, (unsigned char)c };
					uint32_t want, got;
					size_t lw = decode_plain(u, n, &want);
					size_t lg = pd_utf8_decode_seq((const char *)u, n, &got);
					if (lw != lg || want != got)
						fail_msg("%02X %02X %02X cut to %zu: %zu U+%04X, want %zu U+%04X", a, b,
							 c, n, lg, (unsigned)got, lw, (unsigned)want);
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_collapse_until_markup),
		cmocka_unit_test(test_copy_steps),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_spaced_words),
		cmocka_unit_test(test_spaced_lines),
		cmocka_unit_test(test_ascii_counts),
		cmocka_unit_test(test_letters_lower_lanes),
		cmocka_unit_test(test_ascii16_letters),
		cmocka_unit_test(test_find_byte3),
		cmocka_unit_test(test_cp_is_space),
		cmocka_unit_test(test_str_copy),
		cmocka_unit_test(test_count_words),
		cmocka_unit_test(test_ascii_prefix_counts),
		cmocka_unit_test(test_ascii_prefix_counts_long),
		cmocka_unit_test(test_buf_add_after),
		cmocka_unit_test(test_utf8_count),
		cmocka_unit_test(test_utf8_decode_three_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
