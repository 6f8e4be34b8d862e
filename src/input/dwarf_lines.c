/*
 * Source positions of symbols from DWARF: the only module that talks to
 * libdw. Only symbols with findings are looked up, by address (under
 * -flto the DIE in the ltrans unit has no name, only an abstract origin)
 * or else by name, all queries in one walk: the units .debug_aranges gives
 * for code, the units whose bytes hold a variable's address, then the top
 * level of every unit (globals and functions; the nested DIEs are most of
 * the debug info), then, only for function-local statics, every DIE. File
 * names come from the line program's header, read here (decl_file).
 *
 * Also the address ranges of each unit's functions and variables, which
 * size --objects charges LTO temporaries' bytes to (units.h).
 *
 * A file without usable DWARF is not an error: positions are a help, the
 * checks do not depend on them.
 *
 * libdw is opened on first use, not linked: with the three compression
 * libraries it needs it cost ~0.75 ms of every run's start, a tenth of a
 * small check, and only findings that want a source line use it. Where it
 * cannot be opened, positions stay unknown (with one warning).
 */
#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dwarf_lines.h"
#include "image.h"
#include "units.h"
#include "util.h"

/* The libdw functions used here, as dwarf_NAME. */
#define LIBDW_FUNCS(X) \
	X(addrdie) \
	X(aggregate_size) \
	X(attr) \
	X(attr_integrate) \
	X(begin) \
	X(child) \
	X(cu_getdwarf) \
	X(cu_info) \
	X(decl_file) \
	X(decl_line) \
	X(diecu) \
	X(diename) \
	X(dieoffset) \
	X(end) \
	X(errmsg) \
	X(formaddr) \
	X(formblock) \
	X(formref_die) \
	X(formstring) \
	X(formudata) \
	X(get_units) \
	X(getelf) \
	X(getlocation) \
	X(getlocation_attr) \
	X(haschildren) \
	X(lowpc) \
	X(next_unit) \
	X(offdie) \
	X(ranges) \
	X(siblingof) \
	X(tag)

#define LIBDW_PTR(name)	__typeof__(dwarf_##name) *name;
static struct {
	LIBDW_FUNCS(LIBDW_PTR)
} dw;

/* 0 when every function is there; the library stays loaded. */
static int
libdw_open(void)
{
	static int	 state;		/* 0: not tried, 1: open, -1: failed */
	void		*lib;

	if (state != 0)
		return state > 0 ? 0 : -1;
	state = -1;
	if ((lib = dlopen("libdw.so.1", RTLD_LAZY | RTLD_LOCAL)) == NULL)
		return -1;
#define LIBDW_SYM(name) \
	if ((*(void **)&dw.name = dlsym(lib, "dwarf_" #name)) == NULL) \
		return -1;
	LIBDW_FUNCS(LIBDW_SYM)
#undef LIBDW_SYM
	state = 1;
	return 0;
}

/* How well a DIE fits a query: higher is better, 0 means not at all. */
enum {
	FIT_NONE,
	FIT_NAME,		/* name only: a declaration, or no address */
	FIT_DEFINITION,		/* has an address; the query gave none */
	FIT_ADDRESS		/* its address is the query's */
};

struct unit_build;

/* Raw DWARF sections (image_elf_bytes): libdw's own, decompressed. */
struct rawsec {
	const unsigned char	*p;
	size_t			 len;
};

struct walk {
	struct srcloc_query	*q;
	size_t			 n;
	size_t			*slots;		/* query index + 1, or 0 */
	size_t			 mask;
	size_t			*byaddr;	/* queries with an address */
	size_t			 naddr;
	unsigned char		*fit;		/* per query */
	bool			*done;		/* per query */
	char			**file;		/* per query, allocated */
	size_t			 ndone;
	bool			 nested;	/* every DIE, not the top level */
	void			(*visit)(struct walk *, Dwarf_Die *);
	struct unit_build	*ub;		/* for units_from_elf */
	Dwarf			*dbg;
	bool			 big_endian;
	struct rawsec		 info, line, line_str, str;
};

/*
 * The part of a symbol name DWARF knows: GCC names function-local statics
 * "calls.0" and clones "f.constprop.0" in the symbol table, while DW_AT_name
 * is "calls" or "f". C identifiers have no dot, so cut at the first.
 */
static size_t
key_len(const char *name)
{
	const char	*dot = name[0] != '\0' ? strchr(name + 1, '.') : NULL;

	return dot != NULL ? (size_t)(dot - name) : strlen(name);
}

static struct walk	*sort_walk;

static int
addr_cmp(const void *a, const void *b)
{
	uint64_t	x = sort_walk->q[*(const size_t *)a].addr;
	uint64_t	y = sort_walk->q[*(const size_t *)b].addr;

	return x < y ? -1 : x > y;
}

static void
index_queries(struct walk *w)
{
	size_t	 i, h, size = 16;

	while (size < 2 * w->n)
		size *= 2;
	w->slots = xcalloc(size, sizeof(*w->slots));
	w->mask = size - 1;
	w->byaddr = xcalloc(w->n, sizeof(*w->byaddr));
	for (i = 0; i < w->n; i++) {
		h = hash_fnv1a64(w->q[i].name, key_len(w->q[i].name));
		while (w->slots[h & w->mask] != 0)
			h++;
		w->slots[h & w->mask] = i + 1;
		if (w->q[i].addr != 0)
			w->byaddr[w->naddr++] = i;
	}
	sort_walk = w;
	xqsort(w->byaddr, w->naddr, sizeof(*w->byaddr), addr_cmp);
}

/* The address a variable or function DIE places its entity at. */
static bool
die_address(Dwarf_Die *die, int tag, uint64_t *addr)
{
	Dwarf_Attribute	 attr, res;
	Dwarf_Op	*ops;
	Dwarf_Addr	 a;
	size_t		 nops;

	if (tag == DW_TAG_subprogram) {
		if (dw.lowpc(die, &a) != 0)
			return false;
		*addr = a;
		return true;
	}
	if (dw.attr(die, DW_AT_location, &attr) == NULL ||
	    dw.getlocation(&attr, &ops, &nops) != 0 || nops < 1)
		return false;
	if (ops[0].atom == DW_OP_addr) {
		*addr = ops[0].number;
		return true;
	}
	if ((ops[0].atom == DW_OP_addrx || ops[0].atom == DW_OP_GNU_addr_index)
	    && dw.getlocation_attr(&attr, &ops[0], &res) == 0 &&
	    dw.formaddr(&res, &a) == 0) {
		*addr = a;
		return true;
	}
	return false;
}

/* A LEN-byte unsigned at P in the file's byte order. */
static uint64_t
read_uint(const struct walk *w, const unsigned char *p, size_t len)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = 0; i < len; i++)
		v = w->big_endian ? v << 8 | p[i] : v | (uint64_t)p[i] << (8 * i);
	return v;
}

/* Reading a line program header; BAD once a read would pass END. */
struct cursor {
	const struct walk	*w;
	const unsigned char	*p, *end;
	unsigned		 offset_size;	/* 4 or 8 */
	bool			 bad;
};

static const unsigned char *
take(struct cursor *c, uint64_t len)
{
	const unsigned char	*p = c->p;

	if (c->bad || len > (size_t)(c->end - c->p)) {
		c->bad = true;
		return NULL;
	}
	c->p += len;
	return p;
}

static uint64_t
get_uint(struct cursor *c, size_t len)
{
	const unsigned char	*p = take(c, len);

	return p != NULL ? read_uint(c->w, p, len) : 0;
}

static uint64_t
get_uleb(struct cursor *c)
{
	const unsigned char	*p;
	uint64_t		 v = 0;
	unsigned		 shift = 0;

	do {
		if ((p = take(c, 1)) == NULL)
			return 0;
		if (shift < 64)
			v |= (uint64_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p & 0x80);
	return v;
}

static const char *
get_string(struct cursor *c)
{
	const unsigned char	*nul = NULL;

	if (!c->bad)
		nul = memchr(c->p, '\0', (size_t)(c->end - c->p));
	return nul != NULL ? (const char *)take(c, nul - c->p + 1) : NULL;
}

/* The next LEN bytes become all there is to read. */
static bool
narrow(struct cursor *c, uint64_t len)
{
	const unsigned char	*p = take(c, len);

	if (p == NULL)
		return false;
	c->end = c->p;
	c->p = p;
	return true;
}

/* The string at OFF of a string section, or NULL. */
static const char *
sec_string(const struct rawsec *sec, uint64_t off)
{
	if (sec->p == NULL || off >= sec->len ||
	    memchr(sec->p + off, '\0', sec->len - off) == NULL)
		return NULL;
	return (const char *)sec->p + off;
}

/*
 * The header of the line program at OFF, up to its directory table
 * (DWARF 2-5; a version 5 header names the unit's address size).
 */
static unsigned
line_header(struct cursor *c, uint64_t off, unsigned addr_size)
{
	uint64_t	len;
	unsigned	version;

	c->p = c->w->line.p + off;
	c->end = c->w->line.p + c->w->line.len;
	c->offset_size = 4;
	if ((len = get_uint(c, 4)) == 0xffffffff) {
		c->offset_size = 8;
		len = get_uint(c, 8);
	}
	if (!narrow(c, len))
		return 0;
	version = (unsigned)get_uint(c, 2);
	if (version < 2 || version > 5 || (version == 5 &&
	    (get_uint(c, 1) != addr_size || get_uint(c, 1) != 0)))
		return 0;
	if (!narrow(c, get_uint(c, c->offset_size)))	/* header_length */
		return 0;
	/* Instruction length, ops per instruction (4+), is_stmt, line
	 * base and range, then opcode_base and the opcodes' lengths. */
	take(c, version >= 4 ? 5 : 4);
	take(c, get_uint(c, 1) - 1);
	return c->bad ? 0 : version;
}

/*
 * DIR/NAME as libdw joins them: absolute names and no DIR stay alone. A
 * relative DIR other than the unit's own is relative to the unit's
 * directory (DWARF 2-5), so with an absolute COMP_DIR it is joined to it
 * too: "../src" of a unit built in /p/build is /p/build/../src, not a
 * directory beside the one memfit runs in. A relative COMP_DIR (as
 * -fdebug-prefix-map=$PWD=. leaves) stays relative, as before.
 */
static char *
join_path(const char *comp_dir, const char *dir, const char *name)
{
	if (name[0] == '/' || dir == NULL)
		return xstrdup(name);
	if (dir != comp_dir && dir[0] != '/' && comp_dir != NULL &&
	    comp_dir[0] == '/')
		return xasprintf("%s/%s/%s", comp_dir, dir, name);
	return xasprintf("%s/%s", dir, name);
}

/*
 * DWARF 2-4: directories, then files as (name, directory, time, length),
 * both lists ending in an empty string. File 1 is the first; directory 0
 * is the unit's DW_AT_comp_dir.
 */
static char *
file_v4(struct cursor *c, uint64_t idx, const char *comp_dir)
{
	struct cursor	 dirs = *c;
	const char	*s, *name = NULL;
	uint64_t	 n, dir = 0;

	while ((s = get_string(c)) != NULL && s[0] != '\0')
		continue;
	for (n = 1; n <= idx && (s = get_string(c)) != NULL && s[0] != '\0';
	    n++) {
		name = s;
		dir = get_uleb(c);
		get_uleb(c);
		get_uleb(c);
	}
	if (c->bad || n <= idx)
		return NULL;
	for (n = 1, s = comp_dir; n <= dir; n++)
		if ((s = get_string(&dirs)) == NULL || s[0] == '\0')
			return NULL;
	return join_path(comp_dir, s, name);
}

/* One value of FORM; false for a form a line table header has no use for. */
static bool
form_value(struct cursor *c, unsigned form, const char **str, uint64_t *num)
{
	const struct walk	*w = c->w;

	*str = NULL;
	*num = 0;
	switch (form) {
	case DW_FORM_string:
		*str = get_string(c);
		break;
	case DW_FORM_line_strp:
		*str = sec_string(&w->line_str, get_uint(c, c->offset_size));
		break;
	case DW_FORM_strp:
		*str = sec_string(&w->str, get_uint(c, c->offset_size));
		break;
	case DW_FORM_udata:
		*num = get_uleb(c);
		break;
	case DW_FORM_data1:
	case DW_FORM_data2:
	case DW_FORM_data4:
	case DW_FORM_data8:
		*num = get_uint(c, 1u << (form == DW_FORM_data1 ? 0 :
		    form == DW_FORM_data2 ? 1 : form == DW_FORM_data4 ? 2 : 3));
		break;
	case DW_FORM_data16:
		take(c, 16);
		break;
	case DW_FORM_block:
		take(c, get_uleb(c));
		break;
	default:
		return false;
	}
	return !c->bad;
}

/*
 * Entry WANT of a DWARF 5 directory or file table: its format (content
 * codes and forms), a count, the entries. *dir is left alone when the
 * entry has no directory index.
 */
static bool
table_v5(struct cursor *c, uint64_t want, const char **path, uint64_t *dir)
{
	unsigned	 content[255], form[255], nformats, i;
	uint64_t	 count, n, num;
	const char	*str;

	nformats = (unsigned)get_uint(c, 1);
	for (i = 0; i < nformats; i++) {
		content[i] = (unsigned)get_uleb(c);
		form[i] = (unsigned)get_uleb(c);
	}
	count = get_uleb(c);
	if (nformats == 0)	/* entries of no bytes: COUNT could be 2^64 */
		return count == 0 && !c->bad;
	for (n = 0; n < count && !c->bad; n++)
		for (i = 0; i < nformats; i++) {
			if (!form_value(c, form[i], &str, &num))
				return false;
			if (n == want && content[i] == DW_LNCT_path)
				*path = str;
			else if (n == want && content[i] ==
			    DW_LNCT_directory_index)
				*dir = num;
		}
	return !c->bad;
}

/* DWARF 5: the directory table, then the file table, both from 0. */
static char *
file_v5(struct cursor *c, uint64_t idx)
{
	struct cursor	 dirs = *c, dir0 = *c;
	const char	*name = NULL, *dir = NULL, *comp_dir = NULL;
	uint64_t	 d = UINT64_MAX;

	if (!table_v5(c, UINT64_MAX, &name, &d) ||
	    !table_v5(c, idx, &name, &d) || name == NULL || d == UINT64_MAX ||
	    !table_v5(&dirs, d, &dir, &(uint64_t){ 0 }) || dir == NULL)
		return NULL;
	/* Directory 0 is the unit's own. */
	if (d != 0)
		table_v5(&dir0, 0, &comp_dir, &(uint64_t){ 0 });
	else
		comp_dir = dir;
	return join_path(comp_dir, dir, name);
}

/*
 * The name of file IDX of unit CU's line program, read from the header
 * only; NULL where this does not apply (a split unit, a unit of another
 * file) or the header cannot be read.
 */
static char *
unit_file(const struct walk *w, Dwarf_CU *cu, uint64_t idx)
{
	struct cursor	 c = { .w = w };
	Dwarf_Attribute	 attr;
	Dwarf_Die	 cudie, subdie;
	Dwarf_Word	 off;
	Dwarf_Half	 version;
	uint64_t	 id;
	uint8_t		 type, asize, osize;
	unsigned	 lversion;

	if (w->line.p == NULL || dw.cu_getdwarf(cu) != w->dbg ||
	    dw.cu_info(cu, &version, &type, &cudie, &subdie, &id, &asize,
	    &osize) != 0 || type != DW_UT_compile ||
	    dw.formudata(dw.attr(&cudie, DW_AT_stmt_list, &attr), &off) != 0 ||
	    off >= w->line.len || (lversion = line_header(&c, off, asize)) == 0)
		return NULL;
	if (lversion >= 5)
		return file_v5(&c, idx);
	return file_v4(&c, idx, dw.formstring(dw.attr(&cudie, DW_AT_comp_dir,
	    &attr)));
}

/*
 * The DIE's DW_AT_decl_file (following its abstract origin or
 * specification), named as dwarf_decl_file names it. That call decodes
 * and sorts the unit's whole line program first (libdw 0.188), most of
 * the cost of a lookup; the file table in the program's header is all
 * a name needs. dwarf_decl_file stays for what unit_file does not read.
 */
static char *
decl_file(const struct walk *w, Dwarf_Die *die)
{
	Dwarf_Attribute	 attr;
	Dwarf_Word	 idx;
	Dwarf_Half	 version;
	const char	*name;
	char		*path;

	/*
	 * File 0 is "none" before DWARF 5; in 5 it is the unit's own source,
	 * which clang names so (GCC repeats it as file 1).
	 */
	if (dw.formudata(dw.attr_integrate(die, DW_AT_decl_file, &attr),
	    &idx) != 0 || (idx == 0 && (dw.cu_info(attr.cu, &version, NULL,
	    NULL, NULL, NULL, NULL, NULL) != 0 || version < 5)))
		return NULL;
	if ((path = unit_file(w, attr.cu, idx)) != NULL)
		return path;
	return (name = dw.decl_file(die)) != NULL ? xstrdup(name) : NULL;
}

static void
close_query(struct walk *w, size_t i)
{
	if (!w->done[i]) {
		w->done[i] = true;
		w->ndone++;
	}
}

static void
offer(struct walk *w, size_t i, Dwarf_Die *die, int fit)
{
	char	*file;
	int	 line;

	if (w->done[i] || fit <= w->fit[i] ||
	    (file = decl_file(w, die)) == NULL)
		return;
	w->fit[i] = (unsigned char)fit;
	free(w->file[i]);
	w->file[i] = file;
	if (dw.decl_line(die, &line) != 0 || line < 0)
		line = 0;
	w->q[i].line = (unsigned)line;
	if (fit == FIT_ADDRESS || (fit == FIT_DEFINITION && w->q[i].addr == 0))
		close_query(w, i);
}

/* Index into byaddr of the first query at ADDR or above. */
static size_t
first_at(const struct walk *w, uint64_t addr)
{
	size_t	lo = 0, hi = w->naddr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->q[w->byaddr[mid]].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The queries at ADDR, whatever the DIE's name: under LTO the DIE in the
 * ltrans unit has no name of its own, only an abstract origin. Thumb: a
 * function's symbol may carry bit 0, its low_pc not.
 */
static void
match_address(struct walk *w, Dwarf_Die *die, int tag, uint64_t addr)
{
	size_t	lo, mid;

	for (lo = first_at(w, addr); lo < w->naddr; lo++) {
		mid = w->byaddr[lo];
		if (w->q[mid].addr != addr && !(tag == DW_TAG_subprogram &&
		    w->q[mid].addr == (addr | 1)))
			break;
		offer(w, mid, die, FIT_ADDRESS);
	}
}

/* Some query (OPEN: not yet done) has address ADDR. */
static bool
query_at(const struct walk *w, uint64_t addr, bool open)
{
	size_t	i;

	for (i = first_at(w, addr); i < w->naddr &&
	    w->q[w->byaddr[i]].addr == addr; i++)
		if (!open || !w->done[w->byaddr[i]])
			return true;
	return false;
}

/*
 * A variable's address without dwarf_getlocation, which caches every
 * expression it decodes (a tenth of the lookup, on 15 000 top-level
 * DIEs): 0 when it has no location, 1 when its DW_OP_addr is not a
 * query's (read in both byte orders, which libdw does not tell), -1 when
 * die_address must decide.
 */
static int
quick_address(const struct walk *w, Dwarf_Die *die)
{
	Dwarf_Attribute	 attr;
	Dwarf_Block	 b;
	uint64_t	 le = 0, be = 0;
	size_t		 i;

	if (dw.attr(die, DW_AT_location, &attr) == NULL)
		return 0;
	if (dw.formblock(&attr, &b) != 0 || b.length < 2 || b.length > 9 ||
	    b.data[0] != DW_OP_addr)
		return -1;
	for (i = 1; i < b.length; i++) {
		be = be << 8 | b.data[i];
		le |= (uint64_t)b.data[i] << (8 * (i - 1));
	}
	return query_at(w, le, false) || query_at(w, be, false) ? -1 : 1;
}

static void
visit(struct walk *w, Dwarf_Die *die)
{
	const char	*name;
	uint64_t	 addr;
	size_t		 len, h, i;
	int		 tag = dw.tag(die), quick = -1;
	bool		 has;

	if (tag != DW_TAG_variable && tag != DW_TAG_subprogram)
		return;
	if (tag == DW_TAG_variable && !w->nested)
		quick = quick_address(w, die);
	if (quick >= 0)
		has = quick > 0;
	else if ((has = die_address(die, tag, &addr)) && w->naddr > 0)
		match_address(w, die, tag, addr);
	/* An address that is no query's: the name can only fit a query
	 * without one. */
	if ((has && w->naddr == w->n) || (name = dw.diename(die)) == NULL)
		return;
	len = strlen(name);
	h = hash_fnv1a64(name, len);
	for (; w->slots[h & w->mask] != 0; h++) {
		i = w->slots[h & w->mask] - 1;
		if (key_len(w->q[i].name) != len ||
		    memcmp(w->q[i].name, name, len) != 0)
			continue;
		if (!has)
			offer(w, i, die, FIT_NAME);
		else if (w->q[i].addr == 0)
			offer(w, i, die, FIT_DEFINITION);
	}
}

/*
 * Move to the next sibling, leaving the levels that are done. Siblings
 * must lie further on in the file: a hostile DW_AT_sibling could loop.
 */
static size_t
advance(Dwarf_Die *stack, size_t depth)
{
	Dwarf_Die	 next, *cur;

	while (depth > 0) {
		cur = &stack[depth - 1];
		if (dw.siblingof(cur, &next) == 0 &&
		    dw.dieoffset(&next) > dw.dieoffset(cur)) {
			*cur = next;
			return depth;
		}
		depth--;
	}
	return 0;
}

/*
 * Globals and functions are children of the unit (or of a C++
 * namespace): unless W->nested, the walk skips every other DIE's
 * children, the bulk of the debug info (parameters, locals, inlined
 * calls, members). Depth first, without recursion: hostile input may
 * nest deeply.
 */
static void
walk_unit(struct walk *w, Dwarf_Die *unit)
{
	Dwarf_Die	*stack = NULL, child, *top;
	size_t		 depth = 0, cap = 0;

	if (dw.child(unit, &child) != 0)
		return;
	*ARRAY_PUSH(stack, depth, cap) = child;
	while (depth > 0 && w->ndone < w->n) {
		top = &stack[depth - 1];
		w->visit(w, top);
		if ((w->nested || dw.tag(top) == DW_TAG_namespace) &&
		    dw.haschildren(top) > 0 && dw.child(top, &child) == 0) {
			*ARRAY_PUSH(stack, depth, cap) = child;
			continue;
		}
		depth = advance(stack, depth);
	}
	free(stack);
}

static int
walk_units(struct walk *w, Dwarf *dbg)
{
	Dwarf_CU	*cu = NULL, *next;
	Dwarf_Die	 cudie, subdie;
	Dwarf_Half	 version;
	uint8_t		 type;
	int		 rc = 1;

	while (w->ndone < w->n) {
		memset(&subdie, 0, sizeof(subdie));
		rc = dw.get_units(dbg, cu, &next, &version, &type, &cudie,
		    &subdie);
		if (rc != 0)
			break;
		walk_unit(w, &cudie);
		/* A skeleton's variables are in its split unit (.dwo). */
		if (type == DW_UT_skeleton && subdie.addr != NULL)
			walk_unit(w, &subdie);
		cu = next;
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Code addresses: .debug_aranges names the unit (GCC lists code only,
 * not data), so a function is found without walking the others.
 */
static void
walk_arange_units(struct walk *w, Dwarf *dbg)
{
	Dwarf_Die	 cudie;
	size_t		 i;

	for (i = 0; i < w->naddr && w->ndone < w->n; i++)
		if (!w->done[w->byaddr[i]] && !w->q[w->byaddr[i]].data &&
		    dw.addrdie(dbg, w->q[w->byaddr[i]].addr, &cudie) != NULL)
			walk_unit(w, &cudie);
}

/*
 * Whether a unit's bytes P..END (after its header) hold the DW_OP_addr of
 * an open query: a variable's location is that one operation after its
 * length (exprloc, or block1 before DWARF 4). Bytes that only look like
 * one cost a unit walk, nothing more.
 */
static bool
holds_query(const struct walk *w, const unsigned char *p,
    const unsigned char *end, unsigned addr_size)
{
	const unsigned char	*op;

	if (addr_size == 0 || addr_size > 8 || p == end)
		return false;
	for (p++; p < end && (op = memchr(p, DW_OP_addr, (size_t)(end - p)))
	    != NULL; p = op + 1)
		if (op[-1] == addr_size + 1 &&
		    (size_t)(end - op - 1) >= addr_size &&
		    query_at(w, read_uint(w, op + 1, addr_size), true))
			return true;
	return false;
}

/*
 * Data addresses: GCC lists no data in .debug_aranges, but a variable's
 * address is in its unit's bytes, in its location (also under LTO, where
 * the DIE in the ltrans unit has no name). The units that hold an open
 * query's address are walked first, found by a scan of .debug_info that
 * costs less than a look at each unit's top-level DIEs. (A type
 * signature pointer would make dwarf_next_unit read .debug_types.)
 */
static void
walk_addr_units(struct walk *w)
{
	Dwarf_Off	 off = 0, next, abbrev;
	Dwarf_Die	 cudie;
	Dwarf_Half	 version;
	size_t		 hsize;
	uint8_t		 asize, osize;

	while (w->info.p != NULL && w->naddr > 0 && w->ndone < w->n &&
	    dw.next_unit(w->dbg, off, &next, &hsize, &version, &abbrev,
	    &asize, &osize, NULL, NULL) == 0 && next > off &&
	    next <= w->info.len && hsize <= next - off) {
		if (holds_query(w, w->info.p + off + hsize, w->info.p + next,
		    asize) && dw.offdie(w->dbg, off + hsize, &cudie) != NULL)
			walk_unit(w, &cudie);
		off = next;
	}
}

/*
 * The part of a path that names its source: "tu_5" in "src/tu_5.c",
 * "lib.a(tu_5.o)" and "tu_5.c.obj".
 */
static size_t
stem(const char *path, const char **start)
{
	const char	*p, *base = path;

	for (p = path; *p != '\0'; p++)
		if (*p == '/' || *p == '\\' || *p == '(')
			base = p + 1;
	*start = base;
	return strcspn(base, ".)");
}

static bool
wanted_unit(const struct walk *w, const char *name)
{
	const char	*s, *t;
	size_t		 len = stem(name, &s), i;

	for (i = 0; i < w->n; i++)
		if (!w->done[i] && w->q[i].object != NULL &&
		    stem(w->q[i].object, &t) == len && memcmp(s, t, len) == 0)
			return true;
	return false;
}

/*
 * Data addresses: the unit named like the object the map places the
 * symbol in (tu_5.c for tu_5.o) is the likely one; only its top level is
 * walked here. Under LTO no unit is named like an ltrans temporary.
 */
static void
walk_object_units(struct walk *w, Dwarf *dbg)
{
	Dwarf_CU	*cu = NULL, *next;
	Dwarf_Die	 cudie;
	Dwarf_Half	 version;
	uint8_t		 type;
	const char	*name;

	while (w->ndone < w->n && dw.get_units(dbg, cu, &next, &version,
	    &type, &cudie, NULL) == 0) {
		if ((name = dw.diename(&cudie)) != NULL && wanted_unit(w, name))
			walk_unit(w, &cudie);
		cu = next;
	}
}

/*
 * Find the queries: units holding their code, units holding their data's
 * address, units named like their objects, then the top level of every
 * unit, then, only for function-local statics ("calls.0"), every DIE. A query still without a definition then has none: its object was
 * built without -g, or it is not a C object.
 */
static int
resolve(struct walk *w, Dwarf *dbg)
{
	size_t	i;

	walk_arange_units(w, dbg);
	walk_addr_units(w);
	walk_object_units(w, dbg);
	if (walk_units(w, dbg) != 0)
		return -1;
	for (i = 0; i < w->n; i++)
		if (key_len(w->q[i].name) == strlen(w->q[i].name))
			close_query(w, i);
	if (w->ndone == w->n)
		return 0;
	w->nested = true;
	return walk_units(w, dbg);
}

/* The sections read here rather than through libdw. */
static void
raw_sections(struct walk *w)
{
	void		*elf = dw.getelf(w->dbg);
	const struct {
		const char	*name;
		struct rawsec	*sec;
	} t[] = {
		{ ".debug_info", &w->info },
		{ ".debug_line", &w->line },
		{ ".debug_line_str", &w->line_str },
		{ ".debug_str", &w->str },
	};
	size_t		 i;

	for (i = 0; elf != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		t[i].sec->p = image_elf_bytes(elf, t[i].name, &t[i].sec->len,
		    &w->big_endian);
}

int
srcloc_resolve(const char *elf_path, struct srcloc_query *q, size_t n,
    struct diags *d)
{
	struct srcpos	 pos = { .file = elf_path };
	struct walk	 w = { .q = q, .n = n, .visit = visit };
	Dwarf		*dbg;
	size_t		 i;
	int		 fd;

	if (n == 0)
		return 0;
	if (libdw_open() != 0) {
		diag_warn(d, &pos, "cannot load libdw.so.1: findings have no "
		    "source lines");
		return 0;
	}
	if ((fd = open(elf_path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_error(d, &pos, "cannot open: %s", strerror(errno));
		return -1;
	}
	/* No DWARF, or none that libdw can read: positions stay unknown. */
	if ((dbg = dw.begin(fd, DWARF_C_READ)) == NULL) {
		close(fd);
		return 0;
	}
	w.dbg = dbg;
	raw_sections(&w);
	index_queries(&w);
	w.fit = xcalloc(n, sizeof(*w.fit));
	w.done = xcalloc(n, sizeof(*w.done));
	w.file = xcalloc(n, sizeof(*w.file));
	if (resolve(&w, dbg) != 0)
		diag_warn(d, &pos, "cannot read DWARF: %s", dw.errmsg(-1));
	for (i = 0; i < n; i++)
		q[i].file = w.file[i];
	free(w.slots);
	free(w.byaddr);
	free(w.fit);
	free(w.done);
	free(w.file);
	dw.end(dbg);
	close(fd);
	return 0;
}

/* Units by DIE offset -> index into names; open addressing. */
struct unit_build {
	struct units	*u;
	size_t		 cap;		/* of u->ranges */
	size_t		 namecap;
	uint64_t	*keys;		/* unit DIE offset + 1; 0 = empty */
	size_t		*vals;
	size_t		 mask;
};

/*
 * The unit an entity belongs to: that of its abstract origin or
 * specification (under LTO, the early-debug unit of the original .c).
 */
static bool
origin_unit(Dwarf_Die *die, Dwarf_Die *cu)
{
	Dwarf_Attribute	 attr;
	Dwarf_Die	 origin = *die;
	int		 hops;

	for (hops = 0; hops < 8; hops++) {
		if (dw.attr(&origin, DW_AT_abstract_origin, &attr) == NULL &&
		    dw.attr(&origin, DW_AT_specification, &attr) == NULL)
			break;
		if (dw.formref_die(&attr, &origin) == NULL)
			return false;
	}
	return dw.diecu(&origin, cu, NULL, NULL) != NULL;
}

/* Index of the unit's name in names, or -1 for "<artificial>" or none. */
static long
unit_index(struct unit_build *b, Dwarf_Die *cu)
{
	struct units	*u = b->u;
	const char	*name;
	uint64_t	 key = dw.dieoffset(cu) + 1;
	size_t		 h = (size_t)hash_fnv1a64(&key, sizeof(key));

	for (; b->keys[h & b->mask] != 0; h++)
		if (b->keys[h & b->mask] == key)
			return (long)b->vals[h & b->mask];
	if ((name = dw.diename(cu)) == NULL || name[0] == '<')
		return -1;
	if (u->nnames * 2 >= b->mask)
		return -1;	/* a table this full: more units than DIEs */
	*ARRAY_PUSH(u->names, u->nnames, b->namecap) = xstrdup(name);
	b->keys[h & b->mask] = key;
	b->vals[h & b->mask] = u->nnames - 1;
	return (long)(u->nnames - 1);
}

static void
add_range(struct unit_build *b, uint64_t lo, uint64_t hi, long unit)
{
	struct unit_range	*r;

	if (unit < 0 || hi <= lo)
		return;
	r = ARRAY_PUSH(b->u->ranges, b->u->n, b->cap);
	r->lo = lo;
	r->hi = hi;
	r->unit = (size_t)unit;
}

/* The bytes a variable DIE's type takes, or 0. */
static uint64_t
variable_size(Dwarf_Die *die)
{
	Dwarf_Attribute	 attr;
	Dwarf_Die	 type;
	Dwarf_Word	 size;

	if (dw.attr_integrate(die, DW_AT_type, &attr) == NULL ||
	    dw.formref_die(&attr, &type) == NULL ||
	    dw.aggregate_size(&type, &size) != 0)
		return 0;
	return size;
}

static void
visit_unit_range(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Addr	 base, start, end;
	Dwarf_Die	 cu;
	ptrdiff_t	 off = 0;
	uint64_t	 addr;
	int		 tag = dw.tag(die);
	long		 unit;

	if ((tag != DW_TAG_variable && tag != DW_TAG_subprogram) ||
	    !die_address(die, tag, &addr) || !origin_unit(die, &cu) ||
	    (unit = unit_index(w->ub, &cu)) < 0)
		return;
	if (tag == DW_TAG_variable) {
		add_range(w->ub, addr, addr + variable_size(die), unit);
		return;
	}
	/* Functions split into hot and cold parts have DW_AT_ranges. */
	while ((off = dw.ranges(die, off, &base, &start, &end)) > 0)
		add_range(w->ub, start, end, unit);
}

int
units_from_elf(struct units *out, const char *elf_path, struct diags *d)
{
	struct srcpos		 pos = { .file = elf_path };
	struct unit_build	 b = { .u = out, .mask = (1 << 16) - 1 };
	struct walk		 w = { .n = 1, .nested = true,
				       .visit = visit_unit_range, .ub = &b };
	Dwarf			*dbg;
	int			 fd;

	memset(out, 0, sizeof(*out));
	if (libdw_open() != 0)
		return 0;
	if ((fd = open(elf_path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_error(d, &pos, "cannot open: %s", strerror(errno));
		return -1;
	}
	if ((dbg = dw.begin(fd, DWARF_C_READ)) != NULL) {
		b.keys = xcalloc(b.mask + 1, sizeof(*b.keys));
		b.vals = xcalloc(b.mask + 1, sizeof(*b.vals));
		if (walk_units(&w, dbg) != 0)
			diag_warn(d, &pos, "cannot read DWARF: %s",
			    dw.errmsg(-1));
		free(b.keys);
		free(b.vals);
		dw.end(dbg);
	}
	close(fd);
	units_finish(out);
	return 0;
}
