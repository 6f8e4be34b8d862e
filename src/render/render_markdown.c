/*
 * Markdown (GitHub-flavoured) for a CI job summary or a pull-request
 * comment: a heading, the region table with a usage bar, the output
 * sections, the findings, the breakdowns when asked for; for diff, the
 * deltas with their signs.
 *
 * The usage bar is 20 cells of U+2588 (used) and U+2591 (free) in a code
 * span, so it lines up in proportional fonts; one cell is 5 %, rounded
 * half up from the same hundredths as the Used [%] column, and a region
 * over 100 % shows a full bar. Names go in code spans (a "*fill*" row
 * must not turn into emphasis); other text is backslash-escaped. A
 * finding's file is relative to the source root (check --source-root)
 * when it lies under it, as in SARIF.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "render.h"

#define BAR_CELLS	20

/* A control byte as text: \xHH, never raw. */
static bool
md_control(struct strbuf *sb, char ch)
{
	if ((unsigned char)ch >= 0x20 && ch != 0x7f)
		return false;
	sb_printf(sb, "\\x%02x", (unsigned char)ch);
	return true;
}

/* Text with Markdown's punctuation escaped; '|' too, for table cells. */
static void
md_text(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>|#~!", *s) != NULL)
			sb_putc(sb, '\\');
		if (!md_control(sb, *s))
			sb_putc(sb, *s);
	}
}

/* The longest run of backticks in S. */
static size_t
backtick_run(const char *s)
{
	size_t	run = 0, best = 0;

	for (; *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/*
 * A code span whose fence is longer than any backtick run inside, so no
 * name can close it early and go on as live Markdown (links, images).
 */
static void
md_code(struct strbuf *sb, const char *s)
{
	size_t	fence = backtick_run(s) + 1, i;
	bool	pad = fence > 1;

	for (i = 0; i < fence; i++)
		sb_putc(sb, '`');
	if (pad)
		sb_putc(sb, ' ');
	for (; *s != '\0'; s++) {
		/* GFM splits table cells on '|' even inside code spans. */
		if (*s == '|')
			sb_putc(sb, '\\');
		if (!md_control(sb, *s))
			sb_putc(sb, *s);
	}
	if (pad)
		sb_putc(sb, ' ');
	for (i = 0; i < fence; i++)
		sb_putc(sb, '`');
}

static void
md_pct(struct strbuf *sb, uint64_t part, uint64_t whole)
{
	uint64_t	h = usage_hundredths(part, whole);

	if (whole == REPORT_NONE || (whole == 0 && part != 0))
		sb_puts(sb, "-");
	else
		sb_printf(sb, "%" PRIu64 ".%02" PRIu64, h / 100, h % 100);
}

static void
md_bar(struct strbuf *sb, uint64_t used, uint64_t length)
{
	uint64_t	h = usage_hundredths(used, length), full;
	int		i;

	if (length == REPORT_NONE) {
		sb_puts(sb, "-");
		return;
	}
	if (length == 0)
		h = used > 0 ? 10000 : 0;
	full = (h * BAR_CELLS + 5000) / 10000;
	if (full > BAR_CELLS)
		full = BAR_CELLS;
	sb_putc(sb, '`');
	for (i = 0; i < BAR_CELLS; i++)
		sb_puts(sb, (uint64_t)i < full ? "\xe2\x96\x88" :
		    "\xe2\x96\x91");
	sb_putc(sb, '`');
}

static void
md_inputs(struct strbuf *sb, const struct report *r)
{
	const char	*sep = "";

	if (r->board != NULL) {
		sb_puts(sb, "Board ");
		md_code(sb, r->board);
		sep = " \xc2\xb7 ";
	}
	if (r->elf != NULL) {
		sb_printf(sb, "%sELF ", sep);
		md_code(sb, r->elf);
		sep = " \xc2\xb7 ";
	}
	if (r->map != NULL) {
		sb_printf(sb, "%smap ", sep);
		md_code(sb, r->map);
	}
	sb_puts(sb, "\n\n");
}

static void
md_regions(struct strbuf *sb, const struct report *r)
{
	const struct rep_region	*rr;
	size_t			 i;

	sb_puts(sb, "| Region | Used [bytes] | Used [%] | Usage | "
	    "Remain [bytes] | Total [bytes] | Status |\n"
	    "|:--|--:|--:|:--|--:|--:|:--|\n");
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		sb_puts(sb, "| ");
		md_text(sb, rr->name);
		sb_printf(sb, " | %" PRIu64 " | ", rr->used);
		md_pct(sb, rr->used, rr->length);
		sb_puts(sb, " | ");
		md_bar(sb, rr->used, rr->length);
		/* As in every format: nothing remains when it overflows. */
		if (region_sized(rr))
			sb_printf(sb, " | %" PRIu64 " | %" PRIu64, rr->used <=
			    rr->length ? rr->length - rr->used : 0,
			    rr->length);
		else
			sb_puts(sb, " | - | -");
		sb_printf(sb, " | %s |\n", region_status_name(rr->status));
	}
}

static void
md_section_row(struct strbuf *sb, const struct rep_region *rr,
    const char *name, const char *suffix, uint64_t addr, uint64_t size)
{
	sb_puts(sb, "| ");
	md_text(sb, rr->name);
	sb_puts(sb, " | ");
	md_code(sb, name);
	sb_puts(sb, suffix);
	if (addr == REPORT_NONE)
		sb_puts(sb, " | ");
	else
		sb_printf(sb, " | 0x%08" PRIx64 "", addr);
	sb_printf(sb, " | %" PRIu64 " | ", size);
	md_pct(sb, size, rr->length);
	sb_puts(sb, " |\n");
}

static void
md_sections(struct strbuf *sb, const struct report *r)
{
	const struct rep_region		*rr;
	const struct rep_section	*s;
	size_t				 i, j;

	sb_puts(sb, "\n### Sections\n\n"
	    "| Region | Section | Address | Size [bytes] | Used [%] |\n"
	    "|:--|:--|--:|--:|--:|\n");
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		for (j = 0; j < rr->nsections; j++) {
			s = &rr->sections[j];
			md_section_row(sb, rr, s->name, s->load_image ?
			    " (load image)" : "", s->address, s->size);
		}
		if (rr->padding > 0)
			md_section_row(sb, rr, "(alignment and gaps)", "",
			    REPORT_NONE, rr->padding);
	}
	for (i = 0; i < r->noutside; i++) {
		sb_puts(sb, i == 0 ? "\nOutside every region:\n\n" : "");
		sb_puts(sb, "- ");
		md_code(sb, r->outside[i].name);
		sb_printf(sb, ": %" PRIu64 " bytes at 0x%08" PRIx64 "\n",
		    r->outside[i].size, r->outside[i].address);
	}
}

/* " at `FILE:LINE`", FILE relative to the source root if under it. */
static void
md_at(struct strbuf *sb, const struct report *r, const char *file,
    unsigned line)
{
	char	*rel = report_rel_path(r, file), *at;

	at = xasprintf("%s:%u", rel != NULL ? rel : file, line);
	sb_puts(sb, " at ");
	md_code(sb, at);
	free(at);
	free(rel);
}

/* Where: finding_where()'s line, as SARIF has it, else the object file. */
static void
md_finding(struct strbuf *sb, const struct report *r, const struct finding *f)
{
	const char	*where;
	unsigned	 line;

	sb_printf(sb, "- **%s%s** ", f->waived ? "waived " : "",
	    finding_severity_name(f->severity));
	md_code(sb, f->rule);
	if ((where = finding_where(r, f, &line)) != NULL)
		md_at(sb, r, where, line);
	else if (f->object != NULL) {
		sb_puts(sb, " in ");
		md_code(sb, f->object);
	}
	sb_puts(sb, ": ");
	md_text(sb, f->message);
	if (f->waived && f->waiver != NULL) {
		sb_puts(sb, " (waiver: ");
		md_text(sb, f->waiver);
		sb_puts(sb, ")");
	}
	sb_putc(sb, '\n');
}

/*
 * The verdict, then the findings: what a pull request's reader looks for
 * first, above the tables.
 */
static void
md_findings(struct strbuf *sb, const struct report *r)
{
	size_t	i;

	sb_printf(sb, "**%s**: %zu error%s, %zu warning%s, %zu waived%s\n",
	    report_failed(r) ? "Failed" : "Passed", r->nerrors,
	    r->nerrors == 1 ? "" : "s", r->nwarnings,
	    r->nwarnings == 1 ? "" : "s", r->nwaived,
	    r->werror ? " (warnings fail this check)" : "");
	if (r->nfindings > 0)
		sb_puts(sb, "\n### Findings\n\n");
	for (i = 0; i < r->nfindings; i++)
		md_finding(sb, r, &r->findings[i]);
	sb_puts(sb, "\n");
}

static void
md_breakdown(struct strbuf *sb, const struct rep_region *rr,
    enum breakdown k)
{
	static const char *const head[] = { "Archive", "Object file",
	    "Symbol" };
	const struct rep_item	*it;
	size_t			 i;

	sb_printf(sb, "\n### %c%s in ", breakdown_name(k)[0] - 'a' + 'A',
	    breakdown_name(k) + 1);
	md_text(sb, rr->name);
	sb_printf(sb, "\n\n| %s | Size [bytes] | Used [%%] |%s\n|:--|--:|--:|"
	    "%s\n", head[k], k == BD_SYMBOLS ? " Address | Object file |" : "",
	    k == BD_SYMBOLS ? "--:|:--|" : "");
	for (i = 0; i < rr->nitems[k]; i++) {
		it = &rr->items[k][i];
		sb_puts(sb, "| ");
		md_code(sb, it->name);
		sb_printf(sb, " | %" PRIu64 " | ", it->size);
		md_pct(sb, it->size, rr->length);
		if (k == BD_SYMBOLS) {
			sb_printf(sb, " | 0x%08" PRIx64 " | ", it->address);
			if (it->object != NULL)
				md_code(sb, it->object);
		}
		sb_puts(sb, " |\n");
	}
}

/* The archives across regions: files, then synthetic rows, then sums. */
static void
md_cross(struct strbuf *sb, const struct report *r,
    const struct rep_cross *x)
{
	size_t	i, j;

	sb_puts(sb, "\n### Archives in all regions\n\n| Archive |");
	for (j = 0; j < r->nregions; j++) {
		sb_putc(sb, ' ');
		md_text(sb, r->regions[j].name);
		sb_puts(sb, " |");
	}
	sb_puts(sb, " Total |\n|:--|");
	for (j = 0; j <= r->nregions; j++)
		sb_puts(sb, "--:|");
	for (i = 0; i <= x->n; i++) {
		sb_puts(sb, "\n| ");
		if (i < x->n)
			md_code(sb, x->rows[i].name);
		else
			sb_puts(sb, "**Total**");
		for (j = 0; j < r->nregions; j++)
			sb_printf(sb, " | %" PRIu64, i < x->n ?
			    x->rows[i].size[j] : x->sums[j]);
		sb_printf(sb, " | %" PRIu64 " |", i < x->n ?
		    x->rows[i].total : x->total);
	}
	sb_putc(sb, '\n');
}

/* The worst-case stack per root; the path in one cell, root first. */
static void
md_stacks(struct strbuf *sb, const struct report *r)
{
	const struct rep_stack	*rs;
	char			 w[32], res[32], head[32];
	size_t			 i, k;

	sb_puts(sb, "\n### Worst-case stack\n\n"
	    "| Root | Kind | Worst [bytes] | Reserved [bytes] | "
	    "Headroom [bytes] | Path |\n|:--|:--|--:|--:|--:|:--|\n");
	for (i = 0; i < r->nstacks; i++) {
		rs = &r->stacks[i];
		stack_cells(w, res, head, sizeof(w), rs);
		sb_puts(sb, "| ");
		md_code(sb, rs->root);
		sb_printf(sb, " | %s | %s%s | %s | %s | ", rs->kind,
		    rs->lower_bound ? "≥" : "", rs->lower_bound ? w + 2 : w,
		    res, head);
		for (k = 0; k < rs->npath; k++) {
			sb_puts(sb, k > 0 ? " → " : "");
			md_code(sb, rs->path[k].function);
			if (rs->path[k].known)
				sb_printf(sb, " %" PRIu64, rs->path[k].frame);
			else
				sb_puts(sb, " ?");
		}
		if (rs->total > rs->worst)
			sb_printf(sb, " + interrupts %" PRIu64,
			    rs->total - rs->worst);
		sb_puts(sb, " |\n");
	}
	for (i = 0; i < r->nstacks; i++)
		if (r->stacks[i].why != NULL) {
			sb_puts(sb, "\n");
			md_code(sb, r->stacks[i].root);
			sb_puts(sb, ": at least, for ");
			md_text(sb, r->stacks[i].why);
			sb_puts(sb, "\n");
		}
}

void
render_markdown(struct strbuf *sb, const struct report *r)
{
	size_t	i;
	int	k;

	sb_printf(sb, "## memfit %s\n\n", r->kind);
	md_inputs(sb, r);
	if (strcmp(r->kind, "check") == 0) {
		md_findings(sb, r);
		sb_puts(sb, "### Regions\n\n");
	}
	md_regions(sb, r);
	md_sections(sb, r);
	if (r->nstacks > 0)
		md_stacks(sb, r);
	if (r->archives != NULL)
		md_cross(sb, r, r->archives);
	for (k = 0; k < BD_COUNT; k++)
		for (i = 0; i < r->nregions; i++)
			if (r->regions[i].has_items[k] &&
			    r->regions[i].nitems[k] > 0)
				md_breakdown(sb, &r->regions[i],
				    (enum breakdown)k);
}

/* A diff cell: the number, or "-" for a side the row is missing from. */
static void
md_cell(struct strbuf *sb, bool present, char *text)
{
	sb_printf(sb, " %s |", present ? text : "-");
	free(text);
}

static void
md_diff_region(struct strbuf *sb, const struct diff_region *d, bool limits)
{
	int64_t	delta = diff_region_delta(d);

	sb_puts(sb, "| ");
	md_text(sb, d->name);
	if (!d->in_old || !d->in_new)
		sb_printf(sb, " (%s)", d->in_old ? "removed" : "added");
	sb_puts(sb, " |");
	md_cell(sb, d->in_old, xasprintf("%" PRIu64, d->old_used));
	md_cell(sb, d->in_new, xasprintf("%" PRIu64, d->new_used));
	/* Bold marks growth, the thing a reviewer looks for. */
	md_cell(sb, true, xasprintf(delta > 0 ? "**+%" PRId64 "**" :
	    "%" PRId64, delta));
	md_cell(sb, diff_old_sized(d), diff_fmt_pct(diff_old_pct(d), false));
	md_cell(sb, diff_new_sized(d), diff_fmt_pct(diff_new_pct(d), false));
	md_cell(sb, diff_region_sized(d),
	    diff_fmt_pct(diff_region_pct_delta(d), true));
	md_cell(sb, diff_old_sized(d), diff_fmt_delta(diff_remain(d->old_used,
	    d->old_length), false));
	md_cell(sb, diff_new_sized(d), diff_fmt_delta(diff_remain(d->new_used,
	    d->new_length), false));
	md_cell(sb, diff_region_sized(d),
	    diff_fmt_delta(diff_region_remain_delta(d), true));
	md_cell(sb, diff_region_length(d) != REPORT_NONE,
	    xasprintf("%" PRIu64, diff_region_length(d)));
	if (limits)
		sb_puts(sb, d->exceeded ? " **exceeded** |" : "  |");
	sb_putc(sb, '\n');
}

static void
md_diff_item(struct strbuf *sb, enum breakdown k, const struct diff_item *it)
{
	sb_puts(sb, "| ");
	md_text(sb, it->region);
	sb_puts(sb, " | ");
	md_code(sb, it->name);
	if (k == BD_SYMBOLS) {
		sb_puts(sb, " | ");
		if (it->object != NULL)
			md_code(sb, it->object);
	}
	sb_puts(sb, " |");
	md_cell(sb, it->in_old, xasprintf("%" PRIu64, it->old_size));
	md_cell(sb, it->in_new, xasprintf("%" PRIu64, it->new_size));
	md_cell(sb, true, diff_fmt_delta(diff_delta(it->old_size,
	    it->new_size), true));
	sb_putc(sb, '\n');
}

static void
md_diff_items(struct strbuf *sb, const struct diff *df, enum breakdown k)
{
	static const char *const what[] = { "archive", "object file",
	    "symbol" };
	static const char *const head[] = { "Archive", "Object file",
	    "Symbol" };
	size_t			 i;

	sb_printf(sb, "\n### Largest %s changes\n\n", what[k]);
	if (df->nitems[k] == 0) {
		sb_puts(sb, "No change.\n");
		return;
	}
	sb_printf(sb, "| Region | %s |%s Old [bytes] | New [bytes] | "
	    "Delta [bytes] |\n|:--|:--|%s--:|--:|--:|\n", head[k],
	    k == BD_SYMBOLS ? " Object file |" : "",
	    k == BD_SYMBOLS ? ":--|" : "");
	for (i = 0; i < df->nitems[k]; i++)
		md_diff_item(sb, k, &df->items[k][i]);
}

/* Root, kind, old, new, delta, reserved, headroom, as the table. */
static void
md_diff_stack(struct strbuf *sb, const struct diff_stack *s, bool limits)
{
	int64_t		delta = diff_stack_delta(s);
	uint64_t	res = diff_stack_reserved(s);

	sb_puts(sb, "| ");
	md_code(sb, s->root);
	if (!s->in_old || !s->in_new)
		sb_printf(sb, " (%s)", s->in_old ? "removed" : "added");
	sb_printf(sb, " | %s |", s->kind);
	md_cell(sb, s->in_old, xasprintf("%s%" PRIu64, s->old_lower ? "≥" :
	    "", s->old_total));
	md_cell(sb, s->in_new, xasprintf("%s%" PRIu64, s->new_lower ? "≥" :
	    "", s->new_total));
	md_cell(sb, true, xasprintf(delta > 0 ? "**+%" PRId64 "**" :
	    "%" PRId64, delta));
	md_cell(sb, res != REPORT_NONE, diff_fmt_reserved(s));
	md_cell(sb, res != REPORT_NONE, xasprintf("%s%" PRId64,
	    diff_stack_lower(s) ? "≤" : "", diff_stack_headroom(s)));
	if (limits)
		sb_puts(sb, s->exceeded ? " **exceeded** |" : "  |");
	sb_putc(sb, '\n');
}

static void
md_diff_stacks(struct strbuf *sb, const struct diff *df)
{
	size_t	i;

	if (!df->old_stacks && !df->new_stacks)
		return;
	sb_puts(sb, "\n### Worst-case stack\n\n");
	if (!diff_has_stacks(df)) {
		sb_printf(sb, "Only %s has stack data.\n", df->old_stacks ?
		    "old" : "new");
		return;
	}
	sb_printf(sb, "| Root | Kind | Old [bytes] | New [bytes] | "
	    "Delta [bytes] | Reserved [bytes] | Headroom [bytes] |%s\n"
	    "|:--|:--|--:|--:|--:|--:|--:|%s\n",
	    df->nlimits ? " Growth limit |" : "", df->nlimits ? ":--|" : "");
	for (i = 0; i < df->nstacks; i++)
		md_diff_stack(sb, &df->stacks[i], df->nlimits > 0);
}

static void
md_diff_limits(struct strbuf *sb, const struct diff *df)
{
	const struct growth_limit	*l;
	const char			*sep;
	size_t				 i, j;

	sb_puts(sb, "\n### Growth limits\n\n");
	for (i = 0; i < df->nlimits; i++) {
		l = &df->limits[i];
		sb_puts(sb, "- ");
		md_code(sb, l->spec);
		sb_puts(sb, l->exceeded ? ": **exceeded**" : ": ok");
		for (j = 0, sep = " (length unknown: "; j < df->nregions; j++) {
			if (!limit_skips(l, &df->regions[j]))
				continue;
			sb_puts(sb, sep);
			md_text(sb, df->regions[j].name);
			sep = ", ";
		}
		for (j = 0; j < df->nstacks; j++) {
			if (!stack_limit_skips(l, &df->stacks[j]))
				continue;
			sb_puts(sb, *sep == ',' ? sep : " (reserved stack "
			    "unknown: ");
			md_text(sb, df->stacks[j].root);
			sep = ", ";
		}
		sb_puts(sb, *sep == ',' ? ")\n" : "\n");
	}
}

void
render_diff_markdown(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	size_t	i;
	int	k;

	sb_puts(sb, "## memfit diff\n\nOld ");
	md_code(sb, o->old_name);
	sb_puts(sb, " \xc2\xb7 new ");
	md_code(sb, o->new_name);
	sb_printf(sb, "\n\n| Region | Old used | New used | Delta used | "
	    "Old [%%] | New [%%] | Delta [%%] | Old remain | New remain | "
	    "Delta remain | Total [bytes] |%s\n"
	    "|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%s\n",
	    df->nlimits ? " Growth limit |" : "", df->nlimits ? ":--|" : "");
	for (i = 0; i < df->nregions; i++)
		md_diff_region(sb, &df->regions[i], df->nlimits > 0);
	for (k = 0; k < BD_COUNT; k++)
		if (df->has_items[k])
			md_diff_items(sb, df, (enum breakdown)k);
	md_diff_stacks(sb, df);
	if (df->nlimits > 0)
		md_diff_limits(sb, df);
}
