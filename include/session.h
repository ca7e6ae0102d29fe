/*
 * session: review sessions and layouts as plain structs.
 *
 * This header is the seam between three parts of the program:
 *   - the loader (src/session.c, on top of the config module's YAML tree) fills these
 *     structs from a session or layout file, or reports FILE:LINE:COL: message;
 *   - the view's layout engine places a slide's panels in a grid and draws them through
 *     the panel type table;
 *   - the app presents a session (slide navigation, countdowns, freeze, reload).
 * A layout file (the default dashboard, `--layout FILE`) is a session whose slides are
 * named screens ("home", "drill", "cases", "case") and have no notes or budgets.
 *
 * Everything is owned by the struct session and freed by session_free.  Strings are
 * malloc'd UTF-8 as written in the file (not yet sanitised: draw them with canvas_put).
 */
#ifndef OPDECK_SESSION_H
#define OPDECK_SESSION_H

#include <stddef.h>

#define SESSION_MAX_TRACKS 12  /* grid rows or columns of one slide */
#define SESSION_MAX_PANELS 16  /* panels of one slide */

/* One grid row or column: a weight that shares what is left, or a fixed size. */
struct session_track {
	int size;     /* weight (fixed == 0) or cells (fixed == 1); > 0, but fixed with size 0 is
	               * "auto" (rows only): as tall as its panels' types want (the phases table: every phase) */
	int fixed;
	int min;      /* smallest useful size in cells (rows for a row, columns for a column) */
	int optional; /* rows only: dropped first when the screen is short */
};

/* What a panel shows.  Which fields a type reads is the panel type's business (its
 * parse function rejects options it does not take, with the position). */
struct session_panel {
	int type;          /* index in the view's panel type table */
	char *title;       /* owned; NULL: the type's generated title */
	int dim, dim2;     /* enum store_dim, -1 when not given; dim2: a matrix's columns */
	int measure;       /* enum widget_measure; -1 when not given (the type's default: cases; a
	                    * kpi panel shows its usual tiles, with a measure just that one, big) */
	char *filter;      /* owned locator text combined with the session's and slide's; NULL */
	int sort;          /* enum view_sort (cases: enum store_order); -1 when not given */
	int limit;         /* top N with "… N more"; 0: as many as fit */
	int row, col;      /* place in the grid, 0-based */
	int rowspan, colspan; /* >= 1 */
	char *text;        /* owned: a text panel's body (headings "# ", bullets "- ", **bold**) */
	char *compare[2];  /* owned: a compare panel's two locators; both NULL: every phase */
	int line, column;  /* where the panel starts in the file, for messages */
};

struct session_slide {
	char *name;        /* owned: a layout's screen name ("home"), else NULL */
	char *title;       /* owned; a layout's screens may leave it NULL */
	char *notes;       /* owned: speaker notes, several lines, or NULL */
	char *filter;      /* owned: the slide's locator, combined with the session's, or NULL */
	int budget_s;      /* time budget in seconds ("2m30s"); 0 when none */
	int nrows, ncols;
	struct session_track rows[SESSION_MAX_TRACKS];
	struct session_track cols[SESSION_MAX_TRACKS];
	int npanels;
	struct session_panel panels[SESSION_MAX_PANELS];
	int line;          /* where the slide starts in the file */
};

enum session_policy { SESSION_LIVE, SESSION_FROZEN };

/* What a follower who breaks away may reach (presenting over SSH). */
enum session_scope { SESSION_SCOPE_SLIDES, SESSION_SCOPE_AGGREGATES, SESSION_SCOPE_CASES };

struct session {
	char *path;        /* owned: the file it was loaded from ("(built-in)" for embedded) */
	char *title;       /* owned */
	char *subtitle;    /* owned: venue and date, or NULL */
	char *theme;       /* owned: theme name or file, or NULL */
	char *filter;      /* owned: base locator applied to every slide, or NULL */
	int policy;        /* enum session_policy */
	int follower_scope;/* enum session_scope */
	int mask_refs;     /* followers see masked case references and places */
	int nslides;
	struct session_slide *slides; /* owned, nslides of them */
};

/*
 * Loads a session (or layout) file.  On failure returns -1 and writes one message
 * "FILE:LINE:COL: what is wrong" (values quoted, never raw) to err.
 * session_load_mem does the same for a buffer (name is used in messages).
 */
int session_load(const char *path, struct session *out, char *err, size_t errsz);
int session_load_mem(const char *name, const char *buf, size_t len, struct session *out,
                     char *err, size_t errsz);
void session_free(struct session *s);

/* The slide named name ("home"), or NULL. */
const struct session_slide *session_screen(const struct session *s, const char *name);

#endif
