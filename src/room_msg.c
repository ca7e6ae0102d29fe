/*
 * room_msg: the room protocol's one line per state, and the scope rules for followers.
 * The grammar is in include/room.h.  Decisions made here:
 *
 *  - Parsing is all or nothing into a local struct: a message with one bad field changes
 *    nothing on the follower's screen.  Every field is required, so a message can never
 *    mean "keep what you had" for one part and the new value for another.
 *  - The note for a dropped message names the field and quotes (text_quote) at most 31
 *    bytes of the offending text: it goes to a status line.
 *  - Values are escaped more than strictly needed (every non-ASCII byte too): the line
 *    stays printable ASCII, so a line captured in a log or a test reads as it is.
 *  - The masks keep what a follower may see anyway as an aggregate (phase and agency of
 *    a reference) and nothing else; the serial's length is not kept either.
 */
#include "room.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locator.h"
#include "session.h"
#include "text.h"

static const char room_magic[] = "opdeck-room";
static const char room_bullets[] = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"; /* •••• */

enum { F_SEQ, F_SESSION, F_SLIDE, F_NSLIDES, F_AT, F_FROZEN, F_ASOF, F_SEL, F_CLOCK, F_COUNT };
static const char *const room_fields[F_COUNT] = {
	"seq", "session", "slide", "nslides", "at", "frozen", "asof", "sel", "clock",
};

/* A short, terminal-safe copy of s[0..n) for a note (a status line): at most 32 bytes. */
static void room_quote(char *dst, size_t dsz, const char *s, size_t n)
{
	text_quote(s, n, dst, dsz < 32 ? dsz : 32);
}

/* note = what, or what 'v' when v is given (quoted). */
static void room_note(char *note, size_t notesz, const char *what, const char *v, size_t vn)
{
	char q[64];

	if (!note || !notesz)
		return;
	if (!v) {
		snprintf(note, notesz, "%s", what);
		return;
	}
	room_quote(q, sizeof q, v, vn);
	snprintf(note, notesz, "%s '%s'", what, q);
}

/* A decimal number without sign or leading zero, at most max; -1 otherwise. */
static int room_number(const char *s, size_t n, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Decodes a %HH-escaped value into out (outsz with the NUL); -1 for a bad escape, %00,
 * a decoded control byte or when it does not fit. */
static int room_unescape(const char *s, size_t n, char *out, size_t outsz)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int b = text_pct_decode(s + i, n - i);
			if (b < 0)
				return -1;
			c = (unsigned char)b;
			i += 2;
		}
		if (c < 0x20 || c == 0x7F || j + 1 >= outsz)
			return -1;
		out[j++] = (char)c;
	}
	out[j] = '\0';
	return 0;
}

/* Appends s escaped to out at *len; -1 when it does not fit. */
static int room_escape(const char *s, char *out, size_t outsz, size_t *len)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F)
			return -1;
		if (c > 0x20 && c < 0x7F && c != '%') {
			if (*len + 1 >= outsz)
				return -1;
			out[(*len)++] = (char)c;
		} else {
			if (*len + 3 >= outsz)
				return -1;
			text_pct_encode(c, out + *len);
			*len += 3;
		}
	}
	return 0;
}

/* The checks both room_parse and room_format make on a whole state; NULL when valid,
 * else the note. */
static const char *room_check(const struct room_state *st, char *buf, size_t bufsz)
{
	struct locator loc;
	char err[160];

	if (st->seq < 1 || st->seq > ROOM_SEQ_MAX)
		return "seq out of range";
	if (st->session[0] != '/')
		return "session is not an absolute path";
	if (st->nslides < 1 || st->nslides > ROOM_MAX_SLIDES)
		return "nslides out of range";
	if (st->slide < 1 || st->slide > st->nslides)
		return "slide is not within 1..nslides";
	if (st->frozen != 0 && st->frozen != 1)
		return "frozen is not 0 or 1";
	if (st->frozen != (st->asof[0] != '\0'))
		return "asof must be given when frozen and empty when live";
	if (st->panel < 0 || st->panel >= SESSION_MAX_PANELS || st->item < 0 ||
	    st->item > ROOM_ITEM_MAX || st->column < 0 || st->column > ROOM_COLUMN_MAX)
		return "sel out of range";
	if (st->clock_session < 0 || st->clock_session > ROOM_CLOCK_MAX || st->clock_slide < 0 ||
	    st->clock_slide > ROOM_CLOCK_MAX)
		return "clock out of range";
	if (locator_parse(st->at, &loc, err, sizeof err) < 0) {
		snprintf(buf, bufsz, "bad locator in 'at': %s", err);
		return buf;
	}
	locator_free(&loc);
	return NULL;
}

int room_format(const struct room_state *st, char *out, size_t outsz)
{
	char buf[200];
	size_t len;
	int n;

	if (!st || !out || outsz == 0 || memchr(st->session, '\0', sizeof st->session) == NULL ||
	    memchr(st->at, '\0', sizeof st->at) == NULL ||
	    memchr(st->asof, '\0', sizeof st->asof) == NULL || room_check(st, buf, sizeof buf))
		return -1;
	if (outsz > ROOM_LINE_MAX)
		outsz = ROOM_LINE_MAX;
	n = snprintf(out, outsz, "%s %d seq=%llu session=", room_magic, ROOM_PROTOCOL, st->seq);
	if (n < 0 || (size_t)n >= outsz)
		return -1;
	len = (size_t)n;
	if (room_escape(st->session, out, outsz, &len) < 0)
		return -1;
	n = snprintf(out + len, outsz - len, " slide=%d nslides=%d at=", st->slide, st->nslides);
	if (n < 0 || (size_t)n >= outsz - len)
		return -1;
	len += (size_t)n;
	if (room_escape(st->at, out, outsz, &len) < 0)
		return -1;
	n = snprintf(out + len, outsz - len, " frozen=%d asof=", st->frozen);
	if (n < 0 || (size_t)n >= outsz - len)
		return -1;
	len += (size_t)n;
	if (room_escape(st->asof, out, outsz, &len) < 0)
		return -1;
	n = snprintf(out + len, outsz - len, " sel=%d,%d,%d clock=%lld,%lld\n", st->panel, st->item, st->column,
	             st->clock_session, st->clock_slide);
	if (n < 0 || (size_t)n >= outsz - len)
		return -1;
	return (int)(len + (size_t)n);
}

/* clock=SESSION,SLIDE */
static int room_clock(const char *v, size_t n, struct room_state *st)
{
	const char *c = memchr(v, ',', n);
	unsigned long long a, b;

	if (!c || room_number(v, (size_t)(c - v), ROOM_CLOCK_MAX, &a) < 0 ||
	    room_number(c + 1, n - (size_t)(c + 1 - v), ROOM_CLOCK_MAX, &b) < 0)
		return -1;
	st->clock_session = (long long)a;
	st->clock_slide = (long long)b;
	return 0;
}

/* sel=PANEL,ITEM,COLUMN */
static int room_sel(const char *v, size_t n, struct room_state *st)
{
	const char *c1 = memchr(v, ',', n);
	const char *c2 = c1 ? memchr(c1 + 1, ',', n - (size_t)(c1 + 1 - v)) : NULL;
	unsigned long long p, i, c;

	if (!c1 || !c2 ||
	    room_number(v, (size_t)(c1 - v), SESSION_MAX_PANELS - 1, &p) < 0 ||
	    room_number(c1 + 1, (size_t)(c2 - c1 - 1), ROOM_ITEM_MAX, &i) < 0 ||
	    room_number(c2 + 1, n - (size_t)(c2 + 1 - v), ROOM_COLUMN_MAX, &c) < 0)
		return -1;
	st->panel = (int)p;
	st->item = (int)i;
	st->column = (int)c;
	return 0;
}

int room_parse(const char *line, size_t len, struct room_state *out, char *note, size_t notesz)
{
	struct room_state st;
	int seen[F_COUNT] = {0};
	size_t pos, mn = sizeof room_magic - 1;
	char buf[200];
	const char *why;

	if (note && notesz)
		note[0] = '\0';
	if (!line || !out) {
		room_note(note, notesz, "no message", NULL, 0);
		return -1;
	}
	if (len + 1 > ROOM_LINE_MAX) {
		room_note(note, notesz, "overlong message (over 4096 bytes)", NULL, 0);
		return -1;
	}
	if (memchr(line, '\0', len) || memchr(line, '\r', len) || memchr(line, '\n', len)) {
		room_note(note, notesz, "a NUL, CR or LF inside a message", NULL, 0);
		return -1;
	}
	if (len < mn + 2 || memcmp(line, room_magic, mn) != 0 || line[mn] != ' ') {
		room_note(note, notesz, "not a room message:", line, len);
		return -1;
	}
	pos = mn + 1;
	const char *vend = memchr(line + pos, ' ', len - pos);
	size_t vn = vend ? (size_t)(vend - line) - pos : len - pos;
	if (vn != 1 || line[pos] != '0' + ROOM_PROTOCOL) {
		/* An older presenter (or follower) is the likely case at a conference: say so. */
		char what[80];
		int older = vn == 1 && line[pos] >= '1' && line[pos] < '0' + ROOM_PROTOCOL;
		snprintf(what, sizeof what, older ? "older protocol (this opdeck speaks %d; update the other side):"
		                                  : "unknown protocol version (this opdeck speaks %d):", ROOM_PROTOCOL);
		room_note(note, notesz, what, line + pos, vn);
		return -1;
	}
	memset(&st, 0, sizeof st);
	pos += vn;
	while (pos < len) {
		if (line[pos] != ' ' || pos + 1 >= len || line[pos + 1] == ' ') {
			room_note(note, notesz, "fields must be separated by one space", NULL, 0);
			return -1;
		}
		pos++;
		const char *f = line + pos, *end = memchr(f, ' ', len - pos);
		size_t n = end ? (size_t)(end - f) : len - pos;
		const char *eq = memchr(f, '=', n);
		int k = -1;
		if (!eq) {
			room_note(note, notesz, "not KEY=VALUE:", f, n);
			return -1;
		}
		for (int i = 0; i < F_COUNT; i++)
			if (strlen(room_fields[i]) == (size_t)(eq - f) &&
			    memcmp(room_fields[i], f, (size_t)(eq - f)) == 0)
				k = i;
		if (k < 0) {
			room_note(note, notesz, "unknown field", f, (size_t)(eq - f));
			return -1;
		}
		if (seen[k]++) {
			room_note(note, notesz, "field given twice:", f, (size_t)(eq - f));
			return -1;
		}
		const char *v = eq + 1;
		size_t vlen = n - (size_t)(v - f);
		unsigned long long num = 0;
		int bad = 0;
		switch (k) {
		case F_SEQ:
			bad = room_number(v, vlen, ROOM_SEQ_MAX, &num) < 0 || num == 0;
			st.seq = num;
			break;
		case F_SESSION:
			bad = vlen == 0 || room_unescape(v, vlen, st.session, sizeof st.session) < 0;
			break;
		case F_SLIDE:
			bad = room_number(v, vlen, ROOM_MAX_SLIDES, &num) < 0;
			st.slide = (int)num;
			break;
		case F_NSLIDES:
			bad = room_number(v, vlen, ROOM_MAX_SLIDES, &num) < 0;
			st.nslides = (int)num;
			break;
		case F_AT:
			bad = room_unescape(v, vlen, st.at, sizeof st.at) < 0;
			break;
		case F_FROZEN:
			bad = room_number(v, vlen, 1, &num) < 0;
			st.frozen = (int)num;
			break;
		case F_ASOF:
			bad = room_unescape(v, vlen, st.asof, sizeof st.asof) < 0;
			break;
		case F_SEL:
			bad = room_sel(v, vlen, &st) < 0;
			break;
		case F_CLOCK:
			bad = room_clock(v, vlen, &st) < 0;
			break;
		}
		if (bad) {
			if (note && notesz)
				snprintf(note, notesz, "bad %s", room_fields[k]);
			room_quote(buf, sizeof buf, v, vlen);
			if (note && notesz && strlen(note) + strlen(buf) + 4 < notesz)
				snprintf(note + strlen(note), notesz - strlen(note), " '%s'", buf);
			return -1;
		}
		pos += n;
	}
	for (int i = 0; i < F_COUNT; i++) {
		if (!seen[i]) {
			if (note && notesz)
				snprintf(note, notesz, "field '%s' missing", room_fields[i]);
			return -1;
		}
	}
	if ((why = room_check(&st, buf, sizeof buf)) != NULL) {
		if (note && notesz)
			snprintf(note, notesz, "%s", why);
		return -1;
	}
	*out = st;
	return 0;
}

/* ---- status line -------------------------------------------------------------------- */

void room_status_text(const struct room_status *rs, char *out, size_t outsz)
{
	const struct room_state *st = rs && rs->have_state ? rs->st : NULL;

	if (!out || outsz == 0)
		return;
	if (!rs || (!rs->connected && !st))
		snprintf(out, outsz, "waiting for the presenter");
	else if (!rs->connected)
		snprintf(out, outsz, "presenter away \xC2\xB7 reconnecting");
	else if (!st)
		snprintf(out, outsz, "waiting for the presenter");
	else if (rs->on_own)
		snprintf(out, outsz, "on your own \xC2\xB7 . to rejoin (presenter on slide %d)", st->slide);
	else
		snprintf(out, outsz, "following \xC2\xB7 slide %d / %d", st->slide, st->nslides);
}

/* ---- scope rules -------------------------------------------------------------------- */

int room_scope_allows(int scope, int view)
{
	/* Rows: enum session_scope; columns: enum room_view.  Anything outside the table is
	 * refused, so a scope added later reaches nothing until it has its row. */
	static const unsigned char allows[][ROOM_VIEW_COUNT] = {
		[SESSION_SCOPE_SLIDES]     = {1, 0, 0, 0},
		[SESSION_SCOPE_AGGREGATES] = {1, 1, 0, 0},
		[SESSION_SCOPE_CASES]      = {1, 1, 1, 1},
	};
	if (scope < 0 || (size_t)scope >= sizeof allows / sizeof allows[0] || view < 0 ||
	    view >= ROOM_VIEW_COUNT)
		return 0;
	return allows[scope][view];
}

int room_locator_view(const struct locator *loc)
{
	int view = ROOM_VIEW_AGGREGATE;

	for (int i = 0; loc && i < loc->n; i++) {
		if (loc->item[i].key == LOCATOR_KEY_CASE)
			return ROOM_VIEW_CASE;
		if (loc->item[i].key == LOCATOR_KEY_SEARCH)
			view = ROOM_VIEW_CASE_LIST;
	}
	return view;
}

static int room_put(char *out, size_t outsz, const char *keep, size_t keepn)
{
	size_t bn = sizeof room_bullets - 1;

	if (!out || outsz == 0)
		return -1;
	if (keepn + bn + 1 > outsz) {
		out[0] = '\0';
		return -1;
	}
	memcpy(out, keep, keepn);
	memcpy(out + keepn, room_bullets, bn + 1);
	return (int)(keepn + bn);
}

int room_mask_ref(const char *ref, char *out, size_t outsz)
{
	const char *d1 = ref ? strchr(ref, '-') : NULL;
	const char *d2 = d1 ? strchr(d1 + 1, '-') : NULL;

	/* "OMD7--0412" or "-X-1" keep nothing: an empty part means this is not PHASE-AGENCY. */
	if (!d2 || d1 == ref || d2 == d1 + 1)
		return room_put(out, outsz, "", 0);
	return room_put(out, outsz, ref, (size_t)(d2 + 1 - ref));
}

int room_mask_place(const char *place, char *out, size_t outsz)
{
	(void)place; /* nothing of a place is kept: a village name can name a case */
	return room_put(out, outsz, "", 0);
}
