/*
 * The input objects a map names: each object file or archive opened once,
 * found by path in a hash table, with each archive's members indexed by
 * name, and the objects rebuilt since the map counted.
 *
 * Only src/input/elf_image.c may include <libelf.h>, so what needs libelf
 * (opening a file as an object or an archive, reading an object's sections
 * and symbols) is there, behind the image_obj* calls of image.h; this file
 * is the bookkeeping around them and the choice among candidates. The file
 * descriptor is closed as soon as the file is mapped, so a link of
 * thousands of objects does not run out of descriptors; an object is
 * closed again once its question is answered, and an archive's pages
 * behind it are given back, so that memory does not grow with the number
 * of objects either.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "image.h"
#include "objcache.h"
#include "util.h"

struct objfile {
	char		*path;
	char		*err;		/* why it cannot be opened */
	struct mapped_file file;	/* its bytes, under objs */
	struct img_objs	*objs;		/* its objects (elf_image.c) */
	bool		 archive;
	size_t		 nobjs;
	size_t		*mhead;		/* members by last path part: index + 1 */
	size_t		*mnext;		/* the chain, in archive order */
	size_t		 nmhead;
	size_t		 released;	/* pages below given back */
	struct objfile	*next;		/* hash chain */
};

#define NEWER_NAMED	5	/* objects named in the warning */
#define NEWER_SLACK	2	/* seconds; see note_newer */
#define RELEASE_STEP	(1024 * 1024)	/* see objfile_release */

struct objcache {
	struct objfile	**buckets;
	size_t		  nbuckets;
	size_t		  nfiles;
	struct timespec	  limit;	/* the map's mtime */
	bool		  has_limit;
	struct strbuf	  newer;	/* the first paths after it */
	size_t		  nnewer;
};

void
objcache_new(struct objcache **out)
{
	struct objcache	*c = xcalloc(1, sizeof(*c));

	c->nbuckets = 64;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	sb_init(&c->newer);
	*out = c;
}

static void
objfile_free(struct objfile *f)
{
	image_objs_free(f->objs);
	file_unmap(&f->file);
	free(f->mhead);
	free(f->mnext);
	free(f->path);
	free(f->err);
	free(f);
}

void
objcache_free(struct objcache *c)
{
	struct objfile	*f, *next;
	size_t		 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++)
		for (f = c->buckets[i]; f != NULL; f = next) {
			next = f->next;
			objfile_free(f);
		}
	free(c->buckets);
	sb_free(&c->newer);
	free(c);
}

void
objcache_newer_than(struct objcache *c, const struct timespec *t)
{
	c->limit = *t;
	c->has_limit = true;
}

size_t
objcache_newer(const struct objcache *c, char **list)
{
	*list = NULL;
	if (c->nnewer == 0)
		return 0;
	*list = c->nnewer > NEWER_NAMED ? xasprintf("%s and %zu more",
	    c->newer.buf, c->nnewer - NEWER_NAMED) : xstrdup(c->newer.buf);
	return c->nnewer;
}

/*
 * Count the file if it was modified after the map was written, by more
 * than NEWER_SLACK seconds: files a checkout or an unpacked archive
 * writes together land in any order within that, and a rebuild after a
 * link comes later than that.
 */
static void
note_newer(struct objcache *c, const char *path, const struct stat *st)
{
	if (!c->has_limit ||
	    st->st_mtim.tv_sec <= c->limit.tv_sec + NEWER_SLACK)
		return;
	if (c->nnewer++ < NEWER_NAMED)
		sb_printf(&c->newer, "%s%s", c->nnewer > 1 ? ", " : "", path);
}

static void
objfile_open(struct objcache *c, struct objfile *f)
{
	struct stat	 st;

	if (image_map_file(&f->file, &st, f->path, &f->err) != 0)
		return;
	note_newer(c, f->path, &st);
	if (image_objs_open(&f->objs, f->file.priv, f->file.len,
	    &f->err) != 0)
		return;
	f->archive = image_objs_archive(f->objs);
	f->nobjs = image_objs_count(f->objs);
}

/*
 * Give back an archive's pages behind the member just asked about, a
 * step at a time: the member walk touches every header and the kernel
 * maps 64 KiB around each page touched, so a big link's archives
 * otherwise stay in memory whole (a third of check's peak RSS at 2 000
 * units). Members are asked about in link order, mostly, so what is
 * ahead stays mapped; a member asked about again is read again.
 */
static void
objfile_release(struct objfile *f, size_t upto)
{
	if (!f->archive || upto < f->released ||
	    upto - f->released < RELEASE_STEP)
		return;
	file_release(&f->file, f->released, upto - f->released);
	f->released = upto;
}

static void
objcache_grow(struct objcache *c)
{
	struct objfile	**old = c->buckets, *f, *next;
	size_t		  n = c->nbuckets, i, h;

	c->nbuckets *= 4;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	for (i = 0; i < n; i++)
		for (f = old[i]; f != NULL; f = next) {
			next = f->next;
			h = hash_fnv1a64(f->path, strlen(f->path)) % c->nbuckets;
			f->next = c->buckets[h];
			c->buckets[h] = f;
		}
	free(old);
}

static struct objfile *
objcache_get(struct objcache *c, const char *path)
{
	struct objfile	**slot, *f;

	slot = &c->buckets[hash_fnv1a64(path, strlen(path)) %
	    c->nbuckets];
	for (f = *slot; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	if (c->nfiles >= 2 * c->nbuckets) {
		objcache_grow(c);
		return objcache_get(c, path);
	}
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->next = *slot;
	*slot = f;
	c->nfiles++;
	objfile_open(c, f);
	return f;
}

static bool
member_is(const struct img_obj *o, const char *member)
{
	const char	*m = image_obj_member(o), *a, *b;

	if (member == NULL)
		return true;
	if (strcmp(m, member) == 0)
		return true;
	/* Thin archives and some maps give paths; compare the last part. */
	a = strrchr(m, '/');
	b = strrchr(member, '/');
	return strcmp(a ? a + 1 : m, b ? b + 1 : member) == 0;
}

struct pick {
	struct img_obj	*obj;
	size_t		 idx;
	enum obj_match	 match;
	const char	*parse_err;	/* of a candidate that cannot be read */
	bool		 member_seen;
};

static const char *
member_base(const char *m)
{
	const char	*b = strrchr(m, '/');

	return b != NULL ? b + 1 : m;
}

static size_t
member_hash(const struct objfile *f, const char *m)
{
	const char	*b = member_base(m);

	return hash_fnv1a64(b, strlen(b)) & (f->nmhead - 1);
}

/*
 * Chain an archive's members by the last part of their names, once: a big
 * link asks for thousands of members, and a scan for each was quadratic
 * (18% of check's instructions on an 8000-object link).
 */
static void
objfile_index(struct objfile *f)
{
	size_t	i, h;

	f->nmhead = 16;
	while (f->nmhead < 2 * f->nobjs)
		f->nmhead *= 2;
	f->mhead = xcalloc(f->nmhead, sizeof(*f->mhead));
	f->mnext = xcalloc(f->nobjs + 1, sizeof(*f->mnext));
	for (i = f->nobjs; i-- > 0;) {
		h = member_hash(f, image_obj_member(image_objs_at(f->objs, i)));
		f->mnext[i] = f->mhead[h];
		f->mhead[h] = i + 1;
	}
}

/* Weigh candidate O for the pick. */
static void
pick_consider(struct pick *p, struct img_obj *o, const char *member,
    const char *secname, uint64_t size)
{
	enum obj_match	m;
	size_t		idx = 0;

	if (!member_is(o, member))
		return;
	p->member_seen = true;
	if (image_obj_parse(o, &p->parse_err) != 0)
		return;
	/* Only the pick stays open, until it has answered. */
	if ((m = image_obj_find(o, secname, size, &idx)) < p->match) {
		if (p->obj != NULL)
			image_obj_close(p->obj);
		p->match = m;
		p->obj = o;
		p->idx = idx;
	} else
		image_obj_close(o);
}

/* Among the objects named MEMBER (archives may repeat names), the best. */
static void
objfile_pick(struct pick *p, struct objfile *f, const char *member,
    const char *secname, uint64_t size)
{
	size_t	i;

	memset(p, 0, sizeof(*p));
	p->match = MATCH_NONE;
	if (member == NULL || !f->archive) {
		for (i = 0; i < f->nobjs && p->match != MATCH_EXACT; i++)
			pick_consider(p, image_objs_at(f->objs, i), member, secname, size);
		return;
	}
	if (f->mhead == NULL)
		objfile_index(f);
	for (i = f->mhead[member_hash(f, member)]; i != 0 &&
	    p->match != MATCH_EXACT; i = f->mnext[i - 1])
		pick_consider(p, image_objs_at(f->objs, i - 1), member, secname, size);
}

static char *
pick_error(const struct pick *p, const char *member, const char *secname,
    uint64_t size)
{
	if (!p->member_seen)
		return xasprintf("no member '%s' in the archive", member);
	if (p->match == MATCH_NONE && p->parse_err != NULL)
		return xstrdup(p->parse_err);
	if (p->match == MATCH_NONE)
		return xasprintf("no section '%s'", secname);
	return xasprintf("section '%s' is %llu bytes, not %llu as in the "
	    "link: object changed since the link", secname,
	    (unsigned long long)image_obj_size(p->obj, p->idx),
	    (unsigned long long)size);
}

int
objcache_section(const struct obj_section **out, struct objcache *c,
    const char *path, const char *member, const char *secname,
    uint64_t size, bool symbols, char **err)
{
	struct objfile	*f;
	struct pick	 p;

	*out = NULL;
	*err = NULL;
	f = objcache_get(c, path);
	if (f->err != NULL)
		*err = xstrdup(f->err);
	else if (f->archive && member == NULL)
		*err = xstrdup("an archive, but no member was named");
	else if (!f->archive && member != NULL)
		*err = xasprintf("not an archive (member '%s' was named)",
		    member);
	if (*err != NULL)
		return -1;
	objfile_pick(&p, f, member, secname, size);
	if (p.match >= MATCH_SIZE_DIFFERS)
		*err = pick_error(&p, member, secname, size);
	else if (image_obj_section(out, p.obj, p.idx, symbols, err) == 0 &&
	    !file_intact(&f->file)) {
		*out = NULL;
		*err = xstrdup("cannot read: " FILE_SHRANK);
	}
	/* Answered: the object's headers are read again if asked again. */
	if (p.obj != NULL) {
		image_obj_close(p.obj);
		objfile_release(f, image_obj_offset(p.obj));
	}
	return *err != NULL ? -1 : 0;
}
