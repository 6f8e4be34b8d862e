/*
 * mapbench: the map parser alone, timed, for `make bench` (issue 7's
 * "map parsing >= 500 MB/s"). Each round times ldmap_parse on MAP as check
 * and size call it, mapping the file included and freeing the result not.
 * The parser stops at the Cross Reference Table (--cref), so the rate is
 * taken over the bytes before it: the first line printed is that count,
 * then one line per round with the time in seconds. Not a test: tests
 * never time anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "fileio.h"
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
timed_parse(double *out, const char *path)
{
	struct diags	 d;
	struct ldmap	*m = NULL;
	double		 t0;
	int		 ret;

	diags_init(&d);
	t0 = now();
	ret = ldmap_parse(&m, path, &d);
	*out = now() - t0;
	if (ret != 0)
		fprintf(stderr, "mapbench: %s: %s\n", path,
		    d.n > 0 ? d.list[0].msg : "parse failed");
	ldmap_free(m);
	diags_free(&d);
	return ret;
}

/* Bytes of PATH before its Cross Reference Table: what the parser reads. */
static int
parsed_bytes(size_t *out, const char *path)
{
	static const char	 hdr[] = "\nCross Reference Table";
	char			*buf, *err = NULL, *x;
	size_t			 len;

	if (file_read_all(&buf, &len, path, &err) < 0) {
		fprintf(stderr, "mapbench: %s: %s\n", path, err);
		free(err);
		return -1;
	}
	x = memmem(buf, len, hdr, sizeof(hdr) - 1);
	*out = x != NULL ? (size_t)(x - buf) + 1 : len;
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	double	t;
	size_t	bytes;
	int	rounds, i;

	if (argc != 3 || (rounds = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: mapbench MAP ROUNDS\n");
		return 2;
	}
	mem_setup();
	if (parsed_bytes(&bytes, argv[1]) < 0)
		return 1;
	printf("%zu\n", bytes);
	for (i = -1; i < rounds; i++) {		/* round -1 warms up */
		if (timed_parse(&t, argv[1]) != 0)
			return 1;
		if (i >= 0)
			printf("%.6f\n", t);
	}
	return 0;
}
