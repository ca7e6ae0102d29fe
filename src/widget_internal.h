/*
 * Shared by src/widget*.c only: clipped drawing and cursor helpers.  Every widget
 * paints through these so that nothing lands outside the rectangle it was given,
 * whatever the data (the canvas itself only clips to its own edges).
 */
#ifndef OPDECK_WIDGET_INTERNAL_H
#define OPDECK_WIDGET_INTERNAL_H

#include "canvas.h"
#include "widget.h"
#include "xmalloc.h" /* out of memory while drawing is fatal, with a message */

/* The gutter of a panel's inside: 1 column each side when it is at least 12 wide, else 0
 * ("│ Drugs … 1,027 │" as in the mockups; the left one carries a "▶" selection mark). */
int widget_gutter(struct canvas_rect r);

/* The intersection of two rectangles (w, h >= 0). */
struct canvas_rect widget_clip(struct canvas_rect a, struct canvas_rect b);

/* canvas_put / canvas_put_right, clipped to r; nothing when (x, y) is outside r. */
int widget_put(struct canvas *c, struct canvas_rect r, int x, int y, int maxw, const char *s, int role);
int widget_put_right(struct canvas *c, struct canvas_rect r, int x, int y, int w, const char *s, int role);
/* One glyph of display width gw (1 or 2), only when it fits inside r. */
void widget_glyph(struct canvas *c, struct canvas_rect r, int x, int y, const char *glyph, int gw, int role);
/* canvas_fill / canvas_attr of rect a clipped to r. */
void widget_fill(struct canvas *c, struct canvas_rect r, struct canvas_rect a, int role);
void widget_attr(struct canvas *c, struct canvas_rect r, struct canvas_rect a, int attr, int role);
/* A horizontal rule of role across w columns at (x, y), clipped. */
void widget_rule(struct canvas *c, struct canvas_rect r, int x, int y, int w, int role);

/* The UTF-8 glyph, or its ASCII stand-in on an ASCII canvas. */
const char *widget_g(const struct canvas *c, const char *utf8, const char *ascii);

/* Display columns of s once sanitised (0 for NULL). */
int widget_textw(const char *s);

/* Clamps cur->sel to [0, n-1] (-1 when n == 0) and moves cur->top so that sel is among
 * `visible` rows starting at top. */
void widget_cursor_fit(struct widget_cursor *cur, int n, int visible);

/* "no data" (or msg) in ROLE_MUTED on the first line of r when there is room. */
void widget_no_data(struct canvas *c, struct canvas_rect r, const char *msg);

/* Marks a selected row: reversed when the panel has focus; otherwise a "▶" in the
 * gutter column gx (if gx >= 0) and the row left as it is. */
void widget_mark_row(struct canvas *c, struct canvas_rect clip, struct canvas_rect row, int gx, int focused);

/* On an ASCII canvas, rewrites the few non-ASCII characters of formatted quantities
 * ("m³" -> "m3") in place. */
void widget_ascii_units(const struct canvas *c, char *s);

/* The text of one unit, e.g. "kg" (a static table: the store's names, without linking it). */
const char *widget_unit_name(int unit);

#endif
