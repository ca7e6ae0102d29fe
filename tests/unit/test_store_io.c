/* store_io: CSV import (all or nothing, every problem listed) and CSV/JSON export. */
#include "testdb.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "csv.h"
#include "text.h"
#include "store.h"

/* Reference data of a tiny operation database; cases come from the tests. */
static const char fixture_sql[] =
	"INSERT INTO operations(id, code, name, phase, starts_on, ends_on) VALUES"
	" (1, 'OMD7', 'OMD 7', 7, '2025-04-15', '2025-09-15'),"
	" (2, 'OMD6', 'OMD VI', 6, '2024-06-18', '2024-11-15');"
	"INSERT INTO agencies(id, code, name, short, country, kind) VALUES"
	" (1, 'VNCUS', 'General Department of Viet Nam Customs', 'VN Customs', 'VN', 'customs'),"
	" (2, 'THCUS', 'Thai Customs Department', 'TH Customs', 'TH', 'customs'),"
	" (3, 'LACUS', 'Lao Customs Department', 'LA Customs', 'LA', 'customs');"
	"INSERT INTO participations VALUES (1, 1), (1, 2), (2, 3);"
	"INSERT INTO categories(id, code, name, parent_id, position) VALUES"
	" (1, 'drugs', 'Drugs', NULL, 1), (2, 'precursors', 'Precursors', NULL, 2),"
	" (3, 'wildlife', 'Wildlife', NULL, 3), (10, 'crystal-meth', 'Crystal methamphetamine', 1, 1),"
	" (11, 'meth-tablets', 'Methamphetamine tablets', 1, 2), (20, 'pangolin', 'Pangolin scales', 3, 1),"
	" (21, 'ivory', 'Ivory', 3, 2);";

static const char header[] =
	"ref,phase,agency,category,subcategory,detected_on,country,transport,status";

/* One text value (static buffer). */
static const char *query_text(const char *path, const char *sql)
{
	static char buf[1024];
	sqlite3 *db;
	sqlite3_stmt *st;
	buf[0] = '\0';
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return buf;
}

/* A fresh database with the fixture's reference data. */
static const char *fixture(const char *name)
{
	char err[256];
	const char *path = tu_path(name);
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	store_close(s);
	tdb_exec(path, fixture_sql);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Imports csv text into db; returns the result and the messages (static buffer). */
static long long import_text(const char *db, const char *csvname, const char *text, const char **msgs)
{
	static char *buf;
	size_t len;
	char err[256];
	FILE *errs;

	free(buf);
	buf = NULL;
	errs = open_memstream(&buf, &len);
	struct store *s = store_open(db, STORE_WRITE, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	long long n = store_import_csv(s, tu_write(csvname, text), errs);
	store_close(s);
	fclose(errs);
	tdb_assert_intact(db);
	/* Messages start with the file's path; strip the test directory from them. */
	const char *dir = tu_dir();
	char *out = malloc(len + 1), *o = out;
	for (const char *p = buf; *p;) {
		if (strncmp(p, dir, strlen(dir)) == 0 && p[strlen(dir)] == '/')
			p += strlen(dir) + 1;
		else
			*o++ = *p++;
	}
	*o = '\0';
	free(buf);
	buf = out;
	*msgs = buf;
	return n;
}

/* Exports db (optionally only one phase) and returns the text (static buffer). */
static const char *export_text(const char *db, int format, const char *phase)
{
	static char *buf;
	size_t len;
	char err[256];
	struct store_filter f;

	free(buf);
	buf = NULL;
	FILE *out = open_memstream(&buf, &len);
	struct store *s = store_open(db, STORE_READ, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	store_filter_init(&f);
	if (phase)
		store_filter_set(&f, STORE_DIM_PHASE, phase);
	assert_int_equal(store_export(s, &f, format, out), 0);
	store_filter_free(&f);
	store_close(s);
	fclose(out);
	return buf;
}

static void test_good_import_adds_exactly_the_rows(void **state)
{
	const char *db = fixture("good.db"), *msgs;
	(void)state;
	/* BOM and a quoted header, CR LF, a quoted comma, a newline inside quotes, grams,
	 * a case with two seizures, one without, no final newline. */
	const char *csv =
		"\xEF\xBB\xBF\"ref\",phase,agency,category,subcategory,detected_on,country,transport,"
		"status,location,summary,arrests,commodity,quantity,unit\r\n"
		"OMD7-VNCUS-0001,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,air passenger,open,"
		"\"Tan Son Nhat airport, Ho Chi Minh City\",\"two bags\nin a suitcase\",2,"
		"crystal methamphetamine,12.5,kg\r\n"
		"OMD7-VNCUS-0001,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,air passenger,open,"
		"\"Tan Son Nhat airport, Ho Chi Minh City\",\"two bags\nin a suitcase\",2,"
		"methamphetamine tablets,2500,g\r\n"
		"OMD7-THCUS-0002,OMD7,THCUS,wildlife,ivory,2025-09-15,TH,sea container,closed,"
		"Laem Chabang port,,0,,,\r\n"
		"OMD7-THCUS-0003,OMD7,THCUS,wildlife,pangolin,2025-04-15,TH,sea container,prosecuted,"
		",\"=cmd|' /C calc'!A0\",,pangolin scales,860,kg";
	assert_int_equal(import_text(db, "good.csv", csv, &msgs), 3);
	assert_string_equal(msgs, "");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 3);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM seizures"), 3);
	assert_string_equal(query_text(db, "SELECT location || '|' || summary || '|' || arrests FROM cases"
	                               " WHERE ref = 'OMD7-VNCUS-0001'"),
	                    "Tan Son Nhat airport, Ho Chi Minh City|two bags\nin a suitcase|2");
	assert_string_equal(query_text(db, "SELECT group_concat(quantity || ' ' || unit, '; ') FROM"
	                               " (SELECT * FROM seizures ORDER BY id)"),
	                    "12.5 kg; 2.5 kg; 860.0 kg");
	/* Stored as given: a formula is data; neutralising is export's job. */
	assert_string_equal(query_text(db, "SELECT summary FROM cases WHERE ref = 'OMD7-THCUS-0003'"),
	                    "=cmd|' /C calc'!A0");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases c JOIN seizures z ON z.case_id = c.id"
	                           " WHERE c.ref = 'OMD7-THCUS-0002'"), 0);
}

static void test_bad_file_lists_every_problem_and_changes_nothing(void **state)
{
	const char *db = fixture("bad.db"), *msgs;
	size_t n1, n2;
	(void)state;
	char *before = slurp(db, &n1);
	const char *csv =
		"ref,phase,agency,category,subcategory,detected_on,country,transport,status,arrests,"
		"commodity,quantity,unit\n"
		"A-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,air passenger,open,1,meth,1,kg\n"
		"A-2,OMD9,XXCUS,drugs,ivory,2025-02-30,vn,boat,lost,-1,meth,-3,kg\n"
		"A-3,OMD7,LACUS,drugs,heroin,2024-01-01,VN,road,open,0,meth,1e3,grams\n"
		"A-4,OMD7,VNCUS,drugs\n"
		"A-5,OMD7,VNCUS,ivory,crystal-meth,2025-05-02,VN,road,open,0,meth,,kg\n"
		"A-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,air passenger,open,1,meth,2,kg\n";
	assert_int_equal(import_text(db, "bad.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"bad.csv:3:2: column 'phase': unknown phase 'OMD9'\n"
		"bad.csv:3:3: column 'agency': unknown agency 'XXCUS'\n"
		"bad.csv:3:5: column 'subcategory': 'ivory' is not a sub-category of 'drugs'\n"
		"bad.csv:3:6: column 'detected_on': '2025-02-30' is not a real date (expected YYYY-MM-DD)\n"
		"bad.csv:3:7: column 'country': 'vn' is not an upper-case two-letter country code\n"
		"bad.csv:3:8: column 'transport': unknown transport 'boat' (expected air passenger, air cargo, "
		"express courier, postal, sea container, sea vessel, road, rail, other)\n"
		"bad.csv:3:9: column 'status': unknown status 'lost' (expected open, under investigation, "
		"prosecuted, closed)\n"
		"bad.csv:3:10: column 'arrests': '-1' is not a non-negative whole number (at most 9 digits)\n"
		"bad.csv:3:12: column 'quantity': negative quantity '-3'\n"
		"bad.csv:4:3: column 'agency': agency 'LACUS' does not take part in phase 'OMD7'\n"
		"bad.csv:4:5: column 'subcategory': unknown sub-category 'heroin'\n"
		"bad.csv:4:6: column 'detected_on': 2024-01-01 is outside phase OMD7 (2025-04-15 to 2025-09-15)\n"
		"bad.csv:4:13: column 'unit': unknown unit 'grams' (expected kg, g, tablets, pieces, heads, m3, "
		"litres)\n"
		"bad.csv:4:12: column 'quantity': not a decimal number (write digits, and '.' then digits for "
		"a fraction) '1e3'\n"
		"bad.csv:5:5: 4 fields, but the header has 13\n"
		"bad.csv:6:4: column 'category': 'ivory' is a sub-category; expected a top-level category\n"
		"bad.csv:6:12: column 'quantity': empty, but commodity, quantity and unit go together "
		"(all three or none)\n"
		"bad.csv:7:1: column 'ref': case 'A-1' already began on row 2 (the rows of a case must follow "
		"each other)\n");
	char *after = slurp(db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void test_csv_syntax_errors_are_listed_with_rows(void **state)
{
	const char *db = fixture("syntax.db"), *msgs;
	(void)state;
	char csv[512];
	int n = snprintf(csv, sizeof csv, "%s\n"
		"B-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,op\"en\n"
		"B-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,caf\xC3\n"
		"B-3,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,extra\n"
		"B-4,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,\"open\n", header);
	assert_true(n > 0);
	assert_int_equal(import_text(db, "syntax.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"syntax.csv:2:9: quote inside an unquoted field (quote the whole field and double the quote) "
		"(line 2, byte 56)\n"
		"syntax.csv:3:9: invalid UTF-8 (byte 0xC3) (line 3, byte 57)\n"
		"syntax.csv:4:10: 10 fields, but the header has 9\n"
		"syntax.csv:5:9: quoted field never closed (the quote opens here) (line 5, byte 54)\n");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 0);
}

static void test_nul_byte_refused(void **state)
{
	const char *db = fixture("nul.db");
	char err[256], *buf = NULL;
	size_t len;
	(void)state;
	const char *path = tu_path("nul.csv");
	FILE *f = fopen(path, "wb");
	fprintf(f, "%s\nC-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open", header);
	fputc('\0', f);
	fputc('\n', f);
	fclose(f);
	FILE *errs = open_memstream(&buf, &len);
	struct store *s = store_open(db, STORE_WRITE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_import_csv(s, path, errs), -1);
	assert_string_equal(store_error(s), strcat(strcpy(err, path), ": 1 problem"));
	store_close(s);
	fclose(errs);
	tdb_assert_intact(db);
	assert_non_null(strstr(buf, "nul.csv:2:9: NUL byte (line 2, byte 58)\n"));
	free(buf);
}

static void test_header_problems(void **state)
{
	const char *db = fixture("header.db"), *msgs;
	(void)state;
	assert_int_equal(import_text(db, "h.csv", "ref,phase,agnecy,ref\n", &msgs), -1);
	assert_string_equal(msgs,
		"h.csv:1:3: unknown column 'agnecy' (expected ref, phase, agency, category, subcategory, "
		"detected_on, location, country, transport, departure, transit, destination, detection, "
		"concealment, arrests, status, summary, commodity, quantity, unit)\n"
		"h.csv:1:4: column 'ref' given twice (first as column 1)\n"
		"h.csv:1:1: missing required column 'agency'\n"
		"h.csv:1:1: missing required column 'category'\n"
		"h.csv:1:1: missing required column 'subcategory'\n"
		"h.csv:1:1: missing required column 'detected_on'\n"
		"h.csv:1:1: missing required column 'country'\n"
		"h.csv:1:1: missing required column 'transport'\n"
		"h.csv:1:1: missing required column 'status'\n");
	assert_int_equal(import_text(db, "empty.csv", "", &msgs), -1);
	assert_string_equal(msgs, "empty.csv:1:1: no header row (expected ref, phase, agency, ...)\n");
}

static void test_case_rows_must_agree_and_refs_be_new(void **state)
{
	const char *db = fixture("agree.db"), *msgs;
	(void)state;
	tdb_exec(db, "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, country, transport, status) VALUES"
	             " ('OLD-1', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open')");
	char csv[1024];
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"D-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"D-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-03,VN,road,closed,meth,2,kg\n"
		"D-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,,,\n"
		"D-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,2,kg\n", header);
	assert_int_equal(import_text(db, "agree.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"agree.csv:2:1: column 'ref': case 'OLD-1' is already in the database\n"
		"agree.csv:4:6: column 'detected_on': '2025-05-03' differs from '2025-05-02' on row 3, where "
		"the case began\n"
		"agree.csv:4:9: column 'status': 'closed' differs from 'open' on row 3, where the case began\n"
		"agree.csv:6:10: column 'commodity': case 'D-2' has several rows, so each needs a seizure\n");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 1);
}

/* While the file has had no problem, a ref already in the database is found by its
 * insert (the ref's UNIQUE index), not by a query: the message is the same, in the same
 * order, wherever the case stands and whatever problem follows it. */
static void test_known_ref_found_by_the_insert(void **state)
{
	const char *db = fixture("known.db"), *msgs;
	char csv[2048];
	size_t n1, n2;
	(void)state;
	tdb_exec(db, "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, country, transport, status) VALUES"
	             " ('OLD-1', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open'),"
	             " ('OLD-2', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open')");
	char *before = slurp(db, &n1);
	/* After cases already inserted, and as the last case of the file. */
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"K-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"K-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,2,kg\n"
		"K-3,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"OLD-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n", header);
	assert_int_equal(import_text(db, "k1.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k1.csv:4:1: column 'ref': case 'OLD-1' is already in the database\n"
		"k1.csv:7:1: column 'ref': case 'OLD-2' is already in the database\n");
	/* A later row of the same case has a problem: the earlier row is said first. */
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"K-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,1,kg\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,meth,2,stones\n", header);
	assert_int_equal(import_text(db, "k2.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k2.csv:3:1: column 'ref': case 'OLD-1' is already in the database\n"
		"k2.csv:4:12: column 'unit': unknown unit 'stones' (expected kg, g, tablets, pieces, heads, m3, litres)\n");
	/* The next case's first row has a problem, or the file a syntax error, or a row
	 * the wrong number of fields: the same. */
	snprintf(csv, sizeof csv, "%s\n"
		"OLD-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"K-2,OMD7,XXCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "k3.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k3.csv:2:1: column 'ref': case 'OLD-2' is already in the database\n"
		"k3.csv:3:3: column 'agency': unknown agency 'XXCUS'\n");
	snprintf(csv, sizeof csv, "%s\n"
		"OLD-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"K-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,op\"en\n", header);
	assert_int_equal(import_text(db, "k4.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k4.csv:2:1: column 'ref': case 'OLD-2' is already in the database\n"
		"k4.csv:3:9: quote inside an unquoted field (quote the whole field and double the quote) (line 3, byte 56)\n");
	snprintf(csv, sizeof csv, "%s\n"
		"OLD-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"K-2,OMD7,VNCUS\n", header);
	assert_int_equal(import_text(db, "k5.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k5.csv:2:1: column 'ref': case 'OLD-2' is already in the database\n"
		"k5.csv:3:4: 3 fields, but the header has 9\n");
	/* The insert that finds the ref stops the inserting; the next case's ref is asked. */
	snprintf(csv, sizeof csv, "%s\n"
		"OLD-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"OLD-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"K-9,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "k6.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"k6.csv:2:1: column 'ref': case 'OLD-1' is already in the database\n"
		"k6.csv:3:1: column 'ref': case 'OLD-2' is already in the database\n");
	char *after = slurp(db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 2);
}

/* Indexes on cases that older databases had and this schema does not make: a new
 * database is without them, an older one loses them at its next writer (here an
 * import, even one that imports nothing), and nothing else changes. */
static void test_older_indexes_dropped_by_a_writer(void **state)
{
	static const char *const old[] = { "cases_op_cat", "cases_op_agency", "cases_date", "cases_agency",
	                                   "cases_sub" };
	const char *db = fixture("oldidx.db"), *msgs;
	char csv[1024], sql[160];
	(void)state;
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cases'"
	                             " AND name NOT LIKE 'sqlite_autoindex%'"), 1);
	tdb_exec(db, "CREATE INDEX cases_op_cat ON cases(operation_id, category_id, subcategory_id);"
	             "CREATE INDEX cases_op_agency ON cases(operation_id, agency_id);"
	             "CREATE INDEX cases_date ON cases(detected_on, id);"
	             "CREATE INDEX cases_agency ON cases(agency_id);"
	             "CREATE INDEX cases_sub ON cases(subcategory_id);");
	/* A bad file changes nothing, the indexes included. */
	snprintf(csv, sizeof csv, "%s\nI-1,OMD7,XXCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "bad.csv", csv, &msgs), -1);
	for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE name = '%s'", old[i]);
		assert_int_equal(tdb_int(db, sql), 1);
	}
	snprintf(csv, sizeof csv, "%s\nI-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "good.csv", csv, &msgs), 1);
	for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE name = '%s'", old[i]);
		assert_int_equal(tdb_int(db, sql), 0);
	}
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('cases_op_date', "
	                             "'seizures_case', 'sqlite_autoindex_cases_1')"), 3);
	/* A second writer finds nothing to drop: the schema stays as it is. */
	long long version = tdb_int(db, "PRAGMA schema_version");
	snprintf(csv, sizeof csv, "%s\nI-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-03,VN,road,open\n", header);
	assert_int_equal(import_text(db, "good2.csv", csv, &msgs), 1);
	assert_int_equal(tdb_int(db, "PRAGMA schema_version"), version);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 2);
	tdb_assert_intact(db);
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* After an import the write-ahead log is emptied while other connections keep the file
 * open; if a reader is inside a read then, it stays until the next writer. */
static void test_import_empties_the_log(void **state)
{
	const char *db = fixture("wal.db"), *msgs;
	char wal[1024], csv[64 * 1024];
	size_t len;
	sqlite3 *rd;
	(void)state;
	snprintf(wal, sizeof wal, "%s-wal", db);
	len = (size_t)snprintf(csv, sizeof csv, "%s\n", header);
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(csv + len, sizeof csv - len,
		                        "W-%d,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", i);
	/* A reader with the file open, between reads (as a viewer between refreshes). */
	assert_int_equal(sqlite3_open_v2(db, &rd, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(rd, "SELECT count(*) FROM cases", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(import_text(db, "w1.csv", csv, &msgs), 300);
	assert_int_equal(file_size(wal), 0);
	/* A reader inside a read: the log cannot be emptied, and the import is not kept
	 * waiting for it; the next import, after the read, empties it. */
	assert_int_equal(sqlite3_exec(rd, "BEGIN; SELECT count(*) FROM cases", NULL, NULL, NULL), SQLITE_OK);
	len = (size_t)snprintf(csv, sizeof csv, "%s\n", header);
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(csv + len, sizeof csv - len,
		                        "X-%d,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", i);
	assert_int_equal(import_text(db, "w2.csv", csv, &msgs), 300);
	assert_true(file_size(wal) > 0);
	assert_int_equal(sqlite3_exec(rd, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	snprintf(csv, sizeof csv, "%s\nY-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "w3.csv", csv, &msgs), 1);
	assert_int_equal(file_size(wal), 0);
	sqlite3_close(rd);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 601);
	/* The search index took the imports' cases with its merging off, and has it back. */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'cases_fts'"), 1);
	assert_int_equal(tdb_int(db, "SELECT coalesce((SELECT v FROM cases_fts_config WHERE k = 'automerge'), 4)"), 4);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH '\"X-299\"'"), 1);
	tdb_exec(db, "INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)");
}

static void test_error_list_is_capped(void **state)
{
	const char *db = fixture("cap.db"), *msgs;
	(void)state;
	size_t cap = 150 * 80 + 200, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv, cap, "%s\n", header);
	for (int i = 0; i < 150; i++)
		len += (size_t)snprintf(csv + len, cap - len,
		                        "E-%d,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,nope\n", i);
	assert_int_equal(import_text(db, "cap.csv", csv, &msgs), -1);
	const char *last = strstr(msgs, "cap.csv: ... and 50 more\n");
	assert_non_null(last);
	int lines = 0;
	for (const char *p = msgs; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 101);
	free(csv);
}

static void test_quantities(void **state)
{
	const char *db = fixture("qty.db"), *msgs;
	(void)state;
	char csv[2048];
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,0.05,kg\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,b,100.05,kg\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,c,1500,g\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,d,0,tablets\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,e,999999999999999,pieces\n"
		"Q-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,f,0.5,g\n", header);
	assert_int_equal(import_text(db, "qty.csv", csv, &msgs), 1);
	assert_string_equal(msgs, "");
	assert_string_equal(query_text(db, "SELECT group_concat(quantity || ' ' || unit, '; ') FROM"
	                               " (SELECT * FROM seizures ORDER BY id)"),
	                    "0.05 kg; 100.05 kg; 1.5 kg; 0.0 tablets; 999999999999999.0 pieces; 0.0005 kg");
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"R-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,1.,kg\n"
		"R-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,.5,kg\n"
		"R-3,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,1000000000000000,kg\n"
		"R-4,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,1.2345678901234567,kg\n"
		"R-5,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,\" 1\",kg\n"
		"R-6,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,nan,kg\n", header);
	assert_int_equal(import_text(db, "qty2.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"qty2.csv:2:11: column 'quantity': not a decimal number (write digits, and '.' then digits "
		"for a fraction) '1.'\n"
		"qty2.csv:3:11: column 'quantity': not a decimal number (write digits, and '.' then digits "
		"for a fraction) '.5'\n"
		"qty2.csv:4:11: column 'quantity': too large (at most 15 digits before the '.') "
		"'1000000000000000'\n"
		"qty2.csv:5:11: column 'quantity': more than 15 significant digits '1.2345678901234567'\n"
		"qty2.csv:6:11: column 'quantity': not a decimal number (write digits, and '.' then digits "
		"for a fraction) ' 1'\n"
		"qty2.csv:7:11: column 'quantity': not a decimal number (write digits, and '.' then digits "
		"for a fraction) 'nan'\n");
}

static void test_messages_are_terminal_safe(void **state)
{
	const char *db = fixture("esc.db"), *msgs;
	(void)state;
	char csv[512];
	snprintf(csv, sizeof csv, "%s\n"
		"S-1,\x1b]52;c;QUJD\x07,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"S-2,\xE2\x80\xAEOMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"S-3,OMD7\xE2\x80\x8B,VN\xEF\xBB\xBF" "CUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"S-4,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road\xE2\x80\xA8,open\xF3\xA0\x80\x81\n", header);
	assert_int_equal(import_text(db, "esc.csv", csv, &msgs), -1);
	assert_string_equal(msgs,
		"esc.csv:2:2: column 'phase': unknown phase '\\x1B]52;c;QUJD\\x07'\n"
		"esc.csv:3:2: column 'phase': unknown phase '<U+202E>OMD7'\n"
		"esc.csv:4:2: column 'phase': unknown phase 'OMD7<U+200B>'\n"
		"esc.csv:4:3: column 'agency': unknown agency 'VN<U+FEFF>CUS'\n"
		"esc.csv:5:8: column 'transport': unknown transport 'road<U+2028>' (expected air passenger, air cargo, "
		"express courier, postal, sea container, sea vessel, road, rail, other)\n"
		"esc.csv:5:9: column 'status': unknown status 'open<U+E0001>' (expected open, under investigation, "
		"prosecuted, closed)\n");
}

/* The importer writes each case's q_* totals itself (seizures_ai is dropped for its
 * transaction): they must equal the sums of the seizures, the trigger must be back and
 * working afterwards, and aggregates over the imported cases must add up. */
static void test_import_totals_and_aggregates(void **state)
{
	const char *db = fixture("totals.db"), *msgs;
	char err[256];
	struct store_agg agg;
	struct store_filter f;
	(void)state;
	char csv[2048];
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"T-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,12.5,kg\n"
		"T-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,b,2500,g\n"
		"T-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,c,4000,tablets\n"
		"T-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,d,0.1,kg\n"
		"T-2,OMD7,THCUS,drugs,meth-tablets,2025-06-01,TH,road,open,e,1.25,kg\n"
		"T-3,OMD7,THCUS,wildlife,pangolin,2025-06-02,TH,sea container,closed,,,\n"
		"T-4,OMD7,THCUS,wildlife,ivory,2025-06-03,TH,sea container,closed,f,860,kg\n"
		"T-4,OMD7,THCUS,wildlife,ivory,2025-06-03,TH,sea container,closed,g,3,pieces\n", header);
	assert_int_equal(import_text(db, "totals.csv", csv, &msgs), 4);
	assert_string_equal(msgs, "");
	assert_string_equal(query_text(db, "SELECT group_concat(ref || ' ' || q_kg || ' ' || q_tablets || ' '"
	                               " || q_pieces || ' ' || q_heads || ' ' || q_m3 || ' ' || q_litres, '; ')"
	                               " FROM (SELECT * FROM cases ORDER BY id)"),
	                    "T-1 15.1 4000.0 0.0 0.0 0.0 0.0; T-2 1.25 0.0 0.0 0.0 0.0 0.0; "
	                    "T-3 0.0 0.0 0.0 0.0 0.0 0.0; T-4 860.0 0.0 3.0 0.0 0.0 0.0");
	/* Exactly what the trigger's sums would be, for every case and unit. */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases c WHERE"
	                           " q_kg IS NOT (SELECT total(quantity) FROM seizures WHERE case_id = c.id AND unit = 'kg')"
	                           " OR q_tablets IS NOT (SELECT total(quantity) FROM seizures WHERE case_id = c.id AND unit = 'tablets')"
	                           " OR q_pieces IS NOT (SELECT total(quantity) FROM seizures WHERE case_id = c.id AND unit = 'pieces')"),
	                 0);

	/* Aggregates by category read the totals. */
	struct store *s = store_open(db, STORE_READ, err, sizeof err);
	assert_non_null(s);
	store_filter_init(&f);
	assert_int_equal(store_aggregate(s, &f, STORE_DIM_CATEGORY, &agg), 0);
	assert_int_equal(agg.n, 3);
	assert_string_equal(agg.rows[0].key, "drugs");
	assert_int_equal(agg.rows[0].cases, 2);
	assert_true(agg.rows[0].qty[STORE_UNIT_KG] == 12.5 + 2.5 + 0.1 + 1.25);
	assert_true(agg.rows[0].qty[STORE_UNIT_TABLETS] == 4000);
	assert_string_equal(agg.rows[1].key, "precursors");
	assert_int_equal(agg.rows[1].cases, 0);
	assert_string_equal(agg.rows[2].key, "wildlife");
	assert_int_equal(agg.rows[2].cases, 2);
	assert_true(agg.rows[2].qty[STORE_UNIT_KG] == 860);
	assert_true(agg.rows[2].qty[STORE_UNIT_PIECES] == 3);
	assert_true(agg.total.qty[STORE_UNIT_KG] == 12.5 + 2.5 + 0.1 + 1.25 + 860);
	store_agg_free(&agg);
	store_close(s);

	/* The insert trigger and the rollup triggers are back, as the schema defines them,
	 * and keep totals again. */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), 12); /* with the change log's and the search index's */
	sqlite3 *h;
	sqlite3_stmt *st;
	char *attach = sqlite3_mprintf("ATTACH %Q AS fresh", fixture("fresh.db"));
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, attach, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(attach);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM main.sqlite_schema m JOIN fresh.sqlite_schema n"
	                                    " USING (name) WHERE m.type = 'trigger' AND m.sql = n.sql", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 12);
	sqlite3_finalize(st);
	sqlite3_close(h);
	tdb_exec(db, "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	             " SELECT id, 'h', 2, 'kg' FROM cases WHERE ref = 'T-3'");
	assert_string_equal(query_text(db, "SELECT q_kg FROM cases WHERE ref = 'T-3'"), "2.0");
}

/* Rows are inserted while the file is good so far: a problem on the last row must still
 * leave the database exactly as it was (the transaction is rolled back, trigger and all). */
static void test_late_problem_changes_nothing(void **state)
{
	const char *db = fixture("late.db"), *msgs;
	size_t n1, n2;
	(void)state;
	char *before = slurp(db, &n1);
	char csv[2048];
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"L-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,1,kg\n"
		"L-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,b,2,kg\n"
		"L-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-03,VN,road,open,c,3,kg\n"
		"L-3,OMD7,VNCUS,drugs,crystal-meth,2025-05-04,VN,road,open,d,4,kg\n"
		"L-3,OMD7,VNCUS,drugs,crystal-meth,2025-05-04,VN,road,open,e,5,stones\n", header);
	assert_int_equal(import_text(db, "late.csv", csv, &msgs), -1);
	assert_string_equal(msgs, "late.csv:6:12: column 'unit': unknown unit 'stones' (expected kg, g, "
	                          "tablets, pieces, heads, m3, litres)\n");
	char *after = slurp(db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	/* A case already in the database is named as such, but a ref repeated later in the
	 * file is not mistaken for one (its first rows may already be inserted). */
	snprintf(csv, sizeof csv, "%s\n"
		"M-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"M-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
		"M-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n", header);
	assert_int_equal(import_text(db, "dup.csv", csv, &msgs), -1);
	assert_string_equal(msgs, "dup.csv:4:1: column 'ref': case 'M-1' already began on row 2 (the rows "
	                          "of a case must follow each other)\n");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases"), 0);
}

/* The importer writes the change log itself, in one statement, instead of by trigger
 * per case: viewers must find the same rows (one per new case, in id order, after those
 * already there) and the trigger must be back afterwards, word for word. */
static void test_import_writes_the_change_log(void **state)
{
	const char *db = fixture("log.db"), *msgs;
	char csv[1024], trigger[1024];
	(void)state;
	/* Some cases by plain SQL first: their log rows come from the trigger. */
	tdb_exec(db, "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	             " country, transport, status) VALUES ('P-1', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open'),"
	             " ('P-2', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open');"
	             "DELETE FROM cases WHERE ref = 'P-2'");
	snprintf(trigger, sizeof trigger, "%s",
	         query_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'cases_log_ai'"));
	assert_true(strlen(trigger) > 0);
	long long before = tdb_int(db, "SELECT count(*) FROM case_log");
	assert_int_equal(before, 3);
	snprintf(csv, sizeof csv, "%s,commodity,quantity,unit\n"
		"G-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,a,1,kg\n"
		"G-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open,b,2,kg\n"
		"G-2,OMD7,THCUS,wildlife,ivory,2025-05-03,TH,road,open,c,3,kg\n"
		"G-3,OMD7,THCUS,wildlife,ivory,2025-05-04,TH,road,open,,,\n", header);
	assert_int_equal(import_text(db, "log.csv", csv, &msgs), 3);
	assert_string_equal(msgs, "");
	/* One row per new case, in id order, after the three there were. */
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM case_log"), before + 3);
	assert_string_equal(query_text(db, "SELECT group_concat(c.ref, ' ') FROM (SELECT case_id FROM case_log"
	                               " WHERE seq > (SELECT min(seq) + 2 FROM case_log) ORDER BY seq) l"
	                               " JOIN cases c ON c.id = l.case_id"), "G-1 G-2 G-3");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM case_log l JOIN cases c ON c.id = l.case_id"
	                           " WHERE c.ref LIKE 'G-%' AND l.seq > (SELECT min(seq) + 2 FROM case_log)"), 3);
	assert_string_equal(query_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'cases_log_ai'"), trigger);
	/* And the trigger logs the next writer's cases again. */
	tdb_exec(db, "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	             " country, transport, status) VALUES ('P-3', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open')");
	assert_int_equal(tdb_int(db, "SELECT case_id FROM case_log ORDER BY seq DESC LIMIT 1"),
	                 tdb_int(db, "SELECT id FROM cases WHERE ref = 'P-3'"));
	/* A failed import leaves both as they were. */
	long long n = tdb_int(db, "SELECT count(*) FROM case_log");
	snprintf(csv, sizeof csv, "%s\nH-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,road,open\n"
	         "H-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-02,VN,boat,open\n", header);
	assert_int_equal(import_text(db, "bad-log.csv", csv, &msgs), -1);
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM case_log"), n);
	assert_string_equal(query_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'cases_log_ai'"), trigger);
}

static void test_export_neutralises_formulas(void **state)
{
	const char *db = fixture("neutral.db");
	(void)state;
	tdb_exec(db, "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, location, country, transport, concealment, status, summary) VALUES"
	             " (1, 'N-1', 1, 1, 1, 10, '2025-05-01', '+1', 'VN', 'road', '-1', 'open', '=SUM(A1)'),"
	             " (2, 'N-2', 1, 1, 1, 10, '2025-05-01', char(9) || 'tab', 'VN', 'road',"
	             "  char(13) || 'cr', 'open', '''=x');"
	             "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (1, '@x', 1.25, 'kg');");
	assert_string_equal(export_text(db, STORE_FORMAT_CSV, NULL),
		"ref,phase,agency,category,subcategory,detected_on,location,country,transport,departure,"
		"transit,destination,detection,concealment,arrests,status,summary,commodity,quantity,unit\r\n"
		"N-1,OMD7,VNCUS,drugs,crystal-meth,2025-05-01,'+1,VN,road,,,,,'-1,0,open,'=SUM(A1),'@x,1.25,kg\r\n"
		"N-2,OMD7,VNCUS,drugs,crystal-meth,2025-05-01,'\ttab,VN,road,,,,,\"'\rcr\",0,open,''=x,,,\r\n");
	/* Importing the export gives back the cells exactly. */
	const char *db2 = fixture("neutral2.db"), *msgs;
	assert_int_equal(import_text(db2, "neutral.csv", export_text(db, STORE_FORMAT_CSV, NULL), &msgs), 2);
	assert_string_equal(msgs, "");
	assert_string_equal(query_text(db2, "SELECT location || '|' || concealment || '|' || summary"
	                               " FROM cases WHERE ref = 'N-1'"), "+1|-1|=SUM(A1)");
	assert_string_equal(query_text(db2, "SELECT summary FROM cases WHERE ref = 'N-2'"), "'=x");
	assert_int_equal(tdb_int(db2, "SELECT location = char(9) || 'tab' AND concealment = char(13) || 'cr'"
	                           " FROM cases WHERE ref = 'N-2'"), 1);
}

static void test_export_filter_and_order(void **state)
{
	const char *db = fixture("filter.db");
	(void)state;
	tdb_exec(db, "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, country, transport, status) VALUES"
	             " (1, 'Z-9', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open'),"
	             " (2, 'A-1', 1, 2, 3, 21, '2025-05-01', 'TH', 'road', 'open'),"
	             " (3, 'L-1', 2, 3, 3, 20, '2024-07-01', 'LA', 'road', 'open');");
	const char *out = export_text(db, STORE_FORMAT_CSV, "OMD7");
	const char *a = strstr(out, "\r\nA-1,"), *z = strstr(out, "\r\nZ-9,");
	assert_non_null(a);
	assert_non_null(z);
	assert_true(a < z);
	assert_null(strstr(out, "L-1"));
	assert_string_equal(export_text(db, STORE_FORMAT_JSON, "OMD5"), "[]\n");
}

/* json_valid() of text, through an in-memory SQLite. */
static int json_ok(const char *text)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = 0;
	sqlite3_open(":memory:", &db);
	sqlite3_prepare_v2(db, "SELECT json_valid(?) AND json_type(?) = 'array'", -1, &st, NULL);
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

static void test_export_json(void **state)
{
	const char *db = fixture("json.db");
	(void)state;
	/* Quotes, backslashes, control characters and invalid UTF-8 in the database. */
	tdb_exec(db, "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, country, transport, status, summary, location) VALUES"
	             " (1, 'J-1', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open', 'say \"hi\" \\ ' ||"
	             "  char(27) || '[2J' || char(10), CAST(X'41FF42C0AF43' AS TEXT)),"
	             " (2, 'J-2', 1, 2, 3, 21, '2025-05-02', 'TH', 'road', 'closed', '', '');"
	             "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES"
	             " (1, 'crystal methamphetamine', 12.5, 'kg'), (1, 'meth tablets', 2000, 'tablets');");
	const char *out = export_text(db, STORE_FORMAT_JSON, NULL);
	assert_true(json_ok(out));
	assert_int_equal(text_utf8_valid(out, strlen(out)), strlen(out));
	assert_string_equal(out,
		"[\n"
		"{\"ref\":\"J-1\",\"phase\":\"OMD7\",\"agency\":\"VNCUS\",\"category\":\"drugs\","
		"\"subcategory\":\"crystal-meth\",\"detected_on\":\"2025-05-01\","
		"\"location\":\"A\xEF\xBF\xBD" "B\xEF\xBF\xBD" "C\",\"country\":\"VN\","
		"\"transport\":\"road\",\"departure\":\"\",\"transit\":\"\",\"destination\":\"\","
		"\"detection\":\"\",\"concealment\":\"\",\"arrests\":0,\"status\":\"open\","
		"\"summary\":\"say \\\"hi\\\" \\\\ \\u001b[2J\\n\",\"seizures\":["
		"{\"commodity\":\"crystal methamphetamine\",\"quantity\":12.5,\"unit\":\"kg\"},"
		"{\"commodity\":\"meth tablets\",\"quantity\":2000.0,\"unit\":\"tablets\"}]},\n"
		"{\"ref\":\"J-2\",\"phase\":\"OMD7\",\"agency\":\"THCUS\",\"category\":\"wildlife\","
		"\"subcategory\":\"ivory\",\"detected_on\":\"2025-05-02\",\"location\":\"\",\"country\":\"TH\","
		"\"transport\":\"road\",\"departure\":\"\",\"transit\":\"\",\"destination\":\"\","
		"\"detection\":\"\",\"concealment\":\"\",\"arrests\":0,\"status\":\"closed\","
		"\"summary\":\"\",\"seizures\":[]}\n"
		"]\n");
	/* Invalid UTF-8 in CSV export becomes U+FFFD too, so the export imports again. */
	const char *csv = export_text(db, STORE_FORMAT_CSV, NULL);
	assert_non_null(strstr(csv, ",A\xEF\xBF\xBD" "B\xEF\xBF\xBD" "C,"));
}

/* A database written by another program may hold what our CHECKs refuse: the export
 * writes the value, not a stand-in. */
static void test_export_foreign_negative_quantity(void **state)
{
	const char *db = fixture("negative.db");
	(void)state;
	tdb_exec(db, "PRAGMA ignore_check_constraints = ON;"
	             "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	             " detected_on, country, transport, status) VALUES"
	             " (1, 'N-1', 1, 1, 1, 10, '2025-05-01', 'VN', 'road', 'open');"
	             "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES"
	             " (1, 'a', -3.5, 'kg'), (1, 'b', -1200000, 'tablets'), (1, 'c', -0.0004, 'kg');");
	/* (A cell starting with '-' is neutralised for spreadsheets, numbers included.) */
	const char *csv = export_text(db, STORE_FORMAT_CSV, NULL);
	assert_non_null(strstr(csv, ",a,'-3.5,kg"));
	assert_non_null(strstr(csv, ",b,'-1200000,tablets"));
	assert_non_null(strstr(csv, ",c,'-0.0004,kg"));
}

static void test_sample_round_trips(void **state)
{
	char err[256];
	const char *a = tu_path("sample-a.db"), *b = tu_path("sample-b.db"), *msgs;
	(void)state;
	unlink(a);
	unlink(b);
	struct store *s = store_open(a, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_sample(s, 0, 0), 0);
	store_close(s);
	s = store_open(b, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_sample(s, 0, 0), 0);
	store_close(s);
	tdb_exec(b, "DELETE FROM seizures; DELETE FROM cases;");
	long long ncases = tdb_int(a, "SELECT count(*) FROM cases");
	assert_true(ncases > 100);

	char *first = strdup(export_text(a, STORE_FORMAT_CSV, NULL));
	assert_int_equal(import_text(b, "sample.csv", first, &msgs), ncases);
	assert_string_equal(msgs, "");
	assert_string_equal(export_text(b, STORE_FORMAT_CSV, NULL), first);
	char *json = strdup(export_text(a, STORE_FORMAT_JSON, NULL));
	assert_true(json_ok(json));
	assert_string_equal(export_text(b, STORE_FORMAT_JSON, NULL), json);
	assert_int_equal(tdb_int(b, "SELECT count(*) FROM seizures"), tdb_int(a, "SELECT count(*) FROM seizures"));
	free(first);
	free(json);
}

static void test_bundled_example_files(void **state)
{
	char err[256], *buf = NULL;
	size_t len;
	const char *db = tu_path("example.db");
	(void)state;
	unlink(db);
	struct store *s = store_open(db, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_sample(s, 0, 0), 0);
	FILE *errs = open_memstream(&buf, &len);
	assert_true(store_import_csv(s, "sample-data/cases-example.csv", errs) > 0);
	fclose(errs);
	assert_string_equal(buf, "");
	free(buf);
	errs = open_memstream(&buf, &len);
	assert_int_equal(store_import_csv(s, "sample-data/cases-bad.csv", errs), -1);
	fclose(errs);
	assert_true(strlen(buf) > 0);
	free(buf);
	store_close(s);
	tdb_assert_intact(db);
}

/* The check above can fail: a row that breaks a CHECK, written the way the importer
 * writes (CHECKs off), is found by integrity_check. */
static void test_integrity_check_sees_what_checks_would_refuse(void **state)
{
	const char *db = fixture("badcheck.db");
	(void)state;
	tdb_exec(db, "PRAGMA ignore_check_constraints = ON;"
	             "INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on,"
	             " country, transport, status) VALUES ('X-1', 1, 1, 1, 10, '2025-05-02', 'VN', 'teleport', 'open')");
	assert_int_equal(tdb_int(db, "SELECT count(*) FROM cases WHERE transport = 'teleport'"), 1);
	assert_int_not_equal(tdb_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
}

static void test_read_only_and_missing_file(void **state)
{
	const char *db = fixture("ro.db");
	char err[256];
	(void)state;
	struct store *s = store_open(db, STORE_READ, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_import_csv(s, "whatever.csv", NULL), -1);
	assert_non_null(strstr(store_error(s), "opened read-only"));
	store_close(s);
	s = store_open(db, STORE_WRITE, err, sizeof err);
	assert_int_equal(store_import_csv(s, tu_path("no-such.csv"), NULL), -1);
	assert_non_null(strstr(store_error(s), "no-such.csv: cannot read: No such file or directory"));
	store_close(s);
	tdb_assert_intact(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_import_adds_exactly_the_rows),
		cmocka_unit_test(test_integrity_check_sees_what_checks_would_refuse),
		cmocka_unit_test(test_export_foreign_negative_quantity),
		cmocka_unit_test(test_bad_file_lists_every_problem_and_changes_nothing),
		cmocka_unit_test(test_csv_syntax_errors_are_listed_with_rows),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_case_rows_must_agree_and_refs_be_new),
		cmocka_unit_test(test_known_ref_found_by_the_insert),
		cmocka_unit_test(test_older_indexes_dropped_by_a_writer),
		cmocka_unit_test(test_import_empties_the_log),
		cmocka_unit_test(test_error_list_is_capped),
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_messages_are_terminal_safe),
		cmocka_unit_test(test_import_totals_and_aggregates),
		cmocka_unit_test(test_late_problem_changes_nothing),
		cmocka_unit_test(test_import_writes_the_change_log),
		cmocka_unit_test(test_export_neutralises_formulas),
		cmocka_unit_test(test_export_filter_and_order),
		cmocka_unit_test(test_export_json),
		cmocka_unit_test(test_sample_round_trips),
		cmocka_unit_test(test_bundled_example_files),
		cmocka_unit_test(test_read_only_and_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
