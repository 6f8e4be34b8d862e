/*
 * Worst-case stack over the whole program. Each linked function of the
 * stack data is a node; a call resolves to the caller's own unit for a
 * static callee, else by symbol across units. Calls to functions nobody
 * gave data for end in "unknown" leaves, calls through pointers in the
 * board's targets or an unknown; the deepest path from a root is frames
 * summed along it, found by one depth-first pass with a memo per node.
 *
 * The memo makes the pass linear; inside a cycle it can understate a
 * node's depth, which is why a root that reaches a cycle is a lower
 * bound and says so.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "globs.h"
#include "sort.h"
#include "stack.h"
#include "strbuf.h"
#include "util.h"

struct edge {
	size_t		 to;
	unsigned	 line, col;
};

struct node {
	const char		*name;
	const struct su_func	*f;		/* NULL: no data */
	size_t			 unit;		/* SIZE_MAX: no unit */
	bool			 is_static;
	uint64_t		 frame;
	unsigned		 own_why;	/* its own frame and calls */
	struct edge		*edges;		/* in the graph's array */
	size_t			 nedges;
	/* The memo. */
	int			 state;		/* 0 new, 1 on the path, 2 done */
	uint64_t		 worst;
	size_t			 next;		/* edge to the deepest callee */
	unsigned		 why;
	size_t			 why_node[WHY_COUNT];
	char			*cycle;		/* owned by the graph */
};

/*
 * A node on the depth-first path, the edge it is at and the deepest
 * callee so far. The walk keeps its own stack: a call chain is as deep as
 * the program (the bench firmware's is 8 000 units), too deep for C's.
 */
struct dfs {
	size_t		 node;
	size_t		 edge;
	uint64_t	 best;
};

/*
 * A name to a node: (name, unit) for statics, (name, SIZE_MAX) for
 * globals, (name, LEAF) for a function without data, in an
 * open-addressing table. The unit is part of the hash: every unit may
 * have a static of the same name.
 */
#define LEAF	(SIZE_MAX - 1)

struct key {
	const char	*name;		/* NULL: a free slot */
	uint64_t	 hash;
	size_t		 unit;
	size_t		 node;
	bool		 weak;		/* GCC prefixed it, the ELF has it global */
};

/* An ELF function name: is it linked, and local? */
struct efunc {
	const char	*name;
	uint32_t	 hash;
	bool		 global;
	bool		 local;
};

/* A call as it is found, before the calls are grouped by caller. */
struct raw_edge {
	size_t		 from;
	struct edge	 e;
};

struct graph {
	struct node	*nodes;
	size_t		 n, cap;
	struct key	*keys;
	size_t		 nkeys, nslots;
	struct efunc	*efuncs;	/* NULL: every function is linked */
	size_t		 nefuncs;
	size_t		*fbase;		/* per unit, its first in fnode */
	size_t		*fnode;		/* (unit, function) to its node */
	struct raw_edge	*raw;
	size_t		 nraw, raw_cap;
	struct edge	*edges;		/* every node's, by caller */
	const struct board *b;
	const struct image *img;
	bool		 unlinked;	/* before the link: no vector table */
	struct dfs	*path;		/* the DFS stack: cycles are named
					   from it */
	size_t		 depth, path_cap;
	char		**cycles;
	size_t		 ncycles, cycles_cap;
	const char	**vec_func;	/* per vector, its function */
};

static uint64_t
name_hash(const char *name)
{
	return hash_fnv1a64(name, strlen(name));
}

/* The slot of (NAME, UNIT), or the free one where it would go. */
static struct key *
key_slot(const struct graph *g, const char *name, uint64_t h, size_t unit)
{
	size_t		 i = (size_t)(h ^ (unit * 0x9e3779b97f4a7c15ULL)) &
			    (g->nslots - 1);
	struct key	*k;

	for (;; i = (i + 1) & (g->nslots - 1)) {
		k = &g->keys[i];
		if (k->name == NULL || (k->hash == h && k->unit == unit &&
		    strcmp(k->name, name) == 0))
			return k;
	}
}

static const struct key *
key_find(const struct graph *g, const char *name, uint64_t h, size_t unit)
{
	const struct key	*k = key_slot(g, name, h, unit);

	return k->name != NULL ? k : NULL;
}

/*
 * A zeroed table of N entries of SZ bytes, its pages populated in one
 * call first: calloc's memset (or, for a fresh mapping, the first touch
 * of each entry, in random order) would take a page fault per page.
 */
static void *
table_new(size_t n, size_t sz)
{
	void	*p = xreallocarray(NULL, n, sz);

	mem_prefault(p, n * sz);
	memset(p, 0, n * sz);
	return p;
}

/* Room for MORE keys (the table is at most half full). */
static void
keys_grow(struct graph *g, size_t more)
{
	struct key	*old = g->keys;
	size_t		 i, n = g->nslots, want = n ? n : 1024;

	while (want < 2 * (g->nkeys + more))
		want *= 2;
	if (want == n)
		return;
	g->keys = table_new(want, sizeof(*g->keys));
	g->nslots = want;
	for (i = 0; i < n; i++)
		if (old[i].name != NULL)
			*key_slot(g, old[i].name, old[i].hash, old[i].unit) =
			    old[i];
	free(old);
}

/*
 * Key K for a node: of equal keys the strong definition counts, else the
 * first (in unit order).
 */
static void
key_add(struct graph *g, const struct key *k)
{
	struct key	*sl;

	if (2 * (g->nkeys + 1) > g->nslots)
		keys_grow(g, 1);
	sl = key_slot(g, k->name, k->hash, k->unit);
	if (sl->name == NULL) {
		*sl = *k;
		g->nkeys++;
	} else if (sl->weak && !k->weak)
		*sl = *k;
}

static size_t
add_node(struct graph *g, const char *name, const struct su_func *f,
    size_t unit)
{
	struct node	*n = ARRAY_PUSH(g->nodes, g->n, g->cap);

	memset(n, 0, sizeof(*n));
	n->name = name;
	n->f = f;
	n->unit = unit;
	n->next = SIZE_MAX;
	if (f != NULL) {
		n->frame = f->frame;
		n->own_why = f->kind == SU_DYNAMIC ? 1u << WHY_DYNAMIC : 0;
	} else
		n->own_why = 1u << WHY_NO_DATA;
	return g->n - 1;
}

static struct efunc *
efunc_slot(const struct graph *g, const char *name, uint32_t h)
{
	size_t		 i = (size_t)h & (g->nefuncs - 1);
	struct efunc	*e;

	for (;; i = (i + 1) & (g->nefuncs - 1)) {
		e = &g->efuncs[i];
		if (e->name == NULL || (e->hash == h &&
		    strcmp(e->name, name) == 0))
			return e;
	}
}

/*
 * The ELF's function names, for "is it linked, and local?": a table
 * populated in one call, since its first touches would be page faults
 * in random order.
 */
static void
elf_funcs(struct graph *g)
{
	const struct img_symbol	*s;
	struct efunc		*e;
	size_t			 i, n = 0, want = 1024;
	uint32_t		 h;

	for (i = 0; i < g->img->nsymbols; i++)
		n += g->img->symbols[i].type == SYM_FUNC;
	while (want < 2 * n)
		want *= 2;
	g->efuncs = table_new(want, sizeof(*g->efuncs));
	g->nefuncs = want;
	for (i = 0; i < g->img->nsymbols; i++) {
		s = &g->img->symbols[i];
		if (s->type != SYM_FUNC || s->shndx == 0)
			continue;
		h = (uint32_t)name_hash(s->name);
		e = efunc_slot(g, s->name, h);
		e->name = s->name;
		e->hash = h;
		e->global |= !s->local;
		e->local |= s->local;
	}
}

/*
 * Whether F (its name hashing to H) is linked; *is_static whether it is
 * local to its unit. GCC prefixes the .ci titles of weak functions too, so
 * a prefixed function the ELF has as a global is one.
 */
static bool
linked(const struct graph *g, const struct su_func *f, uint64_t h,
    bool *is_static)
{
	const struct efunc	*e;

	*is_static = f->is_static;
	if (g->efuncs == NULL)
		return true;
	if ((e = efunc_slot(g, f->name, (uint32_t)h))->name == NULL)
		return false;
	if (f->is_static && !e->local)
		*is_static = false;
	return true;
}

/* A node per linked function; g->fnode maps (unit, function) to it. */
static void
build_nodes(struct graph *g, const struct stack_data *sd)
{
	size_t		 u, i, nd, nf = 0;
	const struct su_func *f;
	struct key	 k;
	bool		 st;

	if (g->img != NULL && g->img->has_symtab)
		elf_funcs(g);
	g->fbase = xcalloc(sd->nunits + 1, sizeof(*g->fbase));
	for (u = 0; u < sd->nunits; u++) {
		g->fbase[u] = nf;
		nf += sd->units[u]->nfuncs;
	}
	g->fnode = xcalloc(nf + 1, sizeof(*g->fnode));
	keys_grow(g, nf);
	array_grow(&g->nodes, &g->cap, nf + 1, sizeof(*g->nodes));
	for (u = 0; u < sd->nunits; u++)
		for (i = 0; i < sd->units[u]->nfuncs; i++) {
			f = &sd->units[u]->funcs[i];
			g->fnode[g->fbase[u] + i] = SIZE_MAX;
			k.hash = name_hash(f->name);
			if (!linked(g, f, k.hash, &st))
				continue;
			g->fnode[g->fbase[u] + i] = nd = add_node(g, f->name, f, u);
			g->nodes[nd].is_static = st;
			if (!sd->units[u]->has_graph)
				g->nodes[nd].own_why |= 1u << WHY_NO_CALLS;
			k = (struct key){ f->name, k.hash, st ? u : SIZE_MAX, nd,
			    f->is_static && !st };
			key_add(g, &k);
		}
}

static const struct stack_frame *
board_frame(const struct board *b, const char *name)
{
	size_t	i;

	for (i = 0; b != NULL && i < b->nstack_frames; i++)
		if (strcmp(b->stack_frames[i].function, name) == 0)
			return &b->stack_frames[i];
	return NULL;
}

/*
 * A function without a node: a leaf of the frame the board gives, or an
 * unknown one; made once per name (few: the library's and assembly's).
 */
static size_t
leaf(struct graph *g, const char *name, uint64_t h)
{
	const struct stack_frame *sf;
	const struct key	*k = key_find(g, name, h, LEAF);
	struct key		 nk = { name, h, LEAF, 0, false };

	if (k != NULL)
		return k->node;
	nk.node = add_node(g, name, NULL, SIZE_MAX);
	key_add(g, &nk);
	if ((sf = board_frame(g->b, name)) != NULL) {
		g->nodes[nk.node].frame = sf->bytes;
		g->nodes[nk.node].own_why = 0;
	}
	return nk.node;
}

/* NAME as UNIT calls it (its own static first), else a leaf. */
static size_t
resolve(struct graph *g, const char *name, size_t unit)
{
	const struct key	*k = NULL;
	uint64_t		 h = name_hash(name);

	if (unit != SIZE_MAX)
		k = key_find(g, name, h, unit);
	if (k == NULL)
		k = key_find(g, name, h, SIZE_MAX);
	return k != NULL ? k->node : leaf(g, name, h);
}

static void
add_edge(struct graph *g, size_t from, size_t to, const struct su_call *c)
{
	struct raw_edge	*e = ARRAY_PUSH(g->raw, g->nraw, g->raw_cap);

	*e = (struct raw_edge){ from, { to, c ? c->line : 0, c ? c->col : 0 } };
}

/*
 * The calls grouped by caller in one array, each caller's in the order
 * they were found (a counting sort): one allocation, not one per node.
 */
static void
edges_by_caller(struct graph *g)
{
	size_t	*at = xcalloc(g->n + 1, sizeof(*at)), i, sum = 0;

	for (i = 0; i < g->nraw; i++)
		g->nodes[g->raw[i].from].nedges++;
	for (i = 0; i < g->n; i++) {
		at[i] = sum;
		sum += g->nodes[i].nedges;
	}
	g->edges = table_new(g->nraw + 1, sizeof(*g->edges));
	for (i = 0; i < g->nraw; i++)
		g->edges[at[g->raw[i].from]++] = g->raw[i].e;
	for (i = 0; i < g->n; i++)
		g->nodes[i].edges = g->edges + at[i] - g->nodes[i].nedges;
	free(at);
	free(g->raw);
	g->raw = NULL;
}

/* A call through a pointer: to the board's targets, else unknown. */
static void
indirect(struct graph *g, size_t from, const struct su_call *c)
{
	const struct indirect_calls	*ic = NULL;
	size_t				 i, to;

	for (i = 0; g->b != NULL && i < g->b->nindirect_calls; i++)
		if (strcmp(g->b->indirect_calls[i].caller,
		    g->nodes[from].name) == 0)
			ic = &g->b->indirect_calls[i];
	if (ic == NULL) {
		g->nodes[from].own_why |= 1u << WHY_INDIRECT;
		return;
	}
	for (i = 0; i < ic->ntargets; i++) {
		to = resolve(g, ic->targets[i], g->nodes[from].unit);
		add_edge(g, from, to, c);
	}
}

static void
build_edges(struct graph *g, const struct stack_data *sd)
{
	const struct su_call	*c;
	size_t			 u, i, from, to;

	for (u = 0; u < sd->nunits; u++)
		for (i = 0; i < sd->units[u]->ncalls; i++) {
			c = &sd->units[u]->calls[i];
			if ((from = g->fnode[g->fbase[u] + c->from]) == SIZE_MAX)
				continue;
			if (c->to == NULL) {
				indirect(g, from, c);
				continue;
			}
			to = resolve(g, c->to, c->to_static ? u : SIZE_MAX);
			add_edge(g, from, to, c);
		}
}

/* "f -> g -> f": the path from node TO (on it) to the top, and TO. */
static char *
cycle_name(const struct graph *g, size_t to)
{
	struct strbuf	sb;
	size_t		i = g->depth;

	while (i > 0 && g->path[i - 1].node != to)
		i--;
	sb_init(&sb);
	for (i = i > 0 ? i - 1 : 0; i < g->depth; i++)
		sb_printf(&sb, "%s -> ", g->nodes[g->path[i].node].name);
	sb_puts(&sb, g->nodes[to].name);
	return sb_detach(&sb);
}

/* Take callee C's reasons into N: the first function found for each. */
static void
merge_why(struct node *n, const struct node *c)
{
	unsigned	k;

	for (k = 0; k < WHY_COUNT; k++)
		if ((c->why & (1u << k)) && !(n->why & (1u << k)))
			n->why_node[k] = c->why_node[k];
	n->why |= c->why;
	if (n->cycle == NULL)
		n->cycle = c->cycle;
}

/* Node I onto the path: its own reasons, no callee yet. */
static void
enter(struct graph *g, size_t i)
{
	struct node	*n = &g->nodes[i];
	struct dfs	*f = ARRAY_PUSH(g->path, g->depth, g->path_cap);
	unsigned	 k;

	n->state = 1;
	n->why = n->own_why;
	for (k = 0; k < WHY_COUNT; k++)
		n->why_node[k] = i;
	*f = (struct dfs){ i, 0, 0 };
}

/* A call back to TO, on the path: recursion, named once per node. */
static void
back_edge(struct graph *g, struct node *n, size_t to)
{
	if (!(n->why & (1u << WHY_RECURSION)))
		n->why_node[WHY_RECURSION] = to;
	n->why |= 1u << WHY_RECURSION;
	if (n->cycle == NULL) {
		n->cycle = cycle_name(g, to);
		*ARRAY_PUSH(g->cycles, g->ncycles, g->cycles_cap) = n->cycle;
	}
}

/* The top's callee at its edge is done: take its depth and reasons. */
static void
take_callee(struct graph *g, struct dfs *top)
{
	struct node	*n = &g->nodes[top->node];
	const struct node *c = &g->nodes[n->edges[top->edge].to];

	merge_why(n, c);
	if (c->worst > top->best || n->next == SIZE_MAX) {
		top->best = c->worst;
		n->next = top->edge;
	}
	top->edge++;
}

/* The deepest path below node I, for it and everything it reaches. */
static void
visit(struct graph *g, size_t i)
{
	struct dfs	*top;
	struct node	*n, *c;

	enter(g, i);
	while (g->depth > 0) {
		top = &g->path[g->depth - 1];
		n = &g->nodes[top->node];
		if (top->edge == n->nedges) {
			n->worst = n->frame + top->best;
			n->state = 2;
			if (--g->depth > 0)
				take_callee(g, &g->path[g->depth - 1]);
			continue;
		}
		c = &g->nodes[n->edges[top->edge].to];
		if (c->state == 1) {
			back_edge(g, n, n->edges[top->edge].to);
			top->edge++;
		} else if (c->state == 0)
			enter(g, n->edges[top->edge].to);
		else
			take_callee(g, top);
	}
}

/*
 * The node of root NAME: a global, else the static of that name in the
 * first unit, else a leaf. Roots are few, and a static one rare.
 */
static size_t
root_node(struct graph *g, const char *name)
{
	uint64_t		 h = name_hash(name);
	const struct key	*k = key_find(g, name, h, SIZE_MAX);
	size_t			 i, unit = SIZE_MAX;

	if (k != NULL)
		return k->node;
	for (i = 0; i < g->n; i++)
		if (g->nodes[i].is_static && g->nodes[i].unit < unit &&
		    strcmp(g->nodes[i].name, name) == 0)
			unit = g->nodes[i].unit;
	if (unit != SIZE_MAX && (k = key_find(g, name, h, unit)) != NULL)
		return k->node;
	return leaf(g, name, h);
}

static void
root_path(struct stack_root *r, const struct graph *g, size_t i)
{
	const struct node	*n;
	struct stack_step	*s;
	size_t			 cap = 0;

	for (; i != SIZE_MAX; i = n->next == SIZE_MAX ? SIZE_MAX :
	    n->edges[n->next].to) {
		n = &g->nodes[i];
		s = ARRAY_PUSH(r->path, r->npath, cap);
		memset(s, 0, sizeof(*s));
		s->name = n->name;
		s->display = n->f ? n->f->display : n->name;
		s->frame = n->frame;
		s->known = !(n->own_why & (1u << WHY_NO_DATA));
		if (n->f != NULL)
			s->def = n->f->pos;
		if (n->next != SIZE_MAX) {
			s->call_line = n->edges[n->next].line;
			s->call_col = n->edges[n->next].col;
		}
		if (r->npath > g->n)
			break;		/* cannot be: next edges form no cycle */
	}
}

static struct stack_root *
add_root(struct stack_result *out, size_t *cap, struct graph *g,
    const char *name, enum stack_root_kind kind)
{
	struct stack_root	*r = ARRAY_PUSH(out->roots, out->nroots, *cap);
	size_t			 i = root_node(g, name), k;
	const struct node	*n;

	if (g->nodes[i].state == 0)
		visit(g, i);
	n = &g->nodes[i];
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->kind = kind;
	r->worst = r->total = n->worst;
	r->why = n->why;
	for (k = 0; k < WHY_COUNT; k++)
		if (n->why & (1u << k))
			r->why_func[k] = g->nodes[n->why_node[k]].name;
	if (n->cycle != NULL)
		r->cycle = xstrdup(n->cycle);
	root_path(r, g, i);
	return r;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The function symbol at each vector's address (Thumb bit cleared): the
 * first with data, else the last strong global, else the first. One pass
 * over the symbols for every vector: a large ELF has hundreds of
 * thousands of them.
 */
static void
vector_funcs(struct graph *g)
{
	const struct image	*img = g->img;
	const struct img_symbol	*s;
	uint32_t		*addr, a, *at;
	const char		**data, **any;
	size_t			 i, j, n = img->nvectors;

	addr = xcalloc(n + 1, sizeof(*addr));
	for (i = 0; i < n; i++)
		addr[i] = img->vectors[i] & ~1u;
	xqsort(addr, n, sizeof(*addr), u32_cmp);
	data = xcalloc(n + 1, sizeof(*data));
	any = xcalloc(n + 1, sizeof(*any));
	for (i = 0; i < img->nsymbols; i++) {
		s = &img->symbols[i];
		if (s->type != SYM_FUNC || s->shndx == 0 || s->value > UINT32_MAX)
			continue;
		a = (uint32_t)s->value;
		if ((at = bsearch(&a, addr, n, sizeof(*addr), u32_cmp)) == NULL)
			continue;
		j = (size_t)(at - addr);
		if (data[j] == NULL && key_find(g, s->name, name_hash(s->name),
		    SIZE_MAX) != NULL)
			data[j] = s->name;
		if (any[j] == NULL || (!s->local && !s->weak))
			any[j] = s->name;
	}
	g->vec_func = xcalloc(n + 1, sizeof(*g->vec_func));
	for (i = 0; i < n; i++) {
		a = img->vectors[i] & ~1u;
		j = (size_t)((uint32_t *)bsearch(&a, addr, n, sizeof(*addr),
		    u32_cmp) - addr);
		g->vec_func[i] = data[j] != NULL ? data[j] : any[j];
	}
	free(addr);
	free(data);
	free(any);
}

/*
 * The thread root: the reset handler the vector table names, else
 * Reset_Handler, else main. When the table's reset handler has no data
 * (assembly startup), main, with the handler in *reset as an unknown step
 * below it; *reset is NULL otherwise.
 */
static const char *
thread_root(const struct graph *g, const char **reset)
{
	const char	*name = NULL;

	*reset = NULL;
	if (g->img != NULL && g->img->nvectors > 1)
		name = g->vec_func[1];
	if (name != NULL && key_find(g, name, name_hash(name), SIZE_MAX) ==
	    NULL) {
		*reset = name;
		return "main";
	}
	if (name != NULL)
		return name;
	if (key_find(g, "Reset_Handler", name_hash("Reset_Handler"),
	    SIZE_MAX) != NULL)
		return "Reset_Handler";
	return "main";
}

/* Main under an assembly reset handler: the handler as the first step. */
static void
under_reset(struct stack_root *r, const struct graph *g, const char *reset)
{
	const struct stack_frame	*sf = board_frame(g->b, reset);
	struct stack_step		 s = { .name = reset, .display = reset };

	r->path = xreallocarray(r->path, r->npath + 1, sizeof(*r->path));
	memmove(r->path + 1, r->path, r->npath * sizeof(*r->path));
	r->npath++;
	s.known = sf != NULL;
	s.frame = sf ? sf->bytes : 0;
	r->path[0] = s;
	r->worst += s.frame;
	r->total = r->worst;
	if (sf == NULL && !(r->why & (1u << WHY_NO_DATA)))
		r->why_func[WHY_NO_DATA] = reset;
	if (sf == NULL)
		r->why |= 1u << WHY_NO_DATA;
}

/* Each distinct handler in the vector table after the reset's entry. */
static void
interrupt_roots(struct stack_result *out, size_t *cap, struct graph *g)
{
	const struct image	*img = g->img;
	const char		*name;
	size_t			 i, j;

	for (i = 2; img != NULL && i < img->nvectors; i++) {
		if (img->vectors[i] == 0)
			continue;
		if ((name = g->vec_func[i]) == NULL)
			break;		/* past the table's end */
		for (j = 2; j < i; j++)
			if (img->vectors[j] == img->vectors[i])
				break;
		if (j == i && img->vectors[i] != img->vectors[1])
			add_root(out, cap, g, name, ROOT_INTERRUPT);
	}
}

/* Whether node I may be a handler before the link: the board's globs
 * name it, or, without them, nothing calls it. */
static bool
maybe_handler(const struct graph *g, size_t i, const bool *called)
{
	size_t	k;

	if (g->b == NULL || g->b->nirq_handlers == 0)
		return !called[i];
	for (k = 0; k < g->b->nirq_handlers; k++)
		if (glob_match(g->b->irq_handlers[k], g->nodes[i].name))
			return true;
	return false;
}

/*
 * Before the link no vector table names the handlers: the functions with
 * data the board's interrupts.handlers globs name, or without them any
 * that nothing calls, but the thread root and the tasks. Dead code counts
 * too, which is why this bounds the linked figure from above.
 */
static void
uncalled_roots(struct stack_result *out, size_t *cap, struct graph *g,
    const char *thread)
{
	bool	*called = xcalloc(g->n + 1, sizeof(*called));
	size_t	 i, j, n = g->n;

	for (i = 0; i < n; i++)
		for (j = 0; j < g->nodes[i].nedges; j++)
			called[g->nodes[i].edges[j].to] = true;
	for (i = 0; i < n; i++) {
		if (g->nodes[i].f == NULL || !maybe_handler(g, i, called) ||
		    strcmp(g->nodes[i].name, thread) == 0)
			continue;
		for (j = 0; g->b != NULL && j < g->b->ntasks; j++)
			if (strcmp(g->b->tasks[j].entry, g->nodes[i].name) == 0)
				break;
		if (g->b == NULL || j == g->b->ntasks)
			add_root(out, cap, g, g->nodes[i].name,
			    ROOT_INTERRUPT);
	}
	free(called);
}

/* A task's stack: its size, or the size of the symbol it names. */
static uint64_t
task_stack(const struct graph *g, const struct stack_task *t)
{
	size_t	i;

	if (t->stack_symbol == NULL)
		return t->size;
	for (i = 0; g->img != NULL && i < g->img->nsymbols; i++)
		if (g->img->symbols[i].type == SYM_OBJECT &&
		    strcmp(g->img->symbols[i].name, t->stack_symbol) == 0)
			return g->img->symbols[i].size;
	return 0;
}

static int
worst_desc(const void *a, const void *b)
{
	const struct stack_root	*x = *(const struct stack_root *const *)a;
	const struct stack_root	*y = *(const struct stack_root *const *)b;

	return x->worst < y->worst ? 1 : x->worst > y->worst ? -1 : 0;
}

/*
 * The thread root's total: the NESTING deepest handlers (distinct: one
 * cannot preempt itself) on top of its own worst case, each with the
 * frame the hardware pushes; every handler's reasons become its reasons.
 */
static void
interrupts_on_top(struct stack_result *out, const struct board *b)
{
	struct stack_root	**irq = xcalloc(out->nroots + 1, sizeof(*irq));
	struct stack_root	*t = &out->roots[0];
	size_t			 i, n = 0, nest = b ? b->irq_nesting : 1;
	unsigned		 k;

	for (i = 1; i < out->nroots; i++)
		if (out->roots[i].kind == ROOT_INTERRUPT)
			irq[n++] = &out->roots[i];
	xqsort(irq, n, sizeof(*irq), worst_desc);
	for (i = 0; i < n && i < nest; i++)
		out->irq_total += irq[i]->worst + (b ? b->irq_frame : 0);
	/* Any handler may be the deepest when its depth is not known. */
	for (i = 0; i < n; i++) {
		for (k = 0; k < WHY_COUNT; k++)
			if ((irq[i]->why & (1u << k)) && !(t->why & (1u << k)))
				t->why_func[k] = irq[i]->why_func[k];
		t->why |= irq[i]->why;
		if (t->cycle == NULL && irq[i]->cycle != NULL)
			t->cycle = xstrdup(irq[i]->cycle);
	}
	t->total = t->worst + out->irq_total;
	free(irq);
}

static void
graph_free(struct graph *g)
{
	size_t	i;

	for (i = 0; i < g->ncycles; i++)
		free(g->cycles[i]);
	free(g->cycles);
	free(g->nodes);
	free(g->keys);
	free(g->efuncs);
	free(g->fbase);
	free(g->fnode);
	free(g->edges);
	free(g->vec_func);
	free(g->path);
}

static void
all_roots(struct stack_result *out, struct graph *g, const struct board *b)
{
	const char		*reset, *thread = thread_root(g, &reset);
	struct stack_root	*r;
	size_t			 cap = 0, i;

	r = add_root(out, &cap, g, thread, ROOT_THREAD);
	if (reset != NULL)
		under_reset(r, g, reset);
	if (b != NULL && b->stack.set)
		r->reserved = b->stack.size;
	if (g->unlinked)
		uncalled_roots(out, &cap, g, thread);
	else
		interrupt_roots(out, &cap, g);
	interrupts_on_top(out, b);
	for (i = 0; b != NULL && i < b->ntasks; i++) {
		r = add_root(out, &cap, g, b->tasks[i].entry, ROOT_TASK);
		r->task = &b->tasks[i];
		r->total += b->tasks[i].switch_frame;
		r->reserved = task_stack(g, &b->tasks[i]);
	}
}

static void	analyze(struct stack_result *, const struct stack_data *,
		    const struct image *, const struct board *, bool);

void
stack_analyze(struct stack_result *out, const struct stack_data *sd,
    const struct image *img, const struct board *b)
{
	analyze(out, sd, img, b, false);
}

void
stack_analyze_unlinked(struct stack_result *out, const struct stack_data *sd,
    const struct board *b)
{
	analyze(out, sd, NULL, b, true);
}

static void
analyze(struct stack_result *out, const struct stack_data *sd,
    const struct image *img, const struct board *b, bool unlinked)
{
	struct graph	 g;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.b = b;
	g.img = img;
	g.unlinked = unlinked;
	build_nodes(&g, sd);
	build_edges(&g, sd);
	edges_by_caller(&g);
	out->nfuncs = g.n;
	if (img != NULL && img->nvectors > 0)
		vector_funcs(&g);
	all_roots(out, &g, b);
	graph_free(&g);
}

void
stack_result_free(struct stack_result *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nroots; i++) {
		free(r->roots[i].cycle);
		free(r->roots[i].path);
	}
	free(r->roots);
	memset(r, 0, sizeof(*r));
}

const char *
stack_why_text(enum stack_why w)
{
	static const char *const text[WHY_COUNT] = {
		[WHY_RECURSION] = "recursion",
		[WHY_INDIRECT] = "a call through a pointer",
		[WHY_DYNAMIC] = "a dynamic frame",
		[WHY_NO_DATA] = "no stack data",
		[WHY_NO_CALLS] = "no call graph (.su without .ci)",
	};

	return w < WHY_COUNT ? text[w] : "?";
}

const char *
stack_root_kind_name(enum stack_root_kind k)
{
	return k == ROOT_THREAD ? "thread" : k == ROOT_INTERRUPT ?
	    "interrupt" : "task";
}
