/*
 * Decisions shared by every generated file: which regions receive load
 * images and default sections, the word size of the init table, and where
 * each class of DMA buffer is placed.
 */
#include <ctype.h>
#include <stdio.h>
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
	p->stack_size = b->stack.size;
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

#define SEAL_TAG	"fnv1a64:"
#define SEAL_HOLE	"################"

void
gen_banner(struct strbuf *sb, const struct board *b, const char *what)
{
	sb_printf(sb, "/*\n * %s for board '%s'.\n * " GEN_MARKER " %s; "
	    SEAL_TAG SEAL_HOLE " is the hash of the text below.\n * Do not "
	    "edit: change the board file and run 'memfit gen'.\n */\n", what,
	    b->id, MEMFIT_VERSION);
}

/*
 * Put the hash of what follows the banner into it. Of the text, not of the
 * board file: an edit of the board's comments or layout, or one that
 * another output alone reflects, leaves the file as it was, so gen does not
 * rewrite it and nothing that includes it recompiles.
 */
void
gen_seal(struct strbuf *sb)
{
	char	*hole, *body, hex[17];

	if (sb->buf == NULL || (hole = strstr(sb->buf, SEAL_TAG SEAL_HOLE)) ==
	    NULL || (body = strstr(hole, "*/\n")) == NULL)
		MEMFIT_BUG("gen_seal: no banner");
	body += 3;
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)
	    hash_fnv1a64(body, sb->len - (size_t)(body - sb->buf)));
	memcpy(hole + strlen(SEAL_TAG), hex, 16);
}

const char *
gen_placement_kind(enum placement k)
{
	static const char *const kinds[] = { "data", "bss", "noinit" };

	return kinds[k];
}

enum region_init
gen_section_init(const struct region *r, const char *name,
    enum region_init def)
{
	const struct section_rule	*s = region_section_rule(r, name);

	return s != NULL && s->init_set ? s->init : def;
}

/* The entry deciding the startup of NAME in R, when it has an init. */
static const struct section_rule *
init_rule(const struct region *r, const char *name)
{
	const struct section_rule	*s = region_section_rule(r, name);

	return s != NULL && s->init_set ? s : NULL;
}

bool
gen_placement(const struct gen_plan *p, const struct region *r,
    enum placement k, enum region_init *mode)
{
	static const enum region_init natural[] = {
		INIT_LOAD, INIT_ZERO, INIT_NONE
	};
	const struct section_rule	*s;
	char				*name;

	if ((r == p->ram && k != PLACE_NOINIT) ||
	    (k == PLACE_DATA && p->flash == NULL))
		return false;
	name = xasprintf(".memfit_%s_%s", r->name, gen_placement_kind(k));
	s = init_rule(r, name);
	free(name);
	*mode = s != NULL ? s->init : natural[k];
	if (s != NULL || k == PLACE_NOINIT)
		return true;
	return k == PLACE_DATA ? r->init == INIT_LOAD : r->init != INIT_NONE;
}

#define MODE(m)	(1U << (m))

/* An error at R's entry for NAME when it asks for a mode in FORBID. */
static void
refuse(struct diags *d, const struct region *r, const char *name,
    unsigned forbid, const char *why)
{
	const struct section_rule	*s = init_rule(r, name);

	if (s == NULL || (forbid & MODE(s->init)) == 0)
		return;
	diag_error(d, s->init_pos.line > 0 ? &s->init_pos : &s->pos,
	    "sections entry '%s' gives output section %s init %s, but %s",
	    s->glob, name, region_init_name(s->init), why);
}

static void
check_placements(const struct gen_plan *p, const struct region *r,
    struct diags *d)
{
	enum region_init	mode;
	char			*name;
	size_t			k;

	for (k = 0; k < PLACE_COUNT; k++) {
		if (!gen_placement(p, r, (enum placement)k, &mode))
			continue;
		name = xasprintf(".memfit_%s_%s", r->name,
		    gen_placement_kind((enum placement)k));
		if (k == PLACE_DATA)
			refuse(d, r, name, MODE(INIT_ZERO) | MODE(INIT_NONE),
			    "it holds initialised data, which only load keeps");
		else
			refuse(d, r, name, MODE(INIT_LOAD), "it is NOLOAD: its "
			    "input has no bytes to copy");
		free(name);
	}
}

static void
check_dma(const struct gen_plan *p, struct diags *d)
{
	const char	*why = "it is NOLOAD: DMA buffers have no bytes to copy";
	char		*name;
	size_t		 i;

	for (i = 0; i < p->ndma; i++)
		if (p->dma[i].region != NULL)
			refuse(d, p->dma[i].region, p->dma[i].output,
			    MODE(INIT_LOAD), why);
	for (i = 0; i < p->b->ndma_rules; i++) {
		if (p->rule_region[i] == NULL ||
		    p->b->dma_rules[i].nsections == 0)
			continue;
		name = xasprintf(".memfit_dma_rule%zu", i + 1);
		refuse(d, p->rule_region[i], name, MODE(INIT_LOAD), why);
		free(name);
	}
}

int
gen_plan_check(const struct gen_plan *p, struct diags *d)
{
	const struct board	*b = p->b;
	const struct region	*r;
	size_t			 i, before = d->nerrors;

	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].kind == REGION_RAM)
			check_placements(p, &b->regions[i], d);
	check_dma(p, d);
	if (b->heap.set && (r = board_region(b, b->heap.region)) != NULL)
		refuse(d, r, ".memfit_heap", MODE(INIT_LOAD), "it is NOLOAD: "
		    "a reservation has no bytes to copy");
	if (b->stack.set && (r = board_region(b, b->stack.region)) != NULL)
		refuse(d, r, ".memfit_stack", MODE(INIT_LOAD) | MODE(INIT_ZERO),
		    "startup runs on the stack: it can neither copy nor zero "
		    "it");
	return d->nerrors > before ? -1 : 0;
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
	free(p->stack_note);
	memset(p, 0, sizeof(*p));
}
