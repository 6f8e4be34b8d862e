/*
 * memfit diff's computation: regions matched by name, breakdown rows
 * matched by key, growth limits. Pure.
 *
 * Rows are matched by sorting both sides' rows together by key, so a diff
 * of two large maps (tens of thousands of symbols) stays n log n.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "quantity.h"

int64_t
diff_delta(uint64_t old, uint64_t new)
{
	uint64_t	d;

	if (new >= old) {
		d = new - old;
		return d > INT64_MAX ? INT64_MAX : (int64_t)d;
	}
	d = old - new;
	return d > INT64_MAX ? -INT64_MAX : -(int64_t)d;
}

int64_t
diff_remain(uint64_t used, uint64_t length)
{
	return diff_delta(used, length);
}

/*
 * A - B, saturated like diff_delta: reports are input, and a region with
 * used near 2^64 must not overflow the arithmetic (undefined behaviour,
 * and under UBSan an abort whose exit 1 reads as "limit exceeded").
 */
static int64_t
sat_sub(int64_t a, int64_t b)
{
	__int128	v = (__int128)a - b;

	if (v > INT64_MAX)
		return INT64_MAX;
	return v < -INT64_MAX ? -INT64_MAX : (int64_t)v;
}

/* usage_hundredths as a signed count; only hostile input saturates. */
static int64_t
pct(uint64_t used, uint64_t length)
{
	uint64_t	h = usage_hundredths(used, length);

	return h > INT64_MAX ? INT64_MAX : (int64_t)h;
}

bool
diff_old_sized(const struct diff_region *d)
{
	return d->in_old && d->old_length != REPORT_NONE;
}

bool
diff_new_sized(const struct diff_region *d)
{
	return d->in_new && d->new_length != REPORT_NONE;
}

bool
diff_region_sized(const struct diff_region *d)
{
	return (!d->in_old || diff_old_sized(d)) &&
	    (!d->in_new || diff_new_sized(d));
}

uint64_t
diff_region_length(const struct diff_region *d)
{
	return d->in_new ? d->new_length : d->old_length;
}

int64_t
diff_old_pct(const struct diff_region *d)
{
	return diff_old_sized(d) ? pct(d->old_used, d->old_length) : 0;
}

int64_t
diff_new_pct(const struct diff_region *d)
{
	return diff_new_sized(d) ? pct(d->new_used, d->new_length) : 0;
}

int64_t
diff_region_pct_delta(const struct diff_region *d)
{
	return sat_sub(diff_new_pct(d), diff_old_pct(d));
}

int64_t
diff_region_delta(const struct diff_region *d)
{
	return diff_delta(d->in_old ? d->old_used : 0,
	    d->in_new ? d->new_used : 0);
}

/* Remain of an absent side counts 0, like its use (and of an unknown
 * length too: the renderers show no delta then). */
int64_t
diff_region_remain_delta(const struct diff_region *d)
{
	int64_t	old = diff_old_sized(d) ? diff_remain(d->old_used,
	    d->old_length) : 0;
	int64_t	new = diff_new_sized(d) ? diff_remain(d->new_used,
	    d->new_length) : 0;

	return sat_sub(new, old);
}

const char *
diff_change_name(bool in_old, bool in_new, int64_t delta)
{
	if (!in_old)
		return "added";
	if (!in_new)
		return "removed";
	return delta > 0 ? "grown" : delta < 0 ? "shrunk" : "same";
}

char *
diff_fmt_delta(int64_t v, bool sign)
{
	return xasprintf(sign && v > 0 ? "+%" PRId64 : "%" PRId64, v);
}

char *
diff_fmt_pct(int64_t h, bool sign)
{
	uint64_t	a = h < 0 ? -(uint64_t)h : (uint64_t)h;

	return xasprintf("%s%" PRIu64 ".%02" PRIu64, h < 0 ? "-" :
	    sign && h > 0 ? "+" : "", a / 100, a % 100);
}

static struct diff_region *
region_find(struct diff *df, const char *name)
{
	size_t	i;

	for (i = 0; i < df->nregions; i++)
		if (strcmp(df->regions[i].name, name) == 0)
			return &df->regions[i];
	return NULL;
}

static void
diff_regions(struct diff *df)
{
	const struct rep_region	*rr;
	struct diff_region	*d;
	size_t			 i, cap = 0;

	for (i = 0; i < df->new->nregions; i++) {
		rr = &df->new->regions[i];
		d = ARRAY_PUSH(df->regions, df->nregions, cap);
		memset(d, 0, sizeof(*d));
		d->name = rr->name;
		d->in_new = true;
		d->new_used = rr->used;
		d->new_length = rr->length;
	}
	for (i = 0; i < df->old->nregions; i++) {
		rr = &df->old->regions[i];
		if ((d = region_find(df, rr->name)) == NULL) {
			d = ARRAY_PUSH(df->regions, df->nregions, cap);
			memset(d, 0, sizeof(*d));
			d->name = rr->name;
		}
		d->in_old = true;
		d->old_used = rr->used;
		d->old_length = rr->length;
	}
}

static int
strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
item_key_cmp(const struct diff_item *a, const struct diff_item *b)
{
	int	c;

	if ((c = strcmp(a->region, b->region)) != 0 ||
	    (c = strcmp(a->name, b->name)) != 0 || a->kind == BD_SYMBOLS)
		return c;
	return strcmp_null(a->archive, b->archive);
}

static int
item_key_order(const void *va, const void *vb)
{
	return item_key_cmp(va, vb);
}

static uint64_t
abs_delta(const struct diff_item *it)
{
	return it->new_size > it->old_size ? it->new_size - it->old_size :
	    it->old_size - it->new_size;
}

/* Files by largest change, then *fill* and the like, never ranked among
 * them; ties by key, so the order is stable. */
static int
item_change_order(const void *va, const void *vb)
{
	const struct diff_item	*a = va, *b = vb;

	if (a->synthetic != b->synthetic)
		return a->synthetic ? 1 : -1;
	if (abs_delta(a) != abs_delta(b))
		return abs_delta(a) > abs_delta(b) ? -1 : 1;
	return item_key_cmp(a, b);
}

/* Every row of kind K in R, as one side of the diff. */
static bool
collect_side(struct diff_item **v, size_t *n, size_t *cap,
    const struct report *r, enum breakdown k, bool is_new)
{
	const struct rep_region	*rr;
	const struct rep_item	*ri;
	struct diff_item	*it;
	bool			 any = false;
	size_t			 i, j;

	for (i = 0; i < r->nregions; i++) {
		rr = &r->regions[i];
		any |= rr->has_items[k];
		for (j = 0; j < rr->nitems[k]; j++) {
			ri = &rr->items[k][j];
			it = ARRAY_PUSH(*v, *n, *cap);
			memset(it, 0, sizeof(*it));
			it->kind = k;
			it->region = rr->name;
			it->name = ri->name;
			it->archive = ri->archive;
			it->object = k == BD_SYMBOLS ? ri->object : NULL;
			it->in_old = !is_new;
			it->in_new = is_new;
			it->old_size = is_new ? 0 : ri->size;
			it->new_size = is_new ? ri->size : 0;
			it->synthetic = ri->synthetic;
		}
	}
	return any;
}

/* Merge rows with equal keys (sorted together); drop those that kept their
 * size. */
static size_t
merge_rows(struct diff_item *v, size_t n)
{
	size_t	i, out = 0;

	for (i = 0; i < n; i++) {
		if (out > 0 && item_key_cmp(&v[out - 1], &v[i]) == 0) {
			if (v[i].in_new) {
				v[out - 1].archive = v[i].archive;
				v[out - 1].object = v[i].object;
			}
			v[out - 1].in_old |= v[i].in_old;
			v[out - 1].in_new |= v[i].in_new;
			v[out - 1].old_size += v[i].old_size;
			v[out - 1].new_size += v[i].new_size;
		} else
			v[out++] = v[i];
	}
	n = out;
	for (i = out = 0; i < n; i++)
		if (v[i].old_size != v[i].new_size)
			v[out++] = v[i];
	return out;
}

static void
diff_items(struct diff *df, enum breakdown k)
{
	struct diff_item	*v = NULL;
	size_t			 n = 0, cap = 0;
	bool			 in_old, in_new;

	in_old = collect_side(&v, &n, &cap, df->old, k, false);
	in_new = collect_side(&v, &n, &cap, df->new, k, true);
	if (!in_old || !in_new) {
		free(v);
		return;
	}
	xqsort(v, n, sizeof(*v), item_key_order);
	n = merge_rows(v, n);
	xqsort(v, n, sizeof(*v), item_change_order);
	df->has_items[k] = true;
	df->items[k] = v;
	df->nitems[k] = n < DIFF_TOP ? n : DIFF_TOP;
}

bool
diff_has_stacks(const struct diff *df)
{
	return df->old_stacks && df->new_stacks;
}

int64_t
diff_stack_delta(const struct diff_stack *s)
{
	return diff_delta(s->in_old ? s->old_total : 0,
	    s->in_new ? s->new_total : 0);
}

uint64_t
diff_stack_reserved(const struct diff_stack *s)
{
	return s->in_new ? s->new_reserved : s->old_reserved;
}

int64_t
diff_stack_headroom(const struct diff_stack *s)
{
	return diff_remain(s->in_new ? s->new_total : s->old_total,
	    diff_stack_reserved(s));
}

bool
diff_stack_lower(const struct diff_stack *s)
{
	return s->in_new ? s->new_lower : s->old_lower;
}

char *
diff_fmt_reserved(const struct diff_stack *s)
{
	uint64_t	res = diff_stack_reserved(s);

	if (res == REPORT_NONE)
		return NULL;
	if (!s->in_old || !s->in_new || s->old_reserved == res)
		return xasprintf("%" PRIu64, res);
	if (s->old_reserved == REPORT_NONE)
		return xasprintf("%" PRIu64 " (was unknown)", res);
	return xasprintf("%" PRIu64 " (was %" PRIu64 ")", res,
	    s->old_reserved);
}

char *
diff_fmt_stack(uint64_t total, bool lower)
{
	return xasprintf("%s%" PRIu64, lower ? ">=" : "", total);
}

/* NEW's root of OLD's RS not paired yet; the same function can be a
 * root of two kinds (a task entry that is also a handler). */
static struct diff_stack *
stack_find(struct diff *df, const struct rep_stack *rs)
{
	size_t	i;

	for (i = 0; i < df->nstacks; i++)
		if (!df->stacks[i].in_old && df->stacks[i].in_new &&
		    strcmp(df->stacks[i].root, rs->root) == 0 &&
		    strcmp(df->stacks[i].kind, rs->kind) == 0)
			return &df->stacks[i];
	return NULL;
}

static struct diff_stack *
stack_push(struct diff *df, size_t *cap, const struct rep_stack *rs)
{
	struct diff_stack	*s = ARRAY_PUSH(df->stacks, df->nstacks, *cap);

	memset(s, 0, sizeof(*s));
	s->root = rs->root;
	s->kind = rs->kind;
	return s;
}

/* Without stack data on one side every root would read as added. */
static void
diff_stacks(struct diff *df)
{
	const struct rep_stack	*rs;
	struct diff_stack	*s;
	size_t			 i, cap = 0;

	df->old_stacks = df->old->nstacks > 0;
	df->new_stacks = df->new->nstacks > 0;
	if (!diff_has_stacks(df))
		return;
	for (i = 0; i < df->new->nstacks; i++) {
		rs = &df->new->stacks[i];
		s = stack_push(df, &cap, rs);
		s->in_new = true;
		s->new_total = rs->total;
		s->new_reserved = rs->reserved;
		s->new_lower = rs->lower_bound;
	}
	for (i = 0; i < df->old->nstacks; i++) {
		rs = &df->old->stacks[i];
		if ((s = stack_find(df, rs)) == NULL)
			s = stack_push(df, &cap, rs);
		s->in_old = true;
		s->old_total = rs->total;
		s->old_reserved = rs->reserved;
		s->old_lower = rs->lower_bound;
	}
}

void
diff_compute(struct diff *out, const struct report *old,
    const struct report *new)
{
	int	k;

	memset(out, 0, sizeof(*out));
	out->old = old;
	out->new = new;
	diff_regions(out);
	for (k = 0; k < BD_COUNT; k++)
		diff_items(out, (enum breakdown)k);
	diff_stacks(out);
}

void
diff_free(struct diff *df)
{
	int	k;

	for (k = 0; k < BD_COUNT; k++)
		free(df->items[k]);
	free(df->regions);
	free(df->stacks);
	memset(df, 0, sizeof(*df));
}

/*
 * The BYTES or PERCENT part of a growth limit, which ends at END (a colon
 * or the NUL); the syntax is a board's size and percentage (quantity.h).
 */
static int
parse_amount(struct growth_limit *out, const char *s, const char *end)
{
	char		*num = xstrndup(s, (size_t)(end - s));
	const char	*why;
	uint32_t	 hundredths;
	int		 rc;

	/* Used cannot grow by more than the whole region. */
	if (out->percent) {
		rc = parse_percent(&hundredths, num, true, &why);
		out->value = hundredths;
	} else
		rc = parse_size(&out->value, num, &why);
	free(num);
	return rc < 0 ? -1 : 0;
}

/* ":stack" or ":stack:ROOT" after the amount: the stacks, not a region. */
static const char *
stack_part(struct growth_limit *out, const char *what)
{
	if (strncmp(what, "stack", 5) != 0 || (what[5] != '\0' &&
	    what[5] != ':'))
		return what;
	out->stack = true;
	return what[5] == ':' ? what + 6 : NULL;
}

int
growth_limit_parse(struct growth_limit *out, const char *spec, char **err)
{
	const char	*colon = strchr(spec, ':');
	const char	*end = colon ? colon : spec + strlen(spec);
	const char	*name = NULL;

	memset(out, 0, sizeof(*out));
	out->spec = spec;
	out->percent = end > spec && end[-1] == '%';
	if (colon != NULL)
		name = stack_part(out, colon + 1);
	if (parse_amount(out, spec, end) < 0 ||
	    (name != NULL && *name == '\0')) {
		*err = xasprintf("bad growth limit: %s (give BYTES such as "
		    "1024, 2K, 1G or 0x400, or PERCENT up to 100%% with at "
		    "most two decimals such as 0.5%%, then optionally "
		    ":REGION, or :stack or :stack:ROOT for the worst-case "
		    "stack)", spec);
		return -1;
	}
	if (name != NULL)
		out->region = xstrdup(name);
	return 0;
}

bool
limit_applies(const struct growth_limit *l, const struct diff_region *d)
{
	if (l->stack)
		return false;
	if (l->region != NULL && strcmp(l->region, d->name) != 0)
		return false;
	return !l->percent || diff_region_length(d) != REPORT_NONE;
}

bool
limit_skips(const struct growth_limit *l, const struct diff_region *d)
{
	return !l->stack && l->percent && !limit_applies(l, d) && (l->region == NULL ||
	    strcmp(l->region, d->name) == 0);
}

bool
growth_exceeds(const struct growth_limit *l, const struct diff_region *d)
{
	unsigned __int128	growth;
	uint64_t		len = diff_region_length(d);
	uint64_t		old = d->in_old ? d->old_used : 0;
	uint64_t		new = d->in_new ? d->new_used : 0;

	if (!limit_applies(l, d) || new <= old)
		return false;
	growth = new - old;
	if (!l->percent)
		return growth > l->value;
	/* growth / len > value / 10000, without rounding either side. */
	return growth * 10000 > (unsigned __int128)l->value * len;
}

bool
stack_limit_applies(const struct growth_limit *l, const struct diff_stack *s)
{
	if (!l->stack || (l->region != NULL && strcmp(l->region, s->root) != 0))
		return false;
	return !l->percent || diff_stack_reserved(s) != REPORT_NONE;
}

bool
stack_limit_skips(const struct growth_limit *l, const struct diff_stack *s)
{
	return l->stack && l->percent && !stack_limit_applies(l, s) &&
	    (l->region == NULL || strcmp(l->region, s->root) == 0);
}

bool
stack_growth_exceeds(const struct growth_limit *l, const struct diff_stack *s)
{
	unsigned __int128	growth;
	uint64_t		old = s->in_old ? s->old_total : 0;
	uint64_t		new = s->in_new ? s->new_total : 0;

	if (!stack_limit_applies(l, s) || new <= old)
		return false;
	growth = new - old;
	if (!l->percent)
		return growth > l->value;
	return growth * 10000 >
	    (unsigned __int128)l->value * diff_stack_reserved(s);
}

/* As limit_check, for the stacks: both reports need stack data. */
static int
stack_limit_check(struct diff *df, const struct growth_limit *l, char **err)
{
	size_t	j;
	bool	named = l->region == NULL;

	if (!diff_has_stacks(df)) {
		*err = xasprintf("growth limit %s: %s worst-case stack data "
		    "(give %s, or a JSON report written with --stack-usage)",
		    l->spec, df->old_stacks ? "NEW has no" : df->new_stacks ?
		    "OLD has no" : "neither input has", df->old_stacks ?
		    "--new-stack-usage DIR" : df->new_stacks ?
		    "--old-stack-usage DIR" : "--old-stack-usage and "
		    "--new-stack-usage");
		return -1;
	}
	for (j = 0; j < df->nstacks; j++) {
		named = named || strcmp(l->region, df->stacks[j].root) == 0;
		if (stack_limit_applies(l, &df->stacks[j]))
			return 0;
	}
	if (!named)
		*err = xasprintf("growth limit %s: no stack root %s in either "
		    "input", l->spec, l->region);
	else
		*err = xasprintf("growth limit %s: the reserved stack of %s "
		    "is unknown", l->spec, l->region != NULL ? l->region :
		    "every root");
	return -1;
}

/* A limit that can apply to no region is a mistake, not a pass. */
static int
limit_check(struct diff *df, const struct growth_limit *l, char **err)
{
	size_t	j;

	if (l->stack)
		return stack_limit_check(df, l, err);

	if (l->region != NULL && region_find(df, l->region) == NULL) {
		*err = xasprintf("growth limit %s: no region %s in either "
		    "input", l->spec, l->region);
		return -1;
	}
	for (j = 0; j < df->nregions; j++)
		if (limit_applies(l, &df->regions[j]))
			return 0;
	if (df->nregions == 0)
		return 0;
	*err = xasprintf("growth limit %s: the length of %s is unknown (give --board or the maps)",
	    l->spec, l->region != NULL ? l->region : "every region");
	return -1;
}

int
diff_apply_limits(struct diff *df, struct growth_limit *limits,
    size_t nlimits, char **err)
{
	size_t	i, j;

	df->limits = limits;
	df->nlimits = nlimits;
	for (i = 0; i < nlimits; i++) {
		if (limit_check(df, &limits[i], err) != 0)
			return -1;
		for (j = 0; j < df->nregions; j++) {
			if (!growth_exceeds(&limits[i], &df->regions[j]))
				continue;
			limits[i].exceeded = true;
			df->regions[j].exceeded = true;
			df->failed = true;
		}
		for (j = 0; j < df->nstacks; j++) {
			if (!stack_growth_exceeds(&limits[i], &df->stacks[j]))
				continue;
			limits[i].exceeded = true;
			df->stacks[j].exceeded = true;
			df->failed = true;
		}
	}
	return 0;
}

void
growth_limits_free(struct growth_limit *limits, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(limits[i].region);
	free(limits);
}
