/* date: calendar arithmetic shared by the sample generator and the timeline. */
#include "testutil.h"

#include "date.h"

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_from_civil(1970, 1, 1), 0);
	assert_int_equal(date_from_civil(2000, 3, 1), 11017);
	assert_int_equal(date_from_civil(1969, 12, 31), -1);
}

static void test_round_trip_across_leap_years(void **state)
{
	char buf[16];
	long days;

	(void)state;
	for (long d = date_from_civil(1899, 12, 25); d < date_from_civil(2101, 1, 10); d += 17) {
		date_format(d, buf, sizeof buf);
		assert_int_equal(date_parse(buf, &days), 1);
		assert_int_equal(days, d);
	}
	date_format(date_from_civil(2024, 2, 29), buf, sizeof buf);
	assert_string_equal(buf, "2024-02-29");
	date_format(date_from_civil(2024, 2, 29) + 1, buf, sizeof buf);
	assert_string_equal(buf, "2024-03-01");
}

static void test_parse_refuses_what_is_not_a_date(void **state)
{
	long d = 42;

	(void)state;
	assert_int_equal(date_parse(NULL, &d), 0);
	assert_int_equal(date_parse("", &d), 0);
	assert_int_equal(date_parse("2025-9-14", &d), 0);
	assert_int_equal(date_parse("2025-13-01", &d), 0);
	assert_int_equal(date_parse("2025-00-10", &d), 0);
	assert_int_equal(date_parse("2025/09/14", &d), 0);
	assert_int_equal(d, 42);
	assert_int_equal(date_parse("2025-09-14 09:00", &d), 1); /* time after the day ignored */
	assert_int_equal(d, date_from_civil(2025, 9, 14));
}

static void test_monday_of_the_week(void **state)
{
	char buf[16];

	(void)state;
	/* 2025-09-14 is a Sunday, its week began on Monday 2025-09-08 */
	date_format(date_monday(date_from_civil(2025, 9, 14)), buf, sizeof buf);
	assert_string_equal(buf, "2025-09-08");
	date_format(date_monday(date_from_civil(2025, 9, 8)), buf, sizeof buf);
	assert_string_equal(buf, "2025-09-08");
	date_format(date_monday(date_from_civil(1969, 12, 31)), buf, sizeof buf);
	assert_string_equal(buf, "1969-12-29");
}

static void test_valid_dates_are_real_days(void **state)
{
	long z;
	(void)state;
	assert_int_equal(date_valid("2025-09-08", &z), 1);
	assert_int_equal(z, date_from_civil(2025, 9, 8));
	assert_int_equal(date_valid("2024-02-29", NULL), 1);
	assert_int_equal(date_valid("2000-02-29", NULL), 1);
	assert_int_equal(date_valid("2025-02-29", NULL), 0);
	assert_int_equal(date_valid("1900-02-29", NULL), 0);
	assert_int_equal(date_valid("2025-02-30", NULL), 0);
	assert_int_equal(date_valid("2025-04-31", NULL), 0);
	assert_int_equal(date_valid("2025-13-01", NULL), 0);
	assert_int_equal(date_valid("2025-00-10", NULL), 0);
	assert_int_equal(date_valid("2025-09-08x", NULL), 0);
	assert_int_equal(date_valid("2025-9-8", NULL), 0);
	assert_int_equal(date_valid("", NULL), 0);
	assert_int_equal(date_valid(NULL, NULL), 0);
}

static void test_weekdays_and_month_names(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(date_from_civil(2025, 9, 8)), 0);  /* a Monday */
	assert_int_equal(date_weekday(date_from_civil(2025, 9, 14)), 6); /* a Sunday */
	assert_int_equal(date_weekday(0), 3);                            /* 1970-01-01, a Thursday */
	assert_int_equal(date_weekday(date_from_civil(1969, 12, 29)), 0);
	assert_string_equal(date_month_abbr(1), "Jan");
	assert_string_equal(date_month_abbr(12), "Dec");
	assert_string_equal(date_month_abbr(13), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_round_trip_across_leap_years),
		cmocka_unit_test(test_parse_refuses_what_is_not_a_date),
		cmocka_unit_test(test_monday_of_the_week),
		cmocka_unit_test(test_valid_dates_are_real_days),
		cmocka_unit_test(test_weekdays_and_month_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
