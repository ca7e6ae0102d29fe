/*
 * opcmd: init --operation, define and describe: an operation file loaded (operation.c)
 * and written into a database (store_define.c), or read back out.
 *
 * The file is loaded and checked in full before the database is opened, so a mistake
 * in it never touches the database; what the database refuses (removing what cases
 * refer to) is rolled back by store_define.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opcmd.h"
#include "operation.h"
#include "store.h"
#include "text.h"

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void msg(const char *fmt, ...)
{
	char raw[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* File names and values from the file reach the terminal: one quoting for all. */
	char quoted[2048];
	fprintf(stderr, "opdeck: %s\n", text_quote(raw, (size_t)-1, quoted, sizeof quoted));
}

/* Each line of buf as a message of its own, after "prefix: " when prefix is given. */
static void msg_lines(char *buf, const char *prefix)
{
	for (char *line = buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (prefix)
			msg("%s: %s", prefix, line);
		else
			msg("%s", line);
	}
}

/* Loads path into o, printing every mistake; 0 or -1. */
static int load(const char *path, struct op *o)
{
	char *errs = NULL;
	size_t len = 0;
	FILE *ef = open_memstream(&errs, &len);
	int rc;

	if (!ef) {
		msg("out of memory");
		return -1;
	}
	rc = operation_load(path, NULL, 0, path, o, ef);
	fclose(ef);
	msg_lines(errs, NULL);
	free(errs);
	return rc;
}

/* store_define with its refusals printed, each naming the database. */
static int define(struct store *s, const char *db, const char *yaml, const struct op *o)
{
	char *errs = NULL;
	size_t len = 0;
	FILE *ef = open_memstream(&errs, &len);
	int rc;

	if (!ef) {
		msg("out of memory");
		return -1;
	}
	rc = store_define(s, o, ef);
	fclose(ef);
	msg_lines(errs, db);
	free(errs);
	if (rc < 0) {
		if (!strstr(store_error(s), "refused"))
			msg("%s", store_error(s));
		msg("%s: nothing defined; %s is unchanged", yaml, db);
	}
	return rc;
}

static void summary(const char *db, const char *verb, const struct op *o)
{
	int subs = 0;

	for (int i = 0; i < o->ncategories; i++)
		subs += o->categories[i].parent != NULL;
	fprintf(stderr, "opdeck: %s: %s %s: %d phase%s, %d agenc%s, %d categor%s with %d sub-categor%s\n", db, verb,
	        o->code, o->nphases, o->nphases == 1 ? "" : "s", o->nagencies, o->nagencies == 1 ? "y" : "ies",
	        o->ncategories - subs, o->ncategories - subs == 1 ? "y" : "ies", subs, subs == 1 ? "y" : "ies");
}

int opcmd_init(const char *db, const char *yaml)
{
	struct op o;
	char err[600];
	struct stat sb;
	struct store *s;

	if (load(yaml, &o) < 0)
		return 1;
	int existed = stat(db, &sb) == 0;
	if (!(s = store_open(db, STORE_CREATE, err, sizeof err))) {
		msg("%s", err);
		operation_free(&o);
		return 1;
	}
	int rc = define(s, db, yaml, &o);
	store_close(s);
	if (rc < 0) {
		if (!existed) /* ours, and half-made: leave nothing behind */
			remove(db);
	} else {
		summary(db, "created for", &o);
	}
	operation_free(&o);
	return rc < 0 ? 1 : 0;
}

int opcmd_define(const char *db, const char *yaml)
{
	struct op o;
	char err[600];
	struct store *s;

	if (load(yaml, &o) < 0) {
		msg("%s: nothing defined; %s is unchanged", yaml, db);
		return 1;
	}
	if (!(s = store_open(db, STORE_WRITE, err, sizeof err))) {
		msg("%s", err);
		operation_free(&o);
		return 1;
	}
	int rc = define(s, db, yaml, &o);
	store_close(s);
	if (rc == 0)
		summary(db, "now defines", &o);
	operation_free(&o);
	return rc < 0 ? 1 : 0;
}

int opcmd_describe(const char *db, FILE *out)
{
	struct op o;
	char err[600];
	struct store *s;

	if (!(s = store_open(db, STORE_READ, err, sizeof err))) {
		msg("%s", err);
		return 1;
	}
	if (store_describe(s, &o) < 0) {
		msg("%s", store_error(s));
		store_close(s);
		return 1;
	}
	store_close(s);
	int rc = operation_write(&o, out);
	operation_free(&o);
	if (rc < 0 || fflush(out) != 0) {
		msg("writing the operation file failed");
		return 1;
	}
	return 0;
}
