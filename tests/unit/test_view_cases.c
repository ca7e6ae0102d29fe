/* view: a case list's window of a long list, fetched page by page as the selection
 * moves (↓, PgDn, End, ↑, PgUp, the selection found again after a reload), against the
 * order SQL gives the same cases. */
#include "testcanvas.h"
#include "testdb.h"

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "view.h"
#include "view_internal.h" /* struct view_pdata: the window */

static struct store *db;

/* The refs of phase OMD7's cases in an order, as SQL lists them (n of them). */
static char **refs;
static int nrefs;

static int setup(void **state)
{
	(void)state;
	db = tdb_sample_viewer("view_cases.db");
	return db ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	return 0;
}

static void refs_free(void)
{
	for (int k = 0; k < nrefs; k++)
		free(refs[k]);
	free(refs);
	refs = NULL;
	nrefs = 0;
}

static void refs_load(const char *order_by)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	char sql[300];

	refs_free();
	snprintf(sql, sizeof sql,
	         "SELECT c.ref FROM cases c JOIN operations o ON o.id = c.operation_id WHERE o.code = 'OMD7' "
	         "ORDER BY %s",
	         order_by);
	assert_int_equal(sqlite3_open(tu_path("view_cases.db"), &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		refs = realloc(refs, (size_t)(nrefs + 1) * sizeof *refs);
		assert_non_null(refs);
		refs[nrefs++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
}

static struct view_chrome chrome = { .db_name = "view_cases.db", .state = "live" };

static void draw(struct view_level *lv, struct canvas *c)
{
	char err[300];
	struct view_level *stack[1] = { lv };
	assert_int_equal(view_draw(db, stack, 1, &chrome, c, err, sizeof err), 0);
}

/* The cases screen of phase OMD7, drawn once at cols x rows; *i is its case list. */
static struct view_level *level(int cols, int rows, struct canvas *c, int *i)
{
	struct locator loc;
	char err[300];
	struct view_level *lv = calloc(1, sizeof *lv);

	assert_non_null(lv);
	assert_int_equal(locator_parse("phase=OMD7", &loc, err, sizeof err), 0);
	assert_int_equal(view_level_init(lv, db, &loc, VIEW_CASES, err, sizeof err), 0);
	locator_free(&loc);
	assert_int_equal(canvas_init(c, cols, rows, 0), 0);
	draw(lv, c);
	*i = -1;
	for (int k = 0; k < lv->layout.npanels; k++)
		if (lv->layout.panels[k].type == VIEW_PANEL_CASES)
			*i = k;
	assert_true(*i >= 0);
	lv->focus = *i;
	return lv;
}

static void drop(struct view_level *lv, struct canvas *c)
{
	view_level_free(lv);
	free(lv);
	canvas_free(c);
}

/* The selected case is the one at its place in SQL's order, and the window knows where it is. */
static void assert_selected(struct view_level *lv, int i, int pos)
{
	const struct view_pdata *d = &lv->data->p[i];
	char key[128];

	assert_int_equal(d->first + lv->cur[i].sel, pos);
	view_item_key(lv, i, lv->cur[i].sel, key, sizeof key);
	assert_string_equal(key, refs[pos]);
	assert_int_equal(d->total, nrefs);
}

/* What app.c does on ↓ ↑ PgDn PgUp: the pages the move reaches first, then the move. */
static void move(struct view_level *lv, int i, int delta)
{
	char err[300];
	assert_true(view_cases_reach(db, lv, i, delta, err, sizeof err) >= 0);
	view_move(lv, delta, 0);
}

static void test_first_page_is_what_the_panel_shows(void **state)
{
	struct canvas c;
	int i;
	struct view_level *lv = level(160, 48, &c, &i);

	(void)state;
	refs_load("c.detected_on DESC, c.id DESC");
	assert_true(nrefs > 1000); /* long enough for many pages */
	const struct view_pdata *d = &lv->data->p[i];
	/* every row the panel shows, and not the whole list nor the old page of 200 */
	assert_true(d->ncases >= lv->rect[i].h);
	assert_true(d->ncases < 200);
	assert_true(d->more);
	assert_selected(lv, i, 0);
	tc_assert_screen_has(&c, "1,155");
	drop(lv, &c);
	refs_free();
}

/* ↓ through the whole list one case at a time, then End, then ↑ back to the first. */
static void test_down_to_the_end_and_back_up(void **state)
{
	struct canvas c;
	int i;
	struct view_level *lv = level(120, 30, &c, &i);

	(void)state;
	refs_load("c.detected_on DESC, c.id DESC");
	for (int pos = 1; pos < nrefs; pos++) {
		move(lv, i, 1);
		assert_selected(lv, i, pos);
	}
	move(lv, i, 1); /* the last stays selected */
	assert_selected(lv, i, nrefs - 1);
	assert_int_equal(lv->data->p[i].more, 0);

	char err[300];
	assert_int_equal(view_cases_jump(db, lv, i, 0, err, sizeof err), 0); /* Home */
	assert_selected(lv, i, 0);
	drop(lv, &c);

	lv = level(120, 30, &c, &i); /* End from a first page: a window of the list's end */
	assert_int_equal(view_cases_jump(db, lv, i, 1, err, sizeof err), 0);
	assert_selected(lv, i, nrefs - 1);
	assert_true(lv->data->p[i].ncases < 200);
	assert_true(lv->data->p[i].earlier);
	draw(lv, &c);
	tc_assert_screen_has(&c, "of 1,155");
	for (int pos = nrefs - 2; pos >= 0; pos--) {
		move(lv, i, -1);
		assert_selected(lv, i, pos);
	}
	assert_int_equal(lv->data->p[i].earlier, 0);
	drop(lv, &c);
	refs_free();
}

/* PgDn and PgUp go a whole page each, over pages not fetched yet, both ways. */
static void test_page_keys_go_a_whole_page(void **state)
{
	struct canvas c;
	int i, pos = 0;
	struct view_level *lv = level(100, 24, &c, &i);
	const int page = 40; /* more than a fetch at this size: a move may reach two pages on */

	(void)state;
	refs_load("c.detected_on DESC, c.id DESC");
	while (pos + page < nrefs) {
		move(lv, i, page);
		pos += page;
		assert_selected(lv, i, pos);
		draw(lv, &c);
	}
	move(lv, i, page);
	assert_selected(lv, i, nrefs - 1);

	char err[300];
	assert_int_equal(view_cases_jump(db, lv, i, 1, err, sizeof err), 0);
	pos = nrefs - 1;
	while (pos - page >= 0) {
		move(lv, i, -page);
		pos -= page;
		assert_selected(lv, i, pos);
		draw(lv, &c);
	}
	move(lv, i, -page);
	assert_selected(lv, i, 0);
	drop(lv, &c);
	refs_free();
}

/* Another order (s), and a reload (a refresh) finds the selected case again. */
static void test_sort_and_reload_keep_the_selection(void **state)
{
	struct canvas c;
	int i;
	struct view_level *lv = level(160, 48, &c, &i);

	(void)state;
	refs_load("c.ref ASC, c.id ASC");
	assert_non_null(view_sort_next(db, lv)); /* newest → oldest */
	assert_non_null(view_sort_next(db, lv)); /* → by reference */
	draw(lv, &c);
	assert_selected(lv, i, 0);
	for (int pos = 1; pos <= 150; pos++)
		move(lv, i, 1);
	assert_selected(lv, i, 150);
	view_level_invalidate(lv);
	draw(lv, &c);
	assert_selected(lv, i, 150); /* fetched again as far as the selection, found by its key */
	tc_assert_screen_has(&c, refs[150]);
	drop(lv, &c);
	refs_free();
}

/* A follower takes the presenter's selection as it is: its list fetches as far. */
static void test_a_selection_set_from_outside_is_reached(void **state)
{
	struct canvas c;
	int i;
	struct view_level *lv = level(160, 48, &c, &i);
	char err[300];

	(void)state;
	refs_load("c.detected_on DESC, c.id DESC");
	lv->cur[i].sel = 700;
	assert_true(view_cases_reach(db, lv, i, 0, err, sizeof err) > 0);
	draw(lv, &c);
	assert_selected(lv, i, 700);
	tc_assert_screen_has(&c, refs[700]);
	drop(lv, &c);
	refs_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_page_is_what_the_panel_shows),
		cmocka_unit_test(test_down_to_the_end_and_back_up),
		cmocka_unit_test(test_page_keys_go_a_whole_page),
		cmocka_unit_test(test_sort_and_reload_keep_the_selection),
		cmocka_unit_test(test_a_selection_set_from_outside_is_reached),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
