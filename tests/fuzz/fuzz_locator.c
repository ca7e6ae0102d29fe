/*
 * libFuzzer target for locator_parse/locator_format: no crash, and whatever parses
 * formats to a string that parses to the same items, which formats the same again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "locator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[256];
	struct locator a, b;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (locator_parse(s, &a, err, sizeof err) == 0) {
		char *f = locator_format(&a);
		if (!f)
			abort();
		if (locator_parse(f, &b, err, sizeof err) != 0 || b.n != a.n)
			abort();
		for (int i = 0; i < a.n; i++)
			if (a.item[i].key != b.item[i].key || strcmp(a.item[i].value, b.item[i].value) != 0)
				abort();
		char *g = locator_format(&b);
		if (!g || strcmp(f, g) != 0)
			abort();
		free(g);
		free(f);
		locator_free(&b);
		locator_free(&a);
	} else if (!err[0] || strncmp(err, "column ", 7) != 0) {
		abort();
	}
	free(s);
	return 0;
}
