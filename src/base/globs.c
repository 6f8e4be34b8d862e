/*
 * Globs on names: compiled once into the shape their matching needs, since
 * board globs are tried on every symbol of a link.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "globs.h"

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
