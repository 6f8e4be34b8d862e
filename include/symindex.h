/*
 * The symbol index of a link (src/core/symindex.c): what the rules and the
 * breakdowns search by address. Pure.
 */
#ifndef MEMFIT_SYMINDEX_H
#define MEMFIT_SYMINDEX_H

#include "analyze.h"

/* A data symbol (or function), from the ELF or (map-only) from the map. */
struct dsym {
	const char		*name;
	uint64_t		 addr;
	uint64_t		 size;
	const char		*section;	/* input section, when known */
	const struct map_object	*object;
};

struct symindex {
	struct dsym		 *syms;		/* by address */
	size_t			  n;
	const struct map_input	**inputs;	/* map inputs of allocated
						   outputs, by address */
	size_t			  ninputs;
	const struct lsection	**outsec;	/* per map output: its layout
						   section; NULL: unallocated */
};

/* Index A's symbols (FUNCTIONS: functions too) and its map's inputs. */
void	symindex_build(struct symindex *, const struct analysis *a,
	    bool functions);
void	symindex_free(struct symindex *);
/* First symbol with addr >= ADDR (index; n when none). */
size_t	symindex_lower(const struct symindex *, uint64_t addr);

#endif
