/*
 * The report model: construction, ordering and freeing. Pure.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

void
report_init(struct report *r, const char *kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = xstrdup(kind);
}

static void
finding_free(struct finding *f)
{
	free(f->rule);
	free(f->waiver);
	free(f->message);
	free(f->region);
	free(f->symbol);
	free(f->section);
	free(f->object);
	free(f->file);
	free(f->def_file);
}

static void
items_free(struct rep_item *it, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(it[i].name);
		free(it[i].archive);
		free(it[i].object);
	}
	free(it);
}

static void
sections_free(struct rep_section *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(s[i].name);
		items_free(s[i].inputs, s[i].ninputs);
	}
	free(s);
}

static void
cross_free(struct rep_cross *x)
{
	size_t	i;

	if (x == NULL)
		return;
	for (i = 0; i < x->n; i++) {
		free(x->rows[i].name);
		free(x->rows[i].size);
	}
	free(x->rows);
	free(x->sums);
	free(x);
}

static void
stacks_free(struct rep_stack *s, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < s[i].npath; k++) {
			free(s[i].path[k].function);
			free(s[i].path[k].file);
		}
		free(s[i].path);
		free(s[i].root);
		free(s[i].kind);
		free(s[i].why);
	}
	free(s);
}

void
report_free(struct report *r)
{
	size_t	i, k;

	for (i = 0; i < r->nregions; i++) {
		free(r->regions[i].name);
		free(r->regions[i].kind);
		free(r->regions[i].aliases);
		sections_free(r->regions[i].sections, r->regions[i].nsections);
		for (k = 0; k < BD_COUNT; k++)
			items_free(r->regions[i].items[k],
			    r->regions[i].nitems[k]);
	}
	for (i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	for (i = 0; i < r->ndma_matches; i++) {
		free(r->dma_matches[i].name);
		free(r->dma_matches[i].region);
		free(r->dma_matches[i].verdict);
	}
	free(r->dma_matches);
	for (i = 0; i < r->nmemtypes; i++) {
		free(r->memtypes[i].name);
		free(r->memtypes[i].regions);
		sections_free(r->memtypes[i].sections,
		    r->memtypes[i].nsections);
		sections_free(r->memtypes[i].extra, r->memtypes[i].nextra);
		sections_free(r->memtypes[i].elsewhere,
		    r->memtypes[i].nelsewhere);
	}
	free(r->memtypes);
	stacks_free(r->stacks, r->nstacks);
	cross_free(r->archives);
	sections_free(r->outside, r->noutside);
	free(r->regions);
	free(r->findings);
	free(r->kind);
	free(r->board);
	free(r->elf);
	free(r->map);
	free(r->source_root);
	free(r->cwd);
	memset(r, 0, sizeof(*r));
}

struct finding *
report_add_finding(struct report *r, enum rule_id id,
    enum finding_severity sev, const char *fmt, ...)
{
	struct finding	*f;
	va_list		 ap;

	f = ARRAY_PUSH(r->findings, r->nfindings, r->findings_cap);
	memset(f, 0, sizeof(*f));
	f->rule = xstrdup(rule_info(id)->id);
	f->severity = sev;
	f->address = REPORT_NONE;
	f->stack = SIZE_MAX;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

static int
finding_cmp(const void *va, const void *vb)
{
	const struct finding	*a = va, *b = vb;
	int			 c;

	if (a->severity != b->severity)
		return a->severity == SEV_ERROR ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return strcmp(a->message, b->message);
}

void
report_finish(struct report *r)
{
	size_t	i;

	xqsort(r->findings, r->nfindings, sizeof(*r->findings), finding_cmp);
	r->nerrors = r->nwarnings = r->nwaived = 0;
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].waived)
			r->nwaived++;
		else if (r->findings[i].severity == SEV_ERROR)
			r->nerrors++;
		else
			r->nwarnings++;
	}
}

const char *
region_status_name(enum region_status s)
{
	static const char *const names[] = {
		[STATUS_OK] = "ok",
		[STATUS_WARNING] = "warning",
		[STATUS_OVER_BUDGET] = "over-budget",
		[STATUS_OVERFLOW] = "overflow",
	};

	return names[s];
}

const char *
finding_severity_name(enum finding_severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}

/* used x 100 / length, in hundredths, rounded half up. */
bool
item_name_synthetic(const char *name)
{
	static const char *const names[] = { ITEM_FILL, ITEM_DATA,
	    ITEM_LINKER, ITEM_LTRANS };
	size_t	i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

bool
region_sized(const struct rep_region *rr)
{
	return rr->length != REPORT_NONE;
}

uint64_t
usage_hundredths(uint64_t used, uint64_t length)
{
	unsigned __int128	v;

	if (length == 0)
		return 0;
	v = ((unsigned __int128)used * 20000 / length + 1) / 2;
	/* Only a hostile input gets here: say "very full", do not wrap. */
	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

const char *
breakdown_name(enum breakdown k)
{
	static const char *const names[] = {
		[BD_ARCHIVES] = "archives",
		[BD_OBJECTS] = "objects",
		[BD_SYMBOLS] = "symbols",
	};

	return names[k];
}

bool
report_failed(const struct report *r)
{
	return r->nerrors > 0 || (r->werror && r->nwarnings > 0);
}

/*
 * Append PATH to SB (which starts with "/") without "./" components or
 * doubled slashes, a ".." taking away the component before it: as a URI
 * resolves it, so that "root/../x" is never taken for a path under root.
 */
static void
path_fold(struct strbuf *sb, const char *path)
{
	const char	*p = path, *e;

	while (*p != '\0') {
		e = p + strcspn(p, "/");
		if (e - p == 1 && *p == '.')
			;
		else if (e - p == 2 && p[0] == '.' && p[1] == '.') {
			while (sb->len > 1 && sb->buf[sb->len - 1] != '/')
				sb->len--;
			if (sb->len > 1)
				sb->len--;
			sb->buf[sb->len] = '\0';
		} else if (e > p) {
			if (sb->len > 0 && sb->buf[sb->len - 1] != '/')
				sb_putc(sb, '/');
			sb_add(sb, p, (size_t)(e - p));
		}
		p = *e == '/' ? e + 1 : e;
	}
}

char *
report_abs_path(const struct report *r, const char *path)
{
	struct strbuf	 sb;

	if (path[0] != '/' && r->cwd == NULL)
		return xstrdup(path);
	sb_init(&sb);
	sb_putc(&sb, '/');
	if (path[0] != '/')
		path_fold(&sb, r->cwd);
	path_fold(&sb, path);
	return sb_detach(&sb);
}

char *
report_rel_path(const struct report *r, const char *path)
{
	char	*abs, *rel = NULL;
	size_t	 n;

	if (r->source_root == NULL || path == NULL || (path[0] != '/' &&
	    r->cwd == NULL))
		return NULL;
	abs = report_abs_path(r, path);
	n = strlen(r->source_root);
	while (n > 1 && r->source_root[n - 1] == '/')
		n--;
	if (n == 1 && abs[1] != '\0')
		rel = xstrdup(abs + 1);
	else if (strncmp(abs, r->source_root, n) == 0 && abs[n] == '/' &&
	    abs[n + 1] != '\0')
		rel = xstrdup(abs + n + 1);
	free(abs);
	return rel;
}

const char *
finding_where(const struct report *r, const struct finding *f,
    unsigned *line)
{
	char	*rel = NULL;
	bool	 src = f->file != NULL && f->line > 0;

	if (src && (f->def_file == NULL ||
	    (rel = report_rel_path(r, f->file)) != NULL)) {
		free(rel);
		*line = f->line;
		return f->file;
	}
	*line = f->def_file != NULL ? f->def_line : 0;
	return f->def_file;
}
