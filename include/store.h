/*
 * store: the operation database (SQLite) behind plain structs.
 *
 * Nothing above this module sees SQLite.  Viewers open the database read-only
 * (mode=ro, busy timeout, defensive, trusted_schema=OFF) and never write; the data
 * commands (init, sample, import) open it writable and do all their work in one
 * BEGIN IMMEDIATE transaction, so a failure leaves the file as it was.
 *
 * Every function returning int returns 0 on success and -1 on failure, with the
 * reason in store_error().  Results are owned by the caller and freed with the
 * matching *_free function; strings inside results are owned by the result.
 */
#ifndef OPDECK_STORE_H
#define OPDECK_STORE_H

#include <stdio.h>

struct store;

/* The dimensions a panel can group by and a filter can fix, in locator order. */
enum store_dim {
	STORE_DIM_PHASE,       /* key: operation code "OMD7"; label "OMD 7" */
	STORE_DIM_CATEGORY,    /* key: top-level category code "drugs"; label "Drugs" */
	STORE_DIM_SUBCATEGORY, /* key: sub-category code "methamphetamine" */
	STORE_DIM_AGENCY,      /* key: agency code "VNCUS"; label: agency short name */
	STORE_DIM_COUNTRY,     /* key: ISO alpha-2 of the place of detection "VN" */
	STORE_DIM_TRANSPORT,   /* key: transport mode "sea container" */
	STORE_DIM_STATUS,      /* key: "open", "under investigation", "prosecuted", "closed" */
	STORE_DIM_WEEK,        /* key: date of the Monday of the week "2025-09-08" */
	STORE_DIM_DAY,         /* key: "2025-09-14" */
	STORE_DIM_COUNT
};

/* "phase", "category", ...; NULL for an out-of-range value. */
const char *store_dim_name(int dim);
/* The inverse of store_dim_name, -1 when unknown. */
int store_dim_parse(const char *name);

/* Canonical units; quantities are summed per unit, never across units. */
enum store_unit { STORE_UNIT_KG, STORE_UNIT_TABLETS, STORE_UNIT_PIECES, STORE_UNIT_HEADS,
                  STORE_UNIT_M3, STORE_UNIT_LITRES, STORE_UNIT_COUNT };
const char *store_unit_name(int unit); /* "kg", "tablets", ... */
int store_unit_parse(const char *name);  /* -1 when unknown */

/*
 * A filter narrows cases.  Each field is owned (malloc'd) or NULL for "any".
 * value[STORE_DIM_...] holds a key as documented in enum store_dim.
 */
struct store_filter {
	char *value[STORE_DIM_COUNT];
	char *search;   /* case-insensitive substring of ref, summary, location, concealment */
	char *case_ref; /* exactly one case */
};
void store_filter_init(struct store_filter *f);
void store_filter_free(struct store_filter *f);
/* Copies value (which may be NULL to clear) into f->value[dim]; -1 on allocation failure. */
int store_filter_set(struct store_filter *f, int dim, const char *value);
int store_filter_copy(struct store_filter *dst, const struct store_filter *src);

enum store_mode {
	STORE_READ,   /* viewer: read-only, the file must exist and be an opdeck database */
	STORE_WRITE,  /* writer: the file must exist and be an opdeck database */
	STORE_CREATE  /* init/sample: the file must not exist or be empty; creates the schema */
};

/* Opens path; on failure returns NULL and writes "what is wrong" (naming the file) to err. */
struct store *store_open(const char *path, int mode, char *err, size_t errsz);
void store_close(struct store *s);
const char *store_error(const struct store *s);
const char *store_path(const struct store *s);

/* A meta value (schema_version, data_as_of, operation, source, ...), malloc'd, NULL if absent. */
char *store_meta(struct store *s, const char *key);

/*
 * Change detection: 1 when another connection committed since the last call
 * (PRAGMA data_version), 0 when not, -1 on error (e.g. the database is locked).
 */
int store_changed(struct store *s);

/* While set (stop not NULL), a long query calls stop(ctx) every few thousand steps and
 * gives up, failing as interrupted, when it returns 1: work done ahead of need (a
 * follower loading the slides next to the presenter's) yields to what is needed now.
 * NULL clears it. */
void store_set_interrupt(struct store *s, int (*stop)(void *ctx), void *ctx);

/* Checks that every value of the filter names something in the database:
 * "unknown agency 'XXCUS'", and that a case it names is one its other values select.
 * 0 when all are known and agree. */
int store_filter_check(struct store *s, const struct store_filter *f);

/*
 * The key of a value as a user typed it for dim (store_resolve.c): codes and the names
 * the screen shows match without regard to case, spaces or hyphens ("omd7", "OMD 7",
 * "OMD IV" -> "OMD7"; "Drugs" -> "drugs"; "th", "Thailand" -> "TH"; "Road" -> "road");
 * a week may be named by any of its days.  *key is malloc'd.  -1 when nothing matches,
 * with "unknown agency 'XXCUS' (nearest: ...)" or "(one of: ...)".
 */
int store_resolve(struct store *s, int dim, const char *value, char **key);
/* The same for a case reference (as typed, then in upper case); -1 with "no case 'X'". */
int store_resolve_case(struct store *s, const char *ref, char **key);

/* A label for one key of a dimension ("OMD7" -> "OMD 7", "VNCUS" -> "VN Customs"),
 * malloc'd; the key itself when there is nothing better. */
char *store_label(struct store *s, int dim, const char *key);
/* The short name of a value for narrow columns ("sea container" -> "sea ctr", "under
 * investigation" -> "investig."), from the vocabulary's own table; NULL when the value
 * has none (it is short already, or its dimension has no short names). */
const char *store_short_name(int dim, const char *key);

/* One group of an aggregate. */
struct store_agg_row {
	char *key;    /* owned: the filter value that selects this group */
	char *label;  /* owned: what to show */
	long long cases;
	long long arrests;
	double qty[STORE_UNIT_COUNT];
	int pos;      /* rows of a category or sub-category: the place of its top-level category
	                 among the operation's (0, 1, ...; its colour); -1 otherwise */
};
struct store_agg {
	int dim;
	int n;
	struct store_agg_row *rows; /* owned, n of them, in the dimension's natural order:
	                               phases by number, categories by position, agencies by
	                               cases descending, weeks and days by date, others by cases
	                               descending */
	struct store_agg_row total; /* over the whole filter (key "", label "total") */
};
/* Groups the cases matching f by dim.  Groups with no case are left out, except for
 * STORE_DIM_PHASE and STORE_DIM_CATEGORY, which list every phase/category. */
int store_aggregate(struct store *s, const struct store_filter *f, int dim, struct store_agg *out);
void store_agg_free(struct store_agg *a);

/* The agencies that have not reported: those taking part in f's phase (every agency when
 * f fixes no phase) with no case matching f, by name, as rows with zero counts. */
int store_silent_agencies(struct store *s, const struct store_filter *f, struct store_agg *out);

/* Cases per pair of keys of two dimensions (a matrix), keys as store_aggregate gives
 * them; pairs without a case are left out, in no particular order. */
struct store_pair {
	char *row, *col; /* owned: keys of dim and dim2 */
	long long cases;
};
struct store_pairs {
	int n;
	struct store_pair *pairs; /* owned */
};
int store_crosstab(struct store *s, const struct store_filter *f, int dim, int dim2, struct store_pairs *out);
void store_pairs_free(struct store_pairs *p);

/* A phase (operation) as the Phases panel shows it. */
struct store_phase {
	char *code, *name;          /* owned: "OMD7", "OMD 7" */
	int number;
	char *starts_on, *ends_on;  /* owned: ISO dates */
	char *period;               /* owned: the period in words as published, may be "" */
	char *source;               /* owned: "published" / "synthetic: ..." */
	char *published;            /* owned: the figures that are published with their values,
	                               "cases=1155,drugs=1027,...,drugs.kg=11800" (store_figure.c);
	                               NULL when the figures are the data's own (nothing to mark) */
	int agencies;               /* participations */
};
int store_phases(struct store *s, struct store_phase **out, int *n);
void store_phases_free(struct store_phase *p, int n);

/*
 * Is a figure on the screen a published one (store_figure.c)?  measure is "cases",
 * "arrests", "agencies", a unit name ("kg") or a top-level category code (its cases,
 * as the Phases table shows them); f the filter it was counted under (NULL:
 * the whole phase p); value what the data hold now.  STORE_FIGURE_DATA: p->published is
 * NULL, the figures are the data's own (real returns), nothing to mark;
 * STORE_FIGURE_PUBLISHED: published, and the data still hold the published value;
 * STORE_FIGURE_INVENTED: anything else (not published, changed since by an import, or
 * counted under a filter narrower than a phase and a category): mark it "~".
 */
enum { STORE_FIGURE_DATA, STORE_FIGURE_PUBLISHED, STORE_FIGURE_INVENTED };
int store_figure_state(const struct store_phase *p, const struct store_filter *f, const char *measure,
                       double value);

struct store_seizure {
	char *commodity; /* owned */
	double quantity;
	int unit;        /* enum store_unit */
};

/* A case with everything the case screen shows. */
struct store_case {
	long long id;
	char *ref;                          /* owned, all strings below too */
	char *phase, *phase_name;           /* "OMD7", "OMD 7" */
	char *agency, *agency_short, *agency_name, *agency_country;
	char *category, *category_name;     /* "wildlife", "Wildlife" */
	char *subcategory, *subcategory_name;
	char *detected_on, *location, *country, *transport;
	char *departure, *transit, *destination, *detection, *concealment, *status, *summary;
	long long arrests;
	int category_pos;                   /* the category's place among the top-level ones (0, 1, ...) */
	double qty[STORE_UNIT_COUNT];       /* totals over its seizures per unit (enum store_unit) */
	int nseizures;
	struct store_seizure *seizures;     /* owned, largest first */
};
void store_case_free(struct store_case *c);

/* Sort orders of case lists; all are total (ties broken by id) so paging is stable.
 * LARGEST: the most seized by weight (kg) first, cases without a seizure by weight last
 * ("major seizures" slides). */
enum store_order { STORE_ORDER_NEWEST, STORE_ORDER_OLDEST, STORE_ORDER_REF, STORE_ORDER_LARGEST,
                   STORE_ORDER_COUNT };
const char *store_order_name(int order);

/* Where a page of a case list starts: after the case with this sort key (keyset paging). */
struct store_cursor {
	int valid;          /* 0: from the start */
	char key[64];       /* detected_on or ref of the last case of the previous page */
	long long id;
};
struct store_case_page {
	int n;
	struct store_case *cases; /* owned */
	int more;                 /* 1 when a further page exists */
	struct store_cursor next; /* pass to get the following page */
};
int store_cases(struct store *s, const struct store_filter *f, int order,
                const struct store_cursor *after, int limit, struct store_case_page *out);
void store_case_page_free(struct store_case_page *p);
/*
 * The page of the list that ends just before the case `before` (NULL or not valid: the
 * last page), in the list's own order: End, and moving up from there.  more is 1 when
 * earlier cases exist; next is the cursor of its last case (store_cases goes on from it).
 */
int store_cases_before(struct store *s, const struct store_filter *f, int order,
                       const struct store_cursor *before, int limit, struct store_case_page *out);
/* The cursor that a list in this order keeps for case c (to page on from it either way). */
void store_cursor_of(const struct store_case *c, int order, struct store_cursor *out);

/* One case by reference, with its seizures; -1 with "no case 'X'" when absent. */
int store_case_get(struct store *s, const char *ref, struct store_case *out);

/* Data commands (writers). */
/* Builds the bundled sample (ncases == 0) or ncases synthetic cases from seed. */
int store_sample(struct store *s, long long ncases, unsigned long seed);
/*
 * Imports a CSV file, all rows or none.  Every problem is written to errs as
 * "FILE:ROW:COLUMN: reason" (ROW counts records, the header being row 1); returns the
 * number of cases imported, or -1 (with nothing written to the database).
 */
long long store_import_csv(struct store *s, const char *csv_path, FILE *errs);

/*
 * The operation's reference data from an operation file (struct op, operation.h):
 * adds and updates phases, agencies, participations and categories (matched by code)
 * and removes what the description no longer names, all or nothing.  Removing anything
 * cases refer to (a phase, an agency, an agency's phase, a category), moving a category
 * that cases use, or shortening a phase's period past its cases is refused: each
 * refusal is written to errs as one line naming how many cases and the first refs, and
 * the database is left as it was (-1).
 */
struct op;
int store_define(struct store *s, const struct op *o, FILE *errs);
/* The database's operation as a struct op (free with operation_free); -1 with the reason
 * when the database describes no operation. */
int store_describe(struct store *s, struct op *out);

/*
 * A writer for demos, tests and the soak: adds plausible cases of the latest phase at
 * rate per second for seconds (the sample's generator, from seed), each in its own
 * transaction, and now and then corrects one (status, arrests) or deletes one, as
 * agencies' returns would.  Counts what it did in the result; -1 on a store error.
 */
struct store_sim_result {
	long long added, corrected, deleted;
};
int store_simulate(struct store *s, double rate, double seconds, unsigned long seed,
                   struct store_sim_result *out);

enum store_format { STORE_FORMAT_CSV, STORE_FORMAT_JSON };
/* Writes the cases matching f (with their seizures) to out. */
int store_export(struct store *s, const struct store_filter *f, int format, FILE *out);
/* The same in a case list's order (enum store_order; -1: by reference, as store_export),
 * for an export that lists the cases as the screen does. */
int store_export_ordered(struct store *s, const struct store_filter *f, int format, int order, FILE *out);

#endif
