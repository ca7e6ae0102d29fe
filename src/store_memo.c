/*
 * store_memo: a viewer's answers kept until the data change.
 *
 * One screen asks the same questions many times over: every panel of a slide asks for
 * the phases (the ~ marks), the KPI and the bars ask for the same aggregate, the titles
 * for the same labels.  At a million cases each answer costs little (the rollups), but
 * 40 of them, each prepared and run, made a refresh after one new case cost 6 to 9 ms.
 * The memo keeps the aggregates, the phases and the labels asked since the data last
 * changed, and gives back copies: a screen then asks the database each distinct
 * question once per change.  "Changed" is PRAGMA data_version (one kept statement, a
 * few microseconds), read on every question, so a write by any connection, the sqlite3
 * shell's included, is seen at the next question with or without store_changed().
 * Writers (their own commits do not move data_version) keep no memo.  It also keeps the
 * statements of the aggregates prepared (store_stmt): a few texts, their values bound.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define MEMO_AGGS 48
#define MEMO_LABELS 64
#define MEMO_STMTS 64

struct memo_agg {
	char *key;            /* dim and the filter as text; NULL: free slot */
	struct store_agg a;
	unsigned long used;
};

struct memo_label {
	int dim;
	char *key, *label;    /* NULL key: free slot */
	unsigned long used;
};

/* A statement kept prepared: the queries of the screens are few texts (their values are
 * bound), and preparing one costs about as much as running it on the rollups. */
struct memo_stmt {
	char *sql;            /* NULL: free slot */
	sqlite3_stmt *st;
	int busy;
	unsigned long used;
};

struct store_memo {
	sqlite3_stmt *dv;     /* PRAGMA data_version, kept */
	struct memo_stmt stmts[MEMO_STMTS];
	sqlite3_int64 version; /* the data the entries were read from */
	int valid;
	struct memo_agg aggs[MEMO_AGGS];
	struct memo_label labels[MEMO_LABELS];
	struct store_phase *phases;
	int nphases, have_phases;
	unsigned long tick;
};

static void memo_clear(struct store_memo *m)
{
	for (int i = 0; i < MEMO_AGGS; i++) {
		free(m->aggs[i].key);
		store_agg_free(&m->aggs[i].a);
		m->aggs[i].key = NULL;
	}
	for (int i = 0; i < MEMO_LABELS; i++) {
		free(m->labels[i].key);
		free(m->labels[i].label);
		m->labels[i].key = m->labels[i].label = NULL;
	}
	store_phases_free(m->phases, m->nphases);
	m->phases = NULL, m->nphases = 0, m->have_phases = 0;
}

void store_memo_free(struct store_memo *m)
{
	if (!m)
		return;
	memo_clear(m);
	for (int i = 0; i < MEMO_STMTS; i++) {
		sqlite3_finalize(m->stmts[i].st);
		free(m->stmts[i].sql);
	}
	sqlite3_finalize(m->dv);
	free(m);
}

/* The memo of s, made when missing; NULL for a writer or out of memory. */
static struct store_memo *memo_made(struct store *s)
{
	if (s->writable)
		return NULL;
	if (!s->memo) {
		struct store_memo *m = calloc(1, sizeof *m);
		if (!m)
			return NULL;
		if (sqlite3_prepare_v3(s->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &m->dv, NULL) !=
		    SQLITE_OK) {
			sqlite3_finalize(m->dv);
			free(m);
			return NULL;
		}
		s->memo = m;
	}
	return s->memo;
}

int store_stmt(struct store *s, const char *sql, sqlite3_stmt **st)
{
	struct store_memo *m = memo_made(s);
	int w = -1;

	*st = NULL;
	for (int i = 0; m && i < MEMO_STMTS; i++) {
		if (m->stmts[i].sql && !m->stmts[i].busy && strcmp(m->stmts[i].sql, sql) == 0) {
			m->stmts[i].busy = 1;
			m->stmts[i].used = ++m->tick;
			*st = m->stmts[i].st;
			return 0;
		}
		if (!m->stmts[i].busy && (w < 0 || !m->stmts[i].sql ||
		                          (m->stmts[w].sql && m->stmts[i].used < m->stmts[w].used)))
			w = i;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, m ? SQLITE_PREPARE_PERSISTENT : 0, st, NULL) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	char *copy = m && w >= 0 ? strdup(sql) : NULL;
	if (copy) {
		sqlite3_finalize(m->stmts[w].st);
		free(m->stmts[w].sql);
		m->stmts[w] = (struct memo_stmt){ copy, *st, 1, ++m->tick };
	}
	return 0;
}

void store_stmt_done(struct store *s, sqlite3_stmt *st)
{
	struct store_memo *m = s->memo;
	if (!st)
		return;
	for (int i = 0; m && i < MEMO_STMTS; i++)
		if (m->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			m->stmts[i].busy = 0;
			return;
		}
	sqlite3_finalize(st);
}

/* The memo of s, emptied when the data changed since its entries were read; NULL when
 * s keeps none (a writer, out of memory, an error: the caller asks the database). */
static struct store_memo *memo_of(struct store *s)
{
	struct store_memo *m = memo_made(s);
	if (!m)
		return NULL;
	int rc = sqlite3_step(m->dv);
	sqlite3_int64 v = rc == SQLITE_ROW ? sqlite3_column_int64(m->dv, 0) : 0;
	sqlite3_reset(m->dv);
	if (rc != SQLITE_ROW) {
		memo_clear(m);
		m->valid = 0;
		return NULL;
	}
	if (!m->valid || v != m->version) {
		memo_clear(m);
		m->version = v, m->valid = 1;
	}
	return m;
}

static char *dup_or_null(const char *t, int *oom)
{
	if (!t)
		return NULL;
	char *d = strdup(t);
	if (!d)
		*oom = 1;
	return d;
}

static int agg_copy(struct store_agg *dst, const struct store_agg *src)
{
	int oom = 0;

	*dst = *src;
	dst->rows = NULL;
	dst->total.key = dup_or_null(src->total.key, &oom);
	dst->total.label = dup_or_null(src->total.label, &oom);
	if (src->n > 0 && !(dst->rows = calloc((size_t)src->n, sizeof *dst->rows)))
		oom = 1;
	for (int i = 0; dst->rows && i < src->n; i++) {
		dst->rows[i] = src->rows[i];
		dst->rows[i].key = dup_or_null(src->rows[i].key, &oom);
		dst->rows[i].label = dup_or_null(src->rows[i].label, &oom);
	}
	if (oom) {
		if (!dst->rows)
			dst->n = 0;
		store_agg_free(dst);
		return -1;
	}
	return 0;
}

/* dim and every part of the filter as text, lengths first (values may hold anything). */
static char *agg_key(const struct store_filter *f, int dim)
{
	size_t n = 32;
	for (int d = 0; f && d < STORE_DIM_COUNT; d++)
		n += f->value[d] ? strlen(f->value[d]) + 24 : 2;
	n += f && f->search ? strlen(f->search) + 24 : 2;
	n += f && f->case_ref ? strlen(f->case_ref) + 24 : 2;
	char *k = malloc(n), *p = k;
	if (!k)
		return NULL;
	p += sprintf(p, "%d|", dim);
	for (int d = 0; d < STORE_DIM_COUNT + 2; d++) {
		const char *v = !f ? NULL : d < STORE_DIM_COUNT ? f->value[d] : d == STORE_DIM_COUNT ? f->search : f->case_ref;
		p += v ? sprintf(p, "%zu:%s|", strlen(v), v) : sprintf(p, "-|");
	}
	return k;
}

int store_memo_agg_get(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	struct store_memo *m = memo_of(s);
	char *key;

	if (!m || !(key = agg_key(f, dim)))
		return 0;
	for (int i = 0; i < MEMO_AGGS; i++)
		if (m->aggs[i].key && strcmp(m->aggs[i].key, key) == 0) {
			free(key);
			if (agg_copy(out, &m->aggs[i].a) < 0)
				return 0;
			m->aggs[i].used = ++m->tick;
			return 1;
		}
	free(key);
	return 0;
}

void store_memo_agg_put(struct store *s, const struct store_filter *f, int dim, const struct store_agg *a)
{
	struct store_memo *m = s->writable ? NULL : s->memo;
	if (!m || !m->valid)
		return;
	int w = 0;
	for (int i = 0; i < MEMO_AGGS; i++) {
		if (!m->aggs[i].key) {
			w = i;
			break;
		}
		if (m->aggs[i].used < m->aggs[w].used)
			w = i;
	}
	struct store_agg copy;
	char *key = agg_key(f, dim);
	if (!key || agg_copy(&copy, a) < 0) {
		free(key);
		return;
	}
	free(m->aggs[w].key);
	store_agg_free(&m->aggs[w].a);
	m->aggs[w] = (struct memo_agg){ key, copy, ++m->tick };
}

static int phases_copy(struct store_phase **dst, const struct store_phase *src, int n)
{
	int oom = 0;
	struct store_phase *p = calloc((size_t)n + 1, sizeof *p);
	if (!p)
		return -1;
	for (int i = 0; i < n; i++) {
		p[i] = src[i];
		p[i].code = dup_or_null(src[i].code, &oom);
		p[i].name = dup_or_null(src[i].name, &oom);
		p[i].starts_on = dup_or_null(src[i].starts_on, &oom);
		p[i].ends_on = dup_or_null(src[i].ends_on, &oom);
		p[i].period = dup_or_null(src[i].period, &oom);
		p[i].source = dup_or_null(src[i].source, &oom);
		p[i].published = dup_or_null(src[i].published, &oom);
	}
	if (oom) {
		store_phases_free(p, n);
		return -1;
	}
	*dst = p;
	return 0;
}

int store_memo_phases_get(struct store *s, struct store_phase **out, int *n)
{
	struct store_memo *m = memo_of(s);
	if (!m || !m->have_phases || phases_copy(out, m->phases, m->nphases) < 0)
		return 0;
	*n = m->nphases;
	return 1;
}

void store_memo_phases_put(struct store *s, const struct store_phase *p, int n)
{
	struct store_memo *m = s->writable ? NULL : s->memo;
	if (!m || !m->valid || m->have_phases || phases_copy(&m->phases, p, n) < 0)
		return;
	m->nphases = n, m->have_phases = 1;
}

char *store_memo_label_get(struct store *s, int dim, const char *key)
{
	struct store_memo *m = memo_of(s);
	for (int i = 0; m && i < MEMO_LABELS; i++)
		if (m->labels[i].key && m->labels[i].dim == dim && strcmp(m->labels[i].key, key) == 0) {
			m->labels[i].used = ++m->tick;
			return strdup(m->labels[i].label);
		}
	return NULL;
}

void store_memo_label_put(struct store *s, int dim, const char *key, const char *label)
{
	struct store_memo *m = s->writable ? NULL : s->memo;
	if (!m || !m->valid)
		return;
	int w = 0;
	for (int i = 0; i < MEMO_LABELS; i++) {
		if (!m->labels[i].key) {
			w = i;
			break;
		}
		if (m->labels[i].used < m->labels[w].used)
			w = i;
	}
	char *k = strdup(key), *l = strdup(label);
	if (!k || !l) {
		free(k);
		free(l);
		return;
	}
	free(m->labels[w].key);
	free(m->labels[w].label);
	m->labels[w] = (struct memo_label){ dim, k, l, ++m->tick };
}
