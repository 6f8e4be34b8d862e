/*
 * Decisions shared by every generated file: which regions receive load
 * images and default sections, the word size of the init table, and where
 * each class of DMA buffer is placed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "memfit.h"

const struct region *
gen_dma_region(const struct board *b, uint32_t masters)
{
	const struct region	*def = board_default_region(b, REGION_RAM);
	const struct region	*cached = NULL, *r;
	size_t			 i;

	if (masters == 0)
		return NULL;
	if (def != NULL && (def->dma & masters) == masters && def->length > 0)
		return def;
	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		if (r->kind != REGION_RAM || r->length == 0 ||
		    (r->dma & masters) != masters)
			continue;
		if (!r->cacheable)
			return r;
		if (cached == NULL)
			cached = r;
	}
	return cached;
}

char *
gen_macro_name(const char *s)
{
	char	*m = xstrdup(s), *p;

	for (p = m; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	return m;
}

static void
plan_dma(struct dma_place *p, const struct board *b, const char *tag,
    uint32_t masters)
{
	char	*up = gen_macro_name(tag);

	p->tag = xstrdup(tag);
	p->macro = strcmp(tag, "all") == 0 ? xstrdup("MEMFIT_DMA_BUFFER") :
	    xasprintf("MEMFIT_DMA_%s", up);
	p->input = xasprintf(".bss.memfit.dma.%s", tag);
	p->output = xasprintf(".memfit_dma_%s", tag);
	p->masters = masters;
	p->region = gen_dma_region(b, masters);
	p->align = p->region != NULL && p->region->cacheable ?
	    b->cache_line : 0;
	free(up);
}

void
gen_plan_init(struct gen_plan *p, const struct board *b)
{
	size_t	i;

	memset(p, 0, sizeof(*p));
	p->b = b;
	p->flash = board_default_region(b, REGION_FLASH);
	p->ram = board_default_region(b, REGION_RAM);
	p->word = b->address_bits == 64 ? "QUAD" : "LONG";
	if (b->nmasters > 0) {
		p->dma = xcalloc(b->nmasters + 1, sizeof(*p->dma));
		plan_dma(&p->dma[p->ndma++], b, "all",
		    (uint32_t)((1ULL << b->nmasters) - 1));
		for (i = 0; i < b->nmasters; i++)
			plan_dma(&p->dma[p->ndma++], b, b->masters[i].name,
			    1U << i);
	}
	p->rule_region = xcalloc(b->ndma_rules, sizeof(*p->rule_region));
	for (i = 0; i < b->ndma_rules; i++) {
		p->rule_region[i] = gen_dma_region(b, b->dma_rules[i].masters ?
		    b->dma_rules[i].masters :
		    (uint32_t)((1ULL << b->nmasters) - 1));
		/* "Any one master": the default ram will do if one reaches it. */
		if (p->rule_region[i] == NULL && b->dma_rules[i].masters == 0 &&
		    p->ram != NULL && p->ram->dma != 0)
			p->rule_region[i] = p->ram;
	}
}

void
gen_banner(struct strbuf *sb, const struct board *b, const char *what)
{
	sb_printf(sb, "/*\n * %s for board '%s'.\n * " GEN_MARKER " %s from "
	    "a board file with hash fnv1a64:%016llx.\n * Do not edit: change "
	    "the board file and run 'memfit gen'.\n */\n", what, b->id,
	    MEMFIT_VERSION, (unsigned long long)b->hash);
}

void
gen_plan_free(struct gen_plan *p)
{
	size_t	i;

	for (i = 0; i < p->ndma; i++) {
		free(p->dma[i].tag);
		free(p->dma[i].macro);
		free(p->dma[i].input);
		free(p->dma[i].output);
	}
	free(p->dma);
	free(p->rule_region);
	memset(p, 0, sizeof(*p));
}
