/*
 * store_rows: the store's one loop over the rows of a statement, as the sqlite3 shell has
 * one callback per output mode.  Every reader that steps a statement into an array goes
 * through here, so that the SQL error ("PATH: reason") and "out of memory" are reported
 * in one place and the array is grown one way.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

int store_rows(struct store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *ctx), void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = row(st, ctx);
		if (r < 0)
			return store_fail(s, "out of memory");
		if (r > 0)
			return 0;
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

/* What store_rows_collect hands store_rows as its context. */
struct collect {
	void *arrayp;  /* the caller's T **, reached through memcpy (no T ** to void ** cast) */
	int *n, cap, first;
	size_t size;
	int (*fill)(sqlite3_stmt *st, void *elem, void *ctx);
	void *ctx;
};

static int collect_row(sqlite3_stmt *st, void *ctx)
{
	struct collect *c = ctx;
	char *v;

	memcpy(&v, c->arrayp, sizeof v);
	if (*c->n == c->cap) {
		if (c->cap > INT_MAX / 2 || (size_t)(c->cap ? c->cap * 2 : c->first) > SIZE_MAX / c->size)
			return -1;
		int ncap = c->cap ? c->cap * 2 : c->first;
		char *t = realloc(v, (size_t)ncap * c->size);
		if (!t)
			return -1;
		v = t;
		memcpy(c->arrayp, &v, sizeof v);
		c->cap = ncap;
	}
	/* Counted before it is filled: a half-filled element (NULL strings) is freed with the rest. */
	void *e = v + (size_t)(*c->n)++ * c->size;
	memset(e, 0, c->size);
	return c->fill(st, e, c->ctx) < 0 ? -1 : 0;
}

int store_rows_collect(struct store *s, sqlite3_stmt *st, void *arrayp, int *n, size_t size, int first,
                       int (*fill)(sqlite3_stmt *st, void *elem, void *ctx), void *ctx)
{
	/* An array that already holds *n elements is taken as full: the first row grows it. */
	struct collect c = { arrayp, n, *n, first > 0 ? first : 1, size, fill, ctx };

	return store_rows(s, st, collect_row, &c);
}
