/*
 * The report: what check and size found, in one model that every output
 * format renders (table, JSON, CSV, Markdown, SARIF) and that diff reads
 * back from JSON (report_json_out.h writes it, report_json.h reads it).
 * Numbers are bytes; addresses are absolute.
 *
 * Strings are owned by the report (report_free frees them).
 */
#ifndef MEMFIT_REPORT_H
#define MEMFIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruletab.h"

#define REPORT_NONE	UINT64_MAX	/* an unset threshold or address, an
					   unknown length */

struct rep_item;

/* An output section charged to a region, by its VMA or its load image. */
struct rep_section {
	char		*name;
	uint64_t	 address;	/* VMA, or LMA for a load image */
	uint64_t	 size;
	bool		 load_image;	/* the LMA copy of e.g. .data */
	/*
	 * Its bytes by object file, when asked for (the HTML treemap): each
	 * row's name as the region's objects table names it, its archive as
	 * the archives table does, so that the rows of every section of a
	 * region add up to those tables. NULL without the map.
	 */
	struct rep_item	*inputs;
	size_t		 ninputs;
};

/*
 * Rows of the archive and object breakdowns for bytes no input file
 * accounts for: a kind of their own, listed after the files and never
 * ranked among them.
 */
#define ITEM_FILL	"*fill*"	/* the linker's fill */
#define ITEM_DATA	"*data*"	/* LONG(...) and the like */
#define ITEM_LINKER	"*linker*"	/* ". += N", space no input explains */
#define ITEM_LTRANS	"*ltrans*"	/* LTO bytes no DWARF unit claims */

/* One row of a breakdown: an archive, an object file, or a symbol. */
struct rep_item {
	char		*name;		/* symbols: demangled */
	char		*archive;	/* objects and symbols: or NULL */
	char		*object;	/* symbols: or NULL */
	uint64_t	 address;	/* symbols; else REPORT_NONE */
	uint64_t	 size;
	bool		 synthetic;	/* an ITEM_* row, not a file */
};

enum breakdown {
	BD_ARCHIVES,
	BD_OBJECTS,
	BD_SYMBOLS,
	BD_COUNT
};

enum region_status {
	STATUS_OK,
	STATUS_WARNING,		/* over the warn budget */
	STATUS_OVER_BUDGET,	/* over the error budget */
	STATUS_OVERFLOW		/* used > length */
};

struct rep_region {
	char			*name;
	char			*kind;		/* "flash", "ram", or NULL */
	uint64_t		 origin;
	uint64_t		 length;	/* REPORT_NONE: unknown (neither
						   a board nor a map says) */
	uint64_t		*aliases;	/* origins of the same memory's
						   other address windows */
	size_t			 naliases;
	uint64_t		 used;		/* as ld --print-memory-usage */
	uint64_t		 sections_total;	/* sum of section sizes */
	uint64_t		 padding;	/* used - sections_total */
	uint64_t		 budget_warn;	/* REPORT_NONE when unset */
	uint64_t		 budget_error;
	enum region_status	 status;
	struct rep_section	*sections;	/* by address */
	size_t			 nsections;
	struct rep_item		*items[BD_COUNT];	/* when asked for */
	size_t			 nitems[BD_COUNT];
	bool			 has_items[BD_COUNT];
};

/*
 * size --archives across regions, as idf.py size --archives shows it: a
 * row per archive with its bytes in each region (report order) and in
 * all, the files first, then the synthetic rows; sums add up every row
 * --filter matches, including those --top leaves out.
 */
struct rep_cross_row {
	char		*name;
	bool		 synthetic;
	uint64_t	*size;		/* per region */
	uint64_t	 total;
};

struct rep_cross {
	struct rep_cross_row	*rows;
	size_t			 n;
	size_t			 cap;
	uint64_t		*sums;		/* per region */
	uint64_t		 total;
};

enum finding_severity {
	SEV_WARNING,
	SEV_ERROR
};

struct finding {
	char			*rule;		/* stable id, e.g. dma-unreachable */
	enum finding_severity	 severity;
	bool			 waived;
	char			*waiver;	/* the reason, when waived */
	char			*message;	/* one line, no location */
	char			*region;	/* or NULL */
	char			*symbol;
	uint64_t		 address;	/* REPORT_NONE when unknown */
	uint64_t		 size;
	char			*section;
	char			*object;
	char			*file;		/* declaration, from DWARF */
	unsigned		 line;
	/*
	 * Where a finding about a region (or a section) without a source
	 * line is described: the board file's line for the region, or the
	 * map's; NULL and 0 when none. Input paths as given, like file.
	 */
	char			*def_file;
	unsigned		 def_line;
	/* stack-overflow: the index of its root in report.stacks. */
	size_t			 stack;
};

/* One frame of a worst-case stack path. */
struct rep_stack_frame {
	char		*function;	/* as GCC prints it */
	uint64_t	 frame;		/* bytes; 0 when not known */
	bool		 known;		/* false: no stack data */
	char		*file;		/* its definition, or NULL */
	unsigned	 line;
};

/*
 * The worst-case stack from one root (check and size --stack-usage):
 * the thread (reset handler or main), an interrupt handler or a task.
 */
struct rep_stack {
	char			*root;
	char			*kind;		/* "thread", "interrupt", "task" */
	uint64_t		 worst;		/* its deepest path */
	uint64_t		 total;		/* thread: with the interrupts
						   on top; else worst */
	uint64_t		 reserved;	/* REPORT_NONE: unknown */
	uint64_t		 warn;		/* REPORT_NONE: unset */
	bool			 lower_bound;	/* unknown parts: see why */
	char			*why;		/* or NULL */
	struct rep_stack_frame	*path;		/* root first */
	size_t			 npath;
};

/*
 * What one dma_buffers entry matched (check --explain-dma): a symbol or a
 * section, where it is, and what the DMA rules make of it.
 */
struct rep_dma_match {
	size_t		 entry;		/* 1-based; 0: a generated DMA section */
	bool		 is_section;
	char		*name;
	uint64_t	 address;
	uint64_t	 size;
	char		*region;	/* or NULL */
	uint32_t	 masters;	/* needed, over the board's; 0: any */
	char		*verdict;	/* "ok", or what is wrong */
};

/*
 * A memory type as a vendor tool counts it (the board's memory_types, e.g.
 * idf.py size's "DRAM"): the output sections it names, and how that
 * differs from ld's count of its regions: ld_used = used - elsewhere +
 * extra + gaps.
 */
struct rep_memtype {
	char			*name;
	uint64_t		 used;		/* its sections' sizes */
	uint64_t		 total;		/* its regions' lengths, or
						   REPORT_NONE */
	uint64_t		 ld_used;	/* its regions' use, as ld */
	char			*regions;	/* "a, b", or NULL */
	struct rep_section	*sections;	/* counted, in report order */
	size_t			 nsections;
	struct rep_section	*extra;		/* in its regions, not counted */
	size_t			 nextra;
	struct rep_section	*elsewhere;	/* counted, not in its regions */
	size_t			 nelsewhere;
	uint64_t		 gaps;		/* its regions' padding */
};

struct report {
	char			*kind;		/* "check" or "size" */
	char			*board;		/* board id, or NULL */
	char			*elf;		/* input paths as given, or NULL */
	char			*map;
	struct rep_region	*regions;	/* board order */
	size_t			 nregions;
	struct rep_cross	*archives;	/* with --archives, or NULL */
	struct rep_section	*outside;	/* in no region */
	size_t			 noutside;
	size_t			 outside_cap;
	struct finding		*findings;	/* errors first, then by rule */
	size_t			 nfindings;
	size_t			 findings_cap;
	size_t			 nerrors;	/* unwaived, by severity */
	size_t			 nwarnings;
	size_t			 nwaived;
	bool			 werror;	/* check --werror: warnings fail */
	char			*source_root;	/* absolute, for SARIF; or NULL */
	char			*cwd;		/* absolute: relative paths' base */
	struct rep_dma_match	*dma_matches;	/* with --explain-dma */
	size_t			 ndma_matches;
	size_t			 dma_matches_cap;
	struct rep_memtype	*memtypes;	/* size, with memory_types */
	size_t			 nmemtypes;
	struct rep_stack	*stacks;	/* with --stack-usage */
	size_t			 nstacks;
};

void	report_init(struct report *, const char *kind);
void	report_free(struct report *);

/* Append a finding of rule ID; the strings are copied (any may be NULL). */
struct finding *report_add_finding(struct report *, enum rule_id id,
	    enum finding_severity, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* Sort findings (errors first, then rule, then address) and count them. */
void	report_finish(struct report *);

/* Whether check fails: an unwaived error, or a warning with werror. */
bool	report_failed(const struct report *);

/*
 * PATH (as a finding names it: absolute, or relative to r->cwd) relative
 * to r->source_root, allocated; NULL when it lies outside the root or the
 * report has none. "./" and "//" are folded, and ".." takes away the
 * component before it, as in a URI (symbolic links are not followed).
 */
char	*report_rel_path(const struct report *, const char *path);
/* PATH made absolute against r->cwd, folded likewise; allocated. */
char	*report_abs_path(const struct report *, const char *path);

/*
 * The file and line to show F at (SARIF, Markdown), or NULL: its source
 * line when under the source root, else the board's (or the map's) line
 * that describes it, else its source line wherever it is. A header of the
 * C library outside the checkout says less than the board's heap line.
 */
const char *finding_where(const struct report *, const struct finding *f,
	    unsigned *line);

/*
 * Whether the region's length is known: free space, Used %, overflow and
 * budgets mean something only then.
 */
bool	region_sized(const struct rep_region *);

/*
 * used / length as a percentage in hundredths, rounded half up, at most
 * UINT64_MAX: the one place every format takes its "Used %" from, so they
 * always agree. 0 for an empty region.
 */
uint64_t usage_hundredths(uint64_t used, uint64_t length);

/* Whether NAME is one of the ITEM_* rows (exactly). */
bool	item_name_synthetic(const char *name);

const char *region_status_name(enum region_status);
const char *breakdown_name(enum breakdown);	/* "archives"... */
const char *finding_severity_name(enum finding_severity);

#endif
