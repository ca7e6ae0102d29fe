/*
 * panel_silent: the agencies that have not reported — those taking part in the phase
 * with no case under the panel's filter (a coordinator's "no case this week").  The
 * other panels count what is there; this one lists who is missing, by name, so there is
 * nothing behind a row to drill into.
 */
#include <stdio.h>
#include <stdlib.h>

#include "panel.h"
#include "xmalloc.h"

static int load(struct store *s, struct view_level *lv, int i, const struct store_filter *f, char *err,
                size_t errsz)
{
	(void)err, (void)errsz;
	return store_silent_agencies(s, f, &lv->data->p[i].agg);
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "agencies with no case", out, n);
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	const struct store_agg *a = &lv->data->p[i].agg;
	struct widget_column col[1] = { { "agency", 0, 0 } };
	const char **cells = xcalloc((size_t)a->n + 1, sizeof *cells);

	(void)f;
	for (int k = 0; k < a->n; k++)
		cells[k] = a->rows[k].label;
	if (a->n == 0) {
		canvas_put(c, in.x + 1, in.y, in.w - 2, "every agency has reported", ROLE_MUTED);
	} else {
		struct widget_table t = { .ncols = 1, .cols = col, .nrows = a->n, .cells = cells, .sort_col = -1 };
		widget_table_draw(c, in, &t, &lv->cur[i], focused);
	}
	free(cells);
}

static int hit(const struct view_level *lv, int i, struct canvas_rect in, int x, int y, struct widget_cursor *at)
{
	(void)x;
	return panel_hit_rows(lv, i, in, 1, y, at);
}

static int drill(struct view_level *lv, int i, struct locator *loc, int *screen, char *err, size_t errsz)
{
	(void)lv, (void)i, (void)loc, (void)screen;
	snprintf(err, errsz, "no case to open: this agency has not reported here");
	return -1;
}

/* A list of names: the header takes a line. */
static int fit(const struct view_level *lv, int i, struct canvas_rect in, char *why, size_t n)
{
	int rows = lv->data->p[i].agg.n, lines = in.h - 1;
	return panel_fit_rows(lv, i, rows <= lines ? rows : lines - 1, rows, why, n);
}

const struct view_panel_type panel_silent = {
	.name = "silent",
	.options = VIEW_OPT_LIMIT,
	.load = load,
	.title = title,
	.draw = draw,
	.items = panel_agg_items,
	.key = panel_agg_key,
	.hit = hit,
	.drill = drill,
	.fit = fit,
};
