/*
 * Queries and names on a loaded board: pure functions shared by the
 * validator, the generators and the checks.
 */
#include <string.h>

#include "board.h"
#include "quantity.h"
#include "util.h"

const char *
region_kind_name(enum region_kind k)
{
	return k == REGION_FLASH ? "flash" : "ram";
}

const char *
region_init_name(enum region_init i)
{
	static const char *const names[] = { "load", "zero", "none" };

	return names[i];
}

int
board_master_index(const struct board *b, const char *name)
{
	size_t	i;

	for (i = 0; i < b->nmasters; i++)
		if (strcmp(b->masters[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct region *
board_region(const struct board *b, const char *name)
{
	size_t	i;

	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].name != NULL &&
		    strcmp(b->regions[i].name, name) == 0)
			return &b->regions[i];
	return NULL;
}

/* The region marked default of that kind, else the first of that kind. */
const struct region *
board_default_region(const struct board *b, enum region_kind kind)
{
	const struct region	*first = NULL;
	size_t			 i;

	for (i = 0; i < b->nregions; i++) {
		if (b->regions[i].kind != kind)
			continue;
		if (b->regions[i].is_default)
			return &b->regions[i];
		if (first == NULL)
			first = &b->regions[i];
	}
	return first;
}

int
threshold_parse(struct threshold *t, const char *s, const char **why)
{
	size_t	len = strlen(s);
	int	rc;

	t->is_percent = len > 0 && s[len - 1] == '%';
	rc = t->is_percent ? parse_percent(&t->hundredths, s, true, why) :
	    parse_size(&t->bytes, s, why);
	t->set = rc == 0;
	return rc;
}

uint64_t
threshold_bytes(const struct threshold *t, uint64_t length)
{
	unsigned __int128	v;

	if (!t->set)
		return UINT64_MAX;
	if (!t->is_percent)
		return t->bytes;
	/* Round down: a budget of 90% of 10 bytes allows 9. */
	v = (unsigned __int128)length * t->hundredths / 10000;
	return (uint64_t)v;
}

uint32_t
alias_dma(const struct region *r, const struct alias *a)
{
	/* DMA only through views marked so: absent means no master. */
	(void)r;
	return a->dma;
}

const struct section_rule *
region_section_rule(const struct region *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nsections; i++)
		if (glob_match(r->sections[i].glob, name))
			return &r->sections[i];
	return NULL;
}

enum region_init
section_init(const struct region *r, const char *name)
{
	const struct section_rule	*s = region_section_rule(r, name);

	return s != NULL && s->init_set ? s->init : r->init;
}

bool
section_cacheable(const struct region *r, const char *name)
{
	const struct section_rule	*s = region_section_rule(r, name);

	return s != NULL && s->cacheable_set ? s->cacheable : r->cacheable;
}
