/*
 * Terminal rendering of a report for check: findings in the GNU message
 * form (file:line: severity: message [rule]), then the usage table. Column
 * widths are measured first, then rows printed, so names are never cut.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_text.h"
#include "util.h"

static void
finding_location(FILE *fp, const struct finding *f, const char *input)
{
	if (f->file != NULL && f->line > 0)
		fprintf(fp, "%s:%u: ", f->file, f->line);
	else if (f->object != NULL)
		fprintf(fp, "%s: ", f->object);
	else
		fprintf(fp, "%s: ", input);
}

void
report_print_findings(FILE *fp, const struct report *r, const char *input)
{
	const struct finding	*f;
	size_t			 i;

	for (i = 0; i < r->nfindings; i++) {
		f = &r->findings[i];
		finding_location(fp, f, input);
		fprintf(fp, "%s: %s [%s]", f->waived ? "note" :
		    finding_severity_name(f->severity), f->message, f->rule);
		if (f->waived)
			fprintf(fp, " (waived: %s)", f->waiver);
		fputc('\n', fp);
	}
}

static int
num_width(uint64_t v)
{
	char	buf[32];

	return snprintf(buf, sizeof(buf), "%" PRIu64, v);
}

void
report_print_usage(FILE *fp, const struct report *r)
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
	fprintf(fp, "%-*s  %*s  %*s  %7s  %*s  %s\n", wn, "Region", wu, "Used",
	    wl, "Free", "Used%", wl, "Size", "Status");
	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		pct = usage_hundredths(rr->used, rr->length);
		free_ = rr->used < rr->length ? rr->length - rr->used : 0;
		fprintf(fp, "%-*s  %*" PRIu64 "  %*" PRIu64 "  %3" PRIu64
		    ".%02" PRIu64 "%%  %*" PRIu64 "  %s\n", wn, rr->name, wu,
		    rr->used, wl, free_, pct / 100, pct % 100, wl, rr->length,
		    region_status_name(rr->status));
	}
	for (i = 0; i < r->noutside; i++)
		fprintf(fp, "outside every region: %s, %" PRIu64 " bytes at "
		    "0x%" PRIx64 "\n", r->outside[i].name, r->outside[i].size,
		    r->outside[i].address);
}

void
report_print_summary(FILE *fp, const struct report *r)
{
	fprintf(fp, "%zu error%s, %zu warning%s, %zu waived\n", r->nerrors,
	    r->nerrors == 1 ? "" : "s", r->nwarnings,
	    r->nwarnings == 1 ? "" : "s", r->nwaived);
}
