/*
 * A driver without libFuzzer: runs LLVMFuzzerTestOneInput once on each
 * file named, as `make fuzz-regress` does with fuzz/regress/<target>/. Built
 * with ASan and UBSan, so an input that once crashed, leaked or hung fails
 * here again. Each input gets ten seconds (a hang is killed by SIGALRM).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int
run_file(const char *path)
{
	FILE	*f;
	uint8_t	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(1);
			}
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	alarm(10);
	LLVMFuzzerTestOneInput(buf, len);
	alarm(0);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int	i, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		rc |= run_file(argv[i]);
	printf("%s: %d input%s\n", argv[0], argc - 1, argc == 2 ? "" : "s");
	return rc;
}
