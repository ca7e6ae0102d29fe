/*
 * store_cols_query: aggregates, matrices and case lists answered from the column store
 * (store_cols.c), with the same rows in the same order as the SQL in store_query.c.
 *
 * Each answer is kept in a small cache (the last 32 filters asked) as raw sums per key;
 * when the log brings a changed case, cols_cache_delta() takes the old case away from
 * every cached sum it counted in and adds the new one, so after a change the screens
 * are rebuilt from sums already up to date: the cost follows the change.  A case list
 * takes a new case in its place (its sort key against the page's), and is recomputed
 * only when a case it may hold changes or goes.  Quantities are summed with
 * Kahan-Babuska-Neumaier steps, so taking a case away leaves no drift worth a digit.
 * The answers built from these (keys, labels, the SQL's order) are store_cols_answer.c.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_cols_query.h"

#define CACHE_MAX 32
#define SELS_MAX 4

/* The slots a filter selects, in slot order: a superset after updates (each use checks
 * match() again), so a case that stops matching needs no removal.  all: every slot. */
struct cols_sel {
	struct cols_sel *next;
	char *fkey;
	struct cfilt f;
	uint32_t *slots, n, cap;
	int all, stale;
	unsigned long used;
};

static void sel_free(struct cols_sel *x)
{
	free(x->fkey);
	free(x->slots);
	free(x);
}

void cols_sels_stale(struct cols *c)
{
	for (struct cols_sel *x = c->sels; x; x = x->next)
		x->stale = 1;
}

static void entry_free(struct cols_entry *e)
{
	free(e->fkey);
	free(e->acc);
	free(e->cnt);
	free(e->ids);
	free(e->keys);
	free(e);
}

void cols_cache_drop_windowed(struct cols *c)
{
	for (struct cols_sel **pp = &c->sels; *pp;) {
		struct cols_sel *x = *pp;
		if (x->f.v[0] < 0 || !c->loaded[x->f.v[0]]) {
			*pp = x->next;
			sel_free(x);
		} else {
			pp = &x->next;
		}
	}
	for (struct cols_entry **pp = &c->cache; *pp;) {
		struct cols_entry *e = *pp;
		if (e->f.v[0] < 0 || !c->loaded[e->f.v[0]]) {
			*pp = e->next;
			entry_free(e);
		} else {
			pp = &e->next;
		}
	}
}

void cols_cache_clear(struct cols *c)
{
	cols_answers_clear(c);
	cols_search_free(c); /* after the answers and selections: they point at its sets */
}

void cols_answers_clear(struct cols *c)
{
	while (c->sels) {
		struct cols_sel *x = c->sels;
		c->sels = x->next;
		sel_free(x);
	}
	while (c->cache) {
		struct cols_entry *e = c->cache;
		c->cache = e->next;
		entry_free(e);
	}
}

/* ---- filters and keys --------------------------------------------------------------- */

int cols_ref_code(const struct cols_ref *r, const char *code)
{
	for (int i = 0; i < 256; i++)
		if (r[i].present && strcmp(r[i].code, code) == 0)
			return i;
	return COLS_FNONE;
}

static int list_code(const char *v, const char *(*name)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v, name(i)) == 0)
			return i;
	return COLS_FNONE;
}

/* 1 when the filter is one the arrays answer (no case reference); a search's match set
 * is added by cols_need once the arrays are loaded. */
static int cfilt_make(const struct cols *c, const struct store_filter *f, struct cfilt *out)
{
	const char *v;
	long d;

	for (int i = 0; i < 7; i++)
		out->v[i] = -1;
	out->dlo = 0, out->dhi = 65535;
	out->m = NULL;
	if (!f)
		return 1;
	if (f->case_ref)
		return 0;
	if ((v = f->value[STORE_DIM_PHASE]))
		out->v[0] = cols_ref_code(c->ops, v);
	if ((v = f->value[STORE_DIM_CATEGORY]))
		out->v[1] = cols_ref_code(c->cats, v);
	if ((v = f->value[STORE_DIM_SUBCATEGORY]))
		out->v[2] = cols_ref_code(c->cats, v);
	if ((v = f->value[STORE_DIM_AGENCY]))
		out->v[3] = cols_ref_code(c->ags, v);
	if ((v = f->value[STORE_DIM_COUNTRY]))
		out->v[4] = cols_country_code(v) < 0 ? COLS_FNONE : cols_country_code(v);
	if ((v = f->value[STORE_DIM_TRANSPORT]))
		out->v[5] = list_code(v, cols_transport_name, 9);
	if ((v = f->value[STORE_DIM_STATUS]))
		out->v[6] = list_code(v, cols_status_name, 4);
	/* A week is the seven days from the date given, as the SQL's range says. */
	if ((v = f->value[STORE_DIM_WEEK])) {
		if (!date_parse(v, &d) || strlen(v) != 10 || d < 0)
			out->dlo = 1, out->dhi = 0;
		else if (d + 6 < out->dhi)
			out->dlo = (int)d, out->dhi = (int)d + 6;
		else
			out->dlo = (int)d;
	}
	if ((v = f->value[STORE_DIM_DAY])) {
		if (!date_parse(v, &d) || strlen(v) != 10 || d < out->dlo || d > out->dhi)
			out->dlo = 1, out->dhi = 0;
		else
			out->dlo = out->dhi = (int)d;
	}
	return 1;
}

/* The arrays in step and holding the phase(s) f needs, cf its codes: 1, 0 the arrays do
 * not answer f, -1 error. */
int cols_need(struct store *s, const struct store_filter *f, struct cfilt *cf)
{
	int r = cols_ready(s);
	long long found = 0;
	if (r <= 0 || !cfilt_make(s->cols, f, cf))
		return r < 0 ? -1 : 0;
	if (cf->v[0] == COLS_FNONE || cf->dlo > cf->dhi)
		return 1; /* nothing matches: nothing to load */
	/* A search's match set first (by id: it needs no phase). */
	if (f && f->search && (r = cols_search_filter(s, f->search, cf, &found)) <= 0)
		return r;
	/* A week or a day: the phases with cases then (a phase not held has none: the
	 * previous phase's row for this week on a week's screen loads nothing). */
	int want = cf->v[0] >= 0 ? cf->v[0] : COLS_ALL;
	if ((want == COLS_ALL || !s->cols->loaded[want]) && (cf->dlo > 0 || cf->dhi < 65535)) {
		s->cols->ask_lo = cf->dlo, s->cols->ask_hi = cf->dhi;
		want = COLS_WINDOW;
	} else if (want == COLS_ALL) {
		/* Neither a phase nor a day, but other values or a search: only the cases
		 * matching them (a search's found first: a rare word reads a few chunks). */
		for (int d = 1; d < 7; d++)
			if (cf->v[d] >= 0)
				want = COLS_PARTIAL;
		if (f && f->search)
			want = COLS_PARTIAL;
		memcpy(s->cols->ask_pf, cf->v, sizeof s->cols->ask_pf);
		s->cols->ask_q = f && f->search ? f->search : NULL;
	}
	/* SQL through the index for a few cases when the arrays would have to load phases
	 * for them (store_cols_search.h), not when a partial load into empty arrays takes
	 * just those cases. */
	if (f && f->search && found <= COLS_SEARCH_SQL_MAX && cols_needs(s->cols, want) &&
	    !(want == COLS_PARTIAL && !cols_holds(s->cols)))
		return 0;
	if ((r = cols_load(s, want)) <= 0)
		return r;
	if (!cfilt_make(s->cols, f, cf)) /* the codes again: the load may have read new ones */
		return 0;
	return f && f->search ? cols_search_filter(s, f->search, cf, &found) : 1;
}

static inline __attribute__((always_inline)) int match(const struct cols *c, const struct cfilt *f, uint32_t i)
{
	return c->r[i].op != COLS_DEAD &&
	       (f->v[0] < 0 || c->r[i].op == f->v[0]) && f->v[0] != COLS_FNONE &&
	       (f->v[1] < 0 || c->r[i].cat == f->v[1]) && f->v[1] != COLS_FNONE &&
	       (f->v[2] < 0 || c->r[i].sub == f->v[2]) && f->v[2] != COLS_FNONE &&
	       (f->v[3] < 0 || c->r[i].ag == f->v[3]) && f->v[3] != COLS_FNONE &&
	       (f->v[4] < 0 || c->r[i].cty == f->v[4]) && f->v[4] != COLS_FNONE &&
	       (f->v[5] < 0 || c->r[i].ts >> 4 == f->v[5]) && f->v[5] != COLS_FNONE &&
	       (f->v[6] < 0 || (c->r[i].ts & 15) == f->v[6]) && f->v[6] != COLS_FNONE &&
	       c->r[i].day >= f->dlo && c->r[i].day <= f->dhi &&
	       (!f->m || cols_match_has(f->m, c->r[i].id));
}

/* Weeks are numbered from the Monday before 1970-01-01 (a Thursday). */
static inline int key_of(const struct cols *c, int dim, uint32_t i)
{
	switch (dim) {
	case STORE_DIM_PHASE: return c->r[i].op;
	case STORE_DIM_CATEGORY: return c->r[i].cat;
	case STORE_DIM_SUBCATEGORY: return c->r[i].sub;
	case STORE_DIM_AGENCY: return c->r[i].ag;
	case STORE_DIM_COUNTRY: return c->r[i].cty;
	case STORE_DIM_TRANSPORT: return c->r[i].ts >> 4;
	case STORE_DIM_STATUS: return c->r[i].ts & 15;
	case STORE_DIM_WEEK: return (c->r[i].day + 3) / 7;
	default: return c->r[i].day;
	}
}

/* The keys an answer holds; a matrix's id dimensions only up to the highest id. */
static void key_range(const struct cols *c, int dim, int xtab, int *base, int *nk)
{
	int lo = c->dmin <= c->dmax ? c->dmin : 0, hi = c->dmin <= c->dmax ? c->dmax : 0;
	*base = 0;
	switch (dim) {
	case STORE_DIM_PHASE: *nk = xtab ? c->refmax[0] : 256; break;
	case STORE_DIM_CATEGORY:
	case STORE_DIM_SUBCATEGORY: *nk = xtab ? c->refmax[1] : 256; break;
	case STORE_DIM_AGENCY: *nk = xtab ? c->refmax[2] : 256; break;
	case STORE_DIM_COUNTRY: *nk = 26 * 26; break;
	case STORE_DIM_TRANSPORT:
	case STORE_DIM_STATUS: *nk = 16; break;
	case STORE_DIM_WEEK: *base = (lo + 3) / 7; *nk = (hi + 3) / 7 - *base + 1; break;
	default: *base = lo; *nk = hi - lo + 1; break;
	}
	if (*nk < 1)
		*nk = 1;
}

/* The text key of dim's key k, as the SQL gives it; NULL when k names nothing. */
const char *cols_key_text(const struct cols *c, int dim, int k, char buf[16])
{
	const struct cols_ref *r = NULL;
	switch (dim) {
	case STORE_DIM_PHASE: r = c->ops; break;
	case STORE_DIM_CATEGORY:
	case STORE_DIM_SUBCATEGORY: r = c->cats; break;
	case STORE_DIM_AGENCY: r = c->ags; break;
	case STORE_DIM_COUNTRY:
		buf[0] = (char)('A' + k / 26), buf[1] = (char)('A' + k % 26), buf[2] = '\0';
		return buf;
	case STORE_DIM_TRANSPORT: return cols_transport_name(k);
	case STORE_DIM_STATUS: return cols_status_name(k);
	case STORE_DIM_WEEK: date_format(7L * k - 3, buf, 16); return buf;
	default: date_format(k, buf, 16); return buf;
	}
	return k >= 0 && k < 256 && r[k].present ? r[k].code : NULL;
}

/* ---- sums --------------------------------------------------------------------------- */

static void kbn(double *sum, double *err, double x)
{
	double t = *sum + x;
	double as = *sum < 0 ? -*sum : *sum, ax = x < 0 ? -x : x;
	*err += as > ax ? (*sum - t) + x : (x - t) + *sum;
	*sum = t;
}

/* m: the case's first further unit in cols.multi when it has any (COLS_EXTRA). */
static inline __attribute__((always_inline)) void acc_add(struct acc *a, const struct cols *c, uint32_t i,
                                                           const struct cols_multi *m, int sign)
{
	int u = COLS_UNIT(c->r[i].unit);
	a->cases += sign;
	a->arrests += sign * (long long)c->r[i].arr;
	if (u < STORE_UNIT_COUNT)
		kbn(&a->q[u], &a->e[u], sign * c->q[i]);
	for (; m && m < c->multi + c->nmulti && m->id == c->r[i].id && m->op == c->r[i].op; m++)
		kbn(&a->q[m->unit], &a->e[m->unit], sign * m->q);
}

static const struct cols_multi *multi_of(const struct cols *c, uint32_t i)
{
	uint32_t p = cols_multi_pos(c, c->r[i].id, c->r[i].op);
	return p < c->nmulti && c->multi[p].id == c->r[i].id && c->multi[p].op == c->r[i].op ? &c->multi[p] : NULL;
}

/* Sorts keys of a case list: descending (newest, largest) or ascending. */
static int heap_less(struct lkey a, struct lkey b, int newest)
{
	/* "a is better": kept before b */
	return newest ? a.hi > b.hi || (a.hi == b.hi && a.lo > b.lo) : a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static void sift_down(struct lkey *h, int n, int i, int newest)
{
	for (;;) {
		int w = i, l = 2 * i + 1, r = l + 1;
		/* the root is the worst kept key */
		if (l < n && heap_less(h[w], h[l], newest))
			w = l;
		if (r < n && heap_less(h[w], h[r], newest))
			w = r;
		if (w == i)
			return;
		struct lkey t = h[i];
		h[i] = h[w], h[w] = t;
		i = w;
	}
}

static int cmp_newest(const void *a, const void *b)
{
	const struct lkey *x = a, *y = b;
	return heap_less(*y, *x, 1) - heap_less(*x, *y, 1);
}

static int cmp_oldest(const void *a, const void *b)
{
	return -cmp_newest(a, b);
}

/* Narrows the selection by one column: the first test scans the column, the next ones
 * the slots kept so far (each a tight loop over one small array). */
#define NARROW(COL, TEST) do { \
		uint32_t k = 0; \
		if (first) { \
			for (uint32_t i = lo; i < hi; i++) { \
				uint32_t v = c->r[i].COL; \
				if (TEST) { \
					if (k == x->cap) { \
						uint32_t cap = x->cap ? x->cap * 2 : 4096; \
						uint32_t *t = realloc(x->slots, (size_t)cap * sizeof *t); \
						if (!t) \
							return -1; \
						x->slots = t, x->cap = cap; \
					} \
					x->slots[k++] = i; \
				} \
			} \
		} else { \
			for (uint32_t j = 0; j < x->n; j++) { \
				uint32_t v = c->r[x->slots[j]].COL; \
				if (TEST) \
					x->slots[k++] = x->slots[j]; \
			} \
		} \
		x->n = k, first = 0; \
	} while (0)

static int sel_fill(const struct cols *c, struct cols_sel *x)
{
	const struct cfilt *f = &x->f;
	int first = 1;

	x->n = 0, x->all = 0, x->stale = 0;
	for (int d = 0; d < 7; d++)
		if (f->v[d] == COLS_FNONE || f->dlo > f->dhi)
			return 0;
	/* A phase's cases are one run of slots: the first scan covers that run alone. */
	uint32_t want, lo = 0, hi = c->n;
	if (f->v[0] >= 0) {
		lo = c->part[f->v[0]], hi = c->part[f->v[0] + 1];
		want = (uint32_t)f->v[0];
		NARROW(op, v == want);
	}
	if (f->v[1] >= 0 && ((want = (uint32_t)f->v[1]), 1))
		NARROW(cat, v == want);
	if (f->v[2] >= 0 && ((want = (uint32_t)f->v[2]), 1))
		NARROW(sub, v == want);
	if (f->v[3] >= 0 && ((want = (uint32_t)f->v[3]), 1))
		NARROW(ag, v == want);
	if (f->v[4] >= 0 && ((want = (uint32_t)f->v[4]), 1))
		NARROW(cty, v == want);
	if (f->v[5] >= 0 && ((want = (uint32_t)f->v[5]), 1))
		NARROW(ts, v >> 4 == want);
	if (f->v[6] >= 0 && ((want = (uint32_t)f->v[6]), 1))
		NARROW(ts, (v & 15) == want);
	if (f->dlo > 0 || f->dhi < 65535) {
		uint32_t d0 = (uint32_t)f->dlo, d1 = (uint32_t)f->dhi;
		NARROW(day, v >= d0 && v <= d1);
	}
	if (f->m) /* a search: the bit of each case id */
		NARROW(id, cols_match_has(f->m, v));
	x->all = first;
	if (!first && x->cap > x->n + 1024) { /* give back the doubling's slack: memory counts */
		uint32_t *t = realloc(x->slots, ((size_t)x->n + 1024) * sizeof *t);
		if (t)
			x->slots = t, x->cap = x->n + 1024;
	}
	return 0;
}

/* The selection of the filter, made when missing or stale; NULL when out of memory. */
static struct cols_sel *sel_get(struct cols *c, const struct cfilt *cf, const char *key)
{
	struct cols_sel *x, **pp, *lru = NULL;
	int n = 0;

	for (pp = &c->sels; (x = *pp); pp = &x->next, n++) {
		if (strcmp(x->fkey, key) == 0)
			break;
		if (!lru || x->used < lru->used)
			lru = x;
	}
	if (!x) {
		if (n >= SELS_MAX && lru) {
			for (pp = &c->sels; *pp != lru; pp = &(*pp)->next)
				;
			*pp = lru->next;
			sel_free(lru);
		}
		if (!(x = calloc(1, sizeof *x)) || !(x->fkey = strdup(key))) {
			free(x);
			return NULL;
		}
		x->f = *cf;
		x->stale = 1;
		x->next = c->sels;
		c->sels = x;
	}
	x->used = ++c->tick;
	if (x->stale && sel_fill(c, x) < 0) {
		x->stale = 1;
		return NULL;
	}
	return x;
}

/* Computes an entry from the slots its filter selects. */
static int entry_fill(struct cols *c, struct cols_entry *e)
{
	struct cols_sel *x = sel_get(c, &e->f, e->fkey);
	if (!x)
		return -1;
	uint32_t nsel = x->all ? c->n : x->n;
#define SLOT(j) (x->all ? (j) : x->slots[j])
	if (e->kind == K_LIST) {
		int newest = e->order == STORE_ORDER_NEWEST || e->order == STORE_ORDER_LARGEST;
		int by_kg = e->order == STORE_ORDER_LARGEST || e->order == COLS_ORDER_SMALLEST;
		int cap = e->limit + 1, n = 0;
		struct lkey *h = malloc((size_t)cap * sizeof *h);
		if (!h)
			return -1;
		for (uint32_t j = 0; j < nsel; j++) {
			uint32_t i = SLOT(j);
			if (!match(c, &e->f, i))
				continue;
			struct lkey k = { by_kg ? cols_kg_key(c, i) : c->r[i].day, c->r[i].id };
			if (e->cursor.lo && !heap_less(e->cursor, k, newest))
				continue;
			if (n < cap) {
				h[n++] = k;
				for (int u = n - 1; u > 0 && heap_less(h[(u - 1) / 2], h[u], newest); u = (u - 1) / 2) {
					struct lkey t = h[u];
					h[u] = h[(u - 1) / 2], h[(u - 1) / 2] = t;
				}
			} else if (heap_less(k, h[0], newest)) {
				h[0] = k;
				sift_down(h, n, 0, newest);
			}
		}
		qsort(h, (size_t)n, sizeof *h, newest ? cmp_newest : cmp_oldest);
		free(e->ids);
		e->more = n > e->limit;
		e->nids = n > e->limit ? e->limit : n;
		if (!(e->ids = malloc((size_t)(e->nids + 1) * sizeof *e->ids))) {
			free(h);
			return -1;
		}
		for (int i = 0; i < e->nids; i++)
			e->ids[i] = h[i].lo;
		free(e->keys);
		e->keys = h; /* kept for list_insert */
		e->stale = 0;
		return 0;
	}
	key_range(c, e->dim, e->kind == K_XTAB, &e->base, &e->nk);
	if (e->kind == K_XTAB)
		key_range(c, e->dim2, 1, &e->base2, &e->nk2);
	free(e->acc);
	free(e->cnt);
	e->acc = NULL, e->cnt = NULL;
	if (e->kind == K_AGG ? !(e->acc = calloc((size_t)e->nk, sizeof *e->acc))
	                     : !(e->cnt = calloc((size_t)e->nk * (size_t)e->nk2, sizeof *e->cnt)))
		return -1;
	for (uint32_t j = 0; j < nsel; j++) {
		uint32_t i = SLOT(j);
		if (!match(c, &e->f, i))
			continue;
		int k = key_of(c, e->dim, i) - e->base;
		if (k < 0 || k >= e->nk)
			continue; /* an id with no row in its table: the SQL's join drops it too */
		if (e->kind == K_XTAB) {
			int k2 = key_of(c, e->dim2, i) - e->base2;
			if (k2 >= 0 && k2 < e->nk2)
				e->cnt[k * e->nk2 + k2]++;
			continue;
		}
		acc_add(&e->acc[k], c, i, c->r[i].unit & COLS_EXTRA ? multi_of(c, i) : NULL, 1);
	}
#undef SLOT
	e->stale = 0;
	return 0;
}

/* A new case (slot i, matching e's filter) into case list e: in its place when it sorts
 * within the page (the last one then moves off it), else only "more" changes; 0, or -1
 * when e must be recomputed. */
static int list_insert(const struct cols *c, struct cols_entry *e, uint32_t i)
{
	int newest = e->order == STORE_ORDER_NEWEST || e->order == STORE_ORDER_LARGEST;
	int by_kg = e->order == STORE_ORDER_LARGEST || e->order == COLS_ORDER_SMALLEST;
	struct lkey k = { by_kg ? cols_kg_key(c, i) : c->r[i].day, c->r[i].id };
	int p = 0;

	if (!e->keys)
		return -1;
	if (e->cursor.lo && !heap_less(e->cursor, k, newest))
		return 0; /* before this page's cursor: on an earlier page */
	while (p < e->nids && heap_less(e->keys[p], k, newest))
		p++;
	if (p >= e->limit) {
		e->more = 1;
		return 0;
	}
	if (e->nids < e->limit) {
		uint32_t *ids = realloc(e->ids, (size_t)(e->nids + 2) * sizeof *ids);
		struct lkey *keys = ids ? realloc(e->keys, (size_t)(e->nids + 2) * sizeof *keys) : NULL;
		if (ids)
			e->ids = ids;
		if (!keys)
			return -1;
		e->keys = keys;
		e->nids++;
	} else {
		e->more = 1;
	}
	memmove(&e->ids[p + 1], &e->ids[p], (size_t)(e->nids - 1 - p) * sizeof *e->ids);
	memmove(&e->keys[p + 1], &e->keys[p], (size_t)(e->nids - 1 - p) * sizeof *e->keys);
	e->ids[p] = k.lo;
	e->keys[p] = k;
	return 0;
}

void cols_cache_delta(struct cols *c, int slot, int sign)
{
	uint32_t i = (uint32_t)slot;
	const struct cols_multi *m = c->r[i].unit & COLS_EXTRA ? multi_of(c, i) : NULL;

	/* A case coming to match a selection joins it (at the end when it is the newest). */
	for (struct cols_sel *x = c->sels; sign > 0 && x; x = x->next) {
		if (x->stale || x->all || !match(c, &x->f, i))
			continue;
		if (x->n && x->slots[x->n - 1] >= i) {
			uint32_t lo = 0, hi = x->n;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (x->slots[mid] < i)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo >= x->n || x->slots[lo] != i)
				x->stale = 1;
			continue;
		}
		if (x->n == x->cap) {
			uint32_t cap = x->cap ? x->cap * 2 : 1024;
			uint32_t *t = realloc(x->slots, (size_t)cap * sizeof *t);
			if (!t) {
				x->stale = 1;
				continue;
			}
			x->slots = t, x->cap = cap;
		}
		x->slots[x->n++] = i;
	}
	for (struct cols_entry *e = c->cache; e; e = e->next) {
		if (e->stale || !match(c, &e->f, i))
			continue;
		if (e->kind == K_LIST) {
			if (sign < 0 || list_insert(c, e, i) < 0) /* a case it may hold changed or went */
				e->stale = 1;
			continue;
		}
		int k = key_of(c, e->dim, i) - e->base;
		int k2 = e->kind == K_XTAB ? key_of(c, e->dim2, i) - e->base2 : 0;
		int within = k >= 0 && k < e->nk && k2 >= 0 && k2 < (e->kind == K_XTAB ? e->nk2 : 1);
		if (!within) {
			/* A new day or week outside the range: recount.  Ids beyond the matrix are
			 * ids without a row, which the SQL leaves out as well. */
			if (e->dim == STORE_DIM_WEEK || e->dim == STORE_DIM_DAY ||
			    (e->kind == K_XTAB && (e->dim2 == STORE_DIM_WEEK || e->dim2 == STORE_DIM_DAY)))
				e->stale = 1;
			continue;
		}
		if (e->kind == K_XTAB)
			e->cnt[k * e->nk2 + k2] += sign;
		else
			acc_add(&e->acc[k], c, i, m, sign);
	}
}

/* The filter as text: the cache's key. */
static char *filter_key(const struct store_filter *f)
{
	size_t n = 1;
	for (int d = 0; f && d < STORE_DIM_COUNT; d++)
		n += f->value[d] ? strlen(f->value[d]) + 16 : 2;
	n += f && f->search ? strlen(f->search) + 16 : 0;
	char *k = malloc(n), *p = k;
	if (!k)
		return NULL;
	*p = '\0';
	for (int d = 0; f && d < STORE_DIM_COUNT; d++)
		p += f->value[d] ? sprintf(p, "%zu:%s|", strlen(f->value[d]), f->value[d]) : sprintf(p, "-|");
	if (f && f->search)
		sprintf(p, "s%zu:%s|", strlen(f->search), f->search);
	return k;
}

/* The cached entry for this question, computed when missing or stale; NULL on error
 * (out of memory, with s->err set). */
struct cols_entry *cols_entry_get(struct store *s, const struct cfilt *cf, const struct store_filter *f, int kind,
                                  int dim, int dim2, int order, int limit, struct lkey cursor)
{
	struct cols *c = s->cols;
	struct cols_entry *e, **pp, *lru = NULL;
	char *key = filter_key(f);
	int n = 0;

	if (!key) {
		store_fail(s, "out of memory");
		return NULL;
	}
	for (pp = &c->cache; (e = *pp); pp = &e->next, n++) {
		if (e->kind == kind && e->dim == dim && e->dim2 == dim2 && e->order == order && e->limit == limit &&
		    e->cursor.hi == cursor.hi && e->cursor.lo == cursor.lo && strcmp(e->fkey, key) == 0)
			break;
		if (!lru || e->used < lru->used)
			lru = e;
	}
	if (!e) {
		if (n >= CACHE_MAX && lru) { /* forget the least recently used */
			for (pp = &c->cache; *pp != lru; pp = &(*pp)->next)
				;
			*pp = lru->next;
			entry_free(lru);
		}
		if (!(e = calloc(1, sizeof *e))) {
			free(key);
			store_fail(s, "out of memory");
			return NULL;
		}
		*e = (struct cols_entry){ .next = c->cache, .kind = kind, .dim = dim, .dim2 = dim2, .fkey = key,
		                          .f = *cf, .order = order, .limit = limit, .cursor = cursor, .stale = 1 };
		c->cache = e;
		key = NULL;
	}
	free(key);
	e->used = ++c->tick;
	if (e->stale && entry_fill(c, e) < 0) {
		e->stale = 1;
		store_fail(s, "out of memory");
		return NULL;
	}
	return e;
}
