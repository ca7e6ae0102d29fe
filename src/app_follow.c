/*
 * app_follow: presenting over SSH inside the app (include/room.h): the presenter
 * publishes its state after every turn of the loop; a follower applies the newest state
 * it received (the slide, the drill inside it, the freeze, the selection), breaks away
 * with '.' and snaps back.  The channel itself is room.c; the pure rules are follow.c.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "app_internal.h"
#include "canvas.h"
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
	/* The clocks as anchors on the wall clock: a follower that joins later counts from
	 * where the presenter is (include/room.h). */
	double now = app_now();
	long long wall = follow_wall_ms();
	st.clock_session = follow_clock_anchor(present_session_spent(&a->pr, now), wall);
	st.clock_slide = follow_clock_anchor(present_slide_spent(&a->pr, now), wall);
	if (room_publish(a->room, &st) >= 0)
		a->rs = st;
}

/* ---- the levels a follower keeps ------------------------------------------------------
 *
 * At 1M cases a slide's figures take a follower tens of milliseconds to load, and sixty
 * followers on two cores multiply that by thirty.  So a follower keeps the levels it
 * has shown (Backspace, and going back a slide, only draw) and, while the presenter
 * talks, loads the ones the presenter may show next: the next and previous slides and
 * the drill of the presenter's selection (what Enter opens).  That loading gives way to
 * the presenter's next state or a key at once (store_set_interrupt). */

static char *kept_key(int slide, const char *at)
{
	size_t n = strlen(at) + 16;
	char *k = xmalloc(n);
	snprintf(k, n, "%d %s", slide, at);
	return k;
}

/* Takes the kept level for (slide, at) out of the cache; NULL when there is none. */
static struct view_level *kept_take(struct app *a, int slide, const char *at)
{
	char *k = kept_key(slide, at);
	struct view_level *lv = NULL;

	for (int i = 0; i < APP_KEPT && !lv; i++)
		if (a->kept[i].key && strcmp(a->kept[i].key, k) == 0) {
			lv = a->kept[i].lv;
			free(a->kept[i].key);
			a->kept[i].key = NULL;
			a->kept[i].lv = NULL;
		}
	free(k);
	return lv;
}

static int kept_has(const struct app *a, int slide, const char *at)
{
	char *k = kept_key(slide, at);
	int has = 0;

	for (int i = 0; i < APP_KEPT; i++)
		has |= a->kept[i].key && strcmp(a->kept[i].key, k) == 0;
	free(k);
	return has;
}

static void level_drop(struct view_level *lv)
{
	if (!lv)
		return;
	view_level_free(lv);
	free(lv);
}

/* Keeps lv (owned from now) as (slide, at), in place of the least recently kept. */
static void kept_put(struct app *a, int slide, const char *at, struct view_level *lv)
{
	int k = 0;

	level_drop(kept_take(a, slide, at));
	for (int i = 0; i < APP_KEPT; i++) {
		if (!a->kept[i].key) {
			k = i;
			break;
		}
		if (a->kept[i].used < a->kept[k].used)
			k = i;
	}
	free(a->kept[k].key);
	level_drop(a->kept[k].lv);
	a->kept[k].key = kept_key(slide, at);
	a->kept[k].lv = lv;
	a->kept[k].used = ++a->kept_clock;
}

/* The levels on screen go to the cache: the slide's, and the presenter's drill on it (a
 * follower's own deeper steps are dropped). */
static void stack_keep(struct app *a)
{
	char *at = NULL;

	if (a->level_slide < 0) { /* levels of another session */
		while (a->depth > 0) {
			level_drop(a->stack[--a->depth]);
			a->stack[a->depth] = NULL;
		}
		return;
	}
	/* a drill is kept when it is the level the presenter's locator builds (not a follower's
	 * own Enter on a figure, which opens its case list) */
	if (a->depth > 1 && (at = locator_format(&app_top(a)->loc)) && strlen(at) < ROOM_AT_MAX &&
	    app_top(a)->screen == follow_screen_of(&app_top(a)->loc)) {
		kept_put(a, a->level_slide, at, a->stack[--a->depth]);
		a->stack[a->depth] = NULL;
	}
	free(at);
	while (a->depth > 1) {
		level_drop(a->stack[--a->depth]);
		a->stack[a->depth] = NULL;
	}
	if (a->depth == 1) {
		kept_put(a, a->level_slide, "", a->stack[0]);
		a->stack[0] = NULL;
		a->depth = 0;
	}
}

void app_follow_forget(struct app *a)
{
	for (int i = 0; i < APP_KEPT; i++)
		if (a->kept[i].lv)
			view_level_invalidate(a->kept[i].lv);
	a->ahead_done = 0;
}

static void kept_clear(struct app *a)
{
	for (int i = 0; i < APP_KEPT; i++) {
		free(a->kept[i].key);
		level_drop(a->kept[i].lv);
		a->kept[i].key = NULL;
		a->kept[i].lv = NULL;
	}
	a->ahead_done = 0;
}

void app_follow_close(struct app *a)
{
	kept_clear(a);
	canvas_free(&a->scratch);
}

/* The level of the presenter's drill at on the current slide (data not loaded), as the
 * follower shows it; NULL when it cannot be built. */
static struct view_level *drill_build(struct app *a, const char *at, char *err, size_t errsz)
{
	struct locator loc = { 0 };
	struct view_level *lv = NULL;

	if (locator_parse(at, &loc, err, errsz) == 0) {
		lv = xcalloc(1, sizeof *lv);
		if (view_level_init(lv, a->s, &loc, follow_screen_of(&loc), err, errsz) < 0) {
			free(lv);
			lv = NULL;
		} else {
			lv->mask = app_follow_masked(a);
		}
	}
	locator_free(&loc);
	return lv;
}

/* The stack for the presenter's (slide, at): kept levels where there are, built where
 * not.  A slide that cannot be built leaves the screen as it was (-1, the reason said). */
static int follow_install(struct app *a, const struct room_state *st)
{
	char err[400];
	int slide = st->slide - 1, was = a->level_slide;

	stack_keep(a);
	struct view_level *lv = kept_take(a, slide, "");
	if (!lv && !(lv = app_slide_build(a, slide, err, sizeof err))) {
		/* back to what was on screen, from the cache it just went to */
		present_goto(&a->pr, was, app_now());
		struct view_level *old = kept_take(a, was, "");
		if (old) {
			a->stack[a->depth++] = old;
			a->level_slide = was;
		}
		snprintf(a->room_note, sizeof a->room_note, "slide %d cannot be shown: %.300s", slide + 1, err);
		return -1;
	}
	a->stack[a->depth++] = lv;
	a->level_slide = slide;
	if (st->at[0]) {
		struct view_level *d = kept_take(a, slide, st->at);
		if (!d && !(d = drill_build(a, st->at, err, sizeof err)))
			snprintf(a->room_note, sizeof a->room_note, "cannot show the presenter's drill: %.300s", err);
		if (d && a->depth < APP_MAX_DEPTH)
			a->stack[a->depth++] = d;
		else if (d)
			level_drop(d);
	}
	return 0;
}

/* The states the presenter may show next, nearest first; 1 when i names one. */
static int ahead_target(struct app *a, int i, int *slide, char *at, size_t atsz)
{
	int cur = a->level_slide;

	at[0] = '\0';
	switch (i) {
	case 0: { /* Enter on the presenter's selection */
		struct locator loc;
		int screen;
		char err[200], *s;
		if (a->depth != 1 || view_drill_target(a->s, a->stack[0], &loc, &screen, err, sizeof err) < 0)
			return 0;
		s = locator_format(&loc);
		locator_free(&loc);
		if (!s || strlen(s) >= atsz) {
			free(s);
			return 0;
		}
		memcpy(at, s, strlen(s) + 1);
		free(s);
		*slide = cur;
		return 1;
	}
	case 1: *slide = cur + 1; return *slide < a->sess->nslides;
	case 2: *slide = cur - 1; return *slide >= 0;
	default: return 0;
	}
}

int app_follow_ahead_pending(const struct app *a)
{
	return a->following && !a->on_own && a->sess && a->depth > 0 && !a->ahead_done && !a->help &&
	       a->mode == MODE_NORMAL;
}

/* The store asks this while loading ahead: a state from the presenter or a key waits. */
static int ahead_stop(void *ctx)
{
	struct app *a = ctx;
	struct pollfd pf[2] = { { room_fd(a->room), POLLIN, 0 }, { 0, POLLIN, 0 } };
	int n = isatty(0) ? 2 : 1;

	return pf[0].fd >= 0 && poll(pf, (nfds_t)n, 0) > 0;
}

void app_follow_ahead(struct app *a)
{
	char at[ROOM_AT_MAX], err[300];
	int slide;

	if (!app_follow_ahead_pending(a))
		return;
	for (int i = 0; i < 3; i++) {
		if (!ahead_target(a, i, &slide, at, sizeof at) || kept_has(a, slide, at))
			continue;
		struct view_level *lv = at[0] ? drill_build(a, at, err, sizeof err) : app_slide_build(a, slide, err, sizeof err);
		if (!lv)
			continue;
		struct canvas *c = &a->scratch;
		if ((c->cols != a->canvas.cols || c->rows != a->canvas.rows) &&
		    (c->cells ? canvas_resize(c, a->canvas.cols, a->canvas.rows)
		              : canvas_init(c, a->canvas.cols, a->canvas.rows, a->canvas.ascii)) < 0) {
			level_drop(lv);
			break;
		}
		/* Loading is drawing off screen, at this follower's size (what a panel loads depends
		 * on the rows it has). */
		store_set_interrupt(a->s, ahead_stop, a);
		int rc = view_draw_area(a->s, lv, c, present_body(c), err, sizeof err);
		store_set_interrupt(a->s, NULL, NULL);
		if (rc < 0) {
			/* interrupted by the presenter (or failed): tried again when idle next */
			level_drop(lv);
			return;
		}
		kept_put(a, slide, at, lv);
		return; /* one level per turn of the loop: a key or a state is looked at between */
	}
	a->ahead_done = 1;
}

void app_follow_start(struct app *a)
{
	(void)a;
	/* Sixty followers on the presenter's host: the presenter's keys come first.  A nice
	 * process only waits when the CPU is short (a follower alone runs as fast); at 19,
	 * sixty of them weigh less than the presenter (at 10 they weighed six times more, and
	 * a slow slide took the presenter five times as long while they loaded it too). */
	if (setpriority(PRIO_PROCESS, 0, 19) < 0) {
		/* not allowed (a sandbox): the follower runs as it is */
	}
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
	kept_clear(a); /* another session: its slides are other levels */
	a->level_slide = -1; /* the screen stays until the new session's slide replaces it, not kept */
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
	if (follow_install(a, st) < 0)
		return;
selection:
	a->ahead_done = 0; /* a new state, or a new selection: new neighbours */
	/* The presenter's clocks, not the ones this follower would count from when it joined. */
	long long wall = follow_wall_ms();
	present_set_clocks(&a->pr, app_now(), follow_clock_spent(st->clock_session, wall),
	                   follow_clock_spent(st->clock_slide, wall));
	a->frozen = a->pr.frozen = st->frozen;
	snprintf(a->pr.as_of, sizeof a->pr.as_of, "%s", st->asof);
	struct view_level *lv = app_top(a);
	if (st->panel < lv->layout.npanels) {
		lv->focus = st->panel;
		lv->cur[st->panel].sel = st->item;
		lv->cur[st->panel].col = st->column;
		/* a case list fetches as far as the presenter went (a list not loaded yet: its load) */
		char err[300];
		if (lv->layout.panels[st->panel].type == VIEW_PANEL_CASES &&
		    view_cases_reach(a->s, lv, st->panel, 0, err, sizeof err) < 0)
			snprintf(a->room_note, sizeof a->room_note, "%s", err);
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
	/* A search matches references, summaries and places: what it finds would tell what
	 * the masks hide (which cases name a port), so a masked follower has none. */
	if (a->on_own && action == ACT_SEARCH && app_follow_masked(a)) {
		app_say(a, ROLE_MUTED, "this session masks case details for followers: no search");
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
