/*
 * bench_refresh: what the live dashboard does when one case arrives, timed in one
 * process: the home screen is drawn, another connection imports one case, then the
 * viewer notices the change (PRAGMA data_version), drops its cached data and draws the
 * home screen again.  Prints the milliseconds of that refresh (best of several).
 *
 * usage: bench_refresh DATABASE CASE.csv   (the CSV holds one case whose ref is free; each
 *        round rewrites the ref so that the round can import it again)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "canvas.h"
#include "locator.h"
#include "store.h"
#include "view.h"

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

int main(int argc, char **argv)
{
	char err[600];
	struct locator home = { 0 };
	struct view_level lv;
	struct canvas c;
	struct view_chrome ch = { .db_name = "bench", .state = "live" };
	double best = 1e9, first;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_refresh DATABASE CASE.csv\n");
		return 2;
	}
	struct store *s = store_open(argv[1], STORE_READ, err, sizeof err);
	if (!s || view_level_init(&lv, s, &home, VIEW_HOME, err, sizeof err) < 0 || canvas_init(&c, 120, 40, 0) < 0) {
		fprintf(stderr, "bench_refresh: %s\n", err);
		return 1;
	}
	struct view_level *stack[1] = { &lv };
	double t0 = now_ms();
	if (view_draw(s, stack, 1, &ch, &c, err, sizeof err) < 0) {
		fprintf(stderr, "bench_refresh: %s\n", err);
		return 1;
	}
	first = now_ms() - t0;
	for (int r = 0; r < 5; r++) {
		char csv[512];
		snprintf(csv, sizeof csv, "%s.round", argv[2]);
		struct store *w = store_open(argv[1], STORE_WRITE, err, sizeof err);
		if (!w || write_case(argv[2], csv, r + (int)time(NULL) % 100000 * 10) < 0 ||
		    store_import_csv(w, csv, stderr) != 1) {
			fprintf(stderr, "bench_refresh: cannot import the case: %s\n", w ? store_error(w) : err);
			return 1;
		}
		store_close(w);
		t0 = now_ms();
		if (store_changed(s) != 1) {
			fprintf(stderr, "bench_refresh: the change was not seen\n");
			return 1;
		}
		view_level_invalidate(&lv);
		if (view_draw(s, stack, 1, &ch, &c, err, sizeof err) < 0) {
			fprintf(stderr, "bench_refresh: %s\n", err);
			return 1;
		}
		double t = now_ms() - t0;
		if (t < best)
			best = t;
	}
	printf("%.1f %.1f\n", first, best);
	view_level_free(&lv);
	canvas_free(&c);
	store_close(s);
	return 0;
}
