/*
 * LTO attribution lookups (units.c): ranges sorted and made disjoint,
 * the range at or after an address, and which object names are LTO
 * temporaries.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "util.h"

static struct units
three(void)
{
	static const struct unit_range r[] = {
		{ 0x200, 0x240, 1 },	/* variable */
		{ 0x100, 0x180, 0 },	/* function */
		{ 0x120, 0x130, 1 },	/* inside it: dropped */
		{ 0x300, 0x300, 0 },	/* empty: dropped */
	};
	struct units	u = { 0 };

	u.ranges = xcalloc(4, sizeof(*u.ranges));
	memcpy(u.ranges, r, sizeof(r));
	u.n = 4;
	units_finish(&u);
	return u;
}

Test(units, finish_sorts_and_drops_overlaps)
{
	struct units	u = three();

	cr_assert_eq(u.n, 2);
	cr_expect_eq(u.ranges[0].lo, 0x100);
	cr_expect_eq(u.ranges[0].hi, 0x180);
	cr_expect_eq(u.ranges[1].lo, 0x200);
	units_free(&u);
}

Test(units, at_gives_the_range_holding_or_after)
{
	struct units	u = three();

	cr_expect_eq(units_at(&u, 0x0ff), &u.ranges[0]);
	cr_expect_eq(units_at(&u, 0x17f), &u.ranges[0]);
	cr_expect_eq(units_at(&u, 0x180), &u.ranges[1]);
	cr_expect_eq(units_at(&u, 0x23f), &u.ranges[1]);
	cr_expect_null(units_at(&u, 0x240));
	units_free(&u);
}

Test(units, ltrans_names)
{
	cr_expect(units_is_ltrans("/tmp/ccqx1VzR.ltrans0.ltrans.o"));
	cr_expect(units_is_ltrans("/tmp/ccAbc.ltrans12.o"));
	cr_expect(units_is_ltrans("fw.ltrans.o"));
	cr_expect_not(units_is_ltrans("src/ltrans.c.o.d"));
	cr_expect_not(units_is_ltrans("/tmp/ltrans/main.c.obj"));
	cr_expect_not(units_is_ltrans("main.o"));
}
