/*
 * panel_compare: one locator against another ("OMD 7 against OMD VI": cases, arrests,
 * agencies and the seized quantities side by side, with the change), or every phase side
 * by side (compare: phases), each against the one before.  Figures a phase did not publish
 * keep their "~".  Enter on a two-sided comparison opens its first side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "text.h"
#include "xmalloc.h"

/* Rows: the measures, in this order; units only when some side has a quantity. */
static int measures(const struct view_pdata *d, int *m)
{
	int n = 0;

	m[n++] = WIDGET_CASES;
	m[n++] = WIDGET_ARRESTS;
	m[n++] = WIDGET_AGENCIES;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		if (d->ncol == 2 ? d->col[0].total.qty[u] > 0 || d->col[1].total.qty[u] > 0 : d->agg.total.qty[u] > 0)
			m[n++] = WIDGET_QTY + u;
	return n;
}

/* The side's label: its locator's values as labels ("OMD 7 · Drugs"). */
static char *side_label(struct store *s, const char *text)
{
	struct locator loc;
	char err[200], buf[160] = "";
	size_t len = 0;

	if (locator_parse(text, &loc, err, sizeof err) < 0)
		return xstrdup(text);
	for (int k = 0; k < loc.n && len < sizeof buf; k++) {
		char *l = loc.item[k].key < STORE_DIM_COUNT ? store_label(s, loc.item[k].key, loc.item[k].value) : NULL;
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? " · " : "", l ? l : loc.item[k].value);
		free(l);
	}
	locator_free(&loc);
	return xstrdup(buf);
}

/* Is a count under this filter an invented one?  Where the phase says what it published
 * and cases are not among it. */
static int invented(const struct store_phase *ph, int nph, const char *phase)
{
	for (int k = 0; phase && k < nph; k++)
		if (strcmp(ph[k].code, phase) == 0)
			return ph[k].published && !view_listed(ph[k].published, "cases");
	return 0;
}

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct view_pdata *d = &lv->data->p[i];

	(void)err, (void)errsz;
	if (store_phases(s, &d->phases, &d->nphases) < 0)
		return -1;
	if (!p->compare[0]) {
		/* every phase: one aggregate by phase, agencies per phase; a session's base filter
		 * (phase=OMD7) keeps its other values but not the phase, or one column is left */
		struct store_filter all;
		int rc;
		store_filter_init(&all);
		rc = store_filter_copy(&all, f) < 0 || store_filter_set(&all, STORE_DIM_PHASE, NULL) < 0 ||
		     store_aggregate(s, &all, STORE_DIM_PHASE, &d->agg) < 0 ? -1 : 0;
		if (rc == 0) {
			d->agencies = xcalloc((size_t)d->agg.n + 1, sizeof *d->agencies);
			rc = view_agg_agencies(s, &all, &d->agg, d->agencies, &d->agencies_total);
		}
		store_filter_free(&all);
		if (rc < 0)
			return -1;
		d->ntext = d->agg.n;
		d->text = xcalloc((size_t)d->ntext + 1, sizeof *d->text);
		for (int k = 0; k < d->agg.n; k++) {
			d->text[k] = xstrdup(d->agg.rows[k].label && *d->agg.rows[k].label ? d->agg.rows[k].label
			                                                                   : d->agg.rows[k].key);
			d->synthetic |= invented(d->phases, d->nphases, d->agg.rows[k].key) << k;
		}
		return 0;
	}
	d->ntext = 2;
	d->text = xcalloc(3, sizeof *d->text);
	d->ncol = 2;
	for (int k = 0; k < 2; k++) {
		struct store_filter g;
		struct locator loc;
		char perr[200];
		int rc = 0;
		store_filter_init(&g);
		if (store_filter_copy(&g, f) < 0 || locator_parse(p->compare[k], &loc, perr, sizeof perr) < 0)
			rc = -1;
		for (int j = 0; rc == 0 && j < loc.n; j++)
			if (loc.item[j].key < STORE_DIM_COUNT && store_filter_set(&g, loc.item[j].key, loc.item[j].value) < 0)
				rc = -1;
		if (rc == 0) {
			locator_free(&loc);
			/* by agency: the totals, and one row per agency reporting */
			rc = store_aggregate(s, &g, STORE_DIM_AGENCY, &d->col[k]);
		}
		if (rc == 0)
			d->synthetic |= invented(d->phases, d->nphases, g.value[STORE_DIM_PHASE]) << k;
		store_filter_free(&g);
		if (rc < 0)
			return -1;
		d->text[k] = side_label(s, p->compare[k]);
	}
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	const struct session_panel *p = &lv->layout.panels[i];
	const struct view_pdata *d = lv->data ? &lv->data->p[i] : NULL;
	char dflt[200];

	(void)f;
	if (p->compare[0] && d && d->loaded && d->ntext == 2)
		snprintf(dflt, sizeof dflt, "%s against %s", d->text[0], d->text[1]);
	else
		snprintf(dflt, sizeof dflt, "%s", p->compare[0] ? "comparison" : "phase by phase");
	panel_title_or(lv, i, dflt, out, n);
	if (d && d->synthetic) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, " · ~ synthetic figure");
	}
}

/* The value of measure on side k. */
static double side_value(const struct view_pdata *d, int k, int measure)
{
	if (d->ntext == 2 && d->ncol == 2)
		return measure == WIDGET_AGENCIES ? (double)d->col[k].n : widget_measure_value(&d->col[k].total, measure);
	return measure == WIDGET_AGENCIES ? (double)d->agencies[k] : widget_measure_value(&d->agg.rows[k], measure);
}

static void change(double now, double before, char *out, size_t n)
{
	if (before <= 0)
		snprintf(out, n, "–");
	else
		snprintf(out, n, "%+.0f %%", 100.0 * (now - before) / before);
}

/* Is side k's figure of measure (value) invented?  Every phase: the phase's own figure;
 * two sides: the figure under the panel's filter and the side's locator. */
static int side_invented(const struct view_pdata *d, const struct view_level *lv, int i,
                         const struct store_filter *f, int k, int measure, double value)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct store_filter g;
	struct locator loc;
	char perr[200];
	int r;

	if (d->ncol != 2)
		return panel_invented(d, f, STORE_DIM_PHASE, d->agg.rows[k].key, measure, value) == 1;
	store_filter_init(&g);
	if (store_filter_copy(&g, f) < 0 || locator_parse(p->compare[k], &loc, perr, sizeof perr) < 0) {
		store_filter_free(&g);
		return 0;
	}
	for (int j = 0; j < loc.n; j++)
		if (loc.item[j].key < STORE_DIM_COUNT)
			store_filter_set(&g, loc.item[j].key, loc.item[j].value);
	locator_free(&loc);
	r = panel_invented(d, &g, -1, NULL, measure, value) == 1;
	store_filter_free(&g);
	return r;
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	int two = d->ncol == 2, nside = two ? 2 : d->agg.n;
	int m[WIDGET_MEASURE_COUNT], nm = measures(d, m);
	int ncols = 1 + nside + 1;
	struct widget_column *cols = xcalloc((size_t)ncols, sizeof *cols);
	char (*buf)[40] = xcalloc((size_t)nm * (size_t)ncols + 1, sizeof *buf);
	const char **cells = xcalloc((size_t)nm * (size_t)ncols + 1, sizeof *cells);

	(void)f;
	cols[0] = (struct widget_column){ "", 0, 0 };
	for (int k = 0; k < nside; k++)
		cols[1 + k] = (struct widget_column){ d->text[k], two ? 12 : 8, 1 };
	cols[ncols - 1] = (struct widget_column){ two ? "change" : "vs previous", 11, 1 };
	for (int r = 0; r < nm; r++) {
		snprintf(buf[r * ncols], sizeof buf[0], "%s", widget_measure_name(m[r]));
		int inv[2] = { 0, 0 }; /* the two sides of the change */
		for (int k = 0; k < nside; k++) {
			char v[32];
			double value = side_value(d, k, m[r]);
			panel_cell(value, m[r], v, sizeof v);
			/* every figure a phase did not publish keeps its "~" (store_figure_state) */
			int mark = side_invented(d, lv, i, f, k, m[r], value);
			if (two || k >= nside - 2)
				inv[two ? k : k - (nside - 2)] = mark;
			snprintf(buf[r * ncols + 1 + k], sizeof buf[0], "%s%s", mark ? "~" : "", v);
		}
		char *dl = buf[r * ncols + ncols - 1];
		if (two)
			change(side_value(d, 0, m[r]), side_value(d, 1, m[r]), dl, sizeof buf[0]);
		else if (nside >= 2)
			change(side_value(d, nside - 1, m[r]), side_value(d, nside - 2, m[r]), dl, sizeof buf[0]);
		if ((two || nside >= 2) && (inv[0] || inv[1]) && strcmp(dl, "–") != 0) {
			/* a change computed from an invented figure is invented too */
			char t[sizeof buf[0]];
			snprintf(t, sizeof t, "~%s", dl);
			snprintf(dl, sizeof buf[0], "%s", t);
		}
		for (int k = 0; k < ncols; k++)
			cells[r * ncols + k] = buf[r * ncols + k];
	}
	/* the sides' figures a live refresh just changed */
	unsigned char *moved = xcalloc((size_t)(nm + 1) * (size_t)ncols + 1, 1);
	for (int r = 0; r < nm; r++)
		for (int k = 0; k < nside; k++)
			moved[r * ncols + 1 + k] = view_changed_mark(lv, i, d->text[k], widget_measure_name(m[r])) != NULL;
	struct widget_table t = { .ncols = ncols, .cols = cols, .nrows = nm, .cells = cells, .sort_col = -1,
	                          .changed = moved };
	widget_table_draw(c, in, &t, &lv->cur[i], focused);
	free(cols);
	free(buf);
	free(cells);
	free(moved);
}

/* Each side's figure per measure, by the side's label and the measure's name. */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];
	int m[WIDGET_MEASURE_COUNT], nm = measures(d, m), nside = d->ncol == 2 ? 2 : d->agg.n;

	for (int r = 0; r < nm; r++)
		for (int k = 0; k < nside && k < d->ntext; k++)
			view_figures_add(out, d->text[k], widget_measure_name(m[r]), side_value(d, k, m[r]));
}

static int items(const struct view_level *lv, int i)
{
	const struct view_pdata *d = &lv->data->p[i];
	int m[WIDGET_MEASURE_COUNT];
	return measures(d, m);
}

static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 1, y, at);
}

/* A two-sided comparison opens its first side. */
static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	const struct session_panel *p = &lv->layout.panels[i];
	struct locator a;
	char perr[200];

	if (!p->compare[0] || locator_parse(p->compare[0], &a, perr, sizeof perr) < 0) {
		snprintf(err, errsz, "nothing to open here: every phase is on the Home screen");
		return -1;
	}
	for (int k = 0; k < a.n; k++)
		if (locator_push(loc, a.item[k].key, a.item[k].value) < 0) {
			locator_free(&a);
			snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
			return -1;
		}
	locator_free(&a);
	*screen = VIEW_DRILL;
	return 0;
}

const struct view_panel_type panel_compare = {
	.name = "compare",
	.options = VIEW_OPT_COMPARE,
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = items,
	.hit = hit,
	.drill = drill,
};
