/*
 * app_follow: presenting over SSH inside the app (include/room.h): the presenter
 * publishes its state after every turn of the loop; a follower applies the newest state
 * it received (the slide, the drill inside it, the freeze, the selection), breaks away
 * with '.' and snaps back.  The channel itself is room.c; the pure rules are follow.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "follow.h"
#include "locator.h"
#include "present.h"
#include "room.h"
#include "session.h"
#include "store.h"
#include "term.h"
#include "view.h"
#include "xmalloc.h"

/* A follower of a session with mask: true sees references and places masked. */
int app_follow_masked(const struct app *a)
{
	return a->following && a->sess && a->sess->mask_refs;
}

/* Presenter: publishes its state when it differs from the last one published.  Never
 * waits: room_publish is non-blocking and a follower that cannot take it is skipped. */
void app_room_sync(struct app *a)
{
	struct room_state st = a->rs;
	char *at = NULL;

	if (!a->room || a->following || !a->sess || a->depth == 0)
		return;
	st.slide = a->pr.slide + 1;
	st.nslides = a->sess->nslides;
	st.at[0] = '\0';
	if (a->depth > 1 && (at = locator_format(&app_top(a)->loc)) && strlen(at) < sizeof st.at)
		memcpy(st.at, at, strlen(at) + 1);
	free(at);
	st.frozen = a->pr.frozen ? 1 : 0;
	snprintf(st.asof, sizeof st.asof, "%s", st.frozen ? a->pr.as_of : "");
	struct view_level *lv = app_top(a);
	st.panel = lv->focus >= 0 && lv->focus < SESSION_MAX_PANELS ? lv->focus : 0;
	st.item = lv->cur[st.panel].sel > 0 && lv->cur[st.panel].sel <= ROOM_ITEM_MAX ? lv->cur[st.panel].sel : 0;
	st.column = lv->cur[st.panel].col > 0 && lv->cur[st.panel].col <= ROOM_COLUMN_MAX ? lv->cur[st.panel].col : 0;
	if (follow_state_same(&st, &a->rs))
		return;
	if (room_publish(a->room, &st) >= 0)
		a->rs = st;
}

/* Follower: the session the presenter names, loaded here from the file (the state names
 * a path, never a database or a command).  A session that cannot be loaded keeps the
 * last screen, with the reason in the status line. */
static int follow_load(struct app *a, const char *path)
{
	char err[600], asof[40];
	struct session *n = xcalloc(1, sizeof *n);

	if (session_load(path, n, err, sizeof err) < 0 || present_check_locators(n, a->s, err, sizeof err) < 0) {
		snprintf(a->room_note, sizeof a->room_note, "cannot show the session: %.300s", err);
		session_free(n);
		free(n);
		return -1;
	}
	app_present_close(a);
	a->sess = n;
	if (present_init(&a->pr, a->sess, app_now(), app_freeze_as_of(a, asof, sizeof asof)) < 0) {
		session_free(n);
		free(n);
		a->sess = NULL;
		snprintf(a->room_note, sizeof a->room_note, "out of memory");
		return -1;
	}
	if (!a->theme_given)
		app_session_theme(a);
	term_set_palette(a->palette);
	return 0;
}

/* Follower: shows what the presenter's state says: the slide, the drill inside it, the
 * freeze and the selection.  The drill is the presenter's, so it is not limited by the
 * followers' scope (that limits only where a follower goes on its own). */
static void follow_apply(struct app *a)
{
	const struct room_state *st = &a->rs;
	char err[300];

	if (!a->have_state)
		return;
	if ((!a->sess || strcmp(a->sess->path, st->session) != 0) && follow_load(a, st->session) < 0)
		return;
	/* Only the selection or the freeze moved (the presenter walks a panel): keep the
	 * levels and their data, as the presenter does. */
	int same = a->depth > 0 && a->pr.slide == st->slide - 1 && strcmp(a->shown.session, st->session) == 0 &&
	           strcmp(a->shown.at, st->at) == 0 && (a->depth > 1) == (st->at[0] != '\0') && !a->pr.overview &&
	           !a->help && a->mode == MODE_NORMAL;
	a->shown = *st;
	if (same)
		goto selection;
	present_goto(&a->pr, st->slide - 1, app_now());
	a->pr.overview = 0;
	present_digits_clear(&a->pr);
	a->help = 0;
	a->mode = MODE_NORMAL;
	if (app_slide_level(a) < 0) {
		snprintf(a->room_note, sizeof a->room_note, "%.300s", a->message);
		return;
	}
	if (st->at[0]) {
		struct locator loc = { 0 };
		int own = a->on_own;
		if (locator_parse(st->at, &loc, err, sizeof err) == 0) {
			a->on_own = 0;
			app_push(a, &loc, follow_screen_of(&loc));
			a->on_own = own;
		}
		locator_free(&loc);
	}
selection:
	a->frozen = a->pr.frozen = st->frozen;
	snprintf(a->pr.as_of, sizeof a->pr.as_of, "%s", st->asof);
	struct view_level *lv = app_top(a);
	if (st->panel < lv->layout.npanels) {
		lv->focus = st->panel;
		lv->cur[st->panel].sel = st->item;
		lv->cur[st->panel].col = st->column;
	}
}

/* Follower keys: '.' breaks away and snaps back; while following only help, theme,
 * repaint and quit work (the screen is the presenter's). Returns 1 when handled. */
int app_follow_key(struct app *a, int key)
{
	int action = app_action_of(key);

	if (!a->following)
		return 0;
	if (key == '.' && !a->help && a->mode == MODE_NORMAL) {
		if (!a->sess)
			return 1;
		a->on_own = !a->on_own;
		memset(&a->shown, 0, sizeof a->shown); /* on its own the screen is the follower's */
		if (!a->on_own)
			follow_apply(a);
		return 1;
	}
	if (!a->sess || a->depth == 0) { /* waiting for the presenter: nothing on screen to act on */
		if (action == ACT_QUIT)
			a->quit = 1;
		else if (action == ACT_REDRAW)
			a->repaint = 1;
		return 1;
	}
	if (a->on_own && action == ACT_LOCATOR && app_follow_masked(a)) {
		app_say(a, ROLE_MUTED, "this session masks case references for followers: no locator");
		return 1;
	}
	if (a->on_own && a->sess)
		return 0;
	if (action == ACT_QUIT || action == ACT_THEME || action == ACT_REDRAW || a->help ||
	    (action == ACT_HELP && a->sess))
		return 0;
	if (a->sess)
		app_say(a, ROLE_MUTED, "following the presenter · . to break away");
	return 1;
}

/* Both sides: what the room reported since the last turn of the loop. */
int app_room_turn(struct app *a)
{
	struct room_state st = a->rs;
	char note[ROOM_STATUS_MAX];
	int ev;

	if (!a->room)
		return 0;
	note[0] = '\0';
	ev = room_poll(a->room, &st, note, sizeof note);
	if (!a->following)
		return 0;
	if (ev & ROOM_EV_NOTE)
		snprintf(a->room_note, sizeof a->room_note, "%s", note);
	if (ev & ROOM_EV_STATE) {
		a->rs = st;
		a->have_state = 1;
		if (!(ev & ROOM_EV_NOTE))
			a->room_note[0] = '\0';
		if (!a->on_own)
			follow_apply(a);
	}
	return ev != 0;
}

/* The follower's status line: where it stands, then a dropped message's note. */
void app_follow_status_line(struct app *a, char *out, size_t n)
{
	struct room_status rs = { room_connected(a->room), a->have_state, a->on_own, a->have_state ? &a->rs : NULL };
	char st[ROOM_STATUS_MAX];

	room_status_text(&rs, st, sizeof st);
	follow_status_compose(st, a->on_own, a->room_note, a->canvas.ascii, out, n);
}
