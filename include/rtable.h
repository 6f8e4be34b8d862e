/*
 * The regions an analysis counts in, with their address windows (the
 * region itself and its aliases): from a board, or from a map's Memory
 * Configuration when there is no board. Pure.
 */
#ifndef MEMFIT_RTABLE_H
#define MEMFIT_RTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "ldmap.h"

struct rtable {
	size_t			 n;
	const char		**names;
	uint64_t		*origin;
	uint64_t		*length;
	const struct board	*board;		/* aliases, when from a board */
	bool			 unsized;	/* lengths are only the extents
						   used: from rtable_from_spans */
	char			**owned;	/* names made up here */
};

void	rtable_from_board(struct rtable *, const struct board *);
void	rtable_from_map(struct rtable *, const struct ldmap *);
/* An address range memory is used in. */
struct span {
	uint64_t	addr;
	uint64_t	size;
};

/*
 * Without a board or a map: one region per run of the N spans V (in any
 * order; sorted here) that lie within 64 KiB of each other, named by its
 * start address and as long as it is used, for finding addresses; the
 * table is marked unsized, since an ELF does not say how big the memory
 * is.
 */
void	rtable_from_spans(struct rtable *, struct span *v, size_t n);
void	rtable_free(struct rtable *);

/* Window W of region I: 0 is the region, 1.. its aliases. */
bool	rtable_window(const struct rtable *, size_t i, size_t w,
	    uint64_t *origin);

/*
 * The region holding ADDR (index, or -1) and the origin of the window it
 * is seen through. With EDGES, an address just past a region's end, or
 * at the origin of an empty region, counts when nothing holds it outright
 * (a section there has overflowed that region).
 */
int	rtable_find(const struct rtable *, uint64_t addr, bool edges,
	    uint64_t *worigin, size_t *wout);

/*
 * The region output section NAME at ADDR is counted in: a region that
 * shares its addresses with another (board 'shares') when it names NAME
 * in its 'sections', else as rtable_find. Address-only lookups never
 * find a sharing region.
 */
int	rtable_find_section(const struct rtable *, const char *name,
	    uint64_t addr, bool edges, uint64_t *worigin, size_t *wout);

#endif
