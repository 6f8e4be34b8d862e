/*
 * Region tables: regions and alias windows, and address lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "rtable.h"
#include "util.h"

static void
rtable_alloc(struct rtable *t, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->n = n;
	t->names = xcalloc(n, sizeof(*t->names));
	t->origin = xcalloc(n, sizeof(*t->origin));
	t->length = xcalloc(n, sizeof(*t->length));
}

void
rtable_from_board(struct rtable *t, const struct board *b)
{
	size_t	i;

	rtable_alloc(t, b->nregions);
	t->board = b;
	for (i = 0; i < t->n; i++) {
		t->names[i] = b->regions[i].name;
		t->origin[i] = b->regions[i].origin;
		t->length[i] = b->regions[i].length;
	}
}

void
rtable_from_map(struct rtable *t, const struct ldmap *m)
{
	size_t	i;

	rtable_alloc(t, m->nregions);
	for (i = 0; i < t->n; i++) {
		t->names[i] = m->regions[i].name;
		t->origin[i] = m->regions[i].origin;
		t->length[i] = m->regions[i].length;
	}
}

#define RUN_GAP	(64 * 1024)

static int
span_cmp(const void *va, const void *vb)
{
	const struct span	*a = va, *b = vb;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static void
rtable_add_run(struct rtable *t, uint64_t start, uint64_t end)
{
	t->owned[t->n] = xasprintf("0x%08llx", (unsigned long long)start);
	t->names[t->n] = t->owned[t->n];
	t->origin[t->n] = start;
	t->length[t->n++] = end - start;
}

void
rtable_from_spans(struct rtable *t, struct span *v, size_t n)
{
	uint64_t	 start = 0, end = 0;
	size_t		 i;

	xqsort(v, n, sizeof(*v), span_cmp);
	rtable_alloc(t, n);
	t->owned = xcalloc(n + 1, sizeof(*t->owned));
	t->n = 0;
	t->unsized = true;
	for (i = 0; i < n; i++) {
		if (i > 0 && v[i].addr >= start && v[i].addr <= end + RUN_GAP) {
			if (v[i].addr + v[i].size > end)
				end = v[i].addr + v[i].size;
			continue;
		}
		if (i > 0)
			rtable_add_run(t, start, end);
		start = v[i].addr;
		end = start + v[i].size;
	}
	if (n > 0)
		rtable_add_run(t, start, end);
}

void
rtable_free(struct rtable *t)
{
	size_t	i;

	for (i = 0; t->owned != NULL && i < t->n; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->names);
	free(t->origin);
	free(t->length);
	memset(t, 0, sizeof(*t));
}

bool
rtable_window(const struct rtable *t, size_t i, size_t w, uint64_t *origin)
{
	if (w == 0) {
		*origin = t->origin[i];
		return true;
	}
	if (t->board == NULL || w > t->board->regions[i].naliases)
		return false;
	*origin = t->board->regions[i].aliases[w - 1].origin;
	return true;
}

/* Whether region I shares its addresses and so is found only by name. */
static bool
shared(const struct rtable *t, size_t i)
{
	return t->board != NULL && t->board->regions[i].shares != NULL;
}

static int
find_pass(const struct rtable *t, uint64_t addr, bool edge, uint64_t *wo,
    size_t *wout)
{
	uint64_t	o;
	size_t		i, w;

	for (i = 0; i < t->n; i++) {
		if (shared(t, i))
			continue;
		for (w = 0; rtable_window(t, i, w, &o); w++) {
			if (addr < o || addr - o > t->length[i])
				continue;
			if ((addr - o == t->length[i]) != edge)
				continue;
			*wo = o;
			if (wout != NULL)
				*wout = w;
			return (int)i;
		}
	}
	return -1;
}

int
rtable_find(const struct rtable *t, uint64_t addr, bool edges,
    uint64_t *worigin, size_t *wout)
{
	int	r;

	if ((r = find_pass(t, addr, false, worigin, wout)) >= 0 || !edges)
		return r;
	return find_pass(t, addr, true, worigin, wout);
}

int
rtable_find_section(const struct rtable *t, const char *name, uint64_t addr,
    bool edges, uint64_t *worigin, size_t *wout)
{
	size_t	i;

	for (i = 0; i < t->n; i++) {
		if (!shared(t, i) || addr < t->origin[i] ||
		    addr - t->origin[i] > t->length[i] ||
		    region_section_rule(&t->board->regions[i], name) == NULL)
			continue;
		*worigin = t->origin[i];
		if (wout != NULL)
			*wout = 0;
		return (int)i;
	}
	return rtable_find(t, addr, edges, worigin, wout);
}
