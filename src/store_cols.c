/*
 * store_cols: the column store's arrays, its snapshot in the database and the change
 * log that keeps it in step (see store_cols.h for the why).
 *
 * The database side, created by writers inside their transaction (init, sample,
 * import, simulate; store_cols_checkpoint):
 *   case_log(seq, case_id): one row per inserted, updated or deleted case, by trigger;
 *   case_cols(chunk, n, data): the arrays of the cases with id >> 12 == chunk, encoded
 *     as of meta.cols_seq (the log seq the snapshot includes).
 * A writer rewrites the chunks the log touched once 20,000 changes are pending (or at
 * the end of a sample or a large import), and trims the log to its last 50,000 rows,
 * recording the highest seq removed in meta.cols_floor: a viewer that has not seen up
 * to there loads the snapshot again instead of following the log.
 *
 * A viewer reads the snapshot (or, without one, the cases themselves) in one read
 * transaction, then the log rows written since; on every later query it compares
 * PRAGMA data_version and, when another connection committed, reads only the log rows
 * newer than the last it applied and those cases by id.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_cols.h"

#define CHUNK_MAGIC 0x4F444333u  /* "ODC3" in the byte order of the machine that wrote it */
#define COLS_FORMAT 3            /* meta.cols_format: the chunks' layout */
#define CHECKPOINT_PENDING 20000 /* log rows that make a writer rewrite the snapshot */
#define LOG_KEEP 50000           /* log rows kept behind the snapshot for live viewers */
#define SYNC_RELOAD 20000        /* log rows beyond which a viewer reloads instead */


static const char rows_sql[] =
	"SELECT id, operation_id, category_id, subcategory_id, agency_id, country, transport, status,"
	" detected_on, arrests, q_kg, q_tablets, q_pieces, q_heads, q_m3, q_litres FROM cases";

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

const char *cols_transport_name(int t)
{
	return t >= 0 && t < STORE_TRANSPORT_COUNT ? store_transports[t] : "";
}

const char *cols_status_name(int st)
{
	return st >= 0 && st < STORE_STATUS_COUNT ? store_statuses[st] : "";
}

static int list_index(const char *v, const char *const *l, int n)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(v, l[i]) == 0)
			return i;
	return -1;
}

int cols_country_code(const char *s)
{
	if (!s || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2])
		return -1;
	return (s[0] - 'A') * 26 + (s[1] - 'A');
}

/* One row of rows_sql into r; -1 when the arrays cannot hold it. */
static int row_read(sqlite3_stmt *st, struct cols_row *r)
{
	sqlite3_int64 v[5];
	long day;
	int nonzero = 0;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < 4; i++)
		v[i] = sqlite3_column_int64(st, i);
	v[4] = sqlite3_column_int64(st, 4);
	if (v[0] < 0 || v[0] > (sqlite3_int64)UINT32_MAX)
		return -1;
	for (int i = 1; i < 5; i++)
		if (v[i] < 0 || v[i] >= COLS_DEAD)
			return -1;
	r->id = (uint32_t)v[0];
	r->op = (uint8_t)v[1], r->cat = (uint8_t)v[2], r->sub = (uint8_t)v[3], r->ag = (uint8_t)v[4];
	int cty = cols_country_code((const char *)sqlite3_column_text(st, 5));
	int t = list_index((const char *)sqlite3_column_text(st, 6), store_transports, STORE_TRANSPORT_COUNT);
	int s = list_index((const char *)sqlite3_column_text(st, 7), store_statuses, STORE_STATUS_COUNT);
	if (cty < 0 || t < 0 || s < 0 || !date_parse((const char *)sqlite3_column_text(st, 8), &day) ||
	    day < 0 || day > 65535 || sqlite3_column_bytes(st, 8) != 10)
		return -1;
	r->cty = (uint16_t)cty;
	r->ts = (uint8_t)(t << 4 | s);
	r->day = (uint16_t)day;
	sqlite3_int64 a = sqlite3_column_int64(st, 9);
	if (a < 0 || a > 65535)
		return -1;
	r->arr = (uint16_t)a;
	r->unit = COLS_NONE;
	for (int u = 0; u < STORE_UNIT_COUNT; u++) {
		r->qall[u] = sqlite3_column_double(st, 10 + u);
		if (r->qall[u] != 0 && nonzero++ == 0) {
			r->unit = (uint8_t)u;
			r->q = r->qall[u];
		}
	}
	if (nonzero > 1)
		r->unit |= COLS_EXTRA;
	return 0;
}

/* ---- the arrays --------------------------------------------------------------------- */

static void arrays_free(struct cols *c)
{
	free(c->r);
	free(c->q);
	free(c->multi);
	c->r = NULL, c->q = NULL, c->multi = NULL;
	c->n = c->cap = c->nmulti = c->capmulti = 0;
	cols_sels_stale(c);
}

static void ref_free(struct cols_ref *r)
{
	for (int i = 0; i < 256; i++) {
		free(r[i].code);
		free(r[i].name);
	}
	memset(r, 0, 256 * sizeof *r);
}

void cols_free(struct cols *c)
{
	if (!c)
		return;
	cols_cache_clear(c);
	arrays_free(c);
	ref_free(c->ops);
	ref_free(c->cats);
	ref_free(c->ags);
	free(c);
}

static int grow_to(struct cols *c, uint32_t cap)
{
	if (cap <= c->cap)
		return 0;
	struct cols_rec *r = realloc(c->r, (size_t)cap * sizeof *r);
	if (!r)
		return -1;
	c->r = r;
	double *q = realloc(c->q, (size_t)cap * sizeof *q);
	if (!q)
		return -1;
	c->q = q;
	c->cap = cap;
	return 0;
}

int cols_find(const struct cols *c, uint32_t id)
{
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->r[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->r[lo].id == id ? (int)lo : -1;
}

uint32_t cols_multi_pos(const struct cols *c, uint32_t id)
{
	uint32_t lo = 0, hi = c->nmulti;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->multi[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void multi_drop(struct cols *c, uint32_t id)
{
	uint32_t p = cols_multi_pos(c, id), k = p;
	while (k < c->nmulti && c->multi[k].id == id)
		k++;
	memmove(c->multi + p, c->multi + k, (size_t)(c->nmulti - k) * sizeof *c->multi);
	c->nmulti -= k - p;
}

/* The units of r after its first, in place of what the case had. */
static int multi_put(struct cols *c, const struct cols_row *r)
{
	uint32_t add = 0;
	multi_drop(c, r->id);
	for (int u = COLS_UNIT(r->unit) + 1; u < STORE_UNIT_COUNT; u++)
		add += r->qall[u] != 0;
	if (c->nmulti + add > c->capmulti) {
		uint32_t cap = c->capmulti ? c->capmulti * 2 : 1024;
		struct cols_multi *m = realloc(c->multi, (size_t)cap * sizeof *m);
		if (!m)
			return -1;
		c->multi = m;
		c->capmulti = cap;
	}
	uint32_t p = cols_multi_pos(c, r->id);
	memmove(c->multi + p + add, c->multi + p, (size_t)(c->nmulti - p) * sizeof *c->multi);
	for (int u = COLS_UNIT(r->unit) + 1; u < STORE_UNIT_COUNT; u++)
		if (r->qall[u] != 0)
			c->multi[p++] = (struct cols_multi){ .id = r->id, .unit = (uint8_t)u, .q = r->qall[u] };
	c->nmulti += add;
	return 0;
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

/* Puts r in its slot (a new one, in id order, when the id is new); -1 out of memory. */
static int slot_put(struct cols *c, const struct cols_row *r, int *slot)
{
	int i = c->n && c->r[c->n - 1].id >= r->id ? cols_find(c, r->id) : -1;
	if (i < 0) {
		if (c->n == c->cap && grow_to(c, c->cap ? c->cap + c->cap / 4 + 1024 : 4096) < 0)
			return -1;
		uint32_t p = c->n;
		if (c->n && c->r[c->n - 1].id > r->id) { /* an id below the last: rare, move the tail */
			uint32_t lo = 0, hi = c->n;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (c->r[mid].id < r->id)
					lo = mid + 1;
				else
					hi = mid;
			}
			p = lo;
			cols_sels_stale(c);
			memmove(c->r + p + 1, c->r + p, (size_t)(c->n - p) * sizeof *c->r);
			memmove(c->q + p + 1, c->q + p, (size_t)(c->n - p) * sizeof *c->q);
		}
		c->n++;
		i = (int)p;
	}
	slot_set(c, (uint32_t)i, r);
	if ((r->unit & COLS_EXTRA) && multi_put(c, r) < 0)
		return -1;
	*slot = i;
	return 0;
}

/* ---- reference data ----------------------------------------------------------------- */

static int ref_load(struct store *s, const char *sql, struct cols_ref *r)
{
	sqlite3_stmt *st = NULL;
	int rc, ok = 1;

	ref_free(r);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id >= COLS_DEAD) {
			ok = 0;
			continue;
		}
		struct cols_ref *e = &r[id];
		e->code = store_col_dup(st, 1);
		e->name = store_col_dup(st, 2);
		e->order = sqlite3_column_int64(st, 3);
		e->parent = sqlite3_column_int(st, 4);
		e->present = 1;
		if (!e->code || !e->name) {
			sqlite3_finalize(st);
			return store_fail(s, "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return ok;
}

/* 1 loaded, 0 an id the arrays cannot hold, -1 error. */
static int refs_load(struct store *s, struct cols *c)
{
	int a = ref_load(s, "SELECT id, code, name, phase, 0 FROM operations", c->ops);
	int b = a < 0 ? -1 : ref_load(s, "SELECT id, code, name, position, coalesce(parent_id, 0) FROM categories", c->cats);
	int d = b < 0 ? -1 : ref_load(s, "SELECT id, code, short, 0, 0 FROM agencies", c->ags);
	if (a < 0 || b < 0 || d < 0)
		return -1;
	/* The matrices size their rows and columns by the highest id: a new one empties the cache. */
	const struct cols_ref *t[3] = { c->ops, c->cats, c->ags };
	for (int k = 0; k < 3; k++) {
		int top = 0;
		for (int i = 0; i < 256; i++)
			if (t[k][i].present)
				top = i + 1;
		if (top != c->refmax[k])
			cols_cache_clear(c);
		c->refmax[k] = top;
	}
	return a && b && d;
}

/* ---- loading and following the log -------------------------------------------------- */

static long long query_ll(struct store *s, const char *sql, long long dflt, int *err)
{
	sqlite3_stmt *st = NULL;
	long long v = dflt;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*err = 1;
		return dflt;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*err = 1;
	sqlite3_finalize(st);
	return v;
}

/* Reads the chunk blob b (its n cases, m with several units) onto the end of the arrays,
 * each column straight into its array; 0 ok, 1 not ours, -1 out of memory. */
static int chunk_read(struct cols *c, sqlite3_blob *b, uint32_t n, uint32_t m)
{
	uint32_t h[3];
	int off = sizeof h;

	if ((size_t)sqlite3_blob_bytes(b) != sizeof h + (size_t)n * 24 + (size_t)m * 13 ||
	    sqlite3_blob_read(b, h, sizeof h, 0) != SQLITE_OK || h[0] != CHUNK_MAGIC || h[1] != n || h[2] != m)
		return 1;
	if (grow_to(c, c->n + n) < 0)
		return -1;
	uint32_t at = c->n;
	if (sqlite3_blob_read(b, c->r + at, (int)(n * sizeof *c->r), off) != SQLITE_OK ||
	    sqlite3_blob_read(b, c->q + at, (int)(n * sizeof *c->q), off + (int)(n * sizeof *c->r)) != SQLITE_OK)
		return 1;
	off += (int)(n * (sizeof *c->r + sizeof *c->q));
	if (n && at && c->r[at].id <= c->r[at - 1].id)
		return 1; /* chunks come in id order */
	for (size_t i = at; i < at + n; i++) {
		if (c->r[i].day < c->dmin)
			c->dmin = c->r[i].day;
		if (c->r[i].day > c->dmax)
			c->dmax = c->r[i].day;
	}
	c->n += n;
	unsigned char e[13];
	for (uint32_t k = 0; k < m; k++, off += (int)sizeof e) {
		if (sqlite3_blob_read(b, e, sizeof e, off) != SQLITE_OK || c->nmulti == c->capmulti)
			return 1;
		struct cols_multi *x = &c->multi[c->nmulti];
		memcpy(&x->id, e, 4);
		x->unit = e[4];
		memcpy(&x->q, e + 5, 8);
		if (x->unit >= STORE_UNIT_COUNT || (c->nmulti && x->id < c->multi[c->nmulti - 1].id))
			return 1;
		c->nmulti++;
	}
	return 0;
}

/* Re-reads one case after a logged change: takes the old one away from the cached
 * results, puts the new one (if the case still exists) and adds it.  1 ok, 0 a case the
 * arrays cannot hold, -1 error. */
static int apply_one(struct store *s, struct cols *c, sqlite3_stmt *one, sqlite3_int64 id)
{
	int slot = id >= 0 && id <= (sqlite3_int64)UINT32_MAX ? cols_find(c, (uint32_t)id) : -1;
	if (slot >= 0 && c->r[slot].op != COLS_DEAD) {
		cols_cache_delta(c, slot, -1);
		if (c->r[slot].unit & COLS_EXTRA)
			multi_drop(c, c->r[slot].id);
		c->r[slot].op = COLS_DEAD;
	}
	sqlite3_reset(one);
	sqlite3_bind_int64(one, 1, id);
	int rc = sqlite3_step(one);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	struct cols_row r;
	if (row_read(one, &r) < 0)
		return 0;
	if (slot_put(c, &r, &slot) < 0)
		return store_fail(s, "out of memory");
	cols_cache_delta(c, slot, +1);
	return 1;
}

/* Applies the log after c->seen.  1 ok, 0 cannot (reload or SQL), -1 error. */
static int follow_log(struct store *s, struct cols *c, long long max)
{
	sqlite3_stmt *st = NULL, *one = NULL;
	int rc, ok = 1;

	if (max - c->seen > SYNC_RELOAD)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT seq, case_id FROM case_log WHERE seq > ? ORDER BY seq", -1, &st,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT id, operation_id, category_id, subcategory_id, agency_id, country,"
	                       " transport, status, detected_on, arrests, q_kg, q_tablets, q_pieces, q_heads,"
	                       " q_m3, q_litres FROM cases WHERE id = ?", -1, &one, NULL) != SQLITE_OK) {
		ok = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto out;
	}
	sqlite3_bind_int64(st, 1, c->seen);
	while (ok > 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ok = apply_one(s, c, one, sqlite3_column_int64(st, 1));
		c->seen = sqlite3_column_int64(st, 0);
	}
	if (ok > 0 && rc != SQLITE_DONE)
		ok = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
out:
	sqlite3_finalize(st);
	sqlite3_finalize(one);
	return ok;
}

/* Fills the arrays from the snapshot (1), or says there is none usable (0); -1 error. */
static int load_snapshot(struct store *s, struct cols *c)
{
	int err = 0;
	long long n = query_ll(s, "SELECT sum(n) FROM case_cols", 0, &err);
	long long m = query_ll(s, "SELECT sum(m) FROM case_cols", 0, &err);
	sqlite3_stmt *st = NULL;
	sqlite3_blob *b = NULL;
	int rc, ok = 1;

	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (n < 0 || m < 0 || n > UINT32_MAX / 2 || m > n || grow_to(c, (uint32_t)(n + n / 256 + 1024)) < 0 ||
	    !(c->multi = malloc((size_t)(m + m / 64 + 256) * sizeof *c->multi)))
		return store_fail(s, "out of memory");
	c->capmulti = (uint32_t)(m + m / 64 + 256);
	if (sqlite3_prepare_v2(s->db, "SELECT chunk, n, m FROM case_cols ORDER BY chunk", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 k = sqlite3_column_int64(st, 0), cn = sqlite3_column_int64(st, 1), cm = sqlite3_column_int64(st, 2);
		if (cn < 0 || cn > 1 << COLS_CHUNK_SHIFT || cm < 0 || cm > cn) {
			ok = 0;
			break;
		}
		int o = b ? sqlite3_blob_reopen(b, k) : sqlite3_blob_open(s->db, "main", "case_cols", "data", k, 0, &b);
		if (o != SQLITE_OK) {
			ok = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
			break;
		}
		int d = chunk_read(c, b, (uint32_t)cn, (uint32_t)cm);
		ok = d < 0 ? store_fail(s, "out of memory") : d == 0;
	}
	if (ok == 1 && rc != SQLITE_DONE)
		ok = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_blob_close(b);
	sqlite3_finalize(st);
	return ok;
}

/* Fills the arrays from the cases (no snapshot): 1 ok, 0 a case the arrays cannot hold. */
static int load_scan(struct store *s, struct cols *c)
{
	int err = 0;
	long long span = query_ll(s, "SELECT max(id) - min(id) + 1 FROM cases", 0, &err);
	sqlite3_stmt *st = NULL;
	int rc, ok = 1, slot;
	char sql[sizeof rows_sql + 20];

	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (span > 0 && span < 64 * 1024 * 1024 && grow_to(c, (uint32_t)span) < 0)
		return store_fail(s, "out of memory");
	snprintf(sql, sizeof sql, "%s ORDER BY id", rows_sql);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	while (ok == 1 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cols_row r;
		if (row_read(st, &r) < 0)
			ok = 0;
		else if (slot_put(c, &r, &slot) < 0)
			ok = store_fail(s, "out of memory");
	}
	if (ok == 1 && rc != SQLITE_DONE)
		ok = store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return ok;
}

/* Everything from the start, in the caller's read transaction: 1 ready, 0 SQL, -1 error. */
static int load_all(struct store *s, struct cols *c)
{
	int err = 0, r;

	cols_cache_clear(c);
	arrays_free(c);
	c->dmin = 65535, c->dmax = 0;
	if (query_ll(s, "SELECT count(*) FROM sqlite_schema WHERE name IN ('case_log', 'case_cols',"
	             " 'cases_log_ai', 'cases_log_au', 'cases_log_ad')", 0, &err) != 5)
		return err ? store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db)) : 0;
	if ((r = refs_load(s, c)) <= 0)
		return r;
	long long snap = query_ll(s, "SELECT value FROM meta WHERE key = 'cols_seq'", -1, &err);
	long long floor = query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, &err);
	long long max = query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
	if (query_ll(s, "SELECT value FROM meta WHERE key = 'cols_format'", 0, &err) != COLS_FORMAT)
		snap = -1;
	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	r = snap >= floor && snap >= 0 && max - snap <= SYNC_RELOAD ? load_snapshot(s, c) : 0;
	if (r < 0)
		return -1;
	if (r == 1) {
		c->seen = snap;
		r = follow_log(s, c, max);
	}
	if (r == 0) { /* no snapshot, a stale one, or one of another machine: the cases */
		arrays_free(c);
		c->dmin = 65535, c->dmax = 0;
		c->seen = max;
		r = load_scan(s, c);
	}
	return r;
}

/* Brings the arrays in step when another connection committed. */
static int sync(struct store *s, struct cols *c)
{
	int err = 0, r;
	long long v = query_ll(s, "PRAGMA data_version", 0, &err);

	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (c->state != COLS_UNLOADED && v == c->data_version)
		return c->state == COLS_READY;
	int own = sqlite3_get_autocommit(s->db); /* else the caller's transaction holds the view */
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (c->state == COLS_READY) {
		long long floor = query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, &err);
		long long max = query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
		r = err ? store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db)) : 0;
		if (!err && floor <= c->seen && max >= c->seen && (r = refs_load(s, c)) > 0)
			r = follow_log(s, c, max);
		if (r == 0)
			r = load_all(s, c);
	} else {
		r = load_all(s, c);
	}
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

int cols_ready(struct store *s)
{
	if (s->writable)
		return 0; /* a writer's own commits do not move data_version: it asks SQL */
	if (!s->cols) {
		if (!(s->cols = calloc(1, sizeof *s->cols)))
			return store_fail(s, "out of memory");
		/* The arrays answer the big questions from here on: SQLite's own page cache
		 * serves case rows and labels, and a megabyte does (memory counts: 32 MB at 1M). */
		sqlite3_exec(s->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
	}
	return sync(s, s->cols);
}

/* ---- the writers' side -------------------------------------------------------------- */

/* Encodes rows (sorted by id) into one blob; malloc'd, *len set. */
static size_t extras_of(const struct cols_row *r)
{
	size_t m = 0;
	for (int u = COLS_UNIT(r->unit) + 1; (r->unit & COLS_EXTRA) && u < STORE_UNIT_COUNT; u++)
		m += r->qall[u] != 0;
	return m;
}

static unsigned char *chunk_encode(const struct cols_row *rows, size_t n, size_t *len)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += extras_of(&rows[i]);
	uint32_t h[3] = { CHUNK_MAGIC, (uint32_t)n, (uint32_t)m };
	*len = sizeof h + n * 24 + m * 13;
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

/* Rewrites the chunks whose numbers `chunks` (one column) returns: 1 ok, 0 a case the
 * arrays cannot hold, -1 error. */
static int rewrite_chunks(struct store *s, const char *chunks, long long since)
{
	sqlite3_stmt *ch = NULL, *rd = NULL, *wr = NULL, *del = NULL;
	struct cols_row *rows = malloc(((size_t)1 << COLS_CHUNK_SHIFT) * sizeof *rows);
	char sql[sizeof rows_sql + 64];
	int rc, ok = 1;

	snprintf(sql, sizeof sql, "%s WHERE id >= ?1 AND id < ?2 ORDER BY id", rows_sql);
	if (!rows)
		return store_fail(s, "out of memory");
	if (sqlite3_prepare_v2(s->db, chunks, -1, &ch, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, sql, -1, &rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO case_cols(chunk, n, m, data) VALUES (?, ?, ?, ?)", -1,
	                       &wr, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM case_cols WHERE chunk = ?", -1, &del, NULL) != SQLITE_OK) {
		ok = -1;
		goto out;
	}
	if (sqlite3_bind_parameter_count(ch) > 0)
		sqlite3_bind_int64(ch, 1, since);
	while (ok > 0 && (rc = sqlite3_step(ch)) == SQLITE_ROW) {
		sqlite3_int64 k = sqlite3_column_int64(ch, 0);
		size_t n = 0, m = 0, len;
		if (k < 0 || k > (sqlite3_int64)(UINT32_MAX >> COLS_CHUNK_SHIFT)) {
			ok = 0;
			break;
		}
		sqlite3_reset(rd);
		sqlite3_bind_int64(rd, 1, k << COLS_CHUNK_SHIFT);
		sqlite3_bind_int64(rd, 2, (k + 1) << COLS_CHUNK_SHIFT);
		while ((rc = sqlite3_step(rd)) == SQLITE_ROW && ok > 0) {
			if (row_read(rd, &rows[n]) < 0)
				ok = 0;
			m += extras_of(&rows[n++]);
		}
		if (ok <= 0 || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
			ok = ok <= 0 ? ok : -1;
			break;
		}
		if (n == 0) {
			sqlite3_reset(del);
			sqlite3_bind_int64(del, 1, k);
			rc = sqlite3_step(del);
		} else {
			unsigned char *b = chunk_encode(rows, n, &len);
			if (!b) {
				ok = store_fail(s, "out of memory");
				break;
			}
			sqlite3_reset(wr);
			sqlite3_bind_int64(wr, 1, k);
			sqlite3_bind_int64(wr, 2, (sqlite3_int64)n);
			sqlite3_bind_int64(wr, 3, (sqlite3_int64)m);
			sqlite3_bind_blob(wr, 4, b, (int)len, free);
			rc = sqlite3_step(wr);
		}
		if (rc != SQLITE_DONE)
			ok = -1;
	}
	if (ok > 0 && rc != SQLITE_DONE)
		ok = -1;
out:
	if (ok < 0 && !s->err[0])
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(ch);
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	sqlite3_finalize(del);
	free(rows);
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
	long long had = query_ll(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'cases_log_ai'", 0, &err);
	if (store_exec(s, install_sql) < 0)
		return -1;
	long long snap = query_ll(s, "SELECT value FROM meta WHERE key = 'cols_seq'", -1, &err);
	long long floor = query_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0, &err);
	long long max = query_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", 0, &err);
	if (err)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (!had || snap < 0 || query_ll(s, "SELECT value FROM meta WHERE key = 'cols_format'", 0, &err) != COLS_FORMAT)
		full = 1;
	if (!full && max - snap < CHECKPOINT_PENDING)
		return 0;
	if (full) {
		if (store_exec(s, "DELETE FROM case_cols") < 0)
			return -1;
		r = rewrite_chunks(s, "SELECT DISTINCT id >> 12 FROM cases ORDER BY 1", 0);
	} else {
		r = rewrite_chunks(s, "SELECT DISTINCT case_id >> 12 FROM case_log WHERE seq > ? ORDER BY 1", snap);
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
