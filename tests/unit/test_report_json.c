/*
 * JSON report: reports built in code are rendered, validated against
 * schemas/report.schema.json by tests/schema/check_report.py (which also
 * recomputes free, percent, padding and the summary in Python, with big
 * integers), laid out as Python's json.dumps(indent=2) would, read back
 * field by field and rendered again byte for byte. Hostile inputs
 * (truncations at every offset, a wrong type at every path, byte flips,
 * deep nesting, huge strings) must give one-line errors and an empty report.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memfit.h"
#include "report.h"
#include "report_json.h"
#include "report_json_out.h"
#include "util.h"

#define PYTHON		"/usr/bin/python3"
#define CHECKER		FIXTURES_DIR "/../tests/schema/check_report.py"
#define TWO53		(UINT64_C(1) << 53)
#define BIG		((size_t)10 << 20)

static char	tmp[64];

static void
setup(void)
{
	strcpy(tmp, "/tmp/memfit-json-XXXXXX");
	cr_assert_not_null(mkdtemp(tmp));
}

static void
teardown(void)
{
	char	cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(json, .init = setup, .fini = teardown);

static struct rep_section *
add_section(struct rep_section **arr, size_t *n, const char *name,
    uint64_t address, uint64_t size, bool load_image)
{
	struct rep_section	*s;

	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	s = &(*arr)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->name = name ? xstrdup(name) : NULL;
	s->address = address;
	s->size = size;
	s->load_image = load_image;
	return s;
}

static void
add_item(struct rep_region *g, enum breakdown k, const char *name,
    uint64_t size, const char *archive, const char *object,
    uint64_t address)
{
	struct rep_item	*t;

	g->items[k] = xreallocarray(g->items[k], g->nitems[k] + 1,
	    sizeof(*g->items[k]));
	t = &g->items[k][g->nitems[k]++];
	t->name = xstrdup(name);
	t->size = size;
	t->archive = archive ? xstrdup(archive) : NULL;
	t->object = object ? xstrdup(object) : NULL;
	t->address = address;
	t->synthetic = k != BD_SYMBOLS && item_name_synthetic(name);
	g->has_items[k] = true;
}

/* Rows as breakdown.c makes them: each kind with its own keys. */
static void
add_items(struct rep_region *g)
{
	add_item(g, BD_ARCHIVES, "libc.a", 3000, NULL, NULL, REPORT_NONE);
	add_item(g, BD_ARCHIVES, "(none)", 17084, NULL, NULL,
	    REPORT_NONE);
	add_item(g, BD_ARCHIVES, "*fill*", 4, NULL, NULL, REPORT_NONE);
	add_item(g, BD_OBJECTS, "main.o", 17084, NULL, NULL, REPORT_NONE);
	add_item(g, BD_OBJECTS, "memcpy.o", 3000, "libc.a", NULL,
	    REPORT_NONE);
	add_item(g, BD_SYMBOLS, "ns::f(int)", 120, NULL, "main.o",
	    0x08000200);
	add_item(g, BD_SYMBOLS, "memcpy", 64, "libc.a", "memcpy.o",
	    UINT64_MAX - 1);
	add_item(g, BD_SYMBOLS, "*fill*", 4, NULL, NULL, REPORT_NONE);
}

/* A section's inputs as breakdown.c makes them for the page. */
static void
add_inputs(struct rep_section *s)
{
	static const struct { const char *object, *archive; uint64_t size;
	    bool synthetic; } rows[] = {
		{ "main.o", "(none)", 17076, false },
		{ "libc.a(memcpy.o)", "libc.a", 3000, false },
		{ "*fill*", "*fill*", 4, true },
	};
	size_t	i;

	s->inputs = xcalloc(3, sizeof(*s->inputs));
	s->ninputs = 3;
	for (i = 0; i < 3; i++) {
		s->inputs[i].name = xstrdup(rows[i].object);
		s->inputs[i].archive = xstrdup(rows[i].archive);
		s->inputs[i].address = REPORT_NONE;
		s->inputs[i].size = rows[i].size;
		s->inputs[i].synthetic = rows[i].synthetic;
	}
}

/* A region whose totals follow from its sections, as analyze.c makes them. */
static struct rep_region *
add_region(struct report *r, const char *name, const char *kind,
    uint64_t origin, uint64_t length, uint64_t used)
{
	struct rep_region	*g;

	r->regions = xreallocarray(r->regions, r->nregions + 1,
	    sizeof(*r->regions));
	g = &r->regions[r->nregions++];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(name);
	g->kind = kind ? xstrdup(kind) : NULL;
	g->origin = origin;
	g->length = length;
	g->used = used;
	g->budget_warn = g->budget_error = REPORT_NONE;
	return g;
}

static void
totals(struct rep_region *g)
{
	size_t	i;

	g->sections_total = 0;
	for (i = 0; i < g->nsections; i++)
		g->sections_total += g->sections[i].size;
	g->padding = g->used > g->sections_total ?
	    g->used - g->sections_total : 0;
}

static void
add_regions(struct report *r)
{
	struct rep_region	*g;
	struct rep_section	*s;

	g = add_region(r, "FLASH", "flash", 0x08000000, 1024 * 1024, 20484);
	add_section(&g->sections, &g->nsections, ".isr_vector", 0x08000000,
	    392, false);
	s = add_section(&g->sections, &g->nsections, ".text", 0x08000188,
	    20080, false);
	add_inputs(s);
	add_section(&g->sections, &g->nsections, ".data", 0x08004ff8, 4, true);
	g->budget_warn = 900 * 1024;
	g->budget_error = 1000 * 1024;
	totals(g);
	add_items(g);
	g = add_region(r, "RAM", "ram", 0x20000000, 131072, 4264);
	add_section(&g->sections, &g->nsections, ".data", 0x20000000, 4, false);
	add_section(&g->sections, &g->nsections, ".bss", 0x20000008, 4256,
	    false);
	g->budget_warn = 111411;
	totals(g);
	g->has_items[BD_SYMBOLS] = true;	/* asked for, none matched */
	g = add_region(r, "CCMRAM", NULL, 0x10000000, 65536, 70000);
	g->status = STATUS_OVERFLOW;
	g->aliases = xcalloc(2, sizeof(*g->aliases));
	g->aliases[0] = 0x20018000;
	g->aliases[1] = 0x22300000;
	g->naliases = 2;
	totals(g);
}

static void
add_findings(struct report *r)
{
	struct finding	*f;

	f = report_add_finding(r, RULE_DMA_UNREACHABLE, SEV_ERROR,
	    "%s is in %s, which no DMA master reaches", "spiRxBuffer",
	    "CCMRAM");
	f->region = xstrdup("CCMRAM");
	f->symbol = xstrdup("spiRxBuffer");
	f->address = 0x10000000;
	f->size = 64;
	f->section = xstrdup(".bss.spiRxBuffer");
	f->object = xstrdup("spi.o");
	f->file = xstrdup("src/spi.c");
	f->line = 12;
	f = report_add_finding(r, RULE_DMA_CACHE_LINE, SEV_WARNING, "not aligned");
	f->symbol = xstrdup("uartBuf");
	f = report_add_finding(r, RULE_REGION_OVERFLOW, SEV_ERROR, "overflow");
	f->waived = true;
	f->waiver = xstrdup("bootloader keeps this");
}

/* A thread root that is exact, a task root that is a lower bound. */
static void
add_stacks(struct report *r)
{
	struct rep_stack	*s;

	r->stacks = xcalloc(2, sizeof(*r->stacks));
	r->nstacks = 2;
	s = &r->stacks[0];
	s->root = xstrdup("Reset_Handler");
	s->kind = xstrdup("thread");
	s->worst = 800;
	s->total = 832;
	s->reserved = 1024;
	s->warn = 512;
	s->path = xcalloc(2, sizeof(*s->path));
	s->npath = 2;
	s->path[0].function = xstrdup("Reset_Handler");
	s->path[0].frame = 8;
	s->path[0].known = true;
	s->path[0].file = xstrdup("src/main.c");
	s->path[0].line = 90;
	s->path[1].function = xstrdup("memcpy");
	s = &r->stacks[1];
	s->root = xstrdup("task_b");
	s->kind = xstrdup("task");
	s->worst = s->total = 40;
	s->reserved = REPORT_NONE;
	s->warn = REPORT_NONE;
	s->lower_bound = true;
	s->why = xstrdup("recursion (walk -> walk)");
}

/* A check report with every kind of value in it. */
static void
make_report(struct report *r)
{
	report_init(r, "check");
	r->board = xstrdup("crazyflie-2");
	r->elf = xstrdup("fw.elf");
	r->map = xstrdup("fw.map");
	add_regions(r);
	add_section(&r->outside, &r->noutside, ".foo", 0x60000000, 16, false);
	add_findings(r);
	add_stacks(r);
	report_finish(r);
}

static char *
render(const struct report *r)
{
	char	*s = NULL;

	cr_assert_eq(report_to_json(&s, r), 0);
	cr_assert_not_null(s);
	return s;
}

/*
 * Parse a copy of exactly n bytes, so that any overread is caught. *err
 * (ERR may be NULL) is what the user sees of the diagnostics, NULL when
 * there are none.
 */
static int
parse_n(struct report *out, const char *text, size_t n, char **err)
{
	struct diags	 d;
	char		*copy = xmalloc(n);
	size_t		 len;
	FILE		*fp;
	int		 rc;

	memcpy(copy, text, n);
	diags_init(&d);
	rc = report_from_json(out, "t.json", copy, n, &d);
	free(copy);
	if (err != NULL)
		*err = NULL;
	if (d.n > 0 && err != NULL) {
		cr_assert_not_null(fp = open_memstream(err, &len));
		diags_print(fp, &d);
		fclose(fp);
		cr_assert_eq(d.n, 1, "one error: %s", *err);
		cr_assert(len > 0 && (*err)[len - 1] == '\n');
		(*err)[len - 1] = '\0';
	}
	diags_free(&d);
	return rc;
}

static void
parse_ok(struct report *out, const char *text)
{
	char	*err = NULL;

	cr_assert_eq(parse_n(out, text, strlen(text), &err), 0,
	    "unexpected error: %s", err);
	cr_assert_null(err);
}

static char *
parse_fail(const char *text, size_t n)
{
	struct report	 r;
	char		*err = NULL;

	memset(&r, 0xa5, sizeof(r));
	cr_assert_neq(parse_n(&r, text, n, &err), 0, "accepted: %.*s",
	    (int)(n < 300 ? n : 300), text);
	cr_assert_not_null(err);
	cr_assert(strncmp(err, "t.json: error: ", 15) == 0, "%s", err);
	cr_assert_null(strchr(err, '\n'), "not one line: %s", err);
	cr_assert(r.kind == NULL && r.regions == NULL && r.nregions == 0 &&
	    r.findings == NULL && r.outside == NULL, "report not emptied");
	return err;
}

static void
write_file(const char *path, const char *text, size_t n)
{
	FILE	*fp = fopen(path, "w");

	cr_assert_not_null(fp, "%s", path);
	cr_assert_eq(fwrite(text, 1, n, fp), n);
	cr_assert_eq(fclose(fp), 0);
}

static char *
read_file(const char *path)
{
	struct strbuf	 sb;
	FILE		*fp = fopen(path, "r");
	char		 buf[4096];
	size_t		 n;

	cr_assert_not_null(fp, "%s", path);
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	fclose(fp);
	return sb_detach(&sb);
}

static void
need_python(void)
{
	if (access(PYTHON, X_OK) != 0)
		cr_skip_test(PYTHON " is not installed");
}

/* Run the schema checker on PATH; its stdout is left in tmp/checker.out. */
static int
run_checker(const char *path)
{
	char	cmd[512];

	snprintf(cmd, sizeof(cmd), PYTHON " '%s' '%s' >'%s/checker.out' "
	    "2>'%s/checker.err'", CHECKER, path, tmp, tmp);
	return system(cmd);
}

static void
schema_ok(const char *text)
{
	char	path[128], out[128], *log;

	need_python();
	snprintf(path, sizeof(path), "%s/report.json", tmp);
	write_file(path, text, strlen(text));
	if (run_checker(path) != 0) {
		snprintf(out, sizeof(out), "%s/checker.err", tmp);
		log = read_file(out);
		cr_assert_fail("check_report.py rejects the report:\n%s%s",
		    log, text);
	}
}

static void
str_eq(const char *a, const char *b, const char *what)
{
	if (a == NULL || b == NULL)
		cr_assert(a == b, "%s: %s vs %s", what, a ? a : "NULL",
		    b ? b : "NULL");
	else
		cr_assert_str_eq(a, b, "%s", what);
}

static void
sections_eq(const struct rep_section *a, const struct rep_section *b,
    size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		str_eq(a[i].name, b[i].name, "section name");
		cr_assert_eq(a[i].address, b[i].address);
		cr_assert_eq(a[i].size, b[i].size);
		cr_assert_eq(a[i].load_image, b[i].load_image);
		cr_assert_eq(a[i].ninputs, b[i].ninputs);
		cr_assert_eq(a[i].inputs == NULL, b[i].inputs == NULL);
		for (j = 0; j < a[i].ninputs; j++) {
			str_eq(a[i].inputs[j].name, b[i].inputs[j].name,
			    "input object");
			str_eq(a[i].inputs[j].archive, b[i].inputs[j].archive,
			    "input archive");
			cr_assert_eq(a[i].inputs[j].size, b[i].inputs[j].size);
			cr_assert_eq(a[i].inputs[j].synthetic,
			    b[i].inputs[j].synthetic);
		}
	}
}

static void
items_eq(const struct rep_region *a, const struct rep_region *b)
{
	const struct rep_item	*x, *y;
	size_t			 k, i;

	for (k = 0; k < BD_COUNT; k++) {
		cr_assert_eq(a->has_items[k], b->has_items[k]);
		cr_assert_eq(a->nitems[k], b->nitems[k]);
		for (i = 0; i < a->nitems[k]; i++) {
			x = &a->items[k][i];
			y = &b->items[k][i];
			str_eq(x->name, y->name, "item name");
			str_eq(x->archive, y->archive, "item archive");
			str_eq(x->object, y->object, "item object");
			cr_assert_eq(x->address, y->address);
			cr_assert_eq(x->size, y->size);
		}
	}
}

static void
region_eq(const struct rep_region *a, const struct rep_region *b)
{
	str_eq(a->name, b->name, "region name");
	str_eq(a->kind, b->kind, "region kind");
	cr_assert_eq(a->origin, b->origin);
	cr_assert_eq(a->naliases, b->naliases);
	if (a->naliases > 0)
		cr_assert_arr_eq(a->aliases, b->aliases,
		    a->naliases * sizeof(*a->aliases));
	cr_assert_eq(a->length, b->length);
	cr_assert_eq(a->used, b->used);
	cr_assert_eq(a->sections_total, b->sections_total);
	cr_assert_eq(a->padding, b->padding);
	cr_assert_eq(a->budget_warn, b->budget_warn);
	cr_assert_eq(a->budget_error, b->budget_error);
	cr_assert_eq(a->status, b->status);
	cr_assert_eq(a->nsections, b->nsections);
	sections_eq(a->sections, b->sections, a->nsections);
	items_eq(a, b);
}

static void
finding_eq(const struct finding *a, const struct finding *b)
{
	str_eq(a->rule, b->rule, "rule");
	cr_assert_eq(a->severity, b->severity);
	cr_assert_eq(a->waived, b->waived);
	str_eq(a->waiver, b->waiver, "waiver");
	str_eq(a->message, b->message, "message");
	str_eq(a->region, b->region, "region");
	str_eq(a->symbol, b->symbol, "symbol");
	cr_assert_eq(a->address, b->address);
	cr_assert_eq(a->size, b->size);
	str_eq(a->section, b->section, "section");
	str_eq(a->object, b->object, "object");
	str_eq(a->file, b->file, "file");
	cr_assert_eq(a->line, b->line);
}

static void
report_eq(const struct report *a, const struct report *b)
{
	size_t	i;

	str_eq(a->kind, b->kind, "kind");
	str_eq(a->board, b->board, "board");
	str_eq(a->elf, b->elf, "elf");
	str_eq(a->map, b->map, "map");
	cr_assert_eq(a->nregions, b->nregions);
	for (i = 0; i < a->nregions; i++)
		region_eq(&a->regions[i], &b->regions[i]);
	cr_assert_eq(a->noutside, b->noutside);
	sections_eq(a->outside, b->outside, a->noutside);
	cr_assert_eq(a->nfindings, b->nfindings);
	for (i = 0; i < a->nfindings; i++)
		finding_eq(&a->findings[i], &b->findings[i]);
	cr_assert_eq(a->nerrors, b->nerrors);
	cr_assert_eq(a->nwarnings, b->nwarnings);
	cr_assert_eq(a->nwaived, b->nwaived);
}

/* Render, validate, read back and compare, render again: same bytes. */
static void
full_circle(const struct report *r)
{
	struct report	 back;
	char		*text, *again;

	text = render(r);
	schema_ok(text);
	parse_ok(&back, text);
	report_eq(r, &back);
	again = render(&back);
	cr_assert_str_eq(again, text);
	report_free(&back);
	free(again);
	free(text);
}

Test(json, every_field_reads_back)
{
	struct report	r;

	make_report(&r);
	full_circle(&r);
	report_free(&r);
}

Test(json, empty_report)
{
	struct report	r;

	report_init(&r, "size");
	full_circle(&r);
	report_free(&r);
}

/* The layout is what Python's json module makes of the same document. */
Test(json, layout)
{
	struct report	 r;
	char		 cmd[512], *text, *py;
	const char	*keys[] = { "memfit", "tool", "kind", "board",
			    "inputs", "regions", "outside", "findings",
			    "summary" };
	const char	*p, *prev;
	size_t		 i;

	need_python();
	make_report(&r);
	text = render(&r);
	cr_assert(strlen(text) > 2 && strcmp(text + strlen(text) - 2, "}\n")
	    == 0, "must end in exactly one newline");
	cr_assert_null(strstr(text, " \n"), "trailing space");
	cr_assert_null(strchr(text, '\t'));
	for (i = 0, prev = text; i < ARRAY_LEN(keys); i++, prev = p) {
		snprintf(cmd, sizeof(cmd), "\n  \"%s\": ", keys[i]);
		cr_assert_not_null(p = strstr(text, cmd), "%s", keys[i]);
		cr_assert(p > prev, "%s out of order", keys[i]);
	}
	snprintf(cmd, sizeof(cmd), "%s/in.json", tmp);
	write_file(cmd, text, strlen(text));
	snprintf(cmd, sizeof(cmd), PYTHON " -c 'import json, sys; "
	    "print(json.dumps(json.load(sys.stdin), indent=2, "
	    "ensure_ascii=False))' <%s/in.json >%s/py.json", tmp, tmp);
	cr_assert_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/py.json", tmp);
	py = read_file(cmd);
	cr_assert_str_eq(text, py);
	free(py);
	free(text);
	report_free(&r);
}

Test(json, tool_version)
{
	struct report	 r;
	char		*text;

	report_init(&r, "size");
	text = render(&r);
	cr_assert_not_null(strstr(text, "\"version\": \"" MEMFIT_VERSION "\""));
	cr_assert(strncmp(text, "{\n  \"memfit\": 1,\n", 17) == 0);
	free(text);
	report_free(&r);
}

static double
percent_in(const char *text, const char *region)
{
	char		 key[64];
	const char	*p;

	snprintf(key, sizeof(key), "\"name\": \"%s\"", region);
	cr_assert_not_null(p = strstr(text, key));
	cr_assert_not_null(p = strstr(p, "\"percent\": "));
	return strtod(p + strlen("\"percent\": "), NULL);
}

/*
 * free and percent are derived: check_report.py recomputes them exactly;
 * here, the small cases against doubles, and the edges of the arithmetic.
 */
Test(json, derived_values)
{
	static const uint64_t	 cases[][2] = {
		{ 4264, 131072 }, { 1, 3 }, { 2, 3 }, { 1, 8 }, { 1, 200 },
		{ 65536, 65536 }, { 70000, 65536 }, { 5, 0 }, { 0, 0 },
		{ UINT64_MAX / 10000, 1 }, { UINT64_MAX, UINT64_MAX - 1 },
		{ UINT64_MAX - 1, UINT64_MAX - 1 }, { TWO53 + 1, TWO53 * 4 },
	};
	struct report		 r;
	char			 name[16], *text;
	double			 want;
	size_t			 i;

	report_init(&r, "size");
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		snprintf(name, sizeof(name), "R%zu", i);
		add_region(&r, name, "ram", 0, cases[i][1], cases[i][0]);
		totals(&r.regions[i]);
	}
	text = render(&r);
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "R%zu", i);
		want = cases[i][1] == 0 ? 0 : (double)cases[i][0] * 100 /
		    (double)cases[i][1];
		want = (double)(long long)(want * 100 + 0.5) / 100;
		cr_assert_float_eq(percent_in(text, name), want, 1e-9,
		    "%s: %s", name, text);
	}
	full_circle(&r);
	free(text);
	report_free(&r);
}

static struct report
make_extremes(void)
{
	struct report		 r;
	struct rep_region	*g;
	struct finding		*f;

	report_init(&r, "check");
	g = add_region(&r, "HUGE", "ram", UINT64_C(0xffffffff00000001),
	    TWO53 + 1, UINT64_MAX);
	add_section(&g->sections, &g->nsections, ".big", UINT64_MAX - 1,
	    TWO53 + 1, false);
	totals(g);
	g->budget_warn = TWO53 + 1;
	g->budget_error = UINT64_MAX - 1;
	add_section(&r.outside, &r.noutside, ".far", UINT64_MAX, UINT64_MAX,
	    true);
	f = report_add_finding(&r, RULE_REGION_OVERFLOW, SEV_ERROR, "m");
	f->address = TWO53 + 1;
	f->size = UINT64_MAX;
	f->line = UINT_MAX;
	report_finish(&r);
	return r;
}

/* The exact decimal, where a double would have given ...000 or ...616. */
static void
has_u64(const char *text, const char *key, uint64_t v)
{
	char	want[64];

	snprintf(want, sizeof(want), "\"%s\": %" PRIu64 ",", key, v);
	cr_assert_not_null(strstr(text, want), "%s", want);
}

/* Nonsense, but the percentage must still be the true one, not wrapped. */
Test(json, percent_beyond_64_bits)
{
	struct report	r;

	report_init(&r, "size");
	add_region(&r, "R", "ram", 0, 1, UINT64_MAX);
	totals(&r.regions[0]);
	full_circle(&r);
	report_free(&r);
}

Test(json, sixty_four_bit_values_are_exact)
{
	struct report	 r = make_extremes(), back;
	char		*text;

	text = render(&r);
	has_u64(text, "origin", r.regions[0].origin);
	has_u64(text, "length", r.regions[0].length);
	has_u64(text, "used", r.regions[0].used);
	parse_ok(&back, text);
	cr_assert_eq(back.regions[0].origin, UINT64_C(0xffffffff00000001));
	cr_assert_eq(back.regions[0].length, TWO53 + 1);
	cr_assert_eq(back.findings[0].address, TWO53 + 1);
	cr_assert_eq(back.outside[0].size, UINT64_MAX);
	report_free(&back);
	full_circle(&r);
	free(text);
	report_free(&r);
}

Test(json, nulls_read_back)
{
	struct report	 r, back;
	struct finding	*f;
	char		*text;

	report_init(&r, "check");
	add_region(&r, "R", NULL, 0, 16, 0);
	f = report_add_finding(&r, RULE_OUTSIDE_REGIONS, SEV_WARNING, "m");
	report_finish(&r);
	text = render(&r);
	cr_assert_not_null(strstr(text, "\"board\": null,"));
	cr_assert_not_null(strstr(text, "\"elf\": null,"));
	cr_assert_not_null(strstr(text, "\"kind\": null,"));
	cr_assert_not_null(strstr(text, "\"warn\": null,"));
	cr_assert_not_null(strstr(text, "\"address\": null,"));
	cr_assert_not_null(strstr(text, "\"line\": null\n"));
	parse_ok(&back, text);
	cr_assert(back.board == NULL && back.elf == NULL && back.map == NULL);
	cr_assert_null(back.regions[0].kind);
	cr_assert_eq(back.regions[0].budget_warn, REPORT_NONE);
	cr_assert_eq(back.regions[0].budget_error, REPORT_NONE);
	cr_assert_eq(back.findings[0].address, REPORT_NONE);
	cr_assert_eq(back.findings[0].line, 0);
	cr_assert(f->symbol == NULL && back.findings[0].symbol == NULL);
	report_free(&back);
	full_circle(&r);
	free(text);
	report_free(&r);
}

/*
 * Issue 16: a region whose length is unknown (no board, no map) has null
 * length, free and percent, and reads back unknown.
 */
Test(json, unknown_length_reads_back)
{
	struct report	 r, back;
	char		*text;

	report_init(&r, "size");
	add_region(&r, "0x20000000", NULL, 0x20000000, REPORT_NONE, 4200);
	totals(&r.regions[0]);
	report_finish(&r);
	text = render(&r);
	cr_assert_not_null(strstr(text, "\"length\": null,\n      \"used\": "
	    "4200,\n      \"free\": null,\n      \"percent\": null,"), "%s",
	    text);
	parse_ok(&back, text);
	cr_assert_eq(back.regions[0].length, REPORT_NONE);
	cr_assert_not(region_sized(&back.regions[0]));
	cr_assert_eq(back.regions[0].used, 4200);
	report_free(&back);
	full_circle(&r);
	free(text);
	report_free(&r);
}

/*
 * Issue 16: *fill* and the like are a kind of row of their own, written
 * as "synthetic"; a report from before that key says it by the name.
 * A symbol is never synthetic, whatever its name.
 */
Test(json, synthetic_rows)
{
	struct report	 r, back;
	struct strbuf	 sb;
	char		*text, *p, *q, *comma;

	make_report(&r);
	text = render(&r);
	cr_assert_not_null(strstr(text, "\"size\": 4,\n          "
	    "\"synthetic\": true\n"), "%s", text);
	/* Cut each ',\n    "synthetic": ...' back to the comma. */
	sb_init(&sb);
	for (p = text; (q = strstr(p, "\"synthetic\"")) != NULL;
	    p = strchr(q, '\n')) {
		comma = q;
		while (comma > p && comma[-1] != ',')
			comma--;
		cr_assert(comma > p);
		sb_add(&sb, p, (size_t)(comma - 1 - p));
	}
	sb_puts(&sb, p);
	cr_assert_null(strstr(sb.buf, "synthetic"), "%s", sb.buf);
	parse_ok(&back, sb.buf);
	cr_assert(back.regions[0].items[BD_ARCHIVES][2].synthetic);
	cr_assert_not(back.regions[0].items[BD_ARCHIVES][1].synthetic);
	cr_assert_not(back.regions[0].items[BD_SYMBOLS][2].synthetic);
	report_free(&back);
	sb_free(&sb);
	free(text);
	report_free(&r);
}

/*
 * archive_totals (size --archives) is checked but not kept: diff does not
 * need it, and a bad one is still a bad document.
 */
Test(json, archive_totals_checked)
{
	static const char	*bad[][2] = {
		{ "\"total\": 7 }", "archive_totals: missing \"sums\"" },
		{ "\"sums\": [], \"total\": 7 }",
		    "archive_totals.sums: expected an object" },
		{ "\"sums\": { \"R\": true }, \"total\": 7 }",
		    "archive_totals.sums.R: expected an integer" },
	};
	static const char	*rows = "\n  \"archive_totals\": { \"rows\": "
	    "[ { \"name\": \"*fill*\", \"synthetic\": true, \"regions\": "
	    "{ \"R\": 7 }, \"total\": 7 } ], ";
	struct report		 r, back;
	struct strbuf		 sb;
	char			*text, *p, *err;
	size_t			 i;

	make_report(&r);
	text = render(&r);
	cr_assert_not_null(p = strstr(text, "\n  \"outside\""));
	for (i = 0; i <= ARRAY_LEN(bad); i++) {
		sb_init(&sb);
		sb_add(&sb, text, (size_t)(p - text));
		sb_puts(&sb, rows);
		sb_puts(&sb, i < ARRAY_LEN(bad) ? bad[i][0] :
		    "\"sums\": { \"R\": 7 }, \"total\": 7 }");
		sb_putc(&sb, ',');
		sb_puts(&sb, p);
		if (i == ARRAY_LEN(bad)) {
			parse_ok(&back, sb.buf);
			report_free(&back);
		} else {
			err = parse_fail(sb.buf, strlen(sb.buf));
			cr_expect(strstr(err, bad[i][1]) != NULL, "%s", err);
			free(err);
		}
		sb_free(&sb);
	}
	free(text);
	report_free(&r);
}

/* Escapes, and bytes that are not UTF-8 becoming U+FFFD (still JSON). */
Test(json, strings)
{
	struct report	 r, back;
	char		*text;

	report_init(&r, "check");
	r.board = xstrdup("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f µ 😀");
	r.elf = xstrdup("bad\xff\xc0\x80\xed\xa0\x80 end\xe2\x82");
	text = render(&r);
	cr_assert_not_null(strstr(text,
	    "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f µ 😀\""));
	parse_ok(&back, text);
	cr_assert_str_eq(back.board, r.board);
	cr_assert_str_eq(back.elf, "bad\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end\xef\xbf\xbd\xef\xbf\xbd");
	schema_ok(text);
	report_free(&back);
	free(text);
	report_free(&r);
}

/* Later memfits of format 1 may add keys; this one ignores them. */
Test(json, unknown_keys_are_ignored)
{
	static const char	*adds[][2] = {
		{ "\n  \"tool\": ", "\n  \"new\": {\"a\": [1, 2.5e3]}," },
		{ "\n          \"load_image\": ", "\n          \"flags\": "
		    "[\"a\", {\"x\": 18446744073709551616}]," },
		{ "\n      \"rule\": ", "\n      \"x\": null," },
		{ "\n    \"errors\": ", "\n    \"fatal\": 0," },
	};
	struct report		 r, back;
	struct strbuf		 sb;
	char			*text, *again, *p;
	size_t			 i, at;

	make_report(&r);
	text = render(&r);
	for (i = 0; i < ARRAY_LEN(adds); i++) {
		cr_assert_not_null(p = strstr(text, adds[i][0]));
		at = (size_t)(p - text);
		sb_init(&sb);
		sb_add(&sb, text, at);
		sb_puts(&sb, adds[i][1]);
		sb_puts(&sb, text + at);
		parse_ok(&back, sb.buf);
		again = render(&back);
		cr_assert_str_eq(again, text);
		free(again);
		report_free(&back);
		sb_free(&sb);
	}
	free(text);
	report_free(&r);
}

Test(json, not_a_report)
{
	static const char	*cases[][2] = {
		{ "", "not a memfit report (empty)" },
		{ "[1, 2]", "not a memfit report (not a JSON object)" },
		{ "\"memfit\"", "not a memfit report (not a JSON object)" },
		{ "{}", "not a memfit report (no \"memfit\" key)" },
		{ "{\"memfit\": \"1\"}",
		    "not a memfit report (\"memfit\" is not a number)" },
		{ "{\"memfit\": 2}", "unsupported report version 2" },
		{ "{\"memfit\": 1.5}", "unsupported report version 1.5" },
		{ "{\"memfit\": -1}", "unsupported report version -1" },
		{ "{\"memfit\": 1} {}",
		    "not a memfit report (invalid JSON at line 1, column 15)" },
		{ "{\n  \"memfit\": 1,\n  x",
		    "not a memfit report (invalid JSON at line 3, column 3)" },
		{ "{\"memfit\": 1}", "missing \"tool\"" },
	};
	char			*err;
	size_t			 i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		err = parse_fail(cases[i][0], strlen(cases[i][0]));
		cr_assert(strcmp(err + 15, cases[i][1]) == 0, "%s", err);
		free(err);
	}
}

Test(json, truncated_at_every_offset)
{
	struct report	 r, back;
	char		*text;
	size_t		 n, len;

	make_report(&r);
	text = render(&r);
	len = strlen(text);
	for (n = 0; n < len - 1; n++)
		free(parse_fail(text, n));
	/* Without its newline the document is still whole. */
	cr_assert_eq(parse_n(&back, text, len - 1, NULL), 0);
	report_free(&back);
	free(text);
	report_free(&r);
}

/*
 * The wrong-type test walks the rendered document line by line (it has one
 * member or element per line) and keeps the JSON path of each line.
 */
struct walk {
	char	 path[16][128];	/* of the open container, by level */
	bool	 array[16];
	size_t	 index[16];
};

struct item {
	char		 path[160];
	size_t		 value;	/* where the value starts in the line */
	size_t		 last;	/* line that ends the value */
};

static bool
is_close(const char *line)
{
	line += strspn(line, " ");
	return *line == '}' || *line == ']';
}

/* Describe line i of lines[]: false for closing lines and the root. */
static bool
walk_line(struct walk *w, char **lines, size_t i, struct item *it)
{
	const char	*l = lines[i], *p = l + strspn(l, " "), *v = p;
	size_t		 level = (size_t)(p - l) / 2, j;
	bool		 opens;

	if (is_close(l) || level == 0) {
		w->path[1][0] = '\0';
		w->array[1] = false;
		return false;
	}
	if (w->array[level])
		snprintf(it->path, sizeof(it->path), "%s[%zu]",
		    w->path[level], w->index[level]++);
	else {
		v = strstr(p, "\": ") + 3;
		snprintf(it->path, sizeof(it->path), "%s%s%.*s",
		    w->path[level], w->path[level][0] ? "." : "",
		    (int)(v - p - 4), p + 1);
	}
	it->value = (size_t)(v - l);
	opens = strcmp(v, "{") == 0 || strcmp(v, "[") == 0;
	for (j = i; opens && !(j > i && is_close(lines[j]) &&
	    strspn(lines[j], " ") == (size_t)(p - l)); j++)
		continue;
	it->last = j;
	if (opens) {
		snprintf(w->path[level + 1], sizeof(w->path[0]), "%.120s",
		    it->path);
		w->array[level + 1] = *v == '[';
		w->index[level + 1] = 0;
	}
	return true;
}

/* A value of a type that is never valid where v is. */
static const char *
wrong_value(const char *v)
{
	if (*v == '"' || *v == '{' || *v == '[')
		return "7";
	if (strncmp(v, "null", 4) == 0)
		return "true";
	return "\"x\"";
}

static char *
mutate(char **lines, size_t n, size_t i, const struct item *it)
{
	struct strbuf	 sb;
	const char	*end = lines[it->last];
	size_t		 j;

	sb_init(&sb);
	for (j = 0; j < i; j++)
		sb_printf(&sb, "%s\n", lines[j]);
	sb_add(&sb, lines[i], it->value);
	sb_puts(&sb, wrong_value(lines[i] + it->value));
	if (end[strlen(end) - 1] == ',')
		sb_putc(&sb, ',');
	sb_putc(&sb, '\n');
	for (j = it->last + 1; j < n; j++)
		sb_printf(&sb, "%s\n", lines[j]);
	return sb_detach(&sb);
}

static size_t
split_lines(char *text, char **lines, size_t max)
{
	size_t	n = 0;
	char	*p;

	for (p = strtok(text, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		cr_assert_lt(n, max);
		lines[n++] = p;
	}
	return n;
}

static void
check_wrong_type(const char *doc, const struct item *it)
{
	char	*err, want[200];

	err = parse_fail(doc, strlen(doc));
	if (strcmp(it->path, "memfit") == 0)
		snprintf(want, sizeof(want), "t.json: error: not a memfit "
		    "report");
	else
		snprintf(want, sizeof(want), "t.json: error: %s: expected ",
		    it->path);
	cr_assert(strncmp(err, want, strlen(want)) == 0, "%s\nwant %s", err,
	    want);
	free(err);
}

/* Every value, scalar or container, replaced by a wrong type in turn. */
Test(json, wrong_type_at_every_path)
{
	struct report	 r;
	struct walk	 w;
	struct item	 it;
	char		*text, *doc, *lines[1024], path[128], *out;
	size_t		 n, i, bad = 0;

	need_python();
	make_report(&r);
	text = render(&r);
	n = split_lines(text, lines, ARRAY_LEN(lines));
	memset(&w, 0, sizeof(w));
	for (i = 0; i < n; i++) {
		if (!walk_line(&w, lines, i, &it))
			continue;
		doc = mutate(lines, n, i, &it);
		check_wrong_type(doc, &it);
		snprintf(path, sizeof(path), "%s/bad-%03zu.json", tmp, bad++);
		write_file(path, doc, strlen(doc));
		free(doc);
	}
	cr_assert_gt(bad, 100);
	/* The schema must reject every one of them too. */
	cr_assert_neq(run_checker(tmp), 0);
	snprintf(path, sizeof(path), "%s/checker.out", tmp);
	out = read_file(path);
	snprintf(path, sizeof(path), "\n0 passed, %zu failed\n", bad);
	cr_assert_not_null(strstr(out, path), "%s", out);
	free(out);
	free(text);
	report_free(&r);
}

static char *
replace(const char *text, const char *from, const char *to)
{
	struct strbuf	 sb;
	const char	*p = strstr(text, from);

	cr_assert_not_null(p, "%s", from);
	sb_init(&sb);
	sb_add(&sb, text, (size_t)(p - text));
	sb_puts(&sb, to);
	sb_puts(&sb, p + strlen(from));
	return sb_detach(&sb);
}

/* Valid types, invalid values. */
Test(json, bad_values)
{
	static const char	*cases[][3] = {
		{ "\"used\": 20484", "\"used\": -1", "regions[0].used: integer "
		    "out of range" },
		{ "\"used\": 20484", "\"used\": 18446744073709551616",
		    "regions[0].used: integer out of range" },
		{ "\"used\": 20484", "\"used\": 1.5",
		    "regions[0].used: expected an integer" },
		{ "\"used\": 20484", "\"used\": 2e4",
		    "regions[0].used: expected an integer" },
		{ "\"line\": 12", "\"line\": 4294967296",
		    "findings[0].line: integer out of range" },
		{ "\"status\": \"ok\"", "\"status\": \"fine\"",
		    "regions[0].status: unknown value" },
		{ "\"severity\": \"error\"", "\"severity\": \"Error\"",
		    "findings[0].severity: unknown value" },
		{ "\"size\": 392,", "", "regions[0].sections[0]: missing "
		    "\"size\"" },
		{ "\"used\": 20484",
		    "\"used\": 1234567890123456789012345678901234567890",
		    "regions[0].used: integer out of range" },
	};
	struct report		 r;
	char			*text, *doc, *err;
	size_t			 i;

	make_report(&r);
	text = render(&r);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		doc = replace(text, cases[i][0], cases[i][1]);
		err = parse_fail(doc, strlen(doc));
		cr_assert_str_eq(err + 15, cases[i][2]);
		free(err);
		free(doc);
	}
	free(text);
	report_free(&r);
}

static char *
nest(size_t depth, const char *head, const char *tail)
{
	struct strbuf	sb;
	size_t		i;

	sb_init(&sb);
	sb_puts(&sb, head);
	for (i = 0; i < depth; i++)
		sb_putc(&sb, '[');
	for (i = 0; i < depth; i++)
		sb_putc(&sb, ']');
	sb_puts(&sb, tail);
	return sb_detach(&sb);
}

static char *
big_string(const char *head, const char *tail)
{
	struct strbuf	sb;
	char		*s = xmalloc(BIG + 1);

	memset(s, 'a', BIG);
	s[BIG] = '\0';
	sb_init(&sb);
	sb_printf(&sb, "%s%s%s", head, s, tail);
	free(s);
	return sb_detach(&sb);
}

Test(json, hostile_documents)
{
	char	*doc;

	doc = nest(100000, "", "");
	free(parse_fail(doc, strlen(doc)));
	free(doc);
	doc = nest(100000, "{\"memfit\": 1, \"x\": ", "}");
	free(parse_fail(doc, strlen(doc)));
	free(doc);
	doc = big_string("{\"memfit\": 1, \"board\": \"", "");
	free(parse_fail(doc, strlen(doc)));
	free(doc);
	doc = big_string("{\"memfit\": \"", "\"}");
	free(parse_fail(doc, strlen(doc)));
	free(doc);
	doc = big_string("{\"memfit\": 1", "");
	free(parse_fail(doc, strlen(doc)));
	free(doc);
	free(parse_fail("{\"memfit\": 1\0}", 14));
	free(parse_fail("{\"memfit\": 1, \"tool\": {\"x\": \"\\ud800\"}}", 38));
}

/* A 10 MB name is fine, and comes back whole. */
Test(json, huge_string_reads_back)
{
	struct report	 r, back;
	char		*text;

	report_init(&r, "size");
	r.board = big_string("", "");
	text = render(&r);
	parse_ok(&back, text);
	cr_assert_eq(strlen(back.board), BIG);
	report_eq(&r, &back);
	report_free(&back);
	free(text);
	report_free(&r);
}

/*
 * Byte flips and splices in a valid document: each result is an error or
 * a report that renders to a document reading back to the same report.
 */
Test(json, random_damage)
{
	static const char	 bytes[] = "{}[]\",:0123456789-.eE \\ntfu";
	struct report		 r, back, again;
	char			*text, *doc, *re, *re2, *err;
	size_t			 len, i, k;
	unsigned		 seed = 12345;

	make_report(&r);
	text = render(&r);
	len = strlen(text);
	doc = xmalloc(len);
	for (i = 0; i < 3000; i++) {
		memcpy(doc, text, len);
		for (k = 0; k < 1 + i % 3; k++)
			doc[rand_r(&seed) % len] = bytes[rand_r(&seed) %
			    (sizeof(bytes) - 1)];
		err = NULL;
		if (parse_n(&back, doc, len, &err) != 0) {
			cr_assert_not_null(err);
			free(err);
			continue;
		}
		re = render(&back);
		parse_ok(&again, re);
		re2 = render(&again);
		cr_assert_str_eq(re, re2);
		report_free(&again);
		report_free(&back);
		free(re2);
		free(re);
	}
	free(doc);
	free(text);
	report_free(&r);
}
