/*
 * operation: the operation file (YAML) <-> struct op.
 *
 * The file is loaded by the one YAML loader (config.h: a plain tree with positions,
 * syntax, encoding, duplicate keys and limits checked there), then walked section by
 * section: operation, categories, agencies, then phases (whose
 * `published` names top-level categories and whose `agencies` name agencies).  Every mistake is kept
 * with its position; at the end they are sorted by position and written out, so a
 * coordinator sees them in file order however the checks ran.
 *
 * Writing is in operation_write.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "date.h"
#include "operation.h"
#include "store.h"
#include "text.h"

#define MAX_ERRORS 50

static const char *const kind_names[OP_KIND_COUNT] = {
	"customs", "police", "drug control", "border", "environment", "international", "other"
};

const char *operation_kind_name(int kind)
{
	return kind >= 0 && kind < OP_KIND_COUNT ? kind_names[kind] : NULL;
}

int operation_kind_parse(const char *name)
{
	for (int i = 0; name && i < OP_KIND_COUNT; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}

/* ---- errors --------------------------------------------------------------------------- */

struct op_err {
	long line, col;
	char *msg; /* owned */
};

struct loader {
	const char *name;       /* the file as named in messages */
	struct op_err errs[MAX_ERRORS];
	int nerr, dropped;
	int oom;
};

static void err_pos(struct loader *l, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void err_pos(struct loader *l, long line, long col, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (l->nerr >= MAX_ERRORS) {
		l->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	l->errs[l->nerr].line = line;
	l->errs[l->nerr].col = col;
	if (!(l->errs[l->nerr].msg = strdup(buf))) {
		l->oom = 1;
		return;
	}
	l->nerr++;
}

#define ERR(l, node, ...) err_pos((l), (node)->line, (node)->col, __VA_ARGS__)

/* An echoed value made inert and short: no control sequence from the file reaches the
 * terminal through an error message. */
static const char *shown(const char *s, char *buf, size_t size)
{
	return text_quote(s, (size_t)-1, buf, size < 48 ? size : 48);
}

static int by_position(const void *a, const void *b)
{
	const struct op_err *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* ---- small helpers -------------------------------------------------------------------- */

static char *ldup(struct loader *l, const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		l->oom = 1;
	return d;
}

static const char *kind_word(const struct config_node *n)
{
	return n->kind == CONFIG_MAP ? "a map" : n->kind == CONFIG_SEQ ? "a list" : "a text value";
}

/*
 * The text of a scalar node; NULL (after an error naming `what`) when the node is not
 * a scalar.  YAML's null ("", "~", "null") reads as "".
 */
static const char *scalar(struct loader *l, const struct config_node *n, const char *what)
{
	if (n->kind != CONFIG_SCALAR) {
		ERR(l, n, "'%s' must be a text value, not %s", what, kind_word(n));
		return NULL;
	}
	return n->null || !n->value ? "" : n->value;
}

/* A required non-empty text value. */
static char *text_value(struct loader *l, struct config_node *n, const char *what)
{
	const char *v = scalar(l, n, what);
	if (!v)
		return NULL;
	if (!*v) {
		ERR(l, n, "'%s' is empty", what);
		return NULL;
	}
	return ldup(l, v);
}

/* Codes appear in locators, CSV files and refs: short, no spaces or separators. */
static char *code_value(struct loader *l, struct config_node *n, const char *what)
{
	char b[64];
	const char *v = scalar(l, n, what);
	size_t len;

	if (!v)
		return NULL;
	len = strlen(v);
	int ok = len >= 1 && len <= 32;
	for (size_t i = 0; ok && i < len; i++)
		ok = isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_' || v[i] == '.';
	if (!ok) {
		ERR(l, n, "%s '%s' must be 1 to 32 letters, digits, '-', '_' or '.'", what, shown(v, b, sizeof b));
		return NULL;
	}
	return ldup(l, v);
}

static char *date_value(struct loader *l, struct config_node *n, const char *what)
{
	char b[64];
	long days;
	const char *v = scalar(l, n, what);

	if (!v)
		return NULL;
	if (strlen(v) != 10 || !date_parse(v, &days)) {
		ERR(l, n, "'%s': '%s' is not a date (expected YYYY-MM-DD)", what, shown(v, b, sizeof b));
		return NULL;
	}
	char canon[16];
	date_format(days, canon, sizeof canon);
	if (strcmp(canon, v) != 0) { /* 2025-02-30 */
		ERR(l, n, "'%s': '%s' is not a real date", what, shown(v, b, sizeof b));
		return NULL;
	}
	return ldup(l, v);
}

/*
 * Checks the keys of mapping node n against keys[0..nkeys) and stores each value node
 * in vals (NULL when absent).  Unknown keys (with a suggestion) and duplicates are
 * errors.  Returns 0 when n is a map (whatever its keys), -1 otherwise.
 */
static int map_fields(struct loader *l, struct config_node *n, const char *what, const char *const *keys, int nkeys,
                      struct config_node **vals)
{
	char b[64];

	for (int i = 0; i < nkeys; i++)
		vals[i] = NULL;
	if (n->kind != CONFIG_MAP) {
		ERR(l, n, "%s must be a map of keys and values, not %s", what, kind_word(n));
		return -1;
	}
	/* The loader has refused duplicate keys already. */
	for (int p = 0; p < n->n; p++) {
		const char *key = n->keys[p];
		int i = 0;
		while (i < nkeys && strcmp(keys[i], key) != 0)
			i++;
		if (i < nkeys) {
			vals[i] = n->items[p];
			continue;
		}
		const char *s = config_suggest(key, keys, nkeys);
		if (s) {
			err_pos(l, n->key_line[p], n->key_col[p], "unknown key '%s' in %s (did you mean '%s'?)",
			        shown(key, b, sizeof b), what, s);
		} else {
			char list[256] = "";
			for (int k = 0; k < nkeys; k++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", keys[k]);
			err_pos(l, n->key_line[p], n->key_col[p], "unknown key '%s' in %s (expected %s)",
			        shown(key, b, sizeof b), what, list);
		}
	}
	return 0;
}

/* A required key: reports its absence at the map. */
static struct config_node *need(struct loader *l, struct config_node *map, struct config_node *v, const char *key, const char *what)
{
	if (!v)
		ERR(l, map, "%s has no '%s'", what, key);
	return v;
}

/* The items of a list node, or NULL with an error. */
static struct config_node **items(struct loader *l, struct config_node *n, const char *what, int *count)
{
	*count = 0;
	if (n->kind != CONFIG_SEQ) {
		ERR(l, n, "'%s' must be a list, not %s", what, kind_word(n));
		return NULL;
	}
	if (n->n > OPERATION_MAX_ITEMS) {
		ERR(l, n, "'%s' has %d items, more than %d", what, n->n, OPERATION_MAX_ITEMS);
		return NULL;
	}
	static struct config_node *none[1]; /* an empty list is a list: not NULL */
	*count = n->n;
	return n->n ? n->items : none;
}

/* ---- sections ------------------------------------------------------------------------- */

enum { OPK_CODE, OPK_NAME, OPK_COORD, OPK_SOURCE, OPK_N };
static const char *const op_keys[OPK_N] = { "code", "name", "coordinators", "source" };

static void load_operation(struct loader *l, struct config_node *n, struct op *o)
{
	struct config_node *v[OPK_N];
	const char *s;
	int cnt;

	if (map_fields(l, n, "'operation'", op_keys, OPK_N, v) < 0)
		return;
	if (need(l, n, v[OPK_CODE], "code", "'operation'"))
		o->code = code_value(l, v[OPK_CODE], "operation code");
	if (need(l, n, v[OPK_NAME], "name", "'operation'"))
		o->name = text_value(l, v[OPK_NAME], "name");
	o->source = ldup(l, v[OPK_SOURCE] && (s = scalar(l, v[OPK_SOURCE], "source")) ? s : "");
	if (v[OPK_COORD]) {
		struct config_node **it = items(l, v[OPK_COORD], "coordinators", &cnt);
		if (it && cnt && !(o->coordinators = calloc((size_t)cnt, sizeof *o->coordinators)))
			l->oom = 1;
		for (int i = 0; o->coordinators && i < cnt; i++) {
			char *t = text_value(l, it[i], "coordinator");
			if (t)
				o->coordinators[o->ncoordinators++] = t;
		}
	}
}

enum { CK_CODE, CK_NAME, CK_PARENT, CK_UNIT, CK_N };
static const char *const cat_keys[CK_N] = { "code", "name", "parent", "unit" };

/* Loads the categories (codes unique, parents top-level and known) into o, keeping the
 * file's order but putting each top-level category's subs right after it. */
static void load_categories(struct loader *l, struct config_node *list, struct op *o)
{
	char b[64], b2[64];
	int cnt;
	struct config_node **it = items(l, list, "categories", &cnt);
	struct op_category *tmp;
	struct config_node **at, **pat;
	int n = 0;

	if (!it)
		return;
	if (cnt == 0) {
		ERR(l, list, "'categories' is empty: an operation counts at least one category");
		return;
	}
	tmp = calloc((size_t)cnt, sizeof *tmp);
	at = calloc((size_t)cnt, sizeof *at);
	pat = calloc((size_t)cnt, sizeof *pat);
	o->categories = calloc((size_t)cnt, sizeof *o->categories);
	if (!tmp || !at || !pat || !o->categories) {
		l->oom = 1;
		goto out;
	}
	for (int i = 0; i < cnt; i++) {
		struct config_node *m = it[i], *v[CK_N];
		struct op_category c = { 0 };
		if (!m || map_fields(l, m, "a category", cat_keys, CK_N, v) < 0)
			continue;
		if (need(l, m, v[CK_CODE], "code", "this category"))
			c.code = code_value(l, v[CK_CODE], "category code");
		if (need(l, m, v[CK_NAME], "name", "this category"))
			c.name = text_value(l, v[CK_NAME], "name");
		if (v[CK_PARENT])
			c.parent = code_value(l, v[CK_PARENT], "parent");
		if (v[CK_UNIT]) {
			const char *u = scalar(l, v[CK_UNIT], "unit");
			if (u && store_unit_parse(u) < 0) {
				ERR(l, v[CK_UNIT], "unknown unit '%s' (units: kg, tablets, pieces, heads, m3, litres)",
				    shown(u, b, sizeof b));
				u = NULL;
			}
			c.unit = u ? ldup(l, u) : NULL;
		} else if (v[CK_PARENT]) {
			ERR(l, m, "sub-category %s has no 'unit' (the unit its seizures are counted in)",
			    c.code ? c.code : "");
		} else {
			c.unit = ldup(l, "");
		}
		for (int k = 0; c.code && k < n; k++)
			if (strcmp(tmp[k].code, c.code) == 0) {
				ERR(l, v[CK_CODE], "duplicate category code '%s' (first at line %lu)", c.code,
				    (unsigned long)at[k]->line);
				free(c.code);
				c.code = NULL;
				break;
			}
		if (!c.code || !c.name || !c.unit || (v[CK_PARENT] && !c.parent)) {
			free(c.code), free(c.name), free(c.parent), free(c.unit);
			continue;
		}
		at[n] = m;
		pat[n] = v[CK_PARENT];
		tmp[n++] = c;
	}
	/* Parents: a known category, itself top-level. */
	for (int i = 0; i < n; i++) {
		if (!tmp[i].parent)
			continue;
		int k = 0;
		while (k < n && strcmp(tmp[k].code, tmp[i].parent) != 0)
			k++;
		if (k == n) {
			const char *tops[64];
			int nt = 0;
			for (int j = 0; j < n && nt < 64; j++)
				if (!tmp[j].parent)
					tops[nt++] = tmp[j].code;
			const char *s = config_suggest(tmp[i].parent, tops, nt);
			ERR(l, pat[i], "sub-category '%s' is under an unknown category '%s'%s%s%s", tmp[i].code,
			    shown(tmp[i].parent, b, sizeof b), s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			tmp[i].code[0] = '\0'; /* dropped below */
		} else if (tmp[k].parent) {
			ERR(l, pat[i], "'%s' is itself a sub-category of '%s': categories have two levels",
			    shown(tmp[i].parent, b, sizeof b), shown(tmp[k].parent, b2, sizeof b2));
			tmp[i].code[0] = '\0';
		}
	}
	/* Each top-level category followed by its subs, both in file order. */
	for (int i = 0; i < n; i++) {
		if (tmp[i].parent || !tmp[i].code[0])
			continue;
		const char *top = tmp[i].code;
		o->categories[o->ncategories++] = tmp[i];
		tmp[i].code = NULL;
		for (int j = 0; j < n; j++)
			if (tmp[j].parent && tmp[j].code && tmp[j].code[0] && strcmp(tmp[j].parent, top) == 0) {
				o->categories[o->ncategories++] = tmp[j];
				tmp[j].code = NULL;
			}
	}
out:
	for (int i = 0; tmp && i < n; i++)
		if (tmp[i].code) {
			free(tmp[i].code), free(tmp[i].name), free(tmp[i].parent), free(tmp[i].unit);
		}
	free(tmp);
	free(at);
	free(pat);
}

/* Is code a figure a phase can publish: "cases" or a top-level category? */
/* A top-level category's code. */
static int is_top(const struct op *o, const char *code, size_t len)
{
	for (int k = 0; k < o->ncategories; k++)
		if (!o->categories[k].parent && strlen(o->categories[k].code) == len &&
		    strncmp(o->categories[k].code, code, len) == 0)
			return 1;
	return 0;
}

/* A measure: cases, arrests or a unit ("kg", "tablets"). */
static int is_measure(const char *m, size_t len)
{
	char u[16];

	if ((len == 5 && strncmp(m, "cases", 5) == 0) || (len == 7 && strncmp(m, "arrests", 7) == 0))
		return 1;
	if (len >= sizeof u)
		return 0;
	memcpy(u, m, len);
	u[len] = '\0';
	return store_unit_parse(u) >= 0;
}

/*
 * A figure a phase publishes (store_figure.c reads them): cases, agencies (taking part),
 * arrests, a top-level category (its cases), a unit (the phase's total, "kg"), or
 * CATEGORY.MEASURE ("drugs.kg"); optionally "=VALUE", the value it had when written
 * down (describe writes the values a database keeps, so define reads them back).
 */
static int is_figure(const struct op *o, const char *item)
{
	size_t nl = strcspn(item, "="), dot = strcspn(item, ".");

	if (item[nl] == '=') {
		char *end;
		errno = 0;
		(void)strtod(item + nl + 1, &end);
		if (end == item + nl + 1 || *end || errno)
			return 0;
	}
	if (dot < nl)
		return is_top(o, item, dot) && is_measure(item + dot + 1, nl - dot - 1);
	return (nl == 8 && strncmp(item, "agencies", 8) == 0) || is_measure(item, nl) || is_top(o, item, nl);
}

enum { PK_CODE, PK_NAME, PK_NUMBER, PK_STARTS, PK_ENDS, PK_PERIOD, PK_REVIEW, PK_PUBLISHED, PK_SOURCE,
       PK_AGENCIES, PK_N };
static const char *const phase_keys[PK_N] = { "code", "name", "number", "starts_on", "ends_on", "period",
	                                          "review", "published", "source", "agencies" };
enum { RK_PLACE, RK_DATE, RK_N };
static const char *const review_keys[RK_N] = { "place", "date" };

static void load_published(struct loader *l, struct config_node *n, const struct op *o, struct op_phase *p)
{
	char b[64];
	int cnt;
	struct config_node **it = items(l, n, "published", &cnt);
	size_t len = 1;

	if (!it)
		return;
	for (int i = 0; i < cnt; i++) {
		struct config_node *e = it[i];
		const char *v = e ? scalar(l, e, "published") : NULL;
		if (v)
			len += strlen(v) + 1;
	}
	if (!(p->published = calloc(1, len))) {
		l->oom = 1;
		return;
	}
	for (int i = 0; i < cnt; i++) {
		struct config_node *e = it[i];
		const char *v = e ? scalar(l, e, "published") : NULL;
		if (!v)
			continue;
		if (!is_figure(o, v)) {
			ERR(l, e, "'%s' is not a figure a phase publishes (cases, agencies, arrests, a top-level "
			    "category, a unit, or CATEGORY.UNIT, each optionally =VALUE)",
			    shown(v, b, sizeof b));
			continue;
		}
		/* Listed twice is a slip, not a second figure (names compared, not values). */
		size_t vl = strcspn(v, "=");
		const char *q = p->published;
		int dup = 0;
		while (*q && !dup) {
			size_t ql = strcspn(q, ","), qn = strcspn(q, "=,");
			dup = qn == vl && strncmp(q, v, vl) == 0;
			q += ql + (q[ql] == ',');
		}
		if (dup) {
			ERR(l, e, "'%.*s' is listed twice in 'published'", (int)vl, v);
			continue;
		}
		if (*p->published)
			strcat(p->published, ",");
		strcat(p->published, v);
	}
}

/* The agencies taking part in phase p: known codes, each once. */
static void load_participants(struct loader *l, struct config_node *n, const struct op *o, struct op_phase *p)
{
	char b[64];
	int np = 0;
	struct config_node **pi = items(l, n, "agencies", &np);

	if (pi && np && !(p->agencies = calloc((size_t)np, sizeof *p->agencies)))
		l->oom = 1;
	for (int k = 0; p->agencies && k < np; k++) {
		struct config_node *e = pi[k];
		const char *ac = e ? scalar(l, e, "agencies") : NULL;
		if (!ac)
			continue;
		if (operation_agency_index(o, ac) < 0) {
			const char *codes[OPERATION_MAX_ITEMS];
			int nc = 0;
			for (int j = 0; j < o->nagencies; j++)
				if (o->agencies[j].code)
					codes[nc++] = o->agencies[j].code;
			const char *sg = config_suggest(ac, codes, nc);
			ERR(l, e, "agency '%s' in phase %s does not exist (not in 'agencies')%s%s%s", shown(ac, b, sizeof b),
			    p->code ? p->code : "", sg ? "; did you mean '" : "", sg ? sg : "", sg ? "'?" : "");
			continue;
		}
		int dup = 0;
		for (int j = 0; j < p->nagencies; j++)
			dup |= strcmp(p->agencies[j], ac) == 0;
		if (dup) {
			ERR(l, e, "agency %s is listed twice in phase %s", ac, p->code ? p->code : "");
			continue;
		}
		if ((p->agencies[p->nagencies] = ldup(l, ac)))
			p->nagencies++;
	}
}

static void load_phases(struct loader *l, struct config_node *list, struct op *o)
{
	char b[64];
	int cnt;
	struct config_node **it = items(l, list, "phases", &cnt);
	struct config_node **at;

	if (!it)
		return;
	if (cnt == 0) {
		ERR(l, list, "'phases' is empty: an operation has at least one phase");
		return;
	}
	o->phases = calloc((size_t)cnt, sizeof *o->phases);
	at = calloc((size_t)cnt, sizeof *at);
	if (!o->phases || !at) {
		l->oom = 1;
		free(at);
		return;
	}
	for (int i = 0; i < cnt; i++) {
		struct config_node *m = it[i], *v[PK_N], *r[RK_N];
		struct op_phase p = { 0 };
		const char *s;
		int bad = 0;
		if (!m || map_fields(l, m, "a phase", phase_keys, PK_N, v) < 0)
			continue;
		if (need(l, m, v[PK_CODE], "code", "this phase"))
			bad |= !(p.code = code_value(l, v[PK_CODE], "phase code"));
		else
			bad = 1;
		if (need(l, m, v[PK_NAME], "name", "this phase"))
			bad |= !(p.name = text_value(l, v[PK_NAME], "name"));
		else
			bad = 1;
		if (need(l, m, v[PK_NUMBER], "number", "this phase") && (s = scalar(l, v[PK_NUMBER], "number"))) {
			char *end;
			errno = 0;
			long num = strtol(s, &end, 10);
			if (!*s || *end || errno || num < 0 || num > 100000 || !isdigit((unsigned char)*s)) {
				ERR(l, v[PK_NUMBER], "'number': '%s' is not a whole number from 0 to 100000", shown(s, b, sizeof b));
				bad = 1;
			}
			p.number = (int)num;
		} else {
			bad = 1;
		}
		if (need(l, m, v[PK_STARTS], "starts_on", "this phase"))
			bad |= !(p.starts_on = date_value(l, v[PK_STARTS], "starts_on"));
		else
			bad = 1;
		if (need(l, m, v[PK_ENDS], "ends_on", "this phase"))
			bad |= !(p.ends_on = date_value(l, v[PK_ENDS], "ends_on"));
		else
			bad = 1;
		if (p.starts_on && p.ends_on && strcmp(p.ends_on, p.starts_on) < 0)
			ERR(l, v[PK_ENDS], "the phase ends (%s) before it starts (%s)", p.ends_on, p.starts_on), bad = 1;
		p.period = ldup(l, v[PK_PERIOD] && (s = scalar(l, v[PK_PERIOD], "period")) ? s : "");
		p.source = ldup(l, v[PK_SOURCE] && (s = scalar(l, v[PK_SOURCE], "source")) ? s : "");
		p.review_place = p.review_on = NULL;
		if (v[PK_REVIEW] && map_fields(l, v[PK_REVIEW], "'review'", review_keys, RK_N, r) == 0) {
			if (!r[RK_PLACE] && !r[RK_DATE])
				ERR(l, v[PK_REVIEW], "'review' needs a 'place', a 'date' or both");
			if (r[RK_PLACE])
				p.review_place = text_value(l, r[RK_PLACE], "place");
			if (r[RK_DATE])
				p.review_on = date_value(l, r[RK_DATE], "date");
		}
		if (!p.review_place)
			p.review_place = ldup(l, "");
		if (!p.review_on)
			p.review_on = ldup(l, "");
		if (v[PK_PUBLISHED])
			load_published(l, v[PK_PUBLISHED], o, &p);
		if (v[PK_AGENCIES])
			load_participants(l, v[PK_AGENCIES], o, &p);
		for (int k = 0; p.code && k < o->nphases; k++)
			if (o->phases[k].code && strcmp(o->phases[k].code, p.code) == 0) {
				ERR(l, v[PK_CODE], "duplicate phase code '%s' (first at line %lu)", p.code,
				    (unsigned long)at[k]->line);
				bad = 1;
				break;
			}
		/* Kept even when bad, for the agencies' references; the load fails anyway. */
		(void)bad;
		at[o->nphases] = m;
		o->phases[o->nphases++] = p;
	}
	free(at);
}

enum { AK_CODE, AK_NAME, AK_SHORT, AK_COUNTRY, AK_KIND, AK_N };
static const char *const agency_keys[AK_N] = { "code", "name", "short", "country", "kind" };

static void load_agencies(struct loader *l, struct config_node *list, struct op *o)
{
	char b[64];
	int cnt;
	struct config_node **it = items(l, list, "agencies", &cnt);
	struct config_node **at;

	if (!it)
		return;
	if (cnt == 0) {
		ERR(l, list, "'agencies' is empty: an operation has at least one agency");
		return;
	}
	o->agencies = calloc((size_t)cnt, sizeof *o->agencies);
	at = calloc((size_t)cnt, sizeof *at);
	if (!o->agencies || !at) {
		l->oom = 1;
		free(at);
		return;
	}
	for (int i = 0; i < cnt; i++) {
		struct config_node *m = it[i], *v[AK_N];
		struct op_agency a = { 0 };
		const char *s;
		if (!m || map_fields(l, m, "an agency", agency_keys, AK_N, v) < 0)
			continue;
		if (need(l, m, v[AK_CODE], "code", "this agency"))
			a.code = code_value(l, v[AK_CODE], "agency code");
		if (need(l, m, v[AK_NAME], "name", "this agency"))
			a.name = text_value(l, v[AK_NAME], "name");
		if (need(l, m, v[AK_SHORT], "short", "this agency"))
			a.short_name = text_value(l, v[AK_SHORT], "short");
		if (need(l, m, v[AK_COUNTRY], "country", "this agency") && (s = scalar(l, v[AK_COUNTRY], "country"))) {
			if (strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]))
				a.country = ldup(l, s);
			else
				ERR(l, v[AK_COUNTRY], "'country': '%s' is not an ISO 3166 alpha-2 code such as VN",
				    shown(s, b, sizeof b));
		}
		a.kind = -1;
		if (need(l, m, v[AK_KIND], "kind", "this agency") && (s = scalar(l, v[AK_KIND], "kind"))) {
			if ((a.kind = operation_kind_parse(s)) < 0) {
				const char *sg = config_suggest(s, kind_names, OP_KIND_COUNT);
				if (sg)
					ERR(l, v[AK_KIND], "unknown kind '%s' (did you mean '%s'?)", shown(s, b, sizeof b), sg);
				else
					ERR(l, v[AK_KIND], "unknown kind '%s' (kinds: customs, police, drug control, border, "
					    "environment, international, other)", shown(s, b, sizeof b));
			}
		}
		for (int k = 0; a.code && k < o->nagencies; k++)
			if (o->agencies[k].code && strcmp(o->agencies[k].code, a.code) == 0) {
				ERR(l, v[AK_CODE], "duplicate agency code '%s' (first at line %lu)", a.code,
				    (unsigned long)at[k]->line);
				break;
			}
		at[o->nagencies] = m;
		o->agencies[o->nagencies++] = a;
	}
	free(at);
}

/* ---- loading -------------------------------------------------------------------------- */

enum { TK_OPERATION, TK_PHASES, TK_AGENCIES, TK_CATEGORIES, TK_N };
static const char *const top_keys[TK_N] = { "operation", "phases", "agencies", "categories" };

static void load_root(struct loader *l, struct config_node *root, struct op *o)
{
	struct config_node *v[TK_N];

	if (map_fields(l, root, "the operation file", top_keys, TK_N, v) < 0)
		return;
	for (int i = 0; i < TK_N; i++)
		if (!v[i])
			ERR(l, root, "the operation file has no '%s'", top_keys[i]);
	if (v[TK_OPERATION])
		load_operation(l, v[TK_OPERATION], o);
	/* Phases last: they name categories ('published') and agencies. */
	if (v[TK_CATEGORIES])
		load_categories(l, v[TK_CATEGORIES], o);
	if (v[TK_AGENCIES])
		load_agencies(l, v[TK_AGENCIES], o);
	if (v[TK_PHASES])
		load_phases(l, v[TK_PHASES], o);
}

int operation_load(const char *path, const char *text, size_t len, const char *name, struct op *out,
                   FILE *errs)
{
	struct loader l = { .name = name ? name : path ? path : "(operation)" };
	struct config_doc *doc;
	char err[600];

	memset(out, 0, sizeof *out);
	doc = path ? config_load_file(path, err, sizeof err) : config_load_mem(l.name, text, len, err, sizeof err);
	if (!doc) {
		fprintf(errs, "%s\n", err);
		return -1;
	}
	load_root(&l, doc->root, out);
	config_free(doc);
	qsort(l.errs, (size_t)l.nerr, sizeof l.errs[0], by_position);
	for (int i = 0; i < l.nerr; i++) {
		fprintf(errs, "%s:%ld:%ld: %s\n", l.name, l.errs[i].line, l.errs[i].col, l.errs[i].msg);
		free(l.errs[i].msg);
	}
	if (l.dropped)
		fprintf(errs, "%s: and %d more problems\n", l.name, l.dropped);
	if (l.oom)
		fprintf(errs, "%s: out of memory\n", l.name);
	if (l.nerr || l.oom) {
		operation_free(out);
		return -1;
	}
	return 0;
}

void operation_free(struct op *o)
{
	if (!o)
		return;
	free(o->code);
	free(o->name);
	for (int i = 0; i < o->ncoordinators; i++)
		free(o->coordinators[i]);
	free(o->coordinators);
	free(o->source);
	for (int i = 0; i < o->nphases; i++) {
		struct op_phase *p = &o->phases[i];
		free(p->code), free(p->name), free(p->starts_on), free(p->ends_on), free(p->period);
		free(p->review_place), free(p->review_on), free(p->published), free(p->source);
		for (int k = 0; k < p->nagencies; k++)
			free(p->agencies[k]);
		free(p->agencies);
	}
	free(o->phases);
	for (int i = 0; i < o->nagencies; i++) {
		struct op_agency *a = &o->agencies[i];
		free(a->code), free(a->name), free(a->short_name), free(a->country);
	}
	free(o->agencies);
	for (int i = 0; i < o->ncategories; i++) {
		struct op_category *c = &o->categories[i];
		free(c->code), free(c->name), free(c->parent), free(c->unit);
	}
	free(o->categories);
	memset(o, 0, sizeof *o);
}

int operation_phase_index(const struct op *o, const char *code)
{
	for (int i = 0; code && i < o->nphases; i++)
		if (o->phases[i].code && strcmp(o->phases[i].code, code) == 0)
			return i;
	return -1;
}

int operation_agency_index(const struct op *o, const char *code)
{
	for (int i = 0; code && i < o->nagencies; i++)
		if (o->agencies[i].code && strcmp(o->agencies[i].code, code) == 0)
			return i;
	return -1;
}

int operation_category_index(const struct op *o, const char *code)
{
	for (int i = 0; code && i < o->ncategories; i++)
		if (o->categories[i].code && strcmp(o->categories[i].code, code) == 0)
			return i;
	return -1;
}
