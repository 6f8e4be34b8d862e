/*
 * Address ranges -> compile unit, from DWARF: what size --objects and diff
 * charge the bytes of LTO temporaries to (a map of a -flto link names
 * /tmp/ccXXXX.ltrans0.ltrans.o, gone after the link, for all the code).
 * The ranges are read in dwarf_lines.c (the only module using libdw); the
 * lookups here are pure.
 */
#ifndef MEMFIT_UNITS_H
#define MEMFIT_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct unit_range {
	uint64_t	 lo;		/* [lo, hi) */
	uint64_t	 hi;
	size_t		 unit;		/* index into names */
};

struct units {
	struct unit_range	*ranges;	/* by lo, not overlapping */
	size_t			 n;
	char			**names;	/* DW_AT_name of each unit */
	size_t			 nnames;
};

/*
 * Fill OUT with the address ranges of the functions (low_pc/high_pc,
 * DW_AT_ranges) and static variables (DW_AT_location, size of the type,
 * function-local statics too) of every unit, each named by the unit that declared it: under
 * LTO the DIE sits in the ltrans unit ("<artificial>") and its abstract
 * origin in the original .c's unit. Returns 0 (OUT may be empty: no
 * DWARF, or no libdw), or -1 when the file cannot be opened (in D).
 */
int	units_from_elf(struct units *out, const char *elf_path,
	    struct diags *d);
void	units_free(struct units *);

/* Sort by address and drop overlaps (the first range wins). */
void	units_finish(struct units *);

/*
 * The range holding ADDR, or else the first range starting after it; NULL
 * when there is none.
 */
const struct unit_range	*units_at(const struct units *, uint64_t addr);

/* An LTO temporary's name: GCC's "ccXXXX.ltrans0.ltrans.o", "x.ltrans.o",
 * or ld.lld's "lto.tmp". */
bool	units_is_ltrans(const char *object_path);

#endif
