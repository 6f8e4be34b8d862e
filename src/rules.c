/*
 * Rules on regions (overflow, budgets, content outside every region), the
 * map's drift from the board, waivers, and the symbol index the other
 * rule modules search. Pure.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

static int
dsym_cmp(const void *va, const void *vb)
{
	const struct dsym	*a = va, *b = vb;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return strcmp(a->name, b->name);
}

static uint64_t
dsym_key(const void *va)
{
	return ((const struct dsym *)va)->addr;
}

static void
symindex_from_image(struct symindex *si, const struct image *img,
    bool functions)
{
	const struct img_symbol	*s;
	size_t			 i, cap = 0;
	struct dsym		*d;

	for (i = 0; i < img->nsymbols; i++) {
		s = &img->symbols[i];
		if (s->shndx == 0 || s->name[0] == '\0' || s->name[0] == '$' ||
		    !(s->type == SYM_OBJECT || s->type == SYM_NOTYPE ||
		    (functions && s->type == SYM_FUNC)))
			continue;
		d = ARRAY_PUSH(si->syms, si->n, cap);
		memset(d, 0, sizeof(*d));
		d->name = s->name;
		d->addr = s->value;
		d->size = s->size;
	}
}

/* Map symbols have no size: it runs to the next symbol or input's end. */
static void
symindex_from_map(struct symindex *si, const struct ldmap *m)
{
	const struct map_symbol	*s;
	const struct map_input	*in;
	uint64_t		 end;
	size_t			 i, cap = 0;
	struct dsym		*d;

	for (i = 0; i < m->nsymbols; i++) {
		s = &m->symbols[i];
		in = &m->inputs[s->input];
		end = in->addr + in->size;
		if (i + 1 < m->nsymbols && m->symbols[i + 1].input == s->input &&
		    m->symbols[i + 1].addr >= s->addr)
			end = m->symbols[i + 1].addr;
		d = ARRAY_PUSH(si->syms, si->n, cap);
		d->name = s->name;
		d->addr = s->addr;
		d->size = end > s->addr ? end - s->addr : 0;
		d->section = in->name;
		d->object = in->object;
	}
}

static uint64_t
input_key(const void *va)
{
	return (*(const struct map_input *const *)va)->addr;
}

static int
input_cmp(const void *va, const void *vb)
{
	const struct map_input	*a = *(const struct map_input *const *)va;
	const struct map_input	*b = *(const struct map_input *const *)vb;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return a->size < b->size ? -1 : a->size > b->size;
}

/*
 * The input holding ADDR among those before UP, the first that starts
 * after ADDR: the last non-empty one at or before it, if it reaches ADDR.
 */
static const struct map_input *
input_below(const struct rules_ctx *c, size_t up, uint64_t addr)
{
	const struct map_input	*in;

	while (up > 0) {
		in = c->inputs[--up];
		if (addr < in->addr + in->size)
			return in;
		if (in->size > 0)
			break;
	}
	return NULL;
}

/*
 * Each map output's section in the layout: the ELF's when there is one,
 * so that "allocated" means the same in every mode. Debug sections sit at
 * address 0, where ITCM often is: they must never look like its content.
 */
static void
match_outputs(struct rules_ctx *c)
{
	const struct ldmap	*m = c->a->map;
	const struct map_output	*o;
	size_t			 i;

	c->outsec = xcalloc(m->noutputs ? m->noutputs : 1, sizeof(*c->outsec));
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (o->size > 0)
			c->outsec[i] = layout_named(c->a->layout, o->name,
			    o->vma);
	}
}

/* Index map inputs by address; attribute ELF symbols to them. */
static void
index_inputs(struct rules_ctx *c)
{
	const struct ldmap	*m = c->a->map;
	const struct map_input	*in;
	size_t			 i, up = 0;

	if (m == NULL)
		return;
	match_outputs(c);
	c->inputs = xcalloc(m->ninputs ? m->ninputs : 1, sizeof(*c->inputs));
	for (i = 0; i < m->ninputs; i++)
		if ((m->inputs[i].kind == MAP_IN_SECTION ||
		    m->inputs[i].kind == MAP_IN_COMMON) &&
		    c->outsec[m->inputs[i].output] != NULL)
			c->inputs[c->ninputs++] = &m->inputs[i];
	xsort_keyed(c->inputs, c->ninputs, sizeof(*c->inputs), input_key,
	    input_cmp);
	/* Both by address: one walk, not a search per symbol. */
	for (i = 0; i < c->si.n; i++) {
		while (up < c->ninputs &&
		    c->inputs[up]->addr <= c->si.syms[i].addr)
			up++;
		if (c->si.syms[i].object == NULL &&
		    (in = input_below(c, up, c->si.syms[i].addr)) != NULL) {
			c->si.syms[i].section = in->name;
			c->si.syms[i].object = in->object;
		}
	}
}

void
symindex_build(struct rules_ctx *c)
{
	memset(&c->si, 0, sizeof(c->si));
	if (c->a->image != NULL && c->a->image->has_symtab)
		symindex_from_image(&c->si, c->a->image, c->functions);
	else if (c->a->map != NULL)
		symindex_from_map(&c->si, c->a->map);
	xsort_keyed(c->si.syms, c->si.n, sizeof(*c->si.syms), dsym_key,
	    dsym_cmp);
	index_inputs(c);
}

void
symindex_free(struct symindex *si)
{
	free(si->syms);
	memset(si, 0, sizeof(*si));
}

size_t
symindex_lower(const struct symindex *si, uint64_t addr)
{
	size_t	lo = 0, hi = si->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (si->syms[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct map_input *
input_at(const struct rules_ctx *c, uint64_t addr)
{
	size_t	lo = 0, hi = c->ninputs, mid;

	/* Past the last input starting at or before ADDR. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->inputs[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return input_below(c, lo, addr);
}

void
finding_place(struct rules_ctx *c, struct finding *f, const char *sym,
    uint64_t addr, uint64_t size, const char *section,
    const struct map_object *obj)
{
	const struct lsection	*ls = layout_at(c->a->layout, addr);
	uint64_t		 wo;
	int			 i;

	if ((i = rtable_find(&c->t, addr, true, &wo, NULL)) >= 0)
		f->region = xstrdup(c->t.names[i]);
	if (ls != NULL)
		section = ls->name;
	f->symbol = sym ? xstrdup(sym) : NULL;
	f->address = addr;
	f->size = size;
	f->section = section ? xstrdup(section) : NULL;
	f->object = obj ? xstrdup(obj->display) : NULL;
}

static void
region_rules(struct rules_ctx *c)
{
	const struct rep_region	*rr;
	struct finding		*f;
	size_t			 i;

	for (i = 0; i < c->r->nregions; i++) {
		rr = &c->r->regions[i];
		if (rr->status == STATUS_OVERFLOW)
			f = report_add_finding(c->r, RULE_REGION_OVERFLOW, SEV_ERROR,
			    "%s overflowed by %" PRIu64 " bytes (%" PRIu64
			    " used of %" PRIu64 ")", rr->name, rr->used -
			    rr->length, rr->used, rr->length);
		else if (rr->status == STATUS_OVER_BUDGET)
			f = report_add_finding(c->r, RULE_REGION_BUDGET, SEV_ERROR,
			    "%s uses %" PRIu64 " bytes, over its error budget of "
			    "%" PRIu64 " bytes", rr->name, rr->used,
			    rr->budget_error);
		else if (rr->status == STATUS_WARNING)
			f = report_add_finding(c->r, RULE_REGION_BUDGET,
			    SEV_WARNING, "%s uses %" PRIu64 " bytes, over its "
			    "warning budget of %" PRIu64 " bytes", rr->name,
			    rr->used, rr->budget_warn);
		else
			continue;
		f->region = xstrdup(rr->name);
		f->size = rr->used;
	}
}

static void
outside_rule(struct rules_ctx *c)
{
	const struct rep_section	*s;
	struct finding			*f;
	size_t				 i;

	for (i = 0; i < c->r->noutside; i++) {
		s = &c->r->outside[i];
		f = report_add_finding(c->r, RULE_OUTSIDE_REGIONS, SEV_ERROR,
		    "%s%s (%" PRIu64 " bytes at 0x%" PRIx64 ") is outside "
		    "every region of the board", s->name, s->load_image ?
		    " load image" : "", s->size, s->address);
		f->address = s->address;
		f->size = s->size;
		f->section = xstrdup(s->name);
	}
}

/* The map's Memory Configuration is the linker script's: it must agree. */
static void
mismatch_rule(struct rules_ctx *c)
{
	const struct ldmap		*m = c->a->map;
	const struct map_region		*mr;
	const struct region		*br;
	struct finding			*f;
	size_t				 i;

	if (m == NULL || m->nregions == 0)
		return;
	for (i = 0; i < m->nregions; i++) {
		mr = &m->regions[i];
		if ((br = board_region(c->b, mr->name)) == NULL)
			f = report_add_finding(c->r, RULE_MAP_BOARD_MISMATCH,
			    SEV_WARNING, "the map has region %s (0x%" PRIx64
			    ", %" PRIu64 " bytes), the board has none",
			    mr->name, mr->origin, mr->length);
		else if (br->origin != mr->origin || br->length != mr->length)
			f = report_add_finding(c->r, RULE_MAP_BOARD_MISMATCH,
			    SEV_WARNING, "region %s is 0x%" PRIx64 ", %" PRIu64
			    " bytes in the map but 0x%" PRIx64 ", %" PRIu64
			    " bytes in the board", mr->name, mr->origin,
			    mr->length, br->origin, br->length);
		else
			continue;
		f->region = xstrdup(mr->name);
	}
	for (i = 0; i < c->b->nregions; i++) {
		br = &c->b->regions[i];
		for (mr = m->regions; mr < m->regions + m->nregions; mr++)
			if (strcmp(mr->name, br->name) == 0)
				break;
		if (mr == m->regions + m->nregions) {
			f = report_add_finding(c->r, RULE_MAP_BOARD_MISMATCH,
			    SEV_WARNING, "the board has region %s, the map has "
			    "none", br->name);
			f->region = xstrdup(br->name);
		}
	}
}

/* NAME is matched against whatever the finding names: its symbol, its
 * output section or its region (map-board-mismatch has only a region). */
static bool
waiver_matches(const char *rule, const char *name, const struct finding *f)
{
	if (strcmp(rule, f->rule) != 0)
		return false;
	if (name == NULL)
		return true;
	return (f->symbol != NULL && glob_match(name, f->symbol)) ||
	    (f->section != NULL && glob_match(name, f->section)) ||
	    (f->region != NULL && glob_match(name, f->region));
}

static void
waive(struct rules_ctx *c)
{
	struct finding	*f;
	const char	*colon;
	char		*rule;
	size_t		 i, j;

	for (i = 0; i < c->r->nfindings; i++) {
		f = &c->r->findings[i];
		for (j = 0; j < c->b->nwaivers && !f->waived; j++) {
			if (!waiver_matches(c->b->waivers[j].rule,
			    c->b->waivers[j].symbol, f))
				continue;
			f->waived = true;
			f->waiver = xstrdup(c->b->waivers[j].reason);
		}
		for (j = 0; j < c->a->nallow && !f->waived; j++) {
			colon = strchr(c->a->allow[j], ':');
			rule = colon ? xstrndup(c->a->allow[j],
			    (size_t)(colon - c->a->allow[j])) :
			    xstrdup(c->a->allow[j]);
			if (waiver_matches(rule, colon ? colon + 1 : NULL, f)) {
				f->waived = true;
				f->waiver = xstrdup("--allow");
			}
			free(rule);
		}
	}
}

void
analyze_rules(struct report *r, const struct analysis *a)
{
	struct rules_ctx	c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.a = a;
	c.b = a->board;
	rtable_from_board(&c.t, a->board);
	symindex_build(&c);
	region_rules(&c);
	outside_rule(&c);
	mismatch_rule(&c);
	rules_init(&c);
	rules_dma(&c);
	rules_heap(&c);
	waive(&c);
	report_finish(r);
	symindex_free(&c.si);
	free(c.inputs);
	free(c.outsec);
	rtable_free(&c.t);
}
