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
 *     data: a header (magic, n, m), the n 16-byte records, their n quantities, then
 *     m further units of 13 bytes (id, unit, quantity), all in the byte order of the
 *     machine that wrote it (the magic tells another one).
 * A writer rewrites the chunks of the ids the log touched once 20,000 changes are
 * pending (or at the end of a sample or a large import), and trims the log to its last
 * 50,000 rows, recording the highest seq removed in meta.cols_floor: a viewer that has
 * not seen up to there loads the snapshot again instead of following the log.
 */
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

/* Encodes rows (one phase, sorted by id) into one blob; malloc'd, *len set. */
static unsigned char *chunk_encode(const struct cols_row *rows, size_t n, size_t *len, size_t *mout)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += extras_of(&rows[i]);
	uint32_t h[3] = { COLS_CHUNK_MAGIC, (uint32_t)n, (uint32_t)m };
	*len = sizeof h + n * 24 + m * 13;
	*mout = m;
	unsigned char *b = malloc(*len), *p = b + sizeof h;
	if (!b)
		return NULL;
	memcpy(b, h, sizeof h);
	for (size_t i = 0; i < n; i++, p += sizeof(struct cols_rec)) {
		const struct cols_row *w = &rows[i];
		struct cols_rec rec = { .id = w->id, .op = w->op, .cat = w->cat, .sub = w->sub, .ag = w->ag,
		                        .cty = w->cty, .day = w->day, .arr = w->arr, .ts = w->ts, .unit = w->unit };
		memcpy(p, &rec, sizeof rec);
	}
	for (size_t i = 0; i < n; i++, p += sizeof rows[i].q)
		memcpy(p, &rows[i].q, sizeof rows[i].q);
	for (size_t i = 0; i < n; i++)
		for (int u = COLS_UNIT(rows[i].unit) + 1; (rows[i].unit & COLS_EXTRA) && u < STORE_UNIT_COUNT; u++)
			if (rows[i].qall[u] != 0) {
				memcpy(p, &rows[i].id, 4);
				p[4] = (unsigned char)u;
				memcpy(p + 5, &rows[i].qall[u], 8);
				p += 13;
			}
	return b;
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
	if (store_exec(s, install_sql) < 0)
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
