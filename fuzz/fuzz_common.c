/* fuzz_common.c: properties checked by several fuzz targets (fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "record/record_json.h"
#include "render/render.h"

void pd_fuzz_check(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz property failed: %s\n", what);
	abort();
}

char *pd_fuzz_cstr(const uint8_t *data, size_t n)
{
	return pd_xstrndup((const char *)data, n);
}

/* Renders with fn; the result must be valid UTF-8. Returns the output for
 * further checks (caller releases). */
static void render(int (*fn)(const pd_record *, pd_buf *), const pd_record *r,
		   pd_buf *out, const char *what)
{
	pd_buf_init(out, 0);
	pd_fuzz_check(fn(r, out) == 0, what);
	pd_fuzz_check(pd_utf8_valid(out->data ? out->data : "", out->len), what);
}

static void check_akn(const pd_record *r)
{
	pd_buf b;
	xmlDocPtr doc;

	render(pd_render_akn, r, &b, "akn renders as UTF-8");
	/* NONET and no entity expansion: we only ask whether it parses. */
	doc = xmlReadMemory(b.data, (int)b.len, "fuzz.akn.xml", "UTF-8",
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	pd_fuzz_check(doc != NULL, "akn is well-formed XML");
	xmlFreeDoc(doc);
	pd_buf_release(&b);
}

void pd_fuzz_check_record(const pd_record *r)
{
	pd_buf a, b;
	pd_record *back;
	pd_err err;

	pd_buf_init(&a, 0);
	pd_buf_init(&b, 0);
	pd_fuzz_check(pd_record_to_json(r, &a) == 0, "record to JSON");
	pd_fuzz_check(pd_utf8_valid(pd_buf_cstr(&a), a.len), "JSON is UTF-8");
	back = pd_record_from_json("fuzz", pd_buf_cstr(&a), a.len, &err);
	if (!back)
		fprintf(stderr, "%s\n%s\n", err.msg, pd_buf_cstr(&a));
	pd_fuzz_check(back != NULL, "JSON of a record reads back");
	pd_fuzz_check(pd_record_to_json(back, &b) == 0, "record to JSON again");
	if (a.len != b.len || memcmp(pd_buf_cstr(&a), pd_buf_cstr(&b), a.len) != 0)
		fprintf(stderr, "first:  %s\nsecond: %s\n", pd_buf_cstr(&a), pd_buf_cstr(&b));
	pd_fuzz_check(a.len == b.len && memcmp(pd_buf_cstr(&a), pd_buf_cstr(&b), a.len) == 0,
		      "JSON round-trips unchanged");
	pd_record_free(back);
	pd_buf_release(&a);
	pd_buf_release(&b);

	render(pd_render_markdown, r, &a, "markdown renders as UTF-8");
	pd_buf_release(&a);
	render(pd_render_text, r, &a, "text renders as UTF-8");
	pd_buf_release(&a);
	check_akn(r);
}

int pd_fuzz_reader(pd_fuzz_reader_fn read, const char *name, const uint8_t *data, size_t size)
{
	pd_err err;
	pd_record *r;

	if (size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	r = read(name, (const char *)data, size, &err);
	if (r) {
		pd_fuzz_check_record(r);
		pd_record_free(r);
	}
	return 0;
}

int pd_fuzz_utf8_reader(pd_fuzz_reader_fn read, const char *name, const uint8_t *data,
			size_t size)
{
	pd_buf fixed;

	if (size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	pd_buf_init(&fixed, 0);
	pd_fuzz_check(pd_utf8_repair(&fixed, (const char *)data, size) == 0, "UTF-8 repair");
	pd_fuzz_check(pd_utf8_valid(pd_buf_cstr(&fixed), fixed.len), "repaired input is UTF-8");
	pd_fuzz_reader(read, name, (const uint8_t *)pd_buf_cstr(&fixed), fixed.len);
	pd_buf_release(&fixed);
	return 0;
}
