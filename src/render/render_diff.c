/*
 * memfit diff as a terminal table and as JSON (schemas/diff.schema.json).
 * CSV and Markdown live with the other renderers of those formats.
 *
 * The table is measured before it is printed, like size's, so it never
 * wraps and never cuts a name; a region over a growth limit is red when
 * colour is on.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "json_out.h"
#include "memfit.h"

#define MAXCOLS	11

struct dtable {
	const char	*title;
	const char	*head[MAXCOLS];
	int		 ncols;
	int		 nleft;		/* leading text columns, left-aligned */
	char		**cells;	/* nrows x ncols, owned */
	bool		*red;		/* per row */
	size_t		 nrows;
	size_t		 cap;
	size_t		 red_cap;
	size_t		 width[MAXCOLS];
};

/* Box pieces, ASCII then Unicode: corners, rules and bars. */
static const char *const bx[2][12] = {
	{ "+", "+", "+", "-", "|", "+", "+", "+", "+", "+", "+", "-" },
	{ "┌", "┬", "┐", "─", "│", "├", "┼", "┤", "└", "┴", "┘", "─" },
};

static size_t
text_width(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static char **
dtable_row(struct dtable *t, bool red)
{
	array_grow(&t->cells, &t->cap, (t->nrows + 1) * (size_t)t->ncols,
	    sizeof(*t->cells));
	array_grow(&t->red, &t->red_cap, t->nrows + 1, sizeof(*t->red));
	t->red[t->nrows] = red;
	memset(&t->cells[t->nrows * (size_t)t->ncols], 0,
	    (size_t)t->ncols * sizeof(*t->cells));
	return &t->cells[t->nrows++ * (size_t)t->ncols];
}

static void
dtable_free(struct dtable *t)
{
	size_t	i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->red);
}

static void
dtable_rule(struct strbuf *sb, const struct dtable *t, int u, int at)
{
	size_t	i;
	int	c;

	sb_puts(sb, bx[u][at]);
	for (c = 0; c < t->ncols; c++) {
		for (i = 0; i < t->width[c] + 2; i++)
			sb_puts(sb, bx[u][3]);
		sb_puts(sb, bx[u][c + 1 < t->ncols ? at + 1 : at + 2]);
	}
	sb_putc(sb, '\n');
}

static void
dtable_line(struct strbuf *sb, const struct dtable *t, int u,
    const char *const *cell, bool red)
{
	const char	*s;
	int		 c, pad;

	sb_puts(sb, bx[u][4]);
	for (c = 0; c < t->ncols; c++) {
		s = cell[c] ? cell[c] : "";
		pad = (int)(t->width[c] - text_width(s));
		sb_puts(sb, red ? " \033[31m" : " ");
		if (c < t->nleft)
			sb_printf(sb, "%s%*s", s, pad, "");
		else
			sb_printf(sb, "%*s%s", pad, "", s);
		sb_printf(sb, "%s %s", red ? "\033[0m" : "", bx[u][4]);
	}
	sb_putc(sb, '\n');
}

static void
dtable_print(struct strbuf *sb, struct dtable *t,
    const struct diff_render_opts *o)
{
	int	u = o->unicode ? 1 : 0, c;
	size_t	i, total = 1;

	for (c = 0; c < t->ncols; c++) {
		t->width[c] = text_width(t->head[c]);
		for (i = 0; i < t->nrows; i++) {
			const char *s = t->cells[i * (size_t)t->ncols + c];

			if (s != NULL && text_width(s) > t->width[c])
				t->width[c] = text_width(s);
		}
		total += t->width[c] + 3;
	}
	sb_printf(sb, "%*s%s\n", total > text_width(t->title) ? (int)((total -
	    text_width(t->title)) / 2) : 0, "", t->title);
	dtable_rule(sb, t, u, 0);
	dtable_line(sb, t, u, t->head, false);
	dtable_rule(sb, t, u, 5);
	for (i = 0; i < t->nrows; i++)
		dtable_line(sb, t, u, (const char *const *)&t->cells[i *
		    (size_t)t->ncols], o->color && t->red[i]);
	dtable_rule(sb, t, u, 8);
}

static char *
present(bool in, char *s)
{
	if (in)
		return s;
	free(s);
	return xstrdup("-");
}

static void
region_row(struct dtable *t, const struct diff_region *d)
{
	char	**c = dtable_row(t, d->exceeded);

	c[0] = d->in_old && d->in_new ? xstrdup(d->name) :
	    xasprintf("%s (%s)", d->name, d->in_old ? "removed" : "added");
	c[1] = present(d->in_old, xasprintf("%" PRIu64, d->old_used));
	c[2] = present(d->in_new, xasprintf("%" PRIu64, d->new_used));
	c[3] = diff_fmt_delta(diff_region_delta(d), true);
	c[4] = present(diff_old_sized(d), diff_fmt_pct(diff_old_pct(d),
	    false));
	c[5] = present(diff_new_sized(d), diff_fmt_pct(diff_new_pct(d),
	    false));
	c[6] = present(diff_region_sized(d),
	    diff_fmt_pct(diff_region_pct_delta(d), true));
	c[7] = present(diff_old_sized(d), diff_fmt_delta(diff_remain(
	    d->old_used, d->old_length), false));
	c[8] = present(diff_new_sized(d), diff_fmt_delta(diff_remain(
	    d->new_used, d->new_length), false));
	c[9] = present(diff_region_sized(d),
	    diff_fmt_delta(diff_region_remain_delta(d), true));
	c[10] = present(diff_region_length(d) != REPORT_NONE,
	    xasprintf("%" PRIu64, diff_region_length(d)));
}

static void
regions_table(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	static const char *const head[] = { "Region", "Old used", "New used",
	    "Delta", "Old [%]", "New [%]", "Delta [%]", "Old remain",
	    "New remain", "Delta remain", "Total [bytes]" };
	struct dtable		 t;
	size_t			 i;

	memset(&t, 0, sizeof(t));
	t.title = "Memory Usage Diff";
	t.ncols = 11;
	t.nleft = 1;
	memcpy(t.head, head, sizeof(head));
	for (i = 0; i < df->nregions; i++)
		region_row(&t, &df->regions[i]);
	dtable_print(sb, &t, o);
	dtable_free(&t);
}

/* Region, name, [object,] old, new, delta. */
static void
item_row(struct dtable *t, const struct diff_item *it)
{
	char	**c = dtable_row(t, false);
	int	  s = it->kind == BD_SYMBOLS;

	c[0] = xstrdup(it->region);
	c[1] = xstrdup(it->name);
	if (s)
		c[2] = xstrdup(it->object ? it->object : "");
	c[2 + s] = present(it->in_old, xasprintf("%" PRIu64, it->old_size));
	c[3 + s] = present(it->in_new, xasprintf("%" PRIu64, it->new_size));
	c[4 + s] = diff_fmt_delta(diff_delta(it->old_size, it->new_size),
	    true);
}

static void
items_table(struct strbuf *sb, const struct diff *df, enum breakdown k,
    const struct diff_render_opts *o)
{
	static const char *const title[] = { "Largest archive changes",
	    "Largest object file changes", "Largest symbol changes" };
	static const char *const what[] = { "Archive", "Object file",
	    "Symbol" };
	struct dtable		 t;
	size_t			 i;
	int			 s = k == BD_SYMBOLS;

	memset(&t, 0, sizeof(t));
	t.title = title[k];
	t.ncols = 5 + s;
	t.nleft = 2 + s;
	t.head[0] = "Region";
	t.head[1] = what[k];
	t.head[2] = "Object file";
	t.head[2 + s] = "Old [bytes]";
	t.head[3 + s] = "New [bytes]";
	t.head[4 + s] = "Delta [bytes]";
	for (i = 0; i < df->nitems[k]; i++)
		item_row(&t, &df->items[k][i]);
	sb_putc(sb, '\n');
	if (t.nrows == 0)
		sb_printf(sb, "%s: none\n", title[k]);
	else
		dtable_print(sb, &t, o);
	dtable_free(&t);
}

/* Root, kind, old, new, delta, reserved, headroom: ">=" marks a lower
 * bound, whose headroom is then at most the figure ("<="). */
static void
stack_row(struct dtable *t, const struct diff_stack *s)
{
	char		**c = dtable_row(t, s->exceeded);
	uint64_t	 res = diff_stack_reserved(s);

	c[0] = s->in_old && s->in_new ? xstrdup(s->root) :
	    xasprintf("%s (%s)", s->root, s->in_old ? "removed" : "added");
	c[1] = xstrdup(s->kind);
	c[2] = present(s->in_old, diff_fmt_stack(s->old_total, s->old_lower));
	c[3] = present(s->in_new, diff_fmt_stack(s->new_total, s->new_lower));
	c[4] = diff_fmt_delta(diff_stack_delta(s), true);
	c[5] = res == REPORT_NONE ? xstrdup("-") : diff_fmt_reserved(s);
	c[6] = present(res != REPORT_NONE, xasprintf("%s%" PRId64,
	    diff_stack_lower(s) ? "<=" : "", diff_stack_headroom(s)));
}

/* The roots' worst cases, or why there are none to compare. */
static void
stacks_table(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	static const char *const head[] = { "Stack root", "Kind",
	    "Old [bytes]", "New [bytes]", "Delta [bytes]",
	    "Reserved [bytes]", "Headroom [bytes]" };
	struct dtable		 t;
	size_t			 i;

	if (!df->old_stacks && !df->new_stacks)
		return;
	sb_putc(sb, '\n');
	if (!diff_has_stacks(df)) {
		sb_printf(sb, "Worst-case stack: only %s has stack data "
		    "(give --%s-stack-usage DIR)\n", df->old_stacks ? "OLD" :
		    "NEW", df->old_stacks ? "new" : "old");
		return;
	}
	memset(&t, 0, sizeof(t));
	t.title = "Worst-Case Stack Diff";
	t.ncols = 7;
	t.nleft = 2;
	memcpy(t.head, head, sizeof(head));
	for (i = 0; i < df->nstacks; i++)
		stack_row(&t, &df->stacks[i]);
	dtable_print(sb, &t, o);
	dtable_free(&t);
}

/* A stack limit's line: the roots over it, then those a percentage
 * could not apply to. */
static void
stack_limit_line(struct strbuf *sb, const struct diff *df,
    const struct growth_limit *l)
{
	const char	*sep = " by ";
	size_t		 i;
	bool		 any = false;

	sb_printf(sb, "growth limit %s: %s", l->spec, l->exceeded ?
	    "exceeded" : "ok");
	for (i = 0; i < df->nstacks; i++) {
		if (!stack_growth_exceeds(l, &df->stacks[i]))
			continue;
		sb_printf(sb, "%sthe stack of %s (%+" PRId64 " bytes)", sep,
		    df->stacks[i].root, diff_stack_delta(&df->stacks[i]));
		sep = ", ";
	}
	for (i = 0; i < df->nstacks; i++) {
		if (!stack_limit_skips(l, &df->stacks[i]))
			continue;
		sb_printf(sb, "%s%s", any ? ", " : " (reserved stack "
		    "unknown: ", df->stacks[i].root);
		any = true;
	}
	sb_puts(sb, any ? ")\n" : "\n");
}

/* "growth limit 2K: exceeded by CCMRAM (+2112)", or ": ok"; then the
 * regions a percentage could not apply to. */
static void
limit_line(struct strbuf *sb, const struct diff *df,
    const struct growth_limit *l)
{
	const char	*sep = " by ";
	size_t		 i;
	bool		 any = false;

	if (l->stack) {
		stack_limit_line(sb, df, l);
		return;
	}
	sb_printf(sb, "growth limit %s: %s", l->spec, l->exceeded ?
	    "exceeded" : "ok");
	for (i = 0; i < df->nregions; i++) {
		if (!growth_exceeds(l, &df->regions[i]))
			continue;
		sb_printf(sb, "%s%s (%+" PRId64 " bytes)", sep,
		    df->regions[i].name, diff_region_delta(&df->regions[i]));
		sep = ", ";
	}
	for (i = 0; i < df->nregions; i++) {
		if (!limit_skips(l, &df->regions[i]))
			continue;
		sb_printf(sb, "%s%s", any ? ", " : " (length unknown: ",
		    df->regions[i].name);
		any = true;
	}
	sb_puts(sb, any ? ")\n" : "\n");
}

void
render_diff_table(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	size_t	i;
	int	k;

	sb_printf(sb, "old: %s\nnew: %s\n\n", o->old_name, o->new_name);
	regions_table(sb, df, o);
	for (k = 0; k < BD_COUNT; k++)
		if (df->has_items[k])
			items_table(sb, df, (enum breakdown)k, o);
	stacks_table(sb, df, o);
	if (df->nlimits > 0)
		sb_putc(sb, '\n');
	for (i = 0; i < df->nlimits; i++)
		limit_line(sb, df, &df->limits[i]);
}

static void
json_input(struct jout *j, const char *key, const struct report *r,
    const char *name, const char *type)
{
	jout_open(j, key, '{');
	jout_str(j, "input", name);
	jout_str(j, "type", type);
	jout_str(j, "report", r->kind);
	jout_str(j, "board", r->board);
	jout_str(j, "elf", r->elf);
	jout_str(j, "map", r->map);
	jout_close(j, '}');
}

/* A side's length, free and percent are null when it is unknown. */
static void
json_side(struct jout *j, const char *key, bool in, uint64_t used,
    uint64_t length)
{
	if (!in) {
		jout_null(j, key);
		return;
	}
	jout_open(j, key, '{');
	jout_u64(j, "used", used);
	if (length == REPORT_NONE) {
		jout_null(j, "length");
		jout_null(j, "free");
		jout_null(j, "percent");
	} else {
		jout_u64(j, "length", length);
		jout_i64(j, "free", diff_remain(used, length));
		jout_uhundredths(j, "percent", usage_hundredths(used,
		    length));
	}
	jout_close(j, '}');
}

static void
json_region(struct jout *j, const struct diff_region *d)
{
	jout_open(j, NULL, '{');
	jout_str(j, "name", d->name);
	jout_str(j, "change", diff_change_name(d->in_old, d->in_new,
	    diff_region_delta(d)));
	json_side(j, "old", d->in_old, d->old_used, d->old_length);
	json_side(j, "new", d->in_new, d->new_used, d->new_length);
	jout_open(j, "delta", '{');
	jout_i64(j, "used", diff_region_delta(d));
	if (diff_region_sized(d)) {
		jout_i64(j, "free", diff_region_remain_delta(d));
		jout_hundredths(j, "percent", diff_region_pct_delta(d));
	} else {
		jout_null(j, "free");
		jout_null(j, "percent");
	}
	jout_close(j, '}');
	jout_bool(j, "exceeded", d->exceeded);
	jout_close(j, '}');
}

static void
json_items(struct jout *j, const struct diff *df, enum breakdown k)
{
	const struct diff_item	*it;
	size_t			 i;

	if (!df->has_items[k]) {
		jout_null(j, breakdown_name(k));
		return;
	}
	jout_open(j, breakdown_name(k), '[');
	for (i = 0; i < df->nitems[k]; i++) {
		it = &df->items[k][i];
		jout_open(j, NULL, '{');
		jout_str(j, "region", it->region);
		jout_str(j, "name", it->name);
		jout_str(j, "archive", it->archive);
		jout_str(j, "object", it->object);
		jout_str(j, "change", diff_change_name(it->in_old, it->in_new,
		    diff_delta(it->old_size, it->new_size)));
		if (it->in_old)
			jout_u64(j, "old", it->old_size);
		else
			jout_null(j, "old");
		if (it->in_new)
			jout_u64(j, "new", it->new_size);
		else
			jout_null(j, "new");
		jout_i64(j, "delta", diff_delta(it->old_size, it->new_size));
		jout_close(j, '}');
	}
	jout_close(j, ']');
}

/* A root's side: null when the root is not in it. */
static void
json_stack_side(struct jout *j, const char *key, bool in, uint64_t total,
    uint64_t reserved, bool lower)
{
	if (!in) {
		jout_null(j, key);
		return;
	}
	jout_open(j, key, '{');
	jout_u64(j, "total", total);
	jout_bool(j, "lower_bound", lower);
	if (reserved == REPORT_NONE) {
		jout_null(j, "reserved");
		jout_null(j, "headroom");
	} else {
		jout_u64(j, "reserved", reserved);
		jout_i64(j, "headroom", diff_remain(total, reserved));
	}
	jout_close(j, '}');
}

/* Absent without stack data, null when only one side has it. */
static void
json_stacks(struct jout *j, const struct diff *df)
{
	const struct diff_stack	*s;
	size_t			 i;

	if (!df->old_stacks && !df->new_stacks)
		return;
	if (!diff_has_stacks(df)) {
		jout_null(j, "stacks");
		return;
	}
	jout_open(j, "stacks", '[');
	for (i = 0; i < df->nstacks; i++) {
		s = &df->stacks[i];
		jout_open(j, NULL, '{');
		jout_str(j, "root", s->root);
		jout_str(j, "kind", s->kind);
		jout_str(j, "change", diff_change_name(s->in_old, s->in_new,
		    diff_stack_delta(s)));
		json_stack_side(j, "old", s->in_old, s->old_total,
		    s->old_reserved, s->old_lower);
		json_stack_side(j, "new", s->in_new, s->new_total,
		    s->new_reserved, s->new_lower);
		jout_i64(j, "delta", diff_stack_delta(s));
		jout_bool(j, "exceeded", s->exceeded);
		jout_close(j, '}');
	}
	jout_close(j, ']');
}

static void
json_limits(struct jout *j, const struct diff *df)
{
	const struct growth_limit	*l;
	size_t				 i;

	jout_open(j, "growth_limits", '[');
	for (i = 0; i < df->nlimits; i++) {
		l = &df->limits[i];
		jout_open(j, NULL, '{');
		jout_str(j, "limit", l->spec);
		jout_str(j, "region", l->stack ? NULL : l->region);
		if (l->stack) {
			jout_open(j, "stack", '{');
			jout_str(j, "root", l->region);
			jout_close(j, '}');
		}
		if (l->percent) {
			jout_null(j, "bytes");
			jout_hundredths(j, "percent", (int64_t)l->value);
		} else {
			jout_u64(j, "bytes", l->value);
			jout_null(j, "percent");
		}
		jout_bool(j, "exceeded", l->exceeded);
		jout_close(j, '}');
	}
	jout_close(j, ']');
}

void
render_diff_json(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	struct jout	j;
	size_t		i;
	int		k;

	jout_init(&j, sb);
	jout_open(&j, NULL, '{');
	jout_u64(&j, "memfit", MEMFIT_FORMAT_VERSION);
	jout_open(&j, "tool", '{');
	jout_str(&j, "name", "memfit");
	jout_str(&j, "version", MEMFIT_VERSION);
	jout_close(&j, '}');
	jout_str(&j, "kind", "diff");
	json_input(&j, "old", df->old, o->old_name, o->old_type);
	json_input(&j, "new", df->new, o->new_name, o->new_type);
	jout_open(&j, "regions", '[');
	for (i = 0; i < df->nregions; i++)
		json_region(&j, &df->regions[i]);
	jout_close(&j, ']');
	for (k = 0; k < BD_COUNT; k++)
		json_items(&j, df, (enum breakdown)k);
	json_stacks(&j, df);
	json_limits(&j, df);
	jout_bool(&j, "failed", df->failed);
	jout_close(&j, '}');
}
