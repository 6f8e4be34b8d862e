/*
 * Size breakdowns of a report's regions by archive, object and symbol
 * (memfit size --archives/--objects/--symbols). Pure.
 */
#ifndef MEMFIT_BREAKDOWN_H
#define MEMFIT_BREAKDOWN_H

#include <stddef.h>

#include "analyze.h"
#include "report.h"

enum breakdown_sort {
	SORT_SIZE,	/* largest first */
	SORT_NAME,
	SORT_ADDRESS
};

/*
 * Fill the breakdowns named in MASK (1 << enum breakdown) after
 * analyze_usage: archives and objects need the map, symbols the ELF or
 * the map.
 */
void	analyze_breakdowns(struct report *, const struct analysis *,
	    unsigned mask);

/*
 * A bit of MASK beside the breakdowns: with the map, also each output
 * section's bytes by object file (rep_section.inputs), the levels of the
 * HTML treemap, which then add up to the archives and objects tables.
 */
#define BD_SECTION_INPUTS	(1U << BD_COUNT)

struct units;

/*
 * The same, with the bytes of LTO temporaries (units_is_ltrans) charged
 * to the compile units of UNITS in the objects breakdown (NULL: as
 * analyze_breakdowns).
 */
void	analyze_breakdowns_units(struct report *, const struct analysis *,
	    unsigned mask, const struct units *units);

/*
 * Keep items whose name matches FILTER (a glob, or NULL), sort, cut to TOP
 * (0 = all). With archives, first make r->archives, the table of them
 * across regions, which is filtered, sorted and cut the same way.
 */
void	breakdown_select(struct report *, enum breakdown_sort, size_t top,
	    const char *filter);

#endif
