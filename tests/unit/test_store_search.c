/*
 * store search: a search screen's figures (cases, arrests and kilograms by each
 * dimension, a matrix, the case lists newest and largest first) equal an oracle that
 * uses no FTS: a C function registered on a plain SQLite connection that looks for the
 * words typed at word starts, in order, the last one a prefix, in the four columns (the
 * word boundaries of unicode61 for ASCII text: a word is a run of letters and digits).
 * On a fresh viewer and on one following inserts, updates of the text, deletes and
 * imports made through plain SQLite and opdeck; the index itself checked against the
 * cases (FTS5's integrity-check with the content table) after each kind of writer
 * (plain SQLite, import, sample, simulate); a
 * database without the index searched the old way until a writer builds it.
 */
#include <ctype.h>
#include <math.h>

#include "testdb.h"

#include "store.h"
#include "store_cols.h"

static char errbuf[600];

/* ---- the oracle -------------------------------------------------------------------- */

struct owords {
	char w[128][48];
	int n;
};

/* ASCII words folded to lower case (a run of letters and digits; longer ones cut, which
 * the searches below never reach). */
static void owords_of(const char *t, struct owords *o)
{
	o->n = 0;
	while (t && *t && o->n < 128) {
		while (*t && !isalnum((unsigned char)*t))
			t++;
		if (!*t)
			break;
		int k = 0;
		for (; isalnum((unsigned char)*t); t++)
			if (k < 47)
				o->w[o->n][k++] = (char)tolower((unsigned char)*t);
		o->w[o->n++][k] = '\0';
	}
}

static int ophrase(const struct owords *q, const struct owords *d)
{
	for (int i = 0; q->n && i + q->n <= d->n; i++) {
		int j = 0;
		while (j < q->n && (j < q->n - 1 ? strcmp(q->w[j], d->w[i + j]) == 0
		                                 : strncmp(q->w[j], d->w[i + j], strlen(q->w[j])) == 0))
			j++;
		if (j == q->n)
			return 1;
	}
	return 0;
}

/* words_in(query, ref, summary, location, concealment) */
static void words_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct owords q, d;
	owords_of((const char *)sqlite3_value_text(argv[0]), &q);
	int hit = 0;
	for (int k = 1; k < argc && !hit; k++) {
		owords_of((const char *)sqlite3_value_text(argv[k]), &d);
		hit = ophrase(&q, &d);
	}
	sqlite3_result_int(ctx, hit);
}

static sqlite3 *oracle_open(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "words_in", 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	                                         words_in, NULL, NULL), SQLITE_OK);
	return db;
}

/* ---- the comparison ---------------------------------------------------------------- */

static const char *const key_sql[STORE_DIM_COUNT] = {
	"(SELECT code FROM operations WHERE id = c.operation_id)",
	"(SELECT code FROM categories WHERE id = c.category_id)",
	"(SELECT code FROM categories WHERE id = c.subcategory_id)",
	"(SELECT code FROM agencies WHERE id = c.agency_id)",
	"c.country", "c.transport", "c.status",
	"date(c.detected_on, 'weekday 0', '-6 days')", "c.detected_on",
};

/* The searches tried, alone and under a phase. */
static const char *const searches[] = {
	"heroin", "meth", "pelepas", "0000777", "SYN-0000777", "in checked lugg", "TANJUNG Pel", "x", "zebrafish",
	"-", "he\"roin", "port", "hollowed-out",
};

/* The search text, with the value phase of dimension dim (-1: none) beside. */
static void check_search_in(struct store *s, sqlite3 *db, const char *text, int dim, const char *phase)
{
	struct store_filter f;
	char ctx[256];
	char *value = phase ? sqlite3_mprintf(" AND %s = %Q", key_sql[dim], phase) : sqlite3_mprintf("%s", "");
	char *where = sqlite3_mprintf("words_in(%Q, c.ref, c.summary, c.location, c.concealment)%s", text, value);
	sqlite3_free(value);
	store_filter_init(&f);
	assert_non_null(f.search = strdup(text));
	if (phase)
		assert_int_equal(store_filter_set(&f, dim, phase), 0);
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		struct store_agg a;
		sqlite3_stmt *st;
		char *sql = sqlite3_mprintf("SELECT %s, count(*), total(c.arrests), total(c.q_kg), total(c.q_tablets)"
		                            " FROM cases c WHERE %s GROUP BY 1", key_sql[d], where);
		assert_int_equal(store_aggregate(s, &f, d, &a), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		long long total = 0;
		int groups = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *key = (const char *)sqlite3_column_text(st, 0);
			int r = 0;
			while (r < a.n && strcmp(a.rows[r].key, key) != 0)
				r++;
			snprintf(ctx, sizeof ctx, "search \"%s\" %s, %s %s", text, phase ? phase : "", store_dim_name(d), key);
			if (r == a.n)
				fail_msg("%s: missing", ctx);
			if (a.rows[r].cases != sqlite3_column_int64(st, 1) ||
			    a.rows[r].arrests != (long long)sqlite3_column_double(st, 2))
				fail_msg("%s: %lld cases %lld arrests, expected %lld and %lld", ctx, a.rows[r].cases,
				         a.rows[r].arrests, (long long)sqlite3_column_int64(st, 1),
				         (long long)sqlite3_column_double(st, 2));
			for (int u = 0; u < 2; u++)
				if (fabs(a.rows[r].qty[u] - sqlite3_column_double(st, 3 + u)) >
				    1e-9 * fmax(1.0, fabs(sqlite3_column_double(st, 3 + u))))
					fail_msg("%s: quantity %d %.17g", ctx, u, a.rows[r].qty[u]);
			total += sqlite3_column_int64(st, 1);
			groups++;
		}
		sqlite3_finalize(st);
		int nonzero = 0;
		for (int r = 0; r < a.n; r++)
			nonzero += a.rows[r].cases > 0;
		if (nonzero != groups || a.total.cases != total)
			fail_msg("search \"%s\" %s, %s: %d groups %lld cases, expected %d and %lld", text,
			         phase ? phase : "", store_dim_name(d), nonzero, a.total.cases, groups, total);
		store_agg_free(&a);
	}
	/* The agency x transport matrix. */
	struct store_pairs p;
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf("SELECT %s, c.transport, count(*) FROM cases c WHERE %s GROUP BY 1, 2",
	                            key_sql[STORE_DIM_AGENCY], where);
	assert_int_equal(store_crosstab(s, &f, STORE_DIM_AGENCY, STORE_DIM_TRANSPORT, &p), 0);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_free(sql);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = 0;
		while (k < p.n && (strcmp(p.pairs[k].row, (const char *)sqlite3_column_text(st, 0)) != 0 ||
		                   strcmp(p.pairs[k].col, (const char *)sqlite3_column_text(st, 1)) != 0))
			k++;
		if (k == p.n || p.pairs[k].cases != sqlite3_column_int64(st, 2))
			fail_msg("search \"%s\": matrix cell %s x %s", text, sqlite3_column_text(st, 0),
			         sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(p.n, n);
	store_pairs_free(&p);
	/* Two pages of the case list, newest and largest first. */
	for (int oi = 0; oi < 2; oi++) {
		int order = oi ? STORE_ORDER_LARGEST : STORE_ORDER_NEWEST;
		struct store_case_page pg[2];
		sql = sqlite3_mprintf("SELECT ref FROM cases c WHERE %s ORDER BY %s DESC, c.id DESC LIMIT 40", where,
		                      oi ? "c.q_kg" : "c.detected_on");
		assert_int_equal(store_cases(s, &f, order, NULL, 20, &pg[0]), 0);
		assert_int_equal(store_cases(s, &f, order, &pg[0].next, 20, &pg[1]), 0);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_free(sql);
		n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const struct store_case_page *q = &pg[n / 20];
			if (n % 20 >= q->n || strcmp(q->cases[n % 20].ref, (const char *)sqlite3_column_text(st, 0)) != 0)
				fail_msg("search \"%s\", order %d: case %d is not %s", text, order, n, sqlite3_column_text(st, 0));
			n++;
		}
		sqlite3_finalize(st);
		assert_int_equal(pg[0].n + pg[1].n, n);
		store_case_page_free(&pg[0]);
		store_case_page_free(&pg[1]);
	}
	sqlite3_free(where);
	store_filter_free(&f);
}

static void check_search(struct store *s, sqlite3 *db, const char *text, const char *phase)
{
	check_search_in(s, db, text, STORE_DIM_PHASE, phase);
}

static void check_searches(struct store *s, const char *path)
{
	sqlite3 *db = oracle_open(path);
	for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		check_search(s, db, searches[i], NULL);
		check_search(s, db, searches[i], "OMD7");
	}
	sqlite3_close(db);
}

/* FTS5's own check of the index against the cases' text (rank 1: the content too). */
static void index_intact(const char *path)
{
	tdb_exec(path, "INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)");
}

/* Writes through a plain SQLite connection (the triggers keep the index): new cases
 * with words the searches look for, text changed to and from a match, a ref changed,
 * deletes, and a change of a column the index does not hold. */
static void plain_writes(const char *path, int round)
{
	static const char *const texts[] = {
		"heroin in checked luggage", "Zebrafish and pangolin scales", "nothing to see", "methamphetamine tablets",
		"port of Tanjung Pelepas", "x-ray of a hollowed-out door", "he\"roin", "",
	};
	long long max = tdb_int(path, "SELECT max(id) FROM cases");
	for (int k = 0; k < 10; k++) {
		long long id = 1 + tdb_rnd(max);
		const char *t = texts[tdb_rnd(8)];
		char *sql = NULL;
		switch (tdb_rnd(6)) {
		case 0:
			sql = sqlite3_mprintf(
				"INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
				" country, transport, status, arrests, summary, location) SELECT 'PLAIN-%d-%d', operation_id,"
				" agency_id, category_id, subcategory_id, detected_on, country, 'road', 'open', 3, %Q, %Q"
				" FROM cases WHERE id >= %lld LIMIT 1;"
				"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (last_insert_rowid(), 'x', 2.5, 'kg');",
				round, k, t, texts[tdb_rnd(8)], id);
			break;
		case 1:
			sql = sqlite3_mprintf("UPDATE cases SET summary = %Q, arrests = arrests + 1 WHERE id = %lld", t, id);
			break;
		case 2:
			sql = sqlite3_mprintf("UPDATE cases SET concealment = %Q, location = %Q WHERE id = %lld", t,
			                      texts[tdb_rnd(8)], id);
			break;
		case 3:
			sql = sqlite3_mprintf("DELETE FROM seizures WHERE case_id = %lld; DELETE FROM cases WHERE id = %lld",
			                      id, id);
			break;
		case 4:
			sql = sqlite3_mprintf("UPDATE cases SET ref = 'REF-%d-%d-0000777' WHERE id = %lld", round, k, id);
			break;
		default:
			sql = sqlite3_mprintf("UPDATE cases SET status = 'closed', operation_id = (SELECT id FROM operations"
			                      " WHERE code = 'OMD7') WHERE id = %lld", id);
			break;
		}
		tdb_exec(path, sql);
		sqlite3_free(sql);
	}
}

static void opdeck_import(const char *path, int round)
{
	char csv[900];
	snprintf(csv, sizeof csv,
	         "ref,phase,agency,category,subcategory,detected_on,country,transport,status,arrests,summary,"
	         "location,concealment,commodity,quantity,unit\n"
	         "IMP-%d-1,OMD7,VNCUS,drugs,heroin,2025-06-03,VN,road,open,2,Heroin bricks,Lao Bao,spare tyre,heroin,1.5,kg\n"
	         "IMP-%d-2,OMD7,THCUS,drugs,heroin,2025-06-04,TH,road,closed,0,zebrafish fry,Tanjung Pelepas,"
	         "in checked luggage,heroin,500,tablets\n", round, round);
	tdb_import(path, "import.csv", csv, 2);
}

/* ---- the tests --------------------------------------------------------------------- */

static void test_fresh_viewer_equals_oracle(void **state)
{
	(void)state;
	const char *path = tdb_sample("search.db", 3000);
	index_intact(path); /* the sample built it */
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_searches(s, path);
	/* The column store answered them (the match sets), not SQL. */
	assert_non_null(s->cols);
	assert_int_equal(s->cols->state, COLS_READY);
	assert_non_null(s->cols->search);
	store_close(s);
}

static void test_live_viewer_follows_writes(void **state)
{
	(void)state;
	const char *path = tdb_sample("search-live.db", 3000);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_searches(s, path);
	for (int round = 0; round < 4; round++) {
		plain_writes(path, round);
		index_intact(path);
		if (round == 2) {
			opdeck_import(path, round);
			index_intact(path);
		}
		check_searches(s, path);
		assert_int_equal(s->cols->state, COLS_READY);
	}
	/* A viewer opened now: the index as the writers left it. */
	struct store *t = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(t);
	check_searches(t, path);
	store_close(t);
	store_close(s);
}

/* Case and diacritics are folded (unicode61 remove_diacritics 2), which no LIKE did. */
static void test_diacritics_and_a_just_imported_case(void **state)
{
	(void)state;
	const char *path = tdb_sample("search-imp.db", 300);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	struct store_case_page pg;
	store_filter_init(&f);
	assert_non_null(f.search = strdup("hai phong"));
	assert_int_equal(store_cases(s, &f, STORE_ORDER_NEWEST, NULL, 20, &pg), 0);
	int before = pg.n;
	store_case_page_free(&pg);
	tdb_import(path, "dia.csv",
	           "ref,phase,agency,category,subcategory,detected_on,country,transport,status,location\n"
	           "DIA-1,OMD7,VNCUS,drugs,heroin,2025-06-03,VN,road,open,Cảng Hải Phòng\n", 1);
	index_intact(path);
	assert_int_equal(store_cases(s, &f, STORE_ORDER_NEWEST, NULL, 20, &pg), 0);
	assert_int_equal(pg.n, before + 1);
	int found = 0;
	for (int k = 0; k < pg.n; k++)
		found += strcmp(pg.cases[k].ref, "DIA-1") == 0;
	assert_int_equal(found, 1);
	store_case_page_free(&pg);
	store_filter_free(&f);
	store_close(s);
}

/* A database from before the index: its viewers scan the text (substrings, the old
 * way), and the first writer (an empty import) builds the index from every case. */
static void test_without_the_index_until_a_writer(void **state)
{
	(void)state;
	const char *path = tdb_sample("search-old.db", 2000);
	tdb_exec(path, "DROP TRIGGER cases_fts_ai; DROP TRIGGER cases_fts_ad; DROP TRIGGER cases_fts_au;"
	               " DROP TABLE cases_fts");
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	assert_non_null(f.search = strdup("amphetamine"));
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_STATUS, &a), 0);
	long long like = tdb_int(path, "SELECT count(*) FROM cases WHERE summary LIKE '%amphetamine%' OR"
	                               " ref LIKE '%amphetamine%' OR location LIKE '%amphetamine%' OR"
	                               " concealment LIKE '%amphetamine%'");
	assert_true(like > 0); /* methamphetamine, found inside the word */
	assert_int_equal(a.total.cases, like);
	store_agg_free(&a);
	tdb_import(path, "empty.csv", "ref,phase,agency,category,subcategory,detected_on,country,transport,status\n", 0);
	index_intact(path);
	assert_int_equal(tdb_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'cases_fts_a_'"), 3);
	/* Words now: amphetamine is no word's start in the sample's text. */
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_STATUS, &a), 0);
	assert_int_equal(a.total.cases, 0);
	store_agg_free(&a);
	store_close(s);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_searches(s, path);
	store_close(s);
	store_filter_free(&f);
}

/* simulate writes with the triggers on (new cases, corrections, withdrawals): the index
 * follows, and a viewer holding searches follows it. */
static void test_simulate_keeps_the_index(void **state)
{
	(void)state;
	const char *path = tdb_sample("search-sim.db", 1500);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	check_searches(s, path);
	struct store *w = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(w);
	struct store_sim_result r;
	assert_int_equal(store_simulate(w, 1000, 0.3, 5, &r), 0);
	store_close(w);
	assert_true(r.added > 0);
	index_intact(path);
	check_searches(s, path);
	store_close(s);
}

/* Writes that move cases in and out of a partial viewer's set (a search beside
 * transport road): a road case given the words, one given the words but not the road,
 * a matching road case's text changed away, one moved off the road, one deleted, and a
 * new road case with them. */
static void partial_writes(const char *path, const char *words, int round)
{
	char *sql = sqlite3_mprintf(
		"UPDATE cases SET summary = %Q WHERE id = (SELECT id FROM cases WHERE transport = 'road' AND"
		" id %% 7 = %d LIMIT 1);"
		"UPDATE cases SET concealment = %Q WHERE id = (SELECT id FROM cases WHERE transport <> 'road' AND"
		" id %% 5 = %d LIMIT 1);"
		"UPDATE cases SET summary = 'nothing to see', location = '', concealment = '', ref = 'GONE-%d'"
		" WHERE id = (SELECT id FROM cases WHERE transport = 'road' AND"
		" words_in(%Q, ref, summary, location, concealment) LIMIT 1);"
		"UPDATE cases SET transport = 'rail' WHERE id = (SELECT id FROM cases WHERE transport = 'road' AND"
		" words_in(%Q, ref, summary, location, concealment) LIMIT 1);"
		"DELETE FROM seizures WHERE case_id = (SELECT max(id) FROM cases WHERE transport = 'road' AND"
		" words_in(%Q, ref, summary, location, concealment));"
		"DELETE FROM cases WHERE id = (SELECT max(id) FROM cases WHERE transport = 'road' AND"
		" words_in(%Q, ref, summary, location, concealment));"
		"INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on, country,"
		" transport, status, arrests, summary) SELECT 'PART-%d', operation_id, agency_id, category_id,"
		" subcategory_id, detected_on, country, 'road', 'open', 1, %Q FROM cases LIMIT 1;"
		"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (last_insert_rowid(), 'x', 1.25, 'kg');",
		words, round, words, round, round, words, words, words, words, round, words);
	sqlite3 *db = oracle_open(path);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("partial writes: %s", err);
	sqlite3_close(db);
	sqlite3_free(sql);
}

/* A search on a screen without a phase or a day holds only its cases (and those of the
 * values beside it), follows writes that move cases in and out of that set, and any other
 * question afterwards loads every phase, each time with the oracle's figures. */
static void test_partial_search_follows_writes(void **state)
{
	(void)state;
	static const struct {
		const char *text, *transport;
	} asks[] = { { "heroin", NULL }, { "heroin", "road" }, { "in checked lugg", "road" }, { "SYN-0000777", NULL } };
	const char *path = tdb_sample("search-part.db", 3000);
	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		const char *text = asks[i].text, *tr = asks[i].transport;
		struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
		assert_non_null(s);
		sqlite3 *db = oracle_open(path);
		check_search_in(s, db, text, STORE_DIM_TRANSPORT, tr);
		/* Held partially: its cases alone (a rare word too, not SQL), no phase whole. */
		assert_int_equal(s->cols->state, COLS_READY);
		assert_int_equal(s->cols->part_on, 1);
		assert_non_null(s->cols->part_set);
		assert_int_equal(s->cols->loaded_all, 0);
		long long all = tdb_int(path, "SELECT count(*) FROM cases");
		assert_true(s->cols->n < all / 2);
		for (int round = 0; round < 3; round++) {
			partial_writes(path, text, (int)i * 10 + round);
			plain_writes(path, 100 + (int)i * 10 + round);
			index_intact(path);
			check_search_in(s, db, text, STORE_DIM_TRANSPORT, tr);
			assert_int_equal(s->cols->part_on, 1); /* followed, not reloaded */
		}
		opdeck_import(path, 200 + (int)i);
		check_search_in(s, db, text, STORE_DIM_TRANSPORT, tr);
		assert_int_equal(s->cols->part_on, 1);
		/* Another search, or the same under a phase (SQL for a few cases: the arrays
		 * hold others), then a question of every case (by day: no rollup answers it). */
		check_search(s, db, i % 2 ? "port" : text, i % 2 ? NULL : "OMD7");
		struct store_agg a;
		assert_int_equal(store_aggregate(s, NULL, STORE_DIM_DAY, &a), 0);
		assert_int_equal(a.total.cases, tdb_int(path, "SELECT count(*) FROM cases"));
		store_agg_free(&a);
		assert_int_equal(s->cols->part_on, 0);
		assert_null(s->cols->part_set);
		assert_int_equal(s->cols->loaded_all, 1);
		check_searches(s, path);
		plain_writes(path, 300 + (int)i);
		partial_writes(path, text, 300 + (int)i);
		check_search_in(s, db, text, STORE_DIM_TRANSPORT, tr);
		check_searches(s, path);
		assert_int_equal(s->cols->part_on, 0);
		sqlite3_close(db);
		store_close(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_viewer_equals_oracle),
		cmocka_unit_test(test_live_viewer_follows_writes),
		cmocka_unit_test(test_diacritics_and_a_just_imported_case),
		cmocka_unit_test(test_without_the_index_until_a_writer),
		cmocka_unit_test(test_simulate_keeps_the_index),
		cmocka_unit_test(test_partial_search_follows_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
