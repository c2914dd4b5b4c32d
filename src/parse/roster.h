/* roster.h (parse-internal): who a transcript's opening says takes part.
 *
 * Many transcripts list their people before the first turn:
 *   Moderator: Jane Doe, Deputy Spokesperson
 *   Participants: John Smith, Minister of Energy; Ann Lee (Treasurer)
 *   Speakers:                        (then one "Name, office" a line)
 *   主持人：行政院發言人 陳宗彥
 *   出席：經濟部長 王美花、交通部長 王國材
 * Such a line is no speech (read as a label, "Moderator:" would open a
 * turn whose text is a name), and it tells who the labels are: "MS DOE"
 * is Jane Doe, the Deputy Spokesperson, who chairs; "陳發言人宗彥" is
 * 陳宗彥, who chairs.
 */
#ifndef PD_PARSE_ROSTER_H
#define PD_PARSE_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"

#define PD_ROSTER_MAX 24        /* entries kept; more are read and dropped */
#define PD_ROSTER_NAME_MAX 96
#define PD_ROSTER_ROLE_MAX 192

typedef struct pd_roster_entry {
	char name[PD_ROSTER_NAME_MAX];
	char role[PD_ROSTER_ROLE_MAX];  /* "" when the roster gives none */
	char title[32];                 /* an office before the name ("Senator") */
	bool chairs;                    /* listed under Moderator:, Chair:, 主持人： */
} pd_roster_entry;

/* Zero-initialised before use; pd_roster_release frees it. */
typedef struct pd_roster {
	pd_roster_entry *e;  /* PD_ROSTER_MAX of them once one is kept; NULL before */
	size_t n;
	bool open;          /* the line before was a key alone ("Speakers:") */
	bool open_chairs;
} pd_roster;

void pd_roster_release(pd_roster *ro);

typedef enum pd_roster_line {
	PD_ROSTER_NONE,         /* not the roster's: speech or anything else */
	PD_ROSTER_ENTRIES,      /* a key and entries, or entries after a key alone */
	PD_ROSTER_KEY_ALONE,    /* "Speakers:": the roster's only if entries follow */
} pd_roster_line;

/* Reads line s[0 .. n) into ro when it is a roster line: a roster key
 * and a colon, then entries; or, right after a key alone, a line of
 * entries. A key alone is the roster's only when the next line is
 * entries: "MODERATOR:" alone may also be a label over its speech. For
 * any other line ro keeps its entries and is no longer open. A line is
 * taken whole or not at all: a key whose text does not read as names
 * ("Moderator: Good afternoon.") is speech. With may_chair false a
 * chairing key ("Moderator:") is not the roster's: the caller says so
 * when the document uses the key as a speaker's label elsewhere (a
 * moderator handing over: "MODERATOR: Secretary Blinken."). */
pd_roster_line pd_roster_read(pd_roster *ro, const char *s, size_t n, bool may_chair);

/* Whether label s[0 .. n) stands for someone ro lists (as below). */
bool pd_roster_names(const pd_roster *ro, const char *s, size_t n);

/* Names r's participants from the roster: a participant whose label is
 * a moderator's word takes the one entry that chairs; another the one
 * entry whose surname its label (or name) ends with ("MS DOE", "SECRETARY
 * SMITH"), or, in Chinese, whose name it holds or spells with an office
 * between surname and given name ("陳發言人宗彥", "王部長"). A match sets
 * the name, the role when the roster's holds the label's, and makes one
 * who chairs the moderator. Reporters' labels ("QUESTION", outlets) and
 * ambiguous ones are left alone; one who asks keeps the asker's kind
 * (a senator at a hearing, named, still puts the questions). */
void pd_roster_name_participants(pd_record *r, const pd_roster *ro);

#endif
