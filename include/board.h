/*
 * The board model: memory regions, their startup init, the DMA masters that
 * reach them, budgets, and how to recognise DMA buffers in a linked image.
 *
 * Loaded from a YAML board file (board_load, the only user of libyaml) and
 * checked by board_validate (pure). Every element keeps the position it was
 * read from, so that a problem found much later still points into the YAML.
 */
#ifndef MEMFIT_BOARD_H
#define MEMFIT_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define BOARD_MAX_MASTERS	32	/* a master set is a 32-bit mask */

enum region_kind {
	REGION_FLASH,
	REGION_RAM
};

enum region_init {
	INIT_LOAD,	/* .data copied from flash, .bss zeroed */
	INIT_ZERO,	/* zeroed at startup only */
	INIT_NONE	/* never touched by startup (retained, noinit) */
};

/*
 * A budget threshold: a percentage of the region (is_percent, hundredths of
 * a percent) or a byte count. threshold_bytes() resolves it against the
 * region length.
 */
struct threshold {
	bool		 set;
	bool		 is_percent;
	uint32_t	 hundredths;	/* percent x 100 when is_percent */
	uint64_t	 bytes;
	struct srcpos	 pos;
};

struct budget {
	struct threshold warn;
	struct threshold error;
};

struct alias {
	uint64_t	 origin;
	uint32_t	 dma;		/* masters reaching it through this view */
	bool		 dma_set;
	struct srcpos	 pos;
};

/*
 * What startup does to one output section of a RAM region (or a glob of
 * them): real startup code copies and zeroes output sections, not regions,
 * so one region can hold .data (copied), .bss (zeroed) and NOLOAD sections
 * it never touches. An MPU window can also make a section non-cacheable.
 */
struct section_rule {
	char		*glob;		/* output-section name or glob */
	enum region_init init;
	bool		 init_set;
	bool		 cacheable;
	bool		 cacheable_set;
	bool		 named_only;	/* "{}": counted in a region that shares */
	struct srcpos	 pos;		/* the key */
	struct srcpos	 init_pos;
};

struct region {
	char		*name;
	enum region_kind kind;
	uint64_t	 origin;
	uint64_t	 length;
	bool		 length_set;	/* parsed without error */
	enum region_init init;
	bool		 init_set;
	uint32_t	 dma;		/* mask over board.masters */
	bool		 cacheable;
	bool		 executable;	/* "x" in the ld MEMORY attributes */
	bool		 is_default;
	bool		 required;	/* a map without it is a warning */
	struct budget	 budget;
	struct alias	*aliases;
	size_t		 naliases;
	struct section_rule *sections;	/* file order: first match wins */
	size_t		 nsections;
	/*
	 * Another region over the same addresses (ESP-IDF's extern_ram_seg
	 * and drom0_0_seg: PSRAM and flash behind one MMU window): only the
	 * output sections named in 'sections' are counted here, everything
	 * else at these addresses in the region named.
	 */
	char		*shares;
	struct srcpos	 shares_pos;
	struct srcpos	 pos;		/* the list item */
	struct srcpos	 name_pos, origin_pos, length_pos, init_pos, dma_pos;
	struct srcpos	 cacheable_pos, default_pos;
};

struct reservation {
	bool		 set;
	char		*region;
	uint64_t	 size;
	struct srcpos	 pos;
	struct srcpos	 region_pos;
};

/* How check recognises DMA buffers: globs, plus the masters they need. */
struct dma_rule {
	char		**symbols;
	size_t		  nsymbols;
	char		**sections;
	size_t		  nsections;
	uint32_t	  masters;	/* 0 = any one master will do */
	struct srcpos	  pos;
};

struct waiver {
	char		*rule;
	char		*symbol;	/* NULL = every symbol */
	char		*reason;
	struct srcpos	 pos;
};

/*
 * A memory type as a vendor's size tool reports it (ESP-IDF's idf.py size:
 * "DRAM", "Flash Code"): the output sections it counts, and the regions
 * whose lengths make its total (none: no total).
 */
struct memtype {
	char		*name;
	char		**sections;	/* output-section globs */
	size_t		  nsections;
	char		**regions;
	size_t		  nregions;
	struct srcpos	  pos;
};

/*
 * A task (an RTOS thread) the stack analysis takes as a root: its entry
 * function and its stack, a symbol whose size is the stack (FreeRTOS's
 * static StackType_t arrays) or a size.
 */
struct stack_task {
	char		*entry;
	char		*stack_symbol;	/* NULL when a size is given */
	uint64_t	 size;
	uint64_t	 switch_frame;	/* what a context switch pushes */
	struct threshold warn;		/* of the stack */
	struct srcpos	 pos;
	struct srcpos	 entry_pos;
	struct srcpos	 stack_pos;
};

/* A function's stack use the compiler does not give (assembly, libraries),
 * what it calls included. */
struct stack_frame {
	char		*function;
	uint64_t	 bytes;
	struct srcpos	 pos;
};

/*
 * stack: { size: auto }: gen sizes the stack from the worst case of the
 * stack analysis plus a margin, in bytes or a percentage of the worst
 * case; MIN is the least it reserves, and what it reserves when the worst
 * case is only a lower bound.
 */
struct stack_auto {
	bool		 set;
	bool		 margin_set;
	bool		 margin_is_percent;
	uint32_t	 margin_hundredths;	/* when a percentage */
	uint64_t	 margin;		/* else, bytes */
	bool		 min_set;
	uint64_t	 min;
	struct srcpos	 pos;			/* of size: auto */
	struct srcpos	 margin_pos, min_pos;
};

/* What a function may call through pointers. */
struct indirect_calls {
	char		*caller;
	char		**targets;
	size_t		  ntargets;
	struct srcpos	  pos;
};

struct master {
	char		*name;
	struct srcpos	 pos;
};

struct board {
	char		*path;		/* as given; srcpos.file points here */
	int		 version;
	unsigned	 address_bits;	/* 32 (default) or 64 */
	struct srcpos	 address_bits_pos;
	char		*id;
	char		*mcu;
	struct master	*masters;
	size_t		 nmasters;
	uint32_t	 cache_line;	/* 0 = not given */
	struct srcpos	 cache_line_pos;
	struct region	*regions;
	size_t		 nregions;
	struct reservation stack;
	struct reservation heap;
	struct dma_rule	*dma_rules;
	size_t		 ndma_rules;
	struct waiver	*waivers;
	size_t		 nwaivers;
	struct memtype	*memtypes;
	size_t		 nmemtypes;
	/* The stack analysis (stack.h): the main stack's warn budget,
	 * tasks, how many interrupt handlers may nest and what the hardware
	 * pushes for each, frames and indirect-call targets. */
	struct threshold stack_warn;
	struct stack_auto stack_auto;
	struct stack_task *tasks;
	size_t		 ntasks;
	unsigned	 irq_nesting;	/* 1 unless the board says */
	uint64_t	 irq_frame;
	char		**irq_handlers;	/* globs, for gen before the link */
	size_t		 nirq_handlers;
	struct srcpos	 interrupts_pos;
	struct stack_frame *stack_frames;
	size_t		 nstack_frames;
	struct indirect_calls *indirect_calls;
	size_t		 nindirect_calls;
	char		**stack_files;	/* frames and targets read from
					   them: srcpos.file */
	size_t		 nstack_files;
	struct srcpos	 pos;		/* the top of the file */
	bool		 extended;	/* extends another board */
	char		**files;	/* the boards it extends: srcpos.file */
	size_t		 nfiles;
};

const struct region *board_region(const struct board *, const char *name);
const struct region *board_default_region(const struct board *, enum region_kind);
int	board_master_index(const struct board *, const char *name);

/* The masters reaching a region through an alias: the alias's own dma
 * list; none when it has no list. */
uint32_t alias_dma(const struct region *, const struct alias *);

/*
 * The section rule of REGION that output section NAME matches first, or
 * NULL; and what startup does to NAME there (the rule's init, else the
 * region's) and whether it is cached (likewise).
 */
const struct section_rule *region_section_rule(const struct region *,
	    const char *name);
enum region_init section_init(const struct region *, const char *name);
bool	section_cacheable(const struct region *, const char *name);

/*
 * A budget threshold as a user types it, in a board or on the command
 * line: a percentage of the region, at most 100% ("85%"), or a size
 * ("96K"). Returns 0 with T set, or -1 with *why (QUANTITY_ABOVE_100 for
 * a percentage over 100); T's is_percent says which form was read.
 */
int	threshold_parse(struct threshold *t, const char *s, const char **why);

/* The threshold in bytes for a region of LENGTH; UINT64_MAX when unset. */
uint64_t threshold_bytes(const struct threshold *, uint64_t length);


const char *region_kind_name(enum region_kind);
const char *region_init_name(enum region_init);

#endif
