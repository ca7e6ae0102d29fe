/*
 * follow: the follower's side of presenting over SSH, apart from the app's loop.
 *
 * `opdeck follow ROOM` is the app (src/app.c) fed by the room (include/room.h) instead of
 * the presenter's keys; what does not need the app's private state lives here: which
 * screen a presenter's locator opens, what the session lets a follower reach on its own,
 * the status line, and the screen shown before the presenter's first state.  The
 * speaker's notes terminal (`opdeck notes ROOM`) is notes_run.  No curses, no SQLite.
 */
#ifndef OPDECK_FOLLOW_H
#define OPDECK_FOLLOW_H

#include <stddef.h>

#include "canvas.h"

struct locator;
struct room_state;

/* The screen (enum view_screen) a locator from the room opens: case=... a case,
 * search=... a case list, anything else a drill-down of figures. */
int follow_screen_of(const struct locator *loc);

/* What a level on screen (enum view_screen) over loc shows, for the scope rules
 * (enum room_view): a case, a case list, or figures. */
int follow_view_of(const struct locator *loc, int screen);

/* The status line's words when the session's scope refuses a follower's step. */
const char *follow_scope_words(int scope);

/* The room's clocks are anchors on the wall clock (include/room.h, field clock): now in
 * milliseconds; the anchor of a clock that has run spent seconds at wall_now; and the
 * seconds a clock anchored at anchor has run at wall_now (0 for an anchor ahead of it). */
long long follow_wall_ms(void);
long long follow_clock_anchor(double spent, long long wall_now);
double follow_clock_spent(long long anchor, long long wall_now);

/* 1 when two states say the same thing (seq and the clocks aside: the clock anchors only
 * move with the slide, and publishing their jitter would wake every follower): nothing
 * to publish. */
int follow_state_same(const struct room_state *a, const struct room_state *b);

/* The follower's status line: room_status_text's words, the keys, and a dropped
 * message's note when there is one. */
void follow_status_compose(const char *status, int on_own, const char *note, int ascii, char *out, size_t n);

/* Before the presenter's first state: the operation's title and "waiting for the
 * presenter" (or note) in the middle of the canvas. */
void follow_draw_waiting(struct canvas *c, const char *title, const char *note);

/* opdeck notes ROOM [DATABASE]: the speaker's view (MOCKUPS.md) until q; an exit status. */
struct notes_options {
	const char *room;     /* NAME or PATH */
	const char *db_path;  /* for the preview */
	const char *theme;    /* or NULL */
};
int notes_run(const struct notes_options *o);

#endif
