/*
 * view_data: what each panel shows, loaded from the store on demand and cached in the
 * level until the database changes (view_level_invalidate) or the home screen's
 * selected phase moves.  Panels only ever hold plain structs from the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "view_internal.h"

#define CASE_PAGE 200

static const char *top_categories[3] = { "drugs", "precursors", "wildlife" };

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

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
	if (store_filter_copy(f, &lv->filter) < 0)
		return -1;
	if (lv->screen == VIEW_HOME && lv->layout.panel[i].type != VIEW_PANEL_PHASES && lv->data) {
		/* the phases table is panel 0 on the home screen */
		const struct view_pdata *t = &lv->data->p[0];
		int sel = lv->cur[0].sel;
		if (t->loaded && sel >= 0 && sel < t->nphases && store_filter_set(f, STORE_DIM_PHASE, t->phases[sel].code) < 0)
			return -1;
	}
	return 0;
}

/* Sorts aggregate rows by value (descending) or name for the panel's sort mode. */
static int cmp_value(const void *a, const void *b)
{
	const struct store_agg_row *x = a, *y = b;
	return (y->cases > x->cases) - (y->cases < x->cases);
}
static int cmp_name(const void *a, const void *b)
{
	const struct store_agg_row *x = a, *y = b;
	return strcmp(x->label, y->label);
}
static void sort_agg(struct store_agg *a, int mode)
{
	if (mode == VIEW_SORT_VALUE)
		qsort(a->rows, (size_t)a->n, sizeof *a->rows, cmp_value);
	else if (mode == VIEW_SORT_NAME)
		qsort(a->rows, (size_t)a->n, sizeof *a->rows, cmp_name);
}

static void pct_change(long long now, long long before, char *out, size_t n)
{
	if (before <= 0) {
		snprintf(out, n, "–");
		return;
	}
	double p = 100.0 * (double)(now - before) / (double)before;
	snprintf(out, n, "%+.0f %%", p);
}

/*
 * What the phase's figures are, in one word, from operations.source, which reads
 * "published: ...; synthetic: ..." (the sample says there what is invented).  A phase
 * whose category split is invented shows "split synthetic".
 */
static const char *source_word(const char *source)
{
	const char *syn;

	if (!source || !*source)
		return "";
	if (strncmp(source, "synthetic", 9) == 0)
		return "synthetic";
	syn = strstr(source, "synthetic:");
	if (syn && strstr(syn, "split"))
		return "split synthetic";
	return "published";
}

/* The phases table: all phases with their cases by category. */
static int load_phases(struct store *s, struct view_pdata *d, const struct store_filter *f)
{
	enum { NC = VIEW_PHASE_CELLS };
	if (store_phases(s, &d->phases, &d->nphases) < 0)
		return -1;
	if (store_aggregate(s, f, STORE_DIM_PHASE, &d->agg) < 0)
		return -1;
	for (d->ncol = 0; d->ncol < 3; d->ncol++) {
		struct store_filter g;
		int rc;
		store_filter_init(&g);
		rc = store_filter_copy(&g, f) < 0 || store_filter_set(&g, STORE_DIM_CATEGORY, top_categories[d->ncol]) < 0 ? -1
		     : store_aggregate(s, &g, STORE_DIM_PHASE, &d->col[d->ncol]);
		store_filter_free(&g);
		if (rc < 0)
			return -1;
	}
	d->ncells = d->nphases * NC;
	d->cells = calloc((size_t)d->ncells + 1, sizeof *d->cells);
	d->col_sum = calloc((size_t)d->ncells + 1, sizeof *d->col_sum);
	if (!d->cells || !d->col_sum)
		return -1;
	long long prev = -1;
	int prev_invented = 0; /* the previous phase's cases are not published */
	for (int r = 0; r < d->nphases; r++) {
		const struct store_phase *p = &d->phases[r];
		long long cases = 0, arrests = 0, bycat[3] = { 0, 0, 0 };
		char buf[NC][80];
		for (int k = 0; k < d->agg.n; k++)
			if (strcmp(d->agg.rows[k].key, p->code) == 0)
				cases = d->agg.rows[k].cases, arrests = d->agg.rows[k].arrests;
		for (int c = 0; c < 3; c++)
			for (int k = 0; k < d->col[c].n; k++)
				if (strcmp(d->col[c].rows[k].key, p->code) == 0)
					bycat[c] = d->col[c].rows[k].cases;
		snprintf(buf[0], sizeof buf[0], "%s", p->name);
		snprintf(buf[1], sizeof buf[0], "%s", *p->period ? p->period : p->starts_on);
		snprintf(buf[2], sizeof buf[0], "%d", p->agencies);
		text_thousands(cases, buf[3], sizeof buf[0]);
		text_thousands(bycat[0], buf[4], sizeof buf[0]);
		text_thousands(bycat[1], buf[5], sizeof buf[0]);
		text_thousands(bycat[2], buf[6], sizeof buf[0]);
		text_thousands(arrests, buf[7], sizeof buf[0]);
		pct_change(cases, prev, buf[8], sizeof buf[0]);
		snprintf(buf[9], sizeof buf[0], "%s", source_word(p->source));
		/* Invented figures are never shown as published: where the phase names what was
		 * published, every other count is marked "~". */
		static const char *const figure[] = { NULL, NULL, "agencies", "cases", "drugs", "precursors",
		                                      "wildlife", "arrests", "cases" };
		const double value[] = { 0, 0, p->agencies, (double)cases, (double)bycat[0], (double)bycat[1],
		                         (double)bycat[2], (double)arrests, 0 };
		int invented = store_figure_state(p, NULL, "cases", (double)cases) == STORE_FIGURE_INVENTED;
		for (int c = 2; c <= 8; c++)
			if (figure[c] && (c == 8 ? prev >= 0 && (invented || prev_invented)
			                         : store_figure_state(p, NULL, figure[c], value[c]) == STORE_FIGURE_INVENTED)) {
				char t[sizeof buf[0]];
				snprintf(t, sizeof t, "~%s", buf[c]);
				snprintf(buf[c], sizeof buf[0], "%s", t);
				d->synthetic = 1;
			}
		/* A phase with no published figure at all says so first, where it cannot be cut. */
		if (strcmp(buf[9], "synthetic") == 0)
			snprintf(buf[10], sizeof buf[0], "synthetic · %.60s", buf[1]);
		else
			snprintf(buf[10], sizeof buf[0], "%s", buf[1]);
		for (int c = 0; c < NC; c++)
			if (!(d->cells[r * NC + c] = strdup(buf[c])))
				return -1;
		long long *num = &d->col_sum[r * NC];
		num[3] = cases, num[4] = bycat[0], num[5] = bycat[1], num[6] = bycat[2], num[7] = arrests;
		prev = cases;
		prev_invented = invented;
	}
	return 0;
}

/* Loads all phases into *ph (n of them, freed by the caller) and returns the index of
 * code, -1 when absent, -2 on a store error. */
static int find_phase(struct store *s, const char *code, struct store_phase **ph, int *n)
{
	if (store_phases(s, ph, n) < 0)
		return -2;
	for (int i = 0; i < *n; i++)
		if (strcmp((*ph)[i].code, code) == 0)
			return i;
	return -1;
}

static int load_kpi(struct store *s, struct view_pdata *d, const struct store_filter *f)
{
	struct store_agg ag = { 0 };

	if (store_aggregate(s, f, STORE_DIM_AGENCY, &ag) < 0)
		return -1;
	d->agg = ag; /* totals, and one row per agency reporting */
	d->agencies_reporting = ag.n;
	d->prev_cases = -1;
	/* The change against the previous phase when one phase is fixed. */
	const char *phase = f->value[STORE_DIM_PHASE];
	struct store_phase *ph = NULL;
	int n = 0, i = phase ? find_phase(s, phase, &ph, &n) : -1;
	if (phase && i == -2)
		return -1;
	if (i > 0) {
		struct store_filter g;
		struct store_agg pa = { 0 };
		store_filter_init(&g);
		if (store_filter_copy(&g, f) == 0 && store_filter_set(&g, STORE_DIM_PHASE, ph[i - 1].code) == 0 &&
		    store_aggregate(s, &g, STORE_DIM_CATEGORY, &pa) == 0) {
			d->prev_cases = pa.total.cases;
			snprintf(d->prev_name, sizeof d->prev_name, "%s", ph[i - 1].name);
		}
		store_agg_free(&pa);
		store_filter_free(&g);
	}
	store_phases_free(ph, n);
	return 0;
}

static int load_timeline(struct store *s, struct view_pdata *d, const struct store_filter *f)
{
	if (store_aggregate(s, f, STORE_DIM_WEEK, &d->agg) < 0)
		return -1;
	const char *phase = f->value[STORE_DIM_PHASE];
	struct store_phase *ph = NULL;
	int n = 0, i = phase ? find_phase(s, phase, &ph, &n) : -1;
	if (phase && i == -2)
		return -1;
	if (i >= 0) {
		d->from = xstrdup(ph[i].starts_on);
		d->to = xstrdup(ph[i].ends_on);
	}
	store_phases_free(ph, n);
	return 0;
}

/* dim rows x dim2 columns: the rows and columns in their natural order from two
 * aggregates, the counts from one crosstab. */
static int load_matrix(struct store *s, struct view_pdata *d, const struct store_filter *f, int dim, int dim2)
{
	struct store_agg rows = { 0 }, cols = { 0 };
	struct store_pairs pairs = { 0 };
	int rc = -1;

	if (store_aggregate(s, f, dim, &rows) < 0 || store_aggregate(s, f, dim2, &cols) < 0 ||
	    store_crosstab(s, f, dim, dim2, &pairs) < 0)
		goto out;
	d->mrows = rows.n;
	d->mcols = cols.n;
	d->mrow_key = calloc((size_t)rows.n + 1, sizeof(char *));
	d->mrow_label = calloc((size_t)rows.n + 1, sizeof(char *));
	d->mcol_key = calloc((size_t)cols.n + 1, sizeof(char *));
	d->mcol_label = calloc((size_t)cols.n + 1, sizeof(char *));
	d->counts = calloc((size_t)rows.n * (size_t)cols.n + 1, sizeof(long long));
	if (!d->mrow_key || !d->mrow_label || !d->mcol_key || !d->mcol_label || !d->counts)
		goto out;
	for (int r = 0; r < rows.n; r++)
		if (!(d->mrow_key[r] = xstrdup(rows.rows[r].key)) || !(d->mrow_label[r] = xstrdup(rows.rows[r].label)))
			goto out;
	for (int c = 0; c < cols.n; c++)
		if (!(d->mcol_key[c] = xstrdup(cols.rows[c].key)) || !(d->mcol_label[c] = xstrdup(cols.rows[c].label)))
			goto out;
	/* Rows and columns are a few dozen at most: a linear search per pair is fine. */
	for (int i = 0; i < pairs.n; i++) {
		int r = 0, c = 0;
		while (r < rows.n && strcmp(rows.rows[r].key, pairs.pairs[i].row) != 0)
			r++;
		while (c < cols.n && strcmp(cols.rows[c].key, pairs.pairs[i].col) != 0)
			c++;
		if (r < rows.n && c < cols.n)
			d->counts[r * cols.n + c] = pairs.pairs[i].cases;
	}
	rc = 0;
out:
	store_agg_free(&rows);
	store_agg_free(&cols);
	store_pairs_free(&pairs);
	return rc;
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
	rc = store_cases(s, &f, lv->sort[i], &d->next, CASE_PAGE, &page);
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
	const struct view_panel_spec *ps = &lv->layout.panel[i];
	struct view_pdata *d = &lv->data->p[i];
	int rc = 0;

	if (d->loaded)
		return 0;
	switch (ps->type) {
	case VIEW_PANEL_PHASES:
		rc = load_phases(s, d, f);
		break;
	case VIEW_PANEL_KPI:
		rc = load_kpi(s, d, f);
		break;
	case VIEW_PANEL_BARS:
		rc = store_aggregate(s, f, ps->dim, &d->agg);
		if (rc == 0)
			sort_agg(&d->agg, lv->sort[i]);
		break;
	case VIEW_PANEL_TIMELINE:
		rc = load_timeline(s, d, f);
		break;
	case VIEW_PANEL_MATRIX:
		rc = load_matrix(s, d, f, ps->dim, ps->dim2);
		break;
	case VIEW_PANEL_CASES:
		d->loaded = 1;
		d->more = 1;
		memset(&d->next, 0, sizeof d->next);
		rc = view_more_cases(s, lv, i, err, errsz) < 0 ? -1 : 0;
		if (rc < 0) {
			d->loaded = 0;
			return -1;
		}
		break;
	case VIEW_PANEL_CASE:
		rc = store_case_get(s, f->case_ref ? f->case_ref : "", &d->kase);
		d->has_case = rc == 0;
		break;
	}
	if (rc < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		view_pdata_free(d);
		return -1;
	}
	d->loaded = 1;
	if (f->value[STORE_DIM_PHASE])
		d->phase = xstrdup(f->value[STORE_DIM_PHASE]);
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
	const struct view_pdata *d;

	if (!lv->data || i < 0 || i >= lv->layout.npanels)
		return 0;
	d = &lv->data->p[i];
	switch (lv->layout.panel[i].type) {
	case VIEW_PANEL_PHASES: return d->nphases;
	case VIEW_PANEL_KPI: return 4;
	case VIEW_PANEL_BARS: return d->agg.n;
	case VIEW_PANEL_TIMELINE: return d->agg.n;
	case VIEW_PANEL_MATRIX: return d->mrows;
	case VIEW_PANEL_CASES: return d->ncases;
	case VIEW_PANEL_CASE: return 0;
	}
	return 0;
}

void view_item_key(const struct view_level *lv, int i, int item, char *out, size_t outsz)
{
	const struct view_pdata *d = &lv->data->p[i];
	const char *k = "";

	if (item >= 0) {
		switch (lv->layout.panel[i].type) {
		case VIEW_PANEL_PHASES:
			if (item < d->nphases)
				k = d->phases[item].code;
			break;
		case VIEW_PANEL_BARS:
		case VIEW_PANEL_TIMELINE:
			if (item < d->agg.n)
				k = d->agg.rows[item].key;
			break;
		case VIEW_PANEL_MATRIX:
			if (item < d->mrows)
				k = d->mrow_key[item];
			break;
		case VIEW_PANEL_CASES:
			if (item < d->ncases)
				k = d->cases[item].ref;
			break;
		default:
			break;
		}
	}
	snprintf(out, outsz, "%s", k);
}
