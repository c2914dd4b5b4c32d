/* align.c: turn alignment of a record and its translation (align.h). */
#include "align/align.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Costs, in units of "log length ratio": a faithful 1-1 pair costs about
 * 0.1-0.3. Skipping a turn must cost more than a clearly bad pair. */
#define SKIP_COST 1.3
#define MERGE_COST 0.25     /* per extra turn folded into a merge */
#define SPEAKER_MISMATCH 1.0
#define KIND_MISMATCH 0.4
#define MAX_MERGE 4
#define MAX_CELLS 6000000u  /* DP cells; beyond this a band around the diagonal */

typedef struct side {
	const pd_record *r;
	const pd_turn **t;      /* spoken turns */
	size_t n;
	double *len;            /* length in code points (no spaces) */
	uint64_t *anchors;      /* per turn: up to 8 hashes of numbers and Latin words */
	size_t *nanchors;
	bool *question;
	bool *journalist;
} side;

#define MAX_ANCHORS 8

static uint64_t hash_token(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		h = (h ^ (unsigned char)c) * 1099511628211ULL;
	}
	return h;
}

/* Numbers and Latin words of 4+ letters (names, terms, URLs) survive
 * translation into Chinese: they anchor a pair. In an English turn only
 * numbers and capitalised words count (the Chinese side keeps those). */
static void collect_anchors(side *s, size_t k, bool cjk_side)
{
	const char *p = s->t[k]->text;
	size_t n = strlen(p), na = 0;
	for (size_t i = 0; i < n && na < MAX_ANCHORS;) {
		unsigned char c = (unsigned char)p[i];
		if (c >= '0' && c <= '9') {
			size_t j = i;
			while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == ',' || p[j] == '.'))
				j++;
			while (j > i && (p[j - 1] == ',' || p[j - 1] == '.'))
				j--;
			/* "1" and "2" are everywhere; years and amounts are not */
			if (j - i >= 2)
				s->anchors[k * MAX_ANCHORS + na++] = hash_token(p + i, j - i);
			i = j + 1;
			continue;
		}
		if ((c | 32) >= 'a' && (c | 32) <= 'z') {
			size_t j = i;
			while (j < n && (((p[j] | 32) >= 'a' && (p[j] | 32) <= 'z') || p[j] == '-'))
				j++;
			bool cap = c >= 'A' && c <= 'Z';
			bool sentence_start = i == 0 || (i >= 2 && (p[i - 2] == '.' || p[i - 2] == '?'));
			if (j - i >= 4 && (cjk_side || (cap && !sentence_start)))
				s->anchors[k * MAX_ANCHORS + na++] = hash_token(p + i, j - i);
			i = j;
			continue;
		}
		i++;
	}
	s->nanchors[k] = na;
}

static bool mostly_cjk_text(const char *s)
{
	size_t cjk = 0, latin = 0, n = strlen(s);
	for (size_t i = 0; i < n && i < 4000;) {
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		if (pd_cp_is_cjk(cp))
			cjk++;
		else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
			latin++;
	}
	return cjk * 5 >= latin && cjk > 0;
}

static void side_init(side *s, const pd_record *r)
{
	memset(s, 0, sizeof *s);
	s->r = r;
	s->t = pd_xcalloc(r->nturns + 1, sizeof *s->t);
	for (size_t i = 0; i < r->nturns; i++)
		if (r->turns[i].kind != PD_TURN_NARRATION)
			s->t[s->n++] = &r->turns[i];
	size_t n = s->n + 1;
	s->len = pd_xcalloc(n, sizeof *s->len);
	s->anchors = pd_xcalloc(n * MAX_ANCHORS, sizeof *s->anchors);
	s->nanchors = pd_xcalloc(n, sizeof *s->nanchors);
	s->question = pd_xcalloc(n, sizeof *s->question);
	s->journalist = pd_xcalloc(n, sizeof *s->journalist);
	bool cjk = r->language && strncmp(r->language, "zh", 2) == 0;
	for (size_t k = 0; k < s->n; k++) {
		const char *text = s->t[k]->text;
		size_t tl = strlen(text), units = 0;
		for (size_t i = 0; i < tl;) {
			uint32_t cp;
			i += pd_utf8_decode(text + i, tl - i, &cp);
			if (!pd_cp_is_space(cp))
				units++;
		}
		s->len[k] = (double)units;
		s->question[k] = strchr(text, '?') || strstr(text, "？");
		const pd_participant *p = pd_record_find_participant(r, s->t[k]->speaker);
		s->journalist[k] = p && p->kind == PD_PART_JOURNALIST;
		collect_anchors(s, k, cjk || mostly_cjk_text(text));
	}
}

static void side_release(side *s)
{
	free(s->t);
	free(s->len);
	free(s->anchors);
	free(s->nanchors);
	free(s->question);
	free(s->journalist);
}

typedef struct aligner {
	side a, b;
	double ratio;           /* a units per b unit */
	/* speaker map from a first pass: a label index -> b label */
	const char **map_a, **map_b;
	size_t nmap;
} aligner;

static const char *mapped(const aligner *al, const char *a_label)
{
	for (size_t i = 0; i < al->nmap; i++)
		if (a_label && strcmp(al->map_a[i], a_label) == 0)
			return al->map_b[i];
	return NULL;
}

static double speaker_cost(const aligner *al, size_t i, size_t j)
{
	const char *sa = al->a.t[i]->speaker, *sb = al->b.t[j]->speaker;
	const char *m = mapped(al, sa);
	if (m)
		return (sb && strcmp(m, sb) == 0) ? 0.0 : SPEAKER_MISMATCH;
	return al->a.journalist[i] == al->b.journalist[j] ? 0.0 : KIND_MISMATCH;
}

static double anchor_bonus(const aligner *al, size_t i, size_t j)
{
	size_t shared = 0;
	for (size_t x = 0; x < al->a.nanchors[i]; x++)
		for (size_t y = 0; y < al->b.nanchors[j]; y++)
			if (al->a.anchors[i * MAX_ANCHORS + x] == al->b.anchors[j * MAX_ANCHORS + y]) {
				shared++;
				break;
			}
	return shared ? -0.25 * (double)(shared > 2 ? 2 : shared) : 0.0;
}

static double length_cost(const aligner *al, double la, double lb)
{
	return fabs(log((la + 8.0) / (al->ratio * lb + 8.0)));
}

/* Cost of pairing a[i..i+ka) with b[j..j+kb) (one side has one turn). */
static double pair_cost(const aligner *al, size_t i, size_t ka, size_t j, size_t kb)
{
	double la = 0, lb = 0;
	for (size_t x = 0; x < ka; x++) {
		la += al->a.len[i + x];
		if (x && (!al->a.t[i + x]->speaker || !al->a.t[i]->speaker ||
			  strcmp(al->a.t[i + x]->speaker, al->a.t[i]->speaker) != 0))
			return INFINITY;
	}
	for (size_t y = 0; y < kb; y++) {
		lb += al->b.len[j + y];
		if (y && (!al->b.t[j + y]->speaker || !al->b.t[j]->speaker ||
			  strcmp(al->b.t[j + y]->speaker, al->b.t[j]->speaker) != 0))
			return INFINITY;
	}
	double c = length_cost(al, la, lb) + speaker_cost(al, i, j) + anchor_bonus(al, i, j) +
		   MERGE_COST * (double)(ka + kb - 2);
	if (ka == 1 && kb == 1 && al->a.question[i] != al->b.question[j])
		c += 0.15;
	return c;
}

/* Moves: (ka, kb). 0 means a skip on that side. */
static const unsigned char moves[][2] = {
	{ 1, 1 }, { 1, 0 }, { 0, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 1, 2 }, { 1, 3 },
};
#define NMOVES (sizeof moves / sizeof moves[0])

static bool in_band(const aligner *al, size_t i, size_t j, size_t band)
{
	if (!band)
		return true;
	double expect = (double)i * (double)al->b.n / (double)(al->a.n ? al->a.n : 1);
	return fabs(expect - (double)j) <= (double)band;
}

static void run_dp(aligner *al, pd_alignment *out)
{
	size_t na = al->a.n, nb = al->b.n, W = nb + 1;
	size_t band = 0;
	if ((na + 1) * (nb + 1) > MAX_CELLS)
		band = MAX_CELLS / (2 * (na + 1)) + 1;
	double *cost = pd_xmalloc((na + 1) * W * sizeof *cost);
	unsigned char *back = pd_xcalloc((na + 1) * W, 1);
	for (size_t k = 0; k < (na + 1) * W; k++)
		cost[k] = INFINITY;
	cost[0] = 0;
	for (size_t i = 0; i <= na; i++) {
		for (size_t j = 0; j <= nb; j++) {
			double here = cost[i * W + j];
			if (here == INFINITY || !in_band(al, i, j, band))
				continue;
			for (size_t m = 0; m < NMOVES; m++) {
				size_t ka = moves[m][0], kb = moves[m][1];
				if (i + ka > na || j + kb > nb)
					continue;
				double c;
				if (ka == 0 || kb == 0)
					c = SKIP_COST;
				else
					c = pair_cost(al, i, ka, j, kb);
				double total = here + c;
				size_t to = (i + ka) * W + (j + kb);
				if (total < cost[to]) {
					cost[to] = total;
					back[to] = (unsigned char)(m + 1);
				}
			}
		}
	}
	/* walk back */
	size_t cap = na + nb + 1, n = 0;
	size_t(*pairs)[2] = pd_xmalloc(cap * sizeof *pairs);
	bool *a_used = pd_xcalloc(na + 1, 1), *b_used = pd_xcalloc(nb + 1, 1);
	size_t i = na, j = nb, steps = 0;
	while ((i || j) && back[i * W + j]) {
		size_t m = back[i * W + j] - 1u;
		size_t ka = moves[m][0], kb = moves[m][1];
		i -= ka;
		j -= kb;
		if (ka && kb) {
			for (size_t x = 0; x < ka; x++)
				for (size_t y = 0; y < kb; y++) {
					if (n == cap) {
						cap *= 2;
						pairs = pd_xrealloc(pairs, cap * sizeof *pairs);
					}
					pairs[n][0] = i + x;
					pairs[n][1] = j + y;
					n++;
					a_used[i + x] = b_used[j + y] = true;
				}
			steps++;
		}
	}
	/* reverse into reading order */
	for (size_t k = 0; k < n / 2; k++) {
		size_t t0 = pairs[k][0], t1 = pairs[k][1];
		pairs[k][0] = pairs[n - 1 - k][0];
		pairs[k][1] = pairs[n - 1 - k][1];
		pairs[n - 1 - k][0] = t0;
		pairs[n - 1 - k][1] = t1;
	}
	/* pairs of a merge were pushed in order within the step; fix order */
	for (size_t k = 1; k < n; k++) {
		size_t x0 = pairs[k][0], x1 = pairs[k][1], p = k;
		while (p > 0 && (pairs[p - 1][0] > x0 || (pairs[p - 1][0] == x0 && pairs[p - 1][1] > x1))) {
			pairs[p][0] = pairs[p - 1][0];
			pairs[p][1] = pairs[p - 1][1];
			p--;
		}
		pairs[p][0] = x0;
		pairs[p][1] = x1;
	}
	free(out->pairs);
	out->pairs = pairs;
	out->npairs = n;
	out->na = na;
	out->nb = nb;
	out->a_unpaired = out->b_unpaired = 0;
	for (size_t k = 0; k < na; k++)
		out->a_unpaired += !a_used[k];
	for (size_t k = 0; k < nb; k++)
		out->b_unpaired += !b_used[k];
	out->mean_cost = steps ? cost[na * W + nb] / (double)(steps + out->a_unpaired + out->b_unpaired) : 0;
	free(a_used);
	free(b_used);
	free(cost);
	free(back);
}

/* The most frequent b speaker for each a speaker among the pairs. */
static void learn_speakers(aligner *al, const pd_alignment *first)
{
	al->map_a = pd_xcalloc(al->a.n + 1, sizeof *al->map_a);
	al->map_b = pd_xcalloc(al->a.n + 1, sizeof *al->map_b);
	for (size_t k = 0; k < first->npairs; k++) {
		const char *sa = al->a.t[first->pairs[k][0]]->speaker;
		if (!sa || mapped(al, sa))
			continue;
		/* count the b speakers paired with sa */
		const char *best = NULL;
		size_t best_n = 0, total = 0;
		for (size_t x = 0; x < first->npairs; x++) {
			const char *ax = al->a.t[first->pairs[x][0]]->speaker;
			if (!ax || strcmp(ax, sa) != 0)
				continue;
			total++;
			const char *bx = al->b.t[first->pairs[x][1]]->speaker;
			size_t cnt = 0;
			for (size_t y = 0; y < first->npairs; y++) {
				const char *ay = al->a.t[first->pairs[y][0]]->speaker;
				const char *by = al->b.t[first->pairs[y][1]]->speaker;
				if (ay && by && bx && strcmp(ay, sa) == 0 && strcmp(by, bx) == 0)
					cnt++;
			}
			if (cnt > best_n) {
				best_n = cnt;
				best = bx;
			}
		}
		/* only a clear majority becomes a rule */
		if (best && best_n * 2 > total) {
			al->map_a[al->nmap] = sa;
			al->map_b[al->nmap] = best;
			al->nmap++;
		}
	}
}

void pd_align(const pd_record *a, const pd_record *b, pd_alignment *out)
{
	memset(out, 0, sizeof *out);
	aligner al;
	memset(&al, 0, sizeof al);
	side_init(&al.a, a);
	side_init(&al.b, b);
	double ta = 0, tb = 0;
	for (size_t k = 0; k < al.a.n; k++)
		ta += al.a.len[k];
	for (size_t k = 0; k < al.b.n; k++)
		tb += al.b.len[k];
	al.ratio = (ta > 0 && tb > 0) ? ta / tb : 1.0;
	if (al.a.n && al.b.n) {
		pd_alignment first;
		memset(&first, 0, sizeof first);
		run_dp(&al, &first);
		learn_speakers(&al, &first);
		run_dp(&al, out);
		pd_alignment_release(&first);
	} else {
		out->na = al.a.n;
		out->nb = al.b.n;
		out->a_unpaired = al.a.n;
		out->b_unpaired = al.b.n;
	}
	out->speaker_a = pd_xcalloc(al.nmap + 1, sizeof *out->speaker_a);
	out->speaker_b = pd_xcalloc(al.nmap + 1, sizeof *out->speaker_b);
	for (size_t k = 0; k < al.nmap; k++) {
		out->speaker_a[k] = pd_xstrdup(al.map_a[k]);
		out->speaker_b[k] = pd_xstrdup(al.map_b[k]);
	}
	out->nspeakers = al.nmap;
	free(al.map_a);
	free(al.map_b);
	side_release(&al.a);
	side_release(&al.b);
}

void pd_alignment_release(pd_alignment *al)
{
	free(al->pairs);
	for (size_t k = 0; k < al->nspeakers; k++) {
		free(al->speaker_a[k]);
		free(al->speaker_b[k]);
	}
	free(al->speaker_a);
	free(al->speaker_b);
	memset(al, 0, sizeof *al);
}

size_t pd_align_spoken_index(const pd_record *r, size_t n)
{
	for (size_t i = 0; i < r->nturns; i++)
		if (r->turns[i].kind != PD_TURN_NARRATION && n-- == 0)
			return i;
	return r->nturns;
}

bool pd_align_is_translation(const pd_record *a, const pd_record *b)
{
	if (!a->date || !b->date || strcmp(a->date, b->date) != 0)
		return false;
	if (!a->language || !b->language || strncmp(a->language, b->language, 2) == 0)
		return false;
	pd_alignment al;
	pd_align(a, b, &al);
	bool ok = false;
	if (al.na >= 2 && al.nb >= 2) {
		double small = (double)(al.na < al.nb ? al.na : al.nb);
		double big = (double)(al.na > al.nb ? al.na : al.nb);
		double paired_a = 1.0 - (double)al.a_unpaired / (double)al.na;
		double paired_b = 1.0 - (double)al.b_unpaired / (double)al.nb;
		ok = small / big >= 0.35 && paired_a >= 0.8 && paired_b >= 0.8 && al.mean_cost < 0.7 &&
		     al.nspeakers >= 1;
	}
	pd_alignment_release(&al);
	return ok;
}
