/*
 * panel: the panel types, one table entry each (STYLE 11).  Private to the view's files.
 *
 * A type says which session keys it accepts, checks a panel's options beyond those keys,
 * prepares a level (initial selection, natural height), loads its data from the store into
 * the level's cache, titles and draws itself, counts and names its items, maps a click to
 * an item, moves its selection, cycles its sort and says what Enter opens.  The view calls
 * these through view_panel_types[] and knows no type by name: a new type is a file
 * src/panel_NAME.c and a row in the table in src/panel.c.
 *
 * Every hook gets the level and the panel's index i; the panel's spec is
 * lv->layout.panels[i], its cache lv->data->p[i], its cursor lv->cur[i].  A NULL hook
 * means the default documented next to it.
 */
#ifndef OPDECK_PANEL_H
#define OPDECK_PANEL_H

#include "view_internal.h"

/* The session keys a panel may carry besides type, title, place, span and filter. */
enum view_panel_option {
	VIEW_OPT_BY = 1 << 0,
	VIEW_OPT_BY2 = 1 << 1,
	VIEW_OPT_MEASURE = 1 << 2,
	VIEW_OPT_SORT = 1 << 3,
	VIEW_OPT_LIMIT = 1 << 4,
	VIEW_OPT_TEXT = 1 << 5,
	VIEW_OPT_COMPARE = 1 << 6
};

struct view_panel_type {
	const char *name;  /* as written in session files: "bars" */
	unsigned options;  /* enum view_panel_option: the keys it accepts */
	int skip_focus;    /* the first focus of a screen goes past it (the KPI tiles open nothing new) */
	int selector;      /* the screen's other panels follow its selected phase (the phases table) */
	const char *const *sorts; /* names of its sort modes in session files, nsorts of them */
	int nsorts;

	/* Options that are missing or contradict each other ("a matrix needs by2"): -1 and a
	 * message (the loader adds the position).  NULL: any combination of its keys is fine. */
	int (*check)(const struct session_panel *p, char *err, size_t errsz);
	/* At level init: the initial selection, and the natural height of the panel (rows with
	 * its borders, and the least useful one) for an auto grid row.  NULL: no natural height. */
	int (*prepare)(struct store *s, struct view_level *lv, int i, int *rows, int *min, char *err, size_t errsz);
	/* Loads the panel's data for the effective filter f into lv->data->p[i]; -1 with err
	 * (empty err: the store's message is used). */
	int (*load)(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
	            size_t errsz);
	/* The title when the panel has none of its own (the view adds the phase it follows). */
	void (*title)(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n);
	/* Paints the loaded data inside the frame. */
	void (*draw)(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i,
	             const struct store_filter *f, int focused);
	/* Selectable items (rows, weeks); NULL: none. */
	int (*items)(const struct view_level *lv, int i);
	/* The key of an item ("drugs", a case reference), to find it again after a reload; NULL: "". */
	void (*key)(const struct view_level *lv, int i, int item, char *out, size_t n);
	/* The item under (x, y) inside the frame in: 0 with at->sel (and at->col), -1 for none.
	 * NULL: no items to click. */
	int (*hit)(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at);
	/* Moves the selection by delta (horizontal: across columns).  NULL: rows, clamped. */
	void (*move)(struct view_level *lv, int i, int delta, int horizontal);
	/* The stops ← → make inside the panel before they pass on to the previous / next
	 * panel: a matrix's columns (lv->cur[i].col is the one selected; move with horizontal
	 * moves it).  NULL: none, ← → go straight to the next panel as on every panel. */
	int (*columns)(const struct view_level *lv, int i);
	/* Where the keys on this type differ from every other panel's, for the help screen:
	 * what the user calls it ("matrix") and how they differ.  NULL: they do not. */
	const char *keys_who, *keys_how;
	/* The keys that work on it, for the bottom line while it has the focus, shortest
	 * first-hour words ("↑↓ move · Enter open · End last"): the line adds Backspace,
	 * Tab and help as they fit.  NULL: "↑↓ move · Enter drill". */
	const char *hint;
	/* What Enter opens: appends to loc (the level's path, plus the phase it follows) and
	 * sets *screen; -1 with err when there is nothing to open. */
	int (*drill)(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz);
	/* Cycles the sort mode in lv->sort[i] and returns its name; NULL: a fixed order. */
	const char *(*sort_next)(struct view_level *lv, int i);
	/* The figures the loaded data show, by key (a bar: its key; a cell: its row's key and
	 * column), for the highlight of what a live refresh changed (view_changed.h); its draw
	 * asks view_changed_mark with the same keys.  NULL: nothing is highlighted. */
	void (*figures)(const struct view_level *lv, int i, struct view_figures *out);
	/* Whether the loaded data shows in the frame's inside in (for `opdeck check --size`
	 * and a session opening): 0, or 1 with what is lost in why ("bars: 2 of 12 rows").
	 * NULL: whatever the size, nothing that matters is lost. */
	int (*fit)(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n);
};

/* indexed by enum view_panel_id. */
extern const struct view_panel_type *const view_panel_types[VIEW_PANEL_COUNT];

extern const struct view_panel_type panel_phases, panel_kpi, panel_bars, panel_timeline, panel_matrix,
	panel_cases, panel_case, panel_table, panel_text, panel_compare,
	panel_silent;

/* The type of panel i of lv. */
const struct view_panel_type *panel_type(const struct view_level *lv, int i);

/* Helpers the types share (src/panel.c). */
/* The panel's own title if it has one, else dflt, into out. */
void panel_title_or(const struct view_level *lv, int i, const char *dflt, char *out, size_t n);
/* A list that shows `shown` of its n rows lost some when fewer than it should have: fewer
 * than the panel's limit (when it has one), or fewer than three.  1 with why set. */
int panel_fit_rows(const struct view_level *lv, int i, int shown, int n, char *why, size_t whysz);
/* The items and keys of a panel whose rows are its aggregate's (d->agg): bars, table,
 * timeline, silent agencies. */
int panel_agg_items(const struct view_level *lv, int i);
void panel_agg_key(const struct view_level *lv, int i, int item, char *out, size_t n);
/* A row hit: item under y in a list whose rows start at in.y + header, scrolled by top. */
int panel_hit_rows(const struct view_level *lv, int i, struct canvas_rect in, int header, int y,
                   struct widget_cursor *at);
/* The phases with what each published (store_phases) into d->phases, once per load, for
 * panel_invented; -1 on a store error. */
int panel_load_phases(struct store *s, struct view_pdata *d);
/*
 * 1 when a figure on the screen is not a published one and is shown "~": measure (enum
 * widget_measure) with value, counted under f narrowed to dim = key (dim < 0: f itself).
 * A figure over several phases is published only when none of them marks figures (real
 * returns); "agencies" here are the agencies with a case, which nobody published.
 */
int panel_invented(const struct view_pdata *d, const struct store_filter *f, int dim, const char *key, int measure,
                   double value);
/* A measure's value for a table cell: as widget_measure_format, without the unit a
 * column header already names ("1.7 M", not "1.7 M tablets"; kg keeps "t" or "kg"). */
void panel_cell(double v, int measure, char *out, size_t n);
/* Drill on an aggregate row: the panel's dimension = the selected item's key. */
int panel_drill_dim(struct view_level *lv, int i, int dim, struct locator *loc, int *screen, char *err,
                    size_t errsz);

#endif
