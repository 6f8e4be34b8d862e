/*
 * Subcommands. Each cmd_<name>.c exports one cmd_entry; main.c lists them in
 * a table and resolves unique prefixes. Each command's options are one
 * cmd_opt table: it drives getopt_long, the usage line (the style(9)
 * synopsis that the man page repeats verbatim) and the help text.
 */
#ifndef MEMFIT_CMD_H
#define MEMFIT_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render.h"

/*
 * One option. The command's callback gets VAL for either spelling, so VAL
 * is the short name when there is one (getopt returns that for -x).
 * HELP may hold newlines: each further line is indented to the help
 * column. USAGE is how the option shows in the usage line, or NULL.
 * STORE: a plain option is kept in the callback's context at OFF; only
 * the options that need work (parsing, checking) go to the callback.
 */
enum cmd_opt_store {
	CMD_OPT_CALL,		/* the callback takes it */
	CMD_OPT_STR,		/* the argument, a const char *, at OFF */
	CMD_OPT_SET		/* true, a bool, at OFF */
};

#define CMD_CALL		CMD_OPT_CALL, 0
#define CMD_STR(type, member)	CMD_OPT_STR, offsetof(type, member)
#define CMD_SET(type, member)	CMD_OPT_SET, offsetof(type, member)

struct cmd_opt {
	const char	*long_name;
	char		 short_name;	/* or 0: long only */
	int		 val;
	bool		 has_arg;
	const char	*arg_name;	/* or NULL */
	const char	*help;
	const char	*usage;
	enum cmd_opt_store store;
	size_t		 off;
};

/* --help, -h: cmd_options answers it; every table ends with it. */
#define CMD_OPT_HELP	{ "help", 'h', 'h', false, NULL, "show this help", \
			    NULL, CMD_CALL }
#define CMD_OPT_END	{ NULL, 0, 0, false, NULL, NULL, NULL, CMD_CALL }

struct cmd_entry {
	const char		*name;
	const struct cmd_opt	*opts;		/* ends with CMD_OPT_END */
	const char		*operands;	/* after the options; or NULL */
	int			 help_col;	/* where option help starts */
	const char		*summary;
	const char		*help_extra;	/* after the options; or NULL */
	void			(*help_more)(FILE *);	/* after that; or NULL */
	int			(*exec)(int, char **);
};

extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_gen_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_size_entry;
extern const struct cmd_entry cmd_diff_entry;

/* Print "usage: memfit NAME USAGE" and the help text. */
void	cmd_usage(FILE *, const struct cmd_entry *);

/* "memfit: error: ..." plus a hint at --help; returns MEMFIT_EXIT_ERROR. */
int	cmd_usage_error(const struct cmd_entry *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* One output of a command: TEXT to PATH (NULL or "-": standard output). */
struct emit {
	const char	*path;
	const char	*text;
	size_t		 len;
};

/*
 * Write every output, all or none, each atomically; none may replace one
 * of INPUTS (NULL-terminated; NULL entries before the end are skipped
 * when N_INPUTS says how many) or another output. Returns 0, or -1 after
 * printing the error.
 */
int	cmd_emit_all(const struct emit *, size_t n, const char *const *inputs,
	    size_t ninputs);
/* One output: cmd_emit_all with N = 1. */
int	cmd_emit(const char *path, const char *text, size_t len,
	    const char *const *inputs, size_t ninputs);

enum color_mode {
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER
};

/* "auto"/"always"/"never" -> mode; -1 when unknown. */
int	cmd_color_parse(const char *);

/*
 * Option values shared by the reporting commands: on a bad value, print a
 * usage error for CE and return -1. SARIF is only for findings (check).
 */
int	cmd_format_arg(enum report_format *, const struct cmd_entry *,
	    const char *arg, bool sarif);
int	cmd_color_arg(enum color_mode *, const struct cmd_entry *,
	    const char *arg);

/*
 * Box drawing on a UTF-8 terminal (unless ASCII), colour on a terminal
 * unless NO_COLOR is set, or as MODE forces. TO_FILE: the output does not
 * go to the terminal.
 */
void	cmd_terminal(bool *unicode, bool *color, enum color_mode, bool ascii,
	    bool to_file);

/*
 * Parse ARGV's options with getopt_long, from CE's option table, storing
 * the plain ones in CTX and calling OPTION(CTX, val, optarg) for the
 * others but --help (OPTION may be NULL when there are none): it returns
 * 0 when taken, -1 for a bad value it has reported. Returns 0 when all
 * were taken (optind at the first operand), 1 after printing the help,
 * -1 after a usage error.
 */
int	cmd_options(const struct cmd_entry *, int argc, char **argv,
	    int (*option)(void *, int, char *), void *ctx);

/* "memfit: error: ..." for errors without a file position. */
void	cmd_error(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
