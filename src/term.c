/*
 * term: the curses backend, and the only file that includes <curses.h>.
 *
 * Drawing: term_draw copies every canvas cell into stdscr and calls doupdate(); curses
 * compares with what the terminal already shows and sends only the changed cells,
 * which is what keeps a one-figure refresh small over SSH.  Nothing here clears the
 * screen unless asked for a full repaint.
 *
 * Input: term_read waits in poll() on stdin rather than inside curses, because poll is
 * interrupted by every signal (our handlers are installed without SA_RESTART), so a
 * SIGTERM or SIGHUP is acted on at once, and because poll tells us when the terminal is
 * gone (POLLHUP/POLLERR, or readable with nothing to read): then we report TERM_EV_QUIT
 * instead of spinning on EOF.  Keys already read ahead by curses are taken first.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP only set a flag, which term_read reports as
 * TERM_EV_QUIT; the app then leaves through term_close.  A second such signal while
 * the first is still pending means the loop is stuck: the handler restores the saved
 * tty modes and the normal screen with async-signal-safe calls only (tcsetattr, write)
 * and dies of the signal.  SIGTSTP is left to curses (it calls endwin, stops, and
 * restores the screen on resume); our SIGCONT handler sets a flag so that term_read
 * picks up a size that changed while we were stopped (no SIGWINCH reaches a stopped
 * background job) and reports TERM_EV_REDRAW for a full repaint.  SIGWINCH is curses'
 * own: it turns into KEY_RESIZE.
 *
 * Locale: main() must have called setlocale(LC_ALL, "") before term_open; in a
 * non-UTF-8 locale cells are drawn with ASCII stand-ins so that columns still line up.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include "term.h"
#include "text.h"
#include "xmalloc.h"

#include <curses.h>

#include <errno.h>
#include <langinfo.h>
#include <strings.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* One terminal per process: this is its state, owned here and nowhere else. */
static SCREEN *screen;             /* owned; NULL when closed */
static int is_open;
static int depth;                  /* 0, 8, 16, 256 */
static int default_colors;         /* use_default_colors() worked: -1 is allowed */
static int utf8;
static struct canvas_palette palette;
static int have_palette;
static int atexit_done;

static volatile sig_atomic_t quit_pending;
static volatile sig_atomic_t cont_pending;
static struct termios saved_tty;   /* shell modes, for the emergency restore */
static int saved_tty_ok;
static char emergency[128];        /* rmcup + cnorm + mouse off, written on a stuck quit */
static size_t emergency_len;
static struct sigaction old_int, old_term, old_hup, old_cont;

static void on_quit(int sig)
{
	if (quit_pending) {
		/* The loop did not react to the first signal: restore what we can and die. */
		int e = errno;
		if (saved_tty_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		if (emergency_len && write(STDOUT_FILENO, emergency, emergency_len) < 0)
			errno = e;
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	quit_pending = 1;
}

static void on_cont(int sig)
{
	(void)sig;
	cont_pending = 1;
}

static void emergency_add(const char *cap)
{
	const char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (emergency_len + n < sizeof emergency) {
		memcpy(emergency + emergency_len, s, n);
		emergency_len += n;
	}
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: poll() must wake up */
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, &old_cont);
}

static void restore_signals(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGCONT, &old_cont, NULL);
}

/* A colour number valid at the current depth, or the default. */
static short colour(short n, int is_bg)
{
	if (n >= 0 && n < COLORS)
		return n;
	if (default_colors)
		return -1;
	return is_bg ? COLOR_BLACK : COLOR_WHITE;
}

static void apply_palette(void)
{
	if (!is_open || depth == 0)
		return;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct canvas_style *st = &palette.role[r];
		short fg = depth == 256 ? st->fg256 : depth == 16 ? st->fg16 : st->fg8;
		short bg = depth == 256 ? st->bg256 : depth == 16 ? st->bg16 : st->bg8;
		init_pair((short)(r + 1), colour(fg, 0), colour(bg, 1));
	}
}

__attribute__((format(printf, 3, 4)))
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

int term_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	/* glibc says "UTF-8"; other C libraries may spell it "utf8" or "UTF8". */
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

static void close_at_exit(void)
{
	term_close();
}

/* Out of memory (xmalloc): curses may need memory to shut down, so restore the shell's
 * modes and leave the alternate screen by hand, as the stuck-signal path does. */
static void restore_for_fatal(void)
{
	if (!is_open)
		return;
	is_open = 0;
	if (saved_tty_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	if (emergency_len && write(STDOUT_FILENO, emergency, emergency_len) < 0) {
		/* nothing more to try */
	}
	restore_signals();
}

int term_open(struct term_caps *caps, char *err, size_t errsz)
{
	const char *t = getenv("TERM"), *nc = getenv("NO_COLOR");
	const char *cup;

	if (is_open) {
		set_err(err, errsz, "%s", "the terminal is already open");
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		set_err(err, errsz, "%s", "not a terminal: stdin/stdout must be a terminal; "
		        "use `opdeck render` for output to files");
		return -1;
	}
	if (!t || !*t) {
		set_err(err, errsz, "%s", "TERM is not set; set it to your terminal type "
		        "(e.g. TERM=xterm-256color) or use `opdeck render`");
		return -1;
	}
	if (strcmp(t, "dumb") == 0) {
		set_err(err, errsz, "%s", "TERM=dumb cannot draw the dashboard; set TERM to your "
		        "terminal type (e.g. xterm-256color) or use `opdeck render`");
		return -1;
	}
	saved_tty_ok = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	utf8 = term_locale_utf8();

	fflush(stdout);
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		set_err(err, errsz, "unknown terminal type '%s' (no terminfo entry); try "
		        "TERM=xterm-256color or use `opdeck render`", t);
		return -1;
	}
	set_term(screen);
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		endwin();
		delscreen(screen);
		screen = NULL;
		set_err(err, errsz, "terminal type '%s' cannot move the cursor; use `opdeck render`", t);
		return -1;
	}
	emergency_len = 0;
	emergency_add("rmcup");
	emergency_add("cnorm");
	emergency_add("sgr0");
	{
		/* xterm mouse modes: endwin turns them off, the emergency path must too */
		static const char off[] = "\033[?1000l\033[?1002l\033[?1006l";
		if (emergency_len + sizeof off - 1 < sizeof emergency) {
			memcpy(emergency + emergency_len, off, sizeof off - 1);
			emergency_len += sizeof off - 1;
		}
	}

	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	/* Home and End as tmux, screen and vt220-style terminals send them (ESC [1~, ESC [4~,
	 * also ESC [7~ / ESC [8~ from rxvt), whatever TERM's terminfo says. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[8~", KEY_END);
	curs_set(0);
	set_escdelay(25);
	mouseinterval(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);

	depth = 0;
	default_colors = 0;
	if ((!nc || !*nc) && has_colors() && start_color() == OK) {
		default_colors = use_default_colors() == OK;
		if (COLOR_PAIRS > ROLE_COUNT)
			depth = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
	}
	is_open = 1;
	quit_pending = 0;
	cont_pending = 0;
	install_signals();
	xmalloc_set_fatal_hook(restore_for_fatal);
	if (!atexit_done && atexit(close_at_exit) == 0)
		atexit_done = 1;
	if (!have_palette) {
		canvas_palette_plain(&palette); /* until the app sets its theme */
		have_palette = 1;
	}
	apply_palette();
	if (caps) {
		caps->utf8 = utf8;
		caps->colors = depth;
	}
	return 0;
}

void term_close(void)
{
	if (!is_open)
		return;
	is_open = 0;
	xmalloc_set_fatal_hook(NULL);
	endwin(); /* also turns the mouse off and leaves the alternate screen */
	fflush(stdout);
	delscreen(screen);
	screen = NULL;
	restore_signals();
}

void term_size(int *cols, int *rows)
{
	int c = 0, r = 0;

	if (is_open)
		getmaxyx(stdscr, r, c);
	if (cols)
		*cols = c;
	if (rows)
		*rows = r;
}

void term_set_palette(const struct canvas_palette *p)
{
	if (!p)
		return;
	palette = *p;
	have_palette = 1;
	apply_palette();
}

/* ASCII stand-ins for a non-UTF-8 locale, where curses cannot show anything else. */
static char ascii_for(uint32_t cp)
{
	static const struct { uint32_t cp; char c; } map[] = {
		{ 0x00B2, '2' }, { 0x00B3, '3' }, { 0x00B7, '.' }, { 0x2013, '-' },
		{ 0x2014, '-' }, { 0x2022, '*' }, { 0x2026, '.' }, { 0x203A, '>' },
		{ 0x2039, '<' }, { 0x2190, '<' }, { 0x2191, '^' }, { 0x2192, '>' },
		{ 0x2193, 'v' }, { 0x2500, '-' }, { 0x2502, '|' }, { 0x250C, '+' },
		{ 0x2510, '+' }, { 0x2514, '+' }, { 0x2518, '+' }, { 0x25B6, '>' },
		{ 0x25CF, '*' }, { 0x25CC, ' ' },
	};

	if (cp >= 0x20 && cp < 0x7F)
		return (char)cp;
	if (cp >= 0x2581 && cp <= 0x2588)
		return '#'; /* lower blocks */
	if (cp >= 0x2589 && cp <= 0x258F)
		return '#'; /* left blocks */
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].cp == cp)
			return map[i].c;
	if (cp >= 0x2400 && cp <= 0x2421)
		return '^'; /* control pictures */
	return '?';
}

static attr_t curses_attr(int bits)
{
	attr_t a = A_NORMAL;

	if (bits & CANVAS_BOLD)
		a |= A_BOLD;
	if (bits & CANVAS_REVERSE)
		a |= A_REVERSE;
	if (bits & CANVAS_UNDERLINE)
		a |= A_UNDERLINE;
	return a;
}

/*
 * Draws one cell.  In a UTF-8 locale the glyph goes in as a cchar_t; when the C
 * library measures it differently from our table (another Unicode version), a
 * replacement character keeps the columns where the canvas put them.
 */
static void draw_cell(int x, int y, const struct canvas_cell *cell, attr_t a, short pair)
{
	const char *g = cell->glyph[0] ? cell->glyph : " ";
	size_t len = strlen(g), i = 0;
	wchar_t wch[CCHARW_MAX + 1];
	int n = 0;
	cchar_t cc;

	if (!utf8) {
		uint32_t cp;
		text_decode(g, len, &cp);
		mvaddch(y, x, (chtype)(unsigned char)ascii_for(cp) | a | (chtype)COLOR_PAIR(pair));
		if (cell->width == 2 && x + 1 < COLS)
			mvaddch(y, x + 1, (chtype)' ' | a | (chtype)COLOR_PAIR(pair));
		return;
	}
	while (i < len && n < CCHARW_MAX) {
		uint32_t cp;
		i += text_decode(g + i, len - i, &cp);
		wch[n++] = (wchar_t)cp;
	}
	wch[n] = L'\0';
	int lw = wcwidth(wch[0]);
	if (lw != cell->width) {
		if (lw == 1 && cell->width == 2 && x + 1 < COLS) {
			/* narrower for libc: draw it, then a space on the second column */
			wchar_t sp[2] = { L' ', L'\0' };
			setcchar(&cc, sp, a, pair, NULL);
			mvadd_wch(y, x + 1, &cc);
		} else {
			wch[0] = (wchar_t)TEXT_REPLACEMENT;
			wch[1] = L'\0';
		}
	}
	if (setcchar(&cc, wch, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

void term_draw(const struct canvas *c, int full)
{
	int rows, cols;

	if (!is_open || !c || !c->cells)
		return;
	getmaxyx(stdscr, rows, cols);
	for (int y = 0; y < c->rows && y < rows; y++) {
		for (int x = 0; x < c->cols && x < cols; x++) {
			const struct canvas_cell *cell = &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
			int role = cell->role < ROLE_COUNT ? cell->role : ROLE_NORMAL;
			const struct canvas_style *st = &palette.role[role];
			int bits = cell->attr | (have_palette ? st->attr : 0);
			short pair = depth ? (short)(role + 1) : 0;

			if (cell->width == 0)
				continue;
			if (depth == 0 && have_palette)
				bits |= st->mono_attr;
			if (cell->width == 2 && x + 1 >= cols)
				continue;
			draw_cell(x, y, cell, curses_attr(bits), pair);
		}
		if (c->cols < cols) {
			move(y, c->cols);
			clrtoeol();
		}
	}
	if (c->rows < rows) {
		move(c->rows, 0);
		clrtobot();
	}
	if (full)
		clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
	doupdate();
}

/* 64 bits: a 32-bit long of milliseconds since boot overflows after 24 days. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Maps a curses key to an event; 0 when the key means nothing to us (read on). */
static int map_key(int r, wint_t ch, struct term_event *ev)
{
	ev->kind = TERM_EV_KEY;
	if (r == OK) {
		switch (ch) {
		case '\r': case '\n': ev->key = TERM_KEY_ENTER; return 1;
		case 127: case 8: ev->key = TERM_KEY_BACKSPACE; return 1;
		case 27: ev->key = TERM_KEY_ESC; return 1;
		case '\t': ev->key = TERM_KEY_TAB; return 1;
		default:
			if (ch > 0x10FFFF)
				return 0;
			ev->key = (int)ch;
			return 1;
		}
	}
	switch (ch) {
	case KEY_UP: ev->key = TERM_KEY_UP; return 1;
	case KEY_DOWN: ev->key = TERM_KEY_DOWN; return 1;
	case KEY_LEFT: ev->key = TERM_KEY_LEFT; return 1;
	case KEY_RIGHT: ev->key = TERM_KEY_RIGHT; return 1;
	case KEY_ENTER: ev->key = TERM_KEY_ENTER; return 1;
	case KEY_BACKSPACE: ev->key = TERM_KEY_BACKSPACE; return 1;
	case KEY_BTAB: ev->key = TERM_KEY_BTAB; return 1;
	case KEY_PPAGE: ev->key = TERM_KEY_PGUP; return 1;
	case KEY_NPAGE: ev->key = TERM_KEY_PGDN; return 1;
	case KEY_HOME: case KEY_A1: case KEY_FIND: ev->key = TERM_KEY_HOME; return 1;
	case KEY_END: case KEY_C1: case KEY_SELECT: ev->key = TERM_KEY_END; return 1;
	case KEY_DC: ev->key = TERM_KEY_DELETE; return 1;
	case KEY_F(1): ev->key = TERM_KEY_F1; return 1;
	case KEY_RESIZE:
		ev->kind = TERM_EV_RESIZE;
		return 1;
	case KEY_MOUSE: {
		MEVENT me;
		if (getmouse(&me) != OK)
			return 0;
		ev->kind = TERM_EV_MOUSE;
		ev->x = me.x;
		ev->y = me.y;
		if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
			ev->button = 1;
		else if (me.bstate & BUTTON4_PRESSED)
			ev->button = 4;
		else if (me.bstate & BUTTON5_PRESSED)
			ev->button = 5;
		else
			return 0;
		return 1;
	}
	default:
		return 0;
	}
}

/* After SIGCONT: the window may have changed size while we were stopped. */
static void resync_size(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0 &&
	    (ws.ws_col != COLS || ws.ws_row != LINES))
		resizeterm(ws.ws_row, ws.ws_col);
}

void term_read(int timeout_ms, struct term_event *ev)
{
	term_read_fd(timeout_ms, -1, ev);
}

void term_read_fd(int timeout_ms, int fd, struct term_event *ev)
{
	int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	int idle_reads = 0;

	memset(ev, 0, sizeof *ev);
	ev->kind = TERM_EV_NONE;
	if (!is_open) {
		ev->kind = TERM_EV_QUIT;
		return;
	}
	for (;;) {
		struct pollfd pfds[2] = { { STDIN_FILENO, POLLIN, 0 }, { fd, POLLIN, 0 } };
		struct pollfd *pfd = pfds;
		wint_t ch;
		int r, wait;

		if (quit_pending) {
			quit_pending = 0;
			ev->kind = TERM_EV_QUIT;
			return;
		}
		if (cont_pending) {
			cont_pending = 0;
			resync_size();
			ev->kind = TERM_EV_REDRAW;
			return;
		}
		/* Keys curses already holds (read ahead, or KEY_RESIZE after SIGWINCH). */
		wtimeout(stdscr, 0);
		r = wget_wch(stdscr, &ch);
		if (r != ERR) {
			idle_reads = 0;
			if (map_key(r, ch, ev))
				return;
			continue;
		}
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left <= 0)
				return; /* TERM_EV_NONE */
			wait = left > 60000 ? 60000 : (int)left;
		} else {
			wait = -1;
		}
		r = poll(pfds, fd >= 0 ? 2 : 1, wait);
		if (r < 0) {
			if (errno == EINTR)
				continue; /* a signal: the flags or curses' KEY_RESIZE tell which */
			ev->kind = TERM_EV_QUIT;
			return;
		}
		if (r == 0)
			continue; /* the deadline check above returns */
		if (fd >= 0 && pfds[1].revents)
			return; /* TERM_EV_NONE: the caller's descriptor wants attention */
		if (pfd->revents & (POLLHUP | POLLERR | POLLNVAL)) {
			ev->kind = TERM_EV_QUIT; /* the terminal went away (SSH dropped) */
			return;
		}
		/* Readable: curses reads it on the next turn.  Readable again and again with
		 * nothing to show for it is EOF on a dead terminal. */
		if (++idle_reads > 8 || !isatty(STDIN_FILENO)) {
			ev->kind = TERM_EV_QUIT;
			return;
		}
	}
}
