/*
 * CSV: one table per document for spreadsheets and scripts, RFC 4180 with
 * its default CRLF line ends, one header row, and one fixed column set for
 * every row type (a column that does not apply is empty). Fields holding a
 * comma, a quote, CR or LF are quoted, inner quotes doubled.
 *
 * Report rows, in this order: each region (board order), then its output
 * sections, then its archives, objects and symbols when asked for; with
 * archives, the table of them across regions: an archive_total row per
 * archive (no region; size its total), then archive_sum rows, each
 * region's sum and, without a region, all of it; sections outside every
 * region (type section, no region); the findings; with --stack-usage, a
 * stack row per root (name the root, size its worst case, length its
 * stack, free the headroom, status ok, over, or lower_bound with why in
 * message) followed by a stack_frame row per frame of its path (symbol
 * the root, size the frame, empty when unknown). Archive, object and
 * archive_total rows say in the last column, synthetic, whether they are
 * bytes no input file accounts for (*fill* and the like). Addresses
 * are hex (0x...), sizes decimal bytes, percentages of the region's length
 * with two decimals from usage_hundredths, as in the table and the JSON.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "render.h"

enum col {
	C_TYPE, C_REGION, C_NAME, C_ARCHIVE, C_OBJECT, C_ADDRESS, C_SIZE,
	C_USED, C_FREE, C_LENGTH, C_PERCENT, C_PADDING, C_STATUS,
	C_LOAD_IMAGE, C_RULE, C_SEVERITY, C_WAIVED, C_WAIVER, C_SYMBOL,
	C_SECTION, C_FILE, C_LINE, C_MESSAGE, C_SYNTHETIC, C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"type", "region", "name", "archive", "object", "address", "size",
	"used", "free", "length", "percent", "padding", "status",
	"load_image", "rule", "severity", "waived", "waiver", "symbol",
	"section", "file", "line", "message", "synthetic",
};

/* One row being built: cells are owned (NULL = empty). */
struct crow {
	char	*cell[C_COUNT];
};

/* "-12", "+3", "4.5%": numbers, which a leading sign must not spoil. */
static bool
is_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	s += strspn(s, "0123456789.");
	return *s == '\0' || (s[0] == '%' && s[1] == '\0');
}

/*
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a tab
 * or CR in front) starts with a quote instead; control bytes are written
 * as \xHH.
 */
static void
csv_field(struct strbuf *sb, const char *s)
{
	bool	formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0' &&
		    !is_number(s);

	if (!formula && strpbrk(s, ",\"\r\n") == NULL &&
	    !str_has_controls(s)) {
		sb_puts(sb, s);
		return;
	}
	sb_putc(sb, '"');
	if (formula)
		sb_putc(sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			sb_putc(sb, '"');
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			sb_printf(sb, "\\x%02x", (unsigned char)*s);
		else
			sb_putc(sb, *s);
	}
	sb_putc(sb, '"');
}

static void
csv_line(struct strbuf *sb, const char *const *cell, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_putc(sb, ',');
		csv_field(sb, cell[i] ? cell[i] : "");
	}
	sb_puts(sb, "\r\n");
}

/* Print the row and free its cells. */
static void
row_emit(struct strbuf *sb, struct crow *row)
{
	int	c;

	csv_line(sb, (const char *const *)row->cell, C_COUNT);
	for (c = 0; c < C_COUNT; c++)
		free(row->cell[c]);
	memset(row, 0, sizeof(*row));
}

static char *
u64s(uint64_t v)
{
	return xasprintf("%" PRIu64, v);
}

static char *
hexs(uint64_t v)
{
	return v == REPORT_NONE ? NULL : xasprintf("0x%08" PRIx64, v);
}

static char *
dups(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * Used % as the table shows it; empty when the region has no length, or
 * one that is unknown.
 */
static char *
pcts(uint64_t part, uint64_t whole)
{
	uint64_t	h = usage_hundredths(part, whole);

	if (whole == REPORT_NONE || (whole == 0 && part != 0))
		return NULL;
	return xasprintf("%" PRIu64 ".%02" PRIu64, h / 100, h % 100);
}

static void
section_row(struct strbuf *sb, const struct rep_region *rr,
    const struct rep_section *s)
{
	struct crow	row = { { NULL } };

	row.cell[C_TYPE] = xstrdup("section");
	row.cell[C_REGION] = rr ? xstrdup(rr->name) : NULL;
	row.cell[C_NAME] = xstrdup(s->name);
	row.cell[C_ADDRESS] = hexs(s->address);
	row.cell[C_SIZE] = u64s(s->size);
	row.cell[C_PERCENT] = rr ? pcts(s->size, rr->length) : NULL;
	row.cell[C_LOAD_IMAGE] = xstrdup(s->load_image ? "true" : "false");
	row_emit(sb, &row);
}

static void
item_row(struct strbuf *sb, const struct rep_region *rr, enum breakdown k,
    const struct rep_item *it)
{
	static const char *const types[] = { "archive", "object", "symbol" };
	struct crow		 row = { { NULL } };

	row.cell[C_TYPE] = xstrdup(types[k]);
	row.cell[C_REGION] = xstrdup(rr->name);
	row.cell[C_NAME] = xstrdup(it->name);
	row.cell[C_ARCHIVE] = dups(it->archive);
	row.cell[C_OBJECT] = dups(it->object);
	row.cell[C_ADDRESS] = k == BD_SYMBOLS ? hexs(it->address) : NULL;
	row.cell[C_SIZE] = u64s(it->size);
	row.cell[C_PERCENT] = pcts(it->size, rr->length);
	if (k != BD_SYMBOLS)
		row.cell[C_SYNTHETIC] = xstrdup(it->synthetic ? "true" :
		    "false");
	row_emit(sb, &row);
}

static void
region_rows(struct strbuf *sb, const struct rep_region *rr)
{
	struct crow	row = { { NULL } };
	size_t		i;
	int		k;

	row.cell[C_TYPE] = xstrdup("region");
	row.cell[C_REGION] = xstrdup(rr->name);
	row.cell[C_NAME] = xstrdup(rr->name);
	row.cell[C_ADDRESS] = hexs(rr->origin);
	row.cell[C_USED] = u64s(rr->used);
	/* As in the JSON: nothing free when the region overflows, and
	 * free and length empty where the length is unknown. */
	if (region_sized(rr)) {
		row.cell[C_FREE] = u64s(rr->used > rr->length ? 0 :
		    rr->length - rr->used);
		row.cell[C_LENGTH] = u64s(rr->length);
	}
	row.cell[C_PERCENT] = pcts(rr->used, rr->length);
	row.cell[C_PADDING] = u64s(rr->padding);
	row.cell[C_STATUS] = xstrdup(region_status_name(rr->status));
	row_emit(sb, &row);
	for (i = 0; i < rr->nsections; i++)
		section_row(sb, rr, &rr->sections[i]);
	for (k = 0; k < BD_COUNT; k++)
		for (i = 0; rr->has_items[k] && i < rr->nitems[k]; i++)
			item_row(sb, rr, (enum breakdown)k, &rr->items[k][i]);
}

static void
cross_rows(struct strbuf *sb, const struct report *r,
    const struct rep_cross *x)
{
	struct crow	row = { { NULL } };
	size_t		i;

	for (i = 0; i < x->n; i++) {
		row.cell[C_TYPE] = xstrdup("archive_total");
		row.cell[C_NAME] = xstrdup(x->rows[i].name);
		row.cell[C_SIZE] = u64s(x->rows[i].total);
		row.cell[C_SYNTHETIC] = xstrdup(x->rows[i].synthetic ? "true" :
		    "false");
		row_emit(sb, &row);
	}
	for (i = 0; i <= r->nregions; i++) {
		row.cell[C_TYPE] = xstrdup("archive_sum");
		row.cell[C_REGION] = i < r->nregions ?
		    xstrdup(r->regions[i].name) : NULL;
		row.cell[C_SIZE] = u64s(i < r->nregions ? x->sums[i] :
		    x->total);
		row_emit(sb, &row);
	}
}

static void
finding_row(struct strbuf *sb, const struct finding *f)
{
	struct crow	row = { { NULL } };

	row.cell[C_TYPE] = xstrdup("finding");
	row.cell[C_REGION] = dups(f->region);
	row.cell[C_OBJECT] = dups(f->object);
	row.cell[C_ADDRESS] = hexs(f->address);
	row.cell[C_SIZE] = u64s(f->size);
	row.cell[C_RULE] = xstrdup(f->rule);
	row.cell[C_SEVERITY] = xstrdup(finding_severity_name(f->severity));
	row.cell[C_WAIVED] = xstrdup(f->waived ? "true" : "false");
	row.cell[C_WAIVER] = dups(f->waiver);
	row.cell[C_SYMBOL] = dups(f->symbol);
	row.cell[C_SECTION] = dups(f->section);
	row.cell[C_FILE] = dups(f->file);
	row.cell[C_LINE] = f->line > 0 ? xasprintf("%u", f->line) : NULL;
	row.cell[C_MESSAGE] = xstrdup(f->message);
	row_emit(sb, &row);
}

static void
stack_rows(struct strbuf *sb, const struct rep_stack *rs)
{
	struct crow	row = { { NULL } };
	size_t		i;

	row.cell[C_TYPE] = xstrdup("stack");
	row.cell[C_NAME] = xstrdup(rs->root);
	row.cell[C_SIZE] = u64s(rs->total);
	if (rs->reserved != REPORT_NONE) {
		row.cell[C_LENGTH] = u64s(rs->reserved);
		row.cell[C_FREE] = rs->total <= rs->reserved ?
		    u64s(rs->reserved - rs->total) : xstrdup("0");
	}
	row.cell[C_STATUS] = xstrdup(rs->reserved != REPORT_NONE &&
	    rs->total > rs->reserved ? "over" : rs->lower_bound ?
	    "lower_bound" : "ok");
	row.cell[C_MESSAGE] = dups(rs->why);
	row_emit(sb, &row);
	for (i = 0; i < rs->npath; i++) {
		memset(&row, 0, sizeof(row));
		row.cell[C_TYPE] = xstrdup("stack_frame");
		row.cell[C_NAME] = xstrdup(rs->path[i].function);
		row.cell[C_SYMBOL] = xstrdup(rs->root);
		row.cell[C_SIZE] = rs->path[i].known ?
		    u64s(rs->path[i].frame) : NULL;
		row.cell[C_FILE] = dups(rs->path[i].file);
		row.cell[C_LINE] = rs->path[i].line > 0 ?
		    xasprintf("%u", rs->path[i].line) : NULL;
		row_emit(sb, &row);
	}
}

void
render_csv(struct strbuf *sb, const struct report *r)
{
	size_t	i;

	csv_line(sb, col_names, C_COUNT);
	for (i = 0; i < r->nregions; i++)
		region_rows(sb, &r->regions[i]);
	if (r->archives != NULL)
		cross_rows(sb, r, r->archives);
	for (i = 0; i < r->noutside; i++)
		section_row(sb, NULL, &r->outside[i]);
	for (i = 0; i < r->nfindings; i++)
		finding_row(sb, &r->findings[i]);
	for (i = 0; i < r->nstacks; i++)
		stack_rows(sb, &r->stacks[i]);
}

/*
 * The diff as CSV: one row per region, then the largest archive, object
 * and symbol changes, then one row per stack root, then one row per growth
 * limit. Deltas carry a sign; a side a row is missing from is empty. A
 * stack root is a region of its own kind: region is the root's kind, the
 * lengths its reserved stack, free the headroom, and a lower bound is
 * shown as the table shows it (">=488").
 */
enum dcol {
	D_TYPE, D_REGION, D_NAME, D_ARCHIVE, D_OBJECT, D_OLD, D_NEW, D_DELTA,
	D_OLD_PCT, D_NEW_PCT, D_DELTA_PCT, D_OLD_FREE, D_NEW_FREE,
	D_DELTA_FREE, D_OLD_LEN, D_NEW_LEN, D_CHANGE, D_EXCEEDED, D_COUNT
};

static const char *const dcol_names[D_COUNT] = {
	"type", "region", "name", "archive", "object", "old", "new", "delta",
	"old_percent", "new_percent", "delta_percent", "old_free", "new_free",
	"delta_free", "old_length", "new_length", "change", "exceeded",
};

static void
drow_emit(struct strbuf *sb, char **cell)
{
	int	c;

	csv_line(sb, (const char *const *)cell, D_COUNT);
	for (c = 0; c < D_COUNT; c++) {
		free(cell[c]);
		cell[c] = NULL;
	}
}

static void
diff_region_row(struct strbuf *sb, const struct diff_region *d)
{
	char	*cell[D_COUNT] = { NULL };

	cell[D_TYPE] = xstrdup("region");
	cell[D_REGION] = xstrdup(d->name);
	cell[D_NAME] = xstrdup(d->name);
	cell[D_OLD] = d->in_old ? u64s(d->old_used) : NULL;
	cell[D_NEW] = d->in_new ? u64s(d->new_used) : NULL;
	/* A side without a length has no percent, free or length. */
	if (diff_old_sized(d)) {
		cell[D_OLD_PCT] = diff_fmt_pct(diff_old_pct(d), false);
		cell[D_OLD_FREE] = diff_fmt_delta(diff_remain(d->old_used,
		    d->old_length), false);
		cell[D_OLD_LEN] = u64s(d->old_length);
	}
	if (diff_new_sized(d)) {
		cell[D_NEW_PCT] = diff_fmt_pct(diff_new_pct(d), false);
		cell[D_NEW_FREE] = diff_fmt_delta(diff_remain(d->new_used,
		    d->new_length), false);
		cell[D_NEW_LEN] = u64s(d->new_length);
	}
	cell[D_DELTA] = diff_fmt_delta(diff_region_delta(d), true);
	if (diff_region_sized(d)) {
		cell[D_DELTA_PCT] = diff_fmt_pct(diff_region_pct_delta(d),
		    true);
		cell[D_DELTA_FREE] = diff_fmt_delta(
		    diff_region_remain_delta(d), true);
	}
	cell[D_CHANGE] = xstrdup(diff_change_name(d->in_old, d->in_new,
	    diff_region_delta(d)));
	cell[D_EXCEEDED] = xstrdup(d->exceeded ? "true" : "false");
	drow_emit(sb, cell);
}

static void
diff_item_row(struct strbuf *sb, enum breakdown k, const struct diff_item *it)
{
	static const char *const types[] = { "archive", "object", "symbol" };
	char			*cell[D_COUNT] = { NULL };
	int64_t			 delta = diff_delta(it->old_size, it->new_size);

	cell[D_TYPE] = xstrdup(types[k]);
	cell[D_REGION] = xstrdup(it->region);
	cell[D_NAME] = xstrdup(it->name);
	cell[D_ARCHIVE] = dups(it->archive);
	cell[D_OBJECT] = dups(it->object);
	cell[D_OLD] = it->in_old ? u64s(it->old_size) : NULL;
	cell[D_NEW] = it->in_new ? u64s(it->new_size) : NULL;
	cell[D_DELTA] = diff_fmt_delta(delta, true);
	cell[D_CHANGE] = xstrdup(diff_change_name(it->in_old, it->in_new,
	    delta));
	drow_emit(sb, cell);
}

/* Headroom; of a lower bound, at most that ("<=216"). */
static char *
stack_free(uint64_t total, uint64_t reserved, bool lower)
{
	char	*n = diff_fmt_delta(diff_remain(total, reserved), false);
	char	*s = lower ? xasprintf("<=%s", n) : n;

	if (lower)
		free(n);
	return s;
}

static void
diff_stack_row(struct strbuf *sb, const struct diff_stack *s)
{
	char	*cell[D_COUNT] = { NULL };

	cell[D_TYPE] = xstrdup("stack");
	cell[D_REGION] = xstrdup(s->kind);
	cell[D_NAME] = xstrdup(s->root);
	if (s->in_old) {
		cell[D_OLD] = diff_fmt_stack(s->old_total, s->old_lower);
		if (s->old_reserved != REPORT_NONE) {
			cell[D_OLD_FREE] = stack_free(s->old_total,
			    s->old_reserved, s->old_lower);
			cell[D_OLD_LEN] = u64s(s->old_reserved);
		}
	}
	if (s->in_new) {
		cell[D_NEW] = diff_fmt_stack(s->new_total, s->new_lower);
		if (s->new_reserved != REPORT_NONE) {
			cell[D_NEW_FREE] = stack_free(s->new_total,
			    s->new_reserved, s->new_lower);
			cell[D_NEW_LEN] = u64s(s->new_reserved);
		}
	}
	cell[D_DELTA] = diff_fmt_delta(diff_stack_delta(s), true);
	cell[D_CHANGE] = xstrdup(diff_change_name(s->in_old, s->in_new,
	    diff_stack_delta(s)));
	cell[D_EXCEEDED] = xstrdup(s->exceeded ? "true" : "false");
	drow_emit(sb, cell);
}

void
render_diff_csv(struct strbuf *sb, const struct diff *df)
{
	char	*cell[D_COUNT] = { NULL };
	size_t	 i;
	int	 k;

	csv_line(sb, dcol_names, D_COUNT);
	for (i = 0; i < df->nregions; i++)
		diff_region_row(sb, &df->regions[i]);
	for (k = 0; k < BD_COUNT; k++)
		for (i = 0; i < df->nitems[k]; i++)
			diff_item_row(sb, (enum breakdown)k, &df->items[k][i]);
	for (i = 0; i < df->nstacks; i++)
		diff_stack_row(sb, &df->stacks[i]);
	for (i = 0; i < df->nlimits; i++) {
		cell[D_TYPE] = xstrdup("limit");
		cell[D_REGION] = df->limits[i].stack ? xstrdup("stack") :
		    dups(df->limits[i].region);
		cell[D_NAME] = xstrdup(df->limits[i].spec);
		cell[D_EXCEEDED] = xstrdup(df->limits[i].exceeded ? "true" :
		    "false");
		drow_emit(sb, cell);
	}
}
