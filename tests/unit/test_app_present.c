/* app_present: the presenter's slide level (the part of presenting that needs a database
 * and the app's drill stack; the state machine is test_present.c). */
#include "testutil.h"
#include "testdb.h"

#include "app_internal.h"
#include "present.h"
#include "session.h"
#include "store.h"
#include "view.h"
#include "xmalloc.h"

static struct app a;

static int app_setup(void **state)
{
	char err[400];
	static const char text[] =
		"title: t\nfilter: phase=OMD7\nslides:\n"
		"  - title: first\n    panels:\n      - type: kpi\n"
		"  - title: second\n    filter: category=drugs\n    panels:\n      - type: kpi\n"
		"  - title: third\n    panels:\n      - type: bars\n        by: agency\n";

	(void)state;
	memset(&a, 0, sizeof a);
	if (!(a.s = tdb_sample_viewer("app_present.db")))
		return -1;
	a.sess = xcalloc(1, sizeof *a.sess);
	if (session_load_mem("t.yaml", text, strlen(text), a.sess, err, sizeof err) < 0)
		fail_msg("%s", err);
	return present_init(&a.pr, a.sess, 100.0, "2025-09-16 09:00");
}

static int app_teardown(void **state)
{
	(void)state;
	while (a.depth > 0) {
		view_level_free(a.stack[--a.depth]);
		free(a.stack[a.depth]);
	}
	app_present_close(&a);
	store_close(a.s);
	return 0;
}

/* A slide whose level cannot be built keeps the last good one on screen, with its slide
 * number (the chrome and the room say what is shown), and says why in the status line. */
static void test_a_slide_that_cannot_be_shown_keeps_the_last_good_one(void **state)
{
	(void)state;
	assert_int_equal(app_slide_level(&a), 0);
	assert_int_equal(a.depth, 1);
	assert_string_equal(app_top(&a)->layout.title, "first");

	/* Slide 2's filter no longer parses (as a database that lost a value would fail). */
	free(a.sess->slides[1].filter);
	a.sess->slides[1].filter = xstrdup("category");
	present_next(&a.pr, 101.0);
	assert_int_equal(a.pr.slide, 1);
	assert_int_equal(app_slide_level(&a), -1);
	assert_int_equal(a.depth, 1);
	assert_string_equal(app_top(&a)->layout.title, "first");
	assert_int_equal(a.pr.slide, 0);
	assert_non_null(strstr(a.message, "slide 2 cannot be shown: slide filter: "));
	assert_non_null(strstr(a.message, "(still on slide 1)"));

	/* The next good slide replaces it; drilled inside it, a failing move keeps the drill. */
	present_goto(&a.pr, 2, 102.0);
	assert_int_equal(app_slide_level(&a), 0);
	assert_string_equal(app_top(&a)->layout.title, "third");
	assert_int_equal(a.level_slide, 2);
	struct locator loc = { 0 };
	char err[200];
	assert_int_equal(locator_parse("phase=OMD7/agency=VNCUS", &loc, err, sizeof err), 0);
	assert_int_equal(app_push(&a, &loc, VIEW_DRILL), 0);
	locator_free(&loc);
	assert_int_equal(a.depth, 2);
	present_goto(&a.pr, 1, 103.0);
	assert_int_equal(app_slide_level(&a), -1);
	assert_int_equal(a.pr.slide, 2);
	assert_int_equal(a.depth, 2);
	assert_string_equal(a.stack[0]->layout.title, "third");
}

/* With nothing on screen yet (opening the session) the failure is the error itself. */
static void test_the_first_slide_failing_says_the_error(void **state)
{
	(void)state;
	free(a.sess->slides[0].filter);
	a.sess->slides[0].filter = xstrdup("category");
	assert_int_equal(app_slide_level(&a), -1);
	assert_int_equal(a.depth, 0);
	assert_non_null(strstr(a.message, "slide filter: "));
	assert_null(strstr(a.message, "cannot be shown"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_slide_that_cannot_be_shown_keeps_the_last_good_one, app_setup,
		                                app_teardown),
		cmocka_unit_test_setup_teardown(test_the_first_slide_failing_says_the_error, app_setup, app_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
