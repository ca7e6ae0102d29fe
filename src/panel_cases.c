/*
 * panel_cases: a list of cases, paged from the store as the selection nears its end
 * (newest, oldest or by reference: s cycles); Enter opens the case.  panel_case: one
 * case, every field, scrolled with the arrows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "room.h"
#include "xmalloc.h"

static int cases_load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                      size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];

	/* view_more_cases takes the panel's effective filter itself, page after page; the
	 * whole list's length is counted once, for "19–36 of 1,155" and for End */
	struct store_agg all = { 0 };
	d->total = store_aggregate(s, f, STORE_DIM_CATEGORY, &all) == 0 ? all.total.cases : -1;
	store_agg_free(&all);
	d->first = 0;
	d->earlier = 0;
	d->loaded = 1;
	d->more = 1;
	memset(&d->next, 0, sizeof d->next);
	if (view_more_cases(s, lv, i, err, errsz) < 0) {
		d->loaded = 0;
		return -1;
	}
	return 0;
}

static void cases_title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "cases", out, n);
	if (lv->sort[i] != STORE_ORDER_NEWEST) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, " (%s)", store_order_name(lv->sort[i]));
	}
}

/* For followers of a session with mask: true: a shallow copy of a case whose reference
 * keeps its phase and agency, and whose places (where it was detected, where it came
 * from, through and was going to) and free text show as "••••".  The country of
 * detection stays: it is a dimension every follower sees as a figure. */
struct masked_case {
	char ref[128], place[4][16], text[16];
};
static char *mask_place(char *in, char *out, size_t n)
{
	if (!in || !*in)
		return in; /* an empty field stays empty: nothing to hide */
	room_mask_place(in, out, n);
	return out;
}
static void mask_case(const struct store_case *in, struct store_case *out, struct masked_case *m)
{
	*out = *in;
	room_mask_ref(in->ref ? in->ref : "", m->ref, sizeof m->ref);
	out->ref = m->ref;
	out->location = mask_place(in->location, m->place[0], sizeof m->place[0]);
	out->departure = mask_place(in->departure, m->place[1], sizeof m->place[1]);
	/* the transit field holds one code per stop: masked as one, so the stops are not counted */
	out->transit = mask_place(in->transit, m->place[2], sizeof m->place[2]);
	out->destination = mask_place(in->destination, m->place[3], sizeof m->place[3]);
	out->summary = mask_place(in->summary, m->text, sizeof m->text);
}

/* What a case row shows, as one number: a new case, or a corrected one, changes it. */
static double case_figure(const struct store_case *k)
{
	const char *const text[] = { k->detected_on, k->agency, k->category, k->subcategory, k->transport,
	                             k->location, k->status };
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t t = 0; t < sizeof text / sizeof *text; t++)
		for (const unsigned char *p = (const unsigned char *)(text[t] ? text[t] : ""); ; p++) {
			h = (h ^ *p) * 16777619u;
			if (!*p)
				break;
		}
	unsigned char num[sizeof k->arrests + sizeof k->qty];
	memcpy(num, &k->arrests, sizeof k->arrests);
	memcpy(num + sizeof k->arrests, k->qty, sizeof k->qty);
	for (size_t b = 0; b < sizeof num; b++)
		h = (h ^ num[b]) * 16777619u;
	return (double)h + 1; /* never 0: a new case is always marked */
}

/* Each case of the window by its reference. */
static void cases_figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];

	for (int k = 0; k < d->ncases; k++)
		view_figures_add(out, d->cases[k].ref, NULL, case_figure(&d->cases[k]));
}

static void cases_draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i,
                       const struct store_filter *f, int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	/* a list filtered to one category, sub-category or agency does not repeat it on every row */
	struct widget_case_list l = { d->cases, d->ncases, d->first, d->total, d->more,
	                              f->value[STORE_DIM_CATEGORY], f->value[STORE_DIM_SUBCATEGORY],
	                              f->value[STORE_DIM_AGENCY], store_short_name, NULL };
	/* the cases a live refresh just added or corrected */
	unsigned char *moved = xcalloc((size_t)d->ncases + 1, 1);
	for (int k = 0; k < d->ncases; k++)
		moved[k] = view_changed_mark(lv, i, d->cases[k].ref, NULL) != NULL;
	l.changed = moved;

	if (!lv->mask || d->ncases == 0) {
		widget_case_list_draw(c, in, &l, &lv->cur[i], focused);
		free(moved);
		return;
	}
	/* a follower of a masking session: references and places drawn masked */
	struct store_case *shown = xcalloc((size_t)d->ncases, sizeof *shown);
	struct masked_case *m = xcalloc((size_t)d->ncases, sizeof *m);
	for (int k = 0; k < d->ncases; k++)
		mask_case(&d->cases[k], &shown[k], &m[k]);
	l.cases = shown;
	widget_case_list_draw(c, in, &l, &lv->cur[i], focused);
	free(shown);
	free(m);
	free(moved);
}

static int cases_items(const struct view_level *lv, int i)
{
	return lv->data->p[i].ncases;
}

static void cases_key(const struct view_level *lv, int i, int item, char *out, size_t n)
{
	const struct view_pdata *d = &lv->data->p[i];
	snprintf(out, n, "%s", item >= 0 && item < d->ncases ? d->cases[item].ref : "");
}

static int cases_hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y,
                     struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 0, y, at);
}

static int cases_drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	char ref[128];

	cases_key(lv, i, lv->cur[i].sel, ref, sizeof ref);
	if (!ref[0]) {
		snprintf(err, errsz, "nothing selected");
		return -1;
	}
	*screen = VIEW_CASE;
	if (locator_push(loc, LOCATOR_KEY_CASE, ref) < 0) {
		snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
		return -1;
	}
	return 0;
}

/* A case list scrolls, but a slide shows it as it opens. */
static int cases_fit(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n)
{
	const struct view_pdata *d = &lv->data->p[i];
	int lines = in.h > 0 ? in.h : 0;

	return panel_fit_rows(lv, i, d->ncases <= lines && !d->more ? d->ncases : lines - 1, d->ncases, why, n);
}

static const char *cases_sort_next(struct view_level *lv, int i)
{
	lv->sort[i] = (lv->sort[i] + 1) % STORE_ORDER_COUNT;
	return store_order_name(lv->sort[i]);
}

/* enum store_order, as session files name them */
static const char *const sorts[STORE_ORDER_COUNT] = { "newest", "oldest", "ref", "largest" };

const struct view_panel_type panel_cases = {
	.name = "cases",
	.hint = "↑↓ move · Enter open · End last · s sort",
	.sorts = sorts,
	.nsorts = STORE_ORDER_COUNT,
	.options = VIEW_OPT_SORT | VIEW_OPT_LIMIT,
	.load = cases_load,
	.title = cases_title,
	.draw = cases_draw,
	.figures = cases_figures,
	.items = cases_items,
	.key = cases_key,
	.hit = cases_hit,
	.drill = cases_drill,
	.sort_next = cases_sort_next,
	.fit = cases_fit,
	.keys_who = "case list",
	.keys_how = "Home End its very first / last case, however long the list; s orders it newest, "
	            "oldest, by reference, largest first",
};

/* ---- one case --------------------------------------------------------------------- */

static int case_load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                     size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	int rc = store_case_get(s, f->case_ref ? f->case_ref : "", &d->kase);

	(void)err, (void)errsz;
	d->has_case = rc == 0;
	return rc;
}

static void case_title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	char dflt[160];

	char masked[128];
	const char *ref = f->case_ref ? f->case_ref : "";
	if (lv->mask && room_mask_ref(ref, masked, sizeof masked) >= 0)
		ref = masked;
	snprintf(dflt, sizeof dflt, "Case %s", ref);
	panel_title_or(lv, i, dflt, out, n);
}

static void case_draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i,
                      const struct store_filter *f, int focused)
{
	struct view_pdata *d = &lv->data->p[i];

	(void)f, (void)focused;
	if (d->has_case && lv->mask) {
		struct store_case shown;
		struct masked_case m;
		mask_case(&d->kase, &shown, &m);
		widget_case_draw(c, in, &shown, &lv->cur[i]);
	} else if (d->has_case) {
		widget_case_draw(c, in, &d->kase, &lv->cur[i]);
	}
}

/* The arrows scroll the text. */
static void case_move(struct view_level *lv, int i, int delta, int horizontal)
{
	(void)horizontal;
	lv->cur[i].top += delta;
	if (lv->cur[i].top < 0)
		lv->cur[i].top = 0;
}

static int case_drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	(void)lv, (void)i, (void)loc, (void)screen;
	snprintf(err, errsz, "this is a single case: Backspace goes back");
	return -1;
}

const struct view_panel_type panel_case = {
	.name = "case",
	.hint = "↑↓ scroll · y locator",
	.load = case_load,
	.title = case_title,
	.draw = case_draw,
	.move = case_move,
	.drill = case_drill,
	.keys_who = "one case",
	.keys_how = "↑ ↓ scroll it; no other panel, nothing to drill into",
};
