/* config internals shared by src/config.c (the loader) and src/config_get.c (getters). */
#ifndef OPDECK_CONFIG_INTERNAL_H
#define OPDECK_CONFIG_INTERNAL_H

#include <stddef.h>

/*
 * A short, terminal-safe copy of s for a message: at most 40 characters ("…" after),
 * control characters shown as '?'.
 * TODO(harden): text_quote — switch to the one quoting function when it is on main.
 */
void config_quote(const char *s, char *out, size_t outsz);

/* "FILE:LINE:COL: message" into err; returns -1. */
int config_at(const char *file, int line, int col, char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
