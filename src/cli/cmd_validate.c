/*
 * memfit validate: load board files, report every problem in each, and
 * summarise the boards that are valid. The exit status is the worst over
 * all files, so one run checks a whole boards/ directory.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "board_load.h"
#include "cmd.h"
#include "gen.h"
#include "memfit.h"
#include "quantity.h"
#include "util.h"

static int	cmd_validate(int, char **);

struct validate_opts {
	bool	quiet;
	bool	verbose;
};

static const struct cmd_opt validate_table[] = {
	{ "quiet", 'q', 'q', false, NULL,
	    "print only problems, no summary", "[-qv]",
	    CMD_SET(struct validate_opts, quiet) },
	{ "verbose", 'v', 'v', false, NULL,
	    "also print a table of each board's regions", NULL,
	    CMD_SET(struct validate_opts, verbose) },
	CMD_OPT_HELP,
	CMD_OPT_END
};

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.opts = validate_table,
	.operands = "BOARD...",
	.help_col = 18,
	.summary = "check board files and summarise them",
	.help_extra = "BOARD is a path or the id of a shipped board.\n",
	.exec = cmd_validate,
};

/* 1008K, 2M, 4096: the unit ld itself would accept, exact. */
static void
format_size(char *buf, size_t len, uint64_t v)
{
	if (!size_in_units(buf, len, v))
		snprintf(buf, len, "%" PRIu64, v);
}

static void
format_masters(struct strbuf *sb, const struct board *b, uint32_t mask)
{
	size_t	i;
	bool	first = true;

	for (i = 0; i < b->nmasters; i++) {
		if (!(mask & (1U << i)))
			continue;
		sb_printf(sb, "%s%s", first ? "" : ",", b->masters[i].name);
		first = false;
	}
	if (first)
		sb_puts(sb, "-");
}

/* The width of the REGION column: the longest name, at least 12. */
static int
name_width(const struct board *b)
{
	size_t	i, w = 12;

	for (i = 0; i < b->nregions; i++)
		if (strlen(b->regions[i].name) > w)
			w = strlen(b->regions[i].name);
	return (int)w;
}

/* A region's section rules, under it, in file order (first match wins). */
static void
print_section_rules(const struct region *r, int w)
{
	const struct section_rule	*s;
	size_t				 i;

	for (i = 0; i < r->nsections; i++) {
		s = &r->sections[i];
		printf("    %-*s %-4s %s\n", w + 31, s->glob,
		    s->init_set ? region_init_name(s->init) : "-",
		    !s->cacheable_set ? "-" : s->cacheable ? "yes" : "no");
	}
}

static void
print_regions(const struct board *b)
{
	const struct region	*r;
	struct strbuf		 sb;
	char			 len[32];
	int			 w = name_width(b);
	size_t			 i;

	printf("  %-*s %-5s %-18s %-7s %-4s %-5s %s\n", w, "REGION", "KIND",
	    "ORIGIN", "LENGTH", "INIT", "CACHE", "DMA");
	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		sb_init(&sb);
		format_masters(&sb, b, r->dma);
		format_size(len, sizeof(len), r->length);
		printf("  %-*s %-5s 0x%08" PRIx64 "%*s %-7s %-4s %-5s %s%s\n",
		    w, r->name, region_kind_name(r->kind), r->origin,
		    r->origin > UINT32_MAX ? 0 : 8, "", len,
		    r->kind == REGION_RAM ? region_init_name(r->init) : "-",
		    r->cacheable ? "yes" : "no", sb.buf,
		    r->naliases ? " (+aliases)" : "");
		sb_free(&sb);
		print_section_rules(r, w);
	}
}

/* "key file:line", for the values a board took from the one it extends. */
static void
print_from(const char *key, const struct srcpos *pos, bool *first)
{
	if (pos->line == 0)
		return;
	printf("%s%s %s:%u", *first ? "" : ", ", key, pos->file, pos->line);
	*first = false;
}

/* Where each region's values came from, for a board with extends. */
static void
print_origins(const struct board *b)
{
	const struct region	*r;
	size_t			 i;
	bool			 first;

	printf("  values from:\n");
	for (i = 0; i < b->nregions; i++) {
		r = &b->regions[i];
		first = true;
		printf("    %s: ", r->name);
		print_from("name", &r->name_pos, &first);
		print_from("origin", &r->origin_pos, &first);
		print_from("length", &r->length_pos, &first);
		print_from("init", &r->init_pos, &first);
		print_from("dma", &r->dma_pos, &first);
		print_from("budget.warn", &r->budget.warn.pos, &first);
		print_from("budget.error", &r->budget.error.pos, &first);
		printf("\n");
	}
	for (i = 0; i < b->nwaivers; i++) {
		first = true;
		printf("    waiver %s: ", b->waivers[i].rule);
		print_from("at", &b->waivers[i].pos, &first);
		printf("\n");
	}
}

static void
print_summary(const struct board *b, bool verbose)
{
	const struct region	*ram = board_default_region(b, REGION_RAM);
	size_t			 i, nflash = 0;

	for (i = 0; i < b->nregions; i++)
		nflash += b->regions[i].kind == REGION_FLASH;
	printf("%s: ok: %s%s%s%s, %zu region%s (%zu flash, %zu ram), "
	    "%zu DMA master%s, default ram %s\n", b->path, b->id,
	    b->mcu ? " (" : "", b->mcu ? b->mcu : "", b->mcu ? ")" : "",
	    b->nregions, b->nregions == 1 ? "" : "s", nflash,
	    b->nregions - nflash, b->nmasters, b->nmasters == 1 ? "" : "s",
	    ram ? ram->name : "none");
	if (verbose)
		print_regions(b);
	if (verbose && b->extended)
		print_origins(b);
}

/* What gen would refuse (sections entries no generated section can
 * follow) makes the board invalid too. */
static int
gen_refuses(const struct board *b, struct diags *d)
{
	struct gen_plan	p;
	int		r;

	gen_plan_init(&p, b);
	r = gen_plan_check(&p, d);
	gen_plan_free(&p);
	return r;
}

static int
validate_one(const char *arg, bool quiet, bool verbose)
{
	struct diags	 d;
	struct board	*b = NULL;
	char		*path, *err = NULL;
	int		 ret;

	if ((path = board_resolve(arg, &err)) == NULL) {
		cmd_error("%s", err);
		free(err);
		return MEMFIT_EXIT_ERROR;
	}
	diags_init(&d);
	ret = board_load(&b, path, &d) < 0 || gen_refuses(b, &d) < 0 ?
	    MEMFIT_EXIT_ERROR : MEMFIT_EXIT_OK;
	diags_print(stderr, &d);
	if (ret == MEMFIT_EXIT_OK && !quiet)
		print_summary(b, verbose);
	board_free(b);
	diags_free(&d);
	free(path);
	return ret;
}

static int
cmd_validate(int argc, char **argv)
{
	struct validate_opts	o = { false, false };
	int			i, r, ret = MEMFIT_EXIT_OK;

	if ((r = cmd_options(&cmd_validate_entry, argc, argv, NULL, &o)) != 0)
		return r > 0 ? MEMFIT_EXIT_OK : MEMFIT_EXIT_ERROR;
	if (optind >= argc)
		return cmd_usage_error(&cmd_validate_entry, "no board given");
	for (i = optind; i < argc; i++) {
		r = validate_one(argv[i], o.quiet, o.verbose);
		if (r > ret)
			ret = r;
	}
	return ret;
}
