/*
 * store_define: an operation description (struct op, operation.h) into the database,
 * and back out.
 *
 * store_define makes the database's reference data (the operation's meta keys, phases,
 * agencies, participations, categories) equal to the description, in one BEGIN
 * IMMEDIATE transaction: what is new is added, what exists (matched by code) is updated,
 * what the description no longer names is removed -- unless cases refer to it.  Every
 * such refusal is collected (how many cases, the first few refs) and then the whole
 * transaction is rolled back, so the file is exactly as before.  The same holds for a
 * phase whose new period would leave some of its cases outside it, and for a category
 * moved under another parent while cases refer to it.
 *
 * store_describe reads the same tables into a struct op in a canonical order (phases by
 * number, agencies as added, categories by position), so that describe -> define on a
 * fresh database -> describe gives the same description.
 *
 * The struct op is the seam with the config layer: this file reads and fills its plain
 * fields and the kind vocabulary (operation_kind_name), nothing of YAML.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "operation.h"
#include "store_internal.h"

#define SHOW_REFS 3

struct definer {
	struct store *s;
	FILE *errs;        /* refusals, one per line */
	int refused;
	int failed;        /* an SQLite error: s->err says what */
};

/*
 * Prepares sql and binds its parameters from args described by types: 't' text,
 * 'n' text or NULL, 'i' long long.  NULL on failure (recorded).
 */
static sqlite3_stmt *prep(struct definer *d, const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(d->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(d->s, "%s: %s", d->s->path, sqlite3_errmsg(d->s->db));
		d->failed = 1;
		return NULL;
	}
	/* The types must match the statement, or va_arg reads garbage. */
	if (sqlite3_bind_parameter_count(st) != (int)strlen(types)) {
		store_fail(d->s, "internal error: %d parameters, %zu types in: %.80s", sqlite3_bind_parameter_count(st),
		           strlen(types), sql);
		d->failed = 1;
		sqlite3_finalize(st);
		return NULL;
	}
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
		} else {
			const char *t = va_arg(ap, const char *);
			if (t || types[i] == 't')
				sqlite3_bind_text(st, i + 1, t ? t : "", -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
		}
	}
	return st;
}

/* Runs a statement that returns no row. */
static void run(struct definer *d, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *st;

	if (d->failed)
		return;
	va_start(ap, types);
	st = prep(d, sql, types, ap);
	va_end(ap);
	if (st && sqlite3_step(st) != SQLITE_DONE) {
		store_fail(d->s, "%s: %s", d->s->path, sqlite3_errmsg(d->s->db));
		d->failed = 1;
	}
	sqlite3_finalize(st);
}

/* The first column of the first row as an integer; 0 when there is no row. */
static long long one(struct definer *d, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *st;
	long long v = 0;

	if (d->failed)
		return 0;
	va_start(ap, types);
	st = prep(d, sql, types, ap);
	va_end(ap);
	if (!st)
		return 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		store_fail(d->s, "%s: %s", d->s->path, sqlite3_errmsg(d->s->db));
		d->failed = 1;
	}
	sqlite3_finalize(st);
	return v;
}

/*
 * When the cases matching `where` (on cases, bound to id and id2) exist, writes
 * "WHAT, but N cases refer to it (REF, REF, REF, ...)" as a refusal.
 */
static void refuse_if_cases(struct definer *d, const char *where, long long id, long long id2, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void refuse_if_cases(struct definer *d, const char *where, long long id, long long id2, const char *fmt, ...)
{
	int outside = strstr(where, "NOT BETWEEN") != NULL; /* the period check: other words */
	char sql[256], what[400];
	va_list ap;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE %s", where);
	long long n = one(d, sql, "ii", id, id2);
	if (n == 0 || d->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (outside)
		fprintf(d->errs, "%s, but %lld case%s detected outside it (", what, n, n == 1 ? " was" : "s were");
	else
		fprintf(d->errs, "%s, but %lld case%s to it (", what, n, n == 1 ? " refers" : "s refer");
	snprintf(sql, sizeof sql, "SELECT ref FROM cases WHERE %s ORDER BY ref LIMIT %d", where, SHOW_REFS);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(d->s->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, id2);
		for (int k = 0; sqlite3_step(st) == SQLITE_ROW; k++)
			fprintf(d->errs, "%s%s", k ? ", " : "", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	fprintf(d->errs, "%s)\n", n > SHOW_REFS ? ", \xe2\x80\xa6" : "");
	d->refused++;
}

static void set_meta(struct definer *d, const char *key, const char *value)
{
	run(d, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", "tt", key, value);
}

static void define_meta(struct definer *d, const struct op *o)
{
	size_t len = 1;
	char *coord;

	for (int i = 0; i < o->ncoordinators; i++)
		len += strlen(o->coordinators[i]) + 1;
	if (!(coord = calloc(1, len))) {
		store_fail(d->s, "out of memory");
		d->failed = 1;
		return;
	}
	for (int i = 0; i < o->ncoordinators; i++) {
		if (i)
			strcat(coord, "\n");
		strcat(coord, o->coordinators[i]);
	}
	set_meta(d, "operation_code", o->code);
	set_meta(d, "operation", o->name);
	set_meta(d, "coordinators", coord);
	set_meta(d, "source", o->source ? o->source : "");
	free(coord);
}

/* Ids of the rows of table whose code is not among codes (the description's). */
static long long *gone(struct definer *d, const char *table, const char *order, char *const *codes, size_t stride,
                       int n, int *count)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	long long *ids = NULL;
	int cap = 0;

	*count = 0;
	if (d->failed)
		return NULL;
	snprintf(sql, sizeof sql, "SELECT id, code FROM %s ORDER BY %s", table, order);
	if (sqlite3_prepare_v2(d->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(d->s, "%s: %s", d->s->path, sqlite3_errmsg(d->s->db));
		d->failed = 1;
		return NULL;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 1);
		int found = 0;
		for (int i = 0; i < n && !found; i++)
			found = strcmp(*(char *const *)((const char *)codes + (size_t)i * stride), code) == 0;
		if (found)
			continue;
		if (*count == cap) {
			long long *t = realloc(ids, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *ids);
			if (!t) {
				store_fail(d->s, "out of memory");
				d->failed = 1;
				break;
			}
			ids = t;
		}
		ids[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return ids;
}

static char *code_of(struct definer *d, const char *table, long long id)
{
	char sql[96];
	sqlite3_stmt *st = NULL;
	char *c = NULL;

	snprintf(sql, sizeof sql, "SELECT code FROM %s WHERE id = ?", table);
	if (sqlite3_prepare_v2(d->s->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			c = store_col_dup(st, 0);
	}
	sqlite3_finalize(st);
	return c ? c : strdup("?");
}

static void define_phases(struct definer *d, const struct op *o, long long *pid)
{
	for (int i = 0; i < o->nphases && !d->failed; i++) {
		const struct op_phase *p = &o->phases[i];
		long long id = one(d, "SELECT id FROM operations WHERE code = ?", "t", p->code);
		if (id) {
			run(d, "UPDATE operations SET name = ?, phase = ?, starts_on = ?, ends_on = ?, period = ?,"
			       " source = ?, published = ?, review_place = ?, review_on = ? WHERE id = ?",
			    "tittttntti", p->name, (long long)p->number, p->starts_on, p->ends_on, p->period, p->source,
			    p->published, p->review_place, p->review_on, id);
			/* A shorter period must not leave cases behind. */
			refuse_if_cases(d, "operation_id = ?1 AND ?2 = ?2 AND detected_on NOT BETWEEN"
			                   " (SELECT starts_on FROM operations WHERE id = ?1)"
			                   " AND (SELECT ends_on FROM operations WHERE id = ?1)",
			                id, 0, "phase %s would run from %s to %s", p->code, p->starts_on, p->ends_on);
		} else {
			run(d, "INSERT INTO operations(code, name, phase, starts_on, ends_on, period, source, published,"
			       " review_place, review_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    "ttittttntt", p->code, p->name, (long long)p->number, p->starts_on, p->ends_on, p->period,
			    p->source, p->published, p->review_place, p->review_on);
			id = sqlite3_last_insert_rowid(d->s->db);
		}
		pid[i] = id;
	}
}

static void remove_phases(struct definer *d, const struct op *o)
{
	int n;
	long long *ids = gone(d, "operations", "id", &o->phases[0].code, sizeof o->phases[0], o->nphases, &n);

	for (int i = 0; i < n && !d->failed; i++) {
		char *code = code_of(d, "operations", ids[i]);
		long long before = d->refused;
		refuse_if_cases(d, "operation_id = ? AND ? = 0", ids[i], 0, "phase %s is not in the file", code);
		if (d->refused == before) {
			run(d, "DELETE FROM participations WHERE operation_id = ?", "i", ids[i]);
			run(d, "DELETE FROM rollups WHERE operation_id = ?", "i", ids[i]);
			run(d, "DELETE FROM operations WHERE id = ?", "i", ids[i]);
		}
		free(code);
	}
	free(ids);
}

static void define_categories(struct definer *d, const struct op *o)
{
	int top = 0, sub = 0;

	for (int i = 0; i < o->ncategories && !d->failed; i++) {
		const struct op_category *c = &o->categories[i];
		long long parent = 0;
		if (c->parent)
			parent = one(d, "SELECT id FROM categories WHERE code = ?", "t", c->parent);
		int pos = c->parent ? ++sub : (sub = 0, ++top);
		long long id = one(d, "SELECT id FROM categories WHERE code = ?", "t", c->code);
		if (id) {
			long long was = one(d, "SELECT coalesce(parent_id, 0) FROM categories WHERE id = ?", "i", id);
			if (was != parent) {
				char *from = was ? code_of(d, "categories", was) : strdup("the top level");
				refuse_if_cases(d, "(category_id = ?1 OR subcategory_id = ?1) AND ?2 = ?2", id, 0,
				                "category %s would move from %s to %s", c->code, from ? from : "?",
				                c->parent ? c->parent : "the top level");
				free(from);
			}
			run(d, "UPDATE categories SET name = ?, parent_id = nullif(?, 0), position = ?, unit = ? WHERE id = ?",
			    "tiiti", c->name, parent, (long long)pos, c->unit, id);
		} else {
			run(d, "INSERT INTO categories(code, name, parent_id, position, unit) VALUES (?, ?, nullif(?, 0), ?, ?)",
			    "ttiit", c->code, c->name, parent, (long long)pos, c->unit);
		}
	}
	/* Removed ones, sub-categories before their parents. */
	int n;
	long long *ids = gone(d, "categories", "parent_id IS NULL, id", &o->categories[0].code, sizeof o->categories[0],
	                      o->ncategories, &n);
	for (int i = 0; i < n && !d->failed; i++) {
		char *code = code_of(d, "categories", ids[i]);
		long long before = d->refused;
		refuse_if_cases(d, "(category_id = ?1 OR subcategory_id = ?1) AND ?2 = ?2", ids[i], 0,
		                "category %s is not in the file", code);
		if (d->refused == before &&
		    one(d, "SELECT count(*) FROM categories WHERE parent_id = ?", "i", ids[i]) == 0) {
			run(d, "DELETE FROM rollups WHERE category_id = ?", "i", ids[i]);
			run(d, "DELETE FROM categories WHERE id = ?", "i", ids[i]);
		}
		free(code);
	}
	free(ids);
}

static void define_agencies(struct definer *d, const struct op *o)
{
	for (int i = 0; i < o->nagencies && !d->failed; i++) {
		const struct op_agency *a = &o->agencies[i];
		const char *kind = operation_kind_name(a->kind);
		long long id = one(d, "SELECT id FROM agencies WHERE code = ?", "t", a->code);
		if (id) {
			run(d, "UPDATE agencies SET name = ?, short = ?, country = ?, kind = ? WHERE id = ?", "tttti",
			    a->name, a->short_name, a->country, kind, id);
		} else {
			run(d, "INSERT INTO agencies(code, name, short, country, kind) VALUES (?, ?, ?, ?, ?)", "ttttt",
			    a->code, a->name, a->short_name, a->country, kind);
			id = sqlite3_last_insert_rowid(d->s->db);
		}
	}
	int n;
	long long *ids = gone(d, "agencies", "id", &o->agencies[0].code, sizeof o->agencies[0], o->nagencies, &n);
	for (int i = 0; i < n && !d->failed; i++) {
		char *code = code_of(d, "agencies", ids[i]);
		long long before = d->refused;
		refuse_if_cases(d, "agency_id = ? AND ? = 0", ids[i], 0, "agency %s is not in the file", code);
		if (d->refused == before) {
			run(d, "DELETE FROM participations WHERE agency_id = ?", "i", ids[i]);
			run(d, "DELETE FROM agencies WHERE id = ?", "i", ids[i]);
		}
		free(code);
	}
	free(ids);
}

/* Each phase's agencies: the ones the file drops go, unless cases say otherwise. */
static void define_participations(struct definer *d, const struct op *o, const long long *pid)
{
	for (int i = 0; i < o->nphases && !d->failed; i++) {
		const struct op_phase *p = &o->phases[i];
		long long *aid = calloc((size_t)p->nagencies + 1, sizeof *aid);
		if (!aid) {
			store_fail(d->s, "out of memory");
			d->failed = 1;
			return;
		}
		for (int j = 0; j < p->nagencies; j++)
			aid[j] = one(d, "SELECT id FROM agencies WHERE code = ?", "t", p->agencies[j]);
		sqlite3_stmt *st = NULL;
		long long *was = NULL;
		int nwas = 0, cap = 0;
		if (sqlite3_prepare_v2(d->s->db, "SELECT agency_id FROM participations WHERE operation_id = ?", -1, &st,
		                       NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, pid[i]);
			while (sqlite3_step(st) == SQLITE_ROW) {
				if (nwas == cap) {
					long long *t = realloc(was, (size_t)(cap = cap ? 2 * cap : 32) * sizeof *t);
					if (!t)
						break;
					was = t;
				}
				was[nwas++] = sqlite3_column_int64(st, 0);
			}
		}
		sqlite3_finalize(st);
		for (int k = 0; k < nwas && !d->failed; k++) {
			int kept = 0;
			for (int j = 0; j < p->nagencies && !kept; j++)
				kept = aid[j] == was[k];
			if (kept)
				continue;
			char *ac = code_of(d, "agencies", was[k]);
			long long before = d->refused;
			refuse_if_cases(d, "operation_id = ? AND agency_id = ?", pid[i], was[k],
			                "agency %s would no longer take part in phase %s", ac, p->code);
			free(ac);
			if (d->refused == before)
				run(d, "DELETE FROM participations WHERE operation_id = ? AND agency_id = ?", "ii", pid[i], was[k]);
		}
		for (int j = 0; j < p->nagencies; j++)
			run(d, "INSERT OR IGNORE INTO participations(operation_id, agency_id) VALUES (?, ?)", "ii", pid[i],
			    aid[j]);
		free(was);
		free(aid);
	}
}

/* The work of store_define inside a transaction the caller holds (the sample uses it
 * inside its own). */
int store_define_tx(struct store *s, const struct op *o, FILE *errs)
{
	struct definer d = { .s = s, .errs = errs };
	long long *pid = calloc((size_t)o->nphases + 1, sizeof *pid);

	if (!pid)
		return store_fail(s, "out of memory");
	define_meta(&d, o);
	define_phases(&d, o, pid);
	define_categories(&d, o);
	define_agencies(&d, o);
	define_participations(&d, o, pid);
	remove_phases(&d, o);
	free(pid);
	if (d.failed)
		return -1;
	if (d.refused) {
		store_fail(s, "%d change%s refused", d.refused, d.refused == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

int store_define(struct store *s, const struct op *o, FILE *errs)
{
	if (!s->writable)
		return store_fail(s, "%s: opened read-only", s->path);
	if (store_exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (store_define_tx(s, o, errs) < 0 || store_exec(s, "COMMIT") < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* ---- category positions -------------------------------------------------------------- */

/*
 * Each category's code with the place of its top-level category among the top-level
 * ones (0, 1, ...; by position): what gives a category, and its sub-categories, their
 * colour on screen.  A few dozen rows, read per aggregate or page of cases.
 */
struct catpos {
	int n;
	char **code;  /* owned */
	int *pos;     /* owned */
};

static void catpos_free(struct catpos *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->code[i]);
	free(m->code);
	free(m->pos);
}

static int catpos_load(struct store *s, struct catpos *m)
{
	sqlite3_stmt *st = NULL;
	int rc, cap = 0;

	memset(m, 0, sizeof *m);
	if (store_stmt(s, "SELECT c.code, (SELECT count(*) FROM categories t WHERE t.parent_id IS NULL"
	                  " AND (t.position < top.position OR (t.position = top.position AND t.id < top.id)))"
	                  " FROM categories c JOIN categories top ON top.id = coalesce(c.parent_id, c.id)", &st) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (m->n == cap) {
			cap = cap ? 2 * cap : 32;
			char **c = realloc(m->code, (size_t)cap * sizeof *c);
			if (c)
				m->code = c;
			int *p = realloc(m->pos, (size_t)cap * sizeof *p);
			if (p)
				m->pos = p;
			if (!c || !p)
				goto oom;
		}
		if (!(m->code[m->n] = store_col_dup(st, 0)))
			goto oom;
		m->pos[m->n++] = sqlite3_column_int(st, 1);
	}
	store_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		catpos_free(m);
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	return 0;
oom:
	store_stmt_done(s, st);
	catpos_free(m);
	return store_fail(s, "out of memory");
}

static int catpos_of(const struct catpos *m, const char *code)
{
	for (int i = 0; code && i < m->n; i++)
		if (strcmp(m->code[i], code) == 0)
			return m->pos[i];
	return -1;
}

int store_category_pos_agg(struct store *s, struct store_agg *a)
{
	struct catpos m;

	a->total.pos = -1;
	for (int i = 0; i < a->n; i++)
		a->rows[i].pos = -1;
	if (a->dim != STORE_DIM_CATEGORY && a->dim != STORE_DIM_SUBCATEGORY)
		return 0;
	if (catpos_load(s, &m) < 0) {
		store_agg_free(a);
		return -1;
	}
	for (int i = 0; i < a->n; i++)
		a->rows[i].pos = catpos_of(&m, a->rows[i].key);
	catpos_free(&m);
	return 0;
}

int store_category_pos_cases(struct store *s, struct store_case *c, int n)
{
	struct catpos m;

	for (int i = 0; i < n; i++)
		c[i].category_pos = -1;
	if (n <= 0 || catpos_load(s, &m) < 0)
		return 0; /* the cases stay whole; their colours are all that is lost */
	for (int i = 0; i < n; i++)
		c[i].category_pos = catpos_of(&m, c[i].category);
	catpos_free(&m);
	return 0;
}

/* ---- describe ------------------------------------------------------------------------- */

/* "A B C" into an owned array of owned strings. */
static int split_codes(const char *list, char ***out, int *n)
{
	for (const char *c = list ? list : ""; *c;) {
		size_t l = strcspn(c, " ");
		char **t = realloc(*out, (size_t)(*n + 1) * sizeof *t);
		if (!t)
			return -1;
		*out = t;
		if (!(t[*n] = strndup(c, l)))
			return -1;
		(*n)++;
		c += l + (c[l] == ' ');
	}
	return 0;
}

static char *meta_or_empty(struct store *s, const char *key)
{
	char *v = store_meta(s, key);
	return v ? v : strdup("");
}

int store_describe(struct store *s, struct op *o)
{
	sqlite3_stmt *st = NULL;
	int rc, n;

	memset(o, 0, sizeof *o);
	if (!(o->code = store_meta(s, "operation_code"))) {
		store_fail(s, "%s: describes no operation yet (opdeck define %s FILE.yaml)", s->path, s->path);
		return -1;
	}
	o->name = meta_or_empty(s, "operation");
	o->source = meta_or_empty(s, "source");
	char *coord = meta_or_empty(s, "coordinators");
	if (!o->name || !o->source || !coord)
		goto oom;
	for (char *c = coord; *c;) {
		size_t l = strcspn(c, "\n");
		char **t = realloc(o->coordinators, (size_t)(o->ncoordinators + 1) * sizeof *t);
		if (!t)
			goto oom;
		o->coordinators = t;
		if (!(t[o->ncoordinators] = strndup(c, l)))
			goto oom;
		o->ncoordinators++;
		c += l + (c[l] == '\n');
	}
	free(coord);
	coord = NULL;

	/* Phases by number; counted first so the arrays are allocated once. */
	if (sqlite3_prepare_v2(s->db, "SELECT o.code, o.name, o.phase, o.starts_on, o.ends_on, o.period, o.published,"
	                              " o.review_place, o.review_on, o.source,"
	                              " (SELECT group_concat(code, ' ') FROM (SELECT a.code FROM participations p"
	                              "  JOIN agencies a ON a.id = p.agency_id WHERE p.operation_id = o.id ORDER BY a.id))"
	                              " FROM operations o ORDER BY o.phase, o.id", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		struct op_phase *t = realloc(o->phases, (size_t)(n + 1) * sizeof *t);
		if (!t)
			goto oom;
		o->phases = t;
		struct op_phase *p = &t[n];
		memset(p, 0, sizeof *p);
		o->nphases = n + 1;
		p->code = store_col_dup(st, 0), p->name = store_col_dup(st, 1);
		p->number = sqlite3_column_int(st, 2);
		p->starts_on = store_col_dup(st, 3), p->ends_on = store_col_dup(st, 4);
		p->period = store_col_dup(st, 5);
		p->published = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : store_col_dup(st, 6);
		p->review_place = store_col_dup(st, 7), p->review_on = store_col_dup(st, 8);
		p->source = store_col_dup(st, 9);
		if (!p->code || !p->name || !p->starts_on || !p->ends_on || !p->period || !p->review_place ||
		    !p->review_on || !p->source || (sqlite3_column_type(st, 6) != SQLITE_NULL && !p->published))
			goto oom;
		if (split_codes((const char *)sqlite3_column_text(st, 10), &p->agencies, &p->nagencies) < 0)
			goto oom;
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(s->db, "SELECT a.code, a.name, a.short, a.country, a.kind FROM agencies a ORDER BY a.id",
	                       -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		struct op_agency *t = realloc(o->agencies, (size_t)(n + 1) * sizeof *t);
		if (!t)
			goto oom;
		o->agencies = t;
		struct op_agency *a = &t[n];
		memset(a, 0, sizeof *a);
		o->nagencies = n + 1;
		a->code = store_col_dup(st, 0), a->name = store_col_dup(st, 1), a->short_name = store_col_dup(st, 2);
		a->country = store_col_dup(st, 3);
		a->kind = operation_kind_parse((const char *)sqlite3_column_text(st, 4));
		if (!a->code || !a->name || !a->short_name || !a->country)
			goto oom;
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);

	/* Each top-level category by position, followed by its sub-categories by position. */
	if (sqlite3_prepare_v2(s->db, "SELECT c.code, c.name, p.code, c.unit FROM categories c"
	                              " LEFT JOIN categories p ON p.id = c.parent_id"
	                              " ORDER BY coalesce(p.position, c.position), coalesce(p.id, c.id),"
	                              " c.parent_id IS NOT NULL, c.position, c.id", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		struct op_category *t = realloc(o->categories, (size_t)(n + 1) * sizeof *t);
		if (!t)
			goto oom;
		o->categories = t;
		struct op_category *c = &t[n];
		memset(c, 0, sizeof *c);
		o->ncategories = n + 1;
		c->code = store_col_dup(st, 0), c->name = store_col_dup(st, 1), c->unit = store_col_dup(st, 3);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL && !(c->parent = store_col_dup(st, 2)))
			goto oom;
		if (!c->code || !c->name || !c->unit)
			goto oom;
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	return 0;
sqlfail:
	store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	goto fail;
oom:
	store_fail(s, "out of memory");
fail:
	free(coord);
	sqlite3_finalize(st);
	operation_free(o);
	return -1;
}
