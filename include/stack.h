/*
 * Worst-case stack (src/core/stack.c, pure): the whole-program call graph
 * from GCC's per-unit stack data, restricted to the functions the ELF
 * holds, and the deepest path from each root: the reset handler (or
 * main), each interrupt handler in the vector table, each task entry the
 * board names. What cannot be bounded is not left out: such a root's
 * worst case is a lower bound, with the reasons and a function for each.
 *
 * Strings in the result point into the stack data, the image and the
 * board, which must outlive it.
 */
#ifndef MEMFIT_STACK_H
#define MEMFIT_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "image.h"
#include "stack_usage.h"

/* Why a worst case is only a lower bound (bits). */
enum stack_why {
	WHY_RECURSION,		/* a cycle in the call graph */
	WHY_INDIRECT,		/* a call through a pointer, targets unknown */
	WHY_DYNAMIC,		/* a frame that grows (VLA, alloca) */
	WHY_NO_DATA,		/* a function without stack data */
	WHY_NO_CALLS,		/* a unit with a .su but no .ci */
	WHY_COUNT
};

enum stack_root_kind {
	ROOT_THREAD,		/* the reset handler, or main */
	ROOT_INTERRUPT,
	ROOT_TASK
};

/* One frame of a root's deepest path. */
struct stack_step {
	const char	*name;		/* symbol */
	const char	*display;	/* as GCC prints it */
	uint64_t	 frame;
	bool		 known;		/* false: no data (frame 0) */
	struct srcpos	 def;		/* where it is defined, or 0 */
	unsigned	 call_line;	/* its call to the next step */
	unsigned	 call_col;
};

struct stack_root {
	const char		*name;		/* the entry function */
	enum stack_root_kind	 kind;
	uint64_t		 worst;		/* the deepest path's frames */
	uint64_t		 total;		/* with the interrupts on top
						   (thread root), else worst */
	uint64_t		 reserved;	/* its stack; 0 when unknown */
	unsigned		 why;		/* 1 << enum stack_why */
	const char		*why_func[WHY_COUNT];
	char			*cycle;		/* "f -> g -> f", allocated */
	struct stack_step	*path;
	size_t			 npath;
	const struct stack_task	*task;		/* ROOT_TASK's board entry */
};

struct stack_result {
	struct stack_root	*roots;		/* thread, interrupts, tasks */
	size_t			 nroots;
	uint64_t		 irq_total;	/* added to the thread root */
	size_t			 nfuncs;	/* in the linked graph */
};

/*
 * The analysis of SD against IMG (NULL: every function of SD counts as
 * linked) and the board's tasks, frames and indirect-call targets (B may
 * be NULL).
 */
void	stack_analyze(struct stack_result *out, const struct stack_data *sd,
	    const struct image *img, const struct board *b);
/*
 * Before the link (gen): every function of SD counts, and with no vector
 * table to name the interrupt handlers, every function with data that
 * nothing calls may be one (but the thread root and the board's tasks).
 * So the thread root's total bounds what stack_analyze finds after the
 * link from above.
 */
void	stack_analyze_unlinked(struct stack_result *out,
	    const struct stack_data *sd, const struct board *b);
void	stack_result_free(struct stack_result *);

const char *stack_why_text(enum stack_why);	/* "recursion", ... */
const char *stack_root_kind_name(enum stack_root_kind);

#endif
