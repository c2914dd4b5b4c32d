/* tokenize.h: Podium's search tokenizer.
 *
 * One tokenizer for every search backend (the SQLite FTS5 `cjk` tokenizer,
 * snippets, later PostgreSQL), so documents and queries are always cut the
 * same way. It walks UTF-8 text and yields tokens with their byte offsets
 * [start, end) in the original text:
 *
 *   - Words: runs of letters, digits and combining marks (utf8proc
 *     categories L*, N*, M*); an apostrophe between two letters stays inside
 *     the word and is dropped from the folded form ("don't", "don’t" ->
 *     "dont"). Folded to NFKC, case-folded, diacritics stripped:
 *     "Café" -> "cafe", "ＡＢＣ" -> "abc".
 *   - CJK runs (pd_cp_is_cjk): overlapping bigrams, each character passed
 *     through pd_cjk_fold: "第四使馆区" -> 第四 四使 使馆 馆区.
 *     PD_TOK_DOCUMENT also yields the run's last character as a unigram
 *     COLOCATED with the last bigram (same position, flag `colocated`):
 *     every character of a document is then the first character of some
 *     token, so a one-character query runs as the prefix query "馆"*. (Not
 *     at the position after the bigram: a phrase that goes on past the run,
 *     "使馆区 embassy", would then never be adjacent.)
 *     PD_TOK_QUERY yields bigrams only, so a query "使馆" matches a document
 *     "第四使馆区" as a phrase of bigrams.
 *     A one-character run is a unigram in both modes.
 *   - Everything else (space, punctuation, invalid UTF-8, NUL) separates.
 *
 * Bounds: a word's folded form is made from at most PD_MAX_TOKEN_BYTES of
 * its bytes (cut on a character boundary); offsets still cover the word.
 *
 *   pd_tokenizer t; pd_token tok;
 *   pd_tokenizer_init(&t, text, len, PD_TOK_DOCUMENT);
 *   while (pd_tokenizer_next(&t, &tok))
 *           use(tok.text, tok.len, tok.start, tok.end);
 *   pd_tokenizer_release(&t);
 */
#ifndef PD_SEARCH_TOKENIZE_H
#define PD_SEARCH_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef enum pd_tok_mode {
	PD_TOK_DOCUMENT,
	PD_TOK_QUERY,
} pd_tok_mode;

typedef enum pd_token_kind {
	PD_TOKEN_WORD,
	PD_TOKEN_BIGRAM,
	PD_TOKEN_UNIGRAM,
} pd_token_kind;

typedef struct pd_token {
	const char *text;   /* folded form, NUL-terminated; valid until the next call */
	size_t len;
	size_t start, end;  /* byte offsets into the original text */
	pd_token_kind kind;
	bool colocated;     /* same position as the token before it */
} pd_token;

typedef struct pd_tokenizer {
	const char *s;
	size_t n, pos;
	pd_tok_mode mode;
	bool in_run;        /* the character at pos continues a CJK run */
	uint32_t fold_cp, folded_cp; /* the last CJK character folded, its fold */
	pd_buf fold;
} pd_tokenizer;

/* Starts walking (s, n); s is only read and must outlive the tokenizer. */
void pd_tokenizer_init(pd_tokenizer *t, const char *s, size_t n, pd_tok_mode mode);
/* Fills *tok with the next token; false at the end. */
bool pd_tokenizer_next(pd_tokenizer *t, pd_token *tok);
void pd_tokenizer_release(pd_tokenizer *t);

/* Identifies how this build cuts text: PD_TOKENIZER_RULES (raise it with
 * every change that alters a token, its offsets or flags), the CJK fold
 * table (generated from the OpenCC data on the build machine), the Unicode
 * version of utf8proc (word folding) and PD_MAX_TOKEN_BYTES. An index
 * written under one fingerprint must be rebuilt, not updated, under
 * another: FTS5 deletes a row by cutting its text again, and tokens that
 * differ from the indexed ones corrupt the index. The SQLite backend keeps
 * the fingerprint in the database and rebuilds when it changes. */
#define PD_TOKENIZER_RULES 1
uint64_t pd_tokenizer_fingerprint(void);

#endif
