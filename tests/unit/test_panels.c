/* panels: the panel types on session slides built from YAML text, drawn headless. */
#include "testcanvas.h"
#include "testdb.h"

#include "canvas.h"
#include "session.h"
#include "store.h"
#include "store_cols.h"
#include "view.h"

static struct store *db;

static int setup(void **state)
{
	(void)state;
	db = tdb_sample_viewer("panels.db");
	return db ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	return 0;
}

struct shown {
	struct session s;
	struct view_level lv;
	struct canvas c;
};

/* Loads a one-slide session from yaml and draws it at cols x rows. */
static void show(struct shown *sh, const char *yaml, int cols, int rows)
{
	char err[500];
	struct locator loc = { 0 };
	struct view_chrome ch = { .db_name = "panels.db", .state = "live" };
	struct view_level *stack[1] = { &sh->lv };

	if (session_load_mem("p.yaml", yaml, strlen(yaml), &sh->s, err, sizeof err) < 0)
		fail_msg("%s", err);
	assert_int_equal(view_level_init_slide(&sh->lv, db, &loc, &sh->s.slides[0], err, sizeof err), 0);
	assert_int_equal(canvas_init(&sh->c, cols, rows, 0), 0);
	if (view_draw(db, stack, 1, &ch, &sh->c, err, sizeof err) < 0)
		fail_msg("%s", err);
}

static void unshow(struct shown *sh)
{
	view_level_free(&sh->lv);
	canvas_free(&sh->c);
	session_free(&sh->s);
}

#define ONE(panel) "title: T\nslides:\n  - title: S\n    panels:\n      - " panel "\n"

static void test_text_panel_heads_bullets_and_bold(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: text, text: \"# Agenda\\n- Results at a **glance**, by agency\\n\\nThanks to every agency "
	              "that reported during the phase and the coordination unit\"}"),
	     60, 16);
	int y = tc_row_of(&sh.c, "│ Agenda");
	assert_true(y > 0);
	assert_true(sh.c.cells[y * 60 + 2].attr & CANVAS_BOLD); /* a heading is bold */
	assert_int_equal(tc_row_of(&sh.c, "│ • Results at a glance, by agency"), y + 1);
	/* the paragraph after the blank line wraps at the panel's edge */
	assert_int_equal(tc_row_of(&sh.c, "│ Thanks to every agency that reported during the phase  "), y + 3);
	assert_int_equal(tc_row_of(&sh.c, "│ and the coordination unit"), y + 4);
	assert_int_equal(view_panel_type_find("text"), VIEW_PANEL_TEXT);
	unshow(&sh);
}

static void test_bars_limit_and_measure(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: bars, by: agency, limit: 3, filter: phase=OMD7}"), 80, 20);
	assert_true(tc_row_of(&sh.c, "… 2") >= 0 || tc_row_of(&sh.c, " more") >= 0);
	int y = tc_row_of(&sh.c, " more");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "… ");
	assert_int_equal(sh.lv.layout.panels[0].limit, 3);
	unshow(&sh);

	show(&sh, ONE("{type: bars, by: category, measure: agencies, filter: phase=OMD7}"), 80, 20);
	assert_true(tc_row_of(&sh.c, "agencies by category") > 0);
	y = tc_row_of(&sh.c, "Precursors");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, " ~12 │"); /* 12 agencies had a precursor case (never published) */
	unshow(&sh);
}

static void test_table_has_a_column_per_measure(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: table, by: category, filter: phase=OMD7}"), 100, 16);
	int y = tc_row_of(&sh.c, "cases");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "arrests");
	tc_assert_row_has(&sh.c, y, "agencies");
	tc_assert_row_has(&sh.c, y, "kg");
	y = tc_row_of(&sh.c, "Drugs");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "1,027");
	tc_assert_row_has(&sh.c, y, "11.8 t");
	tc_assert_row_has(&sh.c, y, "1.7 M");
	y = tc_row_of(&sh.c, "total");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "1,155");
	unshow(&sh);

	show(&sh, ONE("{type: table, by: category, limit: 1, filter: phase=OMD7}"), 100, 16);
	y = tc_row_of(&sh.c, "… 2 more");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "128"); /* 20 precursors + 108 wildlife */
	tc_assert_row_lacks(&sh.c, y, "~128");    /* both published */
	tc_assert_row_has(&sh.c, y, "~169"); /* 29 + 140 arrests: never published */
	unshow(&sh);
}

/* Every figure of a table nobody published carries "~": per agency, their "… N more" sum
 * and the arrests; OMD 7's published cases and drugs stay plain. */
static void test_table_marks_unpublished_figures(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: table, by: agency, limit: 2, filter: phase=OMD7}"), 100, 16);
	int y = tc_row_of(&sh.c, "CN Customs");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "~153");
	y = tc_row_of(&sh.c, " more");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "~861"); /* 1,155 - 153 - 141 */
	y = tc_row_of(&sh.c, "total");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, " 1,155");
	tc_assert_row_lacks(&sh.c, y, "~1,155");
	tc_assert_row_has(&sh.c, y, "~1,331");
	unshow(&sh);

	show(&sh, ONE("{type: table, by: category, filter: phase=OMD7}"), 100, 16);
	y = tc_row_of(&sh.c, "Drugs");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, " 1,027");
	tc_assert_row_has(&sh.c, y, " 11.8 t");
	tc_assert_row_has(&sh.c, y, "~1,162"); /* drug arrests */
	unshow(&sh);
}

static void test_compare_two_locators_with_the_change(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: compare, compare: [phase=OMD7, phase=OMD6]}"), 100, 16);
	assert_true(tc_row_of(&sh.c, "OMD 7 against OMD VI · ~ synthetic figure") > 0);
	int y = tc_row_of(&sh.c, "│ cases");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "1,155");
	tc_assert_row_has(&sh.c, y, "~1,402"); /* OMD VI's cases were not published */
	tc_assert_row_has(&sh.c, y, "~-18 %"); /* a change from an invented figure */
	/* arrests were never published: both sides marked; OMD 7's cases were: unmarked */
	tc_assert_row_lacks(&sh.c, y, "~1,155");
	y = tc_row_of(&sh.c, "│ arrests");
	assert_true(y > 0);
	assert_int_equal(strchr(tc_line(&sh.c, y), '~') != NULL, 1);
	tc_assert_row_lacks(&sh.c, y, " 1,"); /* no arrests figure without its "~" */
	/* Enter opens the first side */
	struct locator loc;
	char err[200];
	int screen;
	sh.lv.focus = 0;
	assert_int_equal(view_drill_target(db, &sh.lv, &loc, &screen, err, sizeof err), 0);
	char *t = locator_format(&loc);
	assert_string_equal(t, "phase=OMD7");
	free(t);
	locator_free(&loc);
	unshow(&sh);
}

static void test_compare_every_phase(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: compare, compare: phases}"), 160, 20);
	int y = tc_row_of(&sh.c, "OMD I ");
	assert_true(y > 0);
	tc_assert_row_has(&sh.c, y, "OMD 7");
	tc_assert_row_has(&sh.c, y, "vs previous");
	y = tc_row_of(&sh.c, "│ cases");
	tc_assert_row_has(&sh.c, y, "~1,402");
	tc_assert_row_has(&sh.c, y, " 1,715 "); /* OMD V published its cases */
	tc_assert_row_has(&sh.c, y, "~-18 %"); /* OMD 7 against OMD VI (invented) */
	y = tc_row_of(&sh.c, "│ arrests");
	tc_assert_row_lacks(&sh.c, y, " 1,"); /* arrests: every phase marked */
	unshow(&sh);
}

static void test_kpi_with_a_measure_is_one_big_figure(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: kpi, measure: cases, filter: phase=OMD7}"), 60, 16);
	/* 1,155 in the block font: the top row of "1" is "▀█" */
	assert_true(tc_row_of(&sh.c, "▀█") > 0);
	assert_true(tc_row_of(&sh.c, "▼ ~-18 % vs OMD VI") > 0); /* OMD VI's figures are synthetic */
	assert_true(tc_row_of(&sh.c, "┌ cases") >= 0);
	unshow(&sh);
	show(&sh, ONE("{type: kpi, measure: tablets, filter: phase=OMD7}"), 60, 16);
	assert_true(tc_row_of(&sh.c, "M tablets") > 0); /* the unit under the big 1.7 */
	assert_true(tc_row_of(&sh.c, "seized tablets") > 0);
	unshow(&sh);
}

/* The agencies tile counts the agencies with a case; under one agency that is the agency
 * itself, so the tile is left out there (and kept beside it). */
static void test_kpi_leaves_out_agencies_under_one_agency(void **state)
{
	struct shown sh;

	(void)state;
	show(&sh, ONE("{type: kpi, filter: phase=OMD7/transport=road}"), 160, 16);
	assert_true(tc_row_of(&sh.c, "agencies with a case") > 0);
	assert_true(tc_row_of(&sh.c, "of 24 taking part") > 0);
	unshow(&sh);
	show(&sh, ONE("{type: kpi, filter: phase=OMD7/agency=VNCUS}"), 160, 16);
	assert_true(tc_row_of(&sh.c, "cases") > 0);
	assert_int_equal(tc_row_of(&sh.c, "with a case"), -1);
	assert_int_equal(tc_row_of(&sh.c, "taking part"), -1);
	unshow(&sh);
	show(&sh, ONE("{type: kpi, filter: phase=OMD7/agency=VNCUS}"), 60, 16); /* narrow: no "reported" line */
	assert_int_equal(tc_row_of(&sh.c, "reported"), -1);
	unshow(&sh);
}

/* The KPI's change against the previous phase on a drill screen (a transport mode's):
 * the percentage is what SQL counts, and the previous phase's cases are not loaded for
 * it (its totals are one rollup row); a tile of the agencies reporting counts them by
 * agency, which does load that phase. */
/* what (a count) over OMD phase code's road cases, by SQL */
static long long road_count(const char *path, const char *what, const char *code)
{
	char q[300];
	snprintf(q, sizeof q, "SELECT %s FROM cases WHERE transport = 'road' AND operation_id ="
	         " (SELECT id FROM operations WHERE code = '%s')", what, code);
	return tdb_int(path, q);
}

static void test_kpi_compares_the_previous_phase_from_the_rollups(void **state)
{
	struct shown sh;
	char err[300], want[64];
	const char *path = tu_path("panels.db");
	struct store *keep = db;
	long long now = road_count(path, "count(*)", "OMD7"), before = road_count(path, "count(*)", "OMD6");
	long long ag_now = road_count(path, "count(DISTINCT agency_id)", "OMD7");
	long long ag_before = road_count(path, "count(DISTINCT agency_id)", "OMD6");
	int p6 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD6'");
	int p7 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD7'");

	(void)state;
	assert_true(now > 0 && before > 0 && ag_before > 0 && p6 > 0 && p7 > 0);

	/* a fresh viewer: nothing loaded by the tests before */
	db = store_open(path, STORE_READ, err, sizeof err);
	assert_non_null(db);
	show(&sh, ONE("{type: kpi, filter: phase=OMD7/transport=road}"), 160, 16);
	snprintf(want, sizeof want, "%+.0f %% vs OMD VI", 100.0 * (double)(now - before) / (double)before);
	assert_true(tc_row_of(&sh.c, want) > 0);
	unshow(&sh);
	assert_non_null(db->cols);
	assert_true(db->cols->loaded[p7]);
	assert_false(db->cols->loaded[p6]);
	show(&sh, ONE("{type: kpi, measure: agencies, filter: phase=OMD7/transport=road}"), 60, 16);
	snprintf(want, sizeof want, "%+.0f %% vs OMD VI", 100.0 * (double)(ag_now - ag_before) / (double)ag_before);
	assert_true(tc_row_of(&sh.c, want) > 0);
	unshow(&sh);
	assert_true(db->cols->loaded[p6]);
	store_close(db);
	db = keep;
}

/* A panel's filter narrows what it shows, and what Enter opens. */
static void test_panel_filter_is_combined(void **state)
{
	struct shown sh;
	struct locator loc;
	char err[200];
	int screen;

	(void)state;
	show(&sh, ONE("{type: bars, by: category, filter: phase=OMD7}"), 80, 16);
	int y = tc_row_of(&sh.c, "Drugs");
	tc_assert_row_has(&sh.c, y, "1,027");
	assert_int_equal(view_drill_target(db, &sh.lv, &loc, &screen, err, sizeof err), 0);
	char *t = locator_format(&loc);
	assert_string_equal(t, "phase=OMD7/category=drugs");
	free(t);
	locator_free(&loc);
	unshow(&sh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_panel_heads_bullets_and_bold),
		cmocka_unit_test(test_bars_limit_and_measure),
		cmocka_unit_test(test_table_has_a_column_per_measure),
		cmocka_unit_test(test_table_marks_unpublished_figures),
		cmocka_unit_test(test_compare_two_locators_with_the_change),
		cmocka_unit_test(test_compare_every_phase),
		cmocka_unit_test(test_kpi_with_a_measure_is_one_big_figure),
		cmocka_unit_test(test_kpi_compares_the_previous_phase_from_the_rollups),
		cmocka_unit_test(test_kpi_leaves_out_agencies_under_one_agency),
		cmocka_unit_test(test_panel_filter_is_combined),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
