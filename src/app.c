/*
 * app: the interactive dashboard.  It owns the drill stack (one view_level per step, so
 * Backspace restores selection and scroll exactly), the key table (which also writes
 * the help screen), the prompts and overlays, and the loop that waits for keys and
 * polls the database for changes.
 *
 * The loop sleeps in term_read() until a key arrives or the next poll is due, so an idle
 * dashboard wakes once per --refresh interval.  Nothing is drawn unless something
 * changed; the terminal module sends only the cells that differ.
 *
 * Presenting a review session is in app_present.c, and the room (the presenter publishing,
 * the follower applying) in app_follow.c; they share struct app through app_internal.h.
 */
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "app_internal.h"
#include "follow.h"
#include "canvas.h"
#include "locator.h"
#include "present.h"
#include "room.h"
#include "session.h"
#include "store.h"
#include "term.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "widget.h"
#include "xmalloc.h"

static const struct app_binding bindings[] = {
	{ "Move", ACT_UP, { TERM_KEY_UP, 'k' }, "previous item of the panel (row, week)" },
	{ NULL, ACT_DOWN, { TERM_KEY_DOWN, 'j' }, "next item of the panel (row, week)" },
	{ NULL, ACT_LEFT, { TERM_KEY_LEFT, 'h' }, "previous panel (a matrix: its previous column first)" },
	{ NULL, ACT_RIGHT, { TERM_KEY_RIGHT, 'l' }, "next panel (a matrix: its next column first)" },
	{ NULL, ACT_PGUP, { TERM_KEY_PGUP }, "page up" },
	{ NULL, ACT_PGDN, { TERM_KEY_PGDN }, "page down" },
	{ NULL, ACT_FIRST, { TERM_KEY_HOME, 'g' }, "first item" },
	{ NULL, ACT_LAST, { TERM_KEY_END, 'G' }, "last item" },
	{ NULL, ACT_NEXT_PANEL, { TERM_KEY_TAB }, "next panel" },
	{ NULL, ACT_PREV_PANEL, { TERM_KEY_BTAB }, "previous panel" },
	{ "Drill down", ACT_DRILL, { TERM_KEY_ENTER }, "open the cases behind the selection" },
	{ NULL, ACT_BACK, { TERM_KEY_BACKSPACE, TERM_KEY_ESC }, "back one step" },
	{ NULL, ACT_HOME, { 'H' }, "back to Home" },
	{ NULL, ACT_SEARCH, { '/' }, "search cases by words (from their start)" },
	{ NULL, ACT_FILTER, { 'f' }, "filter: pick a value (this phase, or ← → all phases)" },
	{ NULL, ACT_SORT, { 's' }, "change the focused panel's order" },
	{ NULL, ACT_LOCATOR, { 'y' }, "show this view's locator and its opdeck --at command" },
	{ NULL, ACT_EXPORT, { 'e' }, "export this view's cases to a file (.csv or .json)" },
	{ "Data and display", ACT_FREEZE, { 'F' }, "freeze / unfreeze the data" },
	{ NULL, ACT_REFRESH, { 'r' }, "refresh now" },
	{ NULL, ACT_REDRAW, { 12 }, "repaint the whole screen" },
	{ NULL, ACT_THEME, { 't' }, "next theme" },
	{ NULL, ACT_HELP, { '?', TERM_KEY_F1 }, "this help" },
	{ NULL, ACT_QUIT, { 'q' }, "quit" },
};
#define NBINDINGS (int)(sizeof bindings / sizeof *bindings)

const struct app_binding *app_bindings(int *n)
{
	*n = NBINDINGS;
	return bindings;
}


/* ---- names of keys for the help screen -------------------------------------------- */

static void key_name(int k, int ascii, char *out, size_t n)
{
	switch (k) {
	case TERM_KEY_UP: snprintf(out, n, ascii ? "Up" : "↑"); return;
	case TERM_KEY_DOWN: snprintf(out, n, ascii ? "Down" : "↓"); return;
	case TERM_KEY_LEFT: snprintf(out, n, ascii ? "Left" : "←"); return;
	case TERM_KEY_RIGHT: snprintf(out, n, ascii ? "Right" : "→"); return;
	case TERM_KEY_PGUP: snprintf(out, n, "PgUp"); return;
	case TERM_KEY_PGDN: snprintf(out, n, "PgDn"); return;
	case TERM_KEY_HOME: snprintf(out, n, "Home"); return;
	case TERM_KEY_END: snprintf(out, n, "End"); return;
	case TERM_KEY_TAB: snprintf(out, n, "Tab"); return;
	case TERM_KEY_BTAB: snprintf(out, n, "Shift-Tab"); return;
	case TERM_KEY_ENTER: snprintf(out, n, "Enter"); return;
	case TERM_KEY_BACKSPACE: snprintf(out, n, "Backspace"); return;
	case TERM_KEY_ESC: snprintf(out, n, "Esc"); return;
	case TERM_KEY_F1: snprintf(out, n, "F1"); return;
	case 12: snprintf(out, n, "Ctrl-L"); return;
	case ' ': snprintf(out, n, "Space"); return;
	default: snprintf(out, n, "%c", k); return;
	}
}

void app_binding_keys(const struct app_binding *b, int ascii, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < 4 && b->keys[i] && len < n; i++) {
		char name[16];
		key_name(b->keys[i], ascii, name, sizeof name);
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? " " : "", name);
	}
}

void app_print_keys(FILE *out)
{
	for (int i = 0; i < NBINDINGS; i++) {
		char keys[64];
		app_binding_keys(&bindings[i], 1, keys, sizeof keys);
		fprintf(out, "  %-16s %s\n", keys, bindings[i].help);
	}
	fputs("  mouse            click focuses and selects, a second click drills; wheel scrolls\n", out);
}

int app_action_of(int key)
{
	for (int i = 0; i < NBINDINGS; i++)
		for (int k = 0; k < 4 && bindings[i].keys[k]; k++)
			if (bindings[i].keys[k] == key)
				return bindings[i].action;
	return ACT_NONE;
}

/* ---- state ------------------------------------------------------------------------ */

void app_say(struct app *a, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
	a->message_role = role;
	a->message_box = 0;
}


struct view_level *app_top(struct app *a)
{
	return a->stack[a->depth - 1];
}

/* Pushes a level for loc; returns -1 (with a message) when it cannot be built. */
int app_push(struct app *a, const struct locator *loc, int screen)
{
	char err[300];
	struct view_level *lv;

	if (a->depth >= APP_MAX_DEPTH) {
		app_say(a, ROLE_ALERT, "the drill-down cannot go deeper: go back first");
		return -1;
	}
	/* A follower on its own reaches only what the session's followers: scope allows. */
	if (a->following && a->on_own && a->sess &&
	    !room_scope_allows(a->sess->follower_scope, follow_view_of(loc, screen))) {
		app_say(a, ROLE_ALERT, "%s", follow_scope_words(a->sess->follower_scope));
		return -1;
	}
	lv = xcalloc(1, sizeof *lv);
	if (view_level_init(lv, a->s, loc, screen, err, sizeof err) < 0) {
		app_say(a, ROLE_ALERT, "%s", err);
		free(lv);
		return -1;
	}
	lv->mask = app_follow_masked(a);
	a->stack[a->depth++] = lv;
	return 0;
}

static void pop(struct app *a)
{
	if (a->depth <= 1)
		return;
	view_level_free(a->stack[--a->depth]);
	free(a->stack[a->depth]);
}

/* The data may have changed: every level queries again, and what changed is highlighted
 * (view_level_refresh) until changed_tick ends it. */
void app_invalidate_all(struct app *a)
{
	double now = app_now();
	for (int i = 0; i < a->depth; i++)
		view_level_refresh(a->stack[i], now);
	app_follow_forget(a);
}

/* Ends the highlights of changed figures that are VIEW_CHANGED_HOLD old (*dirty: draw
 * again); returns the milliseconds until the next one ends, -1 when none is left (no
 * wake-up: an idle dashboard stays asleep). */
static int changed_tick(struct app *a, int *dirty)
{
	double now = app_now(), next = -1;
	int ended = 0;

	for (int i = 0; i < a->depth; i++) {
		double t = view_level_expire(a->stack[i], now, &ended);
		if (t >= 0 && (next < 0 || t < next))
			next = t;
	}
	if (ended)
		*dirty = 1;
	return next < 0 ? -1 : next <= now ? 0 : (int)((next - now) * 1000) + 1;
}

static char *basename_dup(const char *path)
{
	const char *b = strrchr(path, '/');
	return xstrdup(b ? b + 1 : path);
}

static int utf8_locale(void)
{
	return term_locale_utf8(); /* one test for the dashboard and render */
}


/* Opens the database and builds the stack for --at: Home, then one level per item, so
 * that Backspace walks the path back.  Prints errors; returns an exit status. */
static int app_init(struct app *a, const struct app_options *o)
{
	char err[600];
	struct locator loc = { 0 };
	struct store_filter f;

	memset(a, 0, sizeof *a);
	a->refresh = o->refresh;
	a->palette = theme_resolve(o->theme ? o->theme : "default", err, sizeof err);
	if (!a->palette) {
		fprintf(stderr, "opdeck: %s\n", err);
		return 1;
	}
	if (o->layout) {
		char qb[700];
		if (session_load(o->layout, &a->layout, err, sizeof err) < 0) {
			fprintf(stderr, "opdeck: %s\n", text_quote(err, (size_t)-1, qb, sizeof qb));
			return 1;
		}
		if (!session_screen(&a->layout, "home")) {
			fprintf(stderr, "opdeck: %s: not a layout (a layout has 'layout:' and a 'home' screen)\n",
			        text_quote(o->layout, (size_t)-1, qb, sizeof qb));
			return 1;
		}
		view_use_layout(&a->layout);
	}
	if (!(a->s = store_open(o->db_path, STORE_READ, err, sizeof err))) {
		fprintf(stderr, "opdeck: %s\n", err);
		if (!o->db_path || strstr(o->db_path, "sample-data/omd.db"))
			fprintf(stderr, "opdeck: build the bundled sample with 'make', or name a database\n");
		return 1;
	}
	if (o->at && locator_parse(o->at, &loc, err, sizeof err) < 0) {
		char q[300];
		fprintf(stderr, "opdeck: --at '%s': %s\n", text_quote(o->at, (size_t)-1, q, sizeof q), err);
		return 1;
	}
	if (locator_resolve(&loc, a->s, &f, err, sizeof err) < 0) {
		char q[300], e[700];
		fprintf(stderr, "opdeck: --at '%s': %s\n", text_quote(o->at ? o->at : "", (size_t)-1, q, sizeof q),
		        text_quote(err, (size_t)-1, e, sizeof e));
		store_filter_free(&f);
		locator_free(&loc);
		return 1;
	}
	store_filter_free(&f);
	if (o->follow) {
		/* The session comes with the presenter's first state (follow_apply). */
		a->db_name = basename_dup(o->db_path);
		a->title = store_meta(a->s, "operation");
		a->as_of = store_meta(a->s, "data_as_of");
		a->following = 1;
		if (!(a->room = room_follow(o->follow, err, sizeof err))) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		app_follow_start(a);
		return 0;
	}
	if (o->session) {
		a->db_name = basename_dup(o->db_path);
		a->title = store_meta(a->s, "operation");
		a->as_of = store_meta(a->s, "data_as_of");
		int rc = app_present_open(a, o);
		if (rc == 0 && o->room)
			rc = app_present_room(a, o);
		return rc;
	}
	for (int n = 0; n <= loc.n; n++) {
		struct locator prefix = loc;
		prefix.n = n;
		if (app_push(a, &prefix, n == 0 ? VIEW_HOME : VIEW_DRILL) < 0) {
			fprintf(stderr, "opdeck: %s\n", a->message);
			locator_free(&loc);
			return 1;
		}
	}
	locator_free(&loc);
	a->message[0] = '\0';
	a->db_name = basename_dup(o->db_path);
	a->title = store_meta(a->s, "operation");
	a->as_of = store_meta(a->s, "data_as_of");
	return 0;
}

static void app_fini(struct app *a)
{
	if (a->room)
		room_close(a->room);
	a->room = NULL;
	app_present_close(a);
	app_follow_close(a);
	while (a->depth > 0) {
		view_level_free(a->stack[--a->depth]);
		free(a->stack[a->depth]);
	}
	store_agg_free(&a->pick);
	store_agg_free(&a->pick_dims);
	free(a->pick_phase);
	free(a->pick_inv);
	canvas_free(&a->canvas);
	store_close(a->s);
	view_use_layout(NULL);
	session_free(&a->layout);
	free(a->db_name);
	free(a->title);
	free(a->as_of);
}

/* ---- drawing ---------------------------------------------------------------------- */

static void frame(struct app *a)
{
	char err[300], state[64];
	struct view_chrome ch = { 0 };
	int state_role = ROLE_MUTED;

	if (a->frozen)
		snprintf(state, sizeof state, "frozen");
	else if (a->stale)
		snprintf(state, sizeof state, a->canvas.ascii ? "stale (retrying)" : "stale ○ retrying"), state_role = ROLE_ALERT;
	else if (a->refresh > 0)
		snprintf(state, sizeof state, a->canvas.ascii ? "live *" : "live ●"), state_role = ROLE_DELTA_UP;
	else
		snprintf(state, sizeof state, "static");
	char prompt[400];
	ch.db_name = a->db_name;
	ch.title = a->title ? a->title : "";
	ch.as_of = a->as_of;
	ch.state = state;
	ch.state_role = state_role;
	if (a->mode == MODE_SEARCH || a->mode == MODE_EXPORT || a->mode == MODE_OVERWRITE) {
		char q[300];
		text_quote(a->input, (size_t)-1, q, sizeof q);
		if (a->mode == MODE_SEARCH)
			overlay_search_draw(a, prompt, sizeof prompt);
		else if (a->mode == MODE_EXPORT)
			snprintf(prompt, sizeof prompt, "export to: %s_  Enter write · Esc cancel · .csv or .json", q);
		else
			snprintf(prompt, sizeof prompt, "%s exists: overwrite it? (y / n)", q);
		ch.bottom = prompt;
		ch.bottom_role = ROLE_KEY;
	} else if (a->message[0] && !a->message_box) {
		ch.bottom = a->message;
		ch.bottom_role = a->message_role;
	}
	/* A failed load (the database is locked) is shown in a box and retried at the next poll. */
	if (a->following && (!a->sess || a->depth == 0))
		follow_draw_waiting(&a->canvas, a->title, a->room_note);
	else if (a->sess)
		app_present_frame(a);
	else
		a->load_failed = view_draw(a->s, a->stack, a->depth, &ch, &a->canvas, err, sizeof err) < 0;
	if (a->mode == MODE_PICK_DIM || a->mode == MODE_PICK_VALUE)
		overlay_picker_draw(a);
	overlay_locator_draw(a);
	if (a->help)
		overlay_help_draw(a);
}

/* ---- actions ---------------------------------------------------------------------- */

/* Tab, Shift-Tab, and ← → (across a matrix's columns first): the view keeps the focus
 * order, the same at every terminal size.  A screen of one panel says so. */
static void cycle_focus(struct app *a, int dir, int across)
{
	struct view_level *lv = app_top(a);

	if (!(across ? view_move_across(lv, dir) : view_focus_step(lv, dir)))
		app_say(a, ROLE_MUTED, "this screen has one panel · %s", view_focus_hint(lv));
}

/* Before the selection moves by delta: a case list fetches the pages the move reaches,
 * below its window or (after End) above it. */
static void reach_cases(struct app *a, int delta)
{
	struct view_level *lv = app_top(a);
	int i = lv->focus;
	char err[300];

	if (i >= 0 && i < lv->layout.npanels && lv->layout.panels[i].type == VIEW_PANEL_CASES &&
	    view_cases_reach(a->s, lv, i, delta, err, sizeof err) < 0)
		app_say(a, ROLE_ALERT, "%s", err);
}

static int page_rows(struct app *a)
{
	struct view_level *lv = app_top(a);
	int h = lv->rect[lv->focus].h - 3;
	return h > 1 ? h : 1;
}

static void drill(struct app *a)
{
	struct locator loc;
	int screen;
	char err[300];

	if (view_drill_target(a->s, app_top(a), &loc, &screen, err, sizeof err) < 0) {
		app_say(a, ROLE_MUTED, "%s", err);
		return;
	}
	app_push(a, &loc, screen);
	locator_free(&loc);
}

static void act(struct app *a, int action)
{
	struct view_level *lv = app_top(a);
	const char *name;

	switch (action) {
	case ACT_UP: reach_cases(a, -1); view_move(lv, -1, 0); break;
	case ACT_DOWN: reach_cases(a, 1); view_move(lv, 1, 0); break;
	case ACT_LEFT: cycle_focus(a, -1, 1); break;
	case ACT_RIGHT: cycle_focus(a, 1, 1); break;
	case ACT_PGUP: reach_cases(a, -page_rows(a)); view_move(lv, -page_rows(a), 0); break;
	case ACT_PGDN: reach_cases(a, page_rows(a)); view_move(lv, page_rows(a), 0); break;
	case ACT_FIRST:
	case ACT_LAST:
		if (lv->layout.panels[lv->focus].type == VIEW_PANEL_CASES) {
			char err[300];
			if (view_cases_jump(a->s, lv, lv->focus, action == ACT_LAST, err, sizeof err) < 0)
				app_say(a, ROLE_ALERT, "%s", err);
		} else if (action == ACT_FIRST) {
			lv->cur[lv->focus].sel = 0;
			lv->cur[lv->focus].top = 0;
		} else {
			view_move(lv, 1 << 20, 0);
		}
		break;
	case ACT_NEXT_PANEL: cycle_focus(a, 1, 0); break;
	case ACT_PREV_PANEL: cycle_focus(a, -1, 0); break;
	case ACT_DRILL: drill(a); break;
	case ACT_BACK:
		if (a->depth > 1)
			pop(a);
		else
			app_say(a, ROLE_MUTED, "this is Home · q quits");
		break;
	case ACT_HOME: while (a->depth > 1) pop(a); break;
	case ACT_SEARCH: overlay_search_open(a); break;
	case ACT_FILTER: overlay_picker_open(a); break;
	case ACT_SORT:
		name = view_sort_next(a->s, lv);
		if (name)
			app_say(a, ROLE_MUTED, "sorted: %s", name);
		else
			app_say(a, ROLE_MUTED, "this panel has a fixed order");
		break;
	case ACT_FREEZE:
		a->frozen = !a->frozen;
		app_say(a, ROLE_MUTED, a->frozen ? "frozen: the data stays as it is until F" : "live again");
		if (!a->frozen && store_changed(a->s) > 0)
			app_invalidate_all(a);
		break;
	case ACT_REFRESH:
		app_invalidate_all(a);
		app_say(a, ROLE_MUTED, "refreshed");
		break;
	case ACT_THEME: {
		int n, i = 0;
		const struct canvas_palette *p = theme_list(&n);
		while (i < n && &p[i] != a->palette)
			i++;
		a->palette = &p[(i + 1) % n];
		term_set_palette(a->palette);
		app_say(a, ROLE_MUTED, "theme: %s", a->palette->name);
		break;
	}
	case ACT_LOCATOR:
		overlay_locator_open(a);
		break;
	case ACT_EXPORT: {
		const char *r = getenv("OPDECK_RESTRICTED");
		if (a->following || (r && strcmp(r, "1") == 0)) {
			app_say(a, ROLE_MUTED, "export is off here (%s)", a->following ? "following a room" : "OPDECK_RESTRICTED=1");
			break;
		}
		view_export_name(lv, a->input, sizeof a->input);
		a->mode = MODE_EXPORT;
		break;
	}
	case ACT_REDRAW: a->repaint = 1; break;
	case ACT_HELP: overlay_help_open(a); break;
	case ACT_QUIT: a->quit = 1; break;
	}
}

/* ---- export (e) ---------------------------------------------------------------------- */

/* Writes the view's cases to the name in a->input and says how it went. */
static void export_write(struct app *a)
{
	char q[300], err[400];
	long long n;

	text_quote(a->input, (size_t)-1, q, sizeof q);
	if (view_export(a->s, app_top(a), a->input, &n, err, sizeof err) < 0)
		app_say(a, ROLE_ALERT, "writing %s failed: %s", q, err);
	else {
		char num[32];
		text_thousands(n, num, sizeof num);
		app_say(a, ROLE_DELTA_UP, "wrote %s case%s to %s", num, n == 1 ? "" : "s", q);
	}
}

/* The export prompt: a proposed name to edit, then a question before overwriting. */
static void export_key(struct app *a, int key)
{
	size_t len = strlen(a->input);

	if (a->mode == MODE_OVERWRITE) {
		a->mode = MODE_NORMAL;
		if (key == 'y' || key == 'Y')
			export_write(a);
		else
			app_say(a, ROLE_MUTED, "not exported");
		return;
	}
	if (key == TERM_KEY_ESC) {
		a->mode = MODE_NORMAL;
	} else if (key == TERM_KEY_ENTER) {
		if (!a->input[0])
			return;
		if (access(a->input, F_OK) == 0) {
			a->mode = MODE_OVERWRITE;
			return;
		}
		a->mode = MODE_NORMAL;
		export_write(a);
	} else if (key == TERM_KEY_BACKSPACE) {
		if (len > 0)
			a->input[len - 1] = '\0';
	} else if (key >= 32 && key < 127 && len + 1 < sizeof a->input) {
		a->input[len] = (char)key;
		a->input[len + 1] = '\0';
	}
}


static void on_key(struct app *a, int key)
{
	int action = app_action_of(key);
	int had_message = a->message[0] != '\0';

	a->message[0] = '\0';
	if (app_follow_key(a, key))
		return;
	if (app_present_key(a, key))
		return;
	if (a->mode == MODE_SEARCH) {
		overlay_search_key(a, key);
		return;
	}
	if (a->mode == MODE_EXPORT || a->mode == MODE_OVERWRITE) {
		export_key(a, key);
		return;
	}
	if (a->help) {
		overlay_help_key(a, action);
		return;
	}
	if (a->mode == MODE_PICK_DIM || a->mode == MODE_PICK_VALUE) {
		overlay_picker_key(a, action);
		return;
	}
	/* Esc closes a message (the locator after y, an error) before it goes back a level. */
	if (key == TERM_KEY_ESC && had_message)
		return;
	if (action == ACT_NONE) {
		char name[16];
		key_name(key, a->canvas.ascii, name, sizeof name);
		if (key >= 32 && key < 127)
			app_say(a, ROLE_MUTED, "'%s' does nothing here · ? lists the keys", name);
		else
			app_say(a, ROLE_MUTED, "that key does nothing here · ? lists the keys");
		return;
	}
	act(a, action);
}

static void on_mouse(struct app *a, const struct term_event *ev)
{
	struct view_level *lv = app_top(a);
	int item, i;

	if (a->help || a->mode != MODE_NORMAL || a->depth == 0 || (a->following && !a->on_own))
		return;
	a->message[0] = '\0';
	i = view_hit(lv, ev->x, ev->y, &item);
	if (i < 0)
		return;
	if (ev->button == 4 || ev->button == 5) {
		lv->focus = i;
		reach_cases(a, ev->button == 4 ? -3 : 3);
		view_move(lv, ev->button == 4 ? -3 : 3, 0);
		return;
	}
	if (ev->button != 1)
		return;
	int again;
	view_click(lv, ev->x, ev->y, &again); /* a second click on the same item drills */
	if (again)
		drill(a);
}

/* ---- entry points ----------------------------------------------------------------- */


int app_run(const struct app_options *o)
{
	struct app a;
	struct term_caps caps;
	char err[300];
	int rc, cols, rows, full = 1, dirty = 1;

	if ((rc = app_init(&a, o)) != 0) {
		app_fini(&a);
		return rc;
	}
	if (term_open(&caps, err, sizeof err) < 0) {
		fprintf(stderr, "opdeck: %s\n", err);
		app_fini(&a);
		return 1;
	}
	term_size(&cols, &rows);
	if (canvas_init(&a.canvas, cols > 0 ? cols : 1, rows > 0 ? rows : 1, !caps.utf8) < 0) {
		term_close();
		fprintf(stderr, "opdeck: out of memory\n");
		app_fini(&a);
		return 1;
	}
	term_set_palette(a.palette);
	double next_poll = app_now() + a.refresh;
	app_room_sync(&a);
	while (!a.quit) {
		changed_tick(&a, &dirty);
		if (dirty) {
			frame(&a);
			term_draw(&a.canvas, full);
			full = dirty = 0;
			/* The presenter publishes once its own frame is out: sixty followers starting
			 * on the new state never delay the presenter's screen. */
			app_room_sync(&a);
		}
		int timeout = changed_tick(&a, &dirty); /* a highlight to end, else -1 */
		if (dirty)
			timeout = 0;
		if (a.refresh > 0 && !a.frozen) {
			double left = next_poll - app_now();
			int pt = left <= 0 ? 0 : (int)(left * 1000) + 1;
			if (timeout < 0 || pt < timeout)
				timeout = pt;
		}
		/* Presenting: the countdowns move and the file is looked at every second. */
		double tick = app_now();
		if (a.sess && (timeout < 0 || timeout > 1000))
			timeout = 1000 - (int)((tick - (long long)tick) * 1000) % 1000;
		if (a.room) {
			int rt = room_timeout(a.room);
			if (rt >= 0 && (timeout < 0 || rt < timeout))
				timeout = rt;
		}
		/* A follower with levels to load ahead does so between events (app_follow.c). */
		int ahead = app_follow_ahead_pending(&a);
		if (ahead)
			timeout = 0;
		struct term_event ev;
		term_read_fd(timeout, a.room ? room_fd(a.room) : -1, &ev);
		switch (ev.kind) {
		case TERM_EV_KEY:
			on_key(&a, ev.key);
			dirty = 1;
			full = a.repaint;
			a.repaint = 0;
			break;
		case TERM_EV_MOUSE: on_mouse(&a, &ev); dirty = 1; break;
		case TERM_EV_RESIZE:
		case TERM_EV_REDRAW:
			term_size(&cols, &rows);
			if (canvas_resize(&a.canvas, cols > 0 ? cols : 1, rows > 0 ? rows : 1) == 0)
				full = dirty = 1;
			break;
		case TERM_EV_QUIT: a.quit = 1; break;
		default: break;
		}
		if (a.sess && (long long)app_now() != (long long)tick && app_present_tick(&a))
			dirty = 1;
		if (app_room_turn(&a))
			dirty = 1;
		else if (ahead && !dirty && ev.kind == TERM_EV_NONE)
			app_follow_ahead(&a);
		if (a.refresh > 0 && !a.frozen && app_now() >= next_poll) {
			int ch = store_changed(a.s);
			if (ch > 0)
				app_invalidate_all(&a);
			if (ch != 0 || a.stale != (ch < 0) || a.load_failed)
				dirty = 1;
			a.stale = ch < 0;
			next_poll = app_now() + a.refresh;
		}
	}
	term_close();
	app_fini(&a);
	return 0;
}

int app_render(const struct app_options *o, FILE *out)
{
	struct app a;
	int rc;

	if ((rc = app_init(&a, o)) != 0) {
		app_fini(&a);
		return rc;
	}
	if (canvas_init(&a.canvas, o->cols, o->rows, !utf8_locale()) < 0) {
		fprintf(stderr, "opdeck: out of memory\n");
		app_fini(&a);
		return 1;
	}
	a.help = o->help;
	if (a.sess) {
		rc = app_present_render(&a, o, out);
		app_fini(&a);
		return rc;
	}
	frame(&a);
	const char *nc = getenv("NO_COLOR"); /* as the dashboard: attributes only */
	if (o->ansi)
		canvas_write_ansi(&a.canvas, a.palette, nc && *nc ? 0 : 256, out);
	else
		canvas_write_text(&a.canvas, out);
	/* The frame shows the failure in a box; a script must learn it from the status. */
	rc = a.load_failed ? 1 : 0;
	if (a.load_failed)
		fprintf(stderr, "opdeck: cannot read the database: %s\n", store_error(a.s));
	app_fini(&a);
	return rc;
}
