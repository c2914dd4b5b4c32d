/* link.c: links two stored records as translations of each other
 * (pd_store_link), for the browser test's database. There is no
 * `podium link` command yet (translation linking is its own issue); this
 * helper is compiled by tests/integration/browser.sh against the build's
 * libpodium_core.a.
 *   usage: link DB ID_A ID_B */
#include "store/store.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	pd_store *s = NULL;
	pd_err err;
	int rc;
	if (argc != 4) {
		fprintf(stderr, "usage: link DB ID_A ID_B\n");
		return 2;
	}
	if ((rc = pd_store_open(argv[1], 0, &s, &err)) == 0)
		rc = pd_store_link(s, argv[2], argv[3], &err);
	if (rc < 0)
		fprintf(stderr, "link: %s\n", err.msg);
	pd_store_close(s);
	return rc < 0 ? 1 : 0;
}
