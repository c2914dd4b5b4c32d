/* labels.h (parse-internal): recognising speaker labels.
 *
 * A label is the name of whoever speaks next, written before the speech:
 *   "JOURNALIST: Are you ..."       upper-case label, colon, speech
 *   "Cui Xiaohao:"                  a name alone on its line
 *   "Q. Anything you would like"    question marker
 *   "### 唐鳳："                      Markdown heading (the reader flags it)
 *   "中新社记者：请问……"                 Chinese label, full-width colon
 *   "Senator RISCH. Mr. Secretary,"  a hearing's record style
 * and not a heading or a field ("SUBJECTS: tax", "Date: 2020-09-27"), not a
 * sentence with a colon ("The answer is simple: no.").
 */
#ifndef PD_PARSE_LABELS_H
#define PD_PARSE_LABELS_H

#include "base/limits.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum label_shape {
	LABEL_NONE = 0,
	LABEL_UPPER,     /* JOURNALIST, MR SMITH, PRIME MINISTER (cont) */
	LABEL_MIXED,     /* Cui Xiaohao, Reporter, Tracy Grimshaw */
	LABEL_QA,        /* Q. / Q: / A. / A: */
	LABEL_CJK,       /* 记者, 崔小浩, 中央社 蘇思云, 陳偉業議員 */
	LABEL_MARKUP,    /* the markup says it is a label (### heading) */
} label_shape;

typedef struct label_match {
	label_shape shape;
	size_t start;        /* offset of the label in the line */
	size_t len;          /* bytes of the label, without colon and marks */
	size_t rest;         /* offset where the speech starts */
	bool colon;          /* followed by a colon */
	bool alone;          /* nothing but the label on the line */
	bool continued;      /* "(cont)", "(continued)": same turn goes on */
	bool role_word;      /* a generic role: JOURNALIST, Reporter, 记者 ... */
	bool bare;           /* "Q  Thank you.": a marker without punctuation,
				a label only when the document repeats it */
	bool stop;           /* "Senator RISCH. Mr. Secretary, ...": the
				record style of hearings (a title, a surname
				in capitals, a full stop), a label only when
				the document keeps to that style */
} label_match;

/* Looks for a label at the start of line (s, n). */
bool pd_label_at_start(const char *s, size_t n, bool markup_label, label_match *m);
/* The same, and when it finds one, key gets its pd_label_key (which the
 * test computes anyway: the turn detector keeps it). */
#define PD_LABEL_KEY_MAX (PD_MAX_LABEL_CHARS * 4 + 8)
bool pd_label_at_start_key(const char *s, size_t n, bool markup_label, label_match *m,
			   char key[PD_LABEL_KEY_MAX]);
/* The same for the lines of one document, with what the tests concluded
 * about the last few labels' own bytes kept in memo (zeroed before the
 * document's first line): the answers are those of pd_label_at_start_key. */
#define PD_LABEL_MEMO_SLOTS 4
#define PD_LABEL_MEMO_BYTES 48
/* What the walk of a Latin label found up to its colon (labels.c:
 * latin_label), for the memo. */
typedef struct pd_label_walk {
	size_t colon, upper, lower, words, digits, ocr_junk, reporter_words, stamp;
	int paren;
	bool bad_word;
} pd_label_walk;
typedef struct pd_label_memo {
	struct pd_label_memo_slot {
		unsigned char shape;   /* LABEL_NONE: an empty slot */
		unsigned char len;
		bool keep, continued, role_word;
		char label[PD_LABEL_MEMO_BYTES];
		char key[PD_LABEL_KEY_MAX];
	} slot[PD_LABEL_MEMO_SLOTS];
	unsigned next;   /* the slot the next label takes, round robin */
	/* the walks of the last few Latin labels with a colon, kept for
	 * their bytes up to it (and the colon) */
	struct pd_label_walk_slot {
		unsigned char len;   /* 0: an empty slot */
		char label[PD_LABEL_MEMO_BYTES];
		pd_label_walk walk;
	} walks[PD_LABEL_MEMO_SLOTS];
	unsigned next_walk;
} pd_label_memo;
bool pd_label_at_start_memo(const char *s, size_t n, bool markup_label, label_match *m,
			    char key[PD_LABEL_KEY_MAX], pd_label_memo *memo);
/* False when no label can open line (s, n) (markup_label false): its
 * first byte, a colon or a byte above ASCII near its start, its first
 * word say so. Most lines leave here, without the label test's frame. */
bool pd_label_may_open_at_start(const char *s, size_t n);
/* The same for a line that holds no ':', ';' or byte above ASCII
 * (pd_line_may_hold_colon false): its first byte and first word only
 * (the search of every line's opening for a colon was 4.0 M instructions
 * on the first 500 dev files, two lines in three holding none). */
bool pd_label_may_open_without_colon(const char *s, size_t n);

/* Looks for an upper-case label inside a line after position `from`
 * (OCR'd typescripts: "... to that. JOURNALIST: Are you"; at the line's
 * end only after a sentence's end: "...policy? PRIME MINISTER:"). `known`
 * is a predicate over candidate labels. Returns true with m->start set. */
bool pd_label_in_line(const char *s, size_t n, size_t from,
		      bool (*known)(const char *label, size_t len, void *ctx),
		      void *ctx, label_match *m);

/* Normalised key of a label for comparing spellings: ASCII upper case,
 * punctuation and "(cont)" dropped, white space collapsed, "MR." = "MR".
 * Writes into out (NUL-terminated, at most outsz bytes). */
void pd_label_key(const char *s, size_t n, char *out, size_t outsz);

/* Where a trailing "CONTINUES" / "CONTINUING" / "CONTINUED" word (also
 * as OCR garbles it) starts in the label (s, n), or n when it has none.
 * pd_label_key leaves it out. */
size_t pd_label_continuation_word(const char *s, size_t n);

/* How many letters two labels share in order (case-insensitive, only
 * letters, each side up to PD_MAX_LABEL_CHARS letters): OCR's "MRFAER"
 * and "MR. FRASER" share six. */
size_t pd_label_common_letters(const char *a, size_t na, const char *b, size_t nb);

/* Field and heading names that are never speakers ("SUBJECTS", "PS"). */
bool pd_label_is_field(const char *key);

/* Generic role words. */
bool pd_label_is_journalist_word(const char *key);
bool pd_label_is_host_word(const char *key);
bool pd_label_is_moderator_word(const char *key);
/* News organisations written as their reporter's label ("AFP", "China
 * Daily", "新华社"): journalists, but only where a paragraph starts (in a
 * sentence "asked on the ABC:" is not a label). */
bool pd_label_is_outlet(const char *key);
/* "Official Spokesperson, Shri Arindam Bagchi": a label that is an office,
 * a comma and a name; *office_len the office's bytes, *name_at where the
 * name starts (past an honorific: "Shri", "Mr", "Dr" ...). */
bool pd_label_office_then_name(const char *label, size_t n, size_t *office_len,
			       size_t *name_at);
/* "The First Minister (Nicola Sturgeon)", "Douglas Ross (Highlands and
 * Islands) (Con)": a parliament's record names the speaker, then a name,
 * a seat or a party in parentheses. The bytes of the label before them
 * (without trailing spaces), or 0 when the label does not end so. */
size_t pd_label_paren_base(const char *label, size_t n);
/* "Deputy Prime Minister – Minister of Industry and Trade Denis Manturov":
 * an office written out, then the name (mixed case, three to fourteen
 * words, the last two a name). */
bool pd_label_office_and_name(const char *label, size_t n);
/* Whether one of the space-separated words of a label key (pd_label_key)
 * is one of words[0..count). */
bool pd_label_key_has_word(const char *key, const char *const *words, size_t count);
/* A lower-case word a name may hold ("van", "de", "bin"): (w, n), which
 * may hold a NUL byte. */
bool pd_label_is_particle(const char *w, size_t n);
/* "海关总署副署长 王令浚": offices, a space, a name of two to four CJK
 * characters; where the name starts, or 0. */
size_t pd_label_cjk_name_at(const char *label, size_t n);
/* "陳發言人宗彥": a surname, an office, the given name; where the office
 * starts (the surname's bytes) and *office_len its bytes, or 0. */
size_t pd_label_cjk_surname_office(const char *label, size_t n, size_t *office_len);
/* Whether the CJK text (s, n) ends with an office (副局长, 区长, 发言人,
 * 主任 ...): a role before a name in narration. */
bool pd_label_cjk_office(const char *s, size_t n);
/* "CCTV REPORTER", "REPORTER FROM CHINA DAILY": a reporter named by the
 * first or last word of a longer label. */
bool pd_label_names_journalist(const char *key);

/* Lines that are never speech: banners, page numbers, "ends". */
bool pd_line_is_banner(const char *s, size_t n);
bool pd_line_is_page_marker(const char *s, size_t n);
bool pd_line_is_end_marker(const char *s, size_t n);
/* A line that is only a clock time: "1:42 P.M. EDT", "END 2:31 P.M. EDT",
 * "10.30am" (briefings note when they start and end). */
bool pd_line_is_clock_time(const char *s, size_t n);
/* The longest line each of those four is true of: a caller asking every
 * line may leave longer ones unasked (most are, and a call that turns a
 * line away at its length still built its frame first). */
#define PD_BANNER_MAX 120
#define PD_PAGE_MARKER_MAX 24
#define PD_END_MARKER_MAX 63
#define PD_CLOCK_TIME_MAX 40
/* False where the first bytes already turn the line away from
 * pd_line_is_page_marker (a letter other than p or c, a byte above
 * ASCII, or "PR": "PRIME MINISTER:"), from pd_line_is_clock_time
 * (anything but a digit, an 'e', a full stop or what opens a time: a
 * space, '(' or '[') or from pd_line_is_end_marker (a letter other than
 * e, a digit other than 3, or no byte), for the same callers: most short
 * lines open so, and the calls built their frames of six registers
 * before their first test (1.0 M instructions on 500 files). */
static inline bool pd_line_may_be_page_marker(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)(s[0] | 32) : 'p';
	if (c >= 0x80 || (c >= 'a' && c <= 'z' && c != 'p' && c != 'c'))
		return false;
	if (c != 'p' && c != 'c')
		return true;
	/* a letter after the p or c goes on with "PAGE" or "CONT" */
	unsigned char d = n > 1 ? (unsigned char)(s[1] | 32) : 0;
	return d < 'a' || d > 'z' || d == (c == 'p' ? 'a' : 'o');
}

static inline bool pd_line_may_be_clock_time(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 'x';
	return (c >= '0' && c <= '9') || (c | 32) == 'e' || c == '.' || c == ' ' || c == '(' ||
	       c == '[';
}

static inline bool pd_line_may_be_end_marker(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 'x', l = c | 32;
	return !((l >= 'a' && l <= 'z' && l != 'e') || (c >= '0' && c <= '9' && c != '3'));
}

#endif
