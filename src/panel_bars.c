/*
 * panel_bars: one dimension as horizontal bars ("Drugs ████ 1,027"), in the natural
 * order, largest first or by name (s cycles); Enter drills into the selected bar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"

static int check(const struct session_panel *p, char *err, size_t errsz)
{
	if (p->dim < 0) {
		snprintf(err, errsz, "a bars panel needs 'by' (the dimension it groups by)");
		return -1;
	}
	return 0;
}

/* Sorts aggregate rows by value (descending) or name for the panel's sort mode. */
static int cmp_value(const void *a, const void *b)
{
	const struct store_agg_row *x = a, *y = b;
	return (y->cases > x->cases) - (y->cases < x->cases);
}
static int cmp_name(const void *a, const void *b)
{
	const struct store_agg_row *x = a, *y = b;
	return strcmp(x->label, y->label);
}

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct store_agg *a = &lv->data->p[i].agg;

	(void)err, (void)errsz;
	if (store_aggregate(s, f, lv->layout.panels[i].dim, a) < 0 || panel_load_phases(s, &lv->data->p[i]) < 0)
		return -1;
	if (lv->sort[i] == VIEW_SORT_VALUE)
		qsort(a->rows, (size_t)a->n, sizeof *a->rows, cmp_value);
	else if (lv->sort[i] == VIEW_SORT_NAME)
		qsort(a->rows, (size_t)a->n, sizeof *a->rows, cmp_name);
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	char dflt[64];

	(void)f;
	snprintf(dflt, sizeof dflt, "by %s", view_dim_title(lv->layout.panels[i].dim));
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
	unsigned char *inv = calloc((size_t)d->agg.n + 1, 1);
	struct widget_bars b = { &d->agg, ps->measure, ps->dim == STORE_DIM_CATEGORY, 0, inv };

	/* Each bar's figure judged as published or not ("~"), under the panel's filter. */
	for (int k = 0; inv && k < d->agg.n; k++)
		inv[k] = (unsigned char)panel_invented(d, f, ps->dim, d->agg.rows[k].key, ps->measure,
		                                       widget_measure_value(&d->agg.rows[k], ps->measure));
	/* Sub-categories take their category's colour, as everywhere else. */
	if (ps->dim == STORE_DIM_SUBCATEGORY && f->value[STORE_DIM_CATEGORY])
		b.role = widget_role_for(STORE_DIM_CATEGORY, f->value[STORE_DIM_CATEGORY]);
	widget_bars_draw(c, in, &b, &lv->cur[i], focused);
	free(inv);
}

static int items(const struct view_level *lv, int i)
{
	return lv->data->p[i].agg.n;
}

static void key(const struct view_level *lv, int i, int item, char *out, size_t n)
{
	const struct store_agg *a = &lv->data->p[i].agg;
	snprintf(out, n, "%s", item >= 0 && item < a->n ? a->rows[item].key : "");
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
	.sorts = sorts,
	.nsorts = VIEW_SORT_COUNT,
	.options = VIEW_OPT_BY | VIEW_OPT_MEASURE | VIEW_OPT_SORT | VIEW_OPT_LIMIT,
	.check = check,
	.load = load,
	.title = title,
	.draw = draw,
	.items = items,
	.key = key,
	.hit = hit,
	.drill = drill,
	.sort_next = sort_next,
};
