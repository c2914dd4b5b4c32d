/* test_align.c: turn alignment and translation detection (src/align/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align/align.h"
#include "parse/parse.h"

#define BILINGUAL PD_SHARED_DIR "/corpus/bilingual/"

static pd_record *load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s%s", BILINGUAL, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	pd_err err;
	pd_record *r = pd_parse_one(path, buf, (size_t)n, &err);
	free(buf);
	assert_non_null(r);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME of every NAME.en.md, sorted. */
static size_t list_pairs(char ***out)
{
	DIR *d = opendir(BILINGUAL);
	assert_non_null(d);
	char **v = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 6 && strcmp(e->d_name + l - 6, ".en.md") == 0) {
			v = realloc(v, (n + 1) * sizeof *v);
			v[n++] = strndup(e->d_name, l - 6);
		}
	}
	closedir(d);
	qsort(v, n, sizeof *v, cmp_str);
	*out = v;
	return n;
}

static void test_every_real_pair_is_a_translation(void **state)
{
	(void)state;
	char **names;
	size_t n = list_pairs(&names);
	assert_int_equal(n, 41);
	for (size_t i = 0; i < n; i++) {
		char en[600], zh[600];
		snprintf(en, sizeof en, "%s.en.md", names[i]);
		snprintf(zh, sizeof zh, "%s.zh.md", names[i]);
		pd_record *a = load(en), *b = load(zh);
		if (!pd_align_is_translation(a, b))
			fail_msg("%s: not recognised as a translation pair", names[i]);
		pd_record_free(a);
		pd_record_free(b);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void test_mismatched_pairs_are_not(void **state)
{
	(void)state;
	char **names;
	size_t n = list_pairs(&names), wrong = 0, tried = 0;
	/* each English record against the Chinese record of another event,
	 * with the date made equal so only the structure decides */
	for (size_t shift = 1; shift <= 5; shift += 4) {
		for (size_t i = 0; i < n; i++) {
			char en[600], zh[600];
			snprintf(en, sizeof en, "%s.en.md", names[i]);
			snprintf(zh, sizeof zh, "%s.zh.md", names[(i + shift) % n]);
			pd_record *a = load(en), *b = load(zh);
			pd_record_set(&b->date, a->date);
			wrong += pd_align_is_translation(a, b);
			tried++;
			/* and a different date is never a pair */
			pd_record_set(&b->date, "1999-01-01");
			assert_false(pd_align_is_translation(a, b));
			pd_record_free(a);
			pd_record_free(b);
		}
	}
	/* measured: 1 of 82 when the dates are forced equal */
	assert_true(wrong * 40 <= tried);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void test_one_to_one_press_conference(void **state)
{
	(void)state;
	pd_record *a = load("2025-10-01-Right-Livelihood-Award-Press-Conference.en.md");
	pd_record *b = load("2025-10-01-Right-Livelihood-Award-Press-Conference.zh.md");
	pd_alignment al;
	pd_align(a, b, &al);
	assert_int_equal(al.na, 26);
	assert_int_equal(al.nb, 26);
	assert_int_equal(al.npairs, 26);
	for (size_t k = 0; k < al.npairs; k++) {
		assert_int_equal(al.pairs[k][0], k);
		assert_int_equal(al.pairs[k][1], k);
	}
	/* the speakers correspond across languages */
	bool audrey = false;
	for (size_t k = 0; k < al.nspeakers; k++)
		audrey |= strcmp(al.speaker_a[k], "Audrey Tang") == 0 && strcmp(al.speaker_b[k], "唐鳳") == 0;
	assert_true(audrey);
	pd_alignment_release(&al);
	pd_record_free(a);
	pd_record_free(b);
}

static pd_record *make(const char *lang, const char *const *spk, const char *const *text, size_t n)
{
	pd_record *r = pd_record_new();
	pd_record_set(&r->language, lang);
	pd_record_set(&r->date, "2026-01-01");
	for (size_t i = 0; i < n; i++) {
		pd_record_add_participant(r, spk[i], PD_PART_OTHER);
		pd_record_add_turn(r, spk[i], PD_TURN_STATEMENT, text[i], strlen(text[i]));
	}
	return r;
}

static void test_merged_turns_pair_many_to_one(void **state)
{
	(void)state;
	/* three English paragraphs of one speaker are one Chinese turn */
	const char *const es[] = { "Q", "A", "A", "A", "Q" };
	const char *const et[] = {
		"What will the 2026 budget do for schools in the north?",
		"First, it builds twelve new schools, with 400 classrooms in all.",
		"Second, every teacher gets a laptop and training in the summer.",
		"Third, the Ministry of Education hires 1,500 teachers by March.",
		"Thank you, and what about hospitals?",
	};
	const char *const zs[] = { "問", "答", "問" };
	const char *const zt[] = {
		"2026年的預算會為北部的學校做什麼？",
		"第一，興建十二所新學校，共400間教室。第二，每位老師都會拿到筆電，暑假受訓。第三，Ministry of Education 在三月前聘用1,500名老師。",
		"謝謝，那醫院呢？",
	};
	pd_record *a = make("en", es, et, 5), *b = make("zh-Hant", zs, zt, 3);
	pd_alignment al;
	pd_align(a, b, &al);
	size_t want[][2] = { { 0, 0 }, { 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 2 } };
	assert_int_equal(al.npairs, 5);
	for (size_t k = 0; k < 5; k++) {
		assert_int_equal(al.pairs[k][0], want[k][0]);
		assert_int_equal(al.pairs[k][1], want[k][1]);
	}
	assert_int_equal(al.a_unpaired, 0);
	assert_int_equal(al.b_unpaired, 0);
	pd_alignment_release(&al);
	pd_record_free(a);
	pd_record_free(b);
}

static void test_empty_sides(void **state)
{
	(void)state;
	pd_record *a = pd_record_new(), *b = pd_record_new();
	pd_alignment al;
	pd_align(a, b, &al);
	assert_int_equal(al.npairs, 0);
	assert_false(pd_align_is_translation(a, b));
	pd_alignment_release(&al);
	pd_record_free(a);
	pd_record_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_real_pair_is_a_translation),
		cmocka_unit_test(test_mismatched_pairs_are_not),
		cmocka_unit_test(test_one_to_one_press_conference),
		cmocka_unit_test(test_merged_turns_pair_many_to_one),
		cmocka_unit_test(test_empty_sides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
