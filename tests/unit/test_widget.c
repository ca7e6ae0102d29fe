/* Unit tests of the widgets: canvases are painted and read back as text. */
#include "testcanvas.h"

#include "canvas.h"
#include "text.h"
#include "widget.h"

/* ---- fixtures and helpers -------------------------------------------------------- */

static struct store_agg_row agg_row(const char *key, const char *label, long long cases)
{
	struct store_agg_row r;
	memset(&r, 0, sizeof r);
	r.key = (char *)key;
	r.label = (char *)label;
	r.cases = cases;
	r.arrests = cases / 10;
	r.qty[STORE_UNIT_KG] = (double)cases * 10;
	return r;
}

static struct store_agg_row cat_rows[3];
static struct store_agg cat_agg;

static void make_categories(void)
{
	cat_rows[0] = agg_row("drugs", "Drugs", 1027);
	cat_rows[1] = agg_row("precursors", "Precursors", 20);
	cat_rows[2] = agg_row("wildlife", "Wildlife", 108);
	for (int i = 0; i < 3; i++)
		cat_rows[i].pos = i; /* their place among the operation's categories */
	cat_agg.dim = STORE_DIM_CATEGORY;
	cat_agg.n = 3;
	cat_agg.rows = cat_rows;
	cat_agg.total = agg_row("", "total", 1155);
}

/* 24 agencies, 240 cases down to 10 */
static char agency_keys[24][16], agency_labels[24][32];
static struct store_agg_row agency_rows[24];
static struct store_agg agency_agg;

static void make_agencies(void)
{
	long long total = 0;
	for (int i = 0; i < 24; i++) {
		snprintf(agency_keys[i], sizeof agency_keys[i], "AG%02d", i);
		snprintf(agency_labels[i], sizeof agency_labels[i], "Agency %02d", i);
		agency_rows[i] = agg_row(agency_keys[i], agency_labels[i], 240 - 10 * i);
		total += 240 - 10 * i;
	}
	agency_agg.dim = STORE_DIM_AGENCY;
	agency_agg.n = 24;
	agency_agg.rows = agency_rows;
	agency_agg.total = agg_row("", "total", total);
}

/* Column (cell index) of the last non-blank cell of row y, -1 if blank. */
static int last_col(struct canvas *c, int y)
{
	for (int x = c->cols - 1; x >= 0; x--) {
		struct canvas_cell *cell = canvas_at(c, x, y);
		if (cell->width == 0)
			continue;
		if (strcmp(cell->glyph, " ") != 0 && cell->glyph[0])
			return x;
	}
	return -1;
}

static void fill_marker(struct canvas *c)
{
	for (int y = 0; y < c->rows; y++)
		for (int x = 0; x < c->cols; x++)
			canvas_glyph(c, x, y, "@", ROLE_ALERT);
}

/* Every cell outside r still holds the marker. */
static void assert_marker_outside(struct canvas *c, struct canvas_rect r)
{
	for (int y = 0; y < c->rows; y++)
		for (int x = 0; x < c->cols; x++) {
			if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h)
				continue;
			struct canvas_cell *cell = canvas_at(c, x, y);
			if (strcmp(cell->glyph, "@") != 0 || cell->role != ROLE_ALERT || cell->attr != 0) {
				fprintf(stderr, "painted outside %dx%d+%d+%d at (%d, %d): '%s'\n", r.w, r.h, r.x, r.y,
				        x, y, cell->glyph);
				fail();
			}
		}
}

/* WIDGET_DUMP=1 prints the canvas under test, to write or check expected rows. */
static void dump(struct canvas *c)
{
	if (!getenv("WIDGET_DUMP"))
		return;
	for (int y = 0; y < c->rows; y++)
		fprintf(stderr, "|%s|\n", tc_row(c, y));
}

/* ---- measures, roles, frame ------------------------------------------------------ */

static void test_measure_format(void **state)
{
	(void)state;
	char buf[48];
	struct store_agg_row r = agg_row("drugs", "Drugs", 1027);
	r.qty[STORE_UNIT_KG] = 11800;
	r.qty[STORE_UNIT_TABLETS] = 45000;
	assert_true(widget_measure_value(NULL, WIDGET_CASES) == 0);
	assert_true(widget_measure_value(&r, WIDGET_CASES) == 1027);
	assert_true(widget_measure_value(&r, WIDGET_ARRESTS) == 102);
	assert_true(widget_measure_value(&r, WIDGET_QTY + STORE_UNIT_KG) == 11800);
	assert_true(widget_measure_value(&r, WIDGET_QTY + STORE_UNIT_COUNT) == 0);
	assert_true(widget_measure_value(&r, -7) == 0);
	widget_measure_format(1027, WIDGET_CASES, buf, sizeof buf);
	assert_string_equal(buf, "1,027");
	widget_measure_format(11800, WIDGET_QTY + STORE_UNIT_KG, buf, sizeof buf);
	assert_string_equal(buf, "11.8 t");
	widget_measure_format(45000, WIDGET_QTY + STORE_UNIT_TABLETS, buf, sizeof buf);
	assert_string_equal(buf, "45,000 tablets");
	widget_measure_format(0.0 / 0.0, WIDGET_CASES, buf, sizeof buf);
	assert_string_equal(buf, "0");
}

static void test_role_for(void **state)
{
	(void)state;
	/* Categories by their place, not their name: the theme's category palette in order,
	 * repeated beyond its size. */
	assert_int_equal(widget_category_role(0), ROLE_CAT_0);
	assert_int_equal(widget_category_role(1), ROLE_CAT_0 + 1);
	assert_int_equal(widget_category_role(5), ROLE_CAT_0 + 5);
	assert_int_equal(widget_category_role(ROLE_CAT_N), ROLE_CAT_0);
	assert_int_equal(widget_category_role(-1), ROLE_BAR);
	assert_int_equal(widget_role_for(STORE_DIM_CATEGORY, "drugs"), ROLE_BAR);
	assert_int_equal(widget_role_for(STORE_DIM_COUNTRY, "drugs"), ROLE_BAR);
	assert_int_equal(widget_role_for(STORE_DIM_AGENCY, NULL), ROLE_BAR);
	int a = widget_role_for(STORE_DIM_AGENCY, "VNCUS");
	assert_true(a >= ROLE_AGENCY_0 && a < ROLE_AGENCY_0 + ROLE_AGENCY_N);
	assert_int_equal(widget_role_for(STORE_DIM_AGENCY, "VNCUS"), a); /* stable */
	/* the agencies spread over more than one colour */
	int seen[ROLE_COUNT] = { 0 }, distinct = 0;
	const char *codes[] = { "VNCUS", "THCUS", "CNCUS", "HKCED", "MYCUS", "IDCUS", "PHBOC", "KHCUS" };
	for (int i = 0; i < 8; i++) {
		int role = widget_role_for(STORE_DIM_AGENCY, codes[i]);
		if (!seen[role]++)
			distinct++;
	}
	assert_true(distinct >= 3);
}

static void test_frame(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 30, 6, 0), 0);
	fill_marker(&c);
	struct canvas_rect r = { 2, 1, 20, 4 };
	struct canvas_rect in = widget_frame(&c, r, "Phases", 1);
	assert_int_equal(in.x, 3);
	assert_int_equal(in.y, 2);
	assert_int_equal(in.w, 18);
	assert_int_equal(in.h, 2);
	assert_string_equal(tc_cells(&c, 2, 1, 20), "┌ Phases ──────────┐");
	assert_string_equal(tc_cells(&c, 2, 2, 20), "│                  │");
	assert_string_equal(tc_cells(&c, 2, 4, 20), "└──────────────────┘");
	assert_int_equal(canvas_at(&c, 2, 2)->role, ROLE_BORDER_FOCUS);
	assert_true(canvas_at(&c, 2, 2)->attr & CANVAS_BOLD);
	assert_marker_outside(&c, r);
	/* degenerate frames give an empty inner rect and stay inside */
	for (int w = 0; w <= 2; w++)
		for (int h = 0; h <= 2; h++) {
			fill_marker(&c);
			struct canvas_rect t = { 5, 2, w, h };
			in = widget_frame(&c, t, "Title", 0);
			assert_true(in.w >= 0 && in.h >= 0);
			assert_marker_outside(&c, t);
		}
	canvas_free(&c);
}

/* ---- bars ------------------------------------------------------------------------ */

/* The 24 agencies' bars by cases without the total, on a new 40x5 canvas c. */
static struct widget_bars agency_bars(struct canvas *c)
{
	make_agencies();
	assert_int_equal(canvas_init(c, 40, 5, 0), 0);
	return (struct widget_bars){ .agg = &agency_agg, .measure = WIDGET_CASES, .show_total = 0 };
}

static void test_bars_categories(void **state)
{
	(void)state;
	make_categories();
	struct canvas c;
	assert_int_equal(canvas_init(&c, 40, 7, 0), 0);
	struct canvas_rect r = { 1, 1, 38, 5 };
	struct widget_bars b = { .agg = &cat_agg, .measure = WIDGET_CASES, .show_total = 1 };
	struct widget_cursor cur = { 0, 0, 0 };
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_string_equal(tc_cells(&c, 1, 1, 38), " Drugs      ██████████████████  1,027 ");
	assert_string_equal(tc_cells(&c, 1, 2, 38), " Precursors ▍                      20 ");
	assert_string_equal(tc_cells(&c, 1, 3, 38), " Wildlife   █▉                    108 ");
	assert_string_equal(tc_cells(&c, 1, 4, 38), "                                      ");
	assert_string_equal(tc_cells(&c, 1, 5, 38), " total                          1,155 ");
	/* the largest row's bar fills the bar column; bars take their category's role */
	assert_int_equal(tu_count(tc_row(&c, 1), "█"), 18);
	assert_int_equal(canvas_at(&c, 13, 1)->role, ROLE_CAT_0);
	assert_int_equal(canvas_at(&c, 13, 3)->role, ROLE_CAT_0 + 2);
	/* focused: the selected row's label is reversed, its bar is not */
	assert_true(canvas_at(&c, 2, 1)->attr & CANVAS_REVERSE);
	assert_false(canvas_at(&c, 13, 1)->attr & CANVAS_REVERSE);
	assert_true(canvas_at(&c, 37, 1)->attr & CANVAS_REVERSE);
	assert_false(canvas_at(&c, 2, 2)->attr & CANVAS_REVERSE);
	/* not focused: a marker in the gutter */
	cur.sel = 2;
	widget_bars_draw(&c, r, &b, &cur, 0);
	assert_string_equal(tc_cells(&c, 1, 3, 2), "▶W");
	assert_false(canvas_at(&c, 2, 3)->attr & CANVAS_REVERSE);
	/* another measure */
	b.measure = WIDGET_QTY + STORE_UNIT_KG;
	widget_bars_draw(&c, r, &b, &cur, 0);
	assert_true(tu_ends_with(tu_trim(tc_cells(&c, 1, 1, 38)), "10.3 t"));
	assert_true(tu_ends_with(tu_trim(tc_cells(&c, 1, 2, 38)), "200 kg"));
	canvas_free(&c);
}

static void test_bars_more_summary(void **state)
{
	(void)state;
	struct canvas c;
	struct canvas_rect r = { 0, 0, 40, 5 };
	struct widget_bars b = agency_bars(&c);
	struct widget_cursor cur = { 1, 0, 0 };
	widget_bars_draw(&c, r, &b, &cur, 0);
	tc_assert_row_starts(&c, 0, "Agency 00");
	tc_assert_row_ends(&c, 0, "240");
	tc_assert_row_starts(&c, 3, "Agency 03");
	/* rows 4..23 summed: 200 + 190 + ... + 10 = 2,100 */
	tc_assert_row_starts(&c, 4, "… 20 more");
	tc_assert_row_ends(&c, 4, "2,100");
	assert_int_equal(canvas_at(&c, 2, 4)->role, ROLE_MUTED);
	/* the values end in the same column on every line */
	for (int y = 1; y < 5; y++)
		assert_int_equal(last_col(&c, y), last_col(&c, 0));
	/* with the total: 3 rows, the summary and the total */
	b.show_total = 1;
	cur.sel = 0;
	widget_bars_draw(&c, r, &b, &cur, 0);
	tc_assert_row_starts(&c, 3, "… 21 more");
	tc_assert_row_ends(&c, 3, "2,310");
	tc_assert_row_starts(&c, 4, "total");
	tc_assert_row_ends(&c, 4, "3,000");
	canvas_free(&c);
}

/* Rows a panel's limit left out: their sum carries "~" when one of them is not published
 * (the OMD 7 "By agency" slide), and only then. */
static void test_bars_more_invented(void **state)
{
	(void)state;
	make_agencies();
	struct canvas c;
	assert_int_equal(canvas_init(&c, 40, 6, 0), 0);
	struct canvas_rect r = { 0, 0, 40, 6 };
	struct store_agg top = agency_agg;
	top.n = 4; /* the other 20 agencies were cut by the limit: 2,100 cases */
	unsigned char inv[4] = { 1, 1, 1, 1 };
	struct widget_bars b = { .agg = &top, .measure = WIDGET_CASES, .invented = inv, .more = 20,
		                 .more_value = 2100, .more_invented = 1 };
	struct widget_cursor cur = { 0, 0, 0 };
	widget_bars_draw(&c, r, &b, &cur, 0);
	assert_true(tu_ends_with(tu_trim(tc_row(&c, 0)), "~240"));
	assert_true(tu_starts_with(tu_trim(tc_row(&c, 4)), "… 20 more"));
	assert_true(tu_ends_with(tu_trim(tc_row(&c, 4)), "~2,100"));
	/* published rows left out: a plain sum */
	b.more_invented = 0;
	memset(inv, 0, sizeof inv);
	widget_bars_draw(&c, r, &b, &cur, 0);
	assert_true(tu_ends_with(tu_trim(tc_row(&c, 4)), " 2,100"));
	canvas_free(&c);
}

static void test_bars_scroll(void **state)
{
	(void)state;
	struct canvas c;
	struct canvas_rect r = { 0, 0, 40, 5 };
	struct widget_bars b = agency_bars(&c);
	/* moving onto the summary line scrolls by one; the summary follows */
	struct widget_cursor cur = { 4, 0, 0 };
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.top, 1);
	tc_assert_row_starts(&c, 0, "Agency 01");
	tc_assert_row_starts(&c, 3, "Agency 04");
	tc_assert_row_starts(&c, 4, "… 19 more");
	/* further down */
	cur.sel = 12;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.top, 9);
	tc_assert_row_starts(&c, 3, "Agency 12");
	assert_true(canvas_at(&c, 1, 3)->attr & CANVAS_REVERSE);
	/* the last row: no summary left */
	cur.sel = 23;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.top, 19);
	tc_assert_row_starts(&c, 4, "Agency 23");
	tc_assert_row_ends(&c, 4, "10");
	/* back up: the window follows the selection up */
	cur.sel = 2;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.top, 2);
	tc_assert_row_starts(&c, 0, "Agency 02");
	tc_assert_row_starts(&c, 4, "… 18 more");
	/* and to the top: the summary of the first page again */
	cur.sel = 0;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.top, 0);
	tc_assert_row_starts(&c, 4, "… 20 more");
	canvas_free(&c);
}

static void test_bars_cursor_clamp_and_empty(void **state)
{
	(void)state;
	make_categories();
	struct canvas c;
	assert_int_equal(canvas_init(&c, 30, 4, 0), 0);
	struct canvas_rect r = { 0, 0, 30, 4 };
	struct widget_bars b = { .agg = &cat_agg, .measure = WIDGET_CASES, .show_total = 0 };
	struct widget_cursor cur = { 99, 0, 7 };
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.sel, 2);
	assert_int_equal(cur.top, 0);
	cur.sel = -5;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.sel, 0);
	/* no rows */
	struct store_agg empty = { STORE_DIM_CATEGORY, 0, NULL, agg_row("", "total", 0) };
	b.agg = &empty;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_int_equal(cur.sel, -1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no data");
	assert_int_equal(canvas_at(&c, 1, 0)->role, ROLE_MUTED);
	/* NULL aggregate, NULL widget, NULL cursor */
	b.agg = NULL;
	widget_bars_draw(&c, r, &b, &cur, 1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no data");
	widget_bars_draw(&c, r, NULL, &cur, 1);
	b.agg = &cat_agg;
	widget_bars_draw(&c, r, &b, NULL, 1);
	tc_assert_row_starts(&c, 0, "Drugs");
	canvas_free(&c);
}

/* ---- table ----------------------------------------------------------------------- */

static const struct widget_column phase_cols[] = {
	{ "phase", 8, 0 }, { "period", 0, 0 }, { "cases", 7, 1 }, { "drugs", 7, 1 },
};
static const char *const phase_cells[] = {
	"OMD IV", "15 Apr - 15 Sep 2022", "1,362", "1,267",
	"OMD V",  "15 Apr - 16 Nov 2023", "1,715", "1,499",
	"OMD 7",  "15 Apr - 15 Sep 2025", "1,155", "1,027",
};
static const char *const phase_total[] = { "total", NULL, "4,232", "3,793" };

static void test_table_totals(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 50, 6, 0), 0);
	struct canvas_rect r = { 0, 0, 50, 6 };
	int roles[3] = { ROLE_NORMAL, ROLE_NORMAL, ROLE_ALERT };
	struct widget_table t = { 4, phase_cols, 3, phase_cells, roles, phase_total, 2, 1, NULL };
	struct widget_cursor cur = { 1, 0, 0 };
	widget_table_draw(&c, r, &t, &cur, 1);
	dump(&c);
	assert_string_equal(tc_row(&c, 0), " phase     period                ▼ cases    drugs ");
	assert_string_equal(tc_row(&c, 1), " OMD IV    15 Apr - 15 Sep 2022    1,362    1,267 ");
	assert_string_equal(tc_row(&c, 2), " OMD V     15 Apr - 16 Nov 2023    1,715    1,499 ");
	assert_string_equal(tc_row(&c, 3), " OMD 7     15 Apr - 15 Sep 2025    1,155    1,027 ");
	assert_string_equal(tc_row(&c, 4), " ──────────────────────────────────────────────── ");
	assert_string_equal(tc_row(&c, 5), " total                             4,232    3,793 ");
	assert_int_equal(canvas_at(&c, 1, 0)->role, ROLE_HEADER);
	assert_int_equal(canvas_at(&c, 1, 3)->role, ROLE_ALERT); /* row role on the first cell */
	assert_int_equal(canvas_at(&c, 11, 3)->role, ROLE_NORMAL);
	assert_true(canvas_at(&c, 5, 2)->attr & CANVAS_REVERSE); /* the selected row */
	assert_true(canvas_at(&c, 45, 2)->attr & CANVAS_REVERSE);
	assert_false(canvas_at(&c, 5, 1)->attr & CANVAS_REVERSE);
	assert_true(canvas_at(&c, 45, 5)->attr & CANVAS_BOLD);
	/* ascending sort of a left column: the marker after the title */
	t.sort_col = 0;
	t.sort_desc = 0;
	widget_table_draw(&c, r, &t, &cur, 0);
	assert_true(tu_starts_with(tc_row(&c, 0), " phase ▲"));
	assert_true(tu_starts_with(tc_row(&c, 2), "▶OMD V"));
	canvas_free(&c);
}

static void test_table_scroll_and_narrow(void **state)
{
	(void)state;
	enum { N = 20 };
	static char bufs[N][2][16];
	const char *cellv[N * 2];
	for (int i = 0; i < N; i++) {
		snprintf(bufs[i][0], 16, "row %02d", i);
		snprintf(bufs[i][1], 16, "%d", i * 100);
		cellv[i * 2] = bufs[i][0];
		cellv[i * 2 + 1] = bufs[i][1];
	}
	static const struct widget_column cols[] = { { "name", 0, 0 }, { "value", 6, 1 } };
	struct widget_table t = { 2, cols, N, cellv, NULL, NULL, -1, 0, NULL };
	struct canvas c;
	assert_int_equal(canvas_init(&c, 20, 6, 0), 0);
	struct canvas_rect r = { 0, 0, 20, 6 };
	struct widget_cursor cur = { 7, 0, 0 };
	widget_table_draw(&c, r, &t, &cur, 1);
	/* 5 body lines: row 7 is the last visible */
	assert_int_equal(cur.top, 3);
	assert_string_equal(tc_row(&c, 1), " row 03         300▲");
	assert_string_equal(tc_row(&c, 5), " row 07         700▼");
	cur.sel = 1000;
	widget_table_draw(&c, r, &t, &cur, 1);
	assert_int_equal(cur.sel, N - 1);
	assert_int_equal(cur.top, N - 5);
	assert_string_equal(tu_trim(tc_row(&c, 5)), "row 19        1900");
	/* long cells are cut with an ellipsis within their column */
	const char *longv[2] = { "a very long name that does not fit", "123456789" };
	struct widget_table t2 = { 2, cols, 1, longv, NULL, NULL, -1, 0, NULL };
	widget_table_draw(&c, r, &t2, &cur, 0);
	assert_string_equal(tc_row(&c, 1), "▶a very lo…  12345… ");
	/* an empty table keeps its header */
	struct widget_table t3 = { 2, cols, 0, NULL, NULL, NULL, -1, 0, NULL };
	widget_table_draw(&c, r, &t3, &cur, 1);
	assert_int_equal(cur.sel, -1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "name         value");
	assert_string_equal(tu_trim(tc_row(&c, 1)), "no data");
	canvas_free(&c);
}

/* ---- hostile text ---------------------------------------------------------------- */

static void test_hostile_text_alignment(void **state)
{
	(void)state;
	struct store_agg_row rows[5] = {
		agg_row("AG1", "\x1b]52;c;ZXZpbA==\x07 clipboard", 300),
		agg_row("AG2", "\xe2\x80\xae" "desrever\xe2\x80\xac text", 200),
		agg_row("AG3", "中国海关总署缉私局", 150),
		agg_row("AG4", "Zo\xcc\x88" "e\x9b[2J\r\n", 90),
		agg_row("AG5", "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3 emoji 🐉", 7),
	};
	struct store_agg a = { STORE_DIM_AGENCY, 5, rows, agg_row("", "total", 747) };
	struct canvas c;
	assert_int_equal(canvas_init(&c, 44, 7, 0), 0);
	struct widget_bars b = { .agg = &a, .measure = WIDGET_CASES, .show_total = 1 };
	struct widget_cursor cur = { 0, 0, 0 };
	widget_bars_draw(&c, (struct canvas_rect){ 0, 0, 44, 7 }, &b, &cur, 1);
	int end = last_col(&c, 0);
	for (int y = 1; y < 7; y++)
		if (y != 5)
			assert_int_equal(last_col(&c, y), end);
	/* the bars all start in the same column */
	int barx = -1;
	for (int x = 0; x < 44; x++)
		if (!strcmp(canvas_at(&c, x, 0)->glyph, "█")) {
			barx = x;
			break;
		}
	assert_true(barx > 0);
	for (int y = 0; y < 5; y++)
		assert_true(canvas_at(&c, barx, y)->role >= ROLE_AGENCY_0);
	char *text = tc_text(&c);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(text, '\r'));
	assert_null(strstr(text, "\xe2\x80\xae"));
	free(text);

	/* a table: the right-aligned column ends at the same x on every row */
	static const struct widget_column cols[] = { { "name", 0, 0 }, { "where", 10, 0 }, { "n", 5, 1 } };
	const char *cellv[] = {
		"\x1b[31mred\x1b[0m", "中国中国中国中国", "1",
		("\xe2\x80\xae" "abc"), "\t\t\x08x", "22",
		"日本語のテキスト", "e\xcc\x81\xcc\x81\xcc\x81", "333",
	};
	struct widget_table t = { 3, cols, 3, cellv, NULL, NULL, -1, 0, NULL };
	canvas_clear(&c);
	widget_table_draw(&c, (struct canvas_rect){ 0, 0, 30, 4 }, &t, &cur, 0);
	for (int y = 1; y < 4; y++)
		assert_int_equal(last_col(&c, y), 28);
	/* the second column starts at the same x on every row */
	for (int y = 1; y < 4; y++) {
		assert_string_equal(canvas_at(&c, 11, y)->glyph, " ");
		assert_int_equal(canvas_at(&c, 12, y)->width != 0, 1);
	}
	text = tc_text(&c);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(text, '\x08'));
	free(text);
	canvas_free(&c);
}

/* ---- wrap ------------------------------------------------------------------------ */

static void check_wrap(const char *s, int w, int n, const char *const *want)
{
	char *lines[16];
	int got = widget_wrap(s, w, lines, 16);
	assert_int_equal(got, n);
	for (int i = 0; i < n && i < 16; i++) {
		assert_non_null(lines[i]);
		assert_string_equal(lines[i], want[i]);
		assert_true(text_width(lines[i]) <= w);
		free(lines[i]);
	}
}

static void test_wrap(void **state)
{
	(void)state;
	assert_int_equal(widget_wrap(NULL, 10, NULL, 0), 0);
	assert_int_equal(widget_wrap("", 10, NULL, 0), 0);
	assert_int_equal(widget_wrap("   ", 10, NULL, 0), 0);
	check_wrap("the quick brown fox jumps", 10, 3, (const char *const[]){ "the quick", "brown fox", "jumps" });
	check_wrap("abcdefghij", 4, 3, (const char *const[]){ "abcd", "efgh", "ij" });
	check_wrap("go abcdefghij", 4, 4, (const char *const[]){ "go", "abcd", "efgh", "ij" });
	check_wrap("中文字符", 4, 2, (const char *const[]){ "中文", "字符" });
	check_wrap("中文字符", 3, 4, (const char *const[]){ "中", "文", "字", "符" });
	/* combining marks stay with their base */
	check_wrap("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 2, (const char *const[]){ "e\xcc\x81" "e\xcc\x81", "e\xcc\x81" });
	/* newlines are paragraph breaks; controls are shown, not obeyed */
	check_wrap("one\ntwo\r\nthree", 20, 3, (const char *const[]){ "one", "two", "three" });
	check_wrap("a\x1b[2Jb", 20, 1, (const char *const[]){ "a␛[2Jb" });
	check_wrap("a\xe2\x80\xae" "b", 20, 1, (const char *const[]){ "a\xef\xbf\xbd" "b" });
	/* counting without storing, and a max smaller than the count */
	assert_int_equal(widget_wrap("a b c d e f", 1, NULL, 0), 6);
	char *two[2];
	assert_int_equal(widget_wrap("a b c d e f", 1, two, 2), 6);
	assert_string_equal(two[0], "a");
	assert_string_equal(two[1], "b");
	free(two[0]);
	free(two[1]);
	/* width 0 is treated as 1: one character per line, never a loop */
	assert_int_equal(widget_wrap("abc", 0, NULL, 0), 3);
}

/* ---- timeline -------------------------------------------------------------------- */

static void test_timeline(void **state)
{
	(void)state;
	/* a phase of 2025-04-15 .. 2025-06-10: Mondays 04-14 .. 06-09 are 9 weeks;
	 * cases only in three of them */
	struct store_agg_row rows[3] = {
		agg_row("2025-04-14", "2025-04-14", 8),
		agg_row("2025-05-05", "2025-05-05", 16),
		agg_row("2025-06-09", "2025-06-09", 2),
	};
	struct store_agg a = { STORE_DIM_WEEK, 3, rows, agg_row("", "total", 26) };
	struct widget_timeline t = { &a, "2025-04-15", "2025-06-10", 0, NULL, 0, NULL };
	struct canvas c;
	assert_int_equal(canvas_init(&c, 20, 6, 0), 0);
	struct widget_cursor cur = { 1, 0, 0 };
	/* 18 columns for 9 weeks: two columns a week, 2 chart rows */
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 20, 5 }, &t, &cur, 1);
	dump(&c);
	assert_string_equal(tc_row(&c, 0), "       ██           ");
	assert_string_equal(tc_row(&c, 1), " ▄▄    ██           ");
	assert_string_equal(tc_row(&c, 2), " ██    ██        ▃▃ ");
	assert_string_equal(tc_row(&c, 3), " Apr May     Jun    ");
	assert_string_equal(tc_row(&c, 4), " │ start      end │ ");
	/* the selected week (the second row: 05-05, the 4th week) is marked under the chart */
	assert_true(canvas_at(&c, 7, 3)->attr & CANVAS_REVERSE);
	assert_true(canvas_at(&c, 8, 3)->attr & CANVAS_REVERSE);
	assert_false(canvas_at(&c, 5, 3)->attr & CANVAS_REVERSE);
	assert_int_equal(canvas_at(&c, 7, 0)->role, ROLE_TITLE);
	assert_int_equal(canvas_at(&c, 1, 2)->role, ROLE_BAR);
	/* clamped to the rows, not the weeks */
	cur.sel = 50;
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 20, 5 }, &t, &cur, 1);
	assert_int_equal(cur.sel, 2);
	/* tall enough for the selected week's line */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 40, 8, 0), 0);
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 40, 8 }, &t, &cur, 0);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "week of 9 Jun 2025 · 2 cases");
	/* narrower than the weeks: several weeks to a column, nothing outside */
	fill_marker(&c);
	widget_timeline_draw(&c, (struct canvas_rect){ 2, 2, 5, 3 }, &t, &cur, 1);
	assert_marker_outside(&c, (struct canvas_rect){ 2, 2, 5, 3 });
	/* nothing */
	struct store_agg none = { STORE_DIM_WEEK, 0, NULL, agg_row("", "total", 0) };
	t.weeks = &none;
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 40, 8 }, &t, &cur, 1);
	assert_int_equal(cur.sel, -1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no cases");
	/* hostile keys are skipped, not crashed on; a span of centuries is bounded */
	struct store_agg_row bad[3] = {
		agg_row("not a date", "x", 5), agg_row("0001-01-01", "x", 1), agg_row("9999-12-31", "x", 1),
	};
	struct store_agg ba = { STORE_DIM_WEEK, 3, bad, agg_row("", "total", 7) };
	struct widget_timeline tb = { &ba, "2025-13-45", NULL, 0, NULL, 0, NULL };
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 40, 8 }, &tb, &cur, 1);
	canvas_free(&c);
}

/* Across phases (several years of weeks, no phase period), the labels are years, each at
 * the week its January starts: "2023 2024 2025", never months out of order. */
static void test_timeline_years(void **state)
{
	(void)state;
	struct store_agg_row rows[3] = {
		agg_row("2023-05-01", "2023-05-01", 8),
		agg_row("2024-06-03", "2024-06-03", 16),
		agg_row("2025-09-08", "2025-09-08", 2),
	};
	struct store_agg a = { STORE_DIM_WEEK, 3, rows, agg_row("", "total", 26) };
	struct widget_timeline t = { &a, NULL, NULL, 0, NULL, 0, NULL };
	struct canvas c;
	struct widget_cursor cur = { 0, 0, 0 };
	assert_int_equal(canvas_init(&c, 60, 5, 0), 0);
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 60, 5 }, &t, &cur, 0);
	dump(&c);
	const char *labels = tc_row(&c, 4);
	const char *y24 = strstr(labels, "2024"), *y25 = strstr(labels, "2025");
	assert_non_null(y24);
	assert_non_null(y25);
	assert_true(y24 < y25);
	for (int m = 1; m <= 12; m++) { /* no month names */
		static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
		                                   "Sep", "Oct", "Nov", "Dec" };
		assert_null(strstr(labels, mon[m - 1]));
	}
	/* 123 weeks in 58 columns: 3 weeks a column, 41 columns centred from x = 9; 2024 starts
	 * in week 35 (column 11), 2025 in week 87 (column 29); 2023 labels the first week */
	assert_int_equal(y24 - labels, 9 + 11);
	assert_int_equal(y25 - labels, 9 + 29);
	assert_int_equal(strstr(labels, "2023") - labels, 9);
	/* with the phases: each name under its weeks, the last word when the name does not fit */
	struct widget_span sp[3] = { { "Phase 2023", "2023-04-15", "2023-11-16" },
		                     { "Phase 2024", "2024-05-01", "2024-09-30" },
		                     { "Long phase name 2025", "2025-04-15", "2025-09-15" } };
	t.spans = sp;
	t.nspans = 3;
	widget_timeline_draw(&c, (struct canvas_rect){ 0, 0, 60, 5 }, &t, &cur, 0);
	dump(&c);
	const char *names = tc_row(&c, 4);
	assert_non_null(strstr(tc_row(&c, 3), "2024")); /* the years move up a line */
	assert_non_null(strstr(names, "Phase 2023"));
	assert_non_null(strstr(names, "Phase 2024"));
	assert_null(strstr(names, "Long"));
	assert_non_null(strstr(names, " 2025"));
	canvas_free(&c);
}

/* ---- matrix, KPIs ---------------------------------------------------------------- */

static void test_matrix(void **state)
{
	(void)state;
	const char *rl[] = { "Drugs", "Wildlife" };
	const char *cl[] = { "VN", "TH", "CN" };
	long long counts[] = { 231, 0, 40, 12, 120, 1 };
	struct widget_matrix m = { 2, 3, rl, cl, counts, 0, NULL, NULL };
	struct canvas c;
	assert_int_equal(canvas_init(&c, 40, 4, 0), 0);
	struct widget_cursor cur = { 5, 9, 0 };
	widget_matrix_draw(&c, (struct canvas_rect){ 0, 0, 40, 4 }, &m, &cur, 1);
	dump(&c);
	assert_int_equal(cur.sel, 1);
	assert_int_equal(cur.col, 2);
	assert_string_equal(tc_row(&c, 0), "              VN     TH     CN          ");
	assert_string_equal(tc_row(&c, 1), " Drugs    █  231      · ░   40          ");
	assert_string_equal(tc_row(&c, 2), " Wildlife ░   12 ▓  120 ░    1          ");
	assert_int_equal(canvas_at(&c, 1, 0)->role == ROLE_HEADER || canvas_at(&c, 15, 0)->role == ROLE_HEADER, 1);
	/* row 1, column 2 is reversed, cells [24, 30) */
	for (int x = 0; x < 40; x++)
		assert_int_equal(!!(canvas_at(&c, x, 2)->attr & CANVAS_REVERSE), x >= 24 && x < 30);
	/* narrow: shading only, the selected column scrolled into view */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 14, 3, 0), 0);
	widget_matrix_draw(&c, (struct canvas_rect){ 0, 0, 14, 3 }, &m, &cur, 1);
	tc_assert_row_has(&c, 0, "CN");
	canvas_free(&c);
}

/* Column labels wider than their cells take their short names, which split over two
 * header lines at a space ("sea" over "ctr"): never "sea …" twice; the hit test and the
 * fit follow.  With room, the long names. */
static void test_matrix_two_line_header(void **state)
{
	(void)state;
	const char *rl[] = { "CN", "VN", "TH" };
	const char *cl[] = { "sea container", "sea vessel", "road" };
	const char *sh[] = { "sea ctr", "sea vsl", NULL };
	long long counts[] = { 31, 9, 42, 30, 8, 40, 9, 2, 39 };
	struct widget_matrix m = { 3, 3, rl, cl, counts, 0, sh, NULL };
	struct canvas c;
	struct canvas_rect r = { 0, 0, 22, 5 };
	assert_int_equal(canvas_init(&c, 22, 5, 0), 0);
	struct widget_cursor cur = { 0, 0, 0 };
	widget_matrix_draw(&c, r, &m, &cur, 1);
	dump(&c);
	assert_string_equal(tc_row(&c, 0), "     sea  sea         ");
	assert_string_equal(tc_row(&c, 1), "     ctr  vsl road    ");
	assert_string_equal(tc_row(&c, 2), " CN ▓ 31 ░  9 █ 42    ");
	assert_true(tu_starts_with(tc_row(&c, 4), " TH "));
	struct widget_matrix_fit f;
	widget_matrix_fit(r, &m, &f);
	assert_int_equal(f.col_labels_cut, 0);
	assert_int_equal(f.rows_shown, 3);
	int row = -1, col = -1;
	assert_int_equal(widget_matrix_hit(r, &m, &cur, 10, 3, &row, &col), 0);
	assert_int_equal(row, 1);
	assert_int_equal(col, 1);
	assert_int_equal(widget_matrix_hit(r, &m, &cur, 10, 1, &row, &col), -1); /* the header */
	/* wide enough for the short names on one line, then for the long ones */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 40, 5, 0), 0);
	widget_matrix_draw(&c, (struct canvas_rect){ 0, 0, 40, 5 }, &m, &cur, 1);
	assert_true(strstr(tc_row(&c, 0), "sea ctr") != NULL);
	assert_true(tu_starts_with(tc_row(&c, 1), " CN "));
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 60, 5, 0), 0);
	widget_matrix_draw(&c, (struct canvas_rect){ 0, 0, 60, 5 }, &m, &cur, 1);
	assert_true(strstr(tc_row(&c, 0), "sea ctr") && strstr(tc_row(&c, 0), "sea vessel"));
	assert_true(tu_starts_with(tc_row(&c, 1), " CN "));
	canvas_free(&c);
}

static void test_kpis(void **state)
{
	(void)state;
	struct widget_kpi k[3] = {
		{ "cases", "1,155", "+26 % vs OMD V", 1, 0, NULL, NULL },
		{ "drug cases", "1,027", "-5 %", -1, 0, NULL, NULL },
		{ "wildlife & plants", "108", NULL, 0, 0, NULL, NULL },
	};
	struct canvas c;
	assert_int_equal(canvas_init(&c, 60, 3, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 60, 3 }, k, 3, NULL, 0);
	dump(&c);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "cases             drug cases      wildlife & plants");
	assert_string_equal(tu_trim(tc_row(&c, 1)), "1,155               1,027                108");
	assert_string_equal(tu_trim(tc_row(&c, 2)), "▲ +26 % vs OMD V         ▼ -5 %");
	/* not focused: no label is selected; focused: every one is (the tiles are one item,
	 * Enter opens their case list), wherever the cursor was left */
	for (int i = 0; i < 60; i++)
		assert_false(canvas_at(&c, i, 0)->attr & CANVAS_REVERSE);
	struct widget_cursor one = { 2, 0, 0 };
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 60, 3 }, k, 3, &one, 1);
	assert_int_equal(one.sel, 0);
	const char *row0 = tc_row(&c, 0);
	for (int t = 0; t < 3; t++) {
		int at = (int)(strstr(row0, k[t].label) - row0); /* ASCII labels: bytes are columns */
		assert_true(canvas_at(&c, at, 0)->attr & CANVAS_REVERSE);
	}
	/* roles: label muted, value a bold number, deltas up and down */
	for (int i = 0; i < 60; i++) {
		struct canvas_cell *cell = canvas_at(&c, i, 1);
		if (strcmp(cell->glyph, " ")) {
			assert_int_equal(cell->role, ROLE_NUMBER);
			assert_true(cell->attr & CANVAS_BOLD);
		}
		cell = canvas_at(&c, i, 2);
		if (!strcmp(cell->glyph, "▲"))
			assert_int_equal(cell->role, ROLE_DELTA_UP);
		if (!strcmp(cell->glyph, "▼"))
			assert_int_equal(cell->role, ROLE_DELTA_DOWN);
	}
	/* big figures at 5 rows */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 20, 5, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 20, 5 }, k, 1, NULL, 0);
	dump(&c);
	assert_string_equal(tc_row(&c, 0), " ▀█    ▀█  █▀▀ █▀▀  ");
	assert_string_equal(tc_row(&c, 1), "  █     █  ▀▀█ ▀▀█  ");
	assert_string_equal(tc_row(&c, 2), " ▀▀▀ ▄ ▀▀▀ ▀▀▀ ▀▀▀  ");
	assert_string_equal(tu_trim(tc_row(&c, 3)), "cases");
	/* a change too wide for its tile names the phase by its last word, never "vs OMD …" */
	struct widget_kpi d = { "cases", "1,155", "~-18 % vs OMD VI", -1, 0, NULL, NULL };
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 18, 3, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 18, 3 }, &d, 1, NULL, 0);
	dump(&c);
	assert_string_equal(tu_trim(tc_row(&c, 2)), "▼ ~-18 % vs VI");
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 20, 3, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 20, 3 }, &d, 1, NULL, 0);
	assert_string_equal(tu_trim(tc_row(&c, 2)), "▼ ~-18 % vs OMD VI");
	/* a label too wide for its tile gives way to its short form, not to a cut one */
	struct widget_kpi w = { "wildlife by weight", "~56.5 t", NULL, 0, 0, NULL, "wildlife weight" };
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 17, 3, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 17, 3 }, &w, 1, NULL, 0);
	assert_true(tc_row_of(&c, "wildlife weight") >= 0);
	assert_int_equal(tc_row_of(&c, "by weig"), -1);
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 20, 3, 0), 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 20, 3 }, &w, 1, NULL, 0);
	assert_true(tc_row_of(&c, "wildlife by weight") >= 0); /* it fits: the whole label */
	/* narrow: tiles wrap to rows; the tiles are one item; n == 0 says so */
	struct widget_cursor cur = { 9, 0, 0 };
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 20, 5 }, k, 3, &cur, 1);
	assert_int_equal(cur.sel, 0);
	widget_kpis_draw(&c, (struct canvas_rect){ 0, 0, 20, 5 }, k, 0, &cur, 1);
	assert_int_equal(cur.sel, -1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no data");
	canvas_free(&c);
}

/* ---- cases ----------------------------------------------------------------------- */

static struct store_seizure seizures[2] = {
	{ "pangolin scales", 860, STORE_UNIT_KG },
	{ "ivory", 45.5, STORE_UNIT_KG },
};
static struct store_seizure meth[1] = { { "methamphetamine", 12.4, STORE_UNIT_KG } };

static void make_cases(struct store_case *k)
{
	memset(k, 0, 2 * sizeof *k);
	k[0].ref = "OMD7-VNCUS-0412";
	k[0].agency = "VNCUS";
	k[0].agency_short = "VN Customs";
	k[0].category = "drugs";
	k[0].category_name = "Drugs";
	k[0].subcategory = "methamphetamine";
	k[0].subcategory_name = "methamphetamine";
	k[0].detected_on = "2025-09-14";
	k[0].location = "Tan Son Nhat airport";
	k[0].transport = "air passenger";
	k[0].nseizures = 1;
	k[0].seizures = meth;
	k[0].qty[STORE_UNIT_KG] = 12.4;
	k[1].ref = "OMD7-THCUS-0388";
	k[1].phase = "OMD7";
	k[1].phase_name = "OMD 7";
	k[1].agency = "THCUS";
	k[1].agency_short = "TH Customs";
	k[1].agency_name = "Thai Customs Department";
	k[1].agency_country = "TH";
	k[1].category = "wildlife";
	k[1].category_name = "Wildlife";
	k[1].subcategory = "pangolin_scales";
	k[1].subcategory_name = "pangolin scales";
	k[1].detected_on = "2025-09-13";
	k[1].location = "Laem Chabang port";
	k[1].country = "TH";
	k[1].transport = "sea container";
	k[1].departure = "NG";
	k[1].transit = "MY SG";
	k[1].destination = "TH";
	k[1].status = "under investigation";
	k[1].arrests = 2;
	k[1].detection = "risk profiling";
	k[1].concealment = "declared as cashew nuts, scales in sacks behind the front row";
	k[1].summary = "(synthetic) Risk profiling flagged the consignee; X-ray showed irregular density.";
	k[1].nseizures = 2;
	k[1].seizures = seizures;
	k[1].qty[STORE_UNIT_KG] = 905.5; /* 860 + 45.5 */
	k[1].qty[STORE_UNIT_PIECES] = 3;
}

static void test_cases_list(void **state)
{
	(void)state;
	struct store_case k[2];
	make_cases(k);
	struct canvas c;
	assert_int_equal(canvas_init(&c, 130, 5, 0), 0);
	struct widget_cursor cur = { 0, 0, 0 };
	widget_cases_draw(&c, (struct canvas_rect){ 0, 0, 130, 5 }, k, 2, 1, &cur, 1);
	/* a header names the columns and says where the rows are in the list */
	assert_string_equal(tu_trim(tc_row(&c, 0)),
	                    "date        reference        agency      category                               seized"
	                    "  transport      place     1–2, more below");
	/* the quantity column shows the case's totals per unit, not its largest seizure */
	assert_string_equal(tu_trim(tc_row(&c, 1)),
	                    "2025-09-14  OMD7-VNCUS-0412  VN Customs  Drugs › methamphetamine               12.4 kg"
	                    "  air passenger  Tan Son Nhat airport");
	assert_string_equal(tu_trim(tc_row(&c, 2)),
	                    "2025-09-13  OMD7-THCUS-0388  TH Customs  Wildlife › pangolin scales  906 kg · 3 pieces"
	                    "  sea container  Laem Chabang port");
	assert_string_equal(tu_trim(tc_row(&c, 3)), "more below…");
	assert_int_equal(canvas_at(&c, 42, 1)->role, ROLE_CAT_0);
	assert_true(canvas_at(&c, 60, 1)->attr & CANVAS_REVERSE);
	/* a window deep in a long list, filtered to a category: the rows do not repeat it */
	struct widget_case_list l = { k, 2, 1153, 1155, 0, "wildlife", NULL, NULL, NULL, NULL };
	widget_case_list_draw(&c, (struct canvas_rect){ 0, 0, 130, 5 }, &l, &cur, 1);
	assert_true(strstr(tc_row(&c, 0), "1,154–1,155 of 1,155") != NULL);
	assert_true(strstr(tc_row(&c, 2), "  pangolin scales  ") != NULL);
	assert_null(strstr(tc_row(&c, 2), "Wildlife"));
	assert_true(strstr(tc_row(&c, 1), "Drugs › methamphetamine") != NULL);
	/* filtered to one sub-category and one agency: neither column repeats them */
	struct widget_case_list one = { k + 1, 1, 0, 1, 0, "wildlife", "pangolin_scales", "THCUS", NULL, NULL };
	widget_case_list_draw(&c, (struct canvas_rect){ 0, 0, 130, 5 }, &one, &cur, 1);
	assert_null(strstr(tc_row(&c, 0), "agency"));
	assert_null(strstr(tc_row(&c, 0), "category"));
	assert_null(strstr(tc_row(&c, 1), "TH Customs"));
	assert_null(strstr(tc_row(&c, 1), "pangolin"));
	assert_true(strstr(tc_row(&c, 1), "OMD7-THCUS-0388  906 kg · 3 pieces  sea container") != NULL);
	/* a row of another agency (a list that is not all one agency) keeps the column */
	struct widget_case_list two = { k, 2, 0, 2, 0, NULL, NULL, "THCUS", NULL, NULL };
	widget_case_list_draw(&c, (struct canvas_rect){ 0, 0, 130, 5 }, &two, &cur, 1);
	assert_true(strstr(tc_row(&c, 0), "agency") != NULL);
	/* narrower: columns drop from the right */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 60, 4, 0), 0);
	widget_cases_draw(&c, (struct canvas_rect){ 0, 0, 60, 4 }, k, 2, 0, &cur, 0);
	assert_true(strstr(tc_row(&c, 0), "1–2 of 2") != NULL); /* no more: the page is the list */
	assert_true(tu_starts_with(tc_row(&c, 1), "▶2025-09-14  OMD7-VNCUS-0412  VN Customs  Drugs › meth"));
	assert_null(strstr(tc_row(&c, 1), "airport"));
	/* no room for the place: it goes, and the quantities keep their units whole */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 96, 4, 0), 0);
	widget_cases_draw(&c, (struct canvas_rect){ 0, 0, 96, 4 }, k, 2, 0, &cur, 0);
	dump(&c);
	assert_true(strstr(tc_row(&c, 2), "906 kg · 3 pieces  sea container") != NULL);
	assert_null(strstr(tc_row(&c, 2), "Laem"));
	/* a transport that does not fit its column: its short name, when the caller gives them */
	struct widget_case_list narrow = { k, 2, 0, 2, 0, NULL, NULL, NULL, store_short_name, NULL };
	widget_case_list_draw(&c, (struct canvas_rect){ 0, 0, 84, 4 }, &narrow, &cur, 0);
	dump(&c);
	assert_non_null(strstr(tc_row(&c, 1), " air pax"));
	assert_non_null(strstr(tc_row(&c, 2), " sea ctr"));
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 60, 4, 0), 0);
	assert_string_equal(tu_trim(tc_row(&c, 3)), "");
	/* two lines: no room for a header */
	widget_cases_draw(&c, (struct canvas_rect){ 0, 0, 60, 2 }, k, 2, 0, &cur, 0);
	assert_true(tu_starts_with(tc_row(&c, 0), "▶2025-09-14"));
	/* nothing */
	widget_cases_draw(&c, (struct canvas_rect){ 0, 0, 60, 4 }, NULL, 0, 0, &cur, 1);
	assert_int_equal(cur.sel, -1);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no cases");
	canvas_free(&c);
}

static void test_case_detail(void **state)
{
	(void)state;
	struct store_case k[2];
	make_cases(k);
	struct canvas c;
	assert_int_equal(canvas_init(&c, 116, 8, 0), 0);
	struct widget_cursor cur = { 0, 0, 0 };
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 116, 8 }, &k[1], &cur);
	assert_true(tu_starts_with(tc_row(&c, 0), " Detected     2025-09-13 · Laem Chabang port (TH)"));
	tc_assert_row_has(&c, 0, "Status     under investigation");
	tc_assert_row_has(&c, 1, "Agency       Thai Customs Department (TH)");
	tc_assert_row_has(&c, 1, "Arrests    2");
	tc_assert_row_has(&c, 2, "Category     Wildlife › pangolin scales");
	tc_assert_row_has(&c, 2, "Transport  sea container · NG → MY → SG → TH");
	assert_string_equal(tu_trim(tc_row(&c, 5)), "Seizures     pangolin scales 860 kg · ivory 45.5 kg");
	assert_int_equal(canvas_at(&c, 1, 0)->role, ROLE_MUTED);
	/* narrow: one field a line, long text wrapped under its label */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 40, 30, 0), 0);
	cur.top = 0;
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 40, 30 }, &k[1], &cur);
	int found = -1;
	for (int y = 0; y < 30; y++)
		if (tu_starts_with(tu_trim(tc_row(&c, y)), "Concealment"))
			found = y;
	assert_true(found >= 0);
	assert_string_equal(tu_trim(tc_row(&c, found)), "Concealment  declared as cashew nuts,");
	assert_string_equal(tu_trim(tc_row(&c, found + 1)), "scales in sacks behind");
	assert_string_equal(tc_cells(&c, 0, found + 1, 14), "              ");
	/* scrolling clamps to the last page */
	cur.top = 1000;
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 40, 5 }, &k[1], &cur);
	assert_true(cur.top > 0 && cur.top < 1000);
	int top = cur.top;
	cur.top = top - 1;
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 40, 5 }, &k[1], &cur);
	assert_int_equal(cur.top, top - 1);
	/* an empty case: dashes, no crash */
	struct store_case e;
	memset(&e, 0, sizeof e);
	cur.top = 0;
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 40, 30 }, &e, &cur);
	tc_assert_row_starts(&c, 0, "Case");
	widget_case_draw(&c, (struct canvas_rect){ 0, 0, 40, 30 }, NULL, &cur);
	assert_string_equal(tu_trim(tc_row(&c, 0)), "no case");
	canvas_free(&c);
}

/* ---- overlays -------------------------------------------------------------------- */

static const struct widget_help_entry help[] = {
	{ NULL, "Moving" },
	{ "↑↓ / j k", "move the selection" },
	{ "Enter", "drill down into the selected figure" },
	{ NULL, "Slides" },
	{ "n / PgDn", "next slide" },
	{ "q", "quit" },
};

static void test_help(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 60, 16, 0), 0);
	struct widget_cursor cur = { 0, 0, 0 };
	widget_help_draw(&c, "Help", help, 6, &cur);
	char *text = tc_text(&c);
	assert_non_null(strstr(text, "┌ Help "));
	assert_non_null(strstr(text, "│ Moving"));
	assert_non_null(strstr(text, "│ ↑↓ / j k  move the selection"));
	assert_non_null(strstr(text, "│ Enter     drill down into the selected figure"));
	assert_non_null(strstr(text, "↑↓ scroll · ? or Esc close"));
	free(text);
	/* a short screen scrolls; top is clamped */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 40, 8, 0), 0);
	cur.top = 100;
	widget_help_draw(&c, "Help", help, 6, &cur);
	assert_true(cur.top > 0 && cur.top < 100);
	text = tc_text(&c);
	assert_non_null(strstr(text, "quit"));
	assert_null(strstr(text, "Moving"));
	free(text);
	widget_help_draw(&c, NULL, NULL, 0, NULL);
	canvas_free(&c);
}

static void test_message(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 40, 7, 0), 0);
	widget_message_draw(&c, "opdeck", "no cases match", ROLE_ALERT);
	assert_string_equal(tc_row(&c, 1), "        ┌ opdeck ──────────────┐        ");
	assert_string_equal(tc_row(&c, 3), "        │    no cases match    │        ");
	assert_string_equal(tc_row(&c, 5), "        └──────────────────────┘        ");
	assert_int_equal(canvas_at(&c, 13, 3)->role, ROLE_ALERT);
	/* long text wraps; tiny canvases survive */
	widget_message_draw(&c, "t", "a rather long message that has to wrap over several lines of the box", ROLE_NORMAL);
	struct canvas t;
	assert_int_equal(canvas_init(&t, 3, 1, 0), 0);
	widget_message_draw(&t, "title", "text", ROLE_NORMAL);
	widget_help_draw(&t, "Help", help, 6, NULL);
	canvas_free(&t);
	canvas_free(&c);
}

/* y's box: a locator wraps after a '/', never cut, an empty paragraph stays a blank line,
 * the hint on the last line. */
static void test_note(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 40, 12, 0), 0);
	widget_note_draw(&c, "locator", "locator: phase=OMD7/category=wildlife/agency=THCUS/case=OMD7-THCUS-0093\n\nok",
	                 "Esc close", ROLE_NORMAL);
	dump(&c);
	assert_string_equal(tc_row(&c, 2), "  │ locator: phase=OMD7/             │  ");
	assert_string_equal(tc_row(&c, 3), "  │ category=wildlife/agency=THCUS/  │  ");
	assert_string_equal(tc_row(&c, 4), "  │ case=OMD7-THCUS-0093             │  ");
	assert_string_equal(tc_row(&c, 5), "  │                                  │  ");
	assert_string_equal(tc_row(&c, 6), "  │ ok                               │  ");
	assert_string_equal(tc_row(&c, 8), "  │ Esc close                        │  ");
	assert_int_equal(canvas_at(&c, 4, 8)->role, ROLE_MUTED);
	/* a short note: a box as wide as it needs; a tiny canvas survives */
	canvas_clear(&c);
	widget_note_draw(&c, "t", "short", NULL, ROLE_NORMAL);
	assert_true(strstr(tc_row(&c, 5), "│ short │") != NULL);
	struct canvas t;
	assert_int_equal(canvas_init(&t, 3, 1, 0), 0);
	widget_note_draw(&t, "title", "a/b/c", "hint", ROLE_NORMAL);
	canvas_free(&t);
	canvas_free(&c);
}

/* ---- every widget at tiny sizes, inside a marked canvas, and in ASCII ------------ */

static void draw_all(struct canvas *c, struct canvas_rect r, int focused)
{
	make_categories();
	make_agencies();
	struct widget_cursor cur = { 1, 1, 0 };
	struct widget_bars b = { .agg = &cat_agg, .measure = WIDGET_CASES, .show_total = 1 };
	widget_bars_draw(c, r, &b, &cur, focused);
	b.agg = &agency_agg;
	b.measure = WIDGET_QTY + STORE_UNIT_M3;
	widget_bars_draw(c, r, &b, &cur, focused);
	struct widget_table t = { 4, phase_cols, 3, phase_cells, NULL, phase_total, 2, 1, NULL };
	widget_table_draw(c, r, &t, &cur, focused);
	struct store_agg_row wk[2] = { agg_row("2025-04-14", "", 3), agg_row("2025-06-30", "", 9) };
	struct store_agg wa = { STORE_DIM_WEEK, 2, wk, agg_row("", "total", 12) };
	struct widget_timeline tl = { &wa, "2025-04-15", "2025-09-15", 0, NULL, 0, NULL };
	widget_timeline_draw(c, r, &tl, &cur, focused);
	const char *rl[] = { "Drugs", "Wildlife" }, *cl[] = { "VN", "TH" };
	long long counts[] = { 5, 0, 1, 1000 };
	struct widget_matrix m = { 2, 2, rl, cl, counts, 0, NULL, NULL };
	widget_matrix_draw(c, r, &m, &cur, focused);
	struct widget_kpi k[2] = { { "cases", "1,155", "+26 %", 1, 0, NULL, NULL }, { "arrests", "99", "-1", -1, 0, NULL, NULL } };
	widget_kpis_draw(c, r, k, 2, &cur, focused);
	struct store_case cs[2];
	make_cases(cs);
	widget_cases_draw(c, r, cs, 2, 1, &cur, focused);
	widget_case_draw(c, r, &cs[1], &cur);
	widget_case_draw(c, r, &cs[0], &cur);
}

static void test_tiny_rects_stay_inside(void **state)
{
	(void)state;
	struct canvas c;
	assert_int_equal(canvas_init(&c, 130, 40, 0), 0);
	for (int w = 0; w <= 3; w++)
		for (int h = 0; h <= 3; h++)
			for (int f = 0; f <= 1; f++) {
				struct canvas_rect r = { 4, 3, w, h };
				fill_marker(&c);
				draw_all(&c, r, f);
				assert_marker_outside(&c, r);
			}
	/* usual and odd sizes too */
	static const int sizes[][2] = { { 5, 5 }, { 11, 4 }, { 12, 6 }, { 20, 3 }, { 38, 5 }, { 60, 12 }, { 120, 30 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct canvas_rect r = { 3, 4, sizes[i][0], sizes[i][1] };
		fill_marker(&c);
		draw_all(&c, r, 1);
		assert_marker_outside(&c, r);
	}
	/* rects hanging off the canvas: clipped, no crash */
	draw_all(&c, (struct canvas_rect){ 120, 35, 40, 20 }, 1);
	draw_all(&c, (struct canvas_rect){ -10, -5, 30, 10 }, 0);
	canvas_free(&c);
}

static void test_ascii_only(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 38, 5 }, { 60, 12 }, { 120, 12 }, { 8, 3 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct canvas c;
		assert_int_equal(canvas_init(&c, 130, 20, 1), 0);
		struct canvas_rect r = { 0, 0, sizes[i][0], sizes[i][1] };
		struct canvas_rect in = widget_frame(&c, (struct canvas_rect){ 0, 0, sizes[i][0] + 2, sizes[i][1] + 2 },
		                                     "ascii", 1);
		(void)r;
		/* draw_all's fixtures are ASCII text; only widget glyphs could be non-ASCII */
		for (int f = 0; f <= 1; f++) {
			draw_all(&c, in, f);
			char *text = tc_text(&c);
			for (const unsigned char *p = (const unsigned char *)text; *p; p++)
				if (*p >= 0x80) {
					fprintf(stderr, "non-ASCII at size %dx%d: %.40s\n", sizes[i][0], sizes[i][1],
					        (const char *)p);
					fail();
				}
			free(text);
		}
		struct widget_cursor cur = { 0, 0, 0 };
		widget_help_draw(&c, "Help", (const struct widget_help_entry[]){ { NULL, "Keys" }, { "q", "quit" } }, 2, &cur);
		widget_message_draw(&c, "opdeck", "a message", ROLE_ALERT);
		char *text = tc_text(&c);
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			assert_true(*p < 0x80);
		free(text);
		canvas_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measure_format),
		cmocka_unit_test(test_role_for),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_bars_categories),
		cmocka_unit_test(test_bars_more_summary),
		cmocka_unit_test(test_bars_more_invented),
		cmocka_unit_test(test_bars_scroll),
		cmocka_unit_test(test_bars_cursor_clamp_and_empty),
		cmocka_unit_test(test_table_totals),
		cmocka_unit_test(test_table_scroll_and_narrow),
		cmocka_unit_test(test_hostile_text_alignment),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_timeline_years),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_matrix_two_line_header),
		cmocka_unit_test(test_kpis),
		cmocka_unit_test(test_cases_list),
		cmocka_unit_test(test_case_detail),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_tiny_rects_stay_inside),
		cmocka_unit_test(test_ascii_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
