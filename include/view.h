/*
 * view: screens made of panels.  A screen is a slide (include/session.h: a grid of rows
 * and columns with weights, fixed sizes and minimums, and panels placed on it with a span);
 * the default dashboard's screens are a built-in layout of such slides, and review sessions
 * fill the same structs from YAML.  Panel types are a table (src/panel.h): the view loads
 * each panel's data through its type (caching it per level until the database changes),
 * places the panels with the grid layout engine and paints them with widgets.
 *
 * The app owns the drill stack of view_levels and decides what keys do; the view
 * answers "what is under the cursor" (view_drill_target) and draws.
 */
#ifndef OPDECK_VIEW_H
#define OPDECK_VIEW_H

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "widget.h"

#include "session.h"

#define VIEW_MAX_PANELS SESSION_MAX_PANELS
#define VIEW_MIN_COLS 60
#define VIEW_MIN_ROWS 16
/* Below the minimum size: c says so in its middle, returns 1; 0 (nothing drawn) otherwise. */
int view_too_small(struct canvas *c);

/* The screens of a layout, by the name their slide has in the layout file. */
enum view_screen {
	VIEW_HOME,  /* "home": all phases, then the selected phase's panels */
	VIEW_DRILL, /* "drill": panels over the dimensions the filter leaves open */
	VIEW_CASES, /* "cases": the cases of the filter, full screen */
	VIEW_CASE,  /* "case": one case */
	VIEW_SCREEN_COUNT
};

/* The built-in panel types: their index in the type table (session_panel.type). */
enum view_panel_id {
	VIEW_PANEL_PHASES,   /* table of all phases; the other panels follow its selected phase */
	VIEW_PANEL_KPI,      /* cases, arrests, kg, tablets, agencies reporting */
	VIEW_PANEL_BARS,     /* dim */
	VIEW_PANEL_TIMELINE, /* cases per week */
	VIEW_PANEL_MATRIX,   /* dim x dim2 */
	VIEW_PANEL_CASES,    /* case list */
	VIEW_PANEL_CASE,     /* case detail */
	VIEW_PANEL_TABLE,    /* dim with its measures as columns */
	VIEW_PANEL_TEXT,     /* headings, bullets, bold */
	VIEW_PANEL_COMPARE,  /* one locator against another, or every phase */
	VIEW_PANEL_SILENT,   /* the agencies of the phase with no case under the filter */
	VIEW_PANEL_COUNT
};

/* What the session loader asks of the panel type table. */
/* The panel type called name ("bars"), or -1. */
int view_panel_type_find(const char *name);
/* The name of type t ("bars"), or NULL when out of range: with VIEW_PANEL_COUNT it lists
 * the names for "did you mean" messages. */
const char *view_panel_type_name(int t);
/* Does type t take the session key ("by", "measure", ...)?  type, title, place, span and
 * filter: every type. */
int view_panel_takes(int t, const char *key);
/* The panel keys of session files, NULL-terminated (for "did you mean"). */
extern const char *const view_panel_keys[];
/* The names of type t's sort modes ("natural", "value", "name"), *n of them; NULL: none. */
const char *const *view_panel_sorts(int t, int *n);
/* The type's own check of a loaded panel (options missing or contradicting each other):
 * -1 with a message without position. */
int view_panel_check(const struct session_panel *p, char *err, size_t errsz);

/*
 * Layout-only values of a panel's dimension (session_panel.dim/dim2), for the dashboard's
 * drill screen, which shows what the filter leaves open:
 *   VIEW_DIM_OPEN + n   the (n+1)th open dimension in the order category (sub-category
 *                       once a category is fixed), agency, transport, status, country;
 *   VIEW_DIM_ANY + mask the first of the dimensions in mask (1 << enum store_dim) that is open.
 * A layout panel with no such dimension, or over a dimension its filter fixes, is left out;
 * the other panels of its grid row share its width.
 */
#define VIEW_DIM_OPEN 0x1000
#define VIEW_DIM_ANY  0x2000

/* Which screen a layout's slide is ("home"), or -1; and the name of a screen (NULL out of range). */
int view_screen_find(const char *name);
const char *view_screen_name(int screen);

/*
 * The layout the dashboard's screens come from: the home, drill, cases and case slides of
 * layout (borrowed: it must outlive every level built from it), or the built-in one when
 * layout is NULL.  A screen the layout lacks falls back to the built-in one.
 */
void view_use_layout(const struct session *layout);
/* The built-in layout's YAML text (src/dashboard.yaml as embedded), len bytes, NUL-terminated. */
const char *view_builtin_layout(size_t *len);

/* Sort modes of a panel: bars and tables cycle natural → value → name; case lists use
 * enum store_order. */
enum view_sort { VIEW_SORT_NATURAL, VIEW_SORT_VALUE, VIEW_SORT_NAME, VIEW_SORT_COUNT };

struct view_data; /* a level's loaded panel data, private to the view */
struct view_changed; /* what a live refresh changed (src/view_changed.c), private to the view */

/* A layout panel that shares its grid row's width with panels left out (VIEW_DIM_*): the
 * columns the row's panels spanned together. */
struct view_share {
	int on, c0, c1;
};

/* One step of the drill-down. */
struct view_level {
	struct locator loc;          /* owned: the path to here */
	struct store_filter filter;  /* owned: loc as a filter */
	char *crumb;                 /* owned: label of the last item ("Drugs"), "Home" at the root */
	int screen;                  /* enum view_screen, or -1 for a session's slide */
	struct session_slide layout; /* owned copy, dimensions resolved, auto rows sized, panels left out gone */
	struct view_share share[VIEW_MAX_PANELS];
	int selector;                /* the phases panel the others follow, or -1 */
	int focus;                   /* focused panel */
	struct widget_cursor cur[VIEW_MAX_PANELS];
	int sort[VIEW_MAX_PANELS];
	struct canvas_rect rect[VIEW_MAX_PANELS]; /* where each panel was last drawn (h 0: hidden) */
	struct view_data *data;      /* owned cache, NULL until loaded */
	int mask;                    /* a follower of a session with mask: true: case references and
	                              * places are drawn masked (room_mask_ref, room_mask_place) */
	struct view_changed *changed; /* owned: figures changed by a live refresh; NULL before one */
};

/* Builds a level for loc (copied) on screen: its layout, filter and crumb; the initial
 * selection of a home level is the latest phase.  -1 on failure (message in err). */
int view_level_init(struct view_level *lv, struct store *s, const struct locator *loc, int screen,
                    char *err, size_t errsz);
/* The same for a given slide (a session's): its panels over loc plus the slide's filter. */
int view_level_init_slide(struct view_level *lv, struct store *s, const struct locator *loc,
                          const struct session_slide *slide, char *err, size_t errsz);
void view_level_free(struct view_level *lv);

/* Forgets the cached data so that the next draw queries again (the database changed).
 * Selections are kept by key where the key still exists. */
void view_level_invalidate(struct view_level *lv);

/*
 * A live refresh (another process committed): like view_level_invalidate, but each loaded
 * panel first lists what it shows, so that its next load marks the figures that changed
 * (drawn in ROLE_CHANGED, include/view_changed.h).  now is the caller's clock (seconds).
 */
void view_level_refresh(struct view_level *lv, double now);
/* Ends the marks older than VIEW_CHANGED_HOLD seconds (sets *ended when one did: draw
 * again) and returns when the next one ends, -1 when none is left. */
double view_level_expire(struct view_level *lv, double now, int *ended);

/* What the top and bottom lines say besides the breadcrumbs. */
struct view_chrome {
	const char *db_name;      /* file name of the database */
	const char *title;        /* "Operation Mekong Dragon" */
	const char *as_of;        /* "2025-09-16 09:00", or NULL */
	const char *state;        /* "live ●", "frozen", "stale: database locked" */
	int state_role;
	const char *bottom;       /* message, prompt or NULL for the default hints */
	int bottom_role;
};

/*
 * Draws the level on c (the whole canvas), loading data as needed; levels[0..depth-1] are
 * the levels above it, for the breadcrumbs.  Returns -1 when loading failed (the message
 * is drawn on the canvas and in err); the canvas is always fully drawn.
 */
int view_draw(struct store *s, struct view_level *const *levels, int depth, const struct view_chrome *ch,
              struct canvas *c, char *err, size_t errsz);

/* Places and draws lv's panels in area of c (nothing around them: a presented slide has
 * its own chrome), loading data as needed; -1 with err when loading failed. */
int view_draw_area(struct store *s, struct view_level *lv, struct canvas *c, struct canvas_rect area, char *err,
                   size_t errsz);

/* Whether panel i of lv, as last drawn, shows its content: 0, or 1 with what is lost in why
 * ("bars: 2 of 12 rows", "matrix: 3 row and 0 column labels cut", "kpi: 1 of its figures
 * too small for block digits", "no room at all"). */
int view_panel_fit(const struct view_level *lv, int i, char *why, size_t whysz);

/*
 * The panels that can take focus (drawn with a size), in focus order; returns how many.
 * The order is the panels' place in the layout (row, then column; the file's order where
 * they start at the same place), so that it is the same at every terminal size: a size
 * that leaves a panel out only skips it.
 */
int view_focusable(const struct view_level *lv, int *idx, int max);

/* Tab (dir 1) and Shift-Tab (-1): the focus goes to the next / previous panel, round the
 * screen.  Returns 0 when there is no other panel to go to. */
int view_focus_step(struct view_level *lv, int dir);

/*
 * → (dir 1) and ← (-1): the same as Tab and Shift-Tab, except across a matrix's columns:
 * they move the selected column, and past its last / first column go on to the next /
 * previous panel.  A matrix entered this way selects the column on the side it is
 * entered from (its first with →, its last with ←), so that ← always undoes →.  Returns 0
 * when nothing moved (a screen of one panel).
 */
int view_move_across(struct view_level *lv, int dir);

/* Where the keys differ from panel to panel, for the help screen: the k-th (from 0) panel
 * type that says so, what it is called ("matrix") in *who and how they differ in *how;
 * -1 past the last one. */
int view_keys_note(int k, const char **who, const char **how);
/* The keys that work on lv's focused panel, as the bottom line names them ("↑↓ scroll ·
 * y locator" on a case); static text. */
const char *view_focus_hint(const struct view_level *lv);

/* Moves the focused panel's selection by delta items (rows; columns in a matrix when
 * horizontal) and clamps it. */
void view_move(struct view_level *lv, int delta, int horizontal);

/* Number of items in panel i as last loaded (rows of a list, weeks of a timeline). */
int view_items(const struct view_level *lv, int i);

/*
 * What Enter on the focused panel's selection opens: fills loc (initialised here) with
 * the current path plus the new items and sets *screen; returns 0, or -1 when there is
 * nothing to drill into (message in err).  Needs more pages of a case list? It loads them.
 */
int view_drill_target(struct store *s, struct view_level *lv, struct locator *loc, int *screen,
                      char *err, size_t errsz);

/* Before the selection of case list i moves by delta (view_move: ↓ ↑ PgDn PgUp, the
 * wheel): fetches the pages the move reaches, after the window (delta > 0) or before it
 * (delta < 0; the selection shifts with the cases put before it), plus a few cases of
 * margin, so a move goes as far over a long list as over a loaded one.  Pages are sized
 * to the panel.  Returns the cases added, -1 with err. */
int view_cases_reach(struct store *s, struct view_level *lv, int i, int delta, char *err, size_t errsz);

/* Loads one more page of the case list in panel i; returns the cases added (0 when there
 * are no more), -1 with err on failure. */
int view_more_cases(struct store *s, struct view_level *lv, int i, char *err, size_t errsz);

/* The case list of panel i is a window of the whole list (a long list is never loaded
 * whole).  End (to_end) loads its last page, Home its first, each keyset-paged from that
 * end; the selection goes to the last or first case.  0, or -1 with err. */
int view_cases_jump(struct store *s, struct view_level *lv, int i, int to_end, char *err, size_t errsz);
/* Loads the page before the window (moving up from a window that End opened); returns the
 * cases added before the selection (0 when the window starts the list), -1 with err. */
int view_cases_earlier(struct store *s, struct view_level *lv, int i, char *err, size_t errsz);

/* e: the file proposed for the view's cases, in the current directory
 * ("opdeck-OMD7-wildlife.csv"), into out. */
void view_export_name(const struct view_level *lv, char *out, size_t n);
/* Writes the cases of the view (the focused panel's filter) to path, as JSON when it ends
 * in ".json", else CSV, in the order of the focused case list; *ncases says how many.
 * 0, or -1 with err (the file may then be partly written). */
int view_export(struct store *s, const struct view_level *lv, const char *path, long long *ncases, char *err,
                size_t errsz);

/* Cycles the focused panel's sort and reloads; returns the new mode's name. */
const char *view_sort_next(struct store *s, struct view_level *lv);

/* Panel index under screen cell (x, y) and the item there (-1 if none). */
int view_hit(const struct view_level *lv, int x, int y, int *item);

/* A click at (x, y): focuses the panel there and selects the item (a matrix's cell, a
 * timeline's week) under it.  Returns the panel or -1; *again is set when the item was
 * already selected in the focused panel (a second click drills). */
int view_click(struct view_level *lv, int x, int y, int *again);

/* The filter in words: "phase OMD 7 · category Drugs"; malloc'd. */
char *view_filter_words(struct store *s, const struct store_filter *f);

/* The phase the screen's panels show: the filter's, else the one selected in the screen's
 * phases table (Home: "OMD 7"); malloc'd, NULL when none (a view across phases). */
char *view_phase_shown(const struct view_level *lv);

/* Options of the filter picker: the values of dim under lv's filter with dim left open
 * (and no case), in phase (NULL: over every phase), with their case counts into out;
 * when invented is not NULL, *invented (malloc'd, one per row) marks a count nobody
 * published ("~").  -1 on a store error. */
int view_picker_values(struct store *s, const struct view_level *lv, int dim, const char *phase,
                       struct store_agg *out, unsigned char **invented);

#endif
