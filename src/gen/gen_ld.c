/*
 * GNU ld scripts: memory.ld (MEMORY, role aliases, region symbols,
 * reservation ASSERTs), sections.ld (memfit's output sections,
 * reservations, the startup init table, budget ASSERTs) and link.ld (a
 * complete Cortex-M script).
 *
 * Link order: -T memory.ld -T sections.ld -T <main script>. sections.ld
 * ends in INSERT AFTER .bss, and ld matches input sections against -T
 * scripts in the order they were read, so memfit's rules win over a vendor
 * script's generic *(.bss*) and *(.data*) (verified with GNU ld 2.40).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "quantity.h"

static const char *
ld_attrs(const struct region *r)
{
	if (r->kind == REGION_FLASH)
		return r->executable ? "rx" : "r";
	return r->executable ? "rwx" : "rw";
}

static void
size_comment(struct strbuf *sb, uint64_t v)
{
	char	unit[32];

	if (size_in_units(unit, sizeof(unit), v))
		sb_printf(sb, " /* %s */", unit);
}

static void
memory_block(struct strbuf *sb, const struct board *b)
{
	const struct region	*r;
	size_t			 i, w = 0;

	for (i = 0; i < b->nregions; i++)
		if (strlen(b->regions[i].name) > w)
			w = strlen(b->regions[i].name);
	sb_puts(sb, "MEMORY\n{\n");
	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		sb_printf(sb, "\t%-*s (%s)%*s : ORIGIN = 0x%08" PRIx64
		    ", LENGTH = 0x%08" PRIx64, (int)w, r->name, ld_attrs(r),
		    (int)(3 - strlen(ld_attrs(r))), "", r->origin, r->length);
		size_comment(sb, r->length);
		sb_putc(sb, '\n');
	}
	sb_puts(sb, "}\n\n");
}

static void
role_aliases(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;
	const char		*stack = b->stack.set ? b->stack.region : NULL;
	const char		*heap = b->heap.set ? b->heap.region : NULL;
	const char		*ram = p->ram != NULL ? p->ram->name : NULL;
	const char		*flash = p->flash != NULL ? p->flash->name :
				    NULL;

	sb_puts(sb, "/* Roles: scripts place sections in these, not in "
	    "region names. */\n");
	if (flash != NULL) {
		sb_printf(sb, "REGION_ALIAS(\"REGION_TEXT\", %s);\n", flash);
		sb_printf(sb, "REGION_ALIAS(\"REGION_RODATA\", %s);\n", flash);
	}
	if (ram != NULL) {
		sb_printf(sb, "REGION_ALIAS(\"REGION_DATA\", %s);\n", ram);
		sb_printf(sb, "REGION_ALIAS(\"REGION_BSS\", %s);\n", ram);
	}
	if (stack != NULL || ram != NULL)
		sb_printf(sb, "REGION_ALIAS(\"REGION_STACK\", %s);\n",
		    stack != NULL ? stack : ram);
	if (heap != NULL || ram != NULL)
		sb_printf(sb, "REGION_ALIAS(\"REGION_HEAP\", %s);\n",
		    heap != NULL ? heap : ram);
	sb_putc(sb, '\n');
}

static void
region_symbols(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;
	const char	*n;
	size_t		 i;

	for (i = 0; i < b->nregions; i++) {
		n = b->regions[i].name;
		sb_printf(sb, "__memfit_%s_start = ORIGIN(%s);\n", n, n);
		sb_printf(sb, "__memfit_%s_end = ORIGIN(%s) + LENGTH(%s);\n",
		    n, n, n);
		sb_printf(sb, "__memfit_%s_size = LENGTH(%s);\n", n, n);
	}
	gen_stack_comment(sb, p, "");
	sb_printf(sb, "__memfit_stack_size = 0x%" PRIx64 ";\n",
	    b->stack.set ? p->stack_size : 0);
	sb_printf(sb, "__memfit_heap_size = 0x%" PRIx64 ";\n\n",
	    b->heap.set ? b->heap.size : 0);
}

/*
 * A budget is checked by ld itself: sections.ld ends each budgeted region
 * with a marker whose address is the region's top at that point, then
 * asserts on it. (Not in memory.ld: ld's DEFINED() only sees symbols
 * defined before the statement, and memory.ld is read first.) The marker
 * is compared with an absolute limit, never subtracted from ORIGIN: ld.lld
 * (14) evaluates ASSERTs in every layout pass, before the marker has an
 * address, and there 0 - ORIGIN wraps to a huge usage and fails the link;
 * 0 <= limit passes, and the final pass decides as in GNU ld.
 */
static void
budget_asserts(struct strbuf *sb, const struct board *b)
{
	const struct region	*r;
	uint64_t		 limit;
	size_t			 i;

	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		if (!r->budget.error.set)
			continue;
		limit = threshold_bytes(&r->budget.error, r->length);
		sb_printf(sb, "ASSERT(__memfit_%s_top <= ORIGIN(%s) + 0x%" PRIx64
		    ",\n    \"memfit: region %s is over its error budget of %"
		    PRIu64 " bytes\");\n", r->name, r->name, limit, r->name,
		    limit);
	}
}

/* Reservations must fit their regions even before any code is linked. */
static void
reservation_asserts(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board		*b = p->b;
	const struct reservation	*rs[2] = { &b->stack, &b->heap };
	const char			*what[2] = { "stack", "heap" };
	uint64_t			 size[2] = { p->stack_size,
					    b->heap.size };
	size_t				 i;

	for (i = 0; i < 2; i++) {
		if (!rs[i]->set)
			continue;
		sb_printf(sb, "ASSERT(__memfit_%s_size <= LENGTH(%s),\n    \"memfit:"
		    " the %s (%" PRIu64 " bytes) does not fit in region %s\");\n",
		    what[i], rs[i]->region, what[i], size[i], rs[i]->region);
	}
}

void
gen_memory_ld(struct strbuf *sb, const struct gen_plan *p)
{
	gen_banner(sb, p->b, "GNU ld memory layout");
	sb_puts(sb, "\n");
	memory_block(sb, p->b);
	role_aliases(sb, p);
	region_symbols(sb, p);
	reservation_asserts(sb, p);
}

static void
out_section(struct strbuf *sb, const char *name, bool noload,
    uint32_t align, const char *body, const char *region, const char *lma)
{
	sb_printf(sb, "\t%s%s : ALIGN(%u)\n\t{\n%s\t\t. = ALIGN(%u);\n\t} > %s",
	    name, noload ? " (NOLOAD)" : "", align, body, align, region);
	if (lma != NULL)
		sb_printf(sb, " AT> %s", lma);
	sb_puts(sb, "\n");
}

/*
 * Output sections for one ram region: the placements its init mode asks
 * for, or a sections entry. The header's MEMFIT_<R>_DATA/_BSS/_NOINIT
 * macros use the same input section names. Only data is loaded: the
 * others are NOLOAD, zeroed or not per the init table.
 */
static void
region_sections(struct strbuf *sb, const struct gen_plan *p,
    const struct region *r)
{
	enum region_init	 mode;
	const char		*n = r->name, *kind;
	char			*body, *name;
	size_t			 k;

	sb_printf(sb, "\n\t/* %s: init %s */\n", n, region_init_name(r->init));
	for (k = 0; k < PLACE_COUNT; k++) {
		if (!gen_placement(p, r, (enum placement)k, &mode))
			continue;
		kind = gen_placement_kind((enum placement)k);
		name = xasprintf(".memfit_%s_%s", n, kind);
		body = xasprintf("\t\t__memfit_%s_%s_start = .;\n\t\t"
		    "*(.%s.memfit.%s .%s.memfit.%s.*)\n", n, kind, kind, n,
		    kind, n);
		out_section(sb, name, k != PLACE_DATA, 4, body, n,
		    k != PLACE_DATA ? NULL : p->flash->name);
		/* The init table copies [start, end) from the load address. */
		if (k == PLACE_DATA)
			sb_printf(sb, "\t__memfit_%s_data_end = ADDR(%s) + "
			    "SIZEOF(%s);\n\t__memfit_%s_data_load = LOADADDR(%s);"
			    "\n", n, name, name, n, name);
		free(name);
		free(body);
	}
}

/* Sections named by a dma_buffers entry's globs, in a region it reaches. */
static void
rule_section(struct strbuf *sb, const struct gen_plan *p, size_t i)
{
	const struct dma_rule	*rule = &p->b->dma_rules[i];
	const struct region	*r = p->rule_region[i];
	struct strbuf		 body;
	char			*name;
	size_t			 j;

	if (r == NULL || rule->nsections == 0)
		return;
	/* No line number: a comment added to the board must not change it. */
	sb_printf(sb, "\n\t/* dma_buffers entry %zu */\n", i + 1);
	sb_init(&body);
	sb_puts(&body, "\t\t*(");
	for (j = 0; j < rule->nsections; j++)
		sb_printf(&body, "%s%s", j ? " " : "", rule->sections[j]);
	sb_puts(&body, ")\n");
	name = xasprintf(".memfit_dma_rule%zu", i + 1);
	out_section(sb, name, true, r->cacheable ? p->b->cache_line : 4,
	    body.buf, r->name, NULL);
	free(name);
	sb_free(&body);
}

static void
dma_sections(struct strbuf *sb, const struct gen_plan *p)
{
	const struct dma_place	*d;
	char			*body;
	size_t			 i;

	for (i = 0; i < p->ndma; i++) {
		d = &p->dma[i];
		if (d->region == NULL)
			continue;
		sb_printf(sb, "\n\t/* DMA buffers for %s */\n", d->tag);
		body = xasprintf("\t\t*(%s %s.*)\n", d->input, d->input);
		out_section(sb, d->output, true, d->align > 4 ? d->align : 4,
		    body, d->region->name, NULL);
		free(body);
	}
	for (i = 0; i < p->b->ndma_rules; i++)
		rule_section(sb, p, i);
}

static void
reservation(struct strbuf *sb, const struct gen_plan *p,
    const struct reservation *rs, const char *what, const char *lo,
    const char *hi)
{
	uint64_t	 size = rs == &p->b->stack ? p->stack_size : rs->size;
	char		*body;

	if (!rs->set)
		return;
	sb_printf(sb, "\n\t/* %s: %" PRIu64 " bytes */\n", what, size);
	if (rs == &p->b->stack)
		gen_stack_comment(sb, p, "\t");
	body = xasprintf("\t\t__memfit_%s_%s = .;\n\t\t. = . + 0x%" PRIx64
	    ";\n\t\t__memfit_%s_%s = .;\n", what, lo, size, what, hi);
	out_section(sb, strcmp(what, "heap") == 0 ? ".memfit_heap" :
	    ".memfit_stack", true, 8, body, rs->region, NULL);
	free(body);
}

static void
zero_entry(struct strbuf *sb, const char *word, const char *sec)
{
	sb_printf(sb, "\t\t%s(ADDR(%s)) %s(ADDR(%s) + SIZEOF(%s))\n", word, sec,
	    word, sec, sec);
}

static void
copy_entries(struct strbuf *sb, const struct gen_plan *p)
{
	const struct region	*r;
	const char		*w = p->word;
	enum region_init	 mode;
	size_t			 i;

	if (p->ram != NULL && p->flash != NULL)
		sb_printf(sb, "\t\t%s(LOADADDR(.data)) %s(ADDR(.data)) "
		    "%s(ADDR(.data) + SIZEOF(.data))\n", w, w, w);
	for (i = 0; i < p->b->nregions; i++) {
		r = &p->b->regions[i];
		if (r->kind == REGION_RAM &&
		    gen_placement(p, r, PLACE_DATA, &mode))
			sb_printf(sb, "\t\t%s(__memfit_%s_data_load) "
			    "%s(__memfit_%s_data_start) "
			    "%s(__memfit_%s_data_end)\n", w, r->name, w,
			    r->name, w, r->name);
	}
}

/* Zeroed when startup zeroes REGION's sections and no entry says else. */
static bool
zeroed(const struct region *region, const char *sec)
{
	return gen_section_init(region, sec, region->init == INIT_NONE ?
	    INIT_NONE : INIT_ZERO) == INIT_ZERO;
}

/* Each ram region's bss, and a noinit an entry asks to zero. */
static void
zero_placements(struct strbuf *sb, const struct gen_plan *p)
{
	const struct region	*r;
	enum region_init	 mode;
	char			*sec;
	size_t			 i, k;

	for (i = 0; i < p->b->nregions; i++) {
		r = &p->b->regions[i];
		for (k = PLACE_BSS; k < PLACE_COUNT && r->kind == REGION_RAM;
		    k++) {
			if (!gen_placement(p, r, (enum placement)k, &mode) ||
			    mode != INIT_ZERO)
				continue;
			sec = xasprintf(".memfit_%s_%s", r->name,
			    gen_placement_kind((enum placement)k));
			zero_entry(sb, p->word, sec);
			free(sec);
		}
	}
}

static void
zero_entries(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;
	const struct region	*r;
	char			*sec;
	size_t			 i;

	if (p->ram != NULL)
		zero_entry(sb, p->word, ".bss");
	zero_placements(sb, p);
	for (i = 0; i < p->ndma; i++)
		if (p->dma[i].region != NULL &&
		    zeroed(p->dma[i].region, p->dma[i].output))
			zero_entry(sb, p->word, p->dma[i].output);
	for (i = 0; i < b->ndma_rules; i++) {
		if ((r = p->rule_region[i]) == NULL ||
		    b->dma_rules[i].nsections == 0)
			continue;
		sec = xasprintf(".memfit_dma_rule%zu", i + 1);
		if (zeroed(r, sec))
			zero_entry(sb, p->word, sec);
		free(sec);
	}
	if (b->heap.set && (r = board_region(b, b->heap.region)) != NULL &&
	    gen_section_init(r, ".memfit_heap", INIT_NONE) == INIT_ZERO)
		zero_entry(sb, p->word, ".memfit_heap");
}

/*
 * The startup init table: {load, start, end} words to copy, then
 * {start, end} words to zero, for every region. memfit_init_ram() in
 * static_mem.h walks it, so adding a region never touches startup code.
 */
static void
init_table(struct strbuf *sb, const struct gen_plan *p)
{
	if (p->flash == NULL)
		return;
	sb_printf(sb, "\n\t/* Startup init table, walked by memfit_init_ram()"
	    " */\n\t.memfit_init_table : ALIGN(%u)\n\t{\n"
	    "\t\t__memfit_copy_table = .;\n", p->b->address_bits / 8);
	copy_entries(sb, p);
	sb_puts(sb, "\t\t__memfit_copy_table_end = .;\n"
	    "\t\t__memfit_zero_table = .;\n");
	zero_entries(sb, p);
	sb_puts(sb, "\t\t__memfit_zero_table_end = .;\n");
	if (p->flash->budget.error.set)
		sb_printf(sb, "\t\t__memfit_%s_top = .;\n", p->flash->name);
	sb_printf(sb, "\t} > %s\n", p->flash->name);
}

/*
 * Marker sections for budgeted regions. They come before the init table:
 * GNU ld 2.40 aborts with an internal error in bfd_map_over_sections when
 * an empty output section follows one with LONG() statements in an
 * INSERTed script. The default flash's marker is a symbol at the end of
 * the table itself, so the table counts against the flash budget.
 */
static void
budget_markers(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;
	size_t			 i;

	sb_puts(sb, "\n\t/* Budget markers: each region's top after all of "
	    "the above */\n");
	for (i = 0; i < b->nregions; i++) {
		if (!b->regions[i].budget.error.set ||
		    (&b->regions[i] == p->flash && p->flash != NULL))
			continue;
		sb_printf(sb, "\t.memfit_top_%s (NOLOAD) : { __memfit_%s_top = ."
		    "; } > %s\n", b->regions[i].name, b->regions[i].name,
		    b->regions[i].name);
	}
}

/*
 * newlib's malloc grows the heap through _sbrk from `end`. With a heap,
 * `end` is its start (static_mem.h's _sbrk stops at its end). Without
 * one there is no `end`: libnosys's _sbrk would start at the stack's
 * bottom and hand the stack out, so an _sbrk in the link fails it, naming
 * the board (DEFINED sees every symbol the objects define, GNU ld 2.40).
 */
static void
heap_symbols(struct strbuf *sb, const struct board *b)
{
	if (!b->heap.set)
		return;
	if (b->heap.size > 0) {
		sb_puts(sb, "PROVIDE(end = __memfit_heap_start);\n"
		    "PROVIDE(_end = __memfit_heap_start);\n");
		return;
	}
	sb_printf(sb, "ASSERT(!DEFINED(_sbrk),\n    \"memfit: _sbrk (malloc) is "
	    "linked but board %s has no heap (heap: size 0 in the board "
	    "file)\");\n", b->id);
}

void
gen_sections_ld(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;
	size_t			 i;

	gen_banner(sb, b, "GNU ld output sections");
	sb_puts(sb, "/*\n * Link with: -T memory.ld -T sections.ld -T <main "
	    "script>, in that order: ld\n * matches input sections against "
	    "scripts in the order it reads them, so\n * these rules win over "
	    "generic ones like *(.bss*). The main script must\n * have .data "
	    "and .bss output sections.\n */\nSECTIONS\n{");
	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].kind == REGION_RAM)
			region_sections(sb, p, &b->regions[i]);
	dma_sections(sb, p);
	reservation(sb, p, &b->heap, "heap", "start", "end");
	reservation(sb, p, &b->stack, "stack", "bottom", "top");
	budget_markers(sb, p);
	init_table(sb, p);
	sb_puts(sb, "}\nINSERT AFTER .bss;\n\n");
	heap_symbols(sb, b);
	if (b->stack.set && p->stack_size > 0)
		sb_puts(sb, "PROVIDE(_estack = __memfit_stack_top);\n");
	budget_asserts(sb, b);
}

/* The default Cortex-M script: vectors, code, data, bss; the rest
 * (regions, memfit's sections, stack, heap, init table) comes from
 * memory.ld and sections.ld. */
static const char link_ld_text[] =
	    "/*\n * For projects without a script of their own. Link with:\n"
	    " *   -T memory.ld -T sections.ld -T link.ld\n"
	    " * Startup: set SP to _estack, call memfit_init_ram(), then main."
	    "\n */\nENTRY(Reset_Handler)\n\nSECTIONS\n{\n"
	    "\t.isr_vector : ALIGN(4)\n\t{\n\t\tKEEP(*(.isr_vector))\n"
	    "\t\tKEEP(*(.vectors))\n\t} > REGION_TEXT\n\n"
	    "\t.text : ALIGN(4)\n\t{\n\t\t*(.text .text.* .gnu.linkonce.t.*)\n"
	    "\t\t*(.glue_7) *(.glue_7t) *(.vfp11_veneer) *(.v4_bx)\n"
	    "\t\tKEEP(*(.init)) KEEP(*(.fini))\n\t\t. = ALIGN(4);\n"
	    "\t\t_etext = .;\n\t} > REGION_TEXT\n\n"
	    "\t.rodata : ALIGN(4)\n\t{\n"
	    "\t\t*(.rodata .rodata.* .srodata .srodata.* .gnu.linkonce.r.*)\n"
	    "\t\t. = ALIGN(4);\n\t} > REGION_RODATA\n\n"
	    "\t.ARM.extab : { *(.ARM.extab* .gnu.linkonce.armextab.*) } > "
	    "REGION_RODATA\n"
	    "\t.ARM.exidx :\n\t{\n\t\t__exidx_start = .;\n"
	    "\t\t*(.ARM.exidx* .gnu.linkonce.armexidx.*)\n"
	    "\t\t__exidx_end = .;\n\t} > REGION_RODATA\n\n"
	    "\t.preinit_array :\n\t{\n"
	    "\t\tPROVIDE_HIDDEN(__preinit_array_start = .);\n"
	    "\t\tKEEP(*(.preinit_array*))\n"
	    "\t\tPROVIDE_HIDDEN(__preinit_array_end = .);\n"
	    "\t} > REGION_RODATA\n"
	    "\t.init_array :\n\t{\n"
	    "\t\tPROVIDE_HIDDEN(__init_array_start = .);\n"
	    "\t\tKEEP(*(SORT(.init_array.*)))\n\t\tKEEP(*(.init_array*))\n"
	    "\t\tPROVIDE_HIDDEN(__init_array_end = .);\n"
	    "\t} > REGION_RODATA\n"
	    "\t.fini_array :\n\t{\n"
	    "\t\tPROVIDE_HIDDEN(__fini_array_start = .);\n"
	    "\t\tKEEP(*(SORT(.fini_array.*)))\n\t\tKEEP(*(.fini_array*))\n"
	    "\t\tPROVIDE_HIDDEN(__fini_array_end = .);\n"
	    "\t} > REGION_RODATA\n\n"
	    "\t.data : ALIGN(4)\n\t{\n\t\t_sdata = .;\n"
	    "\t\t*(.data .data.* .sdata .sdata.* .gnu.linkonce.d.*)\n"
	    "\t\t. = ALIGN(4);\n\t\t_edata = .;\n"
	    "\t} > REGION_DATA AT> REGION_TEXT\n"
	    "\t_sidata = LOADADDR(.data);\n\n"
	    "\t.bss : ALIGN(4)\n\t{\n\t\t_sbss = .;\n\t\t__bss_start__ = .;\n"
	    "\t\t*(.bss .bss.* .sbss .sbss.* .gnu.linkonce.b.*)\n"
	    "\t\t*(COMMON)\n\t\t. = ALIGN(4);\n\t\t_ebss = .;\n"
	    "\t\t__bss_end__ = .;\n\t} > REGION_BSS\n\n"
	    "\t.ARM.attributes 0 : { KEEP(*(.ARM.attributes)) }\n}\n";

void
gen_link_ld(struct strbuf *sb, const struct gen_plan *p)
{
	gen_banner(sb, p->b, "Default GNU ld script for Cortex-M");
	sb_puts(sb, link_ld_text);
}
