/*
 * room: the channel from a presenter to its followers (presenting over SSH).
 *
 * The presenter publishes its state, not its screen: which session, which slide, where
 * it has drilled within the slide, frozen or live, what is selected.  Each follower
 * renders that state at its own size, from its own read-only connection to the same
 * database.  Three parts, one header:
 *
 *   - the protocol (src/room_msg.c): one state per line, small, versioned, strict;
 *   - the channel (src/room.c): a Unix domain socket, the presenter listening, any
 *     number of followers connected; no curses, no SQLite;
 *   - the scope rules (src/room_msg.c): pure functions saying what a follower who broke
 *     away may reach, and how references and places are masked for followers.
 *
 * ## The protocol, version 2
 *
 *   opdeck-room 2 seq=12 session=/srv/opdeck/omd7.yaml slide=3 nslides=9 at=agency=VNCUS frozen=1 asof=2025-09-16%2009:00 sel=0,4,0 clock=1764626400000,1764627012500
 *
 * One line per state, ended by "\n" alone, at most ROOM_LINE_MAX bytes with the "\n".
 * The line starts with "opdeck-room", one space and the version; then fields KEY=VALUE
 * separated by exactly one space, each of the fields below exactly once, in any order:
 *   seq      1..ROOM_SEQ_MAX, grows with every state a presenter publishes (a follower
 *            drops a state whose seq is not above the last one on the same connection;
 *            a restarted presenter counts from 1 again on a new connection)
 *   session  the session file, an absolute path (the follower loads it itself)
 *   slide    1..nslides, the slide shown
 *   nslides  1..ROOM_MAX_SLIDES
 *   at       the locator of the drill-down within the slide (include/locator.h), empty
 *            for the slide itself; must parse with locator_parse
 *   frozen   0 live, 1 the presenter froze the data
 *   asof     what frozen figures are as of, as the presenter shows it ("2025-09-16 09:00",
 *            at most ROOM_ASOF_MAX - 1 bytes); empty when live
 *   sel      PANEL,ITEM,COLUMN: the focused panel of the screen (0..SESSION_MAX_PANELS-1),
 *            the selected item in it and the selected column (matrices; else 0)
 *   clock    SESSION,SLIDE: when the presenter's session clock and this slide's clock
 *            read 0:00, in milliseconds of the wall clock (Unix time, 0..ROOM_CLOCK_MAX).
 *            Anchors rather than elapsed times: they stay true while the slide stays, so
 *            a follower that joins late (and gets the last state published) counts from
 *            where the presenter is, not from when it joined.  The room is a Unix socket,
 *            so both sides read the same wall clock.
 * Version 1 was the same without clock; its messages are dropped as another version.
 * Numbers are decimal digits without sign or leading zeros.  In session, at and asof, every
 * byte that is not printable ASCII, and ' ' and '%', is written %HH; '%' must start
 * such an escape, %00 is refused, and the decoded text may hold no control character.
 * Anything else — another first word, another version, an unknown or repeated field, a
 * missing one, a bad number, a bad locator, a CR, an overlong line — drops the whole
 * message with a note for the follower's status line.  There is no field that names a
 * database, a command, a file to write or a scope: nothing in a message widens what a
 * follower may see or makes it run anything.  The presenter never reads what a follower
 * sends (its side of each connection is shut for reading).
 *
 * ## The socket
 *
 * A room is a NAME ([A-Za-z0-9][A-Za-z0-9._-]*, at most 64) or a PATH (anything with a
 * '/').  NAME is $XDG_RUNTIME_DIR/opdeck/NAME.sock, or /tmp/opdeck-UID/NAME.sock when
 * XDG_RUNTIME_DIR is not set; that directory is created 0700 and must be ours and 0700.
 * A PATH is a shared room: its directory must exist, belong to us (or root), and be
 * writable by nobody else unless it has the sticky bit.  The socket is created 0600,
 * or 0660 with the directory's group when the directory is ours and grants its group
 * search permission (install -d -m 2750 -g delegates /srv/opdeck).  A socket left by a
 * crashed presenter (connect refused) is replaced; a live one is an error ("already
 * presented"); a file or socket of another user is never reused or removed.  A follower
 * connects only to a socket whose owner is itself, root or the owner of the socket's
 * directory, and only when the process listening on it runs as the socket's owner.
 */
#ifndef OPDECK_ROOM_H
#define OPDECK_ROOM_H

#include <stddef.h>

#define ROOM_PROTOCOL 2
#define ROOM_LINE_MAX 4096       /* bytes of one message, "\n" included */
#define ROOM_SESSION_MAX 1024    /* bytes of the decoded session path, NUL included */
#define ROOM_AT_MAX 1024         /* bytes of the decoded locator, NUL included */
#define ROOM_NAME_MAX 64
#define ROOM_MAX_SLIDES 999
#define ROOM_MAX_FOLLOWERS 256   /* one more connection is accepted and closed at once */
#define ROOM_SEQ_MAX 999999999999999ULL
#define ROOM_ASOF_MAX 40         /* bytes of the decoded asof, NUL included */
#define ROOM_ITEM_MAX 999999
#define ROOM_COLUMN_MAX 9999
#define ROOM_CLOCK_MAX 999999999999999LL /* milliseconds since 1970: far beyond any wall clock */

/* The presenter's state: the seam between the app (which fills it, or shows it) and
 * the channel.  Plain data, copied freely. */
struct room_state {
	unsigned long long seq;       /* set by room_publish; 1.. */
	char session[ROOM_SESSION_MAX]; /* absolute path of the session file */
	int slide, nslides;           /* 1-based slide of nslides */
	char at[ROOM_AT_MAX];         /* locator text within the slide; "" for the slide */
	int frozen;                   /* 0 or 1 */
	char asof[ROOM_ASOF_MAX];     /* what frozen figures are as of; "" when live */
	int panel, item, column;      /* the selection: focused panel, item, column */
	long long clock_session;      /* wall-clock ms when the session's clock read 0:00 */
	long long clock_slide;        /* wall-clock ms when this slide's clock read 0:00 */
};

/* ---- protocol (room_msg.c) ------------------------------------------------------- */

/* Writes st as one line with its "\n" into out; returns the length, or -1 when st is
 * not valid (the same rules as room_parse) or does not fit in outsz or ROOM_LINE_MAX. */
int room_format(const struct room_state *st, char *out, size_t outsz);

/*
 * Parses one line (len bytes, without its "\n"; a NUL inside is refused).  On success
 * fills *st and returns 0; otherwise returns -1, leaves *st as it was, and writes a
 * short terminal-safe note ("unknown field 'scope'") to note.
 */
int room_parse(const char *line, size_t len, struct room_state *st, char *note, size_t notesz);

/* ---- channel (room.c) ------------------------------------------------------------ */

struct room; /* opaque: a presenter's socket and followers, or a follower's connection */

/* What room_poll reports (a bit mask; 0: nothing happened). */
enum {
	ROOM_EV_STATE = 1, /* follower: *st holds the newest state received */
	ROOM_EV_NOTE = 2,  /* note holds a message for the status line (a message dropped...) */
	ROOM_EV_UP = 4,    /* follower: connected to the presenter */
	ROOM_EV_DOWN = 8,  /* follower: the presenter went away; reconnecting by itself */
};

/* The socket path of a room NAME or PATH into out; -1 with err for a bad name, a path
 * too long for a socket, or no usable directory. */
int room_path(const char *room, char *out, size_t outsz, char *err, size_t errsz);

/*
 * The presenter's side: creates the room's socket (see above for the permissions and
 * the stale-socket rule) and listens.  NULL with err ("opdeck: PATH: what") on failure.
 * room_close unlinks the socket if it is still the one this room created.
 */
struct room *room_present(const char *room, char *err, size_t errsz);

/* The follower's side: never waits and does not fail because no presenter is there yet;
 * room_poll connects, and reconnects with a backoff (100 ms doubling to 2 s) whenever the
 * presenter goes away.  NULL with err only for a bad room name or path. */
struct room *room_follow(const char *room, char *err, size_t errsz);

void room_close(struct room *r);

/*
 * For the caller's poll/select loop: wait until room_fd(r) is readable (it may be -1:
 * then only the timeout) or room_timeout(r) milliseconds pass (-1: no timeout), then
 * call room_poll.  The presenter's fd covers its listening socket and every follower
 * (an epoll descriptor); the follower's is its connection.
 */
int room_fd(const struct room *r);
int room_timeout(const struct room *r);

/*
 * Does what is due without blocking: the presenter accepts followers (sending them the
 * current state at once), finishes sends to followers that drained and drops the ones
 * that left; the follower reads every complete line available (keeping the newest
 * valid state in *st) and connects or reconnects when due.  Returns ROOM_EV_* bits.
 */
int room_poll(struct room *r, struct room_state *st, char *note, size_t notesz);

/*
 * The presenter publishes st (its seq is assigned here): a non-blocking send to every
 * follower.  A follower whose socket buffer is full is skipped and gets the newest state
 * when it drains; per follower at most one line is ever held.  Returns the number of
 * followers the whole line reached now, or -1 when st is not valid.
 */
int room_publish(struct room *r, const struct room_state *st);

int room_followers(const struct room *r);  /* presenter: connected followers */
/* presenter: bytes held for followers that could not take them yet (at most one line each:
 * the bound that keeps a stopped follower from growing the presenter) */
size_t room_backlog(const struct room *r);
int room_connected(const struct room *r);  /* follower: 1 while connected */
const char *room_socket(const struct room *r); /* the socket path */

/* ---- the follower's status line (room_msg.c) -------------------------------------- */

/* Where a follower stands, for its status line (MOCKUPS.md "A delegate following"). */
struct room_status {
	int connected;          /* room_connected() */
	int have_state;         /* a state was received (st is meaningful) */
	int on_own;             /* broke away with '.' */
	const struct room_state *st; /* the newest state received, or NULL */
};

/* "waiting for the presenter", "following · slide 2 / 7", "on your own · . to rejoin
 * (presenter on slide 4)", "presenter away · reconnecting" (the last screen stays).
 * Give it ROOM_STATUS_MAX bytes (a smaller out is cut by bytes, still NUL-terminated). */
#define ROOM_STATUS_MAX 96
void room_status_text(const struct room_status *rs, char *out, size_t outsz);

/* ---- what followers may see (room_msg.c) ------------------------------------------ */

/* What a screen shows, for the scope rules. */
enum room_view {
	ROOM_VIEW_SLIDE,      /* one of the session's slides as the session lays it out */
	ROOM_VIEW_AGGREGATE,  /* any figure: a drill-down of counts and sums */
	ROOM_VIEW_CASE_LIST,  /* a list of cases (a case-list screen or a cases panel) */
	ROOM_VIEW_CASE,       /* one case in detail */
	ROOM_VIEW_COUNT
};

/* 1 when a follower of a session with follower_scope scope (enum session_scope) may reach
 * view on its own; an unknown scope or view is refused.  The presenter is never asked. */
int room_scope_allows(int scope, int view);

/* The kind of screen a locator opens: case=... a case, search=... a case list, any other
 * (or none) figures.  loc may be NULL (the home). */
struct locator;
int room_locator_view(const struct locator *loc);

/* Masks a case reference for followers when the session says mask: the phase and agency
 * stay, the serial goes: "OMD7-VNCUS-0412" -> "OMD7-VNCUS-••••"; a reference without two
 * '-' becomes "••••".  Returns the length written, -1 when it does not fit (out is then ""). */
int room_mask_ref(const char *ref, char *out, size_t outsz);

/* Masks a place (location, free text naming one) for followers: "••••" whatever it was
 * (the country of detection stays available as a dimension).  As room_mask_ref. */
int room_mask_place(const char *place, char *out, size_t outsz);

#endif
