/*
 * The bundled Operation Mekong Dragon sample: its operation file (embedded) and what the
 * generator needs beyond it (store_sample_data.c), read by store_sample*.c only.  Tables
 * are const and compiled in; nothing is owned.
 */
#ifndef OPDECK_STORE_SAMPLE_DATA_H
#define OPDECK_STORE_SAMPLE_DATA_H

#include <stddef.h>

/* Classes of sub-categories, for quantity targets and routes. */
enum { SC_DRUG = 1, SC_PRECURSOR = 2, SC_FAUNA = 4, SC_FLORA = 8 };

/* The exact case counts of the bundled sample per phase (matched by code) and top-level
 * category (in the operation file's order: drugs, precursors, wildlife). */
struct sd_operation {
	const char *code;
	int cases[3];
};

/* How often an agency of the operation file reports. */
struct sd_agency {
	const char *code;
	int weight;                /* relative number of cases it reports; 0 for international bodies */
};

/* A sub-category of the operation file: how its seizures are invented (the unit they
 * are counted in is the operation file's). */
struct sd_category {
	const char *code;
	int cls;                   /* SC_* */
	double lo, hi;             /* usual range of one seizure */
	int weight;                /* relative frequency within its category */
	const char *commodity[2];
};

struct sd_location {
	const char *country, *name;
	char kind;                 /* A airport, S seaport, R road border, P post, C courier hub, L rail */
};

/* A published (or, where marked, synthetic "about") total the quantities are scaled to. */
struct sd_target {
	const char *phase;         /* phase code */
	int classes;               /* SC_* mask */
	const char *unit;
	double total, quantum;     /* quantities are whole multiples of quantum summing to total */
};

extern const struct sd_operation sd_operations[];
extern const int sd_noperations;
extern const struct sd_agency sd_agencies[];
extern const int sd_nagencies;
extern const struct sd_category sd_categories[];
extern const int sd_ncategories;
extern const struct sd_location sd_locations[];
extern const int sd_nlocations;
extern const struct sd_target sd_targets[];
extern const int sd_ntargets;

/* Phrase lists by class, NULL-terminated; concealments start with "KINDS:" (see the .c). */
extern const char *const sd_conceal_drug[], *const sd_conceal_precursor[],
	*const sd_conceal_fauna[], *const sd_conceal_flora[];
extern const char *const sd_from_drug[], *const sd_from_precursor[],
	*const sd_from_fauna[], *const sd_from_flora[];
extern const char *const sd_to_drug[], *const sd_to_precursor[],
	*const sd_to_fauna[], *const sd_to_flora[];

struct sd_neighbours {
	const char *home;
	const char *n[6];          /* NULL-terminated */
};
extern const struct sd_neighbours sd_neighbours[]; /* ends with home == NULL */


#endif
