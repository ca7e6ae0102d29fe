/*
 * store_rollup: the rollup rows of many new cases, summed in memory and written in one
 * go, for the writers that insert cases by the hundred thousand (sample, import).
 *
 * The rollups table and the triggers that keep it are defined in store_schema.c.  Seven
 * upserts per case by trigger cost more than the rest of an import, and grouping the new
 * cases in SQL afterwards (seven GROUP BYs, a date() per row) cost about as much; the
 * writers hold every value of a case in hand anyway.  So they drop the triggers in their
 * transaction, give each case to store_rollup_case(), and store_rollup_write() upserts
 * the sums with the schema's own statement before the triggers are recreated: the rows
 * written are those the triggers would have written, which tests/unit/test_store_rollup.c
 * checks against a GROUP BY over the cases.
 *
 * Sums of quantities are Kahan-Babuska-Neumaier pairs, as in the table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

struct rollup_row {
	sqlite3_int64 op, cat, id; /* id: the key of dims 2 and 3 (sub-category, agency) */
	int dim;
	char *key;                 /* owned: the key of the text dims, "" for the others */
	long long cases, arrests;
	double q[STORE_UNIT_COUNT], e[STORE_UNIT_COUNT]; /* sum and compensation */
};

struct store_rollup {
	struct rollup_row *rows;   /* owned, open addressing; key == NULL for a free slot */
	size_t cap, n;             /* cap a power of two, n <= cap / 2 */
};

struct store_rollup *store_rollup_new(void)
{
	struct store_rollup *r = calloc(1, sizeof *r);
	if (r && !(r->rows = calloc(r->cap = 1024, sizeof *r->rows))) {
		free(r);
		return NULL;
	}
	return r;
}

void store_rollup_free(struct store_rollup *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++)
		free(r->rows[i].key);
	free(r->rows);
	free(r);
}

static size_t row_hash(sqlite3_int64 op, sqlite3_int64 cat, int dim, sqlite3_int64 id, const char *key)
{
	uint64_t h = 1469598103934665603ull;
	uint64_t v[4] = { (uint64_t)op, (uint64_t)cat, (uint64_t)dim, (uint64_t)id };
	for (int i = 0; i < 4; i++)
		h = (h ^ v[i]) * 1099511628211ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static int grow(struct store_rollup *r)
{
	struct rollup_row *old = r->rows;
	size_t oldcap = r->cap, cap = 2 * r->cap;
	struct rollup_row *rows = calloc(cap, sizeof *rows);

	if (!rows)
		return -1;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		size_t j = row_hash(old[i].op, old[i].cat, old[i].dim, old[i].id, old[i].key) & (cap - 1);
		while (rows[j].key)
			j = (j + 1) & (cap - 1);
		rows[j] = old[i];
	}
	free(old);
	r->rows = rows;
	r->cap = cap;
	return 0;
}

/* The row of (op, cat, dim, id, key), created empty; NULL when out of memory. */
static struct rollup_row *row_get(struct store_rollup *r, sqlite3_int64 op, sqlite3_int64 cat, int dim,
                                  sqlite3_int64 id, const char *key)
{
	if (2 * (r->n + 1) > r->cap && grow(r) < 0)
		return NULL;
	size_t j = row_hash(op, cat, dim, id, key) & (r->cap - 1);
	for (; r->rows[j].key; j = (j + 1) & (r->cap - 1)) {
		struct rollup_row *w = &r->rows[j];
		if (w->op == op && w->cat == cat && w->dim == dim && w->id == id && strcmp(w->key, key) == 0)
			return w;
	}
	struct rollup_row *w = &r->rows[j];
	memset(w, 0, sizeof *w);
	if (!(w->key = strdup(key)))
		return NULL;
	w->op = op;
	w->cat = cat;
	w->dim = dim;
	w->id = id;
	r->n++;
	return w;
}

/* One Kahan-Babuska-Neumaier step, as the table's upsert does it (store_schema.c). */
static void kbn_add(double *sum, double *err, double x)
{
	double t = *sum + x;
	double as = *sum < 0 ? -*sum : *sum, ax = x < 0 ? -x : x;
	*err += as > ax ? (*sum - t) + x : (x - t) + *sum;
	*sum = t;
}

/* The Monday of the week of an ISO date, as date(d, 'weekday 0', '-6 days') gives it. */
static void week_of(const char *iso, char out[16])
{
	long z = 0;

	date_parse(iso, &z); /* the importer and the sample checked it */
	date_format(date_monday(z), out, 16);
}

int store_rollup_case(struct store_rollup *r, const struct store_rollup_case *c)
{
	char week[16];
	week_of(c->detected_on, week);
	const struct { int dim; sqlite3_int64 id; const char *key; } keys[] = {
		{ STORE_DIM_PHASE, 0, "" },          /* the pair's totals */
		{ STORE_DIM_SUBCATEGORY, c->sub, "" },
		{ STORE_DIM_AGENCY, c->agency, "" },
		{ STORE_DIM_COUNTRY, 0, c->country },
		{ STORE_DIM_TRANSPORT, 0, c->transport },
		{ STORE_DIM_STATUS, 0, c->status },
		{ STORE_DIM_WEEK, 0, week },
	};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		struct rollup_row *w = row_get(r, c->op, c->cat, keys[k].dim, keys[k].id, keys[k].key);
		if (!w)
			return -1;
		w->cases++;
		w->arrests += c->arrests;
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			kbn_add(&w->q[u], &w->e[u], c->qty[u]);
	}
	return 0;
}

int store_rollup_write(struct store *s, struct store_rollup *r)
{
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, store_schema_rollup_upsert, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	for (size_t i = 0; i < r->cap && rc == SQLITE_DONE; i++) {
		const struct rollup_row *w = &r->rows[i];
		if (!w->key)
			continue;
		int p = 1;
		sqlite3_bind_int64(st, p++, w->op);
		sqlite3_bind_int64(st, p++, w->cat);
		sqlite3_bind_int(st, p++, w->dim);
		if (w->dim == STORE_DIM_SUBCATEGORY || w->dim == STORE_DIM_AGENCY)
			sqlite3_bind_int64(st, p++, w->id);
		else
			sqlite3_bind_text(st, p++, w->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, p++, w->cases);
		sqlite3_bind_int64(st, p++, w->arrests);
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			sqlite3_bind_double(st, p++, w->q[u]);
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			sqlite3_bind_double(st, p++, w->e[u]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}
