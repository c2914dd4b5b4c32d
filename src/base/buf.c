/* buf.c: growable byte buffer with a ceiling (see buf.h). */
#include "base/buf.h"
#include "base/mem.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pd_buf_init(pd_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void pd_buf_release(pd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void pd_buf_reset(pd_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *pd_buf_detach(pd_buf *b)
{
	char *s = b->data ? b->data : pd_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

static bool passes_ceiling(const pd_buf *b, size_t n)
{
	return b->max && (n > b->max || b->len > b->max - n);
}

int pd_buf_reserve(pd_buf *b, size_t n)
{
	if (passes_ceiling(b, n))
		return -1;
	size_t need = b->len + n + 1;
	if (need > b->cap) {
		/* exactly: the caller said how far it goes */
		b->data = pd_xrealloc(b->data, need);
		b->cap = need;
		b->data[b->len] = '\0';
	}
	return 0;
}

static int ensure_room(pd_buf *b, size_t n)
{
	if (passes_ceiling(b, n))
		return -1;
	size_t need = b->len + n + 1;
	if (need > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		while (ncap < need)
			ncap *= 2;
		b->data = pd_xrealloc(b->data, ncap);
		b->cap = ncap;
	}
	return 0;
}

int pd_buf_add(pd_buf *b, const void *p, size_t n)
{
	if (ensure_room(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int pd_buf_add_after(pd_buf *b, const char *sep, size_t nsep, const void *p, size_t n)
{
	if (nsep > SIZE_MAX - n || ensure_room(b, nsep + n) < 0)
		return -1;
	pd_buf_copy_after_in_room(b, sep, nsep, p, n);
	return 0;
}

int pd_buf_puts(pd_buf *b, const char *s)
{
	return pd_buf_add(b, s, strlen(s));
}

int pd_buf_putc(pd_buf *b, char c)
{
	return pd_buf_add(b, &c, 1);
}

int pd_buf_vprintf(pd_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return pd_buf_add(b, small, (size_t)n);
	if (ensure_room(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int pd_buf_printf(pd_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = pd_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void pd_buf_truncate(pd_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

const char *pd_buf_cstr(const pd_buf *b)
{
	return b->data ? b->data : "";
}
