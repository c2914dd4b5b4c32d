/* test_label_start.c: the line-start label test (labels.c:
 * pd_label_at_start) where it turns lines away before the full tests —
 * the one pass over a line's first bytes for a colon, a semicolon or a
 * byte above ASCII (colon_or_high_byte_opens), the record style's title
 * words looked up by first letter, and the walk of a Latin label that
 * stops once its small letters are too many for it. Labels at every
 * length up to the limit, each colon mark at every place around it, and
 * near misses. The same cases pass against main before these filters
 * (56910da). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "parse/labels.h"

/* test_walk_answers_as_plain's digest */
#define WALK_DIGEST 0xB2053D14B6B95019ull

/* An upper-case label of len bytes: words of up to nine capitals. */
static void upper_label(char *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = i % 10 == 9 ? ' ' : (char)('A' + i % 10);
	if (len && out[len - 1] == ' ')
		out[len - 1] = 'J';
	out[len] = '\0';
}

/* An upper-case label ending in each colon mark at every place up to the
 * limit (PD_MAX_LABEL_CHARS bytes before it), none past it. */
static void test_colon_marks_at_every_place(void **state)
{
	(void)state;
	static const char *const marks[] = { ":", ";", "：" };
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		for (size_t len = 1; len <= PD_MAX_LABEL_CHARS + 4; len++) {
			char line[256];
			upper_label(line, len);
			/* a digit-free label of one to three letters is taken as a
			 * bare mark elsewhere: start them all with "MR " */
			char text[300];
			snprintf(text, sizeof text, "MR %s%s Good morning to you all.", line, marks[k]);
			size_t at = strlen("MR ") + len;   /* where the mark stands */
			label_match m;
			bool found = pd_label_at_start(text, strlen(text), false, &m);
			bool want = at <= PD_MAX_LABEL_CHARS;
			if (found != want)
				fail_msg("\"%s\" at %zu: found %d, want %d", marks[k], at, found, want);
			if (want) {
				assert_int_equal(m.len, at);
				assert_int_equal(m.shape, LABEL_UPPER);
			}
		}
	}
}

/* A CJK label with ASCII before it (the high byte's place in the line
 * moves), and lines whose only colon mark stands too far to count. */
static void test_cjk_and_far_colons(void **state)
{
	(void)state;
	label_match m;
	const char *cjk = "記者：請問部長";
	assert_true(pd_label_at_start(cjk, strlen(cjk), false, &m));
	assert_int_equal(m.shape, LABEL_CJK);
	const char *mixed = "CCTV記者：請問";
	assert_true(pd_label_at_start(mixed, strlen(mixed), false, &m));
	assert_int_equal(m.shape, LABEL_CJK);
	/* prose with its colon past the window, a high byte past it too */
	char text[300];
	snprintf(text, sizeof text, "%s", "The government will announce the measures next week, and then we will see what");
	size_t n = strlen(text);
	snprintf(text + n, sizeof text - n, "%s", "     : yes — “quoted”");
	assert_false(pd_label_at_start(text, strlen(text), false, &m));
	/* an empty line and lines shorter than a block, with each mark */
	assert_false(pd_label_at_start("", 0, false, &m));
	static const char *const shorts[] = { "PM: Yes.", "PM; Yes.", "PM： Yes." };
	for (size_t k = 0; k < sizeof shorts / sizeof *shorts; k++) {
		if (!pd_label_at_start(shorts[k], strlen(shorts[k]), false, &m))
			fail_msg("\"%s\" is a label", shorts[k]);
		assert_int_equal(m.len, 2);
	}
}

/* A CJK label's first high byte at every place of the first block and of
 * lines around the block sizes (the window's blocks, its last sixteen
 * bytes, the byte loop of lines under sixteen), and lines with NUL bytes
 * where the window looks. */
static void test_high_bytes_and_nul_at_every_place(void **state)
{
	(void)state;
	for (size_t p = 0; p <= 16; p++) {
		for (size_t tail = 0; tail <= 40; tail++) {
			char text[128];
			size_t n = 0;
			for (size_t i = 0; i < p; i++)
				text[n++] = 'A';
			memcpy(text + n, "記者：", strlen("記者："));
			n += strlen("記者：");
			for (size_t i = 0; i < tail; i++)
				text[n++] = i % 5 == 4 ? ' ' : 'x';
			label_match m;
			if (!pd_label_at_start(text, n, false, &m))
				fail_msg("high byte at %zu, %zu bytes: no label", p, n);
			assert_int_equal(m.shape, LABEL_CJK);
			assert_int_equal(m.len, p + strlen("記者"));
		}
	}
	for (size_t n = 1; n <= 100; n++) {
		char text[128];
		memset(text, 'A', n);
		text[n / 2] = '\0';
		label_match m;
		assert_false(pd_label_at_start(text, n, false, &m));
		if (n >= 3) {   /* "AAA\0A...:" holds a colon after its NUL */
			text[n - 1] = ':';
			assert_false(pd_label_at_start(text, n, false, &m));
		}
	}
}

/* pd_label_may_open_at_start against a byte loop: a line opening in a
 * small letter may open a label only with a byte above ASCII, a colon or
 * a semicolon in its first 84 bytes; every byte value at every place of
 * lines of every length to 100, a colon just past the line's end (which
 * must not count), NUL bytes. And a line it turns away is no label. */
static void test_may_open_as_byte_loop(void **state)
{
	(void)state;
	enum { WINDOW = 84 };
	char text[128];
	for (size_t n = 0; n <= 100; n++) {
		for (size_t p = 0; p < n || (n == 0 && p == 0); p++) {
			for (unsigned b = 0; b < 256; b++) {
				memset(text, ':', sizeof text);
				memset(text, 'x', n);
				/* a capital first would open a label of its own */
				if (p < n && !(p == 0 && b >= 'A' && b <= 'Z'))
					text[p] = (char)b;
				bool want = false;
				for (size_t i = 0; i < n && i < WINDOW; i++)
					want |= (unsigned char)text[i] >= 0x80 || text[i] == ':' || text[i] == ';';
				bool got = pd_label_may_open_at_start(text, n);
				if (got != want)
					fail_msg("%zu bytes, byte %u at %zu: %d, want %d", n, b, p, got, want);
			}
		}
	}
	/* the first byte: 'Q', 'A', a title word; a label it turns away */
	static const char *const lines[] = { "Q Thank you.", "A. Yes.", "Senator RISCH. Mr. Secretary",
					     "Q", "A" };
	for (size_t k = 0; k < sizeof lines / sizeof *lines; k++)
		assert_true(pd_label_may_open_at_start(lines[k], strlen(lines[k])));
	for (size_t n = 0; n <= 100; n++) {
		for (unsigned first = 0; first < 256; first++) {
			upper_label(text, n);
			if (n)
				text[0] = (char)first;
			label_match m;
			if (!pd_label_may_open_at_start(text, n) && pd_label_at_start(text, n, false, &m))
				fail_msg("%zu bytes opening with %u: a label turned away", n, first);
		}
	}
}

/* pd_label_may_open_without_colon is pd_label_may_open_at_start for
 * every line with no ':', ';' or byte above ASCII: labels in capitals
 * with their marks made spaces, every ASCII first byte, a NUL at every
 * place, lines of every length to 100, the record style's title words. */
static void test_may_open_without_colon(void **state)
{
	(void)state;
	char text[128];
	for (size_t n = 0; n <= 100; n++) {
		for (unsigned first = 0; first < 0x80; first++) {
			for (size_t nul = 0; nul <= n; nul += n > 20 ? 7 : 1) {   /* nul == n: none */
				upper_label(text, n);
				if (n)
					text[0] = (char)first;
				if (nul < n && nul > 0)
					text[nul] = '\0';
				for (size_t i = 0; i < n; i++)
					if (text[i] == ':' || text[i] == ';')
						text[i] = ' ';
				if (pd_label_may_open_without_colon(text, n) != pd_label_may_open_at_start(text, n))
					fail_msg("%zu bytes opening with %u, NUL at %zu", n, first, nul);
			}
		}
	}
	static const char *const lines[] = { "Q Thank you.", "A. Yes.", "Senator RISCH. Mr. Secretary",
					     "Mr. SMITH. Yes", "The CHAIRMAN. Order", "Q", "A", "",
					     "Dr. Who", "Thank you" };
	for (size_t k = 0; k < sizeof lines / sizeof *lines; k++)
		assert_int_equal(pd_label_may_open_without_colon(lines[k], strlen(lines[k])),
				 pd_label_may_open_at_start(lines[k], strlen(lines[k])));
}

/* The record style: every title word opens a label before a surname in
 * capitals and a full stop; near misses do not. */
static void test_record_title_words(void **state)
{
	(void)state;
	static const char *const titles[] = {
		"The", "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Senator", "Secretary", "Chairman",
		"Chairwoman", "Representative", "General", "Admiral", "Ambassador", "Governor",
		"Judge", "Justice", "Commissioner", "Director", "Administrator", "Madam",
		"Colonel", "Captain", "Mayor", "Vice", "Acting", "Deputy", "Professor",
	};
	char text[128];
	label_match m;
	for (size_t k = 0; k < sizeof titles / sizeof *titles; k++) {
		snprintf(text, sizeof text, "%s RISCH. Thank you for coming.", titles[k]);
		if (!pd_label_at_start(text, strlen(text), false, &m) || !m.stop)
			fail_msg("\"%s\" is a record label", text);
		assert_int_equal(m.len, strlen(titles[k]) + strlen(" RISCH"));
	}
	static const char *const misses[] = {
		"Mr RISCH. Thank you.",        /* "Mr" without its stop */
		"Senators RISCH. Thank you.",  /* a longer word */
		"Senato RISCH. Thank you.",    /* a shorter one */
		"Th RISCH. Thank you.",
		"the CHAIRMAN. Thank you.",    /* lower case */
		"Representatives RISCH. Yes.", /* past the longest title */
		"Xavier RISCH. Thank you.",    /* no title opens with X */
	};
	for (size_t k = 0; k < sizeof misses / sizeof *misses; k++)
		if (pd_label_at_start(misses[k], strlen(misses[k]), false, &m))
			fail_msg("\"%s\" is no label", misses[k]);
	/* the first word read sixteen bytes at a time or byte by byte: each
	 * title, cut or grown by a letter, a space or a NUL byte at every
	 * place, before a surname and lines of every length around sixteen
	 * bytes; a label exactly where the first word is a title */
	for (size_t k = 0; k < sizeof titles / sizeof *titles; k++) {
		size_t tl = strlen(titles[k]);
		for (size_t at = 0; at <= tl; at++) {
			for (int edit = 0; edit < 4; edit++) {
				char word[32];
				size_t wl = 0;
				for (size_t j = 0; j < tl; j++) {
					if (j == at && edit == 1)
						word[wl++] = 'X';
					if (j == at && edit == 2)
						word[wl++] = '\0';
					if (!(j == at && edit == 3))
						word[wl++] = titles[k][j];
				}
				if (at == tl && edit == 1)
					word[wl++] = 'X';
				if (at == tl && edit == 2)
					word[wl++] = '\0';
				bool title = false;   /* "Mrs." cut is "Ms." */
				for (size_t q = 0; q < sizeof titles / sizeof *titles; q++)
					title |= wl == strlen(titles[q]) && memcmp(word, titles[q], wl) == 0;
				if (wl == 0 || word[0] != titles[k][0])
					continue;
				for (size_t pad = 0; pad < 24; pad++) {
					size_t n = 0;
					memcpy(text, word, wl);
					n = wl;
					memcpy(text + n, " RISCH.", 7);
					n += 7;
					if (pad) {
						text[n++] = ' ';
						for (size_t q = 1; q < pad; q++)
							text[n++] = q == 1 ? 'Y' : 'y';
					}
					bool found = pd_label_at_start(text, n, false, &m) && m.stop;
					if (found != title)
						fail_msg("\"%.*s\" (%zu bytes): found %d", (int)n, text, n, found);
				}
			}
		}
	}
}

/* Labels with small letters: particles and reporter words in mixed case,
 * a lower-case word in an upper-case label with capitals enough after it
 * (the walk must not give up on it early), and prose with a colon. */
static void test_small_letters(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		size_t len;   /* 0: no label */
		label_shape shape;
	} cases[] = {
		{ "MR xyz HAWKE AND FRASER: Yes.", 23, LABEL_UPPER },
		{ "PRIME MINISTER sir: Yes.", 18, LABEL_UPPER },
		{ "Ursula von der Leyen: Thank you.", 20, LABEL_MIXED },
		{ "Laura Kuenssberg, BBC: Prime Minister,", 21, LABEL_MIXED },
		{ "CCTV reporter: My question is", 13, LABEL_MIXED },
		{ "Tonight we are going to talk about the budget: it is good.", 0, LABEL_NONE },
		{ "MR HAWKE said that: no.", 0, LABEL_NONE },
		{ "the answer is this: no.", 0, LABEL_NONE },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		label_match m;
		bool found = pd_label_at_start(cases[k].line, strlen(cases[k].line), false, &m);
		if (found != (cases[k].len > 0))
			fail_msg("\"%s\": found %d", cases[k].line, found);
		if (found) {
			assert_int_equal(m.len, cases[k].len);
			assert_int_equal(m.shape, cases[k].shape);
		}
	}
}

/* An upper-case label with a small word in it ("MR xy HAWKE:") needs
 * four capitals per small letter; the walk gives up once the capitals
 * left before the line's last colon mark could not bring them. Labels of
 * every length, each colon mark, more marks after it or none, lines
 * around every sixteen bytes: found exactly when the counts allow. */
static void test_small_word_before_capitals(void **state)
{
	(void)state;
	static const char *const marks[] = { ":", ";", "：" };
	static const char *const heads[] = { "x ", "xy ", "MR xy ", "abcd " };
	static const char *const tails[] = { "", " Yes.", " Yes: no; it is so.", " A:B:C:D:E:F:G:H:I:J:K:L" };
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
			for (size_t tl = 0; tl < sizeof tails / sizeof *tails; tl++)
				for (size_t len = 1; len <= PD_MAX_LABEL_CHARS; len++) {
					char label[128], line[256];
					upper_label(label, len);
					int n = snprintf(line, sizeof line, "%s%s%s%s", heads[h], label, marks[k], tails[tl]);
					size_t colon = strlen(heads[h]) + len, upper = 0, lower = 0, words = 0;
					for (size_t i = 0; i < colon; i++) {
						upper += line[i] >= 'A' && line[i] <= 'Z';
						lower += line[i] >= 'a' && line[i] <= 'z';
						words += line[i] != ' ' && (i == 0 || line[i - 1] == ' ');
					}
					bool want = colon <= PD_MAX_LABEL_CHARS && 4 * lower <= upper && words <= 9;
					label_match m;
					bool found = pd_label_at_start(line, (size_t)n, false, &m);
					if (found != want)
						fail_msg("\"%s\": found %d", line, found);
					if (found)
						assert_int_equal(m.len, colon);
				}
}

/* pd_label_is_particle against a compare with each particle: every
 * particle cut, grown by a letter, with a NUL byte or a capital at every
 * place, and every word of one or two letters. */
static void test_particles(void **state)
{
	(void)state;
	static const char *const particles[] = {
		"of", "the", "for", "and", "de", "da", "di", "del", "van", "von", "der",
		"den", "al", "el", "bin", "binti", "la", "le", "du", "dos", "das", "y",
		"e", "on", "to", "in", "at", "ter", "ten", "mc",
	};
	size_t np = sizeof particles / sizeof *particles;
	for (size_t k = 0; k < np; k++) {
		size_t pl = strlen(particles[k]);
		for (size_t at = 0; at <= pl; at++)
			for (int edit = 0; edit < 5; edit++) {
				char w[16];
				size_t n = 0;
				for (size_t j = 0; j <= pl; j++) {
					if (j == at && edit == 1)
						w[n++] = 'n';
					if (j == at && edit == 2)
						w[n++] = '\0';
					if (j < pl && !(j == at && edit == 3))
						w[n++] = j == at && edit == 4 ? (char)(particles[k][j] - 32) : particles[k][j];
				}
				bool want = false;
				for (size_t q = 0; q < np; q++)
					want |= strlen(particles[q]) == n && memcmp(particles[q], w, n) == 0;
				if (pd_label_is_particle(w, n) != want)
					fail_msg("\"%.*s\" (%zu bytes): particle %d", (int)n, w, n, !want);
			}
	}
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b += 3) {
			char w[2] = { (char)a, (char)b };
			for (size_t n = 1; n <= 2; n++) {
				bool want = false;
				for (size_t q = 0; q < np; q++)
					want |= strlen(particles[q]) == n && memcmp(particles[q], w, n) == 0;
				assert_int_equal(pd_label_is_particle(w, n), want);
			}
		}
	assert_false(pd_label_is_particle("of", 0));
}

/* The continuation test as it was: a parenthesis opening with "cont",
 * then each of the marks compared where a '(' or '-' stands. */
static bool plain_continuation(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '(')
			continue;
		size_t j = i + 1;
		while (j < n && s[j] == ' ')
			j++;
		if (j + 4 <= n && (s[j] | 32) == 'c' && (s[j + 1] | 32) == 'o' && (s[j + 2] | 32) == 'n' &&
		    (s[j + 3] | 32) == 't' && memchr(s + j, ')', n - j < 16 ? n - j : 16))
			return true;
	}
	static const char *const marks[] = {
		"(cont)", "(cont.)", "(cont'd)", "(contd)", "(continued)", "(cont’d)",
		"(continuing)", "- continued", "(CONT)", "(CONT.)", "(CONT'D)",
		"(CONTD)", "(CONTINUED)", "(CONT’D)", "(CONTINUING)",
	};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
			size_t ml = strlen(marks[k]);
			if (i + ml <= n && memcmp(s + i, marks[k], ml) == 0)
				return true;
		}
	return false;
}

/* A continuation mark after the label's colon (the sixteen bytes after
 * it are looked at) or inside the label: every mark cut at every length,
 * at every place, with a NUL byte or a space in it; the label continues
 * exactly where the plain test finds a mark. */
static void test_continuation_marks(void **state)
{
	(void)state;
	static const char *const marks[] = {
		"(cont)", "(cont.)", "(cont'd)", "(contd)", "(continued)", "(cont’d)",
		"(continuing)", "- continued", "(CONT)", "(CONT.)", "(CONT'D)",
		"(CONTD)", "(CONTINUED)", "(CONT’D)", "(CONTINUING)", "( Cont'd)",
		"(  cont", "-- continued", "(contents page 17 and more)",
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		size_t ml = strlen(marks[k]);
		for (size_t cut = 1; cut <= ml; cut++)
			for (size_t at = 0; at < 18; at++)
				for (int edit = 0; edit < 3; edit++) {
					char line[128];
					size_t n = 0;
					memcpy(line, "PRIME MINISTER: ", 16);
					n = 16;
					for (size_t q = 0; q < at; q++)
						line[n++] = 'x';
					memcpy(line + n, marks[k], cut);
					if (edit && cut > 2)
						line[n + cut / 2] = edit == 1 ? '\0' : ' ';
					n += cut;
					memcpy(line + n, " and so on.", 11);
					n += 11;
					label_match m;
					if (!pd_label_at_start(line, n, false, &m))
						fail_msg("\"%.*s\" has a label", (int)n, line);
					size_t r = n - m.rest > 16 ? 16 : n - m.rest;
					if (m.continued != plain_continuation(line + m.rest, r))
						fail_msg("\"%.*s\": continued %d", (int)n, line, m.continued);
					/* inside the label, before its colon */
					n = 0;
					memcpy(line, "PM ", 3);
					n = 3;
					memcpy(line + n, marks[k], cut);
					if (edit && cut > 2)
						line[n + cut / 2] = edit == 1 ? '\0' : ' ';
					n += cut;
					memcpy(line + n, ": Yes.", 6);
					n += 6;
					if (!pd_label_at_start(line, n, false, &m))
						continue;
					bool want = plain_continuation(line + m.start, m.len) ||
						    pd_label_continuation_word(line + m.start, m.len) < m.len ||
						    plain_continuation(line + m.rest, n - m.rest);
					if (m.continued != want)
						fail_msg("\"%.*s\": continued %d", (int)n, line, m.continued);
				}
	}
}

/* pd_label_at_start_memo answers as pd_label_at_start_key on a document's
 * lines: labels repeated with different speech after them (a
 * continuation mark, a time stamp, nothing), more distinct labels than
 * the memo keeps, the same bytes as a markup label and as text, fields
 * and prose, labels past the memo's byte bound. */
static void test_memo_answers_as_without(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"PRIME MINISTER: Good morning.", "JOURNALIST: Prime Minister, a question.",
		"PRIME MINISTER: (continued) As I said.", "PRIME MINISTER (CONT'D): Yes.",
		"JOURNALIST:", "Reporter: And the budget?", "Laura Kuenssberg, BBC: Thank you.",
		"SUBJECTS: tax; budget", "SUBJECTS LEADERSHIP: none", "Date: 2020-09-27",
		"The answer is simple: no.", "Q: When?", "A: Tomorrow.", "记者：请问", "中新社记者：请问",
		"MODERATOR: Next.", "HOST: Welcome.", "Speaker 2: Hi.", "Karine Jean-Pierre: (00:00) Hi.",
		"PRIME MINISTER: (00:01:02) Right.", "JOURNALIST: - continued from before",
		"THE HONOURABLE MEMBER FOR SOMEWHERE VERY FAR AWAY INDEED: yes",
		"THE HONOURABLE MEMBER FOR SOMEWHERE VERY FAR AWAY INDEED: (cont) yes",
		"Reporter from China Daily: A question.", "CCTV reporter: Another.",
		"PRIME MINISTER: Good morning.", "JOURNALIST: Prime Minister, a question.",
		"Mr Smith: Hello.", "MR SMITH: Hello.", "Ms Jones: Hi.", "MS JONES: Hi.",
		"PRIME MINISTER: Good morning.", "Reporter: And the budget?",
		/* labels of one length that differ in their last byte only */
		"MR SMITH: Hello.", "MR SMITS: Hello.", "TOPICS: tax", "TOPICZ: tax",
		/* labels whose bytes are those of the whole line: as markup the
		 * same label in another shape ("SUBJECTS" a field only as text) */
		"SUBJECTS:", "SUBJECTS LEADERSHIP:", "CCTV reporter:", "JOURNALIST:",
	};
	size_t count = sizeof lines / sizeof *lines;
	for (int markup = 0; markup < 2; markup++) {
		pd_label_memo memo;
		memset(&memo, 0, sizeof memo);
		/* twice over: the second round meets every label in the memo or
		 * pushed out of it */
		for (size_t round = 0; round < 4 * count; round++) {
			const char *s = lines[round / 2 % count];
			/* with markup, each line as text and then as markup: the
			 * same bytes in two shapes, one after the other */
			bool mk = markup && round % 2;
			label_match a, b;
			char ka[PD_LABEL_KEY_MAX], kb[PD_LABEL_KEY_MAX];
			memset(ka, 0, sizeof ka);
			memset(kb, 0, sizeof kb);
			bool fa = pd_label_at_start_key(s, strlen(s), mk, &a, ka);
			bool fb = pd_label_at_start_memo(s, strlen(s), mk, &b, kb, &memo);
			if (fa != fb || memcmp(&a, &b, sizeof a) != 0 || (fa && strcmp(ka, kb) != 0))
				fail_msg("\"%s\" (markup %d, round %zu): memo %d \"%s\", without %d \"%s\"", s,
					 mk, round, fb, kb, fa, ka);
		}
	}
}

/* The memo keeps the walk of a Latin label with a colon for the bytes up
 * to it: every label below, then each with every tail after its colon
 * (a number, a slash, a time stamp, a NUL byte, high bytes, nothing) and
 * each such line cut at every length, answer as without the memo. */
static void test_walk_memo_answers_as_without(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"PRIME MINISTER:", "Speaker 2:", "MR xyz HAWKE AND FRASER:", "Jane Doe:", "JOHN (12:",
		"O';BRIEN:", "Mr. O'Brien-Smith & Co:", "Laura Kuenssberg, BBC:", "CCTV reporter:",
		"Reporter from China Daily:", "the answer:", "AB:", "NI= K SAVVA:", "M4R. FRASER:",
		"END 1:", "ABC 7:", "Community Member 1:", "JOURNALIST:", "JOURNALISTS:", "JOURNALIST;",
		"THE HONOURABLE MEMBER FOR SOMEWHERE FAR AWAY:",      /* 46 bytes */
		"THE HONOURABLE MEMBER FOR SOMEWHERE FAR AWAYS:",     /* 47 */
		"THE HONOURABLE MEMBER FOR SOMEWHERE FAR AWAYSS:",    /* 48: past the memo */
		"PRIME MINISTER xyz and so on and on and so forth:",
	};
	static const struct {
		const char *s;
		size_t n;
	} tails[] = {
		{ "", 0 }, { " ", 1 }, { " Yes.", 5 }, { ":", 1 }, { "/x", 2 }, { "3", 1 }, { "30 tonight", 10 },
		{ " (00:01:02) Right.", 18 }, { "34) Yes", 7 }, { "\0x", 2 }, { " \xE2\x80\x9Cquoted\xE2\x80\x9D", 13 },
		{ "xyz", 3 }, { ";", 1 }, { " - continued", 12 }, { "\xEF\xBC\x9A", 3 },
	};
	pd_label_memo memo;
	memset(&memo, 0, sizeof memo);
	for (size_t round = 0; round < 2; round++) {
		for (size_t k = 0; k < sizeof labels / sizeof *labels; k++) {
			for (size_t j = 0; j < sizeof tails / sizeof *tails; j++) {
				char line[128];
				size_t ln = strlen(labels[k]);
				memcpy(line, labels[k], ln);
				memcpy(line + ln, tails[j].s, tails[j].n);
				size_t n = ln + tails[j].n;
				for (size_t cut = n + 1; cut-- > 0;) {
					label_match a, b;
					char ka[PD_LABEL_KEY_MAX], kb[PD_LABEL_KEY_MAX];
					memset(ka, 0, sizeof ka);
					memset(kb, 0, sizeof kb);
					bool fa = pd_label_at_start_key(line, cut, false, &a, ka);
					bool fb = pd_label_at_start_memo(line, cut, false, &b, kb, &memo);
					if (fa != fb || memcmp(&a, &b, sizeof a) != 0 || (fa && strcmp(ka, kb) != 0))
						fail_msg("\"%.*s\" (%zu bytes): memo %d \"%s\", without %d \"%s\"",
							 (int)cut, line, cut, fb, kb, fa, ka);
				}
			}
		}
	}
}


/* FNV-1a of n bytes into h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001B3ull;
	return h;
}

/* The answer of the line-start test for (s, n), with and without the
 * memo, into the digest h: found or not, the match, the key. */
static uint64_t digest_line(uint64_t h, const char *s, size_t n, pd_label_memo *memo)
{
	label_match a, b;
	char ka[PD_LABEL_KEY_MAX], kb[PD_LABEL_KEY_MAX];
	bool fa = pd_label_at_start_key(s, n, false, &a, ka);
	bool fb = pd_label_at_start_memo(s, n, false, &b, kb, memo);
	if (fa != fb || memcmp(&a, &b, sizeof a) != 0 || (fa && strcmp(ka, kb) != 0))
		fail_msg("\"%.*s\": memo %d, without %d", (int)n, s, fb, fa);
	uint8_t f = fa;
	h = fnv(h, &f, 1);
	if (!fa)
		return h;
	size_t fields[] = { (size_t)a.shape, a.start, a.len, a.rest, a.alone, a.colon, a.continued,
			    a.role_word, a.stop, a.bare };
	h = fnv(h, fields, sizeof fields);
	return fnv(h, ka, strlen(ka));
}

/* The walk of a Latin label counts the letters inside a word in a loop
 * of its own: its answers on generated lines — three pieces of every
 * kind (words in each case, spaces, brackets and time stamps, colon
 * marks, an apostrophe's entity, bytes above ASCII, NUL, digits, OCR's
 * signs) after each opening, cut at every length, and prose running
 * long before a colon — are those of the walk before it (the digest
 * below, taken with the plain walk of 9322250). */
static void test_walk_answers_as_plain(void **state)
{
	(void)state;
	static const char *const openings[] = { "", "PRIME MINISTER", "Mr Smith", "the answer", "Q" };
	static const char *const pieces[] = {
		"PRIME", "Minister", "of", "the", " ", "  ", "(", ")", "[", "]", "(00:01:02)", "[12:30] ",
		":", ";", "';", "O'", "-", "\xE2\x80\x99", "\xEF\xBC\x9A", "\xC3\x89t", "\xE4\xB8\xAD", "\0",
		"7", "=", ",", ".", "reporter", "from", "and", "x", "AbCdEfGh", "ZAza",
	};
	size_t np = sizeof pieces / sizeof *pieces;
	pd_label_memo memo;
	memset(&memo, 0, sizeof memo);
	uint64_t h = 0xCBF29CE484222325ull;
	char line[256];
	for (size_t o = 0; o < sizeof openings / sizeof *openings; o++)
		for (size_t a = 0; a < np; a++)
			for (size_t b = 0; b < np; b++)
				for (size_t c = 0; c < np; c++) {
					const char *parts[] = { openings[o], pieces[a], pieces[b], pieces[c], ": Yes." };
					size_t n = 0;
					for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
						/* "\0" counts one byte */
						size_t l = parts[k][0] || k == 0 ? strlen(parts[k]) : 1;
						memcpy(line + n, parts[k], l);
						n += l;
					}
					for (size_t cut = 0; cut <= n; cut++)
						h = digest_line(h, line, cut, &memo);
				}
	/* prose before a colon at every distance: the walk gives up once
	 * its small letters are too many for the bytes left */
	static const char *const prose[] = { "The minister said that we ", "THE MINISTER said THAT ",
					     "PRIME MINISTER ANd ", "Well the " };
	for (size_t p = 0; p < sizeof prose / sizeof *prose; p++)
		for (size_t n = 1; n < 120; n++) {
			size_t pl = strlen(prose[p]);
			for (size_t i = 0; i < n; i++)
				line[i] = prose[p][i % pl];
			for (size_t colon = 0; colon < n; colon += 3) {
				char c = line[colon];
				line[colon] = ':';
				h = digest_line(h, line, n, &memo);
				line[colon] = c;
			}
		}
	printf("walk digest %016llx\n", (unsigned long long)h);
	assert_true(h == WALK_DIGEST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colon_marks_at_every_place),
		cmocka_unit_test(test_cjk_and_far_colons),
		cmocka_unit_test(test_high_bytes_and_nul_at_every_place),
		cmocka_unit_test(test_record_title_words),
		cmocka_unit_test(test_small_letters),
		cmocka_unit_test(test_small_word_before_capitals),
		cmocka_unit_test(test_continuation_marks),
		cmocka_unit_test(test_particles),
		cmocka_unit_test(test_memo_answers_as_without),
		cmocka_unit_test(test_walk_memo_answers_as_without),
		cmocka_unit_test(test_may_open_as_byte_loop),
		cmocka_unit_test(test_walk_answers_as_plain),
		cmocka_unit_test(test_may_open_without_colon),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
