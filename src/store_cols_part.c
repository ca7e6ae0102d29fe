/*
 * store_cols_part: the column store's partial load (see cols.part_on in store_cols.h).
 *
 * A screen with neither a phase nor a day (`transport=rail/status=open`) asks about the
 * cases of every phase, but every one of its questions keeps only the cases matching
 * its values.  Loading every phase whole for it meant 24 MB of arrays at a million cases
 * (a megabyte short of the memory target) and the kernel writing fresh pages for all of
 * them; here only the matching cases of each snapshot chunk are decoded (chosen from its
 * raw columns) and kept, phase after phase in the arrays' usual order (by phase, by id), so
 * that every scan, cache and follower of the log works on them unchanged.  The snapshot
 * is still read whole (SQLite reads a blob's pages one by one, whatever is kept), but
 * for a search: its match set, made first, says which ids to keep, and a chunk with none
 * of them is not read at all (a case reference's search reads one chunk).
 */
#include <stdlib.h>
#include <string.h>

#include "store_cols_search.h"

static int sql_fail(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* The bits of ids k << 12 .. (k << 12) + 4095 in match set m, into mask: whether any is set. */
static int chunk_mask(const struct cols_match *m, uint32_t k, uint64_t *mask)
{
	uint32_t w0 = k << (COLS_CHUNK_SHIFT - 6), nw = 1u << (COLS_CHUNK_SHIFT - 6);
	uint64_t any = 0;

	for (uint32_t j = 0; j < nw; j++) {
		mask[j] = w0 + j < m->nbits / 64 ? m->bits[w0 + j] : 0;
		any |= mask[j];
	}
	return any != 0;
}

/* The first id range (ids >> 12) from r on with an id in match set m; UINT32_MAX none. */
static uint32_t next_range(const struct cols_match *m, uint32_t r)
{
	const uint32_t per = 1u << (COLS_CHUNK_SHIFT - 6); /* words a range */
	for (uint32_t w = r * per; w < m->nbits / 64; w++)
		if (m->bits[w])
			return w / per;
	return UINT32_MAX;
}

/* Appends n decoded cases (tr, tq) and their m further units (tm).  -1 out of memory. */
static int append(struct cols *c, const struct cols_rec *tr, const double *tq, uint32_t n,
                  const struct cols_multi *tm, uint32_t m)
{
	if (c->n + n > c->cap && cols_grow(c, c->n + n + (c->n + n) / 2 + 16384) < 0)
		return -1;
	if (m && cols_multi_reserve(c, m) < 0)
		return -1;
	/* memcpy never with a NULL array, even for no bytes (a chunk with no match, no units) */
	if (n) {
		memcpy(c->r + c->n, tr, (size_t)n * sizeof *tr);
		memcpy(c->q + c->n, tq, (size_t)n * sizeof *tq);
	}
	if (m)
		memcpy(c->multi + c->nmulti, tm, (size_t)m * sizeof *tm);
	c->n += n;
	c->nmulti += m;
	return 0;
}

int cols_part_scan(struct store *s, struct cols *c)
{
	sqlite3_stmt *st = NULL;
	sqlite3_blob *b = NULL;
	unsigned char *buf = NULL;
	size_t bufcap = 0;
	uint32_t run[257]; /* where each phase's further units start */
	int nrun = 0, lastp = -1, ok = 1, rc = SQLITE_DONE;
	const uint32_t most = 1u << COLS_CHUNK_SHIFT;
	const struct cols_match *sm = cols_search_part_match(c);
	uint64_t mask[1u << (COLS_CHUNK_SHIFT - 6)];
	struct cols_rec *tr = malloc(most * sizeof *tr);
	double *tq = malloc(most * sizeof *tq);
	struct cols_multi *tm = malloc(most * sizeof *tm);

	if (!tr || !tq || !tm) {
		ok = store_fail(s, "out of memory");
		goto out;
	}
	run[nrun++] = 0;
	/* A search's cases are at most those it found: room for them at once (growing by
	 * copies maps fresh pages again and again; a tenth of its time at 100k cases). */
	if (sm && cols_grow(c, (uint32_t)cols_search_part_found(c) + 1024) < 0) {
		ok = store_fail(s, "out of memory");
		goto out;
	}
	/* A search whose ids fall in few id ranges (a case's reference: one) seeks the
	 * chunks of those ranges, phase by phase, instead of stepping through every row. */
	uint32_t first = sm ? next_range(sm, 0) : 0, hit = 0, ranges = sm ? sm->nbits >> COLS_CHUNK_SHIFT : 0;
	for (uint32_t r = first; sm && r != UINT32_MAX && hit * 8 <= ranges; r = next_range(sm, r + 1))
		hit++;
	int seek = sm && hit * 8 <= ranges;
	/* In key order: phase by phase, ids ascending within each. */
	if (sqlite3_prepare_v2(s->db, "SELECT chunk, n, m FROM case_cols WHERE chunk >= ? ORDER BY chunk", -1, &st,
	                       NULL) != SQLITE_OK) {
		ok = sql_fail(s);
		goto out;
	}
	sqlite3_bind_int64(st, 1, seek ? (sqlite3_int64)first : 0);
	while (ok == 1 && !(seek && first == UINT32_MAX) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
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
			lastp = p;
		}
		uint32_t ck = (uint32_t)(k & ((1 << COLS_PHASE_SHIFT) - 1));
		if (sm && !chunk_mask(sm, ck, mask)) { /* none of the search's ids: not even read */
			if (seek) { /* on to the next range with some, in this phase or the next */
				uint32_t r = next_range(sm, ck + 1);
				sqlite3_reset(st);
				sqlite3_bind_int64(st, 1, ((sqlite3_int64)(r == UINT32_MAX ? p + 1 : p) << COLS_PHASE_SHIFT) |
				                              (r == UINT32_MAX ? first : r));
			}
			continue;
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
		/* A chunk's ids are its key's range (key order is id order within a phase). */
		uint32_t kept, mkept;
		if (sqlite3_blob_read(b, buf, (int)len, 0) != SQLITE_OK ||
		    cols_chunk_decode(buf, len, p, ck, (uint32_t)n, (uint32_t)m, c->pf, sm ? mask : NULL, tr, tq, tm, &kept,
		                      &mkept, &c->dmin, &c->dmax) != 0) {
			ok = 0; /* damaged */
			break;
		}
		if (append(c, tr, tq, kept, tm, mkept) < 0)
			ok = store_fail(s, "out of memory");
	}
	if (ok == 1 && rc != SQLITE_DONE && !(seek && first == UINT32_MAX))
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
