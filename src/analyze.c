/*
 * Usage per region, exactly as GNU ld's --print-memory-usage counts it:
 * the highest end address of anything placed in the region (by VMA, and by
 * LMA for load images such as .data in flash) minus the origin. Gaps and
 * alignment padding therefore count, as they do for ld. Memory seen at
 * several addresses (aliases) is one region, counted once.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "rtable.h"
#include "util.h"


static void
add_section(struct rep_region *rr, size_t *cap, const char *name,
    uint64_t addr, uint64_t size, bool load_image)
{
	struct rep_section	*s = ARRAY_PUSH(rr->sections, rr->nsections, *cap);

	s->name = xstrdup(name);
	s->address = addr;
	s->size = size;
	s->load_image = load_image;
}

static void
init_regions(struct report *r, const struct rtable *t, const struct analysis *a)
{
	const struct region	*br;
	size_t			 i;

	r->regions = xcalloc(t->n, sizeof(*r->regions));
	r->nregions = t->n;
	for (i = 0; i < t->n; i++) {
		r->regions[i].name = xstrdup(t->names[i]);
		r->regions[i].origin = t->origin[i];
		r->regions[i].length = t->length[i];
		r->regions[i].budget_warn = r->regions[i].budget_error =
		    REPORT_NONE;
		if (a->board == NULL)
			continue;
		br = &a->board->regions[i];
		r->regions[i].kind = xstrdup(region_kind_name(br->kind));
		if (br->budget.warn.set)
			r->regions[i].budget_warn =
			    threshold_bytes(&br->budget.warn, br->length);
		if (br->budget.error.set)
			r->regions[i].budget_error =
			    threshold_bytes(&br->budget.error, br->length);
	}
}

/* Charge [addr, addr + size) to its region, or list it as outside. */
static void
charge(struct report *r, const struct rtable *t, uint64_t *top, size_t *caps,
    const struct lsection *s, uint64_t addr, bool load_image)
{
	struct rep_section	*o;
	uint64_t		 wo, end;
	int			 i;

	if ((i = rtable_find(t, addr, true, &wo, NULL)) < 0) {
		if (s->size == 0)
			return;
		o = ARRAY_PUSH(r->outside, r->noutside, r->outside_cap);
		o->name = xstrdup(s->name);
		o->address = addr;
		o->size = s->size;
		o->load_image = load_image;
		return;
	}
	end = addr - wo + s->size;
	if (end > top[i])
		top[i] = end;
	add_section(&r->regions[i], &caps[i], s->name, addr, s->size,
	    load_image);
}

static int
section_cmp(const void *va, const void *vb)
{
	const struct rep_section	*a = va, *b = vb;

	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return a->load_image - b->load_image;
}

static enum region_status
status_of(const struct rep_region *rr)
{
	if (rr->used > rr->length)
		return STATUS_OVERFLOW;
	if (rr->budget_error != REPORT_NONE && rr->used > rr->budget_error)
		return STATUS_OVER_BUDGET;
	if (rr->budget_warn != REPORT_NONE && rr->used > rr->budget_warn)
		return STATUS_WARNING;
	return STATUS_OK;
}

static void
finish_region(struct rep_region *rr, uint64_t top)
{
	size_t	i;

	qsort(rr->sections, rr->nsections, sizeof(*rr->sections),
	    section_cmp);
	rr->used = top;
	rr->sections_total = 0;
	for (i = 0; i < rr->nsections; i++)
		rr->sections_total += rr->sections[i].size;
	rr->padding = rr->used > rr->sections_total ?
	    rr->used - rr->sections_total : 0;
	rr->status = status_of(rr);
}

void
analyze_usage(struct report *r, const struct analysis *a)
{
	const struct lsection	*s;
	struct rtable		 t;
	uint64_t		*top;
	size_t			*caps, i;

	if (a->board != NULL)
		rtable_from_board(&t, a->board);
	else
		rtable_from_map(&t, a->map);
	init_regions(r, &t, a);
	top = xcalloc(t.n, sizeof(*top));
	caps = xcalloc(t.n, sizeof(*caps));
	for (i = 0; i < a->layout->nsections; i++) {
		s = &a->layout->sections[i];
		charge(r, &t, top, caps, s, s->vma, false);
		/* ld charges a load image to its own region (SEC_LOAD only). */
		if (s->load && s->lma != s->vma)
			charge(r, &t, top, caps, s, s->lma, true);
	}
	for (i = 0; i < t.n; i++)
		finish_region(&r->regions[i], top[i]);
	free(top);
	free(caps);
	rtable_free(&t);
}
