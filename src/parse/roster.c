/* roster.c: a transcript's list of its people (see roster.h).
 *
 * A roster line is a key, a colon, and entries that each read as a name
 * with an office or none: "Jane Doe, Deputy Spokesperson", "John Smith
 * (Minister of Energy)", "經濟部長 王美花". The tests are strict on the
 * name (capitalised words and no office word; two to four CJK
 * characters) because a key that is also a speaker's label ("Moderator:",
 * "主持人：") must not swallow a first turn: "Moderator: Good afternoon,
 * everyone." or "主持人：各位記者朋友，大家好。" stay speech.
 */
#include "parse/roster.h"
#include "parse/labels.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

#define KEY_BYTES 48            /* a key is short: "Master of Ceremonies" */
#define VALUE_MAX 600           /* a longer line is prose, not a list */
#define ROLE_WORDS_MAX 16

/* Keys, matched in any case (Latin) or as written (CJK); `chairs` for
 * who runs the conference. Not a host, compere or MC: on air and at
 * events they open by naming the guest ("HOST: Julia Gillard, Prime
 * Minister."). */
typedef struct roster_key {
	const char *word;
	bool chairs;
} roster_key;

static const roster_key keys[] = {
	{ "moderator", true }, { "moderated by", true }, { "chair", true },
	{ "chaired by", true }, { "chairman", true }, { "chairperson", true },
	{ "chairwoman", true }, { "facilitator", true }, { "主持人", true }, { "主持", true },
	{ "participants", false }, { "participant", false }, { "speakers", false },
	{ "panelists", false }, { "panellists", false }, { "panel", false },
	{ "guests", false }, { "guest", false }, { "present", false },
	{ "also present", false }, { "attendees", false }, { "in attendance", false },
	{ "briefer", false }, { "briefers", false }, { "presenters", false },
	{ "出席", false }, { "出席人员", false }, { "出席人員", false },
	{ "出席嘉宾", false }, { "出席嘉賓", false }, { "嘉宾", false }, { "嘉賓", false },
	{ "发布人", false }, { "發布人", false }, { "与会人员", false }, { "與會人員", false },
	{ "列席", false },
};

/* Words of an office, never of a name ("Deputy Spokesperson", "Minister
 * of Energy"): a segment holding one is the entry's role. Upper case. */
static const char *const office_words[] = {
	"MINISTER", "SECRETARY", "SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "DEPUTY",
	"DIRECTOR", "AMBASSADOR", "PRESIDENT", "CHAIR", "CHAIRMAN", "CHAIRPERSON",
	"GOVERNOR", "MAYOR", "SENATOR", "REPRESENTATIVE", "COMMISSIONER", "OFFICER",
	"CHIEF", "HEAD", "ADVISER", "ADVISOR", "UNDERSECRETARY", "ASSISTANT", "PRESS",
	"GENERAL", "COUNSEL", "ADMINISTRATOR", "COORDINATOR", "ENVOY", "LEADER",
	"PREMIER", "CHANCELLOR", "MEMBER", "MP", "CORRESPONDENT", "EDITOR", "REPORTER",
	"MODERATOR", "PROFESSOR", "SPEAKER", "TREASURER", "ATTORNEY", "COUNCILLOR",
	"COUNCILOR", "MANAGER", "EXECUTIVE", "CEO", "FOUNDER", "SPECIAL", "SENIOR",
	"OFFICE", "DEPARTMENT", "MINISTRY", "MINISTRY'S", "BUREAU", "AGENCY", "COUNCIL",
	"COMMITTEE", "COMMISSION", "GOVERNMENT", "EMBASSY", "SERVICE", "UNIVERSITY",
	"INSTITUTE", "CENTER", "CENTRE", "NATIONAL", "FEDERAL", "STATE", "U.S.", "UN",
	"SIDE", "DELEGATION", "TEAM", "STAFF", "OFFICIALS", "OFFICIAL", "INTERPRETER",
	"LADIES", "GENTLEMEN", "EVERYONE", "ALL", "THANK", "THANKS", "WELCOME", "GOOD",
	"HELLO",
};

/* Titles before a name, dropped from it ("Dr. Ann Lee" is Ann Lee); an
 * office among them is the entry's role when it has no other
 * ("Senator Maria Lopez"). */
static const char *const honorifics[] = {
	"Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Prof", "Prof.",
	"Hon", "Hon.", "The Hon", "The Hon.", "The Honourable", "The Honorable", "Sir",
	"Dame",
};
static const char *const titles[] = {
	"Ambassador", "Senator", "Sen.", "Secretary", "Minister", "Governor", "Gov.",
	"Mayor", "General", "Gen.", "President", "Representative", "Rep.",
	"Commissioner", "Director", "Deputy", "Judge", "Justice", "Councillor",
	"Councilor", "Admiral", "Colonel", "Captain", "Professor", "Premier",
	"Chancellor", "Treasurer", "Undersecretary", "Under Secretary",
	"Assistant Secretary", "Deputy Secretary", "Prime Minister",
	"Deputy Prime Minister", "Special Envoy",
};

/* Lower-case words a name may hold ("Ursula von der Leyen"). */
static const char *const particles[] = {
	"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "bin",
	"binti", "al", "el", "la", "le", "y", "dos", "das", "ter", "ibn",
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

static bool same_any_case(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (upper(a[i]) != upper(b[i]))
			return false;
	return true;
}

static bool in_list_any_case(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (same_any_case(w, n, list[k]))
			return true;
	return false;
}

#define IN_LIST(w, n, list) in_list_any_case(w, n, list, sizeof list / sizeof *list)

/* Bytes of the next word of s[0 .. n) (up to a space). */
static size_t word_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !is_space(s[i]))
		i++;
	return i;
}

/* The key before the line's first colon (ASCII or full-width), its
 * length, and where the value starts; false when the line has no colon
 * near its start. */
static bool split_key(const char *s, size_t n, size_t *key_len, size_t *value_at)
{
	size_t limit = n < KEY_BYTES ? n : KEY_BYTES;
	const char *colon = memchr(s, ':', limit);
	size_t end = colon ? (size_t)(colon - s) : limit;
	/* a full-width ： (EF BC 9A) before it; most lines hold neither */
	for (size_t i = 0; i < end; i++) {
		const char *w = memchr(s + i, '\xef', end - i);
		if (!w)
			break;
		i = (size_t)(w - s);
		if (i + 3 <= n && memcmp(w, "\xef\xbc\x9a", 3) == 0) {
			*key_len = i;
			*value_at = i + 3;
			return true;
		}
	}
	if (!colon)
		return false;
	*key_len = end;
	*value_at = end + 1;
	return true;
}

static const roster_key *find_key(const char *s, size_t n)
{
	trim(&s, &n);
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (same_any_case(s, n, keys[k].word))
			return &keys[k];
	return NULL;
}

/* Bytes of list[k] and the spaces after it opening s (the longest), or
 * 0; *which the k. */
static size_t prefix_len(const char *s, size_t n, const char *const *list, size_t count,
			 size_t *which)
{
	size_t best = 0;
	for (size_t k = 0; k < count; k++) {
		size_t hl = strlen(list[k]);
		if (n > hl + 1 && memcmp(s, list[k], hl) == 0 && s[hl] == ' ' && hl > best) {
			best = hl;
			*which = k;
		}
	}
	while (best && best < n && s[best] == ' ')
		best++;
	return best;
}

/* Bytes of honorifics and titles opening s ("The Hon. Dr", "Senator"),
 * or 0; the title (an office) into *title when one is there. */
static size_t honorific_len_title(const char *s, size_t n, const char **title)
{
	size_t at = 0, k = 0;
	for (int round = 0; round < 3; round++) {
		size_t h = prefix_len(s + at, n - at, honorifics, sizeof honorifics / sizeof *honorifics, &k);
		if (!h) {
			h = prefix_len(s + at, n - at, titles, sizeof titles / sizeof *titles, &k);
			if (h && title)
				*title = titles[k];
		}
		if (!h)
			break;
		at += h;
	}
	return at;
}

static size_t honorific_len(const char *s, size_t n)
{
	return honorific_len_title(s, n, NULL);
}

/* One word of a name: capitalised ("Doe", "O'Neill", "Thomas-Greenfield",
 * an initial "J."), all capitals, a particle, or a letter outside ASCII
 * first ("Émile"); *particle when it is a particle. */
static bool name_word(const char *w, size_t n, bool *particle)
{
	*particle = IN_LIST(w, n, particles);
	if (*particle)
		return true;
	unsigned char c = (unsigned char)w[0];
	if (!(c >= 'A' && c <= 'Z') && c < 0x80)
		return false;
	for (size_t i = 1; i < n; i++) {
		char ch = w[i];
		bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (unsigned char)ch >= 0x80;
		if (!letter && ch != '-' && ch != '\'' && ch != '.')
			return false;
	}
	return !IN_LIST(w, n, office_words);
}

/* s[0 .. n), past an honorific, reads as a person's name: two to five
 * name words, not all particles. */
static bool latin_name(const char *s, size_t n)
{
	size_t words = 0, particles_seen = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && is_space(s[i]))
			i++;
		size_t w = word_len(s + i, n - i);
		if (!w)
			break;
		bool particle;
		if (!name_word(s + i, w, &particle))
			return false;
		words++;
		particles_seen += particle;
		i += w;
	}
	return words >= 2 && words <= 5 && particles_seen < words;
}

static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	trim(&s, &n);
	if (n >= cap) {
		n = cap - 1;
		/* never cut inside a UTF-8 sequence: s[n] is still s's */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "JOHN HOWARD" is written John Howard (a name in capitals only). */
static void title_case_caps(char *s)
{
	for (const char *c = s; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			return;
	bool start = true;
	for (char *c = s; *c; c++) {
		if (!start && *c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
		start = *c == ' ' || *c == '-' || *c == '\'';
	}
}

/* Entries read from one line before they are added (a line is taken
 * whole or not at all). */
typedef struct entries {
	pd_roster_entry e[PD_ROSTER_MAX];
	size_t n;
	bool full;              /* more entries than kept */
} entries;

static pd_roster_entry *add_entry(entries *out, const char *name, size_t n)
{
	if (out->n == PD_ROSTER_MAX) {
		out->full = true;
		return NULL;
	}
	pd_roster_entry *e = &out->e[out->n++];
	memset(e, 0, sizeof *e);
	const char *title = NULL;
	size_t h = honorific_len_title(name, n, &title);
	copy_field(e->name, sizeof e->name, name + h, n - h);
	title_case_caps(e->name);
	if (title)   /* the role when the roster gives no other */
		copy_field(e->title, sizeof e->title, title, strlen(title));
	return e;
}

static void append_role(pd_roster_entry *e, const char *s, size_t n)
{
	if (!e)
		return;
	trim(&s, &n);
	size_t have = strlen(e->role);
	if (have && have + 2 < sizeof e->role) {
		memcpy(e->role + have, ", ", 2);
		have += 2;
	}
	copy_field(e->role + have, sizeof e->role - have, s, n);
}

/* A name, or "Name and Name", as entries: false when s is neither. */
static bool take_names(entries *out, const char *s, size_t n, pd_roster_entry **last)
{
	trim(&s, &n);
	if (n > 4 && memcmp(s, "and ", 4) == 0) {
		s += 4;
		n -= 4;
		trim(&s, &n);
	}
	size_t h = honorific_len(s, n);
	if (latin_name(s + h, n - h)) {
		*last = add_entry(out, s, n);
		return true;
	}
	for (size_t i = 1; i + 5 < n; i++) {
		if (memcmp(s + i, " and ", 5) != 0)
			continue;
		size_t h1 = honorific_len(s, i), h2 = honorific_len(s + i + 5, n - i - 5);
		if (latin_name(s + h1, i - h1) && latin_name(s + i + 5 + h2, n - i - 5 - h2)) {
			add_entry(out, s, i);
			*last = add_entry(out, s + i + 5, n - i - 5);
			return true;
		}
	}
	return false;
}

/* One part of a Latin list (the value split at ';'): a name, then
 * comma-separated segments each a further name or the last name's role
 * ("John Smith, Minister of Energy, and Ann Lee, Treasurer"); a name
 * may carry its role in parentheses ("Ann Lee (Treasurer)"). */
static bool latin_part(entries *out, const char *s, size_t n)
{
	pd_roster_entry *last = NULL;
	bool first = true;
	for (size_t at = 0; at < n;) {
		size_t end = at;
		int depth = 0;
		while (end < n && (s[end] != ',' || depth > 0)) {
			depth += s[end] == '(';
			depth -= s[end] == ')' && depth > 0;
			end++;
		}
		const char *seg = s + at;
		size_t len = end - at;
		trim(&seg, &len);
		const char *paren = memchr(seg, '(', len);
		size_t name_len = paren ? (size_t)(paren - seg) : len;
		if (len && take_names(out, seg, name_len, &last)) {
			if (paren) {
				const char *close = memchr(paren, ')', len - name_len);
				if (!close || close + 1 != seg + len)
					return false;
				append_role(last, paren + 1, (size_t)(close - paren - 1));
			}
		} else if (first || !len || pd_count_words(seg, len) > ROLE_WORDS_MAX ||
			   !(seg[0] >= 'A' && seg[0] <= 'Z')) {
			/* a list opens with a name; an office is short and
			 * capitalised ("Kevin Rudd, good morning." is speech) */
			return false;
		} else {
			append_role(last, seg, len);
		}
		first = false;
		at = end + 1;
	}
	return !first;
}

/* The value reads as prose: a question, an exclamation, or a sentence
 * ending inside it ("... today. The minister ..."). Initials and "U.S."
 * end no sentence. */
static bool latin_prose(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '?' || s[i] == '!')
			return true;
		if (s[i] != '.' || i + 1 == n)   /* a list may end with a full stop */
			continue;
		size_t w = i;
		while (w > 0 && !is_space(s[w - 1]))
			w--;
		bool lower_word = i - w >= 3 && s[i - 1] >= 'a' && s[i - 1] <= 'z' &&
				  !(s[w] >= 'A' && s[w] <= 'Z' && i - w <= 4); /* "Ltd.", "Inc." */
		if (lower_word)
			return true;
	}
	return false;
}

static bool read_latin(entries *out, const char *s, size_t n)
{
	if (latin_prose(s, n))
		return false;
	for (size_t at = 0; at < n;) {
		const char *semi = memchr(s + at, ';', n - at);
		size_t end = semi ? (size_t)(semi - s) : n;
		const char *part = s + at;
		size_t len = end - at;
		trim(&part, &len);
		if (len && !latin_part(out, part, len))
			return false;
		at = end + 1;
	}
	return out->n > 0 || out->full;
}

/* CJK characters in s[0 .. n), or SIZE_MAX when anything else is there. */
static size_t cjk_chars(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pd_utf8_decode(s + i, n - i, &cp);
		if (!k || (!pd_cp_is_cjk(cp) && cp != 0x00B7 && cp != 0x30FB))   /* 「·」 in names */
			return (size_t)-1;
		chars++;
		i += k;
	}
	return chars;
}

/* Bytes of the last `chars` characters of s[0 .. n), or 0. */
static size_t tail_bytes(const char *s, size_t n, size_t chars)
{
	size_t at = n;
	while (chars && at > 0) {
		at--;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
			at--;
		chars--;
	}
	return chars ? 0 : n - at;
}

/* One CJK entry: "經濟部長 王美花" (offices, a space, a name), "经济部长
 * 王美花" written together, or a name alone ("寿小丽"). */
static bool cjk_entry(entries *out, const char *s, size_t n)
{
	trim(&s, &n);
	size_t at = pd_label_cjk_name_at(s, n);
	if (at) {
		pd_roster_entry *e = add_entry(out, s + at, n - at);
		if (e)
			copy_field(e->role, sizeof e->role, s, at);
		return true;
	}
	size_t chars = cjk_chars(s, n);
	if (chars == (size_t)-1)
		return false;
	if (chars >= 2 && chars <= 4 && !pd_label_cjk_office(s, n)) {
		add_entry(out, s, n);
		return true;
	}
	static const size_t name_chars[] = { 3, 2, 4 };   /* most names have three */
	for (size_t k = 0; k < 3; k++) {
		size_t tb = tail_bytes(s, n, name_chars[k]);
		if (!tb || tb == n || !pd_label_cjk_office(s, n - tb))
			continue;
		pd_roster_entry *e = add_entry(out, s + n - tb, tb);
		if (e)
			copy_field(e->role, sizeof e->role, s, n - tb);
		return true;
	}
	return false;
}

/* Where the next CJK separator (、，；, and their ASCII kin) starts at or
 * after `from`, and its bytes; n when none. */
static size_t cjk_separator(const char *s, size_t n, size_t from, size_t *len)
{
	for (size_t i = from; i < n; i++) {
		if (s[i] == ',' || s[i] == ';') {
			*len = 1;
			return i;
		}
		if (i + 3 <= n && (memcmp(s + i, "、", 3) == 0 || memcmp(s + i, "，", 3) == 0 ||
				   memcmp(s + i, "；", 3) == 0)) {
			*len = 3;
			return i;
		}
	}
	*len = 0;
	return n;
}

/* A sentence's end anywhere in s[0 .. n): 。？！ or ? ! */
static bool holds_stop(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '?' || s[i] == '!')
			return true;
		if (i + 3 <= n && (memcmp(s + i, "。", 3) == 0 || memcmp(s + i, "？", 3) == 0 ||
				   memcmp(s + i, "！", 3) == 0))
			return true;
	}
	return false;
}

/* A CJK list: entries between separators, where a piece that is no entry
 * joins the next ("新闻局副局长、新闻发言人 寿小丽" is one person's two
 * offices). Sentences are not lists. */
static bool read_cjk(entries *out, const char *s, size_t n)
{
	if (holds_stop(s, n))
		return false;
	size_t start = 0, from = 0;
	while (start < n) {
		size_t sep_len;
		size_t end = cjk_separator(s, n, from, &sep_len);
		if (cjk_entry(out, s + start, end - start)) {
			start = from = end + sep_len;
			continue;
		}
		if (end == n)
			return false;
		from = end + sep_len;   /* the piece joins the next */
	}
	return out->n > 0 || out->full;
}

static bool any_cjk(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xE0)
			return true;
	return false;
}

/* Entries of one value (or one line of an open list) into out. */
static bool read_entries(entries *out, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n || n > VALUE_MAX)
		return false;
	return any_cjk(s, n) ? read_cjk(out, s, n) : read_latin(out, s, n);
}

static void keep_entries(pd_roster *ro, const entries *got, bool chairs)
{
	if (!ro->e)   /* most documents have no roster: allocated at its first entry */
		ro->e = pd_xcalloc(PD_ROSTER_MAX, sizeof *ro->e);
	for (size_t k = 0; k < got->n && ro->n < PD_ROSTER_MAX; k++) {
		pd_roster_entry *e = &ro->e[ro->n++];
		*e = got->e[k];
		e->chairs = chairs;
		if (!e->role[0] && e->title[0])
			copy_field(e->role, sizeof e->role, e->title, strlen(e->title));
	}
}

pd_roster_line pd_roster_read(pd_roster *ro, const char *s, size_t n, bool may_chair)
{
	entries got;   /* e[] written before it is read: no 7 KB zeroing per line */
	got.n = 0;
	got.full = false;
	size_t key_len, value_at;
	const roster_key *key = split_key(s, n, &key_len, &value_at) ? find_key(s, key_len) : NULL;
	if (key && key->chairs && !may_chair)
		key = NULL;
	if (key) {
		const char *v = s + value_at;
		size_t vn = n - value_at;
		trim(&v, &vn);
		if (!vn) {   /* "Speakers:" alone: the entries follow */
			ro->open = true;
			ro->open_chairs = key->chairs;
			return PD_ROSTER_KEY_ALONE;
		}
		/* who chairs is one person */
		if (read_entries(&got, v, vn) && !(key->chairs && got.n != 1)) {
			keep_entries(ro, &got, key->chairs);
			ro->open = false;
			return PD_ROSTER_ENTRIES;
		}
	} else if (ro->open && read_entries(&got, s, n)) {
		keep_entries(ro, &got, ro->open_chairs);
		return PD_ROSTER_ENTRIES;
	}
	ro->open = false;
	return PD_ROSTER_NONE;
}

/* --- naming the participants ------------------------------------------ */

/* The last word of s, upper-cased into out (at most cap bytes). */
static void last_word_upper(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s);
	while (n && (is_space(s[n - 1]) || s[n - 1] == '.'))
		n--;
	size_t at = n;
	while (at > 0 && !is_space(s[at - 1]))
		at--;
	size_t k = 0;
	for (size_t i = at; i < n && k + 1 < cap; i++)
		out[k++] = upper(s[i]);
	out[k] = '\0';
}

/* The one entry a Latin label names by its last word, its surname; -1
 * for none or several. */
static int entry_by_surname(const pd_roster *ro, const char *label)
{
	char want[PD_ROSTER_NAME_MAX], have[PD_ROSTER_NAME_MAX];
	last_word_upper(label, want, sizeof want);
	if (strlen(want) < 2)
		return -1;
	int found = -1;
	for (size_t k = 0; k < ro->n; k++) {
		last_word_upper(ro->e[k].name, have, sizeof have);
		if (strcmp(want, have) != 0)
			continue;
		if (found >= 0)
			return -1;
		found = (int)k;
	}
	return found;
}

/* The one entry a CJK label names: its name inside the label ("寿小丽",
 * "行政院發言人陳宗彥"), the name read from the label (`name`, or NULL),
 * or the surname and the end of the office ("王部長" for 經濟部長
 * 王美花); -1 for none or several. */
static int entry_by_cjk_name(const pd_roster *ro, const char *label, const char *name)
{
	int found = -1;
	size_t label_len = strlen(label);
	for (size_t k = 0; k < ro->n; k++) {
		const pd_roster_entry *e = &ro->e[k];
		size_t name_len = strlen(e->name), role_len = strlen(e->role);
		uint32_t cp;
		size_t surname = name_len ? pd_utf8_decode(e->name, name_len, &cp) : 0;
		bool named = (name_len && strstr(label, e->name)) ||
			     (name && strcmp(name, e->name) == 0);
		bool office = surname && label_len > surname &&
			      memcmp(label, e->name, surname) == 0 &&
			      role_len >= label_len - surname &&
			      memcmp(e->role + role_len - (label_len - surname), label + surname,
				     label_len - surname) == 0;
		if (!named && !office)
			continue;
		if (found >= 0)
			return -1;
		found = (int)k;
	}
	return found;
}

static int the_one_chair(const pd_roster *ro)
{
	int found = -1;
	for (size_t k = 0; k < ro->n; k++) {
		if (!ro->e[k].chairs)
			continue;
		if (found >= 0)
			return -1;
		found = (int)k;
	}
	return found;
}

static void take_entry(pd_participant *p, const pd_roster_entry *e)
{
	pd_record_set(&p->name, e->name);
	if (e->role[0] && (!p->role || strstr(e->role, p->role)))
		pd_record_set(&p->role, e->role);
	if (e->chairs)
		p->kind = PD_PART_MODERATOR;
}

/* A moderator's word, also after "The" ("THE CHAIR"). */
static bool moderator_key(const char *key)
{
	return pd_label_is_moderator_word(key) ||
	       (strncmp(key, "THE ", 4) == 0 && pd_label_is_moderator_word(key + 4));
}

/* The entry the label (with the name read from it, or NULL) stands for,
 * or -1. */
static int entry_of(const pd_roster *ro, const char *label, const char *name)
{
	char key[PD_LABEL_KEY_MAX];
	pd_label_key(label, strlen(label), key, sizeof key);
	if (pd_label_is_journalist_word(key) || pd_label_is_outlet(key))
		return -1;
	if (moderator_key(key))
		return the_one_chair(ro);
	if (any_cjk(label, strlen(label)))
		return entry_by_cjk_name(ro, label, name);
	return entry_by_surname(ro, name ? name : label);
}

bool pd_roster_names(const pd_roster *ro, const char *label, size_t n)
{
	if (!ro || !ro->n || n >= PD_LABEL_KEY_MAX)
		return false;
	char copy[PD_LABEL_KEY_MAX];
	memcpy(copy, label, n);
	copy[n] = '\0';
	return entry_of(ro, copy, NULL) >= 0;
}

void pd_roster_release(pd_roster *ro)
{
	free(ro->e);
	*ro = (pd_roster){ .e = NULL };
}

void pd_roster_name_participants(pd_record *r, const pd_roster *ro)
{
	if (!ro || !ro->n)
		return;
	for (size_t j = 0; j < r->nparticipants; j++) {
		pd_participant *p = &r->participants[j];
		int k = entry_of(ro, p->label, p->name);
		if (k >= 0)
			take_entry(p, &ro->e[k]);
	}
}
