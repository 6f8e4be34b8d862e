/*
 * memfit size: what the firmware uses, per region and section, and on
 * request per archive, object file and symbol. Regions come from the board,
 * else from the map's Memory Configuration, else from the sections (of
 * the ELF, or of a map without one: lld's), their lengths unknown then.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "cmd.h"
#include "fileio.h"
#include "memfit.h"
#include "memtypes.h"
#include "pipeline.h"
#include "quantity.h"
#include "render.h"
#include "units.h"

static int	cmd_size(int, char **);

struct size_opts {
	struct pipeline_opts	 in;
	unsigned		 breakdowns;	/* 1 << enum breakdown */
	enum breakdown_sort	 sort;
	size_t			 top;
	const char		*filter;
	enum report_format	 format;
	const char		*output;
	bool			 ascii;
	bool			 utf8;
	enum color_mode		 color;
};

static const struct cmd_opt size_table[] = {
	{ "board", 'b', 'b', true, "BOARD",
	    "board file or shipped board id", "[--board BOARD]",
	    CMD_STR(struct size_opts, in.board) },
	{ "map", 'm', 'm', true, "FILE",
	    "the GNU ld or lld map of the link", "[--map FILE]",
	    CMD_STR(struct size_opts, in.map) },
	{ "stack-usage", 0, 'k', true, "DIR",
	    "worst-case stack per root, from GCC's .ci/.su\n"
	    "files in DIR or beside the map's objects",
	    "[--stack-usage DIR]", CMD_STR(struct size_opts, in.stack_usage) },
	{ "archives", 0, 'A', false, NULL,
	    "usage per archive, across regions and in each\n"
	    "(needs the map)", "[--archives]",
	    CMD_CALL },
	{ "objects", 0, 'O', false, NULL,
	    "usage per object file (needs the map)", "[--objects]", CMD_CALL },
	{ "symbols", 0, 'S', false, NULL,
	    "usage per symbol", "[--symbols]", CMD_CALL },
	{ "sort", 0, 's', true, "KEY",
	    "breakdown order: size (default), name, address", "[--sort KEY]",
	    CMD_CALL },
	{ "top", 0, 't', true, "N",
	    "only the N first rows of each breakdown", "[--top N]", CMD_CALL },
	{ "filter", 0, 'F', true, "GLOB",
	    "only breakdown rows whose name matches", "[--filter GLOB]",
	    CMD_STR(struct size_opts, filter) },
	{ "format", 'f', 'f', true, "FORMAT",
	    "table (default), json, csv, markdown or html\n"
	    "(html: a page with every breakdown there is)",
	    "[--format FORMAT]",
	    CMD_CALL },
	{ "output", 'o', 'o', true, "FILE",
	    "write to FILE, atomically", "[-o FILE]",
	    CMD_STR(struct size_opts, output) },
	{ "ascii", 0, 'a', false, NULL,
	    "plain ASCII table, no box drawing", "[--ascii | --utf8]",
	    CMD_SET(struct size_opts, ascii) },
	{ "utf8", 0, 'U', false, NULL,
	    "box drawing even when not on a UTF-8 terminal", NULL,
	    CMD_SET(struct size_opts, utf8) },
	{ "color", 0, 'c', true, "WHEN",
	    "auto (default), always or never; NO_COLOR is honoured",
	    "[--color WHEN]", CMD_CALL },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_size_entry = {
	.name = "size",
	.opts = size_table,
	.operands = "[ELF]",
	.help_col = 24,
	.summary = "report memory use per region, section, archive, object, "
	    "symbol",
	.help_extra = "Regions come from the board, else the map (GNU ld's; "
	    "lld's has none), else the\nsections, which do not say how long "
	    "they are. Without --map, a map may stand\nwhere the ELF goes.\n",
	.exec = cmd_size,
};

static int
size_run(const struct size_opts *o)
{
	struct pipeline		p;
	struct analysis		a;
	struct report		r;
	struct render_opts	ro = { .sections = true };
	struct strbuf		sb;
	struct diags		d;
	const char		*inputs[3] = { NULL, o->in.elf, o->in.map };
	struct pipeline_opts	 in = o->in;
	struct mapped_file	 mf;
	struct units		*units = NULL;
	unsigned		 mask = o->breakdowns;
	int			ret = MEMFIT_EXIT_ERROR, mapped;

	diags_init(&d);
	report_init(&r, "size");
	sb_init(&sb);
	memset(&p, 0, sizeof(p));
	if ((mapped = pipeline_positional(&in, &mf, &d)) < 0)
		goto out;
	if (pipeline_load(&p, &in, &d) < 0)
		goto out;
	if ((o->breakdowns & ((1U << BD_ARCHIVES) | (1U << BD_OBJECTS))) &&
	    p.map == NULL) {
		cmd_error("--archives and --objects need the map (--map FILE)");
		goto out;
	}
	pipeline_analysis(&a, &p);
	pipeline_report_head(&r, &p, &in);
	analyze_usage(&r, &a);
	analyze_stack(&r, &a);
	/* The page's treemap goes down to symbols: every breakdown. */
	if (o->format == FMT_HTML)
		mask |= (1U << BD_SYMBOLS) | (p.map == NULL ? 0 :
		    (1U << BD_ARCHIVES) | (1U << BD_OBJECTS) |
		    BD_SECTION_INPUTS);
	if (mask & (1U << BD_OBJECTS))
		units = pipeline_units(&p, &d);
	if (mask != 0) {
		analyze_breakdowns_units(&r, &a, mask, units);
		breakdown_select(&r, o->sort, o->top, o->filter);
	}
	memtypes_fill(&r, p.board);
	report_finish(&r);
	cmd_terminal(&ro.unicode, &ro.color, o->color, o->ascii,
	    o->output != NULL && strcmp(o->output, "-") != 0);
	if (o->utf8)
		ro.unicode = true;
	if (report_render(&sb, &r, o->format, &ro) < 0) {
		cmd_error("a size report has no %s form",
		    report_format_name(o->format));
		goto out;
	}
	inputs[0] = p.board_path;
	if (cmd_emit(o->output, sb.buf ? sb.buf : "", sb.len, inputs, 3) == 0)
		ret = MEMFIT_EXIT_OK;
out:
	diags_print(stderr, &d);
	units_free(units);
	free(units);
	sb_free(&sb);
	report_free(&r);
	pipeline_free(&p);
	if (mapped > 0)
		file_unmap(&mf);
	diags_free(&d);
	return ret;
}

static int
parse_sort(enum breakdown_sort *out, const char *s)
{
	static const char *const keys[] = { "size", "name", "address" };
	size_t			 i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, keys[i]) == 0) {
			*out = (enum breakdown_sort)i;
			return 0;
		}
	return -1;
}

static int
parse_top(size_t *out, const char *s)
{
	const char	*why;
	uint64_t	 v;

	if (parse_count(&v, s, &why) < 0 || v == 0 || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* One option, by its val; -1 on a bad value (message printed). */
static int
size_option(void *ctx, int ch, char *arg)
{
	struct size_opts	*o = ctx;
	switch (ch) {
	case 'A': o->breakdowns |= 1U << BD_ARCHIVES; return 0;
	case 'O': o->breakdowns |= 1U << BD_OBJECTS; return 0;
	case 'S': o->breakdowns |= 1U << BD_SYMBOLS; return 0;
	case 's':
		if (parse_sort(&o->sort, arg) == 0)
			return 0;
		return cmd_usage_error(&cmd_size_entry, "--sort takes size, "
		    "name or address, not %s", arg), -1;
	case 't':
		if (parse_top(&o->top, arg) == 0)
			return 0;
		return cmd_usage_error(&cmd_size_entry, "--top takes a "
		    "positive number, not %s", arg), -1;
	case 'f':
		return cmd_format_arg(&o->format, &cmd_size_entry, arg, false);
	case 'c':
		return cmd_color_arg(&o->color, &cmd_size_entry, arg);
	default:
		return -1;
	}
}

static int
cmd_size(int argc, char **argv)
{
	struct size_opts	o;
	int			r;

	memset(&o, 0, sizeof(o));
	if ((r = cmd_options(&cmd_size_entry, argc, argv, size_option,
	    &o)) != 0)
		return r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	if (optind < argc)
		o.in.elf = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(&cmd_size_entry, "unexpected argument: %s",
		    argv[optind]);
	if (o.in.elf == NULL && o.in.map == NULL)
		return cmd_usage_error(&cmd_size_entry, "give an ELF, a --map, "
		    "or both");
	return size_run(&o);
}
