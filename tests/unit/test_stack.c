/*
 * The worst-case stack core on hand-written call graphs: each test's
 * expected numbers are the frames along the path its comment gives. The
 * graphs are in GCC's .ci form (see test_stack_usage.c for real output);
 * the image is built by hand: only its function symbols and vector table
 * matter here.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "stack.h"

#define NODE(title, name, bytes, kind) "node: { title: \"" title \
	"\" label: \"" name "\\nu.c:1:1\\n" #bytes " bytes (" kind ")\" }\n"
#define EXT(title) "node: { title: \"" title "\" label: \"" title \
	"\\nu.c:1:1\" shape : ellipse }\n"
#define EDGE(a, b) "edge: { sourcename: \"" a "\" targetname: \"" b \
	"\" label: \"u.c:2:3\" }\n"
#define GRAPH(title, body) "graph: { title: \"" title "\"\n" body "}\n"

#define ARRAY_PUSH_T(fx) (fx->sd.units = realloc(fx->sd.units, \
	(fx->sd.nunits + 1) * sizeof(*fx->sd.units)), \
	&fx->sd.units[fx->sd.nunits++])

struct fixture {
	struct stack_data	 sd;
	struct image		 img;
	struct img_symbol	 syms[32];
	uint32_t		 vec[8];
	struct board		 b;
	struct stack_result	 r;
};

static void
unit(struct fixture *fx, const char *text)
{
	struct diags	 d;
	struct su_unit	*u;

	diags_init(&d);
	cr_assert_eq(su_parse_ci(&u, "t.ci", text, strlen(text), &d), 0,
	    "%s", text);
	diags_free(&d);
	*ARRAY_PUSH_T(fx) = u;
}


/* An ELF function symbol at ADDR (0: none in the vector table). */
static void
sym(struct fixture *fx, const char *name, uint64_t addr, bool local)
{
	fx->syms[fx->img.nsymbols++] = (struct img_symbol){ .name = name,
	    .value = addr, .shndx = 1, .type = SYM_FUNC, .local = local };
	fx->img.symbols = fx->syms;
	fx->img.has_symtab = true;
}

static void
obj(struct fixture *fx, const char *name, uint64_t size)
{
	fx->syms[fx->img.nsymbols++] = (struct img_symbol){ .name = name,
	    .value = 0x20000000, .size = size, .shndx = 2,
	    .type = SYM_OBJECT };
}

static const struct stack_root *
root(const struct fixture *fx, const char *name)
{
	size_t	i;

	for (i = 0; i < fx->r.nroots; i++)
		if (strcmp(fx->r.roots[i].name, name) == 0)
			return &fx->r.roots[i];
	cr_assert_fail("no root %s", name);
	return NULL;
}

static void
done(struct fixture *fx)
{
	stack_result_free(&fx->r);
	stack_data_free(&fx->sd);
	free(fx->b.tasks);
}

/*
 * Across units, a static helper of the same name in each unit, a weak
 * function overridden: main(8) -> filter(72) -> deep(48) -> u2's
 * scale(104) = 232, not u1's scale(16) or the weak init(512).
 */
Test(stack, cross_unit_static_and_weak)
{
	struct fixture	fx = { 0 };
	const struct stack_root *r;

	unit(&fx, GRAPH("u1.c", NODE("u1.c:scale", "scale", 16, "static")
	    NODE("init", "init", 8, "static")
	    NODE("main", "main", 8, "static") EXT("filter")
	    EDGE("main", "init") EDGE("main", "u1.c:scale")
	    EDGE("main", "filter")));
	unit(&fx, GRAPH("u2.c", NODE("u2.c:scale", "scale", 104, "static")
	    NODE("deep", "deep", 48, "static")
	    NODE("filter", "filter", 72, "static")
	    NODE("u2.c:init", "init", 512, "static")
	    EDGE("deep", "u2.c:scale") EDGE("filter", "deep")
	    EDGE("filter", "u2.c:init")));
	sym(&fx, "main", 0x100, false);
	sym(&fx, "init", 0x110, false);	/* one global: the strong one */
	sym(&fx, "filter", 0x120, false);
	sym(&fx, "deep", 0x130, false);
	sym(&fx, "scale", 0x140, true);
	sym(&fx, "scale", 0x150, true);
	stack_analyze(&fx.r, &fx.sd, &fx.img, NULL);
	r = root(&fx, "main");
	cr_assert_eq(r->kind, ROOT_THREAD);
	cr_assert_eq(r->worst, 232);
	cr_assert_eq(r->why, 0);
	cr_assert_eq(r->npath, 4);
	cr_assert_str_eq(r->path[1].name, "filter");
	cr_assert_eq(r->path[3].frame, 104);
	cr_assert_eq(r->path[0].call_line, 2);
	done(&fx);
}

/* What --gc-sections dropped does not count: big() is not in the ELF. */
Test(stack, only_linked_functions)
{
	struct fixture	fx = { 0 };

	unit(&fx, GRAPH("u.c", NODE("main", "main", 8, "static")
	    NODE("big", "big", 4000, "static") NODE("f", "f", 16, "static")
	    EDGE("main", "f") EDGE("big", "f")));
	sym(&fx, "main", 0x100, false);
	sym(&fx, "f", 0x110, false);
	stack_analyze(&fx.r, &fx.sd, &fx.img, NULL);
	cr_assert_eq(fx.r.nfuncs, 2);
	cr_assert_eq(root(&fx, "main")->worst, 24);
	done(&fx);
}

/*
 * Recursion names its cycle; a dynamic frame, a call through a pointer
 * and a function without data make a lower bound that names each.
 * main(8) -> a(16) -> b(32) -> a: 56 at least.
 */
Test(stack, lower_bounds_say_why)
{
	struct fixture	fx = { 0 };
	const struct stack_root *r;

	unit(&fx, GRAPH("u.c", NODE("main", "main", 8, "static")
	    NODE("a", "a", 16, "static") NODE("b", "b", 32, "static")
	    NODE("v", "v", 8, "dynamic") EXT("memcpy") EXT("__indirect_call")
	    EDGE("main", "a") EDGE("a", "b") EDGE("b", "a")
	    EDGE("main", "v") EDGE("v", "memcpy")
	    EDGE("main", "__indirect_call")));
	stack_analyze(&fx.r, &fx.sd, NULL, NULL);
	r = root(&fx, "main");
	cr_assert_eq(r->worst, 56);
	cr_assert_str_eq(r->cycle, "a -> b -> a");
	cr_assert_eq(r->why, (1u << WHY_RECURSION) | (1u << WHY_DYNAMIC) |
	    (1u << WHY_NO_DATA) | (1u << WHY_INDIRECT));
	cr_assert_str_eq(r->why_func[WHY_DYNAMIC], "v");
	cr_assert_str_eq(r->why_func[WHY_NO_DATA], "memcpy");
	cr_assert_str_eq(r->why_func[WHY_INDIRECT], "main");
	done(&fx);
}

/*
 * The board closes the gaps: memcpy's frame, the pointer's targets.
 * main(8) -> __indirect_call: cb_big(200) -> memcpy(24) = 232.
 */
Test(stack, board_frames_and_targets)
{
	struct fixture		fx = { 0 };
	struct stack_frame	sf = { (char *)"memcpy", 24, { 0 } };
	char			*targets[] = { (char *)"cb_small",
				    (char *)"cb_big" };
	struct indirect_calls	ic = { (char *)"main", targets, 2, { 0 } };
	const struct stack_root *r;

	unit(&fx, GRAPH("u.c", NODE("main", "main", 8, "static")
	    NODE("cb_small", "cb_small", 16, "static")
	    NODE("cb_big", "cb_big", 200, "static") EXT("memcpy")
	    EXT("__indirect_call") EDGE("main", "__indirect_call")
	    EDGE("cb_big", "memcpy")));
	fx.b.stack_frames = &sf;
	fx.b.nstack_frames = 1;
	fx.b.indirect_calls = &ic;
	fx.b.nindirect_calls = 1;
	fx.b.irq_nesting = 1;
	stack_analyze(&fx.r, &fx.sd, NULL, &fx.b);
	r = root(&fx, "main");
	cr_assert_eq(r->worst, 232);
	cr_assert_eq(r->why, 0);
	cr_assert_eq(r->npath, 3);
	done(&fx);
}

/* A .su without its .ci: frames known, calls not. */
Test(stack, su_only_unit_is_a_lower_bound)
{
	struct fixture	 fx = { 0 };
	struct diags	 d;
	struct su_unit	*u;
	static const char su[] = "u.c:1:1:main\t40\tstatic\n";

	diags_init(&d);
	cr_assert_eq(su_parse_su(&u, "u.su", su, strlen(su), &d), 0);
	diags_free(&d);
	*ARRAY_PUSH_T((&fx)) = u;
	stack_analyze(&fx.r, &fx.sd, NULL, NULL);
	cr_assert_eq(root(&fx, "main")->worst, 40);
	cr_assert_eq(root(&fx, "main")->why, 1u << WHY_NO_CALLS);
	done(&fx);
}

/*
 * Roots from the vector table and the board: Reset_Handler(8) -> main(8)
 * -> f(100) = 116; handlers A(40) -> f = 140 and B(24); with nesting 1 and
 * an 32-byte exception frame the thread needs 116 + 140 + 32 = 288;
 * Default_Handler twice in the table is one root; the task t(64) on a
 * 512-byte symbol.
 */
Test(stack, roots_interrupts_and_tasks)
{
	struct fixture		fx = { 0 };
	struct stack_task	task = { .entry = (char *)"t",
				    .stack_symbol = (char *)"t_stack" };
	const struct stack_root *r;

	unit(&fx, GRAPH("u.c", NODE("Reset_Handler", "Reset_Handler", 8,
	    "static") NODE("main", "main", 8, "static")
	    NODE("f", "f", 100, "static") NODE("A", "A", 40, "static")
	    NODE("B", "B", 24, "static") NODE("t", "t", 64, "static")
	    NODE("Default_Handler", "Default_Handler", 0, "static")
	    EDGE("Reset_Handler", "main") EDGE("main", "f") EDGE("A", "f")));
	sym(&fx, "Reset_Handler", 0x100, false);
	sym(&fx, "main", 0x110, false);
	sym(&fx, "f", 0x120, false);
	sym(&fx, "A", 0x130, false);
	sym(&fx, "B", 0x140, false);
	sym(&fx, "t", 0x150, false);
	sym(&fx, "Default_Handler", 0x160, false);
	obj(&fx, "t_stack", 512);
	fx.vec[0] = 0x20004000;
	fx.vec[1] = 0x101;
	fx.vec[2] = 0x161;
	fx.vec[3] = 0x161;
	fx.vec[4] = 0;
	fx.vec[5] = 0x131;
	fx.vec[6] = 0x141;
	fx.vec[7] = 0x12345678;		/* past the table */
	fx.img.vectors = fx.vec;
	fx.img.nvectors = 8;
	fx.b.irq_nesting = 1;
	fx.b.irq_frame = 32;
	fx.b.stack.set = true;
	fx.b.stack.size = 1024;
	fx.b.tasks = malloc(sizeof(task));
	fx.b.tasks[0] = task;
	fx.b.ntasks = 1;
	stack_analyze(&fx.r, &fx.sd, &fx.img, &fx.b);
	cr_assert_eq(fx.r.nroots, 5);
	r = root(&fx, "Reset_Handler");
	cr_assert_eq(r->worst, 116);
	cr_assert_eq(r->total, 288);
	cr_assert_eq(r->reserved, 1024);
	cr_assert_eq(root(&fx, "A")->kind, ROOT_INTERRUPT);
	cr_assert_eq(root(&fx, "A")->worst, 140);
	cr_assert_eq(root(&fx, "Default_Handler")->worst, 0);
	cr_assert_eq(root(&fx, "t")->worst, 64);
	cr_assert_eq(root(&fx, "t")->reserved, 512);
	fx.img.vectors = NULL;
	done(&fx);
}

/* An assembly reset handler: main is the root, the handler unknown. */
Test(stack, assembly_reset_handler)
{
	struct fixture	fx = { 0 };
	const struct stack_root *r;

	unit(&fx, GRAPH("u.c", NODE("main", "main", 8, "static")));
	sym(&fx, "Reset_Handler", 0x100, false);
	sym(&fx, "main", 0x110, false);
	fx.vec[1] = 0x101;
	fx.img.vectors = fx.vec;
	fx.img.nvectors = 2;
	stack_analyze(&fx.r, &fx.sd, &fx.img, NULL);
	r = root(&fx, "main");
	cr_assert_eq(r->npath, 2);
	cr_assert_str_eq(r->path[0].name, "Reset_Handler");
	cr_assert(!r->path[0].known);
	cr_assert_eq(r->why, 1u << WHY_NO_DATA);
	cr_assert_str_eq(r->why_func[WHY_NO_DATA], "Reset_Handler");
	fx.img.vectors = NULL;
	done(&fx);
}

/*
 * A call chain as deep as the bench firmware's (every unit calls the
 * next): main -> f1 -> ... -> f9999, 16 bytes each, is no recursion and
 * needs no deep C stack.
 */
Test(stack, deep_chain)
{
	struct fixture	fx = { 0 };
	char		buf[256], name[32], edge[96];
	int		i, n = 10000;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), i ? "f%d" : "main", i);
		edge[0] = '\0';
		if (i < n - 1)		/* the last calls nothing */
			snprintf(edge, sizeof(edge), "edge: { sourcename: "
			    "\"%s\" targetname: \"f%d\" label: \"u.c:2:3\" }"
			    "\n", name, i + 1);
		snprintf(buf, sizeof(buf), "graph: { title: \"u%d.c\"\n"
		    "node: { title: \"%s\" label: \"f\\nu.c:1:1\\n16 bytes "
		    "(static)\" }\n%s}\n", i, name, edge);
		unit(&fx, buf);
	}
	stack_analyze(&fx.r, &fx.sd, NULL, NULL);
	cr_assert_eq(root(&fx, "main")->worst, 16 * (uint64_t)n);
	cr_assert_eq(root(&fx, "main")->why, 0);
	cr_assert_eq(root(&fx, "main")->npath, (size_t)n);
	done(&fx);
}

/*
 * Before the link (gen): no vector table. Reset_Handler(8) -> main(8) ->
 * f(100) = 116. Nothing calls A(40) -> f = 140, B(24), dead(300) or the
 * task t(64): without globs A, B and dead may be handlers, t is a task,
 * so the deepest is dead: 116 + 300 + 32 = 448; with the globs "A" and
 * "B*" only A and B: 116 + 140 + 32 = 288, as check would find with A and
 * B in the vector table. A task's switch frame adds to its total.
 */
Test(stack, unlinked_handlers)
{
	struct fixture		fx = { 0 };
	struct stack_task	task = { .entry = (char *)"t", .size = 256,
				    .switch_frame = 68 };
	char			*globs[] = { (char *)"A", (char *)"B*" };

	unit(&fx, GRAPH("u.c", NODE("Reset_Handler", "Reset_Handler", 8,
	    "static") NODE("main", "main", 8, "static")
	    NODE("f", "f", 100, "static") NODE("A", "A", 40, "static")
	    NODE("B", "B", 24, "static") NODE("dead", "dead", 300, "static")
	    NODE("t", "t", 64, "static")
	    EDGE("Reset_Handler", "main") EDGE("main", "f") EDGE("A", "f")));
	fx.b.irq_nesting = 1;
	fx.b.irq_frame = 32;
	fx.b.tasks = malloc(sizeof(task));
	fx.b.tasks[0] = task;
	fx.b.ntasks = 1;
	stack_analyze_unlinked(&fx.r, &fx.sd, &fx.b);
	cr_assert_eq(fx.r.roots[0].kind, ROOT_THREAD);
	cr_assert_str_eq(fx.r.roots[0].name, "Reset_Handler");
	cr_assert_eq(fx.r.roots[0].total, 448);
	cr_assert_eq(root(&fx, "dead")->kind, ROOT_INTERRUPT);
	cr_assert_eq(root(&fx, "t")->total, 64 + 68);
	cr_assert_eq(fx.r.nroots, 5);	/* thread, A, B, dead, t */
	stack_result_free(&fx.r);
	fx.b.irq_handlers = globs;
	fx.b.nirq_handlers = 2;
	stack_analyze_unlinked(&fx.r, &fx.sd, &fx.b);
	cr_assert_eq(fx.r.roots[0].total, 288);
	cr_assert_eq(fx.r.nroots, 4);	/* thread, A, B, t */
	done(&fx);
}
