/*
 * term: the only module that talks to curses.  It opens the terminal (newterm, so a
 * bad TERM is an error we report rather than an exit inside curses), copies canvases to
 * the screen (curses sends only the cells that changed), reads keys and mouse, and turns
 * signals into events: the handlers only set flags, term_read() reports them.
 *
 * Ownership: a single terminal per process; term_open/term_close bracket its use and
 * term_close is safe to call more than once (the app calls it on every exit path).
 */
#ifndef OPDECK_TERM_H
#define OPDECK_TERM_H

#include <stddef.h>

#include "canvas.h"

/* Key codes above Unicode for the keys that have no character. */
enum term_key {
	TERM_KEY_UP = 0x110000, TERM_KEY_DOWN, TERM_KEY_LEFT, TERM_KEY_RIGHT,
	TERM_KEY_ENTER, TERM_KEY_BACKSPACE, TERM_KEY_ESC, TERM_KEY_TAB, TERM_KEY_BTAB,
	TERM_KEY_PGUP, TERM_KEY_PGDN, TERM_KEY_HOME, TERM_KEY_END, TERM_KEY_DELETE,
	TERM_KEY_F1
};

enum term_event_kind {
	TERM_EV_NONE,    /* timeout: nothing happened */
	TERM_EV_KEY,     /* key: a Unicode code point (Ctrl-X as 1..26) or a TERM_KEY_* */
	TERM_EV_MOUSE,   /* x, y (0-based screen cells), button: 1 left, 4 wheel up, 5 wheel down */
	TERM_EV_RESIZE,  /* the size changed: redraw at term_size() */
	TERM_EV_REDRAW,  /* resumed after SIGTSTP/SIGCONT: repaint everything */
	TERM_EV_QUIT     /* SIGINT, SIGTERM, SIGHUP, or the terminal went away (EOF) */
};

struct term_event {
	int kind;
	int key;
	int x, y, button;
};

struct term_caps {
	int utf8;   /* the locale is UTF-8: line drawing and blocks may be used */
	int colors; /* 0 (monochrome, also under NO_COLOR), 8, 16 or 256 */
};

/*
 * Opens the terminal on stdin/stdout.  Fails (returning -1 with the reason in err) when
 * they are not terminals, TERM is unset, unknown or "dumb", or curses cannot start.
 * The terminal is restored by term_close(), also after a fatal signal.
 *
 * main() must call setlocale(LC_ALL, "") before: caps->utf8 comes from the locale's
 * codeset, and curses needs it for wide characters.  In a non-UTF-8 locale (LANG=C)
 * the app should draw its canvas in ASCII mode; term_draw shows any other character
 * as an ASCII stand-in ("?" for letters) so columns stay aligned.  NO_COLOR (set and
 * non-empty) gives caps->colors == 0.  term_open registers term_close with atexit(),
 * so exit() anywhere restores the terminal.
 */
int term_open(struct term_caps *caps, char *err, size_t errsz);

/* The locale's codeset is UTF-8 (after setlocale): the one test the dashboard, render and
 * term_open use to choose between UTF-8 and ASCII drawing. */
int term_locale_utf8(void);
void term_close(void);

/* Current size in cells. */
void term_size(int *cols, int *rows);

/* Sets the colours used by term_draw (a copy is made). */
void term_set_palette(const struct canvas_palette *p);

/* Copies the canvas to the screen and updates it. full != 0 repaints every cell
 * (after a resume or when the screen may be damaged). */
void term_draw(const struct canvas *c, int full);

/* Waits up to timeout_ms (-1: forever) for the next event.  Signals are reported at
 * once (TERM_EV_QUIT, or TERM_EV_REDRAW after `fg`, already at the new size); a
 * terminal that went away (EOF, hang-up) gives TERM_EV_QUIT. */
void term_read(int timeout_ms, struct term_event *ev);

/* The same, also waking (TERM_EV_NONE) as soon as fd (>= 0; -1: none) is readable: a
 * follower's room connection is served by the same loop as its keys. */
void term_read_fd(int timeout_ms, int fd, struct term_event *ev);

#endif
