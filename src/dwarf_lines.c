/*
 * Source positions of symbols from DWARF: the only module that talks to
 * libdw. Only symbols with findings are looked up, all in one walk over
 * every DIE of every unit, with the query names in a hash table, so the
 * cost is one pass over the debug info whatever the number of queries.
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

#include "image.h"
#include "util.h"

/* The libdw functions used here, as dwarf_NAME. */
#define LIBDW_FUNCS(X) \
	X(attr) \
	X(begin) \
	X(child) \
	X(decl_file) \
	X(decl_line) \
	X(diename) \
	X(dieoffset) \
	X(end) \
	X(errmsg) \
	X(formaddr) \
	X(get_units) \
	X(getlocation) \
	X(getlocation_attr) \
	X(haschildren) \
	X(lowpc) \
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

struct walk {
	struct srcloc_query	*q;
	size_t			 n;
	size_t			*slots;		/* query index + 1, or 0 */
	size_t			 mask;
	unsigned char		*fit;		/* per query */
	const char		**file;		/* per query, libdw's string */
	size_t			 ndone;
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

static void
index_queries(struct walk *w)
{
	size_t	 i, h, size = 16;

	while (size < 2 * w->n)
		size *= 2;
	w->slots = xcalloc(size, sizeof(*w->slots));
	w->mask = size - 1;
	for (i = 0; i < w->n; i++) {
		h = hash_fnv1a64(w->q[i].name, key_len(w->q[i].name));
		while (w->slots[h & w->mask] != 0)
			h++;
		w->slots[h & w->mask] = i + 1;
	}
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

static int
die_fit(Dwarf_Die *die, int tag, uint64_t want)
{
	uint64_t	 addr;

	if (!die_address(die, tag, &addr))
		return FIT_NAME;
	if (want == 0)
		return FIT_DEFINITION;
	/* Thumb: a function's symbol may carry bit 0, its low_pc not. */
	if (addr == want || (tag == DW_TAG_subprogram && (addr ^ want) == 1))
		return FIT_ADDRESS;
	return FIT_NONE;
}

static void
offer(struct walk *w, size_t i, Dwarf_Die *die, int tag)
{
	const char	*file;
	int		 fit, line;

	if (w->fit[i] == FIT_ADDRESS ||
	    (w->q[i].addr == 0 && w->fit[i] == FIT_DEFINITION))
		return;
	fit = die_fit(die, tag, w->q[i].addr);
	if (fit <= w->fit[i])
		return;
	/* dwarf_decl_file follows DW_AT_specification and abstract_origin. */
	if ((file = dw.decl_file(die)) == NULL)
		return;
	w->fit[i] = (unsigned char)fit;
	w->file[i] = file;
	if (dw.decl_line(die, &line) != 0 || line < 0)
		line = 0;
	w->q[i].line = (unsigned)line;
	if (fit == FIT_ADDRESS || (fit == FIT_DEFINITION && w->q[i].addr == 0))
		w->ndone++;
}

static void
visit(struct walk *w, Dwarf_Die *die)
{
	const char	*name;
	size_t		 len, h, i;
	int		 tag = dw.tag(die);

	if (tag != DW_TAG_variable && tag != DW_TAG_subprogram)
		return;
	if ((name = dw.diename(die)) == NULL)
		return;
	len = strlen(name);
	h = hash_fnv1a64(name, len);
	for (; w->slots[h & w->mask] != 0; h++) {
		i = w->slots[h & w->mask] - 1;
		if (key_len(w->q[i].name) == len &&
		    memcmp(w->q[i].name, name, len) == 0)
			offer(w, i, die, tag);
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

/* Depth first, without recursion: hostile input may nest deeply. */
static void
walk_unit(struct walk *w, Dwarf_Die *unit)
{
	Dwarf_Die	*stack = NULL, child;
	size_t		 depth = 0, cap = 0;

	if (dw.child(unit, &child) != 0)
		return;
	*ARRAY_PUSH(stack, depth, cap) = child;
	while (depth > 0 && w->ndone < w->n) {
		visit(w, &stack[depth - 1]);
		if (dw.haschildren(&stack[depth - 1]) > 0 &&
		    dw.child(&stack[depth - 1], &child) == 0) {
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

int
srcloc_resolve(const char *elf_path, struct srcloc_query *q, size_t n,
    struct diags *d)
{
	struct srcpos	 pos = { .file = elf_path };
	struct walk	 w = { .q = q, .n = n };
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
	index_queries(&w);
	w.fit = xcalloc(n, sizeof(*w.fit));
	w.file = xcalloc(n, sizeof(*w.file));
	if (walk_units(&w, dbg) != 0)
		diag_warn(d, &pos, "cannot read DWARF: %s", dw.errmsg(-1));
	for (i = 0; i < n; i++)
		if (w.file[i] != NULL)
			q[i].file = xstrdup(w.file[i]);
	free(w.slots);
	free(w.fit);
	free(w.file);
	dw.end(dbg);
	close(fd);
	return 0;
}
