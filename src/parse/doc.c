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
	pd_collapse_init(&d->cur_text);
	d->next_para = true;
	d->cur_all_bold = true;
	d->cur_bold_open = true;
}

void pd_doc_release(pd_doc *d)
{
	free(d->lines);
	pd_arena_release(&d->text);
	memset(d, 0, sizeof *d);
}

/* Writes the line text[0..len) (len > 0, NUL-terminated, in the arena)
 * into the room at lines[n]. */
static inline void put_line(pd_doc *d, char *text, size_t len, size_t ascii_len, unsigned flags,
			    size_t bold_len)
{
	if (d->next_para)
		flags |= PD_LINE_PARA;
	d->next_para = false;
	pd_line *l = &d->lines[d->n++];
	l->text = text;
	l->len = len;
	l->flags = flags;
	/* 0 claims nothing: a line past 4 GiB (never, at 64 MiB a
	 * document) is read from its start */
	l->ascii_len = ascii_len <= UINT32_MAX ? (uint32_t)ascii_len : 0;
	l->bold_len = bold_len;
}

/* push_line when lines has no room left: a hundred and twenty-eight
 * lines at first (a PM transcript has about as many), not eight, then
 * sixteen, then ..., each a realloc. */
static __attribute__((noinline)) void grow_then_put_line(pd_doc *d, char *text, size_t len,
							 size_t ascii_len, unsigned flags,
							 size_t bold_len)
{
	d->lines = pd_xgrow(d->lines, sizeof *d->lines, d->n < 128 ? 128 : d->n + 1, &d->cap);
	put_line(d, text, len, ascii_len, flags, bold_len);
}

/* The line flags of what the collapse c noted as it wrote the line: a
 * NUL byte, a ':' or ';' (PD_LINE_NUL and PD_LINE_COLON are its marks
 * shifted). */
static inline unsigned collapse_flags(const pd_collapse *c)
{
	return (unsigned)c->marks << 7;
}

/* Appends the line text[0..len) (len > 0, NUL-terminated, in the
 * arena). Its callers call it last: the growth of lines, out of line and
 * a tail call, leaves pd_doc_break, which ends every line, without a
 * call in its way (saving and restoring six registers around the one
 * that was here: 0.8 M instructions in pd_parse on the first 500 dev
 * files). */
static inline void push_line(pd_doc *d, char *text, size_t len, size_t ascii_len, unsigned flags,
			     size_t bold_len)
{
	if (d->n == d->cap) {
		grow_then_put_line(d, text, len, ascii_len, flags, bold_len);
		return;
	}
	put_line(d, text, len, ascii_len, flags, bold_len);
}

void pd_doc_add_line(pd_doc *d, const char *s, size_t n, unsigned flags)
{
	/* a line being collected sits uncommitted at the arena's end: kept
	 * with the room of its NUL (its next piece moves it on) rather than
	 * written over */
	if (d->cur_text.len && !d->cur_kept) {
		pd_arena_commit(&d->text, d->cur_text.len + 1);
		d->cur_kept = true;
	}
	/* into the arena: a malloc and a free per line were ~8 % of the
	 * parser's CPU time */
	char *text = pd_arena_reserve(&d->text, n + 1);
	pd_collapse c;
	pd_collapse_init(&c);
	pd_collapse_more(&c, s, n, text);
	if (!c.len)
		return;
	text[c.len] = '\0';
	pd_arena_commit(&d->text, c.len + 1);
	push_line(d, text, c.len, pd_collapse_ascii_len(&c), flags | collapse_flags(&c), 0);
}

/* Room at the arena's end for the line being collected and `more` bytes
 * after it (the line is moved there when the block had no room left). */
static void line_room(pd_doc *d, size_t more)
{
	size_t len = d->cur_text.len;
	char *room = pd_arena_reserve(&d->text, len + more);
	if (room != d->cur) {
		if (len)
			memcpy(room, d->cur, len);
		d->cur = room;
		d->cur_kept = false;
	}
}

/* What a text run that wrote past `before` tells the line's flags. */
static void note_text(pd_doc *d, size_t before, bool bold)
{
	if (d->cur_text.len == before)
		return; /* white space only */
	if (!bold) {
		d->cur_all_bold = false;
		d->cur_bold_open = false;
	}
	if (bold && d->cur_bold_open) {
		/* the run's collapse is the line so far (a space pending at
		 * its end is trimmed, as the line's own would be) */
		d->cur_bold = true;
		d->cur_bold_len = d->cur_text.len;
	}
	d->cur_any_text = true;
}

void pd_doc_text(pd_doc *d, const char *s, size_t n, bool bold)
{
	/* the run as it stands, white space at its ends and all: the
	 * collapse makes a space of white space only between two bytes it
	 * writes, as a trim of the run and a space fed for each end it cut
	 * did (a trim and up to three feeds per run: 1.4 % of the
	 * parser's instructions) */
	size_t before = d->cur_text.len;
	/* the collapse writes at most a pending space and n bytes; a NUL */
	line_room(d, n + 2);
	pd_collapse_more(&d->cur_text, s, n, d->cur);
	note_text(d, before, bold);
}

/* A run's bytes taken at a time when the block has no room for the rest
 * of the input: the run's length is known only once it is read. */
#define MARKUP_STEP 4096

size_t pd_doc_text_until_markup(pd_doc *d, const char *s, size_t n, bool bold)
{
	size_t before = d->cur_text.len, done = 0;
	while (done < n) {
		size_t take = n - done;
		if (d->cur_text.len + take + 2 > pd_arena_room(&d->text) && take > MARKUP_STEP)
			take = MARKUP_STEP;
		line_room(d, take + 2);
		size_t k = pd_collapse_until_markup(&d->cur_text, s + done, take, d->cur);
		done += k;
		if (k < take)
			break;
	}
	note_text(d, before, bold);
	return done;
}

void pd_doc_set_flags(pd_doc *d, unsigned flags)
{
	d->cur_flags |= flags;
}

void pd_doc_break(pd_doc *d)
{
	size_t len = d->cur_text.len;
	bool any = d->cur_any_text && len;
	char *text = d->cur;
	size_t ascii_len = pd_collapse_ascii_len(&d->cur_text);
	unsigned flags = d->cur_flags | collapse_flags(&d->cur_text);
	if (d->cur_all_bold)
		flags |= PD_LINE_BOLD;
	else if (d->cur_bold)
		flags |= PD_LINE_BOLD_START;
	size_t bold_len = flags & PD_LINE_BOLD_START ? d->cur_bold_len : 0;
	if (any) {
		text[len] = '\0';
		if (!d->cur_kept)
			pd_arena_commit(&d->text, len + 1);
	}
	d->cur = NULL;
	d->cur_kept = false;
	pd_collapse_init(&d->cur_text);
	d->cur_flags &= PD_LINE_QUOTE;
	d->cur_all_bold = true;
	d->cur_bold_open = true;
	d->cur_bold = false;
	d->cur_bold_len = 0;
	d->cur_any_text = false;
	/* last: see push_line */
	if (any)
		push_line(d, text, len, ascii_len, flags, bold_len);
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
