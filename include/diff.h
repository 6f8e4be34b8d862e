/*
 * memfit diff: what changed between two reports (OLD and NEW) of the same
 * firmware. Pure: it reads two reports and growth limits and fills a
 * struct diff that every diff format renders (src/render/render_diff.c for the
 * table and JSON, src/render/render_csv.c, src/render/render_markdown.c).
 *
 * Regions are matched by name. Breakdown rows (archive, object, symbol)
 * are matched by region and name (and archive and object), and ranked by
 * the size of their change across all regions, rows of bytes no file
 * accounts for (*fill*...) after the files: the DIFF_TOP first per kind
 * are kept, each with its region.
 */
#ifndef MEMFIT_DIFF_H
#define MEMFIT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "util.h"

#define DIFF_TOP	10

/* A region of either report; its names point into the reports. */
struct diff_region {
	const char	*name;
	bool		 in_old;
	bool		 in_new;
	uint64_t	 old_used;	/* 0 when not in OLD */
	uint64_t	 old_length;	/* REPORT_NONE: unknown */
	uint64_t	 new_used;
	uint64_t	 new_length;
	bool		 exceeded;	/* over a growth limit */
};

/* Symbols are matched by region and name only: their object's path can
 * differ between two build trees. The object shown is NEW's. */
struct diff_item {
	enum breakdown	 kind;
	const char	*region;
	const char	*name;
	const char	*archive;	/* or NULL */
	const char	*object;	/* symbols: or NULL */
	bool		 in_old;
	bool		 in_new;
	uint64_t	 old_size;
	uint64_t	 new_size;
	bool		 synthetic;	/* *fill* and the like: ranked last */
};

/*
 * The worst-case stack of one root in either report, matched by kind and
 * root name (a task by its entry). The figure is the root's total, what
 * check holds against its stack; a lower bound is compared as it is
 * shown. Names point into the reports.
 */
struct diff_stack {
	const char	*root;
	const char	*kind;		/* "thread", "interrupt", "task" */
	bool		 in_old;
	bool		 in_new;
	uint64_t	 old_total;	/* 0 when not in OLD */
	uint64_t	 new_total;
	uint64_t	 old_reserved;	/* REPORT_NONE: unknown */
	uint64_t	 new_reserved;
	bool		 old_lower;	/* a lower bound */
	bool		 new_lower;
	bool		 exceeded;	/* over a growth limit */
};

/*
 * --fail-on-growth BYTES|PERCENT[:REGION]. A percentage is of the region's
 * length (NEW's; OLD's for a removed region): "0.5%" fails when used grows
 * by more than 0.5 % of the region, the same unit as the Used [%] column.
 * It cannot apply to a region whose length is unknown.
 *
 * BYTES|PERCENT:stack[:ROOT] limits the growth of the worst-case stack of
 * every root (of ROOT only), a percentage being of the root's reserved
 * stack (NEW's; OLD's for a removed root); it cannot apply to a root whose
 * stack is unknown (an interrupt handler's: it runs on the thread's).
 */
struct growth_limit {
	const char	*spec;		/* as given */
	char		*region;	/* NULL: every region (or root) */
	bool		 stack;		/* region is a stack root */
	bool		 percent;
	uint64_t	 value;		/* bytes, or hundredths of a percent */
	bool		 exceeded;
};

struct diff {
	const struct report	*old;
	const struct report	*new;
	struct diff_region	*regions;	/* NEW's order, then removed */
	size_t			 nregions;
	struct diff_item	*items[BD_COUNT];	/* largest change first */
	size_t			 nitems[BD_COUNT];
	bool			 has_items[BD_COUNT];	/* both sides have it */
	/* Roots in NEW's order, then removed ones; only when both reports
	 * have stack data (old_stacks, new_stacks). */
	struct diff_stack	*stacks;
	size_t			 nstacks;
	bool			 old_stacks;
	bool			 new_stacks;
	struct growth_limit	*limits;
	size_t			 nlimits;
	bool			 failed;	/* some limit exceeded */
};

/*
 * Parse a growth limit: "1024", "2K", "1M", "0x400", "0.5%", each with an
 * optional ":REGION", or ":stack" and an optional ":ROOT". Returns 0, or
 * -1 with a message in *err (allocated).
 */
int	growth_limit_parse(struct growth_limit *out, const char *spec,
	    char **err);

/* Compare OLD with NEW; both must outlive the diff. */
void	diff_compute(struct diff *out, const struct report *old,
	    const struct report *new);

/*
 * Apply LIMITS (the diff points at them; the caller frees them after it),
 * set exceeded and failed. Returns 0, or -1 with *err when a limit names
 * a region that neither report has, or when a percentage limit has no
 * region of known length to apply to.
 */
int	diff_apply_limits(struct diff *, struct growth_limit *limits,
	    size_t nlimits, char **err);

/* Does region D grow beyond limit L? Never for a percentage of an
 * unknown length (limit_applies says whether L applies to D at all). */
bool	limit_applies(const struct growth_limit *l,
	    const struct diff_region *d);
/* Whether L, a percentage, would apply to D but for D's unknown length
 * (the formats name such regions). */
bool	limit_skips(const struct growth_limit *l,
	    const struct diff_region *d);
bool	growth_exceeds(const struct growth_limit *l,
	    const struct diff_region *d);

/* The same for a stack limit and a root; never a region limit. */
bool	stack_limit_applies(const struct growth_limit *l,
	    const struct diff_stack *s);
bool	stack_limit_skips(const struct growth_limit *l,
	    const struct diff_stack *s);
bool	stack_growth_exceeds(const struct growth_limit *l,
	    const struct diff_stack *s);

/* Whether both reports have stack data: only then are roots paired. */
bool	diff_has_stacks(const struct diff *);
/* NEW - OLD of the root's figure (an absent side counts 0). */
int64_t	diff_stack_delta(const struct diff_stack *);
/* The stack a root runs on, as a percentage limit takes it: NEW's, OLD's
 * for a removed root; REPORT_NONE when unknown. */
uint64_t diff_stack_reserved(const struct diff_stack *);
/* Reserved - figure of the side diff_stack_reserved takes, negative when
 * over; meaningful only when that reserved is known. A lower bound's
 * headroom is at most this. */
int64_t	diff_stack_headroom(const struct diff_stack *);
/* Whether the side diff_stack_reserved takes is a lower bound. */
bool	diff_stack_lower(const struct diff_stack *);
/* The reserved stack as the table and Markdown show it (allocated):
 * "512", "512 (was 256)" when it changed; NULL when unknown. */
char	*diff_fmt_reserved(const struct diff_stack *);
/* A side's figure as every diff format shows it (allocated): "488", or
 * ">=488" for a lower bound. */
char	*diff_fmt_stack(uint64_t total, bool lower);

void	diff_free(struct diff *);
void	growth_limits_free(struct growth_limit *, size_t n);

/* NEW - OLD, as a signed count (saturated: sizes are far below 2^63). */
int64_t	diff_delta(uint64_t old, uint64_t new);

/*
 * Whether the region is in OLD (NEW) and that report knows its length:
 * only then does that side have a Used %, a remain and a Total.
 */
bool	diff_old_sized(const struct diff_region *);
bool	diff_new_sized(const struct diff_region *);
/* Whether every side the region is in knows its length: the deltas of
 * remain and Used % mean something only then. */
bool	diff_region_sized(const struct diff_region *);
/* The length Total shows and a percentage limit is of: NEW's, OLD's for
 * a removed region; REPORT_NONE when that report does not know it. */
uint64_t diff_region_length(const struct diff_region *);

/* Used % of each side in hundredths (usage_hundredths); 0 when absent. */
int64_t	diff_old_pct(const struct diff_region *);
int64_t	diff_new_pct(const struct diff_region *);

/* length - used, negative when the region overflows (as the table). */
int64_t	diff_remain(uint64_t used, uint64_t length);

/*
 * used: NEW - OLD (an absent side counts 0); remain and used % the same.
 * All saturate at +-INT64_MAX, whatever the reports hold.
 */
int64_t	diff_region_delta(const struct diff_region *);
int64_t	diff_region_remain_delta(const struct diff_region *);
int64_t	diff_region_pct_delta(const struct diff_region *);

/* "added", "removed", "grown", "shrunk" or "same". */
const char *diff_change_name(bool in_old, bool in_new, int64_t delta);

/*
 * Numbers as every diff format writes them (allocated): bytes, with a
 * sign when SIGN and nonzero ("+52", "-96", "0"); a percentage from
 * hundredths with two decimals ("+0.04", "-0.06", "0.00").
 */
char	*diff_fmt_delta(int64_t, bool sign);
char	*diff_fmt_pct(int64_t hundredths, bool sign);

/* Render the diff: "table" (box drawing or ASCII), JSON, CSV, Markdown. */
struct diff_render_opts {
	bool		 unicode;
	bool		 color;
	const char	*old_name;	/* the inputs as given */
	const char	*new_name;
	const char	*old_type;	/* "elf", "map" or "json" */
	const char	*new_type;
};

void	render_diff_table(struct strbuf *, const struct diff *,
	    const struct diff_render_opts *);
void	render_diff_json(struct strbuf *, const struct diff *,
	    const struct diff_render_opts *);
void	render_diff_csv(struct strbuf *, const struct diff *);
void	render_diff_markdown(struct strbuf *, const struct diff *,
	    const struct diff_render_opts *);

#endif
