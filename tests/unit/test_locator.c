/* locator: parsing, formatting, pushing and turning into a filter. */
#include "testutil.h"

#include "locator.h"

/* Parses s, which must succeed, and formats it back. */
static char *reformat(const char *s)
{
	static char out[512];
	struct locator loc;
	char err[256];

	assert_int_equal(locator_parse(s, &loc, err, sizeof err), 0);
	char *f = locator_format(&loc);
	assert_non_null(f);
	snprintf(out, sizeof out, "%s", f);
	free(f);
	locator_free(&loc);
	return out;
}

/* Parses s, which must fail, and returns the message. */
static char *parse_error(const char *s)
{
	static char err[256];
	struct locator loc;

	assert_int_equal(locator_parse(s, &loc, err, sizeof err), -1);
	assert_int_equal(loc.n, 0);
	return err;
}

static void test_key_names(void **state)
{
	(void)state;
	assert_string_equal(locator_key_name(STORE_DIM_PHASE), "phase");
	assert_string_equal(locator_key_name(STORE_DIM_SUBCATEGORY), "subcategory");
	assert_string_equal(locator_key_name(STORE_DIM_DAY), "day");
	assert_string_equal(locator_key_name(LOCATOR_KEY_CASE), "case");
	assert_string_equal(locator_key_name(LOCATOR_KEY_SEARCH), "search");
	assert_null(locator_key_name(-1));
	assert_null(locator_key_name(LOCATOR_KEY_COUNT));
}

static void test_parse_home(void **state)
{
	struct locator loc;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse("", &loc, err, sizeof err), 0);
	assert_int_equal(loc.n, 0);
	assert_int_equal(locator_parse("/", &loc, err, sizeof err), 0);
	assert_int_equal(loc.n, 0);
	assert_string_equal(reformat(""), "");
}

static void test_parse_drill_path_in_order(void **state)
{
	struct locator loc;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse("phase=OMD7/category=drugs/agency=VNCUS/case=OMD7-VNCUS-0412",
	                               &loc, err, sizeof err), 0);
	assert_int_equal(loc.n, 4);
	assert_int_equal(loc.item[0].key, STORE_DIM_PHASE);
	assert_string_equal(loc.item[0].value, "OMD7");
	assert_int_equal(loc.item[1].key, STORE_DIM_CATEGORY);
	assert_string_equal(loc.item[1].value, "drugs");
	assert_int_equal(loc.item[2].key, STORE_DIM_AGENCY);
	assert_string_equal(loc.item[2].value, "VNCUS");
	assert_int_equal(loc.item[3].key, LOCATOR_KEY_CASE);
	assert_string_equal(loc.item[3].value, "OMD7-VNCUS-0412");
	locator_free(&loc);
	/* Order is kept, not sorted. */
	assert_string_equal(reformat("agency=VNCUS/phase=OMD7"), "agency=VNCUS/phase=OMD7");
}

static void test_escapes_decode_and_round_trip(void **state)
{
	struct locator loc;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse("search=a%2Fb%25c%3Dd/transport=sea container", &loc, err,
	                               sizeof err), 0);
	assert_string_equal(loc.item[0].value, "a/b%c=d");
	assert_string_equal(loc.item[1].value, "sea container");
	locator_free(&loc);
	assert_string_equal(reformat("search=a%2Fb%25c%3Dd"), "search=a%2Fb%25c%3Dd");
	/* Lower-case hex and other escapes are accepted and written canonically. */
	assert_string_equal(reformat("search=a%2fb%41"), "search=a%2FbA");
	assert_string_equal(reformat("search=象牙 ivory"), "search=象牙 ivory");
}

static void test_leading_and_trailing_slash_tolerated(void **state)
{
	(void)state;
	assert_string_equal(reformat("/phase=OMD7/"), "phase=OMD7");
	assert_string_equal(reformat("phase=OMD7/"), "phase=OMD7");
	assert_string_equal(reformat("/phase=OMD7"), "phase=OMD7");
}

static void test_errors_name_column_and_key(void **state)
{
	(void)state;
	assert_string_equal(parse_error("phase=OMD7/agnecy=VNCUS"),
	                    "column 12: unknown key 'agnecy' (expected phase, category, subcategory, "
	                    "agency, country, transport, status, week, day, case, search)");
	assert_string_equal(parse_error("phase=OMD7/phase=OMD6"), "column 12: key 'phase' given twice");
	assert_string_equal(parse_error("phase="), "column 1: empty value for 'phase'");
	assert_string_equal(parse_error("phase=OMD7//agency=X"), "column 12: empty item (two '/' in a row)");
	assert_string_equal(parse_error("phase=OMD7//"), "column 12: empty item (two '/' in a row)");
	assert_string_equal(parse_error("//"), "column 2: empty item (two '/' in a row)");
	assert_string_equal(parse_error("phase"), "column 1: 'phase' is not KEY=VALUE");
	assert_string_equal(parse_error("=x"), "column 1: unknown key '' (expected phase, category, "
	                    "subcategory, agency, country, transport, status, week, day, case, search)");
	assert_string_equal(parse_error("Phase=OMD7"), "column 1: unknown key 'Phase' (expected phase, "
	                    "category, subcategory, agency, country, transport, status, week, day, case, search)");
}

static void test_errors_in_values(void **state)
{
	(void)state;
	assert_string_equal(parse_error("search=50%"),
	                    "column 10: bad escape '%' (write %25 for '%', %2F for '/', %3D for '=')");
	assert_string_equal(parse_error("search=%G1"),
	                    "column 8: bad escape '%G1' (write %25 for '%', %2F for '/', %3D for '=')");
	assert_string_equal(parse_error("search=%00"),
	                    "column 8: bad escape '%00' (write %25 for '%', %2F for '/', %3D for '=')");
	assert_string_equal(parse_error("search=a=b"), "column 9: '=' inside a value must be written %3D");
	/* Columns count characters, not bytes. */
	assert_string_equal(parse_error("search=象牙/x=1"),
	                    "column 11: unknown key 'x' (expected phase, category, subcategory, agency, "
	                    "country, transport, status, week, day, case, search)");
}

static void test_error_quotes_are_short_and_inert(void **state)
{
	(void)state;
	assert_string_equal(parse_error("\x1b]52;c;AAAA\x07=1"),
	                    "column 1: unknown key '\\x1B]52;c;AAAA\\x07' (expected phase, category, subcategory, "
	                    "agency, country, transport, status, week, day, case, search)");
	assert_string_equal(parse_error("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"),
	                    "column 1: 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr...' is not KEY=VALUE");
	/* Invisible characters are named, not passed on. */
	assert_string_equal(parse_error("ph\xe2\x80\x8b" "ase=1"),
	                    "column 1: unknown key 'ph<U+200B>ase' (expected phase, category, subcategory, "
	                    "agency, country, transport, status, week, day, case, search)");
}

static void test_parse_null_and_no_err_buffer(void **state)
{
	struct locator loc;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse(NULL, &loc, err, sizeof err), -1);
	assert_string_equal(err, "column 1: no locator");
	assert_int_equal(locator_parse("bogus", &loc, NULL, 0), -1);
}

static void test_push_appends_and_replaces_in_place(void **state)
{
	struct locator loc;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse("phase=OMD7", &loc, err, sizeof err), 0);
	assert_int_equal(locator_push(&loc, STORE_DIM_CATEGORY, "wildlife"), 0);
	assert_int_equal(locator_push(&loc, STORE_DIM_AGENCY, "THCUS"), 0);
	assert_int_equal(locator_push(&loc, STORE_DIM_PHASE, "OMD6"), 0);
	char *f = locator_format(&loc);
	assert_string_equal(f, "phase=OMD6/category=wildlife/agency=THCUS");
	free(f);
	assert_int_equal(locator_push(&loc, STORE_DIM_COUNTRY, ""), -1);
	assert_int_equal(locator_push(&loc, STORE_DIM_COUNTRY, NULL), -1);
	assert_int_equal(locator_push(&loc, 99, "x"), -1);
	assert_int_equal(loc.n, 3);
	locator_free(&loc);
}

static void test_format_round_trips_every_key(void **state)
{
	struct locator loc = { 0 }, back;
	char err[128];
	(void)state;
	for (int k = 0; k < LOCATOR_KEY_COUNT; k++) {
		char v[32];
		snprintf(v, sizeof v, "v%d/%%=%d", k, k);
		assert_int_equal(locator_push(&loc, k, v), 0);
	}
	char *f = locator_format(&loc);
	assert_non_null(f);
	assert_int_equal(locator_parse(f, &back, err, sizeof err), 0);
	assert_int_equal(back.n, LOCATOR_KEY_COUNT);
	for (int k = 0; k < LOCATOR_KEY_COUNT; k++) {
		assert_int_equal(back.item[k].key, loc.item[k].key);
		assert_string_equal(back.item[k].value, loc.item[k].value);
	}
	free(f);
	locator_free(&back);
	locator_free(&loc);
}

static void test_to_filter(void **state)
{
	struct locator loc;
	struct store_filter f;
	char err[64];
	(void)state;
	assert_int_equal(locator_parse("phase=OMD7/agency=VNCUS/case=OMD7-VNCUS-0412/search=heroin",
	                               &loc, err, sizeof err), 0);
	assert_int_equal(locator_to_filter(&loc, &f), 0);
	assert_string_equal(f.value[STORE_DIM_PHASE], "OMD7");
	assert_string_equal(f.value[STORE_DIM_AGENCY], "VNCUS");
	assert_null(f.value[STORE_DIM_CATEGORY]);
	assert_string_equal(f.case_ref, "OMD7-VNCUS-0412");
	assert_string_equal(f.search, "heroin");
	store_filter_free(&f);
	locator_free(&loc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_parse_home),
		cmocka_unit_test(test_parse_drill_path_in_order),
		cmocka_unit_test(test_escapes_decode_and_round_trip),
		cmocka_unit_test(test_leading_and_trailing_slash_tolerated),
		cmocka_unit_test(test_errors_name_column_and_key),
		cmocka_unit_test(test_errors_in_values),
		cmocka_unit_test(test_error_quotes_are_short_and_inert),
		cmocka_unit_test(test_parse_null_and_no_err_buffer),
		cmocka_unit_test(test_push_appends_and_replaces_in_place),
		cmocka_unit_test(test_format_round_trips_every_key),
		cmocka_unit_test(test_to_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
