/*
 * Semantic checks on a parsed board (src/input/board_check.c): what needs
 * the whole file, such as overlaps, names, masters, budgets, reservations
 * and waivers. Pure; board_load runs them.
 */
#ifndef MEMFIT_BOARD_CHECK_H
#define MEMFIT_BOARD_CHECK_H

#include "board.h"

void	board_validate(const struct board *, struct diags *);

#endif
