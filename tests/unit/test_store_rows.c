/*
 * store_rows: the store's one row loop.  Rows arrive in order through any number of
 * doublings of the array, a callback can stop the loop without an error, an SQL error
 * met while stepping and an allocation failure in a callback are each reported once
 * with the store's messages, and the elements collected so far stay countable (freed by
 * the caller).  The statements are plain SQL text over an empty store.
 */
#include "testutil.h"

#include "store.h"
#include "store_internal.h" /* store_rows is the store's own helper */

static char errbuf[600];

struct item {
	long long id;
	char *name;
};

static void items_free(struct item *v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

static struct store *open_empty(void)
{
	const char *path = tu_path("rows.db");
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, errbuf, sizeof errbuf);
	assert_non_null(s);
	return s;
}

static sqlite3_stmt *prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
	return st;
}

/* 1..n as (i, 'name-' || i); the row whose i is `bad` overflows abs() while stepping. */
#define SERIES(n, bad) "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " #n ")" \
	" SELECT CASE WHEN i = " #bad " THEN abs(-9223372036854775807 - 1) ELSE i END, 'name-' || i FROM n"

static int item_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct item *it = elem;
	int *calls = ctx;
	if (calls)
		++*calls;
	it->id = sqlite3_column_int64(st, 0);
	return (it->name = store_col_dup(st, 1)) ? 0 : -1;
}

/* Fails (as out of memory) at the third row, after setting only the id. */
static int item_fill_third_fails(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct item *it = elem;
	(void)ctx;
	it->id = sqlite3_column_int64(st, 0);
	if (it->id == 3)
		return -1;
	return (it->name = store_col_dup(st, 1)) ? 0 : -1;
}

static void test_collects_every_row_in_order(void **state)
{
	(void)state;
	struct store *s = open_empty();
	sqlite3_stmt *st = prepare(s, SERIES(1000, 0));
	struct item *v = NULL;
	int n = 0, calls = 0;
	/* From one element: ten doublings on the way to 1000. */
	assert_int_equal(store_rows_collect(s, st, &v, &n, sizeof *v, 1, item_fill, &calls), 0);
	assert_int_equal(n, 1000);
	assert_int_equal(calls, 1000);
	for (int i = 0; i < n; i++) {
		char want[32];
		snprintf(want, sizeof want, "name-%d", i + 1);
		assert_int_equal(v[i].id, i + 1);
		assert_string_equal(v[i].name, want);
	}
	sqlite3_finalize(st);
	items_free(v, n);
	store_close(s);
}

static void test_appends_to_an_array_that_holds_rows(void **state)
{
	(void)state;
	struct store *s = open_empty();
	sqlite3_stmt *st = prepare(s, SERIES(5, 0));
	struct item *v = calloc(2, sizeof *v);
	assert_non_null(v);
	v[0].id = 100, v[0].name = strdup("first");
	v[1].id = 200, v[1].name = strdup("second");
	int n = 2;
	assert_int_equal(store_rows_collect(s, st, &v, &n, sizeof *v, 4, item_fill, NULL), 0);
	assert_int_equal(n, 7);
	assert_string_equal(v[1].name, "second");
	assert_int_equal(v[2].id, 1);
	assert_string_equal(v[6].name, "name-5");
	sqlite3_finalize(st);
	items_free(v, n);
	store_close(s);
}

static void test_no_rows_leaves_the_array_alone(void **state)
{
	(void)state;
	struct store *s = open_empty();
	sqlite3_stmt *st = prepare(s, "SELECT code, name FROM agencies");
	struct item *v = NULL;
	int n = 0;
	assert_int_equal(store_rows_collect(s, st, &v, &n, sizeof *v, 16, item_fill, NULL), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	sqlite3_finalize(st);
	store_close(s);
}

static void test_sql_error_while_stepping_is_reported_with_the_path(void **state)
{
	(void)state;
	struct store *s = open_empty();
	sqlite3_stmt *st = prepare(s, SERIES(50, 6));
	struct item *v = NULL;
	int n = 0;
	char want[700];
	assert_int_equal(store_rows_collect(s, st, &v, &n, sizeof *v, 2, item_fill, NULL), -1);
	snprintf(want, sizeof want, "%s: integer overflow", s->path);
	assert_string_equal(store_error(s), want);
	/* The five rows before it are collected and countable, for the caller to free. */
	assert_int_equal(n, 5);
	assert_string_equal(v[4].name, "name-5");
	sqlite3_finalize(st);
	items_free(v, n);
	store_close(s);
}

static void test_failing_fill_is_out_of_memory_and_counted(void **state)
{
	(void)state;
	struct store *s = open_empty();
	sqlite3_stmt *st = prepare(s, SERIES(10, 0));
	struct item *v = NULL;
	int n = 0;
	assert_int_equal(store_rows_collect(s, st, &v, &n, sizeof *v, 8, item_fill_third_fails, NULL), -1);
	assert_string_equal(store_error(s), "out of memory");
	/* The half-filled third element is counted, zeroed but for its id: freeing it is safe. */
	assert_int_equal(n, 3);
	assert_int_equal(v[2].id, 3);
	assert_null(v[2].name);
	sqlite3_finalize(st);
	items_free(v, n);
	store_close(s);
}

/* A plain row callback: sums the ids and stops (not an error) once the sum passes 10. */
static int sum_to_ten(sqlite3_stmt *st, void *ctx)
{
	long long *sum = ctx;
	*sum += sqlite3_column_int64(st, 0);
	return *sum > 10;
}

static void test_row_callback_can_stop_early(void **state)
{
	(void)state;
	struct store *s = open_empty();
	/* Row 6 would fail: stopping at row 5 (1+2+3+4+5 = 15) never steps to it. */
	sqlite3_stmt *st = prepare(s, SERIES(50, 6));
	long long sum = 0;
	assert_int_equal(store_rows(s, st, sum_to_ten, &sum), 0);
	assert_int_equal(sum, 15);
	sqlite3_finalize(st);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collects_every_row_in_order),
		cmocka_unit_test(test_appends_to_an_array_that_holds_rows),
		cmocka_unit_test(test_no_rows_leaves_the_array_alone),
		cmocka_unit_test(test_sql_error_while_stepping_is_reported_with_the_path),
		cmocka_unit_test(test_failing_fill_is_out_of_memory_and_counted),
		cmocka_unit_test(test_row_callback_can_stop_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
