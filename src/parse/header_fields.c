/* header_fields.c: page chrome and header fields at the top of a page
 * (readers.h: pd_read_header_fields).
 *
 * A portal page saved as text starts like this (shared/corpus/seed):
 *   Chinese                                   <- link to the translation
 *   Topics:
 *   Press conference records: Chaoyang helps ...   <- category: title
 *   Date: 2020-09-27
 *   Source: Press Conference on Strengthening Beijing's Role ...
 *   fontSize:   big middle small              <- the font-size switch
 *   发布会实录.png                              <- the page's image
 * and a mainland page like this:
 *   English / 来源：北京日报 / 发布时间：2020年9月27日 / 字号：大 中 小
 */
#include "parse/readers.h"
#include "parse/doc.h"
#include "parse/labels.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

enum field { F_NONE, F_DATE, F_SOURCE, F_TOPICS, F_TYPE, F_TITLE, F_IGNORE, F_CHROME };

static const struct { const char *key; enum field f; } fields[] = {
	{ "date", F_DATE }, { "release date", F_DATE }, { "release time", F_DATE },
	{ "published", F_DATE }, { "publish date", F_DATE }, { "time", F_DATE },
	{ "日期", F_DATE }, { "发布时间", F_DATE }, { "發布時間", F_DATE },
	{ "发布日期", F_DATE }, { "發布日期", F_DATE }, { "时间", F_DATE }, { "時間", F_DATE },
	{ "source", F_SOURCE }, { "来源", F_SOURCE }, { "來源", F_SOURCE },
	{ "topics", F_TOPICS }, { "topic", F_TOPICS }, { "tags", F_TOPICS },
	{ "keywords", F_TOPICS }, { "主题", F_TOPICS }, { "主題", F_TOPICS },
	{ "关键词", F_TOPICS }, { "關鍵詞", F_TOPICS }, { "type", F_TYPE },
	{ "category", F_TYPE }, { "类别", F_TYPE }, { "類別", F_TYPE },
	{ "title", F_TITLE }, { "标题", F_TITLE }, { "標題", F_TITLE },
	{ "author", F_IGNORE }, { "editor", F_IGNORE }, { "updated", F_IGNORE },
	{ "作者", F_IGNORE }, { "编辑", F_IGNORE }, { "編輯", F_IGNORE },
	{ "责任编辑", F_IGNORE }, { "責任編輯", F_IGNORE }, { "views", F_IGNORE },
	{ "浏览次数", F_IGNORE }, { "瀏覽次數", F_IGNORE },
	{ "fontsize", F_CHROME }, { "font size", F_CHROME }, { "text size", F_CHROME },
	{ "字号", F_CHROME }, { "字號", F_CHROME }, { "字体", F_CHROME }, { "字體", F_CHROME },
};

static const struct { const char *word; const char *lang; } lang_switch[] = {
	{ "chinese", "zh" }, { "中文", "zh" }, { "简体中文", "zh" }, { "繁體中文", "zh" },
	{ "繁体中文", "zh" }, { "中文版", "zh" }, { "简体", "zh" }, { "繁體", "zh" },
	{ "english", "en" }, { "english version", "en" }, { "英文", "en" },
	{ "英文版", "en" }, { "en", "en" },
};

static const char *const chrome_lines[] = {
	"print", "close", "share", "back", "top", "back to top", "打印", "关闭",
	"關閉", "分享", "返回", "返回顶部", "【打印】", "【关闭】", "【關閉】",
	"big middle small", "大 中 小", "a a a", "a+ a a-", "print this page",
};

/* "Key: value" with an ASCII or full-width colon; value may be empty. */
static enum field field_at(const pd_line *l, size_t *value_off)
{
	const char *colon = NULL;
	size_t clen = 0;
	for (size_t i = 0; i < l->len && i < 40; i++) {
		if (l->text[i] == ':') {
			colon = l->text + i;
			clen = 1;
			break;
		}
		if (i + 3 <= l->len && memcmp(l->text + i, "：", 3) == 0) {
			colon = l->text + i;
			clen = 3;
			break;
		}
	}
	if (!colon)
		return F_NONE;
	pd_slice key = pd_slice_trim((pd_slice){ l->text, (size_t)(colon - l->text) });
	for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
		if (pd_slice_eq_nocase(key, fields[k].key)) {
			*value_off = (size_t)(colon - l->text) + clen;
			return fields[k].f;
		}
	}
	return F_NONE;
}

static bool is_image_name(pd_slice s)
{
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp" };
	if (s.n < 5 || s.n > 200 || memchr(s.p, ' ', s.n))
		return false;
	for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
		size_t el = strlen(exts[k]);
		if (s.n > el && pd_slice_eq_nocase((pd_slice){ s.p + s.n - el, el }, exts[k]))
			return true;
	}
	return false;
}

/* "首页 > 新闻发布会实录", "Home › Media › Transcripts": the last step is
 * the page's category. */
static bool take_breadcrumb(pd_record *r, pd_slice s)
{
	static const char *const seps[] = { " > ", " › ", " » ", "＞", " / " };
	if (s.n > 160)
		return false;
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
		size_t sl = strlen(seps[k]);
		const char *last = NULL;
		for (size_t i = 0; i + sl <= s.n; i++)
			if (memcmp(s.p + i, seps[k], sl) == 0)
				last = s.p + i + sl;
		if (!last)
			continue;
		pd_slice cat = pd_slice_trim((pd_slice){ last, (size_t)(s.p + s.n - last) });
		if (cat.n && !r->category)
			pd_record_setn(&r->category, cat.p, cat.n);
		return true;
	}
	return false;
}

static bool is_prose(const pd_line *l)
{
	if (l->len > 300)
		return true;
	char last = l->len ? l->text[l->len - 1] : 0;
	return l->len > 120 && (last == '.' || last == '?' || last == '!');
}

/* Category prefixes that portals put before a title. */
static bool is_category(pd_slice s)
{
	static const char *const words[] = {
		"records", "releases", "news", "transcripts", "conferences", "briefings",
		"speeches", "interviews", "statements", "remarks", "实录", "實錄",
		"发布会", "發布會", "新闻", "新聞",
	};
	if (s.n == 0 || s.n > 80)
		return false;
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t wl = strlen(words[k]);
		for (size_t i = 0; i + wl <= s.n; i++)
			if (pd_slice_eq_nocase((pd_slice){ s.p + i, wl }, words[k]))
				return true;
	}
	return false;
}

static void add_topics(pd_record *r, pd_slice v)
{
	size_t start = 0;
	for (size_t i = 0; i <= v.n; i++) {
		bool sep = i == v.n || v.p[i] == ',' || v.p[i] == ';' ||
			   (i + 3 <= v.n && (memcmp(v.p + i, "，", 3) == 0 || memcmp(v.p + i, "；", 3) == 0 ||
					     memcmp(v.p + i, "、", 3) == 0));
		if (!sep)
			continue;
		pd_slice t = pd_slice_trim((pd_slice){ v.p + start, i - start });
		if (t.n && t.n < 120 && r->ntopics < PD_MAX_TOPICS) {
			char *topic = pd_slice_dup(t);
			pd_record_add_topic(r, topic);
			free(topic);
		}
		if (i < v.n && (unsigned char)v.p[i] >= 0x80)
			i += 2;
		start = i + 1;
	}
}

static void take_title(pd_record *r, pd_slice line, bool after_empty_topics)
{
	/* "Press conference records: Chaoyang helps ...", "新闻发布会实录：…" */
	const char *colon = memchr(line.p, ':', line.n);
	size_t colon_len = 1;
	for (size_t i = 0; !colon && i + 3 <= line.n; i++)
		if (memcmp(line.p + i, "：", 3) == 0) {
			colon = line.p + i;
			colon_len = 3;
		}
	if (colon) {
		pd_slice cat = pd_slice_trim((pd_slice){ line.p, (size_t)(colon - line.p) });
		const char *after = colon + colon_len;
		pd_slice rest = pd_slice_trim((pd_slice){ after, line.n - (size_t)(after - line.p) });
		if (rest.n && (is_category(cat) || after_empty_topics)) {
			pd_record_setn(&r->category, cat.p, cat.n);
			pd_record_setn(&r->title, rest.p, rest.n);
			/* the page's "Topics:" links were the category */
			if (after_empty_topics)
				add_topics(r, cat);
			return;
		}
	}
	pd_record_setn(&r->title, line.p, line.n);
}

void pd_read_header_fields(pd_record *r, pd_doc *d)
{
	size_t keep = 0, i = 0;
	bool empty_topics = false, header = true;
	for (i = 0; i < d->n; i++) {
		pd_line *l = &d->lines[i];
		pd_slice s = { l->text, l->len };
		bool drop = false;
		if (header && (is_prose(l) || i >= 40))
			header = false;
		if (header) {
			size_t voff = 0;
			enum field f = field_at(l, &voff);
			pd_slice v = pd_slice_trim((pd_slice){ l->text + voff, l->len - voff });
			char iso[11];
			switch (f) {
			case F_DATE:
				if (pd_parse_date(v.p, v.n, iso))
					pd_record_set(&r->date, iso);
				drop = true;
				break;
			case F_SOURCE:
				if (v.n && v.n < PD_MAX_FIELD_BYTES)
					pd_record_setn(&r->source, v.p, v.n);
				drop = true;
				break;
			case F_TOPICS:
				add_topics(r, v);
				empty_topics = v.n == 0;
				drop = true;
				break;
			case F_TYPE:
				if (v.n && v.n < 120)
					pd_record_setn(&r->release_type, v.p, v.n);
				drop = true;
				break;
			case F_TITLE:
				if (v.n && v.n < PD_MAX_FIELD_BYTES)
					pd_record_setn(&r->title, v.p, v.n);
				drop = true;
				break;
			case F_IGNORE:
			case F_CHROME:
				drop = true;
				break;
			case F_NONE:
				break;
			}
			if (!drop) {
				for (size_t k = 0; k < sizeof lang_switch / sizeof *lang_switch && !drop; k++)
					if (pd_slice_eq_nocase(s, lang_switch[k].word)) {
						pd_record_add_translation(r, lang_switch[k].lang, NULL);
						drop = true;
					}
				for (size_t k = 0; k < sizeof chrome_lines / sizeof *chrome_lines && !drop; k++)
					drop = pd_slice_eq_nocase(s, chrome_lines[k]);
				if (!drop && !r->title)
					drop = take_breadcrumb(r, s);
				if (!drop && is_image_name(s)) {
					char *src = pd_slice_dup(s);
					pd_record_add_image(r, src, r->title);
					free(src);
					drop = true;
				}
				/* a speaker's label: the speech has begun, the header
				 * is over (a later line is never the title) */
				label_match lm;
				if (!drop && !empty_topics && pd_label_at_start(l->text, l->len, false, &lm))
					header = false;   /* (after an empty "主题：" the line is
							   * "新闻发布会实录：title", no speaker) */
				if (!drop && header && !r->title && l->len < PD_MAX_FIELD_BYTES && !is_prose(l) &&
				    (empty_topics || i + 1 < d->n)) {
					take_title(r, s, empty_topics);
					empty_topics = false;
					drop = true;
				}
				if (!drop && header && !r->date && l->len < 40 &&
				    pd_parse_date(l->text, l->len, iso)) {
					pd_record_set(&r->date, iso);
					drop = true;
				}
			}
		}
		if (drop)
			continue;   /* its text stays in the document's arena */
		d->lines[keep++] = *l;
	}
	d->n = keep;
	if (keep)
		d->lines[0].flags |= PD_LINE_PARA;
}

pd_record *pd_read_finish(pd_record *r, pd_doc *d, const char *name, pd_err *err)
{
	pd_turns_detect(r, d, NULL);
	pd_doc_release(d);
	if (!r->nturns && !r->title) {
		pd_record_free(r);
		pd_err_set(err, PD_EINPUT, "%s: no text found", name);
		return NULL;
	}
	pd_finish_record(r, name);
	return r;
}
