/*
 * Memory types as ESP-IDF's idf.py size reports them: "DRAM" is .dram0.data
 * plus .dram0.bss, with dram0_0_seg's length as its total. ld counts the
 * same region from its origin to the end of its last section, which also
 * holds what the type leaves out (the DIRAM mirror .dram0.dummy, padding),
 * so the two figures differ; each difference is listed, so that a user
 * sees why rather than two numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "globs.h"
#include "memtypes.h"
#include "strbuf.h"

static bool
counts(const struct memtype *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->nsections; i++)
		if (glob_match(m->sections[i], name))
			return true;
	return false;
}

static bool
in_regions(const struct memtype *m, const char *region)
{
	size_t	i;

	for (i = 0; i < m->nregions; i++)
		if (strcmp(m->regions[i], region) == 0)
			return true;
	return false;
}

static void
push(struct rep_section **list, size_t *n, const struct rep_section *s)
{
	struct rep_section	*t;

	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	t = &(*list)[(*n)++];
	*t = *s;
	t->name = xstrdup(s->name);
	/* The region's copy has the breakdown; a memory type lists places. */
	t->inputs = NULL;
	t->ninputs = 0;
}

/* The regions' totals: their lengths, ld's use, padding, and names. */
static void
region_totals(struct rep_memtype *t, const struct memtype *m,
    const struct report *r)
{
	const struct rep_region	*rr;
	struct strbuf		 names;
	size_t			 i;

	sb_init(&names);
	t->total = m->nregions > 0 ? 0 : REPORT_NONE;
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		if (!in_regions(m, rr->name))
			continue;
		t->total += rr->length;
		t->ld_used += rr->used;
		t->gaps += rr->padding;
		sb_printf(&names, "%s%s", names.len ? ", " : "", rr->name);
	}
	t->regions = names.len ? sb_detach(&names) : NULL;
	sb_free(&names);
}

static void
fill_one(struct rep_memtype *t, const struct memtype *m,
    const struct report *r)
{
	const struct rep_region		*rr;
	const struct rep_section	*s;
	size_t				 i, j;
	bool				 mine;

	t->name = xstrdup(m->name);
	region_totals(t, m, r);
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		mine = in_regions(m, rr->name);
		for (j = 0; j < rr->nsections; j++) {
			s = &rr->sections[j];
			/* a load image counts where its section runs */
			if (!s->load_image && counts(m, s->name)) {
				push(&t->sections, &t->nsections, s);
				t->used += s->size;
				if (!mine && m->nregions > 0)
					push(&t->elsewhere, &t->nelsewhere, s);
			} else if (mine)
				push(&t->extra, &t->nextra, s);
		}
	}
}

void
memtypes_fill(struct report *r, const struct board *b)
{
	size_t	i;

	if (b == NULL || b->nmemtypes == 0)
		return;
	r->memtypes = xcalloc(b->nmemtypes, sizeof(*r->memtypes));
	r->nmemtypes = b->nmemtypes;
	for (i = 0; i < b->nmemtypes; i++)
		fill_one(&r->memtypes[i], &b->memtypes[i], r);
}
