/*
 * check: `opdeck check [--size COLSxROWS] [--database DB] FILE...` — validates opdeck's
 * YAML files before a room sees them.
 *
 * Each file is read with the config loader (syntax, limits, duplicate keys, encodings),
 * then recognised by its top-level keys and validated by its kind's own loader, so that
 * `check` says exactly what opening the file would say.  Kinds are a table in check.c:
 *   theme   roles: / categories: / agencies:   theme_parse (theme.h)
 * Every problem is printed to errs as "opdeck: FILE:LINE:COL: message"; each good file
 * gives "FILE: ok (KIND)" on out.
 */
#ifndef OPDECK_CHECK_H
#define OPDECK_CHECK_H

#include <stdio.h>

struct check_options {
	int cols, rows;       /* --size; 0: not given */
	const char *database; /* --database: locators must name values in it; NULL: not given */
	const char *default_database; /* the data --size draws with when --database is not given */
};

/* Checks files[0..n); returns 0 when every file is fine, 1 when any is not. */
int check_files(int n, const char *const files[], const struct check_options *o,
                FILE *out, FILE *errs);

#endif
