/*
 * store_sample: the bundled Operation Mekong Dragon sample, or N synthetic cases.
 *
 * Deterministic: one splitmix64 stream from the seed (the bundled sample uses a fixed
 * seed), no rand(), no clock.  The bundled sample is built in memory first (a few
 * thousand cases) so that its quantities can be scaled to the published totals
 * (sd_targets) and its refs numbered by date; N synthetic cases are streamed straight
 * into the database with reused prepared statements.  Everything happens in one
 * BEGIN IMMEDIATE transaction: a failure leaves the file as it was.
 *
 * This file binds the generator (store_sample_gen.h) to the operation file and the
 * database and writes its cases; how one case is drawn, and the rules that keep it
 * plausible, are in store_sample_cases.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embed.h"
#include "operation.h"
#include "store_internal.h"
#include "store_sample_data.h"
#include "store_sample_gen.h"
#include "store_search.h"

#define BUNDLED_SEED 20250916u

/* ---- the generator ------------------------------------------------------------------ */

static int agency_index(const char *code)
{
	for (int i = 0; i < sd_nagencies; i++)
		if (strcmp(sd_agencies[i].code, code) == 0)
			return i;
	return -1;
}

/* The database id of code in table; 0 without a database or a row. */
static long long id_of(struct store *s, const char *table, const char *code)
{
	sqlite3_stmt *st = NULL;
	char sql[80];
	long long id = 0;

	if (!s)
		return 0;
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE code = ?", table);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return id;
}

/* A mismatch gen_bind found: recorded on s as store_fail does; without a database
 * (simulate) only -1. */
static int bind_fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bind_fail(struct store *s, const char *fmt, ...)
{
	char raw[sizeof s->err];
	va_list ap;

	if (!s)
		return -1;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	return store_fail(s, "%s", raw);
}

/*
 * Matches the generator's tables with the operation file (loaded and written to the
 * database already): every phase, agency and sub-category on both sides, three
 * top-level categories.  They are compiled in together, so a mismatch is a bug in the
 * sample, reported rather than generated around.  Without a database (s NULL:
 * simulate) the same matching, by code only: no ids, and a mismatch is only -1 (make
 * check's sample test reports it).
 */
static int gen_bind(struct gen *g, struct store *s, const struct op *o)
{
	int tops = 0, subs = 0;

	g->op = o;
	if (sd_noperations != o->nphases || sd_noperations > 16 || sd_nagencies > 64 || sd_ncategories > 64)
		return bind_fail(s, "the sample's operation file has %d phases, its generator %d", o->nphases,
		                 sd_noperations);
	for (int p = 0; p < sd_noperations; p++) {
		int k = operation_phase_index(o, sd_operations[p].code);
		if (k < 0)
			return bind_fail(s, "the sample's operation file has no phase %s", sd_operations[p].code);
		g->phase[p] = &o->phases[k];
		g->phase_id[p] = id_of(s, "operations", sd_operations[p].code);
	}
	for (int a = 0; a < sd_nagencies; a++) {
		int k = operation_agency_index(o, sd_agencies[a].code);
		if (k < 0)
			return bind_fail(s, "the sample's operation file has no agency %s", sd_agencies[a].code);
		g->agency[a] = &o->agencies[k];
		g->agency_id[a] = id_of(s, "agencies", sd_agencies[a].code);
	}
	for (int k = 0; k < o->nagencies; k++)
		if (agency_index(o->agencies[k].code) < 0)
			return bind_fail(s, "the sample's generator has no weight for agency %s", o->agencies[k].code);
	for (int k = 0; k < o->ncategories; k++) {
		if (o->categories[k].parent) {
			subs++;
			continue;
		}
		if (tops == 3)
			return bind_fail(s, "the sample's operation file has more than three top-level categories");
		g->top_code[tops] = o->categories[k].code;
		g->top_id[tops++] = id_of(s, "categories", o->categories[k].code);
	}
	if (tops != 3 || subs != sd_ncategories)
		return bind_fail(s, "the sample's operation file has %d top-level and %d sub-categories, its "
		                 "generator 3 and %d", tops, subs, sd_ncategories);
	for (int i = 0; i < sd_ncategories; i++) {
		int k = operation_category_index(o, sd_categories[i].code);
		if (k < 0 || !o->categories[k].parent)
			return bind_fail(s, "the sample's operation file has no sub-category %s", sd_categories[i].code);
		g->unit[i] = o->categories[k].unit;
		g->cat_id[i] = id_of(s, "categories", sd_categories[i].code);
		int t = 0;
		for (int j = 0; j < k; j++)
			t += !o->categories[j].parent;
		g->top_of[i] = t - 1; /* a sub-category comes after its parent */
	}
	return 0;
}

static void gen_free(struct gen *g)
{
	for (int p = 0; p < sd_noperations; p++)
		free(g->ph[p].day_cum);
	if (g->owns_op)
		operation_free(&g->own);
}

/* After gen_bind. */
static int gen_init(struct gen *g, uint64_t seed)
{
	g->rng.s = seed;
	for (int p = 0; p < sd_noperations; p++) {
		const struct sd_operation *op = &sd_operations[p];
		struct phase_gen *ph = &g->ph[p];
		long last;
		if (!date_parse(g->phase[p]->starts_on, &ph->first) || !date_parse(g->phase[p]->ends_on, &last))
			return -1; /* operation_load checked them: never */
		ph->ndays = last - ph->first + 1;
		if (!(ph->day_cum = malloc((size_t)ph->ndays * sizeof *ph->day_cum)))
			return -1;
		double acc = 0;
		for (long d = 0; d < ph->ndays; d++) {
			/* Slow start as agencies brief their officers, a peak in mid-phase, a tail. */
			double t = (d + 0.5) / (double)ph->ndays;
			acc += 0.15 + pow(sin(M_PI * t), 0.8) * (1.0 - 0.3 * t);
			ph->day_cum[d] = acc;
		}
		/* The agencies taking part, in the operation file's order. */
		for (int k = 0; k < g->phase[p]->nagencies; k++) {
			int a = agency_index(g->phase[p]->agencies[k]);
			if (a >= 0 && ph->npart < 64) {
				ph->part[ph->npart++] = a;
				if (sd_agencies[a].weight > 0) {
					ph->ag[ph->nag] = a;
					ph->ag_cum[ph->nag] = (ph->nag ? ph->ag_cum[ph->nag - 1] : 0) +
					                      sd_agencies[a].weight;
					ph->nag++;
				}
			}
		}
		int total = op->cases[0] + op->cases[1] + op->cases[2];
		g->phase_cum[p] = (p ? g->phase_cum[p - 1] : 0) + total;
	}
	for (int i = 0; i < sd_ncategories; i++) {
		int par = g->top_of[i];
		if (par < 0 || g->nsubs[par] >= 16)
			continue;
		int n = g->nsubs[par]++;
		g->subs[par][n] = i;
		g->sub_cum[par][n] = (n ? g->sub_cum[par][n - 1] : 0) + sd_categories[i].weight;
	}
	for (int a = 0; a < sd_nagencies; a++)
		for (int l = 0; l < sd_nlocations && g->agency_nlocs[a] < 16; l++)
			if (strcmp(sd_locations[l].country, g->agency[a]->country) == 0)
				g->agency_locs[a][g->agency_nlocs[a]++] = l;
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct gen_case *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- writing ------------------------------------------------------------------------ */

struct writer {
	struct store *s;
	const struct gen *g;
	sqlite3_stmt *ins_case, *ins_seizure; /* owned, reused for every case */
	struct store_rollup *rollup;          /* owned: the rollup rows of the cases written */
};

/* "1,712,400" or "3.25": thousands separated, trailing zeros dropped. */
static void fmt_qty(double q, char *buf, size_t size)
{
	char t[64];
	snprintf(t, sizeof t, "%.2f", q);
	char *dot = strchr(t, '.');
	size_t ilen = dot ? (size_t)(dot - t) : strlen(t);
	size_t o = 0;
	for (size_t i = 0; i < ilen && o + 2 < size; i++) {
		if (i && (ilen - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = t[i];
	}
	if (dot && strcmp(dot, ".00") != 0) {
		size_t dl = strcmp(dot + 2, "0") == 0 ? 2 : 3;
		for (size_t i = 0; i < dl && o + 1 < size; i++)
			buf[o++] = dot[i];
	}
	buf[o] = '\0';
}

static void quantity_phrase(double q, const struct sd_category *k, const char *unit, int which, char *buf,
                            size_t size)
{
	char n[48];

	fmt_qty(q, n, sizeof n);
	if (!strcmp(unit, "kg") || !strcmp(unit, "m3") || !strcmp(unit, "litres"))
		snprintf(buf, size, "%s %s of %s", n, unit, k->commodity[which]);
	else /* counted units: the commodity is a plural noun ("live birds") */
		snprintf(buf, size, "%s %s", n, k->commodity[which]);
}

static const char *transport_phrase(const char *t)
{
	return !strcmp(t, "air passenger") ? "carried by an air passenger" :
	       !strcmp(t, "air cargo") ? "in air cargo" :
	       !strcmp(t, "express courier") ? "in an express parcel" :
	       !strcmp(t, "postal") ? "in a postal parcel" :
	       !strcmp(t, "sea container") ? "in a sea container" :
	       !strcmp(t, "sea vessel") ? "on a fishing vessel" :
	       !strcmp(t, "road") ? "in a truck" : !strcmp(t, "rail") ? "in rail freight" : "";
}

static const char *detection_phrase(const char *d)
{
	return !strcmp(d, "risk profiling") ? "Selected by risk profiling" :
	       !strcmp(d, "intelligence") ? "Stopped on intelligence" :
	       !strcmp(d, "x-ray") ? "Found on the x-ray image" :
	       !strcmp(d, "detector dog") ? "Found by a detector dog" : "Found in a random check";
}

static const char *cname(const char *code)
{
	const char *n = store_country_name(code);
	return n ? n : code;
}

static void summary(const struct gen *g, const struct gen_case *c, char *buf, size_t size)
{
	const struct sd_category *k = &sd_categories[c->sz_sub[0]];
	char q[340], route[160] = "", arrests[32];

	quantity_phrase(c->qty[0], k, g->unit[c->sz_sub[0]], c->sz_commodity[0], q, sizeof q);
	if (c->nsz == 2) { /* the summary names what the seizures hold, both of them */
		char q2[160];
		quantity_phrase(c->qty[1], &sd_categories[c->sz_sub[1]], g->unit[c->sz_sub[1]], c->sz_commodity[1], q2,
		                sizeof q2);
		snprintf(q + strlen(q), sizeof q - strlen(q), " and %s", q2);
	}
	if (c->transit[0] && strcmp(c->transit, g->agency[c->agency]->country) == 0)
		snprintf(route, sizeof route, " in transit from %s to %s", cname(c->departure), cname(c->destination));
	else if (c->departure[0] && c->destination[0])
		snprintf(route, sizeof route, " from %s to %s", cname(c->departure), cname(c->destination));
	else if (c->departure[0])
		snprintf(route, sizeof route, " from %s", cname(c->departure));
	else if (c->destination[0])
		snprintf(route, sizeof route, " bound for %s", cname(c->destination));
	if (c->transit[0] && strcmp(c->transit, g->agency[c->agency]->country) != 0)
		snprintf(route + strlen(route), sizeof route - strlen(route), " via %s", cname(c->transit));
	if (c->arrests == 0)
		snprintf(arrests, sizeof arrests, "no arrest so far");
	else
		snprintf(arrests, sizeof arrests, "%d arrested", c->arrests);
	snprintf(buf, size, "(synthetic) %s at %s: %s %s, %s%s. %s; %s.",
	         g->agency[c->agency]->short_name,
	         c->loc >= 0 ? sd_locations[c->loc].name : g->agency[c->agency]->country, q,
	         c->concealment, transport_phrase(c->transport), route,
	         detection_phrase(c->detection), arrests);
}

static int step_done(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

static int insert_case(struct writer *w, const struct gen_case *c, long long id, const char *ref)
{
	sqlite3_stmt *st = w->ins_case;
	char date[32], note[768];
	int i = 1;

	date_format(c->day, date, sizeof date);
	summary(w->g, c, note, sizeof note);
	sqlite3_bind_int64(st, i++, id);
	sqlite3_bind_text(st, i++, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i++, w->g->phase_id[c->phase]);
	sqlite3_bind_int64(st, i++, w->g->agency_id[c->agency]);
	sqlite3_bind_int64(st, i++, w->g->top_id[c->cat]);
	sqlite3_bind_int64(st, i++, w->g->cat_id[c->sub]);
	sqlite3_bind_text(st, i++, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, c->loc >= 0 ? sd_locations[c->loc].name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, w->g->agency[c->agency]->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->transport, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->departure, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->transit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->destination, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->detection, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->concealment, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, i++, c->arrests);
	sqlite3_bind_text(st, i++, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, note, -1, SQLITE_TRANSIENT);
	if (step_done(w->s, st) < 0)
		return -1;
	/* The case's totals as seizures_ai sums them: 0, plus each seizure in order. */
	struct store_rollup_case rc = {
		.op = w->g->phase_id[c->phase], .cat = w->g->top_id[c->cat], .sub = w->g->cat_id[c->sub],
		.agency = w->g->agency_id[c->agency], .country = w->g->agency[c->agency]->country, .transport = c->transport, .status = c->status,
		.detected_on = date, .arrests = c->arrests,
	};
	for (int k = 0; k < c->nsz; k++) {
		const struct sd_category *sc = &sd_categories[c->sz_sub[k]];
		const char *uname = w->g->unit[c->sz_sub[k]];
		int unit = store_unit_parse(uname);
		sqlite3_bind_int64(w->ins_seizure, 1, id);
		sqlite3_bind_text(w->ins_seizure, 2, sc->commodity[c->sz_commodity[k]], -1, SQLITE_STATIC);
		sqlite3_bind_double(w->ins_seizure, 3, c->qty[k]);
		sqlite3_bind_text(w->ins_seizure, 4, uname, -1, SQLITE_STATIC);
		if (step_done(w->s, w->ins_seizure) < 0)
			return -1;
		if (unit >= 0)
			rc.qty[unit] += c->qty[k];
	}
	if (store_rollup_case(w->rollup, &rc) < 0)
		return store_fail(w->s, "out of memory");
	return 0;
}

/* Runs sql once per row of texts/ints given by the caller through bind(). */
static int prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

static int insert_meta(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (prepare(s, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = step_done(s, st);
	sqlite3_finalize(st);
	return rc;
}

/* The bundled sample: exact counts per phase and category, scaled quantities, refs
 * numbered per phase and agency in date order. */
static int write_bundled(struct writer *w, struct gen *g)
{
	long n = 0, k = 0;
	struct gen_case *cs;
	int *seqno = NULL;
	char ref[64];
	int rc = -1;

	for (int p = 0; p < sd_noperations; p++)
		n += sd_operations[p].cases[0] + sd_operations[p].cases[1] + sd_operations[p].cases[2];
	cs = calloc((size_t)n, sizeof *cs);
	seqno = calloc((size_t)sd_noperations * (size_t)sd_nagencies, sizeof *seqno);
	if (!cs || !seqno) {
		store_fail(w->s, "out of memory");
		goto done;
	}
	for (int p = 0; p < sd_noperations; p++)
		for (int cat = 0; cat < 3; cat++)
			for (int i = 0; i < sd_operations[p].cases[cat]; i++, k++) {
				sample_gen_case(g, p, cat, &cs[k]);
				cs[k].seq = k;
			}
	double scale[32];
	sample_target_scales(g, cs, n, scale);
	for (long i = 0; i < n; i++) {
		double f = 1;
		for (int t = 0; t < sd_ntargets && t < 32; t++)
			if (sample_target_matches(g, &sd_targets[t], &cs[i], 0))
				f = scale[t];
		sample_gen_place(g, cs[i].phase, &cs[i], f);
	}
	sample_apply_targets(g, cs, n);
	qsort(cs, (size_t)n, sizeof *cs, by_date);
	for (long i = 0; i < n; i++) {
		int *sq = &seqno[cs[i].phase * sd_nagencies + cs[i].agency];
		snprintf(ref, sizeof ref, "%s-%s-%04d", sd_operations[cs[i].phase].code,
		         sd_agencies[cs[i].agency].code, ++*sq);
		if (insert_case(w, &cs[i], i + 1, ref) < 0)
			goto done;
	}
	rc = 0;
done:
	free(cs);
	free(seqno);
	return rc;
}

/* N synthetic cases streamed: phases and categories in the published proportions. */
static int write_synthetic(struct writer *w, struct gen *g, long long ncases)
{
	struct gen_case c;
	char ref[32];

	for (long long i = 0; i < ncases; i++) {
		int p = pick_cum(&g->rng, g->phase_cum, sd_noperations);
		const int *cc = sd_operations[p].cases;
		double cum[3] = { cc[0], cc[0] + cc[1], cc[0] + cc[1] + cc[2] };
		sample_gen_case(g, p, pick_cum(&g->rng, cum, 3), &c);
		sample_gen_place(g, p, &c, 1);
		sample_fit_quantities(g, &c);
		snprintf(ref, sizeof ref, "SYN-%07lld", i + 1);
		if (insert_case(w, &c, i + 1, ref) < 0)
			return -1;
	}
	return 0;
}

/* Drops the explicit indexes of cases and seizures, appending their SQL to out. */
static int drop_indexes(struct store *s, struct store_sql *out)
{
	sqlite3_stmt *st = NULL;
	struct store_sql drop = { 0 };
	int rc;

	if (prepare(s, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
	               " AND tbl_name IN ('cases', 'seizures')", &st) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_sql_add(out, "%s;\n", (const char *)sqlite3_column_text(st, 1));
		char *q = sqlite3_mprintf("DROP INDEX \"%w\";\n", (const char *)sqlite3_column_text(st, 0));
		store_sql_add(&drop, "%s", q ? q : "");
		drop.oom |= !q;
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || out->oom || drop.oom) {
		store_sql_free(&drop);
		return store_fail(s, "%s: %s", s->path, rc != SQLITE_DONE ? sqlite3_errmsg(s->db) : "out of memory");
	}
	rc = drop.buf ? store_exec(s, drop.buf) : 0;
	store_sql_free(&drop);
	return rc;
}

int store_sample(struct store *s, long long ncases, unsigned long seed)
{
	struct writer w = { .s = s };
	struct store_sql indexes = { 0 }; /* owned: CREATE INDEX statements to run after the rows */
	struct gen *g = NULL;
	sqlite3_int64 n = 0;
	sqlite3_stmt *st = NULL;
	char note[160];
	int in_tx = 0, have_op = 0;
	struct op op;
	char *errs = NULL;      /* owned: what operation_load and store_define said */
	size_t errlen = 0;
	FILE *ef = NULL;

	if (!s->writable)
		return store_fail(s, "%s: opened read-only", s->path);
	if (ncases < 0)
		return store_fail(s, "number of cases must not be negative");
	if (!(g = calloc(1, sizeof *g)) || !(ef = open_memstream(&errs, &errlen))) {
		store_fail(s, "out of memory");
		goto fail;
	}
	/* The reference data: the operation file compiled in, through the same path as
	 * opdeck init --operation. */
	if (operation_load(NULL, sample_operation_files[0].text, sample_operation_files[0].len, sample_operation_files[0].path, &op,
	                   ef) < 0) {
		fflush(ef);
		store_fail(s, "%.400s", errs && *errs ? errs : "the sample's operation file does not load");
		goto fail;
	}
	have_op = 1;
	/* Writer-only tuning: a big cache; the rollback journal stays, so ROLLBACK still works. */
	if (store_exec(s, "BEGIN IMMEDIATE") < 0)
		goto fail;
	in_tx = 1;
	if (prepare(s, "SELECT (SELECT count(*) FROM operations) + (SELECT count(*) FROM cases)", &st) < 0)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (n > 0) {
		store_fail(s, "%s: already holds data; the sample needs a new database", s->path);
		goto fail;
	}
	if (store_define_tx(s, &op, ef) < 0)
		goto fail;
	/* N synthetic cases publish no figure: every one of them is invented. */
	if (ncases > 0 && store_exec(s, "UPDATE operations SET published = ''") < 0)
		goto fail;
	if (gen_bind(g, s, &op) < 0)
		goto fail;
	if (gen_init(g, ncases ? (uint64_t)seed : BUNDLED_SEED) < 0) {
		store_fail(s, "out of memory");
		goto fail;
	}
	w.g = g;
	/* Building indexes once at the end is several times faster than keeping them up to
	 * date row by row; the definitions come back from sqlite_schema, so the schema stays
	 * the only place they are written. */
	if (ncases > 0 && drop_indexes(s, &indexes) < 0)
		goto fail;
	/* The same for the rollups: no trigger per case (and per seizure, whose trigger
	 * updates the case); the rows are summed in memory and written at the end. */
	if (store_exec(s, store_schema_rollup_drop) < 0 || store_exec(s, store_cols_log_drop) < 0 ||
	    store_exec(s, store_search_drop_triggers) < 0)
		goto fail;
	if (!(w.rollup = store_rollup_new())) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (prepare(s, "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	               " detected_on, location, country, transport, departure, transit, destination,"
	               " detection, concealment, arrests, status, summary)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &w.ins_case) < 0 ||
	    prepare(s, "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (?, ?, ?, ?)",
	            &w.ins_seizure) < 0)
		goto fail;
	if ((ncases ? write_synthetic(&w, g, ncases) : write_bundled(&w, g)) < 0)
		goto fail;
	if (ncases)
		snprintf(note, sizeof note, "synthetic %lld seed %lu", ncases, seed);
	else
		snprintf(note, sizeof note, "bundled");
	if (insert_meta(s, "data_as_of", "2025-09-16 09:00") < 0 ||
	    (ncases && insert_meta(s, "source", "Synthetic: every case is generated (phases, agencies and "
	                                        "categories as in the bundled sample); no figure is published.") < 0) ||
	    insert_meta(s, "sample", note) < 0)
		goto fail;
	sqlite3_finalize(w.ins_case);
	sqlite3_finalize(w.ins_seizure);
	w.ins_case = w.ins_seizure = NULL;
	if (store_rollup_write(s, w.rollup) < 0 || store_exec(s, store_schema_rollup_triggers) < 0)
		goto fail;
	store_rollup_free(w.rollup);
	w.rollup = NULL;
	if (indexes.buf && store_exec(s, indexes.buf) < 0)
		goto fail;
	if (!ncases && store_published_record(s) < 0)
		goto fail;
	/* The column store's snapshot of every case, and the log trigger back (store_cols.c);
	 * the search index built once from every case, and its triggers back. */
	if (store_cols_checkpoint(s, 1) < 0 || store_search_install(s, 1) < 0 || store_exec(s, "COMMIT") < 0)
		goto fail;
	store_sql_free(&indexes);
	gen_free(g);
	free(g);
	operation_free(&op);
	fclose(ef);
	free(errs);
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(w.ins_case);
	sqlite3_finalize(w.ins_seizure);
	store_rollup_free(w.rollup);
	if (in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_sql_free(&indexes);
	if (g)
		gen_free(g);
	free(g);
	if (have_op)
		operation_free(&op);
	if (ef)
		fclose(ef);
	free(errs);
	return -1;
}

/* ---- one case at a time, for simulate (store_simulate.c) ---------------------------- */

struct store_sample_gen *store_sample_gen_new(unsigned long seed)
{
	struct gen *g = calloc(1, sizeof *g);
	FILE *devnull = fopen("/dev/null", "w");

	if (!g || !devnull)
		goto fail;
	/* The bundled operation file, as the sample loads it. */
	if (operation_load(NULL, sample_operation_files[0].text, sample_operation_files[0].len, sample_operation_files[0].path, &g->own,
	                   devnull) < 0)
		goto fail;
	g->owns_op = 1;
	if (gen_bind(g, NULL, &g->own) < 0)
		goto fail;
	fclose(devnull);
	devnull = NULL;
	if (gen_init(g, seed * 2654435761u + 1) < 0) {
		gen_free(g);
		free(g);
		return NULL;
	}
	return (struct store_sample_gen *)g;
fail:
	if (devnull)
		fclose(devnull);
	if (g)
		gen_free(g);
	free(g);
	return NULL;
}

void store_sample_gen_free(struct store_sample_gen *sg)
{
	struct gen *g = (struct gen *)sg;
	if (g)
		gen_free(g);
	free(g);
}

int store_sample_gen_case(struct store_sample_gen *sg, struct store_sample_case *out)
{
	struct gen *g = (struct gen *)sg;
	struct gen_case c;
	int p = sd_noperations - 1; /* the phase under way: the latest */
	const int *cc = sd_operations[p].cases;
	double cum[3] = { cc[0], cc[0] + cc[1], cc[0] + cc[1] + cc[2] };

	sample_gen_case(g, p, pick_cum(&g->rng, cum, 3), &c);
	sample_gen_place(g, p, &c, 1);
	sample_fit_quantities(g, &c);
	memset(out, 0, sizeof *out);
	out->phase = sd_operations[p].code;
	out->agency = sd_agencies[c.agency].code;
	out->category = g->top_code[c.cat];
	out->subcategory = sd_categories[c.sub].code;
	date_format(c.day, out->detected_on, sizeof out->detected_on);
	out->location = c.loc >= 0 ? sd_locations[c.loc].name : "";
	out->country = g->agency[c.agency]->country;
	out->transport = c.transport, out->departure = c.departure, out->transit = c.transit;
	out->destination = c.destination, out->detection = c.detection, out->concealment = c.concealment;
	out->status = c.status;
	out->arrests = c.arrests;
	summary(g, &c, out->summary, sizeof out->summary);
	out->nseizures = c.nsz;
	for (int k = 0; k < c.nsz; k++) {
		const struct sd_category *sc = &sd_categories[c.sz_sub[k]];
		out->commodity[k] = sc->commodity[c.sz_commodity[k]];
		out->quantity[k] = c.qty[k];
		out->unit[k] = g->unit[c.sz_sub[k]];
	}
	return 0;
}

double store_sample_gen_unit(struct store_sample_gen *sg)
{
	return rng_unit(&((struct gen *)sg)->rng);
}
