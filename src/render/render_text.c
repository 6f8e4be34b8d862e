/*
 * check's default output: findings in the GNU message form
 * (file:line: severity: message [rule]), then a plain usage table with
 * columns measured before printing, so names are never cut.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* Paths and names from DWARF, maps and ELFs: escaped, never raw. */
static void
finding_location(struct strbuf *sb, const struct finding *f,
    const char *input)
{
	if (f->file != NULL && f->line > 0) {
		sb_put_escaped(sb, f->file);
		sb_printf(sb, ":%u: ", f->line);
		return;
	}
	sb_put_escaped(sb, f->object != NULL ? f->object :
	    input != NULL ? input : "memfit");
	sb_puts(sb, ": ");
}

/*
 * A root's deepest path under its finding, frame by frame: bytes,
 * function, where it is defined; the interrupts on top of a thread last.
 */
void
render_stack_path(struct strbuf *sb, const struct rep_stack *rs)
{
	const struct rep_stack_frame	*f;
	size_t				 i;

	for (i = 0; i < rs->npath; i++) {
		f = &rs->path[i];
		if (f->known)
			sb_printf(sb, "  %8" PRIu64 "  ", f->frame);
		else
			sb_printf(sb, "  %8s  ", "?");
		sb_put_escaped(sb, f->function);
		if (f->file != NULL) {
			sb_puts(sb, "  ");
			sb_put_escaped(sb, f->file);
			sb_printf(sb, ":%u", f->line);
		}
		sb_putc(sb, '\n');
	}
	if (rs->total > rs->worst)
		sb_printf(sb, "  %8" PRIu64 "  (%s)\n", rs->total - rs->worst,
		    strcmp(rs->kind, "task") == 0 ? "its context switch" :
		    "interrupt handlers on top");
}

static void
render_findings(struct strbuf *sb, const struct report *r,
    const struct render_opts *o)
{
	const struct finding	*f;
	size_t			 i;

	for (i = 0; i < r->nfindings; i++) {
		f = &r->findings[i];
		finding_location(sb, f, o->input);
		sb_printf(sb, "%s: ", f->waived ? "note" :
		    finding_severity_name(f->severity));
		sb_put_escaped(sb, f->message);
		sb_printf(sb, " [%s]", f->rule);
		if (f->waived) {
			sb_puts(sb, " (waived: ");
			sb_put_escaped(sb, f->waiver);
			sb_putc(sb, ')');
		}
		sb_putc(sb, '\n');
		if (f->stack < r->nstacks)
			render_stack_path(sb, &r->stacks[f->stack]);
	}
}

/* "584" or ">=584" for a lower bound; headroom signed, "-" unknown. */
void
stack_cells(char *worst, char *res, char *head, size_t n,
    const struct rep_stack *rs)
{
	snprintf(worst, n, "%s%" PRIu64, rs->lower_bound ? ">=" : "",
	    rs->total);
	if (rs->reserved == REPORT_NONE) {
		snprintf(res, n, "-");
		snprintf(head, n, "-");
		return;
	}
	snprintf(res, n, "%" PRIu64, rs->reserved);
	if (rs->total <= rs->reserved)
		snprintf(head, n, "%" PRIu64, rs->reserved - rs->total);
	else
		snprintf(head, n, "-%" PRIu64, rs->total - rs->reserved);
}

/* check's plain stack table: one line per root. */
static void
render_stacks(struct strbuf *sb, const struct report *r)
{
	const struct rep_stack	*rs;
	char			 w[32], res[32], head[32];
	int			 wn = 5;
	size_t			 i;

	for (i = 0; i < r->nstacks; i++)
		if ((int)strlen(r->stacks[i].root) > wn)
			wn = (int)strlen(r->stacks[i].root);
	sb_printf(sb, "\n%-*s  %-9s  %8s  %8s  %8s\n", wn, "Stack", "Kind",
	    "Worst", "Reserved", "Headroom");
	for (i = 0; i < r->nstacks; i++) {
		rs = &r->stacks[i];
		stack_cells(w, res, head, sizeof(w), rs);
		sb_put_escaped(sb, rs->root);
		sb_printf(sb, "%*s  %-9s  %8s  %8s  %8s\n",
		    wn - (int)strlen(rs->root), "", rs->kind, w, res, head);
	}
}

static int
num_width(uint64_t v)
{
	char	buf[32];

	return snprintf(buf, sizeof(buf), "%" PRIu64, v);
}

/* Free, Used% and Size of RR as the columns show them: "-" unknown. */
static void
usage_cells(char *free_, char *pct, char *size, size_t n,
    const struct rep_region *rr)
{
	uint64_t	h = usage_hundredths(rr->used, rr->length);

	if (!region_sized(rr)) {
		snprintf(free_, n, "-");
		snprintf(pct, n, "-");
		snprintf(size, n, "-");
		return;
	}
	snprintf(free_, n, "%" PRIu64, rr->used < rr->length ?
	    rr->length - rr->used : 0);
	snprintf(pct, n, "%" PRIu64 ".%02" PRIu64 "%%", h / 100, h % 100);
	snprintf(size, n, "%" PRIu64, rr->length);
}

static void
render_usage(struct strbuf *sb, const struct report *r)
{
	const struct rep_region	*rr;
	char			 free_[32], pct[32], size[32];
	char			*name;
	int			 wn = 6, wu = 4, wl = 4;
	size_t			 i;

	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		if ((int)strlen(rr->name) > wn)
			wn = (int)strlen(rr->name);
		if (num_width(rr->used) > wu)
			wu = num_width(rr->used);
		if (region_sized(rr) && num_width(rr->length) > wl)
			wl = num_width(rr->length);
	}
	sb_printf(sb, "%-*s  %*s  %*s  %7s  %*s  %s\n", wn, "Region", wu,
	    "Used", wl, "Free", "Used%", wl, "Size", "Status");
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		usage_cells(free_, pct, size, sizeof(free_), rr);
		name = str_escape_controls(rr->name);
		sb_printf(sb, "%-*s  %*" PRIu64 "  %*s  %7s  %*s  %s\n", wn,
		    name ? name : rr->name, wu, rr->used, wl, free_, pct, wl,
		    size, region_status_name(rr->status));
		free(name);
	}
	render_outside(sb, r);
}

void
render_outside(struct strbuf *sb, const struct report *r)
{
	size_t	i;

	for (i = 0; i < r->noutside; i++) {
		sb_puts(sb, "outside every region: ");
		sb_put_escaped(sb, r->outside[i].name);
		sb_printf(sb, ", %" PRIu64 " bytes at 0x%" PRIx64 "\n",
		    r->outside[i].size, r->outside[i].address);
	}
}

void
render_check_text(struct strbuf *sb, const struct report *r,
    const struct render_opts *o)
{
	render_findings(sb, r, o);
	if (!o->sections)
		return;
	if (r->nfindings > 0)
		sb_putc(sb, '\n');
	render_usage(sb, r);
	if (r->nstacks > 0)
		render_stacks(sb, r);
}
