/* turns.c: the turn detector — lines of a document -> participants and
 * speaker turns (doc.h: pd_turns_detect).
 *
 * The rules are those of tools/turns/FORMAT.md, for every reader alike:
 *  1. Find label candidates at line starts (labels.c) and count them; accept
 *     a candidate by its shape and by evidence in the same document (a
 *     mixed-case "Cui Xiaohao:" counts when alone on its line, repeated, or
 *     a role word; an upper-case one unless it reads as a heading).
 *  2. Split OCR'd lines where an accepted upper-case label stands in the
 *     middle ("...to that. JOURNALIST: Are you..."). In typescripts typed
 *     in capitals, titled names without a colon ("MR KIRK WELL, ...") and
 *     garbled question markers ("Qo") are labels too, and a short
 *     unlabelled question between two answers is the questioner's; where
 *     OCR tore the label column off as rows of bare labels, speakers
 *     alternate at line starts instead. OCR-garbled spellings of a label
 *     the document uses often ("PM4:", "JOURNALIST%"), the 1960s "Q." /
 *     "PM." / "A." layout and bare host labels ("PM Yes, ...") are labels;
 *     where only the questions are labelled, the host's answer starts on
 *     the line after the question (or inside its last line, after the
 *     question mark). A bare "Q" (no stop) is a marker when
 *     the document asks with it; outlets ("AFP:") and one-off names that
 *     ask and are answered at once are questioners' labels. Bold runs
 *     without a colon, short labels written bare ("J But ..."), labels
 *     run into a line after a sentence's end (also in mixed case or with
 *     a semicolon), garbled labels alone on their lines, a questioner's
 *     label line run onto an answer's last line, a known label that lost
 *     its first letter ("OURNALIST:"), and a question between two labels
 *     of one speaker are read as well. Under label rows an answer goes on
 *     over its line ends until a sentence asks or addresses the answerer.
 *  3. Text before the first label is the preamble: a roster ("Moderator:
 *     Jane Doe, Deputy Spokesperson", "出席：經濟部長 王美花"; roster.c) names
 *     the people and is no speech; headings, dates, clock times and
 *     banners are dropped, "Subjects:" lines become topics, an introduction
 *     ("Cui Xiaohao, Executive Deputy District Mayor of Chaoyang, introduced
 *     ...") makes the introduced person the speaker of what follows, other
 *     prose is the host's unlabelled opening statement — or narration in
 *     releases and in reported speech. A text with no labels at all is one
 *     statement by the host.
 *  4. Consecutive paragraphs of one speaker are one turn. A new label starts
 *     a new turn, except a continuation marker ("PM (cont):", a garbled
 *     page-top "MR. FRASER CONTINUES:") and, in
 *     Chinese Markdown transcripts where every paragraph repeats its label,
 *     the same label again.
 *  5. Participants get kinds (host, journalist, ...) from role words and
 *     behaviour; turns get kinds (question, answer, ...) and answers are
 *     linked to their questions.
 */
#include "parse/doc.h"
#include "parse/labels.h"
#include "parse/roster.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/strmap.h"
#include "base/utf8.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX PD_LABEL_KEY_MAX
#define ROW_ANSWERERS 8
#define INTROS_MAX 8

typedef struct cand {
	label_match m;
	/* "" or a key in the detector's arena (set_key): a KEY_MAX array
	 * inline made every line's candidate ~400 bytes to zero */
	const char *key;
	/* the 32-bit fields, then the bytes: a line's candidate is 80
	 * bytes, not 96 (about twenty passes read the array, ~90 bytes a
	 * line, and a document's is zeroed once) */
	/* 1 + the line's ASCII letters and lower-case letters, 0 before
	 * asked (line_letters): the label tests ask them of a short line
	 * and its next line several times, the colonless one in two passes */
	uint32_t letters1, lower1;
	/* 1 + the key's place in t->keys as find_candidates counted it, 0
	 * not known (line_key: a key map look-up per candidate line in
	 * accept_candidates and per accepted one in mark_accepted_keys was
	 * 1 % of the parser) */
	uint32_t key1;
	uint32_t spelled_at; /* OCR-garbled label: 1 + the line that spells it right */
	uint32_t subjects;   /* 1 + subjects_head of the line once asked, 0 before */
	bool accepted;
	bool colonless;      /* a known label alone on its line, no colon */
	bool asks;           /* an unlabelled journalist's question starts here */
	/* answers kept once asked (0 not yet, 1 no, 2 yes): the preamble
	 * asks them of a line up to three times; the subjects tail is asked
	 * only while the turns are built, when every candidate is final */
	unsigned char skip;      /* skip_line */
	unsigned char end_mark;  /* pd_line_is_end_marker */
	unsigned char tail;      /* subjects_tail */
	bool roster;             /* a line of the opening's roster (find_roster) */
	unsigned char voice;     /* find_bold_questions: 1 a question starts, 2 its answer */
	bool opens_bracket;   /* "[" or "【" opens the line (bracket_at), noted once */
	/* journalist_key of the key: 0 not yet asked, 1 no, 2 yes (three
	 * rules ask it of every accepted line: a word-list look-up each was
	 * 0.7 % of the parser); find_candidates answers it per label counted */
	unsigned char journalist;
} cand;

typedef struct key_count {
	char key[KEY_MAX];
	size_t count;
	size_t alone;
	bool role;
	bool accepted;       /* some accepted line-start label has this key */
	size_t spelled;      /* spelled_line's answer: 0 not yet, SIZE_MAX none, else 1 + line */
	/* ocr_alike(key, "JOURNALIST"): 0 not yet asked, 1 no, 2 yes */
	unsigned char journalist_alike;
} key_count;

typedef struct detector {
	pd_record *r;
	const pd_doc *d;
	const char *host_name;
	char host_surname[64];   /* upper case, for "MR HAWKE" */
	cand *cands;             /* one per line; shape NONE when no label */
	pd_arena cand_keys;      /* the candidates' keys */
	pd_label_memo label_memo;   /* find_candidates' label tests, for this document */
	key_count *keys;
	size_t nkeys, keys_cap;
	pd_strmap key_index;     /* key -> index in keys: many speakers stay linear */
	pd_strmap part_index;    /* label or alias -> index in r->participants */
	bool merge_repeats;      /* Chinese Markdown: repeated labels merge */
	bool cjk_doc;
	bool has_upper;          /* any accepted upper-case label */
	bool any_label;          /* any label accepted by shape (mark_accepted_keys) */
	bool upper_doc;          /* typed wholly in capitals (telegrams, typescripts) */
	size_t asker_line;       /* a journalist's label line, or SIZE_MAX */
	bool label_rows;         /* labels torn from the speech (count_label_rows) */
	bool labels_alone;       /* labels stand alone on their lines (count_labels_alone) */
	bool short_keys;         /* some key short_label_in_line could start a turn with */
	const char *answerer;    /* questions labelled, answers not: who answers */
	size_t answerer_len;
	char answerers[ROW_ANSWERERS][KEY_MAX]; /* keys after the first in a row */
	size_t nanswerers;
	char intro_name[128];    /* a speaker introduced in the narrative */
	char intro_role[256];
	/* officials introduced later in the same way ("Li Qiang, Deputy
	 * Director of ..., introduced the measures" before his statement) */
	struct intro {
		char name[128];
		char role[256];
	} intros[INTROS_MAX];
	size_t nintros;
	pd_roster roster;        /* the opening's list of people (roster.h) */
	/* the turn being built */
	pd_buf text;
	/* the lengths of the turns flushed (the record's from turns_from
	 * on), the strlen of their text unless a line holds a NUL */
	size_t *turn_len, turn_len_cap, turns_from;
	bool lines_hold_nul;
	char *speaker;           /* label as written; NULL for narration */
	bool narration;
	char cur_key[KEY_MAX];
	bool cur_para_pending;
	bool last_cjk;           /* the text so far ends in a CJK character */
	bool any_bracket;        /* some line opens with a bracket (opens_bracket) */
	bool any_bold_start;     /* some line opens with a bold run (PD_LINE_BOLD_START) */
	/* the lines a label alone without a colon may stand on (at most
	 * ALONE_LINE_MAX bytes, no quotation), in order, in cand_keys: a
	 * sixth of the lines, and three passes looked at every line for them */
	uint32_t *short_lines;
	size_t nshort;
	/* the lines find_candidates found a label on, in order, in
	 * cand_keys: the tests that accept them visit only those (no rule
	 * before accept_one_off_askers adds one) */
	uint32_t *cand_lines;
	size_t ncand;
	/* the accepted lines, in order, in cand_keys (accepted_lines): seven
	 * rules and host_label read only those; a loop over every line's
	 * candidate for them was a third of the detector's own time (the
	 * candidates are ~90 bytes a line, a cache line or two per line) */
	uint32_t *acc_lines;
	size_t nacc;
	bool acc_listed;     /* acc_lines holds them; a rule that accepts or drops one clears it */
	size_t nturn_starts; /* the lines with a voice or an unlabelled question (mark_turn_start) */
} detector;

/* --- counting and accepting labels ------------------------------------ */

/* c's key becomes src (cut as pd_str_copy cuts to KEY_MAX). */
static void set_key(detector *t, cand *c, const char *src)
{
	char *key = pd_arena_reserve(&t->cand_keys, KEY_MAX);
	pd_str_copy(key, KEY_MAX, src);
	pd_arena_commit(&t->cand_keys, strlen(key) + 1);
	c->key = key;
	c->journalist = 0;
	c->key1 = 0;
}

/* c's key becomes the key of the label (s, n) (pd_label_key). */
static void set_label_key(detector *t, cand *c, const char *s, size_t n)
{
	char *key = pd_arena_reserve(&t->cand_keys, KEY_MAX);
	pd_label_key(s, n, key, KEY_MAX);
	pd_arena_commit(&t->cand_keys, strlen(key) + 1);
	c->key = key;
	c->journalist = 0;
	c->key1 = 0;
}

static key_count *find_key(detector *t, const char *key)
{
	size_t i;
	return pd_strmap_get(&t->key_index, key, strlen(key), &i) ? &t->keys[i] : NULL;
}

/* find_key of line i's key. */
static key_count *line_key(detector *t, size_t i)
{
	const cand *c = &t->cands[i];
	return c->key1 ? &t->keys[c->key1 - 1] : find_key(t, c->key);
}

static key_count *count_key(detector *t, const char *key)
{
	key_count *k = find_key(t, key);
	if (k)
		return k;
	t->keys = pd_xgrow(t->keys, sizeof *t->keys, t->nkeys + 1, &t->keys_cap);
	k = &t->keys[t->nkeys];
	memset(k, 0, sizeof *k);
	size_t len = strlen(key);
	memcpy(k->key, key, len + 1);
	pd_strmap_put(&t->key_index, key, len, t->nkeys++);
	return k;
}

/* 1 + the first accepted line whose label has `key` as written (not an
 * OCR misspelling itself), or 0: the spelling a garbled label gets. Found
 * once per key, so many misspellings stay linear. */
static size_t spelled_line(detector *t, const char *key)
{
	key_count *k = find_key(t, key);
	if (k && k->spelled)
		return k->spelled == SIZE_MAX ? 0 : k->spelled;
	size_t found = 0;
	for (size_t j = 0; j < t->d->n && !found; j++)
		if (t->cands[j].accepted && !t->cands[j].spelled_at && strcmp(t->cands[j].key, key) == 0)
			found = j + 1;
	if (k)
		k->spelled = found ? found : SIZE_MAX;
	return found;
}

/* The accepted lines from the lines in `from` (n of them, in order), or
 * from every line when from is NULL. */
static void list_accepted_lines(detector *t, const uint32_t *from, size_t n)
{
	if (!t->acc_lines)
		t->acc_lines = pd_arena_alloc(&t->cand_keys, (t->d->n ? t->d->n : 1) * sizeof *t->acc_lines);
	t->nacc = 0;
	for (size_t s = 0; s < n; s++) {
		size_t i = from ? from[s] : s;
		if (t->cands[i].accepted)
			t->acc_lines[t->nacc++] = (uint32_t)i;
	}
	t->acc_listed = true;
}

/* The accepted lines, in order (*n of them): listed again only after a
 * rule accepted or dropped one (most documents: never after
 * accept_candidates, which lists them from its candidates). */
static const uint32_t *accepted_lines(detector *t, size_t *n)
{
	if (!t->acc_listed)
		list_accepted_lines(t, NULL, t->d->n);
	*n = t->nacc;
	return t->acc_lines;
}

/* Which keys an accepted line-start label carries, for known_upper_label
 * (once, rather than a scan of every line per label inside a line). */
static void mark_accepted_keys(detector *t)
{
	size_t n;
	const uint32_t *acc = accepted_lines(t, &n);
	for (size_t s = 0; s < n; s++) {
		key_count *k = line_key(t, acc[s]);
		if (k)
			k->accepted = true;
		t->any_label = true;
	}
}

static size_t count_lower(const char *s, size_t n)
{
	return pd_ascii_lower(s, n);
}

static size_t count_letters(const char *s, size_t n)
{
	return pd_ascii_letters(s, n);
}

/* A line is part of a document, which pd_parse takes up to
 * PD_MAX_DOCUMENT_BYTES: its counts plus one fit the candidate's 32 bits. */
_Static_assert(PD_MAX_DOCUMENT_BYTES < UINT32_MAX, "a line's letter counts fit in 32 bits");

/* count_letters and count_lower of line i, each counted once. */
static void count_line_letters(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	const pd_line *l = &t->d->lines[i];
	if (c->letters1)
		return;
	/* one pass for both (two were 0.9 % of the parser) */
	size_t lower;
	c->letters1 = (uint32_t)(pd_ascii_letters_lower(l->text, l->len, &lower) + 1);
	c->lower1 = (uint32_t)(lower + 1);
}

static size_t line_letters(const detector *t, size_t i)
{
	count_line_letters(t, i);
	return t->cands[i].letters1 - 1;
}

static size_t line_lower(const detector *t, size_t i)
{
	count_line_letters(t, i);
	return t->cands[i].lower1 - 1;
}

/* A word starts at every byte that is no space and follows a space or
 * the start (every turn's text comes here: pd_count_words). */
static size_t count_words(const char *s, size_t n)
{
	return pd_count_words(s, n);
}

/* Pseudo-labels in Chinese meeting records: 會議結論, 【財政部補充說明】. */
static bool is_pseudo_label(const char *s, size_t n)
{
	static const char *const marks[] = {
		"補充說明", "补充说明", "會議結論", "会议结论", "出席人員", "出席人员",
		"出席議員", "出席议员", "列席", "缺席", "議程", "议程", "結論", "结论",
		"紀錄", "纪录", "備註", "备注", "附件", "決議", "决议", "主旨", "案由",
		"出席", "功能團體", "功能团体", "地方選區", "地方选区", "表決", "表决",
		"【", "〔",
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		size_t ml = strlen(marks[k]);
		for (size_t i = 0; i + ml <= n; i++)
			if (memcmp(s + i, marks[k], ml) == 0)
				return true;
	}
	return false;
}

static bool host_key(const detector *t, const char *key)
{
	if (pd_label_is_host_word(key))
		return true;
	if (t->host_surname[0] && strstr(key, t->host_surname))
		return true;
	return false;
}

/* OCR leaves a speck before some labels ("] KELLY:", ". JCEI JOSEPH
 * continuing:"): one or two marks that open no stage direction ("[
 * PRESENT A MEMENTO ...]"), then a space and an upper-case label with a
 * colon. A fax's page header runs into a page's first label the same way
 * ("Fax from PRIME MINISTER:", "Fax from LYNEHAM;"). */
/* Bytes of a recording's time stamp opening a line ("[00:01:23] ",
 * "(01:23) ", "00:01:23 - ") with the spaces and dash after it; 0 when the
 * line opens with none. Automatic and subtitle-made transcripts stamp
 * every turn so: "[00:00:05] Mayor Jane Smith: Good evening". */
static size_t time_stamp_len(const char *s, size_t n)
{
	size_t i = 0, digits = 0, colons = 0;
	char close = 0;
	if (n && (s[0] == '[' || s[0] == '(')) {
		close = s[0] == '[' ? ']' : ')';
		i = 1;
	}
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ':' || s[i] == '.'); i++) {
		digits += s[i] >= '0' && s[i] <= '9';
		colons += s[i] == ':';
	}
	if (colons < 1 || colons > 2 || digits < 3 || digits > 9)
		return 0;
	if (close && (i >= n || s[i++] != close))
		return 0;
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '-'))
		i++;
	return i;
}

static bool label_after_junk(const pd_line *l, label_match *m)
{
	/* most lines open with a letter: no time stamp (a digit or a bracket
	 * opens one), no speck, no "Fax from " (its time stamp test and the
	 * specks' strchr for every line that is no label were 1 % of the parser) */
	unsigned char a0 = l->len ? (unsigned char)l->text[0] : 0;
	if ((a0 | 32) >= 'a' && (a0 | 32) <= 'z' && a0 != 'F')
		return false;
	/* a time stamp, then a label with its colon, upper case or a name */
	size_t ts = time_stamp_len(l->text, l->len);
	if (ts && ts < l->len) {
		label_match lm;
		if (!pd_label_at_start(l->text + ts, l->len - ts, false, &lm) || !lm.colon ||
		    (lm.shape != LABEL_UPPER && lm.shape != LABEL_MIXED && lm.shape != LABEL_CJK &&
		     lm.shape != LABEL_QA))
			return false;
		/* "2:00 PM: Press conference" is an itinerary's hour */
		char key[8];
		pd_label_key(l->text + ts + lm.start, lm.len, key, sizeof key);
		if (strcmp(key, "AM") == 0 || strcmp(key, "PM") == 0)
			return false;
		*m = lm;
		m->start += ts;
		m->rest += ts;
		return true;
	}
	size_t j = 0;
	/* a fax machine's page header run into the page's first line */
	bool fax = l->len > 9 && memcmp(l->text, "Fax from ", 9) == 0;
	if (fax)
		j = 8;
	while (!fax && j < l->len && j < 2 && l->text[j] && strchr("]|)'`~.,", l->text[j]))
		j++;
	if (j == 0 || j >= l->len || l->text[j] != ' ')
		return false;
	while (j < l->len && l->text[j] == ' ')
		j++;
	label_match lm;
	if (!pd_label_at_start(l->text + j, l->len - j, false, &lm) || lm.shape != LABEL_UPPER ||
	    !(lm.colon || fax))
		return false;
	*m = lm;
	m->start += j;
	m->rest += j;
	return true;
}

static size_t office_name_at(const char *label, size_t n);

/* The longest line a label alone without a colon may be (find_colonless_labels). */
#define ALONE_LINE_MAX 40

/* Whether line l opens with a bracket bracket_at may read ("[", "【"). */
static bool opens_bracket(const pd_line *l)
{
	unsigned char a0 = l->len ? (unsigned char)l->text[0] : 0;
	if (a0 != '[' && a0 != 0xE3)   /* "【" is E3 80 90 */
		return false;
	return (l->len >= 2 && a0 == '[') || (l->len >= 6 && memcmp(l->text, "【", 3) == 0);
}

static bool journalist_key(const char *key);

/* What find_candidates counted for a label as written (a document
 * repeats a few of them on most of its lines): its key's place in
 * t->keys, that of the key its parenthesis or office leaves out
 * (SIZE_MAX: none), whether the key names the host, whether a
 * journalist. */
#define COUNTED_LABELS 4
typedef struct counted_label {
	const char *label;   /* in the document's text; NULL: an empty slot */
	size_t len;
	size_t key, base_key;
	bool host, journalist;
} counted_label;

/* Counts a label (s, n) with key `key` found at a line's start, and
 * returns what was counted: for the labels in `seen` again without the
 * key's look-up, the parenthesis and office tests and the host test (a
 * fifth of find_candidates' own work per label). */
static const counted_label *count_label(detector *t, const char *s, size_t n, const char *key,
					counted_label seen[COUNTED_LABELS], unsigned *next)
{
	for (size_t q = 0; q < COUNTED_LABELS; q++) {
		const counted_label *e = &seen[q];
		if (e->label && e->len == n && memcmp(e->label, s, n) == 0) {
			t->keys[e->key].count++;
			if (e->base_key != SIZE_MAX)
				t->keys[e->base_key].count++;
			return e;
		}
	}
	counted_label *e = &seen[(*next)++ % COUNTED_LABELS];
	e->label = s;
	e->len = n;
	key_count *k = count_key(t, key);
	k->count++;
	e->key = (size_t)(k - t->keys);   /* an index: count_key may move the keys */
	e->base_key = SIZE_MAX;
	/* "The First Minister (Nicola Sturgeon):" is evidence for "The
	 * First Minister:" later, an office written out before a name
	 * for the name alone */
	size_t base = pd_label_paren_base(s, n);
	size_t name_at = office_name_at(s, n);
	if (base || name_at) {
		char bkey[KEY_MAX];
		if (base)
			pd_label_key(s, base, bkey, sizeof bkey);
		else
			pd_label_key(s + name_at, n - name_at, bkey, sizeof bkey);
		key_count *b = count_key(t, bkey);
		b->count++;
		e->base_key = (size_t)(b - t->keys);
	}
	e->host = host_key(t, key);
	e->journalist = journalist_key(key);
	return e;
}

static void find_candidates(detector *t)
{
	const pd_doc *d = t->d;
	counted_label seen[COUNTED_LABELS] = { { 0 } };
	unsigned next_seen = 0;
	/* the key as the label's test computes it, in the arena: reserved
	 * again only once a label took it (a reservation per line was 0.5 %
	 * of the parser; one not committed stays where it is) */
	char *key = NULL;
	t->short_lines = pd_arena_alloc(&t->cand_keys, (d->n ? d->n : 1) * sizeof *t->short_lines);
	t->cand_lines = pd_arena_alloc(&t->cand_keys, (d->n ? d->n : 1) * sizeof *t->cand_lines);
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		cand *c = &t->cands[i];
		/* the facts the later rules first ask of every line, once */
		c->opens_bracket = opens_bracket(l);
		t->any_bracket |= c->opens_bracket;
		t->any_bold_start |= (l->flags & PD_LINE_BOLD_START) != 0;
		if (l->len <= ALONE_LINE_MAX && !(l->flags & PD_LINE_QUOTE))
			t->short_lines[t->nshort++] = (uint32_t)i;
		if (l->flags & (PD_LINE_QUOTE | PD_LINE_NARRATION))
			continue;
		if ((l->flags & PD_LINE_HEADING) && !(l->flags & PD_LINE_LABEL))
			continue;
		if (!key)
			key = pd_arena_reserve(&t->cand_keys, KEY_MAX);
		/* most lines are no label and leave at the first tests (four
		 * in five on the dev files): the label test's call, six-register
		 * frame and two zeroings of c->m (zero from its allocation) were
		 * a third of its cost on them */
		bool markup = (l->flags & PD_LINE_LABEL) != 0;
		if ((markup || (pd_line_may_hold_colon(l) ? pd_label_may_open_at_start(l->text, l->len)
							   : pd_label_may_open_without_colon(l->text, l->len))) &&
		    pd_label_at_start_memo(l->text, l->len, markup, &c->m, key, &t->label_memo)) {
			pd_arena_commit(&t->cand_keys, strlen(key) + 1);
			c->key = key;
			key = NULL;
		} else if (label_after_junk(l, &c->m)) {
			set_label_key(t, c, l->text + c->m.start, c->m.len);
			key = NULL;   /* set_label_key took the reservation */
		} else {
			c->m.shape = LABEL_NONE;
			continue;
		}
		t->cand_lines[t->ncand++] = (uint32_t)i;
		const counted_label *cl =
			count_label(t, l->text + c->m.start, c->m.len, c->key, seen, &next_seen);
		c->journalist = cl->journalist ? 2 : 1;
		c->key1 = (uint32_t)(cl->key + 1);
		key_count *k = &t->keys[cl->key];
		if (c->m.alone)
			k->alone++;
		if (c->m.role_word || cl->host)
			k->role = true;
	}
}

/* Upper-case label followed by an upper-case phrase: a heading
 * ("FOR PRESS: ROYAL VISIT"), unless the label is evidently a speaker. */
static bool reads_as_heading(const pd_line *l, const cand *c)
{
	const char *rest = l->text + c->m.rest;
	size_t n = l->len - c->m.rest;
	return n > 0 && count_letters(rest, n) >= 4 && count_lower(rest, n) == 0 &&
	       count_words(rest, n) >= 2;
}

/* Whether text[0..n) holds the words prefix + name[0..nn) (whole words). */
static bool calls_on(const char *text, size_t n, const char *name, size_t nn, const char *prefix)
{
	size_t pl = strlen(prefix), want = pl + nn;
	const char *end = text + n;
	char first = pl ? prefix[0] : name[0];
	for (const char *at = text; (size_t)(end - at) >= want &&
	     (at = memchr(at, first, (size_t)(end - at) - want + 1)); at++) {
		char after = at + want < end ? at[want] : ' ';
		if ((at == text || at[-1] == ' ') && memcmp(at, prefix, pl) == 0 &&
		    memcmp(at + pl, name, nn) == 0 &&
		    !((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z')))
			return true;
	}
	return false;
}

/* "Mr Khusnullin, please." then "Marat Khusnullin: ...": a name of two or
 * three words that the line before calls on (a chair giving the floor,
 * an interviewer playing a clip: "… Julia Irwin, had this to say:"), by
 * the whole name or a title and the surname, speaks, though it speaks
 * once. ("To me, Plurality means …" does not make "That's Plurality:" a
 * speaker.) */
static bool addressed_before(const pd_doc *d, size_t i, const cand *c)
{
	const pd_line *l = &d->lines[i];
	const char *s = l->text + c->m.start;
	size_t n = c->m.len, words = count_words(s, n);
	if (i == 0 || words < 2 || words > 3)
		return false;
	const char *last = s + n;
	while (last > s && last[-1] != ' ')
		last--;
	size_t ln = (size_t)(s + n - last);
	if (ln < 3 || !(last[0] >= 'A' && last[0] <= 'Z'))
		return false;
	static const char *const titles[] = { "Mr ", "Mr. ", "Ms ", "Ms. ", "Mrs ", "Mrs. ",
					      "Dr ", "Dr. ", "Minister ", "Senator ", "Professor " };
	const pd_line *p = &d->lines[i - 1];
	if (calls_on(p->text, p->len, s, n, ""))
		return true;
	for (size_t k = 0; k < sizeof titles / sizeof *titles; k++)
		if (calls_on(p->text, p->len, last, ln, titles[k]))
			return true;
	return false;
}

static bool name_matches_intro(const detector *t, const char *key)
{
	if (!t->intro_name[0])
		return false;
	char ikey[KEY_MAX];
	pd_label_key(t->intro_name, strlen(t->intro_name), ikey, sizeof ikey);
	return strcmp(ikey, key) == 0;
}

static bool is_release_type(const char *type)
{
	static const char *const kinds[] = {
		"media release", "press release", "release", "correspondence",
		"message", "letter", "index", "statement", "news release",
		"joint media release", "joint statement", "communique", "notice",
	};
	if (!type)
		return false;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (pd_strcasecmp_ascii(type, kinds[i]) == 0)
			return true;
	return false;
}

/* Where one speaker answers a run of questioners, each questioner may be
 * labelled once: "Hubei Media Group: Could you ...?" between two
 * "Wang Wenbin:" answers. A one-off name label whose speech asks a question
 * and is answered at once by a speaker labelled three times or more is a
 * label too (the names themselves are too many to list). */
static bool frequent_key(detector *t, const char *key)
{
	const key_count *k = find_key(t, key);
	return (k && (k->role || k->count >= 2)) || pd_label_is_host_word(key) ||
	       pd_label_is_journalist_word(key);
}

/* "Mike. JOURNALIST", "PM. Perhaps": a label that begins or ends with
 * another, frequent label is speech running into or out of that label. */
static bool joins_other_label(detector *t, const char *key)
{
	char head[KEY_MAX];
	for (const char *sp = strchr(key, ' '); sp; sp = strchr(sp + 1, ' ')) {
		size_t hl = (size_t)(sp - key);
		memcpy(head, key, hl);
		head[hl] = '\0';
		if (frequent_key(t, sp + 1) || frequent_key(t, head))
			return true;
	}
	return false;
}

/* A questioner's label is a name or an outlet: at most four words, not
 * opening with an article ("The McClure Report on Welfare: That's ..." is
 * a topic read out). */
static bool one_off_words_too_many(const char *key)
{
	return count_words(key, strlen(key)) > 4 || strncmp(key, "THE ", 4) == 0 ||
	       strncmp(key, "A ", 2) == 0 || strncmp(key, "AN ", 3) == 0;
}

/* Whether line i opens a paragraph or follows a finished sentence. */
static bool opens_unit(const pd_doc *d, size_t i)
{
	if (i == 0 || (d->lines[i].flags & PD_LINE_PARA))
		return true;
	const pd_line *p = &d->lines[i - 1];
	char last = p->len ? p->text[p->len - 1] : '.';
	return last == '.' || last == '?' || last == '!' || last == '"';
}

static void accept_one_off_askers(detector *t)
{
	const pd_doc *d = t->d;
	for (size_t s = 0; s < t->ncand; s++) {   /* a label with its colon */
		size_t i = t->cand_lines[s];
		cand *c = &t->cands[i];
		const pd_line *l = &d->lines[i];
		if (c->accepted || !c->m.colon || c->m.alone || one_off_words_too_many(c->key) ||
		    (c->m.shape != LABEL_MIXED && c->m.shape != LABEL_UPPER) ||
		    !(l->text[0] >= 'A' && l->text[0] <= 'Z') || !opens_unit(d, i) ||
		    !memchr(l->text + c->m.rest, '?', l->len - c->m.rest) ||
		    joins_other_label(t, c->key))
			continue;
		/* the answer: the next label within three lines */
		for (size_t j = i + 1; j < d->n && j <= i + 3; j++) {
			const cand *a = &t->cands[j];
			if (a->m.shape == LABEL_NONE)
				continue;
			const key_count *k = find_key(t, a->key);
			c->accepted = a->accepted && k && k->count >= 3 && strcmp(a->key, c->key) != 0;
			if (c->accepted && c->m.shape == LABEL_UPPER)
				t->has_upper = true;
			break;
		}
	}
}

/* A bare "Q" ("Q  Thank you. Is the President ...?") is a question marker
 * only when the document uses it so: twice or more, and mostly before a
 * question mark within its line or the next two. OCR reads bullets as
 * "Q" in the middle of speeches. */
static bool bare_q_is_marker(const detector *t)
{
	const pd_doc *d = t->d;
	size_t bare = 0, asking = 0;
	for (size_t s = 0; s < t->ncand; s++) {
		size_t i = t->cand_lines[s];
		const cand *c = &t->cands[i];
		if (c->m.shape != LABEL_QA || !c->m.bare)
			continue;
		bare++;
		for (size_t j = i; j < d->n && j <= i + 2; j++) {
			if (j > i && t->cands[j].m.shape != LABEL_NONE)
				break;
			if (memchr(d->lines[j].text, '?', d->lines[j].len)) {
				asking++;
				break;
			}
		}
	}
	return bare >= 2 && asking * 2 >= bare;
}

/* Press conferences and briefings, where a "Host:" chairs the questions:
 * by the release type, or (the type is inferred after the turns) by the
 * category or the title. */
static bool is_briefing(const pd_record *r)
{
	const char *fields[] = { r->release_type, r->category, r->title };
	for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
		if (pd_str_contains_ci(fields[f], "press conference") ||
		    pd_str_contains_ci(fields[f], "news conference") ||
		    pd_str_contains_ci(fields[f], "briefing"))
			return true;
	return false;
}

/* Words that make a short title-case line a person: "Vice President Bush". */
static bool has_title_word(const char *key)
{
	static const char *const titles[] = {
		"MR", "MRS", "MS", "DR", "SIR", "DAME", "PRESIDENT", "MINISTER", "SENATOR",
		"PREMIER", "GOVERNOR", "AMBASSADOR", "SECRETARY", "CHAIRMAN", "VICE",
		"PROFESSOR", "PROF", "JUDGE", "MAYOR", "KING", "QUEEN", "PRINCE",
	};
	return pd_label_key_has_word(key, titles, sizeof titles / sizeof *titles);
}

/* "Dr Ashley Bloomfield:", "Senator Wong:" opening a paragraph: a name
 * under its title is a speaker even when the document labels it once (an
 * official who adds a word to a minister's answer); a title elsewhere in
 * the label ("Dear Mr Smith:") is not. */
static bool titled_name_opens(const detector *t, size_t i, const cand *c)
{
	const char *key = c->key;
	const char *sp = strchr(key, ' ');
	if (!sp || count_words(key, strlen(key)) > 5 || !opens_unit(t->d, i))
		return false;
	char first[KEY_MAX];
	size_t fl = (size_t)(sp - key);
	memcpy(first, key, fl);
	first[fl] = '\0';
	return has_title_word(first);
}

/* Whether the document is written in a hearing's record style ("The
 * CHAIRMAN. The committee will come to order." / "Senator RISCH. Mr.
 * Secretary, ..."): three such labels or more, one of them repeated. A
 * lone "The NBN. The network ..." in prose is not. */
static bool record_style(detector *t)
{
	size_t lines = 0;
	bool repeated = false;
	for (size_t s = 0; s < t->ncand; s++) {
		const cand *c = &t->cands[t->cand_lines[s]];
		if (c->m.shape == LABEL_NONE || !c->m.stop)
			continue;
		lines++;
		const key_count *k = line_key(t, t->cand_lines[s]);
		repeated |= k && k->count >= 2;
	}
	return lines >= 3 && repeated;
}

static void accept_candidates(detector *t)
{
	const pd_doc *d = t->d;
	size_t accepted = 0;
	bool any_role = false;
	bool bare_q = bare_q_is_marker(t);
	bool record = record_style(t);
	for (size_t s = 0; s < t->ncand; s++) {
		size_t i = t->cand_lines[s];
		cand *c = &t->cands[i];
		const pd_line *l = &d->lines[i];
		if (c->m.shape == LABEL_NONE)
			continue;
		key_count *k = line_key(t, i);
		bool ok = false;
		switch (c->m.shape) {
		case LABEL_MARKUP:
			ok = true;
			break;
		case LABEL_QA:
			ok = !c->m.bare || bare_q;
			break;
		case LABEL_CJK:
			ok = k->role || k->count >= 2 || c->m.alone;
			break;
		case LABEL_UPPER:
			if (c->m.stop) {
				ok = record;
				break;
			}
			if (!c->m.colon) {   /* "JOURNALIST;" needs evidence */
				ok = k->role || k->count >= 2;
				break;
			}
			ok = k->role || k->count >= 2 || c->m.alone || (l->flags & (PD_LINE_BOLD | PD_LINE_BOLD_START)) ||
			     !reads_as_heading(l, c);
			if (!k->role && k->count < 2 && reads_as_heading(l, c))
				ok = false;
			break;
		case LABEL_MIXED:
			ok = k->role || k->count >= 2 || c->m.alone || name_matches_intro(t, c->key) ||
			     (c->m.colon && opens_unit(d, i) &&
			      (pd_label_paren_base(l->text + c->m.start, c->m.len) ||
			       pd_label_office_and_name(l->text + c->m.start, c->m.len) ||
			       addressed_before(d, i, c))) ||
			     (l->flags & (PD_LINE_BOLD | PD_LINE_BOLD_START)) ||
			     (c->m.colon && titled_name_opens(t, i, c));
			break;
		default:
			break;
		}
		/* an outlet names its reporter only where a paragraph starts
		 * (the count asked first: the outlet list for every label seen
		 * twice was 0.3 % of the parser) */
		if (ok && c->m.shape != LABEL_MARKUP && k->count < 2 && pd_label_is_outlet(c->key) &&
		    !pd_label_is_journalist_word(c->key) && !opens_unit(d, i))
			ok = false;
		c->accepted = ok;
		if (ok) {
			accepted++;
			any_role |= k->role || k->count >= 2 || c->m.shape == LABEL_MARKUP;
			if (c->m.shape == LABEL_UPPER)
				t->has_upper = true;
		}
	}
	accept_one_off_askers(t);
	/* One lone label in a whole text is a dateline or a heading
	 * ("CANBERRA: The Government today...", "AN ADDRESS:"), not a
	 * conversation; a release needs a speaker seen twice or a role word
	 * before it counts as quoting a transcript. */
	if ((accepted == 1 && !any_role) || (is_release_type(t->r->release_type) && !any_role)) {
		for (size_t i = 0; i < d->n; i++)
			t->cands[i].accepted = false;
		t->has_upper = false;
	}
	/* only candidates are accepted so far */
	list_accepted_lines(t, t->cand_lines, t->ncand);
}

static bool ends_sentence(const pd_line *l)
{
	char c = l->len ? l->text[l->len - 1] : 0;
	return c == '.' || c == '?' || c == '!' || c == '*' || c == '"' || c == '\'' || c == ')';
}

static bool is_title_case(const char *s, size_t n)
{
	bool start = true;
	size_t words = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ') {
			start = true;
			continue;
		}
		if (start) {
			words++;
			if (!(s[i] >= 'A' && s[i] <= 'Z'))
				return false;
		}
		start = false;
	}
	return words >= 1 && words <= 4;
}

static bool one_edit_apart(const char *a, const char *b);

/* A few keys and how often each was seen (labels alone, name lines,
 * brackets: whether a document converses so). Keys past TALLY_KEYS are
 * not counted. */
#define TALLY_KEYS 32
typedef struct key_tally {
	char keys[TALLY_KEYS][KEY_MAX];
	size_t counts[TALLY_KEYS], n;
} key_tally;

static void tally_add(key_tally *k, const char *key)
{
	size_t q = 0;
	while (q < k->n && strcmp(k->keys[q], key) != 0)
		q++;
	if (q == k->n) {
		if (k->n == TALLY_KEYS)
			return;
		pd_str_copy(k->keys[k->n], sizeof k->keys[k->n], key);
		k->counts[k->n++] = 0;
	}
	k->counts[q]++;
}

/* How many of the keys were seen twice or more. */
static size_t tally_repeated(const key_tally *k)
{
	size_t twice = 0;
	for (size_t q = 0; q < k->n; q++)
		twice += k->counts[q] >= 2;
	return twice;
}

#define ALONE_KEYS 16

/* Whether line i could be a label alone on its line: at most 40 bytes
 * with two letters or more, no lower case (or bold), not a quotation, and
 * speech follows (lower-case letters, not a label: "Why not?"). */
static bool alone_upper_line(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	const pd_line *l = &d->lines[i];
	if (i + 1 >= d->n || t->cands[i].m.shape != LABEL_NONE || l->len > ALONE_LINE_MAX ||
	    (l->flags & PD_LINE_QUOTE) || line_letters(t, i) < 2 ||
	    !(line_lower(t, i) == 0 || (l->flags & PD_LINE_BOLD)))
		return false;
	/* the next line first: the banner test and the key (a tenth of the
	 * colonless labels' rule) only for a line speech follows */
	if (t->cands[i + 1].accepted || line_lower(t, i + 1) < 2 ||
	    pd_line_is_banner(l->text, l->len))   /* "E&OE......" */
		return false;
	char key[KEY_MAX];
	pd_label_key(l->text, l->len, key, sizeof key);
	return !pd_label_is_field(key);   /* "TRANSCRIPT", "SUBJECTS" */
}

/* A conversation written with every label alone on its line and no colon
 * ("PRIME MINISTER" / "JOURNALIST" / "TREASURER" above each speech, or
 * as headings in a page): three such lines or more, two of their labels
 * each used twice or more, one of those a host's word and one a
 * journalist's. A letterhead's "PRIME MINISTER", a release's or a
 * report's headings ("NSW", "QLD", "PRIME MINISTER" over its sections)
 * are not one. */
static bool labels_alone_converse(const detector *t)
{
	if (is_release_type(t->r->release_type))
		return false;
	key_tally k;
	k.n = 0;
	size_t lines = 0;
	for (size_t s = 0; s < t->nshort; s++) {
		size_t i = t->short_lines[s];
		if (!alone_upper_line(t, i))
			continue;
		const pd_line *l = &t->d->lines[i];
		char key[KEY_MAX];
		pd_label_key(l->text, l->len, key, sizeof key);
		if (!key[0])
			continue;
		lines++;
		tally_add(&k, key);
	}
	bool host = false, asker = false;
	for (size_t q = 0; q < k.n; q++) {
		if (k.counts[q] < 2)
			continue;
		host |= pd_label_is_host_word(k.keys[q]);
		asker |= pd_label_is_journalist_word(k.keys[q]);
	}
	return lines >= 3 && tally_repeated(&k) >= 2 && host && asker;
}

/* A line that is nothing but a label — one seen elsewhere with a colon, a
 * role word ("PRIME MINISTER", "Question"), or a titled name ("Vice
 * President Bush"), or any label of a conversation written so
 * (labels_alone_converse) — standing between the end of one speech and the
 * start of the next: a label without a colon. */
static void find_colonless_labels(detector *t)
{
	const pd_doc *d = t->d;
	bool others = false;
	for (size_t j = 0; j < d->n && !others; j++)
		others = t->cands[j].accepted;
	size_t role_lines = 0;
	bool converse = labels_alone_converse(t);
	size_t alone[ALONE_KEYS], nalone = 0;   /* lines accepted here, to compare spellings */
	size_t twice[ALONE_KEYS], ntwice = 0;   /* keys seen twice with a colon */
	for (size_t q = 0; q < t->nkeys && ntwice < ALONE_KEYS; q++)
		if (t->keys[q].count >= 2)
			twice[ntwice++] = q;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 0; s < t->nshort && t->short_lines[s] + 1 < d->n; s++) {
			size_t i = t->short_lines[s];
			const pd_line *l = &d->lines[i];
			cand *c = &t->cands[i];
			if (c->m.shape != LABEL_NONE)
				continue;
			if (line_letters(t, i) < 2)
				continue;
			/* the tests below that need no key first: the key
			 * (pd_label_key) of every short line, twice, was 4 %
			 * of the parser */
			bool upper = line_lower(t, i) == 0 || (l->flags & PD_LINE_BOLD);
			bool between = i == 0 || (l->flags & PD_LINE_PARA) || ends_sentence(&d->lines[i - 1]);
			if (!upper && (!between || (pass == 1 && role_lines == 0) ||
				       !is_title_case(l->text, l->len)))
				continue;
			if (t->cands[i + 1].accepted || line_lower(t, i + 1) < 2)
				continue;
			char key[KEY_MAX];
			pd_label_key(l->text, l->len, key, sizeof key);
			key_count *k = find_key(t, key);
			bool role = pd_label_is_journalist_word(key) || pd_label_is_host_word(key);
			bool seen = k && k->count > 0;
			/* OCR's spelling of a label seen twice with a colon, or
			 * accepted alone on its line above ("Prime.. Ainister") */
			const char *near = NULL;
			size_t near_line = 0;
			if (!seen && !upper && strlen(key) >= 6) {
				for (size_t q = 0; q < ntwice && !near; q++)
					if (one_edit_apart(key, t->keys[twice[q]].key))
						near = t->keys[twice[q]].key;
				for (size_t q = 0; q < nalone && !near; q++)
					if (strcmp(key, t->cands[alone[q]].key) != 0 &&
					    one_edit_apart(key, t->cands[alone[q]].key)) {
						near = t->cands[alone[q]].key;
						near_line = alone[q] + 1;
					}
				role |= near != NULL;
			}
			/* the next line must be speech: prose with lower-case letters */
			/* speech must follow: prose, or a short answer ("From
			 * July.") after a label this document already used so */
			bool conversing = converse && alone_upper_line(t, i);
			bool used = false;
			for (size_t q = 0; q < nalone && !used; q++)   /* above: not a letterhead */
				used = alone[q] < i && strcmp(t->cands[alone[q]].key, key) == 0;
			size_t need = conversing || used ? 2 : 8;
			if (line_lower(t, i + 1) < need || t->cands[i + 1].accepted)
				continue;
			bool ok;
			if (upper)
				ok = seen || (role && others) || conversing;
			else
				ok = between && is_title_case(l->text, l->len) &&
				     (pass == 0 ? role : (role_lines > 0 && has_title_word(key)));
			if (!ok)
				continue;
			if (pass == 0 && !upper)
				role_lines++;
			c->m.shape = LABEL_UPPER;
			c->m.start = 0;
			c->m.len = l->len;
			c->m.rest = l->len;
			c->m.alone = true;
			c->accepted = true;
			t->acc_listed = false;
			c->colonless = true;
			/* the speaker as the document spells it elsewhere */
			if (near)
				c->spelled_at = (uint32_t)(near_line ? near_line : spelled_line(t, near));
			set_key(t, c, near ? near : key);
			bool known = near != NULL;
			for (size_t q = 0; q < nalone && !known; q++)
				known = strcmp(t->cands[alone[q]].key, key) == 0;
			if (!known && nalone < ALONE_KEYS)
				alone[nalone++] = i;
		}
	}
}

/* --- names alone on their lines ------------------------------------------ */

/* Recordings' transcripts (WHO's, Otter's and Zoom's exports) put the
 * speaker's name alone on a line above the speech, often with a time code
 * before it or after it ("00:01:20" then "Dr Tedros Adhanom Ghebreyesus";
 * "Christian Lindmeier  0:05"), in mixed case and with no colon. */
#define NAME_LINE_MAX 60

/* Bytes of a time code ending s[0 .. n) (" 0:05", "  01:02:03") with the
 * spaces before it; 0 when none. */
static size_t trailing_time_len(const char *s, size_t n)
{
	size_t i = n, digits = 0, colons = 0;
	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == ':')) {
		digits += s[i - 1] != ':';
		colons += s[i - 1] == ':';
		i--;
	}
	if (colons < 1 || colons > 2 || digits < 3 || i == 0 || s[i - 1] != ' ' || s[i] == ':')
		return 0;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return n - i;
}

/* Whether line l may be a name line, by its length and its first and
 * last bytes: a name (or a time code) opens it, a letter or a digit ends
 * it (most short lines are wrapped speech: "and the"). Inline: it is
 * asked of every line, and its call was 0.14 M instructions on the
 * first 500 dev files. */
static inline bool name_line_may_be(const pd_line *l)
{
	if (l->len < 3 || l->len > NAME_LINE_MAX || (l->flags & PD_LINE_QUOTE))
		return false;
	unsigned char a0 = (unsigned char)l->text[0], z = (unsigned char)l->text[l->len - 1];
	return ((a0 >= 'A' && a0 <= 'Z') || (a0 >= '0' && a0 <= '9') || a0 == '[' || a0 == '(' ||
		a0 >= 0xC0) &&
	       ((z >= 'a' && z <= 'z') || (z >= 'A' && z <= 'Z') || (z >= '0' && z <= '9') || z == '.' ||
		z >= 0x80);
}

/* The name a name line holds (*from, *len within the line), or false:
 * two to five capitalised words in mixed case, a title or initials among
 * them ("Dr Tedros Adhanom Ghebreyesus", "Maria Van Kerkhove"). Line l
 * passed name_line_may_be. */
static bool name_line(const pd_line *l, size_t *from, size_t *len)
{
	size_t a = time_stamp_len(l->text, l->len);
	size_t b = l->len - trailing_time_len(l->text, l->len);
	if (a >= b)
		return false;
	const char *s = l->text + a;
	size_t n = b - a, words = 0, lower = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e == i)
			break;
		words++;
		bool cap = (s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] >= 0xC0;
		if (!cap && !pd_label_is_particle(s + i, e - i))
			return false;
		for (size_t k = i; k < e; k++) {
			char c = s[k];
			lower += c >= 'a' && c <= 'z';
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
			      c == '\'' || (unsigned char)c >= 0x80))
				return false;
		}
		i = e;
	}
	if (words < 2 || words > 5 || !lower)
		return false;
	*from = a;
	*len = n;
	return true;
}

/* Words of s[0 .. n) that start in lower case: speech has some ("Will
 * fares go up?"), a list's next entry ("New South Wales", "Economic
 * Committee") none. */
static size_t lower_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t i = 0; i < n; i++)
		words += (i == 0 || s[i - 1] == ' ') && s[i] >= 'a' && s[i] <= 'z';
	return words;
}

/* Line i stands where a speaker's name would: a paragraph's start after
 * the speech before, or under a time code's line. */
static bool name_line_placed(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	if (i + 1 >= d->n || t->cands[i].m.shape != LABEL_NONE || t->cands[i + 1].accepted)
		return false;
	return i == 0 || (d->lines[i].flags & PD_LINE_PARA) ||
	       pd_line_is_clock_time(d->lines[i - 1].text, d->lines[i - 1].len);
}

/* Line i, which passed name_line_may_be, is a name line (*from, *len:
 * the name), with speech after it. Its place is asked before its words
 * and the next line's words (loops over bytes, a branch a byte): most
 * short lines of a document with no label that open with a capital
 * stand inside a paragraph (with the place asked last, the name line
 * tests were 1.6 M instructions on the first 500 dev files, 0.6 M now). */
static bool name_line_at(const detector *t, size_t i, size_t *from, size_t *len)
{
	const pd_line *l = &t->d->lines[i];
	if (!name_line_placed(t, i) || !name_line(l, from, len))
		return false;
	const pd_line *next = l + 1;
	return lower_words(next->text, next->len) >= 2;
}

/* In a text with no other label, names alone on their lines are the
 * speakers' labels when two names or more stand so twice or more (a
 * conversation, not a heading or a signature); then every name line is
 * one, also a name that speaks once. */
static void find_name_lines(detector *t)
{
	const pd_doc *d = t->d;
	for (size_t i = 0; i < d->n; i++)
		if (t->cands[i].accepted)
			return;
	key_tally k;
	k.n = 0;
	for (size_t i = 0; i < d->n; i++) {
		size_t from, len;
		if (!name_line_may_be(&d->lines[i]) || !name_line_at(t, i, &from, &len))
			continue;
		char key[KEY_MAX];
		pd_label_key(d->lines[i].text + from, len, key, sizeof key);
		tally_add(&k, key);
	}
	if (tally_repeated(&k) < 2)
		return;
	for (size_t i = 0; i < d->n; i++) {
		size_t from, len;
		if (!name_line_may_be(&d->lines[i]) || !name_line_at(t, i, &from, &len))
			continue;
		cand *c = &t->cands[i];
		c->m.shape = LABEL_MIXED;
		c->m.start = from;
		c->m.len = len;
		c->m.rest = d->lines[i].len;
		c->m.alone = true;
		c->accepted = true;
		t->acc_listed = false;
		c->colonless = true;
		set_label_key(t, c, d->lines[i].text + from, len);
	}
}

/* --- questions in bold ---------------------------------------------------- */

static bool starts_cjk(const char *s, size_t n);

/* Interviews that newspapers and ministries publish set the questions in
 * bold and the answers in plain text, with no labels at all ("**Minister,
 * what did you achieve?**" then "We agreed on ..."). */
#define BOLD_QUESTIONS_MIN 2

/* Line i is a question set in bold: wholly bold, no heading, ending with
 * a question mark (or a quotation mark after one). */
static bool bold_question(const pd_line *l)
{
	if (!(l->flags & PD_LINE_BOLD) || (l->flags & PD_LINE_HEADING) || l->len < 8)
		return false;
	size_t n = l->len;
	while (n > 0 && (l->text[n - 1] == '"' || l->text[n - 1] == '\'' || l->text[n - 1] == ' '))
		n--;
	return (n > 0 && l->text[n - 1] == '?') ||
	       (n >= 3 && memcmp(l->text + n - 3, "\xEF\xBC\x9F", 3) == 0);   /* ？ */
}

/* Plain speech follows a bold question on line i + 1: not bold, and
 * words in lower case or Chinese. */
static bool plain_speech_after(const pd_doc *d, size_t i)
{
	if (i + 1 >= d->n || (d->lines[i + 1].flags & PD_LINE_BOLD))
		return false;
	const pd_line *l = &d->lines[i + 1];
	return count_lower(l->text, l->len) >= 2 || starts_cjk(l->text, l->len);
}

/* In a text with no label, bold questions each followed by plain speech
 * (BOLD_QUESTIONS_MIN or more, and most of the bold lines after the
 * first) are the questions, and what follows each the answer: marked in
 * cand.voice for build_turns. */
/* Line i starts a turn without a label (cand.voice, cand.asks): counted
 * once per line for build_turns' reservation. */
static void mark_turn_start(detector *t, size_t i, unsigned char voice, bool asks)
{
	cand *c = &t->cands[i];
	t->nturn_starts += !c->voice && !c->asks;
	c->voice = voice ? voice : c->voice;
	c->asks |= asks;
}

/* Whether some line is accepted or marked as starting a turn so far: the
 * rules for texts with no label ask it first (they read the lines up to
 * the first label before they gave up: 0.3 % of the parser's
 * instructions). */
static bool any_label_yet(detector *t)
{
	size_t nacc;
	accepted_lines(t, &nacc);
	return nacc || t->nturn_starts;
}

static void find_bold_questions(detector *t)
{
	const pd_doc *d = t->d;
	size_t questions = 0, bold = 0;
	if (any_label_yet(t))
		return;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		if (questions && (l->flags & PD_LINE_BOLD) && !(l->flags & PD_LINE_HEADING))
			bold++;
		if (bold_question(l) && plain_speech_after(d, i))
			questions++;
	}
	if (questions < BOLD_QUESTIONS_MIN || questions * 2 < bold)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (!bold_question(&d->lines[i]))
			continue;
		/* the question's first bold line, its answer's first plain one */
		size_t q = i;
		while (q > 0 && (d->lines[q - 1].flags & PD_LINE_BOLD) &&
		       !(d->lines[q - 1].flags & PD_LINE_HEADING) && !t->cands[q - 1].voice &&
		       !(d->lines[q].flags & PD_LINE_PARA))
			q--;
		if (plain_speech_after(d, i)) {
			mark_turn_start(t, q, 1, false);
			mark_turn_start(t, i + 1, 2, false);
		}
	}
}

/* --- labels before a dash ---------------------------------------------- */

/* Some transcripts, Spanish and French ministries' among them, set the
 * speaker before a dash instead of a colon ("MINISTER GARCIA — Good
 * morning.", "JOURNALIST (El País) – Minister, will ..."). */
#define DASH_LABEL_BYTES 80
#define DASH_LINES_MIN 3

/* Where the dash after a label on line l is ("X — ", "X – "), its bytes in
 * *dash_len; 0 when there is none near the start. */
static size_t label_dash_at(const pd_line *l, size_t *dash_len)
{
	size_t limit = l->len < DASH_LABEL_BYTES ? l->len : DASH_LABEL_BYTES;
	const char *dash = memchr(l->text, '\xE2', limit);   /* most lines have none */
	size_t from = dash && dash > l->text ? (size_t)(dash - l->text) - 1 : limit;
	for (size_t i = from; i + 4 < limit; i++) {
		if (l->text[i] != ' ' || memcmp(l->text + i + 1, "\xE2\x80", 2) != 0 ||
		    (l->text[i + 3] != '\x93' && l->text[i + 3] != '\x94') || l->text[i + 4] != ' ')
			continue;
		*dash_len = 5;   /* " — " */
		return i;
	}
	return 0;
}

/* Line l read as "label: speech" with its dash for the colon: the label's
 * match (offsets in l) and key, or false. */
static bool dash_label(const pd_line *l, label_match *m, char key[KEY_MAX])
{
	size_t dash_len, at = label_dash_at(l, &dash_len);
	if (!at)
		return false;
	char tmp[DASH_LABEL_BYTES + 8];
	memcpy(tmp, l->text, at);
	memcpy(tmp + at, ": x", 4);
	if (!pd_label_at_start_key(tmp, at + 3, false, m, key) ||
	    (m->shape != LABEL_UPPER && m->shape != LABEL_MIXED) || m->start != 0)
		return false;
	/* in mixed case a name, two words or more: "Friends — tonight I ..."
	 * opens a sentence */
	if (m->shape == LABEL_MIXED && count_words(l->text, m->len) < 2)
		return false;
	size_t rest = at + dash_len;
	while (rest < l->len && l->text[rest] == ' ')
		rest++;
	m->rest = rest;
	return rest < l->len;
}

/* In a text with no other label, dash labels are speakers where three
 * lines or more open so and one of their labels does it twice. */
static void find_dash_labels(detector *t)
{
	const pd_doc *d = t->d;
	size_t lines = 0, repeated = 0, others = 0;
	char first_key[KEY_MAX] = "";
	if (any_label_yet(t))
		return;
	for (size_t i = 0; i < d->n; i++) {
		label_match m;
		char key[KEY_MAX];
		if (!(d->lines[i].flags & PD_LINE_PARA) || !dash_label(&d->lines[i], &m, key))
			continue;
		lines++;
		if (!first_key[0])
			pd_str_copy(first_key, sizeof first_key, key);
		else if (strcmp(first_key, key) == 0)
			repeated++;
		else
			others++;
	}
	/* a conversation: someone speaks twice, someone else too */
	if (lines < DASH_LINES_MIN || !repeated || !others)
		return;
	for (size_t i = 0; i < d->n; i++) {
		cand *c = &t->cands[i];
		label_match m;
		char key[KEY_MAX];
		if (!(d->lines[i].flags & PD_LINE_PARA) || !dash_label(&d->lines[i], &m, key))
			continue;
		c->m = m;
		c->accepted = true;
		t->acc_listed = false;
		set_key(t, c, key);
	}
}

/* --- labels without colons in upper-case typescripts -------------------- */

/* Telegrams and some typescripts are typed wholly in capitals and write a
 * speaker as a titled name and the speech on the same line, with no colon
 * ("MR WHITLAM NO, THEY WILL BE AUSTRALIANS ..."), and OCR garbles the
 * question marker ("Qo", "Q,", "Q-"). Case tells nothing there, so a titled
 * name counts only when it opens a paragraph or a sentence at least twice
 * (or is one letter away from one that does: OCR's "MR MIRK"). */

static bool journalist_key(const char *key)
{
	return pd_label_is_journalist_word(key) || strcmp(key, "Q") == 0;
}

/* journalist_key of line i's key, looked up once. */
static bool line_journalist(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	if (!c->journalist)
		c->journalist = journalist_key(c->key) ? 2 : 1;
	return c->journalist == 2;
}

#define TITLED_MAX 16

typedef struct titled_key {
	char key[KEY_MAX];
	size_t count;
	bool accepted;
} titled_key;

static bool upper_case_document(const detector *t)
{
	const pd_doc *d = t->d;
	/* `left`, the bytes of the lines not yet counted, bounds the letters
	 * still to come: once the lower-case letters seen are too many for
	 * any rest to make up, the answer is no (prose says so within its
	 * first tenth; every line of every document was counted before) */
	size_t left = 0;
	for (size_t i = 0; i < d->n; i++)
		left += d->lines[i].len;
	size_t letters = 0, lower = 0;
	for (size_t i = 0; i < d->n; i++) {
		/* through the lines' counts: the later rules ask them again */
		letters += line_letters(t, i);
		lower += line_lower(t, i);
		left -= d->lines[i].len;
		if (lower * 20 >= letters + left)
			return false;
	}
	return letters >= 400 && lower * 20 < letters;
}

static size_t upper_word_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
		i++;
	return i;
}

static bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (strlen(list[k]) == n && memcmp(w, list[k], n) == 0)
			return true;
	return false;
}

/* word_in for a word in any case against an upper-case list. */
static bool word_in_any_case(const char *w, size_t n, const char *const *list, size_t count)
{
	char up[16];
	if (n == 0 || n >= sizeof up)
		return false;
	for (size_t k = 0; k < n; k++)
		up[k] = (w[k] >= 'a' && w[k] <= 'z') ? (char)(w[k] - 32) : w[k];
	return word_in(up, n, list, count);
}

/* "MR PRIME MINISTER, ...", "MR SPEAKER": an address, not a name. */
static bool is_office_word(const char *w, size_t n)
{
	static const char *const offices[] = {
		"PRIME", "PRESIDENT", "SPEAKER", "CHAIRMAN", "DEPUTY", "PREMIER", "MAYOR",
		"VICE", "ACTING", "CHIEF", "LORD", "JUSTICE", "ACTING", "CHAIR", "MINISTER",
	};
	return word_in(w, n, offices, sizeof offices / sizeof *offices);
}

/* "MR PEACOCK SAID ...", "MR FRASER HAS ...": a sentence about someone. */
static bool reads_as_reported_verb(const char *s, size_t n)
{
	static const char *const verbs[] = {
		"SAID", "SAYS", "SAY", "HAS", "HAD", "HAVE", "IS", "WAS", "WERE", "ARE", "WILL",
		"WOULD", "SHOULD", "COULD", "CAN", "MAY", "MIGHT", "MUST", "DID", "DOES", "AND",
		"OF", "TOLD", "STATED", "ANNOUNCED", "SAW", "WENT", "MADE", "ALSO", "THEN",
		"HIMSELF", "HERSELF", "WHO", "TO", "IN", "ON", "AT", "FOR", "WITH",
	};
	size_t wl = upper_word_len(s, n);
	return wl && word_in(s, wl, verbs, sizeof verbs / sizeof *verbs);
}

/* "MR KIRK SPEECH...": a title, one surname and speech after a space (not a
 * comma: "MR KIRK, COULD YOU" addresses him). Sets the label's length and
 * where the speech starts. */
static bool titled_name_at(const char *s, size_t n, size_t *label_len, size_t *rest)
{
	static const char *const titles[] = { "MR", "MRS", "MS", "DR", "SIR", "SENATOR" };
	size_t tl = upper_word_len(s, n), i;
	bool titled = false;
	for (size_t k = 0; k < sizeof titles / sizeof *titles && !titled; k++)
		titled = tl == strlen(titles[k]) && memcmp(s, titles[k], tl) == 0;
	if (!titled)
		return false;
	i = tl;
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || s[i] != ' ')
		return false;
	i++;
	size_t wl = upper_word_len(s + i, n - i);
	if (wl < 2 || i + wl >= n || s[i + wl] != ' ' || is_office_word(s + i, wl))
		return false;
	*label_len = i + wl;
	i += wl;
	while (i < n && s[i] == ' ')
		i++;
	if (count_letters(s + i, n - i) < 2 || reads_as_reported_verb(s + i, n - i))
		return false;
	*rest = i;
	return true;
}

/* "Q.", "Q,", "Qo", "Q*", "Q-", "Q9-" followed by the question. */
static bool garbled_q_at(const char *s, size_t n, size_t *rest)
{
	static const char junk[] = ".,*:;-oe09";
	if (n < 4 || s[0] != 'Q' || !memchr(junk, s[1], sizeof junk - 1))
		return false;
	size_t i = 2;
	/* then a space; after '-' the question may follow at once; OCR may
	 * add a second mark ("Q9-WHAT", "Q., WHAT") */
	if (s[1] != '-' && s[2] != ' ') {
		if (s[2] == '-')
			i = 3;
		else if (memchr(junk, s[2], sizeof junk - 1) && s[3] == ' ')
			i = 3;
		else
			return false;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (count_letters(s + i, n - i) < 2)
		return false;
	*rest = i;
	return true;
}

static bool opens_sentence(const pd_doc *d, size_t i)
{
	return i == 0 || (d->lines[i].flags & PD_LINE_PARA) || ends_sentence(&d->lines[i - 1]);
}

/* One edit (substitution, insertion, deletion) apart: OCR's "MR MIRK". */
static bool one_edit_apart(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb)
		return one_edit_apart(b, a);
	if (lb - la > 1)
		return false;
	size_t i = 0;
	while (i < la && a[i] == b[i])
		i++;
	if (la == lb)
		return strcmp(a + i + (i < la), b + i + (i < lb)) == 0;
	return strcmp(a + i, b + i + 1) == 0;
}

static titled_key *titled_find(titled_key *keys, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static void accept_line_label(detector *t, size_t i, label_shape shape, size_t len, size_t rest,
			      const char *key)
{
	cand *c = &t->cands[i];
	memset(&c->m, 0, sizeof c->m);
	c->m.shape = shape;
	c->m.len = len;
	c->m.rest = rest;
	c->m.role_word = shape == LABEL_QA;
	c->accepted = true;
	t->acc_listed = false;
	set_key(t, c, key);
	count_key(t, key)->count++;
	t->has_upper = true;
}

static void find_upper_text_labels(detector *t)
{
	const pd_doc *d = t->d;
	if (t->cjk_doc || !(t->upper_doc = upper_case_document(t)))
		return;
	titled_key keys[TITLED_MAX];
	size_t nkeys = 0, qs = 0;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		size_t len, rest;
		if (t->cands[i].accepted && line_journalist(t, i))
			qs++;
		if (!opens_sentence(d, i) || !titled_name_at(l->text, l->len, &len, &rest))
			continue;
		char key[KEY_MAX];
		pd_label_key(l->text, len, key, sizeof key);
		titled_key *k = titled_find(keys, nkeys, key);
		if (!k && nkeys < TITLED_MAX) {
			k = &keys[nkeys++];
			memset(k, 0, sizeof *k);
			pd_str_copy(k->key, sizeof k->key, key);
		}
		if (k)
			k->count++;
	}
	/* only in a dialogue: questions are labelled somewhere */
	size_t accepted = 0;
	for (size_t i = 0; i < nkeys; i++)
		if ((keys[i].accepted = keys[i].count >= 2))
			accepted++;
	if (accepted == 0 || qs < 2)
		return;
	for (size_t i = 0; i < nkeys; i++)
		for (size_t j = 0; j < nkeys && !keys[i].accepted; j++)
			if (keys[j].count >= 2 && strlen(keys[i].key) >= 6 &&
			    one_edit_apart(keys[i].key, keys[j].key))
				keys[i].accepted = true;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		cand *c = &t->cands[i];
		size_t len, rest;
		char key[KEY_MAX];
		if (c->accepted && c->m.shape != LABEL_UPPER)
			continue;
		if (opens_sentence(d, i) && titled_name_at(l->text, l->len, &len, &rest)) {
			pd_label_key(l->text, len, key, sizeof key);
			titled_key *k = titled_find(keys, nkeys, key);
			/* an accepted colon label that is this name and then speech
			 * ("MR WHITLAM IF THEY ARE ... CITIZi:") is cut back to it */
			if (k && k->accepted && (!c->accepted || c->m.len > len))
				accept_line_label(t, i, LABEL_UPPER, len, rest, key);
		} else if (!c->accepted && qs >= 2 && opens_sentence(d, i) &&
			   garbled_q_at(l->text, l->len, &rest)) {
			accept_line_label(t, i, LABEL_QA, 1, rest, "Q");
		}
	}
}

/* --- the host's "PM." and OCR-garbled labels ------------------------------ */

static const char *host_label(detector *t, size_t *len);

/* Transcripts of the 1960s label questions "Q." and answers "PM." (also
 * "P.M." and "P. M.") or "A.", a period where others put a colon. Where questions
 * are labelled "Q." at least twice, such a line start followed by a
 * capital is the host's label; *len gets the label without its period,
 * *rest where the speech starts. */
static bool period_host_label_at(const char *s, size_t n, size_t *len, size_t *rest)
{
	size_t i;
	if (n >= 4 && s[0] == 'P' && s[1] == 'M' && s[2] == '.')
		i = 3, *len = 2;
	else if (n >= 5 && s[0] == 'P' && s[1] == '.' && s[2] == 'M' && s[3] == '.')
		i = 4, *len = 3;
	else if (n >= 6 && s[0] == 'P' && s[1] == '.' && s[2] == ' ' && s[3] == 'M' && s[4] == '.')
		i = 5, *len = 4;
	else
		return false;
	if (i >= n || s[i] != ' ')
		return false;
	while (i < n && s[i] == ' ')
		i++;
	*rest = i;
	return i < n && s[i] >= 'A' && s[i] <= 'Z';
}

/* And the answers "A." where the questions are "Q." (labels.c leaves "A."
 * alone: elsewhere it is an initial, "A. B. Smith"); OCR may make it "A,". */
static bool answer_marker_at(const char *s, size_t n, size_t *rest)
{
	if (n < 4 || s[0] != 'A' || (s[1] != '.' && s[1] != ',') || s[2] != ' ')
		return false;
	size_t i = 2;
	while (i < n && s[i] == ' ')
		i++;
	/* an initial is followed by another initial or a surname alone */
	if (i + 1 < n && s[i + 1] == '.')
		return false;
	*rest = i;
	return i < n && s[i] >= 'A' && s[i] <= 'Z';
}

/* Others write the host's label bare, with neither colon nor period
 * ("PM Yes, I do.", "MR. HOLT Well, I wasn't ..."): "PM", "PRIME
 * MINISTER" or "MR" and the host's surname, then a capital. */
static bool bare_host_label_at(const detector *t, const char *s, size_t n, size_t *len, size_t *rest)
{
	size_t i = 0;
	if (n > 3 && memcmp(s, "PM ", 3) == 0) {
		i = 2;
	} else if (n > 15 && memcmp(s, "PRIME MINISTER ", 15) == 0) {
		i = 14;
	} else if (t->host_surname[0] && n > 3 && s[0] == 'M' && s[1] == 'R') {
		size_t j = s[2] == '.' ? 3 : 2, sl = strlen(t->host_surname);
		if (j < n && s[j] == ' ')
			j++;
		if (j + sl < n && memcmp(s + j, t->host_surname, sl) == 0 && s[j + sl] == ' ')
			i = j + sl;
	}
	if (!i)
		return false;
	*len = i;
	while (i < n && s[i] == ' ')
		i++;
	*rest = i;
	return i < n && s[i] >= 'A' && s[i] <= 'Z';
}

#define BARE_HOST_MIN 3

static void find_period_host_labels(detector *t)
{
	const pd_doc *d = t->d;
	size_t qs = 0, bare = 0, len, rest, nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		const cand *c = &t->cands[acc[s]];
		qs += c->m.shape == LABEL_QA && strcmp(c->key, "Q") == 0 && !c->m.colon;
	}
	if (t->cjk_doc)
		return;
	/* the bare form counts only where questions are labelled somehow and
	 * the host's answers nowhere ("PM Press Conference" may be a page
	 * header in a transcript whose answers say "PRIME MINISTER:") */
	size_t asked = 0, host_len;
	bool host_labelled = host_label(t, &host_len) != NULL;
	/* bare labels are counted, and lines looked at, only where they may
	 * count (opens_sentence of every line, twice, was 0.5 % of the parser;
	 * in every document without two questions' labels, 0.4 %) */
	for (size_t s = 0; s < nacc && !host_labelled; s++)
		asked += line_journalist(t, acc[s]);
	for (size_t i = 0; i < d->n && asked >= 2; i++)
		bare += !t->cands[i].accepted && opens_sentence(d, i) &&
			bare_host_label_at(t, d->lines[i].text, d->lines[i].len, &len, &rest);
	bool bare_counts = asked >= 2 && bare >= BARE_HOST_MIN && !host_labelled;
	if (qs < 2 && !bare_counts)
		return;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		if (t->cands[i].accepted || !opens_sentence(d, i))
			continue;
		char key[KEY_MAX];
		if (qs >= 2 && period_host_label_at(l->text, l->len, &len, &rest)) {
			accept_line_label(t, i, LABEL_UPPER, len, rest, "PM");
		} else if (qs >= 2 && answer_marker_at(l->text, l->len, &rest)) {
			accept_line_label(t, i, LABEL_QA, 1, rest, "A");
		} else if (bare_counts && bare_host_label_at(t, l->text, l->len, &len, &rest)) {
			pd_label_key(l->text, len, key, sizeof key);
			accept_line_label(t, i, LABEL_UPPER, len, rest, key);
		}
	}
}

/* Web transcripts mark labels in bold and sometimes drop the colon
 * ("<strong>Journalist</strong> And you give it to them?" between
 * "<strong>PM:</strong>" answers): a line that opens with a bold run of
 * one to four words, then speech, where the run is a label the document
 * accepts elsewhere or a role word, is that label. */

/* Question and answer marks written in brackets ("【问】请问……", "【答】今年
 *以来……", "[答]"). */
static bool bracketed_qa_mark(const char *key)
{
	static const char *const marks[] = {
		"问", "問", "答", "提问", "提問", "回答", "Q", "A",
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		if (strcmp(key, marks[k]) == 0)
			return true;
	return false;
}

/* Chinese stage directions written in brackets alone on a line, never a
 * speaker however often they stand ("【掌声】", "【同期声】"). */
static bool bracketed_stage_word(const char *key)
{
	static const char *const words[] = {
		"掌声", "掌聲", "笑声", "笑聲", "音乐", "音樂", "字幕", "画外音", "畫外音",
		"同期声", "同期聲", "解说", "解說", "现场", "現場", "视频", "視頻", "图片",
		"圖片", "停顿", "停頓", "众笑", "眾笑", "鼓掌", "全场", "全場", "插话", "插話",
	};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strcmp(key, words[k]) == 0)
			return true;
	return false;
}

/* A bracket opening line l ("[寿小丽]", "【问】请问……"): the inner text's
 * offset and bytes, and where the text after it starts. */
#define BRACKET_LABEL_BYTES 130   /* an office in Chinese may run to 40 characters */
static bool bracket_at(const pd_line *l, size_t *inner_at, size_t *inner, size_t *rest)
{
	if (!opens_bracket(l))
		return false;
	size_t open = l->text[0] == '[' ? 1 : 3;
	const char *shut = open == 1 ? "]" : "】";
	size_t close = open == 1 ? 1 : 3, end = open;
	while (end + close <= l->len && end < BRACKET_LABEL_BYTES &&
	       memcmp(l->text + end, shut, close) != 0)
		end++;
	if (end + close > l->len || end >= BRACKET_LABEL_BYTES || end == open)
		return false;
	*inner_at = open;
	*inner = end - open;
	*rest = end + close;
	while (*rest < l->len && l->text[*rest] == ' ')
		(*rest)++;
	return true;
}

/* A bracket's Chinese text that reads as a speaker: an office and a name
 * or an office ("国务院新闻办公室新闻局局长 陈文俊", "中央电视台记者"), or a
 * name of two to four characters; no stage direction. (In English
 * brackets alone are stage directions too many to list: "[PHONE LINE
 * DROPS OUT]"; there only a label the text uses with a colon counts.) */
static bool bracket_speaker_like(const char *s, size_t n, const char *key)
{
	if (bracketed_stage_word(key) || !starts_cjk(s, n))
		return false;
	size_t chars = pd_utf8_count(s, n);
	return pd_label_cjk_name_at(s, n) || pd_label_cjk_office(s, n) || (chars >= 2 && chars <= 4);
}

/* A speaker's label in brackets opening a line ("[寿小丽]" alone over the
 * speech, "【王令浚】", "[MODERATOR]"), where the same label speaks
 * elsewhere with a colon, or where brackets alone label a conversation
 * (two speakers or more, one of them twice), or a question or answer mark
 * in brackets with the speech after it ("【问】请问……"): a label. A bracket
 * holding anything else is a stage direction ("[Applause]", "【掌声】")
 * and stays so. */
static void find_bracketed_labels(detector *t)
{
	const pd_doc *d = t->d;
	/* most documents have no line a bracket opens: both passes asked
	 * bracket_at of every line (1.5 % of the parser) */
	if (!t->any_bracket)
		return;
	/* brackets alone that read as speakers: a conversation? */
	key_tally seen;
	seen.n = 0;
	for (size_t i = 0; i + 1 < d->n; i++) {
		const pd_line *l = &d->lines[i];
		size_t at, inner, rest;
		if (!t->cands[i].opens_bracket || t->cands[i].accepted || !bracket_at(l, &at, &inner, &rest) ||
		    rest < l->len)
			continue;
		char key[KEY_MAX];
		pd_label_key(l->text + at, inner, key, sizeof key);
		if (!key[0] || !bracket_speaker_like(l->text + at, inner, key))
			continue;
		/* "【海关总署副署长 王令浚】" then "【王令浚】": one speaker, twice */
		size_t name_at = pd_label_cjk_name_at(l->text + at, inner);
		if (name_at)
			pd_label_key(l->text + at + name_at, inner - name_at, key, sizeof key);
		tally_add(&seen, key);
	}
	bool converse = seen.n >= 2 && tally_repeated(&seen) >= 1;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		cand *c = &t->cands[i];
		size_t at, inner, rest;
		if (!c->opens_bracket || c->accepted || !bracket_at(l, &at, &inner, &rest))
			continue;
		bool alone = rest == l->len;
		if (alone && (i + 1 >= d->n || t->cands[i + 1].accepted))
			continue;
		char key[KEY_MAX];
		pd_label_key(l->text + at, inner, key, sizeof key);
		key_count *k = key[0] ? find_key(t, key) : NULL;
		if (!(k && k->accepted) && !bracketed_qa_mark(key) &&
		    !(converse && alone && bracket_speaker_like(l->text + at, inner, key)))
			continue;
		c->m.shape = starts_cjk(l->text + at, inner) ? LABEL_CJK : LABEL_UPPER;
		c->m.start = at;
		c->m.len = inner;
		c->m.rest = rest;
		c->m.alone = alone;
		c->accepted = true;
		t->acc_listed = false;
		c->colonless = true;
		set_key(t, c, key);
	}
}

#define BOLD_LABEL_MAX 40

static void find_bold_labels(detector *t)
{
	const pd_doc *d = t->d;
	if (t->cjk_doc || !t->any_bold_start)   /* most documents have no bold */
		return;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		const cand *c = &t->cands[i];
		if (c->accepted || !(l->flags & PD_LINE_BOLD_START) || (l->flags & PD_LINE_BOLD) ||
		    l->bold_len == 0 || l->bold_len >= l->len || l->bold_len > BOLD_LABEL_MAX)
			continue;
		pd_slice run = pd_slice_trim((pd_slice){ l->text, l->bold_len });
		if (!run.n || count_words(run.p, run.n) > 4 || !(run.p[0] >= 'A' && run.p[0] <= 'Z') ||
		    memchr(run.p, ':', run.n) || strchr(".,;?!", run.p[run.n - 1]))
			continue;
		size_t rest = l->bold_len;
		while (rest < l->len && l->text[rest] == ' ')
			rest++;
		if (rest >= l->len || !((l->text[rest] >= 'A' && l->text[rest] <= 'Z') || l->text[rest] == '"' ||
					l->text[rest] == '\''))
			continue;
		char key[KEY_MAX];
		pd_label_key(run.p, run.n, key, sizeof key);
		const key_count *k = find_key(t, key);
		if (!key[0] || pd_label_is_field(key) ||
		    !((k && k->accepted) || pd_label_is_journalist_word(key) || pd_label_is_host_word(key)))
			continue;
		accept_line_label(t, i, count_lower(run.p, run.n) ? LABEL_MIXED : LABEL_UPPER, run.n, rest, key);
		t->cands[i].m.colon = true;
	}
}

/* OCR garbles a label the document uses again and again: "PM4:", "P14:",
 * "PK;", "PMK Well", "JOURNALIST% Mr Hawke". A line that starts with an
 * upper-case word (digits standing for letters), a mark or none, and then
 * a capitalised word, where the word is one edit from a label accepted
 * GARBLED_MIN times (a run of digits counting as one letter), is that
 * label. Without a mark the line must open a sentence, and the label as
 * written needs a mark or a reply's first word after it ("PM I have not",
 * but "PM Hawke said" is speech); "0:" is "Q:". Not in documents typed in
 * capitals, where every word looks so. */

#define GARBLED_MIN 3

static bool answer_word(const char *w, size_t n);

/* opens_sentence, looking past page numbers and banners before line i */
static bool opens_sentence_past_pages(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	size_t j = i;
	while (j > 0 && !(d->lines[j].flags & PD_LINE_PARA) &&
	       (pd_line_is_page_marker(d->lines[j - 1].text, d->lines[j - 1].len) ||
		pd_line_is_banner(d->lines[j - 1].text, d->lines[j - 1].len)))
		j--;
	return opens_sentence(d, j);
}

/* Whether OCR could have made `word` (upper case and digits) of `key`:
 * a run of digits stands for one letter; then at most one edit, and for
 * a short key the first letter kept. */
static bool garbled_of(const char *word, const char *key)
{
	char w[KEY_MAX];
	size_t o = 0;
	for (size_t i = 0; word[i] && o + 1 < sizeof w; i++) {
		if (word[i] >= '0' && word[i] <= '9') {
			if (i == 0 || !(word[i - 1] >= '0' && word[i - 1] <= '9'))
				w[o++] = '?';
			continue;
		}
		w[o++] = word[i];
	}
	w[o] = '\0';
	size_t lw = o, lk = strlen(key);
	if (lk < 2 || w[0] != key[0] || (lw > lk ? lw - lk : lk - lw) > 1)
		return false;
	/* count mismatches, a '?' matching any letter */
	if (lw == lk) {
		size_t diff = 0;
		for (size_t i = 0; i < lw; i++)
			diff += w[i] != key[i] && w[i] != '?';
		return diff <= 1;
	}
	/* one letter more or less: the rest must line up */
	const char *lng = lw > lk ? w : key, *sht = lw > lk ? key : w;
	size_t i = 0;
	while (sht[i] && (sht[i] == lng[i] || sht[i] == '?' || lng[i] == '?'))
		i++;
	for (; sht[i]; i++)
		if (sht[i] != lng[i + 1] && sht[i] != '?' && lng[i + 1] != '?')
			return false;
	return true;
}

#define GARBLED_KEYS 32

/* Upper-case words of one to three letters that open sentences of prose. */
static bool prose_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"A", "I", "O", "AN", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IF", "IN", "IS",
		"IT", "ME", "MY", "NO", "OF", "OH", "OK", "ON", "OR", "SO", "TO", "UP", "US",
		"WE", "ALL", "AND", "ANY", "ARE", "BUT", "CAN", "DID", "FOR", "HAS", "HER",
		"HIS", "HOW", "ITS", "MAY", "MR", "MRS", "MS", "DR", "NOT", "NOW", "OUR", "OUT",
		"SHE", "THE", "TOO", "TWO", "WAS", "WHO", "WHY", "YES", "YOU", "ONE", "SIR",
		"ST", "UK", "US", "UN", "EU", "ABC", "ALP", "USA",
	};
	return word_in(w, n, words, sizeof words / sizeof *words);
}

/* Whether line l's second byte is a small letter, as in most lines ("The
 * ..."): no label of two capitals or more opens it, nor "0:" or a bare
 * capital. find_garbled_labels and find_headless_labels leave such a
 * line before walking its first capitals (their walks over every line
 * were 0.9 M instructions on the first 500 dev files). */
static bool second_byte_small(const pd_line *l)
{
	return l->len > 1 && l->text[1] >= 'a' && l->text[1] <= 'z';
}

static void find_garbled_labels(detector *t)
{
	const pd_doc *d = t->d;
	if (t->upper_doc || t->cjk_doc)
		return;
	/* the labels OCR could have garbled: used GARBLED_MIN times (a few
	 * per document, so each line is compared with few) */
	size_t freq[GARBLED_KEYS], nfreq = 0;
	for (size_t k = 0; k < t->nkeys && nfreq < GARBLED_KEYS; k++)
		if (t->keys[k].count >= GARBLED_MIN && (t->keys[k].accepted || t->keys[k].role))
			freq[nfreq++] = k;
	if (!nfreq)
		return;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		const cand *c = &t->cands[i];
		if (c->accepted || (c->m.shape != LABEL_NONE && c->m.shape != LABEL_UPPER) ||
		    second_byte_small(l))
			continue;
		size_t w = 0;
		while (w < l->len && w < 16 && ((l->text[w] >= 'A' && l->text[w] <= 'Z') ||
						(l->text[w] >= '0' && l->text[w] <= '9')))
			w++;
		/* OCR's "0:" or "0." for "Q:" / "Q." (a question may go on
		 * in lower case after it: "0. just on this point, Sir. Is ...") */
		bool zero_q = w == 1 && l->text[0] == '0' && l->len > 3 &&
			      (l->text[1] == ':' || (l->text[1] == '.' && l->text[2] == ' '));
		/* a one-letter label only as itself, bare ("J But he said ...") */
		bool one = w == 1 && l->len > 3 && l->text[1] == ' ' && l->text[0] >= 'A' && l->text[0] <= 'Z';
		if (!zero_q && !one && (w < 2 || w >= l->len || w >= 16 || !(l->text[0] >= 'A' && l->text[0] <= 'Z')))
			continue;
		size_t r = w;
		while (r < l->len && l->text[r] == ' ')
			r++;
		size_t r0 = r;
		bool mark = r < l->len && strchr(":;,%'.-", l->text[r]) != NULL;
		if (mark)
			r++;
		/* inside a sentence only with a mark ("...future? I / PM4, I wouldn't") */
		bool opens = opens_sentence_past_pages(t, i);
		if (!mark && !opens)
			continue;
		while (r < l->len && (l->text[r] == ' ' || l->text[r] == '\''))
			r++;
		/* speech: a capital, then a lower-case letter or a space ("I ") */
		if (r + 1 >= l->len ||
		    !((l->text[r] >= 'A' && l->text[r] <= 'Z') || (zero_q && l->text[r] >= 'a' && l->text[r] <= 'z')) ||
		    !((l->text[r + 1] >= 'a' && l->text[r + 1] <= 'z') || l->text[r + 1] == ' ' ||
		      l->text[r + 1] == '\''))
			continue;
		char word[KEY_MAX];
		memcpy(word, l->text, w);
		word[w] = '\0';
		if (zero_q)
			word[0] = 'Q';
		/* the label as written, bare, before a reply's first word: "PM I have" */
		size_t nw = r;
		while (nw < l->len && (l->text[nw] | 32) >= 'a' && (l->text[nw] | 32) <= 'z')
			nw++;
		bool replies = opens && answer_word(l->text + r, nw - r);
		/* a short label that is no word of prose ("J", "PK", "JM"; not
		 * "PM", which prose names: "PM Hawke said") opens a turn bare
		 * before any capitalised word */
		bool abbrev = opens && !mark && w <= 3 && !prose_word(l->text, w) &&
			      !(w == 2 && l->text[0] == 'P' && l->text[1] == 'M');
		/* a label of its own elsewhere ("PA:") is not a misspelling */
		if (pd_label_is_field(word))
			continue;
		key_count *own = find_key(t, word);
		bool labelled = own && own->count > (size_t)(c->m.shape == LABEL_UPPER &&
							     strcmp(c->key, word) == 0);
		for (size_t f = 0; f < nfreq; f++) {
			key_count *kc = &t->keys[freq[f]];
			bool same = strcmp(word, kc->key) == 0;
			if (labelled && !same)
				continue;
			/* the label itself needs a mark after it ("JOURNALIST%"):
			 * "PM Hawke said" is speech */
			if (kc->count < GARBLED_MIN || !(kc->accepted || kc->role) ||
			    (same && !zero_q && !(mark ? strchr(":;.%'", l->text[r0]) && opens : replies || abbrev)) ||
			    (!same && (one || !garbled_of(word, kc->key))))
				continue;
			char key[KEY_MAX];
			pd_str_copy(key, sizeof key, kc->key);
			/* the speaker as the document spells it elsewhere */
			size_t right = spelled_line(t, key);
			accept_line_label(t, i, LABEL_UPPER, w, r, key);
			t->cands[i].spelled_at = (uint32_t)right;
			break;
		}
	}
}

/* OCR loses the first letter of a line now and then ("OURNALIST: THERE
 * WAS NO SUGGESTION ...?" between "JOURNALIST:" questions), in documents
 * typed in capitals too, where find_garbled_labels stays off. A line that
 * opens a sentence with one word and a colon, where the word is a
 * one-word label accepted GARBLED_MIN times without its first letter, is
 * that label: the colon and the long rest of a known label are evidence
 * enough, case or not. Where the word was taken for a label of its own,
 * seen once, it becomes the known one. */

#define HEADLESS_MIN 5   /* letters left: shorter words are prose ("M:") */

static void find_headless_labels(detector *t)
{
	const pd_doc *d = t->d;
	if (t->cjk_doc)
		return;
	/* the longest key a line may have lost the first letter of (accepted
	 * GARBLED_MIN times; accepting here keeps that so): the capitals
	 * opening a line are walked no further than its length, and not at
	 * all where no key is long enough (every line's were: 0.3 % of the
	 * parser) */
	size_t longest = 0;
	for (size_t k = 0; k < t->nkeys; k++)
		if (t->keys[k].count >= GARBLED_MIN && t->keys[k].accepted && strlen(t->keys[k].key) > longest)
			longest = strlen(t->keys[k].key);
	if (longest < HEADLESS_MIN + 1)
		return;
	for (size_t i = 0; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		const cand *c = &t->cands[i];
		if ((c->m.shape != LABEL_NONE && c->m.shape != LABEL_UPPER) || second_byte_small(l))
			continue;
		/* a one-off label as written is no speaker of its own either:
		 * an accepted line is asked that before its capitals are
		 * walked (its key's place is mostly kept: line_key; the walk
		 * over every accepted label line was 0.2 % of the parser) */
		const key_count *own = c->accepted ? line_key(t, i) : NULL;
		if (c->accepted && (c->m.shape != LABEL_UPPER || !own || own->count > 1))
			continue;
		size_t w = 0;
		while (w < l->len && w + 1 < longest && l->text[w] >= 'A' && l->text[w] <= 'Z')
			w++;
		if (w < HEADLESS_MIN || w >= l->len || l->text[w] != ':' || !opens_sentence_past_pages(t, i))
			continue;
		for (size_t k = 0; k < t->nkeys; k++) {
			const key_count *kc = &t->keys[k];
			if (kc->count < GARBLED_MIN || !kc->accepted || strlen(kc->key) != w + 1 ||
			    memcmp(kc->key + 1, l->text, w) != 0)
				continue;
			size_t r = w + 1;
			while (r < l->len && l->text[r] == ' ')
				r++;
			char key[KEY_MAX];   /* the key, w + 1 < KEY_MAX bytes: kc moves as keys grow */
			memcpy(key, kc->key, w + 2);
			size_t right = spelled_line(t, key);
			accept_line_label(t, i, LABEL_UPPER, w, r, key);
			t->cands[i].m.colon = true;
			t->cands[i].spelled_at = (uint32_t)right;
			break;
		}
	}
}

/* Typists of upper-case transcripts often left a short follow-up question
 * unlabelled between two answers ("... CREATED FOR THEM. / WILL THIS BE AT
 * NEW ZEALAND'S EXPENSE? / MR WHITLAM NO, NO, ..."): a paragraph of its own,
 * ending in a question mark, inside a non-journalist's turn and followed at
 * once by another non-journalist's label, is a journalist's question. Only
 * in such documents: elsewhere that shape is a host handing over ("Jacinda,
 * anything to add?"). */
static void find_asker_line(detector *t)
{
	size_t n;
	const uint32_t *acc = accepted_lines(t, &n);
	t->asker_line = SIZE_MAX;
	for (size_t s = 0; s < n && t->asker_line == SIZE_MAX; s++)
		if (line_journalist(t, acc[s]))
			t->asker_line = acc[s];
}

static bool known_upper_label(const char *label, size_t len, void *ctx);
static bool ocr_alike(const char *a, const char *b);

/* Elsewhere, in mixed case, the same shape is a question only where the
 * speaker before it is labelled again right after it ("...in the area. /
 * Will Australia contribute more troops? / MR. HOLT: There is ..."): no
 * one labels a speaker twice in a row, so someone spoke between. There
 * a one-line sentence that opens with a question word asks even when OCR
 * lost its question mark ("How much discussion was there on"). */

/* The same speaker: the same key, an OCR spelling of it, or the host. */
static bool same_speaker(const detector *t, const char *a, const char *b)
{
	return strcmp(a, b) == 0 || ocr_alike(a, b) || (host_key(t, a) && host_key(t, b));
}

static bool asks_without_mark(const pd_line *l)
{
	static const char *const words[] = {
		"HOW", "WHAT", "WHY", "WHEN", "WHERE", "WHO", "WHICH", "DO", "DOES", "DID",
		"IS", "ARE", "WAS", "WERE", "WILL", "WOULD", "COULD", "CAN", "SHOULD",
		"HAS", "HAVE",
	};
	size_t w = 0;
	while (w < l->len && (l->text[w] | 32) >= 'a' && (l->text[w] | 32) <= 'z')
		w++;
	return w < l->len && l->text[w] == ' ' && !memchr(l->text, '.', l->len) &&
	       !memchr(l->text, '!', l->len) && word_in_any_case(l->text, w, words, sizeof words / sizeof *words);
}

/* In a telegram a question may also lack its question mark: a line that
 * opens a sentence with a request ("CAN I ASK MR WHITLAM NOW IF ...",
 * "COULD I", "MAY I", "I WONDER") or by addressing the speaker of the
 * next label ("MR KIRK, ON PAGE 3 ..." before "MR KIRK THE PARLIAMENT
 * ..."), within TELEGRAM_QUESTION_MAX bytes of that label. Returns the
 * last such line after the label line `from` and before label line j,
 * or SIZE_MAX. */

#define TELEGRAM_QUESTION_MAX 500

static size_t telegram_question(const detector *t, size_t from, size_t j)
{
	static const char *const asks[] = { "CAN I ", "COULD I ", "MAY I ", "I WONDER ", "CAN WE ",
					    "COULD WE ", "MAY WE " };
	const pd_doc *d = t->d;
	const cand *next = &t->cands[j];
	const char *label = d->lines[j].text + next->m.start;
	size_t bytes = 0;
	for (size_t k = j; k-- > from + 1;) {
		bytes += d->lines[k].len;
		if (bytes > TELEGRAM_QUESTION_MAX)
			break;
		const pd_line *l = &d->lines[k];
		if (!opens_sentence(d, k) || t->cands[k].accepted)
			continue;
		bool request = false;
		for (size_t a = 0; a < sizeof asks / sizeof *asks && !request; a++)
			request = l->len > strlen(asks[a]) && memcmp(l->text, asks[a], strlen(asks[a])) == 0;
		/* "MR KIRK," before "MR KIRK ...": the addressee answers */
		bool vocative = next->m.len + 1 < l->len && memcmp(l->text, label, next->m.len) == 0 &&
				l->text[next->m.len] == ',';
		if (request || vocative)
			return k;
	}
	return SIZE_MAX;
}

/* Marks the start of each such question (cand.asks). The question starts
 * at the last line that opens a sentence before the next label. */
static void find_unlabelled_questions(detector *t)
{
	const pd_doc *d = t->d;
	if (t->asker_line == SIZE_MAX || t->cjk_doc || (!t->upper_doc && t->label_rows))
		return;
	size_t prev = SIZE_MAX; /* the last accepted label line */
	size_t nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		size_t j = acc[s];
		size_t from = prev;
		prev = j;
		if (from == SIZE_MAX || line_journalist(t, from) || line_journalist(t, j) ||
		    j < from + 2)
			continue;
		/* in mixed case only before the same speaker's label again */
		bool again = same_speaker(t, t->cands[from].key, t->cands[j].key);
		if (!t->upper_doc && !again)
			continue;
		const pd_line *last = &d->lines[j - 1];
		size_t k = j - 1;
		while (k > from && !opens_sentence(d, k))
			k--;
		if (!last->len || (last->text[last->len - 1] != '?' &&
				   !(again && k == j - 1 && asks_without_mark(last)))) {
			/* telegrams: a question the typist left without its mark */
			if (!t->upper_doc || (k = telegram_question(t, from, j)) == SIZE_MAX)
				continue;
		}
		/* inside the turn, after some of its speech */
		bool label_alone = t->cands[from].m.rest >= d->lines[from].len;
		if (k <= from || (label_alone && k == from + 1))
			continue;
		/* after a question of the speaker's own, what follows answers it */
		const pd_line *before = &d->lines[k - 1];
		if (!t->upper_doc && before->len && before->text[before->len - 1] == '?')
			continue;
		/* a label inside those lines ("2. QUESTION: WHAT ...") already
		 * starts the question */
		size_t bytes = 0;
		bool labelled = false;
		label_match m;
		for (size_t i = k; i < j && !labelled; i++) {
			bytes += d->lines[i].len;
			labelled = pd_label_in_line(d->lines[i].text, d->lines[i].len, 0,
						    known_upper_label, t, &m);
		}
		/* nor where someone else spoke between, labelled inside a line */
		for (size_t i = from; i < k && !labelled && !t->upper_doc; i++)
			labelled = pd_label_in_line(d->lines[i].text, d->lines[i].len,
						    i == from ? t->cands[from].m.rest : 0,
						    known_upper_label, t, &m);
		if (bytes <= 400 && !labelled)
			mark_turn_start(t, k, 0, true);
	}
}

/* --- label rows: OCR that tore the label column from the speech ---------- */

/* Some typescripts of the 1950s and 60s were typed with the speakers'
 * labels in a margin column; OCR read that column as rows of bare labels
 * ("QUESTION: PRIME MINISTER:") apart from the speech, which then runs on
 * unlabelled, one speech starting on a new line after the last one ended.
 * In a document with several such rows (LABEL_ROWS_MIN), the rows are
 * dropped and the speaker changes, host <-> questioner, wherever a line
 * starts after a line that ends a sentence. */

#define LABEL_ROWS_MIN 3

/* A label inside a row: where it is in the line and its key. */
typedef struct row_label {
	size_t start, len;
	char key[KEY_MAX];
} row_label;

#define ROW_MAX_LABELS 4

/* A line of two or more labels: their places go to labels[] (up to
 * ROW_MAX_LABELS), *text_from gets where any speech after the last starts
 * (the line's length when there is none). Returns how many labels, 0 when
 * the line is not a row. */
static size_t read_label_row(const detector *t, size_t i, row_label *labels, size_t *text_from)
{
	const pd_line *l = &t->d->lines[i];
	const cand *c = &t->cands[i];
	if (!c->accepted || c->m.shape != LABEL_UPPER || !c->m.colon)
		return 0;
	size_t at = c->m.rest, n = 1;
	label_match m;
	while (n < ROW_MAX_LABELS && at < l->len &&
	       pd_label_at_start(l->text + at, l->len - at, false, &m) &&
	       m.shape == LABEL_UPPER && m.colon && m.start == 0 &&
	       count_lower(l->text + at, m.len) == 0) {
		labels[n].start = at;
		labels[n].len = m.len;
		pd_label_key(l->text + at, m.len, labels[n].key, sizeof labels[n].key);
		n++;
		at += m.rest;
	}
	*text_from = at;
	if (n < 2)
		return 0;
	/* the first label's key copied only for a row (every accepted line's
	 * was) */
	labels[0].start = c->m.start;
	labels[0].len = c->m.len;
	pd_str_copy(labels[0].key, sizeof labels[0].key, c->key);
	return n;
}

/* The answering side: the host, and whoever stands after the first label
 * of a row ("QUESTION: MR. McEWEN:"). */
static bool answers(const detector *t, const char *key)
{
	if (host_key(t, key))
		return true;
	for (size_t k = 0; k < t->nanswerers; k++)
		if (strcmp(t->answerers[k], key) == 0)
			return true;
	return false;
}

static void count_label_rows(detector *t)
{
	size_t rows = 0, from, nacc;
	row_label labels[ROW_MAX_LABELS];
	/* a row opens with an accepted label (a call per line was 0.4 % of
	 * the parser) */
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		size_t i = acc[s];
		size_t n = read_label_row(t, i, labels, &from);
		if (!n || from < t->d->lines[i].len)
			continue;
		rows++;
		for (size_t k = 1; k < n; k++)
			if (!answers(t, labels[k].key) && t->nanswerers < ROW_ANSWERERS)
				memcpy(t->answerers[t->nanswerers++], labels[k].key, KEY_MAX);
	}
	t->label_rows = rows >= LABEL_ROWS_MIN;
}

/* --- affiliations: "FRED BAILEY: Adelaide Advertiser." -------------------- */

/* Where the labels stand alone on their lines and the speech starts on
 * the next (LABELS_ALONE_MIN of them, most of all labels), a questioner at
 * a press club names the newspaper after the label: "FRED BAILEY: Adelaide
 * Advertiser." with the question on the next line. That short name is
 * part of the label line, not speech. */

#define LABELS_ALONE_MIN 5

static void count_labels_alone(detector *t)
{
	size_t alone = 0, labels = 0, nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		size_t i = acc[s];
		const cand *c = &t->cands[i];
		if (c->m.shape != LABEL_UPPER)
			continue;
		labels++;
		alone += c->m.rest >= t->d->lines[i].len;
	}
	t->labels_alone = alone >= LABELS_ALONE_MIN && alone * 3 >= labels * 2;
}

/* In such a document OCR garbles some of those label lines past what
 * labels.c reads as a label ("DON WHITINGT01% T:", "TOf\ Y ' IALKER:",
 * "IMIJGO ' 1-cCALUMh:", "MAX HAWKINS;" seen once, "TREVOR CA-VANAGH?"):
 * a line that starts with two to four words, nearly all capitals, ended
 * by a colon or semicolon — alone, or with a short outlet after it — or
 * alone ended by OCR's question mark, between the end
 * of one speech and the capital that opens the next, is a label as
 * written. Not a field or a heading ("SUBJECTS:", an upper-case phrase
 * after the colon). */

#define GARBLED_ALONE_MAX 32

static bool garbled_alone_label(const detector *t, size_t i, size_t *len, size_t *rest)
{
	const pd_doc *d = t->d;
	const pd_line *l = &d->lines[i];
	/* the first colon or semicolon, or a question mark ending the line,
	 * within GARBLED_ALONE_MAX + 1 bytes: found sixteen bytes at a time
	 * (a byte loop over every line was 5 % of the detector's own time) */
	size_t lim = l->len <= GARBLED_ALONE_MAX ? l->len : GARBLED_ALONE_MAX + 1, e = 0;
	for (;;) {
		e += pd_find_byte3(l->text + e, lim - e, ':', ';', '?');
		if (e >= lim || l->text[e] != '?' || e + 1 == l->len)
			break;
		e++;
	}
	if (e >= lim || i + 1 >= d->n || t->cands[i + 1].accepted)
		return false;
	size_t upper = 0, lower = 0, run = 0, words = count_words(l->text, e);
	for (size_t k = 0; k < e; k++) {
		unsigned char ch = (unsigned char)l->text[k];
		if (ch >= 0x80 || ch == '(' || ch == '[')
			return false;   /* a name in another script, a remark */
		upper += ch >= 'A' && ch <= 'Z';
		lower += ch >= 'a' && ch <= 'z';
		run = (ch >= 'a' && ch <= 'z') ? run + 1 : 0;
		if (run >= 3)
			return false;   /* a lower-case word: prose */
	}
	if (upper < 5 || lower * 5 > upper || words < 2 || words > 4 || !(l->text[0] >= 'A' && l->text[0] <= 'Z'))
		return false;
	/* after the mark: nothing, or a short outlet (reads_as_affiliation) */
	size_t r = e + 1;
	while (r < l->len && l->text[r] == ' ')
		r++;
	if (r < l->len && (l->len - r > 40 || count_lower(l->text + r, l->len - r) == 0))
		return false;
	const pd_line *next = &d->lines[i + 1];
	if (!next->len || !((next->text[0] >= 'A' && next->text[0] <= 'Z') || next->text[0] == '"' ||
			    (next->text[0] >= '0' && next->text[0] <= '9')) ||
	    line_lower(t, i + 1) < 8 || !opens_sentence_past_pages(t, i))
		return false;
	*len = e;
	while (*len && l->text[*len - 1] == ' ')
		(*len)--;
	*rest = r;
	return true;
}

static void find_garbled_alone_labels(detector *t)
{
	if (!t->labels_alone || t->cjk_doc)
		return;
	for (size_t i = 0; i < t->d->n; i++) {
		const cand *c = &t->cands[i];
		size_t len, rest;
		if (c->accepted || !garbled_alone_label(t, i, &len, &rest))
			continue;
		char key[KEY_MAX];
		pd_label_key(t->d->lines[i].text, len, key, sizeof key);
		if (!key[0] || pd_label_is_field(key))
			continue;
		accept_line_label(t, i, LABEL_UPPER, len, rest, key);
		t->cands[i].m.colon = true;
		t->cands[i].m.alone = rest >= t->d->lines[i].len;
	}
}

/* First words that open speech, never a newspaper's name. */
static bool reply_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"YES", "NO", "WELL", "THANK", "THANKS", "I", "WE", "OH", "SURE", "RIGHT", "OK",
		"OKAY", "GOOD", "CERTAINLY", "INDEED", "PRIME", "MR", "MRS", "MS", "SIR",
		"SORRY", "HELLO", "HI", "PARDON", "EXACTLY", "ABSOLUTELY", "THAT", "IT", "THE",
		"THIS", "YOU", "CAN", "COULD", "WOULD", "WILL", "DO", "DOES", "DID", "IS", "ARE",
		"WHAT", "WHY", "HOW", "WHEN", "WHERE", "WHO", "NOT", "NONE", "NOTHING", "AND",
	};
	return word_in_any_case(w, n, words, sizeof words / sizeof *words);
}

static bool outlet_text(const char *s, size_t n);

/* Whether the text after the label at line i is the speaker's outlet. */
static bool reads_as_affiliation(const detector *t, size_t i)
{
	const pd_line *l = &t->d->lines[i];
	const cand *c = &t->cands[i];
	if (!t->labels_alone || c->m.shape != LABEL_UPPER || host_key(t, c->key) ||
	    i + 1 >= t->d->n || t->cands[i + 1].accepted)
		return false;
	const pd_line *next = &t->d->lines[i + 1];
	return outlet_text(l->text + c->m.rest, l->len - c->m.rest) && next->len &&
	       !(next->text[0] >= 'a' && next->text[0] <= 'z');
}

/* Whether s reads as a newspaper's or station's short name ("Sydney
 * M~ orning Herald.", "ABC."), not speech nor a heading. */
static bool outlet_text(const char *s, size_t n)
{
	if (n == 0 || n > 40 || memchr(s, '?', n) || memchr(s, '!', n) || memchr(s, ',', n) ||
	    count_words(s, n) > 4 || (s[0] >= 'a' && s[0] <= 'z'))
		return false;
	size_t w = 0;
	while (w < n && s[w] != ' ' && s[w] != '.')
		w++;
	if (reply_word(s, w))
		return false;
	/* a name: words capitalised (OCR may break one: "Sydney M~ orning Herald.") */
	size_t lower_words = 0;
	for (size_t k = 0; k < n; k++)
		if ((k == 0 || s[k - 1] == ' ') && s[k] >= 'a' && s[k] <= 'z')
			lower_words++;
	/* an outlet in capitals is an acronym ("ABC.", "2CA"), not a heading */
	size_t letters = count_letters(s, n);
	if (letters < 2 || (count_lower(s, n) == 0 && letters > 4))
		return false;
	return lower_words <= 1;
}

/* --- unlabelled answers ---------------------------------------------------- */

/* Some transcripts label the questions ("JOURNALIST:", "Q.") and hardly
 * ever the answers: the host's reply starts on the line after the
 * question ends. Where ANSWERS_QUESTIONS_MIN questions are labelled and
 * other labels are at most a quarter as many, the speaker changes to the
 * host at the first line after the question that starts after a
 * sentence's end, with a capital, after a question mark or with a reply's
 * first word ("Well", "No"), and does not itself ask (find_answerer). The
 * host is the document's host label, else the prime minister of the
 * metadata. */

#define ANSWERS_QUESTIONS_MIN 4

static bool unit_ends_question(const detector *t, size_t i);
static bool ocr_alike(const char *a, const char *b);

/* Whether line i's key is an OCR spelling of "JOURNALIST", asked once
 * per key where find_candidates kept its place (a document's accepted
 * lines repeat a few keys: the letters' subsequence and the two strlen
 * per line were 2.8 M instructions on the first 500 dev files, 1.4 % of
 * the parser). */
static bool journalist_alike(detector *t, size_t i)
{
	const cand *c = &t->cands[i];
	if (!c->key1)
		return ocr_alike(c->key, "JOURNALIST");
	key_count *k = &t->keys[c->key1 - 1];
	if (!k->journalist_alike)
		k->journalist_alike = ocr_alike(c->key, "JOURNALIST") ? 2 : 1;
	return k->journalist_alike == 2;
}

static void find_answerer(detector *t)
{
	size_t questions = 0, others = 0;
	t->answerer = NULL;
	if (t->label_rows || t->cjk_doc)
		return;
	size_t nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		size_t i = acc[s];
		if (line_journalist(t, i) || journalist_alike(t, i)) {
			questions++;
			continue;
		}
		others++;
	}
	if (questions < ANSWERS_QUESTIONS_MIN || others * 4 > questions)
		return;
	t->answerer = host_label(t, &t->answerer_len);
	if (!t->answerer && t->host_name) {
		t->answerer = t->host_name;
		t->answerer_len = strlen(t->host_name);
	}
}

/* First words of a reply: "Well, ...", "No.", "Yes I've had ...". */
static bool answer_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"WELL", "NO", "YES", "OH", "LOOK", "I", "WE", "NOT", "CERTAINLY", "OF",
		"THAT", "THERE", "IT", "SURE", "INDEED", "ABSOLUTELY", "NOTHING", "NONE",
	};
	return word_in_any_case(w, n, words, sizeof words / sizeof *words);
}

/* OCR's spelling of the host's "P. M.:" where answers are otherwise
 * unlabelled ("P. M1.: NO. IT WOULD ...", "P. M1.-WELL WE'VE ..."): a
 * "P", a stop, an "M" with a digit or stop after it, a colon or dash.
 * Returns the bytes to skip to the speech, or 0. */
static size_t garbled_host_prefix(const pd_line *l)
{
	const char *s = l->text;
	size_t n = l->len, i = 1;
	if (n < 6 || s[0] != 'P')
		return 0;
	bool stop = s[i] == '.';
	if (stop)
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != 'M')
		return 0;
	i++;
	size_t digits = 0;
	while (i < n && digits < 2 && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (!stop && !digits)
		return 0;   /* "PM:" itself is a label, "PMs" a word */
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || (s[i] != ':' && s[i] != '-' && s[i] != ';'))
		return 0;
	i++;
	while (i < n && s[i] == ' ')
		i++;
	return i < n && s[i] >= 'A' && s[i] <= 'Z' ? i : 0;
}

/* Whether an unlabelled answer starts at line i (see find_answerer). */
static bool starts_unlabelled_answer(const detector *t, size_t i)
{
	if (!t->answerer || !t->speaker || t->narration || !journalist_key(t->cur_key) ||
	    t->text.len == 0)
		return false;
	const pd_line *l = &t->d->lines[i];
	if (!l->len || !(l->text[0] >= 'A' && l->text[0] <= 'Z') || !opens_sentence_past_pages(t, i) ||
	    unit_ends_question(t, i))
		return false;
	/* after a question mark, or a reply's first word after a full stop */
	pd_slice so_far = pd_slice_trim((pd_slice){ t->text.data, t->text.len });
	if (so_far.n && so_far.p[so_far.n - 1] == '?')
		return true;
	size_t at = garbled_host_prefix(l), w = at;
	while (w < l->len && ((l->text[w] | 32) >= 'a' && (l->text[w] | 32) <= 'z'))
		w++;
	return answer_word(l->text + at, w - at);
}

/* OCR'd typescripts run the unlabelled answer on in the question's last
 * line ("... WHAT YOU WOULD DO IN HIS / PLACE? WELL I DON'T THINK ..."):
 * where answers are unlabelled (find_answerer), inside a short question a
 * sentence that opens with a reply's first word after a question mark —
 * after a full stop only "Well", "No", "Yes", "Oh", "Look", since a
 * question may go on "... today. I think ..." — and does not itself ask,
 * starts the host's answer. Returns where it starts in line i, or 0. */

#define MIDLINE_QUESTION_MAX 400

static bool strong_answer_word(const char *w, size_t n)
{
	static const char *const words[] = { "WELL", "NO", "YES", "OH", "LOOK" };
	return word_in_any_case(w, n, words, sizeof words / sizeof *words);
}

/* The first sentence end at or after byte `from` of line i (or on the
 * next line): whether it is a question mark. */
static bool sentence_asks(const pd_doc *d, size_t i, size_t from)
{
	for (size_t j = i; j < d->n && j <= i + 1; j++, from = 0)
		for (size_t k = from; k < d->lines[j].len; k++) {
			char ch = d->lines[j].text[k];
			if (ch == '?')
				return true;
			if (ch == '.' || ch == '!')
				return false;
		}
	return false;
}

/* Whether the question goes on after byte `from` of line i up to the
 * next label: that speech ends in a question mark ("...doubled? It is
 * also a fact that ... Do you think this is a good record?"), or the
 * host's own label follows within QUESTION_TAIL_LINES lines ("...its
 * interests? There is no representation in Cabinet. / MR. HOLT: Well").
 * A question's speech runs to the next label or the next line after a
 * question mark. */

#define QUESTION_TAIL_LINES 3

static bool skip_line(const pd_line *l);

static bool question_goes_on(const detector *t, size_t i, size_t from)
{
	const pd_doc *d = t->d;
	size_t j = i + 1;
	while (j < d->n && j <= i + QUESTION_TAIL_LINES && !t->cands[j].accepted)
		j++;
	if (j < d->n && t->cands[j].accepted && answers(t, t->cands[j].key))
		return true;
	/* the speech up to the next label or the next line after a question
	 * mark (where an unlabelled answer would start) */
	j = i + 1;
	while (j < d->n && !t->cands[j].accepted &&
	       !(d->lines[j - 1].len && d->lines[j - 1].text[d->lines[j - 1].len - 1] == '?'))
		j++;
	size_t last = j - 1;
	while (last > i && (skip_line(&d->lines[last]) || !d->lines[last].len))
		last--;
	const pd_line *l = &d->lines[last];
	size_t at = last == i ? from : 0;
	pd_slice tail = pd_slice_trim((pd_slice){ l->text + at, l->len - at });
	return tail.n && tail.p[tail.n - 1] == '?';
}

/* Whether the sentence from byte `from` of line i ends where its line
 * or the next ends (the sentence a speech closes with). */
static bool sentence_ends_line(const pd_doc *d, size_t i, size_t from)
{
	for (size_t j = i; j < d->n && j <= i + 1; j++, from = 0) {
		const pd_line *l = &d->lines[j];
		for (size_t k = from; k < l->len; k++)
			if (strchr(".?!", l->text[k]))
				return k + 1 >= l->len;
	}
	return false;
}

static size_t midline_answer(const detector *t, size_t i)
{
	if (!t->answerer || !t->speaker || t->narration || !journalist_key(t->cur_key) ||
	    t->text.len == 0)
		return 0;
	const pd_line *l = &t->d->lines[i];
	for (size_t p = 1; p + 3 < l->len && t->text.len + p <= MIDLINE_QUESTION_MAX; p++) {
		char mark = l->text[p];
		if ((mark != '?' && mark != '.') || l->text[p + 1] != ' ')
			continue;
		size_t w = p + 1;
		while (w < l->len && l->text[w] == ' ')
			w++;
		size_t e = w;
		while (e < l->len && ((l->text[e] | 32) >= 'a' && (l->text[e] | 32) <= 'z'))
			e++;
		if (w >= l->len || !(l->text[w] >= 'A' && l->text[w] <= 'Z') ||
		    (e < l->len && l->text[e] != ' ' && l->text[e] != ',' && l->text[e] != '\'' &&
		     l->text[e] != '.'))
			continue;
		/* a full stop after a word of three letters or more, not "MR." */
		size_t b = p;
		while (b > 0 && ((l->text[b - 1] | 32) >= 'a' && (l->text[b - 1] | 32) <= 'z'))
			b--;
		bool ok = mark == '?' ? answer_word(l->text + w, e - w)
				      : p - b >= 3 && strong_answer_word(l->text + w, e - w);
		if (ok && !sentence_asks(t->d, i, e) && !question_goes_on(t, i, w))
			return w;
	}
	return 0;
}

/* --- preamble: before the first label ---------------------------------- */

static bool is_heading_line(const pd_line *l)
{
	if (l->flags & (PD_LINE_HEADING | PD_LINE_BOLD))
		return true;
	if (pd_line_is_banner(l->text, l->len) || pd_line_is_page_marker(l->text, l->len))
		return true;
	size_t letters = count_letters(l->text, l->len);
	size_t lower = count_lower(l->text, l->len);
	if (letters && lower == 0)
		return true;
	char date[11];
	if (l->len < 60 && pd_parse_date(l->text, l->len, date))
		return true;
	/* Title Case Without A Full Stop (a salutation ending in ':' or ','
	 * is speech: "Colleagues, Distinguished Visitors and Guests:") */
	char last = l->len ? l->text[l->len - 1] : 0;
	if (l->len < 120 && last != '.' && last != '?' && last != ':' && last != ',') {
		size_t words = 0, caps = 0;
		bool start = true;
		for (size_t i = 0; i < l->len; i++) {
			char ch = l->text[i];
			if (ch == ' ') {
				start = true;
				continue;
			}
			if (start) {
				words++;
				if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
					caps++;
			}
			start = false;
		}
		if (words && caps * 10 >= words * 7)
			return true;
	}
	return false;
}

/* Where "SUBJECTS: Tax; the budget" puts its topics (after the head and
 * its colon), or 0 when line l is no subjects line. */
static inline size_t subjects_head(const pd_line *l)
{
	/* every line comes here once (ask_subjects_head): the first two
	 * letters ("su", "to") first, as most lines open otherwise ("The",
	 * "That", "So"); then one head and the plural's 's', as a walk over
	 * "subjects", "subject", "topics" and "topic" read them, compared
	 * here: the walk's calls made a frame that every line paid for
	 * (twenty instructions a line); and inline, as the call was
	 * thirteen more (0.2 M instructions on 500 files) */
	const char *s = l->text;
	size_t n = l->len;
	if (n < 2)
		return 0;
	const char *head;
	size_t i;
	if ((s[0] | 32) == 's' && (s[1] | 32) == 'u')
		head = "subject", i = 7;
	else if ((s[0] | 32) == 't' && (s[1] | 32) == 'o')
		head = "topic", i = 5;
	else
		return 0;
	if (n <= i)
		return 0;
	for (size_t k = 2; k < i; k++)
		if ((s[k] | 32) != head[k])
			return 0;
	if ((s[i] | 32) == 's')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != ':' && s[i] != '-'))
		return 0;
	return i + 1;
}

/* subjects_head of line i, kept in its candidate: subjects_tail asks it
 * of the six lines above every line */
static size_t ask_subjects_head(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	c->subjects = (uint32_t)(1 + subjects_head(&t->d->lines[i]));
	return c->subjects - 1;
}

/* The kept answer inline: each line asks it of the six lines above it
 * (subjects_tail_of), and a call per question was 1 % of the parser. */
static inline size_t line_subjects_head(const detector *t, size_t i)
{
	const cand *c = &t->cands[i];
	return c->subjects ? c->subjects - 1 : ask_subjects_head(t, i);
}

/* A subjects list wrapped onto the next lines or paragraphs ("SUBJECTS:
 * Parliamentary career, economy, children's / charities, ANZ Bank."): a
 * short line that is a list — no sentence ends inside it, no label, no
 * dots of a rule — goes on with the line before when that ends in a comma,
 * a semicolon or a word that cannot end an item ("...School of /
 * Petroleum"), or when it opens in lower case; up to SUBJECTS_TAIL_LINES
 * lines after the subjects line. */
#define SUBJECTS_TAIL_MAX 160
#define SUBJECTS_TAIL_LINES 6

static bool wraps_on(const pd_line *p)
{
	static const char *const words[] = { "of", "and", "the", "to", "in", "for", "on", "with",
					     "at", "a", "an", "by", "or", "from" };
	char last = p->len ? p->text[p->len - 1] : '.';
	if (last == ',' || last == ';' || last == '-' || last == '&')
		return true;
	size_t b = p->len;
	while (b > 0 && p->text[b - 1] >= 'a' && p->text[b - 1] <= 'z')
		b--;
	if (b == p->len || (b > 0 && p->text[b - 1] != ' '))
		return false;
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == p->len - b && memcmp(words[k], p->text + b, p->len - b) == 0)
			return true;
	return false;
}

static bool subjects_link(const detector *t, size_t i)
{
	const pd_line *l = &t->d->lines[i], *p = &t->d->lines[i - 1];
	bool lower = l->text[0] >= 'a' && l->text[0] <= 'z';
	if (!(lower || wraps_on(p)) || l->len > SUBJECTS_TAIL_MAX || t->cands[i].accepted ||
	    t->cands[i].m.shape != LABEL_NONE || strstr(l->text, "...") ||
	    strstr(l->text, "\xE2\x80\xA6"))
		return false;
	/* a list: no sentence ends before its end */
	size_t m = l->len ? l->len - 1 : 0;
	if (memchr(l->text, '?', m) || memchr(l->text, '!', m))
		return false;
	for (const char *d = l->text; (d = memchr(d, '.', (size_t)(l->text + m - d))); d++)
		if (d[1] == ' ')
			return false;
	return true;
}

static bool subjects_tail_of(const detector *t, size_t i)
{
	/* no subjects line within reach above, no tail: the cheap test
	 * first (most lines have none near; subjects_link reads the line).
	 * Their kept answers or-ed first, each line asked and no subjects
	 * line adding nothing, without a branch a line: the walk that
	 * asked each in turn cost thirteen instructions a line, two million
	 * on 500 files. A fixed count of lines where there are as many,
	 * unrolled (the loop to a bound cost thirty instructions a line more). */
	size_t kept = 0;
	if (i >= SUBJECTS_TAIL_LINES)
		for (size_t k = 1; k <= SUBJECTS_TAIL_LINES; k++)
			kept |= t->cands[i - k].subjects - 1;
	else
		for (size_t h = 0; h < i; h++)
			kept |= t->cands[h].subjects - 1;
	if (!kept)
		return false;
	bool near = false;
	for (size_t h = i; h-- > 0 && i - h <= SUBJECTS_TAIL_LINES && !near;)
		near = line_subjects_head(t, h) != 0;
	if (!near)
		return false;
	for (size_t h = i; h-- > 0 && i - h <= SUBJECTS_TAIL_LINES;) {
		if (!subjects_link(t, h + 1))
			return false;
		if (line_subjects_head(t, h))
			return true;
	}
	return false;
}

static bool subjects_tail(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	if (!c->tail)
		c->tail = subjects_tail_of(t, i) ? 2 : 1;
	return c->tail == 2;
}

/* Adds the topics of line (s, n), split on ";" and ",". */
static void add_topics(detector *t, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t j = 0; j <= n; j++) {
		if (j == n || s[j] == ';' || s[j] == ',') {
			pd_slice sl = pd_slice_trim((pd_slice){ s + start, j - start });
			if (sl.n && sl.n < 120 && t->r->ntopics < PD_MAX_TOPICS) {
				char *topic = pd_slice_dup(sl);
				size_t tl = strlen(topic);
				if (tl && topic[tl - 1] == '.')
					topic[tl - 1] = '\0';
				pd_record_add_topic(t->r, topic);
				free(topic);
			}
			start = j + 1;
		}
	}
}

/* take_subjects of a line not asked before, or a subjects line. */
static bool take_subjects_asked(detector *t, size_t i)
{
	const pd_line *l = &t->d->lines[i];
	size_t at = line_subjects_head(t, i);
	if (!at && !subjects_tail(t, i))
		return false;
	add_topics(t, l->text + at, l->len - at);
	return true;
}

/* "SUBJECTS: Tax; the budget" (and its wrapped tail) -> topics. True when
 * line i was one. */
static inline bool take_subjects(detector *t, size_t i)
{
	/* asked before, neither: the answer of most calls (every line is
	 * asked twice), given inline without the frame that taking the
	 * topics needs (with take_subjects_asked inlined here, that frame
	 * was built for every call: nineteen instructions more) */
	const cand *c = &t->cands[i];
	return !(c->subjects == 1 && c->tail == 1) && take_subjects_asked(t, i);
}

/* "Cui Xiaohao, Executive Deputy District Mayor of Chaoyang, introduced the
 * efforts ..." -> name and role. */
/* Whether (s, n) holds the text w. */
static bool holds(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, k) == 0)
			return true;
	return false;
}

static bool parse_introduction(const char *s, size_t n, char *name, size_t name_size, char *role,
			       size_t role_size)
{
	static const char *const verbs[] = {
		"introduced", "said", "stated", "presented", "briefed", "announced",
		"explained", "gave", "delivered", "made", "spoke", "noted",
		"outlined", "answered", "responded", "told", "released", "reported",
		"read", "opened", "began", "started", "shared", "elaborated",
	};
	/* name: 2-4 capitalised words, then ", " */
	size_t i = 0, words = 0;
	while (i < n && words < 5) {
		if (!(s[i] >= 'A' && s[i] <= 'Z'))
			return false;
		while (i < n && s[i] != ' ' && s[i] != ',')
			i++;
		words++;
		if (i < n && s[i] == ',')
			break;
		if (i < n)
			i++;
	}
	if (i >= n || s[i] != ',' || words < 2 || words > 4)
		return false;
	size_t name_end = i;
	size_t role_start = i + 2;
	/* role: up to the next ", " followed by a verb */
	for (size_t j = role_start; j + 2 < n && j < role_start + 200; j++) {
		if (s[j] == '.' && j + 1 < n && s[j + 1] == ' ')
			return false;
		if (s[j] != ',' || s[j + 1] != ' ')
			continue;
		for (size_t v = 0; v < sizeof verbs / sizeof *verbs; v++) {
			size_t vl = strlen(verbs[v]);
			if (j + 2 + vl <= n && memcmp(s + j + 2, verbs[v], vl) == 0 &&
			    (j + 2 + vl == n || s[j + 2 + vl] == ' ')) {
				size_t nl = name_end < name_size ? name_end : name_size - 1;
				memcpy(name, s, nl);
				name[nl] = '\0';
				size_t rl = j - role_start;
				if (rl >= role_size)
					rl = role_size - 1;
				memcpy(role, s + role_start, rl);
				role[rl] = '\0';
				return true;
			}
		}
	}
	return false;
}

/* "市商务局副局长李强介绍了促进消费的措施": an office, a name of two or
 * three characters, then 介绍 (a headline, no 。): the name is the split
 * that leaves the office ending as offices do (副局长, 区长, 发言人). */
static bool parse_introduction_cjk(const char *s, size_t n, char *name, size_t name_size,
				   char *role, size_t role_size)
{
	static const char *const verbs[] = { "介绍", "介紹", "通报", "通報" };
	/* CJK from the first byte, the verb within the first 26 characters:
	 * every other line is told apart at once (this runs on every
	 * paragraph of a speech) */
	if (n < 18 || (unsigned char)s[0] < 0xE0)
		return false;
	size_t reach = n < 26 * 3 + 6 ? n : 26 * 3 + 6;
	const char *v = NULL;
	for (size_t i = 0; i + 6 <= reach && !v; i += 3)   /* CJK: 3 bytes a character */
		for (size_t k = 0; k < sizeof verbs / sizeof *verbs && !v; k++)
			if (memcmp(s + i, verbs[k], 6) == 0)
				v = s + i;
	size_t before = v ? (size_t)(v - s) : 0;
	/* the office and the name: CJK only, 4 to 25 characters */
	size_t chars = 0;
	for (size_t i = 0; i < before; chars++) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, before - i, &cp);
		if (!pd_cp_is_cjk(cp))
			return false;
	}
	if (!v || chars < 4 || chars > 25 || holds(s, n, "。"))
		return false;
	for (size_t len = 3; len >= 2; len--) {   /* CJK: 3 bytes a character */
		size_t cut = before - 3 * len;
		if (!pd_label_cjk_office(s, cut))
			continue;
		if (3 * len >= name_size || cut >= role_size)
			return false;
		memcpy(name, s + cut, 3 * len);
		name[3 * len] = '\0';
		memcpy(role, s, cut);
		role[cut] = '\0';
		return true;
	}
	return false;
}

static bool read_introduction(detector *t, const char *s, size_t n)
{
	return parse_introduction(s, n, t->intro_name, sizeof t->intro_name, t->intro_role,
				  sizeof t->intro_role) ||
	       parse_introduction_cjk(s, n, t->intro_name, sizeof t->intro_name, t->intro_role,
				      sizeof t->intro_role);
}

/* --- building turns -------------------------------------------------- */

static bool ends_cjk(const char *s, size_t n)
{
	if (!n)
		return false;
	size_t back = 1;
	while (back < 4 && back < n && (((unsigned char)s[n - back]) & 0xC0) == 0x80)
		back++;
	uint32_t cp;
	pd_utf8_decode(s + n - back, back, &cp);
	return pd_cp_is_cjk(cp) || pd_cp_is_cjk_punct(cp);
}

static bool starts_cjk(const char *s, size_t n)
{
	uint32_t cp;
	if (!n)
		return false;
	pd_utf8_decode(s, n, &cp);
	return pd_cp_is_cjk(cp) || pd_cp_is_cjk_punct(cp);
}

/* Ends the turn being built; last: the document's last, after which the
 * text's buffer is not needed. */
/* The length of the turn just added (count_turns reads it instead of
 * the text's strlen: a pass over all of the turns' text, 0.4 % of the
 * parser's instructions). */
static void note_turn_len(detector *t, size_t len)
{
	size_t k = t->r->nturns - t->turns_from;
	t->turn_len = pd_xgrow(t->turn_len, sizeof *t->turn_len, k, &t->turn_len_cap);
	t->turn_len[k - 1] = len;
}

static void flush_turn(detector *t, bool last)
{
	/* trimmed already: add_text joins trimmed pieces */
	if (t->text.len && t->r->nturns < PD_MAX_TURNS) {
		pd_turn_kind kind = t->narration ? PD_TURN_NARRATION : PD_TURN_STATEMENT;
		size_t text_len = t->text.len;
		char *speaker = t->narration ? NULL : t->speaker;
		/* the speaker goes to the turn as it is, not copied again; so
		 * does the buffer when the last turn fills most of it (a
		 * document that is one speech: copying it was 0.6 % of the
		 * parser's instructions) */
		if (last && text_len >= t->text.cap / 2) {
			/* the room reserved for the whole document, less what the
			 * turn holds, would stay with the record (up to half of it:
			 * records wait in ingest's queue): given back past a page */
			size_t slack = t->text.cap - text_len;
			char *text = pd_buf_detach(&t->text);
			if (slack > 4096)
				text = pd_xrealloc(text, text_len + 1);
			pd_record_add_turn_text_owned(t->r, speaker, kind, text);
		} else
			pd_record_add_turn_owned(t->r, speaker, kind, t->text.data, t->text.len);
		note_turn_len(t, text_len);
		if (!t->narration)
			t->speaker = NULL;
	}
	pd_buf_reset(&t->text);
	free(t->speaker);
	t->speaker = NULL;
	t->narration = false;
	t->cur_key[0] = '\0';
	t->cur_para_pending = false;
}

static void start_turn(detector *t, const char *label, size_t len, const char *key, bool narration)
{
	flush_turn(t, false);
	t->narration = narration;
	if (label) {
		/* the label as written (up to a NUL it holds), minus a
		 * continuation marker, "(cont)" and the spaces around,
		 * measured before the one copy */
		size_t n = strnlen(label, pd_label_continuation_word(label, len));
		const char *paren = memchr(label, '(', n), *end = label + n;
		if (paren && paren > label) {
			const char *word = paren + 1;
			while (word < end && *word == ' ')
				word++;
			if (end - word >= 2 && (word[0] | 32) == 'c' && (word[1] | 32) == 'o')
				n = (size_t)(paren - label);
		}
		pd_slice w = pd_slice_trim((pd_slice){ label, n });
		t->speaker = pd_xstrndup(w.p, w.n);
	}
	pd_str_copy(t->cur_key, sizeof t->cur_key, key ? key : "");
}

/* pd_slice_trim's answer for a piece of speech, without its call where
 * the piece opens and ends in '!' to DEL (most: nothing to trim; the
 * call and its frame were a quarter of add_text's instructions). */
static pd_slice trimmed_piece(const char *s, size_t n)
{
	if (n && (unsigned char)(s[0] - 0x21) < 0x5F && (unsigned char)(s[n - 1] - 0x21) < 0x5F)
		return (pd_slice){ s, n };
	return pd_slice_trim((pd_slice){ s, n });
}

static void add_text(detector *t, const char *s, size_t n, bool para)
{
	pd_slice sl = trimmed_piece(s, n);
	if (!sl.n)
		return;
	const char *sep = "";
	size_t nsep = 0;
	if (t->text.len) {
		if (para) {
			sep = "\n\n";
			nsep = 2;
		} else if (!(t->last_cjk && starts_cjk(sl.p, sl.n))) {
			sep = " ";
			nsep = 1;
		}
	}
	/* the separator and the text in one append (the separator's own
	 * call and test of the room were a third of this function) */
	pd_buf_add_after_inline(&t->text, sep, nsep, sl.p, sl.n);
	/* a line ending in ASCII (most) ends in no CJK: not decoded */
	t->last_cjk = (unsigned char)sl.p[sl.n - 1] >= 0x80 && ends_cjk(sl.p, sl.n);
}

static bool known_upper_label(const char *label, size_t len, void *ctx)
{
	detector *t = ctx;
	char key[KEY_MAX];
	pd_label_key(label, len, key, sizeof key);
	key_count *k = find_key(t, key);
	if (k && k->accepted)   /* seen as an accepted label at a line start */
		return true;
	/* a name or role in mixed case only as the document uses it */
	if (count_lower(label, len) > 0)
		return false;
	return pd_label_is_journalist_word(key) || strcmp(key, "PM") == 0 ||
	       strcmp(key, "PRIME MINISTER") == 0;
}

/* Keys OCR could have made of one label: most of the longer one's letters
 * shared in order ("MRFAER" and "MR FRASER", "11R FRASER" and "MR FRASER"). */
static bool ocr_alike(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t la = count_letters(a, na), lb = count_letters(b, nb);
	size_t longer = la > lb ? la : lb, shorter = la > lb ? lb : la;
	/* the letters in common are no more than the shorter key's: keys
	 * of lengths too far apart are told apart without the subsequence
	 * (most of the turn detector's comparisons, 1 % of the parser) */
	if (shorter < 2 || shorter * 10 < longer * 7)
		return false;
	return pd_label_common_letters(a, na, b, nb) * 10 >= longer * 7;
}

/* Whether the label at line i, marked as a continuation ("PM (cont):",
 * "MR. FRASER CONTINUES:"), goes on with the turn being built: its
 * speaker's label again, as written or as OCR garbled it; or, at the top
 * of a page, a label too garbled to read (seen nowhere else) after speech
 * that did not end in a question — a question's answer starts a turn. */
static bool continues_turn(detector *t, size_t i, const char *key)
{
	if (!t->speaker || t->narration)
		return false;
	if (strcmp(key, t->cur_key) == 0 || ocr_alike(key, t->cur_key))
		return true;
	const pd_doc *d = t->d;
	bool page_top = (d->lines[i].flags & PD_LINE_PARA) ||
			(i > 0 && (d->lines[i - 1].flags & PD_LINE_PARA) && !t->cands[i - 1].accepted &&
			 d->lines[i - 1].len <= 60);
	key_count *k = find_key(t, key);
	bool garbled = (!k || k->count <= 1) && !host_key(t, key) && !journalist_key(key) &&
		       !pd_label_is_moderator_word(key);
	/* the speech before the page header (or the page break) */
	size_t before = (d->lines[i].flags & PD_LINE_PARA) ? i : i - 1;
	bool asked = before > 0 && d->lines[before - 1].len &&
		     d->lines[before - 1].text[d->lines[before - 1].len - 1] == '?';
	return page_top && garbled && !asked;
}

/* The first p >= at (at >= 2, p + 3 < n) where a capital follows a space
 * after a sentence's stop or a NUL (s[p - 2] in strchr(".?!", c): strchr
 * finds the terminator too), or n: the
 * labels run into a line start there. From stop to stop, found sixteen
 * bytes at a time (every line of every document comes here; a step per
 * byte or per space was 4 % of the parser). *nul keeps where the next NUL
 * stands between calls on the same line (SIZE_MAX at first). */
static size_t capital_after_stop(const char *s, size_t n, size_t at, size_t *nul)
{
	for (size_t q = at - 2; q + 5 < n; q++) {
		if (*nul == SIZE_MAX || *nul < q) {
			const char *z = memchr(s + q, '\0', n - q);
			*nul = z ? (size_t)(z - s) : n;
		}
		size_t stop = q + pd_find_byte3(s + q, n - q, '.', '?', '!');
		q = stop < *nul ? stop : *nul;
		if (q + 5 >= n)
			break;
		if (s[q + 1] == ' ' && s[q + 2] >= 'A' && s[q + 2] <= 'Z')
			return q + 2;
	}
	return n;
}

/* OCR'd transcripts run a short label into the line after a sentence's
 * end, bare or with a stop ("...very satisfactorily. Q. You don't see
 * any advantage ...", "...stay low. JL Are you confident?"): a label of
 * one to three capitals the document uses at line starts GARBLED_MIN
 * times or more, not a word of prose, then a capitalised word, starts a
 * turn there ("PM" only with a stop or colon: prose says "PM Hawke").
 * Returns where the label starts at or after `from` and before `before`
 * (0 when none), *len its length, *rest where the speech starts. */
static size_t short_label_in_line(detector *t, const char *s, size_t n, size_t from, size_t before,
				  size_t *len, size_t *rest, char *key, size_t keysz)
{
	if (t->cjk_doc || !t->short_keys)
		return 0;
	size_t nul = SIZE_MAX;
	for (size_t p = from > 2 ? from : 2; (p = capital_after_stop(s, n, p, &nul)) < before; p++) {
		size_t w = p;
		while (w < n && w - p < 4 && s[w] >= 'A' && s[w] <= 'Z')
			w++;
		if (w - p > 3 || w >= n)
			continue;
		size_t r = w;
		bool mark = s[r] == '.' || s[r] == ':' || s[r] == ';';
		if (mark)
			r++;
		if (r >= n || s[r] != ' ')
			continue;
		while (r < n && s[r] == ' ')
			r++;
		/* speech: a capital, then lower case or a space ("I ") */
		if (r + 1 >= n || !(s[r] >= 'A' && s[r] <= 'Z') ||
		    !((s[r + 1] >= 'a' && s[r + 1] <= 'z') || s[r + 1] == ' ' || s[r + 1] == '\''))
			continue;
		char tok[4];
		memcpy(tok, s + p, w - p);
		tok[w - p] = '\0';
		bool pm = strcmp(tok, "PM") == 0;
		if ((pm && !mark) || (!pm && prose_word(tok, w - p)))
			continue;
		const key_count *k = find_key(t, tok);
		if (!k || k->count < GARBLED_MIN || !(k->accepted || k->role))
			continue;
		pd_str_copy(key, keysz, tok);
		*len = w - p;
		*rest = r;
		return p;
	}
	return 0;
}

/* Whether some key could pass short_label_in_line's last test: one to
 * three capitals, used GARBLED_MIN times or more, accepted or a role.
 * Without one, the line's sentence stops (every sentence of the speech)
 * need not be looked at. The keys are final when the turns are built. */
static bool any_short_key(const detector *t)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const key_count *k = &t->keys[i];
		size_t w = 0;
		while (w < 4 && k->key[w] >= 'A' && k->key[w] <= 'Z')
			w++;
		if (w >= 1 && w <= 3 && !k->key[w] && k->count >= GARBLED_MIN && (k->accepted || k->role))
			return true;
	}
	return false;
}

/* At a press club where labels stand alone (count_labels_alone), OCR
 * sometimes runs a questioner's label line onto the last line of the
 * answer before it ("...the Federal Parliament. ANDREW POTTER: ABC."):
 * after a sentence's end, a name of two to four words in capitals, a colon
 * and the outlet up to the line's end start the questioner's turn, whose
 * speech starts on the next line (the outlet is part of the label line).
 * Names asked once are not known labels, so the outlet is the evidence.
 * Returns where the label starts at or after `from` (0 when none), *len
 * its length. */

#define ASKER_NAME_MAX 32

static size_t asker_label_in_line(const detector *t, const char *s, size_t n, size_t from,
				  size_t *len)
{
	/* the name's colon first: most lines have none, and their sentence
	 * stops need not be looked at (a step per stop was 1 % of the
	 * parser) */
	if (!t->labels_alone || t->cjk_doc || from >= n || !memchr(s + from, ':', n - from))
		return 0;
	size_t nul = SIZE_MAX;
	for (size_t p = from > 2 ? from : 2; (p = capital_after_stop(s, n, p, &nul)) < n; p++) {
		size_t e = p, upper = 0;
		while (e < n && e - p <= ASKER_NAME_MAX &&
		       ((s[e] >= 'A' && s[e] <= 'Z') || (s[e] && strchr(" .'-", s[e])))) {
			upper += s[e] >= 'A' && s[e] <= 'Z';
			e++;
		}
		if (e >= n || s[e] != ':' || upper < 5 || count_words(s + p, e - p) < 2 ||
		    count_words(s + p, e - p) > 4)
			continue;
		size_t r = e + 1;
		while (r < n && s[r] == ' ')
			r++;
		char key[KEY_MAX];
		pd_label_key(s + p, e - p, key, sizeof key);
		if (!key[0] || pd_label_is_field(key) || !outlet_text(s + r, n - r))
			continue;
		*len = e - p;
		return p;
	}
	return 0;
}

/* Feeds the speech text (s, n) of line l, splitting it where a label
 * stands inside. */
static void feed_speech(detector *t, const pd_line *l, const char *s, size_t n, bool para)
{
	size_t from = 0;
	for (;;) {
		label_match m;
		bool inside = (t->has_upper || t->any_label) && pd_line_may_hold_colon(l) &&
			      pd_label_in_line(s, n, from, known_upper_label, t, &m);
		char key[KEY_MAX];
		size_t slen, srest;
		size_t at = short_label_in_line(t, s, n, from, inside ? m.start : n, &slen, &srest, key,
						sizeof key);
		if (at) {
			add_text(t, s + from, at - from, para);
			para = false;
			start_turn(t, s + at, slen, key, false);
			from = srest;
			continue;
		}
		if (!inside) {
			size_t alen;
			/* the asker's colon: most lines hold none (PD_LINE_COLON),
			 * and were searched for one (a memchr a line) */
			size_t asker = (l->flags & PD_LINE_COLON) ? asker_label_in_line(t, s, n, from, &alen)
								   : 0;
			if (asker) {
				add_text(t, s + from, asker - from, para);
				pd_label_key(s + asker, alen, key, sizeof key);
				start_turn(t, s + asker, alen, key, false);
				return;   /* the rest of the line is the outlet */
			}
			break;
		}
		add_text(t, s + from, m.start - from, para);
		para = false;
		pd_label_key(s + m.start, m.len, key, sizeof key);
		if (!(m.continued && t->speaker && !t->narration &&
		      (strcmp(key, t->cur_key) == 0 || ocr_alike(key, t->cur_key))))
			start_turn(t, s + m.start, m.len, key, false);
		from = m.rest;
	}
	add_text(t, s + from, n - from, para);
}

static bool skip_line(const pd_line *l)
{
	/* most lines are longer than a page marker or a clock time: not
	 * asked (the calls that turned them away at their length built
	 * their frames first, 1.1 M instructions on 500 files) */
	size_t n = l->len;
	return (l->flags & PD_LINE_QUOTE) ||
	       (n <= PD_BANNER_MAX && pd_line_is_banner(l->text, n)) ||
	       (n <= PD_PAGE_MARKER_MAX && pd_line_may_be_page_marker(l->text, n) &&
		pd_line_is_page_marker(l->text, n)) ||
	       (n <= PD_CLOCK_TIME_MAX && pd_line_may_be_clock_time(l->text, n) &&
		pd_line_is_clock_time(l->text, n)) ||
	       ((l->flags & PD_LINE_HEADING) && !(l->flags & PD_LINE_LABEL));
}

/* skip_line of line i, asked once: inline, so that a line asked before
 * (a third of the questions) is answered without a call and its frame
 * (sixteen instructions). */
static inline bool line_skipped(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	if (!c->skip)
		c->skip = skip_line(&t->d->lines[i]) ? 2 : 1;
	return c->skip == 2;
}

/* pd_line_is_end_marker of line i, asked once (a longer line, or one
 * whose first byte turns it away, not at all: the call built its frame
 * before its first test). */
static inline bool line_end_marker(const detector *t, size_t i)
{
	cand *c = &t->cands[i];
	const pd_line *l = &t->d->lines[i];
	if (!c->end_mark) {
		bool end = l->len <= PD_END_MARKER_MAX &&
			   pd_line_may_be_end_marker(l->text, l->len) &&
			   pd_line_is_end_marker(l->text, l->len);
		c->end_mark = end ? 2 : 1;
	}
	return c->end_mark == 2;
}

/* Two labels back to back before the speech, outside label rows
 * ("JOURNALIST: PM: I have been around politics ..."): the first said
 * nothing OCR kept, the speech is the second's. Starts the second's turn
 * and returns how far the speech moves on, or 0. */
static size_t second_label(detector *t, const pd_line *l, size_t rest)
{
	label_match m;
	if (t->label_rows || rest >= l->len || !(l->text[rest] >= 'A' && l->text[rest] <= 'Z') ||
	    !pd_label_at_start(l->text + rest, l->len - rest, false, &m) || m.shape != LABEL_UPPER ||
	    !m.colon || m.rest >= l->len - rest || !known_upper_label(l->text + rest + m.start, m.len, t))
		return 0;
	char key[KEY_MAX];
	pd_label_key(l->text + rest + m.start, m.len, key, sizeof key);
	start_turn(t, l->text + rest + m.start, m.len, key, false);
	return m.rest;
}

/* A stage direction in a paragraph of its own right after a label
 * ("JOURNALIST: / [Laughter] / Why not call an election?"): not speech.
 * Only before more speech of the turn, and not a mark that stands for
 * words said ("(inaudible)", "[crosstalk]"). */
static bool opening_stage_direction(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	const pd_line *l = &d->lines[i];
	if (!t->speaker || t->narration || t->text.len || !(l->flags & PD_LINE_PARA) || l->len < 3 ||
	    l->len > 40 || i + 1 >= d->n || t->cands[i + 1].accepted ||
	    !(d->lines[i + 1].flags & PD_LINE_PARA))
		return false;
	char open = l->text[0], close = l->text[l->len - 1];
	if (!((open == '[' && close == ']') || (open == '(' && close == ')')) ||
	    memchr(l->text + 1, open, l->len - 1))
		return false;
	/* "(inaudible)" stands for words said: it is the speech */
	static const char *const said[] = { "naudible", "nclear", "ndistinct", "nintelligible",
					    "rosstalk", "ross talk" };
	char low[48];
	for (size_t k = 0; k < l->len; k++)
		low[k] = (char)((l->text[k] >= 'A' && l->text[k] <= 'Z') ? l->text[k] + 32 : l->text[k]);
	low[l->len] = '\0';
	for (size_t k = 0; k < sizeof said / sizeof *said; k++)
		if (strstr(low, said[k]))
			return false;
	return true;
}

/* strncmp(p, pat, strlen(pat)) == 0 for a NUL-terminated p, without a
 * call: most words differ at their second or third byte. */
static bool opens_with(const char *p, const char *pat)
{
	while (*pat && *p == *pat) {
		p++;
		pat++;
	}
	return !*pat;
}

/* The person words count_persons looks for, as ' ' + word + the byte
 * after it; by the word's first letter, at most three each. */
#define PERSON_PATTERNS 3
typedef struct person_words {
	const char *pat[PERSON_PATTERNS];
	bool third;   /* third person ("said", "he"), else first ("I", "we") */
} person_words;

static const person_words person_table[] = {
	{ { " I ", " I'" }, false },   { { " we " }, false },  { { " We " }, false },
	{ { " my " }, false },         { { " our " }, false }, { { " us " }, false },
	{ { " said ", " said,", " stated " }, true },           { { " he ", " his " }, true },
	{ { " He " }, true },          { { " told " }, true },
};

/* person_table as eight-byte masked compares: a word's eight bytes from
 * its space, ANDed with mask, equal val where a pattern opens it (a
 * pattern is at most eight bytes). Entry 0 matches nothing (val 1 under
 * mask 0). Built once (person_tables_built). */
typedef struct person_match {
	uint64_t mask[PERSON_PATTERNS], val[PERSON_PATTERNS];
	unsigned shift;   /* where its hits are counted: 32 third person, 0 first */
} person_match;

static void person_match_build(person_match *pm, uint8_t *entry_of, const person_match **match_of)
{
	size_t entries = sizeof person_table / sizeof *person_table;
	for (size_t e = 0; e <= entries; e++) {
		person_match *m = &pm[e];
		for (size_t k = 0; k < PERSON_PATTERNS; k++) {
			const char *pat = e ? person_table[e - 1].pat[k] : NULL;
			m->mask[k] = 0;
			m->val[k] = 1;
			if (!pat)
				continue;
			unsigned char bytes[8] = { 0 }, ones[8] = { 0 };
			size_t len = strlen(pat);
			memcpy(bytes, pat, len);
			memset(ones, 0xFF, len);
			memcpy(&m->val[k], bytes, 8);
			memcpy(&m->mask[k], ones, 8);
		}
		m->shift = e && person_table[e - 1].third ? 32 : 0;
	}
	/* which entry the byte after a space picks (1 + its index, 0 for
	 * none), and its address (the index scaled per space was a sixth
	 * of the compares' instructions): the entries backwards, so that the
	 * first of two for one letter wins */
	memset(entry_of, 0, 256);
	for (size_t c = 0; c < 256; c++)
		match_of[c] = &pm[0];
	for (size_t e = entries; e-- > 0;) {
		unsigned char c = (unsigned char)person_table[e].pat[0][1];
		entry_of[c] = (uint8_t)(e + 1);
		match_of[c] = &pm[e + 1];
	}
}

/* The person words opening at the space p[0] (NUL-terminated), by
 * comparing byte by byte: the last eight bytes of a line. */
static void count_person_word(const char *p, const uint8_t *entry_of, size_t *first,
			      size_t *third)
{
	size_t e = entry_of[(unsigned char)p[1]];
	if (!e)
		return;
	size_t hits = 0;
	for (size_t k = 0; k < PERSON_PATTERNS && person_table[e - 1].pat[k]; k++)
		hits += opens_with(p, person_table[e - 1].pat[k]);
	*(person_table[e - 1].third ? third : first) += hits;
}

/* The person words opening at the space p[0], whose next eight bytes
 * are the line's: their count shifted to its half of count_persons'
 * counter (first person low, third high). */
static uint64_t person_hits(const char *p, const person_match *const *match_of)
{
	uint64_t w;
	memcpy(&w, p, 8);
	const person_match *m = match_of[(unsigned char)p[1]];
	uint64_t hits = (uint64_t)((w & m->mask[0]) == m->val[0]) +
			(uint64_t)((w & m->mask[1]) == m->val[1]) +
			(uint64_t)((w & m->mask[2]) == m->val[2]);
	return hits << m->shift;
}

#if defined(__SSE2__)
/* Bit j set where p[j] (of sixteen, p[16] readable: the line's NUL at
 * the latest) is a space before a letter h to w, either case: every
 * person word's second byte is one (I, w, W, m, o, u, s, h, H, t), and
 * a third of the words start otherwise, their spaces not looked at. */
static unsigned person_spaces16(const char *p)
{
	__m128i byte = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
	/* lower-cased and moved so that 'h' to 'w' are the 16 lowest
	 * signed bytes: one compare */
	__m128i next = _mm_add_epi8(_mm_or_si128(byte, _mm_set1_epi8(32)),
				    _mm_set1_epi8((char)(0x80 - 'h')));
	__m128i hit = _mm_and_si128(
		_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), _mm_set1_epi8(' ')),
		_mm_cmplt_epi8(next, _mm_set1_epi8((char)(0x80 + 16))));
	/* nor p to r, either case, nor a lower-case i ("in", "is", "it",
	 * "people", "right"): a fifth of the spaces, looked at for nothing */
	__m128i none = _mm_or_si128(
		_mm_cmplt_epi8(_mm_sub_epi8(next, _mm_set1_epi8('p' - 'h')), _mm_set1_epi8((char)(0x80 + 3))),
		_mm_cmpeq_epi8(byte, _mm_set1_epi8('i')));
	/* nor a word whose second letter is f to h ("the", "that", "of",
	 * "which", "she"): no person word's is, and they were a third of the
	 * spaces left (22 instructions each). The bytes after the letters
	 * are those moved down a lane, not loaded (p[17] may be past the
	 * line's NUL): the last lane's is 0, its space kept */
	__m128i after = _mm_add_epi8(_mm_srli_si128(byte, 1), _mm_set1_epi8((char)(0x80 - 'f')));
	none = _mm_or_si128(none, _mm_cmplt_epi8(after, _mm_set1_epi8((char)(0x80 + 3))));
	return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(none, hit));
}
#endif

/* Bit j set where s[b + j] (of the sixteen bytes from b < n, those before
 * n = strlen(s)) is a space that may open a person word. A line's last
 * bytes are its last sixteen read again, their new bytes kept, where SSE2
 * is: a step per byte there was a tenth of count_persons. */
static inline unsigned person_spaces(const char *s, size_t b, size_t n)
{
#if defined(__SSE2__)
	if (b + 16 <= n)
		return person_spaces16(s + b);
	if (n >= 16)
		return person_spaces16(s + n - 16) >> (b + 16 - n);
#endif
	unsigned spaces = 0;
	for (size_t j = b; j < n && j < b + 16; j++)
		spaces |= (unsigned)(s[j] == ' ') << (j - b);
	return spaces;
}

/* The person words of s[0..n) (s[n] readable: a NUL) into *counts (first
 * person low, third high) and *first, *third (those of the last eight
 * bytes). */
static void count_persons_in(const char *s, size_t n, const person_match *const *match_of,
			     const uint8_t *entry_of, uint64_t *counts, size_t *first, size_t *third)
{
	/* every word starts with a space: one pass over the spaces (up to a
	 * NUL the line may hold), sixteen bytes at a time where SSE2 is — a
	 * strchr call per word was 2 % */
	size_t b = 0;
	for (; b + 24 <= n; b += 16) {   /* every space's eight bytes in the text */
		unsigned spaces = person_spaces(s, b, n);
		for (; spaces; spaces &= spaces - 1)
			*counts += person_hits(s + b + (size_t)__builtin_ctz(spaces), match_of);
	}
	for (; b < n; b += 16) {
		unsigned spaces = person_spaces(s, b, n);
		for (; spaces; spaces &= spaces - 1) {
			size_t at = b + (size_t)__builtin_ctz(spaces);
			if (at + 8 > n)   /* the bytes past the NUL are not the text's */
				count_person_word(s + at, entry_of, first, third);
			else
				*counts += person_hits(s + at, match_of);
		}
	}
}

/* The end of the run of lines from i (< to) whose texts follow each other
 * in the document's arena, each after the previous one's NUL, with no
 * NUL inside: one text for count_persons, the NULs between them ending
 * any word they split (no person word holds a NUL). */
static size_t arena_run_end(const pd_line *lines, size_t i, size_t to)
{
	if (lines[i].flags & PD_LINE_NUL)
		return i + 1;
	size_t j = i + 1;
	while (j < to && !(lines[j].flags & PD_LINE_NUL) &&
	       lines[j].text == lines[j - 1].text + lines[j - 1].len + 1)
		j++;
	return j;
}

/* count_persons' tables, built once for all threads (pthread_once, as
 * labels.c's lists): built per call they were 0.4 M instructions on the
 * first 500 dev files, a strlen, memcpy and memset per pattern. */
typedef struct person_tables {
	person_match pm[1 + sizeof person_table / sizeof *person_table];
	uint8_t entry_of[256];
	const person_match *match_of[256];
} person_tables;

static person_tables built_person_tables;
static pthread_once_t person_tables_init = PTHREAD_ONCE_INIT;
/* set (release) once built: read (acquire, a plain load on x86) before
 * pthread_once is called */
static atomic_bool person_tables_ready;

static void person_tables_build(void)
{
	person_tables *pt = &built_person_tables;
	person_match_build(pt->pm, pt->entry_of, pt->match_of);
	atomic_store_explicit(&person_tables_ready, true, memory_order_release);
}

static const person_tables *person_tables_built(void)
{
	if (!atomic_load_explicit(&person_tables_ready, memory_order_acquire))
		pthread_once(&person_tables_init, person_tables_build);
	return &built_person_tables;
}

/* Reported speech: "Mr Menzies said that ..." in the third person. */
static void count_persons(const detector *t, size_t from, size_t to, size_t *first_out,
			  size_t *third_out)
{
	/* first person: " I ", " I'", " we ", " We ", " my ", " our ", " us ";
	 * third: " said ", " said,", " stated ", " he ", " He ", " his ",
	 * " told ". Each space's next eight bytes are compared with the
	 * patterns its next letter picks, without a branch: a switch on that
	 * letter (a jump per space, taken at random) was most of build_turns'
	 * CPU time, which counts every word of a label-less opening */
	const person_tables *pt = person_tables_built();
	const person_match *const *match_of = pt->match_of;
	const uint8_t *entry_of = pt->entry_of;
	size_t first = 0, third = 0;
	/* both counts in one word, the third person's in the high half (a
	 * document has fewer than 2^32 words): a person picked by a shift,
	 * not by two masks, and no test of the line's end where the block
	 * ends eight bytes before it, were a tenth of this function */
	uint64_t counts = 0;
	/* the lines one after the other in the arena read as one text: each
	 * line's set-up and its last bytes, read again and byte by byte, were
	 * a tenth of this function (1.2 M instructions on the first 500 dev
	 * files) */
	const pd_line *lines = t->d->lines;
	for (size_t i = from; i < to;) {
		size_t end = arena_run_end(lines, i, to);
		const pd_line *last = &lines[end - 1];
		size_t n = end == i + 1 ? pd_line_strlen(last)
					: (size_t)(last->text + last->len - lines[i].text);
		count_persons_in(lines[i].text, n, match_of, entry_of, &counts, &first, &third);
		i = end;
	}
	*first_out = first + (size_t)(counts & UINT32_MAX);
	*third_out = third + (size_t)(counts >> 32);
}

/* Reported speech ("He said that ..."), from count_persons' counts. */
static bool reads_as_reported(size_t first, size_t third)
{
	return third >= 3 && third > first * 2;
}

/* The host named in the third person in lines [from, to): "the Prime
 * Minister", "The President", or the host's name. */
static bool names_host(const detector *t, size_t from, size_t to)
{
	static const char *const offices[] = {
		"the Prime Minister", "The Prime Minister", "the President", "The President",
		"the Premier", "The Premier", "the Chancellor", "The Chancellor",
	};
	for (size_t i = from; i < to; i++) {
		const char *text = t->d->lines[i].text;
		for (size_t k = 0; k < sizeof offices / sizeof *offices; k++)
			if (strstr(text, offices[k]))
				return true;
		if (t->host_name && strstr(text, t->host_name))
			return true;
	}
	return false;
}

/* An opening with no first person in it (the caller counts) that tells
 * of the event ("On 4 April, 2012, the Prime Minister and numerous
 * ministers held a Community Cabinet meeting ... This video contains some
 * highlights"): the host in the third person, a sentence or more.
 * Narration, not the host's unlabelled statement (which says I, we,
 * our). Asking is no telling. */
static bool tells_of_event(const detector *t, size_t from, size_t to)
{
	size_t words = 0;
	for (size_t i = from; i < to; i++) {
		if (memchr(t->d->lines[i].text, '?', t->d->lines[i].len))
			return false;   /* a question (an asker's label OCR lost) */
		words += count_words(t->d->lines[i].text, t->d->lines[i].len);
	}
	return words >= 12 && names_host(t, from, to);
}

/* The label the host uses later in the document, if any; *len gets its
 * length (it points into a line). */
static const char *host_label(detector *t, size_t *len)
{
	size_t n;
	const uint32_t *acc = accepted_lines(t, &n);
	for (size_t s = 0; s < n; s++) {
		size_t i = acc[s];
		const cand *c = &t->cands[i];
		if (host_key(t, c->key)) {
			*len = c->m.len;
			return t->d->lines[i].text + c->m.start;
		}
	}
	return NULL;
}

/* The value v[k] would hold were v (n > k values) sorted: found in place
 * by selection (Hoare's partition around the middle value), not by a
 * sort; qsort of every document's line lengths was 2 % of the parser. */
static size_t select_kth(size_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t pivot = v[lo + (hi - lo) / 2], i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				size_t x = v[i];
				v[i] = v[j];
				v[j] = x;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		/* now v[lo..j] <= pivot <= v[i..hi], and between them all
		 * equal the pivot */
		if (k <= j && j != SIZE_MAX && i > j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* Lengths below this are counted in pd_doc_wrapped_line_median's histogram. */
#define WRAP_LEN_BINS 256

/* The k-th smallest (from 0) of the lengths of wrapped lines (those whose
 * next line is not a paragraph's start) that are WRAP_LEN_BINS or longer. */
static size_t longer_wrapped_kth(const pd_doc *d, size_t longer, size_t k)
{
	size_t *v = pd_xmalloc(longer * sizeof *v), m = 0;
	for (size_t i = 0; i + 1 < d->n; i++)
		if (!(d->lines[i + 1].flags & PD_LINE_PARA) && d->lines[i].len >= WRAP_LEN_BINS)
			v[m++] = d->lines[i].len;
	size_t kth = select_kth(v, m, k);
	free(v);
	return kth;
}

/* Median length of lines that wrap into a next line of the same paragraph
 * (typescripts, PDF text), or 0 when the text has few of them. The short
 * lengths (most: a typescript's lines) are counted by length and the
 * median walked to; only a median among the long ones is selected from
 * their copies. Copying every length and selecting (a partition's
 * branches taken at random) was 0.6 % of the parser's instructions. */
size_t pd_doc_wrapped_line_median(const pd_doc *d)
{
	size_t bins[WRAP_LEN_BINS] = { 0 }, k = 0, longer = 0;
	for (size_t i = 0; i + 1 < d->n; i++)
		if (!(d->lines[i + 1].flags & PD_LINE_PARA)) {
			size_t len = d->lines[i].len;
			k++;
			if (len < WRAP_LEN_BINS)
				bins[len]++;
			else
				longer++;
		}
	if (k < 10)
		return 0;
	size_t rank = k / 2;
	if (rank >= k - longer)
		return longer_wrapped_kth(d, longer, rank - (k - longer));
	size_t len = 0;
	for (; rank >= bins[len]; len++)
		rank -= bins[len];
	return len;
}

/* In a document whose opening introduced its official ("Cui Xiaohao,
 * Executive Deputy District Mayor of Chaoyang, introduced ..."), a later
 * paragraph introducing another the same way — a headline with no full
 * stop, not a label — ends the speech before it: the line is narration
 * and the introduced official's statement follows. True when line i was
 * taken so: later_introduction. */
static bool introduces_later(detector *t, size_t i)
{
	static const char *const verbs[] = {
		", introduced ", ", presented ", ", briefed ", ", elaborated ", ", outlined ",
		", explained ", ", released ",
	};
	static const char *const honorifics[] = { "Mr ", "Mr. ", "Mrs ", "Ms ", "Dr ", "Sir " };
	const pd_line *l = &t->d->lines[i];
	if (!(l->flags & PD_LINE_PARA) || t->cands[i].accepted ||
	    l->len == 0 || l->len > 300 || strchr(".?!:\"", l->text[l->len - 1]) ||
	    holds(l->text, l->len, ". "))
		return false;
	/* an official's own headline: no sentence before it, an office's
	 * verb ("said", "told" report speech inside a speech), a bare name
	 * ("Mr Howard, ..." addresses someone) */
	bool verb = false;
	for (size_t k = 0; k < sizeof verbs / sizeof *verbs && !verb; k++)
		verb = holds(l->text, l->len, verbs[k]);
	for (size_t k = 0; k < sizeof honorifics / sizeof *honorifics && verb; k++)
		verb = strncmp(l->text, honorifics[k], strlen(honorifics[k])) != 0;
	struct intro in;
	bool read = verb && parse_introduction(l->text, l->len, in.name, sizeof in.name, in.role,
					       sizeof in.role);
	if (!read)
		read = parse_introduction_cjk(l->text, l->len, in.name, sizeof in.name, in.role,
					      sizeof in.role);
	if (!read || (t->speaker && strcmp(t->speaker, in.name) == 0))
		return false;
	size_t k = 0;
	while (k < t->nintros && strcmp(t->intros[k].name, in.name) != 0)
		k++;
	if (k == t->nintros && t->nintros < INTROS_MAX)
		t->intros[t->nintros++] = in;
	start_turn(t, NULL, 0, NULL, true);
	add_text(t, l->text, l->len, true);
	char key[KEY_MAX];
	pd_label_key(in.name, strlen(in.name), key, sizeof key);
	start_turn(t, in.name, strlen(in.name), key, false);
	return true;
}

/* introduces_later, asked only in a document whose opening introduced
 * someone (few): its call for every line of the others' speech, with the
 * frame its locals need, was 0.2 % of the parser's instructions. */
static inline bool later_introduction(detector *t, size_t i)
{
	return t->intro_name[0] && introduces_later(t, i);
}

static void emit_preamble(detector *t, size_t first_label)
{
	const pd_doc *d = t->d;
	bool any_label = first_label < d->n;
	size_t first_prose = first_label;
	size_t wrap = SIZE_MAX;   /* not measured yet */
	for (size_t i = 0; i < first_label; i++) {
		const pd_line *l = &d->lines[i];
		if (take_subjects(t, i))
			continue;
		if (line_skipped(t, i) || line_end_marker(t, i))
			continue;
		/* the heading test only until the prose starts (it reads the
		 * whole line, and nothing after the prose's start needs it) */
		if (first_prose != first_label || is_heading_line(l))
			continue;
		/* typescripts: the letterhead's lines are much shorter than the
		 * wrapped lines of the speech that follows (the lines' median,
		 * a pass over all of them, measured only for an opening with a
		 * line other than a heading) */
		if (wrap == SIZE_MAX)
			wrap = pd_doc_wrapped_line_median(d);
		bool short_line = wrap && l->len * 100 < wrap * 65 && i + 1 < d->n &&
				  !(d->lines[i + 1].flags & PD_LINE_PARA);
		if (!short_line)
			first_prose = i;
	}
	/* headings before the prose are context, kept as narration */
	start_turn(t, NULL, 0, NULL, true);
	for (size_t i = 0; i < first_prose; i++) {
		const pd_line *l = &d->lines[i];
		if (line_skipped(t, i) || take_subjects(t, i) || line_end_marker(t, i))
			continue;
		add_text(t, l->text, l->len, true);
	}
	if (first_prose >= first_label)
		return;

	/* an introduction hands the floor to the introduced person */
	size_t intro = first_label;
	for (size_t i = first_prose; i < first_label; i++) {
		const pd_line *l = &d->lines[i];
		if ((l->flags & PD_LINE_PARA) && read_introduction(t, l->text, l->len)) {
			intro = i;
			break;
		}
	}
	bool marked = false;   /* the markup calls the opening narration */
	for (size_t i = first_prose; i < first_label && !marked; i++)
		marked = (d->lines[i].flags & PD_LINE_NARRATION) != 0;
	/* reported speech and an account of the event are looked for last,
	 * and only when there is no introduction (the one case the answer is
	 * used): they read every word of the opening, all of a document
	 * without labels (3 % of the parser's instructions when asked first) */
	bool narration_only = (!any_label && is_release_type(t->r->release_type)) || marked;
	if (!narration_only && intro >= first_label) {
		size_t first, third;
		count_persons(t, first_prose, first_label, &first, &third);
		narration_only = reads_as_reported(first, third) ||
				 (any_label && !first && tells_of_event(t, first_prose, first_label));
	}
	const char *speaker = NULL;
	size_t speaker_len = 0; /* 0: all of speaker */
	size_t speech_from = first_prose;
	if (intro < first_label) {
		for (size_t i = first_prose; i <= intro; i++) {
			const pd_line *l = &d->lines[i];
			if (!line_skipped(t, i))
				add_text(t, l->text, l->len, (l->flags & PD_LINE_PARA) != 0);
		}
		speaker = t->intro_name;
		speech_from = intro + 1;
	} else if (!narration_only) {
		/* an unlabelled opening statement: the host's, when a journalist
		 * speaks next or nobody is labelled at all */
		const cand *fc = any_label ? &t->cands[first_label] : NULL;
		bool host_next = fc && host_key(t, fc->key);
		if (!host_next) {
			speaker = host_label(t, &speaker_len);
			if (!speaker)
				speaker = t->host_name;
			/* nobody labelled at all: a speech by someone unnamed */
			if (!speaker && !any_label)
				speaker = "SPEAKER";
		}
	}
	if (speaker) {
		size_t len = speaker_len ? speaker_len : strlen(speaker);
		char key[KEY_MAX];
		pd_label_key(speaker, len, key, sizeof key);
		start_turn(t, speaker, len, key, false);
	}
	for (size_t i = speech_from; i < first_label; i++) {
		const pd_line *l = &d->lines[i];
		if (line_skipped(t, i) || take_subjects(t, i) || line_end_marker(t, i))
			continue;
		if (i > intro && later_introduction(t, i))
			continue;
		feed_speech(t, l, l->text, l->len, (l->flags & PD_LINE_PARA) != 0);
	}
}

/* Who spoke last on each side, for documents whose speeches alternate
 * without labels (label rows): a label as written, pointing into a line. */
typedef struct side {
	const char *label; /* NULL: nobody yet */
	size_t len;
	char key[KEY_MAX];
} side;

typedef struct speaker_sides {
	side asker, answerer;
} speaker_sides;

static void note_speaker(speaker_sides *sw, const detector *t, const char *label, size_t len,
			 const char *key)
{
	side *s = answers(t, key) ? &sw->answerer : &sw->asker;
	s->label = label;
	s->len = len;
	pd_str_copy(s->key, sizeof s->key, key);
}

/* note_speaker for a side nobody spoke for yet. */
static void note_first_speaker(speaker_sides *sw, const detector *t, const char *label,
			       size_t len, const char *key)
{
	if (!(answers(t, key) ? sw->answerer : sw->asker).label)
		note_speaker(sw, t, label, len, key);
}

/* Before anyone speaks: the first label of each side, looked for from
 * the document's start until both are found (read from its end, each
 * label noted over the one after it, every line was read and every label
 * copied: 0.5 % of the parser's instructions). */
static void note_first_speakers(speaker_sides *sw, detector *t)
{
	const pd_doc *d = t->d;
	size_t nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);   /* a row opens with one too */
	memset(sw, 0, sizeof *sw);
	for (size_t s = 0; s < nacc && !(sw->asker.label && sw->answerer.label); s++) {
		size_t i = acc[s];
		row_label row[ROW_MAX_LABELS];
		size_t from, n = t->label_rows ? read_label_row(t, i, row, &from) : 0;
		for (size_t k = 0; k < n; k++)
			note_first_speaker(sw, t, d->lines[i].text + row[k].start, row[k].len,
					   row[k].key);
		if (!n)
			note_first_speaker(sw, t, d->lines[i].text + t->cands[i].m.start,
					   t->cands[i].m.len, t->cands[i].key);
	}
}

/* Does the speech starting at line i (at byte `from`), up to the next
 * line that starts after a sentence's end or the next label, end in a
 * question mark? */
static bool unit_ends_question(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	size_t j = i;
	while (j + 1 < d->n && !t->cands[j + 1].accepted && !ends_sentence(&d->lines[j]))
		j++;
	const pd_line *l = &d->lines[j];
	return l->len && l->text[l->len - 1] == '?';
}

static void start_side_turn(detector *t, const side *s)
{
	if (s->label)
		start_turn(t, s->label, s->len, s->key, false);
}

/* Whether the sentence that opens line i ends in a question mark, however
 * many lines it runs over (up to ASK_LINES_MAX, and not past a label). */

#define ASK_LINES_MAX 6

static bool first_sentence_asks(const detector *t, size_t i)
{
	const pd_doc *d = t->d;
	for (size_t j = i; j < d->n && j < i + ASK_LINES_MAX; j++) {
		if (j > i && t->cands[j].accepted)
			return false;
		for (size_t k = 0; k < d->lines[j].len; k++) {
			char ch = d->lines[j].text[k];
			if (ch == '?')
				return true;
			/* a full stop ends the sentence, not one after "Mr" */
			if ((ch == '.' && !(k >= 2 && d->lines[j].text[k - 2] == 'M' &&
					    d->lines[j].text[k - 1] == 'r')) || ch == '!')
				return false;
		}
	}
	return false;
}

/* Whether a line speaks to someone the way questioners address the one
 * who answers: "Sir, at the opening ...", "I understand, sir, that ...",
 * "Mr. Menzies, are you ...". */
static bool addresses_speaker(const pd_line *l)
{
	const char *s = l->text;
	size_t n = l->len;
	if (n > 4 && strncmp(s, "Sir,", 4) == 0)
		return true;
	for (size_t k = 1; k + 4 < n; k++)
		if (s[k - 1] == ' ' && (s[k] | 32) == 's' && strncmp(s + k + 1, "ir", 2) == 0 &&
		    (s[k + 3] == ',' || s[k + 3] == '?'))
			return true;
	/* "Mr. Menzies," / "Mr Menzies," opening the line */
	size_t w = 0;
	if (n > 4 && s[0] == 'M' && s[1] == 'r')
		w = s[2] == '.' ? 3 : 2;
	if (!w || w >= n || s[w] != ' ' || w + 1 >= n || !(s[w + 1] >= 'A' && s[w + 1] <= 'Z'))
		return false;
	size_t e = w + 1;
	while (e < n && ((s[e] | 32) >= 'a' && (s[e] | 32) <= 'z'))
		e++;
	return e < n && s[e] == ',';
}

/* At a line that starts after a sentence's end: a question is the
 * asker's; anything else is the other side's reply. An answer goes on
 * over its line ends until a sentence asks ("No I haven't arranged it
 * yet. / I think I should this year. / It is the first time since 1957,
 * isn't it?"): the asker's turn starts at the question. */
static void switch_speaker(const speaker_sides *sw, detector *t, size_t i)
{
	bool answering = answers(t, t->cur_key);
	bool asks = unit_ends_question(t, i);
	if (asks && !answering)
		return;
	if (answering && !asks && !first_sentence_asks(t, i) && !addresses_speaker(&t->d->lines[i]))
		return;
	start_side_turn(t, answering ? &sw->asker : &sw->answerer);
}

/* Where label rows leave the speech unlabelled, a speech may also start
 * inside a line, after a sentence's end: after the asker's question mark
 * a reply's first word opens the answer ("...contemplate going? No, I
 * would expect ..."; not "...? You said in the statement ..."), and in an
 * answer a sentence that asks ("...when I get it. Did you read, sir,
 * that ...?") is the asker's. Feeds line i from byte `from`, switching
 * sides there. */
static void feed_row_speech(detector *t, const speaker_sides *sw, size_t i, size_t from, bool para)
{
	const pd_doc *d = t->d;
	const pd_line *l = &d->lines[i];
	for (size_t p = from + 2; p + 1 < l->len; p++) {
		if (l->text[p - 1] != ' ' || !strchr(".?!", l->text[p - 2]) ||
		    !(l->text[p] >= 'A' && l->text[p] <= 'Z') || !t->speaker || t->narration)
			continue;
		bool answering = answers(t, t->cur_key);
		const side *next = NULL;
		size_t e = p;
		while (e < l->len && (l->text[e] | 32) >= 'a' && (l->text[e] | 32) <= 'z')
			e++;
		if (!answering && l->text[p - 2] == '?' && answer_word(l->text + p, e - p) &&
		    !sentence_asks(d, i, p))
			next = &sw->answerer;
		else if (answering && sentence_asks(d, i, p) && sentence_ends_line(d, i, p))
			next = &sw->asker;
		if (!next || !next->label)
			continue;
		feed_speech(t, l, l->text + from, p - from, para);
		para = false;
		start_side_turn(t, next);
		from = p;
	}
	feed_speech(t, l, l->text + from, l->len - from, para);
}

/* A row with speech after it ("QUESTION: PRIME MINISTER: What about ...?"):
 * a question is the asker's, anything else the answerer's in the row. */
static bool sentence_asks(const pd_doc *d, size_t i, size_t from);
static void start_row_turn(detector *t, speaker_sides *sw, size_t i)
{
	const pd_line *l = &t->d->lines[i];
	row_label labels[ROW_MAX_LABELS];
	size_t from, n = read_label_row(t, i, labels, &from);
	/* a first sentence that asks is the asker's even when the answer
	 * runs on after it ("...under the present / conditions? No, I ...") */
	bool question = unit_ends_question(t, i) || sentence_asks(t->d, i, from);
	const row_label *pick = &labels[0];
	for (size_t k = 0; k < n; k++)
		if (answers(t, labels[k].key) != question) {
			pick = &labels[k];
			break;
		}
	note_speaker(sw, t, l->text + pick->start, pick->len, pick->key);
	start_turn(t, l->text + pick->start, pick->len, pick->key, false);
	feed_row_speech(t, sw, i, from, true);
}

/* The opening's roster lines (roster.h), up to the first other label:
 * read into t->roster, skipped as no turn's text, and never labels (after
 * the first turn a "Moderator: ..." line is speech). A key alone
 * ("Speakers:") is the roster's when entries follow it; a chairing key
 * only where no other line uses it as a label. A label that names
 * someone the roster lists counts as a role word would ("康义：" once). */
#define ROSTER_PROSE_BYTES 72   /* a line this long (~12 words), no roster's, ends the opening */
#define ROSTER_LINES_MAX 40     /* and the opening is no longer than this */
static void find_roster(detector *t)
{
	const pd_doc *d = t->d;
	size_t pending = SIZE_MAX;   /* a key alone, waiting for its entries */
	for (size_t i = 0; i < d->n && i < ROSTER_LINES_MAX; i++) {
		const pd_line *l = &d->lines[i];
		cand *c = &t->cands[i];
		bool may_chair = c->m.shape == LABEL_NONE || find_key(t, c->key)->count <= 1;
		pd_roster_line got = pd_roster_read(&t->roster, l->text, l->len, may_chair);
		if (got == PD_ROSTER_KEY_ALONE) {
			if (pending != SIZE_MAX && t->cands[pending].m.shape != LABEL_NONE)
				break;
			pending = i;
			continue;
		}
		if (got == PD_ROSTER_ENTRIES) {
			for (size_t k = pending != SIZE_MAX ? pending : i; k <= i; k++) {
				t->cands[k].roster = true;
				t->cands[k].skip = 2;   /* line_skipped: no turn's text */
			}
			pending = SIZE_MAX;
			continue;
		}
		if ((pending != SIZE_MAX && t->cands[pending].m.shape != LABEL_NONE) ||
		    c->m.shape != LABEL_NONE || l->len >= ROSTER_PROSE_BYTES)
			break;
		pending = SIZE_MAX;
	}
	if (!t->roster.n)
		return;
	for (size_t i = 0; i < d->n; i++) {
		cand *c = &t->cands[i];
		if (c->roster || c->m.shape == LABEL_NONE)
			continue;
		const pd_line *l = &d->lines[i];
		if (pd_roster_names(&t->roster, l->text + c->m.start, c->m.len))
			find_key(t, c->key)->role = true;
	}
}

/* Roster lines are no labels, whatever a later rule found in them. In a
 * text with no other label (a release listing a panel: "Chair: Brian
 * Howe") they are no roster either: their text stays, as before. */
static void drop_roster_labels(detector *t)
{
	/* roster lines are the opening's (find_roster): a document with none
	 * (most; its roster is empty too) is not read to its end for a label
	 * and for them, two passes over every line */
	size_t opening = t->d->n < ROSTER_LINES_MAX ? t->d->n : ROSTER_LINES_MAX;
	bool any_roster = false;
	for (size_t i = 0; i < opening; i++)
		any_roster |= t->cands[i].roster;
	if (!any_roster)
		return;
	bool speech = false;
	size_t nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc && !speech; s++)
		speech = !t->cands[acc[s]].roster;
	for (size_t i = 0; i < opening; i++) {
		cand *c = &t->cands[i];
		if (!c->roster)
			continue;
		if (speech) {
			c->accepted = false;
			t->acc_listed = false;
		} else {
			c->roster = false;
			c->skip = 0;   /* line_skipped asks again */
		}
	}
	if (!speech)
		t->roster.n = 0;
}

/* Who answers the bold questions: the host the source names, else the
 * one an introduction named, else an unnamed speaker (as a speech with
 * no label is). */
static const char *answerer_of_bold_questions(const detector *t)
{
	if (t->host_name)
		return t->host_name;
	if (t->intro_name[0])
		return t->intro_name;
	return "SPEAKER";
}

static void build_turns(detector *t)
{
	const pd_doc *d = t->d;
	t->short_keys = any_short_key(t);
	speaker_sides sw;
	note_first_speakers(&sw, t);
	/* about a turn per label, and one before them: the record's turns
	 * reserved at once (grown from eight, they were two reallocs a
	 * document), counted from the accepted lines and the marked ones (a
	 * pass over every line's candidate was 0.4 % of the parser's
	 * instructions) */
	size_t labels = 1 + t->nturn_starts, nacc;
	const uint32_t *acc = accepted_lines(t, &nacc);
	for (size_t s = 0; s < nacc; s++) {
		const cand *c = &t->cands[acc[s]];
		row_label row[ROW_MAX_LABELS];
		size_t from, n = t->label_rows ? read_label_row(t, acc[s], row, &from) : 0;
		labels += (n ? n : 1) - (c->voice || c->asks);
	}
	pd_record_reserve_turns(t->r, labels < PD_MAX_TURNS ? labels : PD_MAX_TURNS);
	size_t first_label = d->n;
	for (size_t i = 0; i < d->n; i++)
		if (t->cands[i].accepted || t->cands[i].voice) {
			first_label = i;
			break;
		}
	emit_preamble(t, first_label);
	for (size_t i = first_label; i < d->n; i++) {
		const pd_line *l = &d->lines[i];
		const cand *c = &t->cands[i];
		/* a heading may be a label alone on its line (find_colonless_labels) */
		if ((line_skipped(t, i) && !(c->accepted && c->colonless)) ||
		    (!c->accepted && opening_stage_direction(t, i)))
			continue;
		if (i + 3 >= d->n && line_end_marker(t, i)) {
			/* "Ends/Saturday, June 3, 2023": the only date some
			 * releases give */
			char iso[11];
			if (!t->r->date && pd_parse_date(l->text, l->len, iso))
				pd_record_set(&t->r->date, iso);
			continue;
		}
		if (l->flags & PD_LINE_NARRATION) {   /* the markup says so */
			if (!t->narration)
				start_turn(t, NULL, 0, NULL, true);
			add_text(t, l->text, l->len, true);
			continue;
		}
		size_t row_text, split, skip = 0;
		row_label row[ROW_MAX_LABELS];
		if (t->label_rows && read_label_row(t, i, row, &row_text)) {
			if (row_text < l->len)
				start_row_turn(t, &sw, i);
			continue;
		}
		if (c->voice) {   /* find_bold_questions */
			const char *who = c->voice == 1 ? "Q" : answerer_of_bold_questions(t);
			char key[KEY_MAX];
			pd_label_key(who, strlen(who), key, sizeof key);
			start_turn(t, who, strlen(who), key, false);
			feed_speech(t, l, l->text, l->len, true);
			continue;
		}
		if (c->accepted) {
			const char *label = l->text + c->m.start;
			size_t label_len = c->m.len;
			if (c->spelled_at) {
				const cand *right = &t->cands[c->spelled_at - 1];
				label = d->lines[c->spelled_at - 1].text + right->m.start;
				label_len = right->m.len;
			}
			if ((c->m.shape == LABEL_MARKUP || c->m.shape == LABEL_CJK) &&
			    is_pseudo_label(label, label_len)) {
				start_turn(t, NULL, 0, NULL, true);
				continue;
			}
			bool same = strcmp(c->key, t->cur_key) == 0 && !t->narration && t->speaker;
			if (!((same && t->merge_repeats) || (c->m.continued && continues_turn(t, i, c->key))))
				start_turn(t, label, label_len, c->key, false);
			note_speaker(&sw, t, label, label_len, c->key);
			if (c->m.rest < l->len && !reads_as_affiliation(t, i)) {
				size_t rest = c->m.rest;
				/* "PRIME MINISTER: (continued) ..." */
				size_t c0 = rest + 1;
				while (c0 < l->len && l->text[c0] == ' ')
					c0++;
				if (l->text[rest] == '(' && c0 < l->len && (l->text[c0] | 32) == 'c') {
					const char *close = memchr(l->text + rest, ')', l->len - rest);
					if (close && close - (l->text + rest) < 16)
						rest = (size_t)(close - l->text) + 1;
				}
				rest += second_label(t, l, rest);
				feed_speech(t, l, l->text + rest, l->len - rest, !same || true);
			}
			t->cur_para_pending = true;
			continue;
		}
		if (c->m.shape == LABEL_CJK || c->m.shape == LABEL_MARKUP) {
			/* a rejected CJK / heading label: a pseudo-label or a field */
			if (c->m.shape == LABEL_MARKUP || is_pseudo_label(l->text, c->m.len)) {
				start_turn(t, NULL, 0, NULL, true);
				continue;
			}
		}
		if (later_introduction(t, i))
			continue;
		if (t->label_rows && i > 0 && ends_sentence(&d->lines[i - 1]) && t->speaker &&
		    !t->narration) {
			switch_speaker(&sw, t, i);
		} else if (starts_unlabelled_answer(t, i)) {
			char key[KEY_MAX];
			pd_label_key(t->answerer, t->answerer_len, key, sizeof key);
			start_turn(t, t->answerer, t->answerer_len, key, false);
			skip = garbled_host_prefix(l);
		} else if (c->asks) {
			const cand *a = &t->cands[t->asker_line];
			start_turn(t, d->lines[t->asker_line].text + a->m.start, a->m.len, a->key, false);
		} else if ((split = midline_answer(t, i)) > 0) {
			char key[KEY_MAX];
			feed_speech(t, l, l->text, split, (l->flags & PD_LINE_PARA) != 0);
			pd_label_key(t->answerer, t->answerer_len, key, sizeof key);
			start_turn(t, t->answerer, t->answerer_len, key, false);
			feed_speech(t, l, l->text + split, l->len - split, false);
			continue;
		}
		if (t->label_rows)
			feed_row_speech(t, &sw, i, 0, (l->flags & PD_LINE_PARA) != 0);
		else
			feed_speech(t, l, l->text + skip, l->len - skip, (l->flags & PD_LINE_PARA) != 0);
	}
	/* "PM: ends": the typist's end mark after a last label is no speech */
	pd_slice last = pd_slice_trim((pd_slice){ t->text.data ? t->text.data : "", t->text.len });
	if (pd_line_is_end_marker(last.p, last.n))
		pd_buf_reset(&t->text);
	flush_turn(t, true);
}

/* --- participants and kinds -------------------------------------------- */

/* '?' and the full-width U+FF1F in s (n bytes, no NUL inside). */
static size_t question_marks(const char *s, size_t n)
{
	size_t q = 0;
	const char *end = s + n;
	for (const char *p = s; (p = memchr(p, '?', (size_t)(end - p))); p++)
		q++;
	for (const char *p = s; (p = memchr(p, '\xEF', (size_t)(end - p))); p++)
		q += end - p >= 3 && p[1] == '\xBC' && p[2] == '\x9F';
	return q;
}

/* What assign_participants and assign_kinds both read of a turn's text,
 * counted once. */
typedef struct turn_stats {
	size_t len, words, chars, qmarks;   /* len: strlen of the text */
} turn_stats;
/* pd_turns_detect keeps the turns' pd_text_heads right after their stats,
 * and their participants' indexes after them */
_Static_assert(_Alignof(pd_text_head) <= _Alignof(turn_stats) &&
		       sizeof(turn_stats) % _Alignof(pd_text_head) == 0 &&
		       sizeof(pd_text_head) % _Alignof(size_t) == 0,
	       "heads and indexes aligned after the stats");

/* Each turn's counts into st, and into heads what the language detection
 * takes from them (both one per turn, every entry written). */
static void count_turns(const detector *t, turn_stats *st, pd_text_head *heads)
{
	const pd_record *r = t->r;
	for (size_t i = 0; i < r->nturns; i++) {
		const char *text = r->turns[i].text;
		size_t len = i >= t->turns_from && !t->lines_hold_nul ? t->turn_len[i - t->turns_from]
								      : strlen(text);
		/* the ASCII opening (most turns whole) in one pass, the rest
		 * with a pass per count; a word across the two counts once */
		size_t words, qmarks, letters;
		bool after_blank;
		size_t k = pd_ascii_prefix_counts(text, len, &words, &qmarks, &after_blank, &letters);
		heads[i] = (pd_text_head){ .len = len, .ascii = k, .script = { .latin = letters } };
		st[i] = (turn_stats){ .len = len, .words = words, .chars = k, .qmarks = qmarks };
		if (k == len)
			continue;   /* an ASCII turn, counted whole */
		st[i].words += count_words(text + k, len - k);
		if (!after_blank && text[k] != ' ' && text[k] != '\n')
			st[i].words--;
		/* the characters and, within the budget, the script counts
		 * in one pass: the language detection's was a second one */
		st[i].chars += k <= PD_TURN_SCRIPT_BUDGET
				       ? pd_count_script_chars(text + k, len - k,
							       PD_TURN_SCRIPT_BUDGET - k, &heads[i].script)
				       : pd_utf8_count(text + k, len - k);
		st[i].qmarks += question_marks(text + k, len - k);
	}
}

static void title_case(char *s)
{
	bool start = true;
	for (; *s; s++) {
		if (*s >= 'A' && *s <= 'Z' && !start)
			*s = (char)(*s + 32);
		start = *s == ' ' || *s == '-' || *s == '\'';
	}
}

/* The participant with this label or alias (pd_record_find_participant,
 * through the index). */
static pd_participant *participant_of(const detector *t, const char *label)
{
	size_t j;
	if (!label || !pd_strmap_get(&t->part_index, label, strlen(label), &j))
		return NULL;
	return &t->r->participants[j];
}

static size_t min_index(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Where the name of an office-and-name label starts (its last two words:
 * "... Minister of Industry and Trade Denis Manturov"; after the space:
 * "海关总署副署长 王令浚"), or 0. */
static size_t office_name_at(const char *label, size_t n)
{
	size_t cjk = pd_label_cjk_name_at(label, n);
	if (cjk)
		return cjk;   /* "海关总署副署长 王令浚" */
	if (!pd_label_office_and_name(label, n))
		return 0;
	size_t at = n;
	for (int w = 0; w < 2; w++) {
		while (at > 0 && label[at - 1] == ' ')
			at--;
		while (at > 0 && label[at - 1] != ' ')
			at--;
	}
	return at;
}

/* The person of a parliament's label (pd_label_paren_base): "The First
 * Minister (Nicola Sturgeon)" is Nicola Sturgeon, the First Minister;
 * "Douglas Ross (Highlands and Islands) (Con)" is Douglas Ross. */
static void paren_label_name(pd_participant *p, size_t base)
{
	const char *open = p->label + base;
	while (*open == ' ')
		open++;
	const char *close = strchr(open, ')');
	bool office = strncmp(p->label, "The ", 4) == 0;
	if (office && close) {
		size_t n = (size_t)(close - open - 1), words = count_words(open + 1, n);
		if (words >= 2 && words <= 4) {
			p->name = pd_xstrndup(open + 1, n);
			if (!p->role)
				p->role = pd_xstrndup(p->label + 4, base - 4);
		}
		return;
	}
	size_t words = count_words(p->label, base);
	if (words >= 2 && words <= 4)
		p->name = pd_xstrndup(p->label, base);
}

/* Bytes of the one office word opening a mixed-case label before a name
 * ("Spokesperson Lim Soo-suk", "Ambassador Linda Thomas-Greenfield"), or
 * 0. */
static size_t office_word_len(const char *label)
{
	static const char *const offices[] = {
		"Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "Senator", "Governor",
		"Mayor", "President", "Premier", "Chancellor", "Commissioner", "Director",
		"Minister", "Secretary", "Treasurer", "Representative", "Congressman",
		"Congresswoman", "Councillor", "Councilor", "Admiral",
	};
	const char *sp = strchr(label, ' ');
	if (!sp)
		return 0;
	size_t n = (size_t)(sp - label);
	for (size_t k = 0; k < sizeof offices / sizeof *offices; k++)
		if (strlen(offices[k]) == n && memcmp(label, offices[k], n) == 0)
			return sp[1] >= 'A' && sp[1] <= 'Z' ? n : 0;
	return 0;
}

/* The participant index (SIZE_MAX: none) of turn i's speaker, whose
 * turns before it have theirs in part: the last two turns' speaker's
 * when it is theirs (a conversation alternates: a compare in place of
 * a hash, a look-up and strlen, two per turn, were 1.3 M instructions
 * on the first 500 dev files), else participant_of's. */
static size_t turn_participant(const detector *t, const size_t *part, size_t i)
{
	const pd_turn *turns = t->r->turns;
	for (size_t back = 1; back <= 2 && back <= i; back++)
		if (turns[i - back].speaker && strcmp(turns[i - back].speaker, turns[i].speaker) == 0)
			return part[i - back];
	const pd_participant *p = participant_of(t, turns[i].speaker);
	return p ? (size_t)(p - t->r->participants) : SIZE_MAX;
}

/* A participant's turns, those with a question mark and their words: in
 * one array (three callocs and frees a document, for arrays of a few
 * entries, were a tenth of the parse's allocator calls). */
typedef struct part_counts {
	size_t said, asks, volume;
} part_counts;

/* Whether half or more of a participant's turns ask something. */
static bool mostly_asks(const part_counts *c)
{
	return c->said && c->asks && c->asks * 2 >= c->said;
}

/* part: room for a participant's index per turn (the caller's block) */
static void assign_participants(detector *t, const turn_stats *st, size_t *part)
{
	pd_record *r = t->r;
	/* Indexes over the participants, so that each turn costs a few lookups
	 * whatever their number: by label and alias; by label key (the first
	 * participant with each key); the first whose key is the host's and
	 * the first whose label is the host's name. */
	pd_strmap by_key;
	pd_strmap_init(&by_key);
	size_t first_host = SIZE_MAX, first_host_name = SIZE_MAX;
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *q = &r->participants[j];
		pd_strmap_put(&t->part_index, q->label, strlen(q->label), j);
		for (size_t a = 0; a < q->naliases; a++)
			pd_strmap_put(&t->part_index, q->aliases[a], strlen(q->aliases[a]), j);
	}
	for (size_t j = 0; j < r->nparticipants; j++) {
		const pd_participant *q = &r->participants[j];
		char pk[KEY_MAX];
		pd_label_key(q->label, strlen(q->label), pk, sizeof pk);
		pd_strmap_put(&by_key, pk, strlen(pk), j);
		if (first_host == SIZE_MAX && host_key(t, pk))
			first_host = j;
		if (first_host_name == SIZE_MAX && t->host_name && strcmp(q->label, t->host_name) == 0)
			first_host_name = j;
	}
	/* one participant per label key; the host's labels are one person;
	 * each turn's index kept in part for the counts below */
	for (size_t i = 0; i < r->nturns; i++) {
		pd_turn *tu = &r->turns[i];
		part[i] = SIZE_MAX;
		if (!tu->speaker)
			continue;
		if ((part[i] = turn_participant(t, part, i)) != SIZE_MAX)
			continue;
		char key[KEY_MAX];
		pd_label_key(tu->speaker, strlen(tu->speaker), key, sizeof key);
		size_t keylen = strlen(key);
		/* another spelling of a known participant? the first one whose
		 * key is the same, or who is the host when this label is */
		bool host = host_key(t, key);
		bool is_host_name = t->host_name && strcmp(tu->speaker, t->host_name) == 0;
		size_t same = SIZE_MAX;
		pd_strmap_get(&by_key, key, keylen, &same);
		if (host)
			same = min_index(same, first_host);
		if (t->host_name && host)
			same = min_index(same, first_host_name);
		if (is_host_name)
			same = min_index(same, first_host);
		size_t speaker_len = strlen(tu->speaker);
		if (same != SIZE_MAX) {
			pd_participant_append_alias(&r->participants[same], tu->speaker);
			pd_strmap_put(&t->part_index, tu->speaker, speaker_len, same);
			part[i] = same;
			continue;
		}
		pd_participant_kind kind = PD_PART_OTHER;
		if (strcmp(key, "HOST") == 0 && is_briefing(t->r))
			kind = PD_PART_MODERATOR;   /* it chairs; on air a host asks */
		else if (pd_label_is_journalist_word(key) || pd_label_is_outlet(key) ||
			 pd_label_names_journalist(key))
			kind = PD_PART_JOURNALIST;
		else if (pd_label_is_moderator_word(key))
			kind = PD_PART_MODERATOR;
		else if (host || is_host_name ||
			 (t->intro_name[0] && strcmp(tu->speaker, t->intro_name) == 0))
			kind = PD_PART_HOST;
		else {
			static const char *const jsuffix[] = { "记者", "記者", "JOURNALIST", "REPORTER" };
			for (size_t k = 0; k < 4; k++) {
				size_t sl = strlen(jsuffix[k]);
				if (keylen >= sl && memcmp(key + keylen - sl, jsuffix[k], sl) == 0)
					kind = PD_PART_JOURNALIST;
			}
		}
		size_t j = r->nparticipants;
		pd_participant *p = pd_record_append_participant(r, tu->speaker, kind);
		pd_strmap_put(&t->part_index, tu->speaker, speaker_len, j);
		part[i] = j;
		pd_strmap_put(&by_key, key, keylen, j);
		size_t base = pd_label_paren_base(tu->speaker, speaker_len);
		size_t name_at = office_name_at(tu->speaker, speaker_len);
		if (name_at) { /* "Denis Manturov" later is the same person */
			char nkey[KEY_MAX];
			size_t known;
			pd_label_key(tu->speaker + name_at, speaker_len - name_at, nkey, sizeof nkey);
			if (!pd_strmap_get(&by_key, nkey, strlen(nkey), &known))
				pd_strmap_put(&by_key, nkey, strlen(nkey), j);
		}
		if (base) { /* "The First Minister" later is the same person */
			char bkey[KEY_MAX];
			size_t known;
			pd_label_key(tu->speaker, base, bkey, sizeof bkey);
			if (!pd_strmap_get(&by_key, bkey, strlen(bkey), &known))
				pd_strmap_put(&by_key, bkey, strlen(bkey), j);
		}
		if (first_host == SIZE_MAX && host)
			first_host = j;
		if (first_host_name == SIZE_MAX && is_host_name)
			first_host_name = j;
		if (kind == PD_PART_HOST && t->host_name && !p->name)
			pd_record_set(&p->name, t->host_name);
		if (t->intro_name[0] && strcmp(tu->speaker, t->intro_name) == 0) {
			pd_record_set(&p->name, t->intro_name);
			pd_record_set(&p->role, t->intro_role);
		}
		for (size_t k = 0; k < t->nintros; k++)
			if (strcmp(tu->speaker, t->intros[k].name) == 0) {
				pd_record_set(&p->name, t->intros[k].name);
				pd_record_set(&p->role, t->intros[k].role);
				if (kind == PD_PART_OTHER)
					p->kind = PD_PART_OFFICIAL;
			}
	}
	pd_strmap_release(&by_key);
	/* others by behaviour: who mostly asks is a journalist — when someone
	 * else is there to answer; the one who says most is the host */
	part_counts *pc = pd_xcalloc(r->nparticipants ? r->nparticipants : 1, sizeof *pc);
	for (size_t i = 0; i < r->nturns; i++) {
		size_t j = part[i];
		if (j == SIZE_MAX)
			continue;
		pc[j].said++;
		pc[j].asks += st[i].qmarks > 0;
		pc[j].volume += st[i].words + st[i].chars / 4;
	}
	bool answerer = false;
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		bool asker = mostly_asks(&pc[j]);
		if (p->kind == PD_PART_HOST || p->kind == PD_PART_OFFICIAL ||
		    (p->kind == PD_PART_OTHER && !asker))
			answerer = true;
	}
	bool have_host = false;
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		if (p->kind == PD_PART_OTHER && answerer && mostly_asks(&pc[j]))
			p->kind = PD_PART_JOURNALIST;
		have_host |= p->kind == PD_PART_HOST;
	}
	size_t best_words = 0;
	pd_participant *best = NULL;
	for (size_t j = 0; j < r->nparticipants; j++) {
		if (r->participants[j].kind == PD_PART_OTHER && pc[j].volume > best_words) {
			best_words = pc[j].volume;
			best = &r->participants[j];
		}
	}
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		if (p->kind == PD_PART_OTHER)
			p->kind = (!have_host && p == best) ? PD_PART_HOST : PD_PART_OFFICIAL;
	}
	free(pc);
	/* names: a mixed-case label is a name; "TRACY GRIMSHAW" too */
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		size_t office, at, len = strlen(p->label);
		size_t base = p->name ? 0 : pd_label_paren_base(p->label, len);
		if (base && !count_lower(p->label, base))
			base = 0;
		size_t office_len, surname = p->name ? 0 :
			pd_label_cjk_surname_office(p->label, len, &office_len);
		if (surname) { /* "陳發言人宗彥": 陳宗彥, 發言人 */
			char *name = pd_xmalloc(len - office_len + 1);
			memcpy(name, p->label, surname);
			memcpy(name + surname, p->label + surname + office_len, len - surname - office_len);
			name[len - office_len] = '\0';
			p->name = name;
			if (!p->role)
				p->role = pd_xstrndup(p->label + surname, office_len);
			continue;
		}
		size_t name_at = p->name ? 0 : office_name_at(p->label, len);
		if (name_at) {
			size_t office_end = name_at;
			while (office_end > 0 && p->label[office_end - 1] == ' ')
				office_end--;
			p->name = pd_xstrndup(p->label + name_at, len - name_at);
			if (!p->role)
				p->role = pd_xstrndup(p->label, office_end);
			continue;
		}
		if (base) { /* mixed case: capitals "PRESIDENT LEE (...)" are no name */
			paren_label_name(p, base);
			continue;
		}
		if (!p->name && pd_label_office_then_name(p->label, len, &office, &at)) {
			p->name = pd_xstrndup(p->label + at, len - at);
			if (!p->role)
				p->role = pd_xstrndup(p->label, office);
			continue;
		}
		char key[KEY_MAX];
		pd_label_key(p->label, strlen(p->label), key, sizeof key);
		if (p->name || pd_label_is_journalist_word(key) || pd_label_is_outlet(key) ||
		    pd_label_names_journalist(key) || pd_label_is_host_word(key) ||
		    pd_label_is_moderator_word(key))
			continue;
		size_t words = count_words(p->label, strlen(p->label));
		bool upper = count_lower(p->label, strlen(p->label)) == 0;
		bool cjk = starts_cjk(p->label, strlen(p->label));
		size_t title = !upper && words >= 3 && words <= 4 ? office_word_len(p->label) : 0;
		if (title && !strpbrk(p->label, "([0123456789")) {
			/* "Spokesperson Lim Soo-suk": Lim Soo-suk, Spokesperson */
			p->name = pd_xstrdup(p->label + title + 1);
			if (!p->role)
				p->role = pd_xstrndup(p->label, title);
			continue;
		}
		if (cjk || words < 2 || words > 4 || strpbrk(p->label, "([") ||
		    strpbrk(p->label, "0123456789") ||   /* "Speaker 2" */
		    strstr(key, "MINISTER") || strstr(key, "SECRETARY") || strstr(key, "LEADER"))
			continue;
		char *name = pd_xstrdup(p->label);
		if (upper)
			title_case(name);
		free(p->name);
		p->name = name;
	}
}

static void assign_kinds(detector *t, const turn_stats *st)
{
	pd_record *r = t->r;
	int pending = 0;
	for (size_t i = 0; i < r->nturns; i++) {
		pd_turn *tu = &r->turns[i];
		if (tu->kind == PD_TURN_NARRATION)
			continue;
		const pd_participant *p = participant_of(t, tu->speaker);
		size_t words = st[i].words;
		size_t chars = st[i].chars;
		bool cjk = starts_cjk(tu->text, st[i].len);
		bool short_turn = cjk ? chars < 12 : words < 8;
		if (p && p->kind == PD_PART_JOURNALIST) {
			if (st[i].qmarks || !short_turn) {
				tu->kind = PD_TURN_QUESTION;
				pending = tu->n;
			} else {
				tu->kind = PD_TURN_INTERJECTION;
			}
		} else if (p && p->kind == PD_PART_MODERATOR) {
			tu->kind = short_turn ? PD_TURN_INTERJECTION : PD_TURN_STATEMENT;
		} else if (pending) {
			tu->kind = PD_TURN_ANSWER;
			tu->answers = pending;
		} else {
			tu->kind = short_turn && i > 0 ? PD_TURN_INTERJECTION : PD_TURN_STATEMENT;
		}
	}
	pd_record_link_qa(r);
}

/* --- entry point ------------------------------------------------------ */

/* Where the next byte above ASCII at or after k stands in (s, n), or n:
 * sixteen bytes at a time where SSE2 is, the last sixteen of a line read
 * as a block too (less the bytes already seen). */
static size_t next_high_byte(const char *s, size_t n, size_t k)
{
#if defined(__SSE2__)
	for (; k + 16 <= n; k += 16) {
		unsigned high = (unsigned)_mm_movemask_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(s + k)));
		if (high)
			return k + (size_t)__builtin_ctz(high);
	}
	if (k < n && n >= 16) {
		unsigned high = (unsigned)_mm_movemask_epi8(
					_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16))) >>
				(k - (n - 16));
		return high ? k + (size_t)__builtin_ctz(high) : n;
	}
#endif
	while (k < n && (unsigned char)s[k] < 0x80)
		k++;
	return k;
}

/* The CJK characters of (s, n): only the bytes above ASCII are decoded
 * (a decode never takes an ASCII byte, so the characters are the ones a
 * decode of every character finds). */
static size_t cjk_chars(const char *s, size_t n)
{
	size_t cjk = 0;
	for (size_t k = next_high_byte(s, n, 0); k < n; k = next_high_byte(s, n, k)) {
		uint32_t cp;
		k += pd_utf8_decode_seq(s + k, n - k, &cp);
		cjk += pd_cp_is_cjk(cp);
	}
	return cjk;
}

/* Whether the first 400 lines hold some CJK and at least a fifth as many
 * CJK characters as Latin letters (ASCII letters: no other character
 * counts as one). The CJK count comes first; the letters are counted only
 * when there is some, and only until they outnumber it five to one: every
 * letter of every English document was counted before (4 % of the
 * parser's instructions). */
static bool mostly_cjk(const pd_doc *d)
{
	size_t lines = d->n < 400 ? d->n : 400, cjk = 0;
	/* from each line's first byte above ASCII: most lines of most
	 * documents have none, and were read whole for it; those are passed
	 * at once (an empty count per line, inlined, was 0.9 % of the
	 * parser's instructions) */
	for (size_t i = 0; i < lines; i++) {
		const pd_line *l = &d->lines[i];
		if (l->ascii_len < l->len)
			cjk += cjk_chars(l->text + l->ascii_len, l->len - l->ascii_len);
	}
	if (!cjk)
		return false;
	size_t latin = 0;
	for (size_t i = 0; i < lines && latin <= cjk * 5; i++)
		latin += pd_ascii_letters(d->lines[i].text, d->lines[i].len);
	return cjk * 5 >= latin;
}

static void set_host_surname(detector *t)
{
	if (!t->host_name)
		return;
	/* the last word of "Robert Hawke", upper-cased */
	const char *sp = strrchr(t->host_name, ' ');
	const char *last = sp ? sp + 1 : t->host_name;
	size_t n = strlen(last);
	if (n < 3 || n >= sizeof t->host_surname)
		return;
	for (size_t i = 0; i < n; i++) {
		char c = last[i];
		t->host_surname[i] = (char)((c >= 'a' && c <= 'z') ? c - 32 : c);
	}
	t->host_surname[n] = '\0';
}

/* Room for the longest turn the lines can make (all of them, each with
 * its separator: add_text puts at most two bytes before a line) at once:
 * a speech that is most of the document grew the buffer by five or so
 * doublings, a realloc and a copy each. Up to TURN_TEXT_RESERVE_MAX: past
 * it the buffer grows as before, so a document of many megabytes is not
 * held twice for turns that are short. */
#define TURN_TEXT_RESERVE_MAX (1024u * 1024)

static void reserve_turn_text(detector *t, size_t bytes)
{
	pd_buf_reserve(&t->text, bytes < TURN_TEXT_RESERVE_MAX ? bytes : TURN_TEXT_RESERVE_MAX);
}

/* The detector's set-up that asks every line, in one pass: each
 * candidate's key "" and the room for the turns' text (all the lines,
 * each with its separator); whether the markup labels any line (the
 * caller's merge_repeats). Three passes over the lines cost 0.35 % of
 * the parser's instructions more than this one. */
static bool set_up_lines(detector *t)
{
	const pd_doc *d = t->d;
	size_t bytes = 0;
	unsigned flags = 0;
	for (size_t i = 0; i < d->n; i++) {
		t->cands[i].key = "";
		bytes += d->lines[i].len + 2;
		flags |= d->lines[i].flags;
	}
	reserve_turn_text(t, bytes);
	/* the turns' text is the lines': NUL-free when they are */
	t->lines_hold_nul = (flags & PD_LINE_NUL) != 0;
	t->turns_from = t->r->nturns;
	return (flags & PD_LINE_LABEL) != 0;
}

void pd_turns_detect(pd_record *r, const pd_doc *d, const char *host_name)
{
	detector t;
	memset(&t, 0, sizeof t);
	t.r = r;
	t.d = d;
	t.host_name = host_name && *host_name ? host_name : NULL;
	t.cands = pd_xcalloc(d->n ? d->n : 1, sizeof *t.cands);
	pd_arena_init(&t.cand_keys);
	pd_buf_init(&t.text, 0);
	bool markup_label = set_up_lines(&t);
	set_host_surname(&t);
	t.cjk_doc = mostly_cjk(d);
	t.merge_repeats = t.cjk_doc && markup_label;
	/* an introduction anywhere before the first label names a speaker */
	for (size_t i = 0; i < d->n && i < 40; i++)
		if ((d->lines[i].flags & PD_LINE_PARA) &&
		    read_introduction(&t, d->lines[i].text, d->lines[i].len))
			break;
	find_candidates(&t);
	find_roster(&t);
	accept_candidates(&t);
	find_colonless_labels(&t);
	find_name_lines(&t);
	find_bold_questions(&t);
	find_dash_labels(&t);
	find_upper_text_labels(&t);
	find_period_host_labels(&t);
	mark_accepted_keys(&t);
	find_bracketed_labels(&t);
	find_bold_labels(&t);
	find_garbled_labels(&t);
	find_headless_labels(&t);
	find_asker_line(&t);
	count_label_rows(&t);
	count_labels_alone(&t);
	find_garbled_alone_labels(&t);
	find_unlabelled_questions(&t);
	find_answerer(&t);
	drop_roster_labels(&t);
	build_turns(&t);
	/* the turns' counts, heads and participants in one allocation, not
	 * zeroed: count_turns and assign_participants write every entry
	 * (three allocations a document, two of them callocs) */
	size_t nt = r->nturns ? r->nturns : 1;
	turn_stats *st = pd_xmalloc(nt * (sizeof *st + sizeof(pd_text_head) + sizeof(size_t)));
	pd_text_head *heads = (pd_text_head *)(void *)(st + nt);
	size_t *part = (size_t *)(void *)(heads + nt);
	count_turns(&t, st, heads);
	assign_participants(&t, st, part);
	pd_roster_name_participants(r, &t.roster);
	assign_kinds(&t, st);
	/* the turns' text is final: its language, from the counts above
	 * (their ASCII openings were read twice, here and there) */
	pd_detect_language(r, heads);
	free(st);
	pd_roster_release(&t.roster);
	free(t.speaker);
	pd_buf_release(&t.text);
	free(t.turn_len);
	free(t.cands);
	pd_arena_release(&t.cand_keys);
	free(t.keys);
	pd_strmap_release(&t.key_index);
	pd_strmap_release(&t.part_index);
}
