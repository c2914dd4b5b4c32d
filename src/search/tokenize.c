/* tokenize.c: words, CJK bigrams and unigrams with offsets (see tokenize.h).
 *
 * Example, document mode, "Le café 第四使馆区":
 *   le [0,2)  cafe [3,8)  第四 [9,15)  四使 [12,18)  使馆 [15,21)
 *   馆区 [18,24)  区 [21,24) colocated
 */
#include "search/tokenize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/limits.h"
#include "base/utf8.h"
#include "search/cjk_fold.h"

void pd_tokenizer_init(pd_tokenizer *t, const char *s, size_t n, pd_tok_mode mode)
{
	t->s = s;
	t->n = s ? n : 0;
	t->pos = 0;
	t->mode = mode;
	t->in_run = false;
	t->fold_cp = t->folded_cp = 0; /* pd_cjk_fold(0) is 0 */
	/* A folded word can grow (NFKC of "ﷺ" is 18 code points); the ceiling
	 * only guards against a bug, the input is already bounded. */
	pd_buf_init(&t->fold, 16 * PD_MAX_TOKEN_BYTES);
}

void pd_tokenizer_release(pd_tokenizer *t)
{
	pd_buf_release(&t->fold);
}

/* ASCII is most of the text indexed and snippeted: it skips the UTF-8
 * decoder and utf8proc's category table (letters and digits are exactly
 * what categories L* and N* hold in ASCII). */
static size_t decode_at(const pd_tokenizer *t, size_t at, uint32_t *cp)
{
	unsigned char c = (unsigned char)t->s[at];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	return pd_utf8_decode(t->s + at, t->n - at, cp);
}

/* ASCII letters and digits by table: the loops over runs of them test
 * every byte of the text indexed. */
static const bool ascii_alnum[256] = {
	['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static bool is_ascii_alnum(uint32_t cp)
{
	return cp < 0x80 && ascii_alnum[cp];
}

static bool is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return is_ascii_alnum(cp);
	return !pd_cp_is_cjk(cp) && pd_cp_is_alnum(cp);
}

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static void emit(pd_tokenizer *t, pd_token *tok, size_t start, size_t end,
		 pd_token_kind kind, bool colocated)
{
	tok->text = pd_buf_cstr(&t->fold);
	tok->len = t->fold.len;
	tok->start = start;
	tok->end = end;
	tok->kind = kind;
	tok->colocated = colocated;
}

/* pd_cjk_fold (a binary search) of each CJK character once: a bigram's
 * second character is the next bigram's first. */
static uint32_t cjk_fold_once(pd_tokenizer *t, uint32_t cp)
{
	if (cp != t->fold_cp) {
		t->fold_cp = cp;
		t->folded_cp = pd_cjk_fold(cp);
	}
	return t->folded_cp;
}

/* The character at pos is CJK (cp, l bytes). Returns true with a token, or
 * false when the run's last character yields nothing (query mode). */
static bool cjk_token(pd_tokenizer *t, uint32_t cp, size_t l, pd_token *tok)
{
	size_t start = t->pos, next = t->pos + l;
	pd_buf_reset(&t->fold);
	pd_utf8_encode(&t->fold, cjk_fold_once(t, cp));
	if (next < t->n) {
		uint32_t cp2;
		size_t l2 = decode_at(t, next, &cp2);
		if (pd_cp_is_cjk(cp2)) {
			pd_utf8_encode(&t->fold, cjk_fold_once(t, cp2));
			t->pos = next;
			t->in_run = true;
			emit(t, tok, start, next + l2, PD_TOKEN_BIGRAM, false);
			return true;
		}
	}
	bool was_in_run = t->in_run;
	t->in_run = false;
	t->pos = next;
	if (was_in_run && t->mode == PD_TOK_QUERY)
		return false;
	emit(t, tok, start, next, PD_TOKEN_UNIGRAM, was_in_run);
	return true;
}

/* Replaces the raw word in t->fold with its folded form: nothing to do
 * when it is all ASCII (lower-cased as it was taken), else utf8proc. */
static void fold_word(pd_tokenizer *t, bool ascii)
{
	if (ascii)
		return;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)t->fold.data,
		(utf8proc_ssize_t)t->fold.len, &out,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
	if (r >= 0) { /* the raw word is valid UTF-8, so this always holds */
		pd_buf_reset(&t->fold);
		if (pd_buf_add(&t->fold, out, (size_t)r) < 0)
			pd_buf_reset(&t->fold);
	}
	free(out);
}

/* Takes the run of ASCII letters and digits at pos into t->fold, lower-cased
 * (case folding of ASCII is exactly that, also before utf8proc folds the
 * rest of a mixed word), as far as PD_MAX_TOKEN_BYTES allows. Why a run at
 * once: most indexed text is ASCII, and a call per byte (decode, class
 * test, append) was most of FTS5's tokenizing time at ingest. */
static void take_ascii_run(pd_tokenizer *t)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t from = t->pos, to = from;
	while (to < t->n && ascii_alnum[s[to]])
		to++;
	t->pos = to;
	size_t room = PD_MAX_TOKEN_BYTES - t->fold.len; /* fold.len never passes it */
	size_t n = to - from < room ? to - from : room;
	if (n == 0)
		return;
	pd_buf *b = &t->fold;
	if (pd_buf_reserve(b, room) < 0) /* the bound's room: grown once */
		return;
	for (size_t i = 0; i < n; i++) { /* copied and lower-cased in one pass */
		unsigned char c = s[from + i];
		b->data[b->len + i] = (char)((unsigned)(c - 'A') < 26u ? c + ('a' - 'A') : c);
	}
	b->len += n;
	b->data[b->len] = '\0';
}

/* The character at pos starts a word. Returns false when the word folds to
 * nothing (only combining marks). */
static bool word_token(pd_tokenizer *t, pd_token *tok)
{
	size_t start = t->pos;
	bool ascii = true;
	pd_buf_reset(&t->fold);
	while (t->pos < t->n) {
		if (ascii_alnum[(unsigned char)t->s[t->pos]]) {
			take_ascii_run(t);
			continue;
		}
		uint32_t cp, cp2 = 0;
		size_t l = decode_at(t, t->pos, &cp);
		/* the word has begun at start, so an apostrophe here follows a
		 * word character */
		if (is_apostrophe(cp) && t->pos > start && t->pos + l < t->n) {
			decode_at(t, t->pos + l, &cp2);
			if (!is_word_cp(cp2))
				break;
			t->pos += l;	/* inside the word, left out of the folded form */
			continue;
		}
		if (!is_word_cp(cp))
			break;
		/* Only the first PD_MAX_TOKEN_BYTES bytes count; the rest of a
		 * huge word is skipped but stays inside the token's offsets. */
		if (t->fold.len + l <= PD_MAX_TOKEN_BYTES) {
			pd_buf_add(&t->fold, t->s + t->pos, l);
			ascii = false; /* cp >= 0x80: ASCII letters took the run above */
		}
		t->pos += l;
	}
	t->in_run = false;
	fold_word(t, ascii);
	if (t->fold.len == 0)
		return false;
	emit(t, tok, start, t->pos, PD_TOKEN_WORD, false);
	return true;
}

bool pd_tokenizer_next(pd_tokenizer *t, pd_token *tok)
{
	while (t->pos < t->n) {
		unsigned char c = (unsigned char)t->s[t->pos];
		if (c < 0x80) { /* a word's first letter, or space, punctuation */
			if (ascii_alnum[c]) {
				if (word_token(t, tok))
					return true;
				continue;
			}
			t->in_run = false;
			t->pos++;
			continue;
		}
		uint32_t cp;
		size_t l = decode_at(t, t->pos, &cp);
		if (pd_cp_is_cjk(cp)) {
			if (cjk_token(t, cp, l, tok))
				return true;
		} else if (is_word_cp(cp)) {
			if (word_token(t, tok))
				return true;
		} else {
			t->in_run = false;
			t->pos += l;
		}
	}
	return false;
}
