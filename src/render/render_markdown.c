/* render_markdown.c: a record as CommonMark (https://spec.commonmark.org/0.30/).
 *
 *   # Title
 *
 *   - **Date:** 2024-05-01
 *   - **Translations:** [zh-Hant: pm-123-zh](./pm-123-zh.md)
 *
 *   ## Participants
 *
 *   - **JOURNALIST** (journalist)
 *
 *   ## Transcript
 *
 *   \[2\] *Q* **JOURNALIST:** Prime Minister, \*is\* it true?
 *
 * Transcript text is untrusted. Every character CommonMark (or GFM) gives a
 * meaning inside a line is backslash-escaped, white space runs become one
 * space so no line of text can start a block (list, heading, quote, code),
 * and the few characters that only matter at the start of a line ("-", "+",
 * "=", "1." / "1)") are escaped there. Link targets we write ourselves are
 * percent-encoded, so they cannot carry a "javascript:" scheme.
 */
#include "render/render.h"
#include "render/render_int.h"
#include "escape/escape.h"

#include <string.h>

/* Inline syntax of CommonMark and GFM: code, emphasis, links/images,
 * autolinks and raw HTML, entities, headings' closing #, tables,
 * strikethrough. */
static bool md_special(uint32_t cp)
{
	return cp < 0x80 && cp && strchr("\\`*_[]<>&#|~", (int)cp) != NULL;
}

static bool md_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == 0x2028 || cp == 0x2029;
}

/* Appends (s, n) as literal Markdown text on one line. line_start: the text
 * begins a line, so block markers at its start are escaped too. */
static int md_escape(pd_buf *b, const char *s, size_t n, bool line_start)
{
	bool pending_space = false, emitted = false, first = line_start;
	bool digits = false;   /* inside a run of digits that began the line */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		const char *p;
		size_t l = pd_render_next_cp(s, n, &i, &cp, &p);
		if (md_space(cp)) {
			/* leading white space would make an indented code block,
			 * a newline a new block: both are dropped or collapsed */
			pending_space = emitted;
			digits = false;
			continue;
		}
		if (pd_render_cp_dropped(cp) || cp == 0)
			continue;
		if (pending_space && pd_buf_putc(b, ' ') < 0)
			return -1;
		pending_space = false;
		bool esc = md_special(cp);
		if (first) {
			esc = esc || cp == '-' || cp == '+' || cp == '=';
			digits = cp >= '0' && cp <= '9';
			first = false;
		} else if (digits) {
			if (cp == '.' || cp == ')')
				esc = true;
			digits = cp >= '0' && cp <= '9';
		}
		if (esc && pd_buf_putc(b, '\\') < 0)
			return -1;
		if (pd_buf_add(b, p, l) < 0)
			return -1;
		emitted = true;
	}
	return 0;
}

static int md_inline(pd_buf *b, const char *s, size_t n)
{
	return md_escape(b, s, n, false);
}

static int md_line(pd_buf *b, const char *s, size_t n)
{
	return md_escape(b, s, n, true);
}

/* A URL we may print as an autolink: http(s), printable ASCII, nothing
 * that ends or escapes the <...> form. Anything else is shown as text. */
static bool safe_autolink(const char *u)
{
	pd_slice s = pd_slice_of(u);
	if (!pd_slice_starts_nocase(s, "http://") && !pd_slice_starts_nocase(s, "https://"))
		return false;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c <= 0x20 || c >= 0x7F || strchr("<>\"`\\", c))
			return false;
	}
	return true;
}

static void meta_line(pd_render_out *o, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	pd_render_puts(o, "- **");
	pd_render_puts(o, label);
	pd_render_puts(o, ":** ");
	pd_render_esc_str(o, md_inline, value);
	pd_render_puts(o, "\n");
}

static void write_meta(pd_render_out *o, const pd_record *r, const pd_render_labels *L)
{
	meta_line(o, L->date, r->date);
	meta_line(o, L->source, r->source);
	meta_line(o, L->type, r->release_type);
	meta_line(o, L->category, r->category);
	if (r->ntopics) {
		pd_render_printf(o, "- **%s:** ", L->topics);
		for (size_t i = 0; i < r->ntopics; i++) {
			if (i)
				pd_render_puts(o, L->separator);
			pd_render_esc_str(o, md_inline, r->topics[i]);
		}
		pd_render_puts(o, "\n");
	}
	meta_line(o, L->language, r->language);
	if (r->url && safe_autolink(r->url))
		pd_render_printf(o, "- **%s:** <%s>\n", L->url, r->url);
	else
		meta_line(o, L->url, r->url);
	if (r->ntranslations) {
		pd_render_printf(o, "- **%s:** ", L->translations);
		for (size_t i = 0; i < r->ntranslations; i++) {
			const pd_translation *t = &r->translations[i];
			if (i)
				pd_render_puts(o, L->separator);
			if (!t->id) {
				pd_render_esc_str(o, md_inline, t->lang);
				continue;
			}
			/* the exported file of that record: ./<id>.md; "./" keeps
			 * it relative even for a reader that decodes %3A */
			pd_render_puts(o, "[");
			pd_render_esc_str(o, md_inline, t->lang);
			pd_render_puts(o, ": ");
			pd_render_esc_str(o, md_inline, t->id);
			pd_render_puts(o, "](./");
			pd_render_esc_str(o, pd_esc_url, t->id);
			pd_render_puts(o, ".md)");
		}
		pd_render_puts(o, "\n");
	}
}

static void write_participants(pd_render_out *o, const pd_record *r, const pd_render_labels *L)
{
	if (!r->nparticipants)
		return;
	pd_render_printf(o, "\n## %s\n\n", L->participants);
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		pd_render_puts(o, "- **");
		pd_render_esc_str(o, md_inline, p->label);
		pd_render_puts(o, "**");
		if (p->name && strcmp(p->name, p->label) != 0) {
			pd_render_puts(o, " — ");
			pd_render_esc_str(o, md_inline, p->name);
		}
		if (p->role) {
			pd_render_puts(o, L->separator);
			pd_render_esc_str(o, md_inline, p->role);
		}
		pd_render_printf(o, "%s%s%s\n", L->open, L->kinds[p->kind % 5], L->close);
	}
}

static void write_turn(pd_render_out *o, const pd_record *r, const pd_turn *t,
		       const pd_render_labels *L)
{
	pd_slice cur = pd_slice_of(t->text ? t->text : ""), para;
	bool narration = t->kind == PD_TURN_NARRATION || !t->speaker;
	bool first = true;

	pd_render_printf(o, "\\[%d\\] ", t->n);
	if (t->kind == PD_TURN_QUESTION)
		pd_render_printf(o, "*%s* ", L->question);
	else if (t->kind == PD_TURN_ANSWER)
		pd_render_printf(o, "*%s* ", L->answer);
	if (!narration) {
		pd_render_puts(o, "**");
		pd_render_speaker_label(o, r, t, L, md_inline);
		pd_render_puts(o, ":** ");
	}
	while (pd_render_next_para(&cur, &para)) {
		if (!first)
			pd_render_puts(o, "\n\n");
		if (narration)
			pd_render_puts(o, "*");
		/* the first paragraph follows the label on the same line */
		pd_render_esc(o, first || narration ? md_inline : md_line, para.p, para.n);
		if (narration)
			pd_render_puts(o, "*");
		first = false;
	}
	pd_render_puts(o, "\n\n");
}

int pd_render_markdown(const pd_record *r, pd_buf *out)
{
	pd_render_out o = { out, 0 };
	const pd_render_labels *L = pd_render_labels_for(r->language);

	pd_render_puts(&o, "# ");
	if (r->title && *r->title)
		pd_render_esc_str(&o, md_inline, r->title);
	else
		pd_render_puts(&o, L->untitled);
	pd_render_puts(&o, "\n\n");
	write_meta(&o, r, L);
	write_participants(&o, r, L);
	if (r->nturns)
		pd_render_printf(&o, "\n## %s\n\n", L->transcript);
	for (size_t i = 0; i < r->nturns; i++)
		write_turn(&o, r, &r->turns[i], L);
	return o.rc;
}
