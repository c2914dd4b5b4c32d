/* cmd_stats.c: `podium stats` — waits for its module. */
#include "cli/cli.h"
#include <stdio.h>
int pd_cmd_stats(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "podium stats: not available yet\n");
	return PD_EXIT_FAIL;
}
