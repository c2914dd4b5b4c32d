/* reader_captions.c: a video's captions as a transcript (WebVTT, SubRip).
 *
 * Many briefings are published only as video; their caption files are
 * the transcript. A caption file is a list of cues, each a timing line
 * ("00:01:02.500 --> 00:01:05.000", SubRip with a comma and a cue number
 * before it) and a line or two of text. The cues of one speaker make one
 * paragraph; a speaker is told
 *  - by a voice span, as meeting tools write it ("<v Jane Doe>Good
 *    morning"): the name becomes a label line, as markup marks one;
 *  - by a label at the cue's start ("Jane Doe: Good morning", other
 *    meeting tools): left in the text for the turn detector;
 *  - by ">>", broadcasters' mark of a new speaker ("&gt;&gt; REPORTER:
 *    ..."): a new paragraph, with the label that may follow.
 * Rolling captions repeat the line before at the start of each cue; a line
 * the cue before ended with is not taken twice. Other markup (<i>, <c.x>,
 * inline time stamps) is dropped and the few entities captions use are
 * decoded. The title is the file's name (pd_finish_record), as captions
 * carry none.
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/labels.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/str.h"

#include <string.h>

#define VOICE_MAX 120   /* a voice span's name, bytes */

typedef struct captions {
	pd_doc doc;
	pd_buf para;             /* the paragraph being joined */
	pd_buf last_line;        /* the cue line taken last (rolling captions) */
	char voice[VOICE_MAX];   /* the current <v> speaker, "" none */
} captions;

/* A cue's timing line: "HH:MM:SS.mmm --> ..." (SubRip: a comma). */
static bool timing_line(pd_slice l)
{
	for (size_t i = 0; i + 3 <= l.n; i++)
		if (memcmp(l.p + i, "-->", 3) == 0)
			return i > 0 && l.p[0] >= '0' && l.p[0] <= '9';
	return false;
}

/* A SubRip cue number, or a WebVTT cue id before a timing line. */
static bool digits_only(pd_slice l)
{
	if (!l.n)
		return false;
	for (size_t i = 0; i < l.n; i++)
		if (l.p[i] < '0' || l.p[i] > '9')
			return false;
	return true;
}

static void end_paragraph(captions *c)
{
	if (c->para.len)
		pd_doc_add_line(&c->doc, c->para.data, c->para.len, PD_LINE_PARA);
	pd_buf_reset(&c->para);
}

/* A new speaker: the paragraph ends; a voice's name is a label line. */
static void start_speaker(captions *c, const char *voice)
{
	end_paragraph(c);
	pd_str_copy(c->voice, sizeof c->voice, voice);
	if (*voice)
		pd_doc_add_line(&c->doc, voice, strlen(voice), PD_LINE_PARA | PD_LINE_LABEL |
				PD_LINE_HEADING);
}

/* The entity at s[0 .. n) ("&amp;" ...): its bytes and its character,
 * or 0. */
static size_t entity_at(const char *s, size_t n, char *out)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&nbsp;", ' ' },
		     { "&quot;", '"' }, { "&apos;", '\'' }, { "&lrm;", 0 }, { "&rlm;", 0 } };
	for (size_t k = 0; k < sizeof ents / sizeof *ents; k++) {
		size_t el = strlen(ents[k].name);
		if (n >= el && memcmp(s, ents[k].name, el) == 0) {
			*out = ents[k].c;
			return el;
		}
	}
	return 0;
}

/* One cue line's text into out: tags dropped, entities decoded; the name
 * of a voice span ("<v Jane Doe>", "<v.loud Jane Doe>") into voice (left
 * as it was when the line has none). */
static void clean_line(pd_slice l, pd_buf *out, char voice[VOICE_MAX])
{
	pd_buf_reset(out);
	for (size_t i = 0; i < l.n;) {
		if (l.p[i] == '<') {
			const char *close = memchr(l.p + i, '>', l.n - i);
			if (!close)
				break;   /* a cut tag: the rest is no text */
			size_t tl = (size_t)(close - (l.p + i)) + 1;
			if (tl > 3 && l.p[i + 1] == 'v' && (l.p[i + 2] == ' ' || l.p[i + 2] == '.')) {
				const char *name = memchr(l.p + i, ' ', tl);
				pd_slice v = pd_slice_trim((pd_slice){ name ? name : close, name ?
								       (size_t)(close - name) : 0 });
				if (v.n && v.n < VOICE_MAX) {
					memcpy(voice, v.p, v.n);
					voice[v.n] = '\0';
				}
			}
			i += tl;
			continue;
		}
		char e;
		size_t el = l.p[i] == '&' ? entity_at(l.p + i, l.n - i, &e) : 0;
		if (el) {
			if (e)
				pd_buf_putc(out, e);
			i += el;
			continue;
		}
		pd_buf_putc(out, l.p[i++]);
	}
}

/* A cue's text line, after the cue's voice span was read (voice, or "").
 * A label opening the line ("Jane Doe: ...", "&gt;&gt; REPORTER: ...")
 * names the speaker as a voice span does: meeting tools and broadcasters
 * write one at every change of speaker, so it needs no other evidence. */
static void take_line(captions *c, const char *voice, const char *s, size_t n)
{
	pd_slice t = pd_slice_trim((pd_slice){ s, n });
	if (!t.n)
		return;
	/* rolling captions: the line the cue before ended with, again */
	if (c->last_line.len == t.n && memcmp(c->last_line.data, t.p, t.n) == 0)
		return;
	pd_buf_reset(&c->last_line);
	pd_buf_add(&c->last_line, t.p, t.n);
	bool marked = t.n >= 2 && t.p[0] == '>' && t.p[1] == '>';   /* a new speaker */
	if (marked)
		t = pd_slice_trim((pd_slice){ t.p + 2, t.n - 2 });
	char who[VOICE_MAX];
	pd_str_copy(who, sizeof who, voice);
	label_match m;
	if (t.n && pd_label_at_start(t.p, t.n, false, &m) && m.colon && m.len < VOICE_MAX) {
		memcpy(who, t.p + m.start, m.len);
		who[m.len] = '\0';
		t = pd_slice_trim((pd_slice){ t.p + m.rest, t.n - m.rest });
	} else if (marked) {
		who[0] = '\0';   /* someone new, unnamed */
	}
	if (strcmp(who, c->voice) != 0 || marked)
		start_speaker(c, who);
	if (!t.n)
		return;
	if (c->para.len)
		pd_buf_putc(&c->para, ' ');
	pd_buf_add(&c->para, t.p, t.n);
}

/* Captions carry no title or date: the file's name gives them
 * ("2023-03-02 Budget briefing.vtt"), its directories and extension
 * dropped. */
static void title_from_name(pd_record *r, const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	pd_slice t = pd_slice_trim((pd_slice){ base, n });
	char iso[11];
	if (t.n && pd_parse_title_date(t.p, t.n, iso)) {
		pd_record_set(&r->date, iso);
		/* "2023-03-02 Budget briefing": the date is the record's, not
		 * the title's (the id holds it already) */
		if (t.n > 10 && memcmp(t.p, iso, 10) == 0) {
			t.p += 10;
			t.n -= 10;
			while (t.n && (*t.p == ' ' || *t.p == '-' || *t.p == '_')) {
				t.p++;
				t.n--;
			}
		}
	}
	if (t.n)
		pd_record_setn(&r->title, t.p, t.n);
}

pd_record *pd_read_captions(const char *name, const char *data, size_t n, pd_err *err)
{
	captions c;
	memset(&c, 0, sizeof c);
	pd_doc_init(&c.doc);
	pd_buf_init(&c.para, 0);
	pd_buf_init(&c.last_line, 0);
	pd_buf line;
	pd_buf_init(&line, 0);
	pd_slice cur = { data, n }, l;
	bool in_cue = false, header = true;
	size_t cues = 0;
	while (pd_slice_next_line(&cur, &l)) {
		pd_slice t = pd_slice_trim(l);
		if (!t.n) {   /* a blank line ends the header, a note or a cue */
			in_cue = false;
			header = false;
			continue;
		}
		if (timing_line(t)) {
			in_cue = true;
			header = false;
			cues++;
			continue;
		}
		if (!in_cue || header)
			continue;   /* WEBVTT, NOTE, STYLE, REGION blocks; cue ids */
		char voice[VOICE_MAX];
		pd_str_copy(voice, sizeof voice, c.voice);
		clean_line(t, &line, voice);
		take_line(&c, voice, line.data ? line.data : "", line.len);
	}
	end_paragraph(&c);
	pd_buf_release(&c.para);
	pd_buf_release(&c.last_line);
	pd_buf_release(&line);
	if (!cues) {
		pd_doc_release(&c.doc);
		pd_err_set(err, PD_EINPUT, "%s: captions without a timed cue", name);
		return NULL;
	}
	pd_record *r = pd_record_new();
	pd_record_set(&r->format, "captions");
	title_from_name(r, name);
	return pd_read_finish(r, &c.doc, name, err);
}

bool pd_captions_detect(const char *h, size_t n)
{
	pd_slice cur = { h, n }, l;
	if (n >= 6 && memcmp(h, "WEBVTT", 6) == 0 && (n == 6 || h[6] == '\n' || h[6] == '\r' ||
						       h[6] == ' ' || h[6] == '\t'))
		return true;
	/* SubRip: a cue number, then a timing line */
	if (!pd_slice_next_line(&cur, &l) || !digits_only(pd_slice_trim(l)))
		return false;
	if (!pd_slice_next_line(&cur, &l) || !timing_line(pd_slice_trim(l)))
		return false;
	return true;
}
