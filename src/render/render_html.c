/*
 * The report as one self-contained HTML page (--format html): memfit's
 * own page, style and script (src/render/html/, compiled in as byte arrays
 * by src/render/html/embed.c) with the data embedded as the JSON report,
 * the same document --format json writes. The page loads nothing: its
 * Content-Security-Policy lets the browser refuse any fetch.
 *
 * The template's {{name}} marks are replaced here; the JSON goes inside
 * <script type="application/json">, with every '<' written as \u003c (it
 * only occurs inside strings), so a symbol named "</script>" stays data.
 */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "json_out.h"
#include "render.h"
#include "report_json_out.h"

/* Generated from src/render/html/ by the build (embed.c). */
extern const char memfit_html_report_html[];
extern const char memfit_html_report_css[];
extern const char memfit_html_report_js[];

/*
 * JSON inside a <script> element: no '<', so nothing can close it, and
 * without the layout's indentation (a third of the bytes with symbols),
 * which only ever stands between tokens.
 */
static void
put_json_script(struct strbuf *sb, const char *id, const char *json)
{
	const char	*p, *run;
	bool		 in_str = false;

	sb_printf(sb, "<script type=\"application/json\" id=\"%s\">", id);
	for (p = run = json; *p != '\0'; p++) {
		if (in_str && *p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '"')
			in_str = !in_str;
		else if (*p == '<' || (!in_str && (*p == ' ' || *p == '\n'))) {
			sb_add(sb, run, (size_t)(p - run));
			if (*p == '<')
				sb_puts(sb, "\\u003c");
			run = p + 1;
		}
	}
	sb_add(sb, run, (size_t)(p - run));
	sb_puts(sb, "</script>\n");
}

/* S as HTML text: the title names the inputs, which can hold anything. */
static void
put_text(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '<')
			sb_puts(sb, "&lt;");
		else if (*s == '>')
			sb_puts(sb, "&gt;");
		else if (*s == '&')
			sb_puts(sb, "&amp;");
		else if (*s == '"')
			sb_puts(sb, "&quot;");
		else if ((unsigned char)*s >= 0x20 || *s == '\t')
			sb_putc(sb, *s);
	}
}

struct page {
	const char	*title;
	const char	*data;		/* the report's JSON */
	const char	*old;		/* diff: OLD's report, or NULL */
	const char	*diff;		/* diff: the diff's JSON, or NULL */
};

static void
put_mark(struct strbuf *sb, const char *mark, size_t len,
    const struct page *pg)
{
	if (len == 5 && memcmp(mark, "title", 5) == 0)
		put_text(sb, pg->title);
	else if (len == 3 && memcmp(mark, "css", 3) == 0)
		sb_puts(sb, memfit_html_report_css);
	else if (len == 2 && memcmp(mark, "js", 2) == 0)
		sb_puts(sb, memfit_html_report_js);
	else if (len == 4 && memcmp(mark, "data", 4) == 0) {
		put_json_script(sb, "memfit-data", pg->data);
		if (pg->old != NULL)
			put_json_script(sb, "memfit-old", pg->old);
		if (pg->diff != NULL)
			put_json_script(sb, "memfit-diff", pg->diff);
	}
}

/* The template with each {{mark}} replaced. */
static void
render_page(struct strbuf *sb, const struct page *pg)
{
	const char	*p = memfit_html_report_html, *open, *close;

	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open, "}}")) != NULL) {
		sb_add(sb, p, (size_t)(open - p));
		put_mark(sb, open + 2, (size_t)(close - open - 2), pg);
		p = close + 2;
	}
	sb_puts(sb, p);
}

/* "memfit size: board crazyflie-2, fw.elf" */
static char *
page_title(const char *kind, const struct report *r)
{
	struct strbuf	sb;

	sb_init(&sb);
	sb_printf(&sb, "memfit %s", kind);
	if (r->board != NULL)
		sb_printf(&sb, ": %s", r->board);
	if (r->elf != NULL || r->map != NULL)
		sb_printf(&sb, "%s%s", r->board != NULL ? ", " : ": ",
		    r->elf != NULL ? r->elf : r->map);
	return sb_detach(&sb);
}

int
render_html(struct strbuf *sb, const struct report *r)
{
	struct page	pg = { NULL, NULL, NULL, NULL };
	char		*title = page_title(r->kind, r), *json = NULL;
	int		 ret = -1;

	if (report_to_json(&json, r) < 0)
		goto out;
	pg.title = title;
	pg.data = json;
	render_page(sb, &pg);
	ret = 0;
out:
	free(json);
	free(title);
	return ret;
}

int
render_diff_html(struct strbuf *sb, const struct diff *df,
    const struct diff_render_opts *o)
{
	struct page	pg = { NULL, NULL, NULL, NULL };
	struct strbuf	dj;
	char		*title = NULL, *old = NULL, *new = NULL;
	int		 ret = -1;

	sb_init(&dj);
	render_diff_json(&dj, df, o);
	if (report_to_json(&old, df->old) < 0 ||
	    report_to_json(&new, df->new) < 0)
		goto out;
	title = page_title("diff", df->new);
	pg.title = title;
	pg.data = new;
	pg.old = old;
	pg.diff = dj.buf;
	render_page(sb, &pg);
	ret = 0;
out:
	free(title);
	free(old);
	free(new);
	sb_free(&dj);
	return ret;
}
