/*
 * memory.x for Rust's cortex-m-rt: its link.x requires regions named FLASH
 * and RAM, so the board's default flash and ram take those names; every
 * other region keeps its own. The stack starts at the top of the board's
 * stack region (cortex-m-rt's stack is full descending).
 */
#include <inttypes.h>
#include <string.h>

#include "gen.h"

static const char *
rust_name(const struct gen_plan *p, const struct region *r)
{
	if (r == p->flash)
		return "FLASH";
	if (r == p->ram)
		return "RAM";
	return r->name;
}

static int
check_names(const struct gen_plan *p, struct diags *d)
{
	const struct region	*r;
	size_t			 i;

	if (p->flash == NULL || p->ram == NULL) {
		diag_error(d, &(struct srcpos){ .file = p->b->path },
		    "memory.x needs a flash and a ram region");
		return -1;
	}
	for (i = 0; i < p->b->nregions; i++) {
		r = &p->b->regions[i];
		if (r == p->flash || r == p->ram)
			continue;
		if (strcmp(r->name, "FLASH") == 0 || strcmp(r->name, "RAM") == 0) {
			diag_error(d, &r->name_pos, "region %s would clash in "
			    "memory.x with the default %s region, which "
			    "cortex-m-rt calls %s", r->name,
			    strcmp(r->name, "RAM") == 0 ? "ram" : "flash",
			    r->name);
			return -1;
		}
	}
	return 0;
}

int
gen_memory_x(struct strbuf *sb, const struct gen_plan *p, struct diags *d)
{
	const struct region	*r, *stack;
	size_t			 i;

	if (check_names(p, d) < 0)
		return -1;
	gen_banner(sb, p->b, "Rust cortex-m-rt memory layout");
	sb_puts(sb, "MEMORY\n{\n");
	for (i = 0; i < p->b->nregions; i++) {
		r = &p->b->regions[i];
		sb_printf(sb, "\t%s : ORIGIN = 0x%08" PRIx64 ", LENGTH = 0x%08"
		    PRIx64 "%s%s%s\n", rust_name(p, r), r->origin, r->length,
		    strcmp(rust_name(p, r), r->name) != 0 ? " /* board: " : "",
		    strcmp(rust_name(p, r), r->name) != 0 ? r->name : "",
		    strcmp(rust_name(p, r), r->name) != 0 ? " */" : "");
	}
	sb_puts(sb, "}\n");
	stack = p->b->stack.set ? board_region(p->b, p->b->stack.region) :
	    p->ram;
	if (stack == NULL)
		stack = p->ram;
	sb_printf(sb, "\n/* Stack: top of %s", stack->name);
	if (p->b->stack.set)
		sb_printf(sb, ", %" PRIu64 " bytes reserved by the board",
		    p->stack_size);
	sb_puts(sb, " */\n");
	gen_stack_comment(sb, p, "");
	sb_printf(sb, "_stack_start = ORIGIN(%s) + LENGTH(%s);\n",
	    rust_name(p, stack), rust_name(p, stack));
	return 0;
}
