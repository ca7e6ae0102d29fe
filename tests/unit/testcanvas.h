/* Unit-test helpers that read a painted canvas back as text, and the checks the widget,
 * panel, view, present and canvas tests make on it.  A check that fails says which row
 * and what it held (cmocka names this file's line; the message names the row). */
#ifndef OPDECK_TESTCANVAS_H
#define OPDECK_TESTCANVAS_H

#include "testutil.h"

#include "canvas.h"

/* The glyphs of row y from column x over w columns (the second half of a wide character
 * skipped, an empty glyph read as a space), in a rotating static buffer (valid for the
 * next 7 calls).  Fails the test if the row does not fit the buffer. */
static inline char *tc_cells_buf(const struct canvas *c, int x, int y, int w)
{
	static char buf[8][4096];
	static int k;
	char *out = buf[k++ % 8];
	size_t len = 0;

	out[0] = '\0';
	if (y < 0 || y >= c->rows)
		return out;
	for (int i = x < 0 ? 0 : x; i < x + w && i < c->cols; i++) {
		const struct canvas_cell *cell = &c->cells[y * c->cols + i];
		if (cell->width == 0)
			continue;
		const char *g = cell->glyph[0] ? cell->glyph : " ";
		size_t gl = strlen(g);
		if (len + gl + 1 >= sizeof buf[0])
			fail_msg("row %d is longer than %zu bytes", y, sizeof buf[0]);
		memcpy(out + len, g, gl);
		len += gl;
		out[len] = '\0';
	}
	return out;
}

static inline const char *tc_cells(const struct canvas *c, int x, int y, int w)
{
	return tc_cells_buf(c, x, y, w);
}

/* Row y exactly, trailing spaces and all. */
static inline const char *tc_row(const struct canvas *c, int y)
{
	return tc_cells_buf(c, 0, y, c->cols);
}

/* Row y without its trailing spaces. */
static inline const char *tc_line(const struct canvas *c, int y)
{
	char *s = tc_cells_buf(c, 0, y, c->cols);
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* The first row whose line contains s, or -1. */
static inline int tc_row_of(const struct canvas *c, const char *s)
{
	for (int y = 0; y < c->rows; y++)
		if (strstr(tc_line(c, y), s))
			return y;
	return -1;
}

/* Everything canvas_write_text prints, as a malloc'd string. */
static inline char *tc_text(const struct canvas *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	canvas_write_text(c, f);
	fclose(f);
	return buf;
}

/* ---- checks ---------------------------------------------------------------------- */

/* Some row contains s; on failure the screen is printed. */
static inline void tc_assert_screen_has(const struct canvas *c, const char *s)
{
	if (tc_row_of(c, s) >= 0)
		return;
	for (int y = 0; y < c->rows; y++)
		fprintf(stderr, "|%s|\n", tc_line(c, y));
	fail_msg("no row contains '%s'", s);
}

/* Row y (without trailing spaces) contains s. */
static inline void tc_assert_row_has(const struct canvas *c, int y, const char *s)
{
	const char *l = tc_line(c, y);

	if (!strstr(l, s))
		fail_msg("row %d '%s' does not contain '%s'", y, l, s);
}

/* Row y does not contain s. */
static inline void tc_assert_row_lacks(const struct canvas *c, int y, const char *s)
{
	const char *l = tc_line(c, y);

	if (strstr(l, s))
		fail_msg("row %d '%s' contains '%s'", y, l, s);
}

/* Row y, without leading and trailing spaces, starts with s. */
static inline void tc_assert_row_starts(const struct canvas *c, int y, const char *s)
{
	const char *t = tu_trim(tc_row(c, y));

	if (!tu_starts_with(t, s))
		fail_msg("row %d '%s' does not start with '%s'", y, t, s);
}

/* Row y, without leading and trailing spaces, ends with s. */
static inline void tc_assert_row_ends(const struct canvas *c, int y, const char *s)
{
	const char *t = tu_trim(tc_row(c, y));

	if (!tu_ends_with(t, s))
		fail_msg("row %d '%s' does not end with '%s'", y, t, s);
}

#endif
