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
