/* session: sessions and layouts from YAML; every error kind at its exact position. */
#include "testutil.h"

#include "session.h"
#include "view.h"
#include "widget.h"

static char err[1024];

/* Loads text as "s.yaml"; must succeed. */
static void load(const char *text, struct session *s)
{
	if (session_load_mem("s.yaml", text, strlen(text), s, err, sizeof err) < 0)
		fail_msg("unexpected error: %s", err);
}

/* Loads text as "s.yaml"; must fail; returns the message. */
static const char *error_of(const char *text)
{
	struct session s;

	if (session_load_mem("s.yaml", text, strlen(text), &s, err, sizeof err) == 0) {
		session_free(&s);
		fail_msg("loaded, expected an error");
	}
	return err;
}

/* A one-slide session around a panel list (indented by 6). */
#define SLIDE(panels) "title: T\nslides:\n  - title: S\n    panels:\n" panels

static void test_a_full_session_fills_every_field(void **state)
{
	struct session s;

	(void)state;
	load("title: OMD 7 closing conference\n"
	     "subtitle: Khanh Hoa, 18–19 Nov 2025\n"
	     "theme: projector\n"
	     "filter: phase=OMD7\n"
	     "data: frozen\n"
	     "followers:\n"
	     "  scope: aggregates\n"
	     "  mask: true\n"
	     "slides:\n"
	     "  - title: Results at a glance\n"
	     "    time: 2m30s\n"
	     "    filter: category=drugs\n"
	     "    notes: |\n"
	     "      - 1,155 cases\n"
	     "    grid:\n"
	     "      rows: [1, {size: 8, min: 6, optional: true}, auto]\n"
	     "      columns: [1, {size: 30, min: 20}]\n"
	     "    panels:\n"
	     "      - type: kpi\n"
	     "        span: [1, 2]\n"
	     "      - type: bars\n"
	     "        place: [1, 0]\n"
	     "        by: agency\n"
	     "        measure: kg\n"
	     "        sort: value\n"
	     "        limit: 10\n"
	     "        title: Seizures by agency\n"
	     "        filter: agency=VNCUS\n"
	     "      - type: matrix\n"
	     "        place: [1, 1]\n"
	     "        by: agency\n"
	     "        by2: transport\n"
	     "      - type: phases\n"
	     "        place: [2, 0]\n"
	     "        span: [1, 2]\n",
	     &s);
	assert_string_equal(s.path, "s.yaml");
	assert_string_equal(s.title, "OMD 7 closing conference");
	assert_string_equal(s.subtitle, "Khanh Hoa, 18–19 Nov 2025");
	assert_string_equal(s.theme, "projector");
	assert_string_equal(s.filter, "phase=OMD7");
	assert_int_equal(s.policy, SESSION_FROZEN);
	assert_int_equal(s.follower_scope, SESSION_SCOPE_AGGREGATES);
	assert_int_equal(s.mask_refs, 1);
	assert_int_equal(s.nslides, 1);
	const struct session_slide *sl = &s.slides[0];
	assert_null(sl->name);
	assert_string_equal(sl->title, "Results at a glance");
	assert_int_equal(sl->budget_s, 150);
	assert_string_equal(sl->filter, "category=drugs");
	assert_string_equal(sl->notes, "- 1,155 cases\n");
	assert_int_equal(sl->line, 10);
	assert_int_equal(sl->nrows, 3);
	assert_int_equal(sl->rows[0].size, 1);
	assert_int_equal(sl->rows[0].fixed, 0);
	assert_int_equal(sl->rows[0].min, 3);
	assert_int_equal(sl->rows[1].size, 8);
	assert_int_equal(sl->rows[1].fixed, 1);
	assert_int_equal(sl->rows[1].min, 6);
	assert_int_equal(sl->rows[1].optional, 1);
	assert_int_equal(sl->rows[2].fixed, 1); /* auto */
	assert_int_equal(sl->rows[2].size, 0);
	assert_int_equal(sl->ncols, 2);
	assert_int_equal(sl->cols[1].size, 30);
	assert_int_equal(sl->cols[1].fixed, 1);
	assert_int_equal(sl->cols[1].min, 20);
	assert_int_equal(sl->npanels, 4);
	const struct session_panel *k = &sl->panels[0], *b = &sl->panels[1], *m = &sl->panels[2];
	assert_int_equal(k->type, VIEW_PANEL_KPI);
	assert_int_equal(k->row, 0);
	assert_int_equal(k->colspan, 2);
	assert_int_equal(k->dim, -1);
	assert_int_equal(k->measure, -1); /* not given */
	assert_null(k->title);
	assert_int_equal(k->line, 19);
	assert_int_equal(k->column, 9);
	assert_int_equal(b->type, VIEW_PANEL_BARS);
	assert_int_equal(b->row, 1);
	assert_int_equal(b->col, 0);
	assert_int_equal(b->dim, STORE_DIM_AGENCY);
	assert_int_equal(b->measure, WIDGET_QTY + STORE_UNIT_KG);
	assert_int_equal(b->sort, VIEW_SORT_VALUE);
	assert_int_equal(b->limit, 10);
	assert_string_equal(b->title, "Seizures by agency");
	assert_string_equal(b->filter, "agency=VNCUS");
	assert_int_equal(m->dim2, STORE_DIM_TRANSPORT);
	session_free(&s);
	assert_null(s.slides);
	session_free(&s); /* twice is harmless */
}

static void test_defaults_when_keys_are_absent(void **state)
{
	struct session s;

	(void)state;
	load(SLIDE("      - type: cases\n"), &s);
	assert_null(s.subtitle);
	assert_null(s.theme);
	assert_null(s.filter);
	assert_int_equal(s.policy, SESSION_LIVE);
	assert_int_equal(s.follower_scope, SESSION_SCOPE_SLIDES);
	assert_int_equal(s.mask_refs, 0);
	assert_int_equal(s.slides[0].budget_s, 0);
	assert_int_equal(s.slides[0].nrows, 1);
	assert_int_equal(s.slides[0].ncols, 1);
	assert_int_equal(s.slides[0].rows[0].size, 1);
	const struct session_panel *p = &s.slides[0].panels[0];
	assert_int_equal(p->type, VIEW_PANEL_CASES);
	assert_int_equal(p->row, 0);
	assert_int_equal(p->col, 0);
	assert_int_equal(p->rowspan, 1);
	assert_int_equal(p->colspan, 1);
	assert_int_equal(p->sort, -1);
	assert_int_equal(p->limit, 0);
	assert_null(p->compare[0]);
	session_free(&s);
}

static void test_a_layout_has_named_screens_and_layout_only_values(void **state)
{
	struct session s;

	(void)state;
	load("layout: mine\n"
	     "screens:\n"
	     "  - name: drill\n"
	     "    grid: {columns: [1, 1]}\n"
	     "    panels:\n"
	     "      - {type: bars, by: open2}\n"
	     "      - {type: matrix, place: [0, 1], by: agency, by2: [category, transport]}\n"
	     "  - name: home\n"
	     "    panels:\n"
	     "      - {type: phases}\n",
	     &s);
	assert_string_equal(s.title, "mine");
	assert_int_equal(s.nslides, 2);
	assert_non_null(session_screen(&s, "home"));
	assert_null(session_screen(&s, "case"));
	const struct session_slide *d = session_screen(&s, "drill");
	assert_non_null(d);
	assert_null(d->title);
	assert_int_equal(d->panels[0].dim, VIEW_DIM_OPEN + 1);
	assert_int_equal(d->panels[1].dim2, VIEW_DIM_ANY + (1 << STORE_DIM_CATEGORY) + (1 << STORE_DIM_TRANSPORT));
	session_free(&s);
}

static void test_unknown_keys_suggest_the_nearest(void **state)
{
	(void)state;
	assert_string_equal(error_of("titel: T\nslides: []\n"),
	                    "s.yaml:1:1: unknown key 'titel' (did you mean 'title'?)");
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    panls: []\n"),
	                    "s.yaml:4:5: unknown key 'panls' (did you mean 'panels'?)");
	assert_string_equal(error_of(SLIDE("      - type: bars\n        by: agency\n        mesure: kg\n")),
	                    "s.yaml:7:9: unknown key 'mesure' (did you mean 'measure'?)");
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    grid: {rows: [1], colums: [1]}\n"
	                             "    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:23: unknown key 'colums' (did you mean 'columns'?)");
}

static void test_missing_keys_are_named_at_their_map(void **state)
{
	(void)state;
	assert_string_equal(error_of("slides: []\n"), "s.yaml:1:1: missing key 'title'");
	assert_string_equal(error_of("title: T\nslides:\n  - panels: [{type: kpi}]\n"),
	                    "s.yaml:3:5: missing key 'title'");
	assert_string_equal(error_of(SLIDE("      - by: agency\n")), "s.yaml:5:9: missing key 'type'");
	assert_string_equal(error_of("title: T\nslides: []\n"),
	                    "s.yaml:2:9: slides must be a list of at least one slide, found a list");
}

static void test_unknown_panel_type_dimension_and_measure(void **state)
{
	(void)state;
	assert_string_equal(error_of(SLIDE("      - type: matirx\n")),
	                    "s.yaml:5:15: unknown panel type 'matirx' (did you mean 'matrix'?)");
	assert_string_equal(error_of(SLIDE("      - type: bars\n        by: agnecy\n")),
	                    "s.yaml:6:13: unknown dimension (by) 'agnecy' (did you mean 'agency'?)");
	assert_string_equal(error_of(SLIDE("      - type: bars\n        by: agency\n        measure: tablet\n")),
	                    "s.yaml:7:18: unknown measure 'tablet' (did you mean 'tablets'?)");
	assert_string_equal(error_of(SLIDE("      - type: bars\n        by: agency\n        sort: newest\n")),
	                    "s.yaml:7:15: unknown sort 'newest' (expected natural, value, name)");
}

static void test_options_a_type_does_not_take(void **state)
{
	(void)state;
	assert_string_equal(error_of(SLIDE("      - type: kpi\n        by2: agency\n")),
	                    "s.yaml:6:9: a kpi panel takes no 'by2'");
	assert_string_equal(error_of(SLIDE("      - type: bars\n")),
	                    "s.yaml:5:9: a bars panel needs 'by' (the dimension it groups by)");
	assert_string_equal(error_of(SLIDE("      - type: matrix\n        by: agency\n        by2: agency\n")),
	                    "s.yaml:5:9: a matrix panel needs two different dimensions in 'by' and 'by2'");
	assert_string_equal(error_of(SLIDE("      - type: text\n")),
	                    "s.yaml:5:9: a text panel needs 'text' (\"# heading\", \"- bullet\", **bold**)");
	assert_string_equal(error_of(SLIDE("      - {type: compare, compare: [phase=OMD7]}\n")),
	                    "s.yaml:5:34: compare is two locators, like [phase=OMD7, phase=OMD6], or 'phases'");
	assert_string_equal(error_of(SLIDE("      - {type: table, by: agency, text: hi}\n")),
	                    "s.yaml:5:35: a table panel takes no 'text'");
}

static void test_layout_only_values_are_refused_in_sessions(void **state)
{
	(void)state;
	assert_string_equal(error_of(SLIDE("      - type: bars\n        by: open1\n")),
	                    "s.yaml:6:13: 'open1' is a layout-only value (in layout files)");
	assert_string_equal(error_of(SLIDE("      - {type: matrix, by: agency, by2: [category, transport]}\n")),
	                    "s.yaml:5:41: a list in by2 is a layout-only value (in layout files)");
}

static void test_bad_locators_point_into_the_value(void **state)
{
	(void)state;
	assert_string_equal(error_of("title: T\nfilter: phase=OMD7/agnecy=VNCUS\nslides: []\n"),
	                    "s.yaml:2:20: filter: unknown key 'agnecy' (expected phase, category, subcategory, agency, country, "
	                    "transport, status, week, day, case, search)");
	const char *e = error_of(SLIDE("      - type: cases\n        filter: phase=\n"));
	assert_non_null(strstr(e, "s.yaml:6:"));
}

static void test_places_outside_the_grid_and_overlaps(void **state)
{
	(void)state;
	assert_string_equal(error_of(SLIDE("      - type: kpi\n        place: [1, 0]\n")),
	                    "s.yaml:6:16: the panel at [1, 0] spanning [1, 1] leaves the grid (1 row x 1 column)");
	assert_string_equal(
		error_of("title: T\nslides:\n  - title: S\n    grid: {rows: [1, 1], columns: [1, 1]}\n    panels:\n"
	             "      - {type: kpi, span: [1, 2]}\n"
	             "      - {type: cases, place: [1, 0]}\n"
	             "      - {type: phases, place: [0, 1], span: [2, 1]}\n"),
		"s.yaml:8:45: the panel at [0, 1] overlaps the kpi panel at [0, 0] (line 6)");
	assert_string_equal(error_of(SLIDE("      - type: kpi\n        span: [1, 0]\n")),
	                    "s.yaml:6:19: span item 2 must be a whole number from 1 to 12, found '0'");
}

static void test_grid_tracks(void **state)
{
	(void)state;
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    grid: {rows: [1, {size: 5, min: 8}]}\n"
	                             "    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:37: min 8 is larger than the size 5");
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    grid: {columns: [{size: 5, optional: true}]}\n"
	                             "    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:42: only rows can be optional");
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    grid: {rows: [0]}\n"
	                             "    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:19: row weight must be a whole number from 1 to 1000, found '0'");
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    grid: {rows: [auto, 1]}\n"
	                             "    panels: [{type: kpi, place: [1, 0]}]\n"),
	                    "s.yaml:5:13: row 0 is 'auto' but no panel sits in it alone");
}

static void test_durations_and_choices(void **state)
{
	(void)state;
	assert_string_equal(error_of("title: T\nslides:\n  - title: S\n    time: 2x\n    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:11: time budget must be a duration from 1s to 24h like 90s, 2m, 2m30s or 1h, found '2x'");
	assert_string_equal(error_of("title: T\ndata: frozn\nslides: []\n"),
	                    "s.yaml:2:7: unknown data policy 'frozn' (did you mean 'frozen'?)");
	assert_string_equal(error_of("title: T\nfollowers: {scope: case}\nslides: []\n"),
	                    "s.yaml:2:20: unknown follower scope 'case' (did you mean 'cases'?)");
}

static void test_layout_screens(void **state)
{
	(void)state;
	assert_string_equal(error_of("layout: L\nscreens:\n  - name: hom\n    panels: [{type: kpi}]\n"),
	                    "s.yaml:3:11: unknown screen 'hom' (did you mean 'home'?)");
	assert_string_equal(error_of("layout: L\nscreens:\n  - name: home\n    panels: [{type: kpi}]\n"
	                             "  - name: home\n    panels: [{type: kpi}]\n"),
	                    "s.yaml:5:11: a second 'home' screen (the first is on line 3)");
	assert_string_equal(error_of("layout: L\nscreens:\n  - name: home\n    time: 2m\n    panels: [{type: kpi}]\n"),
	                    "s.yaml:4:5: unknown key 'time' (expected name, title, filter, grid, panels)");
}

static void test_syntax_errors_and_files(void **state)
{
	struct session s;
	char path[512];

	(void)state;
	const char *e = error_of("title: [\n");
	assert_non_null(strstr(e, "s.yaml:"));
	snprintf(path, sizeof path, "%s", tu_path("no-such-session.yaml"));
	unlink(path);
	assert_int_equal(session_load(path, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "no-such-session.yaml"));
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(SLIDE("      - type: kpi\n"), f);
	fclose(f);
	assert_int_equal(session_load(path, &s, err, sizeof err), 0);
	assert_string_equal(s.path, path);
	session_free(&s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_full_session_fills_every_field),
		cmocka_unit_test(test_defaults_when_keys_are_absent),
		cmocka_unit_test(test_a_layout_has_named_screens_and_layout_only_values),
		cmocka_unit_test(test_unknown_keys_suggest_the_nearest),
		cmocka_unit_test(test_missing_keys_are_named_at_their_map),
		cmocka_unit_test(test_unknown_panel_type_dimension_and_measure),
		cmocka_unit_test(test_options_a_type_does_not_take),
		cmocka_unit_test(test_layout_only_values_are_refused_in_sessions),
		cmocka_unit_test(test_bad_locators_point_into_the_value),
		cmocka_unit_test(test_places_outside_the_grid_and_overlaps),
		cmocka_unit_test(test_grid_tracks),
		cmocka_unit_test(test_durations_and_choices),
		cmocka_unit_test(test_layout_screens),
		cmocka_unit_test(test_syntax_errors_and_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
