/*
 * present_draw: the chrome of a presented slide and the slide overview, painted into a
 * canvas (the panels in between are the view's).  Layout of a slide (MOCKUPS.md "A
 * presented slide"):
 *
 *   row 0        session title · subtitle ............ 1:42 left · 21:10 of 30:00 · 2 / 7
 *   row 1        the slide's title (or, drilled inside the slide, the breadcrumbs)
 *   rows 2..h-3  the panels (present_body)
 *   row h-2      the caption: the filters in words · data frozen as of … (the audience's)
 *   row h-1      the status line: a message or error, else the keys
 */
#include <stdio.h>
#include <string.h>

#include "present.h"
#include "text.h"

int present_clock_role(int clock)
{
	/* Amber is the key colour (gold in every palette); red is the alert. */
	switch (clock) {
	case PRESENT_CLOCK_WARN: return ROLE_KEY;
	case PRESENT_CLOCK_OVER: return ROLE_ALERT;
	default: return ROLE_STATUS;
	}
}

struct canvas_rect present_body(const struct canvas *c)
{
	struct canvas_rect r = { 0, 2, c->cols, c->rows - 4 };

	if (r.h < 0)
		r.h = 0;
	return r;
}

void present_draw_chrome(struct canvas *c, const struct present *p, double now, const struct present_chrome *ch)
{
	const struct session *s = p->session;
	const struct session_slide *sl = &s->slides[p->slide];
	char left[512], right[160], caption[600];
	int w = c->cols, clock, n;

	/* Top line: who is presenting what, and where we are in it. */
	canvas_fill(c, (struct canvas_rect){ 0, 0, w, 1 }, ROLE_STATUS);
	present_clocks_text(p, now, right, sizeof right, &clock);
	int rw = text_width(right);
	if (rw > w - 2)
		rw = w - 2;
	snprintf(left, sizeof left, "%s%s%s", s->title ? s->title : "", s->subtitle ? " · " : "",
	         s->subtitle ? s->subtitle : "");
	n = canvas_put(c, 1, 0, w - rw - 4 > 0 ? w - rw - 4 : 0, left, ROLE_STATUS);
	canvas_attr(c, (struct canvas_rect){ 1, 0, n, 1 }, CANVAS_BOLD, -1);
	canvas_put_right(c, w - 1 - rw, 0, rw, right, present_clock_role(clock));
	if (clock == PRESENT_CLOCK_WARN || clock == PRESENT_CLOCK_OVER)
		canvas_attr(c, (struct canvas_rect){ w - 1 - rw, 0, rw, 1 }, CANVAS_BOLD, -1);

	/* The slide's title, or where a drill inside it has gone. */
	canvas_fill(c, (struct canvas_rect){ 0, 1, w, 1 }, ROLE_NORMAL);
	n = canvas_put(c, 1, 1, w - 2, ch->crumbs ? ch->crumbs : sl->title ? sl->title : "", ROLE_TITLE);
	canvas_attr(c, (struct canvas_rect){ 1, 1, n, 1 }, CANVAS_BOLD, -1);

	/* The caption: what the figures are, in words, always visible to the room. */
	if (c->rows >= 4) {
		const char *data = p->frozen ? "data frozen" : "live data";
		if (p->frozen && p->as_of[0])
			snprintf(caption, sizeof caption, "%s · %s as of %s", ch->caption ? ch->caption : "", data, p->as_of);
		else
			snprintf(caption, sizeof caption, "%s · %s", ch->caption ? ch->caption : "", data);
		canvas_fill(c, (struct canvas_rect){ 0, c->rows - 2, w, 1 }, ROLE_NORMAL);
		canvas_put(c, 1, c->rows - 2, w - 2, caption, ROLE_MUTED);
	}

	/* The status line: a message (a reload error stays until the file is fixed), a slide
	 * number being typed, or the keys. */
	canvas_fill(c, (struct canvas_rect){ 0, c->rows - 1, w, 1 }, ROLE_STATUS);
	if (p->digits[0]) {
		snprintf(left, sizeof left, "go to slide %s_   (Enter go · Esc cancel)", p->digits);
		canvas_put(c, 1, c->rows - 1, w - 2, left, ROLE_KEY);
	} else if (ch->message && ch->message[0]) {
		int role = ch->message_role == ROLE_ALERT ? ROLE_ALERT : ROLE_STATUS;
		canvas_put(c, 1, c->rows - 1, w - 2, ch->message, role);
	} else if (p->error[0]) {
		canvas_put(c, 1, c->rows - 1, w - 2, p->error, ROLE_ALERT);
	} else {
		const char *hint = c->ascii ? "n/p slides - 3 Enter slide 3 - o overview - F freeze - ? help - q quit"
		                            : "n/p slides · 3 Enter slide 3 · o overview · F freeze · ? help · q quit";
		if (ch->crumbs)
			hint = c->ascii ? "Backspace back to the slide - n/p next/previous - ? help"
			                : "Backspace back to the slide · n/p next/previous · ? help";
		canvas_put(c, 1, c->rows - 1, w - 2, hint, ROLE_STATUS);
	}
}

void present_draw_overview(struct canvas *c, const struct present *p)
{
	const struct session *s = p->session;
	char line[600], clock[32];
	int w = c->cols, top = 0, body = c->rows - 3;

	canvas_clear(c);
	canvas_fill(c, (struct canvas_rect){ 0, 0, w, 1 }, ROLE_STATUS);
	present_clock_format(present_session_budget(s), clock, sizeof clock);
	snprintf(line, sizeof line, "%s · %d slide%s%s%s", s->title ? s->title : "", s->nslides,
	         s->nslides == 1 ? "" : "s", present_session_budget(s) > 0 ? " · " : "",
	         present_session_budget(s) > 0 ? clock : "");
	int n = canvas_put(c, 1, 0, w - 2, line, ROLE_STATUS);
	canvas_attr(c, (struct canvas_rect){ 1, 0, n, 1 }, CANVAS_BOLD, -1);
	if (body < 1)
		return;
	/* Keep the selection in view. */
	if (p->ov_sel >= body)
		top = p->ov_sel - body + 1;
	/* "▶ 2  Results at a glance          2:30  ← now" */
	int numw = s->nslides >= 100 ? 3 : s->nslides >= 10 ? 2 : 1;
	int tx = 3 + numw + 2, clockw = 8, noww = 8;
	int titlew = w - tx - clockw - noww - 3;
	if (titlew > 60)
		titlew = 60;
	for (int i = top; i < s->nslides && i - top < body; i++) {
		const struct session_slide *sl = &s->slides[i];
		int y = 2 + i - top;
		if (i == p->slide)
			canvas_put(c, 1, y, 1, c->ascii ? ">" : "▶", ROLE_KEY);
		snprintf(line, sizeof line, "%*d", numw, i + 1);
		canvas_put(c, 3, y, numw, line, ROLE_NUMBER);
		canvas_put(c, tx, y, titlew, sl->title ? sl->title : "", ROLE_TITLE);
		if (sl->budget_s > 0) {
			present_clock_format(sl->budget_s, clock, sizeof clock);
			canvas_put_right(c, tx + titlew, y, clockw, clock, ROLE_NUMBER);
		}
		if (i == p->slide)
			canvas_put(c, tx + titlew + clockw + 2, y, noww, c->ascii ? "<- now" : "← now", ROLE_MUTED);
		if (i == p->ov_sel)
			canvas_attr(c, (struct canvas_rect){ 0, y, w, 1 }, CANVAS_REVERSE, -1);
	}
	canvas_fill(c, (struct canvas_rect){ 0, c->rows - 1, w, 1 }, ROLE_STATUS);
	canvas_put(c, 1, c->rows - 1, w - 2,
	           c->ascii ? "up/down choose - Enter open - Esc back" : "↑↓ choose · Enter open · Esc back", ROLE_STATUS);
}
