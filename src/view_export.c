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

/* Appends "-VALUE" (letters and digits kept, the rest '_') at out + *o. */
static void name_part(char *out, size_t n, size_t *o, const char *value)
{
	if (*o + 2 >= n)
		return;
	out[(*o)++] = '-';
	for (const char *p = value; *p && *o + 6 < n; p++)
		out[(*o)++] = isalnum((unsigned char)*p) ? *p : '_';
	out[*o] = '\0';
}

/* The name says what the file holds: the cases of the focused panel's filter, which on
 * Home is the phase the table selects ("opdeck-OMD7.csv", not "opdeck-all.csv"). */
void view_export_name(const struct view_level *lv, char *out, size_t n)
{
	struct store_filter f;
	int i = lv->focus >= 0 && lv->focus < lv->layout.npanels ? lv->focus : 0, parts = lv->loc.n, has_phase = 0;
	size_t o = (size_t)snprintf(out, n, "opdeck");

	for (int k = 0; k < lv->loc.n; k++)
		has_phase |= lv->loc.item[k].key == STORE_DIM_PHASE;
	if (view_effective_filter(lv, i, &f) == 0 && !has_phase && f.value[STORE_DIM_PHASE]) {
		name_part(out, n, &o, f.value[STORE_DIM_PHASE]);
		parts++;
	}
	store_filter_free(&f);
	for (int k = 0; k < lv->loc.n; k++)
		name_part(out, n, &o, lv->loc.item[k].value);
	snprintf(out + o, n > o ? n - o : 0, "%s.csv", parts ? "" : "-all");
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
