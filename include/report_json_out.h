/*
 * The report as JSON (src/render/report_json_out.c): format 1 ("memfit": 1),
 * described by schemas/report.schema.json. Reading it back is
 * report_json.h.
 */
#ifndef MEMFIT_REPORT_JSON_OUT_H
#define MEMFIT_REPORT_JSON_OUT_H

#include "report.h"

/*
 * Render R into *out (allocated, NUL-terminated, ending in a newline) in a
 * fixed layout, so golden tests can compare bytes. Returns 0.
 */
int	report_to_json(char **out, const struct report *r);

#endif
