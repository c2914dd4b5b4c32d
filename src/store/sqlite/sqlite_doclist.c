/* sqlite_doclist.c: a term's FTS5 doclist read in C from the index's
 * segments: one after `podium optimize`, a few more after a later ingest
 * (merged here by rowid as FTS5 merges them: parse_structure).
 *
 * Why: a phrase's match count checks positions in every turn holding all
 * its words (207k turns for "in the world" at 10x, ~165 ms through FTS5),
 * an AND of two common terms counts ~500k matches, and a filtered walk
 * iterates a common term's 526k rows through the extension API (~40 ns a
 * row of API calls besides the reading). Reading the doclist from
 * turns_fts_data directly and intersecting the lists in C does the same
 * work without the per-row API and expression machinery.
 *
 * The format is FTS5's (ext/fts5/fts5_index.c, file format version 4, as
 * SQLite 3.40 writes it); what this file relies on:
 *  - turns_fts_config 'version' is 4;
 *  - the structure record (turns_fts_data id 10): a 4-byte cookie, then
 *    varints nLevel, nSegment, write counter, then per level: segments
 *    being merged, segments, and per segment (segid, first leaf, last
 *    leaf). Read here when it holds 1 .. SQ_SEG_MAX segments and no merge
 *    is under way; anything else is "not available" and the caller keeps
 *    FTS5's own path;
 *  - a leaf page of segment S is row (S << 37) + pgno of turns_fts_data;
 *    it starts with two big-endian u16: the offset of the first rowid on
 *    the page when one comes before the first term (else 0), and szLeaf,
 *    where the page's footer starts; the footer is a varint per term on the
 *    page, its offset (the first absolute, the rest deltas);
 *  - a page's first term is (varint n, n bytes); the next ones (varint
 *    prefix shared with the term before, varint n, n new bytes); keys
 *    carry the main index's prefix byte '0';
 *  - a doclist: varint rowid (absolute for the doclist's first row and for
 *    the first rowid on a page, else a delta), then per row varint
 *    (size * 2 + delete flag: set only beside older segments; size 0 a
 *    delete marker) and size bytes of positions, which may run
 *    over into the next pages (from their byte 4); a doclist ends at the
 *    next term on its page, or where a later page's first term starts;
 *  - positions: varint (offset delta + 2) per position; 0x01, varint
 *    column starts another column (offsets start again at 0);
 *  - turns_fts_idx (segid, term, pgno * 2 + dlidx flag): the last row with
 *    a term <= the key names the leaf page the key would be on.
 * Every read is bounded by the page it reads (pages are copied into the
 * cursor's buffer of their size) and every inconsistency is an error
 * (PD_EINPUT) that the callers turn into FTS5's path: a damaged or
 * unexpected index never crashes or over-reads (test_doclist garbles
 * pages).
 *
 * Searches run in one read transaction (sq_search's snapshot), so the
 * structure and the pages read belong to one version of the index. Inside
 * the caller's write transaction FTS5 holds pending terms in memory that
 * no page has: not available there.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite/sqlite_int.h"

#define FTS5_VERSION 4
#define STRUCTURE_ROWID 10
#define SEGMENT_SHIFT 37    /* FTS5_DATA_PAGE_B + HEIGHT_B + DLI_B */
#define MAX_PGNO 0x7fffffff /* FTS5_DATA_PAGE_B = 31 bits of page number */

struct sq_doclist {
	sq_store *s;
	sqlite3_blob *blob;       /* on the page read last */
	int segid, last;          /* the segment, its last leaf */
	int pgno;                 /* page in buf */
	unsigned char *page;
	size_t cap, size, szleaf;
	size_t off;               /* next byte of the doclist on the page */
	size_t end;               /* end of the doclist's bytes on this page */
	bool ends_here;           /* nothing of the doclist past `end` */
	size_t first_rowid;       /* the page's first rowid offset, 0: none */
	bool absolute;            /* the next rowid is absolute */
	bool started;             /* a row was read */
	bool eof;
	unsigned char *spill;     /* a row's positions over several pages */
	size_t spill_cap;
	sqlite3_int64 rowid;
	const unsigned char *pos;
	size_t npos;
	size_t nrows;             /* rows read or passed over, this one included */
	unsigned char *key;       /* the term's key, for sq_doclist_jump */
	size_t keylen;
	int last_pgno;            /* the doclist's last possible page; 0 unknown */
	sqlite3_int64 row0;       /* the first row read, and its page: */
	int page0;                /* the rowids a page spans, so far */
	bool in_merge;            /* one segment's cursor under a merged one:
				     entries flagged deleted are read */
	/* a merged cursor (several segments; sub NULL for one): a cursor a
	 * segment, newest first, merged by rowid into the fields of the row
	 * above (rowid, pos, npos, nrows, started, eof) */
	sq_doclist **sub;
	size_t nsub, big;         /* big: the largest segment's, read by seeks */
	bool keep_deletes;        /* a row whose newest entry is a delete marker
				     is read (npos 0), not passed over */
	sqlite3_int64 small_min;  /* the least rowid the others are on */
};

/* sq_doclist_skip jumps rather than reads when the target is more than
 * this many pages ahead (a jump reads a few pages; passing over a page's
 * rows costs a few microseconds). */
#define JUMP_PAGES 8

/* SQLite's varint (big-endian 7-bit groups, a 9th byte of 8 bits), read
 * from p[*i .. n). 0 when it runs past n. */
static inline bool get_varint(const unsigned char *p, size_t n, size_t *i, uint64_t *v)
{
	if (*i < n && p[*i] < 0x80) { /* most are one byte */
		*v = p[(*i)++];
		return true;
	}
	uint64_t x = 0;
	size_t at = *i;
	for (int k = 0; k < 9; k++) {
		if (at >= n)
			return false;
		unsigned char c = p[at++];
		if (k == 8) {
			x = (x << 8) | c;
			break;
		}
		x = (x << 7) | (c & 0x7f);
		if (!(c & 0x80))
			break;
	}
	*v = x;
	*i = at;
	return true;
}

static int corrupt(pd_err *err, const char *what)
{
	return pd_err_set(err, PD_EINPUT, "turns_fts index: %s", what);
}

/* One level's segments (count of them, as the structure lists them:
 * oldest first) appended to seg->v newest first: 0, PD_EINPUT, or 1 when
 * there are more than SQ_SEG_MAX in all (not read in C). */
static int parse_level(const unsigned char *p, size_t n, size_t *i, uint64_t count,
		       sq_fts_seg *seg, pd_err *err)
{
	sq_seg_pages level[SQ_SEG_MAX];
	for (uint64_t k = 0; k < count; k++) {
		uint64_t id, first, last;
		if (!get_varint(p, n, i, &id) || !get_varint(p, n, i, &first) ||
		    !get_varint(p, n, i, &last))
			return corrupt(err, "short structure record");
		if (id < 1 || id > 0xffff || first < 1 || last > MAX_PGNO || first > last)
			return corrupt(err, "bad segment in the structure record");
		if (seg->n + k >= SQ_SEG_MAX)
			return 1;
		level[k] = (sq_seg_pages){ (int)id, (int)first, (int)last };
	}
	for (uint64_t k = count; k-- > 0;)
		seg->v[seg->n++] = level[k];
	return 0;
}

/* The structure record parsed into seg->v: 1 when its segments may be
 * read in C (1 .. SQ_SEG_MAX of them, no merge under way), 0 when not,
 * PD_EINPUT when it does not parse.
 *
 * The order is FTS5's (fts5_index.c, fts5MultiIterNew): level 0 first,
 * and within a level its last segment first; two segments holding a row
 * of a term, the first in that order is the one read
 * (fts5MultiIterDoCompare: on equal rowids the later iterator is moved
 * on), and an entry of no position bytes is a delete marker: the row is
 * not in the doclist (fts5MultiIterIsEmpty; the delete flag on an entry
 * with positions only tells a merge that older entries are superseded). */
static int parse_structure(const unsigned char *p, size_t n, sq_fts_seg *seg, pd_err *err)
{
	size_t i = 4;
	uint64_t nlevel, nseg, writes;
	seg->n = 0;
	if (n < 4 || !get_varint(p, n, &i, &nlevel) || !get_varint(p, n, &i, &nseg) ||
	    !get_varint(p, n, &i, &writes))
		return corrupt(err, "short structure record");
	/* a later format's structure (0xff 00 00 01 after the cookie) or too
	 * many segments: FTS5's own path */
	if (n >= 8 && p[4] == 0xff)
		return 0;
	if (nseg < 1 || nseg > SQ_SEG_MAX || nlevel == 0 || nlevel > 64)
		return 0;
	for (uint64_t l = 0; l < nlevel; l++) {
		uint64_t merging, count;
		if (!get_varint(p, n, &i, &merging) || !get_varint(p, n, &i, &count))
			return corrupt(err, "short structure record");
		if (merging > 0) /* a merge under way */
			return 0;
		int rc = parse_level(p, n, &i, count, seg, err);
		if (rc)
			return rc < 0 ? rc : corrupt(err, "segment count does not add up");
	}
	if (seg->n != nseg)
		return corrupt(err, "segment count does not add up");
	seg->big = 0;
	for (size_t k = 1; k < seg->n; k++)
		if (seg->v[k].last - seg->v[k].first > seg->v[seg->big].last - seg->v[seg->big].first)
			seg->big = k;
	return 1;
}

/* FTS5's file format version is the one this file reads. */
static int version_ok(sq_store *s, bool *ok, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT v FROM turns_fts_config WHERE k = 'version'", err);
	if (!st)
		return PD_ESTORE;
	int step = sqlite3_step(st);
	*ok = step == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER &&
	      sqlite3_column_int64(st, 0) == FTS5_VERSION;
	sq_done(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(s, err, "reading the index's version");
	return 0;
}

int sq_doclist_seg(sq_store *s, const sq_fts_seg **out, pd_err *err)
{
	sq_fts_seg *seg = &s->seg;
	*out = NULL;
	if (s->in_tx || !s->doclist)
		return 0;
	int rc = sq_gen_read(s, err);
	if (rc)
		return rc;
	if (!seg->checked || seg->gen != s->gen) {
		bool ok;
		if ((rc = version_ok(s, &ok, err)) != 0)
			return rc;
		*seg = (sq_fts_seg){ .checked = true, .gen = s->gen, .version = ok };
	}
	if (!seg->version)
		return 0;
	/* the structure itself is read every time (one small row): optimize
	 * and FTS5's merges change it without a new index_gen */
	sqlite3_stmt *st = sq_prep(s, "SELECT block FROM turns_fts_data WHERE id = ?1", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int64(st, 1, STRUCTURE_ROWID);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		rc = p ? parse_structure(p, n, seg, err) : corrupt(err, "no structure record");
	}
	sq_done(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(s, err, "reading the index's structure");
	if (rc < 0)
		return rc;
	if (step == SQLITE_ROW && rc == 1)
		*out = seg;
	return 0;
}

/* Reads leaf pgno of the cursor's segment into d->page, through one blob
 * handle per cursor moved from row to row (as FTS5 reads its pages: a
 * statement per page cost twice as much). */
static int load_page(sq_doclist *d, int pgno, pd_err *err)
{
	if (pgno < 1 || pgno > d->last)
		return corrupt(err, "a doclist runs past the segment");
	sqlite3_int64 id = ((sqlite3_int64)d->segid << SEGMENT_SHIFT) + pgno;
	int rc = d->blob ? sqlite3_blob_reopen(d->blob, id)
			 : sqlite3_blob_open(d->s->db, "main", "turns_fts_data", "block", id, 0,
					     &d->blob);
	if (rc == SQLITE_ERROR) /* no such row, or not a blob */
		return corrupt(err, "a leaf page is missing");
	if (rc != SQLITE_OK)
		return sq_fail(d->s, err, "reading a leaf page");
	size_t n = (size_t)sqlite3_blob_bytes(d->blob);
	if (n > d->cap) {
		d->cap = n < 4096 ? 4096 : n;
		d->page = pd_xrealloc(d->page, d->cap);
	}
	if (n && sqlite3_blob_read(d->blob, d->page, (int)n, 0) != SQLITE_OK)
		return sq_fail(d->s, err, "reading a leaf page");
	d->size = n;
	if (d->size < 4)
		return corrupt(err, "a leaf page is too short");
	d->first_rowid = ((size_t)d->page[0] << 8) | d->page[1];
	d->szleaf = ((size_t)d->page[2] << 8) | d->page[3];
	if (d->szleaf < 4 || d->szleaf > d->size || d->first_rowid >= d->szleaf ||
	    (d->first_rowid && d->first_rowid < 4))
		return corrupt(err, "a leaf page's header is out of bounds");
	d->pgno = pgno;
	return 0;
}

/* The offset of the page's first term, or 0 when it holds none. */
static int first_term(const sq_doclist *d, size_t *at, pd_err *err)
{
	size_t i = d->szleaf;
	uint64_t v;
	*at = 0;
	if (i == d->size)
		return 0;
	if (!get_varint(d->page, d->size, &i, &v) || v < 4 || v >= d->szleaf)
		return corrupt(err, "a page's first term is out of bounds");
	*at = (size_t)v;
	return 0;
}

/* Moves to the next page, whose bytes before its first term (or all)
 * continue the doclist. */
static int next_page(sq_doclist *d, pd_err *err)
{
	if (d->ends_here)
		return corrupt(err, "a doclist ends inside a row");
	int rc = load_page(d, d->pgno + 1, err);
	size_t term = 0;
	if (rc == 0)
		rc = first_term(d, &term, err);
	if (rc)
		return rc;
	d->off = 4;
	d->end = term ? term : d->szleaf;
	d->ends_here = term != 0 || d->pgno == d->last;
	if (d->first_rowid > d->end)
		return corrupt(err, "a page's first rowid is past its first term");
	d->absolute = true; /* the first rowid on a page is written whole */
	return 0;
}

/* The row's positions, n bytes from d->off, gathered into d->spill when
 * they run over into the next pages (up to each one's first rowid). The
 * spill grows with the bytes read, not with n: n comes from the page and
 * a damaged one may claim gigabytes; the pages run out first. */
static int read_positions(sq_doclist *d, size_t n, pd_err *err)
{
	if (n <= d->end - d->off) {
		d->pos = d->page + d->off;
		d->npos = n;
		d->off += n;
		return 0;
	}
	size_t have = 0, stop = d->end;
	while (have < n) {
		if (d->off >= stop) {
			if (stop != d->end) /* a rowid where positions go on */
				return corrupt(err, "a row's positions overrun a rowid");
			int rc = next_page(d, err);
			if (rc)
				return rc;
			stop = d->first_rowid ? d->first_rowid : d->end;
		}
		size_t take = stop - d->off < n - have ? stop - d->off : n - have;
		if (have + take > d->spill_cap)
			d->spill = pd_xgrow(d->spill, 1, have + take, &d->spill_cap);
		memcpy(d->spill + have, d->page + d->off, take);
		have += take;
		d->off += take;
	}
	d->pos = d->spill;
	d->npos = n;
	return 0;
}

static int seg_next(sq_doclist *d, pd_err *err)
{
	if (d->eof)
		return 0;
	while (d->off >= d->end) {
		if (d->ends_here) {
			d->eof = true;
			return 0;
		}
		int rc = next_page(d, err);
		if (rc)
			return rc;
		if (d->first_rowid == 0 && d->off < d->end)
			return corrupt(err, "a continued page holds no rowid");
		if (d->first_rowid == 0) /* the doclist ended with the last page */
			continue;
		if (d->first_rowid != d->off)
			return corrupt(err, "a page's first rowid is not where a row starts");
	}
	if (d->absolute && d->started && d->off != d->first_rowid)
		return corrupt(err, "a page's first rowid is not where a row starts");
	uint64_t v, size;
	if (!get_varint(d->page, d->end, &d->off, &v) ||
	    !get_varint(d->page, d->end, &d->off, &size))
		return corrupt(err, "a row is cut short");
	sqlite3_int64 rowid;
	if (d->absolute) {
		rowid = (sqlite3_int64)v;
		if (d->started && rowid <= d->rowid)
			return corrupt(err, "rowids out of order");
	} else {
		if (v == 0 || v > (uint64_t)INT64_MAX - (uint64_t)d->rowid)
			return corrupt(err, "a bad rowid delta");
		rowid = d->rowid + (sqlite3_int64)v;
	}
	/* flagged deleted: not in an optimized index, else beside a newer
	 * segment (the merged cursor reads it) */
	if ((size & 1) && !d->in_merge)
		return corrupt(err, "a row marked deleted");
	d->absolute = false;
	if (!d->started) {
		d->row0 = rowid;
		d->page0 = d->pgno;
	}
	d->started = true;
	d->rowid = rowid;
	d->nrows++;
	int rc = read_positions(d, (size_t)(size >> 1), err);
	return rc ? rc : 1;
}

static int seg_seek(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	while (!d->eof && (!d->started || d->rowid < target)) {
		/* rows whole on this page, passed over without their positions
		 * (most of a common term's rows in an AND or a phrase) */
		const unsigned char *p = d->page;
		size_t off = d->off, end = d->end, passed = 0;
		sqlite3_int64 rowid = d->rowid;
		while (d->started && !d->absolute && off < end) {
			size_t at = off;
			uint64_t delta, size;
			if (!get_varint(p, end, &at, &delta) || !get_varint(p, end, &at, &size) ||
			    (size & 1) || (size >> 1) > end - at || delta == 0 ||
			    delta > (uint64_t)INT64_MAX - (uint64_t)rowid)
				break; /* seg_next reads it (or reports it) */
			rowid += (sqlite3_int64)delta;
			if (rowid >= target) { /* a row to stop at: read in full below */
				rowid -= (sqlite3_int64)delta;
				break;
			}
			off = at + (size_t)(size >> 1);
			passed++;
		}
		if (off != d->off) {
			d->off = off;
			d->rowid = rowid;
			d->npos = 0;
			d->nrows += passed;
		}
		int rc = seg_next(d, err);
		if (rc <= 0)
			return rc;
	}
	return d->eof ? 0 : 1;
}

sqlite3_int64 sq_doclist_rowid(const sq_doclist *d)
{
	return d->rowid;
}

const unsigned char *sq_doclist_positions(const sq_doclist *d, size_t *n)
{
	*n = d->npos;
	return d->pos;
}

/* The page (pgno * 2 + dlidx flag, halved) of the row of turns_fts_idx
 * in segment segid that sql (?1 the segment, ?2 the key) finds, else
 * dflt. */
static int idx_page(sq_store *s, const char *sql, int segid, const unsigned char *key, size_t n,
		    sqlite3_int64 dflt, sqlite3_int64 *v, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, sql, err);
	if (!st)
		return PD_ESTORE;
	sqlite3_bind_int(st, 1, segid);
	sqlite3_bind_blob(st, 2, key, (int)n, SQLITE_STATIC);
	*v = dflt;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0) >> 1;
	sq_done(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(s, err, "reading the index's page index");
	return 0;
}

/* The leaf page the key would be on (turns_fts_idx). */
static int find_page(sq_doclist *d, const sq_seg_pages *seg, const unsigned char *key, size_t n,
		     int *pgno, pd_err *err)
{
	sqlite3_int64 v;
	int rc = idx_page(d->s, "SELECT pgno FROM turns_fts_idx WHERE segid = ?1"
			  " AND term <= ?2 ORDER BY term DESC LIMIT 1", seg->segid, key, n, 0, &v, err);
	if (rc)
		return rc;
	if (v < seg->first)
		v = seg->first;
	if (v > seg->last)
		return corrupt(err, "the page index names a page past the segment");
	*pgno = (int)v;
	return 0;
}

/* Positions the cursor on key's doclist in the loaded page (d->eof when
 * the page does not hold it). */
static int seek_term(sq_doclist *d, const unsigned char *key, size_t n, pd_err *err)
{
	unsigned char *term = NULL;
	size_t tlen = 0, tcap = 0, foot = d->szleaf, at = 0;
	int rc = 0;
	d->eof = true;
	for (bool first = true; foot < d->size; first = false) {
		uint64_t delta, shared = 0, add;
		if (!get_varint(d->page, d->size, &foot, &delta) || delta > d->szleaf - at ||
		    (!first && delta == 0) || (first && delta < 4)) {
			rc = corrupt(err, "a page's term offsets are out of bounds");
			break;
		}
		at += (size_t)delta;
		size_t i = at;
		if ((!first && !get_varint(d->page, d->szleaf, &i, &shared)) ||
		    !get_varint(d->page, d->szleaf, &i, &add) || shared > tlen ||
		    add > d->szleaf - i) {
			rc = corrupt(err, "a term is out of bounds");
			break;
		}
		if (shared + add > tcap) {
			tcap = (size_t)(shared + add) * 2;
			term = pd_xrealloc(term, tcap);
		}
		memcpy(term + shared, d->page + i, (size_t)add);
		tlen = (size_t)(shared + add);
		i += (size_t)add;
		size_t m = tlen < n ? tlen : n;
		int c = memcmp(term, key, m);
		if (c == 0)
			c = tlen < n ? -1 : tlen > n ? 1 : 0;
		if (c > 0)
			break;
		if (c == 0) {
			/* the doclist runs to the next term, else past the page */
			size_t next = foot;
			uint64_t nd;
			d->off = i;
			d->end = d->szleaf;
			d->ends_here = d->pgno == d->last;
			if (next < d->size) {
				if (!get_varint(d->page, d->size, &next, &nd) || nd == 0 ||
				    nd > d->szleaf - at) {
					rc = corrupt(err, "a page's term offsets are out of bounds");
					break;
				}
				d->end = at + (size_t)nd;
				d->ends_here = true;
			}
			if (d->end < d->off) {
				rc = corrupt(err, "a term runs over the next");
				break;
			}
			d->eof = false;
			d->absolute = true;
			break;
		}
	}
	free(term);
	return rc;
}

/* A cursor on term's doclist in one segment. */
static int open_segment(sq_store *s, const sq_seg_pages *seg, const char *term, size_t len,
			sq_doclist **out, pd_err *err)
{
	sq_doclist *d = pd_xcalloc(1, sizeof *d);
	d->s = s;
	d->segid = seg->segid;
	d->last = seg->last;
	unsigned char *key = pd_xmalloc(len + 1);
	key[0] = '0'; /* the main index's keys (FTS5_MAIN_PREFIX) */
	memcpy(key + 1, term, len);
	d->key = key;
	d->keylen = len + 1;
	int pgno = 0;
	int rc = find_page(d, seg, key, len + 1, &pgno, err);
	if (rc == 0)
		rc = load_page(d, pgno, err);
	if (rc == 0)
		rc = seek_term(d, key, len + 1, err);
	if (rc) {
		sq_doclist_free(d);
		d = NULL;
	}
	*out = d;
	return rc;
}

void sq_doclist_free(sq_doclist *d)
{
	if (!d)
		return;
	for (size_t k = 0; k < d->nsub; k++)
		sq_doclist_free(d->sub[k]);
	free(d->sub);
	if (d->blob)
		sqlite3_blob_close(d->blob);
	free(d->page);
	free(d->spill);
	free(d->key);
	free(d);
}

/* ---- jumping ahead: a later page found by its first rowid -------------- */

/* The last page the cursor's doclist may reach: the page where the next
 * term in the page index starts (pages before it start no term, so they
 * hold this doclist alone), else the segment's last. */
static int doclist_last_page(sq_doclist *d, pd_err *err)
{
	if (d->last_pgno)
		return 0;
	sqlite3_int64 v;
	int rc = idx_page(d->s, "SELECT pgno FROM turns_fts_idx WHERE segid = ?1"
			  " AND term > ?2 ORDER BY term LIMIT 1", d->segid, d->key, d->keylen,
			  d->last, &v, err);
	if (rc)
		return rc;
	if (v < d->pgno || v > d->last)
		return corrupt(err, "the page index names a page outside the doclist");
	d->last_pgno = (int)v;
	return 0;
}

/* Loads page pgno with the offset of its first term (0: none). */
static int load_page_term(sq_doclist *d, int pgno, size_t *term, pd_err *err)
{
	int rc = load_page(d, pgno, err);
	return rc ? rc : first_term(d, term, err);
}

/* Loads page pgno (past the cursor's) and reads the doclist's first rowid
 * on it into *rowid: 1 when the page has one, 0 when a row's positions
 * fill it (or the doclist ended before it), or an error. */
static int page_first_rowid(sq_doclist *d, int pgno, sqlite3_int64 *rowid, pd_err *err)
{
	size_t term = 0;
	int rc = load_page_term(d, pgno, &term, err);
	if (rc)
		return rc;
	size_t end = term ? term : d->szleaf, at = d->first_rowid;
	uint64_t v;
	if (at == 0 || at >= end)
		return 0;
	if (!get_varint(d->page, end, &at, &v) || v > (uint64_t)INT64_MAX)
		return corrupt(err, "a page's first rowid is cut short");
	*rowid = (sqlite3_int64)v;
	return 1;
}

/* Places the cursor on page pgno's first rowid, as next_page would have
 * after reading every row before it. */
static int land_on_page(sq_doclist *d, int pgno, pd_err *err)
{
	size_t term = 0;
	int rc = load_page_term(d, pgno, &term, err);
	if (rc)
		return rc;
	d->end = term ? term : d->szleaf;
	if (d->first_rowid == 0 || d->first_rowid >= d->end)
		return corrupt(err, "a page to jump to holds no rowid");
	d->off = d->first_rowid;
	d->ends_here = term != 0 || d->pgno == d->last;
	d->absolute = true;
	d->npos = 0;
	return 0;
}

static int seg_jump(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	if (d->eof || !d->started || d->rowid >= target || d->ends_here)
		return seg_seek(d, target, err);
	int rc = doclist_last_page(d, err);
	if (rc)
		return rc;
	d->s->doclist_jumps++;
	/* the last page past the cursor's whose first rowid is <= target:
	 * first rowids grow with the pages (a page a row's positions fill
	 * has none: the search looks past it). Rows spread about evenly over
	 * a long list's pages, so the page is guessed from the rowids known
	 * around the range (rlo before lo, rhi after hi; the last page read
	 * first gives rhi), halving instead after a guess that did not halve
	 * the range: a few page reads a jump, at worst twice a bisection's */
	int here = d->pgno, lo = here + 1, hi = d->last_pgno, best = 0, mid = hi;
	sqlite3_int64 rlo = d->rowid, rhi = -1;
	bool guess = true;
	while (lo <= hi) {
		int p = mid, width = hi - lo;
		sqlite3_int64 first = 0;
		while (p <= hi && (rc = page_first_rowid(d, p, &first, err)) == 0)
			p++;
		if (rc < 0)
			return rc;
		if (p > hi) { /* none from mid to hi: rhi is still the next */
			hi = mid - 1;
		} else if (first > target) {
			hi = mid - 1;
			rhi = first;
		} else {
			if (first <= rlo)
				return corrupt(err, "rowids out of order across pages");
			best = p;
			lo = p + 1;
			rlo = first;
		}
		guess = !guess || hi - lo < width / 2;
		mid = lo + (hi - lo) / 2;
		if (guess && rhi > rlo && lo <= hi) {
			double at = (double)(target - rlo) / (double)(rhi - rlo);
			int g = lo - 1 + (int)(at * (double)(hi - lo + 2));
			mid = g < lo ? lo : g > hi ? hi : g;
		}
	}
	/* else back on the cursor's own page (load_page sets the header's
	 * fields only, as they were); the row's positions are left behind */
	rc = best ? land_on_page(d, best, err) : load_page(d, here, err);
	d->npos = 0;
	return rc ? rc : seg_seek(d, target, err);
}

/* target is more than JUMP_PAGES pages ahead of one segment's cursor, by
 * the rowids its pages have spanned so far. */
static bool far_ahead(const sq_doclist *d, sqlite3_int64 target)
{
	int pages = d->started ? d->pgno - d->page0 : 0;
	sqlite3_int64 span = pages > 0 ? (d->rowid - d->row0) / pages : 0;
	return span > 0 && target - d->rowid > JUMP_PAGES * span;
}

/* ---- several segments: a cursor a segment, merged by rowid ------------- */

/* The merged cursor reads the doclist a merged index would hold: each
 * rowid once, from the newest segment holding it, and not at all when
 * that entry is a delete marker (parse_structure cites FTS5's rules).
 * The other segments are small beside the largest (a later ingest's), so
 * their cursors go row by row; the largest's seeks pass over its rows on
 * the page without reading them, and stop at each rowid a newer segment
 * holds, so that the rows passed over are counted exactly (the sampled
 * counts' rows) as long as the largest holds no delete markers (the
 * oldest never does: a merge into it drops them, fts5IndexMergeLevel). */

static bool on_row(const sq_doclist *c)
{
	return c->started && !c->eof;
}

/* The least rowid the cursors but big's are on (INT64_MAX: none). */
static void find_small_min(sq_doclist *d)
{
	sqlite3_int64 m = INT64_MAX;
	for (size_t k = 0; k < d->nsub; k++)
		if (k != d->big && on_row(d->sub[k]) && d->sub[k]->rowid < m)
			m = d->sub[k]->rowid;
	d->small_min = m;
}

/* Moves each cursor on row r (the least any is on) to its next row; r is
 * counted, or not, by the caller. */
static int step_off(sq_doclist *d, sqlite3_int64 r, pd_err *err)
{
	sq_doclist *b = d->sub[d->big];
	int rc = on_row(b) && b->rowid == r ? seg_next(b, err) : 0;
	if (rc < 0 || d->small_min != r) /* none of the others on r */
		return rc < 0 ? rc : 0;
	for (size_t k = 0; k < d->nsub && rc >= 0; k++)
		if (k != d->big && on_row(d->sub[k]) && d->sub[k]->rowid == r)
			rc = seg_next(d->sub[k], err);
	find_small_min(d);
	return rc < 0 ? rc : 0;
}

/* The cursor of the newest segment on row r. */
static const sq_doclist *newest_on(const sq_doclist *d, sqlite3_int64 r)
{
	for (size_t k = 0; k < d->nsub; k++)
		if (on_row(d->sub[k]) && d->sub[k]->rowid == r)
			return d->sub[k];
	return NULL;
}

/* The merged cursor on the row cursor w is on (counted). */
static int take_row(sq_doclist *d, const sq_doclist *w)
{
	d->rowid = w->rowid;
	d->pos = w->pos;
	d->npos = w->npos;
	d->nrows++;
	return 1;
}

/* The merged cursor on the least rowid any cursor is on whose newest
 * entry is a row (delete markers passed over): 1, or 0 at the end. Most
 * rows are big's alone: one comparison. */
static int settle(sq_doclist *d, pd_err *err)
{
	for (;;) {
		const sq_doclist *b = d->sub[d->big], *w;
		if (on_row(b) && b->rowid < d->small_min) {
			w = b;
		} else if (d->small_min == INT64_MAX) {
			d->eof = true;
			return 0;
		} else {
			w = newest_on(d, d->small_min);
		}
		if (w->npos > 0 || d->keep_deletes)
			return take_row(d, w);
		int rc = step_off(d, w->rowid, err);
		if (rc)
			return rc;
	}
}

/* Every cursor on its first row. */
static int prime(sq_doclist *d, pd_err *err)
{
	d->started = true;
	for (size_t k = 0; k < d->nsub; k++) {
		int rc = seg_next(d->sub[k], err);
		if (rc < 0)
			return rc;
	}
	find_small_min(d);
	return 0;
}

static int merged_next(sq_doclist *d, pd_err *err)
{
	if (d->eof)
		return 0;
	sq_doclist *b = d->sub[d->big];
	/* most rows are big's alone, the others' further on: one move */
	if (d->started && d->small_min > d->rowid && on_row(b) && b->rowid == d->rowid) {
		int rc = seg_next(b, err);
		if (rc == 1 && b->rowid < d->small_min && b->npos > 0)
			return take_row(d, b);
		return rc < 0 ? rc : settle(d, err);
	}
	int rc = d->started ? step_off(d, d->rowid, err) : prime(d, err);
	return rc ? rc : settle(d, err);
}

/* Big's cursor sought to target (at most the others' least rowid): the
 * rows it passes over are the merged list's (the row it was on is not
 * counted again: step_off moved it off the rows counted). */
static int big_gap_to(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	sq_doclist *b = d->sub[d->big];
	size_t before = sq_doclist_rows(b);
	int rc = seg_seek(b, target, err);
	if (rc < 0)
		return rc;
	d->nrows += sq_doclist_rows(b) - before;
	return 0;
}

/* The merged cursor to its first row at or past target: the small
 * segments' cursors row by row, big's by seeks between their rows
 * (counted), or by a jump to target (`jump`: not counted). */
static int merged_move(sq_doclist *d, sqlite3_int64 target, bool jump, pd_err *err)
{
	if (d->eof)
		return 0;
	if (d->started && d->rowid >= target)
		return 1;
	sq_doclist *b = d->sub[d->big];
	/* most moves: from a row of big's alone, no other cursor's row
	 * before target: big's cursor moves alone */
	if (d->started && target <= d->small_min && on_row(b) && b->rowid == d->rowid) {
		size_t before = sq_doclist_rows(b) + 1; /* the row it is on: counted */
		int rc = jump ? seg_jump(b, target, err) : seg_seek(b, target, err);
		if (rc < 0)
			return rc;
		d->nrows += jump ? 0 : sq_doclist_rows(b) - before;
		if (rc == 1 && b->rowid < d->small_min && b->npos > 0)
			return take_row(d, b);
		return settle(d, err);
	}
	int rc = d->started ? step_off(d, d->rowid, err) : prime(d, err);
	while (rc == 0 && d->small_min < target) {
		sqlite3_int64 r = d->small_min;
		if (!jump && (rc = big_gap_to(d, r, err)) != 0)
			break;
		d->nrows += !jump && newest_on(d, r)->npos > 0;
		rc = step_off(d, r, err);
	}
	if (rc == 0 && jump) {
		rc = seg_jump(b, target, err);
	} else if (rc == 0) {
		rc = big_gap_to(d, target, err);
	}
	if (rc < 0)
		return rc;
	return settle(d, err);
}

/* A merged cursor on term over segs[0 .. n) (newest first). */
static int open_merged(sq_store *s, const sq_seg_pages *segs, size_t n, size_t big,
		       const char *term, size_t len, bool keep_deletes, sq_doclist **out,
		       pd_err *err)
{
	sq_doclist *d = pd_xcalloc(1, sizeof *d);
	d->s = s;
	d->sub = pd_xcalloc(n, sizeof *d->sub);
	d->big = big;
	d->keep_deletes = keep_deletes;
	d->small_min = INT64_MAX;
	int rc = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		rc = open_segment(s, &segs[k], term, len, &d->sub[k], err);
		if (rc == 0) {
			d->nsub++;
			d->sub[k]->in_merge = true;
		}
	}
	if (rc) {
		sq_doclist_free(d);
		d = NULL;
	}
	*out = d;
	return rc;
}

/* ---- the cursor: one segment's, or the merged one ----------------------- */

int sq_doclist_open(sq_store *s, const sq_fts_seg *seg, const char *term, size_t len,
		    sq_doclist **out, pd_err *err)
{
	if (seg->n == 1)
		return open_segment(s, &seg->v[0], term, len, out, err);
	return open_merged(s, seg->v, seg->n, seg->big, term, len, false, out, err);
}

int sq_doclist_next(sq_doclist *d, pd_err *err)
{
	return d->sub ? merged_next(d, err) : seg_next(d, err);
}

int sq_doclist_seek(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	return d->sub ? merged_move(d, target, false, err) : seg_seek(d, target, err);
}

int sq_doclist_jump(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	return d->sub ? merged_move(d, target, true, err) : seg_jump(d, target, err);
}

int sq_doclist_skip(sq_doclist *d, sqlite3_int64 target, pd_err *err)
{
	const sq_doclist *paced = d->sub ? d->sub[d->big] : d;
	bool far = far_ahead(paced, target);
	if (d->sub)
		return merged_move(d, target, far, err);
	return far ? seg_jump(d, target, err) : seg_seek(d, target, err);
}

size_t sq_doclist_rows(const sq_doclist *d)
{
	return d->nrows - (d->eof || !d->started ? 0 : 1);
}

int sq_poslist_next(const unsigned char *p, size_t n, size_t *i, int *col, int *off)
{
	uint64_t v;
	if (*i >= n)
		return 0;
	if (!get_varint(p, n, i, &v))
		return -1;
	if (v == 1) { /* another column */
		uint64_t c;
		if (!get_varint(p, n, i, &c) || c < 1 || c > 64 || (int)c <= *col ||
		    !get_varint(p, n, i, &v))
			return -1;
		*col = (int)c;
		*off = 0;
	}
	if (v < 2 || v - 2 > (uint64_t)(0x7fffffff - *off))
		return -1;
	*off += (int)(v - 2);
	return 1;
}

/* One term's positions in the current row, read as far as needed. */
typedef struct pos_stream {
	const unsigned char *p;
	size_t n, i;
	int col, off;
	sqlite3_int64 at;         /* the current position, col << 32 | off */
	bool end;
} pos_stream;

/* Moves s to its next position: 0, or -1 for a bad list. */
static int stream_next(pos_stream *s)
{
	int r = sq_poslist_next(s->p, s->n, &s->i, &s->col, &s->off);
	s->end = r != 1;
	s->at = ((sqlite3_int64)s->col << 32) | s->off;
	return r < 0 ? -1 : 0;
}

/* Moves s to its first position at or past want (s->end when none): 0,
 * or -1 for a bad list. One-byte deltas inside a column, most of them,
 * are added up in a tight loop. */
static inline int stream_to(pos_stream *s, sqlite3_int64 want)
{
	while (!s->end && s->at < want) {
		const unsigned char *p = s->p;
		size_t i = s->i, n = s->n;
		sqlite3_int64 off = s->off, base = (sqlite3_int64)s->col << 32;
		while (i < n && p[i] >= 2 && p[i] < 0x80 && base + off < want)
			off += p[i++] - 2;
		if (off > 0x7fffffff)
			return -1;
		s->i = i;
		s->off = (int)off;
		s->at = base + off;
		if (s->at < want && stream_next(s))
			return -1;
	}
	return 0;
}

/* Cursors for the count. */
typedef struct count_state {
	sq_doclist *d[SQ_PHRASE_MAX];
	size_t n;
	size_t counted;           /* the cursor whose rows are counted: it reads
				     every row (SIZE_MAX: none) */
	sq_doclist_row_fn each;   /* each row counted, when set (sq_doclist_each_in) */
	void *ctx;
} count_state;

/* The phrase stands in the row the cursors are on: some position p of
 * term 0 with p + i a position of term i for every i (in one column, as
 * fts5ExprPhraseIsMatch checks). The lists are read in step, each moved
 * past what the others rule out, as far as the first instance. */
static int phrase_in_row(count_state *c, bool *in, pd_err *err)
{
	pos_stream st[SQ_PHRASE_MAX];
	*in = false;
	for (size_t i = 0; i < c->n; i++) {
		size_t n;
		const unsigned char *p = sq_doclist_positions(c->d[i], &n);
		st[i] = (pos_stream){ .p = p, .n = n };
		if (stream_next(&st[i]))
			return corrupt(err, "a bad position list");
	}
	sqlite3_int64 p = st[0].at;
	for (;;) {
		bool all = true;
		for (size_t i = 0; i < c->n && all; i++) {
			sqlite3_int64 want = p + (sqlite3_int64)i;
			if (stream_to(&st[i], want))
				return corrupt(err, "a bad position list");
			if (st[i].end)
				return 0;
			if (st[i].at != want) { /* no instance before this one's */
				p = st[i].at - (sqlite3_int64)i;
				all = false;
			}
		}
		if (all) {
			*in = true;
			return 0;
		}
	}
}

/* Moves every cursor to the next rowid below limit they all hold: 1
 * there, 0 when one ends or reaches limit. */
static int align(count_state *c, sqlite3_int64 limit, pd_err *err)
{
	for (;;) {
		sqlite3_int64 top = sq_doclist_rowid(c->d[0]);
		for (size_t i = 1; i < c->n; i++)
			if (sq_doclist_rowid(c->d[i]) > top)
				top = sq_doclist_rowid(c->d[i]);
		if (top >= limit)
			return 0;
		bool same = true;
		for (size_t i = 0; i < c->n; i++) {
			int rc = i == c->counted ? sq_doclist_seek(c->d[i], top, err)
						 : sq_doclist_skip(c->d[i], top, err);
			if (rc <= 0)
				return rc;
			same = same && sq_doclist_rowid(c->d[i]) == top;
		}
		if (same)
			return 1;
	}
}

/* Adds to *count the rows below limit, from where the cursors are (on a
 * row each: rc 1), holding all the terms (as a phrase). */
static int count_rows_below(count_state *c, int rc, bool phrase, sqlite3_int64 limit,
			    size_t *count, pd_err *err)
{
	while (rc == 1 && (rc = align(c, limit, err)) == 1) {
		bool in = true;
		int prc = phrase ? phrase_in_row(c, &in, err) : 0;
		if (prc) {
			rc = prc;
			break;
		}
		*count += in;
		if (in && c->each && (rc = c->each(sq_doclist_rowid(c->d[0]), c->ctx)) != 0)
			return rc;
		rc = 1;
		for (size_t i = 0; i < c->n && rc == 1; i++)
			rc = sq_doclist_next(c->d[i], err);
	}
	return rc < 0 ? rc : 0;
}

static int count_rows(count_state *c, bool phrase, size_t *count, pd_err *err)
{
	int rc = 1;
	*count = 0;
	for (size_t i = 0; i < c->n && rc == 1; i++)
		rc = sq_doclist_next(c->d[i], err);
	return count_rows_below(c, rc, phrase, INT64_MAX, count, err);
}

/* One stratum [from, to) of sq_doclist_count_sampled: the cursors jump to
 * from, the rows below to holding the terms are added to *hits, and term
 * r's rows in the stratum to *rows (its cursor is moved to `to` for that,
 * whatever the others do). */
static int count_stratum(count_state *c, size_t r, bool phrase, sqlite3_int64 from,
			 sqlite3_int64 to, size_t *hits, size_t *rows, pd_err *err)
{
	int rc = 1;
	for (size_t i = 0; i < c->n; i++) {
		int jrc = sq_doclist_jump(c->d[i], from, err);
		if (jrc < 0)
			return jrc;
		rc = rc == 1 ? jrc : rc;
	}
	size_t before = sq_doclist_rows(c->d[r]);
	if ((rc = count_rows_below(c, rc, phrase, to, hits, err)) != 0)
		return rc;
	if ((rc = sq_doclist_seek(c->d[r], to, err)) < 0)
		return rc;
	*rows += sq_doclist_rows(c->d[r]) - before;
	return 0;
}

static void count_close(count_state *c)
{
	for (size_t i = 0; i < c->n; i++)
		sq_doclist_free(c->d[i]);
	c->n = 0;
}

/* A cursor per term (n of them, 1 .. SQ_PHRASE_MAX) on the index's one
 * segment: 1 when open (count_close closes them), 0 when the index is
 * not read so, or an error. */
static int count_open(sq_store *s, const char *const *terms, size_t n, count_state *c,
		      pd_err *err)
{
	const sq_fts_seg *seg;
	c->n = 0;
	c->counted = SIZE_MAX;
	c->each = NULL;
	if (n < 1 || n > SQ_PHRASE_MAX)
		return 0;
	int rc = sq_doclist_seg(s, &seg, err);
	if (rc || !seg)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = sq_doclist_open(s, seg, terms[i], strlen(terms[i]), &c->d[i], err))) {
			count_close(c);
			return rc;
		}
		c->n++;
	}
	return 1;
}

int sq_doclist_count(sq_store *s, const char *const *terms, size_t n, bool phrase,
		     size_t *count, bool *done, pd_err *err)
{
	count_state c;
	*done = false;
	int rc = count_open(s, terms, n, &c, err);
	if (rc != 1)
		return rc;
	rc = count_rows(&c, phrase && n > 1, count, err);
	*done = rc == 0;
	count_close(&c);
	return rc;
}

int sq_doclist_count_sampled(sq_store *s, const char *const *terms, size_t n, bool phrase,
			     const sq_strata *st, size_t r, size_t *hits, size_t *rows,
			     bool *done, pd_err *err)
{
	count_state c;
	*done = false;
	*hits = *rows = 0;
	if (r >= n || st->n < 1 || st->width < 1)
		return 0;
	int rc = count_open(s, terms, n, &c, err);
	if (rc != 1)
		return rc;
	c.counted = r;
	rc = 0;
	for (size_t k = 0; rc == 0 && k < st->n; k++) {
		sqlite3_int64 from = st->span / (sqlite3_int64)st->n * (sqlite3_int64)k;
		rc = count_stratum(&c, r, phrase && n > 1, from, from + st->width, hits, rows,
				   err);
	}
	*done = rc == 0;
	count_close(&c);
	return rc;
}

int sq_doclist_each_in(sq_store *s, const char *const *terms, size_t n, bool phrase,
		       const sqlite3_int64 (*ranges)[2], size_t nranges, sq_doclist_row_fn each,
		       void *ctx, pd_err *err)
{
	count_state c;
	int rc = count_open(s, terms, n, &c, err);
	if (rc != 1)
		return rc;
	c.each = each;
	c.ctx = ctx;
	size_t hits = 0;
	for (size_t k = 0; rc == 1 && k < nranges; k++) {
		int at = 1; /* 1: every cursor on a row at or past the range's start */
		for (size_t i = 0; i < c.n && rc == 1; i++) {
			int jrc = sq_doclist_jump(c.d[i], ranges[k][0], err);
			rc = jrc < 0 ? jrc : rc;
			at = at == 1 ? jrc : at;
		}
		sqlite3_int64 limit = ranges[k][1] < INT64_MAX ? ranges[k][1] + 1 : INT64_MAX;
		if (rc == 1) {
			int wrc = count_rows_below(&c, at, phrase && n > 1, limit, &hits, err);
			rc = wrc ? wrc : 1;
		}
	}
	count_close(&c);
	return rc;
}

/* ---- the terms and their row counts, every page read once in order ------ */

/* The walk's state across pages: the term whose doclist is being counted. */
typedef struct term_walk {
	unsigned char *term;      /* its key, NUL-terminated */
	size_t len, cap;
	bool open;                /* a term was read: rows go to it */
	size_t rows;
	size_t min_rows;
	bool deletes;             /* entries flagged deleted are counted (a
				     newer segment's walk), else PD_EINPUT */
	sq_doclist_term_fn each;
	void *ctx;
} term_walk;

/* Counts the rows whose rowid starts in p[i .. end) into *rows. A row's
 * size or positions may run past end, into the next pages (up to their
 * first rowid, where the walk goes on). 0, or PD_EINPUT. */
static int count_rows_in(const unsigned char *p, size_t i, size_t end, bool deletes,
			 size_t *rows, pd_err *err)
{
	while (i < end) {
		uint64_t rowid, size;
		if (!get_varint(p, end, &i, &rowid))
			return corrupt(err, "a rowid is cut short");
		(*rows)++;
		if (i == end) /* its size begins the next page */
			return 0;
		if (!get_varint(p, end, &i, &size))
			return corrupt(err, "a row is cut short");
		if ((size & 1) && !deletes) /* not in an optimized index */
			return corrupt(err, "a row marked deleted");
		if ((size >> 1) > end - i) /* its positions go on in the next page */
			return 0;
		i += (size_t)(size >> 1);
	}
	return 0;
}

/* The term counted so far, to the caller when it is the main index's
 * ('0' first) and in min_rows rows or more. */
static int term_done(term_walk *w)
{
	if (!w->open || w->rows < w->min_rows || w->len < 1 || w->term[0] != '0')
		return 0;
	return w->each((const char *)w->term + 1, w->len - 1, w->rows, w->ctx);
}

/* The next term key on a page: shared bytes with the one before, then
 * its own; keys come in strictly increasing order. */
static int next_key(term_walk *w, const unsigned char *p, size_t szleaf, size_t *i, bool first,
		    pd_err *err)
{
	uint64_t shared = 0, add;
	if ((!first && !get_varint(p, szleaf, i, &shared)) || !get_varint(p, szleaf, i, &add) ||
	    shared > w->len || add > szleaf - *i)
		return corrupt(err, "a term is out of bounds");
	size_t n = (size_t)(shared + add);
	if (n + 1 > w->cap) {
		w->cap = (n + 1) * 2;
		w->term = pd_xrealloc(w->term, w->cap);
	}
	/* the new key (the old one's first `shared` bytes, then tail) sorts
	 * after the one before it */
	const unsigned char *tail = p + *i;
	if (w->open) {
		size_t rest = w->len - (size_t)shared, m = add < rest ? (size_t)add : rest;
		int c = memcmp(tail, w->term + shared, m);
		if (c < 0 || (c == 0 && add <= rest))
			return corrupt(err, "terms out of order");
	}
	memcpy(w->term + shared, tail, (size_t)add);
	w->len = n;
	w->term[n] = '\0';
	*i += (size_t)add;
	return 0;
}

/* One leaf page: the rows that continue the open term's doclist (from the
 * page's first rowid to its first term), then each term on the page and
 * the rows of its doclist here. */
static int walk_page(term_walk *w, const unsigned char *p, size_t size, pd_err *err)
{
	if (size < 4)
		return corrupt(err, "a leaf page is too short");
	size_t first_rowid = ((size_t)p[0] << 8) | p[1], szleaf = ((size_t)p[2] << 8) | p[3];
	if (szleaf < 4 || szleaf > size || first_rowid >= szleaf || (first_rowid && first_rowid < 4))
		return corrupt(err, "a leaf page's header is out of bounds");
	size_t foot = szleaf, at = 0, before = szleaf;
	uint64_t delta;
	if (foot < size) { /* the page's first term ends what continues */
		size_t f = foot;
		if (!get_varint(p, size, &f, &delta) || delta < 4 || delta >= szleaf)
			return corrupt(err, "a page's first term is out of bounds");
		before = (size_t)delta;
	}
	int rc = 0;
	if (first_rowid) {
		if (!w->open || first_rowid > before)
			return corrupt(err, "a rowid outside any doclist");
		rc = count_rows_in(p, first_rowid, before, w->deletes, &w->rows, err);
	} else if (!w->open && before > 4) {
		return corrupt(err, "bytes before the first term");
	}
	for (bool first = true; rc == 0 && foot < size; first = false) {
		if (!get_varint(p, size, &foot, &delta) || delta > szleaf - at ||
		    (!first && delta == 0) || (first && delta < 4))
			return corrupt(err, "a page's term offsets are out of bounds");
		at += (size_t)delta;
		size_t i = at, end = szleaf;
		if ((rc = term_done(w)) != 0 || (rc = next_key(w, p, szleaf, &i, first, err)) != 0)
			return rc;
		if (foot < size) { /* the doclist runs to the next term */
			size_t f = foot;
			if (!get_varint(p, size, &f, &delta) || delta == 0 || delta > szleaf - at)
				return corrupt(err, "a page's term offsets are out of bounds");
			end = at + (size_t)delta;
		}
		if (end < i)
			return corrupt(err, "a term runs over the next");
		w->open = true;
		w->rows = 0;
		rc = count_rows_in(p, i, end, w->deletes, &w->rows, err);
	}
	return rc;
}

/* Every page of one segment in order, its terms to w->each. */
static int walk_segment(sq_store *s, const sq_seg_pages *seg, term_walk *w, pd_err *err)
{
	sqlite3_stmt *st = sq_prep(s, "SELECT id, block FROM turns_fts_data"
				   " WHERE id BETWEEN ?1 AND ?2 ORDER BY id", err);
	if (!st)
		return PD_ESTORE;
	sqlite3_int64 base = (sqlite3_int64)seg->segid << SEGMENT_SHIFT;
	sqlite3_bind_int64(st, 1, base + seg->first);
	sqlite3_bind_int64(st, 2, base + seg->last);
	sqlite3_int64 want = base + seg->first;
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		/* every page of the segment, in order, none missing */
		if (sqlite3_column_int64(st, 0) != want++ ||
		    sqlite3_column_type(st, 1) != SQLITE_BLOB)
			rc = corrupt(err, "a leaf page is missing");
		else
			rc = walk_page(w, sqlite3_column_blob(st, 1),
				       (size_t)sqlite3_column_bytes(st, 1), err);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sq_fail(s, err, "reading the index's pages");
	if (rc == 0 && want != base + seg->last + 1)
		rc = corrupt(err, "a leaf page is missing");
	if (rc == 0)
		rc = term_done(w);
	sq_done(st);
	free(w->term);
	return rc;
}

/* ---- the terms of several segments ------------------------------------- */

/* The oldest segment's walk counts a term's rows there; the newer
 * segments (a later ingest's: few terms, few rows) say what changes:
 * each term of theirs is read through a merged cursor (delete markers
 * kept) and its rowids looked up in the oldest's doclist by jumps. The
 * oldest holds no delete markers (a merge into it drops them): one there
 * is PD_EINPUT, and the caller lists the terms through FTS5. */

/* A term of the newer segments: the rows they hold (their newest entry
 * not a delete marker) less the oldest's rows they supersede. */
typedef struct term_fix {
	char *term;
	size_t len;
	ptrdiff_t delta;
} term_fix;

typedef struct fix_list {
	term_fix *v;
	size_t n, cap;
	size_t next;              /* the first not yet given to each() */
	size_t min_rows;
	sq_doclist_term_fn each;
	void *ctx;
} fix_list;

/* The index's order of terms: bytes, then the shorter first. */
static int key_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

static int fix_cmp(const void *a, const void *b)
{
	const term_fix *x = a, *y = b;
	return key_cmp(x->term, x->len, y->term, y->len);
}

/* sq_doclist_term_fn: a newer segment's term into the list. */
static int add_fix(const char *term, size_t len, size_t rows, void *ctx)
{
	fix_list *l = ctx;
	(void)rows;
	l->v = pd_xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	char *copy = pd_xmalloc(len + 1);
	memcpy(copy, term, len);
	copy[len] = '\0';
	l->v[l->n++] = (term_fix){ copy, len, 0 };
	return 0;
}

/* The newer segments' (all but the last) terms, each once, in order. */
static int newer_terms(sq_store *s, const sq_fts_seg *seg, fix_list *l, pd_err *err)
{
	int rc = 0;
	for (size_t k = 0; k + 1 < seg->n && rc == 0; k++) {
		term_walk w = { .min_rows = 1, .deletes = true, .each = add_fix, .ctx = l };
		rc = walk_segment(s, &seg->v[k], &w, err);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, fix_cmp);
	size_t m = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (m && fix_cmp(&l->v[m - 1], &l->v[i]) == 0)
			free(l->v[i].term);
		else
			l->v[m++] = l->v[i];
	}
	l->n = m;
	return rc;
}

static int seg_pages(const sq_seg_pages *p)
{
	return p->last - p->first;
}

/* fix->delta from the term's rows in the newer segments and the oldest. */
static int fix_term(sq_store *s, const sq_fts_seg *seg, term_fix *fix, pd_err *err)
{
	size_t nnew = seg->n - 1, big = 0;
	for (size_t k = 1; k < nnew; k++)
		big = seg_pages(&seg->v[k]) > seg_pages(&seg->v[big]) ? k : big;
	sq_doclist *fresh = NULL, *old = NULL;
	int rc = open_merged(s, seg->v, nnew, big, fix->term, fix->len, true, &fresh, err);
	if (rc == 0)
		rc = open_segment(s, &seg->v[nnew], fix->term, fix->len, &old, err);
	if (rc == 0)
		rc = seg_next(old, err);
	while (rc >= 0 && (rc = merged_next(fresh, err)) == 1) {
		sqlite3_int64 r = fresh->rowid;
		if ((rc = seg_jump(old, r, err)) < 0)
			break;
		fix->delta += (fresh->npos > 0) - (rc == 1 && old->rowid == r);
	}
	sq_doclist_free(fresh);
	sq_doclist_free(old);
	return rc < 0 ? rc : 0;
}

/* A term and its rows to each(), when in min_rows rows or more. */
static int give(fix_list *l, const char *term, size_t len, ptrdiff_t rows)
{
	if (rows < 1 || (size_t)rows < l->min_rows)
		return 0;
	return l->each(term, len, (size_t)rows, l->ctx);
}

/* The newer segments' terms the oldest lacks, up to the index's order
 * of term (key_cmp below `until` or all). */
static int give_fixes_before(fix_list *l, const char *until, size_t len)
{
	int rc = 0;
	while (rc == 0 && l->next < l->n &&
	       (!until || key_cmp(l->v[l->next].term, l->v[l->next].len, until, len) < 0)) {
		const term_fix *f = &l->v[l->next++];
		rc = give(l, f->term, f->len, f->delta);
	}
	return rc;
}

/* sq_doclist_term_fn over the oldest's terms: the newer segments' terms
 * before it, then it, its rows fixed. */
static int fixed_term(const char *term, size_t len, size_t rows, void *ctx)
{
	fix_list *l = ctx;
	int rc = give_fixes_before(l, term, len);
	ptrdiff_t n = (ptrdiff_t)rows;
	if (l->next < l->n && key_cmp(l->v[l->next].term, l->v[l->next].len, term, len) == 0)
		n += l->v[l->next++].delta;
	return rc ? rc : give(l, term, len, n);
}

static int merged_terms(sq_store *s, const sq_fts_seg *seg, size_t min_rows,
			sq_doclist_term_fn each, void *ctx, pd_err *err)
{
	fix_list l = { .min_rows = min_rows, .each = each, .ctx = ctx };
	int rc = newer_terms(s, seg, &l, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = fix_term(s, seg, &l.v[i], err);
	if (rc == 0) {
		term_walk w = { .min_rows = 0, .each = fixed_term, .ctx = &l };
		rc = walk_segment(s, &seg->v[seg->n - 1], &w, err);
	}
	if (rc == 0)
		rc = give_fixes_before(&l, NULL, 0);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].term);
	free(l.v);
	return rc;
}

int sq_doclist_terms(sq_store *s, const sq_fts_seg *seg, size_t min_rows,
		     sq_doclist_term_fn each, void *ctx, pd_err *err)
{
	if (seg->n > 1)
		return merged_terms(s, seg, min_rows, each, ctx, err);
	term_walk w = { .min_rows = min_rows, .each = each, .ctx = ctx };
	return walk_segment(s, &seg->v[0], &w, err);
}
