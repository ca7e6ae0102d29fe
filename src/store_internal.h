/*
 * Shared by the store's own files (src/store*.c) and nothing else: it and the private
 * headers built on it (store_io.h, store_import.h) are the only headers that name SQLite.
 */
#ifndef OPDECK_STORE_INTERNAL_H
#define OPDECK_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"
#include "text.h" /* text_quote: every value a message echoes */

#define STORE_SCHEMA_VERSION 2

struct store {
	sqlite3 *db;           /* owned */
	char *path;            /* owned: the file name as messages show it (text_quote'd) */
	char *file;            /* owned: the file name as given, for stat() and fopen() */
	int writable;          /* opened by a writer (init, sample, import) */
	sqlite3_int64 data_version; /* last PRAGMA data_version seen by store_changed() */
	struct cols *cols;     /* owned: a viewer's column store (store_cols.h), NULL until asked */
	struct case_cache *case_cache; /* owned: a viewer's recently read cases (store_cases.c) */
	struct store_memo *memo; /* owned: a viewer's answers until the data change (store_memo.c) */
	struct rollup_mem *rollup_mem; /* owned: a viewer's copy of the rollups (store_rollup_read.c) */
	char err[512];         /* last error, for store_error() */
};

extern const char store_schema_sql[];

/* How long a writer waits for the file's lock (sqlite3_busy_timeout), in ms. */
#define STORE_WRITER_WAIT_MS 5000

/* The vocabularies of the schema's CHECK sets (store_schema.c), in their order, each
 * ending with NULL: the one list the filter checks, the importer, its messages and the
 * column store use.  test_store checks that the schema's CHECKs name exactly these. */
enum { STORE_TRANSPORT_COUNT = 9, STORE_STATUS_COUNT = 4, STORE_DETECTION_COUNT = 6 };
extern const char *const store_transports[STORE_TRANSPORT_COUNT + 1];
extern const char *const store_statuses[STORE_STATUS_COUNT + 1];
extern const char *const store_detections[STORE_DETECTION_COUNT + 1];

/* Runs sql (one or more statements); on failure records "PATH: reason" and returns -1. */
int store_exec(struct store *s, const char *sql);
/* An owned copy of column i, "" for NULL, its length from sqlite3_column_bytes; a NUL
 * inside (possible through SQLite) becomes "␀" (U+2400), as the sanitiser shows one,
 * so that it cannot hide the rest of the value.  NULL when out of memory. */
char *store_col_dup(sqlite3_stmt *st, int i);
/* The rollup triggers on cases (part of store_schema_sql), the statements dropping them,
 * and the upsert of one rollup row (?1..?18) that store_rollup_write() runs. */
extern const char store_schema_rollup_triggers[];
extern const char store_schema_rollup_drop[];
extern const char store_schema_rollup_upsert[];
/* Drops the indexes older databases had on cases and this schema no longer makes. */
extern const char store_schema_index_drop[];

/*
 * Rollup rows of many new cases, summed in memory (store_rollup.c), for writers that drop
 * the rollup triggers for their transaction (sample, import): each inserted case is
 * given to store_rollup_case(), then store_rollup_write() adds the sums to the table and
 * the writer recreates the triggers.  The strings of a case are only read during the call.
 */
struct store_rollup;
struct store_rollup_case {
	sqlite3_int64 op, cat, sub, agency; /* operation_id, category_id, subcategory_id, agency_id */
	const char *country, *transport, *status;
	const char *detected_on;             /* a valid ISO date */
	long long arrests;
	double qty[STORE_UNIT_COUNT];        /* the case's q_kg ... as stored */
};
struct store_rollup *store_rollup_new(void); /* NULL when out of memory */
int store_rollup_case(struct store_rollup *r, const struct store_rollup_case *c); /* -1: out of memory */
int store_rollup_write(struct store *s, struct store_rollup *r);
void store_rollup_free(struct store_rollup *r);

/* A viewer's copy of the rollups table (store_rollup_read.c), kept in step through the
 * change log: store_aggregate's answers for a filter the rollups serve, without SQL.
 * 1 answered, 0 not (a writer: ask the SQL), -1 error. */
struct rollup_mem;
int store_rollup_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out);
void store_rollup_mem_free(struct rollup_mem *m);

/* Fill store_agg_row.pos / store_case.category_pos from the category tree (store_define.c);
 * 0, or -1 with the error recorded. */
int store_category_pos_agg(struct store *s, struct store_agg *a);
int store_category_pos_cases(struct store *s, struct store_case *c, int n);

/* store_define's work inside a transaction the caller holds (the sample's). */
int store_define_tx(struct store *s, const struct op *o, FILE *errs);

/* Writes beside each figure name of operations.published the value the data hold now
 * (store_figure.c): the sample calls it once its cases are written. */
int store_published_record(struct store *s);
/*
 * The column store (store_cols.c): a viewer's aggregates, matrices and case lists under
 * any filter but a search.  Each returns 1 with the answer in out, 0 when the column
 * store does not answer this (the caller asks SQL), -1 on error.
 */
int store_cols_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out);
int store_cols_crosstab(struct store *s, const struct store_filter *f, int dim, int dim2, struct store_pairs *out);
/* Orders: the date orders, STORE_ORDER_LARGEST, and COLS_ORDER_SMALLEST (the largest
 * read backwards: kilograms, then id, ascending; for store_cases_before). */
#define COLS_ORDER_SMALLEST STORE_ORDER_COUNT
int store_cols_case_ids(struct store *s, const struct store_filter *f, int order, const struct store_cursor *after,
                        int limit, long long **ids, int *n, int *more);
void cols_free(struct cols *c);
void store_case_cache_free(struct case_cache *cc);
/* store_memo.c: a viewer's aggregates, phases and labels since the data last changed.
 * The gets answer 1 with a copy the caller owns (a label: non-NULL), 0 when not kept;
 * each put follows a get that missed, with the answer it then read. */
struct store_memo;
void store_memo_free(struct store_memo *m);
int store_memo_agg_get(struct store *s, const struct store_filter *f, int dim, struct store_agg *out);
void store_memo_agg_put(struct store *s, const struct store_filter *f, int dim, const struct store_agg *a);
int store_memo_phases_get(struct store *s, struct store_phase **out, int *n);
void store_memo_phases_put(struct store *s, const struct store_phase *p, int n);
char *store_memo_label_get(struct store *s, int dim, const char *key);
/* A statement of sql: a viewer's kept one (reset, unbound) when it has it, else newly
 * prepared (and kept); 0, or -1 with the error recorded.  Given back (reset, or
 * finalized when not kept) by store_stmt_done, never finalized by the caller. */
int store_stmt(struct store *s, const char *sql, sqlite3_stmt **st);
void store_stmt_done(struct store *s, sqlite3_stmt *st);
void store_memo_label_put(struct store *s, int dim, const char *key, const char *label);
/* Writers, inside their transaction, before COMMIT: creates the change log, its triggers
 * and the snapshot when missing, and rewrites the snapshot's chunks that the log touched
 * once enough changes are pending (always with full).  store_cols_log_drop drops the
 * insert trigger for a writer that then calls this with full set (the sample). */
int store_cols_checkpoint(struct store *s, int full);
extern const char store_cols_log_drop[];

/*
 * The sample's generator one case at a time (store_sample.c), for simulate: a plausible
 * case of the latest phase, its strings static or inside the struct.
 */
struct store_sample_gen;
struct store_sample_case {
	const char *phase, *agency, *category, *subcategory;
	char detected_on[16];
	const char *location, *country, *transport, *departure, *transit, *destination;
	const char *detection, *concealment, *status;
	int arrests;
	char summary[768];
	int nseizures;
	const char *commodity[4], *unit[4];
	double quantity[4];
};
struct store_sample_gen *store_sample_gen_new(unsigned long seed); /* NULL when out of memory */
void store_sample_gen_free(struct store_sample_gen *g);
int store_sample_gen_case(struct store_sample_gen *g, struct store_sample_case *out);
double store_sample_gen_unit(struct store_sample_gen *g); /* uniform in [0, 1) */

/*
 * The store's one row loop (store_rows.c).  store_rows steps st to its end and calls row
 * for each row: row returns 0 to go on, 1 to stop there (not an error), -1 when out of
 * memory.  It records "out of memory" or the SQL error ("PATH: reason") once and returns
 * -1 for either; the caller keeps (resets, finalizes) st.
 *
 * store_rows_collect appends one zeroed element of size bytes per row to the caller's
 * array (arrayp is the address of its T *, *n its count, grown by doubling from first)
 * and has fill set it; *n counts the element before fill runs, so on -1 the caller frees
 * all *n elements as usual.  fill returns 0, or -1 when out of memory.
 */
int store_rows(struct store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *ctx), void *ctx);
int store_rows_collect(struct store *s, sqlite3_stmt *st, void *arrayp, int *n, size_t size, int first,
                       int (*fill)(sqlite3_stmt *st, void *elem, void *ctx), void *ctx);
/* The rows of an aggregate through store_rows_collect (fill sets one struct store_agg_row),
 * then its total row's key "" and label "total" (store_query.c; store_silent.c uses it too). */
int store_agg_collect(struct store *s, sqlite3_stmt *st, struct store_agg *a,
                      int (*fill)(sqlite3_stmt *st, void *row, void *ctx), void *ctx);

/* Records a printf-style error in s->err; always returns -1 so callers can `return store_fail(...)`. */
int store_fail(struct store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Appends the WHERE clause for a filter to sql (starting " WHERE ..." or nothing) on the
 * table alias `c` (cases) and records the values to bind in order; store_bind_filter() binds
 * them from parameter index `first`.  Used by aggregates, case lists and export alike.
 */
struct store_sql {
	char *buf;      /* owned, NUL-terminated */
	size_t len, cap;
	const char *bind[32]; /* borrowed from the filter, or owned[] */
	int nbind;
	int oom;
	int fts;        /* cases_fts is there: a search matches through it (store_sql_search) */
	char *owned;    /* owned: the search's FTS5 query, bound */
};
void store_sql_add(struct store_sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void store_sql_where(struct store_sql *q, const struct store_filter *f);
/* Before store_sql_where with a filter that may search: whether the search goes through
 * the index (store_search.h) or scans the text (a database without the index). */
void store_sql_search(struct store *s, struct store_sql *q, const struct store_filter *f);
int store_sql_bind(sqlite3_stmt *st, const struct store_sql *q, int first);
void store_sql_free(struct store_sql *q);

/* A week's or a day's label: "2025-09-08" -> "8 Sep 2025" (malloc'd; NULL when out of
 * memory); the key itself when it is not a date (store_query.c). */
char *store_date_label(const char *key);
/* English short name of an ISO 3166 alpha-2 code ("VN" -> "Viet Nam"), NULL when not in the
 * compiled-in table (store_query.c).  Used for labels and by the sample's case notes. */
const char *store_country_name(const char *code);
/* The inverse, without regard to case ("thailand" -> "TH"); NULL when not in the table. */
const char *store_country_code(const char *name);
/* -1 with a message when f names a case that its other values do not select
 * (store_resolve.c; called by store_filter_check). */
int store_filter_case_agrees(struct store *s, const struct store_filter *f);

#endif
