/*
 * view_screens: the dashboard's built-in layout, a slide per screen, on the same grid as
 * review sessions.  The drill screen uses the layout-only dimensions of view.h (the
 * dimensions its filter leaves open): its bars show the first three, the matrix shows
 * agency against category, else against transport, and is left out once the agency is
 * fixed.  Column weights 5:1:4:5 give thirds to the bars and 2:3 to the timeline and
 * the matrix with one set of columns.
 */
#include "view_internal.h"

/* A panel of type t at [r, c] spanning [rs, cs], by d (and d2), -1: none. */
#define P(t, r, c, rs, cs, d, d2) .type = (t), .row = (r), .col = (c), .rowspan = (rs), .colspan = (cs), \
	.dim = (d), .dim2 = (d2), .sort = -1, .measure = -1
#define FIXED(n, m, opt) { (n), 1, (m), (opt) }
#define WEIGHT(n, m) { (n), 0, (m), 0 }
#define AUTO { 0, 1, 0, 0 }

static const struct session_slide screens[VIEW_SCREEN_COUNT] = {
	[VIEW_HOME] = {
		.name = "home",
		.nrows = 4,
		.rows = { AUTO, FIXED(5, 5, 1), FIXED(8, 6, 0), WEIGHT(1, 4) },
		.ncols = 3,
		.cols = { WEIGHT(10, 0), WEIGHT(11, 0), WEIGHT(11, 0) },
		.npanels = 6,
		.panels = {
			{ P(VIEW_PANEL_PHASES, 0, 0, 1, 3, -1, -1) },
			{ P(VIEW_PANEL_KPI, 1, 0, 1, 3, -1, -1) },
			{ P(VIEW_PANEL_BARS, 2, 0, 1, 1, STORE_DIM_CATEGORY, -1) },
			{ P(VIEW_PANEL_BARS, 2, 1, 1, 1, STORE_DIM_AGENCY, -1) },
			{ P(VIEW_PANEL_TIMELINE, 2, 2, 1, 1, -1, -1) },
			{ P(VIEW_PANEL_CASES, 3, 0, 1, 3, -1, -1), .title = "latest cases" },
		},
	},
	[VIEW_DRILL] = {
		.name = "drill",
		.nrows = 4,
		.rows = { FIXED(5, 5, 1), FIXED(9, 6, 0), FIXED(9, 6, 1), WEIGHT(1, 5) },
		.ncols = 4,
		.cols = { WEIGHT(5, 0), WEIGHT(1, 0), WEIGHT(4, 0), WEIGHT(5, 0) },
		.npanels = 7,
		.panels = {
			{ P(VIEW_PANEL_KPI, 0, 0, 1, 4, -1, -1) },
			{ P(VIEW_PANEL_BARS, 1, 0, 1, 1, VIEW_DIM_OPEN + 0, -1) },
			{ P(VIEW_PANEL_BARS, 1, 1, 1, 2, VIEW_DIM_OPEN + 1, -1) },
			{ P(VIEW_PANEL_BARS, 1, 3, 1, 1, VIEW_DIM_OPEN + 2, -1) },
			{ P(VIEW_PANEL_TIMELINE, 2, 0, 1, 2, -1, -1) },
			{ P(VIEW_PANEL_MATRIX, 2, 2, 1, 2, STORE_DIM_AGENCY,
			    VIEW_DIM_ANY + (1 << STORE_DIM_CATEGORY) + (1 << STORE_DIM_TRANSPORT)) },
			{ P(VIEW_PANEL_CASES, 3, 0, 1, 4, -1, -1) },
		},
	},
	[VIEW_CASES] = {
		.name = "cases",
		.nrows = 1,
		.rows = { WEIGHT(1, 3) },
		.ncols = 1,
		.cols = { WEIGHT(1, 0) },
		.npanels = 1,
		.panels = { { P(VIEW_PANEL_CASES, 0, 0, 1, 1, -1, -1) } },
	},
	[VIEW_CASE] = {
		.name = "case",
		.nrows = 1,
		.rows = { WEIGHT(1, 3) },
		.ncols = 1,
		.cols = { WEIGHT(1, 0) },
		.npanels = 1,
		.panels = { { P(VIEW_PANEL_CASE, 0, 0, 1, 1, -1, -1) } },
	},
};

const struct session_slide *view_builtin_screen(int screen)
{
	return screen >= 0 && screen < VIEW_SCREEN_COUNT ? &screens[screen] : &screens[VIEW_CASE];
}
