/*
 * store_resolve: what a user typed for a filter value, turned into the key the store
 * keeps, and filters whose values contradict each other refused.
 *
 * People type what the screen shows: "OMD 7", "OMD IV", "Drugs", "Road", "th",
 * "Thailand", "VN Customs".  A value matches a key when both read the same once case,
 * spaces, hyphens, underscores and dots are ignored; it may match the code or any name
 * the screen shows for it.  When nothing matches, the message lists the valid values
 * when there are few, else the nearest ones (edit distance), so that the next try is
 * the right one.  Dates are left to store_filter_check(), except that any day of a week
 * names that week (its Monday).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"
#include "text.h"

#define RESOLVE_LIST_ALL 12 /* list every valid value up to this many, else the nearest */
#define RESOLVE_NEAREST 3

/* One value a key may be typed as: its code or one of its names. */
struct cand {
	char *key;      /* owned: the canonical key */
	char *name[3];  /* owned or NULL: what else it may be typed as */
};
struct cands {
	int n, cap;
	struct cand *v; /* owned */
	int oom;
};

static void cands_free(struct cands *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->v[i].key);
		for (int k = 0; k < 3; k++)
			free(c->v[i].name[k]);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

static void cands_add(struct cands *c, const char *key, const char *n0, const char *n1, const char *n2)
{
	const char *names[3] = { n0, n1, n2 };

	if (c->oom)
		return;
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 32;
		struct cand *v = realloc(c->v, (size_t)cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	struct cand *e = &c->v[c->n];
	memset(e, 0, sizeof *e);
	if (!(e->key = strdup(key)))
		c->oom = 1;
	for (int k = 0; k < 3; k++)
		if (names[k] && names[k][0] && !(e->name[k] = strdup(names[k])))
			c->oom = 1;
	c->n++;
}

/* Lower case without spaces, hyphens, underscores and dots: "OMD 7" and "omd7" agree. */
static void fold(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (; s && *s && o + 1 < size; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '-' || ch == '_' || ch == '.' || ch == '\t')
			continue;
		out[o++] = (char)tolower(ch);
	}
	out[o] = '\0';
}

static int same(const char *a, const char *b)
{
	char fa[256], fb[256];
	if (!a || !b)
		return 0;
	fold(a, fa, sizeof fa);
	fold(b, fb, sizeof fb);
	return fa[0] && strcmp(fa, fb) == 0;
}

/* Levenshtein distance of the folded forms, capped at 99 (long strings are never near). */
static int distance(const char *a, const char *b)
{
	char fa[64], fb[64];
	int row[64], la, lb;

	fold(a, fa, sizeof fa);
	fold(b, fb, sizeof fb);
	la = (int)strlen(fa);
	lb = (int)strlen(fb);
	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (fa[i - 1] != fb[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > 99 ? 99 : row[lb];
}

static int cand_distance(const struct cand *c, const char *v)
{
	int d = distance(c->key, v);
	for (int k = 0; k < 3; k++)
		if (c->name[k]) {
			int e = distance(c->name[k], v);
			if (e < d)
				d = e;
		}
	return d;
}

/* " (one of: a, b, c)" or " (nearest: a, b)" or "" into buf. */
static void suggest(const struct cands *c, const char *v, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	if (c->n == 0)
		return;
	if (c->n <= RESOLVE_LIST_ALL) {
		o += (size_t)snprintf(buf, size, " (one of:");
		for (int i = 0; i < c->n && o < size; i++)
			o += (size_t)snprintf(buf + o, size - o, "%s %s", i ? "," : "", c->v[i].key);
		if (o < size)
			snprintf(buf + o, size - o, ")");
		return;
	}
	int pick[RESOLVE_NEAREST], dist[RESOLVE_NEAREST], np = 0;
	for (int i = 0; i < c->n; i++) {
		int d = cand_distance(&c->v[i], v);
		int at = np;
		while (at > 0 && dist[at - 1] > d)
			at--;
		if (at >= RESOLVE_NEAREST)
			continue;
		if (np < RESOLVE_NEAREST)
			np++;
		for (int k = np - 1; k > at; k--) {
			pick[k] = pick[k - 1];
			dist[k] = dist[k - 1];
		}
		pick[at] = i;
		dist[at] = d;
	}
	o += (size_t)snprintf(buf, size, " (nearest:");
	for (int i = 0; i < np && o < size; i++) {
		const struct cand *e = &c->v[pick[i]];
		if (e->name[0] && strcmp(e->name[0], e->key) != 0)
			o += (size_t)snprintf(buf + o, size - o, "%s %s '%s'", i ? "," : "", e->key, e->name[0]);
		else
			o += (size_t)snprintf(buf + o, size - o, "%s %s", i ? "," : "", e->key);
	}
	if (o < size)
		snprintf(buf + o, size - o, ")");
}

static int cands_row(sqlite3_stmt *st, void *ctx)
{
	struct cands *c = ctx;
	const char *t[4] = { NULL, NULL, NULL, NULL };
	int ncol = sqlite3_column_count(st);

	for (int i = 0; i < ncol && i < 4; i++)
		t[i] = (const char *)sqlite3_column_text(st, i);
	if (t[0])
		cands_add(c, t[0], t[1], t[2], t[3]);
	return c->oom ? -1 : 0;
}

/* Adds a row per result of sql (key, then up to three names). */
static int cands_query(struct store *s, struct cands *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	rc = store_rows(s, st, cands_row, c);
	sqlite3_finalize(st);
	return rc;
}

static const char *const transports[] = { "air passenger", "air cargo", "express courier", "postal",
	"sea container", "sea vessel", "road", "rail", "other", NULL };
static const char *const statuses[] = { "open", "under investigation", "prosecuted", "closed", NULL };

/* The valid values of dim as candidates. */
static int candidates(struct store *s, int dim, struct cands *c)
{
	switch (dim) {
	case STORE_DIM_PHASE:
		/* "OMD7", "OMD 7", and the phase number alone ("7"). */
		return cands_query(s, c, "SELECT code, name, CAST(phase AS TEXT) FROM operations ORDER BY phase, code");
	case STORE_DIM_CATEGORY:
		return cands_query(s, c, "SELECT code, name FROM categories WHERE parent_id IS NULL"
		                         " ORDER BY position, code");
	case STORE_DIM_SUBCATEGORY:
		return cands_query(s, c, "SELECT k.code, k.name FROM categories k JOIN categories p"
		                         " ON p.id = k.parent_id ORDER BY p.position, k.position, k.code");
	case STORE_DIM_AGENCY:
		return cands_query(s, c, "SELECT code, short, name FROM agencies ORDER BY code");
	case STORE_DIM_COUNTRY:
		if (cands_query(s, c, "SELECT DISTINCT country FROM agencies ORDER BY country") < 0)
			return -1;
		for (int i = 0; i < c->n; i++) {
			const char *n = store_country_name(c->v[i].key);
			if (n && !(c->v[i].name[0] = strdup(n)))
				c->oom = 1;
		}
		return c->oom ? store_fail(s, "out of memory") : 0;
	case STORE_DIM_TRANSPORT:
		for (int i = 0; transports[i]; i++)
			cands_add(c, transports[i], NULL, NULL, NULL);
		return c->oom ? store_fail(s, "out of memory") : 0;
	case STORE_DIM_STATUS:
		for (int i = 0; statuses[i]; i++)
			cands_add(c, statuses[i], NULL, NULL, NULL);
		return c->oom ? store_fail(s, "out of memory") : 0;
	default:
		return 0;
	}
}

static const char *const dim_words[STORE_DIM_COUNT] = {
	"phase", "category", "sub-category", "agency", "country", "transport", "status", "week", "day",
};

/* A country typed as its code in any case, or its English name, that some case or agency
 * has: "th", "Thailand" -> "TH".  1 found, 0 not, -1 error. */
static int country_key(struct store *s, const struct cands *agency_countries, const char *v, char **key)
{
	char code[3] = { 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	for (int i = 0; i < agency_countries->n; i++)
		if (same(agency_countries->v[i].key, v) || same(agency_countries->v[i].name[0], v))
			return (*key = strdup(agency_countries->v[i].key)) ? 1 : store_fail(s, "out of memory");
	if (strlen(v) == 2 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1])) {
		code[0] = (char)toupper((unsigned char)v[0]);
		code[1] = (char)toupper((unsigned char)v[1]);
	} else {
		/* A name of a country no agency has: its code from the names the screen uses. */
		const char *c = store_country_code(v);
		if (!c)
			return 0;
		memcpy(code, c, 2);
	}
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM cases WHERE country = ? LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return (*key = strdup(code)) ? 1 : store_fail(s, "out of memory");
}

int store_resolve(struct store *s, int dim, const char *value, char **key)
{
	struct cands c = { 0 };
	char hint[400];
	int rc = -1;

	*key = NULL;
	if (!value || dim < 0 || dim >= STORE_DIM_COUNT)
		return store_fail(s, "no value");
	if (dim == STORE_DIM_WEEK || dim == STORE_DIM_DAY) {
		long days;
		char buf[16];
		/* Any day names its week; store_filter_check() words what is not a date. */
		if (dim == STORE_DIM_WEEK && date_parse(value, &days) && strlen(value) == 10) {
			date_format(date_monday(days), buf, sizeof buf);
			*key = strdup(buf);
		} else {
			*key = strdup(value);
		}
		return *key ? 0 : store_fail(s, "out of memory");
	}
	if (candidates(s, dim, &c) < 0)
		goto done;
	/* The exact key first, then any spelling of a code or a name. */
	for (int pass = 0; pass < 2 && !*key; pass++)
		for (int i = 0; i < c.n && !*key; i++) {
			const struct cand *e = &c.v[i];
			int hit = pass == 0 ? strcmp(e->key, value) == 0
			                    : same(e->key, value) || same(e->name[0], value) ||
			                      same(e->name[1], value) || same(e->name[2], value);
			if (hit && !(*key = strdup(e->key))) {
				store_fail(s, "out of memory");
				goto done;
			}
		}
	if (!*key && dim == STORE_DIM_COUNTRY) {
		int r = country_key(s, &c, value, key);
		if (r < 0)
			goto done;
	}
	if (*key) {
		rc = 0;
		goto done;
	}
	suggest(&c, value, hint, sizeof hint);
	char q[80], h[400];
	store_fail(s, "unknown %s '%s'%s", dim_words[dim], text_quote(value, (size_t)-1, q, sizeof q),
	           text_quote(hint, (size_t)-1, h, sizeof h));
done:
	cands_free(&c);
	return rc;
}

int store_resolve_case(struct store *s, const char *ref, char **key)
{
	sqlite3_stmt *st = NULL;
	char up[128];
	size_t i;
	int rc;

	*key = NULL;
	if (!ref)
		return store_fail(s, "no value");
	/* As typed, then in upper case (references are codes: "omd7-vncus-0001"); both use
	 * the unique index on ref. */
	for (i = 0; ref[i] && i + 1 < sizeof up; i++)
		up[i] = (char)toupper((unsigned char)ref[i]);
	up[i] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT ref FROM cases WHERE ref = ?1 UNION ALL"
	                              " SELECT ref FROM cases WHERE ref = ?2 LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, up, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*key = store_col_dup(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return *key ? 0 : store_fail(s, "out of memory");
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	char q[80];
	return store_fail(s, "no case '%s'", text_quote(ref, (size_t)-1, q, sizeof q));
}

/*
 * A case named together with other values must be one of the cases they select:
 * "agency=THCUS/case=OMD7-VNCUS-0137" names a VN Customs case under TH Customs, which
 * the breadcrumbs would show as if it were Thai.  Refused, naming both sides.
 */
int store_filter_case_agrees(struct store *s, const struct store_filter *f)
{
	struct store_case c;
	const char *have[STORE_DIM_COUNT];
	char week[16];
	long days;
	int rc = 0;

	if (!f || !f->case_ref)
		return 0;
	int any = 0;
	for (int d = 0; d < STORE_DIM_COUNT; d++)
		any |= f->value[d] != NULL;
	if (!any)
		return 0;
	if (store_case_get(s, f->case_ref, &c) < 0)
		return -1;
	week[0] = '\0';
	if (date_parse(c.detected_on, &days))
		date_format(date_monday(days), week, sizeof week);
	have[STORE_DIM_PHASE] = c.phase;
	have[STORE_DIM_CATEGORY] = c.category;
	have[STORE_DIM_SUBCATEGORY] = c.subcategory;
	have[STORE_DIM_AGENCY] = c.agency;
	have[STORE_DIM_COUNTRY] = c.country;
	have[STORE_DIM_TRANSPORT] = c.transport;
	have[STORE_DIM_STATUS] = c.status;
	have[STORE_DIM_WEEK] = week;
	have[STORE_DIM_DAY] = c.detected_on;
	for (int d = 0; d < STORE_DIM_COUNT; d++) {
		const char *want = f->value[d];
		if (want && (!have[d] || strcmp(want, have[d]) != 0)) {
			char q1[80], q2[80], q3[80];
			rc = store_fail(s, "case '%s' does not match %s '%s': its %s is '%s'",
			                text_quote(f->case_ref, (size_t)-1, q1, sizeof q1), dim_words[d],
			                text_quote(want, (size_t)-1, q2, sizeof q2), dim_words[d],
			                text_quote(have[d] ? have[d] : "", (size_t)-1, q3, sizeof q3));
			break;
		}
	}
	store_case_free(&c);
	return rc;
}
