/*
 * The rules of memfit check, in one table: the id that findings, waivers,
 * --allow and SARIF use, the default severity, and a one-line summary.
 * Findings are raised by enum, so a misspelt rule cannot compile. Pure.
 */
#ifndef MEMFIT_RULETAB_H
#define MEMFIT_RULETAB_H

#include <stdbool.h>

enum rule_id {
	RULE_REGION_OVERFLOW,
	RULE_REGION_BUDGET,
	RULE_OUTSIDE_REGIONS,
	RULE_INIT_DATA_IN_ZERO_REGION,
	RULE_BSS_IN_NOINIT_REGION,
	RULE_DMA_UNREACHABLE,
	RULE_DMA_CACHE_LINE,
	RULE_MAP_BOARD_MISMATCH,
	RULE_HEAP_REACHES_STACK,
	RULE_STACK_OVERFLOW,
	RULE_COUNT
};

struct rule_info {
	const char	*id;		/* kebab-case, stable */
	const char	*severity;	/* "error", "warning" or "error or
					   warning" (budgets) */
	const char	*summary;	/* one line, for SARIF and --help */
	const char	*help;		/* why it matters, what to do: SARIF */
};

const struct rule_info *rule_info(enum rule_id);

/* Whether NAME is a rule id (waivers and --allow name rules). */
bool	rule_known(const char *name);

/* "region-overflow, region-budget, ...": every id, for messages. */
const char *rule_list(void);

#endif
