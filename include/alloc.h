/*
 * Allocation that cannot fail (src/base/alloc.c). Allocation failure exits
 * the program (as tmux's xmalloc does): memfit is a short-lived CLI, so
 * error paths are kept for real input errors only.
 */
#ifndef MEMFIT_ALLOC_H
#define MEMFIT_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define PREFAULT_MIN	(64 * 1024)
void	 mem_prefault(void *, size_t);
/* Huge pages for the 2 MiB blocks of a range, where the kernel has them. */
void	 mem_hugepages(void *, size_t);
/* Memory about to be written: populated, in huge pages from 2 MiB up. */
void	*xmalloc_populated(size_t);
/* Once, first thing in main: the allocation policy mem_prefault needs. */
void	 mem_setup(void);

/* Grow *arr (of *cap elements of size sz) so that it holds at least n. */
void	 array_grow(void *arr, size_t *cap, size_t n, size_t sz);
/* The call only when full: pushes are per input line of large maps. */
#define ARRAY_PUSH(arr, n, cap) \
	((n) < (cap) ? (void)0 : \
	    array_grow(&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

#endif
