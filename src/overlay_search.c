/*
 * overlay_search: the search prompt (/) on the bottom line; Enter searches the cases under
 * the current filter (a new level), Esc cancels, Backspace deletes a whole character.  The
 * prompt says what a search is (store_search.h): words, each from the start of a word.
 */
#include <stdio.h>
#include <string.h>

#include "app_internal.h"
#include "term.h"
#include "text.h"

void overlay_search_open(struct app *a)
{
	a->mode = MODE_SEARCH;
	a->input[0] = '\0';
}

const char *overlay_search_draw(const struct app *a, char *buf, size_t n)
{
	char q[300];

	text_quote(a->input, (size_t)-1, q, sizeof q); /* what is typed reaches the terminal quoted */
	snprintf(buf, n, "search cases: %s_   (words, each from its start · Enter search · Esc cancel)", q);
	return buf;
}

void overlay_search_key(struct app *a, int key)
{
	size_t len = strlen(a->input);

	if (key == TERM_KEY_ESC) {
		a->mode = MODE_NORMAL;
	} else if (key == TERM_KEY_ENTER) {
		a->mode = MODE_NORMAL;
		if (!a->input[0])
			return;
		struct locator loc = { 0 };
		const struct locator *cur = &app_top(a)->loc;
		int ok = 1;
		for (int i = 0; i < cur->n && ok; i++)
			if (cur->item[i].key != LOCATOR_KEY_SEARCH && cur->item[i].key != LOCATOR_KEY_CASE)
				ok = locator_push(&loc, cur->item[i].key, cur->item[i].value) == 0;
		if (ok && locator_push(&loc, LOCATOR_KEY_SEARCH, a->input) == 0)
			app_push(a, &loc, VIEW_CASES);
		else
			app_say(a, ROLE_ALERT, "cannot search from here");
		locator_free(&loc);
	} else if (key == TERM_KEY_BACKSPACE) {
		while (len > 0 && ((unsigned char)a->input[len - 1] & 0xC0) == 0x80)
			len--; /* continuation bytes of the last character */
		if (len > 0)
			len--;
		a->input[len] = '\0';
	} else if (key >= 32 && key < 0x110000 && key != 127) {
		char u[4];
		size_t n = text_encode((uint32_t)key, u);
		if (len + n < sizeof a->input - 1) {
			memcpy(a->input + len, u, n);
			a->input[len + n] = '\0';
		}
	}
}
