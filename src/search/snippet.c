/* snippet.c: best window, highlights and cuts (see snippet.h).
 *
 * Example: text "第四使馆区的 embassy district is near", term "使馆"
 *   tokens (document mode): 第四 四使 使馆 馆区 +区 的...; the query's
 *   bigram 使馆 matches at one position, giving the byte span of 使馆, so
 *   the snippet reads "第四\x02使馆\x03区的 embassy district is near".
 */
#include "search/snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "search/tokenize.h"

/* How far (characters) a cut may move to land on a word boundary. */
#define WORD_SLACK 20

typedef struct tokrec {
	size_t start, end;   /* bytes in the text */
	size_t off, len;     /* folded form in the arena */
	size_t pos;          /* position: colocated tokens share one */
	pd_token_kind kind;
} tokrec;

typedef struct span {
	size_t start, end;   /* bytes; later also characters */
	size_t cstart, cend;
} span;

typedef struct toklist {
	tokrec *v;
	size_t n, cap;
	pd_buf arena;
	size_t npos;
} toklist;

static void tokenize_all(toklist *l, const char *s, size_t n, pd_tok_mode mode)
{
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, s, n, mode);
	while (pd_tokenizer_next(&t, &tok)) {
		l->v = pd_xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
		tokrec *r = &l->v[l->n++];
		r->start = tok.start;
		r->end = tok.end;
		r->off = l->arena.len;
		r->len = tok.len;
		r->pos = (tok.colocated && l->npos) ? l->npos - 1 : l->npos++;
		r->kind = tok.kind;
		pd_buf_add(&l->arena, tok.text, tok.len);
	}
	pd_tokenizer_release(&t);
}

static void toklist_release(toklist *l)
{
	free(l->v);
	pd_buf_release(&l->arena);
}

static bool tok_matches(const toklist *d, const tokrec *dt, const toklist *q,
			const tokrec *qt, bool prefix)
{
	const char *a = d->arena.data + dt->off, *b = q->arena.data + qt->off;
	if (prefix)
		return dt->len >= qt->len && memcmp(a, b, qt->len) == 0;
	return dt->len == qt->len && memcmp(a, b, qt->len) == 0;
}

/* The document token at position pos matching query token qt, or NULL.
 * first[pos] is the index of the first token at pos. */
static const tokrec *at_pos(const toklist *d, const size_t *first, size_t pos,
			    const toklist *q, const tokrec *qt, bool prefix)
{
	for (size_t i = first[pos]; i < d->n && d->v[i].pos == pos; i++)
		if (tok_matches(d, &d->v[i], q, qt, prefix))
			return &d->v[i];
	return NULL;
}

static void add_span(span **v, size_t *n, size_t *cap, size_t start, size_t end)
{
	*v = pd_xgrow(*v, sizeof **v, *n + 1, cap);
	(*v)[*n].start = start;
	(*v)[(*n)++].end = end;
}

/* Every occurrence of the term in the document, as byte spans. */
static void find_term(const char *text, size_t n, const toklist *d, const size_t *first,
		      const char *term, span **v, size_t *nv, size_t *cap)
{
	toklist q = { 0 };
	pd_buf_init(&q.arena, 0);
	tokenize_all(&q, term, strlen(term), PD_TOK_QUERY);
	/* a lone CJK character at the end is a prefix term, as in the index */
	bool prefix = q.n && q.v[q.n - 1].kind == PD_TOKEN_UNIGRAM;
	for (size_t p = 0; q.n && p + q.n <= d->npos; p++) {
		const tokrec *firsttok = NULL, *last = NULL;
		size_t j;
		for (j = 0; j < q.n; j++) {
			last = at_pos(d, first, p + j, &q, &q.v[j], prefix && j + 1 == q.n);
			if (!last)
				break;
			if (j == 0)
				firsttok = last;
		}
		if (j < q.n)
			continue;
		size_t end = last->end;
		if (prefix) { /* highlight only the character, not the bigram */
			uint32_t cp;
			end = last->start + pd_utf8_decode(text + last->start, n - last->start, &cp);
		}
		add_span(v, nv, cap, firsttok->start, end);
	}
	toklist_release(&q);
}

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts and merges overlapping or touching spans; returns the new count. */
static size_t merge_spans(span *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_span);
	size_t m = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].start <= v[m].end) {
			if (v[i].end > v[m].end)
				v[m].end = v[i].end;
		} else {
			v[++m] = v[i];
		}
	}
	return m + 1;
}

/* Fills cstart/cend (character indexes) of sorted, disjoint spans in one
 * pass. */
static void char_positions(const char *s, size_t n, span *v, size_t nv)
{
	size_t b = 0, c = 0;
	for (size_t i = 0; i < nv; i++) {
		size_t *bytes[2] = { &v[i].start, &v[i].end };
		size_t *chars[2] = { &v[i].cstart, &v[i].cend };
		for (int k = 0; k < 2; k++) {
			while (b < *bytes[k] && b < n) {
				uint32_t cp;
				b += pd_utf8_decode(s + b, n - b, &cp);
				c++;
			}
			*chars[k] = c;
		}
	}
}

static bool word_char_at(const char *s, size_t n, size_t at)
{
	uint32_t cp;
	if (at >= n)
		return false;
	pd_utf8_decode(s + at, n - at, &cp);
	return !pd_cp_is_cjk(cp) && pd_cp_is_alnum(cp);
}

/* Start of the character before byte at. */
static size_t prev_char(const char *s, size_t at)
{
	size_t i = at;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && at - i < 3)
		i--;
	return i > 0 ? i - 1 : 0;
}

/* Moves a cut off the middle of a word, within WORD_SLACK characters and
 * without crossing `limit` (a highlight). */
static size_t cut_start(const char *s, size_t n, size_t at, size_t limit)
{
	if (at == 0 || !word_char_at(s, n, prev_char(s, at)) || !word_char_at(s, n, at))
		return at;
	size_t i = at;
	for (int k = 0; k < WORD_SLACK && i < limit; k++) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		if (!word_char_at(s, n, i))
			return i;
	}
	return at;
}

static size_t cut_end(const char *s, size_t n, size_t at, size_t limit)
{
	if (at >= n || !word_char_at(s, n, prev_char(s, at)) || !word_char_at(s, n, at))
		return at;
	size_t i = at;
	for (int k = 0; k < WORD_SLACK && i > limit; k++) {
		i = prev_char(s, i);
		if (i == 0)
			break;
		if (!word_char_at(s, n, prev_char(s, i)))
			return i;
	}
	return at;
}

/* Chooses [*ws, *we) in bytes. */
static void choose_window(const char *s, size_t n, span *v, size_t nv, size_t w,
			  size_t *ws, size_t *we)
{
	size_t total = pd_utf8_count(s, n);
	*ws = 0;
	*we = n;
	if (total <= w)
		return;
	if (nv == 0) {
		*we = cut_end(s, n, pd_utf8_prefix(s, n, w), 0);
		return;
	}
	size_t best = 0, best_count = 0, best_j = 1;
	for (size_t i = 0, j = 0; i < nv; i++) {
		if (j < i + 1)
			j = i + 1;
		while (j < nv && v[j].cend <= v[i].cstart + w)
			j++;
		if (j - i > best_count) {
			best_count = j - i;
			best = i;
			best_j = j;
		}
	}
	size_t content = v[best_j - 1].cend - v[best].cstart;
	if (content > w)
		content = w;
	size_t lead = (w - content) / 3, cs = v[best].cstart;
	size_t wcs = cs > lead ? cs - lead : 0;
	if (wcs + w > total)
		wcs = total - w;
	*ws = pd_utf8_prefix(s, n, wcs);
	*we = *ws + pd_utf8_prefix(s + *ws, n - *ws, w);
	*ws = cut_start(s, n, *ws, v[best].start);
	*we = cut_end(s, n, *we, v[best_j - 1].end < *we ? v[best_j - 1].end : *ws);
}

static void emit(pd_buf *out, const char *s, size_t ws, size_t we, const span *v, size_t nv)
{
	bool pending = false, open = false, visible = false;
	size_t k = 0;
	for (size_t b = ws; b < we;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(s + b, we - b, &cp);
		size_t nb = b + l;
		if (pd_cp_is_space(cp)) {
			pending = true;
			b = nb;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F) { /* \x02 \x03 included: no fake marks */
			b = nb;
			continue;
		}
		while (!open && k < nv && v[k].end <= b)
			k++;
		if (pending && visible) /* paragraphs and runs of space: one space */
			pd_buf_putc(out, ' ');
		pending = false;
		visible = true;
		if (!open && k < nv && v[k].start <= b) {
			pd_buf_putc(out, '\x02');
			open = true;
		}
		if (cp == PD_UTF8_REPLACEMENT && l == 1)
			pd_utf8_encode(out, cp);
		else
			pd_buf_add(out, s + b, l);
		if (open && nb >= v[k].end) {
			pd_buf_putc(out, '\x03');
			open = false;
			k++;
		}
		b = nb;
	}
	if (open)
		pd_buf_putc(out, '\x03');
}

char *pd_snippet_make(const char *text, size_t n, char *const *terms, size_t nterms,
		      size_t chars)
{
	if (!text)
		n = 0;
	if (chars == 0)
		chars = PD_SNIPPET_CHARS;
	toklist d = { 0 };
	pd_buf_init(&d.arena, 0);
	span *v = NULL;
	size_t nv = 0, cap = 0;
	tokenize_all(&d, text, n, PD_TOK_DOCUMENT);
	size_t *first = pd_xcalloc(d.npos + 1, sizeof *first);
	for (size_t i = d.n; i-- > 0;)
		first[d.v[i].pos] = i;
	for (size_t t = 0; t < nterms; t++)
		find_term(text, n, &d, first, terms[t], &v, &nv, &cap);
	nv = merge_spans(v, nv);
	char_positions(text, n, v, nv);
	size_t ws, we;
	choose_window(text, n, v, nv, chars, &ws, &we);

	pd_buf out;
	pd_buf_init(&out, 0);
	if (ws > 0)
		pd_buf_puts(&out, "\xe2\x80\xa6");
	emit(&out, text, ws, we, v, nv);
	if (we < n)
		pd_buf_puts(&out, "\xe2\x80\xa6");
	free(first);
	free(v);
	toklist_release(&d);
	return pd_buf_detach(&out);
}
