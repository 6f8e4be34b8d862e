/*
 * memfit diff OLD NEW: what a change did to memory use, per region and in
 * its largest archive, object and symbol changes, and a CI gate on growth
 * (--fail-on-growth). Each input is an ELF (with its map when given), a
 * map alone, or a JSON report of size or check, told apart by content.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "cmd.h"
#include "diff.h"
#include "fileio.h"
#include "memfit.h"
#include "pipeline.h"
#include "render.h"
#include "report_json.h"
#include "units.h"

static int	cmd_diff(int, char **);

struct diff_opts {
	const char		*board;
	const char		*old_map;
	const char		*new_map;
	const char		*old_stack;
	const char		*new_stack;
	const char		*old;
	const char		*new;
	const char		*output;
	enum report_format	 format;
	bool			 ascii;
	bool			 utf8;
	enum color_mode		 color;
	struct growth_limit	*limits;
	size_t			 nlimits;
	size_t			 limits_cap;
};

static const struct cmd_opt diff_table[] = {
	{ "board", 'b', 'b', true, "BOARD",
	    "board file or shipped board id, for both", "[--board BOARD]",
	    CMD_STR(struct diff_opts, board) },
	{ "old-map", 0, 'O', true, "FILE",
	    "the map of OLD, when OLD is an ELF", "[--old-map FILE]",
	    CMD_STR(struct diff_opts, old_map) },
	{ "new-map", 0, 'N', true, "FILE",
	    "the map of NEW, when NEW is an ELF", "[--new-map FILE]",
	    CMD_STR(struct diff_opts, new_map) },
	{ "old-stack-usage", 0, 'S', true, "DIR",
	    "worst-case stack of OLD (an ELF or a map), from\n"
	    "GCC's .ci/.su files in DIR or beside its objects",
	    "[--old-stack-usage DIR]",
	    CMD_STR(struct diff_opts, old_stack) },
	{ "new-stack-usage", 0, 'T', true, "DIR",
	    "the same for NEW", "[--new-stack-usage DIR]",
	    CMD_STR(struct diff_opts, new_stack) },
	{ "fail-on-growth", 0, 'g', true, "LIMIT",
	    "exit 1 when a region's use grows by more than\n"
	    "LIMIT: BYTES (1024, 2K, 1M, 1G, 0x400) or PERCENT\n"
	    "of the region's length, at most two decimals\n"
	    "(0.5%, the unit of the Used [%] column), for\n"
	    "every region or for LIMIT:REGION only; with\n"
	    "LIMIT:stack[:ROOT], when the worst-case stack of\n"
	    "a root (of ROOT) grows by more, PERCENT being of\n"
	    "its reserved stack; may be repeated",
	    "[--fail-on-growth LIMIT]...", CMD_CALL },
	{ "format", 'f', 'f', true, "FORMAT",
	    "table (default), json, csv, markdown or html",
	    "[--format FORMAT]",
	    CMD_CALL },
	{ "output", 'o', 'o', true, "FILE",
	    "write to FILE, atomically", "[-o FILE]",
	    CMD_STR(struct diff_opts, output) },
	{ "ascii", 0, 'a', false, NULL,
	    "plain ASCII table, no box drawing", "[--ascii | --utf8]",
	    CMD_SET(struct diff_opts, ascii) },
	{ "utf8", 0, 'U', false, NULL,
	    "box drawing even when not on a UTF-8 terminal", NULL,
	    CMD_SET(struct diff_opts, utf8) },
	{ "color", 0, 'c', true, "WHEN",
	    "auto (default), always or never; NO_COLOR is honoured",
	    "[--color WHEN]", CMD_CALL },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.opts = diff_table,
	.operands = "OLD NEW",
	.help_col = 28,
	.summary = "compare the memory use of two builds",
	.help_extra =
	    "OLD and NEW are each an ELF, a GNU ld or lld map, or a JSON "
	    "report (memfit\nsize --format json, or check --json), told apart "
	    "by content. Regions are\nmatched by name. Then come the 10 "
	    "largest archive, object file and symbol\nchanges, each in its region "
	    "(ranked over all regions); a JSON report only has\nthe "
	    "breakdowns it was written with, so write it without --top or "
	    "--filter.\nWith stack data on both sides (--old-stack-usage and "
	    "--new-stack-usage, or\nreports written with --stack-usage), the "
	    "worst-case stack of each root follows.\nExit status: 0, 1 when a growth limit is exceeded, 2 "
	    "on bad input.\n",
	.exec = cmd_diff,
};

/*
 * Build a report from an ELF and/or map, with every breakdown it allows
 * (and for the page, each section's inputs: MASK).
 */
static int
load_link(struct report *out, const struct pipeline_opts *po, unsigned mask,
    struct diags *d)
{
	struct pipeline	p;
	struct analysis	a;
	struct units	*units = NULL;
	int		ret = -1;

	mask |= 1U << BD_SYMBOLS;
	memset(&p, 0, sizeof(p));
	if (pipeline_load(&p, po, d) < 0)
		goto out;
	if (p.map != NULL)
		mask |= (1U << BD_ARCHIVES) | (1U << BD_OBJECTS);
	pipeline_analysis(&a, &p);
	pipeline_report_head(out, &p, po);
	analyze_usage(out, &a);
	analyze_stack(out, &a);
	units = pipeline_units(&p, d);
	analyze_breakdowns_units(out, &a, mask, units);
	report_finish(out);
	ret = 0;
out:
	units_free(units);
	free(units);
	pipeline_free(&p);
	return ret;
}

static int
load_json(struct report *out, const char *path, const struct mapped_file *mf,
    struct diags *d)
{
	struct diags	tmp;
	int		ret;

	diags_init(&tmp);
	ret = report_from_json(out, path, mf->data, mf->len, &tmp);
	if (!file_intact(mf)) {
		/* Zeros past the cut: neither the report nor its error count. */
		if (ret == 0)
			report_free(out);
		diag_error(d, &(struct srcpos){ .file = path },
		    "cannot read: " FILE_SHRANK);
		ret = -1;
	} else
		diags_append(d, &tmp);
	diags_free(&tmp);
	return ret;
}

/* One side: PATH with its MAP (--old-map/--new-map) and its STACK
 * (--old-stack-usage/--new-stack-usage), each NULL when not given. */
static int
load_side(struct report *out, const char **type, const char *path,
    const char *map, const char *stack, const struct diff_opts *o,
    struct diags *d)
{
	struct pipeline_opts	po = { o->board, NULL, NULL, NULL, NULL,
				    NULL, stack };
	struct mapped_file	mf;
	int			ret = -1;

	report_init(out, "size");
	if (pipeline_map_input(&mf, path, d) < 0)
		return -1;
	*type = pipeline_input_kind(&mf);
	if (map != NULL && strcmp(*type, "elf") != 0)
		cmd_error("%s: --old-map and --new-map go with an ELF, and this "
		    "is a %s", path, strcmp(*type, "json") == 0 ?
		    "JSON report" : "map");
	else if (stack != NULL && strcmp(*type, "json") == 0)
		cmd_error("%s: --old-stack-usage and --new-stack-usage go with "
		    "an ELF or a map, and this is a JSON report (write it with "
		    "--stack-usage)", path);
	else if (strcmp(*type, "json") == 0) {
		report_free(out);
		ret = load_json(out, path, &mf, d);
	} else {
		/* Read once: `diff <(...) <(...)` gives pipes. */
		po.elf = strcmp(*type, "elf") == 0 ? path : NULL;
		po.map = po.elf != NULL ? map : path;
		if (po.elf != NULL)
			po.elf_data = &mf;
		else
			po.map_data = &mf;
		ret = load_link(out, &po, o->format == FMT_HTML ?
		    BD_SECTION_INPUTS : 0, d);
	}
	file_unmap(&mf);
	return ret;
}

static int
emit_diff(const struct diff *df, const struct diff_opts *o,
    struct diff_render_opts *ro)
{
	const char	*inputs[5] = { o->old, o->new, o->old_map, o->new_map,
			    o->board };
	struct strbuf	sb;
	int		ret;

	cmd_terminal(&ro->unicode, &ro->color, o->color, o->ascii,
	    o->output != NULL && strcmp(o->output, "-") != 0);
	if (o->utf8)
		ro->unicode = true;
	sb_init(&sb);
	if (o->format == FMT_JSON)
		render_diff_json(&sb, df, ro);
	else if (o->format == FMT_CSV)
		render_diff_csv(&sb, df);
	else if (o->format == FMT_MARKDOWN)
		render_diff_markdown(&sb, df, ro);
	else if (o->format == FMT_HTML)
		render_diff_html(&sb, df, ro);
	else
		render_diff_table(&sb, df, ro);
	ret = cmd_emit(o->output, sb.buf ? sb.buf : "", sb.len, inputs, 5);
	sb_free(&sb);
	return ret;
}

static int
diff_run(struct diff_opts *o)
{
	struct diff_render_opts	ro = { .old_name = o->old,
				    .new_name = o->new };
	struct report		old, new;
	struct diff		df;
	struct diags		d;
	char			*err = NULL;
	int			ret = MEMFIT_EXIT_ERROR;

	diags_init(&d);
	memset(&new, 0, sizeof(new));
	memset(&df, 0, sizeof(df));
	if (load_side(&old, &ro.old_type, o->old, o->old_map, o->old_stack, o,
	    &d) < 0 || load_side(&new, &ro.new_type, o->new, o->new_map,
	    o->new_stack, o, &d) < 0)
		goto out;
	diff_compute(&df, &old, &new);
	if (diff_apply_limits(&df, o->limits, o->nlimits, &err) < 0) {
		cmd_error("%s", err);
		goto out;
	}
	if (emit_diff(&df, o, &ro) == 0)
		ret = df.failed ? MEMFIT_EXIT_FINDINGS : MEMFIT_EXIT_OK;
out:
	diags_print(stderr, &d);
	free(err);
	diff_free(&df);
	report_free(&old);
	report_free(&new);
	diags_free(&d);
	return ret;
}

/* One option, by its val; -1 on a bad value (message printed). */
static int
diff_option(void *ctx, int ch, char *arg)
{
	struct diff_opts	*o = ctx;
	char	*err = NULL;

	switch (ch) {
	case 'g':
		if (growth_limit_parse(ARRAY_PUSH(o->limits, o->nlimits,
		    o->limits_cap), arg, &err) == 0)
			return 0;
		o->nlimits--;
		cmd_usage_error(&cmd_diff_entry, "%s", err);
		free(err);
		return -1;
	case 'f':
		return cmd_format_arg(&o->format, &cmd_diff_entry, arg, false);
	case 'c':
		return cmd_color_arg(&o->color, &cmd_diff_entry, arg);
	default:
		return -1;
	}
}

static int
diff_args(struct diff_opts *o, int argc, char **argv)
{
	int	r;

	if ((r = cmd_options(&cmd_diff_entry, argc, argv, diff_option,
	    o)) != 0)
		return r;
	if (argc - optind < 2)
		return cmd_usage_error(&cmd_diff_entry, "give OLD and NEW"), -1;
	if (argc - optind > 2)
		return cmd_usage_error(&cmd_diff_entry, "unexpected argument: "
		    "%s", argv[optind + 2]), -1;
	o->old = argv[optind];
	o->new = argv[optind + 1];
	return 0;
}

static int
cmd_diff(int argc, char **argv)
{
	struct diff_opts	o;
	int			r, ret;

	memset(&o, 0, sizeof(o));
	if ((r = diff_args(&o, argc, argv)) != 0)
		ret = r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	else
		ret = diff_run(&o);
	growth_limits_free(o.limits, o.nlimits);
	return ret;
}
