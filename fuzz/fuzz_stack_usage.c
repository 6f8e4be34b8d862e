/*
 * libFuzzer target: GCC's stack-usage readers. Inputs that start with
 * "graph:" go to the .ci (call graph) parser, the rest to the .su parser.
 */
#include <stdint.h>

#include "fuzz.h"
#include "stack_usage.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	 d;
	struct su_unit	*u = NULL;
	const char	*buf = (const char *)data;
	size_t		 i, sum = 0;
	int		 r;

	diags_init(&d);
	if (size >= 6 && memcmp(buf, "graph:", 6) == 0)
		r = su_parse_ci(&u, "fuzz.ci", buf, size, &d);
	else
		r = su_parse_su(&u, "fuzz.su", buf, size, &d);
	if (r == 0) {
		for (i = 0; i < u->nfuncs; i++)
			sum += fuzz_touch(u->funcs[i].name) +
			    fuzz_touch(u->funcs[i].display) +
			    fuzz_touch(u->funcs[i].title) +
			    fuzz_touch(u->funcs[i].pos.file);
		for (i = 0; i < u->ncalls; i++) {
			sum += fuzz_touch(u->calls[i].to);
			if (u->calls[i].from >= u->nfuncs)
				__builtin_trap();
		}
	}
	su_unit_free(u);
	fuzz_diags_done(&d);
	return sum == SIZE_MAX;
}
