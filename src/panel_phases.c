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

static const char *top_categories[3] = { "drugs", "precursors", "wildlife" };

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
	enum { NC = VIEW_PHASE_CELLS };
	struct view_pdata *d = &lv->data->p[i];

	(void)err, (void)errsz;
	if (store_phases(s, &d->phases, &d->nphases) < 0)
		return -1;
	if (store_aggregate(s, f, STORE_DIM_PHASE, &d->agg) < 0)
		return -1;
	for (d->ncol = 0; d->ncol < 3; d->ncol++) {
		struct store_filter g;
		int rc;
		store_filter_init(&g);
		rc = store_filter_copy(&g, f) < 0 || store_filter_set(&g, STORE_DIM_CATEGORY, top_categories[d->ncol]) < 0 ? -1
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
		long long cases = 0, arrests = 0, bycat[3] = { 0, 0, 0 };
		char buf[NC][80];
		for (int k = 0; k < d->agg.n; k++)
			if (strcmp(d->agg.rows[k].key, p->code) == 0)
				cases = d->agg.rows[k].cases, arrests = d->agg.rows[k].arrests;
		for (int c = 0; c < 3; c++)
			for (int k = 0; k < d->col[c].n; k++)
				if (strcmp(d->col[c].rows[k].key, p->code) == 0)
					bycat[c] = d->col[c].rows[k].cases;
		snprintf(buf[0], sizeof buf[0], "%s", p->name);
		snprintf(buf[1], sizeof buf[0], "%s", *p->period ? p->period : p->starts_on);
		snprintf(buf[2], sizeof buf[0], "%d", p->agencies);
		text_thousands(cases, buf[3], sizeof buf[0]);
		text_thousands(bycat[0], buf[4], sizeof buf[0]);
		text_thousands(bycat[1], buf[5], sizeof buf[0]);
		text_thousands(bycat[2], buf[6], sizeof buf[0]);
		text_thousands(arrests, buf[7], sizeof buf[0]);
		pct_change(cases, prev, buf[8], sizeof buf[0]);
		snprintf(buf[9], sizeof buf[0], "%s", source_word(p->source));
		/* Invented figures are never shown as published: where the phase names what was
		 * published, every other count is marked "~". */
		static const char *const figure[] = { NULL, NULL, "agencies", "cases", "drugs", "precursors",
		                                      "wildlife", "arrests", "cases" };
		const double value[] = { 0, 0, p->agencies, (double)cases, (double)bycat[0], (double)bycat[1],
		                         (double)bycat[2], (double)arrests, 0 };
		int invented = store_figure_state(p, NULL, "cases", (double)cases) == STORE_FIGURE_INVENTED;
		for (int c = 2; c <= 8; c++)
			if (figure[c] && (c == 8 ? prev >= 0 && (invented || prev_invented)
			                         : store_figure_state(p, NULL, figure[c], value[c]) == STORE_FIGURE_INVENTED)) {
				char t[sizeof buf[0]];
				snprintf(t, sizeof t, "~%s", buf[c]);
				snprintf(buf[c], sizeof buf[0], "%s", t);
				d->synthetic = 1;
			}
		/* A phase with no published figure at all says so first, where it cannot be cut. */
		if (strcmp(buf[9], "synthetic") == 0)
			snprintf(buf[10], sizeof buf[0], "synthetic · %.60s", buf[1]);
		else
			snprintf(buf[10], sizeof buf[0], "%s", buf[1]);
		for (int c = 0; c < NC; c++)
			d->cells[r * NC + c] = xstrdup(buf[c]);
		long long *num = &d->col_sum[r * NC];
		num[3] = cases, num[4] = bycat[0], num[5] = bycat[1], num[6] = bycat[2], num[7] = arrests;
		prev = cases;
		prev_invented = invented;
	}
	return 0;
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

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	static const struct widget_column all[VIEW_PHASE_CELLS] = {
		{ "phase", 8, 0 }, { "operational period", 0, 0 }, { "taking part", 11, 1 }, { "cases", 7, 1 },
		{ "drugs", 7, 1 }, { "precursors", 10, 1 }, { "wildlife", 8, 1 }, { "arrests", 7, 1 },
		{ "vs previous", 11, 1 }, { "figures", 15, 0 }, { "operational period", 0, 0 }
	};
	/* Columns kept at each width.  Without the figures column, the period cell says which
	 * phases are synthetic (cell 10). */
	static const int wide[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, mid[] = { 0, 10, 2, 3, 4, 5, 6, 7, 8 },
	                 narrow[] = { 0, 2, 3, 4, 5, 6, 7 };
	const int *keep = in.w >= 136 ? wide : in.w >= 100 ? mid : narrow;
	int nk = in.w >= 136 ? 10 : in.w >= 100 ? 9 : 7;
	struct view_pdata *d = &lv->data->p[i];
	struct widget_column cols[10];
	const char **cells = xcalloc((size_t)d->nphases * VIEW_PHASE_CELLS + 1, sizeof *cells);
	int *roles = xcalloc((size_t)d->nphases + 1, sizeof *roles);

	(void)f;
	for (int k = 0; k < nk; k++)
		cols[k] = all[keep[k]];
	for (int r = 0; r < d->nphases; r++) {
		for (int k = 0; k < nk; k++)
			cells[r * nk + k] = d->cells[r * VIEW_PHASE_CELLS + keep[k]];
		roles[r] = strncmp(d->phases[r].source, "synthetic", 9) == 0 ? ROLE_MUTED : ROLE_TITLE;
	}
	/* A totals row over all phases, when it does not push a phase out of sight. */
	char tot[VIEW_PHASE_CELLS][32] = { "all" };
	const char *total[VIEW_PHASE_CELLS];
	long long sum[VIEW_PHASE_CELLS] = { 0 };
	for (int r = 0; r < d->nphases; r++)
		for (int k = 3; k <= 7; k++)
			sum[k] += d->col_sum[r * VIEW_PHASE_CELLS + k];
	for (int k = 3; k <= 7; k++) {
		/* A sum with an invented figure in it is invented too. */
		int invented = 0;
		for (int r = 0; r < d->nphases; r++)
			invented |= d->cells[r * VIEW_PHASE_CELLS + k][0] == '~';
		text_thousands(sum[k], tot[k] + invented, sizeof tot[k] - 1);
		tot[k][0] = invented ? '~' : tot[k][0];
	}
	for (int k = 0; k < nk; k++)
		total[k] = tot[keep[k]];
	struct widget_table t = { .ncols = nk, .cols = cols, .nrows = d->nphases, .cells = cells,
	                          .row_roles = roles, .sort_col = -1,
	                          .total = in.h >= d->nphases + 3 ? total : NULL };
	widget_table_draw(c, in, &t, &lv->cur[i], focused);
	free(cells);
	free(roles);
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
	.selector = 1,
	.prepare = prepare,
	.load = load,
	.title = title,
	.draw = draw,
	.items = items,
	.key = key,
	.hit = hit,
	.drill = drill,
};
