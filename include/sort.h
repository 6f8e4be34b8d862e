/*
 * Sorting (src/base/sort.c).
 */
#ifndef MEMFIT_SORT_H
#define MEMFIT_SORT_H

#include <stddef.h>
#include <stdint.h>

/* qsort(3) that accepts an empty or NULL array (glibc's does not). */
void	 xqsort(void *, size_t, size_t, int (*)(const void *, const void *));
/* xqsort by CMP where CMP orders by KEY first; linear but for ties. */
void	 xsort_keyed(void *, size_t, size_t, uint64_t (*key)(const void *),
	    int (*cmp)(const void *, const void *));

#endif
