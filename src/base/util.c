/*
 * Allocation wrappers, string buffer and small string helpers shared by
 * every module. Nothing here knows about boards, maps or ELF files.
 */
#include <sys/mman.h>

#include <errno.h>
#include <fnmatch.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memfit.h"
#include "util.h"

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

	if (n >= PREFAULT_MIN && e > b)
		(void)madvise((void *)b, e - b, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
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
	if (*cap * sz < MMAP_MIN && ncap * sz >= PREFAULT_MIN) {
		/* Off the heap: realloc would copy into unmapped pages. */
		np = xmalloc(ncap * sz);
		mem_prefault(np, ncap * sz);
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

void
sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void
sb_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		array_grow(&sb->buf, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		array_grow(&sb->buf, &sb->cap, sb->len + 2, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

/*
 * Decimal by hand: parsing a format for each integer was a large part of
 * `memfit size --symbols --format json`: several per symbol, for 264 000
 * symbols on the 8 000-unit bench link.
 */
void
sb_put_u64(struct strbuf *sb, uint64_t v)
{
	char	 digits[20], *p = digits + sizeof(digits);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sb_add(sb, p, (size_t)(digits + sizeof(digits) - p));
}

void
sb_put_i64(struct strbuf *sb, int64_t v)
{
	if (v >= 0) {
		sb_put_u64(sb, (uint64_t)v);
		return;
	}
	sb_putc(sb, '-');
	sb_put_u64(sb, -(uint64_t)v);	/* unsigned: defined for INT64_MIN */
}

void
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	 ap2;
	size_t	 room;
	int	 n;

	/* Format straight into the spare room; only a miss formats twice. */
	array_grow(&sb->buf, &sb->cap, sb->len + 64, 1);
	room = sb->cap - sb->len;
	va_copy(ap2, ap);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		MEMFIT_BUG("bad format");
	if ((size_t)n >= room) {
		array_grow(&sb->buf, &sb->cap, sb->len + (size_t)n + 1, 1);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *
sb_detach(struct strbuf *sb)
{
	char	*p = sb->buf ? sb->buf : xstrdup("");

	sb_init(sb);
	return p;
}

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

static bool
has_glob_chars(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '\\')
			return true;
	return false;
}

/* Some '?' and no other glob character: a fixed-length pattern. */
static bool
only_qmarks(const char *s, size_t n)
{
	return memchr(s, '?', n) != NULL && strpbrk(s, "*[\\") == NULL;
}

/*
 * S and PAT, both LEN bytes, agree where PAT has no '?'. Not inlined: it
 * would cost glob_test's other shapes register saves on every call.
 */
static bool __attribute__((noinline))
qmark_eq(const char *s, const char *pat, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (pat[i] != s[i] && pat[i] != '?')
			return false;
	return true;
}

/*
 * The shapes boards use, by plain string compares: matching every symbol
 * of a big link against the DMA globs made fnmatch a tenth of check's time.
 */
void
glob_compile(struct glob *g, const char *pattern)
{
	size_t	plen = strlen(pattern), lead, tail;

	lead = pattern[0] == '*';
	tail = plen > lead && pattern[plen - 1] == '*';
	g->pattern = pattern;
	g->lit = pattern + lead;
	g->len = plen - lead - tail;
	if (!lead && !tail && only_qmarks(pattern, plen))
		g->shape = GLOB_QMARK;
	else if (has_glob_chars(g->lit, g->len))
		g->shape = GLOB_FULL;
	else
		g->shape = lead && tail ? GLOB_INFIX : lead ? GLOB_SUFFIX :
		    tail ? GLOB_PREFIX : GLOB_EXACT;
}

/*
 * Does S[0, N) contain LIT[0, LEN)? Names are short and full of the
 * literal's first character ('_'): a plain loop on the first two bytes
 * beats a memchr call per candidate.
 */
static bool
contains(const char *s, size_t n, const char *lit, size_t len)
{
	size_t	i;

	if (len < 2)
		return len == 0 || memchr(s, lit[0], n) != NULL;
	for (i = 0; i + len <= n; i++)
		if (s[i] == lit[0] && s[i + 1] == lit[1] &&
		    memcmp(s + i + 2, lit + 2, len - 2) == 0)
			return true;
	return false;
}

bool
glob_test(const struct glob *g, const char *name, size_t nlen)
{
	switch (g->shape) {
	case GLOB_EXACT:
		return nlen == g->len && memcmp(name, g->lit, nlen) == 0;
	case GLOB_PREFIX:
		return nlen >= g->len && memcmp(name, g->lit, g->len) == 0;
	case GLOB_SUFFIX:
		return nlen >= g->len &&
		    memcmp(name + nlen - g->len, g->lit, g->len) == 0;
	case GLOB_INFIX:
		return contains(name, nlen, g->lit, g->len);
	default:
		break;
	}
	/* "m00??5_buf": in the C locale, '?' stands for one byte. */
	if (g->shape == GLOB_QMARK)
		return nlen == g->len && qmark_eq(name, g->lit, nlen);
	return fnmatch(g->pattern, name, 0) == 0;
}

bool
glob_match(const char *pattern, const char *name)
{
	struct glob	g;

	glob_compile(&g, pattern);
	return glob_test(&g, name, strlen(name));
}

uint64_t
hash_fnv1a64(const void *p, size_t n)
{
	const unsigned char	*s = p;
	uint64_t		 h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

unsigned
edit_distance(const char *a, const char *b)
{
	size_t		 la = strlen(a), lb = strlen(b), i, j;
	unsigned	 row[64], prev, tmp, best;

	if (lb >= 64 || la >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

void
sb_put_escaped(struct strbuf *sb, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			sb_putc(sb, (char)*p);
		else if (*p == '\n')
			sb_puts(sb, "\\n");
		else if (*p == '\r')
			sb_puts(sb, "\\r");
		else if (*p == '\t')
			sb_puts(sb, "\\t");
		else
			sb_printf(sb, "\\x%02x", *p);
	}
}

bool
str_has_controls(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

char *
str_escape_controls(const char *s)
{
	struct strbuf		 sb;

	if (!str_has_controls(s))
		return NULL;
	sb_init(&sb);
	sb_put_escaped(&sb, s);
	return sb_detach(&sb);
}
