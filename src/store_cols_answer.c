/*
 * store_cols_answer: the column store's answers (store_internal.h's store_cols_aggregate,
 * _crosstab and _case_ids) built from the cached sums, matrices and case lists of
 * store_cols_query.c: rows keyed, labelled and ordered as the SQL in store_query.c gives
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_cols_query.h"

/* ---- the answers -------------------------------------------------------------------- */

struct sortrow {
	struct store_agg_row r;
	long long ord;   /* phase number, category position */
	int k;           /* the key number */
};

static int sort_dim;
static int cmp_rows(const void *a, const void *b)
{
	const struct sortrow *x = a, *y = b;
	switch (sort_dim) {
	case STORE_DIM_PHASE:
	case STORE_DIM_CATEGORY:
		return x->ord != y->ord ? (x->ord > y->ord) - (x->ord < y->ord) : x->k - y->k;
	case STORE_DIM_WEEK:
	case STORE_DIM_DAY:
		return x->k - y->k;
	case STORE_DIM_SUBCATEGORY:
		if (x->r.cases != y->r.cases)
			return (x->r.cases < y->r.cases) - (x->r.cases > y->r.cases);
		if (x->ord != y->ord)
			return (x->ord > y->ord) - (x->ord < y->ord);
		return strcmp(x->r.key, y->r.key);
	default:
		if (x->r.cases != y->r.cases)
			return (x->r.cases < y->r.cases) - (x->r.cases > y->r.cases);
		return strcmp(x->r.key, y->r.key);
	}
}

static char *day_label(const char *key)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%d %s %.4s", atoi(key + 8), date_month_abbr(atoi(key + 5)), key);
	return strdup(buf);
}

/* Is category k listed by the CATEGORY aggregate under f (the SQL's WHERE)? */
static int category_listed(const struct cols *c, const struct store_filter *f, int k)
{
	if (!c->cats[k].present || c->cats[k].parent != 0)
		return 0;
	if (f && f->value[STORE_DIM_CATEGORY])
		return strcmp(c->cats[k].code, f->value[STORE_DIM_CATEGORY]) == 0;
	if (f && f->value[STORE_DIM_SUBCATEGORY]) {
		int sk = cols_ref_code(c->cats, f->value[STORE_DIM_SUBCATEGORY]);
		return sk >= 0 && c->cats[sk].parent == k;
	}
	return 1;
}

int store_cols_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	struct cfilt cf;
	int r = cols_need(s, f, &cf);

	if (r <= 0)
		return r;
	struct cols *c = s->cols;
	struct cols_entry *e = cols_entry_get(s, &cf, f, K_AGG, dim, -1, 0, 0, (struct lkey){ 0, 0 });
	if (!e)
		return -1;
	struct sortrow *rows = calloc((size_t)e->nk + 1, sizeof *rows);
	struct store_agg a = { .dim = dim };
	int n = 0;
	if (!rows)
		return store_fail(s, "out of memory");
	for (int k = 0; k < e->nk; k++) {
		const struct acc *x = &e->acc[k];
		char buf[16];
		const char *key = cols_key_text(c, dim, k + e->base, buf);
		if (!key)
			continue;
		if (dim == STORE_DIM_PHASE) {
			if (f && f->value[STORE_DIM_PHASE] && strcmp(key, f->value[STORE_DIM_PHASE]) != 0)
				continue;
		} else if (dim == STORE_DIM_CATEGORY) {
			if (!category_listed(c, f, k))
				continue;
		} else if (x->cases <= 0) {
			continue;
		}
		struct sortrow *w = &rows[n++];
		w->k = k;
		w->ord = dim == STORE_DIM_PHASE ? c->ops[k].order : c->cats[k < 256 ? k : 0].order;
		w->r.cases = x->cases;
		w->r.arrests = x->arrests;
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			w->r.qty[u] = x->q[u] + x->e[u];
		w->r.key = strdup(key);
		if (dim == STORE_DIM_PHASE)
			w->r.label = strdup(c->ops[k].name);
		else if (dim == STORE_DIM_CATEGORY || dim == STORE_DIM_SUBCATEGORY)
			w->r.label = strdup(c->cats[k].name);
		else if (dim == STORE_DIM_AGENCY)
			w->r.label = strdup(c->ags[k].name);
		else if (dim == STORE_DIM_COUNTRY)
			w->r.label = strdup(store_country_name(key) ? store_country_name(key) : key);
		else if (dim == STORE_DIM_WEEK || dim == STORE_DIM_DAY)
			w->r.label = day_label(key);
		else
			w->r.label = strdup(key);
		if (!w->r.key || !w->r.label)
			goto oom;
	}
	sort_dim = dim;
	qsort(rows, (size_t)n, sizeof *rows, cmp_rows);
	if (!(a.rows = calloc((size_t)n + 1, sizeof *a.rows)))
		goto oom;
	for (int i = 0; i < n; i++) {
		a.rows[i] = rows[i].r;
		a.total.cases += rows[i].r.cases;
		a.total.arrests += rows[i].r.arrests;
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			a.total.qty[u] += rows[i].r.qty[u];
	}
	a.n = n;
	free(rows);
	if (!(a.total.key = strdup("")) || !(a.total.label = strdup("total"))) {
		store_agg_free(&a);
		return store_fail(s, "out of memory");
	}
	*out = a;
	return 1;
oom:
	for (int i = 0; i < n; i++) {
		free(rows[i].r.key);
		free(rows[i].r.label);
	}
	free(rows);
	return store_fail(s, "out of memory");
}

int store_cols_crosstab(struct store *s, const struct store_filter *f, int dim, int dim2, struct store_pairs *out)
{
	struct cfilt cf;
	int r = cols_need(s, f, &cf);

	if (r <= 0)
		return r;
	struct cols *c = s->cols;
	struct cols_entry *e = cols_entry_get(s, &cf, f, K_XTAB, dim, dim2, 0, 0, (struct lkey){ 0, 0 });
	if (!e)
		return -1;
	struct store_pairs p = { 0 };
	int cap = 0;
	for (int k = 0; k < e->nk; k++)
		for (int k2 = 0; k2 < e->nk2; k2++) {
			long long n = e->cnt[k * e->nk2 + k2];
			char b1[16], b2[16];
			const char *t1, *t2;
			if (n <= 0 || !(t1 = cols_key_text(c, dim, k + e->base, b1)) || !(t2 = cols_key_text(c, dim2, k2 + e->base2, b2)))
				continue;
			if (p.n == cap) {
				int ncap = cap ? cap * 2 : 64;
				struct store_pair *t = realloc(p.pairs, (size_t)ncap * sizeof *t);
				if (!t)
					goto oom;
				p.pairs = t;
				cap = ncap;
			}
			struct store_pair *w = &p.pairs[p.n++];
			w->row = strdup(t1);
			w->col = strdup(t2);
			w->cases = n;
			if (!w->row || !w->col)
				goto oom;
		}
	*out = p;
	return 1;
oom:
	store_pairs_free(&p);
	return store_fail(s, "out of memory");
}

int store_cols_case_ids(struct store *s, const struct store_filter *f, int order, const struct store_cursor *after,
                        int limit, long long **ids, int *n, int *more)
{
	struct cfilt cf;
	struct lkey cursor = { 0, 0 };
	long d;
	int r, by_kg = order == STORE_ORDER_LARGEST || order == COLS_ORDER_SMALLEST;

	*ids = NULL, *n = 0, *more = 0;
	if (order != STORE_ORDER_NEWEST && order != STORE_ORDER_OLDEST && !by_kg)
		return 0;
	if (after && after->valid) {
		if (after->id <= 0 || after->id > (long long)UINT32_MAX)
			return 0;
		if (!by_kg) {
			if (!memchr(after->key, '\0', sizeof after->key) || strlen(after->key) != 10 ||
			    !date_parse(after->key, &d) || d < 0 || d > 65535)
				return 0;
			cursor.hi = (unsigned long long)d;
		}
		cursor.lo = (uint32_t)after->id;
	}
	if ((r = cols_need(s, f, &cf)) <= 0)
		return r;
	if (by_kg && cursor.lo) {
		/* The SQL reads the cursor case's kilograms as they are now: so do the arrays.  A
		 * case they do not hold (deleted, or of a phase not loaded) is left to the SQL. */
		int slot = cols_find(s->cols, cursor.lo);
		if (slot < 0)
			return 0;
		cursor.hi = cols_kg_key(s->cols, (uint32_t)slot);
	}
	struct cols_entry *e = cols_entry_get(s, &cf, f, K_LIST, -1, -1, order, limit, cursor);
	if (!e)
		return -1;
	if (!(*ids = malloc((size_t)(e->nids + 1) * sizeof **ids)))
		return store_fail(s, "out of memory");
	for (int i = 0; i < e->nids; i++)
		(*ids)[i] = e->ids[i];
	*n = e->nids;
	*more = e->more;
	return 1;
}
