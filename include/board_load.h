/*
 * Reading a board file (src/input/board_load.c, the only user of
 * <yaml.h>): parse, then validate with board_check. The board's types and
 * queries are in board.h.
 */
#ifndef MEMFIT_BOARD_LOAD_H
#define MEMFIT_BOARD_LOAD_H

#include <stddef.h>

#include "board.h"
#include "diag.h"

/*
 * Load and validate the board file at PATH. Every problem found is added to
 * D; returns 0 and sets *out when there was none, else -1 and *out = NULL.
 */
int	board_load(struct board **out, const char *path, struct diags *d);

/* Same, from a buffer (NAME is used in diagnostics); for tests and fuzzing. */
int	board_load_buffer(struct board **out, const char *name,
	    const char *buf, size_t len, struct diags *d);

void	board_free(struct board *);

/*
 * Resolve a --board argument: a path if it names a file, else a shipped board
 * id looked up in ./boards and in the data directory. Returns an allocated
 * path, or NULL with *err set.
 */
char	*board_resolve(const char *arg, char **err);

/* The paths of the shipped boards, one per id, in *OUT (free each and
 * the array); returns the count. */
size_t	board_shipped(char ***out);

#endif
