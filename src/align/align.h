/* align.h: turn-by-turn alignment of a record and its translation.
 *
 * Given an English record and its Chinese translation (or any two records
 * in different languages), finds which spoken turns translate each other.
 * Real pairs do not line up one to one: a Chinese Markdown transcript merges
 * the paragraphs an English one labels separately (four English turns, one
 * Chinese turn), a translator splits a long answer, an interjection exists
 * on one side only. The aligner is a dynamic programme over the two turn
 * sequences with moves 1-1, n-1, 1-n (same speaker) and skips, scored by
 * text length (in each language's own units, calibrated on the pair
 * itself), shared numbers and Latin words, question marks, and speaker
 * correspondence (learned from a first pass).
 *
 * Turn indices are 0-based positions among the SPOKEN turns (narration
 * excluded), which is what `podium align --json` prints.
 */
#ifndef PD_ALIGN_H
#define PD_ALIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"

typedef struct pd_alignment {
	size_t (*pairs)[2];    /* [a_index, b_index], in order */
	size_t npairs;
	size_t na, nb;         /* spoken turns on each side */
	size_t a_unpaired;     /* spoken turns of a with no partner */
	size_t b_unpaired;
	double mean_cost;      /* lower is better; ~0.2 for a faithful pair */
	/* speaker correspondence found: a label -> b label (NULL if none) */
	char **speaker_a;
	char **speaker_b;
	size_t nspeakers;
} pd_alignment;

/* Aligns the spoken turns of a and b. Fills out (released with
 * pd_alignment_release). Always succeeds; an empty side gives no pairs. */
void pd_align(const pd_record *a, const pd_record *b, pd_alignment *out);
void pd_alignment_release(pd_alignment *al);

/* Whether two records are translations of each other on strong evidence:
 * the same date, different languages, matching speakers and structure
 * (most turns paired at a low cost). Used to link at ingest. */
bool pd_align_is_translation(const pd_record *a, const pd_record *b);

/* Index of the n-th spoken turn in r->turns, or r->nturns. */
size_t pd_align_spoken_index(const pd_record *r, size_t n);

#endif
