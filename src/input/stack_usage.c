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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"
#include "strbuf.h"
#include "stack_usage.h"

#define SU_MAX_FRAME	(1ULL << 40)	/* more is not a frame */
#define CI_INDIRECT	"__indirect_call"

/* An edge as read, resolved once every node is known. */
struct ci_edge {
	char		*from;
	char		*to;
	unsigned	 line, col;
	unsigned	 at;		/* line in the .ci */
};

struct ci_parse {
	struct su_unit	*u;
	const char	*name;
	struct diags	*d;
	char		*title;		/* the graph's */
	struct ci_edge	*edges;
	size_t		 nedges, edges_cap, funcs_cap, calls_cap;
	unsigned	 line;
};

void
su_unit_free(struct su_unit *u)
{
	size_t	i;

	if (u == NULL)
		return;
	for (i = 0; i < u->nfuncs; i++) {
		free(u->funcs[i].name);
		free(u->funcs[i].display);
		free(u->funcs[i].title);
		free((char *)u->funcs[i].pos.file);
	}
	for (i = 0; i < u->ncalls; i++)
		free(u->calls[i].to);
	free(u->funcs);
	free(u->calls);
	free(u->path);
	free(u);
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
 * "FILE:LINE:COL" ending at END into POS (file allocated): from the
 * right, since FILE may hold colons (C:\src\x.c).
 */
static int
parse_loc(struct srcpos *pos, const char *s, const char *end)
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
	pos->file = xstrndup(s, (size_t)(c1 - 1 - s));
	pos->line = (unsigned)line;
	pos->col = (unsigned)col;
	return 0;
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
 * One .su line, "FILE:LINE:COL:NAME\tBYTES\tKIND": the name starts after
 * the first ":LINE:COL:", since C++ names hold colons too.
 */
static int
su_line(struct su_func *f, const char *s, const char *end)
{
	const char	*t2, *t1, *p, *q;
	uint64_t	 n;

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
		if (parse_loc(&f->pos, s, q) < 0)
			return -1;
		f->name = xstrndup(q + 1, (size_t)(t1 - 1 - (q + 1)));
		f->display = xstrdup(f->name);
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

int
su_parse_su(struct su_unit **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	struct su_unit	*u = xcalloc(1, sizeof(*u));
	struct srcpos	 pos = { name, 0, 0 };
	const char	*p = buf, *end = buf + len, *s, *e;
	size_t		 cap = 0;
	struct su_func	*f;

	*out = NULL;
	u->path = xstrdup(name);
	while (next_line(&s, &e, &p, end)) {
		pos.line++;
		if (s == e)
			continue;
		f = ARRAY_PUSH(u->funcs, u->nfuncs, cap);
		memset(f, 0, sizeof(*f));
		if (su_line(f, s, e) == 0)
			continue;
		diag_error(d, &pos, "not a GCC -fstack-usage line "
		    "(FILE:LINE:COL:FUNCTION, bytes, static or dynamic)");
		su_unit_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

/* A quoted VCG string at *p into *out (allocated), escapes undone. */
static int
ci_string(char **out, const char **p, const char *end)
{
	struct strbuf	 sb;
	const char	*s = *p + 1;

	sb_init(&sb);
	for (; s < end && *s != '"'; s++) {
		if (*s == '\\' && s + 1 < end) {
			s++;
			sb_putc(&sb, *s == 'n' ? '\n' : *s);
		} else
			sb_putc(&sb, *s);
	}
	if (s >= end) {
		sb_free(&sb);
		return -1;
	}
	*p = s + 1;
	*out = sb_detach(&sb);
	if (*out == NULL)
		*out = xstrdup("");
	return 0;
}

/*
 * The "key: value" pairs of one node or edge statement after its "{":
 * VALS gets the strings of KEYS (NKEYS of them; others are skipped).
 * CLOSED: the line ends with the statement's "}" (the graph's does not).
 */
static int
ci_attrs(char **vals, const char *const *keys, size_t nkeys, const char *p,
    const char *end, bool closed)
{
	const char	*k, *vs;
	size_t		 klen, i;
	char		*v;

	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '}')
			return closed && p + 1 == end ? 0 : -1;
		if (p == end)
			return closed ? -1 : 0;
		for (k = p; p < end && *p != ':' && *p != ' '; p++)
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
			for (vs = p; p < end && *p != ' ' && *p != '}'; p++)
				;
			v = xstrndup(vs, (size_t)(p - vs));
		}
		for (i = 0; i < nkeys; i++)
			if (strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0 &&
			    vals[i] == NULL)
				break;
		if (i < nkeys)
			vals[i] = v;
		else
			free(v);
	}
}

/*
 * A node's label, "NAME\nFILE:LINE:COL\nBYTES bytes (KIND)", into F (with
 * =su,da a line of dynamic objects follows); 1 when it has no frame.
 */
static int
ci_label(struct su_func *f, const char *label)
{
	const char	*l1, *l2, *p, *e;

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
	if (parse_loc(&f->pos, l1 + 1, l2) < 0)
		return -1;
	f->display = xstrndup(label, (size_t)(l1 - label));
	return 0;
}

/*
 * A node: a function of the unit with its frame, else one it only calls
 * (an ellipse). A function of the unit without a frame is GCC's
 * -fcallgraph-info without =su, which has no stack data to give.
 */
static int
ci_node(struct ci_parse *cp, const char *p, const char *end)
{
	static const char *const keys[] = { "title", "label", "shape" };
	struct srcpos	 pos = { cp->name, cp->line, 0 };
	char		*v[3] = { NULL, NULL, NULL };
	struct su_func	 f;
	size_t		 tl = strlen(cp->title);
	int		 r = -1;

	memset(&f, 0, sizeof(f));
	if (ci_attrs(v, keys, 3, p, end, true) < 0 || v[0] == NULL ||
	    v[1] == NULL)
		goto out;
	if ((r = ci_label(&f, v[1])) == 1 && v[2] == NULL) {
		diag_error(cp->d, &pos, "'%s' has no stack size: compile with "
		    "-fcallgraph-info=su", v[0]);
		r = -2;
	}
	if (r != 0)
		goto out;
	f.title = v[0];
	v[0] = NULL;
	f.is_static = strncmp(f.title, cp->title, tl) == 0 &&
	    f.title[tl] == ':';
	f.name = xstrdup(f.is_static ? f.title + tl + 1 : f.title);
	*ARRAY_PUSH(cp->u->funcs, cp->u->nfuncs, cp->funcs_cap) = f;
out:
	free(v[0]);
	free(v[1]);
	free(v[2]);
	if (r < 0) {
		free(f.display);
		free((char *)f.pos.file);
	}
	return r == -2 ? -2 : r < 0 ? -1 : 0;
}

static int
ci_edge(struct ci_parse *cp, const char *p, const char *end)
{
	static const char *const keys[] = { "sourcename", "targetname",
	    "label" };
	char		*v[3] = { NULL, NULL, NULL };
	struct ci_edge	*e;
	struct srcpos	 at = { NULL, 0, 0 };
	int		 ret = -1;

	if (ci_attrs(v, keys, 3, p, end, true) < 0 || v[0] == NULL || v[1] == NULL)
		goto out;
	if (v[2] != NULL && parse_loc(&at, v[2], v[2] + strlen(v[2])) < 0)
		goto out;
	e = ARRAY_PUSH(cp->edges, cp->nedges, cp->edges_cap);
	*e = (struct ci_edge){ v[0], v[1], at.line, at.col, cp->line };
	v[0] = v[1] = NULL;
	ret = 0;
out:
	free((char *)at.file);
	free(v[0]);
	free(v[1]);
	free(v[2]);
	return ret;
}

static const struct su_func *
unit_title(const struct su_unit *u, const char *title, size_t *idx)
{
	size_t	i;

	for (i = 0; i < u->nfuncs; i++)
		if (strcmp(u->funcs[i].title, title) == 0) {
			*idx = i;
			return &u->funcs[i];
		}
	return NULL;
}

/* The edges as calls, once every node is known. */
static int
ci_resolve(struct ci_parse *cp)
{
	const struct su_func	*to;
	struct su_call		*c;
	struct srcpos		 pos = { cp->name, 0, 0 };
	size_t			 i, from, j;

	for (i = 0; i < cp->nedges; i++) {
		pos.line = cp->edges[i].at;
		if (unit_title(cp->u, cp->edges[i].from, &from) == NULL) {
			diag_error(cp->d, &pos, "call from '%s', a function "
			    "the graph does not define", cp->edges[i].from);
			return -1;
		}
		c = ARRAY_PUSH(cp->u->calls, cp->u->ncalls, cp->calls_cap);
		memset(c, 0, sizeof(*c));
		c->from = from;
		c->line = cp->edges[i].line;
		c->col = cp->edges[i].col;
		if ((to = unit_title(cp->u, cp->edges[i].to, &j)) != NULL) {
			c->to = xstrdup(to->name);
			c->to_static = to->is_static;
		} else if (strcmp(cp->edges[i].to, CI_INDIRECT) != 0)
			c->to = xstrdup(cp->edges[i].to);
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
	static const char *const keys[] = { "title" };
	char	*v[1] = { NULL };

	while (s < e && *s == ' ')
		s++;
	if (s == e)
		return 0;
	if (cp->title == NULL) {
		if (e - s < 9 || memcmp(s, "graph: { ", 9) != 0 ||
		    ci_attrs(v, keys, 1, s + 9, e, false) < 0 || v[0] == NULL) {
			free(v[0]);
			return -1;
		}
		cp->title = v[0];
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

static void
ci_parse_free(struct ci_parse *cp)
{
	size_t	i;

	for (i = 0; i < cp->nedges; i++) {
		free(cp->edges[i].from);
		free(cp->edges[i].to);
	}
	free(cp->edges);
	free(cp->title);
}

int
su_parse_ci(struct su_unit **out, const char *name, const char *buf,
    size_t len, struct diags *d)
{
	struct ci_parse	 cp = { .name = name, .d = d };
	struct srcpos	 pos = { name, 0, 0 };
	const char	*p = buf, *end = buf + len, *s, *e;
	bool		 done = false;
	int		 ret = -1, r;

	*out = NULL;
	cp.u = xcalloc(1, sizeof(*cp.u));
	cp.u->path = xstrdup(name);
	cp.u->has_graph = true;
	while (next_line(&s, &e, &p, end)) {
		cp.line++;
		if ((r = ci_statement(&cp, s, e, &done)) == 0)
			continue;
		pos.line = cp.line;
		if (r != -2)	/* -2: said already */
			diag_error(d, &pos, "not a GCC -fcallgraph-info=su "
			    "line");
		goto out;
	}
	pos.line = cp.line;
	if (!done)
		diag_error(d, &pos, "not a GCC -fcallgraph-info=su file "
		    "(no complete graph)");
	else if (ci_resolve(&cp) == 0)
		ret = 0;
out:
	ci_parse_free(&cp);
	if (ret == 0)
		*out = cp.u;
	else
		su_unit_free(cp.u);
	return ret;
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

/* Read and parse the unit at PATH: 0, 1 when it does not exist, -1. */
static int
read_unit(struct su_unit **u, const char *path, bool ci, struct diags *d)
{
	struct srcpos	 pos = { path, 0, 0 };
	char		*buf = NULL, *err = NULL;
	size_t		 len;
	int		 ret;

	if (access(path, F_OK) != 0)
		return 1;
	if (file_read_all(&buf, &len, path, &err) < 0) {
		diag_error(d, &pos, "%s", err);
		free(err);
		return -1;
	}
	ret = ci ? su_parse_ci(u, path, buf, len, d) :
	    su_parse_su(u, path, buf, len, d);
	free(buf);
	return ret;
}

/* The .ci, else the .su, of STEM (a path without extension). */
static int
find_stem(struct su_unit **u, const char *stem, struct diags *d)
{
	char	*p = xasprintf("%s.ci", stem);
	int	 r = read_unit(u, p, true, d);

	free(p);
	if (r != 1)
		return r;
	p = xasprintf("%s.su", stem);
	r = read_unit(u, p, false, d);
	free(p);
	return r;
}

/*
 * Where a build keeps the files of OBJ: DIR/OBJ (a relative OBJ keeps its
 * folders, as a build tree mirrors the sources), DIR/BASENAME, beside OBJ.
 */
static int
find_unit(struct su_unit **u, const char *obj, const char *dir,
    struct diags *d)
{
	const char	*base = strrchr(obj, '/');
	char		*cand[3] = { NULL, NULL, NULL }, *stem;
	size_t		 i;
	int		 r = 1;

	while (strncmp(obj, "./", 2) == 0)
		obj += 2;
	base = base ? base + 1 : obj;
	if (dir != NULL && obj[0] != '/' && base != obj)
		cand[0] = xasprintf("%s/%s", dir, obj);
	if (dir != NULL)
		cand[1] = xasprintf("%s/%s", dir, base);
	cand[2] = xstrdup(obj);
	for (i = 0; i < 3; i++) {
		if (cand[i] == NULL || r != 1)
			continue;
		stem = swap_ext(cand[i], "");
		r = find_stem(u, stem, d);
		free(stem);
	}
	for (i = 0; i < 3; i++)
		free(cand[i]);
	return r;
}

int
stack_data_find(struct stack_data *sd, const char *obj, const char *dir,
    struct diags *d)
{
	struct su_unit	*u = NULL;
	int		 r = find_unit(&u, obj, dir, d);

	if (r == 0)
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
 * Every NAME.ci under DIR, and every NAME.su without a NAME.ci beside it,
 * in name order so that the result does not depend on the file system.
 */
static int
scan_dir(struct stack_data *sd, const char *dir, int depth, struct diags *d)
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
			ret |= scan_dir(sd, p, depth + 1, d);
		else if (has_ext(p, ".ci") || (has_ext(p, ".su") &&
		    !sibling_ci(p)))
			ret |= stack_data_find(sd, p, NULL, d) < 0 ? -1 : 0;
		free(p);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int
stack_data_scan(struct stack_data *sd, const char *dir, struct diags *d)
{
	return scan_dir(sd, dir, 0, d);
}

void
stack_data_free(struct stack_data *sd)
{
	size_t	i;

	if (sd == NULL)
		return;
	for (i = 0; i < sd->nunits; i++)
		su_unit_free(sd->units[i]);
	free(sd->units);
	free(sd->missing);
}
