/*
 * static_mem.h: region constants, placement macros, DMA macros, a runtime
 * reachability check and the startup init walker. Clean as C99 -pedantic
 * and as C++, for arm-none-eabi-gcc and host gcc/clang.
 *
 * Zero-init placement uses section names that start with ".bss." so that
 * the compiler itself rejects a non-zero initialiser ("only zero
 * initializers are allowed in section ..."); ".noinit." ones are rejected
 * by the assembler. Initial values can no longer be lost silently.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *
lit_suffix(uint64_t v)
{
	return v > UINT32_MAX ? "ull" : "u";
}

static void
region_constants(struct strbuf *sb, const struct board *b)
{
	const struct region	*r;
	uint64_t		 end;
	char			*m;
	size_t			 i;

	sb_puts(sb, "\n/* Regions: origin, length, end (one past the last "
	    "byte). */\n");
	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		m = gen_macro_name(r->name);
		end = r->origin + r->length;
		sb_printf(sb, "#define MEMFIT_%s_ORIGIN 0x%08" PRIx64 "%s\n", m,
		    r->origin, lit_suffix(r->origin));
		sb_printf(sb, "#define MEMFIT_%s_LENGTH 0x%08" PRIx64 "%s\n", m,
		    r->length, lit_suffix(r->length));
		/* A region ending at 2^64 has an END no integer holds. */
		if (r->length != 0 && end == 0)
			sb_printf(sb, "/* MEMFIT_%s_END would be 2^64: use "
			    "MEMFIT_%s_LAST */\n#define MEMFIT_%s_LAST "
			    "0x%016" PRIx64 "ull\n", m, m, m, end - 1);
		else
			sb_printf(sb, "#define MEMFIT_%s_END 0x%08" PRIx64
			    "%s\n", m, end, lit_suffix(end));
		free(m);
	}
}

static void
master_constants(struct strbuf *sb, const struct board *b)
{
	char	*m;
	size_t	 i;

	sb_puts(sb, "\n/* DMA masters, as bits of a mask. */\n");
	if (b->nmasters == 0) {
		sb_puts(sb, "#define MEMFIT_MASTERS_ALL 0u\n");
		return;
	}
	for (i = 0; i < b->nmasters; i++) {
		m = gen_macro_name(b->masters[i].name);
		sb_printf(sb, "#define MEMFIT_MASTER_%s (1u << %zu)\n", m, i);
		free(m);
	}
	sb_printf(sb, "#define MEMFIT_MASTERS_ALL 0x%" PRIx64 "u\n",
	    (uint64_t)((1ULL << b->nmasters) - 1));
}

/*
 * Whether the header offers data or bss placement in R: where startup
 * copies (zeroes) its section, as sections.ld says. The default ram's go
 * to the main script's .data and .bss.
 */
static bool
offers(const struct gen_plan *p, const struct region *r, enum placement k)
{
	enum region_init	mode;

	if (r == p->ram)
		return k == PLACE_DATA ? r->init == INIT_LOAD :
		    r->init != INIT_NONE;
	return gen_placement(p, r, k, &mode) &&
	    mode == (k == PLACE_DATA ? INIT_LOAD : INIT_ZERO);
}

static void
placement_macros(struct strbuf *sb, const struct gen_plan *p)
{
	const struct region	*r;
	char			*m;
	size_t			 i;

	sb_puts(sb, "\n/* Placement: put one of these before a variable. */\n"
	    "#define MEMFIT_SECTION_(s) __attribute__((section(s)))\n");
	for (i = 0; i < p->b->nregions; i++) {
		r = &p->b->regions[i];
		if (r->kind != REGION_RAM)
			continue;
		m = gen_macro_name(r->name);
		sb_printf(sb, "/* %s: init %s */\n", r->name,
		    region_init_name(r->init));
		if (offers(p, r, PLACE_DATA))
			sb_printf(sb, "#define MEMFIT_%s_DATA MEMFIT_SECTION_("
			    "\".data.memfit.%s\")\n", m, r->name);
		if (offers(p, r, PLACE_BSS))
			sb_printf(sb, "#define MEMFIT_%s_BSS MEMFIT_SECTION_("
			    "\".bss.memfit.%s\")\n", m, r->name);
		sb_printf(sb, "#define MEMFIT_%s_NOINIT MEMFIT_SECTION_("
		    "\".noinit.memfit.%s\")\n", m, r->name);
		free(m);
	}
}

static void
dma_macros(struct strbuf *sb, const struct gen_plan *p)
{
	const struct dma_place	*d;
	size_t			 i;

	if (p->ndma == 0)
		return;
	sb_puts(sb, "\n/*\n * DMA buffers: placed in a region the master(s) "
	    "reach, aligned to the\n * cache line when that region is "
	    "cacheable. Zero-initialised.\n */\n");
	for (i = 0; i < p->ndma; i++) {
		d = &p->dma[i];
		if (d->region == NULL) {
			sb_printf(sb, "/* %s: no ram region is reachable by %s "
			    "*/\n#define %s MEMFIT_ERROR_no_region_reachable_by_"
			    "%s\n", d->macro, strcmp(d->tag, "all") == 0 ?
			    "every master" : d->tag, d->macro, d->tag);
			continue;
		}
		sb_printf(sb, "#define %s __attribute__((section(\"%s\")", d->macro,
		    d->input);
		if (d->align > 0)
			sb_printf(sb, ", aligned(%u)", d->align);
		sb_printf(sb, ")) /* %s */\n", d->region->name);
	}
	if (p->b->cache_line > 0)
		sb_printf(sb, "#define MEMFIT_CACHE_LINE %uu\n"
		    "#define MEMFIT_DMA_SIZE(n) (((n) + MEMFIT_CACHE_LINE - 1u) "
		    "& ~(MEMFIT_CACHE_LINE - 1u))\n", p->b->cache_line);
}

static void
window(struct strbuf *sb, uint64_t origin, uint64_t length, uint32_t mask,
    const char *name)
{
	uint64_t	last = origin + length - 1;

	if (length == 0)
		return;
	sb_printf(sb, "\t\t{ 0x%08" PRIx64 "%s, 0x%08" PRIx64 "%s, 0x%xu }, "
	    "/* %s */\n", origin, lit_suffix(origin), last, lit_suffix(last),
	    mask, name);
}

/* Every address window (regions and aliases) and who reaches it. */
static void
dma_windows(struct strbuf *sb, const struct board *b)
{
	const struct region	*r;
	size_t			 i, j;

	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		window(sb, r->origin, r->length, r->dma, r->name);
		for (j = 0; j < r->naliases; j++)
			window(sb, r->aliases[j].origin, r->length,
			    alias_dma(r, &r->aliases[j]), r->name);
	}
}

static const char runtime_check[] =
    "\n/*\n"
    " * memfit_dma_reachable(masters, ptr, len): whether every byte of\n"
    " * [ptr, ptr + len) lies in memory that all of MASTERS reach, through\n"
    " * region or alias addresses. MASTERS 0 asks only that the range lies\n"
    " * in the board's memory.\n"
    " */\n"
    "struct memfit_window {\n"
    "\tuintptr_t first;\n"
    "\tuintptr_t last;\n"
    "\tuint32_t masters;\n"
    "};\n\n"
    "static inline int\n"
    "memfit_dma_reachable(uint32_t masters, const void *ptr, size_t len)\n"
    "{\n"
    "\tstatic const struct memfit_window windows[] = {\n";

static const char runtime_check_tail[] =
    "\t\t{ 1u, 0u, 0u } /* end */\n"
    "\t};\n"
    "\tconst size_t n = sizeof(windows) / sizeof(windows[0]);\n"
    "\tuintptr_t addr = (uintptr_t)ptr, last;\n"
    "\tsize_t i;\n\n"
    "\tif (len == 0)\n"
    "\t\treturn 1;\n"
    "\tlast = addr + (uintptr_t)(len - 1u);\n"
    "\tif (last < addr)\n"
    "\t\treturn 0;\n"
    "\tfor (;;) {\n"
    "\t\tfor (i = 0; i < n; i++)\n"
    "\t\t\tif (windows[i].first <= addr && addr <= windows[i].last &&\n"
    "\t\t\t    (windows[i].masters & masters) == masters)\n"
    "\t\t\t\tbreak;\n"
    "\t\tif (i == n)\n"
    "\t\t\treturn 0;\n"
    "\t\tif (windows[i].last >= last)\n"
    "\t\t\treturn 1;\n"
    "\t\taddr = windows[i].last + 1u;\n"
    "\t}\n"
    "}\n\n"
    "/*\n"
    " * Route to your own assert by defining MEMFIT_ASSERT before including\n"
    " * this file; else <assert.h> is used when the toolchain has one.\n"
    " */\n"
    "#if !defined(MEMFIT_ASSERT) && defined(__has_include)\n"
    "#if __has_include(<assert.h>)\n"
    "#include <assert.h>\n"
    "#define MEMFIT_ASSERT(expr) assert(expr)\n"
    "#endif\n"
    "#elif !defined(MEMFIT_ASSERT)\n"
    "#include <assert.h>\n"
    "#define MEMFIT_ASSERT(expr) assert(expr)\n"
    "#endif\n"
    "#define MEMFIT_ASSERT_DMA_SAFE(ptr, len) \\\n"
    "\tMEMFIT_ASSERT(memfit_dma_reachable(MEMFIT_MASTERS_ALL, (ptr), (len)))\n"
    "#define MEMFIT_ASSERT_DMA_SAFE_FOR(masters, ptr, len) \\\n"
    "\tMEMFIT_ASSERT(memfit_dma_reachable((masters), (ptr), (len)))\n";

/*
 * The walker copies words when everything is word aligned, else bytes,
 * through volatile pointers so that the compiler cannot turn the loops
 * into memcpy/memset calls a -nostdlib startup would not link.
 */
static const char init_walker[] =
    "\n/* Startup: copy load images and zero regions, per sections.ld. */\n"
    "struct memfit_copy_entry {\n"
    "\tmemfit_word_t load;\n"
    "\tmemfit_word_t start;\n"
    "\tmemfit_word_t end;\n"
    "};\n\n"
    "struct memfit_zero_entry {\n"
    "\tmemfit_word_t start;\n"
    "\tmemfit_word_t end;\n"
    "};\n\n"
    "extern const struct memfit_copy_entry __memfit_copy_table[];\n"
    "extern const struct memfit_copy_entry __memfit_copy_table_end[];\n"
    "extern const struct memfit_zero_entry __memfit_zero_table[];\n"
    "extern const struct memfit_zero_entry __memfit_zero_table_end[];\n\n"
    "static inline void\n"
    "memfit_init_ram(void)\n"
    "{\n"
    "\tconst struct memfit_copy_entry *c;\n"
    "\tconst struct memfit_zero_entry *z;\n\n"
    "\tfor (c = __memfit_copy_table; c < __memfit_copy_table_end; c++) {\n"
    "\t\tuintptr_t s = (uintptr_t)c->load, d = (uintptr_t)c->start;\n"
    "\t\tuintptr_t e = (uintptr_t)c->end;\n\n"
    "\t\tif (((s | d | e) & 3u) == 0)\n"
    "\t\t\tfor (; d < e; d += 4, s += 4)\n"
    "\t\t\t\t*(volatile uint32_t *)d = *(const uint32_t *)s;\n"
    "\t\telse\n"
    "\t\t\tfor (; d < e; d++, s++)\n"
    "\t\t\t\t*(volatile unsigned char *)d =\n"
    "\t\t\t\t    *(const unsigned char *)s;\n"
    "\t}\n"
    "\tfor (z = __memfit_zero_table; z < __memfit_zero_table_end; z++) {\n"
    "\t\tuintptr_t d = (uintptr_t)z->start, e = (uintptr_t)z->end;\n\n"
    "\t\tif (((d | e) & 3u) == 0)\n"
    "\t\t\tfor (; d < e; d += 4)\n"
    "\t\t\t\t*(volatile uint32_t *)d = 0;\n"
    "\t\telse\n"
    "\t\t\tfor (; d < e; d++)\n"
    "\t\t\t\t*(volatile unsigned char *)d = 0;\n"
    "\t}\n"
    "}\n";

/*
 * Addresses are compared as integers, never as pointers into different
 * objects; -incr is taken unsigned so that PTRDIFF_MIN cannot overflow.
 * The alias lets check tell memfit's _sbrk from a foreign one: the two
 * names share one address only here.
 */
static const char heap_sbrk[] =
    "\n/*\n"
    " * The heap: [__memfit_heap_start, __memfit_heap_end), reserved by\n"
    " * sections.ld below the stack. Define MEMFIT_SBRK in one source file\n"
    " * before including this header for an _sbrk that newlib's malloc\n"
    " * grows within it: past its end _sbrk sets errno to ENOMEM and returns\n"
    " * (void *)-1, so malloc returns NULL instead of handing out the stack.\n"
    " * memfit check reports a linked _sbrk that is not this one\n"
    " * (heap-reaches-stack).\n"
    " */\n"
    "extern unsigned char __memfit_heap_start[];\n"
    "extern unsigned char __memfit_heap_end[];\n\n"
    "#ifdef MEMFIT_SBRK\n"
    "#include <errno.h>\n\n"
    "void *__memfit_sbrk(ptrdiff_t incr);\n"
    "void *_sbrk(ptrdiff_t incr) __attribute__((alias(\"__memfit_sbrk\")));\n"
    "\n"
    "void *\n"
    "__memfit_sbrk(ptrdiff_t incr)\n"
    "{\n"
    "\tstatic unsigned char *brk = __memfit_heap_start;\n"
    "\tunsigned char *prev = brk;\n"
    "\tuintptr_t cur = (uintptr_t)brk, n;\n"
    "\tuintptr_t lo = (uintptr_t)__memfit_heap_start;\n"
    "\tuintptr_t hi = (uintptr_t)__memfit_heap_end;\n\n"
    "\tn = incr < 0 ? (uintptr_t)0 - (uintptr_t)incr : (uintptr_t)incr;\n"
    "\tif (incr < 0 ? n > cur - lo : n > hi - cur) {\n"
    "\t\terrno = ENOMEM;\n"
    "\t\treturn (void *)-1;\n"
    "\t}\n"
    "\tbrk = (unsigned char *)(incr < 0 ? cur - n : cur + n);\n"
    "\treturn prev;\n"
    "}\n"
    "#endif /* MEMFIT_SBRK */\n";

void
gen_header(struct strbuf *sb, const struct gen_plan *p)
{
	const struct board	*b = p->b;

	gen_banner(sb, b, "Static memory placement");
	sb_puts(sb, "#ifndef MEMFIT_STATIC_MEM_H\n#define MEMFIT_STATIC_MEM_H\n"
	    "\n#include <stddef.h>\n#include <stdint.h>\n\n#ifdef __cplusplus\n"
	    "extern \"C\" {\n#endif\n\n");
	sb_printf(sb, "#define MEMFIT_BOARD \"%s\"\n", b->id);
	/* The init table's words are as wide as the board's addresses. */
	sb_printf(sb, "typedef uint%u_t memfit_word_t;\n", b->address_bits);
	region_constants(sb, b);
	master_constants(sb, b);
	placement_macros(sb, p);
	dma_macros(sb, p);
	sb_puts(sb, runtime_check);
	dma_windows(sb, b);
	sb_puts(sb, runtime_check_tail);
	sb_puts(sb, init_walker);
	if (b->heap.set && b->heap.size > 0)
		sb_puts(sb, heap_sbrk);
	else
		/* Asking for an _sbrk without a heap is a mistake to name
		 * here, not an undefined symbol at the link. */
		sb_printf(sb, "\n#ifdef MEMFIT_SBRK\n#error \"MEMFIT_SBRK: "
		    "board %s has no heap; give it one (heap: { region: ..., "
		    "size: ... })\"\n#endif\n", b->id);
	sb_puts(sb, "\n#ifdef __cplusplus\n}\n#endif\n\n"
	    "#endif /* MEMFIT_STATIC_MEM_H */\n");
}
