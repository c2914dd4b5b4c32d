/* render_text.c: a record as a plain transcript for a terminal.
 *
 *   Press conference, Canberra
 *   Date: 2024-05-01
 *   Source: Prime Minister of Australia
 *
 *   [1] (Narration) The Prime Minister arrived at 10am.
 *
 *   [2] Q. JOURNALIST: Prime Minister, is it true?
 *
 *   [3] A. PRIME MINISTER (Prime Minister): It is.
 *
 *       A second paragraph is indented.
 *
 * Text is shown as written, but a transcript must not drive the terminal:
 * control characters (ESC, CSI, BEL, ...) and bidi overrides are dropped and
 * invalid UTF-8 becomes U+FFFD. Lines are not wrapped.
 */
#include "render/render.h"
#include "render/render_int.h"

/* Appends (s, n) with every newline followed by `indent` spaces so a
 * paragraph's own line breaks stay inside its block; indent < 0 puts the
 * text on one line (newlines and tabs become spaces). */
static int text_escape(pd_buf *b, const char *s, size_t n, int indent)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		const char *p;
		size_t l = pd_render_next_cp(s, n, &i, &cp, &p);
		if (indent < 0 && (cp == '\n' || cp == '\t'))
			cp = ' ', p = " ", l = 1;
		if (cp == '\n') {
			if (pd_buf_putc(b, '\n') < 0)
				return -1;
			for (int k = 0; k < indent; k++)
				if (pd_buf_putc(b, ' ') < 0)
					return -1;
			continue;
		}
		if (pd_render_cp_dropped(cp) || cp == 0)
			continue;
		if (pd_buf_add(b, p, l) < 0)
			return -1;
	}
	return 0;
}

static int text_line(pd_buf *b, const char *s, size_t n)
{
	return text_escape(b, s, n, -1);
}

static int text_para(pd_buf *b, const char *s, size_t n)
{
	return text_escape(b, s, n, 4);
}

static void meta_line(pd_render_out *o, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	pd_render_printf(o, "%s: ", label);
	pd_render_esc_str(o, text_line, value);
	pd_render_puts(o, "\n");
}

static void write_turn(pd_render_out *o, const pd_record *r, const pd_turn *t,
		       const pd_render_labels *L)
{
	pd_slice cur = pd_slice_of(t->text ? t->text : ""), para;
	bool first = true;

	pd_render_printf(o, "[%d] ", t->n);
	if (t->kind == PD_TURN_NARRATION || !t->speaker) {
		pd_render_printf(o, "(%s) ", L->narration);
	} else {
		if (t->kind == PD_TURN_QUESTION)
			pd_render_printf(o, "%s. ", L->question);
		else if (t->kind == PD_TURN_ANSWER)
			pd_render_printf(o, "%s. ", L->answer);
		pd_render_speaker_label(o, r, t, L, text_line);
		pd_render_puts(o, ": ");
	}
	while (pd_render_next_para(&cur, &para)) {
		if (!first)
			pd_render_puts(o, "\n\n    ");
		pd_render_esc(o, text_para, para.p, para.n);
		first = false;
	}
	pd_render_puts(o, "\n\n");
}

int pd_render_text(const pd_record *r, pd_buf *out)
{
	pd_render_out o = { out, 0 };
	const pd_render_labels *L = pd_render_labels_for(r->language);

	if (r->title && *r->title)
		pd_render_esc_str(&o, text_line, r->title);
	else
		pd_render_puts(&o, L->untitled);
	pd_render_puts(&o, "\n");
	meta_line(&o, L->date, r->date);
	meta_line(&o, L->source, r->source);
	meta_line(&o, L->type, r->release_type);
	meta_line(&o, L->url, r->url);
	pd_render_puts(&o, "\n");
	for (size_t i = 0; i < r->nturns; i++)
		write_turn(&o, r, &r->turns[i], L);
	return o.rc;
}
