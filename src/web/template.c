/* template.c: the mini-mustache of template.h — a value tree and a
 * recursive renderer over the template text (no compile step: templates are
 * a few KB and rendering them is cheap next to a database query). */
#include "web/template.h"
#include "base/limits.h"
#include "base/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum tv_kind { TV_STR, TV_RAW, TV_BOOL, TV_OBJ, TV_LIST } tv_kind;

typedef struct tv_entry {
	char *name;
	tv_kind kind;
	char *s;              /* TV_STR, TV_RAW */
	bool b;               /* TV_BOOL */
	pd_tv *obj;           /* TV_OBJ */
	pd_tv **items;        /* TV_LIST */
	size_t nitems, items_cap;
} tv_entry;

struct pd_tv {
	tv_entry *e;
	size_t n, cap;
};

pd_tv *pd_tv_new(void)
{
	return pd_xcalloc(1, sizeof(pd_tv));
}

static void entry_clear(tv_entry *e)
{
	free(e->s);
	e->s = NULL;
	pd_tv_free(e->obj);
	e->obj = NULL;
	for (size_t i = 0; i < e->nitems; i++)
		pd_tv_free(e->items[i]);
	free(e->items);
	e->items = NULL;
	e->nitems = e->items_cap = 0;
}

void pd_tv_free(pd_tv *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		entry_clear(&v->e[i]);
		free(v->e[i].name);
	}
	free(v->e);
	free(v);
}

static tv_entry *find(const pd_tv *v, const char *name, size_t len)
{
	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->e[i].name) == len && memcmp(v->e[i].name, name, len) == 0)
			return &v->e[i];
	return NULL;
}

/* The entry for name, emptied and set to kind. */
static tv_entry *slot(pd_tv *v, const char *name, tv_kind kind)
{
	tv_entry *e = find(v, name, strlen(name));
	if (e) {
		entry_clear(e);
	} else {
		v->e = pd_xgrow(v->e, sizeof *v->e, v->n + 1, &v->cap);
		e = &v->e[v->n++];
		memset(e, 0, sizeof *e);
		e->name = pd_xstrdup(name);
	}
	e->kind = kind;
	return e;
}

void pd_tv_strn(pd_tv *v, const char *name, const char *s, size_t n)
{
	if (s)
		slot(v, name, TV_STR)->s = pd_xstrndup(s, n);
}

void pd_tv_str(pd_tv *v, const char *name, const char *s)
{
	if (s)
		pd_tv_strn(v, name, s, strlen(s));
}

void pd_tv_printf(pd_tv *v, const char *name, const char *fmt, ...)
{
	pd_buf b;
	va_list ap;
	pd_buf_init(&b, 0);
	va_start(ap, fmt);
	pd_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	slot(v, name, TV_STR)->s = pd_buf_detach(&b);
}

void pd_tv_raw(pd_tv *v, const char *name, const char *html)
{
	if (html)
		slot(v, name, TV_RAW)->s = pd_xstrdup(html);
}

void pd_tv_bool(pd_tv *v, const char *name, bool b)
{
	slot(v, name, TV_BOOL)->b = b;
}

pd_tv *pd_tv_obj(pd_tv *v, const char *name)
{
	tv_entry *e = find(v, name, strlen(name));
	if (!e || e->kind != TV_OBJ)
		e = slot(v, name, TV_OBJ);
	if (!e->obj)
		e->obj = pd_tv_new();
	return e->obj;
}

void pd_tv_list(pd_tv *v, const char *name)
{
	tv_entry *e = find(v, name, strlen(name));
	if (!e || e->kind != TV_LIST)
		slot(v, name, TV_LIST);
}

pd_tv *pd_tv_item(pd_tv *v, const char *name)
{
	pd_tv_list(v, name);
	tv_entry *e = find(v, name, strlen(name));
	e->items = pd_xgrow(e->items, sizeof *e->items, e->nitems + 1, &e->items_cap);
	e->items[e->nitems] = pd_tv_new();
	return e->items[e->nitems++];
}

size_t pd_tv_count(const pd_tv *v, const char *name)
{
	const tv_entry *e = find(v, name, strlen(name));
	return e && e->kind == TV_LIST ? e->nitems : 0;
}

/* ---- rendering ---------------------------------------------------------- */

typedef struct render_state {
	const char *name;      /* the template, for errors */
	const char *tpl;       /* its whole text, for positions in errors */
	pd_tpl_esc_fn esc;
	pd_buf *out;
	pd_err *err;
	const pd_tv *stack[PD_TPL_MAX_DEPTH + 1];
	size_t depth;          /* objects on the stack */
} render_state;

static const tv_entry *lookup(const render_state *st, const char *name, size_t len)
{
	for (size_t i = st->depth; i-- > 0;) {
		const tv_entry *e = find(st->stack[i], name, len);
		if (e)
			return e;
	}
	return NULL;
}

static bool truthy(const tv_entry *e)
{
	if (!e)
		return false;
	switch (e->kind) {
	case TV_STR:
	case TV_RAW: return e->s[0] != '\0';
	case TV_BOOL: return e->b;
	case TV_OBJ: return true;
	case TV_LIST: return e->nitems > 0;
	}
	return false;
}

static int fail(render_state *st, const char *at, const char *why)
{
	return pd_err_set(st->err, PD_EINPUT, "template %s, byte %zu: %s", st->name,
			  (size_t)(at - st->tpl), why);
}

static int too_big(render_state *st)
{
	return pd_err_set(st->err, PD_ETOOBIG, "template %s: output over %zu bytes", st->name,
			  st->out->max);
}

/* A tag: its kind character ('#', '^', '/', '!', '{' or 0 for a variable),
 * its trimmed name and where the text after it starts. */
typedef struct tag {
	char kind;
	const char *name;
	size_t len;
	const char *after;
} tag;

static int read_tag(render_state *st, const char *open, const char *end, tag *t)
{
	const char *p = open + 2;
	t->kind = 0;
	if (p < end && strchr("#^/!{", *p))
		t->kind = *p++;
	const char *close = t->kind == '{' ? "}}}" : "}}";
	size_t cl = strlen(close);
	const char *q = p;
	while (q + cl <= end && memcmp(q, close, cl) != 0)
		q++;
	if (q + cl > end)
		return fail(st, open, "tag not closed");
	while (p < q && *p == ' ')
		p++;
	const char *ne = q;
	while (ne > p && ne[-1] == ' ')
		ne--;
	if (ne == p && t->kind != '!')
		return fail(st, open, "tag without a name");
	t->name = p;
	t->len = (size_t)(ne - p);
	t->after = q + cl;
	return 0;
}

/* Finds the {{/name}} that closes the section opened before `from`,
 * skipping nested sections of the same name. */
static int find_close(render_state *st, const tag *open, const char *end,
		      const char **body_end, const char **after)
{
	int nest = 0;
	const char *p = open->after;
	for (;;) {
		const char *o = p;
		while (o + 1 < end && !(o[0] == '{' && o[1] == '{'))
			o++;
		if (o + 1 >= end)
			return fail(st, open->name, "section not closed");
		tag t;
		int rc = read_tag(st, o, end, &t);
		if (rc < 0)
			return rc;
		bool same = t.len == open->len && memcmp(t.name, open->name, t.len) == 0;
		if (same && (t.kind == '#' || t.kind == '^'))
			nest++;
		if (same && t.kind == '/' && nest-- == 0) {
			*body_end = o;
			*after = t.after;
			return 0;
		}
		p = t.after;
	}
}

static int render_range(render_state *st, const char *p, const char *end);

static int render_with(render_state *st, const pd_tv *obj, const char *p, const char *end)
{
	if (!obj)
		return render_range(st, p, end);
	if (st->depth >= PD_TPL_MAX_DEPTH)
		return fail(st, p, "sections nested too deeply");
	st->stack[st->depth++] = obj;
	int rc = render_range(st, p, end);
	st->depth--;
	return rc;
}

static int section(render_state *st, const tag *t, const char *body, const char *body_end)
{
	const tv_entry *e = lookup(st, t->name, t->len);
	if (t->kind == '^')
		return truthy(e) ? 0 : render_range(st, body, body_end);
	if (!truthy(e))
		return 0;
	if (e->kind == TV_LIST) {
		for (size_t i = 0; i < e->nitems; i++) {
			int rc = render_with(st, e->items[i], body, body_end);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	return render_with(st, e->kind == TV_OBJ ? e->obj : NULL, body, body_end);
}

static int variable(render_state *st, const tag *t)
{
	const tv_entry *e = lookup(st, t->name, t->len);
	if (!e || (e->kind != TV_STR && e->kind != TV_RAW))
		return 0;
	int rc;
	if (t->kind == '{' && e->kind == TV_RAW)
		rc = pd_buf_puts(st->out, e->s);
	else
		rc = st->esc(st->out, e->s, strlen(e->s));
	return rc < 0 ? too_big(st) : 0;
}

static int render_range(render_state *st, const char *p, const char *end)
{
	while (p < end) {
		const char *o = p;
		while (o + 1 < end && !(o[0] == '{' && o[1] == '{'))
			o++;
		if (o + 1 >= end)
			o = end;
		if (pd_buf_add(st->out, p, (size_t)(o - p)) < 0)
			return too_big(st);
		if (o == end)
			break;
		tag t;
		int rc = read_tag(st, o, end, &t);
		if (rc < 0)
			return rc;
		p = t.after;
		switch (t.kind) {
		case '!':
			break;
		case '/':
			return fail(st, o, "closing tag without a section");
		case '#':
		case '^': {
			const char *body_end = NULL, *after = NULL; /* set unless rc < 0 */
			if ((rc = find_close(st, &t, end, &body_end, &after)) < 0 ||
			    (rc = section(st, &t, t.after, body_end)) < 0)
				return rc;
			p = after;
			break;
		}
		default:
			if ((rc = variable(st, &t)) < 0)
				return rc;
		}
	}
	return 0;
}

int pd_tpl_render(const char *name, const char *tpl, size_t n, const pd_tv *v,
		  pd_tpl_esc_fn esc, pd_buf *out, pd_err *err)
{
	render_state st = { .name = name, .tpl = tpl, .esc = esc, .out = out, .err = err };
	size_t start = out->len;
	st.stack[st.depth++] = v;
	int rc = render_range(&st, tpl, tpl + n);
	if (rc < 0)
		pd_buf_truncate(out, start);
	return rc;
}
