/*
 * bench_room: the presenter's move to N followers (DESIGN.md: 60 followers within
 * 200 ms, the presenter never waits, a follower <= 16 MB).  Printed by `make bench`,
 * never asserted.
 *
 *   bench_room [--followers N] [--moves M] [--render DATABASE]
 *
 * One presenter process and N follower processes on this host, connected through a room
 * socket in a private temporary directory.  The presenter waits until all N are
 * connected, then publishes M moves 150 ms apart (a slide change and a drill-down
 * locator).  Each follower notes when each state arrived (CLOCK_MONOTONIC is one clock
 * for every process); the publish times and arrival times meet in shared memory.
 * Without --render the followers are headless: they only receive (the channel's cost).
 * With --render each follower also draws the screen of the presenter's locator at 80x24
 * after every state, from its own read-only connection to DATABASE (kept open, as a
 * real follower does); the time is then publish to a drawn frame (not yet copied to a
 * terminal).  RSS is each follower's peak resident size (VmHWM) at the end.
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

#include "canvas.h"
#include "locator.h"
#include "room.h"
#include "store.h"
#include "view.h"

#define GAP_MS 150

struct shared {
	int n, m;
	double *pub;    /* [m + 1]: when move seq was published */
	double *recv;   /* [n * (m + 1)]: when follower i got move seq (0: never) */
	double *pubcost;/* [m + 1]: how long room_publish took */
	long *rss_kb;   /* [n] */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
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

static const char *const moves_at[] = {
	"", "phase=OMD7", "phase=OMD7/category=drugs", "phase=OMD7/category=wildlife",
	"phase=OMD7/agency=VNCUS", "phase=OMD6",
};

static void make_state(struct room_state *st, const char *session, int move)
{
	memset(st, 0, sizeof *st);
	snprintf(st->session, sizeof st->session, "%.1000s", session);
	st->nslides = 9;
	st->slide = move % 9 + 1;
	snprintf(st->at, sizeof st->at, "%s", moves_at[move % (sizeof moves_at / sizeof moves_at[0])]);
	st->item = move;
}

/* What a follower does with a state: the screen of the presenter's locator at 80x24,
 * from its own open database (the home, a drill-down or a case, as the app picks). */
static int draw(struct store *s, struct canvas *c, const struct room_state *st, char *err,
                size_t errsz)
{
	struct locator loc;
	struct view_level lv;
	struct view_chrome ch = {.db_name = "bench", .state = "following"};
	int screen = VIEW_DRILL, rc;

	if (locator_parse(st->at, &loc, err, errsz) < 0)
		return -1;
	if (loc.n == 0)
		screen = VIEW_HOME;
	else if (room_locator_view(&loc) == ROOM_VIEW_CASE)
		screen = VIEW_CASE;
	rc = view_level_init(&lv, s, &loc, screen, err, errsz);
	locator_free(&loc);
	if (rc < 0)
		return -1;
	struct view_level *stack[1] = {&lv};
	rc = view_draw(s, stack, 1, &ch, c, err, errsz);
	view_level_free(&lv);
	return rc;
}

static int follower(struct shared *sh, int i, const char *path, const char *db)
{
	char err[256], note[256];
	struct room *r;
	struct room_state st;
	double give_up = now_ms() + 120000;
	struct store *s = NULL;
	struct canvas c;

	/* A follower opens its database and draws before it joins (as `opdeck follow` would
	 * while it waits for the presenter): the presenter's moves find it warm. */
	if (db) {
		memset(&st, 0, sizeof st);
		if (!(s = store_open(db, STORE_READ, err, sizeof err)) || canvas_init(&c, 80, 24, 0) < 0 ||
		    draw(s, &c, &st, err, sizeof err) < 0) {
			fprintf(stderr, "bench_room: %s\n", err);
			return 1;
		}
	}
	if (!(r = room_follow(path, err, sizeof err))) {
		fprintf(stderr, "bench_room: %s\n", err);
		return 1;
	}
	while (now_ms() < give_up) {
		struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
		int to = room_timeout(r);
		poll(&pf, pf.fd >= 0 ? 1 : 0, to < 0 || to > 1000 ? 1000 : to);
		int ev = room_poll(r, &st, note, sizeof note);
		if (!(ev & ROOM_EV_STATE))
			continue;
		if (s && draw(s, &c, &st, err, sizeof err) < 0) {
			fprintf(stderr, "bench_room: follower %d: %s\n", i, err);
			return 1;
		}
		if (st.seq <= (unsigned long long)sh->m)
			sh->recv[i * (sh->m + 1) + (int)st.seq] = now_ms();
		if (st.seq == (unsigned long long)sh->m)
			break;
	}
	sh->rss_kb[i] = peak_rss_kb();
	if (s) {
		canvas_free(&c);
		store_close(s);
	}
	room_close(r);
	return 0;
}

static int presenter(struct shared *sh, const char *path, const char *session)
{
	char err[256];
	struct room *r = room_present(path, err, sizeof err);
	struct room_state st;
	double deadline = now_ms() + 120000;

	if (!r) {
		fprintf(stderr, "bench_room: %s\n", err);
		return 1;
	}
	while (room_followers(r) < sh->n) {
		if (now_ms() > deadline) {
			fprintf(stderr, "bench_room: only %d of %d followers connected\n",
			        room_followers(r), sh->n);
			room_close(r);
			return 1;
		}
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
		double next = t0 + GAP_MS;
		for (double t; (t = now_ms()) < next;) {
			struct pollfd pf = {.fd = room_fd(r), .events = POLLIN};
			poll(&pf, 1, (int)(next - t) + 1);
			room_poll(r, NULL, NULL, 0);
		}
	}
	room_close(r);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = 60, m = 40;
	const char *db = NULL;
	char dir[] = "/tmp/opdeck-bench-XXXXXX", path[128], session[PATH_MAX];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--followers") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--moves") == 0 && i + 1 < argc)
			m = atoi(argv[++i]);
		else if (strcmp(argv[i], "--render") == 0 && i + 1 < argc)
			db = argv[++i];
		else {
			fprintf(stderr, "usage: bench_room [--followers N] [--moves M] [--render DATABASE]\n");
			return 2;
		}
	}
	if (n < 1 || n > ROOM_MAX_FOLLOWERS || m < 1 || m > 10000) {
		fprintf(stderr, "bench_room: 1..%d followers, 1..10000 moves\n", ROOM_MAX_FOLLOWERS);
		return 2;
	}
	if (!realpath("sample-data/omd7-closing.yaml", session))
		snprintf(session, sizeof session, "/bench/session.yaml");
	if (!mkdtemp(dir)) {
		perror("bench_room: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/bench.sock", dir);

	size_t bytes = sizeof(double) * ((size_t)(m + 1) * (size_t)(n + 2)) + sizeof(long) * (size_t)n;
	char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("bench_room: mmap");
		return 1;
	}
	struct shared sh = {.n = n, .m = m};
	sh.pub = (double *)mem;
	sh.pubcost = sh.pub + m + 1;
	sh.recv = sh.pubcost + m + 1;
	sh.rss_kb = (long *)(sh.recv + (size_t)n * (size_t)(m + 1));

	pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
	pids[n] = fork();
	if (pids[n] == 0)
		_exit(presenter(&sh, path, session));
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(follower(&sh, i, path, db));
	}
	int failed = 0;
	for (int i = 0; i <= n; i++) {
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

	double *lat = calloc((size_t)n * (size_t)m, sizeof *lat), *cost = calloc((size_t)m, sizeof *cost);
	int k = 0, missed = 0;
	long rss_max = 0;
	for (int i = 0; i < n; i++) {
		for (int s = 1; s <= m; s++) {
			double t = sh.recv[i * (m + 1) + s];
			if (t > 0)
				lat[k++] = t - sh.pub[s];
			else
				missed++; /* skipped to a newer state: allowed, never happens at 150 ms */
		}
		if (sh.rss_kb[i] > rss_max)
			rss_max = sh.rss_kb[i];
	}
	for (int s = 1; s <= m; s++)
		cost[s - 1] = sh.pubcost[s];
	qsort(lat, (size_t)k, sizeof *lat, cmp_double);
	qsort(cost, (size_t)m, sizeof *cost, cmp_double);
	printf("room: %d followers, %d moves: publish to %s median %.2f ms, p99 %.2f ms, worst %.2f ms "
	       "(%d of %d arrivals, the rest skipped to a newer state); presenter's room_publish "
	       "median %.3f ms, worst %.3f ms; follower peak RSS %.1f MB%s\n",
	       n, m, db ? "a drawn 80x24 frame" : "receipt", k ? lat[k / 2] : -1.0,
	       k ? lat[(size_t)k * 99 / 100] : -1.0, k ? lat[k - 1] : -1.0, k, k + missed,
	       cost[m / 2], cost[m - 1], rss_max / 1024.0,
	       db ? " (drawing 80x24 from its own connection)" : " (headless: channel only)");
	free(lat);
	free(cost);
	free(pids);
	return 0;
}
