/* str.h: small string helpers on (pointer, length) slices.
 *
 * Parsers walk their input with a pd_slice cursor; nothing here allocates
 * except the functions that say they return a copy.
 */
#ifndef PD_BASE_STR_H
#define PD_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pd_slice {
	const char *p;
	size_t n;
} pd_slice;

pd_slice pd_slice_of(const char *s);
/* Drops ASCII and Unicode white space (incl. U+00A0, U+3000, zero-width
 * spaces) from both ends. */
pd_slice pd_slice_trim(pd_slice s);
bool pd_slice_eq(pd_slice s, const char *lit);
bool pd_slice_eq_nocase(pd_slice s, const char *lit);   /* ASCII case */
bool pd_slice_starts(pd_slice s, const char *lit);
bool pd_slice_starts_nocase(pd_slice s, const char *lit);
/* Takes the next line (without its \n or \r\n) from *cursor; false at end. */
bool pd_slice_next_line(pd_slice *cursor, pd_slice *line);
/* A malloc'ed NUL-terminated copy. */
char *pd_slice_dup(pd_slice s);

/* ASCII-only case-insensitive comparison of NUL-terminated strings. */
int pd_strcasecmp_ascii(const char *a, const char *b);
/* Whether needle stands in hay, ASCII case ignored (hay may be NULL). */
bool pd_str_contains_ci(const char *hay, const char *needle);
/* Collapses every run of white space to one space and trims; returns a
 * malloc'ed copy. Paragraph breaks are not kept. */
char *pd_str_collapse_space(const char *s, size_t n);
/* The same, and *out_len set to the result's length. */
char *pd_str_collapse_space_n(const char *s, size_t n, size_t *out_len);

#endif
