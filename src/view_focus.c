/*
 * view_focus: which panel and which item of it the keys and the mouse act on.  Focus
 * order follows the layout (row, then column), never where panels land on a screen of
 * a given size; arrows move inside the focused panel's items and, at a matrix, across
 * its columns before going on to the next panel; a click focuses and selects what is
 * under the pointer.  The panel types (src/panel.h) say how they move and what the
 * bottom line names for their keys.
 */
#include <string.h>

#include "panel.h"

/* lv's panels in focus order: by their place in the layout, row then column, the file's
 * order for panels that start at the same place; with visible, only those drawn with a
 * size.  Never by where they land on the screen, which changes with its size. */
int view_place_order(const struct view_level *lv, int *idx, int visible)
{
	int n = 0;

	for (int i = 0; i < lv->layout.npanels && i < VIEW_MAX_PANELS; i++) {
		if (visible && (lv->rect[i].h <= 0 || lv->rect[i].w <= 0))
			continue;
		const struct session_panel *p = &lv->layout.panels[i];
		int k = n++;
		/* insertion: few panels, and a stable order for ties */
		while (k > 0) {
			const struct session_panel *q = &lv->layout.panels[idx[k - 1]];
			if (q->row < p->row || (q->row == p->row && q->col <= p->col))
				break;
			idx[k] = idx[k - 1];
			k--;
		}
		idx[k] = i;
	}
	return n;
}

/* A size that leaves the focused panel out: the focus goes to the panel after it in focus
 * order (the one Tab would have reached next), not back to the first. */
void view_refocus_hidden(struct view_level *lv)
{
	int f = lv->focus, all[VIEW_MAX_PANELS], n, at = 0;

	if (f < 0 || f >= lv->layout.npanels || (lv->rect[f].h > 0 && lv->rect[f].w > 0))
		return;
	n = view_place_order(lv, all, 0);
	for (int k = 0; k < n; k++)
		if (all[k] == f)
			at = k;
	for (int k = 1; k <= n; k++) {
		int j = all[(at + k) % n];
		if (lv->rect[j].h > 0 && lv->rect[j].w > 0) {
			lv->focus = j;
			return;
		}
	}
}

int view_focusable(const struct view_level *lv, int *idx, int max)
{
	int all[VIEW_MAX_PANELS], n = view_place_order(lv, all, 1);

	if (n > max)
		n = max;
	memcpy(idx, all, (size_t)n * sizeof *idx);
	return n;
}

/* The panel dir steps from the focused one in focus order, round the screen; the focused
 * one itself when it is the only one. */
static int focus_neighbour(const struct view_level *lv, int dir)
{
	int idx[VIEW_MAX_PANELS], n = view_focusable(lv, idx, VIEW_MAX_PANELS), at = -1;

	if (n == 0)
		return lv->focus;
	for (int k = 0; k < n; k++)
		if (idx[k] == lv->focus)
			at = k;
	if (at < 0) /* not drawn: start from either end */
		return idx[dir > 0 ? 0 : n - 1];
	return idx[((at + dir) % n + n) % n];
}

int view_focus_step(struct view_level *lv, int dir)
{
	int j = focus_neighbour(lv, dir);

	if (j == lv->focus)
		return 0;
	lv->focus = j;
	return 1;
}

/* The stops ← → make inside panel i (a matrix's columns); 0 or 1: none. */
static int columns(const struct view_level *lv, int i)
{
	const struct view_panel_type *t = panel_type(lv, i);

	if (!t->columns || !lv->data || !lv->data->p[i].loaded)
		return 0;
	return t->columns(lv, i);
}

int view_move_across(struct view_level *lv, int dir)
{
	int i = lv->focus, n, j;

	if (i < 0 || i >= lv->layout.npanels)
		return 0;
	dir = dir < 0 ? -1 : 1;
	n = columns(lv, i);
	if (n > 1 && lv->cur[i].col + dir >= 0 && lv->cur[i].col + dir < n) {
		if (panel_type(lv, i)->move)
			panel_type(lv, i)->move(lv, i, dir, 1);
		else
			lv->cur[i].col += dir;
		return 1;
	}
	j = focus_neighbour(lv, dir);
	if (j == i)
		return 0;
	lv->focus = j;
	if ((n = columns(lv, j)) > 1)
		lv->cur[j].col = dir > 0 ? 0 : n - 1;
	return 1;
}

int view_keys_note(int k, const char **who, const char **how)
{
	for (int t = 0; t < VIEW_PANEL_COUNT; t++)
		if (view_panel_types[t]->keys_how && k-- == 0) {
			*who = view_panel_types[t]->keys_who;
			*how = view_panel_types[t]->keys_how;
			return 0;
		}
	return -1;
}

const char *view_focus_hint(const struct view_level *lv)
{
	const struct view_panel_type *t =
		lv->focus >= 0 && lv->focus < lv->layout.npanels ? panel_type(lv, lv->focus) : NULL;

	return t && t->hint ? t->hint : "↑↓ move · Enter drill";
}

void view_move(struct view_level *lv, int delta, int horizontal)
{
	int i = lv->focus, n;
	struct widget_cursor *cur = &lv->cur[i];
	const struct view_panel_type *t;

	if (i < 0 || i >= lv->layout.npanels)
		return;
	t = panel_type(lv, i);
	if (t->move && lv->data) {
		t->move(lv, i, delta, horizontal);
		return;
	}
	n = view_items(lv, i);
	cur->sel += delta;
	if (cur->sel >= n)
		cur->sel = n - 1;
	if (cur->sel < 0)
		cur->sel = n > 0 ? 0 : -1;
}

/* The panel under (x, y) and, in *at, the item there (at->sel -1: none). */
static int hit(const struct view_level *lv, int x, int y, struct widget_cursor *at)
{
	for (int i = 0; i < lv->layout.npanels; i++) {
		struct canvas_rect r = lv->rect[i];
		if (r.h <= 0 || x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h)
			continue;
		const struct view_panel_type *t = panel_type(lv, i);
		struct canvas_rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 }; /* inside the frame */
		*at = lv->cur[i];
		at->sel = -1;
		if (!t->hit || !lv->data || !lv->data->p[i].loaded || t->hit(lv, i, in, x, y, at) < 0)
			at->sel = -1;
		return i;
	}
	return -1;
}

int view_hit(const struct view_level *lv, int x, int y, int *item)
{
	struct widget_cursor at;
	int i = hit(lv, x, y, &at);

	*item = i >= 0 ? at.sel : -1;
	return i;
}

int view_click(struct view_level *lv, int x, int y, int *again)
{
	struct widget_cursor at;
	int i = hit(lv, x, y, &at);

	*again = 0;
	if (i < 0)
		return -1;
	*again = lv->focus == i && at.sel >= 0 && lv->cur[i].sel == at.sel && lv->cur[i].col == at.col;
	lv->focus = i;
	if (at.sel >= 0) {
		lv->cur[i].sel = at.sel;
		lv->cur[i].col = at.col;
	}
	return i;
}
