/* operation: operation files loaded, refused with their positions, and written back;
 * store_define/store_describe: all or nothing, refusals naming cases, round trips. */
#include <sys/stat.h>

#include "testdb.h"

#include "operation.h"
#include "store.h"

static char errbuf[600];

/* A small two-phase operation; tests edit it by replacing lines. */
static const char base_yaml[] =
	"operation:\n"                                   /* 1 */
	"  code: TST\n"
	"  name: Operation Test\n"
	"  coordinators: [Unit One, \"Unit: Two\"]\n"
	"  source: invented for the tests\n"             /* 5 */
	"phases:\n"
	"  - code: T1\n"
	"    name: Test I\n"
	"    number: 1\n"
	"    starts_on: 2026-01-05\n"                    /* 10 */
	"    ends_on: 2026-03-27\n"
	"    period: January – March 2026\n"
	"    review: {place: Da Nang, date: 2026-04-20}\n"
	"    published: [cases, fauna]\n"
	"    agencies: [AACUS, BBPOL]\n"                 /* 15 */
	"  - code: T2\n"
	"    name: Test II\n"
	"    number: 2\n"
	"    starts_on: 2026-06-01\n"
	"    ends_on: 2026-08-28\n"                      /* 20 */
	"    agencies: [AACUS]\n"
	"agencies:\n"
	"  - {code: AACUS, name: A Customs, short: A Cus, country: AA, kind: customs}\n"
	"  - {code: BBPOL, name: B Police, short: B Pol, country: BB, kind: drug control}\n"
	"categories:\n"                                  /* 25 */
	"  - {code: fauna, name: Fauna}\n"
	"  - {code: birds, name: Birds, parent: fauna, unit: heads}\n"
	"  - {code: flora, name: Flora}\n"
	"  - {code: orchids, name: Orchids, parent: flora, unit: pieces}\n";

/* base_yaml with every occurrence of from replaced by to. */
static char *edit(const char *from, const char *to)
{
	static char buf[8192];
	const char *p = strstr(base_yaml, from);
	assert_non_null(p);
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - base_yaml), base_yaml, to, p + strlen(from));
	return buf;
}

/* Loads text; returns what operation_load wrote to errs ("" when it succeeded). */
static const char *load(const char *text, struct op *o, int *rc)
{
	static char msgs[4096];
	msgs[0] = '\0';
	FILE *f = fmemopen(msgs, sizeof msgs, "w");
	assert_non_null(f);
	*rc = operation_load(NULL, text, strlen(text), "op.yaml", o, f);
	fclose(f);
	return msgs;
}

/* Loads text, which must load without a message. */
static void load_ok(const char *text, struct op *o)
{
	int rc;
	const char *m = load(text, o, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(m, "");
}

static void expect_error(const char *text, const char *what)
{
	struct op o;
	int rc;
	const char *m = load(text, &o, &rc);
	assert_int_equal(rc, -1);
	if (!strstr(m, what))
		fail_msg("expected '%s' in:\n%s", what, m);
	assert_int_equal(o.nphases, 0); /* left empty */
}

static void test_loads_the_operation(void **state)
{
	(void)state;
	struct op o;
	load_ok(base_yaml, &o);
	assert_string_equal(o.code, "TST");
	assert_int_equal(o.ncoordinators, 2);
	assert_string_equal(o.coordinators[1], "Unit: Two");
	assert_int_equal(o.nphases, 2);
	assert_string_equal(o.phases[0].review_place, "Da Nang");
	assert_string_equal(o.phases[0].review_on, "2026-04-20");
	assert_string_equal(o.phases[0].published, "cases,fauna");
	assert_null(o.phases[1].published); /* not given: the data's own */
	assert_string_equal(o.phases[1].review_place, "");
	assert_int_equal(o.phases[0].nagencies, 2);
	assert_string_equal(o.phases[0].agencies[1], "BBPOL");
	assert_int_equal(o.agencies[1].kind, OP_KIND_DRUG_CONTROL);
	assert_int_equal(o.ncategories, 4);
	assert_null(o.categories[0].parent);
	assert_string_equal(o.categories[1].parent, "fauna");
	assert_string_equal(o.categories[3].unit, "pieces");
	operation_free(&o);
}

static void test_subcategories_follow_their_parent(void **state)
{
	(void)state;
	const char *t = "operation: {code: X, name: X}\n"
	                "phases: [{code: P, name: P, number: 1, starts_on: 2026-01-01, ends_on: 2026-01-02}]\n"
	                "agencies: [{code: A, name: A, short: A, country: AA, kind: other}]\n"
	                "categories:\n"
	                "  - {code: s1, name: S1, parent: b, unit: kg}\n"
	                "  - {code: a, name: A}\n"
	                "  - {code: b, name: B}\n"
	                "  - {code: s2, name: S2, parent: a, unit: kg}\n";
	struct op o2;
	load_ok(t, &o2);
	assert_string_equal(o2.categories[0].code, "a");
	assert_string_equal(o2.categories[1].code, "s2");
	assert_string_equal(o2.categories[2].code, "b");
	assert_string_equal(o2.categories[3].code, "s1");
	operation_free(&o2);
}

static void test_unknown_key_with_its_position_and_a_suggestion(void **state)
{
	(void)state;
	expect_error(edit("  coordinators:", "  cordinators:"),
	             "op.yaml:4:3: unknown key 'cordinators' in 'operation' (did you mean 'coordinators'?)");
	expect_error(edit("    number: 2\n", "    number: 2\n    shortname: x\n"),
	             "op.yaml:19:5: unknown key 'shortname' in a phase (expected code, name, number, starts_on, ends_on, "
	             "period, review, published, source, agencies)");
	expect_error(edit("agencies:\n", "agencys:\n"), "op.yaml:22:1: unknown key 'agencys' in the operation file");
}

static void test_agency_in_a_phase_that_does_not_exist(void **state)
{
	(void)state;
	expect_error(edit("[AACUS, BBPOL]", "[AACUS, BBPOK]"),
	             "op.yaml:15:23: agency 'BBPOK' in phase T1 does not exist (not in 'agencies'); did you mean 'BBPOL'?");
	expect_error(edit("[AACUS, BBPOL]", "[AACUS, AACUS]"), "op.yaml:15:23: agency AACUS is listed twice in phase T1");
}

static void test_duplicate_codes(void **state)
{
	(void)state;
	expect_error(edit("code: T2", "code: T1"), "op.yaml:16:11: duplicate phase code 'T1' (first at line 7)");
	expect_error(edit("{code: BBPOL", "{code: AACUS"), "op.yaml:24:12: duplicate agency code 'AACUS' (first at line 23)");
	expect_error(edit("{code: orchids", "{code: birds"), "op.yaml:29:12: duplicate category code 'birds' (first at line 27)");
	expect_error(edit("    number: 2\n", "    number: 2\n    number: 3\n"),
	             "op.yaml:19:5: duplicate key 'number' (first at line 18)");
}

static void test_subcategory_under_an_unknown_category(void **state)
{
	(void)state;
	expect_error(edit("parent: flora", "parent: flore"),
	             "op.yaml:29:44: sub-category 'orchids' is under an unknown category 'flore' (did you mean 'flora'?)");
	expect_error(edit("parent: flora", "parent: birds"),
	             "op.yaml:29:44: 'birds' is itself a sub-category of 'fauna': categories have two levels");
	expect_error(edit("parent: flora, unit: pieces", "parent: flora"), "op.yaml:29:5: sub-category orchids has no 'unit'");
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_error(edit("2026-03-27", "2026-02-30"), "op.yaml:11:14: 'ends_on': '2026-02-30' is not a real date");
	expect_error(edit("2026-03-27", "27/03/2026"), "op.yaml:11:14: 'ends_on': '27/03/2026' is not a date (expected YYYY-MM-DD)");
	expect_error(edit("2026-03-27", "2025-12-31"), "op.yaml:11:14: the phase ends (2025-12-31) before it starts (2026-01-05)");
	expect_error(edit("unit: heads", "unit: grams"), "op.yaml:27:53: unknown unit 'grams'");
	expect_error(edit("kind: customs", "kind: custom"), "op.yaml:23:69: unknown kind 'custom' (did you mean 'customs'?)");
	expect_error(edit("country: AA", "country: aa"), "'country': 'aa' is not an ISO 3166 alpha-2 code");
	expect_error(edit("number: 1", "number: -1"), "op.yaml:9:13: 'number': '-1' is not a whole number");
	expect_error(edit("[cases, fauna]", "[cases, birds]"),
	             "op.yaml:14:24: 'birds' is not a figure a phase publishes (cases, agencies, arrests, a top-level");
	expect_error(edit("[cases, fauna]", "[cases, fauna.grams]"), "op.yaml:14:24: 'fauna.grams' is not a figure");
	expect_error(edit("[cases, fauna]", "[cases=12x, fauna]"), "op.yaml:14:17: 'cases=12x' is not a figure");
	expect_error(edit("[cases, fauna]", "[cases, fauna, fauna=3]"), "op.yaml:14:31: 'fauna' is listed twice");
	expect_error(edit("code: T2", "code: \"T 2\""), "op.yaml:16:11: phase code 'T 2' must be 1 to 32 letters");
	expect_error(edit("    name: Test II\n", ""), "op.yaml:16:5: this phase has no 'name'");
	expect_error(edit("name: Operation Test", "name: [a]"), "op.yaml:3:9: 'name' must be a text value, not a list");
}

static void test_not_an_operation_file(void **state)
{
	(void)state;
	expect_error("", "op.yaml:1:1: empty file");
	expect_error("operation: {code: X\n", "op.yaml:2:1:");
	expect_error("- a\n- b\n", "op.yaml:1:1: the operation file must be a map");
	expect_error("operation: {code: X, name: X}\n", "op.yaml:1:1: the operation file has no 'phases'");
	char *two = malloc(sizeof base_yaml + 16);
	snprintf(two, sizeof base_yaml + 16, "%s---\na: 1\n", base_yaml);
	expect_error(two, "op.yaml:30:1: a second document");
	free(two);
	expect_error("\xff\xfeo\0p", "op.yaml:1:1: UTF-16 or UTF-32 text");
	/* A cyclic alias is refused by the loader, with its position. */
	expect_error("operation: &a [*a]\n", "op.yaml:1:16: alias '*a' has no anchor '&a' before it");
}

static void test_echoed_values_are_inert(void **state)
{
	(void)state;
	struct op o;
	int rc;
	const char *m = load(edit("kind: customs", "kind: \"\\e]52;c;x\\a\""), &o, &rc);
	assert_int_equal(rc, -1);
	assert_null(strchr(m, '\033'));
	assert_null(strchr(m, '\a'));
}

/* operation_write then operation_load gives the same struct, and writing that again the
 * same bytes. */
static void test_write_reads_back(void **state)
{
	(void)state;
	struct op o, o2;
	int rc;
	char *a = NULL, *b = NULL;
	size_t al = 0, bl = 0;
	load(edit("period: January – March 2026", "period: \"weird: # value \\\" \\\\ \\t\""), &o, &rc);
	assert_int_equal(rc, 0);
	FILE *f = open_memstream(&a, &al);
	assert_int_equal(operation_write(&o, f), 0);
	fclose(f);
	load_ok(a, &o2);
	assert_string_equal(o2.phases[0].period, "weird: # value \" \\ \t");
	assert_string_equal(o2.coordinators[1], "Unit: Two");
	f = open_memstream(&b, &bl);
	assert_int_equal(operation_write(&o2, f), 0);
	fclose(f);
	assert_string_equal(a, b);
	operation_free(&o);
	operation_free(&o2);
	free(a);
	free(b);
}

/* ---- store_define / store_describe ------------------------------------------------------ */

static void define_text(struct store *s, const char *text, int want, const char *what)
{
	struct op o;
	int rc;
	static char msgs[4096];
	msgs[0] = '\0';
	load(text, &o, &rc);
	assert_int_equal(rc, 0);
	FILE *f = fmemopen(msgs, sizeof msgs, "w");
	rc = store_define(s, &o, f);
	fclose(f);
	operation_free(&o);
	if (rc != want)
		fail_msg("store_define returned %d: %s / %s", rc, store_error(s), msgs);
	if (what && !strstr(msgs, what))
		fail_msg("expected '%s' in:\n%s", what, msgs);
}

static char *describe(struct store *s)
{
	struct op o;
	char *a = NULL;
	size_t al = 0;
	assert_int_equal(store_describe(s, &o), 0);
	FILE *f = open_memstream(&a, &al);
	operation_write(&o, f);
	fclose(f);
	operation_free(&o);
	return a;
}

/* What store_describe gives after store_define of text on a new database name (malloc'd). */
static char *define_and_describe(const char *name, const char *text)
{
	struct store *s = tdb_create(name);
	define_text(s, text, 0, NULL);
	char *d = describe(s);
	store_close(s);
	return d;
}

static char *file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void test_define_then_describe_round_trip(void **state)
{
	(void)state;
	char *d1 = define_and_describe("rt1.db", base_yaml);
	char *d2 = define_and_describe("rt2.db", d1);
	assert_string_equal(d1, d2);
	assert_non_null(strstr(d1, "    review:\n      place: Da Nang\n      date: 2026-04-20\n"));
	assert_non_null(strstr(d1, "    published: [cases, fauna]\n"));
	assert_non_null(strstr(d1, "    kind: drug control\n"));
	assert_int_equal(tdb_int(tu_path("rt2.db"), "SELECT count(*) FROM participations"), 3);
	free(d1);
	free(d2);
}

/* Published figures beyond cases and categories, with the values a database keeps
 * (the sample's "cases=1155,...,drugs.kg=11800"): loaded, and describe -> define ->
 * describe gives the same file. */
static void test_published_figures_with_values_round_trip(void **state)
{
	(void)state;
	struct op o;
	const char *list = "[cases=12, fauna, agencies=2, arrests, kg, fauna.heads=3.5, flora.cases=0]";
	load_ok(edit("[cases, fauna]", list), &o);
	assert_string_equal(o.phases[0].published, "cases=12,fauna,agencies=2,arrests,kg,fauna.heads=3.5,flora.cases=0");
	operation_free(&o);
	char *d1 = define_and_describe("rt3.db", edit("[cases, fauna]", list));
	assert_non_null(strstr(d1, "    published: [cases=12, fauna, agencies=2, arrests, kg, fauna.heads=3.5, flora.cases=0]\n"));
	char *d2 = define_and_describe("rt4.db", d1);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
}

static void test_describe_without_an_operation(void **state)
{
	(void)state;
	struct store *s = tdb_create("none.db");
	struct op o;
	assert_int_equal(store_describe(s, &o), -1);
	assert_non_null(strstr(store_error(s), "describes no operation yet"));
	store_close(s);
}

static void add_case(const char *db, const char *ref, const char *phase, const char *agency, const char *sub)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on, country,"
	         " transport, status) SELECT '%s', o.id, a.id, c.parent_id, c.id, o.starts_on, 'AA', 'road', 'open'"
	         " FROM operations o, agencies a, categories c WHERE o.code = '%s' AND a.code = '%s' AND c.code = '%s'",
	         ref, phase, agency, sub);
	tdb_exec(db, sql);
}

/* Adds and updates go through; removing what cases refer to is refused, naming them,
 * and the file keeps every byte. */
static void test_define_refuses_to_remove_what_cases_use(void **state)
{
	(void)state;
	const char *db = tu_path("refuse.db");
	struct store *s = tdb_create("refuse.db");
	define_text(s, base_yaml, 0, NULL);
	store_close(s);
	add_case(db, "T1-BB-0002", "T1", "BBPOL", "birds");
	add_case(db, "T1-BB-0001", "T1", "BBPOL", "birds");
	add_case(db, "T1-BB-0003", "T1", "BBPOL", "birds");
	add_case(db, "T1-BB-0004", "T1", "BBPOL", "orchids");
	size_t l0, l1;
	char *before = file_bytes(db, &l0);

	s = store_open(db, STORE_WRITE, errbuf, sizeof errbuf);
	assert_non_null(s);
	/* BBPOL leaves T1: four cases say otherwise. */
	define_text(s, edit("[AACUS, BBPOL]", "[AACUS]"), -1,
	            "agency BBPOL would no longer take part in phase T1, but 4 cases refer to it "
	            "(T1-BB-0001, T1-BB-0002, T1-BB-0003, …)");
	/* The category birds goes, and a new one comes: nothing of it happens. */
	define_text(s, edit("  - {code: birds, name: Birds, parent: fauna, unit: heads}\n",
	                    "  - {code: reptiles, name: Reptiles, parent: fauna, unit: heads}\n"),
	            -1, "category birds is not in the file, but 3 cases refer to it (T1-BB-0001, T1-BB-0002, T1-BB-0003)");
	/* Phase T1 goes. */
	char *no_t1 = strdup(edit("  - code: T1\n    name: Test I\n    number: 1\n    starts_on: 2026-01-05\n"
	                          "    ends_on: 2026-03-27\n    period: January – March 2026\n"
	                          "    review: {place: Da Nang, date: 2026-04-20}\n    published: [cases, fauna]\n"
	                          "    agencies: [AACUS, BBPOL]\n", ""));
	define_text(s, no_t1, -1, "phase T1 is not in the file, but 4 cases refer to it");
	free(no_t1);
	/* A shorter period leaving cases outside. */
	define_text(s, edit("starts_on: 2026-01-05", "starts_on: 2026-01-06"), -1,
	            "phase T1 would run from 2026-01-06 to 2026-03-27, but 4 cases were detected outside it");
	/* orchids moved under fauna while a case uses it. */
	define_text(s, edit("parent: flora", "parent: fauna"), -1,
	            "category orchids would move from flora to fauna, but 1 case refers to it (T1-BB-0004)");
	store_close(s);
	char *after = file_bytes(db, &l1);
	assert_int_equal(l0, l1);
	assert_memory_equal(before, after, l0);
	free(after);

	/* What no case uses can go; names and new entries are applied. */
	s = store_open(db, STORE_WRITE, errbuf, sizeof errbuf);
	define_text(s, edit("    agencies: [AACUS]\n", "    agencies: [BBPOL]\n"), 0, NULL);
	define_text(s, edit("name: Birds", "name: Birds of prey"), 0, NULL);
	store_close(s);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM participations p JOIN agencies a ON a.id = p.agency_id"
	                             " JOIN operations o ON o.id = p.operation_id WHERE o.code = 'T2' AND a.code = 'AACUS'"),
	                 1);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM categories WHERE name = 'Birds of prey'"), 1);
	free(before);
}

/* Categories carry their place among the operation's top-level ones (their colour), and
 * sub-categories their parent's, whatever their names. */
static void test_category_positions(void **state)
{
	(void)state;
	const char *db = tu_path("pos.db");
	struct store *s = tdb_create("pos.db");
	define_text(s, base_yaml, 0, NULL);
	store_close(s);
	add_case(db, "T1-AA-0001", "T1", "AACUS", "orchids");
	add_case(db, "T1-AA-0002", "T1", "AACUS", "birds");
	s = store_open(db, STORE_READ, errbuf, sizeof errbuf);
	assert_non_null(s);
	struct store_filter f;
	struct store_agg a;
	store_filter_init(&f);
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &a), 0);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.rows[0].key, "fauna");
	assert_int_equal(a.rows[0].pos, 0);
	assert_string_equal(a.rows[1].key, "flora");
	assert_int_equal(a.rows[1].pos, 1);
	store_agg_free(&a);
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_SUBCATEGORY, &a), 0);
	for (int i = 0; i < a.n; i++)
		assert_int_equal(a.rows[i].pos, strcmp(a.rows[i].key, "orchids") == 0 ? 1 : 0);
	store_agg_free(&a);
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_AGENCY, &a), 0);
	assert_int_equal(a.rows[0].pos, -1);
	store_agg_free(&a);
	struct store_case c;
	assert_int_equal(store_case_get(s, "T1-AA-0001", &c), 0);
	assert_int_equal(c.category_pos, 1);
	store_case_free(&c);
	store_close(s);
}

static void test_define_needs_a_writer(void **state)
{
	(void)state;
	struct store *s = tdb_create("ro.db");
	store_close(s);
	s = store_open(tu_path("ro.db"), STORE_READ, errbuf, sizeof errbuf);
	struct op o;
	int rc;
	load(base_yaml, &o, &rc);
	assert_int_equal(store_define(s, &o, stderr), -1);
	assert_non_null(strstr(store_error(s), "read-only"));
	operation_free(&o);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_the_operation),
		cmocka_unit_test(test_subcategories_follow_their_parent),
		cmocka_unit_test(test_unknown_key_with_its_position_and_a_suggestion),
		cmocka_unit_test(test_agency_in_a_phase_that_does_not_exist),
		cmocka_unit_test(test_duplicate_codes),
		cmocka_unit_test(test_subcategory_under_an_unknown_category),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_not_an_operation_file),
		cmocka_unit_test(test_echoed_values_are_inert),
		cmocka_unit_test(test_write_reads_back),
		cmocka_unit_test(test_define_then_describe_round_trip),
		cmocka_unit_test(test_published_figures_with_values_round_trip),
		cmocka_unit_test(test_describe_without_an_operation),
		cmocka_unit_test(test_define_refuses_to_remove_what_cases_use),
		cmocka_unit_test(test_category_positions),
		cmocka_unit_test(test_define_needs_a_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
