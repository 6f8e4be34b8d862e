/*
 * libFuzzer target: the board loader (libyaml, then validation) on one
 * YAML document.
 */
#include <stdint.h>

#include "board.h"
#include "board_load.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d;
	struct board	*b = NULL;
	size_t		 i, sum = 0;

	diags_init(&d);
	if (board_load_buffer(&b, "fuzz.yaml", (const char *)data, size,
	    &d) == 0) {
		for (i = 0; i < b->nregions; i++) {
			sum += fuzz_touch(b->regions[i].name);
			sum += board_region(b, b->regions[i].name) != NULL;
		}
		for (i = 0; i < b->nmasters; i++)
			sum += (size_t)board_master_index(b,
			    b->masters[i].name);
		for (i = 0; i < b->nwaivers; i++)
			sum += fuzz_touch(b->waivers[i].rule) +
			    fuzz_touch(b->waivers[i].symbol);
		sum += board_default_region(b, REGION_RAM) != NULL;
	}
	board_free(b);
	fuzz_diags_done(&d);
	return sum == SIZE_MAX;
}
