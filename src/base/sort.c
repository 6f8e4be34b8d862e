/*
 * Sorting: qsort(3) that takes empty arrays, and a stable radix sort by
 * address for the large arrays of big links.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sort.h"

void
xqsort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, sz, cmp);
}

struct keyidx {
	uint64_t	key;
	size_t		idx;
};

/*
 * Stable LSD radix sort of V by key, one pass per byte in which the keys
 * differ (addresses of a 32-bit target need three or four). TMP has room
 * for N; returns whichever of the two holds the result.
 */
static struct keyidx *
radix_sort(struct keyidx *v, struct keyidx *tmp, size_t n)
{
	size_t		 count[8][256], pos, i, k, nb = 0;
	unsigned	 bytes[8], b;
	uint64_t	 any = 0, all = UINT64_MAX;
	struct keyidx	*t;

	for (i = 0; i < n; i++) {
		any |= v[i].key;
		all &= v[i].key;
	}
	for (b = 0; b < 8; b++)
		if (((any ^ all) >> (8 * b)) & 0xff)
			bytes[nb++] = b;
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (k = 0; k < nb; k++)
			count[k][(v[i].key >> (8 * bytes[k])) & 0xff]++;
	for (k = 0; k < nb; k++) {
		for (i = 0, pos = 0; i < 256; i++) {
			pos += count[k][i];
			count[k][i] = pos - count[k][i];
		}
		for (i = 0; i < n; i++)
			tmp[count[k][(v[i].key >> (8 * bytes[k])) & 0xff]++] =
			    v[i];
		t = v;
		v = tmp;
		tmp = t;
	}
	return v;
}

/* Runs of equal keys in sorted BASE: CMP orders them. */
static void
sort_ties(char *base, const struct keyidx *k, size_t n, size_t sz,
    int (*cmp)(const void *, const void *))
{
	size_t	i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && k[j].key == k[i].key; j++)
			;
		if (j - i > 1)
			qsort(base + i * sz, j - i, sz, cmp);
	}
}

/*
 * The order of a stable sort by CMP, which must order by KEY first, in
 * linear time but for runs of equal keys: for the 10^5-10^6 symbols and
 * input sections of large firmware, where qsort was a tenth of a check.
 */
void
xsort_keyed(void *base, size_t n, size_t sz, uint64_t (*key)(const void *),
    int (*cmp)(const void *, const void *))
{
	struct keyidx	*k, *sorted;
	char		*src = base, *out;
	size_t		 i;

	if (n < 256) {
		xqsort(base, n, sz, cmp);
		return;
	}
	k = xreallocarray(NULL, 2 * n, sizeof(*k));
	out = xreallocarray(NULL, n, sz);
	mem_prefault(k, 2 * n * sizeof(*k));
	mem_prefault(out, n * sz);
	for (i = 0; i < n; i++) {
		k[i].key = key(src + i * sz);
		k[i].idx = i;
	}
	sorted = radix_sort(k, k + n, n);
	for (i = 0; i < n; i++)
		memcpy(out + i * sz, src + sorted[i].idx * sz, sz);
	memcpy(base, out, n * sz);
	sort_ties(base, sorted, n, sz, cmp);
	free(out);
	free(k);
}
