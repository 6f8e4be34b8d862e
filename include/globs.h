/*
 * Globs on names (src/base/globs.c).
 */
#ifndef MEMFIT_GLOBS_H
#define MEMFIT_GLOBS_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
