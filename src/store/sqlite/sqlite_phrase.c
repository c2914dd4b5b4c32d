/* sqlite_phrase.c: a phrase's bm25 in one turn, from the turn's own text.
 *
 * Why: a phrase of common words ("in the world") ranked in full makes FTS5
 * check positions in every turn holding all its words (207k at 10x, ~150
 * ms). sqlite_search.c instead bounds the phrase's score by one of its
 * terms' and scores only the turns whose bound could still reach the
 * page (page_from_phrase_list). Scoring one such turn through FTS5 (a
 * MATCH by rowid) costs 30-110 us: FTS5 parses the expression and seeks
 * every term's doclist per statement. Reading the turn by rowid and
 * cutting it with the index's own tokenizer, as `podium optimize`'s scan
 * does (sqlite_topk_scan.c), costs ~5-15 us.
 *
 * How FTS5 sees a column (fts5StorageInsertCallback): each token takes the
 * next position unless flagged colocated (then it takes the position of
 * the token before it; a colocated first token still takes position 0).
 * The tokenizer flags a CJK run's last character, indexed alone at its
 * last bigram's position. A phrase t0 .. tn-1 stands at position p of a
 * column when some token at p + i is ti for every i
 * (fts5ExprPhraseIsMatch); each such p is one instance, overlapping ones
 * too ("the the" stands twice in "the the the"), and bm25's frequency
 * is the sum of the instances' column weights (3 title, 1 text: SQ_RANK).
 * The row's length is FTS5's size of it (the positions), which the check
 * compares with the length the index holds: a text that does not cut as
 * it was indexed is reported, never scored.
 *
 * The score is fts5_aux.c's arithmetic in its order, as pd_bm25 computes
 * it (sqlite_bm25.c): the same double (test_phrase_checks compares).
 */
#include <math.h>
#include <string.h>

#include "search/tokenize.h"
#include "store/sqlite/sqlite_int.h"

/* Column weights of SQ_RANK (sqlite_search.c): title, text. */
static const double weights[2] = { 3.0, 1.0 };

double sq_fts5_idf(sqlite3_int64 nrow, sqlite3_int64 n)
{
	double idf = log((nrow - n + 0.5) / (n + 0.5));
	return idf <= 0.0 ? 1e-6 : idf;
}

int sq_phrase_check_init(sq_phrase_check *c, sq_store *s, const char *const *terms, size_t n,
			 sqlite3_int64 nmatch, pd_err *err)
{
	memset(c, 0, sizeof *c);
	const sq_lens_data *l = s->lens.active ? s->lens.d : NULL;
	if (!l || n < 1 || n > SQ_PHRASE_MAX || nmatch < 0)
		return 1;
	sqlite3_int64 nrow, ntok;
	int rc = sq_fts_averages(s, &nrow, &ntok, err);
	if (rc)
		return rc;
	/* pd_bm25 takes lengths from memory only when they add up to
	 * FTS5's counts; else it asks FTS5, and so must the caller */
	if (nrow <= 0 || l->nrow != nrow || l->ntoken != ntok)
		return 1;
	if (!(c->st = sq_prep(s, "SELECT title, text FROM turns WHERE tid = ?1", err)))
		return PD_ESTORE;
	c->s = s;
	c->n = n;
	for (size_t i = 0; i < n; i++) {
		c->term[i] = terms[i];
		c->len[i] = strlen(terms[i]);
	}
	c->nrow = nrow;
	c->idf = sq_fts5_idf(nrow, nmatch);
	c->avgdl = (double)ntok / (double)nrow;
	c->lens = l->len;
	c->nlens = l->n;
	return 0;
}

/* The phrase's terms a token is (a bit per term: a repeated term is
 * several). */
static uint32_t term_bits(const sq_phrase_check *c, const pd_token *tok)
{
	uint32_t bits = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->len[i] == tok->len && memcmp(c->term[i], tok->text, tok->len) == 0)
			bits |= (uint32_t)1 << i;
	return bits;
}

/* One position's tokens seen (mask: the terms among them): the
 * shift-and step. Bit i of *state: terms 0 .. i stand at the positions
 * ending here; the last bit, one instance. */
static unsigned advance(uint32_t *state, uint32_t mask, uint32_t last)
{
	*state = ((*state << 1) | 1) & mask;
	return (*state & last) != 0;
}

/* The phrase's instances in one column, and FTS5's size of it. */
static unsigned column_instances(const sq_phrase_check *c, const char *text, size_t len,
				 size_t *size)
{
	pd_tokenizer tz;
	pd_token tok;
	uint32_t state = 0, mask = 0, last = (uint32_t)1 << (c->n - 1);
	unsigned found = 0;
	size_t pos = 0;
	pd_tokenizer_init(&tz, text, len, PD_TOK_DOCUMENT);
	while (pd_tokenizer_next(&tz, &tok)) {
		if (!tok.colocated || pos == 0) { /* a new position */
			if (pos > 0)
				found += advance(&state, mask, last);
			mask = 0;
			pos++;
		}
		mask |= term_bits(c, &tok);
	}
	if (pos > 0)
		found += advance(&state, mask, last);
	pd_tokenizer_release(&tz);
	*size = pos;
	return found;
}

int sq_phrase_check_score(sq_phrase_check *c, sqlite3_int64 tid, double *score, bool *found,
			  pd_err *err)
{
	const double k1 = 1.2, b = 0.75;
	double f = 0;
	size_t ntok = 0;
	*found = false;
	c->checked++;
	sqlite3_bind_int64(c->st, 1, tid);
	int step = sqlite3_step(c->st);
	for (int col = 0; step == SQLITE_ROW && col < 2; col++) {
		const char *text = (const char *)sqlite3_column_text(c->st, col);
		size_t size = 0;
		if (text)
			f += weights[col] * column_instances(c, text, (size_t)sqlite3_column_bytes(c->st, col),
							     &size);
		ntok += size;
	}
	sqlite3_reset(c->st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(c->s, err, "reading a turn");
	if (tid < 0 || tid >= c->nlens || c->lens[tid] != ntok) {
		c->disagrees = true; /* not the text the index was built from */
		return 0;
	}
	if (f > 0) {
		double D = (double)ntok;
		*score = 0.0 + c->idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / c->avgdl)));
		*found = true;
	}
	return 0;
}

void sq_phrase_check_release(sq_phrase_check *c)
{
	if (c->st)
		sq_done(c->st);
	c->st = NULL;
}
