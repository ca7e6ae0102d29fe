/*
 * store queries: aggregates, phases, case lists (keyset paging), one case, labels and
 * filter checks.  Every query takes its WHERE clause from store_sql_where() with bound
 * values; results are plain structs whose strings are owned copies, so nothing above
 * the store holds a pointer into SQLite.
 *
 * Aggregates read cases alone: seized quantities per unit are kept on each case by
 * triggers (see store_schema.c), so a case with two seizures still counts once; or,
 * when the filter allows, the rollups the triggers keep (agg_uses_rollups).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "store_internal.h"

/* ---- small helpers ------------------------------------------------------------------ */

static char *str_dup(const char *s)
{
	return strdup(s ? s : "");
}

static int sql_error(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* Prepares q (checked for allocation failure) and binds its filter values from 1. */
static int prepare_sql(struct store *s, const struct store_sql *q, sqlite3_stmt **st)
{
	*st = NULL;
	if (q->oom)
		return store_fail(s, "out of memory");
	if (store_stmt(s, q->buf, st) < 0)
		return -1;
	if (store_sql_bind(*st, q, 1) < 0)
		return sql_error(s);
	return 0;
}

/* ---- countries and dates ------------------------------------------------------------ */

/* English short names for the countries an Asia-Pacific operation meets; anything else
 * shows its ISO code. */
static const struct { const char code[3]; const char *name; } countries[] = {
	{ "AE", "United Arab Emirates" }, { "AF", "Afghanistan" }, { "AU", "Australia" },
	{ "BD", "Bangladesh" }, { "BE", "Belgium" }, { "BN", "Brunei" }, { "BR", "Brazil" },
	{ "CA", "Canada" }, { "CD", "DR Congo" }, { "CM", "Cameroon" }, { "CN", "China" },
	{ "DE", "Germany" }, { "ET", "Ethiopia" }, { "FJ", "Fiji" }, { "FR", "France" },
	{ "GB", "United Kingdom" }, { "GH", "Ghana" }, { "HK", "Hong Kong, China" },
	{ "ID", "Indonesia" }, { "IN", "India" }, { "IR", "Iran" }, { "JP", "Japan" },
	{ "KE", "Kenya" }, { "KH", "Cambodia" }, { "KR", "Republic of Korea" }, { "LA", "Lao PDR" },
	{ "LK", "Sri Lanka" }, { "MM", "Myanmar" }, { "MN", "Mongolia" }, { "MO", "Macao, China" },
	{ "MX", "Mexico" }, { "MY", "Malaysia" }, { "MZ", "Mozambique" }, { "NG", "Nigeria" },
	{ "NL", "Netherlands" }, { "NP", "Nepal" }, { "NZ", "New Zealand" }, { "PG", "Papua New Guinea" },
	{ "PH", "Philippines" }, { "PK", "Pakistan" }, { "SG", "Singapore" }, { "TH", "Thailand" },
	{ "TL", "Timor-Leste" }, { "TW", "Taiwan, China" }, { "TZ", "Tanzania" }, { "UG", "Uganda" },
	{ "US", "United States" }, { "VN", "Viet Nam" }, { "ZA", "South Africa" },
	{ "ZM", "Zambia" }, { "ZW", "Zimbabwe" },
};

const char *store_country_name(const char *code)
{
	for (size_t i = 0; code && i < sizeof countries / sizeof countries[0]; i++)
		if (strcmp(code, countries[i].code) == 0)
			return countries[i].name;
	return NULL;
}

const char *store_country_code(const char *name)
{
	for (size_t i = 0; name && i < sizeof countries / sizeof countries[0]; i++)
		if (strcasecmp(name, countries[i].name) == 0)
			return countries[i].code;
	return NULL;
}

char *store_date_label(const char *key)
{
	long z, y;
	int m, d;
	char buf[32];

	if (!date_valid(key, &z))
		return str_dup(key);
	date_to_civil(z, &y, &m, &d);
	snprintf(buf, sizeof buf, "%d %s %ld", d, date_month_abbr(m), y);
	return strdup(buf);
}

/* ---- labels ------------------------------------------------------------------------- */

static char *lookup_one(struct store *s, const char *sql, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	int rc;

	if (store_stmt(s, sql, &st) < 0)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = store_col_dup(st, 0);
	else if (rc != SQLITE_DONE)
		sql_error(s);
	store_stmt_done(s, st);
	return v;
}

char *store_label(struct store *s, int dim, const char *key)
{
	const char *sql = NULL;
	char *v = NULL;

	if (!key)
		return NULL;
	switch (dim) {
	case STORE_DIM_PHASE:
		sql = "SELECT name FROM operations WHERE code = ?";
		break;
	case STORE_DIM_CATEGORY:
	case STORE_DIM_SUBCATEGORY:
		sql = "SELECT name FROM categories WHERE code = ?";
		break;
	case STORE_DIM_AGENCY:
		sql = "SELECT short FROM agencies WHERE code = ?";
		break;
	case STORE_DIM_COUNTRY: {
		const char *n = store_country_name(key);
		return str_dup(n ? n : key);
	}
	case STORE_DIM_WEEK:
	case STORE_DIM_DAY:
		return store_date_label(key);
	default:
		return str_dup(key);
	}
	if ((v = store_memo_label_get(s, dim, key)))
		return v;
	v = lookup_one(s, sql, key);
	if (v)
		store_memo_label_put(s, dim, key, v);
	return v ? v : str_dup(key);
}

/* ---- filter checks ------------------------------------------------------------------ */


static int in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

/* 1 when the query returns a row for key, 0 when not, -1 on error. */
static int exists(struct store *s, const char *sql, const char *key)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_error(s);
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++)
		sqlite3_bind_text(st, i, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sql_error(s);
}

/* Messages quote what the user gave (text_quote), cut to keep them on one screen line. */
int store_filter_check(struct store *s, const struct store_filter *f)
{
	const char *v;
	char q[80], q2[80]; /* values quoted for messages */
	long day;
	int r;

	if (!f)
		return 0;
	if ((v = f->value[STORE_DIM_PHASE])) {
		if ((r = exists(s, "SELECT 1 FROM operations WHERE code = ?", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "unknown phase '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	}
	if ((v = f->value[STORE_DIM_CATEGORY])) {
		if ((r = exists(s, "SELECT 1 FROM categories WHERE code = ? AND parent_id IS NULL", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "unknown category '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	}
	if ((v = f->value[STORE_DIM_SUBCATEGORY])) {
		if ((r = exists(s, "SELECT 1 FROM categories WHERE code = ? AND parent_id IS NOT NULL", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "unknown sub-category '%s'", text_quote(v, (size_t)-1, q, sizeof q));
		const char *cat = f->value[STORE_DIM_CATEGORY];
		if (cat) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(s->db,
			                       "SELECT 1 FROM categories k JOIN categories p ON p.id = k.parent_id"
			                       " WHERE k.code = ? AND p.code = ?", -1, &st, NULL) != SQLITE_OK)
				return sql_error(s);
			sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, cat, -1, SQLITE_STATIC);
			r = sqlite3_step(st);
			sqlite3_finalize(st);
			if (r != SQLITE_ROW && r != SQLITE_DONE)
				return sql_error(s);
			if (r == SQLITE_DONE)
				return store_fail(s, "'%s' is not a sub-category of '%s'", text_quote(v, (size_t)-1, q, sizeof q), text_quote(cat, (size_t)-1, q2, sizeof q2));
		}
	}
	if ((v = f->value[STORE_DIM_AGENCY])) {
		if ((r = exists(s, "SELECT 1 FROM agencies WHERE code = ?", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "unknown agency '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	}
	if ((v = f->value[STORE_DIM_COUNTRY])) {
		/* Known: an agency's country, or the place of some case (the scan only runs for
		 * a code no agency has). */
		if ((r = exists(s, "SELECT 1 FROM agencies WHERE country = ?"
		                   " UNION ALL SELECT 1 FROM cases WHERE country = ? LIMIT 1", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "unknown country '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	}
	if ((v = f->value[STORE_DIM_TRANSPORT]) && !in_list(v, store_transports, STORE_TRANSPORT_COUNT))
		return store_fail(s, "unknown transport '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	if ((v = f->value[STORE_DIM_STATUS]) && !in_list(v, store_statuses, STORE_STATUS_COUNT))
		return store_fail(s, "unknown status '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	if ((v = f->value[STORE_DIM_WEEK])) {
		if (!date_valid(v, &day))
			return store_fail(s, "week '%s' is not a date (YYYY-MM-DD)", text_quote(v, (size_t)-1, q, sizeof q));
		if (date_weekday(day) != 0)
			return store_fail(s, "week '%s' is not a Monday", text_quote(v, (size_t)-1, q, sizeof q));
	}
	if ((v = f->value[STORE_DIM_DAY]) && !date_valid(v, NULL))
		return store_fail(s, "day '%s' is not a date (YYYY-MM-DD)", text_quote(v, (size_t)-1, q, sizeof q));
	if ((v = f->case_ref)) {
		if ((r = exists(s, "SELECT 1 FROM cases WHERE ref = ?", v)) <= 0)
			return r < 0 ? -1 : store_fail(s, "no case '%s'", text_quote(v, (size_t)-1, q, sizeof q));
	}
	return store_filter_case_agrees(s, f);
}

/* ---- aggregates --------------------------------------------------------------------- */

#define AGG_MEASURES "count(*) AS n, total(c.arrests), total(c.q_kg), total(c.q_tablets), " \
	"total(c.q_pieces), total(c.q_heads), total(c.q_m3), total(c.q_litres)"
/* The same measures from rollups rows (store_schema.c): each quantity is its sum plus
 * its compensation term. */
#define ROLLUP_MEASURES "sum(c.cases) AS n, total(c.arrests), total(c.q_kg) + total(c.q_kg_e), " \
	"total(c.q_tablets) + total(c.q_tablets_e), total(c.q_pieces) + total(c.q_pieces_e), " \
	"total(c.q_heads) + total(c.q_heads_e), total(c.q_m3) + total(c.q_m3_e), " \
	"total(c.q_litres) + total(c.q_litres_e)"

void store_agg_free(struct store_agg *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->n; i++) {
		free(a->rows[i].key);
		free(a->rows[i].label);
	}
	free(a->rows);
	free(a->total.key);
	free(a->total.label);
	memset(a, 0, sizeof *a);
}

/*
 * The one place that decides where an aggregate reads from.  The rollups (store_schema.c)
 * hold every (phase, top-level category) pair's sums per key of each dimension but the
 * day, so they answer exactly when the filter fixes nothing but the phase and/or the
 * category: any other value (a sub-category, an agency, a week, a search, a case)
 * cuts across their rows, and a day is too many keys to keep.  Those queries group the
 * cases themselves.  Both paths return the same rows in the same order; the rollups
 * read a few rows where the cases path reads up to every case (the home screen and the
 * phase and category screens at a million cases: milliseconds instead of seconds).
 */
static int agg_uses_rollups(const struct store_filter *f, int dim)
{
	if (dim == STORE_DIM_DAY)
		return 0;
	if (!f)
		return 1;
	for (int d = 0; d < STORE_DIM_COUNT; d++)
		if (f->value[d] && d != STORE_DIM_PHASE && d != STORE_DIM_CATEGORY)
			return 0;
	return !f->search && !f->case_ref;
}

/*
 * "FROM <source> c WHERE <filter>" with the measures chosen before it: the cases, or the
 * rollup rows of dim (dim 0 holds each pair's totals; rows fallen to zero cases are
 * skipped).  The filter's phase and category conditions name c.operation_id and
 * c.category_id, columns of both tables.
 */
static void agg_from(struct store_sql *q, const struct store_filter *f, int rollup_dim)
{
	if (rollup_dim < 0) {
		store_sql_add(q, " FROM cases c");
		store_sql_where(q, f);
		return;
	}
	store_sql_add(q, " FROM rollups c");
	size_t before = q->len;
	store_sql_where(q, f);
	store_sql_add(q, "%s c.dim = %d AND c.cases > 0", q->len > before ? " AND" : " WHERE", rollup_dim);
}

/*
 * Builds the query of one dimension.  Every query returns key, label, then the eight
 * measures (NULL for groups with no case, read as 0).  Phases and categories start from
 * their own table so that empty ones are listed; the filter runs inside the grouped
 * subquery, and a filter fixing that very dimension keeps only the fixed row.  With
 * rollup set the groups come from the rollups, keyed as the cases path keys them.
 */
static void agg_sql(struct store_sql *q, const struct store_filter *f, int dim, int rollup,
                    const char **extra)
{
	const char *m = rollup ? ROLLUP_MEASURES : AGG_MEASURES;
	/* The rollup rows to read: the pairs' totals for phase and category, else dim's own. */
	int rd = !rollup ? -1 : dim == STORE_DIM_PHASE || dim == STORE_DIM_CATEGORY ? 0 : dim;

	*extra = NULL;
	switch (dim) {
	case STORE_DIM_PHASE:
		store_sql_add(q, "SELECT o.code, o.name, g.* FROM operations o LEFT JOIN ("
		                 "SELECT c.operation_id AS gid, %s", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY c.operation_id) g ON g.gid = o.id");
		if (f && f->value[STORE_DIM_PHASE]) {
			store_sql_add(q, " WHERE o.code = ?");
			*extra = f->value[STORE_DIM_PHASE];
		}
		store_sql_add(q, " ORDER BY o.phase, o.id");
		break;
	case STORE_DIM_CATEGORY:
		store_sql_add(q, "SELECT k.code, k.name, g.* FROM categories k LEFT JOIN ("
		                 "SELECT c.category_id AS gid, %s", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY c.category_id) g ON g.gid = k.id WHERE k.parent_id IS NULL");
		if (f && f->value[STORE_DIM_CATEGORY]) {
			store_sql_add(q, " AND k.code = ?");
			*extra = f->value[STORE_DIM_CATEGORY];
		} else if (f && f->value[STORE_DIM_SUBCATEGORY]) {
			store_sql_add(q, " AND k.id = (SELECT parent_id FROM categories WHERE code = ?)");
			*extra = f->value[STORE_DIM_SUBCATEGORY];
		}
		store_sql_add(q, " ORDER BY k.position, k.id");
		break;
	case STORE_DIM_SUBCATEGORY:
		store_sql_add(q, "SELECT k.code, k.name, g.* FROM (SELECT %s AS gid, %s",
		              rollup ? "c.key" : "c.subcategory_id", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY gid) g JOIN categories k ON k.id = g.gid"
		                 " ORDER BY g.n DESC, k.position, k.code");
		break;
	case STORE_DIM_AGENCY:
		store_sql_add(q, "SELECT a.code, a.short, g.* FROM (SELECT %s AS gid, %s",
		              rollup ? "c.key" : "c.agency_id", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY gid) g JOIN agencies a ON a.id = g.gid"
		                 " ORDER BY g.n DESC, a.code");
		break;
	case STORE_DIM_COUNTRY:
	case STORE_DIM_TRANSPORT:
	case STORE_DIM_STATUS: {
		const char *col = rollup ? "c.key" : dim == STORE_DIM_COUNTRY ? "c.country" :
		                  dim == STORE_DIM_TRANSPORT ? "c.transport" : "c.status";
		store_sql_add(q, "SELECT %s AS gkey, %s, %s", col, col, m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY gkey ORDER BY n DESC, gkey");
		break;
	}
	case STORE_DIM_WEEK:
		store_sql_add(q, "SELECT %s AS gkey, '', %s",
		              rollup ? "c.key" : "date(c.detected_on, 'weekday 0', '-6 days')", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY gkey ORDER BY gkey");
		break;
	case STORE_DIM_DAY:
		store_sql_add(q, "SELECT c.detected_on AS gkey, '', %s", m);
		agg_from(q, f, rd);
		store_sql_add(q, " GROUP BY gkey ORDER BY gkey");
		break;
	}
}

/* What agg_fill needs besides the row: the dimension, where the measures start, the total. */
struct agg_ctx {
	int dim, base;
	struct store_agg_row *total;
};

static int agg_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	const struct agg_ctx *c = ctx;
	struct store_agg_row *r = elem;
	int dim = c->dim, base = c->base;

	r->key = store_col_dup(st, 0);
	if (dim == STORE_DIM_COUNTRY) {
		const char *n = store_country_name(r->key);
		r->label = str_dup(n ? n : r->key);
	} else if (dim == STORE_DIM_WEEK || dim == STORE_DIM_DAY) {
		r->label = r->key ? store_date_label(r->key) : NULL;
	} else {
		r->label = store_col_dup(st, 1);
	}
	if (!r->key || !r->label)
		return -1;
	r->cases = sqlite3_column_int64(st, base);
	r->arrests = (long long)sqlite3_column_double(st, base + 1);
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		r->qty[u] = sqlite3_column_double(st, base + 2 + u);
	/* Every case falls in exactly one group, so the total is the sum of the rows. */
	c->total->cases += r->cases;
	c->total->arrests += r->arrests;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		c->total->qty[u] += r->qty[u];
	return 0;
}

int store_agg_collect(struct store *s, sqlite3_stmt *st, struct store_agg *a,
                      int (*fill)(sqlite3_stmt *st, void *row, void *ctx), void *ctx)
{
	if (store_rows_collect(s, st, &a->rows, &a->n, sizeof *a->rows, 16, fill, ctx) < 0)
		return -1;
	if (!(a->total.key = strdup("")) || !(a->total.label = strdup("total")))
		return store_fail(s, "out of memory");
	return 0;
}

static int aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out);

/* Either way the rows come, they carry their category's place (store_define.c). */
int store_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	if (dim >= 0 && dim < STORE_DIM_COUNT && store_memo_agg_get(s, f, dim, out) == 1)
		return 0;
	if (aggregate(s, f, dim, out) < 0 || store_category_pos_agg(s, out) < 0)
		return -1;
	store_memo_agg_put(s, f, dim, out);
	return 0;
}

/*
 * A filter fixing the phase (and the category) and one value of dim, grouped by dim (the
 * figures of one agency's screen against the previous phase, say): the rollups hold that
 * very row, under the filter without the value.  1 answered, 0 not such a question, -1
 * error.  It spares a viewer loading a second phase's cases for one row.
 */
static int agg_one_key(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	if (!f || f->search || f->case_ref || !f->value[dim] ||
	    (dim != STORE_DIM_SUBCATEGORY && dim != STORE_DIM_AGENCY && dim != STORE_DIM_COUNTRY &&
	     dim != STORE_DIM_TRANSPORT && dim != STORE_DIM_STATUS))
		return 0;
	for (int d = 0; d < STORE_DIM_COUNT; d++)
		if (f->value[d] && d != STORE_DIM_PHASE && d != STORE_DIM_CATEGORY && d != dim)
			return 0;
	struct store_filter g;
	struct store_agg all;
	store_filter_init(&g);
	if (store_filter_copy(&g, f) < 0 || store_filter_set(&g, dim, NULL) < 0) {
		store_filter_free(&g);
		return store_fail(s, "out of memory");
	}
	int rc = agg_uses_rollups(&g, dim) ? aggregate(s, &g, dim, &all) : 1;
	store_filter_free(&g);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* Keep the row of the value; the total is that row's. */
	int k = 0;
	for (int i = 0; i < all.n; i++) {
		if (strcmp(all.rows[i].key, f->value[dim]) == 0) {
			struct store_agg_row t = all.rows[k];
			all.rows[k++] = all.rows[i];
			all.rows[i] = t;
		}
	}
	for (int i = k; i < all.n; i++) {
		free(all.rows[i].key);
		free(all.rows[i].label);
	}
	all.n = k;
	all.total.cases = k ? all.rows[0].cases : 0;
	all.total.arrests = k ? all.rows[0].arrests : 0;
	for (int u = 0; u < STORE_UNIT_COUNT; u++)
		all.total.qty[u] = k ? all.rows[0].qty[u] : 0;
	*out = all;
	return 1;
}

static int aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL;
	struct store_agg a = { 0 };
	struct agg_ctx ctx = { .dim = dim, .total = &a.total };
	const char *extra;
	int rc;

	memset(out, 0, sizeof *out);
	if (dim < 0 || dim >= STORE_DIM_COUNT)
		return store_fail(s, "no dimension %d", dim);
	a.dim = dim;
	/* The rollups first (a few rows), then the column store (any filter but a search). */
	if (!agg_uses_rollups(f, dim) && (rc = agg_one_key(s, f, dim, out)) != 0)
		return rc < 0 ? -1 : 0;
	if (!agg_uses_rollups(f, dim) && (rc = store_cols_aggregate(s, f, dim, out)) != 0)
		return rc < 0 ? -1 : 0;
	if (agg_uses_rollups(f, dim) && (rc = store_rollup_aggregate(s, f, dim, out)) != 0)
		return rc < 0 ? -1 : 0;
	store_sql_search(s, &q, f);
	agg_sql(&q, f, dim, agg_uses_rollups(f, dim), &extra);
	if (prepare_sql(s, &q, &st) < 0)
		goto fail;
	if (extra && sqlite3_bind_text(st, q.nbind + 1, extra, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sql_error(s);
		goto fail;
	}
	/* Phase and category rows carry the subquery's group id before the measures. */
	ctx.base = dim == STORE_DIM_PHASE || dim == STORE_DIM_CATEGORY || dim == STORE_DIM_SUBCATEGORY ||
	           dim == STORE_DIM_AGENCY ? 3 : 2;
	if (store_agg_collect(s, st, &a, agg_fill, &ctx) < 0)
		goto fail;
	store_stmt_done(s, st);
	store_sql_free(&q);
	*out = a;
	return 0;
fail:
	store_stmt_done(s, st);
	store_sql_free(&q);
	store_agg_free(&a);
	return -1;
}

/* ---- two dimensions ----------------------------------------------------------------- */

/* What a crosstab groups dim by: an id or a value of the cases (or of a rollup row, whose
 * key holds the same id or value), and how the group becomes the key store_aggregate
 * gives that dimension. */
static const char *xt_group(int dim, int rollup)
{
	switch (dim) {
	case STORE_DIM_PHASE: return "c.operation_id";
	case STORE_DIM_CATEGORY: return "c.category_id";
	case STORE_DIM_SUBCATEGORY: return rollup ? "c.key" : "c.subcategory_id";
	case STORE_DIM_AGENCY: return rollup ? "c.key" : "c.agency_id";
	case STORE_DIM_COUNTRY: return rollup ? "c.key" : "c.country";
	case STORE_DIM_TRANSPORT: return rollup ? "c.key" : "c.transport";
	case STORE_DIM_STATUS: return rollup ? "c.key" : "c.status";
	case STORE_DIM_WEEK: return rollup ? "c.key" : "date(c.detected_on, 'weekday 0', '-6 days')";
	default: return "c.detected_on";
	}
}

static void xt_key(struct store_sql *q, int dim, const char *g)
{
	switch (dim) {
	case STORE_DIM_PHASE: store_sql_add(q, "(SELECT code FROM operations WHERE id = %s)", g); break;
	case STORE_DIM_CATEGORY:
	case STORE_DIM_SUBCATEGORY: store_sql_add(q, "(SELECT code FROM categories WHERE id = %s)", g); break;
	case STORE_DIM_AGENCY: store_sql_add(q, "(SELECT code FROM agencies WHERE id = %s)", g); break;
	default: store_sql_add(q, "%s", g); break;
	}
}

void store_pairs_free(struct store_pairs *p)
{
	for (int i = 0; p && i < p->n; i++) {
		free(p->pairs[i].row);
		free(p->pairs[i].col);
	}
	if (p) {
		free(p->pairs);
		memset(p, 0, sizeof *p);
	}
}

/*
 * One GROUP BY over both dimensions, instead of one aggregate per column.  When one of
 * the two is the phase or the top-level category and the filter is one the rollups
 * answer, the rollup rows of the other dimension already sit per (phase, category):
 * read them.
 */
static int pair_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct store_pair *e = elem;

	(void)ctx;
	e->row = store_col_dup(st, 0);
	e->col = store_col_dup(st, 1);
	e->cases = sqlite3_column_int64(st, 2);
	return e->row && e->col ? 0 : -1;
}

int store_crosstab(struct store *s, const struct store_filter *f, int dim, int dim2, struct store_pairs *out)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL;
	struct store_pairs p = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if (dim < 0 || dim >= STORE_DIM_COUNT || dim2 < 0 || dim2 >= STORE_DIM_COUNT || dim == dim2)
		return store_fail(s, "no crosstab of dimensions %d and %d", dim, dim2);
	/* The rollup rows sit per (phase, category): either of the two against any dimension
	 * they key (not the day) is their rows of that dimension; the two together, the pairs'
	 * totals (dim 0).  Every phase's agencies (the compare panel) so read a few hundred
	 * rows instead of loading every phase into the column store. */
	int pc = (dim == STORE_DIM_PHASE && dim2 == STORE_DIM_CATEGORY) ||
	         (dim == STORE_DIM_CATEGORY && dim2 == STORE_DIM_PHASE);
	int other = pc ? STORE_DIM_PHASE
	            : dim2 == STORE_DIM_CATEGORY || dim2 == STORE_DIM_PHASE ? dim
	            : dim == STORE_DIM_CATEGORY || dim == STORE_DIM_PHASE   ? dim2
	                                                                    : -1;
	int rollup = other >= 0 && other != STORE_DIM_DAY && agg_uses_rollups(f, other);
	if (!rollup && (rc = store_cols_crosstab(s, f, dim, dim2, out)) != 0)
		return rc < 0 ? -1 : 0;
	store_sql_search(s, &q, f);
	store_sql_add(&q, "SELECT ");
	xt_key(&q, dim, "g.r");
	store_sql_add(&q, ", ");
	xt_key(&q, dim2, "g.k");
	store_sql_add(&q, ", g.n FROM (SELECT %s AS r, %s AS k, %s AS n", xt_group(dim, rollup),
	              xt_group(dim2, rollup), rollup ? "sum(c.cases)" : "count(*)");
	agg_from(&q, f, !rollup ? -1 : pc ? 0 : other);
	store_sql_add(&q, " GROUP BY r, k) g");
	if (prepare_sql(s, &q, &st) < 0)
		goto fail;
	if (store_rows_collect(s, st, &p.pairs, &p.n, sizeof *p.pairs, 64, pair_fill, NULL) < 0)
		goto fail;
	store_stmt_done(s, st);
	store_sql_free(&q);
	*out = p;
	return 0;
fail:
	store_stmt_done(s, st);
	store_sql_free(&q);
	store_pairs_free(&p);
	return -1;
}

/* ---- phases ------------------------------------------------------------------------- */

void store_phases_free(struct store_phase *p, int n)
{
	for (int i = 0; p && i < n; i++) {
		free(p[i].code);
		free(p[i].name);
		free(p[i].starts_on);
		free(p[i].ends_on);
		free(p[i].period);
		free(p[i].source);
		free(p[i].published);
	}
	free(p);
}

static int phase_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct store_phase *ph = elem;

	(void)ctx;
	ph->code = store_col_dup(st, 0);
	ph->name = store_col_dup(st, 1);
	ph->number = sqlite3_column_int(st, 2);
	ph->starts_on = store_col_dup(st, 3);
	ph->ends_on = store_col_dup(st, 4);
	ph->period = store_col_dup(st, 5);
	ph->source = store_col_dup(st, 6);
	ph->agencies = sqlite3_column_int(st, 7);
	if (sqlite3_column_type(st, 8) != SQLITE_NULL && !(ph->published = store_col_dup(st, 8)))
		return -1;
	return ph->code && ph->name && ph->starts_on && ph->ends_on && ph->period && ph->source ? 0 : -1;
}

int store_phases(struct store *s, struct store_phase **out, int *n)
{
	sqlite3_stmt *st = NULL;
	struct store_phase *p = NULL;
	int np = 0;

	*out = NULL;
	*n = 0;
	if (store_memo_phases_get(s, out, n) == 1)
		return 0;
	if (store_stmt(s, "SELECT o.code, o.name, o.phase, o.starts_on, o.ends_on, o.period, o.source,"
	                  " (SELECT count(*) FROM participations p WHERE p.operation_id = o.id), o.published"
	                  " FROM operations o ORDER BY o.phase, o.id", &st) < 0)
		goto fail;
	if (store_rows_collect(s, st, &p, &np, sizeof *p, 8, phase_fill, NULL) < 0)
		goto fail;
	store_stmt_done(s, st);
	store_memo_phases_put(s, p, np);
	*out = p;
	*n = np;
	return 0;
fail:
	store_stmt_done(s, st);
	store_phases_free(p, np);
	return -1;
}
