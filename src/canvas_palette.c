/*
 * The compiled-in palettes: semantic roles -> colours at 256/16/8 colours, plus the
 * attributes used in monochrome (NO_COLOR, or a terminal without colours).
 *
 * Rules every palette keeps, whatever its colours:
 *   - the selection is reversed (attr and mono_attr), so it shows on any terminal;
 *   - the focused border and titles are bold in monochrome;
 *   - colours are -1 (terminal default) where the terminal's own choice is best.
 * Themes loaded from YAML fill the same struct; these are the fallbacks and the models.
 */
#include "canvas.h"

#include <string.h>

/* One style: fg/bg at 256, 16 and 8 colours, attributes, monochrome attributes. */
#define S(f256, b256, f16, b16, f8, b8, a, m) { f256, b256, f16, b16, f8, b8, a, m }

enum { B = CANVAS_BOLD, R = CANVAS_REVERSE, U = CANVAS_UNDERLINE };

static const struct canvas_palette palettes[] = {
/* "default": for dark terminals, the terminal's own background. */
{
	"default",
	{
		[ROLE_NORMAL]          = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_TITLE]           = S(231, -1, 15, -1, 7, -1, B, B),
		[ROLE_BORDER]          = S(240, -1, 8, -1, -1, -1, 0, 0),
		[ROLE_BORDER_FOCUS]    = S(81, -1, 14, -1, 6, -1, B, B),
		[ROLE_HEADER]          = S(110, -1, 12, -1, 4, -1, B, U),
		[ROLE_BAR]             = S(74, -1, 12, -1, 4, -1, 0, 0),
		[ROLE_NUMBER]          = S(231, -1, 15, -1, -1, -1, 0, 0),
		[ROLE_DELTA_UP]        = S(114, -1, 10, -1, 2, -1, 0, 0),
		[ROLE_DELTA_DOWN]      = S(203, -1, 9, -1, 1, -1, 0, 0),
		[ROLE_MUTED]           = S(244, -1, 8, -1, -1, -1, 0, 0),
		[ROLE_SELECTION]       = S(-1, -1, -1, -1, -1, -1, R, R),
		[ROLE_ALERT]           = S(196, -1, 9, -1, 1, -1, B, B | U),
		[ROLE_STATUS]          = S(252, 236, 15, 8, 7, 4, 0, 0),
		[ROLE_KEY]             = S(222, -1, 11, -1, 3, -1, B, B),
		[ROLE_CAT_DRUGS]       = S(209, -1, 9, -1, 1, -1, 0, 0),
		[ROLE_CAT_PRECURSORS]  = S(220, -1, 11, -1, 3, -1, 0, 0),
		[ROLE_CAT_WILDLIFE]    = S(113, -1, 10, -1, 2, -1, 0, 0),
		[ROLE_AGENCY_0 + 0]    = S(75, -1, 12, -1, 4, -1, 0, 0),
		[ROLE_AGENCY_0 + 1]    = S(179, -1, 3, -1, 3, -1, 0, 0),
		[ROLE_AGENCY_0 + 2]    = S(114, -1, 10, -1, 2, -1, 0, 0),
		[ROLE_AGENCY_0 + 3]    = S(175, -1, 13, -1, 5, -1, 0, 0),
		[ROLE_AGENCY_0 + 4]    = S(80, -1, 14, -1, 6, -1, 0, 0),
		[ROLE_AGENCY_0 + 5]    = S(215, -1, 9, -1, 1, -1, 0, 0),
		[ROLE_AGENCY_0 + 6]    = S(141, -1, 5, -1, 5, -1, 0, 0),
		[ROLE_AGENCY_0 + 7]    = S(252, -1, 7, -1, 7, -1, 0, 0),
	},
},

/*
 * "projector": dark text on a white background, saturated but dark colours that survive
 * a washed-out beam; every role sets the background so the whole screen is white.
 */
{
	"projector",
	{
		[ROLE_NORMAL]          = S(16, 231, 0, 15, 0, 7, 0, 0),
		[ROLE_TITLE]           = S(16, 231, 0, 15, 0, 7, B, B),
		[ROLE_BORDER]          = S(243, 231, 8, 15, 0, 7, 0, 0),
		[ROLE_BORDER_FOCUS]    = S(21, 231, 4, 15, 4, 7, B, B),
		[ROLE_HEADER]          = S(18, 231, 4, 15, 4, 7, B, U),
		[ROLE_BAR]             = S(25, 231, 4, 15, 4, 7, 0, 0),
		[ROLE_NUMBER]          = S(16, 231, 0, 15, 0, 7, B, 0),
		[ROLE_DELTA_UP]        = S(28, 231, 2, 15, 2, 7, B, 0),
		[ROLE_DELTA_DOWN]      = S(160, 231, 1, 15, 1, 7, B, 0),
		[ROLE_MUTED]           = S(240, 231, 8, 15, 0, 7, 0, 0),
		[ROLE_SELECTION]       = S(231, 25, 15, 4, 7, 4, R, R),
		[ROLE_ALERT]           = S(160, 231, 1, 15, 1, 7, B, B | U),
		[ROLE_STATUS]          = S(231, 24, 15, 4, 7, 4, B, 0),
		[ROLE_KEY]             = S(124, 231, 1, 15, 1, 7, B, B),
		[ROLE_CAT_DRUGS]       = S(160, 231, 1, 15, 1, 7, B, 0),
		[ROLE_CAT_PRECURSORS]  = S(130, 231, 3, 15, 3, 7, B, 0),
		[ROLE_CAT_WILDLIFE]    = S(28, 231, 2, 15, 2, 7, B, 0),
		[ROLE_AGENCY_0 + 0]    = S(25, 231, 4, 15, 4, 7, 0, 0),
		[ROLE_AGENCY_0 + 1]    = S(130, 231, 3, 15, 3, 7, 0, 0),
		[ROLE_AGENCY_0 + 2]    = S(28, 231, 2, 15, 2, 7, 0, 0),
		[ROLE_AGENCY_0 + 3]    = S(127, 231, 5, 15, 5, 7, 0, 0),
		[ROLE_AGENCY_0 + 4]    = S(30, 231, 6, 15, 6, 7, 0, 0),
		[ROLE_AGENCY_0 + 5]    = S(160, 231, 1, 15, 1, 7, 0, 0),
		[ROLE_AGENCY_0 + 6]    = S(54, 231, 13, 15, 5, 7, 0, 0),
		[ROLE_AGENCY_0 + 7]    = S(16, 231, 0, 15, 0, 7, 0, 0),
	},
},

/* "mono": no colours at all, attributes only (what depth 0 shows of any palette). */
{
	"mono",
	{
		[ROLE_NORMAL]          = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_TITLE]           = S(-1, -1, -1, -1, -1, -1, B, B),
		[ROLE_BORDER]          = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_BORDER_FOCUS]    = S(-1, -1, -1, -1, -1, -1, B, B),
		[ROLE_HEADER]          = S(-1, -1, -1, -1, -1, -1, U, U),
		[ROLE_BAR]             = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_NUMBER]          = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_DELTA_UP]        = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_DELTA_DOWN]      = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_MUTED]           = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_SELECTION]       = S(-1, -1, -1, -1, -1, -1, R, R),
		[ROLE_ALERT]           = S(-1, -1, -1, -1, -1, -1, B | U, B | U),
		[ROLE_STATUS]          = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_KEY]             = S(-1, -1, -1, -1, -1, -1, B, B),
		[ROLE_CAT_DRUGS]       = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_CAT_PRECURSORS]  = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_CAT_WILDLIFE]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 0]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 1]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 2]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 3]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 4]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 5]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 6]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
		[ROLE_AGENCY_0 + 7]    = S(-1, -1, -1, -1, -1, -1, 0, 0),
	},
},
};

#undef S

const struct canvas_palette *canvas_palettes(int *n)
{
	if (n)
		*n = (int)(sizeof palettes / sizeof palettes[0]);
	return palettes;
}

const struct canvas_palette *canvas_palette_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof palettes / sizeof palettes[0]; i++)
		if (strcmp(palettes[i].name, name) == 0)
			return &palettes[i];
	return NULL;
}
