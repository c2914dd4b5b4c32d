/* reader_text.c: plain-text transcripts and portal pages saved as text.
 *
 * Lines are kept as lines (OCR'd and PDF-extracted text wraps mid-sentence;
 * the turn detector joins them), blank lines separate paragraphs, and the
 * page chrome and header fields at the top are read by
 * pd_read_header_fields. A form feed is a page break, nothing more.
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/utf8.h"

#include <string.h>

/* Text -> lines; shared with the Markdown reader through the flag hook. */
void pd_text_to_doc(const char *data, size_t n, pd_doc *d);

void pd_text_to_doc(const char *data, size_t n, pd_doc *d)
{
	pd_slice cur = { data, n }, line;
	/* skip a UTF-8 byte order mark */
	if (cur.n >= 3 && memcmp(cur.p, "\xEF\xBB\xBF", 3) == 0) {
		cur.p += 3;
		cur.n -= 3;
	}
	while (pd_slice_next_line(&cur, &line)) {
		pd_slice t = pd_slice_trim(line);
		if (!t.n || (t.n == 1 && t.p[0] == '\f')) {
			d->next_para = true;
			continue;
		}
		pd_doc_add_line(d, t.p, t.n, 0);
	}
}

pd_record *pd_read_text(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_doc doc;
	pd_doc_init(&doc);
	pd_record *r = pd_record_new();
	pd_text_to_doc(data, n, &doc);
	pd_read_header_fields(r, &doc);
	pd_record_set(&r->format, (r->date || r->source || r->nimages || r->ntranslations) ?
				  "portal-text" : "text");
	return pd_read_finish(r, &doc, name, err);
}
