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
	pd_buf_init(&d->cur, 0);
	d->next_para = true;
	d->cur_all_bold = true;
	d->cur_bold_open = true;
}

void pd_doc_release(pd_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	pd_buf_release(&d->cur);
	memset(d, 0, sizeof *d);
}

void pd_doc_add_line(pd_doc *d, const char *s, size_t n, unsigned flags)
{
	size_t len;
	char *text = pd_str_collapse_space_n(s, n, &len);
	if (!len) {
		free(text);
		return;
	}
	if (d->next_para)
		flags |= PD_LINE_PARA;
	d->next_para = false;
	d->lines = pd_xgrow(d->lines, sizeof *d->lines, d->n + 1, &d->cap);
	pd_line *l = &d->lines[d->n++];
	l->text = text;
	l->len = len;
	l->flags = flags;
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
			size_t bold_len;
			free(pd_str_collapse_space_n(d->cur.data, d->cur_bold_len, &bold_len));
			d->lines[d->n - 1].bold_len = bold_len;
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
