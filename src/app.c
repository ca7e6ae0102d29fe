/*
 * app: the interactive dashboard.  It owns the drill stack (one view_level per step, so
 * Backspace restores selection and scroll exactly), the key table (which also writes
 * the help screen), the prompts and overlays, and the loop that waits for keys and
 * polls the database for changes.
 *
 * The loop sleeps in term_read() until a key arrives or the next poll is due, so an idle
 * dashboard wakes once per --refresh interval.  Nothing is drawn unless something
 * changed; the terminal module sends only the cells that differ.
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
	{ "Move", ACT_UP, { TERM_KEY_UP, 'k' }, "previous row" },
	{ NULL, ACT_DOWN, { TERM_KEY_DOWN, 'j' }, "next row" },
	{ NULL, ACT_LEFT, { TERM_KEY_LEFT, 'h' }, "previous column (matrix) or panel" },
	{ NULL, ACT_RIGHT, { TERM_KEY_RIGHT, 'l' }, "next column (matrix) or panel" },
	{ NULL, ACT_PGUP, { TERM_KEY_PGUP }, "page up" },
	{ NULL, ACT_PGDN, { TERM_KEY_PGDN }, "page down" },
	{ NULL, ACT_FIRST, { TERM_KEY_HOME, 'g' }, "first row" },
	{ NULL, ACT_LAST, { TERM_KEY_END, 'G' }, "last row" },
	{ NULL, ACT_NEXT_PANEL, { TERM_KEY_TAB }, "next panel" },
	{ NULL, ACT_PREV_PANEL, { TERM_KEY_BTAB }, "previous panel" },
	{ "Drill down", ACT_DRILL, { TERM_KEY_ENTER }, "open the cases behind the selection" },
	{ NULL, ACT_BACK, { TERM_KEY_BACKSPACE, TERM_KEY_ESC }, "back one step" },
	{ NULL, ACT_HOME, { 'H' }, "back to Home" },
	{ NULL, ACT_SEARCH, { '/' }, "search case references and text" },
	{ NULL, ACT_FILTER, { 'f' }, "filter by phase, category, agency, ..." },
	{ NULL, ACT_SORT, { 's' }, "change the focused panel's order" },
	{ NULL, ACT_LOCATOR, { 'y' }, "show the locator of this view (for --at)" },
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


/* Presenting a review session: the block before the entry points. */
static void present_frame(struct app *a);
static int present_key(struct app *a, int key);
static void follow_status_line(struct app *a, char *out, size_t n);

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

static int action_of(int key)
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

/* A follower of a session with mask: true sees references and places masked. */
static int follow_masked(const struct app *a)
{
	return a->following && a->sess && a->sess->mask_refs;
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
	lv->mask = follow_masked(a);
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

static void invalidate_all(struct app *a)
{
	for (int i = 0; i < a->depth; i++)
		view_level_invalidate(a->stack[i]);
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

static int present_open(struct app *a, const struct app_options *o);
static void present_close(struct app *a);

/* The presenter's room: the socket, and the session named by its absolute path (the
 * followers load the file themselves). */
static int present_room(struct app *a, const struct app_options *o)
{
	char err[600], *abs = realpath(o->session, NULL);

	if (!abs || strlen(abs) >= sizeof a->rs.session) {
		fprintf(stderr, "opdeck: %s: %s\n", o->session, abs ? "path too long for the room" : "cannot resolve its path");
		free(abs);
		return 1;
	}
	memcpy(a->rs.session, abs, strlen(abs) + 1);
	free(abs);
	if (!(a->room = room_present(o->room, err, sizeof err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
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
		return 0;
	}
	if (o->session) {
		a->db_name = basename_dup(o->db_path);
		a->title = store_meta(a->s, "operation");
		a->as_of = store_meta(a->s, "data_as_of");
		int rc = present_open(a, o);
		if (rc == 0 && o->room)
			rc = present_room(a, o);
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
	present_close(a);
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
			snprintf(prompt, sizeof prompt, "export to: %s_   (.csv or .json · Enter write · Esc cancel)", q);
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
		present_frame(a);
	else
		a->load_failed = view_draw(a->s, a->stack, a->depth, &ch, &a->canvas, err, sizeof err) < 0;
	if (a->mode == MODE_PICK_DIM || a->mode == MODE_PICK_VALUE)
		overlay_picker_draw(a);
	overlay_locator_draw(a);
	if (a->help)
		overlay_help_draw(a);
}

/* ---- actions ---------------------------------------------------------------------- */

static void cycle_focus(struct app *a, int dir)
{
	struct view_level *lv = app_top(a);
	int idx[VIEW_MAX_PANELS], n = view_focusable(lv, idx, VIEW_MAX_PANELS), at = 0;

	if (n == 0)
		return;
	for (int i = 0; i < n; i++)
		if (idx[i] == lv->focus)
			at = i;
	lv->focus = idx[(at + dir + n) % n];
}

/* Keeps a case list's pages coming as the selection nears the end. */
static void more_cases(struct app *a)
{
	struct view_level *lv = app_top(a);
	int i = lv->focus;
	char err[300];

	if (lv->layout.panels[i].type == VIEW_PANEL_CASES && lv->cur[i].sel >= view_items(lv, i) - 3 &&
	    view_more_cases(a->s, lv, i, err, sizeof err) < 0)
		app_say(a, ROLE_ALERT, "%s", err);
}

/* The page before a case list's window, as the selection nears its top (after End). */
static void earlier_cases(struct app *a)
{
	struct view_level *lv = app_top(a);
	int i = lv->focus;
	char err[300];

	if (lv->layout.panels[i].type == VIEW_PANEL_CASES && lv->cur[i].sel < 3 &&
	    view_cases_earlier(a->s, lv, i, err, sizeof err) < 0)
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
	case ACT_UP: view_move(lv, -1, 0); earlier_cases(a); break;
	case ACT_DOWN: view_move(lv, 1, 0); more_cases(a); break;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (lv->layout.panels[lv->focus].type == VIEW_PANEL_MATRIX)
			view_move(lv, action == ACT_LEFT ? -1 : 1, 1);
		else
			cycle_focus(a, action == ACT_LEFT ? -1 : 1);
		break;
	case ACT_PGUP: view_move(lv, -page_rows(a), 0); earlier_cases(a); break;
	case ACT_PGDN: view_move(lv, page_rows(a), 0); more_cases(a); break;
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
	case ACT_NEXT_PANEL: cycle_focus(a, 1); break;
	case ACT_PREV_PANEL: cycle_focus(a, -1); break;
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
			invalidate_all(a);
		break;
	case ACT_REFRESH:
		invalidate_all(a);
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
	else
		app_say(a, ROLE_DELTA_UP, "wrote %lld case%s to %s", n, n == 1 ? "" : "s", q);
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

static int follow_key(struct app *a, int key);

static void on_key(struct app *a, int key)
{
	int action = action_of(key);
	int had_message = a->message[0] != '\0';

	a->message[0] = '\0';
	if (follow_key(a, key))
		return;
	if (present_key(a, key))
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
		view_move(lv, ev->button == 4 ? -3 : 3, 0);
		more_cases(a);
		return;
	}
	if (ev->button != 1)
		return;
	int again;
	view_click(lv, ev->x, ev->y, &again); /* a second click on the same item drills */
	if (again)
		drill(a);
}

/* ---- presenting a review session -------------------------------------------------- */

/* The presentation keys: on a slide they come before the dashboard's (so → is the next
 * slide, not the next panel); inside a drill-down only n, p, o and F stay. */
enum present_action {
	PACT_NONE, PACT_NEXT, PACT_PREV, PACT_FIRST, PACT_LAST, PACT_OVERVIEW, PACT_FREEZE
};
struct present_binding {
	int action;
	int keys[5];  /* 0-terminated */
	int drilled;  /* also inside a drill-down */
	const char *help;
};
static const struct present_binding present_bindings[] = {
	{ PACT_NEXT, { 'n', ' ', TERM_KEY_PGDN, TERM_KEY_RIGHT }, 0, "next slide" },
	{ PACT_PREV, { 'p', TERM_KEY_PGUP, TERM_KEY_LEFT }, 0, "previous slide" },
	{ PACT_FIRST, { TERM_KEY_HOME }, 0, "first slide" },
	{ PACT_LAST, { TERM_KEY_END }, 0, "last slide" },
	{ PACT_OVERVIEW, { 'o' }, 1, "overview of all slides (Enter opens one)" },
	{ PACT_FREEZE, { 'F' }, 1, "freeze / unfreeze the figures (data as of)" },
};
#define NPRESENT_BINDINGS (int)(sizeof present_bindings / sizeof *present_bindings)

static double now_s(void);

/* "2026-12-01 20:15": what frozen figures are as of when the database does not say. */
static void as_of_now(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(out, n, "%Y-%m-%d %H:%M", &tm);
	else
		snprintf(out, n, "?");
}

/* What the figures are as of when frozen: the database's own date, else now. */
static const char *freeze_as_of(struct app *a, char *buf, size_t n)
{
	if (a->as_of && *a->as_of)
		return a->as_of;
	as_of_now(buf, n);
	return buf;
}

/* Replaces the stack with the current slide's level (drill-downs are dropped). */
static int slide_level(struct app *a)
{
	char err[400];
	struct view_level *lv;

	while (a->depth > 0) {
		view_level_free(a->stack[--a->depth]);
		free(a->stack[a->depth]);
	}
	/* The session's base filter is where every slide starts from. */
	struct locator base = { 0 };
	if (a->sess->filter && locator_parse(a->sess->filter, &base, err, sizeof err) < 0) {
		app_say(a, ROLE_ALERT, "%s: filter: %s", a->sess->path, err);
		return -1;
	}
	lv = xcalloc(1, sizeof *lv);
	if (view_level_init_slide(lv, a->s, &base, &a->sess->slides[a->pr.slide], err, sizeof err) < 0) {
		app_say(a, ROLE_ALERT, "%s", err);
		free(lv);
		locator_free(&base);
		return -1;
	}
	locator_free(&base);
	lv->mask = follow_masked(a);
	a->stack[a->depth++] = lv;
	return 0;
}

/* The theme a session names (a name or a file, looked up as --theme); one that cannot be
 * used keeps the current theme and says why in the status line (opdeck check says it too). */
static void session_theme(struct app *a)
{
	const struct canvas_palette *p;
	char err[600];

	if (!a->sess->theme) {
		present_watch_set(&a->pr.theme, NULL);
		return;
	}
	if ((p = theme_resolve(a->sess->theme, err, sizeof err)))
		a->palette = p;
	else
		app_say(a, ROLE_ALERT, "theme: %s", err);
	/* A theme file (not a name) is watched like the session: saving it recolours the room. */
	size_t n = strlen(a->sess->theme);
	if (strchr(a->sess->theme, '/') || (n > 5 && strcmp(a->sess->theme + n - 5, ".yaml") == 0)) {
		if (!a->pr.theme.path || strcmp(a->pr.theme.path, a->sess->theme) != 0)
			present_watch_set(&a->pr.theme, a->sess->theme);
	} else {
		present_watch_set(&a->pr.theme, NULL);
	}
}

/* The session's theme file changed: an invalid edit keeps the colours on screen and says
 * FILE:LINE:COL: message in the status line until it is fixed. */
static void present_reload_theme(struct app *a)
{
	const struct canvas_palette *p;
	char err[400];

	if (!(p = theme_resolve(a->sess->theme, err, sizeof err))) {
		snprintf(a->pr.error, sizeof a->pr.error, "%s (keeping the colours on screen)", err);
		a->message[0] = '\0';
		return;
	}
	a->palette = p;
	a->pr.error[0] = '\0';
	term_set_palette(a->palette);
	app_say(a, ROLE_MUTED, "reloaded %s", a->sess->theme);
}

static int present_open(struct app *a, const struct app_options *o)
{
	char err[600], asof[40];

	a->sess = xcalloc(1, sizeof *a->sess);
	if (session_load(o->session, a->sess, err, sizeof err) < 0) {
		fprintf(stderr, "opdeck: %s\n", err);
		free(a->sess);
		a->sess = NULL;
		return 1;
	}
	if (present_check_locators(a->sess, a->s, err, sizeof err) < 0) {
		fprintf(stderr, "opdeck: %s\n", err);
		return 1;
	}
	if (present_init(&a->pr, a->sess, now_s(), freeze_as_of(a, asof, sizeof asof)) < 0 ||
	    present_watch_set(&a->pr.file, o->session) < 0) {
		fprintf(stderr, "opdeck: out of memory\n");
		return 1;
	}
	a->frozen = a->pr.frozen;
	a->theme_given = o->theme != NULL; /* --theme wins over the session's */
	if (!a->theme_given)
		session_theme(a);
	if (o->slide > 0)
		present_goto(&a->pr, o->slide - 1, now_s());
	if (slide_level(a) < 0) {
		fprintf(stderr, "opdeck: %s\n", a->message);
		return 1;
	}
	return 0;
}

static void present_close(struct app *a)
{
	if (!a->sess)
		return;
	present_free(&a->pr);
	session_free(a->sess);
	free(a->sess);
	a->sess = NULL;
}

/* The session file changed on disk: load it again; an invalid edit keeps the last good
 * version on screen with the message in the status line until the file is fixed. */
static void present_reload_file(struct app *a)
{
	char err[400];
	struct session *n = xcalloc(1, sizeof *n);

	if (session_load(a->pr.file.path, n, err, sizeof err) < 0 ||
	    present_check_locators(n, a->s, err, sizeof err) < 0) {
		snprintf(a->pr.error, sizeof a->pr.error, "%s (showing the last good version)", err);
		a->message[0] = '\0'; /* the error is what the presenter must see now */
		session_free(n);
		free(n);
		return;
	}
	if (present_reload(&a->pr, n, now_s()) < 0) {
		snprintf(a->pr.error, sizeof a->pr.error, "out of memory reloading the session");
		session_free(n);
		free(n);
		return;
	}
	session_free(a->sess);
	free(a->sess);
	a->sess = n;
	a->pr.error[0] = '\0';
	a->fit_cols = a->fit_rows = 0; /* a new version: look again at what fits */
	if (!a->theme_given)
		session_theme(a);
	term_set_palette(a->palette);
	slide_level(a);
	app_say(a, ROLE_MUTED, "reloaded %s", a->pr.file.path);
}

/* Once a second: the countdowns move, and the session file may have changed. */
static int present_tick(struct app *a)
{
	if (!a->sess)
		return 0;
	if (present_watch_poll(&a->pr.file))
		present_reload_file(a);
	else if (present_watch_poll(&a->pr.theme))
		present_reload_theme(a);
	/* Once per size (and per version of the file), after the slide is on screen: the slides
	 * whose panels cannot show their content here.  It draws every slide off screen, so it
	 * waits for the tick rather than delaying the first frame. */
	struct canvas *c = &a->canvas;
	if ((a->fit_cols != c->cols || a->fit_rows != c->rows) && c->cols >= VIEW_MIN_COLS && c->rows >= VIEW_MIN_ROWS) {
		a->fit_cols = c->cols;
		a->fit_rows = c->rows;
		present_fit_summary(a->sess, a->s, c->cols, c->rows, a->fit, sizeof a->fit);
		if (a->fit[0] && !a->message[0] && !a->following) /* a follower's line says where it stands */
			app_say(a, ROLE_ALERT, "%s", a->fit);
	}
	return 1;
}

static void present_goto_slide(struct app *a, int changed)
{
	if (changed || a->depth > 1)
		slide_level(a);
}

static void present_do(struct app *a, int action)
{
	double now = now_s();
	char asof[40];

	switch (action) {
	case PACT_NEXT:
		if (!present_next(&a->pr, now) && a->depth == 1)
			app_say(a, ROLE_MUTED, "this is the last slide");
		present_goto_slide(a, 1);
		break;
	case PACT_PREV:
		if (!present_prev(&a->pr, now) && a->depth == 1)
			app_say(a, ROLE_MUTED, "this is the first slide");
		present_goto_slide(a, 1);
		break;
	case PACT_FIRST: present_goto_slide(a, present_goto(&a->pr, 0, now)); break;
	case PACT_LAST: present_goto_slide(a, present_goto(&a->pr, a->sess->nslides - 1, now)); break;
	case PACT_OVERVIEW: present_overview_open(&a->pr); break;
	case PACT_FREEZE:
		a->frozen = present_freeze(&a->pr, !a->pr.frozen, freeze_as_of(a, asof, sizeof asof));
		app_say(a, ROLE_MUTED, a->frozen ? "frozen: the figures stay as they are until F" : "live again");
		if (!a->frozen && store_changed(a->s) > 0)
			invalidate_all(a);
		break;
	}
}

/* Keys while presenting; returns 1 when the key was the presentation's. */
static int present_key(struct app *a, int key)
{
	char msg[120];

	if (!a->sess || a->help || a->mode != MODE_NORMAL)
		return 0;
	if (a->pr.overview) {
		int act = action_of(key);
		if (act == ACT_DRILL) {
			if (present_overview_enter(&a->pr, now_s()) || a->depth > 1)
				slide_level(a);
		} else if (act == ACT_BACK || key == 'o' || key == 'q') {
			a->pr.overview = 0;
		} else if (act == ACT_UP || act == ACT_DOWN || act == ACT_PGUP || act == ACT_PGDN) {
			present_overview_move(&a->pr, act == ACT_UP ? -1 : act == ACT_DOWN ? 1 : act == ACT_PGUP ? -10 : 10);
		} else if (act == ACT_FIRST || act == ACT_LAST) {
			present_overview_move(&a->pr, act == ACT_FIRST ? -(1 << 20) : 1 << 20);
		}
		return 1;
	}
	/* A slide number being typed: digits, Enter to go, Esc or Backspace to forget. */
	if (a->depth == 1 && present_digit(&a->pr, key))
		return 1;
	if (a->pr.digits[0]) {
		if (key == TERM_KEY_ENTER) {
			if (present_digits_enter(&a->pr, now_s(), msg, sizeof msg) < 0)
				app_say(a, ROLE_ALERT, "%s", msg);
			else
				slide_level(a);
		} else {
			present_digits_clear(&a->pr);
		}
		return 1;
	}
	for (int i = 0; i < NPRESENT_BINDINGS; i++)
		for (int k = 0; k < 5 && present_bindings[i].keys[k]; k++)
			if (present_bindings[i].keys[k] == key && (a->depth == 1 || present_bindings[i].drilled)) {
				present_do(a, present_bindings[i].action);
				return 1;
			}
	if (a->depth == 1 && action_of(key) == ACT_BACK) {
		app_say(a, ROLE_MUTED, "this is the slide · q quits");
		return 1;
	}
	return 0;
}

/* The help screen's "Presenting" section, from present_bindings. */
void app_present_help(struct app *a, struct widget_help_entry *e, int *n, char (*keys)[64])
{
	if (!a->sess)
		return;
	e[(*n)++] = (struct widget_help_entry){ NULL, "Presenting" };
	for (int i = 0; i < NPRESENT_BINDINGS; i++) {
		struct app_binding b = { NULL, 0, { 0 }, NULL };
		for (int k = 0; k < 4 && present_bindings[i].keys[k]; k++)
			b.keys[k] = present_bindings[i].keys[k];
		app_binding_keys(&b, a->canvas.ascii, keys[i], sizeof keys[i]);
		e[(*n)++] = (struct widget_help_entry){ keys[i], present_bindings[i].help };
	}
	e[(*n)++] = (struct widget_help_entry){ "3 Enter", "go to slide 3 (any number)" };
	e[(*n)++] = (struct widget_help_entry){ "Backspace", "back from a drill-down to the slide as it was" };
}

/* The presented frame: the slide's panels (or a drill-down inside it) in the body, the
 * chrome around them, the overview over everything. */
static void present_frame(struct app *a)
{
	char err[300], crumbs[512], status[512];
	struct canvas *c = &a->canvas;
	struct view_level *lv = app_top(a);
	struct present_chrome ch = { 0 };
	double now = now_s();

	if (a->pr.overview) {
		present_draw_overview(c, &a->pr);
		return;
	}
	canvas_clear(c);
	if (c->cols < VIEW_MIN_COLS || c->rows < VIEW_MIN_ROWS) {
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small (need %dx%d)", VIEW_MIN_COLS, VIEW_MIN_ROWS);
		int w = text_width(msg);
		canvas_put(c, w < c->cols ? (c->cols - w) / 2 : 0, c->rows / 2, c->cols, msg, ROLE_ALERT);
		return;
	}
	a->load_failed = view_draw_area(a->s, lv, c, present_body(c), err, sizeof err) < 0;
	if (a->depth > 1) {
		size_t len = (size_t)snprintf(crumbs, sizeof crumbs, "%s", a->sess->slides[a->pr.slide].title
		                              ? a->sess->slides[a->pr.slide].title : "");
		for (int i = 1; i < a->depth && len < sizeof crumbs; i++) {
			char masked[128];
			const char *crumb = a->stack[i]->crumb ? a->stack[i]->crumb : "";
			if (a->stack[i]->mask && a->stack[i]->screen == VIEW_CASE && room_mask_ref(crumb, masked, sizeof masked) >= 0)
				crumb = masked;
			len += (size_t)snprintf(crumbs + len, sizeof crumbs - len, "%s%s", c->ascii ? " > " : " › ", crumb);
		}
		ch.crumbs = crumbs;
	}
	char *words = view_filter_words(a->s, &lv->filter);
	ch.caption = words;
	/* A masked follower's caption names the case as its crumb does. */
	char caption[600], masked[128], *at;
	if (lv->mask && words && lv->filter.case_ref && *lv->filter.case_ref && (at = strstr(words, lv->filter.case_ref)) &&
	    room_mask_ref(lv->filter.case_ref, masked, sizeof masked) >= 0) {
		snprintf(caption, sizeof caption, "%.*s%s%s", (int)(at - words), words, masked,
		         at + strlen(lv->filter.case_ref));
		ch.caption = caption;
	}
	if (a->mode == MODE_SEARCH) {
		overlay_search_draw(a, crumbs, sizeof crumbs);
		ch.message = crumbs;
		ch.message_role = ROLE_KEY;
	} else if (a->message[0] && !a->message_box) {
		ch.message = a->message;
		ch.message_role = a->message_role;
	} else if (a->following) {
		follow_status_line(a, status, sizeof status);
		ch.message = status;
		ch.message_role = a->room_note[0] || !room_connected(a->room) ? ROLE_ALERT : ROLE_KEY;
	}
	present_draw_chrome(c, &a->pr, now, &ch);
	free(words);
	if (a->load_failed)
		widget_message_draw(c, "cannot read the database", err, ROLE_ALERT);
}

/* render --session: slide N, or every slide with a separator line between them. */
static int present_render(struct app *a, const struct app_options *o, FILE *out)
{
	int from = o->all ? 0 : (o->slide > 0 ? o->slide - 1 : 0);
	int to = o->all ? a->sess->nslides - 1 : from;

	if (from >= a->sess->nslides) {
		char q[300];
		fprintf(stderr, "opdeck: %s: no slide %d (the session has %d)\n",
		        text_quote(o->session, (size_t)-1, q, sizeof q), o->slide, a->sess->nslides);
		return 1;
	}
	for (int i = from; i <= to; i++) {
		/* Every slide as it opens: its clocks at their full budgets. */
		a->pr.slide = i;
		a->pr.started = a->pr.entered = now_s();
		if (slide_level(a) < 0) {
			fprintf(stderr, "opdeck: %s\n", a->message);
			return 1;
		}
		a->message[0] = '\0';
		present_frame(a);
		if (a->load_failed)
			return 1;
		if (i > from) {
			for (int x = 0; x < a->canvas.cols; x++)
				fputs(a->canvas.ascii ? "-" : "─", out);
			fputc('\n', out);
		}
		if (o->ansi)
			canvas_write_ansi(&a->canvas, a->palette, 256, out);
		else
			canvas_write_text(&a->canvas, out);
	}
	return 0;
}


/* ---- presenting over SSH: the presenter's room and the follower ------------------- */

/* Presenter: publishes its state when it differs from the last one published.  Never
 * waits: room_publish is non-blocking and a follower that cannot take it is skipped. */
static void room_sync(struct app *a)
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
	present_close(a);
	a->sess = n;
	if (present_init(&a->pr, a->sess, now_s(), freeze_as_of(a, asof, sizeof asof)) < 0) {
		session_free(n);
		free(n);
		a->sess = NULL;
		snprintf(a->room_note, sizeof a->room_note, "out of memory");
		return -1;
	}
	if (!a->theme_given)
		session_theme(a);
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
	present_goto(&a->pr, st->slide - 1, now_s());
	a->pr.overview = 0;
	present_digits_clear(&a->pr);
	a->help = 0;
	a->mode = MODE_NORMAL;
	if (slide_level(a) < 0) {
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
static int follow_key(struct app *a, int key)
{
	int action = action_of(key);

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
	if (a->on_own && action == ACT_LOCATOR && follow_masked(a)) {
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
static int room_turn(struct app *a)
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
static void follow_status_line(struct app *a, char *out, size_t n)
{
	struct room_status rs = { room_connected(a->room), a->have_state, a->on_own, a->have_state ? &a->rs : NULL };
	char st[ROOM_STATUS_MAX];

	room_status_text(&rs, st, sizeof st);
	follow_status_compose(st, a->on_own, a->room_note, a->canvas.ascii, out, n);
}

/* ---- entry points ----------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	double next_poll = now_s() + a.refresh;
	room_sync(&a);
	while (!a.quit) {
		if (dirty) {
			frame(&a);
			term_draw(&a.canvas, full);
			full = dirty = 0;
		}
		int timeout = -1;
		if (a.refresh > 0 && !a.frozen) {
			double left = next_poll - now_s();
			timeout = left <= 0 ? 0 : (int)(left * 1000) + 1;
		}
		/* Presenting: the countdowns move and the file is looked at every second. */
		double tick = now_s();
		if (a.sess && (timeout < 0 || timeout > 1000))
			timeout = 1000 - (int)((tick - (long long)tick) * 1000) % 1000;
		if (a.room) {
			int rt = room_timeout(a.room);
			if (rt >= 0 && (timeout < 0 || rt < timeout))
				timeout = rt;
		}
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
		if (a.sess && (long long)now_s() != (long long)tick && present_tick(&a))
			dirty = 1;
		if (room_turn(&a))
			dirty = 1;
		room_sync(&a);
		if (a.refresh > 0 && !a.frozen && now_s() >= next_poll) {
			int ch = store_changed(a.s);
			if (ch > 0)
				invalidate_all(&a);
			if (ch != 0 || a.stale != (ch < 0) || a.load_failed)
				dirty = 1;
			a.stale = ch < 0;
			next_poll = now_s() + a.refresh;
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
		rc = present_render(&a, o, out);
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
