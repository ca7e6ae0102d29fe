/*
 * follow: the follower's pieces that need no app state (include/follow.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "follow.h"
#include "locator.h"
#include "room.h"
#include "session.h"
#include "text.h"
#include "view.h"

int follow_screen_of(const struct locator *loc)
{
	switch (room_locator_view(loc)) {
	case ROOM_VIEW_CASE: return VIEW_CASE;
	case ROOM_VIEW_CASE_LIST: return VIEW_CASES;
	default: return VIEW_DRILL;
	}
}

int follow_view_of(const struct locator *loc, int screen)
{
	int v = room_locator_view(loc);

	/* The screen decides when it shows more than the locator says (Enter on a figure
	 * opens its case list without a search= item). */
	if (screen == VIEW_CASE)
		return ROOM_VIEW_CASE;
	if (screen == VIEW_CASES && v != ROOM_VIEW_CASE)
		return ROOM_VIEW_CASE_LIST;
	return v;
}

const char *follow_scope_words(int scope)
{
	switch (scope) {
	case SESSION_SCOPE_SLIDES: return "this session lets followers see its slides only";
	case SESSION_SCOPE_AGGREGATES: return "this session lets followers see figures, not cases";
	default: return "not open to followers";
	}
}

long long follow_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long follow_clock_anchor(double spent, long long wall_now)
{
	long long a = wall_now - (long long)(spent * 1000.0 + 0.5);
	return a < 0 ? 0 : a > ROOM_CLOCK_MAX ? ROOM_CLOCK_MAX : a;
}

double follow_clock_spent(long long anchor, long long wall_now)
{
	return anchor >= wall_now ? 0.0 : (double)(wall_now - anchor) / 1000.0;
}

int follow_state_same(const struct room_state *a, const struct room_state *b)
{
	return strcmp(a->session, b->session) == 0 && a->slide == b->slide && a->nslides == b->nslides &&
	       strcmp(a->at, b->at) == 0 && a->frozen == b->frozen && strcmp(a->asof, b->asof) == 0 &&
	       a->panel == b->panel && a->item == b->item && a->column == b->column;
}

void follow_status_compose(const char *status, int on_own, const char *note, int ascii, char *out, size_t n)
{
	const char *dot = ascii ? " - " : " · ";

	if (note && *note)
		snprintf(out, n, "%s%s%s", status, dot, note);
	else if (on_own)
		snprintf(out, n, "%s%s? help", status, dot);
	else
		snprintf(out, n, "%s%s. break away%s? help", status, dot, dot);
}

void follow_draw_waiting(struct canvas *c, const char *title, const char *note)
{
	const char *msg = note && *note ? note : "waiting for the presenter";
	int w;

	canvas_clear(c);
	if (title && *title) {
		w = text_width(title);
		canvas_put(c, w < c->cols ? (c->cols - w) / 2 : 0, c->rows / 2 - 1, c->cols, title, ROLE_TITLE);
	}
	w = text_width(msg);
	canvas_put(c, w < c->cols ? (c->cols - w) / 2 : 0, c->rows / 2 + 1, c->cols, msg,
	           note && *note ? ROLE_ALERT : ROLE_MUTED);
	canvas_put(c, 1, c->rows - 1, c->cols - 1, "q quit", ROLE_KEY);
}
