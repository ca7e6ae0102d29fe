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
#include <ftw.h>
#include <string.h>
#include <unistd.h>

static char tu_dir_path[64];
static pid_t tu_dir_owner;

static inline int tu_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

/* At exit, the binary's directory goes (thousands were left in /tmp), unless
 * OPDECK_TEST_KEEP is set, to look at a failing test's files; only by the process that
 * made it (a forked child's exit must not take it from under its parent). */
static inline void tu_dir_remove(void)
{
	if (tu_dir_path[0] && getpid() == tu_dir_owner && !getenv("OPDECK_TEST_KEEP"))
		nftw(tu_dir_path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh private directory for this test binary's files; path is static storage. */
static inline const char *tu_dir(void)
{
	char *dir = tu_dir_path;
	if (!dir[0]) {
		snprintf(dir, sizeof tu_dir_path, "/tmp/opdeck-test-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		tu_dir_owner = getpid();
		atexit(tu_dir_remove);
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

/* s without its leading and trailing spaces, in a rotating static buffer (valid for the
 * next 7 calls). */
static inline const char *tu_trim(const char *s)
{
	static char buf[8][4096];
	static int k;
	char *out = buf[k++ % 8];

	while (*s == ' ')
		s++;
	snprintf(out, sizeof buf[0], "%s", s);
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return out;
}

static inline int tu_starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static inline int tu_ends_with(const char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);
	return n >= m && strcmp(s + n - m, p) == 0;
}

/* How many times needle occurs in s, not overlapping. */
static inline int tu_count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + strlen(needle), needle))
		n++;
	return n;
}

#endif
