/*
 * main: the command line (DESIGN.md "Command line" is the contract) → one command.
 *
 * Exit status: 0 success, 1 bad input (file, data; the message says what and where),
 * 2 usage error.  Messages go to stderr as "opdeck: FILE: what is wrong".
 */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "locator.h"
#include "store.h"

#ifndef OPDECK_VERSION
#define OPDECK_VERSION "0.1.0"
#endif
#ifndef OPDECK_SAMPLE_DB
#define OPDECK_SAMPLE_DB "sample-data/omd.db"
#endif

enum { EXIT_BAD = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
	"usage: opdeck [--theme NAME] [--at LOCATOR] [--refresh SECONDS] [DATABASE]\n"
	"       opdeck render [--at LOCATOR] [--size COLSxROWS] [--format text|ansi] [--help-overlay] [DATABASE]\n"
	"       opdeck init DATABASE\n"
	"       opdeck sample DATABASE [--cases N] [--seed S]\n"
	"       opdeck import DATABASE FILE.csv\n"
	"       opdeck export DATABASE [--at LOCATOR] [--format csv|json]\n"
	"       opdeck --help | --version\n";

static const char help_main[] =
	"opdeck: a keyboard-driven terminal dashboard for multi-agency enforcement operations.\n"
	"\n"
	"Opens DATABASE (default: $OPDECK_DB, else the bundled sample " OPDECK_SAMPLE_DB ")\n"
	"read-only and shows live panels of cases by phase, category and agency. Enter drills\n"
	"from any figure to the cases behind it; Backspace goes back; ? lists every key.\n"
	"\n"
	"Options:\n"
	"  --theme NAME        colours: default, projector or mono (t cycles them)\n"
	"  --at LOCATOR        open at a drill-down state, e.g. phase=OMD7/category=drugs\n"
	"  --refresh SECONDS   how often to look for new data (default 2; 0 = never)\n"
	"\n"
	"Commands (each has --help):\n"
	"  render   print the screen the dashboard would show, without a terminal\n"
	"  init     create an empty database with the current schema\n"
	"  sample   build the bundled Operation Mekong Dragon sample, or N synthetic cases\n"
	"  import   import an agency return (CSV): all rows or none\n"
	"  export   write cases with their seizures as CSV or JSON\n"
	"\n"
	"Locator keys: phase category subcategory agency country transport status week day\n"
	"case search, e.g. phase=OMD7/category=wildlife/agency=THCUS/case=OMD7-THCUS-0388\n"
	"\n"
	"Environment: OPDECK_DB (default database), NO_COLOR (monochrome).\n"
	"Exit status: 0 success, 1 bad input, 2 usage error.\n";

static const char help_render[] =
	"usage: opdeck render [--at LOCATOR] [--size COLSxROWS] [--format text|ansi] [--help-overlay] [DATABASE]\n"
	"\n"
	"Prints exactly the frame the dashboard would draw at that size (default 120x40),\n"
	"with no terminal: text is plain UTF-8, one line per row; ansi adds SGR colours.\n"
	"--help-overlay draws the help screen on top.\n";
static const char help_init[] =
	"usage: opdeck init DATABASE\n\nCreates DATABASE with the current schema and no data. Refuses to\n"
	"overwrite a file that exists and is not empty.\n";
static const char help_sample[] =
	"usage: opdeck sample DATABASE [--cases N] [--seed S]\n\n"
	"Without --cases: the bundled Operation Mekong Dragon sample. Its totals per phase and\n"
	"category are the published figures; every case in it is synthetic (see README).\n"
	"With --cases N: the same phases, agencies and categories with N synthetic cases\n"
	"generated from seed S (default 1), for benchmarks.\n";
static const char help_import[] =
	"usage: opdeck import DATABASE FILE.csv\n\n"
	"Imports an agency return: RFC 4180 CSV with a header row naming the columns\n"
	"ref, phase, agency, category, subcategory, detected_on, country, transport, status\n"
	"(required) and location, departure, transit, destination, detection, concealment,\n"
	"arrests, summary, commodity, quantity, unit (optional); one row per seizure.\n"
	"All rows or none: every bad row is listed as FILE:ROW:COLUMN: reason and the\n"
	"database is left unchanged (exit 1).\n";
static const char help_export[] =
	"usage: opdeck export DATABASE [--at LOCATOR] [--format csv|json]\n\n"
	"Writes the cases matching LOCATOR (default: all) with their seizures to stdout, as\n"
	"CSV in the import format (cells that a spreadsheet would run as formulas are\n"
	"neutralised) or as a JSON array.\n";

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("opdeck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
	va_list ap;

	fputs("opdeck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see opdeck --help)\n", stderr);
	return EXIT_USAGE;
}

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past what it used. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*value = NULL;
		return 1;
	}
	*value = argv[++*i];
	return 1;
}

static int is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

static const char *default_db(void)
{
	const char *e = getenv("OPDECK_DB");

	return e && *e ? e : OPDECK_SAMPLE_DB;
}

static int parse_double(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return (*end || errno || *out < 0 || *out > 86400) ? -1 : 0;
}

static int parse_count(const char *s, long long *out)
{
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (*end || errno) ? -1 : 0;
}

/* Opens a store or prints why not. */
static struct store *open_db(const char *path, int mode)
{
	char err[600];
	struct store *s = store_open(path, mode, err, sizeof err);

	if (!s)
		msg("%s", err);
	return s;
}

/* Parses a locator and checks its values against the database into f. */
static int filter_from_locator(struct store *s, const char *at, struct store_filter *f)
{
	struct locator loc;
	char err[600];

	store_filter_init(f);
	if (!at)
		return 0;
	if (locator_parse(at, &loc, err, sizeof err) < 0) {
		msg("--at '%s': %s", at, err);
		return -1;
	}
	if (locator_resolve(&loc, s, f, err, sizeof err) < 0) {
		locator_free(&loc);
		msg("--at '%s': %s", at, err);
		return -1;
	}
	locator_free(&loc);
	return 0;
}

static int cmd_init(int argc, char **argv)
{
	struct store *s;

	if (argc >= 2 && is_help(argv[1]))
		return fputs(help_init, stdout), 0;
	if (argc != 2)
		return usage("init takes one DATABASE");
	if (!(s = open_db(argv[1], STORE_CREATE)))
		return EXIT_BAD;
	store_close(s);
	return 0;
}

static int cmd_sample(int argc, char **argv)
{
	const char *db = NULL, *v;
	long long ncases = 0, seed = 1;
	struct store *s;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return fputs(help_sample, stdout), 0;
		if (opt_value(argc, argv, &i, "--cases", &v)) {
			if (parse_count(v, &ncases) < 0 || ncases < 1 || ncases > 100000000)
				return usage("--cases needs a number of cases from 1 to 100000000, not '%s'", v ? v : "");
		} else if (opt_value(argc, argv, &i, "--seed", &v)) {
			if (parse_count(v, &seed) < 0)
				return usage("--seed needs a non-negative number, not '%s'", v ? v : "");
		} else if (argv[i][0] == '-') {
			return usage("sample: unknown option '%s'", argv[i]);
		} else if (!db) {
			db = argv[i];
		} else {
			return usage("sample: unexpected argument '%s'", argv[i]);
		}
	}
	if (!db)
		return usage("sample needs a DATABASE to create");
	if (!(s = open_db(db, STORE_CREATE)))
		return EXIT_BAD;
	rc = store_sample(s, ncases, (unsigned long)seed);
	if (rc < 0)
		msg("%s: %s", db, store_error(s));
	store_close(s);
	if (rc < 0) {
		/* The file was created empty by us: leave nothing half-made behind. */
		remove(db);
		return EXIT_BAD;
	}
	return 0;
}

static int cmd_import(int argc, char **argv)
{
	struct store *s;
	long long n;

	if (argc >= 2 && is_help(argv[1]))
		return fputs(help_import, stdout), 0;
	if (argc != 3)
		return usage("import takes a DATABASE and a FILE.csv");
	if (!(s = open_db(argv[1], STORE_WRITE)))
		return EXIT_BAD;
	/* The store writes "FILE:ROW:COLUMN: reason" lines; each gets our prefix. */
	char *errs = NULL;
	size_t errlen = 0;
	FILE *ef = open_memstream(&errs, &errlen);
	n = store_import_csv(s, argv[2], ef ? ef : stderr);
	if (ef) {
		fclose(ef);
		for (char *line = errs, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			if ((nl = strchr(line, '\n')))
				*nl = '\0';
			msg("%s", line);
		}
		free(errs);
	}
	if (n < 0) {
		if (*store_error(s))
			msg("%s", store_error(s));
		msg("%s: nothing imported; %s is unchanged", argv[2], argv[1]);
	}
	store_close(s);
	if (n < 0)
		return EXIT_BAD;
	fprintf(stderr, "opdeck: %s: imported %lld case%s into %s\n", argv[2], n, n == 1 ? "" : "s", argv[1]);
	return 0;
}

static int cmd_export(int argc, char **argv)
{
	const char *db = NULL, *at = NULL, *v;
	int format = STORE_FORMAT_CSV, rc;
	struct store_filter f;
	struct store *s;

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i]))
			return fputs(help_export, stdout), 0;
		if (opt_value(argc, argv, &i, "--at", &v)) {
			if (!v)
				return usage("--at needs a LOCATOR");
			at = v;
		} else if (opt_value(argc, argv, &i, "--format", &v)) {
			if (v && strcmp(v, "csv") == 0)
				format = STORE_FORMAT_CSV;
			else if (v && strcmp(v, "json") == 0)
				format = STORE_FORMAT_JSON;
			else
				return usage("--format is csv or json, not '%s'", v ? v : "");
		} else if (argv[i][0] == '-') {
			return usage("export: unknown option '%s'", argv[i]);
		} else if (!db) {
			db = argv[i];
		} else {
			return usage("export: unexpected argument '%s'", argv[i]);
		}
	}
	if (!db)
		return usage("export needs a DATABASE");
	if (!(s = open_db(db, STORE_READ)))
		return EXIT_BAD;
	if (filter_from_locator(s, at, &f) < 0) {
		store_close(s);
		return EXIT_BAD;
	}
	rc = store_export(s, &f, format, stdout);
	if (rc < 0)
		msg("%s: %s", db, store_error(s));
	if (fflush(stdout) != 0 && rc == 0) {
		msg("writing the export: %s", strerror(errno));
		rc = -1;
	}
	store_filter_free(&f);
	store_close(s);
	return rc < 0 ? EXIT_BAD : 0;
}

/* Options shared by the dashboard and render; returns -1 after printing a usage error,
 * 1 when --help was printed. */
static int parse_view_args(int argc, char **argv, int render, struct app_options *o)
{
	const char *v;

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			if (!render)
				fputs(usage_main, stdout), fputc('\n', stdout);
			fputs(render ? help_render : help_main, stdout);
			if (!render) {
				fputs("\nKeys:\n", stdout);
				app_print_keys(stdout);
			}
			return 1;
		}
		if (opt_value(argc, argv, &i, "--at", &v)) {
			if (!v)
				return usage("--at needs a LOCATOR"), -1;
			o->at = v;
		} else if (opt_value(argc, argv, &i, "--theme", &v)) {
			if (!v)
				return usage("--theme needs a NAME"), -1;
			o->theme = v;
		} else if (!render && opt_value(argc, argv, &i, "--refresh", &v)) {
			if (parse_double(v, &o->refresh) < 0)
				return usage("--refresh needs seconds from 0 to 86400, not '%s'", v ? v : ""), -1;
		} else if (render && opt_value(argc, argv, &i, "--size", &v)) {
			char tail;
			if (!v || sscanf(v, "%dx%d%c", &o->cols, &o->rows, &tail) != 2 ||
			    o->cols < 1 || o->rows < 1 || o->cols > 1000 || o->rows > 500)
				return usage("--size is COLSxROWS, e.g. 120x40 (at most 1000x500), not '%s'", v ? v : ""), -1;
		} else if (render && opt_value(argc, argv, &i, "--format", &v)) {
			if (v && strcmp(v, "text") == 0)
				o->ansi = 0;
			else if (v && strcmp(v, "ansi") == 0)
				o->ansi = 1;
			else
				return usage("--format is text or ansi, not '%s'", v ? v : ""), -1;
		} else if (render && strcmp(argv[i], "--help-overlay") == 0) {
			o->help = 1;
		} else if (strcmp(argv[i], "--session") == 0 || strncmp(argv[i], "--session=", 10) == 0 ||
		           strcmp(argv[i], "--slide") == 0 || strcmp(argv[i], "--all") == 0) {
			return usage("%s: review sessions are not in this version of opdeck yet", argv[i]), -1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage("unknown option '%s'", argv[i]), -1;
		} else if (!o->db_path) {
			o->db_path = argv[i];
		} else {
			return usage("unexpected argument '%s' (one DATABASE only)", argv[i]), -1;
		}
	}
	if (!o->db_path)
		o->db_path = default_db();
	return 0;
}

int main(int argc, char **argv)
{
	struct app_options o = { .refresh = 2.0, .cols = 120, .rows = 40 };
	int rc;

	setlocale(LC_ALL, "");
	if (argc >= 2) {
		const char *cmd = argv[1];
		if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
			printf("opdeck %s\n", OPDECK_VERSION);
			return 0;
		}
		if (strcmp(cmd, "init") == 0)
			return cmd_init(argc - 1, argv + 1);
		if (strcmp(cmd, "sample") == 0)
			return cmd_sample(argc - 1, argv + 1);
		if (strcmp(cmd, "import") == 0)
			return cmd_import(argc - 1, argv + 1);
		if (strcmp(cmd, "export") == 0)
			return cmd_export(argc - 1, argv + 1);
		if (strcmp(cmd, "render") == 0) {
			rc = parse_view_args(argc - 1, argv + 1, 1, &o);
			if (rc)
				return rc > 0 ? 0 : EXIT_USAGE;
			return app_render(&o, stdout);
		}
		if (strcmp(cmd, "check") == 0 || strcmp(cmd, "notes") == 0)
			return usage("'%s': review sessions and theme files are not in this version of opdeck yet", cmd);
	}
	rc = parse_view_args(argc, argv, 0, &o);
	if (rc)
		return rc > 0 ? 0 : EXIT_USAGE;
	return app_run(&o);
}

