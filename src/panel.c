/*
 * panel: the table of panel types and the helpers several types share.  Each type lives
 * in its own file (src/panel_NAME.c); this table is the only place that lists them.
 */
#include <stdio.h>
#include <string.h>

#include "panel.h"

const struct view_panel_type *const view_panel_types[VIEW_PANEL_COUNT] = {
	[VIEW_PANEL_PHASES] = &panel_phases,
	[VIEW_PANEL_KPI] = &panel_kpi,
	[VIEW_PANEL_BARS] = &panel_bars,
	[VIEW_PANEL_TIMELINE] = &panel_timeline,
	[VIEW_PANEL_MATRIX] = &panel_matrix,
	[VIEW_PANEL_CASES] = &panel_cases,
	[VIEW_PANEL_CASE] = &panel_case,
	[VIEW_PANEL_TABLE] = &panel_table,
	[VIEW_PANEL_TEXT] = &panel_text,
	[VIEW_PANEL_COMPARE] = &panel_compare,
	[VIEW_PANEL_SILENT] = &panel_silent,
};

int view_panel_type_find(const char *name)
{
	for (int t = 0; name && t < VIEW_PANEL_COUNT; t++)
		if (strcmp(view_panel_types[t]->name, name) == 0)
			return t;
	return -1;
}

const char *view_panel_type_name(int t)
{
	return t >= 0 && t < VIEW_PANEL_COUNT ? view_panel_types[t]->name : NULL;
}

const char *const view_panel_keys[] = { "type", "place", "span", "title", "filter", "by", "by2", "measure",
                                        "sort", "limit", "text", "compare", NULL };

int view_panel_takes(int t, const char *key)
{
	static const struct {
		const char *key;
		unsigned bit;
	} opt[] = { { "by", VIEW_OPT_BY }, { "by2", VIEW_OPT_BY2 }, { "measure", VIEW_OPT_MEASURE },
	            { "sort", VIEW_OPT_SORT }, { "limit", VIEW_OPT_LIMIT }, { "text", VIEW_OPT_TEXT },
	            { "compare", VIEW_OPT_COMPARE } };

	if (t < 0 || t >= VIEW_PANEL_COUNT || !key)
		return 0;
	for (size_t k = 0; k < sizeof opt / sizeof *opt; k++)
		if (strcmp(key, opt[k].key) == 0)
			return (view_panel_types[t]->options & opt[k].bit) != 0;
	for (int k = 0; k < 5; k++) /* type, place, span, title, filter */
		if (strcmp(key, view_panel_keys[k]) == 0)
			return 1;
	return 0;
}

const char *const *view_panel_sorts(int t, int *n)
{
	*n = 0;
	if (t < 0 || t >= VIEW_PANEL_COUNT || !view_panel_types[t]->sorts)
		return NULL;
	*n = view_panel_types[t]->nsorts;
	return view_panel_types[t]->sorts;
}

int view_panel_check(const struct session_panel *p, char *err, size_t errsz)
{
	if (p->type < 0 || p->type >= VIEW_PANEL_COUNT) {
		snprintf(err, errsz, "unknown panel type");
		return -1;
	}
	return view_panel_types[p->type]->check ? view_panel_types[p->type]->check(p, err, errsz) : 0;
}

const struct view_panel_type *panel_type(const struct view_level *lv, int i)
{
	int t = lv->layout.panels[i].type;
	return view_panel_types[t >= 0 && t < VIEW_PANEL_COUNT ? t : VIEW_PANEL_CASE];
}

void panel_title_or(const struct view_level *lv, int i, const char *dflt, char *out, size_t n)
{
	const char *own = lv->layout.panels[i].title;
	snprintf(out, n, "%s", own ? own : dflt);
}

int panel_fit_rows(const struct view_level *lv, int i, int shown, int n, char *why, size_t whysz)
{
	int limit = lv->layout.panels[i].limit;
	int want = limit > 0 ? (limit < n ? limit : n) : (n < 3 ? n : 3);

	if (shown < 0)
		shown = 0;
	if (shown >= want)
		return 0;
	snprintf(why, whysz, "%s: %d of %d rows", panel_type(lv, i)->name, shown, want);
	return 1;
}

int view_panel_fit(const struct view_level *lv, int i, char *why, size_t whysz)
{
	const struct view_panel_type *t = panel_type(lv, i);
	struct canvas_rect in = canvas_inner(lv->rect[i]);

	why[0] = '\0';
	if (lv->rect[i].h <= 0 || lv->rect[i].w <= 0) {
		snprintf(why, whysz, "%s: no room at all (left out)", t->name);
		return 1;
	}
	if (!t->fit || !lv->data || !lv->data->p[i].loaded)
		return 0;
	return t->fit(lv, i, in, why, whysz);
}

int panel_agg_items(const struct view_level *lv, int i)
{
	return lv->data->p[i].agg.n;
}

void panel_agg_key(const struct view_level *lv, int i, int item, char *out, size_t n)
{
	const struct store_agg *a = &lv->data->p[i].agg;
	snprintf(out, n, "%s", item >= 0 && item < a->n ? a->rows[item].key : "");
}

int panel_hit_rows(const struct view_level *lv, int i, struct canvas_rect in, int header, int y,
                   struct widget_cursor *at)
{
	int row = y - in.y - header;
	const struct view_panel_type *t = panel_type(lv, i);

	if (row < 0 || !t->items)
		return -1;
	row += lv->cur[i].top;
	if (row >= t->items(lv, i))
		return -1;
	at->sel = row;
	at->col = lv->cur[i].col;
	return 0;
}

int panel_drill_dim(struct view_level *lv, int i, int dim, struct locator *loc, int *screen, char *err,
                    size_t errsz)
{
	char key[128];
	const struct view_panel_type *t = panel_type(lv, i);

	if (t->key)
		t->key(lv, i, lv->cur[i].sel, key, sizeof key);
	else
		key[0] = '\0';
	if (!key[0]) {
		snprintf(err, errsz, "nothing selected");
		return -1;
	}
	*screen = VIEW_DRILL;
	if (locator_push(loc, dim, key) < 0) {
		snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
		return -1;
	}
	return 0;
}

int panel_load_phases(struct store *s, struct view_pdata *d)
{
	if (d->phases)
		return 0;
	return store_phases(s, &d->phases, &d->nphases);
}

int panel_invented(const struct view_pdata *d, const struct store_filter *f, int dim, const char *key, int measure,
                   double value)
{
	const char *phase = dim == STORE_DIM_PHASE ? key : f ? f->value[STORE_DIM_PHASE] : NULL;
	const char *name = measure == WIDGET_AGENCIES ? "agencies reporting" : widget_measure_name(measure);
	struct store_filter g;
	int st = STORE_FIGURE_DATA;

	if (!d->phases || !name)
		return 0;
	if (!phase) { /* a sum over phases: no phase published it */
		for (int k = 0; k < d->nphases; k++)
			if (d->phases[k].published)
				return 1;
		return 0;
	}
	for (int k = 0; k < d->nphases; k++) {
		if (strcmp(d->phases[k].code, phase) != 0)
			continue;
		store_filter_init(&g);
		if (f)
			store_filter_copy(&g, f);
		if (dim >= 0 && dim < STORE_DIM_COUNT)
			store_filter_set(&g, dim, key);
		st = store_figure_state(&d->phases[k], &g, name, value);
		store_filter_free(&g);
		break;
	}
	return st == STORE_FIGURE_INVENTED;
}

void panel_cell(double v, int measure, char *out, size_t n)
{
	size_t len;
	char *sp;

	widget_measure_format(v, measure == WIDGET_AGENCIES ? WIDGET_CASES : measure, out, n);
	if (measure == WIDGET_QTY + STORE_UNIT_KG)
		return; /* "11.8 t", "340 kg": the unit changes with the size */
	/* "1.7 M tablets" → "1.7 M", "3,770 pieces" → "3,770": the column names the unit */
	len = strlen(out);
	if ((sp = strrchr(out, ' ')) && sp > out && (sp[1] < '0' || sp[1] > '9') && sp[1] != 'M')
		*sp = '\0';
	(void)len;
}
