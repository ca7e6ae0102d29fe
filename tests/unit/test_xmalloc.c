/* xmalloc: checked allocation of the interactive layers. */
#include "testutil.h"

#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xmalloc.h"

static void hook_says_restored(void)
{
	static const char m[] = "restored\n";
	if (write(STDERR_FILENO, m, sizeof m - 1) < 0)
		_exit(3);
}

/* Runs fn in a child with stderr captured; returns its exit status and what it printed. */
static int in_child(void (*fn)(void), char *out, size_t outsz)
{
	int fd[2], status = -1;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fd[1]);
	while (n + 1 < outsz && (r = read(fd[0], out + n, outsz - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* An overflowing size is refused before the allocator sees it (so this also runs
 * under ASan, which would report a real huge allocation). */
static void overflow_with_hook(void)
{
	xmalloc_set_fatal_hook(hook_says_restored);
	(void)xrealloc(NULL, SIZE_MAX / 2 + 2, 2);
}

static void overflow_without_hook(void)
{
	xmalloc_set_fatal_hook(NULL);
	(void)xrealloc(NULL, SIZE_MAX, SIZE_MAX);
}

static void out_of_memory_restores_then_says_so(void **state)
{
	char out[256];
	(void)state;
	assert_int_equal(in_child(overflow_with_hook, out, sizeof out), 1);
	assert_string_equal(out, "restored\nopdeck: out of memory\n");
	assert_int_equal(in_child(overflow_without_hook, out, sizeof out), 1);
	assert_string_equal(out, "opdeck: out of memory\n");
}

static void allocations_that_succeed(void **state)
{
	(void)state;
	char *p = xmalloc(0);
	assert_non_null(p);
	free(p);
	int *z = xcalloc(4, sizeof *z);
	assert_int_equal(z[0] | z[1] | z[2] | z[3], 0);
	z = xrealloc(z, 1000, sizeof *z);
	z[999] = 7;
	assert_int_equal(z[999], 7);
	free(z);
	assert_null(xstrdup(NULL));
	p = xstrdup("Hải Phòng");
	assert_string_equal(p, "Hải Phòng");
	free(p);
	p = xstrndup("OMD7-VNCUS", 4);
	assert_string_equal(p, "OMD7");
	free(p);
	p = xasprintf("%s=%d", "phase", 7);
	assert_string_equal(p, "phase=7");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(out_of_memory_restores_then_says_so),
		cmocka_unit_test(allocations_that_succeed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
