/*
 * memfit check: the post-link gate. Loads the board, the ELF and/or the
 * map, runs the analysis, looks up source lines in DWARF only for the
 * symbols that have findings, prints findings then the usage table, and
 * exits 1 when an unwaived error (or, with --werror, warning) remains.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "cmd.h"
#include "fileio.h"
#include "memfit.h"
#include "report_text.h"
#include "util.h"

static int	cmd_check(int, char **);

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "--board BOARD [--map FILE] [--objects DIR] [-q] [--werror] "
	    "[--allow RULE[:SYMBOL]]... [--json FILE] [ELF]",
	.summary = "check a linked firmware against its board",
	.help =
	    "Options:\n"
	    "  -b, --board BOARD        board file or shipped board id "
	    "(required)\n"
	    "  -m, --map FILE           the GNU ld map of the link (-Map)\n"
	    "      --objects DIR        where the map's relative object paths "
	    "are\n"
	    "  -q, --quiet              print findings only, no usage table\n"
	    "      --werror             warnings fail the check too\n"
	    "      --allow RULE[:SYM]   waive RULE (for symbols matching SYM)\n"
	    "      --json FILE          also write the JSON report (- for "
	    "stdout)\n"
	    "  -h, --help               show this help\n"
	    "\nGive the ELF, the map, or both (a failed link leaves only the "
	    "map).\nRules: region-overflow, region-budget, outside-regions,\n"
	    "init-data-in-zero-region, bss-in-noinit-region, dma-unreachable,\n"
	    "dma-cache-line, map-board-mismatch.\n",
	.exec = cmd_check,
};

struct check_opts {
	const char	*board;
	const char	*map;
	const char	*objects;
	const char	*elf;
	const char	*json;
	bool		 quiet;
	bool		 werror;
	char		**allow;
	size_t		 nallow;
	size_t		 allow_cap;
};

/* What check loaded; freed in one place. */
struct inputs {
	char		*board_path;
	struct board	*board;
	struct image	*image;
	struct ldmap	*map;
	struct layout	 layout;
	struct objcache	*objects;
	char		*map_dir;
	const char	*objects_dir;
};

static void
inputs_free(struct inputs *in)
{
	layout_free(&in->layout);
	objcache_free(in->objects);
	ldmap_free(in->map);
	image_free(in->image);
	board_free(in->board);
	free(in->board_path);
	free(in->map_dir);
}

static int
inputs_load(struct inputs *in, const struct check_opts *o, struct diags *d)
{
	char	*err = NULL, *copy;

	if ((in->board_path = board_resolve(o->board, &err)) == NULL) {
		diag_error(d, NULL, "%s", err);
		free(err);
		return -1;
	}
	board_load(&in->board, in->board_path, d);
	if (o->elf != NULL)
		image_load(&in->image, o->elf, d);
	if (o->map != NULL) {
		ldmap_parse(&in->map, o->map, d);
		copy = xstrdup(o->map);
		in->map_dir = xstrdup(dirname(copy));
		free(copy);
	}
	if (diags_has_errors(d))
		return -1;
	if (in->image != NULL)
		layout_from_image(&in->layout, in->image);
	else
		layout_from_map(&in->layout, in->map);
	objcache_new(&in->objects);
	in->objects_dir = o->objects;
	return 0;
}

/*
 * ld prints object paths as it was given them, relative to the directory
 * it ran in: try --objects first, then the map's directory, then as is.
 */
static char *
object_path(const struct inputs *in, const char *path)
{
	const char	*dirs[2] = { in->objects_dir, in->map_dir };
	char		*p;
	size_t		 i;

	if (path[0] == '/')
		return xstrdup(path);
	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL)
			continue;
		p = xasprintf("%s/%s", dirs[i], path);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return xstrdup(path);
}

static int
lookup_object(const struct obj_section **out, void *arg,
    const struct map_object *obj, const char *secname, uint64_t size,
    char **err)
{
	struct inputs	*in = arg;
	char		*path = object_path(in, obj->path);
	int		 ret;

	ret = objcache_section(out, in->objects, path, obj->member, secname,
	    size, err);
	free(path);
	return ret;
}

/* Source lines for findings about symbols, in one pass over DWARF. */
static void
add_source_lines(struct report *r, const struct inputs *in, const char *elf,
    struct diags *d)
{
	struct srcloc_query	*q;
	size_t			 i, n = 0;

	if (in->image == NULL || !in->image->has_debug_info)
		return;
	q = xcalloc(r->nfindings ? r->nfindings : 1, sizeof(*q));
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].symbol == NULL)
			continue;
		q[n].name = r->findings[i].symbol;
		q[n].addr = r->findings[i].address == REPORT_NONE ? 0 :
		    r->findings[i].address;
		n++;
	}
	if (n > 0)
		srcloc_resolve(elf, q, n, d);
	for (i = n = 0; i < r->nfindings; i++) {
		if (r->findings[i].symbol == NULL)
			continue;
		if (q[n].file != NULL) {
			r->findings[i].file = q[n].file;
			r->findings[i].line = q[n].line;
		}
		n++;
	}
	free(q);
}

static int
write_json(const struct report *r, const char *path)
{
	enum write_result	 wr;
	char			*json = NULL, *err = NULL;
	int			 ret = 0;

	if (report_to_json(&json, r) < 0) {
		cmd_error("cannot render the JSON report");
		return -1;
	}
	if (file_write_atomic(&wr, path, json, strlen(json), &err) < 0) {
		cmd_error("%s", err);
		free(err);
		ret = -1;
	}
	free(json);
	return ret;
}

static void
report_inputs(struct report *r, const struct check_opts *o,
    const struct inputs *in)
{
	r->board = xstrdup(in->board->id);
	r->elf = o->elf ? xstrdup(o->elf) : NULL;
	r->map = o->map ? xstrdup(o->map) : NULL;
}

static void
print_text(const struct report *r, const struct check_opts *o)
{
	report_print_findings(stdout, r, o->elf ? o->elf : o->map);
	if (o->quiet)
		return;
	if (r->nfindings > 0)
		putchar('\n');
	report_print_usage(stdout, r);
}

static int
check_run(const struct check_opts *o)
{
	struct inputs	in;
	struct analysis	a;
	struct report	r;
	struct diags	d;
	int		ret = MEMFIT_EXIT_ERROR;

	memset(&in, 0, sizeof(in));
	diags_init(&d);
	report_init(&r, "check");
	if (inputs_load(&in, o, &d) < 0)
		goto out;
	a = (struct analysis){ .board = in.board, .image = in.image,
	    .map = in.map, .layout = &in.layout, .lookup = lookup_object,
	    .lookup_arg = &in, .allow = o->allow, .nallow = o->nallow };
	report_inputs(&r, o, &in);
	analyze_usage(&r, &a);
	analyze_rules(&r, &a);
	add_source_lines(&r, &in, o->elf, &d);
	if (o->json != NULL && write_json(&r, o->json) < 0)
		goto out;
	/* JSON on standard output replaces the text report there. */
	if (o->json == NULL || strcmp(o->json, "-") != 0)
		print_text(&r, o);
	ret = r.nerrors > 0 || (o->werror && r.nwarnings > 0) ?
	    MEMFIT_EXIT_FINDINGS : MEMFIT_EXIT_OK;
out:
	diags_print(stderr, &d);
	report_free(&r);
	inputs_free(&in);
	diags_free(&d);
	return ret;
}

static int
cmd_check(int argc, char **argv)
{
	enum { OPT_OBJECTS = 256, OPT_WERROR, OPT_ALLOW, OPT_JSON };
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "map", required_argument, NULL, 'm' },
		{ "objects", required_argument, NULL, OPT_OBJECTS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "werror", no_argument, NULL, OPT_WERROR },
		{ "allow", required_argument, NULL, OPT_ALLOW },
		{ "json", required_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_opts	o;
	int			ch, ret;

	memset(&o, 0, sizeof(o));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "b:m:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			o.board = optarg;
			break;
		case 'm':
			o.map = optarg;
			break;
		case OPT_OBJECTS:
			o.objects = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
		case OPT_WERROR:
			o.werror = true;
			break;
		case OPT_ALLOW:
			*ARRAY_PUSH(o.allow, o.nallow, o.allow_cap) = optarg;
			break;
		case OPT_JSON:
			o.json = optarg;
			break;
		case 'h':
			cmd_usage(stdout, &cmd_check_entry);
			return MEMFIT_EXIT_OK;
		default:
			return cmd_usage_error(&cmd_check_entry, "unknown option "
			    "or missing argument: %s", argv[optind - 1]);
		}
	}
	if (o.board == NULL)
		return cmd_usage_error(&cmd_check_entry, "--board is required");
	if (optind < argc)
		o.elf = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(&cmd_check_entry, "unexpected argument: %s",
		    argv[optind]);
	if (o.elf == NULL && o.map == NULL)
		return cmd_usage_error(&cmd_check_entry, "give an ELF, a --map, "
		    "or both");
	ret = check_run(&o);
	free(o.allow);
	return ret;
}
