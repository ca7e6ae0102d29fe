/*
 * store_export: the cases matching a filter, with their seizures, as CSV or JSON.
 *
 * Export writes the same format (every column, one row per seizure, ordered by ref and
 * seizure id, every cell through csv_write_field), or JSON: an array of case objects,
 * each with a "seizures" array, built by SQLite's json_object().  Text that is not valid
 * UTF-8 in the database (or holds NUL) is written with U+FFFD in place of each bad
 * sequence, so both outputs are always valid UTF-8 and the JSON always parses.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "text.h"
#include "store_io.h"

/*
 * s[0..n) as valid UTF-8 without NUL: each bad sequence (and each NUL) becomes U+FFFD.
 * Returns s itself when it is already clean, else a copy in *tmp (grown as needed);
 * NULL when out of memory.
 */
static const char *io_clean(const char *s, size_t n, char **tmp, size_t *tmpcap, size_t *outlen)
{
	size_t ok = text_utf8_valid(s, n);

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
		size_t good = text_utf8_valid(s + i, n - i);
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

	if (v < 0 && sz > 1) {
		/* Only a foreign database holds one (our CHECK refuses it): write it as it is. */
		out[0] = '-';
		io_format_qty(-v, out + 1, sz - 1);
		return;
	}
	if (!(v > 0) || !isfinite(v)) {
		snprintf(out, sz, "%s", v == 0 ? "0" : isnan(v) ? "nan" : "inf");
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
		if ((c && putc(',', out) == EOF) || fputs(store_io_cols[c].name, out) == EOF)
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
	return store_export_ordered(s, f, format, -1, out);
}

/* ORDER BY for a case list's order (enum store_order), by reference for -1. */
static const char *export_order(int order)
{
	switch (order) {
	case STORE_ORDER_NEWEST: return "c.detected_on DESC, c.id DESC";
	case STORE_ORDER_OLDEST: return "c.detected_on, c.id";
	case STORE_ORDER_LARGEST:
		return "COALESCE((SELECT max(x.quantity) FROM seizures x WHERE x.case_id = c.id AND x.unit = 'kg'), -1)"
		       " DESC, c.id DESC";
	case STORE_ORDER_REF: return "c.ref, c.id";
	default: return "c.ref";
	}
}

int store_export_ordered(struct store *s, const struct store_filter *f, int format, int order, FILE *out)
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
		store_sql_search(s, &q, f);
		store_sql_where(&q, f);
		store_sql_add(&q, " ORDER BY %s, z.id", export_order(order));
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
		store_sql_search(s, &q, f);
		store_sql_where(&q, f);
		store_sql_add(&q, " ORDER BY %s", export_order(order));
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
