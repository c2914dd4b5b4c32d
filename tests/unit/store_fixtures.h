/* store_fixtures.h: records and search helpers shared by the store tests
 * (test_store.c, every backend; test_store_sqlite.c, SQLite's own).
 * Static, marked unused: a test file may need only some of them.
 */
#ifndef PD_TEST_STORE_FIXTURES_H
#define PD_TEST_STORE_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "record/record.h"
#include "record/record_json.h"
#include "store/store.h"

#define PD_FIXTURE static __attribute__((unused))

PD_FIXTURE pd_record *rec_en1(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "en-1");
	pd_record_set(&r->title, "Press conference on the embassy district");
	pd_record_set(&r->date, "2023-05-04");
	pd_record_set(&r->language, "en");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_set(&r->source, "PM");
	pd_record_add_topic(r, "Diplomacy");
	pd_participant *p = pd_record_add_participant(r, "PM", PD_PART_HOST);
	pd_record_set(&p->name, "Anthony Albanese");
	pd_record_add_participant(r, "JOURNALIST", PD_PART_JOURNALIST);
	const char *t1 = "The Prime Minister arrived for the interview.";
	pd_record_add_turn(r, NULL, PD_TURN_NARRATION, t1, strlen(t1));
	const char *t2 = "What about the embassy district plans?";
	pd_record_add_turn(r, "JOURNALIST", PD_TURN_QUESTION, t2, strlen(t2));
	const char *t3 = "The embassy district will open next year.\n\nEmbassy staff are ready.";
	pd_turn *t = pd_record_add_turn(r, "PM", PD_TURN_ANSWER, t3, strlen(t3));
	t->answers = 2;
	const char *t4 = "And trade tariffs?";
	pd_record_add_turn(r, "JOURNALIST", PD_TURN_QUESTION, t4, strlen(t4));
	const char *t5 = "Trade is strong.";
	t = pd_record_add_turn(r, "PM", PD_TURN_ANSWER, t5, strlen(t5));
	t->answers = 4;
	pd_record_link_qa(r);
	return r;
}

PD_FIXTURE pd_record *rec_zh1(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "zh-1");
	pd_record_set(&r->title, "外交部发言人例行记者会");
	pd_record_set(&r->date, "2022-11-10");
	pd_record_set(&r->language, "zh-Hans");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_add_topic(r, "外交");
	pd_record_add_participant(r, "毛宁", PD_PART_HOST);
	pd_record_add_participant(r, "记者", PD_PART_JOURNALIST);
	const char *t1 = "请问国际交往中心的进展？";
	pd_record_add_turn(r, "记者", PD_TURN_QUESTION, t1, strlen(t1));
	const char *t2 = "北京第四使馆区的建设进展顺利。";
	pd_turn *t = pd_record_add_turn(r, "毛宁", PD_TURN_ANSWER, t2, strlen(t2));
	t->answers = 1;
	pd_record_link_qa(r);
	return r;
}

PD_FIXTURE pd_record *rec_en2(void)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "en-2");
	pd_record_set(&r->title, "Interview with ABC Radio");
	pd_record_set(&r->date, "2021-02-01");
	pd_record_set(&r->language, "en");
	pd_record_set(&r->release_type, "Interview");
	pd_record_add_topic(r, "Trade");
	pd_participant *p = pd_record_add_participant(r, "PM", PD_PART_HOST);
	pd_record_set(&p->name, "Scott Morrison");
	pd_record_add_participant(r, "HOST", PD_PART_JOURNALIST);
	const char *t1 = "Tell us about trade.";
	pd_record_add_turn(r, "HOST", PD_TURN_QUESTION, t1, strlen(t1));
	const char *t2 = "Trade with China and tariffs matter a great deal to farmers, "
			 "exporters and the whole economy. We discussed the embassy too.";
	pd_record_add_turn(r, "PM", PD_TURN_ANSWER, t2, strlen(t2));
	return r;
}

PD_FIXTURE void put_ok(pd_store *s, pd_record *r, pd_put_result want)
{
	pd_err err = {0};
	pd_put_result res;
	if (pd_store_put(s, r, "test", NULL, &res, &err) != 0)
		fail_msg("put %s: %s", r->id, err.msg);
	assert_int_equal(res, want);
}

/* Stores en-1, zh-1 and en-2 (the loaded fixture). */
PD_FIXTURE void put_all(pd_store *s)
{
	pd_record *rs[] = { rec_en1(), rec_zh1(), rec_en2() };
	for (size_t i = 0; i < 3; i++) {
		put_ok(s, rs[i], PD_PUT_ADDED);
		pd_record_free(rs[i]);
	}
}

PD_FIXTURE char *to_json(const pd_record *r)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_record_to_json(r, &b);
	return pd_buf_detach(&b);
}

/* ---- search helpers ---------------------------------------------------- */

PD_FIXTURE void search(pd_store *s, const char *q, const pd_filter *f, pd_search_result *out)
{
	pd_search_req req = { .query = q, .limit = 50 };
	if (f)
		req.filter = *f;
	pd_err err = {0};
	if (pd_store_search(s, &req, out, &err) != 0)
		fail_msg("search '%s': %s", q, err.msg);
	assert_int_equal(out->total, out->nhits);
	for (size_t i = 1; i < out->nhits; i++)
		assert_true(out->hits[i - 1].score >= out->hits[i].score);
}

/* "id#n id#n ..." of the hits, sorted, to compare sets. */
PD_FIXTURE char *hit_set(const pd_search_result *r)
{
	char **v = calloc(r->nhits + 1, sizeof *v);
	for (size_t i = 0; i < r->nhits; i++) {
		pd_buf b;
		pd_buf_init(&b, 0);
		pd_buf_printf(&b, "%s#%d", r->hits[i].record_id, r->hits[i].turn);
		v[i] = pd_buf_detach(&b);
	}
	for (size_t i = 0; i < r->nhits; i++)
		for (size_t j = i + 1; j < r->nhits; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i]; v[i] = v[j]; v[j] = t;
			}
	pd_buf out;
	pd_buf_init(&out, 0);
	for (size_t i = 0; i < r->nhits; i++) {
		pd_buf_printf(&out, "%s%s", i ? " " : "", v[i]);
		free(v[i]);
	}
	free(v);
	return pd_buf_detach(&out);
}

PD_FIXTURE void expect_hits(pd_store *s, const char *q, const pd_filter *f, const char *want)
{
	pd_search_result r;
	search(s, q, f, &r);
	char *got = hit_set(&r);
	if (strcmp(got, want) != 0)
		fail_msg("search '%s': [%s], want [%s]", q, got, want);
	free(got);
	pd_search_result_release(&r);
}

/* A store in a temp folder of its own, for tests that read or tamper
 * with its file (test_store_sqlite.c, test_doclist.c); the folder goes
 * with the teardown. */
typedef struct pd_tmp_store {
	char dir[64];
	char path[96];
	pd_store *s;
} pd_tmp_store;

PD_FIXTURE int tmp_store_setup(void **state)
{
	pd_tmp_store *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pd-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/podium.db", f->dir);
	pd_err err = {0};
	if (pd_store_open(f->path, 0, &f->s, &err) != 0)
		fail_msg("open: %s", err.msg);
	*state = f;
	return 0;
}

PD_FIXTURE int tmp_store_teardown(void **state)
{
	pd_tmp_store *f = *state;
	if (f->s)
		pd_store_close(f->s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

#endif
