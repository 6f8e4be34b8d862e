/*
 * libFuzzer target: the JSON report reader used by diff, and diff's
 * arithmetic on what it reads. A report that reads back must also survive
 * the round trip: written again, it reads back to the same document. Then
 * it is diffed against its own mirror (each region's used and length
 * swapped, each stack root's total and reserved, so hostile values meet
 * small ones on both sides) in both
 * directions and against nothing, with growth limits applied, and each
 * diff is rendered in every format: under UBSan, an overflow aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fuzz.h"
#include "report.h"
#include "report_json.h"
#include "report_json_out.h"

static void
diff_once(const struct report *old, const struct report *new)
{
	struct growth_limit	 lim[4];
	struct diff_render_opts	 o = { .old_name = "old", .new_name = "new",
				     .old_type = "json", .new_type = "json" };
	struct diff		 df;
	struct strbuf		 sb;
	char			*err = NULL;

	memset(lim, 0, sizeof(lim));
	lim[0] = (struct growth_limit){ .spec = "1", .value = 1 };
	lim[1] = (struct growth_limit){ .spec = "0.01%", .percent = true,
	    .value = 1 };
	/* Last: without stacks on both sides they are refused. */
	lim[2] = (struct growth_limit){ .spec = "1:stack", .stack = true,
	    .value = 1 };
	lim[3] = (struct growth_limit){ .spec = "0.01%:stack", .stack = true,
	    .percent = true, .value = 1 };
	diff_compute(&df, old, new);
	if (diff_apply_limits(&df, lim, 4, &err) != 0)
		free(err);
	sb_init(&sb);
	render_diff_table(&sb, &df, &o);
	render_diff_json(&sb, &df, &o);
	render_diff_csv(&sb, &df);
	render_diff_markdown(&sb, &df, &o);
	fuzz_touch(sb.buf);
	sb_free(&sb);
	diff_free(&df);
}

static void
diff_all(const struct report *r, struct report *mirror)
{
	struct report	 none;
	uint64_t	 t;
	size_t		 i;

	for (i = 0; i < mirror->nregions; i++) {
		t = mirror->regions[i].used;
		mirror->regions[i].used = mirror->regions[i].length;
		mirror->regions[i].length = t;
	}
	for (i = 0; i < mirror->nstacks; i++) {
		t = mirror->stacks[i].total;
		mirror->stacks[i].total = mirror->stacks[i].reserved;
		mirror->stacks[i].reserved = t;
		mirror->stacks[i].lower_bound = !mirror->stacks[i].lower_bound;
	}
	report_init(&none, "size");
	diff_once(r, mirror);
	diff_once(mirror, r);
	diff_once(r, &none);
	diff_once(&none, r);
	report_free(&none);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report	 r, r2;
	struct diags	 d;
	char		*json = NULL, *json2 = NULL;
	int		 rc;

	diags_init(&d);
	rc = report_from_json(&r, "fuzz.json", (const char *)data, size, &d);
	fuzz_diags_done(&d);
	if (rc != 0)
		return 0;
	if (report_to_json(&json, &r) != 0)
		__builtin_trap();
	diags_init(&d);
	if (report_from_json(&r2, "again.json", json, strlen(json), &d) != 0) {
		diags_print(stderr, &d);
		__builtin_trap();
	}
	diags_free(&d);
	if (report_to_json(&json2, &r2) != 0 || strcmp(json, json2) != 0) {
		fprintf(stderr, "round trip differs:\n%s---\n%s", json, json2);
		__builtin_trap();
	}
	diff_all(&r, &r2);
	free(json);
	free(json2);
	report_free(&r);
	report_free(&r2);
	return 0;
}
