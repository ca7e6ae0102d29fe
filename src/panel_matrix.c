/*
 * panel_matrix: cases by two dimensions (rows by, columns by2), each cell shaded by its
 * count; the arrows move across cells, a click selects the cell under it, Enter drills
 * into both keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "xmalloc.h"

static int check(const struct session_panel *p, char *err, size_t errsz)
{
	if (p->dim < 0 || p->dim2 < 0) {
		snprintf(err, errsz, "a matrix panel needs 'by' (its rows) and 'by2' (its columns)");
		return -1;
	}
	if (p->dim == p->dim2) {
		snprintf(err, errsz, "a matrix panel needs two different dimensions in 'by' and 'by2'");
		return -1;
	}
	return 0;
}

static char *dup(const char *s)
{
	return xstrdup(s ? s : "");
}

/* A short name, or NULL for none. */
static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* dim rows x dim2 columns: the rows and columns in their natural order from two
 * aggregates, the counts from one crosstab. */
static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	int dim = lv->layout.panels[i].dim, dim2 = lv->layout.panels[i].dim2;
	struct store_agg rows = { 0 }, cols = { 0 };
	struct store_pairs pairs = { 0 };
	int rc = -1;

	if (panel_load_phases(s, d) < 0)
		return -1;

	(void)err, (void)errsz;
	if (store_aggregate(s, f, dim, &rows) < 0 || store_aggregate(s, f, dim2, &cols) < 0 ||
	    store_crosstab(s, f, dim, dim2, &pairs) < 0)
		goto out;
	d->mrows = rows.n;
	d->mcols = cols.n;
	d->mrow_key = xcalloc((size_t)rows.n + 1, sizeof(char *));
	d->mrow_label = xcalloc((size_t)rows.n + 1, sizeof(char *));
	d->mcol_key = xcalloc((size_t)cols.n + 1, sizeof(char *));
	d->mcol_label = xcalloc((size_t)cols.n + 1, sizeof(char *));
	d->mcol_short = xcalloc((size_t)cols.n + 1, sizeof(char *));
	d->counts = xcalloc((size_t)rows.n * (size_t)cols.n + 1, sizeof(long long));
	for (int r = 0; r < rows.n; r++) {
		d->mrow_key[r] = dup(rows.rows[r].key);
		d->mrow_label[r] = dup(rows.rows[r].label);
	}
	for (int c = 0; c < cols.n; c++) {
		d->mcol_key[c] = dup(cols.rows[c].key);
		d->mcol_label[c] = dup(cols.rows[c].label);
		/* narrow columns: "sea ctr", "air pax" keep their meaning where "sea …" would not */
		d->mcol_short[c] = dup_or_null(store_short_name(dim2, cols.rows[c].key));
	}
	/* Rows and columns are a few dozen at most: a linear search per pair is fine. */
	for (int k = 0; k < pairs.n; k++) {
		int r = 0, c = 0;
		while (r < rows.n && strcmp(rows.rows[r].key, pairs.pairs[k].row) != 0)
			r++;
		while (c < cols.n && strcmp(cols.rows[c].key, pairs.pairs[k].col) != 0)
			c++;
		if (r < rows.n && c < cols.n)
			d->counts[r * cols.n + c] = pairs.pairs[k].cases;
	}
	rc = 0;
out:
	store_agg_free(&rows);
	store_agg_free(&cols);
	store_pairs_free(&pairs);
	return rc;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	const struct session_panel *ps = &lv->layout.panels[i];
	char dflt[96];

	(void)f;
	snprintf(dflt, sizeof dflt, "%s × %s", view_dim_title(ps->dim), view_dim_title(ps->dim2));
	panel_title_or(lv, i, dflt, out, n);
}

static struct widget_matrix matrix_of(const struct view_pdata *d)
{
	return (struct widget_matrix){ d->mrows, d->mcols, (const char *const *)d->mrow_label,
	                               (const char *const *)d->mcol_label, d->counts, 0,
	                               (const char *const *)d->mcol_short, NULL };
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	const struct view_pdata *d = &lv->data->p[i];
	const struct session_panel *ps = &lv->layout.panels[i];
	struct widget_matrix m = matrix_of(d);

	/* A cell is f narrowed by both keys: marked when any cell's figure is not published
	 * (in the sample, every pair with an agency or a transport). */
	for (int r = 0; r < d->mrows && !m.invented; r++)
		for (int k = 0; k < d->mcols && !m.invented; k++) {
			struct store_filter g;
			store_filter_init(&g);
			if (store_filter_copy(&g, f) == 0 && store_filter_set(&g, ps->dim, d->mrow_key[r]) == 0)
				m.invented = panel_invented(d, &g, ps->dim2, d->mcol_key[k], WIDGET_CASES,
				                            (double)d->counts[(size_t)r * d->mcols + k]);
			store_filter_free(&g);
		}
	/* the cells a live refresh just changed */
	unsigned char *moved = xcalloc((size_t)d->mrows * (size_t)d->mcols + 1, 1);
	for (int r = 0; r < d->mrows; r++)
		for (int k = 0; k < d->mcols; k++)
			moved[(size_t)r * d->mcols + k] = view_changed_mark(lv, i, d->mrow_key[r], d->mcol_key[k]) != NULL;
	m.changed = moved;
	widget_matrix_draw(c, in, &m, &lv->cur[i], focused);
	free(moved);
}

/* Each cell's count by its row's key and its column's. */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];

	for (int r = 0; r < d->mrows; r++)
		for (int k = 0; k < d->mcols; k++)
			view_figures_add(out, d->mrow_key[r], d->mcol_key[k], (double)d->counts[(size_t)r * d->mcols + k]);
}

/* Labels cut to "sea …", columns or rows that do not fit. */
static int fit(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n)
{
	const struct view_pdata *d = &lv->data->p[i];
	struct widget_matrix m = matrix_of(d);
	struct widget_matrix_fit f;

	widget_matrix_fit(in, &m, &f);
	if (d->mrows == 0)
		return 0;
	if (f.row_labels_cut || f.col_labels_cut)
		snprintf(why, n, "matrix: %d row and %d column labels cut", f.row_labels_cut, f.col_labels_cut);
	else if (f.cols_shown < d->mcols)
		snprintf(why, n, "matrix: %d of %d columns", f.cols_shown, d->mcols);
	else
		return panel_fit_rows(lv, i, f.rows_shown, d->mrows, why, n);
	return 1;
}

static int items(const struct view_level *lv, int i)
{
	return lv->data->p[i].mrows;
}

static void key(const struct view_level *lv, int i, int item, char *out, size_t n)
{
	const struct view_pdata *d = &lv->data->p[i];
	snprintf(out, n, "%s", item >= 0 && item < d->mrows ? d->mrow_key[item] : "");
}

/* The cell under the click (on the row label: that row, the column as it was). */
static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	struct widget_matrix m = matrix_of(&lv->data->p[i]);
	int row, col;

	if (widget_matrix_hit(in, &m, &lv->cur[i], x, y, &row, &col) < 0)
		return -1;
	at->sel = row;
	at->col = col >= 0 ? col : lv->cur[i].col;
	return 0;
}

static void move(struct view_level *lv, int i, int delta, int horizontal)
{
	struct widget_cursor *cur = &lv->cur[i];
	int n = horizontal ? lv->data->p[i].mcols : lv->data->p[i].mrows;
	int *at = horizontal ? &cur->col : &cur->sel;

	*at += delta;
	if (*at >= n)
		*at = n - 1;
	if (*at < 0)
		*at = horizontal || n > 0 ? 0 : -1;
}

/* ← → go across the columns before they pass on to the next panel (the one exception
 * to "← → change panel": a matrix is read across as much as down). */
static int columns(const struct view_level *lv, int i)
{
	return lv->data->p[i].mcols;
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	const struct session_panel *ps = &lv->layout.panels[i];
	const struct view_pdata *d = &lv->data->p[i];
	int sel = lv->cur[i].sel, col = lv->cur[i].col;

	if (sel < 0 || sel >= d->mrows || col < 0 || col >= d->mcols) {
		snprintf(err, errsz, "nothing selected");
		return -1;
	}
	*screen = VIEW_DRILL;
	if (locator_push(loc, ps->dim, d->mrow_key[sel]) < 0 || locator_push(loc, ps->dim2, d->mcol_key[col]) < 0) {
		snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
		return -1;
	}
	return 0;
}

const struct view_panel_type panel_matrix = {
	.name = "matrix",
	.hint = "↑↓ row · ←→ column · Enter drill",
	.options = VIEW_OPT_BY | VIEW_OPT_BY2,
	.check = check,
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = items,
	.key = key,
	.hit = hit,
	.move = move,
	.columns = columns,
	.drill = drill,
	.fit = fit,
	.keys_who = "matrix",
	.keys_how = "(agency × category) ← → move across its columns, past the last (first) one to "
	            "the next (previous) panel; Tab passes it in one step",
};
