/*
 * The JSON report writer (format 1, schemas/report.schema.json), on
 * memfit's own writer (json_out.h), not cJSON: addresses and sizes are
 * uint64 and cJSON keeps numbers as doubles, exact only up to 2^53. The
 * reader, which does use cJSON, is src/input/report_json.c; the writer is
 * here, in render/, because it is one more output format and needs nothing
 * from input/.
 *
 * The layout is fixed (keys in a set order, 2-space indent, one member or
 * element per line, "[]" when empty): golden tests compare bytes. Strings
 * are written as UTF-8; a byte that is not part of valid UTF-8 (symbol
 * names can hold anything) becomes U+FFFD, so the output is always valid
 * JSON.
 */
#include <stdint.h>
#include <stdlib.h>

#include "json_out.h"
#include "memfit.h"
#include "report_json_out.h"
#include "util.h"

static void
jw_opt_u64(struct jout *w, const char *key, uint64_t v)
{
	if (v == REPORT_NONE)
		jout_null(w, key);
	else
		jout_u64(w, key, v);
}

/*
 * Length, free and percent (from usage_hundredths, as in every format; no
 * trailing zeros: 3.2, 50): all null when the length is unknown.
 */
static void
jw_length(struct jout *w, const struct rep_region *g)
{
	if (!region_sized(g)) {
		jout_null(w, "length");
		jout_u64(w, "used", g->used);
		jout_null(w, "free");
		jout_null(w, "percent");
		return;
	}
	jout_u64(w, "length", g->length);
	jout_u64(w, "used", g->used);
	jout_u64(w, "free", g->used > g->length ? 0 : g->length - g->used);
	jout_uhundredths(w, "percent", usage_hundredths(g->used, g->length));
}

/* A section's bytes by object, when the report has them. */
static void
write_inputs(struct jout *w, const struct rep_section *s)
{
	size_t	i;

	if (s->inputs == NULL)
		return;
	jout_open(w, "inputs", '[');
	for (i = 0; i < s->ninputs; i++) {
		jout_open(w, NULL, '{');
		jout_str(w, "object", s->inputs[i].name);
		jout_str(w, "archive", s->inputs[i].archive);
		jout_u64(w, "size", s->inputs[i].size);
		jout_bool(w, "synthetic", s->inputs[i].synthetic);
		jout_close(w, '}');
	}
	jout_close(w, ']');
}

static void
write_sections(struct jout *w, const char *key, const struct rep_section *s,
    size_t n)
{
	size_t	i;

	jout_open(w, key, '[');
	for (i = 0; i < n; i++) {
		jout_open(w, NULL, '{');
		jout_str(w, "name", s[i].name);
		jout_u64(w, "address", s[i].address);
		jout_u64(w, "size", s[i].size);
		jout_bool(w, "load_image", s[i].load_image);
		write_inputs(w, &s[i]);
		jout_close(w, '}');
	}
	jout_close(w, ']');
}

/* Each kind of row carries the keys that mean something for it. */
static void
write_items(struct jout *w, const struct rep_region *g, enum breakdown k)
{
	const struct rep_item	*it;
	size_t			 i;

	jout_open(w, breakdown_name(k), '[');
	for (i = 0; i < g->nitems[k]; i++) {
		it = &g->items[k][i];
		jout_open(w, NULL, '{');
		jout_str(w, "name", it->name);
		jout_u64(w, "size", it->size);
		if (k == BD_SYMBOLS)
			jw_opt_u64(w, "address", it->address);
		if (k != BD_ARCHIVES)
			jout_str(w, "archive", it->archive);
		if (k == BD_SYMBOLS)
			jout_str(w, "object", it->object);
		else
			jout_bool(w, "synthetic", it->synthetic);
		jout_close(w, '}');
	}
	jout_close(w, ']');
}

/* The region's other address windows; the key only when it has some. */
static void
write_aliases(struct jout *w, const struct rep_region *g)
{
	size_t	i;

	if (g->naliases == 0)
		return;
	jout_open(w, "aliases", '[');
	for (i = 0; i < g->naliases; i++) {
		jout_open(w, NULL, '{');
		jout_u64(w, "origin", g->aliases[i]);
		jout_close(w, '}');
	}
	jout_close(w, ']');
}

static void
write_region(struct jout *w, const struct rep_region *g)
{
	int	k;

	jout_open(w, NULL, '{');
	jout_str(w, "name", g->name);
	jout_str(w, "kind", g->kind);
	jout_u64(w, "origin", g->origin);
	write_aliases(w, g);
	jw_length(w, g);
	jout_u64(w, "sections_total", g->sections_total);
	jout_u64(w, "padding", g->padding);
	jout_open(w, "budget", '{');
	jw_opt_u64(w, "warn", g->budget_warn);
	jw_opt_u64(w, "error", g->budget_error);
	jout_close(w, '}');
	jout_str(w, "status", region_status_name(g->status));
	write_sections(w, "sections", g->sections, g->nsections);
	for (k = 0; k < BD_COUNT; k++) {
		if (g->has_items[k])
			write_items(w, g, (enum breakdown)k);
	}
	jout_close(w, '}');
}

/* One number per region, keyed by the region's name, in report order. */
static void
write_per_region(struct jout *w, const char *key, const struct report *r,
    const uint64_t *v)
{
	size_t	i;

	jout_open(w, key, '{');
	for (i = 0; i < r->nregions; i++)
		jout_u64(w, r->regions[i].name, v[i]);
	jout_close(w, '}');
}

/* The archives across regions, in the order of the table. */
static void
write_cross(struct jout *w, const struct report *r, const struct rep_cross *x)
{
	size_t	i;

	jout_open(w, "archive_totals", '{');
	jout_open(w, "rows", '[');
	for (i = 0; i < x->n; i++) {
		jout_open(w, NULL, '{');
		jout_str(w, "name", x->rows[i].name);
		jout_bool(w, "synthetic", x->rows[i].synthetic);
		write_per_region(w, "regions", r, x->rows[i].size);
		jout_u64(w, "total", x->rows[i].total);
		jout_close(w, '}');
	}
	jout_close(w, ']');
	write_per_region(w, "sums", r, x->sums);
	jout_u64(w, "total", x->total);
	jout_close(w, '}');
}

static void
write_finding(struct jout *w, const struct finding *f)
{
	jout_open(w, NULL, '{');
	jout_str(w, "rule", f->rule);
	jout_str(w, "severity", finding_severity_name(f->severity));
	jout_bool(w, "waived", f->waived);
	jout_str(w, "waiver", f->waiver);
	jout_str(w, "message", f->message);
	jout_str(w, "region", f->region);
	jout_str(w, "symbol", f->symbol);
	jw_opt_u64(w, "address", f->address);
	jout_u64(w, "size", f->size);
	jout_str(w, "section", f->section);
	jout_str(w, "object", f->object);
	jout_str(w, "file", f->file);
	jw_opt_u64(w, "line", f->line == 0 ? REPORT_NONE : f->line);
	jout_close(w, '}');
}

static void
write_stack(struct jout *w, const struct rep_stack *rs)
{
	const struct rep_stack_frame	*f;
	size_t				 i;

	jout_open(w, NULL, '{');
	jout_str(w, "root", rs->root);
	jout_str(w, "kind", rs->kind);
	jout_u64(w, "worst", rs->worst);
	jout_u64(w, "total", rs->total);
	jw_opt_u64(w, "reserved", rs->reserved);
	jw_opt_u64(w, "warn", rs->warn);
	jout_bool(w, "lower_bound", rs->lower_bound);
	jout_str(w, "why", rs->why);
	jout_open(w, "path", '[');
	for (i = 0; i < rs->npath; i++) {
		f = &rs->path[i];
		jout_open(w, NULL, '{');
		jout_str(w, "function", f->function);
		jout_u64(w, "frame", f->frame);
		jout_bool(w, "known", f->known);
		jout_str(w, "file", f->file);
		jw_opt_u64(w, "line", f->line == 0 ? REPORT_NONE : f->line);
		jout_close(w, '}');
	}
	jout_close(w, ']');
	jout_close(w, '}');
}

static void
write_head(struct jout *w, const struct report *r)
{
	jout_u64(w, "memfit", MEMFIT_FORMAT_VERSION);
	jout_open(w, "tool", '{');
	jout_str(w, "name", "memfit");
	jout_str(w, "version", MEMFIT_VERSION);
	jout_close(w, '}');
	jout_str(w, "kind", r->kind);
	jout_str(w, "board", r->board);
	jout_open(w, "inputs", '{');
	jout_str(w, "elf", r->elf);
	jout_str(w, "map", r->map);
	jout_close(w, '}');
}

int
report_to_json(char **out, const struct report *r)
{
	struct strbuf	sb;
	struct jout	w;
	size_t		i;

	sb_init(&sb);
	jout_init(&w, &sb);
	jout_open(&w, NULL, '{');
	write_head(&w, r);
	jout_open(&w, "regions", '[');
	for (i = 0; i < r->nregions; i++)
		write_region(&w, &r->regions[i]);
	jout_close(&w, ']');
	if (r->archives != NULL)
		write_cross(&w, r, r->archives);
	write_sections(&w, "outside", r->outside, r->noutside);
	jout_open(&w, "findings", '[');
	for (i = 0; i < r->nfindings; i++)
		write_finding(&w, &r->findings[i]);
	jout_close(&w, ']');
	if (r->nstacks > 0) {
		jout_open(&w, "stacks", '[');
		for (i = 0; i < r->nstacks; i++)
			write_stack(&w, &r->stacks[i]);
		jout_close(&w, ']');
	}
	jout_open(&w, "summary", '{');
	jout_u64(&w, "errors", r->nerrors);
	jout_u64(&w, "warnings", r->nwarnings);
	jout_u64(&w, "waived", r->nwaived);
	jout_close(&w, '}');
	jout_close(&w, '}');
	*out = sb_detach(&sb);
	return 0;
}
