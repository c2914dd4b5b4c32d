/* page_parallel.c: /records/{id}/parallel — a record and its linked
 * translation side by side, aligned turn by turn (align.h). Where the two
 * versions do not line up — a turn one side merges, splits or lacks — the
 * page says so instead of forcing a pairing. */
#include "web/web_int.h"
#include "align/align.h"
#include "base/mem.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_zh(const pd_record *r)
{
	return r->language && strncmp(r->language, "zh", 2) == 0;
}

static void add_turn(pd_tv *cell, const pd_record *r, size_t spoken)
{
	const pd_turn *t = &r->turns[pd_align_spoken_index(r, spoken)];
	pd_tv *it = pd_tv_item(cell, "list");
	pd_tv_printf(it, "n", "%d", t->n);
	pd_tv_str(it, "kind", pd_turn_kind_name(t->kind));
	const pd_participant *p = pd_record_find_participant(r, t->speaker);
	pd_tv_str(it, "speaker", p && p->name && *p->name ? p->name : t->speaker);
	char anchor[32];
	snprintf(anchor, sizeof anchor, "#t%d", t->n);
	pd_web_href(it, "href", "/records/", r->id, anchor);
	pd_slice rest = pd_slice_of(t->text);
	pd_tv_list(it, "paras");
	while (rest.n) {
		const char *brk = NULL;
		for (size_t i = 0; i + 1 < rest.n && !brk; i++)
			if (rest.p[i] == '\n' && rest.p[i + 1] == '\n')
				brk = rest.p + i;
		size_t len = brk ? (size_t)(brk - rest.p) : rest.n;
		pd_slice para = pd_slice_trim((pd_slice){ rest.p, len });
		if (para.n)
			pd_tv_strn(pd_tv_item(it, "paras"), "text", para.p, para.n);
		rest.p += brk ? len + 2 : len;
		rest.n -= brk ? len + 2 : len;
	}
}

/* One table row: na turns of a from alo, nb turns of b from blo (0: none on
 * that side, which the page shows as a gap). */
static void add_row(pd_tv *v, const pd_record *a, size_t alo, size_t na, const pd_record *b,
		    size_t blo, size_t nb)
{
	pd_tv *row = pd_tv_item(v, "rows");
	pd_tv *left = pd_tv_obj(row, "left_cell");
	pd_tv *right = pd_tv_obj(row, "right_cell");
	pd_tv_list(left, "list");
	pd_tv_list(right, "list");
	for (size_t i = 0; i < na; i++)
		add_turn(left, a, alo + i);
	for (size_t j = 0; j < nb; j++)
		add_turn(right, b, blo + j);
	pd_tv_bool(row, "gap", na == 0 || nb == 0);
}

static void build_rows(pd_tv *v, const pd_record *a, const pd_record *b, const pd_alignment *al)
{
	size_t i = 0, j = 0, k = 0;
	while (i < al->na || j < al->nb) {
		size_t pi = k < al->npairs ? al->pairs[k][0] : al->na;
		size_t pj = k < al->npairs ? al->pairs[k][1] : al->nb;
		if (i < pi) {            /* a turn of a with no counterpart */
			add_row(v, a, i++, 1, b, 0, 0);
			continue;
		}
		if (j < pj) {            /* a turn of b with no counterpart */
			add_row(v, a, 0, 0, b, j++, 1);
			continue;
		}
		/* a group: pairs that share a turn with the one before (merges
		 * and splits) */
		size_t amax = pi, bmax = pj;
		for (k++; k < al->npairs && (al->pairs[k][0] == amax || al->pairs[k][1] == bmax); k++) {
			if (al->pairs[k][0] > amax)
				amax = al->pairs[k][0];
			if (al->pairs[k][1] > bmax)
				bmax = al->pairs[k][1];
		}
		add_row(v, a, pi, amax - pi + 1, b, pj, bmax - pj + 1);
		i = amax + 1;
		j = bmax + 1;
	}
}

void pd_page_parallel(pd_web_rq *rq, pd_web_response *rs)
{
	pd_record *r = NULL, *t = NULL;
	pd_err err = { 0 };
	int rc = strlen(rq->cap[0]) > PD_MAX_ID_BYTES ? PD_ENOTFOUND
						      : pd_store_get(rq->ctx->store, rq->cap[0], &r, &err);
	if (rc < 0) {
		pd_web_error(rq, rs, pd_web_status_of(rc), rc == PD_ENOTFOUND
			     ? "there is no record with this id" : err.msg);
		goto out;
	}
	for (size_t i = 0; i < r->ntranslations && !t; i++) {
		if (!r->translations[i].id)
			continue;
		rc = pd_store_get(rq->ctx->store, r->translations[i].id, &t, &err);
		if (rc < 0 && rc != PD_ENOTFOUND) {
			pd_web_error(rq, rs, pd_web_status_of(rc), err.msg);
			goto out;
		}
	}
	if (!t) {
		pd_web_error(rq, rs, 404, "this record has no linked translation to show beside it");
		goto out;
	}
	/* English on the left, as readers of both expect */
	const pd_record *a = is_zh(r) && !is_zh(t) ? t : r;
	const pd_record *b = a == r ? t : r;
	pd_alignment al;
	pd_align(a, b, &al);
	pd_web_lang l = pd_web_lang_of(r->language);
	pd_tv *v = pd_tv_new();
	pd_tv_str(v, "left_title", a->title);
	pd_tv_str(v, "right_title", b->title);
	pd_tv_str(v, "left_lang", a->language);
	pd_tv_str(v, "right_lang", b->language);
	pd_web_href(v, "left_href", "/records/", a->id, "");
	pd_web_href(v, "right_href", "/records/", b->id, "");
	pd_tv_printf(v, "paired", "%zu", al.na - al.a_unpaired);
	pd_tv_printf(v, "left_unpaired", "%zu", al.a_unpaired);
	pd_tv_printf(v, "right_unpaired", "%zu", al.b_unpaired);
	pd_tv_list(v, "rows");
	build_rows(v, a, b, &al);
	pd_web_page(rq, rs, l, pd_web_word(l, "parallel_title"), "parallel.html", v);
	pd_tv_free(v);
	pd_alignment_release(&al);
out:
	pd_record_free(r);
	pd_record_free(t);
}
