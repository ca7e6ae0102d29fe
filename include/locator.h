/*
 * locator: the text form of a drill-down state.
 *
 *   phase=OMD7/category=drugs/agency=VNCUS/case=OMD7-VNCUS-0412
 *
 * Items are KEY=VALUE separated by '/', kept in the order given (the order is the
 * drill path, which the app turns into breadcrumbs).  Keys are the store dimensions
 * ("phase", "category", ... "day") plus "case" (one case by reference) and "search"
 * (free text).  Values may hold any byte but NUL; '/', '%' and '=' inside a value are
 * written %2F, %25 and %3D (any %HH but %00 is read; a bare '%' or '=' in a value is an
 * error).  A key may appear once; values are never empty.  One leading and one trailing
 * '/' are ignored.  The empty string (or "/") is the home locator (no items).  Validation of values against the database is the store's job
 * (store_filter_check); this module checks syntax only.
 */
#ifndef OPDECK_LOCATOR_H
#define OPDECK_LOCATOR_H

#include <stddef.h>

#include "store.h"

#define LOCATOR_MAX 16

enum { LOCATOR_KEY_CASE = STORE_DIM_COUNT, LOCATOR_KEY_SEARCH, LOCATOR_KEY_COUNT };

struct locator_item {
	int key;     /* enum store_dim or LOCATOR_KEY_CASE / LOCATOR_KEY_SEARCH */
	char *value; /* owned, decoded */
};
struct locator {
	int n;
	struct locator_item item[LOCATOR_MAX];
};

/* "phase" ... "day", "case", "search"; NULL when out of range. */
const char *locator_key_name(int key);

/*
 * Parses s into loc (which it initialises).  On error returns -1, leaves loc empty and
 * writes to err a message with the 1-based column: "column 7: unknown key 'agnecy'
 * (expected phase, category, ...)".
 */
int locator_parse(const char *s, struct locator *loc, char *err, size_t errsz);
void locator_free(struct locator *loc);

/* The text form, malloc'd (NULL on allocation failure); "" for no items. */
char *locator_format(const struct locator *loc);

/* Appends an item, or replaces in place the value of an earlier one with the same key
 * (its place in the drill path stays); -1 for an empty or NULL value, when full or OOM. */
int locator_push(struct locator *loc, int key, const char *value);

/* Fills f (which it initialises) from loc; -1 on allocation failure. */
int locator_to_filter(const struct locator *loc, struct store_filter *f);

/*
 * Replaces each value of loc by the key the store keeps for it ("omd7" -> "OMD7",
 * store_resolve), then checks the whole against the database (store_filter_check: a case
 * its other values do not select is refused).  On success f (initialised here) holds the
 * filter; on failure f is empty and err holds the store's message.
 */
int locator_resolve(struct locator *loc, struct store *s, struct store_filter *f, char *err, size_t errsz);

#endif
