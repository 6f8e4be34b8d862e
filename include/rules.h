/*
 * Internal to the analysis core: what the rule modules share. Pure.
 */
#ifndef MEMFIT_RULES_H
#define MEMFIT_RULES_H

#include "analyze.h"
#include "rtable.h"

/* A data symbol, from the ELF or (map-only) from the map. */
struct dsym {
	const char		*name;
	uint64_t		 addr;
	uint64_t		 size;
	const char		*section;	/* input section, when known */
	const struct map_object	*object;
};

struct symindex {
	struct dsym	*syms;		/* by address */
	size_t		 n;
};

struct rules_ctx {
	struct report		*r;
	const struct analysis	*a;
	const struct board	*b;
	struct rtable		 t;
	struct symindex		 si;
	const struct map_input	**inputs;	/* map inputs by address, of
						   allocated outputs only */
	size_t			 ninputs;
	const struct lsection	**outsec;	/* per map output: its layout
						   section; NULL: unallocated */
	bool			 functions;	/* index FUNC symbols too */
};

void	symindex_build(struct rules_ctx *);
void	symindex_free(struct symindex *);
/* First symbol with addr >= ADDR (index; n when none). */
size_t	symindex_lower(const struct symindex *, uint64_t addr);
/* The map input holding ADDR, or NULL. */
const struct map_input *input_at(const struct rules_ctx *, uint64_t addr);

void	rules_dma(struct rules_ctx *);
void	rules_init(struct rules_ctx *);
void	rules_heap(struct rules_ctx *);

/*
 * Fill a finding's place: the region and output section holding ADDR
 * (SECTION when no allocated section does), symbol, size, object.
 */
void	finding_place(struct rules_ctx *, struct finding *, const char *sym,
	    uint64_t addr, uint64_t size, const char *section,
	    const struct map_object *obj);

#endif
