/*
 * Helpers every subcommand uses to print usage and errors the same way.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fileio.h"
#include "memfit.h"

void
cmd_usage(FILE *fp, const struct cmd_entry *ce)
{
	fprintf(fp, "usage: memfit %s %s\n", ce->name, ce->usage);
	if (ce->help != NULL)
		fprintf(fp, "\n%s", ce->help);
	if (ce->help_more != NULL)
		ce->help_more(fp);
}

void
cmd_error(const char *fmt, ...)
{
	va_list	ap;

	fputs("memfit: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_usage_error(const struct cmd_entry *ce, const char *fmt, ...)
{
	va_list	ap;

	fputs("memfit: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: memfit %s %s\n", ce->name, ce->usage);
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
		    "table, json, csv, markdown or sarif" :
		    "table, json, csv or markdown");
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

int
cmd_options(const struct cmd_entry *ce, int argc, char **argv,
    const char *shortopts, const struct option *longopts,
    int (*option)(void *, int, char *), void *ctx)
{
	char	*opts = xasprintf(":%s", shortopts);
	int	 ch, r, ret = 0;

	optind = 1;
	opterr = 0;
	/* The leading ':' makes a missing argument ':' and an unknown
	 * option '?', which getopt otherwise reports alike. */
	while (ret == 0 &&
	    (ch = getopt_long(argc, argv, opts, longopts, NULL)) != -1) {
		if (ch == ':' || ch == '?')
			r = -2;
		else if ((r = option(ctx, ch, optarg)) == 1) {
			cmd_usage(stdout, ce);
			ret = 1;
			break;
		}
		if (r == -1)
			ret = -1;
		else if (r == -2) {
			cmd_usage_error(ce, "%s: %s", option_problem(ch,
			    argv[optind - 1], longopts), argv[optind - 1]);
			ret = -1;
		}
	}
	free(opts);
	return ret;
}
