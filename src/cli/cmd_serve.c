/* cmd_serve.c: `podium serve` — the website, JSON API and feeds over HTTP
 * (src/web/). Runs until SIGINT or SIGTERM. --admin-token-file F turns on
 * the admin interface (corrections over HTTP; off by default). */
#include "cli/cli.h"
#include "web/web.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number in [0, max]; -1 when not one. */
static long number_arg(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && *end == '\0' && v >= 0 && v <= max ? v : -1;
}

/* Large blocks straight from the kernel and back to it when freed. glibc
 * raises its mmap threshold each time a mapped block is freed (up to 32
 * MiB), so a worker's search arrays loaded after such a free (filter lists,
 * row lengths, their scratch arrays: 13 MB each at 10x) came from its
 * thread's heap and stayed there once freed: with two workers, 82 MB of
 * RssAnon at 10x against 57 MB with a fixed 1 MiB threshold. Blocks under
 * it (a search's 400 KB filter sets) are still reused from the heap. */
static void return_large_blocks(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

int pd_cmd_serve(int argc, char **argv)
{
	pd_web_config cfg = { .port = 8080, .cache_mb = 64 };
	pd_web *w = NULL;
	pd_err err;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (strcmp(a, "--quiet") == 0) {
			cfg.quiet = true;
			continue;
		}
		if (!val || a[0] != '-')
			goto usage;
		i++;
		if (strcmp(a, "--db") == 0) {
			cfg.db = val;
		} else if (strcmp(a, "--admin-token-file") == 0) {
			cfg.admin_token_file = val;
		} else if (strcmp(a, "--bind") == 0) {
			cfg.bind = val;
		} else if (strcmp(a, "--port") == 0 && (n = number_arg(val, 65535)) >= 0) {
			cfg.port = (unsigned)n;
		} else if (strcmp(a, "--threads") == 0 && (n = number_arg(val, 64)) >= 1) {
			cfg.threads = (unsigned)n;
		} else if (strcmp(a, "--cache-mb") == 0 && (n = number_arg(val, 65536)) >= 0) {
			cfg.cache_mb = (unsigned)n;
		} else {
			goto usage;
		}
	}
	/* block the stop signals before MHD starts its threads, so they inherit
	 * the mask and only sigwait below sees them */
	sigset_t stop;
	int sig;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	return_large_blocks();
	if (pd_web_start(&cfg, &w, &err) < 0) {
		fprintf(stderr, "podium serve: %s\n", err.msg);
		return err.code == PD_EUSAGE ? PD_EXIT_USAGE : PD_EXIT_FAIL;
	}
	printf("podium: serving http://%s:%u/\n", cfg.bind ? cfg.bind : "127.0.0.1", pd_web_port(w));
	if (cfg.admin_token_file)
		printf("podium: admin interface on (/api/v1/admin/, token from %s)\n",
		       cfg.admin_token_file);
	fflush(stdout);
	sigwait(&stop, &sig);
	fprintf(stderr, "podium serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	pd_web_stop(w);
	return PD_EXIT_OK;
usage:
	pd_cli_usage("serve", false);
	return PD_EXIT_USAGE;
}
