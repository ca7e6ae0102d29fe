/*
 * store_silent: the agencies that have not reported — those taking part in the filter's
 * phase (every agency when no phase is fixed) with no case matching the filter.  A
 * coordinator's daily view asks it of the current week ("agencies with no case this
 * week"); store_aggregate cannot, since it only sees groups that have cases.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* A silent agency: its code and short name, no measures. */
static int silent_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct store_agg_row *r = elem;

	(void)ctx;
	return (r->key = store_col_dup(st, 0)) && (r->label = store_col_dup(st, 1)) ? 0 : -1;
}

int store_silent_agencies(struct store *s, const struct store_filter *f, struct store_agg *out)
{
	struct store_sql q = { 0 };
	sqlite3_stmt *st = NULL;
	struct store_agg a = { .dim = STORE_DIM_AGENCY };
	const char *phase = f ? f->value[STORE_DIM_PHASE] : NULL;

	memset(out, 0, sizeof *out);
	store_sql_add(&q, "SELECT a.code, a.short FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM cases c");
	store_sql_search(s, &q, f);
	store_sql_where(&q, f);
	store_sql_add(&q, "%s c.agency_id = a.id)", q.nbind ? " AND" : " WHERE");
	if (phase)
		store_sql_add(&q, " AND a.id IN (SELECT p.agency_id FROM participations p"
		                  " JOIN operations o ON o.id = p.operation_id WHERE o.code = ?)");
	store_sql_add(&q, " ORDER BY a.short, a.code");
	if (q.oom) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (sqlite3_prepare_v2(s->db, q.buf, -1, &st, NULL) != SQLITE_OK || store_sql_bind(st, &q, 1) < 0 ||
	    (phase && sqlite3_bind_text(st, q.nbind + 1, phase, -1, SQLITE_TRANSIENT) != SQLITE_OK)) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto fail;
	}
	if (store_agg_collect(s, st, &a, silent_fill, NULL) < 0)
		goto fail;
	sqlite3_finalize(st);
	store_sql_free(&q);
	*out = a;
	return 0;
fail:
	sqlite3_finalize(st);
	store_sql_free(&q);
	store_agg_free(&a);
	return -1;
}
