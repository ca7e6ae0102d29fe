/* Unit-test helpers that reach a database file directly with SQLite, beside the store:
 * for fixtures written behind the store's back and for checking what it wrote. */
#ifndef OPDECK_TESTDB_H
#define OPDECK_TESTDB_H

#include <sqlite3.h>
#include <unistd.h>

#include "store.h"
#include "testutil.h"

/* A synthetic sample of ncases (seed 7) at the test directory's path for name, made anew. */
static inline const char *tdb_sample(const char *name, long long ncases)
{
	char err[600];
	const char *path = tu_path(name);
	unlink(path);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	assert_int_equal(store_sample(s, ncases, 7), 0);
	store_close(s);
	return path;
}

/* Writes text to the test directory's file name and imports it into the database at
 * path through the store, as `opdeck import` does; the import must add `cases` cases. */
static inline void tdb_import(const char *path, const char *name, const char *text, long long cases)
{
	char err[600];
	const char *file = tu_write(name, text);
	struct store *w = store_open(path, STORE_WRITE, err, sizeof err);
	if (!w)
		fail_msg("%s", err);
	assert_int_equal(store_import_csv(w, file, stderr), cases);
	store_close(w);
}

/* 0 .. n-1 from a fixed xorshift sequence, so a failing round can be run again. */
static inline long long tdb_rnd(long long n)
{
	static unsigned long long rng = 88172645463325252ull;
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (long long)(rng % (unsigned long long)n);
}

/* Runs sql on the database at path; fails the test on an error. */
static inline void tdb_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* The first column of the first row of sql as an integer, -1 when there is no row. */
static inline long long tdb_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * PRAGMA integrity_check of the database at path must say "ok".  It also verifies every
 * CHECK constraint, which the importer switches off for its inserts and replaces by its
 * own validation: this is what tests that reliance after every import.
 */
static inline void tdb_assert_intact(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char got[512] = "";
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	for (size_t n = 0; sqlite3_step(st) == SQLITE_ROW && n < sizeof got - 2;) {
		const char *row = (const char *)sqlite3_column_text(st, 0);
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", n ? "; " : "", row ? row : "");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_string_equal(got, "ok");
}

/* A new, empty database at dir/name (any file there first removed), open for writing;
 * fails the test when it cannot be created. */
static inline struct store *tdb_create(const char *name)
{
	char err[600];
	const char *path = tu_path(name);
	struct store *s;

	unlink(path);
	if (!(s = store_open(path, STORE_CREATE, err, sizeof err)))
		fail_msg("%s", err);
	return s;
}

/* The bundled sample (ncases 0) or ncases synthetic ones from seed, written to dir/name;
 * returns its path, fails the test when it cannot be built. */
static inline const char *tdb_sample_file(const char *name, long long ncases, unsigned long seed)
{
	struct store *s = tdb_create(name);

	if (store_sample(s, ncases, seed) != 0)
		fail_msg("%s", store_error(s));
	store_close(s);
	return tu_path(name);
}

/* A read-only viewer on a fresh bundled sample written to dir/name; NULL on failure. */
static inline struct store *tdb_sample_viewer(const char *name)
{
	char err[300];
	const char *path = tu_path(name);
	struct store *w;

	unlink(path);
	w = store_open(path, STORE_CREATE, err, sizeof err);
	if (!w || store_sample(w, 0, 0) < 0) {
		store_close(w);
		return NULL;
	}
	store_close(w);
	return store_open(path, STORE_READ, err, sizeof err);
}

#endif
