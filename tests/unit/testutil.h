/* Shared by the cmocka unit tests: cmocka's prerequisites and small fixture helpers. */
#ifndef OPDECK_TESTUTIL_H
#define OPDECK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh private directory for this test binary's files; path is static storage. */
static inline const char *tu_dir(void)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/opdeck-test-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* dir/name, in a static rotating buffer (valid for the next 7 calls). */
static inline const char *tu_path(const char *name)
{
	static char buf[8][256];
	static int i;
	char *p = buf[i++ % 8];
	snprintf(p, 256, "%s/%s", tu_dir(), name);
	return p;
}

/* Writes text to dir/name and returns the path. */
static inline const char *tu_write(const char *name, const char *text)
{
	const char *p = tu_path(name);
	FILE *f = fopen(p, "wb");
	if (!f)
		abort();
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	return p;
}

#endif
