/*
 * Semantic checks on a parsed board (src/input/board_check.c): what needs
 * the whole file, such as overlaps, names, masters, budgets, reservations
 * and waivers. Pure; board_load runs them.
 */
#ifndef MEMFIT_BOARD_CHECK_H
#define MEMFIT_BOARD_CHECK_H

#include "board.h"

void	board_validate(const struct board *, struct diags *);

/* The checks of one region's budget alone: for budgets set elsewhere. */
void	board_check_budget(const struct board *, const struct region *,
	    struct diags *);

#endif
