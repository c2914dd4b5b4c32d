/* progress.c: the terminal progress bar (see progress.h). */
#include "cli/progress.h"

#include "base/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_CELLS 20
#define LABEL_MAX 32
#define FRAME_MAX 256

static struct {
	pd_progress_opts opts;  /* as configured */
	bool active;
	bool tty;
	char label[LABEL_MAX + 1];
	uint64_t total, done;
	double t0, last_draw;
} bar;

static double now_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pd_progress_configure(const pd_progress_opts *opts)
{
	memset(&bar.opts, 0, sizeof bar.opts);
	if (opts)
		bar.opts = *opts;
	if (bar.opts.fd <= 0)
		bar.opts.fd = STDERR_FILENO;
	if (bar.opts.redraw_secs <= 0)
		bar.opts.redraw_secs = 0.1;
	if (bar.opts.log_secs <= 0)
		bar.opts.log_secs = 10;
}

/* "0:07", "12:34", "1:02:03". */
static void fmt_duration(char *out, size_t cap, double secs)
{
	if (secs < 0 || secs > 359999)   /* 99:59:59: past that, no ETA */
		secs = 359999;
	unsigned long s = (unsigned long)(secs + 0.5);
	if (s >= 3600)
		snprintf(out, cap, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, cap, "%lu:%02lu", s / 60, s % 60);
}

/* part/whole in units of 1/scale, rounded down: exact integers where
 * part * scale fits in 64 bits, a double beyond (only counts in the
 * quintillions get there); never past scale. */
static unsigned share(uint64_t part, uint64_t whole, unsigned scale)
{
	if (part >= whole)
		return scale;
	if (part <= UINT64_MAX / scale)
		return (unsigned)(part * scale / whole);
	unsigned s = (unsigned)((double)part / (double)whole * scale);
	return s < scale ? s : scale - 1;
}

size_t pd_progress_format(char *out, size_t cap, const char *label,
			  uint64_t done, uint64_t total, double elapsed_secs,
			  int log)
{
	if (!cap)
		return 0;
	double rate = elapsed_secs > 0 ? (double)done / elapsed_secs : 0;
	char eta[32] = "";
	if (total && rate > 0) {
		uint64_t left = done < total ? total - done : 0;
		char d[24];
		fmt_duration(d, sizeof d, (double)left / rate);
		snprintf(eta, sizeof eta, "  ETA %s", d);
	}
	const char *lab = label ? label : "";
	const char *sep = log ? ": " : " ";
	if (!*lab)
		sep = "";
	int n;
	if (!total) {
		n = snprintf(out, cap, "%s%s%llu  %.0f/s", lab, sep,
			     (unsigned long long)done, rate);
	} else {
		unsigned pct = share(done, total, 100);
		if (log) {
			n = snprintf(out, cap, "%s%s%llu/%llu (%u%%)  %.0f/s%s",
				     lab, sep, (unsigned long long)done,
				     (unsigned long long)total, pct, rate, eta);
		} else {
			char cells[BAR_CELLS + 1];
			size_t full = share(done, total, BAR_CELLS);
			memset(cells, '#', full);
			memset(cells + full, ' ', BAR_CELLS - full);
			cells[BAR_CELLS] = '\0';
			n = snprintf(out, cap, "%s%s[%s] %3u%% %llu/%llu  %.0f/s%s",
				     lab, sep, cells, pct,
				     (unsigned long long)done,
				     (unsigned long long)total, rate, eta);
		}
	}
	if (n < 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Writes all of s, retrying on EINTR; a broken stderr is not worth failing
 * a command for, so errors are dropped. */
static void put(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(bar.opts.fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void draw(double t, bool last)
{
	char frame[FRAME_MAX + 8];
	bool log = !bar.tty;
	size_t n = 0;
	if (!log)
		frame[n++] = '\r';
	n += pd_progress_format(frame + n, FRAME_MAX, bar.label, bar.done,
				bar.total, t - bar.t0, log);
	/* On a terminal, erase what a longer previous frame left. */
	const char *end = log ? "\n" : last ? "\033[K\n" : "\033[K";
	size_t elen = strlen(end);
	memcpy(frame + n, end, elen);
	put(frame, n + elen);
	bar.last_draw = t;
}

static bool visible(void)
{
	return bar.active &&
	       (bar.tty || bar.opts.mode == PD_PROGRESS_LOG);
}

void pd_progress_start(uint64_t total, const char *label)
{
	if (!bar.opts.fd)
		pd_progress_configure(NULL);
	bar.active = bar.opts.mode != PD_PROGRESS_OFF;
	bar.tty = isatty(bar.opts.fd);
	bar.total = total;
	bar.done = 0;
	const char *l = label ? label : "";
	/* Whole characters only, up to LABEL_MAX bytes. */
	size_t n = 0, len = strlen(l);
	while (n < len) {
		uint32_t cp;
		size_t k = pd_utf8_decode(l + n, len - n, &cp);
		if (n + k > LABEL_MAX)
			break;
		n += k;
	}
	memcpy(bar.label, l, n);
	bar.label[n] = '\0';
	bar.t0 = bar.last_draw = now_secs();
	if (visible() && bar.tty)
		draw(bar.t0, false);
}

void pd_progress_update(uint64_t done)
{
	bar.done = done;
	if (!visible())
		return;
	double t = now_secs();
	double every = bar.tty ? bar.opts.redraw_secs : bar.opts.log_secs;
	if (t - bar.last_draw >= every)
		draw(t, false);
}

void pd_progress_finish(void)
{
	if (visible())
		draw(now_secs(), true);
	bar.active = false;
}
