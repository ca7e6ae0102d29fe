/*
 * widget: panels that paint data into a rectangle of a canvas.  Widgets never call
 * curses and never query the store: the caller (view) hands them plain data.
 *
 * Selection and scrolling belong to the caller (the app keeps one widget_cursor per
 * panel so that Backspace restores them); a widget only clamps the cursor to its data
 * and moves `top` so that the selection stays visible at the size it was given.
 * Every string goes through canvas_put (sanitised, width-aware, ellipsis).
 */
#ifndef OPDECK_WIDGET_H
#define OPDECK_WIDGET_H

#include "canvas.h"
#include "store.h"

/* Selection and scroll of one panel. */
struct widget_cursor {
	int sel;  /* selected item (row, bar, tile, week), clamped to [0, n-1]; -1 for none */
	int col;  /* selected column (matrix) */
	int top;  /* first visible row */
};

/* What a bar/number shows. */
enum widget_measure {
	WIDGET_CASES,
	WIDGET_ARRESTS,
	WIDGET_QTY, /* + enum store_unit: WIDGET_QTY + STORE_UNIT_KG is kilograms */
	WIDGET_AGENCIES = WIDGET_QTY + STORE_UNIT_COUNT, /* agencies with a case */
	WIDGET_MEASURE_COUNT
};
/* "cases", "arrests", "kg", "tablets", ..., "agencies": the names session files use;
 * NULL out of range. */
const char *widget_measure_name(int measure);
/* The inverse, -1 when unknown. */
int widget_measure_find(const char *name);
/* The value of a measure in a row. */
double widget_measure_value(const struct store_agg_row *r, int measure);
/* The measure's value formatted for a cell: "1,027", "11.8 t". */
void widget_measure_format(double v, int measure, char *out, size_t outsz);

/* The fixed role of a key of a dimension, the same in every panel: categories have
 * their own colours, agencies one of ROLE_AGENCY_N by a hash of the code, anything
 * else ROLE_BAR. */
int widget_role_for(int dim, const char *key);
/* The role of the category at place pos among the operation's top-level ones
 * (store_agg_row.pos, store_case.category_pos); ROLE_BAR for -1. */
int widget_category_role(int pos);

/* The box of a panel with its title; the focused panel gets ROLE_BORDER_FOCUS (and bold).
 * Returns the inner rectangle (the box's interior, cleared; w and h >= 0).  List widgets
 * given a rect at least 12 wide keep a one-column gutter each side ("│ Drugs … 1,027 │");
 * the left gutter shows "▶" on the selected row of a panel without focus, the right one
 * "▲"/"▼" when a list scrolls. */
struct canvas_rect widget_frame(struct canvas *c, struct canvas_rect r, const char *title, int focused);

/* Horizontal bar chart: "Drugs        ████████████████  1,027", one row per agg row,
 * bars scaled to the largest row, a "total" line at the bottom when show_total and there
 * is room; rows that do not fit are summarised as "… 20 more   467". */
struct widget_bars {
	const struct store_agg *agg;
	int measure;    /* enum widget_measure */
	int show_total;
	int role;       /* every bar in this role; 0 (ROLE_NORMAL): each key's own (widget_role_for) */
	const unsigned char *invented; /* optional, one per agg row: 1 marks the row's figure "~" (not
	                                  a published figure); the total and a summary of hidden rows
	                                  are marked when any row they add up is */
	int more;       /* rows the caller left out (a limit): "… N more" with more_value, on the last line */
	double more_value;
	int more_invented; /* one of the rows left out is not a published figure: more_value shows "~" */
	const char *const *short_labels; /* optional, one per agg row (NULL items: none): shown
	                                    when the label does not fit ("sea ctr", not "sea conta…") */
	const unsigned char *changed; /* optional, one per agg row: 1 draws the row's figure in
	                                 ROLE_CHANGED (a live refresh just changed it) */
	int total_changed;            /* the total's figure in ROLE_CHANGED */
	int more_changed;             /* the rows the caller left out changed: their line's figure
	                                 in ROLE_CHANGED (as when a row summarised there changed) */
};
void widget_bars_draw(struct canvas *c, struct canvas_rect inner, const struct widget_bars *w,
                      struct widget_cursor *cur, int focused);

/* A table with a header row, optional totals row, right-aligned numeric columns and a
 * sort marker (▲/▼) in the sorted column's header. */
struct widget_column {
	const char *title;
	int width;  /* columns; 0 shares the remaining width among such columns */
	int right;  /* right-aligned (numbers) */
};
struct widget_table {
	int ncols;
	const struct widget_column *cols;
	int nrows;
	const char *const *cells;   /* nrows * ncols strings, row-major; NULL cells are empty */
	const int *row_roles;       /* optional: role of each row's first cell */
	const char *const *total;   /* optional: ncols strings for a totals row */
	int sort_col;               /* -1 for none */
	int sort_desc;
	const unsigned char *changed; /* optional: (nrows + 1) * ncols, row-major, the last row for
	                                 the totals: 1 draws the cell in ROLE_CHANGED */
};
void widget_table_draw(struct canvas *c, struct canvas_rect inner, const struct widget_table *t,
                       struct widget_cursor *cur, int focused);

/* Cases per week as a column chart with month labels below and the phase's start and end
 * marked; the selected week is highlighted. weeks->rows are in date order with key = the
 * Monday ("2025-09-08"); weeks without cases are drawn as empty columns.  cur->sel is an
 * index into weeks->rows (so weeks->rows[cur->sel].key is the week to drill into); the
 * empty weeks between rows are not selectable.  From 7 rows up the top line names the
 * selected week ("week of 8 Sep 2025 · 42 cases"). */
/* A labelled span of days: a phase under a timeline across phases ("OMD V"). */
struct widget_span {
	const char *label;
	const char *from, *to;           /* ISO dates */
};
struct widget_timeline {
	const struct store_agg *weeks;
	const char *starts_on, *ends_on; /* ISO dates of the phase, or NULL */
	int invented;                    /* the weeks' counts are not published: "~42 cases" */
	const struct widget_span *spans; /* optional, nspans: across phases (labelled by year), each
	                                    phase's name under its weeks when there is room */
	int nspans;
	const unsigned char *changed;    /* optional, one per weeks row: 1 draws its column in ROLE_CHANGED */
};
void widget_timeline_draw(struct canvas *c, struct canvas_rect inner, const struct widget_timeline *t,
                          struct widget_cursor *cur, int focused);
/* The row of t->weeks drawn under column x of inner (as the last draw placed it), or -1:
 * outside the chart or a week without cases. */
int widget_timeline_hit(struct canvas_rect inner, const struct widget_timeline *t, int x);

/* Rows x columns of counts, each cell shaded by its count relative to the largest
 * (" ░▒▓█" or the number itself when the cell is wide enough); cur->sel is the row and
 * cur->col the column. */
struct widget_matrix {
	int nrows, ncols;
	const char *const *row_labels;
	const char *const *col_labels;
	const long long *counts; /* nrows * ncols, row-major */
	int invented;            /* no count is a published figure: each number shown as "~12" */
	const char *const *col_short; /* optional, ncols (NULL items: none): a column's short name
	                                 ("sea ctr"), shown when its label does not fit the cell; one
	                                 that does not fit either splits over two header lines */
	const unsigned char *changed; /* optional, nrows * ncols: 1 draws the cell in ROLE_CHANGED */
};
void widget_matrix_draw(struct canvas *c, struct canvas_rect inner, const struct widget_matrix *m,
                        struct widget_cursor *cur, int focused);
/* What a matrix loses at that size, from the same geometry as the draw: row labels cut
 * ("sea …"), column labels cut among the columns shown, the columns and rows shown. */
struct widget_matrix_fit {
	int row_labels_cut, col_labels_cut, cols_shown, rows_shown;
};
void widget_matrix_fit(struct canvas_rect inner, const struct widget_matrix *m, struct widget_matrix_fit *out);
/* The cell under (x, y) as drawn with cur: 0 with *row and *col (-1 on the row label),
 * or -1 when (x, y) is on the header or past the rows. */
int widget_matrix_hit(struct canvas_rect inner, const struct widget_matrix *m, const struct widget_cursor *cur,
                      int x, int y, int *row, int *col);

/* KPI tiles side by side: a label, a big number, and the change against the previous
 * phase ("▲ +26 %" in ROLE_DELTA_UP, "▼ −5 %" in ROLE_DELTA_DOWN).  Tiles are at least 16
 * columns wide and wrap to further rows; a tile of 5+ rows draws a value made of digits,
 * ',' and '.' in a 3-row block font (not on ASCII canvases).  The tiles are one item
 * (cur->sel 0): focused, every tile's label is shown selected. */
struct widget_kpi {
	const char *label;  /* "cases" */
	const char *value;  /* "1,155" */
	const char *delta;  /* "+26 % vs OMD V", or NULL */
	int delta_dir;      /* +1 up, -1 down, 0 none */
	int changed;        /* the value in ROLE_CHANGED (a live refresh just changed it) */
	const char *moved;  /* with changed: by how much ("+1"), after the label; or NULL */
	const char *label_short; /* shown when the label would be cut ("wildlife weight"), or NULL */
};
void widget_kpis_draw(struct canvas *c, struct canvas_rect inner, const struct widget_kpi *k, int n,
                      struct widget_cursor *cur, int focused);
/* How many of the tiles whose value is made of digits would not get block digits at
 * that size (too short or too narrow): for `opdeck check --size`. */
int widget_kpis_small(struct canvas_rect inner, const struct widget_kpi *k, int n);

/* A page of cases, one per row: date, ref, agency, category › sub-category, the case's
 * totals per unit, transport, location; columns are dropped from the right as the width shrinks.
 * When more is set a last row says "more below…". */
void widget_cases_draw(struct canvas *c, struct canvas_rect inner, const struct store_case *cases,
                       int n, int more, struct widget_cursor *cur, int focused);

/* A window of a case list as a cases panel shows it: a header row naming the columns and
 * saying where the rows sit in the whole list ("19–36 of 1,155"), then the rows.  The
 * cursor indexes the window.  widget_cases_draw is this with first 0 and no total. */
struct widget_case_list {
	const struct store_case *cases; /* borrowed: the loaded window */
	int n;
	long long first;                /* position of cases[0] in the whole list, from 0 */
	long long total;                /* cases in the whole list; -1 when not known */
	int more;                       /* cases follow the window */
	const char *hide_category;      /* the category the list is filtered to: rows show only
	                                   the sub-category; NULL shows both */
	const char *hide_subcategory;   /* the sub-category (code) the list is filtered to, and */
	const char *hide_agency;        /* the agency (code): their column, which every row would
	                                   repeat, is left out (NULL: shown) */
	/* optional: the short name of a value (store_short_name), for a transport that does
	 * not fit its column ("sea ctr", not "sea con…"); NULL: cut */
	const char *(*short_name)(int dim, const char *value);
	const unsigned char *changed;   /* optional, one per case: 1 draws its date and reference in
	                                   ROLE_CHANGED (a new or corrected case) */
};
void widget_case_list_draw(struct canvas *c, struct canvas_rect inner, const struct widget_case_list *l,
                           struct widget_cursor *cur, int focused);

/* One case, every field and seizure, long text wrapped; cur->top scrolls. */
void widget_case_draw(struct canvas *c, struct canvas_rect inner, const struct store_case *k,
                      struct widget_cursor *cur);

/* A centred overlay box listing keys and what they do, in sections (an entry whose
 * keys is NULL starts a section titled by its text). */
struct widget_help_entry {
	const char *keys;  /* "Enter", "n / PgDn"; NULL for a section heading */
	const char *text;
};
void widget_help_draw(struct canvas *c, const char *title, const struct widget_help_entry *e, int n,
                      struct widget_cursor *cur);

/* A centred one-line message box over whatever is drawn ("no cases match", errors). */
void widget_message_draw(struct canvas *c, const char *title, const char *text, int role);

/* A centred box of text over whatever is drawn, left-aligned and wrapped to the box and
 * never cut: paragraphs split at newlines, lines break at spaces and after a '/' (a
 * locator), a word longer than the line between characters; the box grows to the lines
 * (up to the canvas), hint (may be NULL) on its last line.  y's locator. */
void widget_note_draw(struct canvas *c, const char *title, const char *text, const char *hint, int role);

/* Word-wraps s (sanitised) into lines of at most w columns; returns the number of lines
 * and, when lines is not NULL, stores up to max malloc'd lines (the caller frees them;
 * an entry is NULL if its allocation failed).  Newlines break paragraphs; a word longer
 * than w is cut between characters; a wide character never fits w == 1 and gets a line
 * of its own. */
int widget_wrap(const char *s, int w, char **lines, int max);

#endif
