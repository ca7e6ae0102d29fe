/* store_sample: the bundled sample agrees with the published Mekong Dragon figures. */
#include <math.h>

#include "testutil.h"

#include "store.h"
#include "store_internal.h" /* s->db for consistency checks written as SQL */

static struct store *sample; /* the bundled sample, built once for the whole file */
static char errbuf[600];

static struct store *build(const char *name, long long ncases, unsigned long seed)
{
	const char *path = tu_path(name);
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, errbuf, sizeof errbuf);
	if (!s || store_sample(s, ncases, seed) < 0)
		return NULL;
	store_close(s);
	return store_open(path, STORE_READ, errbuf, sizeof errbuf);
}

static int setup(void **state)
{
	(void)state;
	sample = build("omd.db", 0, 0);
	return sample ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	store_close(sample);
	return 0;
}

/* Cases of one phase by category: drugs, precursors, wildlife. */
static void expect_phase(const char *phase, long long drugs, long long precursors, long long wildlife)
{
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, phase);
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.rows[0].key, "drugs");
	assert_int_equal(a.rows[0].cases, drugs);
	assert_string_equal(a.rows[1].key, "precursors");
	assert_int_equal(a.rows[1].cases, precursors);
	assert_string_equal(a.rows[2].key, "wildlife");
	assert_int_equal(a.rows[2].cases, wildlife);
	store_agg_free(&a);
	store_filter_free(&f);
}

static long long phase_cases(const char *phase)
{
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, phase);
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_PHASE, &a), 0);
	long long n = a.total.cases;
	store_agg_free(&a);
	store_filter_free(&f);
	return n;
}

static void test_cases_per_phase_match_published(void **state)
{
	(void)state;
	assert_int_equal(phase_cases("OMD1"), 164);
	assert_int_equal(phase_cases("OMD2"), 284);
	assert_int_equal(phase_cases("OMD3"), 868);
	assert_int_equal(phase_cases("OMD4"), 1362);
	assert_int_equal(phase_cases("OMD5"), 1715);
	assert_int_equal(phase_cases("OMD7"), 1155);
}

static void test_categories_per_phase_match_published(void **state)
{
	(void)state;
	expect_phase("OMD7", 1027, 20, 108);
	expect_phase("OMD4", 1267, 17, 78);
	/* OMD V publishes drugs including precursors (1,499) and wildlife (216). */
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD5");
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.rows[0].cases + a.rows[1].cases, 1499);
	assert_int_equal(a.rows[2].cases, 216);
	store_agg_free(&a);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD1");
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.rows[0].cases + a.rows[1].cases, 164);
	assert_int_equal(a.rows[2].cases, 0); /* drugs and precursors only */
	store_agg_free(&a);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD2");
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_true(a.rows[2].cases > 0); /* the first phase with wildlife */
	store_agg_free(&a);
	store_filter_free(&f);
}

static void test_participations_per_phase(void **state)
{
	(void)state;
	struct store_phase *p;
	int n;
	const char *codes[] = { "OMD1", "OMD2", "OMD3", "OMD4", "OMD5", "OMD6", "OMD7" };
	const char *names[] = { "OMD I", "OMD II", "OMD III", "OMD IV", "OMD V", "OMD VI", "OMD 7" };
	const int agencies[] = { 6, 15, 20, 29, 23, 25, 24 };
	assert_int_equal(store_phases(sample, &p, &n), 0);
	assert_int_equal(n, 7);
	for (int i = 0; i < 7; i++) {
		assert_string_equal(p[i].code, codes[i]);
		assert_string_equal(p[i].name, names[i]);
		assert_int_equal(p[i].number, i + 1);
		assert_int_equal(p[i].agencies, agencies[i]);
	}
	assert_string_equal(p[6].starts_on, "2025-04-15");
	assert_string_equal(p[6].ends_on, "2025-09-15");
	assert_non_null(strstr(p[5].source, "synthetic"));
	store_phases_free(p, n);
}

static void test_omd7_drug_quantities_match_published(void **state)
{
	(void)state;
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	store_filter_set(&f, STORE_DIM_CATEGORY, "drugs");
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.n, 1);
	assert_true(a.rows[0].qty[STORE_UNIT_KG] == 11800.0); /* 11.8 t, whole quarter kilograms */
	assert_true(a.rows[0].qty[STORE_UNIT_TABLETS] >= 1700000);
	assert_true(a.rows[0].qty[STORE_UNIT_TABLETS] == 1712400.0);
	store_agg_free(&a);
	store_filter_free(&f);
}

static void test_omd1_total_kg_matches_published(void **state)
{
	(void)state;
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD1");
	assert_int_equal(store_aggregate(sample, &f, STORE_DIM_PHASE, &a), 0);
	assert_true(fabs(a.total.qty[STORE_UNIT_KG] - 2279.71) < 0.005);
	store_agg_free(&a);
	store_filter_free(&f);
}

static long long sql_count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_every_case_is_consistent(void **state)
{
	(void)state;
	/* Reported only by agencies taking part in that phase. */
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM"
	                 " participations p WHERE p.operation_id = c.operation_id AND p.agency_id = c.agency_id)"), 0);
	/* Detected inside its phase. */
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c JOIN operations o ON o.id = c.operation_id"
	                 " WHERE c.detected_on NOT BETWEEN o.starts_on AND o.ends_on"), 0);
	/* The sub-category belongs to the category; the place is the agency's country. */
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c JOIN categories k ON k.id = c.subcategory_id"
	                 " WHERE k.parent_id IS NOT c.category_id"), 0);
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c JOIN agencies a ON a.id = c.agency_id"
	                 " WHERE a.country <> c.country"), 0);
	/* Every note says it is synthetic; every case has one or two seizures; arrests 0..4. */
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases WHERE substr(summary, 1, 12) <> '(synthetic) '"), 0);
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM seizures z"
	                 " WHERE z.case_id = c.id) NOT BETWEEN 1 AND 2"), 0);
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases WHERE arrests > 4"), 0);
	/* International bodies report no cases. */
	assert_int_equal(sql_count(sample, "SELECT count(*) FROM cases c JOIN agencies a ON a.id = c.agency_id"
	                 " WHERE a.kind = 'international'"), 0);
}

/* ---- plausible to a customs officer ------------------------------------------------- */

/* What no consignment of these transports holds, whatever the seed. */
static void expect_quantities_fit_transport(struct store *s)
{
	static const char *const never[] = {
		"transport = 'air passenger' AND (q_kg > 25 OR q_tablets > 20000 OR q_heads > 20 OR q_m3 > 0"
		" OR q_litres > 5 OR q_pieces > 150)",
		"transport = 'postal' AND (q_kg > 5 OR q_tablets > 5000 OR q_m3 > 0 OR q_heads > 10)",
		"transport = 'express courier' AND (q_kg > 30 OR q_tablets > 30000 OR q_m3 > 0)",
		"transport = 'air cargo' AND (q_kg > 2500 OR q_m3 > 4)",
		"transport = 'road' AND (q_kg > 30000 OR q_m3 > 45)",
		"transport = 'sea container' AND q_m3 > 300",
	};
	char sql[400];
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE %s", never[i]);
		if (sql_count(s, sql) != 0)
			fail_msg("%lld cases where %s", sql_count(s, sql), never[i]);
	}
}

/* A case's seizures are of its kind: one unit (but methamphetamine as tablets and
 * crystal), no tablets in a cannabis case, no plants in a pangolin case. */
static void expect_seizures_fit_the_case(struct store *s)
{
	assert_int_equal(sql_count(s, "SELECT count(*) FROM cases c JOIN categories k ON k.id = c.subcategory_id"
	                 " WHERE (SELECT count(DISTINCT unit) FROM seizures z WHERE z.case_id = c.id) > 1"
	                 " AND k.code NOT IN ('meth-tablets', 'crystal-meth')"), 0);
	assert_int_equal(sql_count(s, "SELECT count(*) FROM cases c JOIN categories k ON k.id = c.subcategory_id"
	                 " JOIN seizures z ON z.case_id = c.id WHERE k.code = 'cannabis' AND z.unit <> 'kg'"), 0);
	/* no ship to or from a landlocked country */
	assert_int_equal(sql_count(s, "SELECT count(*) FROM cases WHERE transport IN ('sea vessel', 'sea container')"
	                 " AND (departure IN ('LA', 'MN', 'NP', 'AF') OR destination IN ('LA', 'MN', 'NP', 'AF'))"), 0);
	assert_int_equal(sql_count(s, "SELECT count(*) FROM cases c JOIN categories k ON k.id = c.subcategory_id"
	                 " JOIN seizures z ON z.case_id = c.id WHERE k.code = 'pangolin'"
	                 " AND (z.commodity LIKE '%orchid%' OR z.commodity LIKE '%wood%')"), 0);
}

static const char *cname(const char *code)
{
	const char *n = store_country_name(code);
	return n ? n : code;
}

/* The route fields and the summary tell the same journey, and the place of detection is
 * on it: the departure, the destination, or the transit (then both ends are known). */
static void expect_routes_agree_with_summaries(struct store *s)
{
	sqlite3_stmt *st;
	char want[200];
	long rows = 0, through = 0;
	assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT ref, country, departure, transit, destination, summary"
	                                    " FROM cases", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(st, 0);
		const char *home = (const char *)sqlite3_column_text(st, 1);
		const char *dep = (const char *)sqlite3_column_text(st, 2);
		const char *tr = (const char *)sqlite3_column_text(st, 3);
		const char *dest = (const char *)sqlite3_column_text(st, 4);
		const char *sum = (const char *)sqlite3_column_text(st, 5);
		rows++;
		if (strcmp(dep, home) && strcmp(dest, home) && strcmp(tr, home))
			fail_msg("%s: detected in %s, not on its route %s > %s > %s", ref, home, dep, tr, dest);
		if (*dep && !strcmp(dep, dest))
			fail_msg("%s: departs from and goes to %s", ref, dep);
		if (*tr && (!*dep || !*dest || !strcmp(tr, dep) || !strcmp(tr, dest)))
			fail_msg("%s: transit %s without two other ends (%s, %s)", ref, tr, dep, dest);
		if (*tr && !strcmp(tr, home)) {
			through++;
			snprintf(want, sizeof want, " in transit from %s to %s", cname(dep), cname(dest));
		} else if (*dep && *dest) {
			snprintf(want, sizeof want, " from %s to %s", cname(dep), cname(dest));
		} else {
			snprintf(want, sizeof want, *dep ? " from %s" : " bound for %s", cname(*dep ? dep : dest));
		}
		if (!strstr(sum, want))
			fail_msg("%s: summary does not say '%s': %s", ref, want, sum);
		if (*tr && strcmp(tr, home)) {
			snprintf(want, sizeof want, " via %s", cname(tr));
			if (!strstr(sum, want))
				fail_msg("%s: summary does not say '%s': %s", ref, want, sum);
		} else if (!*tr && (strstr(sum, " via ") || strstr(sum, "in transit"))) {
			fail_msg("%s: summary names a transit the route lacks: %s", ref, sum);
		}
	}
	sqlite3_finalize(st);
	assert_true(rows > 0);
	assert_true(through > 0); /* some cases are stopped passing through */
}

static void test_quantities_fit_the_transport(void **state)
{
	(void)state;
	expect_quantities_fit_transport(sample);
	struct store *s = build("syn-fit.db", 20000, 11);
	assert_non_null(s);
	expect_quantities_fit_transport(s);
	expect_seizures_fit_the_case(s);
	expect_routes_agree_with_summaries(s);
	store_close(s);
}

static void test_seizures_fit_the_case(void **state)
{
	(void)state;
	expect_seizures_fit_the_case(sample);
}

static void test_routes_agree_with_summaries(void **state)
{
	(void)state;
	expect_routes_agree_with_summaries(sample);
}

static void test_refs_and_meta(void **state)
{
	(void)state;
	struct store_case c;
	assert_int_equal(store_case_get(sample, "OMD7-VNCUS-0001", &c), 0);
	assert_string_equal(c.phase_name, "OMD 7");
	assert_string_equal(c.agency_short, "VN Customs");
	assert_string_equal(c.country, "VN");
	assert_true(c.nseizures >= 1);
	assert_true(strncmp(c.summary, "(synthetic) ", 12) == 0);
	store_case_free(&c);
	char *v = store_meta(sample, "sample");
	assert_string_equal(v, "bundled");
	free(v);
	v = store_meta(sample, "data_as_of");
	assert_string_equal(v, "2025-09-16 09:00");
	free(v);
	v = store_meta(sample, "operation");
	assert_string_equal(v, "Operation Mekong Dragon");
	free(v);
	v = store_meta(sample, "source");
	assert_non_null(strstr(v, "Synthetic: every case"));
	free(v);
	char *l = store_label(sample, STORE_DIM_AGENCY, "HKCED");
	assert_string_equal(l, "HK Customs & Exc.");
	free(l);
}

/* Two builds give the same aggregates, down to every day's quantities, and the same notes. */
/* ---- published figures ------------------------------------------------------------- */

static int phase_state(struct store_phase *p, int n, const char *code, const char *cat, const char *measure,
                       double value)
{
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, code);
	store_filter_set(&f, STORE_DIM_CATEGORY, cat);
	int st = -1;
	for (int i = 0; i < n; i++)
		if (strcmp(p[i].code, code) == 0)
			st = store_figure_state(&p[i], &f, measure, value);
	store_filter_free(&f);
	return st;
}

static void test_published_figures_are_recorded_with_their_values(void **state)
{
	(void)state;
	struct store_phase *p;
	int n;
	assert_int_equal(store_phases(sample, &p, &n), 0);
	assert_string_equal(p[6].published, "cases=1155,drugs=1027,precursors=20,wildlife=108,"
	                                    "drugs.kg=11800,drugs.tablets=1712400,agencies=24");
	assert_string_equal(p[5].published, "agencies=25"); /* OMD VI: only its participants */
	assert_int_equal(phase_state(p, n, "OMD7", NULL, "cases", 1155), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD7", "wildlife", "cases", 108), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD7", "drugs", "kg", 11800), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD7", "wildlife", "kg", 3000), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD7", NULL, "kg", 62200), STORE_FIGURE_INVENTED); /* drugs + wildlife */
	assert_int_equal(phase_state(p, n, "OMD7", NULL, "arrests", 1327), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD6", NULL, "cases", 1402), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD6", NULL, "agencies", 25), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD5", "drugs", "cases", 1474), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD5", "wildlife", "cases", 216), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD1", NULL, "kg", 2279.71), STORE_FIGURE_PUBLISHED);
	/* nothing is published per agency */
	struct store_filter f;
	store_filter_init(&f);
	store_filter_set(&f, STORE_DIM_PHASE, "OMD7");
	store_filter_set(&f, STORE_DIM_AGENCY, "VNCUS");
	assert_int_equal(store_figure_state(&p[6], &f, "cases", 140), STORE_FIGURE_INVENTED);
	store_filter_free(&f);
	/* real returns: the figures are the data's own */
	free(p[6].published);
	p[6].published = NULL;
	assert_int_equal(store_figure_state(&p[6], NULL, "arrests", 1), STORE_FIGURE_DATA);
	store_phases_free(p, n);
}

static void test_an_import_unpublishes_the_figures_it_changes(void **state)
{
	(void)state;
	const char *path = tu_path("omd-import.db");
	struct store *s = build("omd-import.db", 0, 0);
	assert_non_null(s);
	store_close(s);
	s = store_open(path, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(s);
	FILE *errs = tmpfile();
	assert_int_equal(store_import_csv(s, tu_write("one-case.csv",
		"ref,phase,agency,category,subcategory,detected_on,country,transport,status\n"
		"OMD7-VNCUS-9999,OMD7,VNCUS,wildlife,ivory,2025-09-01,VN,road,open\n"), errs), 1);
	fclose(errs);
	struct store_phase *p;
	int n;
	assert_int_equal(store_phases(s, &p, &n), 0);
	assert_int_equal(phase_state(p, n, "OMD7", NULL, "cases", 1156), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD7", "wildlife", "cases", 109), STORE_FIGURE_INVENTED);
	assert_int_equal(phase_state(p, n, "OMD7", "drugs", "cases", 1027), STORE_FIGURE_PUBLISHED);
	assert_int_equal(phase_state(p, n, "OMD4", NULL, "cases", 1362), STORE_FIGURE_PUBLISHED);
	store_phases_free(p, n);
	store_close(s);
}

static void test_sample_is_deterministic(void **state)
{
	(void)state;
	struct store *again = build("omd-again.db", 0, 0);
	assert_non_null(again);
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		struct store_agg a, b;
		assert_int_equal(store_aggregate(sample, NULL, d, &a), 0);
		assert_int_equal(store_aggregate(again, NULL, d, &b), 0);
		assert_int_equal(a.n, b.n);
		for (int i = 0; i < a.n; i++) {
			assert_string_equal(a.rows[i].key, b.rows[i].key);
			assert_int_equal(a.rows[i].cases, b.rows[i].cases);
			assert_int_equal(a.rows[i].arrests, b.rows[i].arrests);
			assert_memory_equal(a.rows[i].qty, b.rows[i].qty, sizeof a.rows[i].qty);
		}
		store_agg_free(&a);
		store_agg_free(&b);
	}
	struct store_case_page p, q;
	assert_int_equal(store_cases(sample, NULL, STORE_ORDER_NEWEST, NULL, 50, &p), 0);
	assert_int_equal(store_cases(again, NULL, STORE_ORDER_NEWEST, NULL, 50, &q), 0);
	for (int i = 0; i < p.n; i++)
		assert_string_equal(p.cases[i].summary, q.cases[i].summary);
	store_case_page_free(&p);
	store_case_page_free(&q);
	store_close(again);
}

static void test_synthetic_cases(void **state)
{
	(void)state;
	struct store *s = build("syn.db", 5000, 7);
	assert_non_null(s);
	struct store_agg a;
	assert_int_equal(store_aggregate(s, NULL, STORE_DIM_PHASE, &a), 0);
	assert_int_equal(a.n, 7);
	assert_int_equal(a.total.cases, 5000);
	for (int i = 0; i < a.n; i++)
		assert_true(a.rows[i].cases > 0);
	store_agg_free(&a);
	char *v = store_meta(s, "sample");
	assert_string_equal(v, "synthetic 5000 seed 7");
	free(v);
	struct store_case c;
	assert_int_equal(store_case_get(s, "SYN-0005000", &c), 0);
	store_case_free(&c);
	assert_int_equal(sql_count(s, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM"
	                 " participations p WHERE p.operation_id = c.operation_id AND p.agency_id = c.agency_id)"), 0);
	assert_int_equal(sql_count(s, "SELECT count(*) FROM participations"), 6 + 15 + 20 + 29 + 23 + 25 + 24);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases_per_phase_match_published),
		cmocka_unit_test(test_categories_per_phase_match_published),
		cmocka_unit_test(test_participations_per_phase),
		cmocka_unit_test(test_omd7_drug_quantities_match_published),
		cmocka_unit_test(test_omd1_total_kg_matches_published),
		cmocka_unit_test(test_every_case_is_consistent),
		cmocka_unit_test(test_quantities_fit_the_transport),
		cmocka_unit_test(test_seizures_fit_the_case),
		cmocka_unit_test(test_routes_agree_with_summaries),
		cmocka_unit_test(test_refs_and_meta),
		cmocka_unit_test(test_published_figures_are_recorded_with_their_values),
		cmocka_unit_test(test_an_import_unpublishes_the_figures_it_changes),
		cmocka_unit_test(test_sample_is_deterministic),
		cmocka_unit_test(test_synthetic_cases),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
