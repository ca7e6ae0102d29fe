/*
 * main: the command line (DESIGN.md "Command line" is the contract) → one command.
 *
 * Commands are rows of cmd_table (as tmux's cmd_entry): a name, a usage line, the text
 * --help prints, the options the command accepts and its handler.  One parser
 * (cmd_parse) reads every command's arguments the same way ("--name VALUE",
 * "--name=VALUE", flags, "--" ending the options, --help/-h anywhere), reports unknown
 * options and a wrong number of operands, and hands the handler a struct cmd_args.
 * `opdeck --help` lists the commands from the same table.
 *
 * Adding a command: write `static int cmd_NAME(const struct cmd_args *a)` (read options
 * with arg_value(a, "--opt") / arg_flag(a, "--flag"), operands from a->pos[]), then add
 * one row to cmd_table:
 *     { .name = "NAME", .usage = "NAME DATABASE [--opt VALUE]", .summary = "one line",
 *       .help = "what it does...\n", .opts = { { "--opt", "VALUE" } },
 *       .min_pos = 1, .max_pos = 1, .missing = "NAME needs a DATABASE", .exec = cmd_NAME },
 * That row gives it its usage line in `opdeck --help`, its own --help and its parser.
 *
 * Exit status: 0 success, 1 bad input (file, data; the message says what and where),
 * 2 usage error.  Messages go to stderr as "opdeck: FILE: what is wrong".
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "check.h"
#include "follow.h"
#include "view.h"
#include "locator.h"
#include "opcmd.h"
#include "store.h"
#include "text.h"
#include "xmalloc.h"

#ifndef OPDECK_VERSION
#define OPDECK_VERSION "0.1.0"
#endif
#ifndef OPDECK_SAMPLE_DB
#define OPDECK_SAMPLE_DB "sample-data/omd.db"
#endif

enum { EXIT_BAD = 1, EXIT_USAGE = 2 };

enum { CMD_MAX_OPTS = 12, CMD_MAX_POS = 256 }; /* operands: check takes FILE... */

/* One option of a command: "--at" with an argument named "LOCATOR", or a flag (arg NULL). */
struct cmd_opt {
	const char *name;
	const char *arg;
};

struct cmd_entry;

/* What cmd_parse hands a handler; every string is borrowed from argv. */
struct cmd_args {
	const struct cmd_entry *cmd;
	const char *value[CMD_MAX_OPTS]; /* per cmd->opts[i]: its value ("" for a flag), NULL if absent */
	const char *pos[CMD_MAX_POS];    /* operands in order */
	int npos;
};

struct cmd_entry {
	const char *name;     /* the word after "opdeck"; NULL for the dashboard (no word) */
	const char *usage;    /* after "usage: opdeck " */
	const char *summary;  /* one line for `opdeck --help` */
	const char *help;     /* printed by --help under the usage line */
	struct cmd_opt opts[CMD_MAX_OPTS]; /* ends at the first { NULL } */
	int min_pos, max_pos;              /* operands accepted */
	const char *missing;               /* usage error when fewer than min_pos operands */
	int (*exec)(const struct cmd_args *a);
	int writes;                        /* writes files: refused when OPDECK_RESTRICTED=1 */
};

/*
 * Every message goes through text_quote() as a whole: the values in it (file names,
 * locators, arguments) come from the user or from files, and stderr is the terminal.
 * Text that is already quoted stays as it is.
 */
static void vmsg(const char *fmt, va_list ap, const char *tail)
{
	char raw[2048], quoted[4096];

	vsnprintf(raw, sizeof raw, fmt, ap);
	fprintf(stderr, "opdeck: %s%s\n", text_quote(raw, (size_t)-1, quoted, sizeof quoted), tail);
}

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, "");
	va_end(ap);
}

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, " (see opdeck --help)");
	va_end(ap);
	return EXIT_USAGE;
}

/* The option's value as given, or NULL when it was not given. */
static const char *arg_value(const struct cmd_args *a, const char *name)
{
	for (int i = 0; i < CMD_MAX_OPTS && a->cmd->opts[i].name; i++)
		if (strcmp(a->cmd->opts[i].name, name) == 0)
			return a->value[i];
	return NULL;
}

static int arg_flag(const struct cmd_args *a, const char *name)
{
	return arg_value(a, name) != NULL;
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

/* Seconds between looks for new data: 0 (never), or from 0.1 (polling SQLite more often
 * costs CPU and shows nothing sooner) to a day; "nan" and "inf" are not numbers of seconds. */
static int parse_refresh(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end || errno || !isfinite(*out))
		return -1;
	return *out == 0 || (*out >= 0.1 && *out <= 86400) ? 0 : -1;
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

/* --seed S, as sample and simulate read it: 0, or the usage status. */
static int seed_arg(const struct cmd_args *a, long long *seed)
{
	const char *v = arg_value(a, "--seed");

	if (v && parse_count(v, seed) < 0)
		return usage("--seed needs a non-negative number, not '%s'", v);
	return 0;
}

/* --size "120x40", as check and the screens read it, into cols and rows (1..1000 x
 * 1..500; left as they are without it): 0, or the usage status. */
static int size_arg(const struct cmd_args *a, int *cols, int *rows)
{
	const char *v = arg_value(a, "--size");
	char tail;

	if (v && (sscanf(v, "%dx%d%c", cols, rows, &tail) != 2 || *cols < 1 || *rows < 1 || *cols > 1000 ||
	          *rows > 500))
		return usage("--size is COLSxROWS, e.g. 120x40 (at most 1000x500), not '%s'", v);
	return 0;
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

static int cmd_init(const struct cmd_args *a)
{
	struct store *s;
	const char *yaml = arg_value(a, "--operation"), *db = a->npos ? a->pos[0] : default_db();

	if (yaml)
		return opcmd_init(db, yaml);
	if (!(s = open_db(db, STORE_CREATE)))
		return EXIT_BAD;
	store_close(s);
	return 0;
}

static int cmd_define(const struct cmd_args *a)
{
	return opcmd_define(a->pos[0], a->pos[1]);
}

static int cmd_describe(const struct cmd_args *a)
{
	return opcmd_describe(a->npos ? a->pos[0] : default_db(), stdout);
}

static int cmd_sample(const struct cmd_args *a)
{
	const char *db = a->npos ? a->pos[0] : default_db(), *v;
	long long ncases = 0, seed = 1;
	struct store *s;
	int rc;

	if ((v = arg_value(a, "--cases")) && (parse_count(v, &ncases) < 0 || ncases < 1 || ncases > 100000000))
		return usage("--cases needs a number of cases from 1 to 100000000, not '%s'", v);
	if ((rc = seed_arg(a, &seed)))
		return rc;
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

/* A number within [lo, hi]; -1 when v is not one. */
static int parse_number(const char *v, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	return !*v || *end || errno || !isfinite(*out) || *out < lo || *out > hi ? -1 : 0;
}

static int cmd_simulate(const struct cmd_args *a)
{
	const char *db = a->npos ? a->pos[0] : default_db(), *v;
	double rate, duration;
	long long seed = 1;
	struct store *s;
	struct store_sim_result r;
	int rc;

	if (!(v = arg_value(a, "--rate")) || parse_number(v, 0.001, 10000, &rate) < 0)
		return usage("simulate needs --rate N, a number of cases per second from 0.001 to 10000%s%s%s",
		             v ? ", not '" : "", v ? v : "", v ? "'" : "");
	if (!(v = arg_value(a, "--duration")) || parse_number(v, 0, 31 * 86400, &duration) < 0)
		return usage("simulate needs --duration S, a number of seconds%s%s%s", v ? ", not '" : "",
		             v ? v : "", v ? "'" : "");
	if ((rc = seed_arg(a, &seed)))
		return rc;
	if (!(s = open_db(db, STORE_WRITE)))
		return EXIT_BAD;
	rc = store_simulate(s, rate, duration, (unsigned long)seed, &r);
	if (rc < 0)
		msg("%s", store_error(s));
	store_close(s);
	msg("simulate: %lld cases added, %lld corrected, %lld deleted in %s", r.added, r.corrected, r.deleted, db);
	return rc < 0 ? EXIT_BAD : 0;
}

static int cmd_import(const struct cmd_args *a)
{
	/* "import FILE.csv" imports into the default database, like every command. */
	const char *db = a->npos == 2 ? a->pos[0] : default_db(), *csv = a->pos[a->npos - 1];
	struct store *s;
	long long n;

	if (!(s = open_db(db, STORE_WRITE)))
		return EXIT_BAD;
	/* The store writes "FILE:ROW:COLUMN: reason" lines; each gets our prefix. */
	char *errs = NULL;
	size_t errlen = 0;
	FILE *ef = open_memstream(&errs, &errlen);
	if (!ef)
		xmalloc_fatal();
	n = store_import_csv(s, csv, ef);
	fclose(ef);
	for (char *line = errs, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		msg("%s", line);
	}
	free(errs);
	if (n < 0 && errlen == 0 && *store_error(s)) {
		/* Nothing to list row by row (no file, a locked database): one line. */
		msg("%s; nothing imported, %s is unchanged", store_error(s), db);
	} else if (n < 0) {
		if (*store_error(s))
			msg("%s", store_error(s));
		msg("%s: nothing imported; %s is unchanged", csv, db);
	}
	store_close(s);
	if (n < 0)
		return EXIT_BAD;
	msg("%s: imported %lld case%s into %s", csv, n, n == 1 ? "" : "s", db);
	return 0;
}

static int cmd_export(const struct cmd_args *a)
{
	const char *db = a->npos ? a->pos[0] : default_db(), *v;
	int format = STORE_FORMAT_CSV, rc;
	struct store_filter f;
	struct store *s;

	if ((v = arg_value(a, "--format"))) {
		if (strcmp(v, "csv") == 0)
			format = STORE_FORMAT_CSV;
		else if (strcmp(v, "json") == 0)
			format = STORE_FORMAT_JSON;
		else
			return usage("--format is csv or json, not '%s'", v);
	}
	if (!(s = open_db(db, STORE_READ)))
		return EXIT_BAD;
	if (filter_from_locator(s, arg_value(a, "--at"), &f) < 0) {
		store_close(s);
		return EXIT_BAD;
	}
	rc = store_export(s, &f, format, stdout);
	if (rc < 0)
		msg("%s: %s", db, store_error(s));
	store_filter_free(&f);
	store_close(s);
	return rc < 0 ? EXIT_BAD : 0;
}

static int cmd_check(const struct cmd_args *a)
{
	struct check_options o = { 0 };
	int rc;

	if ((rc = size_arg(a, &o.cols, &o.rows)))
		return rc;
	o.database = arg_value(a, "--database");
	o.default_database = default_db();
	return check_files(a->npos, a->pos, &o, stdout, stderr) ? EXIT_BAD : 0;
}

/* OPDECK_RESTRICTED=1 (a delegates' account): nothing writes a file, runs a command or
 * opens another database; `opdeck follow` is restricted whatever the environment. */
static int restricted(void)
{
	const char *v = getenv("OPDECK_RESTRICTED");
	return v && strcmp(v, "1") == 0;
}

/* Options shared by the dashboard and render into o; returns 0, or the usage status. */
static int view_options(const struct cmd_args *a, struct app_options *o)
{
	const char *v;
	int rc;

	o->refresh = 2.0;
	o->cols = 120;
	o->rows = 40;
	o->at = arg_value(a, "--at");
	o->theme = arg_value(a, "--theme");
	o->db_path = a->npos ? a->pos[0] : default_db();
	if ((v = arg_value(a, "--refresh")) && parse_refresh(v, &o->refresh) < 0)
		return usage("--refresh needs 0 (never) or seconds from 0.1 to 86400, not '%s'", v);
	if ((rc = size_arg(a, &o->cols, &o->rows)))
		return rc;
	if ((v = arg_value(a, "--format"))) {
		if (strcmp(v, "text") == 0)
			o->ansi = 0;
		else if (strcmp(v, "ansi") == 0)
			o->ansi = 1;
		else
			return usage("--format is text or ansi, not '%s'", v);
	}
	o->help = arg_flag(a, "--help-overlay");
	o->layout = arg_value(a, "--layout");
	/* A review session: which slide to open (or print), or every slide (render). */
	o->session = arg_value(a, "--session");
	o->all = arg_flag(a, "--all");
	if ((v = arg_value(a, "--slide"))) {
		long long n;
		if (parse_count(v, &n) < 0 || n < 1 || n > 10000)
			return usage("--slide needs a slide number from 1, not '%s'", v);
		o->slide = (int)n;
	}
	if ((o->slide || o->all) && !o->session)
		return usage("%s needs --session FILE", o->all ? "--all" : "--slide");
	if (o->slide && o->all)
		return usage("--slide N or --all, not both");
	if (o->session && o->at)
		return usage("--at opens the dashboard at a drill-down; a session's slides have their own filters");
	o->room = arg_value(a, "--room");
	if (o->room && !o->session)
		return usage("--room needs --session FILE (the presenter publishes a session)");
	/* A room creates a socket: a file restricted mode does not write. */
	if (o->room && restricted())
		return usage("--room: OPDECK_RESTRICTED=1: nothing is created or written");
	return 0;
}

static int cmd_layout(const struct cmd_args *a)
{
	size_t len;
	const char *text = view_builtin_layout(&len);

	(void)a;
	return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : EXIT_BAD;
}

static int cmd_dashboard(const struct cmd_args *a)
{
	struct app_options o = { 0 };
	int rc = view_options(a, &o);

	return rc ? rc : app_run(&o);
}

/* ROOM [DATABASE] and --theme, as follow and notes read them. */
static void room_args(const struct cmd_args *a, const char **room, const char **db, const char **theme)
{
	*room = a->pos[0];
	*db = a->npos > 1 ? a->pos[1] : default_db();
	*theme = arg_value(a, "--theme");
}

/* opdeck follow ROOM [DATABASE]: the presenter's slides at this terminal's size. */
static int cmd_follow(const struct cmd_args *a)
{
	struct app_options o = { 0 };

	room_args(a, &o.follow, &o.db_path, &o.theme);
	o.refresh = 2.0;
	return app_run(&o);
}

/* opdeck notes ROOM [DATABASE]: the speaker's view on a second terminal. */
static int cmd_notes(const struct cmd_args *a)
{
	struct notes_options o = { 0 };

	room_args(a, &o.room, &o.db_path, &o.theme);
	return notes_run(&o);
}

static int cmd_render(const struct cmd_args *a)
{
	struct app_options o = { 0 };
	int rc = view_options(a, &o);

	return rc ? rc : app_render(&o, stdout);
}

static const struct cmd_entry cmd_table[] = {
	{
		.name = NULL,
		.usage = "[--session FILE [--slide N] [--room NAME|PATH]] [--theme NAME|FILE] [--at LOCATOR] [--refresh SECONDS] "
		         "[--layout FILE] [DATABASE]",
		.help = "opdeck: a keyboard-driven terminal dashboard for multi-agency enforcement operations.\n"
			"\n"
			"Opens DATABASE (default: $OPDECK_DB, else the bundled sample " OPDECK_SAMPLE_DB ")\n"
			"read-only and shows live panels of cases by phase, category and agency. Enter drills\n"
			"from any figure to the cases behind it; Backspace goes back; ? lists every key.\n"
			"\n"
			"Options:\n"
			"  --theme NAME|FILE   colours: default, light, projector, colour-blind, mono, or a\n"
			"                      theme file (t cycles them); see README \"Themes\"\n"
			"  --at LOCATOR        open at a drill-down state, e.g. phase=OMD7/category=drugs\n"
			"  --refresh SECONDS   how often to look for new data (default 2; 0 = never; at least 0.1)\n"
			"  --session FILE      present a review session (n/p slides, o overview, F freeze;\n"
			"                      see sample-data/session-reference.yaml); --slide N opens at N\n"
			"  --room NAME|PATH    with --session: publish the slides to followers (opdeck follow)\n"
			"  --layout FILE       the screens from a layout file (opdeck layout prints the built-in one)\n",
		.opts = { { "--theme", "NAME|FILE" }, { "--at", "LOCATOR" }, { "--refresh", "SECONDS" }, { "--layout", "FILE" },
		          { "--session", "FILE" }, { "--slide", "N" }, { "--room", "NAME|PATH" } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_dashboard,
	},
	{
		.name = "render",
		.usage = "render [--session FILE [--slide N|--all]] [--at LOCATOR] [--size COLSxROWS] [--format text|ansi] "
		         "[--help-overlay] [--layout FILE] [DATABASE]",
		.summary = "print the screen the dashboard would show, without a terminal",
		.help = "Prints exactly the frame the dashboard would draw at that size (default 120x40),\n"
			"with no terminal: text is plain UTF-8, one line per row; ansi adds SGR colours.\n"
			"--help-overlay draws the help screen on top.\n"
			"--session FILE prints a review session's slide N (default 1), or with --all every\n"
			"slide with a separator line between them, as presented (clocks at full budget).\n",
		.opts = { { "--at", "LOCATOR" }, { "--theme", "NAME|FILE" }, { "--size", "COLSxROWS" },
		          { "--format", "text|ansi" }, { "--help-overlay", NULL }, { "--layout", "FILE" },
		          { "--session", "FILE" }, { "--slide", "N" }, { "--all", NULL } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_render,
	},
	{
		.name = "follow",
		.usage = "follow [--theme NAME|FILE] NAME|PATH [DATABASE]",
		.summary = "follow a presenter's slides (opdeck --session FILE --room NAME) on this terminal",
		.help = "Shows the slide the presenter shows, at this terminal's size, from its own read-only\n"
			"connection to DATABASE. '.' breaks away (as far as the session's followers: allow)\n"
			"and '.' again rejoins. Nothing a follower does reaches the presenter; nothing writes a\n"
			"file or runs a command. See README \"Presenting over SSH\".\n",
		.opts = { { "--theme", "NAME|FILE" } },
		.min_pos = 1, .max_pos = 2, .missing = "follow needs a room: NAME or PATH",
		.exec = cmd_follow,
	},
	{
		.name = "notes",
		.usage = "notes [--theme NAME|FILE] NAME|PATH [DATABASE]",
		.summary = "the speaker's notes, clocks and next slide for a presenter's room",
		.help = "For a second terminal beside the presenter's: this slide's title and notes, the time\n"
			"left on it and in the session, the next slides' titles and a small preview.\n",
		.opts = { { "--theme", "NAME|FILE" } },
		.min_pos = 1, .max_pos = 2, .missing = "notes needs a room: NAME or PATH",
		.exec = cmd_notes,
	},
	{
		.name = "init",
		.writes = 1,
		.usage = "init [DATABASE] [--operation FILE.yaml]",
		.summary = "create a database, empty or for the operation a YAML file describes",
		.help = "Creates DATABASE with the current schema: empty, or with the phases, agencies,\n"
			"participations and categories of the operation FILE.yaml describes (README, \"Your\n"
			"own operation\"). Refuses to overwrite a file that exists and is not empty.\n",
		.opts = { { "--operation", "FILE.yaml" } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_init,
	},
	{
		.name = "define",
		.writes = 1,
		.usage = "define DATABASE FILE.yaml",
		.summary = "apply an edited operation file (adds and updates, all or nothing)",
		.help = "Applies an edited operation file: adds and updates phases, agencies, participations\n"
			"and categories, and removes what the file no longer names, all or nothing. Removing\n"
			"anything cases refer to is refused, naming how many cases and which; every mistake\n"
			"in the file is reported as FILE:LINE:COL; either way the database is unchanged.\n",
		.min_pos = 2, .max_pos = 2, .missing = "define takes a DATABASE and a FILE.yaml",
		.exec = cmd_define,
	},
	{
		.name = "describe",
		.usage = "describe [DATABASE]",
		.summary = "write the database's operation file",
		.help = "Writes the operation file of DATABASE (default: $OPDECK_DB, else the bundled\n"
			"sample) to stdout; `opdeck define` reads it back.\n",
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_describe,
	},
	{
		.name = "sample",
		.writes = 1,
		.usage = "sample [DATABASE] [--cases N] [--seed S]",
		.summary = "build the bundled Operation Mekong Dragon sample, or N synthetic cases",
		.help = "Without --cases: the bundled Operation Mekong Dragon sample. Its totals per phase and\n"
			"category are the published figures; every case in it is synthetic (see README).\n"
			"With --cases N: the same phases, agencies and categories with N synthetic cases\n"
			"generated from seed S (default 1), for benchmarks.\n",
		.opts = { { "--cases", "N" }, { "--seed", "S" } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_sample,
	},
	{
		.name = "simulate",
		.writes = 1,
		.usage = "simulate [DATABASE] --rate N --duration S [--seed S]",
		.summary = "add plausible cases at N per second, correcting or deleting one now and then",
		.help = "Adds plausible cases of the latest phase to DATABASE (built by `opdeck sample`) at N\n"
			"per second for S seconds, each in its own transaction, and now and then corrects an\n"
			"earlier case (status, arrests) or deletes one, as agencies' returns would.  For demos,\n"
			"tests and the soak: open the dashboard on the same file to watch it follow.\n",
		.opts = { { "--rate", "N" }, { "--duration", "S" }, { "--seed", "S" } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_simulate,
	},
	{
		.name = "import",
		.writes = 1,
		.usage = "import [DATABASE] FILE.csv",
		.summary = "import an agency return (CSV): all rows or none",
		.help = "Imports an agency return: RFC 4180 CSV with a header row naming the columns\n"
			"ref, phase, agency, category, subcategory, detected_on, country, transport, status\n"
			"(required) and location, departure, transit, destination, detection, concealment,\n"
			"arrests, summary, commodity, quantity, unit (optional); one row per seizure.\n"
			"All rows or none: every bad row is listed as FILE:ROW:COLUMN: reason and the\n"
			"database is left unchanged (exit 1).\n",
		.min_pos = 1, .max_pos = 2, .missing = "import needs a FILE.csv",
		.exec = cmd_import,
	},
	{
		.name = "layout",
		.usage = "layout",
		.summary = "print the dashboard's built-in layout (YAML), to copy and edit for --layout",
		.help = "Writes the layout the dashboard's screens come from (home, drill, cases, case) to\n"
			"stdout. Edit a copy and run `opdeck --layout FILE` (or render --layout FILE);\n"
			"README \"Session and layout files\" describes the format.\n",
		.min_pos = 0, .max_pos = 0,
		.exec = cmd_layout,
	},
	{
		.name = "export",
		.writes = 1,
		.usage = "export [DATABASE] [--at LOCATOR] [--format csv|json]",
		.summary = "write cases with their seizures as CSV or JSON",
		.help = "Writes the cases matching LOCATOR (default: all) with their seizures to stdout, as\n"
			"CSV in the import format (cells that a spreadsheet would run as formulas are\n"
			"neutralised) or as a JSON array.\n",
		.opts = { { "--at", "LOCATOR" }, { "--format", "csv|json" } },
		.min_pos = 0, .max_pos = 1,
		.exec = cmd_export,
	},
	{
		.name = "check",
		.usage = "check [--size COLSxROWS] [--database DB] FILE...",
		.summary = "validate session, layout, theme and operation files (FILE:LINE:COL for every mistake)",
		.help = "Reads each FILE as opening it would and reports every mistake as\n"
			"FILE:LINE:COL: message (exit 1), or \"FILE: ok (KIND)\" on stdout.  The kind is\n"
			"recognised by the file's keys: a session has slides:, a layout screens:, a theme\n"
			"roles:, categories: and agencies:, an operation file operation: and phases:.\n"
			"--database DB: every locator of a session must name values DB holds.\n"
			"--size COLSxROWS: names the slides whose panels cannot show their content at\n"
			"that size (drawn with DB's data, else the default database's).\n",
		.opts = { { "--size", "COLSxROWS" }, { "--database", "DB" } },
		.min_pos = 1, .max_pos = CMD_MAX_POS, .missing = "check needs at least one FILE",
		.exec = cmd_check,
	},
};
enum { CMD_COUNT = sizeof cmd_table / sizeof cmd_table[0] };

/* Named in DESIGN.md but not built yet: a clear message rather than "unknown option". */
static const char *const cmd_later[] = { NULL };

static void cmd_print_help(const struct cmd_entry *c, FILE *out)
{
	if (c->name) {
		fprintf(out, "usage: opdeck %s\n\n%s", c->usage, c->help);
		return;
	}
	/* The dashboard's help is the program's: every usage line, then the commands. */
	for (int i = 0; i < CMD_COUNT; i++)
		fprintf(out, "%s opdeck %s\n", i ? "      " : "usage:", cmd_table[i].usage);
	fputs("       opdeck --help | --version\n\n", out);
	fputs(c->help, out);
	fputs("\nCommands (each has --help):\n", out);
	for (int i = 0; i < CMD_COUNT; i++)
		if (cmd_table[i].name)
			fprintf(out, "  %-8s %s\n", cmd_table[i].name, cmd_table[i].summary);
	fputs("\n"
	      "Locator keys: phase category subcategory agency country transport status week day\n"
	      "case search, e.g. phase=OMD7/category=wildlife/agency=THCUS/case=OMD7-THCUS-0020\n"
	      "Values match codes and the names shown, in any case: phase=omd7, category=Drugs, country=th.\n"
	      "\n"
	      "DATABASE, for every command: $OPDECK_DB, else " OPDECK_SAMPLE_DB ".\n"
	      "Environment: OPDECK_DB (default database), NO_COLOR (monochrome).\n"
	      "Exit status: 0 success, 1 bad input, 2 usage error.\n"
	      "\nKeys:\n", out);
	app_print_keys(out);
}

/*
 * Reads argv (the command's own arguments, argv[0] being the command word or the
 * program) into a.  Returns 0, 1 when --help was printed, or EXIT_USAGE after a message.
 */
static int cmd_parse(const struct cmd_entry *c, int argc, char **argv, struct cmd_args *a)
{
	const char *who = c->name ? c->name : "";
	const char *sep = c->name ? ": " : "";
	int options = 1;

	memset(a, 0, sizeof *a);
	a->cmd = c;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options && is_help(arg)) {
			cmd_print_help(c, stdout);
			return 1;
		}
		if (options && strcmp(arg, "--") == 0) {
			options = 0;
			continue;
		}
		if (options && arg[0] == '-' && arg[1]) {
			const char *eq = strchr(arg, '=');
			size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
			int k = 0;
			while (k < CMD_MAX_OPTS && c->opts[k].name &&
			       !(strlen(c->opts[k].name) == n && strncmp(c->opts[k].name, arg, n) == 0))
				k++;
			if (k == CMD_MAX_OPTS || !c->opts[k].name)
				return usage("%s%sunknown option '%s'", who, sep, arg);
			if (!c->opts[k].arg) {
				if (eq)
					return usage("%s takes no value", c->opts[k].name);
				a->value[k] = "";
			} else if (eq) {
				a->value[k] = eq + 1;
			} else if (i + 1 < argc) {
				a->value[k] = argv[++i];
			} else {
				return usage("%s needs a value (%s %s)", c->opts[k].name, c->opts[k].name, c->opts[k].arg);
			}
			continue;
		}
		if (a->npos >= c->max_pos || a->npos >= CMD_MAX_POS)
			return c->name ? usage("%s: unexpected argument '%s'", who, arg)
			               : usage("unexpected argument '%s' (one DATABASE only)", arg);
		a->pos[a->npos++] = arg;
	}
	if (a->npos < c->min_pos)
		return usage("%s", c->missing);
	return 0;
}

/* Whatever a command printed must have been written (a full disk, a closed pipe). */
static int check_stdout(int rc)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
		msg("cannot write the output: %s", errno ? strerror(errno) : "write error");
		return EXIT_BAD;
	}
	return rc;
}

int main(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_table[0]; /* no command word: the dashboard */
	struct cmd_args a;
	int rc;

	setlocale(LC_ALL, "");
	if (argc >= 2) {
		const char *word = argv[1];
		if (strcmp(word, "--version") == 0 || strcmp(word, "-V") == 0) {
			printf("opdeck %s\n", OPDECK_VERSION);
			return check_stdout(0);
		}
		for (int i = 0; i < CMD_COUNT; i++)
			if (cmd_table[i].name && strcmp(cmd_table[i].name, word) == 0)
				c = &cmd_table[i];
		for (int i = 0; c == &cmd_table[0] && cmd_later[i]; i++)
			if (strcmp(word, cmd_later[i]) == 0)
				return usage("'%s': review sessions and theme files are not in this version of opdeck yet", word);
		if (c != &cmd_table[0]) {
			argc--;
			argv++;
		}
	}
	if (c->writes && restricted())
		return usage("'%s': OPDECK_RESTRICTED=1: nothing is written here", c->name);
	rc = cmd_parse(c, argc, argv, &a);
	rc = rc ? (rc == 1 ? 0 : rc) : c->exec(&a);
	return check_stdout(rc);
}
