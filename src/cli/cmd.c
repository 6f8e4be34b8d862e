/*
 * Helpers every subcommand uses to parse options and print usage and errors
 * the same way. A command's option table is the one list of its options:
 * getopt_long's arguments, the usage line and the help are all built from it.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "diag.h"
#include "fileio.h"
#include "memfit.h"
#include "util.h"

static void
usage_line(FILE *fp, const struct cmd_entry *ce)
{
	const struct cmd_opt	*op;

	fprintf(fp, "usage: memfit %s", ce->name);
	for (op = ce->opts; op->long_name != NULL; op++)
		if (op->usage != NULL)
			fprintf(fp, " %s", op->usage);
	if (ce->operands != NULL)
		fprintf(fp, " %s", ce->operands);
	fputc('\n', fp);
}

/* "  -b, --board BOARD   help", help's later lines under its first. */
static void
option_help(FILE *fp, const struct cmd_opt *op, int col)
{
	const char	*p;
	int		 n;

	n = op->short_name ? fprintf(fp, "  -%c, ", op->short_name) :
	    fprintf(fp, "      ");
	n += fprintf(fp, "--%s", op->long_name);
	if (op->arg_name != NULL)
		n += fprintf(fp, " %s", op->arg_name);
	/* A spelling too long for the column puts the help below it. */
	if (n + 2 > col) {
		fputc('\n', fp);
		n = 0;
	}
	fprintf(fp, "%*s", col - n, "");
	for (p = op->help; *p != '\0'; p++) {
		fputc(*p, fp);
		if (*p == '\n')
			fprintf(fp, "%*s", col, "");
	}
	fputc('\n', fp);
}

void
cmd_usage(FILE *fp, const struct cmd_entry *ce)
{
	const struct cmd_opt	*op;

	usage_line(fp, ce);
	fputs("\nOptions:\n", fp);
	for (op = ce->opts; op->long_name != NULL; op++)
		option_help(fp, op, ce->help_col);
	if (ce->help_extra != NULL)
		fprintf(fp, "\n%s", ce->help_extra);
	if (ce->help_more != NULL)
		ce->help_more(fp);
}

/*
 * A problem with the command line or an output, not located in an input
 * file: printed at once, by the one printer every diagnostic goes through.
 */
static void __attribute__((format(printf, 1, 0)))
cmd_verror(const char *fmt, va_list ap)
{
	struct diags	d;

	diags_init(&d);
	diag_vadd(&d, DIAG_ERROR, NULL, fmt, ap);
	diags_print(stderr, &d);
	diags_free(&d);
}

void
cmd_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cmd_verror(fmt, ap);
	va_end(ap);
}

int
cmd_usage_error(const struct cmd_entry *ce, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cmd_verror(fmt, ap);
	va_end(ap);
	usage_line(stderr, ce);
	return MEMFIT_EXIT_ERROR;
}


int
cmd_emit_all(const struct emit *e, size_t n, const char *const *inputs,
    size_t ninputs)
{
	struct outputs	 o;
	char		*err = NULL;
	size_t		 i;
	int		 ret = 0;

	outputs_init(&o);
	for (i = 0; i < ninputs; i++)
		outputs_input(&o, inputs[i]);
	for (i = 0; i < n && ret == 0; i++)
		ret = outputs_add(&o, e[i].path ? e[i].path : "-", e[i].text,
		    e[i].len, &err);
	if (ret == 0)
		ret = outputs_commit(&o, &err);
	if (ret < 0) {
		cmd_error("%s", err);
		free(err);
	}
	outputs_free(&o);
	return ret;
}

int
cmd_emit(const char *path, const char *text, size_t len,
    const char *const *inputs, size_t ninputs)
{
	struct emit	e = { path, text, len };

	return cmd_emit_all(&e, 1, inputs, ninputs);
}

int
cmd_color_parse(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return COLOR_AUTO;
	if (strcmp(s, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(s, "never") == 0)
		return COLOR_NEVER;
	return -1;
}

static bool
utf8_locale(void)
{
	const char	*vars[] = { "LC_ALL", "LC_CTYPE", "LANG" }, *v;
	size_t		 i;

	/* The first one set decides, as setlocale(3) would. */
	for (i = 0; i < 3; i++) {
		if ((v = getenv(vars[i])) == NULL || *v == '\0')
			continue;
		return strcasestr(v, "utf-8") != NULL ||
		    strcasestr(v, "utf8") != NULL;
	}
	return false;
}

void
cmd_terminal(bool *unicode, bool *color, enum color_mode mode, bool ascii,
    bool to_file)
{
	bool		 tty = !to_file && isatty(STDOUT_FILENO);
	const char	*no = getenv("NO_COLOR"), *term = getenv("TERM");

	*unicode = !ascii && tty && utf8_locale();
	/* A dumb terminal prints escape sequences as they are. */
	if (mode == COLOR_AUTO)
		*color = tty && (no == NULL || *no == '\0') &&
		    (term == NULL || strcmp(term, "dumb") != 0);
	else
		*color = mode == COLOR_ALWAYS;
}

int
cmd_format_arg(enum report_format *out, const struct cmd_entry *ce,
    const char *arg, bool sarif)
{
	int	v = report_format_parse(arg);

	if (v < 0 || (v == FMT_SARIF && !sarif)) {
		cmd_usage_error(ce, "unknown format: %s (%s)", arg, sarif ?
		    "table, json, csv, markdown, sarif or html" :
		    "table, json, csv, markdown or html");
		return -1;
	}
	*out = (enum report_format)v;
	return 0;
}

int
cmd_color_arg(enum color_mode *out, const struct cmd_entry *ce,
    const char *arg)
{
	int	v = cmd_color_parse(arg);

	if (v < 0) {
		cmd_usage_error(ce, "--color takes auto, always or never, not "
		    "%s", arg);
		return -1;
	}
	*out = (enum color_mode)v;
	return 0;
}

/* Why getopt refused ARG: no argument given, one given to a flag, or none. */
static const char *
option_problem(int ch, const char *arg, const struct option *longopts)
{
	size_t	len;

	if (ch == ':')
		return "option needs an argument";
	if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL) {
		len = (size_t)(strchr(arg, '=') - arg - 2);
		for (; longopts->name != NULL; longopts++)
			if (strlen(longopts->name) == len &&
			    strncmp(longopts->name, arg + 2, len) == 0 &&
			    longopts->has_arg == no_argument)
				return "option takes no argument";
	}
	return "unknown option";
}

/* getopt_long's arguments from the table: a ':' leads the short ones. */
static struct option *
getopt_args(const struct cmd_opt *opts, char **shortopts)
{
	struct option	*lo;
	char		*so;
	size_t		 i, n, k = 0;

	for (n = 0; opts[n].long_name != NULL; n++)
		;
	lo = xcalloc(n + 1, sizeof(*lo));
	so = xmalloc(2 * n + 2);
	so[k++] = ':';
	for (i = 0; i < n; i++) {
		lo[i] = (struct option){ opts[i].long_name, opts[i].has_arg ?
		    required_argument : no_argument, NULL, opts[i].val };
		if (opts[i].short_name == 0)
			continue;
		so[k++] = opts[i].short_name;
		if (opts[i].has_arg)
			so[k++] = ':';
	}
	so[k] = '\0';
	*shortopts = so;
	return lo;
}

/* Keep a plain option in CTX, or give it to OPTION. */
static int
take_option(const struct cmd_opt *op, int ch, char *arg,
    int (*option)(void *, int, char *), void *ctx)
{
	while (op->long_name != NULL && op->val != ch)
		op++;
	switch (op->store) {
	case CMD_OPT_STR:
		*(const char **)(void *)((char *)ctx + op->off) = arg;
		return 0;
	case CMD_OPT_SET:
		*(bool *)(void *)((char *)ctx + op->off) = true;
		return 0;
	default:
		return option(ctx, ch, arg);
	}
}

int
cmd_options(const struct cmd_entry *ce, int argc, char **argv,
    int (*option)(void *, int, char *), void *ctx)
{
	struct option	*longopts;
	char		*opts;
	int		 ch, ret = 0;

	longopts = getopt_args(ce->opts, &opts);
	optind = 1;
	opterr = 0;
	/* The leading ':' makes a missing argument ':' and an unknown
	 * option '?', which getopt otherwise reports alike. */
	while (ret == 0 &&
	    (ch = getopt_long(argc, argv, opts, longopts, NULL)) != -1) {
		if (ch == 'h') {
			cmd_usage(stdout, ce);
			ret = 1;
		} else if (ch == ':' || ch == '?') {
			cmd_usage_error(ce, "%s: %s", option_problem(ch,
			    argv[optind - 1], longopts), argv[optind - 1]);
			ret = -1;
		} else if (take_option(ce->opts, ch, optarg, option, ctx) < 0)
			ret = -1;
	}
	free(longopts);
	free(opts);
	return ret;
}
