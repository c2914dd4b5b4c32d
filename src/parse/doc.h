/* doc.h (parse-internal): the common shape every reader produces.
 *
 * A document is a sequence of lines of text. Readers keep the structure the
 * turn detector needs: where paragraphs start, which lines were headings,
 * bold, quotes, or labels the markup already marks as speaker labels. Line
 * text is UTF-8, white space collapsed, trimmed, never empty.
 */
#ifndef PD_PARSE_DOC_H
#define PD_PARSE_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/str.h"
#include "record/record.h"

enum {
	PD_LINE_PARA = 1 << 0,    /* first line of a paragraph */
	PD_LINE_HEADING = 1 << 1, /* an HTML/Markdown heading */
	PD_LINE_BOLD = 1 << 2,    /* the whole line is bold/strong */
	PD_LINE_QUOTE = 1 << 3,   /* a blockquote / '>' line: stage direction */
	PD_LINE_LABEL = 1 << 4,   /* markup says: this line is a speaker label */
	PD_LINE_BOLD_START = 1 << 5, /* the line begins with a bold run */
	PD_LINE_NARRATION = 1 << 6, /* markup says: narration (AKN <narrative>) */
	/* the collapse's marks (str.h), shifted: */
	PD_LINE_NUL = PD_COLLAPSE_NUL << 7,     /* the text holds a NUL byte: strlen stops before len */
	PD_LINE_COLON = PD_COLLAPSE_COLON << 7, /* the text holds a ':' or ';' */
};

typedef struct pd_line {
	char *text;               /* in the document's arena: never freed alone */
	size_t len;
	unsigned flags;
	/* no byte above ASCII before it (pd_doc_add_line sets where the
	 * first one stands, len when there is none; 0 claims nothing) */
	uint32_t ascii_len;
	size_t bold_len;          /* bytes of the leading bold run, if any */
} pd_line;

/* strlen(l->text): the line up to a NUL it may hold. The line builder
 * notes the NUL bytes as it collapses the text, so most lines are not
 * read again for their length (count_persons' strlen of every line of an
 * opening was 0.4 % of the parser). */
static inline size_t pd_line_strlen(const pd_line *l)
{
	return (l->flags & PD_LINE_NUL) ? strlen(l->text) : l->len;
}

/* False when the line holds no ':', ';' or byte above ASCII (the lead
 * byte of a full-width colon): no speaker label can stand inside it. The
 * collapse notes the colons as it copies the text; the turn detector's
 * search of every line of speech for a label's mark (pd_label_in_line)
 * found none in nineteen lines of twenty. */
static inline bool pd_line_may_hold_colon(const pd_line *l)
{
	return (l->flags & PD_LINE_COLON) || l->ascii_len < l->len;
}

typedef struct pd_doc {
	pd_line *lines;
	size_t n, cap;
	pd_arena text;            /* the lines' text, freed by pd_doc_release */
	/* a reader collecting one line at a time: the line is collapsed as
	 * its text comes, at the arena's end, and handed out when it ends */
	char *cur;                /* the line so far (cur_text.len bytes) */
	pd_collapse cur_text;
	bool cur_kept;            /* cur committed (a line added meanwhile) */
	unsigned cur_flags;
	bool cur_all_bold;        /* every byte of cur so far was bold */
	bool cur_any_text;
	bool cur_bold;            /* a leading bold run was seen */
	size_t cur_bold_len;      /* its bytes in cur */
	bool cur_bold_open;       /* still inside the leading bold run */
	bool next_para;           /* the next line starts a paragraph */
} pd_doc;

void pd_doc_init(pd_doc *d);
void pd_doc_release(pd_doc *d);

/* Line builder used by the readers: append text (bold or not), end the line
 * (a <br> or a newline), end the paragraph (a </p>). Empty lines are
 * dropped; white space is collapsed. */
void pd_doc_text(pd_doc *d, const char *s, size_t n, bool bold);
/* pd_doc_text of the longest start of (s, n) pd_collapse_until_markup
 * takes (ASCII white space and '!'..'~' but '<' and '&'); returns its
 * length. The HTML reader's text runs are read and collapsed in this one
 * pass (finding a run's end, then collapsing it, read its bytes twice). */
size_t pd_doc_text_until_markup(pd_doc *d, const char *s, size_t n, bool bold);
void pd_doc_break(pd_doc *d);
void pd_doc_para(pd_doc *d);
/* Adds a finished line with flags (PD_LINE_PARA is added when a paragraph
 * starts). */
void pd_doc_add_line(pd_doc *d, const char *s, size_t n, unsigned flags);
/* Flags for the line being built (e.g. PD_LINE_HEADING). */
void pd_doc_set_flags(pd_doc *d, unsigned flags);
/* Whether a and b hold the same lines (text, flags, bold runs): how the
 * hand HTML reader is checked against libxml2's path. */
bool pd_doc_equal(const pd_doc *a, const pd_doc *b);

/* The turn detector: fills r's participants and turns from the lines.
 * `host_name` names the main speaker when the source says who it is (the
 * prime minister of a PM transcript); NULL otherwise. Labels in the lines
 * are recognised by shape (see turns.c); metadata lines are left alone.
 * Last, it sets the record's language and its turns' (pd_detect_language)
 * from the counts it made of the turns' text: r->title must be set
 * before. */
void pd_turns_detect(pd_record *r, const pd_doc *d, const char *host_name);

/* The median length of the lines whose next line continues their
 * paragraph (wrapped lines: typescripts, PDF text), 0 when fewer than ten
 * are (turns.c: a letterhead's short lines before the speech). */
size_t pd_doc_wrapped_line_median(const pd_doc *d);

/* Record-level helpers shared by the readers (meta.c). */
/* Parses a date in any of the forms transcripts use into YYYY-MM-DD. */
bool pd_parse_date(const char *s, size_t n, char out[11]);
/* The same, for a date that begins s or ends it but for closing
 * punctuation (spaces, brackets, a full stop, 日): a title's date. */
bool pd_parse_title_date(const char *s, size_t n, char out[11]);
/* A text's Latin letters, CJK characters, CJK characters that have a
 * different Simplified form (so the text is written in Traditional), and
 * kana (so it is Japanese): what its language is told from. */
typedef struct pd_script_counts {
	size_t latin, cjk, trad, kana;
} pd_script_counts;
/* Characters of a turn's text its language is counted from. */
#define PD_TURN_SCRIPT_BUDGET 20000
/* Adds to c the script counts of the first budget characters of s[0, n)
 * and returns the characters of all of it (pd_utf8_count): the turn
 * detector counts both in one pass. */
size_t pd_count_script_chars(const char *s, size_t n, size_t budget, pd_script_counts *c);
/* What the turn detector read of a turn's text that the language
 * detection needs again: the text's length, its ASCII opening (whole
 * sixty-four-byte blocks, pd_ascii_prefix_counts) and, when that opening
 * lies within PD_TURN_SCRIPT_BUDGET, the script counts of the turn's first
 * PD_TURN_SCRIPT_BUDGET characters. */
typedef struct pd_text_head {
	size_t len;
	size_t ascii;
	pd_script_counts script;
} pd_text_head;
/* Sets r->language from the turns' and title's text (en, zh-Hant,
 * zh-Hans, ja), and a turn's own language where it differs. heads, one
 * per turn, spares reading their ASCII openings again. */
void pd_detect_language(pd_record *r, const pd_text_head *heads);
/* Derives r->id when the reader had none: date + title slug (+ a hash of
 * the title when it is not ASCII). Stable across edits of the text. */
void pd_assign_id(pd_record *r, const char *fallback_name);
/* What every reader does last, after pd_turns_detect (which set the
 * language): a date from the title when no line gave one, a release type
 * inferred from the title or category when the source gave none,
 * announced translations in the record's own language dropped,
 * participants' roles from the narration, the id. */
void pd_finish_record(pd_record *r, const char *name);

#endif
