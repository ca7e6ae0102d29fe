/*
 * store_cols: the cases' dimension codes in memory, for viewers (private to the store).
 *
 * A 16-byte record of codes per case and its quantity beside: 24 bytes a case (records
 * rather than a column per field: a screen reads a few fields of the cases a filter
 * selects, one cache line each instead of ten).  The slots are grouped by phase, by case
 * id within a phase, and a viewer loads a phase only when a question needs it: a screen
 * whose filter fixes the phase (every drill screen under a phase) loads and scans that
 * phase's cases alone, a sixth of a million-case sample for OMD 7; a screen without a
 * phase or a day but with other values or a search holds only the cases matching them,
 * of every phase (store_cols_part.c), and only a question with none of these loads them all.
 * The cases come from the snapshot that writers keep in the database (table
 * case_cols: one row per phase and 4,096 case ids) and are kept in
 * step by the change log (table case_log, filled by triggers on cases, so writes by a
 * plain sqlite3 shell are seen too): only the cases logged since the last look are read
 * again.  Aggregates, matrices and case lists under any filter but a search are scans
 * of these arrays (store_cols_query.c), cached per filter and updated by the change
 * itself, so a refresh costs what changed, not what the database holds.
 *
 * Anything the arrays cannot hold (an id above 2^32, a date before 1970, more than 254
 * phases, categories or agencies, 65,535 arrests) turns the store back to the SQL
 * queries: the column store is an accelerator, never the only way to an answer.
 */
#ifndef OPDECK_STORE_COLS_H
#define OPDECK_STORE_COLS_H

#include <stdint.h>

#include "store_internal.h"

#define COLS_DEAD 255       /* op of a deleted slot */
#define COLS_NONE 6         /* unit: no quantity */
#define COLS_EXTRA 0x80     /* unit flag: further units in cols.multi (the first is in q) */
#define COLS_UNIT(u) ((u) & 7)
#define COLS_CHUNK_SHIFT 12 /* 4,096 case ids per snapshot chunk */
#define COLS_PHASE_SHIFT 20 /* a chunk's key: phase << 20 | id >> 12 */
#define COLS_ALL (-1)       /* cols_load: every phase */
#define COLS_NOTHING (-2)   /* cols_load: in step only */
#define COLS_WINDOW (-3)    /* cols_load: the phases with cases in days ask_lo .. ask_hi */
#define COLS_PARTIAL (-4)   /* cols_load: of every phase, the cases matching ask_pf and ask_q (or more) */
#define COLS_CHUNK_MAGIC 0x4F444335u /* "ODC5" in the byte order of the machine that wrote it */
#define COLS_FORMAT 5               /* meta.cols_format: the snapshot's layout (store_cols_write.c) */

/* One case as the arrays hold it. */
struct cols_row {
	uint32_t id;
	uint8_t op, cat, sub, ag;
	uint16_t cty;       /* (c0 - 'A') * 26 + (c1 - 'A') */
	uint8_t ts;         /* transport << 4 | status */
	uint16_t day;       /* days since 1970-01-01 */
	uint16_t arr;
	uint8_t unit;       /* enum store_unit or COLS_NONE, | COLS_EXTRA */
	double q;           /* the quantity of unit */
	double qall[STORE_UNIT_COUNT];
};

/* A slot: the codes of one case, 16 bytes (its quantity is in cols.q beside). */
struct cols_rec {
	uint32_t id;
	uint8_t op, cat, sub, ag;
	uint16_t cty, day, arr;
	uint8_t ts, unit;
};
_Static_assert(sizeof(struct cols_rec) == 16, "cols_rec is packed by hand");

/* A case's quantity in a unit after its first (a case seizing kg and tablets); sorted by
 * id, phase, unit.  The phase tells apart a case's entries from those of its stale copy
 * in a phase being loaded (the snapshot's, until the log replaces it). */
struct cols_multi {
	uint32_t id;
	uint8_t unit, op;
	double q;
};

struct cols_ref {           /* a row of operations, categories or agencies by id */
	char *code, *name;
	long long order;        /* phase number, category position */
	int parent;             /* categories: parent id, 0 for a top-level one */
	int present;
};

struct cols_entry;
struct cols_sel;
struct cols_search;
struct cols_set;

struct cols {
	int state;              /* COLS_UNLOADED, COLS_READY, COLS_SQL */
	uint32_t n, cap;        /* slots */
	struct cols_rec *r;       /* n slots: by phase, by id within a phase */
	double *q;                /* the quantity of each slot's unit */
	uint32_t part[257];       /* phase p's slots: part[p] .. part[p + 1] - 1 */
	unsigned char loaded[256]; /* the phases the slots hold (their every case) */
	int loaded_all;
	/* Days win_lo .. win_hi (none when win_lo > win_hi): every case of those days is in a
	 * phase held, so a question without a phase, or of a phase not held, but within
	 * those days (a week, a day) needs no other phase.  A logged case of another phase
	 * landing in them breaks it (win_broken): the window and those answers are dropped. */
	int win_lo, win_hi, win_broken;
	int ask_lo, ask_hi;       /* cols_load(COLS_WINDOW)'s days */
	/* A screen with neither a phase nor a day (a transport mode and a status, say) asks
	 * about every phase, but only about the cases matching its values: the arrays then
	 * hold those alone (part_on), of every phase, and no phase whole (loaded[] all 0).
	 * pf: the codes matched, as a cfilt's v[] (v[0], the phase, always -1; -1 any).
	 * A search on such a screen (or alone) narrows them further to its match set: the
	 * partial arrays' own copy of it (store_cols_search.c), NULL without a search. */
	int part_on, pf[7], ask_pf[7];
	struct cols_set *part_set;
	const char *ask_q;        /* cols_load(COLS_PARTIAL)'s search, NULL none (the caller's) */
	struct cols_multi *multi; /* sorted by id, then unit */
	uint32_t nmulti, capmulti;
	int dmin, dmax;           /* days of the cases seen (a range, never shrinks) */
	long long seen;           /* last case_log seq applied */
	long long data_version;
	sqlite3_stmt *dv;         /* PRAGMA data_version, kept prepared */
	struct cols_ref ops[256], cats[256], ags[256];
	int refmax[3];            /* ops, cats, ags: the highest id present + 1 */
	struct cols_entry *cache; /* owned list (store_cols_query.c) */
	struct cols_sel *sels;    /* owned list: the slots each recent filter selects */
	struct cols_search *search; /* owned: the searches' match sets (store_cols_search.c) */
	unsigned long tick;
};
enum { COLS_UNLOADED, COLS_READY, COLS_SQL };

/* store_cols_ref.c */
extern const char cols_rows_sql[]; /* SELECT ... FROM cases: the columns cols_row_read reads */
int cols_row_read(sqlite3_stmt *st, struct cols_row *r); /* -1 when the arrays cannot hold it */
long long cols_query_ll(struct store *s, const char *sql, long long dflt, int *err); /* *err = 1 on error */
int cols_refs_load(struct store *s, struct cols *c); /* 1, 0 an id the arrays cannot hold, -1 error */
void cols_refs_free(struct cols *c);
const char *cols_transport_name(int t);
const char *cols_status_name(int st);
int cols_country_code(const char *s); /* -1 when not two capitals */

/* Whether a case's codes match the values pf fixes (cols.pf). */
static inline int cols_pf_match(const int *pf, int cat, int sub, int ag, int cty, int ts)
{
	return (pf[1] < 0 || cat == pf[1]) && (pf[2] < 0 || sub == pf[2]) && (pf[3] < 0 || ag == pf[3]) &&
	       (pf[4] < 0 || cty == pf[4]) && (pf[5] < 0 || ts >> 4 == pf[5]) && (pf[6] < 0 || (ts & 15) == pf[6]);
}

/* store_cols.c */
int cols_ready(struct store *s);   /* 1 when the arrays answer (in step), 0 not, -1 error */
/* In step, and holding phase (an id; COLS_ALL every phase; COLS_WINDOW the phases with
 * cases in days c->ask_lo .. c->ask_hi; COLS_PARTIAL every case matching c->ask_pf and
 * the search c->ask_q;
 * COLS_NOTHING none more): 1, 0 the arrays do not answer, -1 error. */
int cols_load(struct store *s, int phase);
int cols_needs(const struct cols *c, int want); /* whether cols_load(want) would read cases */
int cols_holds(const struct cols *c);           /* whether the arrays hold any case (a phase, a part) */
void cols_free(struct cols *c);
int cols_find(const struct cols *c, uint32_t id); /* the live slot of a case, or -1 */
int cols_grow(struct cols *c, uint32_t cap);             /* room for cap slots; -1 out of memory */
/* store_cols_multi.c: a case's further units in cols.multi */
int cols_multi_reserve(struct cols *c, uint32_t add);    /* room for add more; -1 out of memory */
void cols_multi_drop(struct cols *c, uint32_t id, int op);      /* the case's entries taken away */
int cols_multi_put(struct cols *c, const struct cols_row *r);   /* r's in place of what it had; -1 oom */
/* cols.multi sorted again after runs were appended, each sorted (run[0] 0); -1 out of memory. */
int cols_multi_merge(struct cols *c, const uint32_t *run, int nrun);
/* store_cols_part.c: into empty arrays, the snapshot's cases of every phase that match
 * c->pf and c->part_set's search when there is one (the state of meta.cols_seq); 1 ok,
 * 0 not usable (another layout), -1 error. */
int cols_part_scan(struct store *s, struct cols *c);
/* store_cols_write.c: one snapshot chunk's blob b (len bytes; phase p, id range k) into
 * its n records and quantities and m further units (n and m as its row says), or only
 * those of the cases matching pf (NULL: every one) and, with pf, whose bit is set in
 * mask (NULL: any; bit j the id k << 12 | j), *nout and *mout of them; *dmin and *dmax
 * widened to their days.  0 ok, 1 not a chunk of this layout. */
int cols_chunk_decode(const unsigned char *b, size_t len, int p, uint32_t k, uint32_t n, uint32_t m, const int *pf,
                      const uint64_t *mask, struct cols_rec *r, double *q, struct cols_multi *multi, uint32_t *nout,
                      uint32_t *mout, int *dmin, int *dmax);

/* store_cols_query.c: the cache of results updated by one case's change. */
void cols_cache_delta(struct cols *c, int slot, int sign); /* sign -1 takes away, +1 adds */
void cols_cache_clear(struct cols *c);
void cols_answers_clear(struct cols *c); /* the same, the searches' match sets kept */
/* The answers and selections that relied on the window: those without a phase or of a
 * phase not held. */
void cols_cache_drop_windowed(struct cols *c);
void cols_sels_stale(struct cols *c); /* slots moved: every selection is recomputed */
uint32_t cols_multi_pos(const struct cols *c, uint32_t id, int op); /* first entry >= (id, op) */

#endif
