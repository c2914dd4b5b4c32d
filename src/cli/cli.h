/* cli.h: the podium command line — one row per command in main.c's table,
 * one file per command (cmd_*.c). Commands return an exit status:
 *   0  success
 *   1  partial failure: some inputs were rejected, the rest processed
 *   2  usage error (bad options or arguments)
 *   3  failure: nothing done (database cannot be opened, ...)
 *   4  not found (show: no such record)
 */
#ifndef PD_CLI_H
#define PD_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum {
	PD_EXIT_OK = 0,
	PD_EXIT_PARTIAL = 1,
	PD_EXIT_USAGE = 2,
	PD_EXIT_FAIL = 3,
	PD_EXIT_NOTFOUND = 4,
};

typedef struct pd_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;   /* full help text for `podium CMD --help` */
} pd_command;

int pd_cmd_parse(int argc, char **argv);
int pd_cmd_ingest(int argc, char **argv);
int pd_cmd_search(int argc, char **argv);
int pd_cmd_show(int argc, char **argv);
int pd_cmd_stats(int argc, char **argv);
int pd_cmd_correct(int argc, char **argv);
int pd_cmd_align(int argc, char **argv);
int pd_cmd_link(int argc, char **argv);
int pd_cmd_unlink(int argc, char **argv);
int pd_cmd_serve(int argc, char **argv);
int pd_cmd_migrate(int argc, char **argv);
int pd_cmd_optimize(int argc, char **argv);

/* cmd_optimize.c: pd_store_optimize with its time printed; 0, or -1 with
 * the error printed for command cmd. */
struct pd_store;
int pd_cli_optimize(struct pd_store *store, const char *cmd);

/* Prints the usage of command `name` to stderr (or stdout when to_stdout). */
void pd_cli_usage(const char *name, bool to_stdout);
/* True when argv[i] is -h or --help. */
bool pd_cli_is_help(const char *arg);
/* Reads a whole file (bounded by PD_MAX_DOCUMENT_BYTES); NULL with a
 * message on stderr. *n gets the length. Caller frees. */
char *pd_cli_read_file(const char *path, size_t *n);

#endif
