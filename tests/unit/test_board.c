/*
 * Board loader and validator: values, defaults and the positions that
 * diagnostics carry. The CLI golden test validate-invalid covers the full
 * message text of every invalid fixture; these tests check the model.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <string.h>

#include "board.h"
#include "board_load.h"
#include "util.h"

static struct diags	d;

static void
setup(void)
{
	diags_init(&d);
}

static void
teardown(void)
{
	diags_free(&d);
}

TestSuite(board, .init = setup, .fini = teardown);

static struct board *
load_text(const char *text)
{
	struct board	*b = NULL;

	board_load_buffer(&b, "t.yaml", text, strlen(text), &d);
	return b;
}

#define HEAD "memfit: 1\nboard: t\n"

Test(board, reads_every_field)
{
	struct board		*b;
	const struct region	*ccm;
	char			 path[] = FIXTURES_DIR "/boards/valid/full.yaml";

	cr_assert_eq(board_load(&b, path, &d), 0);
	cr_assert_str_eq(b->id, "bitcraze-crazyflie-2.1");
	cr_assert_str_eq(b->mcu, "STM32F405RG");
	cr_assert_eq(b->nmasters, 2);
	cr_assert_eq(b->cache_line, 32);
	cr_assert_eq(b->nregions, 3);
	cr_assert_eq(b->regions[0].origin, 0x08004000);
	cr_assert_eq(b->regions[0].length, 1008 * 1024);
	cr_assert_eq(b->regions[1].dma, 3);
	cr_assert(b->regions[1].is_default);
	cr_assert(b->regions[1].budget.error.is_percent);
	cr_assert_eq(b->regions[1].budget.error.hundredths, 9000);
	ccm = board_region(b, "CCMRAM");
	cr_assert_not_null(ccm);
	cr_assert_eq(ccm->init, INIT_ZERO);
	cr_assert_eq(ccm->dma, 0);
	cr_assert_eq(ccm->naliases, 1);
	cr_assert_eq(ccm->aliases[0].origin, 0x20018000);
	cr_assert_eq(ccm->aliases[0].dma, 3);
	cr_assert_eq(b->stack.size, 4096);
	cr_assert_str_eq(b->dma_rules[0].symbols[1], "spiRxBuffer");
	cr_assert_eq(b->dma_rules[0].masters, 1);
	cr_assert_str_eq(b->waivers[0].symbol, "legacyBuf");
	board_free(b);
}

Test(board, defaults)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - { name: F, kind: flash, origin: 0, length: 1M }\n"
	    "  - { name: R, kind: ram, origin: 0x20000000, length: 0x8000 }\n"
	    "  - { name: S, kind: ram, origin: 0x30000000, length: 0 }\n");

	cr_assert_not_null(b);
	cr_assert_eq(b->regions[1].init, INIT_LOAD);
	cr_assert(b->regions[1].executable);
	cr_assert_not(b->regions[1].cacheable);
	cr_assert_eq(b->regions[1].dma, 0);
	cr_assert_eq(board_default_region(b, REGION_RAM), &b->regions[1]);
	cr_assert_eq(board_default_region(b, REGION_FLASH), &b->regions[0]);
	cr_assert_eq(b->regions[2].length, 0, "zero-length regions are legal");
	board_free(b);
}

Test(board, addresses_above_4g_need_address_bits_64)
{
	const char	*regions = "regions:\n"
	    "  - { name: A, kind: ram, origin: 0x100000000, length: 1K }\n";
	char		*text32 = xasprintf(HEAD "%s", regions);
	char		*text64 = xasprintf(HEAD "address_bits: 64\n%s", regions);
	struct board	*b;

	cr_assert_null(load_text(text32));
	cr_assert_eq(d.list[0].pos.line, 4);
	b = load_text(text64);
	cr_assert_not_null(b);
	cr_assert_eq(b->address_bits, 64);
	board_free(b);
	free(text32);
	free(text64);
}

Test(board, size_suffixes_and_hex)
{
	struct board	*b = load_text(HEAD "address_bits: 64\nregions:\n"
	    "  - { name: A, kind: ram, origin: 0x10, length: 3K }\n"
	    "  - { name: B, kind: ram, origin: 0x100000000, length: 2M }\n"
	    "  - { name: C, kind: ram, origin: 0x200000000, length: 1G }\n"
	    "  - { name: D, kind: ram, origin: 0x300000000, length: 0x1F }\n");

	cr_assert_not_null(b);
	cr_assert_eq(b->regions[0].length, 3072);
	cr_assert_eq(b->regions[1].length, 2u << 20);
	cr_assert_eq(b->regions[2].length, 1ull << 30);
	cr_assert_eq(b->regions[3].length, 31);
	board_free(b);
}

Test(board, thresholds_resolve_to_bytes)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - name: R\n    kind: ram\n    origin: 0\n    length: 1000\n"
	    "    budget: { warn: 85.5%, error: 990 }\n");

	cr_assert_not_null(b);
	cr_assert_eq(threshold_bytes(&b->regions[0].budget.warn, 1000), 855);
	cr_assert_eq(threshold_bytes(&b->regions[0].budget.error, 1000), 990);
	cr_assert_eq(b->regions[0].budget.warn.pos.line, 8);
	board_free(b);
}

Test(board, positions_point_into_the_yaml)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - name: R\n    kind: ram\n    origin: 0x20000000\n"
	    "    length: 4K\n    aliases:\n      - origin: 0x30000000\n");

	cr_assert_not_null(b);
	cr_assert_eq(b->regions[0].pos.line, 4);
	cr_assert_eq(b->regions[0].pos.col, 5);
	cr_assert_eq(b->regions[0].origin_pos.line, 6);
	cr_assert_eq(b->regions[0].origin_pos.col, 13);
	cr_assert_eq(b->regions[0].aliases[0].pos.line, 9);
	board_free(b);
}

Test(board, collects_every_error)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - { name: A, kind: ram, origin: 0, length: 1K, lenth: 1 }\n"
	    "  - { name: A, kind: rom, origin: 0x10, length: 1K }\n");

	cr_assert_null(b);
	cr_assert_eq(d.nerrors, 4, "got %zu errors", d.nerrors);
	cr_assert_eq(d.list[0].pos.line, 4);
}

Test(board, aliases_may_overlap_regions)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - { name: R, kind: ram, origin: 0x20000000, length: 96K }\n"
	    "  - name: CCM\n    kind: ram\n    origin: 0x10000000\n"
	    "    length: 32K\n    aliases: [ { origin: 0x20018000 } ]\n");

	cr_assert_not_null(b, "an alias next to RAM is not an overlap");
	board_free(b);
}

Test(board, json_is_read_as_yaml)
{
	struct board	*b = load_text("{\"memfit\": 1, \"board\": \"j\", "
	    "\"regions\": [{\"name\": \"R\", \"kind\": \"ram\", "
	    "\"origin\": 0, \"length\": 16}]}");

	cr_assert_not_null(b);
	board_free(b);
}

Test(board, every_invalid_fixture_fails)
{
	DIR		*dir = opendir(FIXTURES_DIR "/boards/invalid");
	struct dirent	*de;
	struct board	*b;
	char		*path;
	int		 n = 0;

	cr_assert_not_null(dir);
	while ((de = readdir(dir)) != NULL) {
		if (strstr(de->d_name, ".yaml") == NULL)
			continue;
		path = xasprintf("%s/boards/invalid/%s", FIXTURES_DIR,
		    de->d_name);
		cr_expect_eq(board_load(&b, path, &d), -1, "%s loaded",
		    de->d_name);
		cr_expect_null(b);
		free(path);
		n++;
	}
	closedir(dir);
	cr_assert_gt(n, 30);
}

/* Found by fuzzing: each key was compared with every key before it. */
Test(board, many_keys_are_one_error)
{
	struct strbuf	 sb;
	struct board	*b;
	int		 i;

	sb_init(&sb);
	sb_puts(&sb, HEAD "regions:\n  - name: R\n");
	for (i = 0; i < 20000; i++)
		sb_printf(&sb, "    k%d: 1\n", i);
	b = load_text(sb.buf);
	cr_assert_null(b);
	cr_assert_eq(d.nerrors, 1, "got %zu errors", d.nerrors);
	cr_assert_str_eq(d.list[0].msg,
	    "too many keys in region (20001; at most 256)");
	cr_assert_eq(d.list[0].pos.line, 4);
	sb_free(&sb);
}

#define SECTIONS_BOARD HEAD "cache_line: 32\nregions:\n" \
	"  - { name: FLASH, kind: flash, origin: 0, length: 1M }\n" \
	"  - name: DTCM\n    kind: ram\n    origin: 0x20000000\n" \
	"    length: 128K\n    init: zero\n    cacheable: true\n" \
	"    sections:\n      .fastram_data: load\n" \
	"      \".DMA_RAM*\": { init: none, cacheable: false }\n" \
	"      .dma_cached: { cacheable: true }\n"

Test(board, section_rules_first_match_wins)
{
	struct board		*b = load_text(SECTIONS_BOARD
	    "      .DMA_RAM_late: load\n");
	const struct region	*r;

	cr_assert_not_null(b, "%zu errors", d.nerrors);
	r = board_region(b, "DTCM");
	cr_assert_eq(r->nsections, 4);
	cr_assert_eq(section_init(r, ".fastram_data"), INIT_LOAD);
	cr_assert_eq(section_init(r, ".fastram_bss"), INIT_ZERO);
	/* The glob comes first in the file, so it wins over the name. */
	cr_assert_eq(section_init(r, ".DMA_RAM_late"), INIT_NONE);
	cr_assert_not(section_cacheable(r, ".DMA_RAM"));
	cr_assert(section_cacheable(r, ".dma_cached"));
	cr_assert_eq(section_init(r, ".dma_cached"), INIT_ZERO);
	cr_assert(section_cacheable(r, ".fastram_bss"));
	cr_assert_eq(r->sections[0].pos.line, 13);
	board_free(b);
}

Test(board, section_rules_errors)
{
	bool	flash = false, glob = false, empty = false, mode = false;
	size_t	i;

	cr_assert_null(load_text(HEAD "regions:\n"
	    "  - name: F\n    kind: flash\n    origin: 0\n    length: 1K\n"
	    "    sections: { .text: load, \"a b\": zero, .x: {}, .y: many }\n"));
	for (i = 0; i < d.n; i++) {
		flash |= strcmp(d.list[i].msg, "init applies to ram regions "
		    "only; 'F' is flash") == 0;
		glob |= strstr(d.list[i].msg, "bad output-section name or "
		    "glob 'a b'") != NULL;
		empty |= strstr(d.list[i].msg, "needs init, cacheable") != NULL;
		mode |= strstr(d.list[i].msg, "not 'many'") != NULL;
	}
	cr_assert(flash && glob && empty && mode, "%zu errors", d.nerrors);
}

#define STACK_BOARD HEAD "regions:\n" \
	"  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K }\n" \
	"stack: { region: RAM, size: 1K, warn: 80% }\n"

Test(board, stack_analysis_keys)
{
	struct board	*b = load_text(STACK_BOARD
	    "tasks:\n"
	    "  - { entry: task_a, stack: stack_a, warn: 90% }\n"
	    "  - { entry: task_b, stack: 0x100 }\n"
	    "interrupts: { nesting: 2, frame: 32 }\n"
	    "stack_frames: { memcpy: 16, _ZN1A1fEv: 1K }\n"
	    "indirect_calls:\n"
	    "  main: [hook_small, hook_big]\n");

	cr_assert_not_null(b);
	cr_assert_eq(b->stack_warn.hundredths, 8000);
	cr_assert_eq(b->ntasks, 2);
	cr_assert_str_eq(b->tasks[0].stack_symbol, "stack_a");
	cr_assert(b->tasks[0].warn.set);
	cr_assert_null(b->tasks[1].stack_symbol);
	cr_assert_eq(b->tasks[1].size, 256);
	cr_assert_eq(b->tasks[1].entry_pos.line, 8);
	cr_assert_eq(b->irq_nesting, 2);
	cr_assert_eq(b->irq_frame, 32);
	cr_assert_eq(b->nstack_frames, 2);
	cr_assert_eq(b->stack_frames[1].bytes, 1024);
	cr_assert_eq(b->nindirect_calls, 1);
	cr_assert_eq(b->indirect_calls[0].ntargets, 2);
	cr_assert_str_eq(b->indirect_calls[0].targets[1], "hook_big");
	board_free(b);
}

/* size: auto with a percentage margin above 100% and a min; handler
 * globs; a task's switch frame. */
Test(board, stack_auto_keys)
{
	struct board	*b = load_text(HEAD "regions:\n"
	    "  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K }\n"
	    "stack: { region: RAM, size: auto, margin: 150.5%, min: 1K }\n"
	    "tasks: [{ entry: t, stack: 1K, switch_frame: 68 }]\n"
	    "interrupts: { handlers: [\"*_IRQHandler\"] }\n");

	cr_assert_not_null(b);
	cr_assert(b->stack_auto.set);
	cr_assert_eq(b->stack.size, 0);
	cr_assert(b->stack_auto.margin_is_percent);
	cr_assert_eq(b->stack_auto.margin_hundredths, 15050);
	cr_assert_eq(b->stack_auto.min, 1024);
	cr_assert_eq(b->tasks[0].switch_frame, 68);
	cr_assert_eq(b->nirq_handlers, 1);
	cr_assert_str_eq(b->irq_handlers[0], "*_IRQHandler");
	board_free(b);
	b = load_text(HEAD "regions:\n"
	    "  - { name: RAM, kind: ram, origin: 0x20000000, length: 16K }\n"
	    "stack: { region: RAM, size: auto, margin: 0x200 }\n");
	cr_assert_not_null(b);
	cr_assert(!b->stack_auto.margin_is_percent);
	cr_assert_eq(b->stack_auto.margin, 512);
	cr_assert(!b->stack_auto.min_set);
	board_free(b);
}

Test(board, stack_analysis_defaults)
{
	struct board	*b = load_text(STACK_BOARD);

	cr_assert_not_null(b);
	cr_assert_eq(b->irq_nesting, 1);
	cr_assert_eq(b->irq_frame, 0);
	cr_assert_eq(b->ntasks, 0);
	board_free(b);
}

Test(board, stack_analysis_errors)
{
	struct board	*b = load_text(STACK_BOARD
	    "tasks:\n"
	    "  - { entry: t, stack: 12Q }\n"
	    "  - { entry: t, stack: 1K }\n"
	    "  - { entry: \"a b\", stack: 1K }\n"
	    "interrupts: { nesting: 0 }\n"
	    "stack_frames: { memcpy: lots, memcpy: 4 }\n"
	    "indirect_calls: { main: f }\n");

	cr_assert_null(b);
	cr_assert_eq(d.nerrors, 7, "got %zu errors", d.nerrors);
}
