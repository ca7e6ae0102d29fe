/*
 * app_internal: the app's state and what the overlays (overlay_help.c, overlay_picker.c,
 * overlay_search.c), presenting (app_present.c) and the room (app_follow.c) share with the
 * loop in app.c.  Private to those files.
 *
 * An overlay is a file with an open, a draw and a key function (as ncdu's help.c): app.c
 * keeps the loop and the key table, decides which overlay has the keys (the help over a
 * picker over the search prompt over the screen) and calls them.
 */
#ifndef OPDECK_APP_INTERNAL_H
#define OPDECK_APP_INTERNAL_H

#include <stdio.h>

#include "app.h"
#include "canvas.h"
#include "locator.h"
#include "present.h"
#include "room.h"
#include "session.h"
#include "store.h"
#include "view.h"
#include "widget.h"

#define APP_MAX_DEPTH (LOCATOR_MAX + 2)
#define APP_KEPT 6 /* a follower's levels kept for the presenter's next moves */

enum app_action {
	ACT_NONE, ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	ACT_NEXT_PANEL, ACT_PREV_PANEL, ACT_DRILL, ACT_BACK, ACT_HOME, ACT_SEARCH, ACT_FILTER, ACT_SORT,
	ACT_FREEZE, ACT_REFRESH, ACT_REDRAW, ACT_THEME, ACT_LOCATOR, ACT_HELP, ACT_QUIT, ACT_EXPORT
};

/* The key table: behaviour and the help screen both come from it. */
struct app_binding {
	const char *section; /* starts a help section when not NULL */
	int action;
	int keys[4];         /* 0-terminated */
	const char *help;
};

enum app_mode { MODE_NORMAL, MODE_SEARCH, MODE_PICK_DIM, MODE_PICK_VALUE, MODE_EXPORT, MODE_OVERWRITE };

struct app {
	struct store *s;                     /* owned */
	struct view_level *stack[APP_MAX_DEPTH]; /* owned */
	int depth;
	struct canvas canvas;                /* owned */
	const struct canvas_palette *palette;
	char *db_name, *title, *as_of;       /* owned */
	double refresh;
	int frozen, stale;
	int load_failed;                     /* the last frame could not load its data */
	int repaint;                         /* Ctrl-L: send every cell again */
	int mode;
	int help;                            /* help overlay open */
	struct widget_cursor help_cur;
	char input[256];                     /* search prompt, export file name */
	struct store_agg pick;               /* picker values (owned) */
	struct store_agg pick_dims;          /* picker dimensions, as rows (owned strings) */
	struct widget_cursor pick_cur;
	int pick_dim;
	int pick_back;                       /* picker: the dimension's row, to go back to */
	char *pick_phase;                    /* picker: the phase the screen shows, NULL: none (owned) */
	int pick_all;                        /* picker: filter over every phase, not pick_phase */
	unsigned char *pick_inv;             /* picker: the values' counts nobody published (owned) */
	char message[600];                   /* bottom line until the next key */
	int message_role;
	int message_box;                     /* the message is a box over the screen instead (y) */
	int quit;
	struct session layout;               /* owned: --layout FILE (nslides 0: the built-in one) */
	/* Presenting a review session (opdeck --session): stack[0] is the slide's level and
	 * the levels above it are drill-downs inside the slide. */
	struct session *sess;                /* owned: the last good version, NULL for the dashboard */
	struct present pr;                   /* owned */
	int level_slide;                     /* the slide stack[0] shows (pr.slide unless it failed) */
	char fit[600];                       /* what does not fit at this size, said once per size */
	int theme_given;                     /* --theme was given: the session's theme is not used */
	int fit_cols, fit_rows;
	/* Presenting over SSH (include/room.h): the presenter's room, or the follower's. */
	struct room *room;                   /* owned, NULL: no room */
	int following;                       /* opdeck follow: the state comes from the room */
	int on_own;                          /* a follower broke away with '.' */
	int have_state;                      /* a follower received a state */
	struct room_state rs;                /* follower: the newest state; presenter: the last published */
	struct room_state shown;             /* follower: the state on screen (to skip a rebuild) */
	char room_note[400];                 /* a dropped message, said in the follower's status line */
	/* Follower: levels with their data, for the states the presenter may show next (the
	 * slides beside this one, the drill of its selection, the levels just left), so that
	 * a move only draws (app_follow.c). */
	struct app_kept {
		char *key;                   /* owned: "SLIDE AT" */
		struct view_level *lv;       /* owned */
		unsigned long used;
	} kept[APP_KEPT];
	unsigned long kept_clock;
	int ahead_done;                      /* the neighbours of the state shown are loaded (or tried) */
	struct canvas scratch;               /* owned: off screen, where neighbours load their data */
};

/* ---- app.c, for the overlays ---- */
/* The message on the bottom line until the next key. */
void app_say(struct app *a, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The level on top of the drill stack. */
struct view_level *app_top(struct app *a);
/* Pushes a level for loc; -1 (with a message) when it cannot be built. */
int app_push(struct app *a, const struct locator *loc, int screen);
/* The key table, n entries, and one entry's keys as the help screen names them. */
const struct app_binding *app_bindings(int *n);
void app_binding_keys(const struct app_binding *b, int ascii, char *out, size_t n);
/* The presentation keys for the help screen (nothing when not presenting). */
void app_present_help(struct app *a, struct widget_help_entry *e, int *n, char (*keys)[64]);
/* The dashboard action bound to key (ACT_NONE). */
int app_action_of(int key);
/* Every level's data is read again at the next frame; what changed is highlighted. */
void app_invalidate_all(struct app *a);

/* ---- app_present.c: presenting a review session ---- */
/* Seconds on the monotonic clock: what the countdowns count with. */
double app_now(void);
/* Loads --session, checks its locators, opens slide --slide; prints errors, returns an exit status. */
int app_present_open(struct app *a, const struct app_options *o);
void app_present_close(struct app *a);
/* --room: the presenter's socket; prints errors, returns an exit status. */
int app_present_room(struct app *a, const struct app_options *o);
/* Replaces the stack with the current slide's level; -1 (with a message) when it cannot:
 * the last good level and its slide stay (an empty stack only when there was none). */
int app_slide_level(struct app *a);
/* The level of slide i (0-based), its data not loaded; NULL with err. */
struct view_level *app_slide_build(struct app *a, int i, char *err, size_t errsz);
/* Applies the theme the session names (unless --theme was given). */
void app_session_theme(struct app *a);
/* What frozen figures are as of: the database's date, else now (into buf). */
const char *app_freeze_as_of(struct app *a, char *buf, size_t n);
/* Once a second: 1 when the frame must be drawn again (clocks, a reloaded file). */
int app_present_tick(struct app *a);
/* Keys while presenting; 1 when the key was the presentation's. */
int app_present_key(struct app *a, int key);
void app_present_frame(struct app *a);
/* render --session: one slide, or all of them; returns an exit status. */
int app_present_render(struct app *a, const struct app_options *o, FILE *out);

/* ---- app_follow.c: the presenter's room and the follower ---- */
/* A follower of a session with mask: true (references and places masked). */
int app_follow_masked(const struct app *a);
/* Presenter: publishes the state when it changed (never waits). */
void app_room_sync(struct app *a);
/* Both sides: what the room reported; 1 when the frame must be drawn again. */
int app_room_turn(struct app *a);
/* Follower keys ('.' breaks away and snaps back); 1 when handled. */
int app_follow_key(struct app *a, int key);
/* The follower's status line. */
void app_follow_status_line(struct app *a, char *out, size_t n);
/* Follower: 1 while levels beside the shown state remain to be loaded; app_follow_ahead
 * loads one (when the loop has nothing else to do: no key, no state, the frame drawn). */
int app_follow_ahead_pending(const struct app *a);
void app_follow_ahead(struct app *a);
/* Follower: the data changed (the kept levels load again); the end (they are freed). */
void app_follow_forget(struct app *a);
void app_follow_close(struct app *a);
/* opdeck follow starts: it yields the CPU to the presenter on the same host. */
void app_follow_start(struct app *a);

/* ---- overlays ---- */
void overlay_help_open(struct app *a);
void overlay_help_draw(struct app *a);
void overlay_help_key(struct app *a, int action);

/* The filter picker: a dimension, then one of its values under the current filter. */
void overlay_picker_open(struct app *a);
void overlay_picker_draw(struct app *a);
void overlay_picker_key(struct app *a, int action);

/* y: the view's locator in a box (a message drawn as a box, wrapped, never cut). */
void overlay_locator_open(struct app *a);
void overlay_locator_draw(struct app *a);

/* The search prompt on the bottom line: its text for the chrome, into buf. */
void overlay_search_open(struct app *a);
const char *overlay_search_draw(const struct app *a, char *buf, size_t n);
void overlay_search_key(struct app *a, int key);

#endif
