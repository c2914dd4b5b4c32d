/* fuzz.h: helpers shared by Podium's libFuzzer targets (fuzz/fuzz_*.c).
 *
 * Every target is one LLVMFuzzerTestOneInput. Built with clang and
 * -DCMAKE_BUILD_TYPE=Fuzz it links libFuzzer (`make fuzz`); in every other
 * build it links replay_main.c instead, which runs the function over the
 * files of fuzz/corpus/<target>/ and tests/regress/<target>/ — so each
 * crash once found stays a ctest test under gcc, ASan and valgrind.
 *
 * A target fails by abort(): libFuzzer reports it as a crash and saves the
 * input. pd_fuzz_check() is how targets state properties beyond "does not
 * crash" (output is valid UTF-8, JSON round-trips, XML is well-formed).
 */
#ifndef PD_FUZZ_H
#define PD_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts with `what` on stderr when ok is false. */
void pd_fuzz_check(bool ok, const char *what);

/* What every reader's output must survive: the JSON form round-trips to
 * the same JSON, the Markdown, text and Akoma Ntoso renderings succeed and
 * are valid UTF-8, the Akoma Ntoso is well-formed XML. */
void pd_fuzz_check_record(const pd_record *r);

/* A reader's target: runs read(name, data, size) and checks the record it
 * returns with pd_fuzz_check_record. Inputs over PD_MAX_DOCUMENT_BYTES are
 * skipped (pd_parse refuses them before any reader). Returns 0. */
typedef pd_record *(*pd_fuzz_reader_fn)(const char *name, const char *data, size_t n,
					 pd_err *err);
int pd_fuzz_reader(pd_fuzz_reader_fn read, const char *name, const uint8_t *data, size_t size);

/* The same for the text and Markdown readers, which take UTF-8: the input
 * is first repaired as pd_parse repairs it before calling them (invalid
 * sequences become U+FFFD). Handing them raw bytes would test a call no
 * caller makes: two topics differing only in invalid bytes would print as
 * the same JSON and fail the round trip for a reason pd_parse rules out. */
int pd_fuzz_utf8_reader(pd_fuzz_reader_fn read, const char *name, const uint8_t *data,
			size_t size);

/* A NUL-terminated copy of (data, n) the caller frees: most entry points
 * take C strings, and an embedded NUL then ends the input early, as it
 * would for a C caller. */
char *pd_fuzz_cstr(const uint8_t *data, size_t n);

#endif
