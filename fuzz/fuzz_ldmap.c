/*
 * libFuzzer target: the GNU ld and LLVM lld map parser on one map file.
 */
#include <stdint.h>

#include "fuzz.h"
#include "ldmap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d;
	struct ldmap	*m = NULL;
	size_t		 i, sum = 0;

	diags_init(&d);
	if (ldmap_parse_buffer(&m, "fuzz.map", (const char *)data, size,
	    &d) == 0) {
		for (i = 0; i < m->nregions; i++)
			sum += fuzz_touch(m->regions[i].name) +
			    fuzz_touch(m->regions[i].attrs);
		for (i = 0; i < m->noutputs; i++)
			sum += fuzz_touch(m->outputs[i].name) +
			    m->outputs[i].first_input + m->outputs[i].ninputs;
		for (i = 0; i < m->ninputs; i++) {
			sum += fuzz_touch(m->inputs[i].name);
			if (m->inputs[i].object != NULL)
				sum += fuzz_touch(m->inputs[i].object->display);
			if (m->inputs[i].output >= m->noutputs)
				__builtin_trap();
		}
		for (i = 0; i < m->nsymbols; i++) {
			sum += fuzz_touch(m->symbols[i].name);
			if (m->symbols[i].input >= m->ninputs)
				__builtin_trap();
		}
		for (i = 0; i < m->nobjects; i++)
			sum += fuzz_touch(m->objects[i]->path) +
			    fuzz_touch(m->objects[i]->member);
	}
	ldmap_free(m);
	fuzz_diags_done(&d);
	return sum == SIZE_MAX;
}
