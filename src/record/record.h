/* record.h: the record model — one press conference, interview, speech or
 * release, structured.
 *
 * A record owns every string and array it points to: all of them are
 * malloc'ed copies, freed by pd_record_free. Use the pd_record_* functions
 * to fill a record so that counts and capacities stay consistent; reading
 * the fields directly is fine. The JSON form is documented in
 * docs/record-format.md and written/read by record_json.h.
 */
#ifndef PD_RECORD_H
#define PD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pd_participant_kind {
	PD_PART_HOST,        /* the main speaker(s): the PM, the spokesperson */
	PD_PART_OFFICIAL,    /* others who answer or make statements */
	PD_PART_JOURNALIST,  /* reporters, interviewers, questioners */
	PD_PART_MODERATOR,   /* chairs, hosts of a panel, MCs */
	PD_PART_OTHER,
} pd_participant_kind;

typedef enum pd_turn_kind {
	PD_TURN_STATEMENT,
	PD_TURN_QUESTION,
	PD_TURN_ANSWER,
	PD_TURN_INTERJECTION, /* cross-talk of a few words */
	PD_TURN_NARRATION,    /* the account of the event, an introduction */
} pd_turn_kind;

typedef struct pd_participant {
	char *label;          /* as written in the transcript, without colon */
	char *name;           /* the person, when the document tells; or NULL */
	char *role;           /* title or function as given; or NULL */
	pd_participant_kind kind;
	char **aliases;       /* other labels of the same person in this record */
	size_t naliases, aliases_cap;
} pd_participant;

typedef struct pd_turn {
	int n;                /* 1-based position in the record */
	char *speaker;        /* a participant's label; NULL for narration */
	pd_turn_kind kind;
	char *text;           /* paragraphs separated by a blank line ("\n\n") */
	int answers;          /* answer: n of the question it answers; else 0 */
	char *lang;           /* language of this turn when it differs; or NULL */
} pd_turn;

typedef struct pd_qa {
	int question;         /* turn n */
	int answer;           /* turn n */
} pd_qa;

typedef struct pd_image {
	char *src;            /* file name or URL as given */
	char *alt;            /* description; or NULL */
} pd_image;

typedef struct pd_translation {
	char *lang;           /* "zh", "en", ... */
	char *id;             /* linked record id; NULL when only announced */
} pd_translation;

typedef struct pd_record {
	char *id;             /* stable: the source's id, else from metadata */
	char *title;
	char *category;       /* e.g. "Press conference records"; or NULL */
	char *date;           /* ISO 8601 YYYY-MM-DD; or NULL when unknown */
	char *language;       /* "en", "zh-Hant", "zh-Hans", "ja" */
	char *source;         /* who published it / the event it comes from */
	char *release_type;   /* "Press Conference", "Interview", ... */
	char *url;            /* the source's document URL; or NULL */
	char *origin;         /* where it was read: path, or archive#member */
	char *format;         /* reader that produced it: "pm-xml", "html", ... */
	char **topics;
	size_t ntopics, topics_cap;
	pd_participant *participants;
	size_t nparticipants, participants_cap;
	pd_turn *turns;
	size_t nturns, turns_cap;
	pd_qa *qa;
	size_t nqa, qa_cap;
	pd_image *images;
	size_t nimages, images_cap;
	pd_translation *translations;
	size_t ntranslations, translations_cap;
} pd_record;

pd_record *pd_record_new(void);
void pd_record_free(pd_record *r);

/* Replaces *field with a copy of s (NULL clears it). */
void pd_record_set(char **field, const char *s);
void pd_record_setn(char **field, const char *s, size_t n);

/* Adds a topic unless an equal one (ASCII case-insensitive) is present. */
void pd_record_add_topic(pd_record *r, const char *topic);
/* Adds a participant with this label, or returns the one that already has
 * it as label or alias. The returned pointer is valid until the next add. */
pd_participant *pd_record_add_participant(pd_record *r, const char *label,
					  pd_participant_kind kind);
/* The participant whose label or alias equals label, or NULL. */
pd_participant *pd_record_find_participant(const pd_record *r, const char *label);
void pd_participant_add_alias(pd_participant *p, const char *alias);
/* The same without the search for an equal label or alias, for a caller
 * that keeps its own index and knows the label is new (the turn detector:
 * a linear search per speaker is quadratic in the number of speakers). */
pd_participant *pd_record_append_participant(pd_record *r, const char *label,
					     pd_participant_kind kind);
void pd_participant_append_alias(pd_participant *p, const char *alias);
/* Appends a turn numbered nturns + 1 with a copy of (text, len). Valid until
 * the next add. */
pd_turn *pd_record_add_turn(pd_record *r, const char *speaker,
			    pd_turn_kind kind, const char *text, size_t len);
/* pd_record_add_turn taking speaker (malloc'd, or NULL) as it is: the
 * record frees it. */
pd_turn *pd_record_add_turn_owned(pd_record *r, char *speaker,
				  pd_turn_kind kind, const char *text, size_t len);
/* pd_record_add_turn_owned taking the text (malloc'd, NUL-terminated)
 * as it is too: a long turn is not copied. */
pd_turn *pd_record_add_turn_text_owned(pd_record *r, char *speaker, pd_turn_kind kind,
				       char *text);
/* Room for n more turns at once, where their number is about known: the
 * array is not grown (a realloc and a copy) turn by turn. */
void pd_record_reserve_turns(pd_record *r, size_t n);
void pd_record_add_image(pd_record *r, const char *src, const char *alt);
void pd_record_add_translation(pd_record *r, const char *lang, const char *id);
/* Rebuilds r->qa from the turns' `answers` fields. */
void pd_record_link_qa(pd_record *r);

const char *pd_turn_kind_name(pd_turn_kind k);
/* 0 and *out set, or -1 for an unknown name. */
int pd_turn_kind_parse(const char *name, pd_turn_kind *out);
const char *pd_participant_kind_name(pd_participant_kind k);
int pd_participant_kind_parse(const char *name, pd_participant_kind *out);

/* Hash of everything a reader would see (title, metadata, turns), not of
 * where it was read from: equal hashes mean "unchanged" at re-ingest. */
uint64_t pd_record_content_hash(const pd_record *r);

#endif
