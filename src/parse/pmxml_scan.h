/* pmxml_scan.h (parse-internal): a hand scanner for the PM Transcripts
 * XML wrapper, so that the reader needs one libxml2 pass (the HTML inside
 * <content>) instead of two (the XML file, then that HTML).
 *
 *   <?xml version="1.0" encoding="UTF-8" ?>
 *   <transcripts><transcript>
 *     <transcript-id>40598</transcript-id> <title>A &amp; B</title> ...
 *     <content><![CDATA[<p>...</p>]]></content>
 *   </transcript></transcripts>
 *
 * The scanner either reads a file exactly as libxml2 would (for what the
 * reader asks of it: the character data under the first element of each
 * field name directly inside the first <transcript>) or declines it, and
 * the reader then takes libxml2's path, with libxml2's errors. It declines
 * whatever it does not handle: a DOCTYPE, processing instructions other
 * than the XML declaration, an encoding other than UTF-8, attributes,
 * namespace prefixes, non-ASCII names, references other than the five
 * predefined entities and character references, characters XML forbids,
 * invalid UTF-8, "]]>" in text, mismatched or missing end tags, truncated
 * input, no <transcript>, and inputs past its size and depth bounds.
 */
#ifndef PD_PARSE_PMXML_SCAN_H
#define PD_PARSE_PMXML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* The fields the reader takes, in this order in pd_pmxml_field_names. */
enum {
	PD_PMXML_ID,
	PD_PMXML_TITLE,
	PD_PMXML_PM,
	PD_PMXML_DATE,
	PD_PMXML_TYPE,
	PD_PMXML_DOCUMENT,
	PD_PMXML_SUBJECTS,
	PD_PMXML_CONTENT,
	PD_PMXML_NFIELDS
};

/* "transcript-id", "title", "prime-minister", "release-date",
 * "release-type", "document", "subjects", "content". */
extern const char *const pd_pmxml_field_names[PD_PMXML_NFIELDS];

typedef struct pd_pmxml_fields {
	/* Whether the transcript has an element of that name. */
	bool seen[PD_PMXML_NFIELDS];
	/* Its character data (text and CDATA of it and its descendants, in
	 * document order, references replaced), as xmlNodeGetContent gives it
	 * — except that line ends are not normalised: a CR stays a CR. The
	 * reader collapses white space, where CR, LF and CR LF are alike.
	 * When it is one run of the input's own bytes (the content's CDATA
	 * section in every real file; a title without references), at[i]
	 * and at_n[i] tell where it stands and text[i] is empty; else at[i]
	 * is NULL and it is in text[i]. Read it with pd_pmxml_field. */
	pd_buf text[PD_PMXML_NFIELDS];
	const char *at[PD_PMXML_NFIELDS];
	size_t at_n[PD_PMXML_NFIELDS];
} pd_pmxml_fields;

void pd_pmxml_fields_init(pd_pmxml_fields *f);
void pd_pmxml_fields_release(pd_pmxml_fields *f);

/* Reads (data, n) — any bytes, not NUL-terminated — into f (which must be
 * freshly initialised). True when the file was read; false when the
 * scanner declines it, and f's contents are then meaningless (release it).
 * Never reads outside (data, n). */
bool pd_pmxml_scan(const char *data, size_t n, pd_pmxml_fields *f);

/* Field `which`'s character data as pd_pmxml_scan read it (in the input,
 * or in f->text[which]), *n its length; not NUL-terminated. Valid while
 * the input and f are. */
const char *pd_pmxml_field(const pd_pmxml_fields *f, int which, size_t *n);

#endif
