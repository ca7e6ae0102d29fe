/*
 * panel_kpi: the figures at a glance, as tiles: cases (with the change against the
 * previous phase when one phase is fixed), arrests, seized weight, the count unit that
 * matters here, agencies reporting.  The tiles are one item: Enter opens the case list
 * behind them.
 */
#include <stdio.h>
#include <string.h>

#include "panel.h"
#include "text.h"

/* One line of tiles with the big digits: three inside the borders. */
static int prepare(struct store *s, struct view_level *lv, int i, int *rows, int *min, char *err, size_t errsz)
{
	(void)s, (void)lv, (void)i, (void)err, (void)errsz;
	*rows = 5;
	*min = 5;
	return 0;
}

/*
 * What the previous phase's figures are grouped by.  The tiles compare its totals, and
 * any grouping has the same totals; only a tile of the agencies reporting counts its
 * rows, so only that one needs them by agency.  Otherwise they are grouped by the one
 * dimension the filter fixes besides the phase and the category (a transport mode's
 * screen: by transport): the rollups hold that single row, so a drill screen's first
 * frame does not load the previous phase's cases for one comparison (at a million
 * cases that load is a fifth of the frame).
 */
static int prev_dim(const struct view_level *lv, int i, const struct store_filter *f)
{
	static const int fixed[] = { STORE_DIM_SUBCATEGORY, STORE_DIM_AGENCY, STORE_DIM_COUNTRY, STORE_DIM_TRANSPORT,
	                             STORE_DIM_STATUS };
	if (lv->layout.panels[i].measure == WIDGET_AGENCIES)
		return STORE_DIM_AGENCY;
	for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		if (f->value[fixed[k]])
			return fixed[k];
	return STORE_DIM_AGENCY;
}

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_agg ag = { 0 };

	(void)err, (void)errsz;
	if (store_aggregate(s, f, STORE_DIM_AGENCY, &ag) < 0)
		return -1;
	d->agg = ag; /* totals, and one row per agency reporting */
	d->agencies_reporting = ag.n;
	/* Per category, for what the weight tiles sum (drugs and wildlife are not added), and
	 * the phases' published figures, for the "~" marks. */
	if (store_aggregate(s, f, STORE_DIM_CATEGORY, &d->col[0]) < 0 || panel_load_phases(s, d) < 0)
		return -1;
	d->ncol = 1;
	d->prev_cases = -1;
	/* The change against the previous phase when one phase is fixed. */
	const char *phase = f->value[STORE_DIM_PHASE];
	struct store_phase *ph = NULL;
	int n = 0, k = phase ? view_find_phase(s, phase, &ph, &n) : -1;
	if (phase && k == -2)
		return -1;
	if (k > 0) {
		struct store_filter g;
		store_filter_init(&g);
		if (store_filter_copy(&g, f) == 0 && store_filter_set(&g, STORE_DIM_PHASE, ph[k - 1].code) == 0 &&
		    store_aggregate(s, &g, prev_dim(lv, i, f), &d->prev) == 0) {
			d->prev_cases = d->prev.total.cases;
			snprintf(d->prev_name, sizeof d->prev_name, "%s", ph[k - 1].name);
		}
		store_filter_free(&g);
	}
	store_phases_free(ph, n);
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	int m = lv->layout.panels[i].measure;

	(void)f;
	panel_title_or(lv, i, m >= 0 ? widget_measure_name(m) : "at a glance", out, n);
}

/* The value of a measure over the totals (agencies: how many reported). */
static double value_of(const struct store_agg *a, int measure)
{
	return measure == WIDGET_AGENCIES ? (double)a->n : widget_measure_value(&a->total, measure);
}

/* The figures the tiles can show, for the highlight of what a refresh changed: the
 * totals by measure, and the quantities of each top-level category ("drugs" "\x1f" "kg";
 * the totals' are "*" "\x1f" "kg"). */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];

	view_figures_add(out, "cases", NULL, (double)d->agg.total.cases);
	view_figures_add(out, "arrests", NULL, (double)d->agg.total.arrests);
	view_figures_add(out, "agencies", NULL, (double)d->agencies_reporting);
	for (int u = 0; u < STORE_UNIT_COUNT; u++) {
		view_figures_add(out, "*", store_unit_name(u), d->agg.total.qty[u]);
		for (int k = 0; k < d->col[0].n; k++)
			view_figures_add(out, d->col[0].rows[k].key, store_unit_name(u), d->col[0].rows[k].qty[u]);
	}
}

/* The figure key of a measure's tile over the totals (see figures). */
static const char *figure_key(int measure, const char **sub)
{
	*sub = NULL;
	if (measure >= WIDGET_QTY && measure < WIDGET_QTY + STORE_UNIT_COUNT) {
		*sub = store_unit_name(measure - WIDGET_QTY);
		return "*";
	}
	return measure == WIDGET_AGENCIES ? "agencies" : widget_measure_name(measure);
}

/* A tile in ROLE_CHANGED with "+1" when a live refresh just changed its figure. */
static void tile_changed(const struct view_level *lv, int i, struct widget_kpi *k, const char *key, const char *sub,
                         int measure, char *moved, size_t n)
{
	const struct view_mark *m = view_changed_mark(lv, i, key, sub);

	if (!m)
		return;
	view_changed_moved(m, measure == WIDGET_AGENCIES ? WIDGET_CASES : measure, moved, n);
	k->changed = 1;
	k->moved = moved[0] ? moved : NULL;
}

/* One measure as one tile, as big as the panel allows, with its change against the previous phase. */
static void draw_one(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, int measure, int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	char v[48], label[64], delta[80] = "";
	int dir = 0;
	double now = value_of(&d->agg, measure);

	struct store_filter f;
	int ok = view_effective_filter(lv, i, &f) == 0;
	int inv = ok && panel_invented(d, &f, -1, NULL, measure, now);
	v[0] = '~';
	widget_measure_format(now, measure == WIDGET_AGENCIES ? WIDGET_CASES : measure, v + (inv ? 1 : 0),
	                      sizeof v - 1);
	if (measure >= WIDGET_QTY && measure < WIDGET_QTY + STORE_UNIT_COUNT)
		snprintf(label, sizeof label, "seized %s", widget_measure_name(measure));
	else if (measure == WIDGET_AGENCIES)
		snprintf(label, sizeof label, "%s", now == 1 ? "agency with a case" : "agencies with a case");
	else
		snprintf(label, sizeof label, "%s", widget_measure_name(measure));
	if (d->prev_cases >= 0) {
		double before = value_of(&d->prev, measure);
		if (before > 0) {
			double p = 100.0 * (now - before) / before;
			/* a change is only as published as the figures it compares */
			int pinv = inv;
			for (int k = 0; ok && k < d->nphases; k++)
				if (strcmp(d->phases[k].name, d->prev_name) == 0)
					pinv |= panel_invented(d, &f, STORE_DIM_PHASE, d->phases[k].code, measure, before);
			snprintf(delta, sizeof delta, "%s%+.0f %% vs %s", pinv ? "~" : "", p, d->prev_name);
			dir = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
		}
	}
	store_filter_free(&f);
	struct widget_kpi k = { label, v, delta[0] ? delta : NULL, dir, 0, NULL, NULL };
	const char *sub, *key = figure_key(measure, &sub);
	char moved[48];
	tile_changed(lv, i, &k, key, sub, measure, moved, sizeof moved);
	widget_kpis_draw(c, in, &k, 1, &lv->cur[i], focused);
}

/* The tiles for a panel w columns wide under filter f (the draw and the size check share
 * them); the strings live in t.  Every figure that is not a published one is marked "~". */
struct kpi_tiles {
	char v[5][48], label[2][64], label_short[64], delta[80], taking[48], under[96];
	struct widget_kpi k[5];
	int n;
	const char *key[5], *sub[5]; /* each tile's figure (see figures) */
	int measure[5];
};

/* The value of a tile, "~" first when it is not a published figure. */
static void tile_value(char *out, size_t n, const char *v, int invented)
{
	snprintf(out, n, "%s%.40s", invented ? "~" : "", v);
}

/* The row of the first top-level category (position 0) in the per-category aggregate,
 * NULL when the database has no category (every one is listed, with or without cases). */
static const struct store_agg_row *cat_first(const struct view_pdata *d)
{
	for (int k = 0; k < d->col[0].n; k++)
		if (d->col[0].rows[k].pos == 0)
			return &d->col[0].rows[k];
	return NULL;
}

static void tiles(const struct view_pdata *d, const struct store_filter *f, int w, struct kpi_tiles *t)
{
	const struct store_agg_row *tot = &d->agg.total;
	const char *cat = f->value[STORE_DIM_CATEGORY], *phase = f->value[STORE_DIM_PHASE];
	int dir = 0, n = 0, other = -1, part = -1;
	char s[40];

	t->delta[0] = t->taking[0] = '\0';
	text_thousands(tot->cases, s, sizeof s);
	tile_value(t->v[0], sizeof t->v[0], s, panel_invented(d, f, -1, NULL, WIDGET_CASES, (double)tot->cases));
	if (d->prev_cases > 0) {
		double p = 100.0 * (double)(tot->cases - d->prev_cases) / (double)d->prev_cases;
		/* a change is only as published as both figures it compares */
		int inv = panel_invented(d, f, -1, NULL, WIDGET_CASES, (double)tot->cases);
		for (int k = 0; k < d->nphases; k++)
			if (strcmp(d->phases[k].name, d->prev_name) == 0)
				inv |= panel_invented(d, f, STORE_DIM_PHASE, d->phases[k].code, WIDGET_CASES,
				                      (double)d->prev_cases);
		snprintf(t->delta, sizeof t->delta, "%s%+.0f %% vs %s", inv ? "~" : "", p, d->prev_name);
		dir = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
	}
	t->key[n] = "cases", t->sub[n] = NULL, t->measure[n] = WIDGET_CASES;
	t->k[n++] = (struct widget_kpi){ "cases", t->v[0], t->delta[0] ? t->delta : NULL, dir, 0, NULL, NULL };
	text_thousands(tot->arrests, s, sizeof s);
	tile_value(t->v[1], sizeof t->v[1], s, panel_invented(d, f, -1, NULL, WIDGET_ARRESTS, (double)tot->arrests));
	t->key[n] = "arrests", t->sub[n] = NULL, t->measure[n] = WIDGET_ARRESTS;
	t->k[n++] = (struct widget_kpi){ "arrests", t->v[1], NULL, 0, 0, NULL, NULL };
	/* Weights of different kinds are not added: without a category the tiles are those of
	 * the first top-level category (the operation file's order; "drugs" on the sample, what
	 * operations publish: "11.8 t of drugs"), and say so. */
	const struct store_agg_row *wr = cat ? tot : cat_first(d);
	const char *wcat = cat ? cat : wr ? wr->key : NULL;
	struct store_filter g;
	store_filter_init(&g);
	if (wr && (store_filter_copy(&g, f) < 0 || store_filter_set(&g, STORE_DIM_CATEGORY, wcat) < 0))
		wr = NULL;
	if (wr) {
		/* The count unit that matters here: tablets for drugs, heads or pieces for wildlife. */
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			if (u != STORE_UNIT_KG && wr->qty[u] > 0 && (other < 0 || wr->qty[u] > wr->qty[other]))
				other = u;
		/* Weight, unless nothing here is weighed and something is counted (cigarettes). */
		if (wr->qty[STORE_UNIT_KG] > 0 || other < 0) {
			text_quantity(wr->qty[STORE_UNIT_KG], "kg", s, sizeof s);
			tile_value(t->v[2], sizeof t->v[2], s,
			           panel_invented(d, &g, -1, NULL, WIDGET_QTY + STORE_UNIT_KG, wr->qty[STORE_UNIT_KG]));
			snprintf(t->label[0], sizeof t->label[0], "%.40s by weight", wcat);
			snprintf(t->label_short, sizeof t->label_short, "%.40s weight", wcat);
			t->key[n] = cat ? "*" : wcat, t->sub[n] = "kg", t->measure[n] = WIDGET_QTY + STORE_UNIT_KG;
			t->k[n++] = (struct widget_kpi){ t->label[0], t->v[2], NULL, 0, 0, NULL, t->label_short };
		}
		if (other >= 0) {
			text_quantity(wr->qty[other], store_unit_name(other), s, sizeof s);
			tile_value(t->v[3], sizeof t->v[3], s,
			           panel_invented(d, &g, -1, NULL, WIDGET_QTY + other, wr->qty[other]));
			snprintf(t->label[1], sizeof t->label[1], "%.40s %s", wcat, store_unit_name(other));
			t->key[n] = cat ? "*" : wcat, t->sub[n] = store_unit_name(other), t->measure[n] = WIDGET_QTY + other;
			t->k[n++] = (struct widget_kpi){ t->label[1], t->v[3], NULL, 0, 0, NULL, NULL };
		}
	}
	store_filter_free(&g);
	/* Under one agency the count of agencies with a case is that agency (1, or 0 with no
	 * case): no tile says so. */
	if (f && f->value[STORE_DIM_AGENCY]) {
		t->n = n;
		return;
	}
	/* Agencies with a case, beside those taking part in the phase (the Phases table's
	 * column): two different figures, both named. */
	for (int k = 0; phase && k < d->nphases; k++)
		if (strcmp(d->phases[k].code, phase) == 0)
			part = d->phases[k].agencies;
	if (part >= 0)
		snprintf(t->taking, sizeof t->taking, "of %d taking part", part);
	text_thousands(d->agencies_reporting, s, sizeof s);
	tile_value(t->v[4], sizeof t->v[4], s,
	           panel_invented(d, f, -1, NULL, WIDGET_AGENCIES, (double)d->agencies_reporting));
	if (w >= 20 * (n + 1)) {
		t->key[n] = "agencies", t->sub[n] = NULL, t->measure[n] = WIDGET_CASES;
		t->k[n++] = (struct widget_kpi){ d->agencies_reporting == 1 ? "agency with a case" : "agencies with a case",
		                                 t->v[4], t->taking[0] ? t->taking : NULL, 0, 0, NULL, NULL };
	} else {
		if (part >= 0) /* "~22 of 24 reported": short enough to stay whole */
			snprintf(t->under, sizeof t->under, "%s of %d reported", t->v[4], part);
		else
			snprintf(t->under, sizeof t->under, "%s %s with a case", t->v[4],
			         d->agencies_reporting == 1 ? "agency" : "agencies");
		t->k[n - 1].delta = t->under;
	}
	t->n = n;
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct kpi_tiles t;

	if (lv->layout.panels[i].measure >= 0) {
		draw_one(c, in, lv, i, lv->layout.panels[i].measure, focused);
		return;
	}

	tiles(&lv->data->p[i], f, in.w, &t);
	char moved[5][48];
	for (int k = 0; k < t.n; k++)
		tile_changed(lv, i, &t.k[k], t.key[k], t.sub[k], t.measure[k], moved[k], sizeof moved[k]);
	widget_kpis_draw(c, in, t.k, t.n, &lv->cur[i], focused);
}

/* A room reads the figures from the back only in block digits. */
static int fit(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n)
{
	struct kpi_tiles t;
	int small, m = lv->layout.panels[i].measure;

	if (m >= 0) { /* one measure, one tile */
		struct widget_kpi k = { "", t.v[0], NULL, 0, 0, NULL, NULL };
		widget_measure_format(value_of(&lv->data->p[i].agg, m), m == WIDGET_AGENCIES ? WIDGET_CASES : m, t.v[0],
		                      sizeof t.v[0]);
		t.k[0] = k;
		t.n = 1;
	} else {
		struct store_filter f;
		if (view_effective_filter(lv, i, &f) == 0)
			tiles(&lv->data->p[i], &f, in.w, &t);
		else
			t.n = 0;
		store_filter_free(&f);
	}
	if ((small = widget_kpis_small(in, t.k, t.n)) == 0)
		return 0;
	snprintf(why, n, "%s: %d of its figures too small for block digits (%dx%d inside)",
	         panel_type(lv, i)->name, small, in.w, in.h);
	return 1;
}

/* The tiles are one item: each counts the same cases (the view's), and Enter opens their
 * case list whichever tile is looked at, so ↑↓ have nothing to move between (a highlight
 * moving across tiles that all open the same list would promise otherwise). */
static int items(const struct view_level *lv, int i)
{
	(void)lv, (void)i;
	return 1;
}

/* A click anywhere on the tiles selects them all: the one item. */
static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)in, (void)x, (void)y;
	(void)lv, (void)i;
	at->sel = 0;
	at->col = 0;
	return 0;
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	(void)lv, (void)i, (void)loc, (void)err, (void)errsz;
	*screen = VIEW_CASES;
	return 0;
}

const struct view_panel_type panel_kpi = {
	.name = "kpi",
	.hint = "Enter their cases",
	.keys_who = "at a glance",
	.keys_how = "the KPI tiles are one item: ↑ ↓ stay, Enter opens the cases they count",
	.options = VIEW_OPT_MEASURE,
	.skip_focus = 1,
	.prepare = prepare,
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = items,
	.hit = hit,
	.drill = drill,
	.fit = fit,
};
