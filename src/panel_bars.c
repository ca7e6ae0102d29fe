/*
 * panel_bars: one dimension as horizontal bars ("Drugs ████ 1,027") in a measure, in the
 * natural order, largest first or by name (s cycles); a limit keeps the top N and sums
 * the rest on a line "… N more".  Enter drills into the selected bar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "text.h"
#include "xmalloc.h"

static int check(const struct session_panel *p, char *err, size_t errsz)
{
	if (p->dim < 0) {
		snprintf(err, errsz, "a %s panel needs 'by' (the dimension it groups by)", view_panel_type_name(p->type));
		return -1;
	}
	return 0;
}

/* A limit means the top N: largest first unless the panel names its sort. */
static int prepare(struct store *s, struct view_level *lv, int i, int *rows, int *min, char *err, size_t errsz)
{
	const struct session_panel *p = &lv->layout.panels[i];

	(void)s, (void)rows, (void)min, (void)err, (void)errsz;
	if (p->sort < 0 && p->limit > 0)
		lv->sort[i] = VIEW_SORT_VALUE;
	return 0;
}

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct view_pdata *d = &lv->data->p[i];
	int measure = view_panel_measure(p);
	struct store_agg rest = { 0 };

	(void)err, (void)errsz;
	if (view_agg_load(s, f, p->dim, measure, &d->agg) < 0 || panel_load_phases(s, d) < 0)
		return -1;
	view_agg_sort(&d->agg, lv->sort[i], measure);
	/* The rows the limit leaves out are summed on "… N more": an unpublished one marks the sum. */
	d->cut_invented = 0;
	for (int k = p->limit; p->limit > 0 && k < d->agg.n; k++)
		d->cut_invented |= panel_invented(d, f, p->dim, d->agg.rows[k].key, measure,
		                                  widget_measure_value(&d->agg.rows[k], measure));
	d->cut = view_agg_cut(&d->agg, p->limit, &rest);
	d->cut_value = widget_measure_value(&rest.total, measure == WIDGET_AGENCIES ? WIDGET_CASES : measure);
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	const struct session_panel *p = &lv->layout.panels[i];
	int measure = view_panel_measure(p);
	char dflt[96];

	(void)f;
	if (measure == WIDGET_CASES)
		snprintf(dflt, sizeof dflt, "by %s", view_dim_title(p->dim));
	else
		snprintf(dflt, sizeof dflt, "%s by %s", widget_measure_name(measure), view_dim_title(p->dim));
	panel_title_or(lv, i, dflt, out, n);
	/* after s, the title says the order the bars are in */
	if (lv->sort[i] == VIEW_SORT_VALUE || lv->sort[i] == VIEW_SORT_NAME) {
		size_t len = strlen(out);
		snprintf(out + len, n > len ? n - len : 0, " · %s", lv->sort[i] == VIEW_SORT_VALUE ? "largest first" : "by name");
	}
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	const struct session_panel *ps = &lv->layout.panels[i];
	const struct view_pdata *d = &lv->data->p[i];
	int measure = view_panel_measure(ps);
	unsigned char *inv = calloc((size_t)d->agg.n + 1, 1);
	const char **shorts = xcalloc((size_t)d->agg.n + 1, sizeof *shorts);
	struct widget_bars b = { .agg = &d->agg,
		                 .measure = measure == WIDGET_AGENCIES ? WIDGET_CASES : measure,
		                 .show_total = ps->dim == STORE_DIM_CATEGORY,
		                 .invented = inv,
		                 .more = d->cut,
		                 .more_value = d->cut_value,
		                 .more_invented = d->cut_invented,
		                 .short_labels = shorts };

	/* Each bar's figure judged as published or not ("~"), under the panel's filter. */
	for (int k = 0; inv && k < d->agg.n; k++)
		inv[k] = (unsigned char)panel_invented(d, f, ps->dim, d->agg.rows[k].key, measure,
		                                       widget_measure_value(&d->agg.rows[k], measure));
	/* Figures a live refresh just changed, by key (the order may have changed too). */
	unsigned char *moved = xcalloc((size_t)d->agg.n + 1, 1);
	for (int k = 0; k < d->agg.n; k++)
		moved[k] = view_changed_mark(lv, i, d->agg.rows[k].key, NULL) != NULL;
	b.changed = moved;
	b.total_changed = view_changed_mark(lv, i, "", "total") != NULL;
	b.more_changed = view_changed_mark(lv, i, "", "more") != NULL;
	/* Sub-categories take their category's colour, as everywhere else (the rows carry
	 * their category's place). */
	if (ps->dim == STORE_DIM_SUBCATEGORY && f->value[STORE_DIM_CATEGORY] && d->agg.n > 0)
		b.role = widget_category_role(d->agg.rows[0].pos);
	for (int k = 0; k < d->agg.n; k++)
		shorts[k] = store_short_name(ps->dim, d->agg.rows[k].key);
	widget_bars_draw(c, in, &b, &lv->cur[i], focused);
	free(inv);
	free(shorts);
	free(moved);
}

/* Each bar's figure by its key, and the total. */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];
	int measure = view_panel_measure(&lv->layout.panels[i]);

	measure = measure == WIDGET_AGENCIES ? WIDGET_CASES : measure; /* view_agg_load put them there */
	for (int k = 0; k < d->agg.n; k++)
		view_figures_add(out, d->agg.rows[k].key, NULL, widget_measure_value(&d->agg.rows[k], measure));
	view_figures_add(out, "", "total", widget_measure_value(&d->agg.total, measure));
	view_figures_add(out, "", "more", d->cut_value); /* the rows a limit left out, together */
}

/* The rows the bars get: the total takes the last line of a category panel. */
static int fit(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n)
{
	int lines = in.h - (lv->layout.panels[i].dim == STORE_DIM_CATEGORY && in.h >= 2);
	int rows = lv->data->p[i].agg.n;

	return panel_fit_rows(lv, i, rows <= lines ? rows : lines - 1, rows, why, n);
}

static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 0, y, at);
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	return panel_drill_dim(lv, i, lv->layout.panels[i].dim, loc, screen, err, errsz);
}

static const char *sort_next(struct view_level *lv, int i)
{
	static const char *names[VIEW_SORT_COUNT] = { "natural order", "largest first", "by name" };

	lv->sort[i] = (lv->sort[i] + 1) % VIEW_SORT_COUNT;
	return names[lv->sort[i]];
}

/* enum view_sort, as session files name them */
static const char *const sorts[VIEW_SORT_COUNT] = { "natural", "value", "name" };

const struct view_panel_type panel_bars = {
	.name = "bars",
	.hint = "↑↓ move · Enter drill · s sort",
	.options = VIEW_OPT_BY | VIEW_OPT_MEASURE | VIEW_OPT_SORT | VIEW_OPT_LIMIT,
	.sorts = sorts,
	.nsorts = VIEW_SORT_COUNT,
	.check = check,
	.prepare = prepare,
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = panel_agg_items,
	.key = panel_agg_key,
	.hit = hit,
	.drill = drill,
	.sort_next = sort_next,
	.fit = fit,
};

/* ---- table: a dimension with its measures as columns ------------------------------- */

/* The measures a table shows: cases, arrests, agencies (unless by agency), and every unit
 * with a quantity in the data. */
static int table_measures(const struct view_level *lv, int i, int *m)
{
	const struct view_pdata *d = &lv->data->p[i];
	int n = 0;

	m[n++] = WIDGET_CASES;
	m[n++] = WIDGET_ARRESTS;
	if (d->agencies)
		m[n++] = WIDGET_AGENCIES;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		if (d->agg.total.qty[u] > 0)
			m[n++] = WIDGET_QTY + u;
	return n;
}

static int table_load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                      size_t errsz)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct view_pdata *d = &lv->data->p[i];
	int measure = view_panel_measure(p);

	(void)err, (void)errsz;
	if (store_aggregate(s, f, p->dim, &d->agg) < 0 || panel_load_phases(s, d) < 0)
		return -1;
	if (p->dim != STORE_DIM_AGENCY) {
		d->agencies = xcalloc((size_t)d->agg.n + 1, sizeof *d->agencies);
		if (view_agg_agencies(s, f, &d->agg, d->agencies, &d->agencies_total) < 0)
			return -1;
	}
	/* Sorting by agencies: the counts go along with their rows. */
	if (measure == WIDGET_AGENCIES && d->agencies && lv->sort[i] == VIEW_SORT_VALUE) {
		for (int k = 1; k < d->agg.n; k++)
			for (int j = k; j > 0 && d->agencies[j] > d->agencies[j - 1]; j--) {
				struct store_agg_row r = d->agg.rows[j];
				long long a = d->agencies[j];
				d->agg.rows[j] = d->agg.rows[j - 1], d->agencies[j] = d->agencies[j - 1];
				d->agg.rows[j - 1] = r, d->agencies[j - 1] = a;
			}
	} else if (d->agencies && lv->sort[i] != VIEW_SORT_NATURAL) {
		/* sort indices with the rows: pair them through the key */
		struct store_agg copy = d->agg;
		long long *old = d->agencies;
		char **keys = xcalloc((size_t)copy.n + 1, sizeof *keys);
		for (int k = 0; k < copy.n; k++)
			keys[k] = copy.rows[k].key;
		view_agg_sort(&d->agg, lv->sort[i], measure);
		d->agencies = xcalloc((size_t)d->agg.n + 1, sizeof *d->agencies);
		for (int k = 0; k < d->agg.n; k++)
			for (int j = 0; j < copy.n; j++)
				if (keys[j] == d->agg.rows[k].key)
					d->agencies[k] = old[j];
		free(keys);
		free(old);
	} else {
		view_agg_sort(&d->agg, lv->sort[i], measure);
	}
	/* Which measures of the rows the limit leaves out are not published: the "… N more"
	 * row sums them, so its cell in that column carries "~" (bit m of cut_invented). */
	int m[WIDGET_MEASURE_COUNT], nm = table_measures(lv, i, m);
	d->cut_invented = 0;
	for (int k = p->limit; p->limit > 0 && k < d->agg.n; k++)
		for (int j = 0; j < nm; j++)
			if (m[j] != WIDGET_AGENCIES &&
			    panel_invented(d, f, p->dim, d->agg.rows[k].key, m[j], widget_measure_value(&d->agg.rows[k], m[j])))
				d->cut_invented |= 1 << m[j];
	d->cut = view_agg_cut(&d->agg, p->limit, &d->cut_sum);
	return 0;
}

static void table_title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	char dflt[64];

	(void)f;
	snprintf(dflt, sizeof dflt, "by %s", view_dim_title(lv->layout.panels[i].dim));
	panel_title_or(lv, i, dflt, out, n);
}

static void table_draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i,
                       const struct store_filter *f, int focused)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct view_pdata *d = &lv->data->p[i];
	int m[WIDGET_MEASURE_COUNT], nm = table_measures(lv, i, m), rows = d->agg.n + (d->cut > 0);
	int measure = view_panel_measure(p), sort_col = -1, labw = 8;
	/* The labels keep their width (up to 24); measure columns go from the right. */
	for (int r = 0; r < d->agg.n; r++) {
		const struct store_agg_row *row = &d->agg.rows[r];
		int w = text_width(row->label && *row->label ? row->label : row->key);
		labw = w > labw ? w : labw;
	}
	if (d->cut > 0) /* "… 12 more" keeps its number */
		labw = labw > 10 ? labw : 10;
	labw = labw > 24 ? 24 : labw;
	/* a measure column is 9 wide and 2 apart; the gutters take 2 */
	if (nm > (in.w - 2 - labw) / 11)
		nm = (in.w - 2 - labw) / 11 > 1 ? (in.w - 2 - labw) / 11 : 1;
	int ncols = nm + 1;
	struct widget_column cols[WIDGET_MEASURE_COUNT + 1];
	char (*buf)[32] = xcalloc((size_t)(rows + 1) * (size_t)ncols, sizeof *buf);
	const char **cells = xcalloc((size_t)rows * (size_t)ncols + 1, sizeof *cells);
	const char *total[WIDGET_MEASURE_COUNT + 1];
	int *roles = xcalloc((size_t)rows + 1, sizeof *roles);
	unsigned char *moved = xcalloc((size_t)(rows + 1) * (size_t)ncols + 1, 1); /* the totals last */

	cols[0] = (struct widget_column){ view_dim_title(p->dim), 0, 0 };
	for (int k = 0; k < nm; k++) {
		cols[k + 1] = (struct widget_column){ widget_measure_name(m[k]), 9, 1 };
		if (m[k] == measure && lv->sort[i] == VIEW_SORT_VALUE)
			sort_col = k + 1;
	}
	for (int r = 0; r <= rows; r++) {
		/* the rows, the "… N more" row of a limit, then the totals */
		const struct store_agg_row *row = r < d->agg.n ? &d->agg.rows[r] : r < rows ? &d->cut_sum.total
		                                                                             : &d->agg.total;
		char *b0 = buf[r * ncols];
		if (r < d->agg.n)
			snprintf(b0, 32, "%s", row->label && *row->label ? row->label : row->key);
		else if (r < rows)
			snprintf(b0, 32, "%s %d more", c->ascii ? "..." : "…", d->cut);
		else
			snprintf(b0, 32, "total");
		for (int k = 0; k < nm; k++) {
			double v;
			if (m[k] == WIDGET_AGENCIES)
				v = r < d->agg.n ? (double)d->agencies[r] : r < rows ? -1 : (double)d->agencies_total;
			else
				v = widget_measure_value(row, m[k]);
			if (v < 0)
				continue;
			/* A figure nobody published carries "~" as everywhere (a synthetic nought too):
			 * a row's under its key, the "… N more" row's when one of the rows it sums is,
			 * the total's under f. */
			int inv = r < d->agg.n ? panel_invented(d, f, p->dim, row->key, m[k], v)
			          : r < rows   ? (d->cut_invented >> m[k] & 1)
			                       : panel_invented(d, f, -1, NULL, m[k], v);
			char *cell = buf[r * ncols + k + 1];
			cell[0] = '~';
			panel_cell(v, m[k], cell + (inv ? 1 : 0), 31);
			if (r != d->agg.n || rows == d->agg.n) /* not the "… N more" row */
				moved[r * ncols + k + 1] = view_changed_mark(lv, i, r < d->agg.n ? row->key : "",
				                                             widget_measure_name(m[k])) != NULL;
		}
		for (int k = 0; k < ncols; k++) {
			if (r < rows)
				cells[r * ncols + k] = buf[r * ncols + k];
			else
				total[k] = buf[r * ncols + k];
		}
		if (r < rows)
			roles[r] = r < d->agg.n ? ROLE_NORMAL : ROLE_MUTED;
	}
	struct widget_table t = { .ncols = ncols, .cols = cols, .nrows = rows, .cells = cells, .row_roles = roles,
	                          .total = in.h >= rows + 2 ? total : NULL, .sort_col = sort_col, .sort_desc = 1,
	                          .changed = moved };
	widget_table_draw(c, in, &t, &lv->cur[i], focused);
	free(buf);
	free(cells);
	free(roles);
	free(moved);
}

/* Each row's figure per measure by the row's key and the measure's name; the totals' key is "". */
static void table_figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];
	int m[WIDGET_MEASURE_COUNT], nm = table_measures(lv, i, m);

	for (int r = 0; r <= d->agg.n; r++) {
		const struct store_agg_row *row = r < d->agg.n ? &d->agg.rows[r] : &d->agg.total;
		for (int k = 0; k < nm; k++) {
			double v = m[k] != WIDGET_AGENCIES ? widget_measure_value(row, m[k])
			           : r < d->agg.n ? (double)d->agencies[r] : (double)d->agencies_total;
			view_figures_add(out, r < d->agg.n ? row->key : "", widget_measure_name(m[k]), v);
		}
	}
}

static int table_hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y,
                     struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 1, y, at); /* below the header line */
}

const struct view_panel_type panel_table = {
	.name = "table",
	.hint = "↑↓ move · Enter drill · s sort",
	.options = VIEW_OPT_BY | VIEW_OPT_MEASURE | VIEW_OPT_SORT | VIEW_OPT_LIMIT,
	.sorts = sorts,
	.nsorts = VIEW_SORT_COUNT,
	.check = check,
	.prepare = prepare,
	.load = table_load,
	.title = table_title,
	.draw = table_draw,
	.figures = table_figures,
	.items = panel_agg_items,
	.key = panel_agg_key,
	.hit = table_hit,
	.drill = drill,
	.sort_next = sort_next,
};
