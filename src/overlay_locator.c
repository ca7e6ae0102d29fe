/*
 * overlay_locator: y shows the locator of the view in a box over the screen, wrapped and
 * never cut (a case several levels deep is a long locator at 80x24), with the command
 * that opens the same view again.  It is a message (app_say) drawn as a box: the next key
 * closes it as it closes any message, Esc without going back a level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* s in single quotes for a POSIX shell ("it's" -> 'it'\''s'), into out. */
static void shell_quote(const char *s, char *out, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return;
	out[len++] = '\'';
	for (; s && *s && len + 5 < n; s++) {
		if (*s == '\'') {
			memcpy(out + len, "'\\''", 4);
			len += 4;
		} else {
			out[len++] = *s;
		}
	}
	if (len + 1 < n)
		out[len++] = '\'';
	out[len < n ? len : n - 1] = '\0';
}

void overlay_locator_open(struct app *a)
{
	char *l = locator_format(&app_top(a)->loc);
	char q[sizeof a->message / 2];

	if (l && *l) {
		shell_quote(l, q, sizeof q);
		app_say(a, ROLE_NORMAL, "locator: %s\n\nopens here again: opdeck --at %s", l, q);
	} else {
		app_say(a, ROLE_NORMAL, "locator: (home)\n\nthis is where opdeck opens without --at");
	}
	a->message_box = 1;
	free(l);
}

void overlay_locator_draw(struct app *a)
{
	if (!a->message_box || !a->message[0])
		return;
	widget_note_draw(&a->canvas, "locator of this view", a->message,
	                 "Esc close", ROLE_NORMAL);
}
