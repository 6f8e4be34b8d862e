/*
 * Reading a JSON report back, for diff (src/input/report_json.c, the only
 * user of <cJSON.h>). The format is the one report_json_out.h writes.
 */
#ifndef MEMFIT_REPORT_JSON_H
#define MEMFIT_REPORT_JSON_H

#include <stddef.h>

#include "diag.h"
#include "report.h"

/*
 * Read the report in BUF (LEN bytes, NAME: the file, for diagnostics) into
 * *out. Returns 0, or -1 with one error at NAME in D (the first problem;
 * what follows it is not read).
 */
int	report_from_json(struct report *out, const char *name, const char *buf,
	    size_t len, struct diags *d);

#endif
