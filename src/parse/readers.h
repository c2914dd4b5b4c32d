/* readers.h (parse-internal): one function per input format. Each returns
 * a new record, or NULL with err naming the input and the reason.
 *
 * The text and Markdown readers take valid UTF-8 (pd_parse repairs or
 * refuses their input first): the record's strings are cut from the input,
 * and a record holds UTF-8 only. The PM XML and HTML readers take any bytes
 * and let libxml2 decode them. */
#ifndef PD_PARSE_READERS_H
#define PD_PARSE_READERS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "record/record.h"

pd_record *pd_read_pm_xml(const char *name, const char *data, size_t n, pd_err *err);
/* The same reader through libxml2's XML parser alone, the path
 * pd_read_pm_xml falls back to when its hand scanner declines a file: the
 * reference it must agree with (the tests and fuzz_read_pmxml compare). */
pd_record *pd_read_pm_xml_libxml(const char *name, const char *data, size_t n, pd_err *err);
pd_record *pd_read_html(const char *name, const char *data, size_t n, pd_err *err);
/* Akoma Ntoso debates, publicwhip (TheyWorkForYou), TEI <u who=>. */
pd_record *pd_read_speech_xml(const char *name, const char *data, size_t n, pd_err *err);
pd_record *pd_read_text(const char *name, const char *data, size_t n, pd_err *err);
pd_record *pd_read_markdown(const char *name, const char *data, size_t n, pd_err *err);
/* A video's captions, WebVTT or SubRip (reader_captions.c). */
pd_record *pd_read_captions(const char *name, const char *data, size_t n, pd_err *err);
/* Whether text h[0 .. n) (its start, past white space) is captions: "WEBVTT",
 * or a cue number and a timing line. */
bool pd_captions_detect(const char *h, size_t n);

/* Shared by the text, HTML and Markdown readers: reads the page chrome and
 * header fields at the top of a document (language switch, "Topics:",
 * "Date:", "Source:", "fontSize: big middle small", an image file name,
 * "来源：", "字号：大 中 小"...) into r and removes those lines from d. */
struct pd_doc;
void pd_read_header_fields(pd_record *r, struct pd_doc *d);
/* The end of the text readers: turns from d (released here), then the
 * record finished — or NULL with err when the document held no text. */
pd_record *pd_read_finish(pd_record *r, struct pd_doc *d, const char *name, pd_err *err);

#endif
