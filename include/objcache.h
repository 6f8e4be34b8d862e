/*
 * Input objects (src/input/objcache.c), for the init-data rule. An
 * objcache opens each object file or archive once and answers questions
 * about one input section of one object, the way the map names it: PATH
 * alone, or PATH(MEMBER) for an archive member. What needs libelf is in
 * src/input/elf_image.c, behind image.h's image_obj* calls.
 */
#ifndef MEMFIT_OBJCACHE_H
#define MEMFIT_OBJCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct obj_symbol {
	const char	*name;
	uint64_t	 offset;	/* within the section */
	uint64_t	 size;
};

struct obj_section {
	const char		*name;
	bool			 nobits;
	bool			 big_endian;	/* the object's byte order */
	uint64_t		 size;
	const unsigned char	*data;		/* NULL when nobits */
	bool			 has_relocs;	/* a .rel/.rela targets it */
	struct obj_symbol	*symbols;	/* defined here, if asked for */
	size_t			 nsymbols;
};

struct objcache;

void	objcache_new(struct objcache **out);
void	objcache_free(struct objcache *);
/*
 * Objects modified after *T (the map's time) are counted as they are
 * opened: rebuilt since the link, what they hold may not be what was
 * linked. objcache_newer returns how many, and in *list (allocated) the
 * first few paths, or 0 and NULL.
 */
void	objcache_newer_than(struct objcache *, const struct timespec *t);
size_t	objcache_newer(const struct objcache *, char **list);

/*
 * Find input section SECNAME of PATH (MEMBER == NULL) or of archive member
 * PATH(MEMBER). When several sections share the name, the one of SIZE is
 * taken. Returns 0 with *out pointing into the cache (valid until
 * objcache_free), or -1 with *err set to an allocated one-line reason (file
 * missing, not an object, no such section, size differs: object changed
 * since the link), without the object's name: the caller says which.
 * SHF_MERGE and code sections may differ in size (ld merges strings and
 * relaxes code); a lone one of that name is taken whatever its size.
 * Symbols are read only if SYMBOLS (nsymbols is 0 until a call asks for
 * them; the answer is the same): the object, function and untyped ones,
 * not the "$d"-style mapping symbols. Without them an answer needs the
 * object's headers and, unless SHT_NOBITS, the section's bytes.
 */
int	objcache_section(const struct obj_section **out, struct objcache *,
	    const char *path, const char *member, const char *secname,
	    uint64_t size, bool symbols, char **err);

#endif
