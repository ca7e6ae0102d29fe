/*
 * csv: RFC 4180 reading and formula-safe writing; see include/csv.h for the contract.
 *
 * Why not Debian's libcsv: it is callback-driven, lenient by default (its strict mode
 * still accepts a bare CR as a record end and knows nothing of UTF-8), gives no line
 * or column for an error, and ships no pkg-config file.  What we need is ~300 lines,
 * easy to fuzz, with positions in every error.
 *
 * The reader works in one forward pass over the buffer.  Each field is decoded into
 * one scratch buffer (offsets first, pointers fixed up at the end of the record, as
 * the scratch may move when it grows).  Errors are recorded as input offsets and
 * turned into line and column only when they happen; the first error of a record
 * wins and the rest of the record is still read, so the next record starts in step.
 */
#include "csv.h"
#include "text.h" /* text_utf8_valid: the one UTF-8 check */

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void csv_init(struct csv_reader *r, const char *buf, size_t len)
{
	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->len = len;
	csv_rewind(r);
}

void csv_rewind(struct csv_reader *r)
{
	r->pos = 0;
	/* A UTF-8 byte order mark is not part of the first field, quoted or not. */
	if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	r->line = 1;
	r->record = 0;
	r->record_line = 0;
	r->nfields = 0;
	r->err[0] = '\0';
	r->err_record = r->err_line = r->err_col = 0;
	r->err_field = 0;
}

void csv_free(struct csv_reader *r)
{
	free(r->fields);
	free(r->scratch);
	free(r->offs);
	r->fields = NULL;
	r->scratch = NULL;
	r->offs = NULL;
	r->nfields = r->fcap = 0;
	r->slen = r->scap = 0;
}

int csv_blank(const struct csv_reader *r)
{
	return r->nfields == 1 && r->fields[0].len == 0 && !r->fields[0].quoted;
}

/* Records the first error of the current record at input offset off. */
static void csv_error(struct csv_reader *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void csv_error(struct csv_reader *r, size_t off, const char *fmt, ...)
{
	va_list ap;
	size_t ls = off;

	if (r->err_record == r->record)
		return;
	/* Line of off: r->line is the line of r->pos and off <= r->pos. */
	long line = r->line;
	for (size_t i = off; i < r->pos && i < r->len; i++)
		if (r->buf[i] == '\n')
			line--;
	while (ls > 0 && r->buf[ls - 1] != '\n')
		ls--;
	r->err_record = r->record;
	r->err_line = line;
	r->err_col = (long)(off - ls) + 1;
	r->err_field = r->nfields + 1;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
}

static int csv_grow(struct csv_reader *r, size_t more)
{
	if (r->slen + more <= r->scap)
		return 0;
	size_t cap = r->scap ? r->scap : 256;
	while (cap < r->slen + more) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	char *p = realloc(r->scratch, cap);
	if (!p)
		return -1;
	r->scratch = p;
	r->scap = cap;
	return 0;
}

static int csv_append(struct csv_reader *r, const char *p, size_t n)
{
	if (csv_grow(r, n) < 0)
		return -1;
	if (n)
		memcpy(r->scratch + r->slen, p, n);
	r->slen += n;
	return 0;
}

/* Starts field number r->nfields (0-based) at the current end of scratch. */
static int csv_field_begin(struct csv_reader *r, int quoted)
{
	if (r->nfields == r->fcap) {
		int cap = r->fcap ? r->fcap * 2 : 32;
		struct csv_field *f = realloc(r->fields, (size_t)cap * sizeof *f);
		if (!f)
			return -1;
		r->fields = f;
		size_t *o = realloc(r->offs, (size_t)cap * sizeof *o);
		if (!o)
			return -1;
		r->offs = o;
		r->fcap = cap;
	}
	r->offs[r->nfields] = r->slen;
	r->fields[r->nfields].quoted = quoted;
	return 0;
}

/* The length of the valid UTF-8 prefix of s[0, len), as text_utf8_valid() says, with
 * the ASCII bytes (most of a file) skipped eight at a time instead of decoded one by
 * one: an ASCII byte is a whole code point, so the check resumes on a boundary. */
static size_t csv_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	for (uint64_t w; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < len && !(s[i] & 0x80))
		i++;
	return i == len ? len : i + text_utf8_valid(s + i, len - i);
}

/* Ends the field whose raw input was buf[from, to): NUL-terminates and checks UTF-8. */
static int csv_field_end(struct csv_reader *r, size_t from, size_t to)
{
	size_t start = r->offs[r->nfields];
	size_t n = r->slen - start;
	size_t bad = csv_utf8_valid(r->buf + from, to - from);

	if (bad < to - from)
		csv_error(r, from + bad, "invalid UTF-8 (byte 0x%02X)",
		          (unsigned)(unsigned char)r->buf[from + bad]);
	if (csv_append(r, "", 1) < 0)
		return -1;
	r->fields[r->nfields].len = n;
	r->nfields++;
	return 0;
}

/* Reads a quoted field starting at the opening quote; -2 when it never closes. */
static int csv_quoted(struct csv_reader *r)
{
	size_t open = r->pos, from = r->pos;
	const char *b = r->buf;

	r->pos++;
	for (;;) {
		/* Up to the next '"', LF (lines are counted) or NUL (refused), found by memchr:
		 * a quoted field is most often a long text without any of them. */
		size_t run = r->pos, end = r->len;
		const char *q = memchr(b + run, '"', end - run);
		if (q)
			end = (size_t)(q - b);
		if ((q = memchr(b + run, '\n', end - run)))
			end = (size_t)(q - b);
		if ((q = memchr(b + run, '\0', end - run)))
			end = (size_t)(q - b);
		r->pos = end;
		if (csv_append(r, b + run, r->pos - run) < 0)
			return -1;
		if (r->pos >= r->len) {
			/* This error outranks any earlier one of the record: report the quote. */
			r->err_record = 0;
			csv_error(r, open, "quoted field never closed (the quote opens here)");
			return -2;
		}
		char c = b[r->pos];
		if (c == '"') {
			if (r->pos + 1 < r->len && b[r->pos + 1] == '"') {
				if (csv_append(r, "\"", 1) < 0)
					return -1;
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (c == '\0')
			csv_error(r, r->pos, "NUL byte");
		else
			r->line++;
		if (csv_append(r, &c, 1) < 0)
			return -1;
		r->pos++;
	}
	/* After the closing quote only a separator or a record end may follow. */
	size_t after = r->pos;
	while (r->pos < r->len && b[r->pos] != ',' && b[r->pos] != '\n' &&
	       !(b[r->pos] == '\r' && r->pos + 1 < r->len && b[r->pos + 1] == '\n')) {
		if (b[r->pos] == '\0')
			csv_error(r, r->pos, "NUL byte");
		r->pos++;
	}
	if (r->pos > after)
		csv_error(r, after, "text after the closing quote of a field");
	return csv_field_end(r, from, r->pos);
}

/* The bytes that end a run of an unquoted field: ',', LF, CR, '"' and NUL. */
static const unsigned char csv_stop[256] = { [','] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [0] = 1 };

/* Reads an unquoted field up to a separator or record end. */
static int csv_unquoted(struct csv_reader *r)
{
	size_t from = r->pos;
	const char *b = r->buf;

	for (;;) {
		size_t run = r->pos;
		while (r->pos < r->len && !csv_stop[(unsigned char)b[r->pos]])
			r->pos++;
		if (csv_append(r, b + run, r->pos - run) < 0)
			return -1;
		if (r->pos >= r->len || b[r->pos] == ',' || b[r->pos] == '\n')
			break;
		char c = b[r->pos];
		if (c == '\r') {
			if (r->pos + 1 < r->len && b[r->pos + 1] == '\n')
				break;
			csv_error(r, r->pos, "carriage return not followed by a line feed outside quotes");
		} else if (c == '"') {
			csv_error(r, r->pos, "quote inside an unquoted field (quote the whole field and double the quote)");
		} else {
			csv_error(r, r->pos, "NUL byte");
		}
		if (csv_append(r, &c, 1) < 0)
			return -1;
		r->pos++;
	}
	return csv_field_end(r, from, r->pos);
}

int csv_next(struct csv_reader *r)
{
	const char *b = r->buf;

	r->nfields = 0;
	r->slen = 0;
	r->oom = 0;
	if (r->pos >= r->len)
		return 0;
	r->record++;
	r->record_line = r->line;
	for (;;) {
		int rc;
		if (r->pos < r->len && b[r->pos] == '"') {
			if (csv_field_begin(r, 1) < 0)
				goto oom;
			rc = csv_quoted(r);
			if (rc == -2)
				return -1; /* at the end of the input: nothing more to read in step */
		} else {
			if (csv_field_begin(r, 0) < 0)
				goto oom;
			rc = csv_unquoted(r);
		}
		if (rc < 0)
			goto oom;
		if (r->pos >= r->len)
			break;
		if (b[r->pos] == ',') {
			r->pos++;
			if (r->pos >= r->len) {
				/* "a," at the very end: one more, empty field. */
				if (csv_field_begin(r, 0) < 0 || csv_field_end(r, r->pos, r->pos) < 0)
					goto oom;
				break;
			}
			continue;
		}
		/* A record end: LF or CR LF (a bare CR was consumed as an error above). */
		r->pos += b[r->pos] == '\r' ? 2 : 1;
		r->line++;
		break;
	}
	for (int i = 0; i < r->nfields; i++)
		r->fields[i].p = r->scratch + r->offs[i];
	return r->err_record == r->record ? -1 : 1;
oom:
	r->oom = 1;
	snprintf(r->err, sizeof r->err, "out of memory");
	r->err_record = r->record;
	r->err_line = r->line;
	r->err_col = 1;
	r->err_field = r->nfields + 1;
	r->pos = r->len;
	return -1;
}

/* ---- writing ------------------------------------------------------------------------ */

static int csv_formula_start(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == '\'')
		i++;
	return i < len && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@' ||
	                   s[i] == '\t' || s[i] == '\r');
}

size_t csv_plain(const char *s, size_t len)
{
	return len > 0 && s[0] == '\'' && csv_formula_start(s + 1, len - 1) ? 1 : 0;
}

int csv_write_field(FILE *out, const char *s, size_t len)
{
	int neutral = csv_formula_start(s, len);
	/* Quoting a leading U+FEFF keeps it data even as the first cell of a file. */
	int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ' ||
	                        (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0));

	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (quote && putc('"', out) == EOF)
		return -1;
	if (neutral && putc('\'', out) == EOF)
		return -1;
	if (!quote) {
		if (len && fwrite(s, 1, len, out) != len)
			return -1;
		return 0;
	}
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		/* Write up to and including the quote, then the quote again. */
		if (fwrite(s + run, 1, i + 1 - run, out) != i + 1 - run || putc('"', out) == EOF)
			return -1;
		run = i + 1;
	}
	if (len > run && fwrite(s + run, 1, len - run, out) != len - run)
		return -1;
	return putc('"', out) == EOF ? -1 : 0;
}

int csv_write_end(FILE *out)
{
	return fputs("\r\n", out) == EOF ? -1 : 0;
}
