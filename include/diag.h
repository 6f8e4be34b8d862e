/*
 * Diagnostics: located messages collected in a list instead of printed at
 * once, so that one run reports every problem in an input file. Core modules
 * only add to the list; commands print it and choose the exit code. Every
 * message the user sees goes through diags_print, cmd_error's too.
 *
 * Who names the file: the module that reads an input puts its path (as the
 * user gave it) in srcpos.file, and the message never starts with it. A
 * helper that returns a reason string instead (fileio's and the object
 * cache's char **err) leaves the file out, and its caller, which knows the
 * file, locates the diagnostic or the finding. Problems with outputs and
 * the command line have no srcpos ("memfit: error: ...") and name the file
 * in the message.
 */
#ifndef MEMFIT_DIAG_H
#define MEMFIT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A place in an input file. file points to a string owned by whoever loaded
 * the file (diagnostics keep their own copy); line and col are 1-based, 0
 * when unknown.
 */
struct srcpos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

enum diag_severity {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR
};

struct diag {
	enum diag_severity	 severity;
	struct srcpos		 pos;
	char			*msg;
	size_t			 seq;		/* order of arrival */
};

/* Warnings and notes kept before the rest are only counted. */
#define DIAG_DEFAULT_LIMIT	200

struct diags {
	struct diag	*list;
	size_t		 n;
	size_t		 cap;
	size_t		 nerrors;
	size_t		 limit;		/* stop collecting past this many */
	size_t		 dropped;
};

void	diags_init(struct diags *);
void	diags_free(struct diags *);
void	diag_add(struct diags *, enum diag_severity, const struct srcpos *,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
void	diag_vadd(struct diags *, enum diag_severity, const struct srcpos *,
	    const char *, va_list) __attribute__((format(printf, 4, 0)));
void	diags_append(struct diags *, const struct diags *from);
#define diag_error(d, pos, ...)	diag_add((d), DIAG_ERROR, (pos), __VA_ARGS__)
#define diag_warn(d, pos, ...)	diag_add((d), DIAG_WARNING, (pos), __VA_ARGS__)
#define diag_note(d, pos, ...)	diag_add((d), DIAG_NOTE, (pos), __VA_ARGS__)

static inline bool
diags_has_errors(const struct diags *d)
{
	return d->nerrors > 0;
}

/*
 * Print every diagnostic as "file:line:col: error: message" (GNU Coding
 * Standards 4.4), "memfit: error: message" when there is no file, sorted by
 * file and position so that output is stable.
 */
void	diags_print(FILE *, struct diags *);

#endif
