/*
 * Source positions of symbols from DWARF (src/input/dwarf_lines.c, the
 * only user of libdw, which it opens on first use).
 */
#ifndef MEMFIT_DWARF_LINES_H
#define MEMFIT_DWARF_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Source positions from DWARF, looked up together for a batch of symbols
 * (only those with findings). For each query, file/line are set from the
 * DW_TAG_variable or DW_TAG_subprogram at addr, whatever its name (under
 * LTO it has none of its own); when addr is 0 or no DIE has it, from one
 * with that name (a GCC suffix, "calls.0", ignored). object, the map's
 * object of the symbol, only says which unit to read first; data, set
 * when addr is known not to be code, saves reading .debug_aranges (GCC
 * lists only code there). Without
 * usable DWARF nothing is set and 0 is returned; -1 only when the file
 * cannot be opened.
 */
struct srcloc_query {
	const char	*name;
	uint64_t	 addr;
	const char	*object;	/* from the map, a hint; or NULL */
	bool		 data;		/* addr is not code: no .debug_aranges */
	char		*file;		/* allocated; NULL when unknown */
	unsigned	 line;
};

int	srcloc_resolve(const char *elf_path, struct srcloc_query *, size_t n,
	    struct diags *d);

#endif
