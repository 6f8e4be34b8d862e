/*
 * A GNU ld map file (ld -Map), parsed by memfit itself in one linear pass
 * (src/input/ldmap.c). Covers: Memory Configuration, output sections with
 * their load addresses, input sections with their object or
 * archive(member), *fill*, explicit data (BYTE, SHORT, LONG, QUAD, SQUAD),
 * symbols the map lists under input sections and names that ld wraps onto
 * the next line. Discarded input sections are skipped; the parse stops at
 * the Cross Reference Table (--cref), the last block ld writes and a third
 * of such a map, since no check needs it.
 *
 * An LLVM lld map (the "VMA LMA Size Align Out In Symbol" table) is read
 * into the same model. It has no Memory Configuration (no regions), no
 * *fill* lines (gaps between its items become MAP_IN_FILL inputs, and so
 * do script assignments that advance the location counter), and it gives
 * symbol sizes; Thumb functions lose their address bit 0, as in the ELF.
 * Its --cref table, after the map, is not read either.
 *
 * Strings point into storage owned by the ldmap; objects are interned, so
 * two inputs from the same object share one pointer.
 */
#ifndef MEMFIT_LDMAP_H
#define MEMFIT_LDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct map_region {
	const char	*name;
	uint64_t	 origin;
	uint64_t	 length;
	const char	*attrs;		/* "xr", "rw", "" */
	unsigned	 line;
};

enum map_input_kind {
	MAP_IN_SECTION,		/* an input section of an object */
	MAP_IN_FILL,		/* *fill* padding */
	MAP_IN_DATA,		/* BYTE/SHORT/LONG/QUAD/SQUAD */
	MAP_IN_COMMON		/* COMMON symbols of an object */
};

struct map_object {
	const char	*path;		/* object, or archive for members */
	const char	*member;	/* NULL unless an archive member */
	const char	*display;	/* "path" or "path(member)" */
};

struct map_input {
	enum map_input_kind	 kind;
	const char		*name;	/* input section name, "LONG"... */
	uint64_t		 addr;
	uint64_t		 size;
	const struct map_object	*object;	/* NULL for fill/data */
	size_t			 output;	/* index into outputs */
	size_t			 first_symbol;	/* into symbols */
	size_t			 nsymbols;
	unsigned		 line;
};

struct map_output {
	const char	*name;
	uint64_t	 vma;
	uint64_t	 size;
	uint64_t	 lma;		/* == vma when the map shows none */
	bool		 has_lma;	/* "load address" was printed */
	size_t		 first_input;	/* into inputs */
	size_t		 ninputs;
	unsigned	 line;
};

/* A symbol line under an input section: "0x... name". */
struct map_symbol {
	const char	*name;
	uint64_t	 addr;
	uint64_t	 size;		/* lld maps only */
	bool		 has_size;
	size_t		 input;		/* index into inputs */
};

enum map_linker {
	MAP_GNU_LD,
	MAP_LLD
};

struct ldmap {
	char			*path;
	enum map_linker		 linker;
	struct map_region	*regions;	/* no *default*; lld: none */
	size_t			 nregions;
	struct map_output	*outputs;
	size_t			 noutputs;
	struct map_input	*inputs;
	size_t			 ninputs;
	struct map_symbol	*symbols;
	size_t			 nsymbols;
	struct map_object	**objects;	/* every distinct object */
	size_t			 nobjects;
	void			*priv;		/* arena, intern table */
};

/*
 * Parse the map at PATH, a GNU ld or an LLVM lld map. Any other file
 * (empty, a gold, mold or other linker's map, binary) is an error
 * "PATH: error: not a GNU ld or LLVM lld map (...)"; a malformed line is
 * an error with PATH:LINE. CRLF line endings,
 * Windows paths and paths with spaces or non-UTF-8 bytes are read like any
 * other. Returns 0 or -1.
 */
int	ldmap_parse(struct ldmap **out, const char *path, struct diags *d);
int	ldmap_parse_buffer(struct ldmap **out, const char *name,
	    const char *buf, size_t len, struct diags *d);
void	ldmap_free(struct ldmap *);

#endif
