/*
 * opcmd: the commands on operation files, for main's command table: init --operation,
 * define and describe.  Each returns the exit status (0, 1 bad input; usage errors are
 * main's) and writes its messages to stderr as "opdeck: FILE:LINE:COL: what".
 */
#ifndef OPDECK_OPCMD_H
#define OPDECK_OPCMD_H

#include <stdio.h>

/* Creates db (which must not exist or be empty) for the operation in yaml; on any error
 * nothing is left behind. */
int opcmd_init(const char *db, const char *yaml);
/* Applies yaml to db, all or nothing. */
int opcmd_define(const char *db, const char *yaml);
/* Writes db's operation file to out. */
int opcmd_describe(const char *db, FILE *out);

#endif
