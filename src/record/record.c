/* record.c: building and freeing records (see record.h). */
#include "record/record.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/str.h"

#include <stdlib.h>
#include <string.h>

pd_record *pd_record_new(void)
{
	return pd_xcalloc(1, sizeof(pd_record));
}

static void free_participant(pd_participant *p)
{
	free(p->label);
	free(p->name);
	free(p->role);
	for (size_t i = 0; i < p->naliases; i++)
		free(p->aliases[i]);
	free(p->aliases);
}

void pd_record_free(pd_record *r)
{
	if (!r)
		return;
	char **fields[] = { &r->id, &r->title, &r->category, &r->date,
			    &r->language, &r->source, &r->release_type,
			    &r->url, &r->origin, &r->format };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	for (size_t i = 0; i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	for (size_t i = 0; i < r->nparticipants; i++)
		free_participant(&r->participants[i]);
	free(r->participants);
	for (size_t i = 0; i < r->nturns; i++) {
		free(r->turns[i].speaker);
		free(r->turns[i].text);
		free(r->turns[i].lang);
	}
	free(r->turns);
	free(r->qa);
	for (size_t i = 0; i < r->nimages; i++) {
		free(r->images[i].src);
		free(r->images[i].alt);
	}
	free(r->images);
	for (size_t i = 0; i < r->ntranslations; i++) {
		free(r->translations[i].lang);
		free(r->translations[i].id);
	}
	free(r->translations);
	free(r);
}

void pd_record_set(char **field, const char *s)
{
	char *copy = pd_xstrdup(s);
	free(*field);
	*field = copy;
}

void pd_record_setn(char **field, const char *s, size_t n)
{
	char *copy = s ? pd_xstrndup(s, n) : NULL;
	free(*field);
	*field = copy;
}

void pd_record_add_topic(pd_record *r, const char *topic)
{
	if (!topic || !*topic)
		return;
	for (size_t i = 0; i < r->ntopics; i++)
		if (pd_strcasecmp_ascii(r->topics[i], topic) == 0)
			return;
	r->topics = pd_xgrow(r->topics, sizeof *r->topics, r->ntopics + 1, &r->topics_cap);
	r->topics[r->ntopics++] = pd_xstrdup(topic);
}

pd_participant *pd_record_find_participant(const pd_record *r, const char *label)
{
	if (!label)
		return NULL;
	for (size_t i = 0; i < r->nparticipants; i++) {
		pd_participant *p = &r->participants[i];
		if (strcmp(p->label, label) == 0)
			return p;
		for (size_t j = 0; j < p->naliases; j++)
			if (strcmp(p->aliases[j], label) == 0)
				return p;
	}
	return NULL;
}

pd_participant *pd_record_add_participant(pd_record *r, const char *label,
					  pd_participant_kind kind)
{
	pd_participant *p = pd_record_find_participant(r, label);
	return p ? p : pd_record_append_participant(r, label, kind);
}

pd_participant *pd_record_append_participant(pd_record *r, const char *label,
					     pd_participant_kind kind)
{
	r->participants = pd_xgrow(r->participants, sizeof *r->participants,
				   r->nparticipants + 1, &r->participants_cap);
	pd_participant *p = &r->participants[r->nparticipants++];
	memset(p, 0, sizeof *p);
	p->label = pd_xstrdup(label);
	p->kind = kind;
	return p;
}

void pd_participant_add_alias(pd_participant *p, const char *alias)
{
	if (!alias || strcmp(alias, p->label) == 0)
		return;
	for (size_t i = 0; i < p->naliases; i++)
		if (strcmp(p->aliases[i], alias) == 0)
			return;
	pd_participant_append_alias(p, alias);
}

void pd_participant_append_alias(pd_participant *p, const char *alias)
{
	p->aliases = pd_xgrow(p->aliases, sizeof *p->aliases, p->naliases + 1, &p->aliases_cap);
	p->aliases[p->naliases++] = pd_xstrdup(alias);
}

pd_turn *pd_record_add_turn(pd_record *r, const char *speaker,
			    pd_turn_kind kind, const char *text, size_t len)
{
	return pd_record_add_turn_owned(r, pd_xstrdup(speaker), kind, text, len);
}

pd_turn *pd_record_add_turn_owned(pd_record *r, char *speaker,
				  pd_turn_kind kind, const char *text, size_t len)
{
	return pd_record_add_turn_text_owned(r, speaker, kind,
					     pd_xstrndup(text ? text : "", text ? len : 0));
}

pd_turn *pd_record_add_turn_text_owned(pd_record *r, char *speaker, pd_turn_kind kind,
				       char *text)
{
	r->turns = pd_xgrow(r->turns, sizeof *r->turns, r->nturns + 1, &r->turns_cap);
	pd_turn *t = &r->turns[r->nturns++];
	memset(t, 0, sizeof *t);
	t->n = (int)r->nturns;
	t->speaker = speaker;
	t->kind = kind;
	t->text = text;
	return t;
}

void pd_record_reserve_turns(pd_record *r, size_t n)
{
	r->turns = pd_xgrow(r->turns, sizeof *r->turns, r->nturns + n, &r->turns_cap);
}

void pd_record_add_image(pd_record *r, const char *src, const char *alt)
{
	r->images = pd_xgrow(r->images, sizeof *r->images, r->nimages + 1, &r->images_cap);
	pd_image *im = &r->images[r->nimages++];
	im->src = pd_xstrdup(src);
	im->alt = pd_xstrdup(alt);
}

/* "zh" and "zh-Hans" are one language family. */
static bool same_family(const char *a, const char *b)
{
	size_t la = strcspn(a, "-_"), lb = strcspn(b, "-_");
	return la == lb && strncmp(a, b, la) == 0;
}

void pd_record_add_translation(pd_record *r, const char *lang, const char *id)
{
	for (size_t i = 0; i < r->ntranslations; i++) {
		pd_translation *t = &r->translations[i];
		if (!lang || !t->lang || !same_family(t->lang, lang))
			continue;
		if (!id)
			return; /* announced, and already known */
		if (!t->id) {
			/* the link fills in what the page only announced */
			pd_record_set(&t->lang, lang);
			pd_record_set(&t->id, id);
			return;
		}
		if (strcmp(t->id, id) == 0)
			return;
	}
	r->translations = pd_xgrow(r->translations, sizeof *r->translations,
				   r->ntranslations + 1, &r->translations_cap);
	pd_translation *t = &r->translations[r->ntranslations++];
	t->lang = pd_xstrdup(lang);
	t->id = pd_xstrdup(id);
}

void pd_record_link_qa(pd_record *r)
{
	r->nqa = 0;
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		if (t->kind != PD_TURN_ANSWER || t->answers <= 0)
			continue;
		r->qa = pd_xgrow(r->qa, sizeof *r->qa, r->nqa + 1, &r->qa_cap);
		r->qa[r->nqa].question = t->answers;
		r->qa[r->nqa].answer = t->n;
		r->nqa++;
	}
}

static const char *const turn_kinds[] = {
	"statement", "question", "answer", "interjection", "narration",
};
static const char *const part_kinds[] = {
	"host", "official", "journalist", "moderator", "other",
};

const char *pd_turn_kind_name(pd_turn_kind k)
{
	return (unsigned)k < 5 ? turn_kinds[k] : "statement";
}

int pd_turn_kind_parse(const char *name, pd_turn_kind *out)
{
	for (int i = 0; i < 5; i++)
		if (name && strcmp(name, turn_kinds[i]) == 0) {
			*out = (pd_turn_kind)i;
			return 0;
		}
	return -1;
}

const char *pd_participant_kind_name(pd_participant_kind k)
{
	return (unsigned)k < 5 ? part_kinds[k] : "other";
}

int pd_participant_kind_parse(const char *name, pd_participant_kind *out)
{
	for (int i = 0; i < 5; i++)
		if (name && strcmp(name, part_kinds[i]) == 0) {
			*out = (pd_participant_kind)i;
			return 0;
		}
	return -1;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	/* a field separator that cannot occur in text keeps "ab"+"c" != "a"+"bc" */
	static const char sep = '\x1f';
	if (s)
		h = pd_hash64(h, s, strlen(s));
	return pd_hash64(h, &sep, 1);
}

uint64_t pd_record_content_hash(const pd_record *r)
{
	uint64_t h = PD_HASH64_INIT;
	const char *fields[] = { r->id, r->title, r->category, r->date, r->language,
				 r->source, r->release_type, r->url };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		h = hash_str(h, fields[i]);
	for (size_t i = 0; i < r->ntopics; i++)
		h = hash_str(h, r->topics[i]);
	for (size_t i = 0; i < r->nparticipants; i++) {
		const pd_participant *p = &r->participants[i];
		h = hash_str(h, p->label);
		h = hash_str(h, p->name);
		h = hash_str(h, p->role);
		h = hash_str(h, pd_participant_kind_name(p->kind));
		for (size_t j = 0; j < p->naliases; j++)
			h = hash_str(h, p->aliases[j]);
	}
	for (size_t i = 0; i < r->nturns; i++) {
		const pd_turn *t = &r->turns[i];
		h = hash_str(h, t->speaker);
		h = hash_str(h, pd_turn_kind_name(t->kind));
		h = hash_str(h, t->text);
		h = pd_hash64(h, &t->answers, sizeof t->answers);
	}
	for (size_t i = 0; i < r->nimages; i++)
		h = hash_str(h, r->images[i].src);
	return h;
}
