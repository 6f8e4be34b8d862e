/*
 * memfit check: the post-link gate. Loads the board, the ELF and/or the
 * map, runs the analysis, looks up source lines in DWARF only for the
 * symbols that have findings, prints findings then the usage table, and
 * exits 1 when an unwaived error (or, with --werror, warning) remains.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "breakdown.h"
#include "rules.h"
#include "pipeline.h"
#include "cmd.h"
#include "fileio.h"
#include "memfit.h"
#include "render.h"
#include "report_json_out.h"
#include "ruletab.h"
#include "units.h"
#include "util.h"

static int	cmd_check(int, char **);
static void	rules_help(FILE *);

struct check_opts {
	const char	*board;
	const char	*map;
	const char	*objects;
	const char	*elf;
	const char	*json;
	const char	*output;
	const char	*source_root;
	const char	*stack_usage;
	enum report_format format;
	bool		 quiet;
	bool		 werror;
	bool		 explain_dma;
	char		**allow;
	size_t		 nallow;
	size_t		 allow_cap;
	char		**budgets;
	size_t		 nbudgets;
	size_t		 budget_cap;
};

static const struct cmd_opt check_table[] = {
	{ "board", 'b', 'b', true, "BOARD",
	    "board file or shipped board id (required)", "--board BOARD",
	    CMD_STR(struct check_opts, board) },
	{ "map", 'm', 'm', true, "FILE",
	    "the GNU ld or lld map of the link (-Map)", "[--map FILE]",
	    CMD_STR(struct check_opts, map) },
	{ "objects", 0, 'O', true, "DIR",
	    "where the map's relative object paths are", "[--objects DIR]",
	    CMD_STR(struct check_opts, objects) },
	{ "stack-usage", 0, 'k', true, "DIR",
	    "worst-case stack from GCC's .ci/.su files in DIR\n"
	    "or beside the map's objects", "[--stack-usage DIR]",
	    CMD_STR(struct check_opts, stack_usage) },
	{ "quiet", 'q', 'q', false, NULL,
	    "print findings only, no usage table", "[-q]",
	    CMD_SET(struct check_opts, quiet) },
	{ "werror", 0, 'W', false, NULL,
	    "warnings fail the check too", "[--werror]",
	    CMD_SET(struct check_opts, werror) },
	{ "allow", 0, 'a', true, "RULE[:NAME]",
	    "waive RULE (where its symbol, output section\n"
	    "or region matches the glob NAME)", "[--allow RULE[:NAME]]...",
	    CMD_CALL },
	{ "budget", 0, 'B', true, "REGION:WARN[:ERROR]",
	    "set REGION's budget for this run: sizes or\n"
	    "percents; an empty one keeps the board's",
	    "[--budget REGION:WARN[:ERROR]]...", CMD_CALL },
	{ "explain-dma", 0, 'D', false, NULL,
	    "list what each dma_buffers entry matched", "[--explain-dma]",
	    CMD_SET(struct check_opts, explain_dma) },
	{ "json", 0, 'j', true, "FILE",
	    "also write the JSON report (- for stdout)", "[--json FILE]",
	    CMD_STR(struct check_opts, json) },
	{ "format", 'f', 'f', true, "FORMAT",
	    "table (default), json, csv, markdown, sarif or html\n"
	    "(html: a page with every breakdown there is)",
	    "[--format FORMAT]", CMD_CALL },
	{ "source-root", 0, 'R', true, "DIR",
	    "SARIF and Markdown paths relative to DIR (default: .)",
	    "[--source-root DIR]", CMD_STR(struct check_opts, source_root) },
	{ "output", 'o', 'o', true, "FILE",
	    "write the report to FILE, atomically", "[-o FILE]",
	    CMD_STR(struct check_opts, output) },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.opts = check_table,
	.operands = "[ELF]",
	.help_col = 27,
	.summary = "check a linked firmware against its board",
	.help_extra = "Give the ELF, the map, or both (a failed link leaves "
	    "only the map).\n",
	.help_more = rules_help,
	.exec = cmd_check,
};

/* The rules, from the rule table: the names --allow and waivers take. */
static void
rules_help(FILE *fp)
{
	const struct rule_info	*ri;
	size_t			 i;

	fputs("\nRules:\n", fp);
	for (i = 0; i < RULE_COUNT; i++) {
		ri = rule_info((enum rule_id)i);
		fprintf(fp, "  %s (%s)\n      %s\n", ri->id, ri->severity,
		    ri->summary);
	}
}

/*
 * The report, and the JSON report when asked for, written together: a
 * bad -o after a good --json writes neither. JSON on standard output
 * replaces the text report there.
 */
static int
emit_report(const struct report *r, const struct check_opts *o,
    const char *const *inputs)
{
	struct render_opts	ro = { .sections = !o->quiet,
				    .input = o->elf ? o->elf : o->map };
	struct emit		e[2];
	struct strbuf		sb;
	char			*json = NULL;
	size_t			n = 0;
	int			ret = -1;

	sb_init(&sb);
	if (o->json != NULL) {
		if (report_to_json(&json, r) < 0) {
			cmd_error("cannot render the JSON report");
			goto out;
		}
		e[n++] = (struct emit){ o->json, json, strlen(json) };
	}
	if (o->json == NULL || strcmp(o->json, "-") != 0 || o->output != NULL) {
		if (report_render(&sb, r, o->format, &ro) < 0) {
			cmd_error("cannot render the report as %s",
			    report_format_name(o->format));
			goto out;
		}
		e[n++] = (struct emit){ o->output, sb.buf ? sb.buf : "",
		    sb.len };
	}
	ret = cmd_emit_all(e, n, inputs, 3);
out:
	free(json);
	sb_free(&sb);
	return ret;
}

static int	check_run(const struct check_opts *);

static void
explain_entry(const struct report *r, const struct board *b, size_t e,
    struct diags *d)
{
	const struct rep_dma_match	*m;
	size_t				 i, n = 0;

	if (e == 0)
		printf("generated DMA sections (MEMFIT_DMA_* macros):\n");
	else
		printf("dma_buffers entry %zu (%s:%u):\n", e,
		    b->dma_rules[e - 1].pos.file, b->dma_rules[e - 1].pos.line);
	for (i = 0; i < r->ndma_matches; i++) {
		m = &r->dma_matches[i];
		if (m->entry != e)
			continue;
		printf("  %-7s %-24s 0x%08llx %8llu  %-10s %s\n",
		    m->is_section ? "section" : "symbol", m->name,
		    (unsigned long long)m->address,
		    (unsigned long long)m->size, m->region ? m->region : "-",
		    m->verdict);
		n++;
	}
	if (n == 0 && e > 0) {
		printf("  (nothing)\n");
		diag_warn(d, &b->dma_rules[e - 1].pos, "dma_buffers entry %zu "
		    "matches no symbol or section of this link", e);
	}
}

/* --explain-dma: every entry, what it matched, where, and the verdict. */
static void
explain_dma(const struct report *r, const struct board *b, struct diags *d)
{
	size_t	e, i;

	for (i = 0; i < r->ndma_matches && r->dma_matches[i].entry != 0; i++)
		;
	if (i < r->ndma_matches)
		explain_entry(r, b, 0, d);
	for (e = 1; e <= b->ndma_rules; e++)
		explain_entry(r, b, e, d);
}

/* The positional ELF, then the run. */
static int
check_args(struct check_opts *o, int argc, char **argv)
{
	struct stat	st;

	if (o->board == NULL)
		return cmd_usage_error(&cmd_check_entry, "--board is required");
	if (optind < argc)
		o->elf = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(&cmd_check_entry, "unexpected argument: %s",
		    argv[optind]);
	if (o->elf == NULL && o->map == NULL)
		return cmd_usage_error(&cmd_check_entry, "give an ELF, a --map, "
		    "or both");
	/* Pointing nowhere would quietly leave every object unread. */
	if (o->objects != NULL && stat(o->objects, &st) < 0) {
		cmd_error("--objects %s: %s", o->objects, strerror(errno));
		return MEMFIT_EXIT_ERROR;
	}
	if (o->objects != NULL && !S_ISDIR(st.st_mode)) {
		cmd_error("--objects %s: not a directory", o->objects);
		return MEMFIT_EXIT_ERROR;
	}
	return check_run(o);
}

/* The absolute source root and working directory SARIF paths start from. */
static int
source_root(struct report *r, const char *dir, struct diags *d)
{
	char	buf[PATH_MAX];

	if ((r->source_root = realpath(dir ? dir : ".", NULL)) == NULL) {
		diag_error(d, NULL, "--source-root %s: %s", dir ? dir : ".",
		    strerror(errno));
		return -1;
	}
	if (getcwd(buf, sizeof(buf)) != NULL)
		r->cwd = xstrdup(buf);
	return 0;
}

/* The page's treemap goes down to symbols: every breakdown there is. */
static void
html_breakdowns(struct report *r, const struct analysis *a,
    const struct pipeline *p, struct diags *d)
{
	unsigned	 mask = 1U << BD_SYMBOLS;
	struct units	*units = NULL;

	if (p->map != NULL) {
		mask |= (1U << BD_ARCHIVES) | (1U << BD_OBJECTS) |
		    BD_SECTION_INPUTS;
		units = pipeline_units(p, d);
	}
	analyze_breakdowns_units(r, a, mask, units);
	breakdown_select(r, SORT_SIZE, 0, NULL);
	units_free(units);
	free(units);
}

static int
check_run(const struct check_opts *o)
{
	struct pipeline_opts	 po = { o->board, o->elf, o->map, o->objects,
				    NULL, NULL, o->stack_usage };
	struct pipeline		 p;
	struct analysis		 a;
	struct report		 r;
	struct diags		 d;
	const char		*inputs[3] = { NULL, o->elf, o->map };
	int			 ret = MEMFIT_EXIT_ERROR;

	diags_init(&d);
	report_init(&r, "check");
	if (pipeline_load(&p, &po, &d) < 0 ||
	    pipeline_budgets(&p, o->budgets, o->nbudgets, &d) < 0)
		goto out;
	pipeline_rule_warnings(&p, &d);
	pipeline_analysis(&a, &p);
	a.allow = o->allow;
	a.nallow = o->nallow;
	a.explain_dma = o->explain_dma;
	pipeline_report_head(&r, &p, &po);
	r.werror = o->werror;
	if (source_root(&r, o->source_root, &d) < 0)
		goto out;
	analyze_usage(&r, &a);
	analyze_stack(&r, &a);
	if (o->format == FMT_HTML)
		html_breakdowns(&r, &a, &p, &d);
	analyze_rules(&r, &a, &d);
	pipeline_object_warnings(&p, o->map, &d);
	pipeline_source_lines(&r, &p, &d);
	inputs[0] = p.board_path;
	if (emit_report(&r, o, inputs) < 0)
		goto out;
	if (o->explain_dma)
		explain_dma(&r, p.board, &d);
	ret = report_failed(&r) ? MEMFIT_EXIT_FINDINGS : MEMFIT_EXIT_OK;
out:
	diags_print(stderr, &d);
	report_free(&r);
	pipeline_free(&p);
	diags_free(&d);
	return ret;
}

/* --allow RULE[:SYMBOL]: a rule that does not exist is a typo, not a no-op. */
static int
allow_option(struct check_opts *o, char *arg)
{
	size_t	len = strcspn(arg, ":");
	char	*rule = xstrndup(arg, len);
	bool	 ok = rule_known(rule);

	if (!ok)
		cmd_usage_error(&cmd_check_entry, "--allow: unknown rule '%s' "
		    "(rules: %s)", rule, rule_list());
	free(rule);
	if (!ok)
		return -1;
	*ARRAY_PUSH(o->allow, o->nallow, o->allow_cap) = arg;
	return 0;
}

/* One option, by its val; -1 on a bad value (message printed). */
static int
check_option(void *ctx, int ch, char *arg)
{
	struct check_opts	*o = ctx;
	switch (ch) {
	case 'a':
		return allow_option(o, arg);
	case 'B':
		*ARRAY_PUSH(o->budgets, o->nbudgets, o->budget_cap) = arg;
		return 0;
	case 'f':
		return cmd_format_arg(&o->format, &cmd_check_entry, arg, true);
	default:
		return -1;
	}
}

static int
cmd_check(int argc, char **argv)
{
	struct check_opts	o;
	int			r, ret;

	memset(&o, 0, sizeof(o));
	if ((r = cmd_options(&cmd_check_entry, argc, argv, check_option,
	    &o)) != 0)
		ret = r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	else
		ret = check_args(&o, argc, argv);
	free(o.allow);
	free(o.budgets);
	return ret;
}
