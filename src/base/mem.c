/* mem.c: allocation that aborts on exhaustion (see mem.h). */
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(size_t n)
{
	fprintf(stderr, "podium: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *pd_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *pd_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom(count * size);
	return p;
}

void *pd_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

void *pd_xgrow(void *p, size_t elem, size_t need, size_t *cap)
{
	if (need <= *cap)
		return p;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / elem)
			die_oom(need * elem);
		ncap *= 2;
	}
	*cap = ncap;
	return pd_xrealloc(p, ncap * elem);
}

char *pd_xstrdup(const char *s)
{
	return s ? pd_xstrndup(s, strlen(s)) : NULL;
}

char *pd_xstrndup(const char *s, size_t n)
{
	char *d = pd_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
