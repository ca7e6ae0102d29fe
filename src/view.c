/*
 * view: the screens of the default dashboard and the layout engine that places their
 * panels, then paints them with widgets.
 *
 * A layout is a list of grid rows (preferred height, minimum, optional) and panels that
 * share a row's width by weight.  When the terminal is short, optional rows go first,
 * then rows shrink toward their minimum; a sharing row (height 0) takes what is left.
 * The default screens are built from the drill-down state: the home screen, a drill
 * screen over the dimensions the filter leaves open, a full case list, and one case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "view_internal.h"

static void add_row(struct view_layout *l, int height, int min, int optional)
{
	if (l->nrows < VIEW_MAX_ROWS)
		l->row[l->nrows++] = (struct view_grid_row){ height, min, optional };
}

static void add_panel(struct view_layout *l, int type, int dim, int dim2, int weight)
{
	if (l->npanels < VIEW_MAX_PANELS)
		l->panel[l->npanels++] = (struct view_panel_spec){
			.type = type, .dim = dim, .dim2 = dim2, .measure = WIDGET_CASES,
			.row = l->nrows - 1, .weight = weight };
}

/* The dimensions a drill screen shows as bars: the first three the filter leaves open. */
static int open_dims(const struct store_filter *f, int *dims, int max)
{
	int order[] = { STORE_DIM_CATEGORY, STORE_DIM_AGENCY, STORE_DIM_TRANSPORT, STORE_DIM_STATUS, STORE_DIM_COUNTRY };
	int n = 0;

	for (size_t i = 0; i < sizeof order / sizeof *order && n < max; i++) {
		int d = order[i];
		if (d == STORE_DIM_CATEGORY && f->value[d])
			d = STORE_DIM_SUBCATEGORY;
		if (!f->value[d])
			dims[n++] = d;
	}
	return n;
}

static void build_layout(struct view_level *lv, int nphases)
{
	struct view_layout *l = &lv->layout;
	const struct store_filter *f = &lv->filter;
	int dims[3], n;

	memset(l, 0, sizeof *l);
	switch (lv->screen) {
	case VIEW_HOME:
		add_row(l, nphases + 5, nphases + 3 < 10 ? nphases + 3 : 10, 0);
		add_panel(l, VIEW_PANEL_PHASES, STORE_DIM_PHASE, 0, 1);
		add_row(l, 5, 5, 1);
		add_panel(l, VIEW_PANEL_KPI, 0, 0, 1);
		add_row(l, 8, 6, 0);
		add_panel(l, VIEW_PANEL_BARS, STORE_DIM_CATEGORY, 0, 10);
		add_panel(l, VIEW_PANEL_BARS, STORE_DIM_AGENCY, 0, 11);
		add_panel(l, VIEW_PANEL_TIMELINE, STORE_DIM_WEEK, 0, 11);
		add_row(l, 0, 4, 0);
		add_panel(l, VIEW_PANEL_CASES, 0, 0, 1);
		break;
	case VIEW_DRILL:
		add_row(l, 5, 5, 1);
		add_panel(l, VIEW_PANEL_KPI, 0, 0, 1);
		n = open_dims(f, dims, 3);
		if (n > 0) {
			add_row(l, 9, 6, 0);
			for (int i = 0; i < n; i++)
				add_panel(l, VIEW_PANEL_BARS, dims[i], 0, 1);
		}
		add_row(l, 9, 6, 1);
		add_panel(l, VIEW_PANEL_TIMELINE, STORE_DIM_WEEK, 0, 2);
		/* The matrix gets the wider share: a column per category or transport mode. */
		if (!f->value[STORE_DIM_AGENCY] && !f->value[STORE_DIM_CATEGORY])
			add_panel(l, VIEW_PANEL_MATRIX, STORE_DIM_AGENCY, STORE_DIM_CATEGORY, 3);
		else if (!f->value[STORE_DIM_AGENCY] && !f->value[STORE_DIM_TRANSPORT])
			add_panel(l, VIEW_PANEL_MATRIX, STORE_DIM_AGENCY, STORE_DIM_TRANSPORT, 3);
		add_row(l, 0, 5, 0);
		add_panel(l, VIEW_PANEL_CASES, 0, 0, 1);
		break;
	case VIEW_CASES:
		add_row(l, 0, 3, 0);
		add_panel(l, VIEW_PANEL_CASES, 0, 0, 1);
		break;
	default:
		add_row(l, 0, 3, 0);
		add_panel(l, VIEW_PANEL_CASE, 0, 0, 1);
		break;
	}
}

int view_level_init(struct view_level *lv, struct store *s, const struct locator *loc, int screen,
                    char *err, size_t errsz)
{
	struct store_phase *ph = NULL;
	int nph = 0;

	memset(lv, 0, sizeof *lv);
	for (int i = 0; i < VIEW_MAX_PANELS; i++)
		lv->cur[i].sel = 0;
	for (int i = 0; i < loc->n; i++)
		if (locator_push(&lv->loc, loc->item[i].key, loc->item[i].value) < 0)
			goto oom;
	if (locator_to_filter(&lv->loc, &lv->filter) < 0)
		goto oom;
	if (lv->filter.case_ref)
		screen = VIEW_CASE;
	else if (lv->filter.search && screen != VIEW_CASE)
		screen = VIEW_CASES;
	else if (screen == VIEW_HOME && loc->n > 0)
		screen = VIEW_DRILL;
	lv->screen = screen;
	if (loc->n == 0) {
		lv->crumb = strdup("Home");
	} else if (screen == VIEW_CASES && loc->item[loc->n - 1].key != LOCATOR_KEY_SEARCH) {
		lv->crumb = strdup("cases"); /* the full list behind a figure: same filter, one step deeper */
	} else {
		const struct locator_item *it = &loc->item[loc->n - 1];
		if (it->key < STORE_DIM_COUNT)
			lv->crumb = store_label(s, it->key, it->value);
		else if (it->key == LOCATOR_KEY_SEARCH) {
			size_t n = strlen(it->value) + 3;
			if ((lv->crumb = malloc(n)))
				snprintf(lv->crumb, n, "\"%s\"", it->value);
		} else
			lv->crumb = strdup(it->value);
	}
	if (!lv->crumb)
		goto oom;
	if (screen == VIEW_HOME) {
		if (store_phases(s, &ph, &nph) < 0) {
			snprintf(err, errsz, "%s", store_error(s));
			view_level_free(lv);
			return -1;
		}
		store_phases_free(ph, nph);
		lv->cur[0].sel = nph - 1; /* the latest phase */
	}
	build_layout(lv, nph);
	/* Start on the first panel that leads somewhere new, not the KPI tiles. */
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panel[i].type != VIEW_PANEL_KPI) {
			lv->focus = i;
			break;
		}
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
	view_level_free(lv);
	return -1;
}

void view_level_invalidate(struct view_level *lv)
{
	if (!lv->data)
		return;
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct view_pdata *d = &lv->data->p[i];
		if (d->loaded)
			view_item_key(lv, i, lv->cur[i].sel, d->selkey, sizeof d->selkey);
		view_pdata_free(d);
	}
}

void view_level_free(struct view_level *lv)
{
	if (lv->data) {
		for (int i = 0; i < VIEW_MAX_PANELS; i++)
			view_pdata_free(&lv->data->p[i]);
		free(lv->data);
	}
	locator_free(&lv->loc);
	store_filter_free(&lv->filter);
	free(lv->crumb);
	memset(lv, 0, sizeof *lv);
}

/* Places the layout's panels in area; hidden panels get h = 0. */
static void place(const struct view_layout *l, struct canvas_rect area, struct canvas_rect *rect)
{
	int h[VIEW_MAX_ROWS], used[VIEW_MAX_ROWS], total = 0, flex = 0;

	for (int r = 0; r < l->nrows; r++) {
		used[r] = 1;
		h[r] = l->row[r].height ? l->row[r].height : l->row[r].min;
		total += h[r];
	}
	/* Drop optional rows, last first, while the preferred heights do not fit. */
	for (int r = l->nrows - 1; r >= 0 && total > area.h; r--)
		if (l->row[r].optional) {
			used[r] = 0;
			total -= h[r];
		}
	/* Shrink the tallest rows toward their minimum. */
	while (total > area.h) {
		int best = -1;
		for (int r = 0; r < l->nrows; r++)
			if (used[r] && h[r] > l->row[r].min && (best < 0 || h[r] - l->row[r].min > h[best] - l->row[best].min))
				best = r;
		if (best < 0)
			break;
		h[best]--;
		total--;
	}
	for (int r = 0; r < l->nrows; r++)
		flex += used[r] && l->row[r].height == 0;
	for (int r = 0, extra = area.h - total; r < l->nrows && extra > 0 && flex > 0; r++)
		if (used[r] && l->row[r].height == 0) {
			int add = extra / flex--;
			h[r] += add;
			extra -= add;
		}
	int y = area.y;
	for (int r = 0; r < l->nrows; r++) {
		int wsum = 0, x = area.x, seen = 0, npan = 0;
		for (int i = 0; i < l->npanels; i++)
			if (l->panel[i].row == r)
				wsum += l->panel[i].weight, npan++;
		for (int i = 0; i < l->npanels; i++) {
			if (l->panel[i].row != r)
				continue;
			if (!used[r] || y >= area.y + area.h) {
				rect[i] = (struct canvas_rect){ 0, 0, 0, 0 };
				continue;
			}
			seen += l->panel[i].weight;
			int right = npan == 1 || seen == wsum ? area.x + area.w : area.x + area.w * seen / wsum;
			int hh = h[r] < area.y + area.h - y ? h[r] : area.y + area.h - y;
			rect[i] = (struct canvas_rect){ x, y, right - x, hh };
			x = right;
		}
		if (used[r])
			y += h[r];
	}
}

static void panel_title(struct store *s, const struct view_level *lv, int i, const struct store_filter *f,
                        char *out, size_t n)
{
	const struct view_panel_spec *ps = &lv->layout.panel[i];
	char prefix[64] = "";

	if (lv->screen == VIEW_HOME && f->value[STORE_DIM_PHASE]) {
		char *l = store_label(s, STORE_DIM_PHASE, f->value[STORE_DIM_PHASE]);
		snprintf(prefix, sizeof prefix, "%s · ", l ? l : "");
		free(l);
	}
	switch (ps->type) {
	case VIEW_PANEL_PHASES:
		snprintf(out, n, "%s", lv->data && lv->data->p[i].synthetic ? "Phases · ~ synthetic figure" : "Phases");
		break;
	case VIEW_PANEL_KPI: snprintf(out, n, "%sat a glance", prefix); break;
	case VIEW_PANEL_BARS: snprintf(out, n, "%sby %s", prefix, view_dim_title(ps->dim)); break;
	case VIEW_PANEL_TIMELINE: snprintf(out, n, "%scases per week", prefix); break;
	case VIEW_PANEL_MATRIX:
		snprintf(out, n, "%s%s × %s", prefix, view_dim_title(ps->dim), view_dim_title(ps->dim2));
		break;
	case VIEW_PANEL_CASES:
		snprintf(out, n, "%s%s", prefix, lv->screen == VIEW_HOME ? "latest cases" : "cases");
		if (lv->sort[i] != STORE_ORDER_NEWEST) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, " (%s)", store_order_name(lv->sort[i]));
		}
		break;
	case VIEW_PANEL_CASE: snprintf(out, n, "Case %s", f->case_ref ? f->case_ref : ""); break;
	}
}

/* Sum of the widths of the columns keep[0..n) of all, with their gaps; flexible ones count 12. */
static int phases_width(const struct widget_column *all, const int *keep, int n)
{
	int w = 0;
	for (int k = 0; k < n; k++)
		w += (all[keep[k]].width ? all[keep[k]].width : 12) + (k ? 2 : 0);
	return w;
}

/* Removes the column idx from keep (if there). */
static int phases_drop(int *keep, int n, int idx)
{
	int o = 0;
	for (int k = 0; k < n; k++)
		if (keep[k] != idx)
			keep[o++] = keep[k];
	return o;
}

static void draw_phases(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	const int ncat = d->ncol, NC = VIEW_PHASE_CELLS(ncat), A = VIEW_PHASE_ARRESTS(ncat);
	struct widget_column all[VIEW_PHASE_CELLS(VIEW_MAX_CATS)];
	int keep[VIEW_PHASE_CELLS(VIEW_MAX_CATS)], nk = 0;
	int namew = 8;

	/* The phase column fits the longest name, within reason. */
	for (int r = 0; r < d->nphases; r++) {
		int w = text_width(d->cells[r * NC]);
		namew = w > namew ? (w < 16 ? w : 16) : namew;
	}
	all[0] = (struct widget_column){ "phase", namew, 0 };
	all[1] = (struct widget_column){ "operational period", 0, 0 };
	all[2] = (struct widget_column){ "agencies", 8, 1 };
	all[3] = (struct widget_column){ "cases", 7, 1 };
	/* A column per category, headed by its code (what locators and returns use). */
	for (int k = 0; k < ncat; k++) {
		int w = text_width(d->cats.rows[k].key);
		all[4 + k] = (struct widget_column){ d->cats.rows[k].key, w > 7 ? (w < 14 ? w : 14) : 7, 1 };
	}
	all[A] = (struct widget_column){ "arrests", 7, 1 };
	all[A + 1] = (struct widget_column){ "vs previous", 11, 1 };
	all[A + 2] = (struct widget_column){ "figures", 15, 0 };
	all[A + 3] = (struct widget_column){ "operational period", 0, 0 };
	/* Columns kept at each width.  Without the figures column, the period cell says which
	 * phases are synthetic (cell A + 3). */
	keep[nk++] = 0;
	if (in.w >= 100)
		keep[nk++] = in.w >= 136 ? 1 : A + 3;
	for (int k = 2; k <= A; k++)
		keep[nk++] = k;
	if (in.w >= 100)
		keep[nk++] = A + 1;
	if (in.w >= 136)
		keep[nk++] = A + 2;
	/* Many categories: the least needed columns give way before any category does. */
	const int give_way[] = { A + 2, A + 1, 2, A }; /* figures, vs previous, agencies, arrests */
	for (size_t g = 0; g < sizeof give_way / sizeof *give_way && phases_width(all, keep, nk) > in.w; g++)
		nk = phases_drop(keep, nk, give_way[g]);
	/* Then narrower: the phase column to 8, each category to its code (at least 6). */
	if (phases_width(all, keep, nk) > in.w) {
		all[0].width = 8;
		for (int k = 0; k < ncat; k++) {
			int w = text_width(d->cats.rows[k].key);
			all[4 + k].width = w > 6 ? (w < 14 ? w : 14) : 6;
		}
	}
	struct widget_column cols[VIEW_PHASE_CELLS(VIEW_MAX_CATS)];
	const char **cells = calloc((size_t)d->nphases * (size_t)NC + 1, sizeof *cells);
	int *roles = calloc((size_t)d->nphases + 1, sizeof *roles);

	if (!cells || !roles)
		goto out;
	for (int k = 0; k < nk; k++)
		cols[k] = all[keep[k]];
	for (int r = 0; r < d->nphases; r++) {
		for (int k = 0; k < nk; k++)
			cells[r * nk + k] = d->cells[r * NC + keep[k]];
		roles[r] = strncmp(d->phases[r].source, "synthetic", 9) == 0 ? ROLE_MUTED : ROLE_TITLE;
	}
	/* A totals row over all phases, when it does not push a phase out of sight. */
	char tot[VIEW_PHASE_CELLS(VIEW_MAX_CATS)][32] = { "all" };
	const char *total[VIEW_PHASE_CELLS(VIEW_MAX_CATS)];
	long long sum[VIEW_PHASE_CELLS(VIEW_MAX_CATS)] = { 0 };
	for (int r = 0; r < d->nphases; r++)
		for (int k = 3; k <= A; k++)
			sum[k] += d->col_sum[r * NC + k];
	for (int k = 3; k <= A; k++) {
		/* A sum with an invented figure in it is invented too. */
		int invented = 0;
		for (int r = 0; r < d->nphases; r++)
			invented |= d->cells[r * NC + k][0] == '~';
		text_thousands(sum[k], tot[k] + invented, sizeof tot[k] - 1);
		tot[k][0] = invented ? '~' : tot[k][0];
	}
	for (int k = 0; k < nk; k++)
		total[k] = tot[keep[k]];
	struct widget_table t = { .ncols = nk, .cols = cols, .nrows = d->nphases, .cells = cells,
	                          .row_roles = roles, .sort_col = -1,
	                          .total = in.h >= d->nphases + 3 ? total : NULL };
	widget_table_draw(c, in, &t, &lv->cur[i], focused);
out:
	free(cells);
	free(roles);
}

static void draw_kpi(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	const struct store_agg_row *t = &d->agg.total;
	char v[5][48], label[48], delta[64] = "";
	int dir = 0, n = 0, other = -1;
	struct widget_kpi k[5];

	text_thousands(t->cases, v[0], sizeof v[0]);
	if (d->prev_cases > 0) {
		double p = 100.0 * (double)(t->cases - d->prev_cases) / (double)d->prev_cases;
		snprintf(delta, sizeof delta, "%+.0f %% vs %s", p, d->prev_name);
		dir = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
	}
	k[n++] = (struct widget_kpi){ "cases", v[0], delta[0] ? delta : NULL, dir };
	text_thousands(t->arrests, v[1], sizeof v[1]);
	k[n++] = (struct widget_kpi){ "arrests", v[1], NULL, 0 };
	/* The count unit that matters here: tablets for drugs, heads or pieces for wildlife. */
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		if (u != STORE_UNIT_KG && t->qty[u] > 0 && (other < 0 || t->qty[u] > t->qty[other]))
			other = u;
	/* Weight, unless nothing here is weighed and something is counted (cigarettes). */
	if (t->qty[STORE_UNIT_KG] > 0 || other < 0) {
		text_quantity(t->qty[STORE_UNIT_KG], "kg", v[2], sizeof v[2]);
		k[n++] = (struct widget_kpi){ "seized by weight", v[2], NULL, 0 };
	}
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

static void draw_matrix(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	struct widget_matrix m = { d->mrows, d->mcols, (const char *const *)d->mrow_label,
	                           (const char *const *)d->mcol_label, d->counts };
	widget_matrix_draw(c, in, &m, &lv->cur[i], focused);
}

static void draw_panel(struct store *s, struct canvas *c, struct view_level *lv, int i, const struct store_filter *f)
{
	const struct view_panel_spec *ps = &lv->layout.panel[i];
	struct view_pdata *d = &lv->data->p[i];
	int focused = lv->focus == i;
	char title[160];
	struct canvas_rect in;

	panel_title(s, lv, i, f, title, sizeof title);
	in = widget_frame(c, lv->rect[i], title, focused);
	if (in.w <= 0 || in.h <= 0)
		return;
	switch (ps->type) {
	case VIEW_PANEL_PHASES:
		draw_phases(c, in, lv, i, focused);
		break;
	case VIEW_PANEL_KPI:
		draw_kpi(c, in, lv, i, focused);
		break;
	case VIEW_PANEL_BARS: {
		struct widget_bars b = { &d->agg, ps->measure, ps->dim == STORE_DIM_CATEGORY, 0 };
		/* Sub-categories take their category's colour, as everywhere else. */
		if (ps->dim == STORE_DIM_SUBCATEGORY && f->value[STORE_DIM_CATEGORY])
			b.role = widget_role_for(STORE_DIM_CATEGORY, f->value[STORE_DIM_CATEGORY]);
		widget_bars_draw(c, in, &b, &lv->cur[i], focused);
		break;
	}
	case VIEW_PANEL_TIMELINE: {
		struct widget_timeline t = { &d->agg, d->from, d->to };
		widget_timeline_draw(c, in, &t, &lv->cur[i], focused);
		break;
	}
	case VIEW_PANEL_MATRIX:
		draw_matrix(c, in, lv, i, focused);
		break;
	case VIEW_PANEL_CASES:
		widget_cases_draw(c, in, d->cases, d->ncases, d->more, &lv->cur[i], focused);
		break;
	case VIEW_PANEL_CASE:
		if (d->has_case)
			widget_case_draw(c, in, &d->kase, &lv->cur[i]);
		break;
	}
}

char *view_filter_words(struct store *s, const struct store_filter *f)
{
	size_t cap = 512, len = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	out[0] = '\0';
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		if (!f->value[d])
			continue;
		char *l = store_label(s, d, f->value[d]);
		len += (size_t)snprintf(out + len, cap - len, "%s%s %s", len ? " · " : "", view_dim_title(d),
		                        l ? l : f->value[d]);
		free(l);
		if (len >= cap)
			len = cap - 1;
	}
	if (f->search && len < cap)
		len += (size_t)snprintf(out + len, cap - len, "%ssearch \"%s\"", len ? " · " : "", f->search);
	if (!out[0])
		snprintf(out, cap, "all phases · all categories · all agencies");
	return out;
}

/* The top and bottom lines are one bar in the status colours; only an alert stands out. */
static int bar_role(int role)
{
	return role == ROLE_ALERT ? ROLE_ALERT : ROLE_STATUS;
}

static void draw_chrome(struct store *s, struct view_level *const *levels, int depth, const struct view_chrome *ch,
                        struct canvas *c)
{
	const struct view_level *lv = levels[depth - 1];
	char buf[512], right[256];
	int w = c->cols, n;

	canvas_fill(c, (struct canvas_rect){ 0, 0, w, 1 }, ROLE_STATUS);
	n = canvas_put(c, 1, 0, w - 2, "opdeck", ROLE_STATUS);
	canvas_attr(c, (struct canvas_rect){ 1, 0, n, 1 }, CANVAS_BOLD, -1);
	snprintf(buf, sizeof buf, "%s", ch->title ? ch->title : "");
	n += 3 + canvas_put(c, n + 3, 0, w - n - 4, buf, ROLE_STATUS);
	snprintf(right, sizeof right, "%s%s%s%s · ", ch->db_name ? ch->db_name : "",
	         ch->as_of ? " · data as of " : "", ch->as_of ? ch->as_of : "", "");
	int sw = text_width(ch->state ? ch->state : "");
	int rw = text_width(right);
	if (n + 2 + rw + sw < w) {
		canvas_put(c, w - 1 - sw - rw, 0, rw, right, ROLE_STATUS);
		canvas_put(c, w - 1 - sw, 0, sw, ch->state ? ch->state : "", bar_role(ch->state_role));
	} else if (n + 2 + sw < w) {
		canvas_put(c, w - 1 - sw, 0, sw, ch->state ? ch->state : "", bar_role(ch->state_role));
	}

	/* Breadcrumbs: Home › OMD 7 › Drugs, from the levels' crumbs. */
	canvas_fill(c, (struct canvas_rect){ 0, 1, w, 1 }, ROLE_NORMAL);
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < depth && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? (c->ascii ? " > " : " › ") : "",
		                        levels[i]->crumb ? levels[i]->crumb : "");
	n = canvas_put(c, 1, 1, w * 2 / 3, buf, ROLE_TITLE);
	char *words = lv->loc.n ? view_filter_words(s, &lv->filter) : NULL;
	if (words) {
		snprintf(right, sizeof right, "filters: %s", words);
		free(words);
	} else {
		snprintf(right, sizeof right, "? help · q quit");
	}
	int fw = text_width(right);
	if (fw > w - n - 4)
		fw = w - n - 4;
	if (fw > 8)
		canvas_put_right(c, w - 1 - fw, 1, fw, right, ROLE_MUTED);

	/* Bottom line: a message or prompt, else the locator and the main keys. */
	canvas_fill(c, (struct canvas_rect){ 0, c->rows - 1, w, 1 }, ROLE_STATUS);
	if (ch->bottom) {
		canvas_put(c, 1, c->rows - 1, w - 2, ch->bottom, bar_role(ch->bottom_role));
		return;
	}
	char *loc = locator_format(&lv->loc);
	const char *hint = lv->screen == VIEW_CASE ? "↑↓ scroll · Backspace back · y locator · ? help"
	                   : "↑↓ move · Enter drill · Backspace back · Tab panel · / search · f filter · s sort · ? help";
	snprintf(buf, sizeof buf, "%s", loc && *loc ? loc : "home");
	free(loc);
	n = canvas_put(c, 1, c->rows - 1, w / 3, buf, ROLE_STATUS);
	canvas_attr(c, (struct canvas_rect){ 1, c->rows - 1, n, 1 }, CANVAS_BOLD, -1);
	if (c->ascii)
		hint = lv->screen == VIEW_CASE ? "up/down scroll - Backspace back - y locator - ? help"
		       : "arrows move - Enter drill - Backspace back - Tab panel - / search - f filter - ? help";
	canvas_put(c, n + 3, c->rows - 1, w - n - 4, hint, ROLE_STATUS);
}

int view_draw(struct store *s, struct view_level *const *levels, int depth, const struct view_chrome *ch,
              struct canvas *c, char *err, size_t errsz)
{
	struct view_level *lv = levels[depth - 1];
	int rc = 0;

	canvas_clear(c);
	if (c->cols < VIEW_MIN_COLS || c->rows < VIEW_MIN_ROWS) {
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small (need %dx%d)", VIEW_MIN_COLS, VIEW_MIN_ROWS);
		int w = text_width(msg);
		canvas_put(c, w < c->cols ? (c->cols - w) / 2 : 0, c->rows / 2, c->cols, msg, ROLE_ALERT);
		return 0;
	}
	if (!lv->data && !(lv->data = calloc(1, sizeof *lv->data))) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	place(&lv->layout, (struct canvas_rect){ 0, 2, c->cols, c->rows - 3 }, lv->rect);
	if (lv->rect[lv->focus].h == 0) {
		int idx[VIEW_MAX_PANELS];
		if (view_focusable(lv, idx, VIEW_MAX_PANELS) > 0)
			lv->focus = idx[0];
	}
	/* Panel 0 first: on the home screen the others depend on its selection. */
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct store_filter f;
		store_filter_init(&f);
		if (view_effective_filter(lv, i, &f) < 0) {
			store_filter_free(&f);
			snprintf(err, errsz, "out of memory");
			rc = -1;
			break;
		}
		struct view_pdata *d = &lv->data->p[i];
		const char *want = f.value[STORE_DIM_PHASE];
		if (d->loaded && lv->screen == VIEW_HOME && i > 0 &&
		    (!want || !d->phase || strcmp(want, d->phase) != 0)) {
			view_pdata_free(d);
			lv->cur[i].sel = 0;
			lv->cur[i].top = 0;
		}
		if (lv->rect[i].h > 0 && view_load_panel(s, lv, i, &f, err, errsz) < 0)
			rc = -1;
		if (lv->rect[i].h > 0 && rc == 0)
			draw_panel(s, c, lv, i, &f);
		store_filter_free(&f);
		if (rc < 0)
			break;
	}
	draw_chrome(s, levels, depth, ch, c);
	if (rc < 0)
		widget_message_draw(c, "cannot read the database", err, ROLE_ALERT);
	return rc;
}

int view_focusable(const struct view_level *lv, int *idx, int max)
{
	int n = 0;

	for (int i = 0; i < lv->layout.npanels && n < max; i++)
		if (lv->rect[i].h > 0 && lv->rect[i].w > 0)
			idx[n++] = i;
	return n;
}

void view_move(struct view_level *lv, int delta, int horizontal)
{
	int i = lv->focus, n = view_items(lv, i);
	struct widget_cursor *cur = &lv->cur[i];
	int type = lv->layout.panel[i].type;

	if (type == VIEW_PANEL_CASE) {
		cur->top += delta;
		if (cur->top < 0)
			cur->top = 0;
		return;
	}
	if (type == VIEW_PANEL_MATRIX && horizontal) {
		int m = lv->data ? lv->data->p[i].mcols : 0;
		cur->col += delta;
		if (cur->col >= m)
			cur->col = m - 1;
		if (cur->col < 0)
			cur->col = 0;
		return;
	}
	cur->sel += delta;
	if (cur->sel >= n)
		cur->sel = n - 1;
	if (cur->sel < 0)
		cur->sel = n > 0 ? 0 : -1;
}

int view_drill_target(struct store *s, struct view_level *lv, struct locator *loc, int *screen,
                      char *err, size_t errsz)
{
	int i = lv->focus;
	const struct view_panel_spec *ps = &lv->layout.panel[i];
	struct view_pdata *d = lv->data ? &lv->data->p[i] : NULL;
	int sel = lv->cur[i].sel;
	char key[128];

	(void)s;
	memset(loc, 0, sizeof *loc);
	if (!d || !d->loaded) {
		snprintf(err, errsz, "nothing to open here");
		return -1;
	}
	for (int k = 0; k < lv->loc.n; k++)
		if (locator_push(loc, lv->loc.item[k].key, lv->loc.item[k].value) < 0)
			goto full;
	/* On the home screen the lower panels belong to the selected phase. */
	if (lv->screen == VIEW_HOME && ps->type != VIEW_PANEL_PHASES && d->phase &&
	    locator_push(loc, STORE_DIM_PHASE, d->phase) < 0)
		goto full;
	*screen = VIEW_DRILL;
	switch (ps->type) {
	case VIEW_PANEL_KPI:
		*screen = VIEW_CASES;
		return 0;
	case VIEW_PANEL_CASE:
		snprintf(err, errsz, "this is a single case: Backspace goes back");
		goto fail;
	case VIEW_PANEL_MATRIX:
		if (sel < 0 || sel >= d->mrows || lv->cur[i].col < 0 || lv->cur[i].col >= d->mcols)
			goto none;
		if (locator_push(loc, ps->dim, d->mrow_key[sel]) < 0 ||
		    locator_push(loc, ps->dim2, d->mcol_key[lv->cur[i].col]) < 0)
			goto full;
		return 0;
	case VIEW_PANEL_CASES:
		view_item_key(lv, i, sel, key, sizeof key);
		if (!key[0])
			goto none;
		*screen = VIEW_CASE;
		if (locator_push(loc, LOCATOR_KEY_CASE, key) < 0)
			goto full;
		return 0;
	default:
		view_item_key(lv, i, sel, key, sizeof key);
		if (!key[0])
			goto none;
		if (locator_push(loc, ps->dim, key) < 0)
			goto full;
		/* A category that is already fixed leaves nothing new to see. */
		return 0;
	}
none:
	snprintf(err, errsz, "nothing selected");
	goto fail;
full:
	snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
fail:
	locator_free(loc);
	return -1;
}

const char *view_sort_next(struct store *s, struct view_level *lv)
{
	int i = lv->focus;
	int type = lv->layout.panel[i].type;
	static const char *names[VIEW_SORT_COUNT] = { "natural order", "largest first", "by name" };

	(void)s;
	if (type == VIEW_PANEL_CASES) {
		lv->sort[i] = (lv->sort[i] + 1) % STORE_ORDER_COUNT;
	} else if (type == VIEW_PANEL_BARS) {
		lv->sort[i] = (lv->sort[i] + 1) % VIEW_SORT_COUNT;
	} else {
		return NULL;
	}
	if (lv->data && lv->data->p[i].loaded) {
		/* not loaded: a selection key from an earlier change is still waiting */
		struct view_pdata *d = &lv->data->p[i];
		view_item_key(lv, i, lv->cur[i].sel, d->selkey, sizeof d->selkey);
		view_pdata_free(d);
	}
	return type == VIEW_PANEL_CASES ? store_order_name(lv->sort[i]) : names[lv->sort[i]];
}

int view_hit(const struct view_level *lv, int x, int y, int *item)
{
	*item = -1;
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct canvas_rect r = lv->rect[i];
		if (r.h <= 0 || x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h)
			continue;
		int type = lv->layout.panel[i].type;
		int row = y - r.y - 1; /* inside the border */
		if (type == VIEW_PANEL_PHASES || type == VIEW_PANEL_MATRIX)
			row--; /* the header line */
		if (type == VIEW_PANEL_KPI) {
			*item = 0; /* every tile opens the same case list */
			return i;
		}
		if (type != VIEW_PANEL_TIMELINE && type != VIEW_PANEL_CASE && row >= 0) {
			int k = row + lv->cur[i].top;
			if (k < view_items(lv, i))
				*item = k;
		}
		return i;
	}
	return -1;
}

int view_picker_values(struct store *s, const struct view_level *lv, int dim, struct store_agg *out)
{
	struct store_filter f;
	int rc;

	store_filter_init(&f);
	if (view_effective_filter(lv, 0, &f) < 0) {
		store_filter_free(&f);
		return -1;
	}
	store_filter_set(&f, dim, NULL);
	rc = store_aggregate(s, &f, dim, out);
	store_filter_free(&f);
	return rc;
}
