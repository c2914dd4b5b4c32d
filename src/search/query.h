/* query.h: the user's search syntax, parsed and rendered for a backend.
 *
 * Syntax (what a person types in the search box):
 *   embassy visa            both words (implicit AND)
 *   "press conference"      a phrase
 *   trade OR tariff         either (OR in capitals; "or" is a word)
 *   visa -student           exclusion; also -"phrase" and -(a OR b)
 *   (trade OR tariff) china parentheses, at most PD_MAX_QUERY_DEPTH deep
 * Everything else is literal text: FTS5 syntax such as NEAR(, col:, *, ^
 * or AND is searched for as words, never interpreted.
 *
 * A term the tokenizer cuts into no tokens at all ("!!!") is dropped.
 * Rejected, with PD_EUSAGE and a message naming the problem and the
 * 1-based character position: an empty query, unbalanced quotes or
 * parentheses, OR without a term on one side, a group of only excluded
 * terms, more than PD_MAX_QUERY_BYTES bytes or PD_MAX_QUERY_TERMS terms,
 * nesting deeper than PD_MAX_QUERY_DEPTH, invalid UTF-8.
 */
#ifndef PD_SEARCH_QUERY_H
#define PD_SEARCH_QUERY_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef enum pd_qnode_kind {
	PD_Q_TERM,
	PD_Q_PHRASE,
	PD_Q_AND,   /* kids: at least one not PD_Q_NOT */
	PD_Q_OR,    /* kids: none is PD_Q_NOT */
	PD_Q_NOT,   /* one kid */
} pd_qnode_kind;

typedef struct pd_qnode {
	pd_qnode_kind kind;
	char *text;             /* TERM, PHRASE: the user's text, unquoted */
	struct pd_qnode **kids;
	size_t nkids, kids_cap;
	size_t pos;             /* 1-based character position in the query */
} pd_qnode;

typedef struct pd_query {
	pd_qnode *root;
	char **positive;        /* texts of the terms and phrases not excluded */
	size_t npositive, positive_cap;
} pd_query;

/* Parses text. Returns a query the caller frees with pd_query_free, or NULL
 * with err set (PD_EUSAGE). */
pd_query *pd_query_parse(const char *text, pd_err *err);
void pd_query_free(pd_query *q);

/* Appends the FTS5 MATCH expression: every term a quoted FTS5 string with
 * '"' doubled; a term whose last token is a lone CJK character gets '*'
 * (prefix), since documents index such a character only as the start of a
 * bigram or as a run's last character (see tokenize.h). Returns 0, or -1 on
 * the buffer ceiling. */
int pd_query_to_fts5(const pd_query *q, pd_buf *out);

#endif
