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
copy_aliases(struct rep_region *rr, const struct region *br)
{
	size_t	i;

	if (br->naliases == 0)
		return;
	rr->aliases = xcalloc(br->naliases, sizeof(*rr->aliases));
	for (i = 0; i < br->naliases; i++)
		rr->aliases[i] = br->aliases[i].origin;
	rr->naliases = br->naliases;
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
		r->regions[i].length = t->unsized ? REPORT_NONE : t->length[i];
		r->regions[i].budget_warn = r->regions[i].budget_error =
		    REPORT_NONE;
		if (a->board == NULL)
			continue;
		br = &a->board->regions[i];
		r->regions[i].kind = xstrdup(region_kind_name(br->kind));
		copy_aliases(&r->regions[i], br);
		if (br->budget.warn.set)
			r->regions[i].budget_warn =
			    threshold_bytes(&br->budget.warn, br->length);
		if (br->budget.error.set)
			r->regions[i].budget_error =
			    threshold_bytes(&br->budget.error, br->length);
	}
}

/* Something to place: a section by its VMA, or its load image by LMA. */
struct placement {
	const struct lsection	*s;
	uint64_t		 addr;
	bool			 load_image;
};

struct usage_ctx {
	struct report		*r;
	const struct rtable	*t;
	uint64_t		*top;		/* per region, from its window */
	size_t			*caps;
	struct placement	*pending;	/* in no region (yet) */
	size_t			 npending;
	size_t			 pending_cap;
};

/* Append placement P to LIST, as a section of the report. */
static void
add_section(struct rep_section **list, size_t *n, size_t *cap,
    const struct placement *p)
{
	struct rep_section	*s = ARRAY_PUSH(*list, *n, *cap);

	memset(s, 0, sizeof(*s));
	s->name = xstrdup(p->s->name);
	s->address = p->addr;
	s->size = p->s->size;
	s->load_image = p->load_image;
}

static void
charge_to(struct usage_ctx *u, int i, uint64_t wo, const struct placement *p)
{
	uint64_t	end = p->addr - wo + p->s->size;

	if (end > u->top[i])
		u->top[i] = end;
	add_section(&u->r->regions[i].sections, &u->r->regions[i].nsections,
	    &u->caps[i], p);
}

static void
charge(struct usage_ctx *u, const struct lsection *s, uint64_t addr,
    bool load_image)
{
	struct placement	 p = { s, addr, load_image };
	uint64_t		 wo;
	int			 i;

	if ((i = rtable_find_section(u->t, s->name, addr, true, &wo,
	    NULL)) >= 0)
		charge_to(u, i, wo, &p);
	else if (s->size > 0)
		*ARRAY_PUSH(u->pending, u->npending, u->pending_cap) = p;
}

static int
placement_cmp(const void *va, const void *vb)
{
	const struct placement	*a = va, *b = vb;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/*
 * When a link fails, ld goes on placing a full region's sections past its
 * end, and the map does not say which region they were meant for. A
 * section that starts where a full region's content ends (give or take
 * alignment) continues that region: its overflow, as ld counts it.
 */
#define OVERFLOW_GAP	4096

static int
overflowed_region(const struct usage_ctx *u, uint64_t addr, uint64_t *wo)
{
	uint64_t	o, end;
	size_t		i;

	for (i = 0; i < u->t->n; i++) {
		o = u->t->origin[i];
		end = o + u->top[i];
		if (u->top[i] < u->t->length[i] || u->top[i] == 0 ||
		    addr < end || addr - end > OVERFLOW_GAP)
			continue;
		*wo = o;
		return (int)i;
	}
	return -1;
}

static void
charge_pending(struct usage_ctx *u)
{
	struct placement	*p;
	uint64_t		 wo;
	size_t			 k;
	int			 i;

	xqsort(u->pending, u->npending, sizeof(*u->pending), placement_cmp);
	for (k = 0; k < u->npending; k++) {
		p = &u->pending[k];
		if ((i = overflowed_region(u, p->addr, &wo)) >= 0) {
			charge_to(u, i, wo, p);
			continue;
		}
		add_section(&u->r->outside, &u->r->noutside,
		    &u->r->outside_cap, p);
	}
	free(u->pending);
}

static int
section_cmp(const void *va, const void *vb)
{
	const struct rep_section	*a = va, *b = vb;

	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return a->load_image - b->load_image;
}

/* Nothing overflows, and no budget applies, where the length is unknown. */
static enum region_status
status_of(const struct rep_region *rr)
{
	if (!region_sized(rr))
		return STATUS_OK;
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

	xqsort(rr->sections, rr->nsections, sizeof(*rr->sections),
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
analysis_regions(struct rtable *out, const struct analysis *a)
{
	struct span	*v;
	size_t		 n;

	if (a->board != NULL)
		rtable_from_board(out, a->board);
	/*
	 * A script without MEMORY leaves only ld's *default* in the map, and
	 * an lld map has no Memory Configuration: the sections make runs.
	 */
	else if (a->map != NULL && a->map->nregions > 0)
		rtable_from_map(out, a->map);
	else {
		n = layout_spans(&v, a->layout);
		rtable_from_spans(out, v, n);
		free(v);
	}
}

void
analyze_usage(struct report *r, const struct analysis *a)
{
	const struct lsection	*s;
	const struct rtable	*t = a->regions;
	struct usage_ctx	 u;
	size_t			 i;

	init_regions(r, t, a);
	memset(&u, 0, sizeof(u));
	u.r = r;
	u.t = t;
	u.top = xcalloc(t->n ? t->n : 1, sizeof(*u.top));
	u.caps = xcalloc(t->n ? t->n : 1, sizeof(*u.caps));
	for (i = 0; i < a->layout->nsections; i++) {
		s = &a->layout->sections[i];
		charge(&u, s, s->vma, false);
		/* ld charges a load image to its own region (SEC_LOAD only). */
		if (s->load && s->lma != s->vma)
			charge(&u, s, s->lma, true);
	}
	charge_pending(&u);
	for (i = 0; i < t->n; i++)
		finish_region(&r->regions[i], u.top[i]);
	free(u.top);
	free(u.caps);
}
