/*
 * Helpers every subcommand uses to print usage and errors the same way.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cmd.h"
#include "memfit.h"

void
cmd_usage(FILE *fp, const struct cmd_entry *ce)
{
	fprintf(fp, "usage: memfit %s %s\n", ce->name, ce->usage);
	if (ce->help != NULL)
		fprintf(fp, "\n%s", ce->help);
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

