/* xml_safe.h (parse-internal): reading untrusted XML with libxml2.
 *
 * No DTD loading, no entity substitution, no network; a document whose
 * prolog declares a DOCTYPE or entities is refused outright (no real
 * transcript has one, and they are how entity bombs work).
 */
#ifndef PD_PARSE_XML_SAFE_H
#define PD_PARSE_XML_SAFE_H

#include <libxml/tree.h>
#include <stddef.h>

#include "base/err.h"

/* Parses (data, n); NULL with err naming the input and the reason (the
 * line and libxml2's message for malformed XML). Free with xmlFreeDoc. */
xmlDoc *pd_xml_read(const char *name, const char *data, size_t n, pd_err *err);

/* A node's text, white space collapsed; NULL when blank. Caller frees. */
char *pd_xml_text(const xmlNode *n);

#endif
