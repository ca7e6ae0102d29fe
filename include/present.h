/*
 * present: the state of presenting a review session, apart from drawing and keys.
 *
 * The app owns one struct present while a session is on screen and asks it: which slide
 * is shown, how much time is left on it and in the session, whether the figures are
 * frozen and as of when, what the overview has selected, which slide number is being
 * typed, and whether the session or theme file changed on disk.  Clocks take the time as
 * an argument (monotonic seconds), so the countdowns are tested without waiting.
 *
 * Time is counted per slide: coming back to a slide continues its countdown where it
 * was left, as a presenter who skips ahead and returns expects.  The session's clock runs
 * from the moment presenting began.
 *
 * The drawing half (present_draw.c) paints the slide's top line, caption and status line
 * and the overview into a canvas; it never calls curses.
 */
#ifndef OPDECK_PRESENT_H
#define OPDECK_PRESENT_H

#include <stddef.h>
#include <stdio.h>

#include "canvas.h"
#include "session.h"

/* How a countdown stands: plenty of time, under PRESENT_WARN_S left, over. */
enum present_clock { PRESENT_CLOCK_NONE, PRESENT_CLOCK_OK, PRESENT_CLOCK_WARN, PRESENT_CLOCK_OVER };
#define PRESENT_WARN_S 30

/* A file watched for edits: reloaded when its modification time or size changes. */
struct present_watch {
	char *path;          /* owned, NULL: nothing watched */
	long long mtime_ns;
	long long size;
	int missing;         /* the last look found no file */
};

struct present {
	const struct session *session; /* borrowed: the last good version of the file */
	int slide;                     /* shown, 0-based */
	int nspent;
	double *spent;                 /* owned, nspent: seconds spent on each slide before this visit */
	double started;                /* when presenting began */
	double entered;                /* when the current slide was entered */
	int frozen;                    /* the figures are fixed */
	char as_of[40];                /* what frozen figures are as of ("2025-09-16 09:00") */
	int overview;                  /* the slide overview is open */
	int ov_sel;                    /* its selection */
	char digits[8];                /* a slide number being typed, "" when none */
	struct present_watch file;     /* the session file */
	struct present_watch theme;    /* the theme file, when the session names one on disk */
	char error[512];               /* the last reload's FILE:LINE:COL: message, "" when none */
};

/* Starts presenting s (borrowed) at slide 0; -1 when out of memory.  The session's
 * `data: frozen` freezes at once, as of as_of (the database's own date, else the
 * caller's clock in words). */
int present_init(struct present *p, const struct session *s, double now, const char *as_of);
void present_free(struct present *p);

/* A new version of the session (after an edit): keeps the slide number (clamped to the
 * new count) and the time spent per slide.  -1 when out of memory (p unchanged). */
int present_reload(struct present *p, const struct session *s, double now);

/* Goes to slide i (clamped), counting the time spent on the one left; returns 1 when
 * the slide changed, 0 when already there. */
int present_goto(struct present *p, int i, double now);
int present_next(struct present *p, double now);
int present_prev(struct present *p, double now);

/* Typing a slide number: present_digit appends '0'..'9' (returns 0 for any other key),
 * present_digits_enter jumps to it (1-based; returns 1 when it moved, -1 when the number
 * is not a slide: "no slide 12 (1–7)" in msg), present_digits_clear forgets it. */
int present_digit(struct present *p, int key);
int present_digits_enter(struct present *p, double now, char *msg, size_t msgsz);
void present_digits_clear(struct present *p);

/* Someone else's clocks (a follower of the presenter's room): at now, the session has run
 * session_spent seconds and the current slide slide_spent (its earlier visits included);
 * the countdowns go on from there. */
void present_set_clocks(struct present *p, double now, double session_spent, double slide_spent);

/* Freezes (as of as_of) or unfreezes; returns the new state. */
int present_freeze(struct present *p, int on, const char *as_of);

/* The overview: open (selection on the current slide), move, and Enter (goes there and
 * closes; returns 1 when the slide changed). */
void present_overview_open(struct present *p);
void present_overview_move(struct present *p, int delta);
int present_overview_enter(struct present *p, double now);

/* Seconds: spent on the current slide, left on it (budget minus spent; negative when
 * over), spent in the session, the session's total budget (the sum of the slides'), left
 * in it.  A slide or session without a budget has nothing left: *clock says
 * PRESENT_CLOCK_NONE. */
double present_slide_spent(const struct present *p, double now);
double present_slide_left(const struct present *p, double now, int *clock);
double present_session_spent(const struct present *p, double now);
int present_session_budget(const struct session *s);
double present_session_left(const struct present *p, double now, int *clock);

/* "1:42", "0:05", "1:02:03"; a negative value is time over: "-0:12". */
void present_clock_format(double secs, char *out, size_t outsz);

/* The clocks in words for the top line: "1:42 left · 21:10 of 30:00 · 2 / 7", with the
 * worse of the two clocks in *clock (the line's colour). */
void present_clocks_text(const struct present *p, double now, char *out, size_t outsz, int *clock);

/* Watching files: present_watch_set starts watching path (NULL stops); _poll returns 1
 * when the file changed since the last call (or appeared or vanished), 0 otherwise. */
int present_watch_set(struct present_watch *w, const char *path);
int present_watch_poll(struct present_watch *w);
void present_watch_free(struct present_watch *w);

/* ---- checks (present_check.c) -------------------------------------------------------- */

struct store;

/* With a database (s not NULL): every locator of the session (its filter, each slide's,
 * each panel's filter and compare locators) names values the database holds; else -1
 * with "FILE:LINE:COL: filter 'agency=XXCUS': unknown agency 'XXCUS'" in err. */
int present_check_locators(const struct session *ss, struct store *s, char *err, size_t errsz);

/* Draws every slide of ss at cols x rows as it would be presented (with s's data: how many
 * rows a panel needs depends on it) and writes a line to msgs for each slide whose panels
 * cannot show their content: "FILE:LINE:1: at 80x24, slide 4 'By agency' does not show
 * everything: matrix: 12 row and 0 column labels cut".  Returns how many slides lose
 * something, or -1 when a slide cannot be drawn (said in msgs). */
int present_check_fit(const struct session *ss, int cols, int rows, struct store *s, FILE *msgs);

/* The same in one line for the status line ("at 80x24 slides 2, 4 cannot show
 * everything (opdeck check --size 80x24 for what)"), "" when everything fits. */
void present_fit_summary(const struct session *ss, struct store *s, int cols, int rows, char *out, size_t n);

/* ---- drawing (present_draw.c) --------------------------------------------------------- */

/* What the chrome of a presented slide says besides the state. */
struct present_chrome {
	const char *caption;  /* the filters in words, generated (view_filter_words) */
	const char *message;  /* the status line: a message, a reload error, or NULL for the hints */
	int message_role;
	const char *crumbs;   /* drilled inside the slide: "Results at a glance › Drugs", else NULL */
};

/* The rows a presented slide leaves to its panels (between the title and the caption). */
struct canvas_rect present_body(const struct canvas *c);

/* Draws the top line (session title · subtitle, clocks, k / N), the slide title (or the
 * breadcrumbs of a drill inside it), the caption with "data frozen as of …" and the
 * status line, around whatever the body holds. */
void present_draw_chrome(struct canvas *c, const struct present *p, double now, const struct present_chrome *ch);

/* The overview of all slides over the whole canvas: number, title, budget, "← now". */
void present_draw_overview(struct canvas *c, const struct present *p);

/* The role a clock state is drawn in. */
int present_clock_role(int clock);

#endif
