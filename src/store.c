/*
 * store: opening the operation database, names of dimensions/units/orders, filters,
 * and the SQL builder every query (aggregates, case lists, export) shares.
 *
 * Opening is where bad files are caught: a viewer must tell "no such file" from
 * "not a database" from "a database of another program" from "a newer opdeck",
 * each in words, before anything draws.  The checks are cheap on purpose (schema,
 * meta, the rightmost page of every table, the file size against the page count):
 * a full integrity check would take seconds on a million cases.
 *
 * Queries live in store_query.c, the bundled sample in store_sample.c, CSV import in
 * store_import.c and store_import_check.c, export in store_export.c.  All of them build
 * their WHERE clause with store_sql_where() and bind values with store_sql_bind(): no
 * value from a filter is ever pasted into SQL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "store_search.h"

/* ---- names -------------------------------------------------------------------------- */

static const char *const dim_names[STORE_DIM_COUNT] = {
	[STORE_DIM_PHASE] = "phase",
	[STORE_DIM_CATEGORY] = "category",
	[STORE_DIM_SUBCATEGORY] = "subcategory",
	[STORE_DIM_AGENCY] = "agency",
	[STORE_DIM_COUNTRY] = "country",
	[STORE_DIM_TRANSPORT] = "transport",
	[STORE_DIM_STATUS] = "status",
	[STORE_DIM_WEEK] = "week",
	[STORE_DIM_DAY] = "day",
};

static const char *const unit_names[STORE_UNIT_COUNT] = {
	[STORE_UNIT_KG] = "kg",
	[STORE_UNIT_TABLETS] = "tablets",
	[STORE_UNIT_PIECES] = "pieces",
	[STORE_UNIT_HEADS] = "heads",
	[STORE_UNIT_M3] = "m3",
	[STORE_UNIT_LITRES] = "litres",
};

static const char *const order_names[STORE_ORDER_COUNT] = {
	[STORE_ORDER_NEWEST] = "newest",
	[STORE_ORDER_OLDEST] = "oldest",
	[STORE_ORDER_REF] = "ref",
	[STORE_ORDER_LARGEST] = "largest",
};

const char *store_dim_name(int dim)
{
	return dim >= 0 && dim < STORE_DIM_COUNT ? dim_names[dim] : NULL;
}

int store_dim_parse(const char *name)
{
	for (int i = 0; name && i < STORE_DIM_COUNT; i++)
		if (strcmp(name, dim_names[i]) == 0)
			return i;
	return -1;
}

const char *store_unit_name(int unit)
{
	return unit >= 0 && unit < STORE_UNIT_COUNT ? unit_names[unit] : NULL;
}

int store_unit_parse(const char *name)
{
	for (int i = 0; name && i < STORE_UNIT_COUNT; i++)
		if (strcmp(name, unit_names[i]) == 0)
			return i;
	return -1;
}

const char *store_order_name(int order)
{
	return order >= 0 && order < STORE_ORDER_COUNT ? order_names[order] : NULL;
}

/* ---- filters ------------------------------------------------------------------------ */

void store_filter_init(struct store_filter *f)
{
	memset(f, 0, sizeof *f);
}

void store_filter_free(struct store_filter *f)
{
	if (!f)
		return;
	for (int i = 0; i < STORE_DIM_COUNT; i++)
		free(f->value[i]);
	free(f->search);
	free(f->case_ref);
	memset(f, 0, sizeof *f);
}

int store_filter_set(struct store_filter *f, int dim, const char *value)
{
	char *copy = NULL;

	if (dim < 0 || dim >= STORE_DIM_COUNT)
		return -1;
	if (value && !(copy = strdup(value)))
		return -1;
	free(f->value[dim]);
	f->value[dim] = copy;
	return 0;
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	return src && !(*dst = strdup(src)) ? -1 : 0;
}

int store_filter_copy(struct store_filter *dst, const struct store_filter *src)
{
	struct store_filter t;

	store_filter_init(&t);
	for (int i = 0; i < STORE_DIM_COUNT; i++)
		if (dup_or_null(&t.value[i], src->value[i]) < 0)
			goto fail;
	if (dup_or_null(&t.search, src->search) < 0 || dup_or_null(&t.case_ref, src->case_ref) < 0)
		goto fail;
	*dst = t;
	return 0;
fail:
	store_filter_free(&t);
	return -1;
}

/* ---- errors ------------------------------------------------------------------------- */

/* Values in fmt's arguments are quoted by the caller; the whole message is quoted once
 * more (text_quote leaves quoted text as it is) because SQLite's own messages can echo
 * names from a hostile database file. */
int store_fail(struct store *s, const char *fmt, ...)
{
	char raw[sizeof s->err];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	text_quote(raw, (size_t)-1, s->err, sizeof s->err);
	return -1;
}

const char *store_error(const struct store *s)
{
	return s ? s->err : "no database";
}

const char *store_path(const struct store *s)
{
	return s ? s->file : "";
}

/* ---- the SQL builder ---------------------------------------------------------------- */

void store_sql_add(struct store_sql *q, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (q->oom)
		return;
	for (;;) {
		size_t room = q->cap - q->len;
		va_start(ap, fmt);
		n = q->buf ? vsnprintf(q->buf + q->len, room, fmt, ap) : -2;
		va_end(ap);
		if (n == -1) {
			q->oom = 1;
			return;
		}
		if (n >= 0 && (size_t)n < room) {
			q->len += (size_t)n;
			return;
		}
		size_t cap = q->cap ? q->cap * 2 : 512;
		while (n >= 0 && cap - q->len <= (size_t)n)
			cap *= 2;
		char *b = realloc(q->buf, cap);
		if (!b) {
			q->oom = 1;
			return;
		}
		if (!q->buf)
			b[0] = '\0';
		q->buf = b;
		q->cap = cap;
	}
}

/* Records one value to bind, in the order its '?' appears. */
static void sql_bind_value(struct store_sql *q, const char *v)
{
	if (q->nbind >= (int)(sizeof q->bind / sizeof q->bind[0]))
		q->oom = 1; /* cannot happen with the filter's fixed fields; fail safe */
	else
		q->bind[q->nbind++] = v;
}

static void sql_cond(struct store_sql *q, int *first, const char *cond)
{
	store_sql_add(q, "%s%s", *first ? " WHERE " : " AND ", cond);
	*first = 0;
}

/*
 * Each dimension becomes a condition on cases `c` that an index can serve: codes are
 * turned into ids by a constant scalar subquery (evaluated once), a week into a
 * range of detected_on.  A search goes through the index when the database has it
 * (store_search.h: words, q->fts); without it (a database no writer of this version has
 * touched) it looks in four text columns for the value as typed
 * ('%' and '_' are plain characters), folding ASCII letters only (LIKE's and lower()'s
 * folding), which suits refs and the English of case notes.  A value too long for a
 * LIKE pattern (SQLite refuses 50,000 bytes) is looked for with instr() and lower().
 */
#define SEARCH_LIKE_MAX 10000
void store_sql_where(struct store_sql *q, const struct store_filter *f)
{
	int first = 1;
	const char *v;

	if (!q->buf)
		store_sql_add(q, "%s", "");
	if (!f)
		return;
	if ((v = f->value[STORE_DIM_PHASE])) {
		sql_cond(q, &first, "c.operation_id = (SELECT id FROM operations WHERE code = ?)");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_CATEGORY])) {
		sql_cond(q, &first, "c.category_id = (SELECT id FROM categories WHERE code = ?)");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_SUBCATEGORY])) {
		sql_cond(q, &first, "c.subcategory_id = (SELECT id FROM categories WHERE code = ?)");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_AGENCY])) {
		sql_cond(q, &first, "c.agency_id = (SELECT id FROM agencies WHERE code = ?)");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_COUNTRY])) {
		sql_cond(q, &first, "c.country = ?");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_TRANSPORT])) {
		sql_cond(q, &first, "c.transport = ?");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_STATUS])) {
		sql_cond(q, &first, "c.status = ?");
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_WEEK])) {
		sql_cond(q, &first, "c.detected_on >= ? AND c.detected_on < date(?, '+7 days')");
		sql_bind_value(q, v);
		sql_bind_value(q, v);
	}
	if ((v = f->value[STORE_DIM_DAY])) {
		sql_cond(q, &first, "c.detected_on = ?");
		sql_bind_value(q, v);
	}
	if ((v = f->case_ref)) {
		sql_cond(q, &first, "c.ref = ?");
		sql_bind_value(q, v);
	}
	if ((v = f->search) && q->fts) {
		/* The index (store_search.h): words at word starts, in order, the last a prefix. */
		free(q->owned);
		if (!(q->owned = store_search_fts_query(v))) {
			q->oom = 1;
			return;
		}
		sql_cond(q, &first, "c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)");
		sql_bind_value(q, q->owned);
	} else if ((v = f->search) && strlen(v) <= SEARCH_LIKE_MAX) {
		/* LIKE folds ASCII as lower() does, without making a lowered copy of four
		 * columns of every case (a third of the CPU of a scan); the value's own %, _ and
		 * \ are escaped in the pattern, which SQLite makes once per statement. */
#define PAT "'%' || replace(replace(replace(?, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\'"
		sql_cond(q, &first, "(c.ref LIKE " PAT " OR c.summary LIKE " PAT " OR c.location LIKE " PAT
		                    " OR c.concealment LIKE " PAT ")");
#undef PAT
		for (int i = 0; i < 4; i++)
			sql_bind_value(q, v);
	} else if (v) {
		sql_cond(q, &first, "(instr(lower(c.ref), lower(?)) > 0"
		                    " OR instr(lower(c.summary), lower(?)) > 0"
		                    " OR instr(lower(c.location), lower(?)) > 0"
		                    " OR instr(lower(c.concealment), lower(?)) > 0)");
		for (int i = 0; i < 4; i++)
			sql_bind_value(q, v);
	}
}

void store_sql_search(struct store *s, struct store_sql *q, const struct store_filter *f)
{
	int r = f && f->search ? store_search_ready(s) : 0;
	if (r < 0)
		q->oom = 1;
	else
		q->fts = r;
}

int store_sql_bind(sqlite3_stmt *st, const struct store_sql *q, int first)
{
	if (q->oom)
		return -1;
	for (int i = 0; i < q->nbind; i++)
		if (sqlite3_bind_text(st, first + i, q->bind[i], -1, SQLITE_TRANSIENT) != SQLITE_OK)
			return -1;
	return 0;
}

void store_sql_free(struct store_sql *q)
{
	if (!q)
		return;
	free(q->buf);
	free(q->owned);
	memset(q, 0, sizeof *q);
}

/* ---- opening ------------------------------------------------------------------------ */

/* "file:" + the path percent-encoded, so '?', '#' and '%' in a file name stay part of it.
 * An absolute path gets an empty authority ("file:///tmp/x"). Returns malloc'd. */
static char *path_uri(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *u = malloc(8 + 3 * n + strlen(query) + 2);
	char *p = u;

	if (!u)
		return NULL;
	p += sprintf(p, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/", *c)) {
			*p++ = (char)*c;
		} else {
			text_pct_encode(*c, p);
			p += 3;
		}
	}
	sprintf(p, "?%s", query);
	return u;
}

int store_exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

char *store_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	int n = sqlite3_column_bytes(st, i), nul = 0;
	char *p;

	for (int k = 0; t && k < n; k++)
		nul += t[k] == 0;
	if (!(p = malloc((size_t)n + 2 * (size_t)nul + 1)))
		return NULL;
	size_t o = 0;
	for (int k = 0; t && k < n; k++) {
		if (t[k] == 0) {
			memcpy(p + o, "\xE2\x90\x80", 3); /* ␀, as text_sanitize shows NUL */
			o += 3;
		} else {
			p[o++] = (char)t[k];
		}
	}
	p[o] = '\0';
	return p;
}

/* One integer (or -1 with s->err set).  For short fixed queries only. */
static int query_int(struct store *s, const char *sql, const char *arg, sqlite3_int64 *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return 0;
fail:
	store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return -1;
}

static const char *const opdeck_tables[] = {
	"meta", "operations", "agencies", "participations", "categories", "cases", "seizures", "rollups",
};

/*
 * SQLite says "malformed"; when the file is shorter than its header's page count say
 * so, which is what a user can act on (an interrupted copy).  Only consulted after
 * SQLite found damage, so a writer extending the file cannot cause a false alarm.
 */
static void explain_corrupt(struct store *s)
{
	unsigned char h[100];
	struct stat sb;
	FILE *f = fopen(s->file, "rb");

	if (!f)
		return;
	if (fread(h, 1, sizeof h, f) == sizeof h && memcmp(h, "SQLite format 3", 16) == 0 &&
	    fstat(fileno(f), &sb) == 0 && memcmp(h + 24, h + 92, 4) == 0) {
		long long pagesize = h[16] << 8 | h[17];
		long long pages = (long long)h[28] << 24 | h[29] << 16 | h[30] << 8 | h[31];
		if (pagesize == 1)
			pagesize = 65536;
		if ((long long)sb.st_size < pages * pagesize)
			store_fail(s, "%s: truncated (%lld of %lld bytes); the database is damaged", s->path,
			           (long long)sb.st_size, pages * pagesize);
	}
	fclose(f);
}

/*
 * Is this an opdeck database of our version, and is it whole?  Runs inside a read
 * transaction so that the size check sees the same state as the page count.
 */
static int check_database(struct store *s)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 n, pages, pagesize;
	char sql[128];
	struct stat sb;
	int rc, ok = -1;

	if (store_exec(s, "BEGIN") < 0)
		return -1;
	/* Reading the schema is the first read of the file: "file is not a database" lands here. */
	if (query_int(s, "SELECT count(*) FROM sqlite_schema", NULL, &n) < 0)
		goto done;
	for (size_t i = 0; i < sizeof opdeck_tables / sizeof opdeck_tables[0]; i++) {
		if (query_int(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
		              opdeck_tables[i], &n) < 0)
			goto done;
		if (n == 0) {
			store_fail(s, "%s: not an opdeck database", s->path);
			goto done;
		}
	}
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
	                       NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		store_fail(s, "%s: not an opdeck database", s->path);
		goto done;
	}
	if (rc != SQLITE_ROW) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	const char *v = (const char *)sqlite3_column_text(st, 0);
	char expect[16];
	snprintf(expect, sizeof expect, "%d", STORE_SCHEMA_VERSION);
	if (!v || strcmp(v, expect) != 0) {
		long older = v ? strtol(v, NULL, 10) : 0;
		store_fail(s, "%s: schema version %.40s, this opdeck reads version %d%s", s->path,
		           v ? v : "(none)", STORE_SCHEMA_VERSION,
		           older > 0 && older < STORE_SCHEMA_VERSION
		               ? " (an older database: create a new one with opdeck init --operation or"
		                 " opdeck sample, and import its cases again)"
		               : older > STORE_SCHEMA_VERSION ? " (made by a newer opdeck)" : "");
		goto done;
	}
	/* A file shorter than its pages was cut off (copy interrupted, disk full).  With a
	 * WAL file beside it the main file may legitimately lag behind, so skip then. */
	if (query_int(s, "PRAGMA page_count", NULL, &pages) < 0 ||
	    query_int(s, "PRAGMA page_size", NULL, &pagesize) < 0)
		goto done;
	char *wal = malloc(strlen(s->file) + 5);
	if (wal) {
		sprintf(wal, "%s-wal", s->file);
		int has_wal = access(wal, F_OK) == 0;
		free(wal);
		if (!has_wal && stat(s->file, &sb) == 0 && (sqlite3_int64)sb.st_size < pages * pagesize) {
			store_fail(s, "%s: truncated (%lld of %lld bytes); the database is damaged", s->path,
			           (long long)sb.st_size, (long long)(pages * pagesize));
			goto done;
		}
	}
	/* The rightmost page of every table: a truncated or damaged file usually fails here. */
	for (size_t i = 1; i < sizeof opdeck_tables / sizeof opdeck_tables[0]; i++) {
		/* Identifiers through SQLite's own %w quoting, never pasted. */
		sqlite3_snprintf((int)sizeof sql, sql, "SELECT max(rowid) FROM \"%w\"", opdeck_tables[i]);
		if (strcmp(opdeck_tables[i], "participations") == 0 || strcmp(opdeck_tables[i], "rollups") == 0)
			sqlite3_snprintf((int)sizeof sql, sql, "SELECT count(*) FROM \"%w\"", opdeck_tables[i]); /* no rowid */
		if (query_int(s, sql, NULL, &n) < 0)
			goto done;
	}
	ok = 0;
done:
	if (ok < 0 && (sqlite3_errcode(s->db) & 0xff) == SQLITE_CORRUPT)
		explain_corrupt(s);
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ok;
}

static int create_schema(struct store *s)
{
	sqlite3_int64 n;
	char sql[160];

	if (store_exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	/* The file may have gained content since we looked at its size. */
	if (query_int(s, "SELECT count(*) FROM sqlite_schema", NULL, &n) < 0)
		goto fail;
	if (n > 0) {
		store_fail(s, "%s: exists and is not empty; refusing to overwrite", s->path);
		goto fail;
	}
	snprintf(sql, sizeof sql, "INSERT INTO meta(key, value) VALUES ('schema_version', '%d')",
	         STORE_SCHEMA_VERSION);
	if (store_exec(s, store_schema_sql) < 0 || store_exec(s, sql) < 0 || store_cols_checkpoint(s, 1) < 0 ||
	    store_search_install(s, 0) < 0 ||
	    store_exec(s, "COMMIT") < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int read_data_version(struct store *s, sqlite3_int64 *v)
{
	/* Kept prepared (store_stmt): the dashboard asks at every poll. */
	sqlite3_stmt *st = NULL;
	if (store_stmt(s, "PRAGMA data_version", &st) < 0)
		return -1;
	int rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_stmt_done(s, st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, "%s: %s", s->path, sqlite3_errstr(rc));
}

struct store *store_open(const char *path, int mode, char *err, size_t errsz)
{
	struct store *s = NULL;
	struct stat sb;
	char *uri = NULL;
	int flags, fd;

	if (!err)
		errsz = 0;
	if (errsz)
		err[0] = '\0';
	if (!path || !*path) {
		snprintf(err, errsz, "no database given");
		return NULL;
	}
	char name[512];
	text_quote(path, (size_t)-1, name, sizeof name);
	if (mode != STORE_READ && mode != STORE_WRITE && mode != STORE_CREATE) {
		snprintf(err, errsz, "%s: bad open mode %d", name, mode);
		return NULL;
	}
	if (!(s = calloc(1, sizeof *s)) || !(s->path = strdup(name)) || !(s->file = strdup(path))) {
		snprintf(err, errsz, "%s: out of memory", name);
		goto fail_nomsg;
	}
	path = s->file;
	s->writable = mode != STORE_READ;

	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || mode != STORE_CREATE) {
			store_fail(s, "%s: %s", s->path, errno == ENOENT ? "no such file" : strerror(errno));
			goto fail;
		}
	} else if (S_ISDIR(sb.st_mode)) {
		store_fail(s, "%s: is a directory", s->path);
		goto fail;
	} else if (mode == STORE_CREATE && sb.st_size > 0) {
		store_fail(s, "%s: exists and is not empty; refusing to overwrite", s->path);
		goto fail;
	} else if (mode != STORE_CREATE && sb.st_size == 0) {
		store_fail(s, "%s: empty file, not an opdeck database", s->path);
		goto fail;
	}
	/* SQLite's own message for an unreadable file is vaguer than errno's. */
	if (mode != STORE_CREATE) {
		if ((fd = open(path, mode == STORE_READ ? O_RDONLY : O_RDWR)) < 0) {
			store_fail(s, "%s: %s", s->path, strerror(errno));
			goto fail;
		}
		close(fd);
	}

	if (!(uri = path_uri(path, mode == STORE_READ ? "mode=ro" : mode == STORE_WRITE ? "mode=rw" : "mode=rwc"))) {
		store_fail(s, "%s: out of memory", s->path);
		goto fail;
	}
	/*
	 * opdeck has one thread, so SQLite needs no mutex: by default every call locks the
	 * connection's, and every allocation the memory statistics' (6% of an import's
	 * instructions).  Only possible before SQLite is initialised (the first open); a
	 * later call fails harmlessly and the default stays.
	 */
	static int single;
	if (!single++) {
		sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	flags = SQLITE_OPEN_URI | (mode == STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	        (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(uri, &s->db, flags, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	/* A viewer waits briefly (the screen must stay responsive; it retries on its next
	 * poll); a writer waits longer for a viewer's read to finish. */
	sqlite3_busy_timeout(s->db, mode == STORE_READ ? 250 : STORE_WRITER_WAIT_MS);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
	/* Viewers trust nothing in the file's schema.  Writers run its triggers, and those of
	 * the search index (store_search.h) write to a virtual table, which SQLite refuses
	 * inside a trigger unless the schema is trusted (FTS5 is not marked innocuous): a
	 * writer needs them, as the sqlite3 shell (trusted by default) does. */
	if (store_exec(s, mode == STORE_READ ? "PRAGMA trusted_schema = OFF" : "PRAGMA trusted_schema = ON") < 0)
		goto fail;
	if (s->writable && store_exec(s, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	/*
	 * Writers (init, sample, import) do all their work in one transaction; with the
	 * default 2 MB page cache a large one spills pages to the file mid-way and writes
	 * many of them twice.  256 MB is a ceiling, not an allocation: the cache grows only
	 * as pages are touched.  Viewers keep the default (DESIGN.md: <= 16 MB resident).
	 */
	if (s->writable && store_exec(s, "PRAGMA cache_size = -262144") < 0)
		goto fail;
	/* The write-ahead log grows with a transaction (an import of 200k rows: 150 MB) and
	 * is then reused from its start, keeping its size while any reader has the file
	 * open; a writer's first commit after that restart cuts it back to 8 MB (twice what
	 * the automatic checkpoint lets it reach between commits).  The importer also tries
	 * to empty it at once (store_import.c). */
	if (s->writable && store_exec(s, "PRAGMA journal_size_limit = 8388608") < 0)
		goto fail;
	if (mode == STORE_CREATE ? create_schema(s) : check_database(s))
		goto fail;
	/*
	 * Write-ahead log: readers keep reading the last commit while a writer works and
	 * commits, so a viewer never meets "database is locked" during an import (with the
	 * rollback journal the commit locked readers out).  A writer switches the file at
	 * open; a new database after its first transaction (store_close), so that building
	 * a million-case sample writes its pages once, not to the log and then again.  If
	 * another connection holds the file the switch waits for the next writer.
	 */
	if (mode == STORE_WRITE)
		sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (read_data_version(s, &s->data_version) < 0)
		goto fail;
	free(uri);
	return s;
fail:
	snprintf(err, errsz, "%s", s->err);
fail_nomsg:
	free(uri);
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->writable)
		sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	cols_free(s->cols);
	store_case_cache_free(s->case_cache);
	store_rollup_mem_free(s->rollup_mem);
	store_memo_free(s->memo);
	sqlite3_close_v2(s->db); /* finalized statements only: every function finalizes its own */
	free(s->path);
	free(s->file);
	free(s);
}

void store_set_interrupt(struct store *s, int (*stop)(void *ctx), void *ctx)
{
	if (s && s->db)
		sqlite3_progress_handler(s->db, stop ? 4000 : 0, stop, stop ? ctx : NULL);
}

int store_changed(struct store *s)
{
	sqlite3_int64 v;

	if (read_data_version(s, &v) < 0)
		return -1;
	if (v == s->data_version)
		return 0;
	/*
	 * Another connection committed.  Only report it once the data can be read: while
	 * a writer holds its lock the caller keeps what it shows (marked stale) and asks
	 * again, instead of throwing its data away for queries that would fail.
	 */
	sqlite3_stmt *st = NULL;
	int rc = store_stmt(s, "SELECT count(*) FROM meta", &st);
	if (rc < 0)
		return -1;
	rc = sqlite3_step(st);
	store_stmt_done(s, st);
	if (rc != SQLITE_ROW)
		return store_fail(s, "%s: %s", s->path, sqlite3_errstr(rc));
	s->data_version = v;
	return 1;
}

char *store_meta(struct store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = store_col_dup(st, 0);
	} else if (rc != SQLITE_DONE) {
		goto fail;
	} else {
		store_fail(s, "no meta value '%s'", key);
	}
	sqlite3_finalize(st);
	return v;
fail:
	store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return NULL;
}
