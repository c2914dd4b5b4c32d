/* template.h: a mini-mustache for the web pages and feeds.
 *
 * Data is a small tree of values (pd_tv): an object maps names to strings,
 * trusted fragments, flags, nested objects and lists of objects. Templates
 * use four tags:
 *
 *   {{name}}               the string, escaped by the template's escaper
 *   {{{name}}}             a fragment the code built and escaped itself
 *                          (set with pd_tv_raw); a plain string used this
 *                          way is still escaped, so a slip cannot open a hole
 *   {{#name}}...{{/name}}  a list: once per item; an object: once inside
 *                          it; a flag or non-empty string: once
 *   {{^name}}...{{/name}}  once when name is missing, false, "" or []
 *   {{! comment }}
 *
 * Names are looked up in the innermost object first, then outwards (so a
 * list item sees the page's words). Templates are compiled into the binary
 * (assets.h); a malformed one is a bug reported as PD_EINPUT.
 *
 * Ownership: a pd_tv owns copies of everything set in it; pd_tv_free frees
 * the whole tree. Objects returned by pd_tv_obj/pd_tv_item belong to their
 * parent.
 */
#ifndef PD_WEB_TEMPLATE_H
#define PD_WEB_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct pd_tv pd_tv;

/* An escaper from escape.h: pd_esc_html for pages, pd_esc_xml for feeds. */
typedef int (*pd_tpl_esc_fn)(pd_buf *b, const char *s, size_t n);

pd_tv *pd_tv_new(void);
void pd_tv_free(pd_tv *v);

/* Sets name to a copy of s (NULL: the name stays unset). Setting a name
 * again replaces its value. */
void pd_tv_str(pd_tv *v, const char *name, const char *s);
void pd_tv_strn(pd_tv *v, const char *name, const char *s, size_t n);
void pd_tv_printf(pd_tv *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A fragment already escaped for the output context; written as is by
 * {{{name}}}. Only for text the web code produced through escape.h. */
void pd_tv_raw(pd_tv *v, const char *name, const char *html);
void pd_tv_bool(pd_tv *v, const char *name, bool b);
/* A nested object under name (created on first use). */
pd_tv *pd_tv_obj(pd_tv *v, const char *name);
/* Appends a new object to the list under name and returns it. An empty
 * list can be made with pd_tv_list. */
pd_tv *pd_tv_item(pd_tv *v, const char *name);
void pd_tv_list(pd_tv *v, const char *name);
/* Items in the list under name (0 when unset). */
size_t pd_tv_count(const pd_tv *v, const char *name);

/* Renders (tpl, n) with data v, appending to out. `name` names the template
 * in errors. Returns 0; PD_EINPUT for an unbalanced or too deeply nested
 * template; PD_ETOOBIG when out's ceiling is hit. */
int pd_tpl_render(const char *name, const char *tpl, size_t n, const pd_tv *v,
		  pd_tpl_esc_fn esc, pd_buf *out, pd_err *err);

#endif
