/*
 * theme: theme files (YAML) → struct canvas_palette, and the lookup behind --theme.
 *
 * A theme file maps every semantic role, 6 to ROLE_CAT_N category colours (by position;
 * fewer than ROLE_CAT_N repeat) and ROLE_AGENCY_N agency colours to colours at 256, 16
 * and 8 colours and to attributes (the format is documented in themes/default.yaml and
 * README "Themes").  The themes in themes/ are embedded into the binary at build time
 * (tools/embed.sh writes build/themes_embedded.c): they are the one source of the
 * built-in palettes.
 *
 * Lookup of --theme NAME|FILE (theme_resolve):
 *   1. a path: the argument contains '/' or ends with ".yaml";
 *   2. $XDG_CONFIG_HOME/opdeck/themes/NAME.yaml ($XDG_CONFIG_HOME defaults to ~/.config);
 *   3. OPDECK_SHARE_DIR/themes/NAME.yaml (the installed share directory, set at build);
 *   4. the embedded theme NAME.
 * A theme read from a file takes the one "user" slot after the embedded ones, so that
 * `t` cycles through the embedded themes and the user's; a file named like a built-in
 * theme (default.yaml) takes that theme's place instead.  The palettes live in this
 * module's storage for the whole run; a pointer returned here stays valid (reloading
 * the user's file updates the slot in place, only when the new file is valid).
 */
#ifndef OPDECK_THEME_H
#define OPDECK_THEME_H

#include <stddef.h>

#include "canvas.h"
#include "config.h"

/* Fills out from a loaded theme document; name becomes the palette's name.  -1 with
 * "FILE:LINE:COL: message" (unknown role with the nearest suggested, bad colour
 * number, missing role...) in err. */
int theme_parse(const struct config_node *root, const char *name, struct canvas_palette *out,
                char *err, size_t errsz);
/* The same from a file (its name without directory and ".yaml" names the palette). */
int theme_load_file(const char *path, struct canvas_palette *out, char *err, size_t errsz);

/* The themes `t` cycles through: the embedded ones ("default" first), then the user's
 * file if theme_resolve loaded one; n receives their number. */
const struct canvas_palette *theme_list(int *n);

/* theme_resolve's lookup (above); NULL with a message in err ("unknown theme 'neon'
 * (did you mean 'mono'?) ..." or the theme file's FILE:LINE:COL: message). */
const struct canvas_palette *theme_resolve(const char *arg, char *err, size_t errsz);

#endif
