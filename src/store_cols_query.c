/*
 * store_cols_query: aggregates, matrices and case lists answered from the column store
 * (store_cols.c), with the same rows in the same order as the SQL in store_query.c.
 *
 * Each answer is kept in a small cache (the last 32 filters asked) as raw sums per key;
 * when the log brings a changed case, cols_cache_delta() takes the old case away from
 * every cached sum it counted in and adds the new one, so after a change the screens
 * are rebuilt from sums already up to date: the cost follows the change.  A case list
 * is recomputed only when the change touches its filter.  Quantities are summed with
 * Kahan-Babuska-Neumaier steps, so taking a case away leaves no drift worth a digit.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_cols.h"

#define CACHE_MAX 32
#define SELS_MAX 4

struct acc {
	long long cases, arrests;
	double q[STORE_UNIT_COUNT], e[STORE_UNIT_COUNT];
};

/* A filter as codes: -1 any, COLS_FNONE nothing can match. */
#define COLS_FNONE (-2)
struct cfilt {
	int v[7];        /* op, cat, sub, ag, cty, transport, status */
	int dlo, dhi;    /* days */
};

enum { K_AGG, K_XTAB, K_LIST };

struct cols_entry {
	struct cols_entry *next;
	int kind, dim, dim2;
	char *fkey;      /* owned: the filter as text */
	struct cfilt f;
	int base, nk, base2, nk2;
	struct acc *acc; /* K_AGG: nk */
	long long *cnt;  /* K_XTAB: nk * nk2 */
	int order, limit;
	unsigned long long cursor; /* K_LIST: 0 none, else (day << 32 | id) */
	uint32_t *ids;   /* K_LIST: owned, nids of them */
	int nids, more;
	int stale;
	unsigned long used;
};

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

static int ref_code(const struct cols_ref *r, const char *code)
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

/* 1 when the filter is one the arrays answer (no search, no case reference). */
static int cfilt_make(const struct cols *c, const struct store_filter *f, struct cfilt *out)
{
	const char *v;
	long d;

	for (int i = 0; i < 7; i++)
		out->v[i] = -1;
	out->dlo = 0, out->dhi = 65535;
	if (!f)
		return 1;
	if (f->search || f->case_ref)
		return 0;
	if ((v = f->value[STORE_DIM_PHASE]))
		out->v[0] = ref_code(c->ops, v);
	if ((v = f->value[STORE_DIM_CATEGORY]))
		out->v[1] = ref_code(c->cats, v);
	if ((v = f->value[STORE_DIM_SUBCATEGORY]))
		out->v[2] = ref_code(c->cats, v);
	if ((v = f->value[STORE_DIM_AGENCY]))
		out->v[3] = ref_code(c->ags, v);
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
static int cols_need(struct store *s, const struct store_filter *f, struct cfilt *cf)
{
	int r = cols_ready(s);
	if (r <= 0 || !cfilt_make(s->cols, f, cf))
		return r < 0 ? -1 : 0;
	if (cf->v[0] == COLS_FNONE || cf->dlo > cf->dhi)
		return 1; /* nothing matches: nothing to load */
	/* A week or a day: the phases with cases then (a phase not held has none: the
	 * previous phase's row for this week on a week's screen loads nothing). */
	int want = cf->v[0] >= 0 ? cf->v[0] : COLS_ALL;
	if ((want == COLS_ALL || !s->cols->loaded[want]) && (cf->dlo > 0 || cf->dhi < 65535)) {
		s->cols->ask_lo = cf->dlo, s->cols->ask_hi = cf->dhi;
		want = COLS_WINDOW;
	}
	if ((r = cols_load(s, want)) <= 0)
		return r;
	return cfilt_make(s->cols, f, cf) ? 1 : 0; /* the codes again: the load may have read new ones */
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
	       c->r[i].day >= f->dlo && c->r[i].day <= f->dhi;
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
static const char *key_text(const struct cols *c, int dim, int k, char buf[16])
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

/* Sorts keys (day << 32 | id) of a case list: newest first or oldest first. */
static int heap_less(unsigned long long a, unsigned long long b, int newest)
{
	return newest ? a > b : a < b; /* "a is better": kept before b */
}

static void sift_down(unsigned long long *h, int n, int i, int newest)
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
		unsigned long long t = h[i];
		h[i] = h[w], h[w] = t;
		i = w;
	}
}

static int cmp_newest(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return (x < y) - (x > y);
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
		int newest = e->order == STORE_ORDER_NEWEST, cap = e->limit + 1, n = 0;
		unsigned long long *h = malloc((size_t)cap * sizeof *h);
		if (!h)
			return -1;
		for (uint32_t j = 0; j < nsel; j++) {
			uint32_t i = SLOT(j);
			if (!match(c, &e->f, i))
				continue;
			unsigned long long k = (unsigned long long)c->r[i].day << 32 | c->r[i].id;
			if (e->cursor && !heap_less(e->cursor, k, newest))
				continue;
			if (n < cap) {
				h[n++] = k;
				for (int u = n - 1; u > 0 && heap_less(h[(u - 1) / 2], h[u], newest); u = (u - 1) / 2) {
					unsigned long long t = h[u];
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
			e->ids[i] = (uint32_t)h[i];
		free(h);
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
	char *k = malloc(n), *p = k;
	if (!k)
		return NULL;
	*p = '\0';
	for (int d = 0; f && d < STORE_DIM_COUNT; d++)
		p += f->value[d] ? sprintf(p, "%zu:%s|", strlen(f->value[d]), f->value[d]) : sprintf(p, "-|");
	return k;
}

/* The cached entry for this question, computed when missing or stale; NULL on error
 * (out of memory, with s->err set). */
static struct cols_entry *entry_get(struct store *s, const struct cfilt *cf, const struct store_filter *f,
                                    int kind, int dim, int dim2, int order, int limit, unsigned long long cursor)
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
		    e->cursor == cursor && strcmp(e->fkey, key) == 0)
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
		int sk = ref_code(c->cats, f->value[STORE_DIM_SUBCATEGORY]);
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
	struct cols_entry *e = entry_get(s, &cf, f, K_AGG, dim, -1, 0, 0, 0);
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
		const char *key = key_text(c, dim, k + e->base, buf);
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
	struct cols_entry *e = entry_get(s, &cf, f, K_XTAB, dim, dim2, 0, 0, 0);
	if (!e)
		return -1;
	struct store_pairs p = { 0 };
	int cap = 0;
	for (int k = 0; k < e->nk; k++)
		for (int k2 = 0; k2 < e->nk2; k2++) {
			long long n = e->cnt[k * e->nk2 + k2];
			char b1[16], b2[16];
			const char *t1, *t2;
			if (n <= 0 || !(t1 = key_text(c, dim, k + e->base, b1)) || !(t2 = key_text(c, dim2, k2 + e->base2, b2)))
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
	unsigned long long cursor = 0;
	long d;
	int r;

	*ids = NULL, *n = 0, *more = 0;
	if (order != STORE_ORDER_NEWEST && order != STORE_ORDER_OLDEST)
		return 0;
	if (after && after->valid) {
		if (!memchr(after->key, '\0', sizeof after->key) || strlen(after->key) != 10 ||
		    !date_parse(after->key, &d) || d < 0 || d > 65535 || after->id < 0 || after->id > (long long)UINT32_MAX)
			return 0;
		cursor = (unsigned long long)d << 32 | (unsigned long long)after->id;
		if (!cursor)
			return 0;
	}
	if ((r = cols_need(s, f, &cf)) <= 0)
		return r;
	struct cols_entry *e = entry_get(s, &cf, f, K_LIST, -1, -1, order, limit, cursor);
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
