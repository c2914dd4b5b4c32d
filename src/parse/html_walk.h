/* html_walk.h (parse-internal): an HTML element tree -> doc lines. Shared by
 * the HTML page reader and the PM XML reader (whose <content> is HTML). */
#ifndef PD_PARSE_HTML_WALK_H
#define PD_PARSE_HTML_WALK_H

#include <libxml/tree.h>

#include "parse/doc.h"

/* Appends the text under node to d: block elements start paragraphs, <br>
 * breaks lines, <strong>/<b> mark bold, headings and blockquotes are
 * flagged, and scripts, styles, navigation, forms and page furniture are
 * skipped. Nesting deeper than PD_MAX_MARKUP_DEPTH is not descended. */
void pd_html_walk(xmlNode *node, pd_doc *d);

/* Parses an HTML fragment or page held in memory (UTF-8 unless a <meta>
 * says otherwise when encoding is NULL). NULL when libxml2 cannot make a
 * tree at all. The caller frees with xmlFreeDoc. */
xmlDoc *pd_html_read(const char *data, size_t n, const char *encoding);

#endif
