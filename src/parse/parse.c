/* parse.c: format detection and dispatch to the readers (parse.h). */
#include "parse/parse.h"
#include "parse/encoding.h"
#include "parse/readers.h"
#include "parse/doc.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "record/record_json.h"

#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = {
	"unknown", "pm-xml", "html", "portal-text", "text", "markdown", "json", "jsonl",
	"speech-xml",
};

const char *pd_format_name(pd_format f)
{
	return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "unknown";
}

static bool has_suffix(const char *name, const char *suffix)
{
	if (!name)
		return false;
	size_t n = strlen(name), k = strlen(suffix);
	return n >= k && strcasecmp(name + n - k, suffix) == 0;
}

static bool contains_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* A start tag <name> or <name ...>: "<p" alone also starts <para>,
 * <person>, <parliament.no> in XML. */
static bool contains_tag(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	for (size_t i = 0; i + k + 2 <= n; i++)
		if (s[i] == '<' && strncasecmp(s + i + 1, name, k) == 0 &&
		    (s[i + 1 + k] == '>' || s[i + 1 + k] == ' ' || s[i + 1 + k] == '/' ||
		     s[i + 1 + k] == '\n' || s[i + 1 + k] == '\t' || s[i + 1 + k] == '\r'))
			return true;
	return false;
}

/* What a binary input is, for the error message; NULL when not binary. */
static const char *binary_kind(const unsigned char *u, size_t n)
{
	static const struct { const char *magic; size_t len; const char *what; } magics[] = {
		{ "%PDF", 4, "a PDF file" }, { "PK\x03\x04", 4, "a zip archive" },
		{ "\x1f\x8b", 2, "gzip-compressed data" }, { "\x28\xb5\x2f\xfd", 4, "zstd-compressed data" },
		{ "\x89PNG", 4, "a PNG image" }, { "\xff\xd8\xff", 3, "a JPEG image" },
		{ "GIF8", 4, "a GIF image" }, { "BZh", 3, "bzip2-compressed data" },
		{ "\xfd" "7zXZ", 5, "xz-compressed data" }, { "\x7f" "ELF", 4, "a program" },
		{ "SQLite format 3", 15, "an SQLite database" },
	};
	for (size_t k = 0; k < sizeof magics / sizeof *magics; k++)
		if (n >= magics[k].len && memcmp(u, magics[k].magic, magics[k].len) == 0)
			return magics[k].what;
	if (n > 262 && memcmp(u + 257, "ustar", 5) == 0)
		return "a tar archive";
	size_t scan = n < 8192 ? n : 8192;
	if (memchr(u, 0, scan))
		return "binary data";
	return NULL;
}

/* Tab- or comma-separated tables (a MANIFEST.tsv, an index.csv next to the
 * transcripts) are data, not transcripts: every one of the first lines has
 * the same number (>= 2) of tabs, or the name says so. */
static bool is_table(const char *name, const char *data, size_t n)
{
	if (has_suffix(name, ".tsv") || has_suffix(name, ".csv"))
		return true;
	pd_slice cur = { data, n < 8192 ? n : 8192 }, line;
	size_t lines = 0, tabs0 = 0;
	while (lines < 5 && pd_slice_next_line(&cur, &line)) {
		size_t tabs = 0;
		for (size_t i = 0; i < line.n; i++)
			tabs += line.p[i] == '\t';
		if (lines == 0)
			tabs0 = tabs;
		if (tabs < 2 || tabs != tabs0)
			return false;
		lines++;
	}
	return lines >= 2;
}

pd_format pd_parse_detect(const char *name, const char *data, size_t n)
{
	const unsigned char *u = (const unsigned char *)data;
	if (!n || binary_kind(u, n))
		return PD_FMT_UNKNOWN;
	size_t i = 0;
	if (n >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (u[i] == ' ' || u[i] == '\t' || u[i] == '\r' || u[i] == '\n'))
		i++;
	if (i == n)
		return PD_FMT_UNKNOWN;
	size_t head = n - i < 2048 ? n - i : 2048;
	const char *h = data + i;
	if (is_table(name, data, n))
		return PD_FMT_UNKNOWN;
	if (u[i] == '{') {
		/* one object, or one per line */
		const char *nl = memchr(h, '\n', n - i);
		while (nl && nl + 1 < data + n && (nl[1] == ' ' || nl[1] == '\r' || nl[1] == '\n'))
			nl++;
		if (nl && nl + 1 < data + n && nl[1] == '{')
			return PD_FMT_JSONL;
		return PD_FMT_JSON;
	}
	if (u[i] == '<') {
		if (contains_ci(h, head, "<transcripts") || contains_ci(h, head, "<transcript>"))
			return PD_FMT_PM_XML;
		if (contains_ci(h, head, "<akomaNtoso") || contains_ci(h, head, "<publicwhip") ||
		    contains_ci(h, head, "<TEI") || contains_ci(h, head, "<teiCorpus"))
			return PD_FMT_SPEECH_XML;
		if (contains_ci(h, head, "<html") || contains_ci(h, head, "<!doctype html") ||
		    contains_ci(h, head, "<head") || contains_ci(h, head, "<body") ||
		    contains_tag(h, head, "p") || contains_ci(h, head, "<div") ||
		    contains_ci(h, head, "<h1"))
			return PD_FMT_HTML;
		/* other XML: records of speeches, if the reader finds them
		 * (reader_speechxml.c); (data, n) need not be NUL-terminated */
		if (head >= 5 && memcmp(h, "<?xml", 5) == 0)
			return PD_FMT_SPEECH_XML;
	}
	if (pd_captions_detect(h, head))
		return PD_FMT_CAPTIONS;
	if (has_suffix(name, ".html") || has_suffix(name, ".htm") || has_suffix(name, ".xhtml"))
		return PD_FMT_HTML;
	if (has_suffix(name, ".md") || has_suffix(name, ".markdown") || (head >= 2 && memcmp(h, "# ", 2) == 0))
		return PD_FMT_MARKDOWN;
	return PD_FMT_TEXT;
}

/* Why an input has no format Podium reads. */
static int reject(const char *name, const char *data, size_t n, pd_err *err)
{
	if (!n)
		return pd_err_set(err, PD_EINPUT, "%s: empty file", name);
	const char *kind = binary_kind((const unsigned char *)data, n);
	if (kind)
		return pd_err_set(err, PD_EINPUT, "%s: %s, not a transcript", name, kind);
	size_t i = 0;
	while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	if (i == n)
		return pd_err_set(err, PD_EINPUT, "%s: only white space", name);
	if (is_table(name, data, n))
		return pd_err_set(err, PD_EINPUT, "%s: a table (tab- or comma-separated), not a transcript", name);
	if (n - i >= 5 && strncmp(data + i, "<?xml", 5) == 0)
		return pd_err_set(err, PD_EINPUT, "%s: XML, but not a transcript format Podium reads "
				  "(expected <transcripts><transcript>)", name);
	return pd_err_set(err, PD_EINPUT, "%s: unknown format", name);
}

typedef struct collect {
	pd_record **v;
	size_t n, cap;
} collect;

static void collect_add(collect *c, pd_record *r)
{
	c->v = pd_xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	c->v[c->n++] = r;
}

static void collect_free(collect *c)
{
	for (size_t i = 0; i < c->n; i++)
		pd_record_free(c->v[i]);
	free(c->v);
}

static int read_jsonl(const char *name, const char *data, size_t n, collect *out, pd_err *err)
{
	pd_slice cur = { data, n }, line;
	size_t lineno = 0;
	while (pd_slice_next_line(&cur, &line)) {
		lineno++;
		pd_slice t = pd_slice_trim(line);
		if (!t.n)
			continue;
		char where[600];
		snprintf(where, sizeof where, "%s line %zu", name, lineno);
		pd_record *r = pd_record_from_json(where, t.p, t.n, err);
		if (!r)
			return PD_EINPUT;
		collect_add(out, r);
	}
	return 0;
}

/* Text readers want UTF-8. UTF-8 with a few damaged bytes is repaired (its
 * good characters outnumber the bad); text in another encoding Podium can
 * tell (GB18030, Big5, Windows-1252: encoding.h) is converted; else the
 * bad bytes are repaired, but input that is mostly not UTF-8 is refused. */
static const char *as_utf8(const char *name, const char *data, size_t n, pd_buf *repaired, pd_err *err)
{
	if (pd_utf8_valid(data, n))
		return data;
	pd_utf8_repair(repaired, data, n);
	size_t bad = 0, good = 0;
	for (size_t i = 0; i < repaired->len;) {
		unsigned char c = (unsigned char)repaired->data[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		bool replaced = repaired->len - i >= 3 && memcmp(repaired->data + i, "\xEF\xBF\xBD", 3) == 0;
		bad += replaced;
		good += !replaced;
		uint32_t cp;
		i += pd_utf8_decode(repaired->data + i, repaired->len - i, &cp);
	}
	pd_buf converted;
	pd_buf_init(&converted, PD_MAX_DOCUMENT_BYTES);
	if (good <= bad && pd_text_to_utf8(data, n, &converted)) {
		pd_buf_release(repaired);
		*repaired = converted;
		return repaired->data;
	}
	pd_buf_release(&converted);
	if (bad * 20 > n) {   /* over 5% of the bytes */
		pd_err_set(err, PD_EINPUT, "%s: not UTF-8 text (%zu invalid byte sequences), nor "
			   "UTF-16, GB18030, Big5 or Windows-1252", name, bad);
		return NULL;
	}
	return repaired->data;
}

static bool valid_record(const pd_record *r, const char *name, pd_err *err)
{
	if (!r->id || !*r->id || strlen(r->id) > PD_MAX_ID_BYTES) {
		pd_err_set(err, PD_EINPUT, "%s: record has no usable id", name);
		return false;
	}
	for (const char *p = r->id; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\' || *p == '?' || *p == '#') {
			pd_err_set(err, PD_EINPUT, "%s: record id '%s' contains '/', '?', '#' or a control character",
				   name, r->id);
			return false;
		}
	return true;
}

int pd_parse(const char *name, const char *data, size_t n, pd_record_sink sink, void *ctx, pd_err *err)
{
	collect got = { 0 };
	pd_buf repaired, wide;
	pd_buf_init(&repaired, 0);
	pd_buf_init(&wide, PD_MAX_DOCUMENT_BYTES);
	int rc = 0;
	if (!name)
		name = "(input)";
	if (n > PD_MAX_DOCUMENT_BYTES) {
		rc = pd_err_set(err, PD_ETOOBIG, "%s: %zu bytes, over the %u-byte limit per document",
				name, n, PD_MAX_DOCUMENT_BYTES);
		goto out;
	}
	/* UTF-16 ("Unicode text" from Windows): its format is told from the
	 * UTF-8 it holds (its zero bytes would make it binary), and text is
	 * read as that UTF-8; markup goes to libxml2 as it is (it reads the
	 * byte-order mark, and a declared encoding="UTF-16" stays true) */
	pd_format f;
	if (pd_is_utf16(data, n)) {
		if (!pd_text_to_utf8(data, n, &wide)) {
			rc = pd_err_set(err, PD_EINPUT, "%s: UTF-16 text that does not decode", name);
			goto out;
		}
		f = pd_parse_detect(name, wide.data, wide.len);
		if (f == PD_FMT_TEXT || f == PD_FMT_PORTAL_TEXT || f == PD_FMT_MARKDOWN ||
		    f == PD_FMT_JSON || f == PD_FMT_JSONL || f == PD_FMT_CAPTIONS) {
			data = wide.data;
			n = wide.len;
		}
	} else {
		f = pd_parse_detect(name, data, n);
	}
	pd_record *r = NULL;
	const char *text = data;
	if (f == PD_FMT_TEXT || f == PD_FMT_PORTAL_TEXT || f == PD_FMT_MARKDOWN || f == PD_FMT_JSON ||
	    f == PD_FMT_JSONL || f == PD_FMT_CAPTIONS) {
		text = as_utf8(name, data, n, &repaired, err);
		if (!text) {
			rc = PD_EINPUT;
			goto out;
		}
		if (text != data)
			n = repaired.len;
	}
	switch (f) {
	case PD_FMT_PM_XML:
		r = pd_read_pm_xml(name, text, n, err);
		break;
	case PD_FMT_HTML:
		r = pd_read_html(name, text, n, err);
		break;
	case PD_FMT_SPEECH_XML:
		r = pd_read_speech_xml(name, text, n, err);
		break;
	case PD_FMT_TEXT:
	case PD_FMT_PORTAL_TEXT:
		r = pd_read_text(name, text, n, err);
		break;
	case PD_FMT_MARKDOWN:
		r = pd_read_markdown(name, text, n, err);
		break;
	case PD_FMT_CAPTIONS:
		r = pd_read_captions(name, text, n, err);
		break;
	case PD_FMT_JSON:
		r = pd_record_from_json(name, text, n, err);
		break;
	case PD_FMT_JSONL:
		if ((rc = read_jsonl(name, text, n, &got, err)) < 0)
			goto out;
		break;
	case PD_FMT_UNKNOWN:
		rc = reject(name, data, n, err);
		goto out;
	}
	if (f != PD_FMT_JSONL) {
		if (!r) {
			rc = err && err->code ? err->code : PD_EINPUT;
			goto out;
		}
		collect_add(&got, r);
	}
	for (size_t i = 0; i < got.n; i++) {
		pd_record *g = got.v[i];
		if (!g->origin)
			pd_record_set(&g->origin, name);
		if (!g->id)
			pd_assign_id(g, name);
		if (!valid_record(g, name, err)) {
			rc = PD_EINPUT;
			goto out;
		}
	}
	/* all or nothing: deliver only when every record of the input parsed */
	for (size_t i = 0; i < got.n; i++) {
		pd_record *g = got.v[i];
		got.v[i] = NULL;
		rc++;
		if (sink(g, ctx) != 0) {
			for (size_t j = i + 1; j < got.n; j++) {
				pd_record_free(got.v[j]);
				got.v[j] = NULL;
			}
			break;
		}
	}
out:
	collect_free(&got);
	pd_buf_release(&repaired);
	pd_buf_release(&wide);
	return rc;
}

static int take_one(pd_record *r, void *ctx)
{
	pd_record **slot = ctx;
	if (*slot) {
		pd_record_free(r);
		return 1;
	}
	*slot = r;
	return 0;
}

pd_record *pd_parse_one(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_record *r = NULL;
	int rc = pd_parse(name, data, n, take_one, &r, err);
	if (rc < 0) {
		pd_record_free(r);
		return NULL;
	}
	return r;
}
