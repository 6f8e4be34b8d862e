/*
 * What memfit init reads from a GNU ld linker script (src/input/ldscript.c):
 * the MEMORY block, and each output section's type and regions. Not a
 * linker: expressions are numbers (with K, M, G), + - * / ( ), symbols
 * assigned earlier at the top level, ORIGIN() and LENGTH() of regions
 * already read. What it cannot evaluate is an error located in the script.
 * Scripts are read as written (run a .ld.in template through cpp first);
 * a line starting with '#' (cpp's line markers) is skipped.
 */
#ifndef MEMFIT_LDSCRIPT_H
#define MEMFIT_LDSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct script_region {
	char		*name;
	char		*attrs;		/* "xrw", "rx", "" */
	uint64_t	 origin;
	uint64_t	 length;
	unsigned	 line;
};

struct script_section {
	char		*name;
	char		*region;	/* > REGION, or NULL */
	char		*lma_region;	/* AT > REGION, or NULL */
	bool		 noload;	/* (NOLOAD) */
	unsigned	 line;
};

struct ldscript {
	char			*path;
	struct script_region	*regions;
	size_t			 nregions;
	struct script_section	*sections;
	size_t			 nsections;
};

/* Read the script at PATH; problems go to D. Returns 0, or -1. */
int	ldscript_parse(struct ldscript **out, const char *path,
	    struct diags *d);
int	ldscript_parse_buffer(struct ldscript **out, const char *name,
	    const char *buf, size_t len, struct diags *d);
void	ldscript_free(struct ldscript *);

/* The output section NAME, or NULL. */
const struct script_section *ldscript_section(const struct ldscript *,
	    const char *name);

#endif
