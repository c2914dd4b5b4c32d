/* progress.h: a terminal progress bar for long commands.
 *
 *   pd_progress_start(count, "ingest");
 *   for (...) pd_progress_update(++done);
 *   pd_progress_finish();
 *
 * draws, on stderr and only when stderr is a terminal,
 *   \r ingest [########            ]  42% 1234/2900  310/s  ETA 0:07
 * redrawn at most every 100 ms, so calling update per document costs a
 * clock read. When the total is unknown (0) it shows the count and the rate
 * only. When stderr is not a terminal (CI, a pipe, a log file) it writes
 * nothing, or, in PD_PROGRESS_LOG mode, one plain line every 10 s
 *   ingest: 1234/2900 (42%) 310/s ETA 0:07
 * so that logs show the command is alive without filling with \r frames.
 *
 * One bar at a time per process (a command has one); not thread-safe: call
 * update from the thread that runs the loop.
 */
#ifndef PD_CLI_PROGRESS_H
#define PD_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

typedef enum pd_progress_mode {
	PD_PROGRESS_AUTO = 0,   /* bar on a terminal, silence elsewhere */
	PD_PROGRESS_LOG,        /* bar on a terminal, a log line elsewhere */
	PD_PROGRESS_OFF,        /* nothing at all (--quiet) */
} pd_progress_mode;

typedef struct pd_progress_opts {
	pd_progress_mode mode;
	int fd;                 /* where to write; -1 or 0 fields: defaults */
	double redraw_secs;     /* terminal redraw interval; 0: 0.1 */
	double log_secs;        /* log line interval; 0: 10 */
} pd_progress_opts;

/* Sets the mode and, for tests, the fd and intervals. Takes effect at the
 * next start. Without a call: PD_PROGRESS_AUTO on fd 2. */
void pd_progress_configure(const pd_progress_opts *opts);

/* Begins a bar for `total` steps (0: unknown). label is copied (at most
 * 32 bytes are shown). Draws the empty bar at once on a terminal. */
void pd_progress_start(uint64_t total, const char *label);
/* Reports that `done` steps are complete; redraws if the interval passed. */
void pd_progress_update(uint64_t done);
/* Draws the final state and ends the line (terminal), or writes a last log
 * line (log mode). A finish without a start does nothing. */
void pd_progress_finish(void);

/* Formats one frame (without \r or line end) into out (cap bytes, always
 * NUL-terminated); returns its length. Pure, for tests and log lines.
 * log: the plain log-line form instead of the bar. */
size_t pd_progress_format(char *out, size_t cap, const char *label,
			  uint64_t done, uint64_t total, double elapsed_secs,
			  int log);

#endif
