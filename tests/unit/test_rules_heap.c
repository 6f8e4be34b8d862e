/*
 * heap-reaches-stack on images built in code: a foreign _sbrk growing from
 * an `end` below the stack is reported, memfit's own (an alias of
 * __memfit_sbrk) only when its heap ends above the stack's bottom, and
 * nothing is claimed without `end` or across regions.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "board_load.h"
#include "rules.h"
#include "rtable.h"
#include "util.h"

static const char board_yaml[] =
    "memfit: 1\nboard: t\nregions:\n"
    "  - { name: FLASH, kind: flash, origin: 0x08000000, length: 64K }\n"
    "  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K, "
    "default: true }\n"
    "  - { name: CCM, kind: ram, origin: 0x10000000, length: 16K }\n"
    "stack: { region: RAM, size: 1K }\n"
    "heap: { region: RAM, size: 1K }\n";

#define SBRK	0x08000400u
#define BOTTOM	0x20000500u	/* __memfit_stack_bottom */

struct fw {
	struct img_symbol	syms[8];
	size_t			n;
};

static void
sym(struct fw *fw, const char *name, uint64_t value)
{
	struct img_symbol	*s = &fw->syms[fw->n++];

	memset(s, 0, sizeof(*s));
	s->name = name;
	s->value = value;
	s->shndx = 1;
	s->type = value < 0x10000000u ? SYM_FUNC : SYM_NOTYPE;
}

/* The heap-reaches-stack findings for FW, the first in *out. */
static size_t
findings(struct fw *fw, char **msg, char **symbol)
{
	struct board	*b = NULL;
	struct image	 img;
	struct layout	 lay;
	struct analysis	 a;
	struct rtable	 regions;
	struct report	 r;
	struct diags	 d;
	size_t		 i, n = 0;

	diags_init(&d);
	cr_assert_eq(board_load_buffer(&b, "t.yaml", board_yaml,
	    strlen(board_yaml), &d), 0);
	memset(&img, 0, sizeof(img));
	img.symbols = fw->syms;
	img.nsymbols = fw->n;
	img.has_symtab = true;
	memset(&lay, 0, sizeof(lay));
	memset(&a, 0, sizeof(a));
	a.board = b;
	a.image = &img;
	a.layout = &lay;
	analysis_regions(&regions, &a);
	a.regions = &regions;
	report_init(&r, "check");
	analyze_rules(&r, &a, &d);
	for (i = 0; i < r.nfindings; i++) {
		if (strcmp(r.findings[i].rule, "heap-reaches-stack") != 0)
			continue;
		cr_assert_eq(r.findings[i].severity, SEV_ERROR);
		if (n++ == 0 && msg != NULL) {
			*msg = xstrdup(r.findings[i].message);
			*symbol = xstrdup(r.findings[i].symbol);
		}
	}
	report_free(&r);
	rtable_free(&regions);
	board_free(b);
	diags_free(&d);
	return n;
}

Test(rules_heap, foreign_sbrk_from_end_below_the_stack)
{
	struct fw	 fw = { .n = 0 };
	char		*msg = NULL, *symbol = NULL;

	sym(&fw, "_sbrk", SBRK);
	sym(&fw, "end", 0x20000100u);
	sym(&fw, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&fw, &msg, &symbol), 1);
	cr_assert_str_eq(symbol, "_sbrk");
	cr_assert(strstr(msg, "is not memfit's") != NULL, "%s", msg);
	cr_assert(strstr(msg, "from end (0x20000100)") != NULL, "%s", msg);
	free(msg);
	free(symbol);
}

Test(rules_heap, underscore_end_counts_too)
{
	struct fw	fw = { .n = 0 };

	sym(&fw, "_sbrk", SBRK);
	sym(&fw, "_end", BOTTOM);
	sym(&fw, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&fw, NULL, NULL), 1);
}

Test(rules_heap, memfit_sbrk_within_its_heap_is_clean)
{
	struct fw	fw = { .n = 0 };

	sym(&fw, "_sbrk", SBRK);
	sym(&fw, "__memfit_sbrk", SBRK);
	sym(&fw, "end", 0x20000100u);
	sym(&fw, "__memfit_heap_end", BOTTOM);
	sym(&fw, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&fw, NULL, NULL), 0);
}

Test(rules_heap, memfit_sbrk_with_a_heap_past_the_stack_bottom)
{
	struct fw	fw = { .n = 0 };

	sym(&fw, "_sbrk", SBRK);
	sym(&fw, "__memfit_sbrk", SBRK);
	sym(&fw, "__memfit_heap_end", BOTTOM + 8);
	sym(&fw, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&fw, NULL, NULL), 1);
}

Test(rules_heap, nothing_claimed_without_proof)
{
	struct fw	above = { .n = 0 }, other = { .n = 0 };
	struct fw	no_end = { .n = 0 }, no_sbrk = { .n = 0 };

	/* A heap above the stack grows away from it. */
	sym(&above, "_sbrk", SBRK);
	sym(&above, "end", BOTTOM + 0x400);
	sym(&above, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&above, NULL, NULL), 0);
	/* In another region. */
	sym(&other, "_sbrk", SBRK);
	sym(&other, "end", 0x10000000u);
	sym(&other, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&other, NULL, NULL), 0);
	/* Where this _sbrk starts is unknown. */
	sym(&no_end, "_sbrk", SBRK);
	sym(&no_end, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&no_end, NULL, NULL), 0);
	/* No _sbrk, no heap growth. */
	sym(&no_sbrk, "end", 0x20000100u);
	sym(&no_sbrk, "__memfit_stack_bottom", BOTTOM);
	cr_assert_eq(findings(&no_sbrk, NULL, NULL), 0);
}
