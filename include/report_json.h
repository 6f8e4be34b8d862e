/*
 * Reading a JSON report back, for diff (src/input/report_json.c, the only
 * user of <cJSON.h>). The format is the one report_json_out.h writes.
 */
#ifndef MEMFIT_REPORT_JSON_H
#define MEMFIT_REPORT_JSON_H

#include <stddef.h>

#include "report.h"

/*
 * Read the report in BUF (LEN bytes, NAME for messages) into *out. Returns
 * 0, or -1 with "NAME: error: ..." (allocated, one line) in *err.
 */
int	report_from_json(struct report *out, const char *name, const char *buf,
	    size_t len, char **err);

#endif
