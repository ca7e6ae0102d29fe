/* csv: the RFC 4180 reader, the UTF-8 check and the formula-safe writer. */
#include "testutil.h"

#include "csv.h"
#include "text.h"

/*
 * Reads all of in (n bytes) and describes it: each record as "<f1|f2|...>" (a quoted
 * field marked with a leading "q:"), each bad record as "!REC:LINE:COL:FIELD: message".
 */
static char *dump_n(const char *in, size_t n)
{
	static char out[4096];
	struct csv_reader r;
	size_t len = 0;
	int rc;

	out[0] = '\0';
	csv_init(&r, in, n);
	while ((rc = csv_next(&r)) != 0) {
		if (rc < 0) {
			len += (size_t)snprintf(out + len, sizeof out - len, "!%ld:%ld:%ld:%d: %s\n",
			                        r.err_record, r.err_line, r.err_col, r.err_field, r.err);
			if (r.oom)
				break;
			continue;
		}
		len += (size_t)snprintf(out + len, sizeof out - len, "<");
		for (int i = 0; i < r.nfields; i++)
			len += (size_t)snprintf(out + len, sizeof out - len, "%s%s%s", i ? "|" : "",
			                        r.fields[i].quoted ? "q:" : "", r.fields[i].p);
		len += (size_t)snprintf(out + len, sizeof out - len, ">@%ld\n", r.record_line);
	}
	csv_free(&r);
	return out;
}

static char *dump(const char *in)
{
	return dump_n(in, strlen(in));
}

static void test_empty_input(void **state)
{
	(void)state;
	assert_string_equal(dump(""), "");
	assert_string_equal(dump("\xEF\xBB\xBF"), "");
}

static void test_simple_records_lf_and_crlf(void **state)
{
	(void)state;
	assert_string_equal(dump("a,b\n1,2\n"), "<a|b>@1\n<1|2>@2\n");
	assert_string_equal(dump("a,b\r\n1,2\r\n"), "<a|b>@1\n<1|2>@2\n");
	assert_string_equal(dump("a,b\r\n1,2\n3,4\r\n"), "<a|b>@1\n<1|2>@2\n<3|4>@3\n");
}

static void test_no_final_newline(void **state)
{
	(void)state;
	assert_string_equal(dump("a,b\n1,2"), "<a|b>@1\n<1|2>@2\n");
	assert_string_equal(dump("a,\"b\""), "<a|q:b>@1\n");
}

static void test_empty_fields(void **state)
{
	(void)state;
	assert_string_equal(dump(",\n"), "<|>@1\n");
	assert_string_equal(dump("a,,c\n"), "<a||c>@1\n");
	assert_string_equal(dump("a,"), "<a|>@1\n");
	assert_string_equal(dump("\"\",x\n"), "<q:|x>@1\n");
}

static void test_empty_line_in_the_middle_is_a_record(void **state)
{
	(void)state;
	assert_string_equal(dump("a\n\nb\n"), "<a>@1\n<>@2\n<b>@3\n");
	/* One line end at the very end closes the last record, nothing more. */
	assert_string_equal(dump("a\n"), "<a>@1\n");
}

static void test_blank(void **state)
{
	struct csv_reader r;
	(void)state;
	csv_init(&r, "\n\"\"\n", 4);
	assert_int_equal(csv_next(&r), 1);
	assert_true(csv_blank(&r));
	assert_int_equal(csv_next(&r), 1);
	assert_false(csv_blank(&r)); /* a quoted empty field is data */
	assert_int_equal(csv_next(&r), 0);
	csv_free(&r);
}

static void test_quoted_comma_and_doubled_quote(void **state)
{
	(void)state;
	assert_string_equal(dump("\"a,b\",\"say \"\"hi\"\"\"\n"), "<q:a,b|q:say \"hi\">@1\n");
	assert_string_equal(dump("\"\"\"\"\n"), "<q:\">@1\n");
}

static void test_newlines_inside_quotes(void **state)
{
	(void)state;
	/* LF and CR LF inside quotes are kept as they are; lines still count. */
	assert_string_equal(dump("\"a\nb\",c\n\"x\r\ny\"\nlast\n"),
	                    "<q:a\nb|c>@1\n<q:x\r\ny>@3\n<last>@5\n");
	/* A lone CR inside quotes is data too. */
	assert_string_equal(dump("\"a\rb\"\n"), "<q:a\rb>@1\n");
}

static void test_bom_before_header(void **state)
{
	(void)state;
	assert_string_equal(dump("\xEF\xBB\xBFref,phase\n1,2\n"), "<ref|phase>@1\n<1|2>@2\n");
	assert_string_equal(dump("\xEF\xBB\xBF\"ref\",phase\n"), "<q:ref|phase>@1\n");
	/* Only at the very start: elsewhere it is an ordinary (valid) character. */
	assert_string_equal(dump("a\n\xEF\xBB\xBF" "b\n"), "<a>@1\n<\xEF\xBB\xBF" "b>@2\n");
}

static void test_utf8_fields(void **state)
{
	(void)state;
	assert_string_equal(dump("Tân Sơn Nhất,象牙,🐘\n"), "<Tân Sơn Nhất|象牙|🐘>@1\n");
}

static void test_unterminated_quote_reported_where_it_began(void **state)
{
	(void)state;
	assert_string_equal(dump("a,b\n1,\"open\n2,3\n4,5\n"),
	                    "<a|b>@1\n!2:2:3:2: quoted field never closed (the quote opens here)\n");
	assert_string_equal(dump("\""), "!1:1:1:1: quoted field never closed (the quote opens here)\n");
}

static void test_quote_inside_unquoted_field(void **state)
{
	(void)state;
	/* The bad record is reported, and the next one is read in step. */
	assert_string_equal(dump("ab\"c,d\nok\n"),
	                    "!1:1:3:1: quote inside an unquoted field (quote the whole field and double the quote)\n"
	                    "<ok>@2\n");
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	assert_string_equal(dump("x,\"ab\"c,d\nok\n"),
	                    "!1:1:7:2: text after the closing quote of a field\n<ok>@2\n");
	assert_string_equal(dump("\"ab\" \n"), "!1:1:5:1: text after the closing quote of a field\n");
}

static void test_bare_cr(void **state)
{
	(void)state;
	assert_string_equal(dump("a\rb\nok\n"),
	                    "!1:1:2:1: carriage return not followed by a line feed outside quotes\n<ok>@2\n");
}

static void test_nul_byte(void **state)
{
	(void)state;
	assert_string_equal(dump_n("a,b\x00" "c\nok\n", 9), "!1:1:4:2: NUL byte\n<ok>@2\n");
	assert_string_equal(dump_n("\"a\nb\x00\"\nok\n", 10), "!1:2:2:1: NUL byte\n<ok>@3\n");
}

static void test_invalid_utf8_in_field(void **state)
{
	(void)state;
	assert_string_equal(dump("x,caf\xC3\n"), "!1:1:6:2: invalid UTF-8 (byte 0xC3)\n");
	assert_string_equal(dump("ok,\"a\n\xC0\xAF\"\nnext\n"),
	                    "!1:2:1:2: invalid UTF-8 (byte 0xC0)\n<next>@3\n");
}

static void test_first_error_of_a_record_wins(void **state)
{
	(void)state;
	assert_string_equal(dump("a\"b,\xFF\n"),
	                    "!1:1:2:1: quote inside an unquoted field (quote the whole field and double the quote)\n");
}

static void test_rewind(void **state)
{
	struct csv_reader r;
	(void)state;
	csv_init(&r, "\xEF\xBB\xBF" "a\nb\n", 7);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(csv_next(&r), 0);
	csv_rewind(&r);
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[0].p, "a");
	assert_int_equal(r.record, 1);
	csv_free(&r);
}

static void test_utf8_check(void **state)
{
	(void)state;
#define CHECK(s, want) assert_int_equal(text_utf8_valid(s, sizeof(s) - 1), want)
	CHECK("", 0);
	CHECK("plain", 5);
	CHECK("\xC3\xA9", 2);                 /* é */
	CHECK("\xE2\x82\xAC", 3);             /* € */
	CHECK("\xF0\x9F\x90\x98", 4);         /* 🐘 */
	CHECK("\xF4\x8F\xBF\xBF", 4);         /* U+10FFFF */
	CHECK("ab\xC0\x80", 2);               /* overlong NUL */
	CHECK("\xC1\xBF", 0);                 /* overlong */
	CHECK("\xE0\x9F\xBF", 0);             /* overlong 3-byte */
	CHECK("\xF0\x8F\xBF\xBF", 0);         /* overlong 4-byte */
	CHECK("\xED\xA0\x80", 0);             /* U+D800 surrogate */
	CHECK("\xED\xBF\xBF", 0);             /* U+DFFF surrogate */
	CHECK("\xED\x9F\xBF", 3);             /* U+D7FF is fine */
	CHECK("\xF4\x90\x80\x80", 0);         /* U+110000 */
	CHECK("\xF5\x80\x80\x80", 0);
	CHECK("x\xE2\x82", 1);                /* truncated at the end */
	CHECK("\xE2\x82x", 0);                /* truncated in the middle */
	CHECK("\x80", 0);                     /* stray continuation */
	CHECK("\xFF", 0);
#undef CHECK
}

/* What csv_write_field writes for s, in a static buffer. */
static const char *written(const char *s)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_non_null(f);
	assert_int_equal(csv_write_field(f, s, strlen(s)), 0);
	fclose(f);
	return buf;
}

static void test_write_plain_and_quoted(void **state)
{
	(void)state;
	assert_string_equal(written(""), "");
	assert_string_equal(written("pangolin scales"), "pangolin scales");
	assert_string_equal(written("a,b"), "\"a,b\"");
	assert_string_equal(written("say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(written("two\nlines"), "\"two\nlines\"");
	assert_string_equal(written("cr\rlf"), "\"cr\rlf\"");
	assert_string_equal(written(" padded "), "\" padded \"");
	assert_string_equal(written("象牙"), "象牙");
	assert_string_equal(written("\xEF\xBB\xBFx"), "\"\xEF\xBB\xBFx\"");
}

static void test_write_neutralises_formulas(void **state)
{
	(void)state;
	assert_string_equal(written("=SUM(A1)"), "'=SUM(A1)");
	assert_string_equal(written("+1"), "'+1");
	assert_string_equal(written("-1"), "'-1");
	assert_string_equal(written("@x"), "'@x");
	assert_string_equal(written("\tx"), "'\tx");
	assert_string_equal(written("\rx"), "\"'\rx\"");
	assert_string_equal(written("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	/* An apostrophe already there gets another, so that reading back is exact. */
	assert_string_equal(written("'=x"), "''=x");
	/* Not formulas: in the middle, or an apostrophe before ordinary text. */
	assert_string_equal(written("a=b"), "a=b");
	assert_string_equal(written("'quoted'"), "'quoted'");
}

static void test_plain_undoes_neutralising(void **state)
{
	(void)state;
	assert_int_equal(csv_plain("'=SUM(A1)", 9), 1);
	assert_int_equal(csv_plain("'-1", 3), 1);
	assert_int_equal(csv_plain("''=x", 4), 1);
	assert_int_equal(csv_plain("'quoted'", 8), 0);
	assert_int_equal(csv_plain("'", 1), 0);
	assert_int_equal(csv_plain("=x", 2), 0);
	assert_int_equal(csv_plain("", 0), 0);
}

static void test_write_then_read_round_trip(void **state)
{
	static const char *cells[] = { "=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''-y",
	                               "a,\"b\"\r\nc", "'plain", "", " sp", "象牙" };
	const size_t n = sizeof cells / sizeof cells[0];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_reader r;
	(void)state;

	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		assert_int_equal(csv_write_field(f, cells[i], strlen(cells[i])), 0);
	}
	assert_int_equal(csv_write_end(f), 0);
	fclose(f);
	csv_init(&r, buf, len);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.nfields, (int)n);
	for (size_t i = 0; i < n; i++) {
		size_t skip = csv_plain(r.fields[i].p, r.fields[i].len);
		assert_string_equal(r.fields[i].p + skip, cells[i]);
	}
	assert_int_equal(csv_next(&r), 0);
	csv_free(&r);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_simple_records_lf_and_crlf),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_empty_line_in_the_middle_is_a_record),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_quoted_comma_and_doubled_quote),
		cmocka_unit_test(test_newlines_inside_quotes),
		cmocka_unit_test(test_bom_before_header),
		cmocka_unit_test(test_utf8_fields),
		cmocka_unit_test(test_unterminated_quote_reported_where_it_began),
		cmocka_unit_test(test_quote_inside_unquoted_field),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_invalid_utf8_in_field),
		cmocka_unit_test(test_first_error_of_a_record_wins),
		cmocka_unit_test(test_rewind),
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_write_plain_and_quoted),
		cmocka_unit_test(test_write_neutralises_formulas),
		cmocka_unit_test(test_plain_undoes_neutralising),
		cmocka_unit_test(test_write_then_read_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
