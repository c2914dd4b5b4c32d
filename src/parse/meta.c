/* meta.c: record-level helpers shared by the readers — dates, language,
 * ids (doc.h). */
#include "parse/doc.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "search/cjk_fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static bool valid_ymd(int y, int m, int d)
{
	return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

/* The `width` last decimal digits of v at out, zeros in front. */
static void put_digits(char *out, unsigned v, int width)
{
	for (int k = width; k-- > 0; v /= 10)
		out[k] = (char)('0' + v % 10);
}

static bool format_ymd(int y, int m, int d, char out[11])
{
	if (!valid_ymd(y, m, d))
		return false;
	/* "YYYY-MM-DD", always 10 bytes: valid_ymd bounds every field.
	 * Digit by digit: snprintf took ~1,650 instructions a date, 0.4 %
	 * of the parser */
	put_digits(out, (unsigned)y, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d, 2);
	out[10] = '\0';
	return true;
}

/* Reads up to `max` ASCII or full-width digits at s[*i]; -1 if none.
 * *ndigits gets how many digits were read (full-width ones are 3 bytes). */
static int read_num(const char *s, size_t n, size_t *i, int max, int *ndigits)
{
	int v = 0, digits = 0;
	while (*i < n && digits < max) {
		unsigned char c = (unsigned char)s[*i];
		if (c >= '0' && c <= '9') {
			v = v * 10 + (c - '0');
			(*i)++;
		} else if (c == 0xEF && *i + 2 < n && (unsigned char)s[*i + 1] == 0xBC &&
			   (unsigned char)s[*i + 2] >= 0x90 && (unsigned char)s[*i + 2] <= 0x99) {
			v = v * 10 + ((unsigned char)s[*i + 2] - 0x90); /* ０-９ */
			*i += 3;
		} else {
			break;
		}
		digits++;
	}
	*ndigits = digits;
	return digits ? v : -1;
}

static int month_at(const char *s, size_t n, size_t *i)
{
	char w[10];
	size_t k = 0;
	while (*i + k < n && k < sizeof w - 1) {
		char c = s[*i + k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c < 'a' || c > 'z')
			break;
		w[k++] = c;
	}
	w[k] = '\0';
	if (k < 3)
		return -1;
	for (int m = 0; m < 12; m++)
		if (strncmp(w, months[m], 3) == 0) {
			*i += k;
			if (*i < n && s[*i] == '.')
				(*i)++;
			return m + 1;
		}
	return -1;
}

static void skip_seps(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == ',' || s[*i] == '\t'))
		(*i)++;
}

static void skip_ordinal(const char *s, size_t n, size_t *i)
{
	if (*i + 1 < n) {
		char a = (char)(s[*i] | 32), b = (char)(s[*i + 1] | 32);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
		    (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
			*i += 2;
	}
}

/* Tries every date form starting at s[i]; *end: just past the date read. */
static bool date_at(const char *s, size_t n, size_t i, char out[11], size_t *end)
{
	int nd = 0;
	size_t j = i;
	int a = read_num(s, n, &j, 4, &nd);
	if (a >= 0 && nd == 4 && j < n) {
		/* 2020-09-27, 2020/9/27, 2020.09.27, 2020年9月27日 */
		size_t k = j;
		if (s[k] == '-' || s[k] == '/' || s[k] == '.') {
			k++;
			int m = read_num(s, n, &k, 2, &nd);
			if (m > 0 && k < n && (s[k] == '-' || s[k] == '/' || s[k] == '.')) {
				k++;
				int d = read_num(s, n, &k, 2, &nd);
				*end = k;
				if (d > 0)
					return format_ymd(a, m, d, out);
			}
		} else if (n - k >= 3 && memcmp(s + k, "年", 3) == 0) {
			k += 3;
			skip_seps(s, n, &k);
			int m = read_num(s, n, &k, 2, &nd);
			if (m > 0 && n - k >= 3 && memcmp(s + k, "月", 3) == 0) {
				k += 3;
				skip_seps(s, n, &k);
				int d = read_num(s, n, &k, 2, &nd);
				*end = k;
				if (d > 0)
					return format_ymd(a, m, d, out);
			}
		}
		return false;
	}
	if (a > 0 && a <= 31) {
		size_t k = j;
		if (k < n && (s[k] == '/' || s[k] == '.' || s[k] == '-')) {
			/* dd/mm/yyyy (day first, as in the PM archive); mm/dd/yyyy
			 * only when the second number cannot be a month */
			char sep = s[k++];
			int b = read_num(s, n, &k, 2, &nd);
			if (b > 0 && k < n && s[k] == sep) {
				k++;
				int y = read_num(s, n, &k, 4, &nd);
				*end = k;
				if (y > 0 && nd == 4)
					return b <= 12 ? format_ymd(y, b, a, out) : format_ymd(y, a, b, out);
			}
			return false;
		}
		/* 27 September 2020, 27th June, 1966 */
		skip_ordinal(s, n, &k);
		skip_seps(s, n, &k);
		int m = month_at(s, n, &k);
		if (m > 0) {
			skip_seps(s, n, &k);
			int y = read_num(s, n, &k, 4, &nd);
			*end = k;
			if (y > 0 && nd == 4)
				return format_ymd(y, m, a, out);
		}
		return false;
	}
	/* September 27, 2020 */
	j = i;
	int m = month_at(s, n, &j);
	if (m > 0) {
		skip_seps(s, n, &j);
		int d = read_num(s, n, &j, 2, &nd);
		if (d > 0) {
			skip_ordinal(s, n, &j);
			skip_seps(s, n, &j);
			int y = read_num(s, n, &j, 4, &nd);
			*end = j;
			if (y > 0 && nd == 4)
				return format_ymd(y, m, d, out);
		}
	}
	return false;
}

/* Whether s[i..n) holds only what may close a title after its date:
 * spaces, brackets, a full stop, 日 (which 2021年6月1日 leaves) and the
 * full-width closing brackets. */
static bool only_closing(const char *s, size_t n, size_t i)
{
	static const char *const wide[] = { "日", "）", "】", "」" };
	while (i < n) {
		char c = s[i];
		if (c == ' ' || c == ')' || c == ']' || c == '.') {
			i++;
			continue;
		}
		size_t k = 0;
		while (k < sizeof wide / sizeof *wide &&
		       !(n - i >= strlen(wide[k]) && memcmp(s + i, wide[k], strlen(wide[k])) == 0))
			k++;
		if (k == sizeof wide / sizeof *wide)
			return false;
		i += strlen(wide[k]);
	}
	return true;
}

/* The first date read from a word start (with at_end, only one that
 * begins the text or ends it but for closing punctuation). */
static bool find_date(const char *s, size_t n, bool at_end, char out[11])
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool start = i == 0 || !((s[i - 1] >= '0' && s[i - 1] <= '9') ||
					 ((s[i - 1] | 32) >= 'a' && (s[i - 1] | 32) <= 'z'));
		if (!start ||
		    !((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == 0xEF))
			continue;
		size_t end;
		if (date_at(s, n, i, out, &end) && (!at_end || i == 0 || only_closing(s, n, end)))
			return true;
	}
	return false;
}

bool pd_parse_date(const char *s, size_t n, char out[11])
{
	return find_date(s, n, false, out);
}

bool pd_parse_title_date(const char *s, size_t n, char out[11])
{
	return find_date(s, n, true, out);
}

/* Counts into c the script of s[0, n) up to budget characters; returns
 * the characters counted and sets *read to the bytes they took. */
static size_t count_script(const char *s, size_t n, size_t budget, pd_script_counts *c,
			   size_t *read)
{
	size_t i = 0, budget0 = budget;
	for (; i < n && budget; budget--) {
#if defined(__SSE2__)
		/* sixty-four or sixteen ASCII characters: their letters
		 * counted at once */
		int letters = -1;
		size_t step = 64;
		if (i + 64 > n || budget < 64 || (letters = pd_ascii64_letters(s + i)) < 0) {
			step = 16;
			if (i + 16 <= n && budget >= 16)
				letters = pd_ascii16_letters(s + i);
		}
		if (letters >= 0) {
			c->latin += (size_t)letters;
			i += step;
			budget -= step - 1; /* and the loop's one */
			continue;
		}
#endif
		uint64_t w;
		if (i + 8 <= n && budget >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080u))) {
			/* eight ASCII characters: their letters counted at once */
			c->latin += pd_ascii8_letters(w);
			i += 8;
			budget -= 7; /* and the loop's one */
			continue;
		}
		unsigned char a = (unsigned char)s[i];
		if (a < 0x80) { /* ASCII, nearly every byte: no decoding, never CJK */
			i++;
			c->latin += (a | 32) >= 'a' && (a | 32) <= 'z';
			continue;
		}
		uint32_t cp;
		i += pd_utf8_decode(s + i, n - i, &cp);
		if ((cp | 32) >= 'a' && (cp | 32) <= 'z') {
			c->latin++;
		} else if (pd_cp_is_cjk(cp)) {
			c->cjk++;
			c->trad += pd_cjk_folds(cp);
		}
		/* hiragana and katakana letters, not the middle dot and long
		 * mark Chinese names also use */
		c->kana += (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA);
	}
	*read = i;
	return budget0 - budget;
}

size_t pd_count_script_chars(const char *s, size_t n, size_t budget, pd_script_counts *c)
{
	size_t read;
	size_t chars = count_script(s, n, budget, c, &read);
	return chars + pd_utf8_count(s + read, n - read);
}

/* A CJK character carries about as much as a Latin word: one CJK per five
 * Latin letters or more means Chinese. Traditional text has a Simplified
 * form for a large share of its characters (about a quarter); Simplified
 * text for almost none. NULL when there is too little text to tell. */
static const char *script_language(const pd_script_counts *c)
{
	/* Japanese writes a tenth of its characters or more in kana; Chinese
	 * none */
	if (c->kana >= 5 && c->kana * 10 >= c->cjk + c->kana && (c->cjk + c->kana) * 5 >= c->latin)
		return "ja";
	if (c->cjk * 5 >= c->latin && c->cjk > 0)
		return c->trad * 25 > c->cjk ? "zh-Hant" : "zh-Hans";
	return c->latin ? "en" : NULL;
}

void pd_detect_language(pd_record *r, const pd_text_head *heads)
{
	pd_script_counts all = { 0, 0, 0, 0 };
	size_t budget = 400000, read;
	if (r->title)
		count_script(r->title, strlen(r->title), budget, &all, &read);
	/* each turn counted once, for the record and for the turn */
	pd_script_counts *turn = pd_xcalloc(r->nturns ? r->nturns : 1, sizeof *turn);
	for (size_t t = 0; t < r->nturns; t++) {
		pd_script_counts *one = &turn[t];
		/* the turn detector counted the turn when its ASCII opening
		 * lies within the budget (nearly always) */
		if (heads[t].ascii <= PD_TURN_SCRIPT_BUDGET)
			*one = heads[t].script;
		else
			count_script(r->turns[t].text, heads[t].len, PD_TURN_SCRIPT_BUDGET, one, &read);
		all.latin += one->latin;
		all.cjk += one->cjk;
		all.trad += one->trad;
		all.kana += one->kana;
	}
	const char *lang = script_language(&all);
	pd_record_set(&r->language, lang ? lang : "en");
	/* a turn clearly in the other language (an English answer in a
	 * Chinese interview) is marked with its own language */
	for (size_t t = 0; t < r->nturns; t++) {
		pd_script_counts one = turn[t];
		const char *tl = one.latin + one.cjk >= 20 ? script_language(&one) : NULL;
		if (tl && strncmp(tl, r->language, 2) != 0)
			pd_record_set(&r->turns[t].lang, tl);
	}
	free(turn);
}

void pd_assign_id(pd_record *r, const char *fallback_name)
{
	if (r->id && *r->id)
		return;
	pd_buf b;
	pd_buf_init(&b, 0);
	if (r->date)
		pd_buf_puts(&b, r->date);
	const char *title = r->title && *r->title ? r->title : fallback_name;
	bool ascii_only = true, dash = b.len > 0;
	size_t words = 0;
	const char *p = title ? title : "";
	size_t plen = strlen(p);
	for (size_t i = 0; i < plen && b.len < 64;) {
		uint32_t cp;
		size_t l = pd_utf8_decode(p + i, plen - i, &cp);
		i += l;
		if (cp >= 0x80) {
			/* a letter outside ASCII (Chinese, accents) cannot be in a
			 * slug: the title's hash keeps the id unique; punctuation
			 * such as ’ or – just separates words */
			if (pd_cp_is_alnum(cp))
				ascii_only = false;
			dash = true;
			continue;
		}
		char c = (char)cp;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (dash && b.len)
				pd_buf_putc(&b, '-');
			dash = false;
			pd_buf_putc(&b, (char)((c >= 'A' && c <= 'Z') ? c + 32 : c));
			words++;
		} else {
			dash = true;
		}
	}
	/* end the slug on a whole word */
	if (b.len >= 64) {
		char *cut = strrchr(b.data, '-');
		if (cut && cut > b.data + 11)
			pd_buf_truncate(&b, (size_t)(cut - b.data));
	}
	/* a Chinese title's only ASCII is often its own date ("2026年5月20日"):
	 * digits alone say nothing the date does not */
	if (!ascii_only && r->date && b.len > 10) {
		bool digits_only = true;
		for (size_t i = 10; i < b.len; i++)
			if (!(b.data[i] == '-' || (b.data[i] >= '0' && b.data[i] <= '9')))
				digits_only = false;
		if (digits_only)
			pd_buf_truncate(&b, 10);
	}
	if (!ascii_only || words == 0) {
		char hex[17];
		uint64_t h = pd_hash64(PD_HASH64_INIT, title ? title : "", title ? strlen(title) : 0);
		pd_hash64_hex(h, hex);
		if (b.len)
			pd_buf_putc(&b, '-');
		pd_buf_add(&b, hex, 8);
	}
	char *id = pd_buf_detach(&b);
	if (strlen(id) > PD_MAX_ID_BYTES)
		id[PD_MAX_ID_BYTES] = '\0';
	free(r->id);
	r->id = id;
}

/* "Press conference records", "记者会实录" -> Press Conference. */
static void infer_release_type(pd_record *r)
{
	static const struct { const char *word; const char *type; } words[] = {
		{ "press conference", "Press Conference" }, { "news conference", "Press Conference" },
		{ "press briefing", "Press Conference" }, { "briefing", "Press Conference" },
		{ "记者会", "Press Conference" }, { "記者會", "Press Conference" },
		{ "发布会", "Press Conference" }, { "發布會", "Press Conference" },
		{ "doorstop", "Doorstop" }, { "interview", "Interview" }, { "采访", "Interview" },
		{ "採訪", "Interview" }, { "专访", "Interview" }, { "專訪", "Interview" },
		{ "訪問", "Interview" }, { "访问", "Interview" }, { "speech", "Speech" },
		{ "address", "Speech" }, { "remarks", "Speech" }, { "讲话", "Speech" },
		{ "講話", "Speech" }, { "致辞", "Speech" }, { "致詞", "Speech" },
		{ "media release", "Media Release" }, { "press release", "Media Release" },
		{ "hearing", "Hearing" }, { "committee", "Hearing" }, { "会议", "Meeting" },
		{ "會議", "Meeting" }, { "座谈", "Meeting" }, { "座談", "Meeting" },
		{ "茶敘", "Press Conference" }, { "联访", "Press Conference" }, { "聯訪", "Press Conference" },
	};
	if (r->release_type && *r->release_type)
		return;
	const char *fields[] = { r->category, r->title, r->source };
	for (size_t f = 0; f < 3; f++)
		for (size_t k = 0; k < sizeof words / sizeof *words; k++)
			if (fields[f] && pd_str_contains_ci(fields[f], words[k].word)) {
				pd_record_set(&r->release_type, words[k].type);
				return;
			}
}

/* Whether the CJK text s[0..n) ends as an office does (区长, 发言人,
 * 主任, 委員, 秘書, 大使, 總裁 ...): what precedes a name in narration
 * is a role only then ("以下為行政長官…" and "潘兆平議員及…" are not). */
static bool ends_with_title(const char *s, size_t n)
{
	static const char suffixes[] = "长長员員人官任席理使记記事表师師监監督书書管裁总總司授士";
	if (n < 3)
		return false;
	size_t i = n - 1;
	while (i > 0 && (((unsigned char)s[i]) & 0xC0) == 0x80)
		i--;
	size_t len = n - i;
	for (const char *c = suffixes; *c;) {
		size_t l = 1;
		while ((((unsigned char)c[l]) & 0xC0) == 0x80)
			l++;
		if (l == len && memcmp(c, s + i, l) == 0)
			return true;
		c += l;
	}
	return false;
}

/* The clause's start past an invitation ("今天我们邀请到海关总署副署长" ->
 * "海关总署副署长"): the office begins after the last such verb. */
static const char *after_invitation(const char *start, const char *end)
{
	static const char *const verbs[] = { "邀请到", "邀請到", "请到", "請到", "邀请", "邀請",
					     "欢迎", "歡迎" };
	const char *from = start;
	for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++) {
		size_t vl = strlen(verbs[k]);
		for (const char *p = start; p + vl <= end; p++)
			if (memcmp(p, verbs[k], vl) == 0 && p + vl > from)
				from = p + vl;
	}
	return from;
}

/* "海港区副区长林美华介绍了……" -> role 海港区副区长 for the speaker 林美华:
 * Chinese narration names an official as role + name, with no separator. */
static void roles_from_narration(pd_record *r)
{
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		if (p->role || !p->label || (unsigned char)p->label[0] < 0x80 ||
		    (p->kind != PD_PART_HOST && p->kind != PD_PART_OFFICIAL))
			continue;
		for (size_t i = 0; i < r->nturns && !p->role; i++) {
			const pd_turn *t = &r->turns[i];
			if (t->kind != PD_TURN_NARRATION)
				continue;
			const char *at = strstr(t->text, p->label);
			if (!at || at == t->text)
				continue;
			/* walk back over CJK characters to the start of the clause */
			const char *start = at;
			size_t chars = 0;
			while (start > t->text && chars < 20) {
				const char *prev = start - 1;
				while (prev > t->text && (((unsigned char)*prev) & 0xC0) == 0x80)
					prev--;
				uint32_t cp;
				pd_utf8_decode(prev, (size_t)(start - prev), &cp);
				if (!pd_cp_is_cjk(cp))
					break;
				start = prev;
				chars++;
			}
			start = after_invitation(start, at);
			/* "新闻发言人王海宁介绍" names the spokesperson after the
			 * label: the role is the label with what precedes it */
			size_t ll = strlen(p->label), nc = 0;
			const char *after = at + ll, *end = after;
			/* "王令浚先生介绍": the label is the name, honoured */
			bool honoured = strncmp(after, "先生", 6) == 0 || strncmp(after, "女士", 6) == 0;
			while (*end && nc < 4 && !honoured) {
				uint32_t cp;
				size_t l = pd_utf8_decode(end, strlen(end), &cp);
				if (!pd_cp_is_cjk(cp))
					break;
				end += l;
				nc++;
				if (nc >= 2 && (strncmp(end, "介绍", 6) == 0 || strncmp(end, "介紹", 6) == 0 ||
						strncmp(end, "表示", 6) == 0 || strncmp(end, "宣布", 6) == 0 ||
						strncmp(end, "通报", 6) == 0 || strncmp(end, "通報", 6) == 0 ||
						strncmp(end, "主持", 6) == 0)) {
					pd_record_setn(&p->name, after, (size_t)(end - after));
					pd_record_setn(&p->role, start, (size_t)(after - start));
					break;
				}
			}
			if (p->role)
				break;
			if (chars >= 2 && ends_with_title(start, (size_t)(at - start)))
				pd_record_setn(&p->role, start, (size_t)(at - start));
			if (!p->name)
				pd_record_set(&p->name, p->label);
		}
	}
}

/* A record no date line dated, whose title begins or ends with one
 * ("2021年6月1日外交部发言人汪文斌主持例行记者会", "Press Briefing by
 * Press Secretary Jen Psaki, March 3, 2021", "…（2021年6月1日）"): the
 * event's date, as portals and archives title their briefings. A date
 * inside the title ("on the anniversary of 8 May 1945") is what the event
 * is about, not when it was: not taken. */
static void date_from_title(pd_record *r)
{
	char iso[11];
	if (!r->date && r->title && pd_parse_title_date(r->title, strlen(r->title), iso))
		pd_record_set(&r->date, iso);
}

void pd_finish_record(pd_record *r, const char *name)
{
	date_from_title(r);
	infer_release_type(r);
	roles_from_narration(r);
	/* a page's language switch names the other language, never its own */
	size_t keep = 0;
	for (size_t i = 0; i < r->ntranslations; i++) {
		pd_translation *t = &r->translations[i];
		if (!t->id && r->language && t->lang && strncmp(r->language, t->lang, 2) == 0) {
			free(t->lang);
			free(t->id);
			continue;
		}
		r->translations[keep++] = *t;
	}
	r->ntranslations = keep;
	pd_assign_id(r, name);
}
