/* ingest.h: walk the inputs a user names and hand over each document's bytes.
 *
 * An input is a plain file, a folder or an archive. Each document found is
 * passed to a callback as (display name, bytes, length), one at a time and
 * streaming: archives are read member by member straight from the
 * compressed stream, never unpacked to disk and never held whole in memory.
 *
 *   static int on_doc(const char *name, const char *bytes, size_t len,
 *                     void *ctx) { ...; return 0; }
 *   static void on_error(const char *name, const pd_err *err, void *ctx)
 *   { fprintf(stderr, "%s\n", err->msg); }
 *
 *   const char *paths[] = { "transcripts/", "dev.tar.zst" };
 *   pd_ingest_walk(paths, 2, NULL, on_doc, on_error, NULL);
 *
 * What counts as what:
 * - Archives are recognised by CONTENT (libarchive's filter and format
 *   detection), not by name: tar (plain, gzip, zstd, xz, bzip2) and zip. A
 *   file compressed on its own (notes.xml.gz, notes.xml.zst) is one
 *   document, delivered decompressed under the file's own name.
 * - Every other file is one document; the walker does not filter by name
 *   or extension (a MANIFEST.tsv next to the XML files is delivered too;
 *   the parser decides what it can read).
 * - Folders are walked recursively in byte order of their entry names, so
 *   the order is the same on every run. Names starting with '.' are skipped
 *   (hidden files and folders). Symlinks are followed; a folder that is
 *   already being walked (same device and inode, e.g. a link to a parent)
 *   is reported as a symlink loop and not entered again. Sockets, FIFOs and
 *   devices inside folders are skipped.
 * - Archive members that are folders, links or special files are skipped.
 *   So are members whose path has a component starting with '.', or named
 *   __MACOSX, ._*, .DS_Store (debris from macOS and from `tar c .`): same
 *   rule as folders, so a folder and its tarball give the same documents.
 *   A leading "./" or "/" in a member path is dropped from its name.
 * - Archives inside archives are NOT expanded: the inner archive is passed
 *   as a document (the parser rejects it as an unknown format).
 *
 * Names: a file's name is its path as given, joined with '/' to the entry
 * names below it ("corpus/sample/transcript-16.xml"). An archive member is
 * named "<archive path>#<member path>", e.g.
 * "dev.tar.zst#transcripts/transcript-16.xml". Member paths are repaired to
 * valid UTF-8 (bad bytes become U+FFFD); file paths are passed as they are.
 *
 * Errors: one bad input never stops the batch. Each problem is reported
 * once through on_error with a one-line message naming the input, and the
 * walk goes on with the next document, folder entry or input:
 *   PD_EIO      unreadable file or folder, corrupt or truncated archive
 *               (the rest of that archive is given up)
 *   PD_ETOOBIG  a document over max_doc_bytes (known from stat or the
 *               member header before any byte is read, else detected while
 *               reading), too many members, folder too deep, name too long
 *   PD_EINPUT   symlink loop, a named input that is not a file or folder
 *
 * Locale: libarchive converts member names through the C library's
 * locale, and without a UTF-8 LC_CTYPE it loses every non-ASCII name (a
 * zip member named 中文.xml comes back as NULL). So if LC_CTYPE is not a
 * UTF-8 locale when a walk starts, the walker calls
 * setlocale(LC_ALL, "C.UTF-8") for the process, once.
 *
 * Not thread-safe across concurrent first calls (the locale switch); two
 * walks may run in parallel after that.
 */
#ifndef PD_INGEST_INGEST_H
#define PD_INGEST_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Options; a zeroed struct (or NULL) means the defaults from limits.h. The
 * ceilings are options so that tests can set them small. */
typedef struct pd_walk_opts {
	size_t max_doc_bytes;   /* 0: PD_MAX_DOCUMENT_BYTES */
	size_t max_entries;     /* members per archive; 0: PD_MAX_ARCHIVE_ENTRIES */
	unsigned max_depth;     /* folder nesting; 0: PD_MAX_DIR_DEPTH */
} pd_walk_opts;

/* Called once per document. name is a NUL-terminated display name (see
 * above); bytes holds len bytes and is followed by a NUL that is not
 * counted (documents may hold NULs of their own). Both are valid ONLY
 * during the call: the walker reuses the buffer for the next document, so
 * copy what you keep. Return 0 to go on, non-zero to stop the walk. */
typedef int (*pd_walk_fn)(const char *name, const char *bytes, size_t len,
			  void *ctx);

/* Called once per problem; name is the input it concerns and err->msg a
 * one-line reason that names it too. Both valid only during the call. */
typedef void (*pd_walk_err_fn)(const char *name, const pd_err *err, void *ctx);

/* Walks paths[0..npaths) in the order given and calls on_doc for every
 * document. on_error may be NULL (problems are then only skipped).
 * Returns 0 when the walk ran to the end or on_doc stopped it, PD_EUSAGE
 * if paths or on_doc is NULL. Errors in the inputs do not change the
 * return value: they go to on_error. */
int pd_ingest_walk(const char *const *paths, size_t npaths,
		   const pd_walk_opts *opts, pd_walk_fn on_doc,
		   pd_walk_err_fn on_error, void *ctx);

/* Counts the documents pd_ingest_walk would deliver, for a progress bar:
 * folders by listing, archives by reading member headers only (data is
 * skipped, though a compressed archive still has to be decompressed to
 * find its headers). Documents whose size is known to be over the limit
 * are not counted; errors are not reported (the walk reports them).
 * Returns 0 and sets *count, or PD_EUSAGE. */
int pd_ingest_count(const char *const *paths, size_t npaths,
		    const pd_walk_opts *opts, size_t *count);

#endif
