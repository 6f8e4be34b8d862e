/*
 * A vendor tool's memory types beside ld's regions (src/core/memtypes.c,
 * pure): for each of the board's memory_types, the output sections of the
 * report it counts, its total, and the sections and gaps that make ld's
 * count of its regions differ from it.
 */
#ifndef MEMFIT_MEMTYPES_H
#define MEMFIT_MEMTYPES_H

#include "board.h"
#include "report.h"

/* Fill R's memtypes from B's memory_types over R's regions. */
void	memtypes_fill(struct report *r, const struct board *b);

#endif
