/*
 * store_sample_cases: how the sample generator draws one case, and the plausibility rules
 * it keeps: concealments that suit the transport, land neighbours and landlocked
 * countries for routes, quantity ranges and precision, what each transport carries, the
 * transports each kind of place sees; then the scaling of quantities to the published
 * totals (sd_targets).  Every draw comes from the generator's one rng stream in a fixed
 * order: moving or adding a draw changes every sample built from a seed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_sample_gen.h"

static int list_len(const char *const *l)
{
	int n = 0;
	while (l[n])
		n++;
	return n;
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
 * scaled to the published totals within these (sample_apply_targets), so no passenger carries
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
		if (b->cls != a->cls || (strcmp(g->unit[g->subs[cat][i]], g->unit[sub]) != 0 && !meth))
			continue;
		acc += b->weight;
		cum[n] = acc;
		cand[n++] = g->subs[cat][i];
	}
	return n ? cand[pick_cum(r, cum, n)] : -1;
}

/* A case's phase, agency, date, sub-category and seizures with their drawn quantities
 * (sample_gen_place does the rest). */
void sample_gen_case(struct gen *g, int phase, int cat, struct gen_case *c)
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
	if (c->nsz == 2 && !strcmp(g->unit[c->sz_sub[1]], g->unit[c->sz_sub[0]]) &&
	    c->qty[1] > 0.5 * c->qty[0])
		c->qty[1] = 0.5 * c->qty[0];
}

/*
 * The rest of a case: place, transport, route, detection, concealment, arrests, status.
 * scale is what its quantities will be multiplied by to meet a published total
 * (sample_target_scales; 1 when none), so that the place and transport are chosen for the
 * final quantity: a place of the agency where a transport can carry it (bulk timber goes
 * to ports and border crossings, not to airport arrival halls); when none can, the
 * quantity shrinks to what its places can take.
 */
void sample_gen_place(struct gen *g, int phase, struct gen_case *c, double scale)
{
	struct rng *r = &g->rng;
	int nl = g->agency_nlocs[c->agency], fit[16], nfit = 0;
	double need = c->qty[0] + (c->nsz == 2 && !strcmp(g->unit[c->sz_sub[1]], g->unit[c->sub]) ? c->qty[1] : 0);
	need *= scale;
	for (int i = 0; i < nl; i++) {
		int l = g->agency_locs[c->agency][i];
		struct rng probe = *r; /* only asks whether some transport fits */
		if (pick_transport(&probe, sd_locations[l].kind, g->unit[c->sub], need))
			fit[nfit++] = l;
	}
	if (nfit) {
		c->loc = fit[rng_below(r, nfit)];
		c->transport = pick_transport(r, sd_locations[c->loc].kind, g->unit[c->sub], need);
	} else {
		c->loc = nl ? g->agency_locs[c->agency][rng_below(r, nl)] : -1;
		char kind = c->loc >= 0 ? sd_locations[c->loc].kind : 'A';
		c->transport = pick_transport(r, kind, g->unit[c->sub], 1e-9);
		if (!c->transport)
			c->transport = kind == 'A' ? "air cargo" : "road";
		for (int i = 0; i < c->nsz; i++) {
			double cap = transport_cap(c->transport, g->unit[c->sz_sub[i]]) / c->nsz;
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
	const char *home = g->agency[c->agency]->country;
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
	if (phase == sd_noperations - 1) /* the latest: the operation file lists phases in order */
		c->status = u < 0.35 ? "open" : u < 0.75 ? "under investigation" : u < 0.9 ? "prosecuted" : "closed";
	else
		c->status = u < 0.03 ? "open" : u < 0.15 ? "under investigation" : u < 0.55 ? "prosecuted" : "closed";
}

/* What seizure k of case c may hold: its transport's capacity for the unit, shared among
 * the case's seizures of that unit. */
static double seizure_cap(const struct gen *g, const struct gen_case *c, int k)
{
	const char *unit = g->unit[c->sz_sub[k]];
	int same = 0;
	for (int i = 0; i < c->nsz; i++)
		same += !strcmp(g->unit[c->sz_sub[i]], unit);
	return transport_cap(c->transport, unit) / (same ? same : 1);
}

/* Targets name their phase by code; units are the operation file's. */
int sample_target_matches(const struct gen *g, const struct sd_target *tg, const struct gen_case *c, int k)
{
	const struct sd_category *sc = &sd_categories[c->sz_sub[k]];
	return !strcmp(sd_operations[c->phase].code, tg->phase) && (sc->cls & tg->classes) &&
	       !strcmp(g->unit[c->sz_sub[k]], tg->unit);
}

/* Rounds each quantity to a plausible precision within what the transport carries. */
void sample_fit_quantities(const struct gen *g, struct gen_case *c)
{
	for (int k = 0; k < c->nsz; k++) {
		const char *unit = g->unit[c->sz_sub[k]];
		double cap = seizure_cap(g, c, k);
		c->qty[k] = round_quantity(c->qty[k] > cap ? cap : c->qty[k], unit);
		if (c->qty[k] > cap) /* rounding up past the cap: the step below it */
			c->qty[k] = round_quantity(cap * 0.99, unit);
	}
}

/* Per target, the factor its seizures' drawn quantities will be scaled by. */
void sample_target_scales(const struct gen *g, const struct gen_case *cs, long n, double *scale)
{
	for (int t = 0; t < sd_ntargets && t < 32; t++) {
		double raw = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (sample_target_matches(g, &sd_targets[t], &cs[i], k))
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
void sample_apply_targets(const struct gen *g, struct gen_case *cs, long n)
{
	for (long i = 0; i < n; i++)
		sample_fit_quantities(g, &cs[i]);
	for (int t = 0; t < sd_ntargets; t++) {
		const struct sd_target *tg = &sd_targets[t];
		long units = (long)floor(tg->total / tg->quantum + 0.5), given = 0, nmatch = 0;
		for (long i = 0; i < n; i++)
			for (int k = 0; k < cs[i].nsz; k++)
				if (sample_target_matches(g, tg, &cs[i], k))
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
				if (sample_target_matches(g, tg, &cs[i], k)) {
					w[m] = cs[i].qty[k];
					q[m] = 1;
					cap[m] = floor(seizure_cap(g, &cs[i], k) / tg->quantum);
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
				if (sample_target_matches(g, tg, &cs[i], k))
					cs[i].qty[k] = q[m++] * tg->quantum;
		free(w), free(q), free(cap);
	}
}
