/*
 * libFuzzer target: memfit init's linker-script reader on one script.
 */
#include <stdint.h>

#include "fuzz.h"
#include "ldscript.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d;
	struct ldscript	*s = NULL;
	size_t		 i, sum = 0;

	diags_init(&d);
	if (ldscript_parse_buffer(&s, "fuzz.ld", (const char *)data, size,
	    &d) == 0) {
		for (i = 0; i < s->nregions; i++)
			sum += fuzz_touch(s->regions[i].name) +
			    fuzz_touch(s->regions[i].attrs);
		for (i = 0; i < s->nsections; i++)
			sum += fuzz_touch(s->sections[i].name) +
			    fuzz_touch(s->sections[i].region) +
			    fuzz_touch(s->sections[i].lma_region);
	} else if (!diags_has_errors(&d))
		__builtin_trap();	/* a refusal always says why */
	ldscript_free(s);
	diags_free(&d);
	return (int)(sum & 0);
}
