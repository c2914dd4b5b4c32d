/* record_json.h: Podium's JSON record format (docs/record-format.md).
 *
 * The writer is a hand-written streaming emitter (escape.h does the
 * escaping); the reader uses jansson and validates every field, so a record
 * round-trips: from_json(to_json(r)) describes the same record.
 */
#ifndef PD_RECORD_JSON_H
#define PD_RECORD_JSON_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "record/record.h"

/* Appends r as one line of compact JSON (no trailing newline).
 * Returns 0, or -1 when the buffer ceiling is hit. */
int pd_record_to_json(const pd_record *r, pd_buf *out);
/* Appends one turn as a JSON object (the form used inside "turns"). */
int pd_turn_to_json(const pd_turn *t, pd_buf *out);

/* Parses one JSON record. Returns a new record, or NULL with err set
 * (naming `name` and the reason) when the JSON is malformed or a field has
 * the wrong type. Unknown fields are ignored. */
pd_record *pd_record_from_json(const char *name, const char *json, size_t n,
			       pd_err *err);

#endif
