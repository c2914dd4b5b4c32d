/* cmd_ingest.c: `podium ingest` — waits for its module. */
#include "cli/cli.h"
#include <stdio.h>
int pd_cmd_ingest(int argc, char **argv)
{
	(void)argc; (void)argv;
	fprintf(stderr, "podium ingest: not available yet\n");
	return PD_EXIT_FAIL;
}
