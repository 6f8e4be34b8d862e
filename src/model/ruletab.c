/*
 * The rule table: every place that names or describes the rules of check
 * (waivers, --allow, check --help, SARIF's rule metadata) reads it, and
 * the tests hold the man pages and the board schema to it.
 */
#include <stdio.h>
#include <string.h>

#include "ruletab.h"
#include "util.h"

static const struct rule_info rules[RULE_COUNT] = {
	[RULE_REGION_OVERFLOW] = { "region-overflow", "error",
	    "Output sections need more than the region holds" },
	[RULE_REGION_BUDGET] = { "region-budget", "error or warning",
	    "Region use is above its budget" },
	[RULE_OUTSIDE_REGIONS] = { "outside-regions", "error",
	    "An allocated section lies in no region of the board" },
	[RULE_INIT_DATA_IN_ZERO_REGION] = { "init-data-in-zero-region",
	    "error", "Initialised data in an output section that startup "
	    "does not copy" },
	[RULE_BSS_IN_NOINIT_REGION] = { "bss-in-noinit-region", "warning",
	    "Zero-initialised data in an output section that startup does "
	    "not initialise" },
	[RULE_DMA_UNREACHABLE] = { "dma-unreachable", "error",
	    "A DMA buffer in memory its DMA master cannot reach" },
	[RULE_DMA_CACHE_LINE] = { "dma-cache-line", "warning",
	    "A DMA buffer in cached memory shares a cache line with other "
	    "data" },
	[RULE_MAP_BOARD_MISMATCH] = { "map-board-mismatch", "warning",
	    "The link's memory map differs from the board" },
	[RULE_HEAP_REACHES_STACK] = { "heap-reaches-stack", "error",
	    "A linked _sbrk can grow the heap into the stack reservation" },
};

const struct rule_info *
rule_info(enum rule_id id)
{
	return &rules[id];
}

bool
rule_known(const char *name)
{
	size_t	i;

	for (i = 0; i < RULE_COUNT; i++)
		if (strcmp(name, rules[i].id) == 0)
			return true;
	return false;
}

const char *
rule_list(void)
{
	static char	buf[512];
	size_t		i, len = 0;

	if (buf[0] != '\0')
		return buf;
	for (i = 0; i < RULE_COUNT; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i ? ", " : "", rules[i].id);
	return buf;
}
