/*
 * store_cols_query.h: the question cache of the column store, shared by its scans and
 * caches (store_cols_query.c) and the answers built from them (store_cols_answer.c).
 * Private to those two files.
 */
#ifndef OPDECK_STORE_COLS_QUERY_H
#define OPDECK_STORE_COLS_QUERY_H

#include <string.h>

#include "store_cols.h"
#include "store_cols_search.h"

struct acc {
	long long cases, arrests;
	double q[STORE_UNIT_COUNT], e[STORE_UNIT_COUNT];
};

/* A filter as codes: -1 any, COLS_FNONE nothing can match. */
#define COLS_FNONE (-2)
struct cfilt {
	int v[7];        /* op, cat, sub, ag, cty, transport, status */
	int dlo, dhi;    /* days */
	const struct cols_match *m; /* a search's cases (store_cols_search.h), NULL: any */
};

enum { K_AGG, K_XTAB, K_LIST };

/* A case list's sort key: (day, id) for the date orders, (the case's kilograms as
 * ordered bits, id) for the largest; compared as a pair, the way the SQL's ORDER BY
 * key, id compares. */
struct lkey {
	unsigned long long hi;
	uint32_t lo;
};

struct cols_entry {
	struct cols_entry *next;
	int kind, dim, dim2;
	char *fkey;      /* owned: the filter as text */
	struct cfilt f;
	int base, nk, base2, nk2;
	struct acc *acc; /* K_AGG: nk */
	long long *cnt;  /* K_XTAB: nk * nk2 */
	int order, limit;
	struct lkey cursor; /* K_LIST: the last case of the previous page; none when .lo is 0 */
	uint32_t *ids;   /* K_LIST: owned, nids of them */
	struct lkey *keys; /* K_LIST: owned, the ids' sort keys (a new case is put in its place) */
	int nids, more;
	int stale;
	unsigned long used;
};

/* STORE_ORDER_LARGEST's key of slot i: cases.q_kg as bits that order as the numbers do
 * (SQLite compares REALs the same way; -0 is 0).  A case's first unit with a quantity
 * is its kilograms when it has any (kg is the first unit), else it seized none by weight. */
static inline unsigned long long cols_kg_key(const struct cols *c, uint32_t i)
{
	double q = COLS_UNIT(c->r[i].unit) == STORE_UNIT_KG ? c->q[i] : 0.0;
	unsigned long long b;

	if (q == 0)
		q = 0.0;
	memcpy(&b, &q, sizeof b);
	return b >> 63 ? ~b : b | 1ULL << 63;
}

/* The codes of filter f, with the phases it needs loaded: 1, 0 the arrays do not
 * answer, -1 error. */
int cols_need(struct store *s, const struct store_filter *f, struct cfilt *cf);
/* The cached entry for this question, computed when missing or stale; NULL on error
 * (out of memory, with s->err set). */
struct cols_entry *cols_entry_get(struct store *s, const struct cfilt *cf, const struct store_filter *f, int kind,
                                  int dim, int dim2, int order, int limit, struct lkey cursor);
/* The text key of dim's key k, as the SQL gives it; NULL when k names nothing. */
const char *cols_key_text(const struct cols *c, int dim, int k, char buf[16]);
int cols_ref_code(const struct cols_ref *r, const char *code); /* the id of code, or COLS_FNONE */

#endif
