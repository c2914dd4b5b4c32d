/* test_word_lists.c: the label word lists (labels.c), which compare a key
 * only with the entries opening with its first byte: entries of every
 * list, first and last and sharing first bytes (ASCII and CJK), the
 * parenthesis rule, near misses, and the first use from several threads
 * at once (the index is built once). The same cases pass against the
 * version that scanned each list whole (main at 84a4039). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "parse/labels.h"

typedef bool (*list_test)(const char *key);

typedef struct list_case {
	list_test in;
	const char *name;
	const char *key;
	bool want;
} list_case;

static const list_case cases[] = {
	/* field words: first, last, shared first bytes, parentheses */
	{ pd_label_is_field, "field", "SUBJECT", true },
	{ pd_label_is_field, "field", "SUBJECTS", true },
	{ pd_label_is_field, "field", "TRANSCRIPT OF", true },
	{ pd_label_is_field, "field", "TRANSCRIPT", true },
	{ pd_label_is_field, "field", "TO", true },
	{ pd_label_is_field, "field", "E&OE", true },
	{ pd_label_is_field, "field", "Q & A", true },
	{ pd_label_is_field, "field", "DATE (AEST)", true },
	{ pd_label_is_field, "field", "DATE (AEST", false },
	{ pd_label_is_field, "field", "DATES", false },
	{ pd_label_is_field, "field", "DAT", false },
	{ pd_label_is_field, "field", "date", false },
	{ pd_label_is_field, "field", "", false },
	{ pd_label_is_field, "field", "ZEBRA", false },
	{ pd_label_is_field, "field", " (DATE)", false },
	{ pd_label_is_field, "field", "PRIME MINISTER", false },
	/* journalist words, with CJK entries sharing a lead byte */
	{ pd_label_is_journalist_word, "journalist", "JOURNALIST", true },
	{ pd_label_is_journalist_word, "journalist", "JOURNALIST (ABC)", true },
	{ pd_label_is_journalist_word, "journalist", "Q", true },
	{ pd_label_is_journalist_word, "journalist", "QUESTION", true },
	{ pd_label_is_journalist_word, "journalist", "QU", false },
	{ pd_label_is_journalist_word, "journalist", "现场记者", true },
	{ pd_label_is_journalist_word, "journalist", "记者", true },
	{ pd_label_is_journalist_word, "journalist", "記者", true },
	{ pd_label_is_journalist_word, "journalist", "记", false },
	{ pd_label_is_journalist_word, "journalist", "PM", false },
	/* host and moderator words */
	{ pd_label_is_host_word, "host", "PM", true },
	{ pd_label_is_host_word, "host", "A", true },
	{ pd_label_is_host_word, "host", "PRIME MINISTER", true },
	{ pd_label_is_host_word, "host", "PRIME MINISTER (CONT)", true },
	{ pd_label_is_host_word, "host", "PRIME", false },
	{ pd_label_is_host_word, "host", "新聞發言人", true },
	{ pd_label_is_host_word, "host", "答", true },
	{ pd_label_is_host_word, "host", "MODERATOR", false },
	{ pd_label_is_moderator_word, "moderator", "MODERATOR", true },
	{ pd_label_is_moderator_word, "moderator", "CHAIRWOMAN", true },
	{ pd_label_is_moderator_word, "moderator", "CHAIR", true },
	{ pd_label_is_moderator_word, "moderator", "CHAI", false },
	{ pd_label_is_moderator_word, "moderator", "主席", true },
	{ pd_label_is_moderator_word, "moderator", "主持人", true },
	{ pd_label_is_moderator_word, "moderator", "主", false },
	/* outlets: first, last, shared first bytes */
	{ pd_label_is_outlet, "outlet", "AFP", true },
	{ pd_label_is_outlet, "outlet", "AFP (PARIS)", true },
	{ pd_label_is_outlet, "outlet", "AFPX", false },
	{ pd_label_is_outlet, "outlet", "KYODO NEWS", true },
	{ pd_label_is_outlet, "outlet", "KYODO", true },
	{ pd_label_is_outlet, "outlet", "THE PAPER", true },
	{ pd_label_is_outlet, "outlet", "ZAOBAO", true },
	{ pd_label_is_outlet, "outlet", "日本共同社", true },
	{ pd_label_is_outlet, "outlet", "共同社", true },
	{ pd_label_is_outlet, "outlet", "新华社", true },
	{ pd_label_is_outlet, "outlet", "新华", false },
	{ pd_label_is_outlet, "outlet", "JOURNALIST", false },
};

static int check_all(void)
{
	int wrong = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (cases[i].in(cases[i].key) != cases[i].want) {
			fprintf(stderr, "%s list: \"%s\" should %sbe in it\n", cases[i].name,
				cases[i].key, cases[i].want ? "" : "not ");
			wrong++;
		}
	return wrong;
}

static void *check_thread(void *arg)
{
	*(int *)arg = check_all();
	return NULL;
}

static void test_first_use_from_threads(void **state)
{
	(void)state;
	/* first: the index is built by whichever thread asks first */
	enum { THREADS = 4 };
	pthread_t th[THREADS];
	int wrong[THREADS];
	for (int k = 0; k < THREADS; k++)
		assert_int_equal(pthread_create(&th[k], NULL, check_thread, &wrong[k]), 0);
	for (int k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(th[k], NULL), 0);
		assert_int_equal(wrong[k], 0);
	}
}

static void test_lists(void **state)
{
	(void)state;
	assert_int_equal(check_all(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_use_from_threads),
		cmocka_unit_test(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
