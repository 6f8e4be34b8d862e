/*
 * Allocation that cannot fail, a growable string buffer, and small helpers.
 *
 * Allocation failure exits the program (as tmux's xmalloc does): memfit is a
 * short-lived CLI, so error paths are kept for real input errors only.
 */
#ifndef MEMFIT_UTIL_H
#define MEMFIT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* Once, first thing in main: the allocation policy mem_prefault needs. */
void	 mem_setup(void);

/* Grow *arr (of *cap elements of size sz) so that it holds at least n. */
void	 array_grow(void *arr, size_t *cap, size_t n, size_t sz);
#define ARRAY_PUSH(arr, n, cap) \
	(array_grow(&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

/*
 * A growable, always NUL-terminated byte buffer. Writers append and never
 * check for errors; allocation failure exits (see above).
 */
struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

void	 sb_init(struct strbuf *);
void	 sb_free(struct strbuf *);
void	 sb_add(struct strbuf *, const void *, size_t);
void	 sb_puts(struct strbuf *, const char *);
void	 sb_putc(struct strbuf *, char);
void	 sb_put_u64(struct strbuf *, uint64_t);
void	 sb_put_i64(struct strbuf *, int64_t);
void	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vprintf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*sb_detach(struct strbuf *);
/*
 * S with control characters (and DEL) written as \n, \r, \t or \xHH, so
 * that text from inputs cannot move the cursor, ring, or forge a line.
 */
void	 sb_put_escaped(struct strbuf *, const char *s);
char	*str_escape_controls(const char *s);	/* NULL when none */
bool	 str_has_controls(const char *s);

/* qsort(3) that accepts an empty or NULL array (glibc's does not). */
void	 xqsort(void *, size_t, size_t, int (*)(const void *, const void *));
/* xqsort by CMP where CMP orders by KEY first; linear but for ties. */
void	 xsort_keyed(void *, size_t, size_t, uint64_t (*key)(const void *),
	    int (*cmp)(const void *, const void *));

/* fnmatch(3)-style glob on names: '*', '?' and '[...]', no path rules. */
bool	 glob_match(const char *pattern, const char *name);

/*
 * A glob sorted once into the shape its matching needs, for a pattern
 * tried on every symbol of a link: "name", "lit*", "*lit", "*lit*" and
 * "l?t" by string compares, any other through fnmatch(3). Points into PATTERN.
 */
enum glob_shape { GLOB_EXACT, GLOB_PREFIX, GLOB_SUFFIX, GLOB_INFIX, GLOB_QMARK,
	GLOB_FULL };
struct glob {
	const char	*pattern;
	const char	*lit;		/* the literal part */
	size_t		 len;
	enum glob_shape	 shape;
};
void	 glob_compile(struct glob *, const char *pattern);
/* NAME is NAMELEN bytes long (its strlen). */
bool	 glob_test(const struct glob *, const char *name, size_t namelen);

/* 64-bit FNV-1a over a buffer: stable content hash for generated files. */
uint64_t hash_fnv1a64(const void *, size_t);

/* Levenshtein distance, capped: for "did you mean" suggestions. */
unsigned edit_distance(const char *, const char *);

#endif
