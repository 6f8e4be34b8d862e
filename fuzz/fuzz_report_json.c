/*
 * libFuzzer target: the JSON report reader used by diff. A report that
 * reads back must also survive the round trip: written again, it reads
 * back to the same document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report	 r, r2;
	char		*err = NULL, *json = NULL, *json2 = NULL;

	if (report_from_json(&r, "fuzz.json", (const char *)data, size,
	    &err) != 0) {
		fuzz_touch(err);
		free(err);
		return 0;
	}
	if (report_to_json(&json, &r) != 0)
		__builtin_trap();
	if (report_from_json(&r2, "again.json", json, strlen(json),
	    &err) != 0) {
		fprintf(stderr, "round trip: %s\n", err);
		__builtin_trap();
	}
	if (report_to_json(&json2, &r2) != 0 || strcmp(json, json2) != 0) {
		fprintf(stderr, "round trip differs:\n%s---\n%s", json, json2);
		__builtin_trap();
	}
	free(json);
	free(json2);
	report_free(&r);
	report_free(&r2);
	return 0;
}
