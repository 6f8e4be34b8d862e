/*
 * Shared by the fuzz targets: libFuzzer's entry points and small helpers
 * that make ASan look at every string a parser hands back.
 */
#ifndef MEMFIT_FUZZ_H
#define MEMFIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Read every byte of S (NULL is fine): a dangling pointer shows at once. */
static inline size_t
fuzz_touch(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

/* Print and free the diagnostics, as a command would. */
static inline void
fuzz_diags_done(struct diags *d)
{
	static FILE	*devnull;

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	if (devnull != NULL)
		diags_print(devnull, d);
	diags_free(d);
}

#endif
