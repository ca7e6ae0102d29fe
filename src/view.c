/*
 * view: levels (one step of the drill-down each), drawn from their slide: the layout
 * engine (view_layout.c) places the panels, their types (src/panel.h) load and paint them,
 * and this file draws the chrome around them; view_focus.c says which panel and item the
 * keys and clicks act on.  The dashboard's screens are the slides of a layout (the built-in
 * one, view_screens.c, or the user's: view_use_layout).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "panel.h"
#include "text.h"
#include "xmalloc.h"

static const char *const screen_names[VIEW_SCREEN_COUNT] = { "home", "drill", "cases", "case" };
static const struct session *user_layout; /* borrowed; NULL: the built-in one */

const char *view_builtin_layout(size_t *len)
{
	*len = layout_files[0].len;
	return layout_files[0].text;
}

/* The built-in screens, loaded from the embedded YAML on first use and kept for the
 * program's life.  The file is part of the program: a mistake in it is fatal, and
 * test_view loads it first. */
const struct session_slide *view_builtin_screen(int screen)
{
	static struct session builtin;
	static const struct session_slide *slides[VIEW_SCREEN_COUNT];
	char err[600];

	if (screen < 0 || screen >= VIEW_SCREEN_COUNT)
		screen = VIEW_CASE;
	if (!slides[0]) {
		if (session_load_mem(layout_files[0].path, layout_files[0].text, layout_files[0].len, &builtin, err,
		                     sizeof err) < 0) {
			fprintf(stderr, "opdeck: %s\n", err);
			exit(1);
		}
		for (int k = 0; k < VIEW_SCREEN_COUNT; k++)
			if (!(slides[k] = session_screen(&builtin, screen_names[k]))) {
				fprintf(stderr, "opdeck: (built-in layout): no '%s' screen\n", screen_names[k]);
				exit(1);
			}
	}
	return slides[screen];
}

void view_use_layout(const struct session *layout)
{
	user_layout = layout;
}

int view_screen_find(const char *name)
{
	for (int k = 0; name && k < VIEW_SCREEN_COUNT; k++)
		if (strcmp(screen_names[k], name) == 0)
			return k;
	return -1;
}

const char *view_screen_name(int screen)
{
	return screen >= 0 && screen < VIEW_SCREEN_COUNT ? screen_names[screen] : NULL;
}

/* The slide of a dashboard screen: the user's layout's, else the built-in one. */
static const struct session_slide *screen_slide(int screen)
{
	const char *name = view_screen_name(screen);

	for (int k = 0; user_layout && k < user_layout->nslides; k++)
		if (user_layout->slides[k].name && strcmp(user_layout->slides[k].name, name) == 0)
			return &user_layout->slides[k];
	return view_builtin_screen(screen);
}

/* The crumb of a level: the label of the last item of its path. */
static char *crumb_of(struct store *s, const struct locator *loc, int screen)
{
	if (loc->n == 0)
		return xstrdup("Home");
	if (screen == VIEW_CASES && loc->item[loc->n - 1].key != LOCATOR_KEY_SEARCH)
		return xstrdup("cases"); /* the full list behind a figure: same filter, one step deeper */
	const struct locator_item *it = &loc->item[loc->n - 1];
	if (it->key < STORE_DIM_COUNT)
		return store_label(s, it->key, it->value);
	if (it->key == LOCATOR_KEY_SEARCH) {
		return xasprintf("\"%s\"", it->value);
	}
	return xstrdup(it->value);
}

/* Fills the level for loc and slide; the slide's own filter is added under loc's. */
static int level_init(struct view_level *lv, struct store *s, const struct locator *loc, int screen,
                      const struct session_slide *slide, char *err, size_t errsz)
{
	memset(lv, 0, sizeof *lv);
	lv->selector = -1;
	if (slide->filter && *slide->filter) {
		struct locator sl;
		char perr[200];
		if (locator_parse(slide->filter, &sl, perr, sizeof perr) < 0) {
			snprintf(err, errsz, "slide filter: %s", perr);
			return -1;
		}
		for (int i = 0; i < sl.n; i++)
			if (locator_push(&lv->loc, sl.item[i].key, sl.item[i].value) < 0) {
				locator_free(&sl);
				goto oom;
			}
		locator_free(&sl);
	}
	for (int i = 0; i < loc->n; i++)
		if (locator_push(&lv->loc, loc->item[i].key, loc->item[i].value) < 0)
			goto oom;
	if (locator_to_filter(&lv->loc, &lv->filter) < 0)
		goto oom;
	lv->screen = screen;
	if (!(lv->crumb = crumb_of(s, loc, screen)))
		goto oom;
	if (view_layout_resolve(lv, s, slide, err, errsz) < 0) {
		view_level_free(lv);
		return -1;
	}
	/* Start on the first panel in focus order that leads somewhere new, not the KPI tiles. */
	int order[VIEW_MAX_PANELS], n = view_place_order(lv, order, 0);
	for (int k = 0; k < n; k++)
		if (!panel_type(lv, order[k])->skip_focus) {
			lv->focus = order[k];
			break;
		}
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
	view_level_free(lv);
	return -1;
}

int view_level_init(struct view_level *lv, struct store *s, const struct locator *loc, int screen,
                    char *err, size_t errsz)
{
	struct store_filter f;
	int rc;

	/* The screen follows from the path: a case, a search, or a drill-down below home. */
	store_filter_init(&f);
	if (locator_to_filter(loc, &f) < 0) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (f.case_ref)
		screen = VIEW_CASE;
	else if (f.search && screen != VIEW_CASE)
		screen = VIEW_CASES;
	else if (screen == VIEW_HOME && loc->n > 0)
		screen = VIEW_DRILL;
	store_filter_free(&f);
	rc = level_init(lv, s, loc, screen, screen_slide(screen), err, errsz);
	return rc;
}

int view_level_init_slide(struct view_level *lv, struct store *s, const struct locator *loc,
                          const struct session_slide *slide, char *err, size_t errsz)
{
	return level_init(lv, s, loc, -1, slide, err, errsz);
}

void view_level_invalidate(struct view_level *lv)
{
	if (!lv->data)
		return;
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct view_pdata *d = &lv->data->p[i];
		if (d->loaded)
			view_item_key(lv, i, lv->cur[i].sel, d->selkey, sizeof d->selkey);
		view_pdata_free(d);
	}
}

void view_level_free(struct view_level *lv)
{
	view_changed_free(lv);
	if (lv->data) {
		for (int i = 0; i < VIEW_MAX_PANELS; i++)
			view_pdata_free(&lv->data->p[i]);
		free(lv->data);
	}
	locator_free(&lv->loc);
	store_filter_free(&lv->filter);
	free(lv->crumb);
	view_slide_free(&lv->layout);
	memset(lv, 0, sizeof *lv);
}

/* Does panel i show the phase selected in the screen's selector? */
static int follows(const struct view_level *lv, int i)
{
	return lv->selector >= 0 && i != lv->selector;
}

static void panel_title(struct store *s, const struct view_level *lv, int i, const struct store_filter *f,
                        char *out, size_t n)
{
	char prefix[64] = "";
	size_t len;

	if (follows(lv, i) && f->value[STORE_DIM_PHASE]) {
		char *l = store_label(s, STORE_DIM_PHASE, f->value[STORE_DIM_PHASE]);
		snprintf(prefix, sizeof prefix, "%s · ", l ? l : "");
		free(l);
	}
	snprintf(out, n, "%s", prefix);
	len = strlen(out);
	panel_type(lv, i)->title(lv, i, f, out + len, n - len);
}

static void draw_panel(struct store *s, struct canvas *c, struct view_level *lv, int i, const struct store_filter *f)
{
	int focused = lv->focus == i;
	char title[160];
	struct canvas_rect in;

	panel_title(s, lv, i, f, title, sizeof title);
	in = widget_frame(c, lv->rect[i], title, focused);
	if (in.w <= 0 || in.h <= 0)
		return;
	panel_type(lv, i)->draw(c, in, lv, i, f, focused);
}

char *view_filter_words(struct store *s, const struct store_filter *f)
{
	size_t cap = 512, len = 0;
	char *out = xmalloc(cap);

	out[0] = '\0';
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		if (!f->value[d])
			continue;
		char *l = store_label(s, d, f->value[d]);
		len += (size_t)snprintf(out + len, cap - len, "%s%s %s", len ? " · " : "", view_dim_title(d),
		                        l ? l : f->value[d]);
		free(l);
		if (len >= cap)
			len = cap - 1;
	}
	if (f->search && len < cap)
		len += (size_t)snprintf(out + len, cap - len, "%ssearch \"%s\"", len ? " · " : "", f->search);
	if (!out[0])
		snprintf(out, cap, "all phases · all categories · all agencies");
	return out;
}

/* The top and bottom lines are one bar in the status colours; only an alert stands out. */
static int bar_role(int role)
{
	return role == ROLE_ALERT ? ROLE_ALERT : ROLE_STATUS;
}

/*
 * The bottom line when no message is up: the keys that work on the focused panel (its
 * type's hint), then Backspace, Tab, search, filter and help, and the locator on the left.
 * Each is shown whole or not at all, by priority: the panel's own keys, help, back, Tab,
 * search, filter.  The locator (it is for --at: a cut one is no use, and y shows it) goes
 * first when it leaves room for the widest panel's keys, back, Tab and help, so that it
 * does not come and go as the focus moves across the screen.
 */
enum { HINT_MAX = 16 };
struct hint_item {
	char text[96];
	int w, on;
};

/* Adds item s (an ASCII canvas spells the arrows out) at display position k. */
static void hint_add(struct hint_item *h, int k, const char *s, int ascii)
{
	size_t o = 0;

	for (const char *p = s; *p && o + 12 < sizeof h[k].text; p++) {
		const char *word = NULL;
		if (ascii && strncmp(p, "↑↓", 6) == 0)
			word = "up/down";
		else if (ascii && strncmp(p, "←→", 6) == 0)
			word = "left/right";
		if (word) {
			o += (size_t)snprintf(h[k].text + o, sizeof h[k].text - o, "%s", word);
			p += 5;
		} else {
			h[k].text[o++] = *p;
		}
	}
	h[k].text[o] = '\0';
	h[k].w = text_width(h[k].text);
	h[k].on = 0;
}

static void draw_hints(struct canvas *c, const struct view_level *lv, int depth, const char *loc)
{
	const char *own = view_focus_hint(lv);
	struct hint_item h[HINT_MAX];
	int n = 0, nown, idx[VIEW_MAX_PANELS], y = c->rows - 1, room = c->cols - 2, used = 0, x = 1;

	/* display order: the panel's keys, back, Tab, search, filter, help */
	for (const char *p = own; *p && n < HINT_MAX - 6;) {
		const char *e = strstr(p, " · ");
		char one[64];
		size_t l = e ? (size_t)(e - p) : strlen(p);
		snprintf(one, sizeof one, "%.*s", (int)(l < sizeof one ? l : sizeof one - 1), p);
		hint_add(h, n++, one, c->ascii);
		p += l + (e ? strlen(" · ") : 0);
	}
	nown = n;
	int back = n, tab = -1, help;
	if (depth > 1)
		hint_add(h, n++, "Backspace back", c->ascii);
	else
		back = -1;
	if (view_focusable(lv, idx, VIEW_MAX_PANELS) > 1)
		hint_add(h, tab = n++, "Tab panel", c->ascii);
	int search = n;
	hint_add(h, n++, "/ search", c->ascii);
	hint_add(h, n++, "f filter", c->ascii);
	hint_add(h, help = n++, "? help", c->ascii);
	int locw = loc && *loc ? text_width(loc) : 0, locon = 0, widest = 0;

	for (int k = 0; k < VIEW_PANEL_COUNT; k++) {
		struct hint_item one; /* measured as drawn: an ASCII canvas spells the arrows out */
		if (view_panel_types[k]->hint) {
			hint_add(&one, 0, view_panel_types[k]->hint, c->ascii);
			widest = one.w > widest ? one.w : widest;
		}
	}
	for (int k = nown; k < n; k++)
		if (k != search && k != search + 1)
			widest += 3 + h[k].w;
	if (locw && locw + 2 + widest <= room) {
		locon = 1;
		used = locw + 2;
	}
	/* by priority, each whole or not at all (" · " between items) */
	int prio[HINT_MAX], np = 0;
	for (int k = 0; k < nown; k++)
		prio[np++] = k;
	prio[np++] = help;
	if (back >= 0)
		prio[np++] = back;
	if (tab >= 0)
		prio[np++] = tab;
	prio[np++] = search;
	prio[np++] = search + 1;
	int shown = 0;
	for (int k = 0; k < np; k++) {
		int need = h[prio[k]].w + (shown ? 3 : 0);
		if (used + need > room) {
			if (prio[k] < nown)
				break; /* the panel's own keys stay a prefix of themselves */
			continue;
		}
		used += need;
		h[prio[k]].on = 1, shown++;
	}
	if (locon) {
		int w = canvas_put(c, x, y, locw, loc, ROLE_STATUS);
		canvas_attr(c, (struct canvas_rect){ x, y, w, 1 }, CANVAS_BOLD, -1);
		x += w + 2;
	}
	int first = 1;
	for (int k = 0; k < n; k++) {
		if (!h[k].on)
			continue;
		if (!first)
			x += canvas_put(c, x, y, 3, c->ascii ? " - " : " · ", ROLE_STATUS);
		x += canvas_put(c, x, y, h[k].w, h[k].text, ROLE_STATUS);
		first = 0;
	}
}

static void draw_chrome(struct store *s, struct view_level *const *levels, int depth, const struct view_chrome *ch,
                        struct canvas *c)
{
	const struct view_level *lv = levels[depth - 1];
	char buf[512], right[256];
	int w = c->cols, n;

	canvas_fill(c, (struct canvas_rect){ 0, 0, w, 1 }, ROLE_STATUS);
	n = canvas_put(c, 1, 0, w - 2, "opdeck", ROLE_STATUS);
	canvas_attr(c, (struct canvas_rect){ 1, 0, n, 1 }, CANVAS_BOLD, -1);
	snprintf(buf, sizeof buf, "%s", ch->title ? ch->title : "");
	n += 3 + canvas_put(c, n + 3, 0, w - n - 4, buf, ROLE_STATUS);
	snprintf(right, sizeof right, "%s%s%s%s · ", ch->db_name ? ch->db_name : "",
	         ch->as_of ? " · data as of " : "", ch->as_of ? ch->as_of : "", "");
	int sw = text_width(ch->state ? ch->state : "");
	int rw = text_width(right);
	if (n + 2 + rw + sw < w) {
		canvas_put(c, w - 1 - sw - rw, 0, rw, right, ROLE_STATUS);
		canvas_put(c, w - 1 - sw, 0, sw, ch->state ? ch->state : "", bar_role(ch->state_role));
	} else if (n + 2 + sw < w) {
		canvas_put(c, w - 1 - sw, 0, sw, ch->state ? ch->state : "", bar_role(ch->state_role));
	}

	/* Breadcrumbs: Home › OMD 7 › Drugs, from the levels' crumbs. */
	canvas_fill(c, (struct canvas_rect){ 0, 1, w, 1 }, ROLE_NORMAL);
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < depth && len < sizeof buf; i++) {
		const char *sep = i ? (c->ascii ? " > " : " › ") : "";
		/* A drill from a panel that follows the phases table adds the phase with the item:
		 * the phase gets its crumb too ("Home › OMD 7 › Wildlife", as via the table). */
		const struct locator *l = &levels[i]->loc;
		/* the case list behind a figure keeps its crumb "cases": its last item counts too */
		int upto = levels[i]->screen == VIEW_CASES && l->n && l->item[l->n - 1].key != LOCATOR_KEY_SEARCH
		           ? l->n : l->n - 1;
		for (int k = i ? levels[i - 1]->loc.n : l->n; k < upto && len < sizeof buf; k++)
			if (levels[i]->loc.item[k].key == STORE_DIM_PHASE) {
				char *pl = store_label(s, STORE_DIM_PHASE, levels[i]->loc.item[k].value);
				len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", sep, pl ? pl : levels[i]->loc.item[k].value);
				free(pl);
			}
		if (len < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", sep, levels[i]->crumb ? levels[i]->crumb : "");
	}
	/* the path is where you are: it goes whole when it can, the filters get what is left */
	n = text_width(buf);
	n = canvas_put(c, 1, 1, n < w - 2 ? n : w - 2, buf, ROLE_TITLE);
	char *words = lv->loc.n ? view_filter_words(s, &lv->filter) : NULL;
	if (words) {
		snprintf(right, sizeof right, "filters: %s", words);
		free(words);
	} else {
		snprintf(right, sizeof right, "? help · q quit");
	}
	int fw = text_width(right);
	if (fw > w - n - 4)
		fw = w - n - 4;
	if (fw > 8)
		canvas_put_right(c, w - 1 - fw, 1, fw, right, ROLE_MUTED);

	/* Bottom line: a message or prompt, else the locator and the main keys. */
	canvas_fill(c, (struct canvas_rect){ 0, c->rows - 1, w, 1 }, ROLE_STATUS);
	if (ch->bottom) {
		canvas_put(c, 1, c->rows - 1, w - 2, ch->bottom, bar_role(ch->bottom_role));
		return;
	}
	char *loc = locator_format(&lv->loc);
	draw_hints(c, lv, depth, loc);
	free(loc);
}

int view_too_small(struct canvas *c)
{
	if (c->cols >= VIEW_MIN_COLS && c->rows >= VIEW_MIN_ROWS)
		return 0;
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small (need %dx%d)", VIEW_MIN_COLS, VIEW_MIN_ROWS);
	int w = text_width(msg);
	canvas_put(c, w < c->cols ? (c->cols - w) / 2 : 0, c->rows / 2, c->cols, msg, ROLE_ALERT);
	return 1;
}

int view_draw(struct store *s, struct view_level *const *levels, int depth, const struct view_chrome *ch,
              struct canvas *c, char *err, size_t errsz)
{
	struct view_level *lv = levels[depth - 1];
	int rc;

	canvas_clear(c);
	if (view_too_small(c))
		return 0;
	rc = view_draw_area(s, lv, c, (struct canvas_rect){ 0, 2, c->cols, c->rows - 3 }, err, errsz);
	draw_chrome(s, levels, depth, ch, c);
	if (rc < 0)
		widget_message_draw(c, "cannot read the database", err, ROLE_ALERT);
	return rc;
}

int view_draw_area(struct store *s, struct view_level *lv, struct canvas *c, struct canvas_rect area, char *err,
                   size_t errsz)
{
	int rc = 0, order[VIEW_MAX_PANELS], n = 0;

	if (!lv->data)
		lv->data = xcalloc(1, sizeof *lv->data);
	view_layout_place(lv, area, lv->rect);
	view_refocus_hidden(lv);
	/* The selector first: the others depend on its selection. */
	if (lv->selector >= 0)
		order[n++] = lv->selector;
	for (int i = 0; i < lv->layout.npanels; i++)
		if (i != lv->selector)
			order[n++] = i;
	for (int k = 0; k < n; k++) {
		int i = order[k];
		struct store_filter f;
		store_filter_init(&f);
		if (view_effective_filter(lv, i, &f) < 0) {
			store_filter_free(&f);
			snprintf(err, errsz, "out of memory");
			rc = -1;
			break;
		}
		struct view_pdata *d = &lv->data->p[i];
		const char *want = f.value[STORE_DIM_PHASE];
		if (d->loaded && follows(lv, i) && (!want || !d->phase || strcmp(want, d->phase) != 0)) {
			view_pdata_free(d);
			lv->cur[i].sel = 0;
			lv->cur[i].top = 0;
		}
		if (lv->rect[i].h > 0 && view_load_panel(s, lv, i, &f, err, errsz) < 0)
			rc = -1;
		if (lv->rect[i].h > 0 && rc == 0)
			draw_panel(s, c, lv, i, &f);
		store_filter_free(&f);
		if (rc < 0)
			break;
	}
	return rc;
}

int view_drill_target(struct store *s, struct view_level *lv, struct locator *loc, int *screen,
                      char *err, size_t errsz)
{
	int i = lv->focus;
	struct view_pdata *d = lv->data && i >= 0 && i < lv->layout.npanels ? &lv->data->p[i] : NULL;

	(void)s;
	memset(loc, 0, sizeof *loc);
	if (!d || !d->loaded) {
		snprintf(err, errsz, "nothing to open here");
		return -1;
	}
	for (int k = 0; k < lv->loc.n; k++)
		if (locator_push(loc, lv->loc.item[k].key, lv->loc.item[k].value) < 0)
			goto full;
	/* The panel's own filter is part of what it shows. */
	if (lv->layout.panels[i].filter) {
		struct locator pf;
		char perr[200];
		if (locator_parse(lv->layout.panels[i].filter, &pf, perr, sizeof perr) == 0) {
			for (int k = 0; k < pf.n; k++)
				if (locator_push(loc, pf.item[k].key, pf.item[k].value) < 0) {
					locator_free(&pf);
					goto full;
				}
			locator_free(&pf);
		}
	}
	/* A panel that follows the selector belongs to the selected phase. */
	if (follows(lv, i) && d->phase && locator_push(loc, STORE_DIM_PHASE, d->phase) < 0)
		goto full;
	*screen = VIEW_DRILL;
	if (!panel_type(lv, i)->drill) {
		snprintf(err, errsz, "nothing to open here");
		locator_free(loc);
		return -1;
	}
	if (panel_type(lv, i)->drill(lv, i, loc, screen, err, errsz) < 0) {
		locator_free(loc);
		return -1;
	}
	return 0;
full:
	snprintf(err, errsz, "the drill-down is %d steps deep: go back first", LOCATOR_MAX);
	locator_free(loc);
	return -1;
}

const char *view_sort_next(struct store *s, struct view_level *lv)
{
	int i = lv->focus;
	const struct view_panel_type *t;
	const char *name;

	(void)s;
	if (i < 0 || i >= lv->layout.npanels || !(t = panel_type(lv, i))->sort_next)
		return NULL;
	name = t->sort_next(lv, i);
	if (lv->data && lv->data->p[i].loaded) {
		/* not loaded: a selection key from an earlier change is still waiting */
		struct view_pdata *d = &lv->data->p[i];
		view_item_key(lv, i, lv->cur[i].sel, d->selkey, sizeof d->selkey);
		view_pdata_free(d);
	}
	return name;
}

char *view_phase_shown(const struct view_level *lv)
{
	struct store_filter f;
	char *phase = NULL;

	/* no panel: the level's filter plus the selector's phase */
	if (view_effective_filter(lv, -1, &f) == 0 && f.value[STORE_DIM_PHASE])
		phase = xstrdup(f.value[STORE_DIM_PHASE]);
	store_filter_free(&f);
	return phase;
}

int view_picker_values(struct store *s, const struct view_level *lv, int dim, const char *phase,
                       struct store_agg *out, unsigned char **invented)
{
	struct store_filter f;
	struct view_pdata d = { 0 };
	int rc = -1;

	if (invented)
		*invented = NULL;
	store_filter_init(&f);
	if (store_filter_copy(&f, &lv->filter) < 0 || store_filter_set(&f, STORE_DIM_PHASE, phase) < 0 ||
	    store_filter_set(&f, dim, NULL) < 0)
		goto out;
	free(f.case_ref); /* a filter picked on a case's screen is about cases like it */
	f.case_ref = NULL;
	if (store_aggregate(s, &f, dim, out) < 0)
		goto out;
	if (invented) {
		if (panel_load_phases(s, &d) < 0)
			goto out;
		*invented = xcalloc((size_t)out->n + 1, 1);
		for (int k = 0; k < out->n; k++)
			(*invented)[k] = (unsigned char)panel_invented(&d, &f, dim, out->rows[k].key, WIDGET_CASES,
			                                               (double)out->rows[k].cases);
	}
	rc = 0;
out:
	store_phases_free(d.phases, d.nphases);
	store_filter_free(&f);
	return rc;
}
