/* escape.c: output escaping per context (see escape.h). */
#include "escape/escape.h"
#include "base/utf8.h"

#include <string.h>

/* Walks (s, n) by code point, repairing invalid UTF-8, and calls emit for
 * each one with its bytes. Printable ASCII that the context leaves as it
 * is (special[c] == 0) is copied in runs without a call per byte: most of
 * a transcript is such text, and a search answer escapes ~15 KB of it
 * (the per-code-point walk was a fifth of what HTTP added to a search).
 * Everything else, controls, DEL, the context's special characters and
 * all non-ASCII, goes through emit as before. */
typedef int (*emit_fn)(pd_buf *b, uint32_t cp, const char *p, size_t l);

static size_t plain_run(const unsigned char *u, size_t n, const unsigned char special[128])
{
	size_t i = 0;
	while (i < n && u[i] >= 0x20 && u[i] < 0x7F && !special[u[i]])
		i++;
	return i;
}

static int walk(pd_buf *b, const char *s, size_t n, const unsigned char special[128],
		emit_fn emit)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t run = plain_run((const unsigned char *)s + i, n - i, special);
		if (run) {
			if (pd_buf_add(b, s + i, run) < 0)
				return -1;
			i += run;
			continue;
		}
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		int rc;
		if (cp == PD_UTF8_REPLACEMENT && l == 1)
			rc = emit(b, cp, "\xEF\xBF\xBD", 3);
		else
			rc = emit(b, cp, s + i, l);
		if (rc < 0)
			return -1;
		i += l;
	}
	return 0;
}

/* The printable ASCII each context rewrites (see its emit function). */
static const unsigned char markup_special[128] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1,
};
static const unsigned char json_special[128] = {
	['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1,
};

static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int emit_html(pd_buf *b, uint32_t cp, const char *p, size_t l)
{
	switch (cp) {
	case '&': return pd_buf_puts(b, "&amp;");
	case '<': return pd_buf_puts(b, "&lt;");
	case '>': return pd_buf_puts(b, "&gt;");
	case '"': return pd_buf_puts(b, "&quot;");
	case '\'': return pd_buf_puts(b, "&#39;");
	}
	/* controls other than tab/CR/LF are HTML parse errors
	 * ("control-character-in-input-stream") that parsers treat
	 * differently, and would make the page ill-formed as XHTML */
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF ||
	    is_bidi_control(cp))
		return 0;
	return pd_buf_add(b, p, l);
}

int pd_esc_html(pd_buf *b, const char *s, size_t n)
{
	return walk(b, s, n, markup_special, emit_html);
}

int pd_esc_html_str(pd_buf *b, const char *s)
{
	return s ? pd_esc_html(b, s, strlen(s)) : 0;
}

int pd_esc_url(pd_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
			if (pd_buf_putc(b, (char)c) < 0)
				return -1;
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			if (pd_buf_add(b, e, 3) < 0)
				return -1;
		}
	}
	return 0;
}

static int emit_json(pd_buf *b, uint32_t cp, const char *p, size_t l)
{
	switch (cp) {
	case '"': return pd_buf_puts(b, "\\\"");
	case '\\': return pd_buf_puts(b, "\\\\");
	case '\n': return pd_buf_puts(b, "\\n");
	case '\r': return pd_buf_puts(b, "\\r");
	case '\t': return pd_buf_puts(b, "\\t");
	/* Inside an HTML <script>, "</script" ends the element and
	 * "<!--<script" makes the page's own </script> not end it (the
	 * "double escaped" state): no '<' at all is the only safe answer.
	 * '>' and '&' go too, so the JSON is also inert in XHTML. */
	case '<': return pd_buf_puts(b, "\\u003c");
	case '>': return pd_buf_puts(b, "\\u003e");
	case '&': return pd_buf_puts(b, "\\u0026");
	}
	if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
		return pd_buf_printf(b, "\\u%04x", (unsigned)cp);
	return pd_buf_add(b, p, l);
}

int pd_esc_json(pd_buf *b, const char *s, size_t n)
{
	return walk(b, s, n, json_special, emit_json);
}

int pd_json_str(pd_buf *b, const char *s)
{
	if (!s)
		return pd_buf_puts(b, "null");
	if (pd_buf_putc(b, '"') < 0 || pd_esc_json(b, s, strlen(s)) < 0)
		return -1;
	return pd_buf_putc(b, '"');
}

static int emit_xml(pd_buf *b, uint32_t cp, const char *p, size_t l)
{
	switch (cp) {
	case '&': return pd_buf_puts(b, "&amp;");
	case '<': return pd_buf_puts(b, "&lt;");
	case '>': return pd_buf_puts(b, "&gt;");
	case '"': return pd_buf_puts(b, "&quot;");
	case '\'': return pd_buf_puts(b, "&apos;");
	}
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    cp == 0xFFFE || cp == 0xFFFF || is_bidi_control(cp))
		return 0;
	return pd_buf_add(b, p, l);
}

int pd_esc_xml(pd_buf *b, const char *s, size_t n)
{
	return walk(b, s, n, markup_special, emit_xml);
}

int pd_esc_xml_str(pd_buf *b, const char *s)
{
	return s ? pd_esc_xml(b, s, strlen(s)) : 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int pd_url_decode(pd_buf *b, const char *s, size_t n, int plus_space)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval((unsigned char)s[i + 1]);
			int lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (pd_buf_putc(b, c) < 0)
			return -1;
	}
	return 0;
}
