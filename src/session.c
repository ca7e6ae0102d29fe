/*
 * session: review sessions and layouts from YAML into the plain structs of session.h.
 *
 * The config module reads the file into a tree with positions and offers typed getters;
 * this file knows the session format (README "Session and layout files"): which keys
 * each level takes, their defaults, and the checks that
 * need more than one key (a panel inside its grid, panels that overlap, the options a
 * panel type takes).  The panel types are asked through view.h (name, keys, sort names,
 * their own check), so a new type needs nothing here.
 *
 * Every error is one message "FILE:LINE:COL: what", with the nearest valid key or value
 * suggested where one is close.  Nothing is silently defaulted: an absent key takes its
 * documented default, a present key with a bad value is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "locator.h"
#include "session.h"
#include "view.h"
#include "widget.h"
#include "xmalloc.h"

/* Smallest useful size of a weighted row: a box with one line inside. */
#define SESSION_ROW_MIN 3

static const char *const session_keys[] = { "title", "subtitle", "theme", "filter", "data", "followers", "slides",
                                            NULL };
static const char *const layout_keys[] = { "layout", "theme", "filter", "screens", NULL };
static const char *const slide_keys[] = { "title", "time", "filter", "notes", "grid", "panels", NULL };
static const char *const screen_keys[] = { "name", "title", "filter", "grid", "panels", NULL };
static const char *const grid_keys[] = { "rows", "columns", NULL };
static const char *const track_keys[] = { "weight", "size", "min", "optional", NULL };
static const char *const follower_keys[] = { "scope", "mask", NULL };

/* What a parse is loading, for the rules that differ. */
struct ctx {
	int layout;   /* a layout file: screens, layout-only dimension values */
	char *err;
	size_t errsz;
};

static char *dup_str(const struct config_node *n, const char *what, struct ctx *cx, int *rc)
{
	const char *v;

	if (config_str(n, what, &v, cx->err, cx->errsz) < 0) {
		*rc = -1;
		return NULL;
	}
	return xstrdup(v);
}

static char *dup_locator(const struct config_node *n, const char *what, struct ctx *cx, int *rc)
{
	const char *v;

	if (config_locator(n, what, &v, cx->err, cx->errsz) < 0) {
		*rc = -1;
		return NULL;
	}
	return xstrdup(v);
}

/* ---- grid --------------------------------------------------------------------------- */

/* One row or column: 2 (a weight), {weight: 2}, {size: 30}, {size: auto} (rows), with min
 * and (rows) optional. */
static int parse_track(const struct config_node *n, int row, struct session_track *t, struct ctx *cx)
{
	const char *what = row ? "row" : "column";
	const struct config_node *w, *sz, *mn, *op;
	long v;

	*t = (struct session_track){ 1, 0, row ? SESSION_ROW_MIN : 0, 0 };
	if (n->kind == CONFIG_SCALAR) {
		if (row && n->value && strcmp(n->value, "auto") == 0) {
			*t = (struct session_track){ 0, 1, 0, 0 };
			return 0;
		}
		if (config_int(n, row ? "row weight" : "column weight", 1, 1000, &v, cx->err, cx->errsz) < 0)
			return -1;
		t->size = (int)v;
		return 0;
	}
	if (config_check_keys(n, track_keys, NULL, cx->err, cx->errsz) < 0)
		return -1;
	w = config_get(n, "weight");
	sz = config_get(n, "size");
	mn = config_get(n, "min");
	op = config_get(n, "optional");
	if (w && sz)
		return config_error(sz, cx->err, cx->errsz, "a %s has a weight or a size, not both", what);
	if (w) {
		if (config_int(w, "weight", 1, 1000, &v, cx->err, cx->errsz) < 0)
			return -1;
		t->size = (int)v;
	} else if (sz) {
		t->fixed = 1;
		if (row && sz->kind == CONFIG_SCALAR && sz->value && strcmp(sz->value, "auto") == 0) {
			t->size = 0;
			t->min = 0;
		} else {
			if (config_int(sz, row ? "row size (lines)" : "column size (cells)", 1, 1000, &v, cx->err,
			               cx->errsz) < 0)
				return -1;
			t->size = (int)v;
			t->min = (int)v; /* a fixed track keeps its size unless it names a minimum */
		}
	}
	if (mn) {
		if (config_int(mn, "min", 1, 1000, &v, cx->err, cx->errsz) < 0)
			return -1;
		if (t->fixed && t->size > 0 && v > t->size)
			return config_error(mn, cx->err, cx->errsz, "min %ld is larger than the size %d", v, t->size);
		t->min = (int)v;
	}
	if (op) {
		if (!row)
			return config_error(op, cx->err, cx->errsz, "only rows can be optional");
		if (config_bool(op, "optional", &t->optional, cx->err, cx->errsz) < 0)
			return -1;
	}
	return 0;
}

static int parse_tracks(const struct config_node *n, int row, struct session_track *t, int *count, struct ctx *cx)
{
	const char *what = row ? "rows" : "columns";

	if (n->kind != CONFIG_SEQ || n->n == 0) {
		char d[128];
		config_describe(n, d, sizeof d);
		return config_error(n, cx->err, cx->errsz, "%s must be a list like [1, 2] or [1, {size: 30}], found %s",
		                    what, d);
	}
	if (n->n > SESSION_MAX_TRACKS)
		return config_error(n->items[SESSION_MAX_TRACKS], cx->err, cx->errsz, "at most %d %s",
		                    SESSION_MAX_TRACKS, what);
	for (int i = 0; i < n->n; i++)
		if (parse_track(n->items[i], row, &t[i], cx) < 0)
			return -1;
	*count = n->n;
	return 0;
}

static int parse_grid(const struct config_node *n, struct session_slide *sl, struct ctx *cx)
{
	const struct config_node *r, *c;

	sl->nrows = sl->ncols = 1;
	sl->rows[0] = (struct session_track){ 1, 0, SESSION_ROW_MIN, 0 };
	sl->cols[0] = (struct session_track){ 1, 0, 0, 0 };
	if (!n)
		return 0;
	if (config_check_keys(n, grid_keys, NULL, cx->err, cx->errsz) < 0)
		return -1;
	if ((r = config_get(n, "rows")) && parse_tracks(r, 1, sl->rows, &sl->nrows, cx) < 0)
		return -1;
	if ((c = config_get(n, "columns")) && parse_tracks(c, 0, sl->cols, &sl->ncols, cx) < 0)
		return -1;
	return 0;
}

/* ---- panels ------------------------------------------------------------------------- */

/* A dimension name, or in a layout open1..open3 (the Nth the filter leaves open). */
static int parse_dim(const struct config_node *n, const char *what, struct ctx *cx, int *out)
{
	const char *names[STORE_DIM_COUNT + 3];
	static const char *const open[3] = { "open1", "open2", "open3" };
	int k, count = 0;

	for (int d = 0; d < STORE_DIM_COUNT; d++)
		names[count++] = store_dim_name(d);
	for (int i = 0; i < 3; i++)
		names[count++] = open[i];
	if (config_choice(n, what, names, count, &k, cx->err, cx->errsz) < 0)
		return -1;
	if (k >= STORE_DIM_COUNT) {
		if (!cx->layout)
			return config_error(n, cx->err, cx->errsz, "'%s' is a layout-only value (in layout files)", names[k]);
		k = VIEW_DIM_OPEN + (k - STORE_DIM_COUNT);
	}
	*out = k;
	return 0;
}

/* by2 may be a list in a layout: the first of them the filter leaves open. */
static int parse_dim2(const struct config_node *n, struct ctx *cx, int *out)
{
	int mask = 0, d;

	if (n->kind != CONFIG_SEQ)
		return parse_dim(n, "dimension (by2)", cx, out);
	if (!cx->layout)
		return config_error(n, cx->err, cx->errsz, "a list in by2 is a layout-only value (in layout files)");
	if (n->n == 0)
		return config_error(n, cx->err, cx->errsz, "by2 lists at least one dimension");
	for (int i = 0; i < n->n; i++) {
		if (parse_dim(n->items[i], "dimension (by2)", cx, &d) < 0)
			return -1;
		if (d >= STORE_DIM_COUNT)
			return config_error(n->items[i], cx->err, cx->errsz, "a by2 list names dimensions, not open1..open3");
		mask |= 1 << d;
	}
	*out = VIEW_DIM_ANY + mask;
	return 0;
}

/* [a, b] of whole numbers. */
static int parse_pair(const struct config_node *n, const char *what, long min, int *a, int *b, struct ctx *cx)
{
	long v[2];
	int count;

	if (config_ints(n, what, min, SESSION_MAX_TRACKS, v, 2, &count, cx->err, cx->errsz) < 0)
		return -1;
	if (count != 2)
		return config_error(n, cx->err, cx->errsz, "%s is [row, column], two numbers", what);
	*a = (int)v[0];
	*b = (int)v[1];
	return 0;
}

static int parse_panel(const struct config_node *n, struct session_panel *p, struct ctx *cx)
{
	const char *types[VIEW_PANEL_COUNT];
	static const char *const required[] = { "type", NULL };
	const struct config_node *v;
	int rc = 0;

	*p = (struct session_panel){ .type = -1, .dim = -1, .dim2 = -1, .measure = -1, .sort = -1,
	                             .rowspan = 1, .colspan = 1, .line = n->line, .column = n->col };
	if (config_check_keys(n, view_panel_keys, required, cx->err, cx->errsz) < 0)
		return -1;
	for (int t = 0; t < VIEW_PANEL_COUNT; t++)
		types[t] = view_panel_type_name(t);
	if (config_choice(config_get(n, "type"), "panel type", types, VIEW_PANEL_COUNT, &p->type, cx->err,
	                  cx->errsz) < 0)
		return -1;
	for (int i = 0; i < n->n; i++)
		if (!view_panel_takes(p->type, n->keys[i]))
			return config_key_error(n, i, cx->err, cx->errsz, "a %s panel takes no '%s'", types[p->type],
			                        n->keys[i]);
	if ((v = config_get(n, "place")) && parse_pair(v, "place", 0, &p->row, &p->col, cx) < 0)
		return -1;
	if ((v = config_get(n, "span")) && parse_pair(v, "span", 1, &p->rowspan, &p->colspan, cx) < 0)
		return -1;
	if ((v = config_get(n, "title")))
		p->title = dup_str(v, "title", cx, &rc);
	if (rc == 0 && (v = config_get(n, "filter")))
		p->filter = dup_locator(v, "filter", cx, &rc);
	if (rc == 0 && (v = config_get(n, "by")))
		rc = parse_dim(v, "dimension (by)", cx, &p->dim);
	if (rc == 0 && (v = config_get(n, "by2")))
		rc = parse_dim2(v, cx, &p->dim2);
	if (rc == 0 && (v = config_get(n, "measure"))) {
		const char *names[WIDGET_MEASURE_COUNT];
		for (int m = 0; m < WIDGET_MEASURE_COUNT; m++)
			names[m] = widget_measure_name(m);
		rc = config_choice(v, "measure", names, WIDGET_MEASURE_COUNT, &p->measure, cx->err, cx->errsz);
	}
	if (rc == 0 && (v = config_get(n, "sort"))) {
		int ns;
		const char *const *names = view_panel_sorts(p->type, &ns);
		rc = config_choice(v, "sort", names, ns, &p->sort, cx->err, cx->errsz);
	}
	if (rc == 0 && (v = config_get(n, "limit"))) {
		long l;
		rc = config_int(v, "limit", 1, 1000, &l, cx->err, cx->errsz);
		p->limit = (int)l;
	}
	if (rc == 0 && (v = config_get(n, "text")))
		p->text = dup_str(v, "text", cx, &rc);
	if (rc == 0 && (v = config_get(n, "compare"))) {
		if (v->kind == CONFIG_SCALAR && v->value && strcmp(v->value, "phases") == 0) {
			/* both NULL: every phase side by side */
		} else if (v->kind != CONFIG_SEQ || v->n != 2) {
			rc = config_error(v, cx->err, cx->errsz,
			                  "compare is two locators, like [phase=OMD7, phase=OMD6], or 'phases'");
		} else {
			p->compare[0] = dup_locator(v->items[0], "compare", cx, &rc);
			if (rc == 0)
				p->compare[1] = dup_locator(v->items[1], "compare", cx, &rc);
		}
	}
	if (rc < 0)
		return -1;
	char msg[300];
	if (view_panel_check(p, msg, sizeof msg) < 0)
		return config_error(n, cx->err, cx->errsz, "%s", msg);
	return 0;
}

/* Panels inside the grid and not on top of each other. */
static int check_places(const struct config_node *panels, const struct session_slide *sl, struct ctx *cx)
{
	for (int i = 0; i < sl->npanels; i++) {
		const struct session_panel *p = &sl->panels[i];
		const struct config_node *n = panels->items[i];
		const struct config_node *at = config_get(n, "span") ? config_get(n, "span") : config_get(n, "place");
		if (!at)
			at = n;
		if (p->row + p->rowspan > sl->nrows || p->col + p->colspan > sl->ncols)
			return config_error(at, cx->err, cx->errsz,
			                    "the panel at [%d, %d] spanning [%d, %d] leaves the grid (%d row%s x %d column%s)",
			                    p->row, p->col, p->rowspan, p->colspan, sl->nrows, sl->nrows == 1 ? "" : "s",
			                    sl->ncols, sl->ncols == 1 ? "" : "s");
		for (int j = 0; j < i; j++) {
			const struct session_panel *q = &sl->panels[j];
			if (p->row < q->row + q->rowspan && q->row < p->row + p->rowspan && p->col < q->col + q->colspan &&
			    q->col < p->col + p->colspan)
				return config_error(at, cx->err, cx->errsz,
				                    "the panel at [%d, %d] overlaps the %s panel at [%d, %d] (line %d)", p->row,
				                    p->col, view_panel_type_name(q->type), q->row, q->col, q->line);
		}
	}
	/* An auto row is as tall as its panels want: some panel must start there alone. */
	for (int r = 0; r < sl->nrows; r++) {
		if (!sl->rows[r].fixed || sl->rows[r].size != 0)
			continue;
		int any = 0;
		for (int i = 0; i < sl->npanels; i++)
			any |= sl->panels[i].row == r && sl->panels[i].rowspan == 1;
		if (!any)
			return config_error(panels, cx->err, cx->errsz, "row %d is 'auto' but no panel sits in it alone", r);
	}
	return 0;
}

/* ---- slides and screens ------------------------------------------------------------- */

static int parse_slide(const struct config_node *n, struct session_slide *sl, struct ctx *cx)
{
	static const char *const slide_required[] = { "title", "panels", NULL };
	static const char *const screen_required[] = { "name", "panels", NULL };
	const struct config_node *v, *panels;
	int rc = 0;

	sl->line = n->line;
	if (config_check_keys(n, cx->layout ? screen_keys : slide_keys, cx->layout ? screen_required : slide_required,
	                      cx->err, cx->errsz) < 0)
		return -1;
	if (cx->layout) {
		const char *names[VIEW_SCREEN_COUNT];
		int k;
		for (k = 0; k < VIEW_SCREEN_COUNT; k++)
			names[k] = view_screen_name(k);
		if (config_choice(config_get(n, "name"), "screen", names, VIEW_SCREEN_COUNT, &k, cx->err, cx->errsz) < 0)
			return -1;
		sl->name = xstrdup(names[k]);
	}
	if ((v = config_get(n, "title")))
		sl->title = dup_str(v, "title", cx, &rc);
	if (rc == 0 && (v = config_get(n, "filter")))
		sl->filter = dup_locator(v, "filter", cx, &rc);
	if (rc == 0 && (v = config_get(n, "notes")))
		sl->notes = dup_str(v, "notes", cx, &rc);
	if (rc == 0 && (v = config_get(n, "time")))
		rc = config_duration(v, "time budget", &sl->budget_s, cx->err, cx->errsz);
	if (rc < 0 || parse_grid(config_get(n, "grid"), sl, cx) < 0)
		return -1;
	panels = config_get(n, "panels");
	if (panels->kind != CONFIG_SEQ || panels->n == 0) {
		char d[128];
		config_describe(panels, d, sizeof d);
		return config_error(panels, cx->err, cx->errsz, "panels must be a list of at least one panel, found %s", d);
	}
	if (panels->n > SESSION_MAX_PANELS)
		return config_error(panels->items[SESSION_MAX_PANELS], cx->err, cx->errsz, "at most %d panels on a %s",
		                    SESSION_MAX_PANELS, cx->layout ? "screen" : "slide");
	for (int i = 0; i < panels->n; i++) {
		sl->npanels = i + 1; /* so that session_free frees what this panel holds */
		if (parse_panel(panels->items[i], &sl->panels[i], cx) < 0)
			return -1;
	}
	return check_places(panels, sl, cx);
}

static int parse_slides(const struct config_node *n, struct session *s, struct ctx *cx)
{
	const char *what = cx->layout ? "screens" : "slides";

	if (n->kind != CONFIG_SEQ || n->n == 0) {
		char d[128];
		config_describe(n, d, sizeof d);
		return config_error(n, cx->err, cx->errsz, "%s must be a list of at least one %s, found %s", what,
		                    cx->layout ? "screen" : "slide", d);
	}
	s->slides = xcalloc((size_t)n->n, sizeof *s->slides);
	for (int i = 0; i < n->n; i++) {
		s->nslides = i + 1;
		if (parse_slide(n->items[i], &s->slides[i], cx) < 0)
			return -1;
		for (int j = 0; cx->layout && j < i; j++)
			if (strcmp(s->slides[j].name, s->slides[i].name) == 0)
				return config_error(config_get(n->items[i], "name"), cx->err, cx->errsz,
				                    "a second '%s' screen (the first is on line %d)", s->slides[i].name,
				                    s->slides[j].line);
	}
	return 0;
}

static int parse_followers(const struct config_node *n, struct session *s, struct ctx *cx)
{
	static const char *const scopes[] = { "slides", "aggregates", "cases" };
	const struct config_node *v;

	if (config_check_keys(n, follower_keys, NULL, cx->err, cx->errsz) < 0)
		return -1;
	if ((v = config_get(n, "scope")) &&
	    config_choice(v, "follower scope", scopes, 3, &s->follower_scope, cx->err, cx->errsz) < 0)
		return -1;
	if ((v = config_get(n, "mask")) && config_bool(v, "mask", &s->mask_refs, cx->err, cx->errsz) < 0)
		return -1;
	return 0;
}

static int parse_doc(const struct config_node *root, struct session *s, struct ctx *cx)
{
	static const char *const session_required[] = { "title", "slides", NULL };
	static const char *const layout_required[] = { "layout", "screens", NULL };
	const struct config_node *v;
	int rc = 0;

	cx->layout = root->kind == CONFIG_MAP && (config_get(root, "layout") || config_get(root, "screens"));
	if (config_check_keys(root, cx->layout ? layout_keys : session_keys,
	                      cx->layout ? layout_required : session_required, cx->err, cx->errsz) < 0)
		return -1;
	s->title = dup_str(config_get(root, cx->layout ? "layout" : "title"), cx->layout ? "layout name" : "title", cx,
	                   &rc);
	if (rc == 0 && (v = config_get(root, "subtitle")))
		s->subtitle = dup_str(v, "subtitle", cx, &rc);
	if (rc == 0 && (v = config_get(root, "theme")))
		s->theme = dup_str(v, "theme", cx, &rc);
	if (rc == 0 && (v = config_get(root, "filter")))
		s->filter = dup_locator(v, "filter", cx, &rc);
	if (rc == 0 && (v = config_get(root, "data"))) {
		static const char *const policies[] = { "live", "frozen" };
		rc = config_choice(v, "data policy", policies, 2, &s->policy, cx->err, cx->errsz);
	}
	if (rc == 0 && (v = config_get(root, "followers")))
		rc = parse_followers(v, s, cx);
	if (rc < 0)
		return -1;
	return parse_slides(config_get(root, cx->layout ? "screens" : "slides"), s, cx);
}

static int load_doc(struct config_doc *doc, const char *name, struct session *out, char *err, size_t errsz)
{
	struct ctx cx = { 0, err, errsz };

	memset(out, 0, sizeof *out);
	if (!doc)
		return -1;
	out->path = xstrdup(name);
	if (parse_doc(doc->root, out, &cx) < 0) {
		session_free(out);
		config_free(doc);
		return -1;
	}
	config_free(doc);
	return 0;
}

int session_load(const char *path, struct session *out, char *err, size_t errsz)
{
	return load_doc(config_load_file(path, err, errsz), path, out, err, errsz);
}

int session_load_mem(const char *name, const char *buf, size_t len, struct session *out, char *err, size_t errsz)
{
	return load_doc(config_load_mem(name, buf, len, err, errsz), name, out, err, errsz);
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nslides; i++) {
		struct session_slide *sl = &s->slides[i];
		for (int k = 0; k < sl->npanels; k++) {
			struct session_panel *p = &sl->panels[k];
			free(p->title);
			free(p->filter);
			free(p->text);
			free(p->compare[0]);
			free(p->compare[1]);
		}
		free(sl->name);
		free(sl->title);
		free(sl->notes);
		free(sl->filter);
	}
	free(s->slides);
	free(s->path);
	free(s->title);
	free(s->subtitle);
	free(s->theme);
	free(s->filter);
	memset(s, 0, sizeof *s);
}

const struct session_slide *session_screen(const struct session *s, const char *name)
{
	for (int i = 0; s && name && i < s->nslides; i++)
		if (s->slides[i].name && strcmp(s->slides[i].name, name) == 0)
			return &s->slides[i];
	return NULL;
}
