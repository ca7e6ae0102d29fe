/*
 * present_check: what `opdeck check` and an opening session ask of a session beyond its
 * syntax: that every locator names values the database holds, and that every slide's
 * panels can show their content at a given terminal size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locator.h"
#include "present.h"
#include "view.h"

/* One locator against the database; the message says where it was written. */
static int check_one(const struct session *ss, struct store *s, const char *text, int line, int col,
                     const char *what, char *err, size_t errsz)
{
	struct locator loc;
	struct store_filter f;
	char why[300], where[64] = "";
	int rc = 0;

	if (!text)
		return 0;
	if (line > 0)
		snprintf(where, sizeof where, ":%d:%d", line, col > 0 ? col : 1);
	if (locator_parse(text, &loc, why, sizeof why) < 0) {
		snprintf(err, errsz, "%s%s: %s '%s': %s", ss->path ? ss->path : "", where, what, text, why);
		return -1;
	}
	if (locator_to_filter(&loc, &f) < 0) {
		locator_free(&loc);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (store_filter_check(s, &f) < 0) {
		snprintf(err, errsz, "%s%s: %s '%s': %s", ss->path ? ss->path : "", where, what, text, store_error(s));
		rc = -1;
	}
	store_filter_free(&f);
	locator_free(&loc);
	return rc;
}

int present_check_locators(const struct session *ss, struct store *s, char *err, size_t errsz)
{
	if (!s)
		return 0;
	if (check_one(ss, s, ss->filter, 0, 0, "filter", err, errsz) < 0)
		return -1;
	for (int i = 0; i < ss->nslides; i++) {
		const struct session_slide *sl = &ss->slides[i];
		if (check_one(ss, s, sl->filter, sl->line, 1, "the slide's filter", err, errsz) < 0)
			return -1;
		for (int k = 0; k < sl->npanels; k++) {
			const struct session_panel *p = &sl->panels[k];
			if (check_one(ss, s, p->filter, p->line, p->column, "filter", err, errsz) < 0 ||
			    check_one(ss, s, p->compare[0], p->line, p->column, "compare", err, errsz) < 0 ||
			    check_one(ss, s, p->compare[1], p->line, p->column, "compare", err, errsz) < 0)
				return -1;
		}
	}
	return 0;
}

/* Draws slide k at cols x rows as presented and writes what its panels lose to out
 * ("bars: 2 of 12 rows; matrix: …"); returns 1 when something is lost, 0 when not, -1
 * when the slide could not be drawn (the reason in out). */
static int fit_slide(const struct session *ss, int k, struct store *s, struct canvas *c, char *out, size_t n)
{
	struct locator base = { 0 };
	struct view_level lv;
	char err[300];
	size_t len = 0;
	int lost = 0;

	out[0] = '\0';
	if (ss->filter && locator_parse(ss->filter, &base, err, sizeof err) < 0) {
		snprintf(out, n, "filter '%s': %s", ss->filter, err);
		return -1;
	}
	if (view_level_init_slide(&lv, s, &base, &ss->slides[k], err, sizeof err) < 0) {
		locator_free(&base);
		snprintf(out, n, "%s", err);
		return -1;
	}
	locator_free(&base);
	canvas_clear(c);
	if (view_draw_area(s, &lv, c, present_body(c), err, sizeof err) < 0) {
		view_level_free(&lv);
		snprintf(out, n, "%s", err);
		return -1;
	}
	for (int i = 0; i < lv.layout.npanels && len < n; i++) {
		char why[200];
		if (view_panel_fit(&lv, i, why, sizeof why)) {
			len += (size_t)snprintf(out + len, n - len, "%s%s", lost ? "; " : "", why);
			lost = 1;
		}
	}
	view_level_free(&lv);
	return lost;
}

int present_check_fit(const struct session *ss, int cols, int rows, struct store *s, FILE *msgs)
{
	struct canvas c;
	char why[1024];
	int bad = 0;

	if (cols < VIEW_MIN_COLS || rows < VIEW_MIN_ROWS) {
		fprintf(msgs, "%s: at %dx%d nothing is shown: the terminal is too small (need %dx%d)\n",
		        ss->path ? ss->path : "", cols, rows, VIEW_MIN_COLS, VIEW_MIN_ROWS);
		return ss->nslides;
	}
	if (canvas_init(&c, cols, rows, 0) < 0) {
		fprintf(msgs, "out of memory\n");
		return -1;
	}
	for (int k = 0; k < ss->nslides; k++) {
		int rc = fit_slide(ss, k, s, &c, why, sizeof why);
		if (rc == 0)
			continue;
		fprintf(msgs, "%s:%d:1: at %dx%d, slide %d '%s' %s: %s\n", ss->path ? ss->path : "", ss->slides[k].line,
		        cols, rows, k + 1, ss->slides[k].title ? ss->slides[k].title : "",
		        rc < 0 ? "cannot be drawn" : "does not show everything", why);
		if (rc < 0) {
			canvas_free(&c);
			return -1;
		}
		bad++;
	}
	canvas_free(&c);
	return bad;
}

void present_fit_summary(const struct session *ss, struct store *s, int cols, int rows, char *out, size_t n)
{
	struct canvas c;
	char why[1024], list[256] = "";
	size_t len = 0;
	int bad = 0;

	out[0] = '\0';
	if (cols < VIEW_MIN_COLS || rows < VIEW_MIN_ROWS || canvas_init(&c, cols, rows, 0) < 0)
		return;
	for (int k = 0; k < ss->nslides; k++)
		if (fit_slide(ss, k, s, &c, why, sizeof why) != 0) {
			if (len < sizeof list)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%d", bad ? ", " : "", k + 1);
			bad++;
		}
	canvas_free(&c);
	if (bad)
		snprintf(out, n, "at %dx%d slide%s %s cannot show everything (opdeck check --size %dx%d for what)",
		         cols, rows, bad == 1 ? "" : "s", list, cols, rows);
}
