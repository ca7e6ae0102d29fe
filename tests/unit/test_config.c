/* config: the YAML loader (tree, positions, limits, refusals) and the typed getters. */
#include "testutil.h"

#include <time.h>

#include "config.h"

static char err[1024];

/* Loads text as "t.yaml"; must succeed. */
static struct config_doc *load(const char *text)
{
	struct config_doc *d = config_load_mem("t.yaml", text, strlen(text), err, sizeof err);
	if (!d)
		fail_msg("unexpected error: %s", err);
	return d;
}

/* Loads len bytes as "t.yaml"; must fail; returns the message. */
static const char *load_error_n(const char *text, size_t len)
{
	struct config_doc *d = config_load_mem("t.yaml", text, len, err, sizeof err);
	if (d) {
		config_free(d);
		fail_msg("loaded, expected an error");
	}
	return err;
}

static const char *load_error(const char *text)
{
	return load_error_n(text, strlen(text));
}

/* A growing text buffer for generated fixtures. */
struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, tmp, (size_t)n + 1);
	b->len += (size_t)n;
}

static void test_null_and_empty_inputs(void **state)
{
	(void)state;
	assert_null(config_load_mem("t.yaml", NULL, 0, err, sizeof err));
	assert_string_equal(err, "t.yaml:1:1: empty file (no YAML content)");
	assert_string_equal(load_error(""), "t.yaml:1:1: empty file (no YAML content)");
	assert_string_equal(load_error("# only a comment\n\n"), "t.yaml:1:1: empty file (no YAML content)");
	assert_string_equal(load_error("---\n"), "t.yaml:1:1: empty file (no YAML content)");
	assert_string_equal(load_error("~\n"), "t.yaml:1:1: empty file (no YAML content)");
	/* No error buffer: still NULL, no crash. */
	assert_null(config_load_mem("t.yaml", "", 0, NULL, 0));
	config_free(NULL);
	assert_null(config_get(NULL, "x"));
}

static void test_tree_with_positions(void **state)
{
	(void)state;
	struct config_doc *d = load("title: OMD 7 closing\n"
	                            "slides:\n"
	                            "  - title: \"At a glance\"\n"
	                            "    time: 2m30s\n"
	                            "  - title: 'By agency'\n"
	                            "    notes: |\n"
	                            "      line one\n"
	                            "      line two\n"
	                            "empty:\n");
	struct config_node *r = d->root;
	assert_int_equal(r->kind, CONFIG_MAP);
	assert_int_equal(r->n, 3);
	assert_string_equal(r->keys[0], "title");
	assert_int_equal(r->key_line[1], 2);
	assert_int_equal(r->key_col[1], 1);
	struct config_node *t = config_get(r, "title");
	assert_int_equal(t->kind, CONFIG_SCALAR);
	assert_string_equal(t->value, "OMD 7 closing");
	assert_int_equal(t->line, 1);
	assert_int_equal(t->col, 8);
	assert_int_equal(t->style, 0);
	assert_string_equal(t->file, "t.yaml");
	struct config_node *s = config_get(r, "slides");
	assert_int_equal(s->kind, CONFIG_SEQ);
	assert_int_equal(s->n, 2);
	assert_int_equal(s->items[1]->line, 5);
	assert_int_equal(s->items[1]->col, 5);
	struct config_node *a = config_get(s->items[0], "title");
	assert_string_equal(a->value, "At a glance");
	assert_int_equal(a->style, '"');
	assert_int_equal(a->line, 3);
	assert_int_equal(a->col, 12);
	assert_int_equal(config_get(s->items[1], "title")->style, '\'');
	struct config_node *notes = config_get(s->items[1], "notes");
	assert_string_equal(notes->value, "line one\nline two\n");
	assert_int_equal(notes->style, '|');
	/* An empty value is null, and placed at its key. */
	struct config_node *e = config_get(r, "empty");
	assert_true(e->null);
	assert_int_equal(e->line, 9);
	assert_int_equal(e->col, 1);
	assert_null(config_get(r, "missing"));
	assert_null(config_get(t, "title")); /* not a map */
	assert_int_equal(d->nnodes, 10);
	config_free(d);
}

static void test_columns_count_characters(void **state)
{
	(void)state;
	/* "–" is 3 bytes, one character. */
	struct config_doc *d = load("subtitle: Khanh Hoa – Nov [x]\nk: v\n");
	config_free(d);
	d = load("a: \"–\"\nbé: 1\nc: 2\n");
	assert_int_equal(d->root->key_col[1], 1);
	assert_int_equal(d->root->items[1]->col, 5);
	config_free(d);
	assert_string_equal(load_error("é: 1\né: 2\n"), "t.yaml:2:1: duplicate key 'é' (first at line 1)");
	assert_string_equal(load_error("x: éé: 1\n"), "t.yaml:1:6: mapping values are not allowed in this context");
}

static void test_syntax_errors_have_positions(void **state)
{
	(void)state;
	assert_string_equal(load_error("title: x\n  bad: indent\n"),
	                    "t.yaml:2:6: mapping values are not allowed in this context");
	assert_string_equal(load_error("a: [1, 2\nb: 3\n"),
	                    "t.yaml:2:2: did not find expected ',' or ']' (while parsing a flow sequence at line 1)");
	assert_string_equal(load_error("a: 'open\n"),
	                    "t.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar at line 1)");
	assert_string_equal(load_error("a: *nope\n"),
	                    "t.yaml:1:4: alias '*nope' has no anchor '&nope' before it");
	assert_string_equal(load_error("a: !!int 5\n"),
	                    "t.yaml:1:4: tag 'tag:yaml.org,2002:int': tags are not used in opdeck files");
	assert_string_equal(load_error("? [a, b]\n: 1\n"),
	                    "t.yaml:1:3: a key must be text, not a list or map");
	assert_string_equal(load_error("a: &x k\n*x : 1\n"),
	                    "t.yaml:2:1: a key must be written out, not an alias");
	assert_string_equal(load_error("a: 1\n? \n: 2\n"), "t.yaml:2:2: a key is missing before ':'");
	assert_string_equal(load_error("a: \"x\\0y\"\n"), "t.yaml:1:4: a NUL character (\\0) in a value");
}

static void test_duplicate_key_at_second(void **state)
{
	(void)state;
	assert_string_equal(load_error("title: a\nsubtitle: b\ntitle: c\n"),
	                    "t.yaml:3:1: duplicate key 'title' (first at line 1)");
	/* Nested, and the earliest second occurrence wins. */
	assert_string_equal(load_error("s:\n  - b: 1\n    a: 2\n    a: 3\n    b: 4\n"),
	                    "t.yaml:4:5: duplicate key 'a' (first at line 3)");
	assert_string_equal(load_error("{x: 1, y: 2, x: 3, x: 4}\n"),
	                    "t.yaml:1:14: duplicate key 'x' (first at line 1)");
	/* A big map is checked in n log n: 50,000 keys with one duplicate at the end. */
	struct buf b = { 0 };
	for (int i = 0; i < 50000; i++)
		put(&b, "k%d: %d\n", i, i);
	put(&b, "k17: again\n");
	assert_string_equal(load_error(b.s), "t.yaml:50001:1: duplicate key 'k17' (first at line 18)");
	free(b.s);
}

static void test_several_documents_refused(void **state)
{
	(void)state;
	assert_string_equal(load_error("a: 1\n---\nb: 2\n"),
	                    "t.yaml:2:1: a second document; an opdeck file holds one");
	assert_string_equal(load_error("---\na: 1\n...\n---\nb: 2\n"),
	                    "t.yaml:4:1: a second document; an opdeck file holds one");
	struct config_doc *d = load("---\na: 1\n...\n");
	config_free(d);
}

static void test_binary_and_encodings_refused(void **state)
{
	(void)state;
	assert_string_equal(load_error_n("a: 1\nb: \0\n", 9),
	                    "t.yaml:2:4: binary data (a NUL byte); expected UTF-8 text");
	assert_string_equal(load_error_n("\xFF\xFE" "a\0:\0", 6),
	                    "t.yaml:1:1: UTF-16 or UTF-32 text; save the file as UTF-8");
	assert_string_equal(load_error_n("\xFE\xFF\0a", 4),
	                    "t.yaml:1:1: UTF-16 or UTF-32 text; save the file as UTF-8");
	/* UTF-16 without a byte order mark has NUL bytes. */
	assert_string_equal(load_error_n("a\0:\0", 4),
	                    "t.yaml:1:2: binary data (a NUL byte); expected UTF-8 text");
	assert_string_equal(load_error("title: caf\xE9\n"),
	                    "t.yaml:1:11: invalid UTF-8 (byte 0xE9); save the file as UTF-8");
	assert_string_equal(load_error("a: 1\nb: \xC0\xAF\n"),
	                    "t.yaml:2:4: invalid UTF-8 (byte 0xC0); save the file as UTF-8");
	assert_string_equal(load_error("a: x\x1B[31m\n"),
	                    "t.yaml:1:5: control character U+001B (not allowed in YAML text)");
	assert_string_equal(load_error("a: \xC2\x9B" "31m\n"),
	                    "t.yaml:1:4: control character U+009B (not allowed in YAML text)");
	/* A UTF-8 byte order mark, CR LF and a literal U+FFFD are fine. */
	struct config_doc *d = load("\xEF\xBB\xBF" "a: 1\r\nb: \xEF\xBF\xBD\r\n");
	assert_string_equal(config_get(d->root, "b")->value, "\xEF\xBF\xBD");
	assert_int_equal(config_get(d->root, "b")->line, 2);
	config_free(d);
}

static void test_size_limit(void **state)
{
	(void)state;
	size_t n = CONFIG_MAX_BYTES + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, '#', n);
	assert_null(config_load_mem("big.yaml", big, n, err, sizeof err));
	assert_string_equal(err, "big.yaml: larger than 1024 KiB (1048577 bytes); opdeck files are small");
	const char *p = tu_path("big.yaml");
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fwrite(big, 1, n, f);
	fclose(f);
	assert_null(config_load_file(p, err, sizeof err));
	char want[512];
	snprintf(want, sizeof want, "%s: larger than 1024 KiB; opdeck files are small", p);
	assert_string_equal(err, want);
	free(big);
	assert_null(config_load_file(tu_path("absent.yaml"), err, sizeof err));
	snprintf(want, sizeof want, "%s: cannot open: No such file or directory", tu_path("absent.yaml"));
	assert_string_equal(err, want);
}

static void test_load_file(void **state)
{
	(void)state;
	const char *p = tu_write("ok.yaml", "theme: projector\n");
	struct config_doc *d = config_load_file(p, err, sizeof err);
	assert_non_null(d);
	assert_string_equal(d->name, p);
	assert_string_equal(config_get(d->root, "theme")->value, "projector");
	config_free(d);
	p = tu_write("bad.yaml", "a: 1\na: 2\n");
	assert_null(config_load_file(p, err, sizeof err));
	char want[512];
	snprintf(want, sizeof want, "%s:2:1: duplicate key 'a' (first at line 1)", p);
	assert_string_equal(err, want);
}

static void test_deep_nesting_refused(void **state)
{
	(void)state;
	struct buf b = { 0 };
	/* 32 levels load; the 33rd is refused where it opens. */
	for (int i = 0; i < 32; i++)
		put(&b, "[");
	for (int i = 0; i < 32; i++)
		put(&b, "]");
	struct config_doc *d = load(b.s);
	config_free(d);
	b.len = 0;
	for (int i = 0; i < 100000; i++)
		put(&b, "[");
	assert_string_equal(load_error(b.s), "t.yaml:1:33: nesting deeper than 32 levels");
	b.len = 0;
	for (int i = 0; i < 40; i++)
		put(&b, "%*sk:\n", i * 2, "");
	assert_string_equal(load_error(b.s), "t.yaml:33:65: nesting deeper than 32 levels");
	free(b.s);
	/* An alias may not deepen the tree past the limit either. */
	b = (struct buf){ 0 };
	put(&b, "a: &deep ");
	for (int i = 0; i < 30; i++)
		put(&b, "[");
	for (int i = 0; i < 30; i++)
		put(&b, "]");
	put(&b, "\nb: [[*deep]]\n");
	assert_string_equal(load_error(b.s), "t.yaml:2:6: alias '*deep' nests deeper than 32 levels");
	free(b.s);
}

static void test_aliases_expanded(void **state)
{
	(void)state;
	struct config_doc *d = load("base: &b {measure: kg, limit: 5}\n"
	                            "panels:\n"
	                            "  - *b\n"
	                            "  - *b\n"
	                            "name: &n OMD7\n"
	                            "again: *n\n");
	struct config_node *p = config_get(d->root, "panels");
	assert_int_equal(p->n, 2);
	assert_int_equal(p->items[1]->kind, CONFIG_MAP);
	/* A copy, placed at the alias; its insides keep the anchor's positions. */
	assert_ptr_not_equal(p->items[0], p->items[1]);
	assert_int_equal(p->items[1]->line, 4);
	assert_int_equal(p->items[1]->col, 5);
	assert_string_equal(config_get(p->items[1], "measure")->value, "kg");
	assert_int_equal(config_get(p->items[1], "limit")->line, 1);
	assert_string_equal(config_get(d->root, "again")->value, "OMD7");
	assert_int_equal(d->nnodes, 1 + 3 + 1 + 3 + 3 + 1 + 1);
	config_free(d);
	/* A recursive alias: the anchor is not complete yet. */
	assert_string_equal(load_error("a: &r [1, *r]\n"), "t.yaml:1:11: alias '*r' has no anchor '&r' before it");
}

static void test_alias_limits(void **state)
{
	(void)state;
	struct buf b = { 0 };
	put(&b, "a: &x 1\nl:\n");
	for (int i = 0; i < 65; i++)
		put(&b, "  - *x\n");
	assert_string_equal(load_error(b.s), "t.yaml:67:5: more than 64 aliases in one file");
	free(b.s);

	/* Billion laughs: 9 levels of 9 aliases would be 387,420,489 values. */
	b = (struct buf){ 0 };
	put(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 8; i++) {
		put(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			put(&b, "%s*a%d", k ? ", " : "", i - 1);
		put(&b, "]\n");
	}
	clock_t t0 = clock();
	assert_string_equal(load_error(b.s), "t.yaml:6:10: aliases expand beyond 100000 values (alias '*a4')");
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(s < 1.0); /* in practice a few milliseconds; a safety bound, not a benchmark */
	const char *p = tu_write("bomb.yaml", b.s);
	assert_null(config_load_file(p, err, sizeof err));
	free(b.s);

	/* 100,000 plain values are the most one file may hold. */
	b = (struct buf){ 0 };
	put(&b, "[");
	for (int i = 0; i < 100000; i++)
		put(&b, "1,");
	put(&b, "]\n");
	assert_string_equal(load_error(b.s), "t.yaml:1:200000: more than 100000 values in one file");
	free(b.s);
}

static const char *const session_keys[] = { "title", "subtitle", "theme", "filter", "data", "slides", NULL };
static const char *const session_required[] = { "title", "slides", NULL };

static void test_check_keys(void **state)
{
	(void)state;
	struct config_doc *d = load("titel: x\nslides: []\n");
	assert_int_equal(config_check_keys(d->root, session_keys, session_required, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:1: unknown key 'titel' (did you mean 'title'?)");
	config_free(d);
	d = load("title: x\nslides: []\nzzzzzz: 1\n");
	assert_int_equal(config_check_keys(d->root, session_keys, session_required, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:3:1: unknown key 'zzzzzz' (expected title, subtitle, theme, filter, data, slides)");
	config_free(d);
	d = load("\n  title: x\n  theme: mono\n");
	assert_int_equal(config_check_keys(d->root, session_keys, session_required, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:2:3: missing key 'slides'");
	assert_int_equal(config_check_keys(d->root, session_keys, NULL, err, sizeof err), 0);
	config_free(d);
	d = load("- a\n");
	assert_int_equal(config_check_keys(d->root, session_keys, NULL, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:1: expected a map (KEY: VALUE lines), found a list");
	config_free(d);
}

static void test_suggest(void **state)
{
	static const char *const measures[] = { "cases", "arrests", "kg", "tablets", "pieces", "heads", NULL };
	(void)state;
	assert_string_equal(config_suggest("kgs", measures, 6), "kg");
	assert_string_equal(config_suggest("tablest", measures, 6), "tablets");
	assert_string_equal(config_suggest("case", measures, 6), "cases");
	assert_null(config_suggest("weight", measures, 6));
	assert_null(config_suggest(NULL, measures, 6));
	assert_null(config_suggest("x", measures, 6)); /* one change of "x" is not near a 2-letter word */
}

/* The node of key "v" in a one-line file "v: TEXT". */
static struct config_doc *value_doc(const char *text, struct config_node **n)
{
	char line[256];
	snprintf(line, sizeof line, "v: %s\n", text);
	struct config_doc *d = load(line);
	*n = config_get(d->root, "v");
	return d;
}

static void test_str(void **state)
{
	struct config_node *n;
	const char *s = NULL;
	(void)state;
	struct config_doc *d = value_doc("Results at a glance", &n);
	assert_int_equal(config_str(n, "title", &s, err, sizeof err), 0);
	assert_string_equal(s, "Results at a glance");
	config_free(d);
	d = value_doc("[a, b]", &n);
	assert_int_equal(config_str(n, "title", &s, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: title must be text, found a list");
	config_free(d);
	d = value_doc("", &n);
	assert_int_equal(config_str(n, "title", &s, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:1: title must be text, found nothing");
	config_free(d);
	d = value_doc("\"\"", &n); /* quoted empty text is text */
	assert_int_equal(config_str(n, "title", &s, err, sizeof err), 0);
	assert_string_equal(s, "");
	config_free(d);
}

static void test_int(void **state)
{
	struct config_node *n;
	long v = 0;
	(void)state;
	struct config_doc *d = value_doc("10", &n);
	assert_int_equal(config_int(n, "limit", 1, 50, &v, err, sizeof err), 0);
	assert_int_equal(v, 10);
	config_free(d);
	d = value_doc("-3", &n);
	assert_int_equal(config_int(n, "offset", -5, 5, &v, err, sizeof err), 0);
	assert_int_equal(v, -3);
	config_free(d);
	d = value_doc("120", &n);
	assert_int_equal(config_int(n, "limit", 1, 50, &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: limit must be a whole number from 1 to 50, found '120'");
	config_free(d);
	const char *bad[] = { "1.5", "0x10", "1e3", "ten", "99999999999999999999", "+", "[1]" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		d = value_doc(bad[i], &n);
		assert_int_equal(config_int(n, "limit", 1, 50, &v, err, sizeof err), -1);
		assert_non_null(strstr(err, "t.yaml:1:4: limit must be a whole number from 1 to 50, found "));
		config_free(d);
	}
	assert_int_equal(v, -3); /* untouched on error */
}

static void test_bool(void **state)
{
	struct config_node *n;
	int v = -1;
	(void)state;
	struct config_doc *d = value_doc("true", &n);
	assert_int_equal(config_bool(n, "mask", &v, err, sizeof err), 0);
	assert_int_equal(v, 1);
	config_free(d);
	d = value_doc("no", &n);
	assert_int_equal(config_bool(n, "mask", &v, err, sizeof err), 0);
	assert_int_equal(v, 0);
	config_free(d);
	d = value_doc("maybe", &n);
	assert_int_equal(config_bool(n, "mask", &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: mask must be true or false, found 'maybe'");
	config_free(d);
}

static void test_duration(void **state)
{
	static const struct { const char *text; int seconds; } good[] = {
		{ "90s", 90 }, { "2m", 120 }, { "2m30s", 150 }, { "1h", 3600 }, { "1h30m", 5400 },
		{ "1h0m5s", 3605 }, { "24h", 86400 },
	};
	static const char *const bad[] = { "90", "2 m", "30s2m", "2m2m", "0s", "25h", "1d", "m", "1.5m", "9999999s" };
	struct config_node *n;
	int v;
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct config_doc *d = value_doc(good[i].text, &n);
		assert_int_equal(config_duration(n, "time", &v, err, sizeof err), 0);
		assert_int_equal(v, good[i].seconds);
		config_free(d);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct config_doc *d = value_doc(bad[i], &n);
		assert_int_equal(config_duration(n, "time", &v, err, sizeof err), -1);
		char want[256];
		snprintf(want, sizeof want, "t.yaml:1:4: time must be a duration from 1s to 24h like 90s, "
		         "2m, 2m30s or 1h, found '%s'", bad[i]);
		assert_string_equal(err, want);
		config_free(d);
	}
}

static void test_ints(void **state)
{
	struct config_node *n;
	long v[4];
	int count = 0;
	(void)state;
	struct config_doc *d = value_doc("[1, 2, 30]", &n);
	assert_int_equal(config_ints(n, "rows", 1, 100, v, 4, &count, err, sizeof err), 0);
	assert_int_equal(count, 3);
	assert_int_equal(v[2], 30);
	config_free(d);
	d = value_doc("[1, x, 3]", &n);
	assert_int_equal(config_ints(n, "rows", 1, 100, v, 4, &count, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:8: rows item 2 must be a whole number from 1 to 100, found 'x'");
	config_free(d);
	d = value_doc("[1, 2, 3, 4, 5]", &n);
	assert_int_equal(config_ints(n, "rows", 1, 100, v, 4, &count, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:17: rows has 5 items; at most 4");
	config_free(d);
	d = value_doc("[]", &n);
	assert_int_equal(config_ints(n, "rows", 1, 100, v, 4, &count, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: rows must be a list of 1 to 4 whole numbers, like [1, 2], found a list");
	config_free(d);
	d = value_doc("3", &n);
	assert_int_equal(config_ints(n, "rows", 1, 100, v, 4, &count, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: rows must be a list of 1 to 4 whole numbers, like [1, 2], found '3'");
	config_free(d);
}

static void test_choice(void **state)
{
	static const char *const types[] = { "phases", "kpi", "bars", "table", "timeline", "matrix" };
	struct config_node *n;
	int v = -1;
	(void)state;
	struct config_doc *d = value_doc("bars", &n);
	assert_int_equal(config_choice(n, "panel type", types, 6, &v, err, sizeof err), 0);
	assert_int_equal(v, 2);
	config_free(d);
	d = value_doc("barz", &n);
	assert_int_equal(config_choice(n, "panel type", types, 6, &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: unknown panel type 'barz' (did you mean 'bars'?)");
	config_free(d);
	d = value_doc("pie", &n);
	assert_int_equal(config_choice(n, "panel type", types, 6, &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: unknown panel type 'pie' (expected phases, kpi, bars, table, timeline, matrix)");
	config_free(d);
	d = value_doc("{a: 1}", &n);
	assert_int_equal(config_choice(n, "panel type", types, 2, &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: panel type must be one of phases, kpi, found a map");
	config_free(d);
}

static void test_locator(void **state)
{
	struct config_node *n;
	const char *s = NULL;
	(void)state;
	struct config_doc *d = value_doc("phase=OMD7/category=drugs", &n);
	assert_int_equal(config_locator(n, "filter", &s, err, sizeof err), 0);
	assert_string_equal(s, "phase=OMD7/category=drugs");
	config_free(d);
	/* The locator's column moves to the file's: "agnecy" is the 12th character. */
	d = value_doc("phase=OMD7/agnecy=VNCUS", &n);
	assert_int_equal(config_locator(n, "filter", &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "t.yaml:1:15: filter: unknown key 'agnecy' (expected phase, "));
	config_free(d);
	d = value_doc("'phase=OMD7/agnecy=VNCUS'", &n);
	assert_int_equal(config_locator(n, "filter", &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "t.yaml:1:16: filter: unknown key 'agnecy'"));
	config_free(d);
	d = value_doc("[phase=OMD7]", &n);
	assert_int_equal(config_locator(n, "filter", &s, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: filter must be text, found a list");
	config_free(d);
}

static void test_messages_quote_values(void **state)
{
	struct config_node *n;
	int v;
	(void)state;
	/* An escape sequence in a double-quoted value is shown inert (text_quote), and long text
	 * is cut to CONFIG_QUOTE_MAX bytes. */
	struct config_doc *d = value_doc("\"\\e]52;c;AAAA\\a\"", &n);
	assert_int_equal(config_bool(n, "mask", &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: mask must be true or false, found '\\x1B]52;c;AAAA\\x07'");
	config_free(d);
	d = value_doc("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &n);
	assert_int_equal(config_bool(n, "mask", &v, err, sizeof err), -1);
	assert_string_equal(err, "t.yaml:1:4: mask must be true or false, found "
	                         "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	config_free(d);
	d = load("a: 1\n");
	assert_int_equal(config_key_error(d->root, 0, err, sizeof err, "not here %d", 7), -1);
	assert_string_equal(err, "t.yaml:1:1: not here 7");
	char desc[64];
	config_describe(d->root, desc, sizeof desc);
	assert_string_equal(desc, "a map");
	config_describe(NULL, desc, sizeof desc);
	assert_string_equal(desc, "nothing");
	config_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty_inputs),
		cmocka_unit_test(test_tree_with_positions),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_syntax_errors_have_positions),
		cmocka_unit_test(test_duplicate_key_at_second),
		cmocka_unit_test(test_several_documents_refused),
		cmocka_unit_test(test_binary_and_encodings_refused),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_deep_nesting_refused),
		cmocka_unit_test(test_aliases_expanded),
		cmocka_unit_test(test_alias_limits),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_locator),
		cmocka_unit_test(test_messages_quote_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
