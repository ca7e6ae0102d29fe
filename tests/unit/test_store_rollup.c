/*
 * store rollups: store_aggregate answers from the rollups table when the filter fixes
 * nothing but the phase and/or the category, and what it answers must be what a GROUP BY
 * over the cases answers, after the bundled sample (rollups summed in memory), after a
 * CSV import (likewise) and after any insert, delete or update of cases and seizures
 * through raw SQL (the triggers).  The expected values are computed here by plain SQL
 * on the cases, through a connection of the test's own.
 */
#include <math.h>

#include "testdb.h"

#include <sqlite3.h>

#include "store.h"

static char errbuf[600];

static const char *const dims[] = { "phase", "category", "subcategory", "agency", "country",
	                            "transport", "status", "week" };

/*
 * The reference: each dimension grouped over cases in its natural order (store.h), with
 * ?1 the phase code or NULL and ?2 the category code or NULL.  Columns: key, label (""
 * where the label is made in C from the key alone), cases, arrests, six quantities.
 */
#define REF_MEASURES "count(c.id), total(c.arrests), total(c.q_kg), total(c.q_tablets)," \
	" total(c.q_pieces), total(c.q_heads), total(c.q_m3), total(c.q_litres)"
#define REF_WHERE "(?1 IS NULL OR c.operation_id = (SELECT id FROM operations WHERE code = ?1))" \
	" AND (?2 IS NULL OR c.category_id = (SELECT id FROM categories WHERE code = ?2))"
static const char *const ref_sql[] = {
	"SELECT o.code, o.name, " REF_MEASURES " FROM operations o LEFT JOIN cases c ON c.operation_id = o.id"
	" AND " REF_WHERE " WHERE ?1 IS NULL OR o.code = ?1 GROUP BY o.id ORDER BY o.phase, o.id",
	"SELECT k.code, k.name, " REF_MEASURES " FROM categories k LEFT JOIN cases c ON c.category_id = k.id"
	" AND " REF_WHERE " WHERE k.parent_id IS NULL AND (?2 IS NULL OR k.code = ?2)"
	" GROUP BY k.id ORDER BY k.position, k.id",
	"SELECT k.code, k.name, " REF_MEASURES " FROM cases c JOIN categories k ON k.id = c.subcategory_id"
	" WHERE " REF_WHERE " GROUP BY k.id ORDER BY count(c.id) DESC, k.position, k.code",
	"SELECT a.code, a.short, " REF_MEASURES " FROM cases c JOIN agencies a ON a.id = c.agency_id"
	" WHERE " REF_WHERE " GROUP BY a.id ORDER BY count(c.id) DESC, a.code",
	"SELECT c.country, '', " REF_MEASURES " FROM cases c WHERE " REF_WHERE
	" GROUP BY 1 ORDER BY count(c.id) DESC, 1",
	"SELECT c.transport, c.transport, " REF_MEASURES " FROM cases c WHERE " REF_WHERE
	" GROUP BY 1 ORDER BY count(c.id) DESC, 1",
	"SELECT c.status, c.status, " REF_MEASURES " FROM cases c WHERE " REF_WHERE
	" GROUP BY 1 ORDER BY count(c.id) DESC, 1",
	"SELECT date(c.detected_on, 'weekday 0', '-6 days'), '', " REF_MEASURES " FROM cases c WHERE "
	REF_WHERE " GROUP BY 1 ORDER BY 1",
};

/*
 * Quantities are compared to 1e-12 of their size: the reference sums a group in the
 * order SQLite scans it, with plain double additions, while the rollups keep compensated
 * sums made in the order the cases arrived; the two may differ in the last bits (never
 * in what the screen shows).  Everything else must be equal.
 */
static void expect_close(double got, double want, const char *what)
{
	if (fabs(got - want) > 1e-12 * fmax(1.0, fabs(want)))
		fail_msg("%s: %.17g, expected %.17g", what, got, want);
}

/* store_aggregate(filter, dim) against the reference; returns the number of rows. */
static int check_one(struct store *s, sqlite3 *db, const char *phase, const char *cat, int dim)
{
	struct store_filter f;
	struct store_agg a;
	sqlite3_stmt *st;
	char what[200];
	int n = 0;

	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, phase);
	store_filter_set(&f, STORE_DIM_CATEGORY, cat);
	if (store_aggregate(s, &f, dim, &a) < 0)
		fail_msg("%s", store_error(s));
	assert_int_equal(sqlite3_prepare_v2(db, ref_sql[dim], -1, &st, NULL), SQLITE_OK);
	if (phase)
		sqlite3_bind_text(st, 1, phase, -1, SQLITE_STATIC);
	if (cat)
		sqlite3_bind_text(st, 2, cat, -1, SQLITE_STATIC);
	long long total = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(what, sizeof what, "phase=%s category=%s by %s, row %d", phase ? phase : "-",
		         cat ? cat : "-", dims[dim], n);
		if (n >= a.n)
			fail_msg("%s: missing (%s)", what, (const char *)sqlite3_column_text(st, 0));
		const struct store_agg_row *r = &a.rows[n++];
		if (strcmp(r->key, (const char *)sqlite3_column_text(st, 0)) != 0)
			fail_msg("%s: key '%s', expected '%s'", what, r->key, (const char *)sqlite3_column_text(st, 0));
		const char *label = (const char *)sqlite3_column_text(st, 1);
		if (*label && strcmp(r->label, label) != 0)
			fail_msg("%s: label '%s', expected '%s'", what, r->label, label);
		if (r->cases != sqlite3_column_int64(st, 2) || r->arrests != (long long)sqlite3_column_double(st, 3))
			fail_msg("%s (%s): %lld cases %lld arrests, expected %lld and %lld", what, r->key, r->cases,
			         r->arrests, (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_double(st, 3));
		for (int u = 0; u < STORE_UNIT_COUNT; u++)
			expect_close(r->qty[u], sqlite3_column_double(st, 4 + u), what);
		total += r->cases;
	}
	sqlite3_finalize(st);
	if (n != a.n)
		fail_msg("phase=%s category=%s by %s: %d rows, expected %d", phase ? phase : "-", cat ? cat : "-",
		         dims[dim], a.n, n);
	assert_int_equal(a.total.cases, total);
	store_agg_free(&a);
	store_filter_free(&f);
	return n;
}

/* Codes of a table (static storage, NULL-terminated). */
static const char **codes(sqlite3 *db, const char *sql, const char **out, int max)
{
	sqlite3_stmt *st;
	int n = 0;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (n < max - 1 && sqlite3_step(st) == SQLITE_ROW)
		out[n++] = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	out[n] = NULL;
	return out;
}

/* Every dimension the rollups serve, under no filter, each phase, each category and each
 * pair (and an unknown phase), against the reference. */
static void check_with(struct store *s, const char *path)
{
	const char *ph[32], *cat[8];
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	codes(db, "SELECT code FROM operations ORDER BY id", ph, 31);
	codes(db, "SELECT code FROM categories WHERE parent_id IS NULL ORDER BY id", cat, 7);
	for (int dim = 0; dim < 8; dim++) {
		check_one(s, db, NULL, NULL, dim);
		check_one(s, db, "NOPE", NULL, dim);
		for (int i = 0; ph[i]; i++) {
			check_one(s, db, ph[i], NULL, dim);
			for (int k = 0; cat[k]; k++)
				check_one(s, db, ph[i], cat[k], dim);
		}
		for (int k = 0; cat[k]; k++)
			check_one(s, db, NULL, cat[k], dim);
	}
	for (int i = 0; ph[i]; i++)
		free((char *)ph[i]);
	for (int k = 0; cat[k]; k++)
		free((char *)cat[k]);
	sqlite3_close(db);
}

/* The same with a viewer opened for it (its copy of the rollups read whole). */
static void check_all(const char *path)
{
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	if (!s)
		fail_msg("%s", errbuf);
	check_with(s, path);
	store_close(s);
}

static void expect_cases(struct store *s, const char *phase, int dim, const char *want)
{
	struct store_filter f;
	struct store_agg a;
	char got[512];
	size_t len = 0;

	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, phase);
	assert_int_equal(store_aggregate(s, &f, dim, &a), 0);
	got[0] = '\0';
	for (int i = 0; i < a.n; i++)
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s %lld", i ? ", " : "", a.rows[i].key,
		                        a.rows[i].cases);
	snprintf(got + len, sizeof got - len, "; total %lld", a.total.cases);
	assert_string_equal(got, want);
	store_agg_free(&a);
	store_filter_free(&f);
}

/*
 * store_crosstab against the plain way: one aggregate of dim per key of dim2, with that
 * key added to the filter (which always groups the cases).  Every count must match and
 * the crosstab must hold no other pair.
 */
static void check_crosstab(struct store *s, const char *phase, const char *cat, int dim, int dim2)
{
	struct store_filter f;
	struct store_pairs p;
	struct store_agg cols;
	long long sum = 0, want = 0;

	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, phase);
	store_filter_set(&f, STORE_DIM_CATEGORY, cat);
	assert_int_equal(store_crosstab(s, &f, dim, dim2, &p), 0);
	assert_int_equal(store_aggregate(s, &f, dim2, &cols), 0);
	for (int c = 0; c < cols.n; c++) {
		struct store_filter g;
		struct store_agg a;
		store_filter_init(&g);
		assert_int_equal(store_filter_copy(&g, &f), 0);
		store_filter_set(&g, dim2, cols.rows[c].key);
		assert_int_equal(store_aggregate(s, &g, dim, &a), 0);
		for (int r = 0; r < a.n; r++) {
			long long got = -1;
			if (a.rows[r].cases == 0)
				continue;
			for (int i = 0; i < p.n; i++)
				if (!strcmp(p.pairs[i].row, a.rows[r].key) && !strcmp(p.pairs[i].col, cols.rows[c].key))
					got = p.pairs[i].cases;
			if (got != a.rows[r].cases)
				fail_msg("%s x %s (%s/%s): %s/%s = %lld, expected %lld", dims[dim], dims[dim2],
				         phase ? phase : "-", cat ? cat : "-", a.rows[r].key, cols.rows[c].key, got,
				         a.rows[r].cases);
			want += a.rows[r].cases;
		}
		store_agg_free(&a);
		store_filter_free(&g);
	}
	for (int i = 0; i < p.n; i++)
		sum += p.pairs[i].cases;
	assert_int_equal(sum, want);
	store_agg_free(&cols);
	store_pairs_free(&p);
	store_filter_free(&f);
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_bundled_sample_rollups_equal_cases(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("sample.db", 0, 0);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	/* The published OMD 7 figures. */
	expect_cases(s, "OMD7", STORE_DIM_CATEGORY, "drugs 1027, precursors 20, wildlife 108; total 1155");
	store_close(s);
	check_all(path);
	/* A few thousand rows, whatever the number of cases. */
	assert_true(tdb_int(path, "SELECT count(*) FROM rollups") < 5000);
}

/* Which path a query takes: only phase and category filters read the rollups.  Shown by
 * spoiling the rollups behind the store's back. */
static void test_only_phase_and_category_filters_read_rollups(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("spoilt.db", 0, 0);
	tdb_exec(path, "UPDATE rollups SET cases = cases + 1000 WHERE dim = 0 AND operation_id ="
	               " (SELECT id FROM operations WHERE code = 'OMD7')"
	               " AND category_id = (SELECT id FROM categories WHERE code = 'precursors');"
	               "UPDATE rollups SET cases = cases + 1000 WHERE dim = 6 AND key = 'open';");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	expect_cases(s, "OMD7", STORE_DIM_CATEGORY, "drugs 1027, precursors 1020, wildlife 108; total 2155");
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	store_filter_set(&f, STORE_DIM_STATUS, "closed"); /* not a rollup filter: the cases */
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_STATUS, &a), 0);
	assert_int_equal(a.n, 1);
	long long closed = a.rows[0].cases;
	store_agg_free(&a);
	assert_true(closed > 0 && closed < 1155);
	store_filter_set(&f, STORE_DIM_STATUS, "open");
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_true(a.total.cases < 1155);
	store_agg_free(&a);
	/* ... but one value grouped by its own dimension is the rollups' row for it. */
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_STATUS, &a), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rows[0].key, "open");
	assert_true(a.rows[0].cases > 1000 && a.total.cases == a.rows[0].cases);
	store_agg_free(&a);
	store_filter_set(&f, STORE_DIM_STATUS, NULL);
	f.search = strdup("a");
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_true(a.rows[1].cases <= 20);
	store_agg_free(&a);
	store_filter_free(&f);
	/* Days are not rolled up. */
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_DAY, &a), 0);
	assert_int_equal(a.total.cases, 1155);
	store_agg_free(&a);
	store_filter_free(&f);
	store_close(s);
}

/* A CSV import sums the rollups of its cases in memory: the result must be what the
 * triggers would have made.  The file: the OMD 7 cases of the sample again, under new
 * refs, and a few hand-made cases (several seizures, grams, a week across a month). */
static void test_import_keeps_rollups_exact(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("import.db", 0, 0);
	char *csv = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&csv, &len);
	struct store_filter f;
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	assert_int_equal(store_export(s, &f, STORE_FORMAT_CSV, out), 0);
	store_filter_free(&f);
	store_close(s);
	fputs("I-1,OMD7,VNCUS,drugs,heroin,2025-05-31,,VN,road,,,,,,2,open,,a,12.5,kg\n"
	      "I-1,OMD7,VNCUS,drugs,heroin,2025-05-31,,VN,road,,,,,,2,open,,b,2500,g\n"
	      "I-1,OMD7,VNCUS,drugs,heroin,2025-05-31,,VN,road,,,,,,2,open,,c,0.1,kg\n"
	      "I-2,OMD7,VNCUS,wildlife,pangolin,2025-06-01,,LA,sea container,,,,,,0,closed,,d,3,pieces\n",
	      out);
	fclose(out);
	/* New refs: every record of the export starts with its ref. */
	char *renamed = malloc(2 * len + 16), *o = renamed;
	int at_start = 0;
	for (const char *p = csv; *p; p++) {
		if (at_start && *p != '\n')
			*o++ = 'R', *o++ = '-';
		*o++ = *p;
		at_start = *p == '\n';
	}
	*o = '\0';
	const char *csvpath = tu_write("import.csv", renamed);
	free(renamed);
	free(csv);
	long long before = tdb_int(path, "SELECT count(*) FROM cases");
	s = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(s);
	long long n = store_import_csv(s, csvpath, stderr);
	if (n < 0)
		fail_msg("%s", store_error(s));
	store_close(s);
	tdb_assert_intact(path);
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM cases"), before + n);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	expect_cases(s, "OMD7", STORE_DIM_CATEGORY, "drugs 2055, precursors 40, wildlife 217; total 2312");
	store_close(s);
	check_all(path);
	/* The triggers are back and the rollups keep following. */
	tdb_exec(path, "DELETE FROM cases WHERE ref LIKE 'R-%'");
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	expect_cases(s, "OMD7", STORE_DIM_CATEGORY, "drugs 1027, precursors 20, wildlife 108; total 1155");
	store_close(s);
	check_all(path);
}

/* Raw SQL on a writer's connection: inserts, deletes and updates of cases and seizures
 * (whose triggers update the cases' totals) keep the rollups exact. */
static void test_triggers_keep_rollups_exact(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("raw.db", 0, 0);
	tdb_exec(path,
	         "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	         " country, transport, arrests, status)"
	         " SELECT 'X-1', o.id, a.id, k.parent_id, k.id, '2025-06-08', 'XX', 'rail', 4, 'open'"
	         " FROM operations o, agencies a, categories k"
	         " WHERE o.code = 'OMD7' AND a.code = 'VNCUS' AND k.code = 'heroin';"
	         "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	         " SELECT id, 'heroin', 1.75, 'kg' FROM cases WHERE ref = 'X-1';"
	         "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	         " SELECT id, 'heroin', 0.3, 'kg' FROM cases WHERE ref = 'X-1';");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	expect_cases(s, "OMD7", STORE_DIM_CATEGORY, "drugs 1028, precursors 20, wildlife 108; total 1156");
	store_close(s);
	check_all(path);

	/* Updates of every rolled-up column, of seizures, and of a column that is not. */
	tdb_exec(path,
	         "UPDATE cases SET status = 'closed', arrests = arrests + 1 WHERE id % 7 = 0;"
	         "UPDATE cases SET detected_on = date(detected_on, '+3 days') WHERE id % 11 = 0;"
	         "UPDATE cases SET country = 'ZZ', transport = 'postal' WHERE id % 13 = 0;"
	         "UPDATE cases SET agency_id = (SELECT id FROM agencies WHERE code = 'THCUS') WHERE id % 17 = 0;"
	         "UPDATE cases SET operation_id = (SELECT id FROM operations WHERE code = 'OMD6') WHERE id % 19 = 0;"
	         "UPDATE cases SET category_id = (SELECT parent_id FROM categories WHERE code = 'ivory'),"
	         " subcategory_id = (SELECT id FROM categories WHERE code = 'ivory') WHERE id % 23 = 0;"
	         "UPDATE cases SET summary = 'edited' WHERE id % 5 = 0;"
	         "UPDATE seizures SET quantity = quantity * 1.1 WHERE id % 3 = 0;"
	         "DELETE FROM seizures WHERE id % 29 = 0;"
	         "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	         " SELECT id, 'extra', 0.05, 'kg' FROM cases WHERE id % 31 = 0;");
	check_all(path);

	/* Deletes, down to a pair with no case left: its phase and category still listed, at 0. */
	tdb_exec(path,
	         "DELETE FROM cases WHERE id % 37 = 0;"
	         "DELETE FROM cases WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7')"
	         " AND category_id = (SELECT id FROM categories WHERE code = 'precursors');");
	check_all(path);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.rows[1].key, "precursors");
	assert_int_equal(a.rows[1].cases, 0);
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		assert_true(a.rows[1].qty[u] == 0);
	store_agg_free(&a);
	store_filter_free(&f);
	store_close(s);
	/* The rollups hold no row a GROUP BY over cases does not have (zero rows aside). */
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM rollups r WHERE cases < 0 OR (dim = 0 AND"
	                                 " cases <> (SELECT count(*) FROM cases c WHERE c.operation_id ="
	                                 " r.operation_id AND c.category_id = r.category_id))"),
	                 0);
}

/* One case inserted by plain SQL: its case and a seizure. */
static void insert_case(const char *path, const char *ref, const char *phase, const char *sub, const char *day)
{
	char sql[1200];
	snprintf(sql, sizeof sql,
	         "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	         " country, transport, arrests, status)"
	         " SELECT '%s', o.id, a.id, k.parent_id, k.id, '%s', 'XX', 'rail', 2, 'open'"
	         " FROM operations o, agencies a, categories k"
	         " WHERE o.code = '%s' AND a.code = 'VNCUS' AND k.code = '%s';"
	         "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	         " SELECT id, 'x', 0.7, 'kg' FROM cases WHERE ref = '%s';",
	         ref, day, phase, sub, ref);
	tdb_exec(path, sql);
}

/*
 * A viewer kept open while other connections write: its copy of the rollups follows the
 * change log (new cases: their pairs read again; updates, deletes, many cases: the whole
 * table), and the reference rows (a renamed phase) at every change.
 */
static void test_viewer_copy_follows_writes(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("follow.db", 0, 0);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_with(s, path);

	insert_case(path, "F-1", "OMD7", "heroin", "2025-06-09"); /* one new case: its pair */
	check_with(s, path);
	insert_case(path, "F-2", "OMD6", "pangolin", "2025-01-06"); /* a pair with no row yet, maybe */
	insert_case(path, "F-3", "OMD7", "ivory", "2025-06-10");
	check_with(s, path);
	for (int i = 0; i < 40; i++) { /* many: the whole table */
		char ref[16];
		snprintf(ref, sizeof ref, "M-%d", i);
		insert_case(path, ref, i % 2 ? "OMD7" : "OMD5", i % 3 ? "heroin" : "ivory", "2025-06-11");
	}
	check_with(s, path);
	tdb_exec(path, "UPDATE cases SET operation_id = (SELECT id FROM operations WHERE code = 'OMD6'),"
	               " status = 'closed' WHERE ref = 'F-1';"); /* moved: the pair it left too */
	check_with(s, path);
	tdb_exec(path, "DELETE FROM cases WHERE ref IN ('F-3', 'M-4');");
	check_with(s, path);
	tdb_exec(path, "UPDATE operations SET name = 'Renamed' WHERE code = 'OMD7';");
	check_with(s, path);

	/* Only the new case's pair is read again: a row of another pair spoiled behind the
	 * viewer's back (no case logged) is not seen until a change reads the whole table. */
	tdb_exec(path, "UPDATE rollups SET cases = cases + 1000 WHERE dim = 0 AND operation_id ="
	               " (SELECT id FROM operations WHERE code = 'OMD4');");
	insert_case(path, "F-4", "OMD7", "heroin", "2025-06-12");
	expect_cases(s, "OMD4", STORE_DIM_PHASE, "OMD4 1362; total 1362");
	tdb_exec(path, "DELETE FROM cases WHERE ref = 'F-4';");
	expect_cases(s, "OMD4", STORE_DIM_PHASE, "OMD4 4362; total 4362"); /* three pairs, each spoiled */
	store_close(s);
}

/* Matrices: the rollup path (one side the category, phase/category filters) and the
 * cases path give the counts of the per-column aggregates. */
static void test_crosstab_equals_aggregates_per_column(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("crosstab.db", 0, 0);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	struct store_pairs p;
	struct store_filter f;

	assert_non_null(s);
	check_crosstab(s, NULL, NULL, STORE_DIM_AGENCY, STORE_DIM_CATEGORY);
	check_crosstab(s, "OMD7", NULL, STORE_DIM_AGENCY, STORE_DIM_CATEGORY);
	check_crosstab(s, "OMD4", NULL, STORE_DIM_CATEGORY, STORE_DIM_AGENCY);
	check_crosstab(s, "OMD7", "drugs", STORE_DIM_AGENCY, STORE_DIM_TRANSPORT);
	check_crosstab(s, "OMD7", "wildlife", STORE_DIM_SUBCATEGORY, STORE_DIM_STATUS);
	check_crosstab(s, "OMD7", NULL, STORE_DIM_WEEK, STORE_DIM_CATEGORY);
	check_crosstab(s, NULL, "precursors", STORE_DIM_PHASE, STORE_DIM_COUNTRY);
	/* A dimension against itself is refused. */
	store_filter_init(&f);
	assert_int_equal(store_crosstab(s, &f, STORE_DIM_AGENCY, STORE_DIM_AGENCY, &p), -1);
	store_close(s);
}

/* simulate: corrections and withdrawals touch only the cases it added itself (the sample
 * every demo shows stays whole), the rollups stay exact, and the counts add up. */
static void test_simulate_touches_only_its_own_cases(void **state)
{
	(void)state;
	const char *path = tdb_sample_file("simulate.db", 0, 0);
	char old[200];
	long long last = tdb_int(path, "SELECT max(id) FROM cases");
	long long before = tdb_int(path, "SELECT count(*) FROM cases");
	/* A signature of the sample's cases: how many, their arrests and their statuses. */
	snprintf(old, sizeof old, "SELECT count(*) * 1000003 + total(arrests) * 7 + total(length(status)) FROM cases"
	         " WHERE id <= %lld", last);
	long long sig = tdb_int(path, old);
	struct store *w = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(w);
	struct store_sim_result r;
	/* ~300 events: some corrections and withdrawals whatever the machine's speed. */
	assert_int_equal(store_simulate(w, 1000, 0.3, 11, &r), 0);
	store_close(w);
	assert_true(r.added > 0);
	assert_true(r.corrected + r.deleted > 0);
	assert_int_equal(tdb_int(path, old), sig);
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM cases"), before + r.added - r.deleted);
	check_all(path);
	tdb_assert_intact(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_sample_rollups_equal_cases),
		cmocka_unit_test(test_only_phase_and_category_filters_read_rollups),
		cmocka_unit_test(test_import_keeps_rollups_exact),
		cmocka_unit_test(test_triggers_keep_rollups_exact),
		cmocka_unit_test(test_viewer_copy_follows_writes),
		cmocka_unit_test(test_crosstab_equals_aggregates_per_column),
		cmocka_unit_test(test_simulate_touches_only_its_own_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
