/*
 * The analysis core of check and size (src/core/analyze.c): what an
 * analysis is made of, its regions, and usage per region exactly as GNU
 * ld counts it; the rules are in rules.h, breakdowns in breakdown.h.
 * Pure: it reads loaded models (board, image, map) and fills a report.
 * The one thing it needs from outside, the bytes of input sections in
 * object files, comes through a callback, so tests can drive it without
 * files.
 */
#ifndef MEMFIT_ANALYZE_H
#define MEMFIT_ANALYZE_H

#include "board.h"
#include "image.h"
#include "layout.h"
#include "ldmap.h"
#include "report.h"

struct rtable;
struct stack_result;

struct analysis {
	const struct rtable	*regions;	/* analysis_regions(): once a run */
	const struct board	*board;		/* NULL for size without one */
	const struct image	*image;		/* NULL in map-only mode */
	const struct ldmap	*map;		/* NULL in ELF-only mode */
	const struct layout	*layout;
	object_lookup_fn	 lookup;	/* NULL: objects unavailable */
	void			*lookup_arg;
	char			**allow;	/* --allow RULE[:NAME] */
	size_t			 nallow;
	bool			 explain_dma;	/* fill report.dma_matches */
	const struct stack_result *stack;	/* --stack-usage, or NULL */
};

/*
 * The regions everything is counted in, chosen in this one place: the
 * board's, else the map's Memory Configuration, else runs of the layout.
 * Set a->regions to OUT (freed with rtable_free) before analysing.
 */
void	analysis_regions(struct rtable *out, const struct analysis *a);

/* Regions and their usage (board regions, else the map's). */
void	analyze_usage(struct report *, const struct analysis *);

/* The worst-case stack per root into report.stacks (rules_stack.c). */
void	analyze_stack(struct report *, const struct analysis *);

#endif
