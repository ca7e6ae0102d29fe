/* store: opening bad files, aggregates, filters, search, paging, cases, change detection. */
#include <math.h>
#include <sys/stat.h>

#include "testutil.h"

#include "store.h"
#include "store_internal.h" /* s->db: fixtures are SQL run through a writer's connection */

/*
 * Two phases and an empty third; two agencies with cases and one without; six cases,
 * two of them on the same day (ties for paging).  Case 2's note holds '%' and '_'.
 */
static const char fixture_sql[] =
	"INSERT INTO operations(id, code, name, phase, starts_on, ends_on, period, source) VALUES"
	" (1, 'OMD1', 'OMD I', 1, '2025-01-06', '2025-02-28', 'Jan - Feb 2025', 'test'),"
	" (2, 'OMD2', 'OMD II', 2, '2025-03-01', '2025-06-30', '', 'test'),"
	" (3, 'OMD3', 'OMD III', 3, '2025-07-01', '2025-08-31', '', 'test');"
	"INSERT INTO agencies(id, code, name, short, country, kind) VALUES"
	" (1, 'VNCUS', 'General Department of Viet Nam Customs', 'VN Customs', 'VN', 'customs'),"
	" (2, 'THCUS', 'Thai Customs Department', 'TH Customs', 'TH', 'customs'),"
	" (3, 'RILOAP', 'WCO RILO A/P', 'WCO RILO A/P', 'KR', 'international');"
	"INSERT INTO participations VALUES (1,1),(1,2),(2,1),(2,2),(2,3),(3,1);"
	"INSERT INTO categories(id, code, name, parent_id, position) VALUES"
	" (1, 'drugs', 'Drugs', NULL, 1), (2, 'precursors', 'Precursors', NULL, 2),"
	" (3, 'wildlife', 'Wildlife', NULL, 3), (4, 'meth-tablets', 'Methamphetamine tablets', 1, 1),"
	" (5, 'heroin', 'Heroin', 1, 2), (6, 'ivory', 'Ivory', 3, 1), (7, 'ephedrine', 'Ephedrine', 2, 1);"
	"INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	" location, country, transport, concealment, arrests, status, summary) VALUES"
	" (1, 'A-1', 1, 1, 1, 4, '2025-01-06', 'Cat Lai port', 'VN', 'sea container', 'in tea packaging',"
	"  2, 'open', 'tablets and crystal'),"
	" (2, 'A-2', 1, 1, 1, 5, '2025-01-08', 'Noi Bai airport', 'VN', 'air passenger', '', 1, 'closed',"
	"  '100% pure_stuff'),"
	" (3, 'A-3', 1, 2, 3, 6, '2025-01-08', 'Laem Chabang port', 'TH', 'sea container', 'in sacks', 0,"
	"  'open', 'ivory tusks'),"
	" (4, 'B-1', 2, 2, 1, 4, '2025-03-03', 'Suvarnabhumi airport', 'TH', 'air cargo', '', 3,"
	"  'prosecuted', 'tablets are stored in boxes'),"
	" (5, 'B-2', 2, 1, 2, 7, '2025-03-05', 'Mong Cai border gate', 'VN', 'road', '', 0, 'open',"
	"  '100 percent ephedrine'),"
	" (6, 'B-3', 2, 1, 1, 4, '2025-03-05', 'Mong Cai border gate', 'VN', 'road', '', 1,"
	"  'under investigation', 'tablets');"
	"INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES"
	" (1, 'crystal methamphetamine', 2.5, 'kg'), (1, 'methamphetamine tablets', 1000, 'tablets'),"
	" (2, 'heroin', 1.25, 'kg'), (3, 'ivory tusks', 40, 'kg'), (3, 'worked ivory', 3, 'pieces'),"
	" (4, 'methamphetamine tablets', 5000, 'tablets'), (5, 'ephedrine', 10, 'kg'),"
	" (6, 'methamphetamine tablets', 300, 'tablets'), (6, 'crystal methamphetamine', 0.5, 'kg');";

static char errbuf[600];

/* A new database at name holding the fixture (plus extra SQL); returns its path. */
static const char *make_db(const char *name, const char *extra)
{
	const char *path = tu_path(name);
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, errbuf, sizeof errbuf);
	assert_non_null(s);
	assert_int_equal(sqlite3_exec(s->db, fixture_sql, NULL, NULL, NULL), SQLITE_OK);
	if (extra)
		assert_int_equal(sqlite3_exec(s->db, extra, NULL, NULL, NULL), SQLITE_OK);
	store_close(s);
	return path;
}

static struct store *open_fixture(void)
{
	static const char *path;
	if (!path)
		path = make_db("fixture.db", NULL);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	return s;
}

static void expect_open_error(const char *path, int mode, const char *what)
{
	char want[700];
	snprintf(want, sizeof want, "%s: %s", path, what);
	assert_null(store_open(path, mode, errbuf, sizeof errbuf));
	assert_string_equal(errbuf, want);
}

/* ---- opening ------------------------------------------------------------------------ */

static void test_open_missing_file(void **state)
{
	(void)state;
	expect_open_error(tu_path("missing.db"), STORE_READ, "no such file");
	expect_open_error(tu_path("missing.db"), STORE_WRITE, "no such file");
}

static void test_open_zero_byte_file(void **state)
{
	(void)state;
	expect_open_error(tu_write("empty.db", ""), STORE_READ, "empty file, not an opdeck database");
}

static void test_open_text_file(void **state)
{
	(void)state;
	expect_open_error(tu_write("notes.db", "phase,cases\nOMD7,1155\n"), STORE_READ,
	                  "file is not a database");
}

static void test_open_truncated_database(void **state)
{
	(void)state;
	/* Enough rows for many pages, then cut the file in half. */
	const char *path = make_db("truncated.db",
	                           "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
	                           " INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	                           " detected_on, country, transport, status, summary)"
	                           " SELECT i, 'T-' || i, 1, 1, 1, 4, '2025-01-10', 'VN', 'road', 'open',"
	                           " printf('%0200d', i) FROM n;");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(truncate(path, sb.st_size / 2), 0);
	assert_null(store_open(path, STORE_READ, errbuf, sizeof errbuf));
	char want[700];
	snprintf(want, sizeof want, "%s: truncated (%lld of %lld bytes); the database is damaged", path,
	         (long long)(sb.st_size / 2), (long long)sb.st_size);
	assert_string_equal(errbuf, want);
}

static void test_open_other_schema_version(void **state)
{
	(void)state;
	const char *path = make_db("v3.db", "UPDATE meta SET value = '3' WHERE key = 'schema_version';");
	expect_open_error(path, STORE_READ, "schema version 3, this opdeck reads version 2 (made by a newer opdeck)");
	expect_open_error(path, STORE_WRITE, "schema version 3, this opdeck reads version 2 (made by a newer opdeck)");
	path = make_db("v1.db", "UPDATE meta SET value = '1' WHERE key = 'schema_version';");
	expect_open_error(path, STORE_READ, "schema version 1, this opdeck reads version 2 (an older database: "
	                  "create a new one with opdeck init --operation or opdeck sample, and import its cases again)");
}

static void test_open_foreign_database(void **state)
{
	(void)state;
	const char *path = tu_path("foreign.db");
	sqlite3 *db;
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('x');",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	expect_open_error(path, STORE_READ, "not an opdeck database");
}

static void test_open_without_schema_version(void **state)
{
	(void)state;
	const char *path = make_db("nover.db", "DELETE FROM meta WHERE key = 'schema_version';");
	expect_open_error(path, STORE_READ, "not an opdeck database");
}

static void test_create_refuses_non_empty_file(void **state)
{
	(void)state;
	const char *path = tu_write("precious.txt", "do not overwrite\n");
	expect_open_error(path, STORE_CREATE, "exists and is not empty; refusing to overwrite");
	FILE *f = fopen(path, "rb");
	char buf[64] = "";
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "do not overwrite\n");
}

static void test_create_writes_schema_version(void **state)
{
	(void)state;
	const char *path = tu_path("new.db");
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, errbuf, sizeof errbuf);
	assert_non_null(s);
	store_close(s);
	s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	char *v = store_meta(s, "schema_version");
	assert_string_equal(v, "2");
	free(v);
	assert_null(store_meta(s, "no-such-key"));
	store_close(s);
}

static char *slurp(const char *path, long *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = ftell(f);
	rewind(f);
	char *b = malloc((size_t)*n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)*n, f), (size_t)*n);
	fclose(f);
	return b;
}

static void test_viewer_leaves_file_unchanged(void **state)
{
	(void)state;
	const char *path = make_db("viewed.db", NULL);
	long n1, n2;
	char *before = slurp(path, &n1);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	store_filter_init(&f);
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		struct store_agg a;
		assert_int_equal(store_aggregate(s, &f, d, &a), 0);
		store_agg_free(&a);
	}
	struct store_case_page p;
	assert_int_equal(store_cases(s, &f, STORE_ORDER_NEWEST, NULL, 10, &p), 0);
	store_case_page_free(&p);
	/* The viewer's connection itself refuses to write. */
	assert_int_not_equal(sqlite3_exec(s->db, "DELETE FROM cases", NULL, NULL, NULL), SQLITE_OK);
	store_close(s);
	char *after = slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, (size_t)n1);
	free(before);
	free(after);
	char j[300];
	snprintf(j, sizeof j, "%s-journal", path);
	assert_int_not_equal(access(j, F_OK), 0);
}

static void test_sample_refuses_database_with_data_and_rolls_back(void **state)
{
	(void)state;
	const char *path = make_db("full.db", NULL);
	struct store *s = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(s);
	assert_int_equal(store_sample(s, 10, 1), -1);
	char want[400];
	snprintf(want, sizeof want, "%s: already holds data; the sample needs a new database", path);
	assert_string_equal(store_error(s), want);
	store_close(s);
	s = open_fixture();
	struct store_agg a;
	assert_int_equal(store_aggregate(s, NULL, STORE_DIM_PHASE, &a), 0);
	assert_int_equal(a.total.cases, 6);
	store_agg_free(&a);
	store_close(s);
}

/* ---- names -------------------------------------------------------------------------- */

static void test_names_round_trip(void **state)
{
	(void)state;
	assert_string_equal(store_dim_name(STORE_DIM_SUBCATEGORY), "subcategory");
	assert_int_equal(store_dim_parse("week"), STORE_DIM_WEEK);
	assert_int_equal(store_dim_parse("weeks"), -1);
	assert_int_equal(store_dim_parse(NULL), -1);
	assert_null(store_dim_name(STORE_DIM_COUNT));
	assert_string_equal(store_unit_name(STORE_UNIT_M3), "m3");
	assert_int_equal(store_unit_parse("tablets"), STORE_UNIT_TABLETS);
	assert_int_equal(store_unit_parse("g"), -1);
	assert_string_equal(store_order_name(STORE_ORDER_REF), "ref");
	assert_string_equal(store_order_name(STORE_ORDER_LARGEST), "largest");
}

static void test_filter_copy_and_free(void **state)
{
	(void)state;
	struct store_filter f, g, zero;
	store_filter_init(&f);
	memset(&zero, 0, sizeof zero);
	store_filter_free(&zero); /* a zeroed filter is fine */
	assert_int_equal(store_filter_set(&f, STORE_DIM_AGENCY, "VNCUS"), 0);
	assert_int_equal(store_filter_set(&f, STORE_DIM_AGENCY, "THCUS"), 0);
	assert_int_equal(store_filter_set(&f, STORE_DIM_COUNT, "x"), -1);
	f.search = strdup("tea");
	assert_int_equal(store_filter_copy(&g, &f), 0);
	assert_string_equal(g.value[STORE_DIM_AGENCY], "THCUS");
	assert_string_equal(g.search, "tea");
	assert_null(g.case_ref);
	assert_int_equal(store_filter_set(&g, STORE_DIM_AGENCY, NULL), 0);
	assert_null(g.value[STORE_DIM_AGENCY]);
	store_filter_free(&f);
	store_filter_free(&g);
}

static void test_sql_builder_binds_every_value(void **state)
{
	(void)state;
	struct store_filter f;
	struct store_sql q = { 0 };
	store_filter_init(&f);
	store_sql_where(&q, &f);
	assert_string_equal(q.buf, "");
	assert_int_equal(q.nbind, 0);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7'; DROP TABLE cases; --");
	store_filter_set(&f, STORE_DIM_WEEK, "2025-09-08");
	store_sql_where(&q, &f);
	assert_null(strstr(q.buf, "DROP"));
	assert_int_equal(q.nbind, 3);
	assert_string_equal(q.bind[0], f.value[STORE_DIM_PHASE]);
	store_sql_free(&q);
	store_filter_free(&f);
}

/* ---- aggregates --------------------------------------------------------------------- */

struct want_row { const char *key, *label; long long cases, arrests; double kg, tablets, pieces; };

static void expect_agg(struct store *s, const struct store_filter *f, int dim,
                       const struct want_row *want, int n)
{
	struct store_agg a;
	long long cases = 0;
	assert_int_equal(store_aggregate(s, f, dim, &a), 0);
	assert_int_equal(a.dim, dim);
	assert_int_equal(a.n, n);
	for (int i = 0; i < n; i++) {
		assert_string_equal(a.rows[i].key, want[i].key);
		assert_string_equal(a.rows[i].label, want[i].label);
		assert_int_equal(a.rows[i].cases, want[i].cases);
		assert_int_equal(a.rows[i].arrests, want[i].arrests);
		assert_true(fabs(a.rows[i].qty[STORE_UNIT_KG] - want[i].kg) < 1e-9);
		assert_true(fabs(a.rows[i].qty[STORE_UNIT_TABLETS] - want[i].tablets) < 1e-9);
		assert_true(fabs(a.rows[i].qty[STORE_UNIT_PIECES] - want[i].pieces) < 1e-9);
		cases += want[i].cases;
	}
	assert_string_equal(a.total.key, "");
	assert_string_equal(a.total.label, "total");
	assert_int_equal(a.total.cases, cases);
	store_agg_free(&a);
}

/* Agencies of a phase with no case under the filter: "who has not reported this week". */
static void silent(struct store *s, const char *phase, int dim, const char *value, char *out)
{
	struct store_filter f;
	struct store_agg a;

	store_filter_init(&f);
	if (phase)
		store_filter_set(&f, STORE_DIM_PHASE, phase);
	if (value)
		store_filter_set(&f, dim, value);
	assert_int_equal(store_silent_agencies(s, &f, &a), 0);
	out[0] = '\0';
	for (int i = 0; i < a.n; i++) {
		assert_int_equal(a.rows[i].cases, 0);
		strcat(out, a.rows[i].label);
		strcat(out, ";");
	}
	store_agg_free(&a);
	store_filter_free(&f);
}

static void test_silent_agencies_are_the_participants_without_a_case(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	char got[256];

	silent(s, "OMD2", 0, NULL, got);
	assert_string_equal(got, "WCO RILO A/P;");
	silent(s, "OMD2", STORE_DIM_STATUS, "open", got);
	assert_string_equal(got, "TH Customs;WCO RILO A/P;");
	silent(s, "OMD2", STORE_DIM_WEEK, "2025-03-03", got);
	assert_string_equal(got, "WCO RILO A/P;");
	silent(s, "OMD1", STORE_DIM_WEEK, "2025-01-06", got); /* RILO A/P is not in OMD I */
	assert_string_equal(got, "");
	silent(s, "OMD1", STORE_DIM_DAY, "2025-01-08", got);
	assert_string_equal(got, "");
	silent(s, "OMD1", STORE_DIM_CATEGORY, "wildlife", got);
	assert_string_equal(got, "VN Customs;");
	silent(s, "OMD3", 0, NULL, got); /* a phase with a participant and no case at all */
	assert_string_equal(got, "VN Customs;");
	silent(s, NULL, STORE_DIM_STATUS, "prosecuted", got); /* no phase: every agency */
	assert_string_equal(got, "VN Customs;WCO RILO A/P;");
	store_close(s);
}

static void test_aggregate_by_phase_lists_empty_phases(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	const struct want_row w[] = {
		{ "OMD1", "OMD I", 3, 3, 43.75, 1000, 3 },
		{ "OMD2", "OMD II", 3, 4, 10.5, 5300, 0 },
		{ "OMD3", "OMD III", 0, 0, 0, 0, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_PHASE, w, 3);
	store_close(s);
}

static void test_aggregate_by_category_counts_cases_once(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	/* Case 1 has two seizures: one case, 2.5 kg and 1,000 tablets. */
	const struct want_row w[] = {
		{ "drugs", "Drugs", 4, 7, 4.25, 6300, 0 },
		{ "precursors", "Precursors", 1, 0, 10, 0, 0 },
		{ "wildlife", "Wildlife", 1, 0, 40, 0, 3 },
	};
	expect_agg(s, NULL, STORE_DIM_CATEGORY, w, 3);
	store_close(s);
}

static void test_aggregate_by_subcategory_agency_country(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	const struct want_row sub[] = {
		{ "meth-tablets", "Methamphetamine tablets", 3, 6, 3.0, 6300, 0 },
		{ "ephedrine", "Ephedrine", 1, 0, 10, 0, 0 },
		{ "ivory", "Ivory", 1, 0, 40, 0, 3 },
		{ "heroin", "Heroin", 1, 1, 1.25, 0, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_SUBCATEGORY, sub, 4);
	const struct want_row ag[] = {
		{ "VNCUS", "VN Customs", 4, 4, 14.25, 1300, 0 },
		{ "THCUS", "TH Customs", 2, 3, 40, 5000, 3 },
	};
	expect_agg(s, NULL, STORE_DIM_AGENCY, ag, 2);
	const struct want_row co[] = {
		{ "VN", "Viet Nam", 4, 4, 14.25, 1300, 0 },
		{ "TH", "Thailand", 2, 3, 40, 5000, 3 },
	};
	expect_agg(s, NULL, STORE_DIM_COUNTRY, co, 2);
	store_close(s);
}

static void test_aggregate_by_transport_status_week_day(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	const struct want_row tr[] = {
		{ "road", "road", 2, 1, 10.5, 300, 0 },
		{ "sea container", "sea container", 2, 2, 42.5, 1000, 3 },
		{ "air cargo", "air cargo", 1, 3, 0, 5000, 0 },
		{ "air passenger", "air passenger", 1, 1, 1.25, 0, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_TRANSPORT, tr, 4);
	const struct want_row st[] = {
		{ "open", "open", 3, 2, 52.5, 1000, 3 },
		{ "closed", "closed", 1, 1, 1.25, 0, 0 },
		{ "prosecuted", "prosecuted", 1, 3, 0, 5000, 0 },
		{ "under investigation", "under investigation", 1, 1, 0.5, 300, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_STATUS, st, 4);
	const struct want_row wk[] = {
		{ "2025-01-06", "6 Jan 2025", 3, 3, 43.75, 1000, 3 },
		{ "2025-03-03", "3 Mar 2025", 3, 4, 10.5, 5300, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_WEEK, wk, 2);
	const struct want_row dy[] = {
		{ "2025-01-06", "6 Jan 2025", 1, 2, 2.5, 1000, 0 },
		{ "2025-01-08", "8 Jan 2025", 2, 1, 41.25, 0, 3 },
		{ "2025-03-03", "3 Mar 2025", 1, 3, 0, 5000, 0 },
		{ "2025-03-05", "5 Mar 2025", 2, 1, 10.5, 300, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_DAY, dy, 4);
	store_close(s);
}

static void test_aggregate_with_combined_filters(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD2");
	store_filter_set(&f, STORE_DIM_CATEGORY, "drugs");
	const struct want_row ag[] = {
		{ "THCUS", "TH Customs", 1, 3, 0, 5000, 0 },
		{ "VNCUS", "VN Customs", 1, 1, 0.5, 300, 0 },
	};
	expect_agg(s, &f, STORE_DIM_AGENCY, ag, 2);
	/* A filter fixing the phase (or category) keeps only that row of its own dimension. */
	const struct want_row ph[] = { { "OMD2", "OMD II", 2, 4, 0.5, 5300, 0 } };
	expect_agg(s, &f, STORE_DIM_PHASE, ph, 1);
	const struct want_row ca[] = { { "drugs", "Drugs", 2, 4, 0.5, 5300, 0 } };
	expect_agg(s, &f, STORE_DIM_CATEGORY, ca, 1);
	store_filter_set(&f, STORE_DIM_WEEK, "2025-03-03");
	store_filter_set(&f, STORE_DIM_STATUS, "prosecuted");
	const struct want_row dy[] = { { "2025-03-03", "3 Mar 2025", 1, 3, 0, 5000, 0 } };
	expect_agg(s, &f, STORE_DIM_DAY, dy, 1);
	store_filter_set(&f, STORE_DIM_TRANSPORT, "road");
	expect_agg(s, &f, STORE_DIM_DAY, NULL, 0);
	store_filter_free(&f);
	store_close(s);
}

static void test_aggregate_sub_category_filter_keeps_its_category(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_SUBCATEGORY, "ivory");
	const struct want_row ca[] = { { "wildlife", "Wildlife", 1, 0, 40, 0, 3 } };
	expect_agg(s, &f, STORE_DIM_CATEGORY, ca, 1);
	store_filter_free(&f);
	store_close(s);
}

/* ---- search ------------------------------------------------------------------------- */

static int count_cases(struct store *s, const struct store_filter *f)
{
	struct store_agg a;
	assert_int_equal(store_aggregate(s, f, STORE_DIM_STATUS, &a), 0);
	int n = (int)a.total.cases;
	store_agg_free(&a);
	return n;
}

/* A search is words (store_search.h): each from a word's start, in order, the last a
 * prefix; what is typed is never FTS5 syntax, and text without a word finds nothing. */
static void test_search_treats_percent_and_underscore_literally(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_filter f;
	store_filter_init(&f);
	static const struct { const char *text; int n; } t[] = {
		{ "100", 2 },          /* "100% pure_stuff", "100 percent ephedrine" */
		{ "100%", 2 },         /* '%' separates words, as a space does */
		{ "\\100", 2 },       /* so does a backslash */
		{ "pure_stuff", 1 },   /* the words pure, stuff, one after the other */
		{ "re_st", 0 },        /* no word starts "re" followed by one starting "st" */
		{ "100 pe", 1 },       /* the last word a prefix: "100 percent" */
		{ "percent 100", 0 },  /* in order */
		{ "%", 0 },            /* no word at all: nothing */
		{ "100\" OR \"tablets", 0 }, /* quotes and operators are text: the words 100 or tablets */
		{ "NEAR(tablets)", 0 },
		{ "tablets*", 3 },
		{ "ablets", 0 },       /* not inside a word */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		free(f.search);
		f.search = strdup(t[i].text);
		if (count_cases(s, &f) != t[i].n)
			fail_msg("search %s: %d cases, expected %d", t[i].text, count_cases(s, &f), t[i].n);
	}
	free(f.search);
	f.search = malloc(20001); /* a very long word: found nowhere, no error */
	memset(f.search, 'x', 20000);
	f.search[20000] = '\0';
	assert_int_equal(count_cases(s, &f), 0);
	store_filter_free(&f);
	store_close(s);
}

static void test_search_is_case_insensitive_over_four_fields(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_filter f;
	store_filter_init(&f);
	f.search = strdup("CAT LAI");  /* location */
	assert_int_equal(count_cases(s, &f), 1);
	free(f.search);
	f.search = strdup("Tea Pack");  /* concealment */
	assert_int_equal(count_cases(s, &f), 1);
	free(f.search);
	f.search = strdup("b-");        /* refs B-1 .. B-3, and Noi Bai: a word starting with b */
	assert_int_equal(count_cases(s, &f), 4);
	free(f.search);
	f.search = strdup("b-2");       /* ref */
	assert_int_equal(count_cases(s, &f), 1);
	free(f.search);
	f.search = strdup("TABLETS");   /* summary */
	assert_int_equal(count_cases(s, &f), 3);
	free(f.search);
	f.search = NULL;
	f.case_ref = strdup("A-3");
	assert_int_equal(count_cases(s, &f), 1);
	store_filter_free(&f);
	store_close(s);
}

/* ---- case lists --------------------------------------------------------------------- */

/* Pages through the whole list two at a time and returns the refs in order. */
static void page_all(struct store *s, const struct store_filter *f, int order, int limit, char *out)
{
	struct store_cursor cur = { 0 };
	struct store_case_page p;
	int pages = 0;
	out[0] = '\0';
	do {
		assert_int_equal(store_cases(s, f, order, &cur, limit, &p), 0);
		for (int i = 0; i < p.n; i++) {
			strcat(out, p.cases[i].ref);
			strcat(out, " ");
		}
		cur = p.next;
		int more = p.more;
		store_case_page_free(&p);
		if (!more)
			break;
	} while (++pages < 100);
}

static void test_cases_keyset_paging_visits_each_case_once(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	char refs[256];
	page_all(s, NULL, STORE_ORDER_NEWEST, 2, refs);
	assert_string_equal(refs, "B-3 B-2 B-1 A-3 A-2 A-1 ");
	page_all(s, NULL, STORE_ORDER_OLDEST, 2, refs);
	assert_string_equal(refs, "A-1 A-2 A-3 B-1 B-2 B-3 ");
	page_all(s, NULL, STORE_ORDER_REF, 4, refs);
	assert_string_equal(refs, "A-1 A-2 A-3 B-1 B-2 B-3 ");
	page_all(s, NULL, STORE_ORDER_NEWEST, 1, refs);
	assert_string_equal(refs, "B-3 B-2 B-1 A-3 A-2 A-1 ");
	/* The largest seizure by weight first (40, 10, 2.5, 1.25, 0.5 kg); B-1 has none. */
	page_all(s, NULL, STORE_ORDER_LARGEST, 2, refs);
	assert_string_equal(refs, "A-3 B-2 A-1 A-2 B-3 B-1 ");
	page_all(s, NULL, STORE_ORDER_LARGEST, 1, refs);
	assert_string_equal(refs, "A-3 B-2 A-1 A-2 B-3 B-1 ");
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_AGENCY, "VNCUS");
	page_all(s, &f, STORE_ORDER_OLDEST, 3, refs);
	assert_string_equal(refs, "A-1 A-2 B-2 B-3 ");
	store_filter_free(&f);
	store_close(s);
}

/* Pages a list backwards from its end with store_cases_before; refs in the list's order. */
static void page_all_backwards(struct store *s, const struct store_filter *f, int order, int limit, char *out)
{
	struct store_cursor before = { 0 };
	char acc[256] = "";
	int first = 1;
	for (;;) {
		struct store_case_page p;
		assert_int_equal(store_cases_before(s, f, order, first ? NULL : &before, limit, &p), 0);
		char pagebuf[256] = "";
		for (int i = 0; i < p.n; i++)
			snprintf(pagebuf + strlen(pagebuf), sizeof pagebuf - strlen(pagebuf), "%s ", p.cases[i].ref);
		char t[256];
		snprintf(t, sizeof t, "%s%s", pagebuf, acc);
		snprintf(acc, sizeof acc, "%s", t);
		int more = p.more;
		if (p.n > 0)
			store_cursor_of(&p.cases[0], order, &before);
		store_case_page_free(&p);
		first = 0;
		if (!more)
			break;
	}
	strcpy(out, acc);
}

static void test_cases_before_pages_back_from_the_end(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	char refs[256];
	struct store_case_page p;
	/* the last page: End shows the last cases, in the list's own order */
	assert_int_equal(store_cases_before(s, NULL, STORE_ORDER_NEWEST, NULL, 2, &p), 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.cases[0].ref, "A-2");
	assert_string_equal(p.cases[1].ref, "A-1");
	assert_int_equal(p.more, 1);
	store_case_page_free(&p);
	for (int lim = 1; lim <= 4; lim++) {
		page_all_backwards(s, NULL, STORE_ORDER_NEWEST, lim, refs);
		assert_string_equal(refs, "B-3 B-2 B-1 A-3 A-2 A-1 ");
		page_all_backwards(s, NULL, STORE_ORDER_OLDEST, lim, refs);
		assert_string_equal(refs, "A-1 A-2 A-3 B-1 B-2 B-3 ");
		page_all_backwards(s, NULL, STORE_ORDER_REF, lim, refs);
		assert_string_equal(refs, "A-1 A-2 A-3 B-1 B-2 B-3 ");
		page_all_backwards(s, NULL, STORE_ORDER_LARGEST, lim, refs);
		assert_string_equal(refs, "A-3 B-2 A-1 A-2 B-3 B-1 ");
	}
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_AGENCY, "VNCUS");
	page_all_backwards(s, &f, STORE_ORDER_OLDEST, 3, refs);
	assert_string_equal(refs, "A-1 A-2 B-2 B-3 ");
	store_filter_free(&f);
	store_close(s);
}

static void test_cases_page_flags_more_exactly(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_case_page p;
	assert_int_equal(store_cases(s, NULL, STORE_ORDER_REF, NULL, 6, &p), 0);
	assert_int_equal(p.n, 6);
	assert_int_equal(p.more, 0);
	store_case_page_free(&p);
	assert_int_equal(store_cases(s, NULL, STORE_ORDER_REF, NULL, 5, &p), 0);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.more, 1);
	assert_true(p.next.valid);
	assert_string_equal(p.next.key, "B-2");
	store_case_page_free(&p);
	store_case_page_free(&p); /* freeing twice (a zeroed page) is fine */
	store_close(s);
}

/* The one vocabulary table is the schema's: each CHECK (col IN (...)) lists exactly its
 * words, in its order (detection also allows ''). */
static void expect_check_set(const char *col, const char *const *words, const char *first)
{
	char want[512], pat[64];
	size_t n = (size_t)snprintf(want, sizeof want, "CHECK (%s IN (%s", col, first);
	for (int i = 0; words[i]; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%s'%s'", i || *first ? "," : "", words[i]);
	snprintf(want + n, sizeof want - n, "))");
	/* The schema text wraps its lines: compare without the line breaks and indents. */
	char flat[16384];
	size_t k = 0;
	for (const char *p = store_schema_sql; *p && k + 1 < sizeof flat; p++) {
		if (*p == '\n') {
			while (p[1] == ' ')
				p++;
			continue;
		}
		flat[k++] = *p;
	}
	flat[k] = '\0';
	snprintf(pat, sizeof pat, "CHECK (%s IN (", col);
	assert_non_null(strstr(flat, pat));
	if (!strstr(flat, want))
		fail_msg("schema lacks %s", want);
}

static void test_vocabularies_are_the_schema_check_sets(void **state)
{
	(void)state;
	expect_check_set("transport", store_transports, "");
	expect_check_set("status", store_statuses, "");
	expect_check_set("detection", store_detections, "''");
	assert_null(store_transports[STORE_TRANSPORT_COUNT]);
	assert_null(store_statuses[STORE_STATUS_COUNT]);
	assert_null(store_detections[STORE_DETECTION_COUNT]);
}

/* A NUL inside a value (SQLite allows it) shows as ␀ and hides nothing after it. */
static void test_embedded_nul_shows_and_hides_nothing(void **state)
{
	(void)state;
	const char *path = make_db("nul.db", "UPDATE cases SET summary = 'before' || char(0) || 'after',"
	                                     " location = char(0) WHERE ref = 'A-1'");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_case c;
	assert_int_equal(store_case_get(s, "A-1", &c), 0);
	assert_string_equal(c.summary, "before\xE2\x90\x80" "after");
	assert_string_equal(c.location, "\xE2\x90\x80");
	store_case_free(&c);
	store_close(s);
}

static void test_case_get_fills_every_field_with_seizures_largest_first(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_case c;
	assert_int_equal(store_case_get(s, "A-1", &c), 0);
	assert_string_equal(c.ref, "A-1");
	assert_string_equal(c.phase, "OMD1");
	assert_string_equal(c.phase_name, "OMD I");
	assert_string_equal(c.agency, "VNCUS");
	assert_string_equal(c.agency_short, "VN Customs");
	assert_string_equal(c.agency_name, "General Department of Viet Nam Customs");
	assert_string_equal(c.agency_country, "VN");
	assert_string_equal(c.category, "drugs");
	assert_string_equal(c.category_name, "Drugs");
	assert_string_equal(c.subcategory, "meth-tablets");
	assert_string_equal(c.subcategory_name, "Methamphetamine tablets");
	assert_string_equal(c.detected_on, "2025-01-06");
	assert_string_equal(c.location, "Cat Lai port");
	assert_string_equal(c.transport, "sea container");
	assert_string_equal(c.departure, "");
	assert_string_equal(c.detection, "");
	assert_string_equal(c.concealment, "in tea packaging");
	assert_string_equal(c.status, "open");
	assert_int_equal(c.arrests, 2);
	assert_int_equal(c.nseizures, 2);
	assert_string_equal(c.seizures[0].commodity, "methamphetamine tablets");
	assert_true(c.seizures[0].quantity == 1000);
	assert_int_equal(c.seizures[0].unit, STORE_UNIT_TABLETS);
	assert_string_equal(c.seizures[1].commodity, "crystal methamphetamine");
	assert_true(c.seizures[1].quantity == 2.5);
	assert_int_equal(c.seizures[1].unit, STORE_UNIT_KG);
	/* the case's totals per unit, every seizure counted */
	assert_true(c.qty[STORE_UNIT_KG] == 2.5);
	assert_true(c.qty[STORE_UNIT_TABLETS] == 1000);
	assert_true(c.qty[STORE_UNIT_PIECES] == 0);
	store_case_free(&c);
	store_case_free(&c);
	assert_int_equal(store_case_get(s, "Z-9", &c), -1);
	assert_string_equal(store_error(s), "no case 'Z-9'");
	store_close(s);
}

static void test_labels(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	const struct { int dim; const char *key, *label; } t[] = {
		{ STORE_DIM_PHASE, "OMD2", "OMD II" }, { STORE_DIM_CATEGORY, "wildlife", "Wildlife" },
		{ STORE_DIM_SUBCATEGORY, "ivory", "Ivory" }, { STORE_DIM_AGENCY, "THCUS", "TH Customs" },
		{ STORE_DIM_COUNTRY, "VN", "Viet Nam" }, { STORE_DIM_COUNTRY, "QQ", "QQ" },
		{ STORE_DIM_TRANSPORT, "road", "road" }, { STORE_DIM_WEEK, "2025-09-08", "8 Sep 2025" },
		{ STORE_DIM_DAY, "2025-09-14", "14 Sep 2025" }, { STORE_DIM_AGENCY, "XXCUS", "XXCUS" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *l = store_label(s, t[i].dim, t[i].key);
		assert_string_equal(l, t[i].label);
		free(l);
	}
	store_close(s);
}

/* Short names for narrow columns: two modes never share one ("sea ctr", "sea vsl"). */
static void test_short_names(void **state)
{
	(void)state;
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "sea container"), "sea ctr");
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "sea vessel"), "sea vsl");
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "air passenger"), "air pax");
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "air cargo"), "air crg");
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "express courier"), "expr");
	assert_string_equal(store_short_name(STORE_DIM_TRANSPORT, "postal"), "post");
	assert_string_equal(store_short_name(STORE_DIM_STATUS, "under investigation"), "investig.");
	assert_null(store_short_name(STORE_DIM_TRANSPORT, "road")); /* short already */
	assert_null(store_short_name(STORE_DIM_TRANSPORT, "hovercraft"));
	assert_null(store_short_name(STORE_DIM_TRANSPORT, NULL));
	assert_null(store_short_name(STORE_DIM_AGENCY, "sea container"));
}

static void test_phases_with_participations(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_phase *p;
	int n;
	assert_int_equal(store_phases(s, &p, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].code, "OMD1");
	assert_string_equal(p[0].name, "OMD I");
	assert_int_equal(p[0].number, 1);
	assert_string_equal(p[0].starts_on, "2025-01-06");
	assert_string_equal(p[0].period, "Jan - Feb 2025");
	assert_int_equal(p[0].agencies, 2);
	assert_int_equal(p[1].agencies, 3);
	assert_int_equal(p[2].agencies, 1);
	store_phases_free(p, n);
	store_close(s);
}

/* ---- filter checks ------------------------------------------------------------------ */

static void check_filter_value(struct store *s, int dim, const char *value, const char *msg)
{
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, dim, value);
	if (msg) {
		assert_int_equal(store_filter_check(s, &f), -1);
		assert_string_equal(store_error(s), msg);
	} else {
		assert_int_equal(store_filter_check(s, &f), 0);
	}
	store_filter_free(&f);
}

static void test_filter_check_messages(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	assert_int_equal(store_filter_check(s, NULL), 0);
	check_filter_value(s, STORE_DIM_PHASE, "OMD9", "unknown phase 'OMD9'");
	check_filter_value(s, STORE_DIM_PHASE, "OMD3", NULL);
	check_filter_value(s, STORE_DIM_AGENCY, "XXCUS", "unknown agency 'XXCUS'");
	check_filter_value(s, STORE_DIM_AGENCY, "RILOAP", NULL);
	check_filter_value(s, STORE_DIM_CATEGORY, "foo", "unknown category 'foo'");
	check_filter_value(s, STORE_DIM_CATEGORY, "ivory", "unknown category 'ivory'");
	check_filter_value(s, STORE_DIM_SUBCATEGORY, "drugs", "unknown sub-category 'drugs'");
	check_filter_value(s, STORE_DIM_COUNTRY, "KR", NULL);
	check_filter_value(s, STORE_DIM_COUNTRY, "ZZ", "unknown country 'ZZ'");
	check_filter_value(s, STORE_DIM_TRANSPORT, "camel", "unknown transport 'camel'");
	check_filter_value(s, STORE_DIM_TRANSPORT, "sea vessel", NULL);
	check_filter_value(s, STORE_DIM_STATUS, "lost", "unknown status 'lost'");
	check_filter_value(s, STORE_DIM_WEEK, "2025-09-08", NULL);
	check_filter_value(s, STORE_DIM_WEEK, "2025-09-09", "week '2025-09-09' is not a Monday");
	check_filter_value(s, STORE_DIM_WEEK, "2025-02-30", "week '2025-02-30' is not a date (YYYY-MM-DD)");
	check_filter_value(s, STORE_DIM_DAY, "2024-02-29", NULL);
	check_filter_value(s, STORE_DIM_DAY, "2025-13-01", "day '2025-13-01' is not a date (YYYY-MM-DD)");
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_CATEGORY, "drugs");
	store_filter_set(&f, STORE_DIM_SUBCATEGORY, "ivory");
	assert_int_equal(store_filter_check(s, &f), -1);
	assert_string_equal(store_error(s), "'ivory' is not a sub-category of 'drugs'");
	store_filter_set(&f, STORE_DIM_SUBCATEGORY, "heroin");
	assert_int_equal(store_filter_check(s, &f), 0);
	f.case_ref = strdup("X");
	assert_int_equal(store_filter_check(s, &f), -1);
	assert_string_equal(store_error(s), "no case 'X'");
	store_filter_free(&f);
	store_close(s);
}

/* ---- values as people type them ---------------------------------------------------- */

static void expect_resolve(struct store *s, int dim, const char *typed, const char *key)
{
	char *k = NULL;
	assert_int_equal(store_resolve(s, dim, typed, &k), 0);
	assert_string_equal(k, key);
	free(k);
}

static void expect_resolve_error(struct store *s, int dim, const char *typed, const char *msg)
{
	char *k = (char *)"x";
	assert_int_equal(store_resolve(s, dim, typed, &k), -1);
	assert_null(k);
	assert_string_equal(store_error(s), msg);
}

static void test_resolve_matches_codes_and_names_without_regard_to_case(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	expect_resolve(s, STORE_DIM_PHASE, "OMD2", "OMD2");
	expect_resolve(s, STORE_DIM_PHASE, "omd2", "OMD2");
	expect_resolve(s, STORE_DIM_PHASE, "OMD II", "OMD2");
	expect_resolve(s, STORE_DIM_PHASE, "omd ii", "OMD2");
	expect_resolve(s, STORE_DIM_PHASE, "OMD 3", "OMD3");
	expect_resolve(s, STORE_DIM_PHASE, "3", "OMD3");
	expect_resolve(s, STORE_DIM_CATEGORY, "Drugs", "drugs");
	expect_resolve(s, STORE_DIM_SUBCATEGORY, "Methamphetamine tablets", "meth-tablets");
	expect_resolve(s, STORE_DIM_SUBCATEGORY, "METH TABLETS", "meth-tablets");
	expect_resolve(s, STORE_DIM_AGENCY, "thcus", "THCUS");
	expect_resolve(s, STORE_DIM_AGENCY, "TH Customs", "THCUS");
	expect_resolve(s, STORE_DIM_AGENCY, "Thai Customs Department", "THCUS");
	expect_resolve(s, STORE_DIM_COUNTRY, "th", "TH");
	expect_resolve(s, STORE_DIM_COUNTRY, "Viet Nam", "VN");
	expect_resolve(s, STORE_DIM_TRANSPORT, "Road", "road");
	expect_resolve(s, STORE_DIM_TRANSPORT, "Sea-Container", "sea container");
	expect_resolve(s, STORE_DIM_STATUS, "Under Investigation", "under investigation");
	expect_resolve(s, STORE_DIM_WEEK, "2025-09-10", "2025-09-08"); /* a Wednesday names its week */
	expect_resolve(s, STORE_DIM_DAY, "2025-09-10", "2025-09-10");
	char *k = NULL;
	assert_int_equal(store_resolve_case(s, "a-1", &k), 0);
	assert_string_equal(k, "A-1");
	free(k);
	assert_int_equal(store_resolve_case(s, "A-9", &k), -1);
	assert_string_equal(store_error(s), "no case 'A-9'");
	store_close(s);
}

static void test_resolve_unknown_lists_valid_or_nearest(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	expect_resolve_error(s, STORE_DIM_PHASE, "OMD9", "unknown phase 'OMD9' (one of: OMD1, OMD2, OMD3)");
	expect_resolve_error(s, STORE_DIM_CATEGORY, "wild", "unknown category 'wild' (one of: drugs, precursors, wildlife)");
	expect_resolve_error(s, STORE_DIM_AGENCY, "THCU", "unknown agency 'THCU' (one of: RILOAP, THCUS, VNCUS)");
	expect_resolve_error(s, STORE_DIM_COUNTRY, "ZZ", "unknown country 'ZZ' (one of: KR, TH, VN)");
	expect_resolve_error(s, STORE_DIM_TRANSPORT, "camel", "unknown transport 'camel' (one of: air passenger, "
	                     "air cargo, express courier, postal, sea container, sea vessel, road, rail, other)");
	store_close(s);
}

static void test_resolve_nearest_when_many(void **state)
{
	(void)state;
	char extra[4096] = "INSERT INTO agencies(code, name, short, country, kind) VALUES ";
	for (int i = 0; i < 14; i++)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "%s('X%02dCUS', 'Agency %d', 'X%d', 'TH', 'customs')",
		         i ? ", " : "", i, i, i);
	const char *path = make_db("resolve-many.db", extra);
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	expect_resolve_error(s, STORE_DIM_AGENCY, "THCU",
	                     "unknown agency 'THCU' (nearest: THCUS 'TH Customs', VNCUS 'VN Customs', X00CUS 'X0')");
	store_close(s);
}

static void test_filter_refuses_a_case_its_other_values_do_not_select(void **state)
{
	(void)state;
	struct store *s = open_fixture();
	struct store_filter f;
	store_filter_init(&f);
	f.case_ref = strdup("A-1");
	assert_int_equal(store_filter_check(s, &f), 0);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD1");
	store_filter_set(&f, STORE_DIM_AGENCY, "VNCUS");
	store_filter_set(&f, STORE_DIM_WEEK, "2025-01-06");
	assert_int_equal(store_filter_check(s, &f), 0);
	store_filter_set(&f, STORE_DIM_AGENCY, "THCUS");
	assert_int_equal(store_filter_check(s, &f), -1);
	assert_string_equal(store_error(s), "case 'A-1' does not match agency 'THCUS': its agency is 'VNCUS'");
	store_filter_set(&f, STORE_DIM_AGENCY, NULL);
	store_filter_set(&f, STORE_DIM_CATEGORY, "wildlife");
	assert_int_equal(store_filter_check(s, &f), -1);
	assert_string_equal(store_error(s), "case 'A-1' does not match category 'wildlife': its category is 'drugs'");
	store_filter_free(&f);
	store_close(s);
}

/* ---- change detection --------------------------------------------------------------- */

static void test_changed_after_another_connection_commits(void **state)
{
	(void)state;
	const char *path = make_db("live.db", NULL);
	struct store *viewer = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(viewer);
	assert_int_equal(store_changed(viewer), 0);
	assert_int_equal(store_changed(viewer), 0);
	struct store *w = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(w);
	assert_int_equal(sqlite3_exec(w->db, "UPDATE cases SET status = 'closed' WHERE ref = 'A-1'",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_changed(viewer), 1);
	assert_int_equal(store_changed(viewer), 0);
	store_close(w);
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_STATUS, "closed");
	assert_int_equal(count_cases(viewer, &f), 2);
	store_filter_free(&f);
	store_close(viewer);
}

static void test_seizure_triggers_keep_case_quantities(void **state)
{
	(void)state;
	const char *path = make_db("trig.db",
	                           "DELETE FROM seizures WHERE case_id = 1 AND unit = 'kg';"
	                           "UPDATE seizures SET quantity = 50 WHERE case_id = 3 AND unit = 'kg';");
	struct store *s = store_open(path, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	const struct want_row w[] = {
		{ "OMD1", "OMD I", 3, 3, 51.25, 1000, 3 },
		{ "OMD2", "OMD II", 3, 4, 10.5, 5300, 0 },
		{ "OMD3", "OMD III", 0, 0, 0, 0, 0 },
	};
	expect_agg(s, NULL, STORE_DIM_PHASE, w, 3);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_file),
		cmocka_unit_test(test_open_zero_byte_file),
		cmocka_unit_test(test_open_text_file),
		cmocka_unit_test(test_open_truncated_database),
		cmocka_unit_test(test_open_other_schema_version),
		cmocka_unit_test(test_open_foreign_database),
		cmocka_unit_test(test_open_without_schema_version),
		cmocka_unit_test(test_create_refuses_non_empty_file),
		cmocka_unit_test(test_create_writes_schema_version),
		cmocka_unit_test(test_viewer_leaves_file_unchanged),
		cmocka_unit_test(test_sample_refuses_database_with_data_and_rolls_back),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_filter_copy_and_free),
		cmocka_unit_test(test_sql_builder_binds_every_value),
		cmocka_unit_test(test_aggregate_by_phase_lists_empty_phases),
		cmocka_unit_test(test_aggregate_by_category_counts_cases_once),
		cmocka_unit_test(test_aggregate_by_subcategory_agency_country),
		cmocka_unit_test(test_aggregate_by_transport_status_week_day),
		cmocka_unit_test(test_aggregate_with_combined_filters),
		cmocka_unit_test(test_aggregate_sub_category_filter_keeps_its_category),
		cmocka_unit_test(test_search_treats_percent_and_underscore_literally),
		cmocka_unit_test(test_search_is_case_insensitive_over_four_fields),
		cmocka_unit_test(test_cases_keyset_paging_visits_each_case_once),
		cmocka_unit_test(test_cases_before_pages_back_from_the_end),
		cmocka_unit_test(test_cases_page_flags_more_exactly),
		cmocka_unit_test(test_case_get_fills_every_field_with_seizures_largest_first),
		cmocka_unit_test(test_embedded_nul_shows_and_hides_nothing),
		cmocka_unit_test(test_vocabularies_are_the_schema_check_sets),
		cmocka_unit_test(test_silent_agencies_are_the_participants_without_a_case),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_phases_with_participations),
		cmocka_unit_test(test_filter_check_messages),
		cmocka_unit_test(test_resolve_matches_codes_and_names_without_regard_to_case),
		cmocka_unit_test(test_resolve_unknown_lists_valid_or_nearest),
		cmocka_unit_test(test_resolve_nearest_when_many),
		cmocka_unit_test(test_filter_refuses_a_case_its_other_values_do_not_select),
		cmocka_unit_test(test_changed_after_another_connection_commits),
		cmocka_unit_test(test_seizure_triggers_keep_case_quantities),
		cmocka_unit_test(test_short_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
