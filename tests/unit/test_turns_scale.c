/* test_turns_scale.c: the turn detector stays linear in the number of
 * speakers. It used to look labels and participants up by scanning a list
 * per turn (and every line per label found inside a line): 20,000 distinct
 * speakers took 44 s of CPU for a 1.3 MB text. The bound below is
 * generous — seconds of CPU time for what now takes a fraction of one, even
 * under ASan — so only a quadratic path can fail it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "time_bound.h"

#include "base/buf.h"
#include "base/err.h"
#include "parse/parse.h"

#define CPU_SECONDS_MAX 20.0


/* "MR ABCD": a distinct upper-case name per i (four letters, base 26). */
static void name_of(size_t i, char out[8])
{
	memcpy(out, "MR ", 3);
	for (int k = 6; k >= 3; k--) {
		out[k] = (char)('A' + i % 26);
		i /= 26;
	}
	out[7] = '\0';
}

static pd_record *parse_timed(const pd_buf *b, double *cpu)
{
	pd_err err;
	pd_err_clear(&err);
	clock_t c0 = clock();
	pd_record *r = pd_parse_one("many.txt", b->data, b->len, &err);
	*cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
	assert_non_null(r);
	return r;
}

/* 20,000 speakers, each labelled once at a line start. */
static void test_many_distinct_speakers(void **state)
{
	(void)state;
	enum { N = 20000 };
	pd_buf b;
	pd_buf_init(&b, 0);
	char name[8];
	for (size_t i = 0; i < N; i++) {
		name_of(i, name);
		pd_buf_printf(&b, "%s: Could you tell us what happens next with number %zu?\n\n", name, i);
	}
	double cpu;
	pd_record *r = parse_timed(&b, &cpu);
	assert_int_equal(r->nturns, N);
	assert_int_equal(r->nparticipants, N);
	for (size_t i = 0; i < N; i += 997) {
		name_of(i, name);
		assert_string_equal(r->turns[i].speaker, name);
		assert_string_equal(r->participants[i].label, name);
	}
	assert_true(cpu < CPU_SECONDS_MAX * pd_test_time_scale());
	pd_record_free(r);
	pd_buf_release(&b);
}

/* OCR'd typescripts: labels inside lines ("... ? MR X: ...") are split off
 * when the same label starts a line elsewhere; 6,000 of them, each naming
 * the previous line's speaker. */
static void test_many_labels_inside_lines(void **state)
{
	(void)state;
	enum { N = 6000 };
	pd_buf b;
	pd_buf_init(&b, 0);
	char name[8], prev[8];
	for (size_t i = 0; i < N; i++) {
		name_of(i, name);
		name_of(i ? i - 1 : N - 1, prev);
		pd_buf_printf(&b, "%s: What about number %zu? %s: Nothing more to say about it.\n\n", name, i, prev);
	}
	double cpu;
	pd_record *r = parse_timed(&b, &cpu);
	assert_int_equal(r->nturns, 2 * N);
	assert_int_equal(r->nparticipants, N);
	name_of(0, name);
	name_of(N - 1, prev);
	assert_string_equal(r->turns[0].speaker, name);
	assert_string_equal(r->turns[1].speaker, prev);
	assert_string_equal(r->turns[1].text, "Nothing more to say about it.");
	assert_true(cpu < CPU_SECONDS_MAX * pd_test_time_scale());
	pd_record_free(r);
	pd_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_distinct_speakers),
		cmocka_unit_test(test_many_labels_inside_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
