/* html.c: what the HTML pages share — interface words in three languages,
 * dates as people write them, snippets with <mark>, the layout, filters,
 * paging and record lists (see web_int.h). */
#include "web/web_int.h"
#include "web/assets.h"
#include "base/str.h"
#include "base/utf8.h"
#include "escape/escape.h"

#include <stdlib.h>
#include <string.h>

/* Every fixed word of the interface: English, Simplified, Traditional. */
static const struct word {
	const char *key, *en, *hans, *hant;
} words[] = {
	{ "site", "Podium", "Podium", "Podium" },
	{ "tagline", "Press conferences, structured and searchable",
	  "新闻发布会实录，可检索", "新聞發布會實錄，可檢索" },
	{ "home", "Home", "首页", "首頁" },
	{ "search", "Search", "搜索", "搜尋" },
	{ "search_label", "Search the transcripts", "搜索实录", "搜尋實錄" },
	{ "date", "Date", "日期", "日期" },
	{ "source", "Source", "来源", "來源" },
	{ "type", "Type", "类型", "類型" },
	{ "topics", "Topics", "主题", "主題" },
	{ "speakers", "Speakers", "发言人", "發言人" },
	{ "participants", "Participants", "出席者", "出席者" },
	{ "language", "Language", "语言", "語言" },
	{ "transcript", "Transcript", "实录", "實錄" },
	{ "question", "Question", "问", "問" },
	{ "answer", "Answer", "答", "答" },
	{ "statement", "Statement", "发言", "發言" },
	{ "interjection", "Interjection", "插话", "插話" },
	{ "narration", "Narration", "叙述", "敘述" },
	{ "text_size", "Text size", "字号", "字號" },
	{ "big", "Big", "大", "大" },
	{ "middle", "Medium", "中", "中" },
	{ "small", "Small", "小", "小" },
	{ "cite", "Cite this", "引用", "引用" },
	{ "cite_turn", "Cite", "引用", "引用" },
	{ "downloads", "Download", "下载", "下載" },
	{ "images", "Images", "图片", "圖片" },
	{ "permalink", "Link to this turn", "本段链接", "本段連結" },
	{ "translations", "Also in", "其他语言版本", "其他語言版本" },
	{ "parallel", "Side by side with the translation", "与译文对照", "與譯文對照" },
	{ "parallel_title", "Side by side", "对照阅读", "對照閱讀" },
	{ "no_counterpart", "No counterpart in the other version", "另一版本中没有对应内容",
	  "另一版本中沒有對應內容" },
	{ "parallel_summary", "turns paired", "段已对应", "段已對應" },
	{ "unpaired", "without a counterpart", "段没有对应", "段沒有對應" },
	{ "turns", "turns", "段", "段" },
	{ "latest", "Latest records", "最新实录", "最新實錄" },
	{ "browse", "Browse", "浏览", "瀏覽" },
	{ "years", "Years", "年份", "年份" },
	{ "types", "Types", "类型", "類型" },
	{ "answers_to", "answers", "回答", "回答" },
	{ "untitled", "Untitled", "无标题", "無標題" },
	{ "unknown_date", "date unknown", "日期不详", "日期不詳" },
	{ "host", "host", "主持", "主持" },
	{ "official", "official", "官员", "官員" },
	{ "journalist", "journalist", "记者", "記者" },
	{ "moderator", "moderator", "主持人", "主持人" },
	{ "other", "other", "其他", "其他" },
	{ "previous", "Previous", "上一页", "上一頁" },
	{ "next", "Next", "下一页", "下一頁" },
	{ "page", "Page", "页", "頁" },
	{ "of", "of", "/", "/" },
	{ "skip", "Skip to content", "跳到正文", "跳到正文" },
	{ "feed", "Atom feed", "Atom 订阅", "Atom 訂閱" },
	{ "api", "API", "API", "API" },
	/* corrections (page_record.c) */
	{ "corrected_on", "Corrected on", "更正于", "更正於" },
	/* followed by the name or reason without a space: the Chinese
	 * full-width colon is its own spacing */
	{ "corrected_by", "by ", "更正人：", "更正人：" },
	{ "reason", "Reason: ", "原因：", "原因：" },
	{ "revisions", "Earlier versions", "早前版本", "早前版本" },
	{ "no_revisions", "This record has not been corrected.", "本实录未经更正。",
	  "本實錄未經更正。" },
	{ "revision", "Version", "版本", "版本" },
	{ "published_on", "Published on", "发布于", "發布於" },
	{ "replaced_on", "replaced on", "取代于", "取代於" },
	{ "earlier_notice", "This is an earlier version of this record, no longer current.",
	  "这是本实录的早前版本，并非现行版本。", "這是本實錄的早前版本，並非現行版本。" },
	{ "current_version", "Read the current version", "阅读现行版本", "閱讀現行版本" },
	{ "read", "Read", "阅读", "閱讀" },
};

#define NWORDS (sizeof words / sizeof words[0])

pd_web_lang pd_web_lang_of(const char *language)
{
	pd_slice l = pd_slice_of(language ? language : "");
	if (!pd_slice_starts_nocase(l, "zh"))
		return PD_WEB_EN;
	if (pd_slice_starts_nocase(l, "zh-Hant") || pd_slice_starts_nocase(l, "zh-TW") ||
	    pd_slice_starts_nocase(l, "zh-HK") || pd_slice_starts_nocase(l, "zh-MO"))
		return PD_WEB_HANT;
	return PD_WEB_HANS;
}

const char *pd_web_lang_tag(pd_web_lang l)
{
	return l == PD_WEB_HANT ? "zh-Hant" : l == PD_WEB_HANS ? "zh-Hans" : "en";
}

static const char *word_in(const struct word *w, pd_web_lang l)
{
	return l == PD_WEB_HANT ? w->hant : l == PD_WEB_HANS ? w->hans : w->en;
}

const char *pd_web_word(pd_web_lang l, const char *key)
{
	for (size_t i = 0; i < NWORDS; i++)
		if (strcmp(words[i].key, key) == 0)
			return word_in(&words[i], l);
	return key;
}

void pd_web_words(pd_tv *v, pd_web_lang l)
{
	pd_buf name;
	pd_buf_init(&name, 0);
	for (size_t i = 0; i < NWORDS; i++) {
		pd_buf_reset(&name);
		pd_buf_printf(&name, "w_%s", words[i].key);
		pd_tv_str(v, name.data, word_in(&words[i], l));
	}
	pd_buf_release(&name);
	pd_tv_str(v, "lang", pd_web_lang_tag(l));
}

/* ---- dates -------------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Splits YYYY[-MM[-DD]] into parts (0 for absent); false when malformed. */
static bool date_parts(const char *s, int *y, int *m, int *d)
{
	size_t n = s ? strlen(s) : 0;
	*m = *d = 0;
	if ((n != 4 && n != 7 && n != 10) || (*y = digits(s, 4)) < 0)
		return false;
	if (n >= 7 && (s[4] != '-' || (*m = digits(s + 5, 2)) < 1 || *m > 12))
		return false;
	if (n == 10 && (s[7] != '-' || (*d = digits(s + 8, 2)) < 1 || *d > 31))
		return false;
	return true;
}

bool pd_web_date_valid(const char *s)
{
	int y, m, d;
	return date_parts(s, &y, &m, &d);
}

void pd_web_date(pd_buf *b, const char *iso, pd_web_lang l)
{
	static const char *months[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	int y, m, d;
	if (!iso)
		return;
	if (!date_parts(iso, &y, &m, &d)) {
		pd_buf_puts(b, iso);
		return;
	}
	if (l != PD_WEB_EN) {
		pd_buf_printf(b, "%d年", y);
		if (m)
			pd_buf_printf(b, "%d月", m);
		if (d)
			pd_buf_printf(b, "%d日", d);
		return;
	}
	if (d)
		pd_buf_printf(b, "%d ", d);
	if (m)
		pd_buf_printf(b, "%s ", months[m - 1]);
	pd_buf_printf(b, "%d", y);
}

/* ---- snippets ----------------------------------------------------------- */

static void snippet(pd_buf *b, const char *s, bool html)
{
	bool open = false;
	if (!s)
		return;
	for (const char *p = s; *p;) {
		size_t run = strcspn(p, "\x02\x03");
		if (html)
			pd_esc_html(b, p, run);
		else
			pd_utf8_repair(b, p, run);
		p += run;
		if (!*p)
			break;
		if (*p == '\x02' && !open && html)
			pd_buf_puts(b, "<mark>");
		else if (*p == '\x03' && open && html)
			pd_buf_puts(b, "</mark>");
		if (*p == '\x02')
			open = true;
		else if (*p == '\x03')
			open = false;
		p++;
	}
	if (open && html)
		pd_buf_puts(b, "</mark>");
}

void pd_web_snippet_html(pd_buf *b, const char *s)
{
	snippet(b, s, true);
}

void pd_web_snippet_plain(pd_buf *b, const char *s)
{
	snippet(b, s, false);
}

/* ---- templates and the layout ------------------------------------------- */

int pd_web_render(const char *tpl, const pd_tv *v, pd_tpl_esc_fn esc, pd_buf *out)
{
	const pd_web_asset *a = pd_web_asset_find(tpl);
	pd_err err;
	if (!a)
		return PD_ENOTFOUND;
	return pd_tpl_render(tpl, (const char *)a->data, a->len, v, esc, out, &err);
}

pd_web_lang pd_web_ui_lang(const char *hl, const char *accept_language)
{
	if (hl && *hl) {
		if (pd_strcasecmp_ascii(hl, "zh-Hant") == 0 || pd_strcasecmp_ascii(hl, "zh-TW") == 0 ||
		    pd_strcasecmp_ascii(hl, "zh-HK") == 0)
			return PD_WEB_HANT;
		if (strncmp(hl, "zh", 2) == 0)
			return PD_WEB_HANS;
		return PD_WEB_EN;
	}
	/* "zh-TW,zh;q=0.9,en;q=0.8": the first tag we speak wins (the tags
	 * are in preference order in practice) */
	for (const char *p = accept_language; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",;");
		if ((n >= 7 && (strncasecmp(p, "zh-Hant", 7) == 0)) ||
		    (n >= 5 && (strncasecmp(p, "zh-TW", 5) == 0 || strncasecmp(p, "zh-HK", 5) == 0 ||
				strncasecmp(p, "zh-MO", 5) == 0)))
			return PD_WEB_HANT;
		if (n >= 2 && strncasecmp(p, "zh", 2) == 0)
			return PD_WEB_HANS;
		if (n >= 2 && strncasecmp(p, "en", 2) == 0)
			return PD_WEB_EN;
		p += strcspn(p, ",");
	}
	return PD_WEB_EN;
}

/* Links to this page in each interface language: the query as it was,
 * with hl set. */
static void add_ui_switch(pd_web_rq *rq, pd_tv *v)
{
	static const struct { const char *hl, *label; } langs[] = {
		{ "en", "English" }, { "zh-Hans", "简体中文" }, { "zh-Hant", "繁體中文" },
	};
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_tv_list(v, "ui_langs");
	for (size_t k = 0; k < 3; k++) {
		pd_buf_reset(&b);
		pd_buf_puts(&b, rq->req->path ? rq->req->path : "/");
		pd_buf_putc(&b, '?');
		for (size_t i = 0; i < rq->nargs; i++) {
			if (strcmp(rq->args[i].name, "hl") == 0)
				continue;
			pd_esc_url(&b, rq->args[i].name, strlen(rq->args[i].name));
			pd_buf_putc(&b, '=');
			pd_esc_url(&b, rq->args[i].value, strlen(rq->args[i].value));
			pd_buf_putc(&b, '&');
		}
		pd_buf_printf(&b, "hl=%s", langs[k].hl);
		pd_tv *it = pd_tv_item(v, "ui_langs");
		pd_tv_str(it, "href", b.data);
		pd_tv_str(it, "hl", langs[k].hl);
		pd_tv_str(it, "label", langs[k].label);
		pd_tv_bool(it, "current", rq->ui == (int)k);
	}
	pd_buf_release(&b);
}

void pd_web_page(pd_web_rq *rq, pd_web_response *rs, pd_web_lang l, const char *title,
		 const char *tpl, pd_tv *v)
{
	pd_buf body;
	pd_buf_init(&body, PD_WEB_MAX_BODY_BYTES);
	pd_web_words(v, l);
	/* record pages speak their record's language; the others can switch */
	if (strcmp(tpl, "record.html") != 0 && strcmp(tpl, "parallel.html") != 0)
		add_ui_switch(rq, v);
	pd_tv_str(v, "title", title);
	const char *q = pd_web_get(rq, "q");
	pd_tv_str(v, "search_q", q ? q : "");
	if (pd_web_render(tpl, v, pd_esc_html, &body) < 0) {
		pd_buf_release(&body);
		pd_web_error(rq, rs, 500, "the page could not be built");
		return;
	}
	pd_tv_raw(v, "body", pd_buf_cstr(&body));
	pd_buf_release(&body);
	pd_buf_reset(&rs->body);
	if (pd_web_render("layout.html", v, pd_esc_html, &rs->body) < 0) {
		pd_web_error(rq, rs, 500, "the page could not be built");
		return;
	}
	pd_web_reply(rs, 200, PD_CT_HTML);
}

/* ---- filters and paging ------------------------------------------------- */

int pd_web_filter(const pd_web_rq *rq, pd_filter *f, pd_buf *why)
{
	static const char *dates[] = { "from", "to" };
	memset(f, 0, sizeof *f);
	f->speaker = pd_web_get_nonempty(rq, "speaker");
	f->from = pd_web_get_nonempty(rq, "from");
	f->to = pd_web_get_nonempty(rq, "to");
	f->type = pd_web_get_nonempty(rq, "type");
	f->topic = pd_web_get_nonempty(rq, "topic");
	f->lang = pd_web_get_nonempty(rq, "lang");
	f->turn_kind = pd_web_get_nonempty(rq, "kind");
	for (size_t i = 0; i < 2; i++) {
		const char *d = pd_web_get_nonempty(rq, dates[i]);
		if (d && !pd_web_date_valid(d)) {
			pd_buf_printf(why, "'%s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
				      dates[i]);
			return -1;
		}
	}
	const char *vals[] = { f->speaker, f->type, f->topic, f->lang, f->turn_kind };
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
		if (vals[i] && strlen(vals[i]) > PD_MAX_FIELD_BYTES) {
			pd_buf_printf(why, "a filter value is longer than %d bytes",
				      PD_MAX_FIELD_BYTES);
			return -1;
		}
	return 0;
}

/* A positive number no larger than max; -1 when not one. */
static long number(const char *s, long max)
{
	long v = 0;
	if (!s || !*s || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= max ? v : -1;
}

int pd_web_paging(const pd_web_rq *rq, long max_page, size_t *page, size_t *per_page,
		  pd_buf *why)
{
	const char *p = pd_web_get_nonempty(rq, "page");
	const char *pp = pd_web_get_nonempty(rq, "per_page");
	long v;
	*page = 1;
	*per_page = PD_WEB_PAGE_SIZE;
	if (p) {
		if ((v = number(p, max_page)) < 0) {
			pd_buf_printf(why, "page must be a number from 1 to %ld", max_page);
			return -1;
		}
		*page = (size_t)v;
	}
	if (pp) {
		if ((v = number(pp, PD_WEB_MAX_PAGE_SIZE)) < 0) {
			pd_buf_printf(why, "per_page must be a number from 1 to %d",
				      PD_WEB_MAX_PAGE_SIZE);
			return -1;
		}
		*per_page = (size_t)v;
	}
	return 0;
}

/* ---- lists -------------------------------------------------------------- */

void pd_web_href(pd_tv *v, const char *name, const char *prefix, const char *seg,
		 const char *suffix)
{
	pd_buf b;
	pd_buf_init(&b, 0);
	pd_buf_puts(&b, prefix);
	pd_esc_url(&b, seg ? seg : "", seg ? strlen(seg) : 0);
	pd_buf_puts(&b, suffix);
	pd_tv_str(v, name, b.data);
	pd_buf_release(&b);
}

void pd_web_summary(pd_tv *it, const pd_summary *s, pd_web_lang l)
{
	pd_buf d;
	pd_buf_init(&d, 0);
	pd_tv_str(it, "id", s->id);
	pd_web_href(it, "href", "/records/", s->id, "");
	pd_tv_str(it, "title", s->title && *s->title ? s->title : pd_web_word(l, "untitled"));
	pd_web_date(&d, s->date, l);
	pd_tv_str(it, "date", d.len ? d.data : pd_web_word(l, "unknown_date"));
	pd_tv_str(it, "iso_date", s->date);
	pd_tv_str(it, "type", s->release_type);
	pd_tv_str(it, "source", s->source);
	pd_tv_str(it, "item_lang", pd_web_lang_tag(pd_web_lang_of(s->language)));
	pd_tv_printf(it, "turns", "%zu", s->nturns);
	pd_buf_release(&d);
}

void pd_web_summaries(pd_tv *v, const char *list, const pd_summary *s, size_t n, pd_web_lang l)
{
	pd_tv_list(v, list);
	for (size_t i = 0; i < n; i++)
		pd_web_summary(pd_tv_item(v, list), &s[i], l);
}

void pd_web_pager(pd_tv *v, const char *path, const char *base_query, long max_page,
		  size_t page, size_t per_page, size_t total)
{
	size_t pages = per_page ? (total + per_page - 1) / per_page : 1;
	if (pages > (size_t)max_page)
		pages = (size_t)max_page;
	if (pages <= 1)
		return;
	pd_tv *p = pd_tv_obj(v, "pager");
	pd_tv_printf(p, "page", "%zu", page);
	pd_tv_printf(p, "pages", "%zu", pages);
	if (page > 1)
		pd_tv_printf(p, "prev", "%s?%spage=%zu", path, base_query, page - 1);
	if (page < pages)
		pd_tv_printf(p, "next", "%s?%spage=%zu", path, base_query, page + 1);
}
