/* room: the protocol (round trip, every rejection), the scope rules and masks, and the
 * channel (permissions, stale sockets, restarts, a follower that never reads). */
#include "testutil.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#include "locator.h"
#include "room.h"
#include "session.h"

/* ---- helpers ------------------------------------------------------------------------ */

static struct room_state a_state(void)
{
	struct room_state st;
	memset(&st, 0, sizeof st);
	st.seq = 12;
	snprintf(st.session, sizeof st.session, "/srv/opdeck/omd7-closing.yaml");
	st.slide = 3;
	st.nslides = 9;
	snprintf(st.at, sizeof st.at, "phase=OMD7/agency=VNCUS");
	st.frozen = 1;
	snprintf(st.asof, sizeof st.asof, "2025-09-16 09:00");
	st.panel = 0;
	st.item = 4;
	st.column = 0;
	st.clock_session = 1764626400000LL;
	st.clock_slide = 1764627012500LL;
	return st;
}

static const char a_line[] =
	"opdeck-room 2 seq=12 session=/srv/opdeck/omd7-closing.yaml slide=3 nslides=9 "
	"at=phase=OMD7/agency=VNCUS frozen=1 asof=2025-09-16%2009:00 sel=0,4,0 "
	"clock=1764626400000,1764627012500";

/* Parses line, which must be refused, and returns the note. */
static const char *refused(const char *line)
{
	static char note[256];
	struct room_state st = a_state(), before = st;

	assert_int_equal(room_parse(line, strlen(line), &st, note, sizeof note), -1);
	assert_memory_equal(&st, &before, sizeof st); /* nothing changed */
	assert_true(note[0] != '\0');
	return note;
}

/* a_line with one field replaced (or added when it is not there). */
static const char *with(const char *key, const char *value)
{
	static char out[8192];
	char k[32];
	const char *p;

	snprintf(k, sizeof k, " %s=", key);
	p = strstr(a_line, k);
	if (!p) {
		snprintf(out, sizeof out, "%s%s%s", a_line, k, value);
		return out;
	}
	const char *end = strchr(p + 1, ' ');
	snprintf(out, sizeof out, "%.*s%s%s%s", (int)(p - a_line), a_line, k, value, end ? end : "");
	return out;
}

/* a_line without one field. */
static const char *without(const char *key)
{
	static char out[512];
	char k[32];
	snprintf(k, sizeof k, " %s=", key);
	const char *p = strstr(a_line, k), *end = strchr(p + 1, ' ');
	snprintf(out, sizeof out, "%.*s%s", (int)(p - a_line), a_line, end ? end : "");
	return out;
}

static void assert_contains(const char *s, const char *want)
{
	if (!strstr(s, want))
		fail_msg("'%s' does not contain '%s'", s, want);
}

/* Polls r (waiting on its fd and timeout, at most ms) until room_poll reports one of the
 * bits in want; returns the bits seen. */
static int wait_for(struct room *r, int want, struct room_state *st, char *note, size_t notesz,
                    int ms)
{
	int seen = 0;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		seen |= room_poll(r, st, note, notesz);
		if (seen & want)
			return seen;
		clock_gettime(CLOCK_MONOTONIC, &t);
		long el = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (el >= ms)
			return seen;
		struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
		int to = room_timeout(r);
		if (to < 0 || to > 50)
			to = 50;
		poll(&pf, pf.fd >= 0 ? 1 : 0, to);
	}
}

/* A fresh directory for one test's rooms (0700). */
static const char *room_dir(const char *name)
{
	const char *d = tu_path(name);
	mkdir(d, 0700);
	chmod(d, 0700);
	return d;
}

static const char *sock_in(const char *dir, const char *file)
{
	static char buf[4][512];
	static int i;
	char *p = buf[i++ % 4];
	snprintf(p, 512, "%s/%s", dir, file);
	return p;
}

/* ---- protocol ----------------------------------------------------------------------- */

static void test_format_writes_the_documented_line(void **state)
{
	struct room_state st = a_state();
	char line[ROOM_LINE_MAX];
	(void)state;

	int n = room_format(&st, line, sizeof line);
	assert_int_equal(n, (int)strlen(a_line) + 1);
	assert_int_equal(line[n - 1], '\n');
	line[n - 1] = '\0';
	assert_string_equal(line, a_line);
}

static void test_round_trip_with_escapes(void **state)
{
	struct room_state st = a_state(), back;
	char line[ROOM_LINE_MAX], note[128];
	(void)state;

	snprintf(st.session, sizeof st.session, "/home/ops/Review 100%% Đà Nẵng.yaml");
	snprintf(st.at, sizeof st.at, "transport=sea container/search=a%%2Fb%%3Dc");
	st.frozen = 0;
	memset(st.asof, 0, sizeof st.asof);
	st.panel = 15;
	st.item = ROOM_ITEM_MAX;
	st.column = 7;
	int n = room_format(&st, line, sizeof line);
	assert_true(n > 0);
	/* printable ASCII, one line */
	for (int i = 0; i < n - 1; i++)
		assert_true(line[i] > 0x20 ? line[i] < 0x7F : line[i] == ' ');
	assert_non_null(strstr(line, "session=/home/ops/Review%20100%25%20%C4%90%C3%A0%20N%E1%BA%B5ng.yaml "));
	assert_non_null(strstr(line, "at=transport=sea%20container/search=a%252Fb%253Dc "));
	assert_int_equal(room_parse(line, (size_t)n - 1, &back, note, sizeof note), 0);
	assert_string_equal(note, "");
	assert_memory_equal(&st, &back, sizeof st);
}

static void test_empty_at_is_the_slide_itself(void **state)
{
	struct room_state st;
	char note[128];
	(void)state;
	const char *l = with("at", "");
	assert_int_equal(room_parse(l, strlen(l), &st, note, sizeof note), 0);
	assert_string_equal(st.at, "");
	assert_int_equal(st.slide, 3);
}

static void test_fields_in_any_order(void **state)
{
	struct room_state st;
	const char *l = "opdeck-room 2 sel=1,2,3 clock=5,6 asof= frozen=0 at= nslides=2 slide=2 "
	                "session=/a.yaml seq=7";
	(void)state;
	assert_int_equal(room_parse(l, strlen(l), &st, NULL, 0), 0);
	assert_int_equal(st.seq, 7);
	assert_int_equal(st.slide, 2);
	assert_int_equal(st.panel, 1);
	assert_int_equal(st.item, 2);
	assert_int_equal(st.column, 3);
	assert_int_equal(st.clock_session, 5);
	assert_int_equal(st.clock_slide, 6);
}

static void test_refuses_other_messages_and_versions(void **state)
{
	char l[600];
	(void)state;
	assert_contains(refused(""), "not a room message");
	assert_contains(refused("hello"), "not a room message: 'hello'");
	assert_contains(refused("opdeck-room"), "not a room message");
	assert_contains(refused("opdeck-rooms 1 seq=1"), "not a room message");
	snprintf(l, sizeof l, "opdeck-room 3%s", a_line + 13);
	assert_string_equal(refused(l), "unknown protocol version (this opdeck speaks 2): '3'");
	snprintf(l, sizeof l, "opdeck-room 10%s", a_line + 13);
	assert_contains(refused(l), "unknown protocol version");
	/* version 1 (no clock): an older opdeck on the other side */
	assert_string_equal(refused("opdeck-room 1 seq=1 session=/a.yaml slide=1 nslides=1 at= frozen=0 asof= sel=0,0,0"),
	                    "older protocol (this opdeck speaks 2; update the other side): '1'");
	snprintf(l, sizeof l, "opdeck-room 0%s", a_line + 13);
	assert_contains(refused(l), "unknown protocol version");
	assert_contains(refused("opdeck-room 2"), "field 'seq' missing");
}

static void test_refuses_unknown_repeated_and_missing_fields(void **state)
{
	char l[600];
	(void)state;
	/* No field widens a follower's scope or names a database or a command. */
	assert_string_equal(refused(with("scope", "cases")), "unknown field 'scope'");
	assert_string_equal(refused(with("mask", "0")), "unknown field 'mask'");
	assert_string_equal(refused(with("database", "/etc/shadow")), "unknown field 'database'");
	assert_string_equal(refused(with("exec", "sh")), "unknown field 'exec'");
	assert_string_equal(refused(with("Seq", "1")), "unknown field 'Seq'");
	snprintf(l, sizeof l, "%s slide=4", a_line);
	assert_string_equal(refused(l), "field given twice: 'slide'");
	const char *keys[] = {"seq", "session", "slide", "nslides", "at", "frozen", "asof", "sel", "clock"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char want[64];
		snprintf(want, sizeof want, "field '%s' missing", keys[i]);
		assert_string_equal(refused(without(keys[i])), want);
	}
	snprintf(l, sizeof l, "%s junk", a_line);
	assert_string_equal(refused(l), "not KEY=VALUE: 'junk'");
}

static void test_refuses_bad_numbers(void **state)
{
	(void)state;
	assert_string_equal(refused(with("seq", "0")), "bad seq '0'");
	assert_string_equal(refused(with("seq", "012")), "bad seq '012'");
	assert_string_equal(refused(with("seq", "-1")), "bad seq '-1'");
	assert_string_equal(refused(with("seq", "+1")), "bad seq '+1'");
	assert_string_equal(refused(with("seq", "1e3")), "bad seq '1e3'");
	assert_string_equal(refused(with("seq", "")), "bad seq ''");
	assert_string_equal(refused(with("seq", "99999999999999999999999")),
	                    "bad seq '99999999999999999999999'");
	assert_string_equal(refused(with("seq", "1000000000000000")), "bad seq '1000000000000000'");
	assert_string_equal(refused(with("slide", "0")), "slide is not within 1..nslides");
	assert_string_equal(refused(with("slide", "10")), "slide is not within 1..nslides");
	assert_string_equal(refused(with("nslides", "1000")), "bad nslides '1000'");
	assert_string_equal(refused(with("frozen", "2")), "bad frozen '2'");
	assert_string_equal(refused(with("frozen", "yes")), "bad frozen 'yes'");
	assert_string_equal(refused(with("asof", "2025-09-16%0A")), "bad asof '2025-09-16%0A'");
	assert_string_equal(refused(with("asof", "0123456789012345678901234567890123456789")),
	                    "bad asof '0123456789012345678901234567...'");
	assert_string_equal(refused(with("asof", "")), "asof must be given when frozen and empty when live");
	/* live, but with a time: contradictory */
	char l[600];
	snprintf(l, sizeof l, "%s", with("frozen", "0"));
	struct room_state st;
	assert_int_equal(room_parse(l, strlen(l), &st, NULL, 0), -1);
	assert_string_equal(refused(l), "asof must be given when frozen and empty when live");
	assert_string_equal(refused(with("sel", "1,2")), "bad sel '1,2'");
	assert_string_equal(refused(with("sel", "16,0,0")), "bad sel '16,0,0'");
	assert_string_equal(refused(with("sel", "0,1000000,0")), "bad sel '0,1000000,0'");
	assert_string_equal(refused(with("sel", "0,0,0,0")), "bad sel '0,0,0,0'");
	assert_string_equal(refused(with("sel", "a,b,c")), "bad sel 'a,b,c'");
	assert_string_equal(refused(with("sel", ",,")), "bad sel ',,'");
	assert_string_equal(refused(with("clock", "1")), "bad clock '1'");
	assert_string_equal(refused(with("clock", "1,")), "bad clock '1,'");
	assert_string_equal(refused(with("clock", "1,2,3")), "bad clock '1,2,3'");
	assert_string_equal(refused(with("clock", "-1,2")), "bad clock '-1,2'");
	assert_string_equal(refused(with("clock", "01,2")), "bad clock '01,2'");
	assert_string_equal(refused(with("clock", "1,1000000000000000")), "bad clock '1,1000000000000000'");
	struct room_state zero;
	const char *z = with("clock", "0,999999999999999");
	assert_int_equal(room_parse(z, strlen(z), &zero, NULL, 0), 0);
	assert_int_equal(zero.clock_slide, ROOM_CLOCK_MAX);
}

static void test_refuses_bad_paths_locators_and_escapes(void **state)
{
	(void)state;
	assert_string_equal(refused(with("session", "omd7.yaml")), "session is not an absolute path");
	assert_string_equal(refused(with("session", "")), "bad session ''");
	assert_string_equal(refused(with("session", "/a%1Bb")), "bad session '/a%1Bb'");
	assert_string_equal(refused(with("session", "/a%00b")), "bad session '/a%00b'");
	assert_string_equal(refused(with("session", "/a%zzb")), "bad session '/a%zzb'");
	assert_string_equal(refused(with("session", "/a%4")), "bad session '/a%4'");
	assert_string_equal(refused(with("at", "agnecy=VNCUS")),
	                    "bad locator in 'at': column 1: unknown key 'agnecy' (expected phase, "
	                    "category, subcategory, agency, country, transport, status, week, day, "
	                    "case, search)");
	assert_contains(refused(with("at", "phase=OMD7/phase=OMD6")), "key 'phase' given twice");
	assert_contains(refused(with("at", "phase=")), "empty value");
	assert_string_equal(refused(with("at", "case=%0A")), "bad at 'case=%0A'");
	/* A session path that would not fit in the struct */
	char big[ROOM_SESSION_MAX + 8];
	memset(big, 'a', sizeof big - 1);
	big[0] = '/';
	big[sizeof big - 1] = '\0';
	assert_contains(refused(with("session", big)), "bad session '/aaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
}

static void test_refuses_bad_framing(void **state)
{
	char l[600], note[128];
	struct room_state st;
	(void)state;
	snprintf(l, sizeof l, "%s\r", a_line);
	assert_string_equal(refused(l), "a NUL, CR or LF inside a message");
	snprintf(l, sizeof l, "%s ", a_line);
	assert_string_equal(refused(l), "fields must be separated by one space");
	snprintf(l, sizeof l, "opdeck-room 2  %s", a_line + 14);
	assert_string_equal(refused(l), "fields must be separated by one space");
	/* A NUL inside the given length */
	memcpy(l, a_line, sizeof a_line);
	l[20] = '\0';
	assert_int_equal(room_parse(l, sizeof a_line - 1, &st, note, sizeof note), -1);
	assert_string_equal(note, "a NUL, CR or LF inside a message");
	/* Overlong: ROOM_LINE_MAX bytes without the newline */
	char *big = malloc(ROOM_LINE_MAX + 1);
	memset(big, 'x', ROOM_LINE_MAX);
	big[ROOM_LINE_MAX] = '\0';
	assert_string_equal(refused(big), "overlong message (over 4096 bytes)");
	free(big);
	/* The note is short and inert whatever the message holds */
	assert_string_equal(refused("\x1b]52;c;aGk=\x07 and a lot more text after it"),
	                    "not a room message: '\\x1B]52;c;aGk=\\x07 and a lot...'");
	assert_string_equal(refused(with("\x1b[2J", "1")), "unknown field '\\x1B[2J'");
	/* NULL arguments */
	assert_int_equal(room_parse(NULL, 0, &st, note, sizeof note), -1);
	assert_int_equal(room_parse(a_line, strlen(a_line), NULL, note, sizeof note), -1);
}

static void test_format_refuses_invalid_states(void **state)
{
	char line[ROOM_LINE_MAX];
	struct room_state st;
	(void)state;

	st = a_state();
	st.slide = 10;
	assert_int_equal(room_format(&st, line, sizeof line), -1);
	st = a_state();
	snprintf(st.session, sizeof st.session, "relative.yaml");
	assert_int_equal(room_format(&st, line, sizeof line), -1);
	st = a_state();
	snprintf(st.session, sizeof st.session, "/a\nb");
	assert_int_equal(room_format(&st, line, sizeof line), -1);
	st = a_state();
	snprintf(st.at, sizeof st.at, "agnecy=X");
	assert_int_equal(room_format(&st, line, sizeof line), -1);
	st = a_state();
	st.seq = 0;
	assert_int_equal(room_format(&st, line, sizeof line), -1);
	st = a_state();
	assert_int_equal(room_format(&st, line, 20), -1); /* does not fit */
	/* Both fields at their longest, every byte escaped: over ROOM_LINE_MAX, refused. */
	st = a_state();
	memset(st.session, ' ', sizeof st.session - 1);
	st.session[0] = '/';
	st.session[sizeof st.session - 1] = '\0';
	memset(st.at, ' ', sizeof st.at - 1);
	memcpy(st.at, "search=", 7);
	st.at[sizeof st.at - 1] = '\0';
	char *big = malloc(2 * ROOM_LINE_MAX);
	assert_int_equal(room_format(&st, big, 2 * ROOM_LINE_MAX), -1);
	free(big);
	assert_int_equal(room_format(NULL, line, sizeof line), -1);
}

/* ---- scope rules -------------------------------------------------------------------- */

static void test_scope_table(void **state)
{
	(void)state;
	assert_true(room_scope_allows(SESSION_SCOPE_SLIDES, ROOM_VIEW_SLIDE));
	assert_false(room_scope_allows(SESSION_SCOPE_SLIDES, ROOM_VIEW_AGGREGATE));
	assert_false(room_scope_allows(SESSION_SCOPE_SLIDES, ROOM_VIEW_CASE_LIST));
	assert_false(room_scope_allows(SESSION_SCOPE_SLIDES, ROOM_VIEW_CASE));
	assert_true(room_scope_allows(SESSION_SCOPE_AGGREGATES, ROOM_VIEW_SLIDE));
	assert_true(room_scope_allows(SESSION_SCOPE_AGGREGATES, ROOM_VIEW_AGGREGATE));
	assert_false(room_scope_allows(SESSION_SCOPE_AGGREGATES, ROOM_VIEW_CASE_LIST));
	assert_false(room_scope_allows(SESSION_SCOPE_AGGREGATES, ROOM_VIEW_CASE));
	assert_true(room_scope_allows(SESSION_SCOPE_CASES, ROOM_VIEW_SLIDE));
	assert_true(room_scope_allows(SESSION_SCOPE_CASES, ROOM_VIEW_AGGREGATE));
	assert_true(room_scope_allows(SESSION_SCOPE_CASES, ROOM_VIEW_CASE_LIST));
	assert_true(room_scope_allows(SESSION_SCOPE_CASES, ROOM_VIEW_CASE));
	/* Anything unknown reaches nothing, not even the slides. */
	assert_false(room_scope_allows(-1, ROOM_VIEW_SLIDE));
	assert_false(room_scope_allows(SESSION_SCOPE_CASES + 1, ROOM_VIEW_SLIDE));
	assert_false(room_scope_allows(1000, ROOM_VIEW_CASE));
	assert_false(room_scope_allows(SESSION_SCOPE_CASES, -1));
	assert_false(room_scope_allows(SESSION_SCOPE_CASES, ROOM_VIEW_COUNT));
}

static int view_of(const char *at)
{
	struct locator loc;
	assert_int_equal(locator_parse(at, &loc, NULL, 0), 0);
	int v = room_locator_view(&loc);
	locator_free(&loc);
	return v;
}

static void test_locator_views(void **state)
{
	(void)state;
	assert_int_equal(room_locator_view(NULL), ROOM_VIEW_AGGREGATE);
	assert_int_equal(view_of(""), ROOM_VIEW_AGGREGATE);
	assert_int_equal(view_of("phase=OMD7/category=drugs/agency=VNCUS"), ROOM_VIEW_AGGREGATE);
	assert_int_equal(view_of("phase=OMD7/search=pangolin"), ROOM_VIEW_CASE_LIST);
	assert_int_equal(view_of("search=x/case=OMD7-VNCUS-0412"), ROOM_VIEW_CASE);
	assert_int_equal(view_of("case=OMD7-VNCUS-0412"), ROOM_VIEW_CASE);
	/* An aggregates follower cannot reach a case by typing its locator. */
	assert_false(room_scope_allows(SESSION_SCOPE_AGGREGATES, view_of("case=OMD7-VNCUS-0412")));
	assert_false(room_scope_allows(SESSION_SCOPE_AGGREGATES, view_of("search=ruili")));
}

static void test_masks(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(room_mask_ref("OMD7-VNCUS-0412", out, sizeof out), 23);
	assert_string_equal(out, "OMD7-VNCUS-••••");
	assert_int_equal(room_mask_ref("OMD7-VNCUS-0412-A", out, sizeof out), 23);
	assert_string_equal(out, "OMD7-VNCUS-••••"); /* the serial's length is not kept */
	assert_int_equal(room_mask_ref("SYN-000123", out, sizeof out), 12);
	assert_string_equal(out, "••••");
	room_mask_ref("OMD7--0412", out, sizeof out);
	assert_string_equal(out, "••••");
	room_mask_ref("-VNCUS-0412", out, sizeof out);
	assert_string_equal(out, "••••");
	room_mask_ref("", out, sizeof out);
	assert_string_equal(out, "••••");
	room_mask_ref(NULL, out, sizeof out);
	assert_string_equal(out, "••••");
	assert_int_equal(room_mask_ref("OMD7-VNCUS-0412", out, 23), -1);
	assert_string_equal(out, "");
	assert_int_equal(room_mask_ref("OMD7-VNCUS-0412", out, 24), 23);
	assert_int_equal(room_mask_ref("OMD7-VNCUS-0412", NULL, 0), -1);
	assert_int_equal(room_mask_place("Lao Bao border gate, Quang Tri", out, sizeof out), 12);
	assert_string_equal(out, "••••");
	assert_int_equal(room_mask_place(NULL, out, sizeof out), 12);
	assert_int_equal(room_mask_place("x", out, 4), -1);
}

static void test_status_text(void **state)
{
	struct room_state st = a_state();
	struct room_status rs = {0};
	char out[ROOM_STATUS_MAX];
	(void)state;
	room_status_text(NULL, out, sizeof out);
	assert_string_equal(out, "waiting for the presenter");
	room_status_text(&rs, out, sizeof out);
	assert_string_equal(out, "waiting for the presenter");
	rs.connected = 1;
	room_status_text(&rs, out, sizeof out);
	assert_string_equal(out, "waiting for the presenter");
	rs.st = &st;
	rs.have_state = 1;
	room_status_text(&rs, out, sizeof out);
	assert_string_equal(out, "following · slide 3 / 9");
	rs.on_own = 1;
	room_status_text(&rs, out, sizeof out);
	assert_string_equal(out, "on your own · . to rejoin (presenter on slide 3)");
	rs.connected = 0;
	room_status_text(&rs, out, sizeof out);
	assert_string_equal(out, "presenter away · reconnecting");
	room_status_text(&rs, out, 9);
	assert_string_equal(out, "presente");
	room_status_text(&rs, NULL, 0); /* no crash */
}

/* ---- socket paths and permissions --------------------------------------------------- */

static void test_paths(void **state)
{
	char path[256], err[256], want[300];
	(void)state;
	setenv("XDG_RUNTIME_DIR", tu_dir(), 1);
	assert_int_equal(room_path("omd7", path, sizeof path, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/opdeck/omd7.sock", tu_dir());
	assert_string_equal(path, want);
	unsetenv("XDG_RUNTIME_DIR");
	assert_int_equal(room_path("omd7", path, sizeof path, err, sizeof err), 0);
	snprintf(want, sizeof want, "/tmp/opdeck-%lu/omd7.sock", (unsigned long)geteuid());
	assert_string_equal(path, want);
	assert_int_equal(room_path("/srv/opdeck/omd7.sock", path, sizeof path, err, sizeof err), 0);
	assert_string_equal(path, "/srv/opdeck/omd7.sock");
	assert_int_equal(room_path("./omd7.sock", path, sizeof path, err, sizeof err), 0);
	const char *bad[] = {"", "omd 7", ".hidden", "-x", "a\x1b", "toolong-toolong-toolong-toolong-"
	                     "toolong-toolong-toolong-toolong-x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(room_path(bad[i], path, sizeof path, err, sizeof err), -1);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(room_path("omd 7", path, sizeof path, err, sizeof err), -1);
	assert_contains(err, "bad room name");
	char longp[200];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = '\0';
	assert_int_equal(room_path(longp, path, sizeof path, err, sizeof err), -1);
	assert_contains(err, "socket path too long");
	assert_null(room_present(longp, err, sizeof err));
	assert_null(room_follow("omd 7", err, sizeof err));
}

static void test_default_dir_is_created_private_and_checked(void **state)
{
	char err[256], dir[256];
	struct stat st;
	(void)state;
	const char *xdg = room_dir("xdg");
	setenv("XDG_RUNTIME_DIR", xdg, 1);
	struct room *p = room_present("omd7", err, sizeof err);
	assert_non_null(p);
	snprintf(dir, sizeof dir, "%s/opdeck", xdg);
	assert_int_equal(lstat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(lstat(room_socket(p), &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	room_close(p);
	assert_int_equal(lstat(sock_in(dir, "omd7.sock"), &st), -1); /* removed on close */
	/* A directory others can enter: refused, not repaired behind the user's back. */
	chmod(dir, 0755);
	assert_null(room_present("omd7", err, sizeof err));
	assert_contains(err, "permissions 755, expected 700");
	/* Not a directory (a symbolic link to one is not followed) */
	rmdir(dir);
	assert_int_equal(symlink("/tmp", dir), 0);
	assert_null(room_present("omd7", err, sizeof err));
	assert_contains(err, "not a directory");
	unlink(dir);
	/* Owned by another user */
	if (geteuid() == 0) {
		mkdir(dir, 0700);
		assert_int_equal(chown(dir, 65534, 65534), 0);
		assert_null(room_present("omd7", err, sizeof err));
		assert_contains(err, "owned by uid 65534, not by you");
		/* a follower says so too, and keeps trying */
		struct room *f = room_follow("omd7", err, sizeof err);
		char note[256] = "";
		assert_non_null(f);
		assert_true(room_poll(f, NULL, note, sizeof note) & ROOM_EV_NOTE);
		assert_contains(note, "owned by uid 65534");
		room_close(f);
		rmdir(dir);
	}
	unsetenv("XDG_RUNTIME_DIR");
}

static void test_shared_room_permissions(void **state)
{
	char err[256];
	struct stat st;
	(void)state;
	/* Private directory: the socket stays 0600. */
	const char *d = room_dir("shared-private");
	struct room *p = room_present(sock_in(d, "r.sock"), err, sizeof err);
	assert_non_null(p);
	assert_int_equal(lstat(room_socket(p), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	room_close(p);
	/* A directory for a group (2750): the socket is 0660 with the directory's group. */
	d = room_dir("shared-group");
	assert_int_equal(chown(d, geteuid(), 100) == 0 || geteuid() != 0, 1);
	chmod(d, 02750);
	p = room_present(sock_in(d, "r.sock"), err, sizeof err);
	assert_non_null(p);
	assert_int_equal(lstat(room_socket(p), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	struct stat dst;
	assert_int_equal(stat(d, &dst), 0);
	assert_int_equal(st.st_gid, dst.st_gid);
	room_close(p);
	/* Writable by the group without the sticky bit: anyone there could swap the socket. */
	d = room_dir("shared-writable");
	chmod(d, 0770);
	assert_null(room_present(sock_in(d, "r.sock"), err, sizeof err));
	assert_contains(err, "writable by others (permissions 770) and not sticky");
	chmod(d, 01777);
	p = room_present(sock_in(d, "r.sock"), err, sizeof err);
	assert_non_null(p); /* like /tmp */
	room_close(p);
	/* A missing directory is not created for a shared room */
	assert_null(room_present(sock_in(tu_path("nowhere"), "r.sock"), err, sizeof err));
	assert_contains(err, "No such file");
}

static void test_never_reuses_what_is_not_a_stale_socket_of_ours(void **state)
{
	char err[256];
	(void)state;
	const char *d = room_dir("reuse");
	const char *path = sock_in(d, "r.sock");
	/* A regular file */
	fclose(fopen(path, "w"));
	assert_null(room_present(path, err, sizeof err));
	assert_contains(err, "exists and is not a socket: not replaced");
	unlink(path);
	/* A live room */
	struct room *p = room_present(path, err, sizeof err);
	assert_non_null(p);
	assert_null(room_present(path, err, sizeof err));
	assert_contains(err, "the room is already being presented");
	room_close(p);
	/* A stale socket of another user (root can make one) */
	if (geteuid() == 0) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
		assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
		close(fd);
		assert_int_equal(chown(path, 65534, 65534), 0);
		assert_null(room_present(path, err, sizeof err));
		assert_contains(err, "a socket of uid 65534, not yours: never reused");
		struct stat st;
		assert_int_equal(lstat(path, &st), 0); /* still there */
		unlink(path);
	}
}

static void test_stale_socket_of_a_killed_presenter_is_replaced(void **state)
{
	char err[256], note[256];
	struct room_state st = a_state(), got;
	(void)state;
	const char *path = sock_in(room_dir("stale"), "r.sock");
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct room *p = room_present(path, err, sizeof err);
		if (!p)
			_exit(1);
		char c = 1;
		(void)!write(go[1], &c, 1);
		for (;;)
			pause();
	}
	char c = 0;
	assert_int_equal(read(go[0], &c, 1), 1);
	struct room *f = room_follow(path, err, sizeof err);
	assert_true(wait_for(f, ROOM_EV_UP, &got, note, sizeof note, 2000) & ROOM_EV_UP);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* The follower notices; the socket file is left behind. */
	assert_true(wait_for(f, ROOM_EV_DOWN, &got, note, sizeof note, 2000) & ROOM_EV_DOWN);
	assert_false(room_connected(f));
	struct stat sst;
	assert_int_equal(lstat(path, &sst), 0);
	/* A new presenter replaces it and the follower comes back by itself. */
	struct room *p = room_present(path, err, sizeof err);
	assert_non_null(p);
	room_publish(p, &st);
	for (int i = 0; i < 100 && !room_connected(f); i++) {
		room_poll(p, NULL, NULL, 0);
		wait_for(f, ROOM_EV_UP, &got, note, sizeof note, 50);
	}
	assert_true(room_connected(f));
	room_poll(p, NULL, NULL, 0);
	assert_true(wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 2000) & ROOM_EV_STATE);
	assert_int_equal(got.seq, 1);
	room_close(f);
	room_close(p);
	close(go[0]);
	close(go[1]);
}

/* ---- the channel -------------------------------------------------------------------- */

static void test_follower_gets_the_current_state_then_every_move(void **state)
{
	char err[256], note[256];
	struct room_state st = a_state(), got;
	(void)state;
	const char *path = sock_in(room_dir("follow"), "r.sock");
	struct room *p = room_present(path, err, sizeof err);
	assert_non_null(p);
	assert_int_equal(room_publish(p, &st), 0); /* nobody yet */
	assert_true(room_fd(p) >= 0);
	assert_int_equal(room_timeout(p), -1);

	struct room *f = room_follow(path, err, sizeof err);
	assert_non_null(f);
	assert_false(room_connected(f));
	assert_int_equal(room_fd(f), -1);
	assert_int_equal(room_timeout(f), 0); /* connects on the first poll */
	int ev = room_poll(f, &got, note, sizeof note);
	assert_true(ev & ROOM_EV_UP);
	assert_true(room_connected(f));
	assert_true(room_fd(f) >= 0);
	/* The presenter accepts and sends the current state at once. */
	room_poll(p, NULL, note, sizeof note);
	assert_int_equal(room_followers(p), 1);
	ev = wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 2000);
	assert_true(ev & ROOM_EV_STATE);
	assert_int_equal(got.seq, 1);
	assert_string_equal(got.session, st.session);
	assert_int_equal(got.slide, 3);
	/* Next slide */
	st.slide = 4;
	snprintf(st.at, sizeof st.at, "%s", "");
	assert_int_equal(room_publish(p, &st), 1);
	ev = wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 2000);
	assert_int_equal(got.seq, 2);
	assert_int_equal(got.slide, 4);
	assert_string_equal(got.at, "");
	/* An invalid state is not published */
	st.slide = 99;
	assert_int_equal(room_publish(p, &st), -1);
	assert_int_equal(room_publish(f, &st), -1); /* a follower cannot publish */
	/* The follower leaves: the presenter notices the hang-up. */
	room_close(f);
	for (int i = 0; i < 100 && room_followers(p) > 0; i++) {
		usleep(10000);
		room_poll(p, NULL, NULL, 0);
	}
	assert_int_equal(room_followers(p), 0);
	room_close(p);
}

static void test_follower_reconnects_after_the_presenter_restarts(void **state)
{
	char err[256], note[256];
	struct room_state st = a_state(), got;
	(void)state;
	const char *path = sock_in(room_dir("restart"), "r.sock");
	/* The follower starts first: no presenter yet is not an error. */
	struct room *f = room_follow(path, err, sizeof err);
	assert_non_null(f);
	assert_int_equal(room_poll(f, &got, note, sizeof note), 0);
	assert_false(room_connected(f));
	assert_true(room_timeout(f) > 0 && room_timeout(f) <= 100);

	for (int round = 0; round < 3; round++) {
		struct room *p = room_present(path, err, sizeof err);
		assert_non_null(p);
		st.slide = round + 1;
		room_publish(p, &st);
		int ev = 0;
		for (int i = 0; i < 300 && !(ev & ROOM_EV_STATE); i++) {
			room_poll(p, NULL, NULL, 0);
			ev |= wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 20);
		}
		assert_true(ev & ROOM_EV_UP);
		assert_true(ev & ROOM_EV_STATE);
		assert_int_equal(got.seq, 1); /* a new presenter counts from 1, and is believed */
		assert_int_equal(got.slide, round + 1);
		room_close(p);
		assert_true(wait_for(f, ROOM_EV_DOWN, &got, note, sizeof note, 2000) & ROOM_EV_DOWN);
		assert_false(room_connected(f));
		assert_int_equal(got.slide, round + 1); /* the last state stays */
	}
	/* Nobody there: the backoff grows, bounded at 2 s. */
	for (int i = 0; i < 6; i++) {
		int to = room_timeout(f);
		assert_true(to >= 0 && to <= 2000);
		usleep((useconds_t)to * 1000);
		room_poll(f, &got, note, sizeof note);
	}
	assert_true(room_timeout(f) > 1000);
	room_close(f);
}

static void test_stopped_follower_never_blocks_the_presenter(void **state)
{
	char err[256], note[256];
	struct room_state st = a_state(), got;
	(void)state;
	const char *path = sock_in(room_dir("slow"), "r.sock");
	struct room *p = room_present(path, err, sizeof err);
	struct room *slow = room_follow(path, err, sizeof err);
	struct room *quick = room_follow(path, err, sizeof err);
	assert_true(room_poll(slow, &got, note, sizeof note) & ROOM_EV_UP);
	assert_true(room_poll(quick, &got, note, sizeof note) & ROOM_EV_UP);
	room_poll(p, NULL, NULL, 0);
	assert_int_equal(room_followers(p), 2);

	/* 10,000 moves; slow never reads.  Every publish returns (a blocking send would hang
	 * here: the alarm turns that into a failure), and quick keeps up. */
	alarm(60);
	int quick_states = 0;
	for (int i = 1; i <= 10000; i++) {
		st.slide = i % 9 + 1;
		st.item = i;
		assert_true(room_publish(p, &st) >= 0);
		if (room_poll(quick, &got, note, sizeof note) & ROOM_EV_STATE)
			quick_states++;
		room_poll(p, NULL, NULL, 0);
	}
	alarm(0);
	assert_int_equal(room_followers(p), 2); /* the slow one is still there */
	/* What the presenter holds for it: at most the rest of one line, not 10,000 states. */
	assert_true(room_backlog(p) < ROOM_LINE_MAX);
	print_message("presenter holds %zu bytes for the stopped follower\n", room_backlog(p));
	wait_for(quick, 0, &got, note, sizeof note, 100);
	assert_int_equal(got.item, 10000);
	assert_int_equal(got.seq, 10000);

	/* Now slow drains: what it reads ends with the newest state, and it skipped most. */
	int states = 0, ev;
	memset(&got, 0, sizeof got);
	for (int i = 0; i < 2000 && got.seq != 10000; i++) {
		ev = room_poll(slow, &got, note, sizeof note);
		assert_false(ev & ROOM_EV_NOTE); /* never a torn line */
		if (ev & ROOM_EV_STATE)
			states++;
		room_poll(p, NULL, NULL, 0);
		usleep(1000);
	}
	assert_int_equal(got.seq, 10000);
	assert_int_equal(got.item, 10000);
	assert_int_equal(got.slide, 10000 % 9 + 1);
	print_message("slow follower: %d reads with states before catching up\n", states);
	assert_true(states < 10000);
	room_close(slow);
	room_close(quick);
	room_close(p);
}

static void test_followers_cannot_reach_the_presenter(void **state)
{
	char err[256];
	struct room_state st = a_state();
	(void)state;
	const char *path = sock_in(room_dir("quiet"), "r.sock");
	struct room *p = room_present(path, err, sizeof err);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	room_poll(p, NULL, NULL, 0);
	assert_int_equal(room_followers(p), 1);
	/* Writes fail: the presenter's side is shut for reading. */
	errno = 0;
	assert_int_equal(send(fd, "opdeck-room 1 x\n", 16, MSG_NOSIGNAL), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(room_publish(p, &st), 1);
	room_poll(p, NULL, NULL, 0);
	assert_int_equal(room_followers(p), 1);
	close(fd);
	room_close(p);
}

static void test_too_many_followers(void **state)
{
	char err[256], note[256] = "";
	(void)state;
	const char *path = sock_in(room_dir("many"), "r.sock");
	struct room *p = room_present(path, err, sizeof err);
	static int fds[ROOM_MAX_FOLLOWERS + 1];
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	int evs = 0;
	for (int i = 0; i <= ROOM_MAX_FOLLOWERS; i++) {
		fds[i] = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_int_equal(connect(fds[i], (struct sockaddr *)&sa, sizeof sa), 0);
		evs |= room_poll(p, NULL, note, sizeof note);
	}
	assert_int_equal(room_followers(p), ROOM_MAX_FOLLOWERS);
	assert_true(evs & ROOM_EV_NOTE);
	assert_string_equal(note, "room: 256 followers already; one more refused");
	for (int i = 0; i <= ROOM_MAX_FOLLOWERS; i++)
		close(fds[i]);
	for (int i = 0; i < 100 && room_followers(p) > 0; i++) {
		usleep(10000);
		room_poll(p, NULL, NULL, 0);
	}
	assert_int_equal(room_followers(p), 0);
	room_close(p);
}

/* A hand-made presenter that sends raw bytes: the follower drops what is bad with a note
 * and keeps what is good. */
static void test_follower_drops_bad_messages_with_a_note(void **state)
{
	char err[256], note[256], line[ROOM_LINE_MAX];
	struct room_state st = a_state(), got;
	(void)state;
	const char *path = sock_in(room_dir("hostile"), "r.sock");
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 4), 0);
	struct room *f = room_follow(path, err, sizeof err);
	assert_true(room_poll(f, &got, note, sizeof note) & ROOM_EV_UP);
	int c = accept(lfd, NULL, NULL);
	assert_true(c >= 0);

	memset(&got, 0, sizeof got);
	const char *junk = "opdeck-room 3 seq=1\n";
	assert_int_equal(write(c, junk, strlen(junk)), (ssize_t)strlen(junk));
	int ev = wait_for(f, ROOM_EV_NOTE, &got, note, sizeof note, 2000);
	assert_true(ev & ROOM_EV_NOTE);
	assert_false(ev & ROOM_EV_STATE);
	assert_string_equal(note, "room message dropped: unknown protocol version (this opdeck speaks 2): '3'");

	/* An overlong line, then a good one, in one write */
	char *big = malloc(3 * ROOM_LINE_MAX);
	memset(big, 'x', 2 * ROOM_LINE_MAX + 10);
	big[2 * ROOM_LINE_MAX + 10] = '\n';
	st.seq = 5;
	int n = room_format(&st, line, sizeof line);
	memcpy(big + 2 * ROOM_LINE_MAX + 11, line, (size_t)n);
	size_t total = 2 * ROOM_LINE_MAX + 11 + (size_t)n;
	assert_int_equal(write(c, big, total), (ssize_t)total);
	free(big);
	ev = wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 2000);
	assert_true(ev & ROOM_EV_NOTE);
	assert_true(ev & ROOM_EV_STATE);
	assert_string_equal(note, "room message dropped: overlong message (over 4096 bytes)");
	assert_int_equal(got.seq, 5);

	/* A state older than the last one on this connection */
	st.seq = 4;
	n = room_format(&st, line, sizeof line);
	assert_int_equal(write(c, line, (size_t)n), n);
	ev = wait_for(f, ROOM_EV_NOTE, &got, note, sizeof note, 2000);
	assert_false(ev & ROOM_EV_STATE);
	assert_string_equal(note, "room message dropped: seq 4 after 5");
	assert_int_equal(got.seq, 5);

	/* A field that would widen the scope */
	const char *wide = "opdeck-room 2 seq=9 session=/a.yaml slide=1 nslides=1 at= frozen=0 "
	                   "asof= sel=0,0,0 clock=1,1 scope=cases\n";
	assert_int_equal(write(c, wide, strlen(wide)), (ssize_t)strlen(wide));
	ev = wait_for(f, ROOM_EV_NOTE, &got, note, sizeof note, 2000);
	assert_false(ev & ROOM_EV_STATE);
	assert_string_equal(note, "room message dropped: unknown field 'scope'");

	/* A line split across two writes is one message */
	st.seq = 10;
	n = room_format(&st, line, sizeof line);
	assert_int_equal(write(c, line, 20), 20);
	ev = wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 100);
	assert_false(ev & ROOM_EV_STATE);
	assert_int_equal(write(c, line + 20, (size_t)n - 20), n - 20);
	ev = wait_for(f, ROOM_EV_STATE, &got, note, sizeof note, 2000);
	assert_true(ev & ROOM_EV_STATE);
	assert_int_equal(got.seq, 10);
	close(c);
	assert_true(wait_for(f, ROOM_EV_DOWN, &got, note, sizeof note, 2000) & ROOM_EV_DOWN);
	room_close(f);
	close(lfd);
	unlink(path);
}

/* Root only: a socket owned by one user with another user's process listening on it. */
static void test_follower_checks_who_listens(void **state)
{
	char err[256], note[256] = "";
	struct room_state got;
	(void)state;
	if (geteuid() != 0) {
		skip();
		return;
	}
	const char *d = room_dir("impostor");
	const char *path = sock_in(d, "r.sock");
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 4), 0);
	/* The socket and its directory belong to uid 65534, but root listens. */
	assert_int_equal(chown(d, 65534, 65534), 0);
	assert_int_equal(chown(path, 65534, 65534), 0);
	struct room *f = room_follow(path, err, sizeof err);
	int ev = room_poll(f, &got, note, sizeof note);
	assert_false(ev & ROOM_EV_UP);
	assert_true(ev & ROOM_EV_NOTE);
	assert_contains(note, "the process listening is not the socket's owner: not trusted");
	/* A socket of a user who does not own the directory is not trusted either */
	assert_int_equal(chown(d, 0, 0), 0);
	usleep(150000);
	ev = room_poll(f, &got, note, sizeof note);
	assert_true(ev & ROOM_EV_NOTE);
	assert_contains(note, "owned by uid 65534, who does not own its directory: not trusted");
	room_close(f);
	close(lfd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_writes_the_documented_line),
		cmocka_unit_test(test_round_trip_with_escapes),
		cmocka_unit_test(test_empty_at_is_the_slide_itself),
		cmocka_unit_test(test_fields_in_any_order),
		cmocka_unit_test(test_refuses_other_messages_and_versions),
		cmocka_unit_test(test_refuses_unknown_repeated_and_missing_fields),
		cmocka_unit_test(test_refuses_bad_numbers),
		cmocka_unit_test(test_refuses_bad_paths_locators_and_escapes),
		cmocka_unit_test(test_refuses_bad_framing),
		cmocka_unit_test(test_format_refuses_invalid_states),
		cmocka_unit_test(test_scope_table),
		cmocka_unit_test(test_locator_views),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_default_dir_is_created_private_and_checked),
		cmocka_unit_test(test_shared_room_permissions),
		cmocka_unit_test(test_never_reuses_what_is_not_a_stale_socket_of_ours),
		cmocka_unit_test(test_stale_socket_of_a_killed_presenter_is_replaced),
		cmocka_unit_test(test_follower_gets_the_current_state_then_every_move),
		cmocka_unit_test(test_follower_reconnects_after_the_presenter_restarts),
		cmocka_unit_test(test_stopped_follower_never_blocks_the_presenter),
		cmocka_unit_test(test_followers_cannot_reach_the_presenter),
		cmocka_unit_test(test_too_many_followers),
		cmocka_unit_test(test_follower_drops_bad_messages_with_a_note),
		cmocka_unit_test(test_follower_checks_who_listens),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
