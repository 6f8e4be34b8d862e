/*
 * The rules of check (src/core/rules*.c): analyze_rules runs them all;
 * the rest is what the rule modules share. Pure.
 */
#ifndef MEMFIT_RULES_H
#define MEMFIT_RULES_H

#include "analyze.h"
#include "diag.h"
#include "rtable.h"
#include "symindex.h"

/*
 * Every rule; needs a board. Then waivers, then report_finish(). Findings
 * go to the report; what is only information (a board region the map
 * does not have) is a note in D.
 */
void	analyze_rules(struct report *, const struct analysis *,
	    struct diags *d);

struct rules_ctx {
	struct report		*r;
	const struct analysis	*a;
	const struct board	*b;
	const struct rtable	*t;		/* the analysis's regions */
	struct symindex		 si;
	struct diags		*d;		/* notes */
};

void	rules_dma(struct rules_ctx *);
void	rules_init(struct rules_ctx *);
void	rules_heap(struct rules_ctx *);
void	rules_stack(struct rules_ctx *);

/*
 * Fill a finding's place: the region and output section holding ADDR
 * (SECTION when no allocated section does), symbol, size, object.
 */
void	finding_place(struct rules_ctx *, struct finding *, const char *sym,
	    uint64_t addr, uint64_t size, const char *section,
	    const struct map_object *obj);

/*
 * F is described at FILE:LINE, a line of the board (or of the map) that
 * code scanning can show when F has no source line; nothing when LINE is 0.
 */
void	finding_described(struct finding *, const char *file, unsigned line);

#endif
