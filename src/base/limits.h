/* limits.h: every ceiling Podium enforces on untrusted input, in one place.
 *
 * Each limit says why it has the value it has. Inputs over a limit are
 * rejected with an error that names the input and the limit; they never
 * truncate silently.
 */
#ifndef PD_BASE_LIMITS_H
#define PD_BASE_LIMITS_H

/* Largest single transcript file accepted (bytes). The biggest real
 * transcript seen is ~1 MB (PM transcripts) and ~240 KB (LegCo); 64 MB leaves
 * room for whole-day hearings while keeping one document in memory safe. */
#define PD_MAX_DOCUMENT_BYTES (64u * 1024 * 1024)

/* Deepest element nesting accepted in HTML/XML; deeper input is hostile or
 * broken (libxml2's own default is 256). */
#define PD_MAX_MARKUP_DEPTH 256

/* A speaker label longer than this is a sentence, not a label. */
#define PD_MAX_LABEL_CHARS 80

/* Turns per record: a full-day hearing has a few thousand. */
#define PD_MAX_TURNS 20000

/* Length of a title, source or other one-line metadata field (bytes). */
#define PD_MAX_FIELD_BYTES 4096

/* Topics per record. */
#define PD_MAX_TOPICS 64

/* Search query: length in bytes and number of terms. Longer queries are
 * rejected (query bombs), not truncated. */
#define PD_MAX_QUERY_BYTES 1024
#define PD_MAX_QUERY_TERMS 64

/* Result paging: --limit accepts up to this many hits so scripts can take
 * every match; the web layer uses its own, smaller page size. */
#define PD_MAX_SEARCH_LIMIT 100000

/* Snippet length in characters (code points). */
#define PD_SNIPPET_CHARS 240

/* Entries read from one archive: a zip bomb of tiny files stops here. */
#define PD_MAX_ARCHIVE_ENTRIES 1000000

/* Directory recursion depth when walking folders. */
#define PD_MAX_DIR_DEPTH 64

/* Entries in one folder: the walker holds a folder's names in memory to
 * sort them (deterministic order), so a folder with more is refused. The
 * largest real corpus folder holds ~21k files. */
#define PD_MAX_DIR_ENTRIES 1000000

/* A document's display name: a path (Linux PATH_MAX is 4096) plus, for an
 * archive member, '#' and the member path. Longer member names exist only
 * in hostile archives. */
#define PD_MAX_NAME_BYTES 8192

/* Record id length (bytes). */
#define PD_MAX_ID_BYTES 128

/* Length of an XML id (eId) derived from a speaker label or a role in the
 * Akoma Ntoso export: long enough to stay recognisable, short enough that a
 * sentence mistaken for a label does not become a 4 KB attribute. */
#define PD_MAX_EID_BYTES 48

/* Search tokens: bytes of one word read for folding and indexing. Real words
 * are under 50 characters; a run of base64 or a URL without spaces would
 * otherwise become one huge index term. Longer words are indexed by their
 * first PD_MAX_TOKEN_BYTES bytes (cut on a character boundary), the same way
 * for documents and queries, so they still match. */
#define PD_MAX_TOKEN_BYTES 256

/* Parentheses nesting in a search query: people write one or two levels;
 * deeper is a query bomb aimed at the recursive parser. */
#define PD_MAX_QUERY_DEPTH 8

#endif
