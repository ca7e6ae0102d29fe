/*
 * config_get: the lookups, the key check with its "did you mean" and the typed getters
 * that every opdeck file kind shares (contract in include/config.h).  Messages are
 * "FILE:LINE:COL: WHAT must be EXPECTED, found 'x'" at the node, so that every file
 * kind words its errors the same way.
 */
#include "config.h"
#include "config_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locator.h"
#include "text.h"

/* ---- lookups and checks ---------------------------------------------------------------- */

struct config_node *config_get(const struct config_node *map, const char *key)
{
	if (!map || map->kind != CONFIG_MAP || !key)
		return NULL;
	for (int i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

/* Optimal string alignment distance (an adjacent swap costs 1: "titel" → "title"),
 * over bytes; words longer than 63 bytes are never near. */
static int config_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int d[64][64];

	if (la > 63 || lb > 63)
		return 99;
	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++) {
		for (int j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *config_suggest(const char *word, const char *const names[], int n)
{
	const char *best = NULL;
	int bestd = 0, max;

	if (!word || !names)
		return NULL;
	max = (int)strlen(word) / 3;
	max = max < 1 ? 1 : max > 3 ? 3 : max;
	for (int i = 0; (n < 0 || i < n) && names[i]; i++) {
		int d = config_distance(word, names[i]);
		if (d <= max && (!best || d < bestd)) {
			best = names[i];
			bestd = d;
		}
	}
	return best;
}

/* ", "-separated names into out. */
static void config_list(const char *const names[], int n, char *out, size_t outsz)
{
	size_t j = 0;

	out[0] = '\0';
	for (int i = 0; (n < 0 || i < n) && names[i]; i++) {
		int w = snprintf(out + j, outsz - j, "%s%s", i ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= outsz - j)
			break;
		j += (size_t)w;
	}
}

/* "unknown WHAT 'x' (did you mean 'y'?)" or "(expected a, b, c)" into msg. */
static void config_unknown(const char *what, const char *word, const char *const names[], int n,
                           char *msg, size_t msgsz)
{
	char q[200], list[512];
	const char *near = config_suggest(word, names, n);

	text_quote(word, (size_t)-1, q, CONFIG_QUOTE_MAX);
	if (near) {
		snprintf(msg, msgsz, "unknown %s '%s' (did you mean '%s'?)", what, q, near);
	} else {
		config_list(names, n, list, sizeof list);
		snprintf(msg, msgsz, "unknown %s '%s' (expected %s)", what, q, list);
	}
}

int config_check_keys(const struct config_node *map, const char *const allowed[],
                      const char *const required[], char *err, size_t errsz)
{
	char d[256], msg[900];

	if (!map || map->kind != CONFIG_MAP) {
		config_describe(map, d, sizeof d);
		return config_error(map, err, errsz, "expected a map (KEY: VALUE lines), found %s", d);
	}
	for (int i = 0; i < map->n; i++) {
		int known = 0;
		for (int k = 0; allowed && allowed[k] && !known; k++)
			known = strcmp(map->keys[i], allowed[k]) == 0;
		if (!known) {
			config_unknown("key", map->keys[i], allowed, -1, msg, sizeof msg);
			return config_key_error(map, i, err, errsz, "%s", msg);
		}
	}
	for (int k = 0; required && required[k]; k++)
		if (!config_get(map, required[k]))
			return config_error(map, err, errsz, "missing key '%s'", required[k]);
	return 0;
}

/* ---- typed getters --------------------------------------------------------------------- */

/* -1 with "WHAT must be EXPECTED, found ..." at n. */
static int config_wrong(const struct config_node *n, const char *what, const char *expected,
                        char *err, size_t errsz)
{
	char d[256];
	config_describe(n, d, sizeof d);
	return config_error(n, err, errsz, "%s must be %s, found %s", what ? what : "value",
	                    expected, d);
}

static int config_is_text(const struct config_node *n)
{
	return n && n->kind == CONFIG_SCALAR && !n->null;
}

int config_str(const struct config_node *n, const char *what, const char **out,
               char *err, size_t errsz)
{
	if (!config_is_text(n))
		return config_wrong(n, what, "text", err, errsz);
	*out = n->value;
	return 0;
}

/* Parses a decimal whole number (optional sign, at most 18 digits); -1 when it is not one. */
static int config_parse_long(const char *s, long *out)
{
	const char *p = s;
	long long v = 0;
	int neg = 0, digits = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 18)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (!digits || *p)
		return -1;
	v = neg ? -v : v;
	if (v < LONG_MIN || v > LONG_MAX)
		return -1;
	*out = (long)v;
	return 0;
}

int config_int(const struct config_node *n, const char *what, long min, long max,
               long *out, char *err, size_t errsz)
{
	char expected[96];
	long v;

	snprintf(expected, sizeof expected, "a whole number from %ld to %ld", min, max);
	if (!config_is_text(n) || config_parse_long(n->value, &v) < 0 || v < min || v > max)
		return config_wrong(n, what, expected, err, errsz);
	*out = v;
	return 0;
}

int config_bool(const struct config_node *n, const char *what, int *out, char *err, size_t errsz)
{
	if (config_is_text(n)) {
		if (strcmp(n->value, "true") == 0 || strcmp(n->value, "yes") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(n->value, "false") == 0 || strcmp(n->value, "no") == 0) {
			*out = 0;
			return 0;
		}
	}
	return config_wrong(n, what, "true or false", err, errsz);
}

int config_duration(const struct config_node *n, const char *what, int *seconds,
                    char *err, size_t errsz)
{
	static const char units[] = "hms";
	static const long mult[] = { 3600, 60, 1 };
	const char *p;
	long total = 0;
	int next = 0; /* units must come in order h, m, s, each once */

	if (!config_is_text(n))
		goto bad;
	p = n->value;
	while (*p) {
		long v = 0;
		int digits = 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++digits > 6)
				goto bad;
			v = v * 10 + (*p - '0');
		}
		const char *u = *p ? strchr(units + next, *p) : NULL;
		if (!digits || !u)
			goto bad;
		next = (int)(u - units) + 1;
		total += v * mult[u - units];
		p++;
	}
	if (p == n->value || total < 1 || total > 24 * 3600)
		goto bad;
	*seconds = (int)total;
	return 0;
bad:
	return config_wrong(n, what, "a duration from 1s to 24h like 90s, 2m, 2m30s or 1h", err, errsz);
}

int config_ints(const struct config_node *n, const char *what, long min, long max,
                long *out, int maxn, int *count, char *err, size_t errsz)
{
	char item[128], expected[96];

	if (!n || n->kind != CONFIG_SEQ || n->n == 0) {
		snprintf(expected, sizeof expected, "a list of 1 to %d whole numbers, like [1, 2]", maxn);
		return config_wrong(n, what, expected, err, errsz);
	}
	if (n->n > maxn)
		return config_error(n->items[maxn], err, errsz, "%s has %d items; at most %d",
		                    what ? what : "list", n->n, maxn);
	for (int i = 0; i < n->n; i++) {
		snprintf(item, sizeof item, "%s item %d", what ? what : "list", i + 1);
		if (config_int(n->items[i], item, min, max, &out[i], err, errsz) < 0)
			return -1;
	}
	*count = n->n;
	return 0;
}

int config_choice(const struct config_node *n, const char *what, const char *const names[],
                  int count, int *out, char *err, size_t errsz)
{
	char msg[900], list[512], expected[600];

	if (!config_is_text(n)) {
		config_list(names, count, list, sizeof list);
		snprintf(expected, sizeof expected, "one of %s", list);
		return config_wrong(n, what, expected, err, errsz);
	}
	for (int i = 0; i < count; i++) {
		if (names[i] && strcmp(n->value, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	config_unknown(what ? what : "value", n->value, names, count, msg, sizeof msg);
	return config_error(n, err, errsz, "%s", msg);
}

int config_locator(const struct config_node *n, const char *what, const char **out,
                   char *err, size_t errsz)
{
	struct locator loc;
	char msg[512];
	const char *v = NULL;

	if (config_str(n, what, &v, err, errsz) < 0)
		return -1;
	if (locator_parse(v, &loc, msg, sizeof msg) == 0) {
		locator_free(&loc);
		*out = v;
		return 0;
	}
	/* "column N: rest": N counts characters of the value; on one line, and with no
	 * escapes to shift it, the value's N-th character is at col + N - 1 (+1 for a quote). */
	long c = 0;
	const char *rest = msg;
	if (sscanf(msg, "column %ld: ", &c) == 1 && (rest = strstr(msg, ": ")) != NULL)
		rest += 2;
	else
		rest = msg, c = 0;
	int line = n->line, col = n->col;
	int oneline = !strchr(v, '\n') && n->style != '|' && n->style != '>';
	if (c > 0 && oneline && n->style == 0)
		col += (int)c - 1;
	else if (c > 0 && oneline && !(n->style == '\'' && strchr(v, '\'')))
		col += (int)c; /* exact unless a double-quoted value used escapes */
	config_at(n->file, line, col, err, errsz, "%s: %s", what ? what : "locator", rest);
	return -1;
}
