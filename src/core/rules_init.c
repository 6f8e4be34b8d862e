/*
 * init-data-in-zero-region and bss-in-noinit-region.
 *
 * `int x = 17;` placed in an output section that startup only zeroes (or
 * never touches, or cannot copy because it has no load image) boots as 0:
 * ld turns the PROGBITS input into part of a NOLOAD output section without
 * a word, so the final ELF no longer shows the value. The rule therefore
 * reads the input objects the map names: an input section bound for such
 * an output section that has non-zero bytes (or relocations) in its object
 * is initialised data, and each variable in it is named with its initial
 * value. Objects it cannot read are listed, never passed.
 *
 * What startup does is decided per output section, as startup code does:
 * the board's sections entry for it, else its region's init; and a
 * section with no load image cannot be copied whatever the region says.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "units.h"
#include "util.h"

struct unchecked {
	const struct map_object	**objs;
	size_t			  n;
	size_t			  cap;
	char			 *first_err;
};

static bool
zero_init_input(const char *n)
{
	return strncmp(n, ".bss", 4) == 0 || strncmp(n, ".sbss", 5) == 0 ||
	    strcmp(n, "COMMON") == 0;
}

/*
 * Inputs the compilers guarantee hold no bytes: GCC and clang refuse
 * non-zero initialisers in .bss.* and .tbss sections, so there is no
 * object to read (on big links, most CCM inputs are these). Not .noinit.*:
 * gas makes it NOBITS, but clang's integrated assembler makes it PROGBITS
 * and keeps "int y = 17" there, a value startup never copies.
 */
static bool
nobits_input(const char *n)
{
	return zero_init_input(n) || strncmp(n, ".tbss", 5) == 0;
}

/*
 * What startup does to an output section: an init mode, or MODE_NOIMAGE
 * for a section of a "load" region that has no load image to copy from
 * (NOLOAD): whether startup zeroes it is unknown, but a value is lost.
 */
enum out_mode {
	MODE_LOAD = INIT_LOAD,
	MODE_ZERO = INIT_ZERO,
	MODE_NONE = INIT_NONE,
	MODE_NOIMAGE
};

/* The mode of output section S; false if it is not in a ram region. */
static bool
out_mode(const struct rules_ctx *c, const struct lsection *s,
    enum out_mode *out, int *idx)
{
	const struct section_rule	*sr;
	const struct region		*r;
	uint64_t			 wo;

	if ((*idx = rtable_find_section(c->t, s->name, s->vma, true, &wo,
	    NULL)) < 0 ||
	    (r = &c->b->regions[*idx])->kind != REGION_RAM)
		return false;
	sr = region_section_rule(r, s->name);
	if (sr != NULL && sr->init_set)
		*out = (enum out_mode)sr->init;
	else
		*out = r->init == INIT_LOAD && !s->load ? MODE_NOIMAGE :
		    (enum out_mode)r->init;
	return true;
}

static bool
nonzero(const unsigned char *p, uint64_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return true;
	return false;
}

/* "initial value 17" for sizes of an integer, else the first bytes. */
static char *
initial_value(const unsigned char *p, uint64_t n, bool big_endian)
{
	struct strbuf	sb;
	uint64_t	v = 0, i;

	sb_init(&sb);
	if (n == 1 || n == 2 || n == 4 || n == 8) {
		for (i = 0; i < n; i++)
			v |= (uint64_t)p[big_endian ? i : n - 1 - i] <<
			    (8 * (n - 1 - i));
		sb_printf(&sb, "initial value %" PRIu64 " (0x%" PRIx64 ")", v,
		    v);
		return sb_detach(&sb);
	}
	sb_puts(&sb, "initial bytes");
	for (i = 0; i < n && i < 8; i++)
		sb_printf(&sb, " %02x", p[i]);
	if (n > 8)
		sb_puts(&sb, " ...");
	return sb_detach(&sb);
}

static const char *
lost_how(enum out_mode mode)
{
	return mode == MODE_ZERO ? "startup only zeroes" :
	    mode == MODE_NONE ? "startup never initialises" :
	    mode == MODE_NOIMAGE ? "has no load image for startup to copy" :
	    "startup copies";
}

/* Where an input of the rule lands: its output section and region. */
struct target {
	const struct lsection	*s;
	int			 ri;
	enum out_mode		 mode;
};

static void
flag_symbol(struct rules_ctx *c, const struct map_input *in,
    const struct obj_section *os, const struct obj_symbol *s,
    const struct target *t)
{
	struct finding		*f;
	char			*val;

	if (s->offset > os->size || s->size > os->size - s->offset ||
	    !nonzero(os->data + s->offset, s->size))
		return;
	val = initial_value(os->data + s->offset, s->size, os->big_endian);
	f = report_add_finding(c->r, RULE_INIT_DATA_IN_ZERO_REGION, SEV_ERROR,
	    "%s (%" PRIu64 " bytes at 0x%" PRIx64 ") is initialised data "
	    "(%s) in %s of %s, which %s: the value is lost", s->name, s->size,
	    in->addr + s->offset, val, t->s->name, c->b->regions[t->ri].name,
	    lost_how(t->mode));
	finding_place(c, f, s->name, in->addr + s->offset, s->size, in->name,
	    in->object);
	free(val);
}

/* Initialised bytes in an input bound for a section startup won't copy. */
static void
check_input_bytes(struct rules_ctx *c, const struct map_input *in,
    const struct obj_section *os, const struct target *t)
{
	struct finding		*f;
	size_t			 i, before = c->r->nfindings;

	if (os->nobits)
		return;
	for (i = 0; i < os->nsymbols; i++)
		flag_symbol(c, in, os, &os->symbols[i], t);
	if (c->r->nfindings > before ||
	    (!nonzero(os->data, os->size) && !os->has_relocs))
		return;
	f = report_add_finding(c->r, RULE_INIT_DATA_IN_ZERO_REGION, SEV_ERROR,
	    "input section %s of %s has initialised data%s in %s of %s, which "
	    "%s: the values are lost", in->name, in->object->display,
	    os->has_relocs ? " (addresses)" : "", t->s->name,
	    c->b->regions[t->ri].name, lost_how(t->mode));
	finding_place(c, f, NULL, in->addr, in->size, in->name, in->object);
}

static void
note_unchecked(struct unchecked *u, const struct map_object *o, char *err)
{
	size_t	i;

	for (i = 0; i < u->n; i++)
		if (u->objs[i] == o) {
			free(err);
			return;
		}
	*ARRAY_PUSH(u->objs, u->n, u->cap) = o;
	if (u->first_err == NULL)
		u->first_err = err;
	else
		free(err);
}

static void
check_input(struct rules_ctx *c, const struct map_input *in,
    const struct target *t, struct unchecked *u)
{
	const struct obj_section	*os;
	char				*err = NULL;

	if (in->kind != MAP_IN_SECTION || in->size == 0 ||
	    in->object == NULL || nobits_input(in->name))
		return;
	if (c->a->lookup == NULL) {
		note_unchecked(u, in->object, xstrdup("objects not read"));
		return;
	}
	if (c->a->lookup(&os, c->a->lookup_arg, in->object, in->name,
	    in->size, false, &err) < 0) {
		note_unchecked(u, in->object, err);
		return;
	}
	/*
	 * Symbols only name variables with non-zero bytes: a NOBITS or
	 * all-zero input (nearly all of them) needs no symbol table.
	 */
	if (!os->nobits && nonzero(os->data, os->size) &&
	    c->a->lookup(&os, c->a->lookup_arg, in->object, in->name,
	    in->size, true, &err) < 0) {
		note_unchecked(u, in->object, err);
		return;
	}
	check_input_bytes(c, in, os, t);
}

static void
bss_in_noinit(struct rules_ctx *c, const struct map_input *in,
    const struct target *t)
{
	struct finding	*f;
	size_t		 i, before = c->r->nfindings;

	if (in->size == 0 || !zero_init_input(in->name))
		return;
	for (i = symindex_lower(&c->si, in->addr); i < c->si.n &&
	    c->si.syms[i].addr < in->addr + in->size; i++) {
		/* A size-0 label (_sbss, _edata from the script) is no data. */
		if (c->si.syms[i].size == 0)
			continue;
		f = report_add_finding(c->r, RULE_BSS_IN_NOINIT_REGION,
		    SEV_WARNING, "%s is zero-initialised data in %s of %s, "
		    "which startup never initialises: it holds garbage at "
		    "boot", c->si.syms[i].name, t->s->name,
		    c->b->regions[t->ri].name);
		finding_place(c, f, c->si.syms[i].name, c->si.syms[i].addr,
		    c->si.syms[i].size, in->name, in->object);
	}
	if (c->r->nfindings > before)
		return;
	f = report_add_finding(c->r, RULE_BSS_IN_NOINIT_REGION, SEV_WARNING,
	    "input section %s is zero-initialised data in %s of %s, which "
	    "startup never initialises: it holds garbage at boot", in->name,
	    t->s->name, c->b->regions[t->ri].name);
	finding_place(c, f, NULL, in->addr, in->size, in->name, in->object);
}

/*
 * Without objects, the ELF still shows loaded sections that startup does
 * not copy. Not from a map alone: it cannot tell a NOLOAD section from a
 * loaded one, and the objects say more anyway.
 */
static void
progbits_outputs(struct rules_ctx *c)
{
	const struct lsection	*s;
	enum out_mode		 mode;
	struct finding		*f;
	size_t			 i;
	int			 ri;

	if (c->a->image == NULL)
		return;
	for (i = 0; i < c->a->layout->nsections; i++) {
		s = &c->a->layout->sections[i];
		if (!s->load || s->size == 0 || !out_mode(c, s, &mode, &ri) ||
		    mode == MODE_LOAD)
			continue;
		f = report_add_finding(c->r, RULE_INIT_DATA_IN_ZERO_REGION,
		    SEV_ERROR, "output section %s has initial contents in %s, "
		    "which %s: they are lost", s->name,
		    c->b->regions[ri].name, lost_how(mode));
		finding_place(c, f, NULL, s->vma, s->size, s->name, NULL);
	}
}

#define UNCHECKED_NAMED	5	/* objects named in the message */

/* LTO partitions: GCC's ccXXXX.ltrans0.ltrans.o, ld.lld's lto.tmp. */
static bool
ltrans_object(const struct map_object *o)
{
	return o->member == NULL && units_is_ltrans(o->path);
}

/*
 * One line for an LTO link whose partitions are gone: naming each
 * temporary helps nobody, saying how to keep them does.
 */
static bool
report_lto_gone(struct rules_ctx *c, const struct unchecked *u)
{
	struct finding	*f;
	size_t		 i;

	for (i = 0; i < u->n; i++)
		if (!ltrans_object(u->objs[i]))
			return false;
	f = report_add_finding(c->r, RULE_INIT_DATA_IN_ZERO_REGION, SEV_WARNING,
	    "could not check for initialised data in zero-init sections: "
	    "this is an LTO link and its %zu partition object%s (%s...) %s "
	    "gone; link with -save-temps to keep them", u->n, u->n == 1 ? "" :
	    "s", u->objs[0]->display, u->n == 1 ? "is" : "are");
	f->object = xstrdup(u->objs[0]->display);
	return true;
}

static void
report_unchecked(struct rules_ctx *c, struct unchecked *u)
{
	struct finding	*f;
	struct strbuf	 sb;
	size_t		 i;

	if (u->n == 0 || report_lto_gone(c, u))
		goto out;
	sb_init(&sb);
	for (i = 0; i < u->n && i < UNCHECKED_NAMED; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", u->objs[i]->display);
	if (u->n > UNCHECKED_NAMED)
		sb_printf(&sb, " and %zu more", u->n - UNCHECKED_NAMED);
	f = report_add_finding(c->r, RULE_INIT_DATA_IN_ZERO_REGION, SEV_WARNING,
	    "could not check %zu object%s for initialised data in zero-init "
	    "regions: %s (%s: %s)", u->n, u->n == 1 ? "" : "s", sb.buf,
	    u->objs[0]->display, u->first_err ? u->first_err : "unreadable");
	f->object = xstrdup(u->objs[0]->display);
	sb_free(&sb);
out:
	free(u->first_err);
	free(u->objs);
}

void
rules_init(struct rules_ctx *c)
{
	const struct ldmap	*m = c->a->map;
	const struct map_output	*o;
	struct unchecked	 u = { NULL, 0, 0, NULL };
	struct target		 t;
	size_t			 i, j;

	progbits_outputs(c);
	for (i = 0; m != NULL && i < m->noutputs; i++) {
		o = &m->outputs[i];
		/* Unallocated (debug sections at 0, over ITCM): not memory. */
		if ((t.s = c->si.outsec[i]) == NULL ||
		    !out_mode(c, t.s, &t.mode, &t.ri) || t.mode == MODE_LOAD)
			continue;
		for (j = 0; j < o->ninputs; j++) {
			check_input(c, &m->inputs[o->first_input + j], &t, &u);
			if (t.mode == MODE_NONE)
				bss_in_noinit(c, &m->inputs[o->first_input + j],
				    &t);
		}
	}
	report_unchecked(c, &u);
}
