/*
 * Collected diagnostics. The list is capped so that a hostile input with a
 * million errors costs bounded memory; the cap is reported, not hidden.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"


static const char *const severity_names[] = {
	[DIAG_NOTE] = "note",
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof(*d));
	d->limit = DIAG_DEFAULT_LIMIT;
}

void
diags_free(struct diags *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		free(d->list[i].msg);
		free((char *)d->list[i].pos.file);
	}
	free(d->list);
	diags_init(d);
}

/* Errors are kept far past the limit on warnings, not without end. */
#define ERROR_FACTOR	5

void
diag_vadd(struct diags *d, enum diag_severity sev, const struct srcpos *pos,
    const char *fmt, va_list ap)
{
	struct diag	*dg;
	char		*esc;

	if (sev == DIAG_ERROR)
		d->nerrors++;
	/* Warnings must never crowd out the one error that matters. */
	if (d->n >= (sev == DIAG_ERROR ? d->limit * ERROR_FACTOR : d->limit)) {
		d->dropped++;
		return;
	}
	dg = ARRAY_PUSH(d->list, d->n, d->cap);
	dg->seq = d->n - 1;
	dg->severity = sev;
	/* Copy the file name: the input it names may be freed first. */
	memset(&dg->pos, 0, sizeof(dg->pos));
	if (pos != NULL) {
		dg->pos = *pos;
		if (pos->file != NULL)
			dg->pos.file = xstrdup(pos->file);
	}
	dg->msg = xvasprintf(fmt, ap);
	if ((esc = str_escape_controls(dg->msg)) != NULL) {
		free(dg->msg);
		dg->msg = esc;
	}
}

void
diag_add(struct diags *d, enum diag_severity sev, const struct srcpos *pos,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vadd(d, sev, pos, fmt, ap);
	va_end(ap);
}

/*
 * Add FROM's diagnostics to D, in order: a reader that must throw its
 * diagnostics away when the file changed under it collects them apart.
 */
void
diags_append(struct diags *d, const struct diags *from)
{
	size_t	i;

	for (i = 0; i < from->n; i++)
		diag_add(d, from->list[i].severity, &from->list[i].pos, "%s",
		    from->list[i].msg);
	d->dropped += from->dropped;
}

static int
pos_cmp(const void *va, const void *vb)
{
	const struct diag	*a = va, *b = vb;
	int			 c;

	if (a->pos.file == NULL || b->pos.file == NULL)
		return (a->pos.file != NULL) - (b->pos.file != NULL);
	if ((c = strcmp(a->pos.file, b->pos.file)) != 0)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return 0;
}

/* By position, then in the order they came: a stable sort by qsort. */
static int
diag_cmp(const void *va, const void *vb)
{
	const struct diag	*a = va, *b = vb;
	int			 c;

	if ((c = pos_cmp(a, b)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
diag_print_one(FILE *fp, const struct diag *dg)
{
	const char	*sev = severity_names[dg->severity];
	char		*file = NULL;
	struct diag	 esc;

	/* A path from a map or DWARF may hold anything a file name can. */
	if (dg->pos.file != NULL &&
	    (file = str_escape_controls(dg->pos.file)) != NULL) {
		esc = *dg;
		esc.pos.file = file;
		dg = &esc;
	}

	if (dg->pos.file == NULL)
		fprintf(fp, "memfit: %s: %s\n", sev, dg->msg);
	else if (dg->pos.line == 0)
		fprintf(fp, "%s: %s: %s\n", dg->pos.file, sev, dg->msg);
	else if (dg->pos.col == 0)
		fprintf(fp, "%s:%u: %s: %s\n", dg->pos.file, dg->pos.line, sev,
		    dg->msg);
	else
		fprintf(fp, "%s:%u:%u: %s: %s\n", dg->pos.file, dg->pos.line,
		    dg->pos.col, sev, dg->msg);
	free(file);
}

void
diags_print(FILE *fp, struct diags *d)
{
	size_t	i;

	/* n log n: an insertion sort of a thousand errors timed out. */
	xqsort(d->list, d->n, sizeof(*d->list), diag_cmp);
	for (i = 0; i < d->n; i++)
		diag_print_one(fp, &d->list[i]);
	if (d->dropped > 0)
		fprintf(fp, "memfit: note: %zu more diagnostics not shown\n",
		    d->dropped);
}
