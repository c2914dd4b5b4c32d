/* html_scan.c: the PM content's HTML read by hand (html_scan.h).
 *
 * Why each limit: libxml2's HTML parser (2.9, with HTML_PARSE_NOIMPLIED)
 * closes elements a start tag implies the end of (<p> closes an open <p>
 * and <b>, <i>, <u>), wraps text it finds outside any element in an
 * implied <p>, keeps unknown entities as text, and reads attributes,
 * comments and stray "<" in ways this reader does not copy. So it takes
 * only input where none of that can happen — every element closed
 * explicitly, in order, <p> only at the top, one inline level inside —
 * and there the tree is the tags as written, each run of characters
 * between two tags one text node. (libxml2 hangs every top-level element
 * after the first inside the first; when that is a <p>, pd_html_walk
 * gives the same lines as for siblings, so the first must be a <p>.)
 * Everything else is declined, and
 * tests/unit/test_html_scan.c and fuzz/fuzz_html_scan.c compare the two
 * paths.
 */
#include "parse/html_scan.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum tag {
	TAG_NONE,
	TAG_P,
	TAG_BR,
	TAG_B,
	TAG_STRONG,
	TAG_I,
	TAG_EM,
	TAG_U,
	TAG_A,
	TAG_SUP,
	TAG_SUB,
	TAG_UL,
	TAG_OL,
	TAG_LI,
};

typedef struct scan {
	const char *s;
	size_t n, at;
	/* <p>, or a list and its <li>; then at most one inline element */
	enum tag open[3];
	size_t depth;
	enum tag top;     /* open[depth - 1], TAG_NONE at the top level */
	bool any_p;       /* a <p> has been opened */
	pd_buf text;      /* a text run with references replaced */
	const char *run;  /* the current text run: in the input or in text */
	size_t run_n;
	pd_doc *d;
	bool raw;         /* white space not collapsed yet (pd_html_scan_raw) */
} scan;

static enum tag tag_named(const char *p, size_t len)
{
	/* by length, then the bytes: every tag of every content comes here
	 * (a strlen and a memcmp per name tried were 1 % of the parser) */
	switch (len) {
	case 1:
		return p[0] == 'p' ? TAG_P : p[0] == 'b' ? TAG_B : p[0] == 'i' ? TAG_I :
		       p[0] == 'u' ? TAG_U : p[0] == 'a' ? TAG_A : TAG_NONE;
	case 2:
		return p[0] == 'b' && p[1] == 'r' ? TAG_BR :
		       p[0] == 'e' && p[1] == 'm' ? TAG_EM :
		       p[0] == 'u' && p[1] == 'l' ? TAG_UL :
		       p[0] == 'o' && p[1] == 'l' ? TAG_OL :
		       p[0] == 'l' && p[1] == 'i' ? TAG_LI : TAG_NONE;
	case 3: /* the 13<sup>th</sup> of August: a tenth of the contents
		 * still sent to libxml2 */
		return p[0] != 's' || p[1] != 'u' ? TAG_NONE :
		       p[2] == 'p' ? TAG_SUP : p[2] == 'b' ? TAG_SUB : TAG_NONE;
	case 6:
		return memcmp(p, "strong", 6) == 0 ? TAG_STRONG : TAG_NONE;
	default:
		return TAG_NONE;
	}
}

/* Appends the character a reference at s (just past the '&') stands for
 * and returns its length up to and with the ';', or 0 to decline. */
static size_t reference(const char *s, size_t n, pd_buf *out)
{
	static const struct {
		const char *name;
		uint32_t cp;
	} named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "nbsp;", 0xA0 },
	};
	if (n && s[0] != '#') {
		for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
			size_t l = strlen(named[k].name);
			if (n >= l && memcmp(s, named[k].name, l) == 0) {
				pd_utf8_encode(out, named[k].cp);
				return l;
			}
		}
		return 0;
	}
	/* &#39; &#x27; — at most 7 digits, then ';' */
	bool hex = n > 1 && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 1, start = i;
	uint32_t cp = 0;
	for (; i < n && i - start < 7; i++) {
		char c = s[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f')
			v = (unsigned)((c | 32) - 'a' + 10);
		else
			break;
		cp = cp * (hex ? 16 : 10) + v;
	}
	if (i == start || i >= n || s[i] != ';')
		return 0;
	/* printable characters only: libxml2 drops or reports the others */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
		return 0;
	pd_utf8_encode(out, cp);
	return i + 1;
}

/* Length of the run of printable ASCII but '<' and '&' at s (n bytes):
 * nearly all of the content, so sixteen or eight bytes at a time where it
 * can. */
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	/* sixteen bytes at a time where SSE2 is: one signed compare of the
	 * bytes plus one finds those below ' ', DEL and those from 0x80 (all
	 * of them below '!' as signed once one is added: a compare and an or
	 * fewer per block than DEL's own compare) */
	const __m128i one = _mm_set1_epi8(1), bang = _mm_set1_epi8('!'),
		      lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i stop = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(v, one), bang),
					    _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)));
		unsigned mask = (unsigned)_mm_movemask_epi8(stop);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t hi = 0x8080808080808080u, lo7 = 0x7F7F7F7F7F7F7F7Fu,
		       ones = 0x0101010101010101u;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* per byte, with no carry into the next (every sum < 0x100):
		 * below ' ', DEL or above, '<', '&' */
		uint64_t t = w & lo7;
		uint64_t stop = (~(t + 0x60 * ones) | (t + ones) | w | ~((t ^ '<' * ones) + lo7) |
				 ~((t ^ '&' * ones) + lo7)) & hi;
		if (stop)
			return i + (size_t)__builtin_ctzll(stop) / 8;
	}
#endif
	while (i < n && (unsigned char)(s[i] - 0x20) < 0x5F && s[i] != '<' && s[i] != '&')
		i++;
	return i;
}

static bool is_list(enum tag t)
{
	return t == TAG_UL || t == TAG_OL;
}

/* Whether a text run inside tag t is text of the document (emit_text):
 * not at the top level or between a list's items. */
static bool holds_text(enum tag t)
{
	return t != TAG_NONE && !is_list(t);
}

static bool is_bold(enum tag t)
{
	return t == TAG_B || t == TAG_STRONG;
}

/* Reads the text run at sc->at (up to the next '<') into sc->run: the
 * input itself, or sc->text once a reference has been replaced. False to
 * decline. */
static bool read_text(scan *sc)
{
	const char *s = sc->s;
	size_t i = sc->at, n = sc->n;
	bool copied = false;
	if (sc->raw && holds_text(sc->top)) {
		/* the run's start up to its first '<', '&' or byte the loop
		 * below must look at, read and collapsed into the line in one
		 * pass (plain_run here, then the collapse of the run, read it
		 * twice: 206.2 M -> 203.1 M instructions in pd_parse on the
		 * first 500 dev files); the rest, if any, as before (the
		 * collapse of two pieces is that of the two joined). Raw
		 * content only: pd_html_scan declines tab, LF, VT, FF and CR
		 * in text, which this takes as white space. */
		bool bold = is_bold(sc->top);
		i += pd_doc_text_until_markup(sc->d, s + i, n - i, bold);
		/* a "<br />" after the run, taken here as read_tag takes it
		 * inside a paragraph (any_p holds there), and the next
		 * line's run: most of the PM content is lines of text each
		 * ended by one, and a round through scan_html's loop, this
		 * function and read_tag between two runs went (190.3 M ->
		 * 188.3 M instructions in pd_parse on the first 500 dev
		 * files) */
		while (sc->any_p && n - i >= 6 && memcmp(s + i, "<br />", 6) == 0) {
			pd_doc_break(sc->d);
			/* and the line break after it (most of them): white
			 * space opening a line is dropped, and the collapse's
			 * loop took a round for it */
			i += 6 + (n - i > 6 && s[i + 6] == '\n');
			i += pd_doc_text_until_markup(sc->d, s + i, n - i, bold);
		}
		sc->at = i;
		/* the whole run, most of them: the rest of this function
		 * and emit_text passed over (203.1 M -> 201.2 M) */
		if (i >= n || s[i] == '<') {
			sc->run = s + i;
			sc->run_n = 0;
			return true;
		}
	}
	size_t from = i;
	if (sc->raw) /* the line break after a <br />, most runs' first byte,
		      * without a call of plain_run that stops at it */
		while (i < n && (unsigned char)(s[i] - '\t') <= '\r' - '\t')
			i++;
	while (i < n && s[i] != '<') {
		i += plain_run(s + i, n - i);
		if (i >= n || s[i] == '<')
			break;
		if (s[i] == '&') {
			if (!copied) /* only here: a reset per run cost more */
				pd_buf_reset(&sc->text);
			pd_buf_add(&sc->text, s + from, i - from);
			size_t l = reference(s + i + 1, n - i - 1, &sc->text);
			if (!l)
				return false;
			i += 1 + l;
			from = i;
			copied = true;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (sc->raw && c >= '\t' && c <= '\r') {
				i++; /* white space the collapse would have made ' ' */
				continue;
			}
			return false; /* a control character or DEL */
		}
		uint32_t cp;
		size_t l = pd_utf8_decode_seq(s + i, n - i, &cp);
		/* C1 controls (U+0080..U+009F) are read: libxml2 keeps them as
		 * text, and old transcripts carry Windows-1252 quotes and dashes
		 * as such (U+0091, U+0096: 225 of the 446 dev contents this
		 * reader declined, each a whole libxml2 parse; libxml2 was 6 %
		 * of the parser on every 20th dev file) */
		if ((cp == PD_UTF8_REPLACEMENT && l == 1) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			return false; /* invalid UTF-8, BOM, non-characters */
		i += l;
	}
	if (copied) {
		pd_buf_add(&sc->text, s + from, i - from);
		sc->run = sc->text.data;
		sc->run_n = sc->text.len;
	} else {
		sc->run = s + sc->at;
		sc->run_n = i - sc->at;
	}
	sc->at = i;
	return true;
}

/* Hands the text run to the document as pd_html_walk hands a text node.
 * False to decline. */
static bool emit_text(scan *sc)
{
	const char *t = sc->run;
	size_t n = sc->run_n;
	if (!n)
		return true;
	if (!holds_text(sc->top)) {
		/* at the top level and between a list's items only white
		 * space: libxml2 puts no text node there, or one that adds
		 * nothing after a </p>, <br>, <ul> or </li> */
		for (size_t k = 0; k < n; k++)
			if (t[k] != ' ' && t[k] != '\t' && t[k] != '\n' && t[k] != '\r')
				return false;
		return true;
	}
	pd_doc_text(sc->d, t, n, is_bold(sc->top));
	return true;
}

/* The attribute `open` names (` name="`, open_n bytes) at s[*i], its value
 * bytes from `lowest` to '~' but '"', '&', '<' and '>' (nothing libxml2
 * could read otherwise, no white space the collapse would change but
 * single spaces where `lowest` is ' '): advances *i past it. pd_html_walk
 * reads none of the attributes taken here, only class, id and role. */
static bool quoted_attribute(const char *s, size_t n, size_t *i, const char *open, size_t open_n,
			     char lowest)
{
	size_t k = *i;
	if (n - k < open_n || memcmp(s + k, open, open_n) != 0)
		return false;
	for (k += open_n; k < n && s[k] != '"'; k++)
		if (s[k] < lowest || s[k] > '~' || s[k] == '&' || s[k] == '<' || s[k] == '>')
			return false;
	if (k >= n)
		return false;
	*i = k + 1;
	return *i < n;
}

/* The one attribute a link may have here, ` href="..."`, its address
 * printable ASCII without spaces. Links with other attributes are
 * declined ("class" and "id" can mark furniture). A twentieth of the PM
 * contents link a web site
 * (<a href="http://www.coag.gov.au">www.coag.gov.au</a>) and went to
 * libxml2 for it, ten times the cost of this reader. */
static bool link_href(const char *s, size_t n, size_t *i)
{
	static const char open[] = " href=\"";
	return quoted_attribute(s, n, i, open, sizeof open - 1, '!');
}

/* The one attribute a paragraph may have here, ` align="..."` or
 * ` style="..."` (<p align="center"><strong>Ends</strong></p>,
 * <p style="margin-left:36.0pt;">): old and pasted transcripts, a third
 * of the contents this reader still declined, each a whole libxml2 parse. */
static bool paragraph_attribute(const char *s, size_t n, size_t *i)
{
	static const char align[] = " align=\"", style[] = " style=\"";
	return quoted_attribute(s, n, i, align, sizeof align - 1, ' ') ||
	       quoted_attribute(s, n, i, style, sizeof style - 1, ' ');
}

/* Reads the tag at sc->at ('<') and applies it. False to decline. */
static bool read_tag(scan *sc)
{
	const char *s = sc->s;
	size_t n = sc->n, i = sc->at + 1;
	/* "<br />" inside a paragraph, as the rest of this function reads it
	 * there, in one compare: five tags of the PM content in seven, and
	 * its name read a byte at a time, its tests in turn, were 0.7 % of
	 * the parser */
	if (n - sc->at >= 6 && memcmp(s + sc->at, "<br />", 6) == 0 && sc->any_p && !is_list(sc->top)) {
		sc->at += 6;
		pd_doc_break(sc->d);
		return true;
	}
	/* "<p>" at the top and "</p>" closing it, as below, in one compare
	 * each: nearly all the other tags, their names read a byte at a
	 * time and their tests in turn (0.8 M instructions of pd_parse on
	 * the first 500 dev files). A </p> closes the <p> at the top: the
	 * one element open. */
	if (n - sc->at >= 4) {
		if (memcmp(s + sc->at, "<p>", 3) == 0 && !sc->depth) {
			sc->at += 3;
			pd_doc_para(sc->d);
			sc->any_p = true;
			sc->open[sc->depth++] = TAG_P;
			sc->top = TAG_P;
			return true;
		}
		if (memcmp(s + sc->at, "</p>", 4) == 0 && sc->top == TAG_P) {
			sc->at += 4;
			sc->depth--;
			sc->top = TAG_NONE;
			pd_doc_para(sc->d);
			/* "</p>\n<p>", between most paragraphs of the raw
			 * content: the next one opened here, as the "<p>"
			 * above opens it (its pd_doc_para, right after this
			 * one, would change nothing), without the rounds
			 * through scan_html's loop, read_text and emit_text
			 * for the line break */
			if (sc->raw && n - sc->at >= 5 && memcmp(s + sc->at, "\n<p>", 4) == 0) {
				sc->at += 4;
				sc->open[sc->depth++] = TAG_P;
				sc->top = TAG_P;
			}
			return true;
		}
	}
	bool end = i < n && s[i] == '/';
	if (end)
		i++;
	size_t name = i;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	enum tag tag = tag_named(s + name, i - name);
	if (tag == TAG_NONE || i >= n)
		return false;
	if (!sc->any_p && tag != TAG_P)
		return false; /* libxml2 adds what follows the document's first
			       * element to that element, and pd_html_walk
			       * does not look inside a <br> */
	if (tag == TAG_BR && !end) {
		if (is_list(sc->top))
			return false;
		/* <br>, <br/>, <br /> */
		if (s[i] == ' ')
			i++;
		if (i < n && s[i] == '/')
			i++;
		if (i >= n || s[i] != '>')
			return false;
		sc->at = i + 1;
		pd_doc_break(sc->d);
		return true;
	}
	if (tag == TAG_A && !end && !link_href(s, n, &i))
		return false;
	/* a paragraph's attribute looked for only where no '>' follows the
	 * name (a test of every tag for it: +0.17 M instructions in
	 * pd_parse on the first 500 dev files) */
	if (s[i] != '>' && (tag != TAG_P || end || !paragraph_attribute(s, n, &i)))
		return false;
	if (s[i] != '>' || tag == TAG_BR)
		return false;
	sc->at = i + 1;
	if (end) {
		if (sc->top != tag)
			return false;
		sc->depth--;
		sc->top = sc->depth ? sc->open[sc->depth - 1] : TAG_NONE;
		if (tag == TAG_P || tag == TAG_LI || is_list(tag))
			pd_doc_para(sc->d);   /* blocks to pd_html_walk */
		return true;
	}
	if (tag == TAG_P || is_list(tag)) {
		if (sc->depth)
			return false; /* libxml2 would close what is open */
		pd_doc_para(sc->d);
		sc->any_p = true;
	} else if (tag == TAG_LI) {
		if (!is_list(sc->top))
			return false; /* an item only directly inside a list */
		pd_doc_para(sc->d);
	} else if (sc->top != TAG_P && sc->top != TAG_LI) {
		return false; /* inline only directly inside <p> or <li> */
	}
	sc->open[sc->depth++] = tag;
	sc->top = tag;
	return true;
}

static bool scan_html(const char *s, size_t n, pd_doc *d, bool raw)
{
	scan sc = { .s = s, .n = n, .d = d, .raw = raw };
	if (raw) /* the collapse would have trimmed it */
		while (sc.at < n && (s[sc.at] == ' ' || (s[sc.at] >= '\t' && s[sc.at] <= '\r')))
			sc.at++;
	pd_buf_init(&sc.text, 0);
	bool ok = sc.at < n && s[sc.at] == '<'; /* no element at all: declined */
	while (ok && sc.at < n) {
		if (s[sc.at] == '<')
			ok = read_tag(&sc);
		else
			ok = read_text(&sc) && emit_text(&sc);
	}
	ok = ok && sc.depth == 0;
	pd_buf_release(&sc.text);
	if (!ok) {
		pd_doc_release(d);
		pd_doc_init(d);
		return false;
	}
	pd_doc_para(d); /* as pd_html_walk ends */
	return true;
}

bool pd_html_scan(const char *s, size_t n, pd_doc *d)
{
	return scan_html(s, n, d, false);
}

bool pd_html_scan_raw(const char *s, size_t n, pd_doc *d)
{
	return scan_html(s, n, d, true);
}
