/*
 * overlay_picker: the filter picker (f): first a dimension, each with the number of values
 * it offers under the current filter, then one of its values; Enter pushes the filtered
 * level, Backspace goes back a step, the arrows move.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "xmalloc.h"

static const int picker_dims[] = { STORE_DIM_PHASE, STORE_DIM_CATEGORY, STORE_DIM_SUBCATEGORY, STORE_DIM_AGENCY,
                                   STORE_DIM_COUNTRY, STORE_DIM_TRANSPORT, STORE_DIM_STATUS };
#define NPICKER_DIMS (int)(sizeof picker_dims / sizeof *picker_dims)

static void list_key(struct widget_cursor *cur, int n, int act, int page)
{
	switch (act) {
	case ACT_UP: cur->sel--; break;
	case ACT_DOWN: cur->sel++; break;
	case ACT_PGUP: cur->sel -= page; break;
	case ACT_PGDN: cur->sel += page; break;
	case ACT_FIRST: cur->sel = 0; break;
	case ACT_LAST: cur->sel = n - 1; break;
	}
	if (cur->sel >= n)
		cur->sel = n - 1;
	if (cur->sel < 0)
		cur->sel = 0;
}

void overlay_picker_open(struct app *a)
{
	store_agg_free(&a->pick_dims);
	a->pick_dims.rows = xcalloc(NPICKER_DIMS, sizeof *a->pick_dims.rows);
	a->pick_dims.dim = -1;
	/* Each dimension with the number of values it offers here. */
	for (int i = 0; i < NPICKER_DIMS; i++) {
		struct store_agg_row *r = &a->pick_dims.rows[a->pick_dims.n++];
		struct store_agg values = { 0 };
		r->key = xstrdup(store_dim_name(picker_dims[i]));
		r->label = xstrdup(store_dim_name(picker_dims[i]));
		if (view_picker_values(a->s, app_top(a), picker_dims[i], &values) == 0)
			r->cases = values.n;
		store_agg_free(&values);
	}
	a->pick_cur = (struct widget_cursor){ 0, 0, 0 };
	a->mode = MODE_PICK_DIM;
}

static void picker_enter(struct app *a)
{
	int sel = a->pick_cur.sel;

	if (a->mode == MODE_PICK_DIM) {
		if (sel < 0 || sel >= NPICKER_DIMS)
			return;
		a->pick_dim = picker_dims[sel];
		store_agg_free(&a->pick);
		if (view_picker_values(a->s, app_top(a), a->pick_dim, &a->pick) < 0) {
			app_say(a, ROLE_ALERT, "%s", store_error(a->s));
			a->mode = MODE_NORMAL;
			return;
		}
		a->pick_cur = (struct widget_cursor){ 0, 0, 0 };
		a->mode = MODE_PICK_VALUE;
		return;
	}
	if (sel < 0 || sel >= a->pick.n)
		return;
	struct locator loc = { 0 };
	const struct locator *cur = &app_top(a)->loc;
	int ok = 1;
	/* Every item or none: a lost one would silently widen the filter. */
	for (int i = 0; i < cur->n && ok; i++)
		ok = locator_push(&loc, cur->item[i].key, cur->item[i].value) == 0;
	if (ok && locator_push(&loc, a->pick_dim, a->pick.rows[sel].key) == 0)
		app_push(a, &loc, VIEW_DRILL);
	else
		app_say(a, ROLE_ALERT, "cannot filter on that value");
	locator_free(&loc);
	a->mode = MODE_NORMAL;
}

void overlay_picker_draw(struct app *a)
{
	struct canvas *c = &a->canvas;
	int w = c->cols > 64 ? 56 : c->cols - 8, h = c->rows - 8 > 18 ? 18 : c->rows - 8;
	struct canvas_rect r = { (c->cols - w) / 2, (c->rows - h) / 2, w, h };
	char title[80];
	const struct store_agg *agg = a->mode == MODE_PICK_DIM ? &a->pick_dims : &a->pick;

	if (w < 10 || h < 4)
		return;
	canvas_fill(c, r, ROLE_NORMAL);
	if (a->mode == MODE_PICK_DIM)
		snprintf(title, sizeof title, "filter by… (values)");
	else
		snprintf(title, sizeof title, "filter: %s", store_dim_name(a->pick_dim));
	struct canvas_rect in = widget_frame(c, r, title, 1);
	struct widget_bars b = { .agg = agg, .measure = WIDGET_CASES, .show_total = 0 };
	widget_bars_draw(c, in, &b, &a->pick_cur, 1);
}

void overlay_picker_key(struct app *a, int action)
{
	int n = a->mode == MODE_PICK_DIM ? a->pick_dims.n : a->pick.n;

	if (action == ACT_DRILL)
		picker_enter(a);
	else if (action == ACT_BACK || action == ACT_QUIT)
		a->mode = a->mode == MODE_PICK_VALUE ? MODE_PICK_DIM : MODE_NORMAL;
	else
		list_key(&a->pick_cur, n, action, 8);
}
