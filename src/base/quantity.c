/*
 * Sizes, percentages and counts as a user writes them (quantity.h). The
 * board loader, diff's growth limits and size --top used to parse these
 * three times and disagreed at the edges; this is the one definition.
 * Pure: no allocation, no I/O, so a parser never depends on its caller.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "quantity.h"

#define WHY_NUMBER	"expected a number (decimal or 0x hex)"
#define WHY_ZERO	"leading zero in a decimal number (write 0x... for hex)"
#define WHY_BIG		"value does not fit in 64 bits"
#define WHY_SUFFIX	"bad size suffix (use K, M or G, 1024-based)"
#define WHY_PERCENT	"bad percentage (write e.g. 90% or 92.5%)"
#define WHY_COUNT	"expected a decimal number"

static int
digit_value(char ch, unsigned base)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (base == 16 && ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (base == 16 && ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Digits in BASE from *p, advancing it past them. Returns 0, or -1 with
 * *why when there is no digit or the value overflows.
 */
static int
scan_digits(uint64_t *out, const char **p, unsigned base, const char **why)
{
	const char	*s = *p;
	uint64_t	 v = 0;
	int		 dv;

	for (; (dv = digit_value(*s, base)) >= 0; s++) {
		if (v > (UINT64_MAX - (uint64_t)dv) / base) {
			*why = WHY_BIG;
			return -1;
		}
		v = v * base + (uint64_t)dv;
	}
	if (s == *p) {
		*why = WHY_NUMBER;
		return -1;
	}
	*out = v;
	*p = s;
	return 0;
}

/* The number at the start of S; *end is what follows it. */
static int
scan_uint(uint64_t *out, const char *s, const char **end, const char **why)
{
	unsigned	base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		*why = WHY_ZERO;
		return -1;
	}
	*end = s;
	return scan_digits(out, end, base, why);
}

int
parse_uint(uint64_t *out, const char *s, const char **why)
{
	const char	*end;
	uint64_t	 v;

	if (scan_uint(&v, s, &end, why) < 0)
		return -1;
	if (*end != '\0') {
		*why = WHY_NUMBER;
		return -1;
	}
	*out = v;
	return 0;
}

int
parse_size(uint64_t *out, const char *s, const char **why)
{
	const char	*end;
	uint64_t	 v, mul = 1;

	if (scan_uint(&v, s, &end, why) < 0)
		return -1;
	if (*end != '\0') {
		if (end[1] != '\0' || strchr("KMG", *end) == NULL) {
			*why = WHY_SUFFIX;
			return -1;
		}
		mul = (uint64_t)1 << (*end == 'K' ? 10 : *end == 'M' ? 20 : 30);
		if (v > UINT64_MAX / mul) {
			*why = WHY_BIG;
			return -1;
		}
	}
	*out = v * mul;
	return 0;
}

/*
 * Hundredths are accumulated in 64 bits and bounded before each step, so
 * a long run of digits is refused rather than wrapped. "5.%" is 5%: both
 * old parsers took it and boards may have it.
 */
int
parse_percent(uint32_t *hundredths, const char *s, bool upto100,
    const char **why)
{
	uint64_t	v = 0;
	int		decimals = -1;

	*why = WHY_PERCENT;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s != '%'; s++) {
		if (*s == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || decimals == 2 || v > UINT32_MAX)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		if (decimals >= 0)
			decimals++;
	}
	if (s[1] != '\0')
		return -1;
	for (decimals = decimals < 0 ? 0 : decimals; decimals < 2; decimals++)
		v *= 10;
	if (v > UINT32_MAX)
		return -1;
	if (upto100 && v > 10000) {
		*why = "above 100%";
		return QUANTITY_ABOVE_100;
	}
	*hundredths = (uint32_t)v;
	return 0;
}

int
parse_count(uint64_t *out, const char *s, const char **why)
{
	const char	*end = s;
	uint64_t	 v;

	*why = WHY_COUNT;
	if (*s < '0' || *s > '9')
		return -1;
	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		*why = "leading zero in a decimal number";
		return -1;
	}
	if (scan_digits(&v, &end, 10, why) < 0)
		return -1;
	if (*end != '\0') {
		*why = WHY_COUNT;
		return -1;
	}
	*out = v;
	return 0;
}

bool
size_in_units(char *buf, size_t len, uint64_t v)
{
	if (v != 0 && v % (1ULL << 20) == 0)
		snprintf(buf, len, "%" PRIu64 "M", v >> 20);
	else if (v != 0 && v % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "K", v >> 10);
	else
		return false;
	return true;
}
