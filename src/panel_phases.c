/*
 * panel_phases: the table of all phases with their cases by category, arrests and the
 * change against the previous phase.  It is a selector: the other panels of its screen
 * show the phase selected here (the home screen), and it starts on the latest phase.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "text.h"
#include "xmalloc.h"

static void pct_change(long long now, long long before, char *out, size_t n)
{
	if (before <= 0) {
		snprintf(out, n, "–");
		return;
	}
	double p = 100.0 * (double)(now - before) / (double)before;
	snprintf(out, n, "%+.0f %%", p);
}

/*
 * What the phase's figures are, in one word, from operations.source, which reads
 * "published: ...; synthetic: ..." (the sample says there what is invented).  A phase
 * whose category split is invented shows "split synthetic".
 */
static const char *source_word(const char *source)
{
	const char *syn;

	if (!source || !*source)
		return "";
	if (strncmp(source, "synthetic", 9) == 0)
		return "synthetic";
	syn = strstr(source, "synthetic:");
	if (syn && strstr(syn, "split"))
		return "split synthetic";
	return "published";
}

/* The latest phase selected; as tall as every phase plus header, totals and borders. */
static int prepare(struct store *s, struct view_level *lv, int i, int *rows, int *min, char *err, size_t errsz)
{
	struct store_phase *ph = NULL;
	int nph = 0;

	if (store_phases(s, &ph, &nph) < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		return -1;
	}
	store_phases_free(ph, nph);
	lv->cur[i].sel = nph - 1;
	*rows = nph + 5;
	*min = nph + 3 < 10 ? nph + 3 : 10;
	return 0;
}

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_filter none;

	(void)err, (void)errsz;
	if (store_phases(s, &d->phases, &d->nphases) < 0)
		return -1;
	if (store_aggregate(s, f, STORE_DIM_PHASE, &d->agg) < 0)
		return -1;
	/* The operation's own categories, every one in its order (an aggregate by category
	 * lists them all), a column each. */
	store_filter_init(&none);
	if (store_aggregate(s, &none, STORE_DIM_CATEGORY, &d->cats) < 0)
		return -1;
	int ncat = d->cats.n < VIEW_MAX_CATS ? d->cats.n : VIEW_MAX_CATS;
	const int NC = VIEW_PHASE_CELLS(ncat), A = VIEW_PHASE_ARRESTS(ncat);
	for (d->ncol = 0; d->ncol < ncat; d->ncol++) {
		struct store_filter g;
		int rc;
		store_filter_init(&g);
		rc = store_filter_copy(&g, f) < 0 || store_filter_set(&g, STORE_DIM_CATEGORY, d->cats.rows[d->ncol].key) < 0 ? -1
		     : store_aggregate(s, &g, STORE_DIM_PHASE, &d->col[d->ncol]);
		store_filter_free(&g);
		if (rc < 0)
			return -1;
	}
	d->ncells = d->nphases * NC;
	d->cells = xcalloc((size_t)d->ncells + 1, sizeof *d->cells);
	d->col_sum = xcalloc((size_t)d->ncells + 1, sizeof *d->col_sum);
	long long prev = -1;
	int prev_invented = 0; /* the previous phase's cases are not published */
	for (int r = 0; r < d->nphases; r++) {
		const struct store_phase *p = &d->phases[r];
		long long cases = 0, arrests = 0, bycat[VIEW_MAX_CATS] = { 0 };
		char buf[VIEW_PHASE_CELLS(VIEW_MAX_CATS)][80];
		for (int k = 0; k < d->agg.n; k++)
			if (strcmp(d->agg.rows[k].key, p->code) == 0)
				cases = d->agg.rows[k].cases, arrests = d->agg.rows[k].arrests;
		for (int c = 0; c < ncat; c++)
			for (int k = 0; k < d->col[c].n; k++)
				if (strcmp(d->col[c].rows[k].key, p->code) == 0)
					bycat[c] = d->col[c].rows[k].cases;
		snprintf(buf[0], sizeof buf[0], "%s", p->name);
		snprintf(buf[1], sizeof buf[0], "%s", *p->period ? p->period : p->starts_on);
		snprintf(buf[2], sizeof buf[0], "%d", p->agencies);
		text_thousands(cases, buf[3], sizeof buf[0]);
		for (int c = 0; c < ncat; c++)
			text_thousands(bycat[c], buf[4 + c], sizeof buf[0]);
		text_thousands(arrests, buf[A], sizeof buf[0]);
		pct_change(cases, prev, buf[A + 1], sizeof buf[0]);
		snprintf(buf[A + 2], sizeof buf[0], "%s", source_word(p->source));
		/* Invented figures are never shown as published: where the phase names what was
		 * published, every other count is marked "~": the agencies taking part, cases, each
		 * category (by its code), arrests, and the change when either phase's cases are. */
		int invented = store_figure_state(p, NULL, "cases", (double)cases) == STORE_FIGURE_INVENTED;
		for (int c = 2; c <= A + 1; c++) {
			const char *figure = c == 2 ? "agencies" : c == 3 ? "cases" : c < A ? d->cats.rows[c - 4].key
			                   : c == A ? "arrests" : NULL;
			double value = c == 2 ? p->agencies : c == 3 ? (double)cases : c < A ? (double)bycat[c - 4]
			             : (double)arrests;
			if (c == A + 1 ? prev >= 0 && (invented || prev_invented)
			               : store_figure_state(p, NULL, figure, value) == STORE_FIGURE_INVENTED) {
				char t[sizeof buf[0]];
				snprintf(t, sizeof t, "~%s", buf[c]);
				snprintf(buf[c], sizeof buf[0], "%s", t);
				d->synthetic = 1;
			}
		}
		/* A phase with no published figure at all says so first, where it cannot be cut. */
		if (strcmp(buf[A + 2], "synthetic") == 0)
			snprintf(buf[A + 3], sizeof buf[0], "synthetic · %.60s", buf[1]);
		else
			snprintf(buf[A + 3], sizeof buf[0], "%s", buf[1]);
		for (int c = 0; c < NC; c++)
			d->cells[r * NC + c] = xstrdup(buf[c]);
		long long *num = &d->col_sum[r * NC];
		num[3] = cases, num[A] = arrests;
		for (int c = 0; c < ncat; c++)
			num[4 + c] = bycat[c];
		prev = cases;
		prev_invented = invented;
	}
	return 0;
}

/* The figure a column of the cells shows: "cases", a category's code, "arrests"; NULL for
 * the columns that are not counts of cases (period, agencies taking part, change). */
static const char *column_figure(const struct view_pdata *d, int col)
{
	int A = VIEW_PHASE_ARRESTS(d->ncol);

	if (col == 3)
		return "cases";
	if (col > 3 && col < A)
		return d->cats.rows[col - 4].key;
	return col == A ? "arrests" : NULL;
}

/* Each phase's counts by its code and the column's figure; the totals' key is "". */
static void figures(const struct view_level *lv, int i, struct view_figures *out)
{
	const struct view_pdata *d = &lv->data->p[i];
	const int NC = VIEW_PHASE_CELLS(d->ncol), A = VIEW_PHASE_ARRESTS(d->ncol);

	for (int k = 3; k <= A; k++) {
		long long sum = 0;
		for (int r = 0; r < d->nphases; r++) {
			view_figures_add(out, d->phases[r].code, column_figure(d, k), (double)d->col_sum[r * NC + k]);
			sum += d->col_sum[r * NC + k];
		}
		view_figures_add(out, "", column_figure(d, k), (double)sum);
	}
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "Phases", out, n);
	if (lv->data && lv->data->p[i].synthetic) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, " · ~ synthetic figure");
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

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct view_pdata *d = &lv->data->p[i];
	const int ncat = d->ncol, NC = VIEW_PHASE_CELLS(ncat), A = VIEW_PHASE_ARRESTS(ncat);
	struct widget_column all[VIEW_PHASE_CELLS(VIEW_MAX_CATS)];
	int keep[VIEW_PHASE_CELLS(VIEW_MAX_CATS)], nk = 0;
	int namew = 8;

	(void)f;

	/* The phase column fits the longest name, within reason. */
	for (int r = 0; r < d->nphases; r++) {
		int w = text_width(d->cells[r * NC]);
		namew = w > namew ? (w < 16 ? w : 16) : namew;
	}
	all[0] = (struct widget_column){ "phase", namew, 0 };
	all[1] = (struct widget_column){ "operational period", 0, 0 };
	all[2] = (struct widget_column){ "taking part", 11, 1 };
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
	/* Figures are never cut: a number column is as wide as its widest figure or total
	 * (a million synthetic cases: "~166,530"). */
	int numw[VIEW_PHASE_CELLS(VIEW_MAX_CATS)] = { 0 };
	for (int k = 3; k <= A; k++) {
		long long sum = 0;
		char t[32];
		for (int r = 0; r < d->nphases; r++) {
			int w = text_width(d->cells[r * NC + k]);
			numw[k] = w > numw[k] ? w : numw[k];
			sum += d->col_sum[r * NC + k];
		}
		text_thousands(sum, t, sizeof t);
		numw[k] = (int)strlen(t) + 1 > numw[k] ? (int)strlen(t) + 1 : numw[k]; /* "~" may lead */
		all[k].width = numw[k] > all[k].width ? numw[k] : all[k].width;
	}
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
			w = w > 6 ? (w < 14 ? w : 14) : 6;
			all[4 + k].width = numw[4 + k] > w ? numw[4 + k] : w;
		}
	}
	struct widget_column cols[VIEW_PHASE_CELLS(VIEW_MAX_CATS)];
	const char **cells = xcalloc((size_t)d->nphases * (size_t)NC + 1, sizeof *cells);
	int *roles = xcalloc((size_t)d->nphases + 1, sizeof *roles);
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
	/* The counts a live refresh just changed, the totals' on the last row. */
	unsigned char *moved = xcalloc((size_t)(d->nphases + 1) * (size_t)nk + 1, 1);
	for (int r = 0; r <= d->nphases; r++)
		for (int k = 0; k < nk; k++) {
			const char *fig = column_figure(d, keep[k]);
			moved[r * nk + k] = fig && view_changed_mark(lv, i, r < d->nphases ? d->phases[r].code : "", fig);
		}
	struct widget_table t = { .ncols = nk, .cols = cols, .nrows = d->nphases, .cells = cells,
	                          .row_roles = roles, .sort_col = -1,
	                          .total = in.h >= d->nphases + 3 ? total : NULL, .changed = moved };
	widget_table_draw(c, in, &t, &lv->cur[i], focused);
	free(cells);
	free(roles);
	free(moved);
}

static int items(const struct view_level *lv, int i)
{
	return lv->data->p[i].nphases;
}

static void key(const struct view_level *lv, int i, int item, char *out, size_t n)
{
	const struct view_pdata *d = &lv->data->p[i];
	snprintf(out, n, "%s", item >= 0 && item < d->nphases ? d->phases[item].code : "");
}

static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 1, y, at); /* below the header line */
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	return panel_drill_dim(lv, i, STORE_DIM_PHASE, loc, screen, err, errsz);
}

const struct view_panel_type panel_phases = {
	.name = "phases",
	.hint = "↑↓ phase · Enter drill",
	.selector = 1,
	.prepare = prepare,
	.load = load,
	.title = title,
	.draw = draw,
	.figures = figures,
	.items = items,
	.key = key,
	.hit = hit,
	.drill = drill,
	.keys_who = "Phases",
	.keys_how = "↑ ↓ choose the phase the panels beside it show",
};
