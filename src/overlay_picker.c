/*
 * overlay_picker: the filter picker (f).  First the dimensions, each with its values and
 * their case counts in words ("category   3   Drugs 1,027 · Wildlife 108 · …"), then the
 * values of the one chosen, with their counts as bars; Enter filters, Backspace goes back
 * a step, the arrows move.
 *
 * It says where it filters: the phase the screen shows (the filter's, or the one selected
 * in Home's phases table), or every phase when the screen shows none; ← → switch between
 * the two when there is a phase.  A count nobody published carries "~", as on the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "text.h"
#include "xmalloc.h"

static const int picker_dims[] = { STORE_DIM_PHASE, STORE_DIM_CATEGORY, STORE_DIM_SUBCATEGORY, STORE_DIM_AGENCY,
                                   STORE_DIM_COUNTRY, STORE_DIM_TRANSPORT, STORE_DIM_STATUS };
#define NPICKER_DIMS (int)(sizeof picker_dims / sizeof *picker_dims)

/* The phase the picker filters in, NULL for every phase (the phase dimension itself is
 * always listed over every phase). */
static const char *pick_scope(const struct app *a, int dim)
{
	return dim == STORE_DIM_PHASE || a->pick_all ? NULL : a->pick_phase;
}

/* A phase's name as the screen shows it ("OMD 7"), into out. */
static void phase_name(struct app *a, const char *code, char *out, size_t n)
{
	char *l = code ? store_label(a->s, STORE_DIM_PHASE, code) : NULL;
	snprintf(out, n, "%s", l ? l : code ? code : "");
	free(l);
}

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

/* The values of a dimension in words, the largest first (phases newest first):
 * "Drugs 1,027 · Wildlife 108 · Precursors 20", as far as n bytes go. */
static void values_in_words(const struct store_agg *v, const unsigned char *inv, int dim, char *out, size_t n)
{
	int *order = xcalloc((size_t)v->n + 1, sizeof *order);
	size_t len = 0;

	for (int k = 0; k < v->n; k++)
		order[k] = dim == STORE_DIM_PHASE ? v->n - 1 - k : k;
	if (dim != STORE_DIM_PHASE) /* a stable insertion sort: a few dozen values */
		for (int k = 1; k < v->n; k++)
			for (int j = k; j > 0 && v->rows[order[j]].cases > v->rows[order[j - 1]].cases; j--) {
				int t = order[j];
				order[j] = order[j - 1], order[j - 1] = t;
			}
	out[0] = '\0';
	for (int k = 0; k < v->n && len + 1 < n; k++) {
		const struct store_agg_row *r = &v->rows[order[k]];
		char num[32];
		num[0] = '~';
		text_thousands(r->cases, num + (inv && inv[order[k]] ? 1 : 0), sizeof num - 1);
		len += (size_t)snprintf(out + len, n - len, "%s%s %s", k ? " · " : "", r->label && *r->label ? r->label : r->key,
		                        num);
	}
	if (len >= n && n > 4)
		memcpy(out + n - 4, "…", 4); /* "…" is 3 bytes: the string stays NUL-terminated */
	free(order);
}

/* (Re)loads the dimensions' rows for the current scope: key the dimension, label its
 * values in words, cases how many values it has. */
static int load_dims(struct app *a)
{
	store_agg_free(&a->pick_dims);
	a->pick_dims.rows = xcalloc(NPICKER_DIMS, sizeof *a->pick_dims.rows);
	a->pick_dims.dim = -1;
	for (int i = 0; i < NPICKER_DIMS; i++) {
		struct store_agg_row *r = &a->pick_dims.rows[a->pick_dims.n++];
		struct store_agg values = { 0 };
		unsigned char *inv = NULL;
		char words[400];
		if (view_picker_values(a->s, app_top(a), picker_dims[i], pick_scope(a, picker_dims[i]), &values, &inv) < 0) {
			store_agg_free(&values);
			return -1;
		}
		values_in_words(&values, inv, picker_dims[i], words, sizeof words);
		r->key = xstrdup(store_dim_name(picker_dims[i]));
		r->label = xstrdup(values.n ? words : "(none here)");
		r->cases = values.n;
		free(inv);
		store_agg_free(&values);
	}
	return 0;
}

static int load_values(struct app *a)
{
	store_agg_free(&a->pick);
	free(a->pick_inv);
	a->pick_inv = NULL;
	return view_picker_values(a->s, app_top(a), a->pick_dim, pick_scope(a, a->pick_dim), &a->pick, &a->pick_inv);
}

void overlay_picker_open(struct app *a)
{
	free(a->pick_phase);
	a->pick_phase = view_phase_shown(app_top(a));
	a->pick_all = 0; /* the phase the panels show, as the screen does */
	a->pick_cur = (struct widget_cursor){ 0, 0, 0 };
	if (load_dims(a) < 0) {
		app_say(a, ROLE_ALERT, "%s", store_error(a->s));
		return;
	}
	a->mode = MODE_PICK_DIM;
}

/* The locator the pick opens: the path so far in the picker's scope, then dim = value. */
static int pick_locator(struct app *a, const char *value, struct locator *loc)
{
	const struct locator *cur = &app_top(a)->loc;
	const char *phase = pick_scope(a, a->pick_dim);
	int dim = a->pick_dim;

	/* Home's selected phase goes first, as a drill from its table would put it. */
	if (phase && !app_top(a)->filter.value[STORE_DIM_PHASE] && locator_push(loc, STORE_DIM_PHASE, phase) < 0)
		return -1;
	/* Every item or none: a lost one would silently widen the filter.  Left out on
	 * purpose: the phase over every phase, the case (the filter is about cases like it),
	 * a sub-category when another category is picked. */
	for (int i = 0; i < cur->n; i++) {
		int k = cur->item[i].key;
		if ((k == STORE_DIM_PHASE && !phase && dim != STORE_DIM_PHASE) || k == LOCATOR_KEY_CASE ||
		    (k == STORE_DIM_SUBCATEGORY && dim == STORE_DIM_CATEGORY))
			continue;
		if (locator_push(loc, k, cur->item[i].value) < 0)
			return -1;
	}
	return locator_push(loc, dim, value);
}

static void picker_enter(struct app *a)
{
	int sel = a->pick_cur.sel;

	if (a->mode == MODE_PICK_DIM) {
		if (sel < 0 || sel >= NPICKER_DIMS)
			return;
		a->pick_dim = picker_dims[sel];
		if (load_values(a) < 0) {
			app_say(a, ROLE_ALERT, "%s", store_error(a->s));
			a->mode = MODE_NORMAL;
			return;
		}
		a->pick_back = sel;
		a->pick_cur = (struct widget_cursor){ 0, 0, 0 };
		a->mode = MODE_PICK_VALUE;
		return;
	}
	if (sel < 0 || sel >= a->pick.n)
		return;
	struct locator loc = { 0 };
	if (pick_locator(a, a->pick.rows[sel].key, &loc) == 0)
		app_push(a, &loc, VIEW_DRILL);
	else
		app_say(a, ROLE_ALERT, "cannot filter on that value");
	locator_free(&loc);
	a->mode = MODE_NORMAL;
}

/* "OMD 7" or "all phases": where the picker filters now. */
static void scope_words(struct app *a, char *out, size_t n)
{
	if (pick_scope(a, a->mode == MODE_PICK_VALUE ? a->pick_dim : -1))
		phase_name(a, a->pick_phase, out, n);
	else
		snprintf(out, n, "all phases");
}

void overlay_picker_draw(struct app *a)
{
	struct canvas *c = &a->canvas;
	int valstep = a->mode == MODE_PICK_VALUE;
	/* as tall as its list (the borders, the scope line, a blank or header line, the hint
	 * below a blank line), up to 20 rows and the screen less 6 */
	int w = c->cols - 8 < 100 ? c->cols - 8 : 100, h = (valstep ? a->pick.n + 1 : a->pick_dims.n + 1) + 6;
	if (h > 20)
		h = 20;
	if (h > c->rows - 6)
		h = c->rows - 6;
	struct canvas_rect r = { (c->cols - w) / 2, (c->rows - h) / 2, w, h };
	char title[160], scope[64], other[64], line[200];

	if (w < 20 || h < 6)
		return;
	canvas_fill(c, r, ROLE_NORMAL);
	scope_words(a, scope, sizeof scope);
	if (valstep)
		snprintf(title, sizeof title, "filter %s · %s · pick a value", scope, store_dim_name(a->pick_dim));
	else
		snprintf(title, sizeof title, "filter %s · pick what to filter by", scope);
	struct canvas_rect in = widget_frame(c, r, title, 1);
	if (in.h < 4)
		return;

	/* First line: where it filters, and the other choice when there is one. */
	int switchable = a->pick_phase && !(valstep && a->pick_dim == STORE_DIM_PHASE);
	if (switchable && a->pick_all)
		phase_name(a, a->pick_phase, other, sizeof other);
	else
		snprintf(other, sizeof other, "all phases");
	if (switchable && !a->pick_all)
		snprintf(line, sizeof line, "cases in %s, the phase this screen shows   %s %s", scope,
		         c->ascii ? "<- ->" : "← →", other);
	else if (switchable)
		snprintf(line, sizeof line, "cases in all phases   %s %s only", c->ascii ? "<- ->" : "← →", other);
	else if (valstep && a->pick_dim == STORE_DIM_PHASE)
		snprintf(line, sizeof line, "every phase, under the rest of the filter");
	else
		snprintf(line, sizeof line, "cases in all phases (this view shows no phase)");
	canvas_put(c, in.x + 1, in.y, in.w - 2, line, ROLE_KEY);

	struct canvas_rect list = { in.x, in.y + 2, in.w, in.h - 4 };
	if (valstep) {
		struct widget_bars b = { .agg = &a->pick, .measure = WIDGET_CASES, .invented = a->pick_inv };
		if (a->pick.n == 0)
			canvas_put(c, in.x + 1, list.y, in.w - 2, "no values here", ROLE_MUTED);
		else
			widget_bars_draw(c, list, &b, &a->pick_cur, 1);
	} else {
		static const struct widget_column cols[3] = { { "filter by", 12, 0 }, { "values", 6, 1 },
			                                      { "cases per value", 0, 0 } };
		const char *cells[NPICKER_DIMS * 3];
		char counts[NPICKER_DIMS][16];
		int n = a->pick_dims.n < NPICKER_DIMS ? a->pick_dims.n : NPICKER_DIMS;
		for (int i = 0; i < n; i++) {
			snprintf(counts[i], sizeof counts[i], "%lld", a->pick_dims.rows[i].cases);
			cells[i * 3] = a->pick_dims.rows[i].key;
			cells[i * 3 + 1] = counts[i];
			cells[i * 3 + 2] = a->pick_dims.rows[i].label;
		}
		struct widget_table t = { .ncols = 3, .cols = cols, .nrows = n, .cells = cells, .sort_col = -1 };
		list.y--, list.h++; /* the table's header takes the blank line */
		widget_table_draw(c, list, &t, &a->pick_cur, 1);
	}
	char hint[160];
	const char *dot = c->ascii ? " - " : " · ";
	snprintf(hint, sizeof hint, "Enter %s%s%s%sEsc %s", valstep ? "filter" : "choose", dot,
	         switchable ? (c->ascii ? "left/right phase or all" : "←→ phase or all") : "", switchable ? dot : "",
	         valstep ? "back" : "close");
	canvas_put(c, in.x + 1, in.y + in.h - 1, in.w - 2, hint, ROLE_MUTED);
}

void overlay_picker_key(struct app *a, int action)
{
	int n = a->mode == MODE_PICK_DIM ? a->pick_dims.n : a->pick.n;

	if (action == ACT_DRILL) {
		picker_enter(a);
	} else if (action == ACT_BACK || action == ACT_QUIT) {
		if (a->mode == MODE_PICK_VALUE && action == ACT_BACK) {
			a->mode = MODE_PICK_DIM;
			a->pick_cur = (struct widget_cursor){ a->pick_back, 0, 0 };
		} else {
			a->mode = MODE_NORMAL;
		}
	} else if ((action == ACT_LEFT || action == ACT_RIGHT) && a->pick_phase &&
	           !(a->mode == MODE_PICK_VALUE && a->pick_dim == STORE_DIM_PHASE)) {
		/* this phase <-> every phase: the lists follow */
		a->pick_all = !a->pick_all;
		if (load_dims(a) < 0 || (a->mode == MODE_PICK_VALUE && load_values(a) < 0)) {
			app_say(a, ROLE_ALERT, "%s", store_error(a->s));
			a->mode = MODE_NORMAL;
			return;
		}
		if (a->mode == MODE_PICK_VALUE)
			list_key(&a->pick_cur, a->pick.n, ACT_NONE, 8); /* clamp to the new list */
	} else {
		list_key(&a->pick_cur, n, action, 8);
	}
}
