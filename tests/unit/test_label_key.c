/* test_label_key.c: pd_label_key (labels.c), whose runs of plain bytes
 * (capitals, small letters, digits, most punctuation) are copied in a
 * loop of their own, against the plain loop that decodes every character
 * and tests it (the key before that run loop, 2026-12): every byte value
 * at every place of labels of every length, before and after every byte
 * the loop treats apart, NUL bytes and bytes above ASCII (valid and
 * invalid UTF-8) inside, keys cut short by every output size, a
 * continuation word at the end, the empty label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/labels.h"

/* pd_label_key as it was written before its run loop. */
static void plain_key(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	n = pd_label_continuation_word(s, n);
	bool space = false;
	for (size_t i = 0; i < n && o + 5 < outsz;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		if (cp == '(') {
			const char *close = memchr(s + i, ')', n - i);
			size_t c = i + 1;
			while (c < n && s[c] == ' ')
				c++;
			if (close && (size_t)(close - (s + i)) < 16 && c + 3 < n && (s[c] | 32) == 'c' &&
			    (s[c + 1] | 32) == 'o' && (s[c + 2] | 32) == 'n' && (s[c + 3] | 32) == 't') {
				i = (size_t)(close - s) + 1;
				continue;
			}
		}
		if (cp == '.' || cp == ':' || cp == 0xFF1A || cp == '*' || cp == '#') {
			i += l;
			space = o > 0;
			continue;
		}
		if (pd_cp_is_space(cp)) {
			space = o > 0;
			i += l;
			continue;
		}
		if (cp == ';' && o && out[o - 1] == '\'') {
			i += l;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = false;
		if (cp >= 'a' && cp <= 'z')
			out[o++] = (char)(cp - 32);
		else if (cp < 0x80)
			out[o++] = (char)cp;
		else if (cp == 0x2019)
			out[o++] = '\'';
		else {
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
}

enum { OUT_MAX = PD_LABEL_KEY_MAX };

/* Both keys of (s, n) into an output of outsz bytes: the same bytes,
 * the terminating NUL included, and nothing written past it. */
static void check_key(const char *s, size_t n, size_t outsz)
{
	char want[OUT_MAX + 8], got[OUT_MAX + 8];
	memset(want, 0x55, sizeof want);
	memset(got, 0x55, sizeof got);
	plain_key(s, n, want, outsz);
	pd_label_key(s, n, got, outsz);
	if (memcmp(want, got, sizeof want) != 0)
		fail_msg("\"%.*s\" (%zu bytes) into %zu: \"%s\", want \"%s\"", (int)n, s, n, outsz, got,
			 want);
}

/* Every byte value at every place of labels of every length to 70 (past
 * the key's size), over a text of capitals, small letters and spaces. */
static void test_every_byte_at_every_place(void **state)
{
	(void)state;
	static const char base[] = "Prime MINISTER of the o'brien-smith & co 12/3 "
				   "Foreign AFFAIRS minister, Jones Jr";
	char text[128];
	for (size_t n = 0; n <= 70; n++) {
		for (size_t p = 0; p < n || (n == 0 && p == 0); p++) {
			for (unsigned b = 0; b < 256; b++) {
				memcpy(text, base, n);
				if (p < n)
					text[p] = (char)b;
				check_key(text, n, OUT_MAX);
			}
		}
	}
}

/* Every pair of the bytes the loop treats apart and plain ones, then
 * sequences above ASCII (a right quotation mark, a full-width colon,
 * invalid bytes, NUL) between words. */
static void test_bytes_apart_and_high(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"A", "b", "z", "Z", "0", "'", "-", ")", "(", "(cont)", "( Cont'd)", ".", ":", "*", "#", ";",
		" ", "\t", "\n", "\r", "\v", "\f", "\xE2\x80\x99", "\xEF\xBC\x9A", "\xC3\xA9", "\x80",
		"\xFF", "\xE2\x80", "\0", "\x7F", "@", "[", "`", "{", "~", "',", "';x",
	};
	size_t count = sizeof pieces / sizeof *pieces;
	char text[64];
	for (size_t a = 0; a < count; a++)
		for (size_t b = 0; b < count; b++)
			for (size_t c = 0; c < count; c++) {
				size_t n = 0;
				const char *parts[] = { "MR", pieces[a], pieces[b], "x", pieces[c], "Smith" };
				for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
					/* "\0" counts one byte */
					size_t l = parts[k][0] ? strlen(parts[k]) : 1;
					memcpy(text + n, parts[k], l);
					n += l;
				}
				for (size_t cut = 0; cut <= n; cut++)
					check_key(text, cut, OUT_MAX);
			}
}

/* Every output size from the smallest the loop writes into to past the
 * key's, on long labels: the key cut at every length. */
static void test_every_output_size(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"THE HONOURABLE MEMBER FOR SOMEWHERE VERY FAR AWAY INDEED AND FURTHER STILL",
		"the   honourable.member:for*somewhere#very far away indeed",
		"Laura Kuenssberg, BBC \xE2\x80\x99s correspondent (cont) continued",
		"PRIME MINISTER CONTINUES", "Secretary Blinken (continuing)", "",
	};
	for (size_t k = 0; k < sizeof labels / sizeof *labels; k++)
		for (size_t outsz = 6; outsz <= OUT_MAX; outsz++)
			check_key(labels[k], strlen(labels[k]), outsz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_at_every_place),
		cmocka_unit_test(test_bytes_apart_and_high),
		cmocka_unit_test(test_every_output_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
