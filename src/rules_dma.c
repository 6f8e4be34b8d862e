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
		for (i = 0; i < c->si.n; i++)
			if (any_glob(rule->symbols, rule->nsymbols,
			    c->si.syms[i].name))
				add_buffer(bs, &c->si.syms[i], rule->masters);
	}
}

/* Does section NAME hold DMA buffers, and for which masters? */
static bool
section_masters(const struct board *b, const struct rule_globs *rg,
    const char *name, const char *prefix, uint32_t *out)
{
	size_t	j;

	if (macro_masters(b, name, prefix, out))
		return true;
	for (j = 0; j < b->ndma_rules; j++) {
		if (any_glob(rg[j].sections, rg[j].nsections, name)) {
			*out = rg[j].masters;
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
	size_t			 i;

	for (i = 0; i < c->ninputs; i++) {
		in = c->inputs[i];
		if (section_masters(c->b, rg, in->name, ".bss.memfit.dma.", &m))
			add_range(c, bs, in->name, in->addr, in->size, m,
			    in->object);
	}
	for (i = 0; i < c->a->layout->nsections; i++) {
		s = &c->a->layout->sections[i];
		if (section_masters(c->b, rg, s->name, ".memfit_dma_", &m))
			add_range(c, bs, s->name, s->vma, s->size, m, NULL);
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
		if ((i = rtable_find(&c->t, cur, false, &wo, &w)) < 0)
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

static void
check_reach(struct rules_ctx *c, const struct buffer *bf)
{
	struct finding	*f;
	uint32_t	 ok = reach(c, bf->addr, bf->size), missing;
	char		*who;

	missing = bf->masters & ~ok;
	if (bf->masters == 0 && (ok & ((1ULL << c->b->nmasters) - 1)) == 0)
		f = report_add_finding(c->r, "dma-unreachable", SEV_ERROR,
		    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") is in "
		    "memory no DMA master reaches", bf->name, bf->size,
		    bf->addr);
	else if (missing != 0) {
		who = master_list(c->b, missing);
		f = report_add_finding(c->r, "dma-unreachable", SEV_ERROR,
		    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") is in "
		    "memory that %s cannot reach", bf->name, bf->size,
		    bf->addr, who);
		free(who);
	} else
		return;
	finding_place(c, f, bf->name, bf->addr, bf->size, bf->section,
	    bf->object);
}

static void
check_cache_line(struct rules_ctx *c, const struct buffer *bf)
{
	const struct region	*r;
	struct finding		*f;
	uint64_t		 wo, cl = c->b->cache_line;
	int			 i;

	if ((i = rtable_find(&c->t, bf->addr, false, &wo, NULL)) < 0)
		return;
	r = &c->b->regions[i];
	if (!r->cacheable || cl == 0 ||
	    (bf->addr % cl == 0 && bf->size % cl == 0))
		return;
	f = report_add_finding(c->r, "dma-cache-line", SEV_WARNING,
	    "DMA buffer %s (%" PRIu64 " bytes at 0x%" PRIx64 ") is in "
	    "cacheable %s but its %s is not a multiple of the %" PRIu64
	    "-byte cache line: cache maintenance on it also hits its "
	    "neighbours", bf->name, bf->size, bf->addr, r->name,
	    bf->addr % cl != 0 ? "address" : "size", cl);
	finding_place(c, f, bf->name, bf->addr, bf->size, bf->section,
	    bf->object);
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
	free(bs.list);
}
