/*
 * store_cols_ref: what the column store reads besides its arrays: a case row into codes
 * (the one place a case's text values become the arrays' codes), and the reference data
 * (phases, categories, agencies by id), which turn filter values into codes and keys
 * back into text.  See store_cols.h.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_cols.h"

const char cols_rows_sql[] =
	"SELECT id, operation_id, category_id, subcategory_id, agency_id, country, transport, status,"
	" detected_on, arrests, q_kg, q_tablets, q_pieces, q_heads, q_m3, q_litres FROM cases";

const char *cols_transport_name(int t)
{
	return t >= 0 && t < STORE_TRANSPORT_COUNT ? store_transports[t] : "";
}

const char *cols_status_name(int st)
{
	return st >= 0 && st < STORE_STATUS_COUNT ? store_statuses[st] : "";
}

static int list_index(const char *v, const char *const *l, int n)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(v, l[i]) == 0)
			return i;
	return -1;
}

int cols_country_code(const char *s)
{
	if (!s || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2])
		return -1;
	return (s[0] - 'A') * 26 + (s[1] - 'A');
}

int cols_row_read(sqlite3_stmt *st, struct cols_row *r)
{
	sqlite3_int64 v[5];
	long day;
	int nonzero = 0;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < 4; i++)
		v[i] = sqlite3_column_int64(st, i);
	v[4] = sqlite3_column_int64(st, 4);
	if (v[0] < 0 || v[0] > (sqlite3_int64)UINT32_MAX)
		return -1;
	for (int i = 1; i < 5; i++)
		if (v[i] < 0 || v[i] >= COLS_DEAD)
			return -1;
	r->id = (uint32_t)v[0];
	r->op = (uint8_t)v[1], r->cat = (uint8_t)v[2], r->sub = (uint8_t)v[3], r->ag = (uint8_t)v[4];
	int cty = cols_country_code((const char *)sqlite3_column_text(st, 5));
	int t = list_index((const char *)sqlite3_column_text(st, 6), store_transports, STORE_TRANSPORT_COUNT);
	int s = list_index((const char *)sqlite3_column_text(st, 7), store_statuses, STORE_STATUS_COUNT);
	if (cty < 0 || t < 0 || s < 0 || !date_parse((const char *)sqlite3_column_text(st, 8), &day) ||
	    day < 0 || day > 65535 || sqlite3_column_bytes(st, 8) != 10)
		return -1;
	r->cty = (uint16_t)cty;
	r->ts = (uint8_t)(t << 4 | s);
	r->day = (uint16_t)day;
	sqlite3_int64 a = sqlite3_column_int64(st, 9);
	if (a < 0 || a > 65535)
		return -1;
	r->arr = (uint16_t)a;
	r->unit = COLS_NONE;
	for (int u = 0; u < STORE_UNIT_COUNT; u++) {
		r->qall[u] = sqlite3_column_double(st, 10 + u);
		if (r->qall[u] != 0 && nonzero++ == 0) {
			r->unit = (uint8_t)u;
			r->q = r->qall[u];
		}
	}
	if (nonzero > 1)
		r->unit |= COLS_EXTRA;
	return 0;
}

static void ref_free(struct cols_ref *r)
{
	for (int i = 0; i < 256; i++) {
		free(r[i].code);
		free(r[i].name);
	}
	memset(r, 0, 256 * sizeof *r);
}


static int ref_load(struct store *s, const char *sql, struct cols_ref *r)
{
	sqlite3_stmt *st = NULL;
	int rc, ok = 1;

	ref_free(r);
	if (store_stmt(s, sql, &st) < 0) /* kept prepared: read again after every commit */
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id >= COLS_DEAD) {
			ok = 0;
			continue;
		}
		struct cols_ref *e = &r[id];
		e->code = store_col_dup(st, 1);
		e->name = store_col_dup(st, 2);
		e->order = sqlite3_column_int64(st, 3);
		e->parent = sqlite3_column_int(st, 4);
		e->present = 1;
		if (!e->code || !e->name) {
			store_stmt_done(s, st);
			return store_fail(s, "out of memory");
		}
	}
	store_stmt_done(s, st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return ok;
}

/* 1 loaded, 0 an id the arrays cannot hold, -1 error. */
int cols_refs_load(struct store *s, struct cols *c)
{
	int a = ref_load(s, "SELECT id, code, name, phase, 0 FROM operations", c->ops);
	int b = a < 0 ? -1 : ref_load(s, "SELECT id, code, name, position, coalesce(parent_id, 0) FROM categories", c->cats);
	int d = b < 0 ? -1 : ref_load(s, "SELECT id, code, short, 0, 0 FROM agencies", c->ags);
	if (a < 0 || b < 0 || d < 0)
		return -1;
	/* The matrices size their rows and columns by the highest id: a new one empties the cache. */
	const struct cols_ref *t[3] = { c->ops, c->cats, c->ags };
	for (int k = 0; k < 3; k++) {
		int top = 0;
		for (int i = 0; i < 256; i++)
			if (t[k][i].present)
				top = i + 1;
		if (top != c->refmax[k])
			cols_cache_clear(c);
		c->refmax[k] = top;
	}
	return a && b && d;
}

long long cols_query_ll(struct store *s, const char *sql, long long dflt, int *err)
{
	sqlite3_stmt *st = NULL;
	long long v = dflt;
	int rc;

	if (store_stmt(s, sql, &st) < 0) { /* kept prepared: every question reads data_version */
		*err = 1;
		return dflt;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*err = 1;
	store_stmt_done(s, st);
	return v;
}

void cols_refs_free(struct cols *c)
{
	ref_free(c->ops);
	ref_free(c->cats);
	ref_free(c->ags);
}
