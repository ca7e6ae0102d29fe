/*
 * notes: the speaker's notes terminal (`opdeck notes ROOM`, MOCKUPS.md).
 *
 * A follower of the room that shows what the presenter needs and the room must not see:
 * this slide's title and notes, the time left on it and in the session, the next slides'
 * titles, and a small preview of the slide from its own read-only connection.  The
 * clocks are the presenter's: the state carries when its session and slide clocks read
 * 0:00 (include/room.h), so a notes terminal started late shows the same time left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "follow.h"
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

struct notes {
	struct store *s;            /* owned */
	struct room *room;          /* owned */
	struct session *sess;       /* owned, NULL before the first state */
	struct present pr;          /* owned with sess */
	struct view_level *lv;      /* owned: the preview's slide, NULL when none */
	struct room_state st;
	int have_state;
	char note[ROOM_STATUS_MAX + 300];
};

static double notes_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void notes_drop_level(struct notes *n)
{
	if (n->lv) {
		view_level_free(n->lv);
		free(n->lv);
		n->lv = NULL;
	}
}

static void notes_close_session(struct notes *n)
{
	notes_drop_level(n);
	if (n->sess) {
		present_free(&n->pr);
		session_free(n->sess);
		free(n->sess);
		n->sess = NULL;
	}
}

/* The presenter's state: the session (loaded when it is a new one), the slide, the preview. */
static void notes_apply(struct notes *n)
{
	char err[600];

	if (!n->sess || strcmp(n->sess->path, n->st.session) != 0) {
		struct session *s = xcalloc(1, sizeof *s);
		if (session_load(n->st.session, s, err, sizeof err) < 0) {
			snprintf(n->note, sizeof n->note, "cannot show the session: %.300s", err);
			free(s);
			return;
		}
		notes_close_session(n);
		n->sess = s;
		if (present_init(&n->pr, s, notes_now(), "") < 0) {
			session_free(s);
			free(s);
			n->sess = NULL;
			return;
		}
	}
	double now = notes_now();
	long long wall = follow_wall_ms();
	present_goto(&n->pr, n->st.slide - 1, now);
	present_set_clocks(&n->pr, now, follow_clock_spent(n->st.clock_session, wall),
	                   follow_clock_spent(n->st.clock_slide, wall));
	notes_drop_level(n);
	struct locator base = { 0 };
	if (!n->s || (n->sess->filter && locator_parse(n->sess->filter, &base, err, sizeof err) < 0))
		return;
	n->lv = xcalloc(1, sizeof *n->lv);
	if (view_level_init_slide(n->lv, n->s, &base, &n->sess->slides[n->pr.slide], err, sizeof err) < 0) {
		free(n->lv);
		n->lv = NULL;
		snprintf(n->note, sizeof n->note, "%.300s", err);
	}
	locator_free(&base);
}

/* How many bytes of s fit in w columns (whole characters). */
static size_t notes_fit(char *s, int w)
{
	size_t fit = 0, len = strlen(s);

	while (fit < len) {
		size_t nx = fit + 1;
		while (nx < len && ((unsigned char)s[nx] & 0xC0) == 0x80)
			nx++;
		char save = s[nx];
		s[nx] = '\0';
		int cw = text_width(s);
		s[nx] = save;
		if (cw > w)
			break;
		fit = nx;
	}
	return fit;
}

/* The notes' lines, wrapped at words to w columns, from row y to the box's end. */
static void notes_text(struct canvas *c, struct canvas_rect r, const char *text)
{
	int y = r.y;
	const char *p = text;

	while (p && *p && y < r.y + r.h) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		/* Wrap: cut at the last space that fits, continue after it indented like a bullet. */
		char *q = line;
		while (*q && y < r.y + r.h) {
			size_t fit = notes_fit(q, r.w);
			if (fit < strlen(q)) {
				size_t cut = fit;
				while (cut > 0 && q[cut] != ' ')
					cut--;
				if (cut > 0)
					fit = cut;
			}
			char save = q[fit];
			q[fit] = '\0';
			canvas_put(c, r.x, y++, r.w, q, ROLE_NORMAL);
			q[fit] = save;
			q += fit;
			while (*q == ' ')
				q++;
		}
		p = eol ? eol + 1 : NULL;
	}
}

static void notes_draw(struct notes *n, struct canvas *c)
{
	char line[512], clocks[160], err[300];
	int clock;
	double now = notes_now();

	canvas_clear(c);
	if (!n->sess) {
		follow_draw_waiting(c, "notes", n->note[0] ? n->note : NULL);
		return;
	}
	const struct session_slide *sl = &n->sess->slides[n->pr.slide];
	snprintf(line, sizeof line, " %s · notes", n->sess->title ? n->sess->title : "");
	canvas_put(c, 0, 0, c->cols, line, ROLE_STATUS);
	present_clocks_text(&n->pr, now, clocks, sizeof clocks, &clock);
	snprintf(line, sizeof line, "%s ", clocks); /* "1:42 left · 21:10 of 30:00 · 2 / 7" */
	canvas_put_right(c, 0, 0, c->cols, line, present_clock_role(clock));
	int lw = c->cols * 55 / 100, rh = c->rows / 2;
	struct canvas_rect left = { 0, 1, lw, c->rows - 3 }, right = { lw, 1, c->cols - lw, rh };
	snprintf(line, sizeof line, "Now: %s", sl->title ? sl->title : "");
	struct canvas_rect in = widget_frame(c, left, line, 1);
	notes_text(c, in, sl->notes ? sl->notes : "(no notes for this slide)");
	in = widget_frame(c, right, "On the projector", 0);
	if (n->lv && in.w > 0 && in.h > 0 && view_draw_area(n->s, n->lv, c, in, err, sizeof err) < 0)
		canvas_put(c, in.x, in.y, in.w, "cannot read the database", ROLE_ALERT);
	int y = 1 + rh;
	if (n->pr.slide + 1 < n->sess->nslides) {
		const struct session_slide *nx = &n->sess->slides[n->pr.slide + 1];
		char b[32] = "";
		if (nx->budget_s)
			present_clock_format(nx->budget_s, b, sizeof b);
		snprintf(line, sizeof line, "Next: %d · %s%s%s%s", n->pr.slide + 2, nx->title ? nx->title : "",
		         b[0] ? " (" : "", b, b[0] ? ")" : "");
		canvas_put(c, lw + 1, y++, c->cols - lw - 1, line, ROLE_TITLE);
		size_t len = (size_t)snprintf(line, sizeof line, "then:");
		for (int i = n->pr.slide + 2; i < n->sess->nslides && i < n->pr.slide + 4 && len < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s %d · %s", i > n->pr.slide + 2 ? " ·" : "",
			                        i + 1, n->sess->slides[i].title ? n->sess->slides[i].title : "");
		if (n->pr.slide + 2 < n->sess->nslides)
			canvas_put(c, lw + 1, y, c->cols - lw - 1, line, ROLE_MUTED);
	} else {
		canvas_put(c, lw + 1, y, c->cols - lw - 1, "Last slide", ROLE_TITLE);
	}
	struct room_status rs = { room_connected(n->room), n->have_state, 0, n->have_state ? &n->st : NULL };
	char st[ROOM_STATUS_MAX];
	room_status_text(&rs, st, sizeof st);
	snprintf(line, sizeof line, "%s%s%s · q quit", st, n->note[0] ? " · " : "", n->note);
	canvas_put(c, 1, c->rows - 1, c->cols - 1, line, n->note[0] || !rs.connected ? ROLE_ALERT : ROLE_KEY);
}

int notes_run(const struct notes_options *o)
{
	struct notes n = { 0 };
	struct canvas c = { 0 };
	struct term_caps caps;
	char err[600];
	int rc = 0, cols, rows, full = 1;
	const struct canvas_palette *pal = theme_resolve(o->theme ? o->theme : "default", err, sizeof err);

	if (!pal) {
		fprintf(stderr, "opdeck: %s\n", err);
		return 1;
	}
	/* The preview needs the database; notes without it still show notes and clocks. */
	if (!(n.s = store_open(o->db_path, STORE_READ, err, sizeof err))) {
		fprintf(stderr, "opdeck: %s\n", err);
		return 1;
	}
	if (!(n.room = room_follow(o->room, err, sizeof err))) {
		fprintf(stderr, "%s\n", err);
		store_close(n.s);
		return 1;
	}
	if (term_open(&caps, err, sizeof err) < 0) {
		fprintf(stderr, "opdeck: %s\n", err);
		rc = 1;
		goto out;
	}
	term_size(&cols, &rows);
	if (canvas_init(&c, cols > 0 ? cols : 1, rows > 0 ? rows : 1, !caps.utf8) < 0) {
		term_close();
		fprintf(stderr, "opdeck: out of memory\n");
		rc = 1;
		goto out;
	}
	term_set_palette(pal);
	for (;;) {
		struct term_event ev;
		char note[ROOM_STATUS_MAX];
		notes_draw(&n, &c);
		term_draw(&c, full);
		full = 0;
		/* Wake for the room, and every second for the clocks. */
		int timeout = room_timeout(n.room);
		if (timeout < 0 || timeout > 1000)
			timeout = 1000;
		term_read_fd(timeout, room_fd(n.room), &ev);
		if (ev.kind == TERM_EV_QUIT || (ev.kind == TERM_EV_KEY && ev.key == 'q'))
			break;
		if (ev.kind == TERM_EV_RESIZE || ev.kind == TERM_EV_REDRAW || (ev.kind == TERM_EV_KEY && ev.key == 12)) {
			term_size(&cols, &rows);
			canvas_resize(&c, cols > 0 ? cols : 1, rows > 0 ? rows : 1);
			full = 1;
		}
		note[0] = '\0';
		int e = room_poll(n.room, &n.st, note, sizeof note);
		if (e & ROOM_EV_NOTE)
			snprintf(n.note, sizeof n.note, "%s", note);
		if (e & ROOM_EV_STATE) {
			n.have_state = 1;
			if (!(e & ROOM_EV_NOTE))
				n.note[0] = '\0';
			notes_apply(&n);
		}
	}
	term_close();
out:
	canvas_free(&c);
	notes_close_session(&n);
	room_close(n.room);
	store_close(n.s);
	return rc;
}
