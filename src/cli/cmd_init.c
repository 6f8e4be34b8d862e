/*
 * memfit init: a first board file from what a project already has: the
 * regions of its link (the map's Memory Configuration, else the linker
 * script's MEMORY block), what startup does to each RAM guessed from the
 * output sections, and DMA facts from a shipped board at the same
 * addresses. The guessing is core/draft.c; the text is gen/gen_board.c.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board_load.h"
#include "cmd.h"
#include "draft.h"
#include "gen.h"
#include "ldscript.h"
#include "layout.h"
#include "memfit.h"
#include "pipeline.h"
#include "util.h"

static int	cmd_init(int, char **);

struct init_opts {
	struct pipeline_opts	 in;
	const char		*script;
	const char		*like;
	const char		*id;
	const char		*mcu;
	const char		*output;
	bool			 force;
};

static const struct cmd_opt init_table[] = {
	{ "map", 'm', 'm', true, "FILE",
	    "the map of the link (GNU ld, or LLVM lld with -T)",
	    "[--map FILE]", CMD_STR(struct init_opts, in.map) },
	{ "script", 'T', 'T', true, "FILE",
	    "the linker script: MEMORY, and NOLOAD sections", "[-T FILE]",
	    CMD_STR(struct init_opts, script) },
	{ "like", 0, 'l', true, "BOARD",
	    "copy DMA facts from this board (default: the shipped\n"
	    "board at the same addresses, if any)", "[--like BOARD]",
	    CMD_STR(struct init_opts, like) },
	{ "id", 0, 'i', true, "ID",
	    "the board id (default: from the output's name)", "[--id ID]",
	    CMD_STR(struct init_opts, id) },
	{ "mcu", 0, 'M', true, "TEXT",
	    "the microcontroller, as free text", "[--mcu TEXT]",
	    CMD_STR(struct init_opts, mcu) },
	{ "output", 'o', 'o', true, "FILE",
	    "write the board to FILE, atomically", "[-o FILE]",
	    CMD_STR(struct init_opts, output) },
	{ "force", 0, 'F', false, NULL,
	    "replace an existing FILE", "[--force]",
	    CMD_SET(struct init_opts, force) },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.opts = init_table,
	.operands = "[ELF]",
	.help_col = 24,
	.summary = "write a first board file from an existing link",
	.help_extra = "Give the map, the script or both; the ELF tells "
	    "NOBITS sections apart.\nWithout --map, a map may stand where "
	    "the ELF goes. Lines marked GUESS\nare conventions to confirm.\n",
	.exec = cmd_init,
};

/* Everything one run holds, freed in one place. */
struct init_run {
	struct pipeline			 p;
	struct ldscript			*script;
	struct board			**shipped;
	size_t				  nshipped;
	struct board			*like;
	struct draft_region_in		*regions;
	size_t				  nregions;
	struct draft_section_in		*sections;
	size_t				  nsections;
};

static void
init_regions(struct init_run *run)
{
	const struct ldmap	*m = run->p.map;
	size_t			 i;

	if (m != NULL && m->nregions > 0) {
		run->regions = xcalloc(m->nregions, sizeof(*run->regions));
		for (i = 0; i < m->nregions; i++)
			run->regions[i] = (struct draft_region_in){
			    m->regions[i].name, m->regions[i].origin,
			    m->regions[i].length, m->regions[i].attrs };
		run->nregions = m->nregions;
	} else if (run->script != NULL && run->script->nregions > 0) {
		run->regions = xcalloc(run->script->nregions,
		    sizeof(*run->regions));
		for (i = 0; i < run->script->nregions; i++)
			run->regions[i] = (struct draft_region_in){
			    run->script->regions[i].name,
			    run->script->regions[i].origin,
			    run->script->regions[i].length,
			    run->script->regions[i].attrs };
		run->nregions = run->script->nregions;
	}
}

static bool
region_named(const struct init_run *run, const char *name)
{
	size_t	i;

	for (i = 0; i < run->nregions; i++)
		if (strcmp(run->regions[i].name, name) == 0)
			return true;
	return false;
}

/* The region holding ADDR; a section of no size may sit at its end. */
static const char *
region_of(const struct init_run *run, uint64_t addr, uint64_t size)
{
	const struct draft_region_in	*r;
	size_t				 i;

	for (i = 0; i < run->nregions; i++) {
		r = &run->regions[i];
		if (addr >= r->origin && (addr - r->origin < r->length ||
		    (size == 0 && addr - r->origin == r->length)))
			return r->name;
	}
	return NULL;
}

static void
sections_from_layout(struct init_run *run)
{
	const struct layout		*l = &run->p.layout;
	const struct lsection		*ls;
	const struct script_section	*ss;
	struct draft_section_in		*s;
	size_t				 i;

	run->sections = xcalloc(l->nsections + 1, sizeof(*run->sections));
	for (i = 0; i < l->nsections; i++) {
		ls = &l->sections[i];
		if (!ls->alloc)
			continue;
		s = &run->sections[run->nsections++];
		s->name = ls->name;
		s->region = region_of(run, ls->vma, ls->size);
		s->vma = ls->vma;
		s->size = ls->size;
		s->copied = ls->load && ls->lma != ls->vma;
		s->load_region = s->copied ? region_of(run, ls->lma, ls->size) :
		    NULL;
		s->has_bytes = ls->load;
		s->bytes_known = !ls->load_assumed;
		ss = run->script ? ldscript_section(run->script, ls->name) : NULL;
		s->noload = ss != NULL && ss->noload;
		/* ld places by "> REGION": where two regions overlap, only
		 * the script tells which one a section is in */
		if (ss != NULL && ss->region != NULL &&
		    region_named(run, ss->region))
			s->region = ss->region;
	}
}

/* Without a link: where the script puts each section, and its type. */
static void
sections_from_script(struct init_run *run)
{
	const struct script_section	*ss;
	struct draft_section_in		*s;
	size_t				 i;

	run->sections = xcalloc(run->script->nsections + 1,
	    sizeof(*run->sections));
	for (i = 0; i < run->script->nsections; i++) {
		ss = &run->script->sections[i];
		if (ss->region == NULL)
			continue;
		s = &run->sections[run->nsections++];
		s->name = ss->name;
		s->region = ss->region;
		s->copied = ss->lma_region != NULL &&
		    strcmp(ss->lma_region, ss->region) != 0;
		s->load_region = s->copied ? ss->lma_region : NULL;
		s->noload = ss->noload;
		s->has_bytes = !ss->noload;
		s->bytes_known = ss->noload;
	}
}

/* The board to take DMA facts from: --like, else every shipped board. */
static int
load_boards(struct init_run *run, const struct init_opts *o,
    struct diags *d)
{
	struct diags	 quiet;
	char		**paths, *path, *err = NULL;
	size_t		 i, n;

	if (o->like != NULL) {
		if ((path = board_resolve(o->like, &err)) == NULL) {
			cmd_error("--like: %s", err);
			free(err);
			return -1;
		}
		(void)board_load(&run->like, path, d);
		free(path);
		return run->like == NULL ? -1 : 0;
	}
	n = board_shipped(&paths);
	run->shipped = xcalloc(n + 1, sizeof(*run->shipped));
	for (i = 0; i < n; i++) {
		diags_init(&quiet);	/* a broken data dir is not the
					   user's problem here */
		if (board_load(&run->shipped[run->nshipped], paths[i],
		    &quiet) == 0)
			run->nshipped++;
		diags_free(&quiet);
		free(paths[i]);
	}
	free(paths);
	return 0;
}

static void
init_run_free(struct init_run *run)
{
	size_t	i;

	for (i = 0; i < run->nshipped; i++)
		board_free(run->shipped[i]);
	free(run->shipped);
	board_free(run->like);
	ldscript_free(run->script);
	free(run->regions);
	free(run->sections);
	pipeline_free(&run->p);
}

/* The id from --id, else the output's file name: "my-board.yaml". */
static char *
board_id(const struct init_opts *o)
{
	const char	*base;
	char		*id, *p;

	if (o->id != NULL)
		return xstrdup(o->id);
	if (o->output == NULL || strcmp(o->output, "-") == 0)
		return xstrdup("board");
	base = strrchr(o->output, '/') ? strrchr(o->output, '/') + 1 :
	    o->output;
	id = xstrdup(base);
	if ((p = strrchr(id, '.')) != NULL && p != id)
		*p = '\0';
	for (p = id; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    (p != id && strchr("._-", *p) != NULL)))
			*p = p == id ? 'b' : '-';
	}
	return id;
}

/* "fw.map, fw.elf and app.ld": the banner's list of inputs. */
static char *
sources(const struct init_opts *o, const struct pipeline_opts *in)
{
	const char	*names[3] = { in->map, in->elf, o->script };
	struct strbuf	 sb;
	size_t		 i, n = 0, k = 0;

	for (i = 0; i < 3; i++)
		n += names[i] != NULL;
	sb_init(&sb);
	for (i = 0; i < 3; i++) {
		if (names[i] == NULL)
			continue;
		k++;
		sb_printf(&sb, "%s%s", k == 1 ? "" : k == n ? " and " : ", ",
		    names[i]);
	}
	return sb_detach(&sb);
}

static int
init_inputs(struct init_run *run, struct pipeline_opts *in,
    const struct init_opts *o, struct diags *d)
{
	if (o->script != NULL &&
	    ldscript_parse(&run->script, o->script, d) < 0)
		return -1;
	if ((in->elf != NULL || in->map != NULL) &&
	    pipeline_load(&run->p, in, d) < 0)
		return -1;
	init_regions(run);
	if (run->nregions == 0) {
		cmd_error("%s declares no memory regions: memfit init needs "
		    "a GNU ld map (its Memory Configuration) or the linker "
		    "script (-T, its MEMORY block); an LLVM lld map has no "
		    "regions", in->map ? in->map : o->script ? o->script :
		    in->elf);
		return -1;
	}
	if (in->elf != NULL || in->map != NULL)
		sections_from_layout(run);
	else
		sections_from_script(run);
	return load_boards(run, o, d);
}

/* The board text, and a line on standard error about what to confirm. */
static int
init_write(const struct init_run *run, const struct init_opts *o,
    const struct pipeline_opts *in, struct strbuf *sb)
{
	const char *const	 inputs[] = { in->elf, in->map, o->script };
	struct draft_input	 di = { run->regions, run->nregions,
	    run->sections, run->nsections,
	    (const struct board *const *)run->shipped, run->nshipped,
	    run->like };
	struct gen_board_opts	 go = { NULL, o->mcu, NULL, GEN_BOARD_SCHEMA,
	    false };
	struct draft		 dr;
	int			 ret;

	(void)draft_build(&dr, &di);
	go.id = board_id(o);
	go.sources = sources(o, in);
	go.linked = in->elf != NULL || in->map != NULL;
	gen_board_yaml(sb, &dr, &go);
	ret = cmd_emit(o->output, sb->buf, sb->len, inputs, 3);
	if (ret == 0 && o->output != NULL && strcmp(o->output, "-") != 0)
		fprintf(stderr, "memfit: wrote %s: %zu regions; confirm the "
		    "lines marked GUESS\n", o->output, dr.nregions);
	free((char *)go.id);
	free((char *)go.sources);
	draft_free(&dr);
	return ret;
}

static int
init_exec(const struct init_opts *o)
{
	struct init_run		run;
	struct pipeline_opts	in = o->in;
	struct mapped_file	mf;
	struct strbuf		sb;
	struct diags		d;
	int			ret = MEMFIT_EXIT_ERROR, mapped;

	memset(&run, 0, sizeof(run));
	diags_init(&d);
	sb_init(&sb);
	if ((mapped = pipeline_positional(&in, &mf, &d)) < 0)
		goto out;
	if (in.map == NULL && o->script == NULL) {
		cmd_error("memfit init needs the map (--map) or the linker "
		    "script (-T): an ELF has no memory regions");
		goto out;
	}
	if (init_inputs(&run, &in, o, &d) < 0)
		goto out;
	if (init_write(&run, o, &in, &sb) == 0)
		ret = MEMFIT_EXIT_OK;
out:
	diags_print(stderr, &d);
	sb_free(&sb);
	init_run_free(&run);
	if (mapped > 0)
		file_unmap(&mf);
	diags_free(&d);
	return ret;
}

static int
cmd_init(int argc, char **argv)
{
	struct init_opts	o;
	int			r;

	memset(&o, 0, sizeof(o));
	if ((r = cmd_options(&cmd_init_entry, argc, argv, NULL, &o)) != 0)
		return r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	if (optind < argc)
		o.in.elf = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(&cmd_init_entry, "unexpected argument: "
		    "%s", argv[optind]);
	if (o.in.elf == NULL && o.in.map == NULL && o.script == NULL)
		return cmd_usage_error(&cmd_init_entry, "give the map, the "
		    "linker script, or both");
	if (o.output != NULL && strcmp(o.output, "-") != 0 && !o.force &&
	    access(o.output, F_OK) == 0) {
		cmd_error("%s exists: memfit init does not replace a board "
		    "file (use --force)", o.output);
		return MEMFIT_EXIT_ERROR;
	}
	return init_exec(&o);
}
