/* canvas: the cell grid, its drawing primitives and its text/ANSI output. */
#include "testcanvas.h"

#include "canvas.h"
#include "theme.h"

/* Everything canvas_write_* prints, as a malloc'd string. */
static char *capture(const struct canvas *c, const struct canvas_palette *p, int depth, int ansi)
{
	FILE *f = tmpfile();
	char *buf;
	long len;

	assert_non_null(f);
	if (ansi)
		canvas_write_ansi(c, p, depth, f);
	else
		canvas_write_text(c, f);
	len = ftell(f);
	assert_true(len >= 0);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void null_and_bad_sizes(void **state)
{
	struct canvas c;
	(void)state;
	assert_int_equal(canvas_init(&c, 0, 5, 0), -1);
	assert_int_equal(canvas_init(&c, 5, -1, 0), -1);
	assert_int_equal(canvas_init(NULL, 5, 5, 0), -1);
	assert_null(canvas_at(NULL, 0, 0));
	assert_int_equal(canvas_put(NULL, 0, 0, 5, "x", ROLE_NORMAL), 0);
	canvas_free(NULL);
	assert_int_equal(canvas_init(&c, 4, 2, 0), 0);
	assert_int_equal(canvas_put(&c, 0, 0, 4, NULL, ROLE_NORMAL), 0);
	assert_int_equal(canvas_put(&c, 0, 0, 4, "", ROLE_NORMAL), 0);
	assert_int_equal(canvas_put(&c, 0, 2, 4, "x", ROLE_NORMAL), 0); /* below */
	assert_int_equal(canvas_put(&c, 4, 0, 4, "x", ROLE_NORMAL), 0); /* right of the edge */
	assert_null(canvas_at(&c, 4, 0));
	assert_null(canvas_at(&c, -1, 0));
	assert_string_equal(tc_row(&c, 0), "    ");
	assert_int_equal(canvas_resize(&c, 0, 3), -1);
	assert_int_equal(c.cols, 4); /* unchanged */
	assert_int_equal(canvas_resize(&c, 6, 3), 0);
	assert_string_equal(tc_row(&c, 2), "      ");
	canvas_free(&c);
	canvas_free(&c); /* twice is harmless */
}

static void put_and_clip_at_edges(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 10, 2, 0);
	assert_int_equal(canvas_put(&c, 1, 0, 20, "Drugs", ROLE_CAT_0), 5);
	assert_string_equal(tc_row(&c, 0), " Drugs    ");
	assert_int_equal(canvas_at(&c, 1, 0)->role, ROLE_CAT_0);
	/* maxw cuts with an ellipsis */
	assert_int_equal(canvas_put(&c, 0, 1, 6, "Precursors", ROLE_NORMAL), 6);
	assert_string_equal(tc_row(&c, 1), "Precu\xE2\x80\xA6    ");
	/* the right edge cuts too */
	assert_int_equal(canvas_put(&c, 6, 1, 20, "Wildlife", ROLE_NORMAL), 4);
	assert_string_equal(tc_row(&c, 1), "Precu\xE2\x80\xA6Wil\xE2\x80\xA6");
	/* maxw < 0: up to the edge */
	assert_int_equal(canvas_put(&c, 7, 0, -1, "abc", ROLE_NORMAL), 3);
	assert_string_equal(tc_row(&c, 0), " Drugs abc");
	/* left of the edge: the visible part only */
	canvas_clear(&c);
	assert_int_equal(canvas_put(&c, -2, 0, -1, "abcdef", ROLE_NORMAL), 6);
	assert_string_equal(tc_row(&c, 0), "cdef      ");
	canvas_free(&c);
}

static void hostile_text_is_inert_in_cells(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 20, 1, 0);
	canvas_put(&c, 0, 0, 20, "\x1b]52;c;aGVsbG8=\x07", ROLE_NORMAL);
	assert_string_equal(tc_row(&c, 0), "\xE2\x90\x9B]52;c;aGVsbG8=\xE2\x90\x87    ");
	canvas_free(&c);
}

static void wide_characters_and_the_last_column(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 5, 2, 0);
	assert_int_equal(canvas_put(&c, 0, 0, 5, "\xE6\xBC\xA2\xE5\xAD\x97", ROLE_NORMAL), 4);
	assert_string_equal(tc_row(&c, 0), "\xE6\xBC\xA2\xE5\xAD\x97 ");
	assert_int_equal(canvas_at(&c, 0, 0)->width, 2);
	assert_int_equal(canvas_at(&c, 1, 0)->width, 0);
	assert_string_equal(canvas_at(&c, 1, 0)->glyph, "");
	/* a wide character at the last column does not fit: ellipsis instead */
	assert_int_equal(canvas_put(&c, 4, 1, 5, "\xE6\xBC\xA2", ROLE_NORMAL), 1);
	assert_string_equal(tc_row(&c, 1), "    \xE2\x80\xA6");
	/* a wide glyph placed directly at the last column becomes a space */
	canvas_glyph(&c, 4, 0, "\xE6\xBC\xA2", ROLE_NORMAL);
	assert_string_equal(canvas_at(&c, 4, 0)->glyph, " ");
	assert_int_equal(canvas_at(&c, 4, 0)->width, 1);
	canvas_free(&c);
}

static void overwriting_half_a_wide_character_blanks_the_other(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 6, 1, 0);
	canvas_put(&c, 0, 0, 6, "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", ROLE_NORMAL);
	assert_string_equal(tc_row(&c, 0), "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2");
	/* right half of 漢 at column 1 */
	canvas_put(&c, 1, 0, 1, "x", ROLE_NORMAL);
	assert_string_equal(tc_row(&c, 0), " x\xE5\xAD\x97\xE6\xBC\xA2");
	/* left half of 漢 at column 4 */
	canvas_put(&c, 4, 0, 1, "y", ROLE_NORMAL);
	assert_string_equal(tc_row(&c, 0), " x\xE5\xAD\x97y ");
	/* a wide character over the right half of 字 (col 3) and the y (col 4) */
	canvas_put(&c, 3, 0, 2, "\xE6\xBC\xA2", ROLE_NORMAL);
	assert_string_equal(tc_row(&c, 0), " x \xE6\xBC\xA2 ");
	assert_int_equal(canvas_at(&c, 2, 0)->width, 1);
	assert_int_equal(canvas_at(&c, 4, 0)->width, 0);
	canvas_free(&c);
}

static void combining_marks_share_the_cell(void **state)
{
	struct canvas c;
	char many[128] = "e";
	(void)state;
	canvas_init(&c, 4, 1, 0);
	assert_int_equal(canvas_put(&c, 0, 0, 4, "e\xCC\x81x", ROLE_NORMAL), 2);
	assert_string_equal(canvas_at(&c, 0, 0)->glyph, "e\xCC\x81");
	assert_string_equal(canvas_at(&c, 1, 0)->glyph, "x");
	/* 40 marks: the cell keeps as many as fit in CANVAS_GLYPH_MAX, whole */
	for (int i = 0; i < 40; i++)
		strcat(many, "\xCC\x81");
	strcat(many, "z");
	assert_int_equal(canvas_put(&c, 0, 0, 4, many, ROLE_NORMAL), 2);
	assert_int_equal(strlen(canvas_at(&c, 0, 0)->glyph), 1 + 2 * 11);
	assert_string_equal(canvas_at(&c, 1, 0)->glyph, "z");
	canvas_free(&c);
}

static void put_right_aligns(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 10, 1, 0);
	assert_int_equal(canvas_put_right(&c, 2, 0, 7, "1,155", ROLE_NUMBER), 5);
	assert_string_equal(tc_row(&c, 0), "    1,155 ");
	canvas_clear(&c);
	assert_int_equal(canvas_put_right(&c, 0, 0, 4, "123456", ROLE_NUMBER), 4);
	assert_string_equal(tc_row(&c, 0), "123\xE2\x80\xA6      ");
	canvas_free(&c);
}

static void box_with_title_utf8_and_ascii(void **state)
{
	struct canvas c;
	struct canvas_rect r = { 0, 0, 14, 3 };
	(void)state;
	canvas_init(&c, 14, 3, 0);
	canvas_box(&c, r, "Phases", ROLE_BORDER);
	assert_string_equal(tc_row(&c, 0), "┌ Phases ────┐");
	assert_string_equal(tc_row(&c, 1), "│            │");
	assert_string_equal(tc_row(&c, 2), "└────────────┘");
	assert_int_equal(canvas_at(&c, 2, 0)->role, ROLE_TITLE);
	assert_int_equal(canvas_at(&c, 0, 0)->role, ROLE_BORDER);
	canvas_clear(&c);
	canvas_box(&c, r, "A very long panel title", ROLE_BORDER_FOCUS);
	assert_string_equal(tc_row(&c, 0), "┌ A very l… ─┐");
	canvas_free(&c);

	canvas_init(&c, 10, 3, 1);
	r.w = 10;
	canvas_box(&c, r, "Cases", ROLE_BORDER);
	assert_string_equal(tc_row(&c, 0), "+ Cases -+");
	assert_string_equal(tc_row(&c, 1), "|        |");
	assert_string_equal(tc_row(&c, 2), "+--------+");
	r = canvas_inner(r);
	assert_int_equal(r.x, 1);
	assert_int_equal(r.y, 1);
	assert_int_equal(r.w, 8);
	assert_int_equal(r.h, 1);
	canvas_free(&c);
}

static void box_keeps_wide_title_aligned(void **state)
{
	struct canvas c;
	struct canvas_rect r = { 0, 0, 9, 2 };
	(void)state;
	canvas_init(&c, 9, 2, 0);
	canvas_box(&c, r, "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", ROLE_BORDER); /* 6 cols into 4 */
	assert_string_equal(tc_row(&c, 0), "┌ 漢… ──┐");
	canvas_free(&c);
}

static void bars_in_eighths(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 4, 5, 0);
	canvas_bar(&c, 0, 0, 4, 0.0, ROLE_BAR);
	assert_string_equal(tc_row(&c, 0), "    ");
	canvas_bar(&c, 0, 1, 4, 1.0, ROLE_BAR);
	assert_string_equal(tc_row(&c, 1), "████");
	canvas_bar(&c, 0, 2, 4, 0.5, ROLE_BAR);
	assert_string_equal(tc_row(&c, 2), "██  ");
	canvas_bar(&c, 0, 3, 4, 1.0 / 16, ROLE_BAR); /* 2 of 32 eighths */
	assert_string_equal(tc_row(&c, 3), "▎   ");
	canvas_bar(&c, 0, 4, 4, 0.001, ROLE_BAR); /* tiny but real: one eighth */
	assert_string_equal(tc_row(&c, 4), "▏   ");
	canvas_bar(&c, 0, 0, 4, 0.40625, ROLE_BAR); /* 13 eighths */
	assert_string_equal(tc_row(&c, 0), "█▋  ");
	canvas_bar(&c, 0, 0, 4, 7.0, ROLE_BAR);
	assert_string_equal(tc_row(&c, 0), "████");
	canvas_bar(&c, 0, 0, 4, -1.0, ROLE_BAR);
	assert_string_equal(tc_row(&c, 0), "    ");
	canvas_free(&c);

	canvas_init(&c, 4, 1, 1);
	canvas_bar(&c, 0, 0, 4, 0.5, ROLE_BAR);
	assert_string_equal(tc_row(&c, 0), "##  ");
	canvas_bar(&c, 0, 0, 4, 0.01, ROLE_BAR);
	assert_string_equal(tc_row(&c, 0), "#   ");
	canvas_free(&c);
}

static void fill_and_attr(void **state)
{
	struct canvas c;
	struct canvas_rect r = { 1, 0, 2, 1 };
	(void)state;
	canvas_init(&c, 4, 1, 0);
	canvas_put(&c, 0, 0, 4, "abcd", ROLE_NORMAL);
	canvas_attr(&c, r, CANVAS_REVERSE, ROLE_SELECTION);
	assert_int_equal(canvas_at(&c, 1, 0)->attr, CANVAS_REVERSE);
	assert_int_equal(canvas_at(&c, 2, 0)->role, ROLE_SELECTION);
	assert_int_equal(canvas_at(&c, 3, 0)->attr, 0);
	assert_string_equal(tc_row(&c, 0), "abcd");
	canvas_fill(&c, r, ROLE_MUTED);
	assert_string_equal(tc_row(&c, 0), "a  d");
	assert_int_equal(canvas_at(&c, 1, 0)->role, ROLE_MUTED);
	canvas_free(&c);
}

static void write_text_exact_lines(void **state)
{
	struct canvas c;
	char *out;
	(void)state;
	canvas_init(&c, 6, 2, 0);
	canvas_put(&c, 0, 0, 6, "\xE6\xBC\xA2x", ROLE_NORMAL);
	canvas_put(&c, 2, 1, 6, "\xE2\x80\xAE" "ab", ROLE_NORMAL);
	out = capture(&c, NULL, 0, 0);
	assert_string_equal(out, "漢x   \n  \xEF\xBF\xBD" "ab \n");
	free(out);
	canvas_free(&c);
}

/* Every ESC must start an SGR we made: ESC '[' then digits and ';' then 'm'. */
static void assert_only_sgr(const char *s)
{
	for (const char *p = s; (p = strchr(p, 0x1b)); p++) {
		assert_int_equal(p[1], '[');
		const char *q = p + 2;
		while ((*q >= '0' && *q <= '9') || *q == ';')
			q++;
		assert_int_equal(*q, 'm');
	}
}

static void write_ansi_emits_only_sgr(void **state)
{
	struct canvas c;
	int n;
	const struct canvas_palette *pals = theme_list(&n); /* every embedded theme */
	static const int depths[] = { 256, 16, 8, 0 };
	(void)state;
	canvas_init(&c, 30, 2, 0);
	canvas_put(&c, 0, 0, 30, "\x1b[2J\x1b]52;c;aGVsbG8=\x07\xC2\x9B" "31m", ROLE_CAT_0);
	canvas_put(&c, 0, 1, 30, "ok", ROLE_SELECTION);
	canvas_attr(&c, (struct canvas_rect){ 0, 1, 30, 1 }, CANVAS_REVERSE, -1);
	for (int i = 0; i < n; i++)
		for (int d = 0; d < 4; d++) {
			char *out = capture(&c, &pals[i], depths[d], 1);
			assert_only_sgr(out);
			/* every line ends with a reset */
			assert_int_equal(tu_count(out, "\n"), 2);
			assert_int_equal(tu_count(out, "\x1b[0m\n"), 2);
			assert_string_equal(out + strlen(out) - 5, "\x1b[0m\n");
			free(out);
		}
	canvas_free(&c);
}

static void write_ansi_colours_per_depth(void **state)
{
	struct canvas c;
	struct canvas_palette pal, *p = &pal;
	char *out;
	(void)state;
	canvas_palette_plain(&pal);
	pal.role[ROLE_CAT_0] = (struct canvas_style){ 209, -1, 9, -1, 1, -1, 0, 0 };
	canvas_init(&c, 2, 1, 0);
	canvas_put(&c, 0, 0, 2, "ab", ROLE_CAT_0);
	canvas_put(&c, 1, 0, 1, "b", ROLE_SELECTION);
	canvas_attr(&c, (struct canvas_rect){ 1, 0, 1, 1 }, CANVAS_REVERSE, -1);
	out = capture(&c, p, 256, 1);
	assert_string_equal(out, "\x1b[0;38;5;209ma\x1b[0;7mb\x1b[0m\n");
	free(out);
	out = capture(&c, p, 16, 1);
	assert_string_equal(out, "\x1b[0;91ma\x1b[0;7mb\x1b[0m\n");
	free(out);
	out = capture(&c, p, 8, 1);
	assert_string_equal(out, "\x1b[0;31ma\x1b[0;7mb\x1b[0m\n");
	free(out);
	out = capture(&c, p, 0, 1);
	assert_string_equal(out, "\x1b[0ma\x1b[0;7mb\x1b[0m\n");
	free(out);
	canvas_free(&c);
}

static void plain_palette_keeps_selection_visible(void **state)
{
	struct canvas_palette p;
	(void)state;
	canvas_palette_plain(&p);
	assert_string_equal(p.name, "plain");
	assert_true(p.role[ROLE_SELECTION].mono_attr & CANVAS_REVERSE);
	assert_true(p.role[ROLE_SELECTION].attr & CANVAS_REVERSE);
	assert_true(p.role[ROLE_TITLE].mono_attr & CANVAS_BOLD);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(p.role[r].fg256, -1);
		assert_int_equal(p.role[r].bg8, -1);
	}
	canvas_palette_plain(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_and_bad_sizes),
		cmocka_unit_test(put_and_clip_at_edges),
		cmocka_unit_test(hostile_text_is_inert_in_cells),
		cmocka_unit_test(wide_characters_and_the_last_column),
		cmocka_unit_test(overwriting_half_a_wide_character_blanks_the_other),
		cmocka_unit_test(combining_marks_share_the_cell),
		cmocka_unit_test(put_right_aligns),
		cmocka_unit_test(box_with_title_utf8_and_ascii),
		cmocka_unit_test(box_keeps_wide_title_aligned),
		cmocka_unit_test(bars_in_eighths),
		cmocka_unit_test(fill_and_attr),
		cmocka_unit_test(write_text_exact_lines),
		cmocka_unit_test(write_ansi_emits_only_sgr),
		cmocka_unit_test(write_ansi_colours_per_depth),
		cmocka_unit_test(plain_palette_keeps_selection_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
