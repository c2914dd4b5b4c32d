/* store_filter.c: the checks every backend makes on a pd_filter before any
 * of it reaches SQL (see store_internal.h). Values that are compared as
 * plain bound strings (speaker, type, topic) need none; dates, language
 * tags and turn kinds have a shape, and a value without it is the user's
 * mistake, told as such, rather than a filter that silently matches
 * nothing. */
#include <string.h>

#include "record/record.h"
#include "store/store_internal.h"

/* YYYY, YYYY-MM or YYYY-MM-DD */
static bool is_iso_prefix(const char *d)
{
	static const char shape[] = "dddd-dd-dd";
	size_t n = strlen(d);
	if (n != 4 && n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != '-')
			return false;
	return true;
}

/* Letters, digits and '-': safe inside LIKE 'tag-%' too. */
static bool is_lang_tag(const char *l)
{
	for (const char *c = l; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-'))
			return false;
	return *l && strlen(l) <= 35;
}

static bool set(const char *v)
{
	return v && *v;
}

int pd_store_filter_check(const pd_filter *f, bool turns, pd_err *err)
{
	const char *dates[2] = { f->from, f->to };
	for (int i = 0; i < 2; i++)
		if (set(dates[i]) && !is_iso_prefix(dates[i]))
			return pd_err_set(err, PD_EUSAGE, "%s date '%s': use YYYY, YYYY-MM or "
					  "YYYY-MM-DD", i ? "to" : "from", dates[i]);
	if (set(f->lang) && !is_lang_tag(f->lang))
		return pd_err_set(err, PD_EUSAGE, "language '%s': use a tag like en, zh "
				  "or zh-Hant", f->lang);
	pd_turn_kind kind;
	if (turns && set(f->turn_kind) && pd_turn_kind_parse(f->turn_kind, &kind) < 0 &&
	    strcmp(f->turn_kind, "title") != 0)
		return pd_err_set(err, PD_EUSAGE, "turn kind '%s': use statement, "
				  "question, answer, interjection, narration or title",
				  f->turn_kind);
	return 0;
}
