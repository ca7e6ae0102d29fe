/*
 * app_present: presenting a review session (opdeck --session): the slide's level at the
 * bottom of the drill stack, the presentation keys before the dashboard's, the chrome
 * with the clocks, the session and theme files watched and reloaded, render --session.
 * The loop and the dashboard's keys are in app.c; the room in app_follow.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "app_internal.h"
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

/* The presenter's room: the socket, and the session named by its absolute path (the
 * followers load the file themselves). */
int app_present_room(struct app *a, const struct app_options *o)
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
const char *app_freeze_as_of(struct app *a, char *buf, size_t n)
{
	if (a->as_of && *a->as_of)
		return a->as_of;
	as_of_now(buf, n);
	return buf;
}

/* The level of slide i (0-based) over the session's base filter, its data not loaded yet;
 * NULL with the reason in err. */
struct view_level *app_slide_build(struct app *a, int i, char *err, size_t errsz)
{
	struct locator base = { 0 }; /* the session's base filter is where every slide starts from */
	struct view_level *lv;
	char perr[200];

	if (a->sess->filter && locator_parse(a->sess->filter, &base, perr, sizeof perr) < 0) {
		snprintf(err, errsz, "%.150s: filter: %s", a->sess->path, perr);
		return NULL;
	}
	lv = xcalloc(1, sizeof *lv);
	if (view_level_init_slide(lv, a->s, &base, &a->sess->slides[i], err, errsz) < 0) {
		free(lv);
		lv = NULL;
	} else {
		lv->mask = app_follow_masked(a);
	}
	locator_free(&base);
	return lv;
}

/* Replaces the stack with the current slide's level (drill-downs are dropped).  The level
 * is built before the stack goes: a slide that cannot be shown (the database cannot be
 * read, a filter the database no longer holds) leaves the last good screen and its slide
 * number in place, with the reason in the status line, rather than an empty stack. */
int app_slide_level(struct app *a)
{
	char err[400];
	int want = a->pr.slide;
	struct view_level *lv = app_slide_build(a, want, err, sizeof err);

	if (!lv) {
		if (a->depth == 0) {
			app_say(a, ROLE_ALERT, "%s", err);
			return -1;
		}
		present_goto(&a->pr, a->level_slide, app_now());
		app_say(a, ROLE_ALERT, "slide %d cannot be shown: %s (still on slide %d)", want + 1, err,
		        a->pr.slide + 1);
		return -1;
	}
	while (a->depth > 0) {
		view_level_free(a->stack[--a->depth]);
		free(a->stack[a->depth]);
	}
	a->stack[a->depth++] = lv;
	a->level_slide = want;
	return 0;
}

/* The theme a session names (a name or a file, looked up as --theme); one that cannot be
 * used keeps the current theme and says why in the status line (opdeck check says it too). */
void app_session_theme(struct app *a)
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

int app_present_open(struct app *a, const struct app_options *o)
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
	if (present_init(&a->pr, a->sess, app_now(), app_freeze_as_of(a, asof, sizeof asof)) < 0 ||
	    present_watch_set(&a->pr.file, o->session) < 0) {
		fprintf(stderr, "opdeck: out of memory\n");
		return 1;
	}
	a->frozen = a->pr.frozen;
	a->theme_given = o->theme != NULL; /* --theme wins over the session's */
	if (!a->theme_given)
		app_session_theme(a);
	if (o->slide > 0)
		present_goto(&a->pr, o->slide - 1, app_now());
	if (app_slide_level(a) < 0) {
		fprintf(stderr, "opdeck: %s\n", a->message);
		return 1;
	}
	return 0;
}

void app_present_close(struct app *a)
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
	if (present_reload(&a->pr, n, app_now()) < 0) {
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
		app_session_theme(a);
	term_set_palette(a->palette);
	app_slide_level(a);
	app_say(a, ROLE_MUTED, "reloaded %s", a->pr.file.path);
}

/* Once a second: the countdowns move, and the session file may have changed. */
int app_present_tick(struct app *a)
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
	/* Not for a follower: its status line says where it stands, not what fits, and drawing
	 * every slide off screen at each follower's join would cost the room its CPU. */
	if (!a->following && (a->fit_cols != c->cols || a->fit_rows != c->rows) && c->cols >= VIEW_MIN_COLS &&
	    c->rows >= VIEW_MIN_ROWS) {
		a->fit_cols = c->cols;
		a->fit_rows = c->rows;
		present_fit_summary(a->sess, a->s, c->cols, c->rows, a->fit, sizeof a->fit);
		if (a->fit[0] && !a->message[0])
			app_say(a, ROLE_ALERT, "%s", a->fit);
	}
	return 1;
}

static void present_goto_slide(struct app *a, int changed)
{
	if (changed || a->depth > 1)
		app_slide_level(a);
}

static void present_do(struct app *a, int action)
{
	double now = app_now();
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
		a->frozen = present_freeze(&a->pr, !a->pr.frozen, app_freeze_as_of(a, asof, sizeof asof));
		app_say(a, ROLE_MUTED, a->frozen ? "frozen: the figures stay as they are until F" : "live again");
		if (!a->frozen && store_changed(a->s) > 0)
			app_invalidate_all(a);
		break;
	}
}

/* Keys while presenting; returns 1 when the key was the presentation's. */
int app_present_key(struct app *a, int key)
{
	char msg[120];

	if (!a->sess || a->help || a->mode != MODE_NORMAL)
		return 0;
	if (a->pr.overview) {
		int act = app_action_of(key);
		if (act == ACT_DRILL) {
			if (present_overview_enter(&a->pr, app_now()) || a->depth > 1)
				app_slide_level(a);
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
			if (present_digits_enter(&a->pr, app_now(), msg, sizeof msg) < 0)
				app_say(a, ROLE_ALERT, "%s", msg);
			else
				app_slide_level(a);
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
	if (a->depth == 1 && app_action_of(key) == ACT_BACK) {
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
void app_present_frame(struct app *a)
{
	char err[300], crumbs[512], status[512];
	struct canvas *c = &a->canvas;
	struct view_level *lv = app_top(a);
	struct present_chrome ch = { 0 };
	double now = app_now();

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
		app_follow_status_line(a, status, sizeof status);
		ch.message = status;
		ch.message_role = a->room_note[0] || !room_connected(a->room) ? ROLE_ALERT : ROLE_KEY;
	}
	present_draw_chrome(c, &a->pr, now, &ch);
	free(words);
	if (a->load_failed)
		widget_message_draw(c, "cannot read the database", err, ROLE_ALERT);
}

/* render --session: slide N, or every slide with a separator line between them. */
int app_present_render(struct app *a, const struct app_options *o, FILE *out)
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
		a->pr.started = a->pr.entered = app_now();
		if (app_slide_level(a) < 0) {
			fprintf(stderr, "opdeck: %s\n", a->message);
			return 1;
		}
		a->message[0] = '\0';
		app_present_frame(a);
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

double app_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
