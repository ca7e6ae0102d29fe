/* view_changed: the figures a live refresh changed, compared by key; and a level on the
 * sample marking what an insert by another connection changed, for a few seconds. */
#include "testcanvas.h"
#include "testdb.h"

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "view.h"
#include "view_changed.h"

/* A sorted list of figures from "key=value" pairs ("VNCUS|road=2" for a key with a sub-key). */
static void figures(struct view_figures *f, const char *const *pairs)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; pairs[i]; i++) {
		char key[64], *eq, *bar;
		snprintf(key, sizeof key, "%s", pairs[i]);
		eq = strchr(key, '=');
		assert_non_null(eq);
		*eq = '\0';
		bar = strchr(key, '|');
		if (bar)
			*bar = '\0';
		view_figures_add(f, key, bar ? bar + 1 : NULL, atof(eq + 1));
	}
	view_figures_sort(f);
}

/* The marked keys of m in the order of before's diff, "" when none: "precursors+1". */
static const char *marked(const struct view_marks *m)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < m->n; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%+g%s", n ? " " : "", m->v[i].key, m->v[i].delta,
		                      m->v[i].added ? " new" : "");
	return buf;
}

static void test_nothing_before_nothing_marked(void **state)
{
	struct view_figures a, b;
	struct view_marks m = { 0 };

	(void)state;
	figures(&a, (const char *const[]){ NULL });
	figures(&b, (const char *const[]){ NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 1), 0);
	assert_int_equal(m.n, 0);
	assert_null(view_marks_find(&m, "drugs", NULL));
	assert_null(view_marks_find(&m, NULL, NULL));
	assert_int_equal(view_marks_expire(&m, 100), 0);
	assert_true(view_marks_oldest(&m) < 0);
	/* the same figures twice: nothing moved */
	view_figures_free(&a);
	view_figures_free(&b);
	figures(&a, (const char *const[]){ "drugs=1027", "precursors=20", "wildlife=108", NULL });
	figures(&b, (const char *const[]){ "wildlife=108", "drugs=1027", "precursors=20", NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 1), 0);
	assert_string_equal(marked(&m), "");
	view_figures_free(&a);
	view_figures_free(&b);
	view_marks_clear(&m);
}

static void test_changed_value_marked_by_key(void **state)
{
	struct view_figures a, b;
	struct view_marks m = { 0 };

	(void)state;
	figures(&a, (const char *const[]){ "drugs=1027", "precursors=20", "wildlife=108", NULL });
	figures(&b, (const char *const[]){ "drugs=1027", "precursors=21", "wildlife=108", NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 10), 1);
	assert_string_equal(marked(&m), "precursors+1");
	assert_non_null(view_marks_find(&m, "precursors", NULL));
	assert_null(view_marks_find(&m, "drugs", NULL));
	assert_null(view_marks_find(&m, "precursors", "cases")); /* a sub-key is another figure */
	assert_true(view_marks_find(&m, "precursors", NULL)->stamp == 10);
	view_figures_free(&a);
	view_figures_free(&b);
	view_marks_clear(&m);
}

/* Largest first: a bar that grew past another moves up; only it is marked, not the bar
 * now standing where it stood. */
static void test_resorted_list_marks_the_right_bar(void **state)
{
	struct view_figures a, b;
	struct view_marks m = { 0 };

	(void)state;
	figures(&a, (const char *const[]){ "THCUS=5", "VNCUS=4", "MMCUS=3", NULL });
	figures(&b, (const char *const[]){ "VNCUS=6", "THCUS=5", "MMCUS=3", NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 1), 1);
	assert_string_equal(marked(&m), "VNCUS+2");
	assert_null(view_marks_find(&m, "THCUS", NULL));
	view_figures_free(&a);
	view_figures_free(&b);
	view_marks_clear(&m);
}

static void test_new_and_removed_keys(void **state)
{
	struct view_figures a, b, c;
	struct view_marks m = { 0 };

	(void)state;
	/* a new agency (a new bar, a new case row) is marked with its whole value; a new
	 * matrix cell at zero shows nothing new */
	figures(&a, (const char *const[]){ "THCUS=5", "MMCUS=3", "THCUS|road=2", NULL });
	figures(&b, (const char *const[]){ "THCUS=5", "MMCUS=3", "KHCUS=1", "THCUS|road=2", "KHCUS|road=1",
	                                    "KHCUS|air=0", NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 1), 2);
	assert_string_equal(marked(&m), "KHCUS+1 new KHCUS\x1froad+1 new");
	assert_non_null(view_marks_find(&m, "KHCUS", "road"));
	assert_null(view_marks_find(&m, "KHCUS", "air"));
	assert_true(view_marks_find(&m, "KHCUS", NULL)->added);
	/* a removed key is not marked, and its mark goes: the case deleted, the bar cut */
	figures(&c, (const char *const[]){ "THCUS=5", "MMCUS=3", "THCUS|road=2", NULL });
	assert_int_equal(view_marks_diff(&m, &b, &c, 2), 0);
	assert_string_equal(marked(&m), "");
	view_figures_free(&a);
	view_figures_free(&b);
	view_figures_free(&c);
	view_marks_clear(&m);
}

/* A second refresh while a figure is still marked adds to its change and restarts its
 * clock; a figure marked earlier and not changed again keeps its own time and ends first. */
static void test_marks_add_up_and_expire(void **state)
{
	struct view_figures a, b, c;
	struct view_marks m = { 0 };

	(void)state;
	figures(&a, (const char *const[]){ "cases=20", "arrests=29", NULL });
	figures(&b, (const char *const[]){ "cases=21", "arrests=31", NULL });
	figures(&c, (const char *const[]){ "cases=23", "arrests=31", NULL });
	assert_int_equal(view_marks_diff(&m, &a, &b, 100), 2);
	assert_int_equal(view_marks_diff(&m, &b, &c, 102), 1);
	assert_string_equal(marked(&m), "arrests+2 cases+3"); /* in key order */
	assert_true(view_marks_find(&m, "cases", NULL)->stamp == 102);
	assert_true(view_marks_find(&m, "arrests", NULL)->stamp == 100);
	assert_true(view_marks_oldest(&m) == 100);
	assert_int_equal(view_marks_expire(&m, 100), 0); /* not older than 100 */
	assert_int_equal(view_marks_expire(&m, 101), 1);
	assert_string_equal(marked(&m), "cases+3");
	assert_int_equal(view_marks_expire(&m, 103), 1);
	assert_int_equal(m.n, 0);
	view_figures_free(&a);
	view_figures_free(&b);
	view_figures_free(&c);
	view_marks_clear(&m);
}

/* ---- a level on the sample ------------------------------------------------------- */

static const char *dbpath;

static struct view_level *open_level(struct store *s, const char *at, struct canvas *c)
{
	struct locator loc;
	char err[300];
	struct view_level *lv = calloc(1, sizeof *lv);

	assert_non_null(lv);
	assert_int_equal(locator_parse(at, &loc, err, sizeof err), 0);
	assert_int_equal(view_level_init(lv, s, &loc, VIEW_DRILL, err, sizeof err), 0);
	locator_free(&loc);
	assert_int_equal(canvas_init(c, 120, 40, 0), 0);
	return lv;
}

static void draw(struct store *s, struct view_level *lv, struct canvas *c)
{
	char err[300];
	struct view_chrome ch = { .db_name = "changed.db", .state = "live" };
	struct view_level *stack[1] = { lv };
	assert_int_equal(view_draw(s, stack, 1, &ch, c, err, sizeof err), 0);
}

/* Cells of role on the rows y0..y1, as text ("~21 +1"): what the screen highlights. */
static const char *cells_in(const struct canvas *c, int role, int y0, int y1)
{
	static char buf[2048];
	size_t n = 0;

	buf[0] = '\0';
	for (int y = y0; y <= y1 && y < c->rows; y++) {
		int run = 0;
		for (int x = 0; x < c->cols && n + CANVAS_GLYPH_MAX + 2 < sizeof buf; x++) {
			const struct canvas_cell *cell = &c->cells[y * c->cols + x];
			if (cell->role == role && cell->width) {
				if (!run && n)
					buf[n++] = ' ';
				if (strcmp(cell->glyph, " ") != 0 || run) {
					size_t l = strlen(cell->glyph);
					memcpy(buf + n, cell->glyph, l);
					n += l;
				}
				run = 1;
			} else {
				run = 0;
			}
		}
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

static const char *cells_of(const struct canvas *c, int role)
{
	return cells_in(c, role, 0, c->rows - 1);
}

/* The highlighted cells of the first row showing text. */
static const char *changed_on_row(const struct canvas *c, const char *text)
{
	int y = tc_row_of(c, text);

	if (y < 0) {
		fail_msg("no row shows '%s'", text);
		return NULL;
	}
	return cells_in(c, ROLE_CHANGED, y, y);
}

static void add_case(const char *ref, const char *agency)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on, country,"
	         " transport, status) SELECT '%s', o.id, a.id, c.parent_id, c.id, '2025-09-15', 'VN', 'road', 'open'"
	         " FROM operations o, agencies a, categories c WHERE o.code = 'OMD7' AND a.code = '%s'"
	         " AND c.code = 'ephedrine'",
	         ref, agency);
	tdb_exec(dbpath, sql);
}

static void test_level_marks_what_an_insert_changed(void **state)
{
	struct canvas c;
	struct store *s;
	int ended = 0;

	(void)state;
	s = tdb_sample_viewer("changed.db");
	assert_non_null(s);
	dbpath = tu_path("changed.db");
	struct view_level *lv = open_level(s, "phase=OMD7/category=precursors", &c);
	/* the first frame marks nothing, and nothing is waiting to end */
	draw(s, lv, &c);
	assert_string_equal(cells_of(&c, ROLE_CHANGED), "");
	assert_true(view_level_expire(lv, 50, &ended) < 0);
	assert_int_equal(ended, 0);
	/* a refresh that finds nothing new marks nothing */
	view_level_refresh(lv, 50);
	draw(s, lv, &c);
	assert_string_equal(cells_of(&c, ROLE_CHANGED), "");

	/* another connection adds a case: the cases KPI, and the agency's and the road
	 * transport's bars and the sub-category's, the week, the matrix cell and the new row */
	add_case("OMD7-VNCUS-9001", "VNCUS");
	assert_int_equal(store_changed(s), 1);
	view_level_refresh(lv, 100);
	draw(s, lv, &c);
	char hl[2048];
	snprintf(hl, sizeof hl, "%s", cells_of(&c, ROLE_CHANGED));
	/* the cases tile's figure and by how much; not the arrests' ~29 beside it */
	assert_string_equal(changed_on_row(&c, "~21  +1"), "~21 +1");
	assert_string_equal(changed_on_row(&c, "Ephedrine "), "~5"); /* the sub-category's bar, 4 to 5 */
	assert_string_equal(changed_on_row(&c, " road "), "~5");     /* the transport's, 4 to 5 */
	assert_string_equal(changed_on_row(&c, "6 more"), "~7");     /* VN Customs is among the 6 more */
	assert_string_equal(changed_on_row(&c, "OMD7-VNCUS-9001"), "2025-09-15 OMD7-VNCUS-9001"); /* the new row */
	assert_string_equal(changed_on_row(&c, "OMD7-MNCUS-0017"), ""); /* the row after it was there before */
	assert_true(view_level_expire(lv, 101, &ended) == 100 + VIEW_CHANGED_HOLD);
	assert_int_equal(ended, 0);
	/* navigation inside the screen keeps them; VIEW_CHANGED_HOLD later they end */
	draw(s, lv, &c);
	assert_string_equal(cells_of(&c, ROLE_CHANGED), hl);
	assert_true(view_level_expire(lv, 100 + VIEW_CHANGED_HOLD + 0.01, &ended) < 0);
	assert_int_equal(ended, 1);
	draw(s, lv, &c);
	assert_string_equal(cells_of(&c, ROLE_CHANGED), "");

	/* a refresh long ago, shown only now (a level the user comes back to): nothing marked */
	add_case("OMD7-VNCUS-9002", "VNCUS");
	assert_int_equal(store_changed(s), 1);
	view_level_refresh(lv, 200);
	ended = 0;
	assert_true(view_level_expire(lv, 210, &ended) < 0);
	draw(s, lv, &c);
	assert_string_equal(cells_of(&c, ROLE_CHANGED), "");

	view_level_free(lv);
	free(lv);
	canvas_free(&c);
	store_close(s);
}

/* Home: the panels under the phases table follow its selected phase.  Another phase is
 * another screen: its figures are not compared with the last phase's, and the marks
 * there go; the phases table's own marks stay. */
static void test_home_another_phase_is_another_screen(void **state)
{
	struct canvas c;
	struct store *s;
	struct locator loc = { 0 };
	char err[300];
	struct view_level *lv = calloc(1, sizeof *lv);

	(void)state;
	s = tdb_sample_viewer("changed-home.db");
	assert_non_null(s);
	assert_non_null(lv);
	dbpath = tu_path("changed-home.db");
	assert_int_equal(view_level_init(lv, s, &loc, VIEW_HOME, err, sizeof err), 0);
	assert_int_equal(canvas_init(&c, 160, 48, 0), 0);
	draw(s, lv, &c);
	add_case("OMD7-VNCUS-9003", "VNCUS");
	assert_int_equal(store_changed(s), 1);
	view_level_refresh(lv, 100);
	draw(s, lv, &c);
	/* OMD 7's row in the table: its cases (1,155 to 1,156) and precursors (20 to 21) */
	assert_string_equal(changed_on_row(&c, "OMD 7 "), "~1,156 ~21");
	assert_non_null(strstr(cells_of(&c, ROLE_CHANGED), "+1")); /* the KPI below it, OMD 7's */
	view_move(lv, -1, 0); /* the phases table has the focus: OMD VI */
	draw(s, lv, &c);
	assert_null(strstr(cells_of(&c, ROLE_CHANGED), "+1"));
	assert_string_equal(changed_on_row(&c, "OMD 7 "), "~1,156 ~21");
	view_level_free(lv);
	free(lv);
	canvas_free(&c);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_before_nothing_marked),
		cmocka_unit_test(test_changed_value_marked_by_key),
		cmocka_unit_test(test_resorted_list_marks_the_right_bar),
		cmocka_unit_test(test_new_and_removed_keys),
		cmocka_unit_test(test_marks_add_up_and_expire),
		cmocka_unit_test(test_level_marks_what_an_insert_changed),
		cmocka_unit_test(test_home_another_phase_is_another_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
