/*
 * Rules on regions (overflow, budgets, content outside every region), the
 * map's drift from the board, waivers, and the driver of every rule
 * module. Pure.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

void
finding_place(struct rules_ctx *c, struct finding *f, const char *sym,
    uint64_t addr, uint64_t size, const char *section,
    const struct map_object *obj)
{
	const struct lsection	*ls = layout_at(c->a->layout, addr);
	uint64_t		 wo;
	int			 i;

	if ((i = rtable_find(c->t, addr, true, &wo, NULL)) >= 0)
		f->region = xstrdup(c->t->names[i]);
	if (ls != NULL)
		section = ls->name;
	f->symbol = sym ? xstrdup(sym) : NULL;
	f->address = addr;
	f->size = size;
	f->section = section ? xstrdup(section) : NULL;
	f->object = obj ? xstrdup(obj->display) : NULL;
}

void
finding_described(struct finding *f, const char *file, unsigned line)
{
	if (file == NULL || line == 0)
		return;
	f->def_file = xstrdup(file);
	f->def_line = line;
}

/*
 * A region finding's line in the board: the budget's, for a budget the
 * board file set (--budget has no line), else the region's.
 */
static void
region_described(struct rules_ctx *c, struct finding *f,
    const struct rep_region *rr)
{
	const struct region	*br = board_region(c->b, rr->name);
	const struct srcpos	*pos;

	if (br == NULL)
		return;
	pos = rr->status == STATUS_OVER_BUDGET ? &br->budget.error.pos :
	    rr->status == STATUS_WARNING ? &br->budget.warn.pos : &br->pos;
	if (pos->file == NULL || pos->line == 0)
		pos = &br->pos;
	finding_described(f, pos->file, pos->line);
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
		region_described(c, f, rr);
	}
}

/* A section finding's line: the map's line for output section NAME. */
static void
map_described(struct rules_ctx *c, struct finding *f, const char *name)
{
	const struct ldmap	*m = c->a->map;
	size_t			 i;

	for (i = 0; m != NULL && i < m->noutputs; i++)
		if (strcmp(m->outputs[i].name, name) == 0) {
			finding_described(f, m->path, m->outputs[i].line);
			return;
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
		map_described(c, f, s->name);
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
		if (br != NULL)
			finding_described(f, br->pos.file, br->pos.line);
		else
			finding_described(f, m->path, mr->line);
	}
	for (i = 0; i < c->b->nregions; i++) {
		br = &c->b->regions[i];
		for (mr = m->regions; mr < m->regions + m->nregions; mr++)
			if (strcmp(mr->name, br->name) == 0)
				break;
		if (mr != m->regions + m->nregions)
			continue;
		if (!br->required) {
			/* A whole-chip board: memory this firmware leaves be. */
			diag_note(c->d, &br->name_pos, "the map has no region "
			    "%s: nothing is linked there (required: true makes "
			    "this a map-board-mismatch warning)", br->name);
			continue;
		}
		f = report_add_finding(c->r, RULE_MAP_BOARD_MISMATCH,
		    SEV_WARNING, "the board has region %s, the map has none",
		    br->name);
		f->region = xstrdup(br->name);
		finding_described(f, br->pos.file, br->pos.line);
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
analyze_rules(struct report *r, const struct analysis *a, struct diags *d)
{
	struct rules_ctx	c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.d = d;
	c.a = a;
	c.b = a->board;
	c.t = a->regions;
	symindex_build(&c.si, a, false);
	region_rules(&c);
	outside_rule(&c);
	mismatch_rule(&c);
	rules_init(&c);
	rules_dma(&c);
	rules_heap(&c);
	rules_stack(&c);
	waive(&c);
	report_finish(r);
	symindex_free(&c.si);

}
