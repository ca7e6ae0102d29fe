/*
 * store_rollup_read: a viewer's copy of the rollups table, answering the aggregates the
 * rollups serve (store_query.c's agg_uses_rollups: a filter fixing at most the phase and
 * the category) without SQL.
 *
 * Why: after another process commits, a viewer's memo (store_memo.c) is emptied and
 * every rollup question was asked again, each a GROUP BY with its joins over a few
 * hundred rows (0.25-0.3 ms each, ten of them on the home screen: half of its refresh at
 * a million cases).  The table only changes with the cases (its triggers, or an import
 * summing them in memory), and every change of a case is in the change log (case_log):
 * so after a commit the copy reads the log, and when the log names only cases new to it
 * (ids above the highest it had seen: an insert, never an update or a delete, whose
 * previous values nothing here knows) it reads again only the rows of those cases'
 * (phase, category) pairs, a hundred rows at most, by the table's primary key.  Anything
 * else (an update, a delete, a log trimmed past what was seen, no log at all, many new
 * cases) reads the whole table again.  The reference rows (phases, categories, agencies:
 * codes, names, order) are read again at every change: a few dozen rows, and `define`
 * changes them without logging.
 *
 * Reading order matters: the log position and the highest id are read before the rows,
 * so a commit landing in between is read again next time (re-reading a pair is
 * idempotent), never missed.  The answers are the SQL's rows, keys, labels and order;
 * sums are made in the table's key order, as SQLite's scan makes them (the quantities
 * are each row's sum plus its compensation term, as ROLLUP_MEASURES adds them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"

#define RM_FEW 32 /* new cases re-read pair by pair; more: the whole table */

struct rm_row {
	int dim;
	long long id;          /* the key of dims 2 and 3 (sub-category, agency ids) */
	char *key;             /* the key of the text dims; NULL for the id dims */
	long long cases, arrests;
	double q[STORE_UNIT_COUNT], e[STORE_UNIT_COUNT];
};

struct rm_pair {
	long long op, cat;
	struct rm_row *rows;   /* in the table's key order: dim, then key */
	int n;
};

struct rm_ref {
	long long id, order, parent; /* order: phase number, category position; parent: 0 top */
	char *code, *name;
};

struct rollup_mem {
	int valid;
	sqlite3_int64 version;      /* PRAGMA data_version the copy is of */
	long long seen, maxid;      /* case_log seq read; highest case id seen */
	struct rm_pair *pairs;      /* by (op, cat) */
	int npairs, cappairs;
	struct rm_ref *ops, *cats, *ags;
	int nops, ncats, nags;
};

static void rows_free(struct rm_pair *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->rows[i].key);
	free(p->rows);
	p->rows = NULL;
	p->n = 0;
}

static void refs_free(struct rm_ref *r, int n)
{
	for (int i = 0; r && i < n; i++) {
		free(r[i].code);
		free(r[i].name);
	}
	free(r);
}

static void mem_clear(struct rollup_mem *m)
{
	for (int i = 0; i < m->npairs; i++)
		rows_free(&m->pairs[i]);
	m->npairs = 0;
	refs_free(m->ops, m->nops);
	refs_free(m->cats, m->ncats);
	refs_free(m->ags, m->nags);
	m->ops = m->cats = m->ags = NULL;
	m->nops = m->ncats = m->nags = 0;
	m->valid = 0;
}

void store_rollup_mem_free(struct rollup_mem *m)
{
	if (!m)
		return;
	mem_clear(m);
	free(m->pairs);
	free(m);
}

/* One integer from a kept statement (binding a when a >= 0); dflt for no row or NULL. */
static long long one_ll(struct store *s, const char *sql, long long a, long long dflt, int *err)
{
	sqlite3_stmt *st = NULL;
	long long v = dflt;
	if (store_stmt(s, sql, &st) < 0) {
		*err = 1;
		return dflt;
	}
	if (a >= 0)
		sqlite3_bind_int64(st, 1, a);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*err = 1, store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	store_stmt_done(s, st);
	return v;
}

static int refs_read(struct store *s, const char *sql, struct rm_ref **out, int *n)
{
	sqlite3_stmt *st = NULL;
	int cap = 0, rc;

	*out = NULL, *n = 0;
	if (store_stmt(s, sql, &st) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct rm_ref *g = realloc(*out, (size_t)(cap = cap ? 2 * cap : 32) * sizeof *g);
			if (!g)
				goto oom;
			*out = g;
		}
		struct rm_ref *r = &(*out)[*n];
		r->id = sqlite3_column_int64(st, 0);
		r->order = sqlite3_column_int64(st, 3);
		r->parent = sqlite3_column_int64(st, 4); /* NULL: 0 */
		r->code = store_col_dup(st, 1);
		r->name = store_col_dup(st, 2);
		(*n)++;
		if (!r->code || !r->name)
			goto oom;
	}
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
oom:
	store_stmt_done(s, st);
	return store_fail(s, "out of memory");
}

/* The pair (op, cat), added empty in its place when missing; NULL out of memory. */
static struct rm_pair *pair_get(struct rollup_mem *m, long long op, long long cat)
{
	int i = 0;
	while (i < m->npairs && (m->pairs[i].op < op || (m->pairs[i].op == op && m->pairs[i].cat < cat)))
		i++;
	if (i < m->npairs && m->pairs[i].op == op && m->pairs[i].cat == cat)
		return &m->pairs[i];
	if (m->npairs == m->cappairs) {
		int cap = m->cappairs ? 2 * m->cappairs : 32;
		struct rm_pair *g = realloc(m->pairs, (size_t)cap * sizeof *g);
		if (!g)
			return NULL;
		m->pairs = g, m->cappairs = cap;
	}
	memmove(&m->pairs[i + 1], &m->pairs[i], (size_t)(m->npairs - i) * sizeof *m->pairs);
	m->npairs++;
	m->pairs[i] = (struct rm_pair){ op, cat, NULL, 0 };
	return &m->pairs[i];
}

static const char rows_sql[] =
	"SELECT operation_id, category_id, dim, key, cases, arrests, q_kg, q_tablets, q_pieces, q_heads, q_m3,"
	" q_litres, q_kg_e, q_tablets_e, q_pieces_e, q_heads_e, q_m3_e, q_litres_e FROM rollups";

/* Reads rows into their pairs (the whole table, or the pair bound): the pairs read are
 * emptied first.  0, or -1 with the error recorded. */
static int rows_read(struct store *s, struct rollup_mem *m, long long op, long long cat)
{
	char sql[sizeof rows_sql + 80];
	sqlite3_stmt *st = NULL;
	struct rm_pair *p = NULL;
	int cap = 0, rc;

	snprintf(sql, sizeof sql, "%s%s", rows_sql,
	         op >= 0 ? " WHERE operation_id = ?1 AND category_id = ?2 AND cases > 0" : " WHERE cases > 0");
	if (store_stmt(s, sql, &st) < 0)
		return -1;
	if (op >= 0) {
		sqlite3_bind_int64(st, 1, op);
		sqlite3_bind_int64(st, 2, cat);
		if (!(p = pair_get(m, op, cat)))
			goto oom;
		rows_free(p);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long o = sqlite3_column_int64(st, 0), k = sqlite3_column_int64(st, 1);
		if (!p || p->op != o || p->cat != k) {
			if (!(p = pair_get(m, o, k)))
				goto oom;
			cap = p->n; /* the whole table comes in key order: each pair once, from empty */
		}
		if (p->n == cap) {
			struct rm_row *g = realloc(p->rows, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *g);
			if (!g)
				goto oom;
			p->rows = g;
		}
		struct rm_row *r = &p->rows[p->n];
		memset(r, 0, sizeof *r);
		r->dim = sqlite3_column_int(st, 2);
		if (r->dim == STORE_DIM_SUBCATEGORY || r->dim == STORE_DIM_AGENCY) {
			/* the SQL joins the id: a key of another type names no category or agency */
			if (sqlite3_column_type(st, 3) != SQLITE_INTEGER)
				continue;
			r->id = sqlite3_column_int64(st, 3);
		} else if (r->dim != STORE_DIM_PHASE && !(r->key = store_col_dup(st, 3))) {
			goto oom;
		}
		r->cases = sqlite3_column_int64(st, 4);
		r->arrests = sqlite3_column_int64(st, 5);
		for (int u = 0; u < STORE_UNIT_COUNT; u++) {
			r->q[u] = sqlite3_column_double(st, 6 + u);
			r->e[u] = sqlite3_column_double(st, 6 + STORE_UNIT_COUNT + u);
		}
		p->n++;
	}
	store_stmt_done(s, st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
oom:
	store_stmt_done(s, st);
	return store_fail(s, "out of memory");
}

/* The pairs the logged cases since m->seen fall in, when every one is new to the copy:
 * 1 with pairs read again, 0 when the whole table must be, -1 error. */
static int log_pairs(struct store *s, struct rollup_mem *m, long long seq, int *err)
{
	long long floor = one_ll(s, "SELECT value FROM meta WHERE key = 'cols_floor'", -1, 0, err);
	long long ids[RM_FEW];
	int n = 0, over = 0;
	sqlite3_stmt *st = NULL;

	if (*err || seq < 0 || floor > m->seen || seq < m->seen)
		return *err ? -1 : 0;
	if (store_stmt(s, "SELECT case_id FROM case_log WHERE seq > ?", &st) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, m->seen);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (id <= m->maxid) { /* an update or a delete */
			over = 1;
			break;
		}
		int dup = 0; /* a new case is logged again when its seizures set its totals */
		for (int k = 0; k < n && !dup; k++)
			dup = ids[k] == id;
		if (dup)
			continue;
		if (n == RM_FEW) { /* many */
			over = 1;
			break;
		}
		ids[n++] = id;
	}
	store_stmt_done(s, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	if (over)
		return 0;
	long long done[RM_FEW][2];
	int ndone = 0;
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *c = NULL;
		if (store_stmt(s, "SELECT operation_id, category_id FROM cases WHERE id = ?", &c) < 0)
			return -1;
		sqlite3_bind_int64(c, 1, ids[i]);
		rc = sqlite3_step(c);
		long long op = sqlite3_column_int64(c, 0), cat = sqlite3_column_int64(c, 1);
		store_stmt_done(s, c);
		if (rc == SQLITE_DONE) /* added and deleted since: nothing of it is left */
			continue;
		if (rc != SQLITE_ROW)
			return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		int again = 0; /* each pair read once */
		for (int k = 0; k < ndone && !again; k++)
			again = done[k][0] == op && done[k][1] == cat;
		if (!again && rows_read(s, m, op, cat) < 0)
			return -1;
		if (!again)
			done[ndone][0] = op, done[ndone][1] = cat, ndone++;
		if (ids[i] > m->maxid)
			m->maxid = ids[i];
	}
	return 1;
}

/* The copy of s in step with the database; NULL when it does not answer (a writer, whose
 * own commits do not move data_version) or on error (recorded). */
static struct rollup_mem *mem_sync(struct store *s, int *err)
{
	struct rollup_mem *m = s->rollup_mem;
	*err = 0;
	if (s->writable)
		return NULL;
	if (!m && !(m = s->rollup_mem = calloc(1, sizeof *m))) {
		*err = 1;
		store_fail(s, "out of memory");
		return NULL;
	}
	long long v = one_ll(s, "PRAGMA data_version", -1, -1, err);
	if (*err)
		return NULL;
	if (m->valid && v == m->version)
		return m;
	/* The log's end and the highest id first: see the head comment. */
	long long seq = one_ll(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", -1, -1, err);
	if (*err)
		seq = -1, *err = 0; /* no log (a database made before it): read everything */
	int part = 0;
	refs_free(m->ops, m->nops);
	refs_free(m->cats, m->ncats);
	refs_free(m->ags, m->nags);
	m->ops = m->cats = m->ags = NULL;
	m->nops = m->ncats = m->nags = 0;
	if (refs_read(s, "SELECT id, code, name, phase, 0 FROM operations", &m->ops, &m->nops) < 0 ||
	    refs_read(s, "SELECT id, code, name, position, parent_id FROM categories", &m->cats, &m->ncats) < 0 ||
	    refs_read(s, "SELECT id, code, short, 0, 0 FROM agencies", &m->ags, &m->nags) < 0)
		goto fail;
	if (m->valid && (part = log_pairs(s, m, seq, err)) < 0)
		goto fail;
	if (!part) {
		long long maxid = one_ll(s, "SELECT max(id) FROM cases", -1, 0, err);
		if (*err)
			goto fail;
		for (int i = 0; i < m->npairs; i++)
			rows_free(&m->pairs[i]);
		m->npairs = 0;
		if (rows_read(s, m, -1, -1) < 0)
			goto fail;
		m->maxid = maxid;
	}
	m->seen = seq;
	m->version = v;
	m->valid = 1;
	return m;
fail:
	*err = 1;
	mem_clear(m);
	return NULL;
}

/* ---- answers ------------------------------------------------------------------------ */

static const struct rm_ref *ref_by_id(const struct rm_ref *r, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (r[i].id == id)
			return &r[i];
	return NULL;
}

/* The id of code (-1: none, and nothing matches, as the SQL's NULL subquery). */
static long long ref_id(const struct rm_ref *r, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(r[i].code, code) == 0)
			return r[i].id;
	return -1;
}

/* A group being summed: totals as the SQL's sum() and total()s make them, row by row. */
struct rm_group {
	const struct rm_row *first;
	long long op, cat;     /* of the first row: for phase and category groups */
	long long cases, arrests;
	double q[STORE_UNIT_COUNT], e[STORE_UNIT_COUNT];
	long long order;       /* the sort's: category position */
	char *key, *label;     /* owned until handed to the answer */
};

struct rm_hit {
	const struct rm_row *r;
	long long op, cat;
	int seq;
};

static int rm_dim;
static int hit_cmp(const void *a, const void *b)
{
	const struct rm_hit *x = a, *y = b;
	int c = 0;
	if (rm_dim == STORE_DIM_PHASE)
		c = (x->op > y->op) - (x->op < y->op);
	else if (rm_dim == STORE_DIM_CATEGORY)
		c = (x->cat > y->cat) - (x->cat < y->cat);
	else if (rm_dim == STORE_DIM_SUBCATEGORY || rm_dim == STORE_DIM_AGENCY)
		c = (x->r->id > y->r->id) - (x->r->id < y->r->id);
	else
		c = strcmp(x->r->key, y->r->key);
	return c ? c : x->seq - y->seq;
}

static int group_cmp(const void *a, const void *b)
{
	const struct rm_group *x = a, *y = b;
	if (rm_dim == STORE_DIM_WEEK)
		return strcmp(x->key, y->key);
	if (x->cases != y->cases)
		return (x->cases < y->cases) - (x->cases > y->cases);
	if (rm_dim == STORE_DIM_SUBCATEGORY && x->order != y->order)
		return (x->order > y->order) - (x->order < y->order);
	return strcmp(x->key, y->key);
}

/* Adds group g to the answer as a row (its key and label move there). */
static void add_row(struct store_agg *a, struct rm_group *g)
{
	struct store_agg_row *r = &a->rows[a->n++];
	memset(r, 0, sizeof *r);
	r->key = g->key, r->label = g->label;
	g->key = g->label = NULL;
	r->cases = g->cases;
	r->arrests = g->arrests;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		r->qty[u] = g->q[u] + g->e[u];
	a->total.cases += r->cases;
	a->total.arrests += r->arrests;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		a->total.qty[u] += r->qty[u];
}

static void group_add(struct rm_group *g, const struct rm_row *r)
{
	g->cases += r->cases;
	g->arrests += r->arrests;
	for (int u = 0; u < STORE_UNIT_COUNT; u++) {
		g->q[u] += r->q[u];
		g->e[u] += r->e[u];
	}
}

static int ref_cmp_order(const void *a, const void *b)
{
	const struct rm_ref *x = *(const struct rm_ref *const *)a, *y = *(const struct rm_ref *const *)b;
	if (x->order != y->order)
		return (x->order > y->order) - (x->order < y->order);
	return (x->id > y->id) - (x->id < y->id);
}

/* Phases or top-level categories, every one listed (the SQL's LEFT JOIN), in order. */
static int answer_listed(struct rollup_mem *m, const struct store_filter *f, int dim, struct rm_group *g, int ng,
                         struct store_agg *a)
{
	const struct rm_ref *base = dim == STORE_DIM_PHASE ? m->ops : m->cats;
	int nb = dim == STORE_DIM_PHASE ? m->nops : m->ncats, n = 0;
	const struct rm_ref **list = calloc((size_t)nb + 1, sizeof *list);
	const char *only = f ? f->value[dim] : NULL;

	if (!list || !(a->rows = calloc((size_t)nb + 1, sizeof *a->rows))) {
		free(list);
		return -1;
	}
	for (int i = 0; i < nb; i++)
		if ((dim == STORE_DIM_PHASE || base[i].parent == 0) && (!only || strcmp(base[i].code, only) == 0))
			list[n++] = &base[i];
	qsort(list, (size_t)n, sizeof *list, ref_cmp_order);
	for (int i = 0; i < n; i++) {
		struct rm_group e = { 0 }, *h = &e;
		for (int k = 0; k < ng; k++)
			if ((dim == STORE_DIM_PHASE ? g[k].op : g[k].cat) == list[i]->id)
				h = &g[k];
		free(h->key);
		free(h->label);
		h->key = strdup(list[i]->code);
		h->label = strdup(list[i]->name);
		if (!h->key || !h->label) {
			free(list);
			return -1;
		}
		add_row(a, h);
	}
	free(list);
	return 0;
}

int store_rollup_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	int err = 0;
	struct rollup_mem *m = mem_sync(s, &err);
	if (!m)
		return err ? -1 : 0;
	if (dim < 0 || dim == STORE_DIM_DAY || dim >= STORE_DIM_COUNT)
		return 0;
	int rd = dim == STORE_DIM_PHASE || dim == STORE_DIM_CATEGORY ? 0 : dim;
	long long op = -2, cat = -2; /* -2: any */
	if (f && f->value[STORE_DIM_PHASE])
		op = ref_id(m->ops, m->nops, f->value[STORE_DIM_PHASE]);
	if (f && f->value[STORE_DIM_CATEGORY])
		cat = ref_id(m->cats, m->ncats, f->value[STORE_DIM_CATEGORY]);

	/* The matching rows in the table's order, then grouped by key (stable: the sums add
	 * a group's rows in that order). */
	int nh = 0, caph = 0, rc = -1;
	struct rm_hit *hit = NULL;
	struct rm_group *g = NULL;
	int ng = 0;
	struct store_agg a = { .dim = dim };
	for (int i = 0; i < m->npairs; i++) {
		const struct rm_pair *p = &m->pairs[i];
		if ((op != -2 && p->op != op) || (cat != -2 && p->cat != cat))
			continue;
		for (int k = 0; k < p->n; k++) {
			if (p->rows[k].dim != rd)
				continue;
			if (nh == caph) {
				struct rm_hit *h = realloc(hit, (size_t)(caph = caph ? 2 * caph : 256) * sizeof *h);
				if (!h)
					goto out;
				hit = h;
			}
			hit[nh] = (struct rm_hit){ &p->rows[k], p->op, p->cat, nh };
			nh++;
		}
	}
	rm_dim = dim;
	if (nh > 0) /* hit is NULL when nothing matched: qsort must not see it */
		qsort(hit, (size_t)nh, sizeof *hit, hit_cmp);
	if (!(g = calloc((size_t)nh + 1, sizeof *g)))
		goto out;
	for (int i = 0; i < nh; i++) {
		if (i == 0 || hit_cmp(&(struct rm_hit){ hit[i - 1].r, hit[i - 1].op, hit[i - 1].cat, 0 },
		                      &(struct rm_hit){ hit[i].r, hit[i].op, hit[i].cat, 0 }) != 0)
			g[ng++] = (struct rm_group){ .first = hit[i].r, .op = hit[i].op, .cat = hit[i].cat };
		group_add(&g[ng - 1], hit[i].r);
	}
	if (dim == STORE_DIM_PHASE || dim == STORE_DIM_CATEGORY) {
		if (answer_listed(m, f, dim, g, ng, &a) < 0)
			goto out;
	} else {
		int k = 0;
		for (int i = 0; i < ng; i++) {
			const struct rm_row *r = g[i].first;
			const struct rm_ref *ref = NULL;
			if (dim == STORE_DIM_SUBCATEGORY || dim == STORE_DIM_AGENCY) {
				ref = dim == STORE_DIM_AGENCY ? ref_by_id(m->ags, m->nags, r->id)
				                              : ref_by_id(m->cats, m->ncats, r->id);
				if (!ref) /* the SQL's inner join */
					continue;
				g[i].key = strdup(ref->code);
				g[i].label = strdup(ref->name);
				g[i].order = ref->order;
			} else {
				const char *cn = dim == STORE_DIM_COUNTRY ? store_country_name(r->key) : NULL;
				g[i].key = strdup(r->key);
				g[i].label = dim == STORE_DIM_WEEK ? store_date_label(r->key) : strdup(cn ? cn : r->key);
			}
			if (!g[i].key || !g[i].label) {
				free(g[i].key);
				free(g[i].label);
				goto out;
			}
			g[k++] = g[i];
		}
		ng = k;
		qsort(g, (size_t)ng, sizeof *g, group_cmp);
		if (!(a.rows = calloc((size_t)ng + 1, sizeof *a.rows)))
			goto out;
		for (int i = 0; i < ng; i++)
			add_row(&a, &g[i]);
	}
	if (!(a.total.key = strdup("")) || !(a.total.label = strdup("total")))
		goto out;
	*out = a;
	a = (struct store_agg){ 0 };
	rc = 1;
out:
	for (int i = 0; g && i < ng; i++) {
		free(g[i].key);
		free(g[i].label);
	}
	free(g);
	free(hit);
	store_agg_free(&a);
	return rc < 0 ? store_fail(s, "out of memory") : rc;
}
