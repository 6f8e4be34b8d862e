/*
 * Rendering a report in each output format. Pure: everything is appended
 * to a strbuf; commands decide where it goes (stdout or an atomic -o file).
 */
#ifndef MEMFIT_RENDER_H
#define MEMFIT_RENDER_H

#include <stdbool.h>

#include "report.h"
#include "util.h"

enum report_format {
	FMT_TABLE,
	FMT_JSON,
	FMT_CSV,
	FMT_MARKDOWN,
	FMT_SARIF,
	FMT_HTML
};

struct render_opts {
	bool	 unicode;	/* box drawing, else ASCII */
	bool	 color;		/* ANSI colour for warnings and overflows */
	bool	 sections;	/* output sections under each region */
	const char *input;	/* where findings without a file are */
};

/* "table" -> FMT_TABLE...; -1 when unknown. */
int	report_format_parse(const char *);
const char *report_format_name(enum report_format);

/* The whole report in FORMAT. Returns -1 if FORMAT does not fit the report
 * (SARIF for a size report). */
int	report_render(struct strbuf *, const struct report *,
	    enum report_format, const struct render_opts *);

/* The idf.py-size-style region table, then any breakdowns. */
void	render_table(struct strbuf *, const struct report *,
	    const struct render_opts *);
/* Findings then a plain usage table (check's default). */
void	render_check_text(struct strbuf *, const struct report *,
	    const struct render_opts *);
/* "outside every region: NAME, N bytes at 0xADDR" lines, names escaped. */
void	render_outside(struct strbuf *, const struct report *);

/* A worst-case stack's path, one frame a line (under its finding). */
void	render_stack_path(struct strbuf *, const struct rep_stack *);
/* The Worst, Reserved and Headroom cells of a root ("-" unknown). */
void	stack_cells(char *worst, char *reserved, char *headroom, size_t n,
	    const struct rep_stack *);

void	render_csv(struct strbuf *, const struct report *);
void	render_markdown(struct strbuf *, const struct report *);
int	render_sarif(struct strbuf *, const struct report *);

/*
 * One self-contained HTML page (render_html.c): the address map, the
 * treemap, findings, stacks and the tables, with the JSON report (for a
 * diff: NEW's, OLD's and the diff's JSON) embedded. Returns 0.
 */
int	render_html(struct strbuf *, const struct report *);
struct diff;
struct diff_render_opts;
int	render_diff_html(struct strbuf *, const struct diff *,
	    const struct diff_render_opts *);

#endif
