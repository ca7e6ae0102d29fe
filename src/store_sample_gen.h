/*
 * The sample's case generator, shared by store_sample.c (binds it to the operation file
 * and the database, writes its cases) and store_sample_cases.c (draws each case: its
 * commodities, quantities, place, transport and route, within the plausibility rules).
 * Internal to the store; the generator's tables are in store_sample_data.h.
 */
#ifndef OPDECK_STORE_SAMPLE_GEN_H
#define OPDECK_STORE_SAMPLE_GEN_H

#include <stdint.h>

#include "operation.h"
#include "store_sample_data.h"

#define MAX_SEIZURES 2

struct rng { uint64_t s; };

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int rng_below(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_unit(r) * n);
}

/* An index into a cumulative weight table. */
static inline int pick_cum(struct rng *r, const double *cum, int n)
{
	double x = rng_unit(r) * cum[n - 1];
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct phase_gen {
	long first, ndays;
	double *day_cum;            /* owned: ndays cumulative weights (ramp up, peak mid-phase) */
	int nag;
	int ag[64];                 /* participating agencies with cases (weight > 0) */
	double ag_cum[64];
	int npart;
	int part[64];               /* every participating agency */
};

/*
 * The generator works in the index spaces of its own tables (sd_operations, sd_agencies,
 * sd_categories); the operation file gives each entry its dates, country, unit, parent
 * and participations (matched by code), and the database its id.
 */
struct gen {
	struct rng rng;
	const struct op *op;
	const struct op_phase *phase[16];        /* per sd_operations entry */
	const struct op_agency *agency[64];      /* per sd_agencies entry */
	const char *unit[64];                    /* per sd_categories entry: its unit */
	int top_of[64];                          /* per sd_categories entry: its top-level category 0..2 */
	const char *top_code[3];                 /* the three top-level categories' codes */
	long long phase_id[16], agency_id[64], cat_id[64], top_id[3]; /* database ids (0 without one) */
	struct op own;                           /* simulate's copy of the operation file, owned when */
	int owns_op;                             /* owns_op is set */
	struct phase_gen ph[16];
	double sub_cum[3][16];      /* per top-level category: cumulative weights of its subs */
	int subs[3][16], nsubs[3];
	int agency_locs[64][16], agency_nlocs[64];
	double phase_cum[16];       /* phases by published case count (synthetic N) */
};

struct gen_case {
	int phase, agency, cat, sub;
	long day;
	int loc;
	const char *transport, *detection, *concealment, *status;
	const char *departure, *transit, *destination;
	int arrests;
	int nsz;
	int sz_sub[MAX_SEIZURES];
	int sz_commodity[MAX_SEIZURES];
	double qty[MAX_SEIZURES];
	long seq;                   /* order of generation, breaks date ties when sorting */
};

/* store_sample_cases.c.  A case's phase, agency, date, sub-category and drawn seizures. */
void sample_gen_case(struct gen *g, int phase, int cat, struct gen_case *c);
/* The rest of a case (place, transport, route, ...), chosen for its quantities times scale. */
void sample_gen_place(struct gen *g, int phase, struct gen_case *c, double scale);
/* Rounds each quantity to a plausible precision within what the transport carries. */
void sample_fit_quantities(const struct gen *g, struct gen_case *c);
/* Whether seizure k of c counts towards target tg. */
int sample_target_matches(const struct gen *g, const struct sd_target *tg, const struct gen_case *c, int k);
/* Per target (at most 32), the factor its seizures' drawn quantities will be scaled by. */
void sample_target_scales(const struct gen *g, const struct gen_case *cs, long n, double *scale);
/* Scales the seizures of each target to whole quanta summing to its published total. */
void sample_apply_targets(const struct gen *g, struct gen_case *cs, long n);

#endif
