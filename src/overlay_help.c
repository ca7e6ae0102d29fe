/*
 * overlay_help: the help screen over whatever is drawn, written from the key table (and,
 * when presenting, the presentation keys first); the arrows scroll it, ?, q, Esc close it.
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
	enum { MAXB = 64 }; /* bindings the help can list: the table has about 25 */
	struct widget_help_entry e[MAXB * 2 + 24];
	char keys[MAXB + 12][64];
	int n = 0, nb;
	const struct app_binding *bindings = app_bindings(&nb);

	if (nb > MAXB)
		nb = MAXB;

	/* Presenting: its keys first, they are the ones the presenter needs. */
	app_present_help(a, e, &n, keys + MAXB);
	for (int i = 0; i < nb; i++) {
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
