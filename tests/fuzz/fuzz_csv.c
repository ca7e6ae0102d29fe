/*
 * libFuzzer target for the CSV reader and writer.  Besides "no crash, no overread",
 * it checks two properties: every field of a good record is valid UTF-8 without NUL,
 * and writing a good record's fields then reading them back gives the same fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const struct csv_reader *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_reader back;

	if (!f)
		return;
	for (int i = 0; i < r->nfields; i++) {
		if (i)
			fputc(',', f);
		csv_write_field(f, r->fields[i].p, r->fields[i].len);
	}
	csv_write_end(f);
	fclose(f);
	csv_init(&back, buf, len);
	if (csv_next(&back) != 1 || back.nfields != r->nfields)
		abort();
	for (int i = 0; i < r->nfields; i++) {
		size_t skip = csv_plain(back.fields[i].p, back.fields[i].len);
		if (back.fields[i].len - skip != r->fields[i].len ||
		    memcmp(back.fields[i].p + skip, r->fields[i].p, r->fields[i].len) != 0)
			abort();
	}
	if (csv_next(&back) != 0)
		abort();
	csv_free(&back);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy without slack, so ASan catches any read past the end. */
	char *copy = malloc(size ? size : 1);
	struct csv_reader r;
	int rc, n = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	csv_init(&r, copy, size);
	while ((rc = csv_next(&r)) != 0 && n++ < 100000) {
		if (rc < 0) {
			if (r.err_line < 1 || r.err_col < 1 || r.err_field < 1 || !r.err[0])
				abort();
			continue;
		}
		for (int i = 0; i < r.nfields; i++) {
			if (memchr(r.fields[i].p, 0, r.fields[i].len) ||
			    text_utf8_valid(r.fields[i].p, r.fields[i].len) != r.fields[i].len)
				abort();
		}
		check_round_trip(&r);
	}
	csv_free(&r);
	free(copy);
	return 0;
}
