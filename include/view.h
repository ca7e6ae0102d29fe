/*
 * view: screens made of panels.  A screen is a layout (plain structs: grid rows of
 * panels, each panel a widget over a dimension and a measure); the default dashboard's
 * screens are built here from the drill-down state, and review sessions will fill the
 * same structs from YAML.  The view loads each panel's data from the store (caching it
 * per level until the database changes) and paints widgets into a canvas.
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

#define VIEW_MAX_PANELS 10
#define VIEW_MAX_ROWS 6
#define VIEW_MIN_COLS 60
#define VIEW_MIN_ROWS 16

enum view_screen {
	VIEW_HOME,  /* all phases, then the selected phase's panels */
	VIEW_DRILL, /* panels over the dimensions the filter leaves open */
	VIEW_CASES, /* the cases of the filter, full screen */
	VIEW_CASE   /* one case */
};

enum view_panel_type {
	VIEW_PANEL_PHASES,   /* table of all phases */
	VIEW_PANEL_KPI,      /* cases, arrests, kg, tablets, agencies reporting */
	VIEW_PANEL_BARS,     /* dim */
	VIEW_PANEL_TIMELINE, /* cases per week */
	VIEW_PANEL_MATRIX,   /* dim x dim2 */
	VIEW_PANEL_CASES,    /* case list */
	VIEW_PANEL_CASE      /* case detail */
};

struct view_panel_spec {
	int type;     /* enum view_panel_type */
	int dim;      /* enum store_dim grouped by (bars, matrix rows) */
	int dim2;     /* matrix columns */
	int measure;  /* enum widget_measure */
	int row;      /* grid row */
	int weight;   /* share of the row's width */
};

struct view_grid_row {
	int height;   /* rows including borders; 0 shares what is left */
	int min;      /* smallest useful height of a sharing row */
	int optional; /* dropped first when the screen is short */
};

struct view_layout {
	int nrows;
	struct view_grid_row row[VIEW_MAX_ROWS];
	int npanels;
	struct view_panel_spec panel[VIEW_MAX_PANELS];
};

/* Sort modes of a panel: bars and tables cycle natural → value → name; case lists use
 * enum store_order. */
enum view_sort { VIEW_SORT_NATURAL, VIEW_SORT_VALUE, VIEW_SORT_NAME, VIEW_SORT_COUNT };

struct view_data; /* a level's loaded panel data, private to the view */

/* One step of the drill-down. */
struct view_level {
	struct locator loc;          /* owned: the path to here */
	struct store_filter filter;  /* owned: loc as a filter */
	char *crumb;                 /* owned: label of the last item ("Drugs"), "Home" at the root */
	int screen;                  /* enum view_screen */
	struct view_layout layout;
	int focus;                   /* focused panel */
	struct widget_cursor cur[VIEW_MAX_PANELS];
	int sort[VIEW_MAX_PANELS];
	struct canvas_rect rect[VIEW_MAX_PANELS]; /* where each panel was last drawn (h 0: hidden) */
	struct view_data *data;      /* owned cache, NULL until loaded */
};

/* Builds a level for loc (copied) on screen: its layout, filter and crumb; the initial
 * selection of a home level is the latest phase.  -1 on failure (message in err). */
int view_level_init(struct view_level *lv, struct store *s, const struct locator *loc, int screen,
                    char *err, size_t errsz);
void view_level_free(struct view_level *lv);

/* Forgets the cached data so that the next draw queries again (the database changed).
 * Selections are kept by key where the key still exists. */
void view_level_invalidate(struct view_level *lv);

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

/* The panels that can take focus (drawn with a size), in order; returns how many. */
int view_focusable(const struct view_level *lv, int *idx, int max);

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

/* Loads one more page of the case list in panel i; returns the cases added (0 when there
 * are no more), -1 with err on failure. */
int view_more_cases(struct store *s, struct view_level *lv, int i, char *err, size_t errsz);

/* Cycles the focused panel's sort and reloads; returns the new mode's name. */
const char *view_sort_next(struct store *s, struct view_level *lv);

/* Panel index under screen cell (x, y) and the item there (-1 if none). */
int view_hit(const struct view_level *lv, int x, int y, int *item);

/* The filter in words: "phase OMD 7 · category Drugs"; malloc'd. */
char *view_filter_words(struct store *s, const struct store_filter *f);

/* Options of the filter picker: the values of dim under lv's filter (with counts). */
int view_picker_values(struct store *s, const struct view_level *lv, int dim, struct store_agg *out);

#endif
