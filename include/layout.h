/*
 * Layouts (src/core/layout.c): the output sections of a link, from the
 * ELF, or from the map when a failed link left no ELF. Pure.
 */
#ifndef MEMFIT_LAYOUT_H
#define MEMFIT_LAYOUT_H

#include "board.h"
#include "image.h"
#include "ldmap.h"
#include "objcache.h"
#include "rtable.h"

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

/* Looks up an input section's bytes, and symbols (see objcache_section). */
typedef int (*object_lookup_fn)(const struct obj_section **out, void *arg,
	    const struct map_object *obj, const char *secname, uint64_t size,
	    bool symbols, char **err);

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

/* Every range the layout occupies, load images apart: *out, the count. */
size_t	layout_spans(struct span **out, const struct layout *);

#endif
