/*
 * stack-overflow, and the stack table of check and size: each root of the
 * stack analysis (stack.h) with its worst case, its stack and the path.
 * A root is checked against the stack it runs on: the thread, with the
 * interrupts on top, against the board's stack; a task against its own.
 * Interrupt handlers run on the thread's stack and count there.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "rules.h"
#include "stack.h"
#include "strbuf.h"

/* "recursion (a -> b -> a), a dynamic frame (f)": every reason, each
 * with the function it was found in. */
static char *
why_text(const struct stack_root *sr)
{
	struct strbuf	sb;
	unsigned	k;

	if (sr->why == 0)
		return NULL;
	sb_init(&sb);
	for (k = 0; k < WHY_COUNT; k++) {
		if (!(sr->why & (1u << k)))
			continue;
		if (sb.len > 0)
			sb_puts(&sb, ", ");
		sb_printf(&sb, "%s (%s)", stack_why_text((enum stack_why)k),
		    k == WHY_RECURSION && sr->cycle ? sr->cycle :
		    sr->why_func[k]);
	}
	return sb_detach(&sb);
}

static void
fill_path(struct rep_stack *rs, const struct stack_root *sr)
{
	struct rep_stack_frame	*f;
	size_t			 i;

	rs->path = xcalloc(sr->npath + 1, sizeof(*rs->path));
	rs->npath = sr->npath;
	for (i = 0; i < sr->npath; i++) {
		f = &rs->path[i];
		f->function = xstrdup(sr->path[i].display);
		f->frame = sr->path[i].frame;
		f->known = sr->path[i].known;
		if (sr->path[i].def.file != NULL) {
			f->file = xstrdup(sr->path[i].def.file);
			f->line = sr->path[i].def.line;
		}
	}
}

static uint64_t
root_warn(const struct stack_root *sr, const struct board *b)
{
	const struct threshold	*t = NULL;

	if (sr->kind == ROOT_THREAD && b != NULL)
		t = &b->stack_warn;
	else if (sr->kind == ROOT_TASK)
		t = &sr->task->warn;
	if (t == NULL || !t->set || sr->reserved == 0)
		return REPORT_NONE;
	return threshold_bytes(t, sr->reserved);
}

void
analyze_stack(struct report *r, const struct analysis *a)
{
	const struct stack_root	*sr;
	struct rep_stack	*rs;
	size_t			 i;

	if (a->stack == NULL)
		return;
	r->stacks = xcalloc(a->stack->nroots + 1, sizeof(*r->stacks));
	for (i = 0; i < a->stack->nroots; i++) {
		sr = &a->stack->roots[i];
		rs = &r->stacks[r->nstacks++];
		rs->root = xstrdup(sr->name);
		rs->kind = xstrdup(stack_root_kind_name(sr->kind));
		rs->worst = sr->worst;
		rs->total = sr->total;
		rs->reserved = sr->reserved > 0 ? sr->reserved : REPORT_NONE;
		rs->warn = root_warn(sr, a->board);
		rs->lower_bound = sr->why != 0;
		rs->why = why_text(sr);
		fill_path(rs, sr);
	}
}

/* The finding of root I: where its entry is defined, which root. */
static void
place(struct finding *f, const struct report *r, size_t i,
    const struct srcpos *def)
{
	const struct rep_stack	*rs = &r->stacks[i];

	f->stack = i;
	f->symbol = xstrdup(rs->root);
	f->size = rs->total;
	if (rs->npath > 0 && rs->path[0].file != NULL) {
		f->file = xstrdup(rs->path[0].file);
		f->line = rs->path[0].line;
	}
	if (def != NULL && def->file != NULL)
		finding_described(f, def->file, def->line);
}

/* "is 1200 bytes" or "is at least 1200 bytes (recursion (...))". */
static char *
worst_text(const struct rep_stack *rs)
{
	if (!rs->lower_bound)
		return xasprintf("is %" PRIu64 " bytes", rs->total);
	return xasprintf("is at least %" PRIu64 " bytes: %s", rs->total,
	    rs->why);
}

static void
check_root(struct rules_ctx *c, size_t i, const struct srcpos *def,
    const struct stack_task *task)
{
	const struct rep_stack	*rs = &c->r->stacks[i];
	char			*w = worst_text(rs);
	struct finding		*f = NULL;

	if (rs->reserved != REPORT_NONE && rs->total > rs->reserved)
		f = report_add_finding(c->r, RULE_STACK_OVERFLOW, SEV_ERROR,
		    "worst-case stack of %s %s, above its %" PRIu64 "-byte "
		    "stack by %" PRIu64, rs->root, w, rs->reserved,
		    rs->total - rs->reserved);
	else if (rs->warn != REPORT_NONE && rs->total > rs->warn)
		f = report_add_finding(c->r, RULE_STACK_OVERFLOW, SEV_WARNING,
		    "worst-case stack of %s %s, above its warn budget of %"
		    PRIu64 " bytes", rs->root, w, rs->warn);
	else if (rs->lower_bound)
		f = report_add_finding(c->r, RULE_STACK_OVERFLOW, SEV_WARNING,
		    "worst-case stack of %s is unknown: it %s", rs->root, w);
	if (f != NULL)
		place(f, c->r, i, def);
	free(w);
	if (rs->reserved != REPORT_NONE || task == NULL ||
	    task->stack_symbol == NULL)
		return;
	f = report_add_finding(c->r, RULE_STACK_OVERFLOW, SEV_WARNING,
	    "task %s: its stack is unknown (the ELF has no object '%s')",
	    rs->root, task->stack_symbol);
	place(f, c->r, i, def);
	f->stack = SIZE_MAX;	/* the path is under the other finding */
}

void
rules_stack(struct rules_ctx *c)
{
	const struct stack_root	*sr;
	size_t			 i;

	if (c->a->stack == NULL)
		return;
	for (i = 0; i < c->r->nstacks && i < c->a->stack->nroots; i++) {
		sr = &c->a->stack->roots[i];
		if (sr->kind == ROOT_THREAD)
			check_root(c, i, c->b && c->b->stack.set ?
			    &c->b->stack.pos : NULL, NULL);
		else if (sr->kind == ROOT_TASK)
			check_root(c, i, &sr->task->stack_pos, sr->task);
	}
}
