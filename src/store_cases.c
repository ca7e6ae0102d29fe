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

#include "store_cols.h"

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

static int seizure_fill(sqlite3_stmt *z, void *elem, void *ctx)
{
	struct store_seizure *sz = elem;

	(void)ctx;
	if (!(sz->commodity = store_col_dup(z, 0)))
		return -1;
	sz->quantity = sqlite3_column_double(z, 1);
	const char *u = (const char *)sqlite3_column_text(z, 2);
	sz->unit = store_unit_parse(u);
	if (sz->unit < 0)
		sz->unit = STORE_UNIT_KG; /* the schema's CHECK makes this unreachable */
	return 0;
}

/* Reads the seizures of c, largest first, with the reusable statement z. */
static int read_seizures(struct store *s, sqlite3_stmt *z, struct store_case *c)
{
	int rc;

	sqlite3_reset(z);
	sqlite3_bind_int64(z, 1, c->id);
	rc = store_rows_collect(s, z, &c->seizures, &c->nseizures, sizeof *c->seizures, 2, seizure_fill, NULL);
	sqlite3_reset(z);
	return rc;
}

static const char seizures_sql[] = "SELECT commodity, quantity, unit FROM seizures WHERE case_id = ?"
                                   " ORDER BY quantity DESC, id";

static int prepare_seizures(struct store *s, sqlite3_stmt **z)
{
	if (sqlite3_prepare_v2(s->db, seizures_sql, -1, z, NULL) != SQLITE_OK)
		return sql_error(s);
	return 0;
}

/*
 * A viewer's recently read cases by id (direct-mapped), so that a refresh reads again only
 * the cases the change log names (after another connection's commit SQLite drops its
 * whole page cache, and reading 200 cases and their seizures again was most of a
 * screen's refresh).  Without a change log, any commit empties it.
 */
#define CC_SETS 512
#define CC_WAYS 4 /* a screen's lists (latest, largest...) share the cache without evicting each other */
struct case_cache {
	long long seen, data_version;   /* case_log seq applied; PRAGMA data_version seen */
	unsigned long tick;
	struct { long long id; int full; unsigned long used; struct store_case c; } slot[CC_SETS * CC_WAYS];
};

void store_case_cache_free(struct case_cache *cc)
{
	for (int i = 0; cc && i < CC_SETS * CC_WAYS; i++)
		if (cc->slot[i].full)
			store_case_free(&cc->slot[i].c);
	free(cc);
}

static void cc_clear(struct case_cache *cc, int k)
{
	if (cc->slot[k].full) {
		store_case_free(&cc->slot[k].c);
		cc->slot[k].full = 0;
	}
}

static int cc_set(long long id)
{
	return (int)((unsigned long long)id * 0x9E3779B97F4A7C15ull >> 40) % CC_SETS * CC_WAYS;
}

/* The slot holding id, or -1. */
static int cc_find(struct case_cache *cc, long long id)
{
	int k = cc_set(id);
	for (int w = 0; w < CC_WAYS; w++)
		if (cc->slot[k + w].full && cc->slot[k + w].id == id)
			return k + w;
	return -1;
}

/* The slot to fill for id: a free one of its set, else the least recently used. */
static int cc_victim(struct case_cache *cc, long long id)
{
	int k = cc_set(id), v = k;
	for (int w = 0; w < CC_WAYS; w++) {
		if (!cc->slot[k + w].full)
			return k + w;
		if (cc->slot[k + w].used < cc->slot[v].used)
			v = k + w;
	}
	return v;
}

static void cc_drop(struct case_cache *cc, long long id)
{
	int k = cc_find(cc, id);
	if (k >= 0)
		cc_clear(cc, k);
}

static long long one_int(struct store *s, const char *sql, long long dflt)
{
	sqlite3_stmt *st = NULL;
	long long v = dflt;
	if (store_stmt(s, sql, &st) == 0 && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	store_stmt_done(s, st);
	return v;
}

/* The cache in step with the database; NULL (no cache) for writers or out of memory. */
static struct case_cache *cc_sync(struct store *s)
{
	struct case_cache *cc = s->case_cache;
	if (s->writable)
		return NULL;
	if (!cc) {
		if (!(cc = s->case_cache = calloc(1, sizeof *cc)))
			return NULL;
		cc->data_version = -1;
	}
	long long v = one_int(s, "PRAGMA data_version", -2);
	if (v == cc->data_version)
		return cc;
	long long max = one_int(s, "SELECT seq FROM sqlite_sequence WHERE name = 'case_log'", -1);
	long long floor = one_int(s, "SELECT value FROM meta WHERE key = 'cols_floor'", 0);
	sqlite3_stmt *st = NULL;
	int all = cc->data_version == -1 || max < 0 || floor > cc->seen || max < cc->seen ||
	          store_stmt(s, "SELECT case_id FROM case_log WHERE seq > ?", &st) < 0;
	if (!all) {
		sqlite3_bind_int64(st, 1, cc->seen);
		while (sqlite3_step(st) == SQLITE_ROW)
			cc_drop(cc, sqlite3_column_int64(st, 0));
	}
	store_stmt_done(s, st);
	if (all)
		for (int i = 0; i < CC_SETS * CC_WAYS; i++)
			cc_clear(cc, i);
	cc->seen = max;
	cc->data_version = v;
	return cc;
}

static char *dup0(const char *t)
{
	return strdup(t ? t : "");
}

/* A deep copy; -1 out of memory (dst then freeable). */
static int case_copy(struct store_case *dst, const struct store_case *src)
{
	*dst = *src;
	char **d[] = { &dst->ref, &dst->phase, &dst->phase_name, &dst->agency, &dst->agency_short,
	               &dst->agency_name, &dst->agency_country, &dst->category, &dst->category_name,
	               &dst->subcategory, &dst->subcategory_name, &dst->detected_on, &dst->location,
	               &dst->country, &dst->transport, &dst->departure, &dst->transit, &dst->destination,
	               &dst->detection, &dst->concealment, &dst->status, &dst->summary };
	int rc = 0;
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
		if (!(*d[i] = dup0(*d[i])))
			rc = -1;
	dst->seizures = NULL;
	dst->nseizures = 0;
	if (src->nseizures > 0) {
		if (!(dst->seizures = calloc((size_t)src->nseizures, sizeof *dst->seizures)))
			return -1;
		for (int i = 0; i < src->nseizures; i++) {
			dst->seizures[i] = src->seizures[i];
			if (!(dst->seizures[i].commodity = dup0(src->seizures[i].commodity)))
				rc = -1;
			dst->nseizures++;
		}
	}
	return rc;
}

/*
 * The cases of a page by id, in order: from the cache, else read (and kept).  A case
 * deleted since the ids were chosen is skipped.
 */
static int cases_by_id(struct store *s, const long long *ids, int n, struct store_case_page *p)
{
	sqlite3_stmt *st = NULL, *z = NULL;
	char sql[sizeof case_columns + 32];
	struct case_cache *cc = cc_sync(s);
	int rc = -1;

	if (!(p->cases = calloc((size_t)n + 1, sizeof *p->cases))) {
		store_fail(s, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int k = cc ? cc_find(cc, ids[i]) : -1;
		if (k >= 0) {
			cc->slot[k].used = ++cc->tick;
			if (case_copy(&p->cases[p->n++], &cc->slot[k].c) < 0) {
				store_fail(s, "out of memory");
				goto out;
			}
			continue;
		}
		if (!st) { /* kept prepared: a refresh reads a few cases, and preparing cost more */
			snprintf(sql, sizeof sql, "%s WHERE c.id = ?", case_columns);
			if (store_stmt(s, sql, &st) < 0 || store_stmt(s, seizures_sql, &z) < 0)
				goto out;
		}
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			continue;
		if (r != SQLITE_ROW) {
			sql_error(s);
			goto out;
		}
		struct store_case *c = &p->cases[p->n++];
		if (read_case(st, c) < 0) {
			store_fail(s, "out of memory");
			goto out;
		}
		if (read_seizures(s, z, c) < 0)
			goto out;
		if (cc) {
			k = cc_victim(cc, ids[i]);
			cc_clear(cc, k);
			if (case_copy(&cc->slot[k].c, c) == 0) {
				cc->slot[k].id = ids[i];
				cc->slot[k].full = 1;
				cc->slot[k].used = ++cc->tick;
			} else {
				store_case_free(&cc->slot[k].c);
			}
		}
	}
	rc = 0;
out:
	store_stmt_done(s, st);
	store_stmt_done(s, z);
	return rc;
}

/* 1 when the filter fixes more than the phase (and the category, which the phase's
 * cases mostly share): the column store finds those pages faster than the index.  Also
 * without a phase: cases have no index by date alone (store_schema_index_drop), and a
 * screen without a phase has loaded every phase's arrays for its figures anyway. */
static int beyond_phase(const struct store_filter *f)
{
	if (f && f->search) /* the column store answers a search from its match set */
		return 1;
	for (int d = 0; f && d < STORE_DIM_COUNT; d++)
		if (f->value[d] && d != STORE_DIM_PHASE && d != STORE_DIM_CATEGORY)
			return 1;
	return !f || !f->value[STORE_DIM_PHASE];
}

/* 1 when the column store already holds the cases f needs (its phase, or every phase),
 * so that it lists them without loading anything: a drill screen's list then costs
 * nothing at a refresh (its answer is updated by the change itself), where the index walk
 * of a phase and category read the pages of ~200 cases again after every commit. */
static int cols_hold(const struct store *s, const struct store_filter *f)
{
	const struct cols *c = s->cols;
	const char *p = f ? f->value[STORE_DIM_PHASE] : NULL;
	if (!c || c->state != COLS_READY || (!p && !c->loaded_all))
		return 0;
	if (c->loaded_all)
		return 1;
	for (int i = 0; i < 256; i++)
		if (c->ops[i].present && strcmp(c->ops[i].code, p) == 0)
			return c->loaded[i];
	return 0;
}

/* STORE_ORDER_LARGEST's key: what a case seized by weight (cases.q_kg, kept by the
 * seizures triggers: no subquery per case), of the listed case and of the case whose id
 * is bound (the page's cursor).  Cases without a seizure by weight (0) come last. */
static const char largest_of_case[] = "c.q_kg";
static const char largest_of_id[] = "(SELECT x.q_kg FROM cases x WHERE x.id = ?)";

void store_cursor_of(const struct store_case *c, int order, struct store_cursor *out)
{
	const char *key = order == STORE_ORDER_REF ? c->ref : c->detected_on;

	memset(out, 0, sizeof *out);
	out->valid = 1;
	out->id = c->id;
	if (key && strlen(key) < sizeof out->key)
		memcpy(out->key, key, strlen(key) + 1);
}

/* keyset_ids' rows: up to limit ids, then one more only says that *more exist. */
struct keyset_ctx {
	long long *ids;
	int *n, limit, *more;
};

static int keyset_row(sqlite3_stmt *st, void *ctx)
{
	struct keyset_ctx *k = ctx;

	if (*k->n == k->limit) {
		*k->more = 1;
		return 1;
	}
	k->ids[(*k->n)++] = sqlite3_column_int64(st, 0);
	return 0;
}

/*
 * The ids of one page of a case list by keyset: after the cursor in the list's order, or
 * (backwards) before it, nearest first.  One more row than limit tells whether further
 * cases exist (*more).  ids is malloc'd (limit entries); -1 with the error recorded.
 */
static int keyset_ids(struct store *s, const struct store_filter *f, int order, const struct store_cursor *from,
                      int backwards, int limit, long long **ids, int *nid, int *more)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL;
	int desc = (order == STORE_ORDER_NEWEST || order == STORE_ORDER_LARGEST) != backwards;
	const char *col = order == STORE_ORDER_REF ? "c.ref" : order == STORE_ORDER_LARGEST ? largest_of_case
	                                                                                  : "c.detected_on";
	const char *cmp = desc ? "<" : ">", *dir = desc ? "DESC" : "ASC";
	int idx, use_key = 0;

	*ids = NULL, *nid = 0, *more = 0;
	store_sql_add(&q, "SELECT c.id FROM cases c");
	store_sql_search(s, &q, f);
	store_sql_where(&q, f);
	if (from && from->valid) {
		/* A key too long for the cursor (a very long ref) is left empty and looked up by id. */
		use_key = memchr(from->key, '\0', sizeof from->key) && from->key[0];
		char kexpr[160];
		if (order == STORE_ORDER_LARGEST) /* a number: always from the last case's id */
			snprintf(kexpr, sizeof kexpr, "%s", largest_of_id), use_key = 0;
		else if (use_key)
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
	if (store_stmt(s, q.buf, &st) < 0)
		goto fail;
	if (store_sql_bind(st, &q, 1) < 0) {
		sql_error(s);
		goto fail;
	}
	idx = q.nbind + 1;
	if (from && from->valid) {
		for (int i = 0; i < 2; i++) {
			if (use_key)
				sqlite3_bind_text(st, idx++, from->key, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_int64(st, idx++, from->id);
		}
		sqlite3_bind_int64(st, idx++, from->id);
	}
	sqlite3_bind_int64(st, idx, (sqlite3_int64)limit + 1);
	if (!(*ids = malloc(((size_t)limit + 1) * sizeof **ids))) {
		store_fail(s, "out of memory");
		goto fail;
	}
	struct keyset_ctx k = { *ids, nid, limit, more };
	if (store_rows(s, st, keyset_row, &k) < 0)
		goto fail;
	store_stmt_done(s, st);
	store_sql_free(&q);
	return 0;
fail:
	store_stmt_done(s, st);
	store_sql_free(&q);
	free(*ids);
	*ids = NULL, *nid = 0;
	return -1;
}

static int case_get(struct store *s, const char *ref, struct store_case *out);

/* The page of cases ids (freed here) in that order, its next cursor after the last case
 * (or `keep` when there is none); 0, or -1 with the error recorded. */
static int page_of_ids(struct store *s, long long *ids, int n, int more, int order,
                       const struct store_cursor *keep, struct store_case_page *out)
{
	struct store_case_page p = { 0 };
	int r = cases_by_id(s, ids, n, &p);

	free(ids);
	if (r < 0) {
		store_case_page_free(&p);
		return -1;
	}
	/* Whichever way the page came, its cases carry their category's place (store_define.c). */
	if (store_category_pos_cases(s, p.cases, p.n) < 0) {
		store_case_page_free(&p);
		return -1;
	}
	p.more = more;
	if (p.n > 0)
		store_cursor_of(&p.cases[p.n - 1], order, &p.next);
	else if (keep)
		p.next = *keep;
	*out = p;
	return 0;
}

int store_cases(struct store *s, const struct store_filter *f, int order,
                const struct store_cursor *after, int limit, struct store_case_page *out)
{
	long long *ids = NULL;
	int n = 0, more = 0, r = 0;

	memset(out, 0, sizeof *out);
	if (order < 0 || order >= STORE_ORDER_COUNT)
		return store_fail(s, "no sort order %d", order);
	if (limit <= 0)
		return 0;
	/* The column store finds a page under a filter beyond the phase faster than an index
	 * (it answers 0 for orders it does not keep), and the largest under any filter (no
	 * index has it: SQL sorts every case the filter selects, reading their pages); else
	 * the ids by SQL (an index alone answers a phase's latest).  Then the cases by id. */
	if ((beyond_phase(f) || order == STORE_ORDER_LARGEST || cols_hold(s, f)) &&
	    (r = store_cols_case_ids(s, f, order, after, limit, &ids, &n, &more)) < 0)
		return -1;
	if (r == 0 && keyset_ids(s, f, order, after, 0, limit, &ids, &n, &more) < 0)
		return -1;
	return page_of_ids(s, ids, n, more, order, after, out);
}

int store_case_get(struct store *s, const char *ref, struct store_case *out)
{
	return case_get(s, ref, out) < 0 ? -1 : store_category_pos_cases(s, out, 1);
}

static int case_get(struct store *s, const char *ref, struct store_case *out)
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
		char qref[80];
		store_fail(s, "no case '%s'", text_quote(ref, (size_t)-1, qref, sizeof qref));
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


/*
 * The page that ends just before a case (or the last page), for End and for moving up from
 * there: the same keyset as store_cases read backwards, returned in the list's own order.
 */
int store_cases_before(struct store *s, const struct store_filter *f, int order,
                       const struct store_cursor *before, int limit, struct store_case_page *out)
{
	long long *ids = NULL;
	int n = 0, more = 0, r = 0;

	memset(out, 0, sizeof *out);
	if (order < 0 || order >= STORE_ORDER_COUNT)
		return store_fail(s, "no sort order %d", order);
	if (limit <= 0)
		return 0;
	/* Backwards in one order is forwards in the other from the same cursor: the column
	 * store's when it keeps that order, as store_cases. */
	int back = order == STORE_ORDER_NEWEST   ? STORE_ORDER_OLDEST
	           : order == STORE_ORDER_OLDEST  ? STORE_ORDER_NEWEST
	           : order == STORE_ORDER_LARGEST ? COLS_ORDER_SMALLEST
	                                          : -1;
	if (back >= 0 && (beyond_phase(f) || order == STORE_ORDER_LARGEST || cols_hold(s, f)) && (r = store_cols_case_ids(s, f, back, before, limit, &ids, &n, &more)) < 0)
		return -1;
	if (r == 0 && keyset_ids(s, f, order, before, 1, limit, &ids, &n, &more) < 0)
		return -1;
	for (int i = 0; i < n / 2; i++) { /* read backwards: back into the list's order */
		long long t = ids[i];
		ids[i] = ids[n - 1 - i];
		ids[n - 1 - i] = t;
	}
	return page_of_ids(s, ids, n, more, order, NULL, out);
}
