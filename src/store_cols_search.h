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
/* Restricts cf to the cases search text finds (cf->m): 1, 0 the arrays do not answer it
 * (no index; ids too large for a bitmap), -1 error recorded.  Called with the arrays
 * loaded for cf; the set lives until cols_search_free (the cache's clearing). */
int cols_search_filter(struct store *s, const char *text, struct cfilt *cf);
/* Case id was logged as changed: each search held learns whether it matches now.  0, or
 * -1 error recorded. */
int cols_search_case(struct store *s, struct cols *c, int64_t id);
/* Every search held, with the tokenizer and statement behind them. */
void cols_search_free(struct cols *c);

#endif
