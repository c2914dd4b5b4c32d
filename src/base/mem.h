/* mem.h: allocation that never returns NULL.
 *
 * Out of memory is not an input error: Podium aborts with a message, so every
 * error path in the code deals only with bad input and I/O.
 */
#ifndef PD_BASE_MEM_H
#define PD_BASE_MEM_H

#include <stddef.h>

void *pd_xmalloc(size_t n);
void *pd_xcalloc(size_t count, size_t size);
void *pd_xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements of `elem` bytes; *cap is
 * updated. Returns the (possibly moved) array. */
void *pd_xgrow(void *p, size_t elem, size_t need, size_t *cap);
/* Copies; NULL in gives NULL out. */
char *pd_xstrdup(const char *s);
/* Copies exactly n bytes and appends NUL. */
char *pd_xstrndup(const char *s, size_t n);

#endif
