/*
 * store_simulate: agencies' returns arriving one by one, for demos, tests and the soak.
 *
 * Each event is its own BEGIN IMMEDIATE transaction through plain SQL, so the schema's
 * triggers do all the bookkeeping (seizure totals, rollups, the change log) exactly as
 * they would for any other writer; the column store's snapshot is refreshed as a
 * writer's transaction ends (store_cols_checkpoint), which costs nothing until 20,000
 * changes are pending.  Events are spaced evenly at the rate asked, against the clock,
 * so a slow commit does not slow the rate down.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"
#include "store_search.h"

#define P_CORRECT 0.06 /* a correction of an earlier case, per event */
#define P_DELETE  0.02 /* a case withdrawn (entered twice, say) */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	double d = t - now_s();
	if (d <= 0)
		return;
	struct timespec ts = { (time_t)d, (long)((d - (double)(time_t)d) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int sql_fail(struct store *s)
{
	return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* One new case with its seizures. */
static int add_case(struct store *s, struct store_sample_gen *g, const char *ref)
{
	static const char ins[] =
		"INSERT INTO cases(ref, operation_id, agency_id, category_id, subcategory_id, detected_on, location,"
		" country, transport, departure, transit, destination, detection, concealment, arrests, status, summary)"
		" VALUES (?1, (SELECT id FROM operations WHERE code = ?2), (SELECT id FROM agencies WHERE code = ?3),"
		" (SELECT id FROM categories WHERE code = ?4), (SELECT id FROM categories WHERE code = ?5),"
		" ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
	struct store_sample_case c;
	sqlite3_stmt *st = NULL;
	int rc;

	store_sample_gen_case(g, &c);
	if (sqlite3_prepare_v2(s->db, ins, -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	const char *txt[] = { ref, c.phase, c.agency, c.category, c.subcategory, c.detected_on, c.location,
	                      c.country, c.transport, c.departure, c.transit, c.destination, c.detection,
	                      c.concealment };
	for (int i = 0; i < 14; i++)
		sqlite3_bind_text(st, i + 1, txt[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, c.arrests);
	sqlite3_bind_text(st, 16, c.status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17, c.summary, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(s); /* e.g. a database without the sample's reference data */
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	for (int k = 0; k < c.nseizures && rc == SQLITE_DONE; k++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, c.commodity[k], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, c.quantity[k]);
		sqlite3_bind_text(st, 4, c.unit[k], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(s);
}

/*
 * One of this run's earlier cases corrected or withdrawn, as an agency corrects the return
 * it has just sent; 1 done, 0 none yet.  Only this run's own cases (ids from first on): a
 * demo or a test that simulates beside the sample never loses a case it shows or
 * quotes, and the pick is uniform (a probe over every id, then the first case of the
 * phase after it, picked the phase's first case most of the time).  Each step is a seek.
 */
static int touch_case(struct store *s, struct store_sample_gen *g, sqlite3_int64 first, int del)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT id FROM cases WHERE id >= ?2 + abs(?1) % ((SELECT max(id) FROM cases) - ?2 + 1)"
	                              " ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(store_sample_gen_unit(g) * 9e15));
	sqlite3_bind_int64(st, 2, first);
	rc = sqlite3_step(st);
	sqlite3_int64 id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : sql_fail(s);
	const char *sql = del ? "DELETE FROM seizures WHERE case_id = ?1; DELETE FROM cases WHERE id = ?1"
	                      : "UPDATE cases SET arrests = arrests + 1, status = CASE status WHEN 'open' THEN"
	                        " 'under investigation' WHEN 'under investigation' THEN 'prosecuted' ELSE 'closed' END"
	                        " WHERE id = ?1";
	const char *tail = sql;
	while (tail && *tail) {
		if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK)
			return sql_fail(s);
		if (!st)
			break;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return sql_fail(s);
	}
	return 1;
}

int store_simulate(struct store *s, double rate, double seconds, unsigned long seed, struct store_sim_result *out)
{
	struct store_sample_gen *g = store_sample_gen_new(seed);
	char ref[64];
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!g)
		return store_fail(s, "out of memory");
	/*
	 * Fifty commits a second, each waiting for the disk (synchronous = FULL syncs the
	 * write-ahead log at every commit) fell behind the clock on a busy machine.  In WAL
	 * mode NORMAL syncs the log only when it is copied into the database (a
	 * checkpoint): the database is never damaged, and a power cut can lose the last
	 * events since the previous checkpoint, which is all right for simulated returns.
	 * Only in WAL mode: with a rollback journal NORMAL is less safe, so FULL stays.
	 */
	sqlite3_stmt *jm = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK && sqlite3_step(jm) == SQLITE_ROW &&
	    sqlite3_column_text(jm, 0) && strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0)
		sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	sqlite3_finalize(jm);
	/* This run's cases start after the largest id there is now (see touch_case). */
	sqlite3_int64 first = 1;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) + 1 FROM cases", -1, &jm, NULL) == SQLITE_OK &&
	    sqlite3_step(jm) == SQLITE_ROW)
		first = sqlite3_column_int64(jm, 0);
	sqlite3_finalize(jm);
	double start = now_s();
	/* Refs unique across runs: the start time and the seed, then a count. */
	long long run = (long long)time(NULL);
	for (long long k = 0; rc == 0; k++) {
		double at = start + (double)k / rate;
		if (at - start >= seconds)
			break;
		sleep_until(at);
		if (store_exec(s, "BEGIN IMMEDIATE") < 0) {
			rc = -1;
			break;
		}
		double u = store_sample_gen_unit(g);
		int r = 0;
		if (u < P_DELETE + P_CORRECT) {
			r = touch_case(s, g, first, u < P_DELETE);
			if (r > 0)
				*(u < P_DELETE ? &out->deleted : &out->corrected) += 1;
		}
		if (r == 0) { /* a new case, also when there is none of this run's to touch yet */
			snprintf(ref, sizeof ref, "SIM-%lld-%lu-%06lld", run, seed, k + 1);
			r = add_case(s, g, ref);
			if (r == 0)
				out->added++;
		}
		if (r < 0 || store_cols_checkpoint(s, 0) < 0 || store_search_install(s, 0) < 0 ||
		    store_exec(s, "COMMIT") < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			rc = -1;
		}
	}
	store_sample_gen_free(g);
	return rc;
}
