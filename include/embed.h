/*
 * embed: files compiled into the binary at build time (tools/embed.sh writes the
 * tables into build/; the Makefile lists which files).  One source of truth: the file in
 * the repository is what the binary shows, and what `opdeck check` validates.
 */
#ifndef OPDECK_EMBED_H
#define OPDECK_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name;  /* "default": the file name without directory and extension */
	const char *path;  /* "themes/default.yaml": the source, for messages */
	const char *text;  /* the file's bytes, NUL-terminated */
	size_t len;        /* bytes, without the NUL */
};

/* The theme files (themes/NAME.yaml) in cycling order ("default" first); ends with an entry whose name is NULL. */
extern const struct embed_file theme_files[];

/* The dashboard's built-in layout (src/dashboard.yaml), then an entry whose name is NULL. */
extern const struct embed_file layout_files[];

#endif
