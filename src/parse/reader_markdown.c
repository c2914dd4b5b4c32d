/* reader_markdown.c: Markdown transcripts (PDIS / SayIt archives).
 *
 *   # 2016-11-16 徐發言人及唐政委與記者茶敘
 *
 *   ### 徐國勇：
 *   大家對他有一些好奇，…
 *
 *   > （大家說好）
 *
 *   <iframe src="https://www.youtube.com/embed/..."></iframe>
 *
 * "# " is the title (a leading ISO date is the record's date); "### LABEL:"
 * (ASCII or full-width colon, or none) is a speaker label; other headings
 * are section titles; "> " lines are stage directions and links; embedded
 * players and other raw HTML lines are not text. A line that opens with
 * a strong label ("**Mayor Alvarez:** Thanks…", "__Q:__", "**Reporter**:")
 * is read as the HTML readers read "<strong>Mayor Alvarez:</strong>": a
 * bold run, its markers dropped — unless the document labels its speakers
 * with headings, where strong text inside a turn is the speaker's ("###
 * 部長：" then "**回答**：是的。"). Other inline Markdown stays as written
 * in the turn text.
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "base/str.h"

#include <string.h>

static bool is_html_line(pd_slice t)
{
	return t.n > 1 && t.p[0] == '<' && ((t.p[1] | 32) >= 'a' && (t.p[1] | 32) <= 'z');
}

static bool is_html_close_line(pd_slice t)
{
	return t.n > 2 && t.p[0] == '<' && t.p[1] == '/';
}

static size_t heading_level(pd_slice t)
{
	size_t k = 0;
	while (k < t.n && t.p[k] == '#')
		k++;
	return (k >= 1 && k <= 6 && k < t.n && t.p[k] == ' ') ? k : 0;
}

static bool colon_at_end(pd_slice t)
{
	return (t.n && t.p[t.n - 1] == ':') || (t.n >= 3 && memcmp(t.p + t.n - 3, "：", 3) == 0);
}

static size_t colon_at_start(pd_slice t)
{
	if (t.n && t.p[0] == ':')
		return 1;
	return t.n >= 3 && memcmp(t.p, "：", 3) == 0 ? 3 : 0;
}

/* A line opening with a strong run that ends in a colon, or that a colon
 * follows, added as a bold run and the rest: true; false (nothing added)
 * for any other line. */
static bool add_strong_label_line(pd_doc *doc, pd_slice t)
{
	if (t.n < 5 || !((t.p[0] == '*' && t.p[1] == '*') || (t.p[0] == '_' && t.p[1] == '_')))
		return false;
	char m = t.p[0];
	size_t close = 0;
	for (size_t i = 2; i + 1 < t.n && !close; i++)
		if (t.p[i] == m && t.p[i + 1] == m)
			close = i;
	pd_slice label = { t.p + 2, close > 2 ? close - 2 : 0 };
	if (!label.n || label.n > 200 || label.p[0] == ' ' || label.p[label.n - 1] == ' ')
		return false;
	pd_slice rest = { t.p + close + 2, t.n - close - 2 };
	size_t after = colon_at_end(label) ? 0 : colon_at_start(rest);
	if (!after && !colon_at_end(label))
		return false;
	pd_doc_text(doc, label.p, label.n, true);
	if (after) {
		pd_doc_text(doc, rest.p, after, true);
		rest.p += after;
		rest.n -= after;
	}
	pd_doc_text(doc, rest.p, rest.n, false);
	pd_doc_break(doc);
	return true;
}

/* Whether some line is a heading of level 3 or more: the PDIS and
 * SayIt archives' speaker labels ("### 唐鳳："). */
static bool has_heading_labels(pd_slice all)
{
	pd_slice line;
	while (pd_slice_next_line(&all, &line)) {
		pd_slice t = pd_slice_trim(line);
		if (heading_level(t) >= 3)
			return true;
	}
	return false;
}

pd_record *pd_read_markdown(const char *name, const char *data, size_t n, pd_err *err)
{
	pd_doc doc;
	pd_doc_init(&doc);
	pd_record *r = pd_record_new();
	pd_record_set(&r->format, "markdown");
	pd_slice cur = { data, n }, line;
	if (cur.n >= 3 && memcmp(cur.p, "\xEF\xBB\xBF", 3) == 0) {
		cur.p += 3;
		cur.n -= 3;
	}
	bool in_fence = false;
	bool strong_labels = !has_heading_labels(cur);
	while (pd_slice_next_line(&cur, &line)) {
		pd_slice t = pd_slice_trim(line);
		if (pd_slice_starts(t, "```")) {
			in_fence = !in_fence;
			continue;
		}
		if (!t.n) {
			doc.next_para = true;
			continue;
		}
		if (is_html_line(t) || is_html_close_line(t))
			continue;
		size_t level = heading_level(t);
		if (level == 1 && !r->title) {
			pd_slice title = pd_slice_trim((pd_slice){ t.p + 2, t.n - 2 });
			char iso[11];
			if (title.n >= 10 && pd_parse_date(title.p, 10, iso)) {
				pd_record_set(&r->date, iso);
				title = pd_slice_trim((pd_slice){ title.p + 10, title.n - 10 });
			}
			pd_record_setn(&r->title, title.p, title.n);
			doc.next_para = true;
			continue;
		}
		if (level >= 2) {
			/* "### 唐鳳：" is a label; "## Part two" a section title. A label
			 * heading is short and (usually) ends in a colon. */
			pd_slice h = pd_slice_trim((pd_slice){ t.p + level + 1, t.n - level - 1 });
			bool colon = (h.n && h.p[h.n - 1] == ':') ||
				     (h.n >= 3 && memcmp(h.p + h.n - 3, "：", 3) == 0);
			bool label = level >= 3 && (colon || h.n <= 40);
			doc.next_para = true;
			pd_doc_add_line(&doc, h.p, h.n, label ? PD_LINE_LABEL : PD_LINE_HEADING);
			doc.next_para = true;
			continue;
		}
		if (t.p[0] == '>') {
			pd_slice q = pd_slice_trim((pd_slice){ t.p + 1, t.n - 1 });
			doc.next_para = true;
			pd_doc_add_line(&doc, q.p, q.n, PD_LINE_QUOTE);
			doc.next_para = true;
			continue;
		}
		if (!strong_labels || !add_strong_label_line(&doc, t))
			pd_doc_add_line(&doc, t.p, t.n, 0);
	}
	pd_read_header_fields(r, &doc);
	return pd_read_finish(r, &doc, name, err);
}
