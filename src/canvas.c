/*
 * canvas: the in-memory cell grid every widget paints into, and its two plain outputs
 * (text and ANSI) used by `opdeck render`.  term.c copies the same grid to curses.
 *
 * Invariants kept by every writer here:
 *   - a cell holds one sanitised glyph: a base character and the combining marks that
 *     fit in CANVAS_GLYPH_MAX bytes (extra marks are dropped), never a control byte;
 *   - a width-2 cell is always followed by its continuation cell (glyph "", width 0) on
 *     the same row; writing over either half first blanks the other half to a space;
 *   - nothing wider than the space left is placed: text is cut by text_fit (ellipsis),
 *     a lone wide glyph at the last column becomes a space.
 */
#include "canvas.h"
#include "text.h"
#include "xmalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void cell_blank(struct canvas_cell *cell)
{
	cell->glyph[0] = ' ';
	cell->glyph[1] = '\0';
	cell->width = 1;
}

int canvas_init(struct canvas *c, int cols, int rows, int ascii)
{
	if (!c)
		return -1;
	memset(c, 0, sizeof *c);
	c->ascii = ascii;
	if (cols <= 0 || rows <= 0 || (size_t)cols > SIZE_MAX / sizeof *c->cells / (size_t)rows)
		return -1;
	c->cells = xcalloc((size_t)cols * (size_t)rows, sizeof *c->cells);
	c->cols = cols;
	c->rows = rows;
	canvas_clear(c);
	return 0;
}

int canvas_resize(struct canvas *c, int cols, int rows)
{
	struct canvas n;

	if (!c || canvas_init(&n, cols, rows, c->ascii) != 0)
		return -1;
	free(c->cells);
	*c = n;
	return 0;
}

void canvas_free(struct canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	c->cells = NULL;
	c->cols = c->rows = 0;
}

void canvas_clear(struct canvas *c)
{
	if (!c || !c->cells)
		return;
	for (size_t i = 0; i < (size_t)c->cols * (size_t)c->rows; i++) {
		cell_blank(&c->cells[i]);
		c->cells[i].role = ROLE_NORMAL;
		c->cells[i].attr = 0;
	}
}

struct canvas_cell *canvas_at(struct canvas *c, int x, int y)
{
	if (!c || !c->cells || x < 0 || y < 0 || x >= c->cols || y >= c->rows)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
}

/* Before (x, y) is overwritten: if it is half of a wide character, blank the other half. */
static void unpair(struct canvas *c, int x, int y)
{
	struct canvas_cell *cell = canvas_at(c, x, y), *other;

	if (!cell)
		return;
	if (cell->width == 0 && (other = canvas_at(c, x - 1, y)) && other->width == 2)
		cell_blank(other);
	else if (cell->width == 2 && (other = canvas_at(c, x + 1, y)) && other->width == 0)
		cell_blank(other);
}

/*
 * Places one glyph (glen bytes, already sanitised, width 1 or 2) at (x, y) with role and
 * no attributes.  A wide glyph without room for its second half becomes a space.
 */
static void place(struct canvas *c, int x, int y, const char *g, size_t glen, int w, int role)
{
	struct canvas_cell *cell = canvas_at(c, x, y), *cont;

	if (!cell)
		return;
	if (w == 2 && x + 1 >= c->cols) {
		g = " ";
		glen = 1;
		w = 1;
	}
	unpair(c, x, y);
	if (w == 2)
		unpair(c, x + 1, y);
	if (glen > CANVAS_GLYPH_MAX - 1)
		glen = CANVAS_GLYPH_MAX - 1;
	memcpy(cell->glyph, g, glen);
	cell->glyph[glen] = '\0';
	cell->width = (uint8_t)w;
	cell->role = (uint8_t)role;
	cell->attr = 0;
	if (w == 2) {
		cont = canvas_at(c, x + 1, y);
		cont->glyph[0] = '\0';
		cont->width = 0;
		cont->role = (uint8_t)role;
		cont->attr = 0;
	}
}

/*
 * Lays out the sanitised, fitted string s from column x: one cell per base character,
 * its combining marks joined into the same cell while they fit (the rest are dropped).
 * Columns left of 0 are skipped (a wide character cut by the left edge leaves a space).
 */
static int lay_out(struct canvas *c, int x, int y, const char *s, int role)
{
	size_t len = strlen(s), i = 0;
	int col = x;

	while (i < len) {
		char g[CANVAS_GLYPH_MAX];
		size_t gl, n;
		uint32_t cp;
		int w;

		n = text_decode(s + i, len - i, &cp);
		w = text_cp_width(cp);
		gl = n < sizeof g ? n : 0;
		memcpy(g, s + i, gl);
		i += n;
		/* zero-width marks after the base join its cell */
		while (i < len) {
			n = text_decode(s + i, len - i, &cp);
			if (text_cp_width(cp) != 0)
				break;
			if (gl + n < sizeof g) {
				memcpy(g + gl, s + i, n);
				gl += n;
			}
			i += n;
		}
		if (w == 0)
			continue; /* a mark with no base: text_sanitize never produces it */
		if (col >= 0)
			place(c, col, y, g, gl, w, role);
		else if (col + w > 0)
			place(c, 0, y, " ", 1, 1, role);
		col += w;
	}
	return col - x;
}

/* Sanitises s and cuts it to at most maxw columns (maxw < 0: no limit but the edge). */
static char *prepare(struct canvas *c, int x, int maxw, const char *s, int *width)
{
	char *san, *fit;
	size_t sz;
	int room = c->cols - x; /* x < 0: the part left of the edge is skipped by lay_out */

	*width = 0;
	if (maxw >= 0 && maxw < room)
		room = maxw;
	san = text_sanitize(s, (size_t)-1);
	if (!san)
		xmalloc_fatal(); /* text_sanitize returns NULL only when out of memory */
	if (c->ascii)
		text_asciify(san); /* same widths, so callers' measurements hold */
	if (room <= 0) {
		san[0] = '\0';
		return san;
	}
	sz = strlen(san) + 4;
	fit = xmalloc(sz);
	*width = text_fit(san, room, c->ascii, fit, sz);
	free(san);
	return fit;
}

int canvas_put(struct canvas *c, int x, int y, int maxw, const char *s, int role)
{
	char *fit;
	int w, n;

	if (!c || !c->cells || !s || y < 0 || y >= c->rows || x >= c->cols)
		return 0;
	fit = prepare(c, x, maxw, s, &w);
	n = lay_out(c, x, y, fit, role);
	free(fit);
	return n;
}

int canvas_put_right(struct canvas *c, int x, int y, int w, const char *s, int role)
{
	char *fit;
	int tw, n;

	if (!c || !c->cells || !s || w <= 0 || y < 0 || y >= c->rows)
		return 0;
	/* Fit to w, not to the edge: the text is anchored at its right end. */
	{
		char *san = text_sanitize(s, (size_t)-1);
		size_t sz;
		if (!san)
			xmalloc_fatal();
		if (c->ascii)
			text_asciify(san);
		sz = strlen(san) + 4;
		fit = xmalloc(sz);
		tw = text_fit(san, w, c->ascii, fit, sz);
		free(san);
	}
	n = 0;
	if (x + w - tw < c->cols)
		n = lay_out(c, x + w - tw, y, fit, role);
	free(fit);
	return n;
}

void canvas_glyph(struct canvas *c, int x, int y, const char *glyph, int role)
{
	char g[CANVAS_GLYPH_MAX];
	size_t len, i = 0, gl = 0;
	int w = -1;

	if (!canvas_at(c, x, y) || !glyph)
		return;
	/* Callers pass constants, but the no-control-bytes invariant is cheap to keep. */
	len = strnlen(glyph, CANVAS_GLYPH_MAX);
	while (i < len) {
		uint32_t cp;
		char e[4];
		size_t n;

		i += text_decode(glyph + i, len - i, &cp);
		cp = text_sanitize_cp(cp);
		if (cp == 0)
			continue;
		if (w < 0)
			w = text_cp_width(cp);
		else if (text_cp_width(cp) != 0)
			break;
		n = text_encode(cp, e);
		if (gl + n >= sizeof g)
			break;
		memcpy(g + gl, e, n);
		gl += n;
	}
	if (w <= 0) {
		g[0] = ' ';
		gl = 1;
		w = 1;
	}
	if (c->ascii) {
		g[gl] = '\0';
		text_asciify(g);
		gl = strlen(g);
	}
	place(c, x, y, g, gl, w, role);
}

void canvas_fill(struct canvas *c, struct canvas_rect r, int role)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			if (canvas_at(c, x, y))
				place(c, x, y, " ", 1, 1, role);
}

void canvas_attr(struct canvas *c, struct canvas_rect r, int attr, int role)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			struct canvas_cell *cell = canvas_at(c, x, y);
			if (!cell)
				continue;
			cell->attr |= (uint8_t)attr;
			if (role >= 0 && role < ROLE_COUNT)
				cell->role = (uint8_t)role;
		}
}

void canvas_hline(struct canvas *c, int x, int y, int w, int role)
{
	const char *h = c && c->ascii ? "-" : "\xE2\x94\x80";

	for (int i = 0; i < w; i++)
		if (canvas_at(c, x + i, y))
			place(c, x + i, y, h, strlen(h), 1, role);
}

void canvas_box(struct canvas *c, struct canvas_rect r, const char *title, int role)
{
	int a, x1, y1;
	const char *tl, *tr, *bl, *br, *v;

	if (!c || !c->cells || r.w < 2 || r.h < 2)
		return;
	a = c->ascii;
	tl = a ? "+" : "\xE2\x94\x8C";
	tr = a ? "+" : "\xE2\x94\x90";
	bl = a ? "+" : "\xE2\x94\x94";
	br = a ? "+" : "\xE2\x94\x98";
	v = a ? "|" : "\xE2\x94\x82";
	x1 = r.x + r.w - 1;
	y1 = r.y + r.h - 1;
	canvas_hline(c, r.x + 1, r.y, r.w - 2, role);
	canvas_hline(c, r.x + 1, y1, r.w - 2, role);
	for (int y = r.y + 1; y < y1; y++) {
		if (canvas_at(c, r.x, y))
			place(c, r.x, y, v, strlen(v), 1, role);
		if (canvas_at(c, x1, y))
			place(c, x1, y, v, strlen(v), 1, role);
	}
	if (canvas_at(c, r.x, r.y))
		place(c, r.x, r.y, tl, strlen(tl), 1, role);
	if (canvas_at(c, x1, r.y))
		place(c, x1, r.y, tr, strlen(tr), 1, role);
	if (canvas_at(c, r.x, y1))
		place(c, r.x, y1, bl, strlen(bl), 1, role);
	if (canvas_at(c, x1, y1))
		place(c, x1, y1, br, strlen(br), 1, role);
	/* "┌ Title ───┐": a space each side, at least one rule before the corner. */
	if (title && *title && r.w >= 5) {
		int tw;
		if (canvas_at(c, r.x + 1, r.y))
			place(c, r.x + 1, r.y, " ", 1, 1, role);
		tw = canvas_put(c, r.x + 2, r.y, r.w - 5, title, ROLE_TITLE);
		if (tw > 0 && canvas_at(c, r.x + 2 + tw, r.y))
			place(c, r.x + 2 + tw, r.y, " ", 1, 1, role);
		else if (tw == 0)
			canvas_hline(c, r.x + 1, r.y, 1, role);
	}
}

struct canvas_rect canvas_inner(struct canvas_rect r)
{
	struct canvas_rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 };

	if (in.w < 0)
		in.w = 0;
	if (in.h < 0)
		in.h = 0;
	return in;
}

/*
 * Eighth blocks: "▏▎▍▌▋▊▉█".  A non-zero fraction always shows at least one eighth (or
 * one '#'), so a small but real figure never looks like zero.  The rest of the w
 * columns is filled with spaces of the same role.
 */
void canvas_bar(struct canvas *c, int x, int y, int w, double fraction, int role)
{
	static const char *const eighth[8] = {
		"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D",
		"\xE2\x96\x8C", "\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89",
	};
	const char *full = "\xE2\x96\x88";
	long units, per_cell;
	int i;

	if (!c || !c->cells || w <= 0)
		return;
	if (!(fraction > 0))
		fraction = 0; /* also NaN */
	if (fraction > 1)
		fraction = 1;
	per_cell = c->ascii ? 1 : 8;
	units = lround(fraction * w * per_cell);
	if (fraction > 0 && units == 0)
		units = 1;
	for (i = 0; i < w; i++) {
		const char *g = " ";
		if (units >= per_cell)
			g = c->ascii ? "#" : full;
		else if (units > 0)
			g = eighth[units];
		units -= units >= per_cell ? per_cell : units;
		if (canvas_at(c, x + i, y))
			place(c, x + i, y, g, strlen(g), 1, role);
	}
}

void canvas_write_text(const struct canvas *c, FILE *out)
{
	if (!c || !c->cells || !out)
		return;
	for (int y = 0; y < c->rows; y++) {
		const struct canvas_cell *row = &c->cells[(size_t)y * (size_t)c->cols];
		for (int x = 0; x < c->cols; x++) {
			if (row[x].width == 0)
				continue;
			fputs(row[x].glyph[0] ? row[x].glyph : " ", out);
		}
		fputc('\n', out);
	}
}

/* Appends an SGR colour parameter for colour n at depth (fg or bg), or nothing for -1. */
static void sgr_colour(FILE *out, int n, int depth, int bg)
{
	if (n < 0)
		return;
	if (depth == 256)
		fprintf(out, ";%d;5;%d", bg ? 48 : 38, n & 0xFF);
	else if (depth == 16 && n >= 8)
		fprintf(out, ";%d", (bg ? 100 : 90) + (n & 7));
	else
		fprintf(out, ";%d", (bg ? 40 : 30) + (n & 7));
}

static void sgr(FILE *out, const struct canvas_style *st, int attr, int depth)
{
	fputs("\x1b[0", out);
	if (attr & CANVAS_BOLD)
		fputs(";1", out);
	if (attr & CANVAS_UNDERLINE)
		fputs(";4", out);
	if (attr & CANVAS_REVERSE)
		fputs(";7", out);
	if (depth == 256) {
		sgr_colour(out, st->fg256, 256, 0);
		sgr_colour(out, st->bg256, 256, 1);
	} else if (depth == 16) {
		sgr_colour(out, st->fg16, 16, 0);
		sgr_colour(out, st->bg16, 16, 1);
	} else if (depth == 8) {
		sgr_colour(out, st->fg8, 8, 0);
		sgr_colour(out, st->bg8, 8, 1);
	}
	fputc('m', out);
}

/*
 * One SGR sequence whenever the (role, attributes) pair changes along a row, a reset at
 * the end of every line.  These are the only ESC bytes written: glyphs are sanitised.
 */
void canvas_write_ansi(const struct canvas *c, const struct canvas_palette *p, int depth, FILE *out)
{
	if (!c || !c->cells || !out)
		return;
	struct canvas_palette plain;
	if (!p) {
		canvas_palette_plain(&plain);
		p = &plain;
	}
	if (depth != 256 && depth != 16 && depth != 8)
		depth = 0;
	for (int y = 0; y < c->rows; y++) {
		const struct canvas_cell *row = &c->cells[(size_t)y * (size_t)c->cols];
		int cur_role = -1, cur_attr = -1;
		for (int x = 0; x < c->cols; x++) {
			const struct canvas_cell *cell = &row[x];
			if (cell->width == 0)
				continue;
			int role = cell->role < ROLE_COUNT ? cell->role : ROLE_NORMAL;
			if (role != cur_role || cell->attr != cur_attr) {
				const struct canvas_style *st = &p->role[role];
				int attr = st->attr | cell->attr;
				if (depth == 0)
					attr |= st->mono_attr;
				sgr(out, st, attr, depth);
				cur_role = role;
				cur_attr = cell->attr;
			}
			fputs(cell->glyph[0] ? cell->glyph : " ", out);
		}
		fputs("\x1b[0m\n", out);
	}
}

/* ---- the plain palette -------------------------------------------------------------
 * The themes (colours per role) are files in themes/, embedded at build time and parsed
 * by the theme module; canvas only knows the plain palette, which needs no file: the
 * terminal's own colours, bold titles and focused borders, the selection reversed.
 */
void canvas_palette_plain(struct canvas_palette *p)
{
	if (!p)
		return;
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "plain");
	for (int r = 0; r < ROLE_COUNT; r++)
		p->role[r] = (struct canvas_style){ -1, -1, -1, -1, -1, -1, 0, 0 };
	p->role[ROLE_TITLE].attr = p->role[ROLE_TITLE].mono_attr = CANVAS_BOLD;
	p->role[ROLE_BORDER_FOCUS].attr = p->role[ROLE_BORDER_FOCUS].mono_attr = CANVAS_BOLD;
	p->role[ROLE_SELECTION].attr = p->role[ROLE_SELECTION].mono_attr = CANVAS_REVERSE;
	p->role[ROLE_CHANGED].attr = p->role[ROLE_CHANGED].mono_attr = CANVAS_BOLD;
}
