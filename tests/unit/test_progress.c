/* test_progress.c: the progress bar, formatted and drawn.
 *
 * progress.c lives in src/cli/, which is built into the podium binary and
 * not into podium_core, so it is compiled into this test directly. The
 * terminal cases run under a pseudo-terminal (openpty); the others write
 * to a pipe, which is not a terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/progress.c"

#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0)
		;
}

static void expect_frame(const char *label, uint64_t done, uint64_t total,
			 double secs, int log, const char *want)
{
	char out[256];
	size_t n = pd_progress_format(out, sizeof out, label, done, total,
				      secs, log);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void format_known_total(void **state)
{
	/* 1234 in 2 s: 617/s; 1666 left at 617/s is 2.7 s, shown 0:03;
	 * 1234/2900 fills 8 of 20 cells. */
	expect_frame("ingest", 1234, 2900, 2.0, 0,
		     "ingest [########            ]  42% 1234/2900  617/s  ETA 0:03");
	expect_frame("ingest", 1234, 2900, 2.0, 1,
		     "ingest: 1234/2900 (42%)  617/s  ETA 0:03");
	expect_frame("", 0, 10, 0.0, 0,
		     "[                    ]   0% 0/10  0/s");
	/* Long runs show hours; 9999 s left is 2:46:39. */
	expect_frame("x", 1, 10000, 1.0, 0,
		     "x [                    ]   0% 1/10000  1/s  ETA 2:46:39");
}

static void format_unknown_and_overshoot(void **state)
{
	expect_frame("walk", 1234, 0, 2.0, 0, "walk 1234  617/s");
	expect_frame("walk", 1234, 0, 2.0, 1, "walk: 1234  617/s");
	/* More done than the total (the count was an estimate): capped. */
	expect_frame("p", 12, 10, 1.0, 0,
		     "p [####################] 100% 12/10  12/s  ETA 0:00");
	/* An ETA beyond 99:59:59 is pinned there, not wrapped. */
	expect_frame("p", 1, UINT64_MAX, 1e6, 1,
		     "p: 1/18446744073709551615 (0%)  0/s  ETA 99:59:59");
}

static void format_small_buffer(void **state)
{
	char out[8];
	memset(out, 'Z', sizeof out);
	size_t n = pd_progress_format(out, sizeof out, "ingest", 5, 10, 1.0, 0);
	assert_int_equal(n, 7);
	assert_string_equal(out, "ingest ");
	assert_int_equal(pd_progress_format(out, 0, "x", 1, 1, 1, 0), 0);
}

/* Reads what is waiting on a non-blocking fd. */
static size_t drain(int fd, char *out, size_t cap)
{
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, out + n, cap - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	out[n] = '\0';
	return n;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

static void terminal_bar_throttled(void **state)
{
	int master, slave;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	struct termios t;
	tcgetattr(slave, &t);
	cfmakeraw(&t);   /* no \n -> \r\n, so every \r starts a frame */
	tcsetattr(slave, TCSANOW, &t);
	fcntl(master, F_SETFL, O_NONBLOCK);

	pd_progress_opts o = { .mode = PD_PROGRESS_AUTO, .fd = slave };
	pd_progress_configure(&o);
	static char got[65536];

	pd_progress_start(1000, "ingest");
	sleep_ms(20);
	drain(master, got, sizeof got);
	assert_string_equal(got, "\ringest [                    ]   0% 0/1000  0/s\033[K");
	/* 500 quick updates draw nothing more. (Drained as they go, so a
	 * bar that draws too often fails here instead of filling the pty.) */
	size_t frames = 0;
	for (uint64_t i = 1; i <= 500; i++) {
		pd_progress_update(i);
		if (i % 10 == 0) {
			drain(master, got, sizeof got);
			frames += count_char(got, '\r');
		}
	}
	assert_true(frames <= 1);   /* 1 only if the machine stalled 100 ms */

	sleep_ms(120);
	pd_progress_update(600);
	sleep_ms(20);
	drain(master, got, sizeof got);
	assert_int_equal(count_char(got, '\r'), 1);
	assert_non_null(strstr(got, " 60% 600/1000"));
	assert_non_null(strstr(got, "\033[K"));   /* erases a longer frame */
	assert_null(strchr(got, '\n'));

	pd_progress_update(1000);
	pd_progress_finish();
	sleep_ms(20);
	drain(master, got, sizeof got);
	/* finish draws the last state at once and ends the line. */
	assert_non_null(strstr(got, "100% 1000/1000"));
	assert_int_equal(got[strlen(got) - 1], '\n');

	/* Off means off, even on a terminal. */
	o.mode = PD_PROGRESS_OFF;
	pd_progress_configure(&o);
	pd_progress_start(10, "quiet");
	pd_progress_update(5);
	pd_progress_finish();
	sleep_ms(20);
	assert_int_equal(drain(master, got, sizeof got), 0);

	/* A long label keeps whole characters, at most 32 bytes. */
	o.mode = PD_PROGRESS_AUTO;
	pd_progress_configure(&o);
	pd_progress_start(0, "记者会记者会记者会记者会记者会记者会");
	assert_int_equal(strlen(bar.label), 30);
	assert_memory_equal(bar.label, "记者会记者会记者会记", 30);
	pd_progress_finish();

	close(master);
	close(slave);
	pd_progress_configure(NULL);
}

static void pipe_silent_or_log_lines(void **state)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	static char got[4096];

	/* Not a terminal: nothing at all by default. */
	pd_progress_opts o = { .mode = PD_PROGRESS_AUTO, .fd = p[1] };
	pd_progress_configure(&o);
	pd_progress_start(100, "parse");
	for (uint64_t i = 1; i <= 100; i++)
		pd_progress_update(i);
	pd_progress_finish();
	assert_int_equal(drain(p[0], got, sizeof got), 0);

	/* Log mode: a plain line per interval (shortened here from 10 s),
	 * no \r, no escape codes, and a last line at finish. */
	o.mode = PD_PROGRESS_LOG;
	o.log_secs = 0.05;
	pd_progress_configure(&o);
	pd_progress_start(100, "parse");
	pd_progress_update(10);
	assert_int_equal(drain(p[0], got, sizeof got), 0);
	sleep_ms(70);
	pd_progress_update(20);
	pd_progress_update(30);
	drain(p[0], got, sizeof got);
	assert_int_equal(count_char(got, '\n'), 1);
	assert_true(strncmp(got, "parse: 20/100 (20%)", 19) == 0);
	pd_progress_finish();
	drain(p[0], got, sizeof got);
	assert_true(strncmp(got, "parse: 30/100 (30%)", 19) == 0);
	assert_null(strchr(got, '\r'));
	assert_null(strchr(got, '\033'));
	assert_int_equal(count_char(got, '\n'), 1);

	/* finish without start writes nothing. */
	pd_progress_finish();
	assert_int_equal(drain(p[0], got, sizeof got), 0);
	close(p[0]);
	close(p[1]);
	pd_progress_configure(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_known_total),
		cmocka_unit_test(format_unknown_and_overshoot),
		cmocka_unit_test(format_small_buffer),
		cmocka_unit_test(terminal_bar_throttled),
		cmocka_unit_test(pipe_silent_or_log_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
