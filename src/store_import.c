/*
 * store_import: CSV import of cases, all rows or none.  The format is described in
 * store_io.h; the checks of each row are in store_import_check.c.
 *
 * The file is read whole and checked in full; every problem is listed as
 * FILE:ROW:COLUMN: reason (ROW counts records, the header being row 1; COLUMN counts
 * fields from 1), up to 100 of them.  Everything happens in one BEGIN IMMEDIATE
 * transaction (taken before checking, so the checks and the inserts see the same
 * database), which is committed only when the whole file had no problem; any problem or
 * failure rolls it back, leaving the file as it was, byte for byte.
 *
 * Speed (DESIGN.md: >= 100k rows/s): one pass over the in-memory file checks each row
 * and, while no problem has been found, inserts it; a bad file costs at most the inserts
 * up to its first problem, undone by the rollback.  A case is held back until its last
 * row, so that it is inserted with its quantity totals (see store_import_csv); codes are
 * looked up in sorted in-memory tables, refs in a hash set, and every statement is
 * prepared once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "store_import.h"
#include "store_search.h"

#define IO_MAX_FILE (1024L * 1024 * 1024)

const struct store_io_col store_io_cols[COL_COUNT] = {
	[COL_REF] = { "ref", 1 },             [COL_PHASE] = { "phase", 1 },
	[COL_AGENCY] = { "agency", 1 },       [COL_CATEGORY] = { "category", 1 },
	[COL_SUBCATEGORY] = { "subcategory", 1 }, [COL_DETECTED_ON] = { "detected_on", 1 },
	[COL_LOCATION] = { "location", 0 },   [COL_COUNTRY] = { "country", 1 },
	[COL_TRANSPORT] = { "transport", 1 }, [COL_DEPARTURE] = { "departure", 0 },
	[COL_TRANSIT] = { "transit", 0 },     [COL_DESTINATION] = { "destination", 0 },
	[COL_DETECTION] = { "detection", 0 }, [COL_CONCEALMENT] = { "concealment", 0 },
	[COL_ARRESTS] = { "arrests", 0 },     [COL_STATUS] = { "status", 1 },
	[COL_SUMMARY] = { "summary", 0 },     [COL_COMMODITY] = { "commodity", 0 },
	[COL_QUANTITY] = { "quantity", 0 },   [COL_UNIT] = { "unit", 0 },
};

/* Remembers the case columns of a case's first row. */
static int io_keep_case(struct io_ctx *x, const struct io_row *r, long row)
{
	size_t need = 0;
	for (int c = 0; c < COL_FIRST_SEIZURE; c++)
		need += strlen(r->v[c]) + 1;
	if (need > x->curcap) {
		char *p = realloc(x->cur, need);
		if (!p)
			return -1;
		x->cur = p;
		x->curcap = need;
	}
	char *p = x->cur;
	for (int c = 0; c < COL_FIRST_SEIZURE; c++) {
		size_t n = strlen(r->v[c]) + 1;
		memcpy(p, r->v[c], n);
		p += n;
	}
	x->cur_row = row;
	return 0;
}

/* Starts holding back the case whose first row is r (its columns are in x->cur). */
static void io_hold_case(struct io_ctx *x, const struct io_row *r)
{
	x->pending = 1;
	x->p_op = r->op;
	x->p_agency = r->agency;
	x->p_cat = r->cat;
	x->p_sub = r->sub;
	x->p_arrests = r->arrests;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		x->p_qty[u] = 0;
	x->nsz = 0;
	x->sblen = 0;
}

/* Adds a seizure to the case held back; -1 when out of memory. */
static int io_hold_seizure(struct io_ctx *x, const struct io_row *r)
{
	size_t n = strlen(r->v[COL_COMMODITY]) + 1;

	if (x->nsz == x->szcap) {
		size_t cap = x->szcap ? 2 * x->szcap : 16;
		struct io_seizure *p = realloc(x->sz, cap * sizeof *p);
		if (!p)
			return -1;
		x->sz = p;
		x->szcap = cap;
	}
	if (x->sblen + n > x->sbcap) {
		size_t cap = x->sbcap ? 2 * x->sbcap : 1024;
		while (cap < x->sblen + n)
			cap *= 2;
		char *p = realloc(x->sbuf, cap);
		if (!p)
			return -1;
		x->sbuf = p;
		x->sbcap = cap;
	}
	memcpy(x->sbuf + x->sblen, r->v[COL_COMMODITY], n);
	x->sz[x->nsz++] = (struct io_seizure){ .commodity = x->sblen, .qty = r->qty, .unit = r->unit };
	x->sblen += n;
	/* 0, plus each quantity of the unit, in file order, in doubles: what seizures_ai
	 * would have summed, bit for bit. */
	x->p_qty[r->unit] += r->qty;
	return 0;
}

/* The failure of an insert of the case begun on x->cur_row; always -1. */
static int io_insert_failed(struct io_ctx *x)
{
	return store_fail(x->s, "%s: row %ld: %s", x->s->path, x->cur_row, sqlite3_errmsg(x->s->db));
}

/* Whether the ref (of the case whose first row is row) was in the database before this
 * import: 1 (and reported), 0, or -1 on failure (recorded). */
static int io_ref_known(struct io_ctx *x, const char *ref, long row)
{
	char q[256];

	sqlite3_bind_text(x->ref_exists, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(x->ref_exists, 2, x->max_id);
	int rc = sqlite3_step(x->ref_exists);
	sqlite3_reset(x->ref_exists);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
	if (rc == SQLITE_ROW)
		store_import_cell_err(x, row, COL_REF, "case '%s' is already in the database",
		                      text_quote(ref, (size_t)-1, q, sizeof q));
	return rc == SQLITE_ROW;
}

void store_import_ref_due(struct io_ctx *x)
{
	if (!x->ref_unchecked)
		return;
	x->ref_unchecked = 0;
	if (io_ref_known(x, x->cur, x->cur_row) < 0)
		x->failed = 1;
}

/* Inserts the case held back, with its totals, then its seizures, and adds it to the
 * rollup sums; -1 on failure (with the reason recorded). */
static int io_insert_held(struct io_ctx *x)
{
	static const int text_cols[] = { COL_REF, COL_DETECTED_ON, COL_LOCATION, COL_COUNTRY,
		COL_TRANSPORT, COL_DEPARTURE, COL_TRANSIT, COL_DESTINATION, COL_DETECTION,
		COL_CONCEALMENT, COL_STATUS, COL_SUMMARY };
	const char *v[COL_FIRST_SEIZURE];
	sqlite3_stmt *st = x->ins_case;
	const char *p = x->cur;
	int i = 1, rc;

	if (!x->pending)
		return 0;
	x->pending = 0;
	for (int c = 0; c < COL_FIRST_SEIZURE; c++, p += strlen(p) + 1)
		v[c] = p;
	for (size_t k = 0; k < sizeof text_cols / sizeof text_cols[0]; k++)
		sqlite3_bind_text(st, i++, v[text_cols[k]], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, x->p_op->id);
	sqlite3_bind_int64(st, i++, x->p_agency->id);
	sqlite3_bind_int64(st, i++, x->p_cat->id);
	sqlite3_bind_int64(st, i++, x->p_sub->id);
	sqlite3_bind_int64(st, i++, x->p_arrests);
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		sqlite3_bind_double(st, i++, x->p_qty[u]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT && x->ref_unchecked &&
	    sqlite3_extended_errcode(x->s->db) == SQLITE_CONSTRAINT_UNIQUE) {
		/* The ref's UNIQUE index: the ref was already there (said as the query would
		 * have), and nothing more is inserted. */
		x->ref_unchecked = 0;
		int known = io_ref_known(x, v[COL_REF], x->cur_row);
		return known < 0 ? -1 : known ? 0 : io_insert_failed(x);
	}
	x->ref_unchecked = 0;
	if (rc != SQLITE_DONE)
		return io_insert_failed(x);
	sqlite3_int64 id = sqlite3_last_insert_rowid(x->s->db);
	x->ncases++;
	struct store_rollup_case one = {
		.op = x->p_op->id, .cat = x->p_cat->id, .sub = x->p_sub->id, .agency = x->p_agency->id,
		.country = v[COL_COUNTRY], .transport = v[COL_TRANSPORT], .status = v[COL_STATUS],
		.detected_on = v[COL_DETECTED_ON], .arrests = x->p_arrests,
	};
	memcpy(one.qty, x->p_qty, sizeof one.qty);
	if (store_rollup_case(x->rollup, &one) < 0)
		return store_fail(x->s, "out of memory");
	st = x->ins_seizure;
	for (size_t k = 0; k < x->nsz; k++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, x->sbuf + x->sz[k].commodity, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, x->sz[k].qty);
		sqlite3_bind_text(st, 4, store_unit_name(x->sz[k].unit), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return io_insert_failed(x);
	}
	return 0;
}

/* One data record: check it, and while the file is good insert it.  -1 on a fatal failure. */
static int io_row(struct io_ctx *x, struct csv_reader *rd)
{
	struct io_row r;
	long row = rd->record;
	char q[256], q2[256];

	if (csv_blank(rd))
		return 0;
	if (rd->nfields != x->ncols) {
		store_import_err(x, row, (rd->nfields < x->ncols ? rd->nfields : x->ncols) + 1,
		       "%d field%s, but the header has %d", rd->nfields, rd->nfields == 1 ? "" : "s",
		       x->ncols);
		x->cur_valid = 0;
		return x->failed ? -1 : 0;
	}
	memset(&r, 0, sizeof r);
	for (int c = 0; c < COL_COUNT; c++) {
		int f = x->col_field[c];
		if (f < 0) {
			r.v[c] = "";
			continue;
		}
		r.v[c] = rd->fields[f].p + csv_plain(rd->fields[f].p, rd->fields[f].len);
	}
	r.has_seizure = *r.v[COL_COMMODITY] || *r.v[COL_QUANTITY] || *r.v[COL_UNIT];
	int same = x->cur_row && strcmp(r.v[COL_REF], x->cur) == 0;
	if (same) {
		/* A further seizure of the case begun on x->cur_row: case columns must agree. */
		const char *first = x->cur;
		for (int c = 0; c < COL_FIRST_SEIZURE; c++, first += strlen(first) + 1)
			if (strcmp(first, r.v[c]) != 0)
				store_import_cell_err(x, row, c, "'%s' differs from '%s' on row %ld, where the case began",
				            text_quote(r.v[c], (size_t)-1, q, sizeof q), text_quote(first, (size_t)-1, q2, sizeof q2), x->cur_row);
		if (!r.has_seizure || x->cur_empty_seizure)
			store_import_cell_err(x, row, COL_COMMODITY, "case '%s' has several rows, so each needs a seizure",
			            text_quote(r.v[COL_REF], (size_t)-1, q, sizeof q));
	} else {
		x->cur_valid = store_import_check_case(x, row, &r) == 0;
		x->cur_empty_seizure = !r.has_seizure;
		/*
		 * Whether the ref is already in the database: while the file has no problem the
		 * case will be inserted, and the ref's UNIQUE index answers then, in the seek
		 * the insert makes anyway (a query per case was a tenth of the import).  Should
		 * a problem come first (a later row of this case, the next case's), the query
		 * runs then, before that problem is reported (store_import_ref_due), so the
		 * messages keep their order.
		 */
		int ref_later = 0;
		if (*r.v[COL_REF]) {
			long seen = store_import_seen(x, r.v[COL_REF], row);
			if (seen < 0)
				return store_fail(x->s, "out of memory");
			if (seen > 0)
				store_import_cell_err(x, row, COL_REF, "case '%s' already began on row %ld (the rows of a "
				            "case must follow each other)", text_quote(r.v[COL_REF], (size_t)-1, q, sizeof q), seen);
			if (x->nerr)
				ref_later = io_ref_known(x, r.v[COL_REF], row) < 0 ? -1 : 0;
			else
				ref_later = 1;
			if (ref_later < 0 || x->failed)
				return -1;
		}
		/* The previous case is complete (its columns are still in x->cur). */
		if (!x->nerr && io_insert_held(x) < 0)
			return -1;
		/* Its insert found a problem: this case will not be inserted, ask now. */
		if (ref_later && x->nerr && io_ref_known(x, r.v[COL_REF], row) < 0)
			return -1;
		if (io_keep_case(x, &r, row) < 0)
			return store_fail(x->s, "out of memory");
		if (!x->nerr) {
			io_hold_case(x, &r);
			x->ref_unchecked = ref_later;
		}
	}
	store_import_check_seizure(x, row, &r);
	if (x->failed)
		return -1;
	if (x->nerr) {
		x->pending = 0; /* nothing more will be inserted; the transaction is rolled back */
		return 0;
	}
	if (r.has_seizure && io_hold_seizure(x, &r) < 0)
		return store_fail(x->s, "out of memory");
	return 0;
}

/* The header row: which column is where.  0 when usable. */
static int io_header(struct io_ctx *x, struct csv_reader *rd)
{
	char q[256], list[512];
	long before = x->nerr;
	size_t len = 0;

	for (int c = 0; c < COL_COUNT; c++) {
		x->col_field[c] = -1;
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", c ? ", " : "", store_io_cols[c].name);
	}
	x->ncols = rd->nfields;
	/* A header in another case ("REF,PHASE,...") is one mistake, not one per column and
	 * one per required column: said once, naming the first column written so. */
	int unknown = 0, other_case = 0, first = -1;
	for (int f = 0; f < rd->nfields; f++) {
		int c, ci = -1;
		for (c = 0; c < COL_COUNT && strcmp(rd->fields[f].p, store_io_cols[c].name) != 0; c++)
			if (ci < 0 && strcasecmp(rd->fields[f].p, store_io_cols[c].name) == 0)
				ci = c;
		if (c < COL_COUNT)
			continue;
		unknown++;
		if (ci >= 0 && other_case++ == 0)
			first = f;
	}
	if (unknown > 0 && other_case == unknown) {
		char q2[64];
		int c;
		for (c = 0; c < COL_COUNT && strcasecmp(rd->fields[first].p, store_io_cols[c].name) != 0; c++)
			;
		store_import_err(x, 1, first + 1, "column names are lower case: '%s' is '%s'%s (%d column%s)",
		                 text_quote(rd->fields[first].p, (size_t)-1, q2, sizeof q2), store_io_cols[c].name,
		                 unknown > 1 ? ", and so on" : "", unknown, unknown > 1 ? "s" : "");
		return -1;
	}
	for (int f = 0; f < rd->nfields; f++) {
		int c;
		for (c = 0; c < COL_COUNT && strcmp(rd->fields[f].p, store_io_cols[c].name) != 0; c++)
			;
		if (c == COL_COUNT)
			store_import_err(x, 1, f + 1, "unknown column '%s' (expected %s)",
			       text_quote(rd->fields[f].p, (size_t)-1, q, sizeof q), list);
		else if (x->col_field[c] >= 0)
			store_import_err(x, 1, f + 1, "column '%s' given twice (first as column %d)", store_io_cols[c].name,
			       x->col_field[c] + 1);
		else
			x->col_field[c] = f;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (store_io_cols[c].required && x->col_field[c] < 0)
			store_import_err(x, 1, 1, "missing required column '%s'", store_io_cols[c].name);
	return x->nerr == before ? 0 : -1;
}

static char *io_read_file(const char *path, size_t *len, char *why, size_t whysz)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		snprintf(why, whysz, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)IO_MAX_FILE) {
				snprintf(why, whysz, "larger than %ld MB", IO_MAX_FILE >> 20);
				goto fail;
			}
			cap = cap ? 2 * cap : 1 << 20;
			char *b = realloc(buf, cap);
			if (!b) {
				snprintf(why, whysz, "out of memory");
				goto fail;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* Whether the change log is installed (x->has_log): when it is not yet, this import's
 * store_cols_checkpoint installs it and writes a full snapshot, so no log rows are due.
 * -1 on failure. */
static int io_log_installed(struct io_ctx *x)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(x->s->db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = 'cases_log_ai'",
	                       -1, &st, NULL) != SQLITE_OK)
		return store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
	x->has_log = rc == SQLITE_ROW;
	return 0;
}

/* The change log's rows of the cases this import inserted (ids above x->max_id), in id
 * order, as its insert trigger would have written them.  -1 on failure. */
static int io_log_new_cases(struct io_ctx *x)
{
	char sql[128];

	if (!x->has_log)
		return 0;
	snprintf(sql, sizeof sql, "INSERT INTO case_log(case_id) SELECT id FROM cases WHERE id > %lld ORDER BY id",
	         (long long)x->max_id);
	return store_exec(x->s, sql);
}

/* The search index's entries of the cases this import inserted, which its triggers
 * would have made (store_search.h: with FTS5's merging deferred); the whole index when
 * the database has none yet. */
static int io_search_new_cases(struct io_ctx *x)
{
	return store_search_add_new(x->s, x->max_id);
}

/* Turns this connection's triggers on or off (SQLITE_DBCONFIG_ENABLE_TRIGGER); statements
 * prepared before are recompiled by SQLite.  -1 on failure. */
static int io_triggers(struct store *s, int on)
{
	int now = -1;

	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, &now) != SQLITE_OK || now != on)
		return store_fail(s, "%s: cannot turn triggers %s", s->path, on ? "on" : "off");
	return 0;
}

/*
 * After the commit: the write-ahead log, which holds every page the import wrote (150 MB
 * for 200k rows), emptied and cut to nothing when no reader is reading from it, instead
 * of staying that size until a later writer (store.c's journal_size_limit).  The commit's
 * own checkpoint has already copied the pages into the database; this waits at most a
 * fifth of a second for readers to finish their current read (a viewer's read takes
 * milliseconds), and gives up quietly otherwise: the import is committed either way.
 */
static void io_log_truncate(struct store *s)
{
	sqlite3_busy_timeout(s->db, 200);
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(s->db, STORE_WRITER_WAIT_MS);
}

/* The records after the header; -1 on a fatal failure. */
static int io_pass(struct io_ctx *x, struct csv_reader *rd)
{
	int rc;

	x->cur_row = 0;
	while ((rc = csv_next(rd)) != 0) {
		if (rc < 0) {
			if (rd->oom)
				return store_fail(x->s, "out of memory");
			store_import_err(x, rd->err_record, rd->err_field, "%s (line %ld, byte %ld)", rd->err,
			       rd->err_line, rd->err_col);
			x->pending = 0;
			if (x->failed)
				return -1;
			continue;
		}
		if (io_row(x, rd) < 0)
			return -1;
	}
	if (!x->nerr && io_insert_held(x) < 0)
		return -1;
	return 0;
}

long long store_import_csv(struct store *s, const char *csv_path, FILE *errs)
{
	struct io_ctx x;
	struct csv_reader rd;
	char name[512], why[256];
	size_t len = 0;
	char *buf = NULL;
	int began = 0, fk_off = 0, triggers_off = 0, rc;
	long long result = -1;

	memset(&x, 0, sizeof x);
	memset(&rd, 0, sizeof rd);
	x.s = s;
	x.errs = errs;
	x.name = text_quote(csv_path ? csv_path : "(null)", (size_t)-1, name, sizeof name);
	if (!s->writable)
		return store_fail(s, "%s: opened read-only", s->path);
	if (!csv_path || !(buf = io_read_file(csv_path, &len, why, sizeof why))) {
		/* No file, no position: one message (the caller adds that nothing was imported). */
		store_fail(s, "%s: cannot read: %s", x.name, csv_path ? why : "no file");
		return -1;
	}
	csv_init(&rd, buf, len);
	rc = csv_next(&rd);
	if (rc == 0 || (rc == 1 && csv_blank(&rd))) {
		store_import_err(&x, 1, 1, "no header row (expected ref, phase, agency, ...)");
		goto report;
	}
	if (rc < 0) {
		store_import_err(&x, rd.err_record, rd.err_field, "%s (line %ld, byte %ld)", rd.err, rd.err_line,
		       rd.err_col);
		goto report;
	}
	if (io_header(&x, &rd) < 0)
		goto report;

	/*
	 * No foreign-key checks for this transaction's inserts (the pragma cannot change
	 * inside a transaction, so here; back on in done): every phase, agency and category
	 * id is one looked up in those very tables inside the transaction, and a seizure's
	 * case is the row just inserted, so each check could only pass; they were 7% of the
	 * import's instructions (five parent lookups per case).
	 */
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	fk_off = 1;
	/* The write lock first, so that what is checked is what is written to. */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	began = 1;
	/* The indexes this schema no longer has, before the inserts would fill them (once per
	 * older database; a no-op after). */
	if (store_exec(s, store_schema_index_drop) < 0)
		goto done;
	if (store_import_load_codes(&x, "SELECT id, code, starts_on, ends_on FROM operations", &x.ops, 2) < 0 ||
	    store_import_load_codes(&x, "SELECT id, code FROM agencies", &x.agencies, 0) < 0 ||
	    store_import_load_codes(&x, "SELECT id, code, coalesce(parent_id, 0) FROM categories", &x.cats, 1) < 0 ||
	    store_import_load_parts(&x) < 0)
		goto done;
	/*
	 * No trigger fires on this connection for the length of the import:
	 * - seizures_ai: cases are inserted with their quantity totals (q_kg ...) already
	 *   summed, instead of letting it add each seizure, which rewrote the case row once
	 *   per seizure (and with it, fourteen rollup rows);
	 * - the rollup triggers, which would upsert seven rollup rows per case: each inserted
	 *   case is summed into x.rollup in memory and the sums are upserted at the end
	 *   (store_rollup.c), a cost that grows with the file, not with the database;
	 * - the change log's insert trigger (store_cols.c), which added a log row per case:
	 *   with it every case insert was a statement with a trigger that could fail
	 *   half-way, so SQLite kept a statement journal for each, and a large import wrote
	 *   gigabytes of it to a temporary file.  The log rows of the new cases are written
	 *   in one statement at the end (io_log_new_cases).
	 * The import only inserts, so no other trigger would fire.  Turning them off for this
	 * connection (rather than dropping and recreating them, as before) leaves the schema
	 * alone: every viewer open on the database would otherwise parse it again after each
	 * import, 1-2 ms per viewer even for one case, and a plain sqlite3 shell writing at the
	 * same time keeps its triggers.
	 */
	if (io_log_installed(&x) < 0 || io_triggers(s, 0) < 0)
		goto done;
	triggers_off = 1;
	if (!(x.rollup = store_rollup_new())) {
		store_fail(s, "out of memory");
		goto done;
	}
	/* A ref counts as already there only if it was before this import began (new cases
	 * get ids above the largest; some of the file's may be inserted by the time a
	 * repeated ref is checked). */
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM cases", -1, &x.ref_exists, NULL) ||
	    sqlite3_step(x.ref_exists) != SQLITE_ROW)
		goto sqlfail;
	x.max_id = sqlite3_column_int64(x.ref_exists, 0);
	sqlite3_finalize(x.ref_exists);
	x.ref_exists = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM cases WHERE ref = ? AND id <= ?", -1, &x.ref_exists,
	                       NULL) ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO cases(ref, detected_on, location, country, transport,"
	                       " departure, transit, destination, detection, concealment, status, summary,"
	                       " operation_id, agency_id, category_id, subcategory_id, arrests, q_kg,"
	                       " q_tablets, q_pieces, q_heads, q_m3, q_litres)"
	                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &x.ins_case,
	                       NULL) ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	                       " VALUES (?,?,?,?)", -1, &x.ins_seizure, NULL))
		goto sqlfail;
	/*
	 * Every CHECK of cases and seizures (dates, country length, the transport, detection,
	 * status and unit sets, non-negative arrests and quantities) is checked in C on these
	 * very values by store_import_check_case() and _seizure(), and a row is inserted only
	 * while no problem has been found, including in the row itself; SQLite re-checking
	 * them per row took a third of the insert time.  Only this connection, only for these
	 * inserts; every other writer keeps them.
	 */
	if (sqlite3_exec(s->db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlfail;
	rc = io_pass(&x, &rd);
	/* Checked: the rollup and log statements below must run with CHECKs on. */
	if (sqlite3_exec(s->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlfail;
	if (rc < 0)
		goto done;
	if (x.nerr)
		goto report;
	if (store_rollup_write(s, x.rollup) < 0 || io_log_new_cases(&x) < 0 || io_search_new_cases(&x) < 0 ||
	    store_cols_checkpoint(s, 0) < 0)
		goto done;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlfail;
	began = 0;
	result = x.ncases;
	io_log_truncate(s);
	goto done;
sqlfail:
	store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	goto done;
report:
	if (x.nerr > IO_MAX_ERRORS && errs)
		fprintf(errs, "%s: ... and %ld more\n", x.name, x.nerr - IO_MAX_ERRORS);
	store_fail(s, "%s: %ld problem%s", x.name, x.nerr, x.nerr == 1 ? "" : "s");
done:
	if (began)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (fk_off)
		sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (triggers_off)
		io_triggers(s, 1);
	sqlite3_finalize(x.ref_exists);
	sqlite3_finalize(x.ins_case);
	sqlite3_finalize(x.ins_seizure);
	store_rollup_free(x.rollup);
	store_import_codes_free(&x.ops);
	store_import_codes_free(&x.agencies);
	store_import_codes_free(&x.cats);
	free(x.parts);
	free(x.slot);
	free(x.slot_row);
	free(x.refbuf);
	free(x.cur);
	free(x.sz);
	free(x.sbuf);
	csv_free(&rd);
	free(buf);
	return result;
}
