/*
 * store_cols_multi: the further units of the column store's cases (cols.multi: a case
 * seizing kilograms and tablets keeps its first unit's quantity in cols.q and the others
 * here), sorted by id, phase, unit; the slots are store_cols.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "store_cols.h"

uint32_t cols_multi_pos(const struct cols *c, uint32_t id, int op)
{
	uint32_t lo = 0, hi = c->nmulti;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->multi[mid].id < id || (c->multi[mid].id == id && c->multi[mid].op < op))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void cols_multi_drop(struct cols *c, uint32_t id, int op)
{
	uint32_t p = cols_multi_pos(c, id, op), k = p;
	while (k < c->nmulti && c->multi[k].id == id && c->multi[k].op == op)
		k++;
	if (k == p) /* none held (and maybe no array at all: memmove wants a pointer) */
		return;
	memmove(c->multi + p, c->multi + k, (size_t)(c->nmulti - k) * sizeof *c->multi);
	c->nmulti -= k - p;
}

int cols_multi_reserve(struct cols *c, uint32_t add)
{
	if (c->nmulti + add <= c->capmulti)
		return 0;
	uint32_t cap = c->capmulti ? c->capmulti * 2 : 1024;
	if (cap < c->nmulti + add)
		cap = c->nmulti + add + 256;
	struct cols_multi *m = realloc(c->multi, (size_t)cap * sizeof *m);
	if (!m)
		return -1;
	c->multi = m;
	c->capmulti = cap;
	return 0;
}

/* The units of r after its first, in place of what the case had. */
int cols_multi_put(struct cols *c, const struct cols_row *r)
{
	uint32_t add = 0;
	cols_multi_drop(c, r->id, r->op);
	for (int u = COLS_UNIT(r->unit) + 1; u < STORE_UNIT_COUNT; u++)
		add += r->qall[u] != 0;
	if (add == 0) /* one unit: nothing here (and maybe no array yet) */
		return 0;
	if (cols_multi_reserve(c, add) < 0)
		return -1;
	uint32_t p = cols_multi_pos(c, r->id, r->op);
	memmove(c->multi + p + add, c->multi + p, (size_t)(c->nmulti - p) * sizeof *c->multi);
	for (int u = COLS_UNIT(r->unit) + 1; u < STORE_UNIT_COUNT; u++)
		if (r->qall[u] != 0)
			c->multi[p++] = (struct cols_multi){ .id = r->id, .unit = (uint8_t)u, .op = r->op, .q = r->qall[u] };
	c->nmulti += add;
	return 0;
}

static int multi_cmp(const void *a, const void *b)
{
	const struct cols_multi *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/*
 * cols.multi sorted again after a load appended runs to it: the entries held before
 * (sorted) and one run per phase loaded, each sorted already (a phase's chunks come in
 * id order, a case's units in order).  Merging the runs one after another is a few
 * passes over a few tens of thousands of entries, where a sort of them all was a tenth
 * of loading every phase.  run[0..nrun-1]: where each run starts (run[0] 0).  -1 out of
 * memory.
 */
int cols_multi_merge(struct cols *c, const uint32_t *run, int nrun)
{
	uint32_t n = c->nmulti;
	if (nrun <= 1 || n < 2)
		return 0;
	struct cols_multi *t = malloc((size_t)n * sizeof *t);
	if (!t)
		return -1;
	for (int k = 1; k < nrun; k++) {
		uint32_t i = 0, mid = run[k], j = mid, end = k + 1 < nrun ? run[k + 1] : n, o = 0;
		if (mid == end || mid == 0 || multi_cmp(&c->multi[mid - 1], &c->multi[mid]) < 0)
			continue; /* already in order */
		while (i < mid && j < end)
			t[o++] = multi_cmp(&c->multi[j], &c->multi[i]) < 0 ? c->multi[j++] : c->multi[i++];
		while (i < mid)
			t[o++] = c->multi[i++];
		/* the rest of the second run is in place already */
		memcpy(c->multi, t, (size_t)o * sizeof *t);
	}
	free(t);
	return 0;
}
