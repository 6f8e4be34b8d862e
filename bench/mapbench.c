/*
 * mapbench: the map parser alone, timed, for `make bench` (issue 7's
 * "map parsing >= 500 MB/s"). Each round times ldmap_parse on MAP twice:
 * as check and size call it (the Cross Reference Table skipped) and with
 * LDMAP_XREF (every line read). Mapping the file is inside the time,
 * freeing the result is not. Prints one line per round: the two times in
 * seconds. Not a test: tests never time anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "diag.h"
#include "ldmap.h"
#include "util.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
timed_parse(double *out, const char *path, unsigned flags)
{
	struct diags	 d;
	struct ldmap	*m = NULL;
	double		 t0;
	int		 ret;

	diags_init(&d);
	t0 = now();
	ret = ldmap_parse(&m, path, flags, &d);
	*out = now() - t0;
	if (ret != 0)
		fprintf(stderr, "mapbench: %s: %s\n", path,
		    d.n > 0 ? d.list[0].msg : "parse failed");
	ldmap_free(m);
	diags_free(&d);
	return ret;
}

int
main(int argc, char **argv)
{
	double	skip, full;
	int	rounds, i;

	if (argc != 3 || (rounds = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: mapbench MAP ROUNDS\n");
		return 2;
	}
	mem_setup();
	for (i = -1; i < rounds; i++) {		/* round -1 warms up */
		if (timed_parse(&skip, argv[1], 0) != 0 ||
		    timed_parse(&full, argv[1], LDMAP_XREF) != 0)
			return 1;
		if (i >= 0)
			printf("%.6f %.6f\n", skip, full);
	}
	return 0;
}
