/*
 * GCC's stack-usage data (src/input/stack_usage.c): the .su file of
 * -fstack-usage (a frame per function) and the .ci file of
 * -fcallgraph-info=su (the unit's call graph, in VCG text, with the same
 * frames). A unit is one object's data; the .ci is preferred, since it
 * has the calls and names functions by symbol, where the .su has C++
 * names demangled with their signature and no calls.
 *
 * GCC names both files after the object (-o dir/x.o: dir/x.su, dir/x.ci;
 * x.c.o: x.c.su): stack_data_find looks beside the object, or in a
 * directory the user gives.
 */
#ifndef MEMFIT_STACK_USAGE_H
#define MEMFIT_STACK_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* The qualifier GCC gives a frame. */
enum su_kind {
	SU_STATIC,		/* the frame is exactly this */
	SU_DYNAMIC,		/* grows at run time (VLA, alloca): unbounded */
	SU_BOUNDED		/* "dynamic,bounded": at most this */
};

struct su_func {
	char		*name;		/* the symbol (C++: mangled), or as
					   the .su prints it */
	char		*display;	/* as GCC prints it (demangled) */
	char		*title;		/* .ci node title, matches edges */
	bool		 is_static;	/* local to its unit */
	uint64_t	 frame;
	enum su_kind	 kind;
	struct srcpos	 pos;		/* the definition; file is owned */
};

/* A call from funcs[from]: to a function of the unit, by name, or unknown. */
struct su_call {
	size_t		 from;
	char		*to;		/* symbol name; NULL when indirect */
	bool		 to_static;	/* a static function of this unit */
	unsigned	 line;		/* of the call in from's source */
	unsigned	 col;
};

struct su_arena;
struct su_reader;
struct su_index;

/*
 * A unit's strings and arrays live in an arena: the unit's own when it was
 * parsed alone (su_unit_free frees it), else its stack_data's.
 */
struct su_unit {
	struct su_arena	*arena;		/* owned; NULL: the stack_data's */
	char		*path;		/* the file read */
	bool		 has_graph;	/* a .ci: calls are known */
	struct su_func	*funcs;
	size_t		 nfuncs;
	struct su_call	*calls;
	size_t		 ncalls;
};

struct stack_data {
	struct su_unit	**units;
	size_t		  nunits;
	size_t		  cap;
	size_t		  nmissing;	/* objects without .ci or .su */
	char		 *missing;	/* the first of them (a note names it) */
	/* Private to stack_usage.c: the units' arena, the parser's scratch
	   space, the files under the directory looked in. */
	struct su_arena	 *arena;
	struct su_reader *reader;
	struct su_index	 *index;
};

/*
 * Parse a .ci (VCG call graph) or .su file held in BUF, naming it NAME in
 * diagnostics: a line that is not what GCC writes is one located error.
 * Returns 0, or -1 with *out NULL.
 */
int	su_parse_ci(struct su_unit **out, const char *name, const char *buf,
	    size_t len, struct diags *d);
int	su_parse_su(struct su_unit **out, const char *name, const char *buf,
	    size_t len, struct diags *d);
void	su_unit_free(struct su_unit *);

/*
 * Add the data of the object at OBJ (a path as it can be opened): OBJ
 * with its extension replaced by .ci, else by .su; with DIR, first the
 * same under DIR (a relative OBJ with its folders), then DIR/NAME.ci and
 * DIR/NAME.su for OBJ's file name. Returns 0 when found and read, 1 when
 * there is none (counted in sd->nmissing), -1 on a bad file (errors in D).
 * DIR is listed once, on the first call that names it, and looked up in
 * memory after that.
 */
int	stack_data_find(struct stack_data *sd, const char *obj,
	    const char *dir, struct diags *d);
/*
 * Without a map to name the objects: every .ci under DIR (recursively),
 * and every .su that has no .ci beside it. Returns 0, or -1 (errors in D).
 */
int	stack_data_scan(struct stack_data *sd, const char *dir,
	    struct diags *d);
void	stack_data_free(struct stack_data *);

#endif
