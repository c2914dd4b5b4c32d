/* test_doc.c: the line builder (parse/doc.c). Readers give a line's text
 * in runs (pd_doc_text) and end it (pd_doc_break, pd_doc_para); the
 * builder collapses each run straight into its arena as it comes. The
 * reference here is the builder as it was before: the runs joined in a
 * buffer by the same rules, the line collapsed at its end, the bold run
 * collapsed on its own. Lines, flags, bold runs and ASCII openings must
 * be the reference's for generated runs (white space of every kind at the
 * ends, Unicode spaces, CJK, bold and plain, lines long enough to cross
 * the arena's blocks), and a line added whole while another is being
 * collected must leave both intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/utf8.h"
#include "search/cjk_fold.h"
#include "parse/doc.h"

/* The builder before: the raw runs in a buffer. */
typedef struct ref_line {
	char *text;
	size_t len, bold_len;
	unsigned flags;
} ref_line;

typedef struct ref_doc {
	ref_line lines[256];
	size_t n;
	pd_buf cur;
	bool all_bold, any_text, bold_open, next_para;
	size_t bold_raw;
} ref_doc;

static void ref_init(ref_doc *r)
{
	memset(r, 0, sizeof *r);
	pd_buf_init(&r->cur, 0);
	r->all_bold = r->bold_open = r->next_para = true;
}

static void ref_text(ref_doc *r, const char *s, size_t n, bool bold)
{
	pd_slice t = pd_slice_trim((pd_slice){ s, n });
	if (!t.n) {
		if (n && r->cur.len)
			pd_buf_putc(&r->cur, ' ');
		return;
	}
	if (!bold)
		r->all_bold = r->bold_open = false;
	if (r->cur.len && t.p != s)
		pd_buf_putc(&r->cur, ' ');
	pd_buf_add(&r->cur, t.p, t.n);
	if (t.p + t.n != s + n)
		pd_buf_putc(&r->cur, ' ');
	if (bold && r->bold_open)
		r->bold_raw = r->cur.len;
	r->any_text = true;
}

static void ref_break(ref_doc *r)
{
	if (r->any_text) {
		size_t len;
		char *text = pd_str_collapse_space_n(pd_buf_cstr(&r->cur), r->cur.len, &len);
		if (len) {
			ref_line *l = &r->lines[r->n++];
			l->text = text;
			l->len = len;
			l->flags = r->next_para ? PD_LINE_PARA : 0;
			if (memchr(text, '\0', len))
				l->flags |= PD_LINE_NUL;
			if (memchr(text, ':', len) || memchr(text, ';', len))
				l->flags |= PD_LINE_COLON;
			r->next_para = false;
			if (r->all_bold) {
				l->flags |= PD_LINE_BOLD;
			} else if (r->bold_raw) {
				l->flags |= PD_LINE_BOLD_START;
				free(pd_str_collapse_space_n(r->cur.data, r->bold_raw, &l->bold_len));
			}
		} else {
			free(text);
		}
	}
	pd_buf_reset(&r->cur);
	r->all_bold = r->bold_open = true;
	r->bold_raw = 0;
	r->any_text = false;
}

static void ref_release(ref_doc *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i].text);
	pd_buf_release(&r->cur);
}

static size_t first_high_byte(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

static void assert_same_lines(const pd_doc *d, const ref_doc *r)
{
	assert_int_equal(d->n, r->n);
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		assert_int_equal(l->len, r->lines[i].len);
		assert_memory_equal(l->text, r->lines[i].text, l->len);
		assert_int_equal(l->text[l->len], '\0');
		assert_int_equal(l->flags, r->lines[i].flags);
		assert_int_equal(l->bold_len, r->lines[i].bold_len);
		assert_int_equal(l->ascii_len, first_high_byte(l->text, l->len));
		assert_int_equal(pd_line_strlen(l), strlen(l->text));
	}
}

static void test_runs_as_joined(void **state)
{
	(void)state;
	/* with their lengths: NUL bytes, controls, invalid UTF-8 and
	 * characters cut short beside white space too (no piece
	 * ends inside a valid character: pd_collapse_more's contract) */
#define PIECE(lit) { lit, sizeof lit - 1 }
	static const struct {
		const char *p;
		size_t n;
	} pieces[] = {
		PIECE("word"), PIECE(" "), PIECE("  lead"), PIECE("trail  "), PIECE("\t"), PIECE("\n"),
		PIECE(" in side "), PIECE("\xc2\xa0"), PIECE("\xc2\xa0nbsp\xc2\xa0"),
		PIECE("\xe4\xb8\xad\xe6\x96\x87"), PIECE("\xe3\x80\x80"), PIECE(""),
		PIECE("\xe2\x80\x9cquoted\xe2\x80\x9d"), PIECE("PRIME MINISTER:"), PIECE("a"), PIECE("   "),
		PIECE("nul\0 inside"), PIECE(" \0"), PIECE("\x01\x7f "), PIECE("\xff bad"), PIECE("bad\xfe"),
		PIECE("\xf0\xe3\x80\x80"), PIECE("\xe2\x80 \xe2\x80"),
		PIECE("\r\n\xe2\x80\x8b"), PIECE("\xe2\x80\x8b"),
	};
#undef PIECE
	const size_t np = sizeof pieces / sizeof *pieces;
	uint32_t x = 2024;
	for (int round = 0; round < 300; round++) {
		pd_doc d;
		ref_doc r;
		pd_doc_init(&d);
		ref_init(&r);
		/* some documents with lines of thousands of bytes: a line then
		 * moves when the arena's 64 KiB block fills under it */
		int long_lines = round % 5 == 0;
		/* and some with more lines than the builder makes room for at
		 * first */
		int lines = round % 7 == 0 ? 200 : 40;
		for (int line = 0; line < lines; line++) {
			x = x * 1103515245u + 12345u;
			int runs = (int)((x >> 16) % (long_lines ? 1000 : 8));
			for (int k = 0; k < runs; k++) {
				x = x * 1103515245u + 12345u;
				size_t k_piece = (x >> 16) % np;
				const char *p = pieces[k_piece].p;
				size_t n = pieces[k_piece].n;
				bool bold = (x >> 8) % 3 == 0;
				pd_doc_text(&d, p, n, bold);
				ref_text(&r, p, n, bold);
			}
			pd_doc_break(&d);
			ref_break(&r);
		}
		assert_same_lines(&d, &r);
		pd_doc_release(&d);
		ref_release(&r);
	}
}

static void test_line_added_while_collecting(void **state)
{
	(void)state;
	pd_doc d;
	pd_doc_init(&d);
	pd_doc_text(&d, "PRIME MINISTER:", 15, true);
	pd_doc_text(&d, " Thank", 6, false);
	pd_doc_add_line(&d, "  a heading  ", 13, PD_LINE_HEADING);
	pd_doc_text(&d, " you.", 5, false);
	pd_doc_break(&d);
	pd_doc_text(&d, "Next", 4, false);
	pd_doc_add_line(&d, "another", 7, 0);
	pd_doc_break(&d);   /* ended with nothing fed after the line added */
	pd_doc_text(&d, "last", 4, false);
	pd_doc_break(&d);
	assert_int_equal(d.n, 5);
	assert_string_equal(d.lines[0].text, "a heading");
	assert_string_equal(d.lines[1].text, "PRIME MINISTER: Thank you.");
	assert_int_equal(d.lines[1].bold_len, 15);
	assert_true(d.lines[1].flags & PD_LINE_BOLD_START);
	assert_string_equal(d.lines[2].text, "another");
	assert_string_equal(d.lines[3].text, "Next");
	assert_int_equal(d.lines[3].len, 4);
	assert_string_equal(d.lines[4].text, "last");
	pd_doc_release(&d);
}

/* pd_doc_text_until_markup then pd_doc_text for the rest of each run,
 * as the HTML reader feeds them, gives pd_doc_text's lines: runs with
 * markup bytes, runs of thousands of bytes (past the reader's step when
 * the block is short of room) and lines past the arena's block. */
static void test_text_until_markup(void **state)
{
	(void)state;
	static const char *const pieces[] = { "word", " ", "  ", "\n", "\t lead", "trail \r\n", "<", "&",
					      "a&b", "x<y", "\x7f", "\x01", "\xc2\xa0", "\xe4\xb8\xad",
					      "PRIME MINISTER:", " words one space apart " };
	const size_t np = sizeof pieces / sizeof *pieces;
	static char run[20000];
	uint32_t x = 99;
	for (int round = 0; round < 60; round++) {
		pd_doc fast, plain;
		pd_doc_init(&fast);
		pd_doc_init(&plain);
		for (int line = 0; line < 30; line++) {
			x = x * 1103515245u + 12345u;
			int runs = (int)((x >> 16) % 6);
			for (int r = 0; r < runs; r++) {
				x = x * 1103515245u + 12345u;
				size_t limit = round % 3 == 0 ? sizeof run : 200, n = 0;
				while (n < limit) {
					x = x * 1103515245u + 12345u;
					if ((x >> 16) % 50 == 0)
						break;
					size_t pick = (x >> 16) % (np + 1);
					const char *p = pick < np ? pieces[pick] : "";
					size_t l = pick < np ? strlen(p) : 1; /* np: a NUL byte */
					if (n + l > limit)
						break;
					memcpy(run + n, p, l);
					n += l;
					if (round % 3 == 0 && (x >> 8) % 4)
						for (int w = 0; w < 200 && n + 5 <= limit; w++, n += 5)
							memcpy(run + n, "word ", 5);
				}
				bool bold = (x >> 8) % 3 == 0;
				size_t k = pd_doc_text_until_markup(&fast, run, n, bold);
				assert_true(k <= n);
				assert_true(k == n || run[k] == '<' || run[k] == '&' || (unsigned char)run[k] < '\t' ||
					    ((unsigned char)run[k] > '\r' && (unsigned char)run[k] < ' ') ||
					    (unsigned char)run[k] >= 0x7f);
				pd_doc_text(&fast, run + k, n - k, bold);
				pd_doc_text(&plain, run, n, bold);
			}
			pd_doc_break(&fast);
			pd_doc_break(&plain);
		}
		assert_true(pd_doc_equal(&fast, &plain));
		for (size_t i = 0; i < fast.n; i++)
			assert_int_equal(fast.lines[i].ascii_len, plain.lines[i].ascii_len);
		pd_doc_release(&fast);
		pd_doc_release(&plain);
	}
}

/* pd_doc_wrapped_line_median counts the short lengths and selects among
 * the long ones only when the median is one of them: the same value as
 * every wrapped length sorted and the middle one taken (0 below ten), for
 * lengths all short, all long, around the histogram's end (255, 256,
 * 257), many equal, and for documents of no line, one, and nine to
 * eleven wrapped lines. */
static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static size_t plain_wrapped_median(const pd_doc *d)
{
	size_t v[1024], k = 0;
	for (size_t i = 0; i + 1 < d->n; i++)
		if (!(d->lines[i + 1].flags & PD_LINE_PARA))
			v[k++] = d->lines[i].len;
	if (k < 10)
		return 0;
	qsort(v, k, sizeof *v, cmp_size);
	return v[k / 2];
}

static void test_wrapped_line_median(void **state)
{
	(void)state;
	pd_line lines[1024];
	uint32_t x = 2463534242u;
	for (unsigned trial = 0; trial < 6000; trial++) {
		size_t n = trial < 40 ? trial / 2 : 1 + (trial * 7919u) % 1024;
		unsigned mode = trial % 6;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			size_t len;
			switch (mode) {
			case 0: len = x % 256; break;                  /* all short */
			case 1: len = 256 + x % 3000; break;           /* all long */
			case 2: len = 252 + x % 9; break;              /* around the end */
			case 3: len = (x >> 4) % 4 ? 70 : 300; break;  /* many equal */
			case 4: len = x % 600; break;
			default: len = (x >> 3) % 2 ? x % 100 : 255 + x % 3; break;
			}
			memset(&lines[i], 0, sizeof lines[i]);
			lines[i].len = len;
			lines[i].flags = (x >> 9) % (1 + trial % 4) ? 0 : PD_LINE_PARA;
		}
		pd_doc d;
		memset(&d, 0, sizeof d);
		d.lines = lines;
		d.n = n;
		assert_int_equal(pd_doc_wrapped_line_median(&d), plain_wrapped_median(&d));
	}
}

/* pd_line_strlen, from the NUL bytes the builder noted, is strlen of
 * every line: a NUL at every offset of lines around the collapse's
 * sixteen-byte blocks, beside white space, controls and bytes above
 * ASCII, none at all, an empty input; added whole (pd_doc_add_line), fed
 * in runs (pd_doc_text) and through pd_doc_text_until_markup. */
static void test_line_strlen(void **state)
{
	(void)state;
	static const char fill[] = "Words one space\tapart\xc2\xa0\xe4\xb8\xad \x01 and\n more: ";
	char s[80];
	for (size_t n = 0; n <= 70; n++) {
		for (size_t j = 0; j <= n; j++) {   /* j == n: no NUL */
			for (size_t k = 0; k < n; k++)
				s[k] = fill[(k + n) % (sizeof fill - 1)];
			if (j < n)
				s[j] = '\0';
			pd_doc d;
			pd_doc_init(&d);
			pd_doc_add_line(&d, s, n, 0);
			pd_doc_text(&d, s, n, false);
			pd_doc_break(&d);
			pd_doc_text(&d, s, j, false);
			pd_doc_text(&d, s + j, n - j, true);
			pd_doc_break(&d);
			size_t k = pd_doc_text_until_markup(&d, s, n, false);
			pd_doc_text(&d, s + k, n - k, false);
			pd_doc_break(&d);
			for (size_t i = 0; i < d.n; i++) {
				const pd_line *l = &d.lines[i];
				assert_int_equal(pd_line_strlen(l), strlen(l->text));
				assert_int_equal(!!(l->flags & PD_LINE_NUL), memchr(l->text, '\0', l->len) != NULL);
			}
			pd_doc_release(&d);
		}
	}
}

/* Whether (s, n) holds a ':', ';' or a byte above ASCII. */
static bool holds_colon_mark(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':' || s[i] == ';' || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* PD_LINE_COLON, noted by the collapse's thirty-two- and sixteen-byte
 * steps and its byte loops, is set exactly when the line holds a ':' or
 * ';', and pd_line_may_hold_colon when it holds one or a byte above
 * ASCII: a mark at every offset of lines around the block sizes (up to
 * three of the collapse's thirty-two-byte steps), the mark just after a
 * run that ends at a '<' or '&' in the same block (markup's, not the
 * line's), a NUL before it, bytes above ASCII, an empty input. */
static void test_line_colon(void **state)
{
	(void)state;
	static const char fill[] = "Words one space apart, and more words for the blocks ";
	static const char marks[] = { ':', ';', '\xEF', '\0' };
	char s[128];
	for (size_t n = 0; n <= 100; n++) {
		for (size_t j = 0; j <= n; j++) {   /* j == n: no mark */
			for (size_t mk = 0; mk < sizeof marks; mk++) {
				for (size_t k = 0; k < n; k++)
					s[k] = fill[(k + n) % (sizeof fill - 1)];
				if (j < n)
					s[j] = marks[mk];
				pd_doc d;
				pd_doc_init(&d);
				pd_doc_add_line(&d, s, n, 0);
				pd_doc_text(&d, s, n, false);
				pd_doc_break(&d);
				/* the run up to a '<' at j, the mark just after
				 * it, and up to a '&' at j, the mark three bytes
				 * on ("&lt;" of escaped HTML): the HTML reader's
				 * run ends there */
				for (size_t stop = 0; stop < 2; stop++) {
					char m[128];
					memcpy(m, s, n);
					if (j < n) {
						size_t at = j + (stop ? 3 : 1);
						m[j] = stop ? '&' : '<';
						if (at < n)
							m[at] = marks[mk];
					}
					size_t k = pd_doc_text_until_markup(&d, m, n, false);
					pd_doc_break(&d);
					assert_true(k <= n);
				}
				pd_doc_text_until_markup(&d, s, n, false);
				pd_doc_break(&d);
				for (size_t i = 0; i < d.n; i++) {
					const pd_line *l = &d.lines[i];
					bool colon = memchr(l->text, ':', l->len) || memchr(l->text, ';', l->len);
					assert_int_equal(!!(l->flags & PD_LINE_COLON), colon);
					if (holds_colon_mark(l->text, l->len))
						assert_true(pd_line_may_hold_colon(l));
				}
				pd_doc_release(&d);
			}
		}
	}
}

/* The script counts and characters one pass takes: a character at a time,
 * decoded, counted over the budget's characters, then all of them. */
static size_t ref_count_script_chars(const char *s, size_t n, size_t budget,
				     pd_script_counts *c)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; chars++) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		if (chars >= budget)
			continue;
		if ((cp | 32) >= 'a' && (cp | 32) <= 'z') {
			c->latin++;
		} else if (pd_cp_is_cjk(cp)) {
			c->cjk++;
			c->trad += pd_cjk_folds(cp);
		}
		c->kana += (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA);
	}
	return chars;
}

/* pd_count_script_chars as the reference for generated texts: ASCII runs
 * across the 8-, 16- and 64-byte steps, letters, NUL bytes, accents, CJK
 * (Simplified and Traditional), kana, invalid and cut UTF-8, at every
 * offset of an exactly sized buffer, for budgets around the steps. */
static void test_count_script_chars(void **state)
{
	(void)state;
	static const char *const parts[] = { "a", "Z", " ", "7", "\n", "words and more ",
					     "the quick brown fox jumps over the lazy dog, twice: ",
					     "é", "中", "國", "说", "の", "ア", "・", "\xFF", "\xE4\xB8",
					     "\x80", "\xEF\xBF\xBD" };
	uint32_t seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char text[400];
		size_t n = 0, want = (size_t)round % 300;
		while (n < want) {
			seed = seed * 1103515245u + 12345u;
			size_t k = (seed >> 16) % (sizeof parts / sizeof *parts + 1);
			const char *p = k < sizeof parts / sizeof *parts ? parts[k] : "";
			size_t l = k < sizeof parts / sizeof *parts ? strlen(p) : 1;  /* "": a NUL */
			if (n + l > sizeof text)
				break;
			memcpy(text + n, l && *p ? p : "\0", l);
			n += l;
		}
		static const size_t budgets[] = { 0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 20000 };
		for (size_t from = 0; from <= n; from += 1 + from / 8) {
			size_t len = n - from;
			char *s = malloc(len ? len : 1);   /* exactly the bytes it may read */
			memcpy(s, text + from, len);
			for (size_t b = 0; b < sizeof budgets / sizeof *budgets; b++) {
				pd_script_counts got = { 1, 2, 3, 4 }, want_c = { 1, 2, 3, 4 };
				size_t chars = pd_count_script_chars(s, len, budgets[b], &got);
				assert_int_equal(chars, ref_count_script_chars(s, len, budgets[b], &want_c));
				assert_int_equal(chars, pd_utf8_count(s, len));
				assert_int_equal(got.latin, want_c.latin);
				assert_int_equal(got.cjk, want_c.cjk);
				assert_int_equal(got.trad, want_c.trad);
				assert_int_equal(got.kana, want_c.kana);
			}
			free(s);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_as_joined),
		cmocka_unit_test(test_line_added_while_collecting),
		cmocka_unit_test(test_text_until_markup),
		cmocka_unit_test(test_wrapped_line_median),
		cmocka_unit_test(test_line_strlen),
		cmocka_unit_test(test_line_colon),
		cmocka_unit_test(test_count_script_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
