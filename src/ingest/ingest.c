/* ingest.c: the input walker (see ingest.h).
 *
 * Every regular file is opened once through libarchive with the tar, zip
 * and raw formats and the usual compression filters. The first header
 * tells what the file is:
 *   tar or zip             -> an archive, read member by member
 *   raw, no filter         -> a plain file, one document
 *   raw under a filter     -> one compressed file (x.xml.gz), one document
 * so detection goes by content and costs one block read, and a plain file
 * is not opened twice. Formats and filters are listed one by one rather
 * than with *_all: the "all" sets include bidders that claim text files
 * (uuencode on "begin 644", mtree, the empty format on empty files).
 */
#include "ingest/ingest.h"

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libarchive's read block: big enough that zstd and gzip get long runs,
 * small enough to stay invisible next to a document. */
#define READ_BLOCK (64 * 1024)
/* First allocation for a member of unknown size; doubled as needed. */
#define FIRST_CHUNK (64 * 1024)
/* ARCHIVE_RETRY from a header read is rare and transient; more than this
 * many in a row means the archive is broken. */
#define MAX_RETRIES 8

typedef struct dir_id {
	dev_t dev;
	ino_t ino;
} dir_id;

typedef struct walker {
	size_t max_doc;
	size_t max_entries;
	unsigned max_depth;
	pd_walk_fn on_doc;
	pd_walk_err_fn on_error;
	void *ctx;
	bool counting;          /* pd_ingest_count: no data, no errors */
	size_t count;
	bool stop;              /* on_doc asked to stop */
	char *data;             /* read buffer, reused from one document to the next */
	size_t cap;
	pd_buf path;            /* the file or folder being walked */
	pd_buf name;            /* an archive member's display name */
	dir_id *open_dirs;      /* folders being walked, outermost first */
	unsigned nopen;
} walker;

static void ensure_utf8_locale(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
}

__attribute__((format(printf, 4, 5)))
static void report(walker *w, const char *name, int code, const char *fmt, ...)
{
	if (w->counting || !w->on_error)
		return;
	pd_err e;
	pd_err_clear(&e);
	e.code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	w->on_error(name, &e, w->ctx);
}

static void deliver(walker *w, const char *name, size_t len)
{
	if (w->counting) {
		w->count++;
		return;
	}
	if (w->on_doc(name, w->data ? w->data : "", len, w->ctx) != 0)
		w->stop = true;
}

/* Makes room for `need` bytes plus the terminating NUL. */
static void reserve(walker *w, size_t need)
{
	if (need + 1 <= w->cap)
		return;
	size_t ncap = w->cap ? w->cap : FIRST_CHUNK;
	while (ncap < need + 1)
		ncap *= 2;
	w->data = pd_xrealloc(w->data, ncap);
	w->cap = ncap;
}

enum { READ_OK = 0, READ_SKIPPED = 1, READ_FATAL = 2 };

/* Reads the current entry's data into w->data and delivers it. size is the
 * size from the header or stat, or -1 when unknown (a compressed single
 * file, a zip member with a data descriptor). Returns READ_OK, READ_SKIPPED
 * (reported; the next member may still be read) or READ_FATAL (reported;
 * the archive cannot go on). */
static int read_entry(walker *w, struct archive *a, const char *name,
		      int64_t size)
{
	if (size >= 0 && (uint64_t)size > w->max_doc) {
		report(w, name, PD_ETOOBIG,
		       "%s: %lld bytes, over the %zu-byte document limit",
		       name, (long long)size, w->max_doc);
		return READ_SKIPPED;
	}
	if (w->counting) {
		/* A member cut short by a truncated archive is not counted:
		 * the walk reports it instead of delivering it. */
		if (archive_read_data_skip(a) == ARCHIVE_FATAL)
			return READ_FATAL;
		w->count++;
		return READ_OK;
	}
	/* Room for one byte more than expected: the read that returns 0 (end)
	 * needs somewhere to point, and one byte past the limit tells
	 * "exactly at the limit" from "over". */
	reserve(w, size >= 0 ? (size_t)size + 1 : FIRST_CHUNK);
	size_t len = 0;
	for (;;) {
		if (len == w->cap - 1) {
			if (len > w->max_doc)
				break;
			reserve(w, len + 1);
		}
		size_t room = w->cap - 1 - len;
		if (room > w->max_doc + 1 - len)
			room = w->max_doc + 1 - len;
		la_ssize_t n = archive_read_data(a, w->data + len, room);
		if (n < 0) {
			report(w, name, PD_EIO, "%s: cannot read: %s", name,
			       archive_error_string(a));
			return n == ARCHIVE_FATAL ? READ_FATAL : READ_SKIPPED;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > w->max_doc)
			break;
	}
	if (len > w->max_doc) {
		report(w, name, PD_ETOOBIG,
		       "%s: over the %zu-byte document limit", name, w->max_doc);
		return READ_SKIPPED;
	}
	w->data[len] = '\0';
	deliver(w, name, len);
	return READ_OK;
}

/* Debris that archivers add: hidden paths (the folder rule), and macOS's
 * __MACOSX/ resource forks. "." and ".." components are not hidden. */
static bool member_is_debris(const char *p)
{
	while (*p) {
		size_t n = strcspn(p, "/");
		bool dots = (n == 1 && p[0] == '.') ||
			    (n == 2 && p[0] == '.' && p[1] == '.');
		if (n > 0 && p[0] == '.' && !dots)
			return true;
		if (n == 8 && memcmp(p, "__MACOSX", 8) == 0)
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

/* Builds "<archive>#<member>" in w->name; false if too long. */
static bool member_name(walker *w, const char *archive, const char *member)
{
	while (member[0] == '.' && member[1] == '/')
		member += 2;
	while (member[0] == '/')
		member++;
	pd_buf_reset(&w->name);
	return pd_buf_puts(&w->name, archive) == 0 &&
	       pd_buf_putc(&w->name, '#') == 0 &&
	       pd_utf8_repair(&w->name, member, strlen(member)) == 0;
}

/* Reads every member of an opened archive; r is the result of the first
 * header read and e its entry. */
static void walk_members(walker *w, struct archive *a, const char *path,
			 int r, struct archive_entry *e)
{
	size_t entries = 0;
	int retries = 0;
	for (; !w->stop; r = archive_read_next_header(a, &e)) {
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && ++retries <= MAX_RETRIES)
			continue;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			report(w, path, PD_EIO,
			       "%s: corrupt archive after %zu members: %s",
			       path, entries, archive_error_string(a));
			break;
		}
		retries = 0;
		if (++entries > w->max_entries) {
			report(w, path, PD_ETOOBIG,
			       "%s: more than %zu members; the rest is skipped",
			       path, w->max_entries);
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_hardlink(e))
			continue;
		const char *mp = archive_entry_pathname_utf8(e);
		if (!mp)
			mp = archive_entry_pathname(e);
		if (!mp) {
			report(w, path, PD_EINPUT,
			       "%s: member %zu has a name that cannot be read: %s",
			       path, entries, archive_error_string(a));
			continue;
		}
		if (member_is_debris(mp))
			continue;
		if (!member_name(w, path, mp)) {
			report(w, path, PD_ETOOBIG,
			       "%s: member %zu has a name over %d bytes",
			       path, entries, PD_MAX_NAME_BYTES);
			continue;
		}
		int64_t size = archive_entry_size_is_set(e) ?
			archive_entry_size(e) : -1;
		if (read_entry(w, a, pd_buf_cstr(&w->name), size) == READ_FATAL)
			break;
	}
}

/* A regular file: an archive, a compressed file or a plain document. */
static void walk_file(walker *w)
{
	const char *path = pd_buf_cstr(&w->path);
	struct archive *a = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		report(w, path, PD_EIO, "%s: cannot open: %s", path,
		       strerror(errno));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		report(w, path, PD_EIO, "%s: cannot stat: %s", path,
		       strerror(errno));
		goto out;
	}
	if (st.st_size == 0) {
		/* No format bids on nothing; an empty file is an empty
		 * document (the parser says "empty file"). */
		reserve(w, 0);
		w->data[0] = '\0';
		deliver(w, path, 0);
		goto out;
	}
	a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_raw(a);
	struct archive_entry *e = NULL;
	int r = archive_read_open_fd(a, fd, READ_BLOCK);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(a, &e);
	if (r == ARCHIVE_FATAL || r == ARCHIVE_FAILED) {
		report(w, path, PD_EIO, "%s: cannot read: %s", path,
		       archive_error_string(a));
		goto out;
	}
	if (archive_format(a) != ARCHIVE_FORMAT_RAW) {
		walk_members(w, a, path, r, e);
		goto out;
	}
	bool compressed = archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE;
	read_entry(w, a, path, compressed ? -1 : (int64_t)st.st_size);
out:
	if (a)
		archive_read_free(a);
	if (fd >= 0)
		close(fd);
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Lists a folder's visible entries, sorted; NULL (reported) on failure. */
static char **list_dir(walker *w, const char *path, size_t *n)
{
	DIR *d = opendir(path);
	char **names = NULL;
	size_t cap = 0;
	*n = 0;
	if (!d) {
		report(w, path, PD_EIO, "%s: cannot open folder: %s", path,
		       strerror(errno));
		return NULL;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == PD_MAX_DIR_ENTRIES) {
			report(w, path, PD_ETOOBIG,
			       "%s: more than %d entries; folder skipped",
			       path, PD_MAX_DIR_ENTRIES);
			while (*n)
				free(names[--*n]);
			free(names);
			names = NULL;
			goto out;
		}
		names = pd_xgrow(names, sizeof *names, *n + 1, &cap);
		names[(*n)++] = pd_xstrdup(de->d_name);
	}
	if (*n)
		qsort(names, *n, sizeof *names, cmp_names);
	else
		names = pd_xmalloc(sizeof *names);   /* empty, not an error */
out:
	closedir(d);
	return names;
}

static void walk_path(walker *w, unsigned depth, bool named);

static void walk_dir(walker *w, const struct stat *st, unsigned depth)
{
	const char *path = pd_buf_cstr(&w->path);
	if (depth > w->max_depth) {
		report(w, path, PD_ETOOBIG,
		       "%s: folder nested deeper than %u levels; skipped",
		       path, w->max_depth);
		return;
	}
	for (unsigned i = 0; i < w->nopen; i++) {
		if (w->open_dirs[i].dev == st->st_dev &&
		    w->open_dirs[i].ino == st->st_ino) {
			report(w, path, PD_EINPUT,
			       "%s: symlink loop (this folder is already being walked)",
			       path);
			return;
		}
	}
	size_t n;
	char **names = list_dir(w, path, &n);
	if (!names)
		return;
	w->open_dirs[w->nopen].dev = st->st_dev;
	w->open_dirs[w->nopen].ino = st->st_ino;
	w->nopen++;
	size_t base = w->path.len;
	for (size_t i = 0; i < n; i++) {
		if (!w->stop) {
			pd_buf_truncate(&w->path, base);
			bool root = base == 1 && w->path.data[0] == '/';
			if ((!root && pd_buf_putc(&w->path, '/') < 0) ||
			    pd_buf_puts(&w->path, names[i]) < 0)
				report(w, pd_buf_cstr(&w->path), PD_ETOOBIG,
				       "%s: path over %d bytes; skipped",
				       pd_buf_cstr(&w->path), PD_MAX_NAME_BYTES);
			else
				walk_path(w, depth + 1, false);
		}
		free(names[i]);
	}
	pd_buf_truncate(&w->path, base);
	w->nopen--;
	free(names);
}

/* Walks w->path. named: the user named it (a special file is then an
 * error rather than something to skip quietly). */
static void walk_path(walker *w, unsigned depth, bool named)
{
	const char *path = pd_buf_cstr(&w->path);
	struct stat st;
	if (stat(path, &st) < 0) {
		struct stat lst;
		if (errno == ENOENT && lstat(path, &lst) == 0)
			report(w, path, PD_EIO, "%s: broken symlink", path);
		else
			report(w, path, PD_EIO, "%s: cannot read: %s", path,
			       strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(w, &st, depth);
	else if (S_ISREG(st.st_mode))
		walk_file(w);
	else if (named)
		report(w, path, PD_EINPUT, "%s: not a file or folder", path);
}

static void walker_init(walker *w, const pd_walk_opts *opts)
{
	memset(w, 0, sizeof *w);
	w->max_doc = opts && opts->max_doc_bytes ? opts->max_doc_bytes :
		PD_MAX_DOCUMENT_BYTES;
	w->max_entries = opts && opts->max_entries ? opts->max_entries :
		PD_MAX_ARCHIVE_ENTRIES;
	w->max_depth = opts && opts->max_depth ? opts->max_depth :
		PD_MAX_DIR_DEPTH;
	pd_buf_init(&w->path, PD_MAX_NAME_BYTES);
	pd_buf_init(&w->name, PD_MAX_NAME_BYTES);
	w->open_dirs = pd_xcalloc((size_t)w->max_depth + 1, sizeof *w->open_dirs);
}

static void walker_release(walker *w)
{
	free(w->data);
	free(w->open_dirs);
	pd_buf_release(&w->path);
	pd_buf_release(&w->name);
}

static void walk_all(walker *w, const char *const *paths, size_t npaths)
{
	ensure_utf8_locale();
	for (size_t i = 0; i < npaths && !w->stop; i++) {
		const char *p = paths[i];
		size_t n = strlen(p);
		/* "corpus/" and "corpus" give the same names. */
		while (n > 1 && p[n - 1] == '/')
			n--;
		pd_buf_reset(&w->path);
		if (n == 0 || pd_buf_add(&w->path, p, n) < 0) {
			report(w, p, PD_EUSAGE, "%s: %s", p,
			       n ? "path too long" : "empty path");
			continue;
		}
		walk_path(w, 0, true);
	}
}

int pd_ingest_walk(const char *const *paths, size_t npaths,
		   const pd_walk_opts *opts, pd_walk_fn on_doc,
		   pd_walk_err_fn on_error, void *ctx)
{
	if ((!paths && npaths) || !on_doc)
		return PD_EUSAGE;
	walker w;
	walker_init(&w, opts);
	w.on_doc = on_doc;
	w.on_error = on_error;
	w.ctx = ctx;
	walk_all(&w, paths, npaths);
	walker_release(&w);
	return 0;
}

int pd_ingest_count(const char *const *paths, size_t npaths,
		    const pd_walk_opts *opts, size_t *count)
{
	if ((!paths && npaths) || !count)
		return PD_EUSAGE;
	walker w;
	walker_init(&w, opts);
	w.counting = true;
	walk_all(&w, paths, npaths);
	*count = w.count;
	walker_release(&w);
	return 0;
}
