/*
 * simulate: `opdeck simulate DATABASE --rate N --duration S [--seed S]`, a writer adding
 * plausible cases at N per second for S seconds, correcting or deleting one now and then
 * (store_simulate), for demos, tests and the soak.  Its own file until main.c has a
 * command table to take it as a row.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simulate.h"
#include "store.h"

static const char help[] =
	"usage: opdeck simulate DATABASE --rate N --duration S [--seed S]\n\n"
	"Adds plausible cases of the latest phase to DATABASE (built by `opdeck sample`) at N per\n"
	"second for S seconds, each in its own transaction, and now and then corrects an earlier\n"
	"case (status, arrests) or deletes one, as agencies' returns would.  For demos, tests and\n"
	"the soak: open the dashboard on the same file to watch it follow.\n";

static int usage(const char *what, const char *v)
{
	fprintf(stderr, "opdeck: simulate: %s%s%s%s (see opdeck simulate --help)\n", what, v ? " '" : "", v ? v : "",
	        v ? "'" : "");
	return 2;
}

/* "--name VALUE" or "--name=VALUE" */
static const char *opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	return *i + 1 < argc ? argv[++*i] : "";
}

static int number(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !*s || *end || errno || !isfinite(*out) || *out < lo || *out > hi ? -1 : 0;
}

int simulate_main(int argc, char **argv)
{
	const char *db = NULL, *v;
	double rate = -1, duration = -1, seed = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return fputs(help, stdout), 0;
		if ((v = opt(argc, argv, &i, "--rate"))) {
			if (number(v, 0.001, 10000, &rate) < 0)
				return usage("--rate needs a number of cases per second from 0.001 to 10000, not", v);
		} else if ((v = opt(argc, argv, &i, "--duration"))) {
			if (number(v, 0, 31 * 86400, &duration) < 0)
				return usage("--duration needs a number of seconds, not", v);
		} else if ((v = opt(argc, argv, &i, "--seed"))) {
			if (number(v, 0, 4294967295.0, &seed) < 0 || seed != floor(seed))
				return usage("--seed needs a whole number, not", v);
		} else if (argv[i][0] == '-') {
			return usage("unknown option", argv[i]);
		} else if (!db) {
			db = argv[i];
		} else {
			return usage("unexpected argument", argv[i]);
		}
	}
	if (!db)
		return usage("needs a DATABASE", NULL);
	if (rate < 0 || duration < 0)
		return usage("needs --rate and --duration", NULL);
	char err[600];
	struct store *s = store_open(db, STORE_WRITE, err, sizeof err);
	if (!s) {
		fprintf(stderr, "opdeck: %s\n", err);
		return 1;
	}
	struct store_sim_result r;
	int rc = store_simulate(s, rate, duration, (unsigned long)seed, &r);
	if (rc < 0)
		fprintf(stderr, "opdeck: %s\n", store_error(s));
	store_close(s);
	fprintf(stderr, "opdeck: simulate: %lld cases added, %lld corrected, %lld deleted in %s\n", r.added,
	        r.corrected, r.deleted, db);
	return rc < 0 ? 1 : 0;
}
