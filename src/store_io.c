/*
 * store_io: CSV import (all rows or none) and CSV/JSON export of cases.
 *
 * CSV import format
 * -----------------
 * RFC 4180 (see csv.h): UTF-8, an optional byte order mark, CR LF or LF line ends.
 * The first record is a header naming the columns, in any order; an unknown or repeated
 * name is an error.  Required columns:
 *
 *   ref          the case reference, 1-63 characters, unique ("OMD7-VNCUS-0412")
 *   phase        operation code ("OMD7")
 *   agency       agency code ("VNCUS"); the agency must take part in the phase
 *   category     top-level category code: drugs, precursors, wildlife
 *   subcategory  a sub-category code of that category ("heroin", "ivory")
 *   detected_on  YYYY-MM-DD, a real date inside the phase's period
 *   country      ISO 3166 alpha-2 code of the place of detection, upper case ("VN")
 *   transport    air passenger, air cargo, express courier, postal, sea container,
 *                sea vessel, road, rail, other
 *   status       open, under investigation, prosecuted, closed
 *
 * Optional columns (empty when absent):
 *
 *   location, concealment, summary   free text
 *   departure, destination           an alpha-2 code or empty
 *   transit                          alpha-2 codes separated by single spaces
 *   detection    risk profiling, intelligence, x-ray, detector dog, random check, other
 *   arrests      a non-negative integer (empty: 0)
 *   commodity, quantity, unit        one seizure: all three given or all three empty
 *
 * One row per seizure: the rows of one case share its ref, follow each other, and agree
 * on every case column (ref ... summary).  A case without a seizure is one row with
 * commodity, quantity and unit empty.  quantity is a plain decimal ("12.5"), at most 15
 * significant digits, below 10^15; unit is kg, g (stored as kg / 1000), tablets, pieces,
 * heads, m3 or litres.  Empty lines are ignored.  A cell that starts with an apostrophe
 * followed by =, +, -, @, TAB or CR loses that apostrophe (it is how export neutralises
 * formulas, so export then import gives back the same cases); otherwise cells are
 * stored exactly as given.
 *
 * The file is read whole and checked in full before anything is written; every problem
 * is listed as FILE:ROW:COLUMN: reason (ROW counts records, the header being row 1;
 * COLUMN counts fields from 1), up to 100 of them.  Only a file without problems is
 * inserted, in one BEGIN IMMEDIATE transaction (taken before checking, so the checks and
 * the inserts see the same database); any failure rolls it back.
 *
 * Speed: codes are looked up in sorted in-memory tables, refs already seen in a hash set,
 * and every statement is prepared once; a second pass over the in-memory file inserts.
 *
 * Export writes the same format (every column, one row per seizure, ordered by ref and
 * seizure id, every cell through csv_write_field), or JSON: an array of case objects,
 * each with a "seizures" array, built by SQLite's json_object().  Text that is not valid
 * UTF-8 in the database (or holds NUL) is written with U+FFFD in place of each bad
 * sequence, so both outputs are always valid UTF-8 and the JSON always parses.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "store_internal.h"

#define IO_MAX_ERRORS 100
#define IO_MAX_FILE (1024L * 1024 * 1024)

enum io_col {
	COL_REF, COL_PHASE, COL_AGENCY, COL_CATEGORY, COL_SUBCATEGORY, COL_DETECTED_ON,
	COL_LOCATION, COL_COUNTRY, COL_TRANSPORT, COL_DEPARTURE, COL_TRANSIT, COL_DESTINATION,
	COL_DETECTION, COL_CONCEALMENT, COL_ARRESTS, COL_STATUS, COL_SUMMARY,
	COL_COMMODITY, COL_QUANTITY, COL_UNIT, COL_COUNT
};
#define COL_FIRST_SEIZURE COL_COMMODITY /* columns before it belong to the case */

static const struct {
	const char *name;
	int required;
} io_cols[COL_COUNT] = {
	[COL_REF] = { "ref", 1 },             [COL_PHASE] = { "phase", 1 },
	[COL_AGENCY] = { "agency", 1 },       [COL_CATEGORY] = { "category", 1 },
	[COL_SUBCATEGORY] = { "subcategory", 1 }, [COL_DETECTED_ON] = { "detected_on", 1 },
	[COL_LOCATION] = { "location", 0 },   [COL_COUNTRY] = { "country", 1 },
	[COL_TRANSPORT] = { "transport", 1 }, [COL_DEPARTURE] = { "departure", 0 },
	[COL_TRANSIT] = { "transit", 0 },     [COL_DESTINATION] = { "destination", 0 },
	[COL_DETECTION] = { "detection", 0 }, [COL_CONCEALMENT] = { "concealment", 0 },
	[COL_ARRESTS] = { "arrests", 0 },     [COL_STATUS] = { "status", 1 },
	[COL_SUMMARY] = { "summary", 0 },     [COL_COMMODITY] = { "commodity", 0 },
	[COL_QUANTITY] = { "quantity", 0 },   [COL_UNIT] = { "unit", 0 },
};

/* The schema's CHECK sets (store_schema.c), for messages that list what is allowed. */
static const char *const io_transports[] = { "air passenger", "air cargo", "express courier",
	"postal", "sea container", "sea vessel", "road", "rail", "other", NULL };
static const char *const io_detections[] = { "risk profiling", "intelligence", "x-ray",
	"detector dog", "random check", "other", NULL };
static const char *const io_statuses[] = { "open", "under investigation", "prosecuted",
	"closed", NULL };

/* A code of operations/agencies/categories, kept sorted by code for bsearch. */
struct io_code {
	char *code;          /* owned */
	sqlite3_int64 id;
	sqlite3_int64 parent; /* categories: parent id, 0 for top level */
	char *starts, *ends;  /* operations: owned ISO dates */
};
struct io_codes {
	struct io_code *v;   /* owned */
	int n;
};

/* One checked row, borrowed from the reader's record. */
struct io_row {
	const char *v[COL_COUNT]; /* "" for an absent column */
	const struct io_code *op, *agency, *cat, *sub;
	long long arrests;
	double qty;
	int unit;                 /* enum store_unit */
	int has_seizure;
};

struct io_ctx {
	struct store *s;
	FILE *errs;
	const char *name;         /* the file as shown in messages (sanitised) */
	long nerr;
	int insert;               /* second pass: write */
	int col_field[COL_COUNT]; /* field index of each column, -1 when absent */
	int ncols;
	struct io_codes ops, agencies, cats;
	sqlite3_int64 *parts;     /* owned: operation_id << 32 | agency_id, sorted */
	int nparts;
	sqlite3_stmt *ref_exists, *ins_case, *ins_seizure;
	/* Refs seen so far (first pass), an open-addressing set of offsets into refbuf. */
	size_t *slot;             /* owned: offset + 1, 0 for empty */
	long *slot_row;           /* owned: the row a ref was first seen on */
	size_t nslot, nused;
	char *refbuf;             /* owned */
	size_t reflen, refcap;
	/* The case being read: its first row's case columns, to compare later rows with. */
	char *cur;                /* owned: COL_FIRST_SEIZURE NUL-terminated strings */
	size_t curcap;
	long cur_row;
	int cur_valid, cur_empty_seizure;
	sqlite3_int64 cur_id;
	long long ncases;
};

/* ---- messages ------------------------------------------------------------------------ */

/*
 * A value as shown in a message: at most 40 characters, control bytes as \xHH and the
 * C1 controls and bidirectional overrides as <U+XXXX>, since messages reach a terminal.
 * The input is valid UTF-8 (the reader checked it) except for file names.
 */
static const char *io_quote(char *dst, size_t dsz, const char *s)
{
	size_t j = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p && j + 12 < dsz) {
		unsigned c = *p, cp = 0;
		size_t n = 1;
		if (chars++ == 40) {
			j += (size_t)snprintf(dst + j, dsz - j, "...");
			break;
		}
		if (c >= 0xC0 && (p[1] & 0xC0) == 0x80) {
			n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (csv_utf8_check((const char *)p, n) != n)
				n = 1;
			else if (n == 2)
				cp = ((c & 0x1F) << 6) | (p[1] & 0x3F);
			else if (n == 3)
				cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		}
		if (c < 0x20 || c == 0x7F || (n == 1 && c >= 0x80))
			j += (size_t)snprintf(dst + j, dsz - j, "\\x%02X", c);
		else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
		         (cp >= 0x2066 && cp <= 0x2069))
			j += (size_t)snprintf(dst + j, dsz - j, "<U+%04X>", cp);
		else {
			memcpy(dst + j, p, n);
			j += n;
		}
		p += n;
	}
	dst[j < dsz ? j : dsz - 1] = '\0';
	return dst;
}

static void io_err(struct io_ctx *x, long row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void io_err(struct io_ctx *x, long row, int col, const char *fmt, ...)
{
	va_list ap;

	if (++x->nerr > IO_MAX_ERRORS || !x->errs)
		return;
	fprintf(x->errs, "%s:%ld:%d: ", x->name, row, col);
	va_start(ap, fmt);
	vfprintf(x->errs, fmt, ap);
	va_end(ap);
	fputc('\n', x->errs);
}

/* Reports a problem with column c of a row: "column 'quantity': ...". */
static void io_cell_err(struct io_ctx *x, long row, int c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void io_cell_err(struct io_ctx *x, long row, int c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	io_err(x, row, x->col_field[c] + 1, "column '%s': %s", io_cols[c].name, msg);
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

static void io_codes_free(struct io_codes *t)
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

static char *io_col_dup(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return strdup(t ? t : "");
}

/* Loads id, code[, parent | starts_on, ends_on] rows of sql into t. */
static int io_load_codes(struct io_ctx *x, const char *sql, struct io_codes *t, int kind)
{
	sqlite3_stmt *st = NULL;
	int cap = 0, rc;

	if (sqlite3_prepare_v2(x->s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->n == cap) {
			cap = cap ? 2 * cap : 64;
			struct io_code *v = realloc(t->v, (size_t)cap * sizeof *v);
			if (!v)
				goto oom;
			t->v = v;
		}
		struct io_code *c = &t->v[t->n];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		t->n++;
		if (!(c->code = io_col_dup(st, 1)))
			goto oom;
		if (kind == 1)
			c->parent = sqlite3_column_int64(st, 2);
		if (kind == 2 && (!(c->starts = io_col_dup(st, 2)) || !(c->ends = io_col_dup(st, 3))))
			goto oom;
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	if (t->n)
		qsort(t->v, (size_t)t->n, sizeof *t->v, io_code_cmp);
	return 0;
sqlfail:
	store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
	sqlite3_finalize(st);
	return -1;
oom:
	store_fail(x->s, "out of memory");
	sqlite3_finalize(st);
	return -1;
}

static int io_i64_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

static int io_load_parts(struct io_ctx *x)
{
	sqlite3_stmt *st = NULL;
	int cap = 0, rc;

	if (sqlite3_prepare_v2(x->s->db, "SELECT operation_id, agency_id FROM participations", -1, &st,
	                       NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (x->nparts == cap) {
			cap = cap ? 2 * cap : 256;
			sqlite3_int64 *p = realloc(x->parts, (size_t)cap * sizeof *p);
			if (!p) {
				sqlite3_finalize(st);
				return store_fail(x->s, "out of memory");
			}
			x->parts = p;
		}
		x->parts[x->nparts++] = sqlite3_column_int64(st, 0) << 32 | sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (x->nparts)
		qsort(x->parts, (size_t)x->nparts, sizeof *x->parts, io_i64_cmp);
	return 0;
fail:
	store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
	sqlite3_finalize(st);
	return -1;
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
static long io_seen(struct io_ctx *x, const char *ref, long row)
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
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	if (s[10])
		return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
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
static int io_check_case(struct io_ctx *x, long row, struct io_row *r)
{
	long before = x->nerr;
	char q[256], list[256];
	const char *const *v = r->v;

	for (int c = 0; c < COL_FIRST_SEIZURE; c++)
		if (io_cols[c].required && !*v[c])
			io_cell_err(x, row, c, "empty, but every case needs one");
	size_t reflen = strlen(v[COL_REF]);
	if (reflen > 63)
		io_cell_err(x, row, COL_REF, "longer than 63 bytes");
	for (size_t i = 0; i < reflen; i++) {
		unsigned char ch = (unsigned char)v[COL_REF][i];
		if (ch < 0x20 || ch == 0x7F || (ch == ' ' && (i == 0 || i == reflen - 1))) {
			io_cell_err(x, row, COL_REF, "'%s' holds a control character or an outer space",
			            io_quote(q, sizeof q, v[COL_REF]));
			break;
		}
	}
	if (*v[COL_PHASE] && !(r->op = io_find(&x->ops, v[COL_PHASE])))
		io_cell_err(x, row, COL_PHASE, "unknown phase '%s'", io_quote(q, sizeof q, v[COL_PHASE]));
	if (*v[COL_AGENCY] && !(r->agency = io_find(&x->agencies, v[COL_AGENCY])))
		io_cell_err(x, row, COL_AGENCY, "unknown agency '%s'", io_quote(q, sizeof q, v[COL_AGENCY]));
	if (r->op && r->agency && !io_takes_part(x, r->op->id, r->agency->id))
		io_cell_err(x, row, COL_AGENCY, "agency '%s' does not take part in phase '%s'",
		            r->agency->code, r->op->code);
	if (*v[COL_CATEGORY]) {
		r->cat = io_find(&x->cats, v[COL_CATEGORY]);
		if (!r->cat)
			io_cell_err(x, row, COL_CATEGORY, "unknown category '%s'",
			            io_quote(q, sizeof q, v[COL_CATEGORY]));
		else if (r->cat->parent) {
			io_cell_err(x, row, COL_CATEGORY, "'%s' is a sub-category; expected a top-level "
			            "category", r->cat->code);
			r->cat = NULL;
		}
	}
	if (*v[COL_SUBCATEGORY]) {
		r->sub = io_find(&x->cats, v[COL_SUBCATEGORY]);
		if (!r->sub)
			io_cell_err(x, row, COL_SUBCATEGORY, "unknown sub-category '%s'",
			            io_quote(q, sizeof q, v[COL_SUBCATEGORY]));
		else if (r->cat && r->sub->parent != r->cat->id)
			io_cell_err(x, row, COL_SUBCATEGORY, "'%s' is not a sub-category of '%s'",
			            r->sub->code, r->cat->code);
	}
	if (*v[COL_DETECTED_ON]) {
		if (!io_date_ok(v[COL_DETECTED_ON]))
			io_cell_err(x, row, COL_DETECTED_ON, "'%s' is not a real date (expected YYYY-MM-DD)",
			            io_quote(q, sizeof q, v[COL_DETECTED_ON]));
		else if (r->op && (strcmp(v[COL_DETECTED_ON], r->op->starts) < 0 ||
		                   strcmp(v[COL_DETECTED_ON], r->op->ends) > 0))
			io_cell_err(x, row, COL_DETECTED_ON, "%s is outside phase %s (%s to %s)",
			            v[COL_DETECTED_ON], r->op->code, r->op->starts, r->op->ends);
	}
	if (*v[COL_COUNTRY] && !io_alpha2(v[COL_COUNTRY]))
		io_cell_err(x, row, COL_COUNTRY, "'%s' is not an upper-case two-letter country code",
		            io_quote(q, sizeof q, v[COL_COUNTRY]));
	if (*v[COL_DEPARTURE] && !io_alpha2(v[COL_DEPARTURE]))
		io_cell_err(x, row, COL_DEPARTURE, "'%s' is not an upper-case two-letter country code",
		            io_quote(q, sizeof q, v[COL_DEPARTURE]));
	if (*v[COL_DESTINATION] && !io_alpha2(v[COL_DESTINATION]))
		io_cell_err(x, row, COL_DESTINATION, "'%s' is not an upper-case two-letter country code",
		            io_quote(q, sizeof q, v[COL_DESTINATION]));
	if (!io_alpha2_list(v[COL_TRANSIT]))
		io_cell_err(x, row, COL_TRANSIT, "'%s' is not a list of two-letter country codes "
		            "separated by single spaces", io_quote(q, sizeof q, v[COL_TRANSIT]));
	if (*v[COL_TRANSPORT] && !io_in(v[COL_TRANSPORT], io_transports))
		io_cell_err(x, row, COL_TRANSPORT, "unknown transport '%s' (expected %s)",
		            io_quote(q, sizeof q, v[COL_TRANSPORT]), io_list(list, sizeof list, io_transports));
	if (*v[COL_DETECTION] && !io_in(v[COL_DETECTION], io_detections))
		io_cell_err(x, row, COL_DETECTION, "unknown detection '%s' (expected %s, or empty)",
		            io_quote(q, sizeof q, v[COL_DETECTION]), io_list(list, sizeof list, io_detections));
	if (*v[COL_STATUS] && !io_in(v[COL_STATUS], io_statuses))
		io_cell_err(x, row, COL_STATUS, "unknown status '%s' (expected %s)",
		            io_quote(q, sizeof q, v[COL_STATUS]), io_list(list, sizeof list, io_statuses));
	r->arrests = 0;
	if (*v[COL_ARRESTS] && io_count(v[COL_ARRESTS], &r->arrests) < 0)
		io_cell_err(x, row, COL_ARRESTS, "'%s' is not a non-negative whole number (at most 9 digits)",
		            io_quote(q, sizeof q, v[COL_ARRESTS]));
	return x->nerr == before ? 0 : -1;
}

/* Checks commodity, quantity and unit. */
static void io_check_seizure(struct io_ctx *x, long row, struct io_row *r)
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
				io_cell_err(x, row, c, "empty, but %s", x->col_field[c] < 0 ?
				            "the column is missing while others of commodity, quantity, unit are given" :
				            "commodity, quantity and unit go together (all three or none)");
		return;
	}
	r->unit = strcmp(v[COL_UNIT], "g") == 0 ? STORE_UNIT_KG : store_unit_parse(v[COL_UNIT]);
	if (r->unit < 0)
		io_cell_err(x, row, COL_UNIT, "unknown unit '%s' (expected %s)",
		            io_quote(q, sizeof q, v[COL_UNIT]), io_list(list, sizeof list, units));
	const char *why = io_quantity(v[COL_QUANTITY], strcmp(v[COL_UNIT], "g") == 0, &r->qty);
	if (why)
		io_cell_err(x, row, COL_QUANTITY, "%s '%s'", why, io_quote(q, sizeof q, v[COL_QUANTITY]));
}

/* Remembers the case columns of a case's first row. */
static int io_keep_case(struct io_ctx *x, const struct io_row *r, long row)
{
	size_t need = 0;
	for (int c = 0; c < COL_FIRST_SEIZURE; c++)
		need += strlen(r->v[c]) + 1;
	if (need > x->curcap) {
		char *p = realloc(x->cur, need);
		if (!p)
			return -1;
		x->cur = p;
		x->curcap = need;
	}
	char *p = x->cur;
	for (int c = 0; c < COL_FIRST_SEIZURE; c++) {
		size_t n = strlen(r->v[c]) + 1;
		memcpy(p, r->v[c], n);
		p += n;
	}
	x->cur_row = row;
	return 0;
}

static int io_insert_case(struct io_ctx *x, const struct io_row *r)
{
	sqlite3_stmt *st = x->ins_case;
	static const int text_cols[] = { COL_REF, COL_DETECTED_ON, COL_LOCATION, COL_COUNTRY,
		COL_TRANSPORT, COL_DEPARTURE, COL_TRANSIT, COL_DESTINATION, COL_DETECTION,
		COL_CONCEALMENT, COL_STATUS, COL_SUMMARY };
	int i = 1;

	for (size_t k = 0; k < sizeof text_cols / sizeof text_cols[0]; k++)
		sqlite3_bind_text(st, i++, r->v[text_cols[k]], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, r->op->id);
	sqlite3_bind_int64(st, i++, r->agency->id);
	sqlite3_bind_int64(st, i++, r->cat->id);
	sqlite3_bind_int64(st, i++, r->sub->id);
	sqlite3_bind_int64(st, i++, r->arrests);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	x->cur_id = sqlite3_last_insert_rowid(x->s->db);
	x->ncases++;
	return 0;
}

static int io_insert_seizure(struct io_ctx *x, const struct io_row *r)
{
	sqlite3_stmt *st = x->ins_seizure;
	sqlite3_bind_int64(st, 1, x->cur_id);
	sqlite3_bind_text(st, 2, r->v[COL_COMMODITY], -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, r->qty);
	sqlite3_bind_text(st, 4, store_unit_name(r->unit), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One data record: check it, and in the second pass insert it.  -1 on a fatal failure. */
static int io_row(struct io_ctx *x, struct csv_reader *rd)
{
	struct io_row r;
	long row = rd->record;
	char q[256], q2[256];

	if (csv_blank(rd))
		return 0;
	if (rd->nfields != x->ncols) {
		io_err(x, row, (rd->nfields < x->ncols ? rd->nfields : x->ncols) + 1,
		       "%d field%s, but the header has %d", rd->nfields, rd->nfields == 1 ? "" : "s",
		       x->ncols);
		x->cur_valid = 0;
		return 0;
	}
	memset(&r, 0, sizeof r);
	for (int c = 0; c < COL_COUNT; c++) {
		int f = x->col_field[c];
		if (f < 0) {
			r.v[c] = "";
			continue;
		}
		r.v[c] = rd->fields[f].p + csv_plain(rd->fields[f].p, rd->fields[f].len);
	}
	r.has_seizure = *r.v[COL_COMMODITY] || *r.v[COL_QUANTITY] || *r.v[COL_UNIT];
	int same = x->cur_row && strcmp(r.v[COL_REF], x->cur) == 0;
	if (same) {
		/* A further seizure of the case begun on x->cur_row: case columns must agree. */
		const char *first = x->cur;
		for (int c = 0; c < COL_FIRST_SEIZURE; c++, first += strlen(first) + 1)
			if (strcmp(first, r.v[c]) != 0)
				io_cell_err(x, row, c, "'%s' differs from '%s' on row %ld, where the case began",
				            io_quote(q, sizeof q, r.v[c]), io_quote(q2, sizeof q2, first), x->cur_row);
		if (!r.has_seizure || x->cur_empty_seizure)
			io_cell_err(x, row, COL_COMMODITY, "case '%s' has several rows, so each needs a seizure",
			            io_quote(q, sizeof q, r.v[COL_REF]));
	} else {
		x->cur_valid = io_check_case(x, row, &r) == 0;
		x->cur_empty_seizure = !r.has_seizure;
		if (!x->insert && *r.v[COL_REF]) {
			long seen = io_seen(x, r.v[COL_REF], row);
			if (seen < 0)
				return store_fail(x->s, "out of memory");
			if (seen > 0)
				io_cell_err(x, row, COL_REF, "case '%s' already began on row %ld (the rows of a "
				            "case must follow each other)", io_quote(q, sizeof q, r.v[COL_REF]), seen);
			sqlite3_bind_text(x->ref_exists, 1, r.v[COL_REF], -1, SQLITE_STATIC);
			int rc = sqlite3_step(x->ref_exists);
			sqlite3_reset(x->ref_exists);
			if (rc == SQLITE_ROW)
				io_cell_err(x, row, COL_REF, "case '%s' is already in the database",
				            io_quote(q, sizeof q, r.v[COL_REF]));
			else if (rc != SQLITE_DONE)
				return store_fail(x->s, "%s: %s", x->s->path, sqlite3_errmsg(x->s->db));
		}
		if (io_keep_case(x, &r, row) < 0)
			return store_fail(x->s, "out of memory");
	}
	io_check_seizure(x, row, &r);
	if (!x->insert || x->nerr)
		return 0;
	if ((!same && io_insert_case(x, &r) < 0) || (r.has_seizure && io_insert_seizure(x, &r) < 0))
		return store_fail(x->s, "%s: row %ld: %s", x->s->path, row, sqlite3_errmsg(x->s->db));
	return 0;
}

/* The header row: which column is where.  0 when usable. */
static int io_header(struct io_ctx *x, struct csv_reader *rd)
{
	char q[256], list[512];
	long before = x->nerr;
	size_t len = 0;

	for (int c = 0; c < COL_COUNT; c++) {
		x->col_field[c] = -1;
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", c ? ", " : "", io_cols[c].name);
	}
	x->ncols = rd->nfields;
	for (int f = 0; f < rd->nfields; f++) {
		int c;
		for (c = 0; c < COL_COUNT && strcmp(rd->fields[f].p, io_cols[c].name) != 0; c++)
			;
		if (c == COL_COUNT)
			io_err(x, 1, f + 1, "unknown column '%s' (expected %s)",
			       io_quote(q, sizeof q, rd->fields[f].p), list);
		else if (x->col_field[c] >= 0)
			io_err(x, 1, f + 1, "column '%s' given twice (first as column %d)", io_cols[c].name,
			       x->col_field[c] + 1);
		else
			x->col_field[c] = f;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (io_cols[c].required && x->col_field[c] < 0)
			io_err(x, 1, 1, "missing required column '%s'", io_cols[c].name);
	return x->nerr == before ? 0 : -1;
}

static char *io_read_file(const char *path, size_t *len, char *why, size_t whysz)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		snprintf(why, whysz, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)IO_MAX_FILE) {
				snprintf(why, whysz, "larger than %ld MB", IO_MAX_FILE >> 20);
				goto fail;
			}
			cap = cap ? 2 * cap : 1 << 20;
			char *b = realloc(buf, cap);
			if (!b) {
				snprintf(why, whysz, "out of memory");
				goto fail;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* One pass over the records after the header; -1 on a fatal failure. */
static int io_pass(struct io_ctx *x, struct csv_reader *rd)
{
	int rc;

	csv_rewind(rd);
	if (csv_next(rd) != 1)
		return -1; /* the header was read fine before */
	x->cur_row = 0;
	while ((rc = csv_next(rd)) != 0) {
		if (rc < 0) {
			if (rd->oom)
				return store_fail(x->s, "out of memory");
			io_err(x, rd->err_record, rd->err_field, "%s (line %ld, byte %ld)", rd->err,
			       rd->err_line, rd->err_col);
			if (x->insert) /* cannot happen: the same bytes passed the first pass */
				return store_fail(x->s, "%s: unexpected error in the second pass", x->name);
			continue;
		}
		if (io_row(x, rd) < 0)
			return -1;
	}
	return 0;
}

long long store_import_csv(struct store *s, const char *csv_path, FILE *errs)
{
	struct io_ctx x;
	struct csv_reader rd;
	char name[512], why[256];
	size_t len = 0;
	char *buf = NULL;
	int began = 0, rc;
	long long result = -1;

	memset(&x, 0, sizeof x);
	memset(&rd, 0, sizeof rd);
	x.s = s;
	x.errs = errs;
	x.name = io_quote(name, sizeof name, csv_path ? csv_path : "(null)");
	if (!s->writable)
		return store_fail(s, "%s: opened read-only", s->path);
	if (!csv_path || !(buf = io_read_file(csv_path, &len, why, sizeof why))) {
		io_err(&x, 1, 1, "cannot read: %s", csv_path ? why : "no file");
		store_fail(s, "%s: cannot read: %s", x.name, csv_path ? why : "no file");
		return -1;
	}
	csv_init(&rd, buf, len);
	rc = csv_next(&rd);
	if (rc == 0 || (rc == 1 && csv_blank(&rd))) {
		io_err(&x, 1, 1, "no header row (expected ref, phase, agency, ...)");
		goto report;
	}
	if (rc < 0) {
		io_err(&x, rd.err_record, rd.err_field, "%s (line %ld, byte %ld)", rd.err, rd.err_line,
		       rd.err_col);
		goto report;
	}
	if (io_header(&x, &rd) < 0)
		goto report;

	/* The write lock first, so that what is checked is what is written to. */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	began = 1;
	if (io_load_codes(&x, "SELECT id, code, starts_on, ends_on FROM operations", &x.ops, 2) < 0 ||
	    io_load_codes(&x, "SELECT id, code FROM agencies", &x.agencies, 0) < 0 ||
	    io_load_codes(&x, "SELECT id, code, coalesce(parent_id, 0) FROM categories", &x.cats, 1) < 0 ||
	    io_load_parts(&x) < 0)
		goto done;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM cases WHERE ref = ?", -1, &x.ref_exists, NULL) ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO cases(ref, detected_on, location, country, transport,"
	                       " departure, transit, destination, detection, concealment, status, summary,"
	                       " operation_id, agency_id, category_id, subcategory_id, arrests)"
	                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &x.ins_case, NULL) ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO seizures(case_id, commodity, quantity, unit)"
	                       " VALUES (?,?,?,?)", -1, &x.ins_seizure, NULL)) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	if (io_pass(&x, &rd) < 0)
		goto done;
	if (x.nerr)
		goto report;
	/*
	 * Every CHECK of cases and seizures (dates, country length, the transport, detection,
	 * status and unit sets, non-negative arrests and quantities) has just been checked in
	 * C on these very values; SQLite re-checking them per row took a third of the import
	 * time.  Only this connection, only for these inserts; every other writer keeps them.
	 */
	x.insert = 1;
	sqlite3_exec(s->db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
	rc = io_pass(&x, &rd);
	sqlite3_exec(s->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	if (rc < 0 || x.nerr)
		goto done;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	began = 0;
	result = x.ncases;
	goto done;
report:
	if (x.nerr > IO_MAX_ERRORS && errs)
		fprintf(errs, "%s: ... and %ld more\n", x.name, x.nerr - IO_MAX_ERRORS);
	store_fail(s, "%s: %ld problem%s", x.name, x.nerr, x.nerr == 1 ? "" : "s");
done:
	if (began)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(x.ref_exists);
	sqlite3_finalize(x.ins_case);
	sqlite3_finalize(x.ins_seizure);
	io_codes_free(&x.ops);
	io_codes_free(&x.agencies);
	io_codes_free(&x.cats);
	free(x.parts);
	free(x.slot);
	free(x.slot_row);
	free(x.refbuf);
	free(x.cur);
	csv_free(&rd);
	free(buf);
	return result;
}

/* ---- export -------------------------------------------------------------------------- */

/*
 * s[0..n) as valid UTF-8 without NUL: each bad sequence (and each NUL) becomes U+FFFD.
 * Returns s itself when it is already clean, else a copy in *tmp (grown as needed);
 * NULL when out of memory.
 */
static const char *io_clean(const char *s, size_t n, char **tmp, size_t *tmpcap, size_t *outlen)
{
	size_t ok = csv_utf8_check(s, n);

	if (ok == n && !memchr(s, '\0', n)) {
		*outlen = n;
		return s;
	}
	if (3 * n + 1 > *tmpcap) {
		char *p = realloc(*tmp, 3 * n + 1);
		if (!p)
			return NULL;
		*tmp = p;
		*tmpcap = 3 * n + 1;
	}
	size_t i = 0, j = 0;
	while (i < n) {
		size_t good = csv_utf8_check(s + i, n - i);
		const char *nul = memchr(s + i, '\0', good);
		if (nul)
			good = (size_t)(nul - (s + i));
		memcpy(*tmp + j, s + i, good);
		i += good;
		j += good;
		if (i < n) {
			memcpy(*tmp + j, "\xEF\xBF\xBD", 3);
			j += 3;
			/* Skip the bad byte and the continuation bytes hanging on it. */
			i++;
			while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80 && s[i - 1] != '\0')
				i++;
		}
	}
	(*tmp)[j] = '\0';
	*outlen = j;
	return *tmp;
}

/*
 * A quantity as a plain decimal with at most 15 significant digits, independent of the
 * locale: 12.5, 0.0004, 1200000.  The digits come from "%.14e" (only its decimal point
 * follows the locale, and it is skipped), the rest is placed here.
 */
static void io_format_qty(double v, char *out, size_t sz)
{
	char e[64], digits[20];
	int nd = 0, x;

	if (!(v > 0) || !isfinite(v)) {
		snprintf(out, sz, "%s", v == 0 ? "0" : isnan(v) ? "nan" : v < 0 ? "-1" : "inf");
		return;
	}
	snprintf(e, sizeof e, "%.14e", v);
	char *p = e;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < 15)
			digits[nd++] = *p;
	x = *p == 'e' ? atoi(p + 1) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	size_t j = 0;
	if (x < 0) {
		j += (size_t)snprintf(out, sz, "0.");
		for (int i = 0; i < -x - 1 && j + 1 < sz; i++)
			out[j++] = '0';
		for (int i = 0; i < nd && j + 1 < sz; i++)
			out[j++] = digits[i];
	} else {
		for (int i = 0; i <= x && j + 1 < sz; i++)
			out[j++] = i < nd ? digits[i] : '0';
		if (nd > x + 1 && j + 1 < sz)
			out[j++] = '.';
		for (int i = x + 1; i < nd && j + 1 < sz; i++)
			out[j++] = digits[i];
	}
	out[j] = '\0';
}

#define IO_CASE_FROM \
	" FROM cases c JOIN operations o ON o.id = c.operation_id" \
	" JOIN agencies a ON a.id = c.agency_id JOIN categories k ON k.id = c.category_id" \
	" JOIN categories sk ON sk.id = c.subcategory_id"

static int io_export_csv(struct store *s, sqlite3_stmt *st, FILE *out)
{
	char *tmp = NULL, num[400];
	size_t tmpcap = 0, n;
	int rc, ok = -1;

	for (int c = 0; c < COL_COUNT; c++)
		if ((c && putc(',', out) == EOF) || fputs(io_cols[c].name, out) == EOF)
			goto done;
	if (csv_write_end(out) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < COL_COUNT; c++) {
			const char *v;
			if (c && putc(',', out) == EOF)
				goto done;
			if (c == COL_QUANTITY && sqlite3_column_type(st, c) != SQLITE_NULL) {
				io_format_qty(sqlite3_column_double(st, c), num, sizeof num);
				v = num;
				n = strlen(num);
			} else {
				const char *t = (const char *)sqlite3_column_text(st, c);
				if (!t)
					t = "";
				v = io_clean(t, (size_t)sqlite3_column_bytes(st, c), &tmp, &tmpcap, &n);
				if (!v) {
					store_fail(s, "out of memory");
					goto done;
				}
			}
			if (csv_write_field(out, v, n) < 0)
				goto done;
		}
		if (csv_write_end(out) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	ok = 0;
done:
	free(tmp);
	return ok;
}

static int io_export_json(struct store *s, sqlite3_stmt *st, FILE *out)
{
	char *tmp = NULL;
	size_t tmpcap = 0, n;
	long long rows = 0;
	int rc, ok = -1;

	if (fputs("[", out) == EOF)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *v = io_clean(t ? t : "{}", t ? (size_t)sqlite3_column_bytes(st, 0) : 2, &tmp,
		                         &tmpcap, &n);
		if (!v) {
			store_fail(s, "out of memory");
			goto done;
		}
		if (fputs(rows++ ? ",\n" : "\n", out) == EOF || fwrite(v, 1, n, out) != n)
			goto done;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	if (fputs(rows ? "\n]\n" : "]\n", out) == EOF)
		goto done;
	ok = 0;
done:
	free(tmp);
	return ok;
}

int store_export(struct store *s, const struct store_filter *f, int format, FILE *out)
{
	struct store_sql q;
	sqlite3_stmt *st = NULL;
	int ok = -1;

	memset(&q, 0, sizeof q);
	if (format == STORE_FORMAT_CSV) {
		/* Column order is enum io_col, which is also the header. */
		store_sql_add(&q, "SELECT c.ref, o.code, a.code, k.code, sk.code, c.detected_on,"
		              " c.location, c.country, c.transport, c.departure, c.transit,"
		              " c.destination, c.detection, c.concealment, c.arrests, c.status,"
		              " c.summary, z.commodity, z.quantity, z.unit"
		              IO_CASE_FROM " LEFT JOIN seizures z ON z.case_id = c.id");
		store_sql_where(&q, f);
		store_sql_add(&q, " ORDER BY c.ref, z.id");
	} else if (format == STORE_FORMAT_JSON) {
		/* json() around the subquery keeps its result JSON rather than a string. */
		store_sql_add(&q, "SELECT json_object('ref', c.ref, 'phase', o.code, 'agency', a.code,"
		              " 'category', k.code, 'subcategory', sk.code, 'detected_on', c.detected_on,"
		              " 'location', c.location, 'country', c.country, 'transport', c.transport,"
		              " 'departure', c.departure, 'transit', c.transit,"
		              " 'destination', c.destination, 'detection', c.detection,"
		              " 'concealment', c.concealment, 'arrests', c.arrests, 'status', c.status,"
		              " 'summary', c.summary, 'seizures', json((SELECT json_group_array("
		              "json_object('commodity', z.commodity, 'quantity', z.quantity, 'unit', z.unit))"
		              " FROM (SELECT commodity, quantity, unit FROM seizures"
		              " WHERE case_id = c.id ORDER BY id) z)))"
		              IO_CASE_FROM);
		store_sql_where(&q, f);
		store_sql_add(&q, " ORDER BY c.ref");
	} else {
		return store_fail(s, "unknown export format %d", format);
	}
	if (q.oom || !q.buf) {
		store_fail(s, "out of memory");
		goto done;
	}
	if (sqlite3_prepare_v2(s->db, q.buf, -1, &st, NULL) != SQLITE_OK || store_sql_bind(st, &q, 1) < 0) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	/* A read transaction, so the export is one consistent snapshot. */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto done;
	}
	s->err[0] = '\0';
	ok = format == STORE_FORMAT_CSV ? io_export_csv(s, st, out) : io_export_json(s, st, out);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (ok == 0 && fflush(out) == EOF)
		ok = -1;
	if (ok < 0 && !s->err[0])
		store_fail(s, "cannot write the export: %s", strerror(errno));
done:
	sqlite3_finalize(st);
	store_sql_free(&q);
	return ok;
}
