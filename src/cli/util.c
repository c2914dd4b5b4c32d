/* util.c: helpers shared by the commands. */
#include "cli/cli.h"
#include "base/limits.h"
#include "base/mem.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

char *pd_cli_read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "podium: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "podium: %s: is a folder (use podium ingest for folders)\n", path);
		fclose(f);
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && (uint64_t)st.st_size > PD_MAX_DOCUMENT_BYTES) {
		fprintf(stderr, "podium: %s: %lld bytes, over the %u-byte limit per document\n", path,
			(long long)st.st_size, PD_MAX_DOCUMENT_BYTES);
		fclose(f);
		return NULL;
	}
	size_t cap = 65536, len = 0;
	char *buf = pd_xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > PD_MAX_DOCUMENT_BYTES) {
				fprintf(stderr, "podium: %s: over the %u-byte limit per document\n", path,
					PD_MAX_DOCUMENT_BYTES);
				free(buf);
				fclose(f);
				return NULL;
			}
			cap *= 2;
			buf = pd_xrealloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "podium: %s: read error\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*n = len;
	return buf;
}
