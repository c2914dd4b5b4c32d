/* parse.h: raw transcript -> structured record(s).
 *
 * Podium reads plain-text portal pages, HTML pages, the XML of the PM
 * Transcripts archive, Markdown transcripts (PDIS/SayIt style) and its own
 * JSON record format. The format is detected from the content first and the
 * file name second. Every reader produces a record's metadata and a list of
 * text lines; one turn detector (turns.c) finds speakers and turns in those
 * lines, so all formats share the same rules.
 *
 * Input is untrusted: any bytes, any size up to PD_MAX_DOCUMENT_BYTES.
 * Invalid UTF-8 is repaired to U+FFFD except where a reader can tell the
 * encoding (HTML <meta charset>, XML declaration).
 */
#ifndef PD_PARSE_H
#define PD_PARSE_H

#include <stddef.h>

#include "base/err.h"
#include "record/record.h"

typedef enum pd_format {
	PD_FMT_UNKNOWN = 0,
	PD_FMT_PM_XML,      /* <transcripts><transcript>... (PM Transcripts) */
	PD_FMT_HTML,        /* an HTML page */
	PD_FMT_PORTAL_TEXT, /* a portal page saved as text (chrome + fields) */
	PD_FMT_TEXT,        /* plain text transcript */
	PD_FMT_MARKDOWN,    /* Markdown transcript: # title, ### LABEL: turns */
	PD_FMT_JSON,        /* Podium's record JSON, one object */
	PD_FMT_JSONL,       /* Podium's record JSON, one object per line */
	PD_FMT_SPEECH_XML,  /* XML marking speakers: Akoma Ntoso, publicwhip, TEI,
			       or records of speeches (a speaker and a speech) */
	PD_FMT_CAPTIONS,    /* a video's captions: WebVTT, SubRip */
} pd_format;

/* Guesses the format of (data, n); `name` (may be NULL) breaks ties. Returns
 * PD_FMT_UNKNOWN for binary data, empty input and formats Podium does not
 * read (pd_parse then says why). */
pd_format pd_parse_detect(const char *name, const char *data, size_t n);
const char *pd_format_name(pd_format f);

/* Receives each record parsed from one input; takes ownership of rec.
 * Returns 0 to go on, non-zero to stop. */
typedef int (*pd_record_sink)(pd_record *rec, void *ctx);

/* Parses one input (a file or an archive member called `name`) and hands
 * every record in it to sink. A PM XML file or a page gives one record, a
 * JSON Lines file many. Returns the number of records delivered (>= 1), or
 * a negative PD_E* code with err naming the input and the reason — in that
 * case nothing was delivered (all-or-nothing per input). */
int pd_parse(const char *name, const char *data, size_t n, pd_record_sink sink,
	     void *ctx, pd_err *err);

/* Convenience for tests: parses an input expected to hold exactly one
 * record. NULL with err set otherwise. */
pd_record *pd_parse_one(const char *name, const char *data, size_t n, pd_err *err);

#endif
