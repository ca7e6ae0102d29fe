/*
 * check: `opdeck check` (contract in include/check.h).  A kind of file is a row of the
 * table below: the top-level keys that identify it and the function that validates it
 * with the same loader the program uses to open it, so that check and opening say the
 * same thing.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "config.h"
#include "present.h"
#include "session.h"
#include "store.h"
#include "text.h"
#include "theme.h"

/* What a kind's check may use, opened once for all the files. */
struct check_run {
	const struct check_options *o;
	struct store *db;        /* --database (or the default database for --size); NULL */
	int db_failed;           /* opening it failed (said once) */
	FILE *errs;
};

struct check_kind {
	const char *name;               /* "theme", for "FILE: ok (theme)" */
	const char *const *keys;        /* top-level keys any one of which identifies the kind */
	/*
	 * Validates path (already loaded as doc).  Returns 0 when it is fine, -1 with one
	 * message in err, or the number of problems it printed to run->errs itself.
	 */
	int (*check)(const char *path, const struct config_doc *doc, struct check_run *run,
	             char *err, size_t errsz);
};

/* Prints "opdeck: LINE" for each line of text, quoted. */
static void check_lines(FILE *errs, const char *text)
{
	char q[2048];

	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		fprintf(errs, "opdeck: %s\n", text_quote(text, n, q, sizeof q));
		text += n + (nl != NULL);
	}
}

static struct store *check_db(struct check_run *run, const char *path)
{
	char err[1024];

	if (run->db || run->db_failed)
		return run->db;
	if (!(run->db = store_open(path, STORE_READ, err, sizeof err))) {
		run->db_failed = 1;
		fprintf(run->errs, "opdeck: %s\n", err);
	}
	return run->db;
}

static int check_theme(const char *path, const struct config_doc *doc, struct check_run *run,
                       char *err, size_t errsz)
{
	struct canvas_palette p;
	(void)path;
	(void)run;
	return theme_parse(doc->root, "theme", &p, err, errsz);
}

/* A session or a layout: session_load, the theme it names, and with --database its
 * locators, with --size what its slides cannot show at that size. */
static int check_session(const char *path, const struct config_doc *doc, struct check_run *run,
                         char *err, size_t errsz)
{
	const struct check_options *o = run->o;
	struct session ss;
	const struct config_node *th;
	int problems = 0;

	if (session_load(path, &ss, err, errsz) < 0)
		return -1;
	if ((th = config_get(doc->root, "theme")) && ss.theme && !theme_resolve(ss.theme, err, errsz)) {
		/* theme_resolve's message has no position, or the theme file's own. */
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", err);
		config_error(th, err, errsz, "theme: %s", msg);
		session_free(&ss);
		return -1;
	}
	if (o->database) {
		struct store *db = check_db(run, o->database);
		if (!db) {
			problems++;
		} else if (present_check_locators(&ss, db, err, errsz) < 0) {
			session_free(&ss);
			return -1;
		}
	}
	if (o->cols > 0) {
		struct store *db = check_db(run, o->database ? o->database : o->default_database);
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		int lost = -1;
		if (db && m)
			lost = present_check_fit(&ss, o->cols, o->rows, db, m);
		if (m)
			fclose(m);
		check_lines(run->errs, buf);
		free(buf);
		problems += lost != 0;
	}
	session_free(&ss);
	return problems;
}

static const char *const theme_keys[] = { "roles", "categories", "agencies", NULL };
static const char *const session_keys[] = { "slides", NULL };
static const char *const layout_keys[] = { "screens", "layout", NULL };

/* In the order they are tried: a kind whose keys another kind shares comes last (an
 * operation file has agencies: and categories: too, a theme is known by roles: first). */
static const struct check_kind kinds[] = {
	{ "session", session_keys, check_session },
	{ "layout", layout_keys, check_session },
	{ "theme", theme_keys, check_theme },
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

static const struct check_kind *check_detect(const struct config_node *root)
{
	for (int k = 0; k < NKINDS; k++)
		for (int i = 0; kinds[k].keys[i]; i++)
			if (config_get(root, kinds[k].keys[i]))
				return &kinds[k];
	return NULL;
}

int check_files(int n, const char *const files[], const struct check_options *o,
                FILE *out, FILE *errs)
{
	struct check_run run = { o, NULL, 0, errs };
	char err[2048], list[256];
	int bad = 0;

	list[0] = '\0';
	for (int k = 0; k < NKINDS; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s (%s:)",
		         k ? (k + 1 == NKINDS ? " or " : ", ") : "", kinds[k].name, kinds[k].keys[0]);
	for (int i = 0; i < n; i++) {
		struct config_doc *doc = config_load_file(files[i], err, sizeof err);
		const struct check_kind *kind = doc ? check_detect(doc->root) : NULL;
		int rc;

		fflush(out); /* keep the files' order when stdout and stderr go to one place */
		if (!doc)
			rc = -1;
		else if (!kind)
			rc = config_error(doc->root, err, sizeof err, "not an opdeck file: expected a %s", list);
		else
			rc = kind->check(files[i], doc, &run, err, sizeof err);
		if (rc < 0)
			fprintf(errs, "opdeck: %s\n", err);
		if (rc != 0) {
			bad = 1;
		} else {
			char q[512];
			fprintf(out, "%s: ok (%s)\n", text_quote(files[i], (size_t)-1, q, sizeof q), kind->name);
		}
		config_free(doc);
	}
	fflush(out);
	if (run.db)
		store_close(run.db);
	return bad;
}
