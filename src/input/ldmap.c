/*
 * GNU ld and LLVM lld map files (-Map): owns struct ldmap and everything
 * it points to.
 *
 * One pass over the bytes. Lines are found with memchr and the block a line
 * belongs to is known from the headers ld prints ("Memory Configuration",
 * "Linker script and memory map", ...). Nothing is allocated per line:
 * names are copied into a chunked arena and objects are interned in a hash
 * table, because a large map repeats a few thousand object paths hundreds
 * of thousands of times.
 *
 * ld's columns cannot be trusted alone: a name longer than its column
 * wraps onto the next line, ld 2.3x and older print script assignments in
 * the symbol column, explicit data (LONG...) is printed in the address
 * column, and hand-trimmed maps drop lines. So a line is classified by its
 * indentation and its hexadecimal fields, and a name alone on a line is
 * held until the next line shows whether it was wrapped.
 *
 * LLVM lld maps (ld.lld -Map) are read by the same pass into the same
 * model: their first line says which linker wrote the map, and each of
 * their lines is whole, its level known by its indentation. They share
 * the arena, the interning and the input and symbol builders.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "fileio.h"
#include "ldmap.h"
#include "util.h"

#define ARENA_FIRST	(64 * 1024)
#define ARENA_MAX	(4 * 1024 * 1024)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 cap;
	char			 data[];
};

struct obj_slot {
	uint64_t		 hash;
	size_t			 len;
	const char		*display;	/* saves a miss on obj */
	struct map_object	*obj;
};

struct ldmap_priv {
	struct arena_chunk	*arena;
	size_t			 arena_total;
	struct obj_slot		*slots;		/* power of two, half full */
	size_t			 nslots;
	struct map_object	*last;		/* inputs come in runs */
	size_t			 last_len;
	size_t			 regcap, outcap, incap, symcap;
	size_t			 objcap;
};

enum block {
	B_NONE,		/* before the first header */
	B_SKIP,		/* archive members, common symbols: not needed */
	B_MEMORY,
	B_SCRIPT,
	B_XREF,		/* --cref: the last block, never needed */
	B_GOLD		/* gold's "Memory map": not ours to read */
};

enum pending {
	P_NONE,
	P_OUTPUT,
	P_INPUT
};

/* One parse: the position, and a name that may continue on the next line. */
struct parser {
	struct ldmap		*m;
	struct ldmap_priv	*pv;
	struct diags		*d;
	enum block		 block;
	unsigned		 lineno;
	unsigned		 nerrors;
	enum pending		 pend;
	const char		*pname;
	size_t			 pnamelen;
	unsigned		 pline;
	bool			 out_open;	/* inputs go to the last output */
	bool			 in_open;	/* symbols go to the last input */
	bool			 stop;		/* the rest is not wanted */
	bool			 seen_memory;	/* "Memory Configuration" */
	bool			 seen_script;	/* "Linker script and ..." */
	bool			 seen_output;	/* OUTPUT(...); lld .shstrtab */
	bool			 seen_header;	/* lld: its one header line */
	bool			 thumb;		/* lld: after a $t symbol */
	uint64_t		 cursor;	/* lld: end of the last item */
};

struct header {
	const char	*text;
	size_t		 len;
	enum block	 block;
};

#define HDR(s, b)	{ s, sizeof(s) - 1, b }
static const struct header headers[] = {
	HDR("Archive member included to satisfy reference by file (symbol)",
	    B_SKIP),
	HDR("As-needed library included to satisfy reference by file (symbol)",
	    B_SKIP),
	HDR("Allocating common symbols", B_SKIP),
	HDR("Merging program properties", B_SKIP),
	HDR("Discarded input sections", B_SKIP),
	HDR("Memory Configuration", B_MEMORY),
	HDR("Linker script and memory map", B_SCRIPT),
	HDR("Cross Reference Table", B_XREF),
	HDR("Memory map", B_GOLD),
};

/* Explicit data statements; ld prints them where an object would be. */
static const struct header data_words[] = {
	HDR("BYTE", B_NONE), HDR("SHORT", B_NONE), HDR("LONG", B_NONE),
	HDR("QUAD", B_NONE), HDR("SQUAD", B_NONE),
};

/* Digit value plus one; 0 for anything that is not a hex digit. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static void	flush_pending(struct parser *);

static inline bool
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)
#define SPACES	(ONES * ' ')
#define TABS	(ONES * '\t')
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_LE	1	/* the first byte of a word is its lowest */
#else
#define WORD_LE	0
#endif

/* A high bit set in each byte of W that is zero (and maybe above one). */
static inline uint64_t
zero_bytes(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/*
 * ld pads its columns with runs of spaces and its names are runs of
 * non-blanks: both are stepped over 8 bytes at a time, a word compared
 * at once, then the byte that ends the run found by its bit position.
 */
static inline const char *
skip_ws(const char *p, const char *e)
{
	uint64_t	w;

	while (e - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if (w != SPACES) {
#if WORD_LE
			p += (unsigned)__builtin_ctzll(w ^ SPACES) / 8;
#endif
			break;
		}
		p += 8;
	}
	while (p < e && is_ws(*p))
		p++;
	return p;
}

/* Back from P over the blanks before it, not past B. */
static inline const char *
skip_ws_back(const char *b, const char *p)
{
	uint64_t	w;

	while (p - b >= 8) {
		memcpy(&w, p - 8, sizeof(w));
		if (w != SPACES) {
#if WORD_LE
			p -= (unsigned)__builtin_clzll(w ^ SPACES) / 8;
#endif
			break;
		}
		p -= 8;
	}
	while (p > b && is_ws(p[-1]))
		p--;
	return p;
}

/*
 * The next newline from P, or NULL: 16 bytes at a time where SSE2 is (every
 * x86-64), else a word at a time, inline. Lines are ~50 bytes, and memchr's
 * call and vector set-up cost more than the scan.
 */
static inline const char *
find_newline(const char *p, const char *e)
{
	uint64_t	w, z;
#ifdef __SSE2__
	const __m128i	nl = _mm_set1_epi8('\n');
	unsigned	m;

	while (e - p >= 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(nl,
		    _mm_loadu_si128((const __m128i *)(const void *)p)));
		if (m != 0)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (e - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if ((z = zero_bytes(w ^ (ONES * '\n'))) != 0) {
#if WORD_LE
			return p + (unsigned)__builtin_ctzll(z) / 8;
#else
			break;
#endif
		}
		p += 8;
	}
	for (; p < e; p++)
		if (*p == '\n')
			return p;
	return NULL;
}

static inline const char *
skip_token(const char *p, const char *e)
{
	uint64_t	w, z;

	while (e - p >= 8) {
		memcpy(&w, p, sizeof(w));
		z = zero_bytes(w ^ SPACES) | zero_bytes(w ^ TABS);
		if (z != 0) {
#if WORD_LE
			p += (unsigned)__builtin_ctzll(z) / 8;
#endif
			break;
		}
		p += 8;
	}
	while (p < e && !is_ws(*p))
		p++;
	return p;
}

static inline bool
at_hex(const char *p, const char *e)
{
	return e - p >= 2 && p[0] == '0' && p[1] == 'x';
}

static inline bool
has_prefix(const char *p, const char *e, const char *s, size_t n)
{
	return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

/*
 * A bad region or output section line is an error: usage figures would be
 * wrong. A bad input or symbol line only loses attribution of a few bytes
 * (the output section's size is its own line), so it is skipped with a
 * warning; real maps have them (fpv-gcc's example has a mangled address).
 */
static void
parse_error(struct parser *ps, unsigned line, const char *what)
{
	struct srcpos	pos = { .file = ps->m->path, .line = line };

	diag_error(ps->d, &pos, "%s", what);
	ps->nerrors++;
}

static void
parse_warn(struct parser *ps, const char *what)
{
	struct srcpos	pos = { .file = ps->m->path, .line = ps->lineno };

	diag_warn(ps->d, &pos, "%s", what);
	/* The symbols under a lost input must not go to the one before. */
	ps->in_open = false;
}

/* P past the '0's from it, 8 at a time: 64-bit maps pad with eight. */
static inline const char *
skip_zeros(const char *p, const char *e)
{
	uint64_t	x;

	while (e - p >= 8) {
		memcpy(&x, p, sizeof(x));
		if ((x ^= ONES * '0') != 0) {
#if WORD_LE
			p += (unsigned)__builtin_ctzll(x) / 8;
#endif
			break;
		}
		p += 8;
	}
	while (p < e && *p == '0')
		p++;
	return p;
}

#if WORD_LE
/*
 * How many of the 8 bytes of W, first first, are hex digits before any
 * other byte, and (*VAL) their value. Each byte is classed and valued in
 * the word at once (high bits cleared first, so no sum carries into the
 * next byte; a byte with it set is no digit), then the digits' nibbles
 * are packed by halves: a map has ~2 numbers of ~8 digits per line, and
 * the table lookup a digit cost a fifth of the parse.
 */
static inline unsigned
hex_word(uint64_t w, uint64_t *val)
{
	uint64_t	b = w & ~HIGHS, l = b | (ONES * 0x20), dec, alpha, x;
	unsigned	n;

	dec = (b + ONES * 0x50) & ~(b + ONES * 0x46);
	alpha = (l + ONES * 0x1f) & ~(l + ONES * 0x19) & HIGHS;
	x = (dec | alpha) & ~w & HIGHS;		/* a digit's high bit */
	n = x == HIGHS ? 8 : (unsigned)__builtin_ctzll(~x & HIGHS) / 8;
	if (n == 0)
		return 0;
	x = (b & (ONES * 0x0f)) + (alpha >> 7) * 9;
	if (n < 8)
		x &= (UINT64_C(1) << (8 * n)) - 1;
	x = __builtin_bswap64(x) >> (8 * (8 - n));	/* last digit lowest */
	x = (x | x >> 4) & UINT64_C(0x00ff00ff00ff00ff);
	x = (x | x >> 8) & UINT64_C(0x0000ffff0000ffff);
	*val = (x | x >> 16) & UINT64_C(0xffffffff);
	return n;
}
#endif

/*
 * The value of the hex digits from *PP on (modulo 2^64), moving *PP past
 * them. A word at a time while all 8 are digits and the next is one.
 */
static inline uint64_t
hex_digits(const char **pp, const char *e)
{
	const char	*p = *pp;
	uint64_t	 v = 0;
	unsigned	 dv;
#if WORD_LE
	uint64_t	 w, x;
	unsigned	 n;

	while (e - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if ((n = hex_word(w, &x)) == 0)
			break;
		v = v << (4 * n) | x;
		p += n;
		if (n < 8 || (p < e && hexval[(unsigned char)*p] == 0))
			break;
	}
#endif
	for (; p < e && (dv = hexval[(unsigned char)*p]) != 0; p++)
		v = v << 4 | (dv - 1);
	*pp = p;
	return v;
}

/*
 * "0x" and 1 to 16 significant hex digits, ending at a blank or the end of
 * the line. Returns 0 and moves *pp past the number, or -1. Leading zeros
 * are counted only in a run of over 16 digits: below, the value is exact.
 */
static int
parse_hex(const char **pp, const char *e, uint64_t *out)
{
	const char	*p, *digits;
	uint64_t	 v;

	if (!at_hex(*pp, e))
		return -1;
	p = digits = *pp + 2;
	v = hex_digits(&p, e);
	if (p == digits || (p - digits > 16 && p - skip_zeros(digits, p) > 16) ||
	    (p < e && !is_ws(*p)))
		return -1;
	*out = v;
	*pp = p;
	return 0;
}

/* Chunks double up to 4 MB, so a small map stays small. */
static char *
arena_alloc(struct ldmap_priv *pv, size_t n)
{
	struct arena_chunk	*c = pv->arena;
	size_t			 cap;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->cap - c->used < n) {
		cap = pv->arena_total < ARENA_FIRST ? ARENA_FIRST :
		    pv->arena_total < ARENA_MAX ? pv->arena_total : ARENA_MAX;
		/* The header inside: 2 MiB and 4 MiB chunks are whole pages. */
		if (cap - sizeof(*c) < n)
			cap = sizeof(*c) + n;
		c = xmalloc_populated(cap);
		c->cap = cap - sizeof(*c);
		c->used = 0;
		c->next = pv->arena;
		pv->arena = c;
		pv->arena_total += cap;
	}
	c->used += n;
	return c->data + c->used - n;
}

static const char *
arena_strndup(struct ldmap_priv *pv, const char *s, size_t n)
{
	char	*p = arena_alloc(pv, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Word-at-a-time hash: object paths are long and hashed once per input. */
static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static void
intern_grow(struct ldmap_priv *pv)
{
	struct obj_slot	*old = pv->slots;
	size_t		 i, j, nold = pv->nslots;

	pv->nslots = nold ? nold * 2 : 1024;
	pv->slots = xcalloc(pv->nslots, sizeof(*pv->slots));
	for (i = 0; i < nold; i++) {
		if (old[i].obj == NULL)
			continue;
		j = old[i].hash & (pv->nslots - 1);
		while (pv->slots[j].obj != NULL)
			j = (j + 1) & (pv->nslots - 1);
		pv->slots[j] = old[i];
	}
	free(old);
}

/*
 * "lib.a(x.o)": the member is in the parentheses that the final ')'
 * closes, found by balancing them from the end, so a member named
 * "x(1).o" and a path such as "C:\Program Files (x86)\lib.a(x.o)" both
 * split where ld joined them. NULL when they do not balance.
 */
static const char *
member_paren(const char *s, size_t n)
{
	const char	*p;
	size_t		 depth = 0;

	if (n < 3 || s[n - 1] != ')')
		return NULL;
	for (p = s + n - 1; p > s; p--) {
		if (*p == ')')
			depth++;
		else if (*p == '(' && --depth == 0)
			return p;
	}
	return NULL;
}

static struct map_object *
object_new(struct parser *ps, const char *s, size_t n)
{
	struct map_object	*o;
	const char		*lp;

	o = (struct map_object *)arena_alloc(ps->pv, sizeof(*o));
	o->display = arena_strndup(ps->pv, s, n);
	o->path = o->display;
	o->member = NULL;
	if ((lp = member_paren(s, n)) != NULL) {
		o->path = arena_strndup(ps->pv, s, (size_t)(lp - s));
		o->member = arena_strndup(ps->pv, lp + 1,
		    (size_t)(s + n - 2 - lp));
	}
	*ARRAY_PUSH(ps->m->objects, ps->m->nobjects, ps->pv->objcap) = o;
	return o;
}

static const struct map_object *
intern(struct parser *ps, const char *s, const char *e)
{
	struct ldmap_priv	*pv = ps->pv;
	struct obj_slot		*sl;
	size_t			 n = (size_t)(e - s), i;
	uint64_t		 h;

	if (pv->last != NULL && pv->last_len == n &&
	    memcmp(pv->last->display, s, n) == 0)
		return pv->last;
	if (2 * (ps->m->nobjects + 1) > pv->nslots)
		intern_grow(pv);
	h = hash_bytes(s, n);
	for (i = h & (pv->nslots - 1);; i = (i + 1) & (pv->nslots - 1)) {
		sl = &pv->slots[i];
		if (sl->obj == NULL)
			break;
		if (sl->hash == h && sl->len == n &&
		    memcmp(sl->display, s, n) == 0)
			goto out;
	}
	sl->hash = h;
	sl->len = n;
	sl->obj = object_new(ps, s, n);
	sl->display = sl->obj->display;
out:
	pv->last = sl->obj;
	pv->last_len = n;
	return sl->obj;
}

static const struct header *
block_header(const char *p, const char *e)
{
	size_t	i;

	for (i = 0; i < NELEM(headers); i++)
		if ((size_t)(e - p) == headers[i].len &&
		    memcmp(p, headers[i].text, headers[i].len) == 0)
			return &headers[i];
	return NULL;
}

/* "LONG 0x..." where an object would be: the keyword, or NULL. */
static const char *
data_word(const char *p, const char *e)
{
	size_t	i, n;

	if (p == e || (*p != 'B' && *p != 'S' && *p != 'L' && *p != 'Q'))
		return NULL;	/* an object path, nearly always */
	for (i = 0; i < NELEM(data_words); i++) {
		n = data_words[i].len;
		if (has_prefix(p, e, data_words[i].text, n) && e - p > (long)n &&
		    p[n] == ' ')
			return data_words[i].text;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */

static void
add_output(struct parser *ps, uint64_t vma, uint64_t size, const char *r,
    const char *e)
{
	struct map_output	*o;
	uint64_t		 lma;

	o = ARRAY_PUSH(ps->m->outputs, ps->m->noutputs, ps->pv->outcap);
	o->name = arena_strndup(ps->pv, ps->pname, ps->pnamelen);
	o->vma = o->lma = vma;
	o->size = size;
	o->has_lma = false;
	o->first_input = ps->m->ninputs;
	o->ninputs = 0;
	o->line = ps->pline;
	ps->pend = P_NONE;
	ps->out_open = true;
	ps->in_open = false;
	if (has_prefix(r, e, "load address ", 13)) {
		r += 13;
		if (parse_hex(&r, e, &lma) < 0)
			parse_error(ps, ps->lineno, "bad load address");
		else {
			o->lma = lma;
			o->has_lma = true;
		}
	}
}

/*
 * An input line: NAME (already copied or static), address, size, then the
 * object in [r, e). Inputs outside any output section (after /DISCARD/ or
 * a LOAD line) have nowhere to go and are dropped.
 */
static void
add_input(struct parser *ps, enum map_input_kind kind, const char *name,
    uint64_t addr, uint64_t size, const char *r, const char *e,
    unsigned line)
{
	struct map_input	*in;

	ps->in_open = false;
	if (!ps->out_open)
		return;
	in = ARRAY_PUSH(ps->m->inputs, ps->m->ninputs, ps->pv->incap);
	in->kind = kind;
	in->name = name;
	in->addr = addr;
	in->size = size;
	in->object = NULL;
	if (kind == MAP_IN_SECTION || kind == MAP_IN_COMMON) {
		in->object = r < e ? intern(ps, r, e) : NULL;
		ps->in_open = true;
	}
	in->output = ps->m->noutputs - 1;
	in->first_symbol = ps->m->nsymbols;
	in->nsymbols = 0;
	in->line = line;
	ps->m->outputs[ps->m->noutputs - 1].ninputs++;
}

static void
add_section(struct parser *ps, const char *name, size_t nlen, uint64_t addr,
    uint64_t size, const char *r, const char *e, unsigned line)
{
	enum map_input_kind	 kind = MAP_IN_SECTION;
	const char		*s;

	if (!ps->out_open) {
		ps->in_open = false;
		return;
	}
	if (nlen == 6 && memcmp(name, "*fill*", 6) == 0) {
		kind = MAP_IN_FILL;
		s = "*fill*";
	} else if (nlen == 6 && memcmp(name, "COMMON", 6) == 0) {
		kind = MAP_IN_COMMON;
		s = "COMMON";
	} else
		s = arena_strndup(ps->pv, name, nlen);
	add_input(ps, kind, s, addr, size, r, e, line);
}

static void
add_symbol(struct parser *ps, uint64_t addr, const char *r, const char *e)
{
	struct map_symbol	*sym;

	if (!ps->in_open)
		return;
	sym = ARRAY_PUSH(ps->m->symbols, ps->m->nsymbols, ps->pv->symcap);
	sym->name = arena_strndup(ps->pv, r, (size_t)(e - r));
	sym->addr = addr;
	sym->size = 0;
	sym->has_size = false;
	sym->input = ps->m->ninputs - 1;
	ps->m->inputs[ps->m->ninputs - 1].nsymbols++;
}

/* ------------------------------------------------------------------ */

/* A name alone on its line gets no continuation: settle it. */
static void
flush_pending(struct parser *ps)
{
	if (ps->pend == P_OUTPUT) {
		/*
		 * ld prints every output statement of the script, also those
		 * that matched nothing and were never created: no address.
		 */
		ps->out_open = false;
		ps->in_open = false;
	}
	ps->pend = P_NONE;
}

static void
set_pending(struct parser *ps, enum pending what, const char *p, size_t n)
{
	ps->pend = what;
	ps->pname = p;
	ps->pnamelen = n;
	ps->pline = ps->lineno;
}

/*
 * Script assignments share the symbol lines' shape ("0x... text"); ld
 * prints them as "name = expr", "PROVIDE (...)", "ASSERT (...)".
 */
static bool
is_assignment(const char *r, const char *e)
{
	const char	*p;

	if ((*r == 'P' && has_prefix(r, e, "PROVIDE", 7)) ||
	    (*r == 'H' && has_prefix(r, e, "HIDDEN (", 8)) ||
	    (*r == 'A' && has_prefix(r, e, "ASSERT (", 8)))
		return true;
	for (p = r; e - p >= 3; p++) {
		p = memchr(p, '=', (size_t)(e - p - 1));
		if (p == NULL)
			return false;
		if (p > r && p[-1] == ' ' && p[1] == ' ')
			return true;
	}
	return false;
}

/* "ADDR SIZE REST": a wrapped name's second half, data, or a bare input. */
static void
two_numbers(struct parser *ps, uint64_t a, uint64_t sz, const char *r,
    const char *e)
{
	const char	*dw;

	if ((dw = data_word(r, e)) != NULL) {
		flush_pending(ps);
		if (ps->block == B_SCRIPT)
			add_input(ps, MAP_IN_DATA, dw, a, sz, r, r, ps->lineno);
		return;
	}
	if (ps->pend == P_OUTPUT)
		add_output(ps, a, sz, r, e);
	else if (ps->pend == P_INPUT) {
		ps->pend = P_NONE;
		add_section(ps, ps->pname, ps->pnamelen, a, sz, r, e, ps->pline);
	} else if (r < e)
		/* Hand-trimmed maps (mbed's) drop the name line. */
		add_section(ps, "", 0, a, sz, r, e, ps->lineno);
}

static void
address_line(struct parser *ps, const char *q, const char *e)
{
	uint64_t	 a, sz;
	const char	*r;

	if (parse_hex(&q, e, &a) < 0) {
		flush_pending(ps);
		parse_warn(ps, "bad hexadecimal address; line ignored");
		return;
	}
	r = skip_ws(q, e);
	if (at_hex(r, e)) {
		if (parse_hex(&r, e, &sz) < 0) {
			flush_pending(ps);
			parse_warn(ps, "bad hexadecimal size; line ignored");
			return;
		}
		two_numbers(ps, a, sz, skip_ws(r, e), e);
		return;
	}
	flush_pending(ps);
	/* "(size before relaxing)" follows some debug inputs. */
	if (r < e && *r != '(' && !is_assignment(r, e))
		add_symbol(ps, a, r, e);
}

/* Patterns (" *(.text*)", " KEEP(...)") are script text, never a name. */
static bool
is_pattern(const char *p, const char *e)
{
	return memchr(p, '(', (size_t)(e - p)) != NULL ||
	    memchr(p, '*', (size_t)(e - p)) != NULL;
}

/* An input section, *fill* or COMMON line: " NAME [ADDR SIZE [OBJECT]]". */
static void
input_line(struct parser *ps, const char *p, const char *e)
{
	const char	*n, *r;
	uint64_t	 a, sz;

	flush_pending(ps);
	n = skip_token(p, e);
	r = skip_ws(n, e);
	if (r == e) {
		if (!is_pattern(p, n))
			set_pending(ps, P_INPUT, p, (size_t)(n - p));
		return;
	}
	if (!at_hex(r, e))
		return;
	if (parse_hex(&r, e, &a) < 0 || !at_hex((r = skip_ws(r, e)), e) ||
	    parse_hex(&r, e, &sz) < 0) {
		parse_warn(ps, "bad input section line; line ignored");
		return;
	}
	add_section(ps, p, (size_t)(n - p), a, sz, skip_ws(r, e), e,
	    ps->lineno);
}

static void
indented_line(struct parser *ps, const char *p, const char *e)
{
	const char	*q = skip_ws(p, e);

	if (at_hex(q, e))
		address_line(ps, q, e);
	else if (q == p + 1 && *p == ' ')
		input_line(ps, q, e);
	else
		flush_pending(ps);
}

/* Lines of the script block that start in column 0. */
static void
script_line(struct parser *ps, const char *p, const char *e)
{
	const char	*n, *r;
	uint64_t	 vma, size;

	flush_pending(ps);
	n = skip_token(p, e);
	r = skip_ws(n, e);
	if (has_prefix(p, e, "OUTPUT(", 7))
		ps->seen_output = true;
	if (has_prefix(p, e, "/DISCARD/", 9) || has_prefix(p, e, "LOAD ", 5) ||
	    memchr(p, '(', (size_t)(n - p)) != NULL) {
		/* LOAD, OUTPUT(...), TARGET(...): no output is open after it. */
		ps->out_open = ps->in_open = false;
		return;
	}
	if (r == e) {
		set_pending(ps, P_OUTPUT, p, (size_t)(n - p));
		return;
	}
	ps->out_open = ps->in_open = false;
	if (!at_hex(r, e))
		return;		/* START GROUP, INSERT AFTER, Address of ... */
	if (parse_hex(&r, e, &vma) < 0 || !at_hex((r = skip_ws(r, e)), e) ||
	    parse_hex(&r, e, &size) < 0) {
		parse_error(ps, ps->lineno, "bad output section line");
		return;
	}
	set_pending(ps, P_OUTPUT, p, (size_t)(n - p));
	add_output(ps, vma, size, skip_ws(r, e), e);
}

/* "NAME ORIGIN LENGTH [ATTRIBUTES]"; names may overflow their column. */
static void
region_line(struct parser *ps, const char *p, const char *e)
{
	struct map_region	*rg;
	const char		*n, *r;
	uint64_t		 origin, length;

	n = skip_token(p, e);
	r = skip_ws(n, e);
	if (has_prefix(r, e, "Origin", 6) && has_prefix(p, e, "Name", 4))
		return;
	if (parse_hex(&r, e, &origin) < 0 || !at_hex((r = skip_ws(r, e)), e) ||
	    parse_hex(&r, e, &length) < 0) {
		parse_error(ps, ps->lineno, "bad Memory Configuration line");
		return;
	}
	if (n - p == 9 && memcmp(p, "*default*", 9) == 0)
		return;
	r = skip_ws(r, e);
	rg = ARRAY_PUSH(ps->m->regions, ps->m->nregions, ps->pv->regcap);
	rg->name = arena_strndup(ps->pv, p, (size_t)(n - p));
	rg->origin = origin;
	rg->length = length;
	rg->attrs = arena_strndup(ps->pv, r, (size_t)(e - r));
	rg->line = ps->lineno;
}

static void
block_start(struct parser *ps, enum block b)
{
	flush_pending(ps);
	ps->out_open = ps->in_open = false;
	ps->block = b;
	ps->seen_memory |= b == B_MEMORY;
	ps->seen_script |= b == B_SCRIPT;
	ps->stop = b == B_XREF;
	if (b == B_GOLD) {
		/* Its blocks before this one have GNU ld's headers. */
		diag_error(ps->d, &(struct srcpos){ .file = ps->m->path },
		    "not a GNU ld or LLVM lld map (a gold map)");
		ps->nerrors++;
		ps->stop = true;
	}
}

/* ------------------------------------------------------------------ */
/*
 * LLVM lld maps: "VMA LMA SIZE ALIGN" on every line (bare hex, the
 * alignment in decimal, wider for 64-bit links), then the item, indented
 * by its level: an output section, 8 blanks for an input section
 * ("obj.o:(.text)", "lib.a(m.o):(.text)", "<internal>:(.ARM.exidx)"), a
 * script command (". = ALIGN ( 4 )", "LONG ( 0x1 )") or 16 for a symbol.
 */

/* 1 to 16 significant hex digits, or 1 to 19 decimal ones, then a blank. */
static int
parse_bare(const char **pp, const char *e, unsigned base, uint64_t *out)
{
	const char	*p = *pp, *sig;
	uint64_t	 v = 0;
	unsigned	 dv;

	while (p < e && *p == '0')
		p++;
	for (sig = p; p < e && (dv = hexval[(unsigned char)*p]) != 0 &&
	    dv <= base; p++)
		v = v * base + (dv - 1);
	if (p == *pp || p - sig > (base == 16 ? 16 : 19) ||
	    (p < e && !is_ws(*p)))
		return -1;
	*out = v;
	*pp = p;
	return 0;
}

struct lld_line {
	uint64_t	 vma, lma, size, align;
	unsigned	 level;		/* 0 output, 1 input, 2 symbol */
	const char	*r;		/* the item, up to the line's end */
};

static int
lld_fields(struct lld_line *l, const char *p, const char *e)
{
	uint64_t	*field[4] = { &l->vma, &l->lma, &l->size, &l->align };
	const char	*q;
	size_t		 i, n;

	for (i = 0; i < 4; i++) {
		p = skip_ws(p, e);
		if (parse_bare(&p, e, i < 3 ? 16 : 10, field[i]) < 0)
			return -1;
	}
	/*
	 * One blank ends the numbers; the item's level is the rest. lld 14
	 * prints an ASSERT as nothing, so its line ends there.
	 */
	if (p == e) {
		l->r = NULL;
		return 0;
	}
	if (e - p < 2 || *p++ != ' ')
		return -1;
	q = skip_ws(p, e);
	n = (size_t)(q - p);
	if (q == e || n % 8 != 0 || n > 16)
		return -1;
	l->level = (unsigned)(n / 8);
	l->r = q;
	return 0;
}

/* Padding lld leaves unlisted, from ps->cursor up to ADDR. */
static void
lld_gap(struct parser *ps, uint64_t addr)
{
	if (addr > ps->cursor)
		add_input(ps, MAP_IN_FILL, "*fill*", ps->cursor,
		    addr - ps->cursor, NULL, NULL, ps->lineno);
}

static void
lld_item(struct parser *ps, enum map_input_kind kind, const char *name,
    const struct lld_line *l, const char *obj, const char *oe)
{
	lld_gap(ps, l->vma);
	add_input(ps, kind, name, l->vma, l->size, obj, oe, ps->lineno);
	if (l->vma + l->size > ps->cursor)
		ps->cursor = l->vma + l->size;
	ps->thumb = false;
}

/*
 * The end of the open output section: padding after its last item. A
 * section with none is left alone, as GNU ld's would be.
 */
static void
lld_close(struct parser *ps)
{
	const struct map_output	*o;

	if (ps->out_open) {
		o = &ps->m->outputs[ps->m->noutputs - 1];
		if (o->ninputs > 0)
			lld_gap(ps, o->vma + o->size);
	}
	ps->out_open = ps->in_open = false;
}

/*
 * Output sections are one word; a command between them ("_sidata =
 * LOADADDR ( .data )") has blanks and closes the section before it.
 */
static void
lld_output(struct parser *ps, const struct lld_line *l, const char *e)
{
	struct map_output	*o;

	lld_close(ps);
	if (memchr(l->r, ' ', (size_t)(e - l->r)) != NULL)
		return;
	set_pending(ps, P_OUTPUT, l->r, (size_t)(e - l->r));
	add_output(ps, l->vma, l->size, e, e);
	o = &ps->m->outputs[ps->m->noutputs - 1];
	o->lma = l->lma;
	o->has_lma = l->lma != l->vma;
	ps->cursor = l->vma;
	ps->seen_output |= strcmp(o->name, ".shstrtab") == 0;
}

/*
 * "FILE:(SECTION)"; "<internal>" is lld's own (merged strings, exidx,
 * thunks). A command that advances the location counter is padding, as
 * GNU ld's *fill* after it; LONG and the like are data.
 */
static void
lld_input(struct parser *ps, const struct lld_line *l, const char *e)
{
	const char		*c, *dw, *name = "COMMON";
	enum map_input_kind	 kind = MAP_IN_COMMON;

	if (!ps->out_open)
		return;
	if ((dw = data_word(l->r, e)) != NULL) {
		lld_item(ps, MAP_IN_DATA, dw, l, NULL, NULL);
		return;
	}
	c = memmem(l->r, (size_t)(e - l->r), ":(", 2);
	if (c == NULL || e[-1] != ')' || c + 3 > e) {
		ps->in_open = false;
		if (l->size > 0)
			lld_item(ps, MAP_IN_FILL, "*fill*", l, NULL, NULL);
		return;
	}
	if (e - c != 9 || memcmp(c + 2, "COMMON", 6) != 0) {
		kind = MAP_IN_SECTION;
		name = arena_strndup(ps->pv, c + 2, (size_t)(e - c - 3));
	}
	if (c - l->r == 10 && memcmp(l->r, "<internal>", 10) == 0)
		lld_item(ps, kind, name, l, NULL, NULL);
	else
		lld_item(ps, kind, name, l, l->r, c);
}

/*
 * ARM mapping symbols ($t, $a, $d, with ".N" in lld 14) are not
 * symbols: they say whether what follows is Thumb code, whose function
 * symbols lld lists with bit 0 set (the ELF's readers clear it).
 */
static void
lld_symbol(struct parser *ps, const struct lld_line *l, const char *e)
{
	struct map_symbol	*sym;
	uint64_t		 addr = l->vma;

	if (!ps->in_open)
		return;
	if (*l->r == '$') {
		ps->thumb = e - l->r >= 2 && l->r[1] == 't' &&
		    (e - l->r == 2 || l->r[2] == '.');
		return;
	}
	if (ps->thumb && (addr & 1) != 0)
		addr &= ~(uint64_t)1;
	add_symbol(ps, addr, l->r, e);
	sym = &ps->m->symbols[ps->m->nsymbols - 1];
	sym->size = l->size;
	sym->has_size = true;
}

static void
lld_line(struct parser *ps, const char *p, const char *e)
{
	const struct header	*h;
	struct lld_line		 l;

	if (!ps->seen_header) {
		ps->seen_header = true;	/* "VMA LMA Size Align Out In Symbol" */
		return;
	}
	/* --cref's table ends the map; no check needs it. */
	if ((h = block_header(p, e)) != NULL && h->block == B_XREF) {
		ps->stop = true;
		return;
	}
	if (lld_fields(&l, p, e) < 0) {
		parse_error(ps, ps->lineno, "bad lld map line");
		return;
	}
	if (l.r == NULL)
		return;		/* an ASSERT: nothing placed */
	if (l.level == 0)
		lld_output(ps, &l, e);
	else if (l.level == 1)
		lld_input(ps, &l, e);
	else
		lld_symbol(ps, &l, e);
}

static void
parse_line(struct parser *ps, const char *p, const char *e)
{
	const struct header	*h;

	if (p == e) {
		flush_pending(ps);
		return;
	}
	if (ps->m->linker == MAP_LLD) {
		lld_line(ps, p, e);
		return;
	}
	if (is_ws(*p)) {
		if (ps->block == B_SCRIPT)
			indented_line(ps, p, e);
		return;
	}
	if ((h = block_header(p, e)) != NULL) {
		block_start(ps, h->block);
		return;
	}
	if (ps->block == B_SCRIPT)
		script_line(ps, p, e);
	else if (ps->block == B_MEMORY)
		region_line(ps, p, e);
	else
		flush_pending(ps);
}

/* ------------------------------------------------------------------ */

static const char *
line_end(const char *p, const char *nl)
{
	while (nl > p && (nl[-1] == '\r' || is_ws(nl[-1])))
		nl--;
	return nl;
}

#define MAX_LINE	(256 * 1024)

/*
 * ld ends every line, so a last line without its newline was cut, maybe
 * inside a number: in a map ld wrote (it has a Memory Configuration
 * header; lld's always has its table header) that is an error. Excerpts
 * trimmed by hand (no such block) lose the line with a warning instead.
 */
static void
last_line(struct parser *ps, const char *p, const char *end)
{
	if (line_end(p, end) == p)
		return;
	if (ps->seen_memory || ps->m->linker == MAP_LLD)
		parse_error(ps, ps->lineno, "the map ends in the middle of a "
		    "line: it was cut short (an interrupted link?)");
	else
		parse_warn(ps, "the map ends in the middle of a line "
		    "(truncated?); last line ignored");
}

/*
 * The unread rest of a map from P: only its end is looked at, for a cut;
 * lines are counted only then, to name the cut line.
 */
static void
skip_rest(struct parser *ps, const char *p, const char *end)
{
	const char	*last;

	if (ps->nerrors > 0 || p == end || end[-1] == '\n')
		return;
	last = memrchr(p, '\n', (size_t)(end - p));
	last = last != NULL ? last + 1 : p;
	for (; p < last; p++)
		ps->lineno += *p == '\n';
	ps->lineno++;
	last_line(ps, last, end);
}

static void
parse_lines(struct parser *ps, const char *p, const char *end)
{
	const char	*nl, *e;

	while (p < end && !ps->stop) {
		ps->lineno++;
		/* Ahead of the scan: the map is read once, from memory. */
		if (end - p > 2048)
			__builtin_prefetch(p + 2048);
		nl = find_newline(p, end);
		if (nl == NULL) {
			last_line(ps, p, end);
			break;
		}
		if (nl - p > MAX_LINE) {
			parse_error(ps, ps->lineno, ps->m->linker == MAP_LLD ?
			    "line longer than 256 KiB: lld writes no such lines" :
			    "line longer than 256 KiB: GNU ld writes no such lines");
			break;
		}
		e = line_end(p, nl);
		parse_line(ps, p, e);
		p = nl + 1;
	}
	flush_pending(ps);
	if (ps->m->linker == MAP_LLD)
		lld_close(ps);
	if (ps->stop)
		skip_rest(ps, p, end);
}

/*
 * lld writes its map in one piece after the link, also a failed one
 * (a region overflowed), and always ends it with the section headers'
 * string table (.shstrtab, also for -s and --oformat binary): without it,
 * the map was cut at a line boundary.
 */
static void
lld_complete(struct parser *ps)
{
	if (ps->nerrors == 0 && !ps->seen_output)
		parse_error(ps, ps->lineno, "the map ends before its .shstrtab "
		    "section: it was cut short (an interrupted link?)");
}

/*
 * ld writes the Memory Configuration, then the memory map, whose OUTPUT
 * line it prints after the script's statements, even when the link fails
 * (a region overflowed): a map with the first and without the others was
 * cut at a line boundary. What may follow OUTPUT is orphan sections ld
 * places last (debug, comments) and the cross reference table: not
 * memory. A map with a memory map and no Memory Configuration is an
 * excerpt trimmed by hand (Mbed's), read as it is.
 */
static void
check_complete(struct parser *ps)
{
	char	*msg;

	if (ps->m->linker == MAP_LLD) {
		lld_complete(ps);
		return;
	}
	if (ps->nerrors > 0 || (ps->seen_script && ps->seen_output) ||
	    (ps->seen_script && !ps->seen_memory))
		return;
	msg = xasprintf("the map ends before its %s: it was cut short (an "
	    "interrupted link?)", !ps->seen_memory ? "Memory Configuration" :
	    !ps->seen_script ? "memory map" : "OUTPUT(...) line");
	parse_error(ps, ps->lineno, msg);
	free(msg);
}

/* What the first line [P, E) of a map says about its linker, or NULL. */
static const char *
foreign_linker(const char *p, const char *e)
{
	static const char	gold[] = "Archive member included because of file";
	size_t			n = (size_t)(e - p);

	/* gold's first block, when it has one; its others are ld's. */
	if (has_prefix(p, e, gold, sizeof(gold) - 1))
		return "a gold map";
	/* mold's table is lld's without the LMA column. */
	if (memmem(p, n, "VMA", 3) != NULL && memmem(p, n, "Align", 5) !=
	    NULL && memmem(p, n, "Symbol", 6) != NULL)
		return "a mold map";
	/* "Component: ARM Compiler 6.x Tool: armlink [...]" */
	if (memmem(p, n, "Tool: armlink", 13) != NULL)
		return "an Arm armlink (Keil) map";
	return NULL;
}

/* lld's header: "VMA LMA Size Align Out In Symbol", padded. */
static bool
lld_header(const char *p, const char *e)
{
	static const char *const words[] = {
		"VMA", "LMA", "Size", "Align", "Out", "In", "Symbol"
	};
	const char	*n;
	size_t		 i;

	for (i = 0; i < NELEM(words); i++) {
		p = skip_ws(p, e);
		n = skip_token(p, e);
		if ((size_t)(n - p) != strlen(words[i]) ||
		    memcmp(p, words[i], (size_t)(n - p)) != 0)
			return false;
		p = n;
	}
	return p == e;
}

/*
 * Which linker wrote BUF, from its first non-blank line, one of the
 * headers GNU ld prints or lld's table header; or -1 and why not.
 * IAR's maps open with a banner of '#' lines that names the linker a
 * few lines down.
 */
static int
map_linker(enum map_linker *out, const char *p, const char *end,
    const char **why)
{
	const char	*nl, *e;
	size_t		 head;

	while (p < end && (is_ws(*p) || *p == '\r' || *p == '\n'))
		p++;
	*why = "empty file";
	if (p == end)
		return -1;
	head = (size_t)(end - p) < 4096 ? (size_t)(end - p) : 4096;
	*why = "binary file";
	if (memchr(p, '\0', head) != NULL)
		return -1;
	nl = memchr(p, '\n', (size_t)(end - p));
	e = line_end(p, nl != NULL ? nl : end);
	*out = lld_header(p, e) ? MAP_LLD : MAP_GNU_LD;
	if (*out == MAP_LLD || block_header(p, e) != NULL)
		return 0;
	if ((*why = foreign_linker(p, e)) != NULL)
		return -1;
	*why = *p == '#' && memmem(p, head, "IAR ELF Linker", 14) != NULL ?
	    "an IAR ILINK map" : "no GNU ld or lld map header on the first line";
	return -1;
}

int
ldmap_parse_buffer(struct ldmap **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	struct parser	 ps;
	struct ldmap	*m;
	const char	*why, *end = buf + len;

	*out = NULL;
	m = xcalloc(1, sizeof(*m));
	m->path = xstrdup(name);
	m->priv = xcalloc(1, sizeof(struct ldmap_priv));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3;	/* a UTF-8 mark from an editor on Windows */
	if (map_linker(&m->linker, buf, end, &why) < 0) {
		diag_error(d, &(struct srcpos){ .file = name },
		    "not a GNU ld or LLVM lld map (%s)", why);
		ldmap_free(m);
		return -1;
	}
	memset(&ps, 0, sizeof(ps));
	ps.m = m;
	ps.pv = m->priv;
	ps.d = d;
	parse_lines(&ps, buf, end);
	check_complete(&ps);
	if (ps.nerrors > 0) {
		ldmap_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

int
ldmap_parse(struct ldmap **out, const char *path, struct diags *d)
{
	struct mapped_file	 mf;
	struct diags		 tmp;
	char			*err = NULL;
	int			 ret;

	*out = NULL;
	if (file_load(&mf, path, &err) < 0) {
		diag_error(d, &(struct srcpos){ .file = path },
		    "cannot read map file: %s", err);
		free(err);
		return -1;
	}
	diags_init(&tmp);
	ret = ldmap_parse_buffer(out, path, mf.data, mf.len, &tmp);
	if (!file_intact(&mf)) {
		/* Past the cut it read zeros: none of it counts. */
		ldmap_free(*out);
		*out = NULL;
		diag_error(d, &(struct srcpos){ .file = path },
		    "cannot read map file: " FILE_SHRANK);
		ret = -1;
	} else
		diags_append(d, &tmp);
	diags_free(&tmp);
	file_unmap(&mf);
	return ret;
}

void
ldmap_free(struct ldmap *m)
{
	struct ldmap_priv	*pv;
	struct arena_chunk	*c, *next;

	if (m == NULL)
		return;
	pv = m->priv;
	for (c = pv->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(pv->slots);
	free(pv);
	free(m->path);
	free(m->regions);
	free(m->outputs);
	free(m->inputs);
	free(m->symbols);
	free(m->objects);
	free(m);
}
