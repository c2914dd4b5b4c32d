/* test_record_json.c: the JSON record format (record_json.h,
 * docs/record-format.md, docs/record.schema.json).
 *
 * - Round trip: records built here with every field, Chinese text and
 *   hostile bytes are written, parsed by jansson, read back and written
 *   again: the JSON must be byte-for-byte the same.
 * - Rejection: malformed JSON and wrong types are refused with an error
 *   naming the input; big but valid input is accepted.
 * - The schema: docs/record.schema.json is loaded and every record the code
 *   writes (built here, and parsed from the shared corpus) is checked
 *   against it with a small checker of the keywords the schema uses. The
 *   checker refuses keywords it does not know, so the schema cannot grow
 *   beyond what is checked, and the doc and the code cannot drift apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "parse/parse.h"
#include "record/record.h"
#include "record/record_json.h"

#include <dirent.h>
#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a schema checker for the subset the schema uses --------------------- */

static json_t *schema_root;

static const char *const known_keywords[] = {
	"$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum",
	"required", "properties", "additionalProperties", "items", "pattern", "minimum",
};

static bool type_is(const char *t, json_t *v)
{
	if (strcmp(t, "string") == 0) return json_is_string(v);
	if (strcmp(t, "null") == 0) return json_is_null(v);
	if (strcmp(t, "integer") == 0) return json_is_integer(v);
	if (strcmp(t, "number") == 0) return json_is_number(v);
	if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
	if (strcmp(t, "array") == 0) return json_is_array(v);
	if (strcmp(t, "object") == 0) return json_is_object(v);
	fail_msg("schema: unknown type '%s'", t);
	return false;
}

/* True when v conforms to schema s; else false with the reason in why. */
static bool conforms(json_t *s, json_t *v, const char *path, pd_buf *why)
{
	const char *key;
	json_t *kw;
	json_object_foreach(s, key, kw) {
		bool known = false;
		for (size_t i = 0; i < sizeof known_keywords / sizeof *known_keywords; i++)
			known = known || strcmp(key, known_keywords[i]) == 0;
		if (!known)
			fail_msg("schema uses '%s', which this checker does not check", key);
	}
	json_t *ref = json_object_get(s, "$ref");
	if (ref) {
		const char *r = json_string_value(ref);
		assert_non_null(r);
		assert_true(strncmp(r, "#/$defs/", 8) == 0);
		json_t *target = json_object_get(json_object_get(schema_root, "$defs"), r + 8);
		assert_non_null(target);
		return conforms(target, v, path, why);
	}
	json_t *type = json_object_get(s, "type");
	if (type) {
		bool ok = false;
		if (json_is_string(type)) {
			ok = type_is(json_string_value(type), v);
		} else {
			size_t i;
			json_t *t;
			json_array_foreach(type, i, t)
				ok = ok || type_is(json_string_value(t), v);
		}
		if (!ok)
			return pd_buf_printf(why, "%s: wrong type", path), false;
	}
	json_t *en = json_object_get(s, "enum");
	if (en) {
		bool ok = false;
		size_t i;
		json_t *e;
		json_array_foreach(en, i, e)
			ok = ok || json_equal(e, v);
		if (!ok)
			return pd_buf_printf(why, "%s: not one of the allowed values", path), false;
	}
	json_t *pat = json_object_get(s, "pattern");
	if (pat && json_is_string(v)) {
		regex_t re;
		assert_int_equal(regcomp(&re, json_string_value(pat), REG_EXTENDED | REG_NOSUB), 0);
		int m = regexec(&re, json_string_value(v), 0, NULL, 0);
		regfree(&re);
		if (m != 0)
			return pd_buf_printf(why, "%s: '%s' does not match %s", path,
					     json_string_value(v), json_string_value(pat)), false;
	}
	json_t *min = json_object_get(s, "minimum");
	if (min && json_is_number(v) && json_number_value(v) < json_number_value(min))
		return pd_buf_printf(why, "%s: below minimum", path), false;
	if (json_is_object(v)) {
		size_t i;
		json_t *req;
		json_array_foreach(json_object_get(s, "required"), i, req)
			if (!json_object_get(v, json_string_value(req)))
				return pd_buf_printf(why, "%s: lacks '%s'", path, json_string_value(req)), false;
		json_t *props = json_object_get(s, "properties");
		json_t *extra = json_object_get(s, "additionalProperties");
		json_t *member;
		json_object_foreach(v, key, member) {
			json_t *ps = json_object_get(props, key);
			char sub[256];
			snprintf(sub, sizeof sub, "%s.%s", path, key);
			if (!ps && extra && json_is_false(extra))
				return pd_buf_printf(why, "%s: not allowed", sub), false;
			if (ps && !conforms(ps, member, sub, why))
				return false;
		}
	}
	json_t *items = json_object_get(s, "items");
	if (items && json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			char sub[256];
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (!conforms(items, item, sub, why))
				return false;
		}
	}
	return true;
}

static int load_schema(void **state)
{
	json_error_t err;
	schema_root = json_load_file(PD_SOURCE_DIR "/docs/record.schema.json", 0, &err);
	if (!schema_root)
		fail_msg("docs/record.schema.json: %s at line %d", err.text, err.line);
	return 0;
}

static int free_schema(void **state)
{
	json_decref(schema_root);
	return 0;
}

/* Parses json (must be valid JSON) and returns whether it conforms. */
static bool json_conforms(const char *json, size_t n, pd_buf *why)
{
	json_error_t err;
	json_t *v = json_loadb(json, n, 0, &err);
	if (!v)
		fail_msg("writer produced invalid JSON (%s): %.*s", err.text, (int)n, json);
	bool ok = conforms(schema_root, v, "$", why);
	json_decref(v);
	return ok;
}

static void assert_conforms(const char *json, size_t n)
{
	pd_buf why;
	pd_buf_init(&why, 0);
	if (!json_conforms(json, n, &why))
		fail_msg("does not conform to the schema: %s\n%.*s", why.data, (int)n, json);
	pd_buf_release(&why);
}

/* ---- records -------------------------------------------------------------- */

/* Every field set; hostile text throughout. */
static pd_record *full_record(void)
{
	static const char hostile[] =
		"He said \"no\" \\ then </script><script>alert(1)</script>\n\n"
		"ctl:\x01\x02\x1f\x7f tab\t cr\r line\xE2\x80\xA8sep para\xE2\x80\xA9sep "
		"bad:\xFF\xC3(\xED\xA0\x80 rtl:\xE2\x80\xAE " "amp&lt; 中文「引號」";
	pd_record *r = pd_record_new();
	pd_record_set(&r->id, "mfa-2024-05-01-\"q\"");
	pd_record_set(&r->title, "外交部發言人主持例行記者會 \xF0\x9F\x8E\xA4 <b>");
	pd_record_set(&r->category, "Press conference records");
	pd_record_set(&r->date, "2024-05-01");
	pd_record_set(&r->language, "zh-Hant");
	pd_record_set(&r->source, "外交部\\");
	pd_record_set(&r->release_type, "Press Conference");
	pd_record_set(&r->url, "https://example.gov/a?b=1&c=</script>");
	pd_record_set(&r->origin, "dev.tar.zst#zh/x.md");
	pd_record_set(&r->format, "markdown");
	pd_record_add_topic(r, "外交");
	pd_record_add_topic(r, hostile);
	pd_participant *p = pd_record_add_participant(r, "毛寧", PD_PART_HOST);
	pd_record_set(&p->name, "毛寧 Mao Ning");
	pd_record_set(&p->role, "發言人");
	pd_participant_add_alias(p, "發言人");
	pd_participant_add_alias(p, "Spokesperson \"M\"");
	pd_record_add_participant(r, "記者", PD_PART_JOURNALIST);
	pd_record_add_participant(r, "Chair", PD_PART_MODERATOR);
	pd_record_add_participant(r, "Minister", PD_PART_OFFICIAL);
	pd_record_add_participant(r, hostile, PD_PART_OTHER);
	pd_record_add_turn(r, NULL, PD_TURN_NARRATION, "會議開始。", strlen("會議開始。"));
	pd_record_add_turn(r, "記者", PD_TURN_QUESTION, hostile, strlen(hostile));
	pd_turn *t = pd_record_add_turn(r, "發言人", PD_TURN_ANSWER, "第一段。\n\n第二段。", strlen("第一段。\n\n第二段。"));
	t->answers = 2;
	t = pd_record_add_turn(r, "Minister", PD_TURN_STATEMENT, "In English.", 11);
	pd_record_set(&t->lang, "en");
	pd_record_add_turn(r, "Chair", PD_TURN_INTERJECTION, "Order!", 6);
	pd_record_add_turn(r, hostile, PD_TURN_STATEMENT, "", 0);
	pd_record_link_qa(r);
	pd_record_add_image(r, "photo 1.jpg", "發言人 \"at\" podium");
	pd_record_add_image(r, "https://example.gov/x.png", NULL);
	pd_record_add_translation(r, "en", "mfa-2024-05-01-en");
	pd_record_add_translation(r, "zh-Hans", NULL);
	return r;
}

static char *to_json(const pd_record *r, size_t *n)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	assert_int_equal(pd_record_to_json(r, &b), 0);
	*n = b.len;
	return pd_buf_detach(&b);
}

/* Writes r, checks the JSON, reads it back and writes again: same bytes.
 * Returns the JSON. */
static char *roundtrip(const pd_record *r)
{
	size_t n, n2;
	char *json = to_json(r, &n);
	assert_true(pd_utf8_valid(json, n));
	assert_null(memchr(json, '\n', n));     /* one line */
	assert_null(strpbrk(json, "<>&"));      /* inert in <script> */
	assert_conforms(json, n);
	pd_err err;
	pd_err_clear(&err);
	pd_record *back = pd_record_from_json("roundtrip", json, n, &err);
	if (!back)
		fail_msg("read back failed: %s\n%s", err.msg, json);
	char *again = to_json(back, &n2);
	if (n != n2 || memcmp(json, again, n) != 0)
		fail_msg("not the same JSON again:\n%s\n%s", json, again);
	free(again);
	pd_record_free(back);
	return json;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_roundtrip_full(void **state)
{
	pd_record *r = full_record();
	char *json = roundtrip(r);
	json_t *v = json_loads(json, 0, NULL);
	assert_non_null(v);
	/* what a JSON reader gets: the text, repaired, nothing lost but the
	 * invalid bytes */
	json_t *turn = json_array_get(json_object_get(v, "turns"), 1);
	const char *text = json_string_value(json_object_get(turn, "text"));
	assert_non_null(strstr(text, "He said \"no\" \\ then </script><script>alert(1)</script>\n\nctl:\x01\x02\x1f\x7f tab\t cr\r line\xE2\x80\xA8sep"));
	assert_non_null(strstr(text, "bad:\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD rtl:\xE2\x80\xAE amp&lt; 中文「引號」"));
	assert_string_equal(json_string_value(json_object_get(v, "title")), "外交部發言人主持例行記者會 \xF0\x9F\x8E\xA4 <b>");
	/* numbering, the optional members, qa */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(v, "turns"), 5), "n")), 6);
	json_t *answer = json_array_get(json_object_get(v, "turns"), 2);
	assert_int_equal(json_integer_value(json_object_get(answer, "answers")), 2);
	assert_null(json_object_get(answer, "lang"));
	assert_null(json_object_get(turn, "answers"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(v, "turns"), 3), "lang")), "en");
	json_t *qa = json_array_get(json_object_get(v, "qa"), 0);
	assert_int_equal(json_integer_value(json_object_get(qa, "question")), 2);
	assert_int_equal(json_integer_value(json_object_get(qa, "answer")), 3);
	assert_int_equal(json_array_size(json_object_get(v, "qa")), 1);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(v, "translations"), 1), "id")));
	json_decref(v);
	/* the exact escapes the doc promises */
	assert_non_null(strstr(json, "\\u003c/script\\u003e"));
	assert_non_null(strstr(json, "line\\u2028sep para\\u2029sep"));
	assert_non_null(strstr(json, "ctl:\\u0001\\u0002\\u001f\\u007f tab\\t cr\\r"));
	free(json);
	pd_record_free(r);
}

static void test_roundtrip_empty(void **state)
{
	/* nothing set: every member present, null or [] */
	pd_record *r = pd_record_new();
	char *json = roundtrip(r);
	assert_string_equal(json,
		"{\"id\":null,\"title\":null,\"category\":null,\"date\":null,\"language\":null,"
		"\"source\":null,\"release_type\":null,\"url\":null,\"origin\":null,\"format\":null,"
		"\"topics\":[],\"participants\":[],\"turns\":[],\"qa\":[],\"images\":[],\"translations\":[]}");
	free(json);
	pd_record_free(r);
}

static void test_schema_rejects(void **state)
{
	/* the checker (and the schema) can fail: each mutation of a valid
	 * record must be refused */
	static const struct { const char *find, *replace; } mutations[] = {
		{ "\"id\":\"mfa-2024-05-01-\\\"q\\\"\",", "" },                 /* required gone */
		{ "\"date\":\"2024-05-01\"", "\"date\":\"1 May 2024\"" },       /* not ISO */
		{ "\"language\":\"zh-Hant\"", "\"language\":\"fr\"" },
		{ "\"format\":\"markdown\"", "\"format\":\"docx\"" },
		{ "\"kind\":\"host\"", "\"kind\":\"boss\"" },
		{ "\"kind\":\"narration\"", "\"kind\":\"monologue\"" },
		{ "\"n\":1,", "\"n\":0," },
		{ "\"n\":1,", "\"n\":\"1\"," },
		{ "\"answers\":2", "\"answers\":2.5" },
		{ "\"topics\":[", "\"topics\":[1," },
		{ "\"images\":[{", "\"images\":[{\"width\":3," },               /* extra member */
		{ "{\"id\"", "{\"extra\":true,\"id\"" },
		{ "\"aliases\":[", "\"aliases\":[null," },
		{ "\"text\":\"", "\"text\":null,\"x\":\"" },
	};
	pd_record *r = full_record();
	size_t n;
	char *json = to_json(r, &n);
	for (size_t i = 0; i < sizeof mutations / sizeof *mutations; i++) {
		const char *at = strstr(json, mutations[i].find);
		assert_non_null(at);
		pd_buf m, why;
		pd_buf_init(&m, 0);
		pd_buf_init(&why, 0);
		pd_buf_add(&m, json, (size_t)(at - json));
		pd_buf_puts(&m, mutations[i].replace);
		pd_buf_puts(&m, at + strlen(mutations[i].find));
		if (json_conforms(m.data, m.len, &why))
			fail_msg("mutation %zu accepted: %s", i, m.data);
		pd_buf_release(&m);
		pd_buf_release(&why);
	}
	free(json);
	pd_record_free(r);
}

typedef struct corpus_run {
	size_t records, failed;
} corpus_run;

static int check_record(pd_record *r, void *ctx)
{
	corpus_run *run = ctx;
	char *json = roundtrip(r);
	free(json);
	pd_record_free(r);
	run->records++;
	return 0;
}

static void check_folder(const char *dir, corpus_run *run)
{
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		pd_buf b;
		pd_buf_init(&b, 0);
		char chunk[65536];
		size_t k;
		while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
			pd_buf_add(&b, chunk, k);
		fclose(f);
		pd_err err;
		pd_err_clear(&err);
		if (pd_parse(e->d_name, b.data ? b.data : "", b.len, check_record, run, &err) < 0)
			run->failed++;   /* the parser's business, tested there */
		pd_buf_release(&b);
	}
	closedir(d);
}

static void test_corpus_conforms(void **state)
{
	/* what the parsers really produce: the seed page, the PM sample, the
	 * bilingual pairs and the Chinese transcripts */
	static const char *const dirs[] = {
		PD_SHARED_DIR "/corpus/seed", PD_SHARED_DIR "/corpus/pm-transcripts/sample",
		PD_SHARED_DIR "/corpus/bilingual", PD_SHARED_DIR "/corpus/zh",
	};
	corpus_run run = { 0, 0 };
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
		check_folder(dirs[i], &run);
	print_message("corpus: %zu records written, valid and round-tripped; %zu inputs not parsed\n",
		      run.records, run.failed);
	assert_true(run.records >= 400);
}

static void expect_reject(const char *json, size_t n, const char *what)
{
	pd_err err;
	pd_err_clear(&err);
	pd_record *r = pd_record_from_json("bad.json", json, n, &err);
	if (r)
		fail_msg("accepted: %.*s", (int)(n > 200 ? 200 : n), json);
	assert_int_equal(err.code, PD_EINPUT);
	assert_true(strncmp(err.msg, "bad.json: ", 10) == 0);
	if (what && !strstr(err.msg, what))
		fail_msg("error '%s' does not name '%s'", err.msg, what);
}

static void test_reject(void **state)
{
	static const struct { const char *json, *what; } bad[] = {
		{ "", "invalid JSON" },
		{ "not json", "invalid JSON" },
		{ "{\"id\":\"x\"", "invalid JSON" },
		{ "{} trailing", "invalid JSON" },
		{ "[]", "object" },
		{ "\"a string\"", "invalid JSON" },
		{ "null", "invalid JSON" },
		{ "{\"id\":\"a\",\"id\":\"b\"}", "duplicate" },
		{ "{\"title\":5}", "'title'" },
		{ "{\"date\":[]}", "'date'" },
		{ "{\"topics\":\"x\"}", "'topics'" },
		{ "{\"topics\":[1]}", "'topics'" },
		{ "{\"participants\":[{}]}", "'participants'" },
		{ "{\"participants\":[\"Reporter\"]}", "'participants'" },
		{ "{\"participants\":[{\"label\":\"a\",\"kind\":\"boss\"}]}", "'participants'" },
		{ "{\"participants\":[{\"label\":\"a\",\"aliases\":\"b\"}]}", "'participants'" },
		{ "{\"participants\":[{\"label\":\"a\",\"name\":1}]}", "'participants'" },
		{ "{\"turns\":{}}", "'turns'" },
		{ "{\"turns\":[{\"speaker\":\"a\"}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":1}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"speaker\":7}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"kind\":\"monologue\"}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"kind\":null}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"answers\":-1}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"answers\":1.5}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"answers\":\"2\"}]}", "'turns'" },
		{ "{\"turns\":[{\"text\":\"x\",\"answers\":99999999999}]}", "'turns'" },
		{ "{\"images\":[{\"alt\":\"x\"}]}", "'images'" },
		{ "{\"translations\":[{\"id\":\"x\"}]}", "'translations'" },
		{ "{\"translations\":[{\"lang\":\"en\",\"id\":3}]}", "'translations'" },
		{ "{\"title\":\"a\\u0000b\"}", "invalid JSON" },         /* NUL in a string */
		{ "{\"title\":\"bad \xFF byte\"}", "invalid JSON" },      /* invalid UTF-8 */
		{ "{\"title\":\"\\ud800\"}", "invalid JSON" },            /* lone surrogate */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_reject(bad[i].json, strlen(bad[i].json), bad[i].what);

	/* an embedded NUL byte in the input itself */
	expect_reject("{\"title\":\"a\0b\"}", 15, "invalid JSON");

	/* deep nesting, even inside a member Podium would ignore: jansson
	 * stops at its depth limit instead of recursing without end */
	size_t depth = 100000;
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "{\"ignored\":");
	for (size_t i = 0; i < depth; i++)
		pd_buf_putc(&b, '[');
	for (size_t i = 0; i < depth; i++)
		pd_buf_putc(&b, ']');
	pd_buf_putc(&b, '}');
	expect_reject(b.data, b.len, "invalid JSON");
	pd_buf_release(&b);
}

static void test_accept(void **state)
{
	pd_err err;
	pd_err_clear(&err);

	/* a 2 MB turn is fine, and comes back whole */
	size_t big = 2u * 1024 * 1024;
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, "{\"id\":\"big\",\"turns\":[{\"speaker\":\"A\",\"text\":\"");
	for (size_t i = 0; i < big / 8; i++)
		pd_buf_puts(&b, "\\u4e2d ab");   /* 中 + " ab": 6 bytes each */
	pd_buf_puts(&b, "\"}]}");
	pd_record *r = pd_record_from_json("big.json", b.data, b.len, &err);
	assert_non_null(r);
	assert_int_equal(strlen(r->turns[0].text), big / 8 * 6);
	char *json = roundtrip(r);
	free(json);
	pd_record_free(r);
	pd_buf_release(&b);

	/* unknown members are ignored, missing ones are empty, null arrays
	 * too; n and qa are not read but rebuilt from the turns */
	const char *lenient =
		"{\"id\":\"x\",\"future\":{\"a\":[1,2]},\"topics\":null,\"images\":null,"
		"\"participants\":[{\"label\":\"Q\",\"extra\":1}],"
		"\"turns\":[{\"n\":7,\"speaker\":\"Q\",\"kind\":\"question\",\"text\":\"why?\",\"mood\":\"x\"},"
		"{\"n\":3,\"speaker\":null,\"kind\":\"answer\",\"text\":\"because\",\"answers\":1}],"
		"\"qa\":[{\"question\":5,\"answer\":9}]}";
	r = pd_record_from_json("lenient.json", lenient, strlen(lenient), &err);
	assert_non_null(r);
	assert_int_equal(r->nturns, 2);
	assert_int_equal(r->turns[0].n, 1);
	assert_int_equal(r->turns[1].n, 2);
	assert_int_equal(r->participants[0].kind, PD_PART_OTHER);
	assert_int_equal(r->nqa, 1);
	assert_int_equal(r->qa[0].question, 1);
	assert_int_equal(r->qa[0].answer, 2);
	assert_null(r->title);
	json = roundtrip(r);
	assert_non_null(strstr(json, "\"qa\":[{\"question\":1,\"answer\":2}]"));
	free(json);
	pd_record_free(r);
}

/* pd_record_add_turn_owned keeps the speaker it is given (the parser hands
 * over its copy, no second one) and a NULL one as NULL; the record frees
 * it (ASan: no leak, no double free). */
static void test_add_turn_owned(void **state)
{
	(void)state;
	pd_record *r = pd_record_new();
	char *speaker = pd_xstrdup("MR HOWARD");
	pd_turn *t = pd_record_add_turn_owned(r, speaker, PD_TURN_STATEMENT, "Thank you.xx", 10);
	assert_ptr_equal(t->speaker, speaker);
	assert_string_equal(t->text, "Thank you.");
	t = pd_record_add_turn_owned(r, NULL, PD_TURN_NARRATION, "Later.", 6);
	assert_null(t->speaker);
	assert_int_equal(r->nturns, 2);
	assert_string_equal(r->turns[0].speaker, "MR HOWARD");
	pd_record_free(r);
}

/* pd_record_add_turn_text_owned keeps the text it is given too (the
 * parser hands over the buffer a one-speech document was built in), as
 * pd_record_add_turn_owned would have copied it; the record frees both
 * (ASan: no leak, no double free). */
static void test_add_turn_text_owned(void **state)
{
	(void)state;
	pd_record *r = pd_record_new();
	char *text = pd_xstrdup("A long speech.");
	pd_turn *t = pd_record_add_turn_text_owned(r, pd_xstrdup("PM"), PD_TURN_STATEMENT, text);
	assert_ptr_equal(t->text, text);
	assert_int_equal(t->n, 1);
	t = pd_record_add_turn_owned(r, NULL, PD_TURN_NARRATION, "A long speech.", 14);
	assert_int_equal(t->n, 2);
	assert_string_equal(r->turns[0].text, r->turns[1].text);
	assert_string_equal(r->turns[0].speaker, "PM");
	assert_int_equal(r->turns[0].kind, PD_TURN_STATEMENT);
	pd_record_free(r);
}

static void test_ceiling(void **state)
{
	pd_record *r = full_record();
	size_t n;
	char *full = to_json(r, &n);
	for (size_t max = 1; max < n; max += n / 7 + 1) {
		pd_buf b;
		pd_buf_init(&b, max);
		assert_int_equal(pd_record_to_json(r, &b), -1);
		assert_true(b.len <= max);
		pd_buf_release(&b);
	}
	pd_buf b;
	pd_buf_init(&b, n);
	assert_int_equal(pd_record_to_json(r, &b), 0);
	assert_memory_equal(b.data, full, n);
	pd_buf_release(&b);
	free(full);
	pd_record_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_full),
		cmocka_unit_test(test_roundtrip_empty),
		cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_add_turn_owned),
		cmocka_unit_test(test_add_turn_text_owned),
		cmocka_unit_test(test_corpus_conforms),
	};
	return cmocka_run_group_tests(tests, load_schema, free_schema);
}
