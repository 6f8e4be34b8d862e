/*
 * memfit init's guesses. Startup code copies and zeroes output sections by
 * convention: .data (anything with its load image elsewhere) is copied,
 * .bss zeroed, and sections named for a heap, a stack or data kept across
 * a reset, or NOLOAD in the script, are left alone. A guess is only ever
 * a starting point, so each carries the reason the user must confirm.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "draft.h"

/* Names that say "not initialised": checked before the .bss names, since
 * ".noinit.bss" style names exist. */
static const char *const untouched_words[] = {
	"noinit", "no_init", "uninit", "persist", "retain", "heap", "stack",
	NULL
};

static bool
has_word(const char *name, const char *const *words)
{
	size_t	i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(name, words[i]) != NULL)
			return true;
	return false;
}

static enum region_init
guess_section(const struct draft_section_in *s, const char **why)
{
	static const char *const bss[] = { "bss", NULL };

	if (has_word(s->name, untouched_words))
		return *why = "its name says startup leaves it alone", INIT_NONE;
	if (has_word(s->name, bss))
		return *why = "zeroed as a .bss, by its name", INIT_ZERO;
	if (s->noload)
		return *why = "NOLOAD in the script, and not named as a .bss",
		    INIT_NONE;
	if (s->copied)
		return *why = "copied from its load image", INIT_LOAD;
	if (s->has_bytes && s->bytes_known)
		return *why = "loaded with the image, at its run address", INIT_LOAD;
	if (s->bytes_known)
		return *why = "no bytes in the image and not named as a .bss",
		    INIT_NONE;
	return *why = "assumed to have bytes to load", INIT_LOAD;
}

static bool
in_region(const struct draft_section_in *s, const struct draft_region *r)
{
	return s->region != NULL && strcmp(s->region, r->name) == 0;
}

/*
 * The region's mode is the widest any of its sections needs (load covers
 * .data and .bss; zero covers .bss); sections that need less get entries.
 */
static void
guess_init(struct draft_region *r, const struct draft_input *in)
{
	const struct draft_section_in	*s;
	const char			*why;
	enum region_init		 mode, widest = INIT_NONE;
	bool				 why_copied = false;
	size_t				 i;

	r->init_why = NULL;
	for (i = 0; i < in->nsections; i++) {
		s = &in->sections[i];
		if (!in_region(s, r))
			continue;
		/* a copied section is the best evidence for load */
		mode = guess_section(s, &why);
		if (mode < widest || r->init_why == NULL ||
		    (mode == widest && s->copied && !why_copied)) {
			why_copied = s->copied;
			widest = mode < widest ? mode : widest;
			r->init_why = why;
			r->init_section = s->name;
		}
	}
	r->init = widest;
	if (r->init_why == NULL && r->like != NULL) {
		r->init = r->like->init;
		r->init_why = "nothing is placed here; as the shipped board";
	} else if (r->init_why == NULL)
		r->init_why = "nothing is placed here: say what your startup "
		    "does to it";
}

static void
guess_entries(struct draft_region *r, const struct draft_input *in)
{
	const struct draft_section_in	*s;
	struct draft_section		*e;
	const char			*why;
	enum region_init		 mode;
	size_t				 i;

	r->sections = xcalloc(in->nsections + 1, sizeof(*r->sections));
	for (i = 0; i < in->nsections; i++) {
		s = &in->sections[i];
		if (!in_region(s, r))
			continue;
		mode = guess_section(s, &why);
		/* load gives NOBITS sections zeroes; only "none" differs */
		if (mode == r->init || (mode == INIT_ZERO && r->init == INIT_LOAD))
			continue;
		e = &r->sections[r->nsections++];
		e->name = s->name;
		e->init = mode;
		e->why = why;
	}
}

static bool
attrs_say(const char *attrs, const char *chars)
{
	return attrs != NULL && strchr(attrs, '!') == NULL &&
	    strpbrk(attrs, chars) != NULL;
}

/* flash or ram: the shipped board, the attributes, else the contents. */
static void
guess_kind(struct draft_region *r, const struct draft_input *in)
{
	size_t	i;
	bool	images = false, nobits = false;

	for (i = 0; i < in->nsections; i++) {
		if (in->sections[i].load_region != NULL &&
		    strcmp(in->sections[i].load_region, r->name) == 0)
			images = true;
		if (in_region(&in->sections[i], r) &&
		    in->sections[i].bytes_known && !in->sections[i].has_bytes)
			nobits = true;
	}
	if (r->like != NULL) {
		r->kind = r->like->kind;
		r->kind_why = "as the shipped board";
	} else if (attrs_say(r->attrs, "wW")) {
		r->kind = REGION_RAM;
		r->kind_why = "writable in the MEMORY attributes";
	} else if (attrs_say(r->attrs, "rRxX")) {
		r->kind = REGION_FLASH;
		r->kind_why = "read-only in the MEMORY attributes";
	} else {
		r->kind = images || !nobits ? REGION_FLASH : REGION_RAM;
		r->kind_why = images ? "holds load images" : nobits ?
		    "holds zero-initialised sections" : "holds only code or "
		    "constants";
		r->kind_guessed = true;
	}
}

static const struct region *
region_at(const struct board *b, uint64_t origin)
{
	size_t	i;

	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].origin == origin)
			return &b->regions[i];
	return NULL;
}

/* Regions at the board's addresses, twice for the same length too. */
static size_t
match_score(const struct board *b, const struct draft_input *in)
{
	const struct region	*r;
	size_t			 i, score = 0;

	for (i = 0; i < in->nregions; i++)
		if (in->regions[i].length > 0 &&
		    (r = region_at(b, in->regions[i].origin)) != NULL)
			score += r->length == in->regions[i].length ? 2 : 1;
	return score;
}

/*
 * The shipped board that has the link's regions at the same addresses:
 * a region scores 2 when its length is the board's too, 1 when only the
 * origin is, and the best board must score more than 1 per region (an
 * RP2350 has its RAM and flash where an RP2040 has them, but not their
 * sizes).
 */
static void
match_shipped(struct draft *dr, const struct draft_input *in)
{
	size_t	i, score, best = 0, nonempty = 0;

	dr->like = in->like;
	for (i = 0; in->like == NULL && i < in->nshipped; i++)
		if ((score = match_score(in->shipped[i], in)) > best) {
			best = score;
			dr->like = in->shipped[i];
		}
	for (i = 0; i < in->nregions; i++)
		nonempty += in->regions[i].length > 0;
	if (in->like == NULL && best <= nonempty)
		dr->like = NULL;
	for (i = 0; dr->like != NULL && i < in->nregions; i++)
		dr->like_matches += in->regions[i].length > 0 &&
		    region_at(dr->like, in->regions[i].origin) != NULL;
}

static bool
holds(const struct draft_region *r, const struct draft_input *in,
    const char *name)
{
	size_t	i;

	for (i = 0; i < in->nsections; i++)
		if (in_region(&in->sections[i], r) &&
		    strcmp(in->sections[i].name, name) == 0)
			return true;
	return false;
}

/* The default of each kind: where .text and .data/.bss run, else the
 * shipped board's default, else the first of its kind. */
static void
guess_defaults(struct draft *dr, const struct draft_input *in)
{
	struct draft_region	*r, *pick[2] = { NULL, NULL };
	size_t			 i;

	for (i = 0; i < dr->nregions; i++) {
		r = &dr->regions[i];
		if (pick[r->kind] != NULL)
			continue;
		if (r->kind == REGION_FLASH && holds(r, in, ".text"))
			r->default_why = "holds .text";
		else if (r->kind == REGION_RAM && (holds(r, in, ".data") ||
		    holds(r, in, ".bss")))
			r->default_why = "holds .data and .bss";
		else
			continue;
		pick[r->kind] = r;
	}
	for (i = 0; i < dr->nregions; i++) {
		r = &dr->regions[i];
		if (pick[r->kind] == NULL && r->like != NULL &&
		    r->like->is_default) {
			pick[r->kind] = r;
			r->default_why = "as the shipped board";
		}
	}
	for (i = 0; i < dr->nregions; i++) {
		r = &dr->regions[i];
		if (pick[r->kind] == NULL) {
			pick[r->kind] = r;
			r->default_why = "the first of its kind";
		}
		r->is_default = pick[r->kind] == r;
	}
}

int
draft_build(struct draft *out, const struct draft_input *in)
{
	struct draft_region	*r;
	size_t			 i, j;

	memset(out, 0, sizeof(*out));
	if (in->nregions == 0)
		return -1;
	match_shipped(out, in);
	out->regions = xcalloc(in->nregions, sizeof(*out->regions));
	out->nregions = in->nregions;
	for (i = 0; i < in->nregions; i++) {
		r = &out->regions[i];
		r->name = in->regions[i].name;
		r->origin = in->regions[i].origin;
		r->length = in->regions[i].length;
		r->attrs = in->regions[i].attrs;
		if (out->like != NULL)
			r->like = region_at(out->like, r->origin);
		guess_kind(r, in);
		for (j = 0; j < in->nsections; j++)
			if (in_region(&in->sections[j], r))
				r->used += in->sections[j].size;
		if (r->kind == REGION_RAM) {
			guess_init(r, in);
			guess_entries(r, in);
		}
	}
	guess_defaults(out, in);
	return 0;
}

void
draft_free(struct draft *dr)
{
	size_t	i;

	for (i = 0; i < dr->nregions; i++)
		free(dr->regions[i].sections);
	free(dr->regions);
	memset(dr, 0, sizeof(*dr));
}
