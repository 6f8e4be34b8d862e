/*
 * memfit: command table, global options and dispatch.
 */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "memfit.h"
#include "util.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_init_entry,
	&cmd_validate_entry,
	&cmd_gen_entry,
	&cmd_check_entry,
	&cmd_size_entry,
	&cmd_diff_entry,
	NULL
};

static void
usage(FILE *fp)
{
	const struct cmd_entry *const	*ce;

	fputs("usage: memfit [--version] [--help] <command> [<args>]\n\n"
	    "Commands:\n", fp);
	for (ce = cmd_table; *ce != NULL; ce++)
		fprintf(fp, "  %-10s %s\n", (*ce)->name, (*ce)->summary);
	fputs("\nRun 'memfit help <command>' for a command's options.\n"
	    "Exit status: 0 ok, 1 findings (checks failed), "
	    "2 usage error or bad input.\n", fp);
}

/* The command within two edits of NAME (a typo), or NULL. */
static const struct cmd_entry *
cmd_nearest(const char *name)
{
	const struct cmd_entry *const	*ce;
	const struct cmd_entry		*best = NULL;
	unsigned			 d, bestd = 3;

	for (ce = cmd_table; *ce != NULL; ce++)
		if ((d = edit_distance(name, (*ce)->name)) < bestd) {
			best = *ce;
			bestd = d;
		}
	return best;
}

/* Exact name, else a unique prefix; NULL with a message otherwise. */
static const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry *const	*ce;
	const struct cmd_entry		*found = NULL;
	struct strbuf			 sb;
	size_t				 len = strlen(name), nfound = 0;

	for (ce = cmd_table; *ce != NULL; ce++) {
		if (strcmp((*ce)->name, name) == 0)
			return *ce;
		if (strncmp((*ce)->name, name, len) == 0) {
			found = *ce;
			nfound++;
		}
	}
	if (nfound == 1)
		return found;
	if (nfound == 0) {
		if ((found = cmd_nearest(name)) != NULL)
			cmd_error("unknown command: %s (did you mean '%s'?)",
			    name, found->name);
		else
			cmd_error("unknown command: %s (see 'memfit --help')",
			    name);
		return NULL;
	}
	sb_init(&sb);
	for (ce = cmd_table; *ce != NULL; ce++)
		if (strncmp((*ce)->name, name, len) == 0)
			sb_printf(&sb, " %s", (*ce)->name);
	cmd_error("ambiguous command: %s, could be:%s", name, sb.buf);
	sb_free(&sb);
	return NULL;
}

static int
cmd_help(int argc, char **argv)
{
	const struct cmd_entry	*ce;

	if (argc < 2) {
		usage(stdout);
		return MEMFIT_EXIT_OK;
	}
	if ((ce = cmd_find(argv[1])) == NULL)
		return MEMFIT_EXIT_ERROR;
	cmd_usage(stdout, ce);
	return MEMFIT_EXIT_OK;
}

static int	run(int, char **);

/*
 * Output that never arrived is a failure, whatever the command thought:
 * `memfit validate >/dev/full` must not exit 0.
 */
int
main(int argc, char **argv)
{
	int	ret;

	mem_setup();
	ret = run(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error("cannot write to standard output: %s",
		    strerror(errno));
		return MEMFIT_EXIT_ERROR;
	}
	return ret;
}

static int
run(int argc, char **argv)
{
	const struct cmd_entry	*ce;

	if (argc < 2) {
		usage(stderr);
		return MEMFIT_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("memfit %s (board format %d)\n", MEMFIT_VERSION,
		    MEMFIT_FORMAT_VERSION);
		return MEMFIT_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return MEMFIT_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		cmd_error("unknown option: %s (see 'memfit --help')", argv[1]);
		return MEMFIT_EXIT_ERROR;
	}
	if ((ce = cmd_find(argv[1])) == NULL)
		return MEMFIT_EXIT_ERROR;
	return ce->exec(argc - 1, argv + 1);
}
