/*
 * The JSON report reader (format 1, schemas/report.schema.json), for diff.
 * This is the only user of <cJSON.h>. The writer is
 * src/render/report_json_out.c (memfit's own writer, no cJSON).
 *
 * Addresses and sizes are uint64, but cJSON keeps numbers as doubles, which
 * are exact only up to 2^53. So the reader gives every cJSON number node its
 * literal text (in valuestring, which cJSON_Delete frees) and parses
 * integers from that text.
 */
#include <cJSON.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "memfit.h"
#include "report_json.h"
#include "util.h"

/* Room for the longest path, "regions[N].sections[N]". */
#define JPATH_LEN	128

/* Reading. The first failure is an error at the file in d; all are -1. */

struct rd {
	const char	*name;
	struct diags	*d;
	bool		 failed;
};

static int __attribute__((format(printf, 2, 3)))
rd_fail(struct rd *rd, const char *fmt, ...)
{
	va_list	 ap;

	if (rd->failed)
		return -1;
	rd->failed = true;
	va_start(ap, fmt);
	diag_vadd(rd->d, DIAG_ERROR, &(struct srcpos){ .file = rd->name },
	    fmt, ap);
	va_end(ap);
	return -1;
}

/* An error at path.key; path is "" at the root, key NULL for the path. */
static int
rd_fail_at(struct rd *rd, const char *path, const char *key, const char *what)
{
	return rd_fail(rd, "%s%s%s: %s", path, *path && key ? "." : "",
	    key ? key : "", what);
}

static int
rd_syntax(struct rd *rd, const char *buf, size_t pos)
{
	size_t	i, line = 1, col = 1;

	for (i = 0; i < pos; i++) {
		if (buf[i] == '\n')
			line++, col = 1;
		else
			col++;
	}
	return rd_fail(rd, "not a memfit report (invalid JSON at line %zu, "
	    "column %zu)", line, col);
}

/*
 * Find the next number literal at or after *pos, outside strings, and leave
 * *pos after it. This tokenises as cJSON does (a number starts with '-' or
 * a digit and runs over [0-9+-.eE]; a backslash in a string skips a byte),
 * so on a document cJSON accepted, the literals come in the order of its
 * number nodes.
 */
static bool
next_number(const char *buf, size_t len, size_t *pos, size_t *start)
{
	size_t	i;
	bool	instr = false;

	for (i = *pos; i < len; i++) {
		if (instr && buf[i] == '\\')
			i++;
		else if (buf[i] == '"')
			instr = !instr;
		else if (!instr && (buf[i] == '-' ||
		    (buf[i] >= '0' && buf[i] <= '9')))
			break;
	}
	if (i >= len)
		return false;
	*start = i;
	while (i < len && buf[i] != '\0' && strchr("0123456789+-.eE", buf[i]))
		i++;
	*pos = i;
	return true;
}

static int
attach_literals(cJSON *item, const char *buf, size_t len, size_t *pos)
{
	size_t	start;

	for (; item != NULL; item = item->next) {
		if (cJSON_IsNumber(item)) {
			if (!next_number(buf, len, pos, &start))
				return -1;
			item->valuestring = xstrndup(buf + start, *pos - start);
		} else if (item->child != NULL &&
		    attach_literals(item->child, buf, len, pos) != 0)
			return -1;
	}
	return 0;
}

/*
 * Whether the bracket depth of BUF reaches cJSON's nesting limit before
 * END, where cJSON gave up: then the document is not malformed there,
 * only deeper than memfit reads.
 */
static bool
too_deep(const char *buf, const char *end)
{
	const char	*p;
	size_t		 depth = 0;
	bool		 instr = false;

	for (p = buf; p < end; p++) {
		if (instr && *p == '\\')
			p++;
		else if (*p == '"')
			instr = !instr;
		else if (!instr && (*p == '[' || *p == '{') &&
		    ++depth >= CJSON_NESTING_LIMIT)
			return true;
		else if (!instr && (*p == ']' || *p == '}') && depth > 0)
			depth--;
	}
	return false;
}

static int
parse_document(cJSON **out, struct rd *rd, const char *buf, size_t len)
{
	const char	*end = buf;
	size_t		 pos = 0;

	if (len == 0)
		return rd_fail(rd, "not a memfit report (empty)");
	/* cJSON caps nesting (1000), so hostile depth cannot overflow us. */
	*out = cJSON_ParseWithLengthOpts(buf, len, &end, false);
	if (*out == NULL && too_deep(buf, end < buf + len ? end + 1 : end))
		return rd_fail(rd, "not a memfit report (JSON nested deeper "
		    "than %d levels)", CJSON_NESTING_LIMIT);
	if (*out == NULL)
		return rd_syntax(rd, buf, (size_t)(end - buf));
	pos = (size_t)(end - buf);
	while (pos < len && strchr(" \t\r\n", buf[pos]) && buf[pos] != '\0')
		pos++;
	if (pos < len)
		return rd_syntax(rd, buf, pos);
	if (!cJSON_IsObject(*out))
		return rd_fail(rd, "not a memfit report (not a JSON object)");
	pos = 0;
	if (attach_literals(*out, buf, len, &pos) != 0)
		return rd_syntax(rd, buf, pos);
	return 0;
}

/* 0, or -1 when s is not an integer, or -2 when it is out of range. */
static int
parse_u64(uint64_t *out, const char *s)
{
	uint64_t	v = 0;
	int		neg = 0;

	if (s == NULL)
		return -1;
	if (*s == '-')
		neg = 1, s++;
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	if (neg)
		return -2;
	for (; *s != '\0'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -2;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static int
lookup(cJSON **out, struct rd *rd, const cJSON *obj, const char *path,
    const char *key)
{
	*out = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (*out != NULL)
		return 0;
	if (*path == '\0')
		return rd_fail(rd, "missing \"%s\"", key);
	return rd_fail(rd, "%s: missing \"%s\"", path, key);
}

static int
get_u64(uint64_t *out, struct rd *rd, const cJSON *obj, const char *path,
    const char *key, bool nullable)
{
	cJSON	*it;
	int	 rc;

	if (lookup(&it, rd, obj, path, key) != 0)
		return -1;
	if (nullable && cJSON_IsNull(it)) {
		*out = REPORT_NONE;
		return 0;
	}
	rc = cJSON_IsNumber(it) ? parse_u64(out, it->valuestring) : -1;
	if (rc == -2)
		return rd_fail_at(rd, path, key, "integer out of range");
	if (rc != 0)
		return rd_fail_at(rd, path, key, nullable ?
		    "expected an integer or null" : "expected an integer");
	return 0;
}

static int
get_str(char **out, struct rd *rd, const cJSON *obj, const char *path,
    const char *key, bool nullable)
{
	cJSON	*it;

	if (lookup(&it, rd, obj, path, key) != 0)
		return -1;
	if (cJSON_IsString(it) && !utf8_valid(it->valuestring))
		return rd_fail_at(rd, path, key, "not valid UTF-8");
	if (cJSON_IsString(it))
		*out = xstrdup(it->valuestring);
	else if (!nullable || !cJSON_IsNull(it))
		return rd_fail_at(rd, path, key, nullable ?
		    "expected a string or null" : "expected a string");
	return 0;
}

static int
get_bool(bool *out, struct rd *rd, const cJSON *obj, const char *path,
    const char *key)
{
	cJSON	*it;

	if (lookup(&it, rd, obj, path, key) != 0)
		return -1;
	if (!cJSON_IsBool(it))
		return rd_fail_at(rd, path, key, "expected a boolean");
	*out = cJSON_IsTrue(it);
	return 0;
}

static int
get_number(struct rd *rd, const cJSON *obj, const char *path, const char *key,
    bool nullable)
{
	cJSON	*it;

	if (lookup(&it, rd, obj, path, key) != 0)
		return -1;
	if (nullable && cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsNumber(it))
		return rd_fail_at(rd, path, key, nullable ?
		    "expected a number or null" : "expected a number");
	return 0;
}

/* An object or an array member; key NULL checks obj itself. */
static int
get_node(cJSON **out, struct rd *rd, cJSON *obj, const char *path,
    const char *key, bool array)
{
	if (key == NULL)
		*out = obj;
	else if (lookup(out, rd, obj, path, key) != 0)
		return -1;
	if (array ? cJSON_IsArray(*out) : cJSON_IsObject(*out))
		return 0;
	return rd_fail_at(rd, path, key,
	    array ? "expected an array" : "expected an object");
}

static const char *
status_name(int i)
{
	return region_status_name((enum region_status)i);
}

static const char *
severity_name(int i)
{
	return finding_severity_name((enum finding_severity)i);
}

/* The enum value 0..n-1 whose name is the string at key. */
static int
get_name(int *out, struct rd *rd, const cJSON *obj, const char *path,
    const char *key, const char *(*name)(int), int n)
{
	char	*s = NULL;
	int	 i;

	if (get_str(&s, rd, obj, path, key, false) != 0)
		return -1;
	for (i = 0; i < n && strcmp(s, name(i)) != 0; i++)
		continue;
	free(s);
	if (i == n)
		return rd_fail_at(rd, path, key, "unknown value");
	*out = i;
	return 0;
}

/* Count and allocate (zeroed) before filling, so report_free can undo. */
static int
get_array(cJSON **arr, size_t *n, struct rd *rd, cJSON *obj,
    const char *path, const char *key)
{
	cJSON	*it;

	*n = 0;
	if (get_node(arr, rd, obj, path, key, true) != 0)
		return -1;
	cJSON_ArrayForEach(it, *arr)
		(*n)++;
	return 0;
}

/* Reads one element of an array into ELEM (ARG: what the reader needs). */
typedef int	(*read_elem_fn)(void *elem, struct rd *, cJSON *,
		    const char *path, const void *arg);

/*
 * Optional array KEY of OBJ, if present: *N elements of SIZE bytes in
 * *OUT (zeroed, allocated before reading, so that report_free undoes a
 * half-read one), each read by ONE.
 */
static int
read_optional(void **out, size_t *n, size_t size, struct rd *rd, cJSON *obj,
    const char *path, const char *key, read_elem_fn one, const void *arg)
{
	cJSON	*arr, *it;
	char	 p[JPATH_LEN + 32];
	size_t	 i = 0;

	if (!cJSON_HasObjectItem(obj, key))
		return 0;
	if (get_array(&arr, n, rd, obj, path, key) != 0)
		return -1;
	*out = xcalloc(*n + 1, size);
	cJSON_ArrayForEach(it, arr) {
		snprintf(p, sizeof(p), "%s.%s[%zu]", path, key, i);
		if (one((char *)*out + i++ * size, rd, it, p, arg) != 0)
			return -1;
	}
	return 0;
}

static int
read_input(void *elem, struct rd *rd, cJSON *it, const char *path,
    const void *arg)
{
	struct rep_item	*t = elem;

	(void)arg;
	t->address = REPORT_NONE;
	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&t->name, rd, it, path, "object", false) != 0 ||
	    get_str(&t->archive, rd, it, path, "archive", false) != 0 ||
	    get_u64(&t->size, rd, it, path, "size", false) != 0)
		return -1;
	if (!cJSON_HasObjectItem(it, "synthetic")) {
		t->synthetic = item_name_synthetic(t->name);
		return 0;
	}
	return get_bool(&t->synthetic, rd, it, path, "synthetic");
}

/* Optional: written for the HTML page only. */
static int
read_inputs(struct rep_section *s, struct rd *rd, cJSON *obj,
    const char *path)
{
	void	*v = NULL;
	int	 rc;

	rc = read_optional(&v, &s->ninputs, sizeof(*s->inputs), rd, obj, path,
	    "inputs", read_input, NULL);
	s->inputs = v;
	return rc;
}

static int
read_section(struct rep_section *s, struct rd *rd, cJSON *it,
    const char *path)
{
	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&s->name, rd, it, path, "name", false) != 0 ||
	    get_u64(&s->address, rd, it, path, "address", false) != 0 ||
	    get_u64(&s->size, rd, it, path, "size", false) != 0 ||
	    get_bool(&s->load_image, rd, it, path, "load_image") != 0 ||
	    read_inputs(s, rd, it, path) != 0)
		return -1;
	return 0;
}

static int
read_sections(struct rep_section **out, size_t *n, struct rd *rd,
    cJSON *obj, const char *path, const char *key)
{
	cJSON	*arr, *it;
	char	 p[JPATH_LEN];
	size_t	 i = 0;

	if (get_array(&arr, n, rd, obj, path, key) != 0)
		return -1;
	*out = xcalloc(*n, sizeof(**out));
	cJSON_ArrayForEach(it, arr) {
		snprintf(p, sizeof(p), "%s%s%s[%zu]", path, *path ? "." : "",
		    key, i);
		if (read_section(&(*out)[i++], rd, it, p) != 0)
			return -1;
	}
	return 0;
}

static int
read_budget(struct rep_region *g, struct rd *rd, cJSON *obj, const char *path)
{
	char	p[JPATH_LEN + sizeof(".budget")];

	if (get_node(&obj, rd, obj, path, "budget", false) != 0)
		return -1;
	snprintf(p, sizeof(p), "%s.budget", path);
	if (get_u64(&g->budget_warn, rd, obj, p, "warn", true) != 0 ||
	    get_u64(&g->budget_error, rd, obj, p, "error", true) != 0)
		return -1;
	return 0;
}

/*
 * Keys a kind of row does not carry are absent: null, as if written so.
 * A report older than "synthetic" says it by the row's name.
 */
static int
read_item(void *elem, struct rd *rd, cJSON *it, const char *path,
    const void *arg)
{
	struct rep_item	*t = elem;
	enum breakdown	 k = *(const enum breakdown *)arg;

	t->address = REPORT_NONE;
	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&t->name, rd, it, path, "name", false) != 0 ||
	    get_u64(&t->size, rd, it, path, "size", false) != 0 ||
	    (cJSON_HasObjectItem(it, "address") &&
	    get_u64(&t->address, rd, it, path, "address", true) != 0) ||
	    (cJSON_HasObjectItem(it, "archive") &&
	    get_str(&t->archive, rd, it, path, "archive", true) != 0) ||
	    (cJSON_HasObjectItem(it, "object") &&
	    get_str(&t->object, rd, it, path, "object", true) != 0) ||
	    (cJSON_HasObjectItem(it, "synthetic") &&
	    get_bool(&t->synthetic, rd, it, path, "synthetic") != 0))
		return -1;
	if (k != BD_SYMBOLS && !cJSON_HasObjectItem(it, "synthetic"))
		t->synthetic = item_name_synthetic(t->name);
	return 0;
}

/* The breakdowns are optional: only those asked for are written. */
static int
read_items(struct rep_region *g, struct rd *rd, cJSON *obj,
    const char *path, enum breakdown k)
{
	void	*v = NULL;
	int	 rc;

	g->has_items[k] = cJSON_HasObjectItem(obj, breakdown_name(k));
	rc = read_optional(&v, &g->nitems[k], sizeof(*g->items[k]), rd, obj,
	    path, breakdown_name(k), read_item, &k);
	g->items[k] = v;
	return rc;
}

static int
read_alias(void *elem, struct rd *rd, cJSON *it, const char *path,
    const void *arg)
{
	(void)arg;
	if (get_node(&it, rd, it, path, NULL, false) != 0)
		return -1;
	return get_u64(elem, rd, it, path, "origin", false);
}

/* Optional: a report without aliases has no key. */
static int
read_aliases(struct rep_region *g, struct rd *rd, cJSON *obj,
    const char *path)
{
	void	*v = NULL;
	int	 rc;

	rc = read_optional(&v, &g->naliases, sizeof(*g->aliases), rd, obj,
	    path, "aliases", read_alias, NULL);
	g->aliases = v;
	return rc;
}

static int
read_region(struct rep_region *g, struct rd *rd, cJSON *it, const char *path)
{
	uint64_t	ignored;
	int		status = 0, k;

	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&g->name, rd, it, path, "name", false) != 0 ||
	    get_str(&g->kind, rd, it, path, "kind", true) != 0 ||
	    get_u64(&g->origin, rd, it, path, "origin", false) != 0 ||
	    read_aliases(g, rd, it, path) != 0 ||
	    get_u64(&g->length, rd, it, path, "length", true) != 0 ||
	    get_u64(&g->used, rd, it, path, "used", false) != 0 ||
	    get_u64(&ignored, rd, it, path, "free", true) != 0 ||
	    get_number(rd, it, path, "percent", true) != 0 ||
	    get_u64(&g->sections_total, rd, it, path, "sections_total",
	    false) != 0 ||
	    get_u64(&g->padding, rd, it, path, "padding", false) != 0 ||
	    read_budget(g, rd, it, path) != 0 ||
	    get_name(&status, rd, it, path, "status", status_name,
	    STATUS_OVERFLOW + 1) != 0 ||
	    read_sections(&g->sections, &g->nsections, rd, it, path,
	    "sections") != 0)
		return -1;
	g->status = (enum region_status)status;
	for (k = 0; k < BD_COUNT; k++) {
		if (read_items(g, rd, it, path, (enum breakdown)k) != 0)
			return -1;
	}
	return 0;
}

static int
read_finding_strings(struct finding *f, struct rd *rd, cJSON *it,
    const char *path)
{
	if (get_str(&f->rule, rd, it, path, "rule", false) != 0 ||
	    get_str(&f->waiver, rd, it, path, "waiver", true) != 0 ||
	    get_str(&f->message, rd, it, path, "message", false) != 0 ||
	    get_str(&f->region, rd, it, path, "region", true) != 0 ||
	    get_str(&f->symbol, rd, it, path, "symbol", true) != 0 ||
	    get_str(&f->section, rd, it, path, "section", true) != 0 ||
	    get_str(&f->object, rd, it, path, "object", true) != 0 ||
	    get_str(&f->file, rd, it, path, "file", true) != 0)
		return -1;
	return 0;
}

static int
read_finding(struct finding *f, struct rd *rd, cJSON *it, const char *path)
{
	uint64_t	line;
	int		sev = 0;

	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    read_finding_strings(f, rd, it, path) != 0 ||
	    get_name(&sev, rd, it, path, "severity", severity_name,
	    SEV_ERROR + 1) != 0 ||
	    get_bool(&f->waived, rd, it, path, "waived") != 0 ||
	    get_u64(&f->address, rd, it, path, "address", true) != 0 ||
	    get_u64(&f->size, rd, it, path, "size", false) != 0 ||
	    get_u64(&line, rd, it, path, "line", true) != 0)
		return -1;
	if (line != REPORT_NONE && line > UINT_MAX)
		return rd_fail_at(rd, path, "line", "integer out of range");
	f->severity = (enum finding_severity)sev;
	f->line = line == REPORT_NONE ? 0 : (unsigned)line;
	return 0;
}

static int
cmp_region_index(const void *a, const void *b, void *arg)
{
	const struct rep_region	*g = arg;
	size_t			 i = *(const size_t *)a, j = *(const size_t *)b;
	int			 c = strcmp(g[i].name, g[j].name);

	return c != 0 ? c : (i > j) - (i < j);
}

/*
 * A region twice would be diffed against one of its twins, whichever
 * came first: a report memfit wrote never has one.
 */
static int
check_unique(struct report *r, struct rd *rd)
{
	size_t	*idx, i;
	int	 rc = 0;

	idx = xcalloc(r->nregions ? r->nregions : 1, sizeof(*idx));
	for (i = 0; i < r->nregions; i++)
		idx[i] = i;
	qsort_r(idx, r->nregions, sizeof(*idx), cmp_region_index, r->regions);
	for (i = 1; i < r->nregions && rc == 0; i++)
		if (strcmp(r->regions[idx[i]].name,
		    r->regions[idx[i - 1]].name) == 0)
			rc = rd_fail(rd, "regions[%zu]: region \"%s\" again "
			    "(also at regions[%zu])", idx[i],
			    r->regions[idx[i]].name, idx[i - 1]);
	free(idx);
	return rc;
}

static int
read_regions(struct report *r, struct rd *rd, cJSON *root)
{
	cJSON	*arr, *it;
	char	 p[JPATH_LEN];
	size_t	 i = 0;

	if (get_array(&arr, &r->nregions, rd, root, "", "regions") != 0)
		return -1;
	r->regions = xcalloc(r->nregions, sizeof(*r->regions));
	cJSON_ArrayForEach(it, arr) {
		snprintf(p, sizeof(p), "regions[%zu]", i);
		if (read_region(&r->regions[i++], rd, it, p) != 0)
			return -1;
	}
	return check_unique(r, rd);
}

/* Bytes per region, keyed by name: every member an integer. */
static int
check_per_region(struct rd *rd, cJSON *obj, const char *path,
    const char *key)
{
	cJSON		*m;
	char		 p[JPATH_LEN + 16];
	uint64_t	 v;

	if (get_node(&obj, rd, obj, path, key, false) != 0)
		return -1;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	cJSON_ArrayForEach(m, obj)
		if (get_u64(&v, rd, obj, p, m->string, false) != 0)
			return -1;
	return 0;
}

/*
 * archive_totals (size --archives) is derived from the regions' own
 * archive rows, and diff does not need it: it is checked, not kept.
 */
static int
check_cross(struct rd *rd, cJSON *root)
{
	cJSON		*x, *rows, *it;
	char		 p[JPATH_LEN], *name = NULL;
	uint64_t	 v;
	bool		 b;
	size_t		 i = 0;

	if (!cJSON_HasObjectItem(root, "archive_totals"))
		return 0;
	if (get_node(&x, rd, root, "", "archive_totals", false) != 0 ||
	    get_node(&rows, rd, x, "archive_totals", "rows", true) != 0)
		return -1;
	cJSON_ArrayForEach(it, rows) {
		snprintf(p, sizeof(p), "archive_totals.rows[%zu]", i++);
		if (get_node(&it, rd, it, p, NULL, false) != 0 ||
		    get_str(&name, rd, it, p, "name", false) != 0 ||
		    get_bool(&b, rd, it, p, "synthetic") != 0 ||
		    check_per_region(rd, it, p, "regions") != 0 ||
		    get_u64(&v, rd, it, p, "total", false) != 0)
			break;
		free(name);
		name = NULL;
	}
	free(name);
	if (rd->failed ||
	    check_per_region(rd, x, "archive_totals", "sums") != 0 ||
	    get_u64(&v, rd, x, "archive_totals", "total", false) != 0)
		return -1;
	return 0;
}

static int
read_findings(struct report *r, struct rd *rd, cJSON *root)
{
	cJSON	*arr, *it;
	char	 p[JPATH_LEN];
	size_t	 i = 0;

	if (get_array(&arr, &r->nfindings, rd, root, "", "findings") != 0)
		return -1;
	r->findings = xcalloc(r->nfindings, sizeof(*r->findings));
	r->findings_cap = r->nfindings;
	cJSON_ArrayForEach(it, arr) {
		snprintf(p, sizeof(p), "findings[%zu]", i);
		if (read_finding(&r->findings[i++], rd, it, p) != 0)
			return -1;
	}
	return 0;
}

static const char *
stack_kind_name(int i)
{
	static const char *const names[] = { "thread", "interrupt", "task" };

	return names[i];
}

static int
read_frame(struct rep_stack_frame *f, struct rd *rd, cJSON *it,
    const char *path)
{
	uint64_t	line;

	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&f->function, rd, it, path, "function", false) != 0 ||
	    get_u64(&f->frame, rd, it, path, "frame", false) != 0 ||
	    get_bool(&f->known, rd, it, path, "known") != 0 ||
	    get_str(&f->file, rd, it, path, "file", true) != 0 ||
	    get_u64(&line, rd, it, path, "line", true) != 0)
		return -1;
	if (line != REPORT_NONE && line > UINT_MAX)
		return rd_fail_at(rd, path, "line", "integer out of range");
	f->line = line == REPORT_NONE ? 0 : (unsigned)line;
	return 0;
}

static int
read_stack(struct rep_stack *s, struct rd *rd, cJSON *it, const char *path)
{
	cJSON	*arr, *fr;
	char	 p[JPATH_LEN + 32];
	size_t	 i = 0;
	int	 kind = 0;

	if (get_node(&it, rd, it, path, NULL, false) != 0 ||
	    get_str(&s->root, rd, it, path, "root", false) != 0 ||
	    get_name(&kind, rd, it, path, "kind", stack_kind_name, 3) != 0 ||
	    get_u64(&s->worst, rd, it, path, "worst", false) != 0 ||
	    get_u64(&s->total, rd, it, path, "total", false) != 0 ||
	    get_u64(&s->reserved, rd, it, path, "reserved", true) != 0 ||
	    get_u64(&s->warn, rd, it, path, "warn", true) != 0 ||
	    get_bool(&s->lower_bound, rd, it, path, "lower_bound") != 0 ||
	    get_str(&s->why, rd, it, path, "why", true) != 0 ||
	    get_array(&arr, &s->npath, rd, it, path, "path") != 0)
		return -1;
	s->kind = xstrdup(stack_kind_name(kind));
	s->path = xcalloc(s->npath, sizeof(*s->path));
	cJSON_ArrayForEach(fr, arr) {
		snprintf(p, sizeof(p), "%s.path[%zu]", path, i);
		if (read_frame(&s->path[i++], rd, fr, p) != 0)
			return -1;
	}
	return 0;
}

/* Only a report written with --stack-usage has them. */
static int
read_stacks(struct report *r, struct rd *rd, cJSON *root)
{
	cJSON	*arr, *it;
	char	 p[JPATH_LEN];
	size_t	 i = 0;

	if (!cJSON_HasObjectItem(root, "stacks"))
		return 0;
	if (get_array(&arr, &r->nstacks, rd, root, "", "stacks") != 0)
		return -1;
	r->stacks = xcalloc(r->nstacks, sizeof(*r->stacks));
	cJSON_ArrayForEach(it, arr) {
		snprintf(p, sizeof(p), "stacks[%zu]", i);
		if (read_stack(&r->stacks[i++], rd, it, p) != 0)
			return -1;
	}
	return 0;
}

static int
read_summary(struct report *r, struct rd *rd, cJSON *root)
{
	cJSON		*s;
	uint64_t	 e, w, x;

	if (get_node(&s, rd, root, "", "summary", false) != 0 ||
	    get_u64(&e, rd, s, "summary", "errors", false) != 0 ||
	    get_u64(&w, rd, s, "summary", "warnings", false) != 0 ||
	    get_u64(&x, rd, s, "summary", "waived", false) != 0)
		return -1;
	if (e > SIZE_MAX || w > SIZE_MAX || x > SIZE_MAX)
		return rd_fail(rd, "summary: integer out of range");
	r->nerrors = (size_t)e;
	r->nwarnings = (size_t)w;
	r->nwaived = (size_t)x;
	return 0;
}

/* Known keys are checked even when unused, so a bad document is caught. */
static int
read_head(struct report *r, struct rd *rd, cJSON *root)
{
	cJSON	*tool, *in;
	char	*name = NULL, *version = NULL;
	int	 rc;

	rc = get_node(&tool, rd, root, "", "tool", false) != 0 ||
	    get_str(&name, rd, tool, "tool", "name", false) != 0 ||
	    get_str(&version, rd, tool, "tool", "version", false) != 0 ||
	    get_str(&r->kind, rd, root, "", "kind", false) != 0 ||
	    get_str(&r->board, rd, root, "", "board", true) != 0 ||
	    get_node(&in, rd, root, "", "inputs", false) != 0 ||
	    get_str(&r->elf, rd, in, "inputs", "elf", true) != 0 ||
	    get_str(&r->map, rd, in, "inputs", "map", true) != 0 ? -1 : 0;
	free(name);
	free(version);
	return rc;
}

static int
check_version(struct rd *rd, const cJSON *root)
{
	cJSON		*it;
	uint64_t	 v;

	it = cJSON_GetObjectItemCaseSensitive(root, "memfit");
	if (it == NULL)
		return rd_fail(rd, "not a memfit report (no \"memfit\" key)");
	if (!cJSON_IsNumber(it))
		return rd_fail(rd, "not a memfit report (\"memfit\" is not "
		    "a number)");
	if (parse_u64(&v, it->valuestring) != 0 || v != MEMFIT_FORMAT_VERSION)
		return rd_fail(rd, "unsupported report version %s",
		    it->valuestring);
	it = cJSON_GetObjectItemCaseSensitive(root, "kind");
	if (cJSON_IsString(it) && strcmp(it->valuestring, "diff") == 0)
		return rd_fail(rd, "a memfit diff report: diff compares the "
		    "reports of size or check");
	return 0;
}

int
report_from_json(struct report *out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	struct rd	 rd = { name, d, false };
	cJSON		*root = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (parse_document(&root, &rd, buf, len) != 0 ||
	    check_version(&rd, root) != 0 ||
	    read_head(out, &rd, root) != 0 ||
	    read_regions(out, &rd, root) != 0 ||
	    check_cross(&rd, root) != 0 ||
	    read_sections(&out->outside, &out->noutside, &rd, root, "",
	    "outside") != 0 ||
	    read_findings(out, &rd, root) != 0 ||
	    read_stacks(out, &rd, root) != 0 ||
	    read_summary(out, &rd, root) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		report_free(out);
	cJSON_Delete(root);
	return rc;
}
