/*
 * widget charts: horizontal bars, the count matrix and KPI tiles (the weekly timeline is
 * in widget_timeline.c).
 *
 * Layout conventions shared with widget_table.c: a panel at least 12 columns wide
 * keeps a one-column gutter on each side ("│ Drugs … 1,027 │" as in the mockups); the
 * left gutter carries the "▶" of a selection when the panel is not focused.  Bars are
 * never reversed (a reversed full block would read as a hole): the selected bar row
 * reverses its label and value instead.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "widget.h"
#include "widget_internal.h"

#define VALSZ 48

/* ---- bars ------------------------------------------------------------------------ */

/* The value as shown, "~" first when it is not a published figure. */
static void bars_fmt(const struct canvas *c, double v, int measure, int invented, char *buf)
{
	buf[0] = '~';
	widget_measure_format(v, measure, buf + (invented ? 1 : 0), VALSZ - 1);
	widget_ascii_units(c, buf);
}

static const char *row_label(const struct store_agg_row *row)
{
	if (row->label && *row->label)
		return row->label;
	return row->key ? row->key : "";
}

/*
 * Which rows show: a window of `lines` lines from top.  When rows are hidden below it,
 * its last line summarises them ("… 20 more"), so the selection is kept above that line;
 * moving the selection down scrolls the window, and at the end no summary is left.
 * Returns the number of bar rows shown; *summary is set when the last line summarises.
 */
static int bars_window(struct widget_cursor *cur, int n, int lines, int *summary)
{
	*summary = 0;
	widget_cursor_fit(cur, n, lines);
	if (n <= lines) {
		cur->top = 0;
		return n;
	}
	if (lines < 2)
		return lines; /* no room for a summary: just the selected row */
	if (cur->sel >= cur->top + lines - 1) {
		if (cur->sel == n - 1)
			cur->top = n - lines;
		else
			cur->top = cur->sel - (lines - 2);
	}
	if (cur->top + lines < n) {
		*summary = 1;
		return lines - 1;
	}
	return lines;
}

void widget_bars_draw(struct canvas *c, struct canvas_rect r, const struct widget_bars *w,
                      struct widget_cursor *cur, int focused)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	if (!c || r.w <= 0 || r.h <= 0) {
		widget_cursor_fit(cur, w && w->agg ? w->agg->n : 0, 1);
		return;
	}
	widget_fill(c, r, r, ROLE_NORMAL);
	const struct store_agg *agg = w ? w->agg : NULL;
	int n = agg && agg->rows && agg->n > 0 ? agg->n : 0;
	if (n == 0) {
		widget_cursor_fit(cur, 0, 1);
		widget_no_data(c, r, "no data");
		return;
	}
	int measure = w->measure;
	int g = widget_gutter(r);
	int x0 = r.x + g, W = r.w - 2 * g;

	/* Lines: the bars, then the total on the last line when asked and there is room. */
	int lines = r.h, total_y = -1;
	if (w->show_total && r.h >= 2) {
		total_y = r.y + r.h - 1;
		lines--; /* with rows to spare, blank lines fall between the bars and the total */
	}
	/* Rows the caller left out (a panel's limit) are summarised on a line of their own. */
	int extra = w->more > 0 && lines >= 2 ? w->more : 0;
	int summary;
	int shown = bars_window(cur, n, extra ? lines - 1 : lines, &summary);
	if (extra)
		summary = 1;

	/* Widths: the widest value anywhere (the sum of all bounds any summary). */
	char buf[VALSZ];
	double vmax = 0, all = 0;
	int valw = 0, labw = 0;
	for (int i = 0; i < n; i++) {
		double v = widget_measure_value(&agg->rows[i], measure);
		if (v > vmax)
			vmax = v;
		if (v > 0)
			all += v;
		bars_fmt(c, v, measure, w->invented && w->invented[i], buf);
		int vw = widget_textw(buf);
		if (vw > valw)
			valw = vw;
		int lw = widget_textw(row_label(&agg->rows[i]));
		if (lw > labw)
			labw = lw;
	}
	int any = 0; /* some row's figure is not published: so is the total */
	for (int i = 0; w->invented && i < n; i++)
		any |= w->invented[i];
	if (extra) {
		all += w->more_value;
		any |= w->more_invented;
	}
	if (summary) {
		bars_fmt(c, all, measure, any, buf);
		if (widget_textw(buf) > valw)
			valw = widget_textw(buf);
		char more[48];
		snprintf(more, sizeof more, "... %d more", n - cur->top - shown + extra);
		if (widget_textw(more) > labw)
			labw = widget_textw(more);
	}
	if (total_y >= 0) {
		bars_fmt(c, widget_measure_value(&agg->total, measure), measure, any, buf);
		if (widget_textw(buf) > valw)
			valw = widget_textw(buf);
	}
	/* labels take up to 40 % of the width, or more while the bar keeps 3 columns and a
	 * quarter of the width: a whole name ("Shark fins & marine products") says more than
	 * a longer bar */
	int labcap = W * 2 / 5, roomy = W - valw - 6, wide = W - valw - 3 - W / 4;
	if (roomy > (wide > W / 2 ? wide : W / 2))
		roomy = wide > W / 2 ? wide : W / 2;
	if (labcap < roomy)
		labcap = roomy;
	if (labcap < 4)
		labcap = 4;
	if (labw > labcap)
		labw = labcap;
	if (valw > W)
		valw = W;
	int barw = W - labw - valw - 3; /* label, 1 space, bar, 2 spaces, value */
	if (barw < 2) {
		barw = 0;
		int room = W - valw - 1;
		if (room < 0)
			room = 0;
		if (labw > room)
			labw = room;
	}
	int barx = x0 + labw + 1, valx = x0 + W - valw;

	for (int i = 0; i < shown; i++) {
		int idx = cur->top + i, y = r.y + i;
		const struct store_agg_row *row = &agg->rows[idx];
		double v = widget_measure_value(row, measure);
		const char *lab = row_label(row);
		if (w->short_labels && w->short_labels[idx] && widget_textw(lab) > labw)
			lab = w->short_labels[idx];
		widget_put(c, r, x0, y, labw, lab, ROLE_NORMAL);
		if (barw > 0 && vmax > 0 && v > 0)
			canvas_bar(c, barx, y, barw, v / vmax, w->role ? w->role
			           : agg->dim == STORE_DIM_CATEGORY ? widget_category_role(row->pos)
			                                             : widget_role_for(agg->dim, row->key));
		bars_fmt(c, v, measure, w->invented && w->invented[idx], buf);
		widget_put_right(c, r, valx, y, valw, buf, w->changed && w->changed[idx] ? ROLE_CHANGED : ROLE_NUMBER);
		if (idx == cur->sel) {
			if (focused) {
				/* reverse the label and the value, not the bar */
				widget_attr(c, r, (struct canvas_rect){ r.x, y, x0 - r.x + labw + (barw > 0 ? 1 : 0), 1 },
				            CANVAS_REVERSE, -1);
				widget_attr(c, r, (struct canvas_rect){ valx - 1, y, r.x + r.w - valx + 1, 1 },
				            CANVAS_REVERSE, -1);
			} else if (g) {
				widget_mark_row(c, r, (struct canvas_rect){ r.x, y, r.w, 1 }, r.x, 0);
			}
		}
	}
	if (summary) {
		int y = r.y + shown, hidden = n - cur->top - shown + extra;
		double rest = extra ? w->more_value : 0;
		int rest_invented = extra && w->more_invented, rest_changed = extra && w->more_changed;
		for (int i = cur->top + shown; i < n; i++) {
			double v = widget_measure_value(&agg->rows[i], measure);
			if (v > 0)
				rest += v;
			rest_invented |= w->invented && w->invented[i];
			rest_changed |= w->changed && w->changed[i];
		}
		char more[64];
		snprintf(more, sizeof more, "%s %d more", widget_g(c, "…", "..."), hidden);
		widget_put(c, r, x0, y, labw > 0 ? labw : W, more, ROLE_MUTED);
		bars_fmt(c, rest, measure, rest_invented, buf);
		widget_put_right(c, r, valx, y, valw, buf, rest_changed ? ROLE_CHANGED : ROLE_MUTED);
	}
	if (total_y >= 0 && total_y >= r.y + shown + summary) {
		widget_put(c, r, x0, total_y, labw > 0 ? labw : W - valw - 1, "total", ROLE_MUTED);
		bars_fmt(c, widget_measure_value(&agg->total, measure), measure, any, buf);
		widget_put_right(c, r, valx, total_y, valw, buf, w->total_changed ? ROLE_CHANGED : ROLE_NUMBER);
		widget_attr(c, r, (struct canvas_rect){ valx, total_y, valw, 1 }, CANVAS_BOLD, -1);
	}
}

/* ---- matrix ---------------------------------------------------------------------- */

/* Where a matrix's cells go in r: hdr header lines, then row labels and vc columns of
 * cellw from column left. */
struct mx_geom {
	int x0, labw, cellw, vc, left, cx0, cw, hdr;
	long long vmax;
};

/* The label column j shows in cells of cw columns: its own when it fits, else its short
 * name when it has one. */
static const char *mx_label(const struct widget_matrix *m, int j, int cw)
{
	const char *l = m->col_labels ? m->col_labels[j] : NULL;
	const char *sh = m->col_short ? m->col_short[j] : NULL;
	return sh && widget_textw(l) > cw ? sh : l;
}

/* Where a column label too wide for cw columns splits over two header lines: the byte
 * offset of the space whose two sides both fit ("sea ctr" -> "sea" / "ctr"), or -1. */
static int mx_split(const char *l, int cw)
{
	if (!l || widget_textw(l) <= cw)
		return -1;
	for (const char *sp = strchr(l, ' '); sp; sp = strchr(sp + 1, ' ')) {
		char first[64];
		size_t n = (size_t)(sp - l);
		if (n >= sizeof first)
			break;
		memcpy(first, l, n);
		first[n] = '\0';
		if (widget_textw(first) <= cw && widget_textw(sp + 1) <= cw)
			return (int)n;
	}
	return -1;
}

static void mx_geometry(struct canvas_rect r, const struct widget_matrix *m, int nr, int nc,
                        const struct widget_cursor *cur, struct mx_geom *g)
{
	int gut = widget_gutter(r);
	int W = r.w - 2 * gut;
	long long vmax = 0;
	int labw = 0;
	g->x0 = r.x + gut;
	for (int i = 0; i < nr; i++) {
		int lw = widget_textw(m->row_labels ? m->row_labels[i] : NULL);
		if (lw > labw)
			labw = lw;
		for (int j = 0; j < nc; j++)
			if (m->counts[(size_t)i * nc + j] > vmax)
				vmax = m->counts[(size_t)i * nc + j];
	}
	char num[32];
	text_thousands(vmax, num, sizeof num);
	int numw = (int)strlen(num);
	int labcap = W * 3 / 10 > 3 ? W * 3 / 10 : 3;
	if (labw > labcap)
		labw = labcap;
	int room = W - labw - 1;
	int cellw = nc > 0 ? room / nc : 0;
	/* cells no wider than "▓ 1,234" or the longest column label needs (up to 12) */
	int collw = 0;
	for (int j = 0; j < nc; j++) {
		int lw = widget_textw(mx_label(m, j, 11));
		if (lw > collw)
			collw = lw;
	}
	if (collw > 11)
		collw = 11;
	int cellmax = numw + 4 > collw + 1 ? numw + 4 : collw + 1;
	if (cellmax < 6)
		cellmax = 6;
	if (cellw > cellmax)
		cellw = cellmax;
	if (cellw < 3)
		cellw = 3; /* two columns of content: a code ("VN") or a shade */
	int vc = room / cellw;
	if (vc < 1)
		vc = 1;
	if (vc > nc)
		vc = nc;
	g->vmax = vmax;
	g->labw = labw;
	g->cellw = cellw;
	g->vc = vc;
	g->left = cur->col >= vc ? cur->col - vc + 1 : 0;
	g->cx0 = g->x0 + labw + 1;
	g->cw = cellw - 1; /* content; one space between cells */
	/* A label that only fits on two lines ("sea" over "ctr") gives every column two header
	 * lines, when the matrix keeps two rows of cells below them. */
	g->hdr = 1;
	for (int j = 0; j < nc && r.h >= 4; j++)
		if (mx_split(mx_label(m, j, g->cw), g->cw) >= 0)
			g->hdr = 2;
}

void widget_matrix_fit(struct canvas_rect r, const struct widget_matrix *m, struct widget_matrix_fit *out)
{
	int nr = m && m->counts && m->nrows > 0 && m->ncols > 0 ? m->nrows : 0;
	int nc = nr ? m->ncols : 0;
	struct widget_cursor cur = { 0, 0, 0 };
	struct mx_geom g;

	memset(out, 0, sizeof *out);
	if (nr == 0 || r.w <= 0 || r.h <= 0)
		return;
	mx_geometry(r, m, nr, nc, &cur, &g);
	for (int i = 0; i < nr; i++)
		if (widget_textw(m->row_labels ? m->row_labels[i] : NULL) > g.labw)
			out->row_labels_cut++;
	for (int j = 0; j < g.vc; j++) {
		const char *l = mx_label(m, j, g.cw);
		if (widget_textw(l) > g.cw && (g.hdr < 2 || mx_split(l, g.cw) < 0))
			out->col_labels_cut++;
	}
	out->cols_shown = g.vc;
	out->rows_shown = r.h - g.hdr < nr ? r.h - g.hdr : nr;
}

int widget_matrix_hit(struct canvas_rect r, const struct widget_matrix *m, const struct widget_cursor *cur,
                      int x, int y, int *row, int *col)
{
	int nr = m && m->counts && m->nrows > 0 && m->ncols > 0 ? m->nrows : 0;
	int nc = nr ? m->ncols : 0;
	struct mx_geom g;

	if (nr == 0 || r.w <= 0 || r.h <= 0 || !cur)
		return -1;
	mx_geometry(r, m, nr, nc, cur, &g);
	int i = y - (r.y + g.hdr) + cur->top;
	if (y < r.y + g.hdr || y >= r.y + r.h || i < 0 || i >= nr)
		return -1;
	*row = i;
	*col = -1;
	if (x >= g.cx0 && x < g.cx0 + g.vc * g.cellw) {
		int j = g.left + (x - g.cx0) / g.cellw;
		if (j < nc)
			*col = j;
	}
	return 0;
}

void widget_matrix_draw(struct canvas *c, struct canvas_rect r, const struct widget_matrix *m,
                        struct widget_cursor *cur, int focused)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	int nr = m && m->counts && m->nrows > 0 && m->ncols > 0 ? m->nrows : 0;
	int nc = nr ? m->ncols : 0;
	widget_cursor_fit(cur, nr, r.h - 1 > 0 ? r.h - 1 : 1);
	if (nc == 0)
		cur->col = -1;
	else if (cur->col < 0)
		cur->col = 0;
	else if (cur->col >= nc)
		cur->col = nc - 1;
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);
	if (nr == 0) {
		widget_no_data(c, r, "no data");
		return;
	}
	struct mx_geom g;
	mx_geometry(r, m, nr, nc, cur, &g);
	int x0 = g.x0, labw = g.labw, cellw = g.cellw, vc = g.vc, left = g.left, cx0 = g.cx0, cw = g.cw;
	int hdr = g.hdr;
	long long vmax = g.vmax;
	char num[32];
	widget_cursor_fit(cur, nr, r.h - hdr > 0 ? r.h - hdr : 1);

	/* header: each label right-aligned over its numbers, on the line above the rows; one
	 * that does not fit on it splits at a space over both header lines */
	for (int j = left; j < left + vc; j++) {
		int x = cx0 + (j - left) * cellw;
		const char *l = mx_label(m, j, cw);
		int sp = hdr == 2 ? mx_split(l, cw) : -1;
		if (sp >= 0) {
			char first[64];
			memcpy(first, l, (size_t)sp);
			first[sp] = '\0';
			widget_put_right(c, r, x, r.y, cw, first, ROLE_HEADER);
			widget_put_right(c, r, x, r.y + 1, cw, l + sp + 1, ROLE_HEADER);
		} else {
			widget_put_right(c, r, x, r.y + hdr - 1, cw, l ? l : "", ROLE_HEADER);
		}
	}
	static const char *const shade[5] = { " ", "░", "▒", "▓", "█" };
	static const char *const shade_ascii[5] = { " ", ".", ":", "*", "#" };
	for (int i = cur->top; i < nr && r.y + hdr + i - cur->top < r.y + r.h; i++) {
		int y = r.y + hdr + i - cur->top;
		const char *l = m->row_labels ? m->row_labels[i] : NULL;
		widget_put(c, r, x0, y, labw, l ? l : "", ROLE_NORMAL);
		for (int j = left; j < left + vc; j++) {
			int x = cx0 + (j - left) * cellw;
			long long v = m->counts[(size_t)i * nc + j];
			int moved = m->changed && m->changed[(size_t)i * nc + j];
			if (v <= 0) {
				widget_put_right(c, r, x, y, cw, widget_g(c, "·", "."), moved ? ROLE_CHANGED : ROLE_MUTED);
			} else {
				int lvl = (int)ceil((double)v / (double)vmax * 4);
				if (lvl < 1)
					lvl = 1;
				if (lvl > 4)
					lvl = 4;
				const char *sg = c->ascii ? shade_ascii[lvl] : shade[lvl];
				num[0] = '~';
				text_thousands(v, num + (m->invented ? 1 : 0), sizeof num - 1);
				int vw = (int)strlen(num);
				if (cw >= vw + 2) {
					widget_glyph(c, r, x, y, sg, 1, ROLE_BAR);
					widget_put_right(c, r, x + 2, y, cw - 2, num, moved ? ROLE_CHANGED : ROLE_NUMBER);
				} else {
					for (int b = 0; b < cw; b++)
						widget_glyph(c, r, x + b, y, sg, 1, moved ? ROLE_CHANGED : ROLE_BAR);
				}
			}
			if (i == cur->sel && j == cur->col)
				widget_attr(c, r, (struct canvas_rect){ x, y, cw, 1 },
				            focused ? CANVAS_REVERSE : CANVAS_UNDERLINE, -1);
		}
		if (i == cur->sel && !focused && x0 > r.x)
			widget_mark_row(c, r, (struct canvas_rect){ r.x, y, r.w, 1 }, r.x, 0);
	}
}

/* ---- KPI tiles ------------------------------------------------------------------- */

/* A 3-row block font for figures: each glyph is 3 columns (',' and '.' 2 and 1, '~' 2). */
static const char *const big_digit[10][3] = {
	{ "█▀█", "█ █", "▀▀▀" }, { "▀█ ", " █ ", "▀▀▀" }, { "▀▀█", "█▀▀", "▀▀▀" },
	{ "▀▀█", " ▀█", "▀▀▀" }, { "█ █", "▀▀█", "  ▀" }, { "█▀▀", "▀▀█", "▀▀▀" },
	{ "█▀▀", "█▀█", "▀▀▀" }, { "▀▀█", "  █", "  ▀" }, { "█▀█", "█▀█", "▀▀▀" },
	{ "█▀█", "▀▀█", "▀▀▀" },
};

/* Columns of s in the big font, or -1 when s has a character the font lacks. */
static int big_width(const char *s)
{
	int w = 0;
	if (!s || !*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			w += 4;
		else if (*p == ',')
			w += 2;
		else if (*p == '.')
			w += 2;
		else if (*p == ' ')
			w += 2;
		else if (*p == '~')
			w += 3;
		else
			return -1;
	}
	return w - 1; /* no space after the last glyph */
}

static void big_draw(struct canvas *c, struct canvas_rect clip, int x, int y, const char *s, int role)
{
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			for (int row = 0; row < 3; row++) {
				const char *g = big_digit[*p - '0'][row];
				/* three glyphs of 3 bytes or 1 byte (space) */
				int col = 0;
				for (const char *q = g; *q && col < 3; col++) {
					int len = (*q & 0x80) ? 3 : 1;
					char one[4] = { 0 };
					memcpy(one, q, (size_t)len);
					if (one[0] != ' ')
						widget_glyph(c, clip, x + col, y + row, one, 1, role);
					q += len;
				}
			}
			x += 4;
		} else if (*p == '~') { /* a figure not published ("~1,402") stays marked in block digits */
			widget_glyph(c, clip, x, y + 1, "▄", 1, role);
			widget_glyph(c, clip, x + 1, y + 1, "▀", 1, role);
			x += 3;
		} else if (*p == ',') {
			widget_glyph(c, clip, x, y + 2, "▄", 1, role);
			x += 2;
		} else if (*p == '.') {
			widget_glyph(c, clip, x, y + 2, "▀", 1, role);
			x += 2;
		} else {
			x += 2;
		}
	}
}

static void put_centred(struct canvas *c, struct canvas_rect tile, int y, const char *s, int role)
{
	int w = widget_textw(s);
	int x = tile.x + (tile.w - w > 0 ? (tile.w - w) / 2 : 0);
	widget_put(c, tile, x, y, tile.x + tile.w - x, s, role);
}

/* The value line of a tile: the value, and after it by how much a changed figure moved
 * ("~21  +1", both in ROLE_CHANGED), centred together.  The label line stays as it is:
 * scripts read the figures under their labels. */
static void kpi_value(struct canvas *c, struct canvas_rect tile, int y, const char *value, int role,
                      const char *moved)
{
	if (!moved || !*moved) {
		put_centred(c, tile, y, value, role);
		return;
	}
	int vw = widget_textw(value), w = vw + 2 + widget_textw(moved);
	int x = tile.x + (tile.w - w > 0 ? (tile.w - w) / 2 : 0);
	x += widget_put(c, tile, x, y, tile.x + tile.w - x, value, role) + 2;
	if (x < tile.x + tile.w)
		widget_put(c, tile, x, y, tile.x + tile.w - x, moved, ROLE_CHANGED);
}

/* Big digits of s at (x, y), on a ROLE_CHANGED block when the figure just changed, with
 * by how much beside them when there is room. */
static void kpi_big_value(struct canvas *c, struct canvas_rect tile, int x, int y, const char *s, int bigw,
                          int changed, const char *moved)
{
	if (changed)
		widget_fill(c, tile, (struct canvas_rect){ x, y, bigw, 3 }, ROLE_CHANGED);
	big_draw(c, tile, x, y, s, changed ? ROLE_CHANGED : ROLE_NUMBER);
	if (moved && *moved && x + bigw + 2 + widget_textw(moved) <= tile.x + tile.w)
		widget_put(c, tile, x + bigw + 2, y + 1, widget_textw(moved), moved, ROLE_CHANGED);
}

/* A change too wide for its tile names what it compares with by its last word
 * ("▼ -18 % vs OMD VI" -> "▼ -18 % vs VI"), never cut to "vs OMD …". */
static void kpi_fit_delta(char *delta, int w)
{
	char *vs = strstr(delta, " vs "), *last;

	if (widget_textw(delta) <= w || !vs || !(last = strrchr(vs + 4, ' ')))
		return;
	memmove(vs + 4, last + 1, strlen(last + 1) + 1);
}

/* Tile i of n in r: tiles at least 16 columns wide side by side, wrapping to further rows
 * of equal height th.  -1 when the tile falls below r. */
static int kpi_tile(struct canvas_rect r, int n, int i, struct canvas_rect *tile, int *th, struct canvas_rect *col)
{
	int per_row = r.w / 16;
	if (per_row < 1)
		per_row = 1;
	if (per_row > n)
		per_row = n;
	int trows = (n + per_row - 1) / per_row;
	*th = r.h / trows;
	if (*th < 1)
		*th = 1;
	int tr = i / per_row, tc = i % per_row;
	if (tr * *th >= r.h)
		return -1;
	int tx = r.x + tc * (r.w / per_row);
	int tw = tc == per_row - 1 ? r.x + r.w - tx : r.w / per_row;
	*tile = widget_clip((struct canvas_rect){ tx + (tw >= 6 ? 1 : 0), r.y + tr * *th, tw - (tw >= 6 ? 2 : 0), *th }, r);
	*col = (struct canvas_rect){ tx, r.y + tr * *th, tw, *th }; /* with the padding: the selection's width */
	return 0;
}

/* A value bigw columns wide in block digits (bigw < 0: not digits) fits a tile of height th. */
static int kpi_big(int th, struct canvas_rect tile, int bigw)
{
	return th >= 5 && bigw > 0 && bigw <= tile.w;
}

int widget_kpis_small(struct canvas_rect r, const struct widget_kpi *k, int n)
{
	int small = 0, th;
	struct canvas_rect tile, col;

	for (int i = 0; i < n; i++) {
		const char *v = k[i].value ? k[i].value : "";
		int bigw = big_width(v), need = 5;
		if (bigw < 0) { /* "11.8 t": the figure in digits, its unit on a line below */
			char num[48];
			size_t nl = strspn(v, "0123456789,.");
			if (nl == 0 || nl >= sizeof num || v[nl] != ' ')
				continue; /* not a figure: plain text at any size */
			memcpy(num, v, nl);
			num[nl] = '\0';
			bigw = big_width(num);
			need = 6;
		}
		if (bigw <= 0)
			continue;
		if (kpi_tile(r, n, i, &tile, &th, &col) < 0 || th < need || bigw > tile.w)
			small++;
	}
	return small;
}

void widget_kpis_draw(struct canvas *c, struct canvas_rect r, const struct widget_kpi *k, int n,
                      struct widget_cursor *cur, int focused)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	if (!k || n < 0)
		n = 0;
	widget_cursor_fit(cur, n > 0 ? 1 : 0, 1);
	cur->top = 0;
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);
	if (n == 0) {
		widget_no_data(c, r, "no data");
		return;
	}
	int th;
	for (int i = 0; i < n; i++) {
		struct canvas_rect tile, col;
		if (kpi_tile(r, n, i, &tile, &th, &col) < 0)
			break;
		if (tile.w <= 0 || tile.h <= 0)
			continue;
		const char *label = k[i].label ? k[i].label : "";
		const char *value = k[i].value ? k[i].value : "";
		/* The shorter name rather than a cut one ("wildlife weight", not "wildlife by weig…"). */
		if (k[i].label_short && text_width(label) > tile.w)
			label = k[i].label_short;
		const char *moved = k[i].changed ? k[i].moved : NULL;
		int vrole = k[i].changed ? ROLE_CHANGED : ROLE_NUMBER;
		char delta[96] = "";
		int drole = k[i].delta_dir > 0 ? ROLE_DELTA_UP : k[i].delta_dir < 0 ? ROLE_DELTA_DOWN : ROLE_MUTED;
		if (k[i].delta && *k[i].delta) {
			const char *arrow = "";
			if (k[i].delta_dir > 0)
				arrow = c->ascii ? (k[i].delta[0] == '+' ? "" : "+ ") : "▲ ";
			else if (k[i].delta_dir < 0)
				arrow = c->ascii ? (k[i].delta[0] == '-' ? "" : "- ") : "▼ ";
			snprintf(delta, sizeof delta, "%s%s", arrow, k[i].delta);
			kpi_fit_delta(delta, tile.w);
		}
		int bigw = c->ascii ? -1 : big_width(value);
		int label_y;
		/* "1.7 M tablets": the figure in big digits, its unit on a line of its own below */
		char num[48];
		const char *unit = NULL;
		size_t nl = strspn(value, "0123456789,.");
		if (bigw < 0 && !c->ascii && nl > 0 && nl < sizeof num && value[nl] == ' ' && th >= 6) {
			memcpy(num, value, nl);
			num[nl] = '\0';
			bigw = big_width(num);
			unit = value + nl + 1;
		}
		if (unit && bigw > 0 && bigw <= tile.w) {
			int y = tile.y + (th - 6) / 2;
			kpi_big_value(c, tile, tile.x + (tile.w - bigw) / 2, y, num, bigw, k[i].changed, moved);
			widget_attr(c, tile, (struct canvas_rect){ tile.x, y, tile.w, 3 }, CANVAS_BOLD, -1);
			put_centred(c, tile, y + 3, unit, vrole);
			label_y = y + 4;
			put_centred(c, tile, label_y, label, ROLE_MUTED);
			if (delta[0])
				put_centred(c, tile, y + 5, delta, drole);
		} else if (kpi_big(th, tile, bigw) && !unit) {
			int y = tile.y + (th - 5) / 2;
			kpi_big_value(c, tile, tile.x + (tile.w - bigw) / 2, y, value, bigw, k[i].changed, moved);
			widget_attr(c, tile, (struct canvas_rect){ tile.x, y, tile.w, 3 }, CANVAS_BOLD, -1);
			label_y = y + 3;
			put_centred(c, tile, label_y, label, ROLE_MUTED);
			if (delta[0])
				put_centred(c, tile, y + 4, delta, drole);
		} else if (th >= 3) {
			int y = tile.y + (th - 3) / 2;
			label_y = y;
			put_centred(c, tile, y, label, ROLE_MUTED);
			kpi_value(c, tile, y + 1, value, vrole, moved);
			widget_attr(c, tile, (struct canvas_rect){ tile.x, y + 1, tile.w, 1 }, CANVAS_BOLD, -1);
			if (delta[0])
				put_centred(c, tile, y + 2, delta, drole);
		} else {
			/* one or two lines: "value label" then the delta */
			label_y = tile.y;
			int x = tile.x;
			int vw = widget_put(c, tile, x, tile.y, tile.w, value, vrole);
			widget_attr(c, tile, (struct canvas_rect){ x, tile.y, vw, 1 }, CANVAS_BOLD, -1);
			x += vw + 1;
			if (moved && *moved)
				x += widget_put(c, tile, x, tile.y, tile.x + tile.w - x, moved, ROLE_CHANGED) + 1;
			if (k[i].label_short && text_width(label) > tile.x + tile.w - x)
				label = k[i].label_short;
			widget_put(c, tile, x, tile.y, tile.x + tile.w - x, label, ROLE_MUTED);
			if (delta[0]) {
				if (th >= 2)
					widget_put(c, tile, tile.x, tile.y + 1, tile.w, delta, drole);
				else {
					int used = widget_textw(value) + 1 + widget_textw(label) + 2;
					if (tile.x + used < tile.x + tile.w)
						widget_put(c, tile, tile.x + used, tile.y, tile.w - used, delta, drole);
				}
			}
		}
		/* the tiles are one item (they open one case list): focused, every label is selected */
		if (focused)
			widget_attr(c, r, (struct canvas_rect){ col.x, label_y, col.w, 1 }, CANVAS_REVERSE, -1);
	}
}
