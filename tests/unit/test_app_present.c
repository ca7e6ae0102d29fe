/* app_present and app_follow: the presenter's slide level and a follower's masked drill
 * (the parts of presenting that need a database and the app's drill stack; the state
 * machine is test_present.c, the channel test_room.c). */
#include "testcanvas.h"
#include "testdb.h"

#include <poll.h>

#include "app.h"
#include "app_internal.h"
#include "present.h"
#include "room.h"
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

/* The route as the case screen writes it: "LA → TH → CN". */
static void route_of(const struct store_case *k, char *out, size_t n)
{
	size_t len = 0;
	const char *parts[3] = { k->departure, k->transit, k->destination };

	out[0] = '\0';
	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i]; p && *p;) {
			size_t w = strcspn(p, " ,");
			if (w)
				len += (size_t)snprintf(out + len, n - len, "%s%.*s", len ? " → " : "", (int)w, p);
			p += w;
			p += strspn(p, " ,");
		}
}

/* A case of OMD 7 with a full route (departure, a transit stop, destination) and a place. */
static void routed_case(struct store_case *k)
{
	struct store_filter f;
	struct store_case_page pg = { 0 };

	store_filter_init(&f);
	f.value[STORE_DIM_PHASE] = xstrdup("OMD7");
	assert_int_equal(store_cases(a.s, &f, STORE_ORDER_REF, NULL, 500, &pg), 0);
	store_filter_free(&f);
	for (int i = 0; i < pg.n; i++) {
		struct store_case *c = &pg.cases[i];
		if (*c->departure && *c->transit && *c->destination && *c->location && *c->summary) {
			assert_int_equal(store_case_get(a.s, c->ref, k), 0);
			store_case_page_free(&pg);
			return;
		}
	}
	fail_msg("no OMD 7 case with a full route in the first 500");
}

/* Draws the case at ref as the top of the stack, as a follower (masked or not) would. */
static void draw_case(const char *ref, struct canvas *c)
{
	struct locator loc = { 0 };
	char err[300];

	assert_int_equal(locator_push(&loc, STORE_DIM_PHASE, "OMD7"), 0);
	assert_int_equal(locator_push(&loc, LOCATOR_KEY_CASE, ref), 0);
	assert_int_equal(app_push(&a, &loc, VIEW_CASE), 0);
	locator_free(&loc);
	assert_int_equal(canvas_init(c, 160, 48, 0), 0);
	assert_int_equal(view_draw_area(a.s, app_top(&a), c, (struct canvas_rect){ 0, 0, 160, 48 }, err, sizeof err), 0);
}

/* A follower of a session with mask: true: the case's reference loses its serial and
 * every place (where detected, where from, through, to) and the summary show as "••••";
 * unmasked, the same screen shows them (so the test looks where they would be). */
static void test_a_masked_follower_sees_no_place_of_a_case(void **state)
{
	struct store_case k = { 0 };
	struct canvas c;
	char route[200], masked_ref[128];

	(void)state;
	assert_int_equal(app_slide_level(&a), 0);
	routed_case(&k);
	route_of(&k, route, sizeof route);
	room_mask_ref(k.ref, masked_ref, sizeof masked_ref);

	draw_case(k.ref, &c); /* the presenter's own screen */
	tc_assert_screen_has(&c, k.ref);
	tc_assert_screen_has(&c, k.location);
	tc_assert_screen_has(&c, route);
	canvas_free(&c);

	a.following = 1;
	a.sess->mask_refs = 1;
	draw_case(k.ref, &c);
	assert_int_equal(app_top(&a)->mask, 1);
	assert_int_equal(tc_row_of(&c, k.ref), -1);
	tc_assert_screen_has(&c, masked_ref);
	assert_int_equal(tc_row_of(&c, k.location), -1);
	assert_int_equal(tc_row_of(&c, route), -1);
	tc_assert_screen_has(&c, "•••• → •••• → ••••");
	canvas_free(&c);
	store_case_free(&k);
}

/* A presenter and a follower in one process on a room in the test's directory. */
static void wait_state(struct app *f)
{
	for (int i = 0; i < 200; i++) {
		struct pollfd pf = { room_fd(f->room), POLLIN, 0 };
		poll(&pf, pf.fd >= 0 ? 1 : 0, 10);
		if (app_room_turn(f) && f->have_state && f->depth > 0)
			return;
	}
	fail_msg("the follower got no state");
}

/* A follower loads ahead what the presenter may show next (the next and previous slides,
 * the drill of the selection) while idle; the presenter's move then installs that very
 * level, data and all, and the level left is kept for a move back. */
static void test_a_follower_loads_ahead_and_a_move_only_draws(void **state)
{
	struct app f;
	char err[300], path[300];
	struct app_options o = { 0 };

	(void)state;
	snprintf(path, sizeof path, "%s", tu_write("ahead.yaml",
		"title: t\nfilter: phase=OMD7\nslides:\n"
		"  - title: first\n    panels:\n      - type: bars\n        by: category\n"
		"  - title: second\n    panels:\n      - type: bars\n        by: agency\n"
		"  - title: third\n    panels:\n      - type: kpi\n"));
	o.session = path;
	o.room = tu_path("ahead.sock");
	o.theme = "default";
	app_present_close(&a); /* the fixture's session: this test presents its own */
	assert_int_equal(app_present_open(&a, &o), 0);
	assert_int_equal(app_present_room(&a, &o), 0);
	assert_int_equal(canvas_init(&a.canvas, 120, 40, 0), 0);

	memset(&f, 0, sizeof f);
	assert_non_null(f.s = store_open(tu_path("app_present.db"), STORE_READ, err, sizeof err));
	f.following = 1;
	f.theme_given = 1;
	assert_non_null(f.room = room_follow(o.room, err, sizeof err));
	assert_int_equal(canvas_init(&f.canvas, 80, 24, 0), 0);
	for (int i = 0; i < 50 && room_followers(a.room) < 1; i++) {
		room_poll(f.room, &f.rs, err, sizeof err);
		room_poll(a.room, NULL, NULL, 0);
		usleep(10000);
	}
	app_room_sync(&a);
	wait_state(&f);
	assert_int_equal(f.level_slide, 0);
	app_present_frame(&f);

	/* Idle: the drill of the selection and the next slide are loaded (there is no previous). */
	assert_true(app_follow_ahead_pending(&f));
	for (int i = 0; i < 10 && app_follow_ahead_pending(&f); i++)
		app_follow_ahead(&f);
	assert_false(app_follow_ahead_pending(&f));
	struct view_level *next = NULL;
	int kept = 0;
	for (int i = 0; i < APP_KEPT; i++)
		if (f.kept[i].key) {
			kept++;
			if (strcmp(f.kept[i].key, "1 ") == 0)
				next = f.kept[i].lv;
		}
	assert_int_equal(kept, 2);
	assert_non_null(next);
	assert_non_null(next->data); /* loaded, not only built */

	/* The presenter's next slide: the kept level itself goes on screen. */
	app_present_key(&a, 'n');
	app_room_sync(&a);
	wait_state(&f);
	assert_int_equal(f.level_slide, 1);
	assert_ptr_equal(f.stack[0], next);
	assert_string_equal(f.stack[0]->layout.title, "second");
	/* and the slide left is kept for a move back */
	int back = 0;
	for (int i = 0; i < APP_KEPT; i++)
		back |= f.kept[i].key && strcmp(f.kept[i].key, "0 ") == 0;
	assert_true(back);

	while (f.depth > 0) {
		view_level_free(f.stack[--f.depth]);
		free(f.stack[f.depth]);
	}
	app_follow_close(&f);
	app_present_close(&f);
	room_close(f.room);
	canvas_free(&f.canvas);
	store_close(f.s);
	room_close(a.room);
	a.room = NULL;
	canvas_free(&a.canvas);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_slide_that_cannot_be_shown_keeps_the_last_good_one, app_setup,
		                                app_teardown),
		cmocka_unit_test_setup_teardown(test_the_first_slide_failing_says_the_error, app_setup, app_teardown),
		cmocka_unit_test_setup_teardown(test_a_masked_follower_sees_no_place_of_a_case, app_setup, app_teardown),
		cmocka_unit_test_setup_teardown(test_a_follower_loads_ahead_and_a_move_only_draws, app_setup, app_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
