/*
 * store_cols_search: a search's cases in the column store (private to store_cols*.c).
 *
 * A search is answered from the arrays like any filter, restricted to its match set: the
 * ids of the cases the index finds (one FTS5 query per search, store_search.h), a bit
 * per case id.  The set is made in the read transaction that brings the arrays in step,
 * so both see the same cases; afterwards the change log keeps it: for each logged case
 * (store_cols.c calls cols_search_case between taking the old case away from the cached
 * answers and adding the new one), the case's text as it is now is matched against each
 * search held with the index's own tokenizer (unicode61, diacritics removed: the very
 * words the index holds), so a refresh costs the cases that changed, not a query again.
 */
#ifndef OPDECK_STORE_COLS_SEARCH_H
#define OPDECK_STORE_COLS_SEARCH_H

#include <stdint.h>

#include "store_cols.h"

struct cols_match {
	uint64_t *bits;       /* bit id: the case matches */
	uint32_t nbits;       /* ids 0 .. nbits - 1 have a bit; none above matches */
};

static inline int cols_match_has(const struct cols_match *m, uint32_t id)
{
	return id < m->nbits && (m->bits[id >> 6] >> (id & 63) & 1);
}

struct cfilt;
/* Restricts cf to the cases search text finds (cf->m; *found of them): 1, 0 the arrays
 * do not answer it (no index; ids too large for a bitmap), -1 error recorded.  The set
 * is read in step with the arrays (whatever phases they hold: it is by id) and lives
 * until cols_search_free (the cache's clearing). */
int cols_search_filter(struct store *s, const char *text, struct cfilt *cf, long long *found);
/* A search finding at most this many cases is answered by SQL through the index when
 * the arrays would have to load phases for it (they hold other cases: into empty arrays
 * a search without a phase or a day loads just its own, store_cols_part.c): a rare word
 * costs a few milliseconds there, where loading every phase of a million cases takes
 * tens.  Not more: each SQL
 * question reads its cases by id again after every change (measured at 10k cases, a
 * refresh of a search finding 120 cases: 3.3 ms by SQL; 983 cases: 8.3 ms). */
#define COLS_SEARCH_SQL_MAX 100
/* Case id was logged as changed: each search held, and the partial arrays' (cols.part_set),
 * learns whether it matches now.  0, 1 the partial arrays cannot follow it (an id
 * without a bit: they are to be loaded again), or -1 error recorded. */
int cols_search_case(struct store *s, struct cols *c, int64_t id);
/* The partial arrays' search (store_cols.h: a screen without a phase or a day): their
 * own copy of text's match set (the one held, else read in the caller's transaction,
 * which brought the arrays in step), kept by the log like the others until the arrays
 * go (cols_search_part_drop), whatever becomes of the cache.  1, 0 the arrays cannot
 * answer the search, -1 error recorded. */
int cols_search_part_take(struct store *s, struct cols *c, const char *text);
void cols_search_part_drop(struct cols *c);
const struct cols_match *cols_search_part_match(const struct cols *c); /* NULL: none */
const char *cols_search_part_text(const struct cols *c);              /* NULL: none */
long long cols_search_part_found(const struct cols *c);               /* its cases; 0 none */
/* Every search held, with the tokenizer and statement behind them. */
void cols_search_free(struct cols *c);

#endif
