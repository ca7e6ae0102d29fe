/* follow: the follower's pieces outside the app loop (scope of a step, state equality,
 * status line).  The loop itself is tested in tmux (tests/term/run.sh t_follow). */
#include "testutil.h"

#include <string.h>

#include "follow.h"
#include "locator.h"
#include "room.h"
#include "session.h"
#include "view.h"

static void parse(const char *text, struct locator *loc)
{
	char err[200];
	memset(loc, 0, sizeof *loc);
	assert_int_equal(locator_parse(text, loc, err, sizeof err), 0);
}

static void test_screen_and_view_of_a_locator(void **state)
{
	struct locator loc;

	(void)state;
	parse("phase=OMD7/category=drugs", &loc);
	assert_int_equal(follow_screen_of(&loc), VIEW_DRILL);
	assert_int_equal(follow_view_of(&loc, VIEW_DRILL), ROOM_VIEW_AGGREGATE);
	/* Enter on a figure may open its case list with no search= item: the screen says so. */
	assert_int_equal(follow_view_of(&loc, VIEW_CASES), ROOM_VIEW_CASE_LIST);
	assert_int_equal(follow_view_of(&loc, VIEW_CASE), ROOM_VIEW_CASE);
	locator_free(&loc);
	parse("phase=OMD7/search=ruili", &loc);
	assert_int_equal(follow_screen_of(&loc), VIEW_CASES);
	assert_int_equal(follow_view_of(&loc, VIEW_CASES), ROOM_VIEW_CASE_LIST);
	locator_free(&loc);
	parse("case=OMD7-VNCUS-0412", &loc);
	assert_int_equal(follow_screen_of(&loc), VIEW_CASE);
	assert_int_equal(follow_view_of(&loc, VIEW_DRILL), ROOM_VIEW_CASE);
	locator_free(&loc);
}

/* What each scope lets a follower reach on its own, as the app asks it. */
static void test_scopes_refuse_what_they_do_not_open(void **state)
{
	struct locator loc;

	(void)state;
	parse("phase=OMD7/category=drugs", &loc);
	assert_false(room_scope_allows(SESSION_SCOPE_SLIDES, follow_view_of(&loc, VIEW_DRILL)));
	assert_true(room_scope_allows(SESSION_SCOPE_AGGREGATES, follow_view_of(&loc, VIEW_DRILL)));
	assert_false(room_scope_allows(SESSION_SCOPE_AGGREGATES, follow_view_of(&loc, VIEW_CASES)));
	assert_true(room_scope_allows(SESSION_SCOPE_CASES, follow_view_of(&loc, VIEW_CASE)));
	locator_free(&loc);
	assert_non_null(strstr(follow_scope_words(SESSION_SCOPE_SLIDES), "slides only"));
	assert_non_null(strstr(follow_scope_words(SESSION_SCOPE_AGGREGATES), "not cases"));
}

static void test_state_same_ignores_seq_only(void **state)
{
	struct room_state a = { 0 }, b;

	(void)state;
	snprintf(a.session, sizeof a.session, "/srv/opdeck/omd7.yaml");
	a.slide = 2;
	a.nslides = 8;
	b = a;
	b.seq = 7;
	assert_true(follow_state_same(&a, &b));
	b.item = 3;
	assert_false(follow_state_same(&a, &b));
	b = a;
	snprintf(b.at, sizeof b.at, "category=drugs");
	assert_false(follow_state_same(&a, &b));
	b = a;
	b.frozen = 1;
	assert_false(follow_state_same(&a, &b));
	/* the clock anchors move only with the slide: their jitter is not a new state */
	b = a;
	b.clock_session = 1764626400000LL;
	b.clock_slide = 1764626400003LL;
	assert_true(follow_state_same(&a, &b));
}

/* The clocks travel as wall-clock anchors: a clock that has run 90.5 s is anchored 90.5 s
 * ago, and reads 90.5 s plus whatever passed since at the other end. */
static void test_clock_anchors(void **state)
{
	long long wall = 1764627000000LL;

	(void)state;
	assert_true(follow_wall_ms() > 1700000000000LL); /* a wall clock, not the monotonic one */
	assert_int_equal(follow_clock_anchor(90.5, wall), wall - 90500);
	assert_true(follow_clock_spent(wall - 90500, wall) == 90.5);
	assert_true(follow_clock_spent(wall - 90500, wall + 2000) == 92.5);
	assert_true(follow_clock_spent(wall + 5000, wall) == 0.0); /* ahead: not a negative time */
	assert_int_equal(follow_clock_anchor(1e12, 1000), 0);      /* never below 0 (the protocol's range) */
}

static void test_status_line(void **state)
{
	char out[200];

	(void)state;
	follow_status_compose("following · slide 3 / 9", 0, "", 0, out, sizeof out);
	assert_string_equal(out, "following · slide 3 / 9 · . break away · ? help");
	follow_status_compose("on your own · . to rejoin (presenter on slide 4)", 1, NULL, 0, out, sizeof out);
	assert_string_equal(out, "on your own · . to rejoin (presenter on slide 4) · ? help");
	follow_status_compose("following · slide 3 / 9", 0, "room message dropped: unknown field 'scope'", 1, out,
	                      sizeof out);
	assert_string_equal(out, "following · slide 3 / 9 - room message dropped: unknown field 'scope'");
	follow_status_compose("following · slide 3 / 9", 0, "", 0, out, 10);
	assert_int_equal(strlen(out), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_and_view_of_a_locator),
		cmocka_unit_test(test_scopes_refuse_what_they_do_not_open),
		cmocka_unit_test(test_state_same_ignores_seq_only),
		cmocka_unit_test(test_clock_anchors),
		cmocka_unit_test(test_status_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
