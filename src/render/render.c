/*
 * Output format names and dispatch.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "report_json_out.h"

static const char *const format_names[] = {
	[FMT_TABLE] = "table",
	[FMT_JSON] = "json",
	[FMT_CSV] = "csv",
	[FMT_MARKDOWN] = "markdown",
	[FMT_SARIF] = "sarif",
	[FMT_HTML] = "html",
};

int
report_format_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < ARRAY_LEN(format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
report_format_name(enum report_format f)
{
	return format_names[f];
}

static int
render_json(struct strbuf *sb, const struct report *r)
{
	char	*json = NULL;

	if (report_to_json(&json, r) < 0)
		return -1;
	sb_puts(sb, json);
	free(json);
	return 0;
}

int
report_render(struct strbuf *sb, const struct report *r,
    enum report_format f, const struct render_opts *o)
{
	switch (f) {
	case FMT_TABLE:
		if (strcmp(r->kind, "check") == 0)
			render_check_text(sb, r, o);
		else
			render_table(sb, r, o);
		return 0;
	case FMT_JSON:
		return render_json(sb, r);
	case FMT_CSV:
		render_csv(sb, r);
		return 0;
	case FMT_MARKDOWN:
		render_markdown(sb, r);
		return 0;
	case FMT_SARIF:
		return render_sarif(sb, r);
	case FMT_HTML:
		return render_html(sb, r);
	default:
		return -1;
	}
}
