/*
 * overlay_help: the help screen over whatever is drawn, written from the key table (and,
 * when presenting, the presentation keys first); the arrows scroll it, ?, q, Esc close it.
 * After the moving keys it says where they differ, as the panel types tell the view (a
 * matrix's columns, a timeline's weeks, ...): the keys mean the same everywhere else.
 */
#include <stdio.h>

#include "app_internal.h"

void overlay_help_open(struct app *a)
{
	a->help = 1;
	a->help_cur = (struct widget_cursor){ 0, 0, 0 };
}

void overlay_help_draw(struct app *a)
{
	enum { MAXB = 64, MAXNOTES = 16 }; /* bindings the help can list: the table has about 25 */
	struct widget_help_entry e[MAXB * 2 + MAXNOTES + 26];
	char keys[MAXB + 12][64];
	int n = 0, nb;
	const struct app_binding *bindings = app_bindings(&nb);

	if (nb > MAXB)
		nb = MAXB;

	/* Presenting: its keys first, they are the ones the presenter needs. */
	app_present_help(a, e, &n, keys + MAXB);
	for (int i = 0, noted = 0; i < nb; i++) {
		if (bindings[i].section && i > 0 && !noted) {
			/* the moving keys are done: where they mean something else */
			const char *who, *how;
			e[n++] = (struct widget_help_entry){ NULL, "Where the keys differ" };
			for (int k = 0; k < MAXNOTES && view_keys_note(k, &who, &how) == 0; k++)
				e[n++] = (struct widget_help_entry){ who, how };
			noted = 1;
		}
		if (bindings[i].section)
			e[n++] = (struct widget_help_entry){ NULL, bindings[i].section };
		app_binding_keys(&bindings[i], a->canvas.ascii, keys[i], sizeof keys[i]);
		e[n++] = (struct widget_help_entry){ keys[i], bindings[i].help };
	}
	e[n++] = (struct widget_help_entry){ NULL, "Mouse" };
	e[n++] = (struct widget_help_entry){ "click", "focus and select; click again to drill" };
	e[n++] = (struct widget_help_entry){ "wheel", "scroll the panel under the pointer" };
	widget_help_draw(&a->canvas, "opdeck keys", e, n, &a->help_cur);
}

void overlay_help_key(struct app *a, int action)
{
	if (action == ACT_UP || action == ACT_PGUP)
		a->help_cur.top -= action == ACT_UP ? 1 : 10;
	else if (action == ACT_DOWN || action == ACT_PGDN)
		a->help_cur.top += action == ACT_DOWN ? 1 : 10;
	else if (action == ACT_QUIT || action == ACT_HELP || action == ACT_BACK)
		a->help = 0;
	if (a->help_cur.top < 0)
		a->help_cur.top = 0;
}
