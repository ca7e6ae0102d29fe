/* simulate: the `opdeck simulate` command (src/simulate.c). */
#ifndef OPDECK_SIMULATE_H
#define OPDECK_SIMULATE_H

/* argv[0] is "simulate"; returns the exit status (0, 1 bad input, 2 usage). */
int simulate_main(int argc, char **argv);

#endif
