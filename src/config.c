/*
 * config: the YAML loader (libyaml's event parser → a plain tree) and the getters every
 * file kind shares.  The contract is in include/config.h; decisions made here:
 *
 *  - The input is checked before libyaml sees it (size, NUL bytes, UTF-16/32 byte order
 *    marks, invalid UTF-8, control characters), so those errors name a position and a
 *    cause instead of libyaml's reader message.  A UTF-8 byte order mark is accepted.
 *  - The tree is built from events by recursion bounded by CONFIG_MAX_DEPTH: a
 *    collection that would open level 33 is refused before anything is allocated for it.
 *  - Anchors remember their subtree's size and height when the anchored node ends, so an
 *    alias that would push the tree past CONFIG_MAX_NODES or CONFIG_MAX_DEPTH is refused
 *    before it is copied: the billion-laughs file costs at most CONFIG_MAX_NODES copies.
 *    An alias to a node that is still open (a recursive alias) is "undefined" at that
 *    point, as in libyaml's own loader.
 *  - Duplicate keys are found when a map ends (sorting its keys, so a 100,000-key map
 *    costs n log n): the message is at the earliest second occurrence in the file.
 *  - An empty value in a map ("title:" and nothing) is placed at its key, where the
 *    reader looks, rather than where libyaml puts it (the next token).
 *  - Tags are refused: opdeck files are plain data, and a tag would be silently ignored.
 */
#include "config.h"
#include "config_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "locator.h"
#include "text.h"

/* ---- messages -------------------------------------------------------------------------- */

static int config_verror(const char *file, int line, int col, char *err, size_t errsz,
                         const char *fmt, va_list ap)
{
	if (!err || !errsz)
		return -1;
	char q[512];
	/* The file name is echoed input too (a path can hold any byte). */
	int n = snprintf(err, errsz, "%s:%d:%d: ", text_quote(file ? file : "(input)", (size_t)-1, q, sizeof q),
	                 line, col);
	if (n >= 0 && (size_t)n < errsz)
		vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	return -1;
}

int config_at(const char *file, int line, int col, char *err, size_t errsz,
                     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	config_verror(file, line, col, err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* "FILE: message" (no position: cannot open, too large); returns -1. */
static int config_plain(const char *file, char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int config_plain(const char *file, char *err, size_t errsz, const char *fmt, ...)
{
	char q[512];
	va_list ap;

	if (!err || !errsz)
		return -1;
	int n = snprintf(err, errsz, "%s: ", text_quote(file ? file : "(input)", (size_t)-1, q, sizeof q));
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errsz)
		vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int config_error(const struct config_node *n, char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	config_verror(n ? n->file : NULL, n ? n->line : 1, n ? n->col : 1, err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

int config_key_error(const struct config_node *map, int i, char *err, size_t errsz,
                     const char *fmt, ...)
{
	va_list ap;
	int ok = map && map->kind == CONFIG_MAP && i >= 0 && i < map->n;
	va_start(ap, fmt);
	config_verror(map ? map->file : NULL, ok ? map->key_line[i] : map ? map->line : 1,
	              ok ? map->key_col[i] : map ? map->col : 1, err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

void config_describe(const struct config_node *n, char *out, size_t outsz)
{
	char q[200];

	if (!n || (n->kind == CONFIG_SCALAR && n->null))
		snprintf(out, outsz, "nothing");
	else if (n->kind == CONFIG_MAP)
		snprintf(out, outsz, "a map");
	else if (n->kind == CONFIG_SEQ)
		snprintf(out, outsz, "a list");
	else {
		text_quote(n->value, (size_t)-1, q, CONFIG_QUOTE_MAX);
		snprintf(out, outsz, "'%s'", q);
	}
}

/* ---- the tree -------------------------------------------------------------------------- */

static void config_node_free(struct config_node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++) {
		config_node_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_line);
	free(n->key_col);
	free(n->value);
	free(n);
}

void config_free(struct config_doc *doc)
{
	if (!doc)
		return;
	config_node_free(doc->root);
	free(doc->name);
	free(doc);
}

struct config_anchor {
	char *name;                /* owned */
	struct config_node *node;  /* borrowed from the tree */
	int size, height;          /* nodes in the subtree, its levels of collections */
};

struct config_loader {
	yaml_parser_t parser;
	struct config_doc *doc;
	const char *buf;           /* the input, for reader-error positions */
	size_t len;
	struct config_anchor *anchors; /* owned */
	int nanchors, capanchors;
	int naliases;
	char *err;
	size_t errsz;
};

/* Levels of collections in n's subtree (a scalar is 0, a map of scalars 1). */
static int config_height(const struct config_node *n)
{
	int h = 0;
	if (n->kind == CONFIG_SCALAR)
		return 0;
	for (int i = 0; i < n->n; i++) {
		int k = config_height(n->items[i]);
		if (k > h)
			h = k;
	}
	return h + 1;
}

static int config_size(const struct config_node *n)
{
	int s = 1;
	for (int i = 0; i < n->n; i++)
		s += config_size(n->items[i]);
	return s;
}

static int config_oom(struct config_loader *L)
{
	config_plain(L->doc->name, L->err, L->errsz, "out of memory");
	return -1;
}

static struct config_node *config_new(struct config_loader *L, int kind, yaml_mark_t m)
{
	struct config_node *n;

	if (L->doc->nnodes >= CONFIG_MAX_NODES) {
		config_at(L->doc->name, (int)m.line + 1, (int)m.column + 1, L->err, L->errsz,
		          "more than %d values in one file", CONFIG_MAX_NODES);
		return NULL;
	}
	n = calloc(1, sizeof *n);
	if (!n) {
		config_oom(L);
		return NULL;
	}
	n->kind = kind;
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	n->file = L->doc->name;
	L->doc->nnodes++;
	return n;
}

/* A deep copy of n (an alias's expansion), which the caller has already counted. */
static struct config_node *config_copy(const struct config_node *n, int line, int col)
{
	struct config_node *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	*c = *n;
	c->value = NULL;
	c->keys = NULL;
	c->key_line = c->key_col = NULL;
	c->items = NULL;
	c->n = 0;
	/* The copy is where the alias is: a message about it points at the alias. */
	c->line = line;
	c->col = col;
	if (n->value && !(c->value = strdup(n->value)))
		goto fail;
	if (n->n) {
		if (!(c->items = calloc((size_t)n->n, sizeof *c->items)))
			goto fail;
		if (n->kind == CONFIG_MAP &&
		    (!(c->keys = calloc((size_t)n->n, sizeof *c->keys)) ||
		     !(c->key_line = malloc((size_t)n->n * sizeof(int))) ||
		     !(c->key_col = malloc((size_t)n->n * sizeof(int)))))
			goto fail;
		for (int i = 0; i < n->n; i++) {
			c->n = i + 1;
			if (!(c->items[i] = config_copy(n->items[i], n->items[i]->line, n->items[i]->col)))
				goto fail;
			if (n->kind == CONFIG_MAP) {
				if (!(c->keys[i] = strdup(n->keys[i])))
					goto fail;
				c->key_line[i] = n->key_line[i];
				c->key_col[i] = n->key_col[i];
			}
		}
	}
	return c;
fail:
	config_node_free(c);
	return NULL;
}

static int config_anchor_add(struct config_loader *L, const yaml_char_t *name,
                             struct config_node *n)
{
	if (!name)
		return 0;
	if (L->nanchors == L->capanchors) {
		int cap = L->capanchors ? L->capanchors * 2 : 8;
		struct config_anchor *a = realloc(L->anchors, (size_t)cap * sizeof *a);
		if (!a)
			return config_oom(L);
		L->anchors = a;
		L->capanchors = cap;
	}
	struct config_anchor *a = &L->anchors[L->nanchors];
	if (!(a->name = strdup((const char *)name)))
		return config_oom(L);
	a->node = n;
	a->size = config_size(n);
	a->height = config_height(n);
	L->nanchors++;
	return 0;
}

struct config_keyref {
	const char *key;
	int index;
};

static int config_by_key(const void *a, const void *b)
{
	const struct config_keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Reports the earliest second occurrence of a key in map, if any. */
static int config_check_duplicates(struct config_loader *L, struct config_node *map)
{
	struct config_keyref *r;
	int dup = -1, first = -1;

	if (map->n < 2)
		return 0;
	if (!(r = malloc((size_t)map->n * sizeof *r)))
		return config_oom(L);
	for (int i = 0; i < map->n; i++) {
		r[i].key = map->keys[i];
		r[i].index = i;
	}
	qsort(r, (size_t)map->n, sizeof *r, config_by_key);
	for (int i = 1; i < map->n; i++) {
		/* Within a run of equal keys the first two are sorted by position. */
		if (strcmp(r[i].key, r[i - 1].key) == 0 && (i < 2 || strcmp(r[i - 2].key, r[i].key) != 0) &&
		    (dup < 0 || r[i].index < dup)) {
			dup = r[i].index;
			first = r[i - 1].index;
		}
	}
	free(r);
	if (dup < 0)
		return 0;
	char q[200];
	text_quote(map->keys[dup], (size_t)-1, q, CONFIG_QUOTE_MAX);
	config_at(L->doc->name, map->key_line[dup], map->key_col[dup], L->err, L->errsz,
	          "duplicate key '%s' (first at line %d)", q, map->key_line[first]);
	return -1;
}

/* Reports libyaml's error with its position. */
static int config_syntax_error(struct config_loader *L)
{
	yaml_parser_t *p = &L->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_MEMORY_ERROR)
		return config_oom(L);
	if (p->error == YAML_READER_ERROR) {
		/* Position from the byte offset (the input was checked, so this is rare). */
		int line = 1, col = 1;
		for (size_t i = 0; i < p->problem_offset && i < L->len; i++) {
			if (L->buf[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)L->buf[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		return config_at(L->doc->name, line, col, L->err, L->errsz, "%s", problem);
	}
	if (p->context)
		return config_at(L->doc->name, (int)p->problem_mark.line + 1,
		                 (int)p->problem_mark.column + 1, L->err, L->errsz,
		                 "%s (%s at line %d)", problem, p->context,
		                 (int)p->context_mark.line + 1);
	return config_at(L->doc->name, (int)p->problem_mark.line + 1,
	                 (int)p->problem_mark.column + 1, L->err, L->errsz, "%s", problem);
}

static int config_next(struct config_loader *L, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&L->parser, ev))
		return config_syntax_error(L);
	return 0;
}

static int config_tag_error(struct config_loader *L, const yaml_event_t *ev, const yaml_char_t *tag)
{
	char q[200];
	text_quote((const char *)tag, (size_t)-1, q, CONFIG_QUOTE_MAX);
	return config_at(L->doc->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
	                 L->err, L->errsz, "tag '%s': tags are not used in opdeck files", q);
}

static struct config_node *config_load_node(struct config_loader *L, yaml_event_t *ev, int depth);

static struct config_node *config_load_alias(struct config_loader *L, yaml_event_t *ev, int depth)
{
	const char *name = (const char *)ev->data.alias.anchor;
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	char q[200];

	text_quote(name, (size_t)-1, q, CONFIG_QUOTE_MAX);
	if (++L->naliases > CONFIG_MAX_ALIASES) {
		config_at(L->doc->name, line, col, L->err, L->errsz,
		          "more than %d aliases in one file", CONFIG_MAX_ALIASES);
		return NULL;
	}
	for (int i = L->nanchors - 1; i >= 0; i--) {
		struct config_anchor *a = &L->anchors[i];
		if (strcmp(a->name, name) != 0)
			continue;
		if (depth - 1 + a->height > CONFIG_MAX_DEPTH) {
			config_at(L->doc->name, line, col, L->err, L->errsz,
			          "alias '*%s' nests deeper than %d levels", q, CONFIG_MAX_DEPTH);
			return NULL;
		}
		if (L->doc->nnodes + a->size > CONFIG_MAX_NODES) {
			config_at(L->doc->name, line, col, L->err, L->errsz,
			          "aliases expand beyond %d values (alias '*%s')", CONFIG_MAX_NODES, q);
			return NULL;
		}
		struct config_node *c = config_copy(a->node, line, col);
		if (!c) {
			config_oom(L);
			return NULL;
		}
		L->doc->nnodes += a->size;
		return c;
	}
	config_at(L->doc->name, line, col, L->err, L->errsz,
	          "alias '*%s' has no anchor '&%s' before it", q, q);
	return NULL;
}

static struct config_node *config_load_scalar(struct config_loader *L, yaml_event_t *ev)
{
	struct config_node *n;
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (ev->data.scalar.tag)
		return config_tag_error(L, ev, ev->data.scalar.tag), NULL;
	if (memchr(v, '\0', len)) {
		config_at(L->doc->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		          L->err, L->errsz, "a NUL character (\\0) in a value");
		return NULL;
	}
	if (!(n = config_new(L, CONFIG_SCALAR, ev->start_mark)))
		return NULL;
	if (!(n->value = malloc(len + 1))) {
		config_node_free(n);
		config_oom(L);
		return NULL;
	}
	memcpy(n->value, v, len);
	n->value[len] = '\0';
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = '\''; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = '"'; break;
	case YAML_LITERAL_SCALAR_STYLE:       n->style = '|'; break;
	case YAML_FOLDED_SCALAR_STYLE:        n->style = '>'; break;
	default:                              n->style = 0; break;
	}
	n->null = n->style == 0 && (len == 0 || strcmp(n->value, "~") == 0 ||
	                            strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	                            strcmp(n->value, "NULL") == 0);
	return n;
}

/* Appends item (and for a map its key) to n; frees item on failure. */
static int config_append(struct config_loader *L, struct config_node *n, struct config_node *item,
                         struct config_node *key)
{
	size_t k = (size_t)n->n + 1;
	struct config_node **items;

	/* Grow by doubling: capacity is the next power of two >= n. */
	if ((n->n & (n->n - 1)) == 0) {
		size_t cap = n->n ? (size_t)n->n * 2 : 1;
		if (!(items = realloc(n->items, cap * sizeof *items)))
			goto oom;
		n->items = items;
		if (key) {
			char **keys = realloc(n->keys, cap * sizeof *keys);
			if (!keys)
				goto oom;
			n->keys = keys;
			int *kl = realloc(n->key_line, cap * sizeof *kl);
			if (!kl)
				goto oom;
			n->key_line = kl;
			int *kc = realloc(n->key_col, cap * sizeof *kc);
			if (!kc)
				goto oom;
			n->key_col = kc;
		}
	}
	n->items[k - 1] = item;
	if (key) {
		/* The key's text moves into the map. */
		n->keys[k - 1] = key->value;
		key->value = NULL;
		n->key_line[k - 1] = key->line;
		n->key_col[k - 1] = key->col;
	}
	n->n = (int)k;
	return 0;
oom:
	config_node_free(item);
	return config_oom(L);
}

static struct config_node *config_load_collection(struct config_loader *L, yaml_event_t *ev,
                                                  int depth)
{
	int map = ev->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	struct config_node *n, *key = NULL;
	yaml_event_t e;

	if (tag)
		return config_tag_error(L, ev, tag), NULL;
	if (depth > CONFIG_MAX_DEPTH) {
		config_at(L->doc->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		          L->err, L->errsz, "nesting deeper than %d levels", CONFIG_MAX_DEPTH);
		return NULL;
	}
	if (!(n = config_new(L, map ? CONFIG_MAP : CONFIG_SEQ, ev->start_mark)))
		return NULL;
	for (;;) {
		if (config_next(L, &e) < 0)
			goto fail;
		if (e.type == (map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT)) {
			yaml_event_delete(&e);
			break;
		}
		if (map && !key) {
			int line = (int)e.start_mark.line + 1, col = (int)e.start_mark.column + 1;
			if (e.type != YAML_SCALAR_EVENT) {
				config_at(L->doc->name, line, col, L->err, L->errsz,
				          e.type == YAML_ALIAS_EVENT ? "a key must be written out, not an alias"
				                                     : "a key must be text, not a list or map");
				yaml_event_delete(&e);
				goto fail;
			}
			key = config_load_scalar(L, &e);
			yaml_event_delete(&e);
			if (!key)
				goto fail;
			L->doc->nnodes--; /* a key is not a value */
			if (key->null && key->style == 0 && key->value[0] == '\0') {
				config_at(L->doc->name, line, col, L->err, L->errsz, "a key is missing before ':'");
				goto fail;
			}
			continue;
		}
		struct config_node *item = config_load_node(L, &e, depth + 1);
		yaml_event_delete(&e);
		if (!item)
			goto fail;
		if (map && item->kind == CONFIG_SCALAR && item->null && item->value[0] == '\0') {
			item->line = key->line;
			item->col = key->col;
		}
		if (config_append(L, n, item, map ? key : NULL) < 0)
			goto fail;
		config_node_free(key);
		key = NULL;
	}
	if (map && config_check_duplicates(L, n) < 0)
		goto fail;
	return n;
fail:
	config_node_free(key);
	config_node_free(n);
	return NULL;
}

/* Builds the node that starts with ev (a scalar, alias or collection start). */
static struct config_node *config_load_node(struct config_loader *L, yaml_event_t *ev, int depth)
{
	struct config_node *n;
	const yaml_char_t *anchor = NULL;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return config_load_alias(L, ev, depth);
	case YAML_SCALAR_EVENT:
		n = config_load_scalar(L, ev);
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		n = config_load_collection(L, ev, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		n = config_load_collection(L, ev, depth);
		break;
	default:
		config_at(L->doc->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		          L->err, L->errsz, "unexpected YAML event");
		return NULL;
	}
	if (n && config_anchor_add(L, anchor, n) < 0) {
		config_node_free(n);
		return NULL;
	}
	return n;
}

/* ---- input checks ---------------------------------------------------------------------- */

/* Refuses what is not UTF-8 text, with the position of the first bad byte. */
static int config_check_text(const char *name, const char *buf, size_t len, char *err, size_t errsz)
{
	const unsigned char *u = (const unsigned char *)buf;
	int line = 1, col = 1;

	if ((len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) ||
	    (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF))
		return config_at(name, 1, 1, err, errsz,
		                 "UTF-16 or UTF-32 text; save the file as UTF-8");
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = text_decode(buf + i, len - i, &cp);

		if (u[i] == 0)
			return config_at(name, line, col, err, errsz,
			                 "binary data (a NUL byte); expected UTF-8 text");
		if (cp == TEXT_REPLACEMENT && !(k == 3 && memcmp(buf + i, "\xEF\xBF\xBD", 3) == 0))
			return config_at(name, line, col, err, errsz,
			                 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", u[i]);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp < 0xA0))
			return config_at(name, line, col, err, errsz,
			                 "control character U+%04X (not allowed in YAML text)", (unsigned)cp);
		if (cp == '\n') {
			line++;
			col = 1;
		} else if (!(cp == '\r' && i + 1 < len && buf[i + 1] == '\n')) {
			col++;
		}
		i += k;
	}
	return 0;
}

struct config_doc *config_load_mem(const char *name, const char *buf, size_t len,
                                   char *err, size_t errsz)
{
	struct config_loader L;
	struct config_doc *doc;
	yaml_event_t ev;
	int ok = 0, parser = 0;
	char dummy[8];

	if (!err || !errsz) {
		err = dummy;
		errsz = sizeof dummy;
	}
	err[0] = '\0';
	if (!name)
		name = "(input)";
	if (len > CONFIG_MAX_BYTES) {
		config_plain(name, err, errsz, "larger than %d KiB (%zu bytes); opdeck files are small",
		             CONFIG_MAX_BYTES / 1024, len);
		return NULL;
	}
	if (!buf)
		len = 0;
	if (config_check_text(name, buf, len, err, errsz) < 0)
		return NULL;
	if (!(doc = calloc(1, sizeof *doc)) || !(doc->name = strdup(name))) {
		free(doc);
		config_plain(name, err, errsz, "out of memory");
		return NULL;
	}
	memset(&L, 0, sizeof L);
	L.doc = doc;
	L.buf = buf;
	L.len = len;
	L.err = err;
	L.errsz = errsz;
	if (!yaml_parser_initialize(&L.parser)) {
		config_oom(&L);
		goto done;
	}
	parser = 1;
	yaml_parser_set_input_string(&L.parser, (const unsigned char *)(buf ? buf : ""), len);
	/* No UTF-16 byte order mark (checked above): libyaml reads UTF-8 and drops a BOM. */
	/* STREAM-START, then DOCUMENT-START or STREAM-END (nothing but comments). */
	if (config_next(&L, &ev) < 0)
		goto done;
	yaml_event_delete(&ev);
	if (config_next(&L, &ev) < 0)
		goto done;
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		yaml_event_delete(&ev);
		config_at(name, 1, 1, err, errsz, "empty file (no YAML content)");
		goto done;
	}
	yaml_event_delete(&ev);
	if (config_next(&L, &ev) < 0)
		goto done;
	doc->root = config_load_node(&L, &ev, 1);
	yaml_event_delete(&ev);
	if (!doc->root)
		goto done;
	if (doc->root->kind == CONFIG_SCALAR && doc->root->null) {
		config_at(name, 1, 1, err, errsz, "empty file (no YAML content)");
		goto done;
	}
	/* DOCUMENT-END, then STREAM-END: a second DOCUMENT-START is refused. */
	if (config_next(&L, &ev) < 0)
		goto done;
	yaml_event_delete(&ev);
	if (config_next(&L, &ev) < 0)
		goto done;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		config_at(name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1, err, errsz,
		          "a second document; an opdeck file holds one");
		yaml_event_delete(&ev);
		goto done;
	}
	yaml_event_delete(&ev);
	ok = 1;
done:
	if (parser)
		yaml_parser_delete(&L.parser);
	for (int i = 0; i < L.nanchors; i++)
		free(L.anchors[i].name);
	free(L.anchors);
	if (!ok) {
		config_free(doc);
		return NULL;
	}
	return doc;
}

struct config_doc *config_load_file(const char *path, char *err, size_t errsz)
{
	struct config_doc *doc = NULL;
	char *buf = NULL, dummy[8];
	size_t len = 0;
	FILE *f;

	if (!err || !errsz) {
		err = dummy;
		errsz = sizeof dummy;
	}
	if (!path || !(f = fopen(path, "rb"))) {
		config_plain(path ? path : "(null)", err, errsz, "cannot open: %s", strerror(errno));
		return NULL;
	}
	/* Read one byte past the limit, so "too large" needs no stat (pipes, /dev/stdin). */
	if (!(buf = malloc(CONFIG_MAX_BYTES + 1))) {
		fclose(f);
		config_plain(path, err, errsz, "out of memory");
		return NULL;
	}
	len = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
	if (ferror(f)) {
		config_plain(path, err, errsz, "cannot read: %s", strerror(errno));
	} else if (len > CONFIG_MAX_BYTES) {
		config_plain(path, err, errsz, "larger than %d KiB; opdeck files are small",
		             CONFIG_MAX_BYTES / 1024);
	} else {
		doc = config_load_mem(path, buf, len, err, errsz);
	}
	fclose(f);
	free(buf);
	return doc;
}

