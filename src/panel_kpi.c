/*
 * panel_kpi: the figures at a glance, as tiles: cases (with the change against the
 * previous phase when one phase is fixed), arrests, seized weight, the count unit that
 * matters here, agencies reporting.  Enter opens the case list behind them.
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

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_agg ag = { 0 };

	(void)err, (void)errsz;
	if (store_aggregate(s, f, STORE_DIM_AGENCY, &ag) < 0)
		return -1;
	d->agg = ag; /* totals, and one row per agency reporting */
	/* Per category, for what the weight tiles sum (drugs and wildlife are not added). */
	if (store_aggregate(s, f, STORE_DIM_CATEGORY, &d->col[0]) < 0 || panel_load_phases(s, d) < 0)
		return -1;
	d->ncol = 1;
	d->agencies_reporting = ag.n;
	d->prev_cases = -1;
	/* The change against the previous phase when one phase is fixed. */
	const char *phase = f->value[STORE_DIM_PHASE];
	struct store_phase *ph = NULL;
	int n = 0, k = phase ? view_find_phase(s, phase, &ph, &n) : -1;
	if (phase && k == -2)
		return -1;
	if (k > 0) {
		struct store_filter g;
		struct store_agg pa = { 0 };
		store_filter_init(&g);
		if (store_filter_copy(&g, f) == 0 && store_filter_set(&g, STORE_DIM_PHASE, ph[k - 1].code) == 0 &&
		    store_aggregate(s, &g, STORE_DIM_CATEGORY, &pa) == 0) {
			d->prev_cases = pa.total.cases;
			snprintf(d->prev_name, sizeof d->prev_name, "%s", ph[k - 1].name);
		}
		store_agg_free(&pa);
		store_filter_free(&g);
	}
	store_phases_free(ph, n);
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "at a glance", out, n);
}

/* The value of a tile, "~" first when it is not a published figure. */
static void tile_value(char *out, size_t n, const char *v, int invented)
{
	snprintf(out, n, "%s%.40s", invented ? "~" : "", v);
}

/* The row of category cat in the per-category aggregate, NULL when absent. */
static const struct store_agg_row *cat_row(const struct view_pdata *d, const char *cat)
{
	for (int k = 0; k < d->col[0].n; k++)
		if (strcmp(d->col[0].rows[k].key, cat) == 0)
			return &d->col[0].rows[k];
	return NULL;
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	const struct store_agg_row *t = &d->agg.total;
	char v[5][48], s[40], label[3][64], delta[80] = "", taking[48] = "";
	int dir = 0, n = 0, other = -1;
	struct widget_kpi k[5];
	const char *cat = f->value[STORE_DIM_CATEGORY];

	text_thousands(t->cases, s, sizeof s);
	tile_value(v[0], sizeof v[0], s, panel_invented(d, f, -1, NULL, WIDGET_CASES, (double)t->cases));
	if (d->prev_cases > 0) {
		double p = 100.0 * (double)(t->cases - d->prev_cases) / (double)d->prev_cases;
		/* a change is only as published as both figures it compares */
		int inv = panel_invented(d, f, -1, NULL, WIDGET_CASES, (double)t->cases);
		for (int k2 = 0; k2 < d->nphases; k2++)
			if (strcmp(d->phases[k2].name, d->prev_name) == 0)
				inv |= panel_invented(d, f, STORE_DIM_PHASE, d->phases[k2].code, WIDGET_CASES,
				                      (double)d->prev_cases);
		snprintf(delta, sizeof delta, "%s%+.0f %% vs %s", inv ? "~" : "", p, d->prev_name);
		dir = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
	}
	k[n++] = (struct widget_kpi){ "cases", v[0], delta[0] ? delta : NULL, dir };
	text_thousands(t->arrests, s, sizeof s);
	tile_value(v[1], sizeof v[1], s, panel_invented(d, f, -1, NULL, WIDGET_ARRESTS, (double)t->arrests));
	k[n++] = (struct widget_kpi){ "arrests", v[1], NULL, 0 };
	/* Weights of different kinds are not added: without a category the tiles are the
	 * drugs' (what operations publish: "11.8 t of drugs"), and say so. */
	const char *wcat = cat ? cat : "drugs";
	const struct store_agg_row *w = cat ? t : cat_row(d, wcat);
	struct store_filter g;
	store_filter_init(&g);
	if (store_filter_copy(&g, f) < 0 || store_filter_set(&g, STORE_DIM_CATEGORY, wcat) < 0)
		w = NULL;
	char wname[40];
	snprintf(wname, sizeof wname, "%s", wcat);
	if (w) {
		text_quantity(w->qty[STORE_UNIT_KG], "kg", s, sizeof s);
		tile_value(v[2], sizeof v[2], s,
		           panel_invented(d, &g, -1, NULL, WIDGET_QTY + STORE_UNIT_KG, w->qty[STORE_UNIT_KG]));
		snprintf(label[0], sizeof label[0], "%s by weight", wname);
		k[n++] = (struct widget_kpi){ label[0], v[2], NULL, 0 };
		/* The count unit that matters here: tablets for drugs, heads or pieces for wildlife. */
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			if (u != STORE_UNIT_KG && w->qty[u] > 0 && (other < 0 || w->qty[u] > w->qty[other]))
				other = u;
		if (other >= 0) {
			text_quantity(w->qty[other], store_unit_name(other), s, sizeof s);
			tile_value(v[3], sizeof v[3], s, panel_invented(d, &g, -1, NULL, WIDGET_QTY + other, w->qty[other]));
			snprintf(label[1], sizeof label[1], "%s %s", wname, store_unit_name(other));
			k[n++] = (struct widget_kpi){ label[1], v[3], NULL, 0 };
		}
	}
	store_filter_free(&g);
	/* Agencies with a case, beside those taking part in the phase (the Phases table's
	 * column): two different figures, both named. */
	const char *phase = f->value[STORE_DIM_PHASE];
	int part = -1;
	for (int k2 = 0; phase && k2 < d->nphases; k2++)
		if (strcmp(d->phases[k2].code, phase) == 0)
			part = d->phases[k2].agencies;
	if (part >= 0)
		snprintf(taking, sizeof taking, "of %d taking part", part);
	text_thousands(d->agencies_reporting, s, sizeof s);
	tile_value(v[4], sizeof v[4], s,
	           panel_invented(d, f, -1, NULL, WIDGET_AGENCIES, (double)d->agencies_reporting));
	if (in.w >= 20 * (n + 1)) {
		snprintf(label[2], sizeof label[2], "%s with a case", d->agencies_reporting == 1 ? "agency" : "agencies");
		k[n++] = (struct widget_kpi){ label[2], v[4], taking[0] ? taking : NULL, 0 };
	} else {
		static char under[96];
		if (part >= 0) /* "~22 of 24 reported": short enough to stay whole */
			snprintf(under, sizeof under, "%s of %d reported", v[4], part);
		else
			snprintf(under, sizeof under, "%s %s with a case", v[4],
			         d->agencies_reporting == 1 ? "agency" : "agencies");
		k[n - 1].delta = under;
	}
	widget_kpis_draw(c, in, k, n, &lv->cur[i], focused);
}

static int items(const struct view_level *lv, int i)
{
	(void)lv, (void)i;
	return 4;
}

/* Every tile opens the same case list. */
static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)in, (void)x, (void)y;
	at->sel = 0;
	at->col = lv->cur[i].col;
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
	.options = VIEW_OPT_MEASURE,
	.skip_focus = 1,
	.prepare = prepare,
	.load = load,
	.title = title,
	.draw = draw,
	.items = items,
	.hit = hit,
	.drill = drill,
};
