/*
 * A first board file for an existing project (src/core/draft.c, pure):
 * memfit init's model. Regions come from the link (the map's Memory
 * Configuration or a script's MEMORY block); kinds from their attributes;
 * what startup does to each RAM region and output section is guessed from
 * the usual conventions, each guess with the reason shown to the user; DMA
 * facts are copied from the shipped board whose regions sit at the same
 * addresses, if one does.
 */
#ifndef MEMFIT_DRAFT_H
#define MEMFIT_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"

/* A region as the link declares it. */
struct draft_region_in {
	const char	*name;
	uint64_t	 origin;
	uint64_t	 length;
	const char	*attrs;		/* "xrw", "rx", "" */
};

/* An output section as the link (or only the script) places it. */
struct draft_section_in {
	const char	*name;
	const char	*region;	/* the region it runs in, or NULL */
	uint64_t	 vma, size;	/* 0 when only a script gives it */
	bool		 copied;	/* its load image is elsewhere */
	bool		 has_bytes;	/* bytes in the image (not NOBITS) */
	bool		 bytes_known;	/* has_bytes is known, not assumed */
	bool		 noload;	/* (NOLOAD) in the script */
	const char	*load_region;	/* where a copied image is, or NULL */
};

struct draft_input {
	const struct draft_region_in	 *regions;
	size_t				  nregions;
	const struct draft_section_in	 *sections;
	size_t				  nsections;
	const struct board *const	 *shipped;	/* to match against */
	size_t				  nshipped;
	const struct board		 *like;		/* given: no matching */
};

/* What startup does to one output section, when not the region's mode. */
struct draft_section {
	const char	 *name;
	enum region_init  init;
	const char	 *why;
};

struct draft_region {
	const char		*name;
	uint64_t		 origin, length;
	const char		*attrs;
	enum region_kind	 kind;
	const char		*kind_why;	/* how the kind was decided */
	bool			 kind_guessed;
	enum region_init	 init;		/* ram only */
	const char		*init_why;
	const char		*init_section;	/* the section it is for */
	struct draft_section	*sections;
	size_t			 nsections;
	uint64_t		 used;		/* bytes placed, for a comment */
	bool			 is_default;
	const char		*default_why;
	const struct region	*like;		/* the shipped region here */
};

struct draft {
	struct draft_region	*regions;
	size_t			 nregions;
	const struct board	*like;		/* the closest shipped board */
	size_t			 like_matches;	/* regions at its addresses */
};

/* Build the draft; fails only when IN has no regions (-1). */
int	draft_build(struct draft *out, const struct draft_input *in);
void	draft_free(struct draft *);

#endif
