/*
 * A linked firmware image as memfit needs it: allocated sections with their
 * run (VMA) and load (LMA) addresses, and symbols. Built from an ELF file by
 * the ELF reader (src/input/elf_image.c, the only user of <libelf.h>/<gelf.h>).
 *
 * Also: input object files and archive members named by a map (for the
 * init-data rule). Source positions from DWARF: dwarf_lines.h.
 */
#ifndef MEMFIT_IMAGE_H
#define MEMFIT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "diag.h"

struct img_section {
	const char	*name;
	uint64_t	 vma;
	uint64_t	 lma;		/* from the PT_LOAD that holds it */
	uint64_t	 size;
	uint64_t	 flags;		/* SHF_* bits as in the file */
	uint32_t	 type;		/* SHT_* */
	uint32_t	 index;		/* section header index */
	bool		 alloc;		/* SHF_ALLOC */
	bool		 nobits;	/* SHT_NOBITS: no bytes in the file */
	bool		 loaded;	/* inside a PT_LOAD with file bytes */
};

enum img_sym_type {
	SYM_NOTYPE,
	SYM_OBJECT,
	SYM_FUNC,
	SYM_SECTION,
	SYM_FILE,
	SYM_OTHER
};

struct img_symbol {
	const char	*name;
	uint64_t	 value;		/* Thumb bit cleared for functions */
	uint64_t	 size;
	uint32_t	 shndx;		/* section index; 0 = undefined */
	enum img_sym_type type;
	bool		 local;
	bool		 weak;
};

struct image {
	char			*path;
	unsigned		 elfclass;	/* 32 or 64 */
	bool			 big_endian;
	unsigned		 machine;	/* e_machine */
	struct img_section	*sections;	/* every section, index order
						   (0 is the null section) */
	size_t			 nsections;
	struct img_symbol	*symbols;	/* .symtab (or .dynsym) */
	size_t			 nsymbols;
	bool			 has_symtab;	/* .symtab or .dynsym read */
	bool			 has_debug_info;
	void			*priv;		/* names and symbols storage */
};

/*
 * Read the ELF file at PATH. Problems are added to D as "PATH: error: ..."
 * (one line, no crash on any input). Returns 0 or -1.
 */
int	image_load(struct image **out, const char *path, struct diags *d);
/* Same from memory (NAME for messages); the buffer may be freed after. */
int	image_load_buffer(struct image **out, const char *name,
	    const void *buf, size_t len, struct diags *d);
void	image_free(struct image *);

/* The section with header index IDX, or NULL. */
const struct img_section *image_section(const struct image *, uint32_t idx);

/*
 * Input objects. An objcache opens each object file or archive once and
 * answers questions about one input section of one object, the way the map
 * names it: PATH alone, or PATH(MEMBER) for an archive member.
 */
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
	struct obj_symbol	*symbols;	/* defined in this section */
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
 * Symbols are the object, function and untyped ones, not the "$d"-style
 * mapping symbols.
 */
int	objcache_section(const struct obj_section **out, struct objcache *,
	    const char *path, const char *member, const char *secname,
	    uint64_t size, char **err);

/*
 * For src/input/dwarf_lines.c: the bytes of section NAME of ELF, an Elf * that
 * libdw opened, and its byte order; NULL when missing or compressed.
 */
const unsigned char *image_elf_bytes(void *elf, const char *name,
	    size_t *size, bool *big_endian);

#endif
