/* render_int.h: what the renderers share (private to src/render/).
 *
 * A pd_render_out wraps the output buffer with a sticky status, so a
 * renderer writes a whole document without checking every append and
 * returns out.rc at the end: 0, or -1 once any append hit the ceiling.
 */
#ifndef PD_RENDER_INT_H
#define PD_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/str.h"
#include "record/record.h"

typedef struct pd_render_out {
	pd_buf *b;
	int rc;     /* 0, or -1 once an append failed; later appends do nothing */
} pd_render_out;

typedef int (*pd_render_esc_fn)(pd_buf *b, const char *s, size_t n);

void pd_render_puts(pd_render_out *o, const char *s);
void pd_render_add(pd_render_out *o, const char *s, size_t n);
void pd_render_printf(pd_render_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends (s, n) through an escaper from escape.h; NULL s writes nothing. */
void pd_render_esc(pd_render_out *o, pd_render_esc_fn esc, const char *s, size_t n);
void pd_render_esc_str(pd_render_out *o, pd_render_esc_fn esc, const char *s);

/* The fixed words of a rendered document in one language. */
typedef struct pd_render_labels {
	const char *date, *source, *type, *category, *topics, *language, *url;
	const char *translations, *participants, *transcript, *untitled;
	const char *question, *answer, *narration, *separator, *open, *close;
	const char *kinds[5];  /* pd_participant_kind names, indexed by kind */
} pd_render_labels;

/* The labels for a record language (NULL or unknown -> English). */
const pd_render_labels *pd_render_labels_for(const char *language);

/* Takes the next paragraph of a turn's text from *cursor: paragraphs are
 * separated by blank lines (lines of white space only); the result is
 * trimmed and never empty. False when no paragraph is left. */
bool pd_render_next_para(pd_slice *cursor, pd_slice *para);

/* The participant who speaks a turn (label or alias match), or NULL. */
const pd_participant *pd_render_speaker(const pd_record *r, const pd_turn *t);

/* Writes the speaker of t as "LABEL (role)" (the role when the
 * participant has one), every piece through esc. */
void pd_render_speaker_label(pd_render_out *o, const pd_record *r, const pd_turn *t,
			     const pd_render_labels *L, pd_render_esc_fn esc);

/* Decodes the code point at s + *i (n bytes in all) and advances *i. *p
 * and the returned length are the bytes to write for it: the three bytes
 * of U+FFFD for an invalid byte. */
size_t pd_render_next_cp(const char *s, size_t n, size_t *i, uint32_t *cp, const char **p);

/* True for code points a renderer never writes: C0/C1 controls other than
 * tab and newline, DEL, and the bidi overrides/isolates that would let a
 * transcript reorder what is displayed around it. */
bool pd_render_cp_dropped(uint32_t cp);

#endif
