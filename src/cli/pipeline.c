/*
 * Loading for check, size and diff: board, ELF, map, layout, and the
 * object lookup the init-data rule uses.
 */
#include <sys/stat.h>

#include <errno.h>

#include <elf.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board_check.h"
#include "board_load.h"
#include "dwarf_lines.h"
#include "pipeline.h"
#include "units.h"
#include "util.h"

void
pipeline_free(struct pipeline *in)
{
	layout_free(&in->layout);
	rtable_free(&in->regions);
	objcache_free(in->objects);
	ldmap_free(in->map);
	image_free(in->image);
	board_free(in->board);
	free(in->board_path);
	free(in->map_dir);
	stack_result_free(in->stack);
	free(in->stack);
	stack_data_free(in->stack_data);
	free(in->stack_data);
}

static char	*object_path(const struct pipeline *, const char *);
static int	 stack_load(struct pipeline *, const char *, struct diags *);
static void	 linked_auto_stack(struct pipeline *, struct diags *);

/* A ram region that startup does not load (init zero or none). */
static bool
has_unloaded_ram(const struct board *b)
{
	size_t	i;

	for (i = 0; i < b->nregions; i++)
		if (b->regions[i].kind == REGION_RAM &&
		    b->regions[i].init != INIT_LOAD)
			return true;
	return false;
}

/* A map from another link would attribute the wrong objects. */
static void
warn_mismatch(const struct pipeline *in, const struct pipeline_opts *o,
    struct diags *d)
{
	char	*why = NULL;
	size_t	 n;

	if ((n = layout_mismatch(&in->layout, in->map, &why)) == 0)
		return;
	diag_warn(d, &(struct srcpos){ .file = o->map }, "does not match %s "
	    "(%zu section%s differ%s; first: %s); is it from another link?",
	    o->elf, n, n == 1 ? "" : "s", n == 1 ? "s" : "", why);
	free(why);
}

void
pipeline_rule_warnings(const struct pipeline *in, struct diags *d)
{
	struct srcpos	pos = { .file = in->elf_path };

	if (in->image == NULL)
		return;
	if (in->board != NULL && in->map == NULL && has_unloaded_ram(in->board))
		diag_warn(d, &pos, "no map: init-data-in-zero-region reads the "
		    "input objects the map names, so without --map it sees only "
		    "loaded sections");
	/* Rules then work from sections alone; the map has symbols too. */
	if (!in->image->has_symtab && in->map == NULL)
		diag_warn(d, &pos, "no symbol table (stripped?): DMA buffers are "
		    "recognised by section only and findings name no symbols; "
		    "give the map too");
}

/*
 * Objects rebuilt after the link (issue 14): the init rule read them as
 * they are now, so a fault the link holds may be gone from them, or one
 * found may not be in the firmware. Said once, after the rules ran.
 */
void
pipeline_object_warnings(const struct pipeline *in, const char *map,
    struct diags *d)
{
	char	*list;
	size_t	 n;

	if (in->objects == NULL || (n = objcache_newer(in->objects,
	    &list)) == 0)
		return;
	diag_warn(d, &(struct srcpos){ .file = map }, "%zu object%s newer "
	    "than the map: rebuilt since the link? (%s); what was checked in "
	    "%s may not be what was linked", n, n == 1 ? "" : "s", list,
	    n == 1 ? "it" : "them");
	free(list);
}

static int	lookup_object(const struct obj_section **, void *,
		    const struct map_object *, const char *, uint64_t, bool,
		    char **);

#define ASSUMED_NAMED	6	/* sections named in the note */

/*
 * Map only: say once which sections were taken to have a load image
 * without knowing it, since their flash usage rests on that guess.
 */
static void
note_assumed(const struct layout *l, const char *map, struct diags *d)
{
	struct strbuf	sb;
	size_t		i, n = 0;

	sb_init(&sb);
	for (i = 0; i < l->nsections; i++) {
		if (!l->sections[i].load_assumed)
			continue;
		if (n++ < ASSUMED_NAMED)
			sb_printf(&sb, "%s%s", n > 1 ? ", " : "",
			    l->sections[i].name);
	}
	if (n > ASSUMED_NAMED)
		sb_printf(&sb, " and %zu more", n - ASSUMED_NAMED);
	if (n > 0)
		diag_note(d, &(struct srcpos){ .file = map }, "without the ELF, "
		    "assumed that %s %s a load image in flash (inputs with "
		    "bytes, but the section may be NOLOAD); give the ELF, or say "
		    "what startup does to %s in the board's 'sections'", sb.buf,
		    n == 1 ? "has" : "have", n == 1 ? "it" : "them");
	sb_free(&sb);
}

int
pipeline_map_input(struct mapped_file *mf, const char *path, struct diags *d)
{
	char	*err = NULL;

	if (file_map(mf, path, &err) == 0)
		return 0;
	diag_error(d, &(struct srcpos){ .file = path }, "cannot open: %s",
	    err);
	free(err);
	return -1;
}

const char *
pipeline_input_kind(const struct mapped_file *mf)
{
	size_t	i;

	if (mf->len >= 4 && memcmp(mf->data, "\177ELF", 4) == 0)
		return "elf";
	for (i = 0; i < mf->len && strchr(" \t\r\n", mf->data[i]); i++)
		;
	return i < mf->len && mf->data[i] == '{' ? "json" : "map";
}

/*
 * The positional file is an ELF, or (without --map) a map: read it once,
 * since a pipe cannot be read twice, and say which in IN. Returns 1 when
 * MF was mapped (the caller unmaps it), 0 when nothing was to be read, -1.
 */
int
pipeline_positional(struct pipeline_opts *in, struct mapped_file *mf,
    struct diags *d)
{
	if (in->elf == NULL || in->map != NULL)
		return 0;
	if (pipeline_map_input(mf, in->elf, d) < 0)
		return -1;
	if (strcmp(pipeline_input_kind(mf), "elf") == 0)
		in->elf_data = mf;
	else {
		in->map = in->elf;
		in->elf = NULL;
		in->map_data = mf;
	}
	return 1;
}

/* One --budget threshold: "" keeps *t, else a size or a percent. */
static int
budget_threshold(struct threshold *t, const char *s, const char **why)
{
	struct threshold	v;

	memset(&v, 0, sizeof(v));
	if (*s == '\0')
		return 0;
	if (threshold_parse(&v, s, why) != 0)
		return -1;
	*t = v;
	return 0;
}

/* "REGION:WARN[:ERROR]" into the board; 0, or -1 with an error in D. */
static int
budget_one(struct board *b, const char *spec, struct diags *d)
{
	char		*copy = xstrdup(spec), *warn, *err;
	const char	*why = NULL;
	struct region	*r = NULL;
	size_t		 i;
	int		 bad = 1;

	warn = strchr(copy, ':');
	err = warn != NULL ? strchr(warn + 1, ':') : NULL;
	if (warn != NULL)
		*warn++ = '\0';
	if (err != NULL)
		*err++ = '\0';
	for (i = 0; i < b->nregions && r == NULL; i++)
		if (strcmp(b->regions[i].name, copy) == 0)
			r = &b->regions[i];
	if (warn == NULL || (err != NULL && strchr(err, ':') != NULL))
		why = "give REGION:WARN[:ERROR]";
	else if (r == NULL)
		why = "the board has no such region";
	else if (budget_threshold(&r->budget.warn, warn, &why) == 0 &&
	    (err == NULL || budget_threshold(&r->budget.error, err, &why) == 0))
		bad = 0;
	if (bad)
		diag_error(d, NULL, "--budget %s: %s", spec, why);
	else
		board_check_budget(b, r, d);
	free(copy);
	return -bad;
}

int
pipeline_budgets(struct pipeline *p, char *const *specs, size_t n,
    struct diags *d)
{
	size_t	i, nerr = d->nerrors;

	for (i = 0; i < n && p->board != NULL; i++)
		budget_one(p->board, specs[i], d);
	return d->nerrors > nerr ? -1 : 0;
}

int
pipeline_load(struct pipeline *in, const struct pipeline_opts *o,
    struct diags *d)
{
	struct stat	 st;
	char		*err = NULL, *copy;

	memset(in, 0, sizeof(*in));
	in->elf_path = o->elf;
	if (o->board != NULL &&
	    (in->board_path = board_resolve(o->board, &err)) == NULL) {
		diag_error(d, NULL, "%s", err);
		free(err);
		return -1;
	}
	if (in->board_path != NULL)
		board_load(&in->board, in->board_path, d);
	if (o->elf_data != NULL)
		image_load_buffer(&in->image, o->elf, o->elf_data->data,
		    o->elf_data->len, d);
	else if (o->elf != NULL)
		image_load(&in->image, o->elf, d);
	if (o->map_data != NULL)
		ldmap_parse_buffer(&in->map, o->map, o->map_data->data,
		    o->map_data->len, d);
	else if (o->map != NULL)
		ldmap_parse(&in->map, o->map, d);
	if (o->map != NULL) {
		copy = xstrdup(o->map);
		in->map_dir = xstrdup(dirname(copy));
		free(copy);
	}
	if (diags_has_errors(d))
		return -1;
	objcache_new(&in->objects);
	if (o->map != NULL && stat(o->map, &st) == 0)
		objcache_newer_than(in->objects, &st.st_mtim);
	in->objects_dir = o->objects;
	if (in->image != NULL)
		layout_from_image(&in->layout, in->image);
	else {
		layout_from_map(&in->layout, in->map, in->board, lookup_object,
		    in);
		note_assumed(&in->layout, o->map, d);
	}
	if (in->image != NULL && in->map != NULL)
		warn_mismatch(in, o, d);
	if (o->stack_usage != NULL)
		return stack_load(in, o->stack_usage, d);
	return 0;
}

/*
 * GCC's stack data of each object the map names (DIR first, then beside
 * the object; archive members by their name in DIR), or, without a map,
 * of every unit under DIR; then the analysis. Objects without data are
 * counted in one note: startup code and libraries often have none.
 */
static int
stack_load(struct pipeline *in, const char *dir, struct diags *d)
{
	const struct map_object	*obj;
	struct stack_data	*sd = xcalloc(1, sizeof(*sd));
	struct stat		 st;
	char			*path;
	size_t			 i;
	int			 ret = 0, r;

	in->stack_data = sd;
	/* Pointing nowhere would quietly leave every object without data. */
	if (stat(dir, &st) < 0) {
		diag_error(d, NULL, "--stack-usage %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, "--stack-usage %s: not a directory", dir);
		return -1;
	}
	for (i = 0; in->map != NULL && i < in->map->nobjects; i++) {
		obj = in->map->objects[i];
		if (strchr(obj->display, '.') == NULL)
			continue;	/* "linker stubs" and the like */
		path = obj->member ? xstrdup(obj->member) :
		    object_path(in, obj->path);
		if ((r = stack_data_find(sd, path, dir, d)) < 0)
			ret = -1;
		else if (r == 1 && sd->nmissing == 1) {
			free(sd->missing);	/* an archive member: say which */
			sd->missing = xstrdup(obj->display);
		}
		free(path);
	}
	if (in->map == NULL && stack_data_scan(sd, dir, d) < 0)
		ret = -1;
	if (ret < 0)
		return -1;
	if (sd->nunits == 0) {
		diag_warn(d, NULL, "--stack-usage %s: no .ci or .su file for "
		    "any object (compile with -fstack-usage "
		    "-fcallgraph-info=su)", dir);
		return 0;
	}
	if (sd->nmissing > 0)
		diag_note(d, NULL, "--stack-usage: %zu of %zu objects have no "
		    ".ci or .su file (the first: %s)", sd->nmissing,
		    sd->nmissing + sd->nunits, sd->missing);
	in->stack = xcalloc(1, sizeof(*in->stack));
	stack_analyze(in->stack, sd, in->image, in->board);
	linked_auto_stack(in, d);
	return 0;
}

/*
 * size: auto: the board has no figure; the stack is what gen reserved
 * and the link holds, the .memfit_stack section (in the ELF and the map).
 */
static void
linked_auto_stack(struct pipeline *in, struct diags *d)
{
	const struct lsection	*s;

	if (in->board == NULL || !in->board->stack_auto.set ||
	    in->stack->nroots == 0)
		return;
	if ((s = layout_named(&in->layout, ".memfit_stack", 0)) != NULL) {
		in->stack->roots[0].reserved = s->size;
		return;
	}
	diag_note(d, &in->board->stack_auto.pos, "the link has no "
	    ".memfit_stack section (not linked with memfit gen's scripts?): "
	    "the stack's size is unknown");
}

/*
 * ld prints object paths as it was given them, relative to the directory
 * it ran in: try --objects first, then the map's directory, then as is.
 */
static char *
object_path(const struct pipeline *in, const char *path)
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
    bool symbols, char **err)
{
	struct pipeline	*in = arg;
	char		*path = object_path(in, obj->path);
	int		 ret;

	ret = objcache_section(out, in->objects, path, obj->member, secname,
	    size, symbols, err);
	free(path);
	return ret;
}

/*
 * ADDR lies in an allocated section that holds no code: its unit is not
 * in .debug_aranges, which GCC fills from code ranges only.
 */
static bool
data_address(const struct image *img, uint64_t addr)
{
	const struct img_section	*s;
	size_t				 i;

	for (i = 1; i < img->nsections; i++) {
		s = &img->sections[i];
		if (s->alloc && addr >= s->vma && addr - s->vma < s->size)
			return (s->flags & SHF_EXECINSTR) == 0;
	}
	return false;
}

void
pipeline_source_lines(struct report *r, const struct pipeline *in,
    struct diags *d)
{
	struct srcloc_query	*q;
	size_t			 i, n = 0;

	if (in->image == NULL || !in->image->has_debug_info)
		return;
	q = xcalloc(r->nfindings ? r->nfindings : 1, sizeof(*q));
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].symbol == NULL ||
		    r->findings[i].file != NULL)
			continue;
		q[n].name = r->findings[i].symbol;
		q[n].addr = r->findings[i].address == REPORT_NONE ? 0 :
		    r->findings[i].address;
		q[n].object = r->findings[i].object;
		q[n].data = q[n].addr != 0 && data_address(in->image,
		    q[n].addr);
		n++;
	}
	if (n > 0)
		srcloc_resolve(in->elf_path, q, n, d);
	for (i = n = 0; i < r->nfindings; i++) {
		if (r->findings[i].symbol == NULL ||
		    r->findings[i].file != NULL)
			continue;
		if (q[n].file != NULL) {
			r->findings[i].file = q[n].file;
			r->findings[i].line = q[n].line;
		}
		n++;
	}
	free(q);
}

/* The first object of the map that is an LTO temporary, gone now. */
static const char *
ltrans_object(const struct ldmap *m)
{
	size_t	i;

	for (i = 0; m != NULL && i < m->nobjects; i++)
		if (m->objects[i]->member == NULL &&
		    units_is_ltrans(m->objects[i]->path) &&
		    access(m->objects[i]->path, F_OK) != 0)
			return m->objects[i]->path;
	return NULL;
}

struct units *
pipeline_units(const struct pipeline *p, struct diags *d)
{
	struct srcpos	 pos = { .file = p->map != NULL ? p->map->path : NULL };
	struct units	*u;
	const char	*lt;

	if ((lt = ltrans_object(p->map)) == NULL)
		return NULL;
	if (p->image != NULL && p->image->has_debug_info) {
		u = xcalloc(1, sizeof(*u));
		if (units_from_elf(u, p->elf_path, d) == 0 && u->n > 0)
			return u;
		units_free(u);
		free(u);
	}
	diag_note(d, &pos, "objects are LTO temporaries (%s): without the "
	    "ELF's DWARF (-g) their bytes cannot be charged to compile units",
	    lt);
	return NULL;
}

void
pipeline_analysis(struct analysis *a, struct pipeline *p)
{
	memset(a, 0, sizeof(*a));
	a->board = p->board;
	a->image = p->image;
	a->map = p->map;
	a->layout = &p->layout;
	a->lookup = lookup_object;
	a->lookup_arg = p;
	a->stack = p->stack;
	rtable_free(&p->regions);
	analysis_regions(&p->regions, a);
	a->regions = &p->regions;
}

void
pipeline_report_head(struct report *r, const struct pipeline *p,
    const struct pipeline_opts *o)
{
	r->board = p->board ? xstrdup(p->board->id) : NULL;
	r->elf = o->elf ? xstrdup(o->elf) : NULL;
	r->map = o->map ? xstrdup(o->map) : NULL;
}
