/*
 * The analysis core of check and size: usage per region exactly as GNU ld
 * counts it, and the rules. Pure: it reads loaded models (board, image,
 * map) and fills a report. The one thing it needs from outside, the bytes
 * of input sections in object files, comes through a callback, so tests
 * can drive it without files.
 */
#ifndef MEMFIT_ANALYZE_H
#define MEMFIT_ANALYZE_H

#include "board.h"
#include "image.h"
#include "ldmap.h"
#include "report.h"

/* An output section as both the ELF and the map can describe it. */
struct lsection {
	const char	*name;
	uint64_t	 vma;
	uint64_t	 lma;
	uint64_t	 size;
	bool		 alloc;		/* occupies target memory */
	bool		 load;		/* has bytes to load (not NOBITS) */
	bool		 load_assumed;	/* map only: load guessed, not known */
};

struct layout {
	struct lsection	*sections;
	size_t		 nsections;
};

/* Looks up an input section's bytes (see objcache_section). */
typedef int (*object_lookup_fn)(const struct obj_section **out, void *arg,
	    const struct map_object *obj, const char *secname, uint64_t size,
	    char **err);

/* Allocated sections of the ELF, LMA from its program headers. */
void	layout_from_image(struct layout *out, const struct image *);

/*
 * From the map alone (a failed link leaves no ELF). Debug, note and
 * attribute sections are not allocated (the GNU tools never allocate
 * them). Whether a section has a load image is known, in order, from the
 * board (a sections entry of init zero or none: never), from its inputs
 * (all .bss-like by name, or SHT_NOBITS in the objects LOOKUP reads: no;
 * explicit data or conventional .data/.text/.rodata inputs: yes); else it
 * is assumed to have one and marked load_assumed. BOARD and LOOKUP may
 * be NULL.
 */
void	layout_from_map(struct layout *out, const struct ldmap *,
	    const struct board *, object_lookup_fn lookup, void *lookup_arg);
void	layout_free(struct layout *);

/* The allocated section holding ADDR (not empty), or NULL. */
const struct lsection *layout_at(const struct layout *, uint64_t addr);
/* The section called NAME, at VMA if several are; NULL if none. */
const struct lsection *layout_named(const struct layout *, const char *name,
	    uint64_t vma);

/*
 * Whether the map describes this ELF: every allocated section of the ELF
 * with bytes must be in the map at the same address with the same size.
 * Returns the number of sections that differ, with the first in *why
 * (allocated).
 */
size_t	layout_mismatch(const struct layout *elf, const struct ldmap *,
	    char **why);

struct rtable;

struct analysis {
	const struct rtable	*regions;	/* analysis_regions(): once a run */
	const struct board	*board;		/* NULL for size without one */
	const struct image	*image;		/* NULL in map-only mode */
	const struct ldmap	*map;		/* NULL in ELF-only mode */
	const struct layout	*layout;
	object_lookup_fn	 lookup;	/* NULL: objects unavailable */
	void			*lookup_arg;
	char			**allow;	/* --allow RULE[:NAME] */
	size_t			 nallow;
	bool			 explain_dma;	/* fill report.dma_matches */
};

/*
 * The regions everything is counted in, chosen in this one place: the
 * board's, else the map's Memory Configuration, else runs of the layout.
 * Set a->regions to OUT (freed with rtable_free) before analysing.
 */
void	analysis_regions(struct rtable *out, const struct analysis *a);

/* Regions and their usage (board regions, else the map's). */
void	analyze_usage(struct report *, const struct analysis *);

/* Every rule; needs a board. Then waivers, then report_finish(). */
void	analyze_rules(struct report *, const struct analysis *);

#endif
