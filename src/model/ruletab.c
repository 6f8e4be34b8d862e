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
	    "Output sections need more than the region holds",
	    "The sections placed in a region end past its length, as ld "
	    "counts it. Move data to another region, shrink it, or correct "
	    "the region's length in the board." },
	[RULE_REGION_BUDGET] = { "region-budget", "error or warning",
	    "Region use is above its budget",
	    "The region is used above the warn or error budget the board (or "
	    "--budget) sets. Free space, or raise the budget on purpose." },
	[RULE_OUTSIDE_REGIONS] = { "outside-regions", "error",
	    "An allocated section lies in no region of the board",
	    "An output section (or its load image) is at an address no region "
	    "of the board covers: the linker script and the board disagree, "
	    "or the board lacks a memory." },
	[RULE_INIT_DATA_IN_ZERO_REGION] = { "init-data-in-zero-region",
	    "error", "Initialised data in an output section that startup "
	    "does not copy",
	    "A variable with an initial value sits where startup only zeroes "
	    "or never touches memory, so it boots as 0 or garbage. Place it "
	    "with a data placement macro, or make its initial value zero." },
	[RULE_BSS_IN_NOINIT_REGION] = { "bss-in-noinit-region", "warning",
	    "Zero-initialised data in an output section that startup does "
	    "not initialise",
	    "A variable the C program expects to start at 0 sits in memory "
	    "startup never clears. Place it with a bss placement macro, or "
	    "mark it as no-init on purpose." },
	[RULE_DMA_UNREACHABLE] = { "dma-unreachable", "error",
	    "A DMA buffer in memory its DMA master cannot reach",
	    "The DMA controller cannot address the memory the buffer is in, "
	    "so transfers fail or hit other memory. Place it with the DMA "
	    "macro of its master." },
	[RULE_DMA_CACHE_LINE] = { "dma-cache-line", "warning",
	    "A DMA buffer in cached memory shares a cache line with other "
	    "data",
	    "Cache maintenance for the buffer also cleans or invalidates its "
	    "neighbour, which can lose the CPU's writes. Align the buffer to "
	    "the cache line and pad it to a whole number of lines." },
	[RULE_MAP_BOARD_MISMATCH] = { "map-board-mismatch", "warning",
	    "The link's memory map differs from the board",
	    "The linker script's MEMORY block has a region the board lacks, "
	    "or one at another address or size. Regenerate the script with "
	    "memfit gen, or correct the board." },
	[RULE_HEAP_REACHES_STACK] = { "heap-reaches-stack", "error",
	    "A linked _sbrk can grow the heap into the stack reservation",
	    "malloc's _sbrk is not bounded below the stack, so a large heap "
	    "silently overwrites it. Use memfit's bounded _sbrk (MEMFIT_SBRK) "
	    "and give the board a heap." },
	[RULE_STACK_OVERFLOW] = { "stack-overflow", "error or warning",
	    "A worst-case stack is above its stack, or its budget, or unknown",
	    "The deepest call path from the reset handler (with the deepest "
	    "interrupt handlers on top) or from a task needs more than its "
	    "stack (an error) or its warn budget (a warning), as GCC's "
	    "-fstack-usage data add up. A worst case with recursion, calls "
	    "through pointers, dynamic frames or functions without data is "
	    "only a lower bound (a warning): give the board the missing "
	    "frames and call targets, or waive the root." },
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
