/*
 * Size breakdowns per region: by archive, by object file, by symbol. Each
 * input section the map lists is charged to the region of its address
 * (and of its load image); fill, data statements and space the linker made
 * without an input (a stack reserved with ". += N") get rows of their own,
 * so the archives and objects of a region add up to its sections total.
 * Pure.
 */
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "demangle.h"
#include "rtable.h"
#include "symindex.h"
#include "units.h"
#include "util.h"

#define ROW_NOARCHIVE	"(none)"

/* Rows keyed by name, one table per region and kind; linear probing. */
struct rows {
	struct rep_item	*items;
	size_t		 n;
	size_t		 cap;
	size_t		*slots;		/* index + 1; 0 = empty */
	size_t		 nslots;
};

static void
rows_rehash(struct rows *t)
{
	size_t	i, h, nslots = t->nslots ? t->nslots * 2 : 64;

	free(t->slots);
	t->slots = xcalloc(nslots, sizeof(*t->slots));
	t->nslots = nslots;
	for (i = 0; i < t->n; i++) {
		h = hash_fnv1a64(t->items[i].name, strlen(t->items[i].name)) &
		    (nslots - 1);
		while (t->slots[h] != 0)
			h = (h + 1) & (nslots - 1);
		t->slots[h] = i + 1;
	}
}

/* The row named NAME, or NULL; *SLOT is where a new one would go. */
static struct rep_item *
rows_find(const struct rows *t, const char *name, size_t *slot)
{
	struct rep_item	*it;
	size_t		 h;

	if (t->nslots == 0)
		return NULL;
	h = hash_fnv1a64(name, strlen(name)) & (t->nslots - 1);
	for (; t->slots[h] != 0; h = (h + 1) & (t->nslots - 1)) {
		it = &t->items[t->slots[h] - 1];
		if (strcmp(it->name, name) == 0)
			return it;
	}
	if (slot != NULL)
		*slot = h;
	return NULL;
}

static void
rows_add(struct rows *t, const char *name, const char *archive,
    uint64_t size)
{
	struct rep_item	*it;
	size_t		 h;

	if (t->n * 2 >= t->nslots)
		rows_rehash(t);
	if ((it = rows_find(t, name, &h)) != NULL) {
		it->size += size;
		return;
	}
	it = ARRAY_PUSH(t->items, t->n, t->cap);
	memset(it, 0, sizeof(*it));
	it->name = xstrdup(name);
	it->archive = archive ? xstrdup(archive) : NULL;
	it->address = REPORT_NONE;
	it->size = size;
	t->slots[h] = t->n;
}

static void
rows_free(struct rows *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++) {
		free(t->items[i].name);
		free(t->items[i].archive);
	}
	free(t->items);
	free(t->slots);
}

/* Archive and object rows are keyed by name, so a name says the kind. */
static void
rows_done(struct rep_region *rr, enum breakdown k, struct rows *t)
{
	size_t	i;

	for (i = 0; k != BD_SYMBOLS && i < t->n; i++)
		t->items[i].synthetic = item_name_synthetic(t->items[i].name);
	free(t->slots);
	rr->items[k] = t->items;
	rr->nitems[k] = t->n;
	rr->has_items[k] = true;
}

/*
 * The report's section NAME at ADDR (as usage charged it), and in *REGION
 * the index of its region; NULL when no region holds it.
 */
static struct rep_section *
charged_section(const struct report *r, const char *name, uint64_t addr,
    bool load_image, int *region)
{
	struct rep_region	*rr;
	size_t			 i, j;

	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		for (j = 0; j < rr->nsections; j++)
			if (rr->sections[j].address == addr &&
			    rr->sections[j].load_image == load_image &&
			    strcmp(rr->sections[j].name, name) == 0) {
				*region = (int)i;
				return &rr->sections[j];
			}
	}
	*region = -1;
	return NULL;
}

struct bd_ctx {
	struct report		*r;
	struct rows		*rows;		/* [region][kind] */
	unsigned		 mask;		/* 1 << enum breakdown */
	const struct units	*units;		/* NULL unless LTO */
	struct rows		 bases;		/* archive file name: paths */
	struct rows		*parts;		/* the output section's inputs
						   being charged, or NULL */
};

/* The file name of PATH, after its last '/' or '\\'. */
static const char *
base_name(const char *path)
{
	const char	*p, *base = path;

	for (p = path; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/*
 * How many distinct archive paths of the map share each file name, so
 * that an archive row is named as idf.py size names it ("libc_nano.a")
 * unless two archives of one link have the same name.
 */
static void
archive_bases(struct rows *bases, const struct ldmap *m)
{
	struct rows	paths;
	size_t		i;

	memset(&paths, 0, sizeof(paths));
	memset(bases, 0, sizeof(*bases));
	for (i = 0; m != NULL && i < m->nobjects; i++) {
		if (m->objects[i]->member == NULL ||
		    rows_find(&paths, m->objects[i]->path, NULL) != NULL)
			continue;
		rows_add(&paths, m->objects[i]->path, NULL, 0);
		rows_add(bases, base_name(m->objects[i]->path), NULL, 1);
	}
	rows_free(&paths);
}

static const char *
archive_label(const struct bd_ctx *c, const char *path)
{
	const struct rep_item	*it;

	it = rows_find(&c->bases, base_name(path), NULL);
	return it != NULL && it->size == 1 ? base_name(path) : path;
}

static struct rows *
rows_of(struct bd_ctx *c, int region, enum breakdown k)
{
	return &c->rows[(size_t)region * BD_COUNT + k];
}

/*
 * SIZE bytes of OBJECT (of archive path ARCHIVE, or NULL) in the objects
 * table and, when asked for, in the section's PARTS under the archives
 * table's name for it, LABEL.
 */
static void
charge_object(struct bd_ctx *c, int region, const char *object,
    const char *archive, const char *label, uint64_t size)
{
	if (c->mask & (1U << BD_OBJECTS))
		rows_add(rows_of(c, region, BD_OBJECTS), object, archive, size);
	if (c->parts != NULL)
		rows_add(c->parts, object, label, size);
}

/*
 * An LTO temporary's bytes [START, START + SIZE) as objects: to the
 * compile units whose functions and variables lie there, the rest to
 * *ltrans* (the temporary's own name changes with every link).
 */
static void
charge_units(struct bd_ctx *c, int region, const char *label,
    uint64_t start, uint64_t size)
{
	const struct units	*u = c->units;
	const struct unit_range	*ur;
	uint64_t		 end = start + size, lo, hi;

	ur = units_at(u, start);
	for (; ur != NULL && ur < u->ranges + u->n && ur->lo < end; ur++) {
		lo = ur->lo > start ? ur->lo : start;
		hi = ur->hi < end ? ur->hi : end;
		charge_object(c, region, u->names[ur->unit], NULL, label,
		    hi - lo);
		size -= hi - lo;
	}
	if (size > 0)
		charge_object(c, region, ITEM_LTRANS, NULL, label, size);
}

static void
charge_input(struct bd_ctx *c, int region, const struct map_input *in,
    uint64_t start, uint64_t size)
{
	const char	*archive, *object, *label;
	bool		 member = in->object != NULL && in->object->member;

	if (in->kind == MAP_IN_FILL)
		archive = object = ITEM_FILL;
	else if (in->kind == MAP_IN_DATA)
		archive = object = ITEM_DATA;
	else if (in->object == NULL)
		archive = object = ITEM_LINKER;
	else {
		object = in->object->display;
		archive = member ? in->object->path : ROW_NOARCHIVE;
	}
	label = member ? archive_label(c, archive) : archive;
	if (c->mask & (1U << BD_ARCHIVES))
		rows_add(rows_of(c, region, BD_ARCHIVES), label, NULL, size);
	if (c->units != NULL && in->object != NULL && !member &&
	    units_is_ltrans(in->object->path))
		charge_units(c, region, label, start, size);
	else
		charge_object(c, region, object, member ? archive : NULL,
		    label, size);
}

static void
charge_rest(struct bd_ctx *c, int region, uint64_t size)
{
	if (c->mask & (1U << BD_ARCHIVES))
		rows_add(rows_of(c, region, BD_ARCHIVES), ITEM_LINKER, NULL,
		    size);
	charge_object(c, region, ITEM_LINKER, NULL, ITEM_LINKER, size);
}

/*
 * The bytes of input I that are its own. Merged string sections
 * (SHF_MERGE|SHF_STRINGS, ".rodata.str1.1") are listed at their size
 * before merging: the next input starts before this one ends, or several
 * start at one address. Charge only up to where a later input starts, the
 * output section ends, or what was charged already (*COVERED) ends, so
 * the rows add up to the section.
 */
static uint64_t
input_share(const struct ldmap *m, const struct map_output *o, size_t i,
    uint64_t *covered, uint64_t *startp)
{
	const struct map_input	*in = &m->inputs[o->first_input + i];
	uint64_t		 start, end = in->addr + in->size;
	size_t			 j;

	*startp = in->addr;
	if (in->size == 0)
		return 0;
	for (j = i + 1; j < o->ninputs; j++)
		if (m->inputs[o->first_input + j].addr > in->addr) {
			if (m->inputs[o->first_input + j].addr < end)
				end = m->inputs[o->first_input + j].addr;
			break;
		}
	if (o->vma + o->size < end)
		end = o->vma + o->size;
	start = in->addr > *covered ? in->addr : *covered;
	*startp = start;
	if (end <= start)
		return 0;
	*covered = end;
	return end - start;
}

/* Every byte of output section O, as in region REGION. */
static void
charge_inputs(struct bd_ctx *c, const struct ldmap *m,
    const struct map_output *o, int region)
{
	uint64_t	sum, covered, share, start;
	size_t		i;

	for (i = sum = 0, covered = o->vma; i < o->ninputs; i++) {
		share = input_share(m, o, i, &covered, &start);
		charge_input(c, region, &m->inputs[o->first_input + i], start,
		    share);
		sum += share;
	}
	if (o->size > sum)
		charge_rest(c, region, o->size - sum);
}

/* A copy of PARTS' rows for section S, each marked as its name says. */
static void
parts_give(struct rep_section *s, const struct rows *parts)
{
	size_t	i;

	if (s == NULL)
		return;
	s->inputs = xcalloc(parts->n + 1, sizeof(*s->inputs));
	s->ninputs = parts->n;
	for (i = 0; i < parts->n; i++) {
		s->inputs[i].name = xstrdup(parts->items[i].name);
		s->inputs[i].archive = xstrdup(parts->items[i].archive);
		s->inputs[i].address = REPORT_NONE;
		s->inputs[i].size = parts->items[i].size;
		s->inputs[i].synthetic =
		    item_name_synthetic(parts->items[i].name);
	}
}

static void
charge_output(struct bd_ctx *c, const struct ldmap *m,
    const struct map_output *o, const struct layout *l)
{
	const struct lsection	*ls = NULL;
	struct rep_section	*sec[2] = { NULL, NULL };
	struct rows		 parts;
	size_t			 i;
	int			 reg[2] = { -1, -1 }, k;

	for (i = 0; i < l->nsections && ls == NULL; i++)
		if (l->sections[i].vma == o->vma &&
		    strcmp(l->sections[i].name, o->name) == 0)
			ls = &l->sections[i];
	if (ls == NULL || o->size == 0)
		return;
	sec[0] = charged_section(c->r, o->name, ls->vma, false, &reg[0]);
	if (ls->load && ls->lma != ls->vma)
		sec[1] = charged_section(c->r, o->name, ls->lma, true, &reg[1]);
	memset(&parts, 0, sizeof(parts));
	for (k = 0; k < 2; k++) {
		/* The load image holds the same inputs: their parts once. */
		c->parts = (c->mask & BD_SECTION_INPUTS) &&
		    (k == 0 || reg[0] < 0) ? &parts : NULL;
		if (reg[k] >= 0)
			charge_inputs(c, m, o, reg[k]);
	}
	c->parts = NULL;
	for (k = 0; k < 2 && (c->mask & BD_SECTION_INPUTS); k++)
		parts_give(sec[k], &parts);
	rows_free(&parts);
}

static void
add_symbols(struct bd_ctx *c, const struct symindex *si,
    const struct rtable *regions)
{
	const struct dsym	*s;
	struct rep_item		*it;
	struct rows		*t;
	uint64_t		 wo;
	size_t			 i;
	int			 ri;

	for (i = 0; i < si->n; i++) {
		s = &si->syms[i];
		if (s->size == 0 ||
		    (ri = rtable_find(regions, s->addr, true, &wo, NULL)) < 0)
			continue;
		t = rows_of(c, ri, BD_SYMBOLS);
		it = ARRAY_PUSH(t->items, t->n, t->cap);
		memset(it, 0, sizeof(*it));
		it->name = demangle(s->name);
		it->object = s->object ? xstrdup(s->object->display) : NULL;
		it->archive = s->object && s->object->member ?
		    xstrdup(s->object->path) : NULL;
		it->address = s->addr;
		it->size = s->size;
	}
}

void
analyze_breakdowns(struct report *r, const struct analysis *a, unsigned mask)
{
	analyze_breakdowns_units(r, a, mask, NULL);
}

void
analyze_breakdowns_units(struct report *r, const struct analysis *a,
    unsigned mask, const struct units *units)
{
	struct symindex		si;
	struct bd_ctx		c = { .r = r, .mask = mask, .units = units };
	size_t			i, k;

	c.rows = xcalloc(r->nregions * BD_COUNT + 1, sizeof(*c.rows));
	archive_bases(&c.bases, a->map);
	/* Functions are rows of the symbol breakdown too. */
	symindex_build(&si, a, true);
	for (i = 0; a->map != NULL && i < a->map->noutputs &&
	    (mask & ((1U << BD_ARCHIVES) | (1U << BD_OBJECTS) |
	    BD_SECTION_INPUTS)); i++)
		charge_output(&c, a->map, &a->map->outputs[i], a->layout);
	if (mask & (1U << BD_SYMBOLS))
		add_symbols(&c, &si, a->regions);
	for (i = 0; i < r->nregions; i++)
		for (k = 0; k < BD_COUNT; k++)
			if (mask & (1U << k))
				rows_done(&r->regions[i], (enum breakdown)k,
				    rows_of(&c, (int)i, (enum breakdown)k));
	free(c.rows);
	rows_free(&c.bases);
	symindex_free(&si);
}

static enum breakdown_sort	sort_key;

/* Synthetic rows after the archives and objects, never ranked with them. */
static int
item_cmp(const void *va, const void *vb)
{
	const struct rep_item	*a = va, *b = vb;

	if (a->synthetic != b->synthetic)
		return a->synthetic ? 1 : -1;
	if (sort_key == SORT_SIZE && a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (sort_key == SORT_ADDRESS && a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* One region's row of an archive, to group the rows by name. */
struct cross_in {
	const struct rep_item	*it;
	size_t			 region;
};

static int
cross_in_cmp(const void *va, const void *vb)
{
	const struct cross_in	*a = va, *b = vb;

	return strcmp(a->it->name, b->it->name);
}

static struct rep_cross_row *
cross_row(struct rep_cross *x, const struct rep_item *it, size_t nregions)
{
	struct rep_cross_row	*row = ARRAY_PUSH(x->rows, x->n, x->cap);

	memset(row, 0, sizeof(*row));
	row->name = xstrdup(it->name);
	row->synthetic = it->synthetic;
	row->size = xcalloc(nregions + 1, sizeof(*row->size));
	return row;
}

/* The archive rows FILTER matches in every region, grouped by name. */
static void
cross_build(struct rep_cross *x, const struct report *r, const char *filter)
{
	const struct rep_item	*it;
	struct rep_cross_row	*row = NULL;
	struct cross_in		*v = NULL;
	size_t			 n = 0, cap = 0, i, j;

	x->sums = xcalloc(r->nregions + 1, sizeof(*x->sums));
	for (i = 0; i < r->nregions; i++)
		for (j = 0; j < r->regions[i].nitems[BD_ARCHIVES]; j++) {
			it = &r->regions[i].items[BD_ARCHIVES][j];
			if (filter != NULL && !glob_match(filter, it->name))
				continue;
			*ARRAY_PUSH(v, n, cap) = (struct cross_in){ it, i };
			x->sums[i] += it->size;
			x->total += it->size;
		}
	xqsort(v, n, sizeof(*v), cross_in_cmp);
	for (i = 0; i < n; i++) {
		if (row == NULL || strcmp(row->name, v[i].it->name) != 0)
			row = cross_row(x, v[i].it, r->nregions);
		row->size[v[i].region] += v[i].it->size;
		row->total += v[i].it->size;
	}
	free(v);
}

/* As item_cmp, by the total over all regions. */
static int
cross_cmp(const void *va, const void *vb)
{
	const struct rep_cross_row	*a = va, *b = vb;

	if (a->synthetic != b->synthetic)
		return a->synthetic ? 1 : -1;
	if (sort_key == SORT_SIZE && a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void
cross_select(struct report *r, size_t top, const char *filter)
{
	struct rep_cross	*x = xcalloc(1, sizeof(*x));
	size_t			 i;

	cross_build(x, r, filter);
	xqsort(x->rows, x->n, sizeof(*x->rows), cross_cmp);
	for (i = top; top > 0 && i < x->n; i++) {
		free(x->rows[i].name);
		free(x->rows[i].size);
	}
	if (top > 0 && x->n > top)
		x->n = top;
	r->archives = x;
}

void
breakdown_select(struct report *r, enum breakdown_sort sort, size_t top,
    const char *filter)
{
	struct rep_region	*rr;
	size_t			 i, k, j, n;

	sort_key = sort;
	for (i = 0; i < r->nregions; i++)
		if (r->regions[i].has_items[BD_ARCHIVES]) {
			cross_select(r, top, filter);
			break;
		}
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		for (k = 0; k < BD_COUNT; k++) {
			for (j = n = 0; j < rr->nitems[k]; j++) {
				if (filter != NULL &&
				    !glob_match(filter, rr->items[k][j].name)) {
					free(rr->items[k][j].name);
					free(rr->items[k][j].archive);
					free(rr->items[k][j].object);
					continue;
				}
				rr->items[k][n++] = rr->items[k][j];
			}
			rr->nitems[k] = n;
			xqsort(rr->items[k], n, sizeof(*rr->items[k]), item_cmp);
			for (j = top; top > 0 && j < rr->nitems[k]; j++) {
				free(rr->items[k][j].name);
				free(rr->items[k][j].archive);
				free(rr->items[k][j].object);
			}
			if (top > 0 && rr->nitems[k] > top)
				rr->nitems[k] = top;
		}
	}
}
