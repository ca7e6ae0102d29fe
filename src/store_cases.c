/*
 * store case lists and single cases.
 *
 * Lists page by keyset, never by OFFSET: a page starts after the (sort key, id) of
 * the previous page's last case, so page N costs what page 1 costs and a case
 * arriving meanwhile neither repeats nor skips a row.  Every order ends in id, so it
 * is total.  Seizures are read per case with one statement reused for the page.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const char case_columns[] =
	"SELECT c.id, c.ref, o.code, o.name, a.code, a.short, a.name, a.country,"
	" k.code, k.name, sk.code, sk.name, c.detected_on, c.location, c.country, c.transport,"
	" c.departure, c.transit, c.destination, c.detection, c.concealment, c.status, c.summary,"
	" c.arrests, c.q_kg, c.q_tablets, c.q_pieces, c.q_heads, c.q_m3, c.q_litres"
	" FROM cases c"
	" JOIN operations o ON o.id = c.operation_id"
	" JOIN agencies a ON a.id = c.agency_id"
	" JOIN categories k ON k.id = c.category_id"
	" JOIN categories sk ON sk.id = c.subcategory_id";

static int sql_error(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

void store_case_free(struct store_case *c)
{
	if (!c)
		return;
	char **strs[] = { &c->ref, &c->phase, &c->phase_name, &c->agency, &c->agency_short,
	                  &c->agency_name, &c->agency_country, &c->category, &c->category_name,
	                  &c->subcategory, &c->subcategory_name, &c->detected_on, &c->location,
	                  &c->country, &c->transport, &c->departure, &c->transit, &c->destination,
	                  &c->detection, &c->concealment, &c->status, &c->summary };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	for (int i = 0; c->seizures && i < c->nseizures; i++)
		free(c->seizures[i].commodity);
	free(c->seizures);
	memset(c, 0, sizeof *c);
}

void store_case_page_free(struct store_case_page *p)
{
	if (!p)
		return;
	for (int i = 0; p->cases && i < p->n; i++)
		store_case_free(&p->cases[i]);
	free(p->cases);
	memset(p, 0, sizeof *p);
}

/* Fills c from a row of case_columns; -1 on allocation failure (c then freeable). */
static int read_case(sqlite3_stmt *st, struct store_case *c)
{
	char **strs[] = { &c->ref, &c->phase, &c->phase_name, &c->agency, &c->agency_short,
	                  &c->agency_name, &c->agency_country, &c->category, &c->category_name,
	                  &c->subcategory, &c->subcategory_name, &c->detected_on, &c->location,
	                  &c->country, &c->transport, &c->departure, &c->transit, &c->destination,
	                  &c->detection, &c->concealment, &c->status, &c->summary };
	int rc = 0;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (!(*strs[i] = store_col_dup(st, (int)i + 1)))
			rc = -1;
	c->arrests = sqlite3_column_int64(st, 23);
	/* The case's totals as the seizure triggers keep them, in enum store_unit order. */
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		c->qty[u] = sqlite3_column_double(st, 24 + u);
	return rc;
}

/* Reads the seizures of c, largest first, with the reusable statement z. */
static int read_seizures(struct store *s, sqlite3_stmt *z, struct store_case *c)
{
	int rc, cap = 0;

	sqlite3_reset(z);
	sqlite3_bind_int64(z, 1, c->id);
	while ((rc = sqlite3_step(z)) == SQLITE_ROW) {
		if (c->nseizures == cap) {
			int ncap = cap ? cap * 2 : 2;
			struct store_seizure *t = realloc(c->seizures, (size_t)ncap * sizeof *t);
			if (!t)
				return store_fail(s, "out of memory");
			c->seizures = t;
			cap = ncap;
		}
		struct store_seizure *sz = &c->seizures[c->nseizures];
		if (!(sz->commodity = store_col_dup(z, 0)))
			return store_fail(s, "out of memory");
		c->nseizures++;
		sz->quantity = sqlite3_column_double(z, 1);
		const char *u = (const char *)sqlite3_column_text(z, 2);
		sz->unit = store_unit_parse(u);
		if (sz->unit < 0)
			sz->unit = STORE_UNIT_KG; /* the schema's CHECK makes this unreachable */
	}
	sqlite3_reset(z);
	return rc == SQLITE_DONE ? 0 : sql_error(s);
}

static int prepare_seizures(struct store *s, sqlite3_stmt **z)
{
	if (sqlite3_prepare_v2(s->db, "SELECT commodity, quantity, unit FROM seizures WHERE case_id = ?"
	                              " ORDER BY quantity DESC, id", -1, z, NULL) != SQLITE_OK)
		return sql_error(s);
	return 0;
}

int store_cases(struct store *s, const struct store_filter *f, int order,
                const struct store_cursor *after, int limit, struct store_case_page *out)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL, *z = NULL;
	struct store_case_page p = { 0 };
	const char *col, *cmp, *dir;
	int rc, idx, use_key = 0;

	memset(out, 0, sizeof *out);
	if (order < 0 || order >= STORE_ORDER_COUNT)
		return store_fail(s, "no sort order %d", order);
	if (limit <= 0)
		return 0;
	col = order == STORE_ORDER_REF ? "c.ref" : "c.detected_on";
	cmp = order == STORE_ORDER_NEWEST ? "<" : ">";
	dir = order == STORE_ORDER_NEWEST ? "DESC" : "ASC";

	store_sql_add(&q, "%s", case_columns);
	store_sql_where(&q, f);
	if (after && after->valid) {
		/* A key too long for the cursor (a very long ref) is left empty and looked up by id. */
		use_key = memchr(after->key, '\0', sizeof after->key) && after->key[0];
		char kexpr[64];
		if (use_key)
			snprintf(kexpr, sizeof kexpr, "?");
		else
			snprintf(kexpr, sizeof kexpr, "(SELECT %s FROM cases x WHERE x.id = ?)",
			         order == STORE_ORDER_REF ? "x.ref" : "x.detected_on");
		store_sql_add(&q, "%s(%s %s %s OR (%s = %s AND c.id %s ?))", q.nbind ? " AND " : " WHERE ",
		              col, cmp, kexpr, col, kexpr, cmp);
	}
	store_sql_add(&q, " ORDER BY %s %s, c.id %s LIMIT ?", col, dir, dir);
	if (q.oom) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (sqlite3_prepare_v2(s->db, q.buf, -1, &st, NULL) != SQLITE_OK || store_sql_bind(st, &q, 1) < 0) {
		sql_error(s);
		goto fail;
	}
	idx = q.nbind + 1;
	if (after && after->valid) {
		for (int i = 0; i < 2; i++) {
			if (use_key)
				sqlite3_bind_text(st, idx++, after->key, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_int64(st, idx++, after->id);
		}
		sqlite3_bind_int64(st, idx++, after->id);
	}
	sqlite3_bind_int64(st, idx, (sqlite3_int64)limit + 1); /* one more tells whether a next page exists */
	if (prepare_seizures(s, &z) < 0)
		goto fail;
	if (!(p.cases = calloc((size_t)limit, sizeof *p.cases))) {
		store_fail(s, "out of memory");
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (p.n == limit) {
			p.more = 1;
			break;
		}
		struct store_case *c = &p.cases[p.n++];
		if (read_case(st, c) < 0) {
			store_fail(s, "out of memory");
			goto fail;
		}
		if (read_seizures(s, z, c) < 0)
			goto fail;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sql_error(s);
		goto fail;
	}
	if (p.n > 0) {
		const struct store_case *last = &p.cases[p.n - 1];
		const char *key = order == STORE_ORDER_REF ? last->ref : last->detected_on;
		p.next.valid = 1;
		p.next.id = last->id;
		if (strlen(key) < sizeof p.next.key)
			memcpy(p.next.key, key, strlen(key) + 1);
	} else if (after) {
		p.next = *after;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(z);
	store_sql_free(&q);
	*out = p;
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(z);
	store_sql_free(&q);
	store_case_page_free(&p);
	return -1;
}

int store_case_get(struct store *s, const char *ref, struct store_case *out)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL, *z = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (!ref)
		return store_fail(s, "no case given");
	store_sql_add(&q, "%s WHERE c.ref = ?", case_columns);
	if (q.oom) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (sqlite3_prepare_v2(s->db, q.buf, -1, &st, NULL) != SQLITE_OK) {
		sql_error(s);
		goto fail;
	}
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		store_fail(s, "no case '%.60s'", ref);
		goto fail;
	}
	if (rc != SQLITE_ROW) {
		sql_error(s);
		goto fail;
	}
	if (read_case(st, out) < 0) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (prepare_seizures(s, &z) < 0 || read_seizures(s, z, out) < 0)
		goto fail;
	sqlite3_finalize(st);
	sqlite3_finalize(z);
	store_sql_free(&q);
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(z);
	store_sql_free(&q);
	store_case_free(out);
	return -1;
}
