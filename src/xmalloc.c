/*
 * xmalloc: checked allocation for the interactive layers; see include/xmalloc.h.
 */
#include "xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void (*fatal_hook)(void);

void xmalloc_set_fatal_hook(void (*restore)(void))
{
	fatal_hook = restore;
}

_Noreturn void xmalloc_fatal(void)
{
	static const char m[] = "opdeck: out of memory\n";
	void (*hook)(void) = fatal_hook;

	fatal_hook = NULL; /* once, even if the hook itself runs out */
	if (hook)
		hook();
	/* write(2), not stdio: stdio may need memory for its buffer. */
	if (write(STDERR_FILENO, m, sizeof m - 1) < 0) {
		/* nothing more to try */
	}
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		xmalloc_fatal();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (!p)
		xmalloc_fatal();
	return p;
}

void *xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size)
		xmalloc_fatal();
	n *= size;
	q = realloc(p, n ? n : 1);
	if (!q)
		xmalloc_fatal();
	return q;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xmalloc_fatal(); /* only an encoding error, never with our formats */
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
