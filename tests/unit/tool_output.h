/*
 * Unit-test helper: what binutils print for a file, from the reference
 * committed beside it (by the fixture's build.sh) when there is one, else
 * from running the tool. Shared by the tests that hold memfit's readings
 * to readelf, objdump and nm. Include after <criterion/criterion.h>.
 */
#ifndef MEMFIT_TEST_TOOL_OUTPUT_H
#define MEMFIT_TEST_TOOL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Skip the test when TOOL is not installed. */
static void
need(const char *tool)
{
	char	*cmd = xasprintf("command -v %s >/dev/null 2>&1", tool);
	int	 rc = system(cmd);

	free(cmd);
	if (rc != 0)
		cr_skip_test("%s is not installed", tool);
}

/*
 * What `TOOL ARGS PATH` prints: from PATH.readelf-SW (for readelf -SW)
 * when build.sh committed it, else from running TOOL, which *PIPED says.
 */
static FILE *
tool_output(const char *tool, const char *args, const char *path,
    bool *piped)
{
	const char	*base = strrchr(tool, '-');
	char		*ref, *cmd, *p;
	FILE		*f;

	ref = xasprintf("%s.%s%s", path, base ? base + 1 : tool, args);
	for (p = ref + strlen(path); *p != '\0'; p++)
		if (*p == ' ')
			memmove(p, p + 1, strlen(p));
	*piped = access(ref, R_OK) != 0;
	if (*piped) {
		need(tool);
		cmd = xasprintf("%s %s '%s'", tool, args, path);
		f = popen(cmd, "r");
		free(cmd);
	} else
		f = fopen(ref, "r");
	cr_assert_not_null(f, "%s", ref);
	free(ref);
	return f;
}

static void
tool_close(FILE *f, bool piped)
{
	if (piped)
		cr_assert_eq(pclose(f), 0);
	else
		cr_assert_eq(fclose(f), 0);
}

#endif
