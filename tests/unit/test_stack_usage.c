/*
 * GCC's stack-usage files. The texts below are arm-none-eabi-gcc 12.2's
 * own output, copied from
 *	arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 -fstack-usage \
 *	    -fcallgraph-info=su -c b.c -o obj/b.obj
 * (it writes obj/b.su and obj/b.ci), for b.c, a.c and d.cpp as the test
 * comments give them; the broken ones are cut from them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stack_usage.h"

/*
 * static __attribute__((noinline)) int helper(int n) { volatile int buf[10];
 *	buf[0]=n; return buf[0]; }
 * int ext(int n) { return helper(n) + 1; }
 * int main(void) { return ext(2); }
 * void Reset_Handler(void) { main(); for(;;); }
 */
static const char b_ci[] =
    "graph: { title: \"b.c\"\n"
    "node: { title: \"b.c:helper\" label: \"helper\\nb.c:1:38\\n40 bytes (static)\" }\n"
    "node: { title: \"ext\" label: \"ext\\nb.c:2:5\\n8 bytes (static)\" }\n"
    "edge: { sourcename: \"ext\" targetname: \"b.c:helper\" label: \"b.c:2:25\" }\n"
    "node: { title: \"main\" label: \"main\\nb.c:3:5\\n8 bytes (static)\" }\n"
    "edge: { sourcename: \"main\" targetname: \"ext\" label: \"b.c:3:25\" }\n"
    "node: { title: \"Reset_Handler\" label: \"Reset_Handler\\nb.c:4:6\\n8 bytes (static)\" }\n"
    "edge: { sourcename: \"Reset_Handler\" targetname: \"main\" label: \"b.c:4:28\" }\n"
    "}\n";

/* a.c: recursion, a VLA, a call through a pointer, a forward call. */
static const char a_ci[] =
    "graph: { title: \"a.c\"\n"
    "node: { title: \"rec\" label: \"rec\\na.c:4:5\\n24 bytes (static)\" }\n"
    "edge: { sourcename: \"rec\" targetname: \"rec\" label: \"a.c:4:58\" }\n"
    "node: { title: \"vla\" label: \"vla\\na.c:5:5\\n8 bytes (dynamic)\" }\n"
    "node: { title: \"top\" label: \"top\\na.c:7:5\\n72 bytes (static)\" }\n"
    "node: { title: \"ext\" label: \"ext\\na.c:3:5\" shape : ellipse }\n"
    "edge: { sourcename: \"top\" targetname: \"ext\" label: \"a.c:7:62\" }\n"
    "node: { title: \"__indirect_call\" label: \"Indirect Call Placeholder\" shape : ellipse }\n"
    "edge: { sourcename: \"top\" targetname: \"__indirect_call\" label: \"a.c:7:71\" }\n"
    "edge: { sourcename: \"top\" targetname: \"rec\" label: \"a.c:7:79\" }\n"
    "edge: { sourcename: \"top\" targetname: \"vla\" label: \"a.c:7:88\" }\n"
    "}\n";

/* d.cpp: the .su has demangled names with signatures, the .ci symbols. */
static const char d_su[] =
    "d.cpp:1:48:int ns::A::f(int)\t24\tstatic\n"
    "d.cpp:2:12:int g(int)\t16\tstatic\n"
    "C:\\src\\d.cpp:3:5:int h(int)\t8\tdynamic,bounded\r\n";

static const char d_ci_head[] =
    "graph: { title: \"d.cpp\"\n"
    "node: { title: \"d.cpp:_ZL1gi\" label: \"int g(int)\\nd.cpp:2:12\\n16 bytes (static)\" }\n";

Test(stack_usage, ci_functions_and_static_prefix)
{
	struct diags	 d;
	struct su_unit	*u;

	diags_init(&d);
	cr_assert_eq(su_parse_ci(&u, "b.ci", b_ci, strlen(b_ci), &d), 0);
	cr_assert(u->has_graph);
	cr_assert_eq(u->nfuncs, 4);
	cr_assert_str_eq(u->funcs[0].name, "helper");
	cr_assert(u->funcs[0].is_static);
	cr_assert_eq(u->funcs[0].frame, 40);
	cr_assert_str_eq(u->funcs[0].pos.file, "b.c");
	cr_assert_eq(u->funcs[0].pos.line, 1);
	cr_assert_eq(u->funcs[0].pos.col, 38);
	cr_assert(!u->funcs[1].is_static);
	cr_assert_eq(u->ncalls, 3);
	cr_assert_str_eq(u->calls[0].to, "helper");
	cr_assert(u->calls[0].to_static);
	cr_assert_eq(u->calls[0].from, 1);
	cr_assert_eq(u->calls[0].line, 2);
	cr_assert_eq(u->calls[0].col, 25);
	cr_assert_str_eq(u->calls[2].to, "main");
	su_unit_free(u);
	diags_free(&d);
}

Test(stack_usage, ci_indirect_dynamic_and_external)
{
	struct diags	 d;
	struct su_unit	*u;

	diags_init(&d);
	cr_assert_eq(su_parse_ci(&u, "a.ci", a_ci, strlen(a_ci), &d), 0);
	cr_assert_eq(u->nfuncs, 3, "ext and the placeholder are no functions");
	cr_assert_eq(u->funcs[1].kind, SU_DYNAMIC);
	cr_assert_eq(u->ncalls, 5);
	cr_assert_str_eq(u->calls[0].to, "rec");	/* itself */
	cr_assert_str_eq(u->calls[1].to, "ext");
	cr_assert(!u->calls[1].to_static);
	cr_assert_null(u->calls[2].to, "indirect");
	cr_assert_str_eq(u->calls[4].to, "vla", "defined before, resolved");
	su_unit_free(u);
	diags_free(&d);
}

Test(stack_usage, su_lines)
{
	struct diags	 d;
	struct su_unit	*u;

	diags_init(&d);
	cr_assert_eq(su_parse_su(&u, "d.su", d_su, strlen(d_su), &d), 0);
	cr_assert(!u->has_graph);
	cr_assert_eq(u->nfuncs, 3);
	cr_assert_str_eq(u->funcs[0].name, "int ns::A::f(int)");
	cr_assert_eq(u->funcs[0].frame, 24);
	cr_assert_str_eq(u->funcs[2].pos.file, "C:\\src\\d.cpp");
	cr_assert_eq(u->funcs[2].pos.line, 3);
	cr_assert_eq(u->funcs[2].kind, SU_BOUNDED);
	su_unit_free(u);
	diags_free(&d);
}

/* Each broken text is one located error and no unit. */
static void
rejects(const char *text, bool ci, unsigned line)
{
	struct diags	 d;
	struct su_unit	*u = (void *)1;
	int		 r;

	diags_init(&d);
	r = ci ? su_parse_ci(&u, "x", text, strlen(text), &d) :
	    su_parse_su(&u, "x", text, strlen(text), &d);
	cr_assert_eq(r, -1, "accepted: %s", text);
	cr_assert_null(u);
	cr_assert_eq(d.n, 1);
	cr_assert_eq(d.list[0].pos.line, line, "%s: line %u", text,
	    d.list[0].pos.line);
	diags_free(&d);
}

Test(stack_usage, rejects_what_gcc_does_not_write)
{
	rejects("d.cpp:1:48:f\t24\n", false, 1);
	rejects("d.cpp:1:48:f\t24\tstatic\nf\t8\tstatic\n", false, 2);
	rejects("d.cpp:x:48:f\t24\tstatic\n", false, 1);
	rejects("d.cpp:1:48:f\t99999999999999\tstatic\n", false, 1);
	rejects("d.cpp:1:48:f\t\tstatic\n", false, 1);
	rejects(d_ci_head, true, 2);		/* no closing brace */
	rejects("node: { title: \"f\" }\n", true, 1);
	rejects("graph: { title: \"d\n", true, 1);
	rejects("graph: { title: \"d\"\n"
	    "edge: { sourcename: \"f\" targetname: \"g\" }\n}\n", true, 2);
	rejects("graph: { title: \"d\"\n"
	    "node: { title: \"f\" label: \"f\\nd:1:1\\n8 bytes (odd)\" }\n}\n",
	    true, 2);
	rejects("graph: { title: \"d\"\n}\n}\n", true, 3);
}

/* GCC's names: -o dir/x.o gives dir/x.ci; x.c.o gives x.c.ci. */
Test(stack_usage, finds_files_beside_objects_and_in_a_dir)
{
	char		 tmp[] = "/tmp/memfit-su-XXXXXX", *p;
	struct stack_data sd = { 0 };
	struct diags	 d;
	FILE		*f;

	cr_assert_not_null(mkdtemp(tmp));
	p = NULL;
	cr_assert(asprintf(&p, "%s/x.c.ci", tmp) > 0);
	f = fopen(p, "w");
	fputs(b_ci, f);
	fclose(f);
	free(p);
	cr_assert(asprintf(&p, "%s/y.su", tmp) > 0);
	f = fopen(p, "w");
	fputs(d_su, f);
	fclose(f);
	free(p);
	diags_init(&d);
	cr_assert(asprintf(&p, "%s/x.c.o", tmp) > 0);
	cr_assert_eq(stack_data_find(&sd, p, NULL, &d), 0);
	free(p);
	cr_assert_eq(stack_data_find(&sd, "build/y.o", tmp, &d), 0);
	cr_assert_eq(stack_data_find(&sd, "/abs/y.obj", tmp, &d), 0);
	cr_assert_eq(stack_data_find(&sd, "build/z.o", tmp, &d), 1);
	cr_assert_eq(sd.nunits, 3);
	cr_assert(sd.units[0]->has_graph);
	cr_assert(!sd.units[1]->has_graph);
	cr_assert_eq(sd.nmissing, 1);
	cr_assert_str_eq(sd.missing, "build/z.o");
	cr_assert_eq(d.n, 0);
	stack_data_free(&sd);
	diags_free(&d);
	p = NULL;
	cr_assert(asprintf(&p, "rm -rf '%s'", tmp) > 0);
	cr_assert_eq(system(p), 0);
	free(p);
}

/*
 * -fcallgraph-info=su,da adds a line of dynamic objects to each label;
 * plain -fcallgraph-info gives no sizes at all, which is said as such.
 */
Test(stack_usage, ci_variants)
{
	static const char da[] = "graph: { title: \"b.c\"\n"
	    "node: { title: \"ext\" label: \"ext\\nb.c:2:5\\n8 bytes (static)"
	    "\\n0 dynamic objects\" }\n}\n";
	static const char nosu[] = "graph: { title: \"b.c\"\n"
	    "node: { title: \"ext\" label: \"ext\\nb.c:2:5\" }\n}\n";
	struct diags	 d;
	struct su_unit	*u;

	diags_init(&d);
	cr_assert_eq(su_parse_ci(&u, "b.ci", da, strlen(da), &d), 0);
	cr_assert_eq(u->nfuncs, 1);
	cr_assert_eq(u->funcs[0].frame, 8);
	su_unit_free(u);
	cr_assert_eq(su_parse_ci(&u, "b.ci", nosu, strlen(nosu), &d), -1);
	cr_assert_eq(d.n, 1);
	cr_assert_eq(d.list[0].pos.line, 2);
	cr_assert(strstr(d.list[0].msg, "-fcallgraph-info=su") != NULL);
	diags_free(&d);
}
