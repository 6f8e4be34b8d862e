/*
 * The analysis core driven directly, without a cross-compiler, on the
 * committed build of a flight-controller-shaped H743 firmware
 * (fixtures/h7vendor, rebuilt by its build.sh): usage against ld's own
 * table, per-section startup, debug sections over ITCM at 0, cache-line
 * hazards, waivers by section and region, map-only load images.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "board_load.h"
#include "breakdown.h"
#include "fileio.h"
#include "rules.h"
#include "rtable.h"
#include "util.h"

#define H7	FIXTURES_DIR "/h7vendor/"

struct link {
	struct diags	 d;
	struct board	*b;
	struct image	*img;
	struct ldmap	*map;
	struct layout	 layout;
	struct objcache	*objs;
	struct analysis	 a;
	struct rtable	 regions;
	struct report	 r;
	size_t		 nlookups;
	size_t		 nsymbol_lookups;	/* that asked for symbols */
};

static int
lookup(const struct obj_section **out, void *arg, const struct map_object *o,
    const char *secname, uint64_t size, bool symbols, char **err)
{
	struct link	*l = arg;
	char		*path = xasprintf(H7 "%s", o->path);
	int		 ret;

	l->nlookups++;
	l->nsymbol_lookups += symbols;
	ret = objcache_section(out, l->objs, path, o->member, secname, size,
	    symbols, err);
	free(path);
	return ret;
}

/*
 * The fixture's board with FROM replaced by TO (FROM must occur), loaded
 * from memory: each rule is driven by the one change that should raise it.
 */
static struct board *
board_edited(struct diags *d, const char *from, const char *to)
{
	struct board	*b = NULL;
	struct strbuf	 sb;
	char		*text, *err = NULL, *at;
	size_t		 len;

	cr_assert_eq(file_read_all(&text, &len, FIXTURES_DIR
	    "/fw/h7vendor/h7.yaml", &err), 0);
	cr_assert_not_null(at = strstr(text, from), "%s", from);
	sb_init(&sb);
	sb_add(&sb, text, (size_t)(at - text));
	sb_puts(&sb, to);
	sb_puts(&sb, at + strlen(from));
	cr_assert_eq(board_load_buffer(&b, "edited.yaml", sb.buf, sb.len, d),
	    0, "%zu errors", d->nerrors);
	sb_free(&sb);
	free(text);
	return b;
}

static void	load_with(struct link *, struct board *, bool);

/* Load the link: with the ELF or from the map alone, with BOARD. */
static void
load(struct link *l, const char *board, bool with_elf)
{
	struct board	*b = NULL;
	struct diags	 d;

	diags_init(&d);
	cr_assert_eq(board_load(&b, board, &d), 0, "board %s", board);
	diags_free(&d);
	load_with(l, b, with_elf);
}

static void
load_with(struct link *l, struct board *b, bool with_elf)
{
	memset(l, 0, sizeof(*l));
	diags_init(&l->d);
	l->b = b;
	cr_assert_eq(ldmap_parse(&l->map, H7 "fw.map", &l->d), 0);
	objcache_new(&l->objs);
	if (with_elf) {
		cr_assert_eq(image_load(&l->img, H7 "fw.elf", &l->d), 0);
		layout_from_image(&l->layout, l->img);
	} else
		layout_from_map(&l->layout, l->map, l->b, lookup, l);
	l->a.board = l->b;
	l->a.image = l->img;
	l->a.map = l->map;
	l->a.layout = &l->layout;
	l->a.lookup = lookup;
	l->a.lookup_arg = l;
	analysis_regions(&l->regions, &l->a);
	l->a.regions = &l->regions;
	report_init(&l->r, "check");
}

static void
unload(struct link *l)
{
	report_free(&l->r);
	rtable_free(&l->regions);
	layout_free(&l->layout);
	objcache_free(l->objs);
	ldmap_free(l->map);
	image_free(l->img);
	board_free(l->b);
	diags_free(&l->d);
}

/* ld's own figure for REGION, from the table it printed at link time. */
static uint64_t
ld_used(const char *region)
{
	FILE		*fp = fopen(H7 "ld-usage.txt", "r");
	char		 line[256], name[64], unit[8];
	unsigned long	 v;
	uint64_t	 used = UINT64_MAX;

	cr_assert_not_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, " %63[^:]: %lu %7s", name, &v, unit) == 3 &&
		    strcmp(name, region) == 0)
			used = (uint64_t)v << (strcmp(unit, "KB") == 0 ? 10 :
			    strcmp(unit, "MB") == 0 ? 20 : 0);
	fclose(fp);
	return used;
}

static void
usage_equals_ld(bool with_elf)
{
	struct link	l;
	size_t		i;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", with_elf);
	analyze_usage(&l.r, &l.a);
	cr_assert_eq(l.r.nregions, 4);
	for (i = 0; i < l.r.nregions; i++)
		cr_expect_eq(l.r.regions[i].used, ld_used(l.r.regions[i].name),
		    "%s: %llu, ld %llu", l.r.regions[i].name,
		    (unsigned long long)l.r.regions[i].used,
		    (unsigned long long)ld_used(l.r.regions[i].name));
	unload(&l);
}

Test(rules, usage_equals_ld_from_the_elf)
{
	usage_equals_ld(true);
}

Test(rules, usage_equals_ld_from_the_map_alone)
{
	usage_equals_ld(false);
}

/* Findings of RULE naming SYM (NULL: any), counted. */
static size_t
count(const struct report *r, const char *rule, const char *sym)
{
	size_t	i, n = 0;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule, rule) == 0 && (sym == NULL ||
		    (r->findings[i].symbol != NULL &&
		    strcmp(r->findings[i].symbol, sym) == 0)))
			n++;
	return n;
}

static const struct finding *
find(const struct report *r, const char *rule, const char *sym)
{
	size_t	i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule, rule) == 0 &&
		    r->findings[i].symbol != NULL &&
		    strcmp(r->findings[i].symbol, sym) == 0)
			return &r->findings[i];
	return NULL;
}

static void
planted_faults_only(bool with_elf)
{
	const struct finding	*f;
	struct link		 l;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", with_elf);
	analyze_usage(&l.r, &l.a);
	analyze_rules(&l.r, &l.a, &l.d);
	f = find(&l.r, "init-data-in-zero-region", "lostFastInit");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->section, ".fastram_bss");
	cr_expect_str_eq(f->region, "DTCM_RAM");
	cr_expect(strstr(f->message, "startup only zeroes") != NULL);
	f = find(&l.r, "init-data-in-zero-region", "lostDmaInit");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->section, ".DMA_RAM");
	cr_expect(strstr(f->message, "never initialises") != NULL);
	/* gyroScale is in .fastram_data, which startup copies. */
	cr_expect_eq(count(&l.r, "init-data-in-zero-region", NULL), 2);
	/*
	 * The zero PROGBITS inputs of app.o (.fastram_bss, .DMA_RAM,
	 * .DMA_RW_AXI, .persistent_data) need no symbols: only the two
	 * sections with values are asked for theirs.
	 */
	cr_expect_gt(l.nlookups, 6, "%zu lookups", l.nlookups);
	cr_expect_eq(l.nsymbol_lookups, 2, "%zu with symbols",
	    l.nsymbol_lookups);
	cr_expect_eq(count(&l.r, "dma-unreachable", "imuDmaBuffer"), 1);
	cr_expect_eq(count(&l.r, "dma-cache-line", "adcDmaBuffer"), 1);
	cr_expect_eq(count(&l.r, "dma-cache-line", "loadDmaBuffer"), 1);
	/* Padded to its line, and an MPU window: no hazard either. */
	cr_expect_eq(count(&l.r, "dma-cache-line", NULL), 2);
	/* ITCM at 0 is init: none, and the -g sections sit there too. */
	cr_expect_eq(l.r.nfindings, 5, "%zu findings", l.r.nfindings);
	cr_expect_eq(l.r.nwaived, 1);
	unload(&l);
}

Test(rules, planted_faults_and_nothing_else_with_the_elf)
{
	planted_faults_only(true);
}

Test(rules, planted_faults_and_nothing_else_from_the_map)
{
	planted_faults_only(false);
}

Test(rules, hazard_names_the_neighbour)
{
	const struct finding	*f;
	struct link		 l;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", true);
	analyze_usage(&l.r, &l.a);
	analyze_rules(&l.r, &l.a, &l.d);
	f = find(&l.r, "dma-cache-line", "adcDmaBuffer");
	cr_assert_not_null(f);
	cr_expect(strstr(f->message, "with rxCount") != NULL, "%s",
	    f->message);
	unload(&l);
}

Test(rules, allow_matches_section_and_region)
{
	char		 a0[] = "init-data-in-zero-region:.DMA_RAM";
	char		 a1[] = "dma-unreachable:DTCM_RAM";
	char		*allow[] = { a0, a1 };
	struct link	 l;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", true);
	l.a.allow = allow;
	l.a.nallow = 2;
	analyze_usage(&l.r, &l.a);
	analyze_rules(&l.r, &l.a, &l.d);
	cr_expect(find(&l.r, "init-data-in-zero-region", "lostDmaInit")->waived);
	cr_expect(!find(&l.r, "init-data-in-zero-region",
	    "lostFastInit")->waived);
	cr_expect(find(&l.r, "dma-unreachable", "imuDmaBuffer")->waived);
	unload(&l);
}

Test(rules, explain_dma_lists_data_not_functions)
{
	struct link	l;
	size_t		i;
	bool		pointer = false;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", true);
	l.a.explain_dma = true;
	analyze_usage(&l.r, &l.a);
	analyze_rules(&l.r, &l.a, &l.d);
	for (i = 0; i < l.r.ndma_matches; i++) {
		cr_expect_str_neq(l.r.dma_matches[i].name, "initDmaBuffer");
		if (strcmp(l.r.dma_matches[i].name, "loadDmaBuffer") == 0)
			pointer = true;
	}
	cr_expect(pointer);
	unload(&l);
}

/* One rule on an edited board: how many findings of RULE, analysed. */
static size_t
rule_count(const char *from, const char *to, const char *rule,
    bool with_elf)
{
	struct diags	 d;
	struct link	 l;
	size_t		 n;

	diags_init(&d);
	load_with(&l, board_edited(&d, from, to), with_elf);
	diags_free(&d);
	analyze_usage(&l.r, &l.a);
	analyze_rules(&l.r, &l.a, &l.d);
	n = count(&l.r, rule, NULL);
	unload(&l);
	return n;
}

Test(rules, region_overflow_and_budget)
{
	/* DTCM holds 8272 bytes: 8K overflows it, a 4K budget is exceeded. */
	cr_expect_eq(rule_count("length: 128K\n    init: zero",
	    "length: 8K\n    init: zero", "region-overflow", true), 1);
	cr_expect_eq(rule_count("length: 128K\n    init: zero",
	    "length: 8K\n    init: zero", "region-overflow", false), 1);
	cr_expect_eq(rule_count("    init: zero\n",
	    "    init: zero\n    budget: 4K\n", "region-budget", true), 1);
	cr_expect_eq(rule_count("    init: zero\n",
	    "    init: zero\n    budget: 12K\n", "region-budget", true), 0);
}

Test(rules, outside_regions_and_map_drift)
{
	/* ITCM gone from the board: .tcm_code lies in no region. */
	cr_expect_eq(rule_count("  - name: ITCM_RAM\n    kind: ram\n"
	    "    origin: 0x00000000\n", "  - name: ITCM_RAM\n    kind: ram\n"
	    "    origin: 0x00100000\n", "outside-regions", true), 1);
	/* The map's ITCM_RAM differs from the board's, in both modes. */
	cr_expect_eq(rule_count("origin: 0x00000000\n    length: 64K",
	    "origin: 0x00000000\n    length: 32K", "map-board-mismatch",
	    false), 1);
}

Test(rules, bss_in_a_section_startup_never_touches)
{
	/*
	 * .bss left alone: each of its five variables (uartDmaBuffer,
	 * loopCounter, loadDmaBuffer, adcDmaBuffer, rxCount) holds garbage;
	 * the script's labels there (_sbss, _sdata, _edata) are no data.
	 */
	cr_expect_eq(rule_count("      .persistent_data: none\n",
	    "      .persistent_data: none\n      .bss: none\n",
	    "bss-in-noinit-region", true), 5);
	cr_expect_eq(rule_count("      .persistent_data: none\n",
	    "      .persistent_data: none\n", "bss-in-noinit-region", true), 0);
}

Test(rules, breakdowns_add_up_to_the_sections)
{
	struct link		 l;
	const struct rep_region	*rr;
	uint64_t		 sum;
	size_t			 i, j, k;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", true);
	analyze_usage(&l.r, &l.a);
	analyze_breakdowns(&l.r, &l.a, (1U << BD_ARCHIVES) |
	    (1U << BD_OBJECTS) | (1U << BD_SYMBOLS));
	for (i = 0; i < l.r.nregions; i++) {
		rr = &l.r.regions[i];
		for (k = BD_ARCHIVES; k <= BD_OBJECTS; k++) {
			for (j = sum = 0; j < rr->nitems[k]; j++)
				sum += rr->items[k][j].size;
			cr_expect_eq(sum, rr->sections_total, "%s %s: %llu of "
			    "%llu", rr->name, breakdown_name((enum breakdown)k),
			    (unsigned long long)sum,
			    (unsigned long long)rr->sections_total);
		}
	}
	rr = &l.r.regions[3];
	cr_assert_str_eq(rr->name, "RAM");
	for (j = 0; j < rr->nitems[BD_SYMBOLS]; j++)
		if (strcmp(rr->items[BD_SYMBOLS][j].name, "sdDmaBuffer") == 0)
			break;
	cr_expect_lt(j, rr->nitems[BD_SYMBOLS]);
	cr_expect_eq(rr->items[BD_SYMBOLS][j].size, 512);
	unload(&l);
}

/*
 * Issue 16: the archives across regions add up what each region's
 * archive rows say (the sums are the sections totals); *fill* and the
 * like come after the files, marked synthetic, each kind by size.
 */
Test(rules, archives_across_regions)
{
	struct link		 l;
	const struct rep_cross	*x;
	uint64_t		 sum;
	size_t			 i, j;

	load(&l, FIXTURES_DIR "/fw/h7vendor/h7.yaml", true);
	analyze_usage(&l.r, &l.a);
	analyze_breakdowns(&l.r, &l.a, 1U << BD_ARCHIVES);
	breakdown_select(&l.r, SORT_SIZE, 0, NULL);
	cr_assert_not_null(x = l.r.archives);
	cr_assert_gt(x->n, 1);
	cr_expect(x->rows[x->n - 1].synthetic);
	for (i = 0, sum = 0; i < l.r.nregions; i++) {
		cr_expect_eq(x->sums[i], l.r.regions[i].sections_total, "%s",
		    l.r.regions[i].name);
		sum += x->sums[i];
	}
	cr_expect_eq(x->total, sum);
	for (i = 0; i < x->n; i++) {
		for (j = 0, sum = 0; j < l.r.nregions; j++)
			sum += x->rows[i].size[j];
		cr_expect_eq(x->rows[i].total, sum);
		if (i == 0)
			continue;
		cr_expect(x->rows[i].synthetic || !x->rows[i - 1].synthetic,
		    "%s after %s", x->rows[i].name, x->rows[i - 1].name);
		cr_expect(x->rows[i].synthetic != x->rows[i - 1].synthetic ||
		    x->rows[i].total <= x->rows[i - 1].total);
	}
	unload(&l);
}
