/* cmd_search.c: `podium search` — waits for its module. */
#include "cli/cli.h"
#include <stdio.h>
int pd_cmd_search(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "podium search: not available yet\n");
	return PD_EXIT_FAIL;
}
