/*
 * Address ranges -> compile unit: the lookups (see units.h). Pure; the
 * ranges come from dwarf_lines.c.
 */
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "util.h"

static int
range_cmp(const void *va, const void *vb)
{
	const struct unit_range	*a = va, *b = vb;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->hi < b->hi ? 1 : a->hi > b->hi ? -1 : 0;
}

void
units_finish(struct units *u)
{
	size_t	i, n = 0;

	xqsort(u->ranges, u->n, sizeof(*u->ranges), range_cmp);
	for (i = 0; i < u->n; i++) {
		if (u->ranges[i].hi <= u->ranges[i].lo)
			continue;
		/* An alias of a variable, a cold part inside a function. */
		if (n > 0 && u->ranges[i].lo < u->ranges[n - 1].hi)
			continue;
		u->ranges[n++] = u->ranges[i];
	}
	u->n = n;
}

const struct unit_range *
units_at(const struct units *u, uint64_t addr)
{
	size_t	lo = 0, hi = u->n, mid;

	/* The first range that ends after ADDR. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (u->ranges[mid].hi <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < u->n ? &u->ranges[lo] : NULL;
}

void
units_free(struct units *u)
{
	size_t	i;

	if (u == NULL)
		return;
	for (i = 0; i < u->nnames; i++)
		free(u->names[i]);
	free(u->names);
	free(u->ranges);
	memset(u, 0, sizeof(*u));
}

bool
units_is_ltrans(const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 len;

	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	/* ld.lld compiles the bitcode in memory and calls it lto.tmp */
	if (strcmp(base, "lto.tmp") == 0)
		return true;
	return strstr(base, ".ltrans") != NULL && len > 2 &&
	    strcmp(base + len - 2, ".o") == 0;
}
