/*
 * app: the interactive program (event loop, drill stack, key table, actions) and its
 * headless twin `render`, which builds the same state and draws the same frame into a
 * canvas instead of a terminal.
 */
#ifndef OPDECK_APP_H
#define OPDECK_APP_H

#include <stdio.h>

struct app_options {
	const char *db_path;   /* borrowed */
	const char *at;        /* locator to open at, or NULL */
	const char *theme;     /* palette name, or NULL for "default" */
	double refresh;        /* seconds between change checks (live mode) */
	const char *layout;    /* layout file for the dashboard's screens, or NULL: the built-in one */
	const char *session;   /* review session file to present, or NULL for the dashboard */
	int slide;             /* 1-based slide to open (render: to print); 0: the first */
	const char *room;      /* with session: the room the presenter publishes to, or NULL */
	const char *follow;    /* opdeck follow: the room followed (the session comes from it) */
	/* render only */
	int all;               /* --all: every slide of the session, a separator line between */
	int cols, rows;        /* frame size */
	int ansi;              /* 1: SGR colours, 0: plain text */
	int help;              /* render with the help overlay open */
};

/* Runs the dashboard until the user quits; returns the exit status (0, or 1 with a
 * message on stderr as "opdeck: FILE: what"). */
int app_run(const struct app_options *o);

/* Prints one frame to out; returns the exit status. */
int app_render(const struct app_options *o, FILE *out);

/* The key table as help text ("Enter  drill down"), one per line: for --help and the man page. */
void app_print_keys(FILE *out);

#endif
