/*
 * csv: an RFC 4180 reader over a memory buffer, and a field writer that neutralises
 * spreadsheet formulas.  No SQLite here; the importer (store_import.c) and the exporter use it.
 *
 * Reading: the caller owns the buffer (it may be read whole or mmap'd) and keeps it
 * alive while the reader is used.  csv_next() yields one record at a time; its
 * fields are decoded copies (doubled quotes undone), NUL-terminated, valid UTF-8,
 * owned by the reader and valid until the next csv_next() or csv_free().
 *
 * What is accepted, exactly as RFC 4180 says: fields separated by ',', records ended
 * by CR LF or LF; a field either unquoted (no '"', CR or LF) or quoted ('"' ... '"',
 * with '""' for a quote and any of ',', CR, LF inside).  Also: a UTF-8 byte order
 * mark at the very start (even before a quoted header), no line end after the last
 * record.  A line end at the end of the input ends the last record and does not start
 * an empty one; an empty line elsewhere is a record of one empty field (the caller
 * may treat it as blank, see csv_blank()).
 *
 * Refused, with the record, field, line and column where it happens: a quote inside
 * an unquoted field, text after a closing quote, a CR not followed by LF outside
 * quotes, a NUL byte, invalid UTF-8 (overlong forms, surrogates, code points above
 * U+10FFFF, truncated or stray continuation bytes), and a quote that is never closed
 * (reported where its record began).  Every error but the last one keeps the reader in
 * step: it reads the rest of the record as well as it can, reports the first error of
 * that record, and the next csv_next() continues with the following record, so a
 * caller can list every bad record of a file.
 */
#ifndef OPDECK_CSV_H
#define OPDECK_CSV_H

#include <stddef.h>
#include <stdio.h>

struct csv_field {
	const char *p; /* NUL-terminated, owned by the reader */
	size_t len;
	int quoted;    /* written between quotes in the input */
};

struct csv_reader {
	const char *buf;           /* borrowed: the whole input */
	size_t len, pos;
	long line;                 /* 1-based line of buf[pos] */
	long record;               /* 1-based number of the record last returned */
	long record_line;          /* the line it began on */
	int nfields;
	struct csv_field *fields;  /* owned, nfields of them */
	int fcap;
	char *scratch;             /* owned: the decoded fields, each NUL-terminated */
	size_t *offs;              /* owned: start of each field in scratch */
	size_t slen, scap;
	/* The error of the last csv_next() that returned -1. */
	char err[160];
	long err_record, err_line, err_col; /* record, line, 1-based byte column in that line */
	int err_field;                      /* 1-based field number */
	int oom;
};

void csv_init(struct csv_reader *r, const char *buf, size_t len);
/* 1: a record is in r->fields; 0: end of input; -1: a bad record (see r->err*), the
 * reader has moved past it; -1 with r->oom set: out of memory, stop. */
int csv_next(struct csv_reader *r);
/* Rewinds to the start of the buffer (for a second pass). */
void csv_rewind(struct csv_reader *r);
void csv_free(struct csv_reader *r);
/* 1 when the last record is an empty line (one empty unquoted field). */
int csv_blank(const struct csv_reader *r);

/* UTF-8 validation is text_utf8_valid() (text.h), the same check the sanitiser decodes with. */

/*
 * Writes one field, quoted when it holds ',', '"', CR or LF (or starts or ends with a
 * space, which some readers trim, or with U+FEFF, which could pass for a byte order
 * mark), with a leading apostrophe when a spreadsheet would
 * take it as a formula (CWE-1236): a cell beginning with '=', '+', '-', '@', TAB or
 * CR, possibly after apostrophes already there, gets one more apostrophe in front.
 * csv_plain() undoes exactly that, so reading back what was written gives the
 * original cell.  Returns 0, or -1 on a write error.
 */
int csv_write_field(FILE *out, const char *s, size_t len);
/* Ends a record (CR LF, as RFC 4180 says); 0 or -1. */
int csv_write_end(FILE *out);
/* When field (len bytes) was neutralised by csv_write_field, the number of leading
 * bytes to drop (1) to get the stored value back; else 0. */
size_t csv_plain(const char *s, size_t len);

#endif
