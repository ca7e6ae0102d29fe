/*
 * store_cols: a viewer's side of the column store: the arrays, loading a phase from the
 * snapshot, following the change log (see store_cols.h for the why; case rows and the
 * reference data are read in store_cols_ref.c; the writers' side,
 * the snapshot's layout, is store_cols_write.c).
 *
 * A viewer first reads only the reference data (phases, categories, agencies) and where
 * the log is; a question under a phase then loads that phase's snapshot rows, one read
 * transaction that also reads again the cases the log names since the snapshot was
 * written.  On every later question it compares PRAGMA data_version and, when another
 * connection committed, reads only the log rows newer than the last it applied and
 * those cases by id: a case of a phase it holds is updated, one of a phase it has not
 * loaded is left for that phase's load.  Without a usable snapshot (none, a stale one,
 * one of another machine or layout) it reads every case, once.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "date.h"
#include "store_cols.h"
#include "store_cols_search.h"

#define SYNC_RELOAD 20000        /* log rows beyond which a viewer reloads instead */

/* ---- memory ------------------------------------------------------------------------- */

/*
 * The slots are the process's largest allocation (24 MB at a million cases) and are
 * filled as soon as they are allocated: with 4 KiB pages the kernel's page faults cost
 * more than the reading itself (20-40 ms for 24 MB on the development machine), with
 * transparent huge pages a fifth of that.  So they are mapped directly, huge pages
 * advised on the whole 2 MiB steps inside (a partly used last step stays in small
 * pages: resident memory counts), and grown by copying.
 */
#define BIG_STEP ((size_t)2 << 20)

static void *big_alloc(size_t bytes)
{
	size_t len = bytes + BIG_STEP;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* keep a 2 MiB aligned start, give the rest back */
	size_t lead = (BIG_STEP - (uintptr_t)p % BIG_STEP) % BIG_STEP;
	if (lead)
		munmap(p, lead);
	size_t tail = len - lead - bytes;
	if (tail)
		munmap(p + lead + bytes, tail);
#ifdef MADV_HUGEPAGE
	if (bytes >= BIG_STEP)
		madvise(p + lead, bytes / BIG_STEP * BIG_STEP, MADV_HUGEPAGE);
#endif
	return p + lead;
}

static void big_free(void *p, size_t bytes)
{
	if (p && bytes)
		munmap(p, bytes);
}

/* Bytes of a capacity, rounded to whole pages. */
static size_t big_bytes(size_t n, size_t size)
{
	return (n * size + 4095) / 4096 * 4096;
}

/* ---- the arrays --------------------------------------------------------------------- */

static void arrays_free(struct cols *c)
{
	big_free(c->r, big_bytes(c->cap, sizeof *c->r));
	big_free(c->q, big_bytes(c->cap, sizeof *c->q));
	free(c->multi);
	c->r = NULL, c->q = NULL, c->multi = NULL;
	c->n = c->cap = c->nmulti = c->capmulti = 0;
	memset(c->part, 0, sizeof c->part);
	memset(c->loaded, 0, sizeof c->loaded);
	c->loaded_all = 0;
	c->part_on = 0;
	cols_search_part_drop(c);
	c->win_lo = 1, c->win_hi = 0, c->win_broken = 0;
	c->dmin = 65535, c->dmax = 0;
	cols_sels_stale(c);
}

void cols_free(struct cols *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->dv);
	cols_cache_clear(c);
	arrays_free(c);
	cols_refs_free(c);
	free(c);
}

int cols_grow(struct cols *c, uint32_t cap)
{
	if (cap <= c->cap)
		return 0;
	struct cols_rec *r = big_alloc(big_bytes(cap, sizeof *r));
	double *q = big_alloc(big_bytes(cap, sizeof *q));
	if (!r || !q) {
		big_free(r, big_bytes(cap, sizeof *r));
		big_free(q, big_bytes(cap, sizeof *q));
		return -1;
	}
	if (c->n) {
		memcpy(r, c->r, (size_t)c->n * sizeof *r);
		memcpy(q, c->q, (size_t)c->n * sizeof *q);
	}
	big_free(c->r, big_bytes(c->cap, sizeof *c->r));
	big_free(c->q, big_bytes(c->cap, sizeof *c->q));
	c->r = r, c->q = q, c->cap = cap;
	return 0;
}

/* n free slots at the start of phase p's slots (moving the phases after it); -1 out of memory. */
static int make_room(struct cols *c, int p, uint32_t n)
{
	if (n == 0)
		return 0;
	if (c->n + n > c->cap && cols_grow(c, c->n + n + (c->n + n) / 8 + 1024) < 0)
		return -1;
	uint32_t at = c->part[p];
	if (at < c->n) {
		memmove(c->r + at + n, c->r + at, (size_t)(c->n - at) * sizeof *c->r);
		memmove(c->q + at + n, c->q + at, (size_t)(c->n - at) * sizeof *c->q);
		cols_sels_stale(c);
	}
	for (int k = p + 1; k <= 256; k++)
		c->part[k] += n;
	c->n += n;
	return 0;
}

/* The slot of id among phase p's slots (live or dead), or where it would go (*at). */
static int find_in(const struct cols *c, int p, uint32_t id, uint32_t *at)
{
	uint32_t lo = c->part[p], hi = c->part[p + 1];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->r[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at)
		*at = lo;
	return lo < c->part[p + 1] && c->r[lo].id == id ? (int)lo : -1;
}

int cols_find(const struct cols *c, uint32_t id)
{
	for (int p = 0; p < 255; p++) {
		int i = c->part[p] < c->part[p + 1] ? find_in(c, p, id, NULL) : -1;
		if (i >= 0 && c->r[i].op != COLS_DEAD)
			return i;
	}
	return -1;
}

static void slot_set(struct cols *c, uint32_t i, const struct cols_row *r)
{
	c->r[i] = (struct cols_rec){ .id = r->id, .op = r->op, .cat = r->cat, .sub = r->sub, .ag = r->ag,
	                             .cty = r->cty, .day = r->day, .arr = r->arr, .ts = r->ts, .unit = r->unit };
	c->q[i] = r->q;
	if (r->day < c->dmin)
		c->dmin = r->day;
	if (r->day > c->dmax)
		c->dmax = r->day;
}

/* Puts r among its phase's slots (a new one, in id order, when the id is new there); the
 * phase must be loaded.  -1 out of memory. */
static int slot_put(struct cols *c, const struct cols_row *r, int *slot)
{
	uint32_t at;
	int i = find_in(c, r->op, r->id, &at);
	if (i < 0) { /* a new slot at `at`: the phase's end unless the id is below its last */
		if (c->n == c->cap && cols_grow(c, c->cap + c->cap / 4 + 1024) < 0)
			return -1;
		if (at < c->n) {
			memmove(c->r + at + 1, c->r + at, (size_t)(c->n - at) * sizeof *c->r);
			memmove(c->q + at + 1, c->q + at, (size_t)(c->n - at) * sizeof *c->q);
			cols_sels_stale(c);
		}
		for (int k = r->op + 1; k <= 256; k++)
			c->part[k]++;
		c->n++;
		i = (int)at;
	}
	slot_set(c, (uint32_t)i, r);
	if ((r->unit & COLS_EXTRA) && cols_multi_put(c, r) < 0)
		return -1;
	*slot = i;
	return 0;
}

/* Takes the case in slot i away (the slot stays, dead, in its phase's place). */
static void slot_kill(struct cols *c, int i)
{
	if (c->r[i].unit & COLS_EXTRA)
		cols_multi_drop(c, c->r[i].id, c->r[i].op);
	c->r[i].op = COLS_DEAD;
}

/* ---- loading and following the log -------------------------------------------------- */

static int sql_fail(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* Reads the chunk blob b (n cases of phase p, id range k, m further units) into the
 * slots from *at through the scratch buffer *buf (grown as needed), and its further
 * units onto the end of cols.multi (sorted afterwards); 0 ok, 1 not ours, -1 out of
 * memory. */
static int chunk_read(struct cols *c, sqlite3_blob *b, int p, uint32_t k, uint32_t *at, uint32_t n, uint32_t m,
                      unsigned char **buf, size_t *cap)
{
	size_t len = (size_t)sqlite3_blob_bytes(b);
	uint32_t a = *at;

	if (a + n > c->part[p + 1] || c->nmulti + m > c->capmulti)
		return 1;
	if (len > *cap) {
		unsigned char *t = realloc(*buf, len);
		if (!t)
			return -1;
		*buf = t, *cap = len;
	}
	int dmin = c->dmin, dmax = c->dmax;
	uint32_t nout, mout;
	if (sqlite3_blob_read(b, *buf, (int)len, 0) != SQLITE_OK ||
	    cols_chunk_decode(*buf, len, p, k, n, m, NULL, NULL, c->r + a, c->q + a, c->multi + c->nmulti, &nout, &mout, &dmin,
	                      &dmax) != 0)
		return 1;
	if (n && a > c->part[p] && c->r[a].id <= c->r[a - 1].id)
		return 1; /* chunks come in id order */
	c->dmin = dmin, c->dmax = dmax;
	*at = a + n;
	c->nmulti += m;
	return 0;
}

/* Reads case id again after a logged change: takes the old one away (from the cached
 * results too when live), and puts the new one when its phase is held (and adds it).
 * fresh: only phases being loaded now take part (fresh[p] set), no cached result counts
 * them yet.  1 ok, 0 a case the arrays cannot hold, -1 error. */
static int apply_one(struct store *s, struct cols *c, sqlite3_stmt *one, sqlite3_int64 id,
                     const unsigned char *fresh)
{
	if (id >= 0 && id <= (sqlite3_int64)UINT32_MAX) {
		for (int p = 0; p < 255; p++) {
			if (c->part[p] == c->part[p + 1] || !(c->part_on || (fresh ? fresh[p] : c->loaded[p])))
				continue;
			int slot = find_in(c, p, (uint32_t)id, NULL);
			if (slot >= 0 && c->r[slot].op != COLS_DEAD) {
				if (!fresh)
					cols_cache_delta(c, slot, -1);
				slot_kill(c, slot);
			}
		}
	}
	/* The searches held learn the case's text now: the old case was taken away with
	 * the old match, the new one is added with the new (store_cols_search.h); the
	 * partial arrays' search too, or it cannot follow (an id without a bit): reload. */
	int sr = fresh ? 0 : cols_search_case(s, c, id);
	if (sr != 0)
		return sr < 0 ? -1 : 0;
	sqlite3_reset(one);
	sqlite3_bind_int64(one, 1, id);
	int rc = sqlite3_step(one), slot;
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return sql_fail(s);
	struct cols_row r;
	if (cols_row_read(one, &r) < 0)
		return 0;
	if (c->part_on) {
		const struct cols_match *pm = cols_search_part_match(c);
		if (!cols_pf_match(c->pf, r.cat, r.sub, r.ag, r.cty, r.ts) || (pm && !cols_match_has(pm, r.id)))
			return 1; /* not among the cases held */
	} else if (fresh ? !fresh[r.op] : !c->loaded[r.op]) {
		if (!fresh && r.day >= c->win_lo && r.day <= c->win_hi)
			c->win_broken = 1;
		return 1; /* a phase not held: its load will read it */
	}
	if (slot_put(c, &r, &slot) < 0)
		return store_fail(s, "out of memory");
	if (!fresh)
		cols_cache_delta(c, slot, +1);
	return 1;
}

/* Applies the log rows after `after` up to max: to the phases held (fresh NULL, moving
 * c->seen), or to the phases being loaded (fresh).  1 ok, 0 cannot (reload or SQL),
 * -1 error. */
static int follow_log(struct store *s, struct cols *c, long long after, long long max, const unsigned char *fresh)
{
	sqlite3_stmt *st = NULL, *one = NULL;
	char sql[512];
	int rc, ok = 1;

	if (max - after > SYNC_RELOAD)
		return 0;
	snprintf(sql, sizeof sql, "%s WHERE id = ?", cols_rows_sql);
	/* Kept prepared (store_stmt): a refresh runs them after every commit. */
	if (store_stmt(s, fresh ? "SELECT 0, case_id FROM case_log WHERE seq > ? AND seq <= ? GROUP BY 2"
	                        : "SELECT seq, case_id FROM case_log WHERE seq > ? AND seq <= ? ORDER BY seq", &st) < 0 ||
	    store_stmt(s, sql, &one) < 0) {
		ok = -1;
		goto out;
	}
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, max);
	long long prev = -1;
	while (ok > 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* A case logged twice in a row (inserted, then its seizures' totals) is read once:
		 * its second application would take away the case just added, which makes the
		 * cached case lists scan their selection again. */
		long long id = sqlite3_column_int64(st, 1);
		if (fresh || id != prev)
			ok = apply_one(s, c, one, id, fresh);
		prev = id;
		if (!fresh)
			c->seen = sqlite3_column_int64(st, 0);
	}
	if (ok > 0 && rc != SQLITE_DONE)
		ok = sql_fail(s);
	if (ok > 0 && !fresh)
		c->seen = max;
out:
	store_stmt_done(s, st);
	store_stmt_done(s, one);
	return ok;
}

/* Where the snapshot stands, in the caller's read transaction: the seq it includes when
 * a viewer that has followed the log to max can use it, else -1. */
static long long snapshot_seq(struct store *s, long long max, int *err)
{
	long long snap = cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_seq'", -1, err);
	long long floor = cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, err);
	if (cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_format'", 0, err) != COLS_FORMAT)
		return -1;
	return snap >= floor && snap >= 0 && snap <= max && max - snap <= SYNC_RELOAD ? snap : -1;
}

/* Loads the phases in want[] not held yet from the snapshot (state as of seq snap), then
 * reads again the cases the log names after snap.  In the caller's read transaction,
 * with c->seen the log's end.  1 ok, 0 not usable (another layout), -1 error. */
static int load_phases(struct store *s, struct cols *c, const unsigned char *want, long long snap)
{
	unsigned char fresh[256] = { 0 };
	uint32_t run[257];   /* where the entries held and each phase's further units start */
	int nrun = 0;
	sqlite3_stmt *sum = NULL, *st = NULL;
	sqlite3_blob *b = NULL;
	unsigned char *buf = NULL;
	size_t bufcap = 0;
	int ok = 1, rc, any = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT sum(n), sum(m) FROM case_cols WHERE chunk >= ?1 AND chunk < ?2", -1,
	                       &sum, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT chunk, n, m FROM case_cols WHERE chunk >= ?1 AND chunk < ?2 ORDER BY chunk",
	                       -1, &st, NULL) != SQLITE_OK) {
		ok = sql_fail(s);
		goto out;
	}
	/* The room for them all first: growing phase by phase would copy (and map) twice. */
	sqlite3_int64 total = 0, mtotal = 0;
	for (int p = 0; p < 255; p++) {
		if (!want[p] || c->loaded[p])
			continue;
		sqlite3_reset(sum);
		sqlite3_bind_int64(sum, 1, (sqlite3_int64)p << COLS_PHASE_SHIFT);
		sqlite3_bind_int64(sum, 2, (sqlite3_int64)(p + 1) << COLS_PHASE_SHIFT);
		if (sqlite3_step(sum) != SQLITE_ROW) {
			ok = sql_fail(s);
			goto out;
		}
		total += sqlite3_column_int64(sum, 0);
		mtotal += sqlite3_column_int64(sum, 1);
	}
	if (total < 0 || mtotal < 0 || total > UINT32_MAX / 2 - c->n) {
		ok = 0;
		goto out;
	}
	if ((c->n + total > c->cap && cols_grow(c, (uint32_t)(c->n + total + (c->n + total) / 64 + 1024)) < 0) ||
	    cols_multi_reserve(c, (uint32_t)mtotal) < 0) {
		ok = store_fail(s, "out of memory");
		goto out;
	}
	run[nrun++] = 0;
	for (int p = 0; ok == 1 && p < 255; p++) {
		if (!want[p] || c->loaded[p])
			continue;
		if (c->nmulti > run[nrun - 1])
			run[nrun++] = c->nmulti;
		sqlite3_int64 lo = (sqlite3_int64)p << COLS_PHASE_SHIFT, hi = (sqlite3_int64)(p + 1) << COLS_PHASE_SHIFT;
		sqlite3_reset(sum);
		sqlite3_bind_int64(sum, 1, lo);
		sqlite3_bind_int64(sum, 2, hi);
		if (sqlite3_step(sum) != SQLITE_ROW) {
			ok = sql_fail(s);
			break;
		}
		sqlite3_int64 n = sqlite3_column_int64(sum, 0), m = sqlite3_column_int64(sum, 1);
		fresh[p] = 1, any = 1;
		if (n <= 0)
			continue;
		if (n > UINT32_MAX / 2 - c->n || m < 0 || m > n) {
			ok = 0;
			break;
		}
		if (make_room(c, p, (uint32_t)n) < 0 || cols_multi_reserve(c, (uint32_t)m) < 0) {
			ok = store_fail(s, "out of memory");
			break;
		}
		uint32_t at = c->part[p];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, lo);
		sqlite3_bind_int64(st, 2, hi);
		while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite3_int64 k = sqlite3_column_int64(st, 0), cn = sqlite3_column_int64(st, 1);
			sqlite3_int64 cm = sqlite3_column_int64(st, 2);
			if (cn < 0 || cn > 1 << COLS_CHUNK_SHIFT || cm < 0 || cm > cn) {
				ok = 0;
				break;
			}
			int o = b ? sqlite3_blob_reopen(b, k) : sqlite3_blob_open(s->db, "main", "case_cols", "data", k, 0, &b);
			if (o != SQLITE_OK) {
				ok = sql_fail(s);
				break;
			}
			int d = chunk_read(c, b, p, (uint32_t)(k & ((1 << COLS_PHASE_SHIFT) - 1)), &at, (uint32_t)cn,
			                   (uint32_t)cm, &buf, &bufcap);
			ok = d < 0 ? store_fail(s, "out of memory") : d == 0;
		}
		if (ok == 1 && rc != SQLITE_DONE)
			ok = sql_fail(s);
		if (ok == 1 && at != c->part[p + 1])
			ok = 0; /* the sums and the chunks disagree */
	}
	if (ok == 1 && any && cols_multi_merge(c, run, nrun) < 0)
		ok = store_fail(s, "out of memory");
	if (ok == 1 && any)
		ok = follow_log(s, c, snap, c->seen, fresh);
	for (int p = 0; ok == 1 && p < 255; p++)
		if (fresh[p])
			c->loaded[p] = 1;
out:
	free(buf);
	sqlite3_blob_close(b);
	sqlite3_finalize(sum);
	sqlite3_finalize(st);
	return ok;
}

/* Every case from the table itself (no usable snapshot), into empty arrays: 1 ok, 0 a
 * case the arrays cannot hold.  The phases' sizes first (an index), so that each case
 * read in id order goes straight to its slot. */
static int load_scan(struct store *s, struct cols *c)
{
	sqlite3_stmt *st = NULL;
	uint32_t count[256] = { 0 }, at[256];
	sqlite3_int64 total = 0;
	int rc, ok = 1;
	char sql[512];

	if (sqlite3_prepare_v2(s->db, "SELECT operation_id, count(*) FROM cases GROUP BY 1", -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 p = sqlite3_column_int64(st, 0), k = sqlite3_column_int64(st, 1);
		if (sqlite3_column_type(st, 0) != SQLITE_INTEGER || p < 0 || p >= COLS_DEAD || total + k > UINT32_MAX / 2)
			ok = 0;
		else
			count[p] = (uint32_t)k, total += k;
	}
	if (ok == 1 && rc != SQLITE_DONE)
		ok = sql_fail(s);
	sqlite3_finalize(st);
	if (ok != 1)
		return ok;
	if (total && cols_grow(c, (uint32_t)(total + total / 64 + 1024)) < 0)
		return store_fail(s, "out of memory");
	c->part[0] = 0;
	for (int p = 0; p < 256; p++)
		c->part[p + 1] = c->part[p] + count[p];
	memcpy(at, c->part, sizeof at);
	snprintf(sql, sizeof sql, "%s ORDER BY id", cols_rows_sql);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cols_row r;
		if (cols_row_read(st, &r) < 0 || at[r.op] >= c->part[r.op + 1]) {
			ok = 0;
			break;
		}
		slot_set(c, at[r.op]++, &r);
		if ((r.unit & COLS_EXTRA) && cols_multi_put(c, &r) < 0) /* in id order: appended */
			ok = store_fail(s, "out of memory");
	}
	if (ok == 1 && rc != SQLITE_DONE)
		ok = sql_fail(s);
	sqlite3_finalize(st);
	for (int p = 0; ok == 1 && p < 256; p++)
		if (at[p] != c->part[p + 1])
			ok = 0;
	if (ok == 1)
		c->n = (uint32_t)total;
	return ok;
}

/* Every case from the table, in place of whatever the arrays held: 1 ok, 0 SQL. */
static int load_everything(struct store *s, struct cols *c)
{
	cols_cache_clear(c);
	arrays_free(c);
	int r = load_scan(s, c);
	if (r == 1) {
		memset(c->loaded, 1, 255);
		c->loaded_all = 1;
	}
	return r;
}

/* From the start, in the caller's read transaction: the reference data and where the
 * log ends; the cases only when no snapshot is usable (else each phase when asked).
 * 1 ready, 0 SQL, -1 error. */
static int load_all(struct store *s, struct cols *c)
{
	int err = 0, r;

	cols_cache_clear(c);
	arrays_free(c);
	if (cols_query_ll(s, "SELECT count(*) FROM sqlite_schema WHERE name IN ('case_log', 'case_cols',"
	                  " 'cases_log_ai', 'cases_log_au', 'cases_log_ad')", 0, &err) != 5)
		return err ? sql_fail(s) : 0;
	if ((r = cols_refs_load(s, c)) <= 0)
		return r;
	c->seen = cols_query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
	long long snap = snapshot_seq(s, c->seen, &err);
	if (err)
		return sql_fail(s);
	return snap >= 0 ? 1 : load_everything(s, c);
}

/* Whether want (see cols_load) asks for cases the arrays do not hold. */
int cols_needs(const struct cols *c, int want)
{
	if (want >= 0)
		return want < 255 && !c->loaded[want];
	if (want == COLS_ALL)
		return !c->loaded_all;
	if (want == COLS_WINDOW)
		return !c->loaded_all && !(c->win_lo <= c->ask_lo && c->ask_hi <= c->win_hi);
	if (want == COLS_PARTIAL) {
		if (c->loaded_all)
			return 0;
		for (int d = 1; c->part_on && d < 7; d++)
			if (c->pf[d] >= 0 && c->ask_pf[d] != c->pf[d])
				return 1; /* held: the cases of other values, not all of these */
		const char *q = cols_search_part_text(c);
		if (c->part_on && q && (!c->ask_q || strcmp(q, c->ask_q) != 0))
			return 1; /* held: the cases of another search (or only some of the values') */
		return !c->part_on;
	}
	return 0;
}

int cols_holds(const struct cols *c)
{
	int held = c->part_on;
	for (int p = 0; !held && p < 255; p++)
		held = c->loaded[p];
	return held;
}

/* Every phase's cases matching c->ask_pf and the search c->ask_q, in place of whatever
 * the arrays held, from the snapshot (state as of seq snap) and then the log; the
 * searches' match sets stay (by id, in step with the log: the one asked for is not read
 * twice).  1 ok, 0 not usable, -1 error. */
static int load_part(struct store *s, struct cols *c, long long snap)
{
	unsigned char fresh[256];

	cols_answers_clear(c);
	arrays_free(c);
	memcpy(c->pf, c->ask_pf, sizeof c->pf);
	c->pf[0] = -1;
	int r = c->ask_q ? cols_search_part_take(s, c, c->ask_q) : 1;
	if (r == 1)
		r = cols_part_scan(s, c);
	if (r == 1) {
		c->part_on = 1;
		memset(fresh, 1, sizeof fresh); /* no answer counts them yet */
		r = follow_log(s, c, snap, c->seen, fresh);
	}
	if (r != 1)
		arrays_free(c);
	return r;
}

/* The phases with cases in the window grown to take in ask_lo .. ask_hi, into w; the
 * window set.  In the caller's read transaction.  1 ok, -1 error. */
static int window_phases(struct store *s, struct cols *c, unsigned char *w)
{
	int lo = c->ask_lo, hi = c->ask_hi;
	char d0[16], d1[16];
	sqlite3_stmt *st = NULL;
	int rc;

	if (c->win_lo <= c->win_hi) {
		lo = lo < c->win_lo ? lo : c->win_lo;
		hi = hi > c->win_hi ? hi : c->win_hi;
	}
	date_format(lo, d0, sizeof d0);
	date_format(hi, d1, sizeof d1);
	/* Each phase (its ids found one index step each, whether or not the operations table
	 * names it) and whether it has a case in the days: a few index seeks. */
	if (sqlite3_prepare_v2(s->db, "WITH RECURSIVE p(id) AS (SELECT min(operation_id) FROM cases UNION ALL"
	                       " SELECT (SELECT min(operation_id) FROM cases WHERE operation_id > p.id) FROM p"
	                       " WHERE p.id IS NOT NULL) SELECT id FROM p WHERE id IS NOT NULL AND EXISTS"
	                       " (SELECT 1 FROM cases c WHERE c.operation_id = p.id AND c.detected_on BETWEEN ?1 AND ?2)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	sqlite3_bind_text(st, 1, d0, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d1, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 p = sqlite3_column_int64(st, 0);
		if (p < 0 || p >= 255) { /* a phase the arrays cannot hold: all of them, which says so */
			memset(w, 1, 255);
			continue;
		}
		w[p] = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(s);
	c->win_lo = lo, c->win_hi = hi;
	return 1;
}

/* The phases want names (a phase, or COLS_ALL) that the arrays do not hold yet, in the
 * caller's read transaction, after the log was followed.  1 ok, 0 SQL, -1 error. */
static int load_want(struct store *s, struct cols *c, int want)
{
	unsigned char w[256] = { 0 };
	int err = 0, r;

	long long max = cols_query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
	if (err)
		return sql_fail(s);
	r = max == c->seen ? 1 : follow_log(s, c, c->seen, max, NULL); /* a commit just now */
	if (r == 0)
		r = load_all(s, c);
	if (r <= 0 || !cols_needs(c, want))
		return r;
	long long snap = snapshot_seq(s, c->seen, &err);
	if (err)
		return sql_fail(s);
	if (want == COLS_PARTIAL) {
		/* Only into empty arrays: once other cases are held (a phase, other values),
		 * every phase whole answers both, where taking turns would load at each
		 * question (two panels of a slide with different filters, say). */
		if (!cols_holds(c)) {
			r = snap >= 0 ? load_part(s, c, snap) : 0;
			return r == 0 ? load_everything(s, c) : r;
		}
		want = COLS_ALL;
	}
	if (c->part_on) { /* a phase, a window or every case: the partial arrays give way */
		cols_cache_clear(c);
		arrays_free(c);
	}
	if (want >= 0)
		w[want] = 1;
	else if (want == COLS_ALL)
		memset(w, 1, 255);
	else if ((r = window_phases(s, c, w)) <= 0)
		return r;
	r = snap >= 0 ? load_phases(s, c, w, snap) : 0;
	if (r == 0)
		r = load_everything(s, c);
	if (r == 1 && want == COLS_ALL)
		c->loaded_all = 1;
	return r;
}

/* PRAGMA data_version through a statement kept prepared: every question asks it. */
static long long data_version(struct store *s, struct cols *c, int *err)
{
	long long v = 0;
	if (!c->dv && sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &c->dv, NULL) != SQLITE_OK) {
		*err = 1;
		return 0;
	}
	if (sqlite3_step(c->dv) == SQLITE_ROW)
		v = sqlite3_column_int64(c->dv, 0);
	else
		*err = 1;
	sqlite3_reset(c->dv);
	return v;
}

/* Brings the arrays in step when another connection committed, and loads the phases
 * want names (see cols_load). */
static int sync(struct store *s, struct cols *c, int want)
{
	int err = 0, r = 1;
	long long v = data_version(s, c, &err);

	if (err)
		return sql_fail(s);
	if (c->state != COLS_UNLOADED && v == c->data_version && (c->state != COLS_READY || !cols_needs(c, want)))
		return c->state == COLS_READY;
	int own = sqlite3_get_autocommit(s->db); /* else the caller's transaction holds the view */
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return sql_fail(s);
	if (c->state == COLS_READY && v != c->data_version) {
		long long floor = cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, &err);
		long long max = cols_query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
		r = err ? sql_fail(s) : 0;
		if (!err && floor <= c->seen && max >= c->seen && (r = cols_refs_load(s, c)) > 0)
			r = follow_log(s, c, c->seen, max, NULL);
		if (r == 0)
			r = load_all(s, c);
	} else if (c->state != COLS_READY) {
		r = load_all(s, c);
	}
	if (r > 0 && c->win_broken) { /* a case of a phase not held came into the window */
		cols_cache_drop_windowed(c);
		c->win_lo = 1, c->win_hi = 0, c->win_broken = 0;
	}
	if (r > 0 && cols_needs(c, want))
		r = load_want(s, c, want);
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (r < 0) {
		cols_cache_clear(c);
		arrays_free(c);
		c->state = COLS_UNLOADED;
		return -1;
	}
	c->data_version = v;
	if (r == 0) {
		cols_cache_clear(c);
		arrays_free(c);
	}
	c->state = r ? COLS_READY : COLS_SQL;
	return r;
}

int cols_load(struct store *s, int phase)
{
	if (s->writable)
		return 0; /* a writer's own commits do not move data_version: it asks SQL */
	if (!s->cols) {
		if (!(s->cols = calloc(1, sizeof *s->cols)))
			return store_fail(s, "out of memory");
		s->cols->dmin = 65535;
		s->cols->win_lo = 1, s->cols->win_hi = 0;
		/* The arrays answer the big questions from here on: SQLite's own page cache
		 * serves case rows and labels, and a megabyte does (memory counts: 32 MB at 1M). */
		sqlite3_exec(s->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
	}
	return sync(s, s->cols, phase);
}

int cols_ready(struct store *s)
{
	return cols_load(s, COLS_NOTHING);
}
