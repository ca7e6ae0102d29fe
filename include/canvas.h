/*
 * canvas: an in-memory grid of cells (glyph + semantic style role) that every widget
 * paints into.  The terminal module copies a canvas to ncurses; `opdeck render` prints
 * it as text or ANSI.  Nothing here knows about terminals.
 *
 * A wide character (CJK, emoji) occupies its cell and the next one, which becomes a
 * continuation cell (glyph "", width 0).  Overwriting either half of a wide character
 * blanks the other half, so a grid is always consistent.
 */
#ifndef OPDECK_CANVAS_H
#define OPDECK_CANVAS_H

#include <stdint.h>
#include <stdio.h>

/* How many category and agency colours a palette has (used by position, see below). */
enum { ROLE_CAT_N = 8, ROLE_AGENCY_N = 8 };

/* Semantic style roles; a palette (a theme file, see theme.h) maps each to colours and
 * attributes. */
enum canvas_role {
	ROLE_NORMAL,
	ROLE_TITLE,        /* screen title, panel titles */
	ROLE_BORDER,
	ROLE_BORDER_FOCUS, /* the focused panel's border */
	ROLE_HEADER,       /* column headers */
	ROLE_BAR,
	ROLE_NUMBER,
	ROLE_DELTA_UP,
	ROLE_DELTA_DOWN,
	ROLE_MUTED,
	ROLE_SELECTION,    /* selected row when the panel has focus */
	ROLE_ALERT,
	ROLE_STATUS,       /* top and bottom lines */
	ROLE_KEY,          /* key names in hints and help */
	ROLE_CHANGED,      /* a figure that a live refresh just changed, for a few seconds */
	ROLE_CAT_0,        /* ROLE_CAT_0 + (position % ROLE_CAT_N): category 0, 1, 2... */
	ROLE_AGENCY_0 = ROLE_CAT_0 + ROLE_CAT_N, /* + (n % ROLE_AGENCY_N): fixed colour per agency */
	ROLE_COUNT = ROLE_AGENCY_0 + ROLE_AGENCY_N
};

/* Cell attribute bits, or'ed over the role's own attributes. */
enum { CANVAS_BOLD = 1, CANVAS_REVERSE = 2, CANVAS_UNDERLINE = 4 };

#define CANVAS_GLYPH_MAX 24 /* one base character and its combining marks, UTF-8 */

struct canvas_cell {
	char glyph[CANVAS_GLYPH_MAX]; /* NUL-terminated UTF-8; "" for the right half of a wide char */
	uint8_t width;                /* 1 or 2; 0 for a continuation cell */
	uint8_t role;                 /* enum canvas_role */
	uint8_t attr;                 /* CANVAS_* bits */
};

struct canvas {
	int cols, rows;
	struct canvas_cell *cells; /* owned, rows * cols, row-major */
	int ascii;                 /* draw lines, bars and ellipses with ASCII only (LANG=C) */
};

struct canvas_rect {
	int x, y, w, h;
};

/* Allocates a blank canvas; -1 on allocation failure or a non-positive size. */
int canvas_init(struct canvas *c, int cols, int rows, int ascii);
/* Resizes (contents are lost); -1 on failure, leaving c as it was. */
int canvas_resize(struct canvas *c, int cols, int rows);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);

/* The cell at (x, y), NULL outside. */
struct canvas_cell *canvas_at(struct canvas *c, int x, int y);

/*
 * Writes s (any bytes: it is sanitised here) at (x, y), at most maxw columns (maxw < 0:
 * up to the right edge) and never past the right edge, truncating with an ellipsis.
 * Cells written get role and no attributes.  Returns the columns written.
 */
int canvas_put(struct canvas *c, int x, int y, int maxw, const char *s, int role);
/* The same, right-aligned so that the text ends at column x + w - 1. */
int canvas_put_right(struct canvas *c, int x, int y, int w, const char *s, int role);
/* Writes one glyph (e.g. a block element; its width comes from text_cp_width, a wide
 * glyph at the last column becomes a space). */
void canvas_glyph(struct canvas *c, int x, int y, const char *glyph, int role);

/* Fills r with spaces of role. */
void canvas_fill(struct canvas *c, struct canvas_rect r, int role);
/* Or's attribute bits into every cell of r (e.g. CANVAS_REVERSE for a selected row);
 * role >= 0 also replaces the cells' role. */
void canvas_attr(struct canvas *c, struct canvas_rect r, int attr, int role);

/* A box on the edge of r with an optional title in the top border ("┌ Phases ───┐"). */
void canvas_box(struct canvas *c, struct canvas_rect r, const char *title, int role);
void canvas_hline(struct canvas *c, int x, int y, int w, int role);

/* A horizontal bar of fraction 0..1 of w columns with eighth-block precision
 * ("█▋"; "#" in ASCII); the rest of the w columns becomes spaces of role.  A fraction
 * above 0 shows at least one eighth, so a small figure never looks like zero. */
void canvas_bar(struct canvas *c, int x, int y, int w, double fraction, int role);

/* The rect inside a box. */
struct canvas_rect canvas_inner(struct canvas_rect r);

/* Colours of one role at each colour depth: -1 is the terminal's default. */
struct canvas_style {
	short fg256, bg256; /* 256-colour palette */
	short fg16, bg16;   /* 16 colours (8..15 bright) */
	short fg8, bg8;     /* 8 colours */
	uint8_t attr;       /* CANVAS_* bits, also used in monochrome */
	uint8_t mono_attr;  /* attributes in monochrome (NO_COLOR, or no colours) */
};
struct canvas_palette {
	char name[32];     /* "default", or a theme file's name without ".yaml" */
	struct canvas_style role[ROLE_COUNT];
};

/* Fills p with the plain palette: the terminal's colours everywhere, the selection
 * reversed.  What is shown before (or without) a theme; the themes themselves are files
 * (the files in themes/, embedded at build time), loaded by the theme module. */
void canvas_palette_plain(struct canvas_palette *p);

/* Plain UTF-8, one line per row, trailing spaces kept so every line has cols columns. */
void canvas_write_text(const struct canvas *c, FILE *out);
/* The same with SGR colours from the palette at the given depth (256, 16, 8, or 0 for
 * attributes only); a NULL palette is the plain one. */
void canvas_write_ansi(const struct canvas *c, const struct canvas_palette *p, int depth, FILE *out);

#endif
