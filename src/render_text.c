/*
 * check's default output: findings in the GNU message form
 * (file:line: severity: message [rule]), then a plain usage table with
 * columns measured before printing, so names are never cut.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static void
finding_location(struct strbuf *sb, const struct finding *f,
    const char *input)
{
	if (f->file != NULL && f->line > 0)
		sb_printf(sb, "%s:%u: ", f->file, f->line);
	else if (f->object != NULL)
		sb_printf(sb, "%s: ", f->object);
	else
		sb_printf(sb, "%s: ", input ? input : "memfit");
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
		sb_printf(sb, "%s: %s [%s]", f->waived ? "note" :
		    finding_severity_name(f->severity), f->message, f->rule);
		if (f->waived)
			sb_printf(sb, " (waived: %s)", f->waiver);
		sb_putc(sb, '\n');
	}
}

static int
num_width(uint64_t v)
{
	char	buf[32];

	return snprintf(buf, sizeof(buf), "%" PRIu64, v);
}

static void
render_usage(struct strbuf *sb, const struct report *r)
{
	const struct rep_region	*rr;
	uint64_t		 pct, free_;
	int			 wn = 6, wu = 4, wl = 4;
	size_t			 i;

	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		if ((int)strlen(rr->name) > wn)
			wn = (int)strlen(rr->name);
		if (num_width(rr->used) > wu)
			wu = num_width(rr->used);
		if (num_width(rr->length) > wl)
			wl = num_width(rr->length);
	}
	sb_printf(sb, "%-*s  %*s  %*s  %7s  %*s  %s\n", wn, "Region", wu,
	    "Used", wl, "Free", "Used%", wl, "Size", "Status");
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		pct = usage_hundredths(rr->used, rr->length);
		free_ = rr->used < rr->length ? rr->length - rr->used : 0;
		sb_printf(sb, "%-*s  %*" PRIu64 "  %*" PRIu64 "  %3" PRIu64
		    ".%02" PRIu64 "%%  %*" PRIu64 "  %s\n", wn, rr->name, wu,
		    rr->used, wl, free_, pct / 100, pct % 100, wl, rr->length,
		    region_status_name(rr->status));
	}
	for (i = 0; i < r->noutside; i++)
		sb_printf(sb, "outside every region: %s, %" PRIu64 " bytes at "
		    "0x%" PRIx64 "\n", r->outside[i].name, r->outside[i].size,
		    r->outside[i].address);
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
}
