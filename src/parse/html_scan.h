/* html_scan.h (parse-internal): a hand reader for the HTML inside a PM
 * transcript's <content>, so that the common document needs no libxml2
 * pass at all (the XML wrapper is read by pmxml_scan.c).
 *
 *   <p><strong>PRIME MINISTER:</strong> Thank you.<br />Q: &quot;A&quot;</p>
 *
 * The reader either fills the document's lines exactly as
 * pd_html_walk(pd_html_read(s, n, "UTF-8")->children, d) would, or declines
 * and the caller takes libxml2's path. It takes only what it knows libxml2
 * builds the same tree for: <p> at the top level, holding text, <br>
 * (<br />, <br/>) and one level of <b>, <strong>, <i>, <em>, <u> or a
 * link <a href="..."> (its one attribute, printable ASCII without '"',
 * '&', '<', '>'); lists (<ul>, <ol>) at the top level holding items
 * (<li>) that hold what a <p> holds, white space between them; <br>
 * between them once a <p> has come (the first element must be a <p>);
 * every element closed by its own end tag, in order; tags in lower case
 * without other attributes or spaces; white space only between top-level
 * elements and list items; the references &amp; &lt; &gt; &quot; &nbsp;
 * and character references to printable characters. It declines
 * everything else: other elements, attributes, comments, a DOCTYPE, a
 * stray "<", implied or missing end tags, text outside <p> or <li>
 * (libxml2 wraps it in an implied <p>), other entities, control
 * characters, invalid UTF-8, a byte order mark, no element at all.
 */
#ifndef PD_PARSE_HTML_SCAN_H
#define PD_PARSE_HTML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/doc.h"

/* d must be as pd_doc_init left it. True when d now holds the lines of
 * (s, n); false when the reader declines, d then as pd_doc_init left it. */
bool pd_html_scan(const char *s, size_t n, pd_doc *d);

/* The same for content whose white space has not been collapsed: when it
 * takes (s, n), d holds exactly the lines pd_html_scan gives for
 * pd_str_collapse_space(s, n). Why: the content's collapse before the
 * scan was 4 % of the parser, and it changes nothing the lines keep. The
 * collapse makes each run of white space one ' ' (none at the ends); in a
 * text run such a run only matters as "some white space here", because
 * pd_doc_text trims by the same white space (pd_cp_is_space) and the
 * lines are collapsed again, so tab, LF, VT, FF, CR and Unicode spaces are
 * taken in text as they stand. Declined besides what pd_html_scan
 * declines: white space the collapse would have changed inside a tag
 * ("<br\n/>"), a Unicode space before the first tag or between the
 * paragraphs, white space alone. */
bool pd_html_scan_raw(const char *s, size_t n, pd_doc *d);

#endif
