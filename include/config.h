/*
 * config: one YAML loader for every opdeck file (sessions, layouts, themes, operation
 * files).  It turns a file or a buffer into a small tree of plain nodes, each with the
 * 1-based line and column where it starts, and offers the typed getters and the key
 * check that every file kind needs, so that every message has the same form:
 *
 *     FILE:LINE:COL: what is wrong
 *
 * Columns count characters (code points), from 1.  Echoed values go through text_quote, shortened
 * and made terminal-safe.
 *
 * The loader refuses, with the position where it can:
 *   - a file over CONFIG_MAX_BYTES, an empty file (or one with only comments / null);
 *   - binary input (a NUL byte), UTF-16 or UTF-32, invalid UTF-8, control characters;
 *   - YAML syntax errors (libyaml's message), several documents, tags;
 *   - nesting deeper than CONFIG_MAX_DEPTH, more than CONFIG_MAX_ALIASES aliases, a tree
 *     that would grow beyond CONFIG_MAX_NODES nodes (a "billion laughs" file stops at the
 *     alias that crosses the limit, in milliseconds and bounded memory);
 *   - a duplicate key (at the second one), a key that is not text, an undefined alias.
 * Aliases are expanded: the tree is a plain tree, users never see anchors or aliases.
 * The YAML 1.1 merge key "<<" is not special (it is reported as an unknown key).
 *
 * Ownership: the struct config_doc owns every node and string; config_free frees all.
 * Nodes point to the doc's name (for messages): keep the doc alive while using nodes.
 */
#ifndef OPDECK_CONFIG_H
#define OPDECK_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_BYTES (1024 * 1024)
#define CONFIG_MAX_DEPTH 32
#define CONFIG_MAX_ALIASES 64
#define CONFIG_MAX_NODES 100000

enum config_kind { CONFIG_SCALAR, CONFIG_MAP, CONFIG_SEQ };

struct config_node {
	int kind;            /* enum config_kind */
	char *value;         /* owned: a scalar's text (valid UTF-8, no NUL); NULL otherwise */
	int null;            /* a plain scalar "", "~" or "null": no value was written */
	int style;           /* a scalar's style: 0 plain, '\'', '"', '|' or '>' */
	int line, col;       /* 1-based start of the node */
	int n;               /* map: number of pairs; sequence: number of items */
	char **keys;         /* owned, map only: n keys, in file order */
	int *key_line, *key_col; /* owned, map only: where each key starts */
	struct config_node **items; /* owned: n items (a map's values, a sequence's items) */
	const char *file;    /* the doc's name, for messages (not owned) */
};

struct config_doc {
	char *name;          /* owned: the file name as given (or the buffer's name) */
	struct config_node *root; /* owned: never NULL in a loaded doc */
	int nnodes;          /* nodes in the tree, aliases expanded */
};

/*
 * Loads path.  Returns NULL and writes one message to err ("FILE:LINE:COL: what", or
 * "FILE: what" when no position applies: cannot open, too large) on failure.
 */
struct config_doc *config_load_file(const char *path, char *err, size_t errsz);
/* The same for len bytes of buf; name is used in messages. */
struct config_doc *config_load_mem(const char *name, const char *buf, size_t len,
                                   char *err, size_t errsz);
void config_free(struct config_doc *doc);

/* Writes "FILE:LINE:COL: " and the formatted message about node n to err; returns -1
 * so that callers can `return config_error(...)`. */
int config_error(const struct config_node *n, char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same at a map's i-th key. */
int config_key_error(const struct config_node *map, int i, char *err, size_t errsz,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "a map", "a list", "'abc'" (quoted by text_quote, shortened) or "nothing": for messages. */
void config_describe(const struct config_node *n, char *out, size_t outsz);

/* The value of key in map, or NULL (also when map is not a map). */
struct config_node *config_get(const struct config_node *map, const char *key);

/*
 * Checks map's keys: each must be in allowed (NULL-terminated), else "unknown key
 * 'titel' (did you mean 'title'?)" at the key, or "(expected title, subtitle, ...)"
 * when nothing is near; each of required (NULL-terminated, may be NULL) must be
 * present, else "missing key 'slides'" at the map.  A map is also required: a scalar
 * or list gives "expected a map, found ...".  Returns 0 or -1 with err set.
 */
int config_check_keys(const struct config_node *map, const char *const allowed[],
                      const char *const required[], char *err, size_t errsz);

/* The nearest of names[0..n) (n < 0: up to a NULL) to word by edit distance, or NULL when none is close
 * (more than a third of the word, at least 1 and at most 3, would have to change). */
const char *config_suggest(const char *word, const char *const names[], int n);

/*
 * Typed getters.  Each returns 0 and stores the value, or -1 with "FILE:LINE:COL:
 * message" at the node (a wrong type names what was found).  what names the value in
 * messages ("limit", "time budget").
 */
/* Text: a non-null scalar.  *out points into the node. */
int config_str(const struct config_node *n, const char *what, const char **out,
               char *err, size_t errsz);
/* A whole number in [min, max], decimal, optional sign. */
int config_int(const struct config_node *n, const char *what, long min, long max,
               long *out, char *err, size_t errsz);
/* true / false (yes / no are accepted too). */
int config_bool(const struct config_node *n, const char *what, int *out,
                char *err, size_t errsz);
/* A duration: "90s", "2m", "2m30s", "1h", "1h30m" → seconds (1 s to 24 h). */
int config_duration(const struct config_node *n, const char *what, int *seconds,
                    char *err, size_t errsz);
/* A list of 1..max whole numbers in [min, max]; *count receives their number. */
int config_ints(const struct config_node *n, const char *what, long min, long max,
                long *out, int maxn, int *count, char *err, size_t errsz);
/* One of names[0..count) exactly; else "unknown WHAT 'x' (did you mean 'y'?)" or
 * "(expected a, b, c)".  *out receives the index. */
int config_choice(const struct config_node *n, const char *what, const char *const names[],
                  int count, int *out, char *err, size_t errsz);
/* A locator (see locator.h), syntax only: the error column points into the file when
 * the scalar is on one line.  *out points into the node. */
int config_locator(const struct config_node *n, const char *what, const char **out,
                   char *err, size_t errsz);

#endif
