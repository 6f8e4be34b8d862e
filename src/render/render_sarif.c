/*
 * SARIF 2.1.0 for memfit check, so code-scanning tools show a finding on
 * the line that declares the symbol. One run; the driver lists every rule
 * the results use, in the order of first use, and each result points at
 * its rule by id and index.
 *
 * Location: the declaration (file:line from DWARF) when known, else the
 * object file, else the ELF (or the map) without a region. The symbol is
 * a logical location. A waived finding stays in the log as a note with an
 * external suppression (the waiver lives in the board file or on the
 * command line, not in the source) whose justification is the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "memfit.h"
#include "render.h"

/* The rule's one-line summary from the rule table, by id. */
static const char *
rule_text(const char *id)
{
	size_t	i;

	for (i = 0; i < RULE_COUNT; i++)
		if (strcmp(rule_info((enum rule_id)i)->id, id) == 0)
			return rule_info((enum rule_id)i)->summary;
	return id;
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

static void
write_location(struct jout *j, const struct finding *f, const char *input)
{
	const char	*artifact = f->file && f->line > 0 ? f->file :
			    f->object ? f->object : input;
	char		*uri;

	jout_open(j, "locations", '[');
	jout_open(j, NULL, '{');
	if (artifact != NULL) {
		uri = path_uri(artifact);
		jout_open(j, "physicalLocation", '{');
		jout_open(j, "artifactLocation", '{');
		jout_str(j, "uri", uri);
		jout_close(j, '}');
		if (artifact == f->file) {
			jout_open(j, "region", '{');
			jout_u64(j, "startLine", f->line);
			jout_close(j, '}');
		}
		jout_close(j, '}');
		free(uri);
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

static void
write_result(struct jout *j, const struct finding *f, size_t index,
    const char *input)
{
	jout_open(j, NULL, '{');
	jout_str(j, "ruleId", f->rule);
	jout_u64(j, "ruleIndex", index);
	jout_str(j, "level", f->waived ? "note" :
	    finding_severity_name(f->severity));
	jout_open(j, "message", '{');
	jout_str(j, "text", f->message);
	jout_close(j, '}');
	write_location(j, f, input);
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
	size_t	i;

	jout_open(j, "tool", '{');
	jout_open(j, "driver", '{');
	jout_str(j, "name", "memfit");
	jout_str(j, "version", MEMFIT_VERSION);
	jout_open(j, "rules", '[');
	for (i = 0; i < n; i++) {
		jout_open(j, NULL, '{');
		jout_str(j, "id", ids[i]);
		jout_open(j, "shortDescription", '{');
		jout_str(j, "text", rule_text(ids[i]));
		jout_close(j, '}');
		jout_close(j, '}');
	}
	jout_close(j, ']');
	jout_close(j, '}');
	jout_close(j, '}');
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
	jout_open(&j, "results", '[');
	for (i = 0; i < r->nfindings; i++)
		write_result(&j, &r->findings[i], rule_index(ids, n,
		    r->findings[i].rule), input);
	jout_close(&j, ']');
	jout_close(&j, '}');
	jout_close(&j, ']');
	jout_close(&j, '}');
	free(ids);
	return 0;
}
