/*
 * check: `opdeck check` (contract in include/check.h).  A kind of file is a row of the
 * table below: the top-level keys that identify it and the function that validates it
 * with the same loader the program uses to open it.
 */
#include "check.h"

#include <string.h>

#include "canvas.h"
#include "config.h"
#include "text.h"
#include "theme.h"

struct check_kind {
	const char *name;               /* "theme", for "FILE: ok (theme)" */
	const char *const *keys;        /* top-level keys any one of which identifies the kind */
	/* Validates path (already loaded as doc); 0, or -1 with err set. */
	int (*check)(const char *path, const struct config_doc *doc, const struct check_options *o,
	             char *err, size_t errsz);
};

static int check_theme(const char *path, const struct config_doc *doc, const struct check_options *o,
                       char *err, size_t errsz)
{
	struct canvas_palette p;
	(void)path;
	(void)o;
	return theme_parse(doc->root, "theme", &p, err, errsz);
}

static const char *const theme_keys[] = { "roles", "categories", "agencies", NULL };

static const struct check_kind kinds[] = {
	{ "theme", theme_keys, check_theme },
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

static const struct check_kind *check_detect(const struct config_node *root)
{
	for (int k = 0; k < NKINDS; k++)
		for (int i = 0; kinds[k].keys[i]; i++)
			if (config_get(root, kinds[k].keys[i]))
				return &kinds[k];
	return NULL;
}

int check_files(int n, const char *const files[], const struct check_options *o,
                FILE *out, FILE *errs)
{
	char err[2048], list[256];
	int bad = 0;

	list[0] = '\0';
	for (int k = 0; k < NKINDS; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s (%s:)",
		         k ? (k + 1 == NKINDS ? " or " : ", ") : "", kinds[k].name, kinds[k].keys[0]);
	for (int i = 0; i < n; i++) {
		struct config_doc *doc = config_load_file(files[i], err, sizeof err);
		const struct check_kind *kind = doc ? check_detect(doc->root) : NULL;
		int rc;

		if (!doc)
			rc = -1;
		else if (!kind)
			rc = config_error(doc->root, err, sizeof err,
			                  "not an opdeck file this version checks: expected a %s", list);
		else
			rc = kind->check(files[i], doc, o, err, sizeof err);
		if (rc < 0) {
			fflush(out); /* keep the files' order when both go to one place */
			fprintf(errs, "opdeck: %s\n", err);
			bad = 1;
		} else {
			char q[512];
			fprintf(out, "%s: ok (%s)\n", text_quote(files[i], (size_t)-1, q, sizeof q), kind->name);
		}
		config_free(doc);
	}
	return bad;
}
