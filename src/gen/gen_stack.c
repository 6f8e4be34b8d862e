/*
 * stack: { size: auto }: the reservation gen writes, from GCC's stack data
 * read before the link. Without the ELF nothing is known to be dropped by
 * --gc-sections, and every uncalled function may be an interrupt handler
 * (stack_analyze_unlinked), so the figure bounds what check computes after
 * the link from above; the comment in each output says so.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "strbuf.h"

#define STACK_ALIGN	8	/* AAPCS: SP is 8-aligned at public calls */

static uint64_t
round_up(uint64_t v)
{
	return (v + STACK_ALIGN - 1) / STACK_ALIGN * STACK_ALIGN;
}

/* The margin over WORST; false when the sum would not fit in 64 bits
 * (absurd frames in the board), which must not wrap to a small stack. */
static bool
margin_bytes(uint64_t *out, const struct stack_auto *a, uint64_t worst)
{
	uint64_t	v;

	if (!a->margin_is_percent)
		*out = a->margin;
	else if (__builtin_mul_overflow(worst, a->margin_hundredths, &v) ||
	    v > UINT64_MAX - 9999)
		return false;
	else
		*out = (v + 9999) / 10000;
	return !__builtin_add_overflow(worst, *out, &v) &&
	    v <= UINT64_MAX - STACK_ALIGN;
}

/* "recursion (walk -> walk)": the first reason and where it was found. */
static char *
why_first(const struct stack_root *t)
{
	unsigned	k;

	for (k = 0; k < WHY_COUNT; k++)
		if (t->why & (1u << k))
			break;
	return xasprintf("%s (%s)", stack_why_text((enum stack_why)k),
	    k == WHY_RECURSION && t->cycle != NULL ? t->cycle :
	    t->why_func[k]);
}

/* The deepest interrupt root, which the comment names; NULL if none. */
static const char *
deepest_irq(const struct stack_result *sr)
{
	const struct stack_root	*best = NULL;
	size_t			 i;

	for (i = 1; i < sr->nroots; i++)
		if (sr->roots[i].kind == ROOT_INTERRUPT && (best == NULL ||
		    sr->roots[i].worst > best->worst))
			best = &sr->roots[i];
	return best != NULL ? best->name : NULL;
}

/* The comment lines: where the figure came from. */
static char *
note(const struct gen_plan *p, const struct stack_result *sr,
    uint64_t margin, uint64_t size)
{
	const struct stack_auto	*a = &p->b->stack_auto;
	const struct stack_root	*t = &sr->roots[0];
	const char		*irq = deepest_irq(sr);
	struct strbuf		 sb;

	sb_init(&sb);
	sb_printf(&sb, "size: auto, from GCC's .su/.ci files before the link:\n"
	    "  worst case of %s: %s%" PRIu64 " bytes\n  + interrupts: %" PRIu64
	    " (nesting %u, frame %" PRIu64 "%s%s)\n", t->name, t->why ?
	    "at least " : "", t->worst, sr->irq_total, p->b->irq_nesting,
	    p->b->irq_frame, irq ? ", the deepest: " : "", irq ? irq : "");
	if (a->margin_is_percent && a->margin_hundredths % 100 == 0)
		sb_printf(&sb, "  + margin %u%%: %" PRIu64 "\n",
		    a->margin_hundredths / 100, margin);
	else if (a->margin_is_percent)
		sb_printf(&sb, "  + margin %u.%02u%%: %" PRIu64 "\n",
		    a->margin_hundredths / 100, a->margin_hundredths % 100,
		    margin);
	else
		sb_printf(&sb, "  + margin: %" PRIu64 "\n", margin);
	sb_printf(&sb, "  = %" PRIu64 " bytes, rounded up to %d%s\n", size,
	    STACK_ALIGN, a->min_set ? ", at least min" : "");
	sb_puts(&sb, "Before the link every compiled function counts, so this "
	    "bounds\nwhat memfit check finds after it from above.");
	return sb_detach(&sb);
}

int
gen_plan_stack(struct gen_plan *p, const struct stack_result *sr,
    struct diags *d)
{
	const struct stack_auto	*a = &p->b->stack_auto;
	const struct stack_root	*t = &sr->roots[0];
	uint64_t		 margin, size;
	char			*why;

	if (!margin_bytes(&margin, a, t->total)) {
		diag_error(d, &a->pos, "worst-case stack of %s plus the margin "
		    "is too large to reserve", t->name);
		return -1;
	}
	size = round_up(t->total + margin);
	if (a->min_set && size < round_up(a->min))
		size = round_up(a->min);
	if (t->why != 0) {
		why = why_first(t);
		if (a->min_set)
			diag_warn(d, &a->min_pos, "worst-case stack of %s is "
			    "only known to be at least %" PRIu64 " bytes, for "
			    "%s: reserving %" PRIu64 " bytes", t->name,
			    t->total, why, size);
		else
			diag_error(d, &a->pos, "worst-case stack of %s is "
			    "only known to be at least %" PRIu64 " bytes, for "
			    "%s: size: auto needs it known (give stack_frames "
			    "or indirect_calls, or a min)", t->name, t->total,
			    why);
		free(why);
		if (!a->min_set)
			return -1;
	}
	p->stack_size = size;
	p->stack_note = note(p, sr, margin, size);
	return 0;
}

void
gen_stack_comment(struct strbuf *sb, const struct gen_plan *p,
    const char *indent)
{
	const char	*s, *nl;

	if (p->stack_note == NULL)
		return;
	sb_printf(sb, "%s/*\n", indent);
	for (s = p->stack_note; *s != '\0'; s = *nl ? nl + 1 : nl) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		sb_printf(sb, "%s * %.*s\n", indent, (int)(nl - s), s);
	}
	sb_printf(sb, "%s */\n", indent);
}
