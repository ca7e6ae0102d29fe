/*
 * xmalloc: allocation for the interactive layers (main, app, view, widgets, canvas,
 * term), as tmux's xmalloc.c: out of memory there is fatal, with a message, instead of
 * a hand-written branch after every allocation.  On failure the terminal is restored
 * first (by the hook term_open registers), then "opdeck: out of memory" is printed on
 * stderr and the program exits with status 1.
 *
 * The store and the importer do not use these: they hold a transaction and return an
 * error, so that the database is left as it was.
 */
#ifndef OPDECK_XMALLOC_H
#define OPDECK_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);                       /* size 0 gives a valid pointer */
void *xcalloc(size_t n, size_t size);             /* zeroed; n * size overflow is fatal */
void *xrealloc(void *p, size_t n, size_t size);   /* n * size bytes, overflow checked */
char *xstrdup(const char *s);                     /* NULL s gives NULL */
char *xstrndup(const char *s, size_t n);          /* at most n bytes, NUL-terminated */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before the message when memory runs out (term_open sets term_close, term_close
 * clears it); NULL for none.  The hook must not allocate. */
void xmalloc_set_fatal_hook(void (*restore)(void));

/* Prints "opdeck: out of memory" after the hook and exits 1 (also for other callers that
 * detect an allocation failure they cannot return, e.g. inside a library callback). */
_Noreturn void xmalloc_fatal(void);

#endif
