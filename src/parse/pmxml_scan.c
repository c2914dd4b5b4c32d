/* pmxml_scan.c: the PM Transcripts XML wrapper read by hand (see
 * pmxml_scan.h for what it accepts and declines).
 *
 * Why: the reader used to parse every file with libxml2's XML parser (a
 * DOM, every character of the CDATA checked and copied) and then parse the
 * CDATA again as HTML; the first pass was about a third of the parser's
 * time. This scanner checks the file once (UTF-8 and XML's character rules
 * in one tight loop), walks its markup with memchr, and copies only
 * the character data of the fields the reader wants.
 *
 * It is careful in one direction only: anything it is not sure libxml2
 * reads the same way, it declines, and the reader falls back to libxml2.
 * tests/unit/test_pmxml_scan.c and fuzz/fuzz_read_pmxml.c compare the two
 * paths' records and errors on every input they try.
 */
#include "parse/pmxml_scan.h"
#include "base/str.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Files larger than this go to libxml2. libxml2 refuses a single text node
 * or CDATA section over 10,000,000 bytes (without XML_PARSE_HUGE); staying
 * far below that, the scanner never accepts what libxml2 refuses for size.
 * Real transcripts are under 1 MB. */
#define SCAN_MAX_BYTES (4u * 1024 * 1024)
/* Element nesting the scanner follows (the wrapper nests 3 deep); deeper
 * files go to libxml2 and its own depth limit. */
#define SCAN_MAX_DEPTH 32
/* Longest element name followed ("period-of-service" is the longest real
 * one). */
#define SCAN_MAX_NAME 64
/* Digits of a character reference (&#x10FFFF; has 6; leading zeros are
 * allowed, a few of them). */
#define SCAN_MAX_REF_DIGITS 8

const char *const pd_pmxml_field_names[PD_PMXML_NFIELDS] = {
	[PD_PMXML_ID] = "transcript-id",
	[PD_PMXML_TITLE] = "title",
	[PD_PMXML_PM] = "prime-minister",
	[PD_PMXML_DATE] = "release-date",
	[PD_PMXML_TYPE] = "release-type",
	[PD_PMXML_DOCUMENT] = "document",
	[PD_PMXML_SUBJECTS] = "subjects",
	[PD_PMXML_CONTENT] = "content",
};

void pd_pmxml_fields_init(pd_pmxml_fields *f)
{
	for (int i = 0; i < PD_PMXML_NFIELDS; i++) {
		f->seen[i] = false;
		pd_buf_init(&f->text[i], 0);
		f->at[i] = NULL;
		f->at_n[i] = 0;
	}
}

void pd_pmxml_fields_release(pd_pmxml_fields *f)
{
	for (int i = 0; i < PD_PMXML_NFIELDS; i++)
		pd_buf_release(&f->text[i]);
}

typedef struct scanner {
	const char *p, *end;
	pd_pmxml_fields *f;
	/* open elements' names, for matching end tags */
	const char *name[SCAN_MAX_DEPTH];
	size_t name_len[SCAN_MAX_DEPTH];
	int depth;          /* elements open */
	bool root_is_list;  /* the root is <transcripts> (else <transcript>) */
	int tr_depth;       /* depth of the chosen <transcript>; 0 before it */
	bool in_tr;         /* inside it */
	int capture;        /* field whose character data is collected, or -1 */
	int capture_depth;  /* depth of that field's element */
} scanner;

#if defined(__SSE2__)
/* The sixteen bytes at s that are not ASCII XML allows (0x20 to 0x7F, tab,
 * LF and CR): all ones where. A signed compare finds the bytes below 0x20
 * and those from 0x80 (negative as signed). */
static __m128i xml_not_ascii16(const unsigned char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
	__m128i breaks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
						   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
				      _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
	return _mm_andnot_si128(breaks, low);
}

/* Whether the sixteen bytes at s are all ASCII that XML allows. The
 * eight-byte test below stops at every line break of the content. */
static bool xml_ascii16(const unsigned char *s)
{
	return !_mm_movemask_epi8(xml_not_ascii16(s));
}

/* The sixteen bytes at s that are neither 0x20 to 0x7F nor LF: the test
 * of xml_not_ascii16 but for tab and CR, which real files do not have (a
 * block with one goes to the full test). */
static __m128i not_text16(const unsigned char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	return _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
}

/* Whether the sixty-four bytes at s are all 0x20 to 0x7F or LF, one test
 * for four blocks: the whole file goes through here (a test and a branch
 * per block, and the tests of tab and CR, were half of it). */
static bool text64(const unsigned char *s)
{
	__m128i bad = _mm_or_si128(_mm_or_si128(not_text16(s), not_text16(s + 16)),
				   _mm_or_si128(not_text16(s + 32), not_text16(s + 48)));
	return !_mm_movemask_epi8(bad);
}
#endif

/* Whether (s, n) is UTF-8 of characters XML 1.0 allows — tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF — as libxml2 checks every
 * character of a document it parses. No overlong forms, no surrogates. */
static bool xml_chars_valid(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;
	while (i < n) {
#if defined(__SSE2__)
		while (n - i >= 64 && text64(s + i))
			i += 64;
		while (n - i >= 16 && xml_ascii16(s + i))
			i += 16;
#endif
		/* eight bytes at a time while they are all ASCII (no high bit)
		 * and none is below 0x20 (the classic "has a byte less than"
		 * test, exact for bytes under 0x80) */
		for (uint64_t w; n - i >= 8; i += 8) {
			memcpy(&w, s + i, 8);
			if ((w & highs) || ((w - ones * 0x20) & ~w & highs))
				break;
		}
		while (i < n && s[i] >= 0x20 && s[i] < 0x80)
			i++;
		if (i == n)
			break;
		unsigned char c = s[i];
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return false;
			i++;
			continue;
		}
		size_t len;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
			return false;
		i += len;
	}
	return true;
}

static bool is_xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(scanner *s)
{
	while (s->p < s->end && is_space(*s->p))
		s->p++;
}

static bool at(const scanner *s, const char *lit, size_t k)
{
	return (size_t)(s->end - s->p) >= k && memcmp(s->p, lit, k) == 0;
}
#define AT(s, lit) at((s), (lit), sizeof(lit) - 1)

/* First occurrence of lit (k bytes, k >= 1) in (p, n), or NULL: memchr for
 * its first byte (memmem is a GNU extension). */
static const char *find(const char *p, size_t n, const char *lit, size_t k)
{
	const char *end = p + n;
	while ((size_t)(end - p) >= k) {
		const char *c = memchr(p, lit[0], (size_t)(end - p) - k + 1);
		if (!c)
			return NULL;
		if (memcmp(c, lit, k) == 0)
			return c;
		p = c + 1;
	}
	return NULL;
}

static bool slice_is(const char *p, size_t k, const char *lit)
{
	return strlen(lit) == k && memcmp(p, lit, k) == 0;
}

/* Appends character data to the field being collected, if any. */
static void append(scanner *s, const char *p, size_t n)
{
	if (s->capture < 0 || !n)
		return;
	pd_pmxml_fields *f = s->f;
	int i = s->capture;
	pd_buf *b = &f->text[i];
	if (f->at[i]) {
		/* a second piece: the first one copied after all; for the
		 * content with the room of the rest of the file at once
		 * (references only shrink; s->p is at or before p, which may
		 * be a character a reference stands for), not seven doublings
		 * of a buffer */
		if (i == PD_PMXML_CONTENT)
			pd_buf_reserve(b, f->at_n[i] + n + (size_t)(s->end - s->p));
		pd_buf_add(b, f->at[i], f->at_n[i]);
		f->at[i] = NULL;
	}
	pd_buf_add(b, p, n);
}

/* The same for bytes of the input itself (p inside it): a field's first
 * piece stays where it stands. The content is most of the file and one
 * CDATA section in every real file (copying it was 1.8 % of the parser's
 * instructions); the other fields are one run of text in most files (a
 * buffer for each was seven of a document's allocator calls). */
static void append_input(scanner *s, const char *p, size_t n)
{
	pd_pmxml_fields *f = s->f;
	int i = s->capture;
	if (i >= 0 && n && !f->at[i] && !f->text[i].len) {
		f->at[i] = p;
		f->at_n[i] = n;
		return;
	}
	append(s, p, n);
}

const char *pd_pmxml_field(const pd_pmxml_fields *f, int which, size_t *n)
{
	if (f->at[which]) {
		*n = f->at_n[which];
		return f->at[which];
	}
	*n = f->text[which].len;
	return pd_buf_cstr(&f->text[which]);
}

/* An element name at p, advancing past it: its length, or 0 when there is
 * none or the scanner declines it — longer than SCAN_MAX_NAME, or going on
 * with a character libxml2 would take as part of the name and this scanner
 * does not (':' of a namespace prefix, anything non-ASCII). */
static size_t scan_name(scanner *s)
{
	const char *start = s->p, *p = s->p;
	if (p == s->end || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_'))
		return 0;
	p++;
	while (p < s->end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' ||
			      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
		p++;
	if (p < s->end && (*p == ':' || (unsigned char)*p >= 0x80))
		return 0;
	if ((size_t)(p - start) > SCAN_MAX_NAME)
		return 0;
	s->p = p;
	return (size_t)(p - start);
}

/* One pseudo-attribute of the XML declaration: S name S? '=' S? and a
 * quoted value that must be one of values (NULL-terminated; compared
 * case-insensitively for ASCII letters when fold). 1 when read, 0 when the
 * next pseudo-attribute is not `name` (p unchanged), -1 to decline. */
static int pseudo_attr(scanner *s, const char *name, const char *const *values, bool fold)
{
	const char *save = s->p;
	size_t k = strlen(name);
	skip_space(s);
	if (s->p == save || !at(s, name, k)) {
		s->p = save;
		return 0;
	}
	s->p += k;
	skip_space(s);
	if (s->p == s->end || *s->p != '=')
		return -1;
	s->p++;
	skip_space(s);
	if (s->p == s->end || (*s->p != '"' && *s->p != '\''))
		return -1;
	char q = *s->p++;
	const char *v = s->p;
	const char *close = memchr(v, q, (size_t)(s->end - v));
	if (!close)
		return -1;
	size_t vn = (size_t)(close - v);
	s->p = close + 1;
	for (; *values; values++) {
		if (strlen(*values) != vn)
			continue;
		size_t i = 0;
		for (; i < vn; i++) {
			char a = v[i], b = (*values)[i];
			if (fold && a >= 'a' && a <= 'z')
				a = (char)(a - 'a' + 'A');
			if (a != b)
				break;
		}
		if (i == vn)
			return 1;
	}
	return -1;
}

/* <?xml version="1.0" encoding="UTF-8" standalone="yes"?>, at p; encoding
 * and standalone optional. Any other version or encoding is declined:
 * libxml2 converts other encodings, and warns about other versions. */
static bool xml_decl(scanner *s)
{
	static const char *const versions[] = { "1.0", NULL };
	static const char *const encodings[] = { "UTF-8", NULL };
	static const char *const standalones[] = { "yes", "no", NULL };
	s->p += 5; /* "<?xml" */
	if (pseudo_attr(s, "version", versions, false) != 1 ||
	    pseudo_attr(s, "encoding", encodings, true) < 0 ||
	    pseudo_attr(s, "standalone", standalones, false) < 0)
		return false;
	skip_space(s);
	if (!AT(s, "?>"))
		return false;
	s->p += 2;
	return true;
}

/* <!-- ... --> at p. "--" inside is an error for libxml2, so it is
 * declined here, as is a comment starting "<!---" (the grammar's corner
 * "<!--->" is not worth knowing exactly). */
static bool comment(scanner *s)
{
	const char *body = s->p + 4;
	if (body < s->end && *body == '-')
		return false;
	const char *dd = find(body, (size_t)(s->end - body), "--", 2);
	if (!dd || s->end - dd < 3 || dd[2] != '>')
		return false;
	s->p = dd + 3;
	return true;
}

/* White space and comments, outside the root element. */
static bool skip_misc(scanner *s)
{
	for (;;) {
		skip_space(s);
		if (!AT(s, "<!--"))
			return true;
		if (!comment(s))
			return false;
	}
}

static int field_index(const char *name, size_t k)
{
	for (int i = 0; i < PD_PMXML_NFIELDS; i++)
		if (slice_is(name, k, pd_pmxml_field_names[i]))
			return i;
	return -1;
}

/* A start tag was read and pushed: what the element is to the reader. The
 * transcript is the root <transcript> or the first <transcript> child of
 * the root <transcripts>; a field is the first element of its name directly
 * inside the transcript (the libxml2 path's child_text). */
static bool open_element(scanner *s, const char *name, size_t k)
{
	if (s->depth == 1) {
		if (slice_is(name, k, "transcripts")) {
			s->root_is_list = true;
		} else if (slice_is(name, k, "transcript")) {
			s->tr_depth = 1;
			s->in_tr = true;
		} else {
			return false; /* not a transcript: libxml2's path says so */
		}
	} else if (s->depth == 2 && s->root_is_list && !s->tr_depth && slice_is(name, k, "transcript")) {
		s->tr_depth = 2;
		s->in_tr = true;
	} else if (s->in_tr && s->depth == s->tr_depth + 1) {
		int i = field_index(name, k);
		if (i >= 0 && !s->f->seen[i]) {
			s->f->seen[i] = true;
			s->capture = i;
			s->capture_depth = s->depth;
		}
	}
	return true;
}

static void close_element(scanner *s)
{
	if (s->capture >= 0 && s->depth == s->capture_depth)
		s->capture = -1;
	if (s->in_tr && s->depth == s->tr_depth)
		s->in_tr = false;
	s->depth--;
}

/* <name S? > or <name S? />; attributes are declined. */
static bool start_tag(scanner *s)
{
	s->p++;
	const char *name = s->p;
	size_t k = scan_name(s);
	if (!k || s->depth == SCAN_MAX_DEPTH)
		return false;
	skip_space(s);
	bool empty = false;
	if (AT(s, "/>")) {
		empty = true;
		s->p += 2;
	} else if (s->p < s->end && *s->p == '>') {
		s->p++;
	} else {
		return false;
	}
	s->name[s->depth] = name;
	s->name_len[s->depth] = k;
	s->depth++;
	if (!open_element(s, name, k))
		return false;
	if (empty)
		close_element(s);
	return true;
}

/* </name S? >, which must close the innermost open element. */
static bool end_tag(scanner *s)
{
	if (s->depth == 0)
		return false;
	s->p += 2;
	/* the innermost open element's name, compared where it stands (a
	 * longer name, or one going on with a byte scan_name declines on,
	 * has no white space or '>' after those bytes either): reading the
	 * name again a byte at a time was half of scan_name's 1.4 M
	 * instructions in pd_parse on the first 500 dev files */
	int d = s->depth - 1;
	size_t k = s->name_len[d];
	if ((size_t)(s->end - s->p) < k || memcmp(s->p, s->name[d], k) != 0)
		return false;
	s->p += k;
	skip_space(s);
	if (s->p == s->end || *s->p != '>')
		return false;
	s->p++;
	close_element(s);
	return true;
}

/* <![CDATA[ ... ]]>: its bytes are character data as they stand. */
static bool cdata(scanner *s)
{
	const char *body = s->p + 9;
	const char *close = find(body, (size_t)(s->end - body), "]]>", 3);
	if (!close)
		return false;
	append_input(s, body, (size_t)(close - body));
	s->p = close + 3;
	return true;
}

/* Appends the UTF-8 form of cp (a valid XML character). */
static void append_cp(scanner *s, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	append(s, u, n);
}

/* &amp; &lt; &gt; &quot; &apos; &#N; &#xH; at p. Any other entity is
 * undeclared (no DTD is accepted), an error for libxml2: declined. */
static bool reference(scanner *s)
{
	static const struct {
		const char *name;
		char c;
	} predefined[] = { { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' } };
	const char *p = s->p + 1;
	size_t left = (size_t)(s->end - p);
	const char *semi = memchr(p, ';', left < SCAN_MAX_REF_DIGITS + 3 ? left : SCAN_MAX_REF_DIGITS + 3);
	if (!semi)
		return false;
	size_t k = (size_t)(semi - p);
	s->p = semi + 1;
	if (k >= 2 && p[0] == '#') {
		bool hex = p[1] == 'x';
		size_t i = hex ? 2 : 1;
		if (i == k || k - i > SCAN_MAX_REF_DIGITS)
			return false;
		uint32_t cp = 0;
		for (; i < k; i++) {
			char c = p[i];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return false;
			cp = cp * (hex ? 16 : 10) + d; /* 8 digits: no overflow */
		}
		if (!is_xml_char(cp))
			return false;
		append_cp(s, cp);
		return true;
	}
	for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++)
		if (slice_is(p, k, predefined[i].name)) {
			append(s, &predefined[i].c, 1);
			return true;
		}
	return false;
}

/* Text inside an element up to the next '<' (or the end). */
static bool char_data(scanner *s)
{
	const char *p = s->p;
	while (p < s->end && *p != '<') {
		const char *run = p;
		/* sixteen bytes at a time: the fields' text and the white
		 * space between the tags, a byte at a time, were 1 M
		 * instructions of pd_parse on the first 500 dev files */
		p += pd_find_byte3(p, (size_t)(s->end - p), '<', '&', ']');
		append_input(s, run, (size_t)(p - run));
		if (p == s->end || *p == '<')
			break;
		if (*p == ']') {
			if (s->end - p >= 3 && p[1] == ']' && p[2] == '>')
				return false; /* "]]>" in text: an error for libxml2 */
			append_input(s, p, 1);
			p++;
			continue;
		}
		s->p = p;
		if (!reference(s))
			return false;
		p = s->p;
	}
	s->p = p;
	return true;
}

/* The root element and everything in it, from its '<'. */
static bool element_tree(scanner *s)
{
	if (!start_tag(s))
		return false;
	while (s->depth > 0) {
		if (s->p == s->end)
			return false; /* truncated */
		bool ok;
		if (*s->p != '<')
			ok = char_data(s);
		else if (s->end - s->p >= 2 && s->p[1] == '/')
			ok = end_tag(s);
		else if (AT(s, "<![CDATA["))
			ok = cdata(s);
		else if (AT(s, "<!--"))
			ok = comment(s);
		else
			ok = start_tag(s);
		if (!ok)
			return false;
	}
	return true;
}

bool pd_pmxml_scan(const char *data, size_t n, pd_pmxml_fields *f)
{
	if (n > SCAN_MAX_BYTES)
		return false;
	scanner s = { .p = data, .end = data + n, .f = f, .capture = -1 };
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		s.p += 3; /* a UTF-8 byte order mark */
	if (!xml_chars_valid((const unsigned char *)s.p, (size_t)(s.end - s.p)))
		return false;
	if (AT(&s, "<?xml") && s.end - s.p > 5 && is_space(s.p[5]) && !xml_decl(&s))
		return false;
	if (!skip_misc(&s) || !AT(&s, "<") || !element_tree(&s) || !skip_misc(&s))
		return false;
	return s.p == s.end && s.tr_depth > 0;
}
