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

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	const struct store_agg_row *t = &d->agg.total;
	char v[5][48], label[48], delta[64] = "";
	int dir = 0, n = 0, other = -1;
	struct widget_kpi k[5];

	(void)f;
	text_thousands(t->cases, v[0], sizeof v[0]);
	if (d->prev_cases > 0) {
		double p = 100.0 * (double)(t->cases - d->prev_cases) / (double)d->prev_cases;
		snprintf(delta, sizeof delta, "%+.0f %% vs %s", p, d->prev_name);
		dir = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
	}
	k[n++] = (struct widget_kpi){ "cases", v[0], delta[0] ? delta : NULL, dir };
	text_thousands(t->arrests, v[1], sizeof v[1]);
	k[n++] = (struct widget_kpi){ "arrests", v[1], NULL, 0 };
	text_quantity(t->qty[STORE_UNIT_KG], "kg", v[2], sizeof v[2]);
	k[n++] = (struct widget_kpi){ "seized by weight", v[2], NULL, 0 };
	/* The count unit that matters here: tablets for drugs, heads or pieces for wildlife. */
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		if (u != STORE_UNIT_KG && t->qty[u] > 0 && (other < 0 || t->qty[u] > t->qty[other]))
			other = u;
	if (other >= 0) {
		text_quantity(t->qty[other], store_unit_name(other), v[3], sizeof v[3]);
		snprintf(label, sizeof label, "seized %s", store_unit_name(other));
		k[n++] = (struct widget_kpi){ label, v[3], NULL, 0 };
	}
	/* Agencies reporting: a tile of its own when there is room, else under the last one. */
	if (in.w >= 20 * (n + 1)) {
		text_thousands(d->agencies_reporting, v[4], sizeof v[4]);
		k[n++] = (struct widget_kpi){ d->agencies_reporting == 1 ? "agency reporting" : "agencies reporting",
		                              v[4], NULL, 0 };
	} else {
		snprintf(v[4], sizeof v[4], "%lld %s reporting", d->agencies_reporting,
		         d->agencies_reporting == 1 ? "agency" : "agencies");
		k[n - 1].delta = v[4];
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
