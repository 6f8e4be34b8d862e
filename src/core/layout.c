/*
 * Layouts: the output sections of a link, from the ELF or from the map.
 * The ELF is exact; the map-only reading exists for failed links, which
 * leave a map but no ELF. There, allocation follows from names that are
 * GNU toolchain conventions, and whether a section has a load image from
 * the board, the input objects and conventions, in that order: vendor
 * NOLOAD sections (.DMA_RAM, .persistent_data) hold inputs that GCC emits
 * as PROGBITS, so their names alone say nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "rtable.h"
#include "util.h"

void
layout_from_image(struct layout *out, const struct image *img)
{
	const struct img_section	*s;
	struct lsection			*ls;
	size_t				 i, cap = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < img->nsections; i++) {
		s = &img->sections[i];
		if (!s->alloc)
			continue;
		ls = ARRAY_PUSH(out->sections, out->nsections, cap);
		ls->name = s->name;
		ls->vma = s->vma;
		ls->lma = s->lma;
		ls->size = s->size;
		ls->alloc = true;
		ls->load = !s->nobits;
		ls->load_assumed = false;	/* the ELF says */
	}
}

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Whether N starts with one of the NULL-terminated PREFIXES. */
static bool
has_any_prefix(const char *n, const char *const *prefixes)
{
	size_t	i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (has_prefix(n, prefixes[i]))
			return true;
	return false;
}

/* Sections the GNU tools never allocate, whatever the script. */
static bool
unallocated_name(const char *n)
{
	static const char *const prefixes[] = {
		".debug", ".zdebug", ".comment", ".stab", ".line",
		".ARM.attributes", ".riscv.attributes", ".xtensa.info",
		".xt.",
		".gnu.attributes", ".gnu_debuglink", ".note.GNU-stack",
		".GCC.command.line", ".gnu.build.attributes", ".symtab",
		".strtab", ".shstrtab", NULL
	};

	return has_any_prefix(n, prefixes);
}

static bool
zero_init_name(const char *n)
{
	return has_prefix(n, ".bss") || has_prefix(n, ".sbss") ||
	    has_prefix(n, ".tbss") || has_prefix(n, ".noinit") ||
	    strcmp(n, "COMMON") == 0;
}

/* Inputs that GCC and gas always emit with bytes. */
static bool
progbits_name(const char *n)
{
	static const char *const prefixes[] = {
		".data", ".sdata", ".tdata", ".rodata", ".srodata", ".text",
		".init_array", ".fini_array", ".preinit_array", ".ctors",
		".dtors", ".ARM.exidx", ".ARM.extab", ".eh_frame", ".gcc_except",
		".ramfunc", ".isr_vector", NULL
	};

	return has_any_prefix(n, prefixes);
}

enum image_kind {
	IMG_NONE,	/* no load image */
	IMG_LOAD,	/* has one */
	IMG_UNKNOWN	/* inputs with bytes, but the section may be NOLOAD */
};

/* What one input says about its output section's load image. */
static enum image_kind
input_image(const struct map_input *in, object_lookup_fn lookup, void *arg)
{
	const struct obj_section	*os;
	char				*err = NULL;

	if (in->kind == MAP_IN_DATA)
		return IMG_LOAD;
	if (in->kind != MAP_IN_SECTION || in->size == 0 ||
	    zero_init_name(in->name))
		return IMG_NONE;
	if (progbits_name(in->name))
		return IMG_LOAD;
	if (lookup != NULL && in->object != NULL &&
	    lookup(&os, arg, in->object, in->name, in->size, false, &err) == 0)
		return os->nobits ? IMG_NONE : IMG_UNKNOWN;
	free(err);
	return IMG_UNKNOWN;
}

/*
 * The board's word on section NAME at VMA: startup never copies into a
 * section it only zeroes or leaves alone, so those have no load image.
 * A "load" region holds .bss too: there the inputs decide, unless an
 * entry names the section.
 */
static enum image_kind
board_image(const struct rtable *t, const char *name, uint64_t vma)
{
	const struct section_rule	*sr;
	const struct region		*r;
	uint64_t			 wo;
	int				 i;

	if (t->board == NULL ||
	    (i = rtable_find_section(t, name, vma, false, &wo, NULL)) < 0)
		return IMG_UNKNOWN;
	r = &t->board->regions[i];
	if (r->kind != REGION_RAM)
		return IMG_UNKNOWN;
	if (section_init(r, name) != INIT_LOAD)
		return IMG_NONE;
	sr = region_section_rule(r, name);
	return sr != NULL && sr->init_set ? IMG_LOAD : IMG_UNKNOWN;
}

/*
 * The board first, then the inputs: any input with bytes for sure makes
 * a load image, and one whose bytes may sit in a NOLOAD section leaves it
 * unknown only if no other input settles it.
 */
static enum image_kind
map_output_image(const struct ldmap *m, const struct map_output *o,
    const struct rtable *t, object_lookup_fn lookup, void *arg)
{
	enum image_kind	k, img = IMG_NONE;
	size_t		i;

	if ((k = board_image(t, o->name, o->vma)) != IMG_UNKNOWN)
		return k;
	for (i = 0; i < o->ninputs && img != IMG_LOAD; i++) {
		k = input_image(&m->inputs[o->first_input + i], lookup, arg);
		if (k != IMG_NONE)
			img = k;
	}
	return img;
}

void
layout_from_map(struct layout *out, const struct ldmap *m,
    const struct board *b, object_lookup_fn lookup, void *arg)
{
	const struct map_output	*o;
	struct lsection		*ls;
	struct rtable		 t;
	enum image_kind		 img;
	size_t			 i, cap = 0;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	if (b != NULL)
		rtable_from_board(&t, b);
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (unallocated_name(o->name) || strcmp(o->name, "/DISCARD/") == 0)
			continue;
		/* ld lists removed empty sections too; they occupy nothing. */
		if (o->size == 0)
			continue;
		ls = ARRAY_PUSH(out->sections, out->nsections, cap);
		memset(ls, 0, sizeof(*ls));
		ls->name = o->name;
		ls->vma = o->vma;
		ls->lma = o->has_lma ? o->lma : o->vma;
		ls->size = o->size;
		ls->alloc = true;
		img = map_output_image(m, o, &t, lookup, arg);
		ls->load = img != IMG_NONE;
		/* A guess that moves no number is not worth a word. */
		ls->load_assumed = img == IMG_UNKNOWN && ls->lma != ls->vma;
	}
	if (b != NULL)
		rtable_free(&t);
}

void
layout_free(struct layout *l)
{
	free(l->sections);
	memset(l, 0, sizeof(*l));
}

const struct lsection *
layout_at(const struct layout *l, uint64_t addr)
{
	const struct lsection	*s;
	size_t			 i;

	for (i = 0; i < l->nsections; i++) {
		s = &l->sections[i];
		if (s->size > 0 && addr >= s->vma && addr - s->vma < s->size)
			return s;
	}
	return NULL;
}

const struct lsection *
layout_named(const struct layout *l, const char *name, uint64_t vma)
{
	const struct lsection	*found = NULL;
	size_t			 i;

	for (i = 0; i < l->nsections; i++) {
		if (strcmp(l->sections[i].name, name) != 0)
			continue;
		if (l->sections[i].vma == vma)
			return &l->sections[i];
		if (found == NULL)
			found = &l->sections[i];
	}
	return found;
}

static const struct map_output *
map_output_named(const struct ldmap *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->noutputs; i++)
		if (strcmp(m->outputs[i].name, name) == 0)
			return &m->outputs[i];
	return NULL;
}

size_t
layout_mismatch(const struct layout *elf, const struct ldmap *m, char **why)
{
	const struct lsection	*s;
	const struct map_output	*o;
	size_t			 i, n = 0;

	*why = NULL;
	for (i = 0; i < elf->nsections; i++) {
		s = &elf->sections[i];
		if (s->size == 0)
			continue;
		o = map_output_named(m, s->name);
		if (o != NULL && o->vma == s->vma && o->size == s->size)
			continue;
		if (n++ > 0)
			continue;
		if (o == NULL)
			*why = xasprintf("the ELF's %s is not in the map", s->name);
		else
			*why = xasprintf("%s is 0x%llx, %llu bytes in the map but "
			    "0x%llx, %llu bytes in the ELF", s->name,
			    (unsigned long long)o->vma,
			    (unsigned long long)o->size,
			    (unsigned long long)s->vma,
			    (unsigned long long)s->size);
	}
	return n;
}

size_t
layout_spans(struct span **out, const struct layout *l)
{
	const struct lsection	*s;
	struct span		*v = xcalloc(2 * l->nsections + 1, sizeof(*v));
	size_t			 i, n = 0;

	for (i = 0; i < l->nsections; i++) {
		s = &l->sections[i];
		if (s->size == 0)
			continue;
		v[n++] = (struct span){ s->vma, s->size };
		if (s->load && s->lma != s->vma)
			v[n++] = (struct span){ s->lma, s->size };
	}
	*out = v;
	return n;
}
