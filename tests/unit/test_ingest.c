/* test_ingest.c: the input walker on fixtures built at test time.
 *
 * Each test writes files and archives (with libarchive's write API) into a
 * fresh temp folder, walks them and compares the exact sequence of events,
 * documents and errors interleaved, with what the walker promises in
 * ingest.h. Last, the real corpus: the sample folder and the dev archive.
 */
/* nftw() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "ingest/ingest.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- fixtures ---------------------------------------------------------- */

static char root[64];

static int make_root(void **state)
{
	snprintf(root, sizeof root, "/tmp/pd-ingest-XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *f)
{
	chmod(p, 0700);
	return remove(p);
}

static int remove_root(void **state)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* root + "/" + rel, in a static ring so a few can be live at once. */
static const char *at(const char *rel)
{
	static char ring[8][512];
	static int i;
	char *p = ring[i++ % 8];
	snprintf(p, sizeof ring[0], "%s/%s", root, rel);
	return p;
}

static void write_bytes(const char *rel, const char *data, size_t n)
{
	FILE *f = fopen(at(rel), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *rel, const char *s)
{
	write_bytes(rel, s, strlen(s));
}

static void make_dir(const char *rel)
{
	assert_int_equal(mkdir(at(rel), 0755), 0);
}

/* n bytes of xorshift noise: incompressible, so compressed archives keep
 * their members' sizes and truncation lands where the test puts it. */
static char *noise(size_t n, uint32_t seed)
{
	char *p = malloc(n);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		p[i] = (char)(seed & 0xff);
	}
	return p;
}

typedef struct member {
	const char *name;
	const char *data;       /* NULL: a folder entry */
	size_t len;
} member;

enum { TAR, TAR_GZ, TAR_ZST, TAR_XZ, ZIP, USTAR };

static void make_archive(const char *rel, int kind, const member *m, size_t n)
{
	struct archive *a = archive_write_new();
	if (kind == ZIP)
		archive_write_set_format_zip(a);
	else if (kind == USTAR)
		archive_write_set_format_ustar(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (kind == TAR_GZ)
		archive_write_add_filter_gzip(a);
	else if (kind == TAR_ZST)
		archive_write_add_filter_zstd(a);
	else if (kind == TAR_XZ)
		archive_write_add_filter_xz(a);
	assert_int_equal(archive_write_open_filename(a, at(rel)), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, m[i].data ? AE_IFREG : AE_IFDIR);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, m[i].data ? (la_int64_t)m[i].len : 0);
		assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);
		if (m[i].data && m[i].len)
			assert_int_equal(archive_write_data(a, m[i].data, m[i].len),
					 (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* ---- recording the walk ------------------------------------------------ */

/* Every event as one line, names relative to root:
 *   "doc a/b.xml 12" or "err a/b.xml too large". */
typedef struct events {
	pd_buf log;
	int stop_after;         /* stop after this many docs; 0: never */
	int docs;
	pd_buf keep_name;       /* name whose bytes to keep, and the bytes */
	pd_buf kept;
	char last_msg[PD_ERR_MSG_MAX];
} events;

static const char *rel_name(const char *name)
{
	size_t n = strlen(root);
	if (strncmp(name, root, n) == 0 && name[n] == '/')
		return name + n + 1;
	return name;
}

static int on_doc(const char *name, const char *bytes, size_t len, void *ctx)
{
	events *ev = ctx;
	assert_int_equal(bytes[len], '\0');
	pd_buf_printf(&ev->log, "doc %s %zu\n", rel_name(name), len);
	if (ev->keep_name.len && strcmp(rel_name(name), ev->keep_name.data) == 0) {
		pd_buf_reset(&ev->kept);
		pd_buf_add(&ev->kept, bytes, len);
	}
	return ev->stop_after && ++ev->docs >= ev->stop_after;
}

static void on_error(const char *name, const pd_err *err, void *ctx)
{
	events *ev = ctx;
	/* The promise: the message names the input, on one line. */
	assert_non_null(strstr(err->msg, name));
	assert_null(strchr(err->msg, '\n'));
	pd_buf_printf(&ev->log, "err %s %s\n", rel_name(name),
		      pd_err_name(err->code));
	snprintf(ev->last_msg, sizeof ev->last_msg, "%s", err->msg);
}

static void events_init(events *ev)
{
	memset(ev, 0, sizeof *ev);
	pd_buf_init(&ev->log, 0);
	pd_buf_init(&ev->keep_name, 0);
	pd_buf_init(&ev->kept, 0);
}

static void events_release(events *ev)
{
	pd_buf_release(&ev->log);
	pd_buf_release(&ev->keep_name);
	pd_buf_release(&ev->kept);
}

/* Starts a log and walks paths into it; the caller releases ev. */
static void walk_into(events *ev, const char *keep, const char *const *paths,
		      size_t n, const pd_walk_opts *o)
{
	events_init(ev);
	if (keep)
		pd_buf_puts(&ev->keep_name, keep);
	assert_int_equal(pd_ingest_walk(paths, n, o, on_doc, on_error, ev), 0);
}

/* Walks the named fixture paths and checks the event log; also checks that
 * pd_ingest_count gives want_count, or (-1) the number of documents
 * delivered. */
static void expect_walk_count(const pd_walk_opts *o, const char *const *rels,
			      size_t n, const char *want, long want_count)
{
	const char *paths[8];
	char copies[8][512];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		snprintf(copies[i], sizeof copies[i], "%s", at(rels[i]));
		paths[i] = copies[i];
	}
	events ev;
	walk_into(&ev, NULL, paths, n, o);
	assert_string_equal(pd_buf_cstr(&ev.log), want);

	size_t docs = 0, count = 99999;
	for (const char *p = pd_buf_cstr(&ev.log); (p = strstr(p, "doc ")); p++)
		if (p == ev.log.data || p[-1] == '\n')
			docs++;
	assert_int_equal(pd_ingest_count(paths, n, o, &count), 0);
	assert_int_equal(count, want_count < 0 ? docs : (size_t)want_count);
	events_release(&ev);
}

/* Walks rel and checks that document `doc` arrives as exactly (want, n). */
static void expect_bytes(const char *rel, const char *doc, const char *want,
			 size_t n)
{
	const char *paths[] = { at(rel) };
	events ev;
	walk_into(&ev, doc, paths, 1, NULL);
	assert_int_equal(ev.kept.len, n);
	assert_memory_equal(ev.kept.data, want, n);
	events_release(&ev);
}

static void expect_walk(const pd_walk_opts *o, const char *const *rels,
			size_t n, const char *want)
{
	expect_walk_count(o, rels, n, want, -1);
}

/* ---- folders ----------------------------------------------------------- */

static void folder_sorted_recursive_hidden_skipped(void **state)
{
	make_dir("in");
	make_dir("in/a");
	make_dir("in/a/c");
	make_dir("in/.git");
	write_text("in/z.txt", "zz");
	write_text("in/MANIFEST.tsv", "file\tid\n");
	write_text("in/a/b.xml", "<b>hello</b>");
	write_text("in/a/c/d.xml", "<d/>");
	write_text("in/a/B.xml", "upper");
	write_text("in/.hidden.xml", "secret");
	write_text("in/.git/config", "[core]");
	write_bytes("in/empty.xml", "", 0);
	write_bytes("in/nul.bin", "a\0b\0c", 5);

	const char *in[] = { "in/" };
	expect_walk(NULL, in, 1,
		    "doc in/MANIFEST.tsv 8\n"
		    "doc in/a/B.xml 5\n"
		    "doc in/a/b.xml 12\n"
		    "doc in/a/c/d.xml 4\n"
		    "doc in/empty.xml 0\n"
		    "doc in/nul.bin 5\n"
		    "doc in/z.txt 2\n");
}

static void document_bytes_are_exact(void **state)
{
	/* Embedded NULs and invalid UTF-8 come through untouched. */
	const char raw[] = "<p>\xff\xfe\0\xe4\xb8</p>";
	write_bytes("raw.xml", raw, sizeof raw - 1);
	expect_bytes("raw.xml", "raw.xml", raw, sizeof raw - 1);
}

static void symlink_loop_reported_and_walk_goes_on(void **state)
{
	make_dir("t");
	make_dir("t/sub");
	write_text("outside.xml", "<o/>");
	assert_int_equal(symlink("..", at("t/sub/loop")), 0);
	assert_int_equal(symlink("../outside.xml", at("t/link.xml")), 0);
	assert_int_equal(symlink("nowhere.xml", at("t/broken.xml")), 0);
	write_text("t/sub/zz.xml", "<z/>");

	const char *in[] = { "t", "outside.xml" };
	expect_walk(NULL, in, 2,
		    "err t/broken.xml i/o error\n"
		    "doc t/link.xml 4\n"
		    "err t/sub/loop bad input\n"
		    "doc t/sub/zz.xml 4\n"
		    "doc outside.xml 4\n");
}

static void depth_is_bounded(void **state)
{
	make_dir("d");
	make_dir("d/1");
	make_dir("d/1/2");
	make_dir("d/1/2/3");
	write_text("d/top.xml", "t");
	write_text("d/1/2/two.xml", "2");
	write_text("d/1/2/3/three.xml", "3");
	write_text("d/1/z.xml", "z");
	pd_walk_opts o = { .max_depth = 2 };
	const char *in[] = { "d" };
	expect_walk(&o, in, 1,
		    "err d/1/2/3 too large\n"
		    "doc d/1/2/two.xml 1\n"
		    "doc d/1/z.xml 1\n"
		    "doc d/top.xml 1\n");
}

static void size_limit_from_stat(void **state)
{
	char *big = noise(1001, 7);
	write_bytes("big.xml", big, 1001);
	write_bytes("fits.xml", big, 1000);
	free(big);
	pd_walk_opts o = { .max_doc_bytes = 1000 };
	const char *in[] = { "big.xml", "fits.xml" };
	expect_walk(&o, in, 2,
		    "err big.xml too large\n"
		    "doc fits.xml 1000\n");
}

static void missing_and_special_inputs(void **state)
{
	make_dir("s");
	assert_int_equal(mkfifo(at("s/fifo"), 0644), 0);
	assert_int_equal(mkfifo(at("named-fifo"), 0644), 0);
	write_text("s/a.xml", "a");
	/* A FIFO inside a folder is skipped (reading it would block); one
	 * named by the user is an error. */
	const char *in[] = { "no-such-file.xml", "s", "named-fifo" };
	expect_walk(NULL, in, 3,
		    "err no-such-file.xml i/o error\n"
		    "doc s/a.xml 1\n"
		    "err named-fifo bad input\n");
}

static void unreadable_file(void **state)
{
	make_dir("u");
	write_text("u/a.xml", "a");
	write_text("u/locked.xml", "locked");
	write_text("u/z.xml", "z");
	assert_int_equal(chmod(at("u/locked.xml"), 0), 0);
	const char *in[] = { "u" };
	if (geteuid() == 0) {
		/* root reads through mode 000, so the error cannot be made
		 * this way; say so, and check the file is simply read. */
		print_message("note: running as root, chmod 000 does not stop "
			      "reading; the unreadable-file error is not "
			      "checked here\n");
		expect_walk(NULL, in, 1,
			    "doc u/a.xml 1\n"
			    "doc u/locked.xml 6\n"
			    "doc u/z.xml 1\n");
		return;
	}
	expect_walk(NULL, in, 1,
		    "doc u/a.xml 1\n"
		    "err u/locked.xml i/o error\n"
		    "doc u/z.xml 1\n");
}

/* ---- archives ---------------------------------------------------------- */

static const char zh_text[] = "<p>记者：总理您好。</p>";

static void archive_kinds(void **state)
{
	char *big = noise(5000, 3);
	const member m[] = {
		{ "transcripts/", NULL, 0 },
		{ "transcripts/记者会-一.xml", zh_text, sizeof zh_text - 1 },
		{ "transcripts/empty.xml", "", 0 },
		{ "transcripts/big.xml", big, 5000 },
		{ "__MACOSX/transcripts/._a.xml", "junk", 4 },
		{ "transcripts/.DS_Store", "junk", 4 },
		{ "transcripts/._b.xml", "junk", 4 },
		{ "./nested/deeper/c.xml", "<c/>", 4 },
	};
	/* Names chosen to hide the kind: detection must go by content. */
	make_archive("plain.tar", TAR, m, 8);
	make_archive("gz.data", TAR_GZ, m, 8);
	make_archive("zst.tar.zst", TAR_ZST, m, 8);
	make_archive("xz.bin", TAR_XZ, m, 8);
	make_archive("z.zip", ZIP, m, 8);
	free(big);

	const char *names[] = { "plain.tar", "gz.data", "zst.tar.zst",
				"xz.bin", "z.zip" };
	pd_walk_opts o = { .max_doc_bytes = 1000 };
	for (size_t i = 0; i < 5; i++) {
		char want[1024];
		const char *n = names[i];
		snprintf(want, sizeof want,
			 "doc %s#transcripts/记者会-一.xml %zu\n"
			 "doc %s#transcripts/empty.xml 0\n"
			 "err %s#transcripts/big.xml too large\n"
			 "doc %s#nested/deeper/c.xml 4\n",
			 n, sizeof zh_text - 1, n, n, n);
		expect_walk(&o, &names[i], 1, want);
	}

	/* And the Chinese member's bytes arrive intact. */
	expect_bytes("z.zip", "z.zip#transcripts/记者会-一.xml", zh_text,
		     sizeof zh_text - 1);
}

static void archive_inside_folder_and_nested_archive(void **state)
{
	const member inner[] = { { "x.xml", "<x/>", 4 } };
	make_dir("f");
	make_archive("f/inner.tar", TAR, inner, 1);
	FILE *fp = fopen(at("f/inner.tar"), "rb");
	assert_non_null(fp);
	static char tarbytes[16384];
	size_t tn = fread(tarbytes, 1, sizeof tarbytes, fp);
	fclose(fp);
	assert_true(tn > 0 && tn < sizeof tarbytes);
	/* An archive inside an archive is a document, not expanded. */
	const member outer[] = { { "inner.tar", tarbytes, tn },
				 { "y.xml", "<y/>", 4 } };
	make_archive("f/outer.tar.gz", TAR_GZ, outer, 2);
	char want[256];
	snprintf(want, sizeof want,
		 "doc f/inner.tar#x.xml 4\n"
		 "doc f/outer.tar.gz#inner.tar %zu\n"
		 "doc f/outer.tar.gz#y.xml 4\n", tn);
	const char *in[] = { "f" };
	expect_walk(NULL, in, 1, want);
}

static void too_many_members(void **state)
{
	const member m[] = { { "1.xml", "1", 1 }, { "2.xml", "2", 1 },
			     { "3.xml", "3", 1 } };
	make_archive("three.zip", ZIP, m, 3);
	write_text("after.xml", "after");
	pd_walk_opts o = { .max_entries = 2 };
	const char *in[] = { "three.zip", "after.xml" };
	expect_walk(&o, in, 2,
		    "doc three.zip#1.xml 1\n"
		    "doc three.zip#2.xml 1\n"
		    "err three.zip too large\n"
		    "doc after.xml 5\n");
}

static void read_file_bytes(const char *rel, char *out, size_t cap,
			    size_t *n)
{
	FILE *f = fopen(at(rel), "rb");
	assert_non_null(f);
	*n = fread(out, 1, cap, f);
	fclose(f);
}

static void truncated_tar(void **state)
{
	/* pax_restricted writes plain ustar headers for ASCII names: each
	 * member is a 512-byte header + 10240 bytes. Cutting at 25000 lands
	 * inside the third member's data. */
	char *d = noise(10240, 11);
	const member m[] = { { "m1.xml", d, 10240 }, { "m2.xml", d, 10240 },
			     { "m3.xml", d, 10240 }, { "m4.xml", d, 10240 } };
	make_archive("cut.tar", TAR, m, 4);
	free(d);
	assert_int_equal(truncate(at("cut.tar"), 25000), 0);
	write_text("next.xml", "n");
	const char *in[] = { "cut.tar", "next.xml" };
	expect_walk(NULL, in, 2,
		    "doc cut.tar#m1.xml 10240\n"
		    "doc cut.tar#m2.xml 10240\n"
		    "err cut.tar#m3.xml i/o error\n"
		    "doc next.xml 1\n");
}

static void truncated_gzip_and_zip(void **state)
{
	/* Two different noises: the same one twice would compress to half
	 * (deflate's window spans the first member). Members of 100 KB: the
	 * gzip filter decompresses 64 KB at a time, and a cut inside the
	 * first 64 KB loses everything before it too. */
	char *d1 = noise(100000, 5), *d2 = noise(100000, 6);
	const member m[] = { { "m1.xml", d1, 100000 }, { "m2.xml", d2, 100000 } };
	make_archive("cut.tgz", TAR_GZ, m, 2);
	make_archive("cut.zip", ZIP, m, 2);
	free(d1);
	free(d2);
	assert_int_equal(truncate(at("cut.tgz"), 150000), 0);
	/* A zip cut in the middle loses its central directory; what is left
	 * is read as a stream up to the cut. */
	assert_int_equal(truncate(at("cut.zip"), 150000), 0);
	write_text("next.xml", "n");
	const char *in[] = { "cut.tgz", "cut.zip", "next.xml" };
	expect_walk(NULL, in, 3,
		    "doc cut.tgz#m1.xml 100000\n"
		    "err cut.tgz#m2.xml i/o error\n"
		    "doc cut.zip#m1.xml 100000\n"
		    "err cut.zip#m2.xml i/o error\n"
		    "doc next.xml 1\n");
}

/* Sets a ustar header's size field and fixes its checksum. */
static void patch_tar_size(char *h, const char *octal11)
{
	memcpy(h + 124, octal11, 11);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
}

static void hostile_tar_headers(void **state)
{
	/* A header claiming 8 GB: refused from the header, before reading;
	 * then the archive ends (the claimed data is not there). */
	const member m[] = { { "huge.xml", "0123456789", 10 },
			     { "after.xml", "a", 1 } };
	make_archive("huge.tar", USTAR, m, 2);
	static char t[8192];
	size_t n;
	read_file_bytes("huge.tar", t, sizeof t, &n);
	patch_tar_size(t, "77777777777");
	write_bytes("huge.tar", t, n);

	/* A member name with invalid UTF-8 is repaired in the display name. */
	const member bad[] = { { "bad-\xff\xfe.xml", "b", 1 } };
	make_archive("badname.tar", USTAR, bad, 1);

	/* Plain junk: not an archive, so one plain document. */
	char *junk = noise(3000, 9);
	write_bytes("junk.tar.gz", junk, 3000);
	free(junk);

	pd_walk_opts o = { .max_doc_bytes = 1000 };
	const char *in[] = { "huge.tar", "badname.tar", "junk.tar.gz" };
	expect_walk(&o, in, 3,
		    "err huge.tar#huge.xml too large\n"
		    "err huge.tar i/o error\n"
		    "doc badname.tar#bad-\xef\xbf\xbd\xef\xbf\xbd.xml 1\n"
		    "err junk.tar.gz too large\n");
}

static void compressed_single_file(void **state)
{
	/* x.xml.gz: one document, decompressed, under the file's name. */
	struct archive *a = archive_write_new();
	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_filename(a, at("one.xml.gz")), 0);
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_pathname(e, "one.xml");
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	char body[3000];
	memset(body, 'x', sizeof body);
	assert_int_equal(archive_write_data(a, body, sizeof body),
			 (la_ssize_t)sizeof body);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);

	const char *in[] = { "one.xml.gz" };
	expect_walk(NULL, in, 1, "doc one.xml.gz 3000\n");
	/* Its size is only known by reading: the limit still holds, but the
	 * count (which reads no data) includes it. */
	pd_walk_opts o = { .max_doc_bytes = 2999 };
	expect_walk_count(&o, in, 1, "err one.xml.gz too large\n", 1);
	o.max_doc_bytes = 3000;
	expect_walk(&o, in, 1, "doc one.xml.gz 3000\n");
}

static void callback_stops_the_walk(void **state)
{
	write_text("s1.xml", "1");
	write_text("s2.xml", "2");
	const member m[] = { { "a.xml", "a", 1 }, { "b.xml", "b", 1 } };
	make_archive("s.tar", TAR, m, 2);
	const char *paths[] = { at("s.tar"), at("s1.xml"), at("s2.xml") };
	events ev;
	events_init(&ev);
	ev.stop_after = 2;
	assert_int_equal(pd_ingest_walk(paths, 3, NULL, on_doc, on_error, &ev), 0);
	assert_string_equal(pd_buf_cstr(&ev.log),
			    "doc s.tar#a.xml 1\n"
			    "doc s.tar#b.xml 1\n");
	events_release(&ev);
}

static void usage_errors(void **state)
{
	const char *paths[] = { "x" };
	size_t c;
	assert_int_equal(pd_ingest_walk(paths, 1, NULL, NULL, NULL, NULL),
			 PD_EUSAGE);
	assert_int_equal(pd_ingest_walk(NULL, 1, NULL, on_doc, NULL, NULL),
			 PD_EUSAGE);
	assert_int_equal(pd_ingest_count(paths, 1, NULL, NULL), PD_EUSAGE);
	/* No inputs: nothing to do, not an error. */
	assert_int_equal(pd_ingest_count(NULL, 0, NULL, &c), 0);
	assert_int_equal(c, 0);
	/* An empty path is reported, not walked as ".". */
	const char *empty[] = { "" };
	events ev;
	walk_into(&ev, NULL, empty, 1, NULL);
	assert_string_equal(pd_buf_cstr(&ev.log), "err  usage\n");
	events_release(&ev);
}

/* ---- the real corpus --------------------------------------------------- */

static void corpus_sample_folder(void **state)
{
	const char *paths[] = { PD_SHARED_DIR "/corpus/pm-transcripts/sample/" };
	size_t count = 0;
	assert_int_equal(pd_ingest_count(paths, 1, NULL, &count), 0);
	/* 60 transcripts + MANIFEST.tsv: no filtering by extension. */
	assert_int_equal(count, 61);

	events ev;
	walk_into(&ev, NULL, paths, 1, NULL);
	size_t xml = 0, lines = 0;
	const char *prev = NULL, *p = pd_buf_cstr(&ev.log);
	const char *dir = PD_SHARED_DIR "/corpus/pm-transcripts/sample/";
	while (*p) {
		const char *eol = strchr(p, '\n');
		assert_non_null(eol);
		assert_true(strncmp(p, "doc ", 4) == 0);
		assert_true(strncmp(p + 4, dir, strlen(dir)) == 0);
		const char *sp = memchr(p + 4, ' ', (size_t)(eol - p - 4));
		if (sp - 4 > p + 4 && strncmp(sp - 4, ".xml", 4) == 0)
			xml++;
		if (prev)   /* sorted: each name after the one before */
			assert_true(strcmp(prev, p) < 0);
		prev = p;
		lines++;
		p = eol + 1;
	}
	assert_int_equal(lines, 61);
	assert_int_equal(xml, 60);
	assert_non_null(strstr(pd_buf_cstr(&ev.log), "sample/MANIFEST.tsv "));
	events_release(&ev);
}

static int count_dev_doc(const char *name, const char *bytes, size_t len,
			 void *ctx)
{
	size_t *n = ctx;
	/* (One member, transcript-41751.xml, is empty in the corpus.) */
	assert_non_null(strstr(name, "dev.tar.zst#pm-transcripts/"));
	assert_int_equal(bytes[len], '\0');
	++*n;
	return 0;
}

static void count_dev_error(const char *name, const pd_err *err, void *ctx)
{
	fail_msg("unexpected error: %s", err->msg);
}

static void corpus_dev_archive(void **state)
{
	const char *paths[] = { PD_SHARED_DIR "/corpus/pm-transcripts/dev.tar.zst" };
	size_t count = 0, walked = 0;
	assert_int_equal(pd_ingest_count(paths, 1, NULL, &count), 0);
	assert_int_equal(count, 20535);
	assert_int_equal(pd_ingest_walk(paths, 1, NULL, count_dev_doc,
					count_dev_error, &walked), 0);
	assert_int_equal(walked, 20535);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");   /* to write Chinese member names */
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, make_root, remove_root)
		T(folder_sorted_recursive_hidden_skipped),
		T(document_bytes_are_exact),
		T(symlink_loop_reported_and_walk_goes_on),
		T(depth_is_bounded),
		T(size_limit_from_stat),
		T(missing_and_special_inputs),
		T(unreadable_file),
		T(archive_kinds),
		T(archive_inside_folder_and_nested_archive),
		T(too_many_members),
		T(truncated_tar),
		T(truncated_gzip_and_zip),
		T(hostile_tar_headers),
		T(compressed_single_file),
		T(callback_stops_the_walk),
		T(usage_errors),
		cmocka_unit_test(corpus_sample_folder),
		cmocka_unit_test(corpus_dev_archive),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
