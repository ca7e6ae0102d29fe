/*
 * store_sample: the bundled Operation Mekong Dragon sample, or N synthetic cases.
 *
 * Deterministic: one splitmix64 stream from the seed (the bundled sample uses a fixed
 * seed), no rand(), no clock.  The bundled sample is built in memory first (a few
 * thousand cases) so that its quantities can be scaled to the published totals
 * (sd_targets) and its refs numbered by date; N synthetic cases are streamed straight
 * into the database with reused prepared statements.  Everything happens in one
 * BEGIN IMMEDIATE transaction: a failure leaves the file as it was.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_internal.h"
#include "store_sample_data.h"

#define BUNDLED_SEED 20250916u
#define MAX_SEIZURES 2

struct rng { uint64_t s; };

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_below(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rng_unit(r) * n);
}

/* An index into a cumulative weight table. */
static int pick_cum(struct rng *r, const double *cum, int n)
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

static int list_len(const char *const *l)
{
	int n = 0;
	while (l[n])
		n++;
	return n;
}

/* ---- the generator ------------------------------------------------------------------ */

struct phase_gen {
	long first, ndays;
	double *day_cum;            /* owned: ndays cumulative weights (ramp up, peak mid-phase) */
	int nag;
	int ag[64];                 /* participating agencies with cases (weight > 0) */
	double ag_cum[64];
	int npart;
	int part[64];               /* every participating agency */
};

struct gen {
	struct rng rng;
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

static int agency_index(const char *code, size_t len)
{
	for (int i = 0; i < sd_nagencies; i++)
		if (strlen(sd_agencies[i].code) == len && strncmp(sd_agencies[i].code, code, len) == 0)
			return i;
	return -1;
}

static void gen_free(struct gen *g)
{
	for (int p = 0; p < sd_noperations; p++)
		free(g->ph[p].day_cum);
}

static int gen_init(struct gen *g, uint64_t seed)
{
	memset(g, 0, sizeof *g);
	g->rng.s = seed;
	for (int p = 0; p < sd_noperations; p++) {
		const struct sd_operation *op = &sd_operations[p];
		struct phase_gen *ph = &g->ph[p];
		long last;
		if (!date_parse(op->starts_on, &ph->first) || !date_parse(op->ends_on, &last))
			return -1; /* the compiled-in dates are valid: never */
		ph->ndays = last - ph->first + 1;
		if (!(ph->day_cum = malloc((size_t)ph->ndays * sizeof *ph->day_cum)))
			return -1;
		double acc = 0;
		for (long d = 0; d < ph->ndays; d++) {
			/* Slow start as agencies brief their officers, a peak in mid-phase, a tail. */
			double t = (d + 0.5) / (double)ph->ndays;
			acc += 0.15 + pow(sin(M_PI * t), 0.8) * (1.0 - 0.3 * t);
			ph->day_cum[d] = acc;
		}
		for (const char *c = op->agencies; *c;) {
			size_t len = strcspn(c, " ");
			int a = agency_index(c, len);
			if (a >= 0 && ph->npart < 64) {
				ph->part[ph->npart++] = a;
				if (sd_agencies[a].weight > 0) {
					ph->ag[ph->nag] = a;
					ph->ag_cum[ph->nag] = (ph->nag ? ph->ag_cum[ph->nag - 1] : 0) +
					                      sd_agencies[a].weight;
					ph->nag++;
				}
			}
			c += len;
			c += strspn(c, " ");
		}
		int total = op->cases[0] + op->cases[1] + op->cases[2];
		g->phase_cum[p] = (p ? g->phase_cum[p - 1] : 0) + total;
	}
	for (int i = 0; i < sd_ncategories; i++) {
		int par = sd_categories[i].parent;
		if (par < 0 || g->nsubs[par] >= 16)
			continue;
		int n = g->nsubs[par]++;
		g->subs[par][n] = i;
		g->sub_cum[par][n] = (n ? g->sub_cum[par][n - 1] : 0) + sd_categories[i].weight;
	}
	for (int a = 0; a < sd_nagencies; a++)
		for (int l = 0; l < sd_nlocations && g->agency_nlocs[a] < 16; l++)
			if (strcmp(sd_locations[l].country, sd_agencies[a].country) == 0)
				g->agency_locs[a][g->agency_nlocs[a]++] = l;
	return 0;
}

/* A concealment that suits the transport: phrases are tagged "KINDS:phrase". */
static const char *pick_conceal(struct rng *r, const char *const *l, const char *transport)
{
	char kind = !strcmp(transport, "air passenger") ? 'p' :
	            !strcmp(transport, "sea vessel") ? 's' :
	            !strcmp(transport, "postal") || !strcmp(transport, "express courier") ? 'm' :
	            !strcmp(transport, "road") || !strcmp(transport, "rail") ? 'v' : 'c';
	int n = 0, k;
	for (int i = 0; l[i]; i++)
		n += memchr(l[i], kind, strcspn(l[i], ":")) != NULL;
	if (n == 0)
		return strchr(l[0], ':') + 1;
	k = rng_below(r, n);
	for (int i = 0; l[i]; i++)
		if (memchr(l[i], kind, strcspn(l[i], ":")) && k-- == 0)
			return strchr(l[i], ':') + 1;
	return "";
}

/* A land neighbour of country home, or NULL when none is listed. */
static const char *pick_neighbour(struct rng *r, const char *home)
{
	for (int i = 0; sd_neighbours[i].home; i++)
		if (strcmp(sd_neighbours[i].home, home) == 0)
			return sd_neighbours[i].n[rng_below(r, list_len(sd_neighbours[i].n))];
	return NULL;
}

/* No vessel sails from these. */
static int landlocked(const char *code)
{
	static const char *const l[] = { "LA", "MN", "NP", "AF", "ET", "UG", "ZM", "ZW", NULL };
	for (int i = 0; l[i]; i++)
		if (!strcmp(code, l[i]))
			return 1;
	return 0;
}

/* A code of list other than a, b and c (which may be NULL); "" when the list has none. */
static const char *pick_other2(struct rng *r, const char *const *l, const char *a, const char *b, const char *c)
{
	int n = list_len(l), ok = 0;
	for (int i = 0; i < n; i++)
		ok += (!a || strcmp(l[i], a)) && (!b || strcmp(l[i], b)) && (!c || strcmp(l[i], c));
	if (!ok)
		return "";
	int k = rng_below(r, ok);
	for (int i = 0; i < n; i++)
		if ((!a || strcmp(l[i], a)) && (!b || strcmp(l[i], b)) && (!c || strcmp(l[i], c)) && k-- == 0)
			return l[i];
	return "";
}

static const char *pick_other(struct rng *r, const char *const *l, const char *a, const char *b)
{
	return pick_other2(r, l, a, b, NULL);
}

/* "7.25 kg of heroin", "1,200 methamphetamine tablets", "12.5 m3 of rosewood logs". */
static void quantity_phrase(double q, const struct sd_category *k, int which, char *buf, size_t size);

/* A seizure's raw quantity: log-uniform over the sub-category's range, biased to small. */
static double raw_quantity(struct rng *r, const struct sd_category *c)
{
	double u = pow(rng_unit(r), 1.6);
	return exp(log(c->lo) + u * (log(c->hi) - log(c->lo)));
}

/* Rounds to a plausible precision for the unit and size. */
static double round_quantity(double q, const char *unit)
{
	double step;

	if (strcmp(unit, "kg") != 0 && strcmp(unit, "m3") != 0)
		step = 1;
	else
		step = q < 10 ? 0.01 : q < 1000 ? 0.1 : 1;
	q = floor(q / step + 0.5) * step;
	return q < step ? step : q;
}

/*
 * What one consignment can plausibly hold per transport, per unit (kg, tablets, pieces,
 * heads, m3, litres), for a whole case: a passenger's luggage or body, a parcel, a
 * courier box, an air cargo pallet load, a few containers, a vessel's hold, a truck or a
 * train.  0: never carried that way (timber in m3 by post).  Quantities are drawn and
 * scaled to the published totals within these (apply_targets), so no passenger carries
 * tonnes of pangolin scales.
 */
static const struct transport_cap {
	const char *transport;
	double cap[STORE_UNIT_COUNT];
} transport_caps[] = {
	{ "air passenger",   { 25, 20000, 150, 20, 0, 5 } },
	{ "postal",          { 5, 5000, 50, 10, 0, 2 } },
	{ "express courier", { 30, 30000, 200, 20, 0, 20 } },
	{ "air cargo",       { 2500, 2000000, 5000, 1500, 4, 2000 } },
	{ "sea container",   { 80000, 5000000, 20000, 3000, 300, 60000 } },
	{ "sea vessel",      { 120000, 5000000, 20000, 5000, 600, 120000 } },
	{ "road",            { 30000, 5000000, 10000, 2000, 45, 30000 } },
	{ "rail",            { 60000, 5000000, 20000, 3000, 150, 60000 } },
};

static double transport_cap(const char *transport, const char *unit)
{
	int u = store_unit_parse(unit);
	for (size_t i = 0; u >= 0 && i < sizeof transport_caps / sizeof transport_caps[0]; i++)
		if (strcmp(transport_caps[i].transport, transport) == 0)
			return transport_caps[i].cap[u];
	return 1e12;
}

/* The transports a place of detection of this kind sees, with their shares. */
static const struct { char kind; const char *t[3]; double share[3]; } kind_transports[] = {
	{ 'A', { "air passenger", "air cargo", "express courier" }, { 0.55, 0.30, 0.15 } },
	{ 'S', { "sea container", "sea vessel", NULL }, { 0.85, 0.15, 0 } },
	{ 'R', { "road", NULL, NULL }, { 1, 0, 0 } },
	{ 'L', { "rail", NULL, NULL }, { 1, 0, 0 } },
	{ 'P', { "postal", NULL, NULL }, { 1, 0, 0 } },
	{ 'C', { "express courier", NULL, NULL }, { 1, 0, 0 } },
};

/* A transport of kind that can carry need (of unit) in one consignment, by the kind's
 * shares; NULL when none can. */
static const char *pick_transport(struct rng *r, char kind, const char *unit, double need)
{
	for (size_t i = 0; i < sizeof kind_transports / sizeof kind_transports[0]; i++) {
		if (kind_transports[i].kind != kind)
			continue;
		double total = 0;
		for (int k = 0; k < 3 && kind_transports[i].t[k]; k++)
			if (transport_cap(kind_transports[i].t[k], unit) >= need)
				total += kind_transports[i].share[k];
		if (total <= 0)
			return NULL;
		double x = rng_unit(r) * total;
		for (int k = 0; k < 3 && kind_transports[i].t[k]; k++)
			if (transport_cap(kind_transports[i].t[k], unit) >= need && (x -= kind_transports[i].share[k]) < 0)
				return kind_transports[i].t[k];
		for (int k = 2; k >= 0; k--) /* rounding: the last that fits */
			if (kind_transports[i].t[k] && transport_cap(kind_transports[i].t[k], unit) >= need)
				return kind_transports[i].t[k];
	}
	return NULL;
}

/* A second commodity for a case of sub-category sub: of the same class and unit (a
 * pangolin case does not count orchids, a cannabis case no tablets), or the other form of
 * methamphetamine; -1 when there is none. */
static int pick_second(struct gen *g, int cat, int sub)
{
	struct rng *r = &g->rng;
	const struct sd_category *a = &sd_categories[sub];
	double cum[16], acc = 0;
	int cand[16], n = 0;
	for (int i = 0; i < g->nsubs[cat]; i++) {
		const struct sd_category *b = &sd_categories[g->subs[cat][i]];
		int meth = strstr(a->code, "meth") && strstr(b->code, "meth");
		if (b->cls != a->cls || (strcmp(b->unit, a->unit) != 0 && !meth))
			continue;
		acc += b->weight;
		cum[n] = acc;
		cand[n++] = g->subs[cat][i];
	}
	return n ? cand[pick_cum(r, cum, n)] : -1;
}

/* A case's phase, agency, date, sub-category and seizures with their drawn quantities
 * (gen_place does the rest). */
static void gen_case(struct gen *g, int phase, int cat, struct gen_case *c)
{
	struct rng *r = &g->rng;
	struct phase_gen *ph = &g->ph[phase];

	memset(c, 0, sizeof *c);
	c->phase = phase;
	c->cat = cat;
	c->agency = ph->ag[pick_cum(r, ph->ag_cum, ph->nag)];
	c->day = ph->first + pick_cum(r, ph->day_cum, (int)ph->ndays);
	c->sub = g->subs[cat][pick_cum(r, g->sub_cum[cat], g->nsubs[cat])];
	c->nsz = rng_unit(r) < 0.2 ? 2 : 1;
	c->sz_sub[0] = c->sub;
	if (c->nsz == 2 && (c->sz_sub[1] = pick_second(g, cat, c->sub)) < 0)
		c->nsz = 1;
	for (int i = 0; i < c->nsz; i++) {
		const struct sd_category *k = &sd_categories[c->sz_sub[i]];
		c->sz_commodity[i] = rng_below(r, 2);
		c->qty[i] = raw_quantity(r, k) * (i ? 0.3 : 1);
		if (c->qty[i] < k->lo)
			c->qty[i] = k->lo;
	}
	/* The case is named after its main seizure: a second one of the same unit is smaller. */
	if (c->nsz == 2 && !strcmp(sd_categories[c->sz_sub[1]].unit, sd_categories[c->sz_sub[0]].unit) &&
	    c->qty[1] > 0.5 * c->qty[0])
		c->qty[1] = 0.5 * c->qty[0];
}

/*
 * The rest of a case: place, transport, route, detection, concealment, arrests, status.
 * scale is what its quantities will be multiplied by to meet a published total
 * (target_scales; 1 when none), so that the place and transport are chosen for the
 * final quantity: a place of the agency where a transport can carry it (bulk timber goes
 * to ports and border crossings, not to airport arrival halls); when none can, the
 * quantity shrinks to what its places can take.
 */
static void gen_place(struct gen *g, int phase, struct gen_case *c, double scale)
{
	struct rng *r = &g->rng;
	const struct sd_category *main_k = &sd_categories[c->sub];
	int nl = g->agency_nlocs[c->agency], fit[16], nfit = 0;
	double need = c->qty[0] + (c->nsz == 2 && !strcmp(sd_categories[c->sz_sub[1]].unit, main_k->unit) ? c->qty[1] : 0);
	need *= scale;
	for (int i = 0; i < nl; i++) {
		int l = g->agency_locs[c->agency][i];
		struct rng probe = *r; /* only asks whether some transport fits */
		if (pick_transport(&probe, sd_locations[l].kind, main_k->unit, need))
			fit[nfit++] = l;
	}
	if (nfit) {
		c->loc = fit[rng_below(r, nfit)];
		c->transport = pick_transport(r, sd_locations[c->loc].kind, main_k->unit, need);
	} else {
		c->loc = nl ? g->agency_locs[c->agency][rng_below(r, nl)] : -1;
		char kind = c->loc >= 0 ? sd_locations[c->loc].kind : 'A';
		c->transport = pick_transport(r, kind, main_k->unit, 1e-9);
		if (!c->transport)
			c->transport = kind == 'A' ? "air cargo" : "road";
		for (int i = 0; i < c->nsz; i++) {
			double cap = transport_cap(c->transport, sd_categories[c->sz_sub[i]].unit) / c->nsz;
			if (c->qty[i] > cap)
				c->qty[i] = cap;
		}
	}
	int cls = sd_categories[c->sub].cls;
	const char *const *from = cls == SC_DRUG ? sd_from_drug : cls == SC_PRECURSOR ? sd_from_precursor :
	                          cls == SC_FAUNA ? sd_from_fauna : sd_from_flora;
	const char *const *to = cls == SC_DRUG ? sd_to_drug : cls == SC_PRECURSOR ? sd_to_precursor :
	                        cls == SC_FAUNA ? sd_to_fauna : sd_to_flora;
	const char *const *conceal = cls == SC_DRUG ? sd_conceal_drug : cls == SC_PRECURSOR ? sd_conceal_precursor :
	                             cls == SC_FAUNA ? sd_conceal_fauna : sd_conceal_flora;
	const char *home = sd_agencies[c->agency].country;
	int land = !strcmp(c->transport, "road") || !strcmp(c->transport, "rail");
	int vessel = !strcmp(c->transport, "sea vessel"); /* coastal and regional, like trucks */
	int sea = vessel || !strcmp(c->transport, "sea container");
	const char *near = land || vessel ? pick_neighbour(r, home) : NULL;
	for (int i = 0; vessel && near && landlocked(near) && i < 8; i++)
		near = pick_neighbour(r, home);
	if (vessel && near && landlocked(near))
		near = NULL;
	double u = rng_unit(r);
	c->transit = "";
	if (!land && !vessel && u < 0.12) {
		/* Stopped passing through: home is the transit, both ends are elsewhere. */
		c->departure = pick_other(r, from, home, NULL);
		for (int i = 0; sea && landlocked(c->departure) && i < 16; i++)
			c->departure = pick_other(r, from, home, NULL);
		c->destination = pick_other(r, to, home, c->departure);
		for (int i = 0; sea && landlocked(c->destination) && i < 16; i++)
			c->destination = pick_other(r, to, home, c->departure);
		if (c->departure[0] && c->destination[0])
			c->transit = home;
		else
			c->departure = home, c->destination = pick_other(r, to, home, NULL);
	} else if (u < 0.65) {  /* inbound: stopped on arrival */
		c->destination = home;
		c->departure = near ? near : pick_other(r, from, home, NULL);
		for (int i = 0; sea && landlocked(c->departure) && i < 16; i++)
			c->departure = pick_other(r, from, home, NULL);
	} else {                /* outbound */
		c->departure = home;
		c->destination = near ? near : pick_other(r, to, home, NULL);
		for (int i = 0; sea && landlocked(c->destination) && i < 16; i++)
			c->destination = pick_other(r, to, home, NULL);
	}
	/* A stop on the way, for air and sea routes with both ends known: a regional hub. */
	static const char *const hubs[] = { "SG", "HK", "MY", "KR", "AE", NULL };
	if (!c->transit[0] && !land && !vessel && c->departure[0] && c->destination[0] && rng_unit(r) < 0.3)
		c->transit = pick_other2(r, hubs, home, c->departure, c->destination);
	u = rng_unit(r);
	c->detection = u < 0.35 ? "risk profiling" : u < 0.6 ? "intelligence" : u < 0.85 ? "x-ray" :
	               u < 0.93 ? "detector dog" : "random check";
	c->concealment = pick_conceal(r, conceal, c->transport);
	u = rng_unit(r);
	int post = !strcmp(c->transport, "postal") || !strcmp(c->transport, "express courier");
	c->arrests = post ? (u < 0.7 ? 0 : 1) : u < 0.3 ? 0 : u < 0.65 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
	/* Older phases have mostly reached court; the latest is still being worked. */
	u = rng_unit(r);
	if (phase == sd_noperations - 1)
		c->status = u < 0.35 ? "open" : u < 0.75 ? "under investigation" : u < 0.9 ? "prosecuted" : "closed";
	else
		c->status = u < 0.03 ? "open" : u < 0.15 ? "under investigation" : u < 0.55 ? "prosecuted" : "closed";
}

/* What seizure k of case c may hold: its transport's capacity for the unit, shared among
 * the case's seizures of that unit. */
static double seizure_cap(const struct gen_case *c, int k)
{
	const char *unit = sd_categories[c->sz_sub[k]].unit;
	int same = 0;
	for (int i = 0; i < c->nsz; i++)
		same += !strcmp(sd_categories[c->sz_sub[i]].unit, unit);
	return transport_cap(c->transport, unit) / (same ? same : 1);
}

static int target_matches(const struct sd_target *tg, const struct gen_case *c, int k)
{
	const struct sd_category *sc = &sd_categories[c->sz_sub[k]];
	return c->phase == tg->phase && (sc->cls & tg->classes) && !strcmp(sc->unit, tg->unit);
}

/* Rounds each quantity to a plausible precision within what the transport carries. */
static void fit_quantities(struct gen_case *c)
{
	for (int k = 0; k < c->nsz; k++) {
		const char *unit = sd_categories[c->sz_sub[k]].unit;
		double cap = seizure_cap(c, k);
		c->qty[k] = round_quantity(c->qty[k] > cap ? cap : c->qty[k], unit);
		if (c->qty[k] > cap) /* rounding up past the cap: the step below it */
			c->qty[k] = round_quantity(cap * 0.99, unit);
	}
}

/* Per target, the factor its seizures' drawn quantities will be scaled by. */
static void target_scales(const struct gen_case *cs, long n, double *scale)
{
	for (int t = 0; t < sd_ntargets && t < 32; t++) {
		double raw = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (target_matches(&sd_targets[t], &cs[i], k))
					raw += cs[i].qty[k];
		scale[t] = raw > 0 ? sd_targets[t].total / raw : 1;
	}
}

/*
 * Scales the quantities of each target's seizures to whole quanta summing to its total,
 * leaving every other quantity rounded to a plausible precision.  Each matching seizure
 * gets at least one quantum and at most what its transport carries; the rest is shared
 * by weight among those below their cap, again and again as caps fill (so the bulk goes
 * to containers and trucks, not to passengers), and the last quanta go one by one in
 * generation order.  Deterministic, no sort.
 */
static void apply_targets(struct gen_case *cs, long n)
{
	for (long i = 0; i < n; i++)
		fit_quantities(&cs[i]);
	for (int t = 0; t < sd_ntargets; t++) {
		const struct sd_target *tg = &sd_targets[t];
		long units = (long)floor(tg->total / tg->quantum + 0.5), given = 0, nmatch = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (target_matches(tg, &cs[i], k))
					nmatch++;
		if (nmatch == 0 || units < nmatch)
			continue;
		/* raw weights in qty; quanta given so far in q (as a double, whole numbers) */
		double *w = malloc((size_t)nmatch * sizeof *w), *q = malloc((size_t)nmatch * sizeof *q),
		       *cap = malloc((size_t)nmatch * sizeof *cap);
		if (!w || !q || !cap) {
			free(w), free(q), free(cap);
			continue; /* out of memory: the quantities stay as drawn */
		}
		long m = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (target_matches(tg, &cs[i], k)) {
					w[m] = cs[i].qty[k];
					q[m] = 1;
					cap[m] = floor(seizure_cap(&cs[i], k) / tg->quantum);
					if (cap[m] < 1)
						cap[m] = 1;
					m++;
				}
		given = nmatch;
		for (int round = 0; round < 64 && given < units; round++) {
			double open = 0, spare = (double)(units - given);
			for (long j = 0; j < m; j++)
				if (q[j] < cap[j])
					open += w[j];
			if (open <= 0)
				break;
			long added = 0;
			for (long j = 0; j < m; j++) {
				if (q[j] >= cap[j])
					continue;
				double add = floor(spare * w[j] / open);
				if (q[j] + add > cap[j])
					add = cap[j] - q[j];
				q[j] += add;
				added += (long)add;
			}
			given += added;
			if (added == 0)
				break;
		}
		long before;
		do {
			before = given;
			for (long j = 0; j < m && given < units; j++)
				if (q[j] < cap[j]) {
					q[j] += 1;
					given++;
				}
		} while (given < units && given > before);
		while (given < units) /* past the caps only if they cannot hold the total (a test says never) */
			for (long j = 0; j < m && given < units; j++) {
				q[j] += 1;
				given++;
			}
		m = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (target_matches(tg, &cs[i], k))
					cs[i].qty[k] = q[m++] * tg->quantum;
		free(w), free(q), free(cap);
	}
}

static int by_date(const void *a, const void *b)
{
	const struct gen_case *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- writing ------------------------------------------------------------------------ */

struct writer {
	struct store *s;
	sqlite3_stmt *ins_case, *ins_seizure; /* owned, reused for every case */
	struct store_rollup *rollup;          /* owned: the rollup rows of the cases written */
};

/* "1,712,400" or "3.25": thousands separated, trailing zeros dropped. */
static void fmt_qty(double q, char *buf, size_t size)
{
	char t[64];
	snprintf(t, sizeof t, "%.2f", q);
	char *dot = strchr(t, '.');
	size_t ilen = dot ? (size_t)(dot - t) : strlen(t);
	size_t o = 0;
	for (size_t i = 0; i < ilen && o + 2 < size; i++) {
		if (i && (ilen - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = t[i];
	}
	if (dot && strcmp(dot, ".00") != 0) {
		size_t dl = strcmp(dot + 2, "0") == 0 ? 2 : 3;
		for (size_t i = 0; i < dl && o + 1 < size; i++)
			buf[o++] = dot[i];
	}
	buf[o] = '\0';
}

static void quantity_phrase(double q, const struct sd_category *k, int which, char *buf, size_t size)
{
	char n[48];

	fmt_qty(q, n, sizeof n);
	if (!strcmp(k->unit, "kg") || !strcmp(k->unit, "m3") || !strcmp(k->unit, "litres"))
		snprintf(buf, size, "%s %s of %s", n, k->unit, k->commodity[which]);
	else /* counted units: the commodity is a plural noun ("live birds") */
		snprintf(buf, size, "%s %s", n, k->commodity[which]);
}

static const char *transport_phrase(const char *t)
{
	return !strcmp(t, "air passenger") ? "carried by an air passenger" :
	       !strcmp(t, "air cargo") ? "in air cargo" :
	       !strcmp(t, "express courier") ? "in an express parcel" :
	       !strcmp(t, "postal") ? "in a postal parcel" :
	       !strcmp(t, "sea container") ? "in a sea container" :
	       !strcmp(t, "sea vessel") ? "on a fishing vessel" :
	       !strcmp(t, "road") ? "in a truck" : !strcmp(t, "rail") ? "in rail freight" : "";
}

static const char *detection_phrase(const char *d)
{
	return !strcmp(d, "risk profiling") ? "Selected by risk profiling" :
	       !strcmp(d, "intelligence") ? "Stopped on intelligence" :
	       !strcmp(d, "x-ray") ? "Found on the x-ray image" :
	       !strcmp(d, "detector dog") ? "Found by a detector dog" : "Found in a random check";
}

static const char *cname(const char *code)
{
	const char *n = store_country_name(code);
	return n ? n : code;
}

static void summary(const struct gen_case *c, char *buf, size_t size)
{
	const struct sd_category *k = &sd_categories[c->sz_sub[0]];
	char q[340], route[160] = "", arrests[32];

	quantity_phrase(c->qty[0], k, c->sz_commodity[0], q, sizeof q);
	if (c->nsz == 2) { /* the summary names what the seizures hold, both of them */
		char q2[160];
		quantity_phrase(c->qty[1], &sd_categories[c->sz_sub[1]], c->sz_commodity[1], q2, sizeof q2);
		snprintf(q + strlen(q), sizeof q - strlen(q), " and %s", q2);
	}
	if (c->transit[0] && strcmp(c->transit, sd_agencies[c->agency].country) == 0)
		snprintf(route, sizeof route, " in transit from %s to %s", cname(c->departure), cname(c->destination));
	else if (c->departure[0] && c->destination[0])
		snprintf(route, sizeof route, " from %s to %s", cname(c->departure), cname(c->destination));
	else if (c->departure[0])
		snprintf(route, sizeof route, " from %s", cname(c->departure));
	else if (c->destination[0])
		snprintf(route, sizeof route, " bound for %s", cname(c->destination));
	if (c->transit[0] && strcmp(c->transit, sd_agencies[c->agency].country) != 0)
		snprintf(route + strlen(route), sizeof route - strlen(route), " via %s", cname(c->transit));
	if (c->arrests == 0)
		snprintf(arrests, sizeof arrests, "no arrest so far");
	else
		snprintf(arrests, sizeof arrests, "%d arrested", c->arrests);
	snprintf(buf, size, "(synthetic) %s at %s: %s %s, %s%s. %s; %s.",
	         sd_agencies[c->agency].shortname,
	         c->loc >= 0 ? sd_locations[c->loc].name : sd_agencies[c->agency].country, q,
	         c->concealment, transport_phrase(c->transport), route,
	         detection_phrase(c->detection), arrests);
}

static int step_done(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

static int insert_case(struct writer *w, const struct gen_case *c, long long id, const char *ref)
{
	sqlite3_stmt *st = w->ins_case;
	char date[32], note[768];
	int i = 1;

	date_format(c->day, date, sizeof date);
	summary(c, note, sizeof note);
	sqlite3_bind_int64(st, i++, id);
	sqlite3_bind_text(st, i++, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, i++, c->phase + 1);
	sqlite3_bind_int(st, i++, c->agency + 1);
	sqlite3_bind_int(st, i++, c->cat + 1);
	sqlite3_bind_int(st, i++, c->sub + 1);
	sqlite3_bind_text(st, i++, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i++, c->loc >= 0 ? sd_locations[c->loc].name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, sd_agencies[c->agency].country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->transport, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->departure, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->transit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->destination, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->detection, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, c->concealment, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, i++, c->arrests);
	sqlite3_bind_text(st, i++, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, note, -1, SQLITE_TRANSIENT);
	if (step_done(w->s, st) < 0)
		return -1;
	/* The case's totals as seizures_ai sums them: 0, plus each seizure in order. */
	struct store_rollup_case rc = {
		.op = c->phase + 1, .cat = c->cat + 1, .sub = c->sub + 1, .agency = c->agency + 1,
		.country = sd_agencies[c->agency].country, .transport = c->transport, .status = c->status,
		.detected_on = date, .arrests = c->arrests,
	};
	for (int k = 0; k < c->nsz; k++) {
		const struct sd_category *sc = &sd_categories[c->sz_sub[k]];
		int unit = store_unit_parse(sc->unit);
		sqlite3_bind_int64(w->ins_seizure, 1, id);
		sqlite3_bind_text(w->ins_seizure, 2, sc->commodity[c->sz_commodity[k]], -1, SQLITE_STATIC);
		sqlite3_bind_double(w->ins_seizure, 3, c->qty[k]);
		sqlite3_bind_text(w->ins_seizure, 4, sc->unit, -1, SQLITE_STATIC);
		if (step_done(w->s, w->ins_seizure) < 0)
			return -1;
		if (unit >= 0)
			rc.qty[unit] += c->qty[k];
	}
	if (store_rollup_case(w->rollup, &rc) < 0)
		return store_fail(w->s, "out of memory");
	return 0;
}

/* Runs sql once per row of texts/ints given by the caller through bind(). */
static int prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

/* bundled: the published figures are marked as such; N synthetic cases publish none. */
static int insert_reference(struct store *s, const struct gen *g, int bundled)
{
	sqlite3_stmt *st = NULL;
	int pos[3] = { 0 }, top = 0;

	if (prepare(s, "INSERT INTO operations(id, code, name, phase, starts_on, ends_on, period, source,"
	               " published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) < 0)
		goto fail;
	for (int p = 0; p < sd_noperations; p++) {
		const struct sd_operation *o = &sd_operations[p];
		sqlite3_bind_int(st, 1, p + 1);
		sqlite3_bind_text(st, 2, o->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, o->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, o->phase);
		sqlite3_bind_text(st, 5, o->starts_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, o->ends_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, o->period, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, o->source, -1, SQLITE_STATIC);
		/* Agencies per phase are published for every phase (sd_source_note); the values
		 * are written beside the names once the cases exist (store_published_record). */
		char pub[256];
		snprintf(pub, sizeof pub, "%s%sagencies", o->published, *o->published ? "," : "");
		sqlite3_bind_text(st, 9, bundled ? pub : "", -1, SQLITE_TRANSIENT);
		if (step_done(s, st) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	if (prepare(s, "INSERT INTO agencies(id, code, name, short, country, kind) VALUES (?, ?, ?, ?, ?, ?)", &st) < 0)
		goto fail;
	for (int a = 0; a < sd_nagencies; a++) {
		const struct sd_agency *ag = &sd_agencies[a];
		sqlite3_bind_int(st, 1, a + 1);
		sqlite3_bind_text(st, 2, ag->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ag->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ag->shortname, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, ag->country, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, ag->kind, -1, SQLITE_STATIC);
		if (step_done(s, st) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	if (prepare(s, "INSERT INTO categories(id, code, name, parent_id, position) VALUES (?, ?, ?, ?, ?)", &st) < 0)
		goto fail;
	for (int c = 0; c < sd_ncategories; c++) {
		const struct sd_category *k = &sd_categories[c];
		sqlite3_bind_int(st, 1, c + 1);
		sqlite3_bind_text(st, 2, k->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, k->name, -1, SQLITE_STATIC);
		if (k->parent < 0) {
			sqlite3_bind_null(st, 4);
			sqlite3_bind_int(st, 5, ++top);
		} else {
			sqlite3_bind_int(st, 4, k->parent + 1);
			sqlite3_bind_int(st, 5, ++pos[k->parent]);
		}
		if (step_done(s, st) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	if (prepare(s, "INSERT INTO participations(operation_id, agency_id) VALUES (?, ?)", &st) < 0)
		goto fail;
	for (int p = 0; p < sd_noperations; p++)
		for (int i = 0; i < g->ph[p].npart; i++) {
			sqlite3_bind_int(st, 1, p + 1);
			sqlite3_bind_int(st, 2, g->ph[p].part[i] + 1);
			if (step_done(s, st) < 0)
				goto fail;
		}
	sqlite3_finalize(st);
	return 0;
fail:
	sqlite3_finalize(st);
	return -1;
}

static int insert_meta(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (prepare(s, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", &st) < 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = step_done(s, st);
	sqlite3_finalize(st);
	return rc;
}

/* The bundled sample: exact counts per phase and category, scaled quantities, refs
 * numbered per phase and agency in date order. */
static int write_bundled(struct writer *w, struct gen *g)
{
	long n = 0, k = 0;
	struct gen_case *cs;
	int *seqno = NULL;
	char ref[64];
	int rc = -1;

	for (int p = 0; p < sd_noperations; p++)
		n += sd_operations[p].cases[0] + sd_operations[p].cases[1] + sd_operations[p].cases[2];
	cs = calloc((size_t)n, sizeof *cs);
	seqno = calloc((size_t)sd_noperations * (size_t)sd_nagencies, sizeof *seqno);
	if (!cs || !seqno) {
		store_fail(w->s, "out of memory");
		goto done;
	}
	for (int p = 0; p < sd_noperations; p++)
		for (int cat = 0; cat < 3; cat++)
			for (int i = 0; i < sd_operations[p].cases[cat]; i++, k++) {
				gen_case(g, p, cat, &cs[k]);
				cs[k].seq = k;
			}
	double scale[32];
	target_scales(cs, n, scale);
	for (long i = 0; i < n; i++) {
		double f = 1;
		for (int t = 0; t < sd_ntargets && t < 32; t++)
			if (target_matches(&sd_targets[t], &cs[i], 0))
				f = scale[t];
		gen_place(g, cs[i].phase, &cs[i], f);
	}
	apply_targets(cs, n);
	qsort(cs, (size_t)n, sizeof *cs, by_date);
	for (long i = 0; i < n; i++) {
		int *sq = &seqno[cs[i].phase * sd_nagencies + cs[i].agency];
		snprintf(ref, sizeof ref, "%s-%s-%04d", sd_operations[cs[i].phase].code,
		         sd_agencies[cs[i].agency].code, ++*sq);
		if (insert_case(w, &cs[i], i + 1, ref) < 0)
			goto done;
	}
	rc = 0;
done:
	free(cs);
	free(seqno);
	return rc;
}

/* N synthetic cases streamed: phases and categories in the published proportions. */
static int write_synthetic(struct writer *w, struct gen *g, long long ncases)
{
	struct gen_case c;
	char ref[32];

	for (long long i = 0; i < ncases; i++) {
		int p = pick_cum(&g->rng, g->phase_cum, sd_noperations);
		const int *cc = sd_operations[p].cases;
		double cum[3] = { cc[0], cc[0] + cc[1], cc[0] + cc[1] + cc[2] };
		gen_case(g, p, pick_cum(&g->rng, cum, 3), &c);
		gen_place(g, p, &c, 1);
		fit_quantities(&c);
		snprintf(ref, sizeof ref, "SYN-%07lld", i + 1);
		if (insert_case(w, &c, i + 1, ref) < 0)
			return -1;
	}
	return 0;
}

/* Drops the explicit indexes of cases and seizures, appending their SQL to out. */
static int drop_indexes(struct store *s, struct store_sql *out)
{
	sqlite3_stmt *st = NULL;
	struct store_sql drop = { 0 };
	int rc;

	if (prepare(s, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
	               " AND tbl_name IN ('cases', 'seizures')", &st) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_sql_add(out, "%s;\n", (const char *)sqlite3_column_text(st, 1));
		char *q = sqlite3_mprintf("DROP INDEX \"%w\";\n", (const char *)sqlite3_column_text(st, 0));
		store_sql_add(&drop, "%s", q ? q : "");
		drop.oom |= !q;
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || out->oom || drop.oom) {
		store_sql_free(&drop);
		return store_fail(s, "%s: %s", s->path, rc != SQLITE_DONE ? sqlite3_errmsg(s->db) : "out of memory");
	}
	rc = drop.buf ? store_exec(s, drop.buf) : 0;
	store_sql_free(&drop);
	return rc;
}

int store_sample(struct store *s, long long ncases, unsigned long seed)
{
	struct writer w = { .s = s };
	struct store_sql indexes = { 0 }; /* owned: CREATE INDEX statements to run after the rows */
	struct gen *g = NULL;
	sqlite3_int64 n = 0;
	sqlite3_stmt *st = NULL;
	char note[160];
	int in_tx = 0;

	if (!s->writable)
		return store_fail(s, "%s: opened read-only", s->path);
	if (ncases < 0)
		return store_fail(s, "number of cases must not be negative");
	if (!(g = malloc(sizeof *g)) || gen_init(g, ncases ? (uint64_t)seed : BUNDLED_SEED) < 0) {
		store_fail(s, "out of memory");
		goto fail;
	}
	/* Writer-only tuning: a big cache; the rollback journal stays, so ROLLBACK still works. */
	if (store_exec(s, "BEGIN IMMEDIATE") < 0)
		goto fail;
	in_tx = 1;
	if (prepare(s, "SELECT (SELECT count(*) FROM operations) + (SELECT count(*) FROM cases)", &st) < 0)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (n > 0) {
		store_fail(s, "%s: already holds data; the sample needs a new database", s->path);
		goto fail;
	}
	if (insert_reference(s, g, ncases == 0) < 0)
		goto fail;
	/* Building indexes once at the end is several times faster than keeping them up to
	 * date row by row; the definitions come back from sqlite_schema, so the schema stays
	 * the only place they are written. */
	if (ncases > 0 && drop_indexes(s, &indexes) < 0)
		goto fail;
	/* The same for the rollups: no trigger per case (and per seizure, whose trigger
	 * updates the case); the rows are summed in memory and written at the end. */
	if (store_exec(s, store_schema_rollup_drop) < 0 || store_exec(s, store_cols_log_drop) < 0)
		goto fail;
	if (!(w.rollup = store_rollup_new())) {
		store_fail(s, "out of memory");
		goto fail;
	}
	if (prepare(s, "INSERT INTO cases(id, ref, operation_id, agency_id, category_id, subcategory_id,"
	               " detected_on, location, country, transport, departure, transit, destination,"
	               " detection, concealment, arrests, status, summary)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &w.ins_case) < 0 ||
	    prepare(s, "INSERT INTO seizures(case_id, commodity, quantity, unit) VALUES (?, ?, ?, ?)",
	            &w.ins_seizure) < 0)
		goto fail;
	if ((ncases ? write_synthetic(&w, g, ncases) : write_bundled(&w, g)) < 0)
		goto fail;
	if (ncases)
		snprintf(note, sizeof note, "synthetic %lld seed %lu", ncases, seed);
	else
		snprintf(note, sizeof note, "bundled");
	if (insert_meta(s, "data_as_of", "2025-09-16 09:00") < 0 ||
	    insert_meta(s, "operation", "Operation Mekong Dragon") < 0 ||
	    insert_meta(s, "source", ncases ? "Synthetic: every case is generated (phases, agencies and "
	                                      "categories as in the bundled sample); no figure is published."
	                                    : sd_source_note) < 0 ||
	    insert_meta(s, "sample", note) < 0)
		goto fail;
	sqlite3_finalize(w.ins_case);
	sqlite3_finalize(w.ins_seizure);
	w.ins_case = w.ins_seizure = NULL;
	if (store_rollup_write(s, w.rollup) < 0 || store_exec(s, store_schema_rollup_triggers) < 0)
		goto fail;
	store_rollup_free(w.rollup);
	w.rollup = NULL;
	if (indexes.buf && store_exec(s, indexes.buf) < 0)
		goto fail;
	if (!ncases && store_published_record(s) < 0)
		goto fail;
	/* The column store's snapshot of every case, and the log trigger back (store_cols.c). */
	if (store_cols_checkpoint(s, 1) < 0 || store_exec(s, "COMMIT") < 0)
		goto fail;
	store_sql_free(&indexes);
	gen_free(g);
	free(g);
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(w.ins_case);
	sqlite3_finalize(w.ins_seizure);
	store_rollup_free(w.rollup);
	if (in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_sql_free(&indexes);
	if (g)
		gen_free(g);
	free(g);
	return -1;
}

/* ---- one case at a time, for simulate (store_simulate.c) ---------------------------- */

struct store_sample_gen *store_sample_gen_new(unsigned long seed)
{
	struct gen *g = malloc(sizeof *g);
	if (g && gen_init(g, seed * 2654435761u + 1) < 0) {
		gen_free(g);
		free(g);
		return NULL;
	}
	return (struct store_sample_gen *)g;
}

void store_sample_gen_free(struct store_sample_gen *sg)
{
	struct gen *g = (struct gen *)sg;
	if (g)
		gen_free(g);
	free(g);
}

int store_sample_gen_case(struct store_sample_gen *sg, struct store_sample_case *out)
{
	struct gen *g = (struct gen *)sg;
	struct gen_case c;
	int p = sd_noperations - 1; /* the phase under way: the latest */
	const int *cc = sd_operations[p].cases;
	double cum[3] = { cc[0], cc[0] + cc[1], cc[0] + cc[1] + cc[2] };

	gen_case(g, p, pick_cum(&g->rng, cum, 3), &c);
	gen_place(g, p, &c, 1);
	fit_quantities(&c);
	memset(out, 0, sizeof *out);
	out->phase = sd_operations[p].code;
	out->agency = sd_agencies[c.agency].code;
	out->category = sd_categories[c.cat].code;
	out->subcategory = sd_categories[c.sub].code;
	date_format(c.day, out->detected_on, sizeof out->detected_on);
	out->location = c.loc >= 0 ? sd_locations[c.loc].name : "";
	out->country = sd_agencies[c.agency].country;
	out->transport = c.transport, out->departure = c.departure, out->transit = c.transit;
	out->destination = c.destination, out->detection = c.detection, out->concealment = c.concealment;
	out->status = c.status;
	out->arrests = c.arrests;
	summary(&c, out->summary, sizeof out->summary);
	out->nseizures = c.nsz;
	for (int k = 0; k < c.nsz; k++) {
		const struct sd_category *sc = &sd_categories[c.sz_sub[k]];
		out->commodity[k] = sc->commodity[c.sz_commodity[k]];
		out->quantity[k] = c.qty[k];
		out->unit[k] = sc->unit;
	}
	return 0;
}

double store_sample_gen_unit(struct store_sample_gen *sg)
{
	return rng_unit(&((struct gen *)sg)->rng);
}
