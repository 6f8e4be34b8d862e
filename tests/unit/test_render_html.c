/*
 * The HTML page's embedding (render_html.c) on reports built in code:
 * names that try to close the data's <script> element or the title stay
 * text, the embedded JSON is the JSON report without its indentation,
 * and the page names nothing outside itself.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "report_json_out.h"

static const char *const HOSTILE = "</script><script>alert(1)</script>";

static size_t
count(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p;

	for (p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
one_region(struct report *r, const char *name)
{
	struct rep_region	*g;

	r->regions = xcalloc(1, sizeof(*r->regions));
	r->nregions = 1;
	g = &r->regions[0];
	g->name = xstrdup(name);
	g->origin = 0x20000000;
	g->length = 1024;
	g->used = 100;
	g->budget_warn = g->budget_error = REPORT_NONE;
}

/* The JSON between the data element's tags, allocated. */
static char *
embedded(const char *page)
{
	const char	*open = "id=\"memfit-data\">", *b, *e;

	b = strstr(page, open);
	cr_assert_not_null(b);
	b += strlen(open);
	e = strstr(b, "</script>");
	cr_assert_not_null(e);
	return xstrndup(b, (size_t)(e - b));
}

Test(render_html, names_stay_data)
{
	struct report	r;
	struct strbuf	sb;
	char		*data;

	report_init(&r, "size");
	r.elf = xstrdup(HOSTILE);
	one_region(&r, HOSTILE);
	sb_init(&sb);
	cr_assert_eq(render_html(&sb, &r), 0);
	/* The page's own elements only: a JSON one and the program. */
	cr_assert_eq(count(sb.buf, "<script"), 2);
	cr_assert_eq(count(sb.buf, "</script>"), 2);
	cr_assert_eq(count(sb.buf, "alert(1)"), 4, "in the title, the <h1> "
	    "and twice in the data");
	cr_assert_not_null(strstr(sb.buf, "&lt;/script&gt;&lt;script&gt;"));
	data = embedded(sb.buf);
	cr_assert_null(strchr(data, '<'));
	cr_assert_not_null(strstr(data, "\"name\":\"\\u003c/script>"));
	free(data);
	sb_free(&sb);
	report_free(&r);
}

/* The JSON report, byte for byte, but for the layout's whitespace. */
Test(render_html, data_is_the_json_report)
{
	struct report	r;
	struct strbuf	sb, want;
	char		*json = NULL, *data, *p;
	bool		 in_str = false;

	report_init(&r, "size");
	one_region(&r, "RAM \"quoted\" with spaces");
	sb_init(&sb);
	sb_init(&want);
	cr_assert_eq(render_html(&sb, &r), 0);
	cr_assert_eq(report_to_json(&json, &r), 0);
	for (p = json; *p != '\0'; p++) {
		if (*p == '\\' && in_str) {
			sb_add(&want, p++, 2);
			continue;
		}
		if (*p == '"')
			in_str = !in_str;
		if (in_str || (*p != ' ' && *p != '\n'))
			sb_putc(&want, *p);
	}
	data = embedded(sb.buf);
	cr_assert_str_eq(data, want.buf);
	cr_assert_not_null(strstr(data, "RAM \\\"quoted\\\" with spaces"));
	cr_assert_null(strstr(sb.buf, "http:"));
	cr_assert_null(strstr(sb.buf, "https:"));
	cr_assert_null(strstr(sb.buf, " src="));
	free(data);
	free(json);
	sb_free(&want);
	sb_free(&sb);
	report_free(&r);
}
