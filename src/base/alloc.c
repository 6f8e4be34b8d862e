/*
 * Allocation that cannot fail, and the allocator tuning behind it: fresh
 * memory populated in bulk and a fixed mmap threshold (page faults and
 * system calls dominate large checks on virtual machines; BENCHMARKS.md).
 */
#include <sys/mman.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "memfit.h"

static void __attribute__((noreturn))
out_of_memory(void)
{
	fputs("memfit: error: out of memory\n", stderr);
	exit(MEMFIT_EXIT_ERROR);
}

void
memfit_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "memfit: internal error at %s:%d (version %s): %s\n",
	    file, line, MEMFIT_VERSION, msg);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t sz)
{
	void	*p;

	if (sz != 0 && n > SIZE_MAX / sz)
		out_of_memory();
	p = realloc(old, n * sz != 0 ? n * sz : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*p;

	if (vasprintf(&p, fmt, ap) < 0)
		out_of_memory();
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

#define MMAP_MIN	(1024 * 1024)
#define HUGE_PAGE	((uintptr_t)2 * 1024 * 1024)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMFIT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(MEMFIT_ASAN)
/*
 * Sanitizer builds only. After a dlopen (libdw, libstdc++) LeakSanitizer
 * can misread glibc's table of dynamic TLS blocks and scan a bogus range:
 * its tracer faults ("Tracer caught signal 11") and a clean run exits 1.
 * memfit keeps no heap pointers in thread-local storage, so not following
 * __tls_get_addr loses nothing. ASAN_OPTIONS still overrides this.
 */
const char	*__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "intercept_tls_get_addr=0";
}
#endif

static uintptr_t	page_size = 4096;	/* mem_setup asks the system */

/*
 * glibc's allocator tuned for a short run over large inputs, where system
 * calls cost tens of microseconds each on a virtual machine. Blocks of
 * 1 MiB and up get their own mapping and grow by mremap (mem_prefault
 * takes the new pages); the fixed threshold stops glibc from moving it up
 * after the first free, which put growing arrays back on the heap. The heap
 * grows and shrinks in 1 MiB steps, not one brk call per block.
 */
void
mem_setup(void)
{
	long	n = sysconf(_SC_PAGESIZE);

	if (n > 0 && (n & (n - 1)) == 0)
		page_size = (uintptr_t)n;
#ifdef M_MMAP_THRESHOLD
	(void)mallopt(M_MMAP_THRESHOLD, MMAP_MIN);
	(void)mallopt(M_TOP_PAD, MMAP_MIN);
	(void)mallopt(M_TRIM_THRESHOLD, 4 * MMAP_MIN);
#endif
}

/*
 * Ask for huge pages over the whole 2 MiB blocks of [P, P + N). Populating
 * is not enough on the virtual machine memfit is benchmarked on: the first
 * write to each 4 KiB page still cost ~6 us after MADV_POPULATE_WRITE (8 MB
 * written in 13 ms), against 0.3 ms in 2 MiB pages. The kernel uses them
 * only where transparent huge pages are "madvise" or "always".
 */
void
mem_hugepages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	 b = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t	 e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);

	if (e > b)
		(void)madvise((void *)b, e - b, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * Map in the pages of fresh memory that will be written soon, in one call.
 * A page fault costs several microseconds on virtual machines, ten times the
 * cost per page of populating a range at once, and large maps touch tens of
 * thousands of fresh pages. Small ranges and kernels without
 * MADV_POPULATE_WRITE (Linux < 5.14) take the faults as before.
 */
void
mem_prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t	 b = ((uintptr_t)p + page_size - 1) & ~(page_size - 1);
	uintptr_t	 e = ((uintptr_t)p + n) & ~(page_size - 1);

	if (n < PREFAULT_MIN || e <= b)
		return;
	mem_hugepages((void *)b, e - b);
	(void)madvise((void *)b, e - b, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * N bytes to be written soon (freed with free), populated. Blocks of 2 MiB
 * and up are 2 MiB-aligned and whole, so that huge pages back all of them
 * (glibc's own mappings start 16 bytes past a page and would get none).
 */
void *
xmalloc_populated(size_t n)
{
	void	*p;

	if (n < HUGE_PAGE)
		p = xmalloc(n);
	else if (n > SIZE_MAX - HUGE_PAGE ||
	    (p = aligned_alloc(HUGE_PAGE, (n + HUGE_PAGE - 1) &
	    ~(HUGE_PAGE - 1))) == NULL)
		out_of_memory();
	mem_prefault(p, n);
	return p;
}

void
array_grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	void	**p = arr, *np;
	size_t	  ncap;

	if (n <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < n) {
		if (ncap > SIZE_MAX / 2)
			out_of_memory();
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / sz)
		out_of_memory();
	if ((*cap * sz < MMAP_MIN && ncap * sz >= PREFAULT_MIN) ||
	    ncap * sz >= HUGE_PAGE) {
		/*
		 * Off the heap: realloc would copy into unmapped pages. From
		 * 2 MiB on, realloc's mremap would leave the block unaligned
		 * (no huge pages): the copy costs less than the page touches.
		 */
		np = xmalloc_populated(ncap * sz);
		if (*cap > 0)
			memcpy(np, *p, *cap * sz);
		free(*p);
		*p = np;
	} else {
		*p = xreallocarray(*p, ncap, sz);
		mem_prefault((char *)*p + *cap * sz, (ncap - *cap) * sz);
	}
	*cap = ncap;
}
