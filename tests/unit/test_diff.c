/*
 * memfit diff's computation on reports built in code: regions matched by
 * name (added and removed ones too), signed deltas and percentages from
 * usage_hundredths, breakdown rows matched by key and ranked by the size
 * of their change, and growth limits: parsing and where "beyond" starts.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

static struct rep_region *
add_region(struct report *r, const char *name, uint64_t used,
    uint64_t length)
{
	struct rep_region	*g;

	r->regions = xreallocarray(r->regions, r->nregions + 1,
	    sizeof(*r->regions));
	g = &r->regions[r->nregions++];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(name);
	g->used = used;
	g->length = length;
	g->budget_warn = g->budget_error = REPORT_NONE;
	return g;
}

static void
add_item(struct rep_region *g, enum breakdown k, const char *name,
    const char *object, uint64_t size)
{
	struct rep_item	*it;

	g->items[k] = xreallocarray(g->items[k], g->nitems[k] + 1,
	    sizeof(*g->items[k]));
	it = &g->items[k][g->nitems[k]++];
	memset(it, 0, sizeof(*it));
	it->name = xstrdup(name);
	it->synthetic = k != BD_SYMBOLS && item_name_synthetic(name);
	it->object = object ? xstrdup(object) : NULL;
	it->address = REPORT_NONE;
	it->size = size;
	g->has_items[k] = true;
}

static struct report	old, new;
static struct diff	df;

static void
setup(void)
{
	report_init(&old, "size");
	report_init(&new, "size");
	memset(&df, 0, sizeof(df));
}

static void
teardown(void)
{
	diff_free(&df);
	report_free(&old);
	report_free(&new);
}

TestSuite(diff, .init = setup, .fini = teardown);

Test(diff, regions_by_name_new_order_then_removed)
{
	add_region(&old, "FLASH", 100, 1000);
	add_region(&old, "GONE", 10, 100);
	add_region(&old, "RAM", 50, 200);
	add_region(&new, "RAM", 40, 200);
	add_region(&new, "FLASH", 150, 1000);
	add_region(&new, "NEW", 7, 70);
	diff_compute(&df, &old, &new);
	cr_assert_eq(df.nregions, 4);
	cr_assert_str_eq(df.regions[0].name, "RAM");
	cr_assert_str_eq(df.regions[1].name, "FLASH");
	cr_assert_str_eq(df.regions[2].name, "NEW");
	cr_assert_str_eq(df.regions[3].name, "GONE");
	cr_assert_eq(diff_region_delta(&df.regions[0]), -10);
	cr_assert_eq(diff_region_delta(&df.regions[1]), 50);
	cr_assert_eq(diff_region_delta(&df.regions[2]), 7);
	cr_assert_eq(diff_region_delta(&df.regions[3]), -10);
	cr_assert_str_eq(diff_change_name(df.regions[2].in_old,
	    df.regions[2].in_new, 7), "added");
	cr_assert_str_eq(diff_change_name(df.regions[3].in_old,
	    df.regions[3].in_new, -10), "removed");
	cr_assert_eq(diff_region_remain_delta(&df.regions[1]), -50);
}

Test(diff, percent_deltas_agree_with_the_rounded_columns)
{
	/* 1/3 -> 33.33 %, 2/3 -> 66.67 %: the delta is 33.34, not 33.33. */
	add_region(&old, "R", 1, 3);
	add_region(&new, "R", 2, 3);
	diff_compute(&df, &old, &new);
	cr_assert_eq(diff_old_pct(&df.regions[0]), 3333);
	cr_assert_eq(diff_new_pct(&df.regions[0]), 6667);
}

Test(diff, overflow_remain_is_negative)
{
	add_region(&old, "R", 90, 100);
	add_region(&new, "R", 130, 100);
	diff_compute(&df, &old, &new);
	cr_assert_eq(diff_remain(130, 100), -30);
	cr_assert_eq(diff_region_remain_delta(&df.regions[0]), -40);
}

Test(diff, formatting_signs)
{
	char	*s;

	s = diff_fmt_delta(52, true);
	cr_assert_str_eq(s, "+52");
	free(s);
	s = diff_fmt_delta(-96, true);
	cr_assert_str_eq(s, "-96");
	free(s);
	s = diff_fmt_delta(0, true);
	cr_assert_str_eq(s, "0");
	free(s);
	s = diff_fmt_pct(-6, true);
	cr_assert_str_eq(s, "-0.06");
	free(s);
	s = diff_fmt_pct(4, true);
	cr_assert_str_eq(s, "+0.04");
	free(s);
	s = diff_fmt_pct(12345, false);
	cr_assert_str_eq(s, "123.45");
	free(s);
}

Test(diff, items_ranked_by_absolute_change)
{
	struct rep_region	*o = add_region(&old, "RAM", 0, 100);
	struct rep_region	*n = add_region(&new, "RAM", 0, 100);

	add_item(o, BD_SYMBOLS, "same", "a.o", 10);
	add_item(n, BD_SYMBOLS, "same", "a.o", 10);
	add_item(o, BD_SYMBOLS, "shrunk", "a.o", 100);
	add_item(n, BD_SYMBOLS, "shrunk", "a.o", 40);
	add_item(n, BD_SYMBOLS, "added", "b.o", 30);
	add_item(o, BD_SYMBOLS, "removed", "c.o", 70);
	/* A symbol whose object moved is the same symbol; NEW's object. */
	add_item(o, BD_SYMBOLS, "moved", "old/x.o", 5);
	add_item(n, BD_SYMBOLS, "moved", "new/x.o", 6);
	diff_compute(&df, &old, &new);
	cr_assert(df.has_items[BD_SYMBOLS]);
	cr_assert_not(df.has_items[BD_ARCHIVES]);
	cr_assert_eq(df.nitems[BD_SYMBOLS], 4);
	cr_assert_str_eq(df.items[BD_SYMBOLS][0].name, "removed");
	cr_assert_str_eq(df.items[BD_SYMBOLS][1].name, "shrunk");
	cr_assert_str_eq(df.items[BD_SYMBOLS][2].name, "added");
	cr_assert_not(df.items[BD_SYMBOLS][2].in_old);
	cr_assert_str_eq(df.items[BD_SYMBOLS][3].name, "moved");
	cr_assert_str_eq(df.items[BD_SYMBOLS][3].object, "new/x.o");
}

/* Issue 16: *fill* is never ranked as an archive, however much it grew. */
Test(diff, synthetic_rows_come_after_the_files)
{
	struct rep_region	*o = add_region(&old, "RAM", 0, 100);
	struct rep_region	*n = add_region(&new, "RAM", 0, 100);

	add_item(o, BD_ARCHIVES, "*fill*", NULL, 1);
	add_item(n, BD_ARCHIVES, "*fill*", NULL, 4001);
	add_item(o, BD_ARCHIVES, "libc.a", NULL, 10);
	add_item(n, BD_ARCHIVES, "libc.a", NULL, 20);
	diff_compute(&df, &old, &new);
	cr_assert_eq(df.nitems[BD_ARCHIVES], 2);
	cr_assert_str_eq(df.items[BD_ARCHIVES][0].name, "libc.a");
	cr_assert_str_eq(df.items[BD_ARCHIVES][1].name, "*fill*");
	cr_assert(df.items[BD_ARCHIVES][1].synthetic);
}

Test(diff, items_in_two_regions_stay_apart_and_top_is_ten)
{
	struct rep_region	*o1, *n1, *n2;
	char			 name[16];
	int			 i;

	/* add_region moves the array: take pointers once all are there. */
	add_region(&old, "A", 0, 100);
	add_region(&new, "A", 0, 100);
	add_region(&new, "B", 0, 100);
	o1 = &old.regions[0];
	n1 = &new.regions[0];
	n2 = &new.regions[1];

	add_item(o1, BD_ARCHIVES, "lib.a", NULL, 5);
	add_item(n1, BD_ARCHIVES, "lib.a", NULL, 5);
	add_item(n2, BD_ARCHIVES, "lib.a", NULL, 9);
	for (i = 0; i < 15; i++) {
		snprintf(name, sizeof(name), "l%02d.a", i);
		add_item(n1, BD_ARCHIVES, name, NULL, (uint64_t)i + 1);
	}
	diff_compute(&df, &old, &new);
	cr_assert_eq(df.nitems[BD_ARCHIVES], DIFF_TOP);
	cr_assert_str_eq(df.items[BD_ARCHIVES][0].name, "l14.a");
	cr_assert_str_eq(df.items[BD_ARCHIVES][5].name, "l09.a");
	/* Ties (9 bytes each) by region then name, never by qsort's whim;
	 * lib.a unchanged in A is left out, added in B is in. */
	cr_assert_str_eq(df.items[BD_ARCHIVES][6].name, "l08.a");
	cr_assert_str_eq(df.items[BD_ARCHIVES][7].name, "lib.a");
	cr_assert_str_eq(df.items[BD_ARCHIVES][7].region, "B");
}

static void
limit_ok(const char *spec, bool percent, uint64_t value, const char *region)
{
	struct growth_limit	l;
	char			*err = NULL;

	cr_assert_eq(growth_limit_parse(&l, spec, &err), 0, "%s: %s", spec,
	    err);
	cr_assert_eq(l.percent, percent, "%s", spec);
	cr_assert_eq(l.value, value, "%s", spec);
	if (region == NULL)
		cr_assert_null(l.region, "%s", spec);
	else
		cr_assert_str_eq(l.region, region, "%s", spec);
	free(l.region);
}

Test(diff, growth_limit_parse_good)
{
	limit_ok("1024", false, 1024, NULL);
	limit_ok("0", false, 0, NULL);
	limit_ok("2K", false, 2048, NULL);
	limit_ok("1M", false, 1048576, NULL);
	limit_ok("3G", false, UINT64_C(3) << 30, NULL);
	limit_ok("0x400", false, 1024, NULL);
	limit_ok("512:RAM", false, 512, "RAM");
	limit_ok("0.5%", true, 50, NULL);
	limit_ok("3%:iram0_0_seg", true, 300, "iram0_0_seg");
	limit_ok("0.25%", true, 25, NULL);
	limit_ok("100%", true, 10000, NULL);
	limit_ok("7.%", true, 700, NULL);
}

Test(diff, growth_limit_parse_bad)
{
	static const char *const bad[] = { "", "K", "-1", " 1", "1 ", "1.5",
	    "1KB", "2k", "0x", "0xG", "%", ".5%", "0.125%", "101%", "1%%",
	    "1:", "18446744073709551616", "18014398509481984M", "1e3", "+1",
	    "1K:", ":RAM", "010" };
	struct growth_limit	 l;
	char			*err;
	size_t			 i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		err = NULL;
		cr_assert_eq(growth_limit_parse(&l, bad[i], &err), -1,
		    "accepted \"%s\"", bad[i]);
		cr_assert_not_null(strstr(err, "bad growth limit"));
		free(err);
	}
}

static struct growth_limit
limit(const char *spec)
{
	struct growth_limit	l;
	char			*err = NULL;

	cr_assert_eq(growth_limit_parse(&l, spec, &err), 0);
	return l;
}

Test(diff, growth_beyond_means_strictly_more)
{
	struct diff_region	d = { .name = "RAM", .in_old = true,
				    .in_new = true, .old_used = 1000,
				    .new_used = 2024, .old_length = 100000,
				    .new_length = 100000 };
	struct growth_limit	l;

	l = limit("1K");
	cr_assert_not(growth_exceeds(&l, &d));
	l = limit("1023");
	cr_assert(growth_exceeds(&l, &d));
	/* 1024 of 100000 is 1.024 %: over 1.02 %, not over 1.03 %. */
	l = limit("1.02%");
	cr_assert(growth_exceeds(&l, &d));
	l = limit("1.03%");
	cr_assert_not(growth_exceeds(&l, &d));
	l = limit("0:FLASH");
	cr_assert_not(growth_exceeds(&l, &d));
	free(l.region);
	d.new_used = 900;
	l = limit("0");
	cr_assert_not(growth_exceeds(&l, &d));
}

Test(diff, added_region_grows_from_zero_removed_never_grows)
{
	struct diff_region	added = { .name = "X", .in_new = true,
				    .new_used = 10, .new_length = 100 };
	struct diff_region	gone = { .name = "Y", .in_old = true,
				    .old_used = 10, .old_length = 100 };
	struct growth_limit	l = limit("9.99%");

	cr_assert(growth_exceeds(&l, &added));
	cr_assert_not(growth_exceeds(&l, &gone));
}

Test(diff, apply_limits_sets_failed_and_rejects_unknown_regions)
{
	struct growth_limit	*ls = xcalloc(2, sizeof(*ls));
	char			*err = NULL;

	add_region(&old, "RAM", 100, 1000);
	add_region(&new, "RAM", 300, 1000);
	add_region(&old, "FLASH", 100, 1000);
	add_region(&new, "FLASH", 100, 1000);
	diff_compute(&df, &old, &new);
	ls[0] = limit("100:FLASH");
	ls[1] = limit("10%");
	cr_assert_eq(diff_apply_limits(&df, ls, 2, &err), 0);
	cr_assert(df.failed);
	cr_assert_not(ls[0].exceeded);
	cr_assert(ls[1].exceeded);
	cr_assert(df.regions[0].exceeded);
	cr_assert_not(df.regions[1].exceeded);
	growth_limits_free(ls, 2);
	df.limits = NULL;
	df.nlimits = 0;

	ls = xcalloc(1, sizeof(*ls));
	ls[0] = limit("1:CCM");
	cr_assert_eq(diff_apply_limits(&df, ls, 1, &err), -1);
	cr_assert_str_eq(err, "growth limit 1:CCM: no region CCM in either "
	    "input");
	free(err);
	growth_limits_free(ls, 1);
}

/*
 * Issue 14 item 7: reports are input, and used near 2^64 overflowed the
 * remain delta (undefined; UBSan aborted with exit 1, which reads as
 * "limit exceeded") and cast usage above 2^63 hundredths to a negative
 * percentage. Every figure now saturates and keeps its sign.
 */
Test(diff, huge_values_saturate)
{
	/* UINT64_MAX itself is REPORT_NONE, an unknown length. */
	add_region(&old, "R", UINT64_MAX, 1);
	add_region(&new, "R", 0, UINT64_MAX - 1);
	add_region(&old, "S", 0, UINT64_MAX - 1);
	add_region(&new, "S", UINT64_MAX, 1);
	diff_compute(&df, &old, &new);
	cr_assert_eq(diff_region_remain_delta(&df.regions[0]), INT64_MAX);
	cr_assert_eq(diff_region_remain_delta(&df.regions[1]), -INT64_MAX);
	cr_assert_eq(diff_old_pct(&df.regions[0]), INT64_MAX);
	cr_assert_eq(diff_region_pct_delta(&df.regions[0]), -INT64_MAX);
	cr_assert_eq(diff_region_pct_delta(&df.regions[1]), INT64_MAX);
	cr_assert_eq(diff_new_pct(&df.regions[1]), INT64_MAX);
}

/*
 * Issue 16: without a board or a map a report does not know a region's
 * length. Such a side has no Used %, remain or Total, no delta of them
 * is made up, and a percentage limit cannot apply to it: one that can
 * apply to no region is an error, not a pass; byte limits still hold.
 */
Test(diff, unknown_lengths)
{
	struct growth_limit	*ls = xcalloc(1, sizeof(*ls));
	struct diff_region	*d;
	char			*err = NULL;

	add_region(&old, "R", 100, 1000);
	add_region(&new, "R", 300, REPORT_NONE);
	diff_compute(&df, &old, &new);
	d = &df.regions[0];
	cr_assert(diff_old_sized(d));
	cr_assert_not(diff_new_sized(d));
	cr_assert_not(diff_region_sized(d));
	cr_assert_eq(diff_region_length(d), REPORT_NONE);
	cr_assert_eq(diff_new_pct(d), 0);
	cr_assert_eq(diff_region_delta(d), 200);
	ls[0] = limit("0.01%");
	cr_assert_not(limit_applies(&ls[0], d));
	cr_assert_not(growth_exceeds(&ls[0], d));
	cr_assert_eq(diff_apply_limits(&df, ls, 1, &err), -1);
	cr_assert_str_eq(err, "growth limit 0.01%: the length of every "
	    "region is unknown (give --board or the maps)");
	free(err);
	growth_limits_free(ls, 1);
	ls = xcalloc(2, sizeof(*ls));
	ls[0] = limit("100");
	ls[1] = limit("1%:R");
	cr_assert_eq(diff_apply_limits(&df, ls, 1, &err), 0);
	cr_assert(ls[0].exceeded && df.failed);
	cr_assert_eq(diff_apply_limits(&df, ls, 2, &err), -1);
	cr_assert_str_eq(err, "growth limit 1%:R: the length of R is "
	    "unknown (give --board or the maps)");
	free(err);
	growth_limits_free(ls, 2);
	df.limits = NULL;
	df.nlimits = 0;
}

static void
add_stack(struct report *r, const char *root, const char *kind,
    uint64_t total, uint64_t reserved, bool lower)
{
	struct rep_stack	*s;

	r->stacks = xreallocarray(r->stacks, r->nstacks + 1,
	    sizeof(*r->stacks));
	s = &r->stacks[r->nstacks++];
	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
	s->kind = xstrdup(kind);
	s->worst = s->total = total;
	s->reserved = reserved;
	s->warn = REPORT_NONE;
	s->lower_bound = lower;
}

Test(diff, growth_limit_parse_stack)
{
	struct growth_limit	 l;
	char			*err = NULL;

	l = limit("64:stack");
	cr_assert(l.stack);
	cr_assert_null(l.region);
	cr_assert_eq(l.value, 64);
	l = limit("12.5%:stack:task_a");
	cr_assert(l.stack && l.percent);
	cr_assert_eq(l.value, 1250);
	cr_assert_str_eq(l.region, "task_a");
	free(l.region);
	/* Only the word itself: "stacks" is a region's name. */
	l = limit("1K:stacks");
	cr_assert_not(l.stack);
	cr_assert_str_eq(l.region, "stacks");
	free(l.region);
	cr_assert_eq(growth_limit_parse(&l, "64:stack:", &err), -1);
	cr_assert_not_null(strstr(err, ":stack:ROOT"));
	free(err);
}

/* Roots pair by kind and name; one side's only roots are added or
 * removed; the gate is strictly more, in bytes or percent of reserved. */
Test(diff, stacks_paired_and_gated)
{
	struct growth_limit	*l = xcalloc(3, sizeof(*l));
	char			*err = NULL;

	add_stack(&old, "Reset_Handler", "thread", 832, 1024, false);
	add_stack(&old, "SysTick_Handler", "interrupt", 16, REPORT_NONE,
	    false);
	add_stack(&old, "task_a", "task", 24, 1024, true);
	add_stack(&new, "Reset_Handler", "thread", 960, 1024, false);
	add_stack(&new, "task_a", "interrupt", 8, REPORT_NONE, false);
	add_stack(&new, "task_a", "task", 24, 1024, true);
	diff_compute(&df, &old, &new);
	cr_assert_eq(df.nstacks, 4);
	cr_assert_eq(diff_stack_delta(&df.stacks[0]), 128);
	cr_assert(df.stacks[1].in_new && !df.stacks[1].in_old);
	cr_assert(df.stacks[2].in_old && df.stacks[2].old_lower);
	cr_assert_str_eq(df.stacks[3].root, "SysTick_Handler");
	cr_assert(!df.stacks[3].in_new);
	cr_assert_eq(diff_stack_headroom(&df.stacks[0]), 64);
	l[0] = limit("128:stack");
	l[1] = limit("12.49%:stack:Reset_Handler");
	l[2] = limit("12.5%:stack");
	cr_assert_eq(diff_apply_limits(&df, l, 3, &err), 0, "%s", err);
	cr_assert_not(l[0].exceeded);
	cr_assert(l[1].exceeded && df.stacks[0].exceeded && df.failed);
	cr_assert_not(l[2].exceeded);
	/* An interrupt handler's stack is unknown: no percentage for it. */
	cr_assert(stack_limit_skips(&l[2], &df.stacks[1]));
	growth_limits_free(l, 3);
}

Test(diff, stack_limit_needs_both_sides_and_a_root)
{
	struct growth_limit	*l = xcalloc(1, sizeof(*l));
	char			*err = NULL;

	add_stack(&new, "Reset_Handler", "thread", 960, 1024, false);
	diff_compute(&df, &old, &new);
	cr_assert_eq(df.nstacks, 0);
	l[0] = limit("1:stack");
	cr_assert_eq(diff_apply_limits(&df, l, 1, &err), -1);
	cr_assert_not_null(strstr(err, "OLD has no worst-case stack"), "%s",
	    err);
	free(err);
	diff_free(&df);
	add_stack(&old, "Reset_Handler", "thread", 900, 1024, false);
	diff_compute(&df, &old, &new);
	growth_limits_free(l, 1);
	l = xcalloc(1, sizeof(*l));
	l[0] = limit("1:stack:main");
	cr_assert_eq(diff_apply_limits(&df, l, 1, &err), -1);
	cr_assert_str_eq(err, "growth limit 1:stack:main: no stack root main "
	    "in either input");
	free(err);
	growth_limits_free(l, 1);
}
