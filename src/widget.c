/*
 * widget: the shared pieces of every panel (frame, measures, fixed roles, word wrap)
 * and the two overlays (help, message).  The charts live in widget_chart.c, the
 * tables and case views in widget_table.c.
 *
 * Everything a widget writes goes through the clipped helpers at the top of this file:
 * the canvas only clips to its own edges, so a widget handed a rect in the middle of a
 * screen must not trust canvas_put's maxw alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "widget.h"
#include "widget_internal.h"

/* ---- clipped drawing ------------------------------------------------------------- */

struct canvas_rect widget_clip(struct canvas_rect a, struct canvas_rect b)
{
	int x0 = a.x > b.x ? a.x : b.x;
	int y0 = a.y > b.y ? a.y : b.y;
	long ax1 = (long)a.x + (a.w > 0 ? a.w : 0), bx1 = (long)b.x + (b.w > 0 ? b.w : 0);
	long ay1 = (long)a.y + (a.h > 0 ? a.h : 0), by1 = (long)b.y + (b.h > 0 ? b.h : 0);
	long x1 = ax1 < bx1 ? ax1 : bx1, y1 = ay1 < by1 ? ay1 : by1;
	struct canvas_rect r = { x0, y0, 0, 0 };
	if (x1 > x0)
		r.w = (int)(x1 - x0);
	if (y1 > y0)
		r.h = (int)(y1 - y0);
	return r;
}

/* r limited to the canvas as well. */
static struct canvas_rect widget_clip_canvas(const struct canvas *c, struct canvas_rect r)
{
	struct canvas_rect all = { 0, 0, c ? c->cols : 0, c ? c->rows : 0 };
	return widget_clip(r, all);
}

int widget_put(struct canvas *c, struct canvas_rect r, int x, int y, int maxw, const char *s, int role)
{
	if (!c || !s)
		return 0;
	r = widget_clip_canvas(c, r);
	if (r.w <= 0 || y < r.y || y >= r.y + r.h || x < r.x || x >= r.x + r.w || maxw <= 0)
		return 0;
	if (maxw > r.x + r.w - x)
		maxw = r.x + r.w - x;
	return canvas_put(c, x, y, maxw, s, role);
}

int widget_put_right(struct canvas *c, struct canvas_rect r, int x, int y, int w, const char *s, int role)
{
	if (!c || !s || w <= 0)
		return 0;
	r = widget_clip_canvas(c, r);
	if (r.w <= 0 || y < r.y || y >= r.y + r.h)
		return 0;
	/* Clip the field [x, x + w) to r, keeping its right edge if it is inside. */
	int x1 = x + w; /* exclusive */
	if (x1 > r.x + r.w)
		x1 = r.x + r.w;
	if (x < r.x)
		x = r.x;
	if (x1 <= x)
		return 0;
	return canvas_put_right(c, x, y, x1 - x, s, role);
}

void widget_glyph(struct canvas *c, struct canvas_rect r, int x, int y, const char *glyph, int gw, int role)
{
	if (!c || !glyph)
		return;
	r = widget_clip_canvas(c, r);
	if (gw < 1)
		gw = 1;
	if (y < r.y || y >= r.y + r.h || x < r.x || x + gw > r.x + r.w)
		return;
	canvas_glyph(c, x, y, glyph, role);
}

void widget_fill(struct canvas *c, struct canvas_rect r, struct canvas_rect a, int role)
{
	if (!c)
		return;
	a = widget_clip_canvas(c, widget_clip(a, r));
	if (a.w > 0 && a.h > 0)
		canvas_fill(c, a, role);
}

void widget_attr(struct canvas *c, struct canvas_rect r, struct canvas_rect a, int attr, int role)
{
	if (!c)
		return;
	a = widget_clip_canvas(c, widget_clip(a, r));
	if (a.w > 0 && a.h > 0)
		canvas_attr(c, a, attr, role);
}

void widget_rule(struct canvas *c, struct canvas_rect r, int x, int y, int w, int role)
{
	struct canvas_rect a = widget_clip_canvas(c, widget_clip((struct canvas_rect){ x, y, w, 1 }, r));
	if (c && a.w > 0 && a.h > 0)
		canvas_hline(c, a.x, a.y, a.w, role);
}

const char *widget_g(const struct canvas *c, const char *utf8, const char *ascii)
{
	return c && c->ascii ? ascii : utf8;
}

int widget_gutter(struct canvas_rect r)
{
	return r.w >= 12 ? 1 : 0;
}

int widget_textw(const char *s)
{
	if (!s || !*s)
		return 0;
	char *t = text_sanitize(s, (size_t)-1);
	if (!t)
		xmalloc_fatal();
	int w = text_width(t);
	free(t);
	return w;
}

void widget_cursor_fit(struct widget_cursor *cur, int n, int visible)
{
	if (!cur)
		return;
	if (n <= 0) {
		cur->sel = -1;
		cur->top = 0;
		return;
	}
	if (cur->sel < 0)
		cur->sel = 0;
	if (cur->sel > n - 1)
		cur->sel = n - 1;
	if (visible < 1)
		visible = 1;
	if (cur->top > n - visible)
		cur->top = n - visible;
	if (cur->top < 0)
		cur->top = 0;
	if (cur->sel < cur->top)
		cur->top = cur->sel;
	if (cur->sel >= cur->top + visible)
		cur->top = cur->sel - visible + 1;
}

void widget_no_data(struct canvas *c, struct canvas_rect r, const char *msg)
{
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	int x = r.x + (r.w >= 12 ? 1 : 0);
	widget_put(c, r, x, r.y, r.x + r.w - x, msg ? msg : "no data", ROLE_MUTED);
}

void widget_mark_row(struct canvas *c, struct canvas_rect clip, struct canvas_rect row, int gx, int focused)
{
	if (focused)
		widget_attr(c, clip, row, CANVAS_REVERSE, -1);
	else if (gx >= 0)
		widget_glyph(c, clip, gx, row.y, widget_g(c, "▶", ">"), 1, ROLE_TITLE);
}

void widget_ascii_units(const struct canvas *c, char *s)
{
	if (!c || !c->ascii || !s)
		return;
	char *w = s;
	for (const char *p = s; *p;) {
		if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xB3) { /* ³ */
			*w++ = '3';
			p += 2;
		} else if ((unsigned char)*p >= 0x80) {
			*w++ = '?';
			p++;
			while (((unsigned char)*p & 0xC0) == 0x80)
				p++;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
}

const char *widget_unit_name(int unit)
{
	static const char *const names[STORE_UNIT_COUNT] = { "kg", "tablets", "pieces", "heads", "m3", "litres" };
	return unit >= 0 && unit < STORE_UNIT_COUNT ? names[unit] : "";
}

/* ---- measures and roles ---------------------------------------------------------- */

const char *widget_measure_name(int measure)
{
	if (measure == WIDGET_CASES)
		return "cases";
	if (measure == WIDGET_ARRESTS)
		return "arrests";
	if (measure >= WIDGET_QTY && measure < WIDGET_QTY + STORE_UNIT_COUNT)
		return store_unit_name(measure - WIDGET_QTY);
	if (measure == WIDGET_AGENCIES)
		return "agencies";
	return NULL;
}

int widget_measure_find(const char *name)
{
	for (int m = 0; name && m < WIDGET_MEASURE_COUNT; m++)
		if (widget_measure_name(m) && strcmp(widget_measure_name(m), name) == 0)
			return m;
	return -1;
}

double widget_measure_value(const struct store_agg_row *r, int measure)
{
	if (!r)
		return 0;
	if (measure == WIDGET_CASES)
		return (double)r->cases;
	if (measure == WIDGET_ARRESTS)
		return (double)r->arrests;
	if (measure >= WIDGET_QTY && measure < WIDGET_QTY + STORE_UNIT_COUNT)
		return r->qty[measure - WIDGET_QTY];
	return 0;
}

void widget_measure_format(double v, int measure, char *out, size_t outsz)
{
	if (!out || outsz == 0)
		return;
	if (!isfinite(v))
		v = 0;
	if (measure >= WIDGET_QTY && measure < WIDGET_QTY + STORE_UNIT_COUNT) {
		text_quantity(v, widget_unit_name(measure - WIDGET_QTY), out, outsz);
		return;
	}
	if (v > 9e18)
		v = 9e18;
	if (v < -9e18)
		v = -9e18;
	text_thousands(llround(v), out, outsz);
}

int widget_category_role(int pos)
{
	/* The theme's category palette in order; an operation with more categories than it
	 * has colours repeats them. */
	return pos < 0 ? ROLE_BAR : ROLE_CAT_0 + pos % ROLE_CAT_N;
}

int widget_role_for(int dim, const char *key)
{
	if (!key)
		return ROLE_BAR;
	/* Categories are coloured by their place (widget_category_role), not by name. */
	if (dim == STORE_DIM_AGENCY) {
		/* FNV-1a: stable across runs and platforms, so an agency keeps its colour. */
		uint32_t h = 2166136261u;
		for (const unsigned char *p = (const unsigned char *)key; *p; p++)
			h = (h ^ *p) * 16777619u;
		return ROLE_AGENCY_0 + (int)(h % ROLE_AGENCY_N);
	}
	return ROLE_BAR;
}

/* ---- frame ----------------------------------------------------------------------- */

struct canvas_rect widget_frame(struct canvas *c, struct canvas_rect r, const char *title, int focused)
{
	struct canvas_rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 };
	if (in.w < 0)
		in.w = 0;
	if (in.h < 0)
		in.h = 0;
	if (!c || r.w <= 0 || r.h <= 0)
		return in;
	if (r.w < 2 || r.h < 2) {
		widget_fill(c, r, r, ROLE_NORMAL);
		return in;
	}
	int role = focused ? ROLE_BORDER_FOCUS : ROLE_BORDER;
	/* canvas_box draws on the canvas; clip its rect by hand so a frame half off-screen
	 * does not wrap or misplace corners. */
	canvas_box(c, r, title, role);
	if (focused) {
		struct canvas_rect edges[4] = {
			{ r.x, r.y, r.w, 1 }, { r.x, r.y + r.h - 1, r.w, 1 },
			{ r.x, r.y, 1, r.h }, { r.x + r.w - 1, r.y, 1, r.h },
		};
		for (int i = 0; i < 4; i++)
			widget_attr(c, r, edges[i], CANVAS_BOLD, -1);
	}
	widget_fill(c, in, in, ROLE_NORMAL);
	return in;
}

/* ---- word wrap ------------------------------------------------------------------- */

/* Appends a copy of p[a, b) as a line; returns the new count. */
static int wrap_emit(const char *p, size_t a, size_t b, char **lines, int max, int count)
{
	if (lines && count < max)
		lines[count] = xstrndup(p + a, b - a);
	return count + 1;
}

/* Wraps one sanitised paragraph (no newlines); with slash (a note), a line may also break
 * after a '/' (a locator's items), and wrap_text keeps an empty paragraph as a blank line. */
static int wrap_para(const char *p, int w, char **lines, int max, int count, int slash)
{
	size_t n = strlen(p), i = 0;
	for (;;) {
		while (i < n && p[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t start = i, end = i, j = i;
		int col = 0, gap = 0;
		while (j < n) {
			/* the word at j */
			size_t k = j;
			int ww = 0;
			while (k < n && p[k] != ' ') {
				uint32_t cp;
				size_t len = text_decode(p + k, n - k, &cp);
				ww += text_cp_width(cp);
				k += len;
				if (slash && p[k - 1] == '/')
					break;
			}
			if (col == 0 && ww > w) {
				/* A word longer than the line: cut it at character boundaries, keeping
				 * combining marks with their base; at least one character per line. */
				size_t q = j;
				int qc = 0;
				while (q < k) {
					uint32_t cp;
					size_t len = text_decode(p + q, n - q, &cp);
					int cw = text_cp_width(cp);
					if (qc + cw > w && q > j)
						break;
					qc += cw;
					q += len;
				}
				end = q;
				break;
			}
			if (col > 0 && col + gap + ww > w)
				break;
			col += gap + ww;
			end = k;
			size_t s = k;
			while (s < n && p[s] == ' ')
				s++;
			gap = (int)(s - k);
			j = s;
		}
		count = wrap_emit(p, start, end, lines, max, count);
		i = end;
	}
	return count;
}

static int wrap_text(const char *s, int w, char **lines, int max, int slash);

int widget_wrap(const char *s, int w, char **lines, int max)
{
	return wrap_text(s, w, lines, max, 0);
}

static int wrap_text(const char *s, int w, char **lines, int max, int slash)
{
	if (!s)
		return 0;
	if (w < 1)
		w = 1;
	if (max < 0)
		max = 0;
	size_t len = strnlen(s, TEXT_MAX_INPUT);
	int count = 0;
	size_t a = 0;
	/* Newlines are paragraph breaks (the sanitiser would show them as ␊). */
	while (a <= len) {
		size_t b = a;
		while (b < len && s[b] != '\n')
			b++;
		size_t e = b;
		if (e > a && s[e - 1] == '\r')
			e--;
		if (slash && e == a) /* a note's empty paragraph: a blank line */
			count = wrap_emit("", 0, 0, lines, max, count);
		char *para = text_sanitize(s + a, e - a);
		if (!para)
			xmalloc_fatal();
		count = wrap_para(para, w, lines, max, count, slash);
		free(para);
		if (b >= len)
			break;
		a = b + 1;
	}
	return count;
}

/* Frees the first min(n, max) lines of a widget_wrap result. */
static void wrap_free(char **lines, int n, int max)
{
	for (int i = 0; i < n && i < max; i++)
		free(lines[i]);
}

/* ---- overlays -------------------------------------------------------------------- */

/* A help line: a section heading, an entry's first line, or a continuation. */
struct help_line {
	const char *keys; /* NULL for continuations and headings */
	char *text;       /* owned */
	int heading;
};

static int help_lines(const struct widget_help_entry *e, int n, int keyw, int textw,
                      struct help_line **out)
{
	int cap = 16, nl = 0;
	struct help_line *l = xmalloc(sizeof *l * (size_t)cap);
	for (int i = 0; i < n; i++) {
		char *wl[64];
		int m;
		if (!e[i].keys) {
			if (nl > 0)
				m = 1; /* a blank line before a section */
			else
				m = 0;
			if (nl + m + 1 + 64 > cap) {
				cap = (nl + m + 1 + 64) * 2;
				l = xrealloc(l, (size_t)cap, sizeof *l);
			}
			if (m)
				l[nl++] = (struct help_line){ NULL, NULL, 0 };
			char *t = text_sanitize(e[i].text ? e[i].text : "", (size_t)-1);
			if (!t)
				xmalloc_fatal();
			l[nl++] = (struct help_line){ NULL, t, 1 };
			continue;
		}
		m = widget_wrap(e[i].text ? e[i].text : "", textw, wl, 64);
		if (m > 64)
			m = 64;
		if (nl + m + 1 > cap) {
			cap = (nl + m + 1) * 2;
			l = xrealloc(l, (size_t)cap, sizeof *l);
		}
		if (m == 0)
			l[nl++] = (struct help_line){ e[i].keys, NULL, 0 };
		for (int k = 0; k < m; k++)
			l[nl++] = (struct help_line){ k == 0 ? e[i].keys : NULL, wl[k], 0 };
	}
	(void)keyw;
	*out = l;
	return nl;
}

/* A centred box of w x h on the canvas, cleared; returns its rect. */
static struct canvas_rect overlay_box(struct canvas *c, int w, int h, const char *title, int role)
{
	if (w > c->cols)
		w = c->cols;
	if (h > c->rows)
		h = c->rows;
	struct canvas_rect r = { (c->cols - w) / 2, (c->rows - h) / 2, w, h };
	widget_fill(c, r, r, ROLE_NORMAL);
	if (w >= 2 && h >= 2)
		canvas_box(c, r, title, role);
	return r;
}

void widget_help_draw(struct canvas *c, const char *title, const struct widget_help_entry *e, int n,
                      struct widget_cursor *cur)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!c || c->cols <= 0 || c->rows <= 0)
		return;
	if (!cur)
		cur = &dummy;
	if (!e || n < 0)
		n = 0;
	int w = c->cols - 4 < 72 ? c->cols - 4 : 72;
	if (w < 20)
		w = c->cols;
	/* keys column: the widest key, within a third of the box */
	int keyw = 0;
	for (int i = 0; i < n; i++)
		if (e[i].keys) {
			int kw = widget_textw(e[i].keys);
			if (kw > keyw)
				keyw = kw;
		}
	int inw = w - 4; /* border + one space each side */
	if (keyw > inw / 3)
		keyw = inw / 3;
	int textw = inw - keyw - 2;
	if (textw < 1)
		textw = 1;
	struct help_line *l = NULL;
	int nl = help_lines(e, n, keyw, textw, &l);
	int h = nl + 4; /* border, blank line, hint line, border */
	if (h > c->rows - 2 && c->rows >= 8)
		h = c->rows - 2;
	struct canvas_rect box = overlay_box(c, w, h, title ? title : "Help", ROLE_BORDER_FOCUS);
	struct canvas_rect in = { box.x + 2, box.y + 1, box.w - 4, box.h - 2 };
	if (in.w < 1) {
		in.x = box.x + 1;
		in.w = box.w - 2;
	}
	int bodyh = in.h - 2; /* a blank line and the hint below the body */
	if (bodyh < 1)
		bodyh = in.h;
	int maxtop = nl - bodyh > 0 ? nl - bodyh : 0;
	if (cur->top > maxtop)
		cur->top = maxtop;
	if (cur->top < 0)
		cur->top = 0;
	for (int i = 0; i < bodyh && cur->top + i < nl; i++) {
		const struct help_line *hl = &l[cur->top + i];
		int y = in.y + i;
		if (hl->heading) {
			widget_put(c, in, in.x, y, in.w, hl->text, ROLE_TITLE);
			widget_attr(c, in, (struct canvas_rect){ in.x, y, in.w, 1 }, CANVAS_BOLD, -1);
			continue;
		}
		if (hl->keys)
			widget_put(c, in, in.x, y, keyw, hl->keys, ROLE_KEY);
		if (hl->text)
			widget_put(c, in, in.x + keyw + 2, y, in.w - keyw - 2, hl->text, ROLE_NORMAL);
	}
	if (in.h >= 3) {
		const char *hint = c->ascii ? "up/down scroll - ? or Esc close" : "↑↓ scroll · ? or Esc close";
		widget_put(c, in, in.x, in.y + in.h - 1, in.w, hint, ROLE_MUTED);
		/* where we are, when the list scrolls */
		if (maxtop > 0) {
			char pos[32];
			snprintf(pos, sizeof pos, "%d-%d/%d", cur->top + 1,
			         cur->top + bodyh < nl ? cur->top + bodyh : nl, nl);
			widget_put_right(c, in, in.x, in.y + in.h - 1, in.w, pos, ROLE_MUTED);
		}
	}
	for (int i = 0; i < nl; i++)
		free(l[i].text);
	free(l);
}

void widget_message_draw(struct canvas *c, const char *title, const char *text, int role)
{
	if (!c || c->cols <= 0 || c->rows <= 0)
		return;
	if (role < 0 || role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	int maxw = c->cols - 4 < 64 ? c->cols - 4 : 64;
	if (maxw < 8)
		maxw = c->cols;
	int tw = widget_textw(text), titlew = widget_textw(title);
	int w = tw + 6;
	if (w < titlew + 8)
		w = titlew + 8;
	if (w < 24)
		w = 24;
	if (w > maxw)
		w = maxw;
	char *lines[8];
	int textw = w - 4 > 0 ? w - 4 : 1;
	int nl = widget_wrap(text ? text : "", textw, lines, 8);
	int shown = nl < 8 ? nl : 8;
	int h = shown + 4; /* border, blank, text, blank, border */
	struct canvas_rect box = overlay_box(c, w, h, title, role == ROLE_NORMAL ? ROLE_BORDER_FOCUS : role);
	struct canvas_rect in = { box.x + 2, box.y + 1, box.w - 4, box.h - 2 };
	if (in.w < 1) {
		in.x = box.x + 1;
		in.w = box.w - 2;
	}
	int y0 = in.y + (in.h - shown) / 2;
	for (int i = 0; i < shown; i++) {
		int lw = widget_textw(lines[i]);
		int x = in.x + (in.w - lw > 0 ? (in.w - lw) / 2 : 0);
		widget_put(c, in, x, y0 + i, in.w, lines[i] ? lines[i] : "", role);
	}
	wrap_free(lines, nl, 8);
}

void widget_note_draw(struct canvas *c, const char *title, const char *text, const char *hint, int role)
{
	enum { MAXL = 64 };
	char *lines[MAXL];

	if (!c || c->cols <= 0 || c->rows <= 0)
		return;
	if (role < 0 || role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	/* as wide as the longest paragraph needs, within the canvas (76 columns at most) */
	int maxw = c->cols - 4 < 76 ? c->cols - 4 : 76;
	if (maxw < 12)
		maxw = c->cols;
	int want = 0, titlew = widget_textw(title) + 6, hintw = widget_textw(hint) + 4;
	char *lw[MAXL];
	int np = wrap_text(text ? text : "", 1 << 20, lw, MAXL, 0); /* the paragraphs, unwrapped */
	for (int i = 0; i < np && i < MAXL; i++) {
		if (lw[i] && widget_textw(lw[i]) + 4 > want)
			want = widget_textw(lw[i]) + 4;
		free(lw[i]);
	}
	int w = want > titlew ? want : titlew;
	if (hintw > w)
		w = hintw;
	if (w > maxw)
		w = maxw;
	int textw = w - 4 > 0 ? w - 4 : 1;
	int nl = wrap_text(text ? text : "", textw, lines, MAXL, 1);
	int shown = nl < MAXL ? nl : MAXL;
	int extra = hint && *hint ? 2 : 0;   /* a blank line, then the hint */
	int h = shown + 2 + extra;           /* the border around */
	if (h > c->rows)
		h = c->rows;
	struct canvas_rect box = overlay_box(c, w, h, title, role == ROLE_NORMAL ? ROLE_BORDER_FOCUS : role);
	struct canvas_rect in = { box.x + 2, box.y + 1, box.w - 4, box.h - 2 };
	if (in.w < 1) {
		in.x = box.x + 1;
		in.w = box.w - 2;
	}
	for (int i = 0; i < shown && i < in.h; i++)
		widget_put(c, in, in.x, in.y + i, in.w, lines[i] ? lines[i] : "", role);
	if (extra && in.h >= shown + extra)
		widget_put(c, in, in.x, in.y + shown + 1, in.w, hint, ROLE_MUTED);
	wrap_free(lines, nl, MAXL);
}
