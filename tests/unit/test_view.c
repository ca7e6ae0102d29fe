/* view: layout, drill-down targets, selection kept across reloads, headless drawing. */
#include "testcanvas.h"
#include "testdb.h"

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "view.h"
#include "view_internal.h" /* view_item_key */

static struct store *db;

static int setup(void **state)
{
	(void)state;
	db = tdb_sample_viewer("view.db");
	return db ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	return 0;
}

/* A level for a locator text, drawn once at cols x rows so that data and rects exist. */
static struct view_level *level(const char *at, int screen, int cols, int rows, struct canvas *c)
{
	struct locator loc;
	char err[300];
	struct view_level *lv = calloc(1, sizeof *lv);
	struct view_chrome ch = { .db_name = "view.db", .state = "live" };

	assert_non_null(lv);
	assert_int_equal(locator_parse(at, &loc, err, sizeof err), 0);
	assert_int_equal(view_level_init(lv, db, &loc, screen, err, sizeof err), 0);
	locator_free(&loc);
	assert_int_equal(canvas_init(c, cols, rows, 0), 0);
	struct view_level *stack[1] = { lv };
	assert_int_equal(view_draw(db, stack, 1, &ch, c, err, sizeof err), 0);
	return lv;
}

static void drop(struct view_level *lv, struct canvas *c)
{
	view_level_free(lv);
	free(lv);
	canvas_free(c);
}

static char *target(struct view_level *lv, int *screen)
{
	struct locator loc;
	char err[200];

	if (view_drill_target(db, lv, &loc, screen, err, sizeof err) < 0)
		return NULL;
	char *s = locator_format(&loc);
	locator_free(&loc);
	return s;
}

static void test_home_starts_on_the_latest_phase(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 120, 40, &c);
	int screen;

	(void)state;
	assert_int_equal(lv->screen, VIEW_HOME);
	assert_int_equal(lv->layout.panels[lv->focus].type, VIEW_PANEL_PHASES);
	assert_string_equal(lv->crumb, "Home");
	char *t = target(lv, &screen);
	assert_string_equal(t, "phase=OMD7");
	assert_int_equal(screen, VIEW_DRILL);
	free(t);
	tc_assert_screen_has(&c, "OMD 7 · by category");
	tc_assert_screen_has(&c, "1,155");
	drop(lv, &c);
}

static void test_home_panels_follow_the_selected_phase(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 120, 40, &c);
	char err[200];
	struct view_chrome ch = { 0 };
	struct view_level *stack[1] = { lv };

	(void)state;
	view_move(lv, -3, 0); /* OMD IV */
	assert_int_equal(view_draw(db, stack, 1, &ch, &c, err, sizeof err), 0);
	tc_assert_screen_has(&c, "OMD IV · by category");
	/* Enter on the category bars of OMD IV drills with the phase first. */
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == VIEW_PANEL_BARS && lv->layout.panels[i].dim == STORE_DIM_CATEGORY)
			lv->focus = i;
	view_move(lv, 2, 0);
	int screen;
	char *t = target(lv, &screen);
	assert_string_equal(t, "phase=OMD4/category=wildlife");
	free(t);
	drop(lv, &c);
}

static void test_drill_screen_shows_the_open_dimensions(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7/category=drugs", VIEW_DRILL, 160, 48, &c);
	int dims[8], n = 0;

	(void)state;
	assert_string_equal(lv->crumb, "Drugs");
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == VIEW_PANEL_BARS)
			dims[n++] = lv->layout.panels[i].dim;
	assert_int_equal(n, 3);
	assert_int_equal(dims[0], STORE_DIM_SUBCATEGORY);
	assert_int_equal(dims[1], STORE_DIM_AGENCY);
	assert_int_equal(dims[2], STORE_DIM_TRANSPORT);
	/* Focus starts on the first bars, not the KPI tiles. */
	assert_int_equal(lv->layout.panels[lv->focus].type, VIEW_PANEL_BARS);
	drop(lv, &c);
}

static void test_kpi_opens_the_case_list_and_a_row_opens_the_case(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7/category=precursors", VIEW_DRILL, 160, 48, &c);
	int screen;

	(void)state;
	lv->focus = 0;
	assert_int_equal(lv->layout.panels[0].type, VIEW_PANEL_KPI);
	char *t = target(lv, &screen);
	assert_string_equal(t, "phase=OMD7/category=precursors");
	assert_int_equal(screen, VIEW_CASES);
	free(t);
	drop(lv, &c);

	lv = level("phase=OMD7/category=precursors", VIEW_CASES, 160, 48, &c);
	assert_string_equal(lv->crumb, "cases");
	assert_int_equal(view_items(lv, 0), 20);
	t = target(lv, &screen);
	assert_non_null(t);
	assert_int_equal(strncmp(t, "phase=OMD7/category=precursors/case=OMD7-", 41), 0);
	assert_int_equal(screen, VIEW_CASE);
	free(t);
	drop(lv, &c);
}

static void test_case_screen_draws_the_case(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7/category=precursors", VIEW_CASES, 120, 40, &c);
	int screen;
	char *t = target(lv, &screen);

	(void)state;
	drop(lv, &c);
	lv = level(t, VIEW_DRILL, 120, 40, &c);
	assert_int_equal(lv->screen, VIEW_CASE);
	tc_assert_screen_has(&c, "Seizures");
	tc_assert_screen_has(&c, "(synthetic)");
	char err[200];
	struct locator loc;
	assert_int_equal(view_drill_target(db, lv, &loc, &screen, err, sizeof err), -1);
	assert_non_null(strstr(err, "single case"));
	free(t);
	drop(lv, &c);
}

static void test_selection_survives_a_reload_by_key(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 160, 48, &c);
	char key[80], again[80], err[200];
	struct view_chrome ch = { 0 };
	struct view_level *stack[1] = { lv };

	(void)state;
	int agency = -1;
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == VIEW_PANEL_BARS && lv->layout.panels[i].dim == STORE_DIM_AGENCY)
			agency = i;
	assert_true(agency >= 0);
	lv->focus = agency;
	view_move(lv, 3, 0);
	struct locator loc;
	int screen;
	assert_int_equal(view_drill_target(db, lv, &loc, &screen, err, sizeof err), 0);
	snprintf(key, sizeof key, "%s", loc.item[loc.n - 1].value);
	locator_free(&loc);
	/* Sort by name: the same agency stays selected at its new place. */
	assert_string_equal(view_sort_next(db, lv), "largest first");
	assert_string_equal(view_sort_next(db, lv), "by name");
	assert_int_equal(view_draw(db, stack, 1, &ch, &c, err, sizeof err), 0);
	assert_int_equal(view_drill_target(db, lv, &loc, &screen, err, sizeof err), 0);
	snprintf(again, sizeof again, "%s", loc.item[loc.n - 1].value);
	locator_free(&loc);
	assert_string_equal(again, key);
	/* And after the database "changed". */
	view_level_invalidate(lv);
	assert_int_equal(view_draw(db, stack, 1, &ch, &c, err, sizeof err), 0);
	assert_int_equal(view_drill_target(db, lv, &loc, &screen, err, sizeof err), 0);
	assert_string_equal(loc.item[loc.n - 1].value, key);
	locator_free(&loc);
	drop(lv, &c);
}

static void test_layout_keeps_every_phase_visible_at_80x24(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 80, 24, &c);

	(void)state;
	assert_int_equal(lv->rect[0].h, 10); /* 7 phases + header + borders */
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == VIEW_PANEL_KPI)
			assert_int_equal(lv->rect[i].h, 0); /* the optional row went first */
	tc_assert_screen_has(&c, "OMD I ");
	tc_assert_screen_has(&c, "OMD 7");
	/* Panels tile the screen between the two status lines without overlapping. */
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct canvas_rect r = lv->rect[i];
		if (r.h == 0)
			continue;
		assert_true(r.x >= 0 && r.x + r.w <= 80 && r.y >= 2 && r.y + r.h <= 23);
	}
	drop(lv, &c);
}

static void test_too_small_says_what_it_needs(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 40, 10, &c);

	(void)state;
	tc_assert_screen_has(&c, "terminal too small (need 60x16)");
	drop(lv, &c);
}

static void test_hit_maps_cells_to_panels_and_rows(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 120, 40, &c);
	int item;

	(void)state;
	struct canvas_rect r = lv->rect[0];
	/* border, header, then OMD I on the third line of the panel */
	assert_int_equal(view_hit(lv, r.x + 3, r.y + 2, &item), 0);
	assert_int_equal(item, 0);
	assert_int_equal(view_hit(lv, r.x + 3, r.y + 8, &item), 0);
	assert_int_equal(item, 6);
	assert_int_equal(view_hit(lv, 0, 0, &item), -1); /* the status line */
	drop(lv, &c);
}

static void test_filter_words_name_the_values(void **state)
{
	struct store_filter f;
	(void)state;
	store_filter_init(&f);
	char *w = view_filter_words(db, &f);
	assert_string_equal(w, "all phases · all categories · all agencies");
	free(w);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	store_filter_set(&f, STORE_DIM_CATEGORY, "wildlife");
	w = view_filter_words(db, &f);
	assert_string_equal(w, "phase OMD 7 · category Wildlife");
	free(w);
	store_filter_free(&f);
}

static void test_picker_lists_values_with_counts(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 120, 40, &c);
	struct store_agg a = { 0 };

	(void)state;
	unsigned char *inv = NULL;
	assert_int_equal(view_picker_values(db, lv, STORE_DIM_CATEGORY, "OMD7", &a, &inv), 0);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.total.cases, 1155);
	/* OMD 7's category figures are published: none is marked */
	for (int k = 0; k < a.n; k++)
		assert_int_equal(inv[k], 0);
	free(inv);
	store_agg_free(&a);
	/* over every phase: more cases, and no sum over phases is a published figure */
	assert_int_equal(view_picker_values(db, lv, STORE_DIM_CATEGORY, NULL, &a, &inv), 0);
	assert_int_equal(a.n, 3);
	assert_true(a.total.cases > 1155);
	assert_int_equal(inv[0], 1);
	free(inv);
	store_agg_free(&a);
	/* the phases themselves: OMD VI never published its figures, OMD 7 did */
	assert_int_equal(view_picker_values(db, lv, STORE_DIM_PHASE, NULL, &a, &inv), 0);
	for (int k = 0; k < a.n; k++)
		if (strcmp(a.rows[k].key, "OMD6") == 0)
			assert_int_equal(inv[k], 1);
		else if (strcmp(a.rows[k].key, "OMD7") == 0)
			assert_int_equal(inv[k], 0);
	free(inv);
	store_agg_free(&a);
	drop(lv, &c);
}

/* Invented figures are never shown as published: "~" marks them, published ones stay plain. */
static void test_phases_mark_invented_figures(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 120, 40, &c);
	char line[4096];
	int found = 0;

	(void)state;
	for (int y = 0; y < c.rows; y++) {
		snprintf(line, sizeof line, "%s", tc_line(&c, y));
		if (strstr(line, "OMD V ") && strstr(line, "Nov")) {
			/* OMD V published its total and wildlife, not the drugs/precursors split */
			assert_non_null(strstr(line, " 1,715 "));
			assert_non_null(strstr(line, "~1,474"));
			assert_non_null(strstr(line, " 216 "));
			found++;
		} else if (strstr(line, "OMD 7 ") && strstr(line, "Sep 2025")) {
			assert_non_null(strstr(line, " 1,027 "));
			assert_null(strstr(line, "~1,027"));
			assert_non_null(strstr(line, "~-18 %")); /* against the invented OMD VI */
			found++;
		} else if (strstr(line, "OMD VI ") && strstr(line, "synthetic")) {
			assert_non_null(strstr(line, "~1,402"));
			found++;
		}
	}
	assert_int_equal(found, 3);
	tc_assert_screen_has(&c, "Phases · ~ synthetic figure");
	drop(lv, &c);
}


/* The built-in layout is a layout file like any other: four screens, read by the loader. */
static void test_builtin_layout_is_a_layout_file(void **state)
{
	struct session s;
	size_t len;
	char err[300];
	const char *text = view_builtin_layout(&len);

	(void)state;
	assert_int_equal(strlen(text), len);
	assert_int_equal(session_load_mem("dashboard.yaml", text, len, &s, err, sizeof err), 0);
	assert_string_equal(s.title, "default");
	assert_int_equal(s.nslides, 4);
	assert_int_equal(session_screen(&s, "home")->npanels, 6);
	assert_int_equal(session_screen(&s, "drill")->panels[1].dim, VIEW_DIM_OPEN + 0);
	assert_int_equal(session_screen(&s, "case")->panels[0].type, VIEW_PANEL_CASE);
	session_free(&s);
}

/* The panel of type t (and dimension dim, -1: any) on lv's screen, or -1. */
static int panel_of(const struct view_level *lv, int t, int dim)
{
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == t && (dim < 0 || lv->layout.panels[i].dim == dim))
			return i;
	return -1;
}

static void test_panel_types_are_found_by_name(void **state)
{
	(void)state;
	assert_int_equal(view_panel_type_find("matrix"), VIEW_PANEL_MATRIX);
	assert_int_equal(view_panel_type_find("phases"), VIEW_PANEL_PHASES);
	assert_int_equal(view_panel_type_find("matirx"), -1);
	assert_int_equal(view_panel_type_find(NULL), -1);
	assert_string_equal(view_panel_type_name(VIEW_PANEL_BARS), "bars");
	assert_null(view_panel_type_name(VIEW_PANEL_COUNT));
	assert_null(view_panel_type_name(-1));
}

/* A click on a cell selects that cell, not the row with the column selected before. */
static void test_click_on_a_matrix_cell_selects_that_cell(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 160, 48, &c);
	int m = panel_of(lv, VIEW_PANEL_MATRIX, STORE_DIM_AGENCY), screen, again, last = -1, cols = 0;

	(void)state;
	assert_true(m >= 0);
	assert_int_equal(lv->layout.panels[m].dim2, STORE_DIM_CATEGORY);
	struct canvas_rect r = lv->rect[m];
	int y = r.y + 3; /* border, header, first row: the second agency */
	for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
		assert_int_equal(view_click(lv, x, y, &again), m);
		assert_int_equal(lv->focus, m);
		assert_int_equal(lv->cur[m].sel, 1);
		assert_true(lv->cur[m].col >= last); /* columns left to right */
		cols += lv->cur[m].col != last;
		last = lv->cur[m].col;
	}
	assert_int_equal(cols, 3); /* drugs, precursors, wildlife */
	assert_int_equal(last, 2);
	/* The same cell again: the app drills into that agency and wildlife. */
	view_click(lv, r.x + r.w - 3, y, &again);
	assert_int_equal(again, 1);
	char *t = target(lv, &screen);
	assert_non_null(t);
	assert_non_null(strstr(t, "phase=OMD7/agency="));
	assert_non_null(strstr(t, "/category=wildlife"));
	free(t);
	drop(lv, &c);
}

/* A click on the timeline selects the week under it; Enter opens that week. */
static void test_click_on_a_week_selects_it(void **state)
{
	struct canvas c;
	struct view_level *lv = level("", VIEW_HOME, 160, 48, &c);
	int t = panel_of(lv, VIEW_PANEL_TIMELINE, -1), again, last = -1, weeks = 0, screen;
	char key[80], want[120];

	(void)state;
	assert_true(t >= 0);
	struct canvas_rect r = lv->rect[t];
	for (int x = r.x; x < r.x + r.w; x++) {
		int item;
		if (view_hit(lv, x, r.y + 3, &item) != t || item < 0)
			continue;
		assert_int_equal(view_click(lv, x, r.y + 3, &again), t);
		assert_int_equal(lv->cur[t].sel, item);
		assert_true(item >= last); /* weeks left to right */
		weeks += item != last;
		last = item;
	}
	assert_true(weeks >= 10);
	view_item_key(lv, t, last, key, sizeof key);
	snprintf(want, sizeof want, "phase=OMD7/week=%s", key);
	char *loc = target(lv, &screen);
	assert_string_equal(loc, want);
	assert_int_equal(screen, VIEW_DRILL);
	free(loc);
	drop(lv, &c);
}

/* The grid: a weighted row and column share what fixed ones leave; spans cover tracks. */
static void test_grid_places_spans_weights_and_fixed_sizes(void **state)
{
	struct session_slide sl = {
		.nrows = 2, .rows = { { 1, 0, 3, 0 }, { 2, 0, 3, 0 } },
		.ncols = 2, .cols = { { 1, 0, 0, 0 }, { 30, 1, 30, 0 } },
		.npanels = 3,
		.panels = {
			{ .type = VIEW_PANEL_KPI, .dim = -1, .dim2 = -1, .sort = -1, .rowspan = 1, .colspan = 2 },
			{ .type = VIEW_PANEL_BARS, .dim = STORE_DIM_CATEGORY, .dim2 = -1, .sort = -1, .row = 1,
			  .rowspan = 1, .colspan = 1 },
			{ .type = VIEW_PANEL_BARS, .dim = STORE_DIM_AGENCY, .dim2 = -1, .sort = -1, .row = 1, .col = 1,
			  .rowspan = 1, .colspan = 1, .title = "Who" },
		},
	};
	struct locator loc = { 0 };
	struct view_level lv;
	struct canvas c;
	char err[200];
	struct view_chrome ch = { 0 };
	struct view_level *stack[1] = { &lv };

	(void)state;
	assert_int_equal(view_level_init_slide(&lv, db, &loc, &sl, err, sizeof err), 0);
	assert_int_equal(lv.screen, -1);
	assert_int_equal(lv.focus, 1); /* past the KPI tiles */
	assert_int_equal(canvas_init(&c, 120, 40, 0), 0);
	assert_int_equal(view_draw(db, stack, 1, &ch, &c, err, sizeof err), 0);
	/* 37 rows between the status lines: 3 + 3 minimums, 31 shared 1:2 */
	assert_int_equal(lv.rect[0].x, 0);
	assert_int_equal(lv.rect[0].y, 2);
	assert_int_equal(lv.rect[0].w, 120);
	assert_int_equal(lv.rect[0].h, 13);
	assert_int_equal(lv.rect[1].x, 0);
	assert_int_equal(lv.rect[1].y, 15);
	assert_int_equal(lv.rect[1].w, 90);
	assert_int_equal(lv.rect[1].h, 24);
	assert_int_equal(lv.rect[2].x, 90);
	assert_int_equal(lv.rect[2].w, 30);
	tc_assert_screen_has(&c, "by category");
	tc_assert_screen_has(&c, "Who");
	view_level_free(&lv);
	canvas_free(&c);
}

/* With two dimensions left open the drill screen's bars take half the row each, and the
 * timeline takes the matrix's place once the agency is fixed. */
static void test_drill_panels_left_out_give_their_width_away(void **state)
{
	struct canvas c;
	struct view_level *lv = level("category=drugs/subcategory=methamphetamine/agency=VNCUS/transport=road",
	                              VIEW_DRILL, 120, 40, &c);
	int dims[4], n = 0;

	(void)state;
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == VIEW_PANEL_BARS) {
			assert_int_equal(lv->rect[i].w, 60);
			dims[n++] = lv->layout.panels[i].dim;
		}
	assert_int_equal(n, 2);
	assert_int_equal(dims[0], STORE_DIM_STATUS);
	assert_int_equal(dims[1], STORE_DIM_COUNTRY);
	assert_int_equal(panel_of(lv, VIEW_PANEL_MATRIX, -1), -1);
	assert_int_equal(lv->rect[panel_of(lv, VIEW_PANEL_TIMELINE, -1)].w, 120);
	drop(lv, &c);
}

/* Draws lv again on a canvas of cols x rows (a resized terminal). */
static void redraw(struct view_level *lv, struct canvas *c, int cols, int rows)
{
	char err[300];
	struct view_chrome ch = { .db_name = "view.db", .state = "live" };
	struct view_level *stack[1] = { lv };

	canvas_free(c);
	assert_int_equal(canvas_init(c, cols, rows, 0), 0);
	assert_int_equal(view_draw(db, stack, 1, &ch, c, err, sizeof err), 0);
}

/* The panels Tab visits from the focused one round to it, into seq; returns how many. */
static int tab_round(struct view_level *lv, int dir, int *seq)
{
	int n = 0, first = lv->focus;

	do {
		seq[n++] = lv->focus;
		if (!view_focus_step(lv, dir))
			break;
	} while (lv->focus != first && n < VIEW_MAX_PANELS);
	assert_int_equal(lv->focus, first);
	return n;
}

/* Focus order is the panels' place in the layout, whatever the terminal size: a small
 * one only skips the panels it leaves out (issue 12). */
static void test_focus_order_is_the_same_at_every_size(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 160, 48, &c);
	int big[VIEW_MAX_PANELS], small[VIEW_MAX_PANELS], back[VIEW_MAX_PANELS], nb, ns, k = 0;

	(void)state;
	assert_int_equal(lv->layout.panels[lv->focus].type, VIEW_PANEL_BARS); /* past the KPI tiles */
	nb = tab_round(lv, 1, big);
	assert_int_equal(nb, 7); /* kpi, three bars, timeline, matrix, cases */
	int wraps = 0; /* row by row, left to right, round once from the bars */
	for (int i = 0; i < nb; i++) {
		const struct session_panel *p = &lv->layout.panels[big[i]], *q = &lv->layout.panels[big[(i + 1) % nb]];
		wraps += !(p->row < q->row || (p->row == q->row && p->col < q->col));
	}
	assert_int_equal(wraps, 1);
	/* Shift-Tab: the same round backwards. */
	assert_int_equal(tab_round(lv, -1, back), nb);
	for (int i = 1; i < nb; i++)
		assert_int_equal(back[i], big[nb - i]);
	redraw(lv, &c, 80, 24);
	ns = tab_round(lv, 1, small);
	assert_true(ns >= 4 && ns < nb); /* the timeline's row is left out at 80x24 */
	for (int i = 0; i < nb && k < ns; i++)
		if (big[i] == small[k])
			k++;
	assert_int_equal(k, ns); /* the small round is the big one with panels skipped */
	assert_int_equal(panel_of(lv, VIEW_PANEL_MATRIX, -1) >= 0, 1);
	assert_int_equal(lv->rect[panel_of(lv, VIEW_PANEL_MATRIX, -1)].h, 0);
	drop(lv, &c);
}

/* A layout that lists its panels out of place is still visited row by row. */
static void test_focus_follows_the_place_not_the_file_order(void **state)
{
	struct session_slide sl = {
		.nrows = 2, .rows = { { 1, 0, 3, 0 }, { 1, 0, 3, 0 } },
		.ncols = 2, .cols = { { 1, 0, 0, 0 }, { 1, 0, 0, 0 } },
		.npanels = 3,
		.panels = {
			{ .type = VIEW_PANEL_BARS, .dim = STORE_DIM_AGENCY, .dim2 = -1, .sort = -1, .row = 1, .col = 1,
			  .rowspan = 1, .colspan = 1 },
			{ .type = VIEW_PANEL_BARS, .dim = STORE_DIM_CATEGORY, .dim2 = -1, .sort = -1, .row = 1,
			  .rowspan = 1, .colspan = 1 },
			{ .type = VIEW_PANEL_BARS, .dim = STORE_DIM_TRANSPORT, .dim2 = -1, .sort = -1, .rowspan = 1,
			  .colspan = 2 },
		},
	};
	struct locator loc = { 0 };
	struct view_level lv;
	struct canvas c;
	char err[200];
	struct view_chrome ch = { 0 };
	struct view_level *stack[1] = { &lv };
	int idx[VIEW_MAX_PANELS];

	(void)state;
	assert_int_equal(view_level_init_slide(&lv, db, &loc, &sl, err, sizeof err), 0);
	assert_int_equal(lv.focus, 2); /* the first place, not the first in the file */
	assert_int_equal(canvas_init(&c, 120, 40, 0), 0);
	assert_int_equal(view_draw(db, stack, 1, &ch, &c, err, sizeof err), 0);
	assert_int_equal(view_focusable(&lv, idx, VIEW_MAX_PANELS), 3);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 0);
	view_level_free(&lv);
	canvas_free(&c);
}

/* ← → change panel everywhere but across a matrix's columns; a matrix entered with →
 * starts at its first column, with ← at its last, so that ← undoes →.  Tab passes the
 * matrix in one step and keeps its column. */
static void test_arrows_cross_matrix_columns_then_panels(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 160, 48, &c);
	int t = panel_of(lv, VIEW_PANEL_TIMELINE, -1), m = panel_of(lv, VIEW_PANEL_MATRIX, -1);
	int cs = panel_of(lv, VIEW_PANEL_CASES, -1), screen;

	(void)state;
	assert_true(t >= 0 && m >= 0 && cs >= 0);
	lv->focus = t;
	lv->cur[m].col = 1;
	assert_int_equal(view_move_across(lv, 1), 1);
	assert_int_equal(lv->focus, m);
	assert_int_equal(lv->cur[m].col, 0);
	char *loc = target(lv, &screen);
	assert_non_null(strstr(loc, "/category=drugs"));
	free(loc);
	for (int col = 1; col < 3; col++) {
		view_move_across(lv, 1);
		assert_int_equal(lv->focus, m);
		assert_int_equal(lv->cur[m].col, col);
	}
	view_move_across(lv, 1);
	assert_int_equal(lv->focus, cs);
	view_move_across(lv, -1);
	assert_int_equal(lv->focus, m);
	assert_int_equal(lv->cur[m].col, 2);
	loc = target(lv, &screen);
	assert_non_null(strstr(loc, "/category=wildlife"));
	free(loc);
	view_move_across(lv, -1);
	view_move_across(lv, -1);
	assert_int_equal(lv->cur[m].col, 0);
	view_move_across(lv, -1);
	assert_int_equal(lv->focus, t);
	/* On the timeline ↑ ↓ move the week and ← → leave it. */
	int week = lv->cur[t].sel;
	view_move(lv, 1, 0);
	assert_int_equal(lv->cur[t].sel, week + 1);
	assert_int_equal(lv->focus, t);
	/* Tab: the matrix in one step, its column as it was. */
	lv->cur[m].col = 1;
	assert_int_equal(view_focus_step(lv, 1), 1);
	assert_int_equal(lv->focus, m);
	assert_int_equal(lv->cur[m].col, 1);
	assert_int_equal(view_focus_step(lv, 1), 1);
	assert_int_equal(lv->focus, cs);
	drop(lv, &c);
}

/* A size that leaves the focused panel out gives the focus to the next one in order. */
static void test_a_hidden_focus_goes_to_the_next_panel(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7", VIEW_DRILL, 160, 48, &c);

	(void)state;
	lv->focus = panel_of(lv, VIEW_PANEL_MATRIX, -1);
	redraw(lv, &c, 80, 24);
	assert_int_equal(lv->focus, panel_of(lv, VIEW_PANEL_CASES, -1));
	drop(lv, &c);
}

/* A screen of one panel: the arrows and Tab have nowhere to go, and say so (0). */
static void test_one_panel_has_nowhere_to_go(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7/case=OMD7-VNCUS-0001", VIEW_CASE, 100, 30, &c);

	(void)state;
	assert_int_equal(view_move_across(lv, 1), 0);
	assert_int_equal(view_move_across(lv, -1), 0);
	assert_int_equal(view_focus_step(lv, 1), 0);
	/* what the status line then says works there: ↑↓ scroll a case */
	assert_string_equal(view_focus_hint(lv), "↑↓ scroll · y locator");
	drop(lv, &c);
}

/* The help's "where the keys differ" comes from the panel types. */
static void test_key_notes_name_where_keys_differ(void **state)
{
	const char *who, *how;
	int k = 0, matrix = 0, weeks = 0;

	(void)state;
	for (; view_keys_note(k, &who, &how) == 0; k++) {
		assert_non_null(who);
		assert_non_null(how);
		matrix |= strcmp(who, "matrix") == 0 && strstr(how, "← →") != NULL;
		weeks |= strstr(how, "week") != NULL;
	}
	assert_true(k >= 3);
	assert_true(matrix);
	assert_true(weeks);
	assert_int_equal(view_keys_note(k, &who, &how), -1);
}

/* The KPI tiles are one item: they all count the view's cases and Enter opens their case
 * list, so ↑↓ have nothing to move between (issue 12). */
static void test_kpi_tiles_are_one_item(void **state)
{
	struct canvas c;
	struct view_level *lv = level("phase=OMD7/category=wildlife", VIEW_DRILL, 160, 48, &c);
	int screen;

	(void)state;
	assert_int_equal(lv->layout.panels[0].type, VIEW_PANEL_KPI);
	lv->focus = 0;
	assert_int_equal(view_items(lv, 0), 1);
	view_move(lv, 1, 0);
	view_move(lv, 3, 0);
	assert_int_equal(lv->cur[0].sel, 0);
	char *t = target(lv, &screen);
	assert_string_equal(t, "phase=OMD7/category=wildlife");
	assert_int_equal(screen, VIEW_CASES);
	free(t);
	drop(lv, &c);
}

/* The bottom line of lv drawn under home at cols x rows (ascii: an ASCII canvas). */
static const char *bottom(struct view_level *home, struct view_level *lv, int cols, int rows, int ascii)
{
	static char line[4096];
	struct canvas c;
	char err[200];
	struct view_chrome ch = { .db_name = "view.db", .state = "live" };
	struct view_level *stack[2] = { home, lv };

	assert_int_equal(canvas_init(&c, cols, rows, ascii), 0);
	assert_int_equal(view_draw(db, stack, lv == home ? 1 : 2, &ch, &c, err, sizeof err), 0);
	snprintf(line, sizeof line, "%s", tc_line(&c, rows - 1));
	canvas_free(&c);
	return line;
}

static int focus_type(struct view_level *lv, int type)
{
	for (int i = 0; i < lv->layout.npanels; i++)
		if (lv->layout.panels[i].type == type)
			return lv->focus = i;
	fail();
	return -1;
}

/* The bottom line names the keys of the focused panel, whole items only (never "Tab
 * pane…"), within 80 columns; the locator only when it fits whole (issue 12). */
static void test_bottom_line_names_the_focused_panels_keys(void **state)
{
	struct canvas hc, c;
	struct view_level *home = level("", VIEW_HOME, 80, 24, &hc);
	struct view_level *lv = level("phase=OMD7/category=wildlife", VIEW_DRILL, 80, 24, &c);

	(void)state;
	assert_string_equal(bottom(home, home, 80, 24, 0),
	                    " ↑↓ phase · Enter drill · Tab panel · / search · f filter · ? help");
	focus_type(lv, VIEW_PANEL_BARS);
	assert_string_equal(bottom(home, lv, 80, 24, 0),
	                    " ↑↓ move · Enter drill · s sort · Backspace back · Tab panel · ? help");
	assert_string_equal(bottom(home, lv, 80, 24, 1),
	                    " up/down move - Enter drill - s sort - Backspace back - Tab panel - ? help");
	focus_type(lv, VIEW_PANEL_CASES);
	assert_string_equal(bottom(home, lv, 80, 24, 0),
	                    " ↑↓ move · Enter open · End last · s sort · Backspace back · Tab panel · ? help");
	focus_type(lv, VIEW_PANEL_KPI);
	assert_string_equal(bottom(home, lv, 160, 48, 0), " phase=OMD7/category=wildlife  Enter their cases · "
	                                                  "Backspace back · Tab panel · / search · f filter · ? help");
	focus_type(lv, VIEW_PANEL_MATRIX);
	assert_non_null(strstr(bottom(home, lv, 160, 48, 0), "  ↑↓ row · ←→ column · Enter drill · Backspace back"));
	focus_type(lv, VIEW_PANEL_TIMELINE);
	assert_non_null(strstr(bottom(home, lv, 120, 40, 0), "  ↑↓ week · Enter drill · Backspace back"));
	/* the locator does not come and go as the focus moves: at 120 columns it is on the
	 * left whichever panel has the focus, at 80 on none */
	int idx[VIEW_MAX_PANELS], nf = view_focusable(lv, idx, VIEW_MAX_PANELS);
	assert_true(nf >= 5);
	for (int k = 0; k < nf; k++) {
		lv->focus = idx[k];
		assert_int_equal(strncmp(bottom(home, lv, 120, 40, 0), " phase=OMD7/category=wildlife  ", 31), 0);
		assert_null(strstr(bottom(home, lv, 80, 24, 0), "phase="));
		assert_null(strstr(bottom(home, lv, 80, 24, 0), "…"));
		/* ASCII spells the arrows out and still keeps the panel's keys whole beside the locator */
		const char *a = bottom(home, lv, 120, 40, 1);
		assert_int_equal(strncmp(a, " phase=OMD7/category=wildlife  ", 31), 0);
		assert_non_null(strstr(a, " - ? help"));
	}
	/* 60 columns: the panel's own keys and help stay, the rest goes whole */
	focus_type(lv, VIEW_PANEL_CASES);
	assert_string_equal(bottom(home, lv, 60, 16, 0), " ↑↓ move · Enter open · End last · s sort · ? help");
	drop(lv, &c);
	lv = level("phase=OMD7/case=OMD7-VNCUS-0001", VIEW_CASE, 80, 24, &c);
	assert_string_equal(bottom(home, lv, 80, 24, 0), " ↑↓ scroll · y locator · Backspace back · / search · f filter · ? help");
	drop(lv, &c);
	drop(home, &hc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_starts_on_the_latest_phase),
		cmocka_unit_test(test_home_panels_follow_the_selected_phase),
		cmocka_unit_test(test_drill_screen_shows_the_open_dimensions),
		cmocka_unit_test(test_kpi_opens_the_case_list_and_a_row_opens_the_case),
		cmocka_unit_test(test_case_screen_draws_the_case),
		cmocka_unit_test(test_selection_survives_a_reload_by_key),
		cmocka_unit_test(test_layout_keeps_every_phase_visible_at_80x24),
		cmocka_unit_test(test_too_small_says_what_it_needs),
		cmocka_unit_test(test_hit_maps_cells_to_panels_and_rows),
		cmocka_unit_test(test_filter_words_name_the_values),
		cmocka_unit_test(test_picker_lists_values_with_counts),
		cmocka_unit_test(test_phases_mark_invented_figures),
		cmocka_unit_test(test_panel_types_are_found_by_name),
		cmocka_unit_test(test_builtin_layout_is_a_layout_file),
		cmocka_unit_test(test_click_on_a_matrix_cell_selects_that_cell),
		cmocka_unit_test(test_click_on_a_week_selects_it),
		cmocka_unit_test(test_grid_places_spans_weights_and_fixed_sizes),
		cmocka_unit_test(test_drill_panels_left_out_give_their_width_away),
		cmocka_unit_test(test_focus_order_is_the_same_at_every_size),
		cmocka_unit_test(test_focus_follows_the_place_not_the_file_order),
		cmocka_unit_test(test_arrows_cross_matrix_columns_then_panels),
		cmocka_unit_test(test_a_hidden_focus_goes_to_the_next_panel),
		cmocka_unit_test(test_one_panel_has_nowhere_to_go),
		cmocka_unit_test(test_key_notes_name_where_keys_differ),
		cmocka_unit_test(test_kpi_tiles_are_one_item),
		cmocka_unit_test(test_bottom_line_names_the_focused_panels_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
