/*
 * view_export: e in the dashboard writes the cases of the view on screen to a file, as
 * `opdeck export` would (CSV, or JSON for a name ending in .json), listed in the order of
 * the screen's case list.  The app asks for the name and before overwriting; this file
 * proposes the name and writes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "view_internal.h"

void view_export_name(const struct view_level *lv, char *out, size_t n)
{
	size_t o = (size_t)snprintf(out, n, "opdeck");
	for (int i = 0; i < lv->loc.n && o + 2 < n; i++) {
		out[o++] = '-';
		for (const char *p = lv->loc.item[i].value; *p && o + 6 < n; p++)
			out[o++] = isalnum((unsigned char)*p) ? *p : '_';
	}
	snprintf(out + o, n > o ? n - o : 0, "%s.csv", lv->loc.n ? "" : "-all");
}

int view_export(struct store *s, const struct view_level *lv, const char *path, long long *ncases, char *err,
                size_t errsz)
{
	int i = lv->focus, order = STORE_ORDER_NEWEST, rc;
	const char *dot = strrchr(path, '.');
	struct store_filter f;
	struct store_agg all = { 0 };
	FILE *out;

	*ncases = 0;
	/* the focused panel's cases (on Home: of the phase selected in the table), in the
	 * order of the case list when that is what has the focus */
	if (i >= 0 && i < lv->layout.npanels && lv->layout.panels[i].type == VIEW_PANEL_CASES)
		order = lv->sort[i];
	if (view_effective_filter(lv, i >= 0 ? i : 0, &f) < 0) {
		store_filter_free(&f);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (!(out = fopen(path, "w"))) {
		snprintf(err, errsz, "%s", strerror(errno));
		store_filter_free(&f);
		return -1;
	}
	rc = store_aggregate(s, &f, STORE_DIM_CATEGORY, &all) < 0 ? -1
	     : store_export_ordered(s, &f, dot && strcmp(dot, ".json") == 0 ? STORE_FORMAT_JSON : STORE_FORMAT_CSV,
	                            order, out);
	if (rc < 0)
		snprintf(err, errsz, "%s", store_error(s));
	if (fclose(out) != 0 && rc == 0) {
		snprintf(err, errsz, "%s", strerror(errno));
		rc = -1;
	}
	*ncases = all.total.cases;
	store_agg_free(&all);
	store_filter_free(&f);
	return rc;
}
