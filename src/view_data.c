/*
 * view_data: what each panel shows, loaded from the store on demand and cached in the
 * level until the database changes (view_level_invalidate) or the home screen's
 * selected phase moves.  Panels only ever hold plain structs from the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"

#define VIEW_CASE_PAGE 200 /* cases fetched at a time */

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
	free(d->counts);
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

int view_effective_filter(const struct view_level *lv, int i, struct store_filter *f)
{
	store_filter_init(f); /* the caller frees f on every path, also when the copy failed */
	if (store_filter_copy(f, &lv->filter) < 0)
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

int view_find_phase(struct store *s, const char *code, struct store_phase **ph, int *n)
{
	if (store_phases(s, ph, n) < 0)
		return -2;
	for (int i = 0; i < *n; i++)
		if (strcmp((*ph)[i].code, code) == 0)
			return i;
	return -1;
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
	rc = to_end ? store_cases_before(s, &f, lv->sort[i], NULL, VIEW_CASE_PAGE, &page)
	            : store_cases(s, &f, lv->sort[i], NULL, VIEW_CASE_PAGE, &page);
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
	rc = store_cases_before(s, &f, lv->sort[i], &before, VIEW_CASE_PAGE, &page);
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
	rc = store_cases(s, &f, lv->sort[i], &d->next, VIEW_CASE_PAGE, &page);
	store_filter_free(&f);
	if (rc < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		return -1;
	}
	struct store_case *grown = realloc(d->cases, (size_t)(d->ncases + page.n + 1) * sizeof *grown);
	if (!grown) {
		store_case_page_free(&page);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	d->cases = grown;
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
	if (panel_type(lv, i)->load(s, lv, i, f, err, errsz) < 0) {
		if (!err[0])
			snprintf(err, errsz, "%s", store_error(s));
		view_pdata_free(d);
		return -1;
	}
	d->loaded = 1;
	if (f->value[STORE_DIM_PHASE])
		d->phase = strdup(f->value[STORE_DIM_PHASE]);
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
