/*
 * quantity.c: the accepted and the refused forms of sizes, percentages and
 * counts, with the edges where the board loader, diff's growth limits and
 * size --top used to disagree (a lone "%", ".5%", "010", overflow).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "quantity.h"
#include "util.h"

struct size_case {
	const char	*s;
	uint64_t	 v;
};

struct bad_case {
	const char	*s;
	const char	*why;	/* substring of the message */
};

Test(quantity, sizes_accepted)
{
	static const struct size_case ok[] = {
		{ "0", 0 }, { "1024", 1024 }, { "0x400", 0x400 },
		{ "0X1f", 0x1f }, { "0xABCdef", 0xabcdef }, { "0K", 0 },
		{ "4K", 4096 }, { "1M", 1 << 20 }, { "2G", 2ULL << 30 },
		{ "0x10K", 16 * 1024 }, { "0x00", 0 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "17179869183G", 17179869183ULL << 30 },
	};
	const char	*why;
	uint64_t	 v;
	size_t		 i;

	for (i = 0; i < ARRAY_LEN(ok); i++) {
		v = 12345;
		cr_assert_eq(parse_size(&v, ok[i].s, &why), 0, "%s", ok[i].s);
		cr_expect_eq(v, ok[i].v, "%s", ok[i].s);
	}
}

Test(quantity, sizes_refused)
{
	static const struct bad_case bad[] = {
		{ "", "expected a number" }, { "K", "expected a number" },
		{ "-1", "expected a number" }, { "+1", "expected a number" },
		{ " 1", "expected a number" }, { "0x", "expected a number" },
		{ "0xG", "expected a number" }, { "1 ", "bad size suffix" },
		{ "1.5K", "bad size suffix" }, { "1KB", "bad size suffix" },
		{ "2k", "bad size suffix" }, { "1e3", "bad size suffix" },
		{ "12Q", "bad size suffix" }, { "1K:", "bad size suffix" },
		{ "010", "leading zero" }, { "096K", "leading zero" },
		{ "00", "leading zero" },
		{ "18446744073709551616", "64 bits" },
		{ "0x10000000000000000", "64 bits" },
		{ "18014398509481984M", "64 bits" },
		{ "17179869184G", "64 bits" },
	};
	const char	*why;
	uint64_t	 v = 7;
	size_t		 i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		why = NULL;
		cr_assert_eq(parse_size(&v, bad[i].s, &why), -1, "\"%s\"",
		    bad[i].s);
		cr_expect_not_null(strstr(why, bad[i].why), "\"%s\": %s",
		    bad[i].s, why);
		cr_expect_eq(v, 7, "\"%s\" wrote *out", bad[i].s);
	}
}

Test(quantity, uint_takes_no_suffix)
{
	const char	*why;
	uint64_t	 v;

	cr_assert_eq(parse_uint(&v, "0x20000000", &why), 0);
	cr_expect_eq(v, 0x20000000);
	cr_assert_eq(parse_uint(&v, "4096", &why), 0);
	cr_expect_eq(v, 4096);
	cr_assert_eq(parse_uint(&v, "128M", &why), -1);
	cr_expect_str_eq(why, "expected a number (decimal or 0x hex)");
	cr_assert_eq(parse_uint(&v, "-4096", &why), -1);
	cr_expect_str_eq(why, "expected a number (decimal or 0x hex)");
	cr_assert_eq(parse_uint(&v, "010", &why), -1);
	cr_expect_str_eq(why,
	    "leading zero in a decimal number (write 0x... for hex)");
}

Test(quantity, percents_accepted)
{
	static const struct {
		const char	*s;
		uint32_t	 v;
	} ok[] = {
		{ "0%", 0 }, { "90%", 9000 }, { "92.5%", 9250 },
		{ "0.5%", 50 }, { "0.25%", 25 }, { "100%", 10000 },
		{ "100.00%", 10000 }, { "85.5%", 8550 }, { "5.%", 500 },
		{ "007%", 700 },
	};
	const char	*why;
	uint32_t	 v;
	size_t		 i;

	for (i = 0; i < ARRAY_LEN(ok); i++) {
		cr_assert_eq(parse_percent(&v, ok[i].s, true, &why), 0, "%s",
		    ok[i].s);
		cr_expect_eq(v, ok[i].v, "%s", ok[i].s);
	}
}

/* "%" was 0% in a board and an error in diff; ".5%" the other way round. */
Test(quantity, percents_refused)
{
	static const char *const bad[] = {
		"", "%", ".%", ".5%", "90", "92.125%", "1%%", "1.2.3%",
		"-1%", "+1%", " 1%", "1 %", "1e2%", "50%x", "0x10%", "5K%",
		"99999999999999999999%",
	};
	const char	*why;
	uint32_t	 v = 7;
	size_t		 i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		why = NULL;
		cr_assert_eq(parse_percent(&v, bad[i], false, &why), -1,
		    "\"%s\"", bad[i]);
		cr_expect_str_eq(why,
		    "bad percentage (write e.g. 90% or 92.5%)", "%s", bad[i]);
		cr_expect_eq(v, 7, "\"%s\" wrote *out", bad[i]);
	}
}

Test(quantity, percent_cap_is_the_callers)
{
	const char	*why;
	uint32_t	 v;

	cr_assert_eq(parse_percent(&v, "100.01%", true, &why),
	    QUANTITY_ABOVE_100);
	cr_expect_str_eq(why, "above 100%");
	cr_assert_eq(parse_percent(&v, "150%", true, &why),
	    QUANTITY_ABOVE_100);
	cr_assert_eq(parse_percent(&v, "150%", false, &why), 0);
	cr_expect_eq(v, 15000);
	cr_assert_eq(parse_percent(&v, "42949672.95%", false, &why), 0);
	cr_expect_eq(v, UINT32_MAX);
	cr_assert_eq(parse_percent(&v, "42949672.96%", false, &why), -1);
}

Test(quantity, counts)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "0x10", "10K", "1.0", "010", "00",
		"18446744073709551616",
	};
	const char	*why;
	uint64_t	 v;
	size_t		 i;

	cr_assert_eq(parse_count(&v, "0", &why), 0);
	cr_expect_eq(v, 0);
	cr_assert_eq(parse_count(&v, "20", &why), 0);
	cr_expect_eq(v, 20);
	cr_assert_eq(parse_count(&v, "18446744073709551615", &why), 0);
	cr_expect_eq(v, UINT64_MAX);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		why = NULL;
		cr_expect_eq(parse_count(&v, bad[i], &why), -1, "\"%s\"",
		    bad[i]);
		cr_expect_not_null(why, "\"%s\"", bad[i]);
	}
}
