/*
 * store_search: the search index (private to the store's files).
 *
 * A search finds the cases whose reference, summary, place or concealment contain the
 * words typed, each at the start of a word, in order, the last one as a prefix, with
 * case and diacritics folded: an FTS5 phrase query `"w1 w2 w3"*` on cases_fts, an
 * external-content index of those four columns of cases (the table holds no copy of the
 * text, only the index).  Writers keep it: triggers on cases for every writer that runs
 * them (the sqlite3 shell included), the importer (triggers off) adds its new cases in
 * one statement, the sample rebuilds it once.  A database no writer of this version has
 * touched yet has no index: its viewers search the old way (a substring scan) until a
 * writer (`opdeck import` of any file, an empty one included) builds it.  It is derived
 * data, built whenever missing, so the schema version does not change for it.
 */
#ifndef OPDECK_STORE_SEARCH_H
#define OPDECK_STORE_SEARCH_H

#include "store_internal.h"

/* The triggers keeping cases_fts in step with cases; the sample drops them for its
 * inserts and rebuilds the index at the end (store_search_install with rebuild). */
extern const char store_search_drop_triggers[];

/* Writers, inside their transaction: creates cases_fts and its triggers when missing
 * (filling it from every case), or with rebuild set refills it.  0, or -1 recorded. */
int store_search_install(struct store *s, int rebuild);
/* The importer (its triggers off): indexes the cases with ids above after_id, or builds
 * the whole index when it is missing.  0, or -1 recorded. */
int store_search_add_new(struct store *s, sqlite3_int64 after_id);
/* 1 when cases_fts is there (searches go through it), 0 not, -1 error recorded. */
int store_search_ready(struct store *s);
/* The FTS5 query of what was typed: one phrase, the text's double quotes doubled, the
 * last word a prefix, so that nothing typed is FTS5 syntax.  Malloc'd; NULL when out of
 * memory. */
char *store_search_fts_query(const char *text);

#endif
