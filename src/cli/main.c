/* main.c: podium's entry point and command table. Every command is one row
 * here and one cmd_*.c file. */
#include "cli/cli.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static const pd_command commands[] = {
	{ "parse", pd_cmd_parse, "print the structured record(s) of transcript files",
	  "usage: podium parse [--json] FILE...\n"
	  "\n"
	  "Reads each FILE (PM transcripts XML, HTML, portal text, plain text,\n"
	  "Markdown or Podium JSON; the format is detected from the content) and\n"
	  "prints its structured record without storing anything.\n"
	  "\n"
	  "  --json   one JSON object per record per line (JSON Lines), in the\n"
	  "           record format of docs/record-format.md\n"
	  "\n"
	  "Without --json a readable summary and the turns are printed.\n"
	  "Exit status: 0 all parsed, 1 some files rejected (reasons on stderr),\n"
	  "2 usage error.\n" },
	{ "ingest", pd_cmd_ingest, "store transcripts (files, folders, archives) in the database",
	  "usage: podium ingest [--db PATH] [--quiet] [--batch N] [--commit-log FILE]\n"
	  "                     PATH...\n"
	  "\n"
	  "Parses every transcript under each PATH — files, folders (recursive) and\n"
	  "archives (.tar, .tar.gz, .tar.zst, .zip, read as a stream) — and stores\n"
	  "the records. Idempotent: the same input again changes nothing; a changed\n"
	  "transcript updates its record and keeps the previous version as a\n"
	  "revision. Records are committed in batches.\n"
	  "\n"
	  "  --db PATH   database (default $PODIUM_DB, else ./podium.db)\n"
	  "  --quiet     no progress bar\n"
	  "  --batch N   records per transaction (default 500)\n"
	  "  --commit-log FILE  after each committed batch, append a line per record\n"
	  "              it added or updated: ID, turn count, FNV-1a hash of the\n"
	  "              turn texts (tab-separated)\n"
	  "\n"
	  "Prints 'added N, updated N, unchanged N, rejected N' and one line per\n"
	  "rejected input with its reason.\n"
	  "Exit status: 0 all stored, 1 some inputs rejected, 2 usage error,\n"
	  "3 the database could not be opened or written.\n" },
	{ "search", pd_cmd_search, "search the turns of stored records",
	  "usage: podium search [--db PATH] [--speaker NAME] [--from DATE] [--to DATE]\n"
	  "                     [--type TYPE] [--topic T] [--lang en|zh] [--kind KIND]\n"
	  "                     [--limit N] [--offset N] [--exact] [--json] QUERY...\n"
	  "\n"
	  "QUERY syntax: words (all must match), \"quoted phrases\", OR between\n"
	  "alternatives, -word or -\"phrase\" to exclude. Chinese works with any\n"
	  "number of characters (使馆 finds 第四使馆区).\n"
	  "\n"
	  "  --speaker NAME  only turns by this speaker (label or name)\n"
	  "  --from/--to     dates, YYYY, YYYY-MM or YYYY-MM-DD (inclusive)\n"
	  "  --type TYPE     release type, e.g. 'Press Conference'\n"
	  "  --topic T       records with this topic\n"
	  "  --lang L        en or zh\n"
	  "  --kind KIND     question, answer, statement, interjection, narration\n"
	  "  --limit N       hits to print (default 20, up to 100000)\n"
	  "  --exact         count every match: a total the search would give as\n"
	  "                  \"about N\" (a common phrase in a large archive, many\n"
	  "                  filtered matches) is counted in full, taking longer\n"
	  "  --json          one JSON object per hit per line: record_id, title,\n"
	  "                  date, turn, speaker, snippet, score, ...\n"
	  "\n"
	  "Hits are ranked by BM25; each names the record, its date, the turn\n"
	  "number and speaker, with the matching words highlighted.\n"
	  "Exit status: 0 hits found, 1 no hits, 2 usage or query syntax error,\n"
	  "3 database error.\n" },
	{ "show", pd_cmd_show, "print one stored record",
	  "usage: podium show [--db PATH] [--format json|md|text|akn] ID\n"
	  "\n"
	  "Prints the record ID (default format: text).\n"
	  "Exit status: 0 shown, 2 usage error, 3 database error, 4 no such record.\n" },
	{ "align", pd_cmd_align, "align a record with its translation, turn by turn",
	  "usage: podium align [--db PATH] [--json] A B\n"
	  "\n"
	  "A and B are record ids in the database or transcript files. Prints which\n"
	  "spoken turns translate each other (English first), the speakers that\n"
	  "correspond, and whether the two look like a translation pair.\n"
	  "\n"
	  "  --json   {\"en_turns\":[{\"n\",\"speaker\",\"text\"}],\"zh_turns\":[...],\n"
	  "           \"pairs\":[[i,j],...],\"speakers\":[[a,b],...], ...}; i and j are\n"
	  "           0-based indices among the spoken turns (narration excluded)\n"
	  "\n"
	  "Exit status: 0 aligned, 2 usage error, 4 a record or file not found.\n" },
	{ "link", pd_cmd_link, "link two stored records as translations of each other",
	  "usage: podium link [--db PATH] ID1 ID2\n"
	  "\n"
	  "Links the two records both ways (ingest links pairs on strong evidence\n"
	  "by itself; this is for the rest). Exit status: 0, 2 usage, 3 failure,\n"
	  "4 no such record.\n" },
	{ "unlink", pd_cmd_unlink, "remove a translation link between two records",
	  "usage: podium unlink [--db PATH] ID1 ID2\n" },
	{ "correct", pd_cmd_correct, "replace a published record with a corrected version",
	  "usage: podium correct [--db PATH] --file NEW.json --who NAME --why TEXT ID\n"
	  "\n"
	  "Stores NEW.json (the record in Podium's JSON format, e.g. podium show\n"
	  "--format json ID, edited) as the new version of record ID, which must\n"
	  "exist and which NEW.json must name. The published version is kept as a\n"
	  "revision with who made the change, when and why (--who and --why at\n"
	  "most 1000 bytes each); the record page then says when it was corrected\n"
	  "and links to the earlier versions.\n"
	  "Exit status: 0 corrected (or already the same), 2 usage error or a\n"
	  "file that is not a record ID, 3 failure, 4 no such record.\n" },
	{ "stats", pd_cmd_stats, "counts of what the database holds",
	  "usage: podium stats [--db PATH] [--json]\n"
	  "\n"
	  "Prints records, turns, speakers, revisions, date range and size.\n" },
	{ "migrate", pd_cmd_migrate, "copy an archive between SQLite and PostgreSQL",
	  "usage: podium migrate [--quiet] --from DB --to DB\n"
	  "\n"
	  "Copies every record of the archive DB (a SQLite file or a\n"
	  "postgres://user@host:port/dbname URI) into the other, which must hold no\n"
	  "records yet (a new file, or a new PostgreSQL database or schema): each\n"
	  "record with its earlier versions (numbers, JSON, who and why; their\n"
	  "times become the time of the copy) and its translation links. Then\n"
	  "checks the copy: the same records with the same content hashes,\n"
	  "revisions and links, and the same counts.\n"
	  "\n"
	  "Exit status: 0 copied and checked, 2 usage error (or the destination\n"
	  "is not empty), 3 failure (a database error, or the check found a\n"
	  "difference; batches copied before it stay).\n" },
	{ "optimize", pd_cmd_optimize, "prepare the search index for fast searches",
	  "usage: podium optimize [--db PATH]\n"
	  "\n"
	  "Merges the full-text index (a few records added to a large one are\n"
	  "left beside it) and rebuilds the top lists of frequent terms, which\n"
	  "let a common word's page be read instead of ranked\n"
	  "(docs/search.md). ingest and migrate run it at their end; searches are\n"
	  "exact without it, only slower after the database changed.\n"
	  "Prints the time it took. PostgreSQL: nothing to do.\n"
	  "Exit status: 0 done, 2 usage error, 3 failure.\n" },
	{ "serve", pd_cmd_serve, "serve the website, JSON API and feeds over HTTP",
	  "usage: podium serve [--db PATH] [--bind ADDR] [--port N] [--threads N]\n"
	  "                    [--cache-mb N] [--admin-token-file FILE] [--quiet]\n"
	  "\n"
	  "Serves the stored records read-only: pages (/, /records/ID, /search,\n"
	  "/browse/dates/YYYY, /topics/T, /speakers/S, /types/T), the JSON API\n"
	  "(/api/v1/, described by /api/v1/openapi.json), Atom feeds, /sitemap.xml\n"
	  "and /robots.txt. Stops on SIGINT or SIGTERM.\n"
	  "\n"
	  "  --db PATH     database (default $PODIUM_DB, else ./podium.db)\n"
	  "  --bind ADDR   IPv4 address to listen on (default 127.0.0.1)\n"
	  "  --port N      TCP port (default 8080; 0 picks a free one)\n"
	  "  --threads N   worker threads (default: one per CPU, up to 64)\n"
	  "  --cache-mb N  keep up to N MiB of finished pages in memory (default 64;\n"
	  "                0: none), an eighth of it for searches and record lists;\n"
	  "                a page is rebuilt once the data has changed\n"
	  "  --quiet       no request log on stderr\n"
	  "  --admin-token-file FILE\n"
	  "                turn on the admin interface (off by default): corrections\n"
	  "                over HTTP, POST /api/v1/admin/records/ID/corrections with\n"
	  "                'Authorization: Bearer TOKEN'. FILE holds the token (16 to\n"
	  "                256 visible ASCII characters) and must be readable by its\n"
	  "                owner only (chmod 600); wrong tokens are rate-limited.\n"
	  "\n"
	  "Prints 'podium: serving http://ADDR:PORT/' once listening.\n"
	  "Exit status: 0 stopped by a signal, 2 usage error, 3 the database\n"
	  "could not be opened or the port not bound.\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
	fprintf(to, "usage: podium COMMAND [OPTIONS] [ARGS]\n\n"
		    "Podium turns press-conference transcripts into structured, searchable\n"
		    "records.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(to, "\n'podium COMMAND --help' explains a command.\n"
		    "The database is --db PATH, else $PODIUM_DB, else ./podium.db.\n"
		    "Exit status: 0 ok, 1 partial failure, 2 usage, 3 failure, 4 not found.\n");
}

bool pd_cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

void pd_cli_usage(const char *name, bool to_stdout)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			fputs(commands[i].usage, to_stdout ? stdout : stderr);
}

int main(int argc, char **argv)
{
	/* SQLite's allocation statistics take a global mutex around every
	 * malloc and free (2.3 % of a 1x ingest's samples, and contended
	 * between a server's workers); Podium reads none of them. Only
	 * possible before SQLite is first used. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* libarchive needs a UTF-8 locale for member names (dependencies.md) */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	if (argc < 2) {
		usage(stderr);
		return PD_EXIT_USAGE;
	}
	if (pd_cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			pd_cli_usage(argv[2], true);
			return PD_EXIT_OK;
		}
		usage(stdout);
		return PD_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("podium 0.1");
		return PD_EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, argv[1]) != 0)
			continue;
		for (int a = 2; a < argc; a++)
			if (pd_cli_is_help(argv[a])) {
				fputs(commands[i].usage, stdout);
				return PD_EXIT_OK;
			}
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "podium: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return PD_EXIT_USAGE;
}
