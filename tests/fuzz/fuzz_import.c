/*
 * libFuzzer target for the importer's row checks (store_import_check.c: codes, dates,
 * quantities, units, arrests, refs) through the whole import of one CSV file into a
 * small database of the sample's reference data.  Besides "no crash", it checks the
 * property the importer relies on when it switches SQLite's CHECKs off for its inserts:
 * whatever it accepts, PRAGMA integrity_check (which verifies every CHECK) still says
 * "ok".  Seeds: tests/fuzz/corpus/import (the sample CSV files and edge rows).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], db[96], csv[96];

static void cleanup(void)
{
	char p[128];
	static const char *const files[] = { "f.db", "f.db-journal", "f.db-wal", "f.db-shm", "in.csv" };

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* One database for the run: the phases, agencies and categories, one synthetic case. */
static void setup(void)
{
	char err[600];
	struct store *s;

	/* In memory where there is a tmpfs: each input is a whole import transaction. */
	snprintf(dir, sizeof dir, "%s/opdeck-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(db, sizeof db, "%s/f.db", dir);
	snprintf(csv, sizeof csv, "%s/in.csv", dir);
	if (!(s = store_open(db, STORE_CREATE, err, sizeof err)) || store_sample(s, 1, 1) < 0) {
		fprintf(stderr, "fuzz_import: %s\n", s ? store_error(s) : err);
		abort();
	}
	store_close(s);
}

static void check_integrity(void)
{
	sqlite3 *h;
	sqlite3_stmt *st;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (!r || strcmp(r, "ok") != 0) {
			fprintf(stderr, "fuzz_import: integrity_check: %s\n", r ? r : "(null)");
			abort();
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[600];
	struct store *s;
	FILE *f;
	long long n;

	if (!dir[0])
		setup();
	if (size > 1 << 16)
		return 0;
	if (!(f = fopen(csv, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (!(s = store_open(db, STORE_WRITE, err, sizeof err)))
		abort();
	n = store_import_csv(s, csv, NULL);
	store_close(s);
	if (n > 0)
		check_integrity();
	return 0;
}
