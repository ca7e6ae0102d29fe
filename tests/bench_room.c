/*
 * bench_room: the presenter's move to N followers (issue 10: 60 followers within 200 ms,
 * median and worst, the presenter's own response unchanged, a follower <= 16 MB).
 * Printed by `make bench`, never asserted.
 *
 *   bench_room [--followers N] [--moves M] [--gap MS] [--render DATABASE] [--session FILE]
 *
 * One presenter process and N follower processes on this host, connected through a room
 * socket in a private temporary directory.
 *
 * Without --render the followers are headless: they only receive (the channel's cost),
 * and the presenter publishes M states GAP ms apart.
 *
 * With --render both sides are the real code of `opdeck --session --room` and `opdeck
 * follow` (app_present.c, app_follow.c), without a terminal: the presenter presents the
 * OMD 7 closing session (sample-data/omd7-closing.yaml) at 160x48 and walks it as at the
 * conference (next slide, a drill into a figure and back, a case opened from the major
 * seizures, back to the start), one key every GAP ms; each follower, a third each at
 * 80x24, 120x40 and 160x48, applies the state it receives (the slide, the drill, the
 * selection), draws the frame and writes it as a terminal would get it (every cell with
 * its colours: a full repaint, more than curses sends), and does its idle work between
 * moves as `opdeck follow` does.  The latency is publish -> that frame written, per
 * follower and move (CLOCK_MONOTONIC is one clock for every process; the times meet in
 * shared memory).  The presenter's response is key -> its own frame drawn, once with the
 * followers connected but idle (no publishing: the response without a room) and once
 * publishing to them.  RSS is each follower's peak resident size (VmHWM) at the end.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "app_internal.h"
#include "canvas.h"
#include "follow.h"
#include "locator.h"
#include "room.h"
#include "store.h"
#include "term.h"
#include "theme.h"
#include "view.h"

#define MAX_SEQ 4096

struct shared {
	int n, m, gap;
	volatile int last;  /* the presenter's last seq, once it is done (0 before) */
	double pub[MAX_SEQ];   /* when seq was published */
	double *recv;          /* [n * MAX_SEQ]: when follower i wrote the frame of seq (0: never) */
	double *cpu;           /* [n * MAX_SEQ]: the CPU it spent on that state (apply, draw, write) */
	double *ahead_cpu;     /* [n]: the CPU it spent loading levels ahead */
	double pubcost[MAX_SEQ];
	double resp[2][MAX_SEQ]; /* the presenter's response to key k: [0] without publishing, [1] with */
	int nresp;
	long *rss_kb;          /* [n] */
	int *sizes;            /* [n]: cols * 1000 + rows */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* ---- headless: the channel alone ----------------------------------------------------- */

static void make_state(struct room_state *st, const char *session, int move)
{
	static const char *const at[] = { "", "phase=OMD7", "phase=OMD7/category=drugs", "phase=OMD7/agency=VNCUS" };
	memset(st, 0, sizeof *st);
	snprintf(st->session, sizeof st->session, "%.1000s", session);
	st->nslides = 9;
	st->slide = move % 9 + 1;
	snprintf(st->at, sizeof st->at, "%s", at[move % 4]);
	st->item = move;
}

static int headless_follower(struct shared *sh, int i, const char *path)
{
	char err[256], note[256];
	struct room *r;
	struct room_state st;
	double give_up = now_ms() + 120000;

	if (!(r = room_follow(path, err, sizeof err))) {
		fprintf(stderr, "bench_room: %s\n", err);
		return 1;
	}
	while (now_ms() < give_up) {
		struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
		int to = room_timeout(r);
		poll(&pf, pf.fd >= 0 ? 1 : 0, to < 0 || to > 100 ? 100 : to);
		int ev = room_poll(r, &st, note, sizeof note);
		if (ev & ROOM_EV_STATE && st.seq < MAX_SEQ)
			sh->recv[i * MAX_SEQ + (int)st.seq] = now_ms();
		if (sh->last && (ev & ROOM_EV_STATE) && st.seq >= (unsigned long long)sh->last)
			break;
	}
	sh->rss_kb[i] = peak_rss_kb();
	room_close(r);
	return 0;
}

static int headless_presenter(struct shared *sh, const char *path, const char *session)
{
	char err[256];
	struct room *r = room_present(path, err, sizeof err);
	struct room_state st;
	double deadline = now_ms() + 120000;

	if (!r) {
		fprintf(stderr, "bench_room: %s\n", err);
		return 1;
	}
	while (room_followers(r) < sh->n && now_ms() < deadline) {
		struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
		poll(&pf, 1, 100);
		room_poll(r, NULL, NULL, 0);
	}
	for (int m = 1; m <= sh->m; m++) {
		make_state(&st, session, m);
		double t0 = now_ms();
		sh->pub[m] = t0;
		room_publish(r, &st);
		sh->pubcost[m] = now_ms() - t0;
		for (double t, next = t0 + sh->gap; (t = now_ms()) < next;) {
			struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
			poll(&pf, 1, (int)(next - t) + 1);
			room_poll(r, NULL, NULL, 0);
		}
	}
	sh->last = sh->m;
	for (double end = now_ms() + 3000; now_ms() < end;) { /* the slow ones drain */
		struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
		poll(&pf, 1, 50);
		room_poll(r, NULL, NULL, 0);
	}
	room_close(r);
	return 0;
}

/* ---- rendering: the real presenter and followers ------------------------------------ */

/* The presenter's walk through the OMD 7 closing session, one key at a time (Enter on a
 * slide drills into the focused panel's selection, as at the conference). */
static const int walk[] = {
	'n',                                      /* 2 Results at a glance */
	TERM_KEY_ENTER, TERM_KEY_BACKSPACE,       /* drugs, and back */
	'n', 'n',                                 /* 3 By category, 4 By agency */
	TERM_KEY_ENTER, TERM_KEY_BACKSPACE,       /* the first agency, and back */
	'n',                                      /* 5 Major seizures */
	TERM_KEY_ENTER, TERM_KEY_BACKSPACE,       /* the largest seizure's case, and back */
	'n', 'n', 'n',                            /* 6 against earlier phases, 7 weeks, 8 thanks */
	TERM_KEY_HOME,                            /* 1 */
};
#define NWALK (int)(sizeof walk / sizeof *walk)

static void app_headless(struct app *a, const char *db, int cols, int rows)
{
	char err[300];

	memset(a, 0, sizeof *a);
	if (!(a->s = store_open(db, STORE_READ, err, sizeof err))) {
		fprintf(stderr, "bench_room: %s\n", err);
		exit(1);
	}
	a->palette = theme_resolve("default", err, sizeof err);
	a->theme_given = 1; /* as --theme default: no session theme file to watch */
	a->db_name = strdup("bench");
	a->title = store_meta(a->s, "operation");
	a->as_of = store_meta(a->s, "data_as_of");
	if (canvas_init(&a->canvas, cols, rows, 0) < 0)
		exit(1);
}

/* What reaches the terminal: the frame written out (as app_run's frame + term_draw). */
static void app_show(struct app *a, FILE *tty)
{
	if (a->following && (!a->sess || a->depth == 0))
		follow_draw_waiting(&a->canvas, a->title, a->room_note);
	else
		app_present_frame(a);
	rewind(tty);
	canvas_write_ansi(&a->canvas, a->palette, 256, tty);
	fflush(tty);
}

static void press(struct app *a, int key)
{
	if (key == TERM_KEY_ENTER) {
		struct locator loc;
		int screen;
		char err[300];
		if (view_drill_target(a->s, app_top(a), &loc, &screen, err, sizeof err) == 0) {
			app_push(a, &loc, screen);
			locator_free(&loc);
		}
	} else if (key == TERM_KEY_BACKSPACE && a->depth > 1) {
		view_level_free(a->stack[--a->depth]);
		free(a->stack[a->depth]);
	} else {
		app_present_key(a, key);
	}
}

static int render_presenter(struct shared *sh, const char *path, const char *session, const char *db)
{
	struct app a;
	struct app_options o = {.db_path = db, .session = session, .room = path, .theme = "default"};
	FILE *tty = fopen("/dev/null", "w");
	double deadline = now_ms() + 180000;

	app_headless(&a, db, 160, 48);
	if (app_present_open(&a, &o) != 0 || app_present_room(&a, &o) != 0)
		return 1;
	app_show(&a, tty);
	while (room_followers(a.room) < sh->n && now_ms() < deadline) {
		struct pollfd pf = {.fd = room_fd(a.room), .events = POLLIN};
		poll(&pf, 1, 100);
		room_poll(a.room, NULL, NULL, 0);
	}
	/* The first state: every follower loads the session and draws slide 1 (joining).  The
	 * room numbers the states it publishes 1, 2, ...: a state that changed is the next seq. */
	int seq = 0;
	struct room_state before = a.rs;
	app_room_sync(&a);
	seq += !follow_state_same(&before, &a.rs);
	for (int all = 0; !all && now_ms() < deadline;) {
		struct pollfd pf = {.fd = room_fd(a.room), .events = POLLIN};
		poll(&pf, 1, 50);
		room_poll(a.room, NULL, NULL, 0);
		all = 1;
		for (int i = 0; i < sh->n; i++)
			all &= sh->recv[i * MAX_SEQ + seq] > 0;
	}
	/* Pass 0 without publishing (the followers connected, idle), pass 1 publishing. */
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 0; k < sh->m; k++) {
			double t0 = now_ms();
			press(&a, walk[k % NWALK]);
			app_show(&a, tty);
			double t1 = now_ms();
			sh->resp[pass][k] = t1 - t0;
			if (getenv("BENCH_VERBOSE"))
				fprintf(stderr, "pass %d key %d (%d): slide %d depth %d: %.1f ms\n", pass, k, walk[k % NWALK],
				        a.pr.slide + 1, a.depth, t1 - t0);
			before = a.rs;
			if (pass) {
				app_room_sync(&a);
				if (!follow_state_same(&before, &a.rs) && ++seq < MAX_SEQ) {
					sh->pub[seq] = t1;
					sh->pubcost[seq] = now_ms() - t1;
				}
			}
			for (double t, next = t0 + sh->gap; (t = now_ms()) < next;) {
				struct pollfd pf = {.fd = room_fd(a.room), .events = POLLIN};
				poll(&pf, 1, (int)(next - t) + 1);
				room_poll(a.room, NULL, NULL, 0);
			}
		}
	}
	sh->nresp = sh->m;
	sh->last = seq;
	for (double end = now_ms() + 5000; now_ms() < end;) {
		struct pollfd pf = {.fd = room_fd(a.room), .events = POLLIN};
		poll(&pf, 1, 50);
		room_poll(a.room, NULL, NULL, 0);
	}
	fclose(tty);
	return 0;
}

static int render_follower(struct shared *sh, int i, const char *path, const char *db)
{
	struct app a;
	char err[300];
	int cols = sh->sizes[i] / 1000, rows = sh->sizes[i] % 1000;
	FILE *tty = fopen("/dev/null", "w");
	double give_up = now_ms() + 300000;

	app_headless(&a, db, cols, rows);
	a.following = 1;
	if (!(a.room = room_follow(path, err, sizeof err))) {
		fprintf(stderr, "bench_room: %s\n", err);
		return 1;
	}
	app_show(&a, tty);
	app_follow_start(&a);
	while (now_ms() < give_up) {
		/* As app_run's loop for a follower: wait for the room, apply, draw; with nothing
		 * to do, load a level ahead. */
		int ahead = app_follow_ahead_pending(&a);
		struct pollfd pf = {.fd = room_fd(a.room), .events = POLLIN};
		int to = room_timeout(a.room);
		poll(&pf, pf.fd >= 0 ? 1 : 0, ahead ? 0 : to < 0 || to > 100 ? 100 : to);
		double c0 = cpu_ms();
		if (app_room_turn(&a)) {
			app_show(&a, tty);
			if (a.have_state && a.rs.seq < MAX_SEQ) {
				sh->recv[i * MAX_SEQ + (int)a.rs.seq] = now_ms();
				sh->cpu[i * MAX_SEQ + (int)a.rs.seq] = cpu_ms() - c0;
			}
		} else if (ahead) {
			app_follow_ahead(&a);
			sh->ahead_cpu[i] += cpu_ms() - c0;
		}
		if (sh->last && a.rs.seq >= (unsigned long long)sh->last)
			break;
	}
	sh->rss_kb[i] = peak_rss_kb();
	if (getenv("BENCH_VERBOSE") && i == 0) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "grep -E 'Vm|Rss' /proc/%d/status >&2", (int)getpid());
		if (system(cmd) != 0)
			fprintf(stderr, "(no /proc)\n");
	}
	fclose(tty);
	return 0;
}

/* ---- main ---------------------------------------------------------------------------- */

static double loadavg(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f && fscanf(f, "%lf", &l) != 1)
		l = -1;
	if (f)
		fclose(f);
	return l;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The p-th percentile of n sorted values (p 100: the worst); -1 when there are none. */
static double pct(const double *v, int n, int p)
{
	int i = (int)((long)n * p / 100);
	return n <= 0 ? -1.0 : v[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	int n = 60, m = 40, gap = 150;
	const char *db = NULL, *sess_file = "sample-data/omd7-closing.yaml";
	char dir[] = "/tmp/opdeck-bench-XXXXXX", path[128], session[PATH_MAX];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--followers") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--moves") == 0 && i + 1 < argc)
			m = atoi(argv[++i]);
		else if (strcmp(argv[i], "--gap") == 0 && i + 1 < argc)
			gap = atoi(argv[++i]);
		else if (strcmp(argv[i], "--render") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--session") == 0 && i + 1 < argc)
			sess_file = argv[++i];
		else {
			fprintf(stderr, "usage: bench_room [--followers N] [--moves M] [--gap MS] [--render DATABASE] "
			                "[--session FILE]\n");
			return 2;
		}
	}
	if (db) /* whole walks: each pass ends where it began */
		m = (m + NWALK - 1) / NWALK * NWALK;
	if (n < 1 || n > ROOM_MAX_FOLLOWERS || m < 1 || m > 1000 || gap < 1) {
		fprintf(stderr, "bench_room: 1..%d followers, 1..1000 moves, a gap of 1 ms or more\n", ROOM_MAX_FOLLOWERS);
		return 2;
	}
	if (!realpath(sess_file, session)) {
		if (db) {
			fprintf(stderr, "bench_room: %s: cannot resolve its path (run it from the repository)\n", sess_file);
			return 2;
		}
		snprintf(session, sizeof session, "/bench/session.yaml");
	}
	if (!mkdtemp(dir)) {
		perror("bench_room: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/bench.sock", dir);

	size_t bytes = sizeof(struct shared) + 2 * sizeof(double) * (size_t)n * MAX_SEQ +
	               (sizeof(double) + sizeof(long) + sizeof(int)) * (size_t)n;
	char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("bench_room: mmap");
		return 1;
	}
	struct shared *sh = (struct shared *)mem;
	sh->n = n;
	sh->m = m;
	sh->gap = gap;
	sh->recv = (double *)(mem + sizeof *sh);
	sh->cpu = sh->recv + (size_t)n * MAX_SEQ;
	sh->ahead_cpu = sh->cpu + (size_t)n * MAX_SEQ;
	sh->rss_kb = (long *)(sh->ahead_cpu + n);
	sh->sizes = (int *)(sh->rss_kb + n);
	static const int sizes[] = { 80024, 120040, 160048 };
	for (int i = 0; i < n; i++)
		sh->sizes[i] = sizes[i % 3];

	pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(db ? render_follower(sh, i, path, db) : headless_follower(sh, i, path));
	}
	pids[n] = fork();
	if (pids[n] == 0)
		_exit(db ? render_presenter(sh, path, session, db) : headless_presenter(sh, path, session));
	int failed = 0;
	for (int i = n; i >= 0; i--) {
		int status;
		waitpid(pids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	rmdir(dir);
	if (failed) {
		fprintf(stderr, "bench_room: %d processes failed\n", failed);
		return 1;
	}

	/* Latencies of the moves (the joining state, seq 1 with --render, is not a move). */
	int first = db ? 2 : 1, last = sh->last;
	double *lat = calloc((size_t)n * MAX_SEQ, sizeof *lat), *cost = calloc(MAX_SEQ, sizeof *cost);
	double *cpu = calloc((size_t)n * MAX_SEQ, sizeof *cpu), ahead = 0;
	int k = 0, missed = 0, nc = 0;
	long rss_max = 0;
	for (int i = 0; i < n; i++) {
		for (int s = first; s <= last; s++) {
			double t = sh->recv[i * MAX_SEQ + s];
			if (t > 0)
				cpu[k] = sh->cpu[i * MAX_SEQ + s], lat[k++] = t - sh->pub[s];
			else
				missed++; /* skipped to a newer state: allowed */
		}
		if (sh->rss_kb[i] > rss_max)
			rss_max = sh->rss_kb[i];
		ahead += sh->ahead_cpu[i];
	}
	for (int s = first; s <= last; s++)
		cost[nc++] = sh->pubcost[s];
	qsort(lat, (size_t)k, sizeof *lat, cmp_double);
	qsort(cpu, (size_t)k, sizeof *cpu, cmp_double);
	qsort(cost, (size_t)nc, sizeof *cost, cmp_double);
	printf("room: %d followers, %d moves %d ms apart: publish to %s median %.1f ms, p90 %.1f ms, worst %.1f ms "
	       "(%d of %d arrivals, the rest skipped to a newer state); room_publish median %.3f ms, worst %.3f ms; "
	       "follower peak RSS %.1f MB%s\n",
	       n, last - first + 1, gap, db ? "a follower's frame written" : "receipt", pct(lat, k, 50), pct(lat, k, 90),
	       pct(lat, k, 100), k, k + missed, pct(cost, nc, 50), nc ? cost[nc - 1] : -1.0, rss_max / 1024.0,
	       db ? " (the real follower at 80x24, 120x40 and 160x48)" : " (headless: channel only)");
	if (db) {
		/* What the wall times would be on an idle host: the CPU of a move, times the
		 * followers sharing a core. */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		printf("      a follower's CPU for a move (apply, draw, write): median %.2f ms, worst %.2f ms, so %d "
		       "followers on %ld idle cores: about %.0f ms, at worst %.0f ms; loading ahead: %.0f ms of CPU "
		       "a follower per move; load average now %.1f\n",
		       pct(cpu, k, 50), pct(cpu, k, 100), n, cores, pct(cpu, k, 50) * n / (double)(cores > 0 ? cores : 1),
		       pct(cpu, k, 100) * n / (double)(cores > 0 ? cores : 1), ahead / n / (last - first + 1), loadavg());
		for (int p = 0; p < 2; p++)
			qsort(sh->resp[p], (size_t)sh->nresp, sizeof(double), cmp_double);
		printf("      the presenter's response (key -> its frame at 160x48): median %.1f ms, worst %.1f ms with "
		       "the followers idle; median %.1f ms, worst %.1f ms publishing to them\n",
		       pct(sh->resp[0], sh->nresp, 50), pct(sh->resp[0], sh->nresp, 100), pct(sh->resp[1], sh->nresp, 50),
		       pct(sh->resp[1], sh->nresp, 100));
	}
	free(lat);
	free(cost);
	free(cpu);
	free(pids);
	return 0;
}
