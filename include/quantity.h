/*
 * Quantities typed by a user: sizes ("4K", "0x1000"), percentages ("92.5%")
 * and counts ("20"), parsed the same way in a board file and on the command
 * line (man/memfit-board.5, "Size" and "Percentage").
 *
 * Each parser takes the whole string: anything after the quantity (a space,
 * a sign, a second suffix) is an error. Leading zeros in decimal are refused
 * everywhere, since YAML 1.1 reads 010 as octal. On error the functions
 * return -1 (or, for parse_percent, QUANTITY_ABOVE_100) and set *why to a
 * static message without the input; *out is left alone.
 */
#ifndef MEMFIT_QUANTITY_H
#define MEMFIT_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* parse_percent's return when the value is valid but above 100%. */
#define QUANTITY_ABOVE_100	(-2)

/* Decimal or 0x hex, no suffix: "4096", "0x1000". */
int	parse_uint(uint64_t *out, const char *s, const char **why);

/* parse_uint plus an optional K, M or G (1024-based): "64K", "2M". */
int	parse_size(uint64_t *out, const char *s, const char **why);

/*
 * "90%", "92.5%", "0.25%" into hundredths of a percent (9000, 9250, 25).
 * At least one digit before any dot, at most two after it; the '%' ends s.
 * With upto100, more than 100% returns QUANTITY_ABOVE_100.
 */
int	parse_percent(uint32_t *hundredths, const char *s, bool upto100,
	    const char **why);

/*
 * V as ld and a board write a size in whole units, "1008K" or "2M", into
 * BUF; false (BUF untouched) when V is 0 or not a multiple of 1K.
 */
bool	size_in_units(char *buf, size_t len, uint64_t v);

/* Plain decimal, no hex and no suffix: "20". Zero is the caller's call. */
int	parse_count(uint64_t *out, const char *s, const char **why);

#endif
