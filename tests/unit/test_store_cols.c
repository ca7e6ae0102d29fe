/*
 * store column store: a viewer's aggregates, matrices and case lists under filters the
 * rollups do not answer come from the column store (store_cols.c), and must be what a
 * GROUP BY over the cases says, on every dimension under many filters: on a fresh
 * viewer (snapshot), and on a viewer that follows the change log while inserts, updates
 * and deletes of cases and seizures arrive, through a plain SQLite connection (not
 * opdeck's) and through opdeck's import.  The reference is plain SQL written here.
 */
#include <math.h>

#include "testdb.h"

#include "store.h"
#include "store_cols.h"

static char errbuf[600];

/* The key of each dimension and the condition a filter value puts on the cases. */
static const char *const key_sql[STORE_DIM_COUNT] = {
	"(SELECT code FROM operations WHERE id = c.operation_id)",
	"(SELECT code FROM categories WHERE id = c.category_id)",
	"(SELECT code FROM categories WHERE id = c.subcategory_id)",
	"(SELECT code FROM agencies WHERE id = c.agency_id)",
	"c.country", "c.transport", "c.status",
	"date(c.detected_on, 'weekday 0', '-6 days')", "c.detected_on",
};
static const char *const cond_sql[STORE_DIM_COUNT] = {
	"c.operation_id = (SELECT id FROM operations WHERE code = %Q)",
	"c.category_id = (SELECT id FROM categories WHERE code = %Q)",
	"c.subcategory_id = (SELECT id FROM categories WHERE code = %Q)",
	"c.agency_id = (SELECT id FROM agencies WHERE code = %Q)",
	"c.country = %Q", "c.transport = %Q", "c.status = %Q",
	"c.detected_on BETWEEN %Q AND date(%Q, '+6 days')", "c.detected_on = %Q",
};

/* The filters tried: "dim=value" items, values picked from the data by SQL. */
static const char *const filters[][4] = {
	{ "phase=OMD7", "transport=road" },
	{ "phase=OMD7", "agency=VNCUS" },
	{ "phase=OMD7", "subcategory=heroin" },
	{ "country=VN" },
	{ "status=open" },
	{ "phase=OMD7", "category=drugs", "agency=THCUS", "status=closed" },
	{ "phase=OMD7", "week=2025-06-02" },
	{ "phase=OMD7", "day=2025-06-03" },
	{ "agency=VNCUS", "status=under investigation", "week=2025-06-02" },
	{ "transport=sea container", "category=wildlife" },
	{ "phase=OMD6", "country=TH" },
	{ "phase=OMD1", "week=2025-06-02" },
	{ "phase=OMD7", "category=drugs" }, /* the closing session's "Major seizures", largest first */
	{ "transport=rail", "status=open" },
	{ "transport=rail", "status=open", "agency=VNCUS" },
};

static void make_filter(int i, struct store_filter *f, char *where, size_t wsz)
{
	store_filter_init(f);
	snprintf(where, wsz, "1");
	for (int k = 0; k < 4 && filters[i][k]; k++) {
		char dim[32];
		const char *eq = strchr(filters[i][k], '=');
		snprintf(dim, sizeof dim, "%.*s", (int)(eq - filters[i][k]), filters[i][k]);
		int d = store_dim_parse(dim);
		assert_true(d >= 0);
		assert_int_equal(store_filter_set(f, d, eq + 1), 0);
		char *c = sqlite3_mprintf(cond_sql[d], eq + 1, eq + 1);
		size_t n = strlen(where);
		snprintf(where + n, wsz - n, " AND %s", c);
		sqlite3_free(c);
	}
}

static void expect_close(double got, double want, const char *what)
{
	if (fabs(got - want) > 1e-9 * fmax(1.0, fabs(want)))
		fail_msg("%s: %.17g, expected %.17g", what, got, want);
}

/* Every dimension under filter i: each group's figures equal the GROUP BY's. */
static void check_filter(struct store *s, const char *path, int i)
{
	struct store_filter f;
	char where[1024], ctx[256];
	sqlite3 *db;

	make_filter(i, &f, where, sizeof where);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		struct store_agg a;
		sqlite3_stmt *st;
		char *sql = sqlite3_mprintf("SELECT %s, count(*), total(c.arrests), total(c.q_kg), total(c.q_tablets),"
		                            " total(c.q_pieces), total(c.q_heads), total(c.q_m3), total(c.q_litres)"
		                            " FROM cases c WHERE %s GROUP BY 1", key_sql[d], where);
		assert_int_equal(store_aggregate(s, &f, d, &a), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		int groups = 0;
		long long total = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *key = (const char *)sqlite3_column_text(st, 0);
			int r = 0;
			while (r < a.n && strcmp(a.rows[r].key, key) != 0)
				r++;
			snprintf(ctx, sizeof ctx, "filter %d, %s %s", i, store_dim_name(d), key);
			if (r == a.n)
				fail_msg("%s: missing", ctx);
			if (a.rows[r].cases != sqlite3_column_int64(st, 1) ||
			    a.rows[r].arrests != (long long)sqlite3_column_double(st, 2))
				fail_msg("%s: %lld cases %lld arrests, expected %lld and %lld", ctx, a.rows[r].cases,
				         a.rows[r].arrests, (long long)sqlite3_column_int64(st, 1),
				         (long long)sqlite3_column_double(st, 2));
			for (int u = 0; u < STORE_UNIT_COUNT; u++)
				expect_close(a.rows[r].qty[u], sqlite3_column_double(st, 3 + u), ctx);
			groups++;
			total += sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		/* Nothing more: only the phases and categories list groups without a case. */
		int nonzero = 0;
		for (int r = 0; r < a.n; r++)
			nonzero += a.rows[r].cases > 0;
		assert_int_equal(nonzero, groups);
		assert_int_equal(a.total.cases, total);
		store_agg_free(&a);
	}
	/* The two matrices the screens draw. */
	for (int m = 0; m < 2; m++) {
		int d2 = m ? STORE_DIM_TRANSPORT : STORE_DIM_CATEGORY;
		struct store_pairs p;
		sqlite3_stmt *st;
		char *sql = sqlite3_mprintf("SELECT %s, %s, count(*) FROM cases c WHERE %s GROUP BY 1, 2",
		                            key_sql[STORE_DIM_AGENCY], key_sql[d2], where);
		assert_int_equal(store_crosstab(s, &f, STORE_DIM_AGENCY, d2, &p), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		int n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int k = 0;
			while (k < p.n && (strcmp(p.pairs[k].row, (const char *)sqlite3_column_text(st, 0)) != 0 ||
			                   strcmp(p.pairs[k].col, (const char *)sqlite3_column_text(st, 1)) != 0))
				k++;
			if (k == p.n || p.pairs[k].cases != sqlite3_column_int64(st, 2))
				fail_msg("filter %d: matrix cell %s × %s", i, sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(p.n, n);
		store_pairs_free(&p);
	}
	/* The first two pages of the case list, newest, oldest and largest first (ties of
	 * kilograms, many at 0, broken by id as the SQL does). */
	static const int orders[] = { STORE_ORDER_NEWEST, STORE_ORDER_OLDEST, STORE_ORDER_LARGEST };
	for (int oi = 0; oi < 3; oi++) {
		int order = orders[oi], asc = order == STORE_ORDER_OLDEST;
		const char *key = order == STORE_ORDER_LARGEST ? "c.q_kg" : "c.detected_on";
		struct store_case_page pg[2];
		sqlite3_stmt *st;
		char *sql = sqlite3_mprintf("SELECT ref FROM cases c WHERE %s ORDER BY %s %s, c.id %s LIMIT 40",
		                            where, key, asc ? "ASC" : "DESC", asc ? "ASC" : "DESC");
		assert_int_equal(store_cases(s, &f, order, NULL, 20, &pg[0]), 0);
		assert_int_equal(store_cases(s, &f, order, &pg[0].next, 20, &pg[1]), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		int n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const struct store_case_page *q = &pg[n / 20];
			if (n % 20 >= q->n || strcmp(q->cases[n % 20].ref, (const char *)sqlite3_column_text(st, 0)) != 0)
				fail_msg("filter %d, order %d: case %d is not %s", i, order, n, sqlite3_column_text(st, 0));
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(pg[0].n + pg[1].n, n);
		/* End: the last page, in the list's order; and the page before the second one. */
		struct store_case_page end, back;
		sql = sqlite3_mprintf("SELECT ref FROM cases c WHERE %s ORDER BY %s %s, c.id %s LIMIT 20",
		                      where, key, asc ? "DESC" : "ASC", asc ? "DESC" : "ASC");
		assert_int_equal(store_cases_before(s, &f, order, NULL, 20, &end), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n >= end.n || strcmp(end.cases[end.n - 1 - n].ref, (const char *)sqlite3_column_text(st, 0)) != 0)
				fail_msg("filter %d, order %d: End's case %d is not %s", i, order, n, sqlite3_column_text(st, 0));
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(end.n, n);
		if (pg[1].n > 0) {
			struct store_cursor cur;
			store_cursor_of(&pg[1].cases[0], order, &cur);
			assert_int_equal(store_cases_before(s, &f, order, &cur, 20, &back), 0);
			assert_int_equal(back.n, pg[0].n);
			for (int k = 0; k < back.n; k++)
				assert_string_equal(back.cases[k].ref, pg[0].cases[k].ref);
			store_case_page_free(&back);
		}
		store_case_page_free(&end);
		store_case_page_free(&pg[0]);
		store_case_page_free(&pg[1]);
	}
	sqlite3_close(db);
	store_filter_free(&f);
}

static void check_all(struct store *s, const char *path)
{
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		check_filter(s, path, (int)i);
	/* The answers came from the column store, not from SQL. */
	assert_non_null(s->cols);
	assert_int_equal(s->cols->state, COLS_READY);
}

/* A round of writes through a plain SQLite connection, as the sqlite3 shell makes them. */
static void plain_writes(const char *path, int round)
{
	long long max = tdb_int(path, "SELECT max(id) FROM cases");
	for (int k = 0; k < 12; k++) {
		long long id = 1 + tdb_rnd(max);
		char *sql = NULL;
		switch (tdb_rnd(6)) {
		case 0: /* a new case like an existing one, with a seizure */
			sql = sqlite3_mprintf(
				"INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
				" country, transport, status, arrests) SELECT 'PLAIN-%d-%d', operation_id, agency_id,"
				" category_id, subcategory_id, detected_on, country, 'road', 'open', 3 FROM cases"
				" WHERE id >= %lld LIMIT 1;"
				"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (last_insert_rowid(), 'x', 2.5, 'kg');",
				round, k, id);
			break;
		case 1:
			sql = sqlite3_mprintf("UPDATE cases SET status = 'closed', arrests = arrests + 2,"
			                      " detected_on = date(detected_on, '+8 days') WHERE id = %lld", id);
			break;
		case 2:
			sql = sqlite3_mprintf("UPDATE cases SET agency_id = (SELECT id FROM agencies WHERE code = 'VNCUS'),"
			                      " country = 'VN', transport = 'sea container' WHERE id = %lld", id);
			break;
		case 3:
			sql = sqlite3_mprintf("DELETE FROM seizures WHERE case_id = %lld; DELETE FROM cases WHERE id = %lld",
			                      id, id);
			break;
		case 4:
			sql = sqlite3_mprintf("UPDATE seizures SET quantity = quantity * 2 WHERE case_id = %lld", id);
			break;
		default:
			sql = sqlite3_mprintf("UPDATE cases SET operation_id = (SELECT id FROM operations WHERE code = 'OMD6'),"
			                      " category_id = (SELECT id FROM categories WHERE code = 'wildlife'),"
			                      " subcategory_id = (SELECT id FROM categories WHERE code = 'pangolin')"
			                      " WHERE id = %lld", id);
			break;
		}
		tdb_exec(path, sql);
		sqlite3_free(sql);
	}
}

/* A case with an id below the last one: the arrays make room in the middle. */
static void plain_insert_low_id(const char *path)
{
	tdb_exec(path, "DELETE FROM cases WHERE id = 5;"
	               "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	               " country, transport, status, arrests) SELECT 5, 'LOW-5', operation_id, agency_id, category_id,"
	               " subcategory_id, '2025-06-03', 'TH', 'road', 'closed', 1 FROM cases WHERE id = 6");
}

static void opdeck_import(const char *path, int round)
{
	char csv[600];
	snprintf(csv, sizeof csv,
	         "ref,phase,agency,category,subcategory,detected_on,country,transport,status,arrests,commodity,quantity,unit\n"
	         "IMP-%d-1,OMD7,VNCUS,drugs,heroin,2025-06-03,VN,road,open,2,heroin,1.5,kg\n"
	         "IMP-%d-2,OMD7,THCUS,drugs,heroin,2025-06-04,TH,road,closed,0,heroin,500,tablets\n"
	         "IMP-%d-2,OMD7,THCUS,drugs,heroin,2025-06-04,TH,road,closed,0,heroin,2,kg\n", round, round, round);
	tdb_import(path, "import.csv", csv, 2);
}

static void test_fresh_viewer_equals_group_by(void **state)
{
	(void)state;
	const char *path = tdb_sample("fresh.db", 6000);
	assert_true(tdb_int(path, "SELECT count(*) FROM case_cols") > 0); /* a snapshot was written */
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_all(s, path);
	store_close(s);
}

static void test_live_viewer_follows_every_kind_of_write(void **state)
{
	(void)state;
	const char *path = tdb_sample("live.db", 6000);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	/* Two filters' answers fit the cache (32): from here on they change by deltas only. */
	const int live[3] = { 0, 5, 12 };
	for (int k = 0; k < 3; k++)
		check_filter(s, path, live[k]);
	for (int round = 0; round < 6; round++) {
		plain_writes(path, round);
		if (round == 1)
			plain_insert_low_id(path);
		if (round == 2)
			opdeck_import(path, round);
		for (int k = 0; k < 3; k++)
			check_filter(s, path, live[k]);
		assert_int_equal(s->cols->state, COLS_READY);
		if (round < 3)
			continue;
		/* A viewer opened now: the snapshot, then the log since. */
		struct store *t = store_open(path, STORE_READ, errbuf, sizeof errbuf);
		assert_non_null(t);
		check_all(t, path);
		store_close(t);
	}
	store_close(s);
}

/*
 * Imports of single new cases (one log row each: the cached case lists take them in their
 * place without a scan) that sort first, last, in the middle and on the second page of
 * the newest, oldest and largest lists, and tie on the day; then a plain write of the
 * same kind (logged twice with its seizure: the lists are recomputed).
 */
static void test_lists_take_new_cases_in_place(void **state)
{
	(void)state;
	char path[256]; /* tu_path's buffers rotate */
	snprintf(path, sizeof path, "%s", tdb_sample("lists.db", 6000));
	/* A viewer per filter: one filter's answers fit the column store's cache (32). */
	struct store *v[3];
	const int live[3] = { 0, 12, 6 }; /* road, drugs (largest), a week */
	for (int k = 0; k < 3; k++)
		assert_non_null(v[k] = store_open(path, STORE_READ, errbuf, sizeof errbuf));
	static const char *const rows[] = {
		"OMD7,VNCUS,drugs,heroin,2025-09-15,VN,road,open,1,heroin,9000,kg\n",     /* newest, largest */
		"OMD7,VNCUS,drugs,heroin,2025-04-15,VN,road,open,1,heroin,0.001,kg\n",    /* oldest */
		"OMD7,THCUS,drugs,heroin,2025-06-03,TH,road,closed,0,heroin,3,kg\n",      /* the week's middle */
		"OMD7,THCUS,drugs,heroin,2025-07-01,TH,road,closed,0,heroin,50,tablets\n", /* no kg: ties at 0 */
	};
	for (int k = 0; k < 3; k++)
		check_filter(v[k], path, live[k]);
	for (int round = 0; round < 8; round++) {
		char csv[400];
		int n = snprintf(csv, sizeof csv,
		                 "ref,phase,agency,category,subcategory,detected_on,country,transport,status,arrests,"
		                 "commodity,quantity,unit\n");
		snprintf(csv + n, sizeof csv - (size_t)n, "L-%d,%s", round, rows[round % 4]);
		tdb_import(path, "one.csv", csv, 1);
		for (int k = 0; k < 3; k++)
			check_filter(v[k], path, live[k]);
	}
	plain_writes(path, 9);
	for (int k = 0; k < 3; k++)
		check_filter(v[k], path, live[k]);
	for (int k = 0; k < 3; k++)
		store_close(v[k]);
}

/* Moves between phases through a plain connection, both ways, and a new and a deleted
 * case in the phase a viewer has not loaded yet. */
static void plain_phase_moves(const char *path, int round)
{
	char *sql = sqlite3_mprintf(
		"UPDATE cases SET operation_id = (SELECT id FROM operations WHERE code = 'OMD6'), country = 'TH'"
		" WHERE id IN (SELECT id FROM cases WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7')"
		" ORDER BY id LIMIT 3 OFFSET %d);"
		"UPDATE cases SET operation_id = (SELECT id FROM operations WHERE code = 'OMD7'), transport = 'road'"
		" WHERE id IN (SELECT id FROM cases WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD6')"
		" ORDER BY id DESC LIMIT 2 OFFSET %d);"
		"INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on, country,"
		" transport, status, arrests) SELECT 'MOVE-%d', operation_id, agency_id, category_id, subcategory_id,"
		" detected_on, 'TH', 'rail', 'open', 4 FROM cases WHERE operation_id = (SELECT id FROM operations"
		" WHERE code = 'OMD6') LIMIT 1;"
		"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (last_insert_rowid(), 'x', 7.25, 'kg');"
		"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (last_insert_rowid(), 'y', 40, 'tablets');"
		"DELETE FROM cases WHERE id = (SELECT max(id) FROM cases WHERE country = 'TH' AND operation_id ="
		" (SELECT id FROM operations WHERE code = 'OMD6') AND ref NOT LIKE 'MOVE-%%');",
		round * 5, round * 3, round);
	tdb_exec(path, sql);
	sqlite3_free(sql);
}

/* A viewer loads a phase only when a question needs it: one that has held OMD 7 alone
 * while cases moved between phases loads OMD 6 later from the snapshot plus the log. */
static void test_phases_load_when_asked(void **state)
{
	(void)state;
	const char *path = tdb_sample("phases.db", 6000);
	int omd6 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD6'");
	int omd7 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD7'");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_filter(s, path, 0); /* OMD7 / road */
	assert_true(s->cols->loaded[omd7]);
	assert_false(s->cols->loaded[omd6]);
	assert_false(s->cols->loaded_all);
	/* only OMD 7's cases are held */
	assert_int_equal(s->cols->n, tdb_int(path, "SELECT count(*) FROM cases WHERE operation_id ="
	                                           " (SELECT id FROM operations WHERE code = 'OMD7')"));
	for (int round = 0; round < 3; round++) {
		plain_phase_moves(path, round);
		if (round == 1)
			plain_writes(path, 40 + round);
		check_filter(s, path, 0);
		assert_false(s->cols->loaded[omd6]);
	}
	check_filter(s, path, 10); /* OMD6 / TH: loaded now */
	assert_true(s->cols->loaded[omd6]);
	plain_phase_moves(path, 7);
	check_filter(s, path, 0);
	check_filter(s, path, 10);
	check_all(s, path);
	/* every phase whole: the filters without a phase are answered from them too */
	assert_int_equal(cols_load(s, COLS_ALL), 1);
	assert_true(s->cols->loaded_all);
	check_all(s, path);
	assert_true(s->cols->loaded_all);
	assert_int_equal(s->cols->state, COLS_READY);
	store_close(s);
	/* A snapshot of another layout is never read: the viewer reads the cases instead. */
	tdb_exec(path, "UPDATE meta SET value = '3' WHERE key = 'cols_format'");
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_filter(s, path, 0);
	assert_true(s->cols->loaded_all);
	check_all(s, path);
	store_close(s);
	/* The next writer rewrites it in its layout; a viewer loads one phase again. */
	opdeck_import(path, 11);
	assert_int_equal(tdb_int(path, "SELECT value FROM meta WHERE key = 'cols_format'"), COLS_FORMAT);
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM case_cols WHERE chunk >> 20 NOT IN (SELECT operation_id FROM cases)"), 0);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_filter(s, path, 10);
	assert_false(s->cols->loaded[omd7]);
	check_all(s, path);
	store_close(s);
}

/* The cases matching the filter, by SQL (filter i of the list). */
static long long matching(const char *path, int i)
{
	struct store_filter f;
	char where[1024], sql[1100];
	make_filter(i, &f, where, sizeof where);
	store_filter_free(&f);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM cases c WHERE %s", where);
	return tdb_int(path, sql);
}

/* A screen with neither a phase nor a day holds only the cases matching its values, of
 * every phase (a narrower filter is answered from them too), and follows the cases
 * that move in and out of them.  Any other question then loads phases whole (a phase's
 * screen that phase; other values every phase), never the two in turns. */
static void test_a_screen_without_a_phase_holds_its_cases_only(void **state)
{
	(void)state;
	const char *path = tdb_sample("partial.db", 6000);
	int omd7 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD7'");
	enum { RAIL_OPEN = 13, RAIL_OPEN_VN = 14, VN = 3 };
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_filter(s, path, RAIL_OPEN);
	assert_true(s->cols->part_on);
	assert_false(s->cols->loaded_all);
	for (int p = 0; p < 256; p++)
		assert_false(s->cols->loaded[p]);
	assert_true(s->cols->n > 0);
	assert_int_equal(s->cols->n, matching(path, RAIL_OPEN));
	uint32_t held = s->cols->n;
	check_filter(s, path, RAIL_OPEN_VN); /* narrower: the same cases answer it */
	assert_true(s->cols->part_on);
	assert_int_equal(s->cols->n, held);
	for (int round = 0; round < 4; round++) {
		plain_phase_moves(path, 20 + round); /* a rail case, open, added each round */
		plain_writes(path, 80 + round);
		if (round == 2)
			opdeck_import(path, 80 + round);
		check_filter(s, path, RAIL_OPEN);
		check_filter(s, path, RAIL_OPEN_VN);
		assert_true(s->cols->part_on);
	}
	check_filter(s, path, VN); /* other values: every phase */
	assert_false(s->cols->part_on);
	assert_true(s->cols->loaded_all);
	check_filter(s, path, RAIL_OPEN);
	store_close(s);

	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_filter(s, path, VN);
	assert_true(s->cols->part_on);
	plain_writes(path, 90);
	check_filter(s, path, VN);
	check_filter(s, path, 0); /* OMD7 / road: that phase whole instead */
	assert_false(s->cols->part_on);
	assert_true(s->cols->loaded[omd7]);
	assert_false(s->cols->loaded_all);
	check_filter(s, path, RAIL_OPEN); /* a phase held: every phase */
	assert_true(s->cols->loaded_all);
	check_filter(s, path, 0);
	store_close(s);
}

/* Damages one chunk of phase p in the snapshot the way kind says: 0 two ids out of
 * order, 1 a country index past the chunk's dictionary, 2 a byte cut off the end. */
static void damage_chunk(const char *path, int p, int kind)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT chunk, data FROM case_cols WHERE chunk >> 20 = ? AND n >= 2"
	                                        " ORDER BY chunk LIMIT 1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, p);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long chunk = sqlite3_column_int64(st, 0);
	int len = sqlite3_column_bytes(st, 1);
	unsigned char *b = malloc((size_t)len);
	assert_non_null(b);
	memcpy(b, sqlite3_column_blob(st, 1), (size_t)len);
	sqlite3_finalize(st);
	uint32_t h[7];
	memcpy(h, b, sizeof h);
	size_t lo = 28 + (size_t)h[6] * 2, n = h[1];
	if (kind == 0) { /* the first two ids swapped */
		unsigned char t[2];
		memcpy(t, b + lo, 2);
		memcpy(b + lo, b + lo + 2, 2);
		memcpy(b + lo + 2, t, 2);
	} else if (kind == 1) { /* the first country: one past the dictionary */
		assert_true(h[4] & 4 && h[6] < 255);
		size_t cty = lo + n * 2 + n * (h[4] & 2 ? 1 : 2);
		b[cty] = (unsigned char)h[6];
	} else {
		len--;
	}
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE case_cols SET data = ? WHERE chunk = ?", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, b, len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, chunk);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(b);
}

/* A damaged snapshot chunk is never believed: the viewer reads the cases instead, and
 * its figures are still the GROUP BY's. */
static void test_a_damaged_chunk_reads_the_cases(void **state)
{
	(void)state;
	for (int kind = 0; kind < 3; kind++) {
		const char *path = tdb_sample("damaged.db", 3000);
		int omd7 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD7'");
		damage_chunk(path, omd7, kind);
		struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
		assert_non_null(s);
		check_filter(s, path, 0); /* OMD7 / road */
		assert_int_equal(s->cols->state, COLS_READY);
		assert_true(s->cols->loaded_all); /* every case read from the table */
		check_filter(s, path, 3);
		store_close(s);
		/* the same when only the cases of a filter without a phase are read from it */
		s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
		assert_non_null(s);
		check_filter(s, path, 13); /* rail, open */
		assert_false(s->cols->part_on);
		assert_true(s->cols->loaded_all);
		store_close(s);
	}
}

/* A question without a phase but within a week loads only the phases with cases that
 * week; a case of another phase arriving in that week (a late return, a corrected date)
 * brings its phase in. */
static void test_a_week_without_a_phase_loads_its_phases(void **state)
{
	(void)state;
	const char *path = tdb_sample("window.db", 6000);
	int omd1 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD1'");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM cases WHERE operation_id ="
	                               " (SELECT id FROM operations WHERE code = 'OMD1') AND detected_on"
	                               " BETWEEN '2025-06-02' AND '2025-06-08'"), 0);
	check_filter(s, path, 8); /* agency, status and a week: no phase */
	check_filter(s, path, 11); /* OMD 1 that week: none, and nothing loaded for it */
	assert_false(s->cols->loaded_all);
	assert_false(s->cols->loaded[omd1]);
	assert_true(s->cols->n < tdb_int(path, "SELECT count(*) FROM cases"));
	/* an OMD 1 case dated in that week, through a plain connection */
	tdb_exec(path, "UPDATE cases SET detected_on = '2025-06-04', status = 'under investigation',"
	               " agency_id = (SELECT id FROM agencies WHERE code = 'VNCUS')"
	               " WHERE id = (SELECT min(id) FROM cases WHERE operation_id = (SELECT id FROM operations"
	               " WHERE code = 'OMD1'))");
	check_filter(s, path, 11);
	assert_true(s->cols->loaded[omd1]);
	check_filter(s, path, 8);
	/* and a new one of another phase not held, then every phase */
	tdb_exec(path, "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	               " country, transport, status, arrests) SELECT 'LATE-1', operation_id, (SELECT id FROM agencies"
	               " WHERE code = 'VNCUS'), category_id, subcategory_id, '2025-06-05', 'VN', 'road',"
	               " 'under investigation', 2 FROM cases WHERE operation_id = (SELECT id FROM operations"
	               " WHERE code = 'OMD2') LIMIT 1");
	check_filter(s, path, 8);
	check_filter(s, path, 7); /* OMD7 and a day */
	check_all(s, path);
	store_close(s);
}

/* The largest cases of a phase's category (no index has that order) come from the
 * column store: the phase loaded, no other; each page and the page before a cursor what
 * the SQL gives, with ties of kilograms made on purpose and a cursor case that changed. */
static void test_largest_from_the_column_store(void **state)
{
	(void)state;
	const char *path = tdb_sample("largest.db", 6000);
	int omd6 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD6'");
	int omd7 = (int)tdb_int(path, "SELECT id FROM operations WHERE code = 'OMD7'");
	/* ties: ten drug cases of OMD 7 seizing exactly 3 kg, and a -0 kg */
	tdb_exec(path, "UPDATE seizures SET quantity = 3, unit = 'kg' WHERE case_id IN (SELECT id FROM cases"
	               " WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7') AND category_id ="
	               " (SELECT id FROM categories WHERE code = 'drugs') ORDER BY id LIMIT 10);"
	               "UPDATE seizures SET quantity = -0.0, unit = 'kg' WHERE case_id = (SELECT max(id) FROM cases"
	               " WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7'))");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	store_filter_init(&f);
	assert_int_equal(store_filter_set(&f, STORE_DIM_PHASE, "OMD7"), 0);
	assert_int_equal(store_filter_set(&f, STORE_DIM_CATEGORY, "drugs"), 0);
	struct store_case_page pg;
	assert_int_equal(store_cases(s, &f, STORE_ORDER_LARGEST, NULL, 5, &pg), 0);
	assert_non_null(s->cols);
	assert_true(s->cols->loaded[omd7]);
	assert_false(s->cols->loaded[omd6]);
	assert_false(s->cols->loaded_all);
	store_case_page_free(&pg);
	/* Every page down to the end, against SQL; then the cursor case's kilograms change
	 * and it leaves the filter: the next page follows its kilograms now, as SQL. */
	for (int round = 0; round < 2; round++) {
		check_filter(s, path, 12);
		struct store_cursor cur = { 0 };
		long long seen = 0;
		sqlite3 *db;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		char *sql = sqlite3_mprintf("SELECT ref FROM cases c WHERE c.operation_id = %d AND c.category_id ="
		                            " (SELECT id FROM categories WHERE code = 'drugs')"
		                            " ORDER BY c.q_kg DESC, c.id DESC", omd7);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		for (;;) {
			assert_int_equal(store_cases(s, &f, STORE_ORDER_LARGEST, cur.valid ? &cur : NULL, 97, &pg), 0);
			for (int k = 0; k < pg.n; k++, seen++) {
				assert_int_equal(sqlite3_step(st), SQLITE_ROW);
				const char *want = (const char *)sqlite3_column_text(st, 0);
				if (strcmp(want, pg.cases[k].ref) != 0)
					fail_msg("round %d: case %lld is %s, not %s", round, seen, pg.cases[k].ref, want);
			}
			int more = pg.more;
			cur = pg.next;
			store_case_page_free(&pg);
			if (!more)
				break;
		}
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		assert_int_equal(seen, tdb_int(path, "SELECT count(*) FROM cases WHERE operation_id = (SELECT id FROM"
		                                     " operations WHERE code = 'OMD7') AND category_id = (SELECT id FROM"
		                                     " categories WHERE code = 'drugs')"));
		/* A mid-list cursor whose case then changes: SQL and the arrays agree. */
		assert_int_equal(store_cases(s, &f, STORE_ORDER_LARGEST, NULL, 30, &pg), 0);
		cur = pg.next;
		sql = sqlite3_mprintf("UPDATE seizures SET quantity = 3, unit = 'kg' WHERE case_id = %lld;"
		                            "UPDATE cases SET category_id = (SELECT id FROM categories WHERE code ="
		                            " 'wildlife') WHERE id = %lld", cur.id, cur.id);
		tdb_exec(path, sql);
		sqlite3_free(sql);
		store_case_page_free(&pg);
		assert_int_equal(store_cases(s, &f, STORE_ORDER_LARGEST, &cur, 30, &pg), 0);
		sql = sqlite3_mprintf("SELECT count(*) FROM cases c WHERE c.operation_id = %d AND c.category_id ="
		                      " (SELECT id FROM categories WHERE code = 'drugs') AND (c.q_kg < 3 OR (c.q_kg = 3"
		                      " AND c.id < %lld))", omd7, cur.id);
		long long after = tdb_int(path, sql);
		sqlite3_free(sql);
		assert_int_equal(pg.n, after < 30 ? after : 30);
		sql = sqlite3_mprintf("SELECT ref FROM cases c WHERE c.operation_id = %d AND c.category_id ="
		                      " (SELECT id FROM categories WHERE code = 'drugs') AND (c.q_kg < 3 OR"
		                      " (c.q_kg = 3 AND c.id < %lld)) ORDER BY c.q_kg DESC, c.id DESC LIMIT 30", omd7, cur.id);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		for (int k = 0; k < pg.n; k++) {
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_string_equal(pg.cases[k].ref, (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
		store_case_page_free(&pg);
		assert_false(s->cols->loaded[omd6]);
		assert_int_equal(s->cols->state, COLS_READY);
	}
	store_filter_free(&f);
	store_close(s);
}

/* The matrix d1 × d2 under the filter (where: its SQL) is the GROUP BY's. */
static void check_pairs(struct store *s, const char *path, const struct store_filter *f, const char *where, int d1,
                        int d2)
{
	struct store_pairs p;
	sqlite3 *db;
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf("SELECT %s, %s, count(*) FROM cases c WHERE %s GROUP BY 1, 2", key_sql[d1],
	                            key_sql[d2], where);
	assert_int_equal(store_crosstab(s, f, d1, d2, &p), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_free(sql);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = 0;
		while (k < p.n && (strcmp(p.pairs[k].row, (const char *)sqlite3_column_text(st, 0)) != 0 ||
		                   strcmp(p.pairs[k].col, (const char *)sqlite3_column_text(st, 1)) != 0))
			k++;
		if (k == p.n || p.pairs[k].cases != sqlite3_column_int64(st, 2))
			fail_msg("%s × %s under %s: %s × %s", store_dim_name(d1), store_dim_name(d2), where,
			         sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(p.n, n);
	store_pairs_free(&p);
}

/* The closing session's compare slide ("compare: phases" and "compare: [phase=OMD7,
 * phase=OMD6]", as panel_compare.c asks them): every phase's figures and agencies, and
 * two phases' agencies, come from the rollups, so the slide loads no phase into the
 * column store; and any matrix of the phase or the category against another dimension
 * under such a filter is the GROUP BY's, after writes through a plain connection. */
static void test_compare_slide_loads_no_phase(void **state)
{
	(void)state;
	const char *path = tdb_sample("compare.db", 6000);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	static const int pairs[][2] = {
		{ STORE_DIM_PHASE, STORE_DIM_AGENCY },      { STORE_DIM_PHASE, STORE_DIM_CATEGORY },
		{ STORE_DIM_CATEGORY, STORE_DIM_PHASE },    { STORE_DIM_PHASE, STORE_DIM_WEEK },
		{ STORE_DIM_SUBCATEGORY, STORE_DIM_PHASE }, { STORE_DIM_PHASE, STORE_DIM_TRANSPORT },
		{ STORE_DIM_CATEGORY, STORE_DIM_COUNTRY },
	};
	for (int round = 0; round < 3; round++) {
		if (round > 0)
			plain_writes(path, 60 + round);
		struct store_filter none, drugs, side[2];
		struct store_agg a;
		store_filter_init(&none);
		store_filter_init(&drugs);
		assert_int_equal(store_filter_set(&drugs, STORE_DIM_CATEGORY, "drugs"), 0);
		/* compare: phases */
		struct store_phase *ph;
		int nph;
		assert_int_equal(store_phases(s, &ph, &nph), 0);
		store_phases_free(ph, nph);
		assert_int_equal(store_aggregate(s, &none, STORE_DIM_PHASE, &a), 0);
		store_agg_free(&a);
		check_pairs(s, path, &none, "1", STORE_DIM_PHASE, STORE_DIM_AGENCY);
		assert_int_equal(store_aggregate(s, &none, STORE_DIM_AGENCY, &a), 0);
		store_agg_free(&a);
		/* compare: [phase=OMD7, phase=OMD6] */
		for (int k = 0; k < 2; k++) {
			store_filter_init(&side[k]);
			assert_int_equal(store_filter_set(&side[k], STORE_DIM_PHASE, k ? "OMD6" : "OMD7"), 0);
			assert_int_equal(store_aggregate(s, &side[k], STORE_DIM_AGENCY, &a), 0);
			store_agg_free(&a);
			store_filter_free(&side[k]);
		}
		for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
			check_pairs(s, path, &none, "1", pairs[k][0], pairs[k][1]);
			check_pairs(s, path, &drugs,
			            "c.category_id = (SELECT id FROM categories WHERE code = 'drugs')", pairs[k][0],
			            pairs[k][1]);
		}
		store_filter_free(&none);
		store_filter_free(&drugs);
		/* no phase held: the column store was not asked */
		for (int p = 0; s->cols && p < 256; p++)
			assert_false(s->cols->loaded[p]);
		assert_true(!s->cols || !s->cols->loaded_all);
	}
	store_close(s);
}

/* A viewer's memo of answers (store_memo.c) lasts until any connection writes: a
 * phase renamed and a case added through a plain connection show at the next question,
 * without store_changed(); the same question twice in between gives equal answers. */
static void test_memo_follows_plain_writes(void **state)
{
	(void)state;
	const char *path = tdb_sample("memo.db", 2000);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	store_filter_init(&f);
	assert_int_equal(store_filter_set(&f, STORE_DIM_PHASE, "OMD7"), 0);
	for (int round = 0; round < 3; round++) {
		struct store_agg a, b;
		struct store_phase *ph;
		int nph;
		assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &a), 0);
		assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &b), 0);
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.total.cases, b.total.cases);
		for (int k = 0; k < a.n; k++) {
			assert_string_equal(a.rows[k].key, b.rows[k].key);
			assert_string_equal(a.rows[k].label, b.rows[k].label);
			assert_int_equal(a.rows[k].cases, b.rows[k].cases);
			assert_int_equal(a.rows[k].pos, b.rows[k].pos);
		}
		assert_int_equal(a.total.cases, tdb_int(path, "SELECT count(*) FROM cases WHERE operation_id ="
		                                              " (SELECT id FROM operations WHERE code = 'OMD7')"));
		store_agg_free(&a);
		store_agg_free(&b);
		char *label = store_label(s, STORE_DIM_PHASE, "OMD7");
		char want[32];
		snprintf(want, sizeof want, round ? "OMD 7 (%d)" : "OMD 7", round);
		assert_string_equal(label, want);
		free(label);
		assert_int_equal(store_phases(s, &ph, &nph), 0);
		int seen = 0;
		for (int k = 0; k < nph; k++)
			if (strcmp(ph[k].code, "OMD7") == 0)
				seen = strcmp(ph[k].name, want) == 0;
		assert_true(seen);
		store_phases_free(ph, nph);
		char *sql = sqlite3_mprintf("UPDATE operations SET name = 'OMD 7 (%d)' WHERE code = 'OMD7';"
		                            "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id,"
		                            " detected_on, country, transport, status, arrests) SELECT 'MEMO-%d',"
		                            " operation_id, agency_id, category_id, subcategory_id, detected_on, country,"
		                            " transport, status, 1 FROM cases WHERE operation_id = (SELECT id FROM"
		                            " operations WHERE code = 'OMD7') LIMIT 1", round + 1, round);
		tdb_exec(path, sql);
		sqlite3_free(sql);
	}
	store_filter_free(&f);
	store_close(s);
}

/* A database without the change log (made before it existed): SQL answers, exactly. */
static void test_without_the_log_sql_answers(void **state)
{
	(void)state;
	const char *path = tdb_sample("old.db", 2000);
	tdb_exec(path, "DROP TRIGGER cases_log_ai; DROP TRIGGER cases_log_au; DROP TRIGGER cases_log_ad;"
	               " DROP TABLE case_log; DROP TABLE case_cols");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		check_filter(s, path, (int)i);
	assert_int_equal(s->cols->state, COLS_SQL);
	store_close(s);
	/* The next opdeck writer puts the log and the snapshot back. */
	opdeck_import(path, 9);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_all(s, path);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_viewer_equals_group_by),
		cmocka_unit_test(test_live_viewer_follows_every_kind_of_write),
		cmocka_unit_test(test_lists_take_new_cases_in_place),
		cmocka_unit_test(test_without_the_log_sql_answers),
		cmocka_unit_test(test_phases_load_when_asked),
		cmocka_unit_test(test_a_damaged_chunk_reads_the_cases),
		cmocka_unit_test(test_a_screen_without_a_phase_holds_its_cases_only),
		cmocka_unit_test(test_a_week_without_a_phase_loads_its_phases),
		cmocka_unit_test(test_largest_from_the_column_store),
		cmocka_unit_test(test_compare_slide_loads_no_phase),
		cmocka_unit_test(test_memo_follows_plain_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
