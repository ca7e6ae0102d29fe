/*
 * widget timeline: cases per week as vertical bars over the phase (or every week with
 * cases), with month labels, the phase's start and end marks and the selected week's
 * figure on top.  Shares its layout conventions with widget_chart.c (a one-column gutter
 * on each side of a panel at least 12 columns wide).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "widget.h"
#include "date.h"
#include "widget_internal.h"

#define TIMELINE_MAX_WEEKS 5000
/* Up to a year and a half of weeks is labelled by month, a longer span by year. */
#define TIMELINE_MONTHS_WEEKS 78

struct month_label {
	int x;
	char text[8];
	int weak; /* the partial month at the left edge: yields to a real month start */
};

/* Where the timeline's columns go: span cells from x0 shared by n columns. */
struct tl_cols {
	int x0, span, n;
};

static int tl_x(const struct tl_cols *t, int j)
{
	return t->x0 + (int)((long)j * t->span / t->n);
}

/* The drawn width of column j: one cell of gap between columns of 3 cells or more. */
static int tl_bar(const struct tl_cols *t, int j)
{
	int w = tl_x(t, j + 1) - tl_x(t, j);
	return w >= 3 ? w - 1 : w;
}

/* Where a timeline's weeks go in r: its span of weeks, weeks per column and columns. */
struct tl_geom {
	long first, nweeks, ps, pe;
	int have_s, have_e;
	int k, ncols, x0, W;
	struct tl_cols tc;
};

/* Fills g for the n rows of a in r; -1 when there is nothing to chart. */
static int tl_geometry(struct canvas_rect r, const struct store_agg *a, int n, const struct widget_timeline *t,
                       struct tl_geom *g)
{
	/* The span: the phase, widened to every week that has cases. */
	long first = 0, last = 0;
	int have = 0;
	g->ps = g->pe = 0;
	g->have_s = date_parse(t ? t->starts_on : NULL, &g->ps);
	g->have_e = date_parse(t ? t->ends_on : NULL, &g->pe);
	if (g->have_s) {
		first = last = date_monday(g->ps);
		have = 1;
	}
	if (g->have_e) {
		if (!have)
			first = last = date_monday(g->pe);
		if (date_monday(g->pe) > last)
			last = date_monday(g->pe);
		if (date_monday(g->pe) < first)
			first = date_monday(g->pe);
		have = 1;
	}
	for (int i = 0; i < n; i++) {
		long d;
		if (!date_parse(a->rows[i].key, &d))
			continue;
		d = date_monday(d);
		if (!have || d < first)
			first = d;
		if (!have || d > last)
			last = d;
		have = 1;
	}
	if (n == 0 || !have)
		return -1;
	g->first = first;
	g->nweeks = (last - first) / 7 + 1;
	if (g->nweeks > TIMELINE_MAX_WEEKS)
		g->nweeks = TIMELINE_MAX_WEEKS;

	int gut = widget_gutter(r);
	g->x0 = r.x + gut;
	g->W = r.w - 2 * gut;
	if (g->W < 1)
		return -1;
	if (g->nweeks <= g->W) {
		g->k = 1;
		g->ncols = (int)g->nweeks;
	} else {
		g->k = (int)((g->nweeks + g->W - 1) / g->W);
		g->ncols = (int)((g->nweeks + g->k - 1) / g->k);
	}
	/* Columns of equal width (up to 8 cells a week), the chart centred in the panel:
	 * uneven columns would read as uneven weeks. */
	int colw = g->k == 1 ? g->W / g->ncols : 1;
	if (colw > 8)
		colw = 8;
	g->tc = (struct tl_cols){ g->x0 + (g->W - colw * g->ncols) / 2, colw * g->ncols, g->ncols };
	return 0;
}

/* The column of row i of a (-1 when its date is not in the span). */
static int tl_col_of(const struct tl_geom *g, const struct store_agg *a, int i)
{
	long d;
	if (!date_parse(a->rows[i].key, &d))
		return -1;
	long wi = (date_monday(d) - g->first) / 7;
	if (wi < 0 || wi >= g->nweeks)
		return -1;
	return (int)(wi / g->k);
}

/* Each span's label centred under its weeks on line y, when it fits between its first
 * and last column with a column to spare on each side; else its last word ("OMD V" ->
 * "V"), else nothing. */
static void tl_spans(struct canvas *c, struct canvas_rect r, const struct widget_timeline *t,
                     const struct tl_geom *g, int y)
{
	int last_x = -1; /* labels never touch */
	for (int i = 0; i < t->nspans; i++) {
		long from, to;
		const char *l = t->spans[i].label;
		if (!l || !*l || !date_parse(t->spans[i].from, &from) || !date_parse(t->spans[i].to, &to))
			continue;
		long w0 = (date_monday(from) - g->first) / 7, w1 = (date_monday(to) - g->first) / 7;
		if (w1 < 0 || w0 >= g->nweeks)
			continue;
		if (w0 < 0)
			w0 = 0;
		if (w1 >= g->nweeks)
			w1 = g->nweeks - 1;
		int xs = tl_x(&g->tc, (int)(w0 / g->k)), xe = tl_x(&g->tc, (int)(w1 / g->k)) + tl_bar(&g->tc, (int)(w1 / g->k)) - 1;
		const char *sp = strrchr(l, ' ');
		for (int pass = 0; pass < 2; pass++, l = sp ? sp + 1 : NULL) {
			if (!l || !*l)
				break;
			int lw = widget_textw(l), x = xs + (xe - xs + 1 - lw) / 2;
			if (lw > xe - xs + 3 || x <= last_x + 1 || x < g->x0 || x + lw > g->x0 + g->W)
				continue;
			widget_put(c, r, x, y, lw, l, ROLE_MUTED);
			last_x = x + lw - 1;
			break;
		}
	}
}

int widget_timeline_hit(struct canvas_rect r, const struct widget_timeline *t, int x)
{
	const struct store_agg *a = t ? t->weeks : NULL;
	int n = a && a->rows && a->n > 0 ? a->n : 0;
	struct tl_geom g;

	if (r.w <= 0 || r.h <= 0 || tl_geometry(r, a, n, t, &g) < 0)
		return -1;
	for (int j = 0; j < g.ncols; j++) {
		if (x < tl_x(&g.tc, j) || x >= tl_x(&g.tc, j) + tl_bar(&g.tc, j))
			continue;
		/* the first week with cases in that column; an empty week is not selectable */
		for (int i = 0; i < n; i++)
			if (tl_col_of(&g, a, i) == j && a->rows[i].cases > 0)
				return i;
		return -1;
	}
	return -1;
}

void widget_timeline_draw(struct canvas *c, struct canvas_rect r, const struct widget_timeline *t,
                          struct widget_cursor *cur, int focused)
{
	static const char *const lower[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	const struct store_agg *a = t ? t->weeks : NULL;
	int n = a && a->rows && a->n > 0 ? a->n : 0;
	widget_cursor_fit(cur, n, n > 0 ? n : 1);
	cur->top = 0;
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);

	struct tl_geom g;
	if (tl_geometry(r, a, n, t, &g) < 0) {
		widget_no_data(c, r, "no cases");
		return;
	}
	long first = g.first, nweeks = g.nweeks, ps = g.ps, pe = g.pe;
	int have_s = g.have_s, have_e = g.have_e;
	int k = g.k, ncols = g.ncols, x0 = g.x0, W = g.W;
	struct tl_cols tc = g.tc;
	long long *val = xcalloc((size_t)ncols, sizeof *val);
	unsigned char *moved = xcalloc((size_t)ncols, 1); /* a week in the column changed */
	int selcol = -1;
	for (int i = 0; i < n; i++) {
		int j = tl_col_of(&g, a, i);
		if (j < 0)
			continue;
		if (a->rows[i].cases > 0)
			val[j] += a->rows[i].cases;
		if (t->changed && t->changed[i])
			moved[j] = 1;
		if (i == cur->sel)
			selcol = j;
	}
	long long vmax = 0;
	for (int j = 0; j < ncols; j++)
		if (val[j] > vmax)
			vmax = val[j];

	int have_marks = have_s || have_e;
	/* Inside a phase (months), the months; across phases (years of weeks, with gaps
	 * between the phases), the years: "2019 2020", never "Dec Aug Apr Dec"; and under
	 * them the phases' names where they fit. */
	int years = nweeks > TIMELINE_MONTHS_WEEKS;
	int span_line = years && !have_marks && t->nspans > 0 && t->spans && r.h >= 5;
	int month_line = r.h >= 2, mark_line = r.h >= 4 && have_marks, info_line = r.h >= 7;
	mark_line |= span_line;
	int chart_h = r.h - month_line - mark_line - info_line;
	int chart_y = r.y + info_line; /* top row of the chart */
	int base_y = chart_y + chart_h - 1;

	for (int j = 0; j < ncols; j++) {
		long long v = val[j];
		if (v <= 0 || vmax <= 0)
			continue;
		int role = ROLE_BAR;
		if (j == selcol && focused)
			role = ROLE_TITLE;
		int x = tl_x(&tc, j), bw = tl_bar(&tc, j);
		if (c->ascii) {
			long cells = lround((double)v / (double)vmax * chart_h);
			if (cells < 1)
				cells = 1;
			for (int i = 0; i < cells && i < chart_h; i++)
				for (int b = 0; b < bw; b++)
					widget_glyph(c, r, x + b, base_y - i, "#", 1, role);
			continue;
		}
		long eighths = lround((double)v / (double)vmax * chart_h * 8);
		if (eighths < 1)
			eighths = 1;
		for (int i = 0; i < chart_h && eighths > 0; i++) {
			int e = eighths >= 8 ? 8 : (int)eighths;
			eighths -= e;
			for (int b = 0; b < bw; b++)
				widget_glyph(c, r, x + b, base_y - i, lower[e], 1, role);
		}
	}

	if (month_line) {
		int my = base_y + 1;
		struct month_label lab[64];
		int nl = 0;
		for (int j = 0; j < ncols && nl < 64; j++) {
			for (int q = 0; q < k; q++) {
				long wi = (long)j * k + q;
				if (wi >= nweeks)
					break;
				long y;
				int m, d;
				date_to_civil(first + wi * 7 + 6, &y, &m, &d);
				int starts = d <= 7 && (m == 1 || !years);
				if (!starts && !(j == 0 && q == 0))
					continue;
				if (!starts) /* the first week, mid-month (mid-year): label its Monday's */
					date_to_civil(first, &y, &m, &d);
				struct month_label l = { tl_x(&tc, j), "", !starts };
				if ((m == 1 && starts) || years)
					snprintf(l.text, sizeof l.text, "%04ld", y % 10000);
				else
					snprintf(l.text, sizeof l.text, "%s", date_month_abbr(m));
				int lw = (int)strlen(l.text);
				if (nl > 0 && lab[nl - 1].x + (int)strlen(lab[nl - 1].text) >= l.x) {
					if (lab[nl - 1].weak)
						nl--; /* a real month start wins over the partial one */
					else
						break;
				}
				if (l.x + lw <= x0 + W)
					lab[nl++] = l;
				break;
			}
		}
		for (int i = 0; i < nl; i++)
			widget_put(c, r, lab[i].x, my, x0 + W - lab[i].x, lab[i].text, ROLE_MUTED);
		/* A week that changed is marked under its column, where the selection is (a bar
		 * glyph drawn in a highlight's colours would read as a hole). */
		for (int j = 0; j < ncols; j++)
			if (moved[j])
				widget_attr(c, r, (struct canvas_rect){ tl_x(&tc, j), my, tl_bar(&tc, j), 1 }, 0, ROLE_CHANGED);
		if (selcol >= 0) {
			struct canvas_rect s = { tl_x(&tc, selcol), my, tl_bar(&tc, selcol), 1 };
			if (focused)
				widget_attr(c, r, s, CANVAS_REVERSE, ROLE_SELECTION);
			else
				widget_attr(c, r, s, CANVAS_UNDERLINE, -1);
		}
	}

	if (span_line)
		tl_spans(c, r, t, &g, base_y + 2);
	else if (mark_line) {
		int my = base_y + 2;
		const char *bar = widget_g(c, "│", "|");
		int xs = -1, xe = -1;
		if (have_s) {
			long wi = (date_monday(ps) - first) / 7;
			if (wi >= 0 && wi < nweeks)
				xs = tl_x(&tc, (int)(wi / k));
		}
		if (have_e) {
			long wi = (date_monday(pe) - first) / 7;
			if (wi >= 0 && wi < nweeks)
				xe = tl_x(&tc, (int)(wi / k)) + tl_bar(&tc, (int)(wi / k)) - 1;
		}
		int words = xs < 0 || xe < 0 || xe - xs >= 12;
		if (xs >= 0) {
			widget_glyph(c, r, xs, my, bar, 1, ROLE_MUTED);
			if (words)
				widget_put(c, r, xs + 2, my, (xe >= 0 ? xe - 5 : x0 + W) - (xs + 2), "start", ROLE_MUTED);
		}
		if (xe >= 0) {
			widget_glyph(c, r, xe, my, bar, 1, ROLE_MUTED);
			if (words && xe - 4 >= x0)
				widget_put(c, r, xe - 4, my, 3, "end", ROLE_MUTED);
		}
	}

	if (info_line && cur->sel >= 0) {
		const struct store_agg_row *row = &a->rows[cur->sel];
		long d;
		char info[96], num[32];
		num[0] = '~';
		text_thousands(row->cases, num + (t->invented ? 1 : 0), sizeof num - 1);
		if (date_parse(row->key, &d)) {
			long y;
			int m, dd;
			date_to_civil(d, &y, &m, &dd);
			snprintf(info, sizeof info, "week of %d %s %ld %s %s case%s", dd, date_month_abbr(m), y,
			         widget_g(c, "·", "-"), num, row->cases == 1 ? "" : "s");
		} else {
			snprintf(info, sizeof info, "%s", num);
		}
		widget_put(c, r, x0, r.y, W, info, ROLE_MUTED);
	}
	free(val);
	free(moved);
}

