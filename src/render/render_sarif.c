/*
 * SARIF 2.1.0 for memfit check, so code-scanning tools show a finding on
 * the line that declares the symbol. One run; the driver lists every rule
 * the results use, in the order of first use, and each result points at
 * its rule by id and index.
 *
 * Location: as finding_where() says, the declaration (file:line from
 * DWARF) or, for a finding about a region, an output section or the heap,
 * the line that describes it in the board file (or in the map, for what
 * only the map has); else the object file, else the ELF (or the map)
 * without a region. A path under the source root (check --source-root,
 * default the directory memfit ran in) is relative to it, with uriBaseId
 * %SRCROOT%, which the run maps to the root's file: URI, as code scanning
 * wants; any other path is an absolute file: URI. The symbol is a logical
 * location. A waived finding stays in the log as a note with an external
 * suppression (the waiver lives in the board file or on the command line,
 * not in the source) whose justification is the reason.
 *
 * A stack-overflow result carries its root's deepest path as a code flow:
 * one thread flow whose locations are the frames, root first, each with
 * its function, its frame in the message and, where the stack data or
 * DWARF gives it, the line that defines it; nestingLevel is the depth.
 *
 * A rule's helpUri is memfit(1) as HTML at its anchor, DOC_URL#RULE:
 * DOC_URL is set when memfit is built (Makefile), since only whoever
 * publishes the page knows where it is.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "memfit.h"
#include "render.h"

#define SRCROOT	"%SRCROOT%"

/* The rule table's entry for ID; every finding's rule is in it. */
static const struct rule_info *
rule_by_id(const char *id)
{
	size_t	i;

	for (i = 0; i < RULE_COUNT; i++)
		if (strcmp(rule_info((enum rule_id)i)->id, id) == 0)
			return rule_info((enum rule_id)i);
	MEMFIT_BUG("a finding of no rule");
}

/* The rules used, first use first; returns how many. */
static size_t
rules_used(const char **ids, const struct report *r)
{
	size_t	i, j, n = 0;

	for (i = 0; i < r->nfindings; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(ids[j], r->findings[i].rule) == 0)
				break;
		if (j == n)
			ids[n++] = r->findings[i].rule;
	}
	return n;
}

static size_t
rule_index(const char *const *ids, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n && strcmp(ids[i], id) != 0; i++)
		;
	return i;
}

/*
 * A path as a URI reference: relative paths stay relative (to the
 * directory memfit ran in, which SARIF consumers take as the source root),
 * absolute ones become file: URIs; bytes outside the unreserved set and
 * '/' are percent-encoded.
 */
static char *
path_uri(const char *path)
{
	static const char	 keep[] = "-._~/";
	struct strbuf		 sb;
	const unsigned char	*s = (const unsigned char *)path;

	sb_init(&sb);
	if (*s == '/')
		sb_puts(&sb, "file://");
	else if (s[0] == '.' && s[1] == '/')
		s += 2;
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(keep, *s) != NULL)
			sb_putc(&sb, (char)*s);
		else
			sb_printf(&sb, "%%%02X", *s);
	}
	return sb_detach(&sb);
}

/* PATH's artifactLocation: under the source root, or absolute. */
static void
write_artifact(struct jout *j, const struct report *r, const char *path)
{
	char	*rel = report_rel_path(r, path), *abs, *uri;

	abs = report_abs_path(r, path);
	uri = path_uri(rel != NULL ? rel : abs);
	jout_open(j, "artifactLocation", '{');
	jout_str(j, "uri", uri);
	if (rel != NULL)
		jout_str(j, "uriBaseId", SRCROOT);
	jout_close(j, '}');
	free(uri);
	free(abs);
	free(rel);
}

static void
write_location(struct jout *j, const struct report *r,
    const struct finding *f, const char *input)
{
	const char	*artifact;
	unsigned	 line;

	if ((artifact = finding_where(r, f, &line)) == NULL)
		artifact = f->object != NULL ? f->object : input;
	jout_open(j, "locations", '[');
	jout_open(j, NULL, '{');
	if (artifact != NULL) {
		jout_open(j, "physicalLocation", '{');
		write_artifact(j, r, artifact);
		if (line > 0) {
			jout_open(j, "region", '{');
			jout_u64(j, "startLine", line);
			jout_close(j, '}');
		}
		jout_close(j, '}');
	}
	if (f->symbol != NULL) {
		jout_open(j, "logicalLocations", '[');
		jout_open(j, NULL, '{');
		jout_str(j, "name", f->symbol);
		jout_close(j, '}');
		jout_close(j, ']');
	}
	jout_close(j, '}');
	jout_close(j, ']');
}

/* A message object whose text is TEXT, freed. */
static void
write_message(struct jout *j, char *text)
{
	jout_open(j, "message", '{');
	jout_str(j, "text", text);
	jout_close(j, '}');
	free(text);
}

static void
write_frame(struct jout *j, const struct report *r,
    const struct rep_stack_frame *f, size_t depth)
{
	jout_open(j, NULL, '{');
	jout_open(j, "location", '{');
	if (f->file != NULL) {
		jout_open(j, "physicalLocation", '{');
		write_artifact(j, r, f->file);
		if (f->line > 0) {
			jout_open(j, "region", '{');
			jout_u64(j, "startLine", f->line);
			jout_close(j, '}');
		}
		jout_close(j, '}');
	}
	write_message(j, f->known ? xasprintf("%s: %" PRIu64 " bytes",
	    f->function, f->frame) : xasprintf("%s: no stack data",
	    f->function));
	jout_open(j, "logicalLocations", '[');
	jout_open(j, NULL, '{');
	jout_str(j, "name", f->function);
	jout_str(j, "kind", "function");
	jout_close(j, '}');
	jout_close(j, ']');
	jout_close(j, '}');
	jout_u64(j, "nestingLevel", depth);
	jout_close(j, '}');
}

/* The deepest path of a stack-overflow finding's root, frame by frame. */
static void
write_code_flow(struct jout *j, const struct report *r,
    const struct finding *f)
{
	const struct rep_stack	*rs;
	size_t			 i;

	if (strcmp(f->rule, "stack-overflow") != 0 || f->stack >= r->nstacks ||
	    r->stacks[f->stack].npath == 0)
		return;
	rs = &r->stacks[f->stack];
	jout_open(j, "codeFlows", '[');
	jout_open(j, NULL, '{');
	write_message(j, xasprintf("the deepest path from %s: %s%" PRIu64
	    " bytes", rs->root, rs->lower_bound ? "at least " : "", rs->worst));
	jout_open(j, "threadFlows", '[');
	jout_open(j, NULL, '{');
	jout_open(j, "locations", '[');
	for (i = 0; i < rs->npath; i++)
		write_frame(j, r, &rs->path[i], i);
	jout_close(j, ']');
	jout_close(j, '}');
	jout_close(j, ']');
	jout_close(j, '}');
	jout_close(j, ']');
}

static void
write_result(struct jout *j, const struct report *r, const struct finding *f,
    size_t index, const char *input)
{
	jout_open(j, NULL, '{');
	jout_str(j, "ruleId", f->rule);
	jout_u64(j, "ruleIndex", index);
	jout_str(j, "level", f->waived ? "note" :
	    finding_severity_name(f->severity));
	jout_open(j, "message", '{');
	jout_str(j, "text", f->message);
	jout_close(j, '}');
	write_location(j, r, f, input);
	write_code_flow(j, r, f);
	if (f->waived) {
		jout_open(j, "suppressions", '[');
		jout_open(j, NULL, '{');
		jout_str(j, "kind", "external");
		jout_str(j, "justification", f->waiver ? f->waiver : "");
		jout_close(j, '}');
		jout_close(j, ']');
	}
	jout_close(j, '}');
}

static void
write_driver(struct jout *j, const char *const *ids, size_t n)
{
	const struct rule_info	*ri;
	char			*uri;
	size_t			 i;

	jout_open(j, "tool", '{');
	jout_open(j, "driver", '{');
	jout_str(j, "name", "memfit");
	jout_str(j, "version", MEMFIT_VERSION);
	jout_open(j, "rules", '[');
	for (i = 0; i < n; i++) {
		ri = rule_by_id(ids[i]);
		jout_open(j, NULL, '{');
		jout_str(j, "id", ids[i]);
		jout_open(j, "shortDescription", '{');
		jout_str(j, "text", ri->summary);
		jout_close(j, '}');
		jout_open(j, "fullDescription", '{');
		jout_str(j, "text", ri->help);
		jout_close(j, '}');
		jout_open(j, "help", '{');
		jout_str(j, "text", ri->help);
		jout_close(j, '}');
		uri = xasprintf("%s#%s", MEMFIT_DOC_URL, ids[i]);
		jout_str(j, "helpUri", uri);
		free(uri);
		jout_close(j, '}');
	}
	jout_close(j, ']');
	jout_close(j, '}');
	jout_close(j, '}');
}

/* originalUriBaseIds: %SRCROOT% is the root directory's file: URI. */
static void
write_base(struct jout *j, const char *root)
{
	char	*dir = xasprintf("%s%s", root, root[strlen(root) - 1] == '/' ?
		    "" : "/"), *uri = path_uri(dir);

	jout_open(j, "originalUriBaseIds", '{');
	jout_open(j, SRCROOT, '{');
	jout_str(j, "uri", uri);
	jout_close(j, '}');
	jout_close(j, '}');
	free(uri);
	free(dir);
}

int
render_sarif(struct strbuf *sb, const struct report *r)
{
	const char	**ids;
	const char	 *input = r->elf ? r->elf : r->map;
	struct jout	  j;
	size_t		  n, i;

	if (strcmp(r->kind, "check") != 0)
		return -1;
	ids = xcalloc(r->nfindings + 1, sizeof(*ids));
	n = rules_used(ids, r);
	jout_init(&j, sb);
	jout_open(&j, NULL, '{');
	jout_str(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jout_str(&j, "version", "2.1.0");
	jout_open(&j, "runs", '[');
	jout_open(&j, NULL, '{');
	write_driver(&j, ids, n);
	if (r->source_root != NULL)
		write_base(&j, r->source_root);
	jout_open(&j, "results", '[');
	for (i = 0; i < r->nfindings; i++)
		write_result(&j, r, &r->findings[i], rule_index(ids, n,
		    r->findings[i].rule), input);
	jout_close(&j, ']');
	jout_close(&j, '}');
	jout_close(&j, ']');
	jout_close(&j, '}');
	free(ids);
	return 0;
}
