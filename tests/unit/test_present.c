/* present: slide navigation, countdowns, freeze, the overview, typed slide numbers,
 * watching the session file, and the chrome drawn around a slide. */
#include "testcanvas.h"
#include "testdb.h"

#include <sys/stat.h>
#include <time.h>

#include "present.h"
#include "store.h"

/* A three-slide session built by hand (the loader has its own tests). */
static struct session_slide slides[3];
static struct session sess;

static void fixture(int policy)
{
	memset(slides, 0, sizeof slides);
	memset(&sess, 0, sizeof sess);
	slides[0].title = "Welcome";
	slides[0].budget_s = 60;
	slides[1].title = "Results at a glance";
	slides[1].budget_s = 150;
	slides[2].title = "Thanks";
	slides[2].budget_s = 0; /* no budget */
	sess.title = "OMD 7 closing conference";
	sess.subtitle = "Khanh Hoa, 18–19 Nov 2025";
	sess.policy = policy;
	sess.nslides = 3;
	sess.slides = slides;
}

static void test_starts_on_the_first_slide_live(void **state)
{
	struct present p;

	(void)state;
	fixture(SESSION_LIVE);
	assert_int_equal(present_init(&p, &sess, 100.0, "2025-09-16 09:00"), 0);
	assert_int_equal(p.slide, 0);
	assert_int_equal(p.frozen, 0);
	assert_string_equal(p.as_of, "");
	present_free(&p);
}

static void test_frozen_session_freezes_when_it_opens(void **state)
{
	struct present p;

	(void)state;
	fixture(SESSION_FROZEN);
	present_init(&p, &sess, 100.0, "2025-09-16 09:00");
	assert_int_equal(p.frozen, 1);
	assert_string_equal(p.as_of, "2025-09-16 09:00");
	assert_int_equal(present_freeze(&p, 0, NULL), 0);
	assert_string_equal(p.as_of, "");
	assert_int_equal(present_freeze(&p, 1, "2026-12-01 20:30"), 1);
	assert_string_equal(p.as_of, "2026-12-01 20:30");
	present_free(&p);
}

static void test_next_and_previous_stop_at_the_ends(void **state)
{
	struct present p;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	assert_int_equal(present_prev(&p, 1), 0);
	assert_int_equal(p.slide, 0);
	assert_int_equal(present_next(&p, 2), 1);
	assert_int_equal(present_next(&p, 3), 1);
	assert_int_equal(p.slide, 2);
	assert_int_equal(present_next(&p, 4), 0);
	assert_int_equal(p.slide, 2);
	assert_int_equal(present_goto(&p, -5, 5), 1);
	assert_int_equal(p.slide, 0);
	assert_int_equal(present_goto(&p, 99, 6), 1);
	assert_int_equal(p.slide, 2);
	present_free(&p);
}

static void test_slide_countdown_turns_amber_then_red(void **state)
{
	struct present p;
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 1000, NULL);
	assert_true(present_slide_left(&p, 1000, &clock) == 60);
	assert_int_equal(clock, PRESENT_CLOCK_OK);
	assert_true(present_slide_left(&p, 1030, &clock) == 30);
	assert_int_equal(clock, PRESENT_CLOCK_OK);
	assert_true(present_slide_left(&p, 1031, &clock) == 29);
	assert_int_equal(clock, PRESENT_CLOCK_WARN);
	assert_true(present_slide_left(&p, 1072, &clock) == -12);
	assert_int_equal(clock, PRESENT_CLOCK_OVER);
	present_goto(&p, 2, 1080);
	present_slide_left(&p, 1090, &clock);
	assert_int_equal(clock, PRESENT_CLOCK_NONE); /* slide 3 has no budget */
	present_free(&p);
}

static void test_coming_back_continues_a_slides_countdown(void **state)
{
	struct present p;
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	present_next(&p, 10);  /* 10 s on slide 1 */
	present_next(&p, 100); /* 90 s on slide 2 */
	present_prev(&p, 120);
	assert_true(present_slide_left(&p, 130, &clock) == 150 - 90 - 10);
	present_prev(&p, 130);
	assert_true(present_slide_spent(&p, 135) == 15);
	present_free(&p);
}

/* A follower takes the presenter's clocks: they go on from there, and moving on its own
 * counts as the presenter would. */
static void test_set_clocks_takes_someone_elses_time(void **state)
{
	struct present p;
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 1000, NULL);
	present_goto(&p, 1, 1000);
	present_set_clocks(&p, 1000, 600, 140); /* 10 min into the session, 2:20 on slide 2 */
	assert_true(present_session_spent(&p, 1000) == 600);
	assert_true(present_slide_left(&p, 1005, &clock) == 150 - 145);
	assert_int_equal(clock, PRESENT_CLOCK_WARN);
	present_next(&p, 1010);
	assert_true(present_slide_spent(&p, 1010) == 0);
	present_prev(&p, 1020);
	assert_true(present_slide_spent(&p, 1020) == 150); /* 140 + the 10 s after */
	present_free(&p);
}

static void test_session_clock_runs_from_the_start(void **state)
{
	struct present p;
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	assert_int_equal(present_session_budget(&sess), 210);
	present_init(&p, &sess, 50, NULL);
	present_next(&p, 60);
	assert_true(present_session_spent(&p, 110) == 60);
	assert_true(present_session_left(&p, 110, &clock) == 150);
	assert_int_equal(clock, PRESENT_CLOCK_OK);
	assert_true(present_session_left(&p, 270, &clock) == -10);
	assert_int_equal(clock, PRESENT_CLOCK_OVER);
	present_free(&p);
}

/* present_clock_format of seconds writes want. */
static void clock_shows(double seconds, const char *want)
{
	char b[32] = "x";

	present_clock_format(seconds, b, sizeof b);
	assert_string_equal(b, want);
}

static void test_clock_format(void **state)
{
	(void)state;
	clock_shows(102, "1:42");
	clock_shows(5, "0:05");
	clock_shows(0.4, "0:01"); /* not up yet: never shows 0:00 early */
	clock_shows(0, "0:00");
	clock_shows(3723, "1:02:03");
	clock_shows(-12.5, "-0:12");
	clock_shows(-0.5, "0:00");
}

static void test_clocks_text_for_the_top_line(void **state)
{
	struct present p;
	char b[160];
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	present_next(&p, 42);
	present_clocks_text(&p, 50, b, sizeof b, &clock);
	assert_string_equal(b, "2:22 left · 0:50 of 3:30 · 2 / 3");
	assert_int_equal(clock, PRESENT_CLOCK_OK);
	present_clocks_text(&p, 200, b, sizeof b, &clock);
	assert_string_equal(b, "0:08 over · 3:20 of 3:30 · 2 / 3");
	assert_int_equal(clock, PRESENT_CLOCK_OVER); /* the worse of the two */
	present_next(&p, 200);
	present_clocks_text(&p, 201, b, sizeof b, &clock);
	assert_string_equal(b, "3:21 of 3:30 · 3 / 3");
	assert_int_equal(clock, PRESENT_CLOCK_WARN);
	present_free(&p);
}

static void test_typed_slide_number_jumps(void **state)
{
	struct present p;
	char msg[80];

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	assert_int_equal(present_digit(&p, 'x'), 0);
	assert_int_equal(present_digit(&p, '1'), 1);
	assert_int_equal(present_digit(&p, '2'), 1);
	assert_string_equal(p.digits, "12");
	assert_int_equal(present_digits_enter(&p, 1, msg, sizeof msg), -1);
	assert_string_equal(msg, "no slide 12 (1–3)");
	assert_string_equal(p.digits, "");
	assert_int_equal(p.slide, 0);
	present_digit(&p, '0'); /* a leading zero is ignored */
	present_digit(&p, '3');
	assert_int_equal(present_digits_enter(&p, 2, msg, sizeof msg), 1);
	assert_int_equal(p.slide, 2);
	assert_string_equal(msg, "");
	present_digit(&p, '2');
	present_digits_clear(&p);
	assert_string_equal(p.digits, "");
	assert_int_equal(present_digits_enter(&p, 3, msg, sizeof msg), -1); /* nothing typed */
	present_free(&p);
}

static void test_overview_selects_and_opens(void **state)
{
	struct present p;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	present_next(&p, 1);
	present_overview_open(&p);
	assert_int_equal(p.overview, 1);
	assert_int_equal(p.ov_sel, 1);
	present_overview_move(&p, 5);
	assert_int_equal(p.ov_sel, 2);
	present_overview_move(&p, -9);
	assert_int_equal(p.ov_sel, 0);
	assert_int_equal(present_overview_enter(&p, 2), 1);
	assert_int_equal(p.overview, 0);
	assert_int_equal(p.slide, 0);
	present_free(&p);
}

static void test_reload_keeps_the_place_and_the_clocks(void **state)
{
	struct present p;
	struct session two;
	int clock;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	present_goto(&p, 1, 10);
	two = sess;
	assert_int_equal(present_reload(&p, &two, 40), 0);
	assert_int_equal(p.slide, 1);
	assert_true(present_slide_left(&p, 40, &clock) == 120);
	/* The slide on screen was deleted: the last one is shown. */
	two.nslides = 1;
	present_reload(&p, &two, 50);
	assert_int_equal(p.slide, 0);
	/* Slides added back: their clocks start from nothing. */
	present_reload(&p, &sess, 60);
	present_goto(&p, 1, 60);
	assert_true(present_slide_spent(&p, 60) == 40);
	present_goto(&p, 2, 60);
	assert_true(present_slide_spent(&p, 60) == 0);
	present_free(&p);
}

static void test_watch_sees_edits_and_deletion(void **state)
{
	struct present_watch w = { 0 };
	const char *path = tu_write("watched.yaml", "title: a\n");

	(void)state;
	assert_int_equal(present_watch_poll(&w), 0); /* nothing watched */
	assert_int_equal(present_watch_set(&w, path), 0);
	assert_int_equal(present_watch_poll(&w), 0);
	tu_write("watched.yaml", "title: ab\n"); /* one byte longer: seen even within one mtime tick */
	assert_int_equal(present_watch_poll(&w), 1);
	assert_int_equal(present_watch_poll(&w), 0);
	remove(path);
	assert_int_equal(present_watch_poll(&w), 1);
	assert_int_equal(present_watch_poll(&w), 0);
	tu_write("watched.yaml", "title: ab\n");
	assert_int_equal(present_watch_poll(&w), 1);
	present_watch_free(&w);
	assert_null(w.path);
}

static void test_chrome_says_where_and_what(void **state)
{
	struct present p;
	struct canvas c;
	struct present_chrome ch = { .caption = "phase OMD 7 · all categories" };

	(void)state;
	fixture(SESSION_FROZEN);
	present_init(&p, &sess, 0, "2025-09-16 09:00");
	present_next(&p, 0);
	canvas_init(&c, 90, 12, 0);
	present_draw_chrome(&c, &p, 30, &ch);
	assert_string_equal(tc_line(&c, 0), " OMD 7 closing conference · Khanh Hoa, 18–19 Nov 2025    2:00 left · 0:30 of 3:30 · 2 / 3");
	assert_string_equal(tc_line(&c, 1), " Results at a glance");
	assert_string_equal(tc_line(&c, 10), " phase OMD 7 · all categories · data frozen as of 2025-09-16 09:00");
	tc_assert_row_has(&c, 11, "o overview");
	struct canvas_rect b = present_body(&c);
	assert_int_equal(b.y, 2);
	assert_int_equal(b.h, 8);

	/* A reload error stays on the status line; a typed number takes it over. */
	snprintf(p.error, sizeof p.error, "omd7.yaml:12:5: unknown key 'titel' (did you mean 'title'?)");
	present_draw_chrome(&c, &p, 30, &ch);
	assert_string_equal(tc_line(&c, 11), " omd7.yaml:12:5: unknown key 'titel' (did you mean 'title'?)");
	assert_int_equal(c.cells[11 * c.cols + 1].role, ROLE_ALERT);
	present_digit(&p, '3');
	present_draw_chrome(&c, &p, 30, &ch);
	assert_string_equal(tc_line(&c, 11), " go to slide 3_   (Enter go · Esc cancel)");

	/* Over time, the clocks turn red. */
	present_freeze(&p, 0, NULL);
	present_draw_chrome(&c, &p, 400, &ch);
	assert_int_equal(c.cells[0 * c.cols + c.cols - 2].role, ROLE_ALERT);
	assert_string_equal(tc_line(&c, 10), " phase OMD 7 · all categories · live data");
	canvas_free(&c);
	present_free(&p);
}

static void test_overview_lists_every_slide(void **state)
{
	struct present p;
	struct canvas c;

	(void)state;
	fixture(SESSION_LIVE);
	present_init(&p, &sess, 0, NULL);
	present_next(&p, 0);
	present_overview_open(&p);
	present_overview_move(&p, 1);
	canvas_init(&c, 60, 8, 0);
	present_draw_overview(&c, &p);
	assert_string_equal(tc_line(&c, 0), " OMD 7 closing conference · 3 slides · 3:30");
	tc_assert_row_has(&c, 2, "1  Welcome");
	tc_assert_row_has(&c, 2, "1:00");
	tc_assert_row_has(&c, 3, "▶ 2  Results at a glance");
	tc_assert_row_has(&c, 3, "← now");
	tc_assert_row_has(&c, 4, "3  Thanks");
	assert_true(c.cells[4 * c.cols + 5].attr & CANVAS_REVERSE); /* the selection */
	assert_false(c.cells[3 * c.cols + 5].attr & CANVAS_REVERSE);
	canvas_free(&c);
	present_free(&p);
}

/* ---- checks against the bundled sample ---------------------------------------------- */

static struct store *db;

static int db_setup(void **state)
{
	(void)state;
	db = tdb_sample_viewer("present.db");
	return db ? 0 : -1;
}

static int db_teardown(void **state)
{
	(void)state;
	store_close(db);
	return 0;
}

static void load(const char *text, struct session *ss)
{
	char err[400];

	memset(ss, 0, sizeof *ss);
	if (session_load_mem("t.yaml", text, strlen(text), ss, err, sizeof err) < 0)
		fail_msg("%s", err);
}

static void test_locators_must_name_values_the_database_holds(void **state)
{
	struct session ss;
	char err[400];

	(void)state;
	load("title: t\nfilter: phase=OMD7\nslides:\n  - title: a\n    panels:\n      - type: bars\n"
	     "        by: agency\n        filter: agency=XXCUS\n", &ss);
	assert_int_equal(present_check_locators(&ss, db, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:6:9: filter 'agency=XXCUS': unknown agency 'XXCUS'");
	assert_int_equal(present_check_locators(&ss, NULL, err, sizeof err), 0); /* no database: not checked */
	session_free(&ss);
	load("title: t\nfilter: phase=OMD9\nslides:\n  - title: a\n    panels:\n      - type: kpi\n", &ss);
	assert_int_equal(present_check_locators(&ss, db, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml: filter 'phase=OMD9': unknown phase 'OMD9'");
	session_free(&ss);
	load("title: t\nfilter: phase=OMD7\nslides:\n  - title: a\n    filter: category=drugs\n    panels:\n"
	     "      - type: kpi\n", &ss);
	assert_int_equal(present_check_locators(&ss, db, err, sizeof err), 0);
	session_free(&ss);
}

/* Runs present_check_fit into a string. */
static int fit(const struct session *ss, int cols, int rows, char *out, size_t n)
{
	FILE *f = fmemopen(out, n, "w");
	int rc = present_check_fit(ss, cols, rows, db, f);
	fclose(f);
	return rc;
}

static void test_check_fit_names_the_slides_that_lose_content(void **state)
{
	struct session ss;
	char out[2048];

	(void)state;
	load("title: t\nfilter: phase=OMD7\nslides:\n"
	     "  - title: roomy\n    panels:\n      - type: bars\n        by: category\n"
	     "  - title: crowded\n    grid:\n      rows: [{size: 4}, 1]\n    panels:\n"
	     "      - type: bars\n        by: agency\n        limit: 12\n"
	     "      - type: kpi\n        place: [1, 0]\n"
	     "  - title: small figures\n    grid:\n      rows: [{size: 5}, 1]\n    panels:\n"
	     "      - type: kpi\n      - type: bars\n        place: [1, 0]\n        by: category\n", &ss);
	assert_int_equal(fit(&ss, 120, 40, out, sizeof out), 2);
	assert_string_equal(out,
		"t.yaml:8:1: at 120x40, slide 2 'crowded' does not show everything: bars: 1 of 12 rows\n"
		"t.yaml:17:1: at 120x40, slide 3 'small figures' does not show everything: kpi: 5 of its figures too"
		" small for block digits (118x3 inside)\n");
	/* Below the smallest screen nothing shows at all. */
	assert_int_equal(fit(&ss, 50, 12, out, sizeof out), 3);
	assert_string_equal(out, "t.yaml: at 50x12 nothing is shown: the terminal is too small (need 60x16)\n");
	char line[300];
	present_fit_summary(&ss, db, 120, 40, line, sizeof line);
	assert_string_equal(line, "at 120x40 slides 2, 3 cannot show everything (opdeck check --size 120x40 for what)");
	session_free(&ss);
}

static void test_every_sample_session_fits_160x48(void **state)
{
	static const char *const files[] = { "sample-data/omd7-closing.yaml", "sample-data/omd4-review.yaml",
	                                     "sample-data/daily.yaml", "sample-data/session-reference.yaml" };
	char err[400], out[2048];

	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		struct session ss = { 0 };
		if (session_load(files[i], &ss, err, sizeof err) < 0)
			fail_msg("%s", err);
		assert_int_equal(present_check_locators(&ss, db, err, sizeof err), 0);
		if (fit(&ss, 160, 48, out, sizeof out) != 0)
			fail_msg("%s", out);
		session_free(&ss);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starts_on_the_first_slide_live),
		cmocka_unit_test(test_frozen_session_freezes_when_it_opens),
		cmocka_unit_test(test_next_and_previous_stop_at_the_ends),
		cmocka_unit_test(test_slide_countdown_turns_amber_then_red),
		cmocka_unit_test(test_coming_back_continues_a_slides_countdown),
		cmocka_unit_test(test_set_clocks_takes_someone_elses_time),
		cmocka_unit_test(test_session_clock_runs_from_the_start),
		cmocka_unit_test(test_clock_format),
		cmocka_unit_test(test_clocks_text_for_the_top_line),
		cmocka_unit_test(test_typed_slide_number_jumps),
		cmocka_unit_test(test_overview_selects_and_opens),
		cmocka_unit_test(test_reload_keeps_the_place_and_the_clocks),
		cmocka_unit_test(test_watch_sees_edits_and_deletion),
		cmocka_unit_test(test_chrome_says_where_and_what),
		cmocka_unit_test(test_overview_lists_every_slide),
		cmocka_unit_test_setup_teardown(test_locators_must_name_values_the_database_holds, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_check_fit_names_the_slides_that_lose_content, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_every_sample_session_fits_160x48, db_setup, db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
