/* pg_text.c: Podium's tokenizer (search/tokenize.h) on PostgreSQL's side —
 * tsvector literals for documents and tsquery literals for queries, in
 * the input syntax of https://www.postgresql.org/docs/15/datatype-textsearch.html
 * (cast with ::tsvector / ::tsquery; no text search configuration runs).
 *
 * Example: the turn "第四使馆区" becomes
 *   '第四':1 '四使':2 '使馆':3 '馆区':4 '区':4
 * (the run's last character colocated with the last bigram), and the
 * query `"使馆 embassy" OR 馆` becomes
 *   ( ( '使馆' <-> 'embassy' ) | '馆':* )
 * which is what the SQLite backend's FTS5 expression means, token for
 * token: both backends answer the same query with the same turns.
 */
#include <string.h>

#include "search/query.h"
#include "search/tokenize.h"
#include "store/pg/pg_int.h"

/* A lexeme in quotes: ' doubled, \ escaped. */
static void quoted(pd_buf *out, const char *s, size_t n)
{
	pd_buf_putc(out, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			pd_buf_putc(out, s[i] == '\'' ? '\'' : '\\');
		pd_buf_putc(out, s[i]);
	}
	pd_buf_putc(out, '\'');
}

void pg_tsvector(pd_buf *out, const char *text, size_t n, bool title)
{
	pd_tokenizer t;
	pd_token tok;
	size_t pos = 0, bytes = 0;
	pd_tokenizer_init(&t, text, n, PD_TOK_DOCUMENT);
	while (pd_tokenizer_next(&t, &tok)) {
		if (!tok.colocated || pos == 0)
			pos++;
		if (tok.len > PG_TSV_MAX_LEXEME)
			continue;
		/* PostgreSQL stores a lexeme in an even number of bytes plus
		 * two per position and two more; counting every token as a
		 * new lexeme, its 1 MB is never reached (the tail of a turn of
		 * more than ~80k words is not indexed) */
		bytes += ((tok.len + 1) & ~(size_t)1) + 4;
		if (bytes > PG_TSV_MAX_BYTES)
			break;
		if (out->len)
			pd_buf_putc(out, ' ');
		quoted(out, tok.text, tok.len);
		pd_buf_printf(out, ":%zu%s", pos < PG_TSV_MAX_POS ? pos : PG_TSV_MAX_POS,
			      title ? "A" : "");
	}
	pd_tokenizer_release(&t);
}

/* A term or phrase: its query tokens followed by each other. */
static void term(pd_buf *out, const char *text)
{
	pd_tokenizer t;
	pd_token tok;
	size_t count = 0, mark = out->len;
	bool unigram = false;
	pd_tokenizer_init(&t, text, strlen(text), PD_TOK_QUERY);
	pd_buf_puts(out, "( ");
	while (pd_tokenizer_next(&t, &tok)) {
		if (count++)
			pd_buf_puts(out, " <-> ");
		quoted(out, tok.text, tok.len);
		unigram = tok.kind == PD_TOKEN_UNIGRAM;
	}
	pd_tokenizer_release(&t);
	if (unigram) /* documents index it only as the start of a token */
		pd_buf_puts(out, ":*");
	if (count == 0) { /* the parser drops such terms; match nothing anyway */
		pd_buf_truncate(out, mark);
		pd_buf_puts(out, "( '' ");
	}
	pd_buf_puts(out, " )");
}

static void node(pd_buf *out, const pd_qnode *n);

/* Kids that are (negated) or are not (!negated) exclusions, joined by op. */
static size_t list(pd_buf *out, const pd_qnode *n, bool negated, const char *op, size_t done)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pd_qnode *k = n->kids[i];
		if ((k->kind == PD_Q_NOT) != negated)
			continue;
		if (done++)
			pd_buf_puts(out, op);
		if (negated)
			pd_buf_puts(out, "!");
		node(out, negated ? k->kids[0] : k);
	}
	return done;
}

static void node(pd_buf *out, const pd_qnode *n)
{
	switch (n->kind) {
	case PD_Q_TERM:
	case PD_Q_PHRASE:
		term(out, n->text);
		return;
	case PD_Q_OR:
		pd_buf_puts(out, "( ");
		list(out, n, false, " | ", 0);
		pd_buf_puts(out, " )");
		return;
	case PD_Q_AND: /* (a AND b) NOT (c OR d) is a & b & !c & !d */
		pd_buf_puts(out, "( ");
		list(out, n, true, " & ", list(out, n, false, " & ", 0));
		pd_buf_puts(out, " )");
		return;
	case PD_Q_NOT: /* only inside AND, written there */
		return;
	}
}

void pg_tsquery(pd_buf *out, const pd_query *q)
{
	node(out, q->root);
}
