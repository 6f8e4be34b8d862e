/*
 * The terminal table of memfit size, in the manner of ESP-IDF's idf.py
 * size: one row per region, most used first, its output sections indented
 * under it, then a padding row where ld's count exceeds the sections (the
 * alignment gaps it also counts). Widths are measured before anything is
 * printed, so rows never wrap and names are never cut.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* A row of the table's ncols cells (owned; NULL prints empty). */
struct trow {
	char	**cell;
	int	  level;	/* 0 region, 1 section */
	bool	  rule_above;	/* a new group: synthetic rows, totals */
	enum region_status status;
};

/* Any number of columns (table_init), then rows, then table_print. */
struct table {
	const char		 *title;
	const char		**head;		/* ncols names, array owned */
	int			  ncols;
	struct trow		 *rows;
	size_t			  n;
	size_t			  cap;
	size_t			 *width;	/* measured by table_print */
};

/* Box pieces: [0] ASCII, [1] Unicode; heavy for the head, light below. */
static const char *const box[2][11] = {
	{ "+", "-", "+", "+", "|", "+", "-", "+", "+", "|", "+" },
	{ "┏", "━", "┳", "┓", "┃", "┡", "━", "╇", "┩", "│", "└" },
};
static const char *const box_bottom[2][3] = {
	{ "-", "+", "+" },
	{ "─", "┴", "┘" },
};
static const char *const box_mid[2][4] = {
	{ "+", "-", "+", "+" },
	{ "├", "─", "┼", "┤" },
};

static size_t
display_width(const char *s)
{
	size_t	n = 0;

	/* UTF-8 continuation bytes take no column. */
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static struct trow *
table_row(struct table *t, int level, enum region_status st)
{
	struct trow	*r = ARRAY_PUSH(t->rows, t->n, t->cap);

	memset(r, 0, sizeof(*r));
	r->cell = xcalloc((size_t)t->ncols, sizeof(*r->cell));
	r->level = level;
	r->status = st;
	return r;
}

static void
table_init(struct table *t, const char *title, const char *const *head,
    int ncols)
{
	memset(t, 0, sizeof(*t));
	t->title = title;
	t->ncols = ncols;
	t->head = xcalloc((size_t)ncols, sizeof(*t->head));
	memcpy(t->head, head, (size_t)ncols * sizeof(*t->head));
}

/* Leave out column C, e.g. what needs a length no region has. */
static void
table_drop_column(struct table *t, int c)
{
	size_t	i, n = (size_t)(t->ncols - c - 1);

	memmove(&t->head[c], &t->head[c + 1], n * sizeof(*t->head));
	for (i = 0; i < t->n; i++) {
		free(t->rows[i].cell[c]);
		memmove(&t->rows[i].cell[c], &t->rows[i].cell[c + 1],
		    n * sizeof(*t->rows[i].cell));
	}
	t->ncols--;
}

static char *
fmt_u64(uint64_t v)
{
	return xasprintf("%" PRIu64, v);
}

/* "-" for a share of no length, or of a length that is unknown. */
static char *
fmt_pct(uint64_t part, uint64_t whole)
{
	uint64_t	h;

	if (whole == REPORT_NONE)
		return xstrdup("-");
	if (whole == 0)
		return xstrdup(part ? "-" : "0.00");
	h = usage_hundredths(part, whole);
	return xasprintf("%" PRIu64 ".%02" PRIu64, h / 100, h % 100);
}

static void
table_free(struct table *t)
{
	size_t	i;
	int	c;

	for (i = 0; i < t->n; i++) {
		for (c = 0; c < t->ncols; c++)
			free(t->rows[i].cell[c]);
		free(t->rows[i].cell);
	}
	free(t->rows);
	free(t->head);
	free(t->width);
}

static void
rule_line(struct strbuf *sb, const struct table *t, const char *left,
    const char *fill, const char *mid, const char *right)
{
	size_t	i;
	int	c;

	sb_puts(sb, left);
	for (c = 0; c < t->ncols; c++) {
		for (i = 0; i < t->width[c] + 2; i++)
			sb_puts(sb, fill);
		sb_puts(sb, c + 1 < t->ncols ? mid : right);
	}
	sb_putc(sb, '\n');
}

static const char *
status_color(enum region_status st)
{
	switch (st) {
	case STATUS_WARNING:
		return "\033[33m";
	case STATUS_OVER_BUDGET:
	case STATUS_OVERFLOW:
		return "\033[31m";
	default:
		return NULL;
	}
}

/* Text left-aligned in the first column, numbers right-aligned. */
static void
cell_line(struct strbuf *sb, const struct table *t, const char *const *cell,
    const char *bar, const char *color)
{
	const char	*s;
	size_t		 pad;
	int		 c;

	sb_puts(sb, bar);
	for (c = 0; c < t->ncols; c++) {
		s = cell[c] ? cell[c] : "";
		pad = t->width[c] - display_width(s);
		sb_putc(sb, ' ');
		if (color != NULL)
			sb_puts(sb, color);
		if (c > 0)
			sb_printf(sb, "%*s%s", (int)pad, "", s);
		else
			sb_printf(sb, "%s%*s", s, (int)pad, "");
		if (color != NULL)
			sb_puts(sb, "\033[0m");
		sb_printf(sb, " %s", bar);
	}
	sb_putc(sb, '\n');
}

/* Names from the inputs may hold anything: never a raw control byte. */
static void
escape_cells(struct table *t)
{
	char	*e;
	size_t	 i;
	int	 c;

	for (i = 0; i < t->n; i++)
		for (c = 0; c < t->ncols; c++)
			if (t->rows[i].cell[c] != NULL && (e =
			    str_escape_controls(t->rows[i].cell[c])) != NULL) {
				free(t->rows[i].cell[c]);
				t->rows[i].cell[c] = e;
			}
}

static void
table_print(struct strbuf *sb, struct table *t, const struct render_opts *o)
{
	int	u = o->unicode ? 1 : 0, c;
	size_t	i, total = 1;

	escape_cells(t);
	t->width = xcalloc((size_t)t->ncols, sizeof(*t->width));
	for (c = 0; c < t->ncols; c++) {
		t->width[c] = display_width(t->head[c]);
		for (i = 0; i < t->n; i++)
			if (t->rows[i].cell[c] != NULL &&
			    display_width(t->rows[i].cell[c]) > t->width[c])
				t->width[c] = display_width(t->rows[i].cell[c]);
		total += t->width[c] + 3;
	}
	if (total > display_width(t->title))
		sb_printf(sb, "%*s%s\n", (int)((total -
		    display_width(t->title)) / 2), "", t->title);
	else
		sb_printf(sb, "%s\n", t->title);
	rule_line(sb, t, box[u][0], box[u][1], box[u][2], box[u][3]);
	cell_line(sb, t, (const char *const *)t->head, box[u][4], NULL);
	rule_line(sb, t, box[u][5], box[u][6], box[u][7], box[u][8]);
	for (i = 0; i < t->n; i++) {
		if (t->rows[i].rule_above)
			rule_line(sb, t, box_mid[u][0], box_mid[u][1],
			    box_mid[u][2], box_mid[u][3]);
		cell_line(sb, t, (const char *const *)t->rows[i].cell,
		    box[u][9], o->color ? status_color(t->rows[i].status) :
		    NULL);
	}
	rule_line(sb, t, box[u][10], box_bottom[u][0], box_bottom[u][1],
	    box_bottom[u][2]);
}

static void
region_rows(struct table *t, const struct rep_region *rr,
    const struct render_opts *o)
{
	const struct rep_section	*s;
	struct trow			*row;
	size_t				 i;

	row = table_row(t, 0, rr->status);
	/* The table has no status column: say it by the name, not by colour
	 * alone (a log or a colour-blind reader sees no colour). */
	row->cell[0] = rr->status == STATUS_OK ? xstrdup(rr->name) :
	    xasprintf("%s [%s]", rr->name, region_status_name(rr->status));
	row->cell[1] = fmt_u64(rr->used);
	row->cell[2] = fmt_pct(rr->used, rr->length);
	/* As in every format: nothing remains when the region overflows. */
	row->cell[3] = !region_sized(rr) ? xstrdup("-") :
	    fmt_u64(rr->used <= rr->length ? rr->length - rr->used : 0);
	row->cell[4] = region_sized(rr) ? fmt_u64(rr->length) : xstrdup("-");
	for (i = 0; o->sections && i < rr->nsections; i++) {
		s = &rr->sections[i];
		row = table_row(t, 1, STATUS_OK);
		row->cell[0] = xasprintf("   %s%s", s->name, s->load_image ?
		    " (load image)" : "");
		row->cell[1] = fmt_u64(s->size);
		row->cell[2] = fmt_pct(s->size, rr->length);
	}
	if (o->sections && rr->padding > 0) {
		row = table_row(t, 1, STATUS_OK);
		row->cell[0] = xstrdup("   (alignment and gaps)");
		row->cell[1] = fmt_u64(rr->padding);
		row->cell[2] = fmt_pct(rr->padding, rr->length);
	}
}

static int
region_order(const void *va, const void *vb)
{
	const struct rep_region	*a = *(const struct rep_region *const *)va;
	const struct rep_region	*b = *(const struct rep_region *const *)vb;

	if (a->used != b->used)
		return a->used > b->used ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void
breakdown_table(struct strbuf *sb, const struct rep_region *rr,
    enum breakdown k, const struct render_opts *o)
{
	static const char *const head[][5] = {
		{ "Archive", "Size [bytes]", "Used [%]" },
		{ "Object file", "Size [bytes]", "Used [%]" },
		{ "Symbol", "Size [bytes]", "Used [%]", "Address",
		    "Object file" },
	};
	const struct rep_item	*it;
	struct table		 t;
	struct trow		*row;
	char			*title;
	size_t			 i;

	title = xasprintf("%s in %s", breakdown_name(k), rr->name);
	title[0] = (char)(title[0] - 'a' + 'A');
	table_init(&t, title, head[k], k == BD_SYMBOLS ? 5 : 3);
	for (i = 0; i < rr->nitems[k]; i++) {
		it = &rr->items[k][i];
		row = table_row(&t, 0, STATUS_OK);
		row->cell[0] = xstrdup(it->name);
		row->cell[1] = fmt_u64(it->size);
		row->cell[2] = fmt_pct(it->size, rr->length);
		if (k != BD_SYMBOLS)
			continue;
		row->cell[3] = xasprintf("0x%08" PRIx64, it->address);
		row->cell[4] = xstrdup(it->object ? it->object : "");
	}
	if (!region_sized(rr))
		table_drop_column(&t, 2);
	sb_putc(sb, '\n');
	table_print(sb, &t, o);
	table_free(&t);
	free(title);
}

/* A row per archive, then the sums; a rule above each new kind of row. */
static void
cross_rows(struct table *t, const struct rep_cross *x,
    const struct report *r, const struct rep_region *const *order)
{
	struct trow	*row;
	size_t		 i, j, c;

	for (i = 0; i <= x->n; i++) {
		row = table_row(t, 0, STATUS_OK);
		row->rule_above = i > 0 && (i == x->n ||
		    (x->rows[i].synthetic && !x->rows[i - 1].synthetic));
		row->cell[0] = xstrdup(i < x->n ? x->rows[i].name : "Total");
		for (j = 0; j < r->nregions; j++) {
			c = (size_t)(order[j] - r->regions);
			row->cell[j + 1] = fmt_u64(i < x->n ?
			    x->rows[i].size[c] : x->sums[c]);
		}
		row->cell[j + 1] = fmt_u64(i < x->n ? x->rows[i].total :
		    x->total);
	}
}

/*
 * The archives across regions (as idf.py size --archives): a column per
 * region in the summary's order, then the total; the synthetic rows and
 * the sums each below a rule of their own.
 */
static void
cross_table(struct strbuf *sb, const struct rep_cross *x,
    const struct report *r, const struct rep_region *const *order,
    const struct render_opts *o)
{
	const char	**head = xcalloc(r->nregions + 2, sizeof(*head));
	char		**esc = xcalloc(r->nregions + 1, sizeof(*esc));
	struct table	  t;
	size_t		  j;

	/* Region names head columns here: escaped, as cells are. */
	head[0] = "Archive";
	for (j = 0; j < r->nregions; j++) {
		esc[j] = str_escape_controls(order[j]->name);
		head[j + 1] = esc[j] != NULL ? esc[j] : order[j]->name;
	}
	head[r->nregions + 1] = "Total";
	table_init(&t, "Archives in all regions", head, (int)r->nregions + 2);
	cross_rows(&t, x, r, order);
	sb_putc(sb, '\n');
	table_print(sb, &t, o);
	table_free(&t);
	for (j = 0; j < r->nregions; j++)
		free(esc[j]);
	free(esc);
	free(head);
}

static bool
any_sized(const struct report *r)
{
	size_t	i;

	for (i = 0; i < r->nregions; i++)
		if (region_sized(&r->regions[i]))
			return true;
	return false;
}

static void
memtype_rows(struct table *t, const struct rep_memtype *m)
{
	struct trow	*row;
	uint64_t	 whole = m->total == REPORT_NONE ? 0 : m->total;
	size_t		 i;

	row = table_row(t, 0, STATUS_OK);
	row->cell[0] = xstrdup(m->name);
	row->cell[1] = fmt_u64(m->used);
	if (whole > 0) {
		row->cell[2] = fmt_pct(m->used, whole);
		row->cell[3] = fmt_u64(m->used <= whole ? whole - m->used : 0);
		row->cell[4] = fmt_u64(whole);
	}
	for (i = 0; i < m->nsections; i++) {
		row = table_row(t, 1, STATUS_OK);
		row->cell[0] = xasprintf("   %s", m->sections[i].name);
		row->cell[1] = fmt_u64(m->sections[i].size);
		if (whole > 0)
			row->cell[2] = fmt_pct(m->sections[i].size, whole);
	}
}

/* "DRAM: 11316 here, dram0_0_seg 11320 as ld counts it: + gaps 4". */
static void
memtype_difference(struct strbuf *sb, const struct rep_memtype *m)
{
	size_t	i;

	sb_printf(sb, "  %s: %" PRIu64 " here, %s %" PRIu64 " as ld counts "
	    "%s", m->name, m->used, m->regions, m->ld_used,
	    strchr(m->regions, ',') ? "them" : "it");
	if (m->ld_used == m->used && m->nextra + m->nelsewhere == 0) {
		sb_puts(sb, ": the same\n");
		return;
	}
	sb_putc(sb, ':');
	for (i = 0; i < m->nextra; i++)
		if (m->extra[i].size > 0)
			sb_printf(sb, "\n    + %s%s %" PRIu64 " (in the "
			    "region%s, not counted here)", m->extra[i].name,
			    m->extra[i].load_image ? " (load image)" : "",
			    m->extra[i].size, strchr(m->regions, ',') ? "s" :
			    "");
	for (i = 0; i < m->nelsewhere; i++)
		sb_printf(sb, "\n    - %s %" PRIu64 " (counted here, in "
		    "another region)", m->elsewhere[i].name,
		    m->elsewhere[i].size);
	if (m->gaps > 0)
		sb_printf(sb, "\n    + %" PRIu64 " alignment and gaps",
		    m->gaps);
	sb_putc(sb, '\n');
}

/*
 * The board's memory types (ESP-IDF's idf.py size figures), then how each
 * differs from ld's count of its regions.
 */
static void
memtype_table(struct strbuf *sb, const struct report *r,
    const struct render_opts *o)
{
	static const char *const head[] = { "Memory Type/Section",
	    "Used [bytes]", "Used [%]", "Remain [bytes]", "Total [bytes]" };
	struct table	t;
	size_t		i;

	table_init(&t, "Memory Type Usage Summary", head, 5);
	for (i = 0; i < r->nmemtypes; i++)
		memtype_rows(&t, &r->memtypes[i]);
	sb_putc(sb, '\n');
	table_print(sb, &t, o);
	table_free(&t);
	sb_puts(sb, "Memory types against ld's regions:\n");
	for (i = 0; i < r->nmemtypes; i++)
		if (r->memtypes[i].regions != NULL)
			memtype_difference(sb, &r->memtypes[i]);
}

static void
stack_rows(struct table *t, const struct rep_stack *rs)
{
	const struct rep_stack_frame	*f;
	struct trow			*row;
	char				 w[32], res[32], head[32];
	size_t				 i;

	stack_cells(w, res, head, sizeof(w), rs);
	row = table_row(t, 0, rs->reserved != REPORT_NONE &&
	    rs->total > rs->reserved ? STATUS_OVERFLOW : rs->lower_bound ?
	    STATUS_WARNING : STATUS_OK);
	row->cell[0] = xstrdup(rs->root);
	row->cell[1] = xstrdup(rs->kind);
	row->cell[2] = xstrdup(w);
	row->cell[3] = xstrdup(res);
	row->cell[4] = xstrdup(head);
	for (i = 0; i < rs->npath; i++) {
		f = &rs->path[i];
		row = table_row(t, 1, STATUS_OK);
		row->cell[0] = xasprintf("   %s", f->function);
		row->cell[1] = f->file ? xasprintf("%s:%u", f->file, f->line) :
		    NULL;
		row->cell[2] = f->known ? fmt_u64(f->frame) : xstrdup("?");
	}
	if (rs->total > rs->worst) {
		row = table_row(t, 1, STATUS_OK);
		/* a task's is what its switch_frame says */
		row->cell[0] = xstrdup(strcmp(rs->kind, "task") == 0 ?
		    "   (its context switch)" :
		    "   (interrupt handlers on top)");
		row->cell[2] = fmt_u64(rs->total - rs->worst);
	}
}

/*
 * The worst-case stack of each root with its path, then why the ones
 * marked ">=" are only lower bounds.
 */
static void
stack_table(struct strbuf *sb, const struct report *r,
    const struct render_opts *o)
{
	static const char *const head[] = { "Stack Root/Path", "Kind/Source",
	    "Worst [bytes]", "Reserved [bytes]", "Headroom [bytes]" };
	struct table	t;
	size_t		i;

	table_init(&t, "Worst-Case Stack", head, 5);
	for (i = 0; i < r->nstacks; i++)
		stack_rows(&t, &r->stacks[i]);
	sb_putc(sb, '\n');
	table_print(sb, &t, o);
	table_free(&t);
	for (i = 0; i < r->nstacks; i++)
		if (r->stacks[i].why != NULL) {
			sb_put_escaped(sb, r->stacks[i].root);
			sb_puts(sb, ": at least, for ");
			sb_put_escaped(sb, r->stacks[i].why);
			sb_putc(sb, '\n');
		}
}

void
render_table(struct strbuf *sb, const struct report *r,
    const struct render_opts *o)
{
	static const char *const head[] = { "Region/Section", "Used [bytes]",
	    "Used [%]", "Remain [bytes]", "Total [bytes]" };
	const struct rep_region	**order;
	struct table		  t;
	size_t			  i;
	int			  k;

	table_init(&t, "Memory Usage Summary", head, 5);
	order = xcalloc(r->nregions + 1, sizeof(*order));
	for (i = 0; i < r->nregions; i++)
		order[i] = &r->regions[i];
	xqsort(order, r->nregions, sizeof(*order), region_order);
	for (i = 0; i < r->nregions; i++)
		region_rows(&t, order[i], o);
	if (!any_sized(r))
		for (k = 4; k >= 2; k--)
			table_drop_column(&t, k);
	table_print(sb, &t, o);
	table_free(&t);
	if (!any_sized(r) && r->nregions > 0)
		sb_puts(sb,
		    "Region lengths are unknown without --board or a GNU ld map.\n");
	render_outside(sb, r);
	if (r->nmemtypes > 0)
		memtype_table(sb, r, o);
	if (r->nstacks > 0)
		stack_table(sb, r, o);
	if (r->archives != NULL)
		cross_table(sb, r->archives, r, order, o);
	for (k = 0; k < BD_COUNT; k++)
		for (i = 0; i < r->nregions; i++)
			if (order[i]->has_items[k] && order[i]->nitems[k] > 0)
				breakdown_table(sb, order[i], (enum breakdown)k,
				    o);
	free(order);
}
