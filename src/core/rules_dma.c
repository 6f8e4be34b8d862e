/*
 * dma-unreachable and dma-cache-line. A DMA buffer is a symbol or section
 * that the board's dma_buffers globs match, or that the generated DMA
 * macros placed (input sections .bss.memfit.dma.TAG, output sections
 * .memfit_dma_TAG, where TAG is a master or "all"). Every byte of a buffer
 * must lie in memory that each required master reaches through the very
 * address it has: reachability is per master and per alias.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

struct buffer {
	const char		*name;		/* symbol, or section */
	uint64_t		 addr;
	uint64_t		 size;
	uint32_t		 masters;	/* 0: any one master */
	const char		*section;
	const struct map_object	*object;
};

struct buffers {
	struct buffer	*list;
	size_t		 n;
	size_t		 cap;
};

static void
add_buffer(struct buffers *bs, const struct dsym *s, uint32_t masters)
{
	struct buffer	*b = ARRAY_PUSH(bs->list, bs->n, bs->cap);

	b->name = s->name;
	b->addr = s->addr;
	b->size = s->size;
	b->masters = masters;
	b->section = s->section;
	b->object = s->object;
}

/* A dma_buffers entry's globs, compiled once for the whole link. */
struct rule_globs {
	struct glob	*symbols;
	size_t		 nsymbols;
	struct glob	*sections;
	size_t		 nsections;
	uint32_t	 masters;
};

static struct glob *
compile_all(char **patterns, size_t n)
{
	struct glob	*g = xcalloc(n, sizeof(*g));
	size_t		 i;

	for (i = 0; i < n; i++)
		glob_compile(&g[i], patterns[i]);
	return g;
}

static struct rule_globs *
rule_globs_new(const struct board *b)
{
	struct rule_globs	*rg = xcalloc(b->ndma_rules, sizeof(*rg));
	const struct dma_rule	*r;
	size_t			 j;

	for (j = 0; j < b->ndma_rules; j++) {
		r = &b->dma_rules[j];
		rg[j].symbols = compile_all(r->symbols, r->nsymbols);
		rg[j].nsymbols = r->nsymbols;
		rg[j].sections = compile_all(r->sections, r->nsections);
		rg[j].nsections = r->nsections;
		rg[j].masters = r->masters;
	}
	return rg;
}

static void
rule_globs_free(struct rule_globs *rg, size_t n)
{
	size_t	j;

	for (j = 0; j < n; j++) {
		free(rg[j].symbols);
		free(rg[j].sections);
	}
	free(rg);
}

static bool
any_glob(const struct glob *globs, size_t n, const char *name)
{
	size_t	i, len = strlen(name);

	for (i = 0; i < n; i++)
		if (glob_test(&globs[i], name, len))
			return true;
	return false;
}

/* Each data symbol inside [addr, addr + size), or the range itself. */
static void
add_range(struct rules_ctx *c, struct buffers *bs, const char *name,
    uint64_t addr, uint64_t size, uint32_t masters,
    const struct map_object *obj)
{
	struct dsym	whole = { name, addr, size, name, obj };
	size_t		i, before = bs->n;

	for (i = symindex_lower(&c->si, addr); i < c->si.n &&
	    c->si.syms[i].addr < addr + size; i++)
		if (c->si.syms[i].size > 0)
			add_buffer(bs, &c->si.syms[i], masters);
	if (bs->n == before && size > 0)
		add_buffer(bs, &whole, masters);
}

/* Masters named by a generated section's TAG ("all": every master). */
static bool
macro_masters(const struct board *b, const char *name, const char *prefix,
    uint32_t *out)
{
	const char	*tag;
	size_t		 len = strlen(prefix), i;

	if (strncmp(name, prefix, len) != 0)
		return false;
	tag = name + len;
	if (strncmp(tag, "all", 3) == 0 && (tag[3] == '\0' || tag[3] == '.')) {
		*out = (uint32_t)((1ULL << b->nmasters) - 1);
		return true;
	}
	/* .memfit_dma_ruleN holds what dma_buffers entry N's globs match. */
	if (strncmp(tag, "rule", 4) == 0 && tag[4] >= '1' && tag[4] <= '9') {
		i = strtoul(tag + 4, NULL, 10);
		if (i >= 1 && i <= b->ndma_rules) {
			*out = b->dma_rules[i - 1].masters;
			return true;
		}
	}
	for (i = 0; i < b->nmasters; i++) {
		len = strlen(b->masters[i].name);
		if (strncmp(tag, b->masters[i].name, len) == 0 &&
		    (tag[len] == '\0' || tag[len] == '.')) {
			*out = 1U << i;
			return true;
		}
	}
	return false;
}

/* For --explain-dma: what entry ENTRY matched; the verdict comes later. */
static void
note_match(struct rules_ctx *c, size_t entry, bool is_section,
    const char *name, uint64_t addr, uint64_t size, uint32_t masters)
{
	struct rep_dma_match	*m;

	if (!c->a->explain_dma)
		return;
	m = ARRAY_PUSH(c->r->dma_matches, c->r->ndma_matches,
	    c->r->dma_matches_cap);
	memset(m, 0, sizeof(*m));
	m->entry = entry;
	m->is_section = is_section;
	m->name = xstrdup(name);
	m->address = addr;
	m->size = size;
	m->masters = masters;
}

static void
collect_symbols(struct rules_ctx *c, struct buffers *bs,
    const struct rule_globs *rg)
{
	const struct rule_globs	*rule;
	size_t			 i, j;

	for (j = 0; j < c->b->ndma_rules; j++) {
		rule = &rg[j];
		if (rule->nsymbols == 0)
			continue;
		for (i = 0; i < c->si.n; i++) {
			if (!any_glob(rule->symbols, rule->nsymbols,
			    c->si.syms[i].name))
				continue;
			add_buffer(bs, &c->si.syms[i], rule->masters);
			note_match(c, j + 1, false, c->si.syms[i].name,
			    c->si.syms[i].addr, c->si.syms[i].size,
			    rule->masters);
		}
	}
}

/*
 * Does section NAME hold DMA buffers, and for which masters? *entry is
 * the dma_buffers entry (1-based) whose globs matched, 0 for a section
 * the generated macros made.
 */
static bool
section_masters(const struct board *b, const struct rule_globs *rg,
    const char *name, const char *prefix, uint32_t *out, size_t *entry)
{
	size_t	j;

	*entry = 0;
	if (macro_masters(b, name, prefix, out))
		return true;
	for (j = 0; j < b->ndma_rules; j++) {
		if (any_glob(rg[j].sections, rg[j].nsections, name)) {
			*out = rg[j].masters;
			*entry = j + 1;
			return true;
		}
	}
	return false;
}

static void
collect_sections(struct rules_ctx *c, struct buffers *bs,
    const struct rule_globs *rg)
{
	const struct map_input	*in;
	const struct lsection	*s;
	uint32_t		 m;
	size_t			 i, e;

	for (i = 0; i < c->si.ninputs; i++) {
		in = c->si.inputs[i];
		if (!section_masters(c->b, rg, in->name, ".bss.memfit.dma.", &m,
		    &e))
			continue;
		add_range(c, bs, in->name, in->addr, in->size, m, in->object);
		note_match(c, e, true, in->name, in->addr, in->size, m);
	}
	for (i = 0; i < c->a->layout->nsections; i++) {
		s = &c->a->layout->sections[i];
		if (!section_masters(c->b, rg, s->name, ".memfit_dma_", &m, &e))
			continue;
		add_range(c, bs, s->name, s->vma, s->size, m, NULL);
		note_match(c, e, true, s->name, s->vma, s->size, m);
	}
}

static int
buffer_cmp(const void *va, const void *vb)
{
	const struct buffer	*a = va, *b = vb;
	int			 n;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if ((n = strcmp(a->name, b->name)) != 0)
		return n;
	return a->object != NULL ? -1 : b->object != NULL;
}

/* One buffer per place; a buffer several rules match needs them all. */
static void
merge_buffers(struct buffers *bs)
{
	size_t	i, j = 0;

	xqsort(bs->list, bs->n, sizeof(*bs->list), buffer_cmp);
	for (i = 0; i < bs->n; i++) {
		if (j > 0 && bs->list[j - 1].addr == bs->list[i].addr &&
		    strcmp(bs->list[j - 1].name, bs->list[i].name) == 0) {
			bs->list[j - 1].masters |= bs->list[i].masters;
			continue;
		}
		bs->list[j++] = bs->list[i];
	}
	bs->n = j;
}

/* The region ADDR is in, by the output section there: a region that
 * shares its addresses claims its own sections (rtable_find_section). */
static int
region_of(const struct rules_ctx *c, uint64_t addr, uint64_t *wo, size_t *w)
{
	const struct lsection	*ls = layout_at(c->a->layout, addr);

	return rtable_find_section(c->t, ls != NULL ? ls->name : "", addr,
	    false, wo, w);
}

/* The masters that reach every byte of [addr, addr + size). */
static uint32_t
reach(const struct rules_ctx *c, uint64_t addr, uint64_t size)
{
	const struct region	*r;
	uint32_t		 ok = UINT32_MAX;
	uint64_t		 cur = addr, end = addr + (size ? size : 1), wo;
	size_t			 w;
	int			 i;

	while (cur < end) {
		if ((i = region_of(c, cur, &wo, &w)) < 0)
			return 0;
		r = &c->b->regions[i];
		ok &= w == 0 ? r->dma : alias_dma(r, &r->aliases[w - 1]);
		if (wo + r->length <= cur)
			break;
		cur = wo + r->length;
	}
	return ok;
}

static char *
master_list(const struct board *b, uint32_t mask)
{
	struct strbuf	sb;
	size_t		i, n = 0;

	sb_init(&sb);
	for (i = 0; i < b->nmasters; i++) {
		if (!(mask & (1U << i)))
			continue;
		sb_printf(&sb, "%s%s", n ? ", " : "", b->masters[i].name);
		n++;
	}
	return sb_detach(&sb);
}

/*
 * Whether BF's masters fail to reach it: *missing is the required masters
 * that cannot, or 0 when it needs any one master and none can. The rule
 * and the --explain-dma verdict both ask this.
 */
static bool
unreached(const struct rules_ctx *c, const struct buffer *bf,
    uint32_t *missing)
{
	uint32_t	ok = reach(c, bf->addr, bf->size);

	*missing = bf->masters & ~ok;
	if (bf->masters == 0)
		return (ok & ((1ULL << c->b->nmasters) - 1)) == 0;
	return *missing != 0;
}

static void
check_reach(struct rules_ctx *c, const struct buffer *bf)
{
	struct finding	*f;
	uint32_t	 missing;
	char		*who;

	if (!unreached(c, bf, &missing))
		return;
	if (missing == 0)
		f = report_add_finding(c->r, RULE_DMA_UNREACHABLE, SEV_ERROR,
		    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") is in "
		    "memory no DMA master reaches", bf->name, bf->size,
		    bf->addr);
	else {
		who = master_list(c->b, missing);
		f = report_add_finding(c->r, RULE_DMA_UNREACHABLE, SEV_ERROR,
		    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") is in "
		    "memory that %s cannot reach", bf->name, bf->size,
		    bf->addr, who);
		free(who);
	}
	finding_place(c, f, bf->name, bf->addr, bf->size, bf->section,
	    bf->object);
}

/* Something else stored in the cache lines a buffer occupies. */
struct neighbour {
	const char	*name;
	uint64_t	 addr;
	uint64_t	 size;
	size_t		 count;
};

static bool
in_lines(uint64_t a, uint64_t n, const struct buffer *bf, uint64_t lo,
    uint64_t hi)
{
	uint64_t	end = a + n, bend = bf->addr + bf->size;

	/* Inside the lines, outside the buffer: padding has no owner. */
	return n > 0 && a < hi && end > lo && (a < bf->addr || end > bend) &&
	    !(a <= bf->addr && end >= bend);
}

static void
note_neighbour(struct neighbour *nb, const char *name, uint64_t a,
    uint64_t n)
{
	if (nb->count++ == 0) {
		nb->name = name;
		nb->addr = a;
		nb->size = n;
	}
}

/* Symbols, then input sections that hold no symbol we know of. */
static void
find_neighbours(const struct rules_ctx *c, const struct buffer *bf,
    uint64_t lo, uint64_t hi, struct neighbour *nb)
{
	const struct dsym	*s;
	const struct map_input	*in;
	size_t			 i, j;

	i = symindex_lower(&c->si, lo);
	for (j = i > 0 ? i - 1 : i; j < c->si.n && c->si.syms[j].addr < hi;
	    j++) {
		s = &c->si.syms[j];
		if (in_lines(s->addr, s->size, bf, lo, hi) &&
		    !(s->addr >= bf->addr && s->addr < bf->addr + bf->size))
			note_neighbour(nb, s->name, s->addr, s->size);
	}
	if (nb->count > 0)
		return;
	for (i = 0; i < c->si.ninputs; i++) {
		in = c->si.inputs[i];
		if (in->addr >= hi)
			break;
		if (in_lines(in->addr, in->size, bf, lo, hi))
			note_neighbour(nb, in->name, in->addr, in->size);
	}
}

/* Is the buffer's memory cached? Its output section may say otherwise. */
static bool
buffer_cached(const struct rules_ctx *c, const struct buffer *bf,
    const struct region **rp)
{
	const struct lsection	*ls;
	uint64_t		 wo;
	int			 i;

	if ((i = region_of(c, bf->addr, &wo, NULL)) < 0)
		return false;
	*rp = &c->b->regions[i];
	ls = layout_at(c->a->layout, bf->addr);
	return ls != NULL ? section_cacheable(*rp, ls->name) :
	    (*rp)->cacheable;
}

/*
 * Whether BF, in cached memory, shares its cache lines with something
 * else: the first neighbour in *nb, the region in *rp. The rule and the
 * --explain-dma verdict both ask this.
 */
static bool
line_shared(const struct rules_ctx *c, const struct buffer *bf,
    struct neighbour *nb, const struct region **rp)
{
	uint64_t	cl = c->b->cache_line, lo, hi;

	memset(nb, 0, sizeof(*nb));
	if (cl == 0 || bf->size == 0 || !buffer_cached(c, bf, rp))
		return false;
	lo = bf->addr - bf->addr % cl;
	hi = bf->addr + bf->size;
	hi += (cl - hi % cl) % cl;
	find_neighbours(c, bf, lo, hi, nb);
	return nb->count > 0;
}

static void
check_cache_line(struct rules_ctx *c, const struct buffer *bf)
{
	const struct region	*r = NULL;
	struct neighbour	 nb;
	struct finding		*f;
	uint64_t		 cl = c->b->cache_line;

	if (!line_shared(c, bf, &nb, &r))
		return;
	f = report_add_finding(c->r, RULE_DMA_CACHE_LINE, SEV_WARNING,
	    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") shares a %"
	    PRIu64 "-byte cache line of cacheable %s with %s (%" PRIu64
	    " bytes at 0x%" PRIx64 ")%s: invalidating the buffer for a DMA "
	    "transfer can discard the CPU's writes there", bf->name, bf->size,
	    bf->addr, cl, r->name, nb.name, nb.size, nb.addr, nb.count > 1 ?
	    " and more" : "");
	finding_place(c, f, bf->name, bf->addr, bf->size, bf->section,
	    bf->object);
}

/* What the rules make of one match: "ok", or what is wrong with it. */
static char *
verdict(const struct rules_ctx *c, const struct rep_dma_match *m)
{
	const struct region	*r = NULL;
	uint32_t		 masters = m->masters;
	struct buffer		 bf = { m->name, m->address, m->size, masters,
				    NULL, NULL };
	struct neighbour	 nb;
	uint32_t		 missing;
	char			*who, *v;

	if (unreached(c, &bf, &missing) && missing == 0)
		return xstrdup("no DMA master reaches it");
	if (missing != 0) {
		who = master_list(c->b, missing);
		v = xasprintf("%s cannot reach it", who);
		free(who);
		return v;
	}
	if (line_shared(c, &bf, &nb, &r))
		return xasprintf("shares a cache line with %s", nb.name);
	return xstrdup("ok");
}

static void
explain_matches(struct rules_ctx *c)
{
	struct rep_dma_match	*m;
	uint64_t		 wo;
	size_t			 i;
	int			 ri;

	for (i = 0; i < c->r->ndma_matches; i++) {
		m = &c->r->dma_matches[i];
		m->verdict = verdict(c, m);
		if ((ri = rtable_find(c->t, m->address, false, &wo, NULL)) >= 0)
			m->region = xstrdup(c->t->names[ri]);
	}
}

void
rules_dma(struct rules_ctx *c)
{
	struct buffers		 bs = { NULL, 0, 0 };
	struct rule_globs	*rg;
	size_t			 i;

	if (c->b->nmasters == 0)
		return;
	rg = rule_globs_new(c->b);
	collect_symbols(c, &bs, rg);
	collect_sections(c, &bs, rg);
	rule_globs_free(rg, c->b->ndma_rules);
	merge_buffers(&bs);
	for (i = 0; i < bs.n; i++) {
		check_reach(c, &bs.list[i]);
		check_cache_line(c, &bs.list[i]);
	}
	explain_matches(c);
	free(bs.list);
}
