/*
 * Semantic checks on a parsed board: everything that needs the whole file
 * (overlaps, defaults, reservations, rule names). Pure: no I/O, no YAML;
 * every message points at the element it is about.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "board.h"
#include "board_check.h"
#include "ruletab.h"
#include "util.h"

static const char *
rname(const struct region *r)
{
	return r->name != NULL ? r->name : "?";
}

static const struct srcpos *
best_pos(const struct srcpos *a, const struct srcpos *b)
{
	return a->line != 0 ? a : b;
}

static void
check_extent(const struct region *r, uint64_t origin,
    const struct srcpos *pos, bool wide, struct diags *d)
{
	uint64_t	limit = wide ? UINT64_MAX : UINT32_MAX;

	/* A zero-length region is legal (ld accepts it) and ends nowhere. */
	if (origin > limit || (r->length != 0 &&
	    r->length - 1 > limit - origin))
		diag_error(d, pos, "region '%s' at 0x%llx with length 0x%llx "
		    "wraps past the end of the %s address space",
		    rname(r), (unsigned long long)origin,
		    (unsigned long long)r->length, wide ? "64-bit" : "32-bit");
}

static bool
ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (alen == 0 || blen == 0)
		return false;
	return a <= b + (blen - 1) && b <= a + (alen - 1);
}

/* Whether R or Q says, with 'shares', that they cover the same addresses. */
static bool
declared_shared(const struct region *r, const struct region *q)
{
	return (r->shares != NULL && q->name != NULL &&
	    strcmp(r->shares, q->name) == 0) || (q->shares != NULL &&
	    r->name != NULL && strcmp(q->shares, r->name) == 0);
}

/*
 * A sharing region gets only the sections it names, the rest of its
 * addresses go to the region it shares: that one must exist and be an
 * ordinary region, and the two must overlap.
 */
static void
check_shares(const struct board *b, const struct region *r, struct diags *d)
{
	const struct region	*q;

	if (r->shares == NULL)
		return;
	q = board_region(b, r->shares);
	if (q == NULL || q == r)
		diag_error(d, &r->shares_pos, "region '%s' shares '%s', which "
		    "is %s", rname(r), r->shares, q == r ? "itself" :
		    "no region of the board");
	else if (q->shares != NULL)
		diag_error(d, &r->shares_pos, "region '%s' shares '%s', which "
		    "itself shares '%s'", rname(r), r->shares, q->shares);
	else if (!ranges_overlap(r->origin, r->length, q->origin, q->length))
		diag_error(d, &r->shares_pos, "region '%s' shares '%s' but "
		    "their addresses do not overlap", rname(r), r->shares);
	else if (r->nsections == 0)
		diag_warn(d, &r->shares_pos, "region '%s' shares '%s' and "
		    "names no 'sections': nothing is counted in it",
		    rname(r), r->shares);
}

static void
check_overlaps(const struct board *b, struct diags *d)
{
	const struct region	*r, *q;
	size_t			 i, j;

	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		for (j = 0; j < i; j++) {
			q = &b->regions[j];
			if (!ranges_overlap(r->origin, r->length, q->origin,
			    q->length) || declared_shared(r, q))
				continue;
			diag_error(d, best_pos(&r->origin_pos, &r->pos),
			    "region '%s' (0x%llx-0x%llx) overlaps region '%s' "
			    "(0x%llx-0x%llx); describe the same memory seen at "
			    "two addresses with 'aliases'", rname(r),
			    (unsigned long long)r->origin,
			    (unsigned long long)(r->origin + r->length - 1),
			    rname(q), (unsigned long long)q->origin,
			    (unsigned long long)(q->origin + q->length - 1));
		}
	}
}

/*
 * Words that ld reads as keywords where a MEMORY region name stands, or
 * in the scripts that name regions: such a region breaks the link.
 */
static bool
ld_keyword(const char *s)
{
	static const char *const words[] = {
		"o", "l", "org", "len", "ORIGIN", "LENGTH", "AT", "ALIGN",
		"NOLOAD", "INCLUDE", "MEMORY", "SECTIONS", "INSERT", "AFTER",
		"BEFORE", "KEEP", "PROVIDE", "ASSERT", "ENTRY", "COPY", "INFO",
		"OVERLAY", "DSECT", "READONLY", "NEXT", "ADDR", "SIZEOF", NULL
	};
	size_t	i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* Generated macros upper-case names: RAM and ram would be one macro. */
static void
check_region_name(const struct board *b, size_t i, struct diags *d)
{
	const struct region	*r = &b->regions[i];
	const struct srcpos	*pos = best_pos(&r->name_pos, &r->pos);
	size_t			 j;

	if (ld_keyword(r->name))
		diag_error(d, pos, "region name '%s' is a linker script keyword",
		    r->name);
	for (j = 0; j < i; j++) {
		if (b->regions[j].name == NULL ||
		    strcasecmp(r->name, b->regions[j].name) != 0)
			continue;
		diag_error(d, pos, strcmp(r->name, b->regions[j].name) == 0 ?
		    "duplicate region name '%s' (first at line %u)" :
		    "region name '%s' differs only in case from the one at line "
		    "%u: their generated macros would be the same", r->name,
		    b->regions[j].name_pos.line);
		break;
	}
}

/* A memory type names regions of the board, once each type. */
static void
check_memtypes(const struct board *b, struct diags *d)
{
	const struct memtype	*m;
	size_t			 i, j;

	for (i = 0; i < b->nmemtypes; i++) {
		m = &b->memtypes[i];
		for (j = 0; m->name != NULL && j < i; j++)
			if (b->memtypes[j].name != NULL &&
			    strcmp(b->memtypes[j].name, m->name) == 0)
				diag_error(d, &m->pos, "duplicate memory type "
				    "'%s'", m->name);
		for (j = 0; j < m->nregions; j++)
			if (board_region(b, m->regions[j]) == NULL)
				diag_error(d, &m->pos, "memory type '%s' names "
				    "region '%s', which the board does not "
				    "have", m->name ? m->name : "?",
				    m->regions[j]);
	}
}

static void
check_names(const struct board *b, struct diags *d)
{
	size_t	i;

	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].name != NULL)
			check_region_name(b, i, d);
}

/*
 * A master's MEMFIT_DMA_<NAME> macro and .bss.memfit.dma.<name> section
 * share their namespace with MEMFIT_DMA_BUFFER/_SIZE, the "all" tag and
 * the dma_buffers entries' "ruleN" tags.
 */
static void
check_master_name(const struct board *b, size_t i, struct diags *d)
{
	const struct master	*m = &b->masters[i];
	const char		*n = m->name;
	size_t			 j;

	if (strcasecmp(n, "all") == 0 || strcasecmp(n, "buffer") == 0 ||
	    strcasecmp(n, "size") == 0 || (strncasecmp(n, "rule", 4) == 0 &&
	    n[4] >= '0' && n[4] <= '9'))
		diag_error(d, &m->pos, "DMA master name '%s' is reserved: its "
		    "generated macro or section would be memfit's own", n);
	for (j = 0; j < i; j++)
		if (strcasecmp(n, b->masters[j].name) == 0 &&
		    strcmp(n, b->masters[j].name) != 0)
			diag_error(d, &m->pos, "DMA master '%s' differs only in "
			    "case from '%s': their generated macros would be the "
			    "same", n, b->masters[j].name);
}

void
board_check_budget(const struct board *b, const struct region *r,
    struct diags *d)
{
	const struct threshold	*w = &r->budget.warn, *e = &r->budget.error;
	uint64_t		 wb, eb;

	(void)b;
	if (w->set && !w->is_percent && w->bytes > r->length)
		diag_error(d, &w->pos, "budget of %llu bytes is larger than "
		    "region '%s' (%llu bytes)", (unsigned long long)w->bytes,
		    rname(r), (unsigned long long)r->length);
	if (e->set && !e->is_percent && e->bytes > r->length)
		diag_error(d, &e->pos, "budget of %llu bytes is larger than "
		    "region '%s' (%llu bytes)", (unsigned long long)e->bytes,
		    rname(r), (unsigned long long)r->length);
	if (!w->set || !e->set)
		return;
	wb = threshold_bytes(w, r->length);
	eb = threshold_bytes(e, r->length);
	if (wb > eb)
		diag_error(d, &w->pos, "budget warn threshold (%llu bytes) is "
		    "above the error threshold (%llu bytes)",
		    (unsigned long long)wb, (unsigned long long)eb);
}

static void
check_sections(const struct board *b, const struct region *r,
    struct diags *d)
{
	const struct section_rule	*s;
	size_t				 j;

	for (j = 0; j < r->nsections; j++) {
		s = &r->sections[j];
		if (s->named_only && r->shares == NULL)
			diag_error(d, &s->init_pos, "section '%s' needs init, "
			    "cacheable or both", s->glob);
		if (r->kind == REGION_FLASH && s->init_set)
			diag_error(d, &s->init_pos, "init applies to ram "
			    "regions only; '%s' is flash", rname(r));
		if (s->cacheable_set && s->cacheable && b->cache_line == 0)
			diag_error(d, &s->pos, "section '%s' is cacheable but "
			    "the board has no cache_line", s->glob);
	}
}

static void
check_region(const struct board *b, const struct region *r, bool wide,
    struct diags *d)
{
	size_t	j;

	if (r->kind == REGION_FLASH && r->init_set)
		diag_error(d, &r->init_pos, "init applies to ram regions only; "
		    "'%s' is flash", rname(r));
	if (r->cacheable && b->cache_line == 0)
		diag_error(d, &r->cacheable_pos, "region '%s' is cacheable but "
		    "the board has no cache_line", rname(r));
	check_extent(r, r->origin, best_pos(&r->origin_pos, &r->pos), wide, d);
	for (j = 0; j < r->naliases; j++)
		check_extent(r, r->aliases[j].origin, &r->aliases[j].pos, wide,
		    d);
	board_check_budget(b, r, d);
	check_sections(b, r, d);
}

static void
check_defaults(const struct board *b, struct diags *d)
{
	const struct region	*first[2] = { NULL, NULL }, *r;
	size_t			 i;

	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		if (!r->is_default)
			continue;
		if (first[r->kind] == NULL) {
			first[r->kind] = r;
			continue;
		}
		diag_error(d, best_pos(&r->default_pos, &r->pos),
		    "more than one default %s region ('%s' and '%s')",
		    region_kind_name(r->kind), rname(first[r->kind]),
		    rname(r));
	}
}

static void
check_reservation(const struct board *b, const struct reservation *rs,
    const char *what, uint64_t *used, struct diags *d)
{
	const struct region	*r;
	size_t			 idx;

	if (!rs->set || rs->region == NULL)
		return;
	if ((r = board_region(b, rs->region)) == NULL) {
		diag_error(d, &rs->region_pos, "%s region '%s' is not a region "
		    "of this board", what, rs->region);
		return;
	}
	idx = (size_t)(r - b->regions);
	if (!r->length_set)
		return;		/* already reported at the length */
	if (rs->size > r->length - used[idx]) {
		diag_error(d, &rs->pos, "%s of %llu bytes does not fit in "
		    "region '%s' (%llu bytes%s)", what,
		    (unsigned long long)rs->size, rname(r),
		    (unsigned long long)(r->length - used[idx]),
		    used[idx] ? " left after the stack" : "");
		return;
	}
	used[idx] += rs->size;
}

static void
check_waivers(const struct board *b, struct diags *d)
{
	const struct waiver	*w;
	size_t			 i;

	for (i = 0; i < b->nwaivers; i++) {
		w = &b->waivers[i];
		if (w->rule != NULL && !rule_known(w->rule))
			diag_error(d, &w->pos, "unknown rule '%s' in waiver "
			    "(rules: %s)", w->rule, rule_list());
	}
}

/* A task is a root once: two entries with one function would be two
 * stacks for one thread. */
static void
check_tasks(const struct board *b, struct diags *d)
{
	size_t	i, j;

	for (i = 0; i < b->ntasks; i++)
		for (j = 0; j < i && b->tasks[i].entry != NULL; j++)
			if (b->tasks[j].entry != NULL &&
			    strcmp(b->tasks[i].entry, b->tasks[j].entry) == 0) {
				diag_error(d, &b->tasks[i].entry_pos, "task "
				    "'%s' is listed twice (first at line %u)",
				    b->tasks[i].entry, b->tasks[j].pos.line);
				break;
			}
	if (b->stack_warn.set && !b->stack.set)
		diag_error(d, &b->stack_warn.pos, "a stack warn budget needs "
		    "the stack's region and size");
}

/* margin and min size an auto stack; auto needs its margin said. */
static void
check_stack_auto(const struct board *b, struct diags *d)
{
	const struct stack_auto	*a = &b->stack_auto;

	/* A key given but unreadable is already an error: its pos is set. */
	if (!a->set && a->margin_pos.line != 0)
		diag_error(d, &a->margin_pos, "a stack margin is for size: "
		    "auto, which adds it to the worst case");
	if (!a->set && a->min_pos.line != 0)
		diag_error(d, &a->min_pos, "a stack min is for size: auto, "
		    "which reserves at least it");
	if (a->set && a->margin_pos.line == 0)
		diag_error(d, &a->pos, "size: auto needs a margin over the "
		    "worst case (a size such as 512, a percentage such as 25%%, "
		    "or 0)");
}

/*
 * A frame larger than the address space is a typo; the stack analysis
 * adds frames along paths, which such sizes would wrap.
 */
static void
check_frames(const struct board *b, struct diags *d)
{
	uint64_t	max = b->address_bits == 64 ? 1ULL << 48 : 1ULL << 32;
	size_t		i;

	for (i = 0; i < b->nstack_frames; i++)
		if (b->stack_frames[i].bytes > max)
			diag_error(d, &b->stack_frames[i].pos, "a frame of %llu "
			    "bytes for '%s' is larger than the address space",
			    (unsigned long long)b->stack_frames[i].bytes,
			    b->stack_frames[i].function);
	if (b->irq_frame > max)
		diag_error(d, &b->interrupts_pos, "an interrupt frame of %llu "
		    "bytes is larger than the address space",
		    (unsigned long long)b->irq_frame);
	for (i = 0; i < b->ntasks; i++)
		if (b->tasks[i].switch_frame > max)
			diag_error(d, &b->tasks[i].pos, "a switch_frame of %llu "
			    "bytes is larger than the address space",
			    (unsigned long long)b->tasks[i].switch_frame);
}

void
board_validate(const struct board *b, struct diags *d)
{
	uint64_t	*used = xcalloc(b->nregions, sizeof(*used));
	bool		 wide = b->address_bits == 64;
	size_t		 i;

	check_names(b, d);
	for (i = 0; i < b->nmasters; i++)
		check_master_name(b, i, d);
	for (i = 0; i < b->nregions; i++) {
		check_region(b, &b->regions[i], wide, d);
		check_shares(b, &b->regions[i], d);
	}
	check_overlaps(b, d);
	check_defaults(b, d);
	check_memtypes(b, d);
	check_reservation(b, &b->stack, "stack", used, d);
	check_reservation(b, &b->heap, "heap", used, d);
	check_waivers(b, d);
	check_tasks(b, d);
	check_stack_auto(b, d);
	check_frames(b, d);
	free(used);
}
