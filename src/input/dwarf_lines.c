/*
 * Source positions of symbols from DWARF: the only module that talks to
 * libdw. Only symbols with findings are looked up, by address (under
 * -flto the DIE in the ltrans unit has no name, only an abstract origin)
 * or else by name, all queries in one walk: the units .debug_aranges gives
 * for code, then the top level of every unit (globals and functions; the
 * nested DIEs are most of the debug info), then, only for function-local
 * statics, every DIE.
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
	X(get_units) \
	X(getlocation) \
	X(getlocation_attr) \
	X(haschildren) \
	X(lowpc) \
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

struct walk {
	struct srcloc_query	*q;
	size_t			 n;
	size_t			*slots;		/* query index + 1, or 0 */
	size_t			 mask;
	size_t			*byaddr;	/* queries with an address */
	size_t			 naddr;
	unsigned char		*fit;		/* per query */
	bool			*done;		/* per query */
	const char		**file;		/* per query, libdw's string */
	size_t			 ndone;
	bool			 nested;	/* every DIE, not the top level */
	void			(*visit)(struct walk *, Dwarf_Die *);
	struct unit_build	*ub;		/* for units_from_elf */
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

static void
close_query(struct walk *w, size_t i)
{
	if (!w->done[i]) {
		w->done[i] = true;
		w->ndone++;
	}
}

/* dwarf_decl_file follows DW_AT_specification and abstract_origin. */
static void
offer(struct walk *w, size_t i, Dwarf_Die *die, int fit)
{
	const char	*file;
	int		 line;

	if (w->done[i] || fit <= w->fit[i] ||
	    (file = dw.decl_file(die)) == NULL)
		return;
	w->fit[i] = (unsigned char)fit;
	w->file[i] = file;
	if (dw.decl_line(die, &line) != 0 || line < 0)
		line = 0;
	w->q[i].line = (unsigned)line;
	if (fit == FIT_ADDRESS || (fit == FIT_DEFINITION && w->q[i].addr == 0))
		close_query(w, i);
}

/*
 * The queries at ADDR, whatever the DIE's name: under LTO the DIE in the
 * ltrans unit has no name of its own, only an abstract origin. Thumb: a
 * function's symbol may carry bit 0, its low_pc not.
 */
static void
match_address(struct walk *w, Dwarf_Die *die, int tag, uint64_t addr)
{
	size_t	lo = 0, hi = w->naddr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->q[w->byaddr[mid]].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < w->naddr; lo++) {
		mid = w->byaddr[lo];
		if (w->q[mid].addr != addr && !(tag == DW_TAG_subprogram &&
		    w->q[mid].addr == (addr | 1)))
			break;
		offer(w, mid, die, FIT_ADDRESS);
	}
}

/* Some query has address ADDR. */
static bool
query_at(const struct walk *w, uint64_t addr)
{
	size_t	lo = 0, hi = w->naddr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->q[w->byaddr[mid]].addr < addr)
			lo = mid + 1;
		else if (w->q[w->byaddr[mid]].addr > addr)
			hi = mid;
		else
			return true;
	}
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
	return query_at(w, le) || query_at(w, be) ? -1 : 1;
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
		if (!w->done[w->byaddr[i]] &&
		    dw.addrdie(dbg, w->q[w->byaddr[i]].addr, &cudie) != NULL)
			walk_unit(w, &cudie);
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
 * Find the queries: units holding their code, units named like their
 * objects, then the top level of every unit, then, only for
 * function-local statics ("calls.0"), every
 * DIE. A query still without a definition then has none: its object was
 * built without -g, or it is not a C object.
 */
static int
resolve(struct walk *w, Dwarf *dbg)
{
	size_t	i;

	walk_arange_units(w, dbg);
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
	index_queries(&w);
	w.fit = xcalloc(n, sizeof(*w.fit));
	w.done = xcalloc(n, sizeof(*w.done));
	w.file = xcalloc(n, sizeof(*w.file));
	if (resolve(&w, dbg) != 0)
		diag_warn(d, &pos, "cannot read DWARF: %s", dw.errmsg(-1));
	for (i = 0; i < n; i++)
		if (w.file[i] != NULL)
			q[i].file = xstrdup(w.file[i]);
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
