/* render_common.c: output helpers, labels and paragraph splitting shared by
 * the renderers (see render_int.h). */
#include "render/render_int.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <string.h>

void pd_render_add(pd_render_out *o, const char *s, size_t n)
{
	if (o->rc == 0 && pd_buf_add(o->b, s, n) < 0)
		o->rc = -1;
}

void pd_render_puts(pd_render_out *o, const char *s)
{
	pd_render_add(o, s, strlen(s));
}

void pd_render_printf(pd_render_out *o, const char *fmt, ...)
{
	va_list ap;
	if (o->rc != 0)
		return;
	va_start(ap, fmt);
	if (pd_buf_vprintf(o->b, fmt, ap) < 0)
		o->rc = -1;
	va_end(ap);
}

void pd_render_esc(pd_render_out *o, pd_render_esc_fn esc, const char *s, size_t n)
{
	if (o->rc == 0 && s && esc(o->b, s, n) < 0)
		o->rc = -1;
}

void pd_render_esc_str(pd_render_out *o, pd_render_esc_fn esc, const char *s)
{
	if (s)
		pd_render_esc(o, esc, s, strlen(s));
}

static const pd_render_labels labels_en = {
	.date = "Date", .source = "Source", .type = "Type", .category = "Category",
	.topics = "Topics", .language = "Language", .url = "URL",
	.translations = "Translations", .participants = "Participants",
	.transcript = "Transcript", .untitled = "Untitled",
	.question = "Q", .answer = "A", .narration = "Narration",
	.separator = ", ", .open = " (", .close = ")",
	.kinds = { "host", "official", "journalist", "moderator", "other" },
};

static const pd_render_labels labels_hans = {
	.date = "日期", .source = "来源", .type = "类型", .category = "类别",
	.topics = "主题", .language = "语言", .url = "网址",
	.translations = "译本", .participants = "出席者",
	.transcript = "实录", .untitled = "无标题",
	.question = "问", .answer = "答", .narration = "叙述",
	.separator = "、", .open = "（", .close = "）",
	.kinds = { "主持", "官员", "记者", "主持人", "其他" },
};

static const pd_render_labels labels_hant = {
	.date = "日期", .source = "來源", .type = "類型", .category = "類別",
	.topics = "主題", .language = "語言", .url = "網址",
	.translations = "譯本", .participants = "出席者",
	.transcript = "實錄", .untitled = "無標題",
	.question = "問", .answer = "答", .narration = "敘述",
	.separator = "、", .open = "（", .close = "）",
	.kinds = { "主持", "官員", "記者", "主持人", "其他" },
};

const pd_render_labels *pd_render_labels_for(const char *language)
{
	pd_slice l = pd_slice_of(language ? language : "");
	if (!pd_slice_starts_nocase(l, "zh"))
		return &labels_en;
	if (pd_slice_starts_nocase(l, "zh-Hant") || pd_slice_starts_nocase(l, "zh-TW") ||
	    pd_slice_starts_nocase(l, "zh-HK") || pd_slice_starts_nocase(l, "zh-MO"))
		return &labels_hant;
	return &labels_hans;
}

static bool blank(pd_slice line)
{
	return pd_slice_trim(line).n == 0;
}

bool pd_render_next_para(pd_slice *cursor, pd_slice *para)
{
	pd_slice line;
	const char *start = NULL, *end = NULL;
	while (pd_slice_next_line(cursor, &line)) {
		if (blank(line)) {
			if (start)
				break;
			continue;
		}
		if (!start)
			start = line.p;
		end = line.p + line.n;
	}
	if (!start)
		return false;
	*para = pd_slice_trim((pd_slice){ start, (size_t)(end - start) });
	return para->n > 0;
}

const pd_participant *pd_render_speaker(const pd_record *r, const pd_turn *t)
{
	return t->speaker ? pd_record_find_participant(r, t->speaker) : NULL;
}

void pd_render_speaker_label(pd_render_out *o, const pd_record *r, const pd_turn *t,
			     const pd_render_labels *L, pd_render_esc_fn esc)
{
	const pd_participant *p = pd_render_speaker(r, t);
	pd_render_esc_str(o, esc, t->speaker);
	if (p && p->role) {
		pd_render_puts(o, L->open);
		pd_render_esc_str(o, esc, p->role);
		pd_render_puts(o, L->close);
	}
}

size_t pd_render_next_cp(const char *s, size_t n, size_t *i, uint32_t *cp, const char **p)
{
	size_t l = pd_utf8_decode(s + *i, n - *i, cp);
	*p = s + *i;
	*i += l;
	if (*cp == PD_UTF8_REPLACEMENT && l == 1) {
		*p = "\xEF\xBF\xBD";
		l = 3;
	}
	return l;
}

bool pd_render_cp_dropped(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return false;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}
