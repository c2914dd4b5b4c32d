/* labels.c: speaker-label recognition (see labels.h).
 *
 * Shapes, with real examples:
 *   "PRIME MINISTER: Well, ..."     upper case, any length up to a limit
 *   "MR. HOLT: Well I don't ..."    (OCR: "AMR. HOLT:" is still a label)
 *   "NICK – OWNER BLACKWATTLE DELI:"
 *   "PM (cont):"                    continuation after a page break
 *   "Cui Xiaohao:"                  mixed case: every word capitalised
 *   "Q. Anything you would like to say first?"
 *   "陳偉業議員： “大話精 ”下台！"       CJK label up to 20 characters
 * What looks like a label but is not: field names ("Date:", "SUBJECTS:"),
 * times ("10:30"), sentences ("The answer is simple: no.").
 */
#include "parse/labels.h"
#include "base/limits.h"
#include "base/str.h"
#include "base/utf8.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

/* Field and heading names: a line starting with one of these and a colon
 * is metadata, never a speaker. Upper-case keys (see pd_label_key). */
static const char *const field_words[] = {
	"SUBJECT", "SUBJECTS", "TOPIC", "TOPICS", "DATE", "TIME", "VENUE",
	"PLACE", "LOCATION", "SOURCE", "TITLE", "CATEGORY", "TAGS", "TAG",
	"SUMMARY", "NOTE", "NOTES", "NB", "PS", "EMBARGO", "EMBARGOED",
	"RELEASE", "FOR RELEASE", "FOR PRESS", "PRESS RELEASE", "MEDIA RELEASE",
	"CONTACT", "CONTACTS", "MEDIA CONTACT", "MEDIA CONTACTS", "ENQUIRIES",
	"INQUIRIES", "FURTHER INFORMATION", "FOR FURTHER INFORMATION", "TEL",
	"TELEPHONE", "PHONE", "FAX", "MOBILE", "EMAIL", "E-MAIL", "WEB",
	"WEBSITE", "URL", "HTTP", "HTTPS", "AUTHOR", "EDITOR", "PUBLISHED",
	"UPDATED", "PRINT", "SHARE", "FONTSIZE", "FONT SIZE", "RE", "CC",
	"FROM", "TO", "ATTENTION", "ATTN", "TRANSCRIPT", "E&OE", "EOE",
	"CHECK AGAINST DELIVERY", "REF", "REFERENCE", "FILE", "PAGE",
	"PRESENT", "APOLOGIES", "AGENDA", "ITEM", "RESOLVED", "MOTION",
	"KEYWORDS", "LANGUAGE", "ISSUED BY", "RELEASED BY", "ENDS", "VIDEO",
	"AUDIO", "WATCH", "LISTEN", "PHOTO", "IMAGE", "CAPTION", "LINK",
	"LINKS", "SEE", "SEE ALSO", "UPDATE", "CORRECTION", "QUOTE",
	"WARNING", "IMPORTANT", "EXAMPLE", "FIRST", "SECOND", "THIRD",
	"FINALLY", "ALSO", "AND", "BUT", "SO", "THE", "WHY", "HOW", "WHAT",
	"WHEN", "WHERE", "WHO", "YES", "NO", "OK", "WELL", "BACKGROUND",
	"KEY POINTS", "HIGHLIGHTS", "ATTENDEES", "PARTICIPANTS", "SPEAKERS",
	"IN ATTENDANCE", "OPENING STATEMENT", "STATEMENT", "QUESTIONS",
	"ANSWERS", "Q&A", "Q & A", "PRESS CONFERENCE", "INTERVIEW",
	"DOORSTOP", "SPEECH", "ADDRESS", "REMARKS", "TRANSCRIPT OF",
	/* list headings in releases ("Members: Mr Fraser (Chairman) Mr
	 * Anthony ...", "Signatories: Mr Chen Yuan, Chairman, ...", a grants
	 * list's "COST: 4,220.00") */
	"MEMBERS", "MEMBERSHIP", "SIGNATORIES", "SIGNATORY", "WITNESSES",
	"DELEGATION", "DELEGATES", "PANELLISTS", "PANELISTS", "COST", "COSTS",
	"FUNDING", "TERMS OF REFERENCE",
};

static const char *const journalist_words[] = {
	"JOURNALIST", "JOURNALISTS", "QUESTION", "Q", "REPORTER", "REPORTERS",
	"INTERVIEWER", "CALLER", "PRESENTER", "HOST", "CO-HOST", "QUESTIONER",
	"AUDIENCE", "AUDIENCE MEMBER", "VOICE", "VOICES", "UNIDENTIFIED",
	"UNIDENTIFIED JOURNALIST", "UNKNOWN JOURNALIST", "JOURNO",
	"CORRESPONDENT", "ANCHOR", "NEWSREADER", "STUDENT", "MEDIA",
	"记者", "記者", "问", "問", "提问", "提問", "提问者", "提問者", "主播",
	"媒体", "媒體", "现场记者", "現場記者",
};

static const char *const host_words[] = {
	"PM", "PRIME MINISTER", "THE PRIME MINISTER", "ANSWER", "A",
	"SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "答", "发言人", "發言人",
	"新闻发言人", "新聞發言人",
};

static const char *const moderator_words[] = {
	"MODERATOR", "CHAIR", "CHAIRMAN", "CHAIRPERSON", "CHAIRWOMAN", "MC",
	"EMCEE", "MASTER OF CEREMONIES", "FACILITATOR", "COMPERE", "STAFF", "主持人",
	"司仪", "司儀", "主席",
};

/* Lower-case words allowed inside a mixed-case name label. */
static const char *const particles[] = {
	"of", "the", "for", "and", "de", "da", "di", "del", "van", "von", "der",
	"den", "al", "el", "bin", "binti", "la", "le", "du", "dos", "das", "y",
	"e", "on", "to", "in", "at", "ter", "ten", "mc",
};

/* CJK label endings that mark a role (…記者, …議員, …局長). */
static const char *const cjk_role_suffixes[] = {
	"记者", "記者", "议员", "議員", "主席", "局长", "局長", "部长", "部長",
	"司长", "司長", "市长", "市長", "委员", "委員", "代表", "院长", "院長",
	"署长", "署長", "处长", "處長", "主任", "总理", "總理", "发言人", "發言人",
	"主持人", "司仪", "司儀", "书记", "書記", "省长", "省長", "区长", "區長",
	"县长", "縣長", "秘书长", "秘書長", "大使", "参赞", "參贊", "教授", "博士",
	"先生", "女士", "小姐", "老师", "老師", "同学", "同學", "律师", "律師",
	"召集人", "部长", "政委", "委員長", "院士", "董事长", "董事長", "总经理",
	"總經理", "执行长", "執行長", "口譯", "口译", "翻譯", "翻译", "提問者",
	"提问者", "問", "问", "答",
};

bool pd_label_cjk_office(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof cjk_role_suffixes / sizeof *cjk_role_suffixes; k++) {
		size_t sl = strlen(cjk_role_suffixes[k]);
		/* not the one-character question and answer marks */
		if (sl > 3 && n >= sl && memcmp(s + n - sl, cjk_role_suffixes[k], sl) == 0)
			return true;
	}
	return false;
}

/* CJK label endings that mark a sentence or a field, not a speaker. */
static const char *const cjk_non_label_suffixes[] = {
	"如下", "包括", "指出", "表示", "认为", "認為", "强调", "強調", "说", "說",
	"是", "有", "为", "為", "等", "的", "了", "时间", "時間", "地点", "地點",
	"来源", "來源", "日期", "发布时间", "發布時間", "发布日期", "發布日期",
	"字号", "字號", "出席人员", "出席人員", "出席议员", "出席議員", "列席",
	"缺席", "会议结论", "會議結論", "结论", "結論", "纪录", "紀錄", "记录",
	"記錄", "备注", "備註", "附件", "议程", "議程", "主旨", "案由", "决议",
	"決議", "说明", "說明", "补充说明", "補充說明", "作者", "编辑", "編輯",
	"责任编辑", "責任編輯", "标题", "標題", "主题", "主題", "关键词", "關鍵詞",
	"网址", "網址", "电话", "電話", "传真", "傳真", "邮箱", "郵箱", "地址",
	"例如", "比如", "问题", "問題", "原因", "目的", "方式", "内容", "內容",
	"分享", "打印", "关闭", "關閉",
};


/* News organisations that stand for their reporter as a label, as in
 * foreign-ministry and city-government briefings ("AFP: The US said ...",
 * "China Daily: Could you confirm ...?") and some interviews. Outlets not
 * listed are found by behaviour (turns.c: one-off askers). */
static const char *const outlet_words[] = {
	"AFP", "AGENCE FRANCE-PRESSE", "ASSOCIATED PRESS", "REUTERS", "BLOOMBERG",
	"DPA", "EFE", "ANSA", "KYODO", "KYODO NEWS", "JIJI", "JIJI PRESS", "NHK",
	"NIKKEI", "ASAHI SHIMBUN", "YOMIURI SHIMBUN", "MAINICHI SHIMBUN", "TBS",
	"FUJI TV", "YONHAP", "YONHAP NEWS AGENCY", "KBS", "TASS", "RIA NOVOSTI",
	"SPUTNIK", "BERNAMA", "ANTARA", "PTI", "PRESS TRUST OF INDIA", "CNN", "BBC",
	"CNBC", "NBC", "CBS", "FOX NEWS", "NPR", "AL JAZEERA", "DEUTSCHE WELLE",
	"FRANCE 24", "RFI", "SKY NEWS", "ABC", "SBS", "THE WALL STREET JOURNAL",
	"WALL STREET JOURNAL", "THE NEW YORK TIMES", "NEW YORK TIMES",
	"THE WASHINGTON POST", "FINANCIAL TIMES", "THE GUARDIAN", "THE ECONOMIST",
	"XINHUA", "XINHUA NEWS AGENCY", "CCTV", "CGTN", "CHINA DAILY", "GLOBAL TIMES",
	"PEOPLE'S DAILY", "CHINA NEWS SERVICE", "CHINA NEWS AGENCY", "CHINA NATIONAL RADIO",
	"CHINA RADIO INTERNATIONAL", "CRI", "PHOENIX TV", "PHOENIX", "THE PAPER",
	"BEIJING DAILY", "BEIJING YOUTH DAILY", "BEIJING NEWS", "THE BEIJING NEWS",
	"BTV", "SHANGHAI MEDIA GROUP", "DRAGON TV", "CHINA REVIEW NEWS", "HONG KONG COMMERCIAL DAILY",
	"TA KUNG PAO", "WEN WEI PO", "SOUTH CHINA MORNING POST", "SCMP", "RTHK", "TVB",
	"NOW TV", "CABLE TV", "I-CABLE", "MING PAO", "SING TAO", "SING TAO DAILY",
	"CENTRAL NEWS AGENCY", "CNA", "CHANNEL NEWS ASIA", "CHANNEL NEWSASIA",
	"THE STRAITS TIMES", "STRAITS TIMES", "LIANHE ZAOBAO", "ZAOBAO",
	"新华社", "新華社", "中央社", "中新社", "人民日报", "人民日報", "央视", "央視",
	"中央电视台", "中央電視台", "凤凰卫视", "鳳凰衛視", "路透社", "法新社",
	"美联社", "美聯社", "彭博社", "共同社", "日本共同社",
};

/* Title words of the record style ("The CHAIRMAN.", "Mr. McCAUL.",
 * "Secretary BLINKEN.", "Senator SHAHEEN."). */
static const char *const record_title_words[] = {
	"The", "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Senator", "Secretary", "Chairman",
	"Chairwoman", "Representative", "General", "Admiral", "Ambassador", "Governor",
	"Judge", "Justice", "Commissioner", "Director", "Administrator", "Madam", "Colonel",
	"Captain", "Mayor", "Vice", "Acting", "Deputy", "Professor",
};

/* The word lists' entries grouped by first byte: a key is compared only
 * with the entries that open like it (a scan of the whole list per key,
 * 150 entries for the field words, was 5 % of the parser). Built once for
 * all lists (pthread_once: readers run on several threads); the lists
 * themselves stay as they are written. */
typedef struct word_list {
	const char *const *words;
	size_t n;
	uint8_t start[257];   /* bucket of byte b: order[start[b] .. start[b + 1]) */
	uint8_t order[255];   /* the entries' indexes, grouped by first byte */
	size_t len[255];      /* strlen of the entry at order[j]: in_list compares lengths first */
	/* bit k of lens[b]: an entry of k bytes (63: of 63 or more) opens
	 * with byte b; in_list_n turns most words away by it */
	uint64_t lens[256];
} word_list;

#define WORD_LIST(list) { list, sizeof list / sizeof list[0], { 0 }, { 0 }, { 0 }, { 0 } }
#define FITS_WORD_LIST(list) (sizeof list / sizeof list[0] <= 255)
_Static_assert(FITS_WORD_LIST(field_words) && FITS_WORD_LIST(journalist_words) &&
		       FITS_WORD_LIST(host_words) && FITS_WORD_LIST(moderator_words) &&
		       FITS_WORD_LIST(outlet_words) && FITS_WORD_LIST(record_title_words) &&
		       FITS_WORD_LIST(particles),
	       "a word list's indexes are bytes");

enum {
	FIELD_WORDS, JOURNALIST_WORDS, HOST_WORDS, MODERATOR_WORDS, OUTLET_WORDS, RECORD_TITLE_WORDS,
	PARTICLE_WORDS,
};
static word_list word_lists[] = {
	[FIELD_WORDS] = WORD_LIST(field_words),
	[JOURNALIST_WORDS] = WORD_LIST(journalist_words),
	[HOST_WORDS] = WORD_LIST(host_words),
	[MODERATOR_WORDS] = WORD_LIST(moderator_words),
	[OUTLET_WORDS] = WORD_LIST(outlet_words),
	[RECORD_TITLE_WORDS] = WORD_LIST(record_title_words),
	[PARTICLE_WORDS] = WORD_LIST(particles),
};
static pthread_once_t word_lists_once = PTHREAD_ONCE_INIT;
/* set (release) once the lists are indexed: a look-up reads it (acquire,
 * a plain load on x86) and calls pthread_once only before (a call per
 * look-up, 80,000 on the first 500 dev files, was 0.4 % of the parser) */
static atomic_bool word_lists_ready;

/* The bit of word_list.lens for a word of n bytes. */
static unsigned word_len_bit(size_t n)
{
	return n < 63 ? (unsigned)n : 63;
}

static void index_word_lists(void)
{
	for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists; l++) {
		word_list *w = &word_lists[l];
		size_t count[256] = { 0 };
		for (size_t i = 0; i < w->n; i++)
			count[(unsigned char)w->words[i][0]]++;
		size_t at = 0;
		for (size_t b = 0; b < 256; b++) {
			w->start[b] = (uint8_t)at;
			at += count[b];
		}
		w->start[256] = (uint8_t)at;
		size_t fill[256];
		for (size_t b = 0; b < 256; b++)
			fill[b] = w->start[b];
		for (size_t i = 0; i < w->n; i++)
			w->order[fill[(unsigned char)w->words[i][0]]++] = (uint8_t)i;
		for (size_t j = 0; j < w->n; j++)
			w->len[j] = strlen(w->words[w->order[j]]);
		for (size_t i = 0; i < w->n; i++)
			w->lens[(unsigned char)w->words[i][0]] |= (uint64_t)1 << word_len_bit(strlen(w->words[i]));
	}
	atomic_store_explicit(&word_lists_ready, true, memory_order_release);
}

static void index_word_lists_once(void)
{
	if (!atomic_load_explicit(&word_lists_ready, memory_order_acquire))
		pthread_once(&word_lists_once, index_word_lists);
}

/* Whether key is one of the list, also with a parenthesis or brackets
 * after it: "QUESTION (NHK)", "JOURNALIST (ARGENTINE PRESS)", "MODERATOR
 * [OANA LUNGESCU]" are their role. */
static bool in_list(const char *key, size_t list)
{
	index_word_lists_once();
	const word_list *w = &word_lists[list];
	unsigned char b = (unsigned char)key[0];
	if (w->start[b] == w->start[b + 1])
		return false;
	/* the parenthesis (or bracket) looked for only in a key that ends
	 * with one (a strstr per call was 1 % of the parser) */
	size_t len = strlen(key), base = 0;
	char close = len ? key[len - 1] : '\0';
	if (close == ')' || close == ']') {
		const char *paren = strstr(key, close == ')' ? " (" : " [");
		base = paren ? (size_t)(paren - key) : 0;
	}
	for (size_t j = w->start[b]; j < w->start[b + 1]; j++) {
		/* the whole key, or its part before the parenthesis: an entry
		 * of another length is neither (no strcmp per entry) */
		size_t wl = w->len[j];
		if ((wl == len || (base && wl == base)) && memcmp(key, w->words[w->order[j]], wl) == 0)
			return true;
	}
	return false;
}


/* Whether the n bytes at s (no NUL needed after them) are one of the
 * list's entries, whole: compared only with the entries that open with
 * s[0] (n >= 1). */
static bool in_list_n(const char *s, size_t n, size_t list)
{
	index_word_lists_once();
	const word_list *w = &word_lists[list];
	unsigned char b = (unsigned char)s[0];
	if (!(w->lens[b] >> word_len_bit(n) & 1))
		return false;
	for (size_t j = w->start[b]; j < w->start[b + 1]; j++) {
		const char *word = w->words[w->order[j]];
		size_t k = 1;
		while (k < n && word[k] && word[k] == s[k])
			k++;
		/* word[n] is read only when its first n bytes are no NUL */
		if (k == n && word[n] == '\0')
			return true;
	}
	return false;
}

static bool is_particle(const char *w, size_t n)
{
	return pd_label_is_particle(w, n);
}

bool pd_label_is_particle(const char *w, size_t n)
{
	if (n == 0 || n > 5)   /* the longest is "binti" */
		return false;
	/* compared only with the particles of w's first byte and length (a
	 * compare with each of the thirty was 0.2 % of the parser) */
	return in_list_n(w, n, PARTICLE_WORDS);
}

bool pd_label_is_journalist_word(const char *key)
{
	return in_list(key, JOURNALIST_WORDS);
}

bool pd_label_is_outlet(const char *key)
{
	return in_list(key, OUTLET_WORDS);
}

bool pd_label_names_journalist(const char *key)
{
	static const char *const words[] = { "REPORTER", "JOURNALIST", "CORRESPONDENT" };
	size_t kl = strlen(key);
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t wl = strlen(words[k]);
		if (kl > wl && key[wl] == ' ' && memcmp(key, words[k], wl) == 0)
			return true;
		if (kl > wl && key[kl - wl - 1] == ' ' && memcmp(key + kl - wl, words[k], wl) == 0)
			return true;
	}
	return false;
}

bool pd_label_is_host_word(const char *key)
{
	return in_list(key, HOST_WORDS);
}

bool pd_label_is_moderator_word(const char *key)
{
	return in_list(key, MODERATOR_WORDS);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

static bool is_lower(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* Letters (ASCII, upper-cased) of (s, n) into out, at most outsz - 1. */
static size_t letters_of(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outsz; i++)
		if ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')
			out[o++] = (char)(s[i] & ~32);
	out[o] = '\0';
	return o;
}

/* The letter a byte is (0 to 25, upper- and lower-case alike), or 26 or
 * more. */
static unsigned letter_index(char c)
{
	return ((unsigned)(unsigned char)c | 32u) - 'a';
}

size_t pd_label_common_letters(const char *a, size_t na, const char *b, size_t nb)
{
	/* y's letters as the bits of a word per letter, taken straight
	 * from b's bytes (and x's below from a's): copying the letters out
	 * first was half of this function */
	uint64_t match[26] = { 0 };
	size_t ly = 0;
	for (size_t j = 0; j < nb && ly <= 64; j++) {
		unsigned k = letter_index(b[j]);
		if (k < 26) {
			if (ly < 64)
				match[k] |= (uint64_t)1 << ly;
			ly++;
		}
	}
	if (ly <= 64) {
		/* the longest common subsequence with y's positions as the
		 * bits of a word (Crochemore et al., "A fast and practical
		 * bit-vector algorithm for the longest common subsequence
		 * problem", 2001): a few operations per letter of x, where
		 * the table below costs ly; the turn detector compares labels
		 * so several times per turn. A zero bit of v counts one
		 * letter of the subsequence. x is at most PD_MAX_LABEL_CHARS
		 * letters, as letters_of takes them. */
		uint64_t v = ~(uint64_t)0;
		for (size_t i = 0, lx = 0; i < na && lx < PD_MAX_LABEL_CHARS; i++) {
			unsigned k = letter_index(a[i]);
			if (k < 26) {
				uint64_t u = v & match[k];
				v = (v + u) | (v - u);
				lx++;
			}
		}
		uint64_t zeros = ~v & (ly == 64 ? ~(uint64_t)0 : ((uint64_t)1 << ly) - 1);
		size_t common = 0;
		for (; zeros; zeros &= zeros - 1)
			common++;
		return common;
	}
	/* longest common subsequence, one row at a time */
	char x[PD_MAX_LABEL_CHARS + 1], y[PD_MAX_LABEL_CHARS + 1];
	size_t lx = letters_of(a, na, x, sizeof x);
	ly = letters_of(b, nb, y, sizeof y);
	size_t row[PD_MAX_LABEL_CHARS + 1] = { 0 };
	for (size_t i = 1; i <= lx; i++) {
		size_t diag = 0;
		for (size_t j = 1; j <= ly; j++) {
			size_t up = row[j];
			row[j] = x[i - 1] == y[j - 1] ? diag + 1 : (row[j] > row[j - 1] ? row[j] : row[j - 1]);
			diag = up;
		}
	}
	return row[ly];
}

/* A typist's "CONTINUES" / "CONTINUING" / "CONTINUED" after a name at a
 * page top ("MR. FRASER CONTINUES:"), as OCR leaves it ("COINUES",
 * "CONTIN'UES", "C0ONTINUING"): a word of 7 to 14 bytes that starts with
 * "CO", ends as one of the three does, and shares seven letters in order
 * with one of them, which are most of its own letters (not "CORNELIUS",
 * "COMMUNICATIONS"). Returns where the word starts, or n when there is none. */
size_t pd_label_continuation_word(const char *s, size_t n)
{
	size_t e = n;
	while (e && s[e - 1] == ' ')
		e--;
	/* the last byte first: most labels end otherwise (the walk back over
	 * every key's last word first was 0.7 M instructions on the first
	 * 500 dev files) */
	char last = e ? (char)(s[e - 1] | 32) : 0;
	if (last != 's' && last != 'g' && last != 'd')
		return n;
	size_t b = e;
	while (b && s[b - 1] != ' ')
		b--;
	if (b == 0 || e - b < 7 || e - b > 14 || (s[b] | 32) != 'c')
		return n;
	static const char *const words[] = { "CONTINUES", "CONTINUING", "CONTINUED" };
	char letters[16];
	size_t nl = letters_of(s + b, e - b, letters, sizeof letters);
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t common = pd_label_common_letters(s + b, e - b, words[k], strlen(words[k]));
		/* most of the word's letters, and not a longer word
		 * ("COMMUNICATIONS" shares seven with "CONTINUES") */
		if (common >= 7 && common * 10 >= nl * 6 && nl <= strlen(words[k]) + 2 &&
		    letters[1] == 'O') {
			while (b && s[b - 1] == ' ')
				b--;
			return b;
		}
	}
	return n;
}

/* Whether pd_label_key copies byte b into the key as it is (upper-cased
 * if a small letter), with no test of its own: ASCII but the white space
 * ('\t' to '\r', ' '), the stops ('.', ':', '*', '#'), '(' and ';'. All
 * of those are below 64. */
static bool key_byte_plain(unsigned char b)
{
	static const uint64_t apart = 1ull << '\t' | 1ull << '\n' | 1ull << '\v' | 1ull << '\f' |
				      1ull << '\r' | 1ull << ' ' | 1ull << '#' | 1ull << '(' |
				      1ull << '*' | 1ull << '.' | 1ull << ':' | 1ull << ';';
	return b < 64 ? !(apart >> b & 1) : b < 0x80;
}

void pd_label_key(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	n = pd_label_continuation_word(s, n);
	bool space = false;
	for (size_t i = 0; i < n && o + 5 < outsz;) {
		/* a word's run of plain bytes in a tight loop: through the
		 * tests below, a decode and ten compares a byte, the keys
		 * took 3.7 M instructions on the first 500 dev files, 2.4 M
		 * so */
		if (key_byte_plain((unsigned char)s[i])) {
			if (space && o)
				out[o++] = ' ';
			space = false;
			do {
				char c = s[i++];
				out[o++] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
			} while (i < n && o + 5 < outsz && key_byte_plain((unsigned char)s[i]));
			continue;
		}
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		if (cp == '(' ) {
			/* "(cont)", "(continued)", "(cont'd)" are not part of a name */
			const char *close = memchr(s + i, ')', n - i);
			size_t c = i + 1;
			while (c < n && s[c] == ' ')
				c++;
			if (close && (size_t)(close - (s + i)) < 16 &&
			    c + 3 < n && (s[c] | 32) == 'c' && (s[c + 1] | 32) == 'o' &&
			    (s[c + 2] | 32) == 'n' && (s[c + 3] | 32) == 't') {
				i = (size_t)(close - s) + 1;
				continue;
			}
		}
		if (cp == '.' || cp == ':' || cp == 0xFF1A || cp == '*' || cp == '#') {
			i += l;
			space = o > 0;
			continue;
		}
		if (pd_cp_is_space(cp)) {
			space = o > 0;
			i += l;
			continue;
		}
		/* "O';BRIEN" is "O'BRIEN" (an apostrophe's entity left behind) */
		if (cp == ';' && o && out[o - 1] == '\'') {
			i += l;
			continue;
		}
		if (space && o) {
			out[o++] = ' ';
		}
		space = false;
		if (cp >= 'a' && cp <= 'z')
			out[o++] = (char)(cp - 32);
		else if (cp < 0x80)
			out[o++] = (char)cp;   /* not a memcpy call per capital */
		else if (cp == 0x2019)
			out[o++] = '\'';
		else {
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
}

static bool is_field_key(const char *key)
{
	return in_list(key, FIELD_WORDS);
}

bool pd_label_is_field(const char *key)
{
	return is_field_key(key);
}

/* Skips the markup of a Markdown heading label: "### ", "**", trailing
 * colon. Sets ls and le to the label's bounds. */
static void markup_label(const char *s, size_t n, size_t *ls, size_t *le)
{
	size_t a = 0, b = n;
	while (a < b && (s[a] == '#' || s[a] == '*' || s[a] == ' '))
		a++;
	for (;;) {
		if (b > a && (s[b - 1] == ' ' || s[b - 1] == '*' || s[b - 1] == ':'))
			b--;
		else if (b >= a + 3 && memcmp(s + b - 3, "：", 3) == 0)
			b -= 3;
		else
			break;
	}
	*ls = a;
	*le = b;
}

static bool latin_label(const char *s, size_t n, size_t maxlen, label_match *m);

/* "Q1:", "A12." — numbered question and answer marks (FAQs, briefing
 * notes): the mark "Q" / "A" is the label; bare (bare_q_is_marker: the
 * document must ask with them), so a release's "Q1: revenue grew" is no
 * label. */
static bool numbered_qa_label(const char *s, size_t n, label_match *m)
{
	size_t d = 1;
	while (d < n && d < 4 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d == 1 || d >= n || (s[d] != ':' && s[d] != '.' && s[d] != ')') ||
	    (d + 1 < n && s[d + 1] != ' '))
		return false;
	size_t rest = d + 1;
	while (rest < n && s[rest] == ' ')
		rest++;
	/* "A12. WILLESEE: ..." — OCR's page furniture before a label of its own */
	label_match next;
	if (latin_label(s + rest, n - rest, PD_MAX_LABEL_CHARS, &next) && next.shape == LABEL_UPPER)
		return false;
	m->shape = LABEL_QA;
	m->start = 0;
	m->len = 1;
	m->colon = s[d] == ':';
	m->rest = rest;
	m->alone = rest >= n;
	m->bare = true;
	m->role_word = true;
	return true;
}

static bool qa_label(const char *s, size_t n, label_match *m)
{
	if (n < 2 || (s[0] != 'Q' && s[0] != 'A'))
		return false;
	if (s[1] >= '0' && s[1] <= '9')
		return numbered_qa_label(s, n, m);
	char p = s[1];
	size_t rest = 2;
	if (p == ' ' && n > 2 && (s[2] == ':' || s[2] == '.')) {
		p = s[2];
		rest = 3;
	}
	/* "Q  Thank you." — White House transcripts write the question
	 * marker with two spaces and no stop; the next word is capitalised */
	if (s[0] == 'Q' && p == ' ') {
		size_t r = 1;
		while (r < n && s[r] == ' ')
			r++;
		if (r >= n || !((s[r] >= 'A' && s[r] <= 'Z') || s[r] == '"' || s[r] == '\''))
			return false;
		/* "Q PRIME MINISTER: ..." is a label of its own, not a marker */
		label_match next;
		if (latin_label(s + r, n - r, PD_MAX_LABEL_CHARS, &next) && next.shape == LABEL_UPPER)
			return false;
		m->shape = LABEL_QA;
		m->len = 1;
		m->rest = r;
		m->bare = true;
		m->role_word = true;
		return true;
	}
	if (p != '.' && p != ':' && p != ')')
		return false;
	if (rest < n && s[rest] != ' ')
		return false;
	/* "A. B. Smith" is initials, not an answer marker */
	if (s[0] == 'A' && p == '.' && rest + 2 < n && s[rest + 2] == '.')
		return false;
	if (s[0] == 'A' && p == '.')
		return false;
	m->shape = LABEL_QA;
	m->start = 0;
	m->len = 1;
	m->colon = p == ':';
	while (rest < n && s[rest] == ' ')
		rest++;
	m->rest = rest;
	m->alone = rest >= n;
	m->role_word = true;
	return true;
}

/* Whether s (n bytes) is a title word of the record style
 * (record_title_words). */
static bool record_title_word(const char *s, size_t n)
{
	/* every line that is no other label comes here: most leave at once */
	if (n < 3 || n > 14 || !(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	return in_list_n(s, n, RECORD_TITLE_WORDS);
}

/* A surname as the record style writes it: capitals, with "Mc"/"Mac"
 * and apostrophes or hyphens inside ("McCAUL", "O'ROURKE", "JACKSON"). */
static bool record_surname(const char *s, size_t n)
{
	size_t i = 0, caps = 0;
	if (n >= 4 && s[0] == 'M' && s[1] == 'c')
		i = 2;
	else if (n >= 5 && s[0] == 'M' && s[1] == 'a' && s[2] == 'c' && s[3] >= 'A' && s[3] <= 'Z')
		i = 3;
	for (; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			caps++;
		else if (s[i] != '\'' && s[i] != '-')
			return false;
	}
	return caps >= 2;
}

/* The bytes of the first word of s (up to its first space), 15 when it
 * has more: a record label's first word has at most fourteen. */
static size_t first_word_len15(const char *s, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
		return (size_t)__builtin_ctz(spaces | 0x8000u);
	}
#endif
	size_t k = 0;
	while (k < n && k < 15 && s[k] != ' ')
		k++;
	return k;
}

/* "Senator RISCH. Mr. Secretary, ...": one to three title words, one to
 * three surnames in capitals, a full stop, then the speech. */
static bool record_label(const char *s, size_t n, label_match *m)
{
	/* a title word opens the label: most lines that are no other label
	 * leave here, after the first fifteen bytes at most (the longest
	 * title word has fourteen; a walk over the whole first word was a
	 * tenth of the line-start label test) */
	if (!n || !(s[0] >= 'A' && s[0] <= 'Z') || !record_title_word(s, first_word_len15(s, n)))
		return false;
	size_t i = 0, titles = 0, names = 0;
	while (i < n) {
		size_t w = i;
		while (w < n && s[w] != ' ')
			w++;
		size_t wl = w - i;
		bool last = wl > 1 && s[w - 1] == '.' && (w == n || s[w] == ' ');
		if (names == 0 && titles < 3 && record_title_word(s + i, wl)) {
			titles++;
		} else if (titles && names < 3 && record_surname(s + i, last ? wl - 1 : wl)) {
			names++;
			if (last) {
				size_t rest = w;
				while (rest < n && s[rest] == ' ')
					rest++;
				if (rest < n && !((s[rest] >= 'A' && s[rest] <= 'Z') || s[rest] == '"' ||
						  s[rest] == '\'' || s[rest] == '['))
					return false;
				m->shape = LABEL_UPPER;
				m->start = 0;
				m->len = w - 1;
				m->rest = rest;
				m->alone = rest >= n;
				m->stop = true;
				return true;
			}
		} else {
			return false;
		}
		i = w;
		while (i < n && s[i] == ' ')
			i++;
	}
	return false;
}

/* "發言人歐江安", "主持人李明": an office, then a name of two to four
 * characters, as a spokesperson is labelled at the opening statement
 * before "發言人答" takes over. */
static bool cjk_role_then_name(const char *s, size_t len)
{
	static const char *const offices[] = {
		"发言人", "發言人", "新闻发言人", "新聞發言人", "主持人", "记者", "記者",
	};
	for (size_t k = 0; k < sizeof offices / sizeof *offices; k++) {
		size_t ol = strlen(offices[k]);
		if (len <= ol || memcmp(s, offices[k], ol) != 0)
			continue;
		size_t chars = 0;
		for (size_t i = ol; i < len;) {
			uint32_t cp;
			i += pd_utf8_decode(s + i, len - i, &cp);
			if (!pd_cp_is_cjk(cp))
				return false;
			chars++;
		}
		return chars >= 2 && chars <= 4;
	}
	return false;
}

/* "国务院新闻办公室新闻局副局长、新闻发言人 寿小丽": offices (joined by 、),
 * a space, a name of two to four characters. */
static bool cjk_offices_then_name(const char *s, size_t len)
{
	const char *sp = NULL;
	for (size_t i = len; i > 0 && !sp; i--)
		if (s[i - 1] == ' ')
			sp = s + i - 1;
	if (!sp || sp == s)
		return false;
	size_t chars = 0;
	for (const char *c = sp + 1; c < s + len;) {
		uint32_t cp;
		c += pd_utf8_decode(c, (size_t)(s + len - c), &cp);
		if (!pd_cp_is_cjk(cp))
			return false;
		chars++;
	}
	return chars >= 2 && chars <= 4 && pd_label_cjk_office(s, (size_t)(sp - s));
}

size_t pd_label_cjk_name_at(const char *label, size_t n)
{
	if (!cjk_offices_then_name(label, n))
		return 0;
	size_t at = n;
	while (at > 0 && label[at - 1] != ' ')
		at--;
	return at;
}

/* "陳發言人宗彥", "王部長美花": a surname, an office, the given name (how
 * Taiwan's government writes its officials in transcripts). */
static bool cjk_surname_office_name(const char *s, size_t len)
{
	size_t office;
	return pd_label_cjk_surname_office(s, len, &office) > 0;
}

size_t pd_label_cjk_surname_office(const char *s, size_t len, size_t *office_len)
{
	static const char *const offices[] = {
		"發言人", "发言人", "部長", "部长", "院長", "院长", "副院長", "副院长", "局長",
		"局长", "主委", "署長", "署长", "市長", "市长", "次長", "次长", "司長", "司长",
		"處長", "处长", "秘書長", "秘书长", "縣長", "县长", "主任", "總統", "总统",
		"副總統", "副总统", "委員", "委员", "議員", "议员", "政委",
	};
	uint32_t cp;
	size_t first = len ? pd_utf8_decode(s, len, &cp) : 0;
	if (!first || !pd_cp_is_cjk(cp))
		return 0;
	for (size_t k = 0; k < sizeof offices / sizeof *offices; k++) {
		size_t ol = strlen(offices[k]);
		if (len <= first + ol || memcmp(s + first, offices[k], ol) != 0)
			continue;
		size_t chars = 0;
		for (size_t i = first + ol; i < len;) {
			i += pd_utf8_decode(s + i, len - i, &cp);
			if (!pd_cp_is_cjk(cp))
				return 0;
			chars++;
		}
		if (chars >= 1 && chars <= 2) {
			*office_len = ol;
			return first;
		}
	}
	return 0;
}

/* The label without a trailing parenthetical ("記者（中央社）" -> "記者"). */
static size_t cjk_without_paren(const char *s, size_t len)
{
	static const char close_fw[] = "\xEF\xBC\x89", open_fw[] = "\xEF\xBC\x88";
	if (len >= 3 && memcmp(s + len - 3, close_fw, 3) == 0) {
		for (size_t i = len - 3; i >= 3; i--)
			if (memcmp(s + i - 3, open_fw, 3) == 0)
				return i - 3;
	} else if (len && s[len - 1] == ')') {
		const char *o = memchr(s, '(', len);
		if (o)
			return (size_t)(o - s);
	}
	return len;
}

/* Whether any of the first n bytes of s is 0x80 or above (not ASCII). */
static bool any_high_byte(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i))))
			return true;
	/* the bytes after the last whole sixteen in the last sixteen read
	 * again, not a byte loop (0.5 M of cjk_label's instructions on the
	 * first 500 dev files) */
	if (i == n)
		return false;
	if (n >= 16)
		return _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16))) != 0;
#endif
	/* a window under sixteen bytes in two words that overlap (without
	 * SSE2 a longer one goes byte by byte) */
	if (n >= 8 && n < 16) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return ((a | b) & 0x8080808080808080u) != 0;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* The bytes a CJK label's first CJK character stands within (21
 * characters of up to four bytes). */
#define CJK_LABEL_BYTES 84

/* A CJK label: up to 20 characters before a colon, at least one CJK (up
 * to 40, and 、, for offices before a name: cjk_offices_then_name). */
static bool cjk_label(const char *s, size_t n, label_match *m)
{
	/* a label here has a CJK character (not ASCII) before its colon,
	 * its first within the first 21 characters (84 bytes): most lines,
	 * ASCII there, are turned away without decoding them */
	if (!any_high_byte(s, n < CJK_LABEL_BYTES ? n : CJK_LABEL_BYTES))
		return false;
	size_t i = 0, chars = 0, cjk = 0, spaces = 0;
	bool long_office = false;
	while (i < n && chars <= 40) {
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFF1A || cp == ':') {
			if (!cjk || chars == 0)
				return false;
			size_t len = i;
			while (len && s[len - 1] == ' ')
				len--;
			if ((long_office || chars > 20) && !cjk_offices_then_name(s, len))
				return false;
			for (size_t k = 0; k < sizeof cjk_non_label_suffixes / sizeof *cjk_non_label_suffixes; k++)
				if (ends_with(s, len, cjk_non_label_suffixes[k]))
					return false;
			size_t rest = i + l;
			while (rest < n && s[rest] == ' ')
				rest++;
			m->shape = LABEL_CJK;
			m->start = 0;
			m->len = len;
			m->colon = true;
			m->rest = rest;
			m->alone = rest >= n;
			m->role_word = cjk_role_then_name(s, len) || cjk_surname_office_name(s, len) ||
				       cjk_offices_then_name(s, len);
			size_t bare = cjk_without_paren(s, len);
			for (size_t k = 0; k < sizeof cjk_role_suffixes / sizeof *cjk_role_suffixes; k++)
				if (ends_with(s, bare, cjk_role_suffixes[k]))
					m->role_word = true;
			return true;
		}
		if (pd_cp_is_cjk(cp))
			cjk++;
		else if (cp == 0x3001)   /* 、 */
			long_office = true;
		else if (cp == ' ') {
			if (++spaces > 2)
				return false;
		} else if (!(pd_cp_is_alnum(cp) || cp == 0xB7 || cp == 0x30FB || cp == '(' ||
			     cp == ')' || cp == 0xFF08 || cp == 0xFF09 || cp == '-' || cp == '.')) {
			return false;
		}
		chars++;
		i += l;
	}
	return false;
}

/* "reporter", "Reporter", "JOURNALIST" ... in any case. */
static bool is_reporter_word_ci(const char *w, size_t n)
{
	static const char *const words[] = { "reporter", "journalist", "correspondent" };
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		if (strnlen(words[k], 16) != n)
			continue;
		size_t i = 0;
		while (i < n && (w[i] | 32) == words[k][i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* Lower-case words of labels that name a reporter by outlet: "CCTV
 * reporter", "Reporter from China Daily", "Journalist with Reuters". */
static bool is_reporter_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"reporter", "journalist", "correspondent", "from", "with",
	};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strnlen(words[k], 16) == n && memcmp(words[k], w, n) == 0)
			return true;
	return false;
}

/* Whether the label (s, n) as written names a reporter by outlet:
 * "Reporter" first ("Reporter from China Daily") or "reporter" last
 * ("CCTV reporter"), not in capitals (OCR runs speech into "JOURNALIST"
 * labels: "Fax from JOURNALIST"), no sentence inside ("Budget. Reporter"),
 * and "from"/"with" only after a leading "Reporter". */
static bool names_reporter(const char *s, size_t n)
{
	if (memchr(s, '.', n))
		return false;
	size_t fe = 0;
	while (fe < n && s[fe] != ' ')
		fe++;
	size_t ls = n;
	while (ls > 0 && s[ls - 1] != ' ')
		ls--;
	bool first = fe < n && is_upper((unsigned char)s[0]) && fe > 1 &&
		     is_lower((unsigned char)s[1]) && is_reporter_word_ci(s, fe);
	bool last = ls > 0 && is_lower((unsigned char)s[n - 1]) && is_reporter_word_ci(s + ls, n - ls);
	if (!first && !last)
		return false;
	if (!first)
		for (size_t i = 0; i + 1 < n; i++)
			if (s[i] == ' ' && (strncmp(s + i + 1, "from ", 5) == 0 ||
					    strncmp(s + i + 1, "with ", 5) == 0))
				return false;
	return true;
}

/* A Latin-script label ending in a colon (see the file comment). */
static bool colon_mark(char c)
{
	return c == ':' || c == ';' || (unsigned char)c == 0xEF;
}

#if defined(__SSE2__)
/* The colon marks (colon_mark) among the sixteen bytes at s, a bit each. */
static unsigned colon_marks16(const char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i colons = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8(';'));
	__m128i wide = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(colons, wide));
}
#endif

/* 1 + the place of the last colon, semicolon or lead byte of a
 * full-width colon (0xEF) in the first maxlen + 1 bytes, 0 when none:
 * latin_label ends at one, so a line without one is not a label (and most
 * lines are not), and a label's capitals stand before the last (the walk
 * gives up on prose with a colon by them: latin_walk). */
static size_t colon_bound(const char *s, size_t n, size_t maxlen)
{
	size_t end = n < maxlen + 1 ? n : maxlen + 1;
#if defined(__SSE2__)
	if (end >= 16) {
		/* the window's last sixteen bytes first, then back sixteen at a
		 * time (the first block may overlap the second) */
		for (size_t b = end - 16;; b = b >= 16 ? b - 16 : 0) {
			unsigned marks = colon_marks16(s + b);
			if (marks)
				return b + 32 - (size_t)__builtin_clz(marks);
			if (b == 0)
				return 0;
		}
	}
#endif
	for (size_t i = end; i > 0; i--)
		if (colon_mark(s[i - 1]))
			return i;
	return 0;
}

/* "(00:01:02)", "[1:02]", "(00:03.5)": a recording's time stamp after a
 * label (automatic transcripts: "Speaker 1 (00:00:03):"). Returns its
 * length with the brackets, or 0. */
static size_t timestamp_at(const char *s, size_t n)
{
	char close = s[0] == '(' ? ')' : ']';
	size_t i = 1, digits = 0, seps = 0;
	for (; i < n && i < 16 && s[i] != close; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == ':' || s[i] == '.')
			seps++;
		else
			return 0;
	}
	if (i >= n || s[i] != close || digits < 3 || seps < 1 || memchr(s, ':', i) == NULL)
		return 0;
	return i + 1;
}

/* "Speaker 2", "Community Member 1": the digits of a number of one or two
 * digits that is the label's last word, after a word of three letters or
 * more (not OCR's "T 1", "8 KE", "CCGfrRENCE 184"); 0 when there is none. */
static size_t digits_of_trailing_number(const char *s, size_t n)
{
	size_t e = n, b = n;
	while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9')
		b--;
	if (b == e || e - b > 2 || b < 4 || s[b - 1] != ' ' ||
	    ((s[0] | 32) == 'e' && (s[1] | 32) == 'n' && (s[2] | 32) == 'd' && s[3] == ' '))
		return 0;   /* ("END 1: 39 P.M." is a time) */
	size_t w = b - 1;   /* the word before it */
	size_t letters = 0;
	while (w > 0 && s[w - 1] != ' ') {
		unsigned char c = (unsigned char)s[w - 1];
		letters += (c | 32) >= 'a' && (c | 32) <= 'z';
		w--;
	}
	return letters >= 3 ? e - b : 0;
}

/* "Laura Kuenssberg, BBC", "Jane Doe, Sky News": a reporter's name, one
 * comma, then the outlet (a known one, an acronym in capitals, or words
 * ending in a newsroom word). Not "Well, yes" nor "Thank you, Minister". */
static bool name_then_outlet(const char *s, size_t n)
{
	static const char *const newsroom[] = {
		"News", "Times", "Post", "Radio", "Television", "TV", "Herald", "Press", "Agency",
		"Daily", "Journal", "Network", "Broadcasting", "Telegraph", "Guardian", "Reuters",
	};
	const char *comma = memchr(s, ',', n);
	if (!comma || memchr(comma + 1, ',', n - (size_t)(comma - s) - 1))
		return false;
	size_t name_words = 0;
	for (size_t i = 0; s + i < comma; i++)
		name_words += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	const char *o = comma + 1;
	while (o < s + n && *o == ' ')
		o++;
	size_t on = n - (size_t)(o - s);
	if (name_words < 2 || name_words > 4 || on < 2 || on > 40)
		return false;
	char key[64];
	pd_label_key(o, on, key, sizeof key);
	if (pd_label_is_outlet(key))
		return true;
	size_t caps = 0;
	for (size_t i = 0; i < on; i++)
		caps += o[i] >= 'A' && o[i] <= 'Z';
	if (caps == on && on <= 6)   /* BBC, ITV, AFP, NHK */
		return true;
	const char *last = o + on;
	while (last > o && last[-1] != ' ')
		last--;
	size_t ll = (size_t)(o + on - last);
	for (size_t k = 0; k < sizeof newsroom / sizeof *newsroom; k++)
		if (strlen(newsroom[k]) == ll && memcmp(newsroom[k], last, ll) == 0)
			return true;
	return false;
}

/* "SPEAKER 2", "MALE SPEAKER 1", "REPORTER 3", "MAN 1": a numbered voice of an
 * automatic or agency transcript, a speaker wherever it stands ("SPEAKER"
 * alone is a parliament's presiding officer, and needs evidence). */
static bool numbered_voice(const char *key)
{
	static const char *const voices[] = {
		"SPEAKER", "MALE SPEAKER", "FEMALE SPEAKER", "UNIDENTIFIED SPEAKER", "UNKNOWN SPEAKER",
		"PARTICIPANT", "AUDIENCE MEMBER", "PANELIST", "PANELLIST", "VOICE", "INTERVIEWEE",
		/* a video's vox pops: "Man 1:", "Woman 2:" */
		"MAN", "WOMAN", "MALE", "FEMALE", "MALE VOICE", "FEMALE VOICE", "CHILD", "BOY",
		"GIRL", "RESIDENT",
	};
	size_t n = strlen(key), b = n;
	while (b > 0 && key[b - 1] >= '0' && key[b - 1] <= '9')
		b--;
	if (b == n || n - b > 2 || b < 2 || key[b - 1] != ' ')
		return false;
	char head[32];
	if (b - 1 >= sizeof head)
		return false;
	memcpy(head, key, b - 1);
	head[b - 1] = '\0';
	for (size_t i = 0; i < sizeof voices / sizeof *voices; i++)
		if (strcmp(head, voices[i]) == 0)
			return true;
	return pd_label_is_journalist_word(head);
}

/* The first comma of s[0..n) outside parentheses ("Question (Sidhant
 * Sibal, WION)" has none), or NULL. */
static const char *comma_outside_parens(const char *s, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (s[i] == ',' && depth == 0)
			return s + i;
	}
	return NULL;
}

/* Capitalised words (particles allowed) in s[0..n); 0 when one is not. */
static size_t capitalised_words(const char *s, size_t n)
{
	size_t words = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e == i)
			break;
		bool dash = (e - i == 1 && s[i] == '-') ||
			    (e - i == 3 && memcmp(s + i, "\xE2\x80", 2) == 0 &&
			     (s[i + 2] == '\x93' || s[i + 2] == '\x94'));   /* "–", "—" */
		if (!dash && !(s[i] >= 'A' && s[i] <= 'Z') && !is_particle(s + i, e - i))
			return 0;
		words += !dash;
		i = e;
	}
	return words;
}

/* The bytes of an honorific and its space opening s ("Shri ", "Mr. "),
 * or 0. */
static size_t starts_with_honorific(const char *s, size_t n)
{
	static const char *const honorifics[] = { "Shri ", "Smt. ", "Smt ", "Mr ", "Mr. ",
						  "Mrs ", "Mrs. ", "Ms ", "Ms. ", "Dr ", "Dr. " };
	for (size_t k = 0; k < sizeof honorifics / sizeof *honorifics; k++) {
		size_t hl = strlen(honorifics[k]);
		if (n > hl && memcmp(s, honorifics[k], hl) == 0)
			return hl;
	}
	return 0;
}

bool pd_label_key_has_word(const char *key, const char *const *words, size_t count)
{
	for (const char *w = key; *w;) {
		const char *e = strchr(w, ' ');
		size_t wl = e ? (size_t)(e - w) : strlen(w);
		for (size_t k = 0; k < count; k++)
			if (strlen(words[k]) == wl && memcmp(words[k], w, wl) == 0)
				return true;
		if (!e)
			break;
		w = e + 1;
	}
	return false;
}

/* Whether one of the words of s[0..n), in capitals, is in list. */
static bool holds_word(const char *s, size_t n, const char *const *list, size_t count)
{
	char key[96];
	pd_label_key(s, n, key, sizeof key);
	return pd_label_key_has_word(key, list, count);
}

bool pd_label_office_and_name(const char *s, size_t n)
{
	static const char *const offices[] = {
		"MINISTER", "SECRETARY", "PRESIDENT", "GOVERNOR", "MAYOR", "CHAIRMAN",
		"DIRECTOR", "CHIEF", "COMMISSIONER", "PROSECUTOR", "AMBASSADOR", "SPOKESPERSON",
		"MARSHAL", "GENERAL",
	};
	/* words a name does not hold: an office's, an organisation's */
	static const char *const not_names[] = {
		"MINISTER", "SECRETARY", "PRESIDENT", "GOVERNOR", "MAYOR", "CHAIRMAN", "DIRECTOR",
		"CHIEF", "COMMISSIONER", "OFFICER", "OFFICE", "COUNCIL", "COMMITTEE", "CONTACT",
		"DEPARTMENT", "AFFAIRS", "RESOURCES", "SERVICE", "SERVICES", "TRADE", "INDUSTRY",
		"UNIVERSITY", "INSTITUTE", "ASSOCIATION", "PARTY", "GOVERNMENT",
	};
	bool lower = false;   /* a name in mixed case: most labels leave here */
	for (size_t i = 0; i < n && !lower; i++)
		lower = s[i] >= 'a' && s[i] <= 'z';
	if (!lower)
		return false;
	size_t words = capitalised_words(s, n);
	if (words < 3 || words > 14 || comma_outside_parens(s, n) || memchr(s, '(', n) ||
	    starts_with_honorific(s, n) || !holds_word(s, n, offices, sizeof offices / sizeof *offices))
		return false;   /* ("Mr. Prime Minister and Mrs. Holt" greets them) */
	/* the last two words: a name, in mixed case (not "MP", "AM"), after a
	 * capitalised word ("Prime Minister of New Zealand" is an office) */
	size_t e = n, at = n;
	for (int w = 0; w < 3; w++) {
		while (at > 0 && s[at - 1] != ' ')
			at--;
		size_t small = 0;
		for (size_t k = at; k < e; k++)
			small += s[k] >= 'a' && s[k] <= 'z';
		if (!(s[at] >= 'A' && s[at] <= 'Z') || is_particle(s + at, e - at) ||
		    (w < 2 && (!small || holds_word(s + at, e - at, not_names,
						    sizeof not_names / sizeof *not_names))) ||
		    at == 0)
			return false;
		e = at - 1;
		at = e;
	}
	return true;
}


/* "Official Spokesperson, Shri Arindam Bagchi", "Secretary of State,
 * Antony Blinken": an office of one to five words, one comma, a name of
 * two to five (an honorific counts). Not "Thank you, Minister" (no
 * office before the comma) nor "Well, Prime Minister". */
static bool office_then_name(const char *s, size_t n, const char *comma)
{
	static const char *const offices[] = {
		"SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "MINISTER", "SECRETARY", "PRESIDENT",
		"AMBASSADOR", "DIRECTOR", "COMMISSIONER", "GOVERNOR", "MAYOR", "PREMIER", "CHAIR",
		"CHAIRMAN", "CHAIRPERSON", "CHANCELLOR", "SENATOR", "ENVOY", "ADVISER", "ADVISOR",
		"SPEAKER", "LEADER", "GENERAL", "OFFICER", "COMMANDER", "CHIEF", "ATTORNEY",
	};
	size_t head = (size_t)(comma - s);
	if (memchr(comma + 1, ',', n - head - 1))
		return false;
	/* "Mr. Prime Minister, Ladies and Gentlemen": an address */
	static const char *const address[] = { "Mr ", "Mr. ", "Madam ", "Madame ", "Mrs ", "Mrs. " };
	for (size_t k = 0; k < sizeof address / sizeof *address; k++)
		if (head > strlen(address[k]) && memcmp(s, address[k], strlen(address[k])) == 0)
			return false;
	for (const char *w = comma + 1; w + 5 <= s + n; w++)
		if (strncasecmp(w, " and ", 5) == 0)
			return false;
	size_t hw = capitalised_words(s, head), nw = capitalised_words(comma + 1, n - head - 1);
	/* a whole name: "Mr Whitlam" ends a sentence broken over lines ("...
	 * by the Prime Minister and / Minister for Foreign Affairs, Mr
	 * Whitlam: ...") more often than it labels a speaker */
	const char *name = comma + 1;
	while (name < s + n && *name == ' ')
		name++;
	nw -= nw > 0 && starts_with_honorific(name, (size_t)(s + n - name));
	if (hw < 1 || hw > 5 || nw < 2 || nw > 5)
		return false;
	return holds_word(s, head, offices, sizeof offices / sizeof *offices) &&
	       !holds_word(comma + 1, n - head - 1, offices, sizeof offices / sizeof *offices);
}

bool pd_label_office_then_name(const char *label, size_t n, size_t *office_len,
			       size_t *name_at)
{
	const char *comma = comma_outside_parens(label, n);
	if (!comma || !office_then_name(label, n, comma))
		return false;
	/* in capitals, "MINISTER FOR ROADS, MARITIME AND FREIGHT" is one
	 * office: only a name written in mixed case is told apart */
	bool lower = false;
	for (const char *c = comma + 1; c < label + n && !lower; c++)
		lower = *c >= 'a' && *c <= 'z';
	if (!lower)
		return false;
	size_t at = (size_t)(comma - label) + 1;
	while (at < n && label[at] == ' ')
		at++;
	at += starts_with_honorific(label + at, n - at);
	*office_len = (size_t)(comma - label);
	*name_at = at;
	return true;
}

size_t pd_label_paren_base(const char *label, size_t n)
{
	size_t e = n, groups = 0;
	/* NATO writes brackets: "Moderator [Oana Lungescu]", "Question [Reuters]" */
	while (e > 0 && (label[e - 1] == ')' || label[e - 1] == ']')) {
		char open = label[e - 1] == ')' ? '(' : '[';
		size_t o = e - 1;
		while (o > 0 && label[o - 1] != open && label[o - 1] != ')' && label[o - 1] != ']')
			o--;
		if (o == 0 || label[o - 1] != open || e - o < 3 || !(label[o] >= 'A' && label[o] <= 'Z'))
			return 0;   /* "(2)", "(inaudible)": not a name, seat or party */
		e = o - 1;
		while (e > 0 && label[e - 1] == ' ')
			e--;
		groups++;
	}
	if (!groups || !e || !capitalised_words(label, e) || capitalised_words(label, e) > 5)
		return 0;
	return e;
}

/* latin_label's walk over the label's characters up to its colon: false
 * where one turns the label away, else what it counted in *w. The colon
 * is no further than bound - 1 (colon_bound). */
static bool latin_walk(const char *s, size_t n, size_t maxlen, size_t bound, pd_label_walk *w)
{
	size_t i = 0, upper = 0, lower = 0, words = 0, digits = 0, ocr_junk = 0, reporter_words = 0;
	size_t stamp = 0;   /* where a "(00:01:02)" after the name starts */
	int paren = 0;
	bool word_start = true, bad_word = false;
	bool in_bracket = false, bracketed = false;   /* a trailing "[...]" opened, closed */
	while (i < n && i <= maxlen) {
		/* an ASCII letter inside a word outside brackets, most of a
		 * label's bytes, only counted: through the tests below, a
		 * decode and a dozen compares a byte, the walks took 4.2 M
		 * instructions on the first 500 dev files, 3.3 M so */
		unsigned char b = (unsigned char)s[i];
		if (!word_start && paren == 0 && !stamp && !bracketed && (b | 32) >= 'a' && (b | 32) <= 'z') {
			if (b <= 'Z') {
				upper++;
			} else {
				lower++;   /* with the test below for a small letter */
				if (bad_word && 4 * lower > upper + (bound - i))
					return false;
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = pd_utf8_decode(s + i, n - i, &cp);
		size_t ts;
		if (paren == 0 && (cp == '(' || cp == '[') && (ts = timestamp_at(s + i, n - i)) > 0) {
			if (stamp || words == 0)
				return false;
			stamp = i;
			i += ts;
			continue;
		}
		/* "O';BRIEN:": an apostrophe's entity left in a name */
		if (cp == ';' && i > 0 && s[i - 1] == '\'' && i + 1 < n && ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z')) {
			i++;
			continue;
		}
		if (cp == ':' || cp == 0xFF1A || cp == ';')
			break;
		if (stamp && cp != ' ')
			return false;   /* the time stamp ends the label */
		if (bracketed && cp != ' ')
			return false;   /* "[Laughter] DAVEY": the brackets end the label */
		if (cp == '[') {   /* "Question [Reuters]:" as "(Reuters)", at the end */
			if (words == 0 || paren != 0)
				return false;   /* "[CLIP] RIDOUT", OCR's "] PRIE M[ NISTER" */
			paren++;
			in_bracket = true;
		} else if (cp == ']') {
			if (!in_bracket)
				return false;
			paren--;
			bracketed = true;
		} else if (cp == '(') {
			paren++;
		} else if (cp == ')') {
			paren--;
		} else if (cp == ' ') {
			word_start = true;
		} else if (is_upper(cp) || is_lower(cp) || pd_cp_is_alnum(cp)) {
			if (word_start && paren == 0) {
				words++;
				/* a mixed-case word must start upper case or be a particle */
				if (is_lower(cp)) {
					size_t e = i;
					while (e < n && s[e] != ' ' && s[e] != ':')
						e++;
					if (is_reporter_word(s + i, e - i))
						reporter_words++;
					else if (!is_particle(s + i, e - i))
						bad_word = true;
				}
			}
			word_start = false;
			if (paren == 0) {
				if (cp >= '0' && cp <= '9')
					digits++;
				else if (is_upper(cp))
					upper++;
				else if (is_lower(cp)) {
					lower++;
					/* a word opening in lower case fails a mixed-case
					 * label, and an upper-case one needs four capitals
					 * per small letter: when the bytes left before
					 * the last colon mark could not bring them,
					 * neither can follow (prose with a colon leaves
					 * here: bounded by the window, not the last mark,
					 * the walk read twice as far) */
					if (bad_word && 4 * lower > upper + (bound - i))
						return false;
				} else if (pd_cp_is_cjk(cp))
					return false;
			}
		} else if (cp == '=' || cp == '~' || cp == '|') {
			ocr_junk++;   /* OCR: "NI= K SAVVA:" */
		} else if (!(cp == '.' || cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2013 ||
			     cp == 0x2014 || cp == '&' || cp == ',' || cp == '/')) {
			return false;
		}
		i += l;
	}
	*w = (pd_label_walk){ .colon = i, .upper = upper, .lower = lower, .words = words,
			      .digits = digits, .ocr_junk = ocr_junk, .reporter_words = reporter_words,
			      .stamp = stamp, .paren = paren, .bad_word = bad_word };
	return true;
}

/* The rest of latin_label after its walk (*w): the colon and what
 * follows it, the counts' verdict, the match. */
static bool latin_label_end(const char *s, size_t n, size_t maxlen, const pd_label_walk *w,
			    label_match *m)
{
	size_t i = w->colon, upper = w->upper, lower = w->lower, words = w->words, digits = w->digits;
	size_t ocr_junk = w->ocr_junk, reporter_words = w->reporter_words, stamp = w->stamp;
	int paren = w->paren;
	bool bad_word = w->bad_word;
	if (i >= n || i > maxlen || (s[i] != ':' && s[i] != ';' && (unsigned char)s[i] != 0xEF))
		return false;
	bool semicolon = s[i] == ';';
	/* "I';m", "don';t": an apostrophe's entity left in the text, not a
	 * label's semicolon (which a space follows) */
	if (semicolon && i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z')
		return false;
	size_t colon_len = (s[i] == ':' || semicolon) ? 1 : 3;
	size_t len = stamp ? stamp : i;
	while (len && s[len - 1] == ' ')
		len--;
	if (!len || upper == 0 || paren != 0 || words == 0)
		return false;
	/* "Speaker 2": a number after the name is part of it — but not the
	 * hour of a time ("ABC 7:30", "END 1:39 P.M.") */
	size_t number = digits_of_trailing_number(s, len);
	size_t after = i + 1;
	if (number && !stamp && after < n && s[after] >= '0' && s[after] <= '9')
		return false;
	digits -= number;
	/* OCR garbles a letter into a digit or a sign ("M4R. FRASER:"): a few
	 * are tolerated in an upper-case label, none in a name */
	if (digits + ocr_junk > 0 && (digits + ocr_junk > 2 || upper < 4 || lower > 0))
		return false;
	/* "10:30", "http://", "Note: ..." */
	size_t rest = i + colon_len;
	if (rest < n && s[rest] == '/')
		return false;
	bool all_upper = lower <= upper / 4 && !(lower && upper < 3);
	/* lower-case "reporter", "from" only in "CCTV reporter", "Reporter
	 * from China Daily": the label must name a reporter first or last */
	if (reporter_words && !all_upper && !names_reporter(s, len))
		return false;
	if (!all_upper) {
		/* mixed case: a name, every word capitalised, few words; a comma
		 * only before the name's outlet ("Laura Kuenssberg, BBC:") */
		const char *comma = comma_outside_parens(s, len);
		if (bad_word || (words > 5 && !(comma && office_then_name(s, len, comma)) &&
				 !pd_label_office_and_name(s, len)) ||
		    (comma && !name_then_outlet(s, len) && !office_then_name(s, len, comma)))
			return false;
	} else if (words > 9) {
		return false;
	}
	while (rest < n && s[rest] == ' ')
		rest++;
	/* "Karine Jean-Pierre: (00:00)": the recording's time after the colon
	 * (Rev-style transcripts) is not speech */
	size_t ts = rest < n && (s[rest] == '(' || s[rest] == '[') ? timestamp_at(s + rest, n - rest) : 0;
	if (ts) {
		rest += ts;
		while (rest < n && s[rest] == ' ')
			rest++;
	}
	/* a semicolon stands for a colon only after an upper-case label
	 * ("JOURNALIST; Prime Minister, ..." in OCR'd text) */
	if (semicolon && !all_upper)
		return false;
	m->shape = all_upper ? LABEL_UPPER : LABEL_MIXED;
	m->start = 0;
	m->len = len;
	m->colon = !semicolon;
	m->rest = rest;
	m->alone = rest >= n;
	return true;
}

static bool latin_label(const char *s, size_t n, size_t maxlen, label_match *m)
{
	pd_label_walk w;
	size_t bound = colon_bound(s, n, maxlen);
	return bound && latin_walk(s, n, maxlen, bound, &w) && latin_label_end(s, n, maxlen, &w, m);
}

/* Whether latin_walk reads no byte of a label past its colon (len bytes
 * before it) and nothing but them: ASCII, no bracket that may open a time
 * stamp (timestamp_at reads on), no semicolon. Its walk is the same on
 * every line that opens with these bytes and the colon (where the walk
 * would give up earlier on a shorter line, as a shorter window lets it,
 * latin_label_end turns the label away too: too many small letters). */
static bool walk_reads_label_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '(' || s[i] == '[' || s[i] == ';')
			return false;
	return true;
}

/* latin_label (PD_MAX_LABEL_CHARS) through the memo: the walk of a label
 * the document wrote before, with a colon, is kept for its bytes (the
 * walk of "PRIME MINISTER:" on every line that opens with it was a third
 * of the line-start label test). */
static bool latin_label_memo(const char *s, size_t n, label_match *m, pd_label_memo *memo)
{
	if (!memo)
		return latin_label(s, n, PD_MAX_LABEL_CHARS, m);
	for (size_t k = 0; k < PD_LABEL_MEMO_SLOTS; k++) {
		const struct pd_label_walk_slot *e = &memo->walks[k];
		if (e->len && e->len <= n && memcmp(e->label, s, e->len) == 0)
			return latin_label_end(s, n, PD_MAX_LABEL_CHARS, &e->walk, m);
	}
	pd_label_walk w;
	size_t bound = colon_bound(s, n, PD_MAX_LABEL_CHARS);
	if (!bound || !latin_walk(s, n, PD_MAX_LABEL_CHARS, bound, &w) ||
	    !latin_label_end(s, n, PD_MAX_LABEL_CHARS, &w, m))
		return false;
	if (s[w.colon] == ':' && w.colon + 1 <= PD_LABEL_MEMO_BYTES && walk_reads_label_only(s, w.colon)) {
		struct pd_label_walk_slot *e = &memo->walks[memo->next_walk++ % PD_LABEL_MEMO_SLOTS];
		e->len = (unsigned char)(w.colon + 1);
		memcpy(e->label, s, w.colon + 1);
		e->walk = w;
	}
	return true;
}

static bool is_continuation(const char *s, size_t n)
{
	/* "(cont)", "( Cont'd)", "(CONTD.)", "(continuing)": a parenthesis
	 * that opens with "cont"; "- continued". One pass looks only where a
	 * '(' or '-' stands (a pass for the parentheses and another comparing
	 * fifteen marks, all of them parentheses that open with "cont" but
	 * one, were 0.4 % of the parser) */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-' && i + 11 <= n && memcmp(s + i, "- continued", 11) == 0)
			return true;
		if (s[i] != '(')
			continue;
		size_t j = i + 1;
		while (j < n && s[j] == ' ')
			j++;
		if (j + 4 <= n && (s[j] | 32) == 'c' && (s[j + 1] | 32) == 'o' && (s[j + 2] | 32) == 'n' &&
		    (s[j + 3] | 32) == 't' && memchr(s + j, ')', n - j < 16 ? n - j : 16))
			return true;
	}
	return false;
}

static bool label_at_start(const char *s, size_t n, bool markup, label_match *m, char *key,
			   pd_label_memo *memo);

bool pd_label_at_start(const char *s, size_t n, bool markup, label_match *m)
{
	char key[PD_LABEL_KEY_MAX];
	return pd_label_at_start_key(s, n, markup, m, key);
}

bool pd_label_at_start_key(const char *s, size_t n, bool markup, label_match *m,
			   char key[PD_LABEL_KEY_MAX])
{
	return pd_label_at_start_memo(s, n, markup, m, key, NULL);
}

bool pd_label_at_start_memo(const char *s, size_t n, bool markup, label_match *m,
			    char key[PD_LABEL_KEY_MAX], pd_label_memo *memo)
{
	if (label_at_start(s, n, markup, m, key, memo))
		return true;
	memset(m, 0, sizeof *m);
	return false;
}

/* What cjk_label and latin_label each need first, in one pass: a byte
 * above ASCII within CJK_LABEL_BYTES (cjk_label's CJK character; the
 * lead byte of latin_label's full-width colon is one too), or a colon or
 * semicolon there (colon_bound looks within PD_MAX_LABEL_CHARS + 1
 * bytes, fewer: one further on only sends the line to the tests, which
 * turn it away). Most lines have neither and skip both tests: their own
 * scans (a pass for the high bytes, three memchr calls) were a fifth of
 * the line-start label test. */
_Static_assert(CJK_LABEL_BYTES >= PD_MAX_LABEL_CHARS + 1, "one window holds both tests' bytes");

#if defined(__SSE2__)
/* colon_or_high_byte_opens' marks of the sixteen bytes v: the top bit
 * set in every byte above ASCII and in every ':' or ';' (0x3A, 0x3B: the
 * same once their low bit is set); none in a zero byte. */
static __m128i colon_or_high_marks(__m128i v)
{
	__m128i colons = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8(';'));
	return _mm_or_si128(v, colons);
}

static __m128i colon_or_high_byte16(const char *s)
{
	return colon_or_high_marks(_mm_loadu_si128((const __m128i *)(const void *)s));
}

/* The n bytes at s (4 <= n <= 16) in the low lanes of a register, zero
 * bytes after them: the first and last n / 2 rounded up to four or eight
 * bytes, which overlap. */
static bool colon_or_high_byte_in_short(const char *s, size_t n)
{
	__m128i v;
	if (n >= 8) {
		v = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)s),
				       _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8)));
	} else {
		int32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		v = _mm_unpacklo_epi32(_mm_cvtsi32_si128(a), _mm_cvtsi32_si128(b));
	}
	return _mm_movemask_epi8(colon_or_high_marks(v)) != 0;
}
#endif

static bool colon_or_high_byte_opens(const char *s, size_t n)
{
	size_t end = n < CJK_LABEL_BYTES ? n : CJK_LABEL_BYTES;
	size_t i = 0;
#if defined(__SSE2__)
	/* most windows hold no hit: their blocks' marks are gathered and
	 * looked at once (a test and a branch per block were a tenth of
	 * this test) */
	if (end == CJK_LABEL_BYTES) {
		/* a line that fills the window (most): its five blocks and
		 * last sixteen bytes in straight code, without the loop's count
		 * and branch: 4.0 -> 3.2 M instructions on the first 500 dev
		 * files */
		__m128i marks = colon_or_high_byte16(s);
		for (size_t k = 16; k + 16 <= CJK_LABEL_BYTES; k += 16)
			marks = _mm_or_si128(marks, colon_or_high_byte16(s + k));
		marks = _mm_or_si128(marks, colon_or_high_byte16(s + CJK_LABEL_BYTES - 16));
		return _mm_movemask_epi8(marks) != 0;
	}
	if (end >= 16) {
		__m128i marks = _mm_setzero_si128();
		for (; i + 16 <= end; i += 16)
			marks = _mm_or_si128(marks, colon_or_high_byte16(s + i));
		/* the window's last sixteen bytes, some seen again */
		if (i < end)
			marks = _mm_or_si128(marks, colon_or_high_byte16(s + end - 16));
		return _mm_movemask_epi8(marks) != 0;
	}
	/* a short line in two loads: its byte loop, five instructions a
	 * byte, was 1.4 M of this test's 5.3 M on the first 500 dev files */
	if (end >= 4)
		return colon_or_high_byte_in_short(s, end);
#endif
	for (; i < end; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] | 1) == ';')
			return true;
	return false;
}

bool pd_label_may_open_at_start(const char *s, size_t n)
{
	/* the first tests of qa_label, of cjk_label and latin_label, and of
	 * record_label: a line none of them keeps is no label */
	return n && (s[0] == 'Q' || s[0] == 'A' || colon_or_high_byte_opens(s, n) ||
		     (s[0] >= 'A' && s[0] <= 'Z' && record_title_word(s, first_word_len15(s, n))));
}

bool pd_label_may_open_without_colon(const char *s, size_t n)
{
	return n && (s[0] == 'Q' || s[0] == 'A' ||
		     (s[0] >= 'A' && s[0] <= 'Z' && record_title_word(s, first_word_len15(s, n))));
}

/* What label_at_start concludes from the label's own bytes and shape:
 * its key, whether it passes the field tests, whether the label itself
 * says it continues, whether it names a role. */
typedef struct label_facts {
	bool keep, continued, role_word;
} label_facts;

static label_facts label_facts_of(const char *label, size_t len, label_shape shape, char *key)
{
	label_facts f = { 0 };
	pd_label_key(label, len, key, PD_LABEL_KEY_MAX);
	if (!key[0])
		return f;
	if (shape != LABEL_MARKUP && shape != LABEL_CJK && is_field_key(key))
		return f;
	/* the first word alone may also be a field name ("SUBJECTS LEADERSHIP:") */
	if (shape == LABEL_UPPER || shape == LABEL_MIXED) {
		char first[32];
		size_t k = 0;
		while (key[k] && key[k] != ' ' && k < sizeof first - 1) {
			first[k] = key[k];
			k++;
		}
		first[k] = '\0';
		if (key[k] == ' ' && (strcmp(first, "SUBJECTS") == 0 || strcmp(first, "SUBJECT") == 0 ||
				      strcmp(first, "TOPICS") == 0 || strcmp(first, "EMBARGOED") == 0))
			return f;
	}
	f.keep = true;
	f.continued = is_continuation(label, len) || pd_label_continuation_word(label, len) < len;
	f.role_word = numbered_voice(key) || pd_label_is_journalist_word(key) || pd_label_is_outlet(key) ||
		      (shape == LABEL_MIXED && names_reporter(label, len)) || pd_label_is_host_word(key) ||
		      pd_label_is_moderator_word(key);
	return f;
}

/* label_facts_of through the memo: a transcript names the same few
 * speakers on most of its lines ("PRIME MINISTER:", "JOURNALIST:"), and
 * the key, the word lists and the continuation marks were read again for
 * each (a fifth of the line-start label test). */
static label_facts label_facts_memo(const char *label, size_t len, label_shape shape, char *key,
				    pd_label_memo *memo)
{
	if (!memo || len > PD_LABEL_MEMO_BYTES)
		return label_facts_of(label, len, shape, key);
	for (size_t k = 0; k < PD_LABEL_MEMO_SLOTS; k++) {
		const struct pd_label_memo_slot *e = &memo->slot[k];
		if (e->shape == (unsigned char)shape && e->len == len && memcmp(e->label, label, len) == 0) {
			memcpy(key, e->key, strlen(e->key) + 1);
			return (label_facts){ e->keep, e->continued, e->role_word };
		}
	}
	label_facts f = label_facts_of(label, len, shape, key);
	struct pd_label_memo_slot *e = &memo->slot[memo->next++ % PD_LABEL_MEMO_SLOTS];
	e->shape = (unsigned char)shape;
	e->len = (unsigned char)len;
	memcpy(e->label, label, len);
	memcpy(e->key, key, strlen(key) + 1);
	e->keep = f.keep;
	e->continued = f.continued;
	e->role_word = f.role_word;
	return f;
}

static bool label_at_start(const char *s, size_t n, bool markup, label_match *m, char *key,
			   pd_label_memo *memo)
{
	memset(m, 0, sizeof *m);
	if (!n)
		return false;
	if (markup) {
		size_t a, b;
		markup_label(s, n, &a, &b);
		if (b <= a)
			return false;
		m->shape = LABEL_MARKUP;
		m->start = a;
		m->len = b - a;
		m->rest = n;
		m->alone = true;
		m->colon = true;
	} else if (!qa_label(s, n, m) &&
		   !(colon_or_high_byte_opens(s, n) &&
		     (cjk_label(s, n, m) || latin_label_memo(s, n, m, memo))) &&
		   !record_label(s, n, m)) {
		return false;
	}
	label_facts f = label_facts_memo(s + m->start, m->len, m->shape, key, memo);
	if (!f.keep)
		return false;
	m->continued = f.continued ||
		       (m->rest < n && is_continuation(s + m->rest, n - m->rest > 16 ? 16 : n - m->rest));
	if (!m->role_word)
		m->role_word = f.role_word;
	return true;
}

/* pd_label_in_line's test of the label after the space at s[i]. */
static bool try_label_in_line(const char *s, size_t n, size_t i, size_t maxlen,
			      bool (*known)(const char *label, size_t len, void *ctx),
			      void *ctx, label_match *m)
{
	label_match lm;
	memset(&lm, 0, sizeof lm);
	/* after a sentence's end a known label may also be a name
	 * ("...citizens. Prime Minister: I was ...") or end in OCR's
	 * semicolon ("...that. KENNEDY; But do you ...") */
	bool after_stop = i > 0 && strchr(".?!", s[i - 1]);
	if (!latin_label(s + i + 1, n - i - 1, maxlen, &lm) ||
	    (lm.shape != LABEL_UPPER && !(after_stop && lm.shape == LABEL_MIXED)))
		return false;
	if ((!lm.colon && !after_stop) || !known(s + i + 1, lm.len, ctx))
		return false;
	/* the label must be followed by speech, not end the line —
	 * unless it follows a sentence's end ("...by policy? PRIME
	 * MINISTER:" with the answer on the next line) */
	if (lm.rest >= n - i - 1 && !after_stop)
		return false;
	*m = lm;
	m->start = i + 1;
	m->rest += i + 1;
	m->continued = is_continuation(s + m->start, m->len);
	return true;
}

bool pd_label_in_line(const char *s, size_t n, size_t from,
		      bool (*known)(const char *label, size_t len, void *ctx),
		      void *ctx, label_match *m)
{
	enum { MAXLEN = 40 };
	/* latin_label needs a colon, a semicolon or a full-width colon (0xEF
	 * lead byte) within MAXLEN bytes of the label's start: most lines
	 * have none near most capitals, so the marks are found first and
	 * only the MAXLEN + 1 bytes before each are looked at for a space
	 * and a capital (a byte loop over every line was most of this
	 * function). The labels tried, and their order, are those of a walk
	 * over every byte taking the first mark after each space. */
	size_t i = from;
	while (i + 2 < n) {
		size_t colon = i + 1 + pd_find_byte3(s + i + 1, n - i - 1, ':', ';', '\xEF');
		if (colon >= n)
			return false;
		/* a label whose first mark this is starts in [i + 1, colon
		 * - 1], no further than MAXLEN before the mark */
		if (colon > MAXLEN + 1 && i < colon - MAXLEN - 1)
			i = colon - MAXLEN - 1;
		for (; i < colon && i + 2 < n; i++)
			if (s[i] == ' ' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
			    try_label_in_line(s, n, i, MAXLEN, known, ctx, m))
				return true;
	}
	return false;
}

/* What squeeze keeps of each byte: letters upper-cased, digits and '&';
 * 0 for the bytes it drops (the bytes above ASCII, left 0, too). */
static const char squeeze_keeps[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, '&', 0, 0, 0, 0, 0, 0, 0, 0, 0,
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
	0, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0, 0, 0, 0, 0,
	0, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 0, 0, 0, 0, 0,
};

/* What squeeze keeps of byte c, upper-cased; 0 when it drops it: a look-up,
 * as the tests of its ranges took some eight instructions and two branches
 * a byte, mispredicted where lower and upper case alternate (the first
 * byte of a line, the byte after each p). */
static char squeezed(char c)
{
	return squeeze_keeps[(unsigned char)c];
}

/* Upper-cases ASCII letters and drops everything but letters, digits and
 * '&' into out, for matching banner lines. */
static size_t squeeze(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < outsz; i++) {
		char c = squeezed(s[i]);
		if (c)
			out[o++] = c;
	}
	out[o] = '\0';
	return o;
}

/* Whether squeeze(s + at, n - at) opens with `pat` (upper case, no
 * dropped bytes), matched in place. */
static bool squeezed_opens(const char *s, size_t n, size_t at, const char *pat)
{
	size_t k = 0;
	for (size_t j = at; pat[k] && j < n; j++) {
		char c = squeezed(s[j]);
		if (!c)
			continue;
		if (c != pat[k])
			return false;
		k++;
	}
	return !pat[k];
}

/* Whether squeeze(s + at, n - at), s[at] a 'p', opens with "PROOFONLY":
 * the rest after the p (most p's are followed by a kept letter other
 * than r, turned away at the first byte read). */
static bool proof_only_at(const char *s, size_t n, size_t at)
{
	return squeezed_opens(s, n, at + 1, "ROOFONLY");
}

/* strstr(squeeze(s, n), "PROOFONLY"): tried only where a 'p' or 'P'
 * stands, found sixteen bytes at a time where SSE2 is (two memchr calls
 * per line, and one more per 'p', were most of pd_line_is_banner). */
#if defined(__SSE2__)
/* Bit j set where the byte s[j] of sixteen is the lower-case letter
 * `lower` in either case. */
static unsigned letter16(const char *s, char lower)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)s), _mm_set1_epi8(0x20)),
		_mm_set1_epi8(lower)));
}

static unsigned p16(const char *s)
{
	return letter16(s, 'p');
}

/* Where the last 'y' or 'Y' of s[8..n) stands, n >= 16; 0 where none:
 * sixteen bytes at a time from the end, the first bytes of the rest
 * read again in the last step but not counted. */
static size_t last_y(const char *s, size_t n)
{
	if (n < 24) {
		unsigned ys = letter16(s + n - 16, 'y') >> (24 - n);
		return ys ? 8 + 31 - (size_t)__builtin_clz(ys) : 0;
	}
	size_t e = n;
	for (; e >= 24; e -= 16) {
		unsigned ys = letter16(s + e - 16, 'y');
		if (ys)
			return e - 16 + 31 - (size_t)__builtin_clz(ys);
	}
	unsigned ys = letter16(s + 8, 'y') & ((1u << (e - 8)) - 1);
	return ys ? 8 + 31 - (size_t)__builtin_clz(ys) : 0;
}

/* proof_only_at for each p of the sixteen bytes from b that ps marks. */
static bool proof_only_in(const char *s, size_t n, size_t b, unsigned ps)
{
	for (; ps; ps &= ps - 1)
		if (proof_only_at(s, n, b + (size_t)__builtin_ctz(ps)))
			return true;
	return false;
}
#endif

static bool squeezed_proof_only(const char *s, size_t n)
{
	/* the nine letters need nine bytes: a short line ("QUESTION:",
	 * "Yes.") is not read; and a p eight kept bytes after it, so only
	 * the first n - 8 bytes are searched for one (the last eight were
	 * another block for half the lines, and eight more steps of the byte
	 * loop for every short one: 0.5 M instructions on 500 files) */
	if (n < 9)
		return false;
	size_t m = n - 8;
#if defined(__SSE2__)
	/* the sixteen-byte steps, then the sixteen bytes ending at m less
	 * those already seen; the loop once also held the short lines' byte
	 * loop, unrolled by the compiler, whose counters cost seven
	 * instructions a block */
	if (n >= 16) {
		/* and the Y of "ONLY" at least eight bytes after it: p's only
		 * before the last y less seven, found first from the end
		 * (most lines have no y, or few p's before their last:
		 * 21 k p's visited on 500 files, not 57 k, each some thirty
		 * instructions and a branch mispredicted) */
		size_t y = last_y(s, n);
		if (!y)
			return false;
		m = y - 7;
		if (m < 16)
			return proof_only_in(s, n, 0, p16(s) & ((1u << m) - 1));
		size_t b = 0;
		for (; b + 16 <= m; b += 16)
			if (proof_only_in(s, n, b, p16(s + b)))
				return true;
		return b < m && proof_only_in(s, n, b, p16(s + m - 16) >> (16 - (m - b)));
	}
#endif
	for (size_t j = 0; j < m; j++)
		if ((s[j] | 0x20) == 'p' && proof_only_at(s, n, j))
			return true;
	return false;
}

/* Whether squeeze(s, n), first its first character (E or C), is one of
 * the literal banners: every one opens with "E&", "EO", "EM" or "CH",
 * so the second kept character is read first ("Every", "Can", "Could"
 * open many lines); asked only where the first is E or C (the loop for
 * the second once tested the first again at every step). */
static bool squeezed_literal(const char *s, size_t n, char first)
{
	char second = 0;
	for (size_t j = 1; j < n && !second; j++)
		second = squeezed(s[j]);
	if (!((first == 'E' && (second == '&' || second == 'O' || second == 'M')) ||
	      (first == 'C' && second == 'H')))
		return false;
	/* only as far as the tests read it (the longest literal compared
	 * whole has 20 characters, so 21 tell it apart) */
	char q[22];
	squeeze(s, n, q, sizeof q);
	return strncmp(q, "E&OE", 4) == 0 || strncmp(q, "E&0E", 4) == 0 ||
	       strcmp(q, "EOE") == 0 || strcmp(q, "CHECKAGAINSTDELIVERY") == 0 ||
	       strncmp(q, "EMBARGOED", 9) == 0 || strncmp(q, "EMBARGO", 7) == 0 ||
	       strcmp(q, "EOEPROOFONLY") == 0;
}

bool pd_line_is_banner(const char *s, size_t n)
{
	if (n > PD_BANNER_MAX)
		return false;
	/* this runs for every line: the squeezed text is only built for
	 * lines whose first kept character is E or C */
	size_t i = 0;
	char first = 0;
	while (i < n && !(first = squeezed(s[i])))
		i++;
	if (!first)
		return false;
	if ((first == 'E' || first == 'C') && squeezed_literal(s + i, n - i, first))
		return true;
	return squeezed_proof_only(s + i, n - i);
}

/* strchr(" -./()[]|_=*", c) != NULL, which the NUL byte passes too,
 * without a call per space of every short line. */
static bool page_mark_punct(unsigned char c)
{
	switch (c) {
	case '\0': case ' ': case '-': case '.': case '/': case '(': case ')': case '[': case ']':
	case '|': case '_': case '=': case '*':
		return true;
	default:
		return false;
	}
}

bool pd_line_is_page_marker(const char *s, size_t n)
{
	if (n > PD_PAGE_MARKER_MAX)
		return false;
	/* every word below opens with "PAGE" or "CONT": a short line of
	 * speech ("Thank you.", "PRIME MINISTER:") is turned away at the
	 * first of its first four letters that spells neither, or at a digit
	 * before the fourth ("2 Page", "P2"), not after its every byte is
	 * counted (which was most of this function's instructions) */
	size_t digits = 0, letters = 0;
	const char *word = "";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			if (letters && letters < 4)
				return false;
			digits++;
		} else if ((c | 32) >= 'a' && (c | 32) <= 'z') {
			if (!letters && !digits)
				word = (c | 32) == 'p' ? "page" : "cont";
			if (letters < 4 && (c | 32) != word[letters])
				return false;
			letters++;
		} else if (!page_mark_punct(c)) {
			return false;
		}
	}
	if (letters == 0)
		return digits <= 4 || (digits <= 6 && memchr(s, '/', n));
	char q[32];
	squeeze(s, n, q, sizeof q);
	/* "Page 2", "PAGE 2 OF 5", "cont/2", "(cont)", "Continued over" — not
	 * speech that begins so ("Continuing to battle.") */
	if (strncmp(q, "PAGE", 4) == 0 && digits)
		return true;
	static const char *const conts[] = { "CONTINUED", "CONTINUES", "CONTINUING", "CONTD", "CONT" };
	for (size_t k = 0; k < sizeof conts / sizeof *conts; k++) {
		size_t cl = strlen(conts[k]);
		if (strncmp(q, conts[k], cl) != 0)
			continue;
		const char *rest = q + cl;
		if (strncmp(rest, "ONPAGE", 6) == 0)
			rest += 6;
		else if (strncmp(rest, "PAGE", 4) == 0)
			rest += 4;
		else if (strcmp(rest, "OVER") == 0 || strcmp(rest, "OVERLEAF") == 0)
			return true;
		return strspn(rest, "0123456789") == strlen(rest);
	}
	return false;
}

bool pd_line_is_end_marker(const char *s, size_t n)
{
	/* "Ends/Saturday, June 3, 2023" (Hong Kong government releases) */
	if (n <= PD_END_MARKER_MAX && n > 5 && (s[0] | 32) == 'e' && (s[1] | 32) == 'n' &&
	    (s[2] | 32) == 'd' && (s[3] == '/' || ((s[3] | 32) == 's' && s[4] == '/')))
		return true;
	if (n > 24)
		return false;
	/* every word below opens with E or 3: other lines turned away at
	 * their first letter */
	size_t first = 0;
	while (first < n && !squeezed(s[first]))
		first++;
	if (first < n && (s[first] | 32) != 'e' && s[first] != '3')
		return false;
	char q[32];
	size_t k = squeeze(s, n, q, sizeof q);
	if (k == 0) { /* "* * *", "###", "---" (ASCII only: "好。" is speech) */
		for (size_t i = 0; i < n; i++)
			if (!strchr("*#-=_~ .", s[i]))
				return false;
		return n > 0 && n <= 12;
	}
	return strcmp(q, "ENDS") == 0 || strcmp(q, "END") == 0 ||
	       strcmp(q, "30") == 0 || strcmp(q, "ENDSTRANSCRIPT") == 0 ||
	       strcmp(q, "ENDOFTRANSCRIPT") == 0;
}

/* Skips the words in `words` (upper case) at s[*i], with spaces and
 * full stops after each: "P.M. EDT" against { "PM", ... }. */
static bool skip_word(const char *s, size_t n, size_t *i, const char *const *words, size_t nwords)
{
	char w[8];
	size_t k = 0, j = *i;
	while (j < n && k < sizeof w - 1) {
		char c = s[j];
		if (c == '.') {
			j++;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c < 'A' || c > 'Z')
			break;
		w[k++] = c;
		j++;
	}
	w[k] = '\0';
	if (!k || (j < n && s[j] != ' ' && s[j] != ')' && s[j] != ']'))
		return false;
	for (size_t x = 0; x < nwords; x++)
		if (strcmp(w, words[x]) == 0) {
			while (j < n && s[j] == ' ')
				j++;
			*i = j;
			return true;
		}
	return false;
}

bool pd_line_is_clock_time(const char *s, size_t n)
{
	static const char *const end[] = { "END", "ENDS" };
	static const char *const half[] = { "AM", "PM", "HRS", "HOURS", "H" };
	static const char *const zone[] = {
		"EDT", "EST", "CDT", "CST", "MDT", "MST", "PDT", "PST", "GMT", "UTC", "BST",
		"CET", "CEST", "AEST", "AEDT", "ACST", "AWST", "HKT", "JST", "KST", "IST",
		"LOCAL", "TIME",
	};
	if (n > PD_CLOCK_TIME_MAX)
		return false;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '(' || s[i] == '['))
		i++;
	/* a time or "END" (skip_word passes full stops: "E.N.D.") opens
	 * it: most short lines turned away here, not after an upper-cased
	 * copy of their first word */
	if (i == n || !((s[i] >= '0' && s[i] <= '9') || (s[i] | 32) == 'e' || s[i] == '.'))
		return false;
	skip_word(s, n, &i, end, 2);
	size_t d1 = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && d1 < 3)
		i++, d1++;
	if (d1 < 1 || d1 > 2 || i >= n || (s[i] != ':' && s[i] != '.'))
		return false;
	i++;
	size_t d2 = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d2++;
	if (d2 != 2)
		return false;
	/* a recording's time code, "00:01:20" */
	if (i + 2 < n && s[i] == ':' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' &&
	    s[i + 2] <= '9' && (i + 3 == n || !(s[i + 3] >= '0' && s[i + 3] <= '9')))
		i += 3;
	while (i < n && s[i] == ' ')
		i++;
	bool am_pm = skip_word(s, n, &i, half, sizeof half / sizeof *half);
	bool zoned = skip_word(s, n, &i, zone, sizeof zone / sizeof *zone);
	while (i < n && (s[i] == ' ' || s[i] == ')' || s[i] == ']'))
		i++;
	/* "10.30" alone could be a number: without am/pm or a zone a time
	 * needs its colon ("14:05") */
	return i == n && (am_pm || zoned || memchr(s, ':', n) != NULL);
}
