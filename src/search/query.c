/* query.c: recursive-descent parser for the search syntax (see query.h).
 *
 *   or    := and ("OR" and)*
 *   and   := unary+                  (up to ')' , "OR" or the end)
 *   unary := "-" primary | primary
 *   primary := "(" or ")" | '"' chars '"' | term
 */
#include "search/query.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "search/tokenize.h"

typedef struct parser {
	const char *s;
	size_t n, i;
	int depth;
	size_t nterms;
	pd_err *err;
	int failed;
} parser;

static size_t column(const parser *p, size_t at)
{
	return pd_utf8_count(p->s, at) + 1;
}

static pd_qnode *node_new(pd_qnode_kind kind, size_t pos)
{
	pd_qnode *q = pd_xcalloc(1, sizeof *q);
	q->kind = kind;
	q->pos = pos;
	return q;
}

static void node_free(pd_qnode *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nkids; i++)
		node_free(q->kids[i]);
	free(q->kids);
	free(q->text);
	free(q);
}

static void node_add(pd_qnode *q, pd_qnode *kid)
{
	q->kids = pd_xgrow(q->kids, sizeof *q->kids, q->nkids + 1, &q->kids_cap);
	q->kids[q->nkids++] = kid;
}

/* Records the first error only. */
__attribute__((format(printf, 2, 3)))
static void fail(parser *p, const char *fmt, ...)
{
	if (!p->failed && p->err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
		va_end(ap);
		p->err->code = PD_EUSAGE;
	}
	p->failed = 1;
}

static bool is_space_at(const parser *p, size_t at, size_t *len)
{
	uint32_t cp;
	*len = pd_utf8_decode(p->s + at, p->n - at, &cp);
	return pd_cp_is_space(cp);
}

static void skip_space(parser *p)
{
	size_t l;
	while (p->i < p->n && is_space_at(p, p->i, &l))
		p->i += l;
}

static bool is_term_end(const parser *p, size_t at)
{
	size_t l;
	return at >= p->n || p->s[at] == '"' || p->s[at] == '(' ||
	       p->s[at] == ')' || is_space_at(p, at, &l);
}

static bool at_or(const parser *p)
{
	return p->n - p->i >= 2 && memcmp(p->s + p->i, "OR", 2) == 0 &&
	       is_term_end(p, p->i + 2);
}

/* True when text cuts into at least one token: otherwise there is nothing
 * to search for ("!!!", "-"). */
static bool has_tokens(const char *text, size_t n)
{
	pd_tokenizer t;
	pd_token tok;
	pd_tokenizer_init(&t, text, n, PD_TOK_QUERY);
	bool any = pd_tokenizer_next(&t, &tok);
	pd_tokenizer_release(&t);
	return any;
}

static pd_qnode *leaf(parser *p, pd_qnode_kind kind, size_t start, size_t from, size_t to)
{
	if (++p->nterms > PD_MAX_QUERY_TERMS) {
		fail(p, "query has more than %d terms (at position %zu)",
		     PD_MAX_QUERY_TERMS, column(p, start));
		return NULL;
	}
	if (!has_tokens(p->s + from, to - from))
		return NULL;
	pd_qnode *q = node_new(kind, column(p, start));
	q->text = pd_xstrndup(p->s + from, to - from);
	return q;
}

static pd_qnode *parse_or(parser *p);

static pd_qnode *parse_primary(parser *p)
{
	size_t start = p->i;
	char c = p->s[p->i];
	if (c == '(') {
		if (++p->depth > PD_MAX_QUERY_DEPTH) {
			fail(p, "parentheses nested too deep at position %zu", column(p, start));
			return NULL;
		}
		p->i++;
		pd_qnode *q = parse_or(p);
		skip_space(p);
		if (!p->failed && (p->i >= p->n || p->s[p->i] != ')'))
			fail(p, "unbalanced parenthesis: '(' at position %zu is never closed", column(p, start));
		if (p->failed) {
			node_free(q);
			return NULL;
		}
		p->i++;
		p->depth--;
		return q;
	}
	if (c == '"') {
		const char *close = memchr(p->s + start + 1, '"', p->n - start - 1);
		if (!close) {
			fail(p, "unbalanced quote: '\"' at position %zu is never closed", column(p, start));
			return NULL;
		}
		p->i = (size_t)(close - p->s) + 1;
		return leaf(p, PD_Q_PHRASE, start, start + 1, (size_t)(close - p->s));
	}
	while (!is_term_end(p, p->i))
		p->i++;
	return leaf(p, PD_Q_TERM, start, start, p->i);
}

static pd_qnode *parse_unary(parser *p)
{
	size_t start = p->i;
	size_t l;
	if (p->s[p->i] == '-' && p->i + 1 < p->n && p->s[p->i + 1] != '-' &&
	    p->s[p->i + 1] != ')' && !is_space_at(p, p->i + 1, &l)) {
		p->i++;
		pd_qnode *kid = parse_primary(p);
		if (!kid)
			return NULL;
		pd_qnode *q = node_new(PD_Q_NOT, column(p, start));
		node_add(q, kid);
		return q;
	}
	return parse_primary(p);
}

/* NULL with !p->failed means the group held nothing searchable. */
static pd_qnode *parse_and(parser *p)
{
	skip_space(p);
	pd_qnode *q = node_new(PD_Q_AND, column(p, p->i));
	size_t start = p->i, npos = 0;
	for (;;) {
		skip_space(p);
		if (p->i >= p->n || p->s[p->i] == ')' || at_or(p))
			break;
		pd_qnode *kid = parse_unary(p);
		if (p->failed) {
			node_free(kid);
			goto fail;
		}
		if (kid) {
			node_add(q, kid);
			npos += kid->kind != PD_Q_NOT;
		}
	}
	if (q->nkids > 0 && npos == 0) {
		fail(p, "only excluded terms at position %zu: add a word to search for", column(p, start));
		goto fail;
	}
	if (q->nkids == 0) {
		node_free(q);
		return NULL;
	}
	if (q->nkids == 1) {
		pd_qnode *kid = q->kids[0];
		q->nkids = 0;
		node_free(q);
		return kid;
	}
	return q;
fail:
	node_free(q);
	return NULL;
}

static pd_qnode *parse_or(parser *p)
{
	skip_space(p);
	size_t start = p->i;
	pd_qnode *left = parse_and(p);
	if (p->failed)
		return NULL;
	pd_qnode *q = NULL;
	while (at_or(p)) {
		size_t at = p->i;
		p->i += 2;
		if (!left && !q) {
			fail(p, "OR at position %zu needs a term before it", column(p, at));
			break;
		}
		pd_qnode *right = parse_and(p);
		if (p->failed)
			break;
		if (!right) {
			fail(p, "OR at position %zu needs a term after it", column(p, at));
			break;
		}
		if (!q) {
			q = node_new(PD_Q_OR, column(p, start));
			node_add(q, left);
			left = NULL;
		}
		node_add(q, right);
	}
	if (p->failed) {
		node_free(left);
		node_free(q);
		return NULL;
	}
	return q ? q : left;
}

static void collect_positive(pd_query *q, const pd_qnode *n)
{
	if (n->kind == PD_Q_NOT)
		return;
	if (n->text) {
		q->positive = pd_xgrow(q->positive, sizeof *q->positive,
				       q->npositive + 1, &q->positive_cap);
		q->positive[q->npositive++] = pd_xstrdup(n->text);
	}
	for (size_t i = 0; i < n->nkids; i++)
		collect_positive(q, n->kids[i]);
}

pd_query *pd_query_parse(const char *text, pd_err *err)
{
	parser p = { .s = text ? text : "", .err = err };
	p.n = strlen(p.s);
	if (p.n > PD_MAX_QUERY_BYTES) {
		pd_err_set(err, PD_EUSAGE, "query too long: %zu bytes, at most %d",
			   p.n, PD_MAX_QUERY_BYTES);
		return NULL;
	}
	if (!pd_utf8_valid(p.s, p.n)) {
		pd_err_set(err, PD_EUSAGE, "query is not valid UTF-8");
		return NULL;
	}
	pd_qnode *root = parse_or(&p);
	if (!p.failed && p.i < p.n) /* parse_or stops only at ')' or the end */
		fail(&p, "unbalanced parenthesis: ')' at position %zu has no '('", column(&p, p.i));
	if (!p.failed && !root) {
		pd_err_set(err, PD_EUSAGE, p.nterms ? "query has no searchable words"
						    : "empty query: type a word to search for");
		p.failed = 1;
	}
	if (p.failed) {
		node_free(root);
		return NULL;
	}
	pd_query *q = pd_xcalloc(1, sizeof *q);
	q->root = root;
	collect_positive(q, root);
	return q;
}

void pd_query_free(pd_query *q)
{
	if (!q)
		return;
	node_free(q->root);
	for (size_t i = 0; i < q->npositive; i++)
		free(q->positive[i]);
	free(q->positive);
	free(q);
}

/* True when the text's last query token is a lone CJK character. */
static bool ends_in_unigram(const char *text)
{
	pd_tokenizer t;
	pd_token tok;
	bool uni = false;
	pd_tokenizer_init(&t, text, strlen(text), PD_TOK_QUERY);
	while (pd_tokenizer_next(&t, &tok))
		uni = tok.kind == PD_TOKEN_UNIGRAM;
	pd_tokenizer_release(&t);
	return uni;
}

static int render(const pd_qnode *n, pd_buf *out);

static int render_list(const pd_qnode *n, bool negated, const char *op, pd_buf *out)
{
	size_t count = 0;
	for (size_t i = 0; i < n->nkids; i++)
		count += (n->kids[i]->kind == PD_Q_NOT) == negated;
	if (count > 1 && pd_buf_putc(out, '(') < 0)
		return -1;
	size_t done = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		const pd_qnode *k = n->kids[i];
		if ((k->kind == PD_Q_NOT) != negated)
			continue;
		if (done++ && pd_buf_puts(out, op) < 0)
			return -1;
		if (render(negated ? k->kids[0] : k, out) < 0)
			return -1;
	}
	return count > 1 ? pd_buf_putc(out, ')') : 0;
}

static int render(const pd_qnode *n, pd_buf *out)
{
	switch (n->kind) {
	case PD_Q_TERM:
	case PD_Q_PHRASE:
		if (pd_buf_putc(out, '"') < 0)
			return -1;
		for (const char *c = n->text; *c; c++)
			if ((*c == '"' && pd_buf_putc(out, '"') < 0) || pd_buf_putc(out, *c) < 0)
				return -1;
		if (pd_buf_putc(out, '"') < 0)
			return -1;
		return ends_in_unigram(n->text) ? pd_buf_putc(out, '*') : 0;
	case PD_Q_OR:
		return render_list(n, false, " OR ", out);
	case PD_Q_AND: {
		/* FTS5's NOT is binary: (positives) NOT (negatives OR'ed) */
		bool any_neg = false;
		for (size_t i = 0; i < n->nkids; i++)
			any_neg |= n->kids[i]->kind == PD_Q_NOT;
		if (any_neg && pd_buf_putc(out, '(') < 0)
			return -1;
		if (render_list(n, false, " AND ", out) < 0)
			return -1;
		if (!any_neg)
			return 0;
		if (pd_buf_puts(out, " NOT ") < 0 || render_list(n, true, " OR ", out) < 0)
			return -1;
		return pd_buf_putc(out, ')');
	}
	case PD_Q_NOT: /* only inside AND, rendered there */
		break;
	}
	return -1;
}

int pd_query_to_fts5(const pd_query *q, pd_buf *out)
{
	return render(q->root, out);
}
