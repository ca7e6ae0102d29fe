/*
 * panel_text: a short block of text for an agenda or thanks: "# heading" lines, "- item"
 * bullets (wrapped under their text), paragraphs, and **bold** anywhere.  Nothing to
 * select or open; the arrows scroll a text taller than its panel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "text.h"
#include "xmalloc.h"

static int check(const struct session_panel *p, char *err, size_t errsz)
{
	if (!p->text || !*p->text) {
		snprintf(err, errsz, "a text panel needs 'text' (\"# heading\", \"- bullet\", **bold**)");
		return -1;
	}
	return 0;
}

static void title(const struct view_level *lv, int i, const struct store_filter *f, char *out, size_t n)
{
	(void)f;
	panel_title_or(lv, i, "", out, n);
}

/* Where the next word goes, and what is drawn so far. */
struct pen {
	struct canvas *c;
	struct canvas_rect in;
	int x, y, indent; /* y counts from the top of the text; rows above cur->top are skipped */
	int top;
};

static void newline(struct pen *p)
{
	p->y++;
	p->x = p->indent;
}

/* Puts one word (no spaces), wrapping before it when it does not fit. */
static void word(struct pen *p, const char *w, int bold, int role)
{
	int ww = text_width(w);

	if (p->x > p->indent && p->x + 1 + ww > p->in.w)
		newline(p);
	else if (p->x > p->indent)
		p->x++;
	int y = p->in.y + p->y - p->top;
	if (p->c && y >= p->in.y && y < p->in.y + p->in.h) {
		int n = canvas_put(p->c, p->in.x + p->x, y, p->in.w - p->x, w, role);
		if (bold && n > 0)
			canvas_attr(p->c, (struct canvas_rect){ p->in.x + p->x, y, n, 1 }, CANVAS_BOLD, -1);
	}
	p->x += ww < p->in.w - p->x ? ww : p->in.w - p->x;
}

/* Lays out line (a paragraph, a heading's or a bullet's text) word by word; ** toggles bold. */
static void words(struct pen *p, const char *line, size_t len, int bold, int role)
{
	char *buf = xstrndup(line, len), *w = buf;
	int b = bold;

	for (char *q = buf;; q++) {
		if (*q == ' ' || *q == '\0' || (q[0] == '*' && q[1] == '*')) {
			int star = q[0] == '*';
			char end = *q;
			*q = '\0';
			if (*w)
				word(p, w, b, role);
			if (star) {
				b = !b;
				q++;
			}
			if (end == '\0')
				break;
			w = q + 1;
			/* "**bold**, text": what follows a closing ** goes on without a space */
			if (star && !b && *w && *w != ' ' && p->x > p->indent)
				p->x--;
		}
	}
	free(buf);
}

/* Draws the text from cur->top; returns its height in lines at this width. */
static int layout(struct canvas *c, struct canvas_rect in, const char *text, int top)
{
	struct pen p = { c, in, 0, 0, 0, top };
	const char *bullet = c && c->ascii ? "-" : "•";

	for (const char *l = text; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		while (len > 0 && (l[len - 1] == ' ' || l[len - 1] == '\r'))
			len--;
		size_t sp = strspn(l, " ");
		if (sp > len)
			sp = len;
		const char *t = l + sp;
		size_t tl = len - sp;
		p.indent = 0;
		p.x = 0;
		if (tl == 0) {
			/* a blank line: a gap */
		} else if (t[0] == '#') {
			size_t h = strspn(t, "#");
			while (h < tl && t[h] == ' ')
				h++;
			words(&p, t + h, tl - h, 1, ROLE_TITLE);
		} else if ((t[0] == '-' || t[0] == '*') && tl > 1 && t[1] == ' ') {
			int y = in.y + p.y - top;
			if (c && y >= in.y && y < in.y + in.h)
				canvas_put(c, in.x + (int)sp, y, in.w - (int)sp, bullet, ROLE_MUTED);
			p.indent = p.x = (int)sp + 2;
			words(&p, t + 2, tl - 2, 0, ROLE_NORMAL);
		} else {
			words(&p, t, tl, 0, ROLE_NORMAL);
		}
		p.y++;
		l = e ? e + 1 : l + len;
		if (!e)
			break;
	}
	return p.y;
}

static void draw(struct canvas *c, struct canvas_rect in, struct view_level *lv, int i, const struct store_filter *f,
                 int focused)
{
	struct widget_cursor *cur = &lv->cur[i];
	int h = layout(NULL, in, lv->layout.panels[i].text, 0);

	(void)f, (void)focused;
	if (in.w >= 12) { /* the one-column gutter each side that every list panel keeps */
		in.x++;
		in.w -= 2;
	}
	h = layout(NULL, in, lv->layout.panels[i].text, 0);
	if (cur->top > h - in.h)
		cur->top = h - in.h > 0 ? h - in.h : 0;
	layout(c, in, lv->layout.panels[i].text, cur->top);
}

/* The arrows scroll. */
static void move(struct view_level *lv, int i, int delta, int horizontal)
{
	(void)horizontal;
	lv->cur[i].top += delta;
	if (lv->cur[i].top < 0)
		lv->cur[i].top = 0;
}

const struct view_panel_type panel_text = {
	.name = "text",
	.hint = "↑↓ scroll",
	.options = VIEW_OPT_TEXT,
	.skip_focus = 1,
	.check = check,
	.title = title,
	.draw = draw,
	.move = move,
	.keys_who = "text",
	.keys_how = "↑ ↓ scroll it",
};
