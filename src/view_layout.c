/*
 * view_layout: the grid layout engine shared by the dashboard's screens and the slides of
 * review sessions.
 *
 * A slide is a grid: rows and columns, each a weight that shares what is left or a fixed
 * number of cells, with a minimum (rows may be optional: dropped first on a short
 * screen); panels sit on it at [row, column] with a span.  Before a level is drawn its
 * slide is resolved once (view_layout_resolve): the layout-only dimensions of the
 * dashboard's drill screen ("the first dimension the filter leaves open") become real
 * ones, layout panels over a fixed dimension are left out and the others of their row
 * share the width, rows sized "auto" ask their panels' types how tall they want to be.
 * Then every draw places the panels for the canvas at hand (view_layout_place).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "xmalloc.h"

void view_slide_free(struct session_slide *l)
{
	free(l->name);
	free(l->title);
	free(l->notes);
	free(l->filter);
	for (int i = 0; i < l->npanels; i++) {
		struct session_panel *p = &l->panels[i];
		free(p->title);
		free(p->filter);
		free(p->text);
		free(p->compare[0]);
		free(p->compare[1]);
	}
	memset(l, 0, sizeof *l);
}

/* The dimensions the filter leaves open, in the order a drill screen shows them. */
static int open_dims(const struct store_filter *f, int *dims, int max)
{
	static const int order[] = { STORE_DIM_CATEGORY, STORE_DIM_AGENCY, STORE_DIM_TRANSPORT, STORE_DIM_STATUS,
	                             STORE_DIM_COUNTRY };
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

/* A layout-only dimension made real for f: -2 when there is none (the panel is left out). */
static int resolve_dim(int dim, const struct store_filter *f)
{
	int open[STORE_DIM_COUNT], n = open_dims(f, open, STORE_DIM_COUNT);

	if (dim >= VIEW_DIM_ANY) {
		for (int d = 0; d < STORE_DIM_COUNT; d++)
			if ((dim - VIEW_DIM_ANY) & (1 << d) && !f->value[d])
				return d;
		return -2;
	}
	if (dim >= VIEW_DIM_OPEN)
		return dim - VIEW_DIM_OPEN < n ? open[dim - VIEW_DIM_OPEN] : -2;
	return dim;
}

/* Is panel p of a layout left out under f? */
static int left_out(const struct session_panel *p, const struct store_filter *f)
{
	for (int k = 0; k < 2; k++) {
		int d = k ? p->dim2 : p->dim;
		if (d == -2 || (d >= 0 && d < STORE_DIM_COUNT && f->value[d]))
			return 1;
	}
	return 0;
}

int view_layout_resolve(struct view_level *lv, struct store *s, const struct session_slide *slide, char *err,
                        size_t errsz)
{
	struct session_slide *l = &lv->layout;
	int layout = slide->name != NULL;
	int kept_from[SESSION_MAX_PANELS];

	view_slide_free(l);
	*l = *slide;
	l->name = xstrdup(slide->name);
	l->title = xstrdup(slide->title);
	l->notes = xstrdup(slide->notes);
	l->filter = xstrdup(slide->filter);
	l->npanels = 0;
	lv->selector = -1;
	for (int i = 0; i < slide->npanels && i < SESSION_MAX_PANELS; i++) {
		struct session_panel p = slide->panels[i];
		p.dim = resolve_dim(p.dim, &lv->filter);
		p.dim2 = resolve_dim(p.dim2, &lv->filter);
		if (layout && left_out(&p, &lv->filter))
			continue;
		p.title = xstrdup(p.title);
		p.filter = xstrdup(p.filter);
		p.text = xstrdup(p.text);
		p.compare[0] = xstrdup(p.compare[0]);
		p.compare[1] = xstrdup(p.compare[1]);
		kept_from[l->npanels] = i;
		l->panels[l->npanels++] = p;
	}
	/* A panel whose row lost others shares the columns the row's panels spanned together. */
	memset(lv->share, 0, sizeof lv->share);
	for (int i = 0; i < l->npanels; i++) {
		const struct session_panel *p = &l->panels[i];
		int c0 = p->col, c1 = p->col + p->colspan, lost = 0;
		for (int k = 0; k < slide->npanels; k++) {
			const struct session_panel *q = &slide->panels[k];
			if (q->row != p->row || q->rowspan != p->rowspan)
				continue;
			int kept = 0;
			for (int j = 0; j < l->npanels; j++)
				kept |= kept_from[j] == k;
			lost |= !kept;
			if (q->col < c0)
				c0 = q->col;
			if (q->col + q->colspan > c1)
				c1 = q->col + q->colspan;
		}
		if (lost)
			lv->share[i] = (struct view_share){ 1, c0, c1 };
	}
	/* A row that had panels and lost them all goes. */
	int emptied[SESSION_MAX_TRACKS] = { 0 };
	for (int r = 0; r < l->nrows; r++) {
		int had = 0, has = 0;
		for (int k = 0; k < slide->npanels; k++)
			had |= slide->panels[k].row <= r && r < slide->panels[k].row + slide->panels[k].rowspan;
		for (int i = 0; i < l->npanels; i++)
			has |= l->panels[i].row <= r && r < l->panels[i].row + l->panels[i].rowspan;
		if (had && !has) {
			l->rows[r] = (struct session_track){ 0, 1, 0, 0 };
			emptied[r] = 1;
		}
	}

	/* Initial selections, and the heights auto rows want. */
	int want[SESSION_MAX_TRACKS] = { 0 }, wmin[SESSION_MAX_TRACKS] = { 0 };
	for (int i = 0; i < l->npanels; i++) {
		const struct view_panel_type *t = panel_type(lv, i);
		int rows = 0, min = 0;
		lv->sort[i] = l->panels[i].sort >= 0 ? l->panels[i].sort : 0;
		if (t->selector && lv->selector < 0)
			lv->selector = i;
		if (t->prepare && t->prepare(s, lv, i, &rows, &min, err, errsz) < 0)
			return -1;
		int r = l->panels[i].row;
		if (l->panels[i].rowspan == 1 && r >= 0 && r < SESSION_MAX_TRACKS) {
			if (rows > want[r])
				want[r] = rows;
			if (min > wmin[r])
				wmin[r] = min;
		}
	}
	for (int r = 0; r < l->nrows; r++) {
		struct session_track *t = &l->rows[r];
		if (emptied[r] || !t->fixed || t->size > 0)
			continue;
		/* auto: as tall as its panels want; without a panel that knows, a box of one line */
		t->size = want[r] > 0 ? want[r] : 3;
		if (t->min <= 0 || t->min > t->size)
			t->min = wmin[r] > 0 && wmin[r] <= t->size ? wmin[r] : t->size;
	}
	return 0;
}

/*
 * Sizes n tracks into len cells: fixed ones at their size, weighted ones at their
 * minimum; when that is too much, optional tracks go (last first), then the tracks
 * furthest above their minimum give up a cell at a time; what is left goes to the
 * weighted tracks by weight.  used[k] is 0 for a dropped track.
 */
static void size_tracks(const struct session_track *t, int n, int len, int *sz, int *used)
{
	int total = 0, wsum = 0;

	for (int k = 0; k < n; k++) {
		used[k] = 1;
		sz[k] = t[k].fixed ? t[k].size : t[k].min;
		total += sz[k];
	}
	for (int k = n - 1; k >= 0 && total > len; k--)
		if (t[k].optional) {
			used[k] = 0;
			total -= sz[k];
		}
	while (total > len) {
		int best = -1;
		for (int k = 0; k < n; k++)
			if (used[k] && sz[k] > t[k].min && (best < 0 || sz[k] - t[k].min > sz[best] - t[best].min))
				best = k;
		if (best < 0)
			break;
		sz[best]--;
		total--;
	}
	for (int k = 0; k < n; k++)
		if (used[k] && !t[k].fixed)
			wsum += t[k].size;
	for (int k = 0, extra = len - total; k < n && extra > 0 && wsum > 0; k++)
		if (used[k] && !t[k].fixed) {
			int add = (int)((long)extra * t[k].size / wsum);
			wsum -= t[k].size;
			sz[k] += add;
			extra -= add;
		}
}

/*
 * Column edges: x[c] for c in 0..n.  Weighted columns share what the fixed ones leave,
 * each edge at the same fraction of it (so that thirds of a width are the same cells
 * whichever way they are grouped); a weighted column below its minimum gets it, from
 * the others.
 */
static void column_edges(const struct session_track *t, int n, struct canvas_rect area, int *x)
{
	int w[SESSION_MAX_TRACKS], used[SESSION_MAX_TRACKS], fixed[SESSION_MAX_TRACKS];
	int pinned[SESSION_MAX_TRACKS] = { 0 };

	for (int c = 0; c < n; c++)
		fixed[c] = t[c].fixed;
	/* Fixed columns (and weighted ones at their minimum) first, like rows. */
	size_tracks(t, n, area.w, w, used);
	for (int c = 0; c < n; c++)
		if (!used[c]) {
			w[c] = 0;
			fixed[c] = 1;
		}
	for (int pass = 0; pass <= n; pass++) {
		int rest = area.w, wsum = 0, cum = 0, again = 0;
		for (int c = 0; c < n; c++)
			if (fixed[c] || pinned[c])
				rest -= w[c];
			else
				wsum += t[c].size;
		for (int c = 0, prev = 0; c < n; c++) {
			if (fixed[c] || pinned[c])
				continue;
			cum += t[c].size;
			int edge = wsum > 0 ? (int)((long)(rest > 0 ? rest : 0) * cum / wsum) : 0;
			w[c] = edge - prev;
			prev = edge;
			if (w[c] < t[c].min && rest > 0) {
				w[c] = t[c].min;
				pinned[c] = again = 1;
			}
		}
		if (!again)
			break;
	}
	x[0] = area.x;
	for (int c = 0; c < n; c++)
		x[c + 1] = x[c] + w[c];
	if (n > 0 && x[n] > area.x + area.w)
		x[n] = area.x + area.w;
}

void view_layout_place(const struct view_level *lv, struct canvas_rect area, struct canvas_rect *rect)
{
	const struct session_slide *l = &lv->layout;
	int h[SESSION_MAX_TRACKS], used[SESSION_MAX_TRACKS], y[SESSION_MAX_TRACKS + 1], x[SESSION_MAX_TRACKS + 1];
	int nrows = l->nrows > 0 ? l->nrows : 1, ncols = l->ncols > 0 ? l->ncols : 1;
	struct session_track one = { 1, 0, 1, 0 };

	size_tracks(l->nrows > 0 ? l->rows : &one, nrows, area.h, h, used);
	y[0] = area.y;
	for (int r = 0; r < nrows; r++)
		y[r + 1] = y[r] + (used[r] ? h[r] : 0);
	column_edges(l->ncols > 0 ? l->cols : &one, ncols, area, x);

	for (int i = 0; i < l->npanels; i++) {
		const struct session_panel *p = &l->panels[i];
		int r0 = p->row, r1 = p->row + p->rowspan, c0 = p->col, c1 = p->col + p->colspan, any = 0;
		rect[i] = (struct canvas_rect){ 0, 0, 0, 0 };
		if (r0 < 0 || r1 > nrows || c0 < 0 || c1 > ncols)
			continue; /* the loader refuses these */
		for (int r = r0; r < r1; r++)
			any |= used[r];
		int top = y[r0], bottom = y[r1] < area.y + area.h ? y[r1] : area.y + area.h;
		if (!any || top >= area.y + area.h || bottom <= top)
			continue;
		int left = x[c0], right = x[c1];
		if (lv->share[i].on) {
			/* Share the row's extent with the other panels that are left, by their columns' weights. */
			const struct view_share *sh = &lv->share[i];
			int ext0 = x[sh->c0], ext = x[sh->c1] - ext0;
			long total = 0, before = 0, mine = 0;
			for (int j = 0; j < l->npanels; j++) {
				const struct session_panel *q = &l->panels[j];
				if (!lv->share[j].on || lv->share[j].c0 != sh->c0 || lv->share[j].c1 != sh->c1 ||
				    q->row != p->row || q->rowspan != p->rowspan)
					continue;
				long wq = 0;
				for (int c = q->col; c < q->col + q->colspan; c++)
					wq += l->cols[c].size;
				total += wq;
				if (q->col < p->col)
					before += wq;
				if (j == i)
					mine = wq;
			}
			if (total > 0) {
				left = ext0 + (int)(ext * before / total);
				right = before + mine == total ? ext0 + ext : ext0 + (int)(ext * (before + mine) / total);
			}
		}
		rect[i] = (struct canvas_rect){ left, top, right - left, bottom - top };
	}
}
