/*
 * store_cols_write: the writers' side of the column store: the change log, its triggers
 * and the snapshot in the database (see store_cols.h for the why; a viewer's side is
 * store_cols.c).
 *
 * Created by writers inside their transaction (init, sample, import, simulate;
 * store_cols_checkpoint):
 *   case_log(seq, case_id): one row per inserted, updated or deleted case, by trigger;
 *   case_cols(chunk, n, m, data): the cases of one phase with one id >> 12, chunk being
 *     phase << 20 | id >> 12, so that a phase's chunks are one range of keys, in id
 *     order; encoded as of meta.cols_seq (the log seq the snapshot includes), layout
 *     meta.cols_format (COLS_FORMAT: a viewer ignores a snapshot of another layout).
 *     data: the cases' codes and quantities, compact (chunk_encode below).
 * A writer rewrites the chunks of the ids the log touched once 20,000 changes are
 * pending (or at the end of a sample or a large import), and trims the log to its last
 * 50,000 rows, recording the highest seq removed in meta.cols_floor: a viewer that has
 * not seen up to there loads the snapshot again instead of following the log.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_cols.h"

#define CHECKPOINT_PENDING 20000 /* log rows that make a writer rewrite the snapshot */
#define LOG_KEEP 50000           /* log rows kept behind the snapshot for live viewers */

/* The log and its triggers; the snapshot table. */
static const char install_sql[] =
	"CREATE TABLE IF NOT EXISTS case_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id INTEGER NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS case_cols(chunk INTEGER PRIMARY KEY, n INTEGER NOT NULL,"
	" m INTEGER NOT NULL, data BLOB NOT NULL);\n"
	"CREATE TRIGGER IF NOT EXISTS cases_log_ai AFTER INSERT ON cases BEGIN\n"
	"  INSERT INTO case_log(case_id) VALUES (NEW.id);\nEND;\n"
	"CREATE TRIGGER IF NOT EXISTS cases_log_ad AFTER DELETE ON cases BEGIN\n"
	"  INSERT INTO case_log(case_id) VALUES (OLD.id);\nEND;\n"
	"CREATE TRIGGER IF NOT EXISTS cases_log_au AFTER UPDATE ON cases BEGIN\n"
	"  INSERT INTO case_log(case_id) VALUES (OLD.id);\n"
	"  INSERT INTO case_log(case_id) SELECT NEW.id WHERE NEW.id IS NOT OLD.id;\nEND;\n";

const char store_cols_log_drop[] =
	"DROP TRIGGER IF EXISTS cases_log_ai; DROP TRIGGER IF EXISTS cases_log_au; DROP TRIGGER IF EXISTS cases_log_ad;";

static size_t extras_of(const struct cols_row *r)
{
	size_t m = 0;
	for (int u = COLS_UNIT(r->unit) + 1; (r->unit & COLS_EXTRA) && u < STORE_UNIT_COUNT; u++)
		m += r->qall[u] != 0;
	return m;
}

/*
 * A chunk's blob, compact because a viewer's load is mostly the bytes SQLite reads (24
 * bytes a case as the arrays hold them; about 14 here):
 *   header  7 x u32: magic, n, m (further units), x (quantities kept whole), flags,
 *           day base, nd (countries in the dictionary)
 *   dict    nd x u16            the chunk's countries (flag CK_DICT), else none
 *   lo      n x u16             id & 4095 (the chunk's key gives the rest)
 *   day     n x u8 or u16       day - day base (CK_DAY8) or the day
 *   cty     n x u8 or u16       an index in dict (CK_DICT) or the code
 *   arr     n x u8 or u16       arrests (CK_ARR8: all below 256)
 *   cat, sub, ag, ts, unit      n x u8 each; unit | CK_WHOLE when its quantity is in xq
 *   qv      n x u32             the quantity in thousandths, exact (checked when
 *                               written), or its index in xq (CK_WHOLE)
 *   xq      x x f64             quantities thousandths do not give back exactly
 *   multi   m x 13 bytes        id (u32), unit (u8), quantity (f64)
 * all in the byte order of the machine that wrote it (the magic tells another one).
 */
enum { CK_HDR = 7, CK_ARR8 = 1, CK_DAY8 = 2, CK_DICT = 4, CK_WHOLE = 0x40 };

struct ck_off {
	size_t dict, lo, day, cty, arr, cat, sub, ag, ts, unit, qv, xq, multi, len;
};

static void ck_layout(const uint32_t *h, struct ck_off *o)
{
	size_t n = h[1], f = h[4];
	o->dict = CK_HDR * 4;
	o->lo = o->dict + (size_t)h[6] * 2;
	o->day = o->lo + n * 2;
	o->cty = o->day + n * (f & CK_DAY8 ? 1 : 2);
	o->arr = o->cty + n * (f & CK_DICT ? 1 : 2);
	o->cat = o->arr + n * (f & CK_ARR8 ? 1 : 2);
	o->sub = o->cat + n, o->ag = o->sub + n, o->ts = o->ag + n, o->unit = o->ts + n;
	o->qv = o->unit + n;
	o->xq = o->qv + n * 4;
	o->multi = o->xq + (size_t)h[3] * 8;
	o->len = o->multi + (size_t)h[2] * 13;
}

static void put16(unsigned char *p, unsigned v)
{
	uint16_t x = (uint16_t)v;
	memcpy(p, &x, 2);
}

static unsigned get16(const unsigned char *p)
{
	uint16_t x;
	memcpy(&x, p, 2);
	return x;
}

/* The quantity in thousandths when they give it back exactly, else -1. */
static long long thousandths(double q)
{
	if (!(q >= 0 && q * 1000 < 4294967295.0))
		return -1;
	long long v = llround(q * 1000);
	return (double)v / 1000.0 == q ? v : -1;
}

/* Encodes rows (one phase, one id range, sorted by id) into one blob; malloc'd, *len
 * and *mout (further units) set. */
static unsigned char *chunk_encode(const struct cols_row *rows, size_t n, size_t *len, size_t *mout)
{
	uint32_t h[CK_HDR] = { COLS_CHUNK_MAGIC, (uint32_t)n, 0, 0, CK_ARR8 | CK_DICT, 65535, 0 };
	int dmax = 0, slot[26 * 26];
	uint16_t dict[256];
	struct ck_off o;

	memset(slot, -1, sizeof slot);
	for (size_t i = 0; i < n; i++) {
		const struct cols_row *w = &rows[i];
		h[2] += (uint32_t)extras_of(w);
		h[3] += COLS_UNIT(w->unit) < STORE_UNIT_COUNT && thousandths(w->q) < 0;
		if (w->arr > 255)
			h[4] &= ~(uint32_t)CK_ARR8;
		if (w->day < h[5])
			h[5] = w->day;
		if (w->day > dmax)
			dmax = w->day;
		if (slot[w->cty] < 0) {
			if (h[6] == 255)
				h[4] &= ~(uint32_t)CK_DICT;
			else
				dict[h[6]] = w->cty, slot[w->cty] = (int)h[6]++;
		}
	}
	if (!(h[4] & CK_DICT))
		h[6] = 0;
	if (n && dmax - (int)h[5] < 256)
		h[4] |= CK_DAY8;
	else
		h[5] = 0;
	ck_layout(h, &o);
	unsigned char *b = calloc(1, o.len);
	if (!b)
		return NULL;
	memcpy(b, h, sizeof h);
	for (uint32_t k = 0; k < h[6]; k++)
		put16(b + o.dict + 2 * k, dict[k]);
	uint32_t x = 0;
	size_t mi = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cols_row *w = &rows[i];
		put16(b + o.lo + 2 * i, w->id & ((1u << COLS_CHUNK_SHIFT) - 1));
		if (h[4] & CK_DAY8)
			b[o.day + i] = (unsigned char)(w->day - h[5]);
		else
			put16(b + o.day + 2 * i, w->day);
		if (h[4] & CK_DICT)
			b[o.cty + i] = (unsigned char)slot[w->cty];
		else
			put16(b + o.cty + 2 * i, w->cty);
		if (h[4] & CK_ARR8)
			b[o.arr + i] = (unsigned char)w->arr;
		else
			put16(b + o.arr + 2 * i, w->arr);
		b[o.cat + i] = w->cat, b[o.sub + i] = w->sub, b[o.ag + i] = w->ag, b[o.ts + i] = w->ts;
		uint32_t v = 0;
		unsigned char unit = w->unit;
		if (COLS_UNIT(w->unit) < STORE_UNIT_COUNT) {
			long long t = thousandths(w->q);
			if (t >= 0) {
				v = (uint32_t)t;
			} else {
				memcpy(b + o.xq + 8 * (size_t)x, &w->q, 8);
				v = x++;
				unit |= CK_WHOLE;
			}
		}
		b[o.unit + i] = unit;
		memcpy(b + o.qv + 4 * i, &v, 4);
		for (int u = COLS_UNIT(w->unit) + 1; (w->unit & COLS_EXTRA) && u < STORE_UNIT_COUNT; u++)
			if (w->qall[u] != 0) {
				unsigned char *p = b + o.multi + 13 * mi++;
				memcpy(p, &w->id, 4);
				p[4] = (unsigned char)u;
				memcpy(p + 5, &w->qall[u], 8);
			}
	}
	*len = o.len;
	*mout = h[2];
	return b;
}

/*
 * The records of a chunk in one pass: each case's fields gathered from the columns and
 * stored as one 16-byte record (a pass per column wrote every record once per field).
 * flags is a constant where it is called, so each layout gets its own loop without a
 * test per field.  0 ok, 1 not what a writer writes (ids not ascending, a country index
 * past the dictionary).
 */
static inline __attribute__((always_inline)) int decode_recs(const unsigned char *restrict b, const struct ck_off *o,
                                                             uint32_t flags, uint32_t day0, const uint16_t *dict,
                                                             uint32_t nd, int p, uint32_t base,
                                                             const uint16_t *idx, uint32_t n,
                                                             struct cols_rec *restrict r, double *restrict q,
                                                             int *dmin, int *dmax)
{
	const unsigned char *cat = b + o->cat, *sub = b + o->sub, *ag = b + o->ag, *ts = b + o->ts, *un = b + o->unit;
	unsigned bad = 0;
	uint32_t last = 0;
	int lo = *dmin, hi = *dmax;

	for (uint32_t j = 0; j < n; j++) {
		uint32_t i = idx ? idx[j] : j;
		struct cols_rec w;
		unsigned ci = flags & CK_DICT ? b[o->cty + i] : 0;
		bad |= (flags & CK_DICT) && ci >= nd;
		w.id = base | get16(b + o->lo + 2 * (size_t)i);
		bad |= j && w.id <= last; /* ids ascend */
		last = w.id;
		w.op = (uint8_t)p;
		w.cat = cat[i], w.sub = sub[i], w.ag = ag[i], w.ts = ts[i];
		w.unit = un[i] & (unsigned char)~CK_WHOLE;
		w.day = (uint16_t)(flags & CK_DAY8 ? day0 + b[o->day + i] : get16(b + o->day + 2 * (size_t)i));
		w.arr = (uint16_t)(flags & CK_ARR8 ? b[o->arr + i] : get16(b + o->arr + 2 * (size_t)i));
		w.cty = flags & CK_DICT ? dict[ci & 255] : (uint16_t)get16(b + o->cty + 2 * (size_t)i);
		r[j] = w;
		lo = w.day < lo ? w.day : lo;
		hi = w.day > hi ? w.day : hi;
		uint32_t v;
		memcpy(&v, b + o->qv + 4 * (size_t)i, 4);
		q[j] = (double)v / 1000.0;
	}
	*dmin = lo, *dmax = hi;
	return bad != 0;
}

/* The rows of a chunk whose codes match pf (and whose ids have their bit in mask, one
 * per id of the chunk's range, when there is one), read straight from its columns, into idx;
 * their number, or -1 when the chunk is not what a writer writes (ids not ascending, a
 * country index past the dictionary: checked on every row, kept or not). */
static int rows_matching(const unsigned char *b, const struct ck_off *o, uint32_t flags, const uint16_t *dict,
                         uint32_t nd, uint32_t n, const int *pf, const uint64_t *mask, uint16_t *idx)
{
	int k = 0;
	unsigned prev = 0, bad = 0;

	for (uint32_t i = 0; i < n; i++) {
		unsigned lo = get16(b + o->lo + 2 * (size_t)i);
		bad |= i && lo <= prev;
		prev = lo;
		unsigned cty = flags & CK_DICT ? b[o->cty + i] : get16(b + o->cty + 2 * (size_t)i);
		if (flags & CK_DICT) {
			bad |= cty >= nd;
			cty = dict[cty & 255];
		}
		if (mask && (lo >> COLS_CHUNK_SHIFT || !(mask[lo >> 6] >> (lo & 63) & 1)))
			continue; /* not among the ids asked for */
		if (cols_pf_match(pf, b[o->cat + i], b[o->sub + i], b[o->ag + i], (int)cty, b[o->ts + i]))
			idx[k++] = (uint16_t)i;
	}
	return bad ? -1 : k;
}

int cols_chunk_decode(const unsigned char *b, size_t len, int p, uint32_t k, uint32_t n, uint32_t m, const int *pf,
                      const uint64_t *mask, struct cols_rec *r, double *q, struct cols_multi *multi, uint32_t *nout,
                      uint32_t *mout, int *dmin, int *dmax)
{
	uint32_t h[CK_HDR];
	struct ck_off o;
	uint16_t idx[1 << COLS_CHUNK_SHIFT];

	if (len < sizeof h)
		return 1;
	memcpy(h, b, sizeof h);
	if (h[0] != COLS_CHUNK_MAGIC || h[1] != n || h[2] != m || h[6] > 255 || n > (1u << COLS_CHUNK_SHIFT) ||
	    (h[4] & CK_DICT ? h[6] == 0 && h[1] : h[6] != 0))
		return 1;
	ck_layout(h, &o);
	if (o.len != len)
		return 1;
	uint32_t base = (uint32_t)k << COLS_CHUNK_SHIFT, x = h[3], nd = h[6], f = h[4] & (CK_ARR8 | CK_DAY8 | CK_DICT);
	uint16_t dict[256] = { 0 };
	for (uint32_t j = 0; j < nd; j++)
		dict[j] = (uint16_t)get16(b + o.dict + 2 * (size_t)j);
	/* Only the rows matching pf (a partial load): chosen from the raw columns first. */
	uint32_t nk = n;
	if (pf) {
		int c = rows_matching(b, &o, f, dict, nd, n, pf, mask, idx);
		if (c < 0)
			return 1;
		nk = (uint32_t)c;
	}
	/* The layout a writer nearly always picks (small arrests, a chunk's days within 255
	 * of each other, fewer than 256 countries) gets a loop of its own. */
	const uint16_t *ix = pf ? idx : NULL;
	int bad = f == (CK_ARR8 | CK_DAY8 | CK_DICT)
	              ? decode_recs(b, &o, CK_ARR8 | CK_DAY8 | CK_DICT, h[5], dict, nd, p, base, ix, nk, r, q, dmin, dmax)
	              : decode_recs(b, &o, f, h[5], dict, nd, p, base, ix, nk, r, q, dmin, dmax);
	if (bad)
		return 1;
	const unsigned char *un = b + o.unit;
	for (uint32_t j = 0; x && j < nk; j++) {
		uint32_t i = pf ? idx[j] : j;
		if (!(un[i] & CK_WHOLE))
			continue;
		uint32_t v;
		memcpy(&v, b + o.qv + 4 * (size_t)i, 4);
		if (v >= x)
			return 1;
		memcpy(&q[j], b + o.xq + 8 * (size_t)v, 8);
	}
	/* The further units (sorted by id, as the rows): those of the rows kept. */
	uint32_t mk = 0, j = 0;
	for (uint32_t i = 0; i < h[2]; i++) {
		const unsigned char *e = b + o.multi + 13 * (size_t)i;
		struct cols_multi u;
		memcpy(&u.id, e, 4);
		u.unit = e[4];
		u.op = (uint8_t)p;
		memcpy(&u.q, e + 5, 8);
		if (u.unit >= STORE_UNIT_COUNT)
			return 1;
		while (pf && j < nk && r[j].id < u.id)
			j++;
		if (!pf || (j < nk && r[j].id == u.id))
			multi[mk++] = u;
	}
	*nout = nk, *mout = mk;
	return 0;
}

/* By phase, then id: a range of ids read in id order becomes one run per phase. */
static int row_cmp(const void *a, const void *b)
{
	const struct cols_row *x = a, *y = b;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

struct rewrite {
	sqlite3_stmt *rd, *wr, *del;
	struct cols_row *rows;
	int maxop;          /* the highest phase a chunk may exist for (deletes) */
	int fresh;          /* the table was emptied: nothing to delete */
};

/* Rewrites the chunks of id range k (every phase): 1 ok, 0 a case the arrays cannot
 * hold, -1 error. */
static int rewrite_range(struct store *s, struct rewrite *w, sqlite3_int64 k)
{
	size_t n = 0;
	int rc, ok = 1;
	unsigned char written[256] = { 0 };

	sqlite3_reset(w->rd);
	sqlite3_bind_int64(w->rd, 1, k << COLS_CHUNK_SHIFT);
	sqlite3_bind_int64(w->rd, 2, (k + 1) << COLS_CHUNK_SHIFT);
	while ((rc = sqlite3_step(w->rd)) == SQLITE_ROW)
		if (cols_row_read(w->rd, &w->rows[n++]) < 0)
			return 0;
	if (rc != SQLITE_DONE)
		return -1;
	qsort(w->rows, n, sizeof *w->rows, row_cmp);
	for (size_t i = 0, j; ok > 0 && i < n; i = j) {
		size_t len, m;
		for (j = i; j < n && w->rows[j].op == w->rows[i].op; j++)
			;
		unsigned char *b = chunk_encode(w->rows + i, j - i, &len, &m);
		if (!b)
			return store_fail(s, "out of memory");
		int op = w->rows[i].op;
		written[op] = 1;
		if (op > w->maxop)
			w->maxop = op;
		sqlite3_reset(w->wr);
		sqlite3_bind_int64(w->wr, 1, (sqlite3_int64)op << COLS_PHASE_SHIFT | k);
		sqlite3_bind_int64(w->wr, 2, (sqlite3_int64)(j - i));
		sqlite3_bind_int64(w->wr, 3, (sqlite3_int64)m);
		sqlite3_bind_blob(w->wr, 4, b, (int)len, free);
		if (sqlite3_step(w->wr) != SQLITE_DONE)
			ok = -1;
	}
	for (int op = 0; ok > 0 && !w->fresh && op <= w->maxop; op++) {
		if (written[op])
			continue;
		sqlite3_reset(w->del);
		sqlite3_bind_int64(w->del, 1, (sqlite3_int64)op << COLS_PHASE_SHIFT | k);
		if (sqlite3_step(w->del) != SQLITE_DONE)
			ok = -1;
	}
	return ok;
}

/* Rewrites the chunks of the id ranges `ranges` (one column) returns: 1 ok, 0 a case the
 * arrays cannot hold, -1 error. */
static int rewrite_chunks(struct store *s, const char *ranges, long long since, int fresh)
{
	sqlite3_stmt *ch = NULL;
	struct rewrite w = { .fresh = fresh };
	char sql[512];
	int rc, ok = 1, err = 0;

	snprintf(sql, sizeof sql, "%s WHERE id >= ?1 AND id < ?2 ORDER BY id", cols_rows_sql);
	w.maxop = (int)(cols_query_ll(s, "SELECT max(chunk) FROM case_cols", 0, &err) >> COLS_PHASE_SHIFT);
	if (err || !(w.rows = malloc(((size_t)1 << COLS_CHUNK_SHIFT) * sizeof *w.rows))) {
		ok = err ? -1 : store_fail(s, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, ranges, -1, &ch, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, sql, -1, &w.rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO case_cols(chunk, n, m, data) VALUES (?, ?, ?, ?)", -1,
	                       &w.wr, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM case_cols WHERE chunk = ?", -1, &w.del, NULL) != SQLITE_OK) {
		ok = -1;
		goto out;
	}
	if (sqlite3_bind_parameter_count(ch) > 0)
		sqlite3_bind_int64(ch, 1, since);
	while (ok > 0 && (rc = sqlite3_step(ch)) == SQLITE_ROW) {
		sqlite3_int64 k = sqlite3_column_int64(ch, 0);
		if (k < 0 || k > (sqlite3_int64)(UINT32_MAX >> COLS_CHUNK_SHIFT))
			ok = 0;
		else
			ok = rewrite_range(s, &w, k);
	}
	if (ok > 0 && rc != SQLITE_DONE)
		ok = -1;
out:
	if (ok < 0 && !s->err[0])
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(ch);
	sqlite3_finalize(w.rd);
	sqlite3_finalize(w.wr);
	sqlite3_finalize(w.del);
	free(w.rows);
	return ok;
}

static int meta_set(struct store *s, const char *key, long long v)
{
	char sql[160];
	snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta(key, value) VALUES ('%s', '%lld')", key, v);
	return store_exec(s, sql);
}

int store_cols_checkpoint(struct store *s, int full)
{
	int err = 0, r;

	s->err[0] = '\0';
	long long had = cols_query_ll(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'cases_log_ai'", 0, &err);
	if (store_exec(s, install_sql) < 0 || store_exec(s, store_schema_index_drop) < 0)
		return -1;
	long long snap = cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_seq'", -1, &err);
	long long floor = cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, &err);
	long long max = cols_query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (!had || snap < 0 || cols_query_ll(s, "SELECT value FROM meta WHERE key = 'cols_format'", 0, &err) != COLS_FORMAT)
		full = 1;
	if (!full && max - snap < CHECKPOINT_PENDING)
		return 0;
	if (full) {
		if (store_exec(s, "DELETE FROM case_cols") < 0)
			return -1;
		r = rewrite_chunks(s, "SELECT DISTINCT id >> 12 FROM cases ORDER BY 1", 0, 1);
	} else {
		r = rewrite_chunks(s, "SELECT DISTINCT case_id >> 12 FROM case_log WHERE seq > ? ORDER BY 1", snap, 0);
	}
	if (r < 0)
		return -1;
	if (r == 0) /* the arrays cannot hold these cases: no snapshot, viewers ask SQL */
		return store_exec(s, "DELETE FROM case_cols") < 0 || meta_set(s, "cols_seq", -1) < 0 ? -1 : 0;
	if (meta_set(s, "cols_seq", max) < 0 || meta_set(s, "cols_format", COLS_FORMAT) < 0)
		return -1;
	if (max - LOG_KEEP > floor) {
		char sql[96];
		snprintf(sql, sizeof sql, "DELETE FROM case_log WHERE seq <= %lld", max - LOG_KEEP);
		if (store_exec(s, sql) < 0 || meta_set(s, "cols_floor", max - LOG_KEEP) < 0)
			return -1;
	}
	return 0;
}
