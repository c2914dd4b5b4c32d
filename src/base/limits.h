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

/* Who made a correction and why (podium correct --who/--why, the admin
 * interface): a name, a sentence or two. Both are shown on the record page,
 * so they stay short. */
#define PD_MAX_NOTE_BYTES 1000

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

/* --- web (podium serve) ------------------------------------------ */

/* Longest request URL (path and query) the web server reads; longer gets
 * 414. Real links stay under 1 KB; 8 KB is what common servers and proxies
 * accept, and it bounds the work of decoding a request. */
#define PD_WEB_MAX_URL_BYTES 8192

/* Memory libmicrohttpd may use per connection for the request line and
 * headers: the URL limit above plus ordinary browser headers, so a request
 * with kilobytes of cookies or junk headers is refused by the library. */
#define PD_WEB_CONN_MEMORY (64u * 1024)

/* Seconds an idle or trickling connection is kept (slowloris). */
#define PD_WEB_CONN_TIMEOUT 30

/* Open connections at once; more are refused rather than queued without
 * bound. */
#define PD_WEB_MAX_CONNECTIONS 1024

/* Worker threads (each holds its own database handle). */
#define PD_WEB_MAX_THREADS 64

/* Query-string parameters per request: the site has about ten; more is a
 * hash-flooding or parser-abuse attempt. */
#define PD_WEB_MAX_ARGS 32

/* '&'-separated pieces in a request's query that the server lets reach
 * libmicrohttpd's argument parser. It files every piece in the
 * connection's PD_WEB_CONN_MEMORY pool before our handler runs; ~850
 * pieces fill 64 KB, and libmicrohttpd 0.9.75 then answers nothing and
 * holds the connection until PD_WEB_CONN_TIMEOUT (a cheap way to tie up
 * connections). Above this the server answers 400 itself and closes; from
 * PD_WEB_MAX_ARGS up to here the router's ordinary 400 page answers. */
#define PD_WEB_MAX_RAW_ARGS 256

/* Lists and searches: default and largest page size (?per_page), and the
 * deepest page one may ask for, so an offset never walks a whole index.
 * Lists of records go deeper (every record of a big archive reachable
 * through /api/v1/records): the store finds a deep list page from its
 * date (store/sqlite/sqlite_list.c), not by stepping over the records
 * before it; a search's deep page is still ranked down to its end. */
#define PD_WEB_PAGE_SIZE 20
#define PD_WEB_MAX_PAGE_SIZE 100
#define PD_WEB_MAX_PAGE 1000
#define PD_WEB_MAX_LIST_PAGE 1000000

/* Largest response body. A 64 MB transcript escaped for HTML may grow, but
 * a page over this is refused (500) rather than built in memory. */
#define PD_WEB_MAX_BODY_BYTES (256u * 1024 * 1024)

/* The admin interface (podium serve --admin-token-file). The token is
 * compared over a fixed PD_WEB_TOKEN_MAX bytes, so its length is not
 * timed; 16 bytes is the least that resists guessing under the rate
 * limits below (openssl rand -hex 32 gives 64). */
#define PD_WEB_TOKEN_MIN 16
#define PD_WEB_TOKEN_MAX 256
/* Failed admin authentications allowed per client address, and over all
 * addresses (so rotating addresses does not buy more guesses), in each
 * window of PD_WEB_ADMIN_WINDOW seconds; past them every admin request
 * gets 429 until the window ends. Addresses are remembered in a table of
 * PD_WEB_ADMIN_CLIENTS (the oldest forgotten first). */
#define PD_WEB_ADMIN_FAILS_PER_CLIENT 5
#define PD_WEB_ADMIN_FAILS_GLOBAL 50
#define PD_WEB_ADMIN_WINDOW 60
#define PD_WEB_ADMIN_CLIENTS 64
/* Largest admin request body (a corrected record as JSON, with who and
 * why): real records are under 1 MB; bigger gets 413. */
#define PD_WEB_ADMIN_MAX_BODY (8u * 1024 * 1024)
/* Revisions listed on a page or in one API answer (newest first). */
#define PD_WEB_MAX_REVISIONS 1000

/* Entries in an Atom feed, and URLs in the sitemap (the sitemaps.org
 * protocol allows 50,000 per file). */
#define PD_WEB_FEED_ENTRIES 50
#define PD_WEB_SITEMAP_URLS 50000

/* How often `podium serve` checks, in the background, whether the index
 * changed and loads what its searches keep in memory (pd_store_warm): the
 * first search after an ingest's optimize then finds them loaded. */
#define PD_WEB_WARM_SECONDS 5

/* Hits read to draw the month-by-month search timeline; with more matches
 * the chart counts by year from the facets instead. */
#define PD_WEB_TIMELINE_HITS 5000

/* The page cache (web/cache.h). Its keys are a cacheable address plus the
 * host and interface language; a longer key is answered uncached, so a
 * key never costs more than this. Ordinary addresses are under 200 bytes. */
#define PD_WEB_CACHE_MAX_KEY_BYTES 1024
/* Independently locked parts of the cache: threads contend on a lock only
 * when their keys fall in the same part. Each part gets an equal share of
 * the byte budget, so the sum never passes it. */
#define PD_WEB_CACHE_SHARDS 16
/* The largest response kept is 1/PD_WEB_CACHE_ENTRY_SHARE of a shard's
 * share: one huge page must not empty a shard of everything else. */
#define PD_WEB_CACHE_ENTRY_SHARE 4
/* When the backend cannot tell that data changed (PostgreSQL), a cached
 * response is reused for at most this long: a correction shows after at
 * most this delay, and a spike of readers still mostly hits the cache. */
#define PD_WEB_CACHE_TTL_MS 2000
/* How often, at most, a server thread asks the store whether data changed
 * (and reads the database file's time): SQLite's read lock and two stat
 * calls cost about a fifth of an answer from the cache. A commit shows at
 * most this late, far under the time a reader takes to reload a page. */
#define PD_WEB_CACHE_RECHECK_MS 2
/* `podium serve --cache-mb N` gives 1/PD_WEB_SEARCH_CACHE_SHARE of N to
 * the search cache (searches and record lists, whose keys are endless) and
 * the rest to the page cache (router.c, ROUTE_SEARCHES). */
#define PD_WEB_SEARCH_CACHE_SHARE 8

/* Nesting of sections in a page template (ours, compiled in): deeper means
 * a template bug, reported instead of recursing on. */
#define PD_TPL_MAX_DEPTH 16

#endif
