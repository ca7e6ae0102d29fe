/*
 * store_import: the state of one CSV import, shared by the reading and inserting half
 * (store_import.c) and the checking half (store_import_check.c).  Private to them.
 */
#ifndef OPDECK_STORE_IMPORT_H
#define OPDECK_STORE_IMPORT_H

#include <stdio.h>

#include "store_io.h"

#define IO_MAX_ERRORS 100

/* A code of operations/agencies/categories, kept sorted by code for bsearch. */
struct io_code {
	char *code;          /* owned */
	sqlite3_int64 id;
	sqlite3_int64 parent; /* categories: parent id, 0 for top level */
	char *starts, *ends;  /* operations: owned ISO dates */
};
struct io_codes {
	struct io_code *v;   /* owned */
	int n;
};

/* One checked row, borrowed from the reader's record. */
struct io_row {
	const char *v[COL_COUNT]; /* "" for an absent column */
	const struct io_code *op, *agency, *cat, *sub;
	long long arrests;
	double qty;
	int unit;                 /* enum store_unit */
	int has_seizure;
};

/* A seizure of the case being read. */
struct io_seizure {
	size_t commodity;         /* offset into io_ctx.sbuf */
	double qty;
	int unit;                 /* enum store_unit */
};

struct io_ctx {
	struct store *s;
	FILE *errs;
	const char *name;         /* the file as shown in messages (sanitised) */
	long nerr;
	int col_field[COL_COUNT]; /* field index of each column, -1 when absent */
	int ncols;
	struct io_codes ops, agencies, cats;
	sqlite3_int64 *parts;     /* owned: operation_id << 32 | agency_id, sorted */
	int nparts;
	sqlite3_stmt *ref_exists, *ins_case, *ins_seizure;
	struct store_rollup *rollup; /* owned: the rollup rows of the inserted cases */
	int has_log;              /* the change log is installed: write its rows at the end */
	/* Refs seen so far (first pass), an open-addressing set of offsets into refbuf. */
	size_t *slot;             /* owned: offset + 1, 0 for empty */
	long *slot_row;           /* owned: the row a ref was first seen on */
	size_t nslot, nused;
	char *refbuf;             /* owned */
	size_t reflen, refcap;
	/* The case being read: its first row's case columns, to compare later rows with. */
	char *cur;                /* owned: COL_FIRST_SEIZURE NUL-terminated strings */
	size_t curcap;
	long cur_row;
	int cur_valid, cur_empty_seizure;
	sqlite3_int64 max_id;     /* max(cases.id) before the import: older cases are <= */
	long long ncases;         /* inserted */
	int ref_unchecked;        /* the held case's ref is left to the insert's UNIQUE index */
	int failed;               /* a query of store_import_ref_due failed (recorded) */
	/* The case being read, held back until its last row so that it is inserted with its
	 * totals (store_import.c); only while the file has no problem so far. */
	int pending;
	const struct io_code *p_op, *p_agency, *p_cat, *p_sub; /* borrowed from the tables */
	long long p_arrests;
	double p_qty[STORE_UNIT_COUNT]; /* seized quantity per unit, summed in file order */
	struct io_seizure *sz;    /* owned: its seizures */
	size_t nsz, szcap;
	char *sbuf;               /* owned: their commodities, NUL-terminated */
	size_t sblen, sbcap;
};

/* ---- store_import.c ---- */

/* Before the first problem is reported: whether the held case's ref, left to its insert,
 * is already in the database (said first, being an earlier row); sets x->failed if the
 * query fails. */
void store_import_ref_due(struct io_ctx *x);

/* ---- store_import_check.c ---- */

/* Reports a problem at ROW:COL (up to IO_MAX_ERRORS are written; all are counted). */
void store_import_err(struct io_ctx *x, long row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports a problem with column c of a row: "column 'quantity': ...". */
void store_import_cell_err(struct io_ctx *x, long row, int c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Loads id, code[, parent (kind 1) | starts_on, ends_on (kind 2)] rows of sql into t. */
int store_import_load_codes(struct io_ctx *x, const char *sql, struct io_codes *t, int kind);
void store_import_codes_free(struct io_codes *t);
/* Loads the participations, for "does this agency take part in this phase". */
int store_import_load_parts(struct io_ctx *x);
/* The row where ref was first seen, or 0 after adding it; -1 when out of memory. */
long store_import_seen(struct io_ctx *x, const char *ref, long row);

/* Checks the case columns of a case's first row (and resolves its codes into r);
 * 0 when they are all good. */
int store_import_check_case(struct io_ctx *x, long row, struct io_row *r);
/* Checks commodity, quantity and unit, and sets r->has_seizure, r->qty, r->unit. */
void store_import_check_seizure(struct io_ctx *x, long row, struct io_row *r);

#endif
