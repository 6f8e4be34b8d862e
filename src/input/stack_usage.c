/*
 * GCC's stack-usage files. A .su line is "FILE:LINE:COL:NAME<TAB>BYTES<TAB>
 * KIND"; a .ci file is VCG text GCC writes one statement per line:
 *
 *	graph: { title: "b.c"
 *	node: { title: "b.c:helper" label: "helper\nb.c:1:38\n40 bytes (static)" }
 *	node: { title: "ext" label: "ext\nb.c:3:5" shape : ellipse }
 *	edge: { sourcename: "main" targetname: "ext" label: "b.c:3:25" }
 *	}
 *
 * A node with a frame is a function of the unit; one without (an ellipse)
 * is a function it calls and does not define, and "__indirect_call" stands
 * for every call through a pointer. A static function's title is prefixed
 * with the graph's title and a colon, which is how a call to it is told
 * from a call to a global of the same name in another unit.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"
#include "strbuf.h"
#include "stack_usage.h"
#include "util.h"

#define SU_MAX_FRAME	(1ULL << 40)	/* more is not a frame */
#define CI_INDIRECT	"__indirect_call"

/*
 * The arena: a unit is a few hundred bytes of strings and arrays, and a
 * large build has thousands; one allocation each would be most of the
 * cost, and fresh pages touched one by one a page fault each.
 */
struct su_chunk {
	struct su_chunk	*next;
	size_t		 used, size;
	alignas(max_align_t) char data[];
};

struct su_arena {
	struct su_chunk	*head;
	size_t		 grow;		/* the next chunk's size */
	size_t		 max;
};

/* A value of a .ci statement: a span of the line, escapes not undone. */
struct span {
	const char	*p;
	size_t		 n;
	bool		 esc;		/* holds a backslash */
};

/* An edge as read, resolved once every node is known. */
struct ci_edge {
	struct span	 from, to;
	unsigned	 line, col;	/* of the call */
	unsigned	 at;		/* line in the .ci */
};

/* A title of the unit: a function (idx < nfuncs) or a callee's name. */
struct title_slot {
	const char	*s;
	size_t		 n;
	size_t		 idx;
};

/*
 * What parsing needs between statements, kept from one unit to the next
 * so that a build's thousands of files reuse the same memory.
 */
struct su_reader {
	struct su_func	*funcs;
	size_t		 funcs_cap;
	struct ci_edge	*edges;
	size_t		 nedges, edges_cap;
	struct title_slot *slots;
	size_t		 nslots;
	const char	**names;	/* callees without a node */
	size_t		 nnames, names_cap;
	struct strbuf	 tmp;		/* an unescaped value */
	char		*buf;		/* a file read */
	size_t		 buf_cap;
	struct strbuf	 path;
};

struct ci_parse {
	struct su_unit	*u;
	struct su_reader *rd;
	struct su_arena	*a;
	const char	*name;
	struct diags	*d;
	char		*title;		/* the graph's */
	size_t		 tlen;
	unsigned	 line;
};

static void *
arena_alloc(struct su_arena *a, size_t n)
{
	struct su_chunk	*c = a->head;
	size_t		 sz;

	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (c == NULL || c->size - c->used < n) {
		sz = n > a->grow ? n : a->grow;
		c = xmalloc(sizeof(*c) + sz);
		mem_prefault(c, sizeof(*c) + sz);
		c->next = a->head;
		c->used = 0;
		c->size = sz;
		a->head = c;
		if (a->grow < a->max)
			a->grow *= 2;
	}
	c->used += n;
	return c->data + c->used - n;
}

static struct su_arena *
arena_new(size_t first, size_t max)
{
	struct su_arena	*a = xcalloc(1, sizeof(*a));

	a->grow = first;
	a->max = max;
	return a;
}

static void
arena_free(struct su_arena *a)
{
	struct su_chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

static char *
arena_strn(struct su_arena *a, const char *s, size_t n)
{
	char	*p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
su_unit_free(struct su_unit *u)
{
	/* The unit itself is in its arena. */
	if (u != NULL)
		arena_free(u->arena);
}

static struct su_reader *
reader_new(void)
{
	struct su_reader	*rd = xcalloc(1, sizeof(*rd));

	sb_init(&rd->tmp);
	sb_init(&rd->path);
	return rd;
}

static void
reader_free(struct su_reader *rd)
{
	if (rd == NULL)
		return;
	free(rd->funcs);
	free(rd->edges);
	free(rd->slots);
	free(rd->names);
	free(rd->buf);
	sb_free(&rd->tmp);
	sb_free(&rd->path);
	free(rd);
}

/* Digits at *p into *v (at most MAX); advances *p. */
static int
parse_num(uint64_t *v, const char **p, const char *end, uint64_t max)
{
	const char	*s = *p;

	*v = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		*v = *v * 10 + (uint64_t)(*s - '0');
		if (*v > max)
			return -1;
		s++;
	}
	if (s == *p)
		return -1;
	*p = s;
	return 0;
}

/*
 * "FILE:LINE:COL" ending at END: the line and column into POS, and the
 * length of FILE into *flen. From the right, since FILE may hold colons
 * (C:\src\x.c).
 */
static int
parse_loc(struct srcpos *pos, size_t *flen, const char *s, const char *end)
{
	const char	*c2, *c1, *p;
	uint64_t	 line, col;

	for (c2 = end; c2 > s && c2[-1] != ':'; c2--)
		;
	for (c1 = c2 - 1; c1 > s && c1[-1] != ':'; c1--)
		;
	if (c2 <= s || c1 <= s + 1)
		return -1;
	p = c1;
	if (parse_num(&line, &p, c2 - 1, UINT32_MAX) < 0 || p != c2 - 1)
		return -1;
	p = c2;
	if (parse_num(&col, &p, end, UINT32_MAX) < 0 || p != end)
		return -1;
	*flen = (size_t)(c1 - 1 - s);
	pos->line = (unsigned)line;
	pos->col = (unsigned)col;
	return 0;
}

/*
 * The file of a function at S (FLEN bytes), in the arena: the unit's
 * functions share one copy when, as usual, they come from one file.
 */
static const char *
unit_file(struct su_arena *a, const struct su_func *prev, const char *s,
    size_t flen)
{
	if (prev != NULL && strncmp(prev->pos.file, s, flen) == 0 &&
	    prev->pos.file[flen] == '\0')
		return prev->pos.file;
	return arena_strn(a, s, flen);
}

static int
parse_kind(enum su_kind *k, const char *s, size_t len)
{
	if (len == 6 && memcmp(s, "static", 6) == 0)
		*k = SU_STATIC;
	else if (len == 7 && memcmp(s, "dynamic", 7) == 0)
		*k = SU_DYNAMIC;
	else if (len == 15 && memcmp(s, "dynamic,bounded", 15) == 0)
		*k = SU_BOUNDED;
	else
		return -1;
	return 0;
}

/*
 * One .su line, "FILE:LINE:COL:NAME\tBYTES\tKIND", into F (strings in A;
 * PREV: the unit's function before it): the name starts after the first
 * ":LINE:COL:", since C++ names hold colons too.
 */
static int
su_line(struct su_func *f, struct su_arena *a, const struct su_func *prev,
    const char *s, const char *end)
{
	const char	*t2, *t1, *p, *q;
	uint64_t	 n;
	size_t		 flen;

	for (t2 = end; t2 > s && t2[-1] != '\t'; t2--)
		;
	for (t1 = t2 - 1; t1 > s && t1[-1] != '\t'; t1--)
		;
	if (t2 <= s || t1 <= s || parse_kind(&f->kind, t2, (size_t)(end - t2)))
		return -1;
	p = t1;
	if (parse_num(&f->frame, &p, t2 - 1, SU_MAX_FRAME) < 0 || p != t2 - 1)
		return -1;
	for (p = s; p < t1 - 1; p++) {
		q = p + 1;
		if (*p != ':' || parse_num(&n, &q, t1, UINT32_MAX) < 0 ||
		    q >= t1 || *q++ != ':' || parse_num(&n, &q, t1, UINT32_MAX) < 0 ||
		    q >= t1 - 1 || *q != ':')
			continue;
		if (parse_loc(&f->pos, &flen, s, q) < 0)
			return -1;
		f->pos.file = unit_file(a, prev, s, flen);
		f->name = arena_strn(a, q + 1, (size_t)(t1 - 1 - (q + 1)));
		f->display = f->name;
		return 0;
	}
	return -1;
}

/* The next line of BUF from *P: [*s, *e) without the newline (or CR). */
static bool
next_line(const char **s, const char **e, const char **p, const char *end)
{
	const char	*nl;

	if (*p >= end)
		return false;
	*s = *p;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	return true;
}

/* A unit in arena A, named NAME. */
static struct su_unit *
unit_new(struct su_arena *a, const char *name, bool graph)
{
	struct su_unit	*u = arena_alloc(a, sizeof(*u));

	memset(u, 0, sizeof(*u));
	u->path = arena_strn(a, name, strlen(name));
	u->has_graph = graph;
	return u;
}

/* The reader's functions, N of them, as the unit's array in A. */
static void
unit_funcs(struct su_unit *u, struct su_arena *a, const struct su_reader *rd,
    size_t n)
{
	u->nfuncs = n;
	u->funcs = arena_alloc(a, (n ? n : 1) * sizeof(*u->funcs));
	if (n > 0)
		memcpy(u->funcs, rd->funcs, n * sizeof(*u->funcs));
}

static int
parse_su(struct su_unit **out, struct su_reader *rd, struct su_arena *a,
    const char *name, const char *buf, size_t len, struct diags *d)
{
	struct su_unit	*u = unit_new(a, name, false);
	struct srcpos	 pos = { name, 0, 0 };
	const char	*p = buf, *end = buf + len, *s, *e;
	size_t		 n = 0;
	struct su_func	*f;

	*out = NULL;
	while (next_line(&s, &e, &p, end)) {
		pos.line++;
		if (s == e)
			continue;
		array_grow(&rd->funcs, &rd->funcs_cap, n + 1, sizeof(*f));
		f = &rd->funcs[n];
		memset(f, 0, sizeof(*f));
		if (su_line(f, a, n ? f - 1 : NULL, s, e) == 0) {
			n++;
			continue;
		}
		diag_error(d, &pos, "not a GCC -fstack-usage line "
		    "(FILE:LINE:COL:FUNCTION, bytes, static or dynamic)");
		return -1;
	}
	unit_funcs(u, a, rd, n);
	*out = u;
	return 0;
}

typedef int parse_fn(struct su_unit **, struct su_reader *,
    struct su_arena *, const char *, const char *, size_t, struct diags *);
static parse_fn parse_ci;

/* One file parsed on its own (the fuzzers, the unit tests): a reader and
 * an arena of its own, the arena handed to the unit. */
static int
parse_alone(struct su_unit **out, parse_fn *parse, const char *name,
    const char *buf, size_t len, struct diags *d)
{
	struct su_reader	*rd = reader_new();
	struct su_arena		*a = arena_new(4096, 65536);
	int			 r = parse(out, rd, a, name, buf, len, d);

	reader_free(rd);
	if (r == 0)
		(*out)->arena = a;
	else
		arena_free(a);
	return r;
}

int
su_parse_su(struct su_unit **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	return parse_alone(out, parse_su, name, buf, len, d);
}

/*
 * A quoted VCG string at *p: its span, escapes left in. The closing quote
 * is the first one after an even run of backslashes (each escapes the
 * next character); memchr finds the candidates.
 */
static int
ci_string(struct span *v, const char **p, const char *end)
{
	const char	*s = *p + 1, *q, *b;

	v->p = s;
	for (;; s = q + 1) {
		if ((q = memchr(s, '"', (size_t)(end - s))) == NULL)
			return -1;
		for (b = q; b > v->p && b[-1] == '\\'; b--)
			;
		if (((q - b) & 1) == 0)
			break;
	}
	v->n = (size_t)(q - v->p);
	v->esc = memchr(v->p, '\\', v->n) != NULL;
	*p = q + 1;
	return 0;
}

/* V with its escapes undone, in TMP (valid until TMP's next use). */
static const char *
span_text(struct strbuf *tmp, const struct span *v)
{
	const char	*s = v->p, *end = v->p + v->n, *b;

	tmp->len = 0;
	if (tmp->cap < v->n + 1)
		array_grow(&tmp->buf, &tmp->cap, v->n + 1, 1);
	tmp->buf[0] = '\0';
	while (s < end) {
		if (!v->esc || (b = memchr(s, '\\', (size_t)(end - s))) == NULL)
			b = end;
		sb_add(tmp, s, (size_t)(b - s));
		if (b + 1 >= end) {
			sb_add(tmp, b, (size_t)(end - b));	/* a last '\' */
			break;
		}
		sb_putc(tmp, b[1] == 'n' ? '\n' : b[1]);
		s = b + 2;
	}
	return tmp->buf;
}

/*
 * V's bytes (*N of them, not NUL-terminated): the line's own when it has
 * no escapes, as GCC's names and locations have none; else undone in TMP.
 */
static const char *
span_bytes(struct strbuf *tmp, const struct span *v, size_t *n)
{
	if (!v->esc) {
		*n = v->n;
		return v->p;
	}
	span_text(tmp, v);
	*n = tmp->len;
	return tmp->buf;
}

/* The keys a statement's values are wanted for. */
struct ci_key {
	const char	*s;
	size_t		 n;
};

#define CI_KEY(s)	{ s, sizeof(s) - 1 }

/*
 * The "key: value" pairs of one node or edge statement after its "{":
 * VALS gets the spans of KEYS (NKEYS of them; others are skipped; the
 * first of a repeated key counts). CLOSED: the line ends with the
 * statement's "}" (the graph's does not).
 */
static int
ci_attrs(struct span *vals, const struct ci_key *keys, size_t nkeys,
    const char *p, const char *end, bool closed)
{
	const char	*k;
	struct span	 v;
	size_t		 klen, i;

	for (i = 0; i < nkeys; i++)
		vals[i].p = NULL;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '}')
			return closed && p + 1 == end ? 0 : -1;
		if (p == end)
			return closed ? -1 : 0;
		k = p;
		/* A wanted key, as GCC writes them, without a byte loop. */
		for (i = 0; i < nkeys; i++)
			if ((size_t)(end - p) > keys[i].n &&
			    memcmp(p, keys[i].s, keys[i].n) == 0 &&
			    (p[keys[i].n] == ':' || p[keys[i].n] == ' '))
				break;
		if (i < nkeys)
			p += keys[i].n;
		else
			for (; p < end && *p != ':' && *p != ' '; p++)
				;
		klen = (size_t)(p - k);
		while (p < end && *p == ' ')
			p++;
		if (klen == 0 || p >= end || *p++ != ':')
			return -1;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '"') {
			if (ci_string(&v, &p, end) < 0)
				return -1;
		} else {
			for (v.p = p, v.esc = false; p < end && *p != ' ' &&
			    *p != '}'; p++)
				;
			v.n = (size_t)(p - v.p);
		}
		for (i = 0; i < nkeys; i++)
			if (keys[i].n == klen && memcmp(keys[i].s, k, klen) == 0 &&
			    vals[i].p == NULL)
				break;
		if (i < nkeys)
			vals[i] = v;
	}
}

/*
 * A node's label, "NAME\nFILE:LINE:COL\nBYTES bytes (KIND)", into F (with
 * =su,da a line of dynamic objects follows); 1 when it has no frame.
 */
static int
ci_label(struct su_func *f, struct ci_parse *cp, const char *label)
{
	const char	*l1, *l2, *p, *e;
	size_t		 flen;

	if ((l1 = strchr(label, '\n')) == NULL ||
	    (l2 = strchr(l1 + 1, '\n')) == NULL)
		return 1;
	p = l2 + 1;
	if ((e = strchr(p, '\n')) == NULL)
		e = p + strlen(p);
	if (parse_num(&f->frame, &p, e, SU_MAX_FRAME) < 0 ||
	    e - p < 9 || strncmp(p, " bytes (", 8) != 0)
		return -1;
	p += 8;
	if (e[-1] != ')' || parse_kind(&f->kind, p, (size_t)(e - 1 - p)))
		return -1;
	if (parse_loc(&f->pos, &flen, l1 + 1, l2) < 0)
		return -1;
	f->pos.file = unit_file(cp->a, cp->u->nfuncs ?
	    &cp->rd->funcs[cp->u->nfuncs - 1] : NULL, l1 + 1, flen);
	f->display = arena_strn(cp->a, label, (size_t)(l1 - label));
	return 0;
}

/* F's title (the span T) and name: a static's is after the unit's prefix. */
static void
ci_names(struct su_func *f, struct ci_parse *cp, const struct span *t)
{
	size_t		 n;
	const char	*s = span_bytes(&cp->rd->tmp, t, &n);

	f->title = arena_strn(cp->a, s, n);
	f->is_static = strncmp(f->title, cp->title, cp->tlen) == 0 &&
	    f->title[cp->tlen] == ':';
	f->name = f->is_static ? f->title + cp->tlen + 1 : f->title;
	/* Shared: C functions are displayed by their symbol. */
	if (strcmp(f->display, f->name) == 0)
		f->display = f->name;
}

/*
 * A node: a function of the unit with its frame, else one it only calls
 * (an ellipse). A function of the unit without a frame is GCC's
 * -fcallgraph-info without =su, which has no stack data to give.
 */
static int
ci_node(struct ci_parse *cp, const char *p, const char *end)
{
	static const struct ci_key keys[] = { CI_KEY("title"),
	    CI_KEY("label"), CI_KEY("shape") };
	struct srcpos	 pos = { cp->name, cp->line, 0 };
	struct span	 v[3];
	struct su_func	 f;
	int		 r;

	memset(&f, 0, sizeof(f));
	if (ci_attrs(v, keys, 3, p, end, true) < 0 || v[0].p == NULL ||
	    v[1].p == NULL)
		return -1;
	if ((r = ci_label(&f, cp, span_text(&cp->rd->tmp, &v[1]))) == 1 &&
	    v[2].p == NULL) {
		diag_error(cp->d, &pos, "'%s' has no stack size: compile with "
		    "-fcallgraph-info=su", span_text(&cp->rd->tmp, &v[0]));
		return -2;
	}
	if (r != 0)
		return r < 0 ? -1 : 0;
	ci_names(&f, cp, &v[0]);
	array_grow(&cp->rd->funcs, &cp->rd->funcs_cap, cp->u->nfuncs + 1,
	    sizeof(f));
	cp->rd->funcs[cp->u->nfuncs++] = f;
	return 0;
}

static int
ci_edge(struct ci_parse *cp, const char *p, const char *end)
{
	static const struct ci_key keys[] = { CI_KEY("sourcename"),
	    CI_KEY("targetname"), CI_KEY("label") };
	struct span	 v[3];
	struct srcpos	 at = { NULL, 0, 0 };
	struct ci_edge	*e;
	const char	*s;
	size_t		 flen, n;

	if (ci_attrs(v, keys, 3, p, end, true) < 0 || v[0].p == NULL ||
	    v[1].p == NULL)
		return -1;
	if (v[2].p != NULL) {
		s = span_bytes(&cp->rd->tmp, &v[2], &n);
		if (parse_loc(&at, &flen, s, s + n) < 0)
			return -1;
	}
	e = ARRAY_PUSH(cp->rd->edges, cp->rd->nedges, cp->rd->edges_cap);
	*e = (struct ci_edge){ v[0], v[1], at.line, at.col, cp->line };
	return 0;
}

/*
 * The unit's titles in an open-addressing table: its functions first
 * (the first of a title wins), then the callees without a node as edges
 * name them.
 */
static struct title_slot *
title_slot(struct su_reader *rd, const char *s, size_t n)
{
	size_t	h = (size_t)hash_fnv1a64(s, n) & (rd->nslots - 1);

	while (rd->slots[h].s != NULL && (rd->slots[h].n != n ||
	    memcmp(rd->slots[h].s, s, n) != 0))
		h = (h + 1) & (rd->nslots - 1);
	return &rd->slots[h];
}

static void
titles_index(struct ci_parse *cp)
{
	struct su_reader	*rd = cp->rd;
	struct title_slot	*sl;
	size_t			 i, want = 16;

	while (want < 2 * (cp->u->nfuncs + rd->nedges))
		want *= 2;
	if (want > rd->nslots) {
		free(rd->slots);
		rd->slots = xcalloc(want, sizeof(*rd->slots));
		rd->nslots = want;
	} else
		memset(rd->slots, 0, rd->nslots * sizeof(*rd->slots));
	for (i = 0; i < cp->u->nfuncs; i++) {
		sl = title_slot(rd, rd->funcs[i].title,
		    strlen(rd->funcs[i].title));
		if (sl->s == NULL)
			*sl = (struct title_slot){ rd->funcs[i].title,
			    strlen(rd->funcs[i].title), i };
	}
}

/*
 * Edge E's target as a call C: a function of the unit, the indirect
 * placeholder (NULL), else a callee by name (one copy per unit).
 */
static void
ci_target(struct ci_parse *cp, struct su_call *c, const struct ci_edge *e)
{
	struct su_reader	*rd = cp->rd;
	size_t			 n;
	const char		*s = span_bytes(&rd->tmp, &e->to, &n);
	struct title_slot	*sl = title_slot(rd, s, n);

	if (sl->s != NULL && sl->idx < cp->u->nfuncs) {
		c->to = cp->u->funcs[sl->idx].name;
		c->to_static = cp->u->funcs[sl->idx].is_static;
	} else if (sl->s != NULL)
		c->to = (char *)sl->s;
	else if (n != sizeof(CI_INDIRECT) - 1 ||
	    memcmp(s, CI_INDIRECT, n) != 0) {
		c->to = arena_strn(cp->a, s, n);
		*sl = (struct title_slot){ c->to, n, SIZE_MAX };
	}
}

/* The edges as calls, once every node is known. */
static int
ci_resolve(struct ci_parse *cp)
{
	struct su_reader	*rd = cp->rd;
	struct srcpos		 pos = { cp->name, 0, 0 };
	struct title_slot	*sl;
	struct su_call		*c;
	const char		*s;
	size_t			 i, n;

	titles_index(cp);
	cp->u->calls = arena_alloc(cp->a, (rd->nedges ? rd->nedges : 1) *
	    sizeof(*cp->u->calls));
	for (i = 0; i < rd->nedges; i++) {
		pos.line = rd->edges[i].at;
		s = span_bytes(&rd->tmp, &rd->edges[i].from, &n);
		sl = title_slot(rd, s, n);
		if (sl->s == NULL || sl->idx >= cp->u->nfuncs) {
			diag_error(cp->d, &pos, "call from '%s', a function "
			    "the graph does not define",
			    span_text(&rd->tmp, &rd->edges[i].from));
			return -1;
		}
		c = &cp->u->calls[cp->u->ncalls++];
		memset(c, 0, sizeof(*c));
		c->from = sl->idx;
		c->line = rd->edges[i].line;
		c->col = rd->edges[i].col;
		ci_target(cp, c, &rd->edges[i]);
	}
	return 0;
}

/*
 * One statement of the .ci; *done at the graph's closing brace. -1 on a
 * line GCC does not write, -2 when the problem was reported already.
 */
static int
ci_statement(struct ci_parse *cp, const char *s, const char *e, bool *done)
{
	static const struct ci_key keys[] = { CI_KEY("title") };
	struct span	 v[1];
	const char	*t;

	while (s < e && *s == ' ')
		s++;
	if (s == e)
		return 0;
	if (cp->title == NULL) {
		if (e - s < 9 || memcmp(s, "graph: { ", 9) != 0 ||
		    ci_attrs(v, keys, 1, s + 9, e, false) < 0 || v[0].p == NULL)
			return -1;
		t = span_bytes(&cp->rd->tmp, &v[0], &cp->tlen);
		cp->title = arena_strn(cp->a, t, cp->tlen);
		return 0;
	}
	if (*done)
		return -1;
	if (e - s == 1 && *s == '}') {
		*done = true;
		return 0;
	}
	if (e - s > 8 && memcmp(s, "node: { ", 8) == 0)
		return ci_node(cp, s + 8, e);
	if (e - s > 8 && memcmp(s, "edge: { ", 8) == 0)
		return ci_edge(cp, s + 8, e);
	return -1;
}

/* The statements of BUF; then the edges as calls. */
static int
ci_lines(struct ci_parse *cp, const char *buf, size_t len)
{
	struct srcpos	 pos = { cp->name, 0, 0 };
	const char	*p = buf, *end = buf + len, *s, *e;
	bool		 done = false;
	int		 r;

	while (next_line(&s, &e, &p, end)) {
		cp->line++;
		if ((r = ci_statement(cp, s, e, &done)) == 0)
			continue;
		pos.line = cp->line;
		if (r != -2)	/* -2: said already */
			diag_error(cp->d, &pos, "not a GCC -fcallgraph-info=su "
			    "line");
		return -1;
	}
	pos.line = cp->line;
	if (!done) {
		diag_error(cp->d, &pos, "not a GCC -fcallgraph-info=su file "
		    "(no complete graph)");
		return -1;
	}
	unit_funcs(cp->u, cp->a, cp->rd, cp->u->nfuncs);
	return ci_resolve(cp);
}

static int
parse_ci(struct su_unit **out, struct su_reader *rd, struct su_arena *a,
    const char *name, const char *buf, size_t len, struct diags *d)
{
	struct ci_parse	 cp = { .rd = rd, .a = a, .name = name, .d = d };

	*out = NULL;
	cp.u = unit_new(a, name, true);
	rd->nedges = 0;
	if (ci_lines(&cp, buf, len) < 0)
		return -1;
	*out = cp.u;
	return 0;
}

int
su_parse_ci(struct su_unit **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	return parse_alone(out, parse_ci, name, buf, len, d);
}

/* PATH with its extension (after the last '/') replaced by EXT. */
static char *
swap_ext(const char *path, const char *ext)
{
	const char	*slash = strrchr(path, '/');
	const char	*dot = strrchr(slash ? slash : path, '.');
	size_t		 n = dot ? (size_t)(dot - path) : strlen(path);

	return xasprintf("%.*s%s", (int)n, path, ext);
}

/* Whether the .su at PATH has a .ci beside it (which says more). */
static bool
sibling_ci(const char *path)
{
	char	*ci = swap_ext(path, ".ci");
	bool	 r = access(ci, F_OK) == 0;

	free(ci);
	return r;
}

/*
 * The file REL under DIRFD (AT_FDCWD: REL is a path) into the reader's
 * buffer. REGULAR: the directory listing said it is a regular file, so a
 * short read is its end (one system call less per file); anything else is
 * asked, since /dev/zero would never end.
 */
static int
read_file(struct su_reader *rd, int dirfd, const char *rel, bool regular,
    size_t *len, char **err)
{
	struct stat	st;
	ssize_t		n;
	size_t		want;
	int		fd;

	*len = 0;
	if ((fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = xstrdup(strerror(errno));
		return -1;
	}
	if (!regular && fstat(fd, &st) == 0 && (S_ISCHR(st.st_mode) ||
	    S_ISBLK(st.st_mode))) {
		*err = xstrdup("is a device, not a file");
		close(fd);
		return -1;
	}
	for (;;) {
		if (rd->buf_cap - *len < 4096)
			array_grow(&rd->buf, &rd->buf_cap, *len + 65536, 1);
		want = rd->buf_cap - *len;
		if ((n = read(fd, rd->buf + *len, want)) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = xstrdup(errno == EISDIR ? "is a directory" :
			    strerror(errno));
			close(fd);
			return -1;
		}
		*len += (size_t)n;
		if (n == 0 || (regular && (size_t)n < want))
			break;
	}
	close(fd);
	return 0;
}

/* Read and parse the unit at PATH (REL under DIRFD): 0, or -1. */
static int
load_unit(struct su_unit **u, struct stack_data *sd, int dirfd,
    const char *rel, const char *path, bool ci, bool regular,
    struct diags *d)
{
	struct srcpos	 pos = { path, 0, 0 };
	char		*err = NULL;
	size_t		 len;

	if (read_file(sd->reader, dirfd, rel, regular, &len, &err) < 0) {
		diag_error(d, &pos, "%s", err);
		free(err);
		return -1;
	}
	return ci ? parse_ci(u, sd->reader, sd->arena, path, sd->reader->buf,
	    len, d) : parse_su(u, sd->reader, sd->arena, path,
	    sd->reader->buf, len, d);
}

/* The .ci, else the .su, of STEM (a path without extension), asked of
 * the file system: 0, 1 when there is neither, -1. */
static int
find_stem(struct su_unit **u, struct stack_data *sd, const char *stem,
    struct diags *d)
{
	static const char *const ext[] = { ".ci", ".su" };
	char	*p;
	size_t	 i;
	int	 r = 1;

	for (i = 0; i < 2 && r == 1; i++) {
		p = xasprintf("%s%s", stem, ext[i]);
		if (access(p, F_OK) == 0)
			r = load_unit(u, sd, AT_FDCWD, p, p, i == 0, false, d);
		free(p);
	}
	return r;
}

/*
 * The files under a --stack-usage directory, listed once: a build looks
 * up thousands of objects, and a look-up in memory costs less than the
 * system calls that would ask for each candidate. A listing that could
 * not be made complete (an unreadable folder, too deep, too many entries)
 * is not used: absent from it would not mean absent.
 */
#define INDEX_DEPTH	32
#define INDEX_MAX	(1u << 20)	/* entries visited */
#define HAS_CI		1u
#define HAS_SU		2u

struct stem_slot {
	const char	*s;		/* path under the directory, no
					   extension */
	size_t		 n;
	unsigned	 has;		/* HAS_CI, HAS_SU */
};

struct su_index {
	char		*dir;
	int		 fd;
	bool		 ok;
	struct stem_slot *slots;
	size_t		 nslots, n, visited;
	struct su_arena	*names;
};

static struct stem_slot *
stem_slot(const struct su_index *ix, const char *s, size_t n)
{
	size_t	h = (size_t)hash_fnv1a64(s, n) & (ix->nslots - 1);

	while (ix->slots[h].s != NULL && (ix->slots[h].n != n ||
	    memcmp(ix->slots[h].s, s, n) != 0))
		h = (h + 1) & (ix->nslots - 1);
	return &ix->slots[h];
}

static void
index_grow(struct su_index *ix)
{
	struct stem_slot	*old = ix->slots;
	size_t			 n = ix->nslots, i;

	/* Populated in one call: first touches in hash order would each be
	   a page fault. */
	ix->nslots = n ? 2 * n : 4096;
	ix->slots = xreallocarray(NULL, ix->nslots, sizeof(*ix->slots));
	mem_prefault(ix->slots, ix->nslots * sizeof(*ix->slots));
	memset(ix->slots, 0, ix->nslots * sizeof(*ix->slots));
	for (i = 0; i < n; i++)
		if (old[i].s != NULL)
			*stem_slot(ix, old[i].s, old[i].n) = old[i];
	free(old);
}

/* The file REL (LEN bytes) when it is a .ci or a .su. */
static void
index_add(struct su_index *ix, const char *rel, size_t len)
{
	struct stem_slot	*sl;
	unsigned		 has;

	if (len < 4 || rel[len - 3] != '.')
		return;
	if (memcmp(rel + len - 2, "ci", 2) == 0)
		has = HAS_CI;
	else if (memcmp(rel + len - 2, "su", 2) == 0)
		has = HAS_SU;
	else
		return;
	if (2 * (ix->n + 1) > ix->nslots)
		index_grow(ix);
	sl = stem_slot(ix, rel, len - 3);
	if (sl->s == NULL) {
		sl->s = arena_strn(ix->names, rel, len - 3);
		sl->n = len - 3;
		ix->n++;
	}
	sl->has |= has;
}

/* Whether REL under the directory is a folder, a regular file or else. */
static int
index_type(const struct su_index *ix, const struct dirent *e,
    const char *rel)
{
	struct stat	st;

	if (e->d_type == DT_DIR || e->d_type == DT_REG)
		return e->d_type;
	if (fstatat(ix->fd, rel, &st, 0) < 0)
		return DT_UNKNOWN;
	return S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG :
	    DT_UNKNOWN;
}

/* The folder REL (empty, or ending in '/') and everything below it. */
static void
index_walk(struct su_index *ix, struct strbuf *rel, int depth)
{
	size_t		 len = rel->len;
	struct dirent	*e;
	DIR		*dp;
	int		 fd, t;

	fd = openat(ix->fd, len ? rel->buf : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (fd < 0 || (dp = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		ix->ok = false;
		return;
	}
	while (ix->ok && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		rel->len = len;
		sb_puts(rel, e->d_name);
		if (++ix->visited > INDEX_MAX)
			ix->ok = false;
		else if ((t = index_type(ix, e, rel->buf)) == DT_REG)
			index_add(ix, rel->buf, rel->len);
		else if (t == DT_DIR && depth >= INDEX_DEPTH)
			ix->ok = false;
		else if (t == DT_DIR) {
			sb_putc(rel, '/');
			index_walk(ix, rel, depth + 1);
		}
	}
	rel->len = len;
	closedir(dp);
}

static void
index_free(struct su_index *ix)
{
	if (ix == NULL)
		return;
	if (ix->fd >= 0)
		close(ix->fd);
	arena_free(ix->names);
	free(ix->slots);
	free(ix->dir);
	free(ix);
}

/* The listing of DIR, made on first use. */
static struct su_index *
index_of(struct stack_data *sd, const char *dir)
{
	struct su_index	*ix = sd->index;
	struct strbuf	 rel;

	if (ix != NULL && strcmp(ix->dir, dir) == 0)
		return ix;
	index_free(ix);
	ix = sd->index = xcalloc(1, sizeof(*ix));
	ix->dir = xstrdup(dir);
	ix->names = arena_new(65536, 1 << 20);
	ix->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ix->ok = ix->fd >= 0;
	sb_init(&rel);
	sb_add(&rel, "", 0);
	if (ix->ok)
		index_walk(ix, &rel, 0);
	sb_free(&rel);
	if (ix->nslots == 0)
		index_grow(ix);
	return ix;
}

/* Whether REL names a file below the directory, as the listing has it. */
static bool
plain_rel(const char *rel, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && rel[i] != '/')
			continue;
		if (i == c || (i - c == 1 && rel[c] == '.') ||
		    (i - c == 2 && rel[c] == '.' && rel[c + 1] == '.'))
			return false;
		c = i + 1;
	}
	return true;
}

/*
 * The .ci, else the .su, of DIR/STEM: from the listing when it is
 * complete, else asked of the file system. 0, 1 when neither, -1.
 */
static int
find_in_dir(struct su_unit **u, struct stack_data *sd, const char *dir,
    const char *stem, struct diags *d)
{
	struct su_index		*ix = index_of(sd, dir);
	struct su_reader	*rd = sd->reader;
	const struct stem_slot	*sl;
	size_t			 n = strlen(stem), at;
	bool			 ci;

	rd->path.len = 0;
	sb_printf(&rd->path, "%s/%s", dir, stem);
	if (!ix->ok || !plain_rel(stem, n))
		return find_stem(u, sd, rd->path.buf, d);
	sl = stem_slot(ix, stem, n);
	if (sl->s == NULL)
		return 1;
	ci = (sl->has & HAS_CI) != 0;
	sb_puts(&rd->path, ci ? ".ci" : ".su");
	at = rd->path.len - n - 3;
	return load_unit(u, sd, ix->fd, rd->path.buf + at, rd->path.buf, ci,
	    true, d);
}

/*
 * Where a build keeps the files of OBJ: DIR/OBJ (a relative OBJ keeps its
 * folders, as a build tree mirrors the sources), DIR/BASENAME, beside OBJ.
 */
static int
find_unit(struct su_unit **u, struct stack_data *sd, const char *obj,
    const char *dir, struct diags *d)
{
	const char	*base = strrchr(obj, '/');
	char		*stem;
	int		 r = 1;

	while (strncmp(obj, "./", 2) == 0)
		obj += 2;
	base = base ? base + 1 : obj;
	if (dir != NULL && obj[0] != '/' && base != obj) {
		stem = swap_ext(obj, "");
		r = find_in_dir(u, sd, dir, stem, d);
		free(stem);
	}
	if (dir != NULL && r == 1) {
		stem = swap_ext(base, "");
		r = find_in_dir(u, sd, dir, stem, d);
		free(stem);
	}
	if (r == 1) {
		stem = swap_ext(obj, "");
		r = find_stem(u, sd, stem, d);
		free(stem);
	}
	return r;
}

/* The arena and the reader, made on first use. */
static void
data_ready(struct stack_data *sd)
{
	if (sd->arena == NULL)
		sd->arena = arena_new(65536, 1 << 20);
	if (sd->reader == NULL)
		sd->reader = reader_new();
}

int
stack_data_find(struct stack_data *sd, const char *obj, const char *dir,
    struct diags *d)
{
	struct su_unit	*u = NULL;
	int		 r;

	data_ready(sd);
	if ((r = find_unit(&u, sd, obj, dir, d)) == 0)
		*ARRAY_PUSH(sd->units, sd->nunits, sd->cap) = u;
	else if (r == 1 && sd->nmissing++ == 0)
		sd->missing = xstrdup(obj);
	return r;
}

#define SCAN_DEPTH	16	/* build trees nest less */

static bool
has_ext(const char *name, const char *ext)
{
	size_t	n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

/* Whether the entry at PATH is a directory, when readdir does not say. */
static bool
is_dir(const struct dirent *e, const char *path)
{
	struct stat	st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The file at P, found by the scan (ROOTLEN: the length of the directory
 * scanned, its listing in sd->index): a .ci, or a .su without a .ci
 * beside it. REGULAR: as readdir said.
 */
static int
scan_file(struct stack_data *sd, const char *p, size_t rootlen,
    bool regular, struct diags *d)
{
	const struct su_index	*ix = sd->index;
	const struct stem_slot	*sl;
	const char		*rel = p + rootlen + 1;
	struct su_unit		*u = NULL;
	bool			 ci = has_ext(p, ".ci");

	if (!ci && ix->ok) {
		sl = stem_slot(ix, rel, strlen(rel) - 3);
		if (sl->s != NULL && (sl->has & HAS_CI))
			return 0;
	} else if (!ci && sibling_ci(p))
		return 0;
	if (load_unit(&u, sd, AT_FDCWD, p, p, ci, regular, d) < 0)
		return -1;
	*ARRAY_PUSH(sd->units, sd->nunits, sd->cap) = u;
	return 0;
}

/*
 * Every NAME.ci under DIR, and every NAME.su without a NAME.ci beside it,
 * in name order so that the result does not depend on the file system.
 */
static int
scan_dir(struct stack_data *sd, const char *dir, size_t rootlen, int depth,
    struct diags *d)
{
	struct srcpos	 pos = { dir, 0, 0 };
	struct dirent	**ents = NULL;
	char		*p;
	int		 n, i, ret = 0;

	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		diag_error(d, &pos, "cannot read the directory: %s",
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		p = xasprintf("%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] == '.')
			;
		else if (is_dir(ents[i], p) && depth < SCAN_DEPTH)
			ret |= scan_dir(sd, p, rootlen, depth + 1, d);
		else if (has_ext(p, ".ci") || has_ext(p, ".su"))
			ret |= scan_file(sd, p, rootlen,
			    ents[i]->d_type == DT_REG, d);
		free(p);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int
stack_data_scan(struct stack_data *sd, const char *dir, struct diags *d)
{
	data_ready(sd);
	index_of(sd, dir);	/* for each .su: is there a .ci beside it? */
	return scan_dir(sd, dir, strlen(dir), 0, d);
}

void
stack_data_free(struct stack_data *sd)
{
	size_t	i;

	if (sd == NULL)
		return;
	for (i = 0; i < sd->nunits; i++)
		su_unit_free(sd->units[i]);	/* the ones parsed alone */
	free(sd->units);
	free(sd->missing);
	arena_free(sd->arena);
	reader_free(sd->reader);
	index_free(sd->index);
}
