// xapian_bench.cc: the Xapian baseline of `make bench` (a measuring tool,
// not product code; Xapian has only a C++ API).
//
//   xapian_bench build TURNS.tsv DBDIR     index the turns pd_bench exported
//   xapian_bench search DBDIR QUERIES RUN  the query list, top 20 + snippets
//
// Indexing mirrors Podium's: one document per turn, the title's words
// counted 3 times (Podium's bm25 weights title 3, text 1), CJK as n-grams
// (FLAG_CJK_NGRAM), positions kept for phrases, no stemming. The speaker is
// a boolean term (prefix S, lower case) and the date a value (slot 0) so
// the filtered queries filter the same way. Ranking: BM25Weight (Xapian's
// default), which prunes with per-term upper bounds.
//
// Output lines are pd_bench's: "T engine class query run ms hits" and
// "I key value".
#include <xapian.h>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

/* PD_BENCH_CPU=1 (search): the thread's CPU time, as pd_bench takes it */
static bool cpu_clock;

static double now_ms()
{
	timespec ts;
	clock_gettime(cpu_clock ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static std::vector<std::string> split_fields(const std::string &line)
{
	std::vector<std::string> out(1);
	for (size_t i = 0; i < line.size(); i++) {
		char c = line[i];
		if (c == '\t') {
			out.emplace_back();
		} else if (c == '\\' && i + 1 < line.size()) {
			char n = line[++i];
			out.back() += n == 't' ? '\t' : n == 'n' ? '\n' : n;
		} else {
			out.back() += c;
		}
	}
	return out;
}

static std::string lower(std::string s)
{
	for (auto &c : s)
		c = (char)std::tolower((unsigned char)c);
	return s;
}

static int build(const char *tsv, const char *dir)
{
	Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
	Xapian::TermGenerator tg;
	tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
	std::ifstream in(tsv);
	std::string line;
	size_t rows = 0;
	unsigned long long bytes = 0;
	double t0 = now_ms();
	while (std::getline(in, line)) {
		auto f = split_fields(line);
		f.resize(5);
		Xapian::Document doc;
		tg.set_document(doc);
		if (!f[1].empty())
			tg.index_text(f[1], 3);
		tg.increase_termpos();
		tg.index_text(f[2]);
		if (!f[3].empty())
			doc.add_boolean_term("S" + lower(f[3]));
		doc.add_value(0, f[4]);
		doc.set_data(f[2].empty() ? f[1] : f[2]);
		db.replace_document((Xapian::docid)std::strtoul(f[0].c_str(), nullptr, 10), doc);
		bytes += f[1].size() + f[2].size();
		rows++;
	}
	db.commit();
	db.close();
	double ms = now_ms() - t0;
	rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	std::printf("I\txapian_rows\t%zu\nI\txapian_build_ms\t%.1f\nI\txapian_rows_s\t%.0f\n"
		    "I\txapian_mb_s\t%.2f\nI\txapian_peak_rss_kb\t%ld\n", rows, ms,
		    rows / (ms / 1e3), bytes / 1e6 / (ms / 1e3), ru.ru_maxrss);
	return 0;
}

struct bq {
	std::string cls, text, speaker, from, to;
};

// Podium's date filters take a prefix (YYYY, YYYY-MM): as a value range,
// "to" is padded so that to=1999 includes 1999-12-31.
static Xapian::Query filtered(Xapian::Query q, const bq &b)
{
	if (!b.speaker.empty())
		q = Xapian::Query(Xapian::Query::OP_FILTER, q,
				  Xapian::Query("S" + lower(b.speaker)));
	if (!b.from.empty() || !b.to.empty()) {
		std::string lo = b.from.empty() ? "0000" : b.from;
		std::string hi = b.to.empty() ? "9999" : b.to + "~";
		q = Xapian::Query(Xapian::Query::OP_FILTER, q,
				  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, lo, hi));
	}
	return q;
}

static int search(const char *dir, const char *qpath, int run)
{
	Xapian::Database db(dir);
	std::vector<bq> qs;
	std::ifstream in(qpath);
	std::string line;
	while (std::getline(in, line)) {
		if (line.empty() || line[0] == '#')
			continue;
		auto f = split_fields(line);
		f.resize(5);
		qs.push_back({ f[0], f[1], f[2], f[3], f[4] });
	}
	Xapian::QueryParser qp;
	qp.set_database(db);
	qp.set_default_op(Xapian::Query::OP_AND);
	unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
			 Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_CJK_NGRAM;
	Xapian::Enquire enq(db);
	enq.set_weighting_scheme(Xapian::BM25Weight());
	Xapian::Stem none;
	const char *cpu_env = std::getenv("PD_BENCH_CPU");
	cpu_clock = cpu_env && std::string(cpu_env) == "1";
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < qs.size(); i++) {
			double t0 = now_ms();
			enq.set_query(filtered(qp.parse_query(qs[i].text, flags), qs[i]));
			Xapian::MSet m = enq.get_mset(0, 20);
			size_t hits = 0;
			for (auto it = m.begin(); it != m.end(); ++it) {
				std::string text = it.get_document().get_data();
				std::string snip = m.snippet(text, 240, none);
				hits += !snip.empty() || text.empty();
			}
			double ms = now_ms() - t0;
			if (pass)
				std::printf("T\txapian\t%s\t%zu\t%d\t%.3f\t%zu\n", qs[i].cls.c_str(), i,
					    run, ms, hits);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	try {
		if (argc == 4 && std::string(argv[1]) == "build")
			return build(argv[2], argv[3]);
		if (argc == 5 && std::string(argv[1]) == "search")
			return search(argv[2], argv[3], std::atoi(argv[4]));
	} catch (const Xapian::Error &e) {
		std::fprintf(stderr, "xapian_bench: %s\n", e.get_description().c_str());
		return 3;
	}
	std::fprintf(stderr, "usage: xapian_bench build TSV DIR | search DIR QUERIES RUN\n");
	return 2;
}
