/* record_json.c: the JSON record format, written by hand and read with
 * jansson (see record_json.h and docs/record-format.md). */
#include "record/record_json.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "escape/escape.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* --- writing --------------------------------------------------------- */

typedef struct jw {
	pd_buf *b;
	int rc;      /* sticky: -1 once any append failed */
	int first;   /* no comma before the next member */
} jw;

static void jw_raw(jw *w, const char *s)
{
	if (w->rc == 0 && pd_buf_puts(w->b, s) < 0)
		w->rc = -1;
}

static void jw_key(jw *w, const char *key)
{
	if (!w->first)
		jw_raw(w, ",");
	w->first = 0;
	jw_raw(w, "\"");
	jw_raw(w, key);
	jw_raw(w, "\":");
}

static void jw_str(jw *w, const char *key, const char *val)
{
	jw_key(w, key);
	if (w->rc == 0 && pd_json_str(w->b, val) < 0)
		w->rc = -1;
}

static void jw_int(jw *w, const char *key, long v)
{
	char num[32];
	snprintf(num, sizeof num, "%ld", v);
	jw_key(w, key);
	jw_raw(w, num);
}

static void jw_open(jw *w, const char *key, const char *bracket)
{
	if (key)
		jw_key(w, key);
	else if (!w->first)
		jw_raw(w, ",");
	jw_raw(w, bracket);
	w->first = 1;
}

static void jw_close(jw *w, const char *bracket)
{
	jw_raw(w, bracket);
	w->first = 0;
}

static void jw_str_item(jw *w, const char *s)
{
	if (!w->first)
		jw_raw(w, ",");
	w->first = 0;
	if (w->rc == 0 && pd_json_str(w->b, s) < 0)
		w->rc = -1;
}

static void write_turn(jw *w, const pd_turn *t)
{
	jw_open(w, NULL, "{");
	jw_int(w, "n", t->n);
	jw_str(w, "speaker", t->speaker);
	jw_str(w, "kind", pd_turn_kind_name(t->kind));
	jw_str(w, "text", t->text);
	if (t->answers > 0)
		jw_int(w, "answers", t->answers);
	if (t->lang)
		jw_str(w, "lang", t->lang);
	jw_close(w, "}");
}

int pd_turn_to_json(const pd_turn *t, pd_buf *out)
{
	jw w = { out, 0, 1 };
	write_turn(&w, t);
	return w.rc;
}

int pd_record_to_json(const pd_record *r, pd_buf *out)
{
	jw w = { out, 0, 1 };
	jw_raw(&w, "{");
	jw_str(&w, "id", r->id);
	jw_str(&w, "title", r->title);
	jw_str(&w, "category", r->category);
	jw_str(&w, "date", r->date);
	jw_str(&w, "language", r->language);
	jw_str(&w, "source", r->source);
	jw_str(&w, "release_type", r->release_type);
	jw_str(&w, "url", r->url);
	jw_str(&w, "origin", r->origin);
	jw_str(&w, "format", r->format);
	jw_open(&w, "topics", "[");
	for (size_t i = 0; i < r->ntopics; i++)
		jw_str_item(&w, r->topics[i]);
	jw_close(&w, "]");
	jw_open(&w, "participants", "[");
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		jw_open(&w, NULL, "{");
		jw_str(&w, "label", p->label);
		jw_str(&w, "name", p->name);
		jw_str(&w, "role", p->role);
		jw_str(&w, "kind", pd_participant_kind_name(p->kind));
		jw_open(&w, "aliases", "[");
		for (size_t j = 0; j < p->naliases; j++)
			jw_str_item(&w, p->aliases[j]);
		jw_close(&w, "]");
		jw_close(&w, "}");
	}
	jw_close(&w, "]");
	jw_open(&w, "turns", "[");
	for (size_t i = 0; i < r->nturns; i++)
		write_turn(&w, &r->turns[i]);
	jw_close(&w, "]");
	jw_open(&w, "qa", "[");
	for (size_t i = 0; i < r->nqa; i++) {
		jw_open(&w, NULL, "{");
		jw_int(&w, "question", r->qa[i].question);
		jw_int(&w, "answer", r->qa[i].answer);
		jw_close(&w, "}");
	}
	jw_close(&w, "]");
	jw_open(&w, "images", "[");
	for (size_t i = 0; i < r->nimages; i++) {
		jw_open(&w, NULL, "{");
		jw_str(&w, "src", r->images[i].src);
		jw_str(&w, "alt", r->images[i].alt);
		jw_close(&w, "}");
	}
	jw_close(&w, "]");
	jw_open(&w, "translations", "[");
	for (size_t i = 0; i < r->ntranslations; i++) {
		jw_open(&w, NULL, "{");
		jw_str(&w, "lang", r->translations[i].lang);
		jw_str(&w, "id", r->translations[i].id);
		jw_close(&w, "}");
	}
	jw_close(&w, "]");
	jw_raw(&w, "}");
	return w.rc;
}

/* --- reading --------------------------------------------------------- */

/* Reads an optional string member into *field. -1 when present but not a
 * string or null. */
static int get_str(json_t *obj, const char *key, char **field)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	pd_record_setn(field, json_string_value(v), json_string_length(v));
	return 0;
}

static int get_int(json_t *obj, const char *key, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 10000000)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

static json_t *get_array(json_t *obj, const char *key, int *bad)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_array(v) && !json_is_null(v))
		*bad = 1;
	return json_is_array(v) ? v : NULL;
}

static int read_participants(pd_record *r, json_t *arr)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		json_t *label = json_object_get(o, "label");
		if (!json_is_object(o) || !json_is_string(label))
			return -1;
		pd_participant_kind kind = PD_PART_OTHER;
		json_t *k = json_object_get(o, "kind");
		if (k && (!json_is_string(k) ||
			  pd_participant_kind_parse(json_string_value(k), &kind) < 0))
			return -1;
		pd_participant *p = pd_record_add_participant(r, json_string_value(label), kind);
		if (get_str(o, "name", &p->name) < 0 || get_str(o, "role", &p->role) < 0)
			return -1;
		json_t *al = json_object_get(o, "aliases");
		size_t j;
		json_t *a;
		if (al && !json_is_array(al))
			return -1;
		json_array_foreach(al, j, a) {
			if (!json_is_string(a))
				return -1;
			pd_participant_add_alias(p, json_string_value(a));
		}
	}
	return 0;
}

static int read_turns(pd_record *r, json_t *arr)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		json_t *text = json_object_get(o, "text");
		json_t *spk = json_object_get(o, "speaker");
		if (!json_is_object(o) || !json_is_string(text) ||
		    (spk && !json_is_string(spk) && !json_is_null(spk)))
			return -1;
		pd_turn_kind kind = PD_TURN_STATEMENT;
		json_t *k = json_object_get(o, "kind");
		if (k && (!json_is_string(k) || pd_turn_kind_parse(json_string_value(k), &kind) < 0))
			return -1;
		pd_turn *t = pd_record_add_turn(r, json_is_string(spk) ? json_string_value(spk) : NULL,
						kind, json_string_value(text), json_string_length(text));
		if (get_int(o, "answers", &t->answers) < 0 || get_str(o, "lang", &t->lang) < 0)
			return -1;
	}
	return 0;
}

static int read_string_list(json_t *arr, pd_record *r)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return -1;
		pd_record_add_topic(r, json_string_value(v));
	}
	return 0;
}

static int read_images(pd_record *r, json_t *arr)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		json_t *src = json_object_get(o, "src");
		json_t *alt = json_object_get(o, "alt");
		if (!json_is_object(o) || !json_is_string(src) || (alt && !json_is_string(alt) && !json_is_null(alt)))
			return -1;
		pd_record_add_image(r, json_string_value(src), json_is_string(alt) ? json_string_value(alt) : NULL);
	}
	return 0;
}

static int read_translations(pd_record *r, json_t *arr)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		json_t *lang = json_object_get(o, "lang");
		json_t *id = json_object_get(o, "id");
		if (!json_is_object(o) || !json_is_string(lang) || (id && !json_is_string(id) && !json_is_null(id)))
			return -1;
		pd_record_add_translation(r, json_string_value(lang), json_is_string(id) ? json_string_value(id) : NULL);
	}
	return 0;
}

pd_record *pd_record_from_json(const char *name, const char *json, size_t n, pd_err *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &jerr);
	pd_record *r = NULL;
	const char *what = NULL;
	if (!root) {
		pd_err_set(err, PD_EINPUT, "%s: invalid JSON at line %d column %d: %s",
			   name, jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		pd_err_set(err, PD_EINPUT, "%s: not a Podium record (a record is a JSON object)", name);
		return NULL;
	}
	r = pd_record_new();
	static const struct { const char *key; size_t off; } strs[] = {
		{ "id", offsetof(pd_record, id) }, { "title", offsetof(pd_record, title) },
		{ "category", offsetof(pd_record, category) }, { "date", offsetof(pd_record, date) },
		{ "language", offsetof(pd_record, language) }, { "source", offsetof(pd_record, source) },
		{ "release_type", offsetof(pd_record, release_type) }, { "url", offsetof(pd_record, url) },
		{ "origin", offsetof(pd_record, origin) }, { "format", offsetof(pd_record, format) },
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (get_str(root, strs[i].key, (char **)((char *)r + strs[i].off)) < 0) {
			what = strs[i].key;
			goto out;
		}
	}
	int bad = 0;
	json_t *a;
	if ((a = get_array(root, "topics", &bad)) && read_string_list(a, r) < 0)
		bad = 1;
	if (bad) { what = "topics"; goto out; }
	if ((a = get_array(root, "participants", &bad)) && read_participants(r, a) < 0)
		bad = 1;
	if (bad) { what = "participants"; goto out; }
	if ((a = get_array(root, "turns", &bad)) && read_turns(r, a) < 0)
		bad = 1;
	if (bad) { what = "turns"; goto out; }
	if ((a = get_array(root, "images", &bad)) && read_images(r, a) < 0)
		bad = 1;
	if (bad) { what = "images"; goto out; }
	if ((a = get_array(root, "translations", &bad)) && read_translations(r, a) < 0)
		bad = 1;
	if (bad) { what = "translations"; goto out; }
	pd_record_link_qa(r);
out:
	json_decref(root);
	if (what) {
		pd_err_set(err, PD_EINPUT, "%s: not a Podium record (bad field '%s')", name, what);
		pd_record_free(r);
		return NULL;
	}
	return r;
}
