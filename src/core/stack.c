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
	struct edge		*edges;
	size_t			 nedges, cap;
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

/* A name to a node: (name, unit) for statics, (name, SIZE_MAX) else. */
struct key {
	const char	*name;
	size_t		 unit;
	size_t		 node;
	bool		 weak;		/* GCC prefixed it, the ELF has it global */
};

struct graph {
	struct node	*nodes;
	size_t		 n, cap;
	struct key	*keys;
	size_t		 nkeys, keys_cap;
	const struct board *b;
	const struct image *img;
	bool		 unlinked;	/* before the link: no vector table */
	struct dfs	*path;		/* the DFS stack: cycles are named
					   from it */
	size_t		 depth, path_cap;
	char		**cycles;
	size_t		 ncycles, cycles_cap;
	size_t		*leaves;	/* nodes without data, by name */
	size_t		 nleaves, leaves_cap;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;
	int			 c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static const struct key *
key_find(const struct graph *g, const char *name, size_t unit)
{
	struct key	k = { name, unit, 0, false };

	return bsearch(&k, g->keys, g->nkeys, sizeof(k), key_cmp);
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

/* The ELF's function names, sorted, for "is it linked, and local?". */
struct efunc {
	const char	*name;
	bool		 global;
	bool		 local;
};

static int
efunc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct efunc *)a)->name,
	    ((const struct efunc *)b)->name);
}

static struct efunc *
elf_funcs(const struct image *img, size_t *n)
{
	struct efunc	*v = xcalloc(img->nsymbols + 1, sizeof(*v));
	size_t		 i, k = 0;

	for (i = 0; i < img->nsymbols; i++) {
		if (img->symbols[i].type != SYM_FUNC ||
		    img->symbols[i].shndx == 0)
			continue;
		v[k].name = img->symbols[i].name;
		v[k].global = !img->symbols[i].local;
		v[k++].local = img->symbols[i].local;
	}
	xqsort(v, k, sizeof(*v), efunc_cmp);
	for (i = 1, *n = k ? 1 : 0; i < k; i++) {
		if (strcmp(v[i].name, v[*n - 1].name) != 0) {
			v[(*n)++] = v[i];
			continue;
		}
		v[*n - 1].global |= v[i].global;
		v[*n - 1].local |= v[i].local;
	}
	return v;
}

/*
 * Whether F is linked; *is_static whether it is local to its unit. GCC
 * prefixes the .ci titles of weak functions too, so a prefixed function
 * the ELF has as a global is one.
 */
static bool
linked(const struct efunc *ef, size_t nef, const struct su_func *f,
    bool *is_static)
{
	struct efunc	 k = { f->name, false, false };
	const struct efunc *e;

	*is_static = f->is_static;
	if (ef == NULL)
		return true;
	if ((e = bsearch(&k, ef, nef, sizeof(k), efunc_cmp)) == NULL)
		return false;
	if (f->is_static && !e->local)
		*is_static = false;
	return true;
}

/* Strong definitions first among equal keys, then unit order. */
static int
key_rank_cmp(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;
	int			 c = key_cmp(a, b);

	if (c != 0)
		return c;
	if (x->weak != y->weak)
		return x->weak ? 1 : -1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* Sort the keys; of equal ones the first (the strong definition) stays. */
static void
keys_finish(struct graph *g)
{
	size_t	i, k;

	xqsort(g->keys, g->nkeys, sizeof(*g->keys), key_rank_cmp);
	for (i = 1, k = g->nkeys ? 1 : 0; i < g->nkeys; i++)
		if (key_cmp(&g->keys[i], &g->keys[k - 1]) != 0)
			g->keys[k++] = g->keys[i];
	g->nkeys = k;
}

/* A node per linked function; FNODE maps (unit, function) to it. */
static size_t **
build_nodes(struct graph *g, const struct stack_data *sd)
{
	struct efunc	*ef = NULL;
	size_t		 nef = 0, u, i, **fnode, nd;
	const struct su_func *f;
	bool		 st;
	struct key	*k;

	if (g->img != NULL && g->img->has_symtab)
		ef = elf_funcs(g->img, &nef);
	fnode = xcalloc(sd->nunits + 1, sizeof(*fnode));
	for (u = 0; u < sd->nunits; u++) {
		fnode[u] = xcalloc(sd->units[u]->nfuncs + 1, sizeof(**fnode));
		for (i = 0; i < sd->units[u]->nfuncs; i++) {
			f = &sd->units[u]->funcs[i];
			fnode[u][i] = SIZE_MAX;
			if (!linked(ef, nef, f, &st))
				continue;
			fnode[u][i] = nd = add_node(g, f->name, f, u);
			g->nodes[nd].is_static = st;
			if (!sd->units[u]->has_graph)
				g->nodes[nd].own_why |= 1u << WHY_NO_CALLS;
			k = ARRAY_PUSH(g->keys, g->nkeys, g->keys_cap);
			*k = (struct key){ f->name, st ? u : SIZE_MAX, nd,
			    f->is_static && !st };
		}
	}
	free(ef);
	keys_finish(g);
	return fnode;
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
leaf(struct graph *g, const char *name)
{
	const struct stack_frame *sf = board_frame(g->b, name);
	size_t			 i, nd;

	for (i = 0; i < g->nleaves; i++)
		if (strcmp(g->nodes[g->leaves[i]].name, name) == 0)
			return g->leaves[i];
	nd = add_node(g, name, NULL, SIZE_MAX);
	*ARRAY_PUSH(g->leaves, g->nleaves, g->leaves_cap) = nd;
	if (sf != NULL) {
		g->nodes[nd].frame = sf->bytes;
		g->nodes[nd].own_why = 0;
	}
	return nd;
}

/* NAME as UNIT calls it (its own static first), else a leaf. */
static size_t
resolve(struct graph *g, const char *name, size_t unit)
{
	const struct key	*k = NULL;

	if (unit != SIZE_MAX)
		k = key_find(g, name, unit);
	if (k == NULL)
		k = key_find(g, name, SIZE_MAX);
	return k != NULL ? k->node : leaf(g, name);
}

static void
add_edge(struct graph *g, size_t from, size_t to, const struct su_call *c)
{
	struct node	*n = &g->nodes[from];
	struct edge	*e = ARRAY_PUSH(n->edges, n->nedges, n->cap);

	*e = (struct edge){ to, c ? c->line : 0, c ? c->col : 0 };
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
build_edges(struct graph *g, const struct stack_data *sd, size_t **fnode)
{
	const struct su_call	*c;
	size_t			 u, i, from, to;

	for (u = 0; u < sd->nunits; u++)
		for (i = 0; i < sd->units[u]->ncalls; i++) {
			c = &sd->units[u]->calls[i];
			if ((from = fnode[u][c->from]) == SIZE_MAX)
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

/* The node of root NAME: a global, else a static of that name, else a leaf. */
static size_t
root_node(struct graph *g, const char *name)
{
	size_t	i;

	for (i = 0; i < g->nkeys; i++)
		if (strcmp(g->keys[i].name, name) == 0 &&
		    g->keys[i].unit == SIZE_MAX)
			return g->keys[i].node;
	for (i = 0; i < g->nkeys; i++)
		if (strcmp(g->keys[i].name, name) == 0)
			return g->keys[i].node;
	return leaf(g, name);
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

/* The function symbol at ADDR (Thumb bit cleared): one with data first. */
static const char *
func_at(const struct graph *g, uint64_t addr)
{
	const struct img_symbol	*s;
	const char		*any = NULL;
	size_t			 i;

	for (i = 0; i < g->img->nsymbols; i++) {
		s = &g->img->symbols[i];
		if (s->type != SYM_FUNC || s->value != addr || s->shndx == 0)
			continue;
		if (key_find(g, s->name, SIZE_MAX) != NULL)
			return s->name;
		if (any == NULL || (!s->local && !s->weak))
			any = s->name;
	}
	return any;
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
		name = func_at(g, g->img->vectors[1] & ~1u);
	if (name != NULL && key_find(g, name, SIZE_MAX) == NULL) {
		*reset = name;
		return "main";
	}
	if (name != NULL)
		return name;
	if (key_find(g, "Reset_Handler", SIZE_MAX) != NULL)
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
		if ((name = func_at(g, img->vectors[i] & ~1u)) == NULL)
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

	for (i = 0; i < g->n; i++)
		free(g->nodes[i].edges);
	for (i = 0; i < g->ncycles; i++)
		free(g->cycles[i]);
	free(g->cycles);
	free(g->nodes);
	free(g->keys);
	free(g->path);
	free(g->leaves);
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
	size_t		**fnode, u;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.b = b;
	g.img = img;
	g.unlinked = unlinked;
	fnode = build_nodes(&g, sd);
	build_edges(&g, sd, fnode);
	for (u = 0; u < sd->nunits; u++)
		free(fnode[u]);
	free(fnode);
	out->nfuncs = g.n;
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
