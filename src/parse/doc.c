/* doc.c: the line builder readers use to describe a document (doc.h). */
#include "parse/doc.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

void pd_doc_init(pd_doc *d)
{
	memset(d, 0, sizeof *d);
	pd_arena_init(&d->text);
	pd_buf_init(&d->cur, 0);
	d->next_para = true;
	d->cur_all_bold = true;
	d->cur_bold_open = true;
}

void pd_doc_release(pd_doc *d)
{
	free(d->lines);
	pd_arena_release(&d->text);
	pd_buf_release(&d->cur);
	memset(d, 0, sizeof *d);
}

void pd_doc_add_line(pd_doc *d, const char *s, size_t n, unsigned flags)
{
	/* into the arena: a malloc and a free per line were ~8 % of the
	 * parser's CPU time */
	char *text = pd_arena_reserve(&d->text, n + 1);
	size_t ascii_len;
	size_t len = pd_str_collapse_space_ascii(s, n, text, &ascii_len);
	if (!len)
		return;
	pd_arena_commit(&d->text, len + 1);
	if (d->next_para)
		flags |= PD_LINE_PARA;
	d->next_para = false;
	d->lines = pd_xgrow(d->lines, sizeof *d->lines, d->n + 1, &d->cap);
	pd_line *l = &d->lines[d->n++];
	l->text = text;
	l->len = len;
	l->flags = flags;
	/* 0 claims nothing: a line past 4 GiB (never, at 64 MiB a
	 * document) is read from its start */
	l->ascii_len = ascii_len <= UINT32_MAX ? (uint32_t)ascii_len : 0;
	l->bold_len = 0;
}

void pd_doc_text(pd_doc *d, const char *s, size_t n, bool bold)
{
	pd_slice t = pd_slice_trim((pd_slice){ s, n });
	if (!t.n) {
		if (n && d->cur.len)
			pd_buf_putc(&d->cur, ' ');
		return;
	}
	if (!bold) {
		d->cur_all_bold = false;
		d->cur_bold_open = false;
	}
	if (d->cur.len && t.p != s)
		pd_buf_putc(&d->cur, ' ');
	pd_buf_add(&d->cur, t.p, t.n);
	if (t.p + t.n != s + n)
		pd_buf_putc(&d->cur, ' ');
	if (bold && d->cur_bold_open)
		d->cur_bold_len = d->cur.len;
	d->cur_any_text = true;
}

void pd_doc_set_flags(pd_doc *d, unsigned flags)
{
	d->cur_flags |= flags;
}

void pd_doc_break(pd_doc *d)
{
	if (d->cur_any_text) {
		unsigned flags = d->cur_flags;
		size_t before = d->n;
		if (d->cur_all_bold)
			flags |= PD_LINE_BOLD;
		else if (d->cur_bold_len)
			flags |= PD_LINE_BOLD_START;
		pd_doc_add_line(d, d->cur.data, d->cur.len, flags);
		if (d->n > before && (flags & PD_LINE_BOLD_START)) {
			/* the bold run's length in the collapsed text */
			char *scratch = pd_arena_reserve(&d->text, d->cur_bold_len + 1);
			d->lines[d->n - 1].bold_len =
				pd_str_collapse_space_to(d->cur.data, d->cur_bold_len, scratch);
		}
	}
	pd_buf_reset(&d->cur);
	d->cur_flags &= PD_LINE_QUOTE;
	d->cur_all_bold = true;
	d->cur_bold_open = true;
	d->cur_bold_len = 0;
	d->cur_any_text = false;
}

void pd_doc_para(pd_doc *d)
{
	pd_doc_break(d);
	d->cur_flags = 0;
	d->next_para = true;
}

bool pd_doc_equal(const pd_doc *a, const pd_doc *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const pd_line *x = &a->lines[i], *y = &b->lines[i];
		if (x->len != y->len || x->flags != y->flags || x->bold_len != y->bold_len ||
		    memcmp(x->text, y->text, x->len) != 0)
			return false;
	}
	return true;
}
