/*
 * locator: parsing and formatting the text form of a drill-down state; the grammar is
 * in include/locator.h.  Decisions the header leaves open, made here:
 *
 *  - One leading and one trailing '/' are ignored ("/phase=OMD7/" is "phase=OMD7"),
 *    so a locator pasted from a path-like context still works; an empty item
 *    elsewhere ("a=1//b=2") is an error.
 *  - In a value, '%' must start an escape of two hex digits (either case) of any byte
 *    but NUL; a bare '%' or a raw '=' is an error rather than a guess.  The formatter
 *    escapes exactly '/', '%' and '=' (upper-case hex), so format(parse(x)) is x in its
 *    canonical spelling and parse(format(l)) is l.
 *  - Keys are lower-case and exact.  Empty values are errors (use the home locator).
 *  - Columns in messages count characters (UTF-8 code points) from 1, and the bad key or
 *    value is quoted shortened by text_quote(), since messages reach a terminal.
 *  - locator_push replaces an earlier item of the same key in place (its place in the
 *    drill path stays), and refuses NULL or empty values so that every locator it
 *    builds can be formatted and parsed back.
 */
#include "locator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

const char *locator_key_name(int key)
{
	if (key >= 0 && key < STORE_DIM_COUNT)
		return store_dim_name(key);
	if (key == LOCATOR_KEY_CASE)
		return "case";
	if (key == LOCATOR_KEY_SEARCH)
		return "search";
	return NULL;
}

static int locator_key_lookup(const char *s, size_t n)
{
	for (int k = 0; k < LOCATOR_KEY_COUNT; k++) {
		const char *name = locator_key_name(k);
		if (name && strlen(name) == n && memcmp(name, s, n) == 0)
			return k;
	}
	return -1;
}

/* 1-based character column of byte offset off in s. */
static long locator_column(const char *s, size_t off)
{
	long col = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* A short copy of s[0..n) for a message, by the one quoting of echoed values. */
static void locator_quote(char *dst, size_t dsz, const char *s, size_t n)
{
	text_quote(s, n, dst, dsz < 48 ? dsz : 48);
}

/* Appends "phase, category, ..., search" to buf. */
static void locator_key_list(char *buf, size_t sz)
{
	size_t len = strlen(buf);
	for (int k = 0; k < LOCATOR_KEY_COUNT && len < sz; k++) {
		int n = snprintf(buf + len, sz - len, "%s%s", k ? ", " : "", locator_key_name(k));
		if (n < 0)
			break;
		len += (size_t)n;
	}
	if (len < sz)
		snprintf(buf + len, sz - len, ")");
}

/* Decodes value s[0..n) into a malloc'd string; on error writes err and returns NULL. */
static char *locator_decode(const char *all, const char *s, size_t n, char *err, size_t errsz)
{
	char *out = malloc(n + 1), q[160];
	size_t j = 0;

	if (!out) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=') {
			snprintf(err, errsz, "column %ld: '=' inside a value must be written %%3D",
			         locator_column(all, (size_t)(s + i - all)));
			goto fail;
		}
		if (s[i] != '%') {
			out[j++] = s[i];
			continue;
		}
		int b = text_pct_decode(s + i, n - i);
		if (b <= 0) { /* not %HH, or %00 */
			locator_quote(q, sizeof q, s + i, n - i < 3 ? n - i : 3);
			snprintf(err, errsz, "column %ld: bad escape '%s' (write %%25 for '%%', "
			         "%%2F for '/', %%3D for '=')",
			         locator_column(all, (size_t)(s + i - all)), q);
			goto fail;
		}
		out[j++] = (char)b;
		i += 2;
	}
	out[j] = '\0';
	return out;
fail:
	free(out);
	return NULL;
}

int locator_parse(const char *s, struct locator *loc, char *err, size_t errsz)
{
	char q[160], keys[256];
	size_t len, pos = 0;

	memset(loc, 0, sizeof *loc);
	if (err && errsz)
		err[0] = '\0';
	if (!err || !errsz) {
		err = q; /* a caller that does not want the message still gets -1 */
		errsz = sizeof q;
	}
	if (!s) {
		snprintf(err, errsz, "column 1: no locator");
		return -1;
	}
	len = strlen(s);
	if (len > 0 && s[0] == '/')
		pos = 1;
	if (len > pos + 1 && s[len - 1] == '/')
		len--;
	for (int more = pos < len; more;) {
		const char *item = s + pos;
		const char *end = memchr(item, '/', len - pos);
		size_t n = end ? (size_t)(end - item) : len - pos;
		const char *eq = memchr(item, '=', n);
		long col = locator_column(s, pos);

		if (n == 0) {
			snprintf(err, errsz, "column %ld: empty item (two '/' in a row)", col);
			goto fail;
		}
		if (!eq) {
			locator_quote(q, sizeof q, item, n);
			snprintf(err, errsz, "column %ld: '%s' is not KEY=VALUE", col, q);
			goto fail;
		}
		int key = locator_key_lookup(item, (size_t)(eq - item));
		if (key < 0) {
			locator_quote(q, sizeof q, item, (size_t)(eq - item));
			snprintf(keys, sizeof keys, "(expected ");
			locator_key_list(keys, sizeof keys);
			snprintf(err, errsz, "column %ld: unknown key '%s' %s", col, q, keys);
			goto fail;
		}
		for (int i = 0; i < loc->n; i++) {
			if (loc->item[i].key == key) {
				snprintf(err, errsz, "column %ld: key '%s' given twice", col,
				         locator_key_name(key));
				goto fail;
			}
		}
		size_t vn = n - (size_t)(eq - item) - 1;
		if (vn == 0) {
			snprintf(err, errsz, "column %ld: empty value for '%s'", col, locator_key_name(key));
			goto fail;
		}
		char *v = locator_decode(s, eq + 1, vn, err, errsz);
		if (!v)
			goto fail;
		if (loc->n == LOCATOR_MAX) { /* cannot happen while keys are unique, kept for safety */
			free(v);
			snprintf(err, errsz, "column %ld: too many items", col);
			goto fail;
		}
		loc->item[loc->n].key = key;
		loc->item[loc->n].value = v;
		loc->n++;
		more = end != NULL; /* a '/' is always followed by an item */
		pos += n + 1;
	}
	return 0;
fail:
	locator_free(loc);
	return -1;
}

void locator_free(struct locator *loc)
{
	for (int i = 0; i < loc->n; i++)
		free(loc->item[i].value);
	memset(loc, 0, sizeof *loc);
}

char *locator_format(const struct locator *loc)
{
	size_t cap = 1;
	for (int i = 0; i < loc->n; i++) {
		const char *k = locator_key_name(loc->item[i].key);
		if (!k || !loc->item[i].value)
			return NULL;
		cap += strlen(k) + 2 + 3 * strlen(loc->item[i].value);
	}
	char *out = malloc(cap), *p = out;
	if (!out)
		return NULL;
	for (int i = 0; i < loc->n; i++) {
		const char *k = locator_key_name(loc->item[i].key);
		if (i)
			*p++ = '/';
		size_t kn = strlen(k);
		memcpy(p, k, kn);
		p += kn;
		*p++ = '=';
		for (const char *v = loc->item[i].value; *v; v++) {
			if (*v == '/' || *v == '%' || *v == '=') {
				text_pct_encode((unsigned char)*v, p);
				p += 3;
			} else {
				*p++ = *v;
			}
		}
	}
	*p = '\0';
	return out;
}

int locator_push(struct locator *loc, int key, const char *value)
{
	if (!locator_key_name(key) || !value || !*value)
		return -1;
	char *v = strdup(value);
	if (!v)
		return -1;
	for (int i = 0; i < loc->n; i++) {
		if (loc->item[i].key == key) {
			free(loc->item[i].value);
			loc->item[i].value = v;
			return 0;
		}
	}
	if (loc->n == LOCATOR_MAX) {
		free(v);
		return -1;
	}
	loc->item[loc->n].key = key;
	loc->item[loc->n].value = v;
	loc->n++;
	return 0;
}

int locator_to_filter(const struct locator *loc, struct store_filter *f)
{
	store_filter_init(f);
	for (int i = 0; i < loc->n; i++) {
		int key = loc->item[i].key;
		const char *v = loc->item[i].value;
		char **slot = NULL;

		if (key >= 0 && key < STORE_DIM_COUNT) {
			if (store_filter_set(f, key, v) < 0)
				goto fail;
			continue;
		}
		if (key == LOCATOR_KEY_CASE)
			slot = &f->case_ref;
		else if (key == LOCATOR_KEY_SEARCH)
			slot = &f->search;
		else
			continue;
		free(*slot);
		*slot = strdup(v);
		if (!*slot)
			goto fail;
	}
	return 0;
fail:
	store_filter_free(f);
	return -1;
}

int locator_resolve(struct locator *loc, struct store *s, struct store_filter *f, char *err, size_t errsz)
{
	store_filter_init(f);
	for (int i = 0; i < loc->n; i++) {
		struct locator_item *it = &loc->item[i];
		char *key = NULL;
		int r;

		if (it->key >= 0 && it->key < STORE_DIM_COUNT)
			r = store_resolve(s, it->key, it->value, &key);
		else if (it->key == LOCATOR_KEY_CASE)
			r = store_resolve_case(s, it->value, &key);
		else
			continue;
		if (r < 0) {
			snprintf(err, errsz, "%s", store_error(s));
			return -1;
		}
		free(it->value);
		it->value = key;
	}
	if (locator_to_filter(loc, f) < 0) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (store_filter_check(s, f) < 0) {
		snprintf(err, errsz, "%s", store_error(s));
		store_filter_free(f);
		return -1;
	}
	return 0;
}
