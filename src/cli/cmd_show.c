/* cmd_show.c: `podium show` — waits for its module. */
#include "cli/cli.h"
#include <stdio.h>
int pd_cmd_show(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "podium show: not available yet\n");
	return PD_EXIT_FAIL;
}
