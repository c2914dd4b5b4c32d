/* buf.h: a growable byte buffer with a ceiling (after curl's dynbuf).
 *
 * A pd_buf is always NUL-terminated once anything was added, so buf.data can
 * be used as a C string. Appends past the ceiling fail with -1 and leave the
 * buffer as it was; the caller reports the input as too large. Memory
 * exhaustion aborts (mem.h).
 *
 *   pd_buf b; pd_buf_init(&b, PD_MAX_DOCUMENT_BYTES);
 *   pd_buf_puts(&b, "hello");
 *   char *s = pd_buf_detach(&b);   // caller frees s; b is empty again
 */
#ifndef PD_BASE_BUF_H
#define PD_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct pd_buf {
	char *data;     /* NULL until the first append; then NUL-terminated */
	size_t len;     /* bytes used, not counting the NUL */
	size_t cap;     /* bytes allocated */
	size_t max;     /* ceiling on len; 0 means no ceiling */
} pd_buf;

/* Prepares an empty buffer; allocates nothing. */
void pd_buf_init(pd_buf *b, size_t max);
/* Frees the memory; the buffer is empty and may be reused. */
void pd_buf_release(pd_buf *b);
/* Empties the buffer but keeps its memory. */
void pd_buf_reset(pd_buf *b);
/* Hands the string over to the caller (never NULL: "" for empty). */
char *pd_buf_detach(pd_buf *b);

/* Makes room for n more bytes at once (the buffer stays as it was, and
 * NUL-terminated): a caller that knows how far it will grow saves the
 * doublings, each a realloc and a copy. 0 on success, -1 if the ceiling
 * would be passed. */
int pd_buf_reserve(pd_buf *b, size_t n);
/* Appends; 0 on success, -1 if the ceiling would be passed. */
int pd_buf_add(pd_buf *b, const void *p, size_t n);
/* Appends (sep, nsep) and then (p, n) with one test of the room: a
 * separator and what it goes before. 0 on success, -1 (nothing
 * appended) if the ceiling would be passed. */
int pd_buf_add_after(pd_buf *b, const char *sep, size_t nsep, const void *p, size_t n);
/* pd_buf_add_after in line where the bytes fit in the memory allocated
 * and under the ceiling (all but a few appends), the call only to grow or
 * to fail: the call and its frame were half of what the turn detector's
 * appends of every line of speech cost. */
/* The copy both of them make once the room is known to be there (nsep +
 * n bytes and the NUL): not for other callers. */
static inline void pd_buf_copy_after_in_room(pd_buf *b, const char *sep, size_t nsep,
					     const void *p, size_t n)
{
	/* a separator is a byte or two: no call to copy it */
	for (size_t k = 0; k < nsep; k++)
		b->data[b->len++] = sep[k];
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}
static inline int pd_buf_add_after_inline(pd_buf *b, const char *sep, size_t nsep, const void *p,
					  size_t n)
{
	size_t room = b->cap - b->len;   /* 0 before the first append */
	if (n >= room || nsep >= room - n || (b->max && b->len + nsep + n > b->max))
		return pd_buf_add_after(b, sep, nsep, p, n);
	pd_buf_copy_after_in_room(b, sep, nsep, p, n);
	return 0;
}
int pd_buf_puts(pd_buf *b, const char *s);
int pd_buf_putc(pd_buf *b, char c);
int pd_buf_printf(pd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pd_buf_vprintf(pd_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shortens to n bytes (n <= len). */
void pd_buf_truncate(pd_buf *b, size_t n);
/* The contents as a C string ("" when empty). */
const char *pd_buf_cstr(const pd_buf *b);

#endif
