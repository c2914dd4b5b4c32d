/* xml_safe.c: see xml_safe.h. */
#include "parse/xml_safe.h"
#include "base/str.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* First occurrence of lit in (s, n), or NULL. */
static const char *find(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return s + i;
	return NULL;
}

/* Whether the prolog (everything before the root element) holds a DOCTYPE
 * or an entity declaration. The whole prolog is scanned, comments and
 * processing instructions skipped, so a long comment cannot push a DOCTYPE
 * out of sight. Bounds-checked: the input need not be NUL-terminated. */
static bool declares_entities(const char *data, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *lt = memchr(data + i, '<', n - i);
		if (!lt)
			return false;
		i = (size_t)(lt - data);
		size_t left = n - i;
		if (left >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *end = find(lt + 4, left - 4, "-->");
			if (!end)
				return false;
			i = (size_t)(end - data) + 3;
		} else if (left >= 2 && lt[1] == '?') {
			const char *end = find(lt + 2, left - 2, "?>");
			if (!end)
				return false;
			i = (size_t)(end - data) + 2;
		} else if ((left >= 9 && memcmp(lt, "<!DOCTYPE", 9) == 0) ||
			   (left >= 8 && memcmp(lt, "<!ENTITY", 8) == 0)) {
			return true;
		} else {
			return false; /* the root element: the prolog is over */
		}
	}
	return false;
}

char *pd_xml_text(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	if (!v)
		return NULL;
	char *s = pd_str_collapse_space((const char *)v, strlen((const char *)v));
	xmlFree(v);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

xmlDoc *pd_xml_read(const char *name, const char *data, size_t n, pd_err *err)
{
	if (declares_entities(data, n)) {
		pd_err_set(err, PD_EINPUT, "%s: XML with a DOCTYPE or entity declarations is not accepted", name);
		return NULL;
	}
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		pd_err_set(err, PD_EINPUT, "%s: out of memory for the XML parser", name);
		return NULL;
	}
	xmlDoc *x = xmlCtxtReadMemory(ctxt, data, (int)n, name, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!x) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		pd_slice msg = pd_slice_trim(pd_slice_of(e && e->message ? e->message : "unknown error"));
		pd_err_set(err, PD_EINPUT, "%s: malformed XML at line %d: %.*s", name, e ? e->line : 0,
			   (int)msg.n, msg.p);
	}
	xmlFreeParserCtxt(ctxt);
	return x;
}
