/* config internals shared by src/config.c (the loader) and src/config_get.c (getters). */
#ifndef OPDECK_CONFIG_INTERNAL_H
#define OPDECK_CONFIG_INTERNAL_H

#include <stddef.h>

/* Values echoed in messages go through text_quote (text.h) cut to this many bytes. */
#define CONFIG_QUOTE_MAX 64

/* "FILE:LINE:COL: message" into err; returns -1. */
int config_at(const char *file, int line, int col, char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
