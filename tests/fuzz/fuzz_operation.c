/*
 * libFuzzer target for operation files (operation.c on the config loader): no crash, no
 * leak; every refusal is a line "fuzz.yaml:..." ; a loaded operation is consistent (every
 * phase's agencies and every sub-category's parent exist, units and kinds are known) and
 * writes back into a file that loads into the same operation, written the same way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "operation.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct op *o)
{
	for (int i = 0; i < o->nphases; i++)
		for (int k = 0; k < o->phases[i].nagencies; k++)
			if (operation_agency_index(o, o->phases[i].agencies[k]) < 0)
				abort();
	for (int i = 0; i < o->nagencies; i++)
		if (!operation_kind_name(o->agencies[i].kind))
			abort();
	for (int i = 0; i < o->ncategories; i++) {
		const struct op_category *c = &o->categories[i];
		if (c->parent && (operation_category_index(o, c->parent) < 0 || operation_category_index(o, c->parent) > i))
			abort();
		if (c->parent && store_unit_parse(c->unit) < 0)
			abort();
	}
}

static char *write(const struct op *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f || operation_write(o, f) < 0)
		abort();
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msgs[8192];
	FILE *errs = fmemopen(msgs, sizeof msgs, "w");
	struct op o, o2;

	if (!errs)
		return 0;
	msgs[0] = '\0';
	int rc = operation_load(NULL, (const char *)data, size, "fuzz.yaml", &o, errs);
	fclose(errs);
	if (rc < 0) {
		if (strncmp(msgs, "fuzz.yaml", 9) != 0 || o.nphases || o.nagencies || o.ncategories)
			abort();
		return 0;
	}
	check(&o);
	char *a = write(&o);
	errs = fmemopen(msgs, sizeof msgs, "w");
	if (operation_load(NULL, a, strlen(a), "again.yaml", &o2, errs) < 0)
		abort(); /* what we write, we read */
	fclose(errs);
	char *b = write(&o2);
	if (strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	operation_free(&o);
	operation_free(&o2);
	return 0;
}
