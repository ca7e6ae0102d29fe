/*
 * panel_timeline: cases per week as a column chart over the phase's period; a click or
 * the arrows select a week, Enter drills into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "xmalloc.h"

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];

	(void)err, (void)errsz;
	if (store_aggregate(s, f, STORE_DIM_WEEK, &d->agg) < 0 || panel_load_phases(s, d) < 0)
		return -1;
	const char *phase = f->value[STORE_DIM_PHASE];
	struct store_phase *ph = NULL;
	int n = 0, k = phase ? view_find_phase(s, phase, &ph, &n) : -1;
	if (phase && k == -2)
		return -1;
	if (k >= 0) {
		d->from = xstrdup(ph[k].starts_on ? ph[k].starts_on : "");
		d->to = xstrdup(ph[k].ends_on ? ph[k].ends_on : "");
	}
	store_phases_free(ph, n);
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "cases per week", out, n);
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	/* a week's count is never a published figure (unless the data are real returns) */
	struct widget_timeline t = { &d->agg, d->from, d->to, panel_invented(d, f, STORE_DIM_WEEK, "", WIDGET_CASES, 0),
		                     NULL, 0, NULL };
	/* across phases: each phase named under its weeks */
	struct widget_span *sp = xcalloc((size_t)d->nphases + 1, sizeof *sp);
	for (int k = 0; !f->value[STORE_DIM_PHASE] && k < d->nphases; k++)
		sp[t.nspans++] = (struct widget_span){ d->phases[k].name, d->phases[k].starts_on, d->phases[k].ends_on };
	t.spans = sp;
	/* the weeks a live refresh just changed */
	unsigned char *moved = xcalloc((size_t)d->agg.n + 1, 1);
	for (int k = 0; k < d->agg.n; k++)
		moved[k] = view_changed_mark(lv, i, d->agg.rows[k].key, NULL) != NULL;
	t.changed = moved;
	widget_timeline_draw(c, in, &t, &lv->cur[i], focused);
	free(sp);
	free(moved);
}

/* Each week's cases by the week's Monday. */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct store_agg *a = &lv->data->p[i].agg;

	for (int k = 0; k < a->n; k++)
		view_figures_add(out, a->rows[k].key, NULL, (double)a->rows[k].cases);
}

/* The week under the column clicked. */
static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	const struct view_pdata *d = &lv->data->p[i];
	struct widget_timeline t = { &d->agg, d->from, d->to, 0, NULL, 0, NULL };
	int k = widget_timeline_hit(in, &t, x);

	(void)y;
	if (k < 0)
		return -1;
	at->sel = k;
	at->col = lv->cur[i].col;
	return 0;
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	return panel_drill_dim(lv, i, STORE_DIM_WEEK, loc, screen, err, errsz);
}

const struct view_panel_type panel_timeline = {
	.name = "timeline",
	.hint = "↑↓ week · Enter drill",
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = panel_agg_items,
	.key = panel_agg_key,
	.hit = hit,
	.drill = drill,
	.keys_who = "cases per week",
	.keys_how = "↑ ↓ earlier / later week (← → change panel)",
};
