/*
 * view_data: what each panel shows, loaded from the store on demand and cached in the
 * level until the database changes (view_level_invalidate) or the home screen's
 * selected phase moves.  Panels only ever hold plain structs from the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "xmalloc.h"

/*
 * A case list fetches what its panel shows plus a margin (a 160x48 screen shows ~19 rows;
 * 200 rows cost 6-8 ms of a first frame at 1M cases, and as much again per refresh), then
 * page after page as the selection moves (view_cases_reach).  VIEW_CASE_PAGE bounds what
 * a reload fetches to find a selection again, as the fixed page of 200 once did.
 */
#define VIEW_CASE_PAGE 200
#define VIEW_CASE_MARGIN 8 /* cases beyond the panel's rows: ↓ and the wheel go on without a fetch */
#define VIEW_CASE_MIN 16   /* no page is smaller, whatever the panel's size */
#define VIEW_CASE_NEAR 3   /* a fetch happens when the selection comes this near the window's end */

static void free_strv(char **v, int n)
{
	if (!v)
		return;
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void view_pdata_free(struct view_pdata *d)
{
	char selkey[sizeof d->selkey];

	memcpy(selkey, d->selkey, sizeof selkey);
	free(d->phase);
	store_agg_free(&d->agg);
	for (int i = 0; i < d->ncol; i++)
		store_agg_free(&d->col[i]);
	store_agg_free(&d->cats);
	store_phases_free(d->phases, d->nphases);
	free_strv(d->cells, d->ncells);
	free(d->col_sum);
	free(d->from);
	free(d->to);
	for (int i = 0; i < d->ncases; i++)
		store_case_free(&d->cases[i]);
	free(d->cases);
	if (d->has_case)
		store_case_free(&d->kase);
	free_strv(d->mrow_key, d->mrows);
	free_strv(d->mrow_label, d->mrows);
	free_strv(d->mcol_key, d->mcols);
	free_strv(d->mcol_label, d->mcols);
	free_strv(d->mcol_short, d->mcols);
	free(d->counts);
	store_agg_free(&d->cut_sum);
	store_agg_free(&d->prev);
	free(d->agencies);
	free_strv(d->text, d->ntext);
	memset(d, 0, sizeof *d);
	memcpy(d->selkey, selkey, sizeof selkey);
}

const char *view_dim_title(int dim)
{
	static const char *t[STORE_DIM_COUNT] = {
		"phase", "category", "sub-category", "agency", "country", "transport", "status", "week", "day"
	};
	return dim >= 0 && dim < STORE_DIM_COUNT ? t[dim] : "?";
}

/* Adds the items of a locator text (a panel's filter) to f, replacing what f has for their keys. */
static int add_locator(struct store_filter *f, const char *text)
{
	struct locator loc;
	struct store_filter g;
	char err[200];
	int rc = 0;

	if (!text || !*text)
		return 0;
	if (locator_parse(text, &loc, err, sizeof err) < 0)
		return -1; /* the loader checked it */
	store_filter_init(&g);
	if (locator_to_filter(&loc, &g) < 0)
		rc = -1;
	for (int d = 0; rc == 0 && d < STORE_DIM_COUNT; d++)
		if (g.value[d] && store_filter_set(f, d, g.value[d]) < 0)
			rc = -1;
	if (rc == 0 && g.search) {
		free(f->search);
		f->search = xstrdup(g.search);
	}
	if (rc == 0 && g.case_ref) {
		free(f->case_ref);
		f->case_ref = xstrdup(g.case_ref);
	}
	store_filter_free(&g);
	locator_free(&loc);
	return rc;
}

int view_effective_filter(const struct view_level *lv, int i, struct store_filter *f)
{
	store_filter_init(f); /* the caller frees f on every path, also when the copy failed */
	if (store_filter_copy(f, &lv->filter) < 0)
		return -1;
	if (i >= 0 && i < lv->layout.npanels && add_locator(f, lv->layout.panels[i].filter) < 0)
		return -1;
	if (lv->selector >= 0 && i != lv->selector && lv->data) {
		const struct view_pdata *t = &lv->data->p[lv->selector];
		const struct view_panel_type *type = panel_type(lv, lv->selector);
		char key[80];
		if (t->loaded && type->key) {
			type->key(lv, lv->selector, lv->cur[lv->selector].sel, key, sizeof key);
			if (key[0] && store_filter_set(f, STORE_DIM_PHASE, key) < 0)
				return -1;
		}
	}
	return 0;
}

int view_listed(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; list && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '=' || p[n] == '\0')) /* "cases=1155" */
			return 1;
	return 0;
}

int view_panel_measure(const struct session_panel *p)
{
	return p->measure >= 0 && p->measure < WIDGET_MEASURE_COUNT ? p->measure : WIDGET_CASES;
}

int view_agg_agencies(struct store *s, const struct store_filter *f, const struct store_agg *a, long long *out,
                      long long *total)
{
	struct store_pairs pairs = { 0 };
	struct store_agg ag = { 0 };

	if (a->dim == STORE_DIM_AGENCY) {
		for (int k = 0; k < a->n; k++)
			out[k] = a->rows[k].cases > 0;
	} else {
		if (store_crosstab(s, f, a->dim, STORE_DIM_AGENCY, &pairs) < 0)
			return -1;
		/* a few hundred pairs at most: a linear search per pair is fine */
		for (int k = 0; k < a->n; k++)
			out[k] = 0;
		for (int i = 0; i < pairs.n; i++)
			for (int k = 0; k < a->n; k++)
				if (pairs.pairs[i].cases > 0 && strcmp(a->rows[k].key, pairs.pairs[i].row) == 0) {
					out[k]++;
					break;
				}
		store_pairs_free(&pairs);
	}
	if (store_aggregate(s, f, STORE_DIM_AGENCY, &ag) < 0)
		return -1;
	*total = ag.n;
	store_agg_free(&ag);
	return 0;
}

int view_agg_load(struct store *s, const struct store_filter *f, int dim, int measure, struct store_agg *a)
{
	long long *n, total;

	if (store_aggregate(s, f, dim, a) < 0)
		return -1;
	if (measure != WIDGET_AGENCIES)
		return 0;
	n = xcalloc((size_t)a->n + 1, sizeof *n);
	if (view_agg_agencies(s, f, a, n, &total) < 0) {
		free(n);
		return -1;
	}
	for (int k = 0; k < a->n; k++)
		a->rows[k] = (struct store_agg_row){ a->rows[k].key, a->rows[k].label, n[k], 0, { 0 }, a->rows[k].pos };
	a->total = (struct store_agg_row){ a->total.key, a->total.label, total, 0, { 0 }, -1 };
	free(n);
	return 0;
}

void view_agg_sort(struct store_agg *a, int mode, int measure)
{
	if (measure == WIDGET_AGENCIES)
		measure = WIDGET_CASES; /* view_agg_load put them there */
	/* Insertion sort: stable (ties keep the natural order) and a few hundred rows at most. */
	for (int i = 1; i < a->n && mode != VIEW_SORT_NATURAL; i++) {
		struct store_agg_row r = a->rows[i];
		int j = i;
		while (j > 0) {
			const struct store_agg_row *q = &a->rows[j - 1];
			int before = mode == VIEW_SORT_VALUE
			                 ? widget_measure_value(&r, measure) > widget_measure_value(q, measure)
			                 : strcmp(r.label ? r.label : "", q->label ? q->label : "") < 0;
			if (!before)
				break;
			a->rows[j] = a->rows[j - 1];
			j--;
		}
		a->rows[j] = r;
	}
}

int view_agg_cut(struct store_agg *a, int limit, struct store_agg *sum)
{
	int cut;

	if (limit <= 0 || a->n <= limit)
		return 0;
	cut = a->n - limit;
	for (int k = limit; k < a->n; k++) {
		if (sum) {
			sum->total.cases += a->rows[k].cases;
			sum->total.arrests += a->rows[k].arrests;
			for (int u = 0; u < STORE_UNIT_COUNT; u++)
				sum->total.qty[u] += a->rows[k].qty[u];
		}
		free(a->rows[k].key);
		free(a->rows[k].label);
	}
	a->n = limit;
	return cut;
}

int view_find_phase(struct store *s, const char *code, struct store_phase **ph, int *n)
{
	if (store_phases(s, ph, n) < 0)
		return -2;
	for (int i = 0; i < *n; i++)
		if (strcmp((*ph)[i].code, code) == 0)
			return i;
	return -1;
}

/* The cases panel i shows at once, plus a margin; a slide's limit (rows it wants shown,
 * which cases_fit checks against the cases loaded) up to VIEW_CASE_PAGE. */
static int case_page(const struct view_level *lv, int i)
{
	int n = lv->rect[i].h + VIEW_CASE_MARGIN; /* the frame and header lines add to the margin */
	int limit = lv->layout.panels[i].limit < VIEW_CASE_PAGE ? lv->layout.panels[i].limit : VIEW_CASE_PAGE;

	if (n < limit)
		n = limit;
	return n > VIEW_CASE_MIN ? n : VIEW_CASE_MIN;
}

int view_cases_first_page(const struct view_level *lv, int i)
{
	int n = case_page(lv, i);
	/* a selection already made (found again after a reload, a follower's presenter's):
	 * its case and a page below it, as far as a reload ever went */
	long long want = (long long)lv->cur[i].sel + n;

	if (want > VIEW_CASE_PAGE)
		want = VIEW_CASE_PAGE;
	return want > n ? (int)want : n;
}

int view_cases_reach(struct store *s, struct view_level *lv, int i, int delta, char *err, size_t errsz)
{
	struct view_pdata *d;
	int added = 0, r = 0;

	if (!lv->data || i < 0 || i >= lv->layout.npanels || !(d = &lv->data->p[i])->loaded)
		return 0;
	/* a window never has fewer than VIEW_CASE_MIN cases, so each fetch moves the mark */
	while (delta >= 0 && d->more && lv->cur[i].sel + delta >= d->ncases - VIEW_CASE_NEAR &&
	       (r = view_more_cases(s, lv, i, err, errsz)) > 0)
		added += r;
	while (delta <= 0 && d->earlier && lv->cur[i].sel + delta < VIEW_CASE_NEAR &&
	       (r = view_cases_earlier(s, lv, i, err, errsz)) > 0)
		added += r;
	return r < 0 ? -1 : added;
}

/* Replaces the window of case list i with page (its cases now belong to d). */
static void cases_window(struct view_pdata *d, struct store_case_page *page)
{
	for (int k = 0; k < d->ncases; k++)
		store_case_free(&d->cases[k]);
	free(d->cases);
	d->cases = page->cases;
	d->ncases = page->n;
	page->cases = NULL;
	page->n = 0;
}

int view_cases_jump(struct store *s, struct view_level *lv, int i, int to_end, char *err, size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_case_page page = { 0 };
	struct store_filter f;
	int rc;

	if (!d->loaded)
		return 0;
	if (!to_end && d->first == 0) { /* the window starts the list: just go there */
		lv->cur[i].sel = 0;
		lv->cur[i].top = 0;
		return 0;
	}
	if (to_end && !d->more) {
		lv->cur[i].sel = d->ncases - 1;
		return 0;
	}
	if (view_effective_filter(lv, i, &f) < 0) {
		store_filter_free(&f);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rc = to_end ? store_cases_before(s, &f, lv->sort[i], NULL, case_page(lv, i), &page)
	            : store_cases(s, &f, lv->sort[i], NULL, case_page(lv, i), &page);
	store_filter_free(&f);
	if (rc < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		return -1;
	}
	if (to_end) {
		d->earlier = page.more;
		d->more = 0;
		d->first = d->total >= 0 ? d->total - page.n : 0;
	} else {
		d->earlier = 0;
		d->more = page.more;
		d->first = 0;
	}
	d->next = page.next;
	cases_window(d, &page);
	lv->cur[i].sel = to_end ? d->ncases - 1 : 0;
	lv->cur[i].top = 0; /* the widget brings the selection into view, at the bottom after End */
	return 0;
}

int view_cases_earlier(struct store *s, struct view_level *lv, int i, char *err, size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_case_page page = { 0 };
	struct store_cursor before;
	struct store_filter f;
	int rc;

	if (!d->loaded || !d->earlier || d->ncases == 0)
		return 0;
	store_cursor_of(&d->cases[0], lv->sort[i], &before);
	if (view_effective_filter(lv, i, &f) < 0) {
		store_filter_free(&f);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rc = store_cases_before(s, &f, lv->sort[i], &before, case_page(lv, i), &page);
	store_filter_free(&f);
	if (rc < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		return -1;
	}
	struct store_case *grown = malloc((size_t)(d->ncases + page.n + 1) * sizeof *grown);
	if (!grown) {
		store_case_page_free(&page);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	memcpy(grown, page.cases, (size_t)page.n * sizeof *grown);
	memcpy(grown + page.n, d->cases, (size_t)d->ncases * sizeof *grown);
	free(d->cases);
	free(page.cases); /* the strings now belong to the window */
	d->cases = grown;
	d->ncases += page.n;
	d->earlier = page.more;
	d->first -= page.n;
	if (d->first < 0 || !d->earlier)
		d->first = 0;
	lv->cur[i].sel += page.n;
	lv->cur[i].top += page.n;
	return page.n;
}

int view_more_cases(struct store *s, struct view_level *lv, int i, char *err, size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];
	struct store_case_page page = { 0 };
	struct store_filter f;
	int rc;

	if (!d->loaded || !d->more)
		return 0;
	if (view_effective_filter(lv, i, &f) < 0) {
		store_filter_free(&f);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rc = store_cases(s, &f, lv->sort[i], &d->next, d->ncases == 0 ? view_cases_first_page(lv, i) : case_page(lv, i),
	                 &page);
	store_filter_free(&f);
	if (rc < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		return -1;
	}
	d->cases = xrealloc(d->cases, (size_t)(d->ncases + page.n + 1), sizeof *d->cases);
	memcpy(d->cases + d->ncases, page.cases, (size_t)page.n * sizeof *page.cases);
	d->ncases += page.n;
	d->more = page.more;
	d->next = page.next;
	/* the strings now belong to d->cases: free only the array */
	free(page.cases);
	return page.n;
}

int view_load_panel(struct store *s, struct view_level *lv, int i, const struct store_filter *f,
                    char *err, size_t errsz)
{
	struct view_pdata *d = &lv->data->p[i];

	if (d->loaded)
		return 0;
	err[0] = '\0';
	if (panel_type(lv, i)->load && panel_type(lv, i)->load(s, lv, i, f, err, errsz) < 0) {
		if (!err[0])
			snprintf(err, errsz, "%s", store_error(s));
		view_pdata_free(d);
		return -1;
	}
	d->loaded = 1;
	if (f->value[STORE_DIM_PHASE])
		d->phase = xstrdup(f->value[STORE_DIM_PHASE]);
	view_changed_loaded(lv, i); /* after a live refresh: what changed */
	/* Find the selection again after a reload (new data, new sort). */
	if (d->selkey[0]) {
		int n = view_items(lv, i);
		for (int k = 0; k < n; k++) {
			char key[sizeof d->selkey];
			view_item_key(lv, i, k, key, sizeof key);
			if (strcmp(key, d->selkey) == 0) {
				lv->cur[i].sel = k;
				break;
			}
		}
		d->selkey[0] = '\0';
	}
	return 0;
}

int view_items(const struct view_level *lv, int i)
{
	const struct view_panel_type *t;

	if (!lv->data || i < 0 || i >= lv->layout.npanels)
		return 0;
	t = panel_type(lv, i);
	return t->items && lv->data->p[i].loaded ? t->items(lv, i) : 0;
}

void view_item_key(const struct view_level *lv, int i, int item, char *out, size_t outsz)
{
	const struct view_panel_type *t = panel_type(lv, i);

	if (t->key && lv->data && item >= 0)
		t->key(lv, i, item, out, outsz);
	else
		snprintf(out, outsz, "%s", "");
}
