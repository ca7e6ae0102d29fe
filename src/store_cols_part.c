/*
 * store_cols_part: the column store's partial load (see cols.part_on in store_cols.h).
 *
 * A screen with neither a phase nor a day (`transport=rail/status=open`) asks about the
 * cases of every phase, but every one of its questions keeps only the cases matching
 * its values.  Loading every phase whole for it meant 24 MB of arrays at a million cases
 * (a megabyte short of the memory target) and the kernel writing fresh pages for all of
 * them; here each snapshot chunk is decoded into a scratch buffer and only its matching
 * cases are kept, phase after phase in the arrays' usual order (by phase, by id), so
 * that every scan, cache and follower of the log works on them unchanged.  The snapshot
 * is still read whole: SQLite reads a blob's pages one by one, whatever is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "store_cols.h"

static int sql_fail(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* Appends the cases of one decoded chunk (n records tr, tq; m further units tm, sorted
 * by id) that match c->pf.  -1 out of memory. */
static int keep_matching(struct cols *c, const struct cols_rec *tr, const double *tq, uint32_t n,
                         const struct cols_multi *tm, uint32_t m)
{
	uint32_t mj = 0;

	for (uint32_t i = 0; i < n; i++) {
		const struct cols_rec *w = &tr[i];
		if (!cols_pf_match(c->pf, w->cat, w->sub, w->ag, w->cty, w->ts))
			continue;
		if (c->n == c->cap && cols_grow(c, c->cap ? c->cap + c->cap / 2 : 16384) < 0)
			return -1;
		c->r[c->n] = *w;
		c->q[c->n++] = tq[i];
		if (w->day < c->dmin)
			c->dmin = w->day;
		if (w->day > c->dmax)
			c->dmax = w->day;
		if (!(w->unit & COLS_EXTRA))
			continue;
		while (mj < m && tm[mj].id < w->id)
			mj++;
		for (; mj < m && tm[mj].id == w->id; mj++) {
			if (cols_multi_reserve(c, 1) < 0)
				return -1;
			c->multi[c->nmulti++] = tm[mj];
		}
	}
	return 0;
}

int cols_part_scan(struct store *s, struct cols *c)
{
	sqlite3_stmt *st = NULL;
	sqlite3_blob *b = NULL;
	unsigned char *buf = NULL;
	size_t bufcap = 0;
	uint32_t run[257], last = 0; /* where each phase's further units start; the phase's last id */
	int nrun = 0, lastp = -1, ok = 1, rc = SQLITE_DONE;
	const uint32_t most = 1u << COLS_CHUNK_SHIFT;
	struct cols_rec *tr = malloc(most * sizeof *tr);
	double *tq = malloc(most * sizeof *tq);
	struct cols_multi *tm = malloc(most * sizeof *tm);

	if (!tr || !tq || !tm) {
		ok = store_fail(s, "out of memory");
		goto out;
	}
	run[nrun++] = 0;
	/* In key order: phase by phase, ids ascending within each. */
	if (sqlite3_prepare_v2(s->db, "SELECT chunk, n, m FROM case_cols ORDER BY chunk", -1, &st, NULL) != SQLITE_OK) {
		ok = sql_fail(s);
		goto out;
	}
	while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 k = sqlite3_column_int64(st, 0), n = sqlite3_column_int64(st, 1);
		sqlite3_int64 m = sqlite3_column_int64(st, 2);
		int p = (int)(k >> COLS_PHASE_SHIFT);
		if (k < 0 || p >= COLS_DEAD || n < 0 || n > most || m < 0 || m > n) {
			ok = 0; /* a chunk the arrays cannot hold, or not this layout */
			break;
		}
		if (p != lastp) { /* a new phase: its slots start here */
			for (int q = lastp + 1; q <= p; q++)
				c->part[q] = c->n;
			if (c->nmulti > run[nrun - 1])
				run[nrun++] = c->nmulti;
			lastp = p, last = 0;
		}
		int o = b ? sqlite3_blob_reopen(b, k) : sqlite3_blob_open(s->db, "main", "case_cols", "data", k, 0, &b);
		if (o != SQLITE_OK) {
			ok = sql_fail(s);
			break;
		}
		size_t len = (size_t)sqlite3_blob_bytes(b);
		if (len > bufcap) {
			unsigned char *t = realloc(buf, len);
			if (!t) {
				ok = store_fail(s, "out of memory");
				break;
			}
			buf = t, bufcap = len;
		}
		int dmin = 65535, dmax = 0;
		if (sqlite3_blob_read(b, buf, (int)len, 0) != SQLITE_OK ||
		    cols_chunk_decode(buf, len, p, (uint32_t)(k & ((1 << COLS_PHASE_SHIFT) - 1)), (uint32_t)n, (uint32_t)m,
		                      tr, tq, tm, &dmin, &dmax) != 0 ||
		    (n && last && tr[0].id <= last)) {
			ok = 0; /* damaged, or chunks out of id order */
			break;
		}
		if (n)
			last = tr[n - 1].id;
		if (keep_matching(c, tr, tq, (uint32_t)n, tm, (uint32_t)m) < 0)
			ok = store_fail(s, "out of memory");
	}
	if (ok == 1 && rc != SQLITE_DONE)
		ok = sql_fail(s);
	if (ok == 1) {
		for (int q = lastp + 1; q <= 256; q++)
			c->part[q] = c->n;
		if (cols_multi_merge(c, run, nrun) < 0)
			ok = store_fail(s, "out of memory");
	}
out:
	free(tr);
	free(tq);
	free(tm);
	free(buf);
	sqlite3_blob_close(b);
	sqlite3_finalize(st);
	return ok;
}
