/* Private to the view's files (view*.c, panel*.c): the cached data of a level, the layout
 * engine and what the panel types share. */
#ifndef OPDECK_VIEW_INTERNAL_H
#define OPDECK_VIEW_INTERNAL_H

#include "view.h"
#include "view_changed.h"

/*
 * Cells per phase in the phases table's data, for an operation of n top-level categories
 * (the database's, in their order; at most VIEW_MAX_CATS are shown): phase, period,
 * agencies, cases, one per category, arrests, vs previous, figures, then the period with
 * the phase's source ("synthetic · 2024 …") for when the figures column is left out.
 */
#define VIEW_MAX_CATS 8
#define VIEW_PHASE_CELLS(n) ((n) + 8)
#define VIEW_PHASE_ARRESTS(n) ((n) + 4) /* then vs previous, figures, period with source */

/* One panel's data.  Everything is owned and freed by view_pdata_free. */
struct view_pdata {
	int loaded;
	char *phase;                    /* home: the phase this panel was loaded for (owned) */
	struct store_agg agg;           /* bars, timeline, phases (by phase), kpi (totals) */
	struct store_agg cats;          /* phases: every top-level category (key, label), in order */
	struct store_agg col[VIEW_MAX_CATS]; /* phases: by phase per top-level category */
	int ncol;                       /* phases: categories shown, <= VIEW_MAX_CATS */
	struct store_phase *phases;     /* phases table */
	int nphases;
	char **cells;                   /* phases table strings, nrows * ncols */
	long long *col_sum;             /* phases table numbers behind the cells, same shape */
	int synthetic;                  /* phases table: some figures are marked "~" (invented) */
	int ncells;
	long long prev_cases;           /* kpi: the previous phase's cases, -1 if none */
	struct store_agg prev;          /* kpi: the previous phase's totals (prev.total), when prev_cases >= 0 */
	char prev_name[40];
	long long agencies_reporting;   /* kpi */
	char *from, *to;                /* timeline: phase period */
	struct store_case *cases;       /* case list so far (pages appended) */
	int ncases, more;
	struct store_cursor next;
	long long first;                /* case list: position of cases[0] in the whole list */
	long long total;                /* case list: cases in the whole list, -1 if not known */
	int earlier;                    /* case list: cases before the window (after End) */
	int page;                       /* case list: cases fetched at a time, sized to the panel */
	struct store_case kase;         /* case detail */
	int has_case;
	int mrows, mcols;               /* matrix */
	char **mrow_key, **mrow_label, **mcol_key, **mcol_label;
	char **mcol_short;              /* matrix: the columns' short names (NULL items: none) */
	long long *counts;
	char selkey[80];                /* key selected before an invalidation, to find again */
	int cut;                        /* bars, table: rows left out by the panel's limit */
	double cut_value;               /* bars: their sum in the panel's measure */
	int cut_invented;               /* bars: one of them is not a published figure (the sum shows "~") */
	struct store_agg cut_sum;       /* table: their sums per measure, as one row (total) */
	long long *agencies;            /* table: distinct agencies per row (agg.n), NULL when not shown */
	long long agencies_total;
	char **text;                    /* compare: cells, text panels: nothing (drawn from the spec) */
	int ntext;
};

struct view_data {
	struct view_pdata p[VIEW_MAX_PANELS];
};

void view_pdata_free(struct view_pdata *d);

/* Loads all phases into *ph (n of them, freed by the caller) and returns the index of
 * code, -1 when absent, -2 on a store error. */
int view_find_phase(struct store *s, const char *code, struct store_phase **ph, int *n);

/* The first page of case list i (panel_cases' load): what its panel shows plus a margin,
 * and enough to hold a selection made before the load, up to VIEW_CASE_PAGE cases. */
int view_cases_first_page(const struct view_level *lv, int i);

/* Loads (if not loaded) panel i of lv for the effective filter f. -1 with err on failure. */
int view_load_panel(struct store *s, struct view_level *lv, int i, const struct store_filter *f,
                    char *err, size_t errsz);

/* lv's panels in focus order (view_focus.c): by their place in the layout, row then
 * column; with visible, only those drawn with a size.  Returns how many are in idx. */
int view_place_order(const struct view_level *lv, int *idx, int visible);

/* After the panels are placed: a focused panel the size left out hands the focus on to
 * the next one in focus order. */
void view_refocus_hidden(struct view_level *lv);

/* The effective filter of panel i: the level's filter, plus the phase selected in the
 * screen's selector (the phases table) for every other panel.  f is initialised here and
 * must be freed. */
int view_effective_filter(const struct view_level *lv, int i, struct store_filter *f);

/* The key of item `item` in panel i ("" if none), into out. */
void view_item_key(const struct view_level *lv, int i, int item, char *out, size_t outsz);

/* Is word one of the comma-separated items of list (operations.published: "cases,wildlife")? */
int view_listed(const char *list, const char *word);

/* The measure a panel shows: its own, cases when it names none. */
int view_panel_measure(const struct session_panel *p);

/* Aggregates f by dim for measure into a (owned by the caller): for WIDGET_AGENCIES each
 * row's and the total's `cases` become the number of distinct agencies (draw it as cases).
 * -1 on a store error. */
int view_agg_load(struct store *s, const struct store_filter *f, int dim, int measure, struct store_agg *a);
/* Distinct agencies of each row of a (which is by dim under f) into out[a->n], and over
 * the whole filter into *total. */
int view_agg_agencies(struct store *s, const struct store_filter *f, const struct store_agg *a, long long *out,
                      long long *total);
/* Sorts a's rows (enum view_sort) by the measure's value or by name; natural: as is. */
void view_agg_sort(struct store_agg *a, int mode, int measure);
/* Keeps the first limit rows of a (0: all); returns how many went, and (if sum) sums them
 * per field into sum->total. */
int view_agg_cut(struct store_agg *a, int limit, struct store_agg *sum);

/* "sub-category", "agency", ... for titles. */
const char *view_dim_title(int dim);

/* ---- changed figures (view_changed.c) ---- */

/* After panel i loaded: compares what it shows with what it showed before a refresh. */
void view_changed_loaded(struct view_level *lv, int i);
/* The mark of figure key/sub of panel i when a recent refresh changed it, else NULL. */
const struct view_mark *view_changed_mark(const struct view_level *lv, int i, const char *key, const char *sub);
/* By how much a marked figure moved, as a measure (enum widget_measure): "+1", "-2.5 kg";
 * "" when it did not (or m is NULL). */
void view_changed_moved(const struct view_mark *m, int measure, char *out, size_t n);
void view_changed_free(struct view_level *lv);

/* ---- the layout engine (view_layout.c) ---- */

/*
 * Makes lv->layout a copy of slide for lv's filter: layout-only dimensions resolved,
 * layout panels over a fixed dimension left out (lv->share says who takes their width),
 * rows left empty by that dropped, auto rows sized by their panels' types (prepare,
 * which also sets each panel's initial selection), lv->selector found.  -1 with err.
 */
int view_layout_resolve(struct view_level *lv, struct store *s, const struct session_slide *slide, char *err,
                        size_t errsz);
/* Frees what a resolved copy owns. */
void view_slide_free(struct session_slide *l);

/*
 * Places lv's panels in area: rows first take their fixed sizes (a weighted row its
 * minimum); when the area is short, optional rows go (last first), then the rows that
 * are furthest above their minimum shrink one line at a time; what is left goes to the
 * weighted rows by weight.  Columns likewise across the width.  A panel covers its span;
 * hidden panels (every row dropped, or below the area) get h = 0.
 */
void view_layout_place(const struct view_level *lv, struct canvas_rect area, struct canvas_rect *rect);

/* The built-in dashboard layout (src/dashboard.yaml, embedded): one slide per enum view_screen. */
const struct session_slide *view_builtin_screen(int screen);


#endif
