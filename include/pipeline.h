/*
 * What check, size and diff share: load a board (optional for size and
 * diff), an ELF and/or a map, build the layout, and wire the analysis to
 * the input objects the map names. The I/O half of the analysis core.
 */
#ifndef MEMFIT_PIPELINE_H
#define MEMFIT_PIPELINE_H

#include "analyze.h"
#include "diag.h"
#include "rtable.h"
#include "fileio.h"
#include "objcache.h"
#include "stack.h"

struct pipeline_opts {
	const char	*board;		/* path or id; NULL: none */
	const char	*elf;
	const char	*map;
	const char	*objects;	/* --objects DIR */
	/* The ELF's or the map's bytes when the caller read them already (a
	 * pipe cannot be read twice); NULL: read the paths. */
	const struct mapped_file *elf_data;
	const struct mapped_file *map_data;
	const char	*stack_usage;	/* --stack-usage DIR, or NULL */
};

struct pipeline {
	char		*board_path;
	struct board	*board;
	struct image	*image;
	struct ldmap	*map;
	struct layout	 layout;
	struct rtable	 regions;	/* built by pipeline_analysis */
	struct objcache	*objects;
	char		*map_dir;
	const char	*objects_dir;
	const char	*elf_path;
	struct stack_data *stack_data;	/* with --stack-usage */
	struct stack_result *stack;
};

/*
 * Read the input file PATH the user named, once (a pipe cannot be read
 * twice), for pipeline_opts' elf_data or map_data: 0, or -1 with the
 * error every command gives an unreadable input in D.
 */
int	pipeline_map_input(struct mapped_file *, const char *path,
	    struct diags *);

/* "elf", "json" or "map": what a file the user named is, by its bytes. */
const char *pipeline_input_kind(const struct mapped_file *);

/*
 * The one file a command takes as an operand, in IN's elf, is an ELF or
 * (without --map) a map: read it once into MF and move it to IN's map when
 * it is a map. Returns 1 when MF was mapped (unmap it), 0, or -1.
 */
int	pipeline_positional(struct pipeline_opts *in, struct mapped_file *mf,
	    struct diags *);

/*
 * Apply --budget REGION:WARN[:ERROR] overrides to the loaded board: each
 * threshold a size or a percent, an empty one left as the board has it.
 * Problems are errors in D; returns -1 when there was one.
 */
int	pipeline_budgets(struct pipeline *, char *const *specs, size_t n,
	    struct diags *);

/* Load everything; problems go to D. Returns 0, or -1 (bad input). */
int	pipeline_load(struct pipeline *, const struct pipeline_opts *,
	    struct diags *);
void	pipeline_free(struct pipeline *);

/* Warnings for check about rules that the inputs given limit. */
void	pipeline_rule_warnings(const struct pipeline *, struct diags *);

/*
 * When the map's objects are LTO temporaries (/tmp/ccXXXX.ltrans0.ltrans.o,
 * gone after the link): the ELF's compile units by address, for the
 * breakdowns (free with units_free, then free); without DWARF, NULL and a
 * note in D. NULL without a note when the link is not LTO.
 */
struct units	*pipeline_units(const struct pipeline *, struct diags *);

/* After the rules: a warning naming the objects newer than MAP. */
void	pipeline_object_warnings(const struct pipeline *, const char *map,
	    struct diags *);

/* The analysis over what was loaded (objects read on demand). */
void	pipeline_analysis(struct analysis *out, struct pipeline *);

/* Fill file:line of findings about symbols, from DWARF, in one pass. */
void	pipeline_source_lines(struct report *, const struct pipeline *,
	    struct diags *);

/* Copy the inputs' names into the report's head. */
void	pipeline_report_head(struct report *, const struct pipeline *,
	    const struct pipeline_opts *);

#endif
