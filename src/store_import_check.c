/*
 * store_import_check: validating the rows of a CSV import (store_import.c reads and
 * inserts them).  Codes are looked up in sorted in-memory copies of the reference
 * tables, refs already seen in a hash set; every cell is checked against what the
 * schema's CHECK constraints demand, and more (a date inside its phase, an agency that
 * takes part), so that a file that passes here inserts without a constraint failing.
 * Messages quote the offending value with text_quote(), the one quoting of echoed values.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "store_import.h"


/* ---- messages ------------------------------------------------------------------------ */

void store_import_err(struct io_ctx *x, long row, int col, const char *fmt, ...)
{
	va_list ap;

	if (x->nerr == 0)
		store_import_ref_due(x); /* may report an earlier row's problem first */
	if (++x->nerr > IO_MAX_ERRORS || !x->errs)
		return;
	fprintf(x->errs, "%s:%ld:%d: ", x->name, row, col);
	va_start(ap, fmt);
	vfprintf(x->errs, fmt, ap);
	va_end(ap);
	fputc('\n', x->errs);
}

/* Reports a problem with column c of a row: "column 'quantity': ...". */
void store_import_cell_err(struct io_ctx *x, long row, int c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	store_import_err(x, row, x->col_field[c] + 1, "column '%s': %s", store_io_cols[c].name, msg);
}

/* ---- lookups ------------------------------------------------------------------------- */

static int io_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct io_code *)a)->code, ((const struct io_code *)b)->code);
}

static const struct io_code *io_find(const struct io_codes *t, const char *code)
{
	struct io_code key = { .code = (char *)code };
	return t->n ? bsearch(&key, t->v, (size_t)t->n, sizeof *t->v, io_code_cmp) : NULL;
}

void store_import_codes_free(struct io_codes *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].code);
		free(t->v[i].starts);
		free(t->v[i].ends);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* One id, code[, parent | starts_on, ends_on] row; ctx points to the kind. */
static int code_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	struct io_code *c = elem;
	int kind = *(const int *)ctx;

	c->id = sqlite3_column_int64(st, 0);
	if (!(c->code = store_col_dup(st, 1)))
		return -1;
	if (kind == 1)
		c->parent = sqlite3_column_int64(st, 2);
	if (kind == 2 && (!(c->starts = store_col_dup(st, 2)) || !(c->ends = store_col_dup(st, 3))))
		return -1;
	return 0;
}

/* Loads id, code[, parent | starts_on, ends_on] rows of sql into t. */
int store_import_load_codes(struct io_ctx *x, const char *sql, struct io_codes *t, int kind)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(x->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (store_rows_collect(x->s, st, &t->v, &t->n, sizeof *t->v, 64, code_fill, &kind) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (t->n)
		qsort(t->v, (size_t)t->n, sizeof *t->v, io_code_cmp);
	return 0;
}

static int io_i64_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

/* One participation as operation_id << 32 | agency_id, the key the importer searches. */
static int part_fill(sqlite3_stmt *st, void *elem, void *ctx)
{
	(void)ctx;
	*(sqlite3_int64 *)elem = sqlite3_column_int64(st, 0) << 32 | sqlite3_column_int64(st, 1);
	return 0;
}

int store_import_load_parts(struct io_ctx *x)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(x->s->db, "SELECT operation_id, agency_id FROM participations", -1, &st,
	                       NULL) != SQLITE_OK) {
		store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (store_rows_collect(x->s, st, &x->parts, &x->nparts, sizeof *x->parts, 256, part_fill, NULL) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (x->nparts)
		qsort(x->parts, (size_t)x->nparts, sizeof *x->parts, io_i64_cmp);
	return 0;
}

static int io_takes_part(const struct io_ctx *x, sqlite3_int64 op, sqlite3_int64 agency)
{
	sqlite3_int64 key = op << 32 | agency;
	return x->nparts && bsearch(&key, x->parts, (size_t)x->nparts, sizeof key, io_i64_cmp) != NULL;
}

static uint64_t io_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The row where ref was first seen, or 0 after adding it; -1 when out of memory. */
long store_import_seen(struct io_ctx *x, const char *ref, long row)
{
	if (2 * (x->nused + 1) > x->nslot) {
		size_t n = x->nslot ? 2 * x->nslot : 1024;
		size_t *slot = calloc(n, sizeof *slot);
		long *srow = calloc(n, sizeof *srow);
		if (!slot || !srow) {
			free(slot);
			free(srow);
			return -1;
		}
		for (size_t i = 0; i < x->nslot; i++) {
			if (!x->slot[i])
				continue;
			size_t j = io_hash(x->refbuf + x->slot[i] - 1) & (n - 1);
			while (slot[j])
				j = (j + 1) & (n - 1);
			slot[j] = x->slot[i];
			srow[j] = x->slot_row[i];
		}
		free(x->slot);
		free(x->slot_row);
		x->slot = slot;
		x->slot_row = srow;
		x->nslot = n;
	}
	size_t j = io_hash(ref) & (x->nslot - 1);
	for (; x->slot[j]; j = (j + 1) & (x->nslot - 1))
		if (strcmp(x->refbuf + x->slot[j] - 1, ref) == 0)
			return x->slot_row[j];
	size_t n = strlen(ref) + 1;
	if (x->reflen + n > x->refcap) {
		size_t cap = x->refcap ? 2 * x->refcap : 65536;
		while (cap < x->reflen + n)
			cap *= 2;
		char *b = realloc(x->refbuf, cap);
		if (!b)
			return -1;
		x->refbuf = b;
		x->refcap = cap;
	}
	memcpy(x->refbuf + x->reflen, ref, n);
	x->slot[j] = x->reflen + 1;
	x->slot_row[j] = row;
	x->reflen += n;
	x->nused++;
	return 0;
}

/* ---- cell checks --------------------------------------------------------------------- */

static int io_in(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

static const char *io_list(char *buf, size_t sz, const char *const *set)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; set[i] && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s", i ? ", " : "", set[i]);
	return buf;
}

/* YYYY-MM-DD naming a day that exists: what date(x) IS x accepts. */
static int io_date_ok(const char *s)
{
	return date_valid(s, NULL);
}

static int io_alpha2(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && !s[2];
}

/* Empty, or alpha-2 codes separated by single spaces. */
static int io_alpha2_list(const char *s)
{
	if (!*s)
		return 1;
	for (;;) {
		if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'))
			return 0;
		if (!s[2])
			return 1;
		if (s[2] != ' ')
			return 0;
		s += 3;
	}
}

/*
 * A plain decimal, converted without strtod (whose decimal point follows the locale,
 * which the interactive program sets).  With at most 15 significant digits the value
 * m * 10^e is as exact as a double can be, and export prints it back digit for digit.
 * grams: divide by 1000.  Returns NULL or why not.
 */
static const char *io_quantity(const char *s, int grams, double *out)
{
	uint64_t m = 0;
	int sig = 0, e = 0, intdigits = 0, fracdigits = 0, zeros = 0;
	const char *p = s;

	if (*p == '-')
		return "negative quantity";
	for (; *p >= '0' && *p <= '9'; p++, intdigits++) {
		if (!sig && *p == '0')
			continue;
		if (*p == '0') {
			zeros++; /* held back: trailing zeros of the integer part become exponent */
			continue;
		}
		for (; zeros; zeros--, sig++)
			m *= 10;
		m = m * 10 + (uint64_t)(*p - '0');
		sig++;
		if (sig > 15)
			return "more than 15 significant digits";
	}
	e = zeros;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, fracdigits++) {
			if (*p == '0') {
				if (sig)
					zeros++; /* significant only if a non-zero digit follows */
				else
					e--;     /* a leading zero of the fraction */
				continue;
			}
			for (; zeros; zeros--, sig++, e--)
				m *= 10;
			m = m * 10 + (uint64_t)(*p - '0');
			sig++;
			e--;
			if (sig > 15)
				return "more than 15 significant digits";
		}
		if (!fracdigits)
			return "not a decimal number (write digits, and '.' then digits for a fraction)";
	}
	if (*p || !intdigits)
		return "not a decimal number (write digits, and '.' then digits for a fraction)";
	if (sig && sig + e > 15)
		return "too large (at most 15 digits before the '.')";
	if (fracdigits > 24)
		return "too many decimal places (at most 24)";
	if (grams)
		e -= 3;
	double v = (double)m, p10 = 1;
	for (int i = 0; i < (e < 0 ? -e : e); i++)
		p10 *= 10; /* exact up to 1e22, which covers every accepted value */
	*out = e < 0 ? v / p10 : v * p10;
	return NULL;
}

/* Digits only, at most 9 of them. */
static int io_count(const char *s, long long *out)
{
	long long v = 0;
	int n = 0;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n == 9)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return n ? 0 : -1;
}

/* Checks the case columns of a case's first row; 0 when they are all good. */
int store_import_check_case(struct io_ctx *x, long row, struct io_row *r)
{
	long before = x->nerr;
	char q[256], list[256];
	const char *const *v = r->v;

	for (int c = 0; c < COL_FIRST_SEIZURE; c++)
		if (store_io_cols[c].required && !*v[c])
			store_import_cell_err(x, row, c, "empty, but every case needs one");
	size_t reflen = strlen(v[COL_REF]);
	if (reflen > 63)
		store_import_cell_err(x, row, COL_REF, "longer than 63 bytes");
	for (size_t i = 0; i < reflen; i++) {
		unsigned char ch = (unsigned char)v[COL_REF][i];
		if (ch < 0x20 || ch == 0x7F || (ch == ' ' && (i == 0 || i == reflen - 1))) {
			store_import_cell_err(x, row, COL_REF, "'%s' holds a control character or an outer space",
			            text_quote(v[COL_REF], (size_t)-1, q, sizeof q));
			break;
		}
	}
	if (*v[COL_PHASE] && !(r->op = io_find(&x->ops, v[COL_PHASE])))
		store_import_cell_err(x, row, COL_PHASE, "unknown phase '%s'", text_quote(v[COL_PHASE], (size_t)-1, q, sizeof q));
	if (*v[COL_AGENCY] && !(r->agency = io_find(&x->agencies, v[COL_AGENCY])))
		store_import_cell_err(x, row, COL_AGENCY, "unknown agency '%s'", text_quote(v[COL_AGENCY], (size_t)-1, q, sizeof q));
	if (r->op && r->agency && !io_takes_part(x, r->op->id, r->agency->id))
		store_import_cell_err(x, row, COL_AGENCY, "agency '%s' does not take part in phase '%s'",
		            r->agency->code, r->op->code);
	if (*v[COL_CATEGORY]) {
		r->cat = io_find(&x->cats, v[COL_CATEGORY]);
		if (!r->cat)
			store_import_cell_err(x, row, COL_CATEGORY, "unknown category '%s'",
			            text_quote(v[COL_CATEGORY], (size_t)-1, q, sizeof q));
		else if (r->cat->parent) {
			store_import_cell_err(x, row, COL_CATEGORY, "'%s' is a sub-category; expected a top-level "
			            "category", r->cat->code);
			r->cat = NULL;
		}
	}
	if (*v[COL_SUBCATEGORY]) {
		r->sub = io_find(&x->cats, v[COL_SUBCATEGORY]);
		if (!r->sub)
			store_import_cell_err(x, row, COL_SUBCATEGORY, "unknown sub-category '%s'",
			            text_quote(v[COL_SUBCATEGORY], (size_t)-1, q, sizeof q));
		else if (r->cat && r->sub->parent != r->cat->id)
			store_import_cell_err(x, row, COL_SUBCATEGORY, "'%s' is not a sub-category of '%s'",
			            r->sub->code, r->cat->code);
	}
	if (*v[COL_DETECTED_ON]) {
		if (!io_date_ok(v[COL_DETECTED_ON]))
			store_import_cell_err(x, row, COL_DETECTED_ON, "'%s' is not a real date (expected YYYY-MM-DD)",
			            text_quote(v[COL_DETECTED_ON], (size_t)-1, q, sizeof q));
		else if (r->op && (strcmp(v[COL_DETECTED_ON], r->op->starts) < 0 ||
		                   strcmp(v[COL_DETECTED_ON], r->op->ends) > 0))
			store_import_cell_err(x, row, COL_DETECTED_ON, "%s is outside phase %s (%s to %s)",
			            v[COL_DETECTED_ON], r->op->code, r->op->starts, r->op->ends);
	}
	if (*v[COL_COUNTRY] && !io_alpha2(v[COL_COUNTRY]))
		store_import_cell_err(x, row, COL_COUNTRY, "'%s' is not an upper-case two-letter country code",
		            text_quote(v[COL_COUNTRY], (size_t)-1, q, sizeof q));
	if (*v[COL_DEPARTURE] && !io_alpha2(v[COL_DEPARTURE]))
		store_import_cell_err(x, row, COL_DEPARTURE, "'%s' is not an upper-case two-letter country code",
		            text_quote(v[COL_DEPARTURE], (size_t)-1, q, sizeof q));
	if (*v[COL_DESTINATION] && !io_alpha2(v[COL_DESTINATION]))
		store_import_cell_err(x, row, COL_DESTINATION, "'%s' is not an upper-case two-letter country code",
		            text_quote(v[COL_DESTINATION], (size_t)-1, q, sizeof q));
	if (!io_alpha2_list(v[COL_TRANSIT]))
		store_import_cell_err(x, row, COL_TRANSIT, "'%s' is not a list of two-letter country codes "
		            "separated by single spaces", text_quote(v[COL_TRANSIT], (size_t)-1, q, sizeof q));
	if (*v[COL_TRANSPORT] && !io_in(v[COL_TRANSPORT], store_transports))
		store_import_cell_err(x, row, COL_TRANSPORT, "unknown transport '%s' (expected %s)",
		            text_quote(v[COL_TRANSPORT], (size_t)-1, q, sizeof q), io_list(list, sizeof list, store_transports));
	if (*v[COL_DETECTION] && !io_in(v[COL_DETECTION], store_detections))
		store_import_cell_err(x, row, COL_DETECTION, "unknown detection '%s' (expected %s, or empty)",
		            text_quote(v[COL_DETECTION], (size_t)-1, q, sizeof q), io_list(list, sizeof list, store_detections));
	if (*v[COL_STATUS] && !io_in(v[COL_STATUS], store_statuses))
		store_import_cell_err(x, row, COL_STATUS, "unknown status '%s' (expected %s)",
		            text_quote(v[COL_STATUS], (size_t)-1, q, sizeof q), io_list(list, sizeof list, store_statuses));
	r->arrests = 0;
	if (*v[COL_ARRESTS] && io_count(v[COL_ARRESTS], &r->arrests) < 0)
		store_import_cell_err(x, row, COL_ARRESTS, "'%s' is not a non-negative whole number (at most 9 digits)",
		            text_quote(v[COL_ARRESTS], (size_t)-1, q, sizeof q));
	return x->nerr == before ? 0 : -1;
}

/* Checks commodity, quantity and unit. */
void store_import_check_seizure(struct io_ctx *x, long row, struct io_row *r)
{
	static const char *const units[] = { "kg", "g", "tablets", "pieces", "heads", "m3", "litres", NULL };
	const char *const *v = r->v;
	char q[256], list[128];
	int given = !!*v[COL_COMMODITY] + !!*v[COL_QUANTITY] + !!*v[COL_UNIT];

	r->has_seizure = given > 0;
	if (given == 0)
		return;
	if (given < 3) {
		for (int c = COL_COMMODITY; c <= COL_UNIT; c++)
			if (!*v[c])
				store_import_cell_err(x, row, c, "empty, but %s", x->col_field[c] < 0 ?
				            "the column is missing while others of commodity, quantity, unit are given" :
				            "commodity, quantity and unit go together (all three or none)");
		return;
	}
	r->unit = strcmp(v[COL_UNIT], "g") == 0 ? STORE_UNIT_KG : store_unit_parse(v[COL_UNIT]);
	if (r->unit < 0)
		store_import_cell_err(x, row, COL_UNIT, "unknown unit '%s' (expected %s)",
		            text_quote(v[COL_UNIT], (size_t)-1, q, sizeof q), io_list(list, sizeof list, units));
	const char *why = io_quantity(v[COL_QUANTITY], strcmp(v[COL_UNIT], "g") == 0, &r->qty);
	if (why)
		store_import_cell_err(x, row, COL_QUANTITY, "%s '%s'", why, text_quote(v[COL_QUANTITY], (size_t)-1, q, sizeof q));
}
