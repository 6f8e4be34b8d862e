/*
 * memfit gen: write memory.ld, sections.ld, link.ld, static_mem.h and, when
 * asked, memory.x. All outputs are rendered first; then, unless --force,
 * any existing file memfit did not generate stops the run before anything
 * is written. Writes are atomic and skip files whose content is unchanged,
 * so Make and CMake do not rebuild for nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "board_load.h"
#include "cmd.h"
#include "fileio.h"
#include "gen.h"
#include "memfit.h"
#include "stack.h"
#include "stack_usage.h"
#include "util.h"

static int	cmd_gen(int, char **);

struct gen_opts {
	const char	*board;
	const char	*outdir;
	const char	*ld;
	const char	*header;
	const char	*memory_x;
	const char	*stack_usage;
	bool		 check_only;
	bool		 header_only;
	bool		 force;
	bool		 quiet;
};

static const struct cmd_opt gen_table[] = {
	{ "board", 'b', 'b', true, "BOARD",
	    "board file or shipped board id (required)", "--board BOARD",
	    CMD_STR(struct gen_opts, board) },
	{ "output", 'o', 'o', true, "DIR",
	    "directory for the outputs (default .)", "[-o DIR]",
	    CMD_STR(struct gen_opts, outdir) },
	{ "ld", 0, 'L', true, "FILE",
	    "path of memory.ld; sections.ld and link.ld go beside it",
	    "[--ld FILE]", CMD_STR(struct gen_opts, ld) },
	{ "header", 0, 'H', true, "FILE",
	    "path of static_mem.h", "[--header FILE]",
	    CMD_STR(struct gen_opts, header) },
	{ "memory-x", 0, 'X', true, "FILE",
	    "also write a Rust cortex-m-rt memory.x", "[--memory-x FILE]",
	    CMD_STR(struct gen_opts, memory_x) },
	{ "stack-usage", 0, 'k', true, "DIR",
	    "GCC's .ci/.su files under DIR, for stack: { size: auto }",
	    "[--stack-usage DIR]", CMD_STR(struct gen_opts, stack_usage) },
	{ "header-only", 0, 'O', false, NULL,
	    "write only static_mem.h (needs no --stack-usage)",
	    "[--header-only]", CMD_SET(struct gen_opts, header_only) },
	{ "check-only", 0, 'C', false, NULL,
	    "write nothing; exit 1 if an output is out of date",
	    "[--check-only]", CMD_SET(struct gen_opts, check_only) },
	{ "force", 0, 'F', false, NULL,
	    "overwrite files memfit did not generate", "[--force]",
	    CMD_SET(struct gen_opts, force) },
	{ "quiet", 'q', 'q', false, NULL,
	    "print only errors and out-of-date files", "[-q]",
	    CMD_SET(struct gen_opts, quiet) },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_gen_entry = {
	.name = "gen",
	.opts = gen_table,
	.help_col = 24,
	.summary = "generate linker scripts and static_mem.h from a board",
	.help_extra = "Link with: -T memory.ld -T sections.ld -T <main script "
	    "or link.ld>\n",
	.exec = cmd_gen,
};

struct output {
	char		*path;
	struct strbuf	 text;
};

#define MAX_OUTPUTS	5

static char *
beside(const char *file, const char *name)
{
	char	*copy = xstrdup(file), *dir, *path;

	dir = dirname(copy);
	path = strcmp(dir, ".") == 0 ? xstrdup(name) :
	    xasprintf("%s/%s", dir, name);
	free(copy);
	return path;
}

static char *
in_dir(const struct gen_opts *o, const char *name)
{
	if (o->outdir == NULL || strcmp(o->outdir, ".") == 0)
		return xstrdup(name);
	return xasprintf("%s/%s", o->outdir, name);
}

/* The three linker scripts into OUT; returns their count. */
static int
render_scripts(struct output *out, const struct gen_opts *o,
    const struct gen_plan *p)
{
	out[0].path = o->ld ? xstrdup(o->ld) : in_dir(o, "memory.ld");
	gen_memory_ld(&out[0].text, p);
	out[1].path = o->ld ? beside(o->ld, "sections.ld") :
	    in_dir(o, "sections.ld");
	gen_sections_ld(&out[1].text, p);
	out[2].path = o->ld ? beside(o->ld, "link.ld") : in_dir(o, "link.ld");
	gen_link_ld(&out[2].text, p);
	return 3;
}

/* Render every output into OUT; returns the count, or -1 with errors in D. */
static int
render(struct output *out, const struct gen_opts *o, const struct gen_plan *p,
    struct diags *d)
{
	int	n = 0, i;

	if (!o->header_only)
		n = render_scripts(out, o, p);
	out[n].path = o->header ? xstrdup(o->header) :
	    in_dir(o, "static_mem.h");
	gen_header(&out[n++].text, p);
	if (o->memory_x != NULL && !o->header_only) {
		out[n].path = xstrdup(o->memory_x);
		if (gen_memory_x(&out[n++].text, p, d) < 0)
			return -1;
	}
	for (i = 0; i < n; i++)
		gen_seal(&out[i].text);
	return n;
}

/*
 * 1 if PATH is a file memfit did not write, 0 if not (or it does not
 * exist, or it is a device or FIFO, which is written, never read), -1 on
 * error.
 */
static int
is_foreign(const char *path)
{
	struct stat	 st;
	char		*old = NULL, *err = NULL;
	size_t		 len;
	int		 ret;

	if (stat(path, &st) < 0)
		return 0;	/* missing, or the write will say why */
	if (S_ISDIR(st.st_mode)) {
		cmd_error("%s: is a directory", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	if (file_read_all(&old, &len, path, &err) < 0) {
		cmd_error("%s: cannot read: %s", path, err);
		free(err);
		return -1;
	}
	/* The marker sits in the opening comment. */
	ret = memmem(old, len < 512 ? len : 512, GEN_MARKER,
	    strlen(GEN_MARKER)) == NULL;
	free(old);
	return ret;
}

static int
check_outputs(const struct output *out, int n, bool quiet)
{
	struct stat	 st;
	char		*old, *err = NULL;
	size_t		 len;
	int		 i, stale = 0;

	for (i = 0; i < n; i++) {
		old = NULL;
		/* A FIFO would block the read, a device has nothing to say. */
		if (stat(out[i].path, &st) == 0 && !S_ISREG(st.st_mode)) {
			cmd_error("%s: not a regular file; cannot compare it",
			    out[i].path);
			return MEMFIT_EXIT_ERROR;
		}
		if (file_read_all(&old, &len, out[i].path, &err) < 0) {
			free(err);
			err = NULL;
			len = SIZE_MAX;
		}
		if (len != out[i].text.len ||
		    memcmp(old, out[i].text.buf, len) != 0) {
			printf("%s: out of date\n", out[i].path);
			stale = 1;
		} else if (!quiet)
			printf("%s: up to date\n", out[i].path);
		free(old);
	}
	return stale ? MEMFIT_EXIT_FINDINGS : MEMFIT_EXIT_OK;
}

static int
write_outputs(const struct output *out, int n, const struct gen_opts *o,
    const char *board_path)
{
	struct outputs	 w;
	char		*err = NULL;
	int		 i, f, ret = MEMFIT_EXIT_ERROR;

	for (i = 0; i < n && !o->force; i++) {
		if ((f = is_foreign(out[i].path)) < 0)
			return MEMFIT_EXIT_ERROR;
		if (f > 0) {
			cmd_error("%s: not generated by memfit; refusing to "
			    "overwrite it (use --force)", out[i].path);
			return MEMFIT_EXIT_ERROR;
		}
	}
	/* All or none: a full disk at the header leaves the scripts too. */
	outputs_init(&w);
	outputs_input(&w, board_path);
	for (i = 0; i < n; i++)
		if (outputs_add(&w, out[i].path, out[i].text.buf,
		    out[i].text.len, &err) < 0)
			goto out;
	if (outputs_commit(&w, &err) < 0)
		goto out;
	for (i = 0; i < n && !o->quiet; i++)
		printf("%s: %s\n", out[i].path, outputs_result(&w, (size_t)i) ==
		    WRITE_UNCHANGED ? "unchanged" : "written");
	ret = MEMFIT_EXIT_OK;
out:
	if (err != NULL)
		cmd_error("%s", err);
	free(err);
	outputs_free(&w);
	return ret;
}

/* mkdir -p: build systems name output directories that do not exist. */
static int
make_outdir(const char *dir)
{
	char	*p, *copy;
	int	 ret = 0;

	if (dir == NULL)
		return 0;
	copy = xstrdup(dir);
	for (p = copy + 1; ret == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			cmd_error("%s: cannot create directory: %s", copy,
			    strerror(errno));
			ret = -1;
		}
		if (p[0] == '\0' && dir[p - copy] == '\0')
			break;
		*p = '/';
	}
	free(copy);
	return ret;
}

/*
 * size: auto: the stack from GCC's data of every unit under DIR, as it is
 * before the link. A board with a fixed size leaves DIR unread.
 */
static int
auto_stack(struct gen_plan *p, const char *dir, struct diags *d)
{
	const struct stack_auto	*a = &p->b->stack_auto;
	struct stack_data	 sd;
	struct stack_result	 sr;
	int			 ret = -1;

	if (!a->set && dir != NULL)
		diag_warn(d, p->b->stack.set ? &p->b->stack.pos : &p->b->pos,
		    "%s: --stack-usage only sizes a stack of size: auto",
		    p->b->stack.set ? "the stack has a size" :
		    "the board reserves no stack");
	if (!a->set)
		return 0;
	if (dir == NULL) {
		diag_error(d, &a->pos, "size: auto needs the compiler's stack "
		    "data: give --stack-usage DIR (compile with -fstack-usage "
		    "-fcallgraph-info=su)");
		return -1;
	}
	memset(&sd, 0, sizeof(sd));
	memset(&sr, 0, sizeof(sr));
	if (stack_data_scan(&sd, dir, d) == 0 && sd.nunits == 0)
		diag_error(d, &a->pos, "size: auto: no .ci or .su file under "
		    "%s (compile with -fstack-usage -fcallgraph-info=su)", dir);
	else if (sd.nunits > 0 && !diags_has_errors(d)) {
		stack_analyze_unlinked(&sr, &sd, p->b);
		ret = gen_plan_stack(p, &sr, d);
	}
	stack_result_free(&sr);
	stack_data_free(&sd);
	return ret;
}

static int
gen_run(const struct gen_opts *o)
{
	struct output	 out[MAX_OUTPUTS];
	struct gen_plan	 plan;
	struct board	*b = NULL;
	struct diags	 d;
	char		*path = NULL, *err = NULL;
	int		 i, n = 0, ret = MEMFIT_EXIT_ERROR;

	memset(out, 0, sizeof(out));
	diags_init(&d);
	/* "" would put the outputs at the root of the file system. */
	if ((o->outdir != NULL && o->outdir[0] == '\0') ||
	    (o->ld != NULL && o->ld[0] == '\0') ||
	    (o->header != NULL && o->header[0] == '\0') ||
	    (o->memory_x != NULL && o->memory_x[0] == '\0')) {
		cmd_error("an output path is empty");
		goto out;
	}
	if ((path = board_resolve(o->board, &err)) == NULL) {
		cmd_error("%s", err);
		goto out;
	}
	if (board_load(&b, path, &d) < 0) {
		diags_print(stderr, &d);
		goto out;
	}
	gen_plan_init(&plan, b);
	if (gen_plan_check(&plan, &d) < 0 || (!o->header_only &&
	    auto_stack(&plan, o->stack_usage, &d) < 0)) {
		diags_print(stderr, &d);
		gen_plan_free(&plan);
		goto out;
	}
	n = render(out, o, &plan, &d);
	gen_plan_free(&plan);
	if (n < 0) {
		diags_print(stderr, &d);
		n = MAX_OUTPUTS;
		goto out;
	}
	diags_print(stderr, &d);	/* the warnings, if any */
	if (o->check_only)
		ret = check_outputs(out, n, o->quiet);
	else if (make_outdir(o->outdir) == 0)
		ret = write_outputs(out, n, o, path);
out:
	for (i = 0; i < n; i++) {
		free(out[i].path);
		sb_free(&out[i].text);
	}
	board_free(b);
	diags_free(&d);
	free(path);
	free(err);
	return ret;
}

static int
cmd_gen(int argc, char **argv)
{
	struct gen_opts	o;
	int		r;

	memset(&o, 0, sizeof(o));
	if ((r = cmd_options(&cmd_gen_entry, argc, argv, NULL, &o)) != 0)
		return r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	if (o.board == NULL)
		return cmd_usage_error(&cmd_gen_entry, "--board is required");
	if (optind < argc)
		return cmd_usage_error(&cmd_gen_entry, "unexpected argument: %s",
		    argv[optind]);
	return gen_run(&o);
}
