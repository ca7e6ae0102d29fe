/*
 * bench_refresh: what the live dashboard does when one case arrives, timed in one
 * process, for each screen given: the screen is drawn, another connection imports one
 * case, then the viewer notices the change (PRAGMA data_version), drops its cached data
 * (listing the figures it showed, to highlight those that change) and draws the screen
 * again.
 *
 * The writer is another process, as for the live dashboard (this program run again with
 * --import, by posix_spawn, which shares no pages with the viewer): importing in the
 * viewer's own process left it the writer's heap, file descriptors and caches, and its
 * refresh cost up to a millisecond more than a dashboard's.
 *
 * usage: bench_refresh DATABASE CASE.csv [LOCATOR...]   (the CSV holds one case whose ref
 *        is free; each round rewrites the ref so that the round can import it again)
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "view.h"

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Writes csv with the ref made unique for round r. */
static int write_case(const char *tmpl, const char *out, int r)
{
	char line[4096], *all = NULL;
	size_t len = 0;
	FILE *in = fopen(tmpl, "r"), *o = NULL;
	int rc = -1;

	if (!in)
		return -1;
	while (fgets(line, sizeof line, in)) {
		size_t n = strlen(line);
		char *grown = realloc(all, len + n + 1);
		if (!grown)
			goto out;
		all = grown;
		memcpy(all + len, line, n + 1);
		len += n;
	}
	if (!all || !(o = fopen(out, "w")))
		goto out;
	char *nl = strchr(all, '\n');
	if (!nl)
		goto out;
	/* header, then "REF-<round>" in place of the first field */
	fwrite(all, 1, (size_t)(nl - all + 1), o);
	char *comma = strchr(nl + 1, ',');
	if (!comma)
		goto out;
	fprintf(o, "%.*s-%d%s", (int)(comma - nl - 1), nl + 1, r, comma);
	rc = 0;
out:
	if (o)
		fclose(o);
	fclose(in);
	free(all);
	return rc;
}

extern char **environ;

/* Imports csv into db from another process (this program with --import); 0 when it did. */
static int import_apart(const char *db, const char *csv)
{
	char *argv[] = { "bench_refresh", "--import", (char *)db, (char *)csv, NULL };
	pid_t pid;
	int status;

	if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ) != 0)
		return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* The writer's side: one import, 0 when it added the case. */
static int import_here(const char *db, const char *csv)
{
	char err[600];
	struct store *w = store_open(db, STORE_WRITE, err, sizeof err);
	if (!w) {
		fprintf(stderr, "bench_refresh: %s\n", err);
		return 1;
	}
	int n = store_import_csv(w, csv, stderr);
	store_close(w);
	return n == 1 ? 0 : 1;
}

static int fail(const char *what, const char *why)
{
	fprintf(stderr, "bench_refresh: %s: %s\n", what, why);
	return 1;
}

/*
 * One screen: drawn once (its first draw in this process), then five rounds of one
 * case imported by another connection and the refresh timed: change seen, cached data
 * dropped, queried and drawn again.  Prints "LOCATOR FIRST_MS REFRESH_MS" (the median
 * refresh; the CPU time of the refresh, which the machine's load does not inflate, in
 * a fourth column).
 */
static int bench_screen(const char *db, const char *csv_tmpl, const char *at, int *round)
{
	char err[600];
	struct locator loc = { 0 };
	struct view_level lv;
	struct canvas c;
	struct view_chrome ch = { .db_name = "bench", .state = "live" };
	double t[5], cpu[5];

	struct store *s = store_open(db, STORE_READ, err, sizeof err);
	if (!s)
		return fail(db, err);
	if ((*at && locator_parse(at, &loc, err, sizeof err) < 0) ||
	    view_level_init(&lv, s, &loc, VIEW_HOME, err, sizeof err) < 0 || canvas_init(&c, 160, 48, 0) < 0)
		return fail(at, err);
	struct view_level *stack[1] = { &lv };
	double t0 = now_ms();
	if (view_draw(s, stack, 1, &ch, &c, err, sizeof err) < 0)
		return fail(at, err);
	double first = now_ms() - t0;
	for (int r = 0; r < 5; r++) {
		char csv[512];
		snprintf(csv, sizeof csv, "%s.round", csv_tmpl);
		if (write_case(csv_tmpl, csv, (*round)++ + (int)time(NULL) % 100000 * 100) < 0 ||
		    import_apart(db, csv) < 0)
			return fail("cannot import the case", csv);
		double c0 = cpu_ms();
		t0 = now_ms();
		if (store_changed(s) != 1)
			return fail(at, "the change was not seen");
		view_level_refresh(&lv, t0 / 1e3); /* as the app: what changed is marked too */
		if (view_draw(s, stack, 1, &ch, &c, err, sizeof err) < 0)
			return fail(at, err);
		t[r] = now_ms() - t0;
		cpu[r] = cpu_ms() - c0;
	}
	for (int i = 0; i < 5; i++) /* sort both for the medians */
		for (int j = i + 1; j < 5; j++) {
			if (t[j] < t[i]) { double x = t[i]; t[i] = t[j]; t[j] = x; }
			if (cpu[j] < cpu[i]) { double x = cpu[i]; cpu[i] = cpu[j]; cpu[j] = x; }
		}
	printf("%s %.1f %.2f %.2f\n", *at ? at : "home", first, t[2], cpu[2]);
	fflush(stdout);
	view_level_free(&lv);
	canvas_free(&c);
	locator_free(&loc);
	store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	int round = 0;

	if (argc == 4 && strcmp(argv[1], "--import") == 0)
		return import_here(argv[2], argv[3]);
	if (argc < 3) {
		fprintf(stderr, "usage: bench_refresh DATABASE CASE.csv [LOCATOR...]   (\"\" is the home screen)\n");
		return 2;
	}
	if (argc == 3)
		return bench_screen(argv[1], argv[2], "", &round);
	for (int i = 3; i < argc; i++)
		if (bench_screen(argv[1], argv[2], argv[i], &round))
			return 1;
	return 0;
}
