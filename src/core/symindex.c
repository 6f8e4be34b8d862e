/*
 * The symbol index the rules and breakdowns search: data symbols (and, on
 * request, functions) by address, from the ELF's symbol table or, without
 * one, from the map; the map's input sections of allocated outputs by
 * address, each symbol attributed to the input that holds it; and each
 * map output's layout section. Pure.
 */
#include <stdlib.h>
#include <string.h>

#include "symindex.h"
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

/*
 * GNU ld's map symbols have no size: it runs to the next symbol or the
 * input's end. lld's have theirs.
 */
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
		d->size = s->has_size ? s->size : end > s->addr ?
		    end - s->addr : 0;
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
input_below(const struct symindex *si, size_t up, uint64_t addr)
{
	const struct map_input	*in;

	while (up > 0) {
		in = si->inputs[--up];
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
match_outputs(struct symindex *si, const struct ldmap *m,
    const struct layout *l)
{
	const struct map_output	*o;
	size_t			 i;

	si->outsec = xcalloc(m->noutputs ? m->noutputs : 1,
	    sizeof(*si->outsec));
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (o->size > 0)
			si->outsec[i] = layout_named(l, o->name, o->vma);
	}
}

/* Index map inputs by address; attribute ELF symbols to them. */
static void
index_inputs(struct symindex *si, const struct ldmap *m,
    const struct layout *l)
{
	const struct map_input	*in;
	size_t			 i, up = 0;

	match_outputs(si, m, l);
	si->inputs = xcalloc(m->ninputs ? m->ninputs : 1, sizeof(*si->inputs));
	for (i = 0; i < m->ninputs; i++)
		if ((m->inputs[i].kind == MAP_IN_SECTION ||
		    m->inputs[i].kind == MAP_IN_COMMON) &&
		    si->outsec[m->inputs[i].output] != NULL)
			si->inputs[si->ninputs++] = &m->inputs[i];
	xsort_keyed(si->inputs, si->ninputs, sizeof(*si->inputs), input_key,
	    input_cmp);
	/* Both by address: one walk, not a search per symbol. */
	for (i = 0; i < si->n; i++) {
		while (up < si->ninputs && si->inputs[up]->addr <=
		    si->syms[i].addr)
			up++;
		if (si->syms[i].object == NULL &&
		    (in = input_below(si, up, si->syms[i].addr)) != NULL) {
			si->syms[i].section = in->name;
			si->syms[i].object = in->object;
		}
	}
}

void
symindex_build(struct symindex *si, const struct analysis *a, bool functions)
{
	memset(si, 0, sizeof(*si));
	if (a->image != NULL && a->image->has_symtab)
		symindex_from_image(si, a->image, functions);
	else if (a->map != NULL)
		symindex_from_map(si, a->map);
	xsort_keyed(si->syms, si->n, sizeof(*si->syms), dsym_key, dsym_cmp);
	if (a->map != NULL)
		index_inputs(si, a->map, a->layout);
}

void
symindex_free(struct symindex *si)
{
	free(si->syms);
	free(si->inputs);
	free(si->outsec);
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
