/*
 * store_figure: which figures of a phase are published ones, and whether the data still
 * hold the published value.
 *
 * operations.published lists a phase's published figures, comma-separated, each a name
 * with the value it had when it was written down:
 *
 *     cases=1155,drugs=1027,precursors=20,wildlife=108,agencies=24,drugs.kg=11800
 *
 * A name is "cases", "agencies", "arrests", a top-level category code (its cases), a unit
 * ("kg": the phase's seized kg), or CATEGORY.MEASURE ("drugs.kg", "wildlife.cases").
 * A name without a value (databases written before values were kept) is published
 * whatever the data hold.  NULL means the figures are the data's own (real returns):
 * nothing is marked.  Anything else — a figure not listed, a listed one whose value the
 * data no longer hold (an import added a case), a figure under a narrower filter — is
 * not a published figure and the screen marks it "~".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* The value listed for name in list: 1 with *v set, 2 listed without a value, 0 not listed. */
static int listed_value(const char *list, const char *name, double *v)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		size_t nl = strcspn(p, "=,");
		if (nl == n && strncmp(p, name, n) == 0) {
			if (p[nl] != '=')
				return 2;
			char *end;
			*v = strtod(p + nl + 1, &end);
			return end != p + nl + 1 ? 1 : 2;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int store_figure_state(const struct store_phase *p, const struct store_filter *f, const char *measure,
                       double value)
{
	char name[96];
	double v;

	if (!p || !measure)
		return STORE_FIGURE_INVENTED;
	if (!p->published)
		return STORE_FIGURE_DATA;
	const char *cat = NULL;
	if (f) {
		for (int d = 0; d < STORE_DIM_COUNT; d++)
			if (f->value[d] && d != STORE_DIM_PHASE && d != STORE_DIM_CATEGORY)
				return STORE_FIGURE_INVENTED; /* nothing is published per agency, week, ... */
		if (f->search || f->case_ref)
			return STORE_FIGURE_INVENTED;
		if (f->value[STORE_DIM_PHASE] && strcmp(f->value[STORE_DIM_PHASE], p->code) != 0)
			return STORE_FIGURE_INVENTED;
		cat = f->value[STORE_DIM_CATEGORY];
	}
	if (cat && strcmp(measure, "cases") == 0)
		snprintf(name, sizeof name, "%s", cat);
	else if (cat)
		snprintf(name, sizeof name, "%s.%s", cat, measure);
	else
		snprintf(name, sizeof name, "%s", measure);
	switch (listed_value(p->published, name, &v)) {
	case 2:
		return STORE_FIGURE_PUBLISHED;
	case 1:
		/* Quantities are sums of many decimals: equal to half a thousandth of a unit. */
		return fabs(v - value) <= 0.0005 + 1e-9 * fabs(v) ? STORE_FIGURE_PUBLISHED : STORE_FIGURE_INVENTED;
	default:
		return STORE_FIGURE_INVENTED;
	}
}

/* The value of one figure name in the data of operation op; -1 on error. */
static int figure_value(struct store *s, sqlite3_int64 op, const char *name, double *out)
{
	char cat[96] = "", measure[96];
	const char *dot = strchr(name, '.');
	sqlite3_stmt *st = NULL;
	char sql[512];
	int unit;

	if (dot) {
		snprintf(cat, sizeof cat, "%.*s", (int)(dot - name) < 63 ? (int)(dot - name) : 63, name);
		snprintf(measure, sizeof measure, "%s", dot + 1);
	} else {
		snprintf(measure, sizeof measure, "%s", name);
	}
	if (!dot && strcmp(measure, "agencies") == 0) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM participations WHERE operation_id = ?1");
	} else {
		if (!dot && strcmp(measure, "cases") != 0 && strcmp(measure, "arrests") != 0 &&
		    store_unit_parse(measure) < 0) {
			snprintf(cat, sizeof cat, "%s", measure); /* a category: its cases */
			snprintf(measure, sizeof measure, "cases");
		}
		const char *what = strcmp(measure, "cases") == 0 ? "count(*)" : strcmp(measure, "arrests") == 0 ? "total(c.arrests)" : NULL;
		char qcol[32];
		if (!what) {
			if ((unit = store_unit_parse(measure)) < 0)
				return store_fail(s, "operations.published: unknown figure '%.60s'", name);
			snprintf(qcol, sizeof qcol, "total(c.q_%s)", store_unit_name(unit));
			what = qcol;
		}
		snprintf(sql, sizeof sql, "SELECT %s FROM cases c WHERE c.operation_id = ?1%s", what,
		         cat[0] ? " AND c.category_id = (SELECT id FROM categories WHERE code = ?2 AND parent_id IS NULL)" : "");
	}
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_bind_int64(st, 1, op);
	if (cat[0])
		sqlite3_bind_text(st, 2, cat, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

int store_published_record(struct store *s)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	char *out = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT id, published FROM operations WHERE published IS NOT NULL"
	                              " AND published <> ''", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE operations SET published = ? WHERE id = ?", -1, &upd, NULL) != SQLITE_OK)
		goto sqlfail;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		sqlite3_int64 op = sqlite3_column_int64(sel, 0);
		const char *list = (const char *)sqlite3_column_text(sel, 1);
		size_t cap = strlen(list) * 2 + 256, o = 0;
		free(out);
		if (!(out = malloc(cap))) {
			store_fail(s, "out of memory");
			goto fail;
		}
		out[0] = '\0';
		for (const char *p = list; *p;) {
			size_t nl = strcspn(p, "=,"), len = strcspn(p, ",");
			char name[96];
			double v;
			snprintf(name, sizeof name, "%.*s", (int)(nl < 95 ? nl : 95), p);
			if (figure_value(s, op, name, &v) < 0)
				goto fail;
			o += (size_t)snprintf(out + o, cap - o, "%s%s=%.15g", o ? "," : "", name, v);
			p += len;
			if (*p == ',')
				p++;
			if (o + 128 > cap)
				break; /* never: each item at most doubles */
		}
		sqlite3_bind_text(upd, 1, out, -1, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, op);
		if (sqlite3_step(upd) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_reset(upd);
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	free(out);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return 0;
sqlfail:
	store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
fail:
	free(out);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return -1;
}
