/*
 * Layouts: the output sections of a link, from the ELF or from the map.
 * The ELF is exact; the map-only reading exists for failed links, which
 * leave a map but no ELF, and infers allocation and NOBITS from names that
 * are GNU toolchain conventions (never from a vendor's names).
 */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
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
	}
}

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Sections the GNU tools never allocate, whatever the script. */
static bool
unallocated_name(const char *n)
{
	static const char *const prefixes[] = {
		".debug", ".zdebug", ".comment", ".stab", ".line",
		".ARM.attributes", ".riscv.attributes", ".xtensa.info",
		".xt.lit", ".xt.prop", ".xt.insn",
		".gnu.attributes", ".gnu_debuglink", ".note.GNU-stack",
		".GCC.command.line", ".gnu.build.attributes", ".symtab",
		".strtab", ".shstrtab", NULL
	};
	size_t	i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (has_prefix(n, prefixes[i]))
			return true;
	return false;
}

static bool
zero_init_name(const char *n)
{
	return has_prefix(n, ".bss") || has_prefix(n, ".sbss") ||
	    has_prefix(n, ".tbss") || has_prefix(n, ".noinit") ||
	    strcmp(n, "COMMON") == 0;
}

/* NOBITS unless some input has bytes: data statements, or non-bss input. */
static bool
map_output_nobits(const struct ldmap *m, const struct map_output *o)
{
	const struct map_input	*in;
	size_t			 i;

	for (i = 0; i < o->ninputs; i++) {
		in = &m->inputs[o->first_input + i];
		if (in->kind == MAP_IN_DATA)
			return false;
		if (in->kind == MAP_IN_SECTION && in->size > 0 &&
		    !zero_init_name(in->name))
			return false;
	}
	return true;
}

void
layout_from_map(struct layout *out, const struct ldmap *m)
{
	const struct map_output	*o;
	struct lsection		*ls;
	size_t			 i, cap = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < m->noutputs; i++) {
		o = &m->outputs[i];
		if (unallocated_name(o->name) || strcmp(o->name, "/DISCARD/") == 0)
			continue;
		/* ld lists removed empty sections too; they occupy nothing. */
		if (o->size == 0)
			continue;
		ls = ARRAY_PUSH(out->sections, out->nsections, cap);
		ls->name = o->name;
		ls->vma = o->vma;
		ls->lma = o->has_lma ? o->lma : o->vma;
		ls->size = o->size;
		ls->alloc = true;
		ls->load = !map_output_nobits(m, o);
	}
}

void
layout_free(struct layout *l)
{
	free(l->sections);
	memset(l, 0, sizeof(*l));
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
