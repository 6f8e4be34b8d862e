/*
 * A reader for the parts of a GNU ld linker script that describe memory:
 * the MEMORY block, top-level symbol assignments its expressions use, and
 * the output sections' (NOLOAD) type and > REGION / AT> REGION. Everything
 * else (input section lists, PROVIDE, ASSERT) is skipped by balancing
 * brackets, so a script memfit cannot evaluate in full is still read.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "strbuf.h"
#include "fileio.h"
#include "ldscript.h"
#include "util.h"

enum tok_kind {
	TOK_EOF,
	TOK_NAME,
	TOK_PUNCT
};

struct tok {
	enum tok_kind	 kind;
	char		 text[256];	/* a longer name is cut: no key needs it */
	unsigned	 line, col;
};

struct symbol {
	char		*name;
	uint64_t	 value;
	bool		 known;
};

struct lexer {
	const char	*p, *end;
	unsigned	 line, col;
	struct tok	 tok;		/* the current token */
	struct diags	*d;
	const char	*file;
	bool		 failed;
	bool		 quiet;		/* a trial evaluation: no diagnostics */
	struct ldscript	*s;
	struct symbol	*syms;
	size_t		 nsyms;
	unsigned	 depth;		/* of INCLUDE */
	size_t		 syms_cap, regions_cap, sections_cap;
};

/* More is not a linker script a person wrote: refuse, do not go slow. */
#define MAX_SCRIPT_REGIONS	1024
#define MAX_SCRIPT_SECTIONS	65536
#define MAX_SCRIPT_SYMBOLS	65536

static bool
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("_.$*?[]~", c) != NULL;
}

static void __attribute__((format(printf, 3, 4)))
lex_error(struct lexer *lx, const struct tok *t, const char *fmt, ...)
{
	struct srcpos	pos = { lx->file, t->line, t->col };
	va_list		ap;

	if (lx->failed || lx->quiet) {
		lx->failed = true;
		return;		/* one error: the rest would follow from it */
	}
	va_start(ap, fmt);
	diag_vadd(lx->d, DIAG_ERROR, &pos, fmt, ap);
	va_end(ap);
	lx->failed = true;
}

static void
advance(struct lexer *lx, size_t n)
{
	for (; n > 0 && lx->p < lx->end; n--, lx->p++) {
		if (*lx->p == '\n') {
			lx->line++;
			lx->col = 1;
		} else
			lx->col++;
	}
}

/* Blanks, comments and cpp line markers; 0, or -1 on an open comment. */
static int
skip_blank(struct lexer *lx)
{
	const char	*close;

	for (;;) {
		if (lx->p < lx->end && strchr(" \t\r\n\f\v", *lx->p) != NULL)
			advance(lx, 1);
		else if (lx->p < lx->end && *lx->p == '#' && lx->col == 1)
			while (lx->p < lx->end && *lx->p != '\n')
				advance(lx, 1);
		else if (lx->end - lx->p >= 2 && memcmp(lx->p, "/*", 2) == 0) {
			close = memmem(lx->p + 2, (size_t)(lx->end - lx->p - 2),
			    "*/", 2);
			if (close == NULL)
				return -1;
			advance(lx, (size_t)(close + 2 - lx->p));
		} else
			return 0;
	}
}

static void
next(struct lexer *lx)
{
	struct tok	*t = &lx->tok;
	size_t		 n = 0;

	if (skip_blank(lx) < 0) {
		t->line = lx->line;
		t->col = lx->col;
		lex_error(lx, t, "unterminated comment");
		t->kind = TOK_EOF;
		return;
	}
	t->line = lx->line;
	t->col = lx->col;
	t->kind = lx->p >= lx->end ? TOK_EOF :
	    name_char((unsigned char)*lx->p) || *lx->p == '"' ? TOK_NAME :
	    TOK_PUNCT;
	if (t->kind == TOK_PUNCT)
		t->text[n++] = *lx->p, advance(lx, 1);
	else if (t->kind == TOK_NAME && *lx->p == '"') {
		for (advance(lx, 1); lx->p < lx->end && *lx->p != '"' &&
		    *lx->p != '\n'; advance(lx, 1))
			if (n < sizeof(t->text) - 1)
				t->text[n++] = *lx->p;
		advance(lx, 1);
	} else if (t->kind == TOK_NAME)
		for (; lx->p < lx->end && name_char((unsigned char)*lx->p);
		    advance(lx, 1))
			if (n < sizeof(t->text) - 1)
				t->text[n++] = *lx->p;
	t->text[n] = '\0';
}

static bool
is(const struct lexer *lx, const char *text)
{
	return lx->tok.kind != TOK_EOF && strcmp(lx->tok.text, text) == 0;
}

static bool
accept(struct lexer *lx, const char *text)
{
	if (!is(lx, text))
		return false;
	next(lx);
	return true;
}

static void
expect(struct lexer *lx, const char *text)
{
	if (!accept(lx, text))
		lex_error(lx, &lx->tok, "expected '%s' here", text);
}

/* Past the bracket that closes the one just passed (( or {). */
static void
skip_balanced(struct lexer *lx, const char *open, const char *close)
{
	struct tok	start = lx->tok;
	unsigned	depth = 1;

	while (depth > 0 && lx->tok.kind != TOK_EOF && !lx->failed) {
		if (is(lx, open))
			depth++;
		else if (is(lx, close))
			depth--;
		next(lx);
	}
	if (depth > 0)
		lex_error(lx, &start, "no '%s' closes this block", close);
}

/* A number as ld reads it: 0x hex, 0 octal, decimal; K, M or G after. */
static bool
number(uint64_t *out, const char *s)
{
	char		*end;
	uint64_t	 v, shift = 0;

	if (!(*s >= '0' && *s <= '9'))
		return false;
	v = strtoull(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ?
	    16 : s[0] == '0' ? 8 : 10);
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	else if (*end == 'G' || *end == 'g')
		shift = 30, end++;
	if (*end != '\0' || (shift && v >> (64 - shift)))
		return false;
	*out = v << shift;
	return true;
}

static const struct script_region *
region_named(const struct ldscript *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->nregions; i++)
		if (strcmp(s->regions[i].name, name) == 0)
			return &s->regions[i];
	return NULL;
}

static const struct symbol *
symbol_named(const struct lexer *lx, const char *name)
{
	size_t	i;

	for (i = lx->nsyms; i-- > 0;)
		if (strcmp(lx->syms[i].name, name) == 0)
			return &lx->syms[i];
	return NULL;
}

static uint64_t	expr(struct lexer *);

/* ORIGIN(R) or LENGTH(R) of a region read before. */
static uint64_t
region_function(struct lexer *lx, bool origin)
{
	const struct script_region	*r;

	next(lx);
	expect(lx, "(");
	if ((r = region_named(lx->s, lx->tok.text)) == NULL)
		lex_error(lx, &lx->tok, "no region '%s' above", lx->tok.text);
	next(lx);
	expect(lx, ")");
	return r == NULL ? 0 : origin ? r->origin : r->length;
}

static uint64_t
factor(struct lexer *lx)
{
	const struct symbol	*sym;
	uint64_t		 v = 0;

	if (accept(lx, "(")) {
		v = expr(lx);
		expect(lx, ")");
		return v;
	}
	if (accept(lx, "-"))
		return 0 - factor(lx);
	if (is(lx, "ORIGIN") || is(lx, "LENGTH"))
		return region_function(lx, is(lx, "ORIGIN"));
	if (lx->tok.kind != TOK_NAME)
		lex_error(lx, &lx->tok, "expected a number, not '%s'",
		    lx->tok.text);
	else if (number(&v, lx->tok.text))
		;
	else if ((sym = symbol_named(lx, lx->tok.text)) != NULL && sym->known)
		v = sym->value;
	else
		lex_error(lx, &lx->tok, "cannot evaluate '%s' (memfit reads "
		    "numbers, + - * /, ORIGIN, LENGTH and symbols assigned "
		    "above)", lx->tok.text);
	next(lx);
	return v;
}

static uint64_t
term(struct lexer *lx)
{
	uint64_t	v = factor(lx), r;

	for (;;) {
		if (accept(lx, "*"))
			v *= factor(lx);
		else if (accept(lx, "/")) {
			r = factor(lx);
			v = r == 0 ? 0 : v / r;
		} else
			return v;
	}
}

static uint64_t
expr(struct lexer *lx)
{
	uint64_t	v = term(lx);

	for (;;) {
		if (accept(lx, "+"))
			v += term(lx);
		else if (accept(lx, "-"))
			v -= term(lx);
		else
			return v;
	}
}

/* ORIGIN, org, o / LENGTH, len, l, then '='. */
static void
memory_key(struct lexer *lx, const char *k1, const char *k2, const char *k3)
{
	if (!(accept(lx, k1) || accept(lx, k2) || accept(lx, k3)))
		lex_error(lx, &lx->tok, "expected %s here", k1);
	expect(lx, "=");
}

/* NAME [(ATTRS)] : ORIGIN = expr, LENGTH = expr */
static void
memory_item(struct lexer *lx)
{
	struct ldscript		*s = lx->s;
	struct script_region	*r;
	struct strbuf		 attrs;

	if (region_named(s, lx->tok.text) != NULL)
		lex_error(lx, &lx->tok, "region '%s' declared twice",
		    lx->tok.text);
	if (s->nregions >= MAX_SCRIPT_REGIONS)
		lex_error(lx, &lx->tok, "more than %d regions",
		    MAX_SCRIPT_REGIONS);
	if (lx->failed)
		return;
	r = ARRAY_PUSH(s->regions, s->nregions, lx->regions_cap);
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(lx->tok.text);
	r->line = lx->tok.line;
	sb_init(&attrs);
	next(lx);
	if (accept(lx, "("))
		for (; !is(lx, ")") && lx->tok.kind != TOK_EOF; next(lx))
			sb_puts(&attrs, lx->tok.text);
	accept(lx, ")");
	r->attrs = sb_detach(&attrs);
	expect(lx, ":");
	memory_key(lx, "ORIGIN", "org", "o");
	r->origin = expr(lx);
	accept(lx, ",");
	memory_key(lx, "LENGTH", "len", "l");
	r->length = expr(lx);
}

static void	include_file(struct lexer *, bool in_memory);

static void
memory_block(struct lexer *lx)
{
	expect(lx, "{");
	while (!lx->failed && lx->tok.kind == TOK_NAME) {
		if (accept(lx, "INCLUDE"))
			include_file(lx, true);
		else
			memory_item(lx);
	}
	expect(lx, "}");
}

/* NAME = expr; at the top level: kept when it can be evaluated. */
static void
assignment(struct lexer *lx, const char *name)
{
	struct lexer	 probe = *lx;	/* failing to evaluate is no error */
	struct symbol	 sym = { NULL, 0, false };

	probe.quiet = true;
	probe.failed = false;
	sym.value = expr(&probe);
	sym.known = !probe.failed && is(&probe, ";");
	sym.name = xstrdup(name);
	if (lx->nsyms < MAX_SCRIPT_SYMBOLS)
		*ARRAY_PUSH(lx->syms, lx->nsyms, lx->syms_cap) = sym;
	else
		free(sym.name);	/* only lookups could miss it */
	while (!is(lx, ";") && !is(lx, "}") && lx->tok.kind != TOK_EOF)
		next(lx);
	accept(lx, ";");
}

/* After an output section's '}': > REGION, AT> REGION, :PHDR, =FILL. */
static void
section_tail(struct lexer *lx, struct script_section *sec)
{
	char	**slot;

	for (;;) {
		if (is(lx, ">") || is(lx, "AT")) {
			slot = is(lx, "AT") ? &sec->lma_region : &sec->region;
			if (accept(lx, "AT"))
				expect(lx, ">");
			else
				next(lx);
			if (lx->tok.kind == TOK_NAME && *slot == NULL)
				*slot = xstrdup(lx->tok.text);
			next(lx);
		} else if (accept(lx, ":") || accept(lx, "=") || accept(lx, ","))
			next(lx);
		else
			return;
	}
}

/* NAME [ADDR] [(TYPE)] : [AT(..)] [ALIGN(..)] { ... } tail */
static void
output_section(struct lexer *lx, const struct tok *name, bool noload)
{
	struct ldscript		*s = lx->s;
	struct script_section	*sec;

	if (s->nsections >= MAX_SCRIPT_SECTIONS) {
		lex_error(lx, name, "more than %d output sections",
		    MAX_SCRIPT_SECTIONS);
		return;
	}
	sec = ARRAY_PUSH(s->sections, s->nsections, lx->sections_cap);
	memset(sec, 0, sizeof(*sec));
	sec->name = xstrdup(name->text);
	sec->line = name->line;
	sec->noload = noload;
	for (; !is(lx, "{") && lx->tok.kind != TOK_EOF &&
	    !lx->failed; next(lx))
		if (is(lx, "NOLOAD"))
			sec->noload = true;
	expect(lx, "{");
	skip_balanced(lx, "{", "}");
	section_tail(lx, sec);
}

/* Past a parenthesised list, at its '('; whether WORD was in it. */
static bool
paren_has(struct lexer *lx, const char *word)
{
	bool	found = false;

	next(lx);
	while (!is(lx, ")") && lx->tok.kind != TOK_EOF && !lx->failed) {
		found |= is(lx, word);
		if (accept(lx, "("))
			skip_balanced(lx, "(", ")");
		else
			next(lx);
	}
	expect(lx, ")");
	return found;
}

/* One statement of SECTIONS; false at its closing '}'. */
static bool
sections_statement(struct lexer *lx)
{
	struct tok		t = lx->tok;
	struct script_section	overlay = { 0 };
	bool			noload;

	if (lx->tok.kind == TOK_EOF || lx->failed || is(lx, "}"))
		return false;
	next(lx);
	if (t.kind == TOK_PUNCT && strcmp(t.text, "/") == 0) {
		while (!is(lx, "{") && lx->tok.kind != TOK_EOF)
			next(lx);	/* /DISCARD/ */
		expect(lx, "{");
		skip_balanced(lx, "{", "}");
	} else if (t.kind == TOK_NAME && is(lx, "(")) {
		/* PROVIDE(..), ASSERT(..); or a section's (TYPE) */
		noload = paren_has(lx, "NOLOAD");
		if (is(lx, ":"))
			output_section(lx, &t, noload);
	} else if (t.kind == TOK_NAME && strcmp(t.text, "OVERLAY") == 0) {
		while (!is(lx, "{") && lx->tok.kind != TOK_EOF)
			next(lx);
		expect(lx, "{");
		skip_balanced(lx, "{", "}");
		section_tail(lx, &overlay);	/* regions of no section */
		free(overlay.region);
		free(overlay.lma_region);
	} else if (t.kind == TOK_NAME && !is(lx, "=") && !is(lx, "+") &&
	    !is(lx, ";")) {
		output_section(lx, &t, false);
	} else
		while (!is(lx, ";") && !is(lx, "}") && lx->tok.kind != TOK_EOF)
			next(lx);	/* an assignment */
	accept(lx, ";");
	return true;
}

static void
sections_block(struct lexer *lx)
{
	expect(lx, "{");
	while (sections_statement(lx))
		;
	expect(lx, "}");
}

/* The top level: MEMORY, SECTIONS, assignments, commands. */
static void
top_statement(struct lexer *lx)
{
	struct tok	t = lx->tok;

	next(lx);
	if (t.kind == TOK_NAME && strcmp(t.text, "MEMORY") == 0)
		memory_block(lx);
	else if (t.kind == TOK_NAME && strcmp(t.text, "SECTIONS") == 0)
		sections_block(lx);
	else if (t.kind == TOK_NAME && accept(lx, "=")) {
		assignment(lx, t.text);
	} else if (t.kind == TOK_NAME && accept(lx, "(")) {
		skip_balanced(lx, "(", ")");
		accept(lx, ";");
	} else if (t.kind == TOK_NAME && strcmp(t.text, "INCLUDE") == 0)
		include_file(lx, false);
	else if (!(t.kind == TOK_PUNCT && strcmp(t.text, ";") == 0))
		lex_error(lx, &t, "unexpected '%s' at the top level", t.text);
}

/*
 * INCLUDE FILE, at its name: FILE beside the including script, else as
 * named (ld also searches -L directories, which memfit is not given).
 * Read as part of the MEMORY block or of the top level.
 */
static void
include_file(struct lexer *lx, bool in_memory)
{
	struct lexer	 sub;
	struct tok	 at = lx->tok;
	const char	*slash = strrchr(lx->file, '/');
	char		*path, *buf = NULL, *err = NULL;
	size_t		 len;

	path = slash == NULL ? xstrdup(at.text) : xasprintf("%.*s/%s",
	    (int)(slash - lx->file), lx->file, at.text);
	if (access(path, R_OK) != 0) {
		free(path);
		path = xstrdup(at.text);
	}
	next(lx);
	if (lx->depth >= 16 || file_read_all(&buf, &len, path, &err) < 0) {
		lex_error(lx, &at, "cannot INCLUDE %s: %s", at.text,
		    err ? err : "nested too deep");
		free(err);
		free(path);
		return;
	}
	sub = *lx;
	sub.p = buf;
	sub.end = buf + len;
	sub.line = sub.col = 1;
	sub.file = path;
	sub.depth++;
	for (next(&sub); sub.tok.kind != TOK_EOF && !sub.failed;) {
		if (in_memory)
			memory_item(&sub);
		else
			top_statement(&sub);
	}
	lx->syms = sub.syms;
	lx->nsyms = sub.nsyms;
	lx->syms_cap = sub.syms_cap;
	lx->regions_cap = sub.regions_cap;
	lx->sections_cap = sub.sections_cap;
	lx->failed = sub.failed;
	free(buf);
	free(path);	/* diagnostics keep their own copy */
}

int
ldscript_parse_buffer(struct ldscript **out, const char *name,
    const char *buf, size_t len, struct diags *d)
{
	struct lexer	lx;
	size_t		i;

	memset(&lx, 0, sizeof(lx));
	lx.p = buf;
	lx.end = buf + len;
	lx.line = lx.col = 1;
	lx.d = d;
	lx.s = xcalloc(1, sizeof(*lx.s));
	lx.s->path = xstrdup(name);
	lx.file = lx.s->path;
	for (next(&lx); lx.tok.kind != TOK_EOF && !lx.failed;)
		top_statement(&lx);
	for (i = 0; i < lx.nsyms; i++)
		free(lx.syms[i].name);
	free(lx.syms);
	if (lx.failed) {
		*out = NULL;
		ldscript_free(lx.s);
		return -1;
	}
	*out = lx.s;
	return 0;
}

int
ldscript_parse(struct ldscript **out, const char *path, struct diags *d)
{
	struct srcpos	 pos = { path, 0, 0 };
	char		*buf = NULL, *err = NULL;
	size_t		 len;
	int		 ret;

	*out = NULL;
	if (file_read_all(&buf, &len, path, &err) < 0) {
		diag_error(d, &pos, "%s", err);
		free(err);
		return -1;
	}
	ret = ldscript_parse_buffer(out, path, buf, len, d);
	free(buf);
	return ret;
}

void
ldscript_free(struct ldscript *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nregions; i++) {
		free(s->regions[i].name);
		free(s->regions[i].attrs);
	}
	for (i = 0; i < s->nsections; i++) {
		free(s->sections[i].name);
		free(s->sections[i].region);
		free(s->sections[i].lma_region);
	}
	free(s->regions);
	free(s->sections);
	free(s->path);
	free(s);
}

const struct script_section *
ldscript_section(const struct ldscript *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->nsections; i++)
		if (strcmp(s->sections[i].name, name) == 0)
			return &s->sections[i];
	return NULL;
}
