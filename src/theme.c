/*
 * theme: theme files → palettes, and the --theme lookup (contract in include/theme.h).
 *
 * Decisions made here:
 *  - Every role must be given (an empty map {} is an explicit "terminal colours, no
 *    attributes"), so a theme never inherits a colour it did not choose; inside a role,
 *    an absent fg or bg is the documented [-1, -1, -1].
 *  - Colours are three numbers, one per depth, each checked against its depth's range,
 *    so "fg item 2" errors say which depth is wrong.
 *  - The embedded themes are parsed on first use; a broken embedded file is a build bug
 *    that the unit tests catch (test_theme), and at run time it is left out of the list
 *    with its message on stderr rather than ending the program.
 */
#include "theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_internal.h" /* CONFIG_QUOTE_MAX */
#include "embed.h"
#include "text.h"

#ifndef OPDECK_SHARE_DIR
#define OPDECK_SHARE_DIR "/usr/local/share/opdeck"
#endif

#define THEME_MAX 16 /* embedded themes, plus the user's slot */

/* The roles a theme names, NULL-terminated (config_check_keys reads up to the NULL). */
static const char *const role_names[ROLE_CAT_0 + 1] = {
	[ROLE_NORMAL] = "normal",
	[ROLE_TITLE] = "title",
	[ROLE_BORDER] = "border",
	[ROLE_BORDER_FOCUS] = "border-focus",
	[ROLE_HEADER] = "header",
	[ROLE_BAR] = "bar",
	[ROLE_NUMBER] = "number",
	[ROLE_DELTA_UP] = "delta-up",
	[ROLE_DELTA_DOWN] = "delta-down",
	[ROLE_MUTED] = "muted",
	[ROLE_SELECTION] = "selection",
	[ROLE_ALERT] = "alert",
	[ROLE_STATUS] = "status",
	[ROLE_KEY] = "key",
	[ROLE_CHANGED] = "changed",
	[ROLE_CAT_0] = NULL,
};

static const char *const theme_keys[] = { "description", "roles", "categories", "agencies", NULL };
static const char *const style_keys[] = { "fg", "bg", "attr", "mono", NULL };
static const char *const attr_names[] = { "bold", "reverse", "underline" };
static const int attr_bits[] = { CANVAS_BOLD, CANVAS_REVERSE, CANVAS_UNDERLINE };

/* [C256, C16, C8] into three shorts. */
static int theme_colours(const struct config_node *n, const char *what, short *c256, short *c16,
                         short *c8, char *err, size_t errsz)
{
	static const char *const depth[] = { "256-colour", "16-colour", "8-colour" };
	static const long max[] = { 255, 15, 7 };
	short *out[] = { c256, c16, c8 };
	char label[96], d[256];

	if (!n || n->kind != CONFIG_SEQ || n->n != 3) {
		if (n && n->kind == CONFIG_SEQ)
			snprintf(d, sizeof d, "a list of %d", n->n);
		else
			config_describe(n, d, sizeof d);
		return config_error(n, err, errsz, "%s must be [256-colour, 16-colour, 8-colour] "
		                    "like [209, 9, 1] (-1: the terminal's own), found %s", what, d);
	}
	for (int i = 0; i < 3; i++) {
		long v;
		snprintf(label, sizeof label, "%s %s", what, depth[i]);
		if (config_int(n->items[i], label, -1, max[i], &v, err, errsz) < 0)
			return -1;
		*out[i] = (short)v;
	}
	return 0;
}

/* bold | [bold, underline] into attribute bits. */
static int theme_attrs(const struct config_node *n, const char *what, uint8_t *bits,
                       char *err, size_t errsz)
{
	int k;

	*bits = 0;
	if (n && n->kind == CONFIG_SEQ) {
		for (int i = 0; i < n->n; i++) {
			if (config_choice(n->items[i], what, attr_names, 3, &k, err, errsz) < 0)
				return -1;
			*bits |= (uint8_t)attr_bits[k];
		}
		return 0;
	}
	if (config_choice(n, what, attr_names, 3, &k, err, errsz) < 0)
		return -1;
	*bits = (uint8_t)attr_bits[k];
	return 0;
}

/* One style map {fg, bg, attr, mono}; what names it in messages ("role 'title'"). */
static int theme_style(const struct config_node *n, const char *what, struct canvas_style *st,
                       char *err, size_t errsz)
{
	char label[128];
	const struct config_node *v;

	*st = (struct canvas_style){ -1, -1, -1, -1, -1, -1, 0, 0 };
	if (config_check_keys(n, style_keys, NULL, err, errsz) < 0)
		return -1;
	snprintf(label, sizeof label, "%s fg", what);
	if ((v = config_get(n, "fg")) && theme_colours(v, label, &st->fg256, &st->fg16, &st->fg8, err, errsz) < 0)
		return -1;
	snprintf(label, sizeof label, "%s bg", what);
	if ((v = config_get(n, "bg")) && theme_colours(v, label, &st->bg256, &st->bg16, &st->bg8, err, errsz) < 0)
		return -1;
	snprintf(label, sizeof label, "%s attr", what);
	if ((v = config_get(n, "attr")) && theme_attrs(v, label, &st->attr, err, errsz) < 0)
		return -1;
	snprintf(label, sizeof label, "%s mono", what);
	if ((v = config_get(n, "mono")) && theme_attrs(v, label, &st->mono_attr, err, errsz) < 0)
		return -1;
	return 0;
}

/* A list of lo..hi styles into out[0..hi), repeating by position when shorter. */
static int theme_style_list(const struct config_node *n, const char *what, int lo, int hi,
                            struct canvas_style *out, char *err, size_t errsz)
{
	char label[64], d[256];

	if (!n || n->kind != CONFIG_SEQ || n->n < lo || n->n > hi) {
		char count[32];
		if (n && n->kind == CONFIG_SEQ)
			snprintf(d, sizeof d, "a list of %d", n->n);
		else
			config_describe(n, d, sizeof d);
		if (lo == hi)
			snprintf(count, sizeof count, "%d", lo);
		else
			snprintf(count, sizeof count, "%d to %d", lo, hi);
		return config_error(n, err, errsz, "%s must be a list of %s colours like "
		                    "{fg: [209, 9, 1]}, found %s", what, count, d);
	}
	for (int i = 0; i < n->n; i++) {
		snprintf(label, sizeof label, "%s item %d", what, i + 1);
		if (theme_style(n->items[i], label, &out[i], err, errsz) < 0)
			return -1;
	}
	for (int i = n->n; i < hi; i++)
		out[i] = out[i % n->n];
	return 0;
}

int theme_parse(const struct config_node *root, const char *name, struct canvas_palette *out,
                char *err, size_t errsz)
{
	static const char *const required[] = { "roles", "categories", "agencies", NULL };
	struct canvas_palette p;
	const struct config_node *roles, *v;
	const char *s;
	char label[64];

	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "%s", name ? name : "theme");
	if (config_check_keys(root, theme_keys, required, err, errsz) < 0)
		return -1;
	if ((v = config_get(root, "description")) && config_str(v, "description", &s, err, errsz) < 0)
		return -1;
	roles = config_get(root, "roles");
	if (config_check_keys(roles, role_names, NULL, err, errsz) < 0)
		return -1;
	for (int r = 0; r < ROLE_CAT_0; r++) {
		if (!(v = config_get(roles, role_names[r])) && r == ROLE_CHANGED) {
			/* Added after theme files were in users' hands: a file without it still
			 * loads, the highlight then looks like the selection, made bold. */
			p.role[r] = p.role[ROLE_SELECTION];
			p.role[r].attr |= CANVAS_BOLD;
			p.role[r].mono_attr |= CANVAS_BOLD | CANVAS_REVERSE;
			continue;
		}
		if (!v)
			return config_error(roles, err, errsz, "missing role '%s'", role_names[r]);
		snprintf(label, sizeof label, "role '%s'", role_names[r]);
		if (theme_style(v, label, &p.role[r], err, errsz) < 0)
			return -1;
	}
	if (theme_style_list(config_get(root, "categories"), "categories", 6, ROLE_CAT_N,
	                     &p.role[ROLE_CAT_0], err, errsz) < 0 ||
	    theme_style_list(config_get(root, "agencies"), "agencies", ROLE_AGENCY_N, ROLE_AGENCY_N,
	                     &p.role[ROLE_AGENCY_0], err, errsz) < 0)
		return -1;
	*out = p;
	return 0;
}

/* "dir/ocean.yaml" → "ocean". */
static void theme_name_of(const char *path, char *out, size_t outsz)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
		n -= 4;
	snprintf(out, outsz, "%.*s", (int)n, b);
}

int theme_load_file(const char *path, struct canvas_palette *out, char *err, size_t errsz)
{
	char name[sizeof out->name];
	struct config_doc *d = config_load_file(path, err, errsz);
	int rc;

	if (!d)
		return -1;
	theme_name_of(path, name, sizeof name);
	rc = theme_parse(d->root, name, out, err, errsz);
	config_free(d);
	return rc;
}

/* ---- the list and the lookup --------------------------------------------------------- */

static struct canvas_palette themes[THEME_MAX]; /* embedded ones, then the user's slot */
static int nembedded = -1, have_user;

static void theme_init(void)
{
	char err[512];

	if (nembedded >= 0)
		return;
	nembedded = 0;
	for (const struct embed_file *f = theme_files; f->name && nembedded < THEME_MAX - 1; f++) {
		struct config_doc *d = config_load_mem(f->path, f->text, f->len, err, sizeof err);
		if (d && theme_parse(d->root, f->name, &themes[nembedded], err, sizeof err) == 0)
			nembedded++;
		else
			fprintf(stderr, "opdeck: built-in theme %s\n", err);
		config_free(d);
	}
}

const struct canvas_palette *theme_list(int *n)
{
	theme_init();
	if (n)
		*n = nembedded + have_user;
	return themes;
}

/* Loads path into the user slot, or the slot of the built-in theme of the same name
 * (only when the file is valid). */
static const struct canvas_palette *theme_user(const char *path, char *err, size_t errsz)
{
	struct canvas_palette p;

	if (theme_load_file(path, &p, err, errsz) < 0)
		return NULL;
	/* A file named like a built-in theme (an edited copy in ~/.config or the share
	 * directory) takes that theme's place, so that `t` does not show it twice. */
	for (int i = 0; i < nembedded; i++) {
		if (strcmp(themes[i].name, p.name) == 0) {
			themes[i] = p;
			return &themes[i];
		}
	}
	themes[nembedded] = p;
	have_user = 1;
	return &themes[nembedded];
}

/* A file that exists but cannot be read is reported by the load, not skipped. */
static int theme_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

const struct canvas_palette *theme_resolve(const char *arg, char *err, size_t errsz)
{
	char path[4096], list[512], q[200];
	const char *names[THEME_MAX];
	size_t n;

	theme_init();
	if (!arg || !*arg) {
		snprintf(err, errsz, "no theme name given");
		return NULL;
	}
	n = strlen(arg);
	if (strchr(arg, '/') || (n > 5 && strcmp(arg + n - 5, ".yaml") == 0))
		return theme_user(arg, err, errsz);
	/* A name: the user's directory, then the installed one, then the embedded. */
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(path, sizeof path, "%s/opdeck/themes/%s.yaml", xdg, arg);
	else if (home && home[0] == '/')
		snprintf(path, sizeof path, "%s/.config/opdeck/themes/%s.yaml", home, arg);
	else
		path[0] = '\0';
	if (path[0] && theme_exists(path))
		return theme_user(path, err, errsz);
	snprintf(path, sizeof path, "%s/themes/%s.yaml", OPDECK_SHARE_DIR, arg);
	if (theme_exists(path))
		return theme_user(path, err, errsz);
	for (int i = 0; i < nembedded; i++)
		if (strcmp(themes[i].name, arg) == 0)
			return &themes[i];
	size_t used = 0;
	list[0] = '\0';
	for (int i = 0; i < nembedded; i++) {
		names[i] = themes[i].name;
		size_t k = strlen(names[i]);
		if (used + k + 3 >= sizeof list)
			break;
		if (i) {
			memcpy(list + used, ", ", 2);
			used += 2;
		}
		memcpy(list + used, names[i], k + 1);
		used += k;
	}
	text_quote(arg, (size_t)-1, q, CONFIG_QUOTE_MAX);
	const char *near = config_suggest(arg, names, nembedded);
	if (near)
		snprintf(err, errsz, "unknown theme '%s' (did you mean '%s'?)", q, near);
	else
		snprintf(err, errsz, "unknown theme '%s' (themes: %s; or a file: --theme ./NAME.yaml)", q, list);
	return NULL;
}
