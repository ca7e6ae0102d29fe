/*
 * libFuzzer target for the YAML loader: no crash, no leak, no unbounded work; a loaded
 * tree is well formed (positions from 1, maps with keys, counts within the limits) and
 * every failure has a message naming the input.  Every tree that loads is also given to
 * theme_parse, which drives the typed getters and the key check over arbitrary trees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "embed.h"
#include "theme.h"

/* The fuzzer needs no built-in themes (theme.c refers to the table). */
const struct embed_file theme_files[] = { { 0, 0, 0, 0 } };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_walk(const struct config_node *n, int depth)
{
	int count = 1;
	if (!n || n->line < 1 || n->col < 1 || depth > CONFIG_MAX_DEPTH + 1)
		abort();
	if (n->kind == CONFIG_SCALAR) {
		if (!n->value || n->n != 0)
			abort();
		return 1;
	}
	if (n->value || (n->kind == CONFIG_MAP && n->n && !n->keys))
		abort();
	for (int i = 0; i < n->n; i++) {
		if (n->kind == CONFIG_MAP && (!n->keys[i] || n->key_line[i] < 1))
			abort();
		count += fuzz_walk(n->items[i], depth + 1);
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct config_doc *d = config_load_mem("fuzz.yaml", (const char *)data, size, err, sizeof err);

	if (d) {
		int count = fuzz_walk(d->root, 1);
		if (count != d->nnodes || count > CONFIG_MAX_NODES)
			abort();
		struct canvas_palette p;
		if (theme_parse(d->root, "fuzz", &p, err, sizeof err) < 0 && strncmp(err, "fuzz.yaml:", 10) != 0)
			abort();
		config_free(d);
	} else if (strncmp(err, "fuzz.yaml:", 10) != 0) {
		abort();
	}
	return 0;
}
