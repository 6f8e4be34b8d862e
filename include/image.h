/*
 * A linked firmware image as memfit needs it: allocated sections with their
 * run (VMA) and load (LMA) addresses, and symbols. Built from an ELF file by
 * the ELF reader (src/input/elf_image.c, the only user of <libelf.h>/<gelf.h>).
 *
 * Also the libelf side of the object cache (objcache.h) and the section
 * bytes dwarf_lines.c needs. Source positions from DWARF: dwarf_lines.h.
 */
#ifndef MEMFIT_IMAGE_H
#define MEMFIT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#define IMG_MAX_VECTORS	512	/* 16 exceptions and 496 IRQs */

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
	uint64_t		 entry;		/* e_entry */
	/*
	 * An Arm Cortex-M vector table: the words of the section whose second
	 * word is the entry point, else of a section named like one
	 * (.isr_vector, .vectors...): initial SP, reset, then the handlers;
	 * up to IMG_MAX_VECTORS, NULL when there is none.
	 */
	uint32_t		*vectors;
	size_t			 nvectors;
	uint32_t		 vector_section;
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
 * For src/input/objcache.c: the libelf side of the object cache (only
 * elf_image.c may include libelf). An img_objs is one file's objects: the
 * file itself, or each member of an archive.
 */
struct img_obj;
struct img_objs;
struct mapped_file;
struct obj_section;
struct stat;

/* How an object's section of a name compares with the one the link had. */
enum obj_match {
	MATCH_EXACT,
	MATCH_RESIZED,		/* the linker may change its size */
	MATCH_SIZE_DIFFERS,
	MATCH_NONE
};

/*
 * PATH mapped into MF with its stat in ST; refused unless a regular file.
 * Returns 0, or -1 with *err set to an allocated reason.
 */
int	image_map_file(struct mapped_file *mf, struct stat *st,
	    const char *path, char **err);
/* The objects in BUF (mapped; it must outlive *out), or -1 and *err. */
int	image_objs_open(struct img_objs **out, void *buf, size_t len,
	    char **err);
void	image_objs_free(struct img_objs *);
bool	image_objs_archive(const struct img_objs *);
size_t	image_objs_count(const struct img_objs *);
struct img_obj *image_objs_at(struct img_objs *, size_t i);
const char *image_obj_member(const struct img_obj *);	/* NULL: a file */
/* Where the object starts in its file: a member's header, else 0. */
size_t	image_obj_offset(const struct img_obj *);
/*
 * Open the object (if closed) and read its ELF and section headers: 0, or
 * -1 with *err the object's reason (valid while it is).
 */
int	image_obj_parse(struct img_obj *, const char **err);
/* Drop what parsing read; answers stay. The next parse opens it again. */
void	image_obj_close(struct img_obj *);
/* Section SECNAME of SIZE (see objcache_section); its index in *idx. */
enum obj_match image_obj_find(const struct img_obj *, const char *secname,
	    uint64_t size, size_t *idx);
uint64_t image_obj_size(const struct img_obj *, size_t idx);
/*
 * Section IDX of a parsed object, built once; its symbols too if SYMBOLS
 * (read on the first such call). Or -1 with *err (allocated).
 */
int	image_obj_section(const struct obj_section **out, struct img_obj *,
	    size_t idx, bool symbols, char **err);

/*
 * For src/input/dwarf_lines.c: the bytes of section NAME of ELF, an Elf * that
 * libdw opened, and its byte order; NULL when missing or compressed.
 */
const unsigned char *image_elf_bytes(void *elf, const char *name,
	    size_t *size, bool *big_endian);

#endif
