/* fuzz_html_scan.c: the hand reader of the PM content's HTML
 * (html_scan.c) against libxml2's HTML parser and pd_html_walk. Any bytes
 * in, taken as the content; whenever the hand reader takes them, both
 * paths must give the same lines (text, flags, bold runs). The reader of
 * content as it stands (pd_html_scan_raw), whenever it takes the bytes,
 * must give the lines the reader gives for them collapsed. */
#include "fuzz.h"

#include "base/limits.h"
#include "base/str.h"
#include "parse/doc.h"
#include "parse/html_scan.h"
#include "parse/html_walk.h"

#include <libxml/tree.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > PD_MAX_DOCUMENT_BYTES)
		return 0;
	const char *s = (const char *)data;
	pd_doc hand, ref;
	pd_doc_init(&hand);
	pd_doc_init(&ref);
	if (pd_html_scan(s, size, &hand)) {
		xmlDoc *h = pd_html_read(s, size, "UTF-8");
		if (h)
			pd_html_walk(h->children, &ref);
		xmlFreeDoc(h);
		pd_fuzz_check(pd_doc_equal(&hand, &ref), "html_scan: lines differ from libxml2's");
	} else {
		pd_fuzz_check(hand.n == 0, "html_scan: declined but left lines");
	}
	pd_doc_release(&hand);
	pd_doc_release(&ref);

	pd_doc raw, collapsed;
	pd_doc_init(&raw);
	pd_doc_init(&collapsed);
	if (pd_html_scan_raw(s, size, &raw)) {
		size_t cn;
		char *c = pd_str_collapse_space_n(s, size, &cn);
		pd_fuzz_check(pd_html_scan(c, cn, &collapsed) && pd_doc_equal(&raw, &collapsed),
			      "html_scan_raw: lines differ from the collapsed content's");
		free(c);
	} else {
		pd_fuzz_check(raw.n == 0, "html_scan_raw: declined but left lines");
	}
	pd_doc_release(&raw);
	pd_doc_release(&collapsed);
	return 0;
}
