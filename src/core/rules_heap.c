/*
 * heap-reaches-stack: newlib's malloc grows the heap through _sbrk, and
 * the common _sbrk (libnosys's) starts at `end` and never stops. Placed
 * below memfit's stack reservation, that heap runs into the stack.
 *
 * What the ELF symbols can show soundly, and all this rule claims:
 * static_mem.h's _sbrk is an alias of __memfit_sbrk and stops at
 * __memfit_heap_end, so it is only wrong when that end is above the
 * stack's bottom in the same region. Any other _sbrk is code memfit
 * cannot read: when `end` (or `_end`) lies at or below the stack's bottom
 * in the same region, nothing memfit can see bounds it, and that is
 * reported (waive it for an _sbrk known to stop in time). Needs the ELF
 * and a stack reservation linked from memfit's scripts.
 */
#include <inttypes.h>
#include <string.h>

#include "rules.h"

/* The defined global symbol NAME, or NULL. */
static const struct img_symbol *
global_sym(const struct image *img, const char *name)
{
	size_t	i;

	for (i = 0; i < img->nsymbols; i++)
		if (!img->symbols[i].local && img->symbols[i].shndx != 0 &&
		    strcmp(img->symbols[i].name, name) == 0)
			return &img->symbols[i];
	return NULL;
}

/* Whether A and B lie in the same region (B may be its end). */
static bool
same_region(const struct rules_ctx *c, uint64_t a, uint64_t b)
{
	uint64_t	wo;
	int		ia, ib;

	ia = rtable_find(c->t, a, true, &wo, NULL);
	ib = rtable_find(c->t, b, true, &wo, NULL);
	return ia >= 0 && ia == ib;
}

/* F at the board's heap reservation, else its stack's: what sizes them. */
static void
heap_described(struct rules_ctx *c, struct finding *f)
{
	const struct reservation	*res = c->b->heap.set ? &c->b->heap :
					    &c->b->stack;

	finding_described(f, res->pos.file, res->pos.line);
}

static void
memfit_sbrk(struct rules_ctx *c, uint64_t bottom)
{
	const struct img_symbol	*hend;
	struct finding		*f;

	hend = global_sym(c->a->image, "__memfit_heap_end");
	if (hend == NULL || hend->value <= bottom ||
	    !same_region(c, bottom, hend->value))
		return;
	f = report_add_finding(c->r, RULE_HEAP_REACHES_STACK, SEV_ERROR,
	    "memfit's _sbrk grows the heap up to 0x%" PRIx64 ", past the "
	    "bottom of the stack reservation at 0x%" PRIx64, hend->value,
	    bottom);
	finding_place(c, f, "_sbrk", bottom, hend->value - bottom, NULL, NULL);
	heap_described(c, f);
}

static void
foreign_sbrk(struct rules_ctx *c, const struct img_symbol *sbrk,
    uint64_t bottom)
{
	const struct img_symbol	*start;
	struct finding		*f;

	if ((start = global_sym(c->a->image, "end")) == NULL &&
	    (start = global_sym(c->a->image, "_end")) == NULL)
		return;
	if (start->value > bottom || !same_region(c, start->value, bottom))
		return;
	f = report_add_finding(c->r, RULE_HEAP_REACHES_STACK, SEV_ERROR,
	    "_sbrk at 0x%" PRIx64 " is not memfit's: it grows the heap from "
	    "%s (0x%" PRIx64 ") with no bound memfit can see, into the stack "
	    "reservation at 0x%" PRIx64 " (define MEMFIT_SBRK for static_mem.h's"
	    " bounded _sbrk)", sbrk->value, start->name, start->value, bottom);
	finding_place(c, f, "_sbrk", start->value, bottom - start->value, NULL,
	    NULL);
	heap_described(c, f);
}

void
rules_heap(struct rules_ctx *c)
{
	const struct image	*img = c->a->image;
	const struct img_symbol	*sbrk, *mine, *bottom;

	if (img == NULL || (sbrk = global_sym(img, "_sbrk")) == NULL ||
	    (bottom = global_sym(img, "__memfit_stack_bottom")) == NULL)
		return;
	mine = global_sym(img, "__memfit_sbrk");
	if (mine != NULL && mine->value == sbrk->value)
		memfit_sbrk(c, bottom->value);
	else
		foreign_sbrk(c, sbrk, bottom->value);
}
