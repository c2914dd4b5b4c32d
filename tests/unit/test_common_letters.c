/* test_common_letters.c: pd_label_common_letters (labels.c), which finds
 * the longest common subsequence of two labels' letters with a bit-vector
 * when the second has up to 64 letters, against the table it replaced:
 * generated labels of every length from 0 to PD_MAX_LABEL_CHARS letters
 * (both sides of 64), few and many distinct letters, punctuation and
 * lower case the letters are taken from, and OCR's spellings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "parse/labels.h"

/* The rule, plainly: ASCII letters upper-cased, at most
 * PD_MAX_LABEL_CHARS of each side, the table of common subsequences. */
static size_t reference(const char *a, size_t na, const char *b, size_t nb)
{
	char x[PD_MAX_LABEL_CHARS], y[PD_MAX_LABEL_CHARS];
	size_t lx = 0, ly = 0;
	for (size_t i = 0; i < na && lx < PD_MAX_LABEL_CHARS; i++)
		if ((a[i] | 32) >= 'a' && (a[i] | 32) <= 'z')
			x[lx++] = (char)(a[i] & ~32);
	for (size_t i = 0; i < nb && ly < PD_MAX_LABEL_CHARS; i++)
		if ((b[i] | 32) >= 'a' && (b[i] | 32) <= 'z')
			y[ly++] = (char)(b[i] & ~32);
	static size_t t[PD_MAX_LABEL_CHARS + 1][PD_MAX_LABEL_CHARS + 1];
	for (size_t i = 0; i <= lx; i++)
		for (size_t j = 0; j <= ly; j++)
			t[i][j] = !i || !j ? 0
				: x[i - 1] == y[j - 1] ? t[i - 1][j - 1] + 1
				: t[i - 1][j] > t[i][j - 1] ? t[i - 1][j] : t[i][j - 1];
	return t[lx][ly];
}

static void fill(char *s, size_t n, unsigned *seed, unsigned letters)
{
	static const char extra[] = " .:'-(";
	for (size_t k = 0; k < n; k++) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = (*seed >> 16) % (letters + 6);
		if (r < letters)
			s[k] = (char)(((*seed >> 8) & 1 ? 'a' : 'A') + r);
		else
			s[k] = extra[r - letters];
	}
	s[n] = '\0';
}

static void test_generated(void **state)
{
	(void)state;
	char a[120], b[120];
	unsigned seed = 7;
	for (size_t round = 0; round < 4000; round++) {
		unsigned letters = 1 + (unsigned)(round % 26);
		size_t na = round % 97, nb = (round * 7 + 3) % 113;
		fill(a, na, &seed, letters);
		fill(b, nb, &seed, letters);
		size_t want = reference(a, na, b, nb);
		size_t got = pd_label_common_letters(a, na, b, nb);
		if (got != want)
			fprintf(stderr, "\"%s\" / \"%s\": %zu, want %zu\n", a, b, got, want);
		assert_int_equal(got, want);
	}
}

static void test_labels(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "MRFAER", "MR. FRASER" }, { "JOURNALIST", "JOURNALIST" }, { "JOUNRALIST", "JOURNALIST" },
		{ "PRIME MINISTER", "PM" }, { "", "PM" }, { "PM", "" }, { "Q", "A" },
		/* 64 letters on the second side and 65 */
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKL" },
		{ "ZYXWVUTSRQPONMLKJIHGFEDCBA", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM" },
	};
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
		const char *a = pairs[k][0], *b = pairs[k][1];
		assert_int_equal(pd_label_common_letters(a, strlen(a), b, strlen(b)),
				 reference(a, strlen(a), b, strlen(b)));
	}
	assert_int_equal(pd_label_common_letters("MRFAER", 6, "MR. FRASER", 10), 6);
	assert_int_equal(pd_label_common_letters("ABC", 3, "CBA", 3), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
