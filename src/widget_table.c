/*
 * widget tables: the generic table, the case list and the single case.
 *
 * Column layout is computed once per draw from the widths the caller asks for and the
 * room there is; cells are cut by canvas_put (width-aware, with an ellipsis), so hostile
 * text (escapes, bidi controls, CJK) cannot move a column: every column starts at the
 * same x in every row.
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "widget.h"
#include "widget_internal.h"

#define MAXCOLS 64

static int gutter_of(struct canvas_rect r)
{
	return r.w >= 12 ? 1 : 0;
}

/* Scroll hints in the right gutter: "▲" on the first body line when rows are hidden
 * above, "▼" on the last when rows are hidden below. */
static void scroll_hints(struct canvas *c, struct canvas_rect r, int y0, int lines, int top, int n)
{
	if (!gutter_of(r) || lines < 2)
		return;
	int x = r.x + r.w - 1;
	if (top > 0)
		widget_glyph(c, r, x, y0, widget_g(c, "▲", "^"), 1, ROLE_MUTED);
	if (top + lines < n)
		widget_glyph(c, r, x, y0 + lines - 1, widget_g(c, "▼", "v"), 1, ROLE_MUTED);
}

/* ---- table ----------------------------------------------------------------------- */

/*
 * x and width of each column within W columns from x0, two spaces apart; flexible
 * columns share what the fixed ones leave.  Columns that do not fit are dropped
 * (width 0); the last one shown may be cut.  Returns the number shown.
 */
static int table_layout(const struct widget_table *t, int x0, int W, int *cx, int *cwid)
{
	int nflex = 0, fixed = 0, ncols = t->ncols < MAXCOLS ? t->ncols : MAXCOLS;
	for (int i = 0; i < ncols; i++) {
		if (t->cols[i].width > 0)
			fixed += t->cols[i].width;
		else
			nflex++;
	}
	int gaps = ncols > 1 ? 2 * (ncols - 1) : 0;
	int flex = 0, extra = 0;
	if (nflex > 0) {
		int rest = W - fixed - gaps;
		if (rest < nflex * 6)
			rest = nflex * 6; /* too narrow: the right-hand columns are dropped below */
		flex = rest / nflex;
		extra = rest % nflex;
	}
	int x = x0, shown = 0;
	for (int i = 0; i < ncols; i++) {
		int w = t->cols[i].width > 0 ? t->cols[i].width : flex + (extra-- > 0 ? 1 : 0);
		int room = x0 + W - x;
		cx[i] = x;
		cwid[i] = 0;
		if (room < 3 && shown > 0)
			continue;
		if (room <= 0)
			continue;
		cwid[i] = w < room ? w : room;
		shown++;
		x += cwid[i] + 2;
	}
	return shown;
}

void widget_table_draw(struct canvas *c, struct canvas_rect r, const struct widget_table *t,
                       struct widget_cursor *cur, int focused)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	int n = t && t->cols && t->ncols > 0 && t->nrows > 0 && t->cells ? t->nrows : 0;
	/* Lines: header, body, and the totals (a rule above them when there is room). */
	int has_total = t && t->total && t->cols && t->ncols > 0 && r.h >= 3;
	int rule = has_total && r.h >= 5;
	int body = r.h - 1 - has_total - rule;
	if (body < 1)
		body = 1;
	widget_cursor_fit(cur, n, body);
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);
	if (!t || !t->cols || t->ncols <= 0) {
		widget_no_data(c, r, "no data");
		return;
	}
	int g = gutter_of(r);
	int x0 = r.x + g, W = r.w - 2 * g;
	int cx[MAXCOLS], cw[MAXCOLS];
	int ncols = t->ncols < MAXCOLS ? t->ncols : MAXCOLS;
	table_layout(t, x0, W, cx, cw);

	/* header with the sort marker: after a left title, before a right one */
	for (int i = 0; i < ncols; i++) {
		if (cw[i] <= 0)
			continue;
		const char *title = t->cols[i].title ? t->cols[i].title : "";
		char h[256];
		if (i == t->sort_col) {
			const char *mk = t->sort_desc ? widget_g(c, "▼", "v") : widget_g(c, "▲", "^");
			if (t->cols[i].right)
				snprintf(h, sizeof h, "%s %s", mk, title);
			else
				snprintf(h, sizeof h, "%s %s", title, mk);
		} else {
			snprintf(h, sizeof h, "%s", title);
		}
		if (t->cols[i].right)
			widget_put_right(c, r, cx[i], r.y, cw[i], h, ROLE_HEADER);
		else
			widget_put(c, r, cx[i], r.y, cw[i], h, ROLE_HEADER);
	}
	if (r.h < 2)
		return;
	if (n == 0) {
		widget_put(c, r, x0, r.y + 1, W, "no data", ROLE_MUTED);
	}
	for (int li = 0; li < body && cur->top + li < n; li++) {
		int row = cur->top + li, y = r.y + 1 + li;
		for (int i = 0; i < ncols; i++) {
			if (cw[i] <= 0)
				continue;
			const char *s = t->cells[(size_t)row * t->ncols + i];
			int role = ROLE_NORMAL;
			if (i == 0 && t->row_roles)
				role = t->row_roles[row];
			else if (t->cols[i].right)
				role = ROLE_NUMBER;
			if (role < 0 || role >= ROLE_COUNT)
				role = ROLE_NORMAL;
			if (t->changed && t->changed[(size_t)row * t->ncols + i])
				role = ROLE_CHANGED;
			if (!s)
				continue;
			if (t->cols[i].right)
				widget_put_right(c, r, cx[i], y, cw[i], s, role);
			else
				widget_put(c, r, cx[i], y, cw[i], s, role);
		}
		if (row == cur->sel)
			widget_mark_row(c, r, (struct canvas_rect){ r.x, y, r.w, 1 }, g ? r.x : -1, focused);
	}
	scroll_hints(c, r, r.y + 1, body, cur->top, n);
	if (has_total) {
		int y = r.y + r.h - 1;
		if (rule)
			widget_rule(c, r, x0, y - 1, W, ROLE_BORDER);
		for (int i = 0; i < ncols; i++) {
			if (cw[i] <= 0 || !t->total[i])
				continue;
			int role = t->cols[i].right ? ROLE_NUMBER : ROLE_NORMAL;
			if (t->changed && t->changed[(size_t)t->nrows * t->ncols + i])
				role = ROLE_CHANGED;
			if (t->cols[i].right)
				widget_put_right(c, r, cx[i], y, cw[i], t->total[i], role);
			else
				widget_put(c, r, cx[i], y, cw[i], t->total[i], role);
		}
		widget_attr(c, r, (struct canvas_rect){ x0, y, W, 1 }, CANVAS_BOLD, -1);
	}
}

/* ---- case list ------------------------------------------------------------------- */

enum { CC_DATE, CC_REF, CC_AGENCY, CC_CATEGORY, CC_SEIZURE, CC_TRANSPORT, CC_LOCATION, CC_N };

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* "Drugs › methamphetamine" (names when there are names, '>' on ASCII canvases); only the
 * sub-category when the list is already filtered to the category (hide_category). */
static void case_category(const struct canvas *c, const struct store_case *k, const char *hide_category,
                          char *out, size_t outsz)
{
	const char *cat = k->category_name && *k->category_name ? k->category_name : nz(k->category);
	const char *sub = k->subcategory_name && *k->subcategory_name ? k->subcategory_name : nz(k->subcategory);
	if (*sub && hide_category && k->category && strcmp(hide_category, k->category) == 0)
		snprintf(out, outsz, "%.200s", sub);
	else if (*sub && *cat)
		snprintf(out, outsz, "%.200s %s %.200s", cat, widget_g(c, "›", ">"), sub);
	else
		snprintf(out, outsz, "%.200s", *cat ? cat : sub);
}

/* The case's totals per unit ("4.2 kg · 1,200 tablets"): what it seized, never one
 * seizure standing for the case; "" when none.  Within maxw columns (0: no limit) units
 * that do not fit are counted, not cut: "4.2 kg +1". */
static void case_seizure(const struct canvas *c, const struct store_case *k, char *out, size_t outsz, int maxw)
{
	char part[STORE_UNIT_COUNT][64];
	int np = 0;

	out[0] = '\0';
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		if (k->qty[u] > 0) {
			text_quantity(k->qty[u], widget_unit_name(u), part[np], sizeof part[np]);
			widget_ascii_units(c, part[np]);
			np++;
		}
	for (int shown = np; shown >= 1; shown--) {
		size_t o = 0;
		for (int i = 0; i < shown; i++)
			o += (size_t)snprintf(out + o, o < outsz ? outsz - o : 0, "%s%s",
			                      i ? widget_g(c, " · ", ", ") : "", part[i]);
		if (shown < np)
			snprintf(out + o, o < outsz ? outsz - o : 0, " +%d", np - shown);
		if (maxw <= 0 || widget_textw(out) <= maxw)
			return;
	}
}

void widget_cases_draw(struct canvas *c, struct canvas_rect r, const struct store_case *cases,
                       int n, int more, struct widget_cursor *cur, int focused)
{
	/* without more, the page is the whole list: its length is the total */
	struct widget_case_list l = { cases, n, 0, more ? -1 : n, more, NULL, NULL, NULL, NULL, NULL };
	widget_case_list_draw(c, r, &l, cur, focused);
}

/* "1–18 of 1,155" (or "1–18, more below" when the total is not known). */
static void case_position(const struct canvas *c, const struct widget_case_list *l, int top, int shown,
                          char *out, size_t outsz)
{
	char a[24], b[24], t[24];
	text_thousands(l->first + top + 1, a, sizeof a);
	text_thousands(l->first + top + shown, b, sizeof b);
	if (l->total >= 0) {
		text_thousands(l->total, t, sizeof t);
		snprintf(out, outsz, "%s%s%s of %s", a, widget_g(c, "–", "-"), b, t);
	} else {
		snprintf(out, outsz, "%s%s%s%s", a, widget_g(c, "–", "-"), b, l->more ? ", more below" : "");
	}
}

void widget_case_list_draw(struct canvas *c, struct canvas_rect r, const struct widget_case_list *l,
                           struct widget_cursor *cur, int focused)
{
	static const char *const heads[CC_N] = { "date", "reference", "agency", "category", "seized", "transport",
	                                         "place" };
	struct widget_cursor dummy = { 0, 0, 0 };
	const struct store_case *cases = l ? l->cases : NULL;
	int n = l ? l->n : 0, more = l && l->more ? 1 : 0;
	const char *hide = l ? l->hide_category : NULL;
	if (!cur)
		cur = &dummy;
	if (!cases || n < 0)
		n = 0;
	/* a header row names the columns and says where the rows sit in the whole list, when
	 * there is room for it and at least two rows */
	int head = r.h >= 3 ? 1 : 0;
	/* the "more below…" line takes the last line once the list reaches it */
	int lines = r.h - head > 0 ? r.h - head : 1;
	widget_cursor_fit(cur, n, lines);
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);
	if (n == 0) {
		widget_no_data(c, r, more ? widget_g(c, "more below…", "more below...") : "no cases");
		return;
	}
	int g = gutter_of(r);
	int x0 = r.x + g, W = r.w - 2 * g, y0 = r.y + head;

	/* natural widths, capped */
	static const int cap[CC_N] = { 10, 20, 16, 32, 24, 16, 40 };
	/* what a column may be squeezed to before columns are dropped */
	static const int squeeze[CC_N] = { 10, 20, 12, 18, 10, 9, 12 };
	int want[CC_N] = { 10, 0, 0, 0, 0, 0, 0 };
	char buf[512];
	for (int li = 0; li < lines && cur->top + li < n; li++) {
		const struct store_case *k = &cases[cur->top + li];
		int w;
		if ((w = widget_textw(k->ref)) > want[CC_REF])
			want[CC_REF] = w;
		/* a column every row would repeat (the list's own agency, sub-category) takes no room */
		if (!(l->hide_agency && k->agency && strcmp(l->hide_agency, k->agency) == 0) &&
		    (w = widget_textw(k->agency_short && *k->agency_short ? k->agency_short : k->agency)) > want[CC_AGENCY])
			want[CC_AGENCY] = w;
		case_category(c, k, hide, buf, sizeof buf);
		if (!(l->hide_subcategory && k->subcategory && strcmp(l->hide_subcategory, k->subcategory) == 0) &&
		    (w = widget_textw(buf)) > want[CC_CATEGORY])
			want[CC_CATEGORY] = w;
		case_seizure(c, k, buf, sizeof buf, 0);
		if ((w = widget_textw(buf)) > want[CC_SEIZURE])
			want[CC_SEIZURE] = w;
		if ((w = widget_textw(k->transport)) > want[CC_TRANSPORT])
			want[CC_TRANSPORT] = w;
		if ((w = widget_textw(k->location)) > want[CC_LOCATION])
			want[CC_LOCATION] = w;
	}
	/* Too wide: squeeze the agency, the category, the quantities (which then count the
	 * units left out) and the transport, in that order, before anything is dropped. */
	int wd[CC_N], total = 0;
	for (int i = 0; i < CC_N; i++) {
		wd[i] = want[i] < cap[i] ? want[i] : cap[i];
		/* the location, last, takes what is left: count only its minimum */
		int need = i == CC_LOCATION && wd[i] > squeeze[i] ? squeeze[i] : wd[i];
		if (need > 0)
			total += need + (total ? 2 : 0);
	}
	static const int order[] = { CC_AGENCY, CC_CATEGORY, CC_SEIZURE, CC_TRANSPORT };
	for (size_t o = 0; o < sizeof order / sizeof order[0] && total > W; o++) {
		int i = order[o], give = wd[i] - squeeze[i];
		if (give <= 0)
			continue;
		if (give > total - W)
			give = total - W;
		wd[i] -= give;
		total -= give;
	}
	/* Still too wide: the place goes, and what it leaves goes back to the squeezed
	 * columns, the quantities first ("14,538 tablets", not "14,538 ta…"). */
	if (total > W && wd[CC_LOCATION] > 0) {
		total -= (wd[CC_LOCATION] > squeeze[CC_LOCATION] ? squeeze[CC_LOCATION] : wd[CC_LOCATION]) + 2;
		wd[CC_LOCATION] = 0;
		static const int back[] = { CC_SEIZURE, CC_TRANSPORT, CC_CATEGORY, CC_AGENCY };
		for (size_t o = 0; o < sizeof back / sizeof back[0] && total < W; o++) {
			int i = back[o], full = want[i] < cap[i] ? want[i] : cap[i], get = full - wd[i];
			if (get <= 0 || wd[i] <= 0)
				continue;
			if (get > W - total)
				get = W - total;
			wd[i] += get;
			total += get;
		}
	}
	/* Columns from the left while they fit; the last one shown may be cut, but not
	 * below 6 columns; a column with nothing in it takes no room. */
	int cx[CC_N] = { 0 }, cw[CC_N] = { 0 }, x = x0; /* columns after a break stay hidden */
	for (int i = 0; i < CC_N; i++) {
		int w = wd[i];
		int room = x0 + W - x;
		cx[i] = x;
		cw[i] = 0;
		if (w <= 0 || room <= 0)
			continue;
		if (w > room) {
			if (room < 6 && i > 0)
				break;
			w = room;
		}
		cw[i] = w;
		x += w + 2;
	}
	/* the room left goes to the location (or the last column shown) */
	int last = -1;
	for (int i = 0; i < CC_N; i++)
		if (cw[i] > 0)
			last = i;
	if (last >= 0 && last != CC_SEIZURE && cx[last] + cw[last] < x0 + W && last == CC_LOCATION)
		cw[last] = x0 + W - cx[last];

	for (int li = 0; li < lines && cur->top + li < n; li++) {
		int idx = cur->top + li, y = y0 + li;
		const struct store_case *k = &cases[idx];
		for (int i = 0; i < CC_N; i++) {
			if (cw[i] <= 0)
				continue;
			const char *s = "";
			int role = ROLE_NORMAL;
			switch (i) {
			case CC_DATE:
				s = nz(k->detected_on);
				role = l->changed && l->changed[idx] ? ROLE_CHANGED : ROLE_MUTED;
				break;
			case CC_REF:
				s = nz(k->ref);
				role = l->changed && l->changed[idx] ? ROLE_CHANGED : ROLE_NORMAL;
				break;
			case CC_AGENCY:
				s = k->agency_short && *k->agency_short ? k->agency_short : nz(k->agency);
				role = widget_role_for(STORE_DIM_AGENCY, nz(k->agency));
				break;
			case CC_CATEGORY:
				case_category(c, k, hide, buf, sizeof buf);
				s = buf;
				role = widget_category_role(k->category_pos);
				if (role == ROLE_BAR)
					role = ROLE_NORMAL;
				break;
			case CC_SEIZURE:
				case_seizure(c, k, buf, sizeof buf, cw[i]);
				widget_put_right(c, r, cx[i], y, cw[i], buf, ROLE_NUMBER);
				continue;
			case CC_TRANSPORT:
				s = nz(k->transport);
				if (l->short_name && widget_textw(s) > cw[i] && l->short_name(STORE_DIM_TRANSPORT, s))
					s = l->short_name(STORE_DIM_TRANSPORT, s);
				break;
			case CC_LOCATION:
				s = nz(k->location);
				break;
			}
			widget_put(c, r, cx[i], y, cw[i], s, role);
		}
		if (idx == cur->sel)
			widget_mark_row(c, r, (struct canvas_rect){ r.x, y, r.w, 1 }, g ? r.x : -1, focused);
	}
	int shown = n - cur->top < lines ? n - cur->top : lines;
	if (more && shown < lines)
		widget_put(c, r, x0, y0 + shown, W, widget_g(c, "more below…", "more below..."), ROLE_MUTED);
	scroll_hints(c, r, y0, lines, cur->top, n + (more && shown >= lines ? 1 : 0));
	if (head) {
		char pos[128];
		case_position(c, l, cur->top, shown, pos, sizeof pos);
		int pw = widget_textw(pos), room = W;
		/* a column's name is shown whole or not at all: never "sei" under the position */
		int stop = pw + 2 <= room ? x0 + W - pw - 2 : x0 + W;
		for (int i = 0; i < CC_N; i++) {
			if (cw[i] <= 0)
				continue;
			int hw = widget_textw(heads[i]);
			int w = cw[i] < hw ? cw[i] : hw;
			int from = i == CC_SEIZURE ? cx[i] + cw[i] - w : cx[i];
			if (from + hw > stop)
				continue;
			if (i == CC_SEIZURE)
				widget_put_right(c, r, cx[i], r.y, cw[i], heads[i], ROLE_MUTED);
			else
				widget_put(c, r, cx[i], r.y, w, heads[i], ROLE_MUTED);
		}
		if (pw + 2 <= room) {
			widget_fill(c, r, (struct canvas_rect){ x0 + W - pw - 2, r.y, pw + 2, 1 }, ROLE_NORMAL);
			widget_put(c, r, x0 + W - pw, r.y, pw, pos, ROLE_MUTED);
		}
	}
}

/* ---- one case -------------------------------------------------------------------- */

/*
 * The case is laid out as a list of lines, then the lines from cur->top are drawn.
 * A line holds one field (label + text) or, in the wide layout, two side by side.
 */
struct case_field {
	const char *label;
	char *text; /* owned */
	int role;
};
struct case_line {
	struct case_field f[2];
	int nf;
};

struct case_doc {
	struct case_line *l;
	int n, cap;
	const char *dash; /* what an empty field shows: "–" or "-" */
};

static void doc_add(struct case_doc *d, struct case_line line)
{
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 32;
		d->l = xrealloc(d->l, (size_t)cap, sizeof *d->l);
		d->cap = cap;
	}
	d->l[d->n++] = line;
}

static void doc_free(struct case_doc *d)
{
	for (int i = 0; i < d->n; i++)
		for (int j = 0; j < d->l[i].nf; j++)
			free(d->l[i].f[j].text);
	free(d->l);
}


/* A field, wrapped to textw columns when wrap is set (one line per wrapped line). */
static void doc_field(struct case_doc *d, const char *label, const char *text, int textw, int wrap)
{
	if (!text || !*text) {
		doc_add(d, (struct case_line){ { { label, xstrdup(d->dash), ROLE_MUTED } }, 1 });
		return;
	}
	if (!wrap) {
		doc_add(d, (struct case_line){ { { label, xstrdup(text), ROLE_NORMAL } }, 1 });
		return;
	}
	enum { MAXL = 200 };
	char *lines[MAXL];
	int m = widget_wrap(text, textw, lines, MAXL);
	if (m > MAXL)
		m = MAXL;
	for (int i = 0; i < m; i++)
		doc_add(d, (struct case_line){ { { i == 0 ? label : NULL, lines[i], ROLE_NORMAL } }, 1 });
	if (m == 0)
		doc_add(d, (struct case_line){ { { label, xstrdup(d->dash), ROLE_MUTED } }, 1 });
}

/* Two short fields on one line (wide layout). */
static void doc_pair(struct case_doc *d, const char *l1, const char *t1, const char *l2, const char *t2)
{
	struct case_line line = { { { l1, xstrdup(t1 && *t1 ? t1 : d->dash), t1 && *t1 ? ROLE_NORMAL : ROLE_MUTED },
	                            { l2, xstrdup(t2 && *t2 ? t2 : d->dash), t2 && *t2 ? ROLE_NORMAL : ROLE_MUTED } },
		                    2 };
	doc_add(d, line);
}

static void join(char *out, size_t outsz, const char *a, const char *sep, const char *b)
{
	if (a && *a && b && *b)
		snprintf(out, outsz, "%.500s%s%.500s", a, sep, b);
	else
		snprintf(out, outsz, "%.500s", a && *a ? a : b ? b : "");
}

void widget_case_draw(struct canvas *c, struct canvas_rect r, const struct store_case *k,
                      struct widget_cursor *cur)
{
	struct widget_cursor dummy = { 0, 0, 0 };
	if (!cur)
		cur = &dummy;
	if (!c || r.w <= 0 || r.h <= 0)
		return;
	widget_fill(c, r, r, ROLE_NORMAL);
	if (!k) {
		cur->top = 0;
		widget_no_data(c, r, "no case");
		return;
	}
	int g = gutter_of(r);
	int x0 = r.x + g, W = r.w - 2 * g;
	const char *dot = widget_g(c, " · ", " - ");
	char detected[1200], agency[1200], category[520], transport[1400], route[900], seizures[4096], tmp[1100];
	char arrests[32], ref[600];

	/* Detected: 2025-09-13 · Laem Chabang port (TH) */
	if (k->country && *k->country)
		snprintf(tmp, sizeof tmp, "%.500s (%.20s)", nz(k->location), k->country);
	else
		snprintf(tmp, sizeof tmp, "%.500s", nz(k->location));
	join(detected, sizeof detected, k->detected_on, dot, tmp);
	/* Agency: Thai Customs Department (TH) */
	const char *aname = k->agency_name && *k->agency_name ? k->agency_name
	                    : k->agency_short && *k->agency_short ? k->agency_short : nz(k->agency);
	if (k->agency_country && *k->agency_country)
		snprintf(agency, sizeof agency, "%.500s (%.20s)", aname, k->agency_country);
	else
		snprintf(agency, sizeof agency, "%.500s", aname);
	case_category(c, k, NULL, category, sizeof category);
	/* route: NG → MY → TH */
	{
		const char *arrow = widget_g(c, " → ", " -> ");
		size_t len = 0;
		route[0] = '\0';
		const char *parts[3] = { k->departure, k->transit, k->destination };
		for (int i = 0; i < 3; i++) {
			const char *p = parts[i];
			if (!p)
				continue;
			/* the transit field holds space-separated codes */
			while (*p) {
				while (*p == ' ' || *p == ',')
					p++;
				const char *e = p;
				while (*e && *e != ' ' && *e != ',')
					e++;
				if (e > p && len + (size_t)(e - p) + 8 < sizeof route) {
					len += (size_t)snprintf(route + len, sizeof route - len, "%s%.*s", len ? arrow : "",
					                        (int)(e - p), p);
				}
				p = e;
			}
		}
	}
	join(transport, sizeof transport, k->transport, dot, route);
	text_thousands(k->arrests, arrests, sizeof arrests);
	{
		size_t len = 0;
		seizures[0] = '\0';
		for (int i = 0; i < k->nseizures && k->seizures; i++) {
			char q[64];
			text_quantity(k->seizures[i].quantity, widget_unit_name(k->seizures[i].unit), q, sizeof q);
			widget_ascii_units(c, q);
			int m = snprintf(seizures + len, sizeof seizures - len, "%s%.200s %s", i ? dot : "",
			                 nz(k->seizures[i].commodity), q);
			if (m < 0 || (size_t)m >= sizeof seizures - len) {
				seizures[len] = '\0';
				break;
			}
			len += (size_t)m;
		}
	}
	join(ref, sizeof ref, k->ref, dot, k->phase_name && *k->phase_name ? k->phase_name : k->phase);

	/* Wide: two columns of short fields; narrow: one field per line. */
	int labw = 13, labw2 = 11;
	int wide = W >= 90;
	int textw = W < labw + 4 ? W : W - labw;
	if (textw < 1)
		textw = 1;
	struct case_doc d = { NULL, 0, 0, widget_g(c, "–", "-") };
	if (wide) {
		doc_pair(&d, "Detected", detected, "Status", k->status);
		doc_pair(&d, "Agency", agency, "Arrests", arrests);
		doc_pair(&d, "Category", category, "Transport", transport);
		doc_pair(&d, "Case", ref, "Detection", k->detection);
	} else {
		doc_field(&d, "Case", ref, textw, 1);
		doc_field(&d, "Detected", detected, textw, 1);
		doc_field(&d, "Status", k->status, textw, 1);
		doc_field(&d, "Agency", agency, textw, 1);
		doc_field(&d, "Arrests", arrests, textw, 1);
		doc_field(&d, "Category", category, textw, 1);
		doc_field(&d, "Transport", transport, textw, 1);
		doc_field(&d, "Detection", k->detection, textw, 1);
	}
	doc_field(&d, "Concealment", k->concealment, textw, 1);
	if (seizures[0])
		doc_field(&d, "Seizures", seizures, textw, 1);
	else
		doc_add(&d, (struct case_line){ { { "Seizures", xstrdup("none recorded"), ROLE_MUTED } }, 1 });
	doc_field(&d, "Summary", k->summary, textw, 1);

	int maxtop = d.n - r.h > 0 ? d.n - r.h : 0;
	if (cur->top > maxtop)
		cur->top = maxtop;
	if (cur->top < 0)
		cur->top = 0;
	cur->sel = -1;
	int col2 = x0 + (W * 3) / 5; /* the right column of the wide layout */
	for (int i = 0; i < r.h && cur->top + i < d.n; i++) {
		const struct case_line *l = &d.l[cur->top + i];
		int y = r.y + i;
		if (l->nf == 2) {
			widget_put(c, r, x0, y, labw - 1, l->f[0].label, ROLE_MUTED);
			widget_put(c, r, x0 + labw, y, col2 - 2 - (x0 + labw), l->f[0].text, l->f[0].role);
			widget_put(c, r, col2, y, labw2 - 1, l->f[1].label, ROLE_MUTED);
			widget_put(c, r, col2 + labw2, y, x0 + W - (col2 + labw2), l->f[1].text, l->f[1].role);
			continue;
		}
		if (W < labw + 4) {
			/* too narrow for a label column: the text alone */
			widget_put(c, r, x0, y, W, l->f[0].text ? l->f[0].text : "", l->f[0].role);
			continue;
		}
		if (l->f[0].label)
			widget_put(c, r, x0, y, labw - 1, l->f[0].label, ROLE_MUTED);
		if (l->f[0].text)
			widget_put(c, r, x0 + labw, y, W - labw, l->f[0].text, l->f[0].role);
	}
	scroll_hints(c, r, r.y, r.h, cur->top, d.n);
	doc_free(&d);
}
