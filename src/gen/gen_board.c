/*
 * memfit init's output: a commented board file from a draft. Every value
 * memfit guessed says so ("GUESS:") with its reason, and every fact copied
 * from a shipped board names it, so that the user knows which lines to
 * confirm. The text must load with board_load as it is.
 */
#include <inttypes.h>
#include <string.h>

#include "draft.h"
#include "gen.h"
#include "quantity.h"
#include "strbuf.h"

/* A YAML double-quoted scalar: names from a map can hold anything. */
static void
put_quoted(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			sb_putc(sb, '\\');
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			sb_printf(sb, "\\x%02x", (unsigned char)*s);
		else
			sb_putc(sb, *s);
	}
	sb_putc(sb, '"');
}

/* "key: value" padded to a comment column, then "# comment". */
static void
put_line(struct strbuf *sb, const char *text, bool guess,
    const char *comment)
{
	size_t	start = sb->len;

	sb_puts(sb, text);
	if (comment != NULL) {
		while (sb->len - start < 32)
			sb_putc(sb, ' ');
		sb_printf(sb, " # %s%s", guess ? "GUESS: " : "", comment);
	}
	sb_putc(sb, '\n');
}

static void
put_size(struct strbuf *sb, uint64_t v)
{
	char	unit[32];

	if (size_in_units(unit, sizeof(unit), v))
		sb_puts(sb, unit);
	else
		sb_printf(sb, "0x%" PRIX64, v);
}

static void
put_masters(struct strbuf *sb, const struct board *b, uint32_t mask)
{
	size_t	i;
	bool	first = true;

	sb_putc(sb, '[');
	for (i = 0; i < b->nmasters; i++)
		if (mask & (1U << i)) {
			sb_printf(sb, "%s%s", first ? "" : ", ",
			    b->masters[i].name);
			first = false;
		}
	sb_putc(sb, ']');
}

static void
put_head(struct strbuf *sb, const struct draft *dr,
    const struct gen_board_opts *o)
{
	sb_printf(sb, "# yaml-language-server: $schema=%s\n#\n", o->schema);
	sb_printf(sb, "# Written by memfit init from %s.\n", o->sources);
	sb_puts(sb, "# Lines marked GUESS follow the usual conventions; confirm "
	    "each against\n# your startup code and linker script, then drop "
	    "the mark. See memfit-board(5).\n");
	if (dr->like != NULL)
		sb_printf(sb, "#\n# %zu of %zu regions are at the addresses of "
		    "the shipped board %s%s%s%s:\n# its DMA facts are copied "
		    "where they apply; confirm them too.\n", dr->like_matches,
		    dr->nregions, dr->like->id, dr->like->mcu ? " (" : "",
		    dr->like->mcu ? dr->like->mcu : "",
		    dr->like->mcu ? ")" : "");
	sb_puts(sb, "\nmemfit: 1\nboard: ");
	put_quoted(sb, o->id);
	sb_putc(sb, '\n');
	if (o->mcu != NULL || (dr->like != NULL && dr->like->mcu != NULL)) {
		sb_puts(sb, "mcu: ");
		put_quoted(sb, o->mcu ? o->mcu : dr->like->mcu);
		sb_putc(sb, '\n');
	}
}

/* dma_masters and cache_line: the shipped board's, or a TODO. */
static void
put_masters_line(struct strbuf *sb, const struct draft *dr)
{
	struct strbuf	line;

	sb_putc(sb, '\n');
	if (dr->like == NULL || dr->like->nmasters == 0) {
		sb_puts(sb, "# TODO: the DMA masters, e.g. dma_masters: [DMA1, "
		    "DMA2], then each\n# region's dma: list (absent: no master "
		    "reaches it).\n");
		return;
	}
	sb_init(&line);
	sb_puts(&line, "dma_masters: ");
	put_masters(&line, dr->like, (uint32_t)((1ULL << dr->like->nmasters)
	    - 1));
	put_line(sb, line.buf, false, "as the shipped board");
	sb_free(&line);
	if (dr->like->cache_line != 0)
		sb_printf(sb, "cache_line: %" PRIu32 "\n", dr->like->cache_line);
}

static void
put_region_facts(struct strbuf *sb, const struct draft *dr,
    const struct draft_region *r)
{
	struct strbuf	line;

	if (r->like == NULL || dr->like->nmasters == 0) {
		sb_puts(sb, "    # TODO dma: [MASTER, ...] that reach this "
		    "region\n");
		return;
	}
	sb_init(&line);
	sb_puts(&line, "    dma: ");
	put_masters(&line, dr->like, r->like->dma);
	put_line(sb, line.buf, false, "as the shipped board");
	sb_free(&line);
	if (r->like->cacheable)
		put_line(sb, "    cacheable: true", false,
		    "as the shipped board");
	if (!r->like->executable)
		put_line(sb, "    executable: false", false,
		    "as the shipped board");
}

static void
put_entries(struct strbuf *sb, const struct draft_region *r)
{
	struct strbuf	line;
	size_t		i;

	if (r->nsections > 0)
		sb_puts(sb, "    sections:\n");
	sb_init(&line);
	for (i = 0; i < r->nsections; i++) {
		line.len = 0;
		sb_puts(&line, "      ");
		put_quoted(&line, r->sections[i].name);
		if (r->sections[i].named_only)
			sb_puts(&line, ": {}");
		else
			sb_printf(&line, ": %s",
			    region_init_name(r->sections[i].init));
		put_line(sb, line.buf, !r->sections[i].named_only,
		    r->sections[i].named_only ? "counted here" :
		    r->sections[i].why);
	}
	sb_free(&line);
}

static void
put_init(struct strbuf *sb, const struct draft_region *r)
{
	struct strbuf	line, why;

	sb_init(&line);
	sb_init(&why);
	sb_printf(&line, "    init: %s", region_init_name(r->init));
	sb_puts(&why, r->init_why);
	if (r->init_section != NULL)
		sb_printf(&why, " (%s)", r->init_section);
	put_line(sb, line.buf, true, why.buf);
	sb_free(&why);
	sb_free(&line);
}

static void
put_region(struct strbuf *sb, const struct draft *dr,
    const struct draft_region *r, bool linked)
{
	struct strbuf	line, why;

	sb_init(&line);
	sb_init(&why);
	sb_printf(sb, "\n  - name: %s\n", r->name);
	sb_printf(&line, "    kind: %s", region_kind_name(r->kind));
	sb_puts(&why, r->kind_why);
	if (r->attrs != NULL && *r->attrs != '\0' && r->like == NULL)
		sb_printf(&why, " (%s)", r->attrs);
	put_line(sb, line.buf, r->kind_guessed, why.buf);
	sb_printf(sb, "    origin: 0x%08" PRIX64 "\n", r->origin);
	line.len = 0;
	sb_puts(&line, "    length: ");
	put_size(&line, r->length);
	why.len = 0;
	sb_printf(&why, "%" PRIu64 " bytes placed in this link", r->used);
	put_line(sb, line.buf, false, linked ? why.buf : NULL);
	if (r->shares != NULL) {
		line.len = 0;
		sb_printf(&line, "    shares: %s", r->shares);
		put_line(sb, line.buf, r->like == NULL, r->shares_why);
	}
	if (r->kind == REGION_RAM)
		put_init(sb, r);
	put_entries(sb, r);
	put_region_facts(sb, dr, r);
	if (r->is_default)
		put_line(sb, "    default: true", false, r->default_why);
	sb_free(&line);
	sb_free(&why);
}

void
gen_board_yaml(struct strbuf *sb, const struct draft *dr,
    const struct gen_board_opts *o)
{
	size_t	i;

	put_head(sb, dr, o);
	put_masters_line(sb, dr);
	sb_puts(sb, "\nregions:");
	for (i = 0; i < dr->nregions; i++)
		put_region(sb, dr, &dr->regions[i], o->linked);
	sb_puts(sb, "\n# How check recognises DMA buffers (memfit-board(5), "
	    "DMA):\n# dma_buffers:\n#   - symbols: [\"*_dma_buf*\"]\n"
	    "#     sections: [\".dma\", \".dma.*\"]\n#\n# A region's budget "
	    "fails check when it fills, e.g. under a region:\n"
	    "#     budget: { warn: 85%, error: 95% }\n");
}
